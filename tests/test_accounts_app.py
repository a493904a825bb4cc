"""The account pages through the app: a consultant adds consultant and leadership
accounts and issues password-reset links; the link's page sets a password once and
refuses an expired or used link in the visitor's language; an account changes its own
password. Each test checks the rows written and the audit entries."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from assessment import access
from assessment.organisation import auth
from assessment.organisation.assessments import utcnow
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.pages import ACCOUNTS, PASSWORD

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CONSULTANT = ("casey", "correct horse battery staple")
LEADER = ("dana", "leadership password A1")
NEW = "a brand new passphrase 7"
BASE = "https://gapmap.example"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A database with the consultant casey, managing Nordwind, whose leadership
    account is dana (both signed in once)."""
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_BASE_URL", BASE)
    store = Store(path)
    try:
        casey = auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        org = access.create_organisation(store, auth.actor_for_account(store, casey), "Nordwind")
        actor = auth.actor_for_account(store, casey)  # now managing Nordwind
        access.create_leadership_account(store, actor, org.id, *LEADER)
    finally:
        store.close()
    yield path
    state._open_store.clear()  # the next test opens another file


def store() -> Store:
    """The store the app opened in this process (same file as GAPMAP_DB)."""
    return state.store()


def sign_in(username: str, password: str) -> str:
    return auth.sign_in(store(), username, password).token


def run(at: AppTest | Element) -> AppTest:
    done = at.run()
    assert not done.exception, [e.value for e in done.exception]
    return done


def open_app(
    token: str | None = None,
    page: str | None = None,
    *,
    reset: str | None = None,
    locale: str | None = None,
) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    if token:
        at.session_state["session_token"] = token
    if reset is not None:
        at.query_params["reset"] = reset
    if locale:
        at.context = {"locale": locale}
    run(at)
    if page:
        run(at.switch_page(page))
    return at


def created_format(at: AppTest, column: str) -> str:
    """The momentJS format the account table writes its `column` of dates in."""
    config: dict[str, Any] = json.loads(at.dataframe[0].proto.columns)
    return str(config[column]["type_config"]["format"])


def texts(elements: Iterable[Element | Block]) -> list[str]:
    return [str(e.value).replace("\\", "") for e in elements if isinstance(e, Element)]


def audit_since(seq: int) -> list[tuple[Any, ...]]:
    return (
        store()
        .cursor()
        .execute("SELECT username, action, detail FROM audit_log WHERE seq > ? ORDER BY seq", [seq])
        .fetchall()
    )


def last_seq() -> int:
    row = store().cursor().execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()
    return int(row[0]) if row else 0


def sessions_of(username: str) -> int:
    row = (
        store()
        .cursor()
        .execute(
            "SELECT count(*) FROM sessions s JOIN accounts a ON a.id = s.account_id"
            " WHERE a.username = ?",
            [username],
        )
        .fetchone()
    )
    return int(row[0]) if row else 0


def used_at() -> list[Any]:
    rows = store().cursor().execute("SELECT used_at FROM password_resets ORDER BY issued_at")
    return [r[0] for r in rows.fetchall()]


# --- adding accounts ---------------------------------------------------------------------------


def test_a_consultant_adds_a_consultant_who_manages_their_organisation(db: Path) -> None:
    at = open_app(sign_in(*CONSULTANT), ACCOUNTS.path)
    org = access.list_organisations(store(), auth.SYSTEM)[0]
    seq = last_seq()
    run(at.radio(key="accounts-role").set_value("consultant"))
    at.multiselect(key="accounts-manages").set_value([org.id])
    at.text_input(key="accounts-username").input("robin")
    at.text_input(key="accounts-display-name").input("Robin Consultant")
    at.text_input(key="accounts-password").input("robins own passphrase 3")
    run(at.button(key="FormSubmitter:accounts-create-Add account").click())

    assert texts(at.success)[0].startswith("Account robin added.")
    robin = auth.get_account(store(), "robin")
    casey = auth.get_account(store(), "casey")
    row = (
        store()
        .cursor()
        .execute("SELECT role, organisation_id, created_by FROM accounts WHERE id = ?", [robin.id])
        .fetchone()
    )
    assert row == ("consultant", None, casey.id)
    assert auth.organisations_of(store(), robin) == frozenset({org.id})
    assert audit_since(seq) == [
        ("casey", "account-created", "consultant account robin"),
        ("casey", "organisation-granted", "robin"),
    ]
    assert at.dataframe[0].value["User name"].tolist() == ["casey", "robin", "dana"]
    assert created_format(at, "Created") == "D MMM YYYY HH:mm"  # "3 Dec 2026 18:40"
    assert auth.sign_in(store(), "robin", "robins own passphrase 3").actor.organisation_ids == (
        frozenset({org.id})
    )


