"""Many documents through the pipeline: streamed in, processed in batches (in worker
processes with ``n_process > 1``), exported and written one document at a time.

Memory stays flat in the size of the corpus: documents are read one at a time as
``nlp.pipe`` asks for them, each is written (and flushed) as soon as it is done, and the
strings spaCy interns are released every ``zone_size`` documents (``nlp.memory_zone``),
but those of the first ``WARM_UP`` characters, which warm the tokenizer's cache.

Texts go through ``nlp.pipe`` as plain strings, so that worker processes, not this one,
tokenize them (``as_tuples`` makes every ``Doc`` here and sends it over as bytes); the
documents they belong to wait in an ordered queue (``nlp.pipe`` keeps order) and each
``Doc`` that comes back is matched to the queue by its text. A queued text that does not
come back was dropped by a failing component: it is run again alone, so that the error
is reported for that document only. (Of two identical texts, one dropped, the record
goes to the first and the rerun to the second: the same text, the same outcome.)

Memory stays flat in the length of a document too: one longer than a piece is cut into
pieces (``pipeline.chunking``) that go through ``nlp.pipe`` like documents, and a batch
holds at most ``BATCH_CHARACTERS`` characters: ``nlp.pipe`` batches by count, so a batch
that would hold more is closed early and filled up with empty documents, which cost
next to nothing (0.15 ms each) and are dropped when they come back. The pieces' records
are merged one at a time as they come back (``chunking.Merger``) and spooled to disk
until the last one is in (``writers.LongDocument``): no more than a few pieces, of their
text or their records, are ever in memory.

Nothing fails the batch but the batch itself: a document whose processing raises (in a
component, or in export) becomes an error record and the run goes on.
"""

from __future__ import annotations

import itertools
import logging
import os
import sys
import time
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext, suppress
from dataclasses import dataclass, field
from typing import BinaryIO, TextIO

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.chunking import Merger, chunk_spans
from pipeline.doc_keys import text_of
from pipeline.readers import InputDoc, Item, read_inputs
from pipeline.records import Document, ErrorRecord, plain
from pipeline.stopping import children, stop_children
from pipeline.writers import LongDocument, RecordWriter, error_key

log = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 64
DEFAULT_CHUNK_SIZE = 100_000
"""A document longer than this (or than ``nlp.max_length``, when that is smaller) is
processed in pieces of at most this length: processing 100,000 characters at once takes
about 0.35 GB (``en_core_web_sm``), and our stages' time grows faster than the text."""
BATCH_CHARACTERS = 150_000
"""A batch holds at most ``batch_size`` texts and, after its first, this many characters:
the model's memory grows with the characters it processes at once, so a piece of a long
document (or a long article) takes a batch of its own, while 64 news articles of 400
words fit in one."""
ZONE_SIZE = 5_000
WARM_UP = 150_000
"""Characters of the first texts the tokenizer sees before the first memory zone. Inside
a zone spaCy's tokenizer caches nothing, which makes tokenizing about four times slower
(3-4% of the model's time); the cache filled here, outside, holds the corpus's most
frequent words and punctuation for every zone after, and for the workers forked in them."""
_UNICODE = ("utf-8", "utf-16", "utf-32")

Exporter = Callable[[Doc, str, "str | None"], "Document | dict"]
"""A ``Doc`` to its ``Document`` record, or to the record's plain data (``export.document_dict``)."""


