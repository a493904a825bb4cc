"""Scoring in SQL: answers -> item scores -> respondent dimension scores -> group results.

Respondent dimension scores are computed in SQL once per submitted response (it never
changes afterwards) and kept in `respondent_scores`: each analysis first scores the
responses submitted since the last one (`score_pending`), then computes every group
result from the stored scores. `rescore` recomputes them all from the answers.

1. Item score: the chosen option's score, mapped linearly from the item's own range
   (lowest..highest option score) onto the model's level scale 1..N (N = number of
   levels); reverse-coded items are mirrored (N + 1 - score). "Don't know" and skipped
   items get no score; "don't know" is counted.
2. Respondent dimension score: the weighted mean of the respondent's item scores in the
   dimension (item weights). A second score over core items only feeds the perception
   gap, so leaders and front-line staff are compared on identical questions.
3. Group results for every grouping (organisation, perspective, role, team, perspective x
   team, role x team): n, mean, sample sd, 95% confidence interval (Student t), agreement
   rwg = 1 - s^2 / sigma_EU^2 with sigma_EU^2 = (N^2 - 1) / 12 (the variance of a uniform
   answer on N points), truncated to 0..1, and the share of "don't know" answers.
   Items of weight 0 are asked and kept, but take no part in any dimension score.
4. Level: the model's thresholds (`Questionnaire.level_for`, free of float drift); the
   overall index is the weighted mean of the dimension means (dimension weights), or,
   when the model groups its dimensions into areas, the weighted mean of the area scores
   (area weights), each the weighted mean of its dimensions' means
   (`Questionnaire.overall_score`). The staged level is the weakest dimension's. An area
   or overall figure of a group is shown only when every dimension it is made of is.

Only submitted responses count. Groups below the anonymity threshold come back
suppressed, with no figures (`assessment.anonymity`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import Any

import duckdb

from assessment.analysis import disclosure
from assessment.organisation.assessments import Assessment, get_assessment, questionnaire_of
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

# Two-sided 95% Student t critical values for 1..30 degrees of freedom.
_T975 = (
    12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
    2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
    2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
)  # fmt: skip
_Z975 = 1.959963984540054


def t_critical(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (table to 30, then
    the Cornish-Fisher expansion, accurate to 1e-4 there)."""
    if df < 1:
        raise ValueError("degrees of freedom must be at least 1")
    if df <= len(_T975):
        return _T975[df - 1]
    z = _Z975
    return (
        z
        + (z**3 + z) / (4 * df)
        + (5 * z**5 + 16 * z**3 + 3 * z) / (96 * df**2)
        + (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / (384 * df**3)
    )


def uniform_variance(points: int) -> float:
    """sigma_EU^2: the variance of answers spread evenly over `points` scale points."""
    return (points**2 - 1) / 12


# The groupings GapMap reports; a key is (perspective, role, team), None meaning "all".
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


# --- respondent scores --------------------------------------------------------------------------

# Respondents to score: an assessment's submitted ones, or a listed few (at submission).
_RESP_OF_ASSESSMENT = (
    "SELECT num FROM respondents WHERE assessment_id = $assessment"
    " AND submitted_hour IS NOT NULL AND workshop_id IS NULL"
)
_RESP_UNSCORED = (
    "SELECT num FROM respondents r"
    " WHERE assessment_id = $assessment AND submitted_hour IS NOT NULL AND workshop_id IS NULL"
    " AND NOT EXISTS (SELECT 1 FROM respondent_scores s WHERE s.respondent = r.num)"
)


def _item_scores_sql(resp: str) -> str:
    """Item scores of the current (not superseded) answers of the respondents in `resp`.

    Answers to items a role is not asked cannot exist: they are refused when given and
    superseded when a respondent changes role."""
    return f"""
WITH resp AS ({resp}),
items AS (
    SELECT * FROM questionnaire_items WHERE content_hash = $hash AND scored
),
current AS (
    SELECT a.respondent, a.item, a.value, a.dont_know
    FROM answers a SEMI JOIN resp ON resp.num = a.respondent
    WHERE NOT a.superseded
),
unit AS (  -- the option's score mapped onto 0..1 across the item's own range
    SELECT c.respondent, i.item_id, i.dimension, i.core, i.weight, i.reverse, c.dont_know,
           (list_extract(i.scores, CAST(c.value AS INTEGER) + 1) - i.min_score)
             / (i.max_score - i.min_score) AS unit
    FROM current c
    JOIN items i ON i.position = c.item
)
SELECT respondent, item_id, dimension, core, weight, dont_know,
       CASE WHEN reverse THEN $levels - unit * ($levels - 1)
            ELSE 1 + unit * ($levels - 1) END AS score
FROM unit
"""  # noqa: S608 - composed of constant SQL only


def _score_rows_sql(resp: str) -> str:
    """One row per respondent and dimension (dimension = its position in the model)."""
    return f"""
WITH item_scores AS ({_item_scores_sql(resp)})
SELECT respondent, dimension,
       sum(score * weight) / sum(weight) FILTER (WHERE score IS NOT NULL) AS score,
       sum(score * weight) FILTER (WHERE core)
         / sum(weight) FILTER (WHERE core AND score IS NOT NULL) AS core_score,
       count(score) AS n_scored,
       count(*) FILTER (WHERE dont_know) AS n_dont_know
FROM item_scores
WHERE weight > 0  -- an item of weight 0 is context: asked and kept, never scored
GROUP BY respondent, dimension
"""  # noqa: S608 - composed of constant SQL only


_ITEM_SCORES = _item_scores_sql(_RESP_OF_ASSESSMENT)
# Scoring straight from the answers: what `respondent_scores` holds, recomputed.
SCORES_FROM_ANSWERS = _score_rows_sql(_RESP_OF_ASSESSMENT)
_STORE_SCORES = f"""
INSERT INTO respondent_scores
       (respondent, dimension, score, core_score, n_scored, n_dont_know)
SELECT * FROM ({_score_rows_sql(_RESP_UNSCORED)})
"""  # noqa: S608 - constant SQL only

# The stored respondent scores of an assessment, with who the respondent said they are.
_RESPONDENT_SCORES = """
SELECT s.respondent, s.dimension, s.score, s.core_score, s.n_scored, s.n_dont_know,
       r.role_id, r.team_id, p.perspective
FROM respondent_scores s
JOIN respondents r ON r.num = s.respondent
JOIN (SELECT unnest($roles) AS role_id, unnest($perspectives) AS perspective) p
  ON p.role_id = r.role_id
WHERE r.assessment_id = $assessment AND r.submitted_hour IS NOT NULL AND r.workshop_id IS NULL
"""


def score_pending(store: Store, assessment: Assessment, q: Questionnaire) -> None:
    """Score the submitted responses that have no stored scores yet, in one statement.

    A submitted response never changes, so its dimension scores are computed once and
    kept; submitting stays a cheap append, and each analysis scores only what arrived
    since the last one (everything, the first time after a bulk load). Catching up is
    serialised per assessment, so two readers never score the same response twice."""
    params = {
        "assessment": assessment.id,
        "hash": assessment.content_hash,
        "levels": float(q.scale_max),
    }
    with store.serialised(f"score:{assessment.id}"):
        # The set of submitted respondents, fingerprinted: when it has not changed since
        # the last catch-up in this process, nothing is pending and the anti-join is
        # skipped. (Any change, a deletion included, changes count or sum.)
        row = (
            store.cursor()
            .execute(
                "SELECT count(*), sum(num) FROM respondents"
                " WHERE assessment_id = ? AND submitted_hour IS NOT NULL AND workshop_id IS NULL",
                [assessment.id],
            )
            .fetchone()
        )
        fingerprint = tuple(row) if row else None
        key = f"scored:{assessment.id}"
        if fingerprint is not None and store.memo.get(key) == fingerprint:
            return
        store.write(lambda cur: cur.execute(_STORE_SCORES, params))
        store.memo[key] = fingerprint


def rescore(store: Store, assessment_id: str) -> int:
    """Recompute the stored respondent scores of an assessment from its answers (to
    repair, or to measure); returns how many submitted respondents it has."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    with store.serialised(f"score:{assessment.id}"):
        store.write(
            lambda cur: cur.execute(
                "DELETE FROM respondent_scores WHERE respondent IN"
                " (SELECT num FROM respondents WHERE assessment_id = ?)",
                [assessment.id],
            )
        )
        store.memo.pop(f"scored:{assessment.id}", None)
    score_pending(store, assessment, q)
    return submitted_count(store, assessment.id)


def _params(assessment: Assessment, q: Questionnaire) -> dict[str, Any]:
    return {
        "assessment": assessment.id,
        "roles": [r.id for r in q.roles],
        "perspectives": [r.perspective for r in q.roles],
    }


def item_scores(store: Store, assessment_id: str) -> list[dict[str, Any]]:
    """Every counted item score (for tests and drill-downs; row-level, never shown)."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    params: dict[str, Any] = {
        "assessment": assessment.id,
        "hash": assessment.content_hash,
        "levels": float(q.scale_max),
    }
    cur = store.cursor().execute(
        f"SELECT r.id AS respondent_id, s.* FROM ({_ITEM_SCORES}) s"  # noqa: S608
        " JOIN respondents r ON r.num = s.respondent ORDER BY r.id, s.item_id",
        params,
    )
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def submitted_count(store: Store, assessment_id: str) -> int:
    """How many responses have been submitted."""
    row = (
        store.cursor()
        .execute(
            "SELECT count(*) FROM respondents"
            " WHERE assessment_id = ? AND submitted_hour IS NOT NULL AND workshop_id IS NULL",
            [assessment_id],
        )
        .fetchone()
    )
    return int(row[0]) if row else 0


