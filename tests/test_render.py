"""The article view and the report page as HTML: highlights that slice the text, the
legend, the side list, escaping, no network, and (when Chromium is installed) both pages
as a browser renders them, with a screenshot under ``test-artifacts/``.

The unit tests build the ``Document`` by hand over ``tests/fixtures/render_article.txt``,
so they test the view, not the pipeline; one test runs the real pipeline end to end.
"""

from __future__ import annotations

import shutil
from html import escape as html_escape
import subprocess
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.records import Document
from pipeline.render import Mark, article_html, highlight, render_article, report_html
from pipeline.report import report_files

FIXTURE = Path(__file__).parent / "fixtures" / "render_article.txt"
ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")


# -- a hand-made document ----------------------------------------------------------------


def text() -> str:
    return FIXTURE.read_bytes().decode("utf-8")


def at(doc: str, piece: str, after: int = 0) -> dict:
    start = doc.index(piece, after)
    return {"start": start, "end": start + len(piece)}


def span(doc: str, piece: str, after: int = 0) -> dict:
    return {"text": piece, "span": at(doc, piece, after)}


def claim(doc: str, n: int, fragments: list[str], *, source: str | None = None, source_type: str = "author",
          resolved: str | None = None, cue: str | None = None, lemma: str = "say", form: str = "verb",
          direct: bool = False, quantities: tuple[tuple[str, str], ...] = ()) -> dict:
    spans = [at(doc, piece) for piece in fragments]
    start, end = spans[0]["start"], spans[-1]["end"]
    source_record = None
    if source is not None:
        source_record = {**span(doc, source), "type": source_type,
                         "resolved": None if resolved is None else {**span(doc, resolved), "label": "PERSON"}}
    return {
        "doc_id": "mayor", "claim_id": f"mayor#{n}", "text": doc[start:end], "span": {"start": start, "end": end},
        "fragments": spans, "sentence": {"text": doc[start:end], "span": {"start": start, "end": end}},
        "attributed": cue is not None, "direct_quote": direct, "source": source_record, "source_type": source_type,
        "cue": None if cue is None else {**span(doc, cue), "lemma": lemma, "form": form, "kind": "speech"},
        "entities": [], "quantities": [{**span(doc, q), "label": label} for q, label in quantities], "hedges": [],
    }


def document() -> Document:
    doc = text()
    claims = [
        claim(doc, 1, ["Mayor Ann Lee will resign on Friday after a row over a $2 million budget gap"],
              source="the Daily Planet", source_type="media", cue="According to", lemma="according to",
              form="prepositional", quantities=(("$2 million", "MONEY"),)),
        claim(doc, 2, ['"We cannot pay our bills,"', '"The council has run out of road."'], source="she",
              source_type="person", resolved="Ann Lee", cue="said", direct=True),
        claim(doc, 3, ["that the deputy mayor, who officials say opposed the plan, will take over"],
              source_type="impersonal", cue="It is reported", lemma="it be report", form="impersonal"),
        claim(doc, 4, ["opposed the plan"], source="officials", source_type="group", cue="say"),
        claim(doc, 5, ["The town <b>hall</b> closes at 5 pm & the library at 6 pm."]),
        claim(doc, 6, ["that the gap is 12% of spending"], source="Analysts", source_type="group",
              cue="point out", lemma="point out"),
    ]
    return Document.model_validate({"doc_id": "mayor", "path": str(FIXTURE), "length": len(doc), "entities": [],
                                     "claims": claims, "errors": []}, context={"text": doc})


@pytest.fixture(scope="module")
def page() -> lxml.html.HtmlElement:
    return lxml.html.fromstring(article_html(document(), text(), model="test-model"))


# -- helpers -------------------------------------------------------------------------------


