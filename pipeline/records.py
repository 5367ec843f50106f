"""The data contract: every record the pipeline emits, and nothing else.

Offsets are character (code point) offsets into the original document text, end
exclusive. Validate a ``Claim`` or a ``Document`` with ``context={"text": document_text}``
and every span in it is checked against the document it claims to slice.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

SCHEMA_VERSION = "1.1"

SourceType = Literal["person", "organization", "media", "anonymous", "group", "impersonal", "author"]
CueForm = Literal["verb", "noun", "prepositional", "impersonal", "adverb", "quotation"]
CueKind = Literal["speech", "writing", "belief", "intention", "report"]
Stance = Literal["asserted", "negated", "denied"]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CharSpan(Record):
    """Character offsets into the document, end exclusive."""

    start: Annotated[int, Field(ge=0)]
    end: Annotated[int, Field(ge=0)]


class TextSpan(Record):
    """A piece of the document: its text and where it stands."""

    text: str
    span: CharSpan


def _check_spans(spans: Iterable[CharSpan], pieces: Iterable[TextSpan], document: str | None) -> None:
    """Every span ordered, and every piece the slice of ``document`` it says it is.

    One pass per record, from the records the pipeline emits (``Claim``, ``Document``),
    rather than a validator on each of their hundreds of nested spans: pydantic calls a
    Python validator per nested model, and those calls cost more than the checks.
    """
    for piece in pieces:
        start, end = piece.span.start, piece.span.end
        if end < start:
            raise ValueError(f"span end {end} is before its start {start}")
        if document is not None and document[start:end] != piece.text:
            raise ValueError(f"text {piece.text!r} is not document[{start}:{end}]")
    for span in spans:
        if span.end < span.start:
            raise ValueError(f"span end {span.end} is before its start {span.start}")


class Entity(TextSpan):
    label: str = Field(description="spaCy entity label (PERSON, ORG, GPE, ...).")
    kind: Literal["media"] | None = Field(None, description="Finer kind: 'media' for outlets and agencies.")
    entity_id: str | None = Field(
        None, description="The document's entity this mention names ('E3'; see Document.referents), if any."
    )
    name: str | None = Field(
        None, description="That entity's canonical name, its fullest form: 'Donald J. Trump' for 'Mr. Trump'."
    )


ReferentType = Literal["person", "organization", "media"]
MentionForm = Literal["name", "pronoun", "description"]


class Mention(TextSpan):
    """A place where the document refers to an entity."""

    form: MentionForm = Field(description="'name' ('Trump'), 'pronoun' ('he', 'who') or 'description' ('the senator').")


class Referent(Record):
    """A person, organisation or outlet of the document, with every mention of it: its named
    ones, and the sources resolved to it."""

    entity_id: str = Field(description="Stable within the document: 'E1' is the first entity the body names.")
    name: str = Field(description="Canonical name: the fullest form the document gives ('Donald J. Trump').")
    type: ReferentType
    mentions: list[Mention]


class Quantity(TextSpan):
    label: str = Field(description="MONEY, PERCENT, CARDINAL, QUANTITY, DATE, TIME or ORDINAL.")


class Hedge(TextSpan):
    lemma: str = Field(description="The hedge as listed in the lexicon, e.g. 'may', 'do not seem'.")


class Cue(TextSpan):
    lemma: str = Field(description="Lemma of the cue: 'say', 'according to', 'it be report that'.")
    form: CueForm = Field(description="How the attribution is made grammatically.")
    kind: CueKind = Field(description="What is attributed: speech, writing, belief, intention or a report.")


class Source(TextSpan):
    type: SourceType
    resolved: Entity | None = Field(
        None,
        description="The entity this mention refers to ('he' -> 'Sam Altman'): its fullest mention in the "
        "document, with its entity_id and canonical name; null when the document names no such entity.",
    )


class Claim(Record):
    """One assertion of an article: what is claimed, by whom, and how."""

    record: Literal["claim"] = "claim"
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    claim_id: str = Field(description="Unique within the document: '<doc_id>#<n>'.")
    text: str = Field(description="The content, from the start of its first fragment to the end of its last.")
    span: CharSpan
    fragments: list[CharSpan] = Field(description="The content's pieces; two for a quotation split by its cue.")
    sentence: TextSpan = Field(description="The sentence (or sentences) the content stands in.")
    attributed: bool
    direct_quote: bool
    source: Source | None
    source_type: SourceType = Field(
        description="The source's type; 'impersonal' for an attributed claim with no source, "
        "'author' for a claim the article makes in its own voice."
    )
    cue: Cue | None
    stance: Stance = Field(
        "asserted",
        description="'asserted': the source says the content (or the article does, in its own voice); "
        "'negated': the cue is negated, the source is reported NOT to have said it ('did not say', "
        "'has never claimed', 'nobody said'); 'denied': the source says it is false ('denied that', "
        "'disputed the report', 'rejected the claim that'). A negated denial ('did not deny') is 'negated'.",
    )
    entities: list[Entity]
    quantities: list[Quantity]
    hedges: list[Hedge]

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> Claim:
        if self.attributed != (self.cue is not None):
            raise ValueError("a claim is attributed exactly when it has a cue")
        pieces: list[TextSpan] = [self, self.sentence, *self.entities, *self.quantities, *self.hedges]  # type: ignore[list-item]
        if self.cue is not None:
            pieces.append(self.cue)
        if self.source is not None:
            pieces.append(self.source)
            if self.source.resolved is not None:
                pieces.append(self.source.resolved)
        _check_spans(self.fragments, pieces, (info.context or {}).get("text"))
        return self


class ErrorRecord(Record):
    """A document that could not be processed, and why; the batch goes on."""

    record: Literal["error"] = "error"
    schema_version: str = SCHEMA_VERSION
    doc_id: str | None
    path: str | None
    line: int | None = Field(None, description="1-based line of a JSONL corpus, where the error is one line.")
    error_type: str = Field(description="A stable name: 'binary', 'encoding', 'empty', 'malformed_json', ...")
    message: str


class Producer(Record):
    """What made a record, so the outputs of two runs can be told apart."""

    tool: str = Field(description="'claim-pipeline'.")
    version: str = Field(description="Its version (`claims -V`).")
    spacy_version: str
    model: str = Field(description="The spaCy pipeline, '<lang>_<name>' of its meta: 'en_core_web_sm'.")
    model_version: str = Field(description="The spaCy pipeline's own version.")


class Document(Record):
    """One article with all it yields, for ``--per document``."""

    record: Literal["document"] = "document"
    schema_version: str = SCHEMA_VERSION
    doc_id: str
    path: str | None = None
    length: int = Field(description="Length of the document text in characters.")
    entities: list[Entity] = Field(description="Every entity mention the model found, quantities included.")
    referents: list[Referent] = Field(
        default_factory=list,
        description="Who is who: the people, organisations and outlets the document names, each with its mentions."
    )
    claims: list[Claim]
    errors: list[ErrorRecord]
    producer: Producer | None = Field(None, description="The tool and spaCy pipeline that made the record.")

    @model_validator(mode="after")
    def _entities_slice(self, info: ValidationInfo) -> Document:
        mentions = [m for r in self.referents for m in r.mentions]
        _check_spans((), [*self.entities, *mentions], (info.context or {}).get("text"))  # claims check their own
        return self


def plain(record: Document | dict) -> dict:
    """A document's record as plain data: ``claims batch`` passes documents on as the
    dicts ``export.document_dict`` builds; a ``Document`` from elsewhere is dumped."""
    return record.model_dump() if isinstance(record, Document) else record


SCHEMAS: dict[str, type[Record]] = {"claim": Claim, "document": Document, "error": ErrorRecord}
