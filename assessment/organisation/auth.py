"""Who is acting: accounts, sign-in, sessions and throttling.

Pages and commands act as an `Actor`, and `assessment.access` decides what it may do
(`assessment.policy`). A consultant acts for the organisations they manage, a
leadership account reads one organisation, a respondent only ever holds their own
resume secret, and `SYSTEM` is whoever runs the command line on the database file.
The account functions here check their input, not the actor: `access` has done that;
`by` is who the audit entry names.

Passwords are kept only as argon2id hashes and session tokens only as SHA-256 hashes.
Sign-in is throttled by user name in the database: after `MAX_FAILURES` failures in a
row, the name is locked for a while that doubles with every further failure. Each
attempt is recorded as a failure before its password is checked, so concurrent guesses
cannot slip past the lock. A `SignInGuard` in memory bounds the cost: at most
`HASH_SLOTS` password checks run at once, and sliding windows limit attempts per client
address and from everyone. A client address is never written to the database or a log.

A forgotten password is replaced through a one-time link (`issue_password_reset`): a
random token, kept only as a SHA-256 hash, that works once within `RESET_VALID`. Using
it, like changing one's own password, ends the account's other sessions; a reset also
clears the sign-in lockout, so a name someone keeps guessing at is freed by its owner.
"""

from __future__ import annotations

import hashlib
import math
import re
import secrets
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Literal

import duckdb
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from assessment.errors import GapMapError
from assessment.organisation import audit
from assessment.organisation.assessments import new_id, utcnow
from assessment.storage.store import Store

Kind = Literal["consultant", "leadership", "respondent", "system", "anonymous"]
AccountRole = Literal["consultant", "leadership"]
ACCOUNT_ROLES: tuple[AccountRole, ...] = ("consultant", "leadership")

PASSWORD_MIN_CHARS = 10
PASSWORD_MAX_CHARS = 256
USERNAME_PATTERN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,63}$")

MAX_FAILURES = 5  # failures in a row before the account is locked
FIRST_LOCKOUT = timedelta(minutes=1)  # doubles with each further failure ...
MAX_LOCKOUT = timedelta(minutes=30)  # ... up to this
SESSION_IDLE = timedelta(minutes=30)  # signed out after this long without a click
SESSION_MAX = timedelta(hours=12)  # and after this long in any case
ATTEMPTS_KEPT = timedelta(days=1)  # older sign-in attempts no longer count for anything
_TOUCH_EVERY = timedelta(seconds=60)  # `last_seen` is written at most this often
RESET_VALID = timedelta(hours=24)  # a password-reset link works this long, and once
RESETS_KEPT = timedelta(days=7)  # a lapsed link is kept this long, to say it lapsed
RESET_PARAM = "reset"  # the query parameter of a password-reset link (`/?reset=TOKEN`)

HASH_SLOTS = 2  # password checks at once (argon2id takes 64 MiB each); beyond: busy
RATE_WINDOW = 60.0  # seconds of the sliding windows below
ATTEMPTS_PER_ADDRESS = 10  # sign-in attempts per client address per window
ATTEMPTS_OVERALL = 300  # sign-in attempts from everyone together per window
_LOCK_STRIPES = 64  # attempts on one user name are serialised by one of these locks

_hasher = PasswordHasher()  # argon2id with the library's RFC 9106 defaults
# Verified against when the user name is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash(secrets.token_hex(16))


class AuthError(GapMapError):
    """Sign-in, session or account problem; `code` says which (`bad-credentials`, ...)."""

    def __init__(self, code: str, /, *, retry_after: int | None = None, **params: Any) -> None:
        super().__init__(code, **params)
        self.retry_after = retry_after  # seconds, for `throttled`


class PermissionDenied(AuthError):
    """The actor may not do this: `not-signed-in` or `forbidden`."""


@dataclass(frozen=True)
class Actor:
    """Whoever performs an action, with the organisations they may read or manage."""

    kind: Kind
    account_id: str | None = None
    username: str | None = None
    display_name: str = ""
    organisation_ids: frozenset[str] = frozenset()

    @property
    def signed_in(self) -> bool:
        return self.kind in ACCOUNT_ROLES

    @property
    def is_consultant(self) -> bool:
        return self.kind == "consultant"


