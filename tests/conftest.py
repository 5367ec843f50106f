"""Shared fixtures and assertion helpers for the stage tests.

The statistical pipeline is loaded once per session (``nlp``); tests that need no model
build on ``spacy.blank("en")`` (``blank``). Raw-text fixtures live in ``tests/fixtures/``
and are written for these tests: nothing here reads the evaluation data.

Helpers are plain functions so parametrised tables stay one line a case; import them
with ``from conftest import ...``.
"""

from __future__ import annotations

import gzip
import json
import os
import pty
import re
import subprocess
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from pipeline import load
from pipeline.records import CharSpan, Claim, Document

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_text(name: str) -> str:
    """A raw-text fixture exactly as stored (no newline translation)."""
    return (FIXTURES / name).read_bytes().decode("utf-8")


@pytest.fixture(scope="session")
def nlp() -> Language:
    """The full pipeline: the default model with every claims stage."""
    return load()


@pytest.fixture()
def blank() -> Language:
    """A fresh ``spacy.blank("en")``: tokenizer only, no statistical model."""
    return spacy.blank("en")


@pytest.fixture()
def fake_cli(monkeypatch):
    """``claims`` commands run in this process on the fake pipeline (tests/data/fake_pipeline.py)."""
    import pipeline.cli
    import pipeline.export
    import pipeline.render

    sys.path.insert(0, str(Path(__file__).parent / "data"))
    import fake_pipeline

    monkeypatch.setattr(pipeline.cli, "_load", fake_pipeline.load)
    for module, name in ((pipeline.export, "document_record"), (pipeline.export, "document_dict"),
                         (pipeline.render, "document_record")):
        monkeypatch.setattr(module, name, fake_pipeline.document_record)


def run_fake_claims(args: list[str], cwd: Path, terminal: str | None = None) -> tuple[int, str, str]:
    """``claims ARGS`` on the fake pipeline (tests/data/fake_claims.py) in a process:
    ``(exit code, stdout, stderr)``, with ``terminal`` ("stdout" or "stderr") on a
    pseudo-terminal, as when a person runs it, and the other streams on pipes."""
    data = Path(__file__).parent / "data"
    environment = {**os.environ, "PYTHONPATH": str(data.parents[1])}
    command = [sys.executable, str(data / "fake_claims.py"), *args]
    if terminal is None:
        done = subprocess.run(command, env=environment, cwd=cwd, capture_output=True, text=True, timeout=120)
        return done.returncode, done.stdout, done.stderr
    leader, follower = pty.openpty()
    streams = {"stdout": subprocess.PIPE, "stderr": subprocess.PIPE, terminal: follower}
    try:
        done = subprocess.run(command, env=environment, cwd=cwd, timeout=120, **streams)
    finally:
        os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # closed and read out
            break
        if not chunk:
            break
        seen += chunk
    os.close(leader)
    shown = seen.decode().replace("\r\n", "\n")
    other = (done.stderr if terminal == "stdout" else done.stdout).decode()
    return (done.returncode, shown, other) if terminal == "stdout" else (done.returncode, other, shown)


def read_jsonl(path: Path) -> list[dict]:
    """The records of a JSONL output (plain or gzip); none when it was never written."""
    if not path.exists():
        return []
    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


# -- spans ------------------------------------------------------------------------------


def assert_slices(doc_text: str, span: CharSpan, text: str | None = None) -> None:
    """``span`` lies inside the document, and ``text`` (if given) is exactly its slice."""
    assert 0 <= span.start <= span.end <= len(doc_text), (span, len(doc_text))
    if text is not None:
        assert doc_text[span.start : span.end] == text, (doc_text[span.start : span.end], text)


def assert_span(doc_text: str, record, expected_text: str | None) -> None:
    """A ``TextSpan`` record (source, cue, entity, ...) slices the document and reads
    ``expected_text``; ``None`` expects no record at all."""
    if expected_text is None:
        assert record is None, f"expected nothing, got {record.text!r}"
        return
    assert record is not None, f"expected {expected_text!r}, got nothing"
    assert_slices(doc_text, record.span, record.text)
    assert record.text == expected_text, f"{record.text!r} != {expected_text!r}"


