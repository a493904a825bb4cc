"""A consultant's week in a real browser, at desktop (1440x900) and phone (390x844)
size: fix a team name after launch, then close with people midway (the warning names
how many). Each size works on its own assessment of one seeded install; the rows and
audit entries are read back from the database once the server has stopped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    SAMPLE,
    assert_no_sideways_scroll,
    choose,
    close_sidebar_on_phone,
    serve,
    sign_in,
    wait_until_idle,
)

Shoot = Callable[[Page, str], Path]
PASSWORD = "correct horse battery staple"
pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class Install:
    url: str
    db: Path
    assessments: dict[str, str]  # viewport -> assessment id


@pytest.fixture(scope="module")
def install(tmp_path_factory: pytest.TempPathFactory, app_library: Path) -> Iterator[Install]:
    """A consultant and, per viewport, an open assessment with two people midway."""
    from assessment import access
    from assessment.collect.responses import save_answers, start_response
    from assessment.organisation import auth
    from assessment.organisation.assessments import Team
    from assessment.questionnaire.questionnaires import load_or_raise
    from assessment.storage.store import Store

    tmp = tmp_path_factory.mktemp("editing")
    db = tmp / "gapmap.duckdb"
    store = Store(db)
    ids = {}
    try:
        consultant = access.create_account(
            store, auth.SYSTEM, username="casey", password=PASSWORD, role="consultant"
        )
        org = access.create_organisation(store, auth.SYSTEM, "Nordwind").id
        access.grant_organisation(store, auth.SYSTEM, consultant.id, org)
        for size in ("desktop", "phone"):
            found = access.create_assessment(
                store,
                auth.SYSTEM,
                org,
                load_or_raise(SAMPLE),
                name=f"Survey on {size}",
                teams=[Team("sales-nrth", "Sales Nrth", 12), Team("service", "Service", 9)],
            )
            for _ in range(2):
                started = start_response(store, found.id, role_id="sales", team_id="service")
                save_answers(store, started.secret, {"p-why": 3})
            ids[size] = found.id
        store.checkpoint()
    finally:
        store.close()
    with serve(db, app_library, tmp) as url:
        yield Install(url, db, ids)


@pytest.fixture
def app_url(install: Install) -> str:
    return install.url


def _settings(page: Page, size: str) -> None:
    sign_in(page, "casey", PASSWORD)
    expect(page.get_by_role("heading", name="Assessments")).to_be_visible()
    close_sidebar_on_phone(page)
    choose(page, "console-assessment", f"Survey on {size} · wave 1")
    page.get_by_role("tab", name="Settings").click()
    wait_until_idle(page)


@pytest.mark.parametrize("page", ["desktop", "phone"], indirect=True)
def test_consultant_fixes_a_team_name_then_closes_with_two_people_midway(
    page: Page, shoot: Shoot, install: Install, request: pytest.FixtureRequest
) -> None:
    size = request.node.callspec.params["page"]
    aid = install.assessments[size]
    _settings(page, size)
    assert_no_sideways_scroll(page)
    shoot(page, "settings")

    name = page.locator(f".st-key-console-team-name-{aid}-sales-nrth input")
    name.fill("Sales North")
    name.press("Enter")
    wait_until_idle(page)
    page.locator(f".st-key-console-team-save-{aid}").get_by_role("button").click()
    expect(page.get_by_text("Team saved. (Survey on " + size + ")")).to_be_visible()
    # still on Settings, and the team is listed by its new name
    expect(page.get_by_role("tab", name="Settings")).to_have_attribute("aria-selected", "true")
    picker = page.locator(f'[class*="st-key-console-team-pick-{aid}-"]')
    expect(picker.get_by_role("combobox")).to_have_value("Sales North")

    page.get_by_role("button", name="Close the assessment").click()
    warning = page.get_by_text("2 people are midway", exact=False)
    expect(warning).to_be_visible()
    shoot(page, "close-warning")
    # the shot resized the page, which moves the open popover: open it afresh
    page.keyboard.press("Escape")
    expect(warning).to_be_hidden()
    page.get_by_role("button", name="Close the assessment").click()
    page.get_by_role("button", name="Yes, close it").click()
    expect(page.get_by_text("Assessment closed. (Survey on " + size + ")")).to_be_visible()
    wait_until_idle(page)

    # the server holds the file: read through a copy of its last checkpoint + WAL
    copy = install.db.parent / f"read-{size}.duckdb"
    for suffix in ("", ".wal"):
        source = Path(str(install.db) + suffix)
        if source.exists():
            Path(str(copy) + suffix).write_bytes(source.read_bytes())
    con = duckdb.connect(str(copy))  # a copy of our own: its log is replayed on opening
    try:
        assert con.execute(
            "SELECT name FROM teams WHERE assessment_id = ? ORDER BY position", [aid]
        ).fetchall() == [("Sales North",), ("Service",)]
        assert con.execute("SELECT closed FROM assessments WHERE id = ?", [aid]).fetchall() == [
            (True,)
        ]
        assert con.execute(
            "SELECT count(*) FROM answers a JOIN respondents r ON r.num = a.respondent"
            " WHERE r.assessment_id = ?",
            [aid],
        ).fetchall() == [(2,)]
        assert con.execute(
            "SELECT username, action, detail FROM audit_log WHERE assessment_id = ?"
            " AND action IN ('team-renamed', 'assessment-closed') ORDER BY seq",
            [aid],
        ).fetchall() == [
            ("casey", "team-renamed", f"Survey on {size}: team “Sales Nrth” -> “Sales North”"),
            (
                "casey",
                "assessment-closed",
                f"Survey on {size}: 2 responses midway kept, not counted",
            ),
        ]
    finally:
        con.close()
