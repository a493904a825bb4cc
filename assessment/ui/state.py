"""Resources shared by every session of the app process (the store and the library), and
the one home of what a browser session keeps (`Key` and the registry below it).

Streamlit reruns a page on every click; these caches keep one DuckDB connection per
process and re-read the questionnaire library only when a file in it changes.

Session state holds only what the database does not: where the visitor is in a page
(a step, a selection), a message for the next run, and a respondent's secret. Answers,
profiles and whether a response is submitted are read from the store on every run.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Generic, TypeVar, cast

import streamlit as st

from assessment.collect import retention
from assessment.organisation import auth
from assessment.organisation.auth import Actor
from assessment.questionnaire.questionnaires import LoadResult, library
from assessment.storage import control
from assessment.storage.config import database_path, questionnaire_dir
from assessment.storage.store import Store
from assessment.ui import server


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    opened = Store(path)
    # `gapmap backup` reaches the database through the app while the app holds it.
    control.serve(opened)
    retention.keep_pruning(opened)  # unsubmitted responses past their retention
    return opened


def store() -> Store:
    """The process's store on `database_path()`, opened (and created) on first use."""
    return _open_store(str(database_path()))


def _fingerprint(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every YAML file: changes when a file does."""
    files = sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")])
    stats = []
    for f in files:
        try:
            stat = f.stat()
        except OSError:
            continue
        stats.append((f.name, stat.st_mtime_ns, stat.st_size))
    return tuple(stats)


@st.cache_resource(show_spinner=False, max_entries=16)
def _load_library(folder: str, fingerprint: tuple[tuple[str, int, int], ...]) -> list[LoadResult]:
    del fingerprint  # part of the cache key only
    return library(folder)


def questionnaire_library() -> list[LoadResult]:
    """Every file in the library folder (`questionnaire_dir()`), valid or not, by name."""
    folder = questionnaire_dir()
    return _load_library(str(folder), _fingerprint(folder))


# --- session keys ------------------------------------------------------------------------

T = TypeVar("T")
_UNSET: Any = object()


@dataclass(frozen=True)
class Key(Generic[T]):
    """One entry of a browser session's state: its name and its value when unset (a
    fresh copy each time, so a mutable default is never shared between sessions)."""

    name: str
    default: T

    def get(self) -> T:
        """The value, or a copy of the default when unset."""
        value = st.session_state.get(self.name, _UNSET)
        return copy.copy(self.default) if value is _UNSET else cast(T, value)

    def set(self, value: T) -> None:
        st.session_state[self.name] = value

    def setdefault(self) -> T:
        """The value, storing a copy of the default first when unset (to change it in place)."""
        if self.name not in st.session_state:
            st.session_state[self.name] = copy.copy(self.default)
        return cast(T, st.session_state[self.name])

    def take(self) -> T:
        """The value, removed (a message shown once)."""
        return cast(T, st.session_state.pop(self.name, copy.copy(self.default)))

    def clear(self) -> None:
        st.session_state.pop(self.name, None)

    def is_set(self) -> bool:
        return self.name in st.session_state


@dataclass(frozen=True)
class KeyFamily:
    """Widget keys made of a prefix and an id (`respond-item-<item id>`), one per item."""

    prefix: str

    def of(self, ident: str) -> str:
        return self.prefix + ident

    def get(self, ident: str) -> Any:
        """The widget's value (None when it has none yet)."""
        return st.session_state.get(self.of(ident))

    def set(self, ident: str, value: Any) -> None:
        """Seed or reset the widget's value (before it is drawn on this run)."""
        st.session_state[self.of(ident)] = value

    def clear(self, ident: str) -> None:
        st.session_state.pop(self.of(ident), None)

    def is_set(self, ident: str) -> bool:
        return self.of(ident) in st.session_state


def forget(prefix: str) -> None:
    """Remove every session entry whose name starts with `prefix` (a page's own state)."""
    for name in [k for k in st.session_state if str(k).startswith(prefix)]:
        del st.session_state[name]


# --- choice widgets ------------------------------------------------------------------------

