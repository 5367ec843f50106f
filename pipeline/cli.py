"""The ``claims`` command: a thin click group over the library.

Data goes to stdout or ``-o``; progress and logs to stderr. Exit codes:

* 0: all went well;
* 1: some documents failed (each has its error record);
* 2: usage: bad options, or an output refused before anything was written (it exists,
  it is one of the inputs, another run is writing it, it cannot be resumed);
* 74: the output could not be written (a full disk, a file too large, an I/O error, a
  closed pipe): what was written is whole, and ``batch --resume`` continues it;
* 130 and 143: stopped by SIGINT (Ctrl-C) or SIGTERM (128 + the signal's number): the
  workers are stopped too, every completed document is written and journaled, and
  ``batch --resume`` finishes the run.
"""

from __future__ import annotations

import contextlib
import json
import os
import sys
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

from pipeline.nlp import DEFAULT_MODELS
from pipeline.records import SCHEMAS, ErrorRecord
from pipeline.stopping import Stopped, raise_if_stopped, stop_on_signals

EXIT_FAILED = 1
EXIT_OUTPUT = 74  # sysexits.h's EX_IOERR


def _load(model: str | None):
    from pipeline import load
    from pipeline.nlp import ModelNotFound

    try:
        nlp = load(model)
    except ModelNotFound as err:
        raise click.UsageError(str(err)) from err
    raise_if_stopped()  # a stop the model's imports swallowed
    return nlp


def plain_error(record: ErrorRecord) -> str:
    """An error record as one line a person reads: ``claims: nope.txt: no such file``."""
    where = record.path or record.doc_id or "<stdin>"
    message = record.message
    if record.path and message.endswith(f": {record.path}"):
        message = message[: -len(record.path) - 2]
    if where in message:
        return f"claims: {message}"
    return f"claims: {where}: {message}"


def _error_line():
    """At a terminal errors are read by people; piped or redirected, by programs (JSON)."""
    return plain_error if sys.stderr.isatty() else None


model_option = click.option(
    "--model", default=None, metavar="NAME_OR_PATH",
    help=f"spaCy pipeline to use, by package name or path (default: {DEFAULT_MODELS[0]} when installed, else "
         f"{DEFAULT_MODELS[1]}, the same model repackaged; `claims info` shows which).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(None, "-V", "--version", package_name="claim-pipeline")
def main() -> None:
    """Turn news articles into structured, sourced claims (JSON lines)."""


@main.command("info")
@model_option
@click.option("--json", "as_json", is_flag=True, help="Print it as one JSON object.")
def info_command(model: str | None, as_json: bool) -> None:
    """Versions of claim-pipeline, spaCy and the model in use; the lexicon folder; the
    schema version of the records. Quote it with any figure or bug report."""
    from pipeline.about import info

    data = info(_load(model))
    if as_json:
        click.echo(json.dumps(data))
        return
    labels = {"version": "claim-pipeline", "spacy_version": "spaCy", "model": "model",
              "model_version": "model version", "model_path": "model path", "pipeline": "pipeline",
              "lexicons": "lexicons", "schema_version": "schema version", "python_version": "Python"}
    width = max(map(len, labels.values()))
    for key, label in labels.items():
        value = data[key]
        click.echo(f"{label:<{width}}  {', '.join(value) if isinstance(value, list) else value}")


@main.command()
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(allow_dash=True, path_type=Path))
@click.option("-o", "--output", default="-", show_default=True, metavar="OUT",
              help="JSONL file to write (.jsonl.gz is compressed; overwritten), - for stdout.")
@model_option
@click.option("--per", type=click.Choice(["claim", "document"]), default="claim", show_default=True,
              help="One JSON object per claim, or one per article.")
