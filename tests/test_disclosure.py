"""Disclosure control: nothing published, taken all together and over every release,
gives the total of a set of 1..k-1 people; and no more is hidden than that needs."""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import TypeVar

import pytest

from assessment.analysis import disclosure, releases
from assessment.analysis.analysis import analyse
from assessment.analysis.disclosure import BELOW_K, EMPTY, PROTECTS, SHOWN, Leak, audit, decide
from assessment.analysis.scoring import Scores, score_assessment
from assessment.collect import retention
from assessment.collect.responses import save_answers, start_response, submit
from assessment.documents.snapshot import personal_snapshot
from assessment.organisation.assessments import Assessment, Team
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store
from tests.engine import Row, answer, likert, setup

C = TypeVar("C", bound=Hashable)  # a cell

# --- the audit on hand-made tables ---------------------------------------------------------------

S1, M1, O1, S2, M2, O2 = (
    ("S", "T1"),
    ("M", "T1"),
    ("O", "T1"),
    ("S", "T2"),
    ("M", "T2"),
    ("O", "T2"),
)


def _people(**counts: int) -> dict[tuple[str, str], tuple[int]]:
    cells = {"S1": S1, "M1": M1, "O1": O1, "S2": S2, "M2": M2, "O2": O2}
    return {cells[name]: (n,) for name, n in counts.items()}


def _groups(
    people: dict[tuple[str, str], tuple[int]],
) -> dict[tuple[str, ...], frozenset[tuple[str, str]]]:
    groups: dict[tuple[str, ...], frozenset[tuple[str, str]]] = {("org",): frozenset(people)}
    for role in sorted({c[0] for c in people}):
        groups[("role", role)] = frozenset(c for c in people if c[0] == role)
    for team in sorted({c[1] for c in people}):
        groups[("team", team)] = frozenset(c for c in people if c[1] == team)
    for cell in people:
        groups[("cell", *cell)] = frozenset([cell])
    return groups


def test_a_lone_person_is_recovered_across_groupings() -> None:
    # Each grouping on its own hides enough: team T1's hidden part (S1 + M1) is 7 and
    # role M's hidden part (M1) is 6. Together: T1 - (M - M2) = S1, one person.
    people = _people(S1=1, M1=6, S2=5, M2=7)
    published = [frozenset([S1, M1]), frozenset([M1, M2]), frozenset([M2]), frozenset([S2])]
    assert audit(published, people, 5) == Leak(frozenset([S1]), 1, 0)


def test_a_union_of_hidden_cells_below_k_is_found() -> None:
    # Team T1 minus its visible cell gives S1 + O1 = 3 people, though each is hidden.
    people = _people(S1=1, M1=6, O1=2)
    published = [frozenset([S1, M1, O1]), frozenset([M1])]
    assert audit(published, people, 5) == Leak(frozenset([S1, O1]), 3, 0)


def test_cells_with_nobody_are_known_to_the_viewer() -> None:
    # {S1, M1} is shown with 3 people in it; M1 is empty, so this is S1 alone: the
    # group is below k whatever its name says.
    people = _people(S1=3, M1=0)
    assert audit([frozenset([S1, M1])], people, 5) == Leak(frozenset([S1]), 3, 0)
    assert decide({"g": frozenset([S1, M1])}, people, 5) == {"g": BELOW_K}


def test_every_measure_brings_its_own_head_counts() -> None:
    # Six people in the team, but on one dimension only two have a score (the others
    # answered "don't know"): that dimension's sum over them must not be derivable.
    people = {S1: (6, 2), M1: (7, 7)}
    published = [frozenset([S1, M1]), frozenset([M1])]
    assert audit(published, people, 5) == Leak(frozenset([S1]), 2, 1)


def test_the_cheapest_groups_are_hidden_for_the_lone_person() -> None:
    # S1 (1 person) needs a cycle of hidden cells through its row and column: O1 (5),
    # S2 (5) and O2 (6) cost 16 people; hiding M1 (6) as well would be waste.
    people = _people(S1=1, M1=6, O1=5, S2=5, M2=7, O2=6)
    groups = _groups(people)
    decisions = decide(groups, people, 5)
    hidden = {name: d for name, d in decisions.items() if d.hidden}
    assert hidden == {
        ("cell", *S1): BELOW_K,
        ("cell", *O1): PROTECTS,
        ("cell", *S2): PROTECTS,
        ("cell", *O2): PROTECTS,
    }
    shown = [groups[name] for name, d in decisions.items() if d.visible]
    assert audit(shown, people, 5) is None


