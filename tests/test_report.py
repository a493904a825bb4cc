"""The leadership gap report: its figures are the scoring API's, small groups never show
their figures in any format, hostile names stay inert, and `gapmap report` writes files.

PDF renders are slow (about a second each), so each is made once per module."""

from __future__ import annotations

import base64
import csv
import io
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from assessment import access
from assessment.access import build_report
from assessment.analysis.analysis import Analysis, analyse
from assessment.cli import app
from assessment.collect.demo import generate_demo
from assessment.documents.report import (
    VIEWS,
    ReportData,
    render_csv,
    render_csv_zip,
    render_html,
    render_pdf,
    render_xlsx,
)
from assessment.documents.report.render import sheet_name
from assessment.errors import GapMapError
from assessment.organisation.assessments import Team
from assessment.organisation.auth import SYSTEM, Actor, PermissionDenied
from assessment.storage.store import Store
from tests.engine import Row, answer, likert, setup

GENERATED = date(2026, 11, 23)
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_FORMULA = '=HYPERLINK("http://x","y")'


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def chart_svgs(html: str) -> str:
    """The report's charts (SVG images inlined as data URIs), decoded."""
    payloads = re.findall(r"data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)", html)
    return "\n".join(base64.b64decode(p).decode("utf-8") for p in payloads)


def workbook_cells(xlsx: bytes) -> dict[str, list[list[object]]]:
    book = load_workbook(io.BytesIO(xlsx))
    return {
        sheet.title: [list(row) for row in sheet.iter_rows(values_only=True)]
        for sheet in book.worksheets
    }


# --- a demo organisation ------------------------------------------------------------------------


@dataclass
class Demo:
    store: Store
    assessment_id: str
    analysis: Analysis
    data: dict[str, ReportData]
    html: dict[str, str]
    pdf: dict[str, bytes]


@pytest.fixture(scope="module")
def demo() -> Demo:
    store = Store()
    result = generate_demo(store, 300, seed=7)
    data = {
        lang: build_report(store, SYSTEM, result.assessment_id, lang, generated=GENERATED)
        for lang in ("en", "de")
    }
    html = {lang: render_html(d) for lang, d in data.items()}
    pdf = {lang: render_pdf(d, html=html[lang]) for lang, d in data.items()}
    return Demo(store, result.assessment_id, analyse(store, result.assessment_id), data, html, pdf)


def test_overall_index_and_dimension_means_in_the_html_are_the_analysis_figures(
    demo: Demo,
) -> None:
    scores = demo.analysis.scores
    overall = scores.overall_of("organisation")
    html = demo.html["en"]
    assert f"Overall adoption index {overall.index:.2f} of 5: level {overall.level}," in html
    for result in scores.of("organisation"):
        name = scores.questionnaire.t(scores.questionnaire.dimension(result.dimension).name)
        assert f"Now: {result.mean:.2f} of 5, level {result.level}," in html, name


def test_the_workbook_holds_the_analysis_figures_rounded(demo: Demo) -> None:
    scores = demo.analysis.scores
    sheets = workbook_cells(render_xlsx(demo.data["en"]))
    assert list(sheets) == [
        "Summary",
        "Dimensions",
        "Roles",
        "Teams",
        "Role x team",
        "Perception gap",
        "Findings",
        "Actions",
        "Agreed actions",
        "Response rates",
        "Quality",
        "Trend",
        "CRM evidence",  # the demo has evidence from the CRM
    ]
    summary = {row[0]: row[1] for row in sheets["Summary"][1:]}
    overall = scores.overall_of("organisation")
    assert summary["Overall index"] == round(overall.index or 0, 2)
    assert summary["Anonymity threshold (k)"] == 5
    header, *rows = sheets["Dimensions"]
    assert header[:4] == ["Dimension", "Weight", "n", "Mean"]
    means = {row[0]: row[3] for row in rows}
    q = scores.questionnaire
    assert means == {
        q.t(q.dimension(r.dimension).name): round(r.mean or 0, 2) for r in scores.of("organisation")
    }


