"""Recommended actions: what to do next, ranked, each with the reason it was chosen.

Ranking rule: every recommendation gets a priority in score points times the
dimension's weight.
- Level actions: for each dimension, the actions written for moving from the
  organisation's current level to the next; priority = (target threshold - mean) x
  weight. Dimensions at or above target keep their next-level actions at the bottom
  (priority 0 or less), for organisations that want to go further.
- Finding actions: for each finding, the actions written for that finding (and for its
  dimension, when the action names one); priority = the finding's severity (see
  `gaps.Finding`) x the weight of its dimension (1 when it has none).
Ties keep the model's order. An action chosen for several reasons appears once, at its
highest priority, with every reason listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.gaps import Finding, findings, gaps_to_target
from assessment.model import Action, Questionnaire
from assessment.scoring import Scores


@dataclass(frozen=True)
class Recommendation:
    """An action from the model's library, why it was chosen, and its priority."""

    action: Action
    priority: float
    reasons: list[str] = field(default_factory=list)
    dimension: str | None = None
    finding: str | None = None


def _level_name(q: Questionnaire, level: int, language: str | None) -> str:
    return q.t(q.levels[level - 1].name, language)


def _finding_reason(q: Questionnaire, f: Finding, language: str | None) -> str:
    dim = q.t(q.dimension(f.dimension).name, language).lower() if f.dimension else None
    where = _where(q, f, language)
    if f.kind == "perception_gap":
        return (
            f"leaders rate {dim} {f.detail['difference']:+.1f} points "
            f"({f.detail['leadership_mean']:.1f} vs {f.detail['frontline_mean']:.1f}) "
            "compared with front-line staff"
        )
    if f.kind == "low_consensus":
        return f"answers on {dim} are widely spread{where} (agreement rwg {f.detail['rwg']:.2f})"
    if f.kind == "dont_know":
        return f'{f.detail["share"]:.0%} of answers on {dim}{where} are "don\'t know"'
    if f.grouping == "role":
        return f"fewer than {f.detail['below_threshold']} responses{where}"
    return (
        f"only {f.detail['responses']} of {f.detail['head_count']} people responded{where} "
        f"({f.detail['rate']:.0%})"
    )


def _where(q: Questionnaire, f: Finding, language: str | None) -> str:
    if f.grouping == "role" and f.role:
        return f" from {q.t(q.role(f.role).name, language)}"
    if f.grouping == "team" and f.team:
        return f" in team {f.team}"
    return ""


def recommend(
    scores: Scores,
    found: list[Finding] | None = None,
    *,
    language: str | None = None,
    limit: int | None = None,
) -> list[Recommendation]:
    """The model's actions that fit these results, highest priority first."""
    q = scores.questionnaire
    found = findings(scores) if found is None else found
    chosen: dict[str, Recommendation] = {}
    order = {a.id: n for n, a in enumerate(q.actions)}

    def add(
        action: Action, priority: float, reason: str, dim: str | None, kind: str | None
    ) -> None:
        earlier = chosen.get(action.id)
        if earlier is None:
            chosen[action.id] = Recommendation(action, priority, [reason], dim, kind)
        else:
            chosen[action.id] = Recommendation(
                action,
                max(priority, earlier.priority),
                [*earlier.reasons, reason],
                earlier.dimension,
                earlier.finding,
            )

    for gap in gaps_to_target(scores, "organisation"):
        if gap.level >= q.scale_max:
            continue
        weight = q.dimension(gap.dimension).weight
        name = q.t(q.dimension(gap.dimension).name, language)
        if gap.below_target:
            reason = (
                f"{name} is at level {gap.level} ({_level_name(q, gap.level, language)}),"
                f" target {gap.target}"
            )
        else:
            reason = f"{name} is at level {gap.level}, at or above its target {gap.target}"
        for action in q.actions:
            if action.when.dimension == gap.dimension and action.when.from_level == gap.level:
                add(action, gap.gap_points * weight, reason, gap.dimension, None)

    for f in found:
        weight = q.dimension(f.dimension).weight if f.dimension else 1.0
        reason = _finding_reason(q, f, language)
        for action in q.actions:
            when = action.when
            if when.finding != f.kind:
                continue
            if when.dimension is not None and when.dimension != f.dimension:
                continue
            add(action, f.severity * weight, reason, f.dimension, f.kind)

    ranked = sorted(chosen.values(), key=lambda r: (-r.priority, order[r.action.id]))
    return ranked[:limit] if limit is not None else ranked
