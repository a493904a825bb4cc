"""Retention and erasure: an assessment's responses deleted (all, or before a date), one
respondent erased by the secret of their link; audited without saying whose; scores,
reports, workshops and the process's memos reflect the deletion at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
from typer.testing import CliRunner

from assessment import access
from assessment.access import build_report
from assessment.analysis.scoring import score_assessment
from assessment.cli import app
from assessment.collect import retention, workshop
from assessment.collect.responses import hash_secret, resume, save_answers, start_response, submit
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment
from assessment.organisation.auth import Actor, PermissionDenied
from assessment.storage.store import Store
from tests.engine import engine_questionnaire, likert

JANUARY = datetime(2026, 1, 12, 9, 30)
MARCH = datetime(2026, 3, 3, 14, 5)


@dataclass
class World:
    store: Store
    assessment: Assessment
    consultant: Actor
    secrets: dict[str, list[str]]  # "january" / "march" -> their secrets


def _respond(store: Store, aid: str, p1: int, when: datetime, note: str | None = None) -> str:
    """A submitted response at `when`: p1 as a 1..5 score, t1 = s4, maybe a comment."""
    secret = start_response(store, aid, role_id="rep", now=when).secret
    answers: dict[str, Any] = {"p1": likert(p1), "t1": 3}
    if note is not None:
        answers["note"] = note
    save_answers(store, secret, answers, now=when)
    assert not submit(store, secret, now=when).already_submitted
    return secret


def _world(path: str = ":memory:") -> World:
    store = Store(path)
    q = engine_questionnaire()
    org = access.create_organisation(store, auth.SYSTEM, "Org A").id
    assessment = access.create_assessment(
        store, auth.SYSTEM, org, q, name="Adoption", anonymity_threshold=3
    )
    january = [
        _respond(store, assessment.id, 2, JANUARY, note="Too many fields." if i == 0 else None)
        for i in range(4)
    ]
    march = [
        _respond(store, assessment.id, 5, MARCH, note="Works for me." if i == 0 else None)
        for i in range(3)
    ]
    consultant = Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org}))
    return World(store, assessment, consultant, {"january": january, "march": march})


@pytest.fixture
def world() -> World:
    return _world()


def _count(store: Store, table: str) -> int:
    row = store.cursor().execute(f"SELECT count(*) FROM {table}").fetchone()  # noqa: S608
    assert row is not None
    return int(row[0])


def _purpose(store: Store, aid: str) -> tuple[int | None, float | None, bool]:
    result = score_assessment(store, aid).get("organisation", "purpose")
    return result.n, result.mean, result.suppressed


def _audit(store: Store, action: str) -> list[tuple[Any, ...]]:
    return (
        store.cursor()
        .execute(
            "SELECT username, account_id, assessment_id, detail FROM audit_log"
            " WHERE action = ? ORDER BY seq",
            [action],
        )
        .fetchall()
    )


# --- retention: an assessment's responses -------------------------------------------------


def test_responses_before_a_date_are_deleted_and_the_newer_ones_kept(world: World) -> None:
    store, aid = world.store, world.assessment.id
    assert _purpose(store, aid) == pytest.approx((7, (4 * 2 + 3 * 5) / 7, False))
    erased = access.delete_responses(store, world.consultant, aid, before=date(2026, 2, 1))
    # 4 January respondents, each with p1 and t1 answered; one wrote a comment.
    assert erased == retention.Erased(respondents=4, answers=8, comments=1)
    assert _purpose(store, aid) == (3, 5.0, False)
    assert (_count(store, "respondents"), _count(store, "answers")) == (3, 6)
    assert (_count(store, "comments"), _count(store, "respondent_scores")) == (1, 6)
    assert _audit(store, "responses-deleted") == [
        (
            "cons-a",
            "ca",
            aid,
            "responses before 2026-02-01: 4 respondents, 8 answers, 1 comment",
        )
    ]
    # Their links no longer open anything.
    with pytest.raises(GapMapError) as gone:
        resume(store, world.secrets["january"][0])
    assert gone.value.code == "bad-secret"
    assert resume(store, world.secrets["march"][0]).submitted


def test_the_date_is_compared_with_submission_or_else_the_start(world: World) -> None:
    store, aid = world.store, world.assessment.id
    # Started in January, still open in April: its last known activity is the start.
    unfinished = start_response(store, aid, role_id="rep", now=JANUARY).secret
    save_answers(store, unfinished, {"p1": likert(3)}, now=datetime(2026, 4, 1))
    erased = access.delete_responses(store, world.consultant, aid, before=date(2026, 3, 3))
    assert erased.respondents == 5  # four submitted in January, and the unfinished one
    # A response submitted on the cut-off day itself is kept.
    assert access.delete_responses(store, world.consultant, aid, before=date(2026, 3, 3)) == (
        retention.NOTHING
    )
    assert _count(store, "respondents") == 3


def test_deleting_every_response_empties_scores_and_the_report(world: World) -> None:
    store, aid = world.store, world.assessment.id
    before = build_report(store, auth.SYSTEM, aid, generated=date(2026, 4, 1))
    assert before.respondents == 7
    erased = access.delete_responses(store, auth.SYSTEM, aid)
    assert erased == retention.Erased(respondents=7, answers=14, comments=2)
    after = build_report(store, auth.SYSTEM, aid, generated=date(2026, 4, 1))
    assert after.respondents == 0
    assert _purpose(store, aid) == (None, None, True)
    for table in ("respondents", "answers", "comments", "respondent_scores"):
        assert _count(store, table) == 0, table
    assert _audit(store, "responses-deleted")[0][3] == (
        "all responses: 7 respondents, 14 answers, 2 comments"
    )


def test_other_assessments_keep_their_responses(world: World) -> None:
    store = world.store
    other = access.create_assessment(
        store, auth.SYSTEM, world.assessment.organisation_id, engine_questionnaire(), name="Other"
    )
    kept = _respond(store, other.id, 4, JANUARY)
    access.delete_responses(store, auth.SYSTEM, world.assessment.id)
    assert resume(store, kept).submitted
    assert _count(store, "respondents") == 1


def test_leadership_and_other_consultants_may_not_delete(world: World) -> None:
    org = world.assessment.organisation_id
    leader = Actor("leadership", "la", "lead-a", organisation_ids=frozenset({org}))
    stranger = Actor("consultant", "cb", "cons-b", organisation_ids=frozenset({"org-b"}))
    for actor in (leader, stranger):
        with pytest.raises(PermissionDenied) as refused:
            access.delete_responses(world.store, actor, world.assessment.id)
        assert refused.value.code == "forbidden"
    assert _count(world.store, "respondents") == 7
    assert _audit(world.store, "responses-deleted") == []


# --- erasure: one respondent, by the secret of their link ----------------------------------


def test_a_respondent_erases_their_own_answers_with_their_secret(world: World) -> None:
    store, aid = world.store, world.assessment.id
    secret = world.secrets["march"][0]  # p1 = 5 and the comment "Works for me."
    erased = retention.erase_respondent(store, secret)
    assert erased == retention.Erased(respondents=1, answers=2, comments=1)
    assert _purpose(store, aid) == pytest.approx((6, (4 * 2 + 2 * 5) / 6, False))
    comments = [row[0] for row in store.cursor().execute("SELECT text FROM comments").fetchall()]
    assert comments == ["Too many fields."]
    with pytest.raises(GapMapError) as gone:
        resume(store, secret)
    assert gone.value.code == "bad-secret"
    # Audited without saying whose: no account, no secret, no respondent id.
    entries = _audit(store, "respondent-erased")
    assert entries == [(None, None, aid, "by the respondent: 2 answers, 1 comment")]
    assert secret not in str(entries)


def test_erasing_twice_finds_nothing_the_second_time(world: World) -> None:
    secret = world.secrets["january"][1]
    retention.erase_respondent(world.store, secret)
    with pytest.raises(GapMapError) as again:
        retention.erase_respondent(world.store, secret)
    assert again.value.code == "unknown-response"
    assert _count(world.store, "respondents") == 6


def test_a_consultant_erases_at_the_request_of_a_respondent_who_sent_their_link(
    world: World,
) -> None:
    store, aid = world.store, world.assessment.id
    link = f"https://gapmap.example/?r={world.secrets['january'][0]}"
    erased = access.erase_respondent(store, world.consultant, link)
    assert erased == retention.Erased(respondents=1, answers=2, comments=1)
    assert _audit(store, "respondent-erased") == [
        (
            "cons-a",
            "ca",
            aid,
            "at the respondent's request, with their link: 2 answers, 1 comment",
        )
    ]
    with pytest.raises(GapMapError) as unknown:
        access.erase_respondent(store, world.consultant, link)
    assert unknown.value.code == "unknown-response"


def test_a_consultant_of_another_organisation_may_not_erase(world: World) -> None:
    stranger = Actor("consultant", "cb", "cons-b", organisation_ids=frozenset({"org-b"}))
    with pytest.raises(PermissionDenied) as refused:
        access.erase_respondent(world.store, stranger, world.secrets["march"][1])
    assert refused.value.code == "forbidden"
    assert _count(world.store, "respondents") == 7


def test_erasure_brings_a_group_below_the_threshold_and_it_is_suppressed(world: World) -> None:
    store, aid = world.store, world.assessment.id
    access.delete_responses(store, auth.SYSTEM, aid, before=date(2026, 2, 1))
    assert _purpose(store, aid) == (3, 5.0, False)
    retention.erase_respondent(store, world.secrets["march"][2])
    assert _purpose(store, aid) == (None, None, True)  # 2 < k = 3
    # two people are fewer than k = 3: nothing has been released, so the report has none
    assert build_report(store, auth.SYSTEM, aid, generated=date(2026, 4, 1)).respondents == 0


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("abc_DEF-123", "abc_DEF-123"),
        ("  abc  ", "abc"),
        ("https://gapmap.example/?r=abc_DEF-123", "abc_DEF-123"),
        ("https://gapmap.example/respond?lang=de&r=xyz", "xyz"),
        ("https://gapmap.example/?w=K7MQ4X&p=phone-secret", "phone-secret"),
        ("?r=only-query", "only-query"),
    ],
)
def test_the_secret_is_read_from_a_pasted_link(pasted: str, expected: str) -> None:
    assert retention.secret_from_link(pasted) == expected


# --- workshops --------------------------------------------------------------------------------


def test_a_workshop_participant_is_erased_and_the_screen_no_longer_counts_them(
    world: World,
) -> None:
    store = world.store
    room = access.start_workshop(store, world.consultant, world.assessment.id, pacing="self")
    access.set_revealed(store, world.consultant, room.id, "purpose")
    phones = []
    for score in (1, 1, 1, 5):
        secret = workshop.join(store, room.join_code, role_id="rep").secret
        workshop.answer(store, secret, {"p1": likert(score)})
        phones.append(secret)
    shown = access.live_view(store, world.consultant, room.id).dimension("purpose").result
    assert shown is not None and (shown.n, shown.mean) == (4, 2.0)
    assert f"workshop-seat:{hash_secret(phones[3])}" in store.memo  # the phone's cached seat
    retention.erase_respondent(store, phones[3])
    assert f"workshop-seat:{hash_secret(phones[3])}" not in store.memo
    # The held result pauses: showing the three left would give away the erased answer
    # (4 x 2.0 - 3 x 1.0), and the old figure still holds it. Nothing until k changes.
    view = access.live_view(store, world.consultant, room.id)
    purpose = view.dimension("purpose")
    assert (view.joined, purpose.answered) == (3, 3)
    assert (purpose.status, purpose.result) == ("paused", None)
    # The survey is untouched.
    assert _purpose(store, world.assessment.id)[0] == 7


def test_deleting_all_responses_takes_workshop_participants_too(world: World) -> None:
    store = world.store
    room = access.start_workshop(store, world.consultant, world.assessment.id, pacing="self")
    for _ in range(3):
        secret = workshop.join(store, room.join_code, role_id="rep").secret
        workshop.answer(store, secret, {"p1": likert(4)})
    erased = access.delete_responses(store, world.consultant, world.assessment.id)
    assert erased == retention.Erased(respondents=10, answers=17, comments=2)
    view = access.live_view(store, world.consultant, room.id)
    assert view.joined == 0
    assert f"scored:{world.assessment.id}" not in store.memo
    assert not any(key.startswith("workshop-seat:") for key in store.memo)


# --- the command line ----------------------------------------------------------------------------


def test_the_command_line_deletes_before_a_date_and_erases_a_link(tmp_path: Any) -> None:
    db = tmp_path / "gapmap.duckdb"
    w = _world(str(db))
    secret, aid = w.secrets["march"][0], w.assessment.id
    w.store.close()
    runner = CliRunner()
    bad = runner.invoke(app, ["delete-responses", "-a", aid, "--before", "March", "--db", str(db)])
    assert bad.exit_code == 1
    assert "--before must be a date like 2026-01-31, not 'March'" in bad.output
    done = runner.invoke(
        app, ["delete-responses", "-a", aid, "--before", "2026-02-01", "--yes", "--db", str(db)]
    )
    assert done.exit_code == 0, done.output
    assert "deleted 4 responses: 8 answers, 1 comment" in done.output
    erased = runner.invoke(app, ["erase", f"https://x.example/?r={secret}", "--db", str(db)])
    assert erased.exit_code == 0, erased.output
    assert "erased 2 answers and 1 comment" in erased.output
    # after "--": a secret may start with "-" (one in 64 do), which would read as an option
    again = runner.invoke(app, ["erase", "--db", str(db), "--", secret])
    assert again.exit_code == 1
    assert "[unknown-response]" in again.output
    store = Store(db)
    try:
        assert _count(store, "respondents") == 2
        assert [row[0] for row in _audit(store, "respondent-erased")] == ["(command line)"]
    finally:
        store.close()
