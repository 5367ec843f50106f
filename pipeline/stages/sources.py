"""What kind of source speaks, and who "he" or "the company" is: researchers count
anonymous and group sources, and a pronoun is no use to them without its referent.

Relabels ``doc.spans["claims_sources"]`` with the source type (person, organization,
media, anonymous, group) and sets ``doc.spans["claims_resolved"]``: the named entity each
source mention refers to, under the same ``span.id_``.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_keys import MEDIA, RESOLVED, SOURCES
from pipeline.resources import table

PERSONAL = frozenset({"he", "she", "him", "her", "his", "i", "me", "my"})
PLURAL = frozenset({"they", "them", "we", "us", "their", "our"})
RELATIVE = frozenset({"who", "which", "that", "whom"})
QUANTIFIERS = frozenset("several many some most all few none each both one two three majority half number".split())
ENTITY_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "organization", "NORP": "group", "FAC": "organization"}


class Sources:
    """Source types and referents."""

    def __init__(self, nlp: Language, name: str = "claims_sources") -> None:
        self.name = name
        self.nouns = {row["noun"]: row["type"] for row in table("source_nouns.tsv")}

    def __call__(self, doc: Doc) -> Doc:
        typed, resolved = [], []
        media = {(s.start, s.end) for s in doc.spans.get(MEDIA, [])}
        ents = doc.ents  # built anew at every access: once per document
        for mention in doc.spans.get(SOURCES, []):
            source_type, referent = self.classify(mention, media, ents)
            typed.append(Span(doc, mention.start, mention.end, label=source_type, span_id=mention.id))
            if referent is not None:
                resolved.append(Span(doc, referent.start, referent.end, label=referent.label_, span_id=mention.id))
        doc.spans[SOURCES] = typed
        doc.spans[RESOLVED] = resolved
        return doc

    def classify(
        self, mention: Span, media: set[tuple[int, int]], ents: tuple[Span, ...]
    ) -> tuple[str, Span | None]:
        root = mention.root
        if root.lemma_.lower() in QUANTIFIERS:
            # "several of the company's investors": the noun after "of" says who.
            of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            root = next((c for c in of.children if c.dep_ == "pobj"), root) if of is not None else root
        word = root.lower_
        if word in RELATIVE and root.head.dep_ == "relcl" or word in RELATIVE and root.head.head.i != root.head.i:
            antecedent = root.head.head if root.head.dep_ == "relcl" else None
            if antecedent is not None:
                return self._of_entity(self._entity_at(ents, antecedent.i), media, antecedent.lemma_.lower(), ents)
        if root.pos_ == "NUM" or root.ent_type_ in ("CARDINAL", "PERCENT"):
            return "group", None  # "one in four", "62 percent of voters": a share of people
        if word in PERSONAL:
            return "person", self._previous(ents, mention.start, ("PERSON",))
        if word == "it":
            return "organization", self._previous(ents, mention.start, ("ORG", "GPE"))
        if word in PLURAL:
            referent = self._previous(ents, mention.start, ("ORG", "GPE"))
            return ("organization" if referent is not None else "group"), referent
        entity = self._entity_at(ents, root.i) or next(
            (e for e in ents if mention.start <= e.start and e.end <= mention.end and e.label_ in ENTITY_TYPES), None
        )  # not mention.ents: it builds doc.ents anew
        noun = root.lemma_.lower()
        apposition = next((c for c in root.children if c.dep_ == "appos"), None)
        if apposition is not None:
            # "Kellford's mayor, Janet Oyelaran," / "Marta Ilves, the chief executive,":
            # the name gives the referent, the description the type.
            named = self._entity_at(ents, apposition.i)
            described = self.nouns.get(apposition.lemma_.lower())
            if entity is None and named is not None and named.label_ == "PERSON":
                return "person", named
            if entity is not None and described == "person":
                return "person", entity
        if root.pos_ == "PROPN" and (entity is None or entity.label_ != "PERSON"):
            # "Ilves said", after "Marta Ilves": the model may miss or mislabel a surname.
            person = self._same_person(ents, mention)
            if person is not None:
                return "person", person
        if entity is not None and (noun not in self.nouns or root.pos_ == "PROPN"):
            return self._of_entity(entity, media, noun, ents)
        kind = self.nouns.get(noun)
        if kind == "group" and root.tag_ == "NN":
            kind = "person"  # "critics" are a group, "a critic" is one person
        if kind in ("anonymous", "group"):
            return kind, None
        if kind in ("organization", "media", "person") and any(t.lower_ in ("the", "this", "that") for t in root.lefts):
            labels = {"organization": ("ORG",), "media": ("ORG",), "person": ("PERSON",)}[kind]
            referent = self._previous(ents, mention.start, labels, media_only=kind == "media", media=media)
            return kind, referent
        if kind is not None:
            return kind, None
        if root.pos_ == "PROPN":
            return "organization", None
        return ("group" if root.tag_ == "NNS" else "person"), None

    def _of_entity(
        self, entity: Span | None, media: set[tuple[int, int]], noun: str, ents: tuple[Span, ...]
    ) -> tuple[str, Span | None]:
        if entity is None:
            kind = self.nouns.get(noun, "organization")
            return kind, None
        if (entity.start, entity.end) in media:
            return "media", entity
        if entity.label_ == "PERSON":
            entity = self._same_person(ents, entity) or entity
        return ENTITY_TYPES.get(entity.label_, "organization"), entity

    @staticmethod
    def _same_person(ents: tuple[Span, ...], mention: Span) -> Span | None:
        """The first, fullest earlier mention of a person named by ``mention``'s last word."""
        last = mention[-1].lower_
        for ent in ents:
            if ent.start >= mention.start:
                return None
            if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].lower_ == last and ent.text != mention.text:
                return ent
        return None

    @staticmethod
    def _entity_at(ents: tuple[Span, ...], i: int) -> Span | None:
        return next((e for e in ents if e.start <= i < e.end), None)

    @staticmethod
    def _previous(
        ents: tuple[Span, ...], before: int, labels: tuple[str, ...], media_only: bool = False, media: set[tuple[int, int]] | None = None
    ) -> Span | None:
        """The nearest entity of one of ``labels`` before token ``before``; a surname is
        widened to the fullest earlier mention of the same person."""
        is_media = media or set()
        candidates = [
            e
            for e in ents
            if e.end <= before and e.label_ in labels and ((e.start, e.end) in is_media) == media_only
        ]
        if not candidates:
            return None
        nearest = candidates[-1]
        if nearest.label_ == "PERSON":
            last = nearest[-1].lower_
            fuller = [e for e in candidates if e.label_ == "PERSON" and e[-1].lower_ == last and len(e) > len(nearest)]
            if fuller:
                return fuller[0]
        return nearest


@Language.factory("claims_sources", assigns=["doc.spans"], requires=["doc.ents"])
def make_sources(nlp: Language, name: str) -> Sources:
    return Sources(nlp, name)
