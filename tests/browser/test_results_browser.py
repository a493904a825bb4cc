"""The results dashboard in a real browser, as leadership of the demo organisation, at
desktop (1440x900) and phone (390x844) size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CONSULTANT,
    LEADER_A,
    PHONE_AGENT,
    ScriptRuns,
    Seeded,
    assert_no_sideways_scroll,
    new_context,
    open_sidebar,
    sign_in,
    wait_until_idle,
)

VIEWPORTS = ["desktop", "phone"]
Shoot = Callable[[Page, str], Path]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    return seeded_app.url


def sign_in_to_results(page: Page, username: str, password: str) -> None:
    """Sign in; leadership lands on the results page. The first results run of a fresh
    server imports Altair and scores the demo (several seconds on a busy machine), so
    this waits longer than the shared `sign_in` helper does."""
    page.goto("/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="What stands out")).to_be_visible(timeout=60_000)
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=60_000
    )


def open_tab(page: Page, name: str) -> None:
    """Open one of the page's tabs and wait for the run it starts to finish: only the
    open tab is run and drawn. (Waiting for "not running" alone raced on a busy
    machine: the browser shows the tab selected and still idle before the run starts,
    and the test read the empty tab.)"""
    runs = ScriptRuns(page)
    page.get_by_role("tab", name=name, exact=True).click()
    runs.wait(1)
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )
    wait_until_idle(page)


@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
def test_dashboard_draws_the_gap_map(page: Page, shoot: Shoot) -> None:
    sign_in_to_results(page, *LEADER_A)
    expect(page.get_by_role("heading", name="Results")).to_be_visible()
    metrics = page.locator("[data-testid=stMetric]")
    expect(metrics.first).to_be_visible()
    # the overview draws two charts: against target, leaders against staff
    expect(page.locator("[data-testid=stVegaLiteChart]")).to_have_count(2)
    shoot(page, "overview")
    open_tab(page, "Gap map")
    expect(page.get_by_role("heading", name="Gap map")).to_be_visible()
    charts = page.locator("[data-testid=stVegaLiteChart]")
    expect(charts.first).to_be_visible()
    drawn = charts.first.locator("canvas, svg").first
    expect(drawn).to_be_visible()
    box = drawn.bounding_box()
    assert box is not None and box["width"] > 200 and box["height"] > 150
    width = page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= (page.viewport_size or {"width": 0})["width"] + 1
    shoot(page, "dashboard")
    open_sidebar(page)
    expect(page.get_by_test_id("stSidebar").get_by_text("Sign out")).to_be_visible()


def test_leadership_downloads_the_gap_report_as_pdf_and_excel(page: Page) -> None:
    sign_in_to_results(page, *LEADER_A)
    downloads = page.get_by_test_id("stDownloadButton")
    with page.expect_download(timeout=90_000) as pdf:
        downloads.filter(has_text="PDF").get_by_role("button").click()
    assert pdf.value.suggested_filename.endswith("-en.pdf")
    assert Path(pdf.value.path()).read_bytes()[:5] == b"%PDF-"
    with page.expect_download(timeout=60_000) as xlsx:
        downloads.filter(has_text="Excel").get_by_role("button").click()
    assert xlsx.value.suggested_filename.endswith("-en.xlsx")
    assert Path(xlsx.value.path()).read_bytes()[:2] == b"PK"  # a zip container


GERMAN_VIEWPORTS: dict[str, tuple[int, int]] = {"wide": (1920, 1080), "phone": (390, 844)}


@pytest.mark.parametrize("viewport", list(GERMAN_VIEWPORTS))
def test_a_german_browser_gets_the_dashboard_in_german(
    browser: Browser, seeded_app: Seeded, viewport: str, shoot: Shoot
) -> None:
    """A de-DE browser: the sign-in page, then the whole dashboard in German, nothing
    wider than the screen; a screenshot of each size to read."""
    width, height = GERMAN_VIEWPORTS[viewport]
    phone = viewport == "phone"
    context = new_context(
        browser,
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        user_agent=PHONE_AGENT if phone else None,
        locale="de-DE",
        base_url=seeded_app.url,
    )
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto("/")
        expect(page.get_by_role("heading", name="Anmelden")).to_be_visible(timeout=60_000)
        page.get_by_label("Benutzername").fill(LEADER_A[0])
        page.get_by_label("Passwort", exact=True).fill(LEADER_A[1])
        # Streamlit's typing hint ("Press Enter to submit form") is English only: hidden
        hint = page.get_by_test_id("InputInstructions")
        expect(hint.first).to_be_attached()
        expect(hint.first).to_be_hidden()
        page.locator(".st-key-signin-submit button").click()
        expect(page.get_by_role("heading", name="Was auffällt")).to_be_visible(timeout=60_000)
        expect(page.get_by_test_id("stApp")).to_have_attribute(
            "data-test-script-state", "notRunning", timeout=60_000
        )
        for heading in ("Ergebnisse", "Bericht", "Was auffällt", "Erste Maßnahmen"):
            expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page.get_by_test_id("stMetric").filter(has_text="Gesamtindex")).to_be_visible()
        charts = page.locator("[data-testid=stVegaLiteChart]")
        expect(charts.first.locator("canvas, svg").first).to_be_visible()
        assert_no_sideways_scroll(page)
        shoot(page, f"{viewport}-de")
        open_tab(page, "Maßnahmen")
        expect(page.get_by_role("heading", name="Empfohlene Maßnahmen")).to_be_visible()
        expect(page.get_by_text("Warum:").first).to_be_attached()
        assert_no_sideways_scroll(page)
        shoot(page, f"{viewport}-de-actions")
    finally:
        context.close()


def test_the_sidebar_switch_keeps_the_gap_map_choices_on_screen(page: Page) -> None:
    """Rows by team, then German from the sidebar: the radios still show their choice
    (they showed none, the browser holding "Team"/"Maturity level" as English labels) and
    the team box says "Alle Teams" (it said "All teams")."""
    sign_in_to_results(page, *LEADER_A)
    open_tab(page, "Gap map")
    page.locator(".st-key-results_grouping").get_by_text("Team", exact=True).click()
    expect(page.locator(".st-key-results_team").get_by_role("combobox")).to_have_value("All teams")
    wait_until_idle(page)
    open_sidebar(page)
    page.get_by_test_id("stSidebar").get_by_text("Deutsch", exact=True).click()
    expect(page.get_by_role("heading", name="Lückenkarte")).to_be_visible()
    wait_until_idle(page)

    grouping = page.locator(".st-key-results_grouping input[type=radio]")
    expect(grouping.nth(1)).to_be_checked()  # Rolle, Team, Rolle × Team
    expect(page.locator(".st-key-results_colour input[type=radio]").first).to_be_checked()
    expect(page.locator(".st-key-results_team").get_by_role("combobox")).to_have_value("Alle Teams")
    open_tab(page, "Dimensionen")
    expect(page.locator(".st-key-results_perspective input[type=radio]").first).to_be_checked()
    expect(page.locator(".st-key-results_dimension input[type=radio]").first).to_be_checked()
    open_tab(page, "Lückenkarte")  # the gap map's choices are as they were left
    expect(page.locator(".st-key-results_grouping input[type=radio]").nth(1)).to_be_checked()


# Every table on the page (Markdown tables, `ui/text.table_markdown`), with how much wider
# its content is than its box: 0 when it fits without scrolling sideways.
TABLES_OVERFLOW = """() => [...document.querySelectorAll(
    '[data-testid=stMain] [data-testid=stMarkdownContainer] table')].map((table) => {
  const box = table.closest('[data-testid=stMarkdownContainer]');
  return {head: table.querySelector('th').textContent,
          over: Math.max(table.scrollWidth, box.scrollWidth) - box.clientWidth};
})"""


def test_every_table_of_the_results_page_fits_a_phone(browser: Browser, seeded_app: Seeded) -> None:
    """At 390x844, English and German, every table (evidence, each indicator's in its
    opened expander, reliability) is no wider than the screen's column: its cells wrap,
    nothing scrolls sideways (the canvas grids they replaced did)."""
    tabs = {
        "en-GB": ("Survey and CRM", "Actions", "Trend and quality"),
        "de-DE": ("Umfrage und CRM", "Maßnahmen", "Verlauf und Qualität"),
    }
    for locale, heading in (("en-GB", "What stands out"), ("de-DE", "Was auffällt")):
        context = new_context(browser,
            viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
            user_agent=PHONE_AGENT, locale=locale, base_url=seeded_app.url,
        )  # fmt: skip
        try:
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.goto("/")
            page.locator(".st-key-signin-username input").fill(LEADER_A[0])
            page.locator(".st-key-signin-password input").fill(LEADER_A[1])
            page.locator(".st-key-signin-submit button").click()
            expect(page.get_by_role("heading", name=heading)).to_be_visible(timeout=60_000)
            wait_until_idle(page)
            tables = []
            for tab in tabs[locale]:
                open_tab(page, tab)
                for expander in page.get_by_test_id("stExpander").all():
                    if expander.locator("table").count():
                        expander.locator("summary").click()
                tables += page.evaluate(TABLES_OVERFLOW)
            assert len(tables) >= 3, tables  # evidence, its indicators, reliability
            assert [t for t in tables if t["over"] > 0] == []
        finally:
            context.close()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_an_agreed_actions_hostile_text_reads_as_typed(
    page: Page, seeded_app: Seeded, shoot: Shoot
) -> None:
    """A consultant records an action whose title and owner hold HTML, Markdown, a
    formula and a pipe; the agreed actions' table shows them letter for letter (no bold,
    no tag, no link text swallowed, no extra column), and fits the phone's screen."""
    title = "<b>x</b> **bold** =1+1 | [link](evil)"
    owner = "<i>Head</i> of _Sales_"
    sign_in(page, *CONSULTANT)
    page.goto(f"/results?assessment={seeded_app.demo_assessment_id}")
    expect(page.get_by_role("heading", name="What stands out")).to_be_visible(timeout=60_000)
    wait_until_idle(page)
    open_tab(page, "Actions")
    expect(page.get_by_role("heading", name="Agreed actions")).to_be_visible()
    page.get_by_text("Record an agreed action").click()
    page.get_by_label("Action", exact=True).fill(title)
    page.get_by_label("Owner (a person or a role)").fill(owner)
    page.get_by_role("button", name="Record the action").click()
    expect(page.get_by_text("Recorded.")).to_be_visible()
    wait_until_idle(page)

    table = page.locator("[data-testid=stMain] table").filter(has_text="Owner")
    cells = table.locator("tbody tr").filter(has_text="=1+1").locator("td")
    expect(cells).to_have_count(5)  # action, owner, due, status, dimension
    assert cells.nth(0).inner_text() == title
    assert cells.nth(1).inner_text() == owner
    assert table.locator("b, strong, i, em, a").count() == 0
    over = page.evaluate(TABLES_OVERFLOW)
    assert [t for t in over if t["over"] > 0] == []
    shoot(page, "agreed-hostile")