ANONYMOUS = Actor("anonymous")
RESPONDENT = Actor("respondent")
SYSTEM = Actor("system", username=audit.COMMAND_LINE, display_name="Command line")


@dataclass(frozen=True)
class Account:
    id: str
    username: str
    display_name: str
    role: AccountRole
    organisation_id: str | None
    email: str | None
    disabled: bool
    created_at: datetime


@dataclass(frozen=True)
class SignedIn:
    """A new session: the token goes into the browser session, never into a URL."""

    token: str
    actor: Actor
    expires_at: datetime


# --- checks --------------------------------------------------------------------------------


def normalise_username(username: str) -> str:
    return str(username or "").strip().lower()


def check_username(username: str) -> str:
    name = normalise_username(username)
    if not USERNAME_PATTERN.match(name):
        raise AuthError("bad-username")
    return name


def check_password(password: str) -> str:
    if len(password or "") < PASSWORD_MIN_CHARS:
        raise AuthError("weak-password", variant="short", minimum=PASSWORD_MIN_CHARS)
    if len(password) > PASSWORD_MAX_CHARS:
        raise AuthError("weak-password", variant="long", maximum=PASSWORD_MAX_CHARS)
    if password.strip() == "" or len(set(password)) < 4:
        raise AuthError("weak-password", variant="common")
    return password


