"""Item answer distributions against hand-counted examples (model: tests/engine.py)."""

from __future__ import annotations

from assessment.analysis.distributions import ItemDistribution, item_distributions
from assessment.collect.responses import DONT_KNOW, save_answers, start_response, submit
from assessment.storage.store import Store
from tests.engine import answer, likert, setup


def _by_id(found: list[ItemDistribution]) -> dict[str, ItemDistribution]:
    return {d.item_id: d for d in found}


def test_counts_per_option_with_dont_know_apart() -> None:
    store = Store()
    assessment, q = setup(store, k=3)
    p1 = (1, 2, 2, 5, 5)
    t2 = (likert(3), DONT_KNOW, DONT_KNOW, likert(3), None)
    rows = [
        ("rep", None, {"p1": likert(s), "t1": 6, **({"t2": v} if v is not None else {})})
        for s, v in zip(p1, t2, strict=True)
    ]
    answer(store, assessment, q, rows)

    found = _by_id(item_distributions(store, assessment.id))

    # scored items only, in model order; the free-text item has no distribution
    assert list(found) == ["p1", "p2", "p3", "t1", "t2", "t3"]
    assert found["p1"].counts == [1, 2, 0, 0, 2]
    assert (found["p1"].n, found["p1"].dont_know, found["p1"].suppressed) == (5, 0, False)
    assert found["p1"].options == ["one", "two", "three", "four", "five"]
    assert found["p1"].text == "P one" and found["p1"].dimension_id == "purpose"
    assert found["t1"].counts == [0, 0, 0, 0, 0, 0, 5]
    # t2: four answered (two of them "don't know"); the fifth skipped it
    assert found["t2"].n == 4 and found["t2"].dont_know == 2
    assert found["t2"].counts == [0, 0, 2, 0, 0]
    assert found["t2"].shares() == [0.0, 0.0, 0.5, 0.0, 0.0]
    assert found["t2"].dont_know_offered and not found["p1"].dont_know_offered


def test_item_below_threshold_is_suppressed_without_figures() -> None:
    store = Store()
    assessment, q = setup(store)
    rows = [("rep", None, {"p1": likert(4), "t1": 3}) for _ in range(5)]
    rows[0][2]["p3"] = likert(2)  # only one person answered p3
    answer(store, assessment, q, rows)

    found = _by_id(item_distributions(store, assessment.id))

    assert found["p1"].counts == [0, 0, 0, 5, 0] and not found["p1"].suppressed
    assert found["p3"].suppressed
    assert (found["p3"].counts, found["p3"].dont_know, found["p3"].n) == (None, None, None)
    assert found["p3"].k == 5


def test_only_submitted_current_answers_count() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(1), "t1": 0})] * 5)
    draft = start_response(store, assessment.id, role_id="rep")
    save_answers(store, draft.secret, {"p1": likert(5), "t1": 0})  # never submitted
    changed = start_response(store, assessment.id, role_id="rep")
    save_answers(store, changed.secret, {"p1": likert(5), "t1": 0})
    submit(store, changed.secret, {"p1": likert(2)})  # the later answer replaces 5

    found = _by_id(item_distributions(store, assessment.id))

    assert found["p1"].counts == [5, 1, 0, 0, 0]
    assert found["p1"].n == 6


def test_perspective_is_hidden_when_the_other_perspective_is_small() -> None:
    store = Store()
    assessment, q = setup(store)
    rows = [("rep", None, {"p1": likert(2), "t1": 1}) for _ in range(6)]
    rows += [("lead", None, {"p1": likert(5), "t1": 1}) for _ in range(3)]
    answer(store, assessment, q, rows)

    everyone = _by_id(item_distributions(store, assessment.id))
    front = _by_id(item_distributions(store, assessment.id, "frontline"))
    leaders = _by_id(item_distributions(store, assessment.id, "leadership"))

    # the organisation (9 people) is shown; front line alone (6) would be enough, but
    # organisation minus front line would give the three leaders' answers away
    assert everyone["p1"].counts == [0, 6, 0, 0, 3]
    assert front["p1"].suppressed and front["p1"].counts is None
    assert leaders["p1"].suppressed and leaders["p1"].counts is None


def test_both_perspectives_shown_when_both_reach_the_threshold() -> None:
    store = Store()
    assessment, q = setup(store)
    rows = [("rep", None, {"p1": likert(2), "t1": 1}) for _ in range(5)]
    rows += [("lead", None, {"p1": likert(5), "t1": 1}) for _ in range(5)]
    answer(store, assessment, q, rows)

    front = _by_id(item_distributions(store, assessment.id, "frontline"))
    leaders = _by_id(item_distributions(store, assessment.id, "leadership"))

    assert front["p1"].counts == [0, 5, 0, 0, 0]
    assert leaders["p1"].counts == [0, 0, 0, 0, 5]
    # t3 is asked of the front line only: leaders have 0 answers, so neither is shown
    assert front["t3"].suppressed and leaders["t3"].suppressed


def test_texts_follow_the_language() -> None:
    store = Store()
    assessment, q = setup(store)
    answer(store, assessment, q, [("rep", None, {"p1": likert(3), "t1": 1})] * 5)

    found = _by_id(item_distributions(store, assessment.id, language="de"))

    # the engine model is English only: German falls back to the default language
    assert found["p1"].text == "P one"
