"""The gap report as files: HTML (one self-contained page), PDF (the same HTML through
WeasyPrint), an Excel workbook and CSV files of the aggregated tables.

Everything here formats `ReportData`; nothing decides what may be shown. The HTML
template autoescapes every text; only the SVG that vl-convert draws from our own charts
is marked safe. Every text cell of a spreadsheet or CSV goes through
`transfer.neutralise_cell`, so a team called `=HYPERLINK(...)` stays text; a worksheet
cell also loses the control characters Excel cannot store (a NUL in a name).
"""

from __future__ import annotations

import base64
import csv
import functools
import io
import json
import logging
import re
import zipfile
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path
from typing import Any, Literal, cast

import jinja2
from markupsafe import Markup
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from assessment import words
from assessment.collect.transfer import neutralise_cell
from assessment.documents.report.data import CellValue, ReportData, Table

log = logging.getLogger(__name__)

TEMPLATES = Path(__file__).parent / "templates"
# The spreadsheet views, in workbook order (sheet titles come in the report's language);
# "areas" only for a model that groups its dimensions into areas, "earlier-actions" (the
# previous wave's agreed actions) only in a wave that follows one.
VIEWS = (
    "summary",
    "areas",
    "dimensions",
    "roles",
    "teams",
    "role-team",
    "perception-gap",
    "findings",
    "actions",
    "agreed-actions",
    "earlier-actions",
    "response-rates",
    "quality",
    "trend",
)
# The A4 text column in CSS pixels (174 mm at 96 px per inch, less a little air).
COLUMN_PX = 640
# A dimension's answers are printed as text beside coloured bars (the template's
# `item_bars`), not as a drawn chart: the questions become the page's own text, found by
# a search and read aloud, and the PDF is drawn in half the time (a vl-convert chart's
# every letter is a separately placed glyph in WeasyPrint). A segment shows its share
# when at least this much of the bar (about 9 mm of its 95 mm) has room for "100 %".
ITEM_LABEL_MIN_SHARE = 0.09
# A legend's answer is kept on one line (swatch and words together) up to this many
# characters; a longer one (a choice question's option, often a sentence) wraps, since
# on one line it ran past the page's edge in either language.
KEY_NOWRAP_CHARS = 40
# An SVG drawn by vl-convert has none of these; if one ever did, it is left out.
_ACTIVE_SVG = re.compile(r"<\s*(script|foreignobject|iframe)|\son\w+\s*=|javascript:", re.I)

# Every report template (gap report, workshop summary): autoescaped, strict.
ENVIRONMENT = jinja2.Environment(
    loader=jinja2.FileSystemLoader(TEMPLATES),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)


def _format_cell(value: CellValue, language: str) -> str:
    """A table value as the report prints it (German decimal comma, thousands grouped:
    "1.234"). The workbook and the CSV keep the value itself."""
    if value is None:
        return ""
    if isinstance(value, int) and not isinstance(value, bool):
        return words.number(value, language, 0)
    if isinstance(value, float):
        return words.number(value, language, 2)
    if isinstance(value, date):
        return words.date(value, language)
    return str(value)


ENVIRONMENT.filters["cell"] = _format_cell
# A count put into a text ("10.000 Antworten"), as `words.fill` writes one.
ENVIRONMENT.filters["count"] = lambda n, language: words.number(n, language, 0)


# --- charts -------------------------------------------------------------------------------------


def chart_svg(chart: Any, language: str | None) -> Markup | None:
    """An Altair chart as an SVG image for the template (our own drawing: the texts
    inside it are escaped by vl-convert), in `language`; None for no chart."""
    if chart is None:
        return None
    return _checked_svg(_to_svg(_spec(chart), language))


def _spec(chart: Any) -> str:
    # The builders' own tests validate their specs; skipping it here halves the time.
    return json.dumps(chart.to_dict(validate=False))


TimeLocale = Literal["en-GB", "de-DE"]


@functools.lru_cache(maxsize=64)
def _to_svg(spec: str, language: str | None) -> str:
    """The spec drawn, its numbers written as `language` writes them (the spec's own
    `config.locale`, when it has one, comes first). Kept by spec and language: the same
    release's report drawn again (the PDF after the HTML, a second download) reuses it."""
    import vl_convert

    from assessment.documents.charts import number_locale

    return str(
        vl_convert.vegalite_to_svg(
            spec,
            format_locale=number_locale(language),
            # d3's month and day names: vl-convert knows them by Babel's name, "de-DE"
            time_format_locale=cast(
                TimeLocale, words.LOCALES[words.language(language)].replace("_", "-")
            ),
        )
    )


