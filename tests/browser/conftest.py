"""Real-browser fixtures: a running GapMap server and Debian's headless Chromium.

The server runs `streamlit run app.py` on a free port with a tmp DuckDB file and a tmp
library folder (the shipped questionnaires, the UI sample and one broken file). Chromium
is `/usr/bin/chromium` from apt, never a Playwright download: missing, it skips the tests
locally and fails them in CI (`CI` set).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

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
VIEWPORTS: dict[str, dict[str, int]] = {
    "desktop": {"width": 1440, "height": 900},
    "phone": {"width": 390, "height": 844},
}
BROKEN_YAML = 'id: Broken Id\nversion: "1"\ntitel: typo\n'
STARTUP_SECONDS = 60

Shoot = Callable[[Page, str], Path]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (local http URL we built)
            return response.status == 200
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


@pytest.fixture(scope="session")
def app_url(tmp_path_factory: pytest.TempPathFactory, app_library: Path) -> Iterator[str]:
    """Start `streamlit run app.py` on a free port, wait for its health check, stop it after."""
    tmp = tmp_path_factory.mktemp("server")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "GAPMAP_DB": str(tmp / "gapmap.duckdb"),
        "GAPMAP_QUESTIONNAIRES": str(app_library),
    }
    cmd = [
        sys.executable, "-m", "streamlit", "run", "app.py",
        "--server.headless", "true",
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    log_path = tmp / "server.log"
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
def browser(chromium_path: str) -> Iterator[Browser]:
    """One headless Chromium for the whole session."""
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(request: pytest.FixtureRequest, browser: Browser, app_url: str) -> Iterator[Page]:
    """A fresh tab at the viewport named by the test's `page` parameter (desktop or phone)."""
    name = getattr(request, "param", "desktop")
    phone = name == "phone"
    context = browser.new_context(
        viewport=VIEWPORTS[name], is_mobile=phone, has_touch=phone, base_url=app_url
    )
    tab = context.new_page()
    tab.set_default_timeout(30_000)
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
        page.wait_for_timeout(300)
        page.screenshot(path=str(path), full_page=True)
        page.set_viewport_size(size)
        return path

    return save
