"""Scoring in SQL: answers -> item scores -> respondent dimension scores -> group results.

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
4. Level: the model's thresholds; the overall index is the weighted mean of the
   dimension means (dimension weights), and the staged level is the weakest dimension's.

Only submitted responses count. Groups below the anonymity threshold come back
suppressed, with no figures (`assessment.anonymity`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from assessment.anonymity import GROUPINGS, Key, suppress_small_groups
from assessment.assessments import Assessment, get_assessment, questionnaire_of
from assessment.model import Questionnaire
from assessment.store import Store

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


# --- respondent scores --------------------------------------------------------------------------

# Latest answer per respondent and item (answers are appended), restricted to submitted
# respondents of one assessment and to items the respondent's role is asked.
_ITEM_SCORES = """
WITH resp AS (
    SELECT num, role_id FROM respondents
    WHERE assessment_id = $assessment AND submitted_hour IS NOT NULL
),
items AS (
    SELECT * FROM questionnaire_items WHERE content_hash = $hash AND scored
),
latest AS (  -- the latest answer per respondent and item; -1 stands for "don't know"
    SELECT a.respondent, a.item,
           arg_max_null(CASE WHEN a.dont_know THEN -1 ELSE a.value END, a.seq) AS answer
    FROM answers a SEMI JOIN resp ON resp.num = a.respondent
    GROUP BY a.respondent, a.item
),
unit AS (  -- the option's score mapped onto 0..1 across the item's own range
    SELECT l.respondent, i.item_id, i.dimension, i.core, i.weight, i.reverse,
           l.answer = -1 AS dont_know,
           (list_extract(i.scores, CAST(l.answer AS INTEGER) + 1) - i.min_score)
             / (i.max_score - i.min_score) AS unit
    FROM latest l
    JOIN resp ON resp.num = l.respondent
    JOIN items i ON i.position = l.item AND (i.core OR list_contains(i.roles, resp.role_id))
)
SELECT respondent, item_id, dimension, core, weight, dont_know,
       CASE WHEN reverse THEN $levels - unit * ($levels - 1)
            ELSE 1 + unit * ($levels - 1) END AS score
FROM unit
"""

# One row per respondent and dimension (dimension = its position in the model).
_RESPONDENT_SCORES = f"""
WITH item_scores AS ({_ITEM_SCORES}),
rd AS (
    SELECT respondent, dimension,
           sum(score * weight) / sum(weight) FILTER (WHERE score IS NOT NULL) AS score,
           sum(score * weight) FILTER (WHERE core)
             / sum(weight) FILTER (WHERE core AND score IS NOT NULL) AS core_score,
           count(score) AS n_scored,
           count(*) FILTER (WHERE dont_know) AS n_dont_know
    FROM item_scores
    GROUP BY respondent, dimension
)
SELECT rd.*, r.role_id, r.team_id, p.perspective
FROM rd
JOIN respondents r ON r.num = rd.respondent
JOIN (SELECT unnest($roles) AS role_id, unnest($perspectives) AS perspective) p
  ON p.role_id = r.role_id
"""  # noqa: S608 - composed of constant SQL only


def _params(assessment: Assessment, q: Questionnaire) -> dict[str, Any]:
    return {
        "assessment": assessment.id,
        "hash": assessment.content_hash,
        "levels": float(q.scale_max),
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
            " WHERE assessment_id = ? AND submitted_hour IS NOT NULL",
            [assessment_id],
        )
        .fetchone()
    )
    return int(row[0]) if row else 0


# --- group results ------------------------------------------------------------------------------

_GROUP_STATS = f"""
WITH rd AS MATERIALIZED ({_RESPONDENT_SCORES})
SELECT GROUPING(perspective) AS gp, GROUPING(role_id) AS gr, GROUPING(team_id) AS gt,
       perspective, role_id, team_id, dimension,
       count(score) AS n, avg(score) AS mean, stddev_samp(score) AS sd,
       count(core_score) AS core_n, avg(core_score) AS core_mean,
       var_samp(core_score) AS core_var,
       sum(n_dont_know) AS dont_know, sum(n_dont_know) + sum(n_scored) AS answered