def visible_text(element: lxml.html.HtmlElement) -> str:
    """An element's text without the source-type badges (which are not document text)."""
    parts = [element.text or ""]
    for child in element:
        if "badge" not in child.get("class", "").split():
            parts.append(visible_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def marks(root, role: str, claim_id: str | None = None) -> list:
    found = root.xpath(f'//article//*[@data-role="{role}"]')
    return [m for m in found if claim_id is None or claim_id in m.get("data-claim", "").split()]


def classes(element) -> set[str]:
    return set(element.get("class", "").split())


def badge_after(element) -> str:
    sibling = element.getnext()
    assert sibling is not None and "badge" in classes(sibling), lxml.html.tostring(element)
    return sibling.text_content()


# -- the article view ----------------------------------------------------------------------


def test_article_text_is_the_document_text(page) -> None:
    (article,) = page.xpath("//article")
    assert visible_text(article) == text()


def test_every_highlight_is_its_slice_of_the_text(page) -> None:
    highlighted = page.xpath("//article//*[@data-start]")
    assert len(highlighted) >= 15
    for element in highlighted:
        start, end = int(element.get("data-start")), int(element.get("data-end"))
        assert visible_text(element) == text()[start:end], lxml.html.tostring(element)


@pytest.mark.parametrize(
    ("claim_id", "role", "expected", "css"),
    [
        ("mayor#1", "source", "the Daily Planet", {"source", "type-media"}),
        ("mayor#1", "cue", "According to", {"cue", "form-prepositional"}),
        ("mayor#1", "content", "Mayor Ann Lee will resign on Friday after a row over a $2 million budget gap",
         {"content", "attributed", "type-media"}),
        ("mayor#2", "source", "she", {"source", "type-person"}),
        ("mayor#3", "cue", "It is reported", {"cue", "form-impersonal"}),
        ("mayor#4", "source", "officials", {"source", "type-group"}),
        ("mayor#5", "content", "The town <b>hall</b> closes at 5 pm & the library at 6 pm.",
         {"content", "unattributed", "type-author"}),
        ("mayor#6", "cue", "point out", {"cue", "form-verb"}),
    ],
)
def test_highlights_have_their_text_and_classes(page, claim_id, role, expected, css) -> None:
    (element,) = marks(page, role, claim_id)
    assert visible_text(element) == expected
    assert css <= classes(element)


def test_a_split_quotation_is_two_direct_contents(page) -> None:
    pieces = marks(page, "content", "mayor#2")
    assert [visible_text(p) for p in pieces] == ['"We cannot pay our bills,"', '"The council has run out of road."']
    assert all({"attributed", "direct"} <= classes(p) for p in pieces)
    assert pieces[0].get("id") == "claim-2" and pieces[1].get("id") is None


def test_unattributed_claims_look_different(page) -> None:
    attributed = [c for m in marks(page, "content") for c in [classes(m)] if "attributed" in c]
    unattributed = [classes(m) for m in marks(page, "content") if "unattributed" in classes(m)]
    assert len(unattributed) == 1 and "attributed" not in unattributed[0]
    assert len(attributed) == 6 and not any("unattributed" in c for c in attributed)


def test_each_source_shows_its_type_and_referent(page) -> None:
    assert badge_after(marks(page, "source", "mayor#1")[0]) == "media"
    assert badge_after(marks(page, "source", "mayor#2")[0]) == "person Ann Lee"
    assert badge_after(marks(page, "source", "mayor#6")[0]) == "group"
    assert badge_after(marks(page, "cue", "mayor#3")[0]) == "impersonal"


def test_a_nested_attribution_nests(page) -> None:
    (outer,) = marks(page, "content", "mayor#3")
    (inner,) = marks(page, "content", "mayor#4")
    assert inner in outer.iterdescendants()
    assert marks(page, "source", "mayor#4")[0] in outer.iterdescendants()


def test_headings_and_bylines_are_styled_not_claims(page) -> None:
    (heading,) = page.xpath('//article//*[@data-role="heading"]')
    assert visible_text(heading) == 'Mayor Quits Over <script>alert("x")</script> Budget'
    (byline,) = page.xpath('//article//*[@data-role="byline"]')
    assert visible_text(byline) == "By Jane Roe"


def test_article_text_is_escaped(page) -> None:
    assert not page.xpath("//script") and not page.xpath("//article//b")
    raw = article_html(document(), text())
    assert "<script>" not in raw and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in raw
    assert "&lt;b&gt;hall&lt;/b&gt; closes at 5 pm &amp; the library" in raw


def test_legend_names_every_highlight_and_type(page) -> None:
    (legend,) = page.xpath('//ul[@class="legend"]')
    words = legend.text_content()
    for expected in ("Source", "Cue", "Attributed content", "Direct quotation", "Unattributed claim",
                     "person", "organisation", "media", "anonymous", "group", "impersonal"):
        assert expected in words
    assert {"content", "unattributed"} <= classes(legend.xpath('.//mark[contains(., "Unattributed")]')[0])


def test_side_list_groups_claims_by_source(page) -> None:
    groups = page.xpath("//aside//section")
    names = [g.get("data-source") for g in groups]
    assert names == ["the Daily Planet", "Ann Lee", "officials", "Analysts",
                     "Impersonal (no source named)", "Unattributed (the article's own voice)"]
    assert [g.get("data-group") for g in groups] == ["source"] * 4 + ["impersonal", "author"]
    numbers = {g.get("data-source"): [a.text for a in g.xpath(".//a")] for g in groups}
    assert numbers["Ann Lee"] == ["#2"] and numbers["Impersonal (no source named)"] == ["#3"]
    assert "as \u201cshe\u201d" in groups[1].text_content()
    assert groups[0].xpath(".//span[contains(@class, 'badge')]")[0].text_content() == "media"
    for link in page.xpath("//aside//a[@href]"):  # every link finds its claim in the text
        assert page.xpath(f'//article//*[@id="{link.get("href")[1:]}"]')
    assert page.xpath("//aside//li[contains(@class, 'unattributed')]")[0].get("data-claim") == "mayor#5"


def test_page_is_self_contained(page) -> None:
    assert not page.xpath("//script | //link | //img | //iframe | //object")
    assert all(href.startswith("#") for href in page.xpath("//@href"))
    assert not page.xpath("//@src")
    assert "http://" not in article_html(document(), text()).replace('xmlns="http://www.w3.org', "")


def test_without_blocks_the_text_is_still_whole() -> None:
    doc = "Plain words only."
    record = Document(doc_id="plain", length=len(doc), entities=[], claims=[], errors=[])
    root = lxml.html.fromstring(article_html(record, doc, blocks=[]))
    assert visible_text(root.xpath("//article")[0]) == doc
    assert "No claims found" in root.xpath("//aside")[0].text_content()


def test_crossing_highlights_are_cut_into_nested_pieces() -> None:
    doc = "alpha beta gamma delta"
    badge = '<span class="badge">b</span>'
    crossing = [Mark(0, 10, "content", ["content"], ["c#1"]), Mark(6, 16, "cue", ["cue"], ["c#2"], badge=badge),
                Mark(17, 22, "heading", ["block", "heading"])]
    root = lxml.html.fromstring(f"<div>{highlight(doc, crossing)}</div>")
    assert visible_text(root) == doc
    cues = root.xpath('//*[@data-role="cue"]')
    assert [(c.get("data-start"), c.get("data-end"), c.text) for c in cues] == [("6", "10", "beta"),
                                                                                   ("10", "16", " gamma")]
    assert cues[0].getparent().get("data-role") == "content" and "cont" in classes(cues[1])
    assert len(root.xpath('//*[@class="badge"]')) == 1 and "badge" in classes(cues[1].getnext())
    assert root.text_content() == "alpha beta gammab delta"


def test_blocks_outrank_contents_that_start_with_them() -> None:
    doc = "Title\n\nBody."
    pieces = [Mark(0, 5, "content", ["content"]), Mark(0, 5, "heading", ["block", "heading"])]
    root = lxml.html.fromstring(f"<div>{highlight(doc, pieces)}</div>")
    (heading,) = root.xpath('//*[@data-role="heading"]')
    assert heading.xpath('./*[@data-role="content"]')


def test_render_article_runs_the_pipeline(nlp) -> None:
    doc = text()
    root = lxml.html.fromstring(render_article(nlp, doc, "mayor", str(FIXTURE)))
    assert visible_text(root.xpath("//article")[0]) == doc
    for element in root.xpath("//article//*[@data-start]"):
        assert visible_text(element) == doc[int(element.get("data-start")) : int(element.get("data-end"))]
    assert [visible_text(m) for m in marks(root, "cue") if "According" in visible_text(m)] == ["According to"]
    assert root.xpath('//article//*[@data-role="heading"]')
    assert root.xpath("//aside//section")


def test_render_command_writes_the_page(tmp_path: Path, nlp) -> None:
    out = tmp_path / "mayor.html"
    result = CliRunner().invoke(main, ["render", str(FIXTURE), "-o", str(out), "--title", "Mayor <quits>"])
    assert result.exit_code == 0, result.output
    root = lxml.html.fromstring(out.read_text(encoding="utf-8"))
    assert root.xpath("//h1")[0].text_content() == "Mayor <quits>"
    assert visible_text(root.xpath("//article")[0]) == text()


def test_render_command_reports_an_unreadable_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(empty), "-o", str(tmp_path / "x.html")])
    assert result.exit_code == 1
    assert "empty" in result.output and not (tmp_path / "x.html").exists()


