"""Assessment quality: reliability per dimension, straight-liners, speeders.

- Cronbach's alpha per dimension over its core scored items (each mapped to 0..1 and
  reverse-coded items mirrored, as they are scored; an item of weight 0 is no part of
  the score, so none of its alpha either), from pairwise-complete
  covariances (as pingouin's default): alpha = k / (k - 1) * (1 - trace(C) / sum(C)),
  C the items' covariance matrix, each entry over the respondents who answered both.
- Straight-lining: a respondent who gave the same answer position to every scale item
  (likert, frequency) on every page that has at least three of them, over at least two
  such pages. Flagged and counted, never deleted: the reader decides.
- Speeders: a completion time under a third of the questionnaire's estimate for the
  respondent's role. Imported responses have no time and are never speeders.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assessment.analysis.scoring import submitted_count
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.storage.store import Store

SPEEDER_FRACTION = 1 / 3
STRAIGHT_LINE_MIN_ITEMS = 3
STRAIGHT_LINE_MIN_PAGES = 2

_LATEST = """
latest AS (
    SELECT a.respondent, a.item, a.value, a.dont_know
    FROM answers a
    SEMI JOIN respondents r
      ON r.num = a.respondent AND r.assessment_id = $assessment
     AND r.submitted_hour IS NOT NULL AND r.workshop_id IS NULL
    WHERE NOT a.superseded
)"""


@dataclass(frozen=True)
class Reliability:
    """Cronbach's alpha of one dimension's core items (None when it cannot be computed)."""

    dimension: str
    alpha: float | None
    items: int
    n: int


@dataclass(frozen=True)
class QualityReport:
    reliability: list[Reliability]
    respondents: int
    straight_liners: int
    speeders: int
    flagged: int  # straight-liners or speeders, each counted once


def cronbach_alpha(store: Store, assessment_id: str) -> list[Reliability]:
    """Alpha per dimension from the latest scores of the core items."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    out = []
    cur = store.cursor()
    for dim in q.dimensions:
        ids = [
            n
            for n, i in enumerate(q.items)
            if i.dimension == dim.id and i.is_core and i.feeds_score
        ]
        if len(ids) < 2:
            out.append(Reliability(dim.id, None, len(ids), 0))
            continue
        cov, n = _covariances(cur, assessment.id, assessment.content_hash, ids)
        total = sum(sum(row) for row in cov)
        trace = sum(cov[i][i] for i in range(len(ids)))
        k = len(ids)
        alpha = k / (k - 1) * (1 - trace / total) if total > 0 else None
        out.append(Reliability(dim.id, alpha, k, n))
    return out


def _covariances(
    cur: Any, assessment_id: str, content_hash: str, item_ids: list[int]
) -> tuple[list[list[float]], int]:
    """The pairwise-complete covariance matrix of the items' option scores, in SQL: one
    row per respondent with a column per item, then covar_samp over every pair (DuckDB's
    aggregates skip rows where either value is NULL, which is pairwise deletion)."""
    k = len(item_ids)
    columns = ", ".join(f"max(s.score) FILTER (WHERE s.item = $i{n}) AS c{n}" for n in range(k))
    pairs = ", ".join(f"covar_samp(c{a}, c{b})" for a in range(k) for b in range(a, k))
    sql = f"""
        WITH {_LATEST},
        scored AS (
            SELECT l.respondent, l.item,
                   CASE WHEN i.reverse THEN -1 ELSE 1 END
                   * (list_extract(i.scores, CAST(l.value AS INTEGER) + 1) - i.min_score)
                   / (i.max_score - i.min_score) AS score
            FROM latest l
            JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = l.item
            WHERE NOT l.dont_know AND l.value IS NOT NULL
        ),
        wide AS (
            SELECT s.respondent, {columns} FROM scored s GROUP BY s.respondent
        )
        SELECT count(*), {pairs} FROM wide
    """  # noqa: S608 - column names are generated positions; item ids are parameters
    params: dict[str, Any] = {"assessment": assessment_id, "hash": content_hash}
    params.update({f"i{n}": item_id for n, item_id in enumerate(item_ids)})
    row = cur.execute(sql, params).fetchone()
    n = int(row[0])
    values = iter(row[1:])
    cov = [[0.0] * k for _ in range(k)]
    for a in range(k):
        for b in range(a, k):
            v = next(values)
            cov[a][b] = cov[b][a] = float(v) if v is not None else 0.0
    return cov, n


def straight_liners(store: Store, assessment_id: str) -> set[str]:
    """Respondent ids (domain-internal) flagged as straight-liners."""
    assessment = get_assessment(store, assessment_id)
    sql = f"""
        WITH {_LATEST},
        pages AS (
            SELECT l.respondent, i.dimension,
                   count(*) AS items, count(DISTINCT l.value) AS distinct_answers
            FROM latest l
            JOIN questionnaire_items i
              ON i.content_hash = $hash AND i.position = l.item
             AND i.type IN ('likert', 'frequency')
            WHERE NOT l.dont_know AND l.value IS NOT NULL
            GROUP BY ALL
            HAVING count(*) >= $min_items
        )
        SELECT r.id FROM pages JOIN respondents r ON r.num = pages.respondent
        GROUP BY r.id
        HAVING count(*) >= $min_pages AND max(distinct_answers) = 1
    """  # noqa: S608 - constant SQL only
    rows = (
        store.cursor()
        .execute(
            sql,
            {
                "assessment": assessment.id,
                "hash": assessment.content_hash,
                "min_items": STRAIGHT_LINE_MIN_ITEMS,
                "min_pages": STRAIGHT_LINE_MIN_PAGES,
            },
        )
        .fetchall()
    )
    return {row[0] for row in rows}


def speeders(store: Store, assessment_id: str) -> set[str]:
    """Respondent ids (domain-internal) who finished implausibly fast for their role."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    limits = {role.id: q.estimated_seconds(role.id) * SPEEDER_FRACTION for role in q.roles}
    rows = (
        store.cursor()
        .execute(
            "SELECT r.id FROM respondents r"
            " JOIN (SELECT unnest($roles) AS role_id, unnest($limits) AS limit_s) l"
            "   ON l.role_id = r.role_id"
            " WHERE r.assessment_id = $assessment AND r.submitted_hour IS NOT NULL"
            " AND r.workshop_id IS NULL"
            "   AND r.duration_seconds IS NOT NULL AND r.duration_seconds < l.limit_s",
            {
                "assessment": assessment.id,
                "roles": list(limits),
                "limits": list(limits.values()),
            },
        )
        .fetchall()
    )
    return {row[0] for row in rows}


def quality_report(store: Store, assessment_id: str) -> QualityReport:
    """Reliability and flagged responses, as counts (no respondent is named)."""
    lines = straight_liners(store, assessment_id)
    fast = speeders(store, assessment_id)
    return QualityReport(
        reliability=cronbach_alpha(store, assessment_id),
        respondents=submitted_count(store, assessment_id),
        straight_liners=len(lines),
        speeders=len(fast),
        flagged=len(lines | fast),
    )
