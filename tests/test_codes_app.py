"""Per-person codes and the open link's cap, through the app (AppTest): the survey asks for
a code, refuses used, unknown and malformed ones, and resumes by the resume link; a full
team is told to contact the consultant; the console recommends codes, issues them on
creation and later, and offers them as a CSV and a printable sheet, once.

Each test seeds a DuckDB file, closes it, and runs the app over it (`GAPMAP_DB`).
"""

from __future__ import annotations

import shutil
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from assessment import access
from assessment.collect import codes, limits, responses
from assessment.collect.codes import format_code
from assessment.organisation import auth
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    list_assessments,
)
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE_PATH = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
SAMPLE = load_or_raise(SAMPLE_PATH)
TEAMS = (Team("north", "Sales North", 12), Team("south", "Sales South", 9))
CONSULTANT = ("casey", "correct horse battery staple")
CODE_FORM = "FormSubmitter:respond-person-code-form-"  # + the label, in the page's language
CREATE = "FormSubmitter:console-create-Create assessment"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "gapmap.duckdb"
    library = tmp_path / "library"
    library.mkdir()
    shutil.copy(SAMPLE_PATH, library / "ui-sample.yaml")
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(library))
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    yield path
    state._open_store.clear()  # the next test opens another file


def seed(
    path: Path, *, per_person_codes: bool, teams: Sequence[Team] = TEAMS, issue: int = 0
) -> tuple[Assessment, list[str], str]:
    """A consultant managing an organisation with one assessment (and `issue` codes);
    returns the assessment, the codes and the consultant's session token."""
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        actor = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        org = access.create_organisation(store, actor, "Nordwind")
        assessment = create_assessment(
            store,
            org.id,
            SAMPLE,
            name="CRM adoption 2026",
            teams=teams,
            per_person_codes=per_person_codes,
        )
        issued = codes.issue_codes(store, assessment.id, issue) if issue else []
        token = auth.sign_in(store, *CONSULTANT).token
        return assessment, issued, token
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return run(at)


