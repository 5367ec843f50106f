"""Entity fixes the statistical model cannot make: it does not know which organisations
are news outlets, lets entities run across a heading into the next block, and may label
one name differently from one sentence to the next.

Rewrites ``doc.ents`` and sets ``doc.spans["claims_media"]`` (outlets and agencies,
also in ``doc.ents`` as ORG).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from pipeline.doc_keys import MEDIA, text_of
from pipeline.referents.names import given_name_gender
from pipeline.resources import table, word_list

CURRENCY = frozenset("$€£¥₹")
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART"})


def _clean(span: Span, text: str) -> Span | None:
    """The longest piece of ``span`` that crosses no line break, without edge whitespace
    or punctuation; other spaces stay ("1\u00a0percent"). (``text`` is the document's:
    most entities hold no line break, and a look at their characters spares a walk over
    their tokens.)"""
    pieces: list[tuple[int, int]] = []
    start = span.start
    chars = text[span.start_char : span.end_char + 1]
    if "\n" in chars or "\r" in chars:
        for token in span:
            if "\n" in token.text or "\r" in token.text:
                pieces.append((start, token.i))
                start = token.i + 1
            elif "\n" in token.whitespace_ or "\r" in token.whitespace_:
                pieces.append((start, token.i + 1))
                start = token.i + 1
    pieces.append((start, span.end))
    start, end = max(pieces, key=lambda p: p[1] - p[0])
    doc = span.doc
    while start < end and (doc[start].is_space or doc[start].is_punct and doc[start].text not in CURRENCY):
        start += 1
    while end > start and (doc[end - 1].is_space or doc[end - 1].is_punct and doc[end - 1].text not in ".%"
                           or doc[end - 1].text in CURRENCY):  # "nine $" before "2,500": the symbol is the next one's
        end -= 1
    if start >= end:
        return None
    if span.label_ == "MONEY" and start > 0 and doc[start - 1].text in CURRENCY:
        start -= 1  # "$3.50": the model often leaves the symbol out
    return Span(doc, start, end, label=span.label, kb_id=span.kb_id)


def _titled_name_start(doc: Doc, suffix: int) -> int | None:
    """Where the name ending in ``doc[suffix]`` starts, after the earliest "the" before a
    run of title-case words: "the New York Times" gives "New York Times", the name
    without the article, as the model writes ORGs. None without such a "the"."""
    first = suffix
    while first > 0 and doc[first - 1].is_title:
        first -= 1
    article = first - 1 if first > 0 and doc[first - 1].lower_ == "the" else None
    if article is None:
        article = next((i for i in range(first, suffix - 1) if doc[i].lower_ == "the"), None)
    return article + 1 if article is not None and article < suffix - 1 else None


class Entities:
    """Media outlets as organisations of kind media; clean, consistent entity spans."""

    def __init__(self, nlp: Language, name: str = "claims_entities") -> None:
        self.name = name
        self.outlets = PhraseMatcher(nlp.vocab)
        self.outlets.add("MEDIA", [nlp.make_doc(name) for name in word_list("media_outlets.txt")])
        # "the <Title Case Words> <suffix>": found from the suffix, looking back.
        self.suffixes = PhraseMatcher(nlp.vocab, attr="ORTH")
        suffixes = table("media_suffixes.tsv")
        self.suffixes.add("SUFFIX", [nlp.make_doc(row["suffix"]) for row in suffixes])
        self.alone = frozenset(row["suffix"] for row in suffixes if row["alone"])
        self.anywhere = frozenset(row["suffix"] for row in suffixes if row["alone"] == "anywhere")

    def __call__(self, doc: Doc) -> Doc:
        media = self.find_media(doc)
        self.set_annotations(doc, media)
        return doc

    def find_media(self, doc: Doc) -> list[Span]:
        found = [
            Span(doc, start, end, label="ORG")
            for _, start, end in self.outlets(doc)
            if end - start > 1 or doc[start].pos_ in ("PROPN", "") or doc[start].ent_type_ == "ORG"
        ]
        for _, suffix, end in self.suffixes(doc):
            start = _titled_name_start(doc, suffix)
            if start is not None:
                found.append(Span(doc, start, end, label="ORG"))
        # "Yahoo News", "Tampa Bay Times": a name the model took for an organisation, ending
        # in a word that only outlets end in, or holding one ("Christian News Service")
        # ("Harbour Gazette" taken for a person, unless it starts with a given name: "Emily Post")
        found.extend(Span(doc, e.start, e.end, label="ORG") for e in doc.ents if len(e) > 1 and (
            e.label_ == "ORG" or e.label_ == "PERSON" and given_name_gender(e[0].text) is None) and (
            e[-1].text in self.alone or any(t.text in self.anywhere for t in e)))
        return filter_spans(found)

    def set_annotations(self, doc: Doc, media: list[Span]) -> None:
        text = text_of(doc)
        ents = [cleaned for ent in doc.ents if (cleaned := _clean(ent, text)) is not None]
        orgs = [e for e in ents if e.label_ == "ORG"]

        def covering(outlet: Span) -> Span | None:
            return next((e for e in orgs if e.start <= outlet.start and outlet.end <= e.end), None)

        # The model's ORG wins where it covers the outlet ("the Financial Times");
        # elsewhere the outlet replaces whatever the model thought overlapped it.
        # Two outlets can meet in one model ORG ("The Times/CBS News poll"): longest wins.
        outlets = set(filter_spans(list({covering(m) or m for m in media})))
        taken = {i for span in outlets for i in range(span.start, span.end)}
        rest = [e for e in ents if e not in outlets and not taken.intersection(range(e.start, e.end))]
        # filter_spans: no fix above may leave two entities on one token
        doc.ents = self._consistent(filter_spans([*outlets, *rest]))
        doc.spans[MEDIA] = sorted(outlets, key=lambda s: s.start)

    @staticmethod
    def _consistent(ents: list[Span]) -> list[Span]:
        """One surface form, one label: the label it has most often in the document."""
        labels: dict[str, Counter[str]] = defaultdict(Counter)
        for ent in ents:
            if ent.label_ in NAME_LABELS:
                labels[ent.text.lower()][ent.label_] += 1
        fixed = []
        for ent in ents:
            counts = labels.get(ent.text.lower())
            if counts and len(counts) > 1:
                best, n = counts.most_common(1)[0]
                if n > counts[ent.label_]:
                    ent = Span(ent.doc, ent.start, ent.end, label=best)
            fixed.append(ent)
        return fixed


@Language.factory("claims_entities", assigns=["doc.ents", "doc.spans"])
def make_entities(nlp: Language, name: str) -> Entities:
    return Entities(nlp, name)
