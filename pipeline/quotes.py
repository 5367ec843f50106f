"""Quotation spans from the text alone.

Newspapers open every paragraph of a long quotation again and close it only at the end;
writers forget closing marks. So quotations are paired per paragraph, carried into the
next paragraph only when it opens with a quotation mark, and an unmatched mark is left
alone rather than swallowing the rest of the article.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

OPENING = "“«„"
CLOSING = "”»"
STRAIGHT = '"'
DOUBLE_APOSTROPHE = "''"
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*|\r\n[ \t]*\r\n\s*")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return [(s, e) for s, e in bounds if text[s:e].strip()]


def _opens(text: str, i: int) -> bool:
    """A straight quote opens when nothing word-like stands right before it."""
    char = text[i]
    if char in OPENING:
        return True
    if char in CLOSING:
        return False
    return i == 0 or text[i - 1].isspace() or text[i - 1] in "([{—–-/:"


def _set_as_closing(text: str, i: int) -> bool:
    """'"It's unusual,“ said X': an opening mark glued to the words before it and
    followed by a space closes the quotation (a typesetting slip seen in wire copy)."""
    after = text[i + 1 : i + 2]
    return i > 0 and not text[i - 1].isspace() and (not after or after.isspace() or after in ",.;:!?)")


MARKS = re.compile(DOUBLE_APOSTROPHE + "(?!')|[" + re.escape(OPENING + CLOSING + STRAIGHT) + "]")


def _marks(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(position, width) of every quotation mark: curly and straight ones, and the two
    apostrophes some newspapers set for a double quotation mark."""
    for match in MARKS.finditer(text, start, end):
        yield match.start(), match.end() - match.start()


def find_quotes(text: str) -> list[tuple[int, int]]:
    """(start, end) of every balanced quotation, marks included, in document order."""
    quotes: list[tuple[int, int]] = []
    carried: int | None = None  # start of a quotation left open at a paragraph's end
    for start, end in _paragraphs(text):
        open_at: int | None = None
        first_mark = True
        for i, width in _marks(text, start, end):
            if open_at is None and _opens(text, i):
                if first_mark and carried is not None and not text[start:i].strip():
                    open_at = carried  # the quotation goes on from the last paragraph
                else:
                    open_at = i
            elif open_at is not None and (text[i] not in OPENING or _set_as_closing(text, i)):
                quotes.append((open_at, i + width))
                open_at = None
            first_mark = False
        carried = open_at
    return quotes
