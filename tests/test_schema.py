"""The committed JSON Schemas under ``schemas/`` are exactly what the pydantic models say,
and ``claims schema`` prints them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.records import SCHEMAS
from pipeline.schema import DEFAULT_FOLDER, REGENERATE, file_name, schema_text, write_schemas

COMMITTED = Path(__file__).resolve().parent.parent / "schemas"
HINT = f"the committed JSON Schema differs from pipeline/records.py: regenerate it with `{REGENERATE}`"


def test_default_folder_is_the_repository_schemas():
    assert DEFAULT_FOLDER == COMMITTED


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name):
    path = COMMITTED / file_name(name)
    assert path.is_file(), f"{path} is missing: {HINT}"
    assert path.read_text(encoding="utf-8") == schema_text(name), f"{path.name}: {HINT}"


def test_no_stray_schema_files():
    assert sorted(p.name for p in COMMITTED.glob("*.json")) == sorted(file_name(n) for n in SCHEMAS), HINT


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_claims_schema_prints_the_committed_schema(name):
    result = CliRunner().invoke(main, ["schema", "--name", name])
    assert result.exit_code == 0, result.output
    committed = json.loads((COMMITTED / file_name(name)).read_text(encoding="utf-8"))
    assert json.loads(result.output) == committed


def test_claims_schema_defaults_to_claim():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output)["title"] == "Claim"


def test_write_schemas(tmp_path):
    written = write_schemas(tmp_path / "out")
    assert sorted(p.name for p in written) == ["claim.schema.json", "document.schema.json", "error.schema.json"]
    for path in written:
        text = path.read_text(encoding="utf-8")
        assert text.endswith("}\n") and not text.endswith("\n\n")
        data = json.loads(text)
        assert text == json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
        assert data["additionalProperties"] is False


def test_schema_module_is_runnable(tmp_path):
    run = subprocess.run([sys.executable, "-m", "pipeline.schema", str(tmp_path)], capture_output=True, text=True,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    for name in SCHEMAS:
        assert (tmp_path / file_name(name)).read_text(encoding="utf-8") == schema_text(name)


def test_schema_requires_the_contract_fields():
    claim = json.loads(schema_text("claim"))
    for field in ("schema_version", "doc_id", "claim_id", "text", "span", "sentence", "attributed", "source", "cue",
                  "direct_quote", "entities", "quantities", "hedges"):
        assert field in claim["properties"], field
    assert set(claim["required"]) >= {"doc_id", "claim_id", "text", "span", "attributed", "source", "cue"}


def test_stance_is_described_in_the_claim_schema():
    committed = json.loads((COMMITTED / file_name("claim")).read_text(encoding="utf-8"))
    stance = committed["properties"]["stance"]
    assert stance["enum"] == ["asserted", "negated", "denied"]
    assert "did not say" in stance["description"] and "denied" in stance["description"]
    assert committed["properties"]["schema_version"]["default"] == "1.1"
