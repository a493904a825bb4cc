"""A signed-in browser stays signed in across a reload (the session token is kept in
a cookie); signing out, or a session ended on the server, is not undone by one."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import CONSULTANT, Seeded, open_sidebar, sign_in, wait_until_idle

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    return seeded_app.url


def signed_in_as_casey(page: Page) -> None:
    open_sidebar(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar.get_by_text("Signed in as Casey Consultant")).to_be_visible(timeout=30_000)


def test_a_reload_keeps_the_consultant_signed_in_until_sign_out(page: Page) -> None:
    sign_in(page, *CONSULTANT)
    cookies = {c["name"]: c for c in page.context.cookies()}
    assert cookies["gapmap_session"]["sameSite"] == "Strict"

    page.reload()
    wait_until_idle(page)
    signed_in_as_casey(page)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()

    page.get_by_test_id("stSidebar").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.reload()
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
    assert "gapmap_session" not in {c["name"] for c in page.context.cookies()}


def test_a_forged_or_ended_session_cookie_signs_nobody_in(page: Page, seeded_app: Seeded) -> None:
    page.context.add_cookies([{"name": "gapmap_session", "value": "x" * 43, "url": seeded_app.url}])
    page.goto("/")
    wait_until_idle(page)
    expect(page.get_by_role("button", name="Sign in")).to_be_visible(timeout=30_000)
