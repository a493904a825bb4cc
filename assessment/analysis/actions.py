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
- A lagging group (a team or role far below the rest on a dimension) takes the
  dimension's level actions for the group's own level (the organisation's when the
  model has none for it), at its severity (the group's distance to target, at least how
  far it lags) x the weight: above the organisation's own actions for that dimension,
  with the group named in the reason.
Ties keep the model's order. An action chosen for several reasons appears once, at its
highest priority, with every reason listed, the reason of the highest priority first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment import words
from assessment.analysis.gaps import Finding, findings, gaps_to_target
from assessment.analysis.scoring import Scores
from assessment.questionnaire.model import Action, Questionnaire


@dataclass(frozen=True)
class Recommendation:
    """An action from the model's library, why it was chosen, and its priority."""

    action: Action
    priority: float
    reasons: list[str] = field(default_factory=list)
    dimension: str | None = None
    finding: str | None = None


# A difference between two means and the means themselves, in a finding's sentence: two
# decimals, as the report's perception table and summary give them. With one, a reader's
# own subtraction could disagree with the difference printed beside it ("1.0 points
# higher (3.8 vs 2.7)" for 3.77 against 2.72).
GAP_DIGITS = 2


def _reason(key: str, language: str, **params: object) -> str:
    # Reasons are written in the report's language; the figures are formatted for it too.
    return words.t(f"reason.{key}", language, **params)


def _level_name(q: Questionnaire, level: int, language: str | None) -> str:
    return q.t(q.levels[level - 1].name, language)


def finding_text(scores: Scores, f: Finding, language: str | None = None) -> str:
    """What a finding says, in one sentence of `language` (the model's by default)."""
    return _finding_reason(scores, f, language or scores.questionnaire.language)


def finding_sentence(scores: Scores, f: Finding, language: str) -> str:
    """A finding as a reader sees it listed: its sentence, capitalised, with its 95%
    interval where it has one, inside the sentence's closing brackets when it ends in
    some ("(3.77 vs 2.72; 95% interval 0.8 to 1.3)", not two brackets in a row)."""
    text = finding_text(scores, f, language)
    text = text[:1].upper() + text[1:]
    interval = finding_interval(f, language)
    if not interval:
        return text
    if text.endswith(")"):
        return f"{text[:-1]}; {interval})"
    return f"{text} ({interval})"


def finding_interval(f: Finding, language: str) -> str | None:
    """How sure a finding is, in words: the 95% interval of a difference (as a size, the
    way the finding states it), or how high agreement could be; None for a count."""
    d = f.detail
    if f.kind in ("perception_gap", "lagging_group") and d.get("ci_low") is not None:
        low, high = sorted((abs(d["ci_low"]), abs(d["ci_high"])))
        return _reason(
            "interval",
            language,
            low=words.number(low, language),
            high=words.number(high, language),
        )
    if f.kind == "low_consensus" and d.get("rwg_upper") is not None:
        return _reason("rwg_at_most", language, upper=words.number(d["rwg_upper"], language, 2))
    return None


def group_name(scores: Scores, f: Finding, language: str) -> str:
    """The team's name or the role's, for a finding about one."""
    q = scores.questionnaire
    if f.team:
        return next((t.name for t in scores.assessment.teams if t.id == f.team), f.team)
    return q.t(q.role(f.role).name, language) if f.role else ""