FROM rd
GROUP BY GROUPING SETS (
    (dimension), (dimension, perspective), (dimension, perspective, role_id),
    (dimension, team_id), (dimension, perspective, team_id),
    (dimension, perspective, role_id, team_id)
)
"""  # noqa: S608 - composed of constant SQL only

_GROUPING_BY_BITS = {
    (1, 1, 1): "organisation",
    (0, 1, 1): "perspective",
    (0, 0, 1): "role",
    (1, 1, 0): "team",
    (0, 1, 0): "perspective_team",
    (0, 0, 0): "role_team",
}


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


@dataclass(frozen=True)
class Scores:
    """Every group result of one assessment, already passed through suppression."""

    assessment: Assessment
    questionnaire: Questionnaire
    k: int
    respondents: int
    results: list[GroupResult] = field(default_factory=list)
    overall: list[Overall] = field(default_factory=list)

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
    """Score an assessment: every grouping, every dimension, suppressed below k."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    cur = store.cursor()
    rows = cur.execute(_GROUP_STATS, _params(assessment, q)).fetchall()
    respondents = submitted_count(store, assessment.id)

    stats: dict[tuple[str, Key, str], tuple[Any, ...]] = {}
    for row in rows:
        grouping = _GROUPING_BY_BITS.get((row[0], row[1], row[2]))
        if grouping is None:
            continue
        key: Key = (row[3], row[4], row[5])
        stats[(grouping, key, q.dimensions[row[6]].id)] = row[7:]

    raw: list[tuple[str, Key, str, tuple[Any, ...] | None]] = []
    for grouping, keys in _all_keys(assessment, q).items():
        for key in keys:
            for dim in q.dimensions:
                raw.append((grouping, key, dim.id, stats.get((grouping, key, dim.id))))
    hidden = suppress_small_groups(
        raw,
        k=k,
        grouping_of=lambda r: r[0],
        key_of=lambda r: r[1],
        n_of=lambda r: int(r[3][0]) if r[3] else 0,
        measure_of=lambda r: r[2],
    )
    results = [
        _result(q, grouping, key, dim, figures, suppressed=index in hidden)
        for index, (grouping, key, dim, figures) in enumerate(raw)
    ]
    return Scores(assessment, q, k, respondents, results, _overall(q, results))


def _result(
    q: Questionnaire,
    grouping: str,
    key: Key,
    dimension: str,
    figures: tuple[Any, ...] | None,
    *,
    suppressed: bool,
) -> GroupResult:
    perspective, role, team = key
    if suppressed or figures is None:
        return GroupResult(grouping, perspective, role, team, dimension, suppressed=True)
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


def _overall(q: Questionnaire, results: list[GroupResult]) -> list[Overall]:
    weights = {d.id: d.weight for d in q.dimensions}
    order = [d.id for d in q.dimensions]
    groups: dict[tuple[str, Key], list[GroupResult]] = {}
    for r in results:
        groups.setdefault((r.grouping, r.key), []).append(r)
    out = []
    for (grouping, (perspective, role, team)), members in groups.items():
        if any(m.suppressed or m.mean is None for m in members):
            out.append(Overall(grouping, perspective, role, team, suppressed=True))
            continue
        total = sum(weights[m.dimension] for m in members)
        index = sum(weights[m.dimension] * (m.mean or 0.0) for m in members) / total
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


def groupings() -> list[str]:
    """The groupings every result set contains (where the assessment has teams)."""
    return list(GROUPINGS)


def respondent_scores_sql() -> str:
    """The respondent-score SQL, for the benchmark's bare-scan comparison."""
    return _RESPONDENT_SCORES


def connection_params(store: Store, assessment_id: str) -> dict[str, Any]:
    """Parameters for `respondent_scores_sql()`."""
    assessment = get_assessment(store, assessment_id)
    return _params(assessment, questionnaire_of(store, assessment))


def comments_for(
    store: Store, assessment_id: str, grouping: str = "organisation"
) -> dict[tuple[str | None, str | None, str | None], dict[str, list[str]]]:
    """Free-text answers per group and item, for groups of at least the assessment's
    comment threshold only; sorted, never with respondent ids or times.

    `grouping` is one of organisation, perspective, role, team."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    perspective_of = {r.id: r.perspective for r in q.roles}
    rows = (
        store.cursor()
        .execute(
            "WITH resp AS (SELECT num, role_id, team_id FROM respondents"
            "  WHERE assessment_id = ? AND submitted_hour IS NOT NULL),"
            " latest AS (SELECT c.respondent, c.item, arg_max_null(c.text, c.seq) AS text"
            "  FROM comments c SEMI JOIN resp ON resp.num = c.respondent GROUP BY ALL)"
            " SELECT resp.num, resp.role_id, resp.team_id, l.item, l.text"
            " FROM resp LEFT JOIN latest l ON l.respondent = resp.num",
            [assessment_id],
        )
        .fetchall()
    )

    def key_of(role: str, team: str | None) -> tuple[str | None, str | None, str | None]:
        perspective = perspective_of.get(role)
        return {
            "organisation": (None, None, None),
            "perspective": (perspective, None, None),
            "role": (perspective, role, None),
            "team": (None, None, team),
        }[grouping]

    sizes: dict[tuple[str | None, str | None, str | None], set[int]] = {}
    texts: dict[tuple[str | None, str | None, str | None], dict[str, list[str]]] = {}
    for respondent, role, team, item, text in rows:
        key = key_of(role, team)
        sizes.setdefault(key, set()).add(respondent)
        if item is not None and text:
            texts.setdefault(key, {}).setdefault(q.items[item].id, []).append(text)
    return {
        key: {item: sorted(values) for item, values in items.items()}
        for key, items in texts.items()
        if len(sizes.get(key, ())) >= assessment.comment_threshold
    }
