"""Unsubmitted responses and toggled answers: starts never submitted lose their exact
start time after a few hours and are deleted after the assessment's retention period
(releases unmoved); an answer changed many times leaves one row."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from assessment import access
from assessment.analysis import releases
from assessment.analysis.scoring import score_assessment
from assessment.collect import retention, workshop
from assessment.collect.responses import resume, save_answers, start_response, submit
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, Team
from assessment.storage.store import Store
from tests.engine import engine_questionnaire, likert

START = datetime(2026, 3, 2, 9, 17, 43)


def _assessment(store: Store, k: int = 3) -> Assessment:
    org = access.create_organisation(store, auth.SYSTEM, "Org A").id
    return access.create_assessment(
        store, auth.SYSTEM, org, engine_questionnaire(), name="Adoption", anonymity_threshold=k
    )


def _submitted(store: Store, aid: str, p1: int, when: datetime) -> str:
    secret = start_response(store, aid, role_id="rep", now=when).secret
    save_answers(store, secret, {"p1": likert(p1), "t1": 3}, now=when)
    assert not submit(store, secret, now=when).already_submitted
    return secret


def _started(store: Store, aid: str, when: datetime) -> str:
    secret = start_response(store, aid, role_id="rep", now=when).secret
    save_answers(store, secret, {"p1": likert(2), "note": "half done"}, now=when)
    return secret


def _count(store: Store, sql: str) -> int:
    row = store.cursor().execute(sql).fetchone()
    assert row is not None
    return int(row[0])


def _times(store: Store) -> list[tuple[object, ...]]:
    return (
        store.cursor()
        .execute(
            "SELECT started_hour, started_at, submitted_hour IS NOT NULL FROM respondents"
            " ORDER BY num"
        )
        .fetchall()
    )


# --- start times ---------------------------------------------------------------------------------


def test_an_unsubmitted_start_keeps_only_the_hour_after_a_few_hours() -> None:
    store = Store()
    found = _assessment(store)
    _started(store, found.id, START)
    assert _times(store) == [(datetime(2026, 3, 2, 9), START, False)]
    retention.prune_unsubmitted(store, now=START + timedelta(hours=1))
    assert _times(store) == [(datetime(2026, 3, 2, 9), START, False)]  # still exact
    pruned = retention.prune_unsubmitted(
        store, now=START + timedelta(hours=retention.EXACT_START_HOURS, seconds=1)
    )
    assert pruned.coarsened == 1 and pruned.respondents == 0
    # Like a submitted response: the hour it started, nothing finer.
    assert _times(store) == [(datetime(2026, 3, 2, 9), None, False)]


def test_a_response_submitted_after_its_start_was_coarsened_has_no_duration() -> None:
    store = Store()
    found = _assessment(store)
    secret = _started(store, found.id, START)
    later = START + timedelta(hours=5)
    retention.prune_unsubmitted(store, now=later)
    save_answers(store, secret, {"t1": 3}, now=later)
    assert not submit(store, secret, now=later).already_submitted
    row = (
        store.cursor()
        .execute(
            "SELECT started_hour, started_at, submitted_hour, duration_seconds FROM respondents"
        )
        .fetchone()
    )
    assert row == (datetime(2026, 3, 2, 9), None, datetime(2026, 3, 2, 14), None)


def test_a_quick_submission_still_measures_its_duration() -> None:
    store = Store()
    found = _assessment(store)
    secret = _started(store, found.id, START)
    retention.prune_unsubmitted(store, now=START + timedelta(minutes=30))
    save_answers(store, secret, {"t1": 3})
    submit(store, secret, now=START + timedelta(minutes=4))
    row = store.cursor().execute("SELECT started_at, duration_seconds FROM respondents").fetchone()
    assert row == (None, 240)


# --- pruning -------------------------------------------------------------------------------------


def test_unsubmitted_starts_older_than_the_retention_are_deleted_and_submitted_ones_kept() -> None:
    store = Store()
    found = _assessment(store)
    for n in range(3):
        _submitted(store, found.id, n + 2, START)
    old = [_started(store, found.id, START) for _ in range(2)]
    recent = _started(store, found.id, START + timedelta(days=25))
    before = releases.current(store, found.id)
    assert before.number == 1 and before.scores.respondents == 3

    now = START + timedelta(days=30, hours=2)
    pruned = retention.prune_unsubmitted(store, now=now)
    assert (pruned.respondents, pruned.answers, pruned.comments) == (2, 2, 2)
    for secret in old:
        with pytest.raises(GapMapError) as gone:
            resume(store, secret)
        assert gone.value.code == "bad-secret"
    assert resume(store, recent).answers["p1"] == likert(2)
    assert _count(store, "SELECT count(*) FROM respondents WHERE submitted_hour IS NOT NULL") == 3
    # Releases unmoved: nothing released left, so nothing departed or pending.
    assert _count(store, "SELECT count(*) FROM release_departures") == 0
    assert releases.pending(store, found.id) == 0
    after = releases.current(store, found.id)
    assert (after.number, after.scores.respondents, after.departed_since) == (1, 3, 0)
    assert score_assessment(store, found.id).get("organisation", "purpose").n == 3
    # Audited as retention's, with how many and never whose.
    row = (
        store.cursor()
        .execute(
            "SELECT username, account_id, detail FROM audit_log WHERE action = 'responses-deleted'"
        )
        .fetchall()
    )
    assert row == [
        (
            "(retention)",
            None,
            "unsubmitted responses started more than 30 days ago: 2 respondents,"
            " 2 answers, 2 comments",
        )
    ]
    # A second run finds nothing more.
    assert retention.prune_unsubmitted(store, now=now).respondents == 0


def test_the_consultant_sets_the_retention_per_assessment() -> None:
    store = Store()
    found = _assessment(store)
    other = _assessment(store)
    assert found.unsubmitted_days == 30
    consultant = auth.SYSTEM
    assert access.set_unsubmitted_days(store, consultant, found.id, 7).unsubmitted_days == 7
    for bad in (0, -1, 3651):
        with pytest.raises(GapMapError) as refused:
            access.set_unsubmitted_days(store, consultant, found.id, bad)
        assert refused.value.code == "bad-retention-days"
    _started(store, found.id, START)
    _started(store, other.id, START)
    pruned = retention.prune_unsubmitted(store, now=START + timedelta(days=8, hours=1))
    assert pruned.respondents == 1
    left = store.cursor().execute("SELECT assessment_id FROM respondents").fetchall()
    assert left == [(other.id,)]
    audited = (
        store.cursor()
        .execute("SELECT detail FROM audit_log WHERE action = 'unsubmitted-retention-set'")
        .fetchall()
    )
    assert audited == [("Adoption: unsubmitted responses kept 7 days",)]


def test_workshop_participants_are_not_pruned() -> None:
    store = Store()
    found = _assessment(store)
    w = access.start_workshop(store, auth.SYSTEM, found.id, pacing="self")
    secret = workshop.join(store, w.join_code, role_id="rep", now=START).secret
    workshop.tap(store, secret, "p1", 2)
    retention.prune_unsubmitted(store, now=START + timedelta(days=400))
    assert workshop.saved_answers(store, secret) == {"p1": 2}


def test_pruning_runs_in_the_background_until_stopped() -> None:
    store = Store()
    found = _assessment(store)
    _started(store, found.id, datetime(2020, 1, 1))
    pruner = retention.keep_pruning(store, every=0.01, delay=0)
    for _ in range(500):
        if _count(store, "SELECT count(*) FROM respondents") == 0:
            break
        pruner.thread.join(0.01)
    assert _count(store, "SELECT count(*) FROM respondents") == 0
    pruner.stop(5)
    assert not pruner.thread.is_alive()


# --- toggles -------------------------------------------------------------------------------------


def test_a_survey_answer_toggled_many_times_leaves_one_row_and_the_same_scores() -> None:
    store = Store()
    found = _assessment(store)
    plain = [_submitted(store, found.id, 4, START) for _ in range(2)]
    secret = start_response(store, found.id, role_id="rep", now=START).secret
    for n in range(50):
        save_answers(store, secret, {"p1": likert(1 + n % 5), "note": f"draft {n}"})
    save_answers(store, secret, {"p1": likert(4), "t1": 3, "note": "final"})
    num = _count(store, "SELECT max(num) FROM respondents")
    rows = (
        store.cursor()
        .execute(
            "SELECT count(*) FILTER (WHERE item = 0), count(*) FROM answers WHERE respondent = ?",
            [num],
        )
        .fetchone()
    )
    assert rows == (1, 2)  # p1 once, t1 once
    comments = (
        store.cursor()
        .execute("SELECT count(*) FROM comments WHERE respondent = ?", [num])
        .fetchone()
    )
    assert comments == (1,)
    assert resume(store, secret).answers == {"p1": likert(4), "t1": 3, "note": "final"}
    submit(store, secret)
    result = score_assessment(store, found.id).get("organisation", "purpose")
    assert result.n == 3 and len(plain) == 2
    # Three identical respondents: the toggled one scores like the two who answered once.
    assert result.sd == 0


@pytest.fixture(autouse=True)
def release_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 0.0)


def _answer_rows(store: Store, secret: str) -> int:
    participant = workshop.participant(store, secret)
    row = (
        store.cursor()
        .execute(
            "SELECT count(*) FROM answers a JOIN respondents r ON r.num = a.respondent"
            " WHERE r.id = ?",
            [participant.respondent_id],
        )
        .fetchone()
    )
    assert row is not None
    return int(row[0])


def test_a_workshop_tap_toggled_between_releases_leaves_one_row_and_releases_hold() -> None:
    store = Store()
    found = _assessment(store, k=3)
    w = access.start_workshop(store, auth.SYSTEM, found.id, pacing="self")
    room = [workshop.join(store, w.join_code, role_id="rep").secret for _ in range(3)]
    access.set_revealed(store, auth.SYSTEM, w.id, "purpose")
    for n, secret in enumerate(room):
        workshop.tap(store, secret, "p1", n + 1)
    view = access.live_view(store, auth.SYSTEM, w.id)
    first = view.dimension("purpose")
    assert first.release == 1 and first.result is not None
    mean = first.result.mean
    toggler = room[0]
    # Before the next release: 40 toggles, and the released answer (row 1) plus the
    # current one are all that is kept.
    for n in range(40):
        workshop.tap(store, toggler, "p1", n % 5)
    workshop.tap(store, toggler, "p1", 4)
    assert _answer_rows(store, toggler) == 2
    # The other two change too: k = 3 changed, so the next release is made from the
    # compacted rows and agrees with the answers.
    workshop.tap(store, room[1], "p1", 4)
    workshop.tap(store, room[2], "p1", 4)
    second = access.live_view(store, auth.SYSTEM, w.id).dimension("purpose")
    assert second.release == 2 and second.result is not None
    assert second.result.mean != mean and second.result.n == 3
    assert second.result.sd == 0  # everyone on the top option now
    # And after it, a third round of toggles still releases correctly.
    for secret in room:
        for n in range(5):
            workshop.tap(store, secret, "p1", n)
        workshop.tap(store, secret, "p1", 0)
    third = access.live_view(store, auth.SYSTEM, w.id).dimension("purpose")
    assert third.release == 3 and third.result is not None and third.result.sd == 0
    assert all(_answer_rows(store, secret) == 3 for secret in room)


def test_a_response_begun_on_the_open_link_stays_capped_after_its_start_was_coarsened() -> None:
    store = Store()
    org = access.create_organisation(store, auth.SYSTEM, "Org A").id
    capped = access.create_assessment(
        store,
        auth.SYSTEM,
        org,
        engine_questionnaire(),
        name="Capped",
        teams=(Team("north", "North", 1),),
    )
    early = start_response(store, capped.id, role_id="rep", team_id="north", now=START).secret
    late = start_response(store, capped.id, role_id="rep", team_id="north", now=START).secret
    retention.prune_unsubmitted(store, now=START + timedelta(hours=3))
    access.set_per_person_codes(store, auth.SYSTEM, capped.id, True)
    for secret in (early, late):
        save_answers(store, secret, {"p1": likert(3), "t1": 3})
    assert not submit(store, early).already_submitted
    # The exact start is gone; by its hour it began before the switch: still capped.
    with pytest.raises(GapMapError) as full:
        submit(store, late)
    assert full.value.code == "team-full"
