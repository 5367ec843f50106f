"""Accuracy benchmark: our pipeline on a gold file, beside the systems a user would
otherwise pick, as a markdown table for the README.

    python3 bench/accuracy.py [GOLD.jsonl] [--model NAME] [--limit N] [--batch-size N]

GOLD defaults to the PolNeAR dev split beside the repository
(``../shared/eval/polnear_gold_dev.jsonl``); the data is not ours to ship: make it from a
clone of PolNeAR with ``bench/polnear.py`` (``python3 bench/polnear.py PolNeAR -o eval/``,
then ``python3 bench/accuracy.py eval/polnear_gold_dev.jsonl``).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / ".." / "shared" / "eval" / "polnear_gold_dev.jsonl"

HEADER = ("system", "partial F1", "soft F1", "exact F1", "source F1", "cue F1", "partial P", "source P")
COMPARISON = (
    ("BBC Citron, retrained on PolNeAR train", "71.3", "56.1", "39.5", "63.0", "62.5"),
    ("Gender Gap Tracker quote extractor (rules on spaCy)", "58.1", "44.8", "31.2", "44.6", "44.7"),
    ("textacy direct_quotations, per paragraph (test split)", "36.1", "24.6", "14.4", "32.6", "31.7"),
)
"""Figures on the PolNeAR dev split (textacy: test split), same scorer, from the eval
README and the issue that set our targets."""
TARGET = ("target", ">= 80", ">= 70", ">= 50", ">= 72", ">= 75")


def row(cells: tuple[str, ...]) -> str:
    padded = cells + ("",) * (len(HEADER) - len(cells))
    return "| " + " | ".join(padded) + " |"


def table(ours: tuple[str, ...]) -> str:
    lines = [row(HEADER), "|" + "---|" * len(HEADER), row(ours)]
    lines += [row(cells) for cells in COMPARISON]
    lines.append(row(TARGET))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD, help="gold JSONL (default: %(default)s)")
    parser.add_argument("--model", default=None, help="spaCy pipeline name or path (default: as claims --model)")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N documents")
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)

    gold_path: Path = args.gold.resolve()
    if not gold_path.is_file():
        print(f"gold file not found: {gold_path}\n"
              "The PolNeAR files are not part of the repository: make them from a clone with "
              "`python3 bench/polnear.py PolNeAR -o eval/` and pass eval/polnear_gold_dev.jsonl "
              "(or any gold JSONL of {id, text, attributions}) as the first argument.", file=sys.stderr)
        return 2

    from pipeline import load
    from pipeline.evaluate import collect, evaluate, predict, read_gold

    gold_docs = read_gold(gold_path, limit=args.limit)
    started = time.perf_counter()
    nlp = load(args.model)
    loaded = time.perf_counter()
    predictions = collect(predict(nlp, gold_docs, batch_size=args.batch_size))
    predicted = time.perf_counter()
    result = evaluate(gold_docs, predictions)
    s = result.scores

    name = f"claim-pipeline ({nlp.meta.get('lang', '?')}_{nlp.meta.get('name', '?')} {nlp.meta.get('version', '')})"
    ours = (name, *(f"{getattr(s, m).F1:.1f}" for m in ("partial", "soft", "exact", "source", "cue")),
            f"{s.partial.P:.1f}", f"{s.source.P:.1f}")
    print(f"## Accuracy on {gold_path.name}: {s.docs} documents, {s.n_gold} gold attributions, "
          f"{s.n_pred} predicted\n")
    print(table(ours))
    chars = sum(len(doc.text) for doc in gold_docs)
    elapsed = predicted - loaded
    print(f"\nmodel loaded in {loaded - started:.1f} s; {s.docs} documents ({chars:,} characters) "
          f"predicted in {elapsed:.1f} s ({s.docs / elapsed if elapsed else 0:.1f} docs/s); "
          f"scoring {time.perf_counter() - predicted:.2f} s")
    if result.failed:
        print(f"\n{result.failed} documents failed and count as missed.")
    return 1 if result.failed else 0


if __name__ == "__main__":
    sys.exit(main())
