"""Anonymity: groups below k are suppressed, and no suppressed group can be recovered by
subtracting visible groups from a visible total."""

from __future__ import annotations

import json
from collections import defaultdict

import pytest

from assessment.analysis import analyse
from assessment.anonymity import Cell, coarser_groupings, suppressed_keys, visible_comments
from assessment.assessments import Team
from assessment.scoring import GroupResult, Scores, score_assessment
from assessment.store import Store
from tests.engine import answer, likert, setup


def test_coarser_groupings_form_the_lattice() -> None:
    assert coarser_groupings("organisation") == []
    assert set(coarser_groupings("role")) == {"organisation", "perspective"}
    assert set(coarser_groupings("team")) == {"organisation"}
    assert set(coarser_groupings("role_team")) == {
        "organisation",
        "perspective",
        "role",
        "team",
        "perspective_team",
    }


def test_group_below_threshold_is_suppressed() -> None:
    cells = [Cell((None, None, "a"), 6), Cell((None, None, "b"), 4)]
    # b alone is below 5; hiding only b would leave it as total - a, so a goes too
    assert suppressed_keys(cells, "team", 5) == {(None, None, "a"), (None, None, "b")}


def test_next_smallest_sibling_is_suppressed_with_a_lone_small_group() -> None:
    cells = [
        Cell((None, None, "a"), 9),
        Cell((None, None, "b"), 7),
        Cell((None, None, "c"), 2),
    ]
    assert suppressed_keys(cells, "team", 5) == {(None, None, "c"), (None, None, "b")}


def test_two_small_groups_hidden_together_must_reach_k() -> None:
    cells = [
        Cell((None, None, "a"), 9),
        Cell((None, None, "b"), 2),
        Cell((None, None, "c"), 2),
        Cell((None, None, "d"), 8),
    ]
    # b + c = 4 < 5 would give the mean of 4 people: d (the smallest visible) goes too
    assert suppressed_keys(cells, "team", 5) == {
        (None, None, "b"),
        (None, None, "c"),
        (None, None, "d"),
    }


def test_empty_groups_reveal_nothing_and_need_no_partner() -> None:
    cells = [Cell((None, None, "a"), 9), Cell((None, None, "b"), 8), Cell((None, None, "c"), 0)]
    assert suppressed_keys(cells, "team", 5) == {(None, None, "c")}


def test_role_hidden_inside_its_perspective_is_protected() -> None:
    # leadership perspective = manager (6) + exec (2); exec is small; manager must go too,
    # or exec = leadership total - manager.
    cells = [
        Cell(("leadership", "manager", None), 6),
        Cell(("leadership", "exec", None), 2),
        Cell(("frontline", "sales", None), 20),
        Cell(("frontline", "service", None), 12),
    ]
    assert suppressed_keys(cells, "role", 5) == {
        ("leadership", "manager", None),
        ("leadership", "exec", None),
    }


def _hidden_people_per_parent(scores: Scores, grouping: str, dimension: str) -> list[int]:
    """For every coarser group: how many people the suppressed cells inside it hide."""
    cells = [r for r in scores.of(grouping) if r.dimension == dimension]
    out = []
    for parent in coarser_groupings(grouping):
        parts = {
            "organisation": (False, False, False),
            "perspective": (True, False, False),
            "role": (True, True, False),
            "team": (False, False, True),
            "perspective_team": (True, False, True),
        }[parent]
        families: dict[tuple[str | None, ...], list[GroupResult]] = defaultdict(list)
        for c in cells:
            key = tuple(v if p else None for v, p in zip(c.key, parts, strict=True))
            families[key].append(c)
        for family in families.values():
            visible = sum(c.n or 0 for c in family if not c.suppressed)
            parent_row = [
                r
                for r in scores.of(parent)
                if r.dimension == dimension
                and all(
                    (v if p else None) == getattr(r, name)
                    for v, p, name in zip(
                        family[0].key, parts, ("perspective", "role", "team"), strict=True
                    )
                )
            ]
            if parent_row and not parent_row[0].suppressed:
                out.append((parent_row[0].n or 0) - visible)
    return out


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


