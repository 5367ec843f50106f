"""claims_structure: layout becomes block and sentence boundaries before the parser runs,
so a heading, byline or bullet is never glued to the sentence beside it."""

from __future__ import annotations

import re

import pytest
import spacy
from conftest import fixture_text

from pipeline.doc_keys import BLOCKS
from pipeline.stages.structure import find_blocks


def blocks_of(text: str) -> list[tuple[str, str]]:
    return [(b.label, text[b.start : b.end]) for b in find_blocks(text)]


ARTICLE = [
    ("heading", "Harbour Plan Splits the Town Council"),
    ("byline", "By Jane Doe"),
    ("dateline", "KINGSTON (Wire News) -"),
    ("paragraph", "The council voted on Tuesday to sell the old harbour to a developer."),
    ("paragraph", "The vote came after a long night of debate."),
    ("heading", "What Happens Next"),
    ("paragraph", "The sale needs four more approvals:"),
    ("bullet", "a planning permit from the county,"),
    ("bullet", "an environmental review,"),
    ("bullet", "a second vote in the spring,"),
    ("bullet", "a public hearing."),
    ("paragraph", "The buyer must pay in two parts:"),
    ("bullet", "The first payment is due in June."),
    ("bullet", "The second payment is due in December."),
]

MARKDOWN = [
    ("heading", "Rail Strike Ends After Two Weeks"),
    ("heading", "What the union won"),
    ("paragraph", "The union accepted a pay rise of four percent."),
    ("heading", "Next steps"),
    ("paragraph", "Trains will run normally from Monday."),
]

WRAPPED = [
    ("heading", "Town Votes to Keep Library Open"),
    (
        "paragraph",
        "The town council voted on Thursday night to keep the central library open\n"
        "for at least two more years, reversing a decision it made in the spring\n"
        "after a petition gathered more than four thousand signatures.",
    ),
    ("paragraph", "The library will cut its opening hours\non Sundays, the council said."),
]


@pytest.mark.parametrize(
    "name,expected",
    [
        ("structure_article.txt", ARTICLE),
        ("structure_markdown.md", MARKDOWN),
        pytest.param(
            "structure_wrapped.txt",
            WRAPPED,
        ),
    ],
)
def test_blocks_of_fixture(name, expected):
    assert blocks_of(fixture_text(name)) == expected


@pytest.mark.parametrize("name,expected", [("structure_article.txt", ARTICLE), ("structure_markdown.md", MARKDOWN)])
def test_blocks_of_crlf_text(name, expected):
    text = fixture_text(name).replace("\n", "\r\n")
    assert blocks_of(text) == [(label, block.replace("\n", "\r\n")) for label, block in expected]


@pytest.mark.parametrize(
    "text,expected",
    [
        ("Prices rose.\n\nWages fell.", [("paragraph", "Prices rose."), ("paragraph", "Wages fell.")]),
        ("Prices rose.\r\n\r\nWages fell.", [("paragraph", "Prices rose."), ("paragraph", "Wages fell.")]),
        ("Prices rose.\n \t\nWages fell.", [("paragraph", "Prices rose."), ("paragraph", "Wages fell.")]),
        ("By Jane Doe\n\nPrices rose.", [("byline", "By Jane Doe"), ("paragraph", "Prices rose.")]),
        ("By Jane Doe and John Smith\n\nPrices rose.", [("byline", "By Jane Doe and John Smith"), ("paragraph", "Prices rose.")]),
        ("LONDON (Reuters) - Prices rose.", [("dateline", "LONDON (Reuters) -"), ("paragraph", "Prices rose.")]),
        ("WASHINGTON -- Prices rose.", [("dateline", "WASHINGTON --"), ("paragraph", "Prices rose.")]),
        ("PARIS, France (AFP) \u2014 Prices rose.", [("dateline", "PARIS, France (AFP) \u2014"), ("paragraph", "Prices rose.")]),
        ("# Prices\n\nPrices rose.", [("heading", "Prices"), ("paragraph", "Prices rose.")]),
        ("Costs:\n\u2022 Rent rose.\n\u2022 Food fell.", [("paragraph", "Costs:"), ("bullet", "Rent rose."), ("bullet", "Food fell.")]),
        ("Costs:\n- Rent rose.\n- Food fell.", [("paragraph", "Costs:"), ("bullet", "Rent rose."), ("bullet", "Food fell.")]),
        ("Costs:\n* Rent rose.\n* Food fell.", [("paragraph", "Costs:"), ("bullet", "Rent rose."), ("bullet", "Food fell.")]),
        ("Costs:\n1. Rent rose.\n2. Food fell.", [("paragraph", "Costs:"), ("bullet", "Rent rose."), ("bullet", "Food fell.")]),
        ("Costs:\n1) Rent rose.\n2) Food fell.", [("paragraph", "Costs:"), ("bullet", "Rent rose."), ("bullet", "Food fell.")]),
        # photo credits: their names are nobody's source
        ("Prices rose.\n\nAnna Reyes via Getty Images.", [("paragraph", "Prices rose."),
                                                          ("credit", "Anna Reyes via Getty Images.")]),
        ("Photo: Anna Reyes/Reuters\n\nPrices rose.", [("credit", "Photo: Anna Reyes/Reuters"),
                                                       ("paragraph", "Prices rose.")]),
        ("The mayor at the pier on Monday. (Anna Reyes/AFP/Getty Images)\n\nPrices rose.",
         [("credit", "The mayor at the pier on Monday. (Anna Reyes/AFP/Getty Images)"), ("paragraph", "Prices rose.")]),
        # ... but a sentence that mentions a photo, or "via", is none
        ("Photos of the pier circulated widely.\n\nShe posted it via Twitter.",
         [("paragraph", "Photos of the pier circulated widely."), ("paragraph", "She posted it via Twitter.")]),
        ("", []),
        ("\n\n \n", []),
    ],
)
def test_blocks(text, expected):
    assert blocks_of(text) == expected


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_wrapped_lines_stay_one_paragraph(newline):
    text = f"The council met on Monday and{newline}voted to close the library.{newline}"
    assert blocks_of(text) == [("paragraph", f"The council met on Monday and{newline}voted to close the library.")]


