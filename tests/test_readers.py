"""Inputs to documents: every kind of input, and every kind of bad input, with its exact
outcome. No model is needed: these tests read, they do not process."""

from __future__ import annotations

import builtins
import codecs
import gzip
import io
import json
import os
import random
from pathlib import Path

import pytest

from pipeline.chunking import chunk_spans
from pipeline.readers import (
    InputDoc,
    JsonlSource,
    count_lines,
    decode,
    read_file,
    read_inputs,
    read_jsonl,
    read_one,
    walk,
)
from pipeline.records import ErrorRecord

DATA = Path(__file__).parent / "data"
ARTICLES = DATA / "articles"


def docs(items):
    return [item for item in items if isinstance(item, InputDoc)]


def errors(items):
    return [item for item in items if isinstance(item, ErrorRecord)]


def only_error(item) -> ErrorRecord:
    assert isinstance(item, ErrorRecord), item
    return item


def write(path: Path, data: bytes | str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.write_bytes(data)
    return path


def jsonl(*records: object) -> str:
    return "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)


# ---------------------------------------------------------------------------- inputs


def test_folder_is_recursive_sorted_and_skips_dotfiles_and_other_extensions():
    assert walk(ARTICLES) == ["markets.md", "minister.txt", "world/summit.html"]
    items = list(read_inputs([ARTICLES]))
    assert [item.doc_id for item in items] == ["markets", "minister", "world/summit"]
    assert not errors(items)
    assert items[1].path == str(ARTICLES / "minister.txt")


def test_glob_is_sorted_and_ids_are_relative_to_its_fixed_part(tmp_path):
    for name in ("b/x.txt", "a/x.txt", "a/.y.txt", "c.md"):
        write(tmp_path / name, f"Text of {name}.")
    items = list(read_inputs([str(tmp_path / "**" / "*.txt")]))
    assert [item.doc_id for item in items] == ["a/x", "b/x"]


def test_named_file_id_is_its_name_without_extension(tmp_path):
    path = write(tmp_path / "report.2024.txt", "The minister said so.")
    (item,) = read_inputs([path])
    assert item.doc_id == "report.2024"
    assert item.text == "The minister said so."


def test_inputs_that_name_nothing_are_errors_and_the_rest_is_read(tmp_path):
    path = write(tmp_path / "a.txt", "Some text.")
    items = list(read_inputs([tmp_path / "missing.txt", str(tmp_path / "*.nothing"), path]))
    first, second = errors(items)
    assert (first.error_type, first.path, first.doc_id) == ("not_found", str(tmp_path / "missing.txt"), None)
    assert "no such file or folder" in first.message
    assert second.error_type == "not_found" and "no file matches" in second.message
    assert [d.doc_id for d in docs(items)] == ["a"]


def test_same_id_twice_is_a_duplicate(tmp_path):
    one = write(tmp_path / "one" / "x.txt", "First.")
    two = write(tmp_path / "two" / "x.txt", "Second.")
    first, second = read_inputs([one, two])
    assert first.text == "First."
    assert second.error_type == "duplicate_id" and second.doc_id == "x" and second.path == str(two)


# ------------------------------------------------------------------------------ HTML


def test_html_main_text_is_extracted_as_blocks():
    item = read_file(ARTICLES / "world" / "summit.html", "summit")
    assert item.text.startswith("Summit Ends Without Deal\n\nLeaders left the summit on Friday")
    assert "\n\nWhat Comes Next\n\n- Talks resume in March.\n- Quotas stay as they are until then.\n\n" in item.text
    assert "Home" not in item.text and "Copyright" not in item.text and "<" not in item.text


def test_html_without_main_text_is_empty(tmp_path):
    path = write(tmp_path / "blank.html", "<html><body><nav>Home</nav></body></html>")
    error = only_error(read_file(path, "blank"))
    assert (error.error_type, error.message) == ("empty", "no main text found in the HTML")


def nested_html(depth: int) -> str:
    return ("<html><body>" + "<div>" * depth + "<p>The harbour master said the quay will reopen in spring.</p>"
            + "</div>" * depth + "</body></html>")


def test_deeply_nested_html_is_parsed(tmp_path):
    item = read_file(write(tmp_path / "deep.html", nested_html(400)), "deep")
    assert isinstance(item, InputDoc), item
    assert item.text == "The harbour master said the quay will reopen in spring."


def test_html_nested_deeper_than_the_parser_takes_says_so(tmp_path):
    error = only_error(read_file(write(tmp_path / "abyss.html", nested_html(3000)), "abyss"))
    assert error.error_type == "unreadable"
    assert error.message == "HTML nested more than 2,048 levels deep: more than the HTML parser takes"


# ----------------------------------------------------------------------------- JSONL


def test_jsonl_records_become_documents_with_their_ids():
    items = list(read_inputs([DATA / "corpus.jsonl"]))
    assert [(item.doc_id, item.line) for item in items] == [("c1", 1), ("c2", 2), ("3", 3), ("c4", 4), ("c5", 5)]
    assert items[0].text == "The mayor said the bridge will reopen in June."
    assert items[0].path == str(DATA / "corpus.jsonl")


def test_jsonl_keys_can_be_chosen_and_a_missing_id_is_file_and_line(tmp_path):
    path = write(tmp_path / "news.jsonl", jsonl({"uid": "a", "body": "One."}, {"body": "Two."}, "", {"uid": 7, "body": "Three."}))
    items = list(read_inputs([path], text_key="body", id_key="uid"))
    assert [(d.doc_id, d.line, d.text) for d in items] == [("a", 1, "One."), ("news:2", 2, "Two."), ("7", 4, "Three.")]


def test_gzipped_jsonl(tmp_path):
    path = tmp_path / "news.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(jsonl({"id": "g1", "text": "Zipped."}, {"id": "g2", "text": "Also zipped."}))
    assert [(d.doc_id, d.text) for d in read_inputs([path])] == [("g1", "Zipped."), ("g2", "Also zipped.")]


def test_truncated_gzip_is_reported_after_the_lines_it_gave(tmp_path):
    data = gzip.compress(jsonl(*({"id": f"t{i}", "text": f"Text {i}. " * 50} for i in range(200))).encode())
    path = write(tmp_path / "cut.jsonl.gz", data[: len(data) // 2])
    items = list(read_inputs([path]))
    error = items[-1]
    assert error.error_type == "unreadable" and "corrupt after line" in error.message
    assert len(docs(items)) == error.line - 1 > 0


def test_jsonl_from_stdin():
    stdin = io.BytesIO(jsonl({"id": "s1", "text": "From stdin."}).encode())
    (item,) = read_inputs(["-"], stdin=stdin)
    assert (item.doc_id, item.path, item.line, item.text) == ("s1", None, 1, "From stdin.")


def test_malformed_line_is_reported_with_its_number_and_the_rest_is_read(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl({"id": "a", "text": "One."}, '{"id": "b", "text": ', {"id": "c", "text": "Three."}))
    a, bad, c = read_inputs([path])
    assert (a.doc_id, c.doc_id, c.line) == ("a", "c", 3)
    assert (bad.error_type, bad.line, bad.doc_id, bad.path) == ("malformed_json", 2, None, str(path))
    assert bad.message.startswith(f"line 2 of {path}: not valid JSON")


def test_invalid_utf8_line_is_malformed(tmp_path):
    path = write(tmp_path / "c.jsonl", b'{"id": "a", "text": "caf\xe9"}\n{"id": "b", "text": "ok"}\n')
    bad, b = read_inputs([path])
    assert (bad.error_type, bad.line) == ("malformed_json", 1)
    assert "not valid UTF-8" in bad.message
    assert b.doc_id == "b"


@pytest.mark.parametrize(
    ("line", "doc_id", "message"),
    [
        ({"id": "x"}, "x", "no 'text' field"),
        ({"id": "x", "text": 42}, "x", "'text' must be a string, not int"),
        ({"id": "x", "text": None}, "x", "'text' must be a string, not null"),
        ({"id": "x", "text": ["a"]}, "x", "'text' must be a string, not list"),
        ({"id": ["x"], "text": "t"}, None, "'id' must be a non-empty string or an integer, not ['x']"),
        (["id", "text"], None, "a record must be a JSON object, not list"),
        ("null", None, "a record must be a JSON object, not null"),
        ('"just a string"', None, "a record must be a JSON object, not str"),
    ],
)
def test_invalid_records(tmp_path, line, doc_id, message):
    path = write(tmp_path / "c.jsonl", jsonl({"id": "ok", "text": "Fine."}, line))
    ok, bad = read_inputs([path])
    assert ok.doc_id == "ok"
    assert (bad.error_type, bad.line, bad.doc_id) == ("invalid_record", 2, doc_id)
    assert bad.message == f"line 2 of {path}: {message}"


def test_empty_text_in_a_record(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl({"id": "e", "text": " \n\t "}))
    (bad,) = read_inputs([path])
    assert (bad.error_type, bad.doc_id, bad.line) == ("empty", "e", 1)


def test_duplicate_ids_in_a_corpus_keep_the_first(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl({"id": "d", "text": "First."}, {"id": "e", "text": "Other."},
                                            {"id": "d", "text": "Second."}))
    first, other, dup = read_inputs([path])
    assert first.text == "First." and other.doc_id == "e"
    assert (dup.error_type, dup.doc_id, dup.line) == ("duplicate_id", "d", 3)
    assert "already used" in dup.message


@pytest.mark.parametrize("depth", [2_000, 50_000])
def test_a_line_nested_deeper_than_python_recurses_is_one_malformed_line(tmp_path, depth):
    deep = '{"id": "deep", "text": "Nested.", "meta": ' + "[" * depth + "]" * depth + "}"
    path = write(tmp_path / "c.jsonl", jsonl({"id": "a", "text": "One."}, deep, {"id": "c", "text": "Three."}))
    a, bad, c = read_inputs([path])
    assert (a.doc_id, c.doc_id, c.line) == ("a", "c", 3)
    assert (bad.error_type, bad.line, bad.doc_id) == ("malformed_json", 2, None)
    assert bad.message.startswith(f"line 2 of {path}: not valid JSON: nested more than ")


def test_a_lone_surrogate_escape_is_a_malformed_line(tmp_path):
    pair = {"id": "pair", "text": "An escaped emoji \U0001F600 is fine."}
    path = write(tmp_path / "c.jsonl", jsonl(pair, '{"id": "lone", "text": "half \\udce9 a pair"}'))
    good, bad = read_inputs([path])
    assert good.text == pair["text"]
    assert (bad.error_type, bad.line) == ("malformed_json", 2)
    assert "surrogate" in bad.message


def test_byte_ranges_of_a_corpus_keep_line_numbers(tmp_path):
    records = [{"id": f"r{i}", "text": f"Text number {i}."} for i in range(1, 31)]
    path = write(tmp_path / "c.jsonl", jsonl(*records))
    cuts = list(count_lines(str(path), range(100, path.stat().st_size, 100)))
    starts = [(0, 1), *cuts]
    got = []
    for (start, line), (end, _) in zip(starts, [*cuts, (None, None)]):
        got.extend((d.doc_id, d.line) for d in read_jsonl(JsonlSource(str(path), start, end, line)))
    assert got == [(f"r{i}", i) for i in range(1, 31)]


# -------------------------------------------------------------------- bad text files


def test_binary_file(tmp_path):
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    error = only_error(read_file(path, "photo"))
    assert (error.error_type, error.doc_id, error.path) == ("binary", "photo", str(path))
    assert error.message == "binary file: contains NUL bytes, not text"


def test_control_bytes_without_nul_are_binary_when_not_utf8(tmp_path):
    path = write(tmp_path / "blob.txt", bytes([1, 2, 3, 0xFF, 4, 5, 6, 0xFE] * 100))
    assert only_error(read_file(path, "blob")).error_type == "binary"


def test_control_bytes_without_nul_are_binary_even_when_valid_utf8(tmp_path):
    path = write(tmp_path / "blob.txt", bytes(range(1, 9)) * 500)
    error = only_error(read_file(path, "blob"))
    assert (error.error_type, error.message) == ("binary", "binary file: mostly control bytes, not text")


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("Le café était fermé, a déclaré le maire. « Nous rouvrirons », a-t-il ajouté.\n", "cp1252"),
        ("The company\u2019s chief said \u201cwe are done\u201d \u2013 and left.", "cp1252"),
        ("Компания заявила, что прибыль выросла на пять процентов, сообщил представитель.", "cp1251"),
    ],
)
def test_non_utf8_text_is_decoded_with_the_detected_encoding(tmp_path, text, encoding):
    path = write(tmp_path / "legacy.txt", text.encode(encoding))
    item = read_file(path, "legacy")
    assert isinstance(item, InputDoc)
    assert item.text == text
    assert item.encoding == encoding


def test_undecidable_encoding(tmp_path):
    rng = random.Random(3)
    data = bytes(rng.choice([0x81, 0x8D, 0x8F, 0x90, 0x9D, *range(0xA0, 0x100)]) for _ in range(400))
    error = only_error(read_file(write(tmp_path / "noise.txt", data), "noise"))
    assert (error.error_type, error.message) == ("encoding", "not UTF-8, and its encoding could not be detected")


def test_utf8_bom_is_removed(tmp_path):
    item = read_file(write(tmp_path / "bom.txt", codecs.BOM_UTF8 + "Officials said so.".encode()), "bom")
    assert item.text == "Officials said so."


def test_utf16_with_bom(tmp_path):
    item = read_file(write(tmp_path / "wide.txt", "Officials said so.\r\n".encode("utf-16")), "wide")
    assert item.text == "Officials said so.\n"


def test_line_ends_are_normalised(tmp_path):
    path = write(tmp_path / "ends.txt", b"Windows line.\r\nOld Mac line.\rUnix line.\n\r\nEnd.")
    assert read_file(path, "ends").text == "Windows line.\nOld Mac line.\nUnix line.\n\nEnd."


def test_line_ends_in_jsonl_text_are_normalised_too(tmp_path):
    path = write(tmp_path / "c.jsonl", jsonl({"id": "a", "text": "One.\r\nTwo.\rThree."}))
    (item,) = read_inputs([path])
    assert item.text == "One.\nTwo.\nThree."


@pytest.mark.parametrize(("data", "message"), [(b"", "empty file"),
                                               (b" \n\t\r\n  ", "no text: the file is empty or whitespace only")])
def test_empty_and_whitespace_only(tmp_path, data, message):
    error = only_error(read_file(write(tmp_path / "e.txt", data), "e"))
    assert (error.error_type, error.message) == ("empty", message)


def test_unreadable_file(tmp_path, monkeypatch):
    path = write(tmp_path / "locked.txt", "Secret.")
    real_open = builtins.open

    def locked(file, *args, **kwargs):
        if os.fspath(file) == str(path):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", locked)
    error = only_error(read_file(path, "locked"))
    assert (error.error_type, error.message) == ("unreadable", f"permission denied: {path}")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_for_real(tmp_path):
    path = write(tmp_path / "locked.txt", "Secret.")
    path.chmod(0)
    assert only_error(read_file(path, "locked")).error_type == "unreadable"


def test_broken_symlink_in_a_folder(tmp_path):
    write(tmp_path / "good.txt", "Good text.")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "nowhere.txt")
    items = list(read_inputs([tmp_path]))
    error = only_error(items[0])
    assert (error.error_type, error.doc_id) == ("not_found", "gone")
    assert error.message == f"broken symbolic link: {tmp_path / 'gone.txt'} -> {tmp_path / 'nowhere.txt'} does not exist"
    assert items[1].text == "Good text."


