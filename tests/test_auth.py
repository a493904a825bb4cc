"""Accounts and sign-in: argon2id hashes, checked names and passwords, a first-run setup
that happens once, throttling (lockout with backoff, a bounded number of password
checks at once, limits per client address and overall, all holding under concurrency),
session expiry, sign-out, disabled accounts, single
sign-on by e-mail, and who may read the audit log."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Callable
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from assessment import access
from assessment.organisation import auth
from assessment.organisation.auth import Actor, AuthError, PermissionDenied
from assessment.storage.store import Store

PASSWORD = "correct horse battery staple"
T0 = datetime(2026, 1, 5, 9, 0, 0)


@pytest.fixture
def store() -> Store:
    return Store()


def _consultant(store: Store, username: str = "consultant") -> auth.Account:
    return access.create_account(
        store, auth.SYSTEM, username=username, password=PASSWORD, role="consultant"
    )


def _code(err: pytest.ExceptionInfo[AuthError]) -> str:
    return err.value.code


# --- passwords and names -------------------------------------------------------------------------


def test_password_is_stored_as_an_argon2id_hash_that_verifies(store: Store) -> None:
    digest = auth.hash_password(PASSWORD)
    assert digest.startswith("$argon2id$")
    assert PasswordHasher().verify(digest, PASSWORD)
    _consultant(store)
    stored = store.cursor().execute("SELECT password_hash FROM accounts").fetchone()
    assert stored is not None and stored[0].startswith("$argon2id$")
    assert PASSWORD not in stored[0]
    assert auth.sign_in(store, "consultant", PASSWORD, now=T0).actor.username == "consultant"


def test_wrong_password_and_unknown_user_fail_alike(store: Store) -> None:
    _consultant(store)
    with pytest.raises(AuthError) as wrong:
        auth.sign_in(store, "consultant", PASSWORD + "!", now=T0)
    with pytest.raises(AuthError) as unknown:
        auth.sign_in(store, "nobody", PASSWORD, now=T0)
    assert (wrong.value.code, unknown.value.code) == ("bad-credentials", "bad-credentials")
    assert wrong.value.message == unknown.value.message


def test_user_name_is_case_insensitive(store: Store) -> None:
    _consultant(store)
    assert auth.sign_in(store, "  Consultant ", PASSWORD, now=T0).actor.username == "consultant"


@pytest.mark.parametrize(
    "password", ["short1", " " * 12, "aaaaaaaaaaaa", "abababababab", "x1!" * 90]
)
def test_weak_passwords_are_refused(store: Store, password: str) -> None:
    with pytest.raises(AuthError) as weak:
        auth.create_first_consultant(store, username="first", password=password)
    assert weak.value.code == "weak-password"
    assert not auth.has_accounts(store)


@pytest.mark.parametrize("username", ["a", "-dash", "has space", "x" * 65, "ümlaut", ""])
def test_bad_user_names_are_refused(store: Store, username: str) -> None:
    with pytest.raises(AuthError) as bad:
        auth.create_first_consultant(store, username=username, password=PASSWORD)
    assert bad.value.code == "bad-username"


# --- first-run setup and account creation --------------------------------------------------


def test_first_consultant_can_be_created_only_once(store: Store) -> None:
    assert not auth.has_accounts(store)
    first = auth.create_first_consultant(store, username="first", password=PASSWORD)
    assert (first.role, first.display_name) == ("consultant", "first")
    assert auth.has_accounts(store)
    with pytest.raises(AuthError) as again:
        auth.create_first_consultant(store, username="second", password=PASSWORD)
    assert again.value.code == "setup-done"
    assert [a.username for a in access.list_accounts(store, auth.SYSTEM)] == ["first"]


def test_a_consultant_adds_a_consultant_who_manages_only_organisations_of_theirs(
    store: Store,
) -> None:
    org_a, org_b = _organisation(store, "Org A"), _organisation(store, "Org B")
    account = _consultant(store)
    access.grant_organisation(store, auth.SYSTEM, account.id, org_a)
    actor = auth.actor_for_account(store, account)
    with pytest.raises(PermissionDenied) as refused:
        access.create_account(
            store, actor, username="other", password=PASSWORD, role="consultant",
            manages=frozenset({org_a, org_b}),
        )  # fmt: skip
    assert refused.value.code == "forbidden"
    assert [a.username for a in access.list_accounts(store, auth.SYSTEM)] == ["consultant"]
    other = access.create_account(
        store, actor, username="other", password=PASSWORD, role="consultant",
        manages=frozenset({org_a}),
    )  # fmt: skip
    assert auth.organisations_of(store, other) == frozenset({org_a})
    row = (
        store.cursor()
        .execute("SELECT role, organisation_id, created_by FROM accounts WHERE id = ?", [other.id])
        .fetchone()
    )
    assert row == ("consultant", None, account.id)
    entries = [
        (e.username, e.action, e.organisation_id, e.detail)
        for e in access.audit_log(store, auth.SYSTEM)
    ]
    assert entries[:2] == [
        ("consultant", "organisation-granted", org_a, "other"),
        ("consultant", "account-created", None, "consultant account other"),
    ]
    assert auth.sign_in(store, "other", PASSWORD).actor.organisation_ids == frozenset({org_a})


def test_taken_user_name_and_missing_organisation_are_refused(store: Store) -> None:
    _consultant(store)
    with pytest.raises(AuthError) as taken:
        _consultant(store, "CONSULTANT")
    assert taken.value.code == "username-taken"
    with pytest.raises(AuthError) as no_org:
        access.create_account(
            store, auth.SYSTEM, username="boss", password=PASSWORD, role="leadership"
        )
    assert no_org.value.code == "organisation-required"


# --- throttling ---------------------------------------------------------------------------------


def _fail(store: Store, now: datetime, times: int = 1) -> None:
    for _ in range(times):
        with pytest.raises(AuthError) as failed:
            auth.sign_in(store, "consultant", "not the password", now=now)
        assert failed.value.code == "bad-credentials"


def test_five_failures_lock_the_account_for_a_minute(store: Store) -> None:
    _consultant(store)
    _fail(store, T0, times=5)
    with pytest.raises(AuthError) as locked:
        auth.sign_in(store, "consultant", "not the password", now=T0)
    assert (locked.value.code, locked.value.retry_after) == ("throttled", 60)
    # The right password is refused too while the lock lasts.
    with pytest.raises(AuthError) as still:
        auth.sign_in(store, "consultant", PASSWORD, now=T0 + timedelta(seconds=45))
    assert (still.value.code, still.value.retry_after) == ("throttled", 15)


def test_after_the_lockout_sign_in_works_and_the_count_starts_again(store: Store) -> None:
    _consultant(store)
    _fail(store, T0, times=5)
    later = T0 + timedelta(seconds=61)
    assert auth.sign_in(store, "consultant", PASSWORD, now=later).actor.kind == "consultant"
    _fail(store, later, times=4)  # four fresh failures: not locked yet
    assert auth.lockout_remaining(store, "consultant", later) == 0
    assert auth.sign_in(store, "consultant", PASSWORD, now=later).actor.kind == "consultant"


def test_each_further_failure_doubles_the_lockout(store: Store) -> None:
    _consultant(store)
    _fail(store, T0, times=5)
    after_first = T0 + timedelta(seconds=61)
    _fail(store, after_first)  # the sixth failure in a row
    assert auth.lockout_remaining(store, "consultant", after_first) == 120


def test_throttling_is_per_user_name(store: Store) -> None:
    _consultant(store)
    _consultant(store, "colleague")
    _fail(store, T0, times=5)
    assert auth.sign_in(store, "colleague", PASSWORD, now=T0).actor.username == "colleague"


class FakeVerifier:
    """Stands in for argon2id: counts its calls, their hashes and the most at once; takes
    `delay` seconds, and when given, waits for the others at `meet`, then for `release`."""

    def __init__(
        self,
        delay: float = 0.0,
        meet: threading.Barrier | None = None,
        release: threading.Event | None = None,
    ) -> None:
        self.delay, self.meet, self.release = delay, meet, release
        self.hashes: list[str] = []
        self.running = self.most_at_once = 0
        self._lock = threading.Lock()

    def __call__(self, password_hash: str, password: str) -> bool:
        with self._lock:
            self.hashes.append(password_hash)
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
        if self.meet is not None:
            self.meet.wait(timeout=10)
        if self.release is not None:
            self.release.wait(timeout=10)
        time.sleep(self.delay)
        with self._lock:
            self.running -= 1
        return password == PASSWORD

    @property
    def calls(self) -> int:
        return len(self.hashes)


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _codes_from_threads(count: int, attempt: Callable[[int], object]) -> Counter[str]:
    """Run `attempt(i)` in `count` threads started at once; count the codes they got."""
    start = threading.Barrier(count)
    codes: Counter[str] = Counter()
    lock = threading.Lock()

    def run(i: int) -> None:
        start.wait()
        try:
            attempt(i)
            code = "signed-in"
        except AuthError as refused:
            code = refused.code
        with lock:
            codes[code] += 1

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return codes


def test_concurrent_wrong_guesses_are_checked_only_until_the_lockout(store: Store) -> None:
    _consultant(store)
    verifier = FakeVerifier(delay=0.05)  # slow enough that all 24 overlap
    guard = auth.SignInGuard(hash_slots=24, verify=verifier)

    codes = _codes_from_threads(
        24, lambda i: auth.sign_in(store, "consultant", f"guess {i}", now=T0, guard=guard)
    )
    assert verifier.calls == auth.MAX_FAILURES == 5
    assert codes == Counter({"bad-credentials": 5, "throttled": 19})
    assert auth.lockout_remaining(store, "consultant", T0) == 60


def test_at_most_two_passwords_are_checked_at_once_the_rest_are_told_to_retry(
    store: Store,
) -> None:
    release = threading.Event()
    verifier = FakeVerifier(meet=threading.Barrier(2), release=release)
    guard = auth.SignInGuard(verify=verifier)  # HASH_SLOTS = 2
    turned_away = iter(range(1, 9))  # next() is atomic: threads count without a race

    def attempt(i: int) -> None:
        try:
            auth.sign_in(store, f"someone-{i}", "a guess", now=T0, guard=guard)
        except AuthError as refused:
            if refused.code == "sign-in-busy" and next(turned_away) == 6:
                release.set()  # six turned away while two are hashing: let those finish
            raise

    codes = _codes_from_threads(8, attempt)
    assert codes == Counter({"sign-in-busy": 6, "bad-credentials": 2})
    assert verifier.most_at_once == auth.HASH_SLOTS == 2
    busy = AuthError("sign-in-busy")
    assert busy.message == "GapMap is busy checking other sign-ins. Try again in a moment."
    # the busy ones were not counted as failures against anyone
    rows = store.cursor().execute("SELECT count(*) FROM sign_in_attempts").fetchone()
    assert rows == (2,)


def test_an_unknown_name_costs_one_password_check_like_a_known_one(store: Store) -> None:
    _consultant(store)
    verifier = FakeVerifier()
    guard = auth.SignInGuard(verify=verifier)
    for name in ("consultant", "nobody"):
        with pytest.raises(AuthError) as refused:
            auth.sign_in(store, name, "a guess", now=T0, guard=guard)
        assert refused.value.code == "bad-credentials"
    known, unknown = verifier.hashes
    assert known.startswith("$argon2id$") and unknown.startswith("$argon2id$")
    assert unknown != known
    # the right password for a name nobody has still only fails
    with pytest.raises(AuthError) as nobody:
        auth.sign_in(store, "nobody", PASSWORD, now=T0, guard=guard)
    assert (nobody.value.code, verifier.calls) == ("bad-credentials", 3)


def test_a_disabled_account_answers_like_a_wrong_password(store: Store) -> None:
    _consultant(store)
    access.set_disabled(store, auth.SYSTEM, "consultant", True)
    verifier = FakeVerifier()
    guard = auth.SignInGuard(verify=verifier)
    answers = []
    for password in (PASSWORD, "not the password"):
        with pytest.raises(AuthError) as refused:
            auth.sign_in(store, "consultant", password, now=T0, guard=guard)
        answers.append((refused.value.code, refused.value.message))
    assert (
        answers[0] == answers[1] == ("bad-credentials", "The user name or the password is wrong.")
    )
    assert verifier.calls == 2


def test_sign_in_is_limited_per_client_address_in_memory_only(store: Store) -> None:
    _consultant(store)
    clock = FakeClock()
    guard = auth.SignInGuard(per_address=3, window=60, verify=FakeVerifier(), clock=clock)
    for i in range(3):
        with pytest.raises(AuthError) as wrong:
            auth.sign_in(store, f"name-{i}", "a guess", now=T0, address="203.0.113.7", guard=guard)
        assert wrong.value.code == "bad-credentials"
    clock.now += 20
    with pytest.raises(AuthError) as limited:  # a fourth name from the same address
        auth.sign_in(store, "name-3", "a guess", now=T0, address="203.0.113.7", guard=guard)
    assert (limited.value.code, limited.value.retry_after) == ("throttled", 40)
    assert limited.value.message == (
        "Too many sign-in attempts right now. Try again in 40 seconds."
    )
    # another address is not held up, and right passwords do not use up its allowance
    for _ in range(5):
        assert auth.sign_in(
            store, "consultant", PASSWORD, now=T0, address="198.51.100.2", guard=guard
        ).actor.is_consultant
    # the first address gets in once the window has passed
    clock.now += 40
    again = auth.sign_in(store, "consultant", PASSWORD, now=T0, address="203.0.113.7", guard=guard)
    assert again.actor.is_consultant
    # no table holds the address
    for (table,) in store.cursor().execute("SHOW TABLES").fetchall():
        rows = store.cursor().execute(f'SELECT * FROM "{table}"').fetchall()  # noqa: S608
        assert "203.0.113" not in repr(rows) and "198.51.100" not in repr(rows), table


def test_sign_in_is_limited_overall_across_addresses(store: Store) -> None:
    clock = FakeClock()
    guard = auth.SignInGuard(overall=4, window=60, verify=FakeVerifier(), clock=clock)
    for i in range(4):
        with pytest.raises(AuthError):
            auth.sign_in(store, f"name-{i}", "a guess", now=T0, address=f"192.0.2.{i}", guard=guard)
    with pytest.raises(AuthError) as limited:
        auth.sign_in(store, "name-9", "a guess", now=T0, address="192.0.2.9", guard=guard)
    assert (limited.value.code, limited.value.retry_after) == ("throttled", 60)
    clock.now += 60
    with pytest.raises(AuthError) as admitted:
        auth.sign_in(store, "name-9", "a guess", now=T0, address="192.0.2.9", guard=guard)
    assert admitted.value.code == "bad-credentials"


def test_lockout_backs_off_and_lets_the_owner_in_once_it_lapses(store: Store) -> None:
    _consultant(store)
    guard = auth.SignInGuard(verify=FakeVerifier())
    now, waits = T0, []
    for _ in range(auth.MAX_FAILURES):
        with pytest.raises(AuthError):
            auth.sign_in(store, "consultant", "a guess", now=now, guard=guard)
    for _ in range(7):  # an attacker tries again the moment each lock lapses
        wait = auth.lockout_remaining(store, "consultant", now)
        waits.append(wait)
        now += timedelta(seconds=wait)
        with pytest.raises(AuthError) as wrong:
            auth.sign_in(store, "consultant", "a guess", now=now, guard=guard)
        assert wrong.value.code == "bad-credentials"
    assert waits == [60, 120, 240, 480, 960, 1800, 1800]  # doubling, capped at 30 minutes
    # guesses while locked do not lengthen the lock
    for _ in range(10):
        with pytest.raises(AuthError) as locked:
            auth.sign_in(store, "consultant", "a guess", now=now, guard=guard)
        assert locked.value.code == "throttled"
    now += timedelta(seconds=auth.lockout_remaining(store, "consultant", now))
    assert auth.sign_in(store, "consultant", PASSWORD, now=now, guard=guard).actor.is_consultant
    assert auth.lockout_remaining(store, "consultant", now) == 0


# --- sessions -----------------------------------------------------------------------------------


def test_session_ends_after_30_idle_minutes(store: Store) -> None:
    _consultant(store)
    token = auth.sign_in(store, "consultant", PASSWORD, now=T0).token
    assert auth.actor_for_session(store, token, now=T0 + timedelta(minutes=29)).is_consultant
    # that click counted: 29 more minutes are fine, 30 without a click are not
    assert auth.actor_for_session(store, token, now=T0 + timedelta(minutes=58)).is_consultant
    with pytest.raises(PermissionDenied) as idle:
        auth.actor_for_session(store, token, now=T0 + timedelta(minutes=88))
    assert idle.value.code == "session-expired"
    with pytest.raises(PermissionDenied) as gone:  # and it stays ended
        auth.actor_for_session(store, token, now=T0 + timedelta(minutes=89))
    assert gone.value.code == "session-expired"


def test_session_ends_after_12_hours_even_when_active(store: Store) -> None:
    _consultant(store)
    signed = auth.sign_in(store, "consultant", PASSWORD, now=T0)
    assert signed.expires_at == T0 + timedelta(hours=12)
    now = T0
    while now < T0 + timedelta(hours=12) - timedelta(minutes=20):
        now += timedelta(minutes=20)
        assert auth.actor_for_session(store, signed.token, now=now).is_consultant
    with pytest.raises(PermissionDenied) as expired:
        auth.actor_for_session(store, signed.token, now=T0 + timedelta(hours=12))
    assert expired.value.code == "session-expired"


def test_stale_sessions_and_old_attempts_are_swept_at_the_next_sign_in(store: Store) -> None:
    _consultant(store)
    auth.sign_in(store, "consultant", PASSWORD, now=T0)  # idle from T0 on
    with pytest.raises(AuthError):  # someone trying a name, a day and more before the sweep
        auth.sign_in(store, "nobody", "a guess", now=T0)
    with pytest.raises(AuthError):  # and again, recently: this one still counts
        auth.sign_in(store, "nobody", "a guess", now=T0 + timedelta(hours=23))
    later = T0 + timedelta(days=1, minutes=1)
    auth.sign_in(store, "consultant", PASSWORD, now=later)

    rows = store.cursor().execute("SELECT created_at FROM sessions").fetchall()
    assert rows == [(later,)]
    attempts = store.cursor().execute("SELECT username, attempted_at FROM sign_in_attempts")
    assert attempts.fetchall() == [("nobody", T0 + timedelta(hours=23))]


def test_no_token_means_not_signed_in(store: Store) -> None:
    with pytest.raises(PermissionDenied) as none:
        auth.actor_for_session(store, None)
    assert none.value.code == "not-signed-in"
    with pytest.raises(PermissionDenied) as forged:
        auth.actor_for_session(store, "made-up-token", now=T0)
    assert forged.value.code == "session-expired"


def test_tokens_are_stored_only_as_hashes(store: Store) -> None:
    _consultant(store)
    token = auth.sign_in(store, "consultant", PASSWORD, now=T0).token
    stored = store.cursor().execute("SELECT token_hash FROM sessions").fetchall()
    assert len(stored) == 1 and stored[0][0] != token and token not in stored[0][0]


def test_sign_out_ends_the_session(store: Store) -> None:
    _consultant(store)
    token = auth.sign_in(store, "consultant", PASSWORD, now=T0).token
    auth.sign_out(store, token)
    with pytest.raises(PermissionDenied) as ended:
        auth.actor_for_session(store, token, now=T0)
    assert ended.value.code == "session-expired"
    assert access.audit_log(store, auth.SYSTEM)[0].action == "sign-out"


def test_disabling_an_account_ends_its_sessions_and_refuses_sign_in(store: Store) -> None:
    _consultant(store)
    token = auth.sign_in(store, "consultant", PASSWORD, now=T0).token
    access.set_disabled(store, auth.SYSTEM, "consultant", True)
    with pytest.raises(PermissionDenied) as ended:
        auth.actor_for_session(store, token, now=T0)
    assert ended.value.code == "session-expired"
    with pytest.raises(AuthError) as disabled:  # the right password, answered as a wrong one
        auth.sign_in(store, "consultant", PASSWORD, now=T0)
    assert disabled.value.code == "bad-credentials"
    access.set_disabled(store, auth.SYSTEM, "consultant", False)
    assert auth.sign_in(store, "consultant", PASSWORD, now=T0).actor.is_consultant


# --- single sign-on ------------------------------------------------------------------------------


def _organisation(store: Store, name: str = "Org A") -> str:
    return access.create_organisation(store, auth.SYSTEM, name).id


def test_single_sign_on_finds_the_account_by_email(store: Store) -> None:
    org = _organisation(store)
    access.create_account(
        store,
        auth.SYSTEM,
        username="boss",
        password=None,
        role="leadership",
        organisation_id=org,
        email="Boss@Example.com",
    )
    signed = auth.sign_in_with_email(store, "boss@example.COM ", now=T0)
    assert (signed.actor.kind, signed.actor.username) == ("leadership", "boss")
    assert signed.actor.organisation_ids == frozenset({org})
    assert auth.actor_for_session(store, signed.token, now=T0).username == "boss"
    # an account without a password cannot sign in with one
    with pytest.raises(AuthError) as no_password:
        auth.sign_in(store, "boss", "", now=T0)
    assert no_password.value.code == "bad-credentials"


def test_single_sign_on_refuses_unknown_and_disabled_addresses(store: Store) -> None:
    org = _organisation(store)
    with pytest.raises(AuthError) as unknown:
        auth.sign_in_with_email(store, "stranger@example.com", now=T0)
    assert unknown.value.code == "no-account-for-email"
    access.create_account(
        store,
        auth.SYSTEM,
        username="boss",
        password=None,
        role="leadership",
        organisation_id=org,
        email="boss@example.com",
    )
    access.set_disabled(store, auth.SYSTEM, "boss", True)
    with pytest.raises(AuthError) as disabled:
        auth.sign_in_with_email(store, "boss@example.com", now=T0)
    assert disabled.value.code == "account-disabled"


def test_an_account_needs_a_password_or_an_email(store: Store) -> None:
    org = _organisation(store)
    with pytest.raises(AuthError) as neither:
        access.create_account(
            store,
            auth.SYSTEM,
            username="boss",
            password=None,
            role="leadership",
            organisation_id=org,
        )
    assert neither.value.code == "weak-password"


# --- who sees which accounts and audit entries ----------------------------------------------


def _two_consultants(store: Store) -> tuple[Actor, Actor, str, str]:
    org_a, org_b = _organisation(store, "Org A"), _organisation(store, "Org B")
    cons_a, cons_b = _consultant(store, "cons-a"), _consultant(store, "cons-b")
    access.grant_organisation(store, auth.SYSTEM, cons_a.id, org_a)
    access.grant_organisation(store, auth.SYSTEM, cons_b.id, org_b)
    return (
        auth.actor_for_account(store, cons_a),
        auth.actor_for_account(store, cons_b),
        org_a,
        org_b,
    )


def test_audit_log_shows_a_consultant_only_their_organisations(store: Store) -> None:
    actor_a, actor_b, org_a, org_b = _two_consultants(store)
    access.create_leadership_account(store, actor_a, org_a, "boss-a", PASSWORD)
    access.create_leadership_account(store, actor_b, org_b, "boss-b", PASSWORD)
    auth.sign_in(store, "boss-b", PASSWORD, now=T0)
    seen_by_a = access.audit_log(store, actor_a)
    assert [(e.username, e.action, e.organisation_id) for e in seen_by_a] == [
        ("cons-a", "account-created", org_a),
        ("(command line)", "organisation-granted", org_a),
        ("(command line)", "organisation-created", org_a),
    ]
    seen_by_b = [(e.username, e.action) for e in access.audit_log(store, actor_b)]
    assert seen_by_b == [
        ("boss-b", "sign-in"),
        ("cons-b", "account-created"),
        ("(command line)", "organisation-granted"),
        ("(command line)", "organisation-created"),
    ]
    everything = {e.username for e in access.audit_log(store, auth.SYSTEM)}
    assert {"cons-a", "cons-b", "boss-b"} <= everything


def test_leadership_and_visitors_may_not_read_the_audit_log(store: Store) -> None:
    org = _organisation(store)
    leader = Actor("leadership", "x", "boss", organisation_ids=frozenset({org}))
    with pytest.raises(PermissionDenied) as leadership:
        access.audit_log(store, leader)
    assert leadership.value.code == "forbidden"
    with pytest.raises(PermissionDenied) as visitor:
        access.audit_log(store, auth.ANONYMOUS)
    assert visitor.value.code == "not-signed-in"


def test_consultant_lists_themselves_and_their_organisations_leadership(store: Store) -> None:
    actor_a, actor_b, org_a, org_b = _two_consultants(store)
    access.create_leadership_account(store, actor_a, org_a, "boss-a", PASSWORD)
    access.create_leadership_account(store, actor_b, org_b, "boss-b", PASSWORD)
    assert [a.username for a in access.list_accounts(store, actor_a)] == ["cons-a", "boss-a"]
    with pytest.raises(PermissionDenied) as refused:
        access.set_disabled(store, actor_a, "boss-b", True)
    assert refused.value.code == "forbidden"
    assert access.set_disabled(store, actor_a, "boss-a", True).disabled
