"""What made an output: this tool's version and the spaCy pipeline's name and version,
so two runs can be told apart (``Document.producer``, the batch journal and summary)
and a user can say what they ran (``claims info``).
"""

from __future__ import annotations

import importlib.metadata
import platform
from importlib.resources import files

import spacy
from spacy.language import Language

from pipeline.records import SCHEMA_VERSION

TOOL = "claim-pipeline"


def tool_version() -> str:
    """The installed version of claim-pipeline ("unknown" when run from an uninstalled tree)."""
    try:
        return importlib.metadata.version(TOOL)
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


__version__ = tool_version()


def model_name(nlp: Language) -> str:
    """The pipeline's package name as spaCy names it: ``<lang>_<name>`` of its meta."""
    return f"{nlp.meta.get('lang', nlp.lang)}_{nlp.meta.get('name', 'pipeline')}"


def producer(nlp: Language) -> dict[str, str]:
    """The tool and model behind ``nlp``'s records, as ``records.Producer`` fields."""
    return {
        "tool": TOOL,
        "version": __version__,
        "spacy_version": spacy.__version__,
        "model": model_name(nlp),
        "model_version": str(nlp.meta.get("version", "unknown")),
    }


def lexicon_folder() -> str:
    """Where the lexicons (word lists as data files) are installed."""
    return str(files("pipeline.resources"))


def info(nlp: Language) -> dict[str, object]:
    """Everything ``claims info`` shows, for the pipeline ``nlp``."""
    return {
        **producer(nlp),
        "model_path": str(nlp.path) if getattr(nlp, "path", None) is not None else None,
        "pipeline": list(nlp.pipe_names),
        "lexicons": lexicon_folder(),
        "schema_version": SCHEMA_VERSION,
        "python_version": platform.python_version(),
    }
