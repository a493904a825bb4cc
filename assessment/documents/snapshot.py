"""The respondent's personal snapshot, shown once they have submitted.

Their own score per dimension (the engine's scoring of their own answers, read from
`respondent_scores`), the target level, and beside it their role's and the
organisation's results, but only for groups the anonymity rule lets anyone see. Then two
or three actions that fit their role and their weakest dimensions. Nothing about any
other individual: group figures come from the current release (`assessment.analysis.releases`).
"""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt

from assessment import words
from assessment.analysis import releases
from assessment.analysis.scoring import score_pending
from assessment.collect.responses import hash_secret
from assessment.documents.charts import (
    MUTED_COLOUR,
    OKABE_ITO,
    PRIMARY,
    TEXT_COLOUR,
    in_language,
)
from assessment.errors import ResponseError
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.questionnaire.model import Action, Questionnaire, score_text
from assessment.storage.store import Store

MAX_ACTIONS = 3


@dataclass(frozen=True)
class DimensionSnapshot:
    """One dimension: the respondent's score and level, the target, and the visible groups.

    `own` is None when the respondent gave no scored answer there ("don't know" only);
    `role` and `organisation` are None while those groups are below the threshold."""

    dimension_id: str
    name: str
    own: float | None
    own_level: int | None
    target: int
    target_score: float
    role: float | None
    organisation: float | None


@dataclass(frozen=True)
class SuggestedAction:
    """An action from the questionnaire's library, in the snapshot's language."""

    id: str
    dimension_id: str
    title: str
    description: str
    owner: str  # the owner role's name
    for_your_role: bool


@dataclass(frozen=True)
class Snapshot:
    """Everything the respondent's snapshot page shows, in one language."""

    assessment_id: str
    role_id: str
    role_name: str
    language: str
    k: int
    scale_max: int
    level_names: tuple[str, ...]
    thresholds: tuple[float, ...]  # the levels' thresholds (`Questionnaire.thresholds`)
    dimensions: tuple[DimensionSnapshot, ...]
    actions: tuple[SuggestedAction, ...]
    first_level: int = 1  # the number the model shows its first level with

    @property
    def role_hidden(self) -> bool:
        """Whether some of the role's results are still below the threshold."""
        return any(d.role is None for d in self.dimensions)

    @property
    def organisation_hidden(self) -> bool:
        return any(d.organisation is None for d in self.dimensions)

    def level_name(self, level: int) -> str:
        return self.level_names[level - 1]

    def shown_level(self, level: int) -> int:
        """The number a level (position 1..N) is shown with (`Questionnaire.shown_level`)."""
        return level - 1 + self.first_level

    def score_text(self, score: float, language: str | None = None) -> str:
        """A score as the snapshot shows it ("2.5"), never reading as another level
        (`Questionnaire.score_text`)."""
        return score_text(score, self.thresholds, language or self.language)


def personal_snapshot(store: Store, secret: str, language: str | None = None) -> Snapshot:
    """The snapshot of the submitted response that `secret` belongs to.

    Raises ResponseError `bad-secret` for an unknown secret and `not-submitted` before
    the response is submitted."""
    row = (
        store.cursor()
        .execute(
            "SELECT num, assessment_id, role_id, language, submitted_hour IS NOT NULL"
            " FROM respondents WHERE secret_hash = ? AND workshop_id IS NULL",
            [hash_secret(str(secret).strip())],
        )
        .fetchone()
    )
    if row is None:
        raise ResponseError("bad-secret")
    num, assessment_id, role_id, stored_language, submitted = row
    if not submitted:
        raise ResponseError("not-submitted")
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    lang = language or stored_language
    score_pending(store, assessment, q)  # this response's own scores
    # The group figures beside them come from the release, like everyone else's: a
    # respondent who pads a small role with answers of their own sees nothing new
    # until the release moves by k people (and then only what the audit allows).
    scores = releases.current(store, assessment_id).scores
    own = _own_scores(store, int(num), q)
    dimensions = []
    for dim in q.dimensions:
        target = assessment.targets.get(dim.id, q.scale_max)
        mine = own.get(dim.id)
        role = scores.get("role", dim.id, role=role_id)
        organisation = scores.get("organisation", dim.id)
        dimensions.append(
            DimensionSnapshot(
                dimension_id=dim.id,
                name=q.t(dim.name, lang),
                own=mine,
                own_level=q.level_for(mine) if mine is not None else None,
                target=target,
                target_score=q.levels[target - 1].threshold,
                role=None if role.suppressed else role.mean,
                organisation=None if organisation.suppressed else organisation.mean,
            )
        )
    return Snapshot(
        assessment_id=assessment_id,
        role_id=role_id,
        role_name=q.t(q.role(role_id).name, lang),
        language=lang,
        k=scores.k,
        scale_max=q.scale_max,
        level_names=tuple(q.t(level.name, lang) for level in q.levels),
        thresholds=q.thresholds,
        dimensions=tuple(dimensions),
        actions=tuple(_action(q, a, role_id, lang) for a in suggest_actions(q, role_id, own)),
        first_level=q.first_level,
    )


def _own_scores(store: Store, respondent: int, q: Questionnaire) -> dict[str, float]:
    """The respondent's stored dimension scores, by dimension id (scored ones only)."""
    rows = (
        store.cursor()
        .execute(
            "SELECT dimension, score FROM respondent_scores WHERE respondent = ?", [respondent]
        )
        .fetchall()
    )
    return {q.dimensions[int(d)].id: float(s) for d, s in rows if s is not None}


def weakest_dimensions(q: Questionnaire, own: dict[str, float]) -> list[str]:
    """Dimensions the respondent scored, weakest first (ties in the model's order)."""
    order = [d.id for d in q.dimensions]
    return sorted(own, key=lambda d: (own[d], order.index(d)))