def _checked_svg(svg: str, width: int = COLUMN_PX) -> Markup | None:
    """The chart as an `<img>` holding the SVG as a data URI: self-contained, inert in a
    browser (an image cannot run anything), and several times faster in WeasyPrint than
    inline SVG, whose every node would go through the HTML parser and the CSS cascade."""
    if _ACTIVE_SVG.search(svg):  # never expected; refuse rather than include it
        log.error("chart SVG contains active content; left out of the report")
        return None
    match = re.match(r'<svg[^>]*? width="([\d.]+)" height="([\d.]+)"', svg)
    if match is None:
        return None
    # Scaled down to the A4 text column, keeping the proportions.
    natural_width, natural_height = float(match.group(1)), float(match.group(2))
    scale = min(1.0, width / natural_width) if natural_width else 1.0
    payload = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return Markup(  # noqa: S704 - only our own numbers and base64 text
        f'<img class="chart" alt="" width="{natural_width * scale:.0f}"'
        f' height="{natural_height * scale:.0f}" src="data:image/svg+xml;base64,{payload}">'
    )


def _safely(build: Callable[[], Any]) -> str | None:
    """One chart's Vega-Lite spec, or None when there is none or its builder fails: the
    report still renders without it."""
    try:
        chart = build()
        return None if chart is None else _spec(chart)
    except Exception:  # a chart bug must not cost the reader the whole report
        log.exception("report chart failed")
        return None


def _convert_all(specs: dict[str, str | None], language: str | None) -> dict[str, Markup | None]:
    """Every spec to SVG, two at a time (vl-convert releases the GIL while it draws)."""
    todo = {key: spec for key, spec in specs.items() if spec is not None}
    out: dict[str, Markup | None] = dict.fromkeys(specs)

    def draw(spec: str) -> str | None:
        return _to_svg_or_none(spec, language)

    with ThreadPoolExecutor(max_workers=2) as pool:
        drawn = dict(zip(todo, pool.map(draw, todo.values()), strict=True))
    for key, svg in drawn.items():
        out[key] = _checked_svg(svg) if svg is not None else None
    return out


def _to_svg_or_none(spec: str, language: str | None) -> str | None:
    try:
        return _to_svg(spec, language)
    except Exception:  # as in `_safely`
        log.exception("report chart failed to draw")
        return None


def report_charts(data: ReportData) -> dict[str, Markup | None]:
    """Every chart of the report as SVG, keyed by where it goes."""
    from assessment.documents import charts

    a, lang = data.analysis, data.language
    out: dict[str, str | None] = {
        "dimensions": _safely(lambda: charts.dimension_bars(a, language=lang)),
        "gap_roles": _safely(lambda: charts.gap_map(a, "role", language=lang)),
        "gap_teams": _safely(lambda: charts.gap_map(a, "team", language=lang))
        if a.scores.assessment.teams
        else None,
        "leaders": _safely(lambda: charts.leaders_and_front_line(a, language=lang)),
        "trend": _safely(lambda: charts.trend(a, language=lang)) if data.has_trend else None,
    }
    return _convert_all(out, lang)


def chart_notes(data: ReportData) -> dict[str, str | None]:
    """What a dimension's answers need said beneath them, by dimension id: what its
    "(reversed)" questions are."""
    from assessment.documents import charts

    distributions = list(data.distributions)
    return {
        page.id: charts.reversed_note(distributions, page.id, data.language)
        for page in data.dimensions
    }


def item_bars(data: ReportData) -> dict[str, Any]:
    """Each dimension's answers, item by item (`charts.item_bars`), by dimension id; a
    dimension with no scored item answered is left out."""
    from assessment.documents import charts

    distributions = list(data.distributions)
    shown = {d.dimension_id for d in distributions}
    return {
        page.id: charts.item_bars(distributions, page.id, data.language)
        for page in data.dimensions
        if page.id in shown
    }


# --- HTML and PDF -------------------------------------------------------------------------------


def render_html(data: ReportData, *, charts: dict[str, Markup | None] | None = None) -> str:
    """The report as one self-contained HTML document (inline CSS and SVG)."""
    template = ENVIRONMENT.get_template("report.html.j2")
    css = (TEMPLATES / "report.css").read_text(encoding="utf-8")
    return template.render(
        r=data,
        t=data.text,
        css=Markup(css),  # noqa: S704 - our own stylesheet, no user text
        # A chart left out (or not drawn) is simply not shown.
        charts=defaultdict(lambda: None, report_charts(data) if charts is None else charts),
        chart_notes=chart_notes(data),
        item_bars=item_bars(data),
        label_min_share=ITEM_LABEL_MIN_SHARE,
        key_nowrap_chars=KEY_NOWRAP_CHARS,
    )


