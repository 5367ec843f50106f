"""One JSONL reader for corpora, gold files and batch outputs (``pipeline.jsonl``): the
same line numbers and the same words for a bad line, whoever reads it."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from pipeline.evaluate import InputError, read_gold
from pipeline.jsonl import BadLine, BrokenStream, open_binary, read_lines
from pipeline.readers import read_inputs
from pipeline.records import ErrorRecord
from pipeline.report import read_batch


def test_values_with_their_line_numbers():
    lines = [b'{"a": 1}\n', b"\n", b"   \n", b"[1, 2]\n", b"null\n", b'"x"\n']
    assert list(read_lines(lines)) == [(1, {"a": 1}), (4, [1, 2]), (5, None), (6, "x")]


def test_numbers_count_from_first_line():
    assert list(read_lines(['{"a": 1}\n', '{"b": 2}\n'], first_line=40)) == [(40, {"a": 1}), (41, {"b": 2})]


def test_a_bad_line_is_named_and_the_rest_is_read():
    values = list(read_lines([b'{"a": 1}\n', b'{"b": \n', b'caf\xe9\n', b'{"c": 3}\n']))
    assert [line for line, _ in values] == [1, 2, 3, 4]
    assert values[1][1].reason.startswith("not valid JSON: ")
    assert values[2][1].reason.startswith("not valid UTF-8: ")
    assert not any("(line" in v.reason for _, v in values if isinstance(v, BadLine))
    assert values[3] == (4, {"c": 3})


def test_a_byte_order_mark_before_the_first_line_is_dropped():
    assert list(read_lines([b'\xef\xbb\xbf{"a": 1}\n'])) == [(1, {"a": 1})]
    assert list(read_lines(['\ufeff{"a": 1}\n'])) == [(1, {"a": 1})]


def test_a_truncated_gzip_raises_with_the_last_line_read(tmp_path: Path):
    data = gzip.compress(b"".join(json.dumps({"n": n}).encode() + b"\n" for n in range(2000)))
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    with open_binary(str(path)) as stream:
        read = []
        with pytest.raises(BrokenStream) as caught:
            for line, value in read_lines(stream):
                read.append(line)
    assert caught.value.line == read[-1] > 0


BAD_THIRD_LINE = b'{"id": "a", "text": "One.", "attributions": []}\n\n{"id": "b", "text": \n'


def test_every_reader_names_the_same_bad_line_the_same_way(tmp_path: Path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(BAD_THIRD_LINE)
    corpus_error = [item for item in read_inputs([path]) if isinstance(item, ErrorRecord)][0]
    problem = [item for _, item in read_batch(path) if getattr(item, "kind", None) == "malformed_json"][0]
    with pytest.raises(InputError) as gold_error:
        read_gold(path)
    assert (corpus_error.line, problem.line, gold_error.value.line) == (3, 3, 3)
    assert corpus_error.message.startswith(f"line 3 of {path}: not valid JSON: ")
    assert problem.message.startswith("not valid JSON: ")
    assert str(gold_error.value).startswith(f"{path}, line 3: not valid JSON: ")


def test_gold_may_be_gzipped(tmp_path: Path):
    doc = {"id": "g", "text": "Ann said it rained.", "attributions": []}
    path = tmp_path / "gold.jsonl.gz"
    path.write_bytes(gzip.compress(json.dumps(doc).encode() + b"\n"))
    assert [d.id for d in read_gold(path)] == ["g"]
