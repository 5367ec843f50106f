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

A run holds an exclusive lock (``flock``) on its output and its journal until it ends,
so a second run on the same output is refused; so is an output (or errors file, or
journal) that the run's own inputs would read. When a write fails (a full disk, a file
too large, an I/O error), ``WriteError`` names the file and the cause, and ``abort``
cuts every file back to its last journaled document: whole lines only, and ``--resume``
completes the run once the cause is gone.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

try:
    import fcntl
except ImportError:  # not on a POSIX system: runs are not locked
    fcntl = None  # type: ignore[assignment]

from pydantic_core import to_json

from pipeline.readers import reader_of, same_file
from pipeline.records import Document, ErrorRecord, Record, plain
from pipeline.stopping import held

PER = ("claim", "document")
JOURNAL_FORMAT = "claims-batch-journal"
JOURNAL_VERSION = 1
_LINE_BREAKS = (("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\u0085", "\\u0085"))


class OutputError(Exception):
    """The output cannot be written as asked (it exists, is an input, is in use by another
    run, or cannot be resumed): refused before anything is written."""


class WriteError(Exception):
    """Writing a file failed (a full disk, a file too large, an I/O error)."""

    def __init__(self, path: str, error: OSError) -> None:
        code = errno.errorcode.get(error.errno or 0)
        cause = f"{error.strerror or error}" + (f" ({code})" if code else "")
        super().__init__(f"cannot write {path}: {cause}")
        self.path = path
        self.error = error


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


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


class LineSink:
    """Whole lines to a file (written straight through, unbuffered) or to a binary stream
    (flushed on every write); ``size`` counts the bytes the file holds. With ``compress``
    each write is one gzip member. A failing write raises ``WriteError``."""

    def __init__(self, stream: BinaryIO | None = None, *, path: Path | None = None, append: bool = False,
                 compress: bool = False, size: int = 0, fd: int | None = None) -> None:
        self._stream = stream
        self._path = path
        self._append = append
        self._fd = fd
        self._owned = stream is None
        self.compress = compress
        self.size = size

    @property
    def name(self) -> str:
        return os.fspath(self._path) if self._path is not None else "<stdout>"

    def write(self, lines: list[str]) -> None:
        if not lines:
            return
        data = "".join(line + "\n" for line in lines).encode("utf-8")
        if self.compress:
            data = gzip.compress(data, mtime=0)
        self._put(data)
        self.size += len(data)

    def write_chunks(self, chunks: Iterable[bytes]) -> None:
        """The lines of one document given as pieces of bytes (a document too long to be
        held at once); like ``write``, one gzip member when compressing."""
        before = [0]

        def put(data: bytes) -> None:
            self._put(data)
            before[0] += len(data)

        if self.compress:
            with gzip.GzipFile(filename="", mode="wb", fileobj=_Put(put), mtime=0) as member:  # type: ignore[arg-type]
                for chunk in chunks:
                    member.write(chunk)
        else:
            for chunk in chunks:
                put(chunk)
        self.size += before[0]

    def _put(self, data: bytes) -> None:
        try:
            if self._stream is not None:
                self._stream.write(data)
                self._stream.flush()
            else:
                if self._fd is None:  # opened on first use, so a run without errors leaves no errors file
                    assert self._path is not None
                    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | (0 if self._append else os.O_TRUNC)
                    self._fd = os.open(self._path, flags, 0o666)
                _write_all(self._fd, data)
        except BrokenPipeError:
            raise  # a reader that closed the pipe: the caller ends quietly
        except OSError as err:
            raise WriteError(self.name, err) from err

    @property
    def folder(self) -> str | None:
        """Where the file is (for temporary files that need the same disk)."""
        return os.path.dirname(os.path.abspath(self._path)) if self._path is not None else None

    def truncate(self, size: int) -> None:
        """Cut the file back to ``size`` bytes (nothing for a stream, or a file not made)."""
        if self._path is not None and os.path.exists(self._path):
            with suppress(OSError):
                os.truncate(self._path, size)
                self.size = size

    def close(self) -> None:
        if self._owned and self._fd is not None:
            os.close(self._fd)
            self._fd = None


