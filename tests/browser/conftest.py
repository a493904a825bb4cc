"""Real-browser fixtures: a running GapMap server and Debian's headless Chromium.

The server runs `streamlit run serve.py` (app.py with GapMap's headers and server-set
cookie) on a free port with a tmp DuckDB file and a tmp library folder (the shipped
questionnaires, the UI sample and one broken file). Chromium is `/usr/bin/chromium` from
apt, never a Playwright download: missing, it skips the tests locally and fails them in
CI (`CI` set).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Page,
    ViewportSize,
    expect,
    sync_playwright,
)
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
SHIPPED = ROOT / "questionnaires"
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
VIEWPORTS: dict[str, ViewportSize] = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}
BROKEN_YAML = 'id: Broken Id\nversion: "1"\ntitel: typo\n'
STARTUP_SECONDS = 60

Shoot = Callable[[Page, str], Path]

# `expect` waits as long as every other wait here (its own default is 5 s): on a busy
# shared 2-core machine a new browser context can take longer than that to load
# Streamlit's code for its widgets, and draws the page's text before its controls.
# A script run (a cold server's first signed-in page, the library's preview, the German
# workshop) was seen still running after 30 s, 3 times in 37 test runs at load 15-20:
# every wait here allows 60 s.
expect.set_options(timeout=60_000)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (local http URL we built)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Debian's Chromium; skip (locally) or fail (in CI) when it is not installed."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return str(CHROMIUM)


@pytest.fixture(scope="session")
def app_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The library the server shows: shipped questionnaires, the UI sample, a broken file."""
    folder = tmp_path_factory.mktemp("library")
    for shipped in sorted([*SHIPPED.glob("*.yaml"), *SHIPPED.glob("*.yml")]):
        shutil.copy(shipped, folder / shipped.name)
    shutil.copy(SAMPLE, folder / "ui-sample.yaml")
    (folder / "broken.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    return folder


@contextmanager
def serve(db: Path, library: Path, log_dir: Path) -> Iterator[str]:
    """Run `streamlit run serve.py` on a free port over `db`; yield its URL once healthy."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "GAPMAP_DB": str(db), "GAPMAP_QUESTIONNAIRES": str(library)}
    cmd = [
        sys.executable, "-m", "streamlit", "run", "serve.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log_path = log_dir / f"server-{port}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_SECONDS
            while not _healthy(url):
                if server.poll() is not None:
                    pytest.fail(f"the app server exited with {server.returncode}:\n"
                                f"{log_path.read_text()}")  # fmt: skip
                if time.monotonic() > deadline:
                    pytest.fail(f"the app server was not healthy within {STARTUP_SECONDS} s:\n"
                                f"{log_path.read_text()}")  # fmt: skip
                time.sleep(0.25)
            yield url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, app_library: Path) -> Iterator[str]:
    """A new install (no account yet): the first-run setup is the first page."""
    tmp = tmp_path_factory.mktemp("server")
    with serve(tmp / "gapmap.duckdb", app_library, tmp) as url:
        yield url


# The seeded install's accounts (see `Seeded`).
CONSULTANT = ("consultant", "correct horse battery staple")
LEADER_A = ("leader-a", "leadership password A1")
LEADER_B = ("leader-b", "leadership password B2")


@dataclass(frozen=True)
class Seeded:
    """A running app over a database filled before the server started: a consultant, a
    demo organisation ("A", 300 synthetic responses, leadership account `leader-a`), a
    second organisation ("B", leadership account `leader-b`) and, in organisation A,
    CRM-adoption assessments that are open, closed and not open yet."""

    url: str
    db: Path
    demo_assessment_id: str
    demo_invite_code: str
    open_code: str
    open_assessment_id: str
    open_team_id: str
    closed_code: str
    future_code: str
    other_assessment_id: str


@pytest.fixture(scope="session")
def seeded_app(tmp_path_factory: pytest.TempPathFactory, app_library: Path) -> Iterator[Seeded]:
    """The app over a seeded database (one server for every test that asks for it)."""
    from assessment import access
    from assessment.collect.demo import generate_demo
    from assessment.organisation import auth
    from assessment.organisation.assessments import Team, create_assessment, create_organisation
    from assessment.questionnaire.questionnaires import load_or_raise
    from assessment.storage.store import Store

    tmp = tmp_path_factory.mktemp("seeded")
    db = tmp / "gapmap.duckdb"
    store = Store(db)
    try:
        demo = generate_demo(store, respondents=300, seed=7)
        other_org = create_organisation(store, "Second Organisation")
        consultant = access.create_account(
            store, auth.SYSTEM, username=CONSULTANT[0], password=CONSULTANT[1],
            role="consultant", display_name="Casey Consultant",
        )  # fmt: skip
        for org in (demo.organisation_id, other_org):
            access.grant_organisation(store, auth.SYSTEM, consultant.id, org)
        access.create_account(
            store, auth.SYSTEM, username=LEADER_A[0], password=LEADER_A[1],
            role="leadership", organisation_id=demo.organisation_id, display_name="Dana Director",
        )  # fmt: skip
        access.create_account(
            store, auth.SYSTEM, username=LEADER_B[0], password=LEADER_B[1],
            role="leadership", organisation_id=other_org,
        )  # fmt: skip
        crm = load_or_raise(SHIPPED / "crm-adoption.yaml")
        teams = [Team("sales-north", "Sales North", 12), Team("service", "Customer Service", 9)]
        opened = create_assessment(
            store, demo.organisation_id, crm, name="CRM adoption 2026", teams=teams,
            purpose="We want to know where the CRM helps you and where it gets in the way.",
        )  # fmt: skip
        closed = create_assessment(store, demo.organisation_id, crm, name="Closed survey")
        from assessment.organisation.assessments import set_closed, utcnow

        set_closed(store, closed.id, True)
        future = create_assessment(
            store, demo.organisation_id, crm, name="Next year",
            opens_at=utcnow() + timedelta(days=30),
        )  # fmt: skip
        other = create_assessment(store, other_org, crm, name="Organisation B survey")
        store.checkpoint()
    finally:
        store.close()
    with serve(db, app_library, tmp) as url:
        yield Seeded(
            url=url,
            db=db,
            demo_assessment_id=demo.assessment_id,
            demo_invite_code=demo.invite_code,
            open_code=opened.invite_code,
            open_assessment_id=opened.id,
            open_team_id="sales-north",
            closed_code=closed.invite_code,
            future_code=future.invite_code,
            other_assessment_id=other.id,
        )


def wait_until_idle(page: Page, timeout: float = 60_000) -> None:
    """Wait until the app's script run has finished (widgets react only after that)."""
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=timeout
    )


