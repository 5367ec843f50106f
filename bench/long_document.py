"""Long documents: peak memory and throughput of ``claims batch`` on one long document,
beside the same text split into the articles it was made of, in one run.

    python3 bench/long_document.py [--sizes 3,50] [--workers 1] [--split-max 5]
                                   [--seed 1] [--model NAME] [--json FILE] [--keep]
    python3 bench/long_document.py --sizes 3            # the ratio and the 3 MB memory, ~7 min
    python3 bench/long_document.py --sizes 3,50         # and the 50 MB memory, ~1 h more

For each size S (MB of UTF-8 text, 2**20 bytes), generated articles (``bench/corpus.py``,
deterministic in ``--seed``) are joined by blank lines into one ``long-S.txt`` of at least
S MB, and written as they are to ``split-S.jsonl``. Both are run as subprocesses,

* long: ``claims batch long-S.txt -o out.jsonl --workers W --quiet --force``;
* split: ``claims batch split-S.jsonl -o out.jsonl --workers W --quiet --force``
  (only for S <= ``--split-max``, since it takes as long as the long side);

and timed (wall and CPU time), with their peak memory: the high-water mark of the summed
RSS of the process tree (sampled with psutil) and the largest single process's
``ru_maxrss``. The ratio is the long side's characters per second over the split side's
(target >= 0.8); the memory targets are a 3 MB document under 1 GB and a 50 MB one under
1.5 GB on one worker. On a shared machine time varies with other load: compare the CPU
ratio beside the wall one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from corpus import generate, write_jsonl  # noqa: E402
from throughput import DEFAULT_MODEL, claims_executable, cpu_model, load_average, log, mb, measure  # noqa: E402

MB = 2**20
RATIO_TARGET = 0.8
MEMORY_TARGETS = ((3, 1024 * MB), (50, 1536 * MB))  # (document MB at most, peak RSS under) on one worker


@dataclass
class Side:
    name: str
    size_mb: float
    chars: int
    articles: int
    wall_s: float
    cpu_s: float
    peak_tree_rss: int
    max_rss: int
    claims: int
    returncode: int

    @property
    def chars_per_s(self) -> float:
        return self.chars / self.wall_s

    @property
    def chars_per_cpu_s(self) -> float:
        return self.chars / max(self.cpu_s, 1e-9)


def make_texts(size_mb: float, workdir: Path, seed: int, words: int) -> tuple[Path, Path, int, int]:
    """``long-S.txt`` (articles joined by blank lines) and ``split-S.jsonl`` (the same
    articles); returns both paths, the long text's characters and the article count."""
    long_path = workdir / f"long-{size_mb:g}.txt"
    split_path = workdir / f"split-{size_mb:g}.jsonl"
    records, size = [], 0
    for record in generate(10**9, seed, words):
        records.append(record)
        size += len(record["text"].encode("utf-8")) + 2
        if size >= size_mb * MB:
            break
    text = "\n\n".join(record["text"].strip() for record in records) + "\n"
    long_path.write_text(text, encoding="utf-8")
    write_jsonl(split_path, records)
    return long_path, split_path, len(text), len(records)


def run_side(name: str, source: Path, output: Path, size_mb: float, chars: int, articles: int, args) -> Side:
    command = [*claims_executable(), "batch", str(source), "-o", str(output), "--workers", str(args.workers),
               "--quiet", "--force", "--model", args.model]
    log(f"{name} {size_mb:g} MB: {' '.join(command)}")
    measured = measure(command, output.parent, args.sample_interval)
    if measured.returncode not in (0, 1):
        raise SystemExit(f"claims batch failed ({measured.returncode}):\n{measured.stderr[-3000:]}")
    with open(output, "rb") as handle:
        claims = sum(1 for line in handle if line.strip())
    if not args.keep:
        for path in (output, Path(f"{output}.done")):
            path.unlink(missing_ok=True)
    side = Side(name, size_mb, chars, articles, measured.wall, measured.cpu, measured.peak_tree_rss,
                measured.max_rss, claims, measured.returncode)
    log(f"  {side.wall_s:.1f} s, {side.chars_per_s:,.0f} chars/s, peak {mb(side.peak_tree_rss)}, {claims:,} claims")
    return side


def markdown(sides: list[Side], args) -> str:
    rows = ["| document | side | characters | wall s | chars/s | CPU s | peak RSS (tree) | largest process | "
            "claims |", "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for side in sides:
        rows.append(f"| {side.size_mb:g} MB | {side.name} | {side.chars:,} | {side.wall_s:,.1f} | "
                    f"{side.chars_per_s:,.0f} | {side.cpu_s:,.1f} | {mb(side.peak_tree_rss)} | {mb(side.max_rss)} | "
                    f"{side.claims:,} |")
    lines = [*rows, ""]
    for size in sorted({side.size_mb for side in sides}):
        pair = {side.name: side for side in sides if side.size_mb == size}
        long = pair["long"]
        target = next((limit for most, limit in MEMORY_TARGETS if size <= most), None)
        memory = f"peak {mb(long.peak_tree_rss)}"
        if target is not None and args.workers == 1:
            memory += f" ({'under' if long.peak_tree_rss < target else 'OVER'} the {mb(target)} target)"
        if "split" in pair:
            split = pair["split"]
            wall, cpu = long.chars_per_s / split.chars_per_s, long.chars_per_cpu_s / split.chars_per_cpu_s
            verdict = "meets" if wall >= RATIO_TARGET else "BELOW"
            lines.append(f"- {size:g} MB: long/split throughput {wall:.2f} (CPU time {cpu:.2f}; {verdict} the "
                         f"{RATIO_TARGET} target); {memory}")
        else:
            lines.append(f"- {size:g} MB: {memory}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="3,50", help="document sizes in MB, comma-separated (default: 3,50)")
    parser.add_argument("--workers", type=int, default=1, help="claims batch --workers (default: 1)")
    parser.add_argument("--split-max", type=float, default=5,
                        help="run the split side only up to this size in MB (default: 5)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--words", type=int, default=400, help="mean words per generated article")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--sample-interval", type=float, default=0.1, help="RSS sampling interval, seconds")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for texts and outputs (default: temp)")
    parser.add_argument("--keep", action="store_true", help="keep texts and outputs")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    sizes = [float(part) for part in args.sizes.split(",") if part.strip()]
    log(f"{cpu_model()}; load average {load_average()}")
    sides: list[Side] = []
    with tempfile.TemporaryDirectory() as temp:
        workdir = args.workdir or Path(temp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            long_path, split_path, chars, articles = make_texts(size, workdir, args.seed, args.words)
            log(f"{size:g} MB: {chars:,} characters, {articles:,} articles")
            run = [("long", long_path)] + ([("split", split_path)] if size <= args.split_max else [])
            for name, source in run:
                sides.append(run_side(name, source, workdir / f"out-{name}-{size:g}.jsonl", size, chars, articles,
                                      args))
            if not args.keep:
                long_path.unlink()
                split_path.unlink()
    print(markdown(sides, args))
    if args.json is not None:
        args.json.write_text(json.dumps([asdict(side) for side in sides], indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
