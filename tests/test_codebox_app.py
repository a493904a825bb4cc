"""The bare address (AppTest): a code box to join a workshop or answer a survey comes
before "Sign in"; a workshop code leads to its phone page, any other code to the survey."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import access
from assessment.organisation import auth
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.codebox import destination

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
QUICK = load_or_raise(ROOT / "questionnaires" / "crm-quickcheck.yaml")


@pytest.fixture
def invite(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """An install with a consultant and an open assessment; yields its invite code."""
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    store = Store(path)
    try:
        auth.create_first_consultant(store, username="casey", password="correct horse battery")
        org = access.create_organisation(store, auth.SYSTEM, "Nordwind")
        code = access.create_assessment(store, auth.SYSTEM, org.id, QUICK, name="CRM").invite_code
    finally:
        store.close()
    yield code
    state._open_store.clear()


def bare_address() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def submit(at: AppTest, code: str) -> AppTest:
    at.text_input(key="codebox-code").input(code)
    at = next(b for b in at.button if b.label in ("Continue", "Weiter")).click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_a_typed_code_leads_to_a_workshop_by_its_length_and_else_to_a_survey() -> None:
    assert destination(" k7m-q4t ") == ("workshop", "K7MQ4T")
    assert destination("ACDE3467") == ("survey", "ACDE3467")
    assert destination("ACDE-FGHJ-KMNP") == ("survey", "ACDE-FGHJ-KMNP")  # a personal code
    assert destination(" - ") is None


def test_the_bare_address_offers_the_code_box_before_sign_in(invite: str) -> None:
    at = bare_address()
    assert [s.value for s in at.subheader] == ["Join a workshop or answer a survey"]
    assert [t.label for t in at.text_input] == [
        "Code from the shared screen or your invitation",
        "User name",
        "Password",
    ]
    assert [t.value for t in at.title] == ["Sign in"]


def test_a_workshop_code_opens_the_workshop_phone_page(invite: str) -> None:
    at = submit(bare_address(), "k7mq4t")
    (link,) = at.get("link_button")
    assert (link.proto.label, link.proto.url) == ("Open workshop K7MQ4T", "w/K7MQ4T")


def test_an_invite_code_opens_the_survey(invite: str) -> None:
    at = submit(bare_address(), invite)
    assert at.session_state["entry"] == {"a": invite}
    assert at.query_params["a"] == invite
    assert "Sign in" not in [t.value for t in at.title]
    assert [r.label for r in at.radio][:1] == ["Your role"]


def test_an_empty_code_is_explained_in_the_chosen_language(invite: str) -> None:
    at = bare_address()
    at = at.segmented_control(key="codebox-language").set_value("de").run()
    assert [s.value for s in at.subheader] == ["An einem Workshop oder einer Umfrage teilnehmen"]
    at = submit(at, "  ")
    assert [e.value for e in at.error] == ["Geben Sie zuerst den Code ein."]
