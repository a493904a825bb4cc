"""Resources shared by every session of the app process: the store and the library.

Streamlit reruns a page on every click; these caches keep one DuckDB connection per
process and re-read the questionnaire library only when a file in it changes.
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from assessment import auth, control
from assessment.auth import Actor
from assessment.config import database_path, questionnaire_dir
from assessment.questionnaires import LoadResult, library
from assessment.store import Store


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    opened = Store(path)
    # `gapmap backup` reaches the database through the app while the app holds it.
    control.serve(opened)
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


# --- who is visiting ---------------------------------------------------------------------

# Query parameters read on the first run of a session and kept: Streamlit clears them
# when the visitor changes page. `a` invite code, `t` team, `r` resume secret, `w`
# workshop join code, `p` a workshop participant's secret.
ENTRY_PARAMS = ("a", "t", "r", "w", "p")
_ENTRY = "entry"
_TOKEN = "session_token"  # noqa: S105 - a session_state key, not a secret
_ACTOR = "actor"
NOTICE = "session_notice"  # a message for the sign-in page ("your session has ended")
_COOKIE_OP = "session_cookie_op"  # the cookie to write or clear on this run's page
_SIGNED_OUT = "signed_out"  # this tab signed out: ignore the cookie it connected with
# The session token also lives in a cookie, so a reload (or a projector's browser
# restarting mid-workshop) keeps the account signed in. The server still checks the
# session on every run: expiry, sign-out and disabled accounts apply as before.
SESSION_COOKIE = "gapmap_session"
_TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,200}")
_COOKIE_SCRIPT = """<script>
document.cookie = "{name}={value}; path=/; max-age={age}; SameSite=Strict"
  + (location.protocol === "https:" ? "; Secure" : "");
</script>"""


def capture_entry() -> dict[str, str]:
    """The link the visitor arrived by, read once per browser session."""
    if _ENTRY not in st.session_state:
        params = st.query_params
        st.session_state[_ENTRY] = {
            key: str(params.get(key, "")).strip()[:200] for key in ENTRY_PARAMS if params.get(key)
        }
    entry: dict[str, str] = st.session_state[_ENTRY]
    return entry


def entry() -> dict[str, str]:
    """The invite/resume/workshop parameters of this session (empty when none)."""
    value: dict[str, str] = st.session_state.get(_ENTRY, {})
    return value


def set_entry(**params: str) -> None:
    """Replace the session's entry parameters (a code typed in instead of a link)."""
    st.session_state[_ENTRY] = {k: v for k, v in params.items() if k in ENTRY_PARAMS and v}


def _cookie_token() -> str | None:
    """The session token this tab connected with (a reload), if it looks like one."""
    if st.session_state.get(_SIGNED_OUT):
        return None
    try:
        value = st.context.cookies.get(SESSION_COOKIE)
    except Exception:  # no browser behind this run (a test harness)
        return None
    return str(value) if value and _TOKEN_SHAPE.fullmatch(str(value)) else None


def current_actor() -> Actor:
    """Who is signed in on this browser session, checked against the database on every
    run (an expired session or a disabled account signs the visitor out). A new tab
    session of a signed-in browser (a reload) picks the session up from its cookie."""
    token = st.session_state.get(_TOKEN) or _cookie_token()
    try:
        actor = auth.actor_for_session(store(), token)
    except auth.PermissionDenied as refused:
        if token:
            st.session_state.pop(_TOKEN, None)
            st.session_state[_SIGNED_OUT] = True
            st.session_state[NOTICE] = refused.message
            st.session_state[_COOKIE_OP] = ""
        actor = auth.ANONYMOUS
    else:
        if actor.signed_in:
            st.session_state[_TOKEN] = token
    st.session_state[_ACTOR] = actor
    return actor


def write_session_cookie() -> None:
    """Write (after sign-in) or clear (after sign-out or expiry) the session cookie on
    this run's page. Constant script; the token is checked to be URL-safe characters."""
    if _COOKIE_OP not in st.session_state:
        return
    token = str(st.session_state.pop(_COOKIE_OP) or "")
    if token and not _TOKEN_SHAPE.fullmatch(token):
        return
    script = _COOKIE_SCRIPT.format(
        name=SESSION_COOKIE,
        value=token,
        age=int(auth.SESSION_MAX.total_seconds()) if token else 0,
    )
    st.html(script, unsafe_allow_javascript=True)


def actor() -> Actor:
    """The actor worked out by the entry point on this run."""
    found: Actor = st.session_state.get(_ACTOR, auth.ANONYMOUS)
    return found


def sign_in(signed: auth.SignedIn) -> None:
    st.session_state[_TOKEN] = signed.token
    st.session_state[_ACTOR] = signed.actor
    st.session_state[_COOKIE_OP] = signed.token
    st.session_state.pop(NOTICE, None)
    st.session_state.pop(_SIGNED_OUT, None)


def sign_out() -> None:
    auth.sign_out(store(), st.session_state.pop(_TOKEN, None))
    st.session_state[_ACTOR] = auth.ANONYMOUS
    st.session_state[_SIGNED_OUT] = True
    st.session_state[_COOKIE_OP] = ""
