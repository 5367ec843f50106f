"""Who is cited how often: a batch output (JSON lines of claim, document and error
records) summed up into one ``Report``, so ``--format json`` is its dump and the HTML and
Markdown pages (``pipeline.render``) only lay it out.

The input is read as a stream and tallied; memory grows with the number of distinct
sources, cues and documents, not with the number of claims (beyond a set of claim ids,
kept so a claim written twice, by a resumed batch or a document record beside its claim
records, is counted once). Lines that are not JSON and JSON that is not a record are
counted and listed by line number, never fatal.

Shares of anonymous and impersonal attributions are taken over *attributed* claims: a
claim the article makes in its own voice (source type ``author``) is not an attribution.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import IO, Literal, get_args

from pydantic import BaseModel, Field, ValidationError

from pipeline.jsonl import STDIN, BadLine, BrokenStream, open_binary, read_lines, type_name
from pipeline.records import SCHEMA_VERSION, Claim, Document, ErrorRecord, Quantity, SourceType
from pipeline.referents.names import merge_key
from pipeline.resources import word_list

SOURCE_TYPES: tuple[str, ...] = get_args(SourceType)
ATTRIBUTION_TYPES: tuple[str, ...] = tuple(t for t in SOURCE_TYPES if t != "author")
"""Source types of attributed claims: every type but the article's own voice."""

PRONOUNS = frozenset(
    "i me we us you he him she her it they them this that these those one someone somebody".split()
)
UNRESOLVED_PRONOUN = "(unresolved pronoun)"
MEASURES = frozenset({"MONEY", "PERCENT", "QUANTITY", "CARDINAL"})
"""Entity labels of amounts a fact-checker can check; dates, times and ranks ("first",
"the worst") are not counted as quantities in the report."""
_WORD = re.compile(r"[a-z]+")
_LEADING_ARTICLE = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


# ---------------------------------------------------------------------- the summary


class Summary(BaseModel):
    pass


class SourceCount(Summary):
    name: str = Field(description="The resolved entity, else the mention, in its most frequent spelling.")
    type: SourceType = Field(description="The source type it is given most often.")
    types: dict[str, int] = Field(description="Claims per source type, when the mention was typed differently.")
    claims: int
    documents: int = Field(description="Documents that cite it.")


class CueCount(Summary):
    lemma: str
    count: int
    form: str = Field(description="Its most frequent grammatical form (verb, prepositional, ...).")
    examples: list[str] = Field(description="Its most frequent spellings in the articles.")


class DocumentStats(Summary):
    doc_id: str
    claims: int
    attributed: int
    anonymous: int
    impersonal: int
    anonymous_share: float | None = Field(description="anonymous / attributed; None without attributions.")
    impersonal_share: float | None = Field(description="impersonal / attributed; None without attributions.")


class QuantityClaim(Summary):
    doc_id: str
    claim_id: str
    source: str | None
    source_type: SourceType
    quantities: list[str]
    text: str


class StanceClaim(Summary):
    doc_id: str
    claim_id: str
    source: str | None
    source_type: SourceType
    stance: Literal["negated", "denied"]
    cue: str
    text: str


class FailedDocument(Summary):
    doc_id: str | None
    path: str | None
    line: int | None
    error_type: str
    message: str


class InputProblem(Summary):
    path: str | None = Field(None, description="The input file; None for stdin or a stream.")
    line: int = Field(description="1-based line of the input.")
    kind: Literal["malformed_json", "invalid_record"]
    message: str


class Report(Summary):
    """Everything the report shows, as plain data."""

    record: Literal["report"] = "report"
    schema_version: str = SCHEMA_VERSION
    inputs: list[str] = Field(default_factory=list, description="The files the report was made from.")
    documents: int = Field(description="Documents with a claim or document record.")
    failed_documents: int
    claims: int
    attributed: int
    unattributed: int
    duplicate_claims: int = Field(description="Claim records skipped because their claim_id was seen before.")
    anonymous: int
    impersonal: int
    anonymous_share: float | None
    impersonal_share: float | None
    by_source_type: dict[str, int] = Field(description="Claims per source type, every type listed.")
    distinct_sources: int
    top_sources: list[SourceCount]
    distinct_cues: int
    top_cues: list[CueCount]
    quantity_claims: int = Field(description="Claims with at least one amount: money, a percentage, a measure or "
                                             "a count with a number in it (not dates, times or ranks).")
    quantity_examples: list[QuantityClaim] = Field(description="The first of them, in input order.")
    negated: int = Field(0, description="Attributions whose source is reported not to have said the content.")
    denied: int = Field(0, description="Attributions whose source denies the content.")
    stance_examples: list[StanceClaim] = Field(default_factory=list,
                                               description="The first negated or denied ones, in input order.")
    per_document: list[DocumentStats]
    failures_by_type: dict[str, int]
    failures: list[FailedDocument]
    malformed_lines: int = Field(description="Lines that are not JSON.")
    invalid_records: int = Field(description="JSON lines that are not a claim, document or error record.")
    problems: list[InputProblem] = Field(description="The first malformed lines and invalid records.")


