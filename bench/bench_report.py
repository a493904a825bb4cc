"""Benchmark of the gap report, side by side with its references.

A synthetic organisation (`assessment.collect.demo`, CRM model, 10,000 respondents by default)
in a temporary database file, then:
- build_report: everything the report shows (analysis, quality, agreed actions,
  comments, item distributions), through `assessment.access` as the command line;
- charts: every chart of the report drawn as SVG by vl-convert;
- html: the Jinja2 template (charts already drawn);
- pdf: WeasyPrint from that HTML;
- xlsx, csv: the workbook and the zip of CSV files;
- references: the bare `analyse()` call the report starts from, and one raw DuckDB
  aggregate over the answers (the floor: no scoring at all).

Run by hand: `uv run python bench/bench_report.py [--respondents 10000] [--lang en]`.
Each step runs once after a warm-up of the chart and PDF engines (their first call
loads a JavaScript runtime and fonts); figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from assessment.access import build_report
from assessment.analysis.analysis import analyse
from assessment.collect.demo import generate_demo
from assessment.documents.report import (
    render_csv_zip,
    render_html,
    render_pdf,
    render_xlsx,
)
from assessment.documents.report.render import report_charts
from assessment.organisation.auth import SYSTEM
from assessment.storage.store import Store

RAW_AGGREGATE = """
SELECT r.team_id, a.item, count(*), avg(CAST(a.value AS DOUBLE))
FROM answers a JOIN respondents r ON r.num = a.respondent
WHERE r.assessment_id = ? AND NOT a.superseded AND r.submitted_hour IS NOT NULL
GROUP BY ALL
"""


def timed(work: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = work()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--lang", default="en", choices=["en", "de"])
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "bench.duckdb")
        seconds, demo = timed(lambda: generate_demo(store, args.respondents, seed=7))
        print(f"demo: {demo.respondents:,} submitted responses in {seconds:.1f} s")
        aid = demo.assessment_id

        # Warm-up: score once (stored respondent scores), load the chart and PDF engines.
        analyse(store, aid)
        warm = build_report(store, SYSTEM, aid, args.lang)
        render_pdf(warm, html=render_html(warm, charts={}))

        figures: dict[str, float] = {}
        figures["analyse() (reference)"], _ = timed(lambda: analyse(store, aid))
        cur = store.cursor()
        figures["raw DuckDB aggregate (reference)"], _ = timed(
            lambda: cur.execute(RAW_AGGREGATE, [aid]).fetchall()
        )
        figures["build_report"], data = timed(lambda: build_report(store, SYSTEM, aid, args.lang))
        figures["charts (SVG)"], charts = timed(lambda: report_charts(data))
        figures["html"], html = timed(lambda: render_html(data, charts=charts))
        figures["pdf (from html)"], pdf = timed(lambda: render_pdf(data, html=html))
        figures["xlsx"], xlsx = timed(lambda: render_xlsx(data))
        figures["csv (zip)"], _ = timed(lambda: render_csv_zip(data))
        store.close()

    pdf_total = figures["build_report"] + figures["charts (SVG)"] + figures["html"]
    pdf_total += figures["pdf (from html)"]
    reference = figures["analyse() (reference)"]
    print(f"\n{'step':<36}{'seconds':>9}{'x analyse()':>13}")
    for name, value in figures.items():
        print(f"{name:<36}{value:>9.3f}{value / reference:>13.1f}")
    print(f"{'PDF end to end':<36}{pdf_total:>9.3f}{pdf_total / reference:>13.1f}")
    print(f"\nPDF {len(pdf):,} bytes, HTML {len(html):,} bytes, xlsx {len(xlsx):,} bytes")
    print(
        "aim: PDF end to end under 10 s for 10,000 respondents:",
        "met" if pdf_total < 10 else "MISSED",
    )


if __name__ == "__main__":
    main()
