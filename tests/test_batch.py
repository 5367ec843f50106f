"""Batch processing and writing, in-process, on the fake pipeline (tests/data/fake_pipeline):
records out, failures isolated, long documents in pieces, workers, gzip, the journal and
resume, and the refusal to overwrite."""

from __future__ import annotations

import gzip
import json
import os
import sys
from pathlib import Path

import pytest
from conftest import read_jsonl
import spacy
from spacy.language import Language
from spacy.tokens import Doc

DATA = Path(__file__).parent / "data"
sys.path.insert(0, str(DATA))
import fake_pipeline  # noqa: E402

from pipeline import load  # noqa: E402
from pipeline.batch import process, run_batch, summary  # noqa: E402
from pipeline.chunking import chunk_spans, merge  # noqa: E402
from pipeline.readers import InputDoc  # noqa: E402
from pipeline.records import CharSpan, Claim, Document, Entity, ErrorRecord  # noqa: E402
from pipeline.writers import OutputError, default_errors_path, dumps, journal_path, open_output  # noqa: E402

ARTICLES = DATA / "articles"


@pytest.fixture(scope="module")
def nlp():
    return fake_pipeline.make_nlp()


def by_id(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r.get("doc_id") or "", r.get("claim_id") or "", r.get("line") or 0,
                                          r.get("error_type") or ""))


def batch(nlp, inputs, out: Path, **options):
    writer_options = {k: options.pop(k) for k in ("per", "attributed_only", "force", "resume", "errors")
                      if k in options}
    errors = writer_options.pop("errors", None)
    writer = open_output(out, errors, **writer_options)
    try:
        stats = run_batch(nlp, [str(i) for i in inputs], writer, exporter=fake_pipeline.document_record, **options)
    finally:
        writer.close()
    return stats, writer


def make_corpus(folder: Path, count: int = 12) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        said = "The minister said the port will reopen." if i % 2 else "Prices rose in May."
        (folder / f"doc{i:02d}.txt").write_text(f"Story {i}. {said}\n\nIt rained on day {i}.", encoding="utf-8")
    return folder


# ---------------------------------------------------------------------- records out


