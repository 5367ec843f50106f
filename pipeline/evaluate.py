"""Scoring against gold attributions: precision, recall and F1 of what the pipeline finds.

Why our own scorer: ``claims evaluate`` must report the same figures as the reference
scorer shipped with the evaluation data (``eval/score.py``), so that anyone can check the
numbers we publish, while it reads our own records, fails clearly on bad input and can
explain the errors behind the figures.

The rules, as the evaluation README states them:

- predictions and gold attributions of a document are paired one to one, greedily, by
  the largest character overlap of their contents;
- a pair is *partial* when the contents share a character, *soft* when overlap / union of
  the two contents is at least 0.5, *exact* when the contents are the same span once
  spaces, quote marks and punctuation at either end are trimmed;
- the source of a pair is right when both are null or the two spans overlap; its cue is
  right when the cues overlap;
- precision is over all predicted attributions (a claim with no cue is not an attribution
  and is not scored), recall over all gold attributions.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from pipeline.evaluate_sources import WhoScores, score_sources
from pipeline.jsonl import BadLine, BrokenStream, open_binary, read_lines, type_name
from pipeline.records import Claim, Document, ErrorRecord

if TYPE_CHECKING:
    from spacy.language import Language

METRICS = ("partial", "soft", "exact", "source", "cue")
TRIM_CHARS = frozenset(" \t\n\"'\u201c\u201d\u2018\u2019.,;:")
"""Trimmed from both ends of a content before the exact comparison: annotators and
systems disagree on whether quote marks and the final full stop belong to a content."""


# ---------------------------------------------------------------------------- spans


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """Character offsets ``[start, end)`` into a document text."""

    start: int
    end: int

    def overlap(self, other: Span) -> int:
        """Characters the two spans share (0 when they are apart or touch)."""
        return max(0, min(self.end, other.end) - max(self.start, other.start))

    def extent(self, other: Span) -> int:
        """Characters from the first start to the last end: the union of two overlapping spans."""
        return max(self.end, other.end) - min(self.start, other.start)

    def contains(self, other: Span) -> bool:
        return self.start <= other.start and other.end <= self.end

    def trim(self, text: str) -> Span:
        """The span without spaces, quote marks and punctuation at either end.

        Offsets past the end of ``text`` are left alone rather than raising: a broken
        prediction then simply fails to be exact."""
        start, end = self.start, self.end
        while start < end and text[start : start + 1] in TRIM_CHARS:
            start += 1
        while end > start and text[end - 1 : end] in TRIM_CHARS:
            end -= 1
        return Span(start, end)

    def of(self, text: str) -> str:
        return text[self.start : self.end]


@dataclass(frozen=True, slots=True)
class Attribution:
    """What scoring needs of one attribution, gold or predicted: three spans.

    ``cue_lemma`` is the predicted cue's lexicon lemma when the prediction carries one;
    it only groups false positives in the error analysis."""

    content: Span
    source: Span | None
    cue: Span | None
    cue_lemma: str | None = None


def span_of(value: Any) -> Span | None:
    """A span from any of the shapes predictions use: ``[s, e]``, ``{"start", "end"}``, or a
    record holding one under ``span`` (our ``Source``/``Cue`` records); ``None`` otherwise.

    The same leniency as the reference scorer, so converted output of other systems
    scores the same under both."""
    if value is None:
        return None
    if isinstance(value, Mapping):
        if value.get("span") is not None:
            return span_of(value["span"])
        if "start" in value:
            return Span(int(value["start"]), int(value["end"]))
        return None
    if isinstance(value, (list, tuple)) and len(value) == 2:
        return Span(int(value[0]), int(value[1]))
    raise ValueError(f"not a character span: {value!r}")


# ---------------------------------------------------------------------------- gold


class GoldAttribution(BaseModel):
    """One annotated attribution; the covering spans of discontinuous ones are scored."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    source: tuple[int, int] | None = Field(None, description="null when the attribution has no source.")
    cue: tuple[int, int]
    content: tuple[int, int]
    entity: str | None = Field(None, description="Who the source is, where annotated: its entity's name, "
                               "or null for one the article never names.")
    source_type: str | None = None

    @property
    def names_entity(self) -> bool:
        """The annotation says who the source is (a name, or null on purpose)."""
        return self.source is not None and "entity" in self.model_fields_set

    def attribution(self) -> Attribution:
        return Attribution(
            content=Span(*self.content),
            source=Span(*self.source) if self.source is not None else None,
            cue=Span(*self.cue),
        )


