"""find_quotes: quotation spans from the text alone, per paragraph, never swallowing the
article after an unclosed mark."""

from __future__ import annotations

import pytest
from conftest import fixture_text

from pipeline.quotes import find_quotes


def quotes(text: str) -> list[str]:
    spans = find_quotes(text)
    for start, end in spans:
        assert 0 <= start < end <= len(text)
    assert spans == sorted(spans)
    return [text[start:end] for start, end in spans]


@pytest.mark.parametrize(
    "text,expected",
    [
        # straight and curly
        ('He said "yes" and left.', ['"yes"']),
        ("He said \u201cyes\u201d and left.", ["\u201cyes\u201d"]),
        ('"We won," she said.', ['"We won,"']),
        ("\u201cOne,\u201d he said, \u201ctwo.\u201d", ["\u201cOne,\u201d", "\u201ctwo.\u201d"]),
        ('A "B" C "D" E', ['"B"', '"D"']),
        ("\u00abBonjour\u00bb, dit-il.", ["\u00abBonjour\u00bb"]),
        ('She said, "It is over."\r\n\r\n"Next," he said.', ['"It is over."', '"Next,"']),
        # two apostrophes set for a double quotation mark, as some newspapers do
        ("''We won,'' she said.", ["''We won,''"]),
        ("He called it ''a disgrace'' and left; it's over.", ["''a disgrace''"]),
        # apostrophes are not quotation marks
        ("It's the mayor's plan, isn't it?", []),
        ("The mayor\u2019s plan isn\u2019t new.", []),
        ("Rock 'n' roll was \"fine\".", ['"fine"']),
        ("The players' union said \"no\".", ['"no"']),
        ("He is 5'11\" tall and \"proud\".", ['"proud"']),
        # an opening mark set where the closing one belongs
        ("\u201cIt is risky,\u201c said the lawyer.", ["\u201cIt is risky,\u201c"]),
        ("\u201cWe won\u201c. Then \u201cwe left.\u201d", ["\u201cWe won\u201c", "\u201cwe left.\u201d"]),
        ("He said \u201cyes \u201cno\u201d maybe.", ["\u201cyes \u201cno\u201d"]),
        # nothing to pair
        ("", []),
        ('"', []),
        ("\u201c", []),
        ('He said "yes.', []),
        pytest.param(
            "\u2018We will appeal,\u2019 the lawyer said.", ["\u2018We will appeal,\u2019"],
            marks=pytest.mark.xfail(strict=True, reason="gap: single curly quotation marks (British style) are never "
                                    "quotations, so '\u2018We will appeal,\u2019 the lawyer said' is not a direct quote"),
        ),
    ],
)
def test_find_quotes(text, expected):
    assert quotes(text) == expected


def test_quotation_over_several_paragraphs():
    text = fixture_text("quote_paragraphs.txt")
    [quote] = quotes(text)
    assert quote.startswith('"The storm wall held')
    assert quote.endswith('next week,"')
    assert "\n\n" in quote


def test_curly_quotation_over_three_paragraphs():
    text = "\u201cFirst part.\n\n\u201cSecond part.\n\n\u201cThird part,\u201d she said.\n\nThe end."
    assert quotes(text) == ["\u201cFirst part.\n\n\u201cSecond part.\n\n\u201cThird part,\u201d"]


def test_unclosed_quotation_stays_in_its_paragraph():
    text = fixture_text("quote_unclosed.txt")
    assert quotes(text) == ['"We expect it to pass,"']


@pytest.mark.parametrize(
    "text,expected",
    [
        ("\u201cUnclosed here.\n\nA plain paragraph.\n\n\u201cClosed.\u201d", ["\u201cClosed.\u201d"]),
        ('He said "yes.\n\nAnd "no" too.', ['"no"']),
        ('"Open.\n\nPlain text here.\n\nMore "plain" text.', ['"plain"']),
    ],
)
def test_unclosed_marks_never_swallow_later_paragraphs(text, expected):
    assert quotes(text) == expected
    for quote in quotes(text):
        assert "\n\n" not in quote


def test_paragraph_continuation_needs_an_opening_mark():
    """A quotation left open carries on only into a paragraph that opens with a mark."""
    text = '"Part one.\n\nNo mark here, "but a short quote" later.'
    assert quotes(text) == ['"but a short quote"']
