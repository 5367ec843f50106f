"""Inputs to documents: files, folders, globs and JSONL corpora become a stream of
``InputDoc(doc_id, path, text)``, and every input that cannot be read becomes an
``ErrorRecord`` in its place, so a batch reports it and goes on.

The text of an ``InputDoc`` is the document text the whole pipeline works on, and every
offset in the output is an offset into it. It is the input decoded (UTF-8, or the
encoding detected by charset-normalizer), with a UTF-8 byte order mark removed and every
line end (``\\r\\n`` and a lone ``\\r``) normalised to ``\\n``; nothing else is touched:
zero-width characters, combining marks, emoji, right-to-left script and control
characters stay exactly as they were. For HTML it is the main text that trafilatura
extracts (headings, paragraphs and list items as blocks separated by blank lines).

``error_type`` names are stable:

* ``not_found``: no such file, a glob that matches nothing, a broken symbolic link;
* ``unreadable``: permission denied, a symbolic link loop, a corrupt gzip stream, any
  other I/O error, HTML that the extractor fails on or that is nested deeper than the
  HTML parser goes (2,048 levels);
* ``binary``: NUL bytes or mostly control bytes, not text (also when valid UTF-8);
* ``encoding``: not UTF-8, and no encoding could be detected;
* ``empty``: no text, or whitespace only (for HTML: no main text found);
* ``malformed_json``: a JSONL line that is not JSON (``line`` is its 1-based number), is
  nested deeper than Python's recursion limit, or escapes a lone surrogate (``\\ud800``:
  not text, and no JSON line with it could be written);
* ``invalid_record``: a JSONL line that is JSON but not ``{"id": ..., "text": "..."}``;
* ``duplicate_id``: a doc_id seen before in the same run (the first one is kept).

A file name that is not valid UTF-8 is read all the same; its doc_id and path show the
bytes that are not as ``\\xNN`` escapes (``caf\\xe9.txt``), so that every record can be
written as JSON.
"""

from __future__ import annotations

import codecs
import errno
import glob
import io
import logging
import os
import sys
from collections.abc import Container, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from pipeline.jsonl import STDIN, BadLine, BrokenStream, open_binary, read_lines, type_name
from pipeline.records import ErrorRecord

log = logging.getLogger(__name__)

TEXT_SUFFIXES = (".txt", ".text", ".md", ".markdown")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")
ARTICLE_SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES
SUPPORTED_SUFFIXES = ARTICLE_SUFFIXES + JSONL_SUFFIXES
"""Files a folder contributes; other files in a folder are skipped (named files and glob
matches are read whatever their extension: as text unless HTML or JSONL)."""

_GLOB_MAGIC = frozenset("*?[")
_BINARY_SAMPLE = 8192
_CONTROL_BYTES = frozenset(range(0x20)) - frozenset(b"\t\n\r\x0c\x0b\x1b") | {0x7F}


@dataclass(frozen=True, slots=True)
class InputDoc:
    """One article to process: its id, where it came from, and its text."""

    doc_id: str
    path: str | None
    text: str
    line: int | None = None
    """1-based line of a JSONL corpus, when the document is one line of it."""
    encoding: str = "utf-8"
    """The encoding the text was decoded from, when it was detected rather than UTF-8."""


Item = InputDoc | ErrorRecord


class ReadError(Exception):
    """An input that cannot become a document; carries the stable ``error_type``."""

    def __init__(self, error_type: str, message: str) -> None:
        super().__init__(message)
        self.error_type = error_type
        self.message = message


# --------------------------------------------------------------------------- kinds