class GoldDocument(BaseModel):
    """One annotated article: ``{"id", "text", "attributions"}`` (other keys are ignored)."""

    model_config = ConfigDict(extra="ignore", frozen=True, coerce_numbers_to_str=True)

    id: str
    text: str
    attributions: list[GoldAttribution]


class InputError(ValueError):
    """A line of an input file that cannot be scored, and where it is: a scorer that skips
    what it cannot read reports figures for data nobody chose."""

    def __init__(self, path: Path | str, line: int | None, message: str) -> None:
        self.path = str(path)
        self.line = line
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {message}")


def read_jsonl(path: Path | str) -> Iterator[tuple[int, dict[str, Any]]]:
    """``(line number, object)`` for each non-empty line of a JSONL file of objects
    (``.gz`` is decompressed).

    Raises ``InputError`` naming the line for invalid JSON, a line that is not an object,
    or bytes that are not UTF-8."""
    with open_binary(str(path)) as stream:
        try:
            for line, value in read_lines(stream):
                if isinstance(value, BadLine):
                    raise InputError(path, line, value.reason)
                if not isinstance(value, dict):
                    raise InputError(path, line, f"a line must be a JSON object, not {type_name(value)}")
                yield line, value
        except BrokenStream as err:
            raise InputError(path, err.line + 1, f"unreadable: {err.reason}") from err


def read_gold(path: Path | str, limit: int | None = None) -> list[GoldDocument]:
    """The gold articles of ``path`` (the first ``limit`` of them), in file order."""
    docs: list[GoldDocument] = []
    for line, obj in read_jsonl(path):
        if limit is not None and len(docs) >= limit:
            break
        try:
            docs.append(GoldDocument.model_validate(obj))
        except ValidationError as err:
            raise InputError(path, line, f"not a gold document: {_first_problem(err)}") from err
    return docs


def _first_problem(err: ValidationError) -> str:
    problem = err.errors()[0]
    where = ".".join(str(part) for part in problem["loc"])
    return f"{where}: {problem['msg']}" if where else problem["msg"]


# ---------------------------------------------------------------------------- predictions


@dataclass
class Predictions:
    """Predicted attributions by document id, each list in input order (the order breaks
    ties in the pairing, so it is kept as given), and the documents that failed."""

    by_doc: dict[str, list[Attribution]] = field(default_factory=lambda: defaultdict(list))
    sources: list[Claim] = field(default_factory=list)  # who each source is, for gold that says
    failed: list[ErrorRecord | dict[str, Any]] = field(default_factory=list)

    def add_claim(self, claim: Claim) -> None:
        """Score ``claim`` when it is an attribution (has a cue); other claims are the
        article's own voice and are not attributions."""
        if claim.cue is None:
            return
        if claim.source is not None:
            self.sources.append(claim)
        self.by_doc[claim.doc_id].append(
            Attribution(
                content=Span(claim.span.start, claim.span.end),
                source=Span(claim.source.span.start, claim.source.span.end) if claim.source else None,
                cue=Span(claim.cue.span.start, claim.cue.span.end),
                cue_lemma=claim.cue.lemma,
            )
        )

    def add(self, record: Claim | ErrorRecord | Document) -> None:
        """Take any record the pipeline emits."""
        if isinstance(record, Claim):
            self.add_claim(record)
        elif isinstance(record, ErrorRecord):
            self.failed.append(record)
        else:
            for claim in record.claims:
                self.add_claim(claim)
            self.failed.extend(record.errors)

    def add_object(self, obj: Mapping[str, Any]) -> None:
        """Take one JSON line: gold-shaped (``{"id", "attributions"}``) or one of our
        records (``record``: claim, error or document; a claim may omit ``record``)."""
        if "attributions" in obj:
            self._add_gold_shaped(obj)
            return
        kind = obj.get("record", "claim")
        if kind == "error":
            self.failed.append(dict(obj))
        elif kind == "document":
            claims = obj.get("claims")
            if not isinstance(claims, list):
                raise ValueError("a document record needs a list of claims")
            for claim in claims:
                if not isinstance(claim, Mapping):
                    raise ValueError(f"a claim must be an object, not {claim!r}")
                self._add_claim_object({"doc_id": obj.get("doc_id"), **claim})
            self.failed.extend(obj.get("errors") or [])
        elif kind == "claim":
            self._add_claim_object(obj)
        else:
            raise ValueError(f"unknown record type {kind!r} (expected claim, error or document)")

    def _add_gold_shaped(self, obj: Mapping[str, Any]) -> None:
        """Gold-shaped predictions are all scored, even with a null cue (it is then wrong)."""
        if obj.get("id") is None:
            raise ValueError('a gold-shaped prediction needs an "id"')
        doc_id = str(obj["id"])
        for item in obj["attributions"]:
            content = span_of(item.get("content"))
            if content is None:
                raise ValueError(f"an attribution of {doc_id!r} has no content span")
            self.by_doc[doc_id].append(
                Attribution(content=content, source=span_of(item.get("source")), cue=span_of(item.get("cue")))
            )

    def _add_claim_object(self, obj: Mapping[str, Any]) -> None:
        cue = span_of(obj.get("cue"))
        if cue is None:
            return
        doc_id = obj.get("doc_id") or obj.get("id")
        if doc_id is None:
            raise ValueError('an attributed claim needs a "doc_id"')
        content = span_of(obj.get("span") or obj.get("content"))
        if content is None:
            raise ValueError('an attributed claim needs a content "span"')
        source = obj.get("source")
        lemma = obj["cue"].get("lemma") if isinstance(obj["cue"], Mapping) else None
        self.by_doc[str(doc_id)].append(
            Attribution(content=content, source=span_of(source) if source else None, cue=cue, cue_lemma=lemma)
        )


