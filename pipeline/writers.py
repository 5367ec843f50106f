"""Records to JSON lines: whole lines only, flushed after every document, and a journal
that makes an interrupted batch resumable.

Output is a JSONL file (``.jsonl.gz`` is gzip: every document is written as one gzip
member, so a crash can only tear the last member, and ``gzip -d``/``zcat`` read the file
as one stream), or stdout. Error records go to their own JSONL file (or stderr).

The journal (``OUT.done``, JSON lines) is how ``--resume`` knows what is complete:
after each document's lines (or its error record) are written and flushed, one line is
appended to it with the document's key and the byte sizes of the output and errors files
at that moment. A document is complete exactly when its journal line is: one with zero
claims too. Resuming truncates the journal after its last whole line and the output and
errors files to the sizes that line gives (which drops a torn last line and the lines of
a document that was being written), then skips the journaled documents, so the result
is the same as that of an uninterrupted run.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pydantic_core import to_json

from pipeline.records import Document, ErrorRecord, Record, plain

PER = ("claim", "document")
JOURNAL_FORMAT = "claims-batch-journal"
JOURNAL_VERSION = 1
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\u0085", "\\u0085"))


class OutputError(Exception):
    """The output cannot be written as asked (it exists, or cannot be resumed)."""


def dumps(record: Record | dict) -> str:
    """One record (a model, or its plain data as ``export.document_dict`` builds it) as
    one line of JSON, the same either way. Line and paragraph separators (U+2028,
    U+2029, U+0085) are escaped too, so no reader splits a record in two."""
    line = record.model_dump_json() if isinstance(record, Record) else to_json(record).decode("utf-8")
    for char, escaped in _LINE_BREAKS:
        if char in line:
            line = line.replace(char, escaped)
    return line


def document_lines(record: Document | dict, per: str = "claim", attributed_only: bool = False) -> list[str]:
    """The lines a document yields: one per claim, or one for the whole document."""
    if per not in PER:
        raise ValueError(f"per must be one of {PER}, not {per!r}")
    data = plain(record)
    claims = [claim for claim in data["claims"] if claim["attributed"]] if attributed_only else data["claims"]
    if per == "document":
        return [dumps(data if len(claims) == len(data["claims"]) else {**data, "claims": claims})]
    return [dumps(claim) for claim in claims]


def error_key(record: ErrorRecord) -> str:
    """What identifies an error that no document id identifies, across runs."""
    return json.dumps([record.error_type, record.path, record.line, record.doc_id])


def default_errors_path(output: str | os.PathLike[str]) -> Path:
    """``out.jsonl`` -> ``out.errors.jsonl`` (also for ``out.jsonl.gz``)."""
    path = Path(output)
    name = path.name
    for suffix in (".gz", ".jsonl", ".ndjson", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            name = name[: -len(suffix)]
    return path.with_name(name + ".errors.jsonl")


def journal_path(output: str | os.PathLike[str]) -> Path:
    return Path(f"{os.fspath(output)}.done")


# --------------------------------------------------------------------------- sinks


class LineSink:
    """Whole lines to a binary stream, flushed on every write; ``size`` counts the bytes
    the underlying file holds. With ``compress`` each write is one gzip member."""

    def __init__(self, stream: BinaryIO | None = None, *, path: Path | None = None, append: bool = False,
                 compress: bool = False, size: int = 0) -> None:
        self._stream = stream
        self._path = path
        self._append = append
        self._owned = stream is None
        self.compress = compress
        self.size = size

    def write(self, lines: list[str]) -> None:
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if self.compress:
            data = gzip.compress(data, mtime=0)
        if self._stream is None:  # opened on first use, so a run without errors leaves no errors file
            assert self._path is not None
            self._stream = open(self._path, "ab" if self._append else "wb")
        self._stream.write(data)
        self._stream.flush()
        self.size += len(data)

    def close(self) -> None:
        if self._owned and self._stream is not None:
            self._stream.close()
            self._stream = None


class TextSink(LineSink):
    """Whole lines through a function that writes text (stderr beside a progress bar)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        super().__init__()
        self._write = write

    def write(self, lines: list[str]) -> None:
        for line in lines:
            self._write(line)
            self.size += len(line.encode("utf-8")) + 1


# ------------------------------------------------------------------------- journal