# Every choice widget's key (radio, select box, multiselect, select slider, segmented
# control, pills), declared with `choice` below: a language switch sends their values
# again (`resend_choices`). tests/test_choice_keys.py fails for a choice widget in ui/
# whose key is not declared here.
_CHOICE_NAMES: set[str] = set()
_CHOICE_PREFIXES: set[str] = set()

K = TypeVar("K", bound="Key[Any] | KeyFamily")


def choice(key: K) -> K:
    """`key`, declared as a choice widget's (a `KeyFamily`: every key it makes)."""
    if isinstance(key, KeyFamily):
        _CHOICE_PREFIXES.add(key.prefix)
    else:
        _CHOICE_NAMES.add(key.name)
    return key


def is_choice(name: str) -> bool:
    """Whether `name` is a declared choice widget's key."""
    return name in _CHOICE_NAMES or name.startswith(tuple(_CHOICE_PREFIXES))


def resend_choices(skip: str) -> None:
    """Tell the browser every choice widget's value again on the next run (call it in a
    callback, as a language switch's).

    The browser keeps a radio's or a select box's choice as the label it showed. After a
    language switch the labels are the other language's, the old label matches none of
    them, and the browser showed no choice at all (the page went on with the old one).
    A value set again is sent with the new labels. `skip` is the switch being used."""
    for name in [str(k) for k in st.session_state]:
        if name != skip and is_choice(name):
            st.session_state[name] = st.session_state[name]


class Session:
    """Who is visiting (this module's functions below)."""

    ENTRY = Key[dict[str, str] | None]("entry", None)  # the link's parameters, read once
    TOKEN = Key[str | None]("session_token", None)  # the signed-in session's token
    ACTOR = Key[Actor | None]("actor", None)  # worked out by the entry point on this run
    NOTICE = Key[str | None]("session_notice", None)  # for the sign-in page ("has ended")
    COOKIE_OP = Key[str | None]("session_cookie_op", None)  # cookie to write ("" clears)
    SIGNED_OUT = Key[bool]("signed_out", False)  # ignore the cookie this tab connected with


class Respond:
    """The respondent's survey (ui/respond.py). Answers, role, team and whether the
    response is submitted are the store's; the session keeps the secret to find them."""

    SECRET = Key[str | None]("respond-secret", None)  # the resume secret, once started
    LANGUAGE = Key[str | None]("respond-language", None)  # chosen on the page
    STEP = Key[int]("respond-step", 0)  # 0: welcome with role and team; 1..n: a dimension
    SHOWN_STEP = Key[int | None]("respond-shown-step", None)  # whose widgets are on screen
    MISSING = Key[list[str]]("respond-missing", [])  # required items flagged on moving on
    MISSING_TAPS = Key[int]("respond-missing-taps", 0)  # moves refused for missing answers
    SCROLL_TO_MISSING = Key[int]("respond-scroll-to-missing", 0)  # for the next run: that tap
    ITEM_ERRORS = Key[dict[str, str]]("respond-errors", {})  # item id -> why it was refused
    SUBMIT_CLICKED = Key[bool]("respond-submit-clicked", False)
    SUBMIT_ERROR = Key[str | None]("respond-submit-error", None)  # Markdown-safe
    START_ERROR = Key[str | None]("respond-start-error", None)  # Markdown-safe
    SNAPSHOT_SHOWN = Key[bool]("respond-snapshot-shown", False)  # scrolled to the top once
    ERASED = Key[bool]("respond-erased", False)  # deleted their answers in this session
    PERSON_CODE = Key[str | None]("respond-person-code", None)  # accepted, until started
    CODE_ERROR = Key[str | None]("respond-code-error", None)  # why a code was refused
    LINK_CODE_READ = Key[bool]("respond-link-code-read", False)  # the link's code, checked
    # Widgets whose values the page reads (seeded from the store, never the source).
    LANGUAGE_SWITCH = choice(Key[str | None]("respond-language-switch", None))
    ROLE = choice(Key[str | None]("respond-role", None))
    TEAM = choice(Key[str | None]("respond-team", None))
    ITEM = choice(KeyFamily("respond-item-"))
    DONT_KNOW = KeyFamily("respond-dk-")
    PREFIX = "respond-"