def test_a_small_team_is_protected_by_its_smallest_sibling() -> None:
    people = {("a",): (9,), ("b",): (7,), ("c",): (2,)}
    groups = {"org": frozenset(people), **{c[0]: frozenset([c]) for c in people}}
    assert decide(groups, people, 5) == {"org": SHOWN, "a": SHOWN, "b": PROTECTS, "c": BELOW_K}


def test_two_small_teams_hidden_together_must_reach_k() -> None:
    people = {("a",): (9,), ("b",): (2,), ("c",): (2,), ("d",): (8,)}
    groups = {"org": frozenset(people), **{c[0]: frozenset([c]) for c in people}}
    # b + c = 4 < 5 is org - a - d: d, the smaller of the two, is hidden as well
    assert decide(groups, people, 5) == {
        "org": SHOWN,
        "a": SHOWN,
        "b": BELOW_K,
        "c": BELOW_K,
        "d": PROTECTS,
    }


def test_empty_groups_are_shown_as_empty_and_need_no_partner() -> None:
    people = {("a",): (9,), ("b",): (0,), ("c",): (6,)}
    groups = {"org": frozenset(people), **{c[0]: frozenset([c]) for c in people}}
    assert decide(groups, people, 5) == {"org": SHOWN, "a": SHOWN, "b": EMPTY, "c": SHOWN}


def test_an_earlier_release_counts_as_published() -> None:
    # Release 1 showed a (6) and b (5). One more person joins a: showing a again, or the
    # organisation, would give that person as the difference between the two looks.
    a1, a2, b1 = ("a", 1), ("a", 2), ("b", 1)
    people = {a1: (6,), a2: (1,), b1: (5,)}
    before = [frozenset([a1, b1]), frozenset([a1]), frozenset([b1])]
    groups = {"org": frozenset([a1, a2, b1]), "a": frozenset([a1, a2]), "b": frozenset([b1])}
    assert decide(groups, people, 5, published=before) == {
        "org": PROTECTS,
        "a": PROTECTS,
        "b": SHOWN,
    }


def test_information_loss_is_the_share_of_people_hidden_per_view() -> None:
    people = {("a",): (9,), ("b",): (7,), ("c",): (2,)}
    groups = {"org": frozenset(people), **{c[0]: frozenset([c]) for c in people}}
    views = {"org": "organisation", "a": "team", "b": "team", "c": "team"}
    decisions = decide(groups, people, 5)
    assert disclosure.information_loss(decisions, groups, people, views) == {
        "organisation": 0.0,
        "team": 9 / 18,
    }


def _brute_force_small_sets(
    equations: Sequence[frozenset[C]], people: Mapping[C, tuple[int]], k: int
) -> list[frozenset[C]]:
    """Every set of nonempty cells with 1..k-1 people whose indicator is in the row space
    of the equations, by plain Fraction elimination (independent of disclosure.py)."""
    cells = sorted((c for c, n in people.items() if n[0] > 0), key=repr)
    index = {c: i for i, c in enumerate(cells)}
    rows = [[Fraction(int(c in eq)) for c in cells] for eq in equations]

    def rank(matrix: list[list[Fraction]]) -> int:
        m = [row[:] for row in matrix]
        r = 0
        for col in range(len(cells)):
            pivot = next((i for i in range(r, len(m)) if m[i][col] != 0), None)
            if pivot is None:
                continue
            m[r], m[pivot] = m[pivot], m[r]
            for i in range(len(m)):
                if i != r and m[i][col] != 0:
                    f = m[i][col] / m[r][col]
                    m[i] = [x - f * y for x, y in zip(m[i], m[r], strict=True)]
            r += 1
        return r

    base = rank(rows)
    small = [c for c in cells if people[c][0] < k]
    found = []
    for size in range(1, k):
        for subset in itertools.combinations(small, size):
            if sum(people[c][0] for c in subset) >= k:
                continue
            target = [Fraction(0)] * len(cells)
            for c in subset:
                target[index[c]] = Fraction(1)
            if rank([*rows, target]) == base:
                found.append(frozenset(subset))
    return found


@pytest.mark.parametrize("seed", range(60))
def test_what_decide_shows_leaves_no_small_set_derivable(seed: int) -> None:
    rng = random.Random(seed)  # noqa: S311 (fixed test data)
    people = {
        (role, team): (rng.choice([0, 0, 1, 1, 2, 3, 4, 5, 6, 8, 12]),)
        for role in "ABC"
        for team in "WXYZ"
    }
    groups = _groups(people)
    k = rng.choice([3, 5])
    decisions = decide(groups, people, k)
    shown = [groups[name] for name, d in decisions.items() if d.visible]
    assert audit(shown, people, k) is None
    assert _brute_force_small_sets(shown, people, k) == []
    # and the audit finds what brute force finds on the unprotected table
    everything = [groups[name] for name, d in decisions.items() if d.reason != "below_k"]
    leaks = _brute_force_small_sets(everything, people, k)
    assert (audit(everything, people, k) is None) == (leaks == [])


