"""A shown score never reads as another level than the one shown beside it.

The level comes from the exact score (`Questionnaire.level_for`); the figure a reader sees
is rounded by one rule (`questionnaire.model.shown_score`) so that it reaches the same
level: "Verantwortung 2,6 (Stufe 3)" beside "Kommunikation 2,6 (Stufe 2)" cannot happen.
"""

from __future__ import annotations

import random
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from assessment.documents.snapshot import DimensionSnapshot, Snapshot
from assessment.questionnaire.model import level_at, score_text, shown_score
from assessment.questionnaire.questionnaires import load_questionnaire
from assessment.ui.respond import snapshot_lines

CRM = Path(__file__).resolve().parents[1] / "questionnaires" / "crm-adoption.yaml"
# The CRM model's levels: 1.0, 1.8, 2.6, 3.4, 4.2.
THRESHOLDS = (1.0, 1.8, 2.6, 3.4, 4.2)


def _parsed(text: str) -> float:
    return float(text.replace(",", "."))


def test_the_crm_model_has_the_thresholds_these_tests_use() -> None:
    q = load_questionnaire(CRM).questionnaire
    assert q is not None
    assert q.thresholds == THRESHOLDS


@pytest.mark.parametrize(
    ("score", "level", "en", "de"),
    [
        (2.55, 2, "2.5", "2,5"),  # nearest would be 2.6, which reads as level 3
        (2.5999, 2, "2.5", "2,5"),
        (2.6, 3, "2.6", "2,6"),
        (2.64, 3, "2.6", "2,6"),
        (2.65, 3, "2.6", "2,6"),  # the float 2.65 is a little below 2.65
        (2.66, 3, "2.7", "2,7"),
        (1.75, 1, "1.7", "1,7"),  # 1.75 is exact in binary: halves go to even (1.8) first
        (3.3999999999999995, 4, "3.4", "3,4"),  # 3.4 on paper, float drift below it
        (3.35, 3, "3.3", "3,3"),
        (4.19, 4, "4.1", "4,1"),
        (4.25, 5, "4.2", "4,2"),
        (1.0, 1, "1.0", "1,0"),
        (5.0, 5, "5.0", "5,0"),
    ],
)
def test_a_score_is_shown_toward_its_level(score: float, level: int, en: str, de: str) -> None:
    assert level_at(score, THRESHOLDS) == level
    assert score_text(score, THRESHOLDS, "en") == en
    assert score_text(score, THRESHOLDS, "de") == de
    assert level_at(_parsed(en), THRESHOLDS) == level


@pytest.mark.parametrize(
    ("score", "en", "de"),
    [
        (2.595, "2.59", "2,59"),
        (2.5951, "2.59", "2,59"),
        (2.605, "2.60", "2,60"),
        (2.0, "2.00", "2,00"),
    ],
)
def test_two_decimals_follow_the_same_rule(score: float, en: str, de: str) -> None:
    assert score_text(score, THRESHOLDS, "en", 2) == en
    assert score_text(score, THRESHOLDS, "de", 2) == de


def test_thresholds_closer_than_one_shown_step_get_another_decimal() -> None:
    close = (1.0, 2.62, 2.68)  # no one-decimal figure lies in [2.62, 2.68)
    assert level_at(2.65, close) == 2
    assert shown_score(2.65, close) == Decimal("2.65")
    assert score_text(2.65, close, "de") == "2,65"
    assert score_text(2.7, close, "en") == "2.7"


def test_the_questionnaire_and_the_snapshot_show_scores_alike() -> None:
    q = load_questionnaire(CRM).questionnaire
    assert q is not None
    assert q.score_text(2.55, "de") == "2,5"
    assert q.score_text(2.64, "de") == "2,6"
    assert q.score_text(None, "en") == "-"
    assert q.shown_score(2.595, 2) == Decimal("2.59")


def _snapshot(own: dict[str, float]) -> Snapshot:
    return Snapshot(
        assessment_id="a",
        role_id="r",
        role_name="Role",
        language="de",
        k=5,
        scale_max=5,
        level_names=("Eins", "Zwei", "Drei", "Vier", "Fünf"),
        thresholds=THRESHOLDS,
        dimensions=tuple(
            DimensionSnapshot(
                dimension_id=name.lower(),
                name=name,
                own=score,
                own_level=level_at(score, THRESHOLDS),
                target=4,
                target_score=3.4,
                role=None,
                organisation=score,
            )
            for name, score in own.items()
        ),
        actions=(),
    )


def test_the_snapshot_never_shows_one_figure_at_two_levels() -> None:
    """The reported case: 2.64 (level 3) and 2.55 (level 2) both read "2,6" before."""
    lines = snapshot_lines(_snapshot({"Verantwortung": 2.64, "Kommunikation": 2.55}), "de")
    assert "**Verantwortung**: Sie 2,6 (Stufe 3, Drei)" in lines
    assert "**Kommunikation**: Sie 2,5 (Stufe 2, Zwei)" in lines
    assert "Organisation 2,5" in lines


def _scores() -> list[float]:
    """Every score on a fine grid, the neighbours of each threshold and of each shown
    step's midpoint, and random ones."""
    rng = random.Random(18)  # noqa: S311 - test data, not secrets
    grid = [1 + n / 2000 for n in range(8001)]
    near: list[float] = []
    for centre in [*THRESHOLDS, *(n / 100 + 0.005 for n in range(100, 500))]:
        for delta in (-1e-3, -1e-6, -1e-10, -1e-15, 0.0, 1e-15, 1e-10, 1e-6, 1e-3):
            near.append(centre + delta)
    return grid + near + [rng.uniform(1, 5) for _ in range(5000)]


@pytest.mark.parametrize("digits", [1, 2])
@pytest.mark.parametrize("language", ["en", "de"])
def test_no_shown_figure_maps_to_two_levels(digits: int, language: str) -> None:
    levels_of: dict[str, set[int]] = defaultdict(set)
    for score in _scores():
        text = score_text(score, THRESHOLDS, language, digits)
        level = level_at(score, THRESHOLDS)
        levels_of[text].add(level)
        # read back, the figure reaches the score's own level, and is at most one step off
        assert level_at(_parsed(text), THRESHOLDS) == level, (score, text)
        assert abs(_parsed(text) - score) < 10**-digits, (score, text)
    assert {text: lv for text, lv in levels_of.items() if len(lv) > 1} == {}
    assert len(levels_of) == 4 * 10**digits + 1  # every figure 1.0 .. 5.0 is used
