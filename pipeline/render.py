"""People would rather look than read JSON: HTML views of one article's claims and of a
corpus report, each one self-contained file (inline CSS and SVG, system fonts, no script
and nothing fetched), so it opens offline and can be mailed around.

The article view is drawn from the ``Document`` record and the document text, not from
spaCy's displaCy: contents may come in several fragments and attributions nest inside
each other's contents, so highlights are laid out as properly nested elements, a span
that crosses another being cut in two at the crossing. The text itself is written as it
is (``white-space: pre-wrap``), escaped, so paragraphs and bullets keep their shape and
the article's text content, badges aside, is the document text exactly. Every highlight
carries ``data-role``, ``data-claim`` and its ``data-start``/``data-end`` offsets.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from heapq import heapify, heappop, heappush
from importlib.resources import files

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.about import __version__
from pipeline.doc_keys import BLOCKS, NON_CLAIM_BLOCKS
from pipeline.export import document_record
from pipeline.records import Claim, Document
from pipeline.report import ATTRIBUTION_TYPES, Report, source_key, source_name

STYLED_BLOCKS = NON_CLAIM_BLOCKS
"""Blocks drawn apart from the text around them: headings, bylines, datelines."""

TYPE_LABELS = {
    "person": "person",
    "organization": "organisation",
    "media": "media",
    "anonymous": "anonymous",
    "group": "group",
    "impersonal": "impersonal",
    "author": "unattributed",
}
"""How each source type is named on the pages."""

TYPE_COLOURS = {
    "person": "#4263eb",
    "organization": "#0c8599",
    "media": "#7048e8",
    "anonymous": "#e03131",
    "group": "#d9480f",
    "impersonal": "#5c940d",
    "author": "#868e96",
}
"""The same colours as the ``--type-*`` variables of ``templates/base.css``, for SVG."""

STANCE_LABELS = {"negated": "not said", "denied": "denies"}
"""How a negated or denied attribution is flagged on the pages."""
STANCE_TITLES = {
    "negated": "negated: the source is reported not to have said it",
    "denied": "denied: the source says it is false",
}

_RANK = {"heading": 0, "byline": 0, "dateline": 0, "credit": 0, "content": 1, "source": 2, "cue": 2}
_SNIPPET = 200


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


@cache
def stylesheet(name: str) -> str:
    return (files("pipeline") / "templates" / name).read_text(encoding="utf-8")


def _page(title: str, css: Sequence[str], header: str, body: str, footer: str) -> str:
    styles = "\n".join(stylesheet(name) for name in css)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<meta name="generator" content="claim-pipeline {esc(__version__)}">\n'
        # Nothing may be fetched: no scripts at all, styles and images only from this file.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
        "style-src 'unsafe-inline'; img-src data:\">\n"
        f"<title>{esc(title)}</title>\n<style>\n{styles}\n</style>\n</head>\n<body>\n"
        f"{header}\n{body}\n"
        f'<footer class="page">{footer}</footer>\n</body>\n</html>\n'
    )


def _footer() -> str:
    return f"Made by claim-pipeline {esc(__version__)}. Works offline: nothing on this page is fetched."


def _badge(source_type: str, extra: str = "") -> str:
    resolved = f' <span class="resolved">{esc(extra)}</span>' if extra else ""
    return f'<span class="badge type-{esc(source_type)}">{esc(TYPE_LABELS.get(source_type, source_type))}{resolved}</span>'


def _stance_flag(stance: str) -> str:
    """A flag for a negated or denied attribution; nothing for an asserted one."""
    if stance not in STANCE_LABELS:
        return ""
    return f'<span class="badge stance stance-{esc(stance)}" title="{esc(STANCE_TITLES[stance])}">{esc(STANCE_LABELS[stance])}</span>'


def _snippet(text: str, limit: int = _SNIPPET) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text.rfind(" ", 0, limit)
    return text[: cut if cut > limit // 2 else limit].rstrip(",;:") + "…"


def _quoted(text: str) -> str:
    """``text`` in quotation marks, unless it already starts with one."""
    return text if text[:1] in "\"“‘'«" else f"“{text}”"


# -------------------------------------------------------------------- article view


@dataclass(frozen=True)
class Block:
    """A block of the document text, as the structure stage found it."""

    start: int
    end: int
    label: str


@dataclass
class Mark:
    """One highlight: a region of the text and what it is."""

    start: int
    end: int
    role: str
    classes: list[str]
    claims: list[str] = field(default_factory=list)
    title: str = ""
    anchor: str | None = None
    badge: str = ""

    @property
    def rank(self) -> int:
        return _RANK[self.role]


def blocks_of(doc: Doc) -> list[Block]:
    """The blocks the structure stage put on ``doc``."""
    return [Block(s.start_char, s.end_char, s.label_) for s in doc.spans.get(BLOCKS, [])]


def _claim_title(number: int, claim: Claim) -> str:
    if claim.source_type == "author":
        who = "unattributed: the article's own voice"
    elif claim.source is None:
        who = "impersonal attribution (no source)"
    else:
        who = f"{TYPE_LABELS[claim.source_type]}: {source_name(claim)}"
    how = f", cue \u201c{claim.cue.text}\u201d" if claim.cue is not None else ""
    quote = ", direct quotation" if claim.direct_quote else ""
    stance = f", {STANCE_TITLES[claim.stance]}" if claim.stance in STANCE_TITLES else ""
    return f"Claim {number} \u2014 {who}{how}{quote}{stance}"


def claim_marks(document: Document, blocks: Iterable[Block] = ()) -> list[Mark]:
    """The highlights of ``document``: its styled blocks, and the contents, sources and
    cues of its claims; a source or cue shared by several claims is one mark."""
    marks: dict[tuple[int, int, str], Mark] = {}

    def add(mark: Mark) -> None:
        if mark.end <= mark.start:
            return
        known = marks.get((mark.start, mark.end, mark.role))
        if known is None:
            marks[(mark.start, mark.end, mark.role)] = mark
        else:
            known.claims.extend(c for c in mark.claims if c not in known.claims)
            known.title = f"{known.title}\n{mark.title}" if mark.title not in known.title else known.title
            known.anchor = known.anchor or mark.anchor

    for block in blocks:
        if block.label in STYLED_BLOCKS:
            add(Mark(block.start, block.end, block.label, ["block", block.label], title=f"{block.label} (not a claim)"))
    for number, claim in enumerate(document.claims, start=1):
        title = _claim_title(number, claim)
        kind = ["attributed", "direct"] if claim.direct_quote else ["attributed"]
        classes = ["content", *(kind if claim.attributed else ["unattributed"]), f"type-{claim.source_type}"]
        if claim.stance in STANCE_LABELS:
            classes.append(f"stance-{claim.stance}")
        for index, fragment in enumerate(sorted(claim.fragments, key=lambda f: f.start)):
            add(Mark(fragment.start, fragment.end, "content", list(classes), [claim.claim_id], title,
                     anchor=f"claim-{number}" if index == 0 else None))
        if claim.source is not None:
            resolved = claim.source.resolved
            who = (resolved.name or resolved.text) if resolved is not None else None
            named = who is not None and who.casefold() not in claim.source.text.casefold()
            extra = who if named else ""
            add(Mark(claim.source.span.start, claim.source.span.end, "source",
                     ["source", f"type-{claim.source.type}"], [claim.claim_id],
                     f"Source of claim {number}: {TYPE_LABELS[claim.source.type]}"
                     + (f", refers to {who}" if who is not None else ""),
                     badge=_badge(claim.source.type, extra)))
        if claim.cue is not None:
            add(Mark(claim.cue.span.start, claim.cue.span.end, "cue",
                     ["cue", f"form-{claim.cue.form}"], [claim.claim_id],
                     f"Cue of claim {number}: {claim.cue.lemma} ({claim.cue.form}, {claim.cue.kind})",
                     badge=(_badge("impersonal") if claim.source is None else "") + _stance_flag(claim.stance)))
    return list(marks.values())


def highlight(text: str, marks: Iterable[Mark]) -> str:
    """``text`` escaped, with every mark as an element; marks nest by position (outer
    first: blocks, contents, then sources and cues), and a mark that crosses the end of
    the one it opened in is cut there and goes on as a second piece."""
    out: list[str] = []
    queue = [(m.start, -m.end, m.rank, i, m.start, m) for i, m in enumerate(marks)]
    heapify(queue)
    serial = len(queue)
    stack: list[tuple[int, Mark]] = []  # (end of the open piece, its mark)
    position = 0

    def close() -> None:
        nonlocal position
        end, mark = stack.pop()
        out.append(esc(text[position:end]))
        position = end
        out.append("</mark>" if mark.role in ("content", "source", "cue") else "</span>")
        if end == mark.end and mark.badge:
            out.append(mark.badge)

    while queue:
        start, negative_end, rank, _, first, mark = heappop(queue)
        end = -negative_end
        while stack and stack[-1][0] <= start:
            close()
        if stack and end > stack[-1][0]:  # crosses the end of the open mark: cut it there
            serial += 1
            heappush(queue, (stack[-1][0], negative_end, rank, serial, first, mark))
            end = stack[-1][0]
        if end <= start:
            continue
        out.append(esc(text[position:start]))
        position = start
        out.append(_open(mark, start, end, first))
        stack.append((end, mark))
    while stack:
        close()
    out.append(esc(text[position:]))
    return "".join(out)


def _open(mark: Mark, start: int, end: int, first: int) -> str:
    piece = start != first
    classes = " ".join(mark.classes + (["cont"] if piece else []))
    attributes = [f'class="{esc(classes)}"', f'data-role="{mark.role}"']
    if mark.anchor and not piece:
        attributes.append(f'id="{esc(mark.anchor)}"')
    if mark.claims:
        attributes.append(f'data-claim="{esc(" ".join(mark.claims))}"')
    attributes.append(f'data-start="{start}" data-end="{end}"')
    if mark.title:
        attributes.append(f'title="{esc(mark.title)}"')
    tag = "mark" if mark.role in ("content", "source", "cue") else "span"
    return f"<{tag} {' '.join(attributes)}>"


@dataclass
class SourceGroup:
    """Claims attributed to one source, for the side list."""

    kind: str  # source | impersonal | author
    name: str
    types: dict[str, int] = field(default_factory=dict)
    claims: list[tuple[int, Claim]] = field(default_factory=list)

    @property
    def type(self) -> str:
        return max(self.types, key=lambda t: self.types[t]) if self.types else self.kind


def group_claims(document: Document) -> list[SourceGroup]:
    """Claims grouped by who makes them (the entity a source is resolved to, by its
    canonical name, else the mention): most cited first, then impersonal attributions,
    then the article's own claims."""
    groups: dict[str, SourceGroup] = {}
    for number, claim in enumerate(document.claims, start=1):
        name = source_name(claim)
        if name is not None:
            resolved = claim.source.resolved if claim.source is not None else None
            key = f"entity:{resolved.entity_id}" if resolved is not None and resolved.entity_id else "source:" + source_key(name)
            group = groups.setdefault(key, SourceGroup("source", name))
        elif claim.attributed:
            group = groups.setdefault("impersonal", SourceGroup("impersonal", "Impersonal (no source named)"))
        else:
            group = groups.setdefault("author", SourceGroup("author", "Unattributed (the article's own voice)"))
        group.types[claim.source_type] = group.types.get(claim.source_type, 0) + 1
        group.claims.append((number, claim))
    order = {"source": 0, "impersonal": 1, "author": 2}
    return sorted(groups.values(), key=lambda g: (order[g.kind], -len(g.claims), g.claims[0][0]))


