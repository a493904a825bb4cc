"""The questionnaire library in a real browser, at desktop (1440x900) and phone (390x844) size."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Locator, Page, expect

from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import library, load_or_raise
from assessment.ui.library import questionnaire_label
from tests.browser.conftest import CONSULTANT, Seeded, choose, go_to, sign_in, wait_until_idle

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = load_or_raise(ROOT / "tests" / "fixtures" / "ui-sample.yaml")
SHIPPED = [r.questionnaire for r in library(ROOT / "questionnaires") if r.questionnaire]
TRICKY_EN = "Our CRM is *the* place for <b>deals</b> & [notes](https://example.com) :red[today] $x$"
VIEWPORTS = ["desktop", "phone"]

Shoot = Callable[[Page, str], Path]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url(seeded_app: Seeded) -> str:
    """The library is a consultant's page: these tests use the seeded install."""
    return seeded_app.url


def open_library(page: Page) -> None:
    """Sign in as the consultant, open the library and wait for it to finish drawing."""
    sign_in(page, *CONSULTANT)
    go_to(page, "Questionnaire library")
    expect(page.get_by_role("heading", name="Questionnaire library")).to_be_visible()
    wait_until_idle(page)


def choose_questionnaire(page: Page, q: Questionnaire) -> None:
    """Pick a questionnaire in the library's select box and wait for its title."""
    choose(page, "library-questionnaire", questionnaire_label(q), exact=True)
    expect(page.get_by_role("heading", name=q.t(q.title), exact=True)).to_be_visible()
    wait_until_idle(page)


def shown(page: Page, text: str) -> Locator:
    """Visible elements whose whole text is `text` (collapsed widget labels are hidden)."""
    return page.get_by_text(text, exact=True).filter(visible=True)


def open_tab(page: Page, name: str) -> None:
    """Switch to one of the library's tabs."""
    page.get_by_role("tab", name=name, exact=True).click()
    expect(page.get_by_role("tab", name=name, exact=True)).to_have_attribute(
        "aria-selected", "true"
    )


def preview_role(page: Page, q: Questionnaire, role_id: str) -> None:
    """Pick a role in the preview and wait until exactly that role's items are shown."""
    pills = page.locator(f".st-key-library-role-{q.id}")
    pills.get_by_text(q.t(q.role(role_id).name), exact=True).click()
    expected = [i.id for _, items in q.items_for_role(role_id) for i in items]
    for item_id in expected:
        expect(page.locator(f".st-key-card-{q.id}-{item_id}")).to_be_visible()
    wait_until_idle(page)
    assert visible_preview_items(page, q) == expected


def visible_preview_items(page: Page, q: Questionnaire) -> list[str]:
    """Ids of the item cards visible in the preview, in page order."""
    prefix = f"st-key-card-{q.id}-"
    ids: list[str] = page.evaluate(
        """(prefix) => [...document.querySelectorAll(`[class*="${prefix}"]`)]
            .filter((el) => el.checkVisibility())
            .flatMap((el) => [...el.classList])
            .filter((c) => c.startsWith(prefix))
            .map((c) => c.slice(prefix.length))""",
        prefix,
    )
    return ids


def assert_no_horizontal_scroll(page: Page) -> None:
    """Neither the document nor Streamlit's scrolling <main> is wider than the viewport."""
    width = (page.viewport_size or {"width": 0})["width"]
    sizes = page.evaluate(
        "() => { const main = document.querySelector('[data-testid=stMain]');"
        " return {doc: document.documentElement.scrollWidth,"
        " main: main.scrollWidth, mainClient: main.clientWidth}; }"
    )
    assert sizes["doc"] <= width, sizes
    assert sizes["main"] <= sizes["mainClient"], sizes


@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
def test_preview_as_a_role(page: Page, shoot: Shoot) -> None:
    open_library(page)
    choose_questionnaire(page, SAMPLE)
    assert_no_horizontal_scroll(page)
    shoot(page, "overview")

    open_tab(page, "Preview as a role")
    preview_role(page, SAMPLE, "sales")
    sales_only = "How often do you keep deals outside the CRM?"
    expect(shown(page, sales_only).first).to_be_visible()
    preview_role(page, SAMPLE, "leadership")
    expect(shown(page, sales_only)).to_have_count(0)
    # Markdown and HTML in questionnaire text appear literally, as typed.
    expect(shown(page, TRICKY_EN).first).to_be_visible()
    assert_no_horizontal_scroll(page)
    shoot(page, "preview-leadership")


@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
def test_language_switch_shows_german(page: Page, shoot: Shoot) -> None:
    open_library(page)
    choose_questionnaire(page, SAMPLE)
    page.locator(".st-key-library-language-ui-sample").get_by_text("Deutsch", exact=True).click()
    expect(page.get_by_role("heading", name="GapMap UI-Beispiel", exact=True)).to_be_visible()
    open_tab(page, "Preview as a role")
    expect(shown(page, "Ich wurde ausreichend geschult.").first).to_be_visible()
    assert_no_horizontal_scroll(page)
    shoot(page, "preview-de")


@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
def test_broken_file_lists_its_problems(page: Page, shoot: Shoot) -> None:
    open_library(page)
    page.get_by_text("1 file in the library could not be loaded").click()
    problems = page.locator(".st-key-library-broken")
    unknown_key = problems.get_by_role("listitem").filter(has_text="broken.yaml:3")
    expect(unknown_key).to_have_text(
        "broken.yaml:3 · titel: unknown key `titel` (check the spelling) unknown-key"
    )
    assert_no_horizontal_scroll(page)
    shoot(page, "problems")


@pytest.mark.skipif(not SHIPPED, reason="no questionnaire is shipped in questionnaires/ yet")
@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
@pytest.mark.parametrize("q", SHIPPED, ids=lambda q: q.id)
def test_shipped_questionnaire_in_every_tab_and_role(
    page: Page, shoot: Shoot, q: Questionnaire
) -> None:
    open_library(page)
    choose_questionnaire(page, q)
    for tab in ("Maturity levels", "Dimensions", "Actions"):
        open_tab(page, tab)
        assert_no_horizontal_scroll(page)
        shoot(page, f"{q.id}-{tab.lower().replace(' ', '-')}")
    open_tab(page, "Preview as a role")
    for role in q.roles:
        preview_role(page, q, role.id)
        assert_no_horizontal_scroll(page)
        shoot(page, f"{q.id}-preview-{role.id}")


@pytest.mark.parametrize("page", VIEWPORTS, indirect=True)
def test_selecting_an_action_shows_its_description_and_rationale(page: Page, shoot: Shoot) -> None:
    open_library(page)
    choose_questionnaire(page, SAMPLE)
    open_tab(page, "Actions")
    grid = page.locator(".st-key-library-actions-ui-sample")
    expect(grid).to_be_visible()
    wait_until_idle(page)
    box = grid.bounding_box()
    assert box is not None
    # The grid is a canvas: click the selection box of the first row, under the header.
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17)
    details = page.locator(".st-key-library-action-ui-sample")
    expect(details).to_contain_text("Leaders explain in every team why the CRM exists.")
    expect(details).to_contain_text("Why: Purpose comes before process.")
    expect(details).to_contain_text(
        "Purpose: level 1 → 2 · owner Leadership · effort Small · impact High"
    )
    assert_no_horizontal_scroll(page)
    shoot(page, "action-details")