@click.option("--attributed-only", is_flag=True, help="Leave out claims the article makes in its own voice.")
@click.option("--id", "doc_id", default=None, help="doc_id to use, for one FILE (default: the file name without extension).")
def extract(files: tuple[Path, ...], output: str, model: str | None, per: str, attributed_only: bool,
            doc_id: str | None) -> None:
    """Extract the claims of a few articles (FILE..., or - for stdin) as JSON lines.

    FILE is plain text, Markdown or HTML (its main text is extracted); offsets are into
    the document text, whose line ends are normalised to \\n. An article that cannot be
    read or processed gives an error record on stderr (one plain line at a terminal) and
    exit code 1; the others are written. For a folder, a glob or a JSONL corpus, use
    `claims batch`.
    """
    from pipeline.batch import process
    from pipeline.readers import duplicate_error, read_one

    _check_extract_inputs(files, output, doc_id)
    try:
        items = [read_one(path, doc_id=doc_id) for path in files]
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'FILE'") from err
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.doc_id in seen and not isinstance(item, ErrorRecord):
            items[index] = duplicate_error(item.doc_id, item.path, None)
        seen.add(item.doc_id or "")
    nlp = _load(model) if any(not isinstance(item, ErrorRecord) for item in items) else None
    with _extract_writer(output, per, attributed_only) as writer, _closing_stdout():
        if nlp is None:
            for item in items:
                writer.error(item)
            failed = len(items)
        else:
            stats = process(nlp, items, writer, n_process=1)
            failed = stats.failed
            if output != "-":
                click.echo(f"claims extract: {stats.documents} documents, {stats.claims} claims, {failed} failed; "
                           f"output {output}", err=True)
    sys.exit(1 if failed else 0)


def _check_extract_inputs(files: tuple[Path, ...], output: str, doc_id: str | None) -> None:
    """Folders, globs and repeated stdin are batch jobs or mistakes: said before any work."""
    for path in files:
        name = str(path)
        if path.is_dir():
            raise click.UsageError(f"{name} is a folder: `claims extract` reads files; for a folder use "
                                   f"`claims batch {name} -o OUT.jsonl`")
        if set("*?[") & set(name) and not path.exists():
            raise click.UsageError(f"{name} is a glob (no file has that name): for a glob use "
                                   f"`claims batch '{name}' -o OUT.jsonl`, or let the shell expand it")
    if sum(str(path) == "-" for path in files) > 1:
        raise click.UsageError("stdin (-) can be read once")
    if doc_id is not None and len(files) > 1:
        raise click.UsageError("--id names one document: give one FILE")
    if output != "-" and any(str(path) != "-" and path.exists() and path.resolve() == Path(output).resolve()
                             for path in files):
        raise click.UsageError(f"the output {output} is one of the inputs: choose another -o")


@contextmanager
def _extract_writer(output: str, per: str, attributed_only: bool):
    """Records to stdout or to ``output`` (gzip for ``.gz``); errors to stderr."""
    import gzip

    from pipeline.writers import stream_writer

    if output == "-":
        yield stream_writer(per=per, attributed_only=attributed_only, error_line=_error_line())
        return
    path = Path(output)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = gzip.open(path, "wb") if path.name.lower().endswith(".gz") else open(path, "wb")
    except OSError as err:
        raise click.UsageError(f"cannot write {output}: {err.strerror or err}") from err
    with handle:
        yield stream_writer(handle, per=per, attributed_only=attributed_only, error_line=_error_line())


@main.command()
@click.option("--name", type=click.Choice(sorted(SCHEMAS)), default="claim", show_default=True)
def schema(name: str) -> None:
    """Print the JSON Schema of a record type."""
    click.echo(json.dumps(SCHEMAS[name].model_json_schema(), indent=2))


@main.command("evaluate")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--pred", "pred_path", type=click.Path(exists=True, dir_okay=False, path_type=Path), default=None,
              help="Score these predictions (JSONL of claim, document and error records, or gold-shaped "
                   "{id, attributions}) instead of running the pipeline.")
@model_option
@click.option("--errors", "show_errors", is_flag=True,
              help="Also list misses, false positives and wrong pairs, grouped by kind, with examples.")
@click.option("--json", "as_json", is_flag=True, help="Print the figures as one JSON object.")
@click.option("--limit", type=click.IntRange(min=1), default=None, metavar="N",
              help="Score only the first N gold documents.")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, metavar="N", show_default=True,
              help="Documents per nlp.pipe batch when predicting.")
