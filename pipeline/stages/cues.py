"""Every word or phrase that can attribute a claim, from the lexicons in ``resources/``.

Finding cues is kept apart from linking them: a candidate here is only a possibility
("said" with no content attributes nothing), and the attribution stage decides.

Sets ``doc.spans["claims_cue_candidates"]``: label ``"form/kind"``, ``kb_id_`` the lemma.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from pipeline.doc_keys import CUE_CANDIDATES, text_of
from pipeline.quotes import CLOSING, STRAIGHT
from pipeline.resources import json_data, json_lines, table, word_list
from pipeline.stages.structure import in_heading
from pipeline.tree_patterns import check_one_level, fill, tree_match


def _not_a_main_verb(token: Token) -> bool:
    """"citing officials", not "he is citing officials"."""
    return token.dep_ not in ("ROOT", "ccomp", "conj")


_SOURCE_NOUNS = frozenset(row["noun"] for row in table("source_nouns.tsv"))
_REPORTING = frozenset(
    row["lemma"] for row in table("reporting_verbs.tsv")
    if row["kind"] == "report" or row["kind"] in ("speech", "writing") and row["object"] != "yes"
)
"""Verbs whose content is what was said or reported, not an object they take a stance on."""


def _sources_a_report(token: Token) -> bool:
    """"X reported ..., citing two officials": the officials are the report's source. In
    "X opposed the bill, citing its cost" the cost is X's reason, and "citing" the cue
    verb of an attribution of its own (its object is what is cited). The parser may hang
    the phrase on the reported clause ("reported that X had asked ..., citing officials")."""
    head = token.head
    reported = head.dep_ == "ccomp" and head.head.lemma_ in _REPORTING and token.i > head.i
    if not (_not_a_main_verb(token) and head.pos_ in ("VERB", "AUX") and (head.lemma_ in _REPORTING or reported)):
        return False
    # 'Manafort, citing "the magic of Trump," said': what is cited must be able to speak
    cited = next((c for c in token.children if c.dep_ == "dobj"), None)
    return cited is None or cited.ent_type_ in ("PERSON", "ORG", "NORP") or cited.pos_ in ("PROPN", "PRON") or (
        cited.lemma_.lower() in _SOURCE_NOUNS
    )


def _opens_a_source(token: Token) -> bool:
    """"..., per the central bank", not "$5 per share"."""
    before = token.doc[token.i - 1] if token.i > 0 else None
    after = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (before is None or before.is_punct or token.is_sent_start) and after is not None and after.pos_ in ("PROPN", "DET")


_CUE_VERBS = frozenset(row["lemma"].split()[0] for row in table("reporting_verbs.tsv"))
_POLLS = frozenset(word_list("study_nouns.txt"))


def _opens_a_finding(token: Token) -> bool:
    """"In a Des Moines Register poll, Cruz had a 10-point lead": a poll or a study,
    set off at the head of the clause the "in" phrase hangs on, is its source; not when
    that clause has a cue of its own ("In a report, economists said ..."), nor "worked
    in the study"."""
    head = token.head
    set_off = token.is_sent_start or token.i > 0 and token.doc[token.i - 1].text in (",", "—", "–")
    return (
        set_off and head.pos_ in ("VERB", "AUX") and head.i > token.i and head.lemma_ not in _CUE_VERBS
        and any(c.dep_ == "pobj" and c.lemma_.lower() in _POLLS for c in token.children)
    )


NAME_TYPES = frozenset({"PERSON", "ORG", "NORP", "GPE"})
MAX_LABEL = 5  # tokens of a speaker label before its colon: "Sen. Ann Price:"


_NOT_SPEAKERS = frozenset(word_list("non_speaker_labels.txt"))
_SPEAKERS = _SOURCE_NOUNS | _POLLS  # nouns that can speak in lower case: "The mayor:", "A new poll:"
_SAYINGS = frozenset(row["noun"] for row in table("cue_nouns.tsv"))  # "The Democrats' warning:"
_LABEL_HEADS = frozenset({"NOUN", "PROPN", "X"})  # not "Wow:", "So:", "Look:"
_DASHES = frozenset("-–—―")


