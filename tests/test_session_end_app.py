"""Live screens end with the session (AppTest): the workshop screen and the console's
overview refresh themselves (`st.fragment(run_every=...)`); once the session is signed out
elsewhere, the account disabled or the session expired, the next timed run shows no data
and the page goes to the sign-in page, which says why.

AppTest has no clock for `run_every`; `timed_run` asks the script runner for what the
browser's timer asks for: a rerun of the page's fragments only.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from streamlit.runtime.scriptrunner_utils.script_requests import RerunData
from streamlit.testing.v1 import AppTest, local_script_runner
from streamlit.testing.v1.element_tree import Block, Element

from assessment import access
from assessment.collect import workshop
from assessment.organisation import auth
from assessment.organisation.assessments import utcnow
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.pages import FACILITATE

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
QUICK = load_or_raise(ROOT / "questionnaires" / "crm-quickcheck.yaml")
CONSULTANT = ("casey", "correct horse battery staple")
ENDED = "Your session has ended. Please sign in again."


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    yield path
    state._open_store.clear()


def seed(path: Path) -> tuple[str, str]:
    """A consultant with an open assessment and a running workshop on it; returns (the
    consultant's session token, the workshop's join code)."""
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        org = access.create_organisation(store, me, "Nordwind")
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        a = access.create_assessment(store, me, org.id, QUICK, name="CRM 2026")
        w = access.start_workshop(store, me, a.id, title="Kick-off")
        return auth.sign_in(store, *CONSULTANT).token, w.join_code
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def timed_run(at: AppTest, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """One tick of the page's auto-refresh: only its fragments run, as in the browser."""
    fragments = list(at._fragment_storage._fragments)
    assert fragments, "the page has no auto-refreshing section"
    with monkeypatch.context() as patch:
        patch.setattr(
            local_script_runner,
            "RerunData",
            functools.partial(RerunData, fragment_id_queue=fragments, is_auto_rerun=True),
        )
        return run(at)


def texts(elements: Iterable[Element | Block]) -> list[str]:
    return [str(e.value) for e in elements if isinstance(e, Element)]


def workshop_screen(token: str, code: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    run(at)
    run(at.switch_page(FACILITATE.path))
    workshop_id = workshop.find_workshop(state.store(), code).workshop.id
    return run(at.button(key=f"facilitate-open-{workshop_id}").click())


def sign_out_elsewhere(token: str) -> None:
    auth.sign_out(state.store(), token)


def disable_account(token: str) -> None:
    del token
    access.set_disabled(state.store(), auth.SYSTEM, CONSULTANT[0], disabled=True)


def expire(token: str) -> None:
    idle = utcnow() - auth.SESSION_IDLE - timedelta(minutes=1)
    state.store().write(
        lambda cur: cur.execute(
            "UPDATE sessions SET last_seen = ? WHERE token_hash = ?",
            [idle, auth._token_hash(token)],
        )
    )


ENDINGS: dict[str, Callable[[str], None]] = {
    "signed out": sign_out_elsewhere,
    "disabled": disable_account,
    "expired": expire,
}


def test_the_workshop_screen_refreshes_while_the_session_holds(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, code = seed(db)
    at = workshop_screen(token, code)
    assert code in texts(at.title)
    at = timed_run(at, monkeypatch)
    assert code in texts(at.title)
    assert [m.value for m in at.metric if m.label == "Joined"] == ["0"]


@pytest.mark.parametrize("ending", ENDINGS)
def test_the_workshop_screen_stops_on_its_next_refresh_when_the_session_ends(
    db: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    token, code = seed(db)
    at = workshop_screen(token, code)
    assert code in texts(at.title)
    ENDINGS[ending](token)
    at = timed_run(at, monkeypatch)
    assert code not in " ".join(texts(at.title) + texts(at.markdown))  # no data
    assert not [m for m in at.metric if m.label == "Joined"]
    assert ENDED in texts(at.info)  # the sign-in page says why
    assert "session_token" not in at.session_state


@pytest.mark.parametrize("ending", ENDINGS)
def test_the_console_overview_stops_on_its_next_refresh_when_the_session_ends(
    db: Path, monkeypatch: pytest.MonkeyPatch, ending: str
) -> None:
    token, _ = seed(db)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    run(at)
    assert [m.label for m in at.metric if m.label == "Submitted"] == ["Submitted"]
    ENDINGS[ending](token)
    at = timed_run(at, monkeypatch)
    assert not [m for m in at.metric if m.label == "Submitted"]
    assert ENDED in texts(at.info)


def test_a_refresh_keeps_the_facilitator_signed_in(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, code = seed(db)
    at = workshop_screen(token, code)
    idle = utcnow() - timedelta(minutes=20)
    state.store().write(lambda cur: cur.execute("UPDATE sessions SET last_seen = ?", [idle]))
    at = timed_run(at, monkeypatch)
    ((seen,),) = state.store().cursor().execute("SELECT last_seen FROM sessions").fetchall()
    assert seen > idle + timedelta(minutes=19)  # renewed by the refresh: 30 idle minutes again
    assert code in " ".join(texts(at.title) + texts(at.markdown))


def test_a_refreshing_screen_still_ends_at_the_absolute_limit(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    token, code = seed(db)
    at = workshop_screen(token, code)
    now = utcnow()  # active a minute ago, but signed in 12 hours ago
    state.store().write(
        lambda cur: cur.execute(
            "UPDATE sessions SET last_seen = ?, expires_at = ?",
            [now - timedelta(minutes=1), now - timedelta(seconds=1)],
        )
    )
    at = timed_run(at, monkeypatch)
    assert code not in " ".join(texts(at.title) + texts(at.markdown))
    assert ENDED in texts(at.info)
