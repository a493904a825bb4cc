"""Releases: what viewers see of a survey changes only in steps of at least k people.

Results recomputed after every submission would let anyone who looks twice subtract the
two looks and read the newest person's answers. So viewers (the results page, the gap
report, `gapmap score`, the personal snapshot) read a *release*: the figures as they
were published at one moment, stored with what disclosure control decided. A new
release is made, when someone looks, once at least k respondents have been added or
removed (submissions, erasures and retention deletes alike) since the last one.

Each release is audited together with every earlier one (`disclosure.decide` with the
earlier releases' equations): a respondent belongs to the *era* of the release that
first counted them, and, once deleted, to a departed era that leaves only head-counts
(`release_departures`), so a viewer who compares two releases still cannot single out
the few people who changed in one group. A group that may not move now keeps showing
the figures of its last release (`as_of`), which the viewer has already seen.

Comments come in the same batches (only released respondents' comments are shown) and
only for the whole organisation: a comment listed under a role and under a team would
place its author in that role x team cell.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

import duckdb

from assessment.analysis import disclosure
from assessment.analysis.distributions import ItemDistribution, answer_tally, distribution
from assessment.analysis.quality import QualityReport, Reliability, quality_report
from assessment.analysis.scoring import (
    GROUPINGS,
    PEOPLE,
    GroupResult,
    Key,
    Scores,
    era_stats,
    families_of,
    groups_of,
    overall_indexes,
    project,
    results_from,
)
from assessment.organisation.assessments import Assessment, get_assessment, questionnaire_of, utcnow
from assessment.questionnaire.model import SCORED_TYPES, Questionnaire
from assessment.storage.store import Store

# An era cell: (perspective, role, team, entered, departed); departed None = present.
EraCell = tuple[str, str, "str | None", int, "int | None"]
GroupName = tuple[str, Key]


@dataclass(frozen=True)
class Release:
    """One published state of a survey's results. Number 0: nothing published yet."""

    assessment: Assessment
    questionnaire: Questionnaire
    number: int
    made_at: datetime | None
    scores: Scores
    # (perspective or None, item id) -> option index -> people; only groups shown
    answer_counts: dict[tuple[str | None, str], dict[int, int]] = field(default_factory=dict)
    # (perspective or None, item id) -> why hidden
    answer_reasons: dict[tuple[str | None, str], str] = field(default_factory=dict)
    # people per group shown (grouping, key) -> count; hidden groups are absent
    people: dict[GroupName, int] = field(default_factory=dict)
    reasons: dict[GroupName, str] = field(default_factory=dict)
    quality: QualityReport | None = None
    # per grouping (view): the share of its people whose group is hidden
    information_loss: dict[str, float] = field(default_factory=dict)
    pending: int = 0  # responses added or removed since, waiting for the next release
    comments_shown: bool = False  # whether this release lists comments at all
    departed_since: int = 0  # released respondents deleted since this release
    # the groups this release counted afresh and showed (carried ones not included),
    # and per family (people, each dimension) the groups it published afresh
    fresh: frozenset[GroupName] = frozenset()
    fresh_by_family: dict[str, frozenset[GroupName]] = field(default_factory=dict)

    @property
    def k(self) -> int:
        return self.assessment.anonymity_threshold

    def distributions(
        self, perspective: str | None = None, *, language: str | None = None
    ) -> list[ItemDistribution]:
        """Answer counts per option of every scored item, as released."""
        q = self.questionnaire
        out = []
        for item in q.items:
            if item.type not in SCORED_TYPES:
                continue
            key = (perspective, item.id)
            counts = self.answer_counts.get(key)
            reason = self.answer_reasons.get(key, "below_k")
            out.append(distribution(q, item, counts, language=language, k=self.k, reason=reason))
        return out


# --- reading --------------------------------------------------------------------------------