class Journal:
    """The append-only record of completed documents (see the module docstring)."""

    def __init__(self, path: Path, stream: BinaryIO) -> None:
        self.path = path
        self._stream = stream

    @classmethod
    def create(cls, path: Path, header: dict) -> Journal:
        stream = open(path, "wb")
        journal = cls(path, stream)
        journal._append(header)
        return journal

    def commit(self, entry: dict) -> None:
        self._append(entry)

    def _append(self, entry: dict) -> None:
        self._stream.write(json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n")
        self._stream.flush()

    def close(self) -> None:
        self._stream.close()


@dataclass
class ResumeState:
    """What an earlier, interrupted run completed."""

    done_docs: set[str]
    done_errors: set[str]
    failures: int
    documents: int
    claims: int


def _read_journal(path: Path, header: dict) -> tuple[ResumeState, int, int, int]:
    """The completed work, the output and errors sizes of the last whole entry, and the
    journal's length up to that entry."""
    state = ResumeState(set(), set(), 0, 0, 0)
    out_size = err_size = 0
    good = 0
    with open(path, "rb") as handle:
        first = True
        for raw in handle:
            if not raw.endswith(b"\n"):
                break  # torn by the crash
            try:
                entry = json.loads(raw)
            except ValueError:
                break
            if first:
                if not isinstance(entry, dict) or entry.get("format") != JOURNAL_FORMAT:
                    raise OutputError(f"{path} is not a claims batch journal")
                for key in ("per", "attributed_only", "errors"):
                    if entry.get(key) != header[key]:
                        raise OutputError(
                            f"cannot resume: the interrupted run had {key}={entry.get(key)!r}, this one has "
                            f"{header[key]!r}; resume with the same options (or start again with --force)"
                        )
                first = False
            else:
                if "doc" in entry:
                    state.done_docs.add(entry["doc"])
                else:
                    state.done_errors.add(entry["error"])
                state.failures += bool(entry.get("failed"))
                state.documents += not entry.get("failed")
                state.claims += entry.get("claims", 0)
                out_size, err_size = entry["out"], entry["err"]
            good += len(raw)
    if first:
        raise OutputError(f"{path} has no header: it is not a claims batch journal")
    return state, out_size, err_size, good


def _truncate(path: Path, size: int, what: str) -> None:
    actual = path.stat().st_size if path.exists() else 0
    if actual < size:
        raise OutputError(
            f"cannot resume: {what} {path} has {actual} bytes, fewer than the {size} its journal records "
            "(it was changed after the run); start again with --force"
        )
    if actual > size:
        os.truncate(path, size)


# -------------------------------------------------------------------------- writer


class RecordWriter:
    """Where a batch's records go: documents to the output, errors to the errors sink,
    and a journal entry after each, once its lines are flushed."""

    error_line: Callable[[ErrorRecord], str] = staticmethod(dumps)
    """How an error record is written: a JSON line, or a line for people (see ``stream_writer``)."""

    def __init__(self, out: LineSink, errors: LineSink, *, per: str = "claim", attributed_only: bool = False,
                 journal: Journal | None = None, resumed: ResumeState | None = None,
                 output_name: str = "-", errors_name: str = "-") -> None:
        if per not in PER:
            raise ValueError(f"per must be one of {PER}, not {per!r}")
        self.out = out
        self.errors = errors
        self.per = per
        self.attributed_only = attributed_only
        self.journal = journal
        self.resumed = resumed
        self.output_name = output_name
        self.errors_name = errors_name

    @property
    def done_docs(self) -> set[str]:
        return self.resumed.done_docs if self.resumed else set()

    @property
    def done_errors(self) -> set[str]:
        return self.resumed.done_errors if self.resumed else set()

    def document(self, record: Document | dict, item: object = None) -> int:
        """Write a document's lines (``record`` a ``Document`` or its plain data); returns
        the number of claims written. ``item`` is the input it came from (the base
        writer does not need it)."""
        data = plain(record)
        lines = document_lines(data, self.per, self.attributed_only)
        self.out.write(lines)
        claims = sum(claim["attributed"] or not self.attributed_only for claim in data["claims"])
        self._commit({"doc": data["doc_id"], "claims": claims})
        return claims

    def error(self, record: ErrorRecord) -> None:
        self.errors.write([self.error_line(record)])
        if record.doc_id is not None and record.error_type != "duplicate_id":
            self._commit({"doc": record.doc_id, "failed": True})
        else:
            self._commit({"error": error_key(record), "failed": True})

    def _commit(self, entry: dict) -> None:
        if self.journal is not None:
            entry["out"] = self.out.size
            entry["err"] = self.errors.size
            self.journal.commit(entry)

    def close(self) -> None:
        self.out.close()
        self.errors.close()
        if self.journal is not None:
            self.journal.close()


def stream_writer(stdout: BinaryIO | None = None, stderr_write: Callable[[str], None] | None = None, *,
                  per: str = "claim", attributed_only: bool = False,
                  error_line: Callable[[ErrorRecord], str] | None = None) -> RecordWriter:
    """Records to stdout, errors to stderr: ``claims extract`` and ``claims batch -o -``."""
    out = LineSink(stdout if stdout is not None else sys.stdout.buffer)
    errors = TextSink(stderr_write or _stderr_line)
    writer = RecordWriter(out, errors, per=per, attributed_only=attributed_only)
    if error_line is not None:
        writer.error_line = error_line  # type: ignore[method-assign]
    return writer


def _stderr_line(line: str) -> None:
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@dataclass
class _Plan:
    out: Path
    errors: Path
    journal: Path
    header: dict
    resume: bool  # continue an existing output


def _plan(output: str | os.PathLike[str], errors: str | os.PathLike[str] | None, *, per: str, attributed_only: bool,
          force: bool, resume: bool) -> _Plan:
    if per not in PER:
        raise OutputError(f"per must be one of {PER}, not {per!r}")
    if force and resume:
        raise OutputError("--force and --resume contradict each other: choose one")
    out_path = Path(output)
    if out_path.is_dir():
        raise OutputError(f"{out_path} is a folder; give a file name (a folder is for --engine dask)")
    err_path = Path(errors) if errors is not None else default_errors_path(out_path)
    if err_path.resolve() == out_path.resolve():
        raise OutputError(f"the errors file cannot be the output file ({out_path})")
    log_path = journal_path(out_path)
    header = {"format": JOURNAL_FORMAT, "version": JOURNAL_VERSION, "per": per,
              "attributed_only": attributed_only, "errors": os.fspath(err_path)}
    # An empty output holds nothing to keep: resuming it is starting again (which gives
    # the same result, also when the crash tore the journal's header).
    plan = _Plan(out_path, err_path, log_path, header,
                 resume=resume and out_path.exists() and out_path.stat().st_size > 0)
    if plan.resume:
        if not log_path.exists():
            raise OutputError(
                f"cannot resume: {out_path} has no journal {log_path}, so which documents are complete is "
                "unknown; start again with --force"
            )
        _read_journal(log_path, header)  # its header must match
        return plan
    if not force and not resume:
        if out_path.exists():
            raise OutputError(f"{out_path} exists: pass --force to overwrite it, or --resume to continue the run "
                              "that wrote it")
        if errors is not None and err_path.exists():
            raise OutputError(f"the errors file {err_path} exists: pass --force to overwrite it")
    # A missing folder is made when the output is opened ("-o out/claims.jsonl").
    parent = next((p for p in (out_path.parent, *out_path.parent.parents) if p.exists()), None)
    if parent is not None and not parent.is_dir():
        raise OutputError(f"cannot write {out_path}: {parent} is not a folder")
    return plan


def check_output(output: str | os.PathLike[str], errors: str | os.PathLike[str] | None = None, *,
                 per: str = "claim", attributed_only: bool = False, force: bool = False,
                 resume: bool = False) -> None:
    """Raise ``OutputError`` if ``open_output`` would, without touching any file (so a
    run can refuse before it spends time loading a model)."""
    if os.fspath(output) == "-":
        if force and resume:
            raise OutputError("--force and --resume contradict each other: choose one")
        if resume:
            raise OutputError("--resume needs an output file: a run to stdout cannot be resumed")
        if per not in PER:
            raise OutputError(f"per must be one of {PER}, not {per!r}")
        return
    _plan(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume)


def open_output(output: str | os.PathLike[str], errors: str | os.PathLike[str] | None = None, *,
                per: str = "claim", attributed_only: bool = False, force: bool = False, resume: bool = False,
                stdout: BinaryIO | None = None, stderr_write: Callable[[str], None] | None = None,
                producer: dict | None = None, error_line: Callable[[ErrorRecord], str] | None = None) -> RecordWriter:
    """The writer for ``claims batch -o OUTPUT``.

    ``-`` is stdout (errors on stderr unless ``errors`` names a file; no resume). An
    existing output is refused unless ``force`` (start again) or ``resume`` (continue the
    run that wrote it; without an output, ``resume`` starts one). Raises ``OutputError``.
    A new journal's header records ``producer`` (``about.producer``): what made the output;
    ``error_line`` formats the errors that go to stderr.
    """
    check_output(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume)
    if os.fspath(output) == "-":
        writer = stream_writer(stdout, stderr_write, per=per, attributed_only=attributed_only,
                               error_line=None if errors is not None else error_line)
        if errors is not None:
            writer.errors = LineSink(path=Path(errors))
            writer.errors_name = os.fspath(errors)
        return writer

    plan = _plan(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume)
    for path in (plan.out, plan.errors):
        path.parent.mkdir(parents=True, exist_ok=True)
    compress = plan.out.name.lower().endswith(".gz")
    common = {"per": per, "attributed_only": attributed_only, "output_name": os.fspath(plan.out),
              "errors_name": os.fspath(plan.errors)}
    if plan.resume:
        state, out_size, err_size, journal_size = _read_journal(plan.journal, plan.header)
        _truncate(plan.out, out_size, "the output")
        _truncate(plan.errors, err_size, "the errors file")
        _truncate(plan.journal, journal_size, "the journal")
        return RecordWriter(
            LineSink(path=plan.out, append=True, compress=compress, size=out_size),
            LineSink(path=plan.errors, append=True, size=err_size),
            journal=Journal(plan.journal, open(plan.journal, "ab")), resumed=state, **common,
        )
    for stale in (plan.errors, plan.journal):
        if stale.exists():
            stale.unlink()
    open(plan.out, "wb").close()  # a run with no claims still leaves its (empty) output
    out = LineSink(path=plan.out, append=True, compress=compress)
    header = plan.header if producer is None else {**plan.header, "producer": producer}
    return RecordWriter(out, LineSink(path=plan.errors), journal=Journal.create(plan.journal, header), **common)
