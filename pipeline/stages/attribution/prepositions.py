"""Prepositional cues: "according to X, C", "C, according to X", "C1, according to X,
C2", "per X", and "citing X" after a report."""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.stages.attribution.shared import FINITE_TAGS, Found, clause_of, noun_phrase, trim
from pipeline.stages.attribution.speakers import subject_of


def link_prepositional(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"According to X, C", "C, according to X", "C1, according to X, C2": the
    content is the clause around the cue phrase, cut out linearly because the parser
    often hangs the content's subject on the source as an apposition."""
    doc = cue.doc
    # "according to show insiders": a noun read as a verb is the source all the same
    objects = [t for t in (*cue[-1].children, *cue[0].children) if t.dep_ in ("pobj", "dobj", "pcomp")]
    if objects:
        source = noun_phrase(objects[0])
    elif cue[0].lower_ == "per" and cue.end < len(doc):  # "per" is often mis-tagged
        source = noun_phrase(doc[cue.end])
    else:
        return None
    if source[0] < cue.end - 1:
        source = (cue.end, max(source[1], cue.end + 1))
    anchor = cue[0]
    head = anchor.head if anchor.head.i != anchor.i else anchor.sent.root
    if cue.start <= head.i < source[1]:
        head = anchor.sent.root
    if cue.start <= head.i < source[1]:
        # "According to X, the pier reeks of ...", with the clause read as part of the
        # source phrase: what follows the comma, to the end of the sentence
        sentence = anchor.sent
        rest = trim(doc, source[1] + 1, sentence.end)
        if cue.start == sentence.start and source[1] < sentence.end and doc[source[1]].text == "," and any(
            t.pos_ in ("VERB", "AUX", "NOUN", "PROPN") for t in doc[rest[0] : rest[1]]
        ):  # not "According to MSNBC, basically."
            return Found(cue=cue, content=[rest], source=source)
        return None
    left, right = head.left_edge.i, head.right_edge.i + 1
    left, right = min(left, anchor.sent.start if head.dep_ == "ROOT" else left), max(right, source[1])
    after = trim(doc, _source_phrase_end(source, objects), right)
    if not _goes_on(doc[after[0] : after[1]], objects):
        after = (after[0], after[0])
    while left < cue.start and (doc[left].dep_ == "cc" or doc[left].is_punct or doc[left].is_space):
        left += 1  # "But, according to the poll, C": the conjunction ties the sentence to the last one
    relative = _relative_before(cue)
    if relative is not None and after[1] <= after[0]:
        left = relative  # "the deal, which would cut its tax rate, according to the firm"
    fragments = [trim(doc, left, cue.start), after]
    content = [f for f in fragments if f[1] > f[0]]
    clause = next((c for c in head.children if c.dep_ == "ccomp" and c.i > source[1]), None)
    citing = len(cue) == 1 and anchor.pos_ == "VERB"  # "citing", "quoting"
    reporter = subject_of(head) if citing else None
    if citing and head.dep_ == "ccomp" and head.head.i < head.i < anchor.i:
        # "reported that X had asked ..., citing officials": the parser hung the phrase
        # on the clause reported
        content = [clause_of(head, without=[anchor])]
    elif reporter is not None and clause is not None:
        # "The Journal, citing documents, reported that C": what the report says is C
        content = [clause_of(clause)]
    elif reporter is not None and left < reporter.left_edge.i < head.i < cue.start:
        # "C, the Times reported, citing officials": C without the reporter
        content = [trim(doc, left, reporter.left_edge.i)]
    if not content:
        return None
    found = Found(cue=cue, content=content, source=source)
    for q in quotes:
        if content[0][0] >= q[0] - 1 and content[-1][1] <= q[1] + 1:
            found.content, found.direct, found.quotes = [q], True, {q}
    return found


def _relative_before(cue: Span) -> int | None:
    """Where a relative clause set off by a comma starts when it ends right at the cue
    ("the deal, which would cut its tax rate, according to the firm"): the report is
    the relative clause's, not the sentence's."""
    doc = cue.doc
    end = cue.start - 1 if cue.start > 0 and doc[cue.start - 1].text == "," else cue.start
    if end <= 0:
        return None
    last = doc[end - 1]
    clause = next((t for t in (last, *last.ancestors) if t.dep_ == "relcl"), None)
    if clause is None or clause.right_edge.i != end - 1:
        return None
    start = clause.left_edge.i
    opener = doc[start]
    if opener.tag_ not in ("WDT", "WP", "WP$") or start == 0 or doc[start - 1].text != ",":
        return None
    return start


def _source_phrase_end(source: tuple[int, int], objects: list[Token]) -> int:
    """"C, according to data released on Friday by the regulator": the source's own
    modifiers, which its mention leaves out, are not part of what was said either; a
    comma or a dash ends them ("according to the Times, C2")."""
    if not objects:
        return source[1]
    doc, end = objects[0].doc, objects[0].right_edge.i + 1
    return next((t.i for t in doc[source[1] : end] if t.is_punct and t.text not in ".'"), max(end, source[1]))


def _goes_on(rest: Span, objects: list[Token]) -> bool:
    """What follows the source is more of what was said only when it is a clause of the
    sentence's own ("According to the poll, 46 percent remain undecided"); not the
    source's apposition or relative clause (", an analyst at the bank", ", who advised
    the mayor") nor the writer's gloss on the figure ("- half a point of GDP")."""
    source = objects[0] if objects else None
    return any(
        t.tag_ in FINITE_TAGS and (source is None or source not in t.ancestors) for t in rest
    )