def _latest_row(
    cur: duckdb.DuckDBPyConnection, assessment_id: str
) -> tuple[int, datetime, str] | None:
    row = cur.execute(
        "SELECT number, made_at, publication FROM releases WHERE assessment_id = ?"
        " ORDER BY number DESC LIMIT 1",
        [assessment_id],
    ).fetchone()
    return (int(row[0]), row[1], str(row[2])) if row else None


def pending(store: Store, assessment_id: str) -> int:
    """Responses added or removed since the last release (what the next one waits for)."""
    return _pending(store.cursor(), assessment_id)


def _pending(cur: duckdb.DuckDBPyConnection, assessment_id: str) -> int:
    row = cur.execute(
        "SELECT (SELECT count(*) FROM respondents WHERE assessment_id = $a"
        "        AND submitted_hour IS NOT NULL AND workshop_id IS NULL"
        "        AND release_number IS NULL),"
        "       (SELECT coalesce(sum(CAST(json_extract(counts, '$.people') AS INTEGER)), 0)"
        "        FROM release_departures WHERE assessment_id = $a AND departed >"
        "        (SELECT coalesce(max(number), 0) FROM releases WHERE assessment_id = $a))",
        {"a": assessment_id},
    ).fetchone()
    return int(row[0]) + int(row[1]) if row else 0


def latest(store: Store, assessment_id: str) -> Release:
    """The last release, without making a new one."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    cur = store.cursor()
    row = _latest_row(cur, assessment_id)
    waiting = _pending(cur, assessment_id)
    if row is None:
        return _nothing_yet(assessment, q, waiting)
    number, made_at, publication = row
    departed = _departed_since(cur, assessment_id, number)
    cache_key = f"release:{assessment_id}:{number}"
    cached = store.memo.get(cache_key)
    if isinstance(cached, Release) and cached.assessment == assessment:
        return replace(cached, pending=waiting, departed_since=departed)
    release = _from_json(assessment, q, number, made_at, json.loads(publication), waiting, departed)
    store.memo[cache_key] = release  # a release never changes once made
    return release


def _departed_since(cur: duckdb.DuckDBPyConnection, assessment_id: str, number: int) -> int:
    gone = cur.execute(
        "SELECT coalesce(sum(CAST(json_extract(counts, '$.people') AS INTEGER)), 0)"
        " FROM release_departures WHERE assessment_id = ? AND departed > ?",
        [assessment_id, number],
    ).fetchone()
    return int(gone[0]) if gone else 0


def current(store: Store, assessment_id: str) -> Release:
    """The release viewers see now: a new one is made first when it is due (at least k
    respondents submitted, for the first; at least k added or removed since, after)."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    with store.serialised(f"score:{assessment.id}"):
        cur = store.cursor()
        row = _latest_row(cur, assessment_id)
        number = row[0] if row else 0
        waiting = _pending(cur, assessment_id)
        if disclosure.release_due(waiting, k):
            store.write(lambda c: _make(c, assessment, q, number + 1))
            store.memo.pop(f"scored:{assessment.id}", None)
    return latest(store, assessment_id)


def _nothing_yet(assessment: Assessment, q: Questionnaire, waiting: int) -> Release:
    names = groups_of(assessment, q, [])
    nothing = {name: disclosure.BELOW_K for name in names}
    results = results_from(assessment, q, [], {d.id: nothing for d in q.dimensions})
    scores = Scores(
        assessment, q, assessment.anonymity_threshold, 0, results, overall_indexes(q, results)
    )
    return Release(
        assessment,
        q,
        0,
        None,
        scores,
        reasons={name: "below_k" for name in names},
        pending=waiting,
    )


# --- making a release ---------------------------------------------------------------------


def _present(cell: EraCell, number: int) -> bool:
    entered, departed = cell[3], cell[4]
    return entered <= number and (departed is None or number < departed)