# --- group results ------------------------------------------------------------------------------

# Sufficient statistics per finest cell (dimension x role x team); every coarser grouping
# is rolled up from these few hundred rows in Python. Exact, and several times faster
# than GROUPING SETS over the per-respondent rows.
# The sums per finest cell, over `rd` (respondent scores with role, team, perspective).
_SUMS_PER_CELL = """
SELECT perspective, role_id, team_id, dimension,
       count(score), sum(score), sum(score * score),
       count(core_score), sum(core_score), sum(core_score * core_score),
       sum(n_dont_know), sum(n_dont_know) + sum(n_scored), count(*)
FROM rd
GROUP BY perspective, role_id, team_id, dimension
"""
_CELL_STATS = f"WITH rd AS ({_RESPONDENT_SCORES}) {_SUMS_PER_CELL}"


def _roll_up(
    rows: list[tuple[Any, ...]], q: Questionnaire
) -> dict[tuple[str, Key, str], tuple[Any, ...]]:
    """Figures (n, mean, sd, core_n, core_mean, core_var, dont_know, answered) for every
    group of every grouping, from the finest cells' sums."""
    sums: dict[tuple[str, Key, str], list[float]] = {}
    for perspective, role, team, dimension, *values in rows:
        dim = q.dimensions[dimension].id
        for grouping, parts in GROUPINGS.items():
            key = project((perspective, role, team), parts)
            acc = sums.setdefault((grouping, key, dim), [0.0] * 8)
            for n, v in enumerate(values[:8]):
                acc[n] += float(v or 0)
    return {index: _figures(acc) for index, acc in sums.items()}


