"""Layout before grammar: the parser must never glue a heading, a byline or a bullet to
the sentence before it, so blocks are found from the raw text and fixed as sentence
starts before the parser runs.

Sets ``doc.spans["claims_blocks"]`` (label: heading, byline, dateline, credit, bullet
or paragraph) and ``token.is_sent_start`` at the first token of every block.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import BLOCKS, TEXT
from pipeline.resources import word_list

BULLET = re.compile(r"[ \t]*(?:[•●▪◦‣·*+\-–—]|\(?\d{1,3}[.)]|\(?[a-z][.)])[ \t]+(?=\S)")
MARKDOWN_HEADING = re.compile(r"[ \t]*#{1,6}[ \t]+(?=\S)")
BYLINE = re.compile(
    r"(?:By|BY|Written by|Reporting by|Reported by|Additional reporting by|Editing by)\s+"
    r"[A-Z][\w.'’-]+(?:[ ,;]+(?:and |&\s*)?[A-Z][\w.'’-]+){0,12}\.?"
)
DATELINE = re.compile(
    r"[A-Z][A-Z .'’-]{1,30}[A-Z](?:,\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+)?)?"
    r"(?:\s+\([A-Za-z .&-]{2,30}\))?\s*[—–-]{1,2}\s+(?=\S)"
)
CREDIT_OPENING = re.compile(r"\(?\s*(?:Photo(?:graph)?s?|Images?|Pictures?|Illustration|Video|Credit)\s*(?:by\b|:)", re.IGNORECASE)
CREDIT_SMALL_WORDS = frozenset({"via", "and", "for", "of", "by", "the"})
END_OF_SENTENCE = re.compile(r"[.!?:;…\"'”’)\]]\s*$")
LINE_BREAK = re.compile(r"\r\n|\r|\n")
SMALL_WORDS = frozenset("a an and as at but by for from in into of on or over the to under vs via with".split())


@dataclass(frozen=True)
class Block:
    start: int
    end: int
    label: str


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every line, without its line break (LF, CRLF or a lone CR)."""
    start = 0
    for match in LINE_BREAK.finditer(text):
        yield start, match.start()
        start = match.end()
    yield start, len(text)


def _title_cased(words: list[str]) -> bool:
    content = [w for w in words if w.lower() not in SMALL_WORDS]
    capitalised = sum(w[0].isupper() or w[0].isdigit() for w in content)
    return bool(content) and capitalised / len(content) >= 0.75


def _is_credit(line: str) -> bool:
    """A photo credit: "Photo: Jane Smith/Reuters", "Scott Olson via Getty Images.", a
    caption ending "(Jane Smith/AFP/Getty Images)". Its names are nobody's source."""
    line = line.strip()
    if CREDIT_OPENING.match(line):
        return True
    if line.endswith((")", ").", ".)")) and "(" in line:
        inner = line[line.rindex("(") + 1 :].rstrip(").")
        return "/" in inner and _is_credit(inner)
    words = line.rstrip(".").split()
    return 2 <= len(words) <= 10 and ("via" in words or "/" in line) and all(
        w[0].isupper() or w.lower() in CREDIT_SMALL_WORDS for w in words)


def _looks_like_heading(line: str, alone: bool, first: bool, following: str | None) -> bool:
    """A short line that does not end like a sentence, or a title-cased first line.
    Within a paragraph, a line that the next line goes on from ("... and / voted")
    is a wrapped sentence, not a heading."""
    words = line.split()
    if not words or len(words) > 14 or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    if not alone and not (following and following[0].isupper() and _title_cased(words)):
        return False
    if not END_OF_SENTENCE.search(line):
        return alone or len(words) <= 8
    if first and alone and not line.rstrip().endswith(('"', "”")):
        return len(words) >= 3 and _title_cased(words)
    return False


SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s*$")
ABBREVIATION = re.compile(  # "... thanked Sen." then "Ann Reid ...": the line goes on
    r"(?:^|\s)(?:" + "|".join(map(re.escape, word_list("abbreviations.txt"))) + r"|[A-Z])\.\s*$"
)
OPENS_ANEW = re.compile(r"\s*[\"“‘'(]*[A-Z0-9]")


