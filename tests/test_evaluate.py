"""Scoring against gold: the figures must be the reference scorer's, to the decimal.

Every text here is written for the test; nothing reads the evaluation corpus.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.evaluate import (
    ErrorKind,
    Evaluation,
    InputError,
    collect,
    evaluate,
    predict,
    read_gold,
    read_predictions,
)
from pipeline.records import Claim, Document, ErrorRecord

MAYOR = "The mayor said that the bridge will reopen in May. Critics say the plan is far too late."
QUOTE = "He said: \u201cWe are broke.\u201d Then the treasurer left the room without another word."


def at(text: str, piece: str, after: int = 0) -> list[int]:
    """``[start, end]`` of the first ``piece`` in ``text`` at or after ``after``."""
    start = text.index(piece, after)
    return [start, start + len(piece)]


def attribution(content: list[int], source: list[int] | None = None, cue: list[int] | None = None) -> dict:
    return {"content": content, "source": source, "cue": cue}


def gold_doc(doc_id: str, text: str, *attributions: dict) -> dict:
    return {"id": doc_id, "text": text, "publisher": "test", "attributions": list(attributions)}


def write_jsonl(path: Path, rows: list[Any]) -> Path:
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")
    return path


def run(tmp_path: Path, gold: list[dict], pred: list[dict]) -> Evaluation:
    gold_path = write_jsonl(tmp_path / "gold.jsonl", gold)
    pred_path = write_jsonl(tmp_path / "pred.jsonl", pred)
    return evaluate(read_gold(gold_path), read_predictions(pred_path))


def figures(result: Evaluation, metric: str) -> tuple[float, float, float]:
    prf = getattr(result.scores, metric)
    return prf.P, prf.R, prf.F1


def assert_scores(result: Evaluation, expected: dict[str, tuple[float, float, float]]) -> None:
    """Compare each metric named in ``expected`` as (P, R, F1)."""
    got = {metric: figures(result, metric) for metric in expected}
    assert got == expected


def make_claim(doc_id: str, text: str, n: int, content: list[int], source: list[int] | None = None,
               cue: list[int] | None = None, lemma: str = "say") -> dict:
    """A complete, validated claim record, as the pipeline would write it."""
    start, end = content
    record = {
        "doc_id": doc_id,
        "claim_id": f"{doc_id}#{n}",
        "text": text[start:end],
        "span": {"start": start, "end": end},
        "fragments": [{"start": start, "end": end}],
        "sentence": {"text": text, "span": {"start": 0, "end": len(text)}},
        "attributed": cue is not None,
        "direct_quote": False,
        "source": None if source is None else {
            "text": text[source[0]:source[1]], "span": {"start": source[0], "end": source[1]}, "type": "person",
        },
        "source_type": "person" if source is not None else "impersonal" if cue is not None else "author",
        "cue": None if cue is None else {
            "text": text[cue[0]:cue[1]], "span": {"start": cue[0], "end": cue[1]}, "lemma": lemma,
            "form": "verb", "kind": "speech",
        },
        "entities": [],
        "quantities": [],
        "hedges": [],
    }
    return json.loads(Claim.model_validate(record, context={"text": text}).model_dump_json())


MAYOR_GOLD = attribution(
    at(MAYOR, "that the bridge will reopen in May."), at(MAYOR, "The mayor"), at(MAYOR, "said")
)
CRITICS_GOLD = attribution(at(MAYOR, "the plan is far too late."), at(MAYOR, "Critics"), at(MAYOR, "say"))

ALL = ("partial", "soft", "exact", "source", "cue")


# ---------------------------------------------------------------------------- metrics


def test_the_gold_itself_scores_everything(tmp_path: Path) -> None:
    gold = [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD)]
    result = run(tmp_path, gold, [{"id": "a", "attributions": [MAYOR_GOLD, CRITICS_GOLD]}])
    assert (result.scores.docs, result.scores.n_gold, result.scores.n_pred) == (1, 2, 2)
    assert_scores(result, {metric: (100.0, 100.0, 100.0) for metric in ALL})


def test_a_pair_sharing_one_word_is_partial_only(tmp_path: Path) -> None:
    # shares "May." with the gold content: partial, far from soft; source and cue still right
    pred = {**MAYOR_GOLD, "content": at(MAYOR, "May. Critics say the plan is far too late")}
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)], [{"id": "a", "attributions": [pred]}])
    assert_scores(result, {
        "partial": (100.0, 100.0, 100.0),
        "soft": (0.0, 0.0, 0.0),
        "exact": (0.0, 0.0, 0.0),
        "source": (100.0, 100.0, 100.0),
        "cue": (100.0, 100.0, 100.0),
    })


def test_a_content_without_its_that_is_soft_not_exact(tmp_path: Path) -> None:
    pred = {**MAYOR_GOLD, "content": at(MAYOR, "the bridge will reopen in May.")}
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)], [{"id": "a", "attributions": [pred]}])
    assert_scores(result, {"partial": (100.0, 100.0, 100.0), "soft": (100.0, 100.0, 100.0),
                           "exact": (0.0, 0.0, 0.0)})


@pytest.mark.parametrize(("pred_content", "soft"), [
    ([0, 20], True),  # overlap 10 / union 20 = 0.5
    ([0, 21], False),  # 10 / 21
    ([2, 10], True),  # 8 / 10
    ([5, 15], False),  # 5 / 15
    ([9, 10], False),  # 1 / 10
])
def test_soft_needs_half_the_union(tmp_path: Path, pred_content: list[int], soft: bool) -> None:
    gold = attribution([0, 10], None, [30, 34])
    pred = attribution(pred_content, None, [30, 34])
    result = run(tmp_path, [gold_doc("a", MAYOR, gold)], [{"id": "a", "attributions": [pred]}])
    assert figures(result, "soft") == ((100.0,) * 3 if soft else (0.0,) * 3)
    assert figures(result, "partial") == (100.0, 100.0, 100.0)


@pytest.mark.parametrize(("pred_piece", "exact"), [
    ("\u201cWe are broke.\u201d", True),  # the gold span itself
    ("We are broke", True),  # without quote marks and full stop
    (" \u201cWe are broke.\u201d ", True),  # with the spaces around it
    (": \u201cWe are broke", True),  # colon and opening quote trimmed at the start too
    ("are broke.\u201d", False),  # a word short
    ("We are broke.\u201d Then", False),  # a word too many
])
def test_exact_trims_spaces_quotes_and_punctuation(tmp_path: Path, pred_piece: str, exact: bool) -> None:
    gold = attribution(at(QUOTE, "\u201cWe are broke.\u201d"), at(QUOTE, "He"), at(QUOTE, "said"))
    pred = {**gold, "content": at(QUOTE, pred_piece)}
    result = run(tmp_path, [gold_doc("q", QUOTE, gold)], [{"id": "q", "attributions": [pred]}])
    assert figures(result, "exact") == ((100.0,) * 3 if exact else (0.0,) * 3)


@pytest.mark.parametrize(("gold_source", "pred_source", "right"), [
    (None, None, True),  # no source in either: right
    ([0, 9], None, False),  # gold has "The mayor", prediction none
    (None, [0, 9], False),  # prediction invents one
    ([0, 9], [4, 9], True),  # "mayor" overlaps "The mayor"
    ([0, 9], [51, 58], False),  # a different mention ("Critics")
    ([0, 9], [9, 14], False),  # touching is not overlapping
])
def test_source_is_right_when_both_null_or_overlapping(
    tmp_path: Path, gold_source: list[int] | None, pred_source: list[int] | None, right: bool
) -> None:
    gold = {**MAYOR_GOLD, "source": gold_source}
    pred = {**MAYOR_GOLD, "source": pred_source}
    result = run(tmp_path, [gold_doc("a", MAYOR, gold)], [{"id": "a", "attributions": [pred]}])
    assert figures(result, "source") == ((100.0,) * 3 if right else (0.0,) * 3)
    assert figures(result, "exact") == (100.0, 100.0, 100.0)


def test_a_false_positive_costs_precision(tmp_path: Path) -> None:
    stray = attribution(at(MAYOR, "The mayor said"), None, at(MAYOR, "said"))
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)],
                 [{"id": "a", "attributions": [MAYOR_GOLD, stray]}])
    assert result.scores.n_pred == 2
    assert_scores(result, {metric: (50.0, 100.0, 66.7) for metric in ALL})


def test_a_miss_costs_recall(tmp_path: Path) -> None:
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD)],
                 [{"id": "a", "attributions": [CRITICS_GOLD]}])
    assert_scores(result, {metric: (100.0, 50.0, 66.7) for metric in ALL})


def test_documents_without_predictions_count_as_missed(tmp_path: Path) -> None:
    gold = [gold_doc("a", MAYOR, MAYOR_GOLD), gold_doc("b", MAYOR, MAYOR_GOLD, CRITICS_GOLD)]
    result = run(tmp_path, gold, [{"id": "a", "attributions": [MAYOR_GOLD]}])
    assert (result.scores.docs, result.scores.n_gold, result.scores.n_pred) == (2, 3, 1)
    assert figures(result, "exact") == (100.0, 33.3, 50.0)


def test_figures_round_to_one_decimal(tmp_path: Path) -> None:
    # 1 right of 3 predictions and 2 gold: P 33.3, R 50.0, F1 2PR/(P+R) = 40.0
    gold = [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD)]
    strays = [attribution(at(MAYOR, "The"), None, at(MAYOR, "The")), attribution(at(MAYOR, "mayor"), None, None)]
    result = run(tmp_path, gold, [{"id": "a", "attributions": [MAYOR_GOLD, *strays]}])
    assert figures(result, "exact") == (33.3, 50.0, 40.0)


# ---------------------------------------------------------------------------- pairing

LONG = "Prices rose sharply in the spring and then fell again in autumn, traders said on the radio."
G1, G2 = [0, 20], [30, 50]


def test_pairing_is_greedy_by_largest_overlap(tmp_path: Path) -> None:
    # P1 overlaps G1 by 10 and G2 by 6; P2 overlaps only G1, by 5. Greedy pairs P1-G1
    # first and leaves P2 and G2 alone, though P1-G2 and P2-G1 would pair both.
    p1 = attribution([10, 36], None, [70, 74])
    p2 = attribution([15, 22], None, [70, 74])
    gold = [gold_doc("p", LONG, attribution(G1, None, [70, 74]), attribution(G2, None, [70, 74]))]
    for order in ([p1, p2], [p2, p1]):
        result = run(tmp_path, gold, [{"id": "p", "attributions": order}])
        assert figures(result, "partial") == (50.0, 50.0, 50.0)
        assert figures(result, "soft") == (0.0, 0.0, 0.0)  # P1-G1: 10 / 36
        assert figures(result, "source") == (50.0, 50.0, 50.0)


def test_pairing_takes_the_largest_overlap_first_whatever_the_order(tmp_path: Path) -> None:
    # both predictions overlap G1; the one overlapping more gets it, listed first or last
    good = attribution([0, 19], None, [70, 74])  # overlap 19: soft
    poor = attribution([12, 25], None, [70, 74])  # overlap 8: not soft
    gold = [gold_doc("p", LONG, attribution(G1, None, [70, 74]))]
    for order in ([good, poor], [poor, good]):
        result = run(tmp_path, gold, [{"id": "p", "attributions": order}])
        assert figures(result, "soft") == (50.0, 100.0, 66.7)


def test_ties_go_to_the_later_prediction(tmp_path: Path) -> None:
    # same content twice: the reference scorer pairs the later one, so we do too
    right = attribution(G1, [70, 77], [78, 82])
    wrong = attribution(G1, None, None)
    gold = [gold_doc("p", LONG, attribution(G1, [70, 77], [78, 82]))]
    result = run(tmp_path, gold, [{"id": "p", "attributions": [right, wrong]}])
    assert figures(result, "source") == (0.0, 0.0, 0.0)
    result = run(tmp_path, gold, [{"id": "p", "attributions": [wrong, right]}])
    assert figures(result, "source") == (50.0, 100.0, 66.7)


# ---------------------------------------------------------------------------- inputs


def test_claim_records_are_read_with_errors_and_documents(tmp_path: Path) -> None:
    gold = [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD), gold_doc("b", QUOTE)]
    mayor = make_claim("a", MAYOR, 1, MAYOR_GOLD["content"], MAYOR_GOLD["source"], MAYOR_GOLD["cue"])
    own_voice = make_claim("a", MAYOR, 2, at(MAYOR, "The mayor said that the bridge"))
    critics = make_claim("a", MAYOR, 3, CRITICS_GOLD["content"], None, CRITICS_GOLD["cue"])
    stray = make_claim("b", QUOTE, 1, at(QUOTE, "Then the treasurer left"), None, at(QUOTE, "said"))
    document = Document(doc_id="a", length=len(MAYOR), entities=[], errors=[],
                        claims=[Claim.model_validate(critics)])
    error = ErrorRecord(doc_id="c", path="c.txt", error_type="empty", message="no text")
    rows = [mayor, own_voice, json.loads(error.model_dump_json()), json.loads(document.model_dump_json()), stray]
    result = run(tmp_path, gold, rows)
    # mayor exact and right; critics paired, source wrong; stray unpaired; own voice not scored
    assert (result.scores.docs, result.scores.n_gold, result.scores.n_pred) == (2, 2, 3)
    assert result.failed == 1
    assert_scores(result, {
        "exact": (66.7, 100.0, 80.0),
        "source": (33.3, 50.0, 40.0),
        "cue": (66.7, 100.0, 80.0),
    })


def test_loose_claim_shape_of_other_systems(tmp_path: Path) -> None:
    # what a converter from another system may write: "content" instead of "span", no "record"
    row = {"doc_id": "a", "content": {"start": MAYOR_GOLD["content"][0], "end": MAYOR_GOLD["content"][1]},
           "source": {"span": {"start": 0, "end": 9}}, "cue": {"start": 10, "end": 14}}
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)], [row])
    assert_scores(result, {metric: (100.0, 100.0, 100.0) for metric in ALL})


def test_gold_shaped_predictions_count_even_without_cue(tmp_path: Path) -> None:
    no_cue = {**CRITICS_GOLD, "cue": None}
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD)],
                 [{"id": "a", "attributions": [MAYOR_GOLD]}, {"id": "a", "attributions": [no_cue]}])
    assert result.scores.n_pred == 2
    assert_scores(result, {"exact": (100.0, 100.0, 100.0), "cue": (50.0, 50.0, 50.0)})


def test_predictions_for_unknown_documents_are_listed_not_scored(tmp_path: Path) -> None:
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)],
                 [{"id": "a", "attributions": [MAYOR_GOLD]}, {"id": "zz", "attributions": [MAYOR_GOLD]}])
    assert result.scores.n_pred == 1
    assert result.unknown_docs == ["zz"]


def test_blank_lines_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text("\n" + json.dumps(gold_doc("a", MAYOR, MAYOR_GOLD)) + "\n\n   \n", encoding="utf-8")
    assert [doc.id for doc in read_gold(path)] == ["a"]


def test_limit_reads_the_first_documents(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "gold.jsonl", [gold_doc(name, MAYOR) for name in "abc"])
    assert [doc.id for doc in read_gold(path, limit=2)] == ["a", "b"]


@pytest.mark.parametrize(("line", "message"), [
    ('{"id": "b", "text": "unclosed', "not valid JSON"),
    ("[1, 2]", "a line must be a JSON object, not list"),
    ('{"id": "b", "attributions": []}', "text"),
    ('{"id": "b", "text": "x", "attributions": [{"cue": [0, 1]}]}', "content"),
    pytest.param('{"id": "b", "text": "x", "attributions": ' + "[" * 5_000 + "]" * 5_000 + "}", "nested more than",
                 id="nested-5000-deep"),
])
def test_malformed_gold_line_is_reported_with_its_number(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold_doc("a", MAYOR)) + "\n\n" + line + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 3") as caught:
        read_gold(path)
    assert caught.value.line == 3
    assert message in str(caught.value)


@pytest.mark.parametrize(("row", "message"), [
    ({"record": "summary", "doc_id": "a"}, "unknown record type"),
    ({"record": "claim", "span": {"start": 0, "end": 3}, "cue": {"start": 0, "end": 1}}, "doc_id"),
    ({"doc_id": "a", "cue": {"start": 0, "end": 1}}, "span"),
    ({"id": "a", "attributions": [{"cue": [0, 1]}]}, "content"),
])
def test_unusable_prediction_is_reported_with_its_line(tmp_path: Path, row: dict, message: str) -> None:
    path = write_jsonl(tmp_path / "pred.jsonl", [{"id": "a", "attributions": []}, row])
    with pytest.raises(InputError, match="line 2") as caught:
        read_predictions(path)
    assert message in str(caught.value)


def test_a_prediction_nested_too_deeply_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a", "attributions": []}\n{"id": "b", "x": ' + "[" * 5_000 + "]" * 5_000 + "}\n")
    with pytest.raises(InputError, match=r"pred.jsonl, line 2: not valid JSON: nested more than"):
        read_predictions(path)


def test_invalid_json_in_predictions_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "pred.jsonl"
    path.write_text('{"id": "a", "attributions": []}\n{"id": \n', encoding="utf-8")
    with pytest.raises(InputError, match=r"pred.jsonl, line 2: not valid JSON"):
        read_predictions(path)


# ---------------------------------------------------------------------------- predict


class FakeNlp:
    """Stands in for the pipeline: ``pipe`` passes texts and ids through."""

    def __init__(self) -> None:
        self.calls: list[dict] = []

    def pipe(self, items, as_tuples: bool = False, batch_size: int = 0):
        self.calls.append({"as_tuples": as_tuples, "batch_size": batch_size})
        for text, doc_id in items:
            yield text, doc_id


def test_predict_carries_ids_and_turns_failures_into_error_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fake_record(doc: str, doc_id: str) -> Document:
        if doc_id == "broken":
            raise KeyError("claims_cues")
        said = make_claim(doc_id, doc, 1, MAYOR_GOLD["content"], MAYOR_GOLD["source"], MAYOR_GOLD["cue"])
        own_voice = make_claim(doc_id, doc, 2, at(doc, "the plan is far too late."))
        claims = [Claim.model_validate(said), Claim.model_validate(own_voice)]
        return Document(doc_id=doc_id, length=len(doc), entities=[], errors=[], claims=claims)

    monkeypatch.setattr("pipeline.export.document_record", fake_record)
    docs = [gold_doc("a", MAYOR, MAYOR_GOLD), gold_doc("broken", MAYOR, MAYOR_GOLD)]
    path = write_jsonl(tmp_path / "gold.jsonl", docs)
    gold = read_gold(path)
    nlp = FakeNlp()
    records = list(predict(nlp, gold, batch_size=7))
    assert nlp.calls == [{"as_tuples": True, "batch_size": 7}]
    assert [type(r).__name__ for r in records] == ["Claim", "Claim", "ErrorRecord"]
    assert records[2].doc_id == "broken"
    result = evaluate(gold, collect(records))
    assert result.failed == 1
    assert (result.scores.n_gold, result.scores.n_pred) == (2, 1)  # the claim in its own voice is not scored
    assert figures(result, "exact") == (100.0, 50.0, 66.7)


# ---------------------------------------------------------------------------- error analysis


def test_errors_are_grouped_by_kind(tmp_path: Path) -> None:
    gold = [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD), gold_doc("q", QUOTE, attribution(
        at(QUOTE, "\u201cWe are broke.\u201d"), at(QUOTE, "He"), at(QUOTE, "said")))]
    too_long = make_claim("a", MAYOR, 1, at(MAYOR, "said that the bridge will reopen in May."), None,
                          at(MAYOR, "said"))
    stray = make_claim("q", QUOTE, 1, at(QUOTE, "the treasurer left the room"), at(QUOTE, "the treasurer"),
                       at(QUOTE, "left"), lemma="leave")
    result = run(tmp_path, gold, [too_long, stray])
    groups = result.errors.groups
    assert {kind: groups[kind].count for kind in ErrorKind} == {
        ErrorKind.MISSED: 2,  # critics, and the treasurer's quotation
        ErrorKind.FALSE_POSITIVE: 1,
        ErrorKind.BOUNDARY: 1,
        ErrorKind.SOURCE: 1,
        ErrorKind.CUE: 0,
    }
    assert groups[ErrorKind.MISSED].words == {"say": 1, "said": 1}
    assert groups[ErrorKind.FALSE_POSITIVE].words == {"leave": 1}
    assert dict(groups[ErrorKind.BOUNDARY].details) == {"content too long": 1}
    assert dict(groups[ErrorKind.SOURCE].details) == {"no source predicted, gold has one": 1}
    text = result.errors.render(top=5)
    assert "missed attribution: 2" in text
    assert "\u00abthe treasurer left the room\u00bb" in text
    assert "pred adds (start)" in text


@pytest.mark.parametrize(("pred_piece", "detail"), [
    ("the bridge will reopen in May.", "content too short"),
    ("mayor said that the bridge will reopen", "content shifted"),
])
def test_boundary_errors_say_how_the_content_is_wrong(tmp_path: Path, pred_piece: str, detail: str) -> None:
    pred = {**MAYOR_GOLD, "content": at(MAYOR, pred_piece)}
    result = run(tmp_path, [gold_doc("a", MAYOR, MAYOR_GOLD)], [{"id": "a", "attributions": [pred]}])
    assert dict(result.errors.groups[ErrorKind.BOUNDARY].details) == {detail: 1}


# ---------------------------------------------------------------------------- CLI


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    gold = write_jsonl(tmp_path / "gold.jsonl", [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD)])
    pred = write_jsonl(tmp_path / "pred.jsonl", [
        make_claim("a", MAYOR, 1, MAYOR_GOLD["content"], MAYOR_GOLD["source"], MAYOR_GOLD["cue"]),
        # overlap 12 of 25 characters: partial, not soft; too short; source missing
        make_claim("a", MAYOR, 2, at(MAYOR, "far too late"), None, at(MAYOR, "say")),
    ])
    return gold, pred


def test_cli_prints_a_table(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(pred)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "docs 1  gold 2  pred 2"
    assert "partial   100.0  100.0  100.0" in lines
    assert "exact      50.0   50.0   50.0" in lines
    assert "source     50.0   50.0   50.0" in lines


def test_cli_json_has_the_reference_shape(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(pred), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert list(data) == ["docs", "n_gold", "n_pred", *ALL]
    assert data["soft"] == {"P": 50.0, "R": 50.0, "F1": 50.0}
    assert data["cue"] == {"P": 100.0, "R": 100.0, "F1": 100.0}


def test_cli_errors_lists_groups(files: tuple[Path, Path]) -> None:
    gold, pred = files
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(pred), "--errors"])
    assert result.exit_code == 0, result.output
    assert "wrong content boundary: 1  (content too short: 1)" in result.output
    assert "wrong source: 1  (no source predicted, gold has one: 1)" in result.output
    assert "missed attribution: 0" in result.output
    data = json.loads(CliRunner().invoke(
        main, ["evaluate", str(gold), "--pred", str(pred), "--errors", "--json"]).output)
    assert data["errors"]["wrong source"]["count"] == 1


def test_cli_reports_a_malformed_prediction_as_usage_error(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, _ = files
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n{oops\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(bad)])
    assert result.exit_code == 2
    assert "line 2" in result.output


def test_cli_exits_1_when_documents_failed(files: tuple[Path, Path], tmp_path: Path) -> None:
    gold, pred = files
    failed = tmp_path / "failed.jsonl"
    error = ErrorRecord(doc_id="a", path=None, error_type="encoding", message="not UTF-8")
    failed.write_text(pred.read_text() + error.model_dump_json() + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(failed), "--json"])
    assert result.exit_code == 1


def test_cli_limit_scores_the_first_documents(files: tuple[Path, Path], tmp_path: Path) -> None:
    _, pred = files
    gold = write_jsonl(tmp_path / "two.jsonl", [gold_doc("a", MAYOR, MAYOR_GOLD, CRITICS_GOLD), gold_doc("b", QUOTE)])
    other = write_jsonl(tmp_path / "other.jsonl", [{"id": "b", "attributions": [attribution([0, 2], None, [3, 7])]}])
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(pred), "--limit", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["docs"] == 1
    result = CliRunner().invoke(main, ["evaluate", str(gold), "--pred", str(other), "--limit", "1"])
    assert "predictions for 1 documents not among the gold documents scored" in result.output


def test_evaluate_says_who_the_sources_are_when_the_gold_does(nlp, tmp_path: Path) -> None:
    """Gold that names each source's entity gets the identity figure too (issue 14)."""
    text = "Mayor Elena Varga spoke on Monday. She said the bridge would close. Critics said it was safe."
    she, critics = text.index("She"), text.index("Critics")
    gold = {"id": "bridge", "text": text, "attributions": [
        {"source": [she, she + 3], "cue": [she + 4, she + 8], "content": [she + 9, text.index(". Critics")],
         "entity": "Elena Varga", "source_type": "person"},
        {"source": [critics, critics + 7], "cue": [critics + 8, critics + 12],
         "content": [critics + 13, len(text) - 1], "entity": None, "source_type": "group"}]}
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(gold) + "\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["evaluate", str(path), "--json"])
    assert result.exit_code == 0, result.output
    who = json.loads(result.output.splitlines()[-1])["who"]
    assert who == {"sources": 2, "found": 2, "identity": 2, "typed": 2, "type": 2}
    text_result = CliRunner().invoke(main, ["evaluate", str(path)])
    assert "identity 100.0%" in text_result.output