def _moments(n: float, total: float, squares: float) -> tuple[float | None, float | None]:
    if n == 0:
        return None, None
    mean = total / n
    if n < 2:
        return mean, None
    spread = squares - total * total / n
    # Sums of squares cancel: seven answers of 2.6 leave 1.2e-15, not 0, and a Cohen's d
    # over that sd read 67,108,864. A spread within rounding of the sums is no spread.
    if spread <= _CANCELLATION * squares:
        return mean, 0.0
    return mean, spread / (n - 1)


# Relative rounding noise of a float sum of squares (about 2**-52 per addition), with a
# wide margin; a real spread of scores on any GapMap scale is many orders above it.
_CANCELLATION = 1e-12


def _figures(acc: list[float]) -> tuple[Any, ...]:
    n, total, squares, core_n, core_total, core_squares, dont_know, answered = acc
    mean, var = _moments(n, total, squares)
    core_mean, core_var = _moments(core_n, core_total, core_squares)
    sd = math.sqrt(var) if var is not None else None
    return (int(n), mean, sd, int(core_n), core_mean, core_var, int(dont_know), int(answered))


@dataclass(frozen=True)
class GroupResult:
    """One group's result on one dimension. Suppressed rows carry no figures at all."""

    grouping: str
    perspective: str | None
    role: str | None
    team: str | None
    dimension: str
    suppressed: bool
    n: int | None = None
    mean: float | None = None
    sd: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    rwg: float | None = None
    dont_know_share: float | None = None
    level: int | None = None
    core_n: int | None = None
    core_mean: float | None = None
    core_sd: float | None = None
    # Why a group is hidden (`disclosure.REASONS`: below_k, protects_smaller) or shown
    # with no one in it (empty); None for a group shown with figures.
    reason: str | None = None
    # The release the figures come from, when older than the release shown (a group
    # kept at its last figures because a newer one would give away a few people).
    as_of: int | None = None

    @property
    def key(self) -> Key:
        return (self.perspective, self.role, self.team)

    def as_dict(self) -> dict[str, Any]:
        """The figures a reader may see (core-item figures feed the perception gap)."""
        return {k: v for k, v in self.__dict__.items() if not k.startswith("core_")}


