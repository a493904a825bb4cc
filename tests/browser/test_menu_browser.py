"""The menu on a phone: choosing a page closes it, so the page chosen is what shows.

Streamlit closes it by itself only for a "mobile" user agent; GapMap closes it on any
narrow screen (`assessment/ui/menu.py`), and must not reopen one Streamlit closed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CONSULTANT,
    VIEWPORTS,
    Seeded,
    Shoot,
    new_context,
    open_sidebar,
    sign_in,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    return seeded_app.url


def choose_and_see_the_menu_close(page: Page) -> None:
    sign_in(page, *CONSULTANT)
    open_sidebar(page)
    sidebar = page.get_by_test_id("stSidebar")
    expect(sidebar).to_have_attribute("data-collapsed", "false")
    sidebar.get_by_test_id("stSidebarNav").get_by_role("link", name="Audit log").click()
    wait_until_idle(page)
    expect(page.get_by_role("heading", name="Audit log")).to_be_visible()
    expect(sidebar).to_have_attribute("data-collapsed", "true")
    expect(page.get_by_test_id("stExpandSidebarButton")).to_be_visible()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_choosing_a_page_on_a_narrow_screen_closes_the_menu(page: Page) -> None:
    choose_and_see_the_menu_close(page)


def test_a_phone_whose_browser_says_mobile_sees_the_menu_close_once(
    browser: Browser, app_url: str
) -> None:
    context = new_context(browser,
        viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, base_url=app_url,
        user_agent=IPHONE,
    )  # fmt: skip
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        choose_and_see_the_menu_close(page)
    finally:
        context.close()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_a_workshop_code_at_the_bare_address_opens_the_workshop_page(
    page: Page, shoot: Shoot
) -> None:
    page.goto("/")
    box = page.get_by_role("textbox", name="Code from the shared screen or your invitation")
    expect(box).to_be_visible()
    wait_until_idle(page)
    shoot(page, "code-box")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    box.fill("k7mq4t")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/w/K7MQ4T")
    expect(page.get_by_role("heading", name="We could not find this workshop")).to_be_visible()