def default_workers() -> int:
    """All cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass
class Stats:
    """What a run did: documents written, claims written, inputs that failed."""

    documents: int = 0
    claims: int = 0
    failed: int = 0
    skipped: int = 0
    started: float = field(default_factory=time.monotonic)

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    @property
    def rate(self) -> float:
        return (self.documents + self.failed) / max(self.seconds, 1e-9)


class Progress:
    """A progress bar on stderr (documents, claims, documents/s, errors) when enabled."""

    def __init__(self, enabled: bool, stream: TextIO | None = None) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.bar = None
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(unit="doc", file=self.stream, dynamic_ncols=True, mininterval=0.5, smoothing=0.05)

    @classmethod
    def for_terminal(cls, quiet: bool) -> Progress:
        return cls(enabled=not quiet and sys.stderr.isatty())

    def update(self, stats: Stats) -> None:
        if self.bar is not None:
            self.bar.set_postfix_str(f"{stats.claims} claims, {stats.failed} errors", refresh=False)
            self.bar.update(1)

    def write(self, line: str) -> None:
        """A line on stderr that does not break the bar."""
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


# ------------------------------------------------------------------ error handling


class ComponentError(Exception):
    def __init__(self, name: str | None, error: Exception) -> None:
        super().__init__(f"pipeline component {name!r} failed: {type(error).__name__}: {error}")


class _DropFailed:
    """spaCy error handler: a component that raises drops its docs instead of ending the
    run (they are then run again alone); ``raising`` makes it raise, for that rerun."""

    def __init__(self) -> None:
        self.raising = False

    def __call__(self, name, proc, docs, error: Exception) -> None:
        if self.raising:
            raise ComponentError(name, error) from error
        log.debug("component %s failed on %d docs: %s", name, len(docs or ()), error)


@contextmanager
def _error_handler(nlp: Language, handler: _DropFailed) -> Iterator[None]:
    """``nlp.set_error_handler`` for the components that take one (spaCy's parser and
    NER do not: their failures end ``nlp.pipe``, and ``process`` recovers from that)."""
    saved = nlp.default_error_handler
    components = []
    for _, proc in nlp.pipeline:
        if hasattr(proc, "set_error_handler"):
            previous = proc.get_error_handler()
            try:
                proc.set_error_handler(handler)
            except AttributeError:  # a Cython component without the attribute
                continue
            components.append((proc, previous))
    nlp.default_error_handler = handler
    try:
        yield
    finally:
        nlp.default_error_handler = saved
        for proc, previous in components:
            proc.set_error_handler(previous)


def _memory_zone(nlp: Language):
    zone = getattr(nlp, "memory_zone", None)
    return zone() if zone is not None else nullcontext()


def _default_exporter() -> Exporter:
    from pipeline import export

    return export.document_dict


@contextmanager
def _export_stage(nlp: Language, exporter: Exporter | None) -> Iterator[None]:
    """With our stages and the default exporter, ``claims_export`` ends the pipeline for
    the run: records are computed where the ``Doc`` is made, and only they travel."""
    if exporter is not None or "claims_claims" not in nlp.pipe_names or "claims_export" in nlp.pipe_names:
        yield
        return
    import pipeline.export  # noqa: F401  (registers the factory)

    nlp.add_pipe("claims_export", last=True)
    try:
        yield
    finally:
        nlp.remove_pipe("claims_export")


# ------------------------------------------------------------------------- process


@dataclass(slots=True)
class _Piece:
    """A text sent to ``nlp.pipe``: a whole document, or one piece of a long one."""

    item: InputDoc
    text: str
    offset: int
    index: int
    count: int


class _Run:
    def __init__(self, nlp: Language, writer: RecordWriter, exporter: Exporter, stats: Stats,
                 progress: Progress, handler: _DropFailed) -> None:
        self.nlp = nlp
        self.writer = writer
        self.exporter = exporter
        self.stats = stats
        self.progress = progress
        self.handler = handler
        self.pending: deque[_Piece] = deque()
        self.merger: Merger | None = None
        self.long: LongDocument | None = None
        self.failure: ErrorRecord | None = None
        self.source_error: BaseException | None = None

    # pieces in ------------------------------------------------------------------
    def pieces(self, items: Iterable[Item], piece_size: int) -> Iterator[_Piece]:
        try:
            yield from self._pieces(items, piece_size)
        except BaseException as err:
            self.source_error = err
            raise

    def sent(self, pieces: Iterator[_Piece], batch_size: int) -> Iterator[str | Doc]:
        """The texts for ``nlp.pipe``, each queued as it goes, in batches of at most
        ``batch_size`` texts and ``BATCH_CHARACTERS`` characters after the first: a batch
        that would hold more is filled up with empty documents (see the module docstring;
        ``Doc``s, so that no tokenizer is asked to take an empty text)."""
        count = characters = 0
        for piece in pieces:
            if count and characters + len(piece.text) > BATCH_CHARACTERS:
                for _ in range(batch_size - count):
                    yield Doc(self.nlp.vocab, words=[])
                count = characters = 0
            self.pending.append(piece)
            yield piece.text
            count, characters = count + 1, characters + len(piece.text)
            if count == batch_size:
                count = characters = 0

    def _pieces(self, items: Iterable[Item], piece_size: int) -> Iterator[_Piece]:
        done_docs, done_errors = self.writer.done_docs, self.writer.done_errors
        for item in items:
            if isinstance(item, ErrorRecord):
                if (item.doc_id in done_docs and item.error_type != "duplicate_id") or (
                    done_errors and error_key(item) in done_errors
                ):
                    continue
                self.finish(item, item)
                continue
            if item.doc_id in done_docs:
                continue
            text = item.text
            if len(text) <= piece_size:
                spans = [(0, len(text))]
            else:
                spans = list(chunk_spans(text, piece_size))
                log.info("%s: %d characters, processed in %d pieces", item.doc_id, len(text), len(spans))
            for index, (start, end) in enumerate(spans):
                yield _Piece(item, text if len(spans) == 1 else text[start:end], start, index, len(spans))

    # docs out -------------------------------------------------------------------
    def arrived(self, doc: Doc) -> None:
        text = text_of(doc)
        if not text:
            return  # a batch's filler (a document's text is never empty)
        while self.pending:
            piece = self.pending.popleft()
            if piece.text == text:
                self.piece_done(piece, doc)
                return
            self.rerun(piece)
        raise RuntimeError(f"nlp.pipe returned a text that was not sent to it: {text[:60]!r}")

    def drain(self) -> None:
        while self.pending:
            self.rerun(self.pending.popleft())

    def rerun(self, piece: _Piece) -> None:
        """A piece that did not come back from ``nlp.pipe``: run it alone, raising."""
        self.handler.raising = True
        try:
            doc = self.nlp(piece.text)
        except Exception as err:
            message = str(err) if isinstance(err, ComponentError) else f"{type(err).__name__}: {err}"
            self.piece_failed(piece, message)
            return
        finally:
            self.handler.raising = False
        self.piece_done(piece, doc)

    def piece_done(self, piece: _Piece, doc: Doc) -> None:
        item = piece.item
        try:
            record = plain(self.exporter(doc, item.doc_id, item.path))
        except Exception as err:
            self.piece_failed(piece, f"export failed: {type(err).__name__}: {err}")
            return
        if piece.count == 1:
            self.finish(item, record)
            return
        self.begin(piece)
        if self.failure is None:
            assert self.merger is not None and self.long is not None
            try:
                part = self.merger.part(piece.offset, record)
            except Exception as err:
                self.failure = self.error(item, "processing", f"merging the pieces failed: {type(err).__name__}: {err}")
            else:
                self.long.add(part)
        self.end(piece)

    def piece_failed(self, piece: _Piece, message: str) -> None:
        item = piece.item
        if piece.count > 1:
            self.begin(piece)
            where = f"in characters {piece.offset}-{piece.offset + len(piece.text)} of {len(item.text)}"
            self.failure = self.failure or self.error(item, "processing", f"{message} ({where})")
            self.end(piece)
            return
        self.finish(item, self.error(item, "processing", message))

    def begin(self, piece: _Piece) -> None:
        """The first piece of a long document: its merger and its spool."""
        if piece.index == 0:
            self.discard()
            self.merger = Merger(piece.item.text, piece.item.doc_id, piece.item.path,
                                 mentions=self.writer.per == "document")
            self.long = self.writer.long_document()

    def end(self, piece: _Piece) -> None:
        """After the last piece of a long document: write it, or its error."""
        if piece.index < piece.count - 1:
            return
        item, long, merger, failure = piece.item, self.long, self.merger, self.failure
        self.long, self.merger, self.failure = None, None, None
        if failure is not None or long is None or merger is None:
            if long is not None:
                long.discard()
            self.finish(item, failure or self.error(item, "processing", "no piece came back"))
            return
        self.stats.claims += long.finish(merger.fields(), self.notes(item), item)
        self.stats.documents += 1
        self.progress.update(self.stats)

    def discard(self) -> None:
        if self.long is not None:
            self.long.discard()
        self.long, self.merger, self.failure = None, None, None

    @staticmethod
    def error(item: InputDoc, error_type: str, message: str) -> ErrorRecord:
        return ErrorRecord(doc_id=item.doc_id, path=item.path, line=item.line, error_type=error_type,
                           message=message)

    def finish(self, item: Item, record: dict | ErrorRecord) -> None:
        if isinstance(record, ErrorRecord):
            self.writer.error(record)
            self.stats.failed += 1
        else:
            if notes := self.notes(item):
                record = {**record, "errors": [*record["errors"], *notes]}
            self.stats.claims += self.writer.document(record, item)
            self.stats.documents += 1
        self.progress.update(self.stats)

    def notes(self, item: Item) -> list[dict]:
        """What a document's record says about its input: an encoding that was detected."""
        if isinstance(item, InputDoc) and item.encoding not in _UNICODE:
            note = self.error(item, "encoding_detected", f"not UTF-8: decoded as {item.encoding}, the encoding detected")
            return [note.model_dump()]
        return []


