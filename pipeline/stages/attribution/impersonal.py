"""Cues with no source: impersonal ones ("it is reported that C", "C is said to",
"C is seen as") and adverbs ("reportedly C")."""

from __future__ import annotations

from spacy.tokens import Span

from pipeline.stages.attribution.shared import Found, clause_of, noun_phrase


def link_impersonal(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"It is reported that C", "C is said to ...", "C is seen as D": the clause, or the
    subject with what it is said to be; nobody is the source."""
    verb = next((t for t in reversed(cue) if t.tag_ == "VBN"), cue.root)
    clause = next((c for c in verb.children if c.dep_ in ("ccomp", "xcomp", "oprd", "acomp", "attr")), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubjpass", "nsubj") and c.lower_ != "it"), None)
    as_object = None
    if cue[-1].lower_ == "as":
        as_object = next((c for c in cue[-1].children if c.dep_ == "pobj"), None)
    content = []
    if subject is not None:
        content.append(noun_phrase(subject))
    if clause is not None:
        content.append(clause_of(clause))
    elif as_object is not None:
        content.append(clause_of(as_object))
    content = [c for c in content if c[1] > c[0]]
    return Found(cue=cue, content=content) if content else None


def link_adverb(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """"She reportedly left": the clause the adverb modifies."""
    head = cue[0].head
    if head.i == cue[0].i:
        return None
    content = clause_of(head, without=[c for c in head.children if c.dep_ in ("mark",)])
    return Found(cue=cue, content=[content]) if content[1] > content[0] else None
