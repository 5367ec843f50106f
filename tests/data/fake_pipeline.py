"""A fast, deterministic stand-in for the claims pipeline, for the tests of reading,
batching and writing (they test the plumbing, not the linguistics).

``make_nlp()`` is a blank English pipeline with a sentencizer; ``document_record`` turns
each sentence into a claim (attributed, with cue "said" and the first word as source,
when the sentence contains "said") and each capitalised word that does not start a
sentence into an entity. A text containing ``EXPLODE`` makes a component raise, one
containing ``EXPORTFAIL`` makes export raise. ``FAKE_CLAIMS_DELAY`` (seconds) slows each
document down, for the tests that kill a batch midway.
"""

from __future__ import annotations

import os
import time

import spacy
from spacy.language import Language

from pipeline.records import CharSpan, Claim, Cue, Document, Entity, Source, TextSpan


@Language.component("test_fake_slow")
def _slow(doc):
    delay = float(os.environ.get("FAKE_CLAIMS_DELAY") or 0)
    if delay:
        time.sleep(delay)
    return doc


@Language.component("test_fake_explode")
def _explode(doc):
    if "EXPLODE" in doc.text:
        raise ValueError("this component cannot handle EXPLODE")
    return doc


def make_nlp(max_length: int | None = None):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("test_fake_slow")
    nlp.add_pipe("test_fake_explode")
    if max_length is not None:
        nlp.max_length = max_length
    return nlp


def load(model=None):
    """Stands in for ``pipeline.load``."""
    return make_nlp(int(os.environ["FAKE_MAX_LENGTH"]) if os.environ.get("FAKE_MAX_LENGTH") else None)


def _span(start: int, end: int) -> CharSpan:
    return CharSpan(start=start, end=end)


def document_record(doc, doc_id: str, path: str | None = None) -> Document:
    """Stands in for ``pipeline.export.document_record``."""
    if "EXPORTFAIL" in doc.text:
        raise RuntimeError("export cannot handle EXPORTFAIL")
    claims = []
    entities = []
    for sent in doc.sents:
        words = [token for token in sent if not token.is_space]
        if not any(token.is_alpha for token in words):
            continue
        start, end = words[0].idx, words[-1].idx + len(words[-1])
        for token in words[1:]:
            if token.is_title and token.is_alpha:
                entities.append(Entity(text=token.text, span=_span(token.idx, token.idx + len(token)), label="ORG"))
        said = next((token for token in words if token.lower_ == "said"), None)
        cue = source = None
        if said is not None:
            cue = Cue(text=said.text, span=_span(said.idx, said.idx + len(said)), lemma="say", form="verb",
                      kind="speech")
            first = words[0]
            source = Source(text=first.text, span=_span(first.idx, first.idx + len(first)), type="person")
        text = doc.text[start:end]
        claims.append(Claim(
            doc_id=doc_id, claim_id=f"{doc_id}#{len(claims) + 1}", text=text, span=_span(start, end),
            fragments=[_span(start, end)], sentence=TextSpan(text=text, span=_span(start, end)),
            attributed=said is not None, direct_quote=False, source=source, cue=cue,
            source_type="person" if said is not None else "author",
            entities=[entity for entity in entities if start <= entity.span.start < end], quantities=[], hedges=[],
        ))
    record = Document(doc_id=doc_id, path=path, length=len(doc.text), entities=entities, claims=claims, errors=[])
    return Document.model_validate(record.model_dump(), context={"text": doc.text})


def install() -> None:
    """Make the CLI use this pipeline: ``pipeline.load``, and ``document_record`` as the
    exporter of ``claims extract`` and of ``claims batch`` (``document_dict``)."""
    import pipeline
    import pipeline.cli
    import pipeline.export

    pipeline.export.document_record = document_record
    pipeline.export.document_dict = document_record
    pipeline.load = load
    pipeline.cli._load = load
