"""``Doc`` to records: the only place where spans become JSON-ready offsets.

Reads the span groups named in ``doc_keys`` and builds the records as plain data, in the
order of the fields of ``pipeline.records``; every piece of text in them is a slice of
the document text, taken with the offsets beside it. ``document_record`` validates that
data against the pydantic models and the text, so an offset that does not slice the
document fails loudly, not in a user's notebook. ``claims batch`` writes
``document_dict`` as it is: validating ~25 claims of ~10 nested models per article
costs more than our slowest stage, and the records are correct by construction (the
tests validate the data of every article in ``corpus/`` against the models and check
that both give the same JSON lines).

The plain data of a document (``document_data``) can be computed where the ``Doc`` is
made: ``claims batch`` adds the ``claims_export`` component, which leaves only it (and
the text) in ``doc.user_data`` of an empty ``Doc``, so worker processes send back a few
dictionaries instead of a parsed document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.doc_keys import (
    CONTENTS,
    CUES,
    EXPORT,
    HEDGES,
    MEDIA,
    REFERENT_NAMES,
    REFERENTS,
    RESOLVED,
    SOURCES,
    STANCES,
    TEXT,
    text_of,
)
from pipeline.records import SCHEMA_VERSION, Claim, Document, ErrorRecord

QUANTITY_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"})


class _Records:
    """The records of spans, (start, end, record), sorted by where they start: the ones
    inside a range without a scan of them all, each record built once per document."""

    def __init__(self, records: Iterable[tuple[int, int, dict]]) -> None:
        self.records = sorted(records, key=lambda r: (r[0], r[1]))
        self.starts = [r[0] for r in self.records]

    def inside(self, start: int, end: int) -> list[tuple[int, int, dict]]:
        first, last = bisect_left(self.starts, start), bisect_left(self.starts, end)
        return [r for r in self.records[first:last] if r[1] <= end]


def _sentence_of(bounds: list[tuple[int, int]], i: int) -> tuple[int, int]:
    return bounds[bisect_right(bounds, (i, 1 << 62)) - 1]


def _trimmed(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Token range without whitespace tokens at its edges."""
    while start < end - 1 and doc[start].is_space:
        start += 1
    while end > start + 1 and doc[end - 1].is_space:
        end -= 1
    return start, end


def _by_key(doc: Doc, key: str) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(key, []):
        grouped[span.id_].append(span)
    return grouped


def document_data(doc: Doc) -> dict:
    """The document as plain data: its entities and claims (claims without ids)."""
    text = text_of(doc)
    media = {(s.start_char, s.end_char) for s in doc.spans.get(MEDIA, [])}

    def piece(start: int, end: int) -> dict:
        return {"text": text[start:end], "span": {"start": start, "end": end}}

    names = {s.id_: s.kb_id_ for s in doc.spans.get(REFERENT_NAMES, [])}
    named = [(s.start, s.end, s.start_char, s.end_char, s.id_, s.label_) for s in doc.spans.get(REFERENTS, [])]
    referent_at = {i: key for start, end, _, _, key, _ in named for i in range(start, end)}

    def entity(start: int, end: int, label: str, entity_id: str | None = None) -> dict:
        return {**piece(start, end), "label": label, "kind": "media" if (start, end) in media else None,
                "entity_id": entity_id, "name": names.get(entity_id) if entity_id is not None else None}

    contents = _by_key(doc, CONTENTS)
    cues = _by_key(doc, CUES)
    sources = _by_key(doc, SOURCES)
    resolved = _by_key(doc, RESOLVED)
    stances = {span.id_: span.label_ for span in doc.spans.get(STANCES, [])}
    exact = {(start, end): key for start, end, _, _, key, _ in named}  # a name, before a body named after it
    ents = [(e.start_char, e.end_char, e.label_,
             exact.get((e.start, e.end)) or referent_at.get(e.end - 1) or referent_at.get(e.start)) for e in doc.ents]
    all_entities = [entity(*e) for e in ents]
    entities = _Records((s, e, record) for (s, e, label, _), record in zip(ents, all_entities) if label not in QUANTITY_LABELS)
    quantities = _Records((s, e, {**piece(s, e), "label": label}) for s, e, label, _ in ents if label in QUANTITY_LABELS)
    hedges = _Records(
        (h.start_char, h.end_char, {**piece(h.start_char, h.end_char), "lemma": h.kb_id_}) for h in doc.spans.get(HEDGES, [])
    )
    sentences = [(s.start, s.end) for s in doc.sents] if doc.has_annotation("SENT_START") else [(0, len(doc))]

    claims = []
    for key, fragments in sorted(contents.items(), key=lambda item: min(s.start_char for s in item[1])):
        fragments = sorted(fragments, key=lambda s: s.start_char)
        last = max(fragments, key=lambda s: s.end_char)
        start, end = fragments[0].start_char, last.end_char
        first_token, end_token = _trimmed(
            doc, _sentence_of(sentences, fragments[0].start)[0], _sentence_of(sentences, last.end - 1)[1]
        )
        sentence_end = doc[end_token - 1]
        cue = cues.get(key, [None])[0]
        source = sources.get(key, [None])[0]
        referent = resolved.get(key, [None])[0]
        # A cue can hedge too: "reportedly", "did not seem".
        parts = [*fragments, *([cue] if cue is not None else [])]
        claim_hedges = {(h[0], h[1]): h[2] for p in parts for h in hedges.inside(p.start_char, p.end_char)}
        claims.append(
            {
                **piece(start, end),
                "fragments": [{"start": s.start_char, "end": s.end_char} for s in fragments],
                "sentence": piece(doc[first_token].idx, sentence_end.idx + len(sentence_end)),
                "attributed": cue is not None,
                "direct_quote": fragments[0].label_ == "direct",
                "source": None
                if source is None
                else {
                    **piece(source.start_char, source.end_char),
                    "type": source.label_,
                    "resolved": None
                    if referent is None
                    else entity(referent.start_char, referent.end_char, referent.label_, referent.kb_id_),
                },
                "source_type": source.label_ if source is not None else ("impersonal" if cue is not None else "author"),
                "cue": None
                if cue is None
                else {
                    **piece(cue.start_char, cue.end_char),
                    "lemma": cue.kb_id_,
                    "form": cue.label_.split("/")[0],
                    "kind": cue.label_.split("/")[1],
                },
                "stance": stances.get(key, "asserted"),
                "entities": [e[2] for f in fragments for e in entities.inside(f.start_char, f.end_char)],
                "quantities": [q[2] for f in fragments for q in quantities.inside(f.start_char, f.end_char)],
                "hedges": [claim_hedges[key] for key in sorted(claim_hedges)],
            }
        )
    return {"entities": all_entities, "referents": _referents(doc, piece, names, named, referent_at), "claims": claims}