def test_a_line_after_a_finished_sentence_starts_a_paragraph():
    """Articles that set one paragraph a line: a line that opens with a capital or a
    quotation mark after a line that ended its sentence starts anew; after an
    abbreviation ("Sen.") the line goes on."""
    text = ('The mayor spoke first, said Ms. Lee.\n"We will rebuild the pier," said the mayor.\n'
            "The council thanked Sen.\nAnn Reid for her help.")
    assert blocks_of(text) == [
        ("paragraph", "The mayor spoke first, said Ms. Lee."),
        ("paragraph", '"We will rebuild the pier," said the mayor.'),
        ("paragraph", "The council thanked Sen.\nAnn Reid for her help."),
    ]


def test_block_text_never_has_edge_whitespace():
    text = fixture_text("structure_article.txt").replace("\n", " \t\n")
    for label, block in blocks_of(text):
        assert block == block.strip(), (label, block)


# -- the component: sentence starts -----------------------------------------------------


MARKER = re.compile(r"(?:#{1,6}|[\u2022*+\-]|\d{1,3}[.)])?")


def assert_blocks_bind_sentences(doc) -> None:
    """Each block starts a sentence (at its first token, or at the bullet/heading marker
    just before it) and no sentence holds tokens of two blocks."""
    blocks = list(doc.spans[BLOCKS])
    assert blocks
    owner = {i: n for n, block in enumerate(blocks) for i in range(block.start, block.end)}
    previous_end = 0
    for block in blocks:
        sentence = doc[block.start].sent
        assert previous_end <= sentence.start <= block.start, (block.text, sentence.text)
        assert MARKER.fullmatch(doc.text[sentence.start_char : block.start_char].strip()), (block.text, sentence.text)
        previous_end = block.end
    for sentence in doc.sents:
        inside = {owner[t.i] for t in sentence if t.i in owner}
        assert len(inside) <= 1, [blocks[n].text for n in sorted(inside)]


STRUCTURE_FIXTURES = ["structure_article.txt", "structure_markdown.md"]


@pytest.mark.parametrize("name", STRUCTURE_FIXTURES)
def test_component_on_blank(name):
    nlp = spacy.blank("en")
    nlp.add_pipe("claims_structure")
    text = fixture_text(name)
    doc = nlp(text)
    assert [(b.label_, b.text) for b in doc.spans[BLOCKS]] == blocks_of(text)
    assert_blocks_bind_sentences(doc)


@pytest.mark.parametrize("name", [*STRUCTURE_FIXTURES, "structure_wrapped.txt"])
def test_component_with_the_parser(nlp, name):
    assert nlp.pipe_names.index("claims_structure") < nlp.pipe_names.index("parser")
    doc = nlp(fixture_text(name))
    assert_blocks_bind_sentences(doc)


def test_component_crlf_with_the_parser(nlp):
    doc = nlp(fixture_text("structure_article.txt").replace("\n", "\r\n"))
    assert_blocks_bind_sentences(doc)


def test_bullet_is_not_glued_to_the_sentence_before(nlp):
    doc = nlp("Prices rose in March and\n\u2022 wages fell in April.")
    sentences = [s.text.strip() for s in doc.sents]
    assert "Prices rose in March and" in sentences
    assert any(s.endswith("wages fell in April.") and "Prices" not in s for s in sentences)


def test_empty_and_blank_documents(blank):
    blank.add_pipe("claims_structure")
    for text in ("", " ", "\n\n", "\r\n\r\n"):
        doc = blank(text)
        assert list(doc.spans[BLOCKS]) == []