# What the server tells the page when a script run has ended (Streamlit's ForwardMsg).
_FINISHED = ForwardMsg.DESCRIPTOR.fields_by_name["script_finished"]
_STATUS = {v.name: v.number for v in _FINISHED.enum_type.values}
# Run in every page before Streamlit's own scripts (`new_context`): counts the ends of
# script runs the server reports on the page's WebSocket, whole-page runs and fragment
# runs apart, in `window.gapmapFinished`; each message is read after the task in which
# Streamlit handles it.
RUN_WATCH = (
    """(() => {
  const finished = {full: 0, fragment: 0};
  window.gapmapFinished = finished;
  const fields = (bytes) => {  // a protobuf message's top-level [field, varint or null]
    const out = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = bytes[i++]; value += (byte & 0x7f) * scale; scale *= 128; }
      while (byte & 0x80);
      return value;
    };
    while (i < bytes.length) {
      const tag = varint(), wire = tag % 8, field = (tag - wire) / 8;
      if (wire === 0) out.push([field, varint()]);
      else if (wire === 2) { const length = varint(); i += length; out.push([field, null]); }
      else if (wire === 1) { i += 8; out.push([field, null]); }
      else if (wire === 5) { i += 4; out.push([field, null]); }
      else break;
    }
    return out;
  };
  const read = (bytes) => {
    for (const [field, value] of fields(bytes)) {
      if (field !== FIELD) continue;
      if (value === FULL) finished.full += 1;
      if (value === FRAGMENT) finished.fragment += 1;
    }
  };
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (event) => {
        // a copy, taken now: Streamlit may hand the buffer on (and so empty it)
        const later = (buffer) => setTimeout(() => read(new Uint8Array(buffer)), 0);
        if (event.data instanceof ArrayBuffer) later(event.data.slice(0));
        else if (event.data instanceof Blob) event.data.arrayBuffer().then(later);
      });
    }
  };
})();""".replace("FIELD", str(_FINISHED.number))
    .replace("FULL", str(_STATUS["FINISHED_SUCCESSFULLY"]))
    .replace("FRAGMENT", str(_STATUS["FINISHED_FRAGMENT_RUN_SUCCESSFULLY"]))
)


