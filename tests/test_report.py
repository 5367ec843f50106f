"""The corpus report: counts over a hand-made batch output (claim, document and error
records, mixed with lines that are not JSON or not records), and the report as JSON,
Markdown and HTML with its inline SVG charts. No model is loaded here.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import lxml.html
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.records import Claim, Document, ErrorRecord, Quantity
from pipeline.render import report_html, report_markdown
from pipeline.report import (
    UNRESOLVED_PRONOUN,
    Report,
    batch_files,
    is_amount,
    report_files,
    report_text,
    source_key,
    source_name,
)

ALPHA = ("According to the Financial Times, the firm lost $5 million. Financial Times said the chief left. "
         "Sources say the board met twice. It is reported that profits fell 10%. The sky is blue.")
BETA = "Financial Times reported the deal. Ann <Lee> joined. He said costs rose by 3%. Analysts never say it will fail."
GAMMA = "Officials said the road is closed."


# -- a hand-made batch output --------------------------------------------------------------


def span(doc: str, piece: str) -> dict:
    start = doc.index(piece)
    return {"text": piece, "span": {"start": start, "end": start + len(piece)}}


def make_claim(doc_id: str, doc: str, n: int, content: str, *, source: str | None = None,
               source_type: str = "author", resolved: str | None = None, cue: str | None = None,
               lemma: str = "say", form: str = "verb", quantities: tuple[str, ...] = (),
               stance: str = "asserted", labels: tuple[str, ...] = ()) -> Claim:
    """A claim record, validated against its document text."""
    where = span(doc, content)
    source_record = None
    if source is not None:
        source_record = {**span(doc, source), "type": source_type,
                         "resolved": None if resolved is None else {**span(doc, resolved), "label": "PERSON"}}
    record = {
        "doc_id": doc_id, "claim_id": f"{doc_id}#{n}", "text": content, "span": where["span"],
        "fragments": [where["span"]], "sentence": where, "attributed": cue is not None, "direct_quote": False,
        "source": source_record, "source_type": source_type,
        "cue": None if cue is None else {**span(doc, cue), "lemma": lemma, "form": form, "kind": "speech"},
        "stance": stance, "entities": [],
        "quantities": [{**span(doc, q), "label": label} for q, label in zip(quantities, labels or ["MONEY"] * 9)],
        "hedges": [],
    }
    return Claim.model_validate(record, context={"text": doc})


def alpha() -> list[Claim]:
    return [
        make_claim("alpha", ALPHA, 1, "the firm lost $5 million", source="the Financial Times", source_type="media",
                   cue="According to", lemma="according to", form="prepositional", quantities=("$5 million",)),
        make_claim("alpha", ALPHA, 2, "the chief left", source="Financial Times", source_type="media", cue="said"),
        make_claim("alpha", ALPHA, 3, "the board met twice", source="Sources", source_type="anonymous", cue="say"),
        make_claim("alpha", ALPHA, 4, "that profits fell 10%", source_type="impersonal", cue="It is reported",
                   lemma="it be report", form="impersonal", quantities=("10%",)),
        make_claim("alpha", ALPHA, 5, "The sky is blue."),
    ]


def beta() -> Document:
    claims = [
        make_claim("beta", BETA, 1, "the deal", source="Financial Times", source_type="media", cue="reported",
                   lemma="report"),
        make_claim("beta", BETA, 2, "costs rose by 3%", source="He", source_type="person", resolved="Ann <Lee>",
                   cue="said", quantities=("3%",)),
        make_claim("beta", BETA, 3, "it will fail", source="Analysts", source_type="group", cue="say",
                   stance="negated"),
    ]
    return Document(doc_id="beta", path="corpus/beta.txt", length=len(BETA), entities=[], claims=claims, errors=[])


def gamma() -> Claim:
    return make_claim("gamma", GAMMA, 1, "the road is closed", source="Officials", source_type="group", cue="said")


FAILED = [
    ErrorRecord(doc_id="delta", path="corpus/delta.txt", error_type="binary", message="binary file: <NUL> bytes"),
    ErrorRecord(doc_id=None, path="corpus/*.html", error_type="not_found", message="no file matches corpus/*.html"),
]


def batch_lines() -> list[str]:
    """The batch output, one line each; line numbers of the bad lines are asserted below."""
    dump = lambda record: record.model_dump_json()  # noqa: E731
    return [
        *(dump(c) for c in alpha()),  # lines 1-5
        "this is not json",  # 6: malformed
        dump(beta()),  # 7
        "",  # 8: blank, skipped
        dump(FAILED[0]),  # 9
        "[1, 2]",  # 10: invalid record
        dump(gamma()),  # 11
        dump(gamma()),  # 12: the same claim again
        '{"record": "claim", "doc_id": "x"}',  # 13: invalid record
        '{"record": "claim", "doc_id": ',  # 14: malformed
        '{"record": "summary"}',  # 15: invalid record
        dump(FAILED[1]),  # 16
    ]


def write_batch(path: Path) -> Path:
    path.write_text("\n".join(batch_lines()) + "\n", encoding="utf-8")
    return path


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    return write_batch(tmp_path / "out.jsonl")


@pytest.fixture()
def report(batch: Path) -> Report:
    return report_files([batch])


# -- counting ------------------------------------------------------------------------------


def test_totals(report: Report) -> None:
    assert (report.documents, report.claims, report.attributed, report.unattributed) == (3, 9, 8, 1)
    assert (report.anonymous, report.impersonal) == (1, 1)
    assert report.anonymous_share == report.impersonal_share == 0.125
    assert report.duplicate_claims == 1


def test_by_source_type(report: Report) -> None:
    assert report.by_source_type == {"person": 1, "organization": 0, "media": 3, "anonymous": 1, "group": 2,
                                     "impersonal": 1, "author": 1}


def test_sources_by_resolved_entity_else_mention(report: Report) -> None:
    ranked = [(s.name, s.type, s.claims, s.documents) for s in report.top_sources]
    assert ranked == [("Financial Times", "media", 3, 2), ("Analysts", "group", 1, 1),
                      ("Ann <Lee>", "person", 1, 1), ("Officials", "group", 1, 1), ("Sources", "anonymous", 1, 1)]
    assert report.distinct_sources == 5


def test_top_is_a_cut(batch: Path) -> None:
    report = report_files([batch], top=2)
    assert [s.name for s in report.top_sources] == ["Financial Times", "Analysts"]
    assert report.distinct_sources == 5 and len(report.top_cues) == 2


def test_cues_by_lemma(report: Report) -> None:
    assert [(c.lemma, c.count, c.form) for c in report.top_cues] == [
        ("say", 5, "verb"), ("according to", 1, "prepositional"), ("it be report", 1, "impersonal"),
        ("report", 1, "verb")]
    assert report.top_cues[0].examples == ["said", "say"]


def test_shares_per_document(report: Report) -> None:
    rows = {d.doc_id: (d.claims, d.attributed, d.anonymous, d.impersonal, d.anonymous_share, d.impersonal_share)
            for d in report.per_document}
    assert rows == {"alpha": (5, 4, 1, 1, 0.25, 0.25), "beta": (3, 3, 0, 0, 0.0, 0.0),
                    "gamma": (1, 1, 0, 0, 0.0, 0.0)}


def test_claims_with_quantities(report: Report) -> None:
    assert report.quantity_claims == 3
    assert [(q.claim_id, q.source, q.quantities) for q in report.quantity_examples] == [
        ("alpha#1", "the Financial Times", ["$5 million"]), ("alpha#4", None, ["10%"]),
        ("beta#2", "Ann <Lee>", ["3%"])]


def test_failed_documents(report: Report) -> None:
    assert report.failed_documents == 2
    assert [(f.doc_id, f.error_type) for f in report.failures] == [("delta", "binary"), (None, "not_found")]
    assert report.failures_by_type == {"binary": 1, "not_found": 1}


def test_bad_lines_are_counted_not_fatal(report: Report, batch: Path) -> None:
    assert (report.malformed_lines, report.invalid_records) == (2, 3)
    assert [(p.line, p.kind) for p in report.problems] == [
        (6, "malformed_json"), (10, "invalid_record"), (13, "invalid_record"), (14, "malformed_json"),
        (15, "invalid_record")]
    assert all(p.path == str(batch) for p in report.problems)
    assert "'record' is 'summary'" in report.problems[-1].message


@pytest.mark.parametrize("depth", [2_000, 50_000])
def test_a_line_nested_too_deeply_is_one_malformed_line(depth: int) -> None:
    deep = '{"record": "claim", "extra": ' + "[" * depth + "]" * depth + "}"
    report = report_text("\n".join([gamma().model_dump_json(), deep, beta().model_dump_json()]) + "\n")
    assert (report.claims, report.malformed_lines, report.invalid_records) == (1 + len(beta().claims), 1, 0)
    (problem,) = report.problems
    assert (problem.line, problem.kind) == (2, "malformed_json") and "nested more than" in problem.message


def test_an_empty_batch_has_no_shares() -> None:
    report = report_text("")
    assert (report.documents, report.claims, report.anonymous_share, report.top_sources) == (0, 0, None, [])
    root = lxml.html.fromstring(report_html(report))
    assert len(root.xpath("//svg")) == 4
    assert root.xpath('//svg[@id="chart-sources"]//*[@class="none"]')[0].text == "no data"


@pytest.mark.parametrize(
    ("mention", "resolved", "expected"),
    [("the Financial Times", None, "the Financial Times"), ("he", "Sam Altman", "Sam Altman"),
     ("He", None, UNRESOLVED_PRONOUN), ("  several\n informed  sources ", None, "several informed sources")],
)
def test_source_name(mention: str, resolved: str | None, expected: str) -> None:
    doc = f"{mention} said it. {resolved or ''}"
    claim = make_claim("d", doc, 1, "it", source=mention, source_type="person", resolved=resolved, cue="said")
    assert source_name(claim) == expected


def test_source_key_ignores_case_spacing_and_article() -> None:
    assert source_key("The  Financial\nTimes") == source_key("financial times") == "financial times"
    assert source_key("An Analyst") == "analyst" and source_key("Theodore") == "theodore"


def test_gzip_and_the_errors_file_beside(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl.gz"
    out.write_bytes(gzip.compress("".join(c.model_dump_json() + "\n" for c in alpha()).encode()))
    errors = tmp_path / "out.errors.jsonl"
    errors.write_text(FAILED[0].model_dump_json() + "\n", encoding="utf-8")
    files, added = batch_files([out])
    assert files == [str(out), str(errors)] and added == [str(errors)]
    report = report_files(files)
    assert (report.claims, report.failed_documents) == (5, 1)


def test_a_folder_is_its_jsonl_files(tmp_path: Path) -> None:
    (tmp_path / "part-00001.jsonl").write_text(gamma().model_dump_json() + "\n", encoding="utf-8")
    (tmp_path / "part-00000.jsonl").write_text("".join(c.model_dump_json() + "\n" for c in alpha()), encoding="utf-8")
    (tmp_path / "part-00000.errors.jsonl").write_text(FAILED[0].model_dump_json() + "\n", encoding="utf-8")
    (tmp_path / "manifest.json").write_text("{}", encoding="utf-8")
    files, _ = batch_files([tmp_path])
    assert [Path(f).name for f in files] == ["part-00000.errors.jsonl", "part-00000.jsonl", "part-00001.jsonl"]
    report = report_files(files)
    assert (report.documents, report.claims, report.failed_documents) == (2, 6, 1)


# -- rendering -----------------------------------------------------------------------------


def test_html_charts_are_inline_svg(report: Report) -> None:
    root = lxml.html.fromstring(report_html(report))
    assert [svg.get("id") for svg in root.xpath("//svg")] == ["chart-types", "chart-sources", "chart-cues",
                                                             "chart-shares"]
    types = root.xpath('//svg[@id="chart-types"]')[0]
    assert [r.get("data-value") for r in types.xpath(".//rect")] == ["1", "0", "3", "1", "2", "1"]
    assert [t.text for t in types.xpath('.//*[@class="label"]')] == [
        "person", "organisation", "media", "anonymous", "group", "impersonal"]
    sources = root.xpath('//svg[@id="chart-sources"]')[0]
    assert len(sources.xpath(".//rect")) == 5
    assert [t.text for t in sources.xpath('.//*[@class="label"]')][:3] == ["Financial Times", "Analysts", "Ann <Lee>"]
    widths = [float(r.get("width")) for r in sources.xpath(".//rect")]
    assert widths[0] == max(widths) and widths[1] == pytest.approx(widths[0] / 3)
    cues = root.xpath('//svg[@id="chart-cues"]')[0]
    assert [t.text for t in cues.xpath('.//*[@class="label"]')] == ["say", "according to", "it be report", "report"]
    shares = root.xpath('//svg[@id="chart-shares"]')[0]
    assert [t.text for t in shares.xpath('.//*[@class="label"]')] == ["alpha", "beta", "gamma"]
    assert [r.get("data-series") for r in shares.xpath(".//rect")][:2] == ["anonymous", "impersonal"]


def test_html_tables_and_figures(report: Report) -> None:
    root = lxml.html.fromstring(report_html(report))
    card = {li.get("data-card"): li.xpath('./*[@class="value"]')[0].text for li in root.xpath("//ul[@class='cards']/li")}
    assert card == {"documents": "3", "failed": "2", "claims": "9", "attributed": "8", "anonymous": "12.5%",
                    "impersonal": "12.5%", "quantities": "3", "negated": "1", "denied": "0", "malformed": "5"}
    rows = root.xpath('//section[@id="documents"]//tbody/tr')
    assert [[td.text_content() for td in row] for row in rows][0] == ["alpha", "5", "4", "1", "1", "25.0%", "25.0%"]
    assert [td.text_content() for td in root.xpath('//section[@id="documents"]//tfoot//td')] == [
        "All documents", "9", "8", "1", "1", "12.5%", "12.5%"]
    failed = root.xpath('//section[@id="failures"]//tbody/tr')
    assert [row[0].text_content() for row in failed] == ["delta", "\u2014"]
    assert len(root.xpath('//section[@id="input-problems"]//tbody/tr')) == 5
    assert len(root.xpath('//section[@id="quantities"]//tbody/tr')) == 3


def test_html_is_escaped_and_self_contained(report: Report) -> None:
    html = report_html(report)
    root = lxml.html.fromstring(html)
    assert "Ann &lt;Lee&gt;" in html and "<Lee>" not in html and "&lt;NUL&gt;" in html
    assert not root.xpath("//script | //link | //img | //iframe") and not root.xpath("//@src")
    assert all(href.startswith("#") for href in root.xpath("//@href"))


def test_markdown(report: Report) -> None:
    md = report_markdown(report)
    assert md.startswith("# Who is cited: ")
    assert "| Financial Times | media | 3 | 2 |" in md
    assert "| alpha | 5 | 4 | 1 | 1 | 25.0% | 25.0% |" in md
    assert "| **all** | 9 | 8 | 1 | 1 | 12.5% | 12.5% |" in md
    assert "| delta | corpus/delta.txt |  | binary | binary file: &lt;NUL&gt; bytes |" in md
    assert "| Ann &lt;Lee&gt; | person | 1 | 1 |" in md
    assert "- negated attributions (the source did not say it): 1" in md
    assert "| beta#3 | Analysts | not said | say | it will fail |" in md


def test_negated_and_denied_attributions(report: Report) -> None:
    assert (report.negated, report.denied) == (1, 0)
    assert [(c.claim_id, c.source, c.stance, c.cue) for c in report.stance_examples] == [
        ("beta#3", "Analysts", "negated", "say")]
    text = "The mayor denied the bridge was unsafe."
    denial = make_claim("m", text, 1, "the bridge was unsafe", source="The mayor", source_type="person",
                        cue="denied", lemma="deny", stance="denied")
    report = report_text(denial.model_dump_json() + "\n")
    assert (report.negated, report.denied) == (0, 1)
    row = lxml.html.fromstring(report_html(report)).xpath('//section[@id="stances"]//tbody/tr')[0]
    assert [td.text_content() for td in row.xpath("./td")] == ["m#1", "The mayor", "denies", "denied",
                                                               "the bridge was unsafe"]


# -- the command ---------------------------------------------------------------------------


def test_report_command_json_is_the_summary(batch: Path, report: Report) -> None:
    result = CliRunner().invoke(main, ["report", str(batch), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data == json.loads(report.model_dump_json())
    assert "skipped 2 lines that are not JSON and 3 that are not records" in result.stderr


@pytest.mark.parametrize(("name", "starts"), [("r.html", "<!DOCTYPE html>"), ("r.md", "# Who is cited"),
                                              ("r.json", "{")])
def test_report_command_format_follows_the_suffix(batch: Path, tmp_path: Path, name: str, starts: str) -> None:
    result = CliRunner().invoke(main, ["report", str(batch), "-o", str(tmp_path / name)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / name).read_text(encoding="utf-8").startswith(starts)


def test_report_command_reads_the_errors_file_unless_told(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    out.write_text(gamma().model_dump_json() + "\n", encoding="utf-8")
    (tmp_path / "out.errors.jsonl").write_text(FAILED[0].model_dump_json() + "\n", encoding="utf-8")
    read = CliRunner().invoke(main, ["report", str(out), "--format", "json"])
    assert json.loads(read.stdout)["failed_documents"] == 1 and "out.errors.jsonl too" in read.stderr
    skipped = CliRunner().invoke(main, ["report", str(out), "--format", "json", "--no-errors-file"])
    assert json.loads(skipped.stdout)["failed_documents"] == 0


def test_report_command_needs_an_existing_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["report", str(tmp_path / "missing.jsonl")])
    assert result.exit_code == 2


# -- who is who across documents (issue 14) -----------------------------------------------------


def resolved_claim(doc_id: str, doc: str, source: str, name: str, entity_id: str = "E1") -> Claim:
    """A claim whose source is resolved to a document entity with a canonical name."""
    content = doc[doc.index(" said ") + 6 :].rstrip(".")
    claim = make_claim(doc_id, doc, 1, content, source=source, source_type="person", resolved=source, cue="said")
    resolved = claim.source.resolved.model_copy(update={"entity_id": entity_id, "name": name})
    return claim.model_copy(update={"source": claim.source.model_copy(update={"resolved": resolved})})


def test_the_report_counts_one_person_under_all_the_names_documents_give(tmp_path):
    """"Donald J. Trump", "Donald Trump" and, in a third article, only "Trump": one source."""
    docs = {
        "a": ("Donald J. Trump said taxes would fall.", "Donald J. Trump", "Donald J. Trump"),
        "b": ("Donald Trump said the wall would rise.", "Donald Trump", "Donald Trump"),
        "c": ("He said nothing at all.", "He", "Trump"),
    }
    lines = [resolved_claim(doc_id, text, source, name).model_dump_json() for doc_id, (text, source, name) in docs.items()]
    report = report_text("\n".join(lines))
    assert report.distinct_sources == 1
    top = report.top_sources[0]
    assert (top.claims, top.documents, top.type) == (3, 3, "person")
    assert top.name in ("Donald J. Trump", "Donald Trump")


def test_a_bare_surname_shared_by_two_people_is_not_merged():
    docs = {
        "a": ("Hillary Clinton said the plan works.", "Hillary Clinton", "Hillary Clinton"),
        "b": ("Bill Clinton said the plan works.", "Bill Clinton", "Bill Clinton"),
        "c": ("Clinton said the plan works.", "Clinton", "Clinton"),
    }
    lines = [resolved_claim(doc_id, text, source, name).model_dump_json() for doc_id, (text, source, name) in docs.items()]
    assert report_text("\n".join(lines)).distinct_sources == 3


def test_the_source_name_is_the_canonical_name():
    claim = resolved_claim("a", "She said the vote was fair.", "She", "Elena Varga")
    assert source_name(claim) == "Elena Varga"


@pytest.mark.parametrize(("text", "label", "amount"), [
    ("$5 million", "MONEY", True), ("10%", "PERCENT", True), ("82 cubic kilometres", "QUANTITY", True),
    ("three", "CARDINAL", True), ("a few thousand", "CARDINAL", True), ("a third", "CARDINAL", True),
    ("one", "CARDINAL", False), ("up to", "CARDINAL", False), ("less than", "PERCENT", False),
    ("2019", "DATE", False), ("Friday", "DATE", False), ("first", "ORDINAL", False), ("the worst", "ORDINAL", False),
    ("48 hours", "TIME", False),
])
def test_what_counts_as_an_amount(text: str, label: str, amount: bool) -> None:
    assert is_amount(Quantity(text=text, span={"start": 0, "end": len(text)}, label=label)) is amount


def test_dates_ordinals_and_superlatives_are_not_quantities() -> None:
    doc = ("Ann said the fire was the worst in 2019, the first in a decade. "
           "Lee said three homes burned. Roe said costs rose 10% on Friday.")
    claims = [
        make_claim("q", doc, 1, "the fire was the worst in 2019, the first in a decade", source="Ann",
                   source_type="person", cue="said", quantities=("the worst", "2019", "first"),
                   labels=("ORDINAL", "DATE", "ORDINAL")),
        make_claim("q", doc, 2, "three homes burned", source="Lee", source_type="person", cue="said",
                   quantities=("three",), labels=("CARDINAL",)),
        make_claim("q", doc, 3, "costs rose 10% on Friday", source="Roe", source_type="person", cue="said",
                   quantities=("10%", "Friday"), labels=("PERCENT", "DATE")),
    ]
    report = report_text("".join(c.model_dump_json() + "\n" for c in claims))
    assert report.quantity_claims == 2
    assert [(q.claim_id, q.quantities) for q in report.quantity_examples] == [("q#2", ["three"]), ("q#3", ["10%"])]