def _departures(
    cur: duckdb.DuckDBPyConnection, assessment_id: str, q: Questionnaire
) -> tuple[dict[EraCell, list[int]], dict[tuple[str, int, int], dict[int, int]]]:
    """Head-counts of deleted respondents who had been released, per era cell, and their
    item head-counts per (perspective, entered, departed)."""
    perspective_of = {r.id: r.perspective for r in q.roles}
    dims = len(q.dimensions)
    cells: dict[EraCell, list[int]] = {}
    items: dict[tuple[str, int, int], dict[int, int]] = {}
    for role, team, entered, departed, counts in cur.execute(
        "SELECT role_id, team_id, entered, departed, counts FROM release_departures"
        " WHERE assessment_id = ?",
        [assessment_id],
    ).fetchall():
        if role not in perspective_of:
            continue
        data = json.loads(counts)
        vector = [int(data["people"])] + [0] * (3 * dims)
        for part, offset in (("scored", 1), ("core", 1 + dims), ("answering", 1 + 2 * dims)):
            for d, n in data[part].items():
                if int(d) < dims:
                    vector[offset + int(d)] += int(n)
        key: EraCell = (perspective_of[role], role, team, int(entered), int(departed))
        acc = cells.setdefault(key, [0] * (1 + 3 * dims))
        for i, v in enumerate(vector):
            acc[i] += v
        per_item = items.setdefault((perspective_of[role], int(entered), int(departed)), {})
        for position, n in data["items"].items():
            per_item[int(position)] = per_item.get(int(position), 0) + int(n)
    return cells, items


def _earlier(
    cur: duckdb.DuckDBPyConnection, assessment_id: str
) -> list[tuple[int, dict[str, Any]]]:
    return [
        (int(number), json.loads(publication))
        for number, publication in cur.execute(
            "SELECT number, publication FROM releases WHERE assessment_id = ? ORDER BY number",
            [assessment_id],
        ).fetchall()
    ]


def _key(raw: Sequence[Any]) -> GroupName:
    grouping, perspective, role, team = raw
    return (str(grouping), (perspective, role, team))


# --- teams merged between releases -------------------------------------------------------------
# Era cells carry the team their people first answered in; a merge moves people to
# another team after a given release (`team_merges`). Each release's groups are rebuilt
# with the teams as they stood when it was made, so an earlier release that showed team
# B before A was merged into it is audited as B alone, and B now (A + B) as A + B: the
# audit then sees that the two differ by A's people, exactly as a viewer would.

TeamAt = Callable[[str | None, int], str | None]


def team_at(cur: duckdb.DuckDBPyConnection, assessment_id: str) -> TeamAt:
    """The team a first team stood for in release `when` (merges made before it)."""
    merges = [
        (str(a), str(b), int(after))
        for a, b, after in cur.execute(
            "SELECT from_team, into_team, after_release FROM team_merges"
            " WHERE assessment_id = ? ORDER BY merged_at",
            [assessment_id],
        ).fetchall()
    ]

    def at(team: str | None, when: int) -> str | None:
        for merged, into, after in merges:
            if team == merged and after < when:
                team = into
        return team

    return at


def _seen(cell: tuple[Any, ...], when: int, at: TeamAt) -> Key:
    """(perspective, role, team) of an era cell as release `when` grouped it."""
    return (cell[0], cell[1], at(cell[2], when))


def _groups_at(
    assessment: Assessment, q: Questionnaire, cells: Sequence[Any], when: int, at: TeamAt
) -> dict[GroupName, frozenset[Any]]:
    """Every group of release `when`, as sets of `cells` (keyed by first team)."""
    views = [(*_seen(c, when, at), c) for c in cells]
    return {
        name: frozenset(v[3] for v in members)
        for name, members in groups_of(assessment, q, views).items()
    }