def _referents(doc: Doc, piece, names: dict[str, str], named: list[tuple[int, int, int, int, str, str]],
               referent_at: dict[int, str]) -> list[dict]:
    """Each entity of the document with its mentions: the named ones (``named``: token and
    character bounds, entity id, type), and the sources resolved to it (a pronoun or a
    description)."""
    mentions: dict[str, dict[tuple[int, int], str]] = defaultdict(dict)
    kinds: dict[str, str] = {}
    for _, _, start_char, end_char, key, kind in named:
        mentions[key][(start_char, end_char)] = "name"
        kinds[key] = kind
    resolved = list(doc.spans.get(RESOLVED, []))
    sources = {s.id_: s for s in doc.spans.get(SOURCES, [])} if resolved else {}
    for span in resolved:
        source = sources.get(span.id_)
        if source is not None and span.kb_id_ in mentions:
            root = source.root
            form = "name" if root.i in referent_at else "pronoun" if root.pos_ == "PRON" else "description"
            mentions[span.kb_id_].setdefault((source.start_char, source.end_char), form)
    return [
        {"entity_id": key, "name": names.get(key, ""), "type": kinds[key],
         "mentions": [{**piece(start, end), "form": form} for (start, end), form in sorted(found.items())]}
        for key, found in sorted(mentions.items(), key=lambda item: int(item[0][1:]))
    ]


def _data(doc: Doc) -> dict:
    stored = doc.user_data.get(EXPORT)
    return stored if stored is not None else document_data(doc)


def _with_ids(claims: list[dict], doc_id: str) -> list[dict]:
    return [
        {"record": "claim", "schema_version": SCHEMA_VERSION, "doc_id": doc_id, "claim_id": f"{doc_id}#{n}", **c}
        for n, c in enumerate(claims, start=1)
    ]


def claim_records(doc: Doc, doc_id: str) -> list[Claim]:
    """The claims of ``doc``, each validated against the document text."""
    data = _data(doc)
    context = {"text": text_of(doc)}
    return [Claim.model_validate(c, context=context) for c in _with_ids(data["claims"], doc_id)]


def claims_of(doc: Doc) -> list[Claim]:
    """``Doc._.claims``: the claims our stages put on ``doc``, as validated records
    (``doc_id`` "doc", as ``pipeline.extract`` gives them)."""
    return claim_records(doc, "doc")


def register_extensions() -> None:
    """Give every ``Doc`` the ``claims`` extension, once. The claims stage calls this
    when it is imported, so a pipeline loaded with ``spacy.load`` has it without any
    import of ours."""
    if not Doc.has_extension("claims"):
        Doc.set_extension("claims", getter=claims_of)


def document_dict(doc: Doc, doc_id: str, path: str | None = None, errors: Iterable[ErrorRecord] = (),
                  producer: dict | None = None) -> dict:
    """The whole article as plain data: a ``Document`` record's fields, in its order,
    not validated (see the module docstring). ``producer`` (``about.producer``) is
    what the ``claims_export`` stage recorded, if it ran, else the one given."""
    data = _data(doc)
    return {
        "record": "document",
        "schema_version": SCHEMA_VERSION,
        "doc_id": doc_id,
        "path": path,
        "length": len(text_of(doc)),
        "entities": data["entities"],
        "referents": data["referents"],
        "claims": _with_ids(data["claims"], doc_id),
        "errors": [e.model_dump() for e in errors],
        "producer": data.get("producer", producer),
    }


def document_record(
    doc: Doc, doc_id: str, path: str | None = None, errors: Iterable[ErrorRecord] = (), producer: dict | None = None
) -> Document:
    """The whole article: its entities and claims, validated against its text."""
    return Document.model_validate(document_dict(doc, doc_id, path, errors, producer), context={"text": text_of(doc)})


class Export:
    """Computes ``document_data`` and returns an empty ``Doc`` that holds only it and the
    text: for ``claims batch``, where a ``Doc`` is exported and dropped, and, with
    workers, sent between processes first. Tokens, tensors and spans stay behind, so a
    worker sends back a few kilobytes instead of the ~250 KB of a parsed article."""

    def __init__(self, name: str = "claims_export", producer: dict | None = None) -> None:
        self.name = name
        self.producer = producer

    def __call__(self, doc: Doc) -> Doc:
        kept = Doc(doc.vocab, words=[])
        kept.user_data[TEXT] = text_of(doc)
        kept.user_data[EXPORT] = {**document_data(doc), "producer": self.producer}
        return kept


@Language.factory("claims_export", assigns=["doc.user_data"])
def make_export(nlp: Language, name: str) -> Export:
    from pipeline.about import producer

    return Export(name, producer(nlp))
