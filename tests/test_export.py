"""Records and export: validation against the document text, unique claim ids, and a
document record that survives a JSON round trip."""

from __future__ import annotations

import json

import pytest
from conftest import assert_all_spans_slice, fixture_text
from pydantic import ValidationError

from pipeline import extract_document
from pipeline.export import claim_records, document_record
from pipeline.records import SCHEMA_VERSION, Claim, Document, ErrorRecord

TEXT = "Analysts say the merger will fail."


def at(piece: str, text: str = TEXT) -> dict:
    start = text.index(piece)
    return {"text": piece, "span": {"start": start, "end": start + len(piece)}}


def claim_data(**changes) -> dict:
    content = at("the merger will fail")
    data = {
        "doc_id": "d",
        "claim_id": "d#1",
        "text": content["text"],
        "span": content["span"],
        "fragments": [content["span"]],
        "sentence": at(TEXT),
        "attributed": True,
        "direct_quote": False,
        "source": {**at("Analysts"), "type": "group", "resolved": None},
        "source_type": "group",
        "cue": {**at("say"), "lemma": "say", "form": "verb", "kind": "speech"},
        "entities": [],
        "quantities": [],
        "hedges": [],
    }
    data.update(changes)
    return data


def test_a_valid_claim_validates():
    claim = Claim.model_validate(claim_data(), context={"text": TEXT})
    assert claim.schema_version == SCHEMA_VERSION
    assert claim.record == "claim"


@pytest.mark.parametrize(
    "field,value",
    [
        ("text", "the merger will fall"),
        ("span", {"start": 14, "end": 33}),
        ("source", {"text": "Analysts", "span": {"start": 1, "end": 9}, "type": "group", "resolved": None}),
        ("cue", {"text": "says", "span": {"start": 9, "end": 13}, "lemma": "say", "form": "verb", "kind": "speech"}),
        ("sentence", {"text": TEXT, "span": {"start": 0, "end": len(TEXT) - 1}}),
        ("hedges", [{"text": "will", "span": {"start": 0, "end": 4}, "lemma": "will"}]),
        ("entities", [{"text": "Analysts", "span": {"start": 0, "end": 7}, "label": "NORP", "kind": None}]),
        ("quantities", [{"text": "34", "span": {"start": 0, "end": 2}, "label": "CARDINAL"}]),
        (
            "source",
            {**at("Analysts"), "type": "group",
             "resolved": {"text": "Analysts", "span": {"start": 1, "end": 9}, "label": "NORP", "kind": None}},
        ),
    ],
)
def test_a_span_that_does_not_slice_the_document_is_rejected(field, value):
    with pytest.raises(ValidationError, match="document"):
        Claim.model_validate(claim_data(**{field: value}), context={"text": TEXT})
    # without the document there is nothing to check against
    Claim.model_validate(claim_data(**{field: value}))


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"span": {"start": 20, "end": 10}}, "before its start"),
        ({"fragments": [{"start": 20, "end": 10}]}, "before its start"),
        ({"cue": {"text": "", "span": {"start": 9, "end": 8}, "lemma": "say", "form": "verb", "kind": "speech"}},
         "before its start"),
        ({"span": {"start": -1, "end": 10}}, "greater than or equal"),
        ({"cue": None}, "attributed exactly when"),
        ({"attributed": False}, "attributed exactly when"),
        ({"source_type": "journalist"}, "source_type"),
        ({"colour": "red"}, "Extra inputs"),
    ],
)
def test_malformed_claims_are_rejected(changes, message):
    with pytest.raises(ValidationError, match=message):
        Claim.model_validate(claim_data(**changes))


def test_records_are_frozen():
    claim = Claim.model_validate(claim_data())
    with pytest.raises(ValidationError):
        claim.text = "something else"


def test_claim_records_validate_against_the_document(nlp):
    doc = nlp(TEXT)
    [claim] = claim_records(doc, "d")
    assert claim.text == TEXT[claim.span.start : claim.span.end]
    assert claim.claim_id == "d#1"


