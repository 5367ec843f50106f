"""Two runs can be told apart: a document record, a batch's journal and its summary say
which claim-pipeline and which spaCy model made them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

from pipeline import __version__, extract_document
from pipeline.about import producer
from pipeline.batch import process
from pipeline.cli import main
from pipeline.nlp import default_model
from pipeline.readers import InputDoc
from pipeline.records import Document
from pipeline.writers import journal_path, open_output

ARTICLE = "Mayor Ann Lee said the bridge will reopen in May.\n\nThe council disagreed.\n"


@pytest.fixture(scope="module")
def expected() -> dict:
    model = default_model()
    return {"tool": "claim-pipeline", "version": __version__, "spacy_version": spacy.__version__,
            "model": model, "model_version": spacy.util.get_package_version(model)}


def test_producer_of_the_default_pipeline(nlp, expected):
    assert producer(nlp) == expected


def test_extract_per_document(tmp_path: Path, expected):
    path = tmp_path / "bridge.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(path), "--per", "document"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in result.output.splitlines()]
    assert record["producer"] == expected
    assert Document.model_validate(record).producer.model_version == expected["model_version"]


def test_the_python_api(nlp, expected):
    assert extract_document(ARTICLE, "bridge", nlp=nlp).producer.model_dump() == expected


def test_batch_journal_summary_and_records(tmp_path: Path, expected):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    result = CliRunner().invoke(main, ["batch", str(folder), "-o", str(out), "--per", "document", "--workers", "1"])
    assert result.exit_code == 0, result.output
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert record["producer"] == expected
    header = json.loads(journal_path(out).read_text(encoding="utf-8").splitlines()[0])
    assert header["producer"] == expected
    assert f"claim-pipeline {__version__} with {expected['model']} {expected['model_version']}" in result.output


def test_a_document_processed_in_pieces_keeps_its_producer(nlp, tmp_path: Path, expected):
    out = tmp_path / "out.jsonl"
    writer = open_output(out, per="document")
    text = (ARTICLE + "\n") * 40
    saved = nlp.max_length
    nlp.max_length = 600
    try:
        stats = process(nlp, [InputDoc("long", None, text)], writer)
    finally:
        nlp.max_length = saved
        writer.close()
    assert stats.documents == 1
    (record,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(record["claims"]) > 40 and record["producer"] == expected