def _finding_reason(scores: Scores, f: Finding, language: str) -> str:
    q = scores.questionnaire
    dim = q.t(q.dimension(f.dimension).name, language) if f.dimension else ""
    where = ""
    if f.grouping == "role" and f.role:
        where = _reason("from_role", language, role=q.t(q.role(f.role).name, language))
    elif f.grouping == "team" and f.team:
        name = next((t.name for t in scores.assessment.teams if t.id == f.team), f.team)
        where = _reason("in_team", language, team=name)
    # German capitalises nouns: keep the dimension name as written there (in the middle of
    # an English sentence it is lower case)
    dim_lower = dim if language == "de" else dim.lower()
    d = f.detail
    if f.kind == "perception_gap":
        key = "perception_gap" if d["difference"] >= 0 else "perception_gap_below"
        return _reason(
            key,
            language,
            dim=dim_lower,
            diff=words.number(abs(d["difference"]), language, GAP_DIGITS),
            lead=q.score_text(d["leadership_mean"], language, GAP_DIGITS),
            front=q.score_text(d["frontline_mean"], language, GAP_DIGITS),
        )
    if f.kind == "lagging_group":
        return _reason(
            f"lagging_role_{d['perspective']}" if f.grouping == "role" else "lagging_group",
            language,
            group=group_name(scores, f, language),
            dim=dim_lower,
            diff=words.number(abs(d["difference"]), language, GAP_DIGITS),
            mean=q.score_text(d["mean"], language, GAP_DIGITS),
            rest=q.score_text(d["rest_mean"], language, GAP_DIGITS),
        )
    if f.kind == "low_consensus":
        perspective = d.get("perspective")
        among = (
            _reason(f"among_{perspective}", language)
            if perspective in ("leadership", "frontline") and f.grouping != "role"
            else ""
        )
        return _reason(
            "low_consensus",
            language,
            dim=dim_lower,
            where=where + among,
            rwg=words.number(d["rwg"], language, 2),
        )
    if f.kind == "dont_know":
        return _reason(
            "dont_know",
            language,
            dim=dim_lower,
            where=where,
            share=words.percent(d["share"], language),
        )
    if f.kind == "reality_gap":
        return _reason(
            "reality_gap",
            language,
            dim=dim_lower,
            where=where,
            said=scores.questionnaire.shown_level(d["said_level"]),
            shown=scores.questionnaire.shown_level(d["evidence_level"]),
        )
    if f.grouping == "role":
        return _reason("low_response_role", language, k=d["below_threshold"], where=where)
    return _reason(
        "low_response_team",
        language,
        responses=d["responses"],
        head_count=d["head_count"],
        where=where,
        rate=words.percent(d["rate"], language),
    )


def recommend(
    scores: Scores,
    found: list[Finding] | None = None,
    *,
    language: str | None = None,
    limit: int | None = None,
) -> list[Recommendation]:
    """The model's actions that fit these results, highest priority first."""
    q = scores.questionnaire
    language = language or q.language
    found = findings(scores) if found is None else found
    chosen: dict[str, Recommendation] = {}
    order = {a.id: n for n, a in enumerate(q.actions)}

    def add(
        action: Action, priority: float, reason: str, dim: str | None, kind: str | None
    ) -> None:
        earlier = chosen.get(action.id)
        if earlier is None:
            chosen[action.id] = Recommendation(action, priority, [reason], dim, kind)
        elif priority > earlier.priority:  # the weightiest reason first
            chosen[action.id] = Recommendation(
                action, priority, [reason, *earlier.reasons], dim, kind
            )
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
        reason = _reason(
            "below" if gap.below_target else "at",
            language,
            dim=name,
            level=q.shown_level(gap.level),
            level_name=_level_name(q, gap.level, language),
            target=q.shown_level(gap.target),
        )
        for action in q.actions:
            if action.when.dimension == gap.dimension and q.action_level(action.when) == gap.level:
                add(action, gap.gap_points * weight, reason, gap.dimension, None)

    levels = {g.dimension: g.level for g in gaps_to_target(scores, "organisation")}
    for f in found:
        weight = q.dimension(f.dimension).weight if f.dimension else 1.0
        reason = _finding_reason(scores, f, language)
        if f.kind == "lagging_group" and f.dimension is not None:
            own = [
                a
                for a in q.actions
                if a.when.dimension == f.dimension and a.when.from_level == f.detail["level"]
            ]
            for action in own or [
                a
                for a in q.actions
                if a.when.dimension == f.dimension and a.when.from_level == levels.get(f.dimension)
            ]:
                add(action, f.severity * weight, reason, f.dimension, f.kind)
            continue
        for action in q.actions:
            when = action.when
            if when.finding != f.kind:
                continue
            if when.dimension is not None and when.dimension != f.dimension:
                continue
            add(action, f.severity * weight, reason, f.dimension, f.kind)

    ranked = sorted(chosen.values(), key=lambda r: (-r.priority, order[r.action.id]))
    return ranked[:limit] if limit is not None else ranked
