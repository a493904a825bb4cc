"""The attacker: what a viewer can work out from everything GapMap publishes.

This module is a specification of the attacker, written without looking at GapMap's
own disclosure code (it imports nothing from `assessment`). Its input is a list of
published figures, already turned into linear relations, and the organisation chart;
its output is every set of fewer than k people whose total a viewer can derive, and
how narrowly a viewer can pin down the mean of each hidden group.

The model
---------
*Cells.* The finest groups a viewer can name: one role in one team (the perspective
follows from the role), split by *era* when the viewer looks more than once: people
present at looks 0..3 are one era, the person who joined before look 1 another, the
person erased before look 3 a third. A cell is `(role, team, era)`.

*Quantities.* Everything GapMap publishes about a group is a sum over people, so a
sum over the group's cells: per dimension the number of people with a score (`n`),
the sum of scores (`sum`, n x mean) and the sum of squared scores (`sq`,
(n-1) sd^2 + n mean^2); the same three over core items only (`core_n`, `core_sum`,
`core_sq`, behind the perception gap); per item the people answering it (`item_n`),
answering "don't know" (`item_dk`) and choosing each option (`opt`); the number of
submitted responses (`resp`) and of started ones (`started`); the number of comments
per free-text item (`comments`). Each quantity counts over a *population* (people
with a score on the dimension, people answering the item, ...): a cell's head-count
for a quantity is the number of its people in that population.

*Figures.* A published figure says that a linear combination of quantities over
cells lies in an interval: `n = 12` (exact), `sum in [12 * 3.415, 12 * 3.425]` (a mean
published as 3.42), `sum - 3.42 * n = 0` (a mean shown without its n, as in the
personal snapshot). The exact audit uses every figure as an equation (its interval
is ignored: rounding does not protect a total, it only blurs it); the interval audit
uses the intervals.

*What the viewer knows besides.* The organisation chart: roles, their perspective,
teams, team head-counts, and which role x team cells are empty. Cells known to be
empty (a group published with n = 0, a role that is not asked an item) are zeros.
People who joined or left between two looks are known by role and team (a colleague
saw them answer, or it was the attacker): their era cells are known to be empty
where nobody came or went. Responses the attacker made themselves are known
outright.

Decisions
---------
`find_leaks`: for each group of coupled quantities, the figures' equations are
reduced in exact rational arithmetic (FLINT's `fmpq_mat.rref`). A set S of cells has a
derivable total exactly when its 0/1 indicator lies in the row space. Ordering the
columns with the cells of k or more people first, such an indicator can only use the
reduced rows whose pivot is a small cell, with coefficient 1 on each chosen pivot, so
every derivable set of 1..k-1 people is found by a search over subsets of those rows
(at most k-1 pivots with people), pruned as soon as a finished column leaves 0/1 or
the head-count reaches k. Each leak found is confirmed independently: its indicator
is orthogonal to the null space of the equations.

`narrowest_intervals`: for each hidden group (a group of any grouping, at any look,
whose mean on a dimension was not published) the smallest and largest mean a viewer
can infer, by linear programming (scipy's HiGHS). The mean is a ratio (sum / n, both
unknown), so the linear-fractional program is solved exactly with the Charnes-Cooper
transformation. Constraints: every figure's interval; per cell n <= sum <= 5 n (scores
lie on 1..5), tangent and chord bounds tying the sum of squares to the sum (x^2 >=
2 a x - a^2, x^2 <= 6 x - 5 on 1..5), n <= responses, and each team's responses at each
look at most its head-count.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import flint
import numpy as np
from scipy.optimize import linprog

Era = tuple[int, int, bool]  # (first look present, last look present, made by the attacker)
Cell = tuple[str, str | None, Era]  # (role, team, era)
Quantity = tuple[Any, ...]  # ("sum", "purpose"), ("opt", "purpose_decisions", 3), ("resp",)
Population = tuple[Any, ...]  # ("scored", "purpose"), ("item", "..."), ("submitted",)

GROUPINGS = ("organisation", "perspective", "role", "team", "perspective_team", "role_team")
COUNT_KINDS = frozenset({"n", "core_n", "item_n", "item_dk", "opt", "resp", "started", "comments"})
# Counts of a whole population (a 0 empties the cells for every quantity over it); the
# other counts (an option, "don't know", comments) are of a part of it.
SIZE_KINDS = frozenset({"n", "core_n", "item_n", "resp", "started"})


def population_of(quantity: Quantity) -> Population:
    """The people a quantity counts or sums over."""
    kind = quantity[0]
    if kind in ("n", "sum", "sq"):
        return ("scored", quantity[1])
    if kind in ("core_n", "core_sum", "core_sq"):
        return ("core", quantity[1])
    if kind in ("item_n", "item_dk", "opt"):
        return ("item", quantity[1])
    if kind == "started":
        return ("started",)
    return ("submitted",)  # resp, comments


@dataclass(frozen=True)
class Group:
    """A group a viewer can name, at one look: None means "any" (organisation = all None)."""

    look: int
    perspective: str | None = None
    role: str | None = None
    team: str | None = None

    @property
    def grouping(self) -> str:
        parts = (self.perspective is not None or self.role is not None, self.team is not None)
        if self.role is not None:
            return "role_team" if parts[1] else "role"
        if self.perspective is not None:
            return "perspective_team" if parts[1] else "perspective"
        return "team" if parts[1] else "organisation"


@dataclass(frozen=True)
class Figure:
    """Published: sum of coefficient x quantity over the group's cells lies in [low, high]."""

    terms: tuple[tuple[Quantity, Group, float], ...]
    low: float
    high: float
    source: str
    audit: bool = True  # an equation of the exact audit (False: a bound for the LP only)
    lp: bool = True  # a constraint of the interval audit

    def shape(self) -> tuple[Any, ...]:
        """The figure with its look left out (to tell a repeated release)."""
        terms = tuple((q, (g.perspective, g.role, g.team), c) for q, g, c in self.terms)
        return (terms, self.low, self.high, self.audit, self.lp)

    @property
    def exact_zero_count(self) -> bool:
        """A count published as 0: every cell of the group is empty for that population."""
        return (
            len(self.terms) == 1
            and self.terms[0][0][0] in COUNT_KINDS
            and self.low == self.high == 0
            and self.terms[0][2] > 0
        )