def test_the_action_plan_lists_every_recommendation_in_rank_order_with_its_reasons(
    demo: Demo,
) -> None:
    _, *rows = workbook_cells(render_xlsx(demo.data["en"]))["Actions"]
    q = demo.analysis.scores.questionnaire
    assert [row[1] for row in rows] == [q.t(r.action.title) for r in demo.analysis.actions]
    assert rows[0][7] == "; ".join(demo.analysis.actions[0].reasons)


@pytest.mark.parametrize(
    ("lang", "headings"),
    [
        (
            "en",
            [
                "At a glance",
                "Leaders and front line, per team",
                "Executive summary",
                "Gap map",
                "Dimension: Purpose",
                "Dimension: Time",
                "Appendix: action plan",
                "Agreed actions",
                "Method and data quality",
                "Response rate per team",
                "Reliability per dimension",
                "Confidential",
            ],
        ),
        (
            "de",
            [
                "Auf einen Blick",
                "Führung und Basis, je Team",
                "Zusammenfassung für die Geschäftsleitung",
                "Lückenkarte",
                "Dimension: Zweck",
                "Dimension: Zeit",
                "Anhang: Maßnahmenplan",
                "Vereinbarte Maßnahmen",
                "Methode und Datenqualität",
                "Rücklauf je Team",
                "Reliabilität je Dimension",
                "Vertraulich",
            ],
        ),
    ],
)
def test_the_pdf_has_every_section_and_numbered_pages(
    demo: Demo, lang: str, headings: list[str]
) -> None:
    text = pdf_text(demo.pdf[lang])
    pages = len(PdfReader(io.BytesIO(demo.pdf[lang])).pages)
    for heading in headings:
        assert heading in text, heading
    label = "Page 2 of" if lang == "en" else "Seite 2 von"
    assert f"{label} {pages}" in text
    assert "CRM adoption maturity assessment (demo)" in text


@pytest.mark.parametrize(
    ("lang", "opener", "note", "next_page"),
    [
        ("en", "At a glance", "recommended actions, with why and how, are in the appendix",
         "Leaders and front line, per team"),
        ("de", "Auf einen Blick", "empfohlenen Maßnahmen, mit Begründung und Vorgehen",
         "Führung und Basis, je Team"),
    ],
)  # fmt: skip
def test_the_report_opens_with_one_page_after_the_cover(
    demo: Demo, lang: str, opener: str, note: str, next_page: str
) -> None:
    pages = [p.extract_text() for p in PdfReader(io.BytesIO(demo.pdf[lang])).pages]
    # the opener, from its heading to the note below the five actions, is page 2 alone
    assert opener in pages[1] and " ".join(pages[1].split()).count(note) == 1
    assert next_page in pages[2] and opener not in pages[2]
    five = [a.title for a in demo.data[lang].lead_actions]
    assert len(five) == 5
    assert all(" ".join(title.split()[:3]) in " ".join(pages[1].split()) for title in five)


def test_the_german_report_is_written_in_german_with_decimal_commas(demo: Demo) -> None:
    html = demo.html["de"]
    overall = demo.analysis.scores.overall_of("organisation")
    assert '<html lang="de">' in html
    assert f"Gesamtindex {overall.index:.2f}".replace(".", ",") in html
    assert "Stand: 23. November 2026" in html
    assert "Executive summary" not in html
    # the recommendations' reasons come in German too
    assert "Führungskräfte bewerten" in html


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_perception_sentences_give_the_tables_difference(demo: Demo, lang: str) -> None:
    """The opening page's sentence on the widest leader/front-line gap, and each dimension
    page's, give the difference as the table beside them does (two decimals: "1.05", not
    "1.0" in the sentence and "+1.05" in the table)."""
    data = demo.data[lang]
    by_dimension = {row.dimension: row for row in data.glance}
    shown = [row for row in data.glance if not row.perception_hidden]
    widest = max(shown, key=lambda row: abs(float(row.difference.replace(",", ".")[1:])))
    assert widest.difference.lstrip("+-") in data.perception
    assert f"({widest.leaders} " in data.perception and f" {widest.frontline})" in data.perception
    for page in data.dimensions:
        row = by_dimension[page.name]
        if row.large and not row.perception_hidden:
            assert f" {row.difference.lstrip('+-')} " in page.perception, page.perception