def new_context(browser: Browser, **options: Any) -> BrowserContext:
    """A browser context (`browser.new_context(**options)`) whose pages count their
    script runs for `ScriptRuns`."""
    context = browser.new_context(**options)
    context.add_init_script(RUN_WATCH)
    return context


class ScriptRuns:
    """Counts a page's script runs that end from now on, as the server reports them:
    whole-page runs (a click, a choice), or with `fragments=True` a fragment's runs (a
    live area's timed refresh). To wait for the run a click starts rather than for a
    time. The page must come from `new_context`.

    Read from the server's own messages, not from the page's "running" attribute: on a
    busy machine a run's start and end reached the page together, the attribute never
    changed, and a count of its changes missed the run (fresh-clone CI: a tab's run and
    a select box's run, each waited for 60 s)."""

    def __init__(self, page: Page, *, fragments: bool = False) -> None:
        self.page = page
        self.kind = "fragment" if fragments else "full"
        counted = page.evaluate("kind => window.gapmapFinished?.[kind]", self.kind)
        if counted is None:
            raise AssertionError("this page counts no runs: open it in a new_context()")
        self.start = int(counted)

    def seen(self) -> int:
        """Runs ended since the counting started."""
        return int(self.page.evaluate("k => window.gapmapFinished[k]", self.kind)) - self.start

    def wait(self, count: int, timeout: float = 60_000) -> None:
        """Wait until `count` runs have ended since the counting started and the page
        shows itself idle."""
        self.page.wait_for_function(
            "([kind, n]) => window.gapmapFinished[kind] >= n",
            arg=[self.kind, self.start + count],
            timeout=timeout,
        )
        wait_until_idle(self.page, timeout)


WIDER_THAN_THE_SCREEN = """() => {
  const limit = document.documentElement.clientWidth + 1;
  return [...document.querySelectorAll('body *')]
    .map((e) => [e, e.getBoundingClientRect().right])
    .filter(([, right]) => right > limit)
    .slice(0, 5)
    .map(([e, right]) => `${e.tagName.toLowerCase()}[${e.getAttribute('data-testid') ?? ''}]`
      + `.${String(e.className).slice(0, 60)} ends at ${Math.round(right)}`);
}"""


def assert_no_sideways_scroll(page: Page) -> None:
    """Nothing wider than the screen once the page's run has ended; a failure names the
    first elements that stick out (a flaky failure is then read, not rerun)."""
    wait_until_idle(page)
    width = page.evaluate("() => document.documentElement.scrollWidth")
    limit = (page.viewport_size or {"width": 0})["width"]
    if width > limit + 1:
        wider = page.evaluate(WIDER_THAN_THE_SCREEN)
        raise AssertionError(f"the page is {width} px wide on a {limit} px screen: {wider}")


def open_sidebar(page: Page) -> None:
    """Open the sidebar when it is collapsed (always on a phone)."""
    opener = page.get_by_test_id("stExpandSidebarButton")
    if opener.count() and opener.first.is_visible():
        opener.first.click()
    expect(page.get_by_test_id("stSidebar")).to_be_visible()


def close_sidebar_on_phone(page: Page) -> None:
    """On a phone the menu overlays the page; close it once it has been used."""
    if (page.viewport_size or {"width": 9999})["width"] < 640:
        collapse = page.get_by_role("button", name="Collapse sidebar")
        if collapse.is_visible():
            collapse.click()
            expect(page.get_by_role("button", name="Collapse sidebar")).to_be_hidden()