def _make(
    cur: duckdb.DuckDBPyConnection, assessment: Assessment, q: Questionnaire, number: int
) -> None:
    """Compute, audit and store release `number`, and mark its new respondents."""
    k = assessment.anonymity_threshold
    stats = era_stats(cur, assessment, q)
    gone, gone_items = _departures(cur, assessment.id, q)
    people: dict[EraCell, list[int]] = dict(gone)
    for (perspective, role, team, era), counts in stats.people.items():
        people[(perspective, role, team, era if era is not None else number, None)] = counts
    now = [c for c in people if _present(c, number)]
    at = team_at(cur, assessment.id)
    groups = _groups_at(assessment, q, now, number, at)
    earlier = _earlier(cur, assessment.id)
    families = families_of(people, q)
    published: dict[str, list[frozenset[EraCell]]] = {name: [] for name in families}
    for when, data in earlier:
        present = [c for c in people if _present(c, when)]
        for family, shown in data["fresh"].items():
            for raw in shown:
                (grouping, key) = _key(raw)
                parts = GROUPINGS[grouping]
                published.setdefault(family, []).append(
                    frozenset(c for c in present if project(_seen(c, when, at), parts) == key)
                )
    by_era = disclosure.decide_each(groups, families, k, published=published)
    by_count = _count_decisions(assessment, q, people, earlier, number, k, at)
    every = {family: disclosure.strictest(chosen, by_count) for family, chosen in by_era.items()}
    decisions = every[PEOPLE]
    results = results_from(assessment, q, stats.cell_rows, every)
    results = _carry_forward(results, every, earlier)
    loss = disclosure.information_loss(
        disclosure.hidden_anywhere(every), groups, people, {g: g[0] for g in groups}
    )

    # Item answer counts: everyone and each perspective shown, decided on their own
    # head-counts (an optional item has fewer), against earlier releases' counts.
    tally = answer_tally(cur, assessment, q)
    item_cells: dict[tuple[str, int, int | None], dict[int, int]] = {}
    for (perspective, era), per_item in stats.item_people.items():
        item_cells[(perspective, era if era is not None else number, None)] = per_item
    for (perspective, entered, departed), per_item in gone_items.items():
        item_cells[(perspective, entered, departed)] = per_item
    # per option only for people still here (a departed cell counts as choosing all)
    option_cells: dict[tuple[str, int, int | None], dict[int, dict[int, int]]] = {
        (perspective, era if era is not None else number, None): per_item
        for (perspective, era), per_item in stats.option_people.items()
    }
    perspectives = sorted({r.perspective for r in q.roles})
    items: dict[str, Any] = {}
    for position, item in enumerate(q.items):
        if item.type not in SCORED_TYPES:
            continue
        # Answer counts only for a group whose scores on the item's dimension are shown.
        shown_groups = [
            p
            for p in [None, *perspectives]
            if every[item.dimension]
            .get(
                ("organisation", (None, None, None))
                if p is None
                else ("perspective", (p, None, None)),
                disclosure.BELOW_K,
            )
            .visible
        ]
        # Measures: people answering the item, and per option the same people where
        # somebody chose it: a cell where nobody did may be known to a reader (a group
        # shown with 0 for that option), which leaves fewer people in the sum.
        options = [*range(len(q.options_of(item))), -1]
        cells: dict[tuple[str, int, int | None], tuple[int, ...]] = {}
        for c, n in item_cells.items():
            answering = n.get(position, 0)
            chosen = option_cells.get(c, {}).get(position)
            cells[c] = (
                answering,
                *(answering if chosen is None or chosen.get(o, 0) > 0 else 0 for o in options),
            )
        present_cells = [c for c in cells if c[1] <= number and (c[2] is None or number < c[2])]
        item_groups = {
            p: frozenset(c for c in present_cells if p is None or c[0] == p) for p in shown_groups
        }
        item_published: list[frozenset[Any]] = []
        for when, data in earlier:
            for p in data["items"].get(item.id, {}).get("fresh", []):
                item_published.append(
                    frozenset(
                        c
                        for c in cells
                        if c[1] <= when
                        and (c[2] is None or when < c[2])
                        and (p is None or c[0] == p)
                    )
                )
        item_decisions = disclosure.decide(item_groups, cells, k, published=item_published)
        entry: dict[str, Any] = {"fresh": [], "counts": {}, "reasons": {}}
        for p in [None, *perspectives]:
            decision = item_decisions.get(p, disclosure.BELOW_K)
            label = "" if p is None else p
            if decision.visible:
                entry["fresh"].append(p)
                chosen_counts = tally.get((p, item.id), {})
                entry["counts"][label] = {str(i): n for i, n in chosen_counts.items()}
            else:
                entry["reasons"][label] = decision.reason
        items[item.id] = entry

    group_people = {
        name: sum(people[c][0] for c in cells)
        for name, cells in groups.items()
        if decisions[name].visible
    }
    quality = quality_report_on(cur, assessment)
    last_shown = max((when for when, data in earlier if data.get("comments_shown")), default=0)
    added = sum(c[0] for cell, c in people.items() if cell[3] > last_shown and cell[4] is None)
    removed = sum(
        c[0]
        for cell, c in people.items()
        if cell[4] is not None and cell[3] <= last_shown < cell[4] <= number
    )
    publication = {
        "comments_shown": disclosure.comment_batch_ok(added, removed, k),
        "fresh": {
            family: [
                [g, *key] for (g, key), d in chosen.items() if d.visible and d.reason == "shown"
            ]
            for family, chosen in every.items()
        },
        "results": [asdict(r) for r in results],
        "people": [[g, *key, n] for (g, key), n in group_people.items()],
        "reasons": [[g, *key, d.reason] for (g, key), d in decisions.items() if d.hidden],
        "items": items,
        "quality": asdict(quality),
        "loss": loss,
    }
    respondents = group_people.get(("organisation", (None, None, None)), 0)
    cur.execute(
        "INSERT INTO releases (assessment_id, number, made_at, respondents, publication)"
        " VALUES (?, ?, ?, ?, ?)",
        [assessment.id, number, utcnow(), respondents, json.dumps(publication)],
    )
    cur.execute(
        "UPDATE respondents SET release_number = ? WHERE assessment_id = ?"
        " AND submitted_hour IS NOT NULL AND workshop_id IS NULL AND release_number IS NULL",
        [number, assessment.id],
    )