def figure(
    quantity: Quantity, group: Group, value: float, source: str, *, half: float = 0.0
) -> Figure:
    """One quantity of one group, published as `value` (+- `half` when rounded)."""
    return Figure(((quantity, group, 1.0),), value - half, value + half, source)


@dataclass
class Chart:
    """What the viewer knows about the organisation, and what the harness knows is true."""

    k: int
    perspective_of: Mapping[str, str]  # role -> perspective
    teams: Sequence[str | None]
    head_count: Mapping[str | None, int | None]  # team -> head-count (None: not known)
    empty: frozenset[tuple[str, str | None]]  # role x team cells nobody works in
    not_asked: Mapping[str, frozenset[str]]  # item -> roles not asked it
    eras: Sequence[Era]
    scale: tuple[float, float] = (1.0, 5.0)
    # The truth, for picking the sets to test: people per (population, cell) ...
    people: Mapping[tuple[Population, Cell], int] = field(default_factory=dict)
    # ... and the attacker's own responses' figures per (quantity, cell).
    own_values: Mapping[tuple[Quantity, Cell], float] = field(default_factory=dict)

    def cells(self) -> list[Cell]:
        """Every cell the viewer cannot rule out from the chart alone."""
        return [
            (role, team, era)
            for era in self.eras
            for role in self.perspective_of
            for team in self.teams
            if (role, team) not in self.empty
        ]

    def cells_of(self, group: Group) -> list[Cell]:
        """The cells a group is made of at its look."""
        return [
            c
            for c in self.cells()
            if c[2][0] <= group.look <= c[2][1]
            and (group.role is None or c[0] == group.role)
            and (group.perspective is None or self.perspective_of[c[0]] == group.perspective)
            and (group.team is None or c[1] == group.team)
        ]

    def count(self, population: Population, cell: Cell) -> int:
        return self.people.get((population, cell), 0)

    def base_era(self, era: Era) -> bool:
        """People present at every look: the viewer does not know which cells they fill."""
        return era[0] == 0 and era[1] == max(e[1] for e in self.eras) and not era[2]


# --- what is known to be zero, or known outright -------------------------------------------------


