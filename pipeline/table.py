"""Claims as a flat table, one row a claim, for spreadsheets and data frames: what
``claims export --format csv`` writes (RFC 4180: comma-separated, CRLF line ends, fields
quoted when they hold a comma, a quotation mark or a line break, quotation marks doubled).

The columns are stable: new ones are only ever added at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from typing import IO

from pipeline.records import Claim, Entity
from pipeline.referents.picture import NAME_LABELS

COLUMNS = (
    "doc_id", "claim_id", "attributed", "source_type", "source", "resolved", "entity_id", "resolved_type",
    "cue", "cue_lemma", "stance", "text", "start", "end", "direct_quote",
)
"""``source``, ``cue``: as written in the article; ``resolved``: the canonical name of the
entity the source refers to, ``entity_id`` its id in the document and ``resolved_type``
its type (person, organization, media); ``start``/``end``: the content's character
offsets (end exclusive); booleans are ``true``/``false``; a missing value is empty."""


def claim_row(claim: Claim, types: Mapping[str, str] | None = None) -> dict[str, str | int]:
    """One claim as a row of ``COLUMNS``. ``types`` gives the type of each entity of the
    document (``Document.referents``) when it is known; else the resolved entity's
    type is read from its label ("PERSON" -> "person", an outlet -> "media")."""
    source, cue = claim.source, claim.cue
    resolved = source.resolved if source is not None else None
    return {
        "doc_id": claim.doc_id,
        "claim_id": claim.claim_id,
        "attributed": _flag(claim.attributed),
        "source_type": claim.source_type,
        "source": source.text if source is not None else "",
        "resolved": (resolved.name or resolved.text) if resolved is not None else "",
        "entity_id": (resolved.entity_id or "") if resolved is not None else "",
        "resolved_type": _entity_type(resolved, types or {}) if resolved is not None else "",
        "cue": cue.text if cue is not None else "",
        "cue_lemma": cue.lemma if cue is not None else "",
        "stance": claim.stance,
        "text": claim.text,
        "start": claim.span.start,
        "end": claim.span.end,
        "direct_quote": _flag(claim.direct_quote),
    }


def write_csv(claims: Iterable[Claim | tuple[Claim, Mapping[str, str]]], handle: IO[str]) -> int:
    """Write the header and a row per claim to ``handle`` (opened with ``newline=""``);
    a claim may come with its document's entity types (see ``claim_row``). Returns the
    number of rows."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows = 0
    for item in claims:
        claim, types = item if isinstance(item, tuple) else (item, None)
        writer.writerow(claim_row(claim, types))
        rows += 1
    return rows


def _entity_type(entity: Entity, types: Mapping[str, str]) -> str:
    if entity.entity_id is not None and entity.entity_id in types:
        return types[entity.entity_id]
    if entity.kind == "media":
        return "media"
    return NAME_LABELS.get(entity.label, entity.label.lower())


def _flag(value: bool) -> str:
    return "true" if value else "false"
