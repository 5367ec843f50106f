"""Who the sources are, scored: gold attributions that name their source's entity
(``"entity": "Elena Varga"``, or null for a source the article never names) against
the claims' ``source.resolved``.

For each gold source, the predicted source that overlaps it most is taken. ``found``:
there is one; ``identity``: it names the gold entity (the same name once titles,
articles and possessives are dropped, or the same surname; for a null entity, nothing
resolved); ``type``: the same source type. Several referents may be given as
``"A | B"``: naming any of them is right.
"""

from __future__ import annotations

from collections.abc import Iterable

from pydantic import BaseModel, Field

from pipeline.records import Claim
from pipeline.referents.names import is_title, plain

Span = tuple[int, int]
GoldSources = Iterable[tuple[str, list[tuple[Span | None, str | None, str | None]]]]
"""(doc_id, [(source span, entity or None, source type or None), ...]) per document."""


class WhoScores(BaseModel):
    sources: int = Field(description="Gold sources whose entity is annotated.")
    found: int = Field(description="Of them, the ones a predicted source overlaps.")
    identity: int = Field(description="Of the found ones, those resolved to the right entity (or to none).")
    typed: int = Field(description="Found ones with a gold source type.")
    type: int = Field(description="Of those, the ones of the same type.")

    @staticmethod
    def percent(part: int, whole: int) -> float:
        return round(100 * part / whole, 1) if whole else 0.0

    @property
    def identity_percent(self) -> float:
        return self.percent(self.identity, self.found)

    @property
    def type_percent(self) -> float:
        return self.percent(self.type, self.typed)


def _core(name: str) -> list[str]:
    words = [plain(w) for w in name.replace("’", "'").split()]
    return [w for w in words if w and w != "the" and not is_title(w) and w not in ("kc", "qc", "jr", "sr")]


def same_entity(predicted: str, gold: str) -> bool:
    """Does ``predicted`` name (one of) the entity ``gold``?"""
    for one in gold.split(" | "):
        p, g = _core(predicted), _core(one)
        if p and g and (p == g or p[-1] == g[-1] or " ".join(p) in " ".join(g) or " ".join(g) in " ".join(p)):
            return True
    return False


def score_sources(gold: GoldSources, claims: Iterable[Claim]) -> WhoScores:
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.source is not None:
            by_doc.setdefault(claim.doc_id, []).append(claim)
    sources = found = identity = typed = type_ok = 0
    for doc_id, annotated in gold:
        for span, entity, source_type in annotated:
            if span is None:
                continue
            sources += 1
            start, end = span
            overlap, best = max(
                ((min(end, c.source.span.end) - max(start, c.source.span.start), c) for c in by_doc.get(doc_id, [])),  # type: ignore[union-attr]
                key=lambda pair: pair[0], default=(0, None))
            if best is None or overlap <= 0:
                continue
            found += 1
            resolved = best.source.resolved  # type: ignore[union-attr]
            if entity is None:
                identity += resolved is None
            else:
                name = (resolved.name or resolved.text) if resolved is not None else best.source.text  # type: ignore[union-attr]
                identity += same_entity(name, entity)
            if source_type:
                typed += 1
                type_ok += best.source_type == source_type
    return WhoScores(sources=sources, found=found, identity=identity, typed=typed, type=type_ok)


def gold_sources(documents: Iterable[dict]) -> GoldSources:
    """The annotated sources of gold documents as plain data (``{"id", "attributions"}``)."""
    for document in documents:
        yield document["id"], [(tuple(a["source"]), a["entity"], a.get("source_type"))  # type: ignore[misc]
                               for a in document["attributions"] if a.get("source") is not None and "entity" in a]