def read_predictions(path: Path | str) -> Predictions:
    """Predictions from a JSONL file of claim, document and error records, or gold-shaped
    objects, in any mixture."""
    predictions = Predictions()
    for line, obj in read_jsonl(path):
        try:
            predictions.add_object(obj)
        except (ValueError, TypeError, KeyError) as err:
            raise InputError(path, line, f"not a prediction: {err}") from err
    return predictions


def collect(records: Iterable[Claim | ErrorRecord | Document]) -> Predictions:
    """Predictions from records in memory, such as ``predict`` yields."""
    predictions = Predictions()
    for record in records:
        predictions.add(record)
    return predictions


def predict(
    nlp: Language, gold_docs: Iterable[GoldDocument], batch_size: int = 64
) -> Iterator[Claim | ErrorRecord]:
    """Run the pipeline over the gold texts and yield the claims it finds.

    A document whose records cannot be built yields an ``ErrorRecord`` instead, so one
    bad document costs its own recall, not the whole evaluation."""
    from pipeline.export import document_record

    texts = ((doc.text, doc.id) for doc in gold_docs)
    for doc, doc_id in nlp.pipe(texts, as_tuples=True, batch_size=batch_size):
        try:
            record = document_record(doc, doc_id)
        except Exception as err:  # noqa: BLE001 - reported as a record, like the batch does
            yield ErrorRecord(doc_id=doc_id, path=None, error_type=type(err).__name__, message=str(err))
            continue
        yield from record.claims
        yield from record.errors


# ---------------------------------------------------------------------------- pairing


@dataclass(frozen=True, slots=True)
class Pair:
    """A gold attribution (index ``gold``) paired with a prediction (index ``pred``)."""

    gold: int
    pred: int
    overlap: int


