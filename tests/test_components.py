"""Every stage is a spaCy component anyone can add by name: registered through the
``spacy_factories`` entry point (no import of ours first), saved and loaded with the
pipeline, and its results kept on the Doc through serialisation and multiprocessing."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
import spacy
from conftest import fixture_text
from spacy.tokens import Doc

from pipeline import extract
from pipeline.doc_keys import BLOCKS, CONTENTS, CUE_CANDIDATES, CUES, HEDGES, MEDIA, RESOLVED, SOURCES
from pipeline.nlp import STAGES, add_stages, default_model

ALL_STAGES = ("claims_structure", *STAGES)
SPAN_KEYS = (BLOCKS, MEDIA, CUE_CANDIDATES, CUES, SOURCES, RESOLVED, CONTENTS, HEDGES)
TEXT = ("Markets Calm\n\nAccording to the Financial Times, the bank may cut 2,000 jobs. "
        '"We will appeal," said Maria Lopez. She added that the talks had failed.')


def run_python(code: str) -> dict:
    """Run ``code`` in a fresh interpreter (so nothing of ours is imported first); it
    prints one JSON object on its last line."""
    run = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_stages_register_through_the_entry_point_on_blank():
    result = run_python(f"""
        import json, sys
        import spacy
        before = "pipeline" in sys.modules
        nlp = spacy.blank("en")
        for name in {ALL_STAGES!r}:
            nlp.add_pipe(name)
        doc = nlp.get_pipe("claims_structure")(nlp.make_doc("A Heading\\n\\nBy Jane Doe\\n\\nThe text goes on."))
        print(json.dumps({{"before": before, "pipes": nlp.pipe_names,
                          "blocks": [(s.label_, s.text) for s in doc.spans["claims_blocks"]]}}))
    """)
    assert result["before"] is False
    assert result["pipes"] == list(ALL_STAGES)
    assert result["blocks"] == [["heading", "A Heading"], ["byline", "By Jane Doe"], ["paragraph", "The text goes on."]]


def test_stages_register_through_the_entry_point_with_a_model():
    result = run_python(f"""
        import json, sys
        import spacy
        before = "pipeline" in sys.modules
        nlp = spacy.load({default_model()!r})
        nlp.add_pipe("claims_structure", before="parser")
        for name in {STAGES!r}:
            nlp.add_pipe(name)
        doc = nlp({TEXT!r})
        print(json.dumps({{"before": before, "pipes": nlp.pipe_names,
                          "cues": [s.text for s in doc.spans["claims_cues"]],
                          "sources": [(s.text, s.label_) for s in doc.spans["claims_sources"]],
                          "media": [s.text for s in doc.spans["claims_media"]]}}))
    """)
    assert result["before"] is False
    assert result["pipes"].index("claims_structure") < result["pipes"].index("parser")
    assert result["pipes"][-len(STAGES):] == list(STAGES)
    assert result["cues"] == ["According to", "said", "added"]
    assert ["the Financial Times", "media"] in result["sources"]
    assert ["Maria Lopez", "person"] in result["sources"]
    assert any("Financial Times" in m for m in result["media"])


def test_blank_pipeline_with_every_stage_runs(blank):
    for name in ALL_STAGES:
        blank.add_pipe(name)
    doc = blank("According to the police, two men fled.")
    assert list(doc.spans[CUES]) == []


def test_add_stages_order_and_idempotence(nlp):
    names = nlp.pipe_names
    assert names.index("claims_structure") < names.index("parser")
    assert names[-len(STAGES):] == list(STAGES)
    assert add_stages(nlp).pipe_names == names  # nothing added twice


def test_add_stages_on_blank():
    nlp = add_stages(spacy.blank("en"))
    assert nlp.pipe_names == list(ALL_STAGES)


def test_add_stages_before_a_senter():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("senter", name="senter")
    add_stages(nlp)
    assert nlp.pipe_names.index("claims_structure") < nlp.pipe_names.index("senter")


@pytest.mark.parametrize("name", ALL_STAGES)
def test_factories_are_in_the_config(nlp, name):
    assert nlp.config["components"][name]["factory"] == name


def test_config_round_trip(nlp, tmp_path):
    text = fixture_text("entities_article.txt")
    nlp.to_disk(tmp_path / "model")
    loaded = spacy.load(tmp_path / "model")
    assert loaded.pipe_names == nlp.pipe_names
    assert extract(text, nlp=loaded) == extract(text, nlp=nlp)


def spans_of(doc: Doc) -> dict[str, list[tuple]]:
    return {key: [(s.start, s.end, s.label_, s.kb_id_, s.id_) for s in doc.spans.get(key, [])] for key in SPAN_KEYS}


def test_span_groups_survive_to_bytes(nlp):
    doc = nlp(TEXT)
    before = spans_of(doc)
    assert all(before[key] for key in (BLOCKS, MEDIA, CUE_CANDIDATES, CUES, SOURCES, RESOLVED, CONTENTS, HEDGES))
    again = Doc(nlp.vocab).from_bytes(doc.to_bytes())
    assert spans_of(again) == before


def test_span_groups_survive_multiprocessing(nlp):
    texts = [TEXT, fixture_text("quote_paragraphs.txt"), fixture_text("entities_article.txt"), ""]
    one = [spans_of(doc) for doc in nlp.pipe(texts)]
    two = [spans_of(doc) for doc in nlp.pipe(texts, n_process=2, batch_size=1)]
    assert two == one


def test_doc_claims_after_loading_a_saved_pipeline(nlp, tmp_path):
    """``doc._.claims`` is there after ``spacy.load`` of a pipeline with our stages, with
    no import of ours: the claims stage registers it."""
    nlp.to_disk(tmp_path / "saved")
    result = run_python(f"""
        import json, sys
        import spacy
        nlp = spacy.load({str(tmp_path / "saved")!r})
        doc = nlp({TEXT!r})
        print(json.dumps({{"claims": [c.model_dump(mode="json") for c in doc._.claims],
                          "type": type(doc._.claims[0]).__name__}}))
    """)
    assert result["type"] == "Claim"
    assert result["claims"] == [c.model_dump(mode="json") for c in extract(TEXT, nlp=nlp)]
    sources = {(c["source"] or {}).get("text") for c in result["claims"]}
    assert {"the Financial Times", "Maria Lopez"} <= sources


def test_doc_claims_in_process(nlp):
    doc = nlp(TEXT)
    assert [c.text for c in doc._.claims] == [c.text for c in extract(TEXT, nlp=nlp)]
    assert doc._.claims[0].claim_id == "doc#1"