def test_a_consultant_adds_a_leadership_account_in_german(db: Path) -> None:
    at = open_app(sign_in(*CONSULTANT), ACCOUNTS.path, locale="de-DE")
    assert texts(at.title) == ["Konten"]
    seq = last_seq()
    at.text_input(key="accounts-username").input("lee")
    at.text_input(key="accounts-password").input("short")
    run(at.button(key="FormSubmitter:accounts-create-Konto anlegen").click())
    assert texts(at.error) == ["Ein Passwort braucht mindestens 10 Zeichen."]
    at.text_input(key="accounts-password").input("lees own passphrase 4")
    run(at.button(key="FormSubmitter:accounts-create-Konto anlegen").click())
    lee = auth.get_account(store(), "lee")
    org = access.list_organisations(store(), auth.SYSTEM)[0]
    assert (lee.role, lee.organisation_id, lee.disabled) == ("leadership", org.id, False)
    assert audit_since(seq) == [("casey", "account-created", "leadership account lee")]
    assert texts(at.success)[0].startswith("Konto lee angelegt.")
    assert created_format(at, "Angelegt") == "DD.MM.YYYY HH:mm"  # "03.12.2026 18:40"


# --- password-reset links ------------------------------------------------------------------


def _issue_in_app(username: str) -> str:
    """The link the accounts page shows after "Create a reset link" for `username`."""
    at = open_app(sign_in(*CONSULTANT), ACCOUNTS.path)
    at.selectbox(key="accounts-reset-user").set_value(username)
    run(at.button(key="accounts-reset").click())
    [link] = texts(at.code)
    # valid until a day written out, as the page's language writes it: "4 December 2026, 09:30"
    assert re.match(
        rf"Reset link for {username}, valid until \d{{1,2}} [A-Z][a-z]+ \d{{4}}, \d\d:\d\d UTC\. ",
        texts(at.success)[-1],
    )
    return link


def test_a_reset_link_from_the_app_works_once_ends_sessions_and_lifts_a_lockout(
    db: Path,
) -> None:
    sign_in(*LEADER)
    for _ in range(5):
        with pytest.raises(auth.AuthError):
            auth.sign_in(store(), LEADER[0], "somebody guessing")
    assert auth.lockout_remaining(store(), LEADER[0]) > 0
    seq = last_seq()
    link = _issue_in_app("dana")
    assert link.startswith(f"{BASE}/?reset=")
    token = link.split("?reset=")[1]
    assert used_at() == [None]

    at = open_app(reset=token)
    assert texts(at.title) == ["Set a new password"]
    assert "Choose a new password for the account **dana**." in texts(at.markdown)
    assert at.query_params.get("reset") is None  # the token left the address bar
    at.text_input(key="reset-new").input(NEW)
    at.text_input(key="reset-repeat").input(NEW)
    run(at.button(key="FormSubmitter:reset-form-Set the password").click())

    assert texts(at.title) == ["Sign in"]
    assert texts(at.info) == ["Your new password is set. Sign in with it."]
    assert sessions_of("dana") == 0
    assert auth.lockout_remaining(store(), LEADER[0]) == 0
    assert used_at()[0] is not None
    assert [(who, action) for who, action, _ in audit_since(seq)] == [
        ("casey", "sign-in"),
        ("casey", "password-reset-issued"),
        ("dana", "password-reset-used"),
    ]
    assert audit_since(seq)[-1][2] == "new password set; 1 session ended, lockout cleared"
    assert auth.sign_in(store(), "dana", NEW).actor.username == "dana"

    seq = last_seq()
    again = open_app(reset=token)
    assert texts(again.error) == [
        "This password-reset link has been used already; each link works once. Sign in with "
        "the new password, or ask your consultant for a new link."
    ]
    assert [w.key for w in again.text_input] == []  # no form to set a password
    assert audit_since(seq) == [("dana", "password-reset-refused", "the link was used already")]


