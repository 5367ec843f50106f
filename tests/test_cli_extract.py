"""``claims extract FILE... [-o OUT]`` as a user runs it, and errors as a person at a
terminal reads them (a pseudo-terminal) or a program does (a pipe). The fake pipeline
(tests/data/fake_pipeline.py) stands in for the model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_fake_claims


from pipeline.cli import main, plain_error
from pipeline.records import ErrorRecord

pytestmark = pytest.mark.usefixtures("fake_cli")

ONE = "The minister said the port will reopen.\n\nIt rained in May.\n"
TWO = "Crews said the fire is out.\n"


@pytest.fixture()
def articles(tmp_path: Path) -> tuple[Path, Path]:
    one, two = tmp_path / "port.txt", tmp_path / "fire.md"
    one.write_text(ONE, encoding="utf-8")
    two.write_text(TWO, encoding="utf-8")
    return one, two


def claims(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def records(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_several_files_in_the_order_given(articles):
    one, two = articles
    result = claims("extract", str(two), str(one))
    assert result.exit_code == 0, result.output
    ids = [r["doc_id"] for r in records(result.stdout)]
    assert ids == ["fire"] + ["port"] * ids.count("port") and ids.count("port") == 2


def test_output_file(articles, tmp_path: Path):
    out = tmp_path / "new" / "claims.jsonl"
    result = claims("extract", *map(str, articles), "-o", str(out), "--per", "document")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert [r["doc_id"] for r in records(out.read_text(encoding="utf-8"))] == ["port", "fire"]
    assert f"2 documents, 3 claims, 0 failed; output {out}" in result.stderr


def test_gzip_output(articles, tmp_path: Path):
    out = tmp_path / "claims.jsonl.gz"
    assert claims("extract", str(articles[1]), "-o", str(out)).exit_code == 0
    assert [r["text"] for r in records(gzip.decompress(out.read_bytes()).decode())] == [TWO.strip()]


def test_a_bad_file_among_good_ones(articles, tmp_path: Path):
    result = claims("extract", str(articles[0]), str(tmp_path / "nope.txt"), str(articles[1]))
    assert result.exit_code == 1
    assert {r["doc_id"] for r in records(result.stdout)} == {"port", "fire"}
    (error,) = records(result.stderr)
    assert (error["record"], error["doc_id"], error["error_type"]) == ("error", "nope", "not_found")


def test_the_same_name_twice_is_a_duplicate(tmp_path: Path, articles):
    other = tmp_path / "more"
    other.mkdir()
    (other / "port.txt").write_text(TWO, encoding="utf-8")
    result = claims("extract", str(articles[0]), str(other / "port.txt"))
    assert result.exit_code == 1
    assert {r["text"] for r in records(result.stdout)} == {"The minister said the port will reopen.", "It rained in May."}
    (error,) = records(result.stderr)
    assert (error["error_type"], error["path"]) == ("duplicate_id", str(other / "port.txt"))


@pytest.mark.parametrize("kind", ["folder", "glob"])
def test_a_folder_or_a_glob_is_a_batch_job(tmp_path: Path, articles, kind: str):
    name = str(tmp_path) if kind == "folder" else str(tmp_path / "*.txt")
    result = claims("extract", name)
    assert result.exit_code == 2
    assert f"claims batch {name}" in result.stderr.replace("'", "")


def test_id_names_one_document(articles):
    result = claims("extract", *map(str, articles), "--id", "x")
    assert result.exit_code == 2 and "one FILE" in result.stderr


def test_never_writes_over_an_input(articles):
    result = claims("extract", *map(str, articles), "-o", str(articles[1]))
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert articles[1].read_text(encoding="utf-8") == TWO


# ------------------------------------------------------------- errors for people


@pytest.mark.parametrize(("message", "path", "line"), [
    ("no such file: nope.txt", "nope.txt", "claims: nope.txt: no such file"),
    ("empty file", "a/empty.txt", "claims: a/empty.txt: empty file"),
    ("line 3 of c.jsonl: not valid JSON: x", "c.jsonl", "claims: line 3 of c.jsonl: not valid JSON: x"),
    ("no text", None, "claims: stdin: no text"),
])
def test_plain_error(message, path, line):
    record = ErrorRecord(doc_id="stdin" if path is None else "d", path=path, error_type="x", message=message)
    assert plain_error(record) == line


def test_at_a_terminal_a_missing_and_an_empty_file_are_plain_lines(tmp_path: Path):
    (tmp_path / "empty.txt").write_bytes(b"")
    code, out, err = run_fake_claims(["extract", "nope.txt", "empty.txt"], tmp_path, terminal="stderr")
    assert (code, out, err) == (1, "", "claims: nope.txt: no such file\nclaims: empty.txt: empty file\n")


def test_render_at_a_terminal_too(tmp_path: Path):
    code, _, err = run_fake_claims(["render", "nope.txt", "-o", "page.html"], tmp_path, terminal="stderr")
    assert (code, err) == (1, "claims: nope.txt: no such file\n")


def test_piped_the_error_record_stays(tmp_path: Path):
    result = claims("extract", str(tmp_path / "nope.txt"))  # click's runner: stderr is no terminal
    assert result.exit_code == 1
    (error,) = records(result.stderr)
    assert (error["record"], error["error_type"], error["path"]) == ("error", "not_found", str(tmp_path / "nope.txt"))
