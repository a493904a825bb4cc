"""The respondent's personal snapshot, against hand-computed values on the engine model.

The respondent under test (role `rep`) answers p1 = 4, p2 = "half" (0.5 -> 3, weight 2)
and t1 = 4 on the 1..7 scale (-> 3), and "don't know" on t2:
purpose = (4 * 1 + 3 * 2) / 3 = 3.333 (level 3), time = 3.0 (level 3).
Targets default to level 4, reached at a score of 3.4.
"""

from __future__ import annotations

import pytest

from assessment.collect import responses
from assessment.collect.responses import DONT_KNOW, AnswerValue
from assessment.documents.snapshot import (
    chart_rows,
    personal_snapshot,
    snapshot_chart,
    suggest_actions,
)
from assessment.errors import ResponseError
from assessment.storage.store import Store
from tests.engine import answer, engine_questionnaire, likert, setup

MINE: dict[str, AnswerValue] = {"p1": likert(4), "p2": 2, "t1": 3, "t2": DONT_KNOW}
OTHER_REP = {"p1": likert(2), "t1": 6}  # purpose 2, time 5
LEAD = {"p1": likert(5), "t1": 0}  # purpose 5, time 1


@pytest.fixture
def store() -> Store:
    return Store()


def my_response(store: Store, assessment_id: str) -> str:
    started = responses.start_response(store, assessment_id, role_id="rep", language="en")
    responses.submit(store, started.secret, MINE)
    return started.secret


def test_own_scores_and_targets_are_computed_like_the_engine(store: Store) -> None:
    assessment, _ = setup(store, k=3)
    secret = my_response(store, assessment.id)
    snap = personal_snapshot(store, secret)
    purpose, time = snap.dimensions
    assert purpose.own == pytest.approx(10 / 3)
    assert (purpose.own_level, purpose.target, purpose.target_score) == (3, 4, 3.4)
    assert time.own == pytest.approx(3.0)
    assert time.own_level == 3
    assert snap.role_name == "Rep"
    assert snap.level_name(3) == "Three"


def test_role_below_threshold_is_hidden_while_organisation_is_shown(store: Store) -> None:
    assessment, q = setup(store, k=3)
    answer(store, assessment, q, [("rep", None, OTHER_REP)] + [("lead", None, LEAD)] * 3)
    secret = my_response(store, assessment.id)  # rep: 2 people, below k = 3
    snap = personal_snapshot(store, secret)
    purpose, time = snap.dimensions
    assert (purpose.role, time.role) == (None, None)
    assert snap.role_hidden
    # organisation, 5 people: purpose (10/3 + 2 + 3 * 5) / 5, time (3 + 5 + 3 * 1) / 5
    assert purpose.organisation == pytest.approx((10 / 3 + 2 + 15) / 5)
    assert time.organisation == pytest.approx(2.2)
    assert not snap.organisation_hidden
    series = {row["series"] for row in chart_rows(snap)}
    assert series == {"You", "Organisation", "Target"}


def test_role_at_threshold_is_shown(store: Store) -> None:
    assessment, q = setup(store, k=3)
    answer(store, assessment, q, [("rep", None, OTHER_REP)] * 2 + [("lead", None, LEAD)] * 3)
    secret = my_response(store, assessment.id)  # rep: 3 people
    purpose, time = personal_snapshot(store, secret).dimensions
    assert purpose.role == pytest.approx((10 / 3 + 2 + 2) / 3)
    assert time.role == pytest.approx((3 + 5 + 5) / 3)
    assert purpose.organisation == pytest.approx((10 / 3 + 4 + 15) / 6)


def test_everything_is_hidden_when_only_the_respondent_has_answered(store: Store) -> None:
    assessment, _ = setup(store, k=5)
    snap = personal_snapshot(store, my_response(store, assessment.id))
    assert [(d.role, d.organisation) for d in snap.dimensions] == [(None, None), (None, None)]
    assert {row["series"] for row in chart_rows(snap, "de")} == {"Sie", "Ziel"}


def test_actions_move_the_weakest_dimensions_from_their_level(store: Store) -> None:
    assessment, _ = setup(store, k=3)
    snap = personal_snapshot(store, my_response(store, assessment.id))
    # time (3.0) is weaker than purpose (3.33); both at level 3; `rep` owns no action
    assert [a.id for a in snap.actions] == ["time-up", "purpose-up"]
    assert [a.for_your_role for a in snap.actions] == [False, False]


def test_actions_of_the_respondents_role_come_first() -> None:
    q = engine_questionnaire()
    own = {"purpose": 2.0, "time": 3.0}  # levels 2 and 3
    assert [a.id for a in suggest_actions(q, "lead", own)] == ["purpose-up-2", "time-up"]


def test_snapshot_needs_a_submitted_response(store: Store) -> None:
    assessment, _ = setup(store, k=3)
    started = responses.start_response(store, assessment.id, role_id="rep")
    with pytest.raises(ResponseError) as refused:
        personal_snapshot(store, started.secret)
    assert refused.value.code == "not-submitted"
    with pytest.raises(ResponseError) as unknown:
        personal_snapshot(store, "no-such-secret")
    assert unknown.value.code == "bad-secret"


def test_chart_uses_the_theme_colours_and_the_level_scale(store: Store) -> None:
    assessment, _ = setup(store, k=3)
    snap = personal_snapshot(store, my_response(store, assessment.id), "de")
    spec = snapshot_chart(snap).to_dict()
    marks = spec["layer"]
    colour = marks[2]["encoding"]["color"]["scale"]
    assert colour["domain"] == ["Sie", "Ziel"]
    assert colour["range"] == ["#0072B2", "#1F2933"]
    assert marks[2]["encoding"]["x"]["scale"]["domain"] == [1, 5]
    assert [r["score"] for r in chart_rows(snap) if r["series"] == "Ziel"] == [3.4, 3.4]
    # A German snapshot writes its numbers the German way ("1,5"), on the phone too.
    assert spec["config"]["locale"]["number"]["decimal"] == ","
    assert spec["config"]["locale"]["number"]["thousands"] == "."