@click.option("--top", type=click.IntRange(min=1), default=10, metavar="N", show_default=True,
              help="With --errors: how many cue words to count per kind.")
@click.option("--examples", type=click.IntRange(min=0), default=3, metavar="N", show_default=True,
              help="With --errors: how many examples to show per kind.")
def evaluate_command(gold: Path, pred_path: Path | None, model: str | None, show_errors: bool, as_json: bool,
                     limit: int | None, batch_size: int, top: int, examples: int) -> None:
    """Score attributions against GOLD (JSONL, one annotated article a line).

    Without --pred the pipeline runs over the gold texts first. Predictions and gold are
    paired one to one by content overlap; the table gives precision, recall and F1 (%) of
    contents (partial: they overlap, soft: overlap/union >= 0.5, exact: same span once
    quotes and punctuation are trimmed), sources and cues.
    """
    import time

    from pipeline.evaluate import InputError, collect, evaluate, format_scores, predict, read_gold, read_predictions

    try:
        gold_docs = read_gold(gold, limit=limit)
        if pred_path is not None:
            if model is not None:
                click.echo("note: --model is not used when --pred is given", err=True)
            predictions = read_predictions(pred_path)
        else:
            nlp = _load(model)
            started = time.perf_counter()
            label = f"predicting with {nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')}"
            with click.progressbar(gold_docs, label=label, file=sys.stderr) as docs:
                predictions = collect(predict(nlp, docs, batch_size=batch_size))
            click.echo(f"{len(gold_docs)} documents predicted in {time.perf_counter() - started:.1f} s", err=True)
    except InputError as err:
        hint = "'--pred'" if pred_path is not None and err.path == str(pred_path) else "'GOLD'"
        raise click.BadParameter(str(err), param_hint=hint) from err

    result = evaluate(gold_docs, predictions, examples=examples)
    if result.unknown_docs:
        click.echo(f"warning: predictions for {len(result.unknown_docs)} documents not among the gold documents "
                   f"scored were left out (first: {result.unknown_docs[0]!r})", err=True)
    if result.failed:
        click.echo(f"warning: {result.failed} documents failed; their gold attributions count as missed", err=True)
    if as_json:
        data = result.scores.model_dump(exclude={"who"} if result.scores.who is None else None)
        if show_errors:
            data["errors"] = result.errors.summary(top)
        click.echo(json.dumps(data))
    else:
        click.echo(format_scores(result.scores), nl=False)
        if show_errors:
            click.echo()
            click.echo(result.errors.render(top), nl=False)
    sys.exit(1 if result.failed else 0)


@contextmanager
def _closing_stdout():
    """A reader that closed the pipe (``claims batch -o - | head``) ends the run quietly."""
    try:
        yield
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(1)


@main.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, metavar="OUT",
              help="JSONL file to write (.jsonl.gz is compressed), - for stdout, or a folder with --engine dask.")
@model_option
@click.option("--workers", type=click.IntRange(min=1), default=None, metavar="N",
              help="Processes for nlp.pipe, or local Dask workers (default: all cores).")
@click.option("--batch-size", type=click.IntRange(min=1), default=64, metavar="N", show_default=True,
              help="Documents per nlp.pipe batch.")
@click.option("--per", type=click.Choice(["claim", "document"]), default="claim", show_default=True,
              help="One JSON object per claim, or one per article.")
@click.option("--attributed-only", is_flag=True, help="Leave out claims the article makes in its own voice.")
@click.option("--force", is_flag=True, help="Overwrite an existing output.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run: skip the documents it completed.")
@click.option("--errors", "errors_path", default=None, metavar="FILE",
              help="Where error records go (default: OUT with the suffix .errors.jsonl; stderr with -o -).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary on stderr.")
