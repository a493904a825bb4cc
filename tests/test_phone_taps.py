"""Taps written in batches (`workshop.tap_many`, the phone page's group commit) do exactly
what the same taps do one by one (`workshop.tap`): the same answers, the same errors,
the same rows, however the taps are cut into batches."""

from __future__ import annotations

import random
from typing import Any

import pytest

from assessment import access
from assessment.collect import workshop
from assessment.collect.responses import AnswerValue
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.storage.store import Store
from tests.engine import engine_questionnaire


@pytest.fixture(autouse=True)
def release_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 0.0)


class Room:
    """A facilitator-paced workshop with `n` participants (5 front line, 3 leaders)."""

    def __init__(self, n: int = 8) -> None:
        self.store = Store()
        org = access.create_organisation(self.store, auth.SYSTEM, "Org").id
        q = engine_questionnaire()
        self.assessment = access.create_assessment(
            self.store, auth.SYSTEM, org, q, name="A", anonymity_threshold=3
        )
        self.workshop = access.start_workshop(self.store, auth.SYSTEM, self.assessment.id)
        self.secrets = [
            workshop.join(
                self.store, self.workshop.join_code, role_id="rep" if i < 5 else "lead"
            ).secret
            for i in range(n)
        ]

    def step(self, step: int) -> None:
        access.go_to_step(self.store, auth.SYSTEM, self.workshop.id, step)

    def rows(self) -> list[tuple[Any, ...]]:
        """Every answer row, with the participant's index for its respondent number
        (sequence numbers differ between rooms)."""
        nums = {
            num: self.secrets.index(secret)
            for secret in self.secrets
            for num in [workshop.seat_of(self.store, secret).num]
        }
        found = (
            self.store.cursor()
            .execute(
                "SELECT respondent, item, value, dont_know, superseded FROM answers ORDER BY seq"
            )
            .fetchall()
        )
        return [(nums[r], item, value, dk, sup) for r, item, value, dk, sup in found]


def _outcome(call: Any) -> Any:
    try:
        return call()
    except GapMapError as err:
        return err.code


def _tapped(result: workshop.Tapped) -> Any:
    return result.error.code if result.error is not None else result.answers


def _script(rng: random.Random, n: int, length: int) -> list[tuple[int, str, AnswerValue, str]]:
    """Random taps: answers, repeats of the stored answer, clears, "don't know" unticks,
    an item no phone may tap and a value no option has."""
    taps: list[tuple[int, str, AnswerValue, str]] = []
    for _ in range(length):
        who = rng.randrange(n)
        item = rng.choice(["p1", "p1", "t1", "t1", "p2"])
        kind = rng.random()
        value: AnswerValue = None if kind < 0.1 else rng.randrange(7 if item == "t1" else 6)
        replaces = "dont-know" if kind > 0.95 else "any"
        taps.append((who, item, value, replaces))
    return taps


