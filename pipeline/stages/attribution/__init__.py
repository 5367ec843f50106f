"""Who said what: each cue candidate linked, through the dependency parse and the
quotation marks, to its source and its content, or dropped when it attributes nothing.

Sets ``doc.spans`` ``claims_cues``, ``claims_sources`` (label ``"unknown"`` until the
sources stage types them) and ``claims_contents`` (label ``direct`` or ``indirect``, one
span per fragment); the spans of one attribution share ``span.id_``.

The rules, one module per construction, in the order the passes run:

- ``quotations``: the document's quotations, found first; a cue inside one is part of
  what is quoted.
- then each cue candidate, in document order, by its form:
  ``verbs`` ("X said C", "C, X said", "told X to C"; a quotation beside the verb is
  decided by ``quotations``), ``nouns`` ("X's claim that C"), ``prepositions``
  ("according to X, C"), ``impersonal`` ("it is reported that C", "reportedly"),
  ``labels`` ("X: C", transcript turns) and ``quotations`` ('"C" ― X');
- ``quotations`` again: quotations with no cue of their own go on with the last speaker;
- ``cleanup``: untangle, trim the writer's asides, cut the attributions hung on another's
  content, keep the outermost.

``shared`` is the vocabulary they all use (``Found``, token runs, lexicons) and
``speakers`` finds who speaks for the verbs, nouns and prepositions.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_keys import CONTENTS, CUE_CANDIDATES, CUES, SOURCES
from pipeline.stages.attribution.cleanup import (
    cut_trailing_attributions, outermost, untangle, with_its_quotation, without_trailing_aside,
)
from pipeline.stages.attribution.impersonal import link_adverb, link_impersonal
from pipeline.stages.attribution.labels import link_label, opens_a_quoted_turn
from pipeline.stages.attribution.nouns import link_noun
from pipeline.stages.attribution.prepositions import link_prepositional
from pipeline.stages.attribution.quotations import continue_quotes, inside_quotes, link_signature, quote_tokens
from pipeline.stages.attribution.shared import Found
from pipeline.stages.attribution.verbs import link_verb
from pipeline.stages.cues import SIGNATURE

Linker = Callable[[Span, list[tuple[int, int]]], Found | None]
LINKERS: dict[str, Linker] = {
    "verb": link_verb,
    "noun": link_noun,
    "prepositional": link_prepositional,
    "impersonal": link_impersonal,
    "adverb": link_adverb,
    "quotation": link_label,
    SIGNATURE: link_signature,  # a quotation cue too, found by its lemma
}
"""A cue's linker, by its lemma (the signature) or else its form."""


class Attribution:
    """Links cue candidates to sources and contents."""

    def __init__(self, nlp: Language, name: str = "claims_attribution", nested: bool = False) -> None:
        self.name = name
        self.nested = nested

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, self.find(doc))
        return doc

    def find(self, doc: Doc) -> list[Found]:
        if not doc.has_annotation("DEP"):
            return []
        quotes = quote_tokens(doc)
        found = self.link(doc, quotes)
        # a quotation another attribution took, whole or inside its content ('"..." that
        # is sexist, Brock said'), goes on with no one else
        taken = set().union(*(item.quotes for item in found))
        held = [c for item in found for c in item.content]
        continue_quotes(doc, found, [q for q in quotes if q not in taken and not any(s <= q[0] and q[1] <= e for s, e in held)])
        found = untangle(found)
        for item in found:
            if not item.direct and item.content:
                item.content[-1] = with_its_quotation(doc, without_trailing_aside(doc, *item.content[-1]), quotes)
        if not self.nested:
            cut_trailing_attributions(found)
        return found if self.nested else outermost(found)

    @staticmethod
    def link(doc: Doc, quotes: list[tuple[int, int]]) -> list[Found]:
        """Each cue candidate, in document order, to its source and content by the rules of
        its form; a quotation one attribution takes is not offered to the next."""
        found: list[Found] = []
        used: set[tuple[int, int]] = set()
        # A quotation inside another attribution's content is not for a cue outside it
        # ('said he faces "a long sentence." His lawyers will argue ...').
        held: dict[tuple[int, int], list[tuple[int, int]]] = {q: [] for q in quotes}  # quote -> contents holding it
        by_start = sorted(quotes)  # to find the quotations a content holds without a walk of them all
        starts = [q[0] for q in by_start]
        inside = inside_quotes(doc, quotes)
        for cue in sorted(doc.spans.get(CUE_CANDIDATES, []), key=lambda s: s.start):
            if inside(cue) and not opens_a_quoted_turn(cue):
                continue  # "I think ..." inside a quotation is part of what is quoted
            if any(item.source is not None and item.source[0] <= cue.start < item.source[1] for item in found[-2:]):
                continue  # a speaker's phrase holds no cue of its own: "according to show insiders"
            form = cue.label_.split("/")[0]
            free = [q for q in quotes if q not in used and (not held[q] or all(s <= cue.start < e for s, e in held[q]))]
            result = LINKERS.get(cue.kb_id_, LINKERS[form])(cue, free)
            if result is None or not result.content:
                continue
            used |= result.quotes
            for c in result.content:
                for q in by_start[bisect_left(starts, c[0]) : bisect_right(starts, c[1])]:
                    if q[1] <= c[1]:
                        held[q].append(c)
            found.append(result)
        return found

    def set_annotations(self, doc: Doc, found: list[Found]) -> None:
        cues, sources, contents = [], [], []
        for number, item in enumerate(found, start=1):
            key = f"a{number}"
            cue = item.cue
            cues.append(Span(doc, cue.start, cue.end, label=cue.label_, kb_id=cue.kb_id_, span_id=key))
            if item.source is not None:
                sources.append(Span(doc, *item.source, label="unknown", span_id=key))
            label = "direct" if item.direct else "indirect"
            for start, end in sorted(set(item.content)):
                contents.append(Span(doc, start, end, label=label, span_id=key))
        doc.spans[CUES] = cues
        doc.spans[SOURCES] = sources
        doc.spans[CONTENTS] = contents


@Language.factory(
    "claims_attribution", assigns=["doc.spans"], requires=["token.dep"], default_config={"nested": False}
)
def make_attribution(nlp: Language, name: str, nested: bool) -> Attribution:
    return Attribution(nlp, name, nested=nested)
