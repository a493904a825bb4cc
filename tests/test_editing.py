"""Editing an assessment after launch: every setting, teams added, renamed, merged and
removed, the questionnaire fixed once answers exist, and closing while people are
midway. Each test checks the rows written and the audit entries; the merge test proves
that the release audit sees through a merge (no pair of releases isolates the people
who moved)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assessment import access
from assessment.analysis import releases
from assessment.analysis.scoring import submitted_count
from assessment.collect.responses import AnswerValue, save_answers, start_response, submit
from assessment.collect.retention import prune_unsubmitted
from assessment.errors import AssessmentError, ResponseError
from assessment.organisation import audit, auth
from assessment.organisation.assessments import Assessment, Team, utcnow
from assessment.organisation.auth import Actor
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from tests.engine import answer, engine_questionnaire, likert

ROOT = Path(__file__).resolve().parent.parent
QUICK = load_or_raise(ROOT / "questionnaires" / "crm-quickcheck.yaml")
CONSULTANT_NAME = "casey"
FULL: dict[str, AnswerValue] = {"p1": likert(4), "t1": 3, "note": ""}


def _world(
    teams: tuple[Team, ...] = (Team("north", "North", 10), Team("south", "South", 8)),
    *,
    q: Any = None,
) -> tuple[Store, Actor, Assessment]:
    store = Store()
    org = access.create_organisation(store, auth.SYSTEM, "Acme").id
    me = Actor("consultant", "c1", CONSULTANT_NAME, organisation_ids=frozenset({org}))
    found = access.create_assessment(
        store, auth.SYSTEM, org, q or engine_questionnaire(), name="Pulse", teams=teams
    )
    return store, me, found


def _log(store: Store, after: int = 0) -> list[tuple[str | None, str, str | None]]:
    """(who, action, detail) of the entries after `after`, oldest first."""
    return [
        (e.username, e.action, e.detail) for e in reversed(audit.entries(store)) if e.seq > after
    ]


def _last_seq(store: Store) -> int:
    row = store.cursor().execute("SELECT coalesce(max(seq), 0) FROM audit_log").fetchone()
    return int(row[0]) if row else 0


def _rows(store: Store, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    return store.cursor().execute(sql, list(params)).fetchall()


# --- settings ---------------------------------------------------------------------------------


def test_purpose_targets_and_close_date_change_with_old_and_new_audited() -> None:
    store, me, found = _world()
    seq = _last_seq(store)
    access.set_purpose(store, me, found.id, "  Find where the CRM helps.  ")
    access.set_targets(store, me, found.id, {"time": 5})
    access.set_close_date(store, me, found.id, datetime(2030, 1, 31, 18, 0))
    access.set_targets(store, me, found.id, {"time": 5})  # no change: nothing written

    now = access.get_assessment(store, me, found.id)
    assert now.purpose == "Find where the CRM helps."
    assert now.targets == {"purpose": 4, "time": 5}
    assert now.closes_at == datetime(2030, 1, 31, 18, 0)
    assert _rows(
        store,
        "SELECT dimension_id, target_level FROM assessment_targets WHERE assessment_id = ?"
        " ORDER BY 1",
        found.id,
    ) == [("purpose", 4), ("time", 5)]
    assert _log(store, seq) == [
        ("casey", "purpose-changed", "Pulse: purpose (none) -> “Find where the CRM helps.”"),
        ("casey", "targets-changed", "Pulse: targets time 4 -> 5"),
        ("casey", "close-date-changed", "Pulse: closes (none) -> 2030-01-31 18:00"),
    ]


def test_bad_settings_are_refused_by_code_and_write_nothing() -> None:
    store, me, found = _world()
    seq = _last_seq(store)
    refusals = []
    changes: list[Callable[[], Assessment]] = [
        lambda: access.set_targets(store, me, found.id, {"time": 9}),
        lambda: access.set_targets(store, me, found.id, {"speed": 3}),
        lambda: access.set_purpose(store, me, found.id, "x" * 2001),
        lambda: access.set_languages(store, me, found.id, []),
        lambda: access.set_languages(store, me, found.id, ["de"]),
    ]
    for change in changes:
        with pytest.raises(AssessmentError) as refused:
            change()
        refusals.append(refused.value.code)
    assert refusals == [
        "bad-target",
        "unknown-dimension",
        "purpose-too-long",
        "no-languages",
        "unknown-language",
    ]
    assert _log(store, seq) == []
    assert access.get_assessment(store, me, found.id) == found


def test_a_language_the_questionnaire_has_is_added_and_one_in_use_may_be_removed() -> None:
    store, me, found = _world(q=QUICK)
    access.set_languages(store, me, found.id, ["en"])
    role = QUICK.roles[0].id
    german = start_response(store, found.id, role_id=role, team_id="north", language="en")
    seq = _last_seq(store)
    assert access.set_languages(store, me, found.id, ["en", "de"]).languages == ("en", "de")
    access.set_languages(store, me, found.id, ["de"])  # "en" was used: allowed
    assert _rows(store, "SELECT languages FROM assessments WHERE id = ?", found.id) == [(["de"],)]
    # the response begun in English is still there, with its language
    assert _rows(store, "SELECT language FROM respondents WHERE id = ?", german.respondent_id) == [
        ("en",)
    ]
    assert _log(store, seq) == [
        ("casey", "languages-changed", "Pulse: languages en -> en, de"),
        ("casey", "languages-changed", "Pulse: languages en, de -> de"),
    ]


@pytest.mark.parametrize("change", ["languages", "questionnaire"])
def test_a_change_whose_audit_entry_cannot_be_written_is_not_made(change: str) -> None:
    store, me, found = _world(q=QUICK)
    before = _rows(store, "SELECT * FROM assessments ORDER BY ALL")
    store.cursor().execute("ALTER TABLE audit_log RENAME TO audit_log_away")
    with pytest.raises(duckdb.CatalogException):
        if change == "languages":
            access.set_languages(store, me, found.id, ["de"])
        else:
            access.set_questionnaire(store, me, found.id, engine_questionnaire())
    assert _rows(store, "SELECT * FROM assessments ORDER BY ALL") == before


# --- teams ------------------------------------------------------------------------------------


def test_team_added_renamed_and_head_count_changed_keep_ids_and_links() -> None:
    store, me, found = _world()
    seq = _last_seq(store)
    access.add_team(store, me, found.id, "West Coast", 4)
    access.rename_team(store, me, found.id, "north", "North & Baltic")
    access.set_head_count(store, me, found.id, "south", 12)
    access.set_head_count(store, me, found.id, "west-coast", None)
    assert _rows(
        store,
        "SELECT team_id, name, head_count, position FROM teams WHERE assessment_id = ?"
        " ORDER BY position",
        found.id,
    ) == [
        ("north", "North & Baltic", 10, 0),
        ("south", "South", 12, 1),
        ("west-coast", "West Coast", None, 2),
    ]
    assert _log(store, seq) == [
        ("casey", "team-added", "Pulse: team “West Coast” (head-count 4)"),
        ("casey", "team-renamed", "Pulse: team “North” -> “North & Baltic”"),
        ("casey", "head-count-changed", "Pulse: team “South” head-count 8 -> 12"),
        ("casey", "head-count-changed", "Pulse: team “West Coast” head-count 4 -> (none)"),
    ]
    with pytest.raises(AssessmentError) as taken:
        access.rename_team(store, me, found.id, "south", "north & baltic")
    assert taken.value.code == "duplicate-team"


def test_a_team_with_responses_cannot_be_removed_an_empty_one_can() -> None:
    store, me, found = _world()
    start_response(store, found.id, role_id="rep", team_id="north")  # midway counts too
    seq = _last_seq(store)
    with pytest.raises(AssessmentError) as refused:
        access.remove_team(store, me, found.id, "north")
    assert refused.value.code == "team-has-responses"
    assert "merge it into another team" in refused.value.message
    assert "einem anderen Team zusammen" in refused.value.message_in("de")
    assert _log(store, seq) == []
    access.remove_team(store, me, found.id, "south")
    assert _rows(store, "SELECT team_id FROM teams WHERE assessment_id = ?", found.id) == [
        ("north",)
    ]
    assert _log(store, seq) == [("casey", "team-removed", "Pulse: team “South” (no responses)")]


def test_merge_moves_every_response_sums_head_counts_and_retires_the_id() -> None:
    store, me, found = _world()
    q = engine_questionnaire()
    answer(store, found, q, [("rep", "south", FULL)] * 3 + [("rep", "north", FULL)] * 2)
    start_response(store, found.id, role_id="lead", team_id="south")  # midway
    seq = _last_seq(store)
    merged = access.merge_teams(store, me, found.id, "south", "north")

    assert merged.teams == (Team("north", "North", 18),)
    assert _rows(
        store,
        "SELECT team_id, first_team, submitted_hour IS NOT NULL, count(*) FROM respondents"
        " WHERE assessment_id = ? GROUP BY ALL ORDER BY ALL",
        found.id,
    ) == [("north", "south", False, 1), ("north", "south", True, 3), ("north", None, True, 2)]
    assert _rows(store, "SELECT from_team, into_team, after_release FROM team_merges") == [
        ("south", "north", 0)
    ]
    assert _log(store, seq) == [
        (
            "casey",
            "teams-merged",
            "Pulse: team “South” merged into “North”, 4 responses moved, head-count now 18",
        )
    ]
    # a team added later with the merged team's name gets a new id, not the retired one
    assert access.add_team(store, me, found.id, "South").teams[-1].id == "south-2"
    with pytest.raises(AssessmentError) as itself:
        access.merge_teams(store, me, found.id, "north", "north")
    assert itself.value.code == "merge-into-itself"


def _team(release: releases.Release, team: str) -> tuple[bool, int | None, int | None]:
    r = release.scores.get("team", "purpose", team=team)
    return r.suppressed, r.n, r.as_of


def test_a_merge_cannot_make_two_releases_differ_by_fewer_than_k_people() -> None:
    # North 6 and South 6 are shown, East 2 and West 3 hidden (together 5: "other teams").
    teams = tuple(Team(t, t.title()) for t in ("north", "south", "east", "west"))
    store, me, found = _world(teams)
    q = engine_questionnaire()
    rows = {"north": 6, "south": 6, "east": 2, "west": 3}
    answer(store, found, q, [("rep", t, FULL) for t, n in rows.items() for _ in range(n)])
    first = releases.current(store, found.id)
    assert first.number == 1
    assert [_team(first, t) for t in rows] == [
        (False, 6, None),
        (False, 6, None),
        (True, None, None),
        (True, None, None),
    ]
    # East's two people move into South; five new people answer in North.
    access.merge_teams(store, me, found.id, "east", "south")
    # Until the next release, viewers read release 1 as it was; it still reads and reports.
    assert access.analysis(store, me, found.id, with_trend=False).scores.release == 1
    assert access.build_report(store, me, found.id, "en").assessment == "Pulse"
    answer(store, found, q, [("rep", "north", FULL)] * 5)
    second = releases.current(store, found.id)
    assert second.number == 2
    # South now holds 8, but showing 8 beside release 1's 6 would give East's two away:
    # it keeps release 1's figure (as of release 1), which says nothing new.
    assert _team(second, "south") == (False, 6, 1)
    assert _team(second, "north") == (False, 11, None)
    assert _team(second, "west") == (True, None, None)
    fresh = {key[2] for grouping, key in second.fresh if grouping == "team"}
    assert fresh == {"north"}


def test_a_merge_of_at_least_k_people_shows_the_merged_team_afresh() -> None:
    teams = tuple(Team(t, t.title()) for t in ("north", "south", "east"))
    store, me, found = _world(teams)
    q = engine_questionnaire()
    rows = {"north": 6, "south": 6, "east": 5}
    answer(store, found, q, [("rep", t, FULL) for t, n in rows.items() for _ in range(n)])
    assert releases.current(store, found.id).number == 1
    access.merge_teams(store, me, found.id, "east", "south")
    answer(store, found, q, [("rep", "north", FULL)] * 5)
    second = releases.current(store, found.id)
    assert _team(second, "south") == (False, 11, None)
    assert _team(second, "north") == (False, 11, None)


# --- the questionnaire --------------------------------------------------------------------------


def test_the_questionnaire_changes_before_any_answer_and_is_fixed_after() -> None:
    store, me, found = _world()
    seq = _last_seq(store)
    changed = access.set_questionnaire(store, me, found.id, QUICK)
    assert changed.content_hash == QUICK.content_hash()
    assert changed.languages == ("en",)  # the languages it shares are kept
    assert set(changed.targets) == {d.id for d in QUICK.dimensions}
    assert _log(store, seq) == [
        (
            "casey",
            "questionnaire-changed",
            f"Pulse: questionnaire engine 1 -> {QUICK.id} {QUICK.version}",
        )
    ]
    start_response(store, found.id, role_id=QUICK.roles[0].id, team_id="north")
    seq = _last_seq(store)
    with pytest.raises(AssessmentError) as fixed:
        access.set_questionnaire(store, me, found.id, engine_questionnaire())
    assert fixed.value.code == "questionnaire-fixed"
    assert "a new wave" in fixed.value.message
    assert access.get_assessment(store, me, found.id).content_hash == QUICK.content_hash()
    assert _log(store, seq) == []


# --- closing while people are midway ------------------------------------------------------------


def test_closing_keeps_midway_answers_uncounted_and_reopening_lets_them_finish() -> None:
    store, me, found = _world()
    q = engine_questionnaire()
    answer(store, found, q, [("rep", "north", FULL)] * 5)
    long_ago = utcnow() - timedelta(days=40)
    midway = [
        start_response(store, found.id, role_id="rep", team_id="north", now=long_ago),
        start_response(store, found.id, role_id="lead", team_id="south", now=long_ago),
    ]
    save_answers(store, midway[0].secret, {"p1": likert(2)}, now=long_ago)
    save_answers(store, midway[1].secret, {"p1": likert(5), "t1": 6}, now=long_ago)
    assert access.midway_count(store, me, found.id) == 2

    seq = _last_seq(store)
    access.set_closed(store, me, found.id, True)
    assert _log(store, seq) == [
        ("casey", "assessment-closed", "Pulse: 2 responses midway kept, not counted")
    ]
    # Kept while closed, however old: the pruner leaves a closed assessment alone.
    assert prune_unsubmitted(store).respondents == 0
    counted = "SELECT count(*) FROM answers a JOIN respondents r ON r.num = a.respondent"
    unsubmitted = counted + " WHERE r.submitted_hour IS NULL AND r.assessment_id = ?"
    assert _rows(store, unsubmitted, found.id) == [(3,)]
    assert submitted_count(store, found.id) == 5  # incomplete: not in any result
    with pytest.raises(ResponseError) as closed:
        save_answers(store, midway[0].secret, {"t1": 2})
    assert closed.value.code == "assessment-closed"

    seq = _last_seq(store)
    access.set_closed(store, me, found.id, False)
    assert _log(store, seq) == [
        ("casey", "assessment-reopened", "Pulse: 2 responses midway can be finished")
    ]
    # Started 40 days ago with 30 days' retention, but the clock restarts at reopening.
    assert prune_unsubmitted(store).respondents == 0
    save_answers(store, midway[0].secret, {"t1": 2, "note": ""})
    assert not submit(store, midway[0].secret).already_submitted
    assert submitted_count(store, found.id) == 6
    assert access.midway_count(store, me, found.id) == 1
    # A month after the reopening the one never finished goes, as retention says.
    assert prune_unsubmitted(store, now=utcnow() + timedelta(days=31)).respondents == 1
    assert submitted_count(store, found.id) == 6


def test_each_release_sees_the_teams_as_they_stood_through_chained_merges() -> None:
    teams = tuple(Team(t, t.title()) for t in ("north", "south", "east"))
    store, me, found = _world(teams)
    start_response(store, found.id, role_id="rep", team_id="east")
    access.merge_teams(store, me, found.id, "east", "south")  # before any release
    store.cursor().execute("INSERT INTO releases VALUES (?, 1, now(), 0, '{}')", [found.id])
    access.merge_teams(store, me, found.id, "south", "north")  # after release 1
    at = releases.team_at(store.cursor(), found.id)
    assert [at("east", n) for n in (0, 1, 2)] == ["east", "south", "north"]
    assert [at("south", n) for n in (1, 2)] == ["south", "north"]
    assert [at("north", n) for n in (1, 2)] == ["north", "north"]
    assert at(None, 2) is None
    moved = _rows(
        store, "SELECT team_id, first_team FROM respondents WHERE assessment_id = ?", found.id
    )
    assert moved == [("north", "east")]  # moved twice, known by the team it began in
    assert _rows(
        store, "SELECT from_team, into_team, after_release FROM team_merges ORDER BY merged_at"
    ) == [("east", "south", 0), ("south", "north", 1)]