def sign_in(page: Page, username: str, password: str) -> None:
    """Sign in through the sign-in page (the first page of a signed-out visitor).

    After signing in, move between pages with `go_to` (the menu): `page.goto` starts a
    new Streamlit session, which signs in again from the session cookie but forgets
    the page's state."""
    page.goto("/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    open_sidebar(page)
    expect(page.get_by_test_id("stSidebar").get_by_text("Sign out")).to_be_visible()
    wait_until_idle(page)
    close_sidebar_on_phone(page)


def go_to(page: Page, title: str) -> None:
    """Open a page by its entry in the sidebar menu."""
    open_sidebar(page)
    page.get_by_test_id("stSidebarNav").get_by_role("link", name=title).click()
    wait_until_idle(page)
    if (page.viewport_size or {"width": 9999})["width"] < 640:
        # The page closes its menu after a choice on a phone (ui/menu.py). Clicking its
        # "Collapse sidebar" here too raced that: the button, seen while the menu slid
        # shut, was gone by the click, which then waited for it in vain (CI, 60 s).
        expect(page.get_by_role("button", name="Collapse sidebar")).to_be_hidden()


def choose(page: Page, key: str, option: str | re.Pattern[str], *, exact: bool = False) -> None:
    """Pick `option` in the select box with widget key `key`, with one click to open it
    and one on the option, as a person does; wait until the box shows the choice and the
    page's run has ended (the caller then waits for what the choice draws).

    The select box is found by its key (not its label, which is translated). A choice
    already shown is left alone (choosing it again would start no run)."""
    wait_until_idle(page)  # a click during a run can land on a box about to be redrawn
    combo = page.locator(f".st-key-{key}").get_by_role("combobox")
    target = page.get_by_role("option", name=option, exact=exact)
    shown = combo.input_value()
    if isinstance(option, re.Pattern):
        if option.search(shown):
            return
    elif option == shown or (not exact and option in shown):
        return
    # Into view first, then the click: a click that has to scroll the page opened the
    # list now and then only for the scroll's last events to close it again (the box
    # focused, no list; seen in a screenshot of the accounts page's reset box).
    combo.scroll_into_view_if_needed()
    combo.click()
    expect(target.first).to_be_visible()
    runs = ScriptRuns(page)
    target.first.click()
    expect(page.get_by_role("listbox")).to_have_count(0)
    # the box shows the choice: the widget took the click (its run is waited for next)
    if isinstance(option, re.Pattern) or exact:
        expect(combo).to_have_value(option)
    else:
        expect(combo).to_have_value(re.compile(re.escape(option)))
    # The run the choice starts, not only "not running": on a busy machine the box
    # showed the choice, still idle, before that run began, and a test went on to read
    # (and scroll to) what that run then replaced (fresh-clone CI, the console's
    # reminder: "Element is not attached to the DOM").
    runs.wait(1)
    wait_until_idle(page)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


# A phone says so in its User-Agent ("Mobile"), as Chrome on Android does; the pages lay
# charts out for a phone on it (ui/client.on_phone).
PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Mobile Safari/537.36"
)


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh tab at the viewport named by the test's `page` parameter (desktop or phone)."""
    name = getattr(request, "param", "desktop")
    phone = name == "phone"
    context = new_context(
        browser,
        viewport=VIEWPORTS[name],
        is_mobile=phone,
        has_touch=phone,
        user_agent=PHONE_AGENT if phone else None,
        base_url=app_url,
    )
    tab = context.new_page()
    tab.set_default_timeout(60_000)
    yield tab
    context.close()


@pytest.fixture
def shoot(request: pytest.FixtureRequest) -> Shoot:
    """Save a full-page screenshot as artifacts/screenshots/<test>-<viewport>-<label>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = request.node.originalname.removeprefix("test_")
    viewport = getattr(getattr(request.node, "callspec", None), "params", {}).get("page", "desktop")

    def save(page: Page, label: str) -> Path:
        path = SCREENSHOTS / f"{test_name}-{viewport}-{label}.png"
        size = page.viewport_size or VIEWPORTS[viewport]
        # Streamlit scrolls inside <main>, so grow the viewport to the content for the shot.
        height = page.evaluate(
            "() => Math.max(window.innerHeight,"
            " document.querySelector('[data-testid=stMain]')?.scrollHeight ?? 0)"
        )
        page.set_viewport_size({"width": size["width"], "height": int(height)})
        # the resize has been laid out and painted (two animation frames after it)
        page.wait_for_function("h => window.innerHeight === h", arg=int(height))
        page.evaluate(
            "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))"
        )
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path

    return save