@click.option("--text-key", default="text", show_default=True, help="Field of a JSONL record holding the text.")
@click.option("--id-key", default="id", show_default=True, help="Field of a JSONL record holding its id.")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="Run on this machine, or on a Dask cluster (output: a folder of parts and a manifest).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler to connect to (default with --engine dask: a local cluster).")
def batch(inputs: tuple[str, ...], output: str, model: str | None, workers: int | None, batch_size: int, per: str,
          attributed_only: bool, force: bool, resume: bool, errors_path: str | None, quiet: bool, text_key: str,
          id_key: str, engine: str, scheduler: str | None) -> None:
    """Extract the claims of many articles into one JSONL output.

    INPUT is a file (.txt, .md, .html, .jsonl, .jsonl.gz), a folder (read recursively,
    dotfiles skipped, in sorted order), a glob, or - for JSONL on stdin. A document that
    cannot be read or processed becomes an error record and the run goes on; the exit
    code is 1 when any did. Ids come from file names (relative paths in a folder) or the
    records' id field. Offsets are into each document's text: for HTML its extracted main
    text, and line ends are normalised to \\n.

    Beside OUT, OUT.done journals every completed document: --resume uses it to skip
    them, and the result is the same as that of an uninterrupted run.
    """
    if scheduler is not None and engine != "dask":
        raise click.UsageError("--scheduler needs --engine dask")
    if engine == "dask":
        _batch_dask(inputs, output, model=model, workers=workers, batch_size=batch_size, per=per,
                    attributed_only=attributed_only, force=force, resume=resume, quiet=quiet, text_key=text_key,
                    id_key=id_key, scheduler=scheduler, errors_path=errors_path)
        return

    code = _batch_local(inputs, output, errors_path, model=model, quiet=quiet, text_key=text_key, id_key=id_key,
                        batch_size=batch_size, workers=workers,
                        options={"per": per, "attributed_only": attributed_only, "force": force, "resume": resume,
                                 "inputs": inputs})
    sys.exit(code)


def _batch_local(inputs: tuple[str, ...], output: str, errors_path: str | None, *, model: str | None, quiet: bool,
                 text_key: str, id_key: str, batch_size: int, workers: int | None, options: dict) -> int:
    """``claims batch`` on this machine; returns the exit code (see the module docstring)."""
    from pipeline.about import producer
    from pipeline.batch import Progress, default_workers, failures, run_batch, summary
    from pipeline.writers import OutputError, WriteError, check_output, open_output

    progress = writer = None
    try:
        with stop_on_signals():
            try:
                check_output(output, errors_path, **options)
                nlp = _load(model)
                made_by = producer(nlp)
                progress = Progress.for_terminal(quiet)
                writer = open_output(output, errors_path, stderr_write=progress.write, producer=made_by,
                                     error_line=_error_line(), **options)
            except OutputError as err:
                raise click.UsageError(str(err)) from err
            stats = run_batch(nlp, inputs, writer, text_key=text_key, id_key=id_key, batch_size=batch_size,
                              n_process=workers or default_workers(), progress=progress)
    except (Stopped, WriteError, BrokenPipeError) as err:
        if writer is not None:
            writer.abort()
        _close(progress, writer)
        if isinstance(err, BrokenPipeError):  # a reader that closed the pipe (-o - | head): quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            _exit_now(EXIT_OUTPUT)
        click.echo(f"claims batch: {err}{_where(writer, err)}", err=True)
        _exit_now(err.exit_code if isinstance(err, Stopped) else EXIT_OUTPUT)
    finally:
        _close(progress, writer)
    if not quiet:
        click.echo(summary(stats, writer, made_by), err=True)
    return EXIT_FAILED if failures(stats, writer) else 0


def _close(*things) -> None:
    for thing in things:
        if thing is not None:
            thing.close()


def _where(writer, err: BaseException) -> str:
    """What a stopped or failed run leaves, and how to finish it."""
    if writer is None:
        return ""
    where = f"; the {writer.completed:,} documents completed are whole in {writer.output_name}"
    if writer.journal is None:
        return where
    fixed = "" if isinstance(err, Stopped) else " once the cause is fixed"
    return f"{where} and journaled: run the same command with --resume to finish{fixed}"


def _exit_now(code: int) -> NoReturn:
    """End after a stop or a failed write. The workers are gone, but spaCy's queue threads
    may still be writing to them and would keep the interpreter from ending: when one is
    alive, end at once (the output is closed and the streams are flushed)."""
    if any(thread.name == "QueueFeederThread" and thread.is_alive() for thread in threading.enumerate()):
        sys.stderr.flush()
        with contextlib.suppress(OSError, ValueError):
            sys.stdout.flush()
        os._exit(code)
    sys.exit(code)


