"""claims_claims: unattributed declaratives are claims in the author's voice; headings,
bylines, questions and fragments are not; hedges and quantities are attached."""

from __future__ import annotations

import pytest
from conftest import assert_slices, assert_span, claim_at, core, fixture_text

from pipeline import extract


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


def texts(claims) -> list[str]:
    return [core(c.text) for c in claims]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Tolls will rise.", ["Tolls will rise"]),
        ("The bridge may reopen in March. Costs could rise by 12% to $4.5 million.",
         ["The bridge may reopen in March", "Costs could rise by 12% to $4.5 million"]),
        ("LONDON (Reuters) - Shares rose on Tuesday.", ["Shares rose on Tuesday"]),
        ("Why did the council act? It had no choice.", ["It had no choice"]),
        ("The Shift in Strategy\n\nThe bank raised rates.", ["The bank raised rates"]),
        ("By Jane Doe\n\nThe river flooded the town.", ["The river flooded the town"]),
    ],
)
def test_unattributed_declaratives(nlp, text, expected):
    claims = extract(text, nlp=nlp)
    assert texts(claims) == expected
    for claim in claims:
        assert_slices(text, claim.span, claim.text)
        assert not claim.attributed
        assert (claim.source, claim.cue, claim.source_type, claim.direct_quote) == (None, None, "author", False)
        assert_span(text, claim.sentence, claim.sentence.text)


@pytest.mark.parametrize(
    "text",
    [
        "Is the bridge safe?",
        "The Shift in Strategy",
        "What the council decided",
        "By Jane Doe",
        "By Jane Doe and John Smith",
        "Photo: the new bridge at dawn.",
        "The bridge, a steel arch of 300 metres.",
        "# Rail Strike Ends",
        "",
        "   \n\n  ",
    ],
)
def test_not_claims(nlp, text):
    assert extract(text, nlp=nlp) == []


def test_article_headings_and_byline_are_not_claims(nlp):
    text = fixture_text("structure_article.txt")
    claims = extract(text, nlp=nlp)
    for heading in ("Harbour Plan Splits the Town Council", "By Jane Doe", "What Happens Next", "KINGSTON"):
        assert not any(heading in c.text for c in claims), heading
    assert "The council voted on Tuesday to sell the old harbour to a developer" in texts(claims)


def test_bullets_are_their_own_claims_and_sentences(nlp):
    text = ("The council approved three changes:\n\u2022 Tolls rise to $4 on Monday.\n"
            "\u2022 Trucks are banned at night.\n\u2022 The speed limit falls by 20 percent.")
    claims = extract(text, nlp=nlp)
    for bullet in ("Tolls rise to $4 on Monday", "Trucks are banned at night", "The speed limit falls by 20 percent"):
        claim = claim_at(claims, bullet)
        assert core(claim.text) == bullet
        assert core(claim.sentence.text).lstrip("\u2022 ") == bullet, claim.sentence.text


@pytest.mark.parametrize(
    "text,hedges",
    [
        ("The bridge may reopen in March.", ["may"]),
        ("Costs could rise by a third.", ["could"]),
        ("Tolls will probably double next year.", ["probably"]),
        ("The mayor reportedly signed the contract.", ["reportedly"]),
        ("The plan might fail and rents would rise.", ["might", "would"]),
        ("The council raised the tolls.", []),
        pytest.param("The figures do not seem to add up.", ["do not seem"]),
    ],
)
def test_hedges(nlp, text, hedges):
    [claim] = extract(text, nlp=nlp)
    assert [h.lemma for h in claim.hedges] == hedges
    for hedge in claim.hedges:
        assert_span(text, hedge, hedge.text)
        assert claim.span.start <= hedge.span.start <= hedge.span.end <= claim.span.end


def test_hedge_matched_by_lemma(nlp):
    [claim] = extract("The figures did not seem to add up.", nlp=nlp)
    assert "do not seem" in [h.lemma for h in claim.hedges]
    assert "did not seem" in [h.text for h in claim.hedges]


@pytest.mark.parametrize(
    "text,quantities",
    [
        ("Costs could rise by 12% to $4.5 million.", [("12%", "PERCENT"), ("$4.5 million", "MONEY")]),
        ("The speed limit falls by 20 percent.", [("20 percent", "PERCENT")]),
        ("The mayor signed the contract on 3 May 2024.", [("3 May 2024", "DATE")]),
        ("The council hired 500 workers in 2023.", [("500", "CARDINAL"), ("2023", "DATE")]),
        pytest.param("Tolls rise to $3.50 on Monday.", [("$3.50", "MONEY"), ("Monday", "DATE")]),
    ],
)
def test_quantities(nlp, text, quantities):
    [claim] = extract(text, nlp=nlp)
    assert [(q.text, q.label) for q in claim.quantities] == quantities
    for quantity in claim.quantities:
        assert_span(text, quantity, quantity.text)


