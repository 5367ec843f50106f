"""Where linking fails: the linker given the gold cues, and why it drops the gold cues our
lexicon does find. A measurement, not shipped behaviour.

    python3 bench/oracle.py [GOLD.jsonl] [--limit N] [--examples N]

1. **Oracle.** Each gold cue becomes a cue candidate (our lexicon's candidate where one
   overlaps it, else a candidate of the form its head word suggests), and the linker runs
   on those alone: source and content figures given the right cue, and the usual F1.
2. **Rejected candidates.** In the normal run, the gold cues that no predicted cue
   overlaps although one of our candidates does: why the linker dropped each (the
   candidate was skipped, its linker returned nothing and where, a clean-up pass
   removed it, ...).

GOLD defaults to the PolNeAR dev split beside the repository, like ``accuracy.py``.
"""

from __future__ import annotations

import argparse
import linecache
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, Span

REPO = Path(__file__).resolve().parents[1]
DEFAULT_GOLD = REPO / ".." / "shared" / "eval" / "polnear_gold_dev.jsonl"
OURS = ("claims_attribution", "claims_sources", "claims_claims")
Range = tuple[int, int]


# ----------------------------------------------------------------------------- oracle


def oracle_candidates(doc: Doc, gold_cues: list[Range], kinds: dict[str, str], noun_kinds: dict[str, str]) -> list[Span]:
    """The gold cues as candidates: ours where one overlaps, else one shaped by the head."""
    from pipeline.doc_keys import CUE_CANDIDATES

    ours = list(doc.spans.get(CUE_CANDIDATES, []))
    made: dict[Range, Span] = {}
    for start, end in gold_cues:
        mine = next((c for c in ours if c.start_char < end and start < c.end_char), None)
        if mine is not None:
            made[(mine.start, mine.end)] = mine
            continue
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not len(span):
            continue
        head = span.root
        if head.text == ":":
            form, kind, first, last = "quotation", "speech", head.i, head.i + 1
        elif head.pos_ in ("NOUN", "PROPN"):
            form, kind, first, last = "noun", noun_kinds.get(head.lemma_, "speech"), head.i, head.i + 1
        elif head.pos_ == "ADP" or span.text.lower().startswith("according"):
            form, kind, first, last = "prepositional", "report", span.start, span.end
        elif head.pos_ == "ADV":
            form, kind, first, last = "adverb", "report", head.i, head.i + 1
        else:
            form, kind, first, last = "verb", kinds.get(head.lemma_, "speech"), head.i, head.i + 1
        made.setdefault((first, last), Span(doc, first, last, label=f"{form}/{kind}", kb_id=head.lemma_))
    return sorted(made.values(), key=lambda s: (s.start, s.end))


@dataclass
class GivenCue:
    """Figures over gold attributions, given their cue: linked at all, content, source."""

    gold: int = 0
    linked: int = 0
    partial: int = 0
    soft: int = 0
    exact: int = 0
    source: int = 0

    def add(self, text: str, gold, preds) -> None:
        from pipeline.evaluate import judge

        self.gold += 1
        mine = [p for p in preds if p.cue is not None and p.cue.overlap(gold.cue) > 0]
        if not mine:
            return
        self.linked += 1
        best = max(mine, key=lambda p: p.content.overlap(gold.content))
        overlap = best.content.overlap(gold.content)
        if overlap == 0:
            self.source += judge(text, gold, best, 1).source
            return
        verdict = judge(text, gold, best, overlap)
        self.partial += 1
        self.soft += verdict.soft
        self.exact += verdict.exact
        self.source += verdict.source

    def row(self, name: str) -> str:
        def pct(n: int, of: int) -> str:
            return f"{100 * n / of:.1f}" if of else "-"

        cells = (name, str(self.gold), pct(self.linked, self.gold), pct(self.partial, self.gold),
                 pct(self.soft, self.gold), pct(self.exact, self.gold), pct(self.source, self.gold))
        return "| " + " | ".join(cells) + " |"


# ------------------------------------------------------------------- why candidates drop


@dataclass
class Fate:
    """What became of one cue candidate in the normal run."""

    reason: str
    where: str = ""  # the linker's line that returned nothing


