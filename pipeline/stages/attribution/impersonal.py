"""Cues with no source: impersonal ones ("it is reported that C", "C is said to",
"C is seen as") and adverbs ("reportedly C")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.doc_keys import CUE_CANDIDATES
from pipeline.stages.attribution.shared import Found, clause_of, noun_phrase
from pipeline.stages.attribution.verbs import link_verb

APPEARING = frozenset({"seem", "appear"})  # "X seemed to C": how it looks, unless C is a cue of X's


def link_impersonal(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"It is reported that C", "C is said to ...", "C is seen as D": the clause, or the
    subject with what it is said to be; nobody is the source."""
    verb = next((t for t in reversed(cue) if t.tag_ == "VBN"), cue.root)
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "attr")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj") and c.lower_ != "it"), None)
    as_object = None
    if cue[-1].lower_ == "as":
        as_object = next((c for c in cue[-1].children if c.dep_ == "pobj"), None)
    if verb.lemma_ in APPEARING and clause is not None and clause.dep_ == "xcomp" and _speaks(clause, quotes):
        return None  # "She appeared to imply that C": she implies it, and the cue is "imply"
    content = []
    if subject is not None:
        content.append(noun_phrase(subject))
    if clause is not None:
        content.append(clause_of(clause))
    elif as_object is not None:
        content.append(clause_of(as_object))
    content = [c for c in content if c[1] > c[0]]
    return Found(cue=cue, content=content) if content else None


def _speaks(verb: Token, quotes: list[tuple[int, int]]) -> bool:
    """Whether ``verb`` is a cue of its own that names its speaker."""
    cue = next((c for c in verb.doc.spans.get(CUE_CANDIDATES, []) if c.start == verb.i), None)
    if cue is None or cue.label_.split("/")[0] != "verb":
        return False
    found = link_verb(cue, quotes)
    return found is not None and bool(found.content) and found.source is not None


def link_adverb(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"She reportedly left": the clause the adverb modifies."""
    head = cue[0].head
    if head.i == cue[0].i:
        return None
    content = clause_of(head, without=[c for c in head.children if c.dep_ in ("mark",)])
    return Found(cue=cue, content=[content]) if content[1] > content[0] else None