class Facilitate:
    """The workshop screen (ui/facilitate.py)."""

    WORKSHOP = Key[str | None]("facilitate-workshop", None)  # the workshop on screen
    ASSESSMENT = choice(Key[str | None]("facilitate-assessment", None))  # preselected (console)
    FLASH = Key[str | None]("facilitate-flash", None)  # a message for the next run
    LANGUAGE = choice(Key[str | None]("facilitate-language", None))
    ACTION_SOURCE = choice(KeyFamily("ws-action-source-"))  # per workshop: a recommendation
    ACTION_ROUND = Key[int]("facilitate-action-round", 0)  # actions recorded: a fresh form each


class Results:
    """The results dashboard (ui/results.py)."""

    OPEN = Key[str | None]("results_open", None)  # an assessment to open (console, tests)
    ORG = choice(Key[str | None]("results_organisation", None))
    ASSESSMENT = choice(Key[str | None]("results_assessment", None))
    LANGUAGE = choice(Key[str | None]("results_language", None))  # the results' (content) language
    # The page language `LANGUAGE` was last set for: a new page language resets it.
    LANGUAGE_OF_PAGE = Key[str | None]("results_language_of_page", None)
    DIMENSION = choice(Key[str | None]("results_dimension", None))
    # The open tab by its id (`results.TABS`); its widget's key names the page language,
    # as its value is the tab's label: after a switch the new widget opens the same tab.
    TAB = Key[str]("results_tab", "overview")
    TAB_WIDGET = KeyFamily("results_tabs_")
    STATUS_FLASH = Key[str | None]("results_status_flash", None)  # an action's new status
    ACTION_STATUS = choice(KeyFamily("results_action_status_"))  # one select per agreed action
    # The gap map's and the answers' choices, and the recommendation an action starts from.
    GROUPING = choice(Key[str | None]("results_grouping", None))
    COLOUR = choice(Key[str | None]("results_colour", None))
    TEAM = choice(Key[str | None]("results_team", None))
    ROLE = choice(Key[str | None]("results_role", None))
    PERSPECTIVE = choice(Key[str | None]("results_perspective", None))
    AGREE_PICK = choice(Key[str | None]("results_agree_pick", None))
    AGREE_ROUND = Key[int]("results_agree_round", 0)  # actions recorded: a fresh form each
    AGREE_FLASH = Key[str | None]("results_agree_flash", None)  # "Recorded." for the next run
    # set once an action is recorded: the next run starts the form from "write your own"
    # again (set before the select box is drawn), not from the recommendation just used
    AGREE_EMPTY = Key[bool]("results_agree_empty", False)


class Console:
    """The consultant's console (ui/console.py)."""

    FLASH = Key[str | None]("console-flash", None)  # a success message for the next run
    ORG = choice(Key[str | None]("console-org", None))
    ASSESSMENT = choice(Key[str | None]("console-assessment", None))
    CREATING = Key[bool]("console-creating", False)
    SELECT_NEXT = Key[tuple[str, str | None] | None]("console-select-next", None)
    NEW_CODES = Key[tuple[str, list[str]] | None]("console-new-codes", None)  # shown once
    # (assessment id, tab label): the tab a change was made on, kept open across the rerun
    TAB = Key[tuple[str, str] | None]("console-tab", None)
    # Per assessment id: the team picked last in Settings, kept when the picker's key
    # changes with the team names.
    TEAM_PICKED = KeyFamily("console-team-last-")
    # Choices on the console's forms; a family's keys end with the assessment's (and the
    # dimension's) id.
    SOURCE = choice(Key[str | None]("console-source", None))  # library or upload
    LIBRARY_FILE = choice(Key[str | None]("console-library-file", None))
    LENGTH = choice(Key[str | None]("console-length", None))  # full or core questionnaire
    ACCESS = choice(Key[str | None]("console-access", None))  # open link or codes
    LANGUAGES = choice(Key[list[str]]("console-languages", []))
    TARGET = choice(KeyFamily("console-target-"))
    EDIT_TARGET = choice(KeyFamily("console-edit-target-"))
    EDIT_LANGUAGES = choice(KeyFamily("console-edit-languages-"))
    EDIT_QUESTIONNAIRE = choice(KeyFamily("console-edit-questionnaire-"))
    TEAM_PICK = choice(KeyFamily("console-team-pick-"))
    TEAM_INTO = choice(KeyFamily("console-team-into-"))
    IMPORT_VALUES = choice(KeyFamily("import-values-"))
    RETENTION_SCOPE = choice(KeyFamily("retention-scope-"))