def test_an_expired_link_is_refused_in_the_browsers_language(db: Path) -> None:
    dana = auth.get_account(store(), "dana")
    issued = auth.issue_password_reset(
        store(), dana, by=auth.SYSTEM, now=utcnow() - timedelta(hours=24, seconds=1)
    )
    seq = last_seq()
    at = open_app(reset=issued.token, locale="de-AT")
    assert texts(at.title) == ["Neues Passwort setzen"]
    [error] = texts(at.error)
    assert error.startswith("Dieser Link zum Zurücksetzen des Passworts ist abgelaufen: Ein Link")
    assert "24 Stunden" in error
    run(at.button_group(key="account-language-switch").set_value("en"))
    assert texts(at.error)[0].startswith("This password-reset link has expired")
    assert audit_since(seq) == [("dana", "password-reset-refused", "the link has expired")]
    assert used_at() == [None]
    assert auth.sign_in(store(), *LEADER).actor.username == "dana"


def test_a_made_up_link_is_refused_without_naming_an_account(db: Path) -> None:
    seq = last_seq()
    at = open_app(reset="x" * 43)
    assert texts(at.error) == [
        "This password-reset link is not valid. Check that the whole link was copied, or ask "
        "your consultant for a new one."
    ]
    assert audit_since(seq) == [(None, "password-reset-refused", "no such link")]


def test_gapmap_user_reset_prints_a_link_that_the_page_accepts(db: Path) -> None:
    from typer.testing import CliRunner

    from assessment.cli import app

    result = CliRunner().invoke(app, ["user", "reset", "dana", "--db", str(db)])
    assert result.exit_code == 0, result.output
    first, link = result.stdout.splitlines()
    assert first == "password-reset link for dana (works once, for 24 hours):"
    assert link.startswith(f"{BASE}/?reset=")
    at = open_app(reset=link.split("?reset=")[1])
    at.text_input(key="reset-new").input(NEW)
    at.text_input(key="reset-repeat").input(NEW + "x")
    run(at.button(key="FormSubmitter:reset-form-Set the password").click())
    assert texts(at.error) == ["The two new passwords differ. Type the same password twice."]
    assert used_at() == [None]
    at.text_input(key="reset-repeat").input(NEW)
    run(at.button(key="FormSubmitter:reset-form-Set the password").click())
    assert texts(at.title) == ["Sign in"]
    rows = (
        store()
        .cursor()
        .execute(
            "SELECT username, action FROM audit_log WHERE action LIKE 'password-reset%'"
            " ORDER BY seq"
        )
    )
    assert rows.fetchall() == [
        ("(command line)", "password-reset-issued"),
        ("dana", "password-reset-used"),
    ]


# --- one's own password ------------------------------------------------------------------------


def test_an_account_changes_its_own_password_and_its_other_sessions_end(db: Path) -> None:
    elsewhere = sign_in(*LEADER)
    at = open_app(sign_in(*LEADER), PASSWORD.path)
    assert texts(at.title) == ["Your password"]
    seq = last_seq()
    at.text_input(key="password-current").input("not my password")
    at.text_input(key="password-new").input(NEW)
    at.text_input(key="password-repeat").input(NEW)
    run(at.button(key="FormSubmitter:password-form-Change password").click())
    assert texts(at.error) == ["The current password is wrong. Your password was not changed."]
    assert sessions_of("dana") == 2
    assert audit_since(seq) == [
        ("dana", "password-change-refused", "the current password was wrong")
    ]

    seq = last_seq()
    at.text_input(key="password-current").input(LEADER[1])
    at.text_input(key="password-new").input(NEW)
    at.text_input(key="password-repeat").input(NEW)
    run(at.button(key="FormSubmitter:password-form-Change password").click())
    assert texts(at.success) == ["Your password is changed. 1 other session ended."]
    assert texts(at.title) == ["Your password"]  # still signed in here
    assert sessions_of("dana") == 1
    with pytest.raises(auth.PermissionDenied):
        auth.actor_for_session(store(), elsewhere)
    assert audit_since(seq) == [
        ("dana", "password-changed", "by the account itself; 1 other session ended")
    ]
    assert auth.sign_in(store(), "dana", NEW).actor.username == "dana"
