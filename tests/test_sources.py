"""claims_sources: every source typed, and pronouns, "who" and definite descriptions
resolved to the named entity they refer to (issue 2, stage 5)."""

from __future__ import annotations

import pytest
from conftest import assert_span, attributed, fixture_text

from pipeline import extract


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def the_source(text, claims, piece):
    """The source of the one attributed claim whose content contains ``piece``."""
    found = [c for c in attributed(claims) if piece in c.text]
    assert len(found) == 1, [(c.source.text if c.source else None, c.text) for c in claims]
    claim = found[0]
    assert claim.source is not None, claim
    assert claim.source_type == claim.source.type
    return claim.source


# (text, a piece of the content, source mention, type, resolved entity or None)
TABLE = [
    # named
    ("Maria Lopez said the bridge will reopen.", "bridge", "Maria Lopez", "person", "Maria Lopez"),
    ("Acme Corp said that sales fell in May.", "sales fell", "Acme Corp", "organization", "Acme Corp"),
    ("The Guardian reported that the minister had resigned.", "minister had resigned", "The Guardian", "media", "The Guardian"),
    ("The Springfield Gazette reported that the mayor had resigned.", "mayor had resigned",
     "The Springfield Gazette", "media", "The Springfield Gazette"),
    # pronouns
    ("John Smith arrived late. He said the meeting had been a waste of time.", "meeting", "He", "person", "John Smith"),
    ("Maria Lopez arrived late. She said the meeting had been a waste of time.", "meeting", "She", "person", "Maria Lopez"),
    ("Global Bank signed the deal on Monday. It said the deal would create jobs.", "create jobs", "It", "organization", "Global Bank"),
    ("Global Bank signed the deal on Monday. They said the deal would create jobs.", "create jobs", "They", "organization",
     "Global Bank"),
    # who
    ("The plan was criticised by Maria Lopez, who said it would cost too much.", "cost too much", "who", "person", "Maria Lopez"),
    ("The board met Tom Baker, who warned that the plan would fail.", "plan would fail", "who", "person", "Tom Baker"),
    # definite descriptions
    ("Acme Corp reported a loss. The company said demand had collapsed.", "demand", "The company", "organization", "Acme Corp"),
    ("Jane Roe, the health minister, visited the clinic. The minister said the clinic would stay open.", "stay open",
     "The minister", "person", "Jane Roe"),
    ("The Springfield Gazette reported that the mayor had resigned. The newspaper said she left on Friday.", "left on Friday",
     "The newspaper", "media", "The Springfield Gazette"),
    # anonymous
    ("Several informed sources said the talks had collapsed.", "talks", "Several informed sources", "anonymous", None),
    ("People familiar with the matter said the deal is worth $500 billion.", "deal", "People familiar with the matter",
     "anonymous", None),
    ("Officials said the road would remain closed until Tuesday.", "road", "Officials", "anonymous", None),
    ("A senior official, speaking on condition of anonymity, said the talks had failed.", "talks", "A senior official",
     "anonymous", None),
    pytest.param("A person who asked not to be named said the talks had collapsed.", "talks",
                 "A person who asked not to be named", "anonymous", None,
                 marks=xfail("bug: the restrictive relative clause that makes the source anonymous is cut "
                             "from the mention (source text 'A person')")),
    # group
    ("Analysts say the merger will fail.", "merger", "Analysts", "group", None),
    ("Critics, however, say the plan is unfair.", "plan", "Critics", "group", None),
    ("Investors fear that the bubble will burst.", "bubble", "Investors", "group", None),
    ("Experts warn that the virus could spread.", "virus", "Experts", "group", None),
    # ... and one of them, a person
    ("One analyst said the merger will fail.", "merger", "One analyst", "person", None),
    # media by rule, not by list
    ("The Riverside Herald said the mayor had lied.", "mayor", "The Riverside Herald", "media", "The Riverside Herald"),
    # pronoun and surname resolution that needs more than "the nearest entity"
    pytest.param("Tom Baker met the mayor on Monday. Baker said the shop would stay open.", "shop", "Baker", "person",
                 "Tom Baker"),
    ("Maria Lopez met Tom Baker on Monday. She said the bridge was safe.", "bridge", "She", "person", "Maria Lopez"),
    pytest.param("The report was published on Monday. It said the river was polluted.", "river", "It", "organization",
                 None),
]


@pytest.mark.parametrize("text,piece,source,source_type,resolved", TABLE)
def test_source(nlp, text, piece, source, source_type, resolved):
    found = the_source(text, extract(text, nlp=nlp), piece)
    assert_span(text, found, source)
    assert found.type == source_type
    assert_span(text, found.resolved, resolved)


def test_resolved_entity_carries_label_and_kind(nlp):
    text = "The Springfield Gazette reported that the mayor had resigned. The newspaper said she left on Friday."
    found = the_source(text, extract(text, nlp=nlp), "left on Friday")
    assert (found.resolved.label, found.resolved.kind) == ("ORG", "media")
    person = the_source(text := "John Smith arrived. He said it was late.", extract(text, nlp=nlp), "late")
    assert (person.resolved.label, person.resolved.kind) == ("PERSON", None)


@pytest.fixture(scope="module")
def article(nlp):
    text = fixture_text("entities_article.txt")
    return text, extract(text, nlp=nlp)


@pytest.mark.parametrize(
    "piece,source,source_type,resolved",
    [
        ("1,200 jobs", "the Coastal Tribune", "media", "the Coastal Tribune"),
        pytest.param("fuel costs had doubled", "Marta Ilves", "person", "Marta Ilves",
                     marks=xfail("bug: the model tags 'Marta Ilves' ORG and the source is typed organization, "
                                 "though her apposition 'the chief executive' is a person noun of source_nouns.tsv")),
        pytest.param("routes to Oslo", "Ilves", "person", "Marta Ilves",
                     marks=xfail("bug: a bare surname that is no entity ('Ilves', tagged NNS) is typed 'group' and "
                                 "not resolved to the earlier 'Marta Ilves'")),
        ("cuts were unfair", "Union leaders", "group", None),
        ("We were promised a fair deal", "Peter Brandt", "person", "Peter Brandt"),
        pytest.param("strike was possible", "Brandt", "person", "Peter Brandt"),
        ("two banks had refused", "Reuters", "media", "Reuters"),
    ],
)
def test_sources_in_an_article(article, piece, source, source_type, resolved):
    """Resolution over a whole article: names met earlier, across paragraphs."""
    text, claims = article
    found = the_source(text, claims, piece)
    assert_span(text, found, source)
    assert found.type == source_type
    assert_span(text, found.resolved, resolved)


@pytest.mark.xfail(strict=True, reason="bug: after the heading 'Northwind Airlines', the parser opens a "
                   "sentence at the block's second token, so the content loses 'Northwind' ('Airlines will cut ...'); "
                   "the structure stage could mark the other tokens of a one-line block is_sent_start=False")
def test_content_after_a_heading_keeps_its_first_word(article):
    text, claims = article
    claim = [c for c in claims if c.cue is not None and c.cue.text == "according to"][0]
    assert claim.text == "Northwind Airlines will cut 1,200 jobs by March"