class Accounts:
    """Consultant and leadership accounts (ui/accounts.py)."""

    FLASH = Key[str | None]("accounts-flash", None)  # a success message for the next run
    ROLE = choice(Key[str]("accounts-role", "leadership"))  # the kind of account to add
    ORG = choice(Key[str | None]("accounts-org", None))  # a leadership account's
    MANAGES = choice(Key[list[str]]("accounts-manages", []))  # a consultant's organisations
    TOGGLE_USER = choice(Key[str | None]("accounts-toggle-user", None))  # to disable/enable
    RESET_USER = choice(Key[str | None]("accounts-reset-user", None))  # for a reset link
    # A reset link just issued, shown until the page is left: (user name, link, expiry).
    # (user name, link, valid until, UTC): written out in the page's language when shown
    RESET_LINK = Key[tuple[str, str, datetime] | None]("accounts-reset-link", None)
    # The new-account form's fields, emptied once the account is added: set to "" at the
    # start of the run after (`EMPTY_FORM`), before they are drawn. A key deleted instead
    # leaves the browser showing what was typed, the password included.
    EMPTY_FORM = Key[bool]("accounts-empty-form", False)
    FORM = (
        Key[str]("accounts-username", ""),
        Key[str]("accounts-display-name", ""),
        Key[str]("accounts-password", ""),
        Key[str]("accounts-email", ""),
    )


class UiLanguage:
    """The staff pages' language (ui/language.py): chosen with a switch, else the
    browser's. One choice for every page of the session."""

    LANGUAGE = Key[str | None]("ui-language", None)
    SWITCH = choice(Key[str | None]("ui-language-switch", None))  # the sidebar's switch
    # the code box's, for phones
    CODEBOX_SWITCH = choice(Key[str | None]("codebox-language", None))


class AccountPages:
    """The account pages' own language switch (ui/account_text.py), for the pages
    without the sidebar; it sets `UiLanguage.LANGUAGE`."""

    LANGUAGE_SWITCH = choice(Key[str | None]("account-language-switch", None))  # the widget


class AuditLog:
    """The audit log page (ui/audit.py)."""

    ACTION = choice(Key[str]("audit-action", ""))  # the kind of entry shown ("": every kind)


class Library:
    """The questionnaire library (ui/library.py)."""

    QUESTIONNAIRE = choice(Key[str | None]("library-questionnaire", None))
    LANGUAGE = choice(KeyFamily("library-language-"))  # per questionnaire id
    ROLE = choice(KeyFamily("library-role-"))  # the role previewed, per questionnaire id
    # The preview's (disabled) answer widgets: "item-<questionnaire id>-<item id>".
    PREVIEW_ITEM = choice(KeyFamily("item-"))


class Password:
    """Changing one's own password (ui/password.py)."""

    FLASH = Key[str | None]("password-flash", None)  # a success message for the next run
    # emptied as `Accounts.FORM` is, once the password is changed
    EMPTY_FORM = Key[bool]("password-empty-form", False)
    FORM = (
        Key[str]("password-current", ""),
        Key[str]("password-new", ""),
        Key[str]("password-repeat", ""),
    )


class Reset:
    """Setting a new password with a one-time link (ui/reset.py)."""

    # The link's token and what checking it found: the user name, or why it does not work
    # (the `reset-link` variant: expired, used, unknown).
    CHECKED = Key[tuple[str, str | None, str | None] | None]("reset-checked", None)


class SignIn:
    """The sign-in page (ui/signin.py)."""

    SSO_FAILED = Key[str | None]("signin-sso-failed", None)  # an address SSO could not match


