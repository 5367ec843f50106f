"""``bench/polnear.py``: a clone of PolNeAR's public layout to the gold JSONL that
``claims evaluate`` reads. The clone here is a small one written for this test, in the
same layout (metadata.tsv, text/, brat standoff attributions/)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import polnear  # noqa: E402

from pipeline.evaluate import read_gold  # noqa: E402

HEADER = "compartment\tfilename\tlevel\tannotators\tpublisher\tpublication_date\tauthor\ttitle\n"
FERRY = ('"We will sail on Monday," the harbour master said, "if the wind drops."\n\n'
         "It is understood that the union objects. Crews said pay was too low.\n")
CREWS = FERRY.index("Crews")
MILL = "The mill will close, according to the owners.\n"


def write_clone(root: Path) -> Path:
    data = root / "data"
    for split in ("train", "dev"):
        (data / split / "text").mkdir(parents=True)
        (data / split / "attributions").mkdir(parents=True)
    (data / "metadata.tsv").write_text(
        HEADER + "train\tferry\t1\tb2,a1\tgazette\t2016-01-02\tA. Writer\tFerry\n"
                 "dev\tmill\t1\tc3\tcourier\t2016-02-03\tB. Writer\tMill\n", encoding="utf-8")
    (data / "train" / "text" / "ferry.txt").write_text(FERRY, encoding="utf-8")
    (data / "dev" / "text" / "mill.txt").write_text(MILL, encoding="utf-8")

    def t(ident: str, label: str, *pieces: str, text: str = FERRY, after: int = 0) -> str:
        offsets = [(text.index(p, after), text.index(p, after) + len(p)) for p in pieces]
        return f"{ident}\t{label} {';'.join(f'{a} {b}' for a, b in offsets)}\t{' '.join(pieces)}"

    ferry = "\n".join([
        # listed before the quotation, though its content starts later
        t("T1", "Source", "Crews"), t("T2", "Cue", "said", after=CREWS),
        t("T3", "Content", "pay was too low"), t("T4", "Attribution", "said", after=CREWS),
        "E1\tAttribution:T4 Source:T1 Cue:T2 Content:T3",
        t("T5", "Discuss", "It is understood"),
        t("T6", "Cue", "It is understood"), t("T7", "Content", "that the union objects"),
        t("T8", "Attribution-no-source", "It is understood"),
        "E2\tAttribution-no-source:T8 Cue:T6 Content:T7",
        # a quotation split by its cue: the second piece as Content2, the first with two pieces
        t("T9", "Source", "the harbour master"), t("T10", "Cue", "said"),
        t("T11", "Content", '"We will sail', 'on Monday,"'), t("T12", "Content", '"if the wind drops."'),
        t("T13", "Attribution", "said"),
        "E3\tAttribution:T13 Source:T9 Cue:T10 Content:T11 Content2:T12",
    ])
    (data / "train" / "attributions" / "ferry_b2.ann").write_text(ferry + "\n", encoding="utf-8")
    (data / "train" / "attributions" / "ferry_a1.ann").write_text("", encoding="utf-8")  # not the first annotator
    mill = "\n".join([
        t("T1", "Content", "The mill will close", text=MILL), t("T2", "Cue", "according to", text=MILL),
        t("T3", "Source", "the owners", text=MILL), t("T4", "Attribution", "according to", text=MILL),
        "E1\tAttribution:T4 Content:T1 Cue:T2 Source:T3",
    ])
    (data / "dev" / "attributions" / "mill_c3.ann").write_text(mill + "\n", encoding="utf-8")
    return root


def at(text: str, piece: str, after: int = 0) -> list[int]:
    start = text.index(piece, after)
    return [start, start + len(piece)]


def test_a_clone_converts_to_gold_lines(tmp_path: Path):
    clone = write_clone(tmp_path / "PolNeAR")
    counts = polnear.write_splits(clone, tmp_path / "eval")
    assert counts == {"train": 1, "dev": 1}
    (line,) = (tmp_path / "eval" / "polnear_gold_train.jsonl").read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert list(record) == ["id", "split", "annotator", "publisher", "text", "attributions"]
    assert (record["id"], record["split"], record["annotator"], record["publisher"]) == ("ferry", "train", "b2", "gazette")
    assert record["text"] == FERRY
    said = FERRY.index("said")
    quote, impersonal, crews = record["attributions"]  # in the order their contents start
    assert quote == {
        "source": at(FERRY, "the harbour master"), "cue": [said, said + 4],
        "content": [0, len(FERRY.split("\n")[0])],
        "source_frags": [at(FERRY, "the harbour master")], "cue_frags": [[said, said + 4]],
        "content_frags": [at(FERRY, '"We will sail'), at(FERRY, 'on Monday,"'), at(FERRY, '"if the wind drops."')],
        "type": "Attribution"}
    assert impersonal["source"] is None and impersonal["source_frags"] is None
    assert impersonal["type"] == "Attribution-no-source" and impersonal["cue"] == at(FERRY, "It is understood")
    assert crews["content"] == at(FERRY, "pay was too low") and crews["source"] == at(FERRY, "Crews")
    assert crews["cue"] == at(FERRY, "said", CREWS)
    assert line == json.dumps(record, ensure_ascii=False)


def test_the_output_is_what_claims_evaluate_reads(tmp_path: Path):
    clone = write_clone(tmp_path / "PolNeAR")
    polnear.write_splits(clone, tmp_path / "eval", ("dev",))
    assert not (tmp_path / "eval" / "polnear_gold_train.jsonl").exists()
    (doc,) = read_gold(tmp_path / "eval" / "polnear_gold_dev.jsonl")
    (gold,) = doc.attributions
    assert doc.text[slice(*gold.content)] == "The mill will close"


def test_a_span_that_is_not_its_text_is_refused(tmp_path: Path):
    clone = write_clone(tmp_path / "PolNeAR")
    ann = clone / "data" / "dev" / "attributions" / "mill_c3.ann"
    ann.write_text(ann.read_text(encoding="utf-8").replace("\tthe owners", "\tthe others"), encoding="utf-8")
    with pytest.raises(polnear.FormatError, match="the others"):
        polnear.write_splits(clone, tmp_path / "eval", ("dev",))
    assert polnear.main([str(clone), "-o", str(tmp_path / "eval"), "--split", "dev"]) == 1


def test_not_a_clone(tmp_path: Path):
    assert polnear.main([str(tmp_path), "-o", str(tmp_path / "eval")]) == 2