def test_small_team_is_suppressed_with_no_figures(uneven: Scores) -> None:
    tiny = uneven.get("team", "purpose", team="tiny")
    assert tiny.suppressed
    assert (tiny.n, tiny.mean, tiny.sd, tiny.rwg, tiny.level) == (None, None, None, None, None)


def test_subtraction_attack_recovers_no_small_group(uneven: Scores) -> None:
    org = uneven.get("organisation", "purpose")
    assert not org.suppressed and org.n == 21
    # the attacker's sum: organisation total minus every visible team
    visible = [r for r in uneven.of("team") if r.dimension == "purpose" and not r.suppressed]
    hidden_n = org.n - sum(r.n or 0 for r in visible)
    assert hidden_n == 0 or hidden_n >= uneven.k
    # tiny (2) could be recovered from organisation - north - south: south (7) is hidden too
    assert uneven.get("team", "purpose", team="south").suppressed
    assert not uneven.get("team", "purpose", team="north").suppressed
    for grouping in ("role", "team", "perspective_team", "role_team"):
        for dim in ("purpose", "time"):
            for hidden in _hidden_people_per_parent(uneven, grouping, dim):
                assert hidden == 0 or hidden >= uneven.k, (grouping, dim, hidden)


def test_lone_leader_cannot_be_read_from_any_grouping(uneven: Scores) -> None:
    lead_cells = [
        r
        for r in uneven.results
        if r.role == "lead" or (r.perspective == "leadership" and r.grouping != "organisation")
    ]
    assert lead_cells and all(r.suppressed for r in lead_cells)
    # in north, the visible rep cell would give the leader as north - rep: rep is hidden
    assert uneven.get("role_team", "purpose", role="rep", team="north").suppressed


def test_json_output_carries_no_figures_for_suppressed_groups(uneven: Scores) -> None:
    for r in uneven.results:
        if r.suppressed:
            figures = {k: v for k, v in r.as_dict().items() if k not in _KEY_FIELDS}
            assert set(figures.values()) == {None}, r


_KEY_FIELDS = {"grouping", "perspective", "role", "team", "dimension", "suppressed"}


def test_analysis_json_never_shows_a_small_group() -> None:
    store = Store()
    teams = [Team("north", "North", 15), Team("tiny", "Tiny", 3)]
    assessment, q = setup(store, teams=teams)
    rows = [("rep", "north", {"p1": likert(3), "t1": 3})] * 8
    rows += [("lead", "tiny", {"p1": likert(5), "t1": 6})] * 2
    answer(store, assessment, q, rows)
    data = analyse(store, assessment.id).to_json()
    text = json.dumps(data)
    assert data["overall"]["n"] == 10
    for dim in data["dimensions"]:
        for group in dim["groups"]:
            if group["team"] == "tiny" or group["role"] == "lead":
                assert group["suppressed"] and group["mean"] is None
    # the perception gap needs both sides to reach k
    assert all(p["suppressed"] for p in data["perception_gaps"])
    assert "5.0" not in text  # the leaders' answer (5) appears nowhere


def test_comments_only_above_the_comment_threshold_and_sorted() -> None:
    comments = {"north": ["zebra", "apple"], "tiny": ["only me"]}
    shown = visible_comments(comments, {"north": 12, "tiny": 3}, 10)
    assert shown == {"north": ["apple", "zebra"]}


def test_comments_are_returned_only_for_groups_at_the_comment_threshold() -> None:
    from assessment.scoring import comments_for

    store = Store()
    teams = [Team("north", "North", 15), Team("south", "South", 10)]
    assessment, q = setup(store, teams=teams)  # comment threshold 10
    rows = [("rep", "north", {"p1": 2, "t1": 3, "note": f"north {n}"}) for n in range(10)]
    rows += [("rep", "south", {"p1": 2, "t1": 3, "note": f"south {n}"}) for n in range(6)]
    answer(store, assessment, q, rows)
    by_team = comments_for(store, assessment.id, "team")
    assert list(by_team) == [(None, None, "north")]
    assert by_team[(None, None, "north")]["note"] == sorted(f"north {n}" for n in range(10))
    everyone = comments_for(store, assessment.id, "organisation")[(None, None, None)]["note"]
    assert len(everyone) == 16
