"""Any text, however odd, is processed without raising, and every span of every record
slices the document exactly."""

from __future__ import annotations

import pytest
from conftest import assert_all_spans_slice
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from pipeline import extract_document

PIECES = [
    # words and cues that make the stages work
    "The mayor", "said", "that", "according to", "Reuters", "the Financial Times", "It is reported that",
    "He added", "she continued", "who said", "Analysts point out", "reportedly", "is said to", "is seen as",
    "per", "citing", "several informed sources", "may", "do not seem", "$5 million", "12%", "on 3 May 2024",
    "By Jane Doe", "LONDON (Reuters) -", "# Heading", ".", ",", ":", "?", "!",
    # quotation marks, straight, curly, single, unbalanced
    '"', "\u201c", "\u201d", "\u2018", "\u2019", "'", "\u00ab", "\u00bb", "\u201e",
    # layout
    "\n", "\n\n", "\r", "\r\n", "\r\n\r\n", "\t", "  ", "\u2022 ", "- ", "* ", "1. ", "2) ",
    # odd unicode
    "\u200b", "\u200c", "\u200d", "\ufeff", "e\u0301", "\u0301", "\U0001F600", "\U0001F44D\U0001F3FD",
    "\u05e9\u05dc\u05d5\u05dd", "\u0645\u0631\u062d\u0628\u0627", "\u202e", "\u202c", "\x00", "\x07", "\x0b", "\x0c",
    "\x1b", "\x85", "\u2028", "\u2029", "\u00a0", "\ud7ff", "\U0010ffff",
]

texts = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.sampled_from([" "] * 3)), max_size=60).map("".join),
    st.text(max_size=200),
    st.tuples(st.sampled_from(PIECES), st.integers(1, 400), st.sampled_from(["word ", "x", "\u00e9", "\U0001F600 "])).map(
        lambda t: t[0] + t[2] * t[1]  # very long lines
    ),
)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=texts)
@example(text="")
@example(text="\r")
@example(text='"')
@example(text='He said: "Open and never closed.\n\nNext paragraph.\n\n"Another')
@example(text="\u201cA,\u201d he said, \u201cB.\u201d\r\rC said D.")
@example(text="x" * 5000)
@example(text="According to\n\nReuters, \u200b the \u0301deal \U0001F600 is off.")
def test_extract_never_raises_and_every_span_slices(nlp, text):
    record = extract_document(text, nlp=nlp)
    assert record.length == len(text)
    assert_all_spans_slice(text, record)
    ids = [c.claim_id for c in record.claims]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(
    "text",
    [
        "\u202eThe mayor said the bridge is safe.\u202c",
        "The\u200b mayor said\u00a0the bridge is safe.",
        "Caf\u00e9 owners say the re\u0301nt will double. \U0001F44D\U0001F3FD",
        "\u05d4\u05e9\u05e8 said \u201c\u05e9\u05dc\u05d5\u05dd\u201d on Monday.",
        "The mayor said\rthe bridge is safe.\r\rAnalysts say it is not.",
        "\x00The mayor\x07 said the bridge\x1b is safe.",
        "\ufeffAccording to Reuters, the bridge is safe.",
    ],
)
def test_odd_unicode_examples(nlp, text):
    record = extract_document(text, nlp=nlp)
    assert_all_spans_slice(text, record)