class Erasure:
    """The "delete my answers" box (ui/erasure.py), named after the box on each page."""

    @staticmethod
    def confirm(box: str) -> Key[bool]:
        return Key[bool](f"{box}-confirm", False)

    @staticmethod
    def error(box: str) -> Key[str | None]:
        return Key[str | None](f"{box}-error", None)  # Markdown-safe


# --- who is visiting ---------------------------------------------------------------------

# Query parameters read on the first run of a session and kept: Streamlit clears them
# when the visitor changes page. `a` invite code, `t` team, `r` resume secret, `reset` a
# password-reset link. (A workshop link, `/?w=CODE`, never reaches the app: the server
# sends it to the phone page, `ui/phone.py`.)
ENTRY_PARAMS = ("a", "t", "r", auth.RESET_PARAM)
NOTICE = Session.NOTICE.name  # a message for the sign-in page ("your session has ended")
# The session token also lives in a cookie, so a reload (or a projector's browser
# restarting mid-workshop) keeps the account signed in. The server still checks the
# session on every run: expiry, sign-out and disabled accounts apply as before.
SESSION_COOKIE = server.SESSION_COOKIE
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,200}")
# The server sets the cookie (HttpOnly: no script reads it) when the page loads this
# image: a one-time ticket, never the token (`assessment/ui/server.py`).
_COOKIE_IMAGE = '<img src="{route}?t={ticket}" alt="" width="1" height="1" style="opacity:0">'


# Secrets in a link leave the address bar once read: the server keeps each in an
# HttpOnly cookie, and the address keeps only `KEPT` in its place, so a reload (or a
# phone that locked) finds the secret in the cookie and nothing secret stays in the
# address bar or the browser's history.
SECRET_COOKIES = {"r": "gapmap_resume"}
SECRET_DAYS = {"r": 30}
KEPT = "kept"


def _cookie(name: str) -> str | None:
    """A cookie this tab connected with, if it looks like a token or secret."""
    try:
        value = st.context.cookies.get(name)
    except Exception:  # no browser behind this run (a test harness)
        return None
    return str(value) if value and _TOKEN_SHAPE.fullmatch(str(value)) else None


def capture_entry() -> dict[str, str]:
    """The link the visitor arrived by, read once per browser session (a secret the
    address only marks as `KEPT` is read from its cookie)."""
    entry = Session.ENTRY.get()
    if entry is None:
        params = st.query_params
        entry = {
            key: str(params.get(key, "")).strip()[:200] for key in ENTRY_PARAMS if params.get(key)
        }
        for key, cookie in SECRET_COOKIES.items():
            if entry.get(key) == KEPT:
                kept = _cookie(cookie)
                if kept:
                    entry[key] = kept
                else:
                    del entry[key]
        Session.ENTRY.set(entry)
    return entry


def keep_secrets_out_of_address() -> None:
    """Move a secret the address bar shows (`?r=`) into its HttpOnly cookie and
    leave `KEPT` in its place. Draws the cookie's one-time image; call once a run."""
    params = st.query_params
    for key, cookie in SECRET_COOKIES.items():
        secret = str(params.get(key) or "")
        if not secret or secret == KEPT or not _TOKEN_SHAPE.fullmatch(secret):
            continue
        ticket = server.issue_ticket(cookie, secret, SECRET_DAYS[key] * 24 * 3600)
        st.html(_COOKIE_IMAGE.format(route=server.TICKET_ROUTE.lstrip("/"), ticket=ticket))
        params[key] = KEPT


def entry() -> dict[str, str]:
    """The invite/resume parameters of this session (empty when none)."""
    return Session.ENTRY.get() or {}


def set_entry(**params: str) -> None:
    """Replace the session's entry parameters (a code typed in instead of a link)."""
    Session.ENTRY.set({k: v for k, v in params.items() if k in ENTRY_PARAMS and v})


def _cookie_token() -> str | None:
    """The session token this tab connected with (a reload), if it looks like one."""
    return None if Session.SIGNED_OUT.get() else _cookie(SESSION_COOKIE)


