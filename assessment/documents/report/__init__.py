"""The leadership gap report: `data` assembles what it shows (already anonymised, in one
language); `render` turns that into HTML, PDF, an Excel workbook and CSV files.
`access.build_report` fetches a report with the reader's rights."""

from assessment.documents.report.data import ReportData, report_data
from assessment.documents.report.render import (
    VIEWS,
    render_csv,
    render_csv_zip,
    render_html,
    render_pdf,
    render_xlsx,
)

__all__ = [
    "VIEWS",
    "ReportData",
    "render_csv",
    "render_csv_zip",
    "render_html",
    "render_pdf",
    "render_xlsx",
    "report_data",
]
