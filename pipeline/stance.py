"""Whether a source asserts what it is said to, is reported not to have said it, or denies
it: "Comey has not said that the FBI is reopening the case" must not read as "Comey
said: the FBI is reopening the case". Used by the claims stage; the lexicons are
``resources/denials.tsv`` and ``resources/negation.json``.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from spacy.tokens import Span, Token

from pipeline.resources import json_data, table

Stance = Literal["asserted", "negated", "denied"]
SUBJECTS = frozenset({"nsubj", "nsubjpass"})


@cache
def _denials() -> dict[str, str]:
    return {row["lemma"]: row["content"] for row in table("denials.tsv")}


@cache
def _negation() -> dict[str, frozenset[str]]:
    data = json_data("negation.json")
    return {key: frozenset(value) for key, value in data.items() if not key.startswith("_")}


def stance(cue: Span, content: Span | None) -> tuple[Stance, Span]:
    """The stance of an attribution, and the words that make it: the negation (or the
    negative subject) of a negated cue, else the cue itself."""
    negation = negated_by(cue)
    if negation is not None:
        return "negated", negation
    if denies(cue, content):
        return "denied", cue
    return "asserted", cue


def negated_by(cue: Span) -> Span | None:
    """The word that negates a verb cue ("did *not* say", "*never* claimed", "*nobody*
    said", "*no* official confirmed"); None when it is not negated, or when the negation
    belongs to what follows ("did not seem to")."""
    words = _negation()
    verb = cue.root
    if verb.pos_ not in ("VERB", "AUX") or cue.label_.split("/")[0] not in ("verb", "impersonal"):
        return None
    if verb.lemma_ in words["neg_raising"]:
        return None
    for child in verb.children:
        if child.dep_ == "neg" or child.lower_ in words["negators"]:
            return _one(child)
        if child.dep_ in SUBJECTS:
            if child.lower_ in words["negative_subjects"]:
                return _one(child)
            determiner = next((d for d in child.children if d.dep_ == "det" and d.lower_ in words["negative_determiners"]),
                              None)
            if determiner is not None:
                return _one(determiner)
    return None


def denies(cue: Span, content: Span | None) -> bool:
    """The cue denies its content: a verb or noun of denial ("denied", "disputed", "her
    denial of"), some of them only before a proposition ("rejected the claim that")."""
    needs = _denials().get(cue.kb_id_ or cue.root.lemma_)
    if needs is None:
        return False
    return needs == "any" or content is not None and is_proposition(content)


def is_proposition(content: Span) -> bool:
    """A that-clause ("that the school was failing"), or a noun with one ("the claim
    that ...", "suggestions that ...")."""
    root = content.root
    if any(t.dep_ == "mark" and t.lower_ == "that" for t in root.children):
        return True
    return root.pos_ in ("NOUN", "PROPN") and any(_opens_with_that(c) for c in root.children)


def _opens_with_that(clause: Token) -> bool:
    return clause.dep_ in ("acl", "ccomp", "relcl", "appos") and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in clause.children
    )


def _one(token: Token) -> Span:
    return token.doc[token.i : token.i + 1]