class _Put:
    """A file-like ``write`` for ``gzip.GzipFile`` that writes through ``put``."""

    def __init__(self, put: Callable[[bytes], None]) -> None:
        self.write = put

    def flush(self) -> None:
        pass


class TextSink(LineSink):
    """Whole lines through a function that writes text (stderr beside a progress bar)."""

    def __init__(self, write: Callable[[str], None]) -> None:
        super().__init__()
        self._write = write

    def write(self, lines: list[str]) -> None:
        for line in lines:
            self._write(line)
            self.size += len(line.encode("utf-8")) + 1


# --------------------------------------------------------------------------- locks


def _lock(path: Path, flags: int = os.O_RDWR | os.O_CREAT) -> int:
    """A descriptor of ``path`` with an exclusive lock on it; ``OutputError`` when another
    run holds it. The file is opened, never truncated: a refused run changes nothing."""
    try:
        fd = os.open(path, flags, 0o666)
    except OSError as err:
        raise WriteError(os.fspath(path), err) from err
    if fcntl is not None:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise OutputError(f"{path} is being written by another claims batch run (it holds the file's lock); "
                              "wait for it to end, or choose another output") from None
    return fd


def _check_unlocked(path: Path) -> None:
    """Refuse now, without touching anything, if another run holds ``path``."""
    if fcntl is None or not path.exists():
        return
    try:
        fd = _lock(path, os.O_RDONLY)
    except WriteError:
        return  # unreadable: opening it for writing will say why
    os.close(fd)


# ------------------------------------------------------------------------- journal


class Journal:
    """The append-only record of completed documents (see the module docstring), on a
    locked descriptor opened for appending; ``size`` is its length up to the last entry."""

    def __init__(self, path: Path, fd: int, size: int) -> None:
        self.path = path
        self._fd = fd
        self.size = size

    @classmethod
    def create(cls, path: Path, header: dict, fd: int) -> Journal:
        os.ftruncate(fd, 0)
        journal = cls(path, fd, 0)
        journal._append(header)
        return journal

    def commit(self, entry: dict) -> None:
        self._append(entry)

    def _append(self, entry: dict) -> None:
        data = json.dumps(entry, ensure_ascii=False).encode("utf-8") + b"\n"
        try:
            _write_all(self._fd, data)
        except OSError as err:
            raise WriteError(os.fspath(self.path), err) from err
        self.size += len(data)

    def truncate(self, size: int) -> None:
        with suppress(OSError):
            os.ftruncate(self._fd, size)
            self.size = size

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)  # and its lock with it
            self._fd = -1


@dataclass
class ResumeState:
    """What an earlier, interrupted run completed."""

    done_docs: set[str]
    done_errors: set[str]
    failures: int
    documents: int
    claims: int