def current_actor() -> Actor:
    """Who is signed in on this browser session, checked against the database on every
    run (an expired session or a disabled account signs the visitor out). A new tab
    session of a signed-in browser (a reload) picks the session up from its cookie."""
    token = Session.TOKEN.get() or _cookie_token()
    try:
        actor = auth.actor_for_session(store(), token)
    except auth.PermissionDenied as refused:
        _end_session(token, refused)
        actor = auth.ANONYMOUS
    else:
        if actor.signed_in:
            Session.TOKEN.set(token)
    Session.ACTOR.set(actor)
    return actor


def _end_session(token: str | None, refused: auth.PermissionDenied) -> None:
    """Forget an ended session: the sign-in page says why, and the cookie is cleared."""
    if token:
        Session.TOKEN.clear()
        Session.SIGNED_OUT.set(True)
        Session.NOTICE.set(refused.message)
        Session.COOKIE_OP.set("")


# Constant CSS, no user text: what is being redrawn stays at full strength. Streamlit
# greys out an element that a run under way has not drawn again yet (after 0.5 s); a
# live section redraws itself every few seconds (the room's screens every second), so
# a shared screen or an open overview would flicker. Every timed live section adds it.
STEADY_CSS = """<style>
[data-stale="true"] { opacity: 1 !important; transition: none !important; }
</style>"""


def live_section(
    run_every: float | None,
) -> Callable[[Callable[[Actor], None]], Callable[[], None]]:
    """`st.fragment(run_every=...)` for a signed-in screen: every run (the timed ones too)
    re-checks the session first and draws `draw(actor)` only while it holds. A timed run
    counts as activity: a projected workshop or an open overview keeps its account signed
    in past the idle limit, never past the session's absolute limit (`auth.SESSION_MAX`).
    Signed out, disabled or expired: no data, and the whole page reruns to the sign-in
    page, which says the session has ended. A timed section keeps the page at full
    strength while it redraws (`STEADY_CSS`), instead of greying it out each time."""

    def decorate(draw: Callable[[Actor], None]) -> Callable[[], None]:
        if run_every is not None:
            st.html(STEADY_CSS)

        @functools.wraps(draw)
        def run() -> None:
            token = None if Session.SIGNED_OUT.get() else Session.TOKEN.get()
            try:
                fresh = auth.actor_for_session(store(), token)
            except auth.PermissionDenied as refused:
                _end_session(token, refused)
                Session.ACTOR.set(auth.ANONYMOUS)
                st.warning(Session.NOTICE.get() or refused.message, icon=":material/lock:")
                st.rerun()  # the whole page: the sign-in page says the session has ended
            draw(fresh)

        return cast("Callable[[], None]", st.fragment(run_every=run_every)(run))

    return decorate


def write_session_cookie() -> None:
    """Have the server set (after sign-in) or clear (after sign-out or expiry) the session
    cookie: this run's page loads a one-time ticket's address, whose response does it."""
    if not Session.COOKIE_OP.is_set():
        return
    token = Session.COOKIE_OP.take() or ""
    if token and not _TOKEN_SHAPE.fullmatch(token):
        return
    max_age = int(auth.SESSION_MAX.total_seconds()) if token else 0
    ticket = server.issue_ticket(SESSION_COOKIE, token, max_age)
    st.html(_COOKIE_IMAGE.format(route=server.TICKET_ROUTE.lstrip("/"), ticket=ticket))


def actor() -> Actor:
    """The actor worked out by the entry point on this run."""
    return Session.ACTOR.get() or auth.ANONYMOUS


def sign_in(signed: auth.SignedIn) -> None:
    Session.TOKEN.set(signed.token)
    Session.ACTOR.set(signed.actor)
    Session.COOKIE_OP.set(signed.token)
    Session.NOTICE.clear()
    Session.SIGNED_OUT.clear()


def sign_out() -> None:
    auth.sign_out(store(), Session.TOKEN.take())
    Session.ACTOR.set(auth.ANONYMOUS)
    Session.SIGNED_OUT.set(True)
    Session.COOKIE_OP.set("")
