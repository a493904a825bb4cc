"""The consultant's console in German (AppTest): a German browser sees the console's
title, tabs, figures, tables, buttons and forms in German, dates and the questionnaire's
own words too, and no English text of the console's words is left on the page."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element, Node

from assessment import access, words
from assessment.collect.codes import code_reasons
from assessment.organisation import auth
from assessment.organisation.assessments import Team, parse_team_lines
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import language, state

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
SAMPLE = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
CONSULTANT = ("casey", "correct horse battery staple")


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "library"
    folder.mkdir()
    (folder / "ui-sample.yaml").write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(folder))
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_BASE_URL", "https://survey.example.com")
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    yield path
    state._open_store.clear()


def seed(path: Path) -> str:
    """A consultant with one organisation and one assessment (two teams, open since
    23 November 2026, closing on 30 June 2027); returns the consultant's session token."""
    store = Store(path)
    try:
        account = auth.create_first_consultant(
            store, username=CONSULTANT[0], password=CONSULTANT[1]
        )
        org = access.create_organisation(store, auth.actor_for_account(store, account), "Nordwind")
        access.create_assessment(
            store,
            auth.actor_for_account(store, account),
            org.id,
            load_or_raise(SAMPLE),
            name="CRM-Einführung 2026",
            teams=[Team("sales-north", "Vertrieb Nord", 12), Team("service", "Service", 9)],
            opens_at=datetime(2026, 11, 23),  # past: "begann", not "beginnt"
            closes_at=datetime(2027, 7, 1),
        )
        return auth.sign_in(store, *CONSULTANT).token
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_console(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    return run(at)


def tab(at: AppTest, label: str) -> Block:
    return next(t for t in at.tabs if t.label == label)


def values(elements: Iterable[Node]) -> list[str]:
    return [str(e.value) for e in elements if isinstance(e, Element)]


def labels(node: Node, kind: str) -> list[str]:
    """The labels of every `kind` widget under `node` (Streamlit's proto names)."""
    return [str(e.proto.label) for e in node.get(kind)]


def strings(message: object) -> Iterator[str]:
    """Every text held in a Streamlit message (labels, help, placeholders, bodies, options)."""
    for _, value in message.ListFields():  # type: ignore[attr-defined]
        items = value if isinstance(value, Iterable) and not isinstance(value, str) else [value]
        for item in items:
            if isinstance(item, str):
                yield item
            elif hasattr(item, "ListFields"):
                yield from strings(item)


def page_texts(node: Node) -> list[str]:
    """Every text on the page (each widget's, element's and block's message), the
    tables' column names too."""
    found: list[str] = []
    proto = getattr(node, "proto", None)
    if proto is not None:
        found.extend(strings(proto))
    if isinstance(node, Element) and node.type == "arrow_data_frame":
        found.extend(str(c) for c in node.value.columns)
    for child in getattr(node, "children", {}).values():
        found.extend(page_texts(child))
    return found


def english_left(texts: list[str]) -> list[str]:
    """The console's English words (those that differ in German) found in `texts`: a
    whole label, or the longest fixed part of a longer text."""
    page = "\n".join(t.replace("\\", "") for t in texts)
    shown = set(texts)
    left = []
    for key, text in words.CONSOLE.items():
        if text.en == text.de:
            continue
        if "{" not in text.en and (text.en in shown or (len(text.en) > 24 and text.en in page)):
            left.append(key)
            continue
        fixed = max(re.split(r"\{[^}]*\}", text.en.replace("*", "")), key=len)
        if len(fixed) > 24 and fixed in page:
            left.append(key)
    return left


def test_the_console_speaks_german_to_a_german_browser(db: Path) -> None:
    at = open_console(seed(db))
    assert values(at.title) == ["Erhebungen"]
    assert [t.label for t in at.tabs] == [
        "Überblick",
        "Deutsch",  # the reminder, in each of the assessment's languages, the page's first
        "English",
        "Einladungslinks",
        "Live-Workshop",
        "Einstellungen",
        "Daten und Löschung",
    ]
    assert at.selectbox(key="console-org").label == "Organisation"
    assert at.toggle(key="console-creating").label == "Neue Erhebung"
    [table] = [d for d in at.dataframe if d.value.columns[0] == "Name"]
    assert list(table.value.columns) == [
        "Name",
        "Status",
        "Antworten",
        "Einladungscode",
        "Welle",
        "Beginnt",
        "Endet",
    ]
    assert table.value.to_dict("records")[0]["Status"] == "Offen"
    assert table.value.to_dict("records")[0]["Endet"] == "1. Juli 2027"
    overview = tab(at, "Überblick")
    assert [m.label for m in overview.metric] == [
        "Begonnen",
        "Abgeschickt",
        "Rücklaufquote",
        "Warten auf Veröffentlichung",
    ]
    assert [m.value for m in overview.metric] == ["0", "0", "0\u00a0%", "0"]
    assert list(overview.dataframe[0].value.columns) == [
        "Team",
        "Personen im Team",
        "Abgeschickt (veröffentlicht)",
        "Rücklaufquote",
    ]
    assert overview.dataframe[0].value["Abgeschickt (veröffentlicht)"].tolist() == [
        "weniger als 5 Antworten",
        "weniger als 5 Antworten",
    ]
    assert list(overview.dataframe[1].value.columns) == ["Rolle", "Abgeschickt (veröffentlicht)"]
    assert overview.dataframe[1].value["Rolle"].tolist() == ["Vertrieb", "Geschäftsleitung"]
    assert values(overview.markdown)[0] == (
        "**Offen** · begann 23. November 2026 00:00 UTC, endet 1. Juli 2027 00:00 UTC"
    )
    assert [b.label for b in overview.button] == ["Jetzt aktualisieren", "Ergebnisse öffnen"]
    assert values(overview.subheader) == ["An die Umfrage erinnern"]
    assert labels(overview, "download_button") == [
        "Erinnerung herunterladen (Deutsch, .txt)",
        "Erinnerung herunterladen (English, .txt)",
        "Links für einen Serienbrief (CSV)",
    ]
    assert (
        labels(tab(at, "Einladungslinks"), "download_button")
        == [
            "PNG",
            "SVG",
            "Aushang (PDF)",
        ]
        * 3
    )
    settings = tab(at, "Einstellungen")
    assert values(settings.subheader) == ["Einstellungen ändern", "Teams", "Fragebogen"]
    assert [s.label for s in settings.selectbox][:2] == ["Ziel: Zweck", "Ziel: Schulung"]
    assert [b.label for b in settings.button] == [
        "Änderungen speichern",
        "Team hinzufügen",
        "Team speichern",
        "Zusammenlegen",
        "Entfernen",
        "Ja, schließen",
        "Neue Welle anlegen",
        "Speichern",
    ]
    data = tab(at, "Daten und Löschung")
    assert values(data.subheader) == [
        "Antworten importieren",
        "CRM-Daten importieren",
        "Antworten löschen",
        "Antworten einer Person löschen",
    ]
    assert [r.label for r in data.radio] == ["Zahlen in Antwortzellen sind", "Welche Antworten"]
    texts = page_texts(at._tree)
    # popovers, help texts and captions are read too
    assert {"Erhebung schließen", "Neue Welle beginnen", "Mit anderem Team zusammenlegen"} <= set(
        texts
    )
    assert words.t("console.started_help", "de") in texts
    assert english_left(texts) == []


def test_english_left_finds_labels_and_the_fixed_part_of_longer_texts() -> None:
    assert english_left(
        [
            "Refresh now",
            "Jetzt aktualisieren",
            "Links point to https://x.example. Set the GAPMAP\\_BASE\\_URL environment "
            "variable if respondents reach GapMap at another address.",
            "Team",
        ]
    ) == ["refresh", "links_point"]


def test_the_new_assessment_form_speaks_german(db: Path) -> None:
    at = open_console(seed(db))
    run(at.toggle(key="console-creating").set_value(True))
    assert values(at.subheader) == ["Neue Erhebung"]
    assert at.button_group(key="console-source").label == "Fragebogen"
    assert at.text_area(key="console-teams").label == (
        "Teams: eines pro Zeile, `Teamname, Personenzahl`"
    )
    assert at.number_input(key="console-threshold").label == "Anonymitätsschwelle"
    assert at.radio(key="console-access").label == "Zugang für die Befragten"
    assert at.text_input(key="console-name").label == "Name"
    assert at.text_area(key="console-purpose").label == "Zweck (wird den Befragten gezeigt)"
    assert at.date_input(key="console-closes").label == "Läuft bis einschließlich (optional)"
    assert [s.label for s in at.selectbox if s.key and s.key.startswith("console-target-")] == [
        "Zweck",
        "Schulung",
    ]
    assert english_left(page_texts(at._tree)) == []
    run(at.radio(key="console-access").set_value("codes"))
    assert at.number_input(key="console-code-count").label == "Anzahl der Codes"
    assert english_left(page_texts(at._tree)) == []


def test_the_team_list_problems_and_the_advice_on_codes_are_worded_in_german() -> None:
    _, problems = parse_team_lines("Vertrieb, viele\n,3\nService, 4\nservice, 2", "de")
    assert problems == [
        "Zeile 1: Die Personenzahl von „Vertrieb“ muss eine ganze Zahl ab 0 sein, nicht „viele“.",
        "Zeile 2: Der Teamname ist leer.",
        "Zeile 4: „service“ steht schon in Zeile 3.",
    ]
    assert code_reasons(
        [Team("a", "Vertrieb", 4), Team("b", "Service", None)], 1, 5, lang="de"
    ) == [
        "Team mit weniger als 10 Personen (doppelte Anonymitätsschwelle von 5): Vertrieb (4).",
        "Keine Personenzahl für Service: Ein offener Link kann die Antworten dort nicht "
        "begrenzen, und GapMap kann nicht erkennen, wie klein die Gruppe ist.",
    ]
