"""The respondent's journey in a real browser: a phone (390x844) first, desktop too.

Every test starts its own response on the seeded install's open CRM-adoption assessment,
so tests sharing the server never depend on each other's answers. No test here retries a
tap (no browser test is ever rerun): every control must take its first tap, also one that
lands while the page is still redrawing after the tap before.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import Browser, FloatRect, Locator, Page, expect

from assessment.questionnaire.model import Item, Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise
from tests.browser.conftest import (
    VIEWPORTS,
    ScriptRuns,
    Seeded,
    new_context,
    wait_until_idle,
)

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


def choose(page: Page, item: Item, n: int, q: Questionnaire = CRM) -> bool:
    """Answer one item by tapping its widget (every third "don't know" where offered);
    False when it is left empty (every other text item), which starts no run."""
    if item.dont_know and n % 3 == 0:
        page.locator(f".st-key-respond-dk-{item.id} label").click()
    elif item.type == "text":
        if not n % 2:
            return False
        box = page.locator(f".st-key-respond-item-{item.id} textarea")
        box.fill(f"Note on {item.id}")
        box.press("Tab")
    else:
        options = page.locator(f".st-key-respond-item-{item.id} [role=radiogroup] label")
        options.nth(n % len(q.options_of(item))).click()
    return True


def answer_step(page: Page, items: list[Item]) -> None:
    """Answer a step's items one tap at a time, each once the last tap's run has ended,
    so that each tap is known to have stuck. (Tapped without waiting, right after a
    "Next" that flagged every item, a tap was lost once in fresh-clone CI: the run of the
    tap before removed the "Please answer" notes above, the questions moved up, and the
    tap landed beside its option. The notes now turn into "Answered." lines of the same
    height; `test_next_with_answers_missing_shows_the_first_and_names_them` checks that
    nothing moves.)"""
    for n, item in enumerate(items):
        runs = ScriptRuns(page)
        if choose(page, item, n):
            runs.wait(1)
    wait_until_idle(page)


def start(page: Page, code: str, role_label: str, *, team: str | None = None) -> None:
    """Open the invite link and choose a role and a team as a person does: one tap each,
    the second while the page may still be redrawing after the first. No retry."""
    page.goto(f"/?a={code}")
    touch(page, page.locator(".st-key-respond-role").get_by_text(role_label, exact=True))
    if team is not None:
        touch(page, page.locator(".st-key-respond-team").get_by_text(team, exact=True))
    expect(page.locator(".st-key-respond-role input:checked")).to_have_count(1)
    if team is not None:
        expect(page.locator(".st-key-respond-team input:checked")).to_have_count(1)
    wait_until_idle(page)
    # The server took both taps: Start is enabled only with a role and a team.
    expect(page.locator(".st-key-respond-start button")).to_be_enabled()


def touch(page: Page, target: Locator) -> None:
    """A tap on a phone, a click on a desktop."""
    if (page.viewport_size or VIEWPORTS["desktop"])["width"] < VIEWPORTS["desktop"]["width"]:
        target.tap()
    else:
        target.click()


def box(locator: Locator) -> FloatRect:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not on the page"
    return found


def in_view(page: Page, locator: Locator) -> None:
    """The element lies wholly inside the viewport, below Streamlit's header bar."""
    header = box(page.get_by_test_id("stHeader"))
    shown, height = box(locator), (page.viewport_size or {"height": 0})["height"]
    top, bottom = shown["y"], shown["y"] + shown["height"]
    header_bottom = header["y"] + header["height"]
    assert header_bottom <= top and bottom <= height, (
        f"{locator} spans {top:.0f}..{bottom:.0f} px; the page shows {header_bottom:.0f}.."
        f"{height} px"
    )