def _count_decisions(
    assessment: Assessment,
    q: Questionnaire,
    people: Mapping[EraCell, Sequence[int]],
    earlier: Sequence[tuple[int, dict[str, Any]]],
    number: int,
    k: int,
    at: TeamAt,
) -> dict[GroupName, disclosure.Decision]:
    """The audit of head-counts over time. A viewer may know the role and team of whoever
    answered or left between two looks (a colleague saw them): then the counts of every
    release are the counts of one table of role x team cells, shifted by what they know.
    So every release's groups are equations over the same cells, and each release's
    count of every derivable set must be 0 or at least k."""
    static: dict[tuple[Any, ...], list[int]] = {}
    releases_seen = [when for when, _ in earlier] + [number]
    for cell, counts in people.items():
        vector = static.setdefault(cell[:3], [0] * len(releases_seen))
        for i, when in enumerate(releases_seen):
            if _present(cell, when):
                vector[i] += int(counts[0])
    cells = list(static)
    groups = _groups_at(assessment, q, [c for c in cells if any(static[c])], number, at)
    published = []
    for when, data in earlier:
        for raw in data["fresh"].get(PEOPLE, []):
            grouping, key = _key(raw)
            parts = GROUPINGS[grouping]
            published.append(
                frozenset(c for c in cells if project(_seen(c, when, at), parts) == key)
            )
    return disclosure.decide(groups, static, k, published=published)


def quality_report_on(cur: duckdb.DuckDBPyConnection, assessment: Assessment) -> QualityReport:
    """Reliability and flagged responses as they stand, for a release."""
    return quality_report(_CursorStore(cur), assessment.id)  # type: ignore[arg-type]


