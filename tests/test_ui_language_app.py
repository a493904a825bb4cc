"""The staff pages' language (AppTest): the first visit speaks the browser's language;
the sidebar's switch changes it for every page of the session, the code box's too."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from assessment import errors, words
from assessment.organisation import auth
from assessment.storage.store import Store
from assessment.ui import language, state
from assessment.ui.pages import ACCOUNTS, CONSOLE, RESULTS, SIGN_IN
from tests.pagetext import english_left

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")


@pytest.fixture
def install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("GAPMAP_DB", str(tmp_path / "gapmap.duckdb"))
    store = Store(tmp_path / "gapmap.duckdb")
    try:
        auth.create_first_consultant(store, username="casey", password="correct horse battery")
    finally:
        store.close()
    yield
    state._open_store.clear()


def visit(monkeypatch: pytest.MonkeyPatch, browser: str) -> AppTest:
    monkeypatch.setattr(language, "browser_language", lambda: browser)
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_page_titles_and_sections_exist_in_every_language() -> None:
    assert [SIGN_IN.title_in("de"), CONSOLE.title_in("de"), RESULTS.title_in("de")] == [
        "Anmelden",
        "Erhebungen",
        "Ergebnisse",
    ]
    assert [ACCOUNTS.section_in("en"), ACCOUNTS.section_in("de")] == ["Console", "Konsole"]


def test_a_german_browser_is_greeted_in_german(
    install: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = visit(monkeypatch, "de")
    assert at.sidebar.segmented_control(key="ui-language-switch").value == "de"
    assert [s.value for s in at.subheader][:1] == [words.t("phone.entry_title", "de")]


def test_the_sidebar_switch_changes_every_page_and_holds(
    install: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = visit(monkeypatch, "en")
    assert [s.value for s in at.subheader][:1] == [words.t("phone.entry_title", "en")]
    at = at.sidebar.segmented_control(key="ui-language-switch").set_value("de").run()
    assert [s.value for s in at.subheader][:1] == [words.t("phone.entry_title", "de")]
    assert at.segmented_control(key="codebox-language").value == "de"
    at = at.run()  # the next run keeps the choice
    assert at.sidebar.segmented_control(key="ui-language-switch").value == "de"
    # the code box's own switch (phones fold the sidebar away) is the same choice
    at = at.segmented_control(key="codebox-language").set_value("en").run()
    assert at.sidebar.segmented_control(key="ui-language-switch").value == "en"


def test_browser_locales_map_to_a_language_gapmap_speaks(monkeypatch: pytest.MonkeyPatch) -> None:
    class Context:
        locale: str | None = None

    context = Context()
    monkeypatch.setattr(st, "context", context)
    found = []
    for locale in ("de-DE", "de_AT", "en-US", "fr-FR", None, ""):
        context.locale = locale
        found.append(language.browser_language())
    assert found == ["de", "de", "en", "en", "en", "en"]


def test_the_sign_in_page_speaks_german_to_a_german_browser(
    install: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = visit(monkeypatch, "de")

    assert [t.value for t in at.title] == ["Anmelden"]
    form = {t.key: t.label for t in at.text_input}
    assert form["signin-username"] == "Benutzername"
    assert form["signin-password"] == "Passwort"
    assert at.button(key="signin-submit").label == "Anmelden"
    assert (
        "Sie haben einen Einladungslink? Öffnen Sie ihn, oder geben Sie Ihren Code auf der "
        "Umfrageseite ein. Zum Beantworten einer Umfrage brauchen Sie kein Konto."
    ) in [c.value for c in at.caption]
    assert english_left(at, "signin", "nav") == []

    at.text_input(key="signin-username").input("casey")
    at.text_input(key="signin-password").input("wrong password")
    at = at.button(key="signin-submit").click().run()
    assert [e.value for e in at.error] == [
        errors.message("bad-credentials", "de")
    ]  # the refusal in German too
    assert errors.message("bad-credentials", "de") != errors.message("bad-credentials", "en")


def test_the_first_run_setup_speaks_german_to_a_german_browser(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GAPMAP_DB", str(tmp_path / "gapmap.duckdb"))  # no account yet
    try:
        at = visit(monkeypatch, "de")
        assert [t.value for t in at.title] == ["GapMap einrichten"]
        form = {t.key: t.label for t in at.text_input}
        assert form == {
            "setup-username": "Benutzername",
            "setup-display-name": "Ihr Name",
            "setup-password": "Passwort",
            "setup-repeat": "Passwort wiederholen",
        }
        assert at.checkbox(key="setup-demo").label == (
            "Eine Demo-Organisation mit erfundenen Antworten laden"
        )
        assert english_left(at, "signin", "nav") == []

        at.text_input(key="setup-username").input("casey")
        at.text_input(key="setup-password").input("correct horse battery")
        at.text_input(key="setup-repeat").input("correct horse battery!")
        at = at.button(key="setup-submit").click().run()
        assert [e.value for e in at.error] == [
            "Die beiden Passwörter unterscheiden sich. Geben Sie zweimal dasselbe Passwort ein."
        ]
    finally:
        state._open_store.clear()
