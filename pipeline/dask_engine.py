"""``claims batch --engine dask``: the same job on a Dask cluster.

The driver cuts the input into partitions (runs of files; JSONL corpora by byte ranges
that start at line starts; a ``.jsonl.gz`` is one partition) and submits one task per
partition. A task loads the model once per worker thread (and keeps it), runs the
single-machine ``process`` over its partition and writes, under the output folder:

    part-00000.jsonl          claims (or documents) of the partition
    part-00000.errors.jsonl   its error records
    part-00000.ids            a ledger: [doc_id, claims, path, line, duplicate] per
                              document it handled (claims null when it failed, doc_id
                              null if unknown, duplicate true once the driver removed it)

each written under a temporary name and renamed when complete. The driver keeps
``manifest.json`` (options and the partition plan, then each partition's outcome) and
``partitions.done`` (one line per completed partition): ``--resume`` re-runs only the
partitions not in it. Inputs that name nothing, and ids that two partitions share (the
later one's documents are removed from its part, as a single machine would skip them),
go to ``inputs.errors.jsonl``.

The output folder must be on a file system every worker sees.
"""

from __future__ import annotations

import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pipeline.about import producer
from pipeline.batch import DEFAULT_BATCH_SIZE, default_workers, process
from pipeline.readers import FileSource, JsonlSource, count_lines, duplicate_error, expand, read_source
from pipeline.records import ErrorRecord
from pipeline.writers import LineSink, RecordWriter, dumps

log = logging.getLogger(__name__)

MANIFEST = "manifest.json"
DONE = "partitions.done"
INPUT_ERRORS = "inputs.errors.jsonl"
MANIFEST_FORMAT = "claims-dask-manifest"
FILES_PER_PARTITION = 200
BYTES_PER_PARTITION = 32 << 20


class ManifestError(Exception):
    """The output folder cannot be used as asked."""


# ---------------------------------------------------------------------- partitions


@dataclass(frozen=True)
class Partition:
    """A unit of work: some files, or one byte range of a JSONL corpus."""

    index: int
    files: tuple[tuple[str, str], ...] = ()
    jsonl: tuple[str, int, int | None, int] | None = None  # path, start, end, first line

    @property
    def name(self) -> str:
        return f"part-{self.index:05d}"

    def sources(self) -> Iterator[FileSource | JsonlSource]:
        for path, doc_id in self.files:
            yield FileSource(path, doc_id)
        if self.jsonl is not None:
            path, start, end, first_line = self.jsonl
            yield JsonlSource(path, start, end, first_line)

    def to_json(self) -> dict:
        return {"name": self.name, "files": [list(pair) for pair in self.files],
                "jsonl": list(self.jsonl) if self.jsonl else None}

    @classmethod
    def from_json(cls, index: int, data: dict) -> Partition:
        jsonl = tuple(data["jsonl"]) if data.get("jsonl") else None
        return cls(index, tuple(tuple(pair) for pair in data.get("files", [])), jsonl)  # type: ignore[arg-type]


def plan(inputs: Iterable[str], *, files_per_partition: int = FILES_PER_PARTITION,
         bytes_per_partition: int = BYTES_PER_PARTITION) -> tuple[list[Partition], list[ErrorRecord]]:
    """The partitions of ``inputs`` in input order, and the inputs that fail already
    here (names that match nothing; files whose id an earlier file has)."""
    partitions: list[Partition] = []
    errors: list[ErrorRecord] = []
    files: list[tuple[str, str]] = []
    seen: set[str] = set()

    def flush() -> None:
        for start in range(0, len(files), files_per_partition):
            partitions.append(Partition(len(partitions), tuple(files[start : start + files_per_partition])))
        files.clear()

    for source in expand(inputs):
        if isinstance(source, ErrorRecord):
            errors.append(source)
        elif isinstance(source, FileSource):
            if source.doc_id in seen:
                errors.extend(read_source(source, seen=seen))  # the duplicate_id error
                continue
            seen.add(source.doc_id)
            files.append((source.path, source.doc_id))
        else:
            flush()
            for start, end, first_line in _ranges(source.path, bytes_per_partition):
                partitions.append(Partition(len(partitions), jsonl=(source.path, start, end, first_line)))
    flush()
    return partitions, errors