def pair(golds: list[Attribution], preds: list[Attribution]) -> list[Pair]:
    """Pair predictions with gold attributions one to one, greedily, largest content
    overlap first; contents that share no character are never paired.

    Ties go to the later prediction, then the later gold attribution: the reference
    scorer's order, so both pair (and count) alike."""
    candidates = sorted(
        (
            (overlap, p, g)
            for p, prediction in enumerate(preds)
            for g, gold in enumerate(golds)
            if (overlap := prediction.content.overlap(gold.content)) > 0
        ),
        reverse=True,
    )
    pairs: list[Pair] = []
    used_preds: set[int] = set()
    used_golds: set[int] = set()
    for overlap, p, g in candidates:
        if p in used_preds or g in used_golds:
            continue
        used_preds.add(p)
        used_golds.add(g)
        pairs.append(Pair(gold=g, pred=p, overlap=overlap))
    return pairs


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a pair fares on each metric (every pair is partial: it shares a character)."""

    soft: bool
    exact: bool
    source: bool
    cue: bool
    partial: bool = True


def judge(text: str, gold: Attribution, pred: Attribution, overlap: int) -> Verdict:
    """The metrics one pair earns."""
    if gold.source is None or pred.source is None:
        source_right = gold.source is None and pred.source is None
    else:
        source_right = gold.source.overlap(pred.source) > 0
    return Verdict(
        soft=overlap / pred.content.extent(gold.content) >= 0.5,
        exact=pred.content.trim(text) == gold.content.trim(text),
        source=source_right,
        cue=pred.cue is not None and gold.cue is not None and pred.cue.overlap(gold.cue) > 0,
    )


# ---------------------------------------------------------------------------- figures


class PRF(BaseModel):
    """Precision, recall and F1 in percent, rounded to one decimal as we report them."""

    P: float
    R: float
    F1: float

    @classmethod
    def of(cls, right: int, n_pred: int, n_gold: int) -> PRF:
        precision = right / n_pred if n_pred else 0.0
        recall = right / n_gold if n_gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return cls(P=round(100 * precision, 1), R=round(100 * recall, 1), F1=round(100 * f1, 1))


class Scores(BaseModel):
    """The figures of one evaluation; ``model_dump()`` has the reference scorer's JSON shape."""

    docs: int = Field(description="Gold documents scored.")
    n_gold: int = Field(description="Gold attributions.")
    n_pred: int = Field(description="Predicted attributions in the gold documents.")
    partial: PRF
    soft: PRF
    exact: PRF
    source: PRF
    cue: PRF
    who: WhoScores | None = Field(None, description="Who the sources are, when the gold names their entities.")


@dataclass
class Counts:
    """Running totals: right pairs per metric, and the denominators."""

    docs: int = 0
    n_gold: int = 0
    n_pred: int = 0
    right: Counter[str] = field(default_factory=Counter)

    def add(self, verdict: Verdict) -> None:
        for metric in METRICS:
            self.right[metric] += getattr(verdict, metric)

    def scores(self) -> Scores:
        figures = {metric: PRF.of(self.right[metric], self.n_pred, self.n_gold) for metric in METRICS}
        return Scores(docs=self.docs, n_gold=self.n_gold, n_pred=self.n_pred, **figures)


# ---------------------------------------------------------------------------- error analysis


class ErrorKind(StrEnum):
    MISSED = "missed attribution"
    FALSE_POSITIVE = "false positive"
    BOUNDARY = "wrong content boundary"
    SOURCE = "wrong source"
    CUE = "wrong cue"


WORD_COUNTS = {
    ErrorKind.MISSED: "by gold cue",
    ErrorKind.FALSE_POSITIVE: "by predicted cue",
    ErrorKind.BOUNDARY: "by predicted cue",
    ErrorKind.SOURCE: "by predicted cue",
    ErrorKind.CUE: "by gold cue",
}
"""What each group is counted by: the cue word a miss should have been found by, the
cue lemma behind a false positive or a wrong pair."""


@dataclass(frozen=True, slots=True)
class ErrorExample:
    """One error as the developer reads it: where, what kind, and the text involved."""

    doc_id: str
    detail: str
    lines: tuple[tuple[str, str], ...]  # (label, text snippet): what gold and prediction hold


@dataclass
class ErrorGroup:
    """Every error of one kind: counted, split by detail and by cue word, with examples."""

    kind: ErrorKind
    count: int = 0
    details: Counter[str] = field(default_factory=Counter)
    words: Counter[str] = field(default_factory=Counter)
    examples: list[ErrorExample] = field(default_factory=list)