@dataclass(frozen=True)
class Overall:
    """A group's overall index (weighted mean of dimension means) and staged level."""

    grouping: str
    perspective: str | None
    role: str | None
    team: str | None
    suppressed: bool
    index: float | None = None
    level: int | None = None
    staged_level: int | None = None
    weakest: str | None = None
    n: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class AreaResult:
    """A group's score on one area (weighted mean of its dimensions' means). Hidden,
    with no figures, when any of its dimensions is hidden for that group."""

    grouping: str
    perspective: str | None
    role: str | None
    team: str | None
    area: str
    suppressed: bool
    index: float | None = None
    level: int | None = None
    n: int | None = None
    reason: str | None = None

    @property
    def key(self) -> Key:
        return (self.perspective, self.role, self.team)


@dataclass(frozen=True)
class Scores:
    """Every group result of one assessment, already passed through disclosure control.
    `release` is the release they were published in (0: computed, not published)."""

    assessment: Assessment
    questionnaire: Questionnaire
    k: int
    respondents: int
    results: list[GroupResult] = field(default_factory=list)
    overall: list[Overall] = field(default_factory=list)
    release: int = 0

    def of(self, grouping: str) -> list[GroupResult]:
        return [r for r in self.results if r.grouping == grouping]

    def get(
        self,
        grouping: str,
        dimension: str,
        *,
        role: str | None = None,
        team: str | None = None,
        perspective: str | None = None,
    ) -> GroupResult:
        """One result; `perspective` may be left out for role groupings."""
        for r in self.results:
            if (
                r.grouping == grouping
                and r.dimension == dimension
                and r.role == role
                and r.team == team
                and (perspective is None or r.perspective == perspective)
            ):
                return r
        raise KeyError((grouping, dimension, role, team, perspective))

    def overall_of(
        self, grouping: str = "organisation", *, role: str | None = None, team: str | None = None
    ) -> Overall:
        for o in self.overall:
            if o.grouping == grouping and o.role == role and o.team == team:
                return o
        raise KeyError((grouping, role, team))

    @cached_property
    def areas(self) -> list[AreaResult]:
        """Every group's area results (none when the model has no areas), from the
        dimension results as shown, so they hide where those do."""
        return area_indexes(self.questionnaire, self.results)

    def areas_of(
        self, grouping: str = "organisation", *, role: str | None = None, team: str | None = None
    ) -> list[AreaResult]:
        """One group's area results, in the model's order of areas."""
        return [
            a for a in self.areas if a.grouping == grouping and a.role == role and a.team == team
        ]


def _all_keys(assessment: Assessment, q: Questionnaire) -> dict[str, list[Key]]:
    """Every cell of every grouping, so groups with no respondents are reported (as
    suppressed) too, and their absence says nothing."""
    roles = [(r.perspective, r.id) for r in q.roles]
    perspectives = sorted({p for p, _ in roles})
    teams: list[str | None] = [t.id for t in assessment.teams] or [None]
    return {
        "organisation": [(None, None, None)],
        "perspective": [(p, None, None) for p in perspectives],
        "role": [(p, r, None) for p, r in roles],
        "team": [(None, None, t) for t in teams] if assessment.teams else [],
        "perspective_team": [(p, None, t) for p in perspectives for t in teams]
        if assessment.teams
        else [],
        "role_team": [(p, r, t) for p, r in roles for t in teams] if assessment.teams else [],
    }


def score_assessment(store: Store, assessment_id: str) -> Scores:
    """Score an assessment as it stands now: every grouping, every dimension, through
    disclosure control as if published on its own. (Viewers read releases instead:
    `assessment.analysis.releases`, which also audit against what was published before.)"""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    score_pending(store, assessment, q)
    rows = store.cursor().execute(_CELL_STATS, _params(assessment, q)).fetchall()
    return _scores_from_cells(assessment, q, rows, submitted_count(store, assessment.id))


