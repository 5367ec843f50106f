"""Reading JSON lines, one way for every reader: corpora (``readers``), gold and
predictions (``evaluate``) and batch outputs (``report``, ``claims export``).

``read_lines`` gives every non-empty line's number and value, with a ``BadLine`` in
place of a line that is not JSON (or not UTF-8), so each caller decides what a bad line
means for it: an error record, a refusal, a count. A stream that itself fails (a
truncated ``.gz``) raises ``BrokenStream`` with the number of the last line read.
"""

from __future__ import annotations

import gzip
import json
import re
import sys
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any

import jsonlines

STDIN = "-"
_REASONS = (("line contains invalid json: ", "not valid JSON: "), ("line is not valid utf-8: ", "not valid UTF-8: "))


@dataclass(frozen=True, slots=True)
class BadLine:
    """A line that is not JSON; ``reason`` says why ("not valid JSON: ...")."""

    reason: str


class BrokenStream(Exception):
    """Reading the stream failed after line ``line`` (a corrupt or truncated gzip file)."""

    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def open_binary(name: str, stdin: IO[bytes] | None = None) -> IO[bytes]:
    """``name`` opened for reading bytes: ``-`` is stdin, a ``.gz`` name is decompressed."""
    if name == STDIN:
        return stdin if stdin is not None else sys.stdin.buffer
    if name.lower().endswith(".gz"):
        return gzip.open(name, "rb")  # type: ignore[return-value]
    return open(name, "rb")


def read_lines(lines: Iterable[bytes | str], first_line: int = 1) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` for every line of ``lines`` that is not blank; the value
    is the parsed JSON, or a ``BadLine``. Numbers count from ``first_line``; jsonlines
    drops a byte order mark."""
    where = [first_line - 1]
    reader = jsonlines.Reader(_counted(lines, where), loads=loads)
    while True:
        try:
            value = reader.read(skip_empty=True, allow_none=True)
        except EOFError:
            return
        except jsonlines.InvalidLineError as err:
            yield where[0], BadLine(_reason(str(err)))
            continue
        yield where[0], value


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")


def loads(line: str) -> Any:
    """One line's JSON, whatever its nesting: the standard library's parser, which stops
    at Python's recursion limit with an error, where orjson (jsonlines' pick when it is
    installed) crashes the process on a line nested deeply enough. A lone surrogate
    escape (``"\\ud800"``) is refused too: it is no text, and no record holding it
    could be written. Both come out as ``ValueError``: jsonlines reports an invalid line."""
    try:
        value = json.loads(line)
    except RecursionError:
        raise ValueError(f"nested more than {sys.getrecursionlimit():,} levels deep") from None
    if _SURROGATE_ESCAPE.search(line):  # a pair is a character; only a lone half fails
        stack = [value]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                stack.extend(item.keys())
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, str):
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError as err:
                    raise ValueError(f"a lone surrogate ({item[err.start]!r}) is not text") from None
    return value


def type_name(value: object) -> str:
    """What a JSON value is, for messages: ``null``, ``list``, ``str``, ``int``, ..."""
    return "null" if value is None else type(value).__name__


def _counted(lines: Iterable[bytes | str], where: list[int]) -> Iterator[bytes | str]:
    """The lines, with ``where[0]`` kept at the number of the last one given out."""
    try:
        for line in lines:
            where[0] += 1
            yield line
    except (EOFError, OSError, zlib.error) as err:
        raise BrokenStream(where[0], str(err) or type(err).__name__) from err


def _reason(message: str) -> str:
    """jsonlines' message in our words, without its own ``(line N)``."""
    head, sep, _ = message.rpartition(" (line ")
    reason = head if sep else message
    for prefix, ours in _REASONS:
        if reason.startswith(prefix):
            return ours + reason[len(prefix):]
    return reason
