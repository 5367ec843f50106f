"""``claims export --format csv``: one row a claim, stable columns, RFC 4180, checked by
reading the file back with the ``csv`` module. No model is loaded here."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.records import Claim, Document, ErrorRecord
from pipeline.table import COLUMNS, claim_row

TEXT = 'Ann Lee said "we will, of course,\nreopen" the pier. She denied the pier was unsafe. Tides rose.'


def piece(part: str) -> dict:
    start = TEXT.index(part)
    return {"text": part, "span": {"start": start, "end": start + len(part)}}


def make_claim(n: int, content: str, *, source: str | None = None, cue: str | None = None, lemma: str = "say",
               resolved: str | None = None, stance: str = "asserted", direct: bool = False) -> Claim:
    where = piece(content)
    return Claim.model_validate({
        "doc_id": "pier", "claim_id": f"pier#{n}", "text": content, "span": where["span"],
        "fragments": [where["span"]], "sentence": where, "attributed": cue is not None, "direct_quote": direct,
        "source": None if source is None else {
            **piece(source), "type": "person",
            "resolved": None if resolved is None else {**piece(resolved), "label": "PERSON", "entity_id": "E1",
                                                       "name": "Ann B. Lee"}},
        "source_type": "person" if source is not None else "author",
        "cue": None if cue is None else {**piece(cue), "lemma": lemma, "form": "verb", "kind": "speech"},
        "stance": stance, "entities": [], "quantities": [], "hedges": [],
    }, context={"text": TEXT})


CLAIMS = [
    make_claim(1, '"we will, of course,\nreopen"', source="Ann Lee", cue="said", direct=True),
    make_claim(2, "the pier was unsafe", source="She", cue="denied", lemma="deny", resolved="Ann Lee",
               stance="denied"),
    make_claim(3, "Tides rose."),
]


def test_a_row_per_claim():
    assert claim_row(CLAIMS[1]) == {
        "doc_id": "pier", "claim_id": "pier#2", "attributed": "true", "source_type": "person", "source": "She",
        "resolved": "Ann B. Lee", "entity_id": "E1", "resolved_type": "person", "cue": "denied", "cue_lemma": "deny",
        "stance": "denied", "text": "the pier was unsafe", "start": TEXT.index("the pier was"),
        "end": TEXT.index("the pier was") + len("the pier was unsafe"), "direct_quote": "false"}
    assert claim_row(CLAIMS[1], {"E1": "organization"})["resolved_type"] == "organization"  # the document's word
    unattributed = claim_row(CLAIMS[2])
    assert (unattributed["attributed"], unattributed["source"], unattributed["cue"], unattributed["resolved"]) == (
        "false", "", "", "")


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    path = tmp_path / "out.jsonl"
    document = Document(doc_id="pier", length=len(TEXT), entities=[], claims=CLAIMS, errors=[])
    error = ErrorRecord(doc_id="gone", path="gone.txt", error_type="not_found", message="no such file: gone.txt")
    lines = [c.model_dump_json() for c in CLAIMS] + ["not json", document.model_dump_json(), error.model_dump_json()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_export_reads_back_with_the_csv_module(batch: Path, tmp_path: Path):
    out = tmp_path / "claims.csv"
    result = CliRunner().invoke(main, ["export", str(batch), "--format", "csv", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert "skipped 1 lines" in result.stderr and "wrote 3 claims" in result.stderr
    with open(out, encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == COLUMNS
    assert len(rows) == 4  # the document record repeats the claims: each is one row
    table = [dict(zip(COLUMNS, row)) for row in rows[1:]]
    for row, claim in zip(table, CLAIMS):
        assert row["text"] == claim.text == TEXT[int(row["start"]):int(row["end"])]
        assert row == {key: str(value) for key, value in claim_row(claim).items()}
    assert table[0]["direct_quote"] == "true" and "\n" in table[0]["text"] and '"' in table[0]["text"]


def test_rfc_4180_bytes(batch: Path, tmp_path: Path):
    out = tmp_path / "claims.csv"
    assert CliRunner().invoke(main, ["export", str(batch), "-o", str(out)]).exit_code == 0
    data = out.read_bytes().decode("utf-8")
    assert data.endswith("\r\n") and data.count("\r\n") == 4  # the header and three records, none inside a field
    assert '"""we will, of course,\nreopen"""' in data  # quoted, quotation marks doubled, the line break kept


def test_stdout_and_attributed_only(batch: Path, tmp_path: Path):
    result = CliRunner().invoke(main, ["export", str(batch), "--attributed-only"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
    assert [(r["claim_id"], r["stance"]) for r in rows] == [("pier#1", "asserted"), ("pier#2", "denied")]


def test_never_writes_over_an_input(batch: Path):
    before = batch.read_bytes()
    result = CliRunner().invoke(main, ["export", str(batch), "-o", str(batch)])
    assert result.exit_code == 2 and batch.read_bytes() == before
