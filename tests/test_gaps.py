"""Gaps to target, the perception gap, findings, first barriers, ranked actions, quality."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from assessment.analysis.actions import recommend
from assessment.analysis.analysis import analyse
from assessment.analysis.gaps import findings, first_barriers, gaps_to_target, perception_gaps
from assessment.analysis.quality import cronbach_alpha, quality_report, speeders, straight_liners
from assessment.analysis.scoring import score_assessment
from assessment.collect.responses import DONT_KNOW, Submission, record_submissions
from assessment.organisation.assessments import Team
from assessment.storage.store import Store
from tests.engine import Row, answer, likert, setup


def test_gap_to_target_in_levels_and_points() -> None:
    store = Store()
    assessment, q = setup(store, targets={"purpose": 4, "time": 3})
    # purpose 2.5 (level 2), time t1 = 4 -> 3.0 (level 3)
    rows = [("rep", None, {"p1": likert(2), "t1": 3})] * 3
    rows += [("rep", None, {"p1": likert(3), "t1": 3})] * 3
    answer(store, assessment, q, rows)
    gaps = {g.dimension: g for g in gaps_to_target(score_assessment(store, assessment.id))}
    assert (gaps["purpose"].level, gaps["purpose"].target, gaps["purpose"].gap_levels) == (2, 4, 2)
    assert gaps["purpose"].gap_points == pytest.approx(3.4 - 2.5)
    assert gaps["time"].gap_levels == 0 and gaps["time"].gap_points == pytest.approx(2.6 - 3.0)
    assert gaps["purpose"].below_target and not gaps["time"].below_target


def _leaders_and_front_line(store: Store) -> str:
    assessment, q = setup(store)
    # core purpose items p1 (and p2, p3 skipped): leaders 5, 5, 4, 4, 5; front line 2, 3, 2, 3, 2
    rows = [("lead", None, {"p1": likert(s), "t1": 3}) for s in (5, 5, 4, 4, 5)]
    rows += [("rep", None, {"p1": likert(s), "t1": 3, "t3": likert(5)}) for s in (2, 3, 2, 3, 2)]
    answer(store, assessment, q, rows)
    return assessment.id


def test_perception_gap_is_leadership_minus_front_line_on_core_items() -> None:
    store = Store()
    assessment_id = _leaders_and_front_line(store)
    gaps = {g.dimension: g for g in perception_gaps(score_assessment(store, assessment_id))}
    purpose = gaps["purpose"]
    assert purpose.leadership_mean == pytest.approx(4.6)
    assert purpose.frontline_mean == pytest.approx(2.4)
    assert purpose.difference == pytest.approx(2.2)
    # both sample variances are 0.3: pooled sd = sqrt(0.3), d = 2.2 / sqrt(0.3)
    assert purpose.effect_size == pytest.approx(2.2 / math.sqrt(0.3))
    assert purpose.large
    # time: leaders and front line answer t1 identically; t3 (a rep item) is not core
    assert gaps["time"].difference == pytest.approx(0.0)
    assert not gaps["time"].large


def test_perception_gap_finding_and_its_action_rank_first() -> None:
    store = Store()
    assessment_id = _leaders_and_front_line(store)
    scores = score_assessment(store, assessment_id)
    found = findings(scores)
    assert [(f.kind, f.dimension) for f in found if f.kind == "perception_gap"] == [
        ("perception_gap", "purpose")
    ]
    ranked = recommend(scores, found)
    top = ranked[0]
    assert top.action.id == "listen"
    # severity 2.2 points x purpose weight 2
    assert top.priority == pytest.approx(4.4)
    assert top.reasons == [
        "leaders rate purpose 2.20 points higher than front-line staff (4.60 vs 2.40)"
    ]
    german = recommend(scores, found, language="de")[0]
    assert german.reasons == [
        "Führungskräfte bewerten Purpose um 2,20 Punkte höher als Mitarbeitende an der Basis"
        " (4,60 gegenüber 2,40)"
    ]


def test_level_actions_follow_the_current_level_and_rank_by_gap_times_weight() -> None:
    store = Store()
    assessment, q = setup(store, targets={"purpose": 5, "time": 5})
    # purpose 3.0 (level 3), weight 2: (4.2 - 3.0) * 2 = 2.4
    # time t1 = 2 -> 1 + 4/6 = 1.667 (level 1): no from_level 1 action for time
    # then t1 = 3 -> 2.333 (level 2): (4.2 - 2.333) * 1 = 1.867
    rows = [("rep", None, {"p1": likert(3), "t1": 2})] * 5
    answer(store, assessment, q, rows)
    scores = score_assessment(store, assessment.id)
    ranked = recommend(scores, [])
    assert [r.action.id for r in ranked] == ["purpose-up", "time-up-2"]
    assert ranked[0].priority == pytest.approx(2.4)
    assert ranked[0].reasons == ["Purpose is at level 3 (Three), target 5"]
    assert ranked[1].priority == pytest.approx(4.2 - (1 + 2 * 4 / 6))


def test_low_consensus_and_dont_know_findings() -> None:
    store = Store()
    assessment, q = setup(store)
    rows: list[Row] = [("rep", None, {"p1": likert(1), "t1": 0, "t2": DONT_KNOW})] * 3
    rows += [("rep", None, {"p1": likert(5), "t1": 6, "t2": DONT_KNOW})] * 3
    answer(store, assessment, q, rows)
    found = findings(score_assessment(store, assessment.id))
    kinds = {(f.kind, f.dimension, f.grouping) for f in found}
    assert ("low_consensus", "purpose", "organisation") in kinds
    assert ("low_consensus", "time", "organisation") in kinds
    # t2 is "don't know" for everyone: 1 of 2 answered time items
    assert ("dont_know", "time", "organisation") in kinds
    agree = [r for r in recommend(score_assessment(store, assessment.id)) if r.action.id == "agree"]
    assert len(agree) == 1 and agree[0].dimension == "time"  # narrowed to time


def test_low_response_team_is_a_finding() -> None:
    store = Store()
    teams = [Team("north", "North", 8), Team("south", "South", 30)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": 2, "t1": 2})] * 6 + [("rep", "south", {"p1": 2, "t1": 2})] * 6
    answer(store, assessment, q, rows)
    analysis = analyse(store, assessment.id)
    low = [f for f in analysis.findings if f.kind == "low_response" and f.grouping == "team"]
    assert [(f.team, f.detail["rate"]) for f in low] == [("south", pytest.approx(0.2))]
    rates = {r["team"]: r["responses"] for r in analysis.response_rates}
    assert rates == {"north": 6, "south": 6}


def test_response_counts_below_k_are_hidden_with_their_complement() -> None:
    store = Store()
    teams = [Team("north", "North", 8), Team("south", "South", 30), Team("east", "East", 9)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": 2, "t1": 2})] * 7 + [("rep", "south", {"p1": 2, "t1": 2})] * 2
    rows += [("rep", "east", {"p1": 2, "t1": 2})] * 6
    answer(store, assessment, q, rows)
    analysis = analyse(store, assessment.id)
    rates = {
        r["team"]: (r["responses"], r["rate"], r["suppressed"]) for r in analysis.response_rates
    }
    # south's 2 are hidden; east (6, the smallest visible) too: 15 - 7 - 6 would give 2
    assert rates == {
        "north": (7, 7 / 8, False),
        "south": (None, None, True),
        "east": (None, None, True),
    }
    assert analysis.scores.respondents == 15


def test_a_hidden_team_carries_no_flag_that_would_narrow_its_count() -> None:
    # South has 2 of 30: hidden. A "low response" flag (fewer than half) beside
    # "fewer than 5" would narrow the count further, so a hidden team has neither.
    store = Store()
    teams = [Team("north", "North", 8), Team("south", "South", 30)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": 2, "t1": 2})] * 7 + [("rep", "south", {"p1": 2, "t1": 2})] * 2
    answer(store, assessment, q, rows)
    analysis = analyse(store, assessment.id, language="en")
    low = [f for f in analysis.findings if f.kind == "low_response" and f.grouping == "team"]
    assert low == []
    south = next(r for r in analysis.response_rates if r["team"] == "south")
    assert south == {
        "team": "south",
        "responses": None,
        "head_count": 30,
        "rate": None,
        "suppressed": True,
        "reason": "below_k",
        "low_response": False,
    }
    assert "below_k" not in south


def test_first_barrier_follows_the_model_order() -> None:
    store = Store()
    teams = [Team("north", "North", 10), Team("south", "South", 10)]
    assessment, q = setup(store, teams=teams, targets={"purpose": 3, "time": 3})
    rows = [("rep", "north", {"p1": likert(4), "t1": 0})] * 5  # purpose ok, time 1
    rows += [("rep", "south", {"p1": likert(1), "t1": 0})] * 5  # purpose first
    answer(store, assessment, q, rows)
    barriers = {b.team: b.dimension for b in first_barriers(score_assessment(store, assessment.id))}
    assert barriers == {"north": "time", "south": "purpose"}


def test_cronbach_alpha_matches_an_independent_pairwise_computation() -> None:
    store = Store()
    assessment, q = setup(store, k=3)
    rng = np.random.default_rng(3)
    subs = []
    raw = []
    for _ in range(40):
        base = rng.integers(1, 6)
        p1 = int(np.clip(base + rng.integers(-1, 2), 1, 5))
        p3 = int(np.clip(6 - base + rng.integers(-1, 2), 1, 5))  # reverse-coded item
        answers: dict[str, object] = {"p1": p1 - 1, "t1": 0, "p3": p3 - 1}
        p2 = None
        if rng.random() < 0.8:  # some skip p2: pairwise-complete covariances
            p2 = int(rng.integers(0, 4))
            answers["p2"] = p2
        subs.append(Submission("rep", None, "en", answers))  # type: ignore[arg-type]
        raw.append(
            {
                "p1": (p1 - 1) / 4,
                "p2": None if p2 is None else [0, 0.25, 0.5, 1][p2],
                "p3": -(p3 - 1) / 4,
            }
        )
    record_submissions(store, assessment, q, subs, channel="survey")
    frame = pd.DataFrame(raw, dtype=float)
    cov = frame.cov()  # pandas: pairwise-complete, ddof 1 (pingouin's default)
    k = cov.shape[0]
    expected = k / (k - 1) * (1 - np.trace(cov) / cov.to_numpy().sum())
    alpha = {r.dimension: r for r in cronbach_alpha(store, assessment.id)}
    assert alpha["purpose"].alpha == pytest.approx(expected, abs=1e-9)
    assert alpha["purpose"].items == 3 and alpha["purpose"].n == 40


def test_straight_liners_and_speeders_are_flagged_not_deleted() -> None:
    store = Store()
    assessment, q = setup(store, k=3)
    same = {"p1": 2, "p3": 2, "t1": 0, "t2": 2, "t3": 2}
    # straight-lining needs two pages of >= 3 scale items; purpose has only p1 and p3
    liner = {"p1": 2, "p3": 2, "t1": 2, "t2": 2, "t3": 2}
    varied = {"p1": 0, "p3": 4, "t1": 3, "t2": 1, "t3": 2}
    estimate = q.estimated_seconds("rep")
    subs = [
        Submission("rep", None, "en", liner, duration_seconds=estimate),
        Submission("rep", None, "en", varied, duration_seconds=estimate // 10),  # speeder
        Submission("rep", None, "en", same, duration_seconds=estimate),
        Submission("rep", None, "en", varied, duration_seconds=None),  # imported: no time
    ]
    ids = record_submissions(store, assessment, q, subs, channel="survey")
    assert straight_liners(store, assessment.id) == set()
    assert speeders(store, assessment.id) == {ids[1]}
    report = quality_report(store, assessment.id)
    assert (report.respondents, report.speeders, report.flagged) == (4, 1, 1)


def test_straight_lining_over_two_pages_is_flagged() -> None:
    from assessment.questionnaire.questionnaires import parse_questionnaire
    from tests.engine import ENGINE_YAML

    text = ENGINE_YAML.replace(
        "  - id: t1\n",
        "  - {id: p4, dimension: purpose, type: likert, text: P4, scale: five}\n  - id: t1\n",
    )
    q = parse_questionnaire(text).questionnaire
    assert q is not None and q.item("p4").dimension == "purpose"
    from assessment.organisation.assessments import create_assessment, create_organisation

    store = Store()
    org = create_organisation(store, "Acme")
    assessment = create_assessment(store, org, q, name="SL", anonymity_threshold=3)
    liner = {"p1": 2, "p3": 2, "p4": 2, "t1": 2, "t2": 2, "t3": 2}
    varied = {"p1": 0, "p3": 4, "p4": 2, "t1": 3, "t2": 1, "t3": 2}
    ids = record_submissions(
        store,
        assessment,
        q,
        [Submission("rep", None, "en", liner), Submission("rep", None, "en", varied)],
    )
    assert straight_liners(store, assessment.id) == {ids[0]}


def test_waves_are_compared_each_scored_on_its_own() -> None:
    from assessment.organisation.assessments import new_wave

    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 0})] * 5)
    second = new_wave(store, assessment.id)
    assert (second.wave, second.series_id, second.name) == (2, assessment.id, "Engine (wave 2)")
    answer(store, second, q, [("rep", None, {"p1": likert(4), "t1": 0})] * 5)
    third = new_wave(store, second.id)
    answer(store, third, q, [("rep", None, {"p1": likert(5), "t1": 0})] * 3)  # below k
    waves = analyse(store, third.id).waves
    assert [w.wave for w in waves] == [1, 2, 3]
    purpose = [next(r for r in w.dimensions if r.dimension == "purpose") for w in waves]
    assert [p.mean for p in purpose] == [2.0, 4.0, None]
    assert purpose[2].suppressed and waves[2].overall.suppressed
