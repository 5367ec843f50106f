"""claim-pipeline: news articles in, sourced claims out.

    >>> from pipeline import load, extract
    >>> claims = extract("Analysts say the deal will fail.")
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["__version__", "load", "extract", "extract_document"]

if TYPE_CHECKING:
    from pipeline.about import __version__
    from pipeline.api import extract, extract_document, load


def __getattr__(name: str) -> Any:
    """The public names, imported on first use: importing ``pipeline`` (as the ``claims``
    command does first) must not wait for spaCy, so that a Ctrl-C meanwhile can be taken."""
    if name == "__version__":
        from pipeline.about import __version__
        return __version__
    if name in __all__:
        from pipeline import api
        return getattr(api, name)
    raise AttributeError(f"module 'pipeline' has no attribute {name!r}")