# Head-counts and sums per release era: like `_CELL_STATS`, split by the release that
# first counted each respondent (NULL: not released yet). Respondents with no scored
# row still count as people (`_PEOPLE_PER_ERA`). Head-counts are kept by the team a
# respondent first answered in (`first_team`, set when a merge moved them), so the
# audit can rebuild what releases before a merge published; sums by the current team.
_ERA_STATS = f"""
WITH rd AS (
    SELECT s.*, r.release_number, coalesce(r.first_team, r.team_id) AS first_team
    FROM ({_RESPONDENT_SCORES}) s JOIN respondents r ON r.num = s.respondent
)
SELECT perspective, role_id, team_id, first_team, release_number, dimension,
       count(score), sum(score), sum(score * score),
       count(core_score), sum(core_score), sum(core_score * core_score),
       sum(n_dont_know), sum(n_dont_know) + sum(n_scored), count(*)
FROM rd
GROUP BY ALL
"""  # noqa: S608 - composed of constant SQL only
_PEOPLE_PER_ERA = """
SELECT role_id, coalesce(first_team, team_id), release_number, count(*) FROM respondents
WHERE assessment_id = $assessment AND submitted_hour IS NOT NULL AND workshop_id IS NULL
GROUP BY ALL
"""
# People who answered each scored item ("don't know" included), per perspective and era.
_ITEM_PEOPLE_PER_ERA = """
WITH roles AS (SELECT unnest($roles) AS role_id, unnest($perspectives) AS perspective)
SELECT p.perspective, r.release_number, a.item,
       CASE WHEN a.dont_know THEN -1 ELSE CAST(a.value AS INTEGER) END AS option,
       count(DISTINCT a.respondent)
FROM answers a
JOIN respondents r ON r.num = a.respondent
JOIN roles p ON p.role_id = r.role_id
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item AND i.scored
WHERE r.assessment_id = $assessment AND r.submitted_hour IS NOT NULL AND r.workshop_id IS NULL
  AND NOT a.superseded AND (a.dont_know OR a.value IS NOT NULL)
GROUP BY ALL
"""


@dataclass(frozen=True)
class EraStats:
    """What a release is computed from: the sums per finest cell and dimension (for the
    figures), and head-counts per finest cell and release era (for the audit)."""

    cell_rows: list[tuple[Any, ...]]  # as `_CELL_STATS` returns them
    # (perspective, role, first team, era) -> [people, scored per dim..., core per
    # dim..., answering per dim...]; era None = not released yet. The team is the one
    # the people first answered in: a merge moves people, not their audit cell.
    people: dict[tuple[str, str, str | None, int | None], list[int]]
    # (perspective, era) -> item position -> people who answered it
    item_people: dict[tuple[str, int | None], dict[int, int]]
    # (perspective, era) -> item position -> option index (-1: "don't know") -> people
    option_people: dict[tuple[str, int | None], dict[int, dict[int, int]]] = field(
        default_factory=dict
    )


def era_stats(cur: duckdb.DuckDBPyConnection, assessment: Assessment, q: Questionnaire) -> EraStats:
    """Sums and head-counts of the submitted responses, split by release era, read on
    `cur` (inside a release's transaction: responses not scored yet are scored first,
    so what is counted and what is summed are the same people)."""
    params = _params(assessment, q)
    cur.execute(
        _STORE_SCORES,
        {
            "assessment": assessment.id,
            "hash": assessment.content_hash,
            "levels": float(q.scale_max),
        },
    )
    dims = len(q.dimensions)
    perspective_of = {r.id: r.perspective for r in q.roles}
    people: dict[tuple[str, str, str | None, int | None], list[int]] = {}
    for role, team, era, n in cur.execute(
        _PEOPLE_PER_ERA, {"assessment": assessment.id}
    ).fetchall():
        if role in perspective_of:
            people[(perspective_of[role], role, team, era)] = [int(n)] + [0] * (3 * dims)
    sums: dict[tuple[Any, ...], list[float]] = {}
    rows = cur.execute(_ERA_STATS, params).fetchall()
    for perspective, role, team, first, era, dim, *values in rows:
        counts = people.setdefault((perspective, role, first, era), [0] * (1 + 3 * dims))
        counts[1 + dim] += int(values[0])
        counts[1 + dims + dim] += int(values[3])
        counts[1 + 2 * dims + dim] += int(values[8])
        acc = sums.setdefault((perspective, role, team, dim), [0.0] * 9)
        for i, v in enumerate(values[:9]):
            acc[i] += float(v or 0)
    cell_rows = [(*key, *acc) for key, acc in sums.items()]
    item_people: dict[tuple[str, int | None], dict[int, int]] = {}
    option_people: dict[tuple[str, int | None], dict[int, dict[int, int]]] = {}
    for perspective, era, item, option, n in cur.execute(
        _ITEM_PEOPLE_PER_ERA, {**params, "hash": assessment.content_hash}
    ).fetchall():
        per_item = item_people.setdefault((perspective, era), {})
        per_item[int(item)] = per_item.get(int(item), 0) + int(n)
        option_people.setdefault((perspective, era), {}).setdefault(int(item), {})[int(option)] = (
            int(n)
        )
    return EraStats(cell_rows, people, item_people, option_people)