def process(nlp: Language, items: Iterable[Item], writer: RecordWriter, *, batch_size: int = DEFAULT_BATCH_SIZE,
            n_process: int = 1, exporter: Exporter | None = None, chunk_size: int | None = None,
            zone_size: int = ZONE_SIZE, progress: Progress | None = None) -> Stats:
    """Run ``items`` (documents and input errors, e.g. from ``read_inputs``) through
    ``nlp`` and write every record with ``writer``, one document at a time.

    Documents longer than ``chunk_size`` (``DEFAULT_CHUNK_SIZE``) or ``nlp.max_length``
    are processed in pieces and merged (see ``pipeline.chunking``). Documents the
    writer's journal has as done are skipped.
    """
    if batch_size < 1 or n_process < 1:
        raise ValueError("batch_size and n_process must be at least 1")
    stats = Stats()
    progress = progress or Progress(enabled=False)
    handler = _DropFailed()
    run = _Run(nlp, writer, exporter or _default_exporter(), stats, progress, handler)
    piece_size = max(1, min(nlp.max_length, chunk_size or DEFAULT_CHUNK_SIZE))
    read = run.pieces(items, piece_size)
    head: list[_Piece] = []
    warmed = 0
    while warmed < WARM_UP and (piece := next(read, None)) is not None:
        head.append(piece)
        with suppress(Exception):  # only a speed-up: a text the tokenizer refuses fails later, alone
            nlp.tokenizer(piece.text[: WARM_UP - warmed])
        warmed += len(piece.text)
    pieces = itertools.chain(head, read)
    before, docs = children(), None
    try:
        with _error_handler(nlp, handler), _export_stage(nlp, exporter):
            while (first := next(pieces, None)) is not None:
                zone = itertools.chain([first], itertools.islice(pieces, max(zone_size, 1) - 1))
                with _memory_zone(nlp):
                    docs = nlp.pipe(run.sent(zone, batch_size), batch_size=batch_size, n_process=n_process)
                    while True:
                        try:
                            doc = next(docs)
                        except StopIteration:
                            break
                        except Exception as err:
                            # A component without an error handler raised (or a worker died):
                            # nlp.pipe is over. Run what was in flight one by one, go on.
                            if run.source_error is not None or not run.pending:
                                raise
                            log.warning("nlp.pipe stopped (%s: %s); running the %d documents in flight one by one",
                                        type(err).__name__, err, len(run.pending))
                            run.drain()
                            docs = nlp.pipe(run.sent(zone, batch_size), batch_size=batch_size, n_process=n_process)
                            continue
                        run.arrived(doc)
                    run.drain()
    except BaseException:
        # A failed write, a stop, a bug: the workers go now, not after their batch, and
        # nlp.pipe's own ending does not wait for them or warn that they were stopped.
        with warnings.catch_warnings():
            stop_children(before)
            if docs is not None:
                docs.close()
        raise
    finally:
        run.discard()
    return stats