# --- the whole engine, with releases ------------------------------------------------------------


@pytest.fixture
def uneven() -> Scores:
    """Teams of 12, 7 and 2 people; in north a lone leader; k = 5."""
    store = Store()
    teams = [Team("north", "North", 15), Team("south", "South", 10), Team("tiny", "Tiny", 3)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": likert(3), "t1": 3})] * 11
    rows += [("lead", "north", {"p1": likert(5), "t1": 6})]  # one leader: must stay hidden
    rows += [("rep", "south", {"p1": likert(2), "t1": 2})] * 7
    rows += [("rep", "tiny", {"p1": likert(1), "t1": 0})] * 2
    answer(store, assessment, q, rows)
    return score_assessment(store, assessment.id)


def test_the_lone_leader_and_the_tiny_team_are_hidden_and_say_why(uneven: Scores) -> None:
    purpose = {(r.grouping, r.role, r.team): r for r in uneven.results if r.dimension == "purpose"}
    assert purpose[("team", None, "tiny")].reason == "below_k"
    assert purpose[("role", "lead", None)].reason == "below_k"
    tiny = purpose[("team", None, "tiny")]
    assert (tiny.n, tiny.mean, tiny.sd, tiny.rwg, tiny.level) == (None, None, None, None, None)
    # organisation - rep = the leader, so the rep role is hidden for the leader's sake
    assert purpose[("role", "rep", None)].reason == "protects_smaller"
    assert purpose[("organisation", None, None)].n == 21


def test_no_published_equation_set_gives_a_small_group(uneven: Scores) -> None:
    cells = {}
    for r in uneven.of("role_team"):
        if r.dimension == "purpose":
            cells[(r.perspective, r.role, r.team)] = r
    # the truth, from the fixture: (rep, north) 11, (lead, north) 1, (rep, south) 7, ...
    truth = {
        ("frontline", "rep", "north"): (11,),
        ("leadership", "lead", "north"): (1,),
        ("frontline", "rep", "south"): (7,),
        ("frontline", "rep", "tiny"): (2,),
    }
    shown = []
    for r in uneven.results:
        if r.dimension == "purpose" and not r.suppressed:
            shown.append(
                frozenset(
                    c for c in truth if all(v is None or v == c[i] for i, v in enumerate(r.key))
                )
            )
    assert _brute_force_small_sets(shown, truth, 5) == []


def test_json_carries_no_figures_for_hidden_groups_only_the_reason(uneven: Scores) -> None:
    keys = {"grouping", "perspective", "role", "team", "dimension", "suppressed", "reason"}
    for r in uneven.results:
        if r.suppressed:
            figures = {k: v for k, v in r.as_dict().items() if k not in keys}
            assert set(figures.values()) == {None}, r
            assert r.reason in ("below_k", "protects_smaller", "empty")


def _engine(k: int = 5) -> tuple[Store, Assessment, Questionnaire]:
    store = Store()
    teams = [Team("north", "North", 20), Team("south", "South", 20)]
    assessment, q = setup(store, teams=teams, k=k)
    return store, assessment, q


def test_results_appear_at_k_and_then_move_only_in_steps_of_k() -> None:
    store, assessment, q = _engine()
    answer(store, assessment, q, [("rep", "north", {"p1": likert(3), "t1": 4})] * 4)
    first = analyse(store, assessment.id)
    assert first.scores.release == 0 and first.scores.overall_of().suppressed
    answer(store, assessment, q, [("rep", "north", {"p1": likert(5), "t1": 4})])
    one = analyse(store, assessment.id).scores.get("organisation", "purpose")
    assert (one.n, one.mean) == pytest.approx((5, (4 * 3 + 5) / 5))
    # one more submission: nobody sees it until k have changed
    answer(store, assessment, q, [("rep", "south", {"p1": likert(1), "t1": 4})])
    again = analyse(store, assessment.id)
    assert again.scores.release == 1
    assert again.scores.get("organisation", "purpose") == one
    assert releases.pending(store, assessment.id) == 1
    answer(store, assessment, q, [("rep", "south", {"p1": likert(1), "t1": 4})] * 4)
    two = analyse(store, assessment.id)
    assert two.scores.release == 2
    assert two.scores.get("organisation", "purpose").n == 10
    assert releases.pending(store, assessment.id) == 0


def test_an_erasure_waits_for_k_changes_like_a_submission() -> None:
    store, assessment, q = _engine()
    answer(store, assessment, q, [("rep", "north", {"p1": likert(3), "t1": 4})] * 6)
    mine = start_response(store, assessment.id, role_id="rep", team_id="north", language="en")
    save_answers(store, mine.secret, {"p1": likert(2), "t1": 4})
    submit(store, mine.secret)
    before = analyse(store, assessment.id).scores.get("organisation", "purpose")
    assert before.n == 7
    retention.erase_respondent(store, mine.secret)
    after = analyse(store, assessment.id).scores.get("organisation", "purpose")
    assert after == before  # the erased person's answer is not given away by a new look
    assert releases.pending(store, assessment.id) == 1
    answer(store, assessment, q, [("rep", "north", {"p1": likert(1), "t1": 4})] * 4)
    moved = analyse(store, assessment.id).scores.get("organisation", "purpose")
    assert moved.n == 10  # 7 - 1 + 4: five changes, a new release


def test_a_group_that_may_not_move_keeps_its_last_figures() -> None:
    store, assessment, q = _engine()
    answer(store, assessment, q, [("rep", "north", {"p1": likert(3), "t1": 4})] * 6)
    answer(store, assessment, q, [("rep", "south", {"p1": likert(2), "t1": 4})] * 6)
    first = analyse(store, assessment.id).scores
    north_before = first.get("team", "purpose", team="north")
    assert north_before.n == 6 and north_before.as_of is None
    # one newcomer in north, five in south: north may not move by one person
    answer(store, assessment, q, [("rep", "north", {"p1": likert(5), "t1": 4})])
    answer(store, assessment, q, [("rep", "south", {"p1": likert(4), "t1": 4})] * 5)
    second = analyse(store, assessment.id).scores
    assert second.release == 2
    north = second.get("team", "purpose", team="north")
    assert (north.n, north.mean, north.as_of) == (6, north_before.mean, 1)
    # showing south's 11 beside the organisation's 18 would give north's newcomer as
    # (18 - 12) - (11 - 6); south (11) costs fewer people than the organisation (18)
    south = second.get("team", "purpose", team="south")
    assert (south.n, south.as_of) == (6, 1)
    assert second.get("organisation", "purpose").n == 18


def test_comments_come_in_release_batches_for_the_whole_organisation_only() -> None:
    store, assessment, q = _engine()
    rows: list[Row] = [("rep", "north", {"p1": 2, "t1": 3, "note": f"north {n}"}) for n in range(6)]
    rows += [("rep", "south", {"p1": 2, "t1": 3, "note": f"south {n}"}) for n in range(4)]
    answer(store, assessment, q, rows)
    release = releases.current(store, assessment.id)
    assert releases.comments(store, release) == {
        "note": sorted([f"north {n}" for n in range(6)] + [f"south {n}" for n in range(4)])
    }
    answer(store, assessment, q, [("rep", "south", {"p1": 2, "t1": 3, "note": "late"})])
    assert "late" not in releases.comments(store, releases.current(store, assessment.id))["note"]


def test_the_snapshot_shows_the_release_not_the_live_figures() -> None:
    store, assessment, q = _engine()
    answer(store, assessment, q, [("rep", "north", {"p1": likert(3), "t1": 4})] * 5)
    released = releases.current(store, assessment.id).scores.get("organisation", "purpose")
    mine = start_response(store, assessment.id, role_id="rep", team_id="north", language="en")
    save_answers(store, mine.secret, {"p1": likert(5), "t1": 4})
    submit(store, mine.secret)
    snap = personal_snapshot(store, mine.secret)
    purpose = next(d for d in snap.dimensions if d.dimension_id == "purpose")
    assert purpose.own == 5.0
    assert purpose.organisation == released.mean == 3.0  # not (5 * 3 + 5) / 6


def test_analysis_json_never_shows_a_small_group() -> None:
    store = Store()
    teams = [Team("north", "North", 15), Team("tiny", "Tiny", 3)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": likert(3), "t1": 3})] * 8
    rows += [("lead", "tiny", {"p1": likert(5), "t1": 6})] * 2
    answer(store, assessment, q, rows)
    data = analyse(store, assessment.id).to_json()
    text = json.dumps(data)
    assert data["overall"]["n"] == 10 and data["release"] == 1
    for dim in data["dimensions"]:
        for group in dim["groups"]:
            if group["team"] == "tiny" or group["role"] == "lead":
                assert group["suppressed"] and group["mean"] is None
    assert all(p["suppressed"] for p in data["perception_gaps"])
    assert "5.0" not in text  # the leaders' answer (5) appears nowhere
