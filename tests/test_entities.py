"""claims_entities: media outlets are organisations of kind media; entities never cross a
block boundary or keep edge whitespace; one surface form, one label."""

from __future__ import annotations

import re

import pytest
from conftest import assert_span, fixture_text
from spacy.tokens import Span

from pipeline import extract_document
from pipeline.doc_keys import MEDIA


def name(text: str) -> str:
    """An outlet's name without its article: whether "the" belongs to the entity is the
    model's convention, not ours."""
    return re.sub(r"^(?:the|The)\s+", "", text)


def media_of(doc) -> list[tuple[str, str]]:
    return [(name(s.text), s.label_) for s in doc.spans[MEDIA]]


# -- on spacy.blank("en"): the lexicon and the rules, no model ----------------------------


@pytest.mark.parametrize(
    "text,expected",
    [
        ("According to the Financial Times, it rained.", [("Financial Times", "ORG")]),
        ("Reuters said it rained.", [("Reuters", "ORG")]),
        ("It rained, the Springfield Gazette said.", [("Springfield Gazette", "ORG")]),
        ("The Lakeside Daily News said it rained.", [("Lakeside Daily News", "ORG")]),
        ("It rained, the Old Harbour Post and the Associated Press said.", [("Old Harbour Post", "ORG"), ("Associated Press", "ORG")]),
        ("It rained in the times of old.", []),
        ("The weather was bad.", []),
    ],
)
def test_media_on_blank(blank, text, expected):
    blank.add_pipe("claims_entities")
    doc = blank(text)
    assert media_of(doc) == expected
    assert {(name(e.text), e.label_) for e in doc.ents} >= set(expected)


def test_outlet_names_found_from_their_suffix_equal_a_matcher_pattern(blank):
    """The walk back from a suffix ("Times") gives what the token pattern [the] [Title]+
    [suffix] gives spaCy's ``Matcher`` (greedy, longest), on random word sequences."""
    import random

    from spacy.matcher import Matcher
    from spacy.util import filter_spans

    from pipeline.resources import table
    from pipeline.stages.entities import _titled_name_start

    suffixes = [row["suffix"] for row in table("media_suffixes.tsv")]
    matcher = Matcher(blank.vocab)
    matcher.add("MEDIA", [[{"LOWER": "the"}, {"IS_TITLE": True, "OP": "+"}, {"ORTH": {"IN": suffixes}}]],
                greedy="LONGEST")
    words = ["the", "The", "THE", "New", "York", "Daily", "Sunday", "of", ",", "said", *suffixes[:4]]
    rng = random.Random(7)
    for _ in range(3000):
        doc = blank.make_doc(" ".join(rng.choice(words) for _ in range(rng.randint(2, 12))))
        expected = sorted((start + 1, end) for _, start, end in matcher(doc))
        found = [Span(doc, start, end) for start, end in
                 ((_titled_name_start(doc, i), i + 1) for i, t in enumerate(doc) if t.text in suffixes)
                 if start is not None]
        assert sorted((s.start, s.end) for s in filter_spans(found)) == expected, doc.text