def test_charts_are_inlined_as_svg_images(demo: Demo) -> None:
    html = demo.html["en"]
    # leaders against front line, summary bars, two gap maps (the answers are text + bars)
    assert html.count('<img class="chart"') == 4
    svgs = chart_svgs(html)
    assert svgs.count("<svg") == 4
    assert "Sales South" in svgs  # the gap map by team
    assert "<script" not in (html + svgs).lower()


@pytest.mark.parametrize("lang", ["en", "de"])
def test_each_question_is_printed_whole_beside_its_bar_of_answers(demo: Demo, lang: str) -> None:
    data = demo.data[lang]
    text = " ".join(pdf_text(demo.pdf[lang]).split())
    html = demo.html[lang]
    items = [d for d in data.distributions if not d.suppressed]
    assert len(items) == 30
    for d in items:
        assert d.text in text, d.text  # whole, as the page's own text
    # every answered item is one bar whose segments fill it exactly, left to right
    bars = re.findall(r'<div class="bar">(.*?)</div>', html, re.S)
    assert len(bars) == len(items)
    for bar in bars:
        spans = re.findall(r"left: ([\d.]+)%; width: ([\d.]+)%", bar)
        left = 0.0
        for start, width in spans:
            assert float(start) == pytest.approx(left, abs=0.002)
            left = float(start) + float(width)
        assert left == pytest.approx(100.0, abs=0.002)
    legend = "Answers to" if lang == "en" else "Antworten zu"
    assert legend in text


@pytest.fixture(scope="module")
def laid_out(demo: Demo) -> dict[str, Any]:
    """Each language's report as WeasyPrint lays it out (its pages and boxes)."""
    import weasyprint

    return {lang: weasyprint.HTML(string=html).render() for lang, html in demo.html.items()}


