"""Live workshops: join codes, pacing, reveal rules, anonymity on the shared screen,
resume without duplicates, ending, comparisons, agreed actions, permissions, and 50
participants answering at once while the facilitator's screen refreshes."""

from __future__ import annotations

import inspect
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assessment import access
from assessment.access import build_report
from assessment.analysis.analysis import analyse
from assessment.collect import workshop
from assessment.collect.responses import DONT_KNOW, start_response
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.assessments import CODE_ALPHABET, Assessment, Team
from assessment.organisation.auth import Actor, PermissionDenied
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise, parse_questionnaire
from assessment.storage.store import Store
from tests.engine import ENGINE_YAML, answer, engine_questionnaire, likert

CONSULTANT = "consultant A"
QUICKCHECK = Path(__file__).resolve().parent.parent / "questionnaires" / "crm-quickcheck.yaml"


@dataclass
class Room:
    store: Store
    q: Questionnaire
    assessment: Assessment
    actors: dict[str, Actor]

    @property
    def consultant(self) -> Actor:
        return self.actors[CONSULTANT]


def _room(k: int = 3, teams: tuple[Team, ...] = ()) -> Room:
    store = Store()
    q = engine_questionnaire()
    org_a = access.create_organisation(store, auth.SYSTEM, "Org A").id
    org_b = access.create_organisation(store, auth.SYSTEM, "Org B").id
    assessment = access.create_assessment(
        store,
        auth.SYSTEM,
        org_a,
        q,
        name="Adoption",
        anonymity_threshold=k,
        teams=teams,
        targets={"purpose": 4, "time": 3},
    )
    actors = {
        "respondent": auth.RESPONDENT,
        "leadership A": Actor("leadership", "la", "lead-a", organisation_ids=frozenset({org_a})),
        "leadership B": Actor("leadership", "lb", "lead-b", organisation_ids=frozenset({org_b})),
        CONSULTANT: Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org_a})),
        "consultant B": Actor("consultant", "cb", "cons-b", organisation_ids=frozenset({org_b})),
        "signed out": auth.ANONYMOUS,
        "system": auth.SYSTEM,
    }
    return Room(store, q, assessment, actors)