def hash_password(password: str) -> str:
    return _hasher.hash(check_password(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches the argon2id `password_hash`."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- accounts -------------------------------------------------------------------------------

_ACCOUNT_COLUMNS = "id, username, display_name, role, organisation_id, email, disabled, created_at"


_A_COLUMNS = ", ".join(f"a.{c.strip()}" for c in _ACCOUNT_COLUMNS.split(","))


def _account(row: tuple[Any, ...]) -> Account:
    return Account(*row)


def has_accounts(store: Store) -> bool:
    """False on a new install: the app then shows the first-run setup."""
    row = store.cursor().execute("SELECT count(*) FROM accounts").fetchone()
    return bool(row and row[0])


def get_account(store: Store, username: str) -> Account:
    row = (
        store.cursor()
        .execute(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE username = ?",  # noqa: S608
            [normalise_username(username)],
        )
        .fetchone()
    )
    if row is None:
        raise AuthError("unknown-account")
    return _account(row)


def _insert_account(
    cur: duckdb.DuckDBPyConnection,
    *,
    username: str,
    password_hash: str | None,
    role: AccountRole,
    display_name: str,
    organisation_id: str | None,
    email: str | None,
    created_by: str | None,
) -> str:
    taken = cur.execute("SELECT 1 FROM accounts WHERE username = ?", [username]).fetchone()
    if taken:
        raise AuthError("username-taken", username=username)
    account_id = new_id()
    cur.execute(
        "INSERT INTO accounts (id, username, display_name, role, organisation_id, email,"
        " password_hash, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [
            account_id,
            username,
            display_name,
            role,
            organisation_id,
            email,
            password_hash,
            created_by,
        ],
    )
    return account_id


def _clean_display_name(display_name: str, username: str) -> str:
    text = " ".join(str(display_name or "").split())
    if len(text) > 100:
        raise AuthError("bad-display-name")
    return text or username


def _clean_email(email: str | None) -> str | None:
    text = str(email or "").strip().lower()
    if not text:
        return None
    if len(text) > 254 or not re.match(r"^[^@\s]+@[^@\s]+\.[^@\s]+$", text):
        raise AuthError("bad-email")
    return text


def create_first_consultant(
    store: Store, *, username: str, password: str, display_name: str = ""
) -> Account:
    """The first-run setup: allowed only while the install has no account at all."""
    name = check_username(username)
    password_hash = hash_password(password)
    shown = _clean_display_name(display_name, name)

    def write(cur: duckdb.DuckDBPyConnection) -> str:
        row = cur.execute("SELECT count(*) FROM accounts").fetchone()
        if row and row[0]:
            raise AuthError("setup-done")
        account_id = _insert_account(
            cur,
            username=name,
            password_hash=password_hash,
            role="consultant",
            display_name=shown,
            organisation_id=None,
            email=None,
            created_by=None,
        )
        audit.record(cur, audit.Visitor(account_id, name), audit.FirstConsultantCreated())
        return account_id

    with store.serialised("accounts"):
        store.write(write)
    return get_account(store, name)


def check_account_role(role: str, organisation_id: str | None) -> None:
    """A consultant, or a leadership account with its organisation."""
    if role not in ACCOUNT_ROLES:
        raise AuthError("bad-role")
    if role == "leadership" and not organisation_id:
        raise AuthError("organisation-required")


def create_account(
    store: Store,
    *,
    by: Actor,
    username: str,
    password: str | None,
    role: AccountRole,
    display_name: str = "",
    organisation_id: str | None = None,
    email: str | None = None,
    manages: frozenset[str] = frozenset(),
) -> Account:
    """A consultant account (managing the organisations `manages`, granted in the same
    transaction), or a leadership account for one organisation, created `by` someone
    `access` allowed to. `password=None` makes an account that signs in only through
    single sign-on (`email` required)."""
    check_account_role(role, organisation_id)
    name = check_username(username)
    mail = _clean_email(email)
    if password is None and mail is None:
        raise AuthError("weak-password", variant="missing")
    password_hash = hash_password(password) if password is not None else None
    shown = _clean_display_name(display_name, name)
    org = organisation_id if role == "leadership" else None

    def write(cur: duckdb.DuckDBPyConnection) -> str:
        if org is not None:
            found = cur.execute("SELECT 1 FROM organisations WHERE id = ?", [org]).fetchone()
            if not found:
                raise AuthError("unknown-organisation")
        account_id = _insert_account(
            cur,
            username=name,
            password_hash=password_hash,
            role=role,
            display_name=shown,
            organisation_id=org,
            email=mail,
            created_by=by.account_id,
        )
        audit.record(cur, by, audit.AccountCreated(organisation_id=org, role=role, username=name))
        for granted in sorted(manages) if role == "consultant" else ():
            _grant(cur, account_id, name, granted, by)
        return account_id

    with store.serialised("accounts"):
        store.write(write)
    return get_account(store, name)


def grant_organisation(store: Store, account_id: str, organisation_id: str, *, by: Actor) -> None:
    """Let a consultant manage an organisation (its creator gets it automatically)."""

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        row = cur.execute("SELECT username FROM accounts WHERE id = ?", [account_id]).fetchone()
        if row is None:
            raise AuthError("unknown-account")
        _grant(cur, account_id, row[0], organisation_id, by)

    store.write(write)


def _grant(
    cur: duckdb.DuckDBPyConnection, account_id: str, username: str, organisation_id: str, by: Actor
) -> None:
    found = cur.execute("SELECT 1 FROM organisations WHERE id = ?", [organisation_id]).fetchone()
    if not found:
        raise AuthError("unknown-organisation")
    cur.execute(
        "INSERT OR IGNORE INTO account_organisations VALUES (?, ?)", [account_id, organisation_id]
    )
    granted = audit.OrganisationGranted(organisation_id=organisation_id, username=username)
    audit.record(cur, by, granted)


def list_accounts(
    store: Store,
    *,
    organisation_ids: frozenset[str] | None = None,
    account_id: str | None = None,
) -> list[Account]:
    """Every account (`organisation_ids` None), or the account `account_id`, the
    leadership accounts of the organisations, and the consultants who manage none but
    these organisations. Who may list which: `assessment.access`."""
    sql, params = "", []
    if organisation_ids is not None:
        sql = (
            " WHERE id = ? OR (role = 'leadership' AND list_contains(?, organisation_id))"
            " OR (role = 'consultant' AND NOT EXISTS (SELECT 1 FROM account_organisations m"
            "   WHERE m.account_id = accounts.id AND NOT list_contains(?, m.organisation_id)))"
        )
        params = [account_id, sorted(organisation_ids), sorted(organisation_ids)]
    rows = (
        store.cursor()
        .execute(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts{sql} ORDER BY role, username",  # noqa: S608
            params,
        )
        .fetchall()
    )
    return [_account(r) for r in rows]


def set_disabled(store: Store, account: Account, disabled: bool, *, by: Actor) -> Account:
    """Disable (or enable again) an account; a disabled account's sessions end at once."""

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE accounts SET disabled = ? WHERE id = ?", [disabled, account.id])
        if disabled:
            cur.execute("DELETE FROM sessions WHERE account_id = ?", [account.id])
        kind = audit.AccountDisabled if disabled else audit.AccountEnabled
        audit.record(
            cur, by, kind(organisation_id=account.organisation_id, username=account.username)
        )

    store.write(write)
    return get_account(store, account.username)


def organisations_of(store: Store, account: Account) -> frozenset[str]:
    """The organisations a consultant manages, or a leadership account's one."""
    if account.role == "consultant":
        rows = (
            store.cursor()
            .execute(
                "SELECT organisation_id FROM account_organisations WHERE account_id = ?",
                [account.id],
            )
            .fetchall()
        )
        return frozenset(r[0] for r in rows)
    return frozenset([account.organisation_id]) if account.organisation_id else frozenset()


def actor_for_account(store: Store, account: Account) -> Actor:
    orgs = organisations_of(store, account)
    return Actor(account.role, account.id, account.username, account.display_name, orgs)


# --- sign-in and sessions ----------------------------------------------------------------------


class SignInGuard:
    """What sign-in may cost, held in memory only: at most `hash_slots` password checks at
    once (beyond that `sign-in-busy` at once, not a queue), and at most `per_address`
    attempts per client address and `overall` from everyone in any `window` seconds.
    An address is kept only as a keyed hash, and only while it counts in a window.
    `verify` checks a password against a hash and `clock` tells seconds: tests inject
    fakes for both."""

    def __init__(
        self,
        *,
        hash_slots: int = HASH_SLOTS,
        per_address: int = ATTEMPTS_PER_ADDRESS,
        overall: int = ATTEMPTS_OVERALL,
        window: float = RATE_WINDOW,
        verify: Callable[[str, str], bool] = verify_password,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.verify = verify
        self._slots = threading.BoundedSemaphore(hash_slots)
        self._per_address = per_address
        self._overall = overall
        self._window = window
        self._clock = clock
        self._guard = threading.Lock()
        self._everyone: deque[float] = deque()
        self._by_address: dict[bytes, deque[float]] = {}
        self._key = secrets.token_bytes(16)  # a new one per process: hashes match nothing

    def _address_key(self, address: str) -> bytes:
        return hashlib.blake2b(address.encode(), key=self._key, digest_size=16).digest()

    def _expire(self, stamps: deque[float], now: float) -> None:
        while stamps and stamps[0] <= now - self._window:
            stamps.popleft()

    def _refuse(self, stamps: deque[float], now: float) -> AuthError:
        wait = max(1, math.ceil(stamps[0] + self._window - now))
        return AuthError("throttled", variant="rate", retry_after=wait, seconds=wait)

    @contextmanager
    def checking(self, address: str | None) -> Iterator[Callable[[], None]]:
        """Admit one password check from `address` (None: unknown, as on localhost),
        or refuse it: `throttled` (a window is full) or `sign-in-busy` (no free slot).
        Yields `succeeded`, to call when the password was right: it gives the address its
        attempt back (an office signs many people in from one address); the overall
        window counts every check."""
        with self._guard:
            now = self._clock()
            self._expire(self._everyone, now)
            if len(self._everyone) >= self._overall:
                raise self._refuse(self._everyone, now)
            stamps: deque[float] | None = None
            if address:
                if len(self._by_address) >= self._overall:  # bounded: sweep idle addresses
                    for key in list(self._by_address):
                        self._expire(self._by_address[key], now)
                        if not self._by_address[key]:
                            del self._by_address[key]
                stamps = self._by_address.setdefault(self._address_key(address), deque())
                self._expire(stamps, now)
                if len(stamps) >= self._per_address:
                    raise self._refuse(stamps, now)
            if not self._slots.acquire(blocking=False):
                raise AuthError("sign-in-busy", retry_after=1)
            self._everyone.append(now)
            if stamps is not None:
                stamps.append(now)

        def succeeded() -> None:
            with self._guard:
                if stamps is not None and now in stamps:
                    stamps.remove(now)

        try:
            yield succeeded
        finally:
            self._slots.release()


GUARD = SignInGuard()  # the process's one guard: every browser session signs in through it


def lockout_remaining(store: Store, username: str, now: datetime | None = None) -> int:
    """Seconds until the user name may try again (0: not locked)."""
    now = now or utcnow()
    rows = (
        store.cursor()
        .execute(
            "SELECT attempted_at FROM sign_in_attempts WHERE username = ? AND NOT ok"
            " AND attempted_at > coalesce((SELECT max(attempted_at) FROM sign_in_attempts"
            "   WHERE username = ? AND ok), TIMESTAMP '1970-01-01')"
            " ORDER BY attempted_at DESC",
            [normalise_username(username), normalise_username(username)],
        )
        .fetchall()
    )
    failures = len(rows)
    if failures < MAX_FAILURES:
        return 0
    lockout = min(FIRST_LOCKOUT * (2 ** (failures - MAX_FAILURES)), MAX_LOCKOUT)
    remaining = rows[0][0] + lockout - now
    return max(0, int(remaining.total_seconds() + 0.999))


def _throttled(wait: int) -> AuthError:
    minutes = (wait + 59) // 60
    if wait < 60:
        return AuthError("throttled", variant="seconds", retry_after=wait, seconds=wait)
    if minutes == 1:
        return AuthError("throttled", variant="minute", retry_after=wait)
    return AuthError("throttled", variant="minutes", retry_after=wait, minutes=minutes)


def _reserve_attempt(store: Store, name: str, now: datetime) -> None:
    """Count this attempt as a failure before its password is checked (a success clears
    it), or refuse it with `throttled` while the name is locked. Serialised per name, so
    of concurrent guesses only as many as the lock allows are checked."""
    stripe = int.from_bytes(hashlib.sha256(name.encode()).digest()[:4], "big") % _LOCK_STRIPES
    with store.serialised(f"sign-in-{stripe}"):
        wait = lockout_remaining(store, name, now)
        if not wait:
            store.write(
                lambda cur: cur.execute(
                    "INSERT INTO sign_in_attempts VALUES (?, ?, false)", [name, now]
                )
            )
            return
    store.write(lambda cur: audit.record(cur, audit.Visitor(None, name), audit.SignInThrottled()))
    raise _throttled(wait)


def sign_in(
    store: Store,
    username: str,
    password: str,
    now: datetime | None = None,
    *,
    address: str | None = None,
    guard: SignInGuard | None = None,
) -> SignedIn:
    """Check the password and open a session. `address` is the client's, used only for
    the in-memory rate limit. Errors: `throttled` (with `retry_after`), `sign-in-busy`
    (too many checks at once), and `bad-credentials` for an unknown name, a wrong
    password and a disabled account alike, each after one password check."""
    guard = guard or GUARD
    now = now or utcnow()
    name = normalise_username(username)[:64]
    # No stored password is longer, and a longer one would only cost hashing time.
    candidate = (password or "")[: PASSWORD_MAX_CHARS + 1]
    with guard.checking(address) as succeeded:
        _reserve_attempt(store, name, now)
        row = (
            store.cursor()
            .execute(
                f"SELECT {_ACCOUNT_COLUMNS}, password_hash FROM accounts"  # noqa: S608
                " WHERE username = ?",
                [name],
            )
            .fetchone()
        )
        # An unknown name, or an account that signs in only by single sign-on, is
        # checked against a dummy hash: every answer costs one argon2id check.
        matches = guard.verify((row[-1] if row else None) or _DUMMY_HASH, candidate)
    account = _account(row[:-1]) if row else None
    ok = matches and account is not None and bool(row and row[-1]) and not account.disabled
    if ok:
        succeeded()
    kind = audit.SignInSucceeded if ok else audit.SignInFailed
    organisation_id = account.organisation_id if account else None
    store.write(
        lambda cur: audit.record(
            cur,
            audit.Visitor(account.id if account else None, name),
            kind(organisation_id=organisation_id),
        )
    )
    if not ok or account is None:
        raise AuthError("bad-credentials")
    return _open_session(store, account, now)


def sign_in_with_email(store: Store, email: str, now: datetime | None = None) -> SignedIn:
    """Single sign-on: the identity provider vouched for `email`; find its account."""
    now = now or utcnow()
    mail = _clean_email(email)
    row = (
        store.cursor()
        .execute(
            f"SELECT {_ACCOUNT_COLUMNS} FROM accounts WHERE email = ?",  # noqa: S608
            [mail],
        )
        .fetchone()
    )
    if row is None:
        store.write(
            lambda cur: audit.record(
                cur, audit.Visitor(None, mail), audit.SignInFailed(single_sign_on=True)
            )
        )
        raise AuthError("no-account-for-email")
    account = _account(row)
    if account.disabled:
        raise AuthError("account-disabled")
    store.write(
        lambda cur: audit.record(
            cur,
            audit.Visitor(account.id, account.username),
            audit.SignInSucceeded(organisation_id=account.organisation_id, single_sign_on=True),
        )
    )
    return _open_session(store, account, now)


def _open_session(store: Store, account: Account, now: datetime) -> SignedIn:
    token = secrets.token_urlsafe(32)
    expires = now + SESSION_MAX

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        # Sessions nobody will present again, and attempts too old to matter for the
        # throttle, are swept out here rather than kept for ever.
        cur.execute(
            "DELETE FROM sessions WHERE expires_at <= ? OR last_seen <= ?",
            [now, now - SESSION_IDLE],
        )
        cur.execute(
            "DELETE FROM sign_in_attempts WHERE username = ? OR attempted_at <= ?",
            [account.username, now - ATTEMPTS_KEPT],
        )
        cur.execute(
            "INSERT INTO sessions VALUES (?, ?, ?, ?, ?)",
            [_token_hash(token), account.id, now, now, expires],
        )

    store.write(write)
    return SignedIn(token, actor_for_account(store, account), expires)


def actor_for_session(
    store: Store, token: str | None, now: datetime | None = None, *, touch: bool = True
) -> Actor:
    """The signed-in actor for a session token. Errors: `not-signed-in`, `session-expired`
    (idle longer than `SESSION_IDLE`, or older than `SESSION_MAX`, or account disabled).
    A check counts as activity (renews the idle timer, never `expires_at`) unless
    `touch=False`."""
    if not token:
        raise PermissionDenied("not-signed-in")
    now = now or utcnow()
    digest = _token_hash(token)
    row = (
        store.cursor()
        .execute(
            f"SELECT s.last_seen, s.expires_at, {_A_COLUMNS}"  # noqa: S608
            " FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = ?",
            [digest],
        )
        .fetchone()
    )
    if row is None:
        raise PermissionDenied("session-expired")
    last_seen, expires_at, account = row[0], row[1], _account(row[2:])
    if account.disabled or now >= expires_at or now - last_seen >= SESSION_IDLE:
        store.write(lambda cur: cur.execute("DELETE FROM sessions WHERE token_hash = ?", [digest]))
        raise PermissionDenied("session-expired")
    if touch and now - last_seen >= _TOUCH_EVERY:
        store.write(
            lambda cur: cur.execute(
                "UPDATE sessions SET last_seen = ? WHERE token_hash = ?", [now, digest]
            )
        )
    return actor_for_account(store, account)


def sign_out(store: Store, token: str | None) -> None:
    if not token:
        return
    digest = _token_hash(token)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        row = cur.execute(
            "SELECT a.id, a.username FROM sessions s JOIN accounts a ON a.id = s.account_id"
            " WHERE s.token_hash = ?",
            [digest],
        ).fetchone()
        cur.execute("DELETE FROM sessions WHERE token_hash = ?", [digest])
        if row:
            audit.record(cur, audit.Visitor(row[0], row[1]), audit.SignedOut())

    store.write(write)


# --- passwords: one-time reset links, and changing one's own ------------------------------------


@dataclass(frozen=True)
class PasswordReset:
    """A new one-time link's token: shown once to whoever issued it, never stored."""

    token: str
    username: str
    expires_at: datetime


def password_reset_url(base_url: str, token: str) -> str:
    """The link that opens the page to set a new password: `BASE/?reset=TOKEN`."""
    return f"{base_url.rstrip('/')}/?{RESET_PARAM}={token}"


def issue_password_reset(
    store: Store, account: Account, *, by: Actor, now: datetime | None = None
) -> PasswordReset:
    """A one-time link to set `account`'s password, valid for `RESET_VALID`, issued `by`
    someone `access` allowed to. The account's earlier unused links stop working."""
    now = now or utcnow()
    token = secrets.token_urlsafe(32)
    expires = now + RESET_VALID
    hours = int(RESET_VALID.total_seconds() // 3600)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("DELETE FROM password_resets WHERE expires_at <= ?", [now - RESETS_KEPT])
        cur.execute(  # superseded: an older link reads as lapsed from now on
            "UPDATE password_resets SET expires_at = ? WHERE account_id = ? AND used_at IS NULL"
            " AND expires_at > ?",
            [now, account.id, now],
        )
        cur.execute(
            "INSERT INTO password_resets VALUES (?, ?, ?, ?, ?, NULL)",
            [_token_hash(token), account.id, by.account_id, now, expires],
        )
        issued = audit.PasswordResetIssued(
            organisation_id=account.organisation_id, username=account.username, hours=hours
        )
        audit.record(cur, by, issued)

    store.write(write)
    return PasswordReset(token, account.username, expires)


def _reset_refusal(row: tuple[Any, ...] | None, now: datetime) -> str | None:
    """Why a link (its row: ..., expires_at, used_at) does not work now, or None."""
    if row is None:
        return "unknown"
    if row[-1] is not None:
        return "used"
    if now >= row[-2]:
        return "expired"
    return None


_RESET_ROW = (
    "SELECT a.id, a.username, a.organisation_id, r.expires_at, r.used_at"
    " FROM password_resets r JOIN accounts a ON a.id = r.account_id WHERE r.token_hash = ?"
)


def _refuse_reset(store: Store, row: tuple[Any, ...] | None, why: str) -> AuthError:
    """Audit a link that did not work, and the refusal to raise (the same for every
    account: the page shows no more than the link's holder knows)."""
    who = audit.Visitor(row[0], row[1]) if row else audit.Visitor(None, None)
    refused = audit.PasswordResetRefused(organisation_id=row[2] if row else None, why=why)
    store.write(lambda cur: audit.record(cur, who, refused))
    return AuthError("reset-link", variant=why, hours=int(RESET_VALID.total_seconds() // 3600))


def check_password_reset(store: Store, token: str, now: datetime | None = None) -> str:
    """The user name whose password a link sets, while it works; else `reset-link`
    (variant `expired`, `used` or `unknown`), audited. Checking does not use it up."""
    now = now or utcnow()
    row = store.cursor().execute(_RESET_ROW, [_token_hash(str(token or ""))]).fetchone()
    why = _reset_refusal(row, now)
    if why is not None or row is None:
        raise _refuse_reset(store, row, why or "unknown")
    return str(row[1])


def use_password_reset(
    store: Store, token: str, new_password: str, now: datetime | None = None
) -> str:
    """Set a new password with a one-time link and use the link up: every session of the
    account ends, its sign-in lockout is cleared, and it is audited. Returns the user
    name. Errors: `weak-password` (the link still works), `reset-link` (audited)."""
    now = now or utcnow()
    password_hash = hash_password(new_password)
    digest = _token_hash(str(token or ""))

    def write(cur: duckdb.DuckDBPyConnection) -> tuple[tuple[Any, ...] | None, str | None]:
        row = cur.execute(_RESET_ROW, [digest]).fetchone()
        why = _reset_refusal(row, now)
        if why is not None or row is None:
            return row, why
        account_id, username, organisation_id = row[0], row[1], row[2]
        cur.execute("UPDATE password_resets SET used_at = ? WHERE token_hash = ?", [now, digest])
        ended = cur.execute(
            "SELECT count(*) FROM sessions WHERE account_id = ?", [account_id]
        ).fetchone()
        cur.execute("DELETE FROM sessions WHERE account_id = ?", [account_id])
        cur.execute(
            "UPDATE accounts SET password_hash = ? WHERE id = ?", [password_hash, account_id]
        )
        cur.execute("DELETE FROM sign_in_attempts WHERE username = ?", [username])
        used = audit.PasswordResetUsed(
            organisation_id=organisation_id, sessions_ended=int(ended[0] if ended else 0)
        )
        audit.record(cur, audit.Visitor(account_id, username), used)
        return row, None

    row, why = store.write(write)
    if why is not None or row is None:
        raise _refuse_reset(store, row, why or "unknown")
    return str(row[1])


def change_password(
    store: Store,
    actor: Actor,
    current: str,
    new_password: str,
    *,
    keep_token: str | None,
    now: datetime | None = None,
    address: str | None = None,
    guard: SignInGuard | None = None,
) -> int:
    """The signed-in `actor` sets a new password, giving the current one: checked as a
    sign-in attempt (it counts toward the lockout and the rate limits). Every other
    session of the account ends (the one with `keep_token` stays); audited either way.
    Returns how many sessions ended. Errors: `weak-password` (nothing counted),
    `throttled`, `sign-in-busy`, `bad-current-password`."""
    guard = guard or GUARD
    now = now or utcnow()
    if actor.account_id is None or actor.username is None:
        raise PermissionDenied("not-signed-in")
    check_password(new_password)
    name = actor.username
    candidate = (current or "")[: PASSWORD_MAX_CHARS + 1]
    with guard.checking(address) as succeeded:
        _reserve_attempt(store, name, now)
        row = (
            store.cursor()
            .execute("SELECT password_hash FROM accounts WHERE id = ?", [actor.account_id])
            .fetchone()
        )
        matches = guard.verify((row[0] if row else None) or _DUMMY_HASH, candidate)
        same = matches and guard.verify(row[0] if row else _DUMMY_HASH, new_password)
    who = audit.Visitor(actor.account_id, name)
    organisation_id = next(iter(actor.organisation_ids)) if actor.kind == "leadership" else None
    if not matches:
        refused = audit.PasswordChangeRefused(organisation_id=organisation_id)
        store.write(lambda cur: audit.record(cur, who, refused))
        raise AuthError("bad-current-password")
    succeeded()
    password_hash = hash_password(new_password)
    kept = _token_hash(keep_token) if keep_token else ""

    def write(cur: duckdb.DuckDBPyConnection) -> int:
        found = cur.execute(
            "SELECT count(*) FROM sessions WHERE account_id = ? AND token_hash <> ?",
            [actor.account_id, kept],
        ).fetchone()
        cur.execute(
            "DELETE FROM sessions WHERE account_id = ? AND token_hash <> ?",
            [actor.account_id, kept],
        )
        cur.execute(
            "UPDATE accounts SET password_hash = ? WHERE id = ?", [password_hash, actor.account_id]
        )
        cur.execute("DELETE FROM sign_in_attempts WHERE username = ?", [name])
        ended = int(found[0]) if found else 0
        changed = audit.PasswordChanged(organisation_id=organisation_id, sessions_ended=ended)
        audit.record(cur, who, changed)
        return ended

    if same:
        # Right current password, but no change: not a failure, and nothing to end.
        store.write(
            lambda cur: cur.execute("DELETE FROM sign_in_attempts WHERE username = ?", [name])
        )
        raise AuthError("weak-password", variant="same")
    return store.write(write)