def _boxes(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or []:
        yield from _boxes(child)


MM = 25.4 / 96  # WeasyPrint lays out in CSS pixels


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_text_runs_past_the_edge_of_its_column(laid_out: dict[str, Any], lang: str) -> None:
    """Every word stays inside the block or table cell it is in: a legend's long answer
    (a choice question's option) wraps, and the action plan's set columns fit their longest
    header and owner word (before, six German answers ran up to 47 mm past the page's edge,
    two English ones 9 mm)."""
    from weasyprint.formatting_structure import boxes

    past_the_edge = []
    for number, page in enumerate(laid_out[lang].pages, start=1):
        for block in _boxes(page._page_box):
            if not isinstance(block, boxes.BlockContainerBox):
                continue
            right = block.content_box_x() + block.width
            for line in block.children:
                if not isinstance(line, boxes.LineBox):
                    continue
                past_the_edge += [
                    (number, text.text)
                    for text in _boxes(line)
                    if isinstance(text, boxes.TextBox)
                    and text.text.strip()
                    and text.position_x + text.width > right + 0.5
                ]
            # a table wider than its column runs into the next one, its text inside
            # its own cells (the German method page's role table, Dec 4)
            past_the_edge += [
                (number, f"table {round((t.position_x + t.margin_width() - right) * MM)} mm")
                for wrapper in block.children
                if getattr(wrapper, "is_table_wrapper", False)
                for t in wrapper.children
                if isinstance(t, boxes.TableBox) and t.position_x + t.margin_width() > right + 0.5
            ]
    assert past_the_edge == []


@pytest.mark.parametrize(
    ("lang", "widths"),
    [("en", [7.0, 114.0, 24.0, 14.5, 14.5]), ("de", [7.0, 106.0, 27.0, 17.0, 17.0])],
)
def test_the_action_plans_columns_are_set_not_measured(
    laid_out: dict[str, Any], lang: str, widths: list[float]
) -> None:
    """The action plan's columns have the stylesheet's widths (content and 2 mm padding):
    #, owner, effort and impact fixed per language, the action the rest of the 174 mm
    text column; WeasyPrint then lays out no word alone to measure the table."""
    from weasyprint.formatting_structure import boxes

    plans = [
        box
        for page in laid_out[lang].pages
        for box in _boxes(page._page_box)
        if isinstance(box, boxes.TableBox) and "plan" in (box.element.get("class") or "")
    ]
    assert plans
    for plan in plans:
        assert [round(w * MM, 1) for w in plan.column_widths] == widths


def test_csv_views_match_the_workbook(demo: Demo) -> None:
    rows = list(csv.reader(io.StringIO(render_csv(demo.data["en"], "dimensions"))))
    assert rows[0][:4] == ["Dimension", "Weight", "n", "Mean"]
    assert len(rows) == 1 + len(demo.analysis.scores.questionnaire.dimensions)
    archive = zipfile.ZipFile(io.BytesIO(render_csv_zip(demo.data["en"])))
    # a first wave of a model without areas: no "earlier-actions" (the previous wave's
    # agreed actions), no "areas"
    views = [view for view in (*VIEWS, "evidence") if view not in ("earlier-actions", "areas")]
    assert archive.namelist() == [f"{view}.csv" for view in views]


def test_the_german_workbook_names_its_sheets_and_headers_in_german(demo: Demo) -> None:
    book = load_workbook(io.BytesIO(render_xlsx(demo.data["de"])))
    assert book.sheetnames == [
        "Überblick",
        "Dimensionen",
        "Rollen",
        "Teams",
        "Rolle x Team",
        "Wahrnehmungslücke",
        "Befunde",
        "Maßnahmen",
        "Vereinbarte Maßnahmen",
        "Rücklauf",
        "Qualität",
        "Entwicklung",
        "CRM-Daten",
    ]
    headers = {sheet.title: [c.value for c in sheet[1]] for sheet in book.worksheets}
    assert headers["Dimensionen"] == [
        "Dimension",
        "Gewicht",
        "n",
        "Mittelwert",
        "Stufe",
        "Name der Stufe",
        "Zielstufe",
        "Abstand (Punkte)",
        "Standardabweichung",
        "95-%-KI unten",
        "95-%-KI oben",
        "Übereinstimmung (rwg)",
        "Anteil „weiß nicht“",
    ]
    assert headers["Vereinbarte Maßnahmen"] == [
        "Maßnahme",
        "Dimension",
        "Verantwortlich",
        "Fällig",
        "Status",
    ]
    assert headers["Rücklauf"] == ["Team", "Antworten", "Personen im Team", "Rücklaufquote"]
    summary = book["Überblick"]
    assert [c.value for c in summary[2]] == ["Organisation", "Nordwind Logistics (demo)"]
    # A date is a date, shown as German writes it; a number is a number.
    assert [c.value for c in summary[5]] == ["Datum", datetime(2026, 11, 23)]
    assert summary["B5"].number_format == "dd.mm.yyyy"
    assert summary["A4"].value == "Welle" and summary["B4"].value == 1
    dimensions = book["Dimensionen"]
    assert isinstance(dimensions["D2"].value, float) and dimensions["D2"].number_format == "0.00"
    english = load_workbook(io.BytesIO(render_xlsx(demo.data["en"])))
    assert english.sheetnames[:2] == ["Summary", "Dimensions"]
    assert english["Summary"]["B5"].number_format == "d mmm yyyy"


@pytest.mark.parametrize(
    ("title", "taken", "name"),
    [
        ("Rolle x Team", set(), "Rolle x Team"),
        ("Q1/Q2: [draft]?", set(), "Q1 Q2   draft"),
        ("'Quoted'", set(), "Quoted"),
        ("Antworten je Team und Rolle im Vergleich", set(), "Antworten je Team und Rolle im"),
        ("Teams", {"teams"}, "Teams (2)"),
        (
            "Antworten je Team und Rolle im Vergleich",
            {"Antworten je Team und Rolle im"},
            "Antworten je Team und Rolle (2)",
        ),
        ("***", set(), "-"),
    ],
)
def test_a_sheet_name_keeps_to_excels_rules(title: str, taken: set[str], name: str) -> None:
    assert sheet_name(title, taken) == name
    assert len(name) <= 31


def test_an_unknown_csv_view_is_refused(demo: Demo) -> None:
    with pytest.raises(GapMapError) as err:
        render_csv(demo.data["en"], "answers")
    assert err.value.code == "unknown-view"


def test_a_reader_of_another_organisation_gets_no_report(demo: Demo) -> None:
    outsider = Actor("leadership", account_id="x", username="x", organisation_ids=frozenset({"o"}))
    with pytest.raises(PermissionDenied):
        build_report(demo.store, outsider, demo.assessment_id)


# --- a small organisation with one tiny team and hostile names ----------------------------------


@dataclass
class Small:
    data: ReportData
    html: str
    pdf_text: str
    xlsx: bytes
    csv_zip: bytes
    hidden_figures: list[str]


@pytest.fixture(scope="module")
def small() -> Small:
    """Teams of 12, 6 and 6 people, and "Tiny team" of 2, whose figures must never show.
    Two teams have hostile names, and people leave hostile comments."""
    store = Store()
    teams = (
        Team("big", "Big team", 20),
        Team("script", HOSTILE_SCRIPT, 8),
        Team("formula", HOSTILE_FORMULA, 8),
        Team("tiny", "Tiny team", 9),
    )
    assessment, q = setup(store, teams=teams, targets={"purpose": 4, "time": 4})
    rows: list[Row] = []
    for n in range(12):
        role = "lead" if n < 6 else "rep"
        rows.append(
            (role, "big", {"p1": likert(2 + n % 2), "t1": 2 + n % 3, "note": HOSTILE_SCRIPT})
        )
    for team in ("script", "formula"):
        for n in range(6):
            rows.append(("rep", team, {"p1": likert(3), "t1": 2 + n % 2, "note": HOSTILE_FORMULA}))
    rows.append(("rep", "tiny", {"p1": likert(5), "t1": 6}))
    rows.append(("rep", "tiny", {"p1": likert(4), "t1": 5}))
    answer(store, assessment, q, rows)
    access.add_agreed_action(
        store,
        SYSTEM,
        assessment.id,
        title=HOSTILE_FORMULA,
        owner=HOSTILE_SCRIPT,
        due_date=date(2027, 1, 31),
        dimension_id="time",
    )

    data = build_report(store, SYSTEM, assessment.id, "en", generated=GENERATED)
    # What the tiny team's figures would be, straight from the stored respondent scores.
    cur = store.cursor()
    means = cur.execute(
        "SELECT s.dimension, avg(s.score) FROM respondent_scores s"
        " JOIN respondents r ON r.num = s.respondent"
        " WHERE r.assessment_id = ? AND r.team_id = 'tiny' GROUP BY s.dimension",
        [assessment.id],
    ).fetchall()
    assert len(means) == 2
    hidden = [f"{mean:.2f}" for _, mean in means]
    weights = {d.id: d.weight for d in q.dimensions}
    index = sum(weights[q.dimensions[d].id] * m for d, m in means) / sum(weights.values())
    hidden.append(f"{index:.2f}")
    html = render_html(data)
    return Small(
        data, html, pdf_text(render_pdf(data, html=html)), render_xlsx(data),
        render_csv_zip(data), hidden,
    )  # fmt: skip


def test_the_tiny_teams_figures_are_a_real_difference(small: Small) -> None:
    # The figures searched for below are not what the visible groups score.
    assert small.hidden_figures == ["4.50", "4.67", "4.56"]


def test_a_team_below_the_threshold_shows_no_figures_in_the_html_or_pdf(small: Small) -> None:
    assert "Tiny team" in small.html
    assert "fewer than 5" in small.html
    charts = chart_svgs(small.html)
    assert "Tiny team" in charts and "fewer than 5" in charts  # its grey gap-map row
    for text in (small.html, small.pdf_text, charts):
        for figure in small.hidden_figures:
            assert figure not in text


def test_a_team_below_the_threshold_shows_no_figures_in_the_workbook_or_csv(small: Small) -> None:
    sheets = workbook_cells(small.xlsx)
    hidden = {float(f) for f in small.hidden_figures}
    tiny_rows = []
    for title, rows in sheets.items():
        for row in rows:
            assert not hidden & {v for v in row if isinstance(v, float)}
            if "Tiny team" in row:
                # the head-count is the consultant's setting, not a result: it may show
                tiny_rows.append(row[:2] + row[3:] if title == "Response rates" else row)
    # response rate, teams, role x team, perception gap by team
    assert len(tiny_rows) == 1 + 2 + 2 * 2 + 2
    for row in tiny_rows:
        # a role with nobody in the tiny team says so; any other hidden row says why
        assert any(
            isinstance(v, str) and v in ("fewer than 5 responses", "no responses") for v in row
        ), row
        assert not [v for v in row if isinstance(v, int | float)], row
    archive = zipfile.ZipFile(io.BytesIO(small.csv_zip))
    for name in archive.namelist():
        text = archive.read(name).decode("utf-8-sig")
        for figure in small.hidden_figures:
            assert figure not in text, name
        for line in csv.reader(io.StringIO(text)):
            if "Tiny team" in line:
                figures = [v for v in line if re.fullmatch(r"\d+(\.\d+)?", v)]
                assert figures == (["9"] if name == "response-rates.csv" else []), (name, line)


def test_an_agreed_actions_due_date_is_a_date_in_the_workbook_and_the_csv(small: Small) -> None:
    header, row = workbook_cells(small.xlsx)["Agreed actions"]
    assert (header[3], row[3]) == ("Due", datetime(2027, 1, 31))
    archive = zipfile.ZipFile(io.BytesIO(small.csv_zip))
    agreed = list(csv.reader(io.StringIO(archive.read("agreed-actions.csv").decode("utf-8-sig"))))
    assert agreed[1][3] == "2027-01-31"


def test_hostile_names_and_comments_are_escaped_in_the_html(small: Small) -> None:
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in small.html
    assert "<script>alert" not in small.html
    assert "=HYPERLINK(&#34;http://x&#34;,&#34;y&#34;)" in small.html
    assert "<script" not in small.html.lower()
    charts = chart_svgs(small.html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in charts
    assert "<script" not in charts.lower()


def test_hostile_names_are_neutralised_in_the_workbook_and_csv(small: Small) -> None:
    cells = [v for rows in workbook_cells(small.xlsx).values() for row in rows for v in row]
    texts = [v for v in cells if isinstance(v, str)]
    assert "'" + HOSTILE_FORMULA in texts  # the team name and the agreed action
    assert not [v for v in texts if v.startswith(("=", "+", "-", "@"))]
    archive = zipfile.ZipFile(io.BytesIO(small.csv_zip))
    agreed = archive.read("agreed-actions.csv").decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(agreed)))[1][:3] == [
        "'" + HOSTILE_FORMULA,
        "Time",
        HOSTILE_SCRIPT,
    ]
    for name in archive.namelist():
        for row in csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))):
            assert not [v for v in row if v.startswith(("=", "+", "@"))], (name, row)


