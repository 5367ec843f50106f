"""The ``claims`` command: a thin click group over the library.

Data goes to stdout or ``-o``; progress and logs to stderr. Exit 0 when all went well,
1 when some documents failed, 2 for usage errors (click's own).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.records import SCHEMAS


def _load(model: str | None):
    from pipeline import load
    from pipeline.nlp import ModelNotFound

    try:
        return load(model)
    except ModelNotFound as err:
        raise click.UsageError(str(err)) from err


model_option = click.option(
    "--model", default=None, metavar="NAME_OR_PATH", help="spaCy pipeline to use (default: en_core_web_sm)."
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="claim-pipeline")
def main() -> None:
    """Turn news articles into structured, sourced claims (JSON lines)."""


@main.command()
@click.argument("file", type=click.Path(allow_dash=True, dir_okay=False, path_type=Path))
@model_option
@click.option("--per", type=click.Choice(["claim", "document"]), default="claim", show_default=True,
              help="One JSON object per claim, or one per article.")
@click.option("--attributed-only", is_flag=True, help="Leave out claims the article makes in its own voice.")
@click.option("--id", "doc_id", default=None, help="doc_id to use (default: the file name without extension).")
def extract(file: Path, model: str | None, per: str, attributed_only: bool, doc_id: str | None) -> None:
    """Extract the claims of one article (FILE, or - for stdin) as JSON lines on stdout."""
    from pipeline.readers import read_one
    from pipeline.writers import write_records

    item = read_one(file, doc_id=doc_id)
    nlp = _load(model)
    failed = write_records(nlp, [item], sys.stdout, per=per, attributed_only=attributed_only)
    sys.exit(1 if failed else 0)


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
@click.option("--batch-size", type=click.IntRange(min=1), default=64, show_default=True,
              help="Documents per nlp.pipe batch when predicting.")
@click.option("--top", type=click.IntRange(min=1), default=10, show_default=True,
              help="With --errors: how many cue words to count per kind.")
@click.option("--examples", type=click.IntRange(min=0), default=3, show_default=True,
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
            click.echo(f"predicting {len(gold_docs)} documents with {nlp.meta.get('name', '?')} ...", err=True)
            started = time.perf_counter()
            predictions = collect(predict(nlp, gold_docs, batch_size=batch_size))
            click.echo(f"predicted in {time.perf_counter() - started:.1f} s", err=True)
    except InputError as err:
        hint = "'--pred'" if pred_path is not None and err.path == str(pred_path) else "'GOLD'"
        raise click.BadParameter(str(err), param_hint=hint) from err

    result = evaluate(gold_docs, predictions, examples=examples)
    if result.unknown_docs:
        click.echo(f"warning: predictions for {len(result.unknown_docs)} documents that are not in {gold} "
                   f"were not scored (first: {result.unknown_docs[0]!r})", err=True)
    if result.failed:
        click.echo(f"warning: {result.failed} documents failed; their gold attributions count as missed", err=True)
    if as_json:
        data = result.scores.model_dump()
        if show_errors:
            data["errors"] = result.errors.summary(top)
        click.echo(json.dumps(data))
    else:
        click.echo(format_scores(result.scores), nl=False)
        if show_errors:
            click.echo()
            click.echo(result.errors.render(top), nl=False)
    sys.exit(1 if result.failed else 0)