def known_zero(chart: Chart, figures: Iterable[Figure]) -> set[tuple[Any, Cell]]:
    """(population, cell) pairs the viewer knows to hold nobody, and (quantity, cell)
    pairs of part-counts (an option's count, say) known to be 0."""
    zero: set[tuple[Any, Cell]] = set()
    for f in figures:
        if f.exact_zero_count:
            quantity, group, _ = f.terms[0]
            key = population_of(quantity) if quantity[0] in SIZE_KINDS else quantity
            for cell in chart.cells_of(group):
                zero.add((key, cell))
    return zero


def is_zero(chart: Chart, zero: set[tuple[Any, Cell]], q: Quantity, cell: Cell) -> bool:
    population = population_of(q)
    if (population, cell) in zero or (q, cell) in zero:
        return True
    if population[0] == "item" and cell[0] in chart.not_asked.get(population[1], frozenset()):
        return True
    # People who came or went between looks are known by role and team.
    return not chart.base_era(cell[2]) and chart.count(population, cell) == 0


def is_own(cell: Cell) -> bool:
    """A cell of responses the attacker made: known outright."""
    return cell[2][2]


def is_known(chart: Chart, quantity: Quantity, cell: Cell) -> bool:
    """Known to the viewer without any figure: the attacker's own responses, and how
    many people came or went between looks (they are known by role and team)."""
    return is_own(cell) or (quantity[0] in ("resp", "started") and not chart.base_era(cell[2]))


# --- the exact audit ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Leak:
    """A set of cells holding 1..k-1 people whose total of `quantity` a viewer derives."""

    quantity: Quantity
    cells: tuple[Cell, ...]
    people: int
    sources: tuple[str, ...]

    def __str__(self) -> str:
        where = ", ".join(f"{r}/{t}/looks {e[0]}-{e[1]}" for r, t, e in self.cells)
        return f"{self.quantity} of {self.people} people [{where}] from {'+'.join(self.sources)}"


def find_leaks(chart: Chart, figures: Sequence[Figure], *, limit: int = 20) -> list[Leak]:
    """Every set of 1..k-1 people (up to `limit` of them) whose total of some quantity
    the published figures determine."""
    figures = [f for f in figures if f.audit]
    zero = known_zero(chart, figures)
    # Each figure as a row over unknown (quantity, cell) columns; known cells drop out.
    rows: list[dict[tuple[Quantity, Cell], Fraction]] = []
    sources: list[str] = []
    for f in figures:
        row: dict[tuple[Quantity, Cell], Fraction] = defaultdict(Fraction)
        for quantity, group, coefficient in f.terms:
            for cell in chart.cells_of(group):
                if is_known(chart, quantity, cell) or is_zero(chart, zero, quantity, cell):
                    continue
                row[(quantity, cell)] += Fraction(coefficient)
        row = {c: v for c, v in row.items() if v != 0}
        if row:
            rows.append(row)
            sources.append(f.source)
    leaks: list[Leak] = []
    seen: set[tuple[Any, ...]] = set()
    for block in _blocks(rows):
        for leak in _block_leaks(chart, [rows[i] for i in block], [sources[i] for i in block]):
            key = (leak.quantity, leak.cells)
            if key not in seen:
                seen.add(key)
                leaks.append(leak)
            if len(leaks) >= limit:
                return leaks
    return leaks


def _blocks(rows: Sequence[Mapping[tuple[Quantity, Cell], Fraction]]) -> list[list[int]]:
    """Rows grouped so that no two groups share a quantity (and, within a quantity, with
    identical structure grouped once: see `_block_leaks`)."""
    parent: dict[Quantity, Quantity] = {}

    def find(q: Quantity) -> Quantity:
        while parent.setdefault(q, q) != q:
            parent[q] = parent[parent[q]]
            q = parent[q]
        return q

    for row in rows:
        quantities = {q for q, _ in row}
        first = next(iter(quantities))
        for q in quantities:
            parent[find(q)] = find(first)
    blocks: dict[Quantity, list[int]] = defaultdict(list)
    for i, row in enumerate(rows):
        blocks[find(next(iter(row))[0])].append(i)
    return list(blocks.values())


_CACHE: dict[tuple[Any, ...], list[tuple[tuple[int, ...], int]]] = {}