class Tracker:
    """Follows every candidate through ``Attribution.find`` by wrapping its linkers and
    clean-up passes (the component itself is not changed)."""

    def __init__(self) -> None:
        import pipeline.stages.attribution as package

        self.package = package
        self.linked: dict[Range, tuple[object, str]] = {}  # cue -> (result, return line)
        self.dropped: dict[Range, str] = {}  # cue -> the pass that removed it

    @contextmanager
    def installed(self) -> Iterator[None]:
        package = self.package
        linkers, untangle, outermost = dict(package.LINKERS), package.untangle, package.outermost
        codes = {f.__code__ for f in linkers.values()}
        # the verb linker is a wrapper round its body: the line that matters is the body's
        codes = (codes - {package.verbs.link_verb.__code__}) | {package.verbs._link_verb.__code__}

        def traced(linker: Callable) -> Callable:
            def run(cue: Span, quotes: list[Range]):
                line = [""]

                def tracer(frame, event, arg):
                    if frame.f_code in codes:
                        if event == "return":
                            line[0] = f"{Path(frame.f_code.co_filename).name}:{frame.f_lineno}"
                        return tracer
                    return None

                sys.settrace(tracer)
                try:
                    result = linker(cue, quotes)
                finally:
                    sys.settrace(None)
                self.linked[(cue.start, cue.end)] = (result, line[0])
                return result
            return run

        def removing(step: Callable, name: str) -> Callable:
            def run(found):
                kept = step(found)
                ids = {id(item) for item in kept}
                for item in found:
                    if id(item) not in ids:
                        self.dropped[(item.cue.start, item.cue.end)] = name
                return kept
            return run

        package.LINKERS.update({key: traced(f) for key, f in linkers.items()})
        package.untangle = removing(untangle, "untangled: the other attribution holds its cue")
        package.outermost = removing(outermost, "nested: its cue lies in another attribution's content")
        try:
            yield
        finally:
            package.LINKERS.update(linkers)
            package.untangle, package.outermost = untangle, outermost

    def fate(self, doc: Doc, cue: Span, quotes: list[Range], free_quotes: list[Range]) -> Fate:
        """Why ``cue`` gave no attribution."""
        package = self.package
        key = (cue.start, cue.end)
        if key in self.dropped:
            return Fate(self.dropped[key])
        if key not in self.linked:
            if package.inside_quotes(doc, quotes)(cue) and not package.opens_a_quoted_turn(cue):
                return Fate("skipped: inside a quotation")
            return Fate("skipped: inside the source phrase of the attribution before")
        result, line = self.linked[key]
        if result is not None and result.content:
            return Fate("linked, but exported with another cue or no content")
        form = cue.label_.split("/")[0]
        linker = package.LINKERS.get(cue.kb_id_, package.LINKERS[form])
        retry = linker(cue, free_quotes)
        if retry is not None and retry.content:
            return Fate("its quotation went to another cue")
        reason = reason_of(line)
        if form == "verb" and reason == "no content found":
            reason = f"no content found: {construction(cue[0])}"
        return Fate(f"{form} linker: {reason}", line)


REASONS = (  # the first pattern found in the returning line or the comment above it
    ("reported deal", "filtered: a participle or adjective, not a report"),
    ("do not make claims", "filtered: its subject cannot speak"),
    ("nobody says anything", "filtered: an infinitive with no one saying"),
    ("names nobody", "filtered: its owner names nobody"),
    ("names no one by design", "filtered: a belief or aim whose holder the parse lost"),
    ("if content[1] > content[0] else None", "no content found"),
    ("found.content and found.content[0]", "no content found"),
    ("source is None", "no source found"),
    ("after.dep_ != \"prep\"", "no content found: no clause or preposition of its own"),
    ("if clause is None", "no content found: no object of its preposition"),
    ("According to MSNBC", "no content found: nothing but the source"),
    ("mis-tagged", "no source found"),
    ("only with its \"as\"", "filtered: a view with no \"as\" ('saw the pier')"),
    ("only with its amount", "filtered: an estimate with no amount ('put it at risk')"),
    ("return None", "nothing attributed (see line)"),
)


def construction(verb) -> str:
    """What the verb had that the rules did not take for a content."""
    from pipeline.stages.attribution.shared import OBJECT_PRONOUNS, OBJECT_VERBS

    deps = {c.dep_: c for c in verb.children}
    if verb.dep_ == "relcl":
        return "in a relative clause"
    if "auxpass" in deps and "agent" not in deps:
        return "a passive with no agent"
    if "dobj" in deps:
        if deps["dobj"].lower_ in OBJECT_PRONOUNS or deps["dobj"].lower_ == "same":
            return "a pronoun object ('said so', 'the same')"
        return "an object" + (" of a verb that takes none" if verb.lemma_ not in OBJECT_VERBS else "")
    if "prep" in deps:
        return "a prepositional phrase"
    if deps.keys() & {"ccomp", "xcomp", "advcl"}:
        return "a clause or infinitive the rules refuse"
    return "nothing after the verb"


def reason_of(where: str) -> str:
    if not where:
        return "nothing attributed"
    name, number = where.split(":")
    path = REPO / "pipeline" / "stages" / "attribution" / name
    lines = [linecache.getline(str(path), int(number) - k) for k in (0, 1, 2)]
    for line in lines:  # the returning line first, then the comment and the test above it
        for needle, reason in REASONS[:-1]:
            if needle in line:
                return reason
    return "nothing attributed (see line)"


# ----------------------------------------------------------------------------------- run