# -- in a browser --------------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="headless Chromium not installed: apt-get install -y chromium (/usr/bin/chromium)"
)


def chromium(page: Path, profile: Path, *args: str) -> str:
    """Run headless Chromium on ``page`` (offline, no first-run noise); its stdout."""
    command = [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--user-data-dir={profile}", *args, page.resolve().as_uri()]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def open_in_browser(html: str, name: str, tmp_path: Path) -> lxml.html.HtmlElement:
    """The DOM Chromium builds from ``html``; a screenshot of it goes to test-artifacts/."""
    page = tmp_path / f"{name}.html"
    page.write_text(html, encoding="utf-8")
    dom = chromium(page, tmp_path / "profile", "--dump-dom")
    ARTIFACTS.mkdir(exist_ok=True)
    screenshot = ARTIFACTS / f"{name}.png"
    screenshot.unlink(missing_ok=True)
    chromium(page, tmp_path / "profile", f"--screenshot={screenshot}", "--window-size=1280,1600")
    assert screenshot.stat().st_size > 10_000
    shutil.copy(page, ARTIFACTS / page.name)
    return lxml.html.fromstring(dom)


@pytest.mark.slow
@needs_chromium
def test_article_in_chromium(tmp_path: Path) -> None:
    root = open_in_browser(article_html(document(), text()), "render-article", tmp_path)
    assert visible_text(root.xpath("//article")[0]) == text()
    assert visible_text(marks(root, "source", "mayor#1")[0]) == "the Daily Planet"
    assert len(marks(root, "content")) == 7 and len(marks(root, "source")) == 4 and len(marks(root, "cue")) == 5
    assert not root.xpath("//script")
    assert len(root.xpath("//aside//li")) == 6


@pytest.mark.slow
@needs_chromium
def test_report_in_chromium(tmp_path: Path) -> None:
    from test_report import write_batch  # the hand-made batch output of the report tests

    report = report_files([write_batch(tmp_path / "out.jsonl")])
    root = open_in_browser(report_html(report), "render-report", tmp_path)
    charts = root.xpath("//svg")
    assert len(charts) == 4
    (types,) = root.xpath('//svg[@id="chart-types"]')
    assert len(types.xpath('.//*[local-name()="rect"]')) == 6
    assert [t.text for t in types.xpath('.//*[@class="label"]')] == [
        "person", "organisation", "media", "anonymous", "group", "impersonal"]
    assert root.xpath('//svg[@id="chart-sources"]//*[@class="label"]')[0].text == "Financial Times"
    assert root.xpath('//*[@data-card="failed"]//*[@class="value"]')[0].text == "2"


def test_side_list_groups_an_entity_under_its_canonical_name(nlp) -> None:
    """"Elena Varga", "Varga" and "she" are one person: one group, named in full (issue 14)."""
    doc = ("Mayor Elena Varga said the bridge would close. Peter Brandt said it was safe. "
           "Varga said the cracks were deep. She said repairs would take a year.")
    root = lxml.html.fromstring(render_article(nlp, doc, "bridge", None))
    groups = {g.get("data-source"): g for g in root.xpath("//aside//section[@data-group='source']")}
    assert set(groups) == {"Elena Varga", "Peter Brandt"}
    assert len(groups["Elena Varga"].xpath(".//li")) == 3
    assert "refers to Elena Varga" in " ".join(m.get("title") or "" for m in marks(root, "source"))


# -- negated and denied attributions --------------------------------------------------------


def test_negated_and_denied_attributions_are_flagged() -> None:
    doc = "Lee did not say the bridge would close. Roe denied that tolls would rise."
    records = [claim(doc, 1, ["the bridge would close"], source="Lee", source_type="person", cue="say"),
               claim(doc, 2, ["that tolls would rise"], source="Roe", source_type="person", cue="denied",
                     lemma="deny")]
    records[0]["stance"], records[1]["stance"] = "negated", "denied"
    record = Document.model_validate({"doc_id": "mayor", "length": len(doc), "entities": [], "claims": records,
                                      "errors": []}, context={"text": doc})
    root = lxml.html.fromstring(article_html(record, doc, blocks=[]))
    assert visible_text(root.xpath("//article")[0]) == doc
    for claim_id, stance, flag in (("mayor#1", "negated", "not said"), ("mayor#2", "denied", "denies")):
        (content,) = marks(root, "content", claim_id)
        assert f"stance-{stance}" in classes(content) and stance in content.get("title")
        (cue,) = marks(root, "cue", claim_id)
        assert badge_after(cue) == flag
        (item,) = root.xpath(f'//aside//li[@data-claim="{claim_id}"]')
        assert flag in item.text_content()
    legend = root.xpath('//ul[@class="legend"]')[0].text_content()
    assert "not said" in legend and "denies" in legend
    plain = lxml.html.fromstring(article_html(document(), text()))
    assert not plain.xpath('//article//*[contains(@class, "stance")]')


# -- layout, measured in a browser -------------------------------------------------------------

MEASURE = """<script>
const frame = document.getElementById("page");
frame.onload = () => {
  const doc = frame.contentDocument;
  const out = {width: doc.documentElement.clientWidth, scroll: doc.documentElement.scrollWidth,
               labels: [], legend: []};
  for (const label of doc.querySelectorAll("svg text.label")) {
    out.labels.push({text: label.textContent, x: label.getBBox().x});
  }
  for (const item of doc.querySelectorAll(".legend, .legend li, .legend .badge")) {
    const box = item.getBoundingClientRect();
    out.legend.push({left: box.left, right: box.right});
  }
  const pre = document.createElement("pre");
  pre.id = "measured";
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
};
</script>"""


def measure(html: str, name: str, tmp_path: Path, width: int) -> dict:
    """Sizes Chromium lays ``html`` out with in a frame ``width`` px wide (a window has a
    minimum width; a frame has its own viewport): a script in the outer page measures the
    page, its no-script policy removed, and writes the sizes into the outer DOM."""
    import json
    import re

    unlocked = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
    outer = (f'<!DOCTYPE html><html><body style="margin:0"><iframe id="page" width="{width}" height="1200" '
             f'style="border:0" srcdoc="{html_escape(unlocked, quote=True)}"></iframe>{MEASURE}</body></html>')
    page = tmp_path / f"{name}-{width}.html"
    page.write_text(outer, encoding="utf-8")
    dom = chromium(page, tmp_path / "profile", "--dump-dom", "--window-size=1400,1400", "--virtual-time-budget=3000")
    return json.loads(lxml.html.fromstring(dom).xpath('//pre[@id="measured"]')[0].text)


LONG_IDS = ["nyt_2016-05-31_trampling-latinos-sensibilities-of-the-southern-tip",
            "huff-post_2016-02-21_this-cable-news-panel-just-dismissed", "WOMEN'S WORLD MEDIA GROUP INTERNATIONAL"]


@pytest.mark.slow
@needs_chromium
@pytest.mark.parametrize("width", [420, 1280])
def test_chart_labels_are_never_clipped_on_the_left(tmp_path: Path, width: int) -> None:
    from test_report import make_claim

    lines = []
    for doc_id in LONG_IDS:
        doc = f"{doc_id} said it rained. Sources say it snowed."
        lines.append(make_claim(doc_id, doc, 1, "it rained", source=doc_id, source_type="organization",
                                cue="said").model_dump_json())
        lines.append(make_claim(doc_id, doc, 2, "it snowed", source="Sources", source_type="anonymous",
                                cue="say").model_dump_json())
    from pipeline.report import report_text

    measured = measure(report_html(report_text("\n".join(lines) + "\n")), "report-labels", tmp_path, width)
    shown = [label["text"] for label in measured["labels"]]
    assert any("…" in text and text.endswith("southern-tip") for text in shown), shown
    assert all(label["x"] >= 0 for label in measured["labels"]), measured["labels"]


@pytest.mark.slow
@needs_chromium
def test_legend_fits_a_narrow_window(tmp_path: Path) -> None:
    measured = measure(article_html(document(), text()), "article-narrow", tmp_path, 420)
    assert measured["width"] <= 420
    assert all(0 <= box["left"] and box["right"] <= measured["width"] for box in measured["legend"]), measured
    assert measured["scroll"] <= measured["width"], measured  # nothing on the page runs off to the right


def test_the_title_is_the_headline(tmp_path: Path) -> None:
    root = lxml.html.fromstring(article_html(document(), text()))
    headline = 'Mayor Quits Over <script>alert("x")</script> Budget'
    assert root.xpath("//h1")[0].text_content() == headline
    assert root.xpath("//title")[0].text_content().startswith(headline)
    assert lxml.html.fromstring(article_html(document(), text(), blocks=[])).xpath("//h1")[0].text == "mayor"
    titled = lxml.html.fromstring(article_html(document(), text(), title="Chosen"))
    assert titled.xpath("//h1")[0].text == "Chosen"


def test_render_command_titles_the_page_with_the_headline(tmp_path: Path, nlp) -> None:
    article = tmp_path / "pier-2026-draft.md"
    article.write_text("# Pier to reopen in May\n\nThe council said the pier will reopen in May.\n", encoding="utf-8")
    out = tmp_path / "page.html"
    result = CliRunner().invoke(main, ["render", str(article), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert lxml.html.fromstring(out.read_text(encoding="utf-8")).xpath("//h1")[0].text == "Pier to reopen in May"