# ------------------------------------------------------------------------- sources


def source_name(claim: Claim) -> str | None:
    """Who a claim is attributed to: the resolved entity's canonical name, else the
    mention; None without a source."""
    if claim.source is None:
        return None
    resolved = claim.source.resolved
    if resolved is not None:
        return _SPACE.sub(" ", (resolved.name or resolved.text).strip())
    mention = _SPACE.sub(" ", claim.source.text.strip())
    if mention.lower() in PRONOUNS:
        return UNRESOLVED_PRONOUN
    return mention


def source_key(name: str) -> str:
    """Spellings of one source fall together: case, spacing and a leading article ignored."""
    return _LEADING_ARTICLE.sub("", _SPACE.sub(" ", name.strip())).casefold()


def claim_source_key(claim: Claim, name: str) -> str:
    """The key one source is counted under across documents: a resolved person by given
    name and surname ("Donald J. Trump" and "Donald Trump" fall together), a resolved
    body by its name without articles or dots, an unresolved mention by its words."""
    if claim.source is not None and claim.source.resolved is not None:
        return f"{claim.source_type}:{merge_key(name, claim.source_type)}"
    return source_key(name)


def is_amount(quantity: Quantity) -> bool:
    """Money, a percentage, a measure or a count, with a digit or a number word in it
    (resources/number_words.txt): "$5 million", "three councillors"; not "2019", "Friday",
    "first", nor a label without a number ("up to")."""
    if quantity.label not in MEASURES:
        return False
    text = quantity.text.lower()
    return any(c.isdigit() for c in text) or any(w in _number_words() for w in _WORD.findall(text))


@cache
def _number_words() -> frozenset[str]:
    return frozenset(word_list("number_words.txt"))


def share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


# ------------------------------------------------------------------------- reading


Item = Claim | Document | ErrorRecord | InputProblem
BATCH_SUFFIXES = (".jsonl", ".jsonl.gz", ".ndjson", ".ndjson.gz")


def batch_files(inputs: Iterable[str | os.PathLike[str]]) -> tuple[list[str], list[str]]:
    """The files to read for ``inputs``, and which of them were added: a folder (the output
    of ``--engine dask``) stands for its JSONL files, sorted; beside a file ``out.jsonl``,
    the errors file ``claims batch`` writes (``out.errors.jsonl``) is read too when it
    exists and is not named already."""
    from pipeline.writers import default_errors_path

    named = [os.fspath(path) for path in inputs]
    files: list[str] = []
    added: list[str] = []
    for name in named:
        if name != "-" and os.path.isdir(name):
            found = sorted(entry.path for entry in os.scandir(name)
                           if entry.is_file() and not entry.name.startswith(".")
                           and entry.name.lower().endswith(BATCH_SUFFIXES))
            files.extend(path for path in found if path not in files)
            continue
        if name not in files:
            files.append(name)
        if name == "-":
            continue
        errors = os.fspath(default_errors_path(name))
        if errors != name and errors not in named and errors not in files and os.path.isfile(errors):
            files.append(errors)
            added.append(errors)
    return files, added


def read_batch(source: str | os.PathLike[str] | IO[str] | IO[bytes]) -> Iterator[tuple[int, Item]]:
    """``(line number, record)`` for every non-empty line of a batch output, with an
    ``InputProblem`` in place of a line that is not JSON or not a record. ``source`` is a
    path (``.gz`` is decompressed), ``-`` for stdin, or an open stream."""
    if not isinstance(source, (str, os.PathLike)):
        yield from _read_stream(source, None)
        return
    name = os.fspath(source)
    if name == STDIN:
        yield from _read_stream(open_binary(name), None)
        return
    with open_binary(name) as stream:
        yield from _read_stream(stream, name)


def _read_stream(stream: IO[str] | IO[bytes], path: str | None) -> Iterator[tuple[int, Item]]:
    try:
        for line, value in read_lines(stream):
            if isinstance(value, BadLine):
                yield line, InputProblem(path=path, line=line, kind="malformed_json", message=value.reason)
            else:
                yield line, _record(value, line, path)
    except BrokenStream as err:
        yield err.line, InputProblem(path=path, line=err.line + 1, kind="malformed_json",
                                     message=f"unreadable after line {err.line}: {err.reason}")