def _ranges(path: str, size: int) -> list[tuple[int, int | None, int]]:
    if path.lower().endswith(".gz"):
        return [(0, None, 1)]
    try:
        total = os.path.getsize(path)
    except OSError:
        return [(0, None, 1)]  # reading it reports the error
    cuts = list(count_lines(path, range(size, total, size)))
    starts = [(0, 1)] + [(offset, line) for offset, line in cuts if offset < total]
    ranges = []
    for i, (start, line) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else None
        if end is None or end > start:
            ranges.append((start, end, line))
    return ranges


# ------------------------------------------------------------------------- workers

_local = threading.local()


def _worker_nlp(model: str | None, loader: Callable | None):
    """The model of this worker thread, loaded on its first task and kept."""
    cache = getattr(_local, "models", None)
    if cache is None:
        cache = _local.models = {}
    key = (loader, model)
    if key not in cache:
        if loader is None:
            from pipeline.nlp import load_nlp as loader
        cache[key] = loader(model)
    return cache[key]


class _LedgerWriter(RecordWriter):
    """Also notes each document it handles and its claims (None: failed), so that the
    driver can find ids that two partitions share and count what remains."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.ledger: list[list] = []

    def _document_done(self, data: dict, claims: int, item: object) -> None:
        super()._document_done(data, claims, item)
        self.ledger.append([data["doc_id"], claims, data["path"], getattr(item, "line", None), False])

    def error(self, record: ErrorRecord) -> None:
        super().error(record)
        doc_id = record.doc_id if record.error_type != "duplicate_id" else None
        self.ledger.append([doc_id, None, record.path, record.line, False])


def run_partition(partition: Partition, folder: str, *, model: str | None = None, per: str = "claim",
                  attributed_only: bool = False, text_key: str = "text", id_key: str = "id",
                  batch_size: int = DEFAULT_BATCH_SIZE, loader: Callable | None = None,
                  exporter: Callable | None = None) -> dict:
    """One partition, on a worker: its part files written, its counts returned."""
    out_dir = Path(folder)
    final = {kind: out_dir / f"{partition.name}{suffix}" for kind, suffix in
             (("out", ".jsonl"), ("errors", ".errors.jsonl"), ("ids", ".ids"))}
    temp = {kind: path.with_name(path.name + ".tmp") for kind, path in final.items()}
    nlp = _worker_nlp(model, loader)
    writer = _LedgerWriter(LineSink(path=temp["out"]), LineSink(path=temp["errors"]), per=per,
                        attributed_only=attributed_only)
    seen: set[str] = set()
    items = (item for source in partition.sources()
             for item in read_source(source, text_key=text_key, id_key=id_key, seen=seen))
    started = time.monotonic()
    try:
        stats = process(nlp, items, writer, batch_size=batch_size, n_process=1, exporter=exporter)
    finally:
        writer.close()
    _write_ledger(temp["ids"], writer.ledger)
    for kind in ("errors", "ids", "out"):  # the part itself last: it marks the partition complete
        if not temp[kind].exists():
            temp[kind].touch()
        os.replace(temp[kind], final[kind])
    return {"partition": partition.index, "documents": stats.documents, "claims": stats.claims,
            "failed": stats.failed, "seconds": round(time.monotonic() - started, 3), "producer": producer(nlp)}


# -------------------------------------------------------------------------- driver


@dataclass
class DaskResult:
    """What a Dask run did, for the summary and the exit code."""

    folder: str
    partitions: int
    done_before: int = 0
    documents: int = 0
    claims: int = 0
    failed: int = 0
    failed_partitions: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failed and not self.failed_partitions

    def summary(self) -> str:
        text = (f"claims batch (dask): {self.documents} documents, {self.claims} claims, {self.failed} failed, "
                f"{self.partitions} partitions ({self.done_before} done earlier) in {self.seconds:.1f}s; "
                f"output {self.folder}/")
        if self.failed_partitions:
            text += f"; partitions that failed: {', '.join(self.failed_partitions)} (rerun with --resume)"
        return text


def _write_json(path: Path, data: Any) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, indent=1, ensure_ascii=False), encoding="utf-8")
    os.replace(temp, path)


def _our_files(folder: Path) -> list[Path]:
    names = {MANIFEST, DONE, INPUT_ERRORS}
    return [path for path in folder.iterdir() if path.name in names or path.name.startswith("part-")]


def _start_client(scheduler: str | None, workers: int | None):
    from distributed import Client, LocalCluster

    if scheduler is not None:
        return Client(scheduler), None
    cluster = LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                           dashboard_address=None)
    return Client(cluster), cluster


def run_dask(inputs: Iterable[str], output: str | os.PathLike[str], *, model: str | None = None,
             workers: int | None = None, batch_size: int = DEFAULT_BATCH_SIZE, per: str = "claim",
             attributed_only: bool = False, force: bool = False, resume: bool = False, text_key: str = "text",
             id_key: str = "id", scheduler: str | None = None, client=None, loader: Callable | None = None,
             exporter: Callable | None = None, files_per_partition: int = FILES_PER_PARTITION,
             bytes_per_partition: int = BYTES_PER_PARTITION) -> DaskResult:
    """Run the batch on a Dask cluster: ``client``, else the scheduler at ``scheduler``,
    else a local cluster of ``workers`` processes. Output goes to the folder ``output``."""
    started = time.monotonic()
    inputs = [os.fspath(name) for name in inputs]
    folder = Path(output)
    options = {"per": per, "attributed_only": attributed_only, "text_key": text_key, "id_key": id_key,
               "model": model}
    if force and resume:
        raise ManifestError("--force and --resume contradict each other: choose one")
    if folder.exists() and not folder.is_dir():
        raise ManifestError(f"{folder} is a file: --engine dask writes a folder of parts")
    manifest_path = folder / MANIFEST
    done: dict[int, dict] = {}
    if resume and manifest_path.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("format") != MANIFEST_FORMAT:
            raise ManifestError(f"{manifest_path} is not a claims manifest")
        if manifest["options"] != options or manifest["inputs"] != inputs:
            raise ManifestError("cannot resume: the interrupted run had other inputs or options "
                                f"({manifest['inputs']}, {manifest['options']}); give the same ones")
        partitions = [Partition.from_json(i, data) for i, data in enumerate(manifest["partitions"])]
        input_errors = [ErrorRecord.model_validate(e) for e in manifest["input_errors"]]
        done = _read_done(folder / DONE)
        done = {i: entry for i, entry in done.items() if (folder / f"{partitions[i].name}.jsonl").exists()}
    else:
        if folder.exists() and any(folder.iterdir()):
            if not force and not resume:
                raise ManifestError(f"{folder} exists and is not empty: pass --force to overwrite it, or --resume "
                                    "to continue the run that wrote it")
            for path in _our_files(folder):  # --force, or --resume of a run that never wrote its manifest
                path.unlink()
        folder.mkdir(parents=True, exist_ok=True)
        partitions, input_errors = plan(inputs, files_per_partition=files_per_partition,
                                        bytes_per_partition=bytes_per_partition)
        (folder / DONE).write_text("", encoding="utf-8")
        manifest = {"format": MANIFEST_FORMAT, "version": 1, "inputs": inputs, "options": options,
                    "partitions": [p.to_json() for p in partitions],
                    "input_errors": [e.model_dump() for e in input_errors], "status": "running"}
        _write_json(manifest_path, manifest)

    result = DaskResult(str(folder), len(partitions), done_before=len(done))
    todo = [p for p in partitions if p.index not in done]
    cluster = None
    if todo:
        own_client = client is None
        if own_client:
            client, cluster = _start_client(scheduler, workers)
        try:
            from distributed import as_completed

            futures = {
                client.submit(run_partition, p, str(folder.resolve()), model=model, per=per,
                              attributed_only=attributed_only, text_key=text_key, id_key=id_key,
                              batch_size=batch_size, loader=loader, exporter=exporter,
                              key=f"claims-{p.name}-{os.getpid()}-{time.time_ns()}", pure=False): p
                for p in todo
            }
            with open(folder / DONE, "a", encoding="utf-8") as journal:
                for future in as_completed(futures):
                    partition = futures[future]
                    try:
                        entry = future.result()
                    except Exception as err:
                        log.error("%s failed: %s: %s", partition.name, type(err).__name__, err)
                        result.failed_partitions.append(partition.name)
                        continue
                    done[partition.index] = entry
                    journal.write(json.dumps(entry) + "\n")
                    journal.flush()
        finally:
            if own_client:
                client.close()
                if cluster is not None:
                    cluster.close()

    complete = [p for p in partitions if p.index in done]
    duplicates = _remove_duplicates(folder, complete)
    with open(folder / INPUT_ERRORS, "w", encoding="utf-8") as handle:
        handle.writelines(dumps(error) + "\n" for error in [*input_errors, *duplicates])
    for partition in complete:
        for _, claims, _, _, duplicate in _read_ledger(folder / f"{partition.name}.ids"):
            if duplicate:
                continue
            if claims is None:
                result.failed += 1
            else:
                result.documents += 1
                result.claims += claims
    result.failed += len(input_errors) + len(duplicates)
    manifest["status"] = "complete" if len(done) == len(partitions) else "incomplete"
    manifest["done"] = {partitions[i].name: entry for i, entry in sorted(done.items())}
    manifest["totals"] = {k: v for k, v in asdict(result).items() if k in ("documents", "claims", "failed")}
    # what made the parts, as each worker reported it: one tool and model, or each of them
    producers = list({json.dumps(e["producer"], sort_keys=True): e["producer"] for e in done.values()
                      if "producer" in e}.values())
    if producers:
        manifest["producer"] = producers[0] if len(producers) == 1 else producers
    _write_json(manifest_path, manifest)
    result.seconds = time.monotonic() - started
    return result


def _read_done(path: Path) -> dict[int, dict]:
    done: dict[int, dict] = {}
    if not path.exists():
        return done
    with open(path, "rb") as handle:
        for raw in handle:
            if not raw.endswith(b"\n"):
                break
            try:
                entry = json.loads(raw)
            except ValueError:
                break
            done[entry["partition"]] = entry
    return done


def _write_ledger(path: Path, ledger: Iterable[list]) -> None:
    temp = path.with_name(path.name + ".tmp") if not path.name.endswith(".tmp") else path
    with open(temp, "w", encoding="utf-8") as handle:
        handle.writelines(json.dumps(entry) + "\n" for entry in ledger)
    if temp != path:
        os.replace(temp, path)


def _read_ledger(path: Path) -> list[list]:
    if not path.exists():
        return []
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


def _remove_duplicates(folder: Path, partitions: list[Partition]) -> list[ErrorRecord]:
    """Ids handled by two partitions: the later partition's copy is taken out of its
    part (as a single machine would have skipped it), marked in its ledger, and
    reported. Idempotent: a marked entry is reported again, not removed again."""
    seen: set[str] = set()
    errors: list[ErrorRecord] = []
    for partition in sorted(partitions, key=lambda p: p.index):
        ledger_path = folder / f"{partition.name}.ids"
        ledger = _read_ledger(ledger_path)
        clash = set()
        for entry in ledger:
            doc_id, _, path, line, duplicate = entry
            if doc_id is None:
                continue
            if doc_id in seen:
                errors.append(duplicate_error(doc_id, path, line))
                if not duplicate:
                    clash.add(doc_id)
                    entry[4] = True
            seen.add(doc_id)
        if clash:
            for suffix in (".jsonl", ".errors.jsonl"):
                _drop_lines(folder / f"{partition.name}{suffix}", clash)
            _write_ledger(ledger_path, ledger)
    return errors


def _drop_lines(path: Path, doc_ids: set[str]) -> None:
    if not path.exists():
        return
    temp = path.with_name(path.name + ".tmp")
    with open(path, encoding="utf-8") as source, open(temp, "w", encoding="utf-8") as target:
        for line in source:
            record = json.loads(line)
            if record.get("doc_id") in doc_ids and record.get("error_type") != "duplicate_id":
                continue
            target.write(line)
    os.replace(temp, path)