def _side_list(document: Document) -> str:
    attributed = sum(c.attributed for c in document.claims)
    parts = [
        '<aside class="claims" aria-label="Claims by source">',
        "<h2>Claims by source</h2>",
        f"<p>{len(document.claims)} claims: {attributed} attributed, {len(document.claims) - attributed} "
        "in the article's own voice. Click a number to find it in the text.</p>",
    ]
    for group in group_claims(document):
        badge = _badge(group.type) if group.kind == "source" else ""
        parts.append(f'<section class="group {group.kind}" data-group="{esc(group.kind)}" '
                     f'data-source="{esc(group.name)}">')
        parts.append(f'<h3><span class="group-name">{esc(group.name)}</span>{badge}'
                     f'<span class="count">{len(group.claims)}</span></h3>\n<ol>')
        for number, claim in group.claims:
            bits = [f'<a class="ref" href="#claim-{number}">#{number}</a>']
            if claim.source is not None and source_key(group.name) not in source_key(claim.source.text):
                bits.append(f'<span class="as">as \u201c{esc(claim.source.text)}\u201d</span>')
            if claim.cue is not None:
                bits.append(f'<span class="cue-text">{esc(claim.cue.text)}</span>{_stance_flag(claim.stance)}')
            bits.append(f'<span class="content-text">{esc(_quoted(_snippet(claim.text)))}</span>')
            state = "attributed" if claim.attributed else "unattributed"
            parts.append(f'<li class="claim-item {state}" data-claim="{esc(claim.claim_id)}">{" ".join(bits)}</li>')
        parts.append("</ol>\n</section>")
    if not document.claims:
        parts.append("<p>No claims found in this article.</p>")
    parts.append("</aside>")
    return "\n".join(parts)