# A live workshop's participants, scored straight from their current answers (they
# change while the workshop runs, so nothing is stored).
_RESP_OF_WORKSHOP = "SELECT num FROM respondents WHERE workshop_id = $workshop"
_WORKSHOP_CELL_STATS = f"""
WITH s AS ({_score_rows_sql(_RESP_OF_WORKSHOP)}),
rd AS (
    SELECT s.*, r.role_id, r.team_id, p.perspective
    FROM s
    JOIN respondents r ON r.num = s.respondent
    JOIN (SELECT unnest($roles) AS role_id, unnest($perspectives) AS perspective) p
      ON p.role_id = r.role_id
)
{_SUMS_PER_CELL}"""  # noqa: S608 - composed of constant SQL only


def score_workshop(
    store: Store, assessment: Assessment, q: Questionnaire, workshop_id: str, *, by_team: bool
) -> Scores:
    """Score a workshop's participants from their answers as they stand now, with the
    same groupings and suppression as a survey (teams only when the workshop asked for
    them). `respondents` is everyone who joined."""
    population = assessment if by_team else replace(assessment, teams=())
    params = {
        **_params(assessment, q),
        "workshop": workshop_id,
        "hash": assessment.content_hash,
        "levels": float(q.scale_max),
    }
    del params["assessment"]
    cur = store.cursor()
    rows = cur.execute(_WORKSHOP_CELL_STATS, params).fetchall()
    joined = cur.execute(
        "SELECT count(*) FROM respondents WHERE workshop_id = ?", [workshop_id]
    ).fetchone()
    return _scores_from_cells(population, q, rows, int(joined[0]) if joined else 0)


def cell_people(
    rows: list[tuple[Any, ...]], q: Questionnaire
) -> dict[tuple[str, str, str | None], list[int]]:
    """Head-counts per finest cell from `_CELL_STATS` rows, as the disclosure audit takes
    them: [people, then per dimension: scored, core-scored, answering]. `people` is the
    largest count of any dimension (everyone in the cell answered something)."""
    dims = len(q.dimensions)
    out: dict[tuple[str, str, str | None], list[int]] = {}
    for perspective, role, team, dim, n, _s, _q, core_n, _cs, _cq, _dk, _a, people in rows:
        counts = out.setdefault((perspective, role, team), [0] * (1 + 3 * dims))
        counts[1 + dim] += int(n or 0)
        counts[1 + dims + dim] += int(core_n or 0)
        counts[1 + 2 * dims + dim] += int(people or 0)
    for counts in out.values():
        counts[0] = max(counts[1:]) if dims else 0
    return out


PEOPLE = "people"  # the family of head-counts (response counts per group)


def families_of(
    people: Mapping[Any, Sequence[int]], q: Questionnaire
) -> dict[str, dict[Any, tuple[int, ...]]]:
    """The head-count vectors (see `cell_people`) split by family: `people` (response
    counts), and each dimension (its scored, core-scored and answering people). Each
    family's figures are different unknowns to a viewer, so each is audited on its own
    head-counts: a dimension where two of a team's six people gave a score hides that
    team's figure on that dimension only."""
    dims = len(q.dimensions)
    out: dict[str, dict[Any, tuple[int, ...]]] = {PEOPLE: {c: (v[0],) for c, v in people.items()}}
    for i, dim in enumerate(q.dimensions):
        out[dim.id] = {
            c: (v[1 + i], v[1 + dims + i], v[1 + 2 * dims + i]) for c, v in people.items()
        }
    return out


def groups_of(
    assessment: Assessment, q: Questionnaire, cells: Iterable[tuple[Any, ...]]
) -> dict[tuple[str, Key], frozenset[tuple[Any, ...]]]:
    """Every group of every grouping, as the set of `cells` in it (a cell starts with
    perspective, role, team; anything after, such as a release era, is carried along)."""
    cells = list(cells)
    out: dict[tuple[str, Key], frozenset[tuple[Any, ...]]] = {}
    for grouping, keys in _all_keys(assessment, q).items():
        parts = GROUPINGS[grouping]
        for key in keys:
            out[(grouping, key)] = frozenset(
                c for c in cells if project((c[0], c[1], c[2]), parts) == key
            )
    return out


