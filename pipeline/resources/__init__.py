"""The lexicons, as data: read once, shared by the stages that need them."""

from __future__ import annotations

import csv
import json
from functools import cache
from importlib.resources import files
from typing import Any


def _text(name: str) -> str:
    return files(__name__).joinpath(name).read_text(encoding="utf-8")


@cache
def word_list(name: str) -> tuple[str, ...]:
    """A one-entry-a-line list; blank lines and ``#`` comments skipped."""
    lines = (line.strip() for line in _text(name).splitlines())
    return tuple(line for line in lines if line and not line.startswith("#"))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """A tab-separated table with a header row; ``#`` comment lines skipped."""
    lines = [line for line in _text(name).splitlines() if line.strip() and not line.startswith("#")]
    return tuple(csv.DictReader(lines, delimiter="\t"))


@cache
def json_lines(name: str) -> tuple[dict[str, Any], ...]:
    return tuple(json.loads(line) for line in _text(name).splitlines() if line.strip())


@cache
def json_data(name: str) -> Any:
    return json.loads(_text(name))