@dataclass
class ErrorReport:
    """Misses, false positives and wrong pairs grouped by kind, for the developer to read.

    Keeps counts and the first few examples of each group only, so its size does not
    grow with the corpus."""

    max_examples: int = 3
    groups: dict[ErrorKind, ErrorGroup] = field(
        default_factory=lambda: {kind: ErrorGroup(kind=kind) for kind in ErrorKind}
    )

    def add(self, kind: ErrorKind, detail: str, word: str, example: ErrorExample) -> None:
        group = self.groups[kind]
        group.count += 1
        group.details[detail] += 1
        group.words[word] += 1
        # one example per document and kind: the first document alone would show one habit
        if len(group.examples) < self.max_examples and all(e.doc_id != example.doc_id for e in group.examples):
            group.examples.append(example)

    def add_document(self, doc: GoldDocument, golds: list[Attribution], preds: list[Attribution],
                     pairs: list[Pair], verdicts: list[Verdict]) -> None:
        """Classify what went wrong in one document."""
        text = doc.text
        paired_golds = {p.gold for p in pairs}
        paired_preds = {p.pred for p in pairs}
        for g, gold in enumerate(golds):
            if g in paired_golds:
                continue
            overlapped = any(pred.content.overlap(gold.content) for pred in preds)
            detail = "overlapping prediction paired with another" if overlapped else "nothing overlaps"
            self.add(ErrorKind.MISSED, detail, _cue_word(text, gold), _example(doc, detail, gold=gold))
        for p, pred in enumerate(preds):
            if p in paired_preds:
                continue
            overlapped = any(gold.content.overlap(pred.content) for gold in golds)
            detail = "overlapping gold paired with another" if overlapped else "nothing overlaps"
            self.add(ErrorKind.FALSE_POSITIVE, detail, _cue_word(text, pred), _example(doc, detail, pred=pred))
        for found, verdict in zip(pairs, verdicts, strict=True):
            gold, pred = golds[found.gold], preds[found.pred]
            if not verdict.exact:
                detail = _boundary_detail(text, gold.content, pred.content)
                self.add(ErrorKind.BOUNDARY, detail, _cue_word(text, pred),
                         _example(doc, detail, gold=gold, pred=pred, parts=("content",),
                                  extra=_boundary_lines(text, gold.content, pred.content)))
            if not verdict.source:
                if pred.source is None:
                    detail = "no source predicted, gold has one"
                elif gold.source is None:
                    detail = "source predicted, gold has none"
                else:
                    detail = "wrong mention"
                self.add(ErrorKind.SOURCE, detail, _cue_word(text, pred),
                         _example(doc, detail, gold=gold, pred=pred, parts=("source", "content")))
            if not verdict.cue:
                detail = "no cue predicted" if pred.cue is None else "wrong cue word"
                self.add(ErrorKind.CUE, detail, _cue_word(text, gold),
                         _example(doc, detail, gold=gold, pred=pred, parts=("cue", "content")))

    def render(self, top: int = 10) -> str:
        """The report as plain text: one section per kind, largest details first."""
        out: list[str] = []
        for group in self.groups.values():
            details = ", ".join(f"{d}: {n}" for d, n in group.details.most_common())
            out.append(f"{group.kind.value}: {group.count}" + (f"  ({details})" if details else ""))
            if not group.count:
                out.append("")
                continue
            words = ", ".join(f"{w!r} {n}" for w, n in group.words.most_common(top))
            out.append(f"  {WORD_COUNTS[group.kind]}: {words}")
            for example in group.examples:
                out.append(f"  - {example.doc_id} [{example.detail}]")
                out.extend(f"      {label:17s} {snippet}" for label, snippet in example.lines)
            out.append("")
        return "\n".join(out).rstrip() + "\n"

    def summary(self, top: int = 10) -> dict[str, Any]:
        """The report as plain data, for ``--json``."""
        return {
            group.kind.value: {
                "count": group.count,
                "details": dict(group.details.most_common()),
                WORD_COUNTS[group.kind].replace(" ", "_"): dict(group.words.most_common(top)),
                "examples": [
                    {"doc_id": ex.doc_id, "detail": ex.detail, "lines": [list(line) for line in ex.lines]}
                    for ex in group.examples
                ],
            }
            for group in self.groups.values()
        }


def _cue_word(text: str, attribution: Attribution) -> str:
    """The cue as a word to count by: its lemma when known, else its lower-cased text."""
    if attribution.cue_lemma:
        return attribution.cue_lemma
    if attribution.cue is None:
        return "(no cue)"
    return " ".join(attribution.cue.of(text).lower().split()) or "(empty cue)"


def _boundary_detail(text: str, gold: Span, pred: Span) -> str:
    gold, pred = gold.trim(text), pred.trim(text)
    if pred.contains(gold):
        return "content too long"
    if gold.contains(pred):
        return "content too short"
    return "content shifted"


