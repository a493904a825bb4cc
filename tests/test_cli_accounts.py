"""`gapmap user|org|assessment ...`: accounts on the command line (as `auth.SYSTEM`),
with exit code 1 and a one-line error for bad input, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assessment import access
from assessment.cli import app
from assessment.organisation import auth
from assessment.organisation.assessments import Team
from assessment.storage.store import Store
from tests.engine import answer, engine_questionnaire, likert

runner = CliRunner()
PASSWORD = "correct horse battery staple"


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A database with organisations Acme (an assessment with 5 answers) and Globex."""
    path = tmp_path / "gapmap.duckdb"
    store = Store(path)
    q = engine_questionnaire()
    acme = access.create_organisation(store, auth.SYSTEM, "Acme").id
    access.create_organisation(store, auth.SYSTEM, "Globex")
    found = access.create_assessment(
        store, auth.SYSTEM, acme, q, name="CRM check", teams=[Team("north", "North", 9)]
    )
    answer(store, found, q, [("rep", "north", {"p1": likert(3), "t1": 2, "note": "ok"})] * 5)
    store.close()
    return path


def _run(db: Path, *args: str, input: str | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [*args, "--db", str(db)], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def _accounts(db: Path) -> list[dict[str, Any]]:
    code, out, err = _run(db, "user", "list", "--json")
    assert code == 0, err
    rows: list[dict[str, Any]] = json.loads(out)
    return rows


def test_user_add_prompts_for_the_password_twice(db: Path) -> None:
    code, out, err = _run(
        db, "user", "add", "Ada", "--role", "consultant", "--name", "Ada L.",
        input=f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    assert code == 0, err
    assert "added consultant account ada" in out
    assert PASSWORD not in out
    store = Store(db)
    try:
        signed = auth.sign_in(store, "ada", PASSWORD)
        assert (signed.actor.kind, signed.actor.display_name) == ("consultant", "Ada L.")
    finally:
        store.close()


def test_user_add_reads_the_password_from_stdin(db: Path) -> None:
    code, _, err = _run(
        db, "user", "add", "boss", "--role", "leadership", "--org", "acme",
        "--email", "boss@acme.example", "--password-stdin", input=f"{PASSWORD}\n",
    )  # fmt: skip
    assert code == 0, err
    [boss] = _accounts(db)
    assert boss["role"] == "leadership"
    assert boss["email"] == "boss@acme.example"
    assert [o["name"] for o in boss["organisations"]] == ["Acme"]


def test_password_is_never_an_argument(db: Path) -> None:
    result = runner.invoke(
        app, ["user", "add", "ada", "--role", "consultant", "--password", PASSWORD, "--db", str(db)]
    )
    assert result.exit_code == 2


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "leadership"], PASSWORD, "error: a leadership account needs --org"),
        (["--role", "admin"], PASSWORD, "error: --role must be consultant or leadership"),
        (["--role", "leadership", "--org", "Initech"], PASSWORD, "error: no organisation"),
        (["--role", "consultant"], "short", "[weak-password]"),
        (["--role", "consultant", "--email", "not-an-address"], PASSWORD, "[bad-email]"),
    ],
)
def test_user_add_bad_input_is_one_line_and_exit_1(
    db: Path, args: list[str], stdin: str, message: str
) -> None:
    code, out, err = _run(db, "user", "add", "ada", *args, "--password-stdin", input=stdin + "\n")
    assert code == 1
    assert len(err.strip().splitlines()) == 1 and message in err
    assert "Traceback" not in out + err
    assert _accounts(db) == []


def test_user_add_refuses_a_taken_name_and_a_bad_name(db: Path) -> None:
    add = ["user", "add", "ada", "--role", "consultant", "--password-stdin"]
    assert _run(db, *add, input=PASSWORD + "\n")[0] == 0
    code, _, err = _run(db, *add, input=PASSWORD + "\n")
    assert (code, err.strip()) == (
        1,
        "error: The user name 'ada' is taken already. [username-taken]",
    )
    code, _, err = _run(db, "user", "add", "a b", "--role", "consultant", "--password-stdin",
                        input=PASSWORD + "\n")  # fmt: skip
    assert code == 1 and "[bad-username]" in err


def test_consultant_added_with_an_organisation_manages_it(db: Path) -> None:
    code, _, err = _run(
        db, "user", "add", "ada", "--role", "consultant", "--org", "Globex", "--password-stdin",
        input=PASSWORD + "\n",
    )  # fmt: skip
    assert code == 0, err
    [ada] = _accounts(db)
    assert [o["name"] for o in ada["organisations"]] == ["Globex"]