def render_pdf(data: ReportData, *, html: str | None = None) -> bytes:
    """The report as an A4 PDF (the HTML through WeasyPrint)."""
    import weasyprint

    document = weasyprint.HTML(string=html if html is not None else render_html(data))
    pdf = document.write_pdf()  # without a target: the bytes
    return bytes(pdf or b"")


# --- spreadsheets -------------------------------------------------------------------------------


def _cell(value: CellValue) -> CellValue:
    return neutralise_cell(value) if isinstance(value, str) else value


def _xlsx_cell(value: CellValue) -> CellValue:
    """A cell as a worksheet can hold it: control characters other than tab and line
    breaks (a NUL in a name, say) are dropped, since openpyxl refuses them, then neutralised."""
    if isinstance(value, str):
        return neutralise_cell(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


def render_csv(data: ReportData, view: str) -> str:
    """One view as CSV text (comma-separated, `.` decimals, formulas neutralised)."""
    table = _table(data, view)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([_cell(h) for h in table.header])
    for row in table.rows:
        writer.writerow(["" if v is None else _cell(v) for v in row])
    return out.getvalue()


def render_csv_zip(data: ReportData) -> bytes:
    """Every view as a CSV file (UTF-8 with a byte-order mark, so Excel reads umlauts)
    in one zip archive."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for view in _views(data):
            archive.writestr(f"{view}.csv", render_csv(data, view).encode("utf-8-sig"))
    return buffer.getvalue()


def _views(data: ReportData) -> tuple[str, ...]:
    """Every view this report has, in workbook order: the previous wave's agreed actions
    in a next wave only, and the CRM evidence where the assessment has some."""
    return tuple(view for view in (*VIEWS, "evidence") if view in data.tables)


def _table(data: ReportData, view: str) -> Table:
    if view not in data.tables:
        from assessment.errors import GapMapError

        raise GapMapError("unknown-view", view=view, views=", ".join(_views(data)))
    return data.tables[view]


# What a sheet's name may not hold (Excel's rule), and its longest length.
_NOT_IN_SHEET_NAMES = re.compile(r"[\[\]:*?/\\]")
SHEET_NAME_CHARS = 31


def sheet_name(title: str, taken: set[str]) -> str:
    """`title` as a sheet may be named: none of []:*?/\\, no apostrophe at either end, at
    most 31 characters, and not a name already `taken` (Excel ignores case there)."""
    base = _NOT_IN_SHEET_NAMES.sub(" ", title).strip(" '")[:SHEET_NAME_CHARS].strip(" '")
    base = base or "-"
    name, n = base, 1
    while name.casefold() in {t.casefold() for t in taken}:
        n += 1
        suffix = f" ({n})"
        name = base[: SHEET_NAME_CHARS - len(suffix)].rstrip() + suffix
    return name


def render_xlsx(data: ReportData) -> bytes:
    """The aggregated tables as an Excel workbook in the report's language: one sheet per
    view, named and headed in that language, bold frozen header, columns sized to their
    content; numbers are numbers, dates are dates (shown as the language writes them)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active) if book.active is not None else None
    bold = Font(bold=True)
    date_format = words.spreadsheet_date_format(data.language)
    taken: set[str] = set()
    for view in _views(data):
        table = _table(data, view)
        sheet = book.create_sheet(sheet_name(table.title, taken))
        taken.add(sheet.title)
        sheet.append([_xlsx_cell(h) for h in table.header])
        for cell in sheet[1]:
            cell.font = bold
            cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row in table.rows:
            sheet.append([_xlsx_cell(v) for v in row])
        sheet.freeze_panes = "A2"
        for index, header in enumerate(table.header, start=1):
            values = [header, *(row[index - 1] for row in table.rows if index - 1 < len(row))]
            longest = max(len(_shown(v)) for v in values)
            width = min(max(longest + 2, 8), 60)
            sheet.column_dimensions[get_column_letter(index)].width = width
            if longest > 60:
                for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                    cell.alignment = Alignment(vertical="top", wrap_text=True)
        for row_cells in sheet.iter_rows(min_row=2):
            for cell in row_cells:
                if isinstance(cell.value, float):
                    cell.number_format = "0.00" if abs(cell.value) >= 0.1 else "0.000"
                elif isinstance(cell.value, int) and not isinstance(cell.value, bool):
                    # Still a number; Excel groups its thousands as the reader's locale does.
                    cell.number_format = "#,##0"
                elif isinstance(cell.value, date):
                    cell.number_format = date_format
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _shown(value: CellValue) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.2f}"
    if isinstance(value, date):
        return "00.00.0000"  # the width of a date as shown
    return str(value)
