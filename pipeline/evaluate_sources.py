"""Who the sources are, scored: gold attributions that name their source's entity
(``"entity": "Elena Varga"`` or null for a source the article never names) against
the claims' ``source.resolved``.

For each gold source, the predicted source that overlaps it most is taken. ``found``:
there is one; ``identity``: it names the gold entity (the same name once titles,
articles and possessives are dropped, or the same surname; for a null entity, nothing
resolved); ``type``: the same source type. Several referents may be given as
``"A | B"``: naming any of them is right.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from pipeline.records import Claim
from pipeline.referents.names import is_title, plain


@dataclass(frozen=True)
class SourceScores:
    sources: int  # gold sources with an entity annotation
    found: int
    identity: int  # of the found ones
    typed: int  # found ones with a gold source type
    type: int

    def percent(self, part: int, whole: int) -> float:
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


def score_sources(gold: Iterable[Mapping], claims: Iterable[Claim]) -> SourceScores:
    """``gold``: documents ``{"id", "attributions": [{"source", "entity", "source_type"?}]}``."""
    by_doc: dict[str, list[Claim]] = {}
    for claim in claims:
        if claim.source is not None:
            by_doc.setdefault(claim.doc_id, []).append(claim)
    sources = found = identity = typed = type_ok = 0
    for document in gold:
        for attribution in document["attributions"]:
            if attribution.get("source") is None or "entity" not in attribution:
                continue
            sources += 1
            start, end = attribution["source"]
            overlap, best = max(
                ((min(end, c.source.span.end) - max(start, c.source.span.start), c) for c in by_doc.get(document["id"], [])),
                key=lambda pair: pair[0], default=(0, None))
            if best is None or overlap <= 0:
                continue
            found += 1
            resolved = best.source.resolved  # type: ignore[union-attr]
            entity = attribution["entity"]
            if entity is None:
                identity += resolved is None
            else:
                identity += same_entity(resolved.name or resolved.text if resolved else best.source.text, entity)  # type: ignore[union-attr]
            if attribution.get("source_type"):
                typed += 1
                type_ok += best.source_type == attribution["source_type"]
    return SourceScores(sources, found, identity, typed, type_ok)
