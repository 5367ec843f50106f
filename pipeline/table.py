"""Claims as a flat table, one row a claim, for spreadsheets and data frames: what
``claims export --format csv`` writes (RFC 4180: comma-separated, CRLF line ends, fields
quoted when they hold a comma, a quotation mark or a line break, quotation marks doubled).

The columns are stable: new ones are only ever added at the end.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from typing import IO

from pipeline.records import Claim

COLUMNS = (
    "doc_id", "claim_id", "attributed", "source_type", "source", "resolved", "entity_id", "resolved_type",
    "cue", "cue_lemma", "stance", "text", "start", "end", "direct_quote",
)
"""``source``, ``cue``: as written in the article; ``resolved``: the entity the source
refers to (its canonical name when the record has one); ``start``/``end``: the content's
character offsets (end exclusive); booleans are ``true``/``false``; a missing value is empty."""


def claim_row(claim: Claim) -> dict[str, str | int]:
    """One claim as a row of ``COLUMNS``."""
    source, cue = claim.source, claim.cue
    resolved = source.resolved if source is not None else None
    return {
        "doc_id": claim.doc_id,
        "claim_id": claim.claim_id,
        "attributed": _flag(claim.attributed),
        "source_type": claim.source_type,
        "source": source.text if source is not None else "",
        "resolved": (getattr(resolved, "name", None) or resolved.text) if resolved is not None else "",
        "entity_id": (getattr(resolved, "entity_id", None) or "") if resolved is not None else "",
        "resolved_type": (getattr(resolved, "type", None) or resolved.label) if resolved is not None else "",
        "cue": cue.text if cue is not None else "",
        "cue_lemma": cue.lemma if cue is not None else "",
        "stance": claim.stance,
        "text": claim.text,
        "start": claim.span.start,
        "end": claim.span.end,
        "direct_quote": _flag(claim.direct_quote),
    }


def write_csv(claims: Iterable[Claim], handle: IO[str]) -> int:
    """Write the header and a row per claim to ``handle`` (opened with ``newline=""``);
    returns the number of rows."""
    writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    rows = 0
    for claim in claims:
        writer.writerow(claim_row(claim))
        rows += 1
    return rows


def _flag(value: bool) -> str:
    return "true" if value else "false"
