"""The Results page in headless Chromium, this checkout beside an older commit, in one run.

For each version (this working tree, and `--before REV` exported with `git archive`) a
database is seeded with the demo organisation (`generate_demo`, 10,000 respondents by
default) and a leadership account, and that version's server is started
(`streamlit run serve.py`, as the browser tests start it). Both servers run side by side;
the runs alternate between them (A B A B ...), so a busy machine slows both alike.

Each run opens a fresh browser context and times four things (and the CPU seconds the
server and Chromium spend on the last three: steadier than wall time on a shared machine):
- sign-in to dashboard: from pressing "Sign in" until the Results page is fully drawn;
- Results page, cold: a new browser context holding only the sign-in cookie opens the
  page: nothing cached, Streamlit's scripts fetched, parsed and compiled, as on a
  browser's first visit. The 1.5 s aim of issue 18 is judged by this figure;
- Results page, new tab: the signed-in context opens the page in a new tab, Streamlit's
  scripts in the browser's cache (they are served `immutable`, for a year), as for a
  visitor coming back;
- Results page, same tab: the signed-in tab opens the page again (a new session, signed
  in by its cookie), scripts cached and already compiled in that tab's process. Before
  Dec 4 this was the only "Results page" figure.
"Fully drawn" means the page's script has finished and every Vega chart on the page has
rendered (its canvas or SVG has a size) and no chart is still waiting to render.

The first visit of each server (it scores the demo, makes the first release, imports
Altair) is a warm-up: timed and printed, not counted. The load average is printed with
the figures: on a shared machine compare the two columns of one run, not runs.

Run by hand: `make bench-results-page`, or
`uv run python bench/bench_results_page.py [--respondents 10000] [--runs 5] [--before REV]`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _before_after import ROOT, arguments, export, machine_load

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SERVER_FLAGS = [
    "--server.headless=true",
    "--server.address=127.0.0.1",
    "--server.fileWatcherType=none",
    "--browser.gatherUsageStats=false",
    "--server.port",
]
LEADER = ("bench-leader", "bench leadership password 1")
# Written with only what every version has: the demo, accounts through `access`.
SEED = """
import sys
from pathlib import Path
sys.path.insert(0, ".")
from assessment import access
from assessment.collect.demo import generate_demo
from assessment.organisation import auth
from assessment.storage.store import Store
store = Store(Path(sys.argv[1]))
demo = generate_demo(store, respondents=int(sys.argv[2]), seed=7)
access.create_account(
    store, auth.SYSTEM, username=sys.argv[3], password=sys.argv[4],
    role="leadership", organisation_id=demo.organisation_id, display_name="Bench Leader",
)
store.close()
"""
# True once the script has finished and every chart on the page has drawn.
DRAWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.getAttribute('data-test-script-state') !== 'notRunning') return false;
  if (!document.querySelector('h1, h2, h3')) return false;
  const charts = [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')];
  if (charts.length === 0) return false;
  return charts.every((c) => {
    const drawn = c.querySelector('canvas, svg.marks');
    if (!drawn) return false;
    const box = drawn.getBoundingClientRect();
    return box.width > 0 && box.height > 0;
  }) && !document.querySelector('[data-testid="stSkeleton"]');
}"""
STATE = """() => ({
  script: document.querySelector('[data-testid="stApp"]')?.getAttribute('data-test-script-state'),
  charts: [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')].map((c) => {
    const d = c.querySelector('canvas, svg.marks');
    return d ? Math.round(d.getBoundingClientRect().width) : -1;
  }),
  skeleton: !!document.querySelector('[data-testid="stSkeleton"]'),
  headings: [...document.querySelectorAll('h1, h2')].map((h) => h.textContent).slice(0, 4),
})"""
CHARTS = "() => document.querySelectorAll('[data-testid=\"stVegaLiteChart\"]').length"


