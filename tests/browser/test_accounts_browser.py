"""A consultant adds a leadership account and hands its owner a password-reset link; on
a phone the link sets the password once, leaves the address bar, and the new password
signs in; she changes it again herself. Both forms are empty after success.
Screenshots: the accounts page with the link, the reset page on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    CONSULTANT,
    VIEWPORTS,
    Seeded,
    Shoot,
    choose,
    go_to,
    new_context,
    sign_in,
    wait_until_idle,
)

pytestmark = pytest.mark.browser

NEW = "rosas own passphrase 5"
NEWER = "rosas second passphrase 6"


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    return seeded_app.url


def test_a_reset_link_from_the_accounts_page_sets_a_password_once_on_a_phone(
    page: Page, browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    sign_in(page, *CONSULTANT)
    go_to(page, "Accounts")
    expect(page.get_by_role("heading", name="Accounts", exact=True)).to_be_visible()
    page.get_by_label("User name", exact=True).fill("rosa")
    page.get_by_label("Password", exact=True).fill("a first passphrase 1")
    page.get_by_role("button", name="Add account").click()
    expect(page.get_by_text("Account rosa added.")).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    # the form is empty again: no password left on a shared screen, no second tap that
    # adds the same account again
    expect(page.get_by_label("User name", exact=True)).to_have_value("")
    expect(page.get_by_label("Password", exact=True)).to_have_value("")

    # the project's one way to pick in a select box: wait for the run to end, click the
    # box itself (a click on the widget's middle, as before, opened no list once in CI)
    choose(page, "accounts-reset-user", "rosa", exact=True)
    page.get_by_role("button", name="Create a reset link").click()
    expect(page.get_by_text("Reset link for rosa, valid until")).to_be_visible(timeout=30_000)
    link = page.get_by_test_id("stCode").inner_text().strip()
    assert re.fullmatch(r"http://[^/]+/\?reset=[A-Za-z0-9_-]{43}", link), link
    shoot(page, "accounts-with-link")

    phone = new_context(browser, viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True)
    try:
        tab = phone.new_page()
        tab.goto(link)
        wait_until_idle(tab)
        expect(tab.get_by_role("heading", name="Set a new password")).to_be_visible()
        expect(tab.get_by_text("Choose a new password for the account rosa.")).to_be_visible()
        assert "reset=" not in tab.url  # the token left the address bar
        shoot(tab, "reset-page-phone")
        tab.get_by_label("New password", exact=True).fill(NEW)
        tab.get_by_label("Repeat the new password", exact=True).fill(NEW)
        tab.get_by_role("button", name="Set the password").click()
        expect(tab.get_by_text("Your new password is set. Sign in with it.")).to_be_visible(
            timeout=30_000
        )
        wait_until_idle(tab)
        tab.get_by_label("User name", exact=True).fill("rosa")
        tab.get_by_label("Password", exact=True).fill(NEW)
        tab.get_by_role("button", name="Sign in").click()
        expect(tab.get_by_role("heading", name="Results", exact=True)).to_be_visible(timeout=30_000)
        wait_until_idle(tab)

        # her own password, changed on "Your password": the form is empty afterwards
        go_to(tab, "Your password")
        tab.get_by_label("Current password", exact=True).fill(NEW)
        tab.get_by_label("New password", exact=True).fill(NEWER)
        tab.get_by_label("Repeat the new password", exact=True).fill(NEWER)
        tab.get_by_role("button", name="Change password").click()
        expect(tab.get_by_text("Your password is changed.")).to_be_visible(timeout=30_000)
        wait_until_idle(tab)
        for label in ("Current password", "New password", "Repeat the new password"):
            expect(tab.get_by_label(label, exact=True)).to_have_value("")

        again = phone.new_page()
        again.goto(link)
        wait_until_idle(again)
        expect(again.get_by_text("This password-reset link has been used already")).to_be_visible()
        expect(again.get_by_role("button", name="Set the password")).to_have_count(0)
    finally:
        phone.close()
