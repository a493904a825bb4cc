"""Gap analysis: distance to target, the perception gap, and the findings that follow.

- Gap to target, per dimension and group: in levels (target - current level) and in
  score points (the target level's threshold - the mean), so a group just below a
  threshold shows a small gap rather than a whole level.
- Perception gap, per dimension: the leadership perspective's mean minus the front
  line's, on core items only (identical questions), with Cohen's d (pooled sd) as the
  effect size. Shown only when both sides reach the anonymity threshold.
- Lagging group, per team or role and dimension: the group's mean minus the rest of
  the organisation's (the organisation minus the group, from published sums), with
  Cohen's d and a Welch interval.
- Findings: a large perception gap, a lagging group, low consensus (rwg below 0.5
  within a perspective), many "don't know" answers (a fifth or more), low response (a
  team under half its head-count). Findings that are estimates (perception gap, lagging
  group, consensus) carry their interval in `detail` and fire only when the interval
  clears the threshold, not merely the point estimate (`uncertainty`).
- First barrier: per group, a dimension on which the group lags the rest of the
  organisation and is below target comes first (the rest of the organisation does not
  share it: it is this group's own barrier); otherwise the first dimension below target
  in the model's order (purpose -> ownership -> communication -> training -> time):
  without a shared purpose, clear ownership does not stick, and so on down the line.

Every finding is computed from the release's published figures only (n, mean, sd of
shown groups), so it says nothing the release does not already say.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from assessment.analysis import disclosure
from assessment.analysis.scoring import GroupResult, Scores, rest_of
from assessment.analysis.uncertainty import rwg_upper, welch

# Every interval a finding is judged on is a 95% interval, and a finding fires only when
# the whole interval clears its threshold. Differences (perception gap, lagging group)
# use simultaneous intervals over every comparison of their kind (Bonferroni), so with
# nothing going on a kind fires by chance in at most about 1 organisation in 20; rwg's
# upper bound is one-sided per group (a group is tested against 0.5, which groups that
# merely vary, at rwg 0.7 to 0.9, are nowhere near).
CONFIDENCE = 0.95
# A perception gap counts as a finding from half a point and a medium effect size, and
# when the 95% Welch interval of the difference excludes 0.
PERCEPTION_GAP_POINTS = 0.5
PERCEPTION_GAP_EFFECT = 0.5
# A lagging group: its mean at least 0.5 points below the rest of the organisation's
# (more than half a level's width on the default model, where levels are 0.8 apart:
# a difference people notice and can act on) ...
LAGGING_POINTS = 0.5
# ... by at least a medium effect, Cohen's d >= 0.5 (half a pooled sd: the two groups
# overlap by less than about two thirds, not a shift lost in everyone's spread) ...
LAGGING_EFFECT = 0.5
# ... and with the 95% Welch interval of the difference wholly below 0 (not noise of a
# small group). Teams and roles are compared; their rest is the organisation minus them.
LAGGING_GROUPINGS = ("team", "role")
# rwg below 0.5: answers are spread more than halfway to random; the group disagrees.
# Judged on rwg's 95% upper confidence bound, and within each perspective: leaders and
# front-line staff differ by design, which is the perception gap, not disagreement.
LOW_CONSENSUS_RWG = 0.5
# A fifth or more "don't know" answers: people lack the information to judge.
DONT_KNOW_SHARE = 0.2
# A team where fewer than half of the people answered.
LOW_RESPONSE_RATE = 0.5

FindingKind = Literal[
    "perception_gap", "lagging_group", "low_consensus", "dont_know", "low_response", "reality_gap"
]


@dataclass(frozen=True)
class Gap:
    """A visible group's distance to the target on one dimension."""

    grouping: str
    role: str | None
    team: str | None
    perspective: str | None
    dimension: str
    target: int
    level: int
    mean: float
    gap_levels: int
    gap_points: float

    @property
    def below_target(self) -> bool:
        return self.level < self.target