EDGE = " \t\r\n\"'\u201c\u201d\u2018\u2019.,;:"


def core(text: str) -> str:
    """What a content says, without what annotators disagree on at its edges: quotation
    marks, edge punctuation and whitespace (as the scorer's exact match trims them) and a
    leading complementizer "that"."""
    text = text.strip(EDGE)
    text = re.sub(r"^that\s+", "", text)
    return text.strip(EDGE)


def cue_core(text: str) -> str:
    """A cue without a trailing complementizer: "It is reported (that)"."""
    return re.sub(r"\s+that$", "", text.strip())


def assert_content(doc_text: str, claim: Claim, expected: str | list[str]) -> None:
    """The claim's text slices the document; its content reads ``expected`` (a list:
    one string per fragment, for a quotation split by its cue)."""
    assert_slices(doc_text, claim.span, claim.text)
    if isinstance(expected, list):
        got = [core(doc_text[f.start : f.end]) for f in claim.fragments]
        assert got == [core(e) for e in expected], got
    else:
        assert core(claim.text) == core(expected), f"{claim.text!r} != {expected!r}"


def attributed(claims: Iterable[Claim]) -> list[Claim]:
    return [c for c in claims if c.attributed]


def claim_with(claims: Iterable[Claim], piece: str) -> Claim:
    """The one attributed claim whose content contains ``piece``."""
    found = [c for c in claims if c.attributed and piece in c.text]
    assert found, f"no attributed claim contains {piece!r}: {[c.text for c in claims]}"
    assert len(found) == 1, f"{len(found)} attributed claims contain {piece!r}: {[c.text for c in found]}"
    return found[0]


def claim_at(claims: Iterable[Claim], piece: str) -> Claim:
    """The one claim, attributed or not, whose content contains ``piece``."""
    found = [c for c in claims if piece in c.text]
    assert len(found) == 1, f"{len(found)} claims contain {piece!r}: {[c.text for c in claims]}"
    return found[0]


def all_spans(document: Document) -> Iterator[tuple[str, object]]:
    """(what, record) for every span-bearing record in ``document``: entities, and each
    claim's span, fragments, sentence, source, resolved entity, cue, entities,
    quantities and hedges. ``record`` is a ``TextSpan`` or a bare ``CharSpan``."""
    for entity in document.entities:
        yield "entity", entity
    for claim in document.claims:
        yield "claim", claim
        for fragment in claim.fragments:
            yield "fragment", fragment
        yield "sentence", claim.sentence
        if claim.source is not None:
            yield "source", claim.source
            if claim.source.resolved is not None:
                yield "resolved", claim.source.resolved
        if claim.cue is not None:
            yield "cue", claim.cue
        for kind, records in (("entity", claim.entities), ("quantity", claim.quantities), ("hedge", claim.hedges)):
            for record in records:
                yield kind, record


def assert_all_spans_slice(text: str, document: Document) -> None:
    """Every offset in ``document`` lies in ``text`` and every text is its exact slice; a
    claim's fragments run from its start to its end, and its sentence holds it."""
    for what, record in all_spans(document):
        span = record if isinstance(record, CharSpan) else record.span
        assert 0 <= span.start <= span.end <= len(text), (what, span, len(text))
        if not isinstance(record, CharSpan):
            assert text[span.start : span.end] == record.text, (what, record.text, text[span.start : span.end])
    for claim in document.claims:
        assert claim.fragments, claim
        assert claim.fragments[0].start == claim.span.start, claim
        assert max(f.end for f in claim.fragments) == claim.span.end, claim
        assert all(claim.span.start <= f.start <= f.end <= claim.span.end for f in claim.fragments), claim
        assert claim.sentence.span.start <= claim.span.start and claim.span.end <= claim.sentence.span.end, claim
