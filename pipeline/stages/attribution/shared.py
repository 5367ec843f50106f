"""The shared vocabulary of the attribution rules: what an attribution is before it is
written (``Found``), token runs cut from the parse and trimmed to what was said, and the
lexicons every construction consults."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from pipeline.doc_keys import CUE_CANDIDATES, text_of
from pipeline.quotes import CLOSING, DOUBLE_APOSTROPHE, MARKS, OPENING, STRAIGHT
from pipeline.resources import table, word_list

_VERBS = table("reporting_verbs.tsv")


def _taking(kind: str) -> frozenset[str]:
    """The reporting verbs whose "object" column says ``kind``."""
    return frozenset(row["lemma"] for row in _VERBS if row.get("object") == kind)


OBJECT_VERBS = _taking("yes")  # "denied the claims": the object is what is attributed
ADDRESSEE_VERBS = _taking("addressee")  # "told reporters": the object is who is told
STANCE_VERBS = _taking("stance")  # "expressed doubt that ...": the stance's complement
STUDY_VERBS = _taking("study")  # "a survey found ...": an object only after a study
AS_VERBS = _taking("as")  # "sees the pier as a relic": an object only with its "as"
AMOUNT_VERBS = _taking("at")  # "estimates put the cost at $2 million": an object only with an amount
STUDY_NOUNS = frozenset(word_list("study_nouns.txt"))
MEASURES = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})  # entity labels of an amount
MAKING_VERBS = frozenset(word_list("making_verbs.txt"))
SOURCE_NOUNS = frozenset(r["noun"] for r in table("source_nouns.tsv"))
OBJECT_PRONOUNS = frozenset(word_list("object_pronouns.txt"))

QUOTING_KINDS = frozenset({"speech", "writing", "report"})
DOUBLE_MARKS = frozenset({*OPENING, *CLOSING, STRAIGHT, DOUBLE_APOSTROPHE})  # a token that is one of them
# stripped to see how a quotation ends, a nested one included: '"... of those people,'"'
MARKS_AND_SPACE = OPENING + CLOSING + STRAIGHT + DOUBLE_APOSTROPHE + "‘’' "
FINITE_TAGS = frozenset({"VBD", "VBZ", "VBP", "MD"})
MAX_GAP = 10  # tokens between a quotation and its cue: source, verb, adverbials


@dataclass
class Found:
    """One attribution before it is written: token ranges, not yet spans."""

    cue: Span
    content: list[tuple[int, int]]
    source: tuple[int, int] | None = None
    direct: bool = False
    quotes: set[tuple[int, int]] = field(default_factory=set)


def trim(doc: Doc, start: int, end: int, keep_quotes: bool = False) -> tuple[int, int]:
    """Drop edge whitespace and punctuation (but quotation marks, for a direct quote)."""

    def loose(token: Token) -> bool:
        if token.is_space:
            return True
        if token.is_quote or token.text in "“”\"'‘’":
            return not keep_quotes
        return token.is_punct and token.text not in "$€£%"

    def is_mark(token: Token) -> bool:
        return token.text in DOUBLE_MARKS

    text = text_of(doc)

    def marks_in(first: int, last: int) -> int:
        """Quotation marks in tokens first..last-1, found in the text (fewer Tokens made)."""
        if last <= first:
            return 0
        end_token = doc[last - 1]
        return len(MARKS.findall(text, doc[first].idx, end_token.idx + len(end_token)))

    # The parser hangs a closing mark on the verb: take it back ('"absurd," he said').
    if marks_in(start, end) % 2 == 1:
        for step in (1, 2):
            if end + step <= len(doc) and is_mark(doc[end + step - 1]) and all(
                t.is_punct for t in doc[end : end + step]
            ):
                end += step
                break
    while start < end and loose(doc[start]):
        start += 1
    marks = marks_in(start, end)
    while end > start and loose(doc[end - 1]):
        last_is_mark = is_mark(doc[end - 1])
        if last_is_mark and marks % 2 == 0:
            break  # 'called the plan "absurd"': the mark closes one opened inside the span
        marks -= last_is_mark
        end -= 1
    return start, end


def clause_of(token: Token, without: Iterable[Token] = ()) -> tuple[int, int]:
    """The contiguous run of ``token``'s subtree, minus the subtrees in ``without``."""
    removed = {t.i for w in without for t in w.subtree}
    inside = [t.i for t in token.subtree if t.i not in removed]
    if not inside:
        return token.i, token.i
    # Keep the run around the token itself: what is removed sits at an edge.
    start = end = token.i
    members = set(inside)
    while start - 1 in members:
        start -= 1
    while end + 1 in members:
        end += 1
    return trim(token.doc, start, end + 1)


def fragments_of(token: Token, without: Token) -> list[tuple[int, int]]:
    """``token``'s subtree with ``without``'s subtree cut out: the runs on either side."""
    removed = {t.i for t in without.subtree}
    runs: list[tuple[int, int]] = []
    start = None
    for t in token.subtree:
        if t.i in removed:
            if start is not None:
                runs.append((start, t.i))
                start = None
        elif start is None:
            start = t.i
    if start is not None:
        runs.append((start, token.right_edge.i + 1))
    trimmed = [trim(token.doc, a, b) for a, b in runs]
    return [(a, b) for a, b in trimmed if b > a]


def noun_phrase(token: Token) -> tuple[int, int]:
    """The source mention: the noun with its modifiers, not its relative clauses."""
    doc = token.doc
    start, end = token.left_edge.i, token.i + 1
    marks = [t.i for t in doc[start : token.i] if t.text in DOUBLE_MARKS]
    if marks:  # '"... hunky-dory," Gene Sperling': not across a quotation mark
        start = marks[-1] + 1
    for child in token.rights:
        if child.dep_ in ("relcl", "acl", "punct", "cc", "conj", "advcl") or child.is_space:
            break
        end = child.right_edge.i + 1
    start, end = trim(doc, start, end)
    if end - start > 1 and doc[end - 1].dep_ == "case":  # "the minister's" claim
        end -= 1
    return (start, end) if end > start else (token.i, token.i + 1)


def has_finite_verb(tokens: Iterable[Token]) -> bool:
    return any(t.tag_ in FINITE_TAGS for t in tokens)


def breaks_paragraph(token: Token) -> bool:
    return token.is_space and token.text.count("\n") >= 2


def paragraph_end(doc: Doc, start: int) -> int:
    """The index of the paragraph break after ``start``, or the end of the document."""
    end = start
    while end < len(doc) and not breaks_paragraph(doc[end]):
        end += 1
    return end


def starts_a_cue(doc: Doc, i: int) -> bool:
    return any(c.start == i for c in doc.spans.get(CUE_CANDIDATES, []))
