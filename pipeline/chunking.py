"""Long documents in pieces the model accepts, and their records put back together.

An article longer than a piece (``batch.DEFAULT_CHUNK_SIZE`` characters, or the model's
``max_length`` when smaller) is cut at the best boundary that keeps each piece within the
limit: a blank line, else a line end, else the end of a sentence, else any whitespace,
so no token is ever cut in two. Each piece is processed alone; its record's offsets are
shifted by where the piece starts, so they point into the whole document, and the
pieces' records are merged, one at a time (``Merger``), into the document's.
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


class Merger:
    """The records of a long document's pieces, taken one at a time, in order, as parts of
    the whole: offsets shifted to where the piece starts, claim ids numbered on (``<doc_id>#<n>``,
    unique: each piece's numbers continue after the previous piece's) and entity ids made
    the document's (``PieceReferents``). Nothing of an earlier part is kept but who is who
    (its mentions only with ``mentions``, for the ``--per document`` record)."""

    def __init__(self, text: str, doc_id: str, path: str | None, *, mentions: bool = True) -> None:
        self.text = text
        self.doc_id = doc_id
        self.path = path
        self.next_number: int | None = None
        self.producer: dict | None = None
        self.who = PieceReferents(mentions=mentions)

    def part(self, offset: int, record: Document | dict) -> dict:
        """The record of the piece that starts at ``offset``, as ``Document`` data (its
        ``referents`` are the piece's own: ``fields`` gives the document's). Not validated
        here, as ``claims batch`` does not validate any document's records (see
        ``pipeline.export``): shifted offsets are right by construction, and ``merge``
        validates the whole."""
        dumped = shift(plain(record), offset)
        self.who.adopt(dumped)
        self.producer = self.producer or dumped.get("producer")
        numbers = [_number(claim["claim_id"]) for claim in dumped["claims"]]
        if numbers and all(number is not None for number in numbers):
            base = min(numbers) if self.next_number is None else self.next_number
            step = base - min(numbers)
            for claim, number in zip(dumped["claims"], numbers):
                claim["claim_id"] = f"{self.doc_id}#{number + step}"
            self.next_number = max(numbers) + step + 1
        else:
            for index, claim in enumerate(dumped["claims"]):
                claim["claim_id"] = f"{self.doc_id}#{offset}.{index}"
        return {**dumped, "doc_id": self.doc_id, "path": self.path, "length": len(self.text)}

    def fields(self) -> dict:
        """The document's own fields, once every part is in: who is who, and what made it."""
        return {"doc_id": self.doc_id, "path": self.path, "length": len(self.text),
                "referents": self.who.referents(), "producer": self.producer}


def merge(pieces: Iterable[tuple[int, Document | dict]], text: str, doc_id: str, path: str | None) -> Document:
    """One ``Document`` for ``text`` from the records of its pieces (each with the offset
    where its piece starts), validated against the whole text (see ``Merger``)."""
    merger = Merger(text, doc_id, path)
    parts = [merger.part(offset, record) for offset, record in pieces]
    return Document.model_validate(
        {**{key: [item for part in parts for item in part[key]] for key in ("entities", "claims", "errors")},
         **merger.fields()},
        context={"text": text},
    )


def _number(claim_id: str) -> int | None:
    _, _, suffix = claim_id.rpartition("#")
    return int(suffix) if suffix.isdigit() else None