# --- the command line ---------------------------------------------------------------------------

runner = CliRunner()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("report") / "demo.duckdb"
    result = runner.invoke(app, ["demo", "--db", str(db), "--respondents", "60", "--json"])
    assert result.exit_code == 0, result.output
    return db, json.loads(result.output)["invite_code"]


@pytest.mark.parametrize(
    ("fmt", "magic"),
    [("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>"), ("xlsx", b"PK"), ("csv", b"PK")],
)
def test_cli_report_writes_each_format(
    demo_db: tuple[Path, str], tmp_path: Path, fmt: str, magic: bytes
) -> None:
    db, code = demo_db
    out = tmp_path / f"report.{'zip' if fmt == 'csv' else fmt}"
    result = runner.invoke(
        app,
        ["report", "--db", str(db), "-a", code, "--format", fmt, "--lang", "de", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)
    assert f"wrote {out} (" in result.output


def test_cli_report_writes_one_csv_view(demo_db: tuple[Path, str], tmp_path: Path) -> None:
    db, code = demo_db
    out = tmp_path / "dimensions.csv"
    args = ["report", "--db", str(db), "-a", code, "--view", "dimensions", "--out", str(out)]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8-sig").startswith("Dimension,Weight,n,Mean,")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-a", "NOSUCHCODE", "--out", "r.pdf"], "no assessment with the id or invite code"),
        (["--out", "r.docx"], "--format must be one of pdf, html, xlsx, csv"),
        (["--out", "r.pdf", "--lang", "fr"], "--lang must be en or de"),
        (["--out", "r.pdf", "--view", "dimensions"], "--view goes with --format csv"),
    ],
)
def test_cli_report_refuses_bad_input(
    demo_db: tuple[Path, str], tmp_path: Path, args: list[str], message: str
) -> None:
    db, code = demo_db
    if "-a" not in args:
        args = ["-a", code, *args]
    args = [a if not a.startswith("r.") else str(tmp_path / a) for a in args]
    result = runner.invoke(app, ["report", "--db", str(db), *args])
    assert result.exit_code == 1
    assert message in result.output