class _CursorStore:
    """A store whose cursor is the release's transaction (so quality reads the same
    snapshot of the data as the figures)."""

    def __init__(self, cur: duckdb.DuckDBPyConnection) -> None:
        self._cur = cur

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._cur


def _carry_forward(
    results: list[GroupResult],
    decisions: Mapping[str, Mapping[GroupName, disclosure.Decision]],
    earlier: Sequence[tuple[int, dict[str, Any]]],
) -> list[GroupResult]:
    """Groups hidden now only to protect others keep the figures of their last fresh
    release: the viewer has seen those already, so showing them again discloses nothing."""
    last: dict[tuple[str, Key, str], dict[str, Any]] = {}
    for when, data in earlier:
        fresh_of = {family: {_key(raw) for raw in shown} for family, shown in data["fresh"].items()}
        for r in data["results"]:
            fresh = fresh_of.get(r["dimension"], set())
            name = (r["grouping"], (r["perspective"], r["role"], r["team"]))
            if name in fresh and not r["suppressed"]:
                last[(name[0], name[1], r["dimension"])] = {**r, "as_of": when}
    out = []
    for r in results:
        name = (r.grouping, r.key)
        old = last.get((r.grouping, r.key, r.dimension))
        if decisions[r.dimension][name].reason == "protects_smaller" and old is not None:
            out.append(GroupResult(**old))
        else:
            out.append(r)
    return out


def _from_json(
    assessment: Assessment,
    q: Questionnaire,
    number: int,
    made_at: datetime,
    data: Mapping[str, Any],
    waiting: int,
    departed: int = 0,
) -> Release:
    results = [GroupResult(**r) for r in data["results"]]
    people = {_key(row[:4]): int(row[4]) for row in data["people"]}
    reasons = {_key(row[:4]): str(row[4]) for row in data["reasons"]}
    respondents = people.get(("organisation", (None, None, None)), 0)
    scores = Scores(
        assessment,
        q,
        assessment.anonymity_threshold,
        respondents,
        results,
        overall_indexes(q, results),
        release=number,
    )
    counts: dict[tuple[str | None, str], dict[int, int]] = {}
    answer_reasons: dict[tuple[str | None, str], str] = {}
    for item_id, entry in data["items"].items():
        for label, per_option in entry["counts"].items():
            counts[(label or None, item_id)] = {int(i): int(n) for i, n in per_option.items()}
        for label, reason in entry["reasons"].items():
            answer_reasons[(label or None, item_id)] = str(reason)
    quality = data.get("quality")
    report = None
    if quality is not None:
        report = QualityReport(
            reliability=[Reliability(**r) for r in quality["reliability"]],
            respondents=int(quality["respondents"]),
            straight_liners=int(quality["straight_liners"]),
            speeders=int(quality["speeders"]),
            flagged=int(quality["flagged"]),
        )
    return Release(
        assessment,
        q,
        number,
        made_at,
        scores,
        counts,
        answer_reasons,
        people,
        reasons,
        report,
        {str(k): float(v) for k, v in data.get("loss", {}).items()},
        waiting,
        bool(data.get("comments_shown")),
        departed,
        frozenset(_key(raw) for raw in data["fresh"].get(PEOPLE, [])),
        {family: frozenset(_key(raw) for raw in shown) for family, shown in data["fresh"].items()},
    )


# --- comments -------------------------------------------------------------------------------