def suggest_actions(q: Questionnaire, role_id: str, own: dict[str, float]) -> list[Action]:
    """Two or three actions for this respondent: their role's own actions on their
    weakest dimensions first, then the actions that move their weakest dimensions from
    the level they gave them to the next one."""
    weakest = weakest_dimensions(q, own)[:MAX_ACTIONS]
    level_actions = [a for a in q.actions if a.when.finding is None]

    def nearest(candidates: list[Action], level: int) -> Action | None:
        if not candidates:
            return None
        return min(candidates, key=lambda a: (abs((q.action_level(a.when) or 0) - level), a.id))

    picked: list[Action] = []
    for dim in weakest:
        level = q.level_for(own[dim])
        mine = [a for a in level_actions if a.when.dimension == dim and a.owner == role_id]
        found = nearest(mine, level)
        if found is not None:
            picked.append(found)
    for dim in weakest:
        if len(picked) >= MAX_ACTIONS:
            break
        level = q.level_for(own[dim])
        others = [
            a
            for a in level_actions
            if a.when.dimension == dim and a not in picked and q.action_level(a.when) == level
        ]
        found = nearest(others, level)
        if found is not None:
            picked.append(found)
    return picked[:MAX_ACTIONS]


def _action(q: Questionnaire, action: Action, role_id: str, lang: str) -> SuggestedAction:
    return SuggestedAction(
        id=action.id,
        dimension_id=action.when.dimension or "",
        title=q.t(action.title, lang),
        description=q.t(action.description, lang),
        owner=q.t(q.role(action.owner).name, lang),
        for_your_role=action.owner == role_id,
    )


# --- the chart ------------------------------------------------------------------------------

SERIES_COLOURS = {
    "you": PRIMARY,
    "role": OKABE_ITO[1],
    "organisation": OKABE_ITO[2],
    "target": TEXT_COLOUR,
}
SERIES_SHAPES = {
    "you": "circle",
    "role": "diamond",
    "organisation": "square",
    "target": "M-0.15,-1H0.15V1H-0.15Z",  # a narrow upright bar, like the target tick
}


def chart_rows(snapshot: Snapshot, language: str | None = None) -> list[dict[str, object]]:
    """The chart's data: one row per dimension and shown series (hidden groups left out)."""
    labels = words.section("snapshot", language or snapshot.language)
    rows: list[dict[str, object]] = []
    for d in snapshot.dimensions:
        for series, value in (
            ("target", d.target_score),
            ("organisation", d.organisation),
            ("role", d.role),
            ("you", d.own),
        ):
            if value is not None:
                rows.append(
                    {
                        "dimension": d.name,
                        "series": labels[series],
                        "score": round(value, 2),
                        # What the tooltip reads, rounded as every score is shown.
                        "shown": snapshot.score_text(value, language),
                        "order": list(SERIES_SHAPES).index(series),
                    }
                )
    return rows


def snapshot_chart(snapshot: Snapshot, language: str | None = None) -> alt.LayerChart:
    """A dot plot: per dimension the respondent's score, the visible groups' means and the
    target (the score at which the target level is reached), on the 1..N scale."""
    labels = words.section("snapshot", language or snapshot.language)
    rows = chart_rows(snapshot, language)
    shown = [key for key in SERIES_SHAPES if any(r["series"] == labels[key] for r in rows)]
    colour = alt.Color(
        "series:N",
        scale=alt.Scale(
            domain=[labels[k] for k in shown], range=[SERIES_COLOURS[k] for k in shown]
        ),
        legend=alt.Legend(
            title=None, orient="bottom", direction="horizontal", columns=2, labelLimit=1000
        ),
    )
    shape = alt.Shape(
        "series:N",
        scale=alt.Scale(domain=[labels[k] for k in shown], range=[SERIES_SHAPES[k] for k in shown]),
        legend=None,
    )
    order = [d.name for d in snapshot.dimensions]
    scale = alt.Scale(domain=[1, snapshot.scale_max], nice=False, zero=False)
    x = alt.X(
        "score:Q",
        scale=scale,
        axis=alt.Axis(values=list(range(1, snapshot.scale_max + 1)), format="d"),
        title=labels["score"].format(top=snapshot.scale_max),
    )
    y = alt.Y("dimension:N", sort=order, title=None, axis=alt.Axis(labelLimit=1000))
    points = alt.Chart(alt.InlineData(values=[r for r in rows if r["series"] != labels["target"]]))
    targets = alt.Chart(alt.InlineData(values=[r for r in rows if r["series"] == labels["target"]]))
    lines = [{"dimension": name, "score": 1, "end": snapshot.scale_max} for name in order]
    guide = (
        alt.Chart(alt.InlineData(values=lines))
        .mark_rule(color=MUTED_COLOUR, opacity=0.3)
        .encode(y=y, x=x, x2="end:Q")
    )
    tooltip = [
        alt.Tooltip("dimension:N", title=labels["dimension"]),
        alt.Tooltip("series:N", title=labels["series"]),
        alt.Tooltip("shown:N", title=labels["score"].format(top=snapshot.scale_max)),
    ]
    target_ticks = targets.mark_tick(thickness=3, size=26).encode(
        x=x, y=y, color=colour, tooltip=tooltip
    )
    marks = points.mark_point(filled=True, size=150, opacity=1).encode(
        x=x, y=y, color=colour, shape=shape, order=alt.Order("order:Q"), tooltip=tooltip
    )
    chart = alt.LayerChart(
        layer=[guide, target_ticks, marks], width="container", height=max(160, 44 * len(order))
    )
    return in_language(chart, language or snapshot.language)
