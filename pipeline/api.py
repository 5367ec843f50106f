"""The library's front door: the pipeline, and the records of a text."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from spacy.language import Language

from pipeline.about import producer
from pipeline.export import document_record
from pipeline.nlp import load_nlp
from pipeline.records import Claim, Document


def load(model: str | Path | None = None) -> Language:
    """The spaCy pipeline with every claims stage, from ``model`` or the default English one."""
    return _cached(str(model) if model is not None else None)


@lru_cache(maxsize=4)
def _cached(model: str | None) -> Language:
    return load_nlp(model)


def extract_document(text: str, doc_id: str = "doc", nlp: Language | None = None) -> Document:
    """All ``text`` yields: its entities and claims, as one validated record."""
    nlp = nlp or load()
    return document_record(nlp(text), doc_id, producer=producer(nlp))


def extract(text: str, doc_id: str = "doc", nlp: Language | None = None) -> list[Claim]:
    """The claims of ``text``, attributed and not, in document order."""
    return extract_document(text, doc_id, nlp).claims
