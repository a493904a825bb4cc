"""The respondent's journey in a real browser: a phone (390x844) first, desktop too.

Every test starts its own response on the seeded install's open CRM-adoption assessment,
so tests sharing the server never depend on each other's answers.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from assessment.questionnaire.model import Item, Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise
from tests.browser.conftest import VIEWPORTS, Seeded, wait_until_idle

ROOT = Path(__file__).resolve().parents[2]
CRM = load_or_raise(ROOT / "questionnaires" / "crm-adoption.yaml")

Shoot = Callable[[Page, str], Path]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    """Respondents answer the seeded install's open assessment."""
    return seeded_app.url


def steps(role: str) -> list[list[Item]]:
    return [items for _, items in CRM.items_for_role(role) if items]


def no_horizontal_scroll(page: Page) -> None:
    overflow = page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]');"
        " return m.scrollWidth - m.clientWidth; }"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow} px"


def choose(page: Page, item: Item, n: int, q: Questionnaire = CRM) -> None:
    """Answer one item by tapping its widget (every third "don't know" where offered)."""
    if item.dont_know and n % 3 == 0:
        page.locator(f".st-key-respond-dk-{item.id} label").click()
    elif item.type == "text":
        if n % 2:
            box = page.locator(f".st-key-respond-item-{item.id} textarea")
            box.fill(f"Note on {item.id}")
            box.press("Tab")
    else:
        options = page.locator(f".st-key-respond-item-{item.id} [role=radiogroup] label")
        options.nth(n % len(q.options_of(item))).click()


def answer_step(page: Page, items: list[Item]) -> None:
    for n, item in enumerate(items):
        choose(page, item, n)
    wait_until_idle(page)


def start(page: Page, code: str, role_label: str, *, team: bool = False) -> None:
    page.goto(f"/?a={code}")
    role = page.locator(".st-key-respond-role").get_by_text(role_label, exact=True)
    role.click()
    expect(page.locator(".st-key-respond-role input:checked")).to_have_count(1)
    wait_until_idle(page)
    if team:
        pick_team(page, "Customer Service")


def pick_team(page: Page, name: str) -> None:
    """Choose a team in the select box. A rerun still drawing the page can close an open
    drop-down (the option detaches), so open and pick again until the box shows it."""
    combo = page.locator(".st-key-respond-team").get_by_role("combobox")
    option = page.get_by_role("option", name=name)
    for _ in range(5):
        wait_until_idle(page)
        try:
            combo.click(timeout=5_000)
            expect(option).to_be_visible(timeout=2_000)
            option.click(timeout=5_000)
        except (AssertionError, PlaywrightTimeoutError):
            page.keyboard.press("Escape")
            continue
        wait_until_idle(page)
        if combo.input_value() == name:
            return
    expect(combo).to_have_value(name)


