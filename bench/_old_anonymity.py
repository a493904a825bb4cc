"""Bench-only copy of the OLD anonymity rule, for `bench/bench_disclosure.py` alone.

Recovered unchanged (below this paragraph) from git, `git show d83dd2e:assessment/anonymity.py`:
the per-grouping suppression GapMap used before `assessment.analysis.disclosure` replaced it
(commit 68b1491 and after). Nothing in the package imports it; the benchmark applies
`suppress_small_groups` as the old `scoring._scores_from_cells` did, to print how much
each view hid before. Do not use it to decide what anyone may see.

Anonymity in the query layer: small groups are suppressed, and so are the groups that
would let a suppressed one be recovered by subtraction.

Every result row belongs to a *grouping* (organisation, role, team, ...) and holds the
number of people behind it. A row with fewer than k people is suppressed. That alone is
not enough: if the organisation's mean is visible and every team but one is visible, the
hidden team's mean follows from the others. So for every coarser group that contains
suppressed rows (a team contains its role x team cells, the organisation contains every
team), the people hidden inside it must together number 0 or at least k; while they do
not, the smallest visible sibling is suppressed too ("complementary suppression").
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TypeVar

R = TypeVar("R")

DEFAULT_K = 5

# The groupings GapMap reports and, for each, the coarser groupings its cells add up to.
# A key is (perspective, role, team); None means "all".
Key = tuple[str | None, str | None, str | None]
GROUPINGS: dict[str, tuple[bool, bool, bool]] = {
    # grouping: which of (perspective, role, team) it splits by
    "organisation": (False, False, False),
    "perspective": (True, False, False),
    "role": (True, True, False),  # a role lies inside one perspective
    "team": (False, False, True),
    "perspective_team": (True, False, True),
    "role_team": (True, True, True),
}


def project(key: Key, parts: tuple[bool, bool, bool]) -> Key:
    """The key of the group containing `key` in a grouping that splits by `parts`."""
    return (
        key[0] if parts[0] else None,
        key[1] if parts[1] else None,
        key[2] if parts[2] else None,
    )


def coarser_groupings(grouping: str) -> list[str]:
    """The groupings whose cells are unions of `grouping`'s cells."""
    mine = GROUPINGS[grouping]
    return [
        name
        for name, parts in GROUPINGS.items()
        if name != grouping and all(m or not p for m, p in zip(mine, parts, strict=True))
    ]


@dataclass(frozen=True)
class Cell:
    """One group's head-count inside one grouping."""

    key: Key
    n: int


def suppressed_keys(cells: Sequence[Cell], grouping: str, k: int) -> set[Key]:
    """Keys of `cells` (all of one grouping, one measure) that must not be shown.

    Cells below k are suppressed; then, for every cell of a coarser grouping, the
    suppressed people inside it must number 0 or >= k, else the smallest visible
    non-empty sibling is suppressed as well, until nothing changes."""
    hidden = {c.key for c in cells if c.n < k}
    parents = [GROUPINGS[g] for g in coarser_groupings(grouping)]
    changed = True
    while changed:
        changed = False
        for parts in parents:
            families: dict[Key, list[Cell]] = {}
            for cell in cells:
                families.setdefault(project(cell.key, parts), []).append(cell)
            for family in families.values():
                hidden_n = sum(c.n for c in family if c.key in hidden)
                if 0 < hidden_n < k:
                    visible = [c for c in family if c.key not in hidden and c.n > 0]
                    if visible:
                        smallest = min(visible, key=lambda c: (c.n, str(c.key)))
                        hidden.add(smallest.key)
                        changed = True
    return hidden


G = TypeVar("G", bound=Hashable)


def suppress_counts(counts: Mapping[G, int], grouping: str, k: int) -> dict[G, int | None]:
    """Head-counts of the groups of one grouping ("team" or "role"), with every count of
    1..k-1 hidden (None) and, by complementary suppression, the counts that would let a
    hidden one be recovered from the total. Zero stays visible: it identifies nobody."""

    def key(group: G) -> Key:
        parts = GROUPINGS[grouping]
        name = str(group)
        return (
            name if parts[0] and not parts[1] and not parts[2] else None,
            name if parts[1] else None,
            name if parts[2] else None,
        )

    cells = [Cell(key(g), n) for g, n in counts.items() if n > 0]
    hidden = suppressed_keys(cells, grouping, k)
    return {g: (None if key(g) in hidden else n) for g, n in counts.items()}


def suppress_small_groups(
    rows: Iterable[R],
    *,
    k: int,
    grouping_of: Callable[[R], str],
    key_of: Callable[[R], Key],
    n_of: Callable[[R], int],
    measure_of: Callable[[R], Hashable] = lambda _: None,
) -> set[int]:
    """Indexes of `rows` to suppress. Rows are split by grouping and by measure (e.g.
    the dimension: each dimension has its own n) and each part is checked on its own."""
    parts: dict[tuple[str, Hashable], list[tuple[int, Cell]]] = {}
    for index, row in enumerate(rows):
        parts.setdefault((grouping_of(row), measure_of(row)), []).append(
            (index, Cell(key_of(row), n_of(row)))
        )
    out: set[int] = set()
    for (grouping, _), members in parts.items():
        hidden = suppressed_keys([cell for _, cell in members], grouping, k)
        out.update(index for index, cell in members if cell.key in hidden)
    return out


def visible_comments(
    comments: Mapping[Hashable, Sequence[str]], group_sizes: Mapping[Hashable, int], k: int
) -> dict[Hashable, list[str]]:
    """Comments per group, only for groups of at least `k` respondents (the comment
    threshold), sorted so their order says nothing about who wrote them or when."""
    return {
        group: sorted(texts)
        for group, texts in comments.items()
        if group_sizes.get(group, 0) >= k and texts
    }