def _legend() -> str:
    types = "".join(_badge(t) for t in ATTRIBUTION_TYPES)
    return (
        '<ul class="legend" aria-label="Legend">'
        '<li><mark class="source">Source</mark></li>'
        '<li><mark class="cue">Cue</mark></li>'
        '<li><mark class="content attributed">Attributed content</mark></li>'
        '<li><mark class="content attributed direct">Direct quotation</mark></li>'
        '<li><mark class="content unattributed">Unattributed claim (article\'s own voice)</mark></li>'
        f'<li>{_stance_flag("negated")} {_stance_flag("denied")}</li>'
        f'<li class="types">Source types: {types}</li>'
        "</ul>"
    )


def headline(text: str, blocks: Iterable[Block]) -> str | None:
    """The article's headline: its first block, when that is a heading."""
    first = min(blocks, key=lambda b: b.start, default=None)
    if first is None or first.label != "heading":
        return None
    words = " ".join(text[first.start : first.end].split()).lstrip("#").strip()
    return words.rstrip(".") or None


def article_html(document: Document, text: str, *, blocks: Iterable[Block] | None = None,
                 title: str | None = None, model: str | None = None) -> str:
    """The article view of ``document`` over ``text`` (the text it was extracted from) as
    one HTML page. ``blocks`` style headings and bylines; without them the structure
    stage's own block finder is run on the text. The title is ``title``, else the
    article's headline, else its doc_id."""
    if blocks is None:
        from pipeline.stages.structure import find_blocks

        blocks = [Block(b.start, b.end, b.label) for b in find_blocks(text)]
    blocks = list(blocks)
    title = title or headline(text, blocks) or document.doc_id
    attributed = sum(c.attributed for c in document.claims)
    meta = [f"<span>{len(document.claims)} claims</span>", f"<span>{attributed} attributed</span>",
            f"<span>{len(document.claims) - attributed} unattributed</span>"]
    if document.path:
        meta.insert(0, f"<span>{esc(document.path)}</span>")
    if model:
        meta.append(f"<span>model {esc(model)}</span>")
    header = (f'<header class="page"><h1>{esc(title)}</h1><p class="meta">{"".join(meta)}</p>'
              f"{_legend()}</header>")
    body = (f'<main class="article">\n<article class="text" data-doc="{esc(document.doc_id)}">'
            f"{highlight(text, claim_marks(document, blocks))}</article>\n{_side_list(document)}\n</main>")
    return _page(f"{title} \u2014 claims", ("base.css", "article.css"), header, body, _footer())