@pytest.mark.parametrize("seed", range(4))
def test_a_batch_writes_what_the_same_taps_write_one_by_one(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 - a reproducible script, not a secret
    one_by_one, batched = Room(), Room()
    for room in (one_by_one, batched):
        room.step(1)  # purpose is open, time is not yet: t1 taps are refused "not-yet"
    script = _script(rng, 8, 120)
    expected = [
        _outcome(
            lambda t=t: workshop.tap(
                one_by_one.store, one_by_one.secrets[t[0]], *t[1:3], replaces=t[3]
            )
        )
        for t in script[:60]
    ]
    got: list[Any] = []
    at = 0
    while at < 60:
        size = rng.randint(1, 17)
        chunk = script[at : min(60, at + size)]
        taps = [workshop.Tap(batched.secrets[w], item, v, r) for w, item, v, r in chunk]  # type: ignore[arg-type]
        got += [_tapped(r) for r in workshop.tap_many(batched.store, taps)]
        at += len(chunk)
    # Within a batch each tap answers with the answers after the whole batch, so compare
    # what is stored, tap by tap only the errors, and the final answers exactly.
    assert [e if isinstance(e, str) else "ok" for e in expected] == [
        g if isinstance(g, str) else "ok" for g in got
    ]
    for room in (one_by_one, batched):
        room.step(2)  # now time is open too
    for who, item, value, replaces in script[60:]:
        expected.append(
            _outcome(
                lambda w=who, i=item, v=value, r=replaces: workshop.tap(
                    one_by_one.store, one_by_one.secrets[w], i, v, replaces=r
                )
            )
        )
    rest = [workshop.Tap(batched.secrets[w], i, v, r) for w, i, v, r in script[60:]]  # type: ignore[arg-type]
    got += [_tapped(r) for r in workshop.tap_many(batched.store, rest)]
    assert [e if isinstance(e, str) else "ok" for e in expected] == [
        g if isinstance(g, str) else "ok" for g in got
    ]
    assert "not-yet" in expected and "not-a-pulse-item" in expected
    for a, b in zip(one_by_one.secrets, batched.secrets, strict=True):
        assert workshop.saved_answers(one_by_one.store, a) == workshop.saved_answers(
            batched.store, b
        )
    assert sorted(one_by_one.rows()) == sorted(batched.rows())


def test_each_tap_of_a_batch_answers_with_its_participants_answers_after_the_batch() -> None:
    room = Room()
    room.step(2)
    a, b = room.secrets[0], room.secrets[1]
    results = workshop.tap_many(
        room.store,
        [
            workshop.Tap(a, "p1", 2),
            workshop.Tap(b, "t1", 6),
            workshop.Tap(a, "t1", 1),
            workshop.Tap(a, "p1", 4),  # the same phone changing its mind within the batch
            workshop.Tap("not-a-secret", "p1", 1),
            workshop.Tap(b, "p1", 9),  # no such option
        ],
    )
    assert [_tapped(r) for r in results] == [
        {"p1": 4, "t1": 1},
        {"t1": 6},
        {"p1": 4, "t1": 1},
        {"p1": 4, "t1": 1},
        "bad-secret",
        "option-not-offered",
    ]
    assert workshop.saved_answers(room.store, a) == {"p1": 4, "t1": 1}
    assert workshop.saved_answers(room.store, b) == {"t1": 6}
    # p1 twice in one batch: one row for it, as two taps between releases leave one.
    assert [(who, item, value, sup) for who, item, value, _, sup in room.rows()] == [
        (0, 0, 4.0, False),
        (1, 3, 6.0, False),
        (0, 3, 1.0, False),
    ]


def test_a_batch_after_the_workshop_ended_writes_nothing() -> None:
    room = Room()
    room.step(1)
    workshop.tap_many(room.store, [workshop.Tap(room.secrets[0], "p1", 3)])
    access.end_workshop(room.store, auth.SYSTEM, room.workshop.id)
    results = workshop.tap_many(
        room.store,
        [workshop.Tap(room.secrets[0], "p1", 1), workshop.Tap(room.secrets[1], "p1", 1)],
    )
    assert [_tapped(r) for r in results] == ["workshop-ended", "workshop-ended"]
    assert workshop.saved_answers(room.store, room.secrets[0]) == {"p1": 3}
    assert len(room.rows()) == 1


def test_joins_in_one_batch_each_get_their_place_or_their_refusal() -> None:
    room = Room(n=0)
    code = room.workshop.join_code
    results = workshop.join_many(
        room.store,
        [
            workshop.JoinRequest(code, "rep"),
            workshop.JoinRequest(code, "no-such-role"),
            workshop.JoinRequest("QQQQQQ", "rep"),
            workshop.JoinRequest(code, "lead", language="xx"),
            workshop.JoinRequest(code, "lead"),
        ],
    )
    refused = [r.code if isinstance(r, GapMapError) else "joined" for r in results]
    assert refused == ["joined", "unknown-role", "unknown-code", "unknown-language", "joined"]
    joined = [r for r in results if isinstance(r, workshop.Joined)]
    assert len({j.secret for j in joined}) == 2
    # Each place is known at once (no lookup on the first tap) and is a real respondent.
    for j, role in zip(joined, ["rep", "lead"], strict=True):
        seat = workshop.known_seat(room.store, j.secret)
        assert seat is not None and seat.role_id == role
        assert workshop.seat_of(room.store, j.secret) == seat
    rows = (
        room.store.cursor()
        .execute("SELECT role_id, channel, workshop_id FROM respondents ORDER BY role_id")
        .fetchall()
    )
    assert rows == [("lead", "workshop", room.workshop.id), ("rep", "workshop", room.workshop.id)]
    access.end_workshop(room.store, auth.SYSTEM, room.workshop.id)
    [late] = workshop.join_many(room.store, [workshop.JoinRequest(code, "rep")])
    assert isinstance(late, GapMapError) and late.code == "workshop-ended"