@dataclass(frozen=True)
class PerceptionGap:
    """Leadership minus front line on one dimension's core items (None = suppressed)."""

    dimension: str
    team: str | None
    suppressed: bool
    leadership_mean: float | None = None
    frontline_mean: float | None = None
    leadership_n: int | None = None
    frontline_n: int | None = None
    difference: float | None = None
    effect_size: float | None = None
    reason: str | None = None  # why hidden (disclosure.REASONS)
    # the Welch interval of the difference (simultaneous 95% over the dimensions compared)
    ci_low: float | None = None
    ci_high: float | None = None

    @property
    def clear(self) -> bool:
        """Shown, and its interval excludes 0: the two sides differ, not by chance."""
        return (
            not self.suppressed
            and self.ci_low is not None
            and self.ci_high is not None
            and (self.ci_low > 0 or self.ci_high < 0)
        )

    @property
    def large(self) -> bool:
        """Half a point or more, a medium effect, and an interval that excludes 0."""
        return (
            self.clear
            and self.difference is not None
            and abs(self.difference) >= PERCEPTION_GAP_POINTS
            and self.effect_size is not None
            and abs(self.effect_size) >= PERCEPTION_GAP_EFFECT
        )


@dataclass(frozen=True)
class Finding:
    """Something in the results that calls for its own action."""

    kind: FindingKind
    dimension: str | None
    grouping: str
    role: str | None
    team: str | None
    severity: float  # roughly in score points, so it ranks beside gaps to target
    detail: dict[str, Any]


@dataclass(frozen=True)
class Barrier:
    """A group's first dimension below target, in the model's order."""

    grouping: str
    role: str | None
    team: str | None
    dimension: str | None  # None: every dimension meets its target


def target_score(scores: Scores, level: int) -> float:
    """The score at which `level` is reached (the level's threshold)."""
    return scores.questionnaire.levels[level - 1].threshold


def gaps_to_target(scores: Scores, grouping: str | None = None) -> list[Gap]:
    """Gap to target for every visible group (or one grouping's groups)."""
    out = []
    for r in scores.results:
        if r.suppressed or r.mean is None or r.level is None:
            continue
        if grouping is not None and r.grouping != grouping:
            continue
        target = scores.assessment.targets.get(r.dimension, scores.questionnaire.scale_max)
        out.append(
            Gap(
                r.grouping,
                r.role,
                r.team,
                r.perspective,
                r.dimension,
                target,
                r.level,
                r.mean,
                target - r.level,
                target_score(scores, target) - r.mean,
            )
        )
    return out


def _comparable(lead: GroupResult, front: GroupResult) -> bool:
    return not (
        lead.suppressed
        or front.suppressed
        or lead.core_mean is None
        or front.core_mean is None
        or not lead.core_n
        or not front.core_n
    )


def _perception(
    dimension: str, team: str | None, lead: GroupResult, front: GroupResult, confidence: float
) -> PerceptionGap:
    if (
        not _comparable(lead, front)
        or lead.core_mean is None
        or front.core_mean is None
        or not lead.core_n
        or not front.core_n
    ):
        reasons = [r.reason for r in (lead, front) if r.suppressed]
        reason = "below_k" if "below_k" in reasons else (reasons[0] if reasons else "empty")
        return PerceptionGap(dimension, team, suppressed=True, reason=reason)
    difference = lead.core_mean - front.core_mean
    n1, n2 = lead.core_n, front.core_n
    s1, s2 = lead.core_sd or 0.0, front.core_sd or 0.0
    pooled = math.sqrt(((n1 - 1) * s1**2 + (n2 - 1) * s2**2) / max(n1 + n2 - 2, 1))
    effect = difference / pooled if pooled > 0 else None
    interval = welch(n1, lead.core_mean, s1, n2, front.core_mean, s2, confidence)
    return PerceptionGap(
        dimension,
        team,
        suppressed=False,
        leadership_mean=lead.core_mean,
        frontline_mean=front.core_mean,
        leadership_n=n1,
        frontline_n=n2,
        difference=difference,
        effect_size=effect,
        ci_low=interval.ci_low if interval else None,
        ci_high=interval.ci_high if interval else None,
    )


def perception_gaps(scores: Scores, *, by_team: bool = False) -> list[PerceptionGap]:
    """Leadership minus front line per dimension (per team and dimension with `by_team`).
    The intervals are simultaneous 95% intervals over the dimensions (and teams)
    compared (Bonferroni), so a gap found by chance somewhere stays about a 1 in 20 event
    per organisation, not per dimension."""
    grouping = "perspective_team" if by_team else "perspective"
    teams: list[str | None] = [t.id for t in scores.assessment.teams] if by_team else [None]
    pairs: list[tuple[str, str | None, GroupResult, GroupResult] | tuple[str, str | None]] = []
    for team in teams:
        for dim in scores.questionnaire.dimensions:
            try:
                lead = scores.get(grouping, dim.id, perspective="leadership", team=team)
                front = scores.get(grouping, dim.id, perspective="frontline", team=team)
            except KeyError:  # the model has only one perspective
                pairs.append((dim.id, team))
                continue
            pairs.append((dim.id, team, lead, front))
    compared = sum(1 for p in pairs if len(p) == 4 and _comparable(p[2], p[3]))
    confidence = 1 - (1 - CONFIDENCE) / max(1, compared)
    out = []
    for pair in pairs:
        if len(pair) == 2:
            out.append(PerceptionGap(pair[0], pair[1], suppressed=True))
        else:
            out.append(_perception(*pair, confidence))
    return out


