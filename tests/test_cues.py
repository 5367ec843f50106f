"""claims_cues: every lexicon class yields candidates with label "form/kind" and the
lexicon lemma as kb_id."""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.tokens import Doc

from pipeline.doc_keys import CUE_CANDIDATES
from pipeline.stages.cues import CHECKS
from pipeline.resources import json_lines, table

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def candidates(doc: Doc) -> list[tuple[str, str, str]]:
    return [(s.text, s.label_, s.kb_id_) for s in doc.spans[CUE_CANDIDATES]]


def xfail(reason: str):
    return pytest.mark.xfail(strict=True, reason=reason)


CASES = [
    # reporting verbs, one of each kind
    ("The mayor said the road is closed.", ("said", "verb/speech", "say")),
    ("The bank announced that rates would rise.", ("announced", "verb/speech", "announce")),
    ("She wrote that the plan was flawed.", ("wrote", "verb/writing", "write")),
    ("He tweeted that the game was rigged.", ("tweeted", "verb/writing", "tweet")),
    ("He believes the market will recover.", ("believes", "verb/belief", "believe")),
    ("Investors fear that the bubble will burst.", ("fear", "verb/belief", "fear")),
    ("The firm plans to hire more staff.", ("plans", "verb/intention", "plan")),
    ("The union vowed to fight the cuts.", ("vowed", "verb/intention", "vow")),
    ("The survey found that most drivers speed.", ("found", "verb/report", "find")),
    # phrasal verb
    ("Analysts point out that costs rose.", ("point out", "verb/speech", "point out")),
    ("Analysts pointed out that costs rose.", ("pointed out", "verb/speech", "point out")),
    # prepositional cues
    ("According to the police, two men fled.", ("According to", "prepositional/report", "according to")),
    ("The deal, as reported by the Daily Mail, is worth millions.", ("as reported by", "prepositional/report", "as reported by")),
    pytest.param(
        "Citing internal documents, the paper said sales fell.", ("Citing", "prepositional/report", "citing"),
    ),
    # "citing" a reason, not the source of a report: a verb of its own
    ("The senator opposed the bill, citing its cost.", ("citing", "verb/speech", "cite")),
    ("In the words of the coach, the team was unlucky.", ("In the words of", "prepositional/speech", "in the words of")),
    pytest.param(
        "Prices will rise, per the central bank.", ("per", "prepositional/report", "per"),
    ),
    # adverbs
    ("The chief executive reportedly left the company.", ("reportedly", "adverb/report", "reportedly")),
    pytest.param(
        "The senator allegedly took bribes.", ("allegedly", "adverb/report", "allegedly"),
    ),
    # impersonal and passive cues
    ("It is reported that the vote was delayed.", ("It is reported", "impersonal/report", "it be report")),
    ("It is understood that the minister will resign.", ("It is understood", "impersonal/report", "it be understand")),
    ("It is believed that the ship sank.", ("It is believed", "impersonal/belief", "it be believe")),
    pytest.param(
        "The minister is said to be furious.", ("is said to", "impersonal/report", "be say to"),
    ),
    ("The plan is seen as a gamble.", ("is seen as", "impersonal/belief", "be see as")),
    pytest.param(
        "The proposal is considered risky.", ("is considered", "impersonal/belief", "be consider"),
    ),
    # nominal cue
    ("The company's claim that profits rose was false.", ("claim", "noun/speech", "claim")),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_candidate(nlp, text, expected):
    assert expected in candidates(nlp(text))


@pytest.mark.parametrize(
    "text",
    [
        "The weather was bad on Monday.",
        "The sauce tastes of garlic.",
    ],
)
def test_no_candidates(nlp, text):
    assert candidates(nlp(text)) == []


def test_longest_match_wins(nlp):
    found = candidates(nlp("It is reported that the vote was delayed."))
    assert [c[0] for c in found] == ["It is reported"]


def test_labels_are_form_slash_kind(nlp):
    doc = nlp("According to Reuters, the firm reportedly plans to say that it is seen as weak.")
    for span in doc.spans[CUE_CANDIDATES]:
        form, kind = span.label_.split("/")
        assert form in ("verb", "noun", "prepositional", "impersonal", "adverb")
        assert kind in ("speech", "writing", "belief", "intention", "report")
        assert span.kb_id_


def test_lexicons_are_well_formed():
    kinds = {"speech", "writing", "belief", "intention", "report"}
    verbs = table("reporting_verbs.tsv")
    assert verbs and all(row["kind"] in kinds for row in verbs)
    assert len({row["lemma"] for row in verbs}) == len(verbs), "a verb is listed twice"
    for entry in json_lines("cue_phrases.jsonl"):
        assert {"lemma", "form", "kind", "attr", "phrases"} <= set(entry)
        assert entry["kind"] in kinds and entry["attr"] in ("LOWER", "LEMMA") and entry["phrases"]
        assert entry.get("check") in (None, *CHECKS), entry



def test_tree_patterns_agree_with_spacy_dependency_matcher(nlp) -> None:
    """The one-level tree check finds what spaCy's DependencyMatcher finds with the same
    patterns, over every sentence of our corpus and the impersonal constructions."""
    from spacy.matcher import DependencyMatcher

    from pipeline.tree_patterns import tree_match

    cues = nlp.get_pipe("claims_cues")
    matcher = DependencyMatcher(nlp.vocab)
    for key, pattern in cues.tree_patterns.items():
        matcher.add(key, [pattern])
    texts = [path.read_text(encoding="utf-8") for path in sorted(CORPUS.glob("*.txt"))]
    texts += [
        "It is reported that the talks failed.",
        "The minister is said to be furious.",
        "The plan is widely seen as a gamble.",
        "The bridge was considered unsafe.",
        "The company seemed to be in trouble.",
    ]
    expected, found = set(), set()
    for doc in nlp.pipe(texts):
        expected |= {(doc.text, doc.vocab.strings[m], ids[0]) for m, ids in matcher(doc)}
        found |= {
            (doc.text, key, token.i)
            for token in doc
            for key, pattern in cues.tree_patterns.items()
            if tree_match(token, pattern)
        }
    assert len(expected) >= 10
    assert found == expected


def test_a_deeper_tree_pattern_is_refused() -> None:
    from pipeline.tree_patterns import check_one_level

    check_one_level("ok", [{"RIGHT_ID": "v", "RIGHT_ATTRS": {}}, {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "c", "RIGHT_ATTRS": {}}])
    with pytest.raises(ValueError, match="only children"):
        check_one_level("deep", [{"RIGHT_ID": "v", "RIGHT_ATTRS": {}},
                                 {"LEFT_ID": "v", "REL_OP": ">", "RIGHT_ID": "c", "RIGHT_ATTRS": {}},
                                 {"LEFT_ID": "c", "REL_OP": ">", "RIGHT_ID": "d", "RIGHT_ATTRS": {}}])