def render_article(nlp: Language, text: str, doc_id: str, path: str | None = None,
                   title: str | None = None) -> str:
    """Run ``nlp`` on ``text`` and return its article view."""
    doc = nlp(text)
    record = document_record(doc, doc_id, path)
    model = f"{nlp.meta.get('lang', '')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}".strip()
    return article_html(record, text, blocks=blocks_of(doc), title=title, model=model)


# -------------------------------------------------------------------------- charts


def bar_chart(items: Sequence[tuple[str, int]], *, title: str, colours: Sequence[str] | str = "#1c7ed6",
              chart_id: str = "") -> str:
    """A horizontal bar chart as inline SVG: one ``rect.bar`` and one ``text.label`` per
    item, in the order given, scaled to the largest value."""
    palette = [colours] * len(items) if isinstance(colours, str) else list(colours)
    return stacked_chart([(label, [value]) for label, value in items], title=title,
                         colours=[[palette[i % len(palette)]] for i in range(len(items))] if palette else [],
                         chart_id=chart_id)


def stacked_chart(items: Sequence[tuple[str, Sequence[float]]], *, title: str,
                  colours: Sequence[Sequence[str]], names: Sequence[str] = (),
                  value_text: Callable[[float], str] = lambda v: f"{v:,.0f}",
                  width: int = 600, label_width: int = 200, bar_height: int = 22, gap: int = 8,
                  chart_id: str = "") -> str:
    """Horizontal bars as inline SVG, each of one or more segments (``names`` the series,
    ``colours[i][j]`` the colour of item ``i``'s segment ``j``): a ``rect.bar`` per segment
    and a ``text.label`` per item, in the order given, scaled to the longest bar."""
    top = 6
    value_room = 64
    height = top * 2 + max(len(items), 1) * (bar_height + gap)
    span = width - label_width - value_room
    largest = max((sum(values) for _, values in items), default=0)
    ident = f' id="{esc(chart_id)}"' if chart_id else ""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg"{ident} class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" aria-label="{esc(title)}">',
        f"<title>{esc(title)}</title>",
        f'<line class="axis" x1="{label_width}" y1="{top - 2}" x2="{label_width}" y2="{height - top + 2}"/>',
    ]
    if not items:
        parts.append(f'<text class="none" x="{label_width + 10}" y="{top + bar_height * 0.72:.0f}">no data</text>')
    for index, (label, values) in enumerate(items):
        y = top + index * (bar_height + gap)
        middle = y + bar_height * 0.72
        shown = fit_label(label, label_width - 8)
        total = sum(values)
        detail = ", ".join(f"{names[j]} {value_text(v)}" for j, v in enumerate(values)) if names else value_text(total)
        parts.append(f'<g class="bar-group"><title>{esc(label)}: {esc(detail)}</title>'
                     f'<text class="label" x="{label_width - 8}" y="{middle:.1f}" text-anchor="end">{esc(shown)}</text>')
        x = float(label_width)
        for j, value in enumerate(values):
            length = 0.0 if not largest else span * value / largest
            series = f' data-series="{esc(names[j])}"' if names else ""
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{y}" width="{length:.1f}" height="{bar_height}" '
                         f'fill="{esc(colours[index][j])}" data-value="{value}"{series}/>')
            x += length
        parts.append(f'<text class="value" x="{x + 6:.1f}" y="{middle:.1f}">{esc(value_text(total))}</text></g>')
    parts.append("</svg>")
    return "".join(parts)