def _block_leaks(
    chart: Chart,
    rows: Sequence[Mapping[tuple[Quantity, Cell], Fraction]],
    sources: Sequence[str],
) -> list[Leak]:
    """The derivable small sets of one block of coupled quantities."""
    k = chart.k
    columns = sorted({c for row in rows for c in row}, key=repr)
    # Identical columns can only be derived together: merge them (within a quantity).
    signature: dict[tuple[Quantity, Cell], tuple[Any, ...]] = {
        c: (c[0], tuple(row.get(c, Fraction(0)) for row in rows)) for c in columns
    }
    merged: dict[tuple[Any, ...], list[tuple[Quantity, Cell]]] = defaultdict(list)
    for c in columns:
        merged[signature[c]].append(c)
    units = list(merged.values())
    people = [sum(chart.count(population_of(q), cell) for q, cell in unit) for unit in units]
    quantity_of = [unit[0][0] for unit in units]
    if all(p == 0 or p >= k for p in people):
        return []
    order = sorted(range(len(units)), key=lambda u: (people[u] < k, u))  # large first
    matrix = [[signature[units[u][0]][1][r] for u in order] for r in range(len(rows))]
    key = (tuple(tuple(r) for r in matrix), tuple(people[u] for u in order), k)
    if key not in _CACHE:
        _CACHE[key] = _small_sets(
            matrix, [people[u] for u in order], [repr(quantity_of[u]) for u in order], k
        )
    leaks = []
    for chosen, total in _CACHE[key]:
        picked = [units[order[j]] for j in chosen]
        cells = tuple(sorted((cell for unit in picked for _, cell in unit), key=repr))
        used = tuple(sorted(set(sources)))
        leaks.append(Leak(picked[0][0][0], cells, total, used))
    return leaks