def tap(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    wait_until_idle(page)


@pytest.mark.parametrize("page", ["phone", "desktop"], indirect=True)
def test_full_journey_in_english(page: Page, seeded_app: Seeded, shoot: Shoot) -> None:
    start(page, seeded_app.open_code, "Sales", team="Customer Service")
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
            expect(page.locator(".st-key-respond-missing-near")).to_contain_text(
                "8 answers missing: questions 1, 2, 3, 4, 5, 6, 7, 8"
            )
            shoot(page, "2-missing")
        answer_step(page, items)
        if n in (2, 4, 6):
            no_horizontal_scroll(page)
            shoot(page, f"{n}-step")
        tap(page, "respond-submit" if n == 6 else "respond-next")
    expect(page.get_by_role("heading", name="Thank you!")).to_be_visible()
    wait_until_idle(page)
    chart = page.locator(".st-key-respond-snapshot-chart")
    expect(chart.get_by_test_id("stVegaLiteChart")).to_be_visible()
    # The chart's toolbar (shown on hover, always on a touch screen) covers no words.
    chart.get_by_test_id("stVegaLiteChart").hover()
    toolbar = chart.get_by_test_id("stElementToolbar")
    expect(toolbar).to_be_visible()
    intro = page.get_by_text("Only you see it.")
    assert box(intro)["y"] + box(intro)["height"] <= box(toolbar)["y"]
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
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    start(page, seeded_app.open_code, "Marketing", team="Customer Service")
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
    # A copy button in sight (no hover needed), and a mail to oneself with the link.
    copy = page.get_by_role("button", name="Copy link")
    expect(copy).to_be_visible()
    copy.tap()
    expect(page.get_by_text("Copied.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == link
    mail = page.get_by_role("link", name="Send it to myself")
    expect(mail).to_be_visible()
    href = mail.get_attribute("href") or ""
    assert href.startswith("mailto:?subject=My%20link%20to%20the%20survey&body=")
    assert href.endswith(quote(f"\n\n{link}\n", safe=""))
    shoot(page, "before-closing")
    page.context.close()

    context = new_context(
        browser,
        viewport=VIEWPORTS["phone"],
        is_mobile=True,
        has_touch=True,
        base_url=seeded_app.url,
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
    # The address bar shows the code in use: a reload opens the survey, not the error.
    expect(page).to_have_url(re.compile(rf"\?a={seeded_app.open_code}$"))
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


@pytest.mark.parametrize("page", ["phone"], indirect=True)
def test_next_with_answers_missing_shows_the_first_and_names_them(
    page: Page, seeded_app: Seeded, shoot: Shoot
) -> None:
    start(page, seeded_app.open_code, "Sales", team="Sales North")
    tap(page, "respond-start")
    items = steps("sales")[0]
    answered = page.locator(".st-key-respond-answered")
    expect(answered).to_have_text("0 of 10 answered")
    for n in (0, 1, 3, 4, 5, 7):  # questions 3 and 7 left open, and the two comments
        page.locator(f".st-key-respond-item-{items[n].id} [role=radiogroup] label").nth(1).tap()
    expect(answered).to_have_text("6 of 10 answered")
    wait_until_idle(page)
    # "n of m answered" sits beside Next, in the same row.
    next_button = page.locator(".st-key-respond-next button")
    row, count = box(next_button), box(answered)
    assert row["y"] <= count["y"] + count["height"] / 2 <= row["y"] + row["height"]
    assert count["x"] + count["width"] <= row["x"]

    next_button.tap()
    wait_until_idle(page)
    named = (
        "question 3 (“The CRM is mainly there to control …”), "
        "question 7 (“The CRM helps me decide which customers …”)"
    )
    near = page.locator(".st-key-respond-missing-near")
    expect(near).to_contain_text(f"2 answers missing: {named}")
    summary = page.locator(".st-key-respond-missing-summary")
    expect(summary).to_contain_text(f"2 answers were missing: {named}")
    first = page.locator(f".st-key-respond-card-{items[2].id}")
    expect(first.get_by_text("Please answer this question.")).to_be_visible()
    page.wait_for_function(  # the page scrolls after drawing: wait for the card to settle
        """el => { const r = el.getBoundingClientRect();
                   return r.top >= 0 && r.bottom <= window.innerHeight; }""",
        arg=first.element_handle(),
    )
    in_view(page, first)
    expect(page.get_by_text("Step 2 of 6")).to_be_visible()
    shoot(page, "scrolled-to-missing")

    # Answering the flagged questions moves nothing on the page, so a quick second tap
    # lands where it was aimed: the first question's note turns into an "Answered." line
    # of the same height, and the summary above keeps its words.
    cards = [page.locator(f".st-key-respond-card-{item.id}") for item in items]

    def layout() -> list[tuple[float, float]]:
        """Top and height of the summary and each card, from the top of the page's
        content (a tap scrolls its target into view)."""
        top = box(page.get_by_test_id("stMainBlockContainer"))["y"]
        return [(b["y"] - top, b["height"]) for b in map(box, [summary, *cards])]

    before = layout()
    for n in (2, 6):
        runs = ScriptRuns(page)
        page.locator(f".st-key-respond-item-{items[n].id} [role=radiogroup] label").nth(0).tap()
        runs.wait(1)
        expect(cards[n].get_by_text("Answered.")).to_be_visible()
        assert layout() == before
    expect(near).to_contain_text("All answered now.")
    expect(summary).to_contain_text(f"2 answers were missing: {named}")
    expect(answered).to_have_text("8 of 10 answered")
    shoot(page, "flagged-then-answered")
