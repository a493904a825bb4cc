"""The server, not the page, sets the session cookie and the security headers: the
cookie is HttpOnly and SameSite=Strict (no script on the page can read it), every
response carries the Content-Security-Policy (no framing), Referrer-Policy and
X-Content-Type-Options, the app runs under that policy without a violation, and a
reload still keeps the consultant signed in. A respondent's resume secret leaves the
address bar for an HttpOnly cookie, and a reload still finds their answers."""

from __future__ import annotations

import pytest
from playwright.sync_api import APIResponse, ConsoleMessage, Page, Response, expect

from assessment.ui.server import CONTENT_SECURITY_POLICY
from assessment.ui.state import KEPT
from tests.browser.conftest import (
    CONSULTANT,
    LEADER_A,
    Seeded,
    open_sidebar,
    sign_in,
    wait_until_idle,
)
from tests.browser.test_respond_browser import start, tap
from tests.browser.test_results_browser import sign_in_to_results

pytestmark = pytest.mark.browser

EXPECTED = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
}


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    return seeded_app.url


def security_headers(response: Response | APIResponse) -> dict[str, str]:
    headers = response.all_headers() if isinstance(response, Response) else response.headers
    return {name: headers.get(name, "") for name in EXPECTED}


def set_cookie(page: Page, name: str) -> dict[str, object]:
    """The cookie once the server has set it: the page loads the cookie's one-time address
    when the run that draws it ends; poll the cookie jar (no page script can see it)."""
    for _ in range(100):
        found = {c["name"]: c for c in page.context.cookies()}.get(name)
        if found:
            return dict(found)
        page.wait_for_timeout(100)
    return {}


def csp_violations(page: Page) -> list[str]:
    """The Content-Security-Policy violations the page reports from now on."""
    found: list[str] = []

    def collect(message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            found.append(message.text)

    page.on("console", collect)
    return found


def test_every_response_carries_the_security_headers(page: Page, seeded_app: Seeded) -> None:
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto("/")
    wait_until_idle(page)
    page_responses = [r for r in responses if r.url.startswith(seeded_app.url)]
    kinds = {r.request.resource_type for r in page_responses}
    assert {"document", "script"} <= kinds, kinds
    for response in page_responses:
        assert security_headers(response) == EXPECTED, response.url
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY
    for path in ("/_stcore/health", "/api/session?t=forged", "/no-such-page"):
        assert security_headers(page.request.get(seeded_app.url + path)) == EXPECTED, path
    # A forged ticket sets nothing.
    assert page.request.get(seeded_app.url + "/api/session?t=forged").status == 404
    assert "gapmap_session" not in {c["name"] for c in page.context.cookies()}


def test_the_session_cookie_is_set_by_the_server_httponly_and_survives_a_reload(
    page: Page,
) -> None:
    violations = csp_violations(page)
    sign_in(page, *CONSULTANT)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()

    cookie = set_cookie(page, "gapmap_session")
    assert cookie, "the server never set the session cookie"
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"
    assert cookie["secure"] is False  # plain http on localhost; https adds Secure
    assert "gapmap_session" not in str(page.evaluate("document.cookie"))

    page.reload()
    wait_until_idle(page)
    open_sidebar(page)
    expect(
        page.get_by_test_id("stSidebar").get_by_text("Signed in as Casey Consultant")
    ).to_be_visible(timeout=30_000)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    assert violations == [], violations


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_the_resume_secret_leaves_the_address_bar_and_a_reload_still_resumes(
    page: Page, seeded_app: Seeded
) -> None:
    violations = csp_violations(page)
    start(page, seeded_app.open_code, "Marketing", team="Customer Service")
    tap(page, "respond-start")
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    page.locator(".st-key-respond-later summary").click()
    expect(page.get_by_role("button", name="Copy link")).to_be_visible()
    link = page.locator(".st-key-respond-later code").inner_text().strip()
    secret = link.split("?r=")[1]
    expect(page).to_have_url(f"{seeded_app.url}/?r={KEPT}")
    cookie = set_cookie(page, "gapmap_resume")
    assert cookie["value"] == secret
    assert cookie["httpOnly"] is True
    assert cookie["sameSite"] == "Strict"

    page.reload()  # the address holds no secret: the cookie brings the answers back
    wait_until_idle(page)
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()

    page.goto(link)  # the resume link itself: read once, then gone from the address
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    expect(page).to_have_url(f"{seeded_app.url}/?r={KEPT}")
    assert secret not in page.url
    assert violations == [], violations  # the scroll and copy scripts run under the policy


def test_the_results_charts_draw_under_the_policy(page: Page) -> None:
    violations = csp_violations(page)
    sign_in_to_results(page, *LEADER_A)
    charts = page.locator("[data-testid=stVegaLiteChart]")
    expect(charts.first.locator("canvas, svg").first).to_be_visible()
    expect(page.locator("[data-testid=stMetric]").first).to_be_visible()
    assert violations == [], violations