def _rref(matrix: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
    """The nonzero rows of the reduced row echelon form, exactly."""
    if not matrix or not matrix[0]:
        return []
    m = flint.fmpq_mat(len(matrix), len(matrix[0]))
    for r, row in enumerate(matrix):
        for c, v in enumerate(row):
            if v:
                m[r, c] = flint.fmpq(v.numerator, v.denominator)
    reduced, rank = m.rref()
    return [
        [Fraction(int(x.p), int(x.q)) for x in (reduced[r, c] for c in range(m.ncols()))]
        for r in range(rank)
    ]


def _nullspace(matrix: Sequence[Sequence[Fraction]]) -> list[list[Fraction]]:
    """A basis of {x : matrix x = 0}, exactly (from the reduced form)."""
    reduced = _rref(matrix)
    width = len(matrix[0])
    pivots = [next(c for c, v in enumerate(row) if v) for row in reduced]
    basis = []
    for free in (c for c in range(width) if c not in pivots):
        x = [Fraction(0)] * width
        x[free] = Fraction(1)
        for row, p in zip(reduced, pivots, strict=True):
            x[p] = -row[free]
        basis.append(x)
    return basis


def _small_sets(
    matrix: Sequence[Sequence[Fraction]], people: Sequence[int], quantity: Sequence[str], k: int
) -> list[tuple[tuple[int, ...], int]]:
    """Column sets (of one quantity) holding 1..k-1 people whose 0/1 indicator is in the
    row space; columns are ordered with every column of k or more people first."""
    reduced = _rref(matrix)
    width = len(people)
    first_small = next((c for c in range(width) if people[c] < k), width)
    pivot_rows = []
    for row in reduced:
        p = next(c for c, v in enumerate(row) if v)
        if p >= first_small:  # rows with a pivot on a large cell can take no part
            pivot_rows.append((p, row))
    pivot_cols = {p for p, _ in pivot_rows}
    found: list[tuple[tuple[int, ...], int]] = []

    def finished(lo: int, hi: int, acc: list[Fraction]) -> int | None:
        """People in the non-pivot columns lo..hi-1, now final; None when one is not 0/1."""
        total = 0
        for c in range(lo, hi):
            if c in pivot_cols:
                continue
            if acc[c] not in (0, 1):
                return None
            if acc[c] == 1:
                total += people[c]
        return total

    def search(i: int, acc: list[Fraction], chosen: list[int], count: int, done: int) -> None:
        # columns before `done` are final and 0/1; `count` people are in them or chosen
        if count >= k or len(found) > 50:
            return
        if i == len(pivot_rows):
            rest = finished(done, width, acc)
            if rest is None or not 0 < count + rest < k:
                return
            support = [c for c in range(width) if acc[c]]
            if len({quantity[c] for c in support}) == 1:
                found.append((tuple(support), count + rest))
            return
        p, row = pivot_rows[i]
        settled = finished(done, p, acc)
        if settled is None:
            return
        count += settled
        search(i + 1, acc, chosen, count, p + 1)  # without this row
        with_row = [a + b for a, b in zip(acc, row, strict=True)]
        search(i + 1, with_row, [*chosen, p], count + people[p], p + 1)

    search(0, [Fraction(0)] * width, [], 0, first_small)
    if found:  # confirm each independently: orthogonal to the null space
        null = _nullspace(matrix)
        for support, _ in found:
            assert all(sum(x[c] for c in support) == 0 for x in null), support
    return found


# --- the interval audit -------------------------------------------------------------------------


@dataclass(frozen=True)
class Interval:
    """The range of a hidden group's mean on a dimension that a viewer can infer."""

    dimension: str
    group: Group
    people: int
    low: float
    high: float

    @property
    def width(self) -> float:
        return self.high - self.low

    def __str__(self) -> str:
        g = self.group
        return (
            f"{self.dimension} of {g.grouping} {g.perspective or ''}/{g.role or ''}/"
            f"{g.team or ''} at look {g.look} ({self.people} people): "
            f"{self.low:.3f}..{self.high:.3f} (width {self.width:.3f})"
        )


def hidden_groups(chart: Chart, figures: Sequence[Figure], dimension: str) -> list[Group]:
    """Every group with people that a viewer is told is hidden on `dimension` (a
    `("hidden", dimension)` marker), at the look it was hidden, unless its sum was
    published at some look (one per distinct set of cells that may hold people)."""
    zero = known_zero(chart, [f for f in figures if f.audit])
    quantity = ("sum", dimension)

    def live(group: Group) -> frozenset[Cell]:
        return frozenset(c for c in chart.cells_of(group) if not is_zero(chart, zero, quantity, c))

    published = {
        live(f.terms[0][1])
        for f in figures
        if f.audit and len(f.terms) == 1 and f.terms[0][0] == quantity
    }
    out: dict[frozenset[Cell], Group] = {}
    for f in figures:
        if f.terms[0][0] != ("hidden", dimension):
            continue
        group = f.terms[0][1]
        cells = live(group)
        people = sum(chart.count(("scored", dimension), c) for c in cells)
        if people and cells not in published and cells not in out:
            out[cells] = group
    return list(out.values())


def all_groups(chart: Chart, look: int) -> list[Group]:
    """Every group of every grouping at one look."""
    perspectives = sorted(set(chart.perspective_of.values()))
    teams = [t for t in chart.teams if t is not None]
    groups = [Group(look)]
    groups += [Group(look, perspective=p) for p in perspectives]
    groups += [
        Group(look, perspective=chart.perspective_of[r], role=r) for r in chart.perspective_of
    ]
    groups += [Group(look, team=t) for t in teams]
    groups += [Group(look, perspective=p, team=t) for p in perspectives for t in teams]
    groups += [
        Group(look, perspective=chart.perspective_of[r], role=r, team=t)
        for r in chart.perspective_of
        for t in teams
    ]
    return groups


def narrowest_intervals(
    chart: Chart, figures: Sequence[Figure], dimension: str, *, groups: Sequence[Group] = ()
) -> list[Interval]:
    """For each hidden group (or each of `groups`), the interval of its mean on
    `dimension` that the published figures and the scale's bounds allow; narrowest first."""
    lp = _MeanProgram(chart, figures, dimension)
    out = []
    for group in groups or hidden_groups(chart, figures, dimension):
        cells = chart.cells_of(group)
        people = sum(chart.count(("scored", dimension), c) for c in cells)
        low, high = lp.mean_range(cells)
        out.append(Interval(dimension, group, people, low, high))
    return sorted(out, key=lambda i: i.width)


class _MeanProgram:
    """The linear constraints on one dimension's n, sum and sum of squares (and the
    responses) per cell, ready for Charnes-Cooper ratio bounds."""

    KINDS = ("n", "sum", "sq", "resp")

    def __init__(self, chart: Chart, figures: Sequence[Figure], dimension: str) -> None:
        self.chart = chart
        self.dimension = dimension
        zero = known_zero(chart, figures)
        cells = chart.cells()
        self.index: dict[tuple[str, Cell], int] = {}
        for kind in self.KINDS:
            for cell in cells:
                self.index[(kind, cell)] = len(self.index)
        size = len(self.index)
        ub: list[tuple[dict[int, float], float]] = []  # row . x <= b
        eq: list[tuple[dict[int, float], float]] = []  # row . x == b
        lo_s, hi_s = chart.scale
        for cell in cells:
            n, s, sq, r = (self.index[(kind, cell)] for kind in self.KINDS)
            ub.append(({n: lo_s, s: -1.0}, 0.0))  # sum >= lo * n
            ub.append(({s: 1.0, n: -hi_s}, 0.0))  # sum <= hi * n
            ub.append(({sq: 1.0, s: -(lo_s + hi_s), n: lo_s * hi_s}, 0.0))  # chord
            for a in np.linspace(lo_s, hi_s, 9):
                ub.append(({s: 2 * a, n: -a * a, sq: -1.0}, 0.0))  # tangents
            ub.append(({n: 1.0, r: -1.0}, 0.0))  # scored people answered
            for kind, col in zip(self.KINDS, (n, s, sq, r), strict=True):
                quantity: Quantity = (kind,) if kind == "resp" else (kind, dimension)
                if is_known(chart, quantity, cell):
                    eq.append(({col: 1.0}, chart.own_values.get((quantity, cell), 0.0)))
                elif is_zero(chart, zero, quantity, cell):
                    eq.append(({col: 1.0}, 0.0))
        for look in sorted({c[2][0] for c in cells} | {c[2][1] for c in cells}):
            for team in chart.teams:
                head = chart.head_count.get(team)
                if head is None or team is None:
                    continue
                members = chart.cells_of(Group(look, team=team))
                ub.append(({self.index[("resp", c)]: 1.0 for c in members}, float(head)))
        wanted = {("n", dimension), ("sum", dimension), ("sq", dimension), ("resp",)}
        for f in figures:
            if not f.lp or not all(t[0] in wanted for t in f.terms):
                continue
            row: dict[int, float] = defaultdict(float)
            for quantity, group, coefficient in f.terms:
                for cell in chart.cells_of(group):
                    row[self.index[(quantity[0], cell)]] += coefficient
            if f.low == f.high:
                slack = 1e-7 * (1.0 + abs(f.low))
                ub.append((dict(row), f.high + slack))
                ub.append(({c: -v for c, v in row.items()}, -(f.low - slack)))
            else:
                if f.high < float("inf"):
                    ub.append((dict(row), f.high))
                if f.low > float("-inf"):
                    ub.append(({c: -v for c, v in row.items()}, -f.low))
        # Charnes-Cooper: y = t x, t = 1 / n(H); rows A x <= b become A y - b t <= 0.
        self.width = size + 1
        self.a_ub = np.zeros((len(ub), self.width))
        for i, (row, b) in enumerate(ub):
            for c, v in row.items():
                self.a_ub[i, c] = v
            self.a_ub[i, size] = -b
        self.a_eq = np.zeros((len(eq), self.width))
        for i, (row, b) in enumerate(eq):
            for c, v in row.items():
                self.a_eq[i, c] = v
            self.a_eq[i, size] = -b

    def mean_range(self, cells: Sequence[Cell]) -> tuple[float, float]:
        """The smallest and largest mean of the cells' people a viewer can infer."""
        objective = np.zeros(self.width)
        norm = np.zeros((1, self.width))
        for cell in cells:
            objective[self.index[("sum", cell)]] = 1.0
            norm[0, self.index[("n", cell)]] = 1.0
        a_eq = np.vstack([self.a_eq, norm])
        b_eq = np.zeros(len(a_eq))
        b_eq[-1] = 1.0
        ends = []
        for sign in (1.0, -1.0):
            # HiGHS's dual simplex first; on numerical trouble (a status it cannot name,
            # seen once in 300 organisations), its interior-point method.
            for method in ("highs-ds", "highs-ipm"):
                result = linprog(
                    sign * objective,
                    A_ub=self.a_ub,
                    b_ub=np.zeros(len(self.a_ub)),
                    A_eq=a_eq,
                    b_eq=b_eq,
                    bounds=(0, None),
                    method=method,
                )
                if result.status == 0:
                    break
            if result.status != 0:
                raise AssertionError(f"the viewer's program failed: {result.message}")
            ends.append(sign * result.fun)
        return ends[0], ends[1]
