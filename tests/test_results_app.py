"""The results dashboard through AppTest: what a consultant and a leadership account see.

The DuckDB file is seeded (accounts, a demo organisation) and closed before the app opens
it: one file has one owner in a process."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from assessment import access
from assessment.analysis.actions import finding_sentence
from assessment.analysis.analysis import analyse
from assessment.collect.demo import default_questionnaire, generate_demo
from assessment.organisation import auth
from assessment.organisation.assessments import (
    create_assessment,
    create_organisation,
    get_assessment,
)
from assessment.storage.store import Store
from assessment.ui import language
from assessment.ui.pages import RESULTS
from assessment.ui.state import Results
from tests.pagetext import english_left, markdown_table

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CONSULTANT = ("casey", "correct horse battery staple")
LEADER_B = ("leader-b", "leadership password B2")


@dataclass(frozen=True)
class Seeded:
    path: Path
    demo_assessment: str
    empty_assessment: str
    headline: tuple[str, str, str, str]
    findings: list[str]  # each finding's sentence with its interval, as the analysis words it


# The demo's calendar (its answers are the same whichever day it is made).
DEMO_NOW = datetime(2026, 12, 3, 20, 0)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Seeded:
    """Organisation A (a 60-respondent demo, plus an assessment nobody answered) run by
    the consultant, and organisation B with its own leadership account."""
    path = tmp_path_factory.mktemp("results") / "gapmap.duckdb"
    store = Store(path)
    account = auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
    demo = generate_demo(store, 60, seed=7, now=DEMO_NOW)
    access.grant_organisation(store, auth.SYSTEM, account.id, demo.organisation_id)
    q, source = default_questionnaire()
    empty = create_assessment(store, demo.organisation_id, q, name="Nobody yet", source=source)
    org_b = create_organisation(store, "Organisation B")
    access.create_account(
        store,
        auth.SYSTEM,
        username=LEADER_B[0],
        password=LEADER_B[1],
        role="leadership",
        organisation_id=org_b,
    )
    analysis = analyse(store, demo.assessment_id)
    overall = analysis.scores.overall_of("organisation")
    assert overall.index is not None and overall.level is not None
    level = f"Level {overall.level}|{q.t(q.levels[overall.level - 1].name)}"
    staged = f"Level {overall.staged_level}|{q.t(q.levels[(overall.staged_level or 1) - 1].name)}"
    headline = (f"{overall.index:.1f}", level, staged, f"{analysis.scores.respondents:,}")
    found = [finding_sentence(analysis.scores, f, "en") for f in analysis.findings]
    store.close()
    return Seeded(path, demo.assessment_id, empty.id, headline, found)


def _token(path: Path, user: str, password: str) -> str:
    store = Store(path)
    try:
        return auth.sign_in(store, user, password).token
    finally:
        store.close()


def open_results(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch, user: tuple[str, str], **state: str
) -> AppTest:
    monkeypatch.setenv("GAPMAP_DB", str(seeded.path))
    monkeypatch.delenv("GAPMAP_QUESTIONNAIRES", raising=False)
    token = _token(seeded.path, *user)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page(RESULTS.path)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_tab(at: AppTest, tab: str) -> AppTest:
    """Open one of the page's tabs (only the open one is drawn), as a click on it does."""
    at.session_state[Results.TAB.name] = tab
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_consultant_sees_the_headline_figures_of_the_analysis(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    metrics = {m.label: m.value for m in at.metric}
    names = {m.label: f"{m.value}|{m.delta}" for m in at.metric}

    index, level, staged, responses = seeded.headline
    assert metrics["Overall index"] == index
    assert names["Maturity level"] == level
    assert names["Level by the weakest dimension"] == staged  # was "Staged level"
    assert metrics["Responses"] == responses
    assert at.session_state["results_assessment"] == seeded.demo_assessment
    # the overview: where we stand, what stands out, the first actions, the report
    assert [s.value for s in at.subheader] == ["What stands out", "First actions", "Gap report"]
    assert [t.label for t in at.tabs] == [
        "Overview", "Gap map", "Dimensions", "Actions",
        "Survey and CRM",  # the demo has evidence from the CRM
        "Trend and quality",
    ]  # fmt: skip
    assert len(at.get("vega_lite_chart")) == 2  # only the open tab is drawn
    (first,) = [m.value for m in at.markdown if m.value.startswith("1. ")]
    assert len(first.split("\n")) == 5 and " · owner " in first
    # the check the German tests rely on finds the page's English words
    assert "dashboard.stands_out: What stands out" in english_left(at, "dashboard")
    open_tab(at, "evidence")
    assert [s.value for s in at.subheader] == ["What people say and what the CRM shows"]
    assert [w.value for w in at.warning] == [
        "2 reality gaps: people rate a dimension higher than the records show."
    ]
    assert not at.error
    open_tab(at, "dimensions")
    # the first dimension's consensus in words a director reads (it said "(r_wg 0.76)")
    assert "**Consensus:** high agreement (0.81 on a scale from 0 to 1)" in [
        m.value for m in at.markdown
    ]


def test_the_dashboard_lists_every_finding_in_a_sentence(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    (listed,) = [m.value for m in at.markdown if m.value.startswith("- ")]
    lines = listed.split("\n")
    assert seeded.findings and len(lines) == len(seeded.findings)
    # first letter capitalised, Markdown escaped, the 95% interval where there is one
    assert [line.removeprefix("- ").replace("\\", "") for line in lines] == seeded.findings
    assert any("; 95% interval " in sentence for sentence in seeded.findings)
    assert not any(") (" in sentence for sentence in seeded.findings)


def test_switching_to_german_translates_the_level_name(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    at.radio(key="results_language").set_value("de").run()
    assert not at.exception

    level = next(f"{m.value}|{m.delta}" for m in at.metric if m.label == "Maturity level")
    english = seeded.headline[1]
    assert level.split("|")[0] == english.split("|")[0] and level != english
    assert "Zweck" in open_tab(at, "dimensions").radio(key="results_dimension").options


def test_gap_map_controls_rerun_cleanly(seeded: Seeded, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    open_tab(at, "gap_map").radio(key="results_grouping").set_value("role_team").run()
    at.radio(key="results_colour").set_value("gap").run()
    open_tab(at, "dimensions").radio(key="results_perspective").set_value("leadership").run()
    at.radio(key="results_dimension").set_value("time").run()
    assert not at.exception, [e.value for e in at.exception]
    # a tab opened again shows its choices as they were left
    open_tab(at, "gap_map")
    assert at.radio(key="results_grouping").value == "role_team"
    assert at.radio(key="results_colour").value == "gap"
    open_tab(at, "dimensions")
    assert at.radio(key="results_perspective").value == "leadership"
    assert at.radio(key="results_dimension").value == "time"


def test_assessment_below_threshold_shows_the_empty_state(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.empty_assessment)

    assert [i.value for i in at.info] == [
        "Results appear once at least 5 people have answered, and then change in steps of at"
        " least 5 responses, so that no one's answers can be told apart by comparing two looks."
        " So far 0 people have submitted and 0 started (the whole assessment, live)."
    ]
    assert not at.metric


def test_leadership_of_another_organisation_cannot_see_organisation_a(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, LEADER_B, results_open=seeded.demo_assessment)

    assert [e.value for e in at.error] == ["Your account may not do this."]
    assert "Nordwind" not in " ".join(str(s.value) for s in at.selectbox)
    assert at.text_input[0].value == "Organisation B"
    assert [i.value for i in at.info] == ["This organisation has no assessment yet."]
    assert not at.metric


def test_consultant_records_an_agreed_action_from_a_recommendation(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    store = Store(seeded.path)
    try:
        first = analyse(store, seeded.demo_assessment, language="en").actions[0]
    finally:
        store.close()
    open_tab(at, "actions")
    at.selectbox(key="results_agree_pick").set_value(first.action.id).run()
    form_inputs = {t.label: t for t in at.text_input}
    title = first.action.title if isinstance(first.action.title, str) else first.action.title["en"]
    assert form_inputs["Action"].value == title
    form_inputs["Owner (a person or a role)"].input("Head of Sales <b>")

    next(b for b in at.button if b.label == "Record the action").click().run()

    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.success] == ["Recorded. It is part of the gap report from now on."]
    table = markdown_table(at, "Owner")
    assert [[r["Action"], r["Owner"]] for r in table] == [[title, "Head of Sales <b>"]]
    # the form starts afresh: not from the recommendation just recorded (twice is a tap)
    assert at.selectbox(key="results_agree_pick").value == ""
    assert {t.label: t.value for t in at.text_input}["Action"] == ""


def test_leadership_reads_agreed_actions_but_cannot_record_them(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(seeded.path)
    try:
        leader = access.create_account(
            store,
            auth.SYSTEM,
            username="leader-a-results",
            password="leadership password A1",
            role="leadership",
            organisation_id=get_assessment(store, seeded.demo_assessment).organisation_id,
        )
    finally:
        store.close()
    at = open_results(
        seeded, monkeypatch, (leader.username, "leadership password A1"),
        results_open=seeded.demo_assessment,
    )  # fmt: skip
    assert "Record an agreed action" not in [e.label for e in open_tab(at, "actions").expander]
    assert "Agreed actions" in [s.value for s in at.subheader]


def test_consultant_and_leadership_change_a_status_and_each_change_is_audited(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(seeded.path)
    try:
        consultant = auth.sign_in(store, *CONSULTANT).actor
        agreed = access.add_agreed_action(
            store, consultant, seeded.demo_assessment, title="Weekly CRM clinic", owner="Ops"
        )
        leader = access.create_account(
            store,
            auth.SYSTEM,
            username="leader-a-status",
            password="leadership password A2",
            role="leadership",
            organisation_id=get_assessment(store, seeded.demo_assessment).organisation_id,
        )
    finally:
        store.close()
    at = open_results(
        seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment, results_tab="actions"
    )
    select = at.selectbox(key=f"results_action_status_{agreed.id}")
    assert (select.value, select.options) == ("open", ["Open", "In progress", "Done", "Dropped"])
    select.set_value("done").run()

    assert not at.exception, [e.value for e in at.exception]
    assert [m.value for m in at.success] == ["“Weekly CRM clinic” is now done."]
    table = markdown_table(at, "Owner")
    assert ["Weekly CRM clinic", "Done"] in [[r["Action"], r["Status"]] for r in table]
    assert at.selectbox(key=f"results_action_status_{agreed.id}").value == "done"

    # leadership owns the actions: it keeps their status too
    lead = open_results(
        seeded, monkeypatch, (leader.username, "leadership password A2"),
        results_open=seeded.demo_assessment, results_tab="actions",
    )  # fmt: skip
    assert "Record an agreed action" not in [e.label for e in lead.expander]
    lead.selectbox(key=f"results_action_status_{agreed.id}").set_value("in_progress").run()
    assert not lead.exception, [e.value for e in lead.exception]
    assert [m.value for m in lead.success] == ["“Weekly CRM clinic” is now in progress."]
    store = Store(seeded.path)
    try:
        cur = store.cursor()
        status = cur.execute("SELECT status FROM agreed_actions WHERE id = ?", [agreed.id])
        assert status.fetchone() == ("in_progress",)
        audited = cur.execute(
            "SELECT username, detail FROM audit_log WHERE action = 'action-status-changed'"
            " AND detail LIKE 'Weekly CRM clinic:%' ORDER BY seq"
        ).fetchall()
    finally:
        store.close()
    assert audited == [
        ("casey", "Weekly CRM clinic: open -> done"),
        ("leader-a-status", "Weekly CRM clinic: done -> in progress"),
    ]


def test_the_next_wave_shows_what_became_of_last_waves_actions(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(seeded.path)
    try:
        consultant = auth.sign_in(store, *CONSULTANT).actor
        org = get_assessment(store, seeded.demo_assessment).organisation_id
        q, source = default_questionnaire()
        first = create_assessment(store, org, q, name="Spring", source=source)
        done = access.add_agreed_action(
            store, consultant, first.id, title="Name a CRM owner", owner="CEO",
            dimension_id="ownership", due_date=date(2026, 3, 1),
        )  # fmt: skip
        access.set_agreed_action_status(store, consultant, done.id, "done")
        access.add_agreed_action(store, consultant, first.id, title="Fix sign-on", owner="IT")
        second = access.new_wave(store, consultant, first.id)
    finally:
        store.close()
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=second.id)
    if at.tabs:  # (a second wave nobody answered shows no tabs)
        open_tab(at, "actions")

    assert not at.exception, [e.value for e in at.exception]
    assert "Agreed last time, and what became of it" in [s.value for s in at.subheader]
    table = markdown_table(at, "Since wave 1")
    # nobody answered either wave yet, so no change is shown ("-")
    assert [list(row.values()) for row in table] == [
        ["Purpose", "-", "", "", "", ""],
        ["Ownership", "-", "Name a CRM owner", "CEO", "1 March 2026", "Done"],
        ["Communication", "-", "", "", "", ""],
        ["Training", "-", "", "", "", ""],
        ["Time", "-", "", "", "", ""],
        ["Not tied to a dimension", "", "Fix sign-on", "IT", "", "Open"],
    ]


def test_agreed_actions_and_workshops_show_while_the_survey_is_below_the_threshold(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = Store(seeded.path)
    try:
        consultant = auth.sign_in(store, *CONSULTANT).actor
        org = get_assessment(store, seeded.demo_assessment).organisation_id
        q, source = default_questionnaire()
        few = create_assessment(store, org, q, name="Four answers so far", source=source)
        access.add_agreed_action(
            store, consultant, few.id, title="Clean up the pipeline", owner="Sales lead"
        )
        w = access.start_workshop(store, consultant, few.id, title="Review day")
        access.end_workshop(store, consultant, w.id)
    finally:
        store.close()
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=few.id)

    assert [i.value for i in at.info] == [
        "Results appear once at least 5 people have answered, and then change in steps of at"
        " least 5 responses, so that no one's answers can be told apart by comparing two looks."
        " So far 0 people have submitted and 0 started (the whole assessment, live)."
    ]
    assert [s.value for s in at.subheader] == ["Agreed actions", "Workshops"]
    table = markdown_table(at, "Owner")
    assert [[r["Action"], r["Owner"]] for r in table] == [["Clean up the pipeline", "Sales lead"]]
    assert any("Review day" in str(m.value) for m in at.markdown)
    assert [b.proto.label for b in at.get("download_button")] == ["Summary (PDF)"]
    # Below the threshold no recommendation is offered to start from.
    assert at.selectbox(key="results_agree_pick").options == ["Write my own"]
    assert not at.metric


def test_the_agreed_action_form_keeps_what_was_typed_after_a_refusal(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_results(
        seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment, results_tab="actions"
    )
    next(t for t in at.text_input if t.label == "Action").input("Quarterly data clean-up")
    next(b for b in at.button if b.label == "Record the action").click().run()  # no owner

    assert [e.value for e in at.error] == ["The owner needs between 1 and 100 characters."]
    assert next(t for t in at.text_input if t.label == "Action").value == (
        "Quarterly data clean-up"
    )
    next(t for t in at.text_input if t.label == "Owner (a person or a role)").input("Ops")
    next(b for b in at.button if b.label == "Record the action").click().run()

    assert [m.value for m in at.success] == ["Recorded. It is part of the gap report from now on."]
    assert next(t for t in at.text_input if t.label == "Action").value == ""  # a fresh form


def _leader_of_a(seeded: Seeded, username: str, password: str) -> tuple[str, str]:
    store = Store(seeded.path)
    try:
        access.create_account(
            store,
            auth.SYSTEM,
            username=username,
            password=password,
            role="leadership",
            organisation_id=get_assessment(store, seeded.demo_assessment).organisation_id,
        )
    finally:
        store.close()
    return username, password


def test_a_german_browser_reads_the_dashboard_in_german(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Leadership with a German browser: the page, its figures and the results all in
    German, and none of the page's English left."""
    leader = _leader_of_a(seeded, "leader-a-german", "leadership password A3")
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_results(seeded, monkeypatch, leader, results_open=seeded.demo_assessment)

    assert [t.value for t in at.title] == ["Ergebnisse"]
    assert [t.label for t in at.tabs] == [
        "Überblick", "Lückenkarte", "Dimensionen", "Maßnahmen", "Umfrage und CRM",
        "Verlauf und Qualität",
    ]  # fmt: skip
    assert [s.value for s in at.subheader] == ["Was auffällt", "Erste Maßnahmen", "Bericht"]
    assert english_left(at, "dashboard", "nav") == []
    index, level, staged, responses = seeded.headline
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Gesamtindex"] == index.replace(".", ",")
    assert metrics["Reifegrad"] == "Stufe " + level.split("|")[0].removeprefix("Level ")
    assert metrics["Stufe nach schwächster Dimension"] == "Stufe " + staged.split("|")[
        0
    ].removeprefix("Level ")
    assert metrics["Antworten"] == responses
    # the results' language follows the page's: German level names and dimensions
    assert at.radio(key="results_language").value == "de"
    assert [b.proto.label for b in at.get("download_button")] == [
        "PDF", "Webseite (HTML)", "Excel-Tabellen", "CSV-Tabellen (ZIP)",
    ]  # fmt: skip
    open_tab(at, "dimensions")
    assert [s.value for s in at.subheader] == ["Dimensionen"]
    assert english_left(at, "dashboard", "nav") == []
    assert "**Übereinstimmung:** hohe Übereinstimmung (0,81 auf einer Skala von 0 bis 1)" in [
        m.value for m in at.markdown
    ]
    assert at.radio(key="results_dimension").options == [
        "Zweck", "Verantwortung", "Kommunikation", "Schulung", "Zeit",
    ]  # fmt: skip
    assert at.radio(key="results_perspective").options == ["Allen", "Führung", "Basis"]
    open_tab(at, "gap_map")
    assert [s.value for s in at.subheader] == ["Lückenkarte"]
    assert english_left(at, "dashboard", "nav") == []
    assert at.radio(key="results_grouping").options == ["Rolle", "Team", "Rolle × Team"]
    # the note names the rows as the gap map labels them ("Weitere Rollen (Basis)")
    (grey,) = [c.value for c in at.caption if c.value.startswith("Graue Felder")]
    assert grey.endswith(
        "Die Zeilen „Weitere Rollen (…)“ und „Weitere Teams“ zeigen die Personen der grauen"
        " Zeilen zusammen."
    )
    open_tab(at, "evidence")
    assert [s.value for s in at.subheader] == ["Was die Befragten sagen und was das CRM zeigt"]
    assert english_left(at, "dashboard", "nav") == []
    open_tab(at, "actions")
    assert [s.value for s in at.subheader] == ["Empfohlene Maßnahmen", "Vereinbarte Maßnahmen"]
    assert english_left(at, "dashboard", "nav") == []
    # a leadership account records no action: no form, no status control
    assert "Vereinbarte Maßnahme erfassen" not in [e.label for e in at.expander]
    first_action = next(e.label for e in at.expander if e.label.startswith("1. "))
    assert " · verantwortlich: " in first_action and " · Aufwand " in first_action
    # an action's description, why (a sentence of its own) and rationale: one text
    whys = [
        m.value.split("\n\n**Warum:** ")[1] for m in at.markdown if "\n\n**Warum:** " in m.value
    ]
    assert whys and all(why[0].isupper() for why in whys)
    open_tab(at, "more")
    assert [s.value for s in at.subheader] == ["Entwicklung", "Qualität der Erhebung"]
    assert english_left(at, "dashboard", "nav") == []
    quality = markdown_table(at, "Alpha")
    assert list(quality[0]) == ["Dimension", "Alpha", "Fragen", "Personen"]
    assert all("," in row["Alpha"] for row in quality if row["Alpha"])  # 0,85, not 0.85
    assert "Ab 0,7: Die Fragen einer Dimension messen dasselbe." in [c.value for c in at.caption]


def test_the_results_language_stays_a_choice_of_its_own(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A German page may show English results; the page's words stay German."""
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    at.radio(key="results_language").set_value("en").run()

    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="results_language").value == "en"
    assert at.tabs[0].label == "Überblick"
    assert next(s.value for s in at.subheader) == "Was auffällt"
    assert "Purpose" in open_tab(at, "dimensions").radio(key="results_dimension").options
    level = next(m for m in at.metric if m.label == "Reifegrad")
    assert level.value.startswith("Stufe ")


def test_the_sidebar_switch_sends_the_page_choices_in_the_new_language(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The browser holds a radio's choice as its label: after a switch to German it held
    "Team", matched none of "Rolle, Team, Rolle × Team" and showed no choice at all. The
    switch sends every choice again, in German labels; the choices themselves stay."""
    at = open_results(
        seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment, results_tab="gap_map"
    )
    at.radio(key="results_grouping").set_value("team").run()
    at.sidebar.segmented_control(key="ui-language-switch").set_value("de").run()

    assert not at.exception, [e.value for e in at.exception]
    assert at.tabs[1].label == "Lückenkarte"  # the same tab stays open
    grouping = at.radio(key="results_grouping")
    assert grouping.value == "team"
    assert grouping.options == ["Rolle", "Team", "Rolle × Team"]
    assert (grouping.proto.set_value, grouping.proto.raw_value) == (True, "Team")
    colour = at.radio(key="results_colour")
    assert (colour.proto.set_value, colour.proto.raw_value) == (True, "Reifegrad")
    team = at.selectbox(key="results_team")  # "All teams" was left in English
    assert (team.value, team.proto.set_value, team.proto.raw_value) == ("", True, "Alle Teams")
    # the same with the Dimensions tab open
    at = open_results(
        seeded,
        monkeypatch,
        CONSULTANT,
        results_open=seeded.demo_assessment,
        results_tab="dimensions",
    )
    at.sidebar.segmented_control(key="ui-language-switch").set_value("de").run()
    assert not at.exception, [e.value for e in at.exception]
    dimension = at.radio(key="results_dimension")
    assert (dimension.proto.set_value, dimension.proto.raw_value) == (True, "Zweck")
    perspective = at.radio(key="results_perspective")
    assert (perspective.proto.set_value, perspective.proto.raw_value) == (True, "Allen")


def test_a_consultant_records_an_action_on_a_german_page(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The form, its refusal and its confirmation in German; the status choices too."""
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_results(
        seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment, results_tab="actions"
    )
    assert "Vereinbarte Maßnahme erfassen" in [e.label for e in at.expander]
    assert at.selectbox(key="results_agree_pick").options[0] == "Eigene formulieren"
    next(t for t in at.text_input if t.label == "Maßnahme").input("Monatliche Datenpflege")
    next(b for b in at.button if b.label == "Maßnahme erfassen").click().run()  # no owner

    assert [e.value for e in at.error] == ["Die verantwortliche Person braucht 1 bis 100 Zeichen."]
    next(t for t in at.text_input if t.label == "Verantwortlich (Person oder Rolle)").input(
        "Vertriebsleitung"
    )
    next(b for b in at.button if b.label == "Maßnahme erfassen").click().run()

    assert [m.value for m in at.success] == ["Erfasst. Sie ist ab jetzt Teil des Berichts."]
    table = markdown_table(at, "Verantwortlich")
    assert ["Monatliche Datenpflege", "Vertriebsleitung", "Offen"] in [
        [r["Maßnahme"], r["Verantwortlich"], r["Status"]] for r in table
    ]
    statuses = [s for s in at.selectbox if s.key and s.key.startswith("results_action_status_")]
    assert statuses and all(
        s.options == ["Offen", "In Arbeit", "Erledigt", "Verworfen"] for s in statuses
    )
    assert english_left(at, "dashboard") == []


def _chart_specs(at: AppTest) -> list[dict[str, Any]]:
    """Every tab's charts, tab by tab."""
    specs = []
    for tab in ("overview", "gap_map", "dimensions", "more"):
        open_tab(at, tab)
        specs += [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]
    return specs


def test_charts_kept_for_one_language_are_not_shown_in_another(
    seeded: Seeded, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A chart's spec is kept per server for the next session reading the same release,
    keyed by everything it draws: English first, then a German browser, then English
    again; each gets its own language's numbers and words, the second English session
    the same charts as the first."""
    english = _chart_specs(
        open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    )
    leader = _leader_of_a(seeded, "leader-a-charts", "leadership password A4")
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    german = _chart_specs(
        open_results(seeded, monkeypatch, leader, results_open=seeded.demo_assessment)
    )
    monkeypatch.setattr(language, "browser_language", lambda: "en")
    again = _chart_specs(
        open_results(seeded, monkeypatch, CONSULTANT, results_open=seeded.demo_assessment)
    )

    assert len(english) == len(german) == 5  # dimensions, perception, gap map, answers, rates
    assert {s["config"]["locale"]["number"]["decimal"] for s in english} == {"."}
    assert {s["config"]["locale"]["number"]["decimal"] for s in german} == {","}
    assert "Purpose" in json.dumps(english[0]) and "Purpose" not in json.dumps(german[0])
    assert "Zweck" in json.dumps(german[0])
    assert again == english