def is_jsonl(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(JSONL_SUFFIXES)


def is_html(path: str | os.PathLike[str]) -> bool:
    return str(path).lower().endswith(HTML_SUFFIXES)


def strip_suffix(name: str) -> str:
    """``a/b.txt`` -> ``a/b``, ``c.jsonl.gz`` -> ``c``, ``notes`` -> ``notes``."""
    lower = name.lower()
    for suffix in sorted(SUPPORTED_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    head, _, base = name.rpartition("/")
    stem = Path(base).stem or base
    return f"{head}/{stem}" if head else stem


# ------------------------------------------------------------------------ decoding


def normalise_newlines(text: str) -> str:
    """``\\r\\n`` and lone ``\\r`` to ``\\n``; offsets refer to the text after this."""
    if "\r" not in text:
        return text
    return text.replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes) -> tuple[str, str]:
    """``data`` as text, and the encoding it was read with; raises ``ReadError``.

    UTF-8 (a byte order mark is dropped) and UTF-16/32 with a byte order mark are taken as
    they are. Otherwise NUL bytes or a high share of control bytes mean ``binary`` (control
    bytes are ASCII, so such a file is valid UTF-8 too); other text is UTF-8 or is decoded
    with the encoding charset-normalizer detects. On short Western texts
    it confuses cp1252 with Central European code pages, so cp1252 is tried first and
    taken when charset-normalizer's own measure finds its decoding clean.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "")
            except UnicodeDecodeError as err:
                raise ReadError(
                    "encoding", f"starts with a {codec} byte order mark but is not valid {codec}: {err.reason}"
                ) from err
    if b"\x00" in data:
        raise ReadError("binary", "binary file: contains NUL bytes, not text")
    sample = data[:_BINARY_SAMPLE]
    if sum(byte in _CONTROL_BYTES for byte in sample) > len(sample) * 0.1:
        raise ReadError("binary", "binary file: mostly control bytes, not text")  # valid UTF-8 or not
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    return _detect(data)


def _detect(data: bytes) -> tuple[str, str]:
    from charset_normalizer import from_bytes
    from charset_normalizer.md import mess_ratio

    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        pass
    else:
        if mess_ratio(text[:65536], 1.0) < 0.1:
            return text, "cp1252"
    best = from_bytes(
        data, cp_exclusion=["utf_16", "utf_16_be", "utf_16_le", "utf_32", "utf_32_be", "utf_32_le"]
    ).best()
    if best is None:
        raise ReadError("encoding", "not UTF-8, and its encoding could not be detected")
    return str(best), best.encoding


def text_of(data: bytes, *, html: bool) -> tuple[str, str]:
    """Decode ``data`` (and extract the main text of HTML); normalise line ends; refuse
    empty text. Returns ``(text, encoding)``; raises ``ReadError``."""
    if not data:
        raise ReadError("empty", "empty file")
    text, encoding = decode(data)
    if html:
        text = html_text(text)
        if not text.strip():
            raise ReadError("empty", "no main text found in the HTML")
    text = normalise_newlines(text)
    if not text.strip():
        raise ReadError("empty", "no text: the file is empty or whitespace only")
    return text, encoding


def html_text(html: str) -> str:
    """The main text of an HTML page: trafilatura's extraction, rendered as plain text
    with headings, paragraphs, quotations and tables as blocks separated by blank lines
    and list items one per line (``- item``). Offsets refer to this text."""
    text = _extract(html)
    if not text and _too_deep(html, huge=False):
        # libxml2 stops at 256 levels by default and keeps only what came before; with
        # ``huge_tree`` it goes to 2,048. Only pages that need it are parsed twice.
        if _too_deep(html, huge=True):
            raise ReadError("unreadable", f"HTML nested more than {_HUGE_DEPTH:,} levels deep: "
                            "more than the HTML parser takes")
        text = _extract(_parse_html(html, huge=True)[0])
    return text


_HUGE_DEPTH = 2048


def _parse_html(html: str, *, huge: bool):
    """The tree and the parser's errors, with trafilatura's own parser settings."""
    from lxml.html import HTMLParser, fromstring

    parser = HTMLParser(collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True,
                        remove_pis=True, huge_tree=huge)
    try:
        tree = fromstring(html.encode("utf-8", "surrogatepass"), parser=parser)
    except Exception as err:  # lxml's own refusals (an empty document, ...)
        raise ReadError("unreadable", f"HTML extraction failed: {type(err).__name__}: {err}") from err
    return tree, parser.error_log


def _too_deep(html: str, *, huge: bool) -> bool:
    try:
        _, errors = _parse_html(html, huge=huge)
    except ReadError:
        return False  # not HTML lxml takes at all: not a matter of depth
    return any("Excessive depth" in error.message for error in errors)


def _extract(html) -> str:
    import trafilatura

    try:
        result = trafilatura.bare_extraction(
            html, include_comments=False, include_tables=True, include_formatting=True, with_metadata=False
        )
    except Exception as err:  # the extractor's failures are many and undocumented
        raise ReadError("unreadable", f"HTML extraction failed: {type(err).__name__}: {err}") from err
    body = getattr(result, "body", None)
    if body is None:
        return ""
    blocks = [block for element in body for block in _blocks(element)]
    return "\n\n".join(block for block in blocks if block.strip())


def _blocks(element) -> list[str]:
    tag = element.tag
    if tag == "list":
        return ["\n".join(_items(element))]
    if tag == "table":
        rows = [" | ".join(_inline(cell).strip() for cell in row) for row in element.iter("row")]
        return ["\n".join(row for row in rows if row.strip())]
    return [_inline(element).strip()]


def _items(element, depth: int = 0) -> list[str]:
    lines = []
    for item in element:
        if item.tag != "item":
            continue
        nested = [child for child in item if child.tag == "list"]
        text = _inline(item, skip=nested).strip()
        if text:
            lines.append("  " * depth + "- " + text)
        for sub in nested:
            lines.extend(_items(sub, depth + 1))
    return lines


def _inline(element, skip: list | tuple = ()) -> str:
    parts = [element.text or ""]
    for child in element:
        if child in skip:
            parts.append(child.tail or "")
            continue
        if child.tag == "lb":
            parts.append("\n")
        else:
            parts.append(_inline(child))
        parts.append(child.tail or "")
    return "".join(parts)


# ------------------------------------------------------------------------- reading


def _error(error_type: str, message: str, *, doc_id: str | None = None, path: str | None = None,
           line: int | None = None) -> ErrorRecord:
    return ErrorRecord(doc_id=doc_id and printable(doc_id), path=path and printable(path), line=line,
                       error_type=error_type, message=printable(message))


def _os_error(err: OSError, path: str) -> ReadError:
    if isinstance(err, FileNotFoundError):
        if os.path.islink(path):
            return ReadError("not_found", f"broken symbolic link: {path} -> {os.readlink(path)} does not exist")
        return ReadError("not_found", f"no such file: {path}")
    if isinstance(err, PermissionError):
        return ReadError("unreadable", f"permission denied: {path}")
    if err.errno == errno.ELOOP:
        return ReadError("unreadable", f"symbolic link loop: {path} never reaches a file")
    if isinstance(err, IsADirectoryError):
        return ReadError("unreadable", f"is a directory: {path}")
    return ReadError("unreadable", f"cannot read {path}: {err.strerror or err}")


def printable(name: str) -> str:
    """A file name as records show it: bytes that are not UTF-8 (which Python keeps as
    lone surrogates) as ``\\xNN`` escapes."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return os.fsencode(name).decode("utf-8", "backslashreplace")
    return name


def read_file(path: str | os.PathLike[str], doc_id: str) -> Item:
    """One text, Markdown or HTML file as a document, or the error that prevents it."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
        text, encoding = text_of(data, html=is_html(name))
    except OSError as err:
        read_error = _os_error(err, name)
        return _error(read_error.error_type, read_error.message, doc_id=doc_id, path=name)
    except ReadError as err:
        return _error(err.error_type, err.message, doc_id=doc_id, path=name)
    if encoding not in ("utf-8", "utf-16", "utf-32"):
        log.info("%s: not UTF-8, decoded as %s", printable(name), encoding)
    return InputDoc(doc_id=printable(doc_id), path=printable(name), text=text, encoding=encoding)


def read_one(path_or_dash: str | os.PathLike[str], doc_id: str | None = None,
             stdin: BinaryIO | None = None) -> Item:
    """The single article of ``claims extract``: a file, or ``-`` for plain text on stdin.

    ``doc_id`` defaults to the file name without its extension (``stdin`` for ``-``).
    A JSONL corpus is a batch job: it raises ``ValueError``.
    """
    name = os.fspath(path_or_dash)
    if name == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        doc_id = doc_id or "stdin"
        try:
            text, encoding = text_of(stream.read(), html=False)
        except ReadError as err:
            return _error(err.error_type, err.message, doc_id=doc_id, path=None)
        return InputDoc(doc_id=doc_id, path=None, text=text, encoding=encoding)
    if is_jsonl(name):
        raise ValueError(f"{name} is a JSONL corpus: use `claims batch` for many documents")
    return read_file(name, doc_id or strip_suffix(os.path.basename(name)))


# ------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class FileSource:
    """A file that is one document."""

    path: str
    doc_id: str


@dataclass(frozen=True, slots=True)
class JsonlSource:
    """A JSONL corpus (``path`` is ``-`` for stdin), optionally one byte range of it."""

    path: str
    start: int = 0
    end: int | None = None
    first_line: int = 1


Source = FileSource | JsonlSource


def expand(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[Source | ErrorRecord]:
    """Each input as the files it stands for, in a stable order: ``-`` (JSONL on stdin);
    a folder, recursively, sorted by relative path, dotfiles and dot-folders skipped,
    only files with a supported extension; a glob, sorted; or a file. Inputs that name
    nothing become ``not_found`` errors."""
    for raw in inputs:
        name = os.fspath(raw)
        if name == STDIN:
            yield JsonlSource(STDIN)
        elif os.path.isdir(name):
            yield from _folder(name, name)
        elif os.path.lexists(name):
            yield _source(name, strip_suffix(os.path.basename(name)))
        elif _GLOB_MAGIC & set(name):
            matches = sorted(glob.glob(name, recursive=True))
            if not matches:
                yield _error("not_found", f"no file matches {name}", path=name)
            base = _glob_base(name)
            for match in matches:
                if os.path.isdir(match):
                    yield from _folder(match, base)
                else:
                    yield _source(match, strip_suffix(_relative(match, base)))
        else:
            yield _error("not_found", f"no such file or folder: {name}", path=name)


def reader_of(inputs: Iterable[str | os.PathLike[str]], path: str | os.PathLike[str]) -> str | None:
    """The input (as given) that would read the file ``path``: the same file named, or
    matched by a glob, or under a folder with a name a folder's reading takes; links
    resolved. ``None`` if no input reads it (or it does not exist and none names it)."""
    for raw in inputs:
        name = os.fspath(raw)
        if name == STDIN:
            continue
        if os.path.isdir(name):
            if _in_folder(name, path):
                return name
        elif os.path.lexists(name) or not _GLOB_MAGIC & set(name):
            if same_file(name, path):
                return name
        else:
            for match in glob.glob(name, recursive=True):
                if _in_folder(match, path) if os.path.isdir(match) else same_file(match, path):
                    return name
    return None


def same_file(one: str | os.PathLike[str], other: str | os.PathLike[str]) -> bool:
    """The same file, after links are resolved (also when one of them does not exist yet)."""
    try:
        return os.path.samefile(one, other)
    except OSError:
        return os.path.realpath(one) == os.path.realpath(other)


def _in_folder(folder: str, path: str | os.PathLike[str]) -> bool:
    relative = Path(os.path.relpath(os.path.realpath(path), os.path.realpath(folder)))
    return (relative.parts[:1] != ("..",) and not any(part.startswith(".") for part in relative.parts)
            and relative.name.lower().endswith(ARTICLE_SUFFIXES))


def _folder(folder: str, base: str) -> Iterator[Source | ErrorRecord]:
    problems: list[tuple[str, str]] = []
    for relative in walk(folder, problems):
        full = os.path.join(folder, relative)
        yield _source(full, strip_suffix(relative if folder == base else _relative(full, base)))
    for path, message in problems:
        yield _error("unreadable", message, path=path)


def _source(path: str, doc_id: str) -> Source:
    return JsonlSource(path) if is_jsonl(path) else FileSource(path, printable(doc_id))


def _glob_base(pattern: str) -> str:
    parts = Path(pattern).parts
    fixed = []
    for part in parts[:-1]:
        if _GLOB_MAGIC & set(part):
            break
        fixed.append(part)
    return os.path.join(*fixed) if fixed else "."


def _relative(path: str, base: str) -> str:
    return Path(os.path.relpath(path, base)).as_posix()


def walk(folder: str | os.PathLike[str], problems: list[tuple[str, str]] | None = None) -> list[str]:
    """Relative POSIX paths of the supported files under ``folder``, sorted; names that
    start with a dot are skipped, symbolic links to folders are followed once (a link
    back to an ancestor is not), links to files are kept even when broken or looping
    so that reading them reports why. Folders that cannot be listed are skipped and
    noted in ``problems`` as ``(path, message)``."""
    found: list[str] = []
    seen: set[str] = set()

    def visit(directory: str, prefix: str) -> None:
        real = os.path.realpath(directory)
        if real in seen:
            log.warning("%s: folder already visited through a symbolic link; skipped", directory)
            return
        seen.add(real)
        try:
            entries = list(os.scandir(directory))
        except OSError as err:
            message = f"cannot list folder {directory}: {err.strerror or err}"
            log.warning("%s", message)
            if problems is not None:
                problems.append((directory, message))
            return
        for entry in entries:
            if entry.name.startswith("."):
                continue
            relative = f"{prefix}{entry.name}"
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                visit(entry.path, relative + "/")
                continue
            if not entry.name.lower().endswith(ARTICLE_SUFFIXES):
                continue  # a JSONL corpus is named, never picked up from a folder of articles
            if entry.is_symlink() or entry.is_file():
                found.append(relative)

    visit(os.fspath(folder), "")
    return sorted(found)


# --------------------------------------------------------------------------- JSONL


def _lines(stream: BinaryIO, start: int, end: int | None) -> Iterator[bytes]:
    """The lines of ``stream`` from byte ``start`` up to (not including) the line that
    starts at or after ``end``."""
    position = start
    if start:
        stream.seek(start)
    for line in stream:
        if end is not None and position >= end:
            return
        position += len(line)
        yield line


def read_jsonl(source: JsonlSource, *, text_key: str = "text", id_key: str = "id",
               stdin: BinaryIO | None = None) -> Iterator[Item]:
    """The records of a JSONL corpus as documents; each bad line as an error with its
    line number. A record's doc_id is its ``id_key`` (a string or an integer); without
    one, ``<file name>:<line>``."""
    path = source.path
    shown = None if path == STDIN else printable(path)
    stem = "stdin" if path == STDIN else strip_suffix(os.path.basename(path))
    try:
        stream = open_binary(path, stdin)
    except OSError as err:
        read_error = _os_error(err, path)
        yield _error(read_error.error_type, read_error.message, path=shown)
        return
    try:
        for line, value in read_lines(_lines(stream, source.start, source.end), source.first_line):
            if isinstance(value, BadLine):
                yield _error("malformed_json", f"line {line} of {shown or '<stdin>'}: {value.reason}",
                             path=shown, line=line)
            else:
                yield _record(value, line, shown, stem, text_key, id_key)
    except BrokenStream as err:
        yield _error("unreadable", f"{shown or '<stdin>'} is corrupt after line {err.line}: {err.reason}",
                     path=shown, line=err.line + 1)
    finally:
        if path != STDIN:
            stream.close()


def _record(value: object, line: int, path: str | None, stem: str, text_key: str, id_key: str) -> Item:
    where = f"line {line} of {path or '<stdin>'}"
    if not isinstance(value, dict):
        return _error("invalid_record", f"{where}: a record must be a JSON object, not {type_name(value)}",
                      path=path, line=line)
    raw_id = value.get(id_key)
    if raw_id is None:
        doc_id = f"{stem}:{line}"
    elif isinstance(raw_id, str) and raw_id:
        doc_id = raw_id
    elif isinstance(raw_id, int) and not isinstance(raw_id, bool):
        doc_id = str(raw_id)
    else:
        return _error("invalid_record", f"{where}: {id_key!r} must be a non-empty string or an integer, "
                      f"not {raw_id!r}", path=path, line=line)
    if text_key not in value:
        return _error("invalid_record", f"{where}: no {text_key!r} field", doc_id=doc_id, path=path, line=line)
    text = value[text_key]
    if not isinstance(text, str):
        return _error("invalid_record", f"{where}: {text_key!r} must be a string, not {type_name(text)}",
                      doc_id=doc_id, path=path, line=line)
    text = normalise_newlines(text)
    if not text.strip():
        return _error("empty", f"{where}: {text_key!r} is empty or whitespace only",
                      doc_id=doc_id, path=path, line=line)
    return InputDoc(doc_id=doc_id, path=path, text=text, line=line)


# ------------------------------------------------------------------------- streams


def read_source(source: Source, *, text_key: str = "text", id_key: str = "id",
                stdin: BinaryIO | None = None, skip: Container[str] = frozenset(),
                seen: set[str] | None = None) -> Iterator[Item]:
    """The documents of one source, with ``duplicate_id`` errors for ids already in
    ``seen`` (which this updates) and the ids in ``skip`` passed over unread."""
    seen = set() if seen is None else seen
    if isinstance(source, FileSource):
        if source.doc_id in seen:
            yield duplicate_error(source.doc_id, source.path, None)
            return
        seen.add(source.doc_id)
        if source.doc_id not in skip:
            yield read_file(source.path, source.doc_id)
        return
    for item in read_jsonl(source, text_key=text_key, id_key=id_key, stdin=stdin):
        doc_id = item.doc_id
        if doc_id is not None:  # an id is used once its record is read, even when the record is bad
            if doc_id in seen:
                yield duplicate_error(doc_id, item.path, item.line)
                continue
            seen.add(doc_id)
            if doc_id in skip:
                continue
        yield item


def duplicate_error(doc_id: str, path: str | None, line: int | None) -> ErrorRecord:
    """The error for a document whose id an earlier document has."""
    where = f"line {line} of {path or '<stdin>'}" if line is not None else (path or doc_id)
    return _error("duplicate_id", f"{where}: doc_id {doc_id!r} was already used by an earlier document; "
                  "this one is skipped", doc_id=doc_id, path=path, line=line)


def read_inputs(inputs: Iterable[str | os.PathLike[str]], *, text_key: str = "text", id_key: str = "id",
                stdin: BinaryIO | None = None, skip: Container[str] = frozenset()) -> Iterator[Item]:
    """Every document of ``inputs`` (files, folders, globs, JSONL corpora, ``-``), one at a
    time and in a stable order, with an error record in place of each one that fails.

    Nothing is read ahead: memory holds one document (and the set of ids seen, to report
    duplicates). ids in ``skip`` (done in an earlier run) are not read again."""
    seen: set[str] = set()
    for source in expand(inputs):
        if isinstance(source, ErrorRecord):
            yield source
            continue
        yield from read_source(source, text_key=text_key, id_key=id_key, stdin=stdin, skip=skip, seen=seen)


def count_lines(path: str, boundaries: Iterable[int]) -> Iterator[tuple[int, int]]:
    """For each byte offset in ``boundaries`` (ascending), moved forward to the next line
    start: ``(offset, number of that line)``. Used to cut a JSONL file into byte ranges."""
    with open(path, "rb") as handle:
        line = 1
        position = 0
        for boundary in boundaries:
            while position < boundary:
                chunk = handle.read(min(1 << 20, boundary - position))
                if not chunk:
                    break
                line += chunk.count(b"\n")
                position += len(chunk)
            if position and not _at_line_start(handle, position):
                rest = handle.readline()
                position += len(rest)
                line += rest.endswith(b"\n")
            yield position, line


def _at_line_start(handle: io.BufferedReader, position: int) -> bool:
    handle.seek(position - 1)
    at_start = handle.read(1) == b"\n"
    handle.seek(position)
    return at_start

