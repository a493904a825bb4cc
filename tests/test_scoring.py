"""Scoring against hand-computed examples (see tests/engine.py for the model)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from assessment.analysis.scoring import item_scores, score_assessment, t_critical
from assessment.collect.responses import DONT_KNOW
from assessment.organisation.assessments import Team
from assessment.storage.store import Store
from tests.engine import Row, answer, likert, setup


@pytest.fixture
def store() -> Store:
    return Store()


def test_item_scores_are_normalised_reversed_and_skip_dont_know(store: Store) -> None:
    assessment, q = setup(store)
    [rid] = answer(
        store,
        assessment,
        q,
        [
            (
                "rep",
                None,
                {
                    "p1": likert(4),  # 4 -> 4
                    "p2": 2,  # 0.5 on 0..1 -> 1 + 4 * 0.5 = 3
                    "p3": likert(1),  # reverse: 6 - 1 = 5
                    "t1": 3,  # 4 on 1..7 -> 1 + 3 * 4 / 6 = 3
                    "t2": DONT_KNOW,
                    "t3": likert(5),
                    "note": "=1+1 is just text",
                },
            )
        ],
    )
    rows = {r["item_id"]: r for r in item_scores(store, assessment.id)}
    assert rows["p1"]["score"] == 4.0
    assert rows["p2"]["score"] == 3.0
    assert rows["p3"]["score"] == 5.0
    assert rows["t1"]["score"] == pytest.approx(3.0)
    assert rows["t2"]["score"] is None and rows["t2"]["dont_know"] is True
    assert rows["t3"]["score"] == 5.0
    assert "note" not in rows  # free text is never scored
    assert {r["respondent_id"] for r in rows.values()} == {rid}


def test_seven_point_scale_endpoints_map_to_the_level_scale(store: Store) -> None:
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": 0, "t1": 0})])
    answer(store, assessment, q, [("rep", None, {"p1": 0, "t1": 6})])
    answer(store, assessment, q, [("rep", None, {"p1": 0, "t1": 1})])
    scores = sorted(r["score"] for r in item_scores(store, assessment.id) if r["item_id"] == "t1")
    assert scores == pytest.approx([1.0, 1 + 4 / 6, 5.0])


def test_respondent_dimension_score_is_the_weighted_mean(store: Store) -> None:
    assessment, q = setup(store, k=3)
    rows: list[Row] = [
        # purpose = (4 * 1 + 3 * 2 + 5 * 1) / 4 = 3.75; time = (3 + 5) / 2 = 4, 1 don't know
        ("rep", None, {"p1": likert(4), "p2": 2, "p3": likert(1), "t1": 3, "t2": DONT_KNOW,
                       "t3": likert(5)}),
    ] * 3  # fmt: skip
    answer(store, assessment, q, rows)
    scores = score_assessment(store, assessment.id)
    purpose = scores.get("organisation", "purpose")
    time = scores.get("organisation", "time")
    assert purpose.n == 3 and purpose.mean == pytest.approx(3.75) and purpose.sd == 0
    assert time.mean == pytest.approx(4.0)
    # 1 "don't know" out of 3 answered time items, per respondent
    assert time.dont_know_share == pytest.approx(1 / 3)
    # core items only (t1, t2): t2 is "don't know", so the core time score is t1 = 3
    assert time.core_mean == pytest.approx(3.0)
    assert purpose.level == 4 and time.level == 4
    overall = scores.overall_of()
    # dimension weights purpose 2, time 1: (2 * 3.75 + 4) / 3
    assert overall.index == pytest.approx(11.5 / 3)
    assert overall.level == 4 and overall.staged_level == 4


def test_group_statistics_n_mean_sd_ci_and_agreement(store: Store) -> None:
    assessment, q = setup(store)
    answer(
        store, assessment, q, [("rep", None, {"p1": likert(s), "t1": 0}) for s in (2, 3, 3, 4, 5)]
    )
    result = score_assessment(store, assessment.id).get("organisation", "purpose")
    # mean 3.4; sample variance = (1.96 + 0.16 + 0.16 + 0.36 + 2.56) / 4 = 1.3
    assert result.n == 5
    assert result.mean == pytest.approx(3.4)
    assert result.sd == pytest.approx(math.sqrt(1.3))
    half = 2.776 * math.sqrt(1.3) / math.sqrt(5)
    assert result.ci_low == pytest.approx(3.4 - half)
    assert result.ci_high == pytest.approx(3.4 + half)
    # rwg = 1 - 1.3 / ((5^2 - 1) / 12) = 1 - 1.3 / 2
    assert result.rwg == pytest.approx(0.35)
    assert result.level == 4  # 3.4 is exactly the threshold of level 4
    assert result.dont_know_share == 0


def test_agreement_is_truncated_at_zero(store: Store) -> None:
    assessment, q = setup(store)
    answer(
        store,
        assessment,
        q,
        [("rep", None, {"p1": likert(s), "t1": 0}) for s in (1, 1, 1, 5, 5, 5)],
    )
    result = score_assessment(store, assessment.id).get("organisation", "purpose")
    assert result.sd is not None and result.sd**2 > 2  # more spread than random answers
    assert result.rwg == 0.0


def test_groupings_by_role_team_and_perspective(store: Store) -> None:
    teams = [Team("north", "North", 10), Team("south", "South", 10)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": likert(2), "t1": 0})] * 5
    rows += [("lead", "north", {"p1": likert(4), "t1": 0})] * 5
    rows += [("rep", "south", {"p1": likert(3), "t1": 0})] * 5
    answer(store, assessment, q, rows)
    scores = score_assessment(store, assessment.id)
    assert scores.get("organisation", "purpose").mean == pytest.approx(3.0)
    assert scores.get("role", "purpose", role="rep").mean == pytest.approx(2.5)
    assert scores.get("role", "purpose", role="lead").mean == pytest.approx(4.0)
    assert scores.get("team", "purpose", team="north").mean == pytest.approx(3.0)
    assert scores.get("team", "purpose", team="south").mean == pytest.approx(3.0)
    assert scores.get("role_team", "purpose", role="rep", team="north").mean == pytest.approx(2)
    assert scores.get("perspective", "purpose", perspective="leadership").mean == 4.0
    assert scores.get("perspective", "purpose", perspective="frontline").n == 10
    # nobody in lead x south: reported, but suppressed, like any group below k
    assert scores.get("role_team", "purpose", role="lead", team="south").suppressed


def test_changed_answer_supersedes_the_earlier_one(store: Store) -> None:
    from assessment.collect.responses import save_answers, start_response, submit

    assessment, _ = setup(store, k=3)
    for _ in range(3):
        started = start_response(store, assessment.id, role_id="rep", language="en")
        save_answers(store, started.secret, {"p1": likert(1), "t1": 0})
        save_answers(store, started.secret, {"p1": likert(5)})
        submit(store, started.secret)
    assert score_assessment(store, assessment.id).get("organisation", "purpose").mean == 5.0


def test_unsubmitted_responses_do_not_count(store: Store) -> None:
    from assessment.collect.responses import save_answers, start_response

    assessment, q = setup(store, k=3)
    answer(store, assessment, q, [("rep", None, {"p1": likert(2), "t1": 0})] * 3)
    started = start_response(store, assessment.id, role_id="rep", language="en")
    save_answers(store, started.secret, {"p1": likert(5), "t1": 0})
    scores = score_assessment(store, assessment.id)
    assert scores.respondents == 3
    assert scores.get("organisation", "purpose").mean == 2.0


def test_t_critical_values() -> None:
    assert t_critical(4) == 2.776
    assert t_critical(30) == 2.042
    assert t_critical(60) == pytest.approx(2.0003, abs=1e-4)
    assert t_critical(1000) == pytest.approx(1.9623, abs=1e-4)


def test_scores_stored_on_first_analysis_equal_a_rescore_from_the_answers(store: Store) -> None:
    from assessment.analysis.scoring import rescore
    from assessment.collect.responses import save_answers, start_response, submit

    assessment, q = setup(store, k=3)
    answer(store, assessment, q, [("rep", None, {"p1": 1, "p2": 3, "t1": 6, "t3": 0})] * 3)
    answer(store, assessment, q, [("lead", None, {"p1": 4, "p3": 2, "t1": 2, "t2": DONT_KNOW})])
    started = start_response(store, assessment.id, role_id="rep", language="en")
    save_answers(store, started.secret, {"p1": 0, "t1": 1, "t2": 4})
    save_answers(store, started.secret, {"p1": 3, "t2": DONT_KNOW})  # supersedes two
    submit(store, started.secret, {"p3": 1})
    assert store.cursor().execute("SELECT count(*) FROM respondent_scores").fetchone() == (0,)
    score_assessment(store, assessment.id)  # scores what was submitted since last time
    sql = (
        "SELECT respondent, dimension, round(score, 9), round(core_score, 9),"
        " n_scored, n_dont_know FROM respondent_scores ORDER BY 1, 2"
    )
    stored = store.cursor().execute(sql).fetchall()
    assert len(stored) == 5 * 2
    assert rescore(store, assessment.id) == 5
    assert store.cursor().execute(sql).fetchall() == stored
    # the survey respondent: purpose = p1 4 and p3 6 - 2 = 4 -> 4; time = t1 2 -> 1 + 4/6
    last = [row for row in stored if row[0] == max(r[0] for r in stored)]
    assert [(r[2], r[4], r[5]) for r in last] == [(4.0, 2, 0), (round(1 + 4 / 6, 9), 1, 1)]


def test_concurrent_analyses_store_each_respondent_score_once(tmp_path: Path) -> None:
    import threading

    from assessment.collect.demo import generate_demo

    store = Store(tmp_path / "race.duckdb")
    demo = generate_demo(store, 400, seed=3)
    errors: list[BaseException] = []

    def read() -> None:
        try:
            score_assessment(store, demo.assessment_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    counts = (
        store.cursor()
        .execute("SELECT count(*), count(DISTINCT (respondent, dimension)) FROM respondent_scores")
        .fetchone()
    )
    assert counts == (400 * 5, 400 * 5)
    store.close()


def test_a_group_without_spread_has_sd_zero_not_rounding_noise() -> None:
    from assessment.analysis.scoring import _moments

    # seven answers of 2.6: the sums of squares leave 1.2e-15 behind, which once made a
    # Cohen's d of 67,108,864 between two groups that each agreed to a person
    total, squares = 7 * 2.6, 7 * 2.6 * 2.6
    assert (squares - total * total / 7) / 6 > 0
    mean, var = _moments(7, total, squares)
    assert (round(mean or 0, 12), var) == (2.6, 0.0)
    assert _moments(3, 6.0, 14.0) == (2.0, 1.0)  # 1, 2, 3: variance exactly 1
    assert _moments(2, 1.0, 0.5) == (0.5, 0.0)  # 0.5 twice
    assert _moments(1, 3.0, 9.0) == (3.0, None)
    assert _moments(0, 0.0, 0.0) == (None, None)