_NARROW = frozenset("iIljtfr.,:;'|!()[]{} -")
_WIDE = frozenset("mwMW@%")


def _ems(text: str) -> float:
    """A generous estimate of ``text``'s width in ems of a sans-serif font: wide for
    capitals and "m", "w", narrow for "i", "l", punctuation and spaces."""
    return sum(0.42 if c in _NARROW else 1.0 if c in _WIDE else 0.8 if c.isupper() else 0.64 for c in text)


def fit_label(label: str, room: float, font_size: float = 13) -> str:
    """``label`` as it fits in ``room`` units before a chart's axis: cut in the middle,
    so a long document id keeps its start and its distinctive end
    ("nyt_2016-05-31_…ng-latinos-sensibilities"); the whole label is in the bar's title."""
    if _ems(label) * font_size <= room:
        return label
    budget = room / font_size - _ems("…")
    head, tail = [], []
    left, right = 0, len(label) - 1
    while left <= right:
        side, char = (head, label[left]) if len(head) <= len(tail) else (tail, label[right])
        if _ems("".join(head) + "".join(tail) + char) > budget:
            break
        side.append(char)
        if side is head:
            left += 1
        else:
            right -= 1
    return "".join(head) + "…" + "".join(reversed(tail))


def type_chart(report: Report) -> str:
    """Attributions by source type: one bar per type of attributed claim, always all of them."""
    items = [(TYPE_LABELS[t], report.by_source_type.get(t, 0)) for t in ATTRIBUTION_TYPES]
    return bar_chart(items, title="Attributions by source type", colours=[TYPE_COLOURS[t] for t in ATTRIBUTION_TYPES],
                     chart_id="chart-types")


def sources_chart(report: Report, limit: int = 10) -> str:
    """The most cited sources, coloured by their type."""
    sources = report.top_sources[:limit]
    return bar_chart([(s.name, s.claims) for s in sources], title=f"Top {limit} sources",
                     colours=[TYPE_COLOURS[s.type] for s in sources] or "#1c7ed6", chart_id="chart-sources")


def cues_chart(report: Report, limit: int = 10) -> str:
    """The most frequent cues, by lemma."""
    return bar_chart([(c.lemma, c.count) for c in report.top_cues[:limit]], title=f"Top {limit} cues",
                     colours="#e8590c", chart_id="chart-cues")


def shares_chart(report: Report, limit: int = 10) -> str:
    """The documents that lean most on anonymous and impersonal attributions: their shares
    of the document's attributions, stacked."""
    ranked = sorted((d for d in report.per_document if d.attributed),
                    key=lambda d: (-(d.anonymous + d.impersonal) / d.attributed, -d.attributed, d.doc_id))[:limit]
    return stacked_chart(
        [(d.doc_id, [d.anonymous / d.attributed, d.impersonal / d.attributed]) for d in ranked],
        title=f"Anonymous and impersonal share of attributions, top {limit} documents",
        colours=[[TYPE_COLOURS["anonymous"], TYPE_COLOURS["impersonal"]]] * len(ranked),
        names=["anonymous", "impersonal"], value_text=lambda v: f"{v * 100:.0f}%", chart_id="chart-shares",
    )


# -------------------------------------------------------------------------- report


def percent(value: float | None) -> str:
    return "\u2014" if value is None else f"{value * 100:.1f}%"


class Html(str):
    """Text that is already HTML: a table cell of this type is not escaped again."""


def _cell(value: object) -> str:
    if isinstance(value, Html):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return esc(value)


