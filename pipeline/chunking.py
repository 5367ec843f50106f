"""Long documents in pieces the model accepts, and their records put back together.

An article longer than the model's ``max_length`` is cut at the best boundary that keeps
each piece within the limit: a blank line, else a line end, else the end of a sentence,
else any whitespace, so no token is ever cut in two. Each piece is processed alone; its
record's offsets are shifted by where the piece starts, so they point into the whole
document, and the pieces' records are merged into one ``Document``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from typing import Any

from pipeline.records import Document, plain
from pipeline.referents.pieces import PieceReferents

_BOUNDARIES = (
    re.compile(r"\n[^\S\n]*\n\s*"),  # a blank line (and the blank lines after it)
    re.compile(r"\n\s*"),  # a line end
    re.compile(r"[.!?…][\"'”’»)\]]*\s+"),  # the end of a sentence
    re.compile(r"\s+"),  # any whitespace
)
_JOINERS = frozenset("\u200d\u200c\ufe0e\ufe0f")


def chunk_spans(text: str, size: int) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of consecutive pieces covering ``text``, each at most ``size``
    characters; every character is in exactly one piece."""
    if size < 1:
        raise ValueError(f"chunk size must be positive, not {size}")
    start, length = 0, len(text)
    while length - start > size:
        end = _cut(text, start, start + size)
        yield start, end
        start = end
    if start < length or not text:
        yield start, length


def _cut(text: str, start: int, stop: int) -> int:
    """The last good boundary in ``text[start + 1 : stop]`` (the separator stays with
    the piece before it)."""
    for pattern in _BOUNDARIES:
        last = None
        for last in pattern.finditer(text, start + 1, stop):
            pass
        if last is not None:
            return last.end()
    # One "word" longer than the whole piece: cut it, but not between a character and
    # the combining marks or joiners that belong to it.
    cut = stop
    while cut > start + 1 and (unicodedata.combining(text[cut]) or text[cut] in _JOINERS or text[cut - 1] in _JOINERS):
        cut -= 1
    return cut


def shift(value: Any, offset: int) -> Any:
    """A dumped record with every character span moved by ``offset``."""
    if isinstance(value, dict):
        if offset and value.keys() == {"start", "end"}:
            return {"start": value["start"] + offset, "end": value["end"] + offset}
        return {key: shift(item, offset) for key, item in value.items()}
    if isinstance(value, list):
        return [shift(item, offset) for item in value]
    return value


def merge(pieces: Iterable[tuple[int, Document | dict]], text: str, doc_id: str, path: str | None) -> Document:
    """One ``Document`` for ``text`` from the records of its pieces (each with the offset
    where its piece starts), validated against the whole text. Claim ids stay
    ``<doc_id>#<n>`` and unique: each piece's numbers continue after the previous piece's."""
    entities: list[dict] = []
    claims: list[dict] = []
    errors: list[dict] = []
    next_number: int | None = None
    producer = None
    referents = PieceReferents()
    for offset, record in pieces:
        dumped = shift(plain(record), offset)
        referents.adopt(dumped)
        producer = producer or dumped.get("producer")
        entities.extend(dumped["entities"])
        errors.extend(dumped["errors"])
        numbers = [_number(claim["claim_id"]) for claim in dumped["claims"]]
        if numbers and all(number is not None for number in numbers):
            base = min(numbers) if next_number is None else next_number
            step = base - min(numbers)
            for claim, number in zip(dumped["claims"], numbers):
                claim["claim_id"] = f"{doc_id}#{number + step}"
            next_number = max(numbers) + step + 1
        else:
            for index, claim in enumerate(dumped["claims"]):
                claim["claim_id"] = f"{doc_id}#{offset}.{index}"
        claims.extend(dumped["claims"])
    return Document.model_validate(
        {"doc_id": doc_id, "path": path, "length": len(text), "entities": entities,
         "referents": referents.referents(), "claims": claims, "errors": errors, "producer": producer},
        context={"text": text},
    )


def _number(claim_id: str) -> int | None:
    _, _, suffix = claim_id.rpartition("#")
    return int(suffix) if suffix.isdigit() else None
