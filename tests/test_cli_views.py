"""``claims render`` and ``claims report`` without ``-o``: a page goes to a redirect or a
pipe, but never pours into a terminal (a pseudo-terminal here); text formats do show
there. The fake pipeline (tests/data/fake_pipeline.py) stands in for the model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import run_fake_claims

from pipeline.cli import main

pytestmark = pytest.mark.usefixtures("fake_cli")

ARTICLE = "The minister said the port will reopen.\n\nIt rained in May.\n"


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    (tmp_path / "port.txt").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


@pytest.fixture()
def batch_output(folder: Path) -> Path:
    out = folder / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(folder / "port.txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    return out


def test_render_at_a_terminal_is_refused_before_any_work(folder: Path):
    code, out, err = run_fake_claims(["render", "port.txt"], folder, terminal="stdout")
    assert code == 2 and out == ""
    assert "give -o port.html" in err and "> port.html" in err


def test_report_html_at_a_terminal_is_refused(batch_output: Path):
    code, out, err = run_fake_claims(["report", batch_output.name], batch_output.parent, terminal="stdout")
    assert code == 2 and out == "" and "give -o report.html" in err


def test_report_markdown_shows_at_a_terminal(batch_output: Path):
    code, out, _ = run_fake_claims(["report", batch_output.name, "--format", "md"], batch_output.parent,
                                   terminal="stdout")
    assert code == 0 and out.startswith("# Who is cited")


@pytest.mark.parametrize("args", [[], ["-o", "-"]])
def test_render_piped_or_asked_writes_the_page(folder: Path, args: list[str]):
    result = CliRunner().invoke(main, ["render", str(folder / "port.txt"), *args])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("<!DOCTYPE html>") and "the port will reopen" in result.stdout


@pytest.mark.parametrize(("fmt", "check"), [(None, lambda out: out.startswith("<!DOCTYPE html>")),
                                              ("json", lambda out: json.loads(out)["claims"] == 2)])
def test_report_piped(batch_output: Path, fmt, check):
    result = CliRunner().invoke(main, ["report", str(batch_output), *(["--format", fmt] if fmt else [])])
    assert result.exit_code == 0, result.output
    assert check(result.stdout)