@pytest.fixture(autouse=True)
def release_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Releases as soon as k participants changed, however short the time since the
    last (the pace of releases has its own test)."""
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 0.0)


@pytest.fixture
def room() -> Room:
    return _room()


def _start(room: Room, **settings: Any) -> workshop.Workshop:
    return access.start_workshop(room.store, room.consultant, room.assessment.id, **settings)


def _join(room: Room, w: workshop.Workshop, role: str = "rep", **kw: Any) -> str:
    return workshop.join(room.store, w.join_code, role_id=role, **kw).secret


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(GapMapError) as refused:
        call()
    return refused.value.code


# --- join codes ---------------------------------------------------------------------------------


def test_join_code_has_six_characters_without_look_alikes(room: Room) -> None:
    codes = {_start(room).join_code for _ in range(40)}
    assert len(codes) == 40
    for code in codes:
        assert len(code) == 6
        assert set(code) <= set(CODE_ALPHABET)
        assert not set(code) & set("0O1IL5S2Z8B")


def test_join_code_ignores_case_spaces_and_dashes(room: Room) -> None:
    w = _start(room)
    typed = f" {w.join_code[:3].lower()}-{w.join_code[3:].lower()} "
    assert workshop.find_workshop(room.store, typed).workshop.id == w.id


@pytest.mark.parametrize("code", ["", "ABC", "QQQQQQ", "<script>", "x" * 5000])
def test_unknown_code_is_refused_clearly(room: Room, code: str) -> None:
    _start(room)
    assert _code(lambda: workshop.find_workshop(room.store, code)) == "unknown-code"


# --- starting -----------------------------------------------------------------------------------


def test_start_records_pacing_team_question_and_an_audit_entry(room: Room) -> None:
    w = _start(room, title="  Kick-off   Berlin ", pacing="self")
    assert (w.title, w.pacing, w.ask_team, w.step, w.revealed, w.running) == (
        "Kick-off Berlin",
        "self",
        False,
        0,
        (),
        True,
    )
    logged = room.store.cursor().execute(
        "SELECT username, action, assessment_id, detail FROM audit_log"
        " WHERE action = 'workshop-started'"
    )
    assert logged.fetchall() == [
        ("cons-a", "workshop-started", room.assessment.id, "Kick-off Berlin (self-paced)")
    ]


def test_a_questionnaire_without_pulse_items_cannot_hold_a_workshop() -> None:
    store = Store()
    text = re.sub(r"(, pulse: true| *pulse: true\n)", "", ENGINE_YAML)
    parsed = parse_questionnaire(text, "x.yaml")
    assert parsed.questionnaire is not None
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    a = access.create_assessment(store, auth.SYSTEM, org, parsed.questionnaire, name="No pulse")
    refused = _code(lambda: access.start_workshop(store, auth.SYSTEM, a.id))
    assert refused == "no-pulse-items"


def test_asking_for_teams_needs_teams(room: Room) -> None:
    assert _code(lambda: _start(room, ask_team=True)) == "no-teams"
    assert _code(lambda: _start(room, pacing="fast")) == "bad-pacing"
    assert _code(lambda: _start(room, title="x" * 121)) == "bad-title"


# --- joining and answering ------------------------------------------------------------------------


def test_joining_creates_one_anonymous_workshop_respondent(room: Room) -> None:
    w = _start(room)
    joined = workshop.join(room.store, w.join_code, role_id="lead", team_id="ignored")
    row = (
        room.store.cursor()
        .execute(
            "SELECT assessment_id, role_id, team_id, channel, workshop_id, started_at,"
            " submitted_hour, secret_hash <> ? FROM respondents WHERE id = ?",
            [joined.secret, joined.respondent_id],
        )
        .fetchone()
    )
    # No team asked, so none kept; no exact time; the secret itself is not stored.
    assert row == (room.assessment.id, "lead", None, "workshop", w.id, None, None, True)


def test_join_checks_role_team_and_language() -> None:
    room = _room(teams=(Team("north", "North"), Team("south", "South")))
    w = _start(room, ask_team=True)
    assert _code(lambda: _join(room, w, role="boss", team_id="north")) == "unknown-role"
    assert _code(lambda: _join(room, w, team_id=None)) == "unknown-team"
    assert _code(lambda: _join(room, w, team_id="west")) == "unknown-team"
    assert _code(lambda: _join(room, w, team_id="north", language="fr")) == "unknown-language"
    secret = _join(room, w, team_id="south")
    assert workshop.participant(room.store, secret).team_id == "south"


def test_facilitator_paced_phones_answer_only_what_the_facilitator_opened(room: Room) -> None:
    w = _start(room)
    secret = _join(room, w)
    assert _code(lambda: workshop.answer(room.store, secret, {"p1": 2})) == "not-yet"
    access.go_to_step(room.store, room.consultant, w.id, 1)  # purpose
    assert workshop.answer(room.store, secret, {"p1": 2}) == 1
    assert _code(lambda: workshop.answer(room.store, secret, {"t1": 2})) == "not-yet"
    access.go_to_step(room.store, room.consultant, w.id, 2)
    assert workshop.answer(room.store, secret, {"t1": 2, "p1": 3}) == 2  # back is fine


def test_self_paced_phones_answer_in_any_order(room: Room) -> None:
    w = _start(room, pacing="self")
    secret = _join(room, w)
    assert workshop.answer(room.store, secret, {"t1": 6, "p1": 0}) == 2


def test_only_pulse_items_of_the_role_are_taken(room: Room) -> None:
    w = _start(room, pacing="self")
    secret = _join(room, w)
    assert _code(lambda: workshop.answer(room.store, secret, {"p2": 1})) == "not-a-pulse-item"
    assert _code(lambda: workshop.answer(room.store, secret, {"zz": 1})) == "unknown-item"
    assert _code(lambda: workshop.answer(room.store, secret, {"p1": 9})) == "option-not-offered"
    assert _code(lambda: workshop.answer(room.store, "nope", {"p1": 1})) == "bad-secret"


def test_a_returning_phone_gets_the_same_participant_and_its_answers(room: Room) -> None:
    w = _start(room, pacing="self")
    joined = workshop.join(room.store, w.join_code, role_id="rep")
    workshop.answer(room.store, joined.secret, {"p1": 1})
    workshop.answer(room.store, joined.secret, {"p1": 3, "t1": 4})  # changed its mind
    back = workshop.participant(room.store, f"  {joined.secret} ")
    assert (back.respondent_id, back.role_id, back.answers) == (
        joined.respondent_id,
        "rep",
        {"p1": 3, "t1": 4},
    )
    counts = room.store.cursor().execute(
        "SELECT count(*) FROM respondents WHERE workshop_id = ?", [w.id]
    )
    assert counts.fetchone() == (1,)


def test_survey_and_workshop_secrets_do_not_open_each_other(room: Room) -> None:
    from assessment.collect import responses

    w = _start(room, pacing="self")
    secret = _join(room, w)
    assert _code(lambda: responses.resume(room.store, secret)) == "bad-secret"
    survey = start_response(room.store, room.assessment.id, role_id="rep")
    assert _code(lambda: workshop.participant(room.store, survey.secret)) == "bad-secret"


def test_phones_see_the_new_step_at_once(room: Room) -> None:
    w = _start(room)
    assert workshop.phone_state(room.store, w.id).step == 0
    access.go_to_step(room.store, room.consultant, w.id, 2)
    assert workshop.phone_state(room.store, w.id) == workshop.PhoneState(2, (), True, "facilitator")
    access.go_to_step(room.store, room.consultant, w.id, 99)  # clamped to the overview
    assert workshop.phone_state(room.store, w.id).step == workshop.last_step(room.q) == 3


# --- the live view: reveal rules and anonymity -----------------------------------------------


def _answers(room: Room, w: workshop.Workshop, rows: list[tuple[str, dict[str, Any]]]) -> None:
    for role, given in rows:
        workshop.answer(room.store, _join(room, w, role=role), given)


def test_results_stay_hidden_until_revealed_and_k_have_answered(room: Room) -> None:
    w = _start(room, pacing="self")  # k = 3
    _answers(room, w, [("rep", {"p1": likert(2)}), ("rep", {"p1": likert(4)})])
    view = access.live_view(room.store, room.consultant, w.id)
    purpose = view.dimension("purpose")
    assert (view.joined, purpose.answered, purpose.status, purpose.result) == (2, 2, "hidden", None)

    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert (purpose.status, purpose.result) == ("waiting", None)  # revealed, but 2 < k

    _answers(room, w, [("rep", {"p1": likert(5)})])
    access.go_to_step(room.store, room.consultant, w.id, 1)
    view = access.live_view(room.store, room.consultant, w.id)
    purpose = view.dimension("purpose")
    assert purpose.status == "shown"
    assert purpose.result is not None
    assert purpose.result.n == 3
    assert purpose.result.mean == pytest.approx(11 / 3)
    # The time dimension was never revealed: no figure of it anywhere in the view.
    assert view.dimension("time").status == "hidden"
    assert all(r.suppressed for r in view.analysis.scores.results if r.dimension == "time")
    assert view.analysis.scores.overall_of("organisation").suppressed
    # The live distribution of the current dimension: option counts, exactly.
    (p1,) = view.distributions
    assert (p1.item_id, p1.counts, p1.n) == ("p1", [0, 1, 0, 1, 1], 3)


def test_the_perspective_split_appears_only_when_neither_side_is_small(room: Room) -> None:
    w = _start(room, pacing="self")
    access.set_revealed(room.store, room.consultant, w.id, None)  # everything
    rows = [("rep", {"t1": 6}), ("rep", {"t1": 6}), ("rep", {"t1": 3})]
    _answers(room, w, [*rows, ("lead", {"t1": 6}), ("lead", {"t1": 6})])
    time_dim = access.live_view(room.store, room.consultant, w.id).dimension("time")
    # Five in the room, two leaders: showing the front line would give away the leaders.
    assert time_dim.result is not None and time_dim.result.n == 5
    assert time_dim.perspectives == ()

    # Three more (results move in steps of k = 3): five front line, three leaders.
    _answers(room, w, [("lead", {"t1": 3}), ("rep", {"t1": 3}), ("rep", {"t1": 3})])
    view = access.live_view(room.store, room.consultant, w.id)
    split = {r.perspective: r for r in view.dimension("time").perspectives}
    # t1 is a 1..7 scale: option s -> 1 + (s - 1) * 4 / 6; index 6 -> 5, index 3 -> 3.
    assert split["frontline"].mean == pytest.approx((5 + 5 + 3 + 3 + 3) / 5)
    assert split["leadership"].mean == pytest.approx((5 + 5 + 3) / 3)
    assert (split["frontline"].n, split["leadership"].n) == (5, 3)
    (gap,) = [p for p in view.analysis.perception if p.dimension == "time"]
    assert gap.difference == pytest.approx(13 / 3 - 19 / 5)


def test_revealed_results_move_only_in_steps_of_k_answers(room: Room) -> None:
    w = _start(room, pacing="self")  # k = 3
    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    _answers(room, w, [("rep", {"p1": likert(1)})] * 3)
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert purpose.result is not None
    assert (purpose.result.n, purpose.result.mean) == (3, 1.0)
    # One more answer: showing it now would tell the room what that one person chose.
    _answers(room, w, [("rep", {"p1": likert(5)})])
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert purpose.answered == 4
    assert purpose.result is not None
    assert (purpose.result.n, purpose.result.mean) == (3, 1.0)
    # Two more make three new answers since the screen last moved: now it moves.
    _answers(room, w, [("rep", {"p1": likert(5)})] * 2)
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert purpose.result is not None
    assert (purpose.result.n, purpose.result.mean) == (6, 3.0)


def test_dont_know_answers_count_as_answered_but_not_scored(room: Room) -> None:
    w = _start(room, pacing="self")
    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    _answers(room, w, [("rep", {"p1": 0})] * 3)
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert (purpose.answered, purpose.status) == (3, "shown")
    with pytest.raises(GapMapError) as refused:  # p1 offers no "don't know"
        _answers(room, w, [("rep", {"p1": DONT_KNOW})])
    assert refused.value.code == "dont-know-not-offered"


def _answer_rows(room: Room) -> int:
    row = room.store.cursor().execute("SELECT count(*) FROM answers").fetchone()
    return int(row[0]) if row else 0


def test_a_tap_saves_only_a_change_and_returns_what_is_stored(room: Room) -> None:
    w = _start(room, pacing="self")
    secret = _join(room, w)
    assert workshop.tap(room.store, secret, "p1", 2) == {"p1": 2}
    rows = _answer_rows(room)
    # The same value again (a reconnecting page sends what it shows): nothing written.
    assert workshop.tap(room.store, secret, "p1", 2) == {"p1": 2}
    assert _answer_rows(room) == rows
    # Unticking "don't know" clears a stored "don't know" only, never a real answer.
    assert workshop.tap(room.store, secret, "p1", None, replaces="dont-know") == {"p1": 2}
    assert _answer_rows(room) == rows
    assert workshop.tap(room.store, secret, "t1", 5) == {"p1": 2, "t1": 5}
    assert workshop.tap(room.store, secret, "p1", None) == {"t1": 5}  # an explicit clear
    assert workshop.saved_answers(room.store, secret) == {"t1": 5}
    assert _code(lambda: workshop.tap(room.store, secret, "p2", 1)) == "not-a-pulse-item"
    assert _code(lambda: workshop.tap(room.store, "nope", "p1", 1)) == "bad-secret"


def test_a_tap_waits_for_the_facilitator_and_stops_when_the_workshop_ends(room: Room) -> None:
    w = _start(room)
    secret = _join(room, w)
    assert _code(lambda: workshop.tap(room.store, secret, "p1", 2)) == "not-yet"
    access.go_to_step(room.store, room.consultant, w.id, 1)
    assert workshop.tap(room.store, secret, "p1", 2) == {"p1": 2}
    access.end_workshop(room.store, room.consultant, w.id)
    assert _code(lambda: workshop.tap(room.store, secret, "p1", 3)) == "workshop-ended"
    assert workshop.saved_answers(room.store, secret) == {"p1": 2}


def test_an_erased_participant_cannot_answer_with_an_old_secret(room: Room) -> None:
    w = _start(room, pacing="self")
    secret = _join(room, w)
    workshop.answer(room.store, secret, {"p1": 2})  # the process now knows the seat

    def erase(cur: Any) -> None:
        cur.execute("DELETE FROM answers")
        cur.execute("DELETE FROM respondents WHERE workshop_id = ?", [w.id])

    room.store.write(erase)
    assert _code(lambda: workshop.answer(room.store, secret, {"p1": 3})) == "bad-secret"
    assert _answer_rows(room) == 0


def test_a_cleared_answer_no_longer_counts_as_answered(room: Room) -> None:
    w = _start(room, pacing="self")
    secret = _join(room, w)
    workshop.answer(room.store, secret, {"p1": 2})
    workshop.answer(room.store, secret, {"p1": None})
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert purpose.answered == 0
    assert workshop.unanswered(room.q, "rep", "purpose", {}) == ["p1"]


def test_hiding_a_dimension_again_takes_its_results_off_the_screen(room: Room) -> None:
    w = _start(room, pacing="self")
    _answers(room, w, [("rep", {"p1": 4})] * 3)
    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    access.set_revealed(room.store, room.consultant, w.id, "purpose", revealed=False)
    purpose = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert (purpose.status, purpose.result) == ("hidden", None)
    assert _code(lambda: access.set_revealed(room.store, room.consultant, w.id, "nope")) == (
        "unknown-dimension"
    )


# --- ending -------------------------------------------------------------------------------------


def test_ending_freezes_answers_and_keeps_them_out_of_the_survey_results(room: Room) -> None:
    answer(room.store, room.assessment, room.q, [("rep", None, {"p1": 0, "t1": 0})] * 3)
    w = _start(room, pacing="self")
    secrets = [_join(room, w) for _ in range(3)]
    for secret in secrets:
        workshop.answer(room.store, secret, {"p1": 4, "t1": 6})
    ended = access.end_workshop(room.store, room.consultant, w.id)
    assert not ended.running
    assert access.end_workshop(room.store, room.consultant, w.id) == ended  # idempotent

    assert _code(lambda: workshop.answer(room.store, secrets[0], {"p1": 0})) == "workshop-ended"
    assert _code(lambda: workshop.join(room.store, w.join_code, role_id="rep")) == "workshop-ended"
    assert _code(lambda: access.go_to_step(room.store, room.consultant, w.id, 1)) == (
        "workshop-ended"
    )
    # The participant still sees their answers (the page says the workshop has ended).
    assert workshop.participant(room.store, secrets[0]).answers == {"p1": 4, "t1": 6}

    survey = analyse(room.store, room.assessment.id, held=workshop.held_scores)
    assert survey.scores.respondents == 3
    assert survey.scores.get("organisation", "purpose").mean == pytest.approx(1.0)
    tracked = access.tracking(room.store, room.consultant, room.assessment.id)
    assert (tracked.started, tracked.submitted) == (3, 3)
    # ... and the workshop is a wave of its own in comparisons.
    kinds = [(wave.kind, wave.name, wave.respondents) for wave in survey.waves]
    assert kinds == [("survey", "Adoption", 3), ("workshop", w.title, 3)]
    held = {r.dimension: r.mean for r in survey.waves[1].dimensions}
    assert held == {"purpose": pytest.approx(5.0), "time": pytest.approx(5.0)}


def test_a_workshop_with_nobody_in_it_adds_no_wave(room: Room) -> None:
    w = _start(room)
    access.end_workshop(room.store, room.consultant, w.id)
    assert [wave.kind for wave in analyse(room.store, room.assessment.id).waves] == ["survey"]


# --- agreed actions -----------------------------------------------------------------------------


def test_actions_agreed_in_the_workshop_belong_to_the_assessment(room: Room) -> None:
    w = _start(room)
    other = _start(room)
    action = access.agree_action(
        room.store,
        room.consultant,
        w.id,
        title="Weekly pipeline review in the CRM",
        owner="Sales lead",
        due_date=date(2027, 1, 15),
        dimension_id="time",
        source_action_id="time-up",
    )
    access.add_agreed_action(
        room.store, room.consultant, room.assessment.id, title="Elsewhere", owner="HR"
    )
    listed = access.workshop_actions(room.store, room.actors["leadership A"], w.id)
    assert [(a.title, a.owner, a.due_date, a.dimension_id, a.workshop_id) for a in listed] == [
        ("Weekly pipeline review in the CRM", "Sales lead", date(2027, 1, 15), "time", w.id)
    ]
    assert access.workshop_actions(room.store, room.consultant, other.id) == []
    titles = {
        a.title for a in access.list_agreed_actions(room.store, auth.SYSTEM, room.assessment.id)
    }
    assert titles == {"Weekly pipeline review in the CRM", "Elsewhere"}
    assert action.source_action_id == "time-up"
    # ... and so they are in the gap report's action plan.
    report = build_report(room.store, room.actors["leadership A"], room.assessment.id, "en")
    assert {a.title for a in report.agreed} == titles


def test_recommended_actions_follow_what_the_room_has_seen(room: Room) -> None:
    w = _start(room, pacing="self")
    # Both dimensions at level 2: purpose (p1 = 2), time (t1 index 2 -> 2.33).
    _answers(room, w, [("rep", {"p1": likert(2), "t1": 2})] * 3)
    assert access.recommended_actions(room.store, room.consultant, w.id) == []
    access.set_revealed(room.store, room.consultant, w.id, "time")
    ids = [r.action.id for r in access.recommended_actions(room.store, room.consultant, w.id)]
    assert ids == ["time-up-2"]  # purpose-up-2 waits until purpose is revealed


# --- permissions --------------------------------------------------------------------------------

ACTORS = (
    "respondent",
    "leadership A",
    "leadership B",
    CONSULTANT,
    "consultant B",
    "signed out",
    "system",
)

# The facilitator's and readers' functions of `access`, called on organisation A's workshop.
CALLS: dict[str, Callable[[Room, workshop.Workshop, Actor], object]] = {
    "start_workshop": lambda r, w, a: access.start_workshop(r.store, a, r.assessment.id),
    "list_workshops": lambda r, w, a: access.list_workshops(r.store, a, r.assessment.id),
    "get_workshop": lambda r, w, a: access.get_workshop(r.store, a, w.id),
    "go_to_step": lambda r, w, a: access.go_to_step(r.store, a, w.id, 1),
    "set_revealed": lambda r, w, a: access.set_revealed(r.store, a, w.id, "purpose"),
    "end_workshop": lambda r, w, a: access.end_workshop(r.store, a, w.id),
    "live_view": lambda r, w, a: access.live_view(r.store, a, w.id),
    "workshop_summary": lambda r, w, a: access.workshop_summary(r.store, a, w.id),
    "workshop_summary_pdf": lambda r, w, a: access.workshop_summary_pdf(r.store, a, w.id),
    "recommended_actions": lambda r, w, a: access.recommended_actions(r.store, a, w.id),
    "agree_action": lambda r, w, a: access.agree_action(
        r.store, a, w.id, title="Try it", owner="Team"
    ),
    "workshop_actions": lambda r, w, a: access.workshop_actions(r.store, a, w.id),
    "set_open_question": lambda r, w, a: access.set_open_question(r.store, a, w.id, "Why?"),
    "open_question_view": lambda r, w, a: access.open_question_view(r.store, a, w.id),
    "set_evidence_revealed": lambda r, w, a: access.set_evidence_revealed(
        r.store, a, w.id, "purpose"
    ),
    "workshop_evidence": lambda r, w, a: access.workshop_evidence(r.store, a, w.id, "purpose"),
    "set_room_language": lambda r, w, a: access.set_room_language(r.store, a, w.id, "en"),
    "room_language": lambda r, w, a: access.room_language(r.store, a, w.id),
}
# fmt: off
MATRIX: dict[str, tuple[str, ...]] = {
    #                        resp  lead A lead B cons A cons B  out  system
    "start_workshop":      ("in", "no", "no", "ok", "no", "in", "ok"),
    "list_workshops":      ("in", "ok", "no", "ok", "no", "in", "ok"),
    "get_workshop":        ("in", "ok", "no", "ok", "no", "in", "ok"),
    "go_to_step":          ("in", "no", "no", "ok", "no", "in", "ok"),
    "set_revealed":        ("in", "no", "no", "ok", "no", "in", "ok"),
    "end_workshop":        ("in", "no", "no", "ok", "no", "in", "ok"),
    "live_view":           ("in", "ok", "no", "ok", "no", "in", "ok"),
    "workshop_summary":    ("in", "ok", "no", "ok", "no", "in", "ok"),
    "workshop_summary_pdf": ("in", "ok", "no", "ok", "no", "in", "ok"),
    "recommended_actions": ("in", "ok", "no", "ok", "no", "in", "ok"),
    "agree_action":        ("in", "no", "no", "ok", "no", "in", "ok"),
    "workshop_actions":    ("in", "ok", "no", "ok", "no", "in", "ok"),
    "set_open_question":   ("in", "no", "no", "ok", "no", "in", "ok"),
    "open_question_view":  ("in", "ok", "no", "ok", "no", "in", "ok"),
    "set_evidence_revealed": ("in", "no", "no", "ok", "no", "in", "ok"),
    "workshop_evidence":   ("in", "ok", "no", "ok", "no", "in", "ok"),
    "set_room_language":   ("in", "no", "no", "ok", "no", "in", "ok"),
    "room_language":       ("in", "ok", "no", "ok", "no", "in", "ok"),
}
# fmt: on
# Participant functions need no account: the join code or the secret is the key.
PARTICIPANT_FUNCTIONS = {
    "find_workshop",
    "join",
    "participant",
    "phone_state",
    "answer",
    "saved_answers",
    "tap",
    "tap_many",
    "seat_of",
    "seats_of",
    "known_seat",
    "forget_seat",
    "phone_view",
    "join_many",
}
HELPERS = {
    "on_change",  # a listener for the phone page's long poll (`ui.phone`)
    "changed",  # a change made outside the module (`collect.open_question`) wakes it too
    "dimension_at",
    "dimension_names",  # each dimension's name in every language, for the audit log
    "last_step",
    "normalise_code",
    "participant_steps",
    "pulse_items",
    "room_language",  # the workshop's kept language, else the assessment's first
    "step_of",
    "unanswered",
}


# Called by `access` once it has checked the actor (and `held_scores` by the trend,
# `analysis.trend`, inside `access.analysis` and the report): they take no actor.
CHECKED_BY_ACCESS = {
    "start_workshop",
    "list_workshops",
    "get_workshop",
    "go_to_step",
    "set_revealed",
    "set_language",
    "end_workshop",
    "live_view",
    "recommended_actions",
    "held_scores",
}


def test_matrix_covers_every_public_function() -> None:
    public = {
        name
        for name, fn in inspect.getmembers(workshop, inspect.isfunction)
        if fn.__module__ == workshop.__name__ and not name.startswith("_")
    }
    assert public == CHECKED_BY_ACCESS | PARTICIPANT_FUNCTIONS | HELPERS
    assert set(MATRIX) == set(CALLS)
    assert set(MATRIX) <= {n for n, _ in inspect.getmembers(access, inspect.isfunction)}


def test_no_workshop_function_takes_an_actor() -> None:
    for name, fn in inspect.getmembers(workshop, inspect.isfunction):
        if fn.__module__ == workshop.__name__:
            assert "actor" not in inspect.signature(fn).parameters, name


@pytest.mark.parametrize(
    ("function", "actor", "expected"),
    [
        pytest.param(fn, who, row[n], id=f"{fn}-{who.replace(' ', '-')}")
        for fn, row in MATRIX.items()
        for n, who in enumerate(ACTORS)
    ],
)
def test_permission_matrix(function: str, actor: str, expected: str) -> None:
    room = _room()
    w = _start(room)
    if expected == "ok":
        CALLS[function](room, w, room.actors[actor])
        return
    with pytest.raises(PermissionDenied) as refused:
        CALLS[function](room, w, room.actors[actor])
    assert refused.value.code == {"no": "forbidden", "in": "not-signed-in"}[expected]
    after = access.get_workshop(room.store, auth.SYSTEM, w.id)
    assert after == w  # a refused call changed nothing


# --- the room's language ---------------------------------------------------------------------


def test_the_rooms_language_is_kept_with_the_workshop_for_every_window() -> None:
    """The presenter's switch is stored with the workshop, so the projector's window (a
    session of its own, leadership's too) reads it on its next refresh."""
    store = Store()
    q = load_or_raise(QUICKCHECK)
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    a = access.create_assessment(store, auth.SYSTEM, org, q, name="Both", languages=["en", "de"])
    consultant = Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org}))
    lead = Actor("leadership", "la", "lead-a", organisation_ids=frozenset({org}))
    w = access.start_workshop(store, consultant, a.id, title="Kick-off")
    audited = store.cursor().execute("SELECT count(*) FROM audit_log").fetchone()
    assert w.language is None
    assert access.room_language(store, lead, w.id) == "en"  # the assessment's first
    access.go_to_step(store, consultant, w.id, 1)
    assert access.live_view(store, lead, w.id).workshop.language is None  # cached row

    assert access.set_room_language(store, consultant, w.id, "de").language == "de"
    assert access.room_language(store, lead, w.id) == "de"
    assert access.live_view(store, lead, w.id).workshop.language == "de"  # not a stale copy
    assert access.set_room_language(store, consultant, w.id, "de").language == "de"  # no-op
    assert _code(lambda: access.set_room_language(store, consultant, w.id, "fr")) == (
        "unknown-language"
    )
    with pytest.raises(PermissionDenied):
        access.set_room_language(store, lead, w.id, "en")  # watching is not running it
    # like a step, a language switch is not an audited change
    assert store.cursor().execute("SELECT count(*) FROM audit_log").fetchone() == audited

    access.end_workshop(store, consultant, w.id)
    assert _code(lambda: access.set_room_language(store, consultant, w.id, "en")) == (
        "workshop-ended"
    )
    assert access.room_language(store, lead, w.id) == "de"


