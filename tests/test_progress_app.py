"""Progress through AppTest: the consultant's overview and leadership's Results page show
the same exact totals; the overview offers the reminder (copy, download) and the links
for a mail merge; a new assessment can take the core-only variant, with both times shown.

Each test seeds a DuckDB file, closes it, then lets the app open it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element

from assessment import access
from assessment.collect.responses import start_response
from assessment.organisation import auth
from assessment.organisation.assessments import Team, list_assessments
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.pages import RESULTS
from tests.engine import answer, engine_questionnaire, likert

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
CONSULTANT = ("casey", "correct horse battery staple")
LEADER = ("dana", "leadership password A1")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "ui-sample.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(folder))
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_BASE_URL", "https://survey.example.com")
    yield path
    state._open_store.clear()


def seed(path: Path) -> tuple[str, str, str]:
    """Three submitted and one started in a two-team assessment (k = 5, nothing
    released yet); returns the consultant's and the leader's session tokens and the
    invite code."""
    store = Store(path)
    try:
        account = auth.create_first_consultant(
            store, username=CONSULTANT[0], password=CONSULTANT[1]
        )
        consultant = auth.actor_for_account(store, account)
        org = access.create_organisation(store, consultant, "Nordwind")
        consultant = auth.actor_for_account(store, account)  # now with the organisation
        access.create_account(
            store,
            consultant,
            username=LEADER[0],
            password=LEADER[1],
            role="leadership",
            organisation_id=org.id,
        )
        q = engine_questionnaire()
        assessment = access.create_assessment(
            store,
            consultant,
            org.id,
            q,
            name="CRM adoption 2026",
            teams=[Team("north", "North", 12), Team("south", "South", 9)],
        )
        rep = {"p1": likert(3), "t1": 3}
        answer(store, assessment, q, [("rep", "north", rep)] * 2 + [("rep", "south", rep)])
        start_response(store, assessment.id, role_id="rep", team_id="south")
        return (
            auth.sign_in(store, *CONSULTANT).token,
            auth.sign_in(store, *LEADER).token,
            assessment.invite_code,
        )
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(token: str, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    run(at)
    if page:
        run(at.switch_page(page))
    return at


def test_consultant_and_leadership_see_the_same_exact_totals(db: Path) -> None:
    consultant, leader, _ = seed(db)
    overview = open_app(consultant).tabs[0]
    assert overview.label == "Overview"
    metrics = {m.label: m.value for m in overview.metric}
    assert (metrics["Started"], metrics["Submitted"]) == ("4", "3")
    results = open_app(leader, RESULTS.path)
    assert [i.value for i in results.info] == [
        "Results appear once at least 5 people have answered, and then change in steps of at"
        " least 5 responses, so that no one's answers can be told apart by comparing two looks."
        " So far 3 people have submitted and 4 started (the whole assessment, live)."
    ]


def test_the_overview_offers_the_reminder_and_the_links_for_a_mail_merge(db: Path) -> None:
    consultant, _, code = seed(db)
    at = open_app(consultant)
    overview = at.tabs[0]
    [reminder] = [c.value for c in overview.code]
    lines = reminder.splitlines()
    assert lines[0] == "Subject: Reminder: CRM adoption 2026"
    assert "Answers so far: 3 of 21 people invited (14%)." in lines
    assert "Figures by team are published once at least 5 people have answered." in lines
    assert f"Open the survey: https://survey.example.com/?a={code}" in lines
    assert f"- South: https://survey.example.com/?a={code}&t=south" in lines
    labels = [b.proto.label for b in overview.get("download_button") if isinstance(b, Element)]
    assert labels == ["Download the reminder (English, .txt)", "Links for a mail merge (CSV)"]


def test_a_new_assessment_can_take_the_core_only_variant(db: Path) -> None:
    consultant, _, _ = seed(db)
    at = open_app(consultant)
    run(at.toggle(key="console-creating").set_value(True))
    length = at.radio(key="console-length")
    assert length.options == [
        "Full: 8 items, about 2–3 min on a phone",
        "Core only: the 3 required items every role answers, about 2 min",
    ]
    run(length.set_value("core"))
    at.text_area(key="console-teams").input("North, 12")
    at.text_input(key="console-name").input("Short wave")
    run(at.button(key="FormSubmitter:console-create-Create assessment").click())
    created = next(a for a in list_assessments(state.store()) if a.name == "Short wave")
    q = access.questionnaire_of(state.store(), auth.SYSTEM, created)
    assert (q.id, q.version) == ("ui-sample", "2.1-core")
    assert [i.id for i in q.items] == ["p-why", "p-anchor", "t-enough"]
    assert len(load_or_raise(SAMPLE).items) == 8