def _has_that_clause(noun: Token) -> bool:
    """A that-clause of the noun's own, however labelled ("warnings from X that ...")."""
    return any(
        c.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
        for c in noun.children
    )


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper()  # "McCaul" too, which is no title case to Python


def _names_someone(label: Span) -> bool:
    """A name ("Ann Price", "McTavish", a transcript's "LEE"), words set in title case as
    headlines set names ("Insiders", "Poll"), or a noun that can speak ("The mayor").
    Not a newsroom label (listed: "Update", "Editor's Note"), an interjection ("Wow"),
    a common noun that cannot speak ("Spoiler alert"), a numbered item ("Nikkei 225",
    "Part 2"), an item after a place and a dash ("Tokyo – Nikkei 225"), or a saying
    of no one named ("His verdict")."""
    words = [t for t in label if not t.is_punct]
    if not words or label.text.lower().replace("’", "'") in _NOT_SPEAKERS:
        return False
    if any(t.like_num for t in words) or any(t.text in _DASHES for t in label):
        return False
    head = label.root
    if head.pos_ not in _LABEL_HEADS:
        return False
    if not _capitalised(head):
        lemma, owner = head.lemma_.lower(), [t for t in words if t.i < head.i and t.dep_ == "poss"]
        if any(t.tag_ == "PRP$" for t in owner):
            return False  # "His verdict:" names no one
        return lemma in _SPEAKERS or lemma in _SAYINGS and any(t.pos_ == "PROPN" or t.ent_type_ in NAME_TYPES for t in owner)
    if any((t.pos_ == "PROPN" or t.ent_type_ in NAME_TYPES or t.is_upper) and len(t.text) > 1 for t in words):
        return True
    # not a transcript's "Q:" and "A:"
    return all(_capitalised(t) or t.pos_ == "DET" or t.lower_ == "'s" for t in words) and any(
        _capitalised(t) and len(t.text) > 1 for t in words
    )


def _surely_someone(label: Span) -> bool:
    """A label that is a name the model knows or a noun that can speak: it may head a
    headline's few words with no verb ("Mayor: No new taxes")."""
    return any(t.ent_type_ in NAME_TYPES for t in label) or label.root.lemma_.lower() in _SPEAKERS


def _ends_a_speaker_label(token: Token) -> bool:
    """"Price: Tax cuts will pay for themselves", a headline or transcript label: a short
    name (no verb) opens the sentence and the colon hands over to what was said."""
    sentence = token.sent
    label = token.doc[sentence.start : token.i]
    said = token.doc[token.i + 1 : sentence.end]
    return (
        0 < len(label) <= MAX_LABEL
        and _names_someone(label)
        and not any(t.pos_ in ("VERB", "AUX") or t.is_space for t in label)
        and sum(not t.is_punct for t in said) >= 3
        # a clause of its own ("Price: Tax cuts will pay"), or a quotation; not a
        # description ("Ann Lee: Head of research, who joined in May"); in a headline,
        # a few words will do ("Mayor: No new taxes")
        and (said[0].is_quote or any(
            t.pos_ in ("VERB", "AUX") and t.dep_ != "relcl"
            and (t.head.i == t.i or t.head.i < said.start or t.dep_ in ("ccomp", "parataxis"))
            for t in said
        ) or in_heading(token) and _surely_someone(label))
    )


SIGNATURE = "—"  # the lemma of every signing dash, a cue of the quotation form
SIGNATURE_DASH = re.compile(r"(?:―|—|–|--?)(?=[ \t\u00a0]*[A-Z])")
MAX_SIGNATURE = 5  # tokens of the name after a signing dash: "Sen. Ann Lee Price"
QUOTE_ENDS = frozenset(CLOSING + STRAIGHT + "’'")  # a double mark, or a single one closing a nested quotation