def _record(value: object, line: int, path: str | None = None) -> Item:
    if not isinstance(value, dict):
        return InputProblem(path=path, line=line, kind="invalid_record",
                            message=f"a JSON {type_name(value)}, not a record")
    kind = value.get("record")
    model = {"claim": Claim, "document": Document, "error": ErrorRecord}.get(kind)  # type: ignore[arg-type]
    if model is None:
        return InputProblem(path=path, line=line, kind="invalid_record",
                            message=f"'record' is {kind!r}, not 'claim', 'document' or 'error'")
    try:
        return model.model_validate(value)
    except ValidationError as err:
        first = err.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "record"
        return InputProblem(path=path, line=line, kind="invalid_record",
                            message=f"not a valid {kind} record: {where}: {first['msg']} "
                                    f"({err.error_count()} error{'s' if err.error_count() > 1 else ''})")


# ------------------------------------------------------------------------ tallying


@dataclass
class _Source:
    spellings: Counter[str] = field(default_factory=Counter)
    types: Counter[str] = field(default_factory=Counter)
    documents: set[str] = field(default_factory=set)
    claims: int = 0


def _merged_surnames(sources: dict[str, _Source]) -> dict[str, _Source]:
    """A person some documents name by surname only ("Trump") is the one person of that
    surname the others name in full, when there is exactly one."""
    full: dict[str, list[str]] = {}
    for key in sources:
        kind, _, name = key.partition(":")
        if kind == "person" and " " in name:
            full.setdefault(name.rsplit(" ", 1)[1], []).append(key)
    merged = dict(sources)
    for key, source in sources.items():
        kind, _, name = key.partition(":")
        owners = full.get(name) if kind == "person" and name and " " not in name else None
        if owners is not None and len(owners) == 1:
            merged[owners[0]] = _combined(merged[owners[0]], source)
            del merged[key]
    return merged


def _display_name(source: _Source) -> str:
    """Its most frequent spelling; for a person, the most frequent full name."""
    person = source.types.most_common(1)[0][0] == "person"
    return max(source.spellings.items(), key=lambda kv: (person and " " in kv[0], kv[1], kv[0]))[0]


def _combined(a: _Source, b: _Source) -> _Source:
    return _Source(spellings=a.spellings + b.spellings, types=a.types + b.types,
                   documents=a.documents | b.documents, claims=a.claims + b.claims)


@dataclass
class _Cue:
    spellings: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    count: int = 0


@dataclass
class _Document:
    claims: int = 0
    attributed: int = 0
    anonymous: int = 0
    impersonal: int = 0