def test_user_disable_and_enable(db: Path) -> None:
    _run(db, "user", "add", "ada", "--role", "consultant", "--password-stdin", input=PASSWORD)
    code, out, _ = _run(db, "user", "disable", "ada")
    assert (code, out.strip()) == (0, "disabled ada")
    assert _accounts(db)[0]["disabled"] is True
    code, out, _ = _run(db, "user", "list")
    assert out.strip() == "ada  consultant  -  [disabled]"
    code, out, _ = _run(db, "user", "enable", "ADA")
    assert (code, out.strip()) == (0, "enabled ada")
    assert _accounts(db)[0]["disabled"] is False
    code, _, err = _run(db, "user", "disable", "nobody")
    assert (code, err.strip()) == (
        1,
        "error: There is no such account. [unknown-account]",
    )


def test_user_grant_gives_a_consultant_an_organisation(db: Path) -> None:
    _run(db, "user", "add", "ada", "--role", "consultant", "--password-stdin", input=PASSWORD)
    _run(db, "user", "add", "boss", "--role", "leadership", "--org", "Acme",
         "--password-stdin", input=PASSWORD)  # fmt: skip
    code, out, err = _run(db, "user", "grant", "ada", "--org", "acme")
    assert code == 0, err
    assert out.startswith("ada now manages organisation ")
    ada = next(a for a in _accounts(db) if a["username"] == "ada")
    assert [o["name"] for o in ada["organisations"]] == ["Acme"]
    code, _, err = _run(db, "user", "grant", "boss", "--org", "Globex")
    assert code == 1 and "not a consultant" in err
    code, _, err = _run(db, "user", "grant", "ada", "--org", "Initech")
    assert code == 1 and "no organisation" in err
    store = Store(db)
    try:
        actions = [e.action for e in access.audit_log(store, auth.SYSTEM)]
    finally:
        store.close()
    assert actions[0] == "organisation-granted"


def test_user_reset_prints_a_one_time_link_and_audits_it(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    _run(db, "user", "add", "boss", "--role", "leadership", "--org", "Acme",
         "--password-stdin", input=PASSWORD)  # fmt: skip
    code, out, err = _run(db, "user", "reset", "BOSS", "--base-url", "https://gm.example/x/")
    assert code == 0, err
    first, link = out.splitlines()
    assert first == "password-reset link for boss (works once, for 24 hours):"
    assert link.startswith("https://gm.example/x/?reset=")
    assert err.startswith("expires ") and err.rstrip().endswith("not where others can read it")
    token = link.split("?reset=")[1]
    code, out, _ = _run(db, "user", "reset", "boss")  # a second link replaces the first
    assert out.splitlines()[1].startswith("http://localhost:8501/?reset=")
    store = Store(db)
    try:
        rows = (
            store.cursor()
            .execute("SELECT token_hash, used_at FROM password_resets ORDER BY issued_at")
            .fetchall()
        )
        assert [r[1] for r in rows] == [None, None]
        assert rows[0][0] == auth._token_hash(token)  # only the hash is stored
        with pytest.raises(auth.AuthError) as replaced:
            auth.use_password_reset(store, token, "a brand new passphrase 7")
        assert replaced.value.key == "reset-link.expired"
        audited = [(e.username, e.action, e.detail) for e in access.audit_log(store, auth.SYSTEM)][
            :3
        ]
    finally:
        store.close()
    assert audited == [
        ("boss", "password-reset-refused", "the link has expired"),
        ("(command line)", "password-reset-issued", "boss: a one-time link, valid 24 hours"),
        ("(command line)", "password-reset-issued", "boss: a one-time link, valid 24 hours"),
    ]
    code, _, err = _run(db, "user", "reset", "nobody")
    assert (code, err.strip()) == (1, "error: There is no such account. [unknown-account]")


def test_org_list(db: Path) -> None:
    code, out, _ = _run(db, "org", "list", "--json")
    assert code == 0
    assert [(o["name"], o["assessments"]) for o in json.loads(out)] == [
        ("Acme", 1),
        ("Globex", 0),
    ]
    code, out, _ = _run(db, "org", "list")
    assert [line.split("  ", 1)[1] for line in out.strip().splitlines()] == [
        "Acme  (1 assessment)",
        "Globex  (0 assessments)",
    ]


def test_assessment_list_shows_status_code_and_submitted_count(db: Path) -> None:
    code, out, err = _run(db, "assessment", "list", "--json")
    assert code == 0, err
    [row] = json.loads(out)
    assert (row["organisation"], row["name"], row["wave"], row["status"], row["submitted"]) == (
        "Acme",
        "CRM check",
        1,
        "open",
        5,
    )
    assert len(row["invite_code"]) == 8 and len(row["id"]) == 32
    code, out, _ = _run(db, "assessment", "list", "--org", "Globex")
    assert (code, out.strip()) == (0, "no assessments yet")
    code, out, _ = _run(db, "assessment", "list")
    assert out.strip().endswith("open  " + row["invite_code"] + "  5 submitted")
    code, _, err = _run(db, "assessment", "list", "--org", "Initech")
    assert code == 1 and err.startswith("error: no organisation")