def signed_in(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    return run(at)


def rows(path: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    with duckdb.connect(str(path)) as con:
        return con.execute(sql, list(params)).fetchall()


def app_rows(sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Read through the app's own store (it holds the file)."""
    return state.store().cursor().execute(sql, list(params)).fetchall()


def texts(elements: Iterable[Element | Block]) -> list[str]:
    return [str(e.value) for e in elements if isinstance(e, Element)]


def plain(elements: Iterable[Element | Block]) -> list[str]:
    """Shown texts with the Markdown escapes taken out (what a person reads)."""
    return [t.replace("\\", "") for t in texts(elements)]


def first_assessment() -> Assessment:
    [found] = list_assessments(state.store())
    return found


def shown(at: AppTest) -> str:
    """Every text on the page, Markdown escapes taken out."""
    parts: list[str] = []
    for kind in ("title", "subheader", "markdown", "caption", "error", "warning", "info"):
        parts += texts(at.get(kind))
    return "\n".join(parts).replace("\\", "")


def type_code(at: AppTest, code: str) -> AppTest:
    at.text_input(key="respond-person-code-input").input(code)
    [submit] = [b for b in at.button if str(b.key).startswith(CODE_FORM)]
    return run(submit.click())


def start(at: AppTest, role: str = "sales", team: str = "north") -> AppTest:
    at.radio(key="respond-role").set_value(role)
    at.radio(key="respond-team").set_value(team)
    run(at)
    return run(at.button(key="respond-start").click())


def tab(at: AppTest, label: str) -> Block:
    return next(t for t in at.tabs if t.label == label)


# --- the survey asks for a personal code ----------------------------------------------------


def test_the_open_link_asks_for_a_code_and_refuses_unknown_and_malformed_ones(db: Path) -> None:
    assessment, _, _ = seed(db, per_person_codes=True, issue=2)
    at = open_app(a=assessment.invite_code)
    assert texts(at.subheader) == ["Your personal code"]
    assert len(at.radio) == 0  # no role or team before a code
    assert "not linked to you or to your answers" in shown(at)
    type_code(at, "ACDE-FGHJ-KMNP")
    assert texts(at.error) == [
        "This code does not belong to this survey. Please check the code in your "
        "invitation and type it again, or ask the person who invited you."
    ]
    type_code(at, "hello")
    assert texts(at.error)[0].startswith("A personal code has 12 letters and digits")
    assert rows_in_app("SELECT count(*) FROM respondents") == 0


def test_a_good_code_typed_in_starts_one_response_and_is_used_up(db: Path) -> None:
    assessment, issued, _ = seed(db, per_person_codes=True, issue=2)
    at = open_app(a=assessment.invite_code)
    type_code(at, format_code(issued[0]).lower())
    assert at.error == []
    assert f"Your personal code: **{format_code(issued[0])}**" in shown(at)
    assert "Your personal code makes sure everyone answers once" in shown(at)
    start(at)
    assert str(at.get("progress")[0].text).startswith("Step 2 of")
    assert "respond-person-code" not in at.session_state  # the session keeps no copy
    assert rows_in_app("SELECT count(*) FROM respondents") == 1
    assert app_rows("SELECT count(*) FILTER (WHERE used) FROM invite_codes") == [(1,)]


def required_answers(role: str) -> dict[str, responses.AnswerValue]:
    """An answer to every required item of the role (the first option, the lowest number)."""
    given: dict[str, responses.AnswerValue] = {}
    for _, items in SAMPLE.items_for_role(role):
        for item in items:
            if not item.is_required:
                continue
            if item.type == "multi":
                given[item.id] = [0]
            elif item.type == "number":
                given[item.id] = float(item.min or 0)
            elif item.type == "text":
                given[item.id] = "fine"
            else:
                given[item.id] = 0
    return given


def rows_in_app(sql: str) -> int:
    [(n,)] = app_rows(sql)
    return int(n)


def test_a_codes_own_link_opens_the_survey_once_then_says_it_was_used(db: Path) -> None:
    _, issued, _ = seed(db, per_person_codes=True, issue=1)
    at = open_app(a=format_code(issued[0]))
    assert at.title[0].value == "CRM adoption 2026"
    # straight to the welcome: role, then team
    assert [w.key for w in at.radio] == ["respond-role", "respond-team"]
    start(at)
    assert rows_in_app("SELECT count(*) FROM respondents") == 1

    again = open_app(a=issued[0])
    assert texts(again.subheader) == ["Your personal code"]
    assert texts(again.error)[0].startswith("This code has been used already")
    assert rows_in_app("SELECT count(*) FROM respondents") == 1


def test_a_code_used_meanwhile_is_refused_at_start_and_the_code_is_asked_again(db: Path) -> None:
    assessment, issued, _ = seed(db, per_person_codes=True, issue=1)
    at = open_app(a=assessment.invite_code)
    type_code(at, issued[0])
    # the same code is used on another device before this one presses Start
    responses.start_response(
        state.store(), assessment.id, role_id="sales", team_id="south", code=issued[0]
    )
    start(at)
    assert texts(at.subheader) == ["Your personal code"]
    assert texts(at.error)[0].startswith("This code has been used already")
    assert rows_in_app("SELECT count(*) FROM respondents") == 1


def test_the_code_page_speaks_german(db: Path) -> None:
    assessment, _, _ = seed(db, per_person_codes=True, issue=1)
    at = open_app(a=assessment.invite_code)
    run(at.button_group(key="respond-language-switch").set_value("de"))
    assert texts(at.subheader) == ["Ihr persönlicher Code"]
    type_code(at, "ACDE-FGHJ-KMNP")
    assert texts(at.error)[0].startswith("Dieser Code gehört nicht zu dieser Umfrage")


def test_a_started_response_resumes_by_its_link_without_a_code(db: Path) -> None:
    assessment, issued, _ = seed(db, per_person_codes=True, issue=1)
    store = Store(db)
    try:
        started = responses.start_response(
            store, assessment.id, role_id="sales", team_id="north", code=issued[0]
        )
    finally:
        store.close()
    at = open_app(r=started.secret)
    assert str(at.get("progress")[0].text).startswith("Step 2 of")
    assert "Your personal code" not in texts(at.subheader)


# --- open links: a full team ----------------------------------------------------------------


def test_a_full_team_on_an_open_link_is_told_to_contact_the_consultant(db: Path) -> None:
    teams = (Team("north", "Sales North", 1), Team("south", "Sales South", 9))
    assessment, _, _ = seed(db, per_person_codes=False, teams=teams)
    store = Store(db)
    try:
        secret = responses.start_response(
            store, assessment.id, role_id="sales", team_id="north"
        ).secret
        responses.submit(store, secret, required_answers("sales"))
    finally:
        store.close()
    at = open_app(a=assessment.invite_code)
    assert (
        "This link takes at most as many answers from each team as the team has people."
        in shown(at)
    )
    start(at)
    assert texts(at.error) == [
        "Team Sales North has already given as many answers as it has people, so this "
        "link takes no more for it. If you have not answered yet, please contact the "
        "person who invited you."
    ]
    assert rows_in_app("SELECT count(*) FROM respondents") == 1


# --- the console ------------------------------------------------------------------------------


def new_assessment_form(token: str) -> AppTest:
    at = signed_in(token)
    return run(at.toggle(key="console-creating").set_value(True))


def test_the_create_form_recommends_codes_while_the_teams_are_typed(db: Path) -> None:
    *_, token = seed(db, per_person_codes=False)
    at = new_assessment_form(token)
    run(at.text_area(key="console-teams").input("Sales, 40\nBoard, 7"))
    [warning] = plain(at.warning)
    assert warning.startswith("**Per-person codes are recommended.**")
    assert "fewer than 10 people (twice the anonymity threshold of 5): Board (7)" in warning
    run(at.number_input(key="console-threshold").set_value(3))
    assert at.warning == []  # twice 3 is 6: Board's 7 are enough
    assert any("an open link is reasonable" in c for c in texts(at.caption))


def test_the_create_form_recommends_codes_for_a_team_without_a_head_count(db: Path) -> None:
    *_, token = seed(db, per_person_codes=False)
    at = new_assessment_form(token)
    run(at.text_area(key="console-teams").input("Sales, 40\nBoard"))
    assert "No head-count for Board" in plain(at.warning)[0]


def test_creating_with_codes_issues_one_per_head_and_offers_them_once(db: Path) -> None:
    *_, token = seed(db, per_person_codes=False)
    at = new_assessment_form(token)
    at.text_area(key="console-teams").input("Sales North, 12\nService, 9")
    run(at.radio(key="console-access").set_value("codes"))
    assert at.number_input(key="console-code-count").value is None  # empty: the head-counts
    at.text_input(key="console-name").input("With codes")
    run(at.button(key=CREATE).click())

    created = next(a for a in list_assessments(state.store()) if a.name == "With codes")
    assert created.per_person_codes is True
    assert codes.code_counts(state.store(), created.id) == codes.CodeCounts(21, 0)
    pending_id, pending = at.session_state["console-new-codes"]
    assert pending_id == created.id and len(pending) == 21
    assert plain(at.success)[0].endswith(
        "21 per-person codes are ready to download on the Invite links tab, once: GapMap "
        "keeps no copy of them."
    )
    links = tab(at, "Invite links")
    labels = [str(getattr(b, "label", "")) for b in links.get("download_button")]
    assert labels[:3] == [
        "Codes for a mail merge (CSV)",
        "Printable slips (PDF, English)",
        "Printable slips (PDF, Deutsch)",
    ]
    assert "**21** codes issued · **0** used · **21** not used yet" in texts(links.markdown)
    run(at.button(key=f"console-codes-done-{created.id}").click())
    assert "console-new-codes" not in at.session_state


def test_creating_with_codes_and_no_head_counts_needs_a_number(db: Path) -> None:
    *_, token = seed(db, per_person_codes=False)
    at = new_assessment_form(token)
    at.text_area(key="console-teams").input("Sales\nService")
    run(at.radio(key="console-access").set_value("codes"))
    at.text_input(key="console-name").input("No heads")
    run(at.button(key=CREATE).click())
    assert texts(at.error)[0].startswith("Say how many codes to issue")
    assert list_assessments(state.store()) == [first_assessment()]
    at.number_input(key="console-code-count").set_value(7)
    at.text_input(key="console-name").input("No heads")
    run(at.button(key=CREATE).click())
    created = next(a for a in list_assessments(state.store()) if a.name == "No heads")
    assert codes.code_counts(state.store(), created.id).issued == 7


def test_more_codes_can_be_issued_later_and_only_they_are_offered(db: Path) -> None:
    assessment, first, token = seed(db, per_person_codes=True, issue=5)
    at = signed_in(token)
    at.number_input(key=f"console-issue-count-{assessment.id}").set_value(3)
    run(at.button(key=f"FormSubmitter:console-issue-{assessment.id}-Issue codes").click())
    pending_id, pending = at.session_state["console-new-codes"]
    assert pending_id == assessment.id
    assert len(pending) == 3 and not set(pending) & set(first)
    assert "**8** codes issued · **0** used · **8** not used yet" in texts(
        tab(at, "Invite links").markdown
    )
    assert app_rows("SELECT detail FROM audit_log WHERE action = 'invite-codes-issued'") == [
        ("3 codes",)
    ]


def test_an_open_link_assessment_recommends_codes_and_switches_to_them(db: Path) -> None:
    assessment, _, token = seed(db, per_person_codes=False)  # Sales South: 9 < 2 x 5
    at = signed_in(token)
    assert texts(at.warning)[0].startswith("**Per-person codes are recommended** for this")
    links_text = "\n".join(plain(tab(at, "Invite links").warning))
    assert "Sales South (9)" in links_text
    assert "capped per team at its head-count" in shown(at)
    run(at.button(key=f"console-codes-on-{assessment.id}").click())
    switched = next(a for a in list_assessments(state.store()) if a.id == assessment.id)
    assert switched.per_person_codes is True
    assert not any("recommended" in w for w in texts(at.warning))


# --- rate limits ----------------------------------------------------------------------------------


def test_a_flood_of_wrong_codes_is_told_to_wait_and_the_right_code_then_waits_too(
    db: Path,
) -> None:
    assessment, issued, _ = seed(db, per_person_codes=True, issue=1)
    open_app(a=assessment.invite_code)  # the app's store is open
    never = 10**9  # the test's clock does not move: no token comes back
    limits.install(
        state.store(),
        limits.Limits(
            # (the test's session has no address: only the overall limit counts)
            limits.Limit(limits.Rate(100, 1.0), limits.Rate(2, never), clock=lambda: 0.0),
            limits.Limit(limits.Rate(100, 1.0), limits.Rate(100, 1.0), clock=lambda: 0.0),
        ),
    )
    open_app(a="NOPE1")
    at = open_app(a=assessment.invite_code)
    type_code(at, "ACDE-FGHJ-KMNP")  # the second wrong code from this address
    at = open_app(a=assessment.invite_code)
    assert texts(at.error) == ["Too many tries from here. Please wait a minute and try again."]
    assert rows_in_app("SELECT count(*) FROM respondents") == 0
    assert issued