@dataclass
class Version:
    name: str
    tree: Path
    url: str = ""
    server: subprocess.Popen[bytes] | None = None
    sign_in: list[float] = field(default_factory=list)
    page: list[float] = field(default_factory=list)  # cached: the same context again
    server_cpu: list[float] = field(default_factory=list)  # the server's, opening the page
    browser_cpu: list[float] = field(default_factory=list)  # Chromium's, the same span
    cold: list[float] = field(default_factory=list)  # a new context, nothing cached
    cold_server_cpu: list[float] = field(default_factory=list)
    cold_browser_cpu: list[float] = field(default_factory=list)
    tab: list[float] = field(default_factory=list)  # a new tab of the signed-in context
    tab_server_cpu: list[float] = field(default_factory=list)
    tab_browser_cpu: list[float] = field(default_factory=list)
    charts: int = 0


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _start(version: Version, folder: Path, respondents: int) -> None:
    db = folder / f"{version.name}.duckdb"
    seconds = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", SEED, str(db), str(respondents), *LEADER],
        cwd=version.tree,
        check=True,
    )
    seconds = time.perf_counter() - seconds
    print(f"{version.name}: seeded {respondents:,} respondents in {seconds:.1f} s")
    port = _free_port()
    version.url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "GAPMAP_DB": str(db),
        "GAPMAP_QUESTIONNAIRES": str(version.tree / "questionnaires"),
        "PYTHONPATH": str(version.tree),
    }
    log = (folder / f"{version.name}-server.log").open("w")
    version.server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", *SERVER_FLAGS, str(port)],
        cwd=version.tree,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 120
    while not _healthy(version.url):
        if version.server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"{version.name}: the server did not start; see {log.name}")
        time.sleep(0.25)


