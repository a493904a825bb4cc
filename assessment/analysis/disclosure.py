"""Disclosure control: the one place that decides what a viewer may see.

Everything GapMap publishes about a group of people (a count, a mean, an sd, answer
counts, comments) is a sum over the *finest cells* the group is made of: the people
of one role in one team, and, over time, of one release. A viewer who sees every
published figure at once, and every earlier release, holds one linear equation per
published group over those cells, and knows which cells are empty. The promise:

    no combination of published equations gives the total of any set of cells that
    holds between 1 and k-1 people.

`audit` decides that exactly. The equations of the groups shown are reduced in rational
arithmetic (FLINT); the sums a viewer can derive *without* touching any cell of k or
more people form a vector space W (the reduced rows whose pivot lies on a small cell),
and a derivable set of small cells is a 0/1 vector in W. Its coefficients on W's
pivots are its own 0/1 entries, so a search over subsets of pivots (at most k-1 of
them, pruned as soon as a finished column leaves 0/1 or the head-count reaches k)
finds every such set, one connected part of W at a time.

`decide` hides groups until the audit passes: first every group of 1 to k-1 people
(the primary rule), then, while some small set can still be derived, the cheapest group
(fewest people) among those the derivation uses. Each hidden group carries its reason.

Second moments (sd, CI, agreement) and per-option counts are sums over the same cells
(of squares, of indicators), so they share the equations; each *measure* brings its own
head-count per cell (people with a score on a dimension, with a core-item score, with
an answer to an item), and the audit runs once per distinct set of head-counts.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Literal, TypeVar

import flint

from assessment import words

Cell = Hashable
C = TypeVar("C", bound=Hashable)  # a cell
G = TypeVar("G", bound=Hashable)  # a group's name
Number = int | Fraction
_PRIME = 2**61 - 1  # a Mersenne prime, for the fast choice of what to hide (`derivation`)
Reason = Literal["shown", "empty", "below_k", "protects_smaller"]
REASONS: tuple[Reason, ...] = ("shown", "empty", "below_k", "protects_smaller")


@dataclass(frozen=True)
class Leak:
    """A set of cells a viewer could add up, holding 1..k-1 people for `measure`."""

    cells: frozenset[Cell]
    people: int
    measure: int


@dataclass(frozen=True)
class Decision:
    """Whether a group is shown and, if not, why."""

    visible: bool
    reason: Reason

    @property
    def hidden(self) -> bool:
        return not self.visible


SHOWN = Decision(True, "shown")
EMPTY = Decision(True, "empty")
BELOW_K = Decision(False, "below_k")
PROTECTS = Decision(False, "protects_smaller")


# --- the audit ----------------------------------------------------------------------------------


def _known_cells(
    equations: Sequence[frozenset[Cell]], unknown: set[Cell]
) -> tuple[set[Cell], list[frozenset[Cell]]]:
    """Cells a viewer learns one by one (an equation with a single unknown cell), and the
    equations left over the remaining unknowns (deduplicated, empty ones dropped)."""
    known: set[Cell] = set()
    rows = {frozenset(c for c in eq if c in unknown) for eq in equations}
    rows.discard(frozenset())
    changed = True
    while changed:
        changed = False
        for row in list(rows):
            rest = row - known
            if len(rest) == 1:
                known |= rest
                changed = True
        if changed:
            rows = {row - known for row in rows}
            rows.discard(frozenset())
    return known, sorted(rows, key=lambda r: (len(r), sorted(map(repr, r))))


def _derivable_small_set(
    equations: Sequence[frozenset[Cell]],
    people: Mapping[Cell, int],
    k: int,
    skip: frozenset[frozenset[Cell]] = frozenset(),
) -> frozenset[Cell] | None:
    """A set of cells holding 1..k-1 people whose total the equations give, or None.

    Cells with no people are taken as known to the viewer (the organisation chart)."""
    unknown = {c for c, n in people.items() if n > 0}
    known, rows = _known_cells(equations, unknown)
    for cell in sorted(known, key=repr):
        if people[cell] < k and frozenset([cell]) not in skip:
            return frozenset([cell])
    unknown -= known
    small = sorted((c for c in unknown if people[c] < k), key=repr)
    if not small or not rows:
        return None
    large = sorted((c for c in unknown if people[c] >= k), key=repr)
    order = large + small
    column = {c: i for i, c in enumerate(order)}
    width = len(order)
    matrix = flint.fmpq_mat(len(rows), width)
    for r, row in enumerate(rows):
        for cell in row:
            matrix[r, column[cell]] = 1
    reduced, rank = matrix.rref()
    n_large = len(large)
    basis: list[dict[int, Number]] = []
    pivot = -1
    for r in range(rank):
        pivot += 1
        while reduced[r, pivot] == 0:
            pivot += 1
        if pivot >= n_large:  # a sum over small cells only
            entries = (reduced[r, col] for col in range(pivot, width))
            basis.append(
                {
                    col - n_large: _exact(value)
                    for col, value in enumerate(entries, start=pivot)
                    if value != 0
                }
            )
    counts = [people[c] for c in small]
    skipped = {frozenset(i for i, c in enumerate(small) if c in cells) for cells in skip}
    for part in _components(basis):
        found = _search(part, counts, k, skipped)
        if found is not None:
            return frozenset(small[i] for i in found)
    return None


def _exact(value: flint.fmpq) -> Number:
    """A FLINT rational as a Python int when it is whole (nearly always: the equations
    are 0/1 sums), else as a Fraction; both add exactly, ints much faster."""
    p, q = int(value.p), int(value.q)
    return p if q == 1 else Fraction(p, q)


def _components(basis: list[dict[int, Number]]) -> list[list[dict[int, Number]]]:
    """W's rows split into parts that share no column: a smallest derivable set lies
    within one part (a 0/1 sum across parts is 0/1 in each part)."""
    parent = list(range(len(basis)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[int, int] = {}
    for i, row in enumerate(basis):
        for col in row:
            if col in owner:
                parent[find(i)] = find(owner[col])
            else:
                owner[col] = i
    parts: dict[int, list[dict[int, Number]]] = {}
    for i, row in enumerate(basis):
        parts.setdefault(find(i), []).append(row)
    return list(parts.values())


def _search(
    rows: list[dict[int, Number]],
    counts: list[int],
    k: int,
    skip: Iterable[frozenset[int]] = (),
) -> list[int] | None:
    """Columns of a 0/1 vector in the span of `rows` (reduced: each row has a 1 on its own
    pivot, 0 on the others) whose cells hold 1..k-1 people, or None."""
    rows = sorted(rows, key=lambda r: min(r))
    pivots = [min(r) for r in rows]
    last: dict[int, int] = {}
    for i, row in enumerate(rows):
        for col in row:
            last[col] = i
    pivot_set = set(pivots)
    skipped = set(skip)

    def dfs(start: int, chosen: list[int], values: dict[int, Number]) -> list[int] | None:
        for i in range(start, len(rows)):
            new = dict(values)
            for col, v in rows[i].items():
                new[col] = new.get(col, 0) + v
            picked = [*chosen, i]
            # columns no later row touches are final: they must be 0 or 1
            ok = True
            final_people = 0
            complete = True
            for col, v in new.items():
                if v not in (0, 1):
                    if last[col] <= i:
                        ok = False
                        break
                    complete = False
                elif v == 1 and (last[col] <= i or col in pivot_set):
                    final_people += counts[col]
            if not ok or final_people >= k:
                continue
            if complete:
                ones = [col for col, v in new.items() if v == 1]
                if ones and all(new[c] in (0, 1) for c in new):
                    people = sum(counts[c] for c in ones)
                    if 0 < people < k and frozenset(ones) not in skipped:
                        return ones
            if len(picked) < k - 1:
                found = dfs(i + 1, picked, new)
                if found is not None:
                    return found
        return None

    return dfs(0, [], {})


def audit(
    equations: Iterable[frozenset[C]],
    people: Mapping[C, Sequence[int]],
    k: int,
    *,
    skip: Iterable[tuple[int, frozenset[Any]]] = (),
) -> Leak | None:
    """The first set of cells a viewer could total up with 1..k-1 people in it, for any
    measure (`people[cell][m]` is the head-count of measure m in the cell), or None.
    `skip`: (measure, cells) already given away by earlier releases, to look past.

    Exact: the decision is made in rational arithmetic, never with a tolerance."""
    skip = list(skip)
    eqs = [frozenset(e) for e in equations]
    measures = len(next(iter(people.values()), ()))
    seen: set[tuple[object, ...]] = set()
    for m in range(measures):
        counts: dict[Hashable, int] = {c: int(n[m]) for c, n in people.items()}
        signature = tuple(sorted(((c, n) for c, n in counts.items() if 0 < n < k), key=repr))
        zeros = tuple(sorted((c for c, n in counts.items() if n == 0), key=repr))
        mine = frozenset(cells for measure, cells in skip if measure == m)
        key = (*signature, (zeros, -1), mine)
        if not signature or key in seen:
            continue
        seen.add(key)
        found = _derivable_small_set(eqs, counts, k, mine)
        if found is not None:
            return Leak(found, sum(counts[c] for c in found), m)
    return None


def derivation(
    equations: Sequence[frozenset[C]], target: frozenset[C], cells: Iterable[C]
) -> list[int] | None:
    """Indexes of the equations one way of deriving `target`'s total uses (nonzero
    coefficients), or None when the equations do not give it.

    Worked modulo a large prime, which is fast and, for these 0/1 equations, agrees with
    the rationals but for a vanishing chance. It only chooses what to hide next; whether
    the result is safe is decided by `audit`, exactly."""
    order = sorted(set(cells), key=repr)
    column = {c: i for i, c in enumerate(order)}
    n = len(equations)
    if n == 0:
        return None
    # Solve coefficients^T E = target: columns of the system are the equations.
    system = flint.nmod_mat(len(order), n + 1, _PRIME)
    for j, eq in enumerate(equations):
        for cell in eq:
            i = column.get(cell)
            if i is not None:
                system[i, j] = 1
    for cell in target:
        system[column[cell], n] = 1
    reduced, rank = system.rref()
    used: list[int] = []
    pivot = -1
    for r in range(rank):
        pivot += 1
        while int(reduced[r, pivot]) == 0:
            pivot += 1
        if pivot == n:
            return None  # inconsistent: the target is not a combination
        if int(reduced[r, n]) != 0:
            used.append(pivot)
    return used


# --- deciding what to show ----------------------------------------------------------------------


def _total(cells: Iterable[C], people: Mapping[C, Sequence[int]]) -> tuple[int, ...]:
    out: list[int] = []
    for cell in cells:
        counts = people.get(cell)
        if counts is None:
            continue
        if not out:
            out = [0] * len(counts)
        for m, n in enumerate(counts):
            out[m] += int(n)
    return tuple(out)


def decide(
    groups: Mapping[G, frozenset[C]],
    people: Mapping[C, Sequence[int]],
    k: int,
    *,
    published: Sequence[frozenset[C]] = (),
) -> dict[G, Decision]:
    """Which of `groups` (name -> its cells) may be shown, given `people[cell]` (head-
    counts per measure; measure 0 is people, and the cost of hiding) and the equations
    a viewer already holds (`published`: earlier releases). Hides as few people as it
    can: primary suppression below k, then the cheapest group a derivation uses, until
    `audit` finds nothing."""
    decisions: dict[G, Decision] = {}
    cost: dict[G, int] = {}
    for name, cells in groups.items():
        total = _total(cells, people)
        cost[name] = total[0] if total else 0
        if not total or all(n == 0 for n in total):
            decisions[name] = EMPTY
        elif any(0 < n < k for n in total):
            decisions[name] = BELOW_K
        else:
            decisions[name] = SHOWN
    fixed: list[frozenset[Any]] = [frozenset(e) for e in published]
    secondary: list[G] = []
    given_away: list[tuple[int, frozenset[Any]]] = []
    while True:
        shown = [name for name, d in decisions.items() if d.visible and d.reason == "shown"]
        equations = fixed + [groups[name] for name in shown]
        leak = audit(equations, people, k, skip=given_away)
        if leak is None:
            _restore(decisions, secondary, groups, people, k, fixed, cost, given_away)
            return decisions
        # Zero cells are known to the viewer: the derivation is over the others.
        unknown = [c for c in people if people[c][leak.measure] > 0]
        used = derivation(equations, leak.cells, unknown)
        if used is None:  # the fast derivation missed it: hide around the set instead
            candidates = [n for n in shown if groups[n] & leak.cells]
        else:
            candidates = [shown[i - len(fixed)] for i in used if i >= len(fixed)]
        if not candidates and audit(fixed, people, k, skip=given_away) is not None:
            # Earlier releases alone give it away (their groups lost people since):
            # nothing shown now can undo that; look past it.
            given_away.append((leak.measure, leak.cells))
            continue
        if not candidates:
            candidates = [n for n in shown if groups[n] & leak.cells] or shown
        cheapest = min(candidates, key=lambda name: (cost[name], repr(name)))
        decisions[cheapest] = PROTECTS
        secondary.append(cheapest)


def _restore(
    decisions: dict[G, Decision],
    secondary: list[G],
    groups: Mapping[G, frozenset[C]],
    people: Mapping[C, Sequence[int]],
    k: int,
    fixed: list[frozenset[Any]],
    cost: Mapping[G, int],
    given_away: Sequence[tuple[int, frozenset[Any]]] = (),
) -> None:
    """Show again, largest first, every group hidden for another's sake that the audit
    no longer needs hidden (the greedy pass can hide more than it had to)."""
    for name in sorted(set(secondary), key=lambda n: (-cost[n], repr(n))):
        decisions[name] = SHOWN
        shown = [groups[g] for g, d in decisions.items() if d.visible and d.reason == "shown"]
        if audit(fixed + shown, people, k, skip=given_away) is not None:
            decisions[name] = PROTECTS


def information_loss(
    decisions: Mapping[G, Decision],
    groups: Mapping[G, frozenset[C]],
    people: Mapping[C, Sequence[int]],
    grouping_of: Mapping[G, str],
) -> dict[str, float]:
    """Per grouping (view): the share of its people whose group is hidden."""
    total: dict[str, int] = {}
    hidden: dict[str, int] = {}
    for name, cells in groups.items():
        view = grouping_of[name]
        counts = _total(cells, people)
        n = counts[0] if counts else 0
        total[view] = total.get(view, 0) + n
        if decisions[name].hidden:
            hidden[view] = hidden.get(view, 0) + n
    return {view: (hidden.get(view, 0) / n if n else 0.0) for view, n in total.items()}


# --- what a hidden figure says (screen, PDF, Excel and CSV alike) -----------------------------


def hidden_label(reason: str | None, language: str | None, k: int, *, short: bool = False) -> str:
    """Why a figure is not shown, in words a reader understands: "fewer than k" only for
    a group that really has fewer than k responses."""
    key = reason if reason in ("below_k", "protects_smaller", "empty") else "below_k"
    return words.t(f"hidden.{key}_short" if short else f"hidden.{key}", language, k=k)


# --- the row-level export ----------------------------------------------------------------------

# How far a role x team cell's rows are generalised in a row-level export: 0 shows role
# and team, 1 blanks the team, 2 blanks the role too (its perspective stays), 3 blanks all.
EXPORT_LEVELS = 4


def _export_class(cell: tuple[str, str, str | None], level: int) -> tuple[str | None, ...]:
    perspective, role, team = cell
    return (
        perspective if level < 3 else None,
        role if level < 2 else None,
        team if level < 1 else None,
    )


def export_levels(
    people: Mapping[tuple[str, str, str | None], int],
    shown: Iterable[tuple[str, str, str | None]],
    published: Sequence[frozenset[Cell]],
    k: int,
) -> dict[tuple[str, str, str | None], int]:
    """How far to generalise each role x team cell (perspective, role, team) of a
    row-level export: its rows form classes of identical visible (perspective, role,
    team), and each class is one more sum a reader can take. Cells whose role x team
    group the release shows start with both shown, the others with the team blanked;
    a class of 1..k-1 rows, or a small set the classes and the release's `published`
    equations give together, blanks more, until `audit` finds nothing."""
    counts: dict[Any, tuple[int]] = {c: (int(n),) for c, n in people.items() if n > 0}
    start = set(shown)
    levels: dict[Any, int] = {c: 0 if (c in start or c[2] is None) else 1 for c in counts}
    while True:
        classes: dict[tuple[str | None, ...], set[Any]] = {}
        for cell, level in levels.items():
            classes.setdefault(_export_class(cell, level), set()).add(cell)
        top = EXPORT_LEVELS - 1
        small = [m for m in classes.values() if 0 < sum(counts[c][0] for c in m) < k]
        if small:
            for members in small:
                if any(levels[c] < top for c in members):
                    for cell in members:
                        levels[cell] = min(levels[cell] + 1, top)
                elif not _join_the_rest(levels, counts, top):
                    return {c: top for c in levels}
            continue
        members_of = [frozenset(m) for m in classes.values()]
        equations = [*published, *members_of]
        leak = audit(equations, counts, k)
        if leak is None:
            _export_restore(levels, counts, start, published, k)
            return levels
        # Coarsen the smallest class the derivation uses (as `decide` hides the cheapest
        # group): the small set is usually given away by a neighbour's class.
        used = derivation(equations, leak.cells, list(counts)) or []
        candidates = [
            members_of[i - len(published)]
            for i in used
            if i >= len(published) and any(levels[c] < top for c in members_of[i - len(published)])
        ]
        if not candidates:
            candidates = [
                m for m in members_of if m & leak.cells and any(levels[c] < top for c in m)
            ]
        if not candidates:
            if not _join_the_rest(levels, counts, top):
                return {c: top for c in levels}
            continue
        smallest = min(
            candidates, key=lambda m: (sum(counts[c][0] for c in m), sorted(map(repr, m)))
        )
        for cell in smallest:
            levels[cell] = min(levels[cell] + 1, top)


def _export_safe(
    levels: Mapping[Any, int],
    counts: Mapping[Any, tuple[int]],
    published: Sequence[frozenset[Cell]],
    k: int,
) -> bool:
    classes: dict[tuple[str | None, ...], set[Any]] = {}
    for cell, level in levels.items():
        classes.setdefault(_export_class(cell, level), set()).add(cell)
    if any(0 < sum(counts[c][0] for c in m) < k for m in classes.values()):
        return False
    return audit([*published, *(frozenset(m) for m in classes.values())], counts, k) is None


def _export_restore(
    levels: dict[Any, int],
    counts: Mapping[Any, tuple[int]],
    start: set[Any],
    published: Sequence[frozenset[Cell]],
    k: int,
) -> None:
    """Show again whatever the greedy pass blanked more than the audit needs: cells that
    one step less blank would share a class are tried together, largest first."""
    changed = True
    while changed:
        changed = False
        moves: dict[tuple[object, ...], list[Any]] = {}
        for cell, level in levels.items():
            floor = 0 if (cell in start or cell[2] is None) else 1
            if level > floor:
                moves.setdefault((level, *_export_class(cell, level - 1)), []).append(cell)
        for move in sorted(moves.values(), key=lambda m: -sum(counts[c][0] for c in m)):
            for cell in move:
                levels[cell] -= 1
            if _export_safe(levels, counts, published, k):
                changed = True
                break
            for cell in move:
                levels[cell] += 1


def _join_the_rest(levels: dict[Any, int], counts: Mapping[Any, tuple[int]], top: int) -> bool:
    """Blank the smallest cell not blanked yet, so the all-blank class grows; False when
    every cell is blank already."""
    rest = [c for c in levels if levels[c] < top]
    if not rest:
        return False
    cell = min(rest, key=lambda c: (counts[c][0], repr(c)))
    levels[cell] = top
    return True


def column_shown(values: Sequence[str], classes: Sequence[tuple[str, ...]], k: int) -> bool:
    """Whether an extra export column (channel, language) can be shown whole: every
    class of otherwise identical rows splits by it into groups of k or more. Shown whole
    or blanked whole, so nothing is subtracted."""
    groups: dict[tuple[tuple[str, ...], str], int] = {}
    for cls, value in zip(classes, values, strict=True):
        groups[(cls, value)] = groups.get((cls, value), 0) + 1
    return all(n >= k for n in groups.values())


def decide_each(
    groups: Mapping[G, frozenset[C]],
    families: Mapping[str, Mapping[C, Sequence[int]]],
    k: int,
    *,
    published: Mapping[str, Sequence[frozenset[C]]] | None = None,
) -> dict[str, dict[G, Decision]]:
    """`decide` once per *family* of figures that are different unknowns to a viewer
    (head-counts of people; each dimension's scores), each with its own head-counts per
    cell and its own earlier equations. A dimension where two of a team's six people
    gave a score hides that team's figure on that dimension only. Families with the same
    head-counts and the same history get the same decision, computed once."""
    published = published or {}
    out: dict[str, dict[G, Decision]] = {}
    done: dict[tuple[object, ...], dict[G, Decision]] = {}
    for name, people in families.items():
        history = tuple(published.get(name, ()))
        key = (
            tuple(sorted(((repr(c), tuple(n)) for c, n in people.items()))),
            frozenset(history),
        )
        if key not in done:
            done[key] = decide(groups, people, k, published=history)
        out[name] = done[key]
    return out


def hidden_anywhere(
    decisions: Mapping[str, Mapping[G, Decision]],
) -> dict[G, Decision]:
    """One decision per group: hidden when any family hides it (for information loss)."""
    out: dict[G, Decision] = {}
    for family in decisions.values():
        for name, decision in family.items():
            if decision.hidden or name not in out:
                out[name] = decision if decision.hidden else out.get(name, decision)
    return out


# --- when figures may move at all ---------------------------------------------------------------


def release_due(changed: int, k: int) -> bool:
    """Whether a new release (of a survey, or of a workshop dimension's held result) may
    be made: at least k people added, removed or changed since the last one, so that two
    looks never differ by fewer than k people."""
    return changed >= k


def enough_rows(rows: int, k: int) -> bool:
    """Whether a row-level export may be written at all."""
    return rows >= k


def comparable_rest(people: int, k: int) -> bool:
    """Whether "the rest" of a group (its parent's released totals minus its own) is
    large enough to compare the group with: at least k people. The audit already leaves
    no rest of 1..k-1; a finding never compares with fewer anyway."""
    return people >= k


def comments_shown(respondents: int, comment_threshold: int) -> bool:
    """Whether the organisation's comments may be listed (its released respondents reach
    the comment threshold, which is never below k)."""
    return respondents >= comment_threshold


def comment_batch_ok(added: int, removed: int, k: int) -> bool:
    """Whether a new list of comments may replace the last one shown: the comments that
    appear come from 0 or at least k new people, and those that vanish from 0 or at
    least k people who left. One erased person's comment vanishing would name it."""
    return added not in range(1, k) and removed not in range(1, k)


def strictest(*choices: Mapping[G, Decision]) -> dict[G, Decision]:
    """Groups shown only where every decision shows them (hiding more never makes a
    safe set unsafe: it only removes equations). Below k wins as the reason."""
    out: dict[G, Decision] = {}
    for name in choices[0]:
        picked = [c[name] for c in choices if name in c]
        hidden = [d for d in picked if d.hidden]
        if not hidden:
            out[name] = picked[0]
        elif any(d.reason == "below_k" for d in hidden):
            out[name] = BELOW_K
        else:
            out[name] = PROTECTS
    return out


# --- evidence from the CRM's records -----------------------------------------------------------


def evidence_hidden(
    users: Mapping[str, int], survey_hidden: Iterable[str], k: int
) -> tuple[dict[str, str], str | None]:
    """Which teams' figures of one evidence indicator are hidden, and whether the
    organisation's is. `users`: per team, how many users the figure comes from.

    A team is hidden when the survey results hide it (`protects_smaller`: its evidence
    beside the survey could place people) or its figure comes from 1 to k-1 users
    (`below_k`). The organisation's figure is the sum over every team, so it minus the
    teams shown is the hidden teams together: it is shown only when they hold no one or
    at least k users (`protects_smaller` otherwise), and `below_k` below k users in all.
    """
    hidden_in_survey = set(survey_hidden)
    reasons: dict[str, str] = {}
    for team, n in users.items():
        if team in hidden_in_survey:
            reasons[team] = "protects_smaller"
        elif 0 < n < k:
            reasons[team] = "below_k"
    behind = sum(users[team] for team in reasons)
    total = sum(users.values())
    organisation: str | None = None
    if total < k:
        organisation = "below_k"
    elif 0 < behind < k:
        organisation = "protects_smaller"
    return reasons, organisation