def test_claim_ids_are_unique(nlp):
    text = fixture_text("entities_article.txt") + "\n\n" + fixture_text("quote_paragraphs.txt")
    record = extract_document(text, doc_id="x", nlp=nlp)
    ids = [c.claim_id for c in record.claims]
    assert len(ids) > 5
    assert len(ids) == len(set(ids))
    assert all(i.startswith("x#") for i in ids)


def test_document_round_trip(nlp):
    text = fixture_text("entities_article.txt")
    record = document_record(nlp(text), "north", path="articles/north.txt")
    assert (record.doc_id, record.path, record.length, record.errors) == ("north", "articles/north.txt", len(text), [])
    line = record.model_dump_json()
    assert "\n" not in line
    again = Document.model_validate(json.loads(line), context={"text": text})
    assert again == record
    assert Document.model_validate_json(line) == record
    assert_all_spans_slice(text, again)


def test_claim_round_trip_through_json(nlp):
    text = fixture_text("quote_paragraphs.txt")
    for claim in extract_document(text, nlp=nlp).claims:
        data = json.loads(claim.model_dump_json())
        assert data["schema_version"] == SCHEMA_VERSION
        assert {"doc_id", "claim_id", "text", "span", "sentence", "attributed", "source", "cue", "direct_quote",
                "entities", "quantities", "hedges"} <= set(data)
        assert Claim.model_validate(data, context={"text": text}) == claim


def test_document_with_errors_round_trips():
    error = ErrorRecord(doc_id="bad", path="in/bad.txt", error_type="encoding", message="not UTF-8")
    record = Document(doc_id="bad", length=0, entities=[], claims=[], errors=[error])
    assert Document.model_validate_json(record.model_dump_json()) == record
    assert json.loads(error.model_dump_json())["record"] == "error"


def test_document_rejects_an_entity_that_does_not_slice():
    bad = {"doc_id": "d", "length": len(TEXT), "claims": [], "errors": [],
           "entities": [{"text": "Analyst", "span": {"start": 1, "end": 8}, "label": "NORP", "kind": None}]}
    with pytest.raises(ValidationError, match="document"):
        Document.model_validate(bad, context={"text": TEXT})


def test_char_span_offsets_are_code_points(nlp):
    text = "\U0001F600 Caf\u00e9 owners say the rent will double."
    record = extract_document(text, nlp=nlp)
    assert record.claims
    assert_all_spans_slice(text, record)
    [claim] = record.claims
    assert claim.source.span.start == 2  # the emoji is one code point (two UTF-16 units, four bytes)
    assert claim.source.text == "Caf\u00e9 owners"


def test_document_entities_are_checked_against_the_document(nlp):
    text = fixture_text("entities_article.txt")
    data = document_record(nlp(text), "north").model_dump()
    data["entities"][0]["span"]["start"] += 1
    with pytest.raises(ValidationError, match="document"):
        Document.model_validate(data, context={"text": text})


def test_the_export_stage_keeps_the_records_and_drops_the_spans(nlp):
    """``claims batch`` exports inside the pipeline (``claims_export``): the same records,
    and an empty ``Doc`` that carries them and the text, through ``to_bytes`` too."""
    from spacy.tokens import Doc

    from pipeline.doc_keys import EXPORT
    from pipeline.export import Export

    text = fixture_text("render_article.txt")
    doc = nlp(text)
    expected = document_record(doc, "q")
    assert sum(c.attributed for c in expected.claims) >= 2
    exported = Export()(doc)
    assert len(exported) == 0 and not exported.spans
    data = exported.to_bytes()
    assert len(data) < len(doc.to_bytes()) / 5
    travelled = Doc(nlp.vocab).from_bytes(data)
    assert EXPORT in travelled.user_data
    assert document_record(travelled, "q") == expected