def test_symlink_loops(tmp_path):
    write(tmp_path / "a" / "good.txt", "Good text.")
    (tmp_path / "a" / "loop.txt").symlink_to("loop.txt")
    (tmp_path / "a" / "back").symlink_to(tmp_path / "a")  # a folder that contains itself
    items = list(read_inputs([tmp_path]))
    assert [item.doc_id for item in items] == ["a/good", "a/loop"]
    error = only_error(items[1])
    assert error.error_type == "unreadable" and "symbolic link loop" in error.message


def test_a_folder_that_cannot_be_listed(tmp_path, monkeypatch):
    write(tmp_path / "open" / "a.txt", "Readable.")
    write(tmp_path / "shut" / "b.txt", "Hidden by permissions.")
    real_scandir = os.scandir

    def scandir(path):
        if os.fspath(path).endswith("shut"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    doc, error = read_inputs([tmp_path])
    assert doc.doc_id == "open/a"
    assert (error.error_type, error.path) == ("unreadable", str(tmp_path / "shut"))
    assert error.message == f"cannot list folder {tmp_path / 'shut'}: Permission denied"


def test_a_file_name_that_is_not_utf8_is_read_under_an_escaped_name(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.txt").write_text("Plain name.")
    with open(os.path.join(os.fsencode(folder), b"caf\xe9.txt"), "wb") as handle:
        handle.write(b"The mayor said the bridge will close.")
    odd, plain = read_inputs([folder])
    assert (odd.doc_id, odd.path, odd.text) == ("caf\\xe9", f"{folder}/caf\\xe9.txt", "The mayor said the bridge will close.")
    assert plain.doc_id == "plain"
    json.dumps([odd.doc_id, odd.path], ensure_ascii=False).encode("utf-8")  # writable as it is


def test_a_huge_file_is_read_not_refused(tmp_path):
    paragraph = "The minister said the harbour would be dredged before the winter storms. " * 20 + "\n\n"
    text = paragraph * (50_000_000 // len(paragraph) + 1)
    item = read_file(write(tmp_path / "huge.txt", text), "huge")
    assert isinstance(item, InputDoc) and len(item.text) == len(text) >= 50_000_000


def test_unusual_characters_pass_through_untouched(tmp_path):
    text = ("Zero\u200bwidth\u200d joiners, cafe\u0301 with a combining accent, emoji \U0001F469\u200d\U0001F4BB "
            "and \U0001F1EB\U0001F1F7, Hebrew \u05e9\u05dc\u05d5\u05dd \u202bembedded\u202c, Arabic "
            "\u0645\u0631\u062d\u0628\u0627, controls \x07\x1b[0m\x0c\x0b and a \u2028 line separator.")
    item = read_file(write(tmp_path / "odd.txt", text), "odd")
    assert item.text == text


# ------------------------------------------------------------------------- read_one


def test_read_one_file_and_stdin(tmp_path):
    path = write(tmp_path / "story.md", "# Title\n\nHe said so.")
    assert read_one(path).doc_id == "story"
    assert read_one(path, doc_id="mine").doc_id == "mine"
    item = read_one("-", stdin=io.BytesIO(b"Plain text\r\non stdin."))
    assert (item.doc_id, item.path, item.text) == ("stdin", None, "Plain text\non stdin.")
    assert only_error(read_one("-", stdin=io.BytesIO(b""))).error_type == "empty"


def test_read_one_refuses_a_corpus():
    with pytest.raises(ValueError, match="claims batch"):
        read_one(DATA / "corpus.jsonl")


def test_decode_reports_undecodable_bom():
    with pytest.raises(Exception, match="byte order mark"):
        decode(codecs.BOM_UTF8 + b"\xff\xfe bad")


# ------------------------------------------------------------------------- chunking


@pytest.mark.parametrize("size", [7, 20, 64, 1000])
def test_chunks_cover_the_text_within_the_size(size):
    text = ("First paragraph, first line.\nSecond line here.\n\nSecond paragraph. It has two sentences!\n\n"
            "Averyveryverylongwordwithoutanyspaceatallinit\u0301 end.")
    spans = list(chunk_spans(text, size))
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(spans, spans[1:]))
    assert all(0 < end - start <= size for start, end in spans)
    assert "".join(text[s:e] for s, e in spans) == text


def test_chunks_prefer_blank_lines_then_lines_then_sentences_then_spaces():
    text = "Para one.\n\nPara two line one.\nLine two. Sentence two here."
    assert [text[start:end] for start, end in chunk_spans(text, 25)] == [
        "Para one.\n\n", "Para two line one.\n", "Line two. ", "Sentence two here."]
    words = "One two three four"
    assert [words[start:end] for start, end in chunk_spans(words, 10)] == ["One two ", "three four"]


def test_chunks_never_split_a_word_when_there_is_space():
    words = "alpha beta gamma delta epsilon zeta eta theta iota kappa " * 20
    for start, end in chunk_spans(words, 23):
        assert start == 0 or words[start - 1] == " "


def test_a_word_longer_than_a_chunk_is_cut_but_not_before_a_combining_mark():
    text = "e\u0301" * 30
    spans = list(chunk_spans(text, 9))
    assert all(not "\u0300" <= text[start] <= "\u036f" for start, _ in spans)
