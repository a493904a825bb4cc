"""The consultant's pages through AppTest: first-run setup, sign-in, the console (creating
an assessment, invite links, tracking), accounts and the audit log.

Each test seeds a DuckDB file, closes it, then lets the app open it (one process may
hold a DuckDB file once); the app's own store is read back through `state.store()`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from assessment import access
from assessment.collect.demo import generate_demo
from assessment.collect.responses import save_answers, start_response
from assessment.organisation import auth
from assessment.organisation.assessments import Team, list_assessments
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.pages import ACCOUNTS, AUDIT, CONSOLE, PageSpec

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
CONSULTANT = ("casey", "correct horse battery staple")
LEADER = ("dana", "leadership password A1")
BAD_YAML = 'id: Broken Id\nversion: "1"\ntitel: typo\n'


@pytest.fixture
def library(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A library with only the small UI sample questionnaire (fast to load and store)."""
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "ui-sample.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(folder))
    return folder


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, library: Path) -> Iterator[Path]:
    """An empty database file for the app (a new install)."""
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    yield path
    state._open_store.clear()  # the next test opens another file


def consultant_actor(store: Store) -> auth.Actor:
    return auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))


def seed(path: Path, *, organisation: str | None = "Nordwind", teams: bool = False) -> str:
    """A consultant (and an organisation they manage, with an open assessment when
    `teams`); returns the consultant's session token."""
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        if organisation:
            org = access.create_organisation(store, consultant_actor(store), organisation)
            if teams:
                access.create_assessment(
                    store,
                    consultant_actor(store),
                    org.id,
                    load_or_raise(SAMPLE),
                    name="CRM adoption 2026",
                    teams=[Team("sales-north", "Sales North", 12), Team("service", "Service", 9)],
                )
        return auth.sign_in(store, *CONSULTANT).token
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    """Run (after a widget change) and fail on any exception the app shows."""
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(token: str | None = None, page: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if token:
        at.session_state["session_token"] = token
    run(at)
    if page:
        run(at.switch_page(page))
    return at


def tab(at: AppTest, label: str) -> Block:
    return next(t for t in at.tabs if t.label == label)


def texts(elements: Iterable[Element | Block]) -> list[str]:
    return [str(e.value) for e in elements if isinstance(e, Element)]


def plain(elements: Iterable[Element | Block]) -> list[str]:
    """Shown texts with the Markdown escapes taken out (what a person reads)."""
    return [t.replace("\\", "") for t in texts(elements)]


def app_store() -> Store:
    """The store the app opened in this process (same file as GAPMAP_DB)."""
    return state.store()


# --- first run ---------------------------------------------------------------------------


def fill_setup(at: AppTest, password: str, repeat: str | None = None, demo: bool = True) -> None:
    at.text_input(key="setup-username").input("casey")
    at.text_input(key="setup-display-name").input("Casey Consultant")
    at.text_input(key="setup-password").input(password)
    at.text_input(key="setup-repeat").input(password if repeat is None else repeat)
    at.checkbox(key="setup-demo").set_value(demo)
    at.button[0].click()


def test_first_run_creates_the_consultant_loads_the_demo_and_opens_the_console(db: Path) -> None:
    at = open_app()
    assert texts(at.title) == ["Set up GapMap"]
    assert at.checkbox(key="setup-demo").value is True
    fill_setup(at, CONSULTANT[1])
    run(at)
    assert texts(at.title) == ["Assessments"]
    assert at.session_state["actor"].username == "casey"
    assert at.session_state["actor"].display_name == "Casey Consultant"
    store = app_store()
    assert [a.role for a in access.list_accounts(store, auth.SYSTEM)] == ["consultant"]
    found = list_assessments(store)
    assert len(found) == 1
    assert access.tracking(store, at.session_state["actor"], found[0].id).submitted == 400
    assert plain(at.success)[0].startswith("Your account is ready. The demo organisation")
    assert at.selectbox(key="console-assessment").value == found[0].id
    # The demo is the new consultant's, in the audit log too (not the command line's).
    audited = store.cursor().execute("SELECT username, action FROM audit_log ORDER BY seq")
    assert audited.fetchall() == [
        ("casey", "account-created"),
        ("casey", "organisation-created"),
        ("casey", "assessment-created"),
        ("casey", "sign-in"),
    ]


def test_first_run_without_demo_starts_empty(db: Path) -> None:
    at = open_app()
    fill_setup(at, CONSULTANT[1], demo=False)
    run(at)
    assert texts(at.title) == ["Assessments"]
    assert list_assessments(app_store()) == []
    assert "You manage no organisation yet" in texts(at.info)[0]


@pytest.mark.parametrize(
    ("password", "repeat", "message"),
    [
        ("short", None, "A password needs at least 10 characters."),
        ("correct horse battery staple", "correct horse", "The two passwords differ."),
    ],
)
def test_first_run_refuses_a_weak_or_mistyped_password(
    db: Path, password: str, repeat: str | None, message: str
) -> None:
    at = open_app()
    fill_setup(at, password, repeat)
    run(at)
    assert texts(at.title) == ["Set up GapMap"]
    assert texts(at.error)[0].startswith(message)
    assert not auth.has_accounts(app_store())


# --- sign-in ------------------------------------------------------------------------------------


def sign_in_with(at: AppTest, username: str, password: str) -> AppTest:
    at.text_input(key="signin-username").input(username)
    at.text_input(key="signin-password").input(password)
    at.button(key="signin-submit").click()
    return run(at)


def test_wrong_password_shows_the_message_and_does_not_sign_in(db: Path) -> None:
    seed(db)
    at = open_app()
    assert texts(at.title) == ["Sign in"]
    sign_in_with(at, "casey", "wrong password here")
    assert texts(at.error) == ["The user name or the password is wrong."]
    assert texts(at.title) == ["Sign in"]
    assert at.session_state["actor"] == auth.ANONYMOUS
    assert "session_token" not in at.session_state


def test_right_password_opens_the_console(db: Path) -> None:
    seed(db)
    at = sign_in_with(open_app(), "Casey", CONSULTANT[1])
    assert texts(at.title) == ["Assessments"]
    assert at.session_state["actor"].username == "casey"


def test_repeated_failures_are_throttled_with_the_wait(db: Path) -> None:
    seed(db)
    at = open_app()
    for _ in range(auth.MAX_FAILURES):
        sign_in_with(at, "casey", "wrong password here")
    sign_in_with(at, "casey", CONSULTANT[1])
    [error] = texts(at.error)
    # the wait is a minute from the last failure, so it reads "1 minute" or "N seconds"
    assert re.fullmatch(
        r"Too many failed sign-ins for this account\. Try again in (1 minute|\d+ seconds)\.",
        error,
    ), error
    assert at.session_state["actor"] == auth.ANONYMOUS


def test_ended_session_is_explained_on_the_sign_in_page(db: Path) -> None:
    seed(db)
    at = open_app(token="expired-or-forged")
    assert texts(at.title) == ["Sign in"]
    assert "Your session has ended. Please sign in again." in texts(at.info)


def test_single_sign_on_is_offered_only_when_configured(db: Path) -> None:
    seed(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "a long random string for the test",
        "client_id": "gapmap",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.com/.well-known/openid-configuration",
    }
    run(at)
    assert "Sign in with your organisation" in [b.label for b in at.button]
    assert [b.label for b in at.button if b.label == "Sign in"] == ["Sign in"]  # passwords too


def test_sign_in_page_tells_respondents_they_need_no_account(db: Path) -> None:
    seed(db)
    at = open_app()
    assert any("Got an invite link?" in c for c in texts(at.caption))
    assert "Sign in with your organisation" not in [b.label for b in at.button]


# --- creating an assessment ----------------------------------------------------------------------


def open_new_assessment_form(token: str) -> AppTest:
    at = open_app(token)
    return run(at.toggle(key="console-creating").set_value(True))


def test_assessment_is_created_with_pasted_teams_targets_and_thresholds(db: Path) -> None:
    at = open_new_assessment_form(seed(db))
    at.text_input(key="console-name").input("CRM adoption <b>2026</b>")
    at.text_area(key="console-purpose").input("So we can fix what gets in your way.")
    at.text_area(key="console-teams").input("team,head_count\nSales North, 12\nService;9\nOps")
    at.selectbox(key="console-target-purpose").set_value(2)
    at.number_input(key="console-threshold").set_value(7)
    at.number_input(key="console-comment-threshold").set_value(12)
    at.multiselect(key="console-languages").set_value(["en"])
    run(at.button(key="FormSubmitter:console-create-Create assessment").click())

    store = app_store()
    [created] = list_assessments(store)
    assert created.name == "CRM adoption <b>2026</b>"
    assert created.teams == (
        Team("sales-north", "Sales North", 12),
        Team("service", "Service", 9),
        Team("ops", "Ops", None),
    )
    assert created.targets == {"purpose": 2, "training": 3}  # 3 levels: the default is the top
    assert (created.anonymity_threshold, created.comment_threshold) == (7, 12)
    assert created.languages == ("en",)
    assert created.purpose == "So we can fix what gets in your way."
    assert at.toggle(key="console-creating").value is False
    assert at.selectbox(key="console-assessment").value == created.id
    assert plain(at.success) == [
        f"Assessment CRM adoption <b>2026</b> created. Its invite code is {created.invite_code}."
    ]


def test_bad_team_lines_are_listed_by_line_and_nothing_is_saved(db: Path) -> None:
    at = open_new_assessment_form(seed(db))
    at.text_input(key="console-name").input("Survey")
    at.text_area(key="console-teams").input("Sales, 12\nSales, 3\n, 4\nOps, -1")
    run(at.button(key="FormSubmitter:console-create-Create assessment").click())
    [error] = texts(at.error)
    assert error.startswith("The team list has problems; nothing was saved.")
    assert "Line 2" in error
    assert "Line 3" in error
    assert "Line 4" in error
    assert list_assessments(app_store()) == []


def test_uploaded_bad_yaml_shows_its_problems_with_lines_and_saves_nothing(db: Path) -> None:
    at = open_new_assessment_form(seed(db))
    at.button_group(key="console-source").set_value("upload")
    run(at)
    at.file_uploader(key="console-upload").upload("mine.yaml", BAD_YAML.encode(), "text/yaml")
    run(at)
    [error] = plain(at.error)
    assert error.startswith("mine.yaml has ")
    assert "nothing was saved" in error
    # the misspelt `titel` key: file:line, field, message and code
    assert (
        "- **mine.yaml:3** · titel: unknown key `titel` (check the spelling) :gray[unknown-key]"
        in (error)
    )
    assert "console-name" not in [w.key for w in at.text_input]  # no form for a broken file
    assert list_assessments(app_store()) == []


def test_uploaded_valid_yaml_can_be_used(db: Path) -> None:
    at = open_new_assessment_form(seed(db))
    at.button_group(key="console-source").set_value("upload")
    run(at)
    at.file_uploader(key="console-upload").upload("mine.yaml", SAMPLE.read_bytes(), "text/yaml")
    run(at)
    at.text_input(key="console-name").input("From my file")
    run(at.button(key="FormSubmitter:console-create-Create assessment").click())
    [created] = list_assessments(app_store())
    assert created.name == "From my file"


def test_too_low_comment_threshold_is_refused_with_the_domain_message(db: Path) -> None:
    at = open_new_assessment_form(seed(db))
    at.text_input(key="console-name").input("Survey")
    at.number_input(key="console-threshold").set_value(8)
    at.number_input(key="console-comment-threshold").set_value(6)
    run(at.button(key="FormSubmitter:console-create-Create assessment").click())
    assert texts(at.error) == [
        "The comment threshold cannot be lower than the anonymity threshold."
    ]
    assert list_assessments(app_store()) == []


def test_a_new_organisation_is_created_and_selected(db: Path) -> None:
    at = open_app(seed(db, organisation=None))
    at.text_input(key="console-new-org-name").input("Acme <i>GmbH</i>")
    run(at.button(key="FormSubmitter:console-new-org-Create organisation").click())
    assert at.selectbox(key="console-org").options == ["Acme <i>GmbH</i>"]
    assert plain(at.success) == ["Organisation Acme <i>GmbH</i> created."]


# --- one assessment -------------------------------------------------------------------------------


def test_invite_links_show_each_url_with_the_invite_code(db: Path) -> None:
    at = open_app(seed(db, teams=True))
    [a] = list_assessments(app_store())
    codes = texts(tab(at, "Invite links").code)
    assert codes == [
        f"http://localhost:8501/?a={a.invite_code}",
        f"http://localhost:8501/?a={a.invite_code}&t=sales-north",
        f"http://localhost:8501/?a={a.invite_code}&t=service",
    ]
    assert len(tab(at, "Invite links").image) == 3
    labels = [
        b.label for b in tab(at, "Invite links").get("download_button") if isinstance(b, Element)
    ]
    assert labels == ["PNG", "SVG", "Poster (PDF)"] * 3


def test_invite_links_use_the_configured_base_url(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAPMAP_BASE_URL", "https://survey.example.com/")
    at = open_app(seed(db, teams=True))
    [a] = list_assessments(app_store())
    assert (
        texts(tab(at, "Invite links").code)[0] == f"https://survey.example.com/?a={a.invite_code}"
    )


def test_tracking_shows_counts_and_hides_small_groups(db: Path) -> None:
    token = seed(db, organisation=None)
    store = Store(db)
    demo = generate_demo(store, respondents=60, seed=3)
    consultant = auth.get_account(store, CONSULTANT[0])
    access.grant_organisation(store, auth.SYSTEM, consultant.id, demo.organisation_id)
    store.close()
    at = open_app(token)
    overview = tab(at, "Overview")
    metrics = {m.label: m.value for m in overview.metric}
    assert metrics["Submitted"] == "60"
    assert metrics["Started"] == str(demo.started)
    assert metrics["Waiting for the next release"] == "0"
    submitted = overview.dataframe[0].value["Submitted (released)"].tolist()
    assert all(
        v.isdigit() or v in ("fewer than 5 responses", "hidden to protect a smaller group")
        for v in submitted
    )


def test_open_results_shows_the_selected_assessments_results(db: Path) -> None:
    token = seed(db, organisation=None)
    store = Store(db)
    demo = generate_demo(store, respondents=60, seed=3)
    consultant = auth.get_account(store, CONSULTANT[0])
    access.grant_organisation(store, auth.SYSTEM, consultant.id, demo.organisation_id)
    store.close()
    at = open_app(token)
    run(at.button(key="console-open-results").click())
    assert [t.value for t in at.title] == ["Results"]
    assert at.session_state["results_assessment"] == demo.assessment_id
    assert {m.label for m in at.metric} >= {"Overall index", "Responses"}


def test_closing_asks_for_confirmation_then_closes(db: Path) -> None:
    at = open_app(seed(db, teams=True))
    [a] = list_assessments(app_store())
    run(at.button(key=f"console-confirm-close-{a.id}").click())
    assert access.get_assessment(app_store(), auth.SYSTEM, a.id).closed
    assert plain(at.success) == ["Assessment closed. (CRM adoption 2026)"]
    run(at.button(key=f"console-confirm-close-{a.id}").click())
    assert not access.get_assessment(app_store(), auth.SYSTEM, a.id).closed


def test_the_consultant_sets_how_long_unsubmitted_responses_are_kept(db: Path) -> None:
    at = open_app(seed(db, teams=True))
    [a] = list_assessments(app_store())
    assert a.unsubmitted_days == 30
    at.number_input(key=f"console-unsubmitted-days-{a.id}").set_value(7)
    run(at.button(key=f"console-unsubmitted-save-{a.id}").click())
    assert access.get_assessment(app_store(), auth.SYSTEM, a.id).unsubmitted_days == 7
    assert plain(at.success) == ["Unsubmitted responses are now kept 7 days. (CRM adoption 2026)"]
    row = (
        app_store()
        .cursor()
        .execute("SELECT detail FROM audit_log WHERE action = 'unsubmitted-retention-set'")
        .fetchall()
    )
    assert row == [("CRM adoption 2026: unsubmitted responses kept 7 days",)]


def test_new_wave_copies_the_setup_and_is_selected(db: Path) -> None:
    at = open_app(seed(db, teams=True))
    [first] = list_assessments(app_store())
    run(at.button(key=f"console-wave-{first.id}").click())
    second = next(a for a in list_assessments(app_store()) if a.id != first.id)
    assert (second.wave, second.series_id, second.teams) == (2, first.series_id, first.teams)
    assert at.selectbox(key="console-assessment").value == second.id


# --- who may see the console -----------------------------------------------------------


def leader_token(path: Path) -> str:
    store = Store(path)
    try:
        org = access.list_organisations(store, consultant_actor(store))[0]
        access.create_leadership_account(
            store, consultant_actor(store), org.id, LEADER[0], LEADER[1]
        )
        return auth.sign_in(store, *LEADER).token
    finally:
        store.close()


@pytest.mark.parametrize("page", [CONSOLE, ACCOUNTS, AUDIT], ids=lambda p: p.url_path)
def test_consultant_pages_are_not_in_leaderships_navigation(db: Path, page: PageSpec) -> None:
    seed(db, teams=True)
    at = open_app(leader_token(db))
    assert at.session_state["actor"].kind == "leadership"
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page(page.path)


@pytest.mark.parametrize("page", [CONSOLE, ACCOUNTS, AUDIT], ids=lambda p: p.url_path)
def test_a_stale_leadership_session_on_a_consultant_page_is_not_allowed(
    db: Path, page: PageSpec
) -> None:
    seed(db, teams=True)
    leader = auth.Actor("leadership", "id", "dana", organisation_ids=frozenset({"org"}))
    at = AppTest.from_file(str(ROOT / page.path), default_timeout=60)
    at.session_state["actor"] = leader
    run(at)
    [error] = texts(at.error)
    assert "not allowed for your account" in error
    assert [w.key for w in at.selectbox] == []
    assert not at.dataframe


# --- accounts and the audit log --------------------------------------------------------


def test_consultant_adds_and_disables_a_leadership_account(db: Path) -> None:
    at = open_app(seed(db), ACCOUNTS.path)
    assert texts(at.title) == ["Accounts"]
    at.text_input(key="accounts-username").input("dana")
    at.text_input(key="accounts-display-name").input("Dana Director")
    at.text_input(key="accounts-password").input(LEADER[1])
    run(at.button(key="FormSubmitter:accounts-create-Add account").click())
    store = app_store()
    dana = auth.get_account(store, "dana")
    assert (dana.role, dana.display_name, dana.disabled) == ("leadership", "Dana Director", False)
    assert at.dataframe[0].value["User name"].tolist() == ["casey", "dana"]

    at.selectbox(key="accounts-toggle-user").set_value("dana")
    run(at.button(key="accounts-toggle").click())
    assert auth.get_account(store, "dana").disabled


def test_weak_leadership_password_is_refused(db: Path) -> None:
    at = open_app(seed(db), ACCOUNTS.path)
    at.text_input(key="accounts-username").input("dana")
    at.text_input(key="accounts-password").input("short")
    run(at.button(key="FormSubmitter:accounts-create-Add account").click())
    assert texts(at.error) == ["A password needs at least 10 characters."]


def test_audit_log_lists_entries_newest_first_and_filters_by_action(db: Path) -> None:
    at = open_app(seed(db, teams=True), AUDIT.path)
    assert texts(at.title) == ["Audit log"]
    table = at.dataframe[0].value
    assert table["Action"].tolist()[:3] == [
        "Signed in",
        "Assessment created",
        "Organisation created",
    ]
    assert "CRM adoption 2026" in table["Assessment"].tolist()
    run(at.selectbox(key="audit-action").set_value("assessment-created"))
    assert at.dataframe[0].value["Action"].tolist() == ["Assessment created"]


# --- data: retention and erasure -------------------------------------------------------------


def _seeded_with_demo(db: Path) -> tuple[str, str, str]:
    """A consultant managing the demo organisation, and one survey respondent's secret."""
    token = seed(db, organisation=None)
    store = Store(db)
    demo = generate_demo(store, respondents=40, seed=3)
    consultant = auth.get_account(store, CONSULTANT[0])
    access.grant_organisation(store, auth.SYSTEM, consultant.id, demo.organisation_id)
    found = access.get_assessment(store, auth.SYSTEM, demo.assessment_id)
    started = start_response(store, found.id, role_id="sales", team_id=found.teams[0].id)
    save_answers(store, started.secret, {"purpose_decisions": 3, "purpose_my_gain": 1})
    store.close()
    return token, demo.assessment_id, started.secret


def _button(at: AppTest, label: str) -> Any:
    return next(b for b in at.button if b.label == label)


def _respondents(aid: str) -> int:
    row = (
        app_store()
        .cursor()
        .execute("SELECT count(*) FROM respondents WHERE assessment_id = ?", [aid])
        .fetchone()
    )
    return int(row[0]) if row else 0


def test_deleting_responses_needs_the_assessments_name_then_deletes_them(db: Path) -> None:
    token, aid, _ = _seeded_with_demo(db)
    at = open_app(token)
    total = _respondents(aid)
    assert total > 40
    at.radio(key=f"retention-scope-{aid}").set_value("all")
    at.text_input(key=f"retention-confirm-{aid}").input("not the name")
    run(_button(at, "Delete responses").click())
    assert texts(tab(at, "Data and erasure").error) == [
        "The name does not match, so nothing was deleted."
    ]
    assert _respondents(aid) == total
    name = access.get_assessment(app_store(), auth.SYSTEM, aid).name
    at.radio(key=f"retention-scope-{aid}").set_value("all")
    at.text_input(key=f"retention-confirm-{aid}").input(name)
    run(_button(at, "Delete responses").click())
    [done] = texts(tab(at, "Data and erasure").success)
    assert done.startswith(f"Deleted. Responses: {total}, answers: ")
    assert _respondents(aid) == 0
    [entry] = [
        e for e in access.audit_log(app_store(), auth.SYSTEM) if e.action == "responses-deleted"
    ]
    assert entry.username == CONSULTANT[0]
    assert entry.detail is not None and entry.detail.startswith(f"all responses: {total} ")


def test_a_consultant_erases_one_respondent_from_a_pasted_link(db: Path) -> None:
    token, aid, secret = _seeded_with_demo(db)
    at = open_app(token)
    total = _respondents(aid)
    at.text_input(key=f"erasure-link-{aid}").input("https://gapmap.example/?r=wrong")
    run(_button(at, "Erase these answers").click())
    assert plain(tab(at, "Data and erasure").error) == [
        "No answers belong to this link: they were deleted already, or the link is mistyped."
    ]
    at.text_input(key=f"erasure-link-{aid}").input(f"https://gapmap.example/?r={secret}")
    run(_button(at, "Erase these answers").click())
    assert texts(tab(at, "Data and erasure").success) == ["Erased. Answers: 2, comments: 0."]
    assert _respondents(aid) == total - 1


# --- data: importing responses ---------------------------------------------------------------


IMPORT_CSV = (
    b"role,team,p-why,p-anchor,p-lead-goal,t-enough\r\n"
    b"leadership,Sales North,4,2,3,Agree\r\n"
    b"leadership,Service,Neutral,1,No,5\r\n"
)


def test_a_consultant_imports_a_file_saying_how_its_numbers_are_meant(db: Path) -> None:
    token = seed(db, teams=True)
    at = open_app(token)
    [found] = access.list_assessments(app_store(), consultant_actor(app_store()))
    aid = found.id
    at.file_uploader(key=f"import-file-{aid}").upload("answers.csv", IMPORT_CSV, "text/csv")
    at.radio(key=f"import-values-{aid}").set_value("text")
    run(_button(at, "Import").click())
    data = tab(at, "Data and erasure")
    assert plain(data.error) == [
        "Nothing was imported: 5 problems in answers.csv. Fix them and import the file again."
    ]
    [problems] = data.dataframe
    assert [(r.Row, r.Column, r.Code) for r in problems.value.itertuples()] == [
        (2, "p-why", "number-not-read"),
        (2, "p-anchor", "number-not-read"),
        (2, "p-lead-goal", "number-not-read"),
        (3, "p-anchor", "number-not-read"),
        (3, "t-enough", "number-not-read"),
    ]
    assert _respondents(aid) == 0

    # the sample's scales are scored 1..N, so score and position agree: auto reads them
    at.file_uploader(key=f"import-file-{aid}").upload("answers.csv", IMPORT_CSV, "text/csv")
    at.radio(key=f"import-values-{aid}").set_value("auto")
    run(_button(at, "Import").click())
    assert texts(tab(at, "Data and erasure").success) == ["Imported 2 responses, skipped 0."]
    assert _respondents(aid) == 2
    imports = [
        (e.username, e.detail)
        for e in access.audit_log(app_store(), auth.SYSTEM)
        if e.action == "responses-imported"
    ]
    assert imports == [  # newest first; the refused attempt is audited too
        (CONSULTANT[0], "2 responses imported from answers.csv"),
        (CONSULTANT[0], "0 responses imported from answers.csv"),
    ]


# --- data: importing CRM evidence --------------------------------------------------------------


EVIDENCE_FIXTURES = ROOT / "tests" / "fixtures" / "evidence"
# A hostile export: a formula in Sales North's logins, a team the assessment lacks.
BAD_EVIDENCE = (
    b"team;users;active_days;logins;open_deals;stale_deals\r\n"
    b'Sales North;3;15;=HYPERLINK("x");20;4\r\n'
    b"Sales West;2;4;5;20;15\r\n"
)


def _evidence_rows(aid: str) -> list[tuple[str, str, int, float, float]]:
    rows = (
        app_store()
        .cursor()
        .execute(
            "SELECT team_id, indicator, users, total, base FROM evidence"
            " WHERE assessment_id = ? AND indicator IN ('active_days', 'stale_deal_share')"
            " ORDER BY team_id, indicator",
            [aid],
        )
        .fetchall()
    )
    return [(str(t), str(i), int(u), round(x, 6), round(b, 6)) for t, i, u, x, b in rows]


def test_a_consultant_imports_crm_evidence_and_a_bad_file_writes_nothing(db: Path) -> None:
    token = seed(db)
    store = Store(db)
    try:
        [org] = access.list_organisations(store, consultant_actor(store))
        found = access.create_assessment(
            store,
            consultant_actor(store),
            org.id,
            load_or_raise(ROOT / "questionnaires" / "crm-adoption.yaml"),
            name="CRM adoption 2026",
            teams=[Team("north", "Sales North"), Team("south", "Sales South")],
        )
    finally:
        store.close()
    aid = found.id
    at = open_app(token)
    at.file_uploader(key=f"evidence-file-{aid}").upload("crm.csv", BAD_EVIDENCE, "text/csv")
    run(_button(at, "Import evidence").click())
    data = tab(at, "Data and erasure")
    assert plain(data.error) == [
        "Nothing was imported: 2 problems in crm.csv. Fix them and import the file again."
    ]
    [problems] = data.dataframe
    assert [(r.Row, r.Column, r.Code) for r in problems.value.itertuples()] == [
        (2, "logins", "formula-cell"),
        (3, "team", "unknown-team"),
    ]
    assert _evidence_rows(aid) == []

    good = (EVIDENCE_FIXTURES / "gapmap-teams.csv").read_bytes()
    at.file_uploader(key=f"evidence-file-{aid}").upload("gapmap-teams.csv", good, "text/csv")
    run(_button(at, "Import evidence").click())
    assert texts(tab(at, "Data and erasure").success) == [
        "Imported 2 rows of CRM evidence, skipped 0."
    ]
    # Sales North: 3 users, 15 active days each, 4 of 20 open deals stale; Sales South:
    # 2 users, 4 days each, 15 of 20 stale.
    assert _evidence_rows(aid) == [
        ("north", "active_days", 3, 45.0, 3.0),
        ("north", "stale_deal_share", 3, 4.0, 20.0),
        ("south", "active_days", 2, 8.0, 2.0),
        ("south", "stale_deal_share", 2, 15.0, 20.0),
    ]
    imports = [
        (e.username, e.detail)
        for e in access.audit_log(app_store(), auth.SYSTEM)
        if e.action == "evidence-imported"
    ]
    assert imports == [(CONSULTANT[0], "2 rows for 2 teams imported from gapmap-teams.csv")]
