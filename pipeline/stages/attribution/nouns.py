"""Nouns of saying: "the minister's claim that C", "a call from X to C", "her criticism
of C", a proposal its maker's ("the board unveiled a plan for C"), and a stance its
holder's ("Cruz talked up his plans to C")."""

from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.stages.attribution.shared import (
    MAKING_VERBS, OBJECT_PRONOUNS, Found, clause_of, noun_phrase, starts_a_cue, trim,
)
from pipeline.stages.attribution.speakers import can_speak, may_own, subject_of

NAMELESS_POSSESSORS = OBJECT_PRONOUNS - {"her", "him"}  # "this call for calm" names nobody; "her call" does


def link_noun(cue: Span, quotes: list[tuple[int, int]]) -> Found | None:
    """A noun of saying: its clause or its preposition's object, said by its possessor, by
    the object of its "from"/"by"/"of", or by whoever makes it."""
    noun = cue[0]

    def opens_clause(child: Token) -> bool:
        """'claim that ...' (a that-clause), 'call to ban ...' (an infinitive)."""
        return any((m.dep_ == "mark" and m.lower_ == "that") or (m.dep_ == "aux" and m.lower_ == "to")
                   for m in child.children)

    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp", "relcl") and opens_clause(c)), None)
    content_prep = None
    if clause is None:
        # "her criticism of the plan": the object of the noun's preposition.
        after = cue.doc[cue.end] if cue.end < len(cue.doc) else None
        if after is None or after.head.i != noun.i or after.dep_ != "prep" or after.lower_ in ("that", "to"):
            return None
        clause = next((c for c in after.children if c.dep_ == "pobj"), None)
        if clause is None:
            return None
        content_prep = after
    source = next((c for c in noun.children if c.dep_ == "poss"), None)
    if source is None:
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ in ("from", "by", "of") and c != content_prep):
            source = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if source is not None:
                break
    if source is None and content_prep is None and noun.tag_ == "NNS" and noun.dep_ in ("dobj", "appos", "npadvmod"):
        # "Trump claims that ...": the tagger read the verb as a plural noun, the object
        # of the name before it
        head = noun.head
        if head.i == noun.i - 1 and head.dep_ == "ROOT" and head.pos_ in ("NOUN", "PROPN"):
            return Found(cue=cue, content=[clause_of(clause)], source=(head.left_edge.i, head.i + 1))
    maker = noun.head
    if source is None and noun.dep_ == "dobj" and maker.lemma_ in MAKING_VERBS and not (
        starts_a_cue(cue.doc, maker.i) or any(c.dep_ == "neg" for c in maker.children)  # "did not unveil plans"
    ):
        # "the board unveiled a proposal for ...", "ministers weigh plans for ...": who makes
        # the proposal is the subject of the verb it is the object of
        subject = subject_of(maker)
        if subject is not None and subject.i < maker.i and can_speak(subject):
            return Found(cue=cue, content=[clause_of(clause)], source=noun_phrase(subject))
    if source is None and noun.tag_ == "NNS" and clause.dep_ == "ccomp":
        # "But Hale claims that ...": a verb the tagger read as a plural noun
        source = next((c for c in noun.children if c.dep_ == "nsubj"), None)
    if source is None:
        return None
    if source.lower_ in NAMELESS_POSSESSORS or source.pos_ == "DET":
        return None  # "its support for" is fine; "this call for" names nobody
    return _owned_by_subject(cue, source) or Found(cue=cue, content=[clause_of(clause)], source=noun_phrase(source))


def _owned_by_subject(cue: Span, owner: Token) -> Found | None:
    """"Cruz talked up his plans to deport ...": a stance the subject holds ("his"),
    the object of a verb that is no cue of its own, is attributed by that verb, as
    news annotators read it: Cruz, "talked up", "his plans to deport ...". """
    doc, noun = cue.doc, cue[0]
    verb = noun.head
    if owner.tag_ != "PRP$" or noun.dep_ != "dobj" or verb.pos_ != "VERB":
        return None
    if starts_a_cue(doc, verb.i):
        return None  # "cited his support for ...": the verb's own attribution holds it
    subject = subject_of(verb)
    if subject is None or subject.i > verb.i or not may_own(subject, owner) or not can_speak(subject):
        return None
    end = verb.i + 1
    while end < noun.left_edge.i and doc[end].dep_ == "prt":
        end += 1
    phrase = Span(doc, verb.i, end, label=f"verb/{cue.label_.split('/')[1]}", kb_id=verb.lemma_)
    return Found(cue=phrase, content=[trim(doc, noun.left_edge.i, noun.right_edge.i + 1)], source=noun_phrase(subject))
