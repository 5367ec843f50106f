"""The claims an article makes in its own voice, beside the attributed ones, the hedges
that weaken any of them, and the attributions whose source did not say or denies what
follows: a fact-checker needs all three.

Adds to ``doc.spans["claims_contents"]`` one ``unattributed`` span per declarative
sentence that no attribution covers (headings, bylines, questions and fragments are
not claims), sets ``doc.spans["claims_hedges"]`` (``kb_id_``: the lexicon entry) and
``doc.spans["claims_stances"]``: for each attribution that is not plainly asserted, the
words that negate or deny it, labelled ``negated`` or ``denied`` (``span_id``: the claim
key; see ``pipeline.stance``). Importing it gives every ``Doc`` the ``claims`` extension:
``doc._.claims`` are the validated claim records.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.doc_keys import BLOCKS, CONTENTS, CUES, HEDGES, NON_CLAIM_BLOCKS, STANCES
from pipeline.export import register_extensions
from pipeline.resources import word_list
from pipeline.stance import stance

PREDICATE_DEPS = frozenset({"nsubj", "nsubjpass", "expl", "csubj", "csubjpass"})

register_extensions()


class Claims:
    """Unattributed declaratives and hedges."""

    def __init__(self, nlp: Language, name: str = "claims_claims") -> None:
        self.name = name
        # A PhraseMatcher on lemmas: one hash lookup a token, whatever the list's length.
        self.hedges = PhraseMatcher(nlp.vocab, attr="LEMMA")
        for entry in word_list("hedges.txt"):
            words = entry.split()
            self.hedges.add(entry, [Doc(nlp.vocab, words=words, lemmas=words)])

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.unattributed(doc), self.find_hedges(doc), self.stances(doc))
        return doc

    @staticmethod
    def stances(doc: Doc) -> list[Span]:
        """The negated and denied attributions (see ``pipeline.stance``)."""
        if not doc.has_annotation("DEP"):
            return []
        contents: dict[str, Span] = {}
        for span in doc.spans.get(CONTENTS, []):
            if span.id_ not in contents or span.start < contents[span.id_].start:
                contents[span.id_] = span
        found = []
        for cue in doc.spans.get(CUES, []):
            label, words = stance(cue, contents.get(cue.id_))
            if label != "asserted":
                found.append(Span(doc, words.start, words.end, label=label, span_id=cue.id_))
        return found

    def unattributed(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("SENT_START"):
            return []
        taken = {i for group in (CONTENTS, CUES) for span in doc.spans.get(group, []) for i in range(span.start, span.end)}
        excluded = {
            i for block in doc.spans.get(BLOCKS, []) if block.label_ in NON_CLAIM_BLOCKS for i in range(block.start, block.end)
        }
        claims = []
        for sentence in doc.sents:
            start, end = sentence.start, sentence.end
            # Edges: whitespace, bullet markers and stray punctuation are not the claim.
            while start < end and (doc[start].is_space or doc[start].is_punct and not doc[start].is_quote):
                start += 1
            while end > start and doc[end - 1].is_space:
                end -= 1
            if end - start < 3 or doc[end - 1].text == "?":
                continue
            if any(i in taken or i in excluded for i in range(start, end)):
                continue
            if not self._has_clause(doc[start:end]):
                continue
            claims.append(Span(doc, start, end, label="unattributed"))
        return claims

    @staticmethod
    def _has_clause(span: Span) -> bool:
        """A fragment ("Jerry Tworek: a research vice president") has no verb at its root
        and no subject anywhere."""
        if span.root.pos_ in ("VERB", "AUX"):
            return True
        return any(t.dep_ in PREDICATE_DEPS and t.head.pos_ in ("VERB", "AUX") for t in span)

    def find_hedges(self, doc: Doc) -> list[Span]:
        if not doc.has_annotation("LEMMA"):
            return []
        # "do not seem", not also "seem": the longest hedge wins.
        return filter_spans(
            [
                Span(doc, start, end, label="hedge", kb_id=doc.vocab.strings[match_id])
                for match_id, start, end in self.hedges(doc, as_spans=False)
            ]
        )

    def set_annotations(self, doc: Doc, unattributed: list[Span], hedges: list[Span],
                        stances: list[Span] | None = None) -> None:
        contents = list(doc.spans.get(CONTENTS, []))
        for number, span in enumerate(unattributed, start=1):
            contents.append(Span(doc, span.start, span.end, label="unattributed", span_id=f"u{number}"))
        doc.spans[CONTENTS] = contents
        doc.spans[HEDGES] = hedges
        doc.spans[STANCES] = stances or []


@Language.factory("claims_claims", assigns=["doc.spans"])
def make_claims(nlp: Language, name: str) -> Claims:
    return Claims(nlp, name)
