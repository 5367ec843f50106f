"""What kind of source speaks, and who "he" or "the company" is: researchers count
anonymous and group sources, and a pronoun is no use to them without its referent.

Relabels ``doc.spans["claims_sources"]`` with the source type (person, organization,
media, anonymous, group) and sets ``doc.spans["claims_resolved"]``: for each source that
refers to an entity of ``doc.spans["claims_referents"]``, that entity's canonical
mention (``kb_id_``: the entity id), under the source's ``span.id_``. Sources are
resolved in document order, each one a mention the next pronoun may point back to
(``pipeline.referents.resolve``).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_keys import RESOLVED, SOURCES
from pipeline.referents.resolve import Resolution, Resolver, place_nouns
from pipeline.resources import table, word_list

QUANTIFIERS = frozenset(
    "several many some most all few none each both one two three majority half number group handful dozen couple".split()
)


class Sources:
    """Source types and referents."""

    def __init__(self, nlp: Language, name: str = "claims_sources") -> None:
        self.name = name
        self.nouns = {row["noun"]: row["type"] for row in table("source_nouns.tsv")}
        self.nouns.update((noun, "organization") for noun in place_nouns())  # "the state said"
        self.anonymity = tuple(tuple(cue.split()) for cue in word_list("anonymity_cues.txt"))

    def __call__(self, doc: Doc) -> Doc:
        resolver = Resolver(doc, self.nouns)
        typed, resolved = [], []
        for mention in resolver.in_order(doc.spans.get(SOURCES, [])):
            resolution = self.classify(mention, resolver)
            typed.append(Span(doc, mention.start, mention.end, label=resolution.type, span_id=mention.id))
            name = resolver.entity_name(resolution.referent) if resolution.referent is not None else None
            if name is not None:
                label = name.root.ent_type_ or ("PERSON" if name.label_ == "person" else "ORG")
                resolved.append(Span(doc, name.start, name.end, label=label, kb_id=name.id_, span_id=mention.id))
        doc.spans[SOURCES] = typed
        doc.spans[RESOLVED] = resolved
        return doc

    def classify(self, mention: Span, resolver: Resolver) -> Resolution:
        root = mention.root
        if root.lemma_.lower() in QUANTIFIERS and root.pos_ != "NUM":
            # "several of the company's investors": the noun after "of" says who.
            of = next((c for c in root.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
            if inner is not None and inner.pos_ != "PRON":
                mention = mention.doc[inner.left_edge.i : inner.right_edge.i + 1]
                root = inner
        if self._anonymous(mention):
            return Resolution("anonymous")
        if root.pos_ == "NUM" or root.ent_type_ in ("CARDINAL", "PERCENT"):
            return Resolution("group")  # "one in four", "62 percent of voters": a share of people
        return resolver.resolve(mention)

    def _anonymous(self, mention: Span) -> bool:
        """An unnamed informant: "a nurse who asked not to be named", "officials speaking
        on condition of anonymity", "people familiar with the talks"."""
        root = mention.root
        if root.pos_ == "PROPN" or root.ent_type_ == "PERSON":
            return False
        doc = mention.doc
        # its own phrase, and what stands between it and its verb ("A nurse, speaking
        # on condition of anonymity, said")
        stretch = list(root.subtree)
        if root.head.i > mention.end:
            stretch += doc[mention.end : root.head.i]
        words = [t.lower_ for t in stretch]
        return any(
            tuple(words[i : i + len(cue)]) == cue for cue in self.anonymity for i in range(len(words) - len(cue) + 1)
        )


@Language.factory("claims_sources", assigns=["doc.spans"], requires=["doc.ents"])
def make_sources(nlp: Language, name: str) -> Sources:
    return Sources(nlp, name)
