"""Passwords after the first one: one-time reset links (a random token kept only as a
hash, single use, valid 24 hours, the newest link only, audited when issued, used and
refused) that end every session and lift a lockout; and changing one's own password,
which needs the current one and ends every other session."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import duckdb
import pytest

from assessment import access
from assessment.organisation import auth
from assessment.organisation.auth import AuthError
from assessment.storage.store import Store

PASSWORD = "correct horse battery staple"
NEW = "a brand new passphrase 7"
T0 = datetime(2026, 1, 5, 9, 0, 0)


@pytest.fixture
def store() -> Store:
    return Store()


def _setup(store: Store) -> tuple[auth.Actor, str]:
    """A consultant managing Org A, which has the leadership account `dana`."""
    org = access.create_organisation(store, auth.SYSTEM, "Org A").id
    casey = access.create_account(
        store, auth.SYSTEM, username="casey", password=PASSWORD, role="consultant",
        manages=frozenset({org}),
    )  # fmt: skip
    access.create_leadership_account(store, auth.SYSTEM, org, "dana", PASSWORD)
    return auth.actor_for_account(store, casey), org


def _audit_since(store: Store, seq: int) -> list[tuple[Any, ...]]:
    return (
        store.cursor()
        .execute(
            "SELECT username, action, organisation_id, detail FROM audit_log WHERE seq > ?"
            " ORDER BY seq",
            [seq],
        )
        .fetchall()
    )


def _last_seq(store: Store) -> int:
    row = store.cursor().execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()
    return int(row[0]) if row else 0


def _resets(store: Store) -> list[tuple[Any, ...]]:
    return (
        store.cursor()
        .execute(
            "SELECT token_hash, issued_at, expires_at, used_at FROM password_resets"
            " ORDER BY issued_at"
        )
        .fetchall()
    )


def _sessions(store: Store, username: str) -> int:
    row = (
        store.cursor()
        .execute(
            "SELECT count(*) FROM sessions s JOIN accounts a ON a.id = s.account_id"
            " WHERE a.username = ?",
            [username],
        )
        .fetchone()
    )
    return int(row[0]) if row else 0


def _refused(fn: Any, *args: Any, **kwargs: Any) -> str:
    with pytest.raises(AuthError) as refused:
        fn(*args, **kwargs)
    return f"{refused.value.code}.{refused.value.variant}".rstrip(".")


# --- reset links -------------------------------------------------------------------------------


def test_a_reset_link_is_stored_only_as_a_hash_and_its_issue_is_audited(store: Store) -> None:
    casey, org = _setup(store)
    seq = _last_seq(store)
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    assert len(issued.token) == 43  # 32 random bytes, URL-safe
    assert issued.expires_at == T0 + timedelta(hours=24)
    [(token_hash, issued_at, expires_at, used_at)] = _resets(store)
    assert token_hash == auth._token_hash(issued.token) != issued.token
    assert (issued_at, expires_at, used_at) == (T0, T0 + timedelta(hours=24), None)
    assert _audit_since(store, seq) == [
        ("casey", "password-reset-issued", org, "dana: a one-time link, valid 24 hours")
    ]
    assert auth.password_reset_url("https://gapmap.example/", issued.token) == (
        f"https://gapmap.example/?reset={issued.token}"
    )


def test_a_reset_link_sets_the_password_once_ends_sessions_and_lifts_the_lockout(
    store: Store,
) -> None:
    casey, org = _setup(store)
    auth.sign_in(store, "dana", PASSWORD, now=T0)
    auth.sign_in(store, "dana", PASSWORD, now=T0)
    for _ in range(5):  # someone guesses at dana's name: locked
        assert _refused(auth.sign_in, store, "dana", "a wrong guess!", now=T0) == (
            "bad-credentials"
        )
    assert auth.lockout_remaining(store, "dana", T0) == 60
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    seq = _last_seq(store)
    at = T0 + timedelta(minutes=5)
    assert auth.check_password_reset(store, issued.token, now=at) == "dana"
    assert auth.use_password_reset(store, issued.token, NEW, now=at) == "dana"

    assert _sessions(store, "dana") == 0
    assert auth.lockout_remaining(store, "dana", at) == 0
    [(_, _, _, used_at)] = _resets(store)
    assert used_at == at
    assert _audit_since(store, seq) == [
        (
            "dana",
            "password-reset-used",
            org,
            "new password set; 2 sessions ended, lockout cleared",
        )
    ]
    assert _refused(auth.sign_in, store, "dana", PASSWORD, now=at) == "bad-credentials"
    assert auth.sign_in(store, "dana", NEW, now=at).actor.username == "dana"

    seq = _last_seq(store)
    assert _refused(auth.use_password_reset, store, issued.token, "yet another one 99", now=at) == (
        "reset-link.used"
    )
    assert _refused(auth.check_password_reset, store, issued.token, now=at) == "reset-link.used"
    assert auth.sign_in(store, "dana", NEW, now=at).actor.username == "dana"
    assert _audit_since(store, seq) == [
        ("dana", "password-reset-refused", org, "the link was used already"),
        ("dana", "password-reset-refused", org, "the link was used already"),
        ("dana", "sign-in", org, None),
    ]


def test_an_expired_link_is_refused_and_audited_and_changes_nothing(store: Store) -> None:
    casey, org = _setup(store)
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    auth.sign_in(store, "dana", PASSWORD, now=T0)
    seq = _last_seq(store)
    late = T0 + timedelta(hours=24)
    assert _refused(auth.check_password_reset, store, issued.token, now=late) == (
        "reset-link.expired"
    )
    assert _refused(auth.use_password_reset, store, issued.token, NEW, now=late) == (
        "reset-link.expired"
    )
    assert _audit_since(store, seq) == [
        ("dana", "password-reset-refused", org, "the link has expired"),
        ("dana", "password-reset-refused", org, "the link has expired"),
    ]
    assert [r[3] for r in _resets(store)] == [None]
    assert _sessions(store, "dana") == 1
    just_before = late - timedelta(seconds=1)
    assert auth.check_password_reset(store, issued.token, now=just_before) == "dana"


def test_a_newer_link_replaces_the_older_one(store: Store) -> None:
    casey, _ = _setup(store)
    dana = auth.get_account(store, "dana")
    first = auth.issue_password_reset(store, dana, by=casey, now=T0)
    second = auth.issue_password_reset(store, dana, by=casey, now=T0 + timedelta(hours=1))
    at = T0 + timedelta(hours=2)
    assert _refused(auth.use_password_reset, store, first.token, NEW, now=at) == (
        "reset-link.expired"
    )
    assert auth.use_password_reset(store, second.token, NEW, now=at) == "dana"


def test_an_unknown_link_says_nothing_about_any_account(store: Store) -> None:
    _setup(store)
    seq = _last_seq(store)
    for token in ("made-up-token-0123456789abcdef0123456789a", ""):
        with pytest.raises(AuthError) as refused:
            auth.use_password_reset(store, token, NEW, now=T0)
        assert refused.value.key == "reset-link.unknown"
        assert refused.value.message_in("de").startswith(
            "Dieser Link zum Zurücksetzen des Passworts ist ungültig."
        )
    assert _audit_since(store, seq) == [
        (None, "password-reset-refused", None, "no such link"),
        (None, "password-reset-refused", None, "no such link"),
    ]


def test_a_weak_new_password_leaves_the_link_working(store: Store) -> None:
    casey, _ = _setup(store)
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    assert _refused(auth.use_password_reset, store, issued.token, "short", now=T0) == (
        "weak-password.short"
    )
    assert [r[3] for r in _resets(store)] == [None]
    assert auth.use_password_reset(store, issued.token, NEW, now=T0) == "dana"


def test_expiry_is_stated_in_the_refusal_in_both_languages(store: Store) -> None:
    casey, _ = _setup(store)
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    with pytest.raises(AuthError) as refused:
        auth.check_password_reset(store, issued.token, now=T0 + timedelta(days=2))
    assert refused.value.message_in("en").startswith(
        "This password-reset link has expired: a link works for 24 hours"
    )
    assert "gilt 24 Stunden" in refused.value.message_in("de")


def test_a_reset_whose_audit_entry_cannot_be_written_is_not_made(store: Store) -> None:
    casey, _ = _setup(store)
    issued = auth.issue_password_reset(store, auth.get_account(store, "dana"), by=casey, now=T0)
    store.cursor().execute("ALTER TABLE audit_log RENAME TO audit_log_away")
    with pytest.raises(duckdb.CatalogException):
        auth.use_password_reset(store, issued.token, NEW, now=T0)
    store.cursor().execute("ALTER TABLE audit_log_away RENAME TO audit_log")
    assert [r[3] for r in _resets(store)] == [None]
    assert auth.sign_in(store, "dana", PASSWORD, now=T0).actor.username == "dana"


# --- who may issue a link ------------------------------------------------------------------


def test_a_consultant_resets_only_accounts_within_their_organisations(store: Store) -> None:
    casey, org_a = _setup(store)
    org_b = access.create_organisation(store, auth.SYSTEM, "Org B").id
    access.create_leadership_account(store, auth.SYSTEM, org_b, "erin", PASSWORD)
    both = access.create_account(
        store, auth.SYSTEM, username="boss", password=PASSWORD, role="consultant",
        manages=frozenset({org_a, org_b}),
    )  # fmt: skip
    helper = access.create_account(
        store, casey, username="helper", password=PASSWORD, role="consultant",
        manages=frozenset({org_a}),
    )  # fmt: skip
    visible = [a.username for a in access.list_accounts(store, casey)]
    assert visible == ["casey", "helper", "dana"]  # not boss (Org B too), not erin
    for name in ("erin", "boss"):
        with pytest.raises(auth.PermissionDenied) as refused:
            access.issue_password_reset(store, casey, name)
        assert refused.value.code == "forbidden"
    assert access.issue_password_reset(store, casey, "helper").username == "helper"
    boss = auth.actor_for_account(store, both)
    assert access.issue_password_reset(store, boss, "casey").username == "casey"
    assert access.issue_password_reset(store, auth.SYSTEM, "erin").username == "erin"
    # A consultant cannot lock themselves out: another consultant or the command line can.
    assert _refused(access.set_disabled, store, casey, "casey", True) == "disable-self"
    assert access.set_disabled(store, casey, "helper", True).disabled
    assert helper.id != both.id


# --- changing one's own password -------------------------------------------------------------


def test_changing_ones_password_needs_the_current_one_and_ends_other_sessions(
    store: Store,
) -> None:
    _, org = _setup(store)
    here = auth.sign_in(store, "dana", PASSWORD, now=T0)
    auth.sign_in(store, "dana", PASSWORD, now=T0)  # another browser
    seq = _last_seq(store)
    dana = here.actor
    assert (
        _refused(
            access.change_own_password,
            store,
            dana,
            "not my password",
            NEW,
            session_token=here.token,
        )
        == "bad-current-password"
    )
    assert _sessions(store, "dana") == 2
    assert _audit_since(store, seq) == [
        ("dana", "password-change-refused", org, "the current password was wrong")
    ]
    seq = _last_seq(store)
    ended = access.change_own_password(store, dana, PASSWORD, NEW, session_token=here.token)
    assert ended == 1
    assert _sessions(store, "dana") == 1
    assert auth.actor_for_session(store, here.token, T0).username == "dana"
    assert _audit_since(store, seq) == [
        ("dana", "password-changed", org, "by the account itself; 1 other session ended")
    ]
    assert _refused(auth.sign_in, store, "dana", PASSWORD) == "bad-credentials"
    assert auth.sign_in(store, "dana", NEW).actor.username == "dana"


def test_a_new_password_must_follow_the_rules_and_differ(store: Store) -> None:
    _setup(store)
    here = auth.sign_in(store, "dana", PASSWORD, now=T0)
    change = access.change_own_password
    assert _refused(change, store, here.actor, PASSWORD, "short", session_token=here.token) == (
        "weak-password.short"
    )
    assert _refused(change, store, here.actor, PASSWORD, PASSWORD, session_token=here.token) == (
        "weak-password.same"
    )
    assert auth.lockout_remaining(store, "dana") == 0


def test_wrong_current_passwords_count_toward_the_lockout(store: Store) -> None:
    _setup(store)
    here = auth.sign_in(store, "dana", PASSWORD, now=T0)
    for _ in range(5):
        assert (
            _refused(
                auth.change_password, store, here.actor, "guess", NEW, keep_token=here.token, now=T0
            )
            == "bad-current-password"
        )
    assert (
        _refused(
            auth.change_password, store, here.actor, PASSWORD, NEW, keep_token=here.token, now=T0
        )
        == "throttled.minute"
    )