def _batch_dask(inputs, output, *, quiet, errors_path, **options) -> None:
    import importlib.util

    if importlib.util.find_spec("distributed") is None:
        raise click.UsageError("--engine dask needs dask.distributed: pip install 'claim-pipeline[dask]'")
    from pipeline.dask_engine import ManifestError, run_dask

    if errors_path is not None:
        raise click.UsageError("--errors does not apply to --engine dask: each part has its errors beside it")
    if any(name == "-" for name in inputs):
        raise click.UsageError("--engine dask cannot read stdin: give files, folders or globs")
    try:
        result = run_dask(inputs, output, **options)
    except ManifestError as err:
        raise click.UsageError(str(err)) from err
    if not quiet:
        click.echo(result.summary(), err=True)
    sys.exit(0 if result.ok else 1)


def _view_output(output: str | None, suggestion: str) -> str:
    """Where an HTML view goes: ``-o``, else stdout when it is redirected or piped; at a
    terminal nobody reads a page of HTML, so that is refused before any work is done."""
    if output is not None:
        return output
    if sys.stdout.isatty():
        raise click.UsageError(f"this writes an HTML page, not text for a terminal: give -o {suggestion} "
                               f"(or -o - to print it anyway, or redirect: > {suggestion})")
    return "-"


def _write_view(text: str, output: str) -> None:
    """A page or report to ``output`` (``-``: stdout), and where it went on stderr."""
    if output == "-":
        with _closing_stdout():
            sys.stdout.write(text)
            sys.stdout.flush()
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as err:
        raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from err
    click.echo(f"wrote {output} ({len(text.encode('utf-8')):,} bytes)", err=True)


@main.command("render")
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", default=None, metavar="PAGE",
              help="HTML file to write, - for stdout (default: stdout when redirected or piped; "
                   "at a terminal -o is needed).")
@model_option
@click.option("--id", "doc_id", default=None, help="doc_id to use (default: the file name without extension).")
@click.option("--title", default=None, help="Title of the page (default: the article's headline, else the doc_id).")
def render_command(file: Path, output: str | None, model: str | None, doc_id: str | None,
                   title: str | None) -> None:
    """Show one article (FILE, or - for stdin) as a self-contained HTML page.

    Sources, cues and contents are highlighted, each source with its type; claims the
    article makes in its own voice are underlined; a side list groups the claims by
    source. The page has no scripts and fetches nothing: it opens offline.
    """
    from pipeline.readers import read_one
    from pipeline.render import render_article
    from pipeline.writers import dumps

    output = _view_output(output, f"{Path(str(file)).stem if str(file) != '-' else 'article'}.html")
    try:
        item = read_one(file, doc_id=doc_id)
    except ValueError as err:
        raise click.BadParameter(str(err), param_hint="'FILE'") from err
    if isinstance(item, ErrorRecord):
        click.echo((_error_line() or dumps)(item), err=True)
        sys.exit(1)
    nlp = _load(model)
    _write_view(render_article(nlp, item.text, item.doc_id, item.path, title=title), output)


@main.command("export")
@click.argument("inputs", nargs=-1, required=True, metavar="OUT.jsonl...",
                type=click.Path(exists=True, allow_dash=True))
@click.option("-o", "--output", default="-", show_default=True, metavar="FILE",
              help="File to write (overwritten), - for stdout.")
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True,
              help="csv: RFC 4180, one row a claim, UTF-8.")
