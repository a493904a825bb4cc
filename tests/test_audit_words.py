"""The audit log in the reader's language: an entry keeps its params and its English
detail, and is said again in English or German, with one form for one and one for many.
An entry written before the params were kept reads as its stored English."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assessment import access, words
from assessment.organisation import audit, auth
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.pages import AUDIT

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CASEY = audit.Visitor("acc-casey", "casey")


@pytest.fixture
def store() -> Iterator[Store]:
    opened = Store()
    yield opened
    opened.close()


def logged(store: Store, *events: audit.Event) -> list[audit.AuditEntry]:
    """`events` recorded, one transaction each, and read back oldest first."""
    for event in events:
        store.write(lambda cur, e=event: audit.record(cur, CASEY, e))  # type: ignore[misc]
    return list(reversed(audit.entries(store)))


def said(store: Store, lang: str, *events: audit.Event) -> list[str | None]:
    return [e.description(lang) for e in logged(store, *events)]


def test_other_sessions_ended_are_one_or_many_in_english_and_german(store: Store) -> None:
    one, two = audit.PasswordChanged(sessions_ended=1), audit.PasswordChanged(sessions_ended=2)
    assert said(store, "en", one, two) == [
        "by the account itself; 1 other session ended",
        "by the account itself; 2 other sessions ended",
    ]
    assert [e.description("de") for e in logged(store)] == [
        "vom Konto selbst; 1 andere Sitzung beendet",
        "vom Konto selbst; 2 andere Sitzungen beendet",
    ]


def test_a_used_reset_link_counts_sessions_and_zero_is_many(store: Store) -> None:
    events = [audit.PasswordResetUsed(sessions_ended=n) for n in (0, 1, 2)]
    entries = logged(store, *events)
    assert [e.description("en") for e in entries] == [
        "new password set; 0 sessions ended, lockout cleared",
        "new password set; 1 session ended, lockout cleared",
        "new password set; 2 sessions ended, lockout cleared",
    ]
    assert [e.description("de") for e in entries] == [
        "neues Passwort gesetzt; 0 Sitzungen beendet, Sperre aufgehoben",
        "neues Passwort gesetzt; 1 Sitzung beendet, Sperre aufgehoben",
        "neues Passwort gesetzt; 2 Sitzungen beendet, Sperre aufgehoben",
    ]


def test_a_reopened_assessments_verb_agrees_with_how_many_are_midway(store: Store) -> None:
    entries = logged(
        store,
        audit.AssessmentReopened(assessment_name="Pulse", midway=1),
        audit.AssessmentReopened(assessment_name="Pulse", midway=2),
        audit.AssessmentClosed(assessment_name="Pulse", midway=1),
    )
    assert [e.description("en") for e in entries] == [
        "Pulse: 1 response midway can be finished",
        "Pulse: 2 responses midway can be finished",
        "Pulse: 1 response midway kept, not counted",
    ]
    assert [e.description("de") for e in entries] == [
        "Pulse: 1 begonnene Teilnahme kann abgeschlossen werden",
        "Pulse: 2 begonnene Teilnahmen können abgeschlossen werden",
        "Pulse: 1 begonnene Teilnahme behalten, nicht gezählt",
    ]


def test_deleted_responses_say_each_count_and_the_day_as_the_language_writes_it(
    store: Store,
) -> None:
    entries = logged(
        store,
        audit.ResponsesDeleted(respondents=1, answers=2, comments=1, before=date(2026, 2, 1)),
        audit.ResponsesDeleted(respondents=2, answers=1, comments=0, unsubmitted_days=1),
        audit.ResponsesDeleted(respondents=1, answers=0, comments=2),
    )
    assert [e.description("en") for e in entries] == [
        "responses before 2026-02-01: 1 respondent, 2 answers, 1 comment",
        "unsubmitted responses started more than 1 day ago: 2 respondents, 1 answer, 0 comments",
        "all responses: 1 respondent, 0 answers, 2 comments",
    ]
    assert [e.description("de") for e in entries] == [
        "Teilnahmen vor dem 01.02.2026: 1 Teilnahme, 2 Antworten, 1 Kommentar",
        "angefangene Teilnahmen, begonnen vor mehr als 1 Tag: 2 Teilnahmen, 1 Antwort,"
        " 0 Kommentare",
        "alle Teilnahmen: 1 Teilnahme, 0 Antworten, 2 Kommentare",
    ]


def test_codes_are_one_or_many_in_english_and_german(store: Store) -> None:
    entries = logged(store, *(audit.InviteCodesIssued(count=n) for n in (1, 2, 12)))
    assert [e.description("en") for e in entries] == ["1 code", "2 codes", "12 codes"]
    assert [e.description("de") for e in entries] == ["1 Code", "2 Codes", "12 Codes"]


def test_team_names_are_quoted_as_the_language_quotes_and_statuses_translated(
    store: Store,
) -> None:
    entries = logged(
        store,
        audit.TeamsMerged(
            assessment_name="Pulse", merged="South", into="North", responses=1, head_count=18
        ),
        audit.HeadCountChanged(assessment_name="Pulse", team="West", old=4, new=None),
        audit.ActionStatusChanged(title="Weekly clinic", old="done", new="in_progress"),
        audit.CloseDateChanged(assessment_name="Pulse", old=None, new=datetime(2026, 12, 3, 14, 0)),
    )
    assert [e.description("en") for e in entries] == [
        "Pulse: team “South” merged into “North”, 1 response moved, head-count now 18",
        "Pulse: team “West” head-count 4 -> (none)",
        "Weekly clinic: done -> in progress",
        "Pulse: closes (none) -> 2026-12-03 14:00",
    ]
    assert [e.description("de") for e in entries] == [
        "Pulse: Team „South“ mit „North“ zusammengeführt, 1 Teilnahme übernommen,"
        " Personenzahl jetzt 18",
        "Pulse: Team „West“ Personenzahl 4 -> (keine Angabe)",
        "Weekly clinic: erledigt -> in Arbeit",
        "Pulse: Ende (keine Angabe) -> 03.12.2026 14:00",
    ]


def test_the_stored_detail_is_the_english_description_and_the_params_are_kept(
    store: Store,
) -> None:
    [entry] = logged(store, audit.EvidenceImported(rows=1, teams=2, file_name="crm.csv"))
    assert entry.detail == entry.description("en") == "1 row for 2 teams imported from crm.csv"
    assert entry.description("de") == "1 Zeile für 2 Teams importiert aus crm.csv"
    assert entry.params == {"rows": 1, "teams": 2, "file": "crm.csv"}


def test_an_entry_from_before_the_params_reads_its_stored_english(store: Store) -> None:
    old = "by the account itself; 2 other session(s) ended"
    store.cursor().execute(
        "INSERT INTO audit_log (username, action, detail) VALUES ('casey', 'password-changed', ?)",
        [old],
    )
    [entry] = audit.entries(store)
    assert (entry.params, entry.description("de"), entry.description("en")) == (None, old, old)


def test_params_of_a_shape_no_longer_said_fall_back_to_the_stored_english(store: Store) -> None:
    store.cursor().execute(
        "INSERT INTO audit_log (username, action, detail, params)"
        " VALUES ('casey', 'password-changed', 'as it was', ?)",
        [json.dumps({"sessions": 2})],
    )
    [entry] = audit.entries(store)
    assert entry.description("de") == "as it was"


def test_a_long_question_is_cut_to_the_detail_limit_in_params_and_every_language(
    store: Store,
) -> None:
    question = "Why " + "x" * 600
    [entry] = logged(store, audit.WorkshopQuestionAsked(title="Review", question=question))
    limit = audit.DETAIL_MAX_CHARS
    assert entry.params == {"title": "Review", "question": question[:limit]}
    assert entry.detail == f"Review: {question}"[:limit]
    assert entry.description("de") == f"Review: {question}"[:limit]


def test_every_action_is_said_one_way() -> None:
    """Two kinds of event share "account-created"; every other name has one, and each
    name has exactly one way to be said."""
    first = audit.FirstConsultantCreated()
    created = audit.AccountCreated(role="leadership", username="dana")
    assert (first.detail, created.detail) == ("first consultant (setup)", "leadership account dana")
    assert type(first).describe is type(created).describe
    assert (
        type(created).describe(created.params, "de"),
        type(first).describe(first.params, "de"),
    ) == ("Konto dana (Leitung)", "erstes Beratungskonto (Einrichtung)")


def _kinds(cls: type[audit.Event]) -> Iterator[type[audit.Event]]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _kinds(sub)


def test_every_kind_of_entry_has_a_name_in_every_language() -> None:
    names = {kind.name for kind in _kinds(audit.Event) if "name" in vars(kind)}
    assert len(names) == 47
    assert [n for n in sorted(names) if not words.has(f"audit_event.action_{n}")] == []
    assert [words.t(f"audit_event.action_{n}", "de") for n in ("sign-in", "teams-merged")] == [
        "Angemeldet",
        "Teams zusammengeführt",
    ]


def test_the_command_line_and_the_retention_clean_up_are_named_in_the_readers_language(
    store: Store,
) -> None:
    """GapMap's own entries keep their stored names and are named for the reader; a person's
    name, and a name a visitor typed at sign-in, are shown as stored."""
    pruner = audit.Visitor(None, audit.RETENTION)
    typed = audit.Visitor(None, "(command line)")  # a sign-in attempt under the system's name
    for who, event in [
        (auth.SYSTEM, audit.InviteCodesIssued(count=2)),
        (pruner, audit.ResponsesDeleted(respondents=1, answers=2, comments=0, unsubmitted_days=30)),
        (CASEY, audit.InviteCodesIssued(count=1)),
        (typed, audit.SignInFailed()),
    ]:
        store.write(lambda cur, w=who, e=event: audit.record(cur, w, e))  # type: ignore[misc]
    entries = list(reversed(audit.entries(store)))
    assert [e.username for e in entries] == [
        "(command line)",
        "(retention)",
        "casey",
        "(command line)",
    ]
    assert [e.who("de") for e in entries] == [
        "(Kommandozeile)",
        "(Aufbewahrungsfrist)",
        "casey",
        "(command line)",
    ]
    assert [e.who("en") for e in entries] == [
        "(command line)",
        "(retention)",
        "casey",
        "(command line)",
    ]


# --- the audit page ------------------------------------------------------------------------


def test_the_audit_page_shows_descriptions_in_a_german_session(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(tmp_path))
    seeded = Store(path)
    try:
        auth.create_first_consultant(seeded, username="casey", password="correct horse battery")
        casey = auth.get_account(seeded, "casey")
        seeded.cursor().execute(
            "INSERT INTO audit_log (account_id, username, action, detail)"
            " VALUES (?, 'casey', 'password-changed', 'by the account itself; 3 other session(s)"
            " ended')",
            [casey.id],
        )
        me = audit.Visitor(casey.id, "casey")
        for n in (1, 2):
            changed = audit.PasswordChanged(sessions_ended=n)
            seeded.write(lambda cur, e=changed: audit.record(cur, me, e))  # type: ignore[misc]
        acme = access.create_organisation(seeded, auth.SYSTEM, "Acme").id  # by the command line
        access.grant_organisation(seeded, auth.SYSTEM, casey.id, acme)
        token = auth.sign_in(seeded, "casey", "correct horse battery").token
    finally:
        seeded.close()
    try:
        at = AppTest.from_file(APP, default_timeout=60)
        at.session_state["session_token"] = token
        at.session_state["ui-language"] = "de"
        at.run()
        at.switch_page(AUDIT.path).run()
        assert not at.exception, [e.value for e in at.exception]
        assert [t.value for t in at.title] == ["Protokoll"]
        table = at.dataframe[0].value
        assert table["Benutzer"].tolist() == [
            "casey",
            "(Kommandozeile)",  # stored as "(command line)"
            "(Kommandozeile)",
            *["casey"] * 4,
        ]
        assert table["Aktion"].tolist() == [
            "Angemeldet",
            "Organisation zugewiesen",
            "Organisation angelegt",
            "Passwort geändert",
            "Passwort geändert",
            "Passwort geändert",
            "Konto angelegt",
        ]
        assert table["Detail"].tolist() == [
            "",  # sign-in
            "casey",
            "Acme",
            "vom Konto selbst; 2 andere Sitzungen beendet",
            "vom Konto selbst; 1 andere Sitzung beendet",
            "by the account itself; 3 other session(s) ended",  # from before: as stored
            "erstes Beratungskonto (Einrichtung)",
        ]
    finally:
        state._open_store.clear()  # the next test opens another file


def test_a_revealed_dimension_is_named_in_each_language_not_by_its_id(store: Store) -> None:
    names = {"purpose": {"en": "Purpose", "de": "Zweck"}, "time": {"en": "Time", "de": "Zeit"}}
    shown = audit.WorkshopRevealed(
        title="Führungskreis Nord", dimension_ids=("time", "purpose"), dimension_names=names
    )
    assert said(store, "de", shown) == ["Führungskreis Nord: Zweck, Zeit"]
    assert [e.description("en") for e in logged(store)] == ["Führungskreis Nord: Purpose, Time"]
    # an entry from before the names were kept reads its ids, as it did
    store.cursor().execute(
        "INSERT INTO audit_log (username, action, detail, params)"
        " VALUES ('casey', 'workshop-revealed', 'Room: time', ?)",
        [json.dumps({"title": "Room", "dimensions": ["time"]})],
    )
    assert audit.entries(store)[0].description("de") == "Room: time"
