"""PolNeAR, as its public repository lays it out, to the gold JSONL ``claims evaluate``
and ``bench/accuracy.py`` read: one article a line,
``{"id", "split", "annotator", "publisher", "text", "attributions": [...]}``.

    git clone https://github.com/networkdynamics/PolNeAR
    python3 bench/polnear.py PolNeAR -o eval/          # eval/polnear_gold_{train,dev,test}.jsonl
    python3 bench/polnear.py PolNeAR --split dev -o eval/

The clone holds ``data/metadata.tsv`` (one row an article: its split in ``compartment``,
its id in ``filename``, its annotators, comma-separated, in ``annotators``),
``data/<split>/text/<id>.txt`` and ``data/<split>/attributions/<id>_<annotator>.ann`` in
brat standoff: ``T`` lines are spans (``Label start end[;start end...]``, offsets into the
text), ``E`` lines tie an attribution's trigger to its Source, Cue and Content spans
(numbered roles such as ``Content2`` add pieces). An article annotated by several
annotators is taken once, from the first annotator listed. Each attribution gives
``source``, ``cue`` and ``content`` as ``[start, end]`` from the first piece's start to
the last piece's end (``null`` without a source), the pieces in ``*_frags`` in text
order, and ``type``: ``Attribution``, or ``Attribution-no-source``; attributions are in
the order their contents start.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SPLITS = ("train", "dev", "test")
ROLES = ("source", "cue", "content")
_ROLE = re.compile(r"^(?P<role>[A-Za-z-]+?)\d*$")


class FormatError(ValueError):
    """A file of the clone that does not read as PolNeAR's layout says."""


@dataclass(frozen=True)
class Article:
    id: str
    split: str
    annotator: str
    publisher: str


def articles(root: Path) -> list[Article]:
    """The rows of ``data/metadata.tsv``, in its order, with the first annotator of each."""
    path = root / "data" / "metadata.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    found = []
    for number, row in enumerate(rows, start=2):
        annotators = [a.strip() for a in (row.get("annotators") or "").split(",") if a.strip()]
        if not row.get("filename") or not annotators:
            raise FormatError(f"{path}, line {number}: no filename or no annotator")
        found.append(Article(row["filename"], row["compartment"], annotators[0], row["publisher"]))
    return found


def spans(text: str, ann: str, where: str) -> dict[str, tuple[str, list[list[int]]]]:
    """The ``T`` lines of an annotation file: id -> (label, pieces), each piece checked
    against the text it names."""
    found: dict[str, tuple[str, list[list[int]]]] = {}
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.startswith("T"):
            continue
        try:
            ident, middle, written = line.split("\t")
            label, _, offsets = middle.partition(" ")
            pieces = [[int(a), int(b)] for a, b in (piece.split() for piece in offsets.split(";"))]
        except ValueError as err:
            raise FormatError(f"{where}, line {number}: not a span line: {line!r}") from err
        if " ".join(text[a:b] for a, b in pieces) != written and "".join(text[a:b] for a, b in pieces) != written:
            raise FormatError(f"{where}, line {number}: {written!r} is not the text at {offsets}")
        found[ident] = (label, pieces)
    return found


def attributions(text: str, ann: str, where: str) -> list[dict]:
    """The attributions of one annotation file, in the order their contents start (ties
    in the order of their ``E`` lines)."""
    return sorted(_attributions(text, ann, where), key=lambda a: a["content"][0])


def _attributions(text: str, ann: str, where: str) -> Iterator[dict]:
    known = spans(text, ann, where)
    for number, line in enumerate(ann.splitlines(), start=1):
        if not line.startswith("E"):
            continue
        _, _, arguments = line.partition("\t")
        (trigger, _), *parts = (argument.split(":", 1) for argument in arguments.split())
        pieces: dict[str, list[list[int]]] = {role: [] for role in ROLES}
        for role, ident in parts:
            match = _ROLE.match(role)
            if match is None or match["role"].lower() not in pieces or ident not in known:
                raise FormatError(f"{where}, line {number}: unknown role or span {role}:{ident}")
            pieces[match["role"].lower()].extend(known[ident][1])
        record: dict = {}
        for role in ROLES:
            frags = pieces[role] = sorted(pieces[role])
            record[role] = [frags[0][0], frags[-1][1]] if frags else None
        for role in ROLES:
            record[f"{role}_frags"] = pieces[role] or None
        record["type"] = trigger
        yield record


def convert(root: Path, article: Article) -> dict:
    """One article of the clone as a gold line."""
    folder = root / "data" / article.split
    text_path = folder / "text" / f"{article.id}.txt"
    ann_path = folder / "attributions" / f"{article.id}_{article.annotator}.ann"
    text = text_path.read_bytes().decode("utf-8")
    ann = ann_path.read_bytes().decode("utf-8")
    return {"id": article.id, "split": article.split, "annotator": article.annotator,
            "publisher": article.publisher, "text": text,
            "attributions": attributions(text, ann, str(ann_path))}


def write_splits(root: Path, out: Path, splits: tuple[str, ...] = SPLITS) -> dict[str, int]:
    """``out/polnear_gold_<split>.jsonl`` for each split; articles written per split."""
    out.mkdir(parents=True, exist_ok=True)
    chosen = [a for a in articles(root) if a.split in splits]
    counts: dict[str, int] = {}
    handles = {}
    try:
        for article in chosen:
            if article.split not in handles:
                handles[article.split] = open(out / f"polnear_gold_{article.split}.jsonl", "w", encoding="utf-8")
            handles[article.split].write(json.dumps(convert(root, article), ensure_ascii=False) + "\n")
            counts[article.split] = counts.get(article.split, 0) + 1
    finally:
        for handle in handles.values():
            handle.close()
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("clone", type=Path, help="a clone of github.com/networkdynamics/PolNeAR")
    parser.add_argument("-o", "--out", type=Path, required=True, help="folder for polnear_gold_<split>.jsonl")
    parser.add_argument("--split", choices=SPLITS, action="append",
                        help="a split to convert (repeatable; default: all)")
    args = parser.parse_args(argv)
    if not (args.clone / "data" / "metadata.tsv").is_file():
        print(f"{args.clone} has no data/metadata.tsv: give the folder of a PolNeAR clone", file=sys.stderr)
        return 2
    try:
        counts = write_splits(args.clone, args.out, tuple(args.split or SPLITS))
    except (FormatError, OSError) as err:
        print(f"polnear: {err}", file=sys.stderr)
        return 1
    for split, count in counts.items():
        print(f"{args.out / f'polnear_gold_{split}.jsonl'}: {count} articles", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