def signed_name(doc: Doc, start: int) -> tuple[int, int] | None:
    """The name from token ``start`` that a signing dash puts under a quotation: a few
    capitalised words alone up to the end of the line, a bracket, a comma or a stop."""
    while start < len(doc) and doc[start].is_space and "\n" not in doc[start].text:
        start += 1  # '―\xa0Ann Lee': a no-break space is a token of its own
    end = start
    while end < len(doc) and end - start < MAX_SIGNATURE and (
        doc[end].pos_ == "PROPN" or doc[end].ent_type_ in NAME_TYPES or doc[end].is_title
    ):
        end += 1
    if end == start:
        return None
    after = doc[end] if end < len(doc) else None
    if after is None or after.is_space and "\n" in after.text or after.text in ("(", ",") or (
        after.text == "." and (end + 1 == len(doc) or doc[end + 1].is_space)
    ):
        return start, end
    return None


def _signs(doc: Doc, dash: Span, at: int) -> bool:
    """'"..." ― Ann Lee': a dash after a closing quotation mark, then a name. ``at`` is
    where the dash is in the text: the tokenizer may glue it to the mark ('”―'). Posts
    signed '— Ann Lee (@annlee) May 5' are left alone: news annotators mostly skip them."""
    before = text_of(doc)[:at].rstrip(" \t\u00a0\n")
    return before[-1:] in QUOTE_ENDS and signed_name(doc, dash.end) is not None


def _beside_a_quotation(token: Token) -> bool:
    """'"...," the letter reads', 'a sign that read: "..."': what a text reads, only with
    the quotation beside it; "she read the report" reports nothing."""
    doc = token.doc
    after = [t for t in doc[token.i + 1 : token.i + 3] if t.text not in (":", ",")][:1]
    subject = next((c for c in token.children if c.dep_ == "nsubj" and c.i < token.i), None)
    first = subject.left_edge.i if subject is not None else token.i
    before = doc[first - 1] if first > 0 else None
    return token.pos_ == "VERB" and (bool(after) and after[0].is_quote or before is not None and before.is_quote)


CHECKS: dict[str, Callable[[Token], bool]] = {
    "beside_a_quotation": _beside_a_quotation,
    "not_a_main_verb": _not_a_main_verb,
    "sources_a_report": _sources_a_report,
    "opens_a_source": _opens_a_source,
    "opens_a_finding": _opens_a_finding,
    "ends_a_speaker_label": _ends_a_speaker_label,
}