def _boundary_lines(text: str, gold: Span, pred: Span) -> list[tuple[str, str]]:
    """Where the trimmed contents differ: what the prediction adds or lacks at each end."""
    gold, pred = gold.trim(text), pred.trim(text)
    lines: list[tuple[str, str]] = []
    if pred.start != gold.start:
        label = "pred adds" if pred.start < gold.start else "pred lacks"
        between = Span(min(pred.start, gold.start), max(pred.start, gold.start))
        lines.append((f"{label} (start)", _snippet(text, between, 80)))
    if pred.end != gold.end:
        label = "pred adds" if pred.end > gold.end else "pred lacks"
        between = Span(min(pred.end, gold.end), max(pred.end, gold.end))
        lines.append((f"{label} (end)", _snippet(text, between, 80)))
    return lines


def _snippet(text: str, span: Span | None, width: int = 140) -> str:
    """The span's text on one line, shortened in the middle when long."""
    if span is None:
        return "(none)"
    piece = " ".join(span.of(text).split())
    if len(piece) > width:
        piece = piece[: width - 45] + " \u2026 " + piece[-40:]
    return f"\u00ab{piece}\u00bb @{span.start}-{span.end}"


def _example(doc: GoldDocument, detail: str, gold: Attribution | None = None, pred: Attribution | None = None,
             parts: tuple[str, ...] = ("source", "cue", "content"),
             extra: Iterable[tuple[str, str]] = ()) -> ErrorExample:
    """The ``parts`` of gold and prediction side by side, then any ``extra`` lines."""
    lines: list[tuple[str, str]] = []
    for side, attribution in (("gold", gold), ("pred", pred)):
        if attribution is None:
            continue
        for part in parts:
            lines.append((f"{side} {part}", _snippet(doc.text, getattr(attribution, part))))
    if pred is not None and pred.cue_lemma and "cue" in parts:
        lines.append(("pred lemma", pred.cue_lemma))
    lines.extend(extra)
    return ErrorExample(doc_id=doc.id, detail=detail, lines=tuple(lines))


# ---------------------------------------------------------------------------- evaluation


@dataclass
class Evaluation:
    """The figures, the error analysis behind them, and what could not be scored."""

    scores: Scores
    errors: ErrorReport
    failed: int = 0  # documents the pipeline failed on (their gold still counts)
    unknown_docs: list[str] = field(default_factory=list)


def evaluate(gold_docs: Iterable[GoldDocument], predictions: Predictions, examples: int = 3) -> Evaluation:
    """Score ``predictions`` against ``gold_docs``.

    Predictions for documents that are not in the gold are not scored (they are listed in
    ``unknown_docs``: a wrong id scheme shows there, not as a silent zero)."""
    counts = Counts()
    report = ErrorReport(max_examples=examples)
    seen: set[str] = set()
    named = []  # who each gold source is, where the gold says
    for doc in gold_docs:
        seen.add(doc.id)
        named.append((doc.id, [(a.source, a.entity, a.source_type) for a in doc.attributions if a.names_entity]))
        golds = [a.attribution() for a in doc.attributions]
        preds = predictions.by_doc.get(doc.id, [])
        pairs = pair(golds, preds)
        verdicts = [judge(doc.text, golds[p.gold], preds[p.pred], p.overlap) for p in pairs]
        counts.docs += 1
        counts.n_gold += len(golds)
        counts.n_pred += len(preds)
        for verdict in verdicts:
            counts.add(verdict)
        report.add_document(doc, golds, preds, pairs, verdicts)
    unknown = sorted(doc_id for doc_id, preds in predictions.by_doc.items() if preds and doc_id not in seen)
    scores = counts.scores()
    if any(sources for _, sources in named):
        scores = scores.model_copy(update={"who": score_sources(named, predictions.sources)})
    return Evaluation(scores=scores, errors=report, failed=len(predictions.failed), unknown_docs=unknown)


def format_scores(scores: Scores) -> str:
    """The figures as a small plain-text table."""
    lines = [
        f"docs {scores.docs}  gold {scores.n_gold}  pred {scores.n_pred}",
        "",
        f"{'':8s} {'P':>6s} {'R':>6s} {'F1':>6s}",
    ]
    for metric in METRICS:
        prf: PRF = getattr(scores, metric)
        lines.append(f"{metric:8s} {prf.P:6.1f} {prf.R:6.1f} {prf.F1:6.1f}")
    if scores.who is not None:
        who = scores.who
        lines += ["", f"who the sources are ({who.sources} gold sources with their entity): found {who.found}, "
                      f"identity {who.identity_percent:.1f}%, type {who.type_percent:.1f}% of those found"]
    return "\n".join(lines) + "\n"
