"""The CRM adoption questionnaire (questionnaires/crm-adoption.yaml) meets its spec.

Five levels and five dimensions; six roles on the two sides of the perception gap; per
dimension a comparable core (Likert, frequency, one anchored item, a reverse-coded item,
a perception/practice pair, two pulse items, an optional comment) and two items per role;
every text in English and German; 13 to 15 minutes on a phone for every role (the
core-only variant 10 to 11, tests/test_estimate.py); and an action
library that covers every dimension, level band and finding.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assessment.questionnaire.model import SCORED_TYPES, Item, Questionnaire
from assessment.questionnaire.questionnaires import load_questionnaire

PATH = Path(__file__).parent.parent / "questionnaires" / "crm-adoption.yaml"

DIMENSIONS = ["purpose", "ownership", "communication", "training", "time"]
WEIGHTS = {"purpose": 1.2, "ownership": 1.2, "communication": 1.0, "training": 1.0, "time": 1.0}
PERSPECTIVES = {
    "sales": "frontline",
    "marketing": "frontline",
    "service": "frontline",
    "manager": "leadership",
    "leadership": "leadership",
    "admin": "frontline",
}
ROLES = list(PERSPECTIVES)
THRESHOLDS = [1.0, 1.8, 2.6, 3.4, 4.2]
# (belief, practice): what people think next to what they do.
PAIRS = [
    ("purpose_based_on_crm", "purpose_checked_first"),
    ("ownership_data_true", "ownership_last_update"),
    ("communication_shared_across", "communication_found_other_dept"),
    ("training_ongoing", "training_last_learned"),
    ("time_feedback_used", "time_last_suggestion"),
]
PRACTICE_TYPES = {"frequency", "choice", "anchored"}
FINDINGS = ["perception_gap", "low_consensus", "dont_know", "low_response"]
MIN_SECONDS, MAX_SECONDS = 12 * 60, 15 * 60


@pytest.fixture(scope="module")
def q() -> Questionnaire:
    result = load_questionnaire(PATH)
    assert result.errors == [], "\n".join(str(p) for p in result.errors)
    assert result.questionnaire is not None
    return result.questionnaire


def core_scored(q: Questionnaire, dimension: str) -> list[Item]:
    return [i for i in q.items if i.dimension == dimension and i.is_core and i.type in SCORED_TYPES]


def scores(q: Questionnaire, item: Item) -> list[float]:
    """The option scores of a scored item (each of its options has one)."""
    found = []
    for option in q.options_of(item):
        assert option.score is not None, (item.id, option.text)
        found.append(option.score)
    return found


# --- the file -------------------------------------------------------------------------------


def test_loads_without_errors_or_warnings() -> None:
    result = load_questionnaire(PATH)
    assert result.errors == []
    assert result.warnings == []
    assert result.ok


def test_identity_and_languages(q: Questionnaire) -> None:
    assert q.id == "crm-adoption"
    assert q.version == "1.0"
    assert q.languages == ["en", "de"]
    assert q.language == "en"


# --- maturity model -------------------------------------------------------------------------


def test_five_levels_with_the_standard_thresholds(q: Questionnaire) -> None:
    assert [lvl.threshold for lvl in q.levels] == THRESHOLDS
    assert q.levels[0].name["en"] == "Dead archive"


def test_five_dimensions_in_order_with_weights(q: Questionnaire) -> None:
    assert [d.id for d in q.dimensions] == DIMENSIONS
    assert {d.id: d.weight for d in q.dimensions} == WEIGHTS


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_dimension_describes_every_level_and_has_prompts(q: Questionnaire, dimension: str) -> None:
    dim = q.dimension(dimension)
    assert len(dim.levels) == 5
    assert 2 <= len(dim.prompts) <= 3


def test_six_roles_with_their_perspectives(q: Questionnaire) -> None:
    assert {r.id: r.perspective for r in q.roles} == PERSPECTIVES


def test_in_between_roles_explain_their_side(q: Questionnaire) -> None:
    manager = q.role("manager").description["en"]
    assert "leadership side" in manager
    assert "meetings" in manager
    admin = q.role("admin").description["en"]
    assert "front-line side" in admin
    assert "data quality from the inside" in admin


def test_shared_scales_score_one_to_five(q: Questionnaire) -> None:
    for name in ["agree5", "freq5", "count5", "recency5"]:
        assert [o.score for o in q.scales[name].options] == [1, 2, 3, 4, 5]
    assert q.scales["agree5"].options[0].text["en"] == "Strongly disagree"
    assert q.scales["freq5"].options[-1].text["en"] == "Always"


# --- items ----------------------------------------------------------------------------------


def test_item_ids_name_their_dimension_or_role(q: Questionnaire) -> None:
    for item in q.items:
        if item.is_core:
            assert item.id.startswith(f"{item.dimension}_"), item.id
        else:
            assert any(item.id.startswith(f"{role}_") for role in item.roles), item.id


def test_options_run_from_lowest_to_highest_score(q: Questionnaire) -> None:
    for item in q.items:
        if item.type in SCORED_TYPES:
            values = scores(q, item)
            assert values == sorted(values), item.id
            assert len(set(values)) == len(values), item.id


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_at_least_four_core_scored_items(q: Questionnaire, dimension: str) -> None:
    assert len(core_scored(q, dimension)) >= 4


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_core_mixes_likert_and_frequency(q: Questionnaire, dimension: str) -> None:
    types = {i.type for i in core_scored(q, dimension)}
    assert "likert" in types
    assert types & {"frequency", "choice"}


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_one_anchored_core_item_with_one_option_per_level(q: Questionnaire, dimension: str) -> None:
    anchored = [i for i in core_scored(q, dimension) if i.type == "anchored"]
    assert len(anchored) >= 1
    for item in anchored:
        assert scores(q, item) == [1, 2, 3, 4, 5]
        assert not item.reverse


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_a_reverse_coded_likert_core_item(q: Questionnaire, dimension: str) -> None:
    reverse = [i for i in core_scored(q, dimension) if i.reverse and i.type == "likert"]
    assert len(reverse) >= 1


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_exactly_two_pulse_items_core_and_scored(q: Questionnaire, dimension: str) -> None:
    pulse = [i for i in q.pulse_items() if i.dimension == dimension]
    assert len(pulse) == 2
    for item in pulse:
        assert item.is_core, item.id
        assert item.type in SCORED_TYPES, item.id
        assert item.type != "anchored", item.id  # short enough for a phone


def test_pulse_set_takes_about_three_minutes(q: Questionnaire) -> None:
    pulse = q.pulse_items()
    assert len(pulse) == 10
    assert sum(8 for i in pulse if i.type in {"likert", "frequency"}) == 80


@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_optional_comment_per_dimension(q: Questionnaire, dimension: str) -> None:
    comment = q.item(f"{dimension}_comment")
    assert comment.dimension == dimension
    assert comment.type == "text"
    assert comment.is_core
    assert not comment.is_required


def test_the_crm_disappears_tomorrow_question(q: Questionnaire) -> None:
    item = q.item("purpose_if_gone")
    assert item.dimension == "purpose"
    assert item.type == "text"
    assert item.is_core
    assert not item.is_required
    assert "tomorrow" in item.text["en"]
    assert "morgen" in item.text["de"]


@pytest.mark.parametrize(("belief", "practice"), PAIRS)
def test_perception_practice_pairs(q: Questionnaire, belief: str, practice: str) -> None:
    b, p = q.item(belief), q.item(practice)
    assert b.dimension == p.dimension
    assert b.type == "likert"
    assert p.type in PRACTICE_TYPES
    assert b.is_core and p.is_core  # so the perception gap covers both


def test_pairs_are_marked_in_the_file() -> None:
    marked = re.findall(r"# pair: (\w+) / (\w+)", PATH.read_text(encoding="utf-8"))
    assert marked == PAIRS


def test_dont_know_is_offered_where_people_may_not_know(q: Questionnaire) -> None:
    assert q.item("ownership_named_owner").dont_know
    assert q.item("communication_shared_across").dont_know
    assert q.item("ownership_last_update").dont_know
    assert q.t(q.item("ownership_last_update").dont_know_label) == (
        "I am not responsible for any records"
    )


@pytest.mark.parametrize("dimension", DIMENSIONS)
@pytest.mark.parametrize("role", ROLES)
def test_two_role_items_per_role_and_dimension(q: Questionnaire, role: str, dimension: str) -> None:
    own = [
        i
        for i in q.items
        if i.dimension == dimension and not i.is_core and role in i.roles and i.type in SCORED_TYPES
    ]
    assert len(own) >= 2


# --- languages ------------------------------------------------------------------------------


def test_every_text_in_english_and_german(q: Questionnaire) -> None:
    for text in q.iter_texts():
        assert set(text) == {"en", "de"}
        assert text["en"].strip(), text
        assert text["de"].strip(), text
        if len(text["en"].split()) > 3:
            assert text["de"] != text["en"], text


def test_german_uses_formal_address_and_real_umlauts(q: Questionnaire) -> None:
    german = "\n".join(text["de"] for text in q.iter_texts())
    assert not re.search(r"\b(du|dich|dir|dein|deine)\b", german, re.IGNORECASE)
    transliterated = r"\b(fuer|ueber|koennen|muessen|waere|Aenderung\w*|Uebergabe\w*|weiss)\b"
    assert re.findall(transliterated, german, re.IGNORECASE) == []
    assert "für" in german
    assert "ß" in german


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_every_role_takes_twelve_to_fifteen_minutes(q: Questionnaire, role: str) -> None:
    for language in q.languages:
        assert MIN_SECONDS <= q.estimated_seconds(role, language) <= MAX_SECONDS


# --- actions --------------------------------------------------------------------------------


def test_at_least_fifty_actions(q: Questionnaire) -> None:
    assert len(q.actions) >= 50


@pytest.mark.parametrize("from_level", [1, 2, 3, 4])
@pytest.mark.parametrize("dimension", DIMENSIONS)
def test_two_actions_per_dimension_and_level_band(
    q: Questionnaire, dimension: str, from_level: int
) -> None:
    found = [
        a for a in q.actions if a.when.dimension == dimension and a.when.from_level == from_level
    ]
    assert len(found) >= 2


@pytest.mark.parametrize("finding", FINDINGS)
def test_an_action_for_every_finding(q: Questionnaire, finding: str) -> None:
    assert any(a.when.finding == finding for a in q.actions)


def test_every_action_text_in_english_and_german(q: Questionnaire) -> None:
    for action in q.actions:
        for text in (action.title, action.description, action.rationale):
            assert text["en"].strip(), action.id
            assert text["de"].strip(), action.id
            assert text["de"] != text["en"], action.id


def test_every_action_owner_is_a_role(q: Questionnaire) -> None:
    assert {a.owner for a in q.actions} <= set(ROLES)