def run_batch(nlp: Language, inputs: Iterable[str], writer: RecordWriter, *, text_key: str = "text",
              id_key: str = "id", stdin: BinaryIO | None = None, **options) -> Stats:
    """``claims batch`` on one machine: read ``inputs``, process, write; skip what an
    earlier run completed (``writer.resumed``)."""
    items = read_inputs(inputs, text_key=text_key, id_key=id_key, stdin=stdin, skip=writer.done_docs)
    stats = process(nlp, items, writer, **options)
    if writer.resumed is not None:
        stats.skipped = len(writer.resumed.done_docs) + len(writer.resumed.done_errors)
    return stats


def failures(stats: Stats, writer: RecordWriter) -> int:
    """Inputs that failed in this run and in the run it resumed."""
    return stats.failed + (writer.resumed.failures if writer.resumed else 0)


def summary(stats: Stats, writer: RecordWriter, producer: dict | None = None) -> str:
    """The one line printed at the end of a batch; with ``producer`` (``about.producer``),
    what made the output."""
    seconds = stats.seconds
    parts = [f"{stats.documents} documents, {stats.claims} claims, {stats.failed} failed "
             f"in {seconds:.1f}s ({stats.rate:.1f} docs/s)"]
    if writer.resumed is not None:
        earlier = writer.resumed
        parts.append(f"resumed after {earlier.documents} documents and {earlier.failures} failures done earlier")
    if writer.output_name != "-":
        parts.append(f"output {writer.output_name}")
    if failures(stats, writer):
        parts.append(f"errors in {writer.errors_name if writer.errors_name != '-' else 'stderr'}")
    if producer is not None:
        parts.append(f"claim-pipeline {producer['version']} with {producer['model']} {producer['model_version']}")
    return "claims batch: " + "; ".join(parts)