def results_from(
    assessment: Assessment,
    q: Questionnaire,
    rows: list[tuple[Any, ...]],
    decisions: Mapping[str, Mapping[tuple[str, Key], disclosure.Decision]],
) -> list[GroupResult]:
    """Every group's result on every dimension from finest-cell sums, with the figures
    of the groups disclosure control lets through (`decisions[dimension id]`) and the
    reason for the others."""
    stats = _roll_up(rows, q)
    results = []
    for grouping, keys in _all_keys(assessment, q).items():
        for key in keys:
            for dim in q.dimensions:
                figures = stats.get((grouping, key, dim.id))
                decision = decisions[dim.id][(grouping, key)]
                results.append(_result(q, grouping, key, dim.id, figures, decision))
    return results


def _scores_from_cells(
    assessment: Assessment, q: Questionnaire, rows: list[tuple[Any, ...]], respondents: int
) -> Scores:
    """Roll finest-cell sums up to every grouping, decide what may be shown, and score."""
    k = assessment.anonymity_threshold
    people = cell_people(rows, q)
    groups = groups_of(assessment, q, people)
    decisions = disclosure.decide_each(groups, families_of(people, q), k)
    results = results_from(assessment, q, rows, decisions)
    return Scores(assessment, q, k, respondents, results, overall_indexes(q, results))


def _result(
    q: Questionnaire,
    grouping: str,
    key: Key,
    dimension: str,
    figures: tuple[Any, ...] | None,
    decision: disclosure.Decision,
) -> GroupResult:
    perspective, role, team = key
    if decision.hidden:
        return GroupResult(
            grouping, perspective, role, team, dimension, suppressed=True, reason=decision.reason
        )
    if figures is None or int(figures[0]) == 0:
        # Nobody in the group has a score here: shown as empty, which identifies no one.
        return GroupResult(
            grouping, perspective, role, team, dimension, suppressed=True, reason="empty"
        )
    n, mean, sd, core_n, core_mean, core_var, dont_know, answered = figures
    n = int(n)
    low = high = rwg = None
    if sd is not None and n >= 2:
        half = t_critical(n - 1) * sd / math.sqrt(n)
        low, high = mean - half, mean + half
        rwg = min(1.0, max(0.0, 1 - sd**2 / uniform_variance(q.scale_max)))
    return GroupResult(
        grouping,
        perspective,
        role,
        team,
        dimension,
        suppressed=False,
        n=n,
        mean=mean,
        sd=sd,
        ci_low=low,
        ci_high=high,
        rwg=rwg,
        dont_know_share=(int(dont_know) / int(answered)) if answered else 0.0,
        level=q.level_for(mean) if mean is not None else None,
        core_n=int(core_n),
        core_mean=core_mean,
        core_sd=math.sqrt(core_var) if core_var is not None else None,
    )


def _hidden_reason(members: Iterable[GroupResult]) -> str | None:
    """Why a figure made of several dimension results is hidden: the strongest reason
    among its hidden members."""
    reasons = [m.reason for m in members if m.suppressed and m.reason]
    reason = next((r for r in ("below_k", "protects_smaller") if r in reasons), None)
    return reason or (reasons[0] if reasons else None)


def _by_group(results: Iterable[GroupResult]) -> dict[tuple[str, Key], list[GroupResult]]:
    groups: dict[tuple[str, Key], list[GroupResult]] = {}
    for r in results:
        groups.setdefault((r.grouping, r.key), []).append(r)
    return groups


def overall_indexes(q: Questionnaire, results: list[GroupResult]) -> list[Overall]:
    """Each group's overall index and staged level from its dimension results (a group
    with any suppressed dimension gets a suppressed index; so does a group missing a
    dimension when the model has areas)."""
    order = [d.id for d in q.dimensions]
    out = []
    for (grouping, (perspective, role, team)), members in _by_group(results).items():
        incomplete = q.areas and {m.dimension for m in members} != set(order)
        if incomplete or any(m.suppressed or m.mean is None for m in members):
            out.append(
                Overall(
                    grouping,
                    perspective,
                    role,
                    team,
                    suppressed=True,
                    reason=_hidden_reason(members),
                )
            )
            continue
        index = q.overall_score({m.dimension: m.mean or 0.0 for m in members})
        levels = {m.dimension: m.level or 1 for m in members}
        weakest = min(order, key=lambda d: (levels[d], order.index(d)))
        out.append(
            Overall(
                grouping,
                perspective,
                role,
                team,
                suppressed=False,
                index=index,
                level=q.level_for(index),
                staged_level=levels[weakest],
                weakest=weakest,
                n=min(m.n or 0 for m in members),
            )
        )
    return out