@click.option("--attributed-only", is_flag=True, help="Leave out claims the article makes in its own voice.")
def export_command(inputs: tuple[str, ...], output: str, fmt: str, attributed_only: bool) -> None:
    """Turn batch outputs into a table: one row a claim.

    Each OUT.jsonl holds claim or document records, as `claims batch` writes them (a
    folder: its JSONL files; - : stdin). The columns, in this order: doc_id, claim_id,
    attributed, source_type, source, resolved, entity_id, resolved_type, cue, cue_lemma,
    stance, text, start, end, direct_quote. A claim written twice (a document record
    beside its claim records) is one row; lines that are not records are counted and skipped.
    """
    import io

    from pipeline.records import Claim, Document
    from pipeline.report import batch_files, read_batch
    from pipeline.table import write_csv

    files, added = batch_files(inputs)
    files = [name for name in files if name not in added]
    if output != "-" and any(name != "-" and Path(name).resolve() == Path(output).resolve() for name in files):
        raise click.UsageError(f"the output {output} is one of the inputs: choose another -o")
    skipped = [0]

    def claims():
        seen: set[str] = set()
        for name in files:
            for _, item in read_batch(name):
                found = item.claims if isinstance(item, Document) else [item] if isinstance(item, Claim) else []
                types = {r.entity_id: r.type for r in item.referents} if isinstance(item, Document) else None
                if not isinstance(item, (Claim, Document, ErrorRecord)):
                    skipped[0] += 1
                for claim in found:
                    if claim.claim_id not in seen and (claim.attributed or not attributed_only):
                        seen.add(claim.claim_id)
                        yield claim, types

    with _closing_stdout():
        if output == "-":
            handle = io.TextIOWrapper(sys.stdout.buffer, encoding="utf-8", newline="", write_through=True)
            rows = write_csv(claims(), handle)
            handle.flush()
            handle.detach()
        else:
            try:
                with open(output, "w", encoding="utf-8", newline="") as handle:
                    rows = write_csv(claims(), handle)
            except OSError as err:
                raise click.ClickException(f"cannot write {output}: {err.strerror or err}") from err
    if skipped[0]:
        click.echo(f"warning: skipped {skipped[0]:,} lines that are not claim, document or error records", err=True)
    if output != "-":
        click.echo(f"wrote {rows:,} claims to {output}", err=True)


@main.command("report")
@click.argument("inputs", nargs=-1, required=True, metavar="OUT.jsonl...",
                type=click.Path(exists=True, allow_dash=True))
@click.option("-o", "--output", default=None, metavar="REPORT",
              help="File to write, - for stdout (default: stdout, but for HTML at a terminal -o is needed).")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default=None,
              help="Output format (default: from the suffix of -o: .md, .json, else html).")
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="How many sources and cues to rank.")
@click.option("--examples", type=click.IntRange(min=0), default=100, show_default=True,
              help="How many claims with quantities to list.")
@click.option("--no-errors-file", is_flag=True,
              help="Do not read the errors file claims batch writes beside OUT.jsonl (OUT.errors.jsonl).")
def report_command(inputs: tuple[str, ...], output: str | None, fmt: str | None, top: int, examples: int,
                   no_errors_file: bool) -> None:
    """Report who is cited how often over batch outputs.

    Each OUT.jsonl holds claim, document and error records (a folder: its JSONL files, as
    --engine dask writes them; - : stdin). The error file claims batch writes beside an
    output is read too. Counts sources (by resolved entity) and source types, the share
    of anonymous and impersonal attributions per document and overall, cues, claims with
    quantities and failed documents. Lines that are not records are counted and skipped.
    """
    from pipeline.render import report_html, report_markdown
    from pipeline.report import batch_files, report_files

    if fmt is None:
        suffix = Path(output).suffix.lower() if output not in (None, "-") else ""
        fmt = {".md": "md", ".markdown": "md", ".json": "json"}.get(suffix, "html")
    output = _view_output(output, "report.html") if fmt == "html" else output or "-"
    files, added = batch_files(inputs)
    if no_errors_file:
        files = [name for name in files if name not in added]
    else:
        for name in added:
            click.echo(f"reading errors from {name} too", err=True)
    summary = report_files(files, top=top, examples=examples)
    if summary.malformed_lines or summary.invalid_records:
        click.echo(f"warning: skipped {summary.malformed_lines:,} lines that are not JSON and "
                   f"{summary.invalid_records:,} that are not records (listed in the report)", err=True)
    if fmt == "json":
        text = summary.model_dump_json(indent=2) + "\n"
    elif fmt == "md":
        text = report_markdown(summary)
    else:
        text = report_html(summary)
    _write_view(text, output)