def _read_journal(path: Path, header: dict, producer: dict | None = None) -> tuple[ResumeState, int, int, int]:
    """The completed work, the output and errors sizes of the last whole entry, and the
    journal's length up to that entry. An output made by another version of the tool,
    spaCy or the model is not continued: its halves would not agree."""
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
                    if not _same_setting(key, entry.get(key), header[key]):
                        raise OutputError(
                            f"cannot resume: the interrupted run had {key}={entry.get(key)!r}, this one has "
                            f"{header[key]!r}; resume with the same options (or start again with --force)"
                        )
                made_by = entry.get("producer")
                if producer is not None and made_by is not None and made_by != producer:
                    raise OutputError(
                        f"cannot resume: the interrupted run was made by {_made_by(made_by)}, this one would be "
                        f"made by {_made_by(producer)}; resume with the same versions (or start again with --force)"
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


def _made_by(producer: dict) -> str:
    return (f"claim-pipeline {producer.get('version')} (spaCy {producer.get('spacy_version')}) with "
            f"{producer.get('model')} {producer.get('model_version')}")


def _same_setting(key: str, old: object, new: object) -> bool:
    """The errors file is the same file however it was named (relative, absolute)."""
    if key != "errors" or not isinstance(old, str) or not isinstance(new, str):
        return old == new
    return same_file(old, new)


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
        self.committed = (out.size, errors.size)
        """The output and errors sizes at the last completed document."""
        self.completed = 0
        """Documents and errors completed (journaled) by this writer."""

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
        claims = sum(claim["attributed"] or not self.attributed_only for claim in data["claims"])
        with held():  # a stop waits for the lines and their journal entry
            self.out.write(lines)
            self._document_done(data, claims, item)
        return claims

    def long_document(self) -> LongDocument:
        """A document whose records come in parts (the pieces of a long text)."""
        return LongDocument(self, self.out.folder)

    def _document_done(self, data: dict, claims: int, item: object) -> None:
        """A document's lines are written: journal it. ``data`` holds at least its
        ``doc_id`` and ``path``."""
        self._commit({"doc": data["doc_id"], "claims": claims})

    def error(self, record: ErrorRecord) -> None:
        with held():
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
        self.committed = (self.out.size, self.errors.size)
        self.completed += 1

    def abort(self) -> None:
        """After a failed write or a stop: cut the files back to the last completed
        document (whole lines, and the journal's last whole entry), so that they are valid
        as they stand and ``--resume`` goes on from there. Best effort: what cannot be cut
        now, ``--resume`` cuts."""
        self.out.truncate(self.committed[0])
        self.errors.truncate(self.committed[1])
        if self.journal is not None:
            self.journal.truncate(self.journal.size)

    def close(self) -> None:
        self.out.close()
        self.errors.close()
        if self.journal is not None:
            self.journal.close()


class LongDocument:
    """The records of a long document, part by part: each part (the record of one piece,
    offsets already into the whole text) is spooled to a temporary file beside the output
    as it comes, so memory holds one part, never the whole document; ``finish`` writes
    the document's lines (the same lines ``RecordWriter.document`` writes for the merged
    record) and journals it, ``discard`` drops it."""

    def __init__(self, writer: RecordWriter, folder: str | None) -> None:
        self.writer = writer
        self.folder = folder
        self.head: dict | None = None
        self.errors: list[dict] = []
        self.claims = 0
        self._spools: dict[str, BinaryIO] = {}

    def add(self, part: dict) -> None:
        """One part: a document record (``Document.model_dump()``) of some of the text."""
        if self.head is None:  # its fields, in their order; the lists are filled in by finish()
            self.head = {key: None if key in ("entities", "claims", "errors") else value for key, value in part.items()}
        claims = [c for c in part["claims"] if c["attributed"]] if self.writer.attributed_only else part["claims"]
        self.claims += len(claims)
        self.errors.extend(part["errors"])
        if self.writer.per == "claim":
            self._spool("claims", "".join(dumps(claim) + "\n" for claim in claims))
        else:
            for key, items in (("entities", part["entities"]), ("claims", claims)):
                self._spool(key, "".join("," + dumps(item) for item in items))

    def _spool(self, key: str, text: str) -> None:
        if not text:
            return
        try:
            if key not in self._spools:
                self._spools[key] = tempfile.TemporaryFile(prefix=".claims-", dir=self.folder)
            self._spools[key].write(text.encode("utf-8"))
        except OSError as err:
            raise WriteError(f"a temporary file in {self.folder or tempfile.gettempdir()}", err) from err

    def finish(self, fields: dict, notes: Iterable[dict] = (), item: object = None) -> int:
        """Write the document's lines and journal it; returns the claims written.
        ``fields`` are the document's own (``doc_id``, ``path``, ``length``, who is who:
        ``chunking.Merger.fields``), ``notes`` error records to add to its ``errors``."""
        data = {**(self.head or {}), **fields}
        errors = [*self.errors, *notes]
        try:
            with held():
                self.writer.out.write_chunks(self._lines(data, errors))
                self.writer._document_done(data, self.claims, item)
        finally:
            self.discard()
        return self.claims

    def _lines(self, data: dict, errors: list[dict]) -> Iterator[bytes]:
        if self.writer.per == "claim":
            yield from self._read("claims", skip=0)
            return
        # One JSON object, key by key in the record's order: what dumps() gives for the
        # merged record, with the two long arrays streamed from their spools.
        data = {**data, "errors": errors}
        fields = {key: data.pop(key) for key in Document.model_fields if key in data} | data
        for index, (key, value) in enumerate(fields.items()):
            yield ("{" if index == 0 else ",").encode() + dumps(key).encode() + b":"
            if key in ("entities", "claims"):
                yield b"["
                yield from self._read(key, skip=1)  # each item comes with a comma before it
                yield b"]"
            else:
                yield dumps(value).encode("utf-8")
        yield b"}\n"

    def _read(self, key: str, skip: int) -> Iterator[bytes]:
        spool = self._spools.get(key)
        if spool is None:
            return
        spool.seek(skip)
        while chunk := spool.read(1 << 20):
            yield chunk

    def discard(self) -> None:
        for spool in self._spools.values():
            spool.close()
        self._spools.clear()


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
          force: bool, resume: bool, inputs: Iterable[str | os.PathLike[str]] = ()) -> _Plan:
    if per not in PER:
        raise OutputError(f"per must be one of {PER}, not {per!r}")
    if force and resume:
        raise OutputError("--force and --resume contradict each other: choose one")
    out_path = Path(output)
    if out_path.is_dir():
        raise OutputError(f"{out_path} is a folder; give a file name (a folder is for --engine dask)")
    err_path = Path(errors) if errors is not None else default_errors_path(out_path)
    if same_file(err_path, out_path):
        raise OutputError(f"the errors file cannot be the output file ({out_path})")
    log_path = journal_path(out_path)
    _refuse_inputs(inputs, out_path, err_path, log_path)
    for path in (out_path, log_path):
        _check_unlocked(path)
    header = {"format": JOURNAL_FORMAT, "version": JOURNAL_VERSION, "per": per,
              "attributed_only": attributed_only, "errors": os.path.realpath(err_path)}
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