def test_one_line_per_claim_with_a_journal(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    stats, writer = batch(nlp, [ARTICLES, DATA / "corpus.jsonl"], out)
    claims = read_jsonl(out)
    assert stats.documents == 8 and stats.failed == 0 and stats.claims == len(claims) > 8
    assert {c["doc_id"] for c in claims} == {"markets", "minister", "world/summit", "c1", "c2", "3", "c4", "c5"}
    assert all(c["record"] == "claim" and c["claim_id"].startswith(c["doc_id"] + "#") for c in claims)
    assert not default_errors_path(out).exists()  # no errors, no errors file
    journal = read_jsonl(journal_path(out))
    assert journal[0]["format"] == "claims-batch-journal"
    assert [entry["doc"] for entry in journal[1:]][:3] == ["markets", "minister", "world/summit"]
    assert journal[-1]["out"] == out.stat().st_size
    assert summary(stats, writer).startswith("claims batch: 8 documents, ")


def test_per_document_and_attributed_only(nlp, tmp_path):
    stats, _ = batch(nlp, [DATA / "corpus.jsonl"], tmp_path / "docs.jsonl", per="document", attributed_only=True)
    records = read_jsonl(tmp_path / "docs.jsonl")
    assert [r["doc_id"] for r in records] == ["c1", "c2", "3", "c4", "c5"]
    texts = {r["doc_id"]: r for r in records}
    assert texts["c5"]["claims"] == []  # a document with no attributed claim is still there
    assert [c["text"] for c in texts["c1"]["claims"]] == ["The mayor said the bridge will reopen in June."]
    assert all(c["attributed"] for r in records for c in r["claims"])
    assert stats.claims == sum(len(r["claims"]) for r in records)
    Document.model_validate(records[0])


def test_bad_inputs_become_errors_and_the_rest_is_intact(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 4)
    (corpus / "blob.txt").write_bytes(b"\x00\x01\x02")
    (corpus / "void.txt").write_text("  \n")
    (corpus / "c.jsonl").write_text('{"id": "j1", "text": "Ann said yes."}\n{oops\n{"id": "j1", "text": "again"}\n')
    out = tmp_path / "out.jsonl"
    # A folder is a folder of articles: the JSONL corpus in it is read only when named.
    stats, writer = batch(nlp, [corpus, corpus / "c.jsonl", tmp_path / "missing.txt"], out)
    failed = {(e["error_type"], e["doc_id"], e["line"]) for e in read_jsonl(default_errors_path(out))}
    assert failed == {("binary", "blob", None), ("empty", "void", None), ("malformed_json", None, 2),
                      ("duplicate_id", "j1", 3), ("not_found", None, None)}
    assert stats.failed == 5 and stats.documents == 5
    clean, _ = batch(nlp, [tmp_path / "in" / f"doc{i:02d}.txt" for i in range(4)], tmp_path / "clean.jsonl")
    assert [c for c in read_jsonl(out) if c["doc_id"] != "j1"] == read_jsonl(tmp_path / "clean.jsonl")


def test_a_folder_does_not_read_the_jsonl_files_in_it(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    (corpus / "gold.jsonl").write_text('{"id": "doc00", "text": "Ann said yes."}\n')
    stats, _ = batch(nlp, [corpus], tmp_path / "out.jsonl")
    assert stats.documents == 2 and stats.failed == 0
    assert {c["doc_id"] for c in read_jsonl(tmp_path / "out.jsonl")} == {"doc00", "doc01"}


@pytest.mark.parametrize("workers", [1, 2])
def test_a_failing_component_fails_its_document_only(nlp, tmp_path, workers):
    corpus = make_corpus(tmp_path / "in", 6)
    (corpus / "doc03.txt").write_text("This text will EXPLODE in a component.")
    out = tmp_path / "out.jsonl"
    stats, _ = batch(nlp, [corpus], out, n_process=workers, batch_size=2)
    (error,) = read_jsonl(default_errors_path(out))
    assert (error["doc_id"], error["error_type"], error["path"]) == ("doc03", "processing", str(corpus / "doc03.txt"))
    assert error["message"] == ("pipeline component 'test_fake_explode' failed: ValueError: this component "
                                "cannot handle EXPLODE")
    assert stats.documents == 5
    assert sorted({c["doc_id"] for c in read_jsonl(out)}) == ["doc00", "doc01", "doc02", "doc04", "doc05"]


class _StrictPipe:
    """Like spaCy's parser: no error handler, its ``pipe`` raises and ends ``nlp.pipe``."""

    def __call__(self, doc):
        if "CRASH" in doc.text:
            raise RuntimeError("strict component crashed")
        return doc

    def pipe(self, docs, batch_size=128):
        for doc in docs:
            yield self(doc)


@Language.factory("test_batch_strict")
def _make_strict(nlp, name):
    return _StrictPipe()


def test_a_component_without_error_handler_does_not_end_the_batch(tmp_path):
    nlp = fake_pipeline.make_nlp()
    nlp.add_pipe("test_batch_strict")
    corpus = make_corpus(tmp_path / "in", 7)
    (corpus / "doc02.txt").write_text("This will CRASH the strict one.")
    out = tmp_path / "out.jsonl"
    stats, _ = batch(nlp, [corpus], out, batch_size=3)
    (error,) = read_jsonl(default_errors_path(out))
    assert (error["doc_id"], error["message"]) == (
        "doc02", "pipeline component 'test_batch_strict' failed: RuntimeError: strict component crashed")
    assert stats.documents == 6


def test_an_export_failure_fails_its_document_only(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 3)
    (corpus / "doc01.txt").write_text("Export will see EXPORTFAIL here.")
    out = tmp_path / "out.jsonl"
    stats, _ = batch(nlp, [corpus], out)
    (error,) = read_jsonl(default_errors_path(out))
    assert error["error_type"] == "processing" and error["doc_id"] == "doc01"
    assert error["message"] == "export failed: RuntimeError: export cannot handle EXPORTFAIL"
    assert {c["doc_id"] for c in read_jsonl(out)} == {"doc00", "doc02"}


def test_detected_encoding_is_noted_in_the_document(nlp, tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "fr.txt").write_bytes("Le maire a déclaré que le café rouvrira.".encode("cp1252"))
    stats, _ = batch(nlp, [tmp_path / "in"], tmp_path / "out.jsonl", per="document")
    (record,) = read_jsonl(tmp_path / "out.jsonl")
    assert stats.failed == 0
    assert [(e["error_type"], e["message"]) for e in record["errors"]] == [
        ("encoding_detected", "not UTF-8: decoded as cp1252, the encoding detected")]
    assert record["claims"][0]["text"] == "Le maire a déclaré que le café rouvrira."


def test_offsets_are_exact_with_unusual_characters(nlp, tmp_path):
    text = ("Zero\u200bwidth and cafe\u0301 said Ana \U0001F469\u200d\U0001F4BB.\n\n"
            "\u05e9\u05dc\u05d5\u05dd said the \x07 bell \u2028 and \U0001F1EB\U0001F1F7 flag.")
    (tmp_path / "odd.txt").write_text(text, encoding="utf-8")
    batch(nlp, [tmp_path / "odd.txt"], tmp_path / "out.jsonl")
    raw = (tmp_path / "out.jsonl").read_text(encoding="utf-8")
    assert "\u2028" not in raw and "\\u2028" in raw  # no reader splits a record on it
    claims = read_jsonl(tmp_path / "out.jsonl")
    assert len(claims) == 2
    for claim in claims:
        Claim.model_validate(claim, context={"text": text})
        assert text[claim["span"]["start"] : claim["span"]["end"]] == claim["text"]


# ------------------------------------------------------------------- long documents


def test_long_documents_are_processed_in_pieces_with_document_offsets(tmp_path):
    paragraphs = [f"Paragraph {i} begins here. The official said item {i} is ready." for i in range(12)]
    text = "\n\n".join(paragraphs)
    (tmp_path / "long.txt").write_text(text)
    whole, _ = batch(fake_pipeline.make_nlp(), [tmp_path / "long.txt"], tmp_path / "whole.jsonl", per="document")
    small = fake_pipeline.make_nlp(max_length=150)
    stats, _ = batch(small, [tmp_path / "long.txt"], tmp_path / "pieces.jsonl", per="document")
    (pieces,) = read_jsonl(tmp_path / "pieces.jsonl")
    assert pieces == read_jsonl(tmp_path / "whole.jsonl")[0]
    assert pieces["length"] == len(text) > 150
    ids = [c["claim_id"] for c in pieces["claims"]]
    assert ids == [f"long#{n}" for n in range(1, len(ids) + 1)] and len(ids) == 24
    Document.model_validate(pieces, context={"text": text})
    assert stats.documents == 1 and whole.claims == stats.claims


def test_entities_of_a_document_in_pieces_are_one_picture(tmp_path):
    """Each piece numbers its entities from E1: merged, "Elena Varga" is one entity of the
    whole document, and every resolved source and mention carries its document-wide id."""
    paragraphs = ["Mayor Elena Varga said the bridge would close in May.",
                  "Peter Brandt, a councillor, said the plan was reckless."] + [
                  f"Varga said item {i} of the repair plan was ready. She said it cost little." for i in range(6)]
    text = "\n\n".join(paragraphs)
    (tmp_path / "long.txt").write_text(text)
    nlp = load()  # the real pipeline: this module's fixture is a fake one
    saved = nlp.max_length
    nlp.max_length = 300
    writer = open_output(tmp_path / "pieces.jsonl", None, per="document")
    try:
        run_batch(nlp, [str(tmp_path / "long.txt")], writer)  # the real exporter, not the test's
    finally:
        writer.close()
        nlp.max_length = saved
    (document,) = read_jsonl(tmp_path / "pieces.jsonl")
    record = Document.model_validate(document, context={"text": text})
    varga = [r for r in record.referents if r.name == "Elena Varga"]
    assert len(varga) == 1 and len({r.entity_id for r in record.referents}) == len(record.referents)
    assert sum(m.form == "name" for m in varga[0].mentions) >= 7  # named in every piece
    resolved = [c.source.resolved.entity_id for c in record.claims
                if c.source and c.source.text in ("Varga", "She") and c.source.resolved]
    assert set(resolved) == {varga[0].entity_id} and len(resolved) >= 6


def test_a_failing_piece_fails_the_whole_document(tmp_path):
    text = "\n\n".join(["A calm paragraph of text here."] * 4 + ["This one will EXPLODE."] + ["More calm text."] * 3)
    (tmp_path / "long.txt").write_text(text)
    (tmp_path / "short.txt").write_text("The mayor said hello.")
    out = tmp_path / "out.jsonl"
    stats, _ = batch(fake_pipeline.make_nlp(max_length=40), [tmp_path / "long.txt", tmp_path / "short.txt"], out)
    (error,) = read_jsonl(default_errors_path(out))
    assert error["doc_id"] == "long" and error["error_type"] == "processing"
    assert "EXPLODE" in error["message"] and f"of {len(text)})" in error["message"]
    assert [c["doc_id"] for c in read_jsonl(out)] == ["short"]


@pytest.mark.parametrize("per", ["claim", "document"])
@pytest.mark.parametrize("options", [{}, {"attributed_only": True}])
@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_a_long_document_in_pieces_writes_what_its_merged_record_gives(tmp_path, per, options, name):
    paragraphs = [f"Paragraph {i} begins. The official said item {i} is ready." for i in range(30)]
    text = "\n\n".join(paragraphs)
    (tmp_path / "long.txt").write_text(text)
    (tmp_path / "short.txt").write_text("A short one. The mayor said so.")
    inputs = [tmp_path / "short.txt", tmp_path / "long.txt", tmp_path / "short.txt"]
    small = fake_pipeline.make_nlp(max_length=200)
    stats, _ = batch(small, inputs, tmp_path / "pieces" / name, per=per, **options)
    whole, _ = batch(fake_pipeline.make_nlp(), inputs, tmp_path / "whole" / name, per=per, **options)
    assert read_jsonl(tmp_path / "pieces" / name) == read_jsonl(tmp_path / "whole" / name) != []
    assert (stats.documents, stats.claims, stats.failed) == (whole.documents, whole.claims, 1)  # the duplicate
    pieces = list(chunk_spans(text, 200))
    assert len(pieces) > 5
    expected = merge([(start, fake_pipeline.document_record(small(text[start:end]), "long")) for start, end in pieces],
                     text, "long", str(tmp_path / "long.txt")).model_dump()
    got = [r for r in read_jsonl(tmp_path / "pieces" / name) if r["doc_id"] == "long"]
    if per == "document":
        (got,) = got
        assert got == {**expected, "claims": [c for c in expected["claims"]
                                              if c["attributed"] or not options]}
    else:
        assert got == [c for c in expected["claims"] if c["attributed"] or not options]


@pytest.mark.slow
@pytest.mark.parametrize("per", ["claim", "document"])
def test_a_long_document_runs_in_bounded_memory(tmp_path, per):
    """4 MB in pieces of 100,000 characters, in a process allowed 450 MB of address space
    (about 250 MB of which the interpreter, spaCy and numpy take before any text): every
    piece in one batch and every record held until the last piece, it needed 670 MB."""
    import resource
    import subprocess

    paragraph = "Officials said the harbour would be dredged before winter. The Port Authority agreed to pay.\n\n"
    text = paragraph * (4_000_000 // len(paragraph) + 1)
    (tmp_path / "long.txt").write_text(text)
    out = tmp_path / "out.jsonl"
    limit = 450 * 2**20
    done = subprocess.run([sys.executable, str(DATA / "long_run.py"), str(tmp_path / "long.txt"), str(out), per],
                          preexec_fn=lambda: resource.setrlimit(resource.RLIMIT_AS, (limit, limit)),
                          capture_output=True, timeout=300, env={**os.environ, "PYTHONPATH": str(DATA.parents[1])})
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    result = json.loads(done.stdout)
    sentences = 2 * text.count("\n\n")
    assert (result["documents"], result["claims"]) == (1, sentences)
    records = read_jsonl(out)
    claims = records[0]["claims"] if per == "document" else records
    assert len(claims) == sentences and not default_errors_path(out).exists()
    assert claims[-1]["span"]["end"] == len(text) - 2 and claims[-1]["claim_id"] == f"long#{sentences}"


class _OneToken:
    """A tokenizer that makes one token of any text: 50 MB cost nothing to 'parse'."""

    def __init__(self, vocab):
        self.vocab = vocab

    def __call__(self, text):
        return Doc(self.vocab, words=[text], spaces=[False])


def _first_five(doc, doc_id, path=None):
    entity = Entity(text=doc.text[:5], span=CharSpan(start=0, end=5), label="ORG")
    return Document(doc_id=doc_id, path=path, length=len(doc.text), entities=[entity], claims=[], errors=[])


def test_a_50_mb_article_is_processed_not_refused(tmp_path):
    nlp = spacy.blank("en")
    nlp.tokenizer = _OneToken(nlp.vocab)
    paragraph = "Lorem officials said the harbour would be dredged before winter. " * 15 + "\n\n"
    text = paragraph * (50_000_000 // len(paragraph) + 1)
    path = tmp_path / "huge.txt"
    path.write_text(text)
    writer = open_output(tmp_path / "out.jsonl", per="document")
    stats = run_batch(nlp, [str(path)], writer, exporter=_first_five)
    writer.close()
    (record,) = read_jsonl(tmp_path / "out.jsonl")
    assert stats.documents == 1 and record["length"] == len(text) >= 50_000_000
    starts = [e["span"]["start"] for e in record["entities"]]
    assert len(starts) >= 500 and starts[0] == 0 and all(text[s : s + 5] == "Lorem" for s in starts)


# --------------------------------------------------------------------------- workers


def test_two_workers_write_what_one_writes(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 30)
    batch(nlp, [corpus, DATA / "corpus.jsonl"], tmp_path / "one.jsonl", n_process=1, batch_size=4)
    batch(nlp, [corpus, DATA / "corpus.jsonl"], tmp_path / "two.jsonl", n_process=2, batch_size=4)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()


class _BatchMeter:
    """A component that notes the characters of every batch it is given."""

    def __init__(self):
        self.batches: list[list[int]] = []

    def __call__(self, doc):
        return doc

    def pipe(self, docs, batch_size=64):
        for docs_batch in spacy.util.minibatch(docs, batch_size):
            self.batches.append([len(doc.text) for doc in docs_batch])
            yield from docs_batch


def test_a_batch_holds_a_long_text_alone_and_never_more_than_its_characters(tmp_path, monkeypatch):
    import pipeline.batch

    monkeypatch.setattr(pipeline.batch, "BATCH_CHARACTERS", 120)
    folder = tmp_path / "in"
    folder.mkdir()
    sizes = [30, 30, 30, 90, 30, 200, 30, 30, 30, 30, 30]
    for i, size in enumerate(sizes):
        words = f"Text {i} here said. " * 20
        (folder / f"d{i:02d}.txt").write_text(words[:size].strip() + ".")
    nlp = fake_pipeline.make_nlp()
    meter = _BatchMeter()
    Language.component("test_batch_meter", func=meter)
    nlp.add_pipe("test_batch_meter")
    writer = open_output(tmp_path / "out.jsonl")
    run_batch(nlp, [str(folder)], writer, exporter=fake_pipeline.document_record, batch_size=4)
    writer.close()
    real = [[size for size in b if size] for b in meter.batches]
    assert [len(b) for b in meter.batches[:-1]] == [4] * (len(meter.batches) - 1)  # filled up to the batch size
    # 30 + 30 + 30 + 90 > 120: the batch closes; 201 is alone; four of 30 fill a batch of 4.
    assert real == [[30, 30, 30], [90, 30], [201], [30, 30, 30, 30], [31]]
    batch(fake_pipeline.make_nlp(), [folder], tmp_path / "plain.jsonl", batch_size=4)
    assert (tmp_path / "out.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_memory_zones_do_not_change_the_output(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 9)
    writer = open_output(tmp_path / "zoned.jsonl")
    run_batch(nlp, [str(corpus)], writer, exporter=fake_pipeline.document_record, zone_size=2)
    writer.close()
    batch(nlp, [corpus], tmp_path / "plain.jsonl")
    assert (tmp_path / "zoned.jsonl").read_bytes() == (tmp_path / "plain.jsonl").read_bytes()


def test_only_the_warm_up_texts_leave_their_strings_behind(nlp, tmp_path, monkeypatch):
    """The first ``WARM_UP`` characters are tokenized outside the memory zones (to fill
    the tokenizer's cache); the strings of the rest are released with their zone."""
    import pipeline.batch

    texts = [f"{word} said the port will reopen." for word in ["Zorblatwarm", "Quaxelwarm", "Vintrocold", "Plimzocold"]]
    monkeypatch.setattr(pipeline.batch, "WARM_UP", len(texts[0]) + len("Quaxelwarm"))
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(texts):
        (folder / f"doc{i}.txt").write_text(text, encoding="utf-8")
    writer = open_output(tmp_path / "out.jsonl")
    stats = run_batch(nlp, [str(folder)], writer, exporter=fake_pipeline.document_record, zone_size=2)
    writer.close()
    assert stats.documents == 4
    strings = nlp.vocab.strings
    assert "Zorblatwarm" in strings and "Quaxelwarm" in strings
    assert "Vintrocold" not in strings and "Plimzocold" not in strings


# ------------------------------------------------------------------------ gzip output


def test_gzip_output_is_one_stream_to_readers(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 5)
    batch(nlp, [corpus], tmp_path / "out.jsonl.gz")
    batch(nlp, [corpus], tmp_path / "out.jsonl")
    assert gzip.decompress((tmp_path / "out.jsonl.gz").read_bytes()) == (tmp_path / "out.jsonl").read_bytes()
    assert default_errors_path(tmp_path / "out.jsonl.gz").name == "out.errors.jsonl"


# ---------------------------------------------------------------------------- resume


class _Crash(BaseException):
    pass


def _crashing_exporter(after: int):
    seen = []

    def export(doc, doc_id, path=None):
        if len(seen) == after:
            raise _Crash
        seen.append(doc_id)
        return fake_pipeline.document_record(doc, doc_id, path)

    return export


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz"])
def test_resume_after_a_crash_equals_an_uninterrupted_run(nlp, tmp_path, name):
    corpus = make_corpus(tmp_path / "in", 20)
    (corpus / "bad.txt").write_bytes(b"\x00binary")
    full = tmp_path / "full" / name
    full.parent.mkdir()
    batch(nlp, [corpus], full)

    out = tmp_path / name
    writer = open_output(out)
    with pytest.raises(_Crash):
        run_batch(nlp, [str(corpus)], writer, exporter=_crashing_exporter(8))
    writer.close()
    # The crash also tore a line: half a record in the output, half an entry in the journal.
    torn = gzip.compress(b'{"record":"claim","doc_id":"doc09"')[:25] if name.endswith(".gz") else b'{"record":"cl'
    with open(out, "ab") as handle:
        handle.write(torn)
    with open(journal_path(out), "ab") as handle:
        handle.write(b'{"doc": "doc09", "claims"')

    stats, writer = batch(nlp, [corpus], out, resume=True)
    assert writer.resumed.documents == 8 and writer.resumed.failures == 1  # bad.txt sorts first
    assert stats.documents == 12 and stats.skipped == 9
    assert out.read_bytes() == full.read_bytes()
    assert read_jsonl(default_errors_path(out)) == read_jsonl(default_errors_path(full))
    assert "resumed after 8 documents and 1 failures" in summary(stats, writer)


def test_resume_drops_the_lines_of_a_document_that_was_not_journaled(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 6)
    batch(nlp, [corpus], tmp_path / "full.jsonl")
    out = tmp_path / "out.jsonl"
    batch(nlp, [corpus], out)
    lines = journal_path(out).read_bytes().splitlines(keepends=True)
    journal_path(out).write_bytes(b"".join(lines[:-2]))  # the last two documents' lines are written, not journaled
    stats, _ = batch(nlp, [corpus], out, resume=True)
    assert stats.documents == 2
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


def test_resume_of_a_complete_run_does_nothing(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 4)
    out = tmp_path / "out.jsonl"
    batch(nlp, [corpus], out)
    before = out.read_bytes()
    stats, _ = batch(nlp, [corpus], out, resume=True)
    assert (stats.documents, stats.failed, stats.skipped) == (0, 0, 4)
    assert out.read_bytes() == before


def test_resume_of_an_empty_output_starts_again(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"")
    journal_path(out).write_bytes(b'{"format": "claims-batch')  # killed while writing its header
    stats, writer = batch(nlp, [corpus], out, resume=True)
    assert stats.documents == 3 and writer.resumed is None
    batch(nlp, [corpus], tmp_path / "full.jsonl")
    assert out.read_bytes() == (tmp_path / "full.jsonl").read_bytes()


def test_resume_without_output_starts_a_run(nlp, tmp_path):
    stats, writer = batch(nlp, [make_corpus(tmp_path / "in", 2)], tmp_path / "out.jsonl", resume=True)
    assert stats.documents == 2 and writer.resumed is None


def test_resume_needs_the_journal_and_the_same_options(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    batch(nlp, [corpus], out)
    with pytest.raises(OutputError, match="per="):
        open_output(out, per="document", resume=True)
    journal_path(out).unlink()
    with pytest.raises(OutputError, match="no journal"):
        open_output(out, resume=True)


def test_resume_refuses_an_output_another_version_made(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    made = {"tool": "claim-pipeline", "version": "0.1.0", "spacy_version": "3.8.0", "model": "m", "model_version": "1.0"}
    writer = open_output(out, producer=made)
    run_batch(nlp, [str(corpus)], writer, exporter=fake_pipeline.document_record)
    writer.close()
    assert out.stat().st_size > 0
    with pytest.raises(OutputError, match=r"made by claim-pipeline 0\.1\.0 .* with m 1\.0, this one .* m 1\.1"):
        open_output(out, resume=True, producer={**made, "model_version": "1.1"})
    open_output(out, resume=True, producer=made).close()  # the same versions continue


def test_resume_refuses_an_output_shorter_than_its_journal(nlp, tmp_path):
    corpus = make_corpus(tmp_path / "in", 3)
    out = tmp_path / "out.jsonl"
    batch(nlp, [corpus], out)
    out.write_bytes(out.read_bytes()[:10])
    with pytest.raises(OutputError, match="changed after the run"):
        open_output(out, resume=True)


# ------------------------------------------------------------------------- overwrite


def test_an_existing_output_is_refused_without_force(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("precious\n")
    with pytest.raises(OutputError, match="exists: pass --force"):
        open_output(out)
    assert out.read_text() == "precious\n"
    errors = tmp_path / "mine.errors"
    errors.write_text("mine\n")
    with pytest.raises(OutputError, match="errors file"):
        open_output(tmp_path / "new.jsonl", errors)


def test_force_overwrites_and_clears_stale_errors(nlp, tmp_path):
    out = tmp_path / "out.jsonl"
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00")
    batch(nlp, [tmp_path / "in"], out)
    assert default_errors_path(out).exists()
    (tmp_path / "in" / "bin.txt").write_text("Now it is text.")
    stats, _ = batch(nlp, [tmp_path / "in"], out, force=True)
    assert stats.failed == 0 and not default_errors_path(out).exists()
    assert [c["text"] for c in read_jsonl(out)] == ["Now it is text."]


@pytest.mark.parametrize(("target", "options", "message"), [
    ("out.jsonl", {"force": True, "resume": True}, "contradict"),
    ("-", {"resume": True}, "cannot be resumed"),
    ("a-file/out.jsonl", {}, "is not a folder"),
    (".", {}, "is a folder"),
])
def test_impossible_outputs(tmp_path, target, options, message):
    (tmp_path / "a-file").write_text("not a folder")
    with pytest.raises(OutputError, match=message):
        open_output(tmp_path / target if target != "-" else "-", **options)


def test_a_missing_output_folder_is_made(nlp, tmp_path):
    out = tmp_path / "new" / "deeper" / "out.jsonl"
    stats, _ = batch(nlp, [ARTICLES], out)
    assert out.exists() and stats.failed == 0 and len(read_jsonl(out)) == stats.claims


# ----------------------------------------------------------------------------- lines


def test_dumps_escapes_line_separators():
    record = ErrorRecord(doc_id="a\u2028b", path=None, error_type="x", message="m\u2029n\u0085")
    line = dumps(record)
    assert "\u2028" not in line and "\u2029" not in line and "\u0085" not in line
    assert json.loads(line) == record.model_dump()
    assert len(line.splitlines()) == 1


def test_process_takes_any_stream_of_documents(nlp, tmp_path):
    items = (InputDoc(doc_id=f"g{i}", path=None, text=f"Number {i} said hi.") for i in range(3))
    writer = open_output(tmp_path / "out.jsonl")
    stats = process(nlp, items, writer, exporter=fake_pipeline.document_record)
    writer.close()
    assert stats.documents == 3 and [c["doc_id"] for c in read_jsonl(tmp_path / "out.jsonl")] == ["g0", "g1", "g2"]
