"""Resources shared by every session of the app process: the store and the library.

Streamlit reruns a page on every click; these caches keep one DuckDB connection per
process and re-read the questionnaire library only when a file in it changes.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from assessment import auth
from assessment.auth import Actor
from assessment.config import database_path, questionnaire_dir
from assessment.questionnaires import LoadResult, library
from assessment.store import Store


@st.cache_resource(show_spinner=False)
def _open_store(path: str) -> Store:
    return Store(path)


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


def current_actor() -> Actor:
    """Who is signed in on this browser session, checked against the database on every
    run (an expired session or a disabled account signs the visitor out)."""
    token = st.session_state.get(_TOKEN)
    try:
        actor = auth.actor_for_session(store(), token)
    except auth.PermissionDenied as refused:
        if token:
            st.session_state.pop(_TOKEN, None)
            st.session_state[NOTICE] = refused.message
        actor = auth.ANONYMOUS
    st.session_state[_ACTOR] = actor
    return actor


def actor() -> Actor:
    """The actor worked out by the entry point on this run."""
    found: Actor = st.session_state.get(_ACTOR, auth.ANONYMOUS)
    return found


def sign_in(signed: auth.SignedIn) -> None:
    st.session_state[_TOKEN] = signed.token
    st.session_state[_ACTOR] = signed.actor
    st.session_state.pop(NOTICE, None)


def sign_out() -> None:
    auth.sign_out(store(), st.session_state.pop(_TOKEN, None))
    st.session_state[_ACTOR] = auth.ANONYMOUS