def comments(store: Store, release: Release) -> dict[str, list[str]]:
    """Free-text answers of the released respondents, per item, for the whole
    organisation only, and only once it has at least the comment threshold of them;
    sorted, never with respondent ids or times. An erased respondent's comment is gone."""
    if (
        release.number == 0
        or not release.comments_shown
        or release.departed_since  # an erased comment would vanish between two looks
        or not disclosure.comments_shown(
            release.scores.respondents, release.assessment.comment_threshold
        )
    ):
        return {}
    q = release.questionnaire
    rows = (
        store.cursor()
        .execute(
            "SELECT c.item, c.text FROM comments c JOIN respondents r ON r.num = c.respondent"
            " WHERE r.assessment_id = ? AND r.workshop_id IS NULL AND r.submitted_hour IS NOT NULL"
            " AND r.release_number IS NOT NULL AND r.release_number <= ?"
            " AND NOT c.superseded AND c.text IS NOT NULL AND c.text <> ''",
            [release.assessment.id, release.number],
        )
        .fetchall()
    )
    out: dict[str, list[str]] = {}
    for item, text in rows:
        out.setdefault(q.items[int(item)].id, []).append(str(text))
    return {item: sorted(texts) for item, texts in out.items()}


# --- departures (called by retention before it deletes) -------------------------------------


def record_departures(cur: duckdb.DuckDBPyConnection, listed: str = "erase_list") -> None:
    """Keep the head-counts (never the answers) of released respondents about to be
    deleted, per role x team and release era, so later releases are audited against
    the earlier ones that counted them. `listed` names a table of their `num`s."""
    rows = cur.execute(
        "SELECT r.assessment_id, r.role_id, coalesce(r.first_team, r.team_id),"  # noqa: S608
        f" r.release_number, r.num"
        f" FROM respondents r WHERE r.num IN (SELECT num FROM {listed})"
        " AND r.release_number IS NOT NULL AND r.workshop_id IS NULL",
    ).fetchall()
    if not rows:
        return
    nums = [int(r[4]) for r in rows]
    dims: dict[int, list[tuple[int, bool, bool]]] = {}
    for respondent, dimension, has_score, has_core in cur.execute(
        "SELECT respondent, dimension, score IS NOT NULL, core_score IS NOT NULL"
        " FROM respondent_scores WHERE list_contains(?, respondent)",
        [nums],
    ).fetchall():
        dims.setdefault(int(respondent), []).append(
            (int(dimension), bool(has_score), bool(has_core))
        )
    items: dict[int, set[int]] = {}
    for respondent, item in cur.execute(
        "SELECT DISTINCT respondent, item FROM answers WHERE list_contains(?, respondent)"
        " AND NOT superseded AND (dont_know OR value IS NOT NULL)",
        [nums],
    ).fetchall():
        items.setdefault(int(respondent), set()).add(int(item))
    groups: dict[tuple[str, str, str | None, int], list[int]] = {}
    for assessment_id, role, team, entered, num in rows:
        groups.setdefault((assessment_id, role, team, int(entered)), []).append(int(num))
    for (assessment_id, role, team, entered), members in groups.items():
        scored: dict[str, int] = {}
        core: dict[str, int] = {}
        answering: dict[str, int] = {}
        per_item: dict[int, int] = {}
        for m in members:
            for d, has_score, has_core in dims.get(m, []):
                scored[str(d)] = scored.get(str(d), 0) + has_score
                core[str(d)] = core.get(str(d), 0) + has_core
                answering[str(d)] = answering.get(str(d), 0) + 1
            for item in items.get(m, ()):
                per_item[item] = per_item.get(item, 0) + 1
        row = cur.execute(
            "SELECT coalesce(max(number), 0) + 1 FROM releases WHERE assessment_id = ?",
            [assessment_id],
        ).fetchone()
        departed = int(row[0]) if row else 1
        cur.execute(
            "INSERT INTO release_departures VALUES (?, ?, ?, ?, ?, ?)",
            [
                assessment_id,
                role,
                team,
                entered,
                departed,
                json.dumps(
                    {
                        "people": len(members),
                        "scored": scored,
                        "core": core,
                        "answering": answering,
                        "items": {str(i): n for i, n in per_item.items()},
                    }
                ),
            ],
        )