def response_rates(
    scores: Scores, people: Mapping[tuple[str, Any], int], reasons: Mapping[tuple[str, Any], str]
) -> list[dict[str, Any]]:
    """Responses per team against its head-count, for the teams the release shows
    (`people`: released head-counts per group). A hidden team shows no count, no rate
    and no low-response flag, only why it is hidden (`reason`): a flag or a rate would
    narrow down the count it hides."""
    out = []
    for team in scores.assessment.teams:
        name = ("team", (None, None, team.id))
        n = people.get(name)
        rate = n / team.head_count if n is not None and team.head_count else None
        out.append(
            {
                "team": team.id,
                "responses": n,
                "head_count": team.head_count,
                "rate": rate,
                "suppressed": n is None,
                "reason": None if n is not None else reasons.get(name, "below_k"),
                "low_response": rate is not None and rate < LOW_RESPONSE_RATE,
            }
        )
    return out


def lagging_groups(scores: Scores) -> list[Finding]:
    """Teams and roles far below the rest on a dimension: at least `LAGGING_POINTS`
    below, by `LAGGING_EFFECT` or more, with the 95% Welch interval of the difference
    below 0. A team's rest is the organisation minus the team; a role's is the other
    roles of its perspective (against the whole organisation, the front line's roles
    would only repeat the perception gap). Only groups shown with this release's figures
    are compared, against their parent minus them (`scoring.rest_of`), so a hidden group
    is never named and the rest is never a group the release does not already give away."""
    parents = {
        (r.grouping, r.perspective, r.dimension): r
        for r in scores.results
        if r.grouping in ("organisation", "perspective")
    }
    compared: list[tuple[str, GroupResult, tuple[int, float, float]]] = []
    for grouping in LAGGING_GROUPINGS:
        for group in scores.of(grouping):
            parent = (
                parents.get(("perspective", group.perspective, group.dimension))
                if grouping == "role"
                else parents.get(("organisation", None, group.dimension))
            )
            rest = rest_of(parent, group) if parent is not None else None
            if rest is not None and disclosure.comparable_rest(rest[0], scores.k):
                compared.append((grouping, group, rest))
    # Simultaneous intervals (Bonferroni): every shown team and role is compared on
    # every dimension, so with no real difference anywhere, the chance that any of them
    # is named by chance stays about 1 - CONFIDENCE per organisation.
    confidence = 1 - (1 - CONFIDENCE) / max(1, len(compared))
    out: list[Finding] = []
    for grouping, group, (rest_n, rest_mean, rest_sd) in compared:
        if group.n is None or group.mean is None:
            continue
        diff = welch(group.n, group.mean, group.sd or 0.0, rest_n, rest_mean, rest_sd, confidence)
        if (
            diff is None
            or diff.difference > -LAGGING_POINTS
            or diff.effect_size is None
            or diff.effect_size > -LAGGING_EFFECT
            or diff.ci_high >= 0
        ):
            continue
        target = scores.assessment.targets.get(group.dimension, scores.questionnaire.scale_max)
        # how urgent: the group's own distance to target, at least how far it lags
        severity = max(-diff.difference, target_score(scores, target) - group.mean)
        out.append(
            Finding(
                "lagging_group",
                group.dimension,
                grouping,
                group.role,
                group.team,
                severity,
                {
                    "difference": diff.difference,
                    "effect_size": diff.effect_size,
                    "ci_low": diff.ci_low,
                    "ci_high": diff.ci_high,
                    "mean": group.mean,
                    "n": group.n,
                    "rest_mean": rest_mean,
                    "rest_n": rest_n,
                    "level": group.level,
                    "perspective": group.perspective,
                    "confidence": confidence,
                    "comparisons": len(compared),
                },
            )
        )
    return out