def area_indexes(q: Questionnaire, results: list[GroupResult]) -> list[AreaResult]:
    """Each group's score on each area of the model, from its dimension results: hidden
    (with the strongest reason of its hidden dimensions) unless every dimension of the
    area is shown for that group."""
    out: list[AreaResult] = []
    if not q.areas:
        return out
    for (grouping, (perspective, role, team)), members in _by_group(results).items():
        by_dim = {m.dimension: m for m in members}
        for area in q.areas:
            parts = [by_dim[d] for d in area.dimensions if d in by_dim]
            if len(parts) < len(area.dimensions) or any(
                m.suppressed or m.mean is None for m in parts
            ):
                out.append(
                    AreaResult(
                        grouping,
                        perspective,
                        role,
                        team,
                        area.id,
                        suppressed=True,
                        reason=_hidden_reason(parts),
                    )
                )
                continue
            index = q.area_score(area, {m.dimension: m.mean or 0.0 for m in parts})
            out.append(
                AreaResult(
                    grouping,
                    perspective,
                    role,
                    team,
                    area.id,
                    suppressed=False,
                    index=index,
                    level=q.level_for(index),
                    n=min(m.n or 0 for m in parts),
                )
            )
    return out


# --- what the published figures already say about the hidden groups together ---------------

REMAINDER_OF = {"other_roles": ("perspective", "role"), "other_teams": ("organisation", "team")}


def remainders(scores: Scores) -> list[GroupResult]:
    """ "Other roles" of each perspective and "other teams": a parent group's figures
    minus its children shown in the same release. They are differences of published
    sums (n, sum, sum of squares), so they disclose nothing a reader could not work out,
    and the audit guarantees each holds 0 or at least k people. They show the people
    whose own group is hidden, together."""
    q = scores.questionnaire
    out: list[GroupResult] = []
    for name, (parent_grouping, child_grouping) in REMAINDER_OF.items():
        for parent in scores.of(parent_grouping):
            if parent.suppressed or parent.as_of is not None or parent.n is None:
                continue
            children = [
                r
                for r in scores.of(child_grouping)
                if r.dimension == parent.dimension
                and (parent.perspective is None or r.perspective == parent.perspective)
            ]
            if all(r.reason == "empty" or (not r.suppressed and r.as_of is None) for r in children):
                continue
            shown = [r for r in children if not r.suppressed and r.as_of is None and r.n]
            n = parent.n - sum(r.n or 0 for r in shown)
            if n <= 0 or parent.mean is None:
                continue
            total = _sum_of(parent) - sum(_sum_of(r) for r in shown)
            squares = _squares_of(parent) - sum(_squares_of(r) for r in shown)
            mean, var = _moments(n, total, squares)
            figures = (n, mean, math.sqrt(var) if var is not None else None, 0, None, None, 0, 0)
            result = _result(
                q,
                name,
                (parent.perspective, None, None),
                parent.dimension,
                figures,
                disclosure.SHOWN,
            )
            out.append(replace(result, dont_know_share=None, core_n=None))
    return out


def _sum_of(r: GroupResult) -> float:
    return (r.n or 0) * (r.mean or 0.0)


def _squares_of(r: GroupResult) -> float:
    n, mean = r.n or 0, r.mean or 0.0
    return (n - 1) * (r.sd or 0.0) ** 2 + n * mean * mean


def rest_of(parent: GroupResult, child: GroupResult) -> tuple[int, float, float] | None:
    """(n, mean, sd) of the people in `parent` but not in `child` (the rest of the
    organisation beside a team, say): differences of the two groups' published sums, so
    nothing a reader of both could not work out. None unless both show figures of this
    release (a group held at an earlier release's figures would mix in the few people
    who changed since) or when fewer than two remain."""
    for r in (parent, child):
        if r.suppressed or r.as_of is not None or not r.n or r.mean is None:
            return None
    n = (parent.n or 0) - (child.n or 0)
    if n < 2:
        return None
    mean, var = _moments(
        n, _sum_of(parent) - _sum_of(child), _squares_of(parent) - _squares_of(child)
    )
    if mean is None or var is None:
        return None
    return n, mean, math.sqrt(var)
