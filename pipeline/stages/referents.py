"""Who is who, before any source is resolved: a researcher counts "Donald J. Trump",
"Mr. Trump" and "Trump" as one person, and a pronoun can only point at an entity the
document has.

Sets ``doc.spans["claims_referents"]`` (every named mention of a person, organisation or
outlet; ``id_``: the entity's id, ``label_``: its type, ``kb_id_``: its canonical name)
and ``doc.spans["claims_referent_names"]`` (each entity's fullest mention).
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_keys import REFERENT_NAMES, REFERENTS
from pipeline.referents.picture import Referent, build


class Referents:
    """Named mentions grouped into entities with ids, types and canonical names."""

    def __init__(self, nlp: Language, name: str = "claims_referents") -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        self.set_annotations(doc, build(doc))
        return doc

    @staticmethod
    def set_annotations(doc: Doc, referents: list[Referent]) -> None:
        mentions, names = [], []
        for referent in referents:
            name = referent.name
            for span in referent.mentions:
                mentions.append(Span(doc, span.start, span.end, label=referent.kind, kb_id=name, span_id=referent.id))
            canonical = referent.canonical
            names.append(Span(doc, canonical.start, canonical.end, label=referent.kind, kb_id=name, span_id=referent.id))
        doc.spans[REFERENTS] = sorted(mentions, key=lambda s: s.start)
        doc.spans[REFERENT_NAMES] = names


@Language.factory("claims_referents", assigns=["doc.spans"], requires=["doc.ents"])
def make_referents(nlp: Language, name: str) -> Referents:
    return Referents(nlp, name)