# Where consensus is judged: each perspective of the organisation, each perspective of a
# team, each role (a role lies in one perspective). The finding names the group above.
_CONSENSUS_WITHIN = {"perspective": "organisation", "perspective_team": "team", "role": "role"}


def low_consensus(scores: Scores) -> list[Finding]:
    """Groups whose people disagree: rwg's 95% upper bound (`uncertainty.rwg_upper`)
    below `LOW_CONSENSUS_RWG` within one perspective. A team of leaders and front-line
    staff who each agree among themselves but differ from each other is not low in
    consensus (that is a perception gap); a team whose perspective groups are hidden is
    not judged."""
    out: list[Finding] = []
    for within, grouping in _CONSENSUS_WITHIN.items():
        for r in scores.of(within):
            if r.suppressed or r.n is None or r.sd is None or r.rwg is None:
                continue
            upper = rwg_upper(r.n, r.sd, scores.questionnaire.scale_max, CONFIDENCE)
            if upper is None or upper >= LOW_CONSENSUS_RWG:
                continue
            out.append(
                Finding(
                    "low_consensus",
                    r.dimension,
                    grouping,
                    r.role,
                    r.team,
                    (LOW_CONSENSUS_RWG - r.rwg) * 2,
                    {
                        "rwg": r.rwg,
                        "rwg_upper": upper,
                        "sd": r.sd,
                        "n": r.n,
                        "perspective": r.perspective,
                    },
                )
            )
    return out


def findings(
    scores: Scores,
    rates: list[dict[str, Any]] | None = None,
    roles: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every finding, most severe first. `roles` (why a role is hidden, by role id) adds
    a low-response finding for each role hidden because it has fewer than k responses."""
    out: list[Finding] = []
    for gap in perception_gaps(scores):
        if gap.large and gap.difference is not None:
            out.append(
                Finding(
                    "perception_gap",
                    gap.dimension,
                    "perspective",
                    None,
                    None,
                    abs(gap.difference),
                    {
                        "difference": gap.difference,
                        "effect_size": gap.effect_size,
                        "ci_low": gap.ci_low,
                        "ci_high": gap.ci_high,
                        "leadership_mean": gap.leadership_mean,
                        "frontline_mean": gap.frontline_mean,
                    },
                )
            )
    out += lagging_groups(scores)
    out += low_consensus(scores)
    for r in scores.results:
        if r.suppressed or r.grouping not in ("organisation", "role", "team"):
            continue
        if r.dont_know_share is not None and r.dont_know_share >= DONT_KNOW_SHARE:
            out.append(
                Finding(
                    "dont_know",
                    r.dimension,
                    r.grouping,
                    r.role,
                    r.team,
                    r.dont_know_share * 2,
                    {"share": r.dont_know_share, "n": r.n},
                )
            )
    for role in scores.questionnaire.roles if roles is not None else []:
        if roles is not None and roles.get(role.id) == "below_k":
            out.append(
                Finding(
                    "low_response",
                    None,
                    "role",
                    role.id,
                    None,
                    0.5,
                    {"below_threshold": scores.k},
                )
            )
    for rate in rates or []:
        if rate["low_response"] and rate["rate"] is not None:
            shown_rate = rate["rate"]
            out.append(
                Finding(
                    "low_response",
                    None,
                    "team",
                    None,
                    rate["team"],
                    (LOW_RESPONSE_RATE - shown_rate) * 2,
                    dict(rate),
                )
            )
    return sorted(out, key=lambda f: -f.severity)


def first_barriers(scores: Scores, grouping: str = "team") -> list[Barrier]:
    """Per group of `grouping` (all its dimensions visible): the first dimension below
    target on which the group lags the rest of the organisation (`lagging_groups`), else
    the first dimension below target in the model's order."""
    order = [d.id for d in scores.questionnaire.dimensions]
    lagging = {
        (f.role, f.team, f.dimension) for f in lagging_groups(scores) if f.grouping == grouping
    }
    by_group: dict[tuple[str | None, str | None], dict[str, Gap]] = {}
    for gap in gaps_to_target(scores, grouping):
        by_group.setdefault((gap.role, gap.team), {})[gap.dimension] = gap
    out = []
    for (role, team), dims in by_group.items():
        if set(dims) != set(order):
            continue  # some dimension suppressed: no claim about this group
        own = [d for d in order if dims[d].below_target and (role, team, d) in lagging]
        first = next((d for d in own or order if dims[d].below_target), None)
        out.append(Barrier(grouping, role, team, first))
    return out