def _refuse_inputs(inputs: Iterable[str | os.PathLike[str]], *paths: Path) -> None:
    """An output that the run would read is refused: writing it destroys the input, and
    reading it while it is written never ends."""
    inputs = list(inputs)
    for path, what in zip(paths, ("the output", "the errors file", "the journal")):
        name = reader_of(inputs, path)
        if name is not None:
            also = f" (through {name})" if os.fspath(name) != os.fspath(path) else ""
            raise OutputError(f"{what} {path} is one of the inputs{also}: writing it would destroy it; "
                              "choose another output")


def check_output(output: str | os.PathLike[str], errors: str | os.PathLike[str] | None = None, *,
                 per: str = "claim", attributed_only: bool = False, force: bool = False,
                 resume: bool = False, inputs: Iterable[str | os.PathLike[str]] = ()) -> None:
    """Raise ``OutputError`` if ``open_output`` would, without touching any file (so a
    run can refuse before it spends time loading a model)."""
    if os.fspath(output) == "-":
        if force and resume:
            raise OutputError("--force and --resume contradict each other: choose one")
        if resume:
            raise OutputError("--resume needs an output file: a run to stdout cannot be resumed")
        if per not in PER:
            raise OutputError(f"per must be one of {PER}, not {per!r}")
        if errors is not None:
            _refuse_inputs(inputs, Path(errors))
        return
    _plan(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume, inputs=inputs)


