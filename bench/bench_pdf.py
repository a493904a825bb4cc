"""The gap report as a PDF, English and German, this checkout beside an older commit.

Each version (this working tree, and `--before REV` exported with `git archive`) runs in
a worker process of its own over its own demo organisation (`generate_demo`, seed 7,
10,000 respondents by default). The workers warm up (one whole PDF in each language: the
chart engine's JavaScript runtime, WeasyPrint's fonts, each language's locale data; before,
only English was warmed, so the first German run paid for them) and then wait; this
script asks them in turn, one PDF at a time, before/after and English/German
alternating, so a busy machine slows both alike.

One PDF is the whole path a download takes: `access.build_report`, every chart drawn,
the HTML, WeasyPrint. Every PDF starts from scratch: the worker forgets charts it drew
before (the report keeps drawn charts by their spec), so no figure is a cache hit.
Wall and CPU seconds (the process's, every thread) are printed; on a shared machine CPU
seconds and the ratios of one run are the figures to compare.

Run by hand: `make bench-pdf`, or
`uv run python bench/bench_pdf.py [--respondents 10000] [--runs 5] [--before REV]`.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _before_after import ROOT, arguments, export, machine_load

LANGUAGES = ("en", "de")
# Runs inside each version's tree with only what every version has.
WORKER = """
import json, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, ".")
from assessment.access import build_report
from assessment.collect.demo import generate_demo
from assessment.documents.report import render_html, render_pdf
from assessment.documents.report import render
from assessment.organisation.auth import SYSTEM
from assessment.storage.store import Store

folder = tempfile.mkdtemp()
store = Store(Path(folder) / "bench.duckdb")
demo = generate_demo(store, int(sys.argv[1]), seed=7)
# One whole PDF in each language first, charts and all: what a process does once (the
# chart engine's runtime, fonts, each language's locale data) is not in any run's time.
for lang in ("en", "de"):
    warm = build_report(store, SYSTEM, demo.assessment_id, lang)
    render_pdf(warm, html=render_html(warm))
print("ready", flush=True)
for line in sys.stdin:
    lang = line.strip()
    forget = getattr(render._to_svg, "cache_clear", None)
    if forget is not None:
        forget()
    wall, cpu = time.perf_counter(), time.process_time()
    data = build_report(store, SYSTEM, demo.assessment_id, lang)
    pdf = render_pdf(data, html=render_html(data))
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(json.dumps({"wall": wall, "cpu": cpu, "bytes": len(pdf)}), flush=True)
store.close()
"""


def _start(tree: Path, respondents: int) -> subprocess.Popen[str]:
    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(respondents)],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    if worker.stdout.readline().strip() != "ready":
        raise SystemExit(f"the worker in {tree} did not start")
    return worker


def _ask(worker: subprocess.Popen[str], lang: str) -> dict[str, float]:
    assert worker.stdin is not None and worker.stdout is not None
    worker.stdin.write(lang + "\n")
    worker.stdin.flush()
    figures: dict[str, float] = json.loads(worker.stdout.readline())
    return figures


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()

    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-pdf-"))
    trees = {"after": ROOT}
    if args.before:
        trees = {"before": export(args.before, folder / "before"), **trees}
    workers = {}
    figures: dict[tuple[str, str], list[dict[str, float]]] = {}
    try:
        for name, tree in trees.items():
            workers[name] = _start(tree, args.respondents)
        for run in range(args.runs):
            # Alternate which language and which version goes first.
            languages = LANGUAGES if run % 2 == 0 else LANGUAGES[::-1]
            names = list(workers) if run % 2 == 0 else list(workers)[::-1]
            for lang in languages:
                for name in names:
                    got = _ask(workers[name], lang)
                    figures.setdefault((name, lang), []).append(got)
                    print(
                        f"run {run + 1} {name:<6} {lang}: {got['wall']:5.2f} s wall,"
                        f" {got['cpu']:5.2f} s CPU, {got['bytes']:,} bytes,"
                        f" load {os.getloadavg()[0]:.1f}",
                        flush=True,
                    )
    finally:
        for worker in workers.values():
            if worker.stdin is not None:
                worker.stdin.close()
            worker.wait(timeout=60)
        shutil.rmtree(folder, ignore_errors=True)

    def median(name: str, lang: str, key: str) -> float:
        return statistics.median(f[key] for f in figures[(name, lang)])

    print(
        f"\nPDF end to end at {args.respondents:,} respondents, median of {args.runs} runs"
        f" ({machine_load()})"
    )
    print(f"{'':<8}{'en wall':>9}{'de wall':>9}{'en CPU':>9}{'de CPU':>9}{'de/en wall':>12}")
    for name in workers:
        en, de = median(name, "en", "wall"), median(name, "de", "wall")
        print(
            f"{name:<8}{en:>8.2f}s{de:>8.2f}s{median(name, 'en', 'cpu'):>8.2f}s"
            f"{median(name, 'de', 'cpu'):>8.2f}s{de / en:>12.2f}"
        )
    if len(workers) == 2:
        for lang in LANGUAGES:
            ratios = [
                b["wall"] / a["wall"]
                for b, a in zip(figures[("before", lang)], figures[("after", lang)], strict=True)
            ]
            print(f"before/after {lang}: {statistics.median(ratios):.2f} x (median of run ratios)")
    # German against English run by run: each run's two PDFs are made one after the other,
    # so a burst of load on the machine weighs less on their ratio than on the medians.
    for name in workers:
        for key in ("wall", "cpu"):
            paired = [
                de[key] / en[key]
                for en, de in zip(figures[(name, "en")], figures[(name, "de")], strict=True)
            ]
            print(
                f"{name} de/en {key}: {statistics.median(paired):.2f} (median of run ratios;"
                f" runs {min(paired):.2f}-{max(paired):.2f})"
            )
    best = max(median("after", lang, "wall") for lang in LANGUAGES)
    de_en = median("after", "de", "wall") / median("after", "en", "wall")
    print("aim: PDF under 5 s:", "met" if best < 5 else "MISSED")
    print("aim: German within 10 % of English:", "met" if de_en <= 1.1 else "MISSED")


if __name__ == "__main__":
    main()