def test_trend_section_lines_up_the_waves() -> None:
    from assessment.organisation.assessments import new_wave

    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    second = new_wave(store, assessment.id)
    answer(store, second, q, [("rep", None, {"p1": likert(4), "t1": 1})] * 6)

    data = build_report(store, SYSTEM, second.id, "en")
    trend = data.tables["trend"]

    assert data.has_trend
    assert [row[:3] for row in trend.rows] == [
        [1, assessment.name, 5],
        [2, second.name, 6],
    ]
    purpose = trend.header.index("Purpose")
    assert [row[purpose] for row in trend.rows] == [2.0, 4.0]
    html = render_html(data)
    assert '<section class="page" id="trend">' in html
    assert "Trend across waves" in html


def test_report_of_a_first_wave_has_no_trend_page() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 1})] * 5)
    data = build_report(store, SYSTEM, assessment.id, "en")
    assert not data.has_trend
    assert 'id="trend"' not in render_html(data)


def test_the_summary_names_the_lagging_team_in_both_languages(demo: Demo) -> None:
    # the demo plants Sales South 1 level below the other teams on ownership
    lagging = [(f.team, f.dimension) for f in demo.analysis.findings if f.kind == "lagging_group"]
    assert ("sales-south", "ownership") in lagging
    en = [line for line in demo.data["en"].findings if line.startswith("Sales South")]
    de = [line for line in demo.data["de"].findings if line.startswith("Sales South")]
    assert len(en) == len(de) == 1
    assert " below the rest of the organisation on ownership (" in en[0]
    # the interval inside the sentence's brackets: "(1.99 vs 3.03; 95% interval 0.7 to 1.3)"
    assert re.search(r" \(\d\.\d\d vs \d\.\d\d; 95% interval \d\.\d to \d\.\d\)$", en[0])
    # non-breaking hyphens: "95-%-Intervall" is never broken over two lines
    assert "liegt bei Verantwortung " in de[0] and "; 95\u2011%\u2011Intervall " in de[0]
    assert en[0] in demo.html["en"] and de[0] in demo.html["de"]
    ownership = next(d for d in demo.data["en"].dimensions if d.id == "ownership")
    assert ownership.lagging == en
    sheet = workbook_cells(render_xlsx(demo.data["en"]))["Findings"]
    assert sheet[0] == ["Kind", "Dimension", "Group", "Finding", "95% CI low", "95% CI high"]
    assert [row[3] for row in sheet[1:]] == demo.data["en"].findings
    row = next(r for r in sheet[1:] if r[3] == en[0])
    assert row[:3] == ["Lagging group", "Ownership", "Sales South"]


def test_a_german_chart_is_drawn_with_the_german_number_locale() -> None:
    from assessment.documents.report.render import _to_svg

    # A spec without a locale of its own: the render call itself writes German numbers.
    spec = json.dumps(
        {
            "data": {"values": [{"x": 0.5, "y": 1.5}, {"x": 1.0, "y": 2.5}]},
            "mark": "point",
            "encoding": {
                "x": {"field": "x", "type": "quantitative", "axis": {"format": "%"}},
                "y": {"field": "y", "type": "quantitative", "axis": {"format": ".1f"}},
            },
        }
    )
    german = re.findall(r"<text[^>]*>([^<]*)</text>", _to_svg(spec, "de"))
    english = re.findall(r"<text[^>]*>([^<]*)</text>", _to_svg(spec, "en"))

    assert {"1,5", "2,5", "50\u00a0%", "100\u00a0%"} <= set(german)
    assert {"1.5", "2.5", "50%", "100%"} <= set(english)