@dataclass
class Tally:
    """Running counts over a stream of records; ``summary()`` makes the ``Report``."""

    examples: int = 100
    problem_limit: int = 100
    seen: set[str] = field(default_factory=set)
    documents: dict[str, _Document] = field(default_factory=dict)
    types: Counter[str] = field(default_factory=Counter)
    sources: dict[str, _Source] = field(default_factory=dict)
    cues: dict[str, _Cue] = field(default_factory=dict)
    quantity_claims: int = 0
    quantity_examples: list[QuantityClaim] = field(default_factory=list)
    stances: Counter[str] = field(default_factory=Counter)
    stance_examples: list[StanceClaim] = field(default_factory=list)
    duplicates: int = 0
    failures: list[FailedDocument] = field(default_factory=list)
    malformed: int = 0
    invalid: int = 0
    problems: list[InputProblem] = field(default_factory=list)

    def add(self, item: Item) -> None:
        if isinstance(item, Claim):
            self.add_claim(item)
        elif isinstance(item, Document):
            self._document(item.doc_id)
            for claim in item.claims:
                self.add_claim(claim)
            for error in item.errors:
                self.add_error(error)
        elif isinstance(item, ErrorRecord):
            self.add_error(item)
        else:
            self.add_problem(item)

    def _document(self, doc_id: str) -> _Document:
        stats = self.documents.get(doc_id)
        if stats is None:
            stats = self.documents[doc_id] = _Document()
        return stats

    def add_claim(self, claim: Claim) -> None:
        if claim.claim_id in self.seen:
            self.duplicates += 1
            return
        self.seen.add(claim.claim_id)
        stats = self._document(claim.doc_id)
        stats.claims += 1
        self.types[claim.source_type] += 1
        if claim.attributed:
            stats.attributed += 1
            stats.anonymous += claim.source_type == "anonymous"
            stats.impersonal += claim.source_type == "impersonal"
        name = source_name(claim)
        if name is not None:
            source = self.sources.setdefault(claim_source_key(claim, name), _Source())
            source.spellings[name] += 1
            source.types[claim.source_type] += 1
            source.documents.add(claim.doc_id)
            source.claims += 1
        if claim.cue is not None:
            cue = self.cues.setdefault(claim.cue.lemma, _Cue())
            cue.spellings[_SPACE.sub(" ", claim.cue.text.strip())] += 1
            cue.forms[claim.cue.form] += 1
            cue.count += 1
        if claim.cue is not None and claim.stance != "asserted":
            self.stances[claim.stance] += 1
            if len(self.stance_examples) < self.examples:
                self.stance_examples.append(
                    StanceClaim(doc_id=claim.doc_id, claim_id=claim.claim_id, source=name, source_type=claim.source_type,
                                stance=claim.stance, cue=claim.cue.text, text=claim.text)  # type: ignore[arg-type]
                )
        amounts = [q.text for q in claim.quantities if is_amount(q)]
        if amounts:
            self.quantity_claims += 1
            if len(self.quantity_examples) < self.examples:
                self.quantity_examples.append(
                    QuantityClaim(doc_id=claim.doc_id, claim_id=claim.claim_id, source=name,
                                  source_type=claim.source_type, quantities=amounts,
                                  text=claim.text)
                )

    def add_error(self, error: ErrorRecord) -> None:
        self.failures.append(FailedDocument(doc_id=error.doc_id, path=error.path, line=error.line,
                                            error_type=error.error_type, message=error.message))

    def add_problem(self, problem: InputProblem) -> None:
        if problem.kind == "malformed_json":
            self.malformed += 1
        else:
            self.invalid += 1
        if len(self.problems) < self.problem_limit:
            self.problems.append(problem)

    def summary(self, *, top: int = 20, inputs: Sequence[str] = ()) -> Report:
        attributed = sum(d.attributed for d in self.documents.values())
        claims = sum(d.claims for d in self.documents.values())
        anonymous = sum(d.anonymous for d in self.documents.values())
        impersonal = sum(d.impersonal for d in self.documents.values())
        sources = _merged_surnames(self.sources)
        ranked_sources = sorted(sources.values(), key=lambda s: (-s.claims, -len(s.documents), _display_name(s).casefold()))
        ranked_cues = sorted(self.cues.items(), key=lambda item: (-item[1].count, item[0]))
        return Report(
            inputs=list(inputs),
            documents=len(self.documents),
            failed_documents=len(self.failures),
            claims=claims,
            attributed=attributed,
            unattributed=claims - attributed,
            duplicate_claims=self.duplicates,
            anonymous=anonymous,
            impersonal=impersonal,
            anonymous_share=share(anonymous, attributed),
            impersonal_share=share(impersonal, attributed),
            by_source_type={t: self.types.get(t, 0) for t in SOURCE_TYPES},
            distinct_sources=len(sources),
            top_sources=[
                SourceCount(name=_display_name(s), type=s.types.most_common(1)[0][0],  # type: ignore[arg-type]
                            types=dict(s.types.most_common()), claims=s.claims, documents=len(s.documents))
                for s in ranked_sources[:top]
            ],
            distinct_cues=len(self.cues),
            top_cues=[
                CueCount(lemma=lemma, count=c.count, form=c.forms.most_common(1)[0][0],
                         examples=[text for text, _ in c.spellings.most_common(3)])
                for lemma, c in ranked_cues[:top]
            ],
            quantity_claims=self.quantity_claims,
            quantity_examples=self.quantity_examples,
            negated=self.stances["negated"],
            denied=self.stances["denied"],
            stance_examples=self.stance_examples,
            per_document=[
                DocumentStats(doc_id=doc_id, claims=d.claims, attributed=d.attributed, anonymous=d.anonymous,
                              impersonal=d.impersonal, anonymous_share=share(d.anonymous, d.attributed),
                              impersonal_share=share(d.impersonal, d.attributed))
                for doc_id, d in self.documents.items()
            ],
            failures_by_type=dict(Counter(f.error_type for f in self.failures).most_common()),
            failures=self.failures,
            malformed_lines=self.malformed,
            invalid_records=self.invalid,
            problems=self.problems,
        )


def summarise(items: Iterable[Item | tuple[int, Item]], *, top: int = 20, examples: int = 100,
              inputs: Sequence[str] = ()) -> Report:
    """The report over ``items``: records, or ``(line, record)`` pairs from ``read_batch``."""
    tally = Tally(examples=examples)
    for item in items:
        tally.add(item[1] if isinstance(item, tuple) else item)
    return tally.summary(top=top, inputs=inputs)


def report_files(paths: Iterable[str | os.PathLike[str]], *, top: int = 20, examples: int = 100) -> Report:
    """The report over batch output files (``-`` for stdin), read in the order given."""
    names = [os.fspath(path) for path in paths]
    items = (item for name in names for item in read_batch(name))
    return summarise(items, top=top, examples=examples, inputs=[n for n in names if n != "-"] or ["<stdin>"])


def report_text(text: str, *, top: int = 20, examples: int = 100) -> Report:
    """The report over batch output held in a string (handy in notebooks and tests)."""
    return summarise(read_batch(io.BytesIO(text.encode("utf-8"))), top=top, examples=examples)
