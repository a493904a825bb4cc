"""The reality gap: what the CRM's own records show, beside what people say.

For each evidence indicator of the questionnaire (`questionnaire/evidence.py`) and each
team, the figure imported from the CRM (`collect/evidence.py`) is placed on the level
scale by the indicator's bands. A dimension's evidence level is the mean of its shown
indicators' levels, rounded down. Beside it stands the survey: the group's mean on that
dimension and the level it reaches. When what people say reaches at least
`REALITY_GAP_LEVELS` levels above what the records show, that is a `reality_gap` finding.

Every figure obeys the disclosure rules (`disclosure.evidence_hidden`): a team hidden in
the survey results is hidden here too, a figure from fewer than k users is not shown,
and the organisation's figure is hidden when it would give those away by subtraction.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from assessment.analysis import disclosure
from assessment.analysis.gaps import Finding
from assessment.analysis.scoring import GroupResult, Scores
from assessment.questionnaire.evidence import level_of
from assessment.questionnaire.model import EvidenceIndicator
from assessment.storage.store import Store

# A finding from one whole level between what people say and what the records show.
REALITY_GAP_LEVELS = 1


@dataclass(frozen=True)
class EvidenceFigure:
    """One indicator for one team (`team` None: the organisation). A hidden figure has
    no users, value or level, only its `reason` (`disclosure` words it)."""

    evidence_id: str
    indicator: str
    dimension: str
    team: str | None
    users: int | None = None
    value: float | None = None
    level: int | None = None
    reason: str | None = None


@dataclass(frozen=True)
class RealityGap:
    """A group's dimension: the survey's mean and level beside the records' level."""

    dimension: str
    team: str | None
    said_mean: float
    said_level: int
    evidence_level: int
    indicators: list[str]

    @property
    def gap(self) -> int:
        """Levels by which what people say exceeds what the records show."""
        return self.said_level - self.evidence_level

    @property
    def is_finding(self) -> bool:
        return self.gap >= REALITY_GAP_LEVELS


@dataclass(frozen=True)
class EvidenceView:
    """Everything a viewer may see of the assessment's evidence."""

    imported_at: datetime | None = None
    figures: list[EvidenceFigure] = field(default_factory=list)
    comparisons: list[RealityGap] = field(default_factory=list)

    def figure(self, evidence_id: str, team: str | None) -> EvidenceFigure | None:
        """The figure of one indicator for a team (None: the organisation), if imported."""
        return next(
            (f for f in self.figures if f.evidence_id == evidence_id and f.team == team), None
        )

    @property
    def findings(self) -> list[RealityGap]:
        """The comparisons where people say more than the records show."""
        return [c for c in self.comparisons if c.is_finding]

    def to_json(self) -> dict[str, Any]:
        """The shape `gapmap score --json` prints under "evidence"."""
        return {
            "imported_at": None if self.imported_at is None else self.imported_at.isoformat(),
            "figures": [asdict(f) for f in self.figures],
            "reality_gaps": [
                {**asdict(c), "gap": c.gap, "finding": c.is_finding} for c in self.comparisons
            ],
        }


def _said(scores: Scores, team: str | None, dimension: str) -> GroupResult | None:
    grouping = "organisation" if team is None else "team"
    for r in scores.results:
        if r.grouping == grouping and r.team == team and r.dimension == dimension:
            return r if not r.suppressed and r.mean is not None and r.level else None
    return None


def evidence_view(store: Store, scores: Scores) -> EvidenceView:
    """The assessment's evidence as a viewer may see it, and how it compares with the
    survey's released figures, per team and for the organisation."""
    q = scores.questionnaire
    rows = (
        store.cursor()
        .execute(
            "SELECT team_id, indicator, users, total, base, imported_at FROM evidence"
            " WHERE assessment_id = ? ORDER BY team_id, indicator",
            [scores.assessment.id],
        )
        .fetchall()
    )
    if not rows or not q.evidence:
        return EvidenceView(imported_at=rows[0][5] if rows else None)
    sums: dict[str, dict[str, tuple[int, float, float]]] = {}
    for team, indicator, users, total, base, _ in rows:
        sums.setdefault(str(indicator), {})[str(team)] = (int(users), float(total), float(base))
    survey_hidden = {
        r.team
        for r in scores.results
        if r.grouping == "team" and r.suppressed and r.team and r.reason != "empty"
    }
    order = [t.id for t in scores.assessment.teams]
    figures: list[EvidenceFigure] = []
    for spec in q.evidence:
        per_team = sums.get(spec.indicator, {})
        if not per_team:
            continue
        hidden, organisation = disclosure.evidence_hidden(
            {team: n for team, (n, _, _) in per_team.items()}, survey_hidden, scores.k
        )

        all_users = sum(n for n, _, _ in per_team.values())
        figures.append(
            _figure(
                spec,
                None,
                all_users,
                sum(t for _, t, _ in per_team.values()),
                sum(b for _, _, b in per_team.values()),
                organisation,
            )
        )
        for team in sorted(
            per_team, key=lambda t: (order.index(t) if t in order else len(order), t)
        ):
            users, total, base = per_team[team]
            figures.append(_figure(spec, team, users, total, base, hidden.get(team)))
    return EvidenceView(rows[0][5], figures, _compare(scores, figures))


def _figure(
    spec: EvidenceIndicator,
    team: str | None,
    users: int,
    total: float,
    base: float,
    reason: str | None,
) -> EvidenceFigure:
    """One indicator's figure for a group, on the level scale, or only why it is hidden."""
    if reason is not None:
        return EvidenceFigure(spec.id, spec.indicator, spec.dimension, team, reason=reason)
    value = total / base
    level = level_of(value, spec.bands, spec.direction)
    return EvidenceFigure(spec.id, spec.indicator, spec.dimension, team, users, value, level)


def _compare(scores: Scores, figures: list[EvidenceFigure]) -> list[RealityGap]:
    """Per group and dimension with shown evidence and a shown survey figure."""
    q = scores.questionnaire
    levels: dict[tuple[str | None, str], list[EvidenceFigure]] = {}
    for f in figures:
        if f.level is not None:
            levels.setdefault((f.team, f.dimension), []).append(f)
    out = []
    groups = [None, *[t.id for t in scores.assessment.teams]]
    for team in groups:
        for dim in q.dimensions:
            shown = levels.get((team, dim.id))
            said = _said(scores, team, dim.id)
            if not shown or said is None or said.mean is None or said.level is None:
                continue
            mean_level = sum(f.level or 0 for f in shown) / len(shown)
            out.append(
                RealityGap(
                    dim.id,
                    team,
                    said.mean,
                    said.level,
                    math.floor(mean_level + 1e-9),
                    [f.evidence_id for f in shown],
                )
            )
    return out


def reality_gap_findings(view: EvidenceView) -> list[Finding]:
    """A `reality_gap` finding for each group and dimension where people say at least
    one level more than the records show; severity in levels."""
    return [
        Finding(
            "reality_gap",
            c.dimension,
            "organisation" if c.team is None else "team",
            None,
            c.team,
            float(c.gap),
            {
                "said_mean": c.said_mean,
                "said_level": c.said_level,
                "evidence_level": c.evidence_level,
                "indicators": list(c.indicators),
            },
        )
        for c in view.findings
    ]
