"""``Doc`` to records: the only place where spans become JSON-ready offsets.

Reads the span groups named in ``doc_keys`` and builds validated pydantic records; every
record is validated against the document text, so an offset that does not slice the
document fails here, loudly, not in a user's notebook.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable

from spacy.tokens import Doc, Span

from pipeline.doc_keys import CONTENTS, CUES, HEDGES, MEDIA, RESOLVED, SOURCES
from pipeline.records import Claim, Document, ErrorRecord

QUANTITY_LABELS = frozenset({"MONEY", "PERCENT", "CARDINAL", "QUANTITY", "DATE", "TIME", "ORDINAL"})


def _span(span: Span) -> dict:
    return {"text": span.text, "span": {"start": span.start_char, "end": span.end_char}}


def _entity(span: Span, media: set[tuple[int, int]]) -> dict:
    kind = "media" if (span.start_char, span.end_char) in media else None
    return {**_span(span), "label": span.label_, "kind": kind}


def _sentence_bounds(doc: Doc) -> list[tuple[int, int]]:
    """Sentence (start, end) token bounds, computed once: ``Span.sent`` rescans the doc."""
    if not doc.has_annotation("SENT_START"):
        return [(0, len(doc))]
    return [(s.start, s.end) for s in doc.sents]


def _sentence_of(bounds: list[tuple[int, int]], i: int) -> tuple[int, int]:
    return bounds[bisect_right(bounds, (i, len(bounds) and 1 << 62)) - 1]


def _trim(span: Span) -> Span:
    start, end = span.start, span.end
    while start < end and span.doc[start].is_space:
        start += 1
    while end > start and span.doc[end - 1].is_space:
        end -= 1
    return span.doc[start:end]


def _by_key(doc: Doc, key: str) -> dict[str, list[Span]]:
    grouped: dict[str, list[Span]] = defaultdict(list)
    for span in doc.spans.get(key, []):
        grouped[span.id_].append(span)
    return grouped


def _inside(spans: Iterable[Span], start: int, end: int) -> list[Span]:
    return [s for s in spans if s.start_char >= start and s.end_char <= end]


def claim_dicts(doc: Doc, doc_id: str) -> list[dict]:
    """Every claim of ``doc`` as plain data, in document order."""
    contents = _by_key(doc, CONTENTS)
    cues = _by_key(doc, CUES)
    sources = _by_key(doc, SOURCES)
    resolved = _by_key(doc, RESOLVED)
    media = {(s.start_char, s.end_char) for s in doc.spans.get(MEDIA, [])}
    ents = doc.ents
    entities = [e for e in ents if e.label_ not in QUANTITY_LABELS]
    quantities = [e for e in ents if e.label_ in QUANTITY_LABELS]
    hedges = list(doc.spans.get(HEDGES, []))

    text = doc.text  # Doc.text joins every token anew: once per document
    sentences = _sentence_bounds(doc)
    ordered = sorted(contents.items(), key=lambda item: min(s.start_char for s in item[1]))
    claims = []
    for number, (key, fragments) in enumerate(ordered, start=1):
        fragments = sorted(fragments, key=lambda s: s.start_char)
        start, end = fragments[0].start_char, max(s.end_char for s in fragments)
        first, last = fragments[0], max(fragments, key=lambda s: s.end_char)
        sentence = _trim(doc[_sentence_of(sentences, first.start)[0] : _sentence_of(sentences, last.end - 1)[1]])
        cue = cues.get(key, [None])[0]
        source = sources.get(key, [None])[0]
        referent = resolved.get(key, [None])[0]
        # A cue can hedge too: "reportedly", "did not seem".
        parts = [*fragments, *([cue] if cue is not None else [])]
        claim_hedges = sorted({h for p in parts for h in _inside(hedges, p.start_char, p.end_char)}, key=lambda h: h.start)
        claims.append(
            {
                "doc_id": doc_id,
                "claim_id": f"{doc_id}#{number}",
                "text": text[start:end],
                "span": {"start": start, "end": end},
                "fragments": [{"start": s.start_char, "end": s.end_char} for s in fragments],
                "sentence": _span(sentence),
                "attributed": cue is not None,
                "direct_quote": fragments[0].label_ == "direct",
                "source": None
                if source is None
                else {
                    **_span(source),
                    "type": source.label_,
                    "resolved": None if referent is None else _entity(referent, media),
                },
                "source_type": source.label_ if source is not None else ("impersonal" if cue is not None else "author"),
                "cue": None
                if cue is None
                else {**_span(cue), "lemma": cue.kb_id_, "form": cue.label_.split("/")[0], "kind": cue.label_.split("/")[1]},
                "entities": [_entity(e, media) for frag in fragments for e in _inside(entities, frag.start_char, frag.end_char)],
                "quantities": [
                    {**_span(q), "label": q.label_}
                    for frag in fragments
                    for q in _inside(quantities, frag.start_char, frag.end_char)
                ],
                "hedges": [{**_span(h), "lemma": h.kb_id_} for h in claim_hedges],
            }
        )
    return claims


def claim_records(doc: Doc, doc_id: str) -> list[Claim]:
    """The claims of ``doc``, each validated against the document text."""
    context = {"text": doc.text}
    return [Claim.model_validate(c, context=context) for c in claim_dicts(doc, doc_id)]


def document_record(
    doc: Doc, doc_id: str, path: str | None = None, errors: Iterable[ErrorRecord] = ()
) -> Document:
    """The whole article: its entities and claims, validated against its text."""
    media = {(s.start_char, s.end_char) for s in doc.spans.get(MEDIA, [])}
    text = doc.text
    return Document.model_validate(
        {
            "doc_id": doc_id,
            "path": path,
            "length": len(text),
            "entities": [_entity(e, media) for e in doc.ents],
            "claims": claim_dicts(doc, doc_id),
            "errors": [e.model_dump() for e in errors],
        },
        context={"text": text},
    )