def _wait_drawn(page: Any, timeout_s: float = float(os.environ.get("BENCH_WAIT", 180))) -> None:
    try:
        page.wait_for_function(DRAWN, timeout=timeout_s * 1000, polling=20)
    except Exception:
        print("not drawn:", page.url, page.evaluate(STATE), file=sys.stderr)
        raise


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds a process has used (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _chromium_cpu_seconds() -> float:
    """CPU seconds used by the Chromium processes this bench started (its descendants)."""
    children: dict[int, list[int]] = {}
    names: dict[int, str] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        names[int(entry.name)] = stat[stat.index("(") + 1 : stat.rindex(")")]
        children.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    total, todo = 0.0, [os.getpid()]
    while todo:
        for child in children.get(todo.pop(), []):
            todo.append(child)
            if "chrom" in names[child]:
                with contextlib.suppress(OSError):  # ended meanwhile
                    total += _cpu_seconds(child)
    return total


def _timed_open(page: Any, version: Version) -> tuple[float, float, float]:
    """Open the Results page in `page` until drawn: (seconds, the server's CPU seconds,
    Chromium's CPU seconds)."""
    assert version.server is not None
    server, chromium = _cpu_seconds(version.server.pid), _chromium_cpu_seconds()
    started = time.perf_counter()
    page.goto("/results")
    _wait_drawn(page)
    seconds = time.perf_counter() - started
    return (
        seconds,
        _cpu_seconds(version.server.pid) - server,
        _chromium_cpu_seconds() - chromium,
    )


def _visit(browser: Any, version: Version) -> tuple[float, float, int]:
    """One fresh visitor: sign in (timed to the drawn dashboard), then open the page
    again (same tab), then in a new tab, then in a new context holding only the sign-in
    cookie (cold); each timed to drawn, the server's and Chromium's CPU seconds for the
    three added to `version`. Returns (sign-in seconds, same-tab seconds, charts)."""
    context = browser.new_context(base_url=version.url, viewport={"width": 1440, "height": 900})
    try:
        page = context.new_page()
        page.goto("/")
        page.locator(".st-key-signin-username input").fill(LEADER[0])
        page.locator(".st-key-signin-password input").fill(LEADER[1])
        started = time.perf_counter()
        page.locator(".st-key-signin-submit button").click()
        _wait_drawn(page)  # leadership lands on the Results page
        sign_in = time.perf_counter() - started
        again, server, chromium = _timed_open(page, version)
        version.server_cpu.append(server)
        version.browser_cpu.append(chromium)
        charts = int(page.evaluate(CHARTS))
        tab, server, chromium = _timed_open(context.new_page(), version)
        version.tab.append(tab)
        version.tab_server_cpu.append(server)
        version.tab_browser_cpu.append(chromium)
        cookie = context.storage_state()
    finally:
        context.close()
    fresh = browser.new_context(
        base_url=version.url, viewport={"width": 1440, "height": 900}, storage_state=cookie
    )
    try:
        cold, server, chromium = _timed_open(fresh.new_page(), version)
        version.cold.append(cold)
        version.cold_server_cpu.append(server)
        version.cold_browser_cpu.append(chromium)
    finally:
        fresh.close()
    return sign_in, again, charts


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def main() -> None:
    args = arguments(__doc__.splitlines()[0]).parse_args()

    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="gapmap-bench-"))
    versions = [Version("after", ROOT)]
    if args.before:
        versions.insert(0, Version("before", export(args.before, folder / "before")))
    try:
        for version in versions:
            _start(version, folder, args.respondents)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for version in versions:
                first = _visit(browser, version)
                print(f"{version.name}: first visit (warm-up, scoring the demo) sign-in "
                      f"{first[0]:.2f} s, page {first[1]:.2f} s, {first[2]} charts")  # fmt: skip
                for counted in (
                    version.server_cpu,
                    version.browser_cpu,
                    version.cold,
                    version.cold_server_cpu,
                    version.cold_browser_cpu,
                    version.tab,
                    version.tab_server_cpu,
                    version.tab_browser_cpu,
                ):
                    counted.clear()  # the warm-up is not counted
            for run in range(args.runs):
                for version in versions:
                    sign_in, again, version.charts = _visit(browser, version)
                    version.sign_in.append(sign_in)
                    version.page.append(again)
                    load = os.getloadavg()[0]
                    print(
                        f"run {run + 1} {version.name:<6} sign-in {sign_in:5.2f} s, Results"
                        f" page cold {version.cold[-1]:5.2f} s (CPU: server"
                        f" {version.cold_server_cpu[-1]:.2f} s, Chromium"
                        f" {version.cold_browser_cpu[-1]:.2f} s), new tab {version.tab[-1]:5.2f}"
                        f" s (CPU: server {version.tab_server_cpu[-1]:.2f} s, Chromium"
                        f" {version.tab_browser_cpu[-1]:.2f} s), same tab {again:5.2f} s (CPU:"
                        f" server {version.server_cpu[-1]:.2f} s, Chromium"
                        f" {version.browser_cpu[-1]:.2f} s), {version.charts} charts,"
                        f" load {load:.1f}"
                    )
            browser.close()
    finally:
        for version in versions:
            if version.server is not None:
                version.server.terminate()
                version.server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)

    print(
        f"\nResults page at {args.respondents:,} respondents, median of {args.runs} runs"
        f" ({machine_load()}):"
    )
    print(
        "  cold: a new browser context, nothing cached (the aim's figure); new tab: the"
        " signed-in context, scripts cached; same tab: opened again in the signed-in tab"
    )
    columns = [
        ("sign-in", "sign_in"),
        ("cold", "cold"),
        ("server CPU", "cold_server_cpu"),
        ("Chromium CPU", "cold_browser_cpu"),
        ("new tab", "tab"),
        ("Chromium CPU", "tab_browser_cpu"),
        ("same tab", "page"),
        ("server CPU", "server_cpu"),
        ("Chromium CPU", "browser_cpu"),
    ]
    print(f"{'':<13}" + "".join(f"{head:>14}" for head, _ in columns) + f"{'charts':>8}")
    for version in versions:
        print(f"{version.name:<13}"
              + "".join(f"{_median(getattr(version, name)):>12.2f} s" for _, name in columns)
              + f"{version.charts:>8}")  # fmt: skip
    if len(versions) == 2:
        before, after = versions

        def ratio(name: str) -> str:
            pairs = zip(getattr(before, name), getattr(after, name), strict=True)
            return f"{_median([b / a for b, a in pairs]):>12.2f} x"

        print(f"{'before/after':<13}" + "".join(ratio(name) for _, name in columns)
              + "   (median of the run-by-run ratios)")  # fmt: skip
    after = versions[-1]
    print("aim: the Results page drawn under 1.5 s (cold):",
          "met" if _median(after.cold) < 1.5 else "MISSED",
          f"(cold {_median(after.cold):.2f} s; new tab {_median(after.tab):.2f} s;"
          f" same tab {_median(after.page):.2f} s)")  # fmt: skip


if __name__ == "__main__":
    main()