def _table(headers: Sequence[str], rows: Iterable[Sequence[object]], *, numeric: Iterable[int] = (),
           classes: dict[int, str] | None = None, empty: str = "None.",
           footer: Sequence[object] | None = None) -> str:
    """A table; cells are escaped (``Html`` cells excepted), integers get thousands separators."""
    numeric = set(numeric)
    style = {i: "num" for i in numeric} | (classes or {})

    def cells(row: Sequence[object], tag: str = "td") -> str:
        attributes = [f' class="{style[i]}"' if i in style else "" for i in range(len(row))]
        return "".join(f"<{tag}{attributes[i]}>{_cell(cell)}</{tag}>" for i, cell in enumerate(row))

    head = cells(headers, "th")
    body = [f"<tr>{cells(row)}</tr>" for row in rows]
    if not body:
        body.append(f'<tr class="empty"><td colspan="{len(headers)}">{esc(empty)}</td></tr>')
    foot = f"<tfoot><tr>{cells(footer)}</tr></tfoot>" if footer is not None else ""
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody>{foot}</table>"


def _section(ident: str, title: str, content: str, note: str = "") -> str:
    note_html = f'<p class="note">{note}</p>' if note else ""
    return f'<section class="table" id="{ident}"><h2>{esc(title)}</h2>{note_html}{content}</section>'


def _more(shown: int, total: int, what: str) -> str:
    return f"Showing {shown:,} of {total:,} {what}; <code>--format json</code> has them all." if total > shown else ""


def _inputs(report: Report) -> str:
    if not report.inputs:
        return "batch output"
    return ", ".join(report.inputs[:3]) + (f" and {len(report.inputs) - 3} more files" if len(report.inputs) > 3 else "")