def test_entities_inside_the_claim(nlp):
    text = "Acme Corp opened a plant in Ohio. Tolls will rise."
    first, second = extract(text, nlp=nlp)
    assert [(e.text, e.label) for e in first.entities] == [("Acme Corp", "ORG"), ("Ohio", "GPE")]
    assert second.entities == []


def test_attributed_content_is_not_also_an_unattributed_claim(nlp):
    text = "Analysts say the merger will fail."
    claims = extract(text, nlp=nlp)
    assert len(claims) == 1 and claims[0].attributed


def test_claim_ids_are_unique_and_in_document_order(nlp):
    text = fixture_text("entities_article.txt")
    claims = extract(text, doc_id="art", nlp=nlp)
    assert [c.claim_id for c in claims] == [f"art#{n}" for n in range(1, len(claims) + 1)]
    assert [c.span.start for c in claims] == sorted(c.span.start for c in claims)
    assert all(c.doc_id == "art" for c in claims)


def test_wrapped_paragraph_is_one_claim(nlp):
    text = fixture_text("structure_wrapped.txt")
    claims = extract(text, nlp=nlp)
    assert core(claims[0].text) == (
        "The town council voted on Thursday night to keep the central library open\n"
        "for at least two more years, reversing a decision it made in the spring\n"
        "after a petition gathered more than four thousand signatures"
    )


@pytest.mark.parametrize("name", ["entities_article.txt", "quote_paragraphs.txt", "structure_article.txt"])
def test_crlf_text_gives_the_same_claims(nlp, name):
    text = fixture_text(name)
    crlf = text.replace("\n", "\r\n")
    lf_claims, crlf_claims = extract(text, nlp=nlp), extract(crlf, nlp=nlp)
    for claim in crlf_claims:
        assert_slices(crlf, claim.span, claim.text)
    summary = [(core(c.text).replace("\r\n", "\n"), c.source.text if c.source else None, c.source_type)
               for c in crlf_claims]
    assert summary == [(core(c.text), c.source.text if c.source else None, c.source_type) for c in lf_claims]


# -- negated and denied attributions ------------------------------------------------------


@pytest.mark.parametrize(
    "text,cue,stance",
    [
        ("The harbour master said that the ferry would sail.", "said", "asserted"),
        ("The harbour master has not said that the ferry would sail.", "said", "negated"),
        ("Port officials and the union haven't said that the strike is over.", "said", "negated"),
        ("Ms Okafor never claimed that the audit was complete.", "claimed", "negated"),
        ("The coach would not say whether the striker was fit.", "say", "negated"),
        ("Nobody said the festival would move.", "said", "negated"),
        ("No official confirmed the closure of the mine.", "confirmed", "negated"),
        ("It was not reported that the plant had shut.", "It was not reported", "negated"),
        ("The brewery denied that it had dumped waste in the river.", "denied", "denied"),
        ("The airline disputed the report.", "disputed", "denied"),
        ("The board rejected the claim that the museum was losing money.", "rejected", "denied"),
        ("The minister dismissed suggestions that she would stand down.", "dismissed", "denied"),
        ("The board rejected the proposal.", "rejected", "asserted"),
        ("The landlord did not deny that the flats were damp.", "deny", "negated"),
        ("The mayor said the council would not raise rents.", "said", "asserted"),
    ],
)
def test_stance_of_an_attribution(nlp, text, cue, stance):
    (claim,) = [c for c in extract(text, nlp=nlp) if c.attributed]
    assert claim.cue.text == cue
    assert claim.stance == stance


def test_a_negation_that_belongs_to_what_follows_is_no_negated_attribution(nlp):
    claims = extract("The repairs did not seem to hold, engineers said.", nlp=nlp)
    assert {c.stance for c in claims} == {"asserted"}


def test_the_words_that_make_a_stance_are_on_the_doc(nlp):
    from pipeline.doc_keys import CUES, STANCES

    doc = nlp("The harbour master has not said that the ferry would sail. The brewery denied that it leaked.")
    found = {(span.label_, span.text) for span in doc.spans[STANCES]}
    assert found == {("negated", "not"), ("denied", "denied")}
    cue_keys = {span.id_ for span in doc.spans[CUES]}
    assert {span.id_ for span in doc.spans[STANCES]} == cue_keys


def test_unattributed_claims_are_asserted(nlp):
    (claim,) = extract("The ferry did not sail on Monday.", nlp=nlp)
    assert (claim.attributed, claim.stance) == (False, "asserted")