# --- many phones at once ------------------------------------------------------------------------


def test_fifty_participants_answering_at_once_are_each_counted_exactly_once(
    tmp_path: Any,
) -> None:
    store = Store(tmp_path / "workshop.duckdb")
    q = engine_questionnaire()
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    assessment = access.create_assessment(store, auth.SYSTEM, org, q, name="Live")
    w = access.start_workshop(store, auth.SYSTEM, assessment.id, pacing="self")
    access.set_revealed(store, auth.SYSTEM, w.id, "purpose")
    k = assessment.anonymity_threshold
    participants = 50
    views: list[workshop.LiveView] = []
    errors: list[BaseException] = []
    done = threading.Event()
    barrier = threading.Barrier(participants + 1)

    def phone(n: int) -> None:
        try:
            barrier.wait()
            role = "lead" if n % 5 == 0 else "rep"
            joined = workshop.join(store, w.join_code, role_id=role)
            workshop.answer(store, joined.secret, {"p1": n % 5})
            workshop.answer(store, joined.secret, {"t1": 0})
            workshop.answer(store, joined.secret, {"t1": n % 7})  # a changed answer
            # A reconnecting phone resumes; it must not become a second participant.
            workshop.participant(store, joined.secret)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def facilitator() -> None:
        barrier.wait()
        while not done.is_set():
            views.append(access.live_view(store, auth.SYSTEM, w.id))

    threads = [threading.Thread(target=phone, args=(n,)) for n in range(participants)]
    screen = threading.Thread(target=facilitator)
    for t in [*threads, screen]:
        t.start()
    for t in threads:
        t.join()
    done.set()
    screen.join()
    assert errors == []
    assert views  # the screen refreshed while phones were answering

    for view in views:  # every refresh respected the reveal rules
        purpose, time_dim = view.dimension("purpose"), view.dimension("time")
        assert time_dim.status == "hidden" and time_dim.result is None
        if purpose.status == "shown":
            assert purpose.result is not None and purpose.result.n is not None
            assert purpose.result.n >= k
        else:
            assert purpose.status == "waiting" and purpose.result is None

    # Whatever the screen held at the end, fewer than k changes wait for a release.
    final = access.live_view(store, auth.SYSTEM, w.id)
    assert final.joined == participants
    assert final.dimension("purpose").answered == participants
    assert final.dimension("time").answered == participants
    assert all(d.pending < k for d in final.dimensions)
    # k more participants answer: the next release counts everyone's last answer.
    for n in range(participants, participants + k):
        joined = workshop.join(store, w.join_code, role_id="rep")
        workshop.answer(store, joined.secret, {"p1": n % 5, "t1": n % 7})
    everyone = participants + k
    final = access.live_view(store, auth.SYSTEM, w.id)
    assert [d.pending for d in final.dimensions] == [0, 0]
    scores = workshop.held_scores(store, assessment, q, w.id)  # the workshop's wave
    purpose_all = scores.get("organisation", "purpose")
    time_all = scores.get("organisation", "time")
    assert purpose_all.n == time_all.n == everyone
    assert purpose_all.mean == pytest.approx(sum(1 + n % 5 for n in range(everyone)) / everyone)
    expected_time = sum(1 + (n % 7) * 4 / 6 for n in range(everyone)) / everyone
    assert time_all.mean == pytest.approx(expected_time)
    rows = store.cursor().execute(
        "SELECT count(*), count(DISTINCT respondent) FROM answers a"
        " JOIN respondents r ON r.num = a.respondent"
        " WHERE r.workshop_id = ? AND NOT a.superseded",
        [w.id],
    )
    assert rows.fetchone() == (2 * everyone, everyone)
    access.go_to_step(store, auth.SYSTEM, w.id, 1)
    store.memo.clear()  # a fresh screen: the held result comes from the database
    (p1,) = access.live_view(store, auth.SYSTEM, w.id).distributions
    assert (p1.counts, p1.n) == ([11, 11, 11, 11, 11], everyone)
    counts = store.cursor().execute(
        "SELECT count(*) FROM respondents WHERE workshop_id = ?", [w.id]
    )
    assert counts.fetchone() == (everyone,)