def open_output(output: str | os.PathLike[str], errors: str | os.PathLike[str] | None = None, *,
                per: str = "claim", attributed_only: bool = False, force: bool = False, resume: bool = False,
                stdout: BinaryIO | None = None, stderr_write: Callable[[str], None] | None = None,
                producer: dict | None = None, error_line: Callable[[ErrorRecord], str] | None = None,
                inputs: Iterable[str | os.PathLike[str]] = ()) -> RecordWriter:
    """The writer for ``claims batch -o OUTPUT``.

    ``-`` is stdout (errors on stderr unless ``errors`` names a file; no resume). An
    existing output is refused unless ``force`` (start again) or ``resume`` (continue the
    run that wrote it; without an output, ``resume`` starts one), and so is one that
    ``inputs`` would read, or that another run holds. The output and its journal stay
    locked until the writer is closed. Raises ``OutputError`` (refused, nothing written)
    or ``WriteError`` (a file cannot be made). A new journal's header records
    ``producer`` (``about.producer``): what made the output; ``error_line`` formats the
    errors that go to stderr.
    """
    inputs = list(inputs)
    check_output(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume,
                 inputs=inputs)
    if os.fspath(output) == "-":
        writer = stream_writer(stdout, stderr_write, per=per, attributed_only=attributed_only,
                               error_line=None if errors is not None else error_line)
        if errors is not None:
            writer.errors = LineSink(path=Path(errors))
            writer.errors_name = os.fspath(errors)
        return writer

    plan = _plan(output, errors, per=per, attributed_only=attributed_only, force=force, resume=resume,
                 inputs=inputs)
    for path in (plan.out, plan.errors):
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise WriteError(os.fspath(path.parent), err) from err
    existed = plan.out.exists()
    flags = os.O_RDWR | os.O_CREAT | os.O_APPEND
    out_fd = _lock(plan.out, flags)
    try:
        journal_fd = _lock(plan.journal, flags)
    except BaseException:
        os.close(out_fd)
        raise
    try:
        # Checked again now that the output exists: a glob or a folder among the inputs
        # that would take it, once made, finds it now.
        _refuse_inputs(inputs, plan.out)
        return _open_locked(plan, out_fd, journal_fd, per=per, attributed_only=attributed_only, producer=producer)
    except BaseException:
        os.close(out_fd)
        os.close(journal_fd)
        if not existed:
            with suppress(OSError):
                plan.out.unlink()
        raise


def _open_locked(plan: _Plan, out_fd: int, journal_fd: int, *, per: str, attributed_only: bool,
                 producer: dict | None) -> RecordWriter:
    compress = plan.out.name.lower().endswith(".gz")
    common = {"per": per, "attributed_only": attributed_only, "output_name": os.fspath(plan.out),
              "errors_name": os.fspath(plan.errors)}
    if plan.resume:
        state, out_size, err_size, journal_size = _read_journal(plan.journal, plan.header, producer)
        _truncate(plan.out, out_size, "the output")
        _truncate(plan.errors, err_size, "the errors file")
        _truncate(plan.journal, journal_size, "the journal")
        return RecordWriter(
            LineSink(path=plan.out, fd=out_fd, compress=compress, size=out_size),
            LineSink(path=plan.errors, append=True, size=err_size),
            journal=Journal(plan.journal, journal_fd, journal_size), resumed=state, **common,
        )
    if plan.errors.exists():
        plan.errors.unlink()
    header = plan.header if producer is None else {**plan.header, "producer": producer}
    try:
        if stat.S_ISREG(os.fstat(out_fd).st_mode):  # (not a pipe, -o /dev/stdout)
            os.ftruncate(out_fd, 0)  # a run with no claims still leaves its (empty) output
        journal = Journal.create(plan.journal, header, journal_fd)
    except OSError as err:
        raise WriteError(os.fspath(plan.out), err) from err
    out = LineSink(path=plan.out, fd=out_fd, compress=compress)
    return RecordWriter(out, LineSink(path=plan.errors), journal=journal, **common)