def run_ours(nlp: Language, doc: Doc) -> Doc:
    for name in OURS:
        doc = nlp.get_pipe(name)(doc)
    return doc


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gold", nargs="?", type=Path, default=DEFAULT_GOLD)
    parser.add_argument("--model", default=None)
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--examples", type=int, default=0, help="examples to print per reason")
    args = parser.parse_args(argv)
    if not args.gold.is_file():
        print(f"gold file not found: {args.gold}", file=sys.stderr)
        return 2

    from pipeline import load
    from pipeline.doc_keys import CUE_CANDIDATES
    from pipeline.evaluate import collect, evaluate, read_gold
    from pipeline.export import document_record
    from pipeline.resources import table
    from pipeline.stages.attribution import Attribution

    kinds = {row["lemma"]: row["kind"] for row in table("reporting_verbs.tsv")}
    noun_kinds = {row["noun"]: row["kind"] for row in table("cue_nouns.tsv")}
    gold_docs = read_gold(args.gold.resolve(), limit=args.limit)
    nlp = load(args.model)
    normal, oracle, oracle_nested = [], [], []
    given = {"normal run": GivenCue(), "oracle": GivenCue(), "oracle, nested kept": GivenCue()}
    fates: Counter[str] = Counter()
    lines: Counter[tuple[str, str]] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    missed = 0
    tracker = Tracker()
    with nlp.select_pipes(disable=list(OURS)):
        parsed = list(nlp.pipe((g.text for g in gold_docs), batch_size=64))
    nested = Attribution(nlp, nested=True)
    for gold, doc in zip(gold_docs, parsed):
        golds = [a.attribution() for a in gold.attributions]
        candidates = list(doc.spans.get(CUE_CANDIDATES, []))
        tracker.linked.clear()
        tracker.dropped.clear()
        with tracker.installed():
            doc = run_ours(nlp, doc)
        records = document_record(doc, gold.id).claims
        normal.extend(records)
        preds = collect(records).by_doc.get(gold.id, [])
        quotes = tracker.package.quote_tokens(doc)
        for item in golds:
            given["normal run"].add(gold.text, item, preds)
            if any(p.cue is not None and p.cue.overlap(item.cue) > 0 for p in preds):
                continue
            mine = [c for c in candidates if c.start_char < item.cue.end and item.cue.start < c.end_char]
            if not mine:
                continue
            missed += 1
            fate = tracker.fate(doc, mine[0], quotes, quotes)
            fates[fate.reason] += 1
            lines[(fate.reason, fate.where)] += 1
            if len(examples[fate.reason]) < args.examples:
                sentence = mine[0].sent.text.strip().replace("\n", " ")
                examples[fate.reason].append(f"[{mine[0].text}] {sentence[:200]}")
        doc.spans[CUE_CANDIDATES] = oracle_candidates(doc, [(a.cue.start, a.cue.end) for a in golds], kinds, noun_kinds)
        for variant, sink, label in ((None, oracle, "oracle"), (nested, oracle_nested, "oracle, nested kept")):
            if variant is not None:
                doc = variant(doc)
                for name in OURS[1:]:
                    doc = nlp.get_pipe(name)(doc)
            else:
                doc = run_ours(nlp, doc)
            records = document_record(doc, gold.id).claims
            sink.extend(records)
            preds = collect(records).by_doc.get(gold.id, [])
            for item in golds:
                given[label].add(gold.text, item, preds)

    print(f"## Linking on {args.gold.name}: {len(gold_docs)} documents\n")
    print("| run | partial F1 | soft F1 | exact F1 | source F1 | cue F1 | partial P | source P |")
    print("|---|---|---|---|---|---|---|---|")
    for name, records in (("normal run", normal), ("oracle: gold cues as candidates", oracle),
                          ("oracle, nested kept", oracle_nested)):
        s = evaluate(gold_docs, collect(records)).scores
        cells = [f"{getattr(s, m).F1:.1f}" for m in ("partial", "soft", "exact", "source", "cue")]
        print(f"| {name} | " + " | ".join(cells) + f" | {s.partial.P:.1f} | {s.source.P:.1f} |")
    print("\nGiven the right cue (percent of gold attributions: a prediction with that cue, its"
          " content partial / soft / exact, its source right):\n")
    print("| run | gold | linked | content partial | soft | exact | source |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name, figures in given.items():
        print(figures.row(name))
    print(f"\n{missed} gold cues have a candidate of ours but no predicted cue; why the linker dropped them:\n")
    print("| reason | cues | where |")
    print("|---|---:|---|")
    for reason, count in fates.most_common():
        where = ", ".join(f"{w} ({n})" for (r, w), n in lines.most_common() if r == reason and w)
        print(f"| {reason} | {count} | {where} |")
    for reason, items in examples.items():
        print(f"\n{reason}:")
        for item in items:
            print(f"  {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
