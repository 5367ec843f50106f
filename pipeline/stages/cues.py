"""Every word or phrase that can attribute a claim, from the lexicons in ``resources/``.

Finding cues is kept apart from linking them: a candidate here is only a possibility
("said" with no content attributes nothing), and the attribution stage decides.

Sets ``doc.spans["claims_cue_candidates"]``: label ``"form/kind"``, ``kb_id_`` the lemma.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import DependencyMatcher, Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.doc_keys import CUE_CANDIDATES
from pipeline.resources import json_data, json_lines, table

VERB_TAGS = ["VB", "VBD", "VBG", "VBN", "VBP", "VBZ"]


def _fill(node: dict, slots: dict[str, list[str]]) -> dict:
    """Put the lexicon's lemma lists into a DependencyMatcher pattern's ``{SLOT}``s."""
    if isinstance(node, dict):
        return {k: (slots[v[1:-1]] if isinstance(v, str) and v[1:-1] in slots else _fill(v, slots)) for k, v in node.items()}
    return node


class Cues:
    """Cue candidates: reporting verbs, prepositional, nominal, adverbial and impersonal cues."""

    def __init__(self, nlp: Language, name: str = "claims_cues") -> None:
        self.name = name
        self.labels: dict[int, tuple[str, str, tuple[int, int] | None]] = {}  # id -> label, lemma, cue part
        self.matcher = Matcher(nlp.vocab)
        self.verb_kinds: dict[str, str] = {}
        for row in table("reporting_verbs.tsv"):
            words = row["lemma"].split()
            if len(words) == 1:
                self.verb_kinds[words[0]] = row["kind"]
            else:
                pattern = [{"LEMMA": words[0], "TAG": {"IN": VERB_TAGS}}, *({"LOWER": w} for w in words[1:])]
                self._add(f"verb/{row['kind']}", row["lemma"], [pattern])
        # One pattern for all single verbs (the kind is looked up after): the Matcher's
        # cost grows with the number of patterns, not with the size of a set.
        self._add("verb/", "", [[{"LEMMA": {"IN": sorted(self.verb_kinds)}, "TAG": {"IN": VERB_TAGS}}]])
        for entry in json_lines("cue_phrases.jsonl"):
            self._add(f"{entry['form']}/{entry['kind']}", entry["lemma"], [entry["pattern"]], entry.get("cue"))

        impersonal = json_data("impersonal_cues.json")
        slots = {"LEMMAS": impersonal["lemmas"], "AS_LEMMAS": impersonal["as_lemmas"]}
        self.impersonal_belief = frozenset(impersonal["belief"])
        self.dep_matcher = DependencyMatcher(nlp.vocab)
        for key, pattern in impersonal["patterns"].items():
            self.dep_matcher.add(key, [[_fill(node, slots) for node in pattern]])

    def _add(self, label: str, lemma: str, patterns: list[list[dict]], part: list[int] | None = None) -> None:
        """``part``: the tokens of a match that are the cue, where the pattern also
        checks its context ("claim" in "claim that", "per" in ", per the")."""
        key = f"{label}|{lemma}|{part}"
        self.matcher.add(key, patterns)
        self.labels[self.matcher.vocab.strings[key]] = (label, lemma, tuple(part) if part else None)

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("TAG") or not doc.has_annotation("LEMMA"):
            return []  # a pipeline without a tagger: nothing to match on
        found = []
        for match_id, start, end in self.matcher(doc):
            label, lemma, part = self.labels[match_id]
            if label == "verb/":
                label = f"verb/{self.verb_kinds[doc[start].lemma_]}"
            if part is not None:
                start, end = start + part[0], start + part[1]
            lemma = lemma or doc[start:end].lemma_.lower()
            found.append(Span(doc, start, end, label=label, kb_id=lemma))
        if doc.has_annotation("DEP"):
            found.extend(self._impersonal(doc))
        # Longest wins: "it is reported" over "reported", "point out" over "point".
        return filter_spans(found)

    def _impersonal(self, doc: Doc) -> list[Span]:
        spans = []
        for match_id, token_ids in self.dep_matcher(doc):
            key = doc.vocab.strings[match_id]
            verb = doc[token_ids[0]]
            aux = min((t.i for t in verb.children if t.dep_ == "auxpass"), default=verb.i)
            if key == "it_is_reported":
                it = next(t.i for t in verb.children if t.lower_ == "it")
                start, end, lemma = min(it, aux), verb.i + 1, f"it be {verb.lemma_}"
            elif key == "is_seen_as":
                as_ = max(t.i for t in verb.children if t.lower_ == "as")
                start, end, lemma = aux, as_ + 1, f"be {verb.lemma_} as"
            elif key == "seems_to":  # "did not seem": the negation is part of the cue
                start = min((t.i for t in verb.lefts if t.dep_ in ("aux", "neg") and t.i >= verb.i - 3), default=verb.i)
                end, lemma = verb.i + 1, verb.lemma_
            elif key == "is_considered":
                start, end, lemma = aux, verb.i + 1, f"be {verb.lemma_}"
            else:
                to = verb.i + 1 if verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ == "to" else verb.i
                start, end, lemma = aux, to + 1, f"be {verb.lemma_} to"
            kind = "belief" if verb.lemma_ in self.impersonal_belief else "report"
            spans.append(Span(doc, start, end, label=f"impersonal/{kind}", kb_id=lemma))
        return spans

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[CUE_CANDIDATES] = spans


@Language.factory("claims_cues", assigns=["doc.spans"], requires=["token.lemma"])
def make_cues(nlp: Language, name: str) -> Cues:
    return Cues(nlp, name)