def _starts_anew(previous: str, line: str) -> bool:
    """A line after one that ended its sentence, opening with a capital or a quotation
    mark: articles that set their paragraphs one a line ('... said Ms. Lee.' then
    '"We will rebuild the pier," said the mayor.') start a paragraph there, which the parser
    would otherwise run on across the line break."""
    return bool(SENTENCE_END.search(previous) and not ABBREVIATION.search(previous) and OPENS_ANEW.match(line))


def find_blocks(text: str) -> list[Block]:
    """Split ``text`` into labelled blocks: paragraphs split at blank lines; inside one, a
    bullet line, a heading line or a byline starts a block of its own."""
    blocks: list[Block] = []
    paragraph: list[tuple[int, int]] = []

    def flush() -> None:
        if not paragraph:
            return
        alone = len(paragraph) == 1
        current: Block | None = None
        for index, (start, end) in enumerate(paragraph):
            line = text[start:end]
            lead = len(line) - len(line.lstrip())
            if (match := MARKDOWN_HEADING.match(line)) is not None:
                block = Block(start + match.end(), end, "heading")
            elif (match := BULLET.match(line)) is not None and not DATELINE.match(line):
                block = Block(start + match.end(), end, "bullet")
            elif BYLINE.fullmatch(line.strip()):
                block = Block(start + lead, end, "byline")
            elif _is_credit(line):
                block = Block(start + lead, end, "credit")
            elif index == 0 and _looks_like_heading(
                line.strip(), alone, first=not blocks, following=None if alone else text[slice(*paragraph[1])].strip()
            ):
                block = Block(start + lead, end, "heading")
            elif current is not None and current.label in ("paragraph", "bullet") and not _starts_anew(
                text[slice(*paragraph[index - 1])], line
            ):
                current = Block(current.start, end, current.label)
                blocks[-1] = current
                continue
            else:
                block = Block(start + lead, end, "paragraph")
            if block.label == "paragraph" and (match := DATELINE.match(text, block.start, block.end)):
                blocks.append(Block(block.start, match.end(), "dateline"))
                block = Block(match.end(), block.end, "paragraph")
            blocks.append(block)
            current = block
        paragraph.clear()

    for start, end in _lines(text):
        if text[start:end].strip():
            paragraph.append((start, end))
        else:
            flush()
    flush()
    return [Block(b.start, b.start + len(text[b.start : b.end].rstrip()), b.label) for b in blocks]


class Structure:
    """Blocks and their sentence starts, from the text alone (no model needed)."""

    def __init__(self, nlp: Language, name: str = "claims_structure") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = doc.user_data[TEXT] = doc.text  # kept for the later stages and export
        self.set_annotations(doc, find_blocks(text))
        return doc

    def set_annotations(self, doc: Doc, blocks: list[Block]) -> None:
        spans: list[Span] = []
        starts: list[int] = []
        previous_end = 0
        for block in blocks:
            span = doc.char_span(block.start, block.end, label=block.label, alignment_mode="expand")
            if span is None or len(span) == 0 or span.start < previous_end:
                continue
            spans.append(span)
            # The sentence starts at the bullet or heading marker, if any, not after it.
            first = span.start
            while first - 1 >= previous_end and not doc[first - 1].is_space:
                first -= 1
            starts.append(first)
            if block.label == "heading":
                _one_sentence_after_colons(span)
            previous_end = span.end
        if starts:
            # All at once: ``token.is_sent_start = True`` checks the whole document for a
            # parse every time, which makes a long document's blocks cost its length squared.
            values = doc.to_array(SENT_START)
            values[starts] = 1
            doc.from_array([SENT_START], values.reshape(-1, 1))
        doc.spans[BLOCKS] = spans


def in_heading(token: Token) -> bool:
    """Whether ``token`` stands in a heading: headlines have a grammar of their own."""
    return any(b.label_ == "heading" and b.start <= token.i < b.end for b in token.doc.spans.get(BLOCKS, []))


def _one_sentence_after_colons(heading: Span) -> None:
    """"McTavish: Ferry fares will rise": a headline's label and what it says are one
    sentence, which the parser would otherwise split after the colon."""
    doc = heading.doc
    for token in heading[:-1]:
        if token.text == ":" and not doc[token.i + 1].is_space:
            doc[token.i + 1].is_sent_start = False


@Language.factory("claims_structure", assigns=["token.is_sent_start", "doc.spans"])
def make_structure(nlp: Language, name: str) -> Structure:
    return Structure(nlp, name)