def tap(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_until_idle(page)


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_full_journey_in_english(page: Page, seeded_app: Seeded, shoot: Shoot) -> None:
    start(page, seeded_app.open_code, "Sales", team=True)
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    expect(
        page.get_by_text("Results are shown only for groups of at least 5 people.")
    ).to_be_visible()
    no_horizontal_scroll(page)
    shoot(page, "1-welcome")
    tap(page, "respond-start")
    all_steps = steps("sales")
    for n, items in enumerate(all_steps, start=2):
        expect(page.get_by_text(f"Step {n} of 6")).to_be_visible()
        if n == 2:
            tap(page, "respond-next")  # nothing answered: every required item is named
            expect(page.get_by_text("Please answer this question.").first).to_be_visible()
            expect(page.get_by_text(f"Step {n} of 6")).to_be_visible()
            shoot(page, "2-missing")
        answer_step(page, items)
        if n in (2, 4, 6):
            no_horizontal_scroll(page)
            shoot(page, f"{n}-step")
        tap(page, "respond-submit" if n == 6 else "respond-next")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    wait_until_idle(page)
    expect(page.locator("[data-testid=stVegaLiteChart]")).to_be_visible()
    no_horizontal_scroll(page)
    shoot(page, "7-snapshot")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_full_journey_in_german(page: Page, seeded_app: Seeded, shoot: Shoot) -> None:
    page.goto(f"/?a={seeded_app.open_code}&t={seeded_app.open_team_id}")
    page.locator(".st-key-respond-language-switch").get_by_text("Deutsch").click()
    expect(page.get_by_text("Schritt 1 von 6")).to_be_visible()
    expect(page.get_by_text("Ihr Team:")).to_be_visible()
    page.locator(".st-key-respond-role").get_by_text("Vertrieb", exact=True).click()
    wait_until_idle(page)
    shoot(page, "1-willkommen")
    tap(page, "respond-start")
    for n, items in enumerate(steps("sales"), start=2):
        expect(page.get_by_text(f"Schritt {n} von 6")).to_be_visible()
        answer_step(page, items)
        if n == 3:
            shoot(page, f"{n}-schritt")
        tap(page, "respond-submit" if n == 6 else "respond-next")
    expect(page.get_by_role("heading", name="Vielen Dank!")).to_be_visible()
    no_horizontal_scroll(page)
    shoot(page, "7-bild")


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_resume_after_closing_the_page(
    page: Page, browser: Browser, seeded_app: Seeded, shoot: Shoot
) -> None:
    start(page, seeded_app.open_code, "Marketing", team=True)
    tap(page, "respond-start")
    first = steps("marketing")[0]
    answer_step(page, first)
    tap(page, "respond-next")
    second = steps("marketing")[1]
    page.locator(f".st-key-respond-item-{second[0].id} [role=radiogroup] label").nth(4).click()
    wait_until_idle(page)
    page.locator(".st-key-respond-later summary").click()
    link = page.locator(".st-key-respond-later code").inner_text().strip()
    assert "?r=" in link
    shoot(page, "before-closing")
    page.context.close()

    context = browser.new_context(
        viewport=VIEWPORTS["phone"], is_mobile=True, has_touch=True, base_url=seeded_app.url
    )
    try:
        again = context.new_page()
        again.goto(link)
        expect(again.get_by_text("Step 3 of 6")).to_be_visible()
        checked = again.locator(f".st-key-respond-item-{second[0].id} input").nth(4)
        expect(checked).to_be_checked()
        shoot(again, "resumed")
        tap(again, "respond-back")
        expect(again.get_by_text("Step 2 of 6")).to_be_visible()
        likert = next(i for n, i in enumerate(first) if i.type == "likert" and n % 3)
        n = first.index(likert)
        expect(again.locator(f".st-key-respond-item-{likert.id} input").nth(n % 5)).to_be_checked()
    finally:
        context.close()


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_bad_links_say_what_happened(page: Page, seeded_app: Seeded, shoot: Shoot) -> None:
    page.goto("/?r=this-is-not-a-secret")
    expect(
        page.get_by_role("heading", name="This link does not lead to your answers")
    ).to_be_visible()
    shoot(page, "bad-secret")
    page.goto(f"/?a={seeded_app.closed_code}")
    expect(page.get_by_role("heading", name="This survey is closed")).to_be_visible()
    shoot(page, "closed")
    page.goto(f"/?a={seeded_app.future_code}")
    expect(page.get_by_role("heading", name="This survey has not opened yet")).to_be_visible()
    page.goto("/?a=WRONGCODE")
    expect(page.get_by_role("heading", name="We could not find this survey")).to_be_visible()
    page.get_by_label("Invite code").fill(seeded_app.open_code)
    page.get_by_role("button", name="Open the survey").click()
    expect(page.get_by_text("Step 1 of 6")).to_be_visible()
    shoot(page, "unknown-then-found")


# Controls a person can reach: those inside a closed expander are not rendered (and not
# in the accessibility tree) until it opens; the test opens them and checks again.
UNLABELLED_CONTROLS = """() => [...document.querySelectorAll(
    'input, textarea, button')]
  .filter(el => el.type !== 'hidden' && el.checkVisibility())
  .filter(el => !(el.getAttribute('aria-label')
                  || el.getAttribute('aria-labelledby')
                  || (el.labels && [...el.labels].some(l => l.innerText.trim()))
                  || el.innerText.trim()))
  .map(el => el.outerHTML.slice(0, 160))"""


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_every_control_is_labelled_and_a_step_can_be_answered_by_keyboard(
    page: Page, seeded_app: Seeded
) -> None:
    page.goto(f"/?a={seeded_app.open_code}&t={seeded_app.open_team_id}")
    page.wait_for_function("() => document.querySelectorAll('input[type=radio]').length >= 6")
    wait_until_idle(page)
    assert page.evaluate(UNLABELLED_CONTROLS) == []

    role = page.locator(".st-key-respond-role input[type=radio]").first
    role.focus()
    page.keyboard.press("Space")
    wait_until_idle(page)
    expect(role).to_be_checked()
    start_button = page.locator(".st-key-respond-start button")
    expect(start_button).to_be_enabled()
    start_button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Step 2 of 6")).to_be_visible(timeout=30_000)
    wait_until_idle(page)
    page.wait_for_function("() => document.querySelectorAll('input[type=radio]').length > 30")
    assert page.evaluate(UNLABELLED_CONTROLS) == []
    for expander in ("Continue later", "Delete my answers"):
        page.get_by_text(expander, exact=True).first.click()
    expect(page.get_by_role("button", name="Delete my answers")).to_be_visible()
    assert page.evaluate(UNLABELLED_CONTROLS) == []

    first = steps("sales")[0][0]
    option = page.locator(f".st-key-respond-item-{first.id} input[type=radio]").nth(3)
    option.focus()
    page.keyboard.press("Space")
    wait_until_idle(page)
    expect(option).to_be_checked()