def report_html(report: Report, *, title: str | None = None, max_rows: int = 200) -> str:
    """The corpus report as one HTML page: summary figures, charts, then the tables."""
    title = title or ("Who is cited: " + _inputs(report))
    cards = [
        ("documents", f"{report.documents:,}", "documents", False),
        ("failed", f"{report.failed_documents:,}", "failed documents", report.failed_documents > 0),
        ("claims", f"{report.claims:,}", "claims", False),
        ("attributed", f"{report.attributed:,}", "attributed claims", False),
        ("anonymous", percent(report.anonymous_share), "anonymous attributions", False),
        ("impersonal", percent(report.impersonal_share), "impersonal attributions", False),
        ("quantities", f"{report.quantity_claims:,}", "claims with quantities", False),
        ("negated", f"{report.negated:,}", "negated attributions (not said)", False),
        ("denied", f"{report.denied:,}", "denials", False),
    ]
    if report.malformed_lines or report.invalid_records:
        cards.append(("malformed", f"{report.malformed_lines + report.invalid_records:,}",
                      "unreadable input lines", True))
    card_html = "".join(
        f'<li class="{name}{" alert" if alert else ""}" data-card="{name}"><span class="value">{value}</span>'
        f'<span class="label">{esc(label)}</span></li>'
        for name, value, label, alert in cards
    )
    key = (f'<span class="key"><i style="background:{TYPE_COLOURS["anonymous"]}"></i>anonymous '
           f'<i style="background:{TYPE_COLOURS["impersonal"]}"></i>impersonal</span>')
    charts = (
        '<div class="charts">'
        f'<figure class="chart"><figcaption>Attributions by source type</figcaption>{type_chart(report)}</figure>'
        f'<figure class="chart"><figcaption>Most cited sources</figcaption>{sources_chart(report)}</figure>'
        f'<figure class="chart"><figcaption>Most frequent cues</figcaption>{cues_chart(report)}</figure>'
        f'<figure class="chart"><figcaption>Anonymous and impersonal share, by document'
        f"{key}</figcaption>{shares_chart(report)}</figure>"
        "</div>"
    )
    attributed = report.attributed
    types = _table(
        ["Source type", "Claims", "Share of attributions"],
        [(TYPE_LABELS[t] + (" (the article's own voice)" if t == "author" else ""), n,
          "\u2014" if t == "author" else percent(n / attributed if attributed else None))
         for t, n in report.by_source_type.items()],
        numeric={1, 2},
    )
    sources = _table(
        ["Source", "Type", "Claims", "Documents"],
        [(s.name, Html(_badge(s.type)), s.claims, s.documents) for s in report.top_sources],
        numeric={2, 3}, empty="No sourced claims.",
    )
    cues = _table(
        ["Cue (lemma)", "Form", "Claims", "As written"],
        [(c.lemma, c.form, c.count, ", ".join(f"\u201c{e}\u201d" for e in c.examples)) for c in report.top_cues],
        numeric={2}, empty="No attributed claims.",
    )
    documents = _table(
        ["Document", "Claims", "Attributed", "Anonymous", "Impersonal", "Anonymous share", "Impersonal share"],
        [(Html(f"<code>{esc(d.doc_id)}</code>"), d.claims, d.attributed, d.anonymous, d.impersonal,
          percent(d.anonymous_share), percent(d.impersonal_share))
         for d in report.per_document[:max_rows]],
        numeric=range(1, 7), empty="No documents.",
        footer=("All documents", report.claims, report.attributed, report.anonymous, report.impersonal,
                percent(report.anonymous_share), percent(report.impersonal_share)),
    )
    quantities = _table(
        ["Claim", "Source", "Quantities", "Content"],
        [(Html(f"<code>{esc(q.claim_id)}</code>"), q.source or TYPE_LABELS[q.source_type], ", ".join(q.quantities),
          _snippet(q.text))
         for q in report.quantity_examples[:max_rows]],
        classes={0: "id", 3: "text"}, empty="No claim mentions a quantity.",
    )
    stances = _table(
        ["Claim", "Source", "Stance", "Cue", "Content"],
        [(Html(f"<code>{esc(c.claim_id)}</code>"), c.source or TYPE_LABELS[c.source_type],
          Html(_stance_flag(c.stance)), c.cue, _snippet(c.text))
         for c in report.stance_examples[:max_rows]],
        classes={0: "id", 4: "text"}, empty="No attribution is negated or denied.",
    )
    failures = _table(
        ["Document", "Path", "Line", "Error", "Message"],
        [(f.doc_id or "\u2014", f.path or "\u2014", "" if f.line is None else f.line, f.error_type, f.message)
         for f in report.failures[:max_rows]],
        numeric={2}, classes={4: "text"}, empty="No document failed.",
    )
    body = [
        '<main class="report">',
        f'<ul class="cards">{card_html}</ul>',
        charts,
        _section("by-type", "Claims by source type", types,
                 "Shares are of attributed claims; unattributed claims are the article's own assertions."),
        _section("sources", "Who is cited", sources,
                 f"{report.distinct_sources:,} distinct sources, by resolved entity (else the mention as written)."
                 + (" " + _more(len(report.top_sources), report.distinct_sources, "sources")
                    if report.distinct_sources > len(report.top_sources) else "")),
        _section("cues", "Most frequent cues", cues,
                 f"{report.distinct_cues:,} distinct cues."
                 + (" " + _more(len(report.top_cues), report.distinct_cues, "cues")
                    if report.distinct_cues > len(report.top_cues) else "")),
        _section("documents", "Anonymous and impersonal attributions per document", documents,
                 _more(min(max_rows, len(report.per_document)), len(report.per_document), "documents")),
        _section("quantities", "Claims with quantities", quantities,
                 f"{report.quantity_claims:,} claims mention an amount (money, a percentage, a measure or a count; "
                 "dates, times and ranks are not counted). "
                 + _more(min(max_rows, len(report.quantity_examples)), report.quantity_claims, "of them")),
        _section("stances", "Negated and denied attributions", stances,
                 f"{report.negated:,} attributions say the source did not say the content ('did not say', "
                 f"'never claimed'); {report.denied:,} say the source denies it ('denied', 'rejected the claim "
                 "that'). " + _more(min(max_rows, len(report.stance_examples)), report.negated + report.denied,
                                    "of them")),
        _section("failures", "Failed documents", failures,
                 ", ".join(f"{t}: {n:,}" for t, n in report.failures_by_type.items())),
    ]
    if report.problems or report.malformed_lines or report.invalid_records:
        problems = _table(["Where", "Problem", "Message"],
                          [(f"{p.path or '<stdin>'}:{p.line}", p.kind.replace("_", " "), p.message)
                           for p in report.problems],
                          classes={2: "text"})
        body.append(_section("input-problems", "Unreadable input lines", problems,
                             f"{report.malformed_lines:,} lines are not JSON and {report.invalid_records:,} "
                             "are not claim, document or error records; they were skipped."))
    if report.duplicate_claims:
        body.append(f'<p class="note">{report.duplicate_claims:,} claim records repeated an earlier '
                    "claim_id and were counted once.</p>")
    body.append("</main>")
    meta = f'<p class="meta"><span>{esc(_inputs(report))}</span><span>{report.documents:,} documents</span>' \
           f"<span>{report.claims:,} claims</span></p>"
    header = f'<header class="page"><h1>{esc(title)}</h1>{meta}</header>'
    return _page(title, ("base.css", "report.css"), header, "\n".join(body), _footer())


