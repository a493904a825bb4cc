"""The consultant console and the first-run setup in a real browser, at desktop
(1440x900) and phone (390x844) size.

The console tests use the shared seeded install and change nothing in it; the setup
test turns the shared new install into a set-up one (with the demo organisation).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CONSULTANT,
    VIEWPORTS,
    Seeded,
    assert_no_sideways_scroll,
    choose,
    close_sidebar_on_phone,
    go_to,
    new_context,
    sign_in,
    wait_until_idle,
)

Shoot = Callable[[Page, str], Path]
SIZES = ["desktop", "phone"]
NEW_CONSULTANT = ("first", "a long first password", "Fran First")

pytestmark = pytest.mark.browser


@pytest.fixture
def app_url(request: pytest.FixtureRequest, app_url: str) -> str:
    """The seeded install for tests that ask for `seeded_app`, else the new install."""
    if "seeded_app" in request.fixturenames:
        seeded: Seeded = request.getfixturevalue("seeded_app")
        return seeded.url
    return app_url


@pytest.mark.parametrize("page", SIZES, indirect=True)
def test_consultant_opens_the_invite_links_of_an_assessment(
    page: Page, shoot: Shoot, seeded_app: Seeded
) -> None:
    sign_in(page, *CONSULTANT)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    wait_until_idle(page)
    close_sidebar_on_phone(page)
    table = page.get_by_test_id("stDataFrame").first
    expect(table).to_be_visible()
    choose(page, "console-assessment", "CRM adoption 2026 · wave 1")
    expect(page.get_by_role("tab", name="Overview")).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    assert_no_sideways_scroll(page)
    shoot(page, "overview")

    page.get_by_role("tab", name="Invite links").click()
    team_link = f"?a={seeded_app.open_code}&t=sales-north"
    # the visible link (the Overview's reminder holds the same address in a hidden tab)
    expect(page.get_by_text(team_link).filter(visible=True).first).to_be_visible()
    qr = page.locator(".st-key-console-link-invite-" + seeded_app.open_code + "-sales-north img")
    expect(qr).to_be_visible()
    box = qr.bounding_box()
    assert box is not None and box["width"] >= 120 and abs(box["width"] - box["height"]) < 2
    assert_no_sideways_scroll(page)
    shoot(page, "invite-links")
    poster = page.locator(f".st-key-console-poster-invite-{seeded_app.open_code}-sales-north")
    with page.expect_download() as download:
        poster.get_by_role("button", name="Poster (PDF)").click()
    assert download.value.suggested_filename == (
        f"invite-{seeded_app.open_code}-sales-north-poster.pdf"
    )
    assert Path(download.value.path()).read_bytes().startswith(b"%PDF")

    page.get_by_role("tab", name="Settings").click()
    expect(page.get_by_role("button", name="Close the assessment")).to_be_visible()
    expect(page.get_by_role("button", name="Start a new wave")).to_be_visible()
    assert_no_sideways_scroll(page)
    shoot(page, "settings")

    page.get_by_role("tab", name="Data and erasure").click()
    expect(page.get_by_text("Numbers in answer cells are")).to_be_visible()
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_visible()
    assert_no_sideways_scroll(page)
    shoot(page, "data")


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_first_run_setup_creates_the_consultant_and_opens_the_demo(
    page: Page, shoot: Shoot, browser: Browser, app_url: str
) -> None:
    phone = new_context(
        browser, viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, base_url=app_url
    )
    try:
        phone_page = phone.new_page()
        phone_page.goto("/")
        heading = phone_page.get_by_role("heading", name="Set up GapMap")
        expect(heading).to_be_visible()  # the server's first run imports a lot
        wait_until_idle(phone_page)
        assert_no_sideways_scroll(phone_page)
        shoot(phone_page, "phone-form")
    finally:
        phone.close()

    page.goto("/")
    expect(page.get_by_role("heading", name="Set up GapMap")).to_be_visible()
    wait_until_idle(page)
    username, password, name = NEW_CONSULTANT
    page.get_by_role("textbox", name="User name", exact=True).fill(username)
    page.get_by_role("textbox", name="Your name", exact=True).fill(name)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("textbox", name="Repeat the password", exact=True).fill(password)
    expect(page.get_by_role("checkbox", name="Load a demo organisation")).to_be_checked()
    shoot(page, "form")
    page.get_by_role("button", name="Create account").click()

    expect(page.get_by_role("heading", name="Assessments")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(f"Signed in as {name}")).to_be_visible()
    expect(page.get_by_text("The demo organisation is loaded")).to_be_visible()
    wait_until_idle(page)
    expect(page.get_by_role("tab", name="Overview")).to_be_visible()
    expect(page.get_by_test_id("stMetric").first).to_be_visible()
    shoot(page, "console")


@pytest.mark.parametrize("page", SIZES, indirect=True)
def test_consultant_sees_the_new_assessment_form_accounts_and_audit_log(
    page: Page, shoot: Shoot, seeded_app: Seeded
) -> None:
    sign_in(page, *CONSULTANT)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    close_sidebar_on_phone(page)
    page.get_by_text("New assessment", exact=True).click()
    expect(page.get_by_role("heading", name="New assessment")).to_be_visible()
    expect(page.get_by_role("button", name="Create assessment")).to_be_visible()
    wait_until_idle(page)
    assert_no_sideways_scroll(page)
    shoot(page, "new-assessment")

    go_to(page, "Accounts")
    expect(page.get_by_role("heading", name="Add an account")).to_be_visible()
    # The table is a canvas; its cells are mirrored for screen readers as a <table> inside
    # the <canvas>, which is never "visible" (and so not found by role). A bare
    # `get_by_text(...).first` passed only while the grid's code was still loading (the
    # first match was then the "Disable leader-a" button) and failed whenever the grid
    # had mounted first.
    accounts = page.get_by_test_id("stDataFrame")
    expect(accounts).to_be_visible()
    expect(accounts.get_by_text("leader-a", exact=True)).to_be_attached()
    wait_until_idle(page)
    close_sidebar_on_phone(page)
    assert_no_sideways_scroll(page)
    shoot(page, "accounts")

    go_to(page, "Audit log")
    expect(page.get_by_text("entries. Times are UTC.", exact=False)).to_be_visible()
    expect(page.get_by_test_id("stDataFrame")).to_be_visible()
    wait_until_idle(page)
    close_sidebar_on_phone(page)
    shoot(page, "audit")


@pytest.mark.parametrize("page", SIZES, indirect=True)
def test_the_reminder_has_a_copy_button_without_hovering(
    page: Page, shoot: Shoot, seeded_app: Seeded
) -> None:
    sign_in(page, *CONSULTANT)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    wait_until_idle(page)
    close_sidebar_on_phone(page)
    choose(page, "console-assessment", "CRM adoption 2026 · wave 1")
    wait_until_idle(page)  # the overview redraws once its live figures arrive
    reminder = page.locator('[class*="st-key-console-reminder-"]').first
    expect(reminder.get_by_text("Subject: Reminder: CRM adoption 2026")).to_be_visible()
    reminder.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # nothing hovers the text: a phone has no hover
    expect(reminder.get_by_role("button", name="Copy to clipboard")).to_be_visible()
    expect(page.get_by_role("button", name="Links for a mail merge (CSV)")).to_be_visible()
    assert_no_sideways_scroll(page)
    shoot(page, "reminder")