class Cues:
    """Cue candidates: reporting verbs, prepositional, nominal, adverbial and impersonal cues."""

    def __init__(self, nlp: Language, name: str = "claims_cues") -> None:
        self.name = name
        self.kinds: dict[tuple[str, ...], str] = {}  # ("point", "out") -> "speech"
        for row in table("reporting_verbs.tsv"):
            self.kinds[tuple(row["lemma"].split())] = row["kind"]
        impersonal = json_data("impersonal_cues.json")
        slots = {"LEMMAS": impersonal["lemmas"], "AS_LEMMAS": impersonal["as_lemmas"]}
        self.impersonal_belief = frozenset(impersonal["belief"])
        self.tree_patterns: dict[str, list[dict]] = {}  # DependencyMatcher patterns, one level deep
        self.roots: dict[str, list[str]] = {}  # a lemma -> the patterns whose root may have it, in order
        for key, pattern in impersonal["patterns"].items():
            check_one_level(key, pattern)
            self.tree_patterns[key] = [fill(node, slots) for node in pattern]
            for lemma in self.tree_patterns[key][0]["RIGHT_ATTRS"]["LEMMA"]["IN"]:
                self.roots.setdefault(lemma, []).append(key)

        # Word lists go to a PhraseMatcher on lemmas (a hash lookup per token), whatever
        # their length; the few cues that need more are checked where a word matched.
        def lemma_docs(entries: Iterable[tuple[str, ...]]) -> list[Doc]:
            return [Doc(nlp.vocab, words=list(words), lemmas=list(words)) for words in entries]

        self.lemmas = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.lemmas.add("verb", lemma_docs(self.kinds))
        nouns = table("cue_nouns.tsv")
        self.noun_kinds = {row["noun"]: row["kind"] for row in nouns}
        self.noun_preps = {row["noun"]: frozenset(filter(None, row["prepositions"].split(","))) for row in nouns}
        self.lemmas.add("noun", lemma_docs((noun,) for noun in self.noun_kinds))
        # Tree patterns are checked only at tokens that may be their root.
        self.lemmas.add("root", lemma_docs((lemma,) for lemma in self.roots))
        self.words = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.phrases: dict[int, dict] = {}  # match id -> its entry in cue_phrases.jsonl
        for number, entry in enumerate(json_lines("cue_phrases.jsonl")):
            key = f"phrase{number}"
            if entry["attr"] == "LEMMA":
                self.lemmas.add(key, lemma_docs(tuple(p.split()) for p in entry["phrases"]))
            else:
                self.words.add(key, [nlp.make_doc(p) for p in entry["phrases"]])
            self.phrases[nlp.vocab.strings[key]] = entry

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("TAG") or not doc.has_annotation("LEMMA"):
            return []  # a pipeline without a tagger: nothing to match on
        found: list[Span] = []
        roots: dict[int, Token] = {}
        strings = doc.vocab.strings
        # Phrases first: of two candidates over the same words, the first is kept ("citing"
        # sourcing a report over the verb "cite").
        for match_id, start, end in [*self.words(doc), *self.lemmas(doc)]:
            what, head = strings[match_id], doc[start]
            if match_id in self.phrases:
                entry = self.phrases[match_id]
                if entry.get("check") is None or CHECKS[entry["check"]](head):
                    label = f"{entry['form']}/{entry['kind']}"
                    found.append(Span(doc, start, end, label=label, kb_id=entry["lemma"] or head.lower_))
            elif what == "root":
                roots[head.i] = head  # a lemma in two root lists matches twice
            elif what == "verb" and head.pos_ == "VERB":
                words = tuple(doc[i].lemma_ for i in range(start, end))
                found.append(Span(doc, start, end, label=f"verb/{self.kinds[words]}", kb_id=" ".join(words)))
            elif what == "noun" and head.pos_ == "NOUN" and end < len(doc):
                kind = self.noun_kinds[head.lemma_]
                after = doc[end].lower_
                if after == "that" or after == "to" and kind == "intention" or after in self.noun_preps[head.lemma_] or (
                    after in ("from", "by") and _has_that_clause(head)  # "warnings from its engineers that ..."
                ):
                    found.append(Span(doc, start, end, label=f"noun/{kind}", kb_id=head.lemma_))
        if roots and doc.has_annotation("DEP"):
            found.extend(self._impersonal(doc, list(roots.values())))
        found.extend(self._signatures(doc))
        # Longest wins: "it is reported" over "reported", "point out" over "point".
        return filter_spans(found)

    def _impersonal(self, doc: Doc, anchors: list[Token]) -> list[Span]:
        spans = []
        matches = [(key, verb) for verb in anchors for key in self.roots.get(verb.lemma_, ())
                   if tree_match(verb, self.tree_patterns[key])]
        for key, verb in matches:
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

    @staticmethod
    def _signatures(doc: Doc) -> list[Span]:
        """A dash that signs a quotation with a name (see ``_signs``)."""
        spans = []
        for match in SIGNATURE_DASH.finditer(text_of(doc)):
            dash = doc.char_span(match.start(), match.end(), alignment_mode="expand")
            if dash is not None and _signs(doc, dash, match.start()):
                spans.append(Span(doc, dash.start, dash.end, label="quotation/speech", kb_id=SIGNATURE))
        return spans

    def set_annotations(self, doc: Doc, spans: list[Span]) -> None:
        doc.spans[CUE_CANDIDATES] = spans


@Language.factory("claims_cues", assigns=["doc.spans"], requires=["token.lemma"])
def make_cues(nlp: Language, name: str) -> Cues:
    return Cues(nlp, name)