def _md(value: object) -> str:
    text = f"{value:,}" if isinstance(value, int) else str(value)
    text = " ".join(text.split()).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text.replace("|", "\\|")


def _md_table(headers: Sequence[str], rows: Iterable[Sequence[object]], right: set[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(headers) + " |",
             "|" + "|".join("---:" if i in right else "---" for i in range(len(headers))) + "|"]
    lines.extend("| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows)
    if len(lines) == 2:
        lines.append("| " + " | ".join(["\u2014"] * len(headers)) + " |")
    return lines


def report_markdown(report: Report, *, max_rows: int = 200) -> str:
    """The corpus report as Markdown tables (the charts are HTML only)."""
    attributed = report.attributed
    lines = [
        f"# Who is cited: {_inputs(report)}",
        "",
        f"- documents: {report.documents:,} ({report.failed_documents:,} failed)",
        f"- claims: {report.claims:,} ({report.attributed:,} attributed, {report.unattributed:,} unattributed)",
        f"- anonymous attributions: {report.anonymous:,} ({percent(report.anonymous_share)} of attributions)",
        f"- impersonal attributions: {report.impersonal:,} ({percent(report.impersonal_share)} of attributions)",
        f"- claims with quantities: {report.quantity_claims:,}",
        f"- negated attributions (the source did not say it): {report.negated:,}",
        f"- denials (the source says it is false): {report.denied:,}",
    ]
    if report.malformed_lines or report.invalid_records:
        lines.append(f"- unreadable input lines: {report.malformed_lines:,} not JSON, "
                     f"{report.invalid_records:,} not records")
    if report.duplicate_claims:
        lines.append(f"- repeated claim records counted once: {report.duplicate_claims:,}")
    lines += ["", "## Claims by source type", ""]
    lines += _md_table(["Source type", "Claims", "Share of attributions"],
                       [(TYPE_LABELS[t], n, "\u2014" if t == "author" else percent(n / attributed if attributed else None))
                        for t, n in report.by_source_type.items()], right={1, 2})
    lines += ["", "## Who is cited", ""]
    lines += _md_table(["Source", "Type", "Claims", "Documents"],
                       [(s.name, TYPE_LABELS[s.type], s.claims, s.documents) for s in report.top_sources],
                       right={2, 3})
    lines += ["", "## Most frequent cues", ""]
    lines += _md_table(["Cue (lemma)", "Form", "Claims", "As written"],
                       [(c.lemma, c.form, c.count, ", ".join(c.examples)) for c in report.top_cues], right={2})
    lines += ["", "## Anonymous and impersonal attributions per document", ""]
    lines += _md_table(["Document", "Claims", "Attributed", "Anonymous", "Impersonal", "Anonymous share",
                        "Impersonal share"],
                       [(d.doc_id, d.claims, d.attributed, d.anonymous, d.impersonal, percent(d.anonymous_share),
                         percent(d.impersonal_share)) for d in report.per_document[:max_rows]]
                       + [("**all**", report.claims, report.attributed, report.anonymous, report.impersonal,
                           percent(report.anonymous_share), percent(report.impersonal_share))],
                       right={1, 2, 3, 4, 5, 6})
    lines += ["", "## Claims with quantities", ""]
    lines += _md_table(["Claim", "Source", "Quantities", "Content"],
                       [(q.claim_id, q.source or TYPE_LABELS[q.source_type], ", ".join(q.quantities), _snippet(q.text))
                        for q in report.quantity_examples[:max_rows]])
    lines += ["", "## Negated and denied attributions", ""]
    lines += _md_table(["Claim", "Source", "Stance", "Cue", "Content"],
                       [(c.claim_id, c.source or TYPE_LABELS[c.source_type], STANCE_LABELS[c.stance], c.cue,
                         _snippet(c.text)) for c in report.stance_examples[:max_rows]])
    lines += ["", "## Failed documents", ""]
    lines += _md_table(["Document", "Path", "Line", "Error", "Message"],
                       [(f.doc_id or "\u2014", f.path or "\u2014", "" if f.line is None else f.line, f.error_type,
                         f.message) for f in report.failures[:max_rows]], right={2})
    if report.problems:
        lines += ["", "## Unreadable input lines", ""]
        lines += _md_table(["Where", "Problem", "Message"],
                           [(f"{p.path or '<stdin>'}:{p.line}", p.kind.replace("_", " "), p.message)
                            for p in report.problems])
    return "\n".join(lines) + "\n"