def test_entity_is_cut_at_a_blank_line(blank):
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("He joined Acme Corp \n\nin May.")
    assert doc[4].text == "\n\n"
    doc.ents = [Span(doc, 2, 6, label="ORG")]  # "Acme Corp \n\nin"
    doc = entities(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Acme Corp", "ORG")]


def test_entity_keeps_a_space_that_is_no_line_break(blank):
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("Prices rose 1\u00a0percent in May.")
    assert doc[3].is_space
    doc.ents = [Span(doc, 2, 5, label="PERCENT")]
    doc = entities(doc)
    assert [e.text for e in doc.ents] == ["1\u00a0percent"]


def test_entity_loses_trailing_whitespace(blank):
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("He joined Acme Corp \n\nlast year.")
    doc.ents = [Span(doc, 2, 5, label="ORG")]  # "Acme Corp \n\n"
    doc = entities(doc)
    assert [e.text for e in doc.ents] == ["Acme Corp"]


def test_a_currency_symbol_the_model_put_at_the_end_of_one_amount_opens_the_next(blank):
    """"nine $2,500 donations", read by the model as MONEY "nine $" and MONEY "2,500":
    each amount gets the symbol back, and no token is in two entities (spaCy refuses)."""
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("He received nine $2,500 donations.")
    assert [t.text for t in doc][2:5] == ["nine", "$", "2,500"]
    doc.ents = [Span(doc, 2, 4, label="MONEY"), Span(doc, 4, 5, label="MONEY")]
    doc = entities(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("nine", "MONEY"), ("$2,500", "MONEY")]


def test_one_surface_form_one_label(blank):
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("Jordan said so. Jordan agreed. Jordan left.")
    jordans = [t.i for t in doc if t.text == "Jordan"]
    doc.ents = [Span(doc, jordans[0], jordans[0] + 1, label="PERSON"),
                Span(doc, jordans[1], jordans[1] + 1, label="GPE"),
                Span(doc, jordans[2], jordans[2] + 1, label="PERSON")]
    doc = entities(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Jordan", "PERSON")] * 3


def test_outlet_replaces_an_overlapping_wrong_entity(blank):
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("Reuters said it rained.")
    doc.ents = [Span(doc, 0, 1, label="PERSON")]
    doc = entities(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Reuters", "ORG")]
    assert [s.text for s in doc.spans[MEDIA]] == ["Reuters"]


def test_two_outlets_meeting_in_one_model_org_do_not_overlap(blank):
    """"The Times/CBS News poll": the outlet "The Times" starts before the model's ORG
    "Times/CBS News", which covers "CBS News"; the longer one is kept, no overlap."""
    entities = blank.add_pipe("claims_entities")
    doc = blank.make_doc("The Times/CBS News poll was published on Monday.")
    words = [t.text for t in doc]
    start, end = words.index("Times"), words.index("News") + 1
    doc.ents = [Span(doc, start, end, label="ORG")]
    doc = entities(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [(doc[start:end].text, "ORG")]
    assert [s.text for s in doc.spans[MEDIA]] == [doc[start:end].text]


# -- with the model ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text,outlet",
    [
        ("According to the Financial Times, the deal is off.", "Financial Times"),
        ("Reuters said the talks had stalled.", "Reuters"),
        ("The story was first reported by the Springfield Gazette on Friday.", "Springfield Gazette"),
        ("The Riverside Herald said the mayor had lied.", "Riverside Herald"),
        ("The Associated Press reported the merger.", "Associated Press"),
        ("Bloomberg News reported the merger on Monday.", "Bloomberg News"),
    ],
)
def test_media_with_model(nlp, text, outlet):
    doc = nlp(text)
    media = [s for s in doc.spans[MEDIA] if name(s.text) == outlet]
    assert len(media) == 1, [s.text for s in doc.spans[MEDIA]]
    assert (media[0].start, media[0].end, "ORG") in {(e.start, e.end, e.label_) for e in doc.ents}
    record = extract_document(text, nlp=nlp)
    [entity] = [e for e in record.entities if name(e.text) == outlet]
    assert_span(text, entity, media[0].text)
    assert (entity.label, entity.kind) == ("ORG", "media")


def test_non_media_org_has_no_kind(nlp):
    text = "Acme Corp said profits rose."
    [entity] = [e for e in extract_document(text, nlp=nlp).entities if e.text == "Acme Corp"]
    assert (entity.label, entity.kind) == ("ORG", None)


@pytest.mark.parametrize("name_", ["structure_article.txt", "structure_markdown.md", "entities_article.txt"])
def test_no_entity_crosses_a_blank_line_or_has_edge_whitespace(nlp, name_):
    text = fixture_text(name_)
    doc = nlp(text)
    assert doc.ents
    for ent in doc.ents:
        assert ent.text == ent.text.strip(), ent.text
        assert "\n" not in ent.text and "\r" not in ent.text, ent.text
    for entity in extract_document(text, nlp=nlp).entities:
        assert_span(text, entity, entity.text.strip())


def test_one_surface_form_one_label_in_an_article(nlp):
    doc = nlp(fixture_text("entities_article.txt"))
    labels: dict[str, set[str]] = {}
    for ent in doc.ents:
        labels.setdefault(ent.text.lower(), set()).add(ent.label_)
    assert {k: v for k, v in labels.items() if len(v) > 1} == {}
