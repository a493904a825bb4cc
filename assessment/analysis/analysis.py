"""The full gap analysis of one assessment, in one call: what every screen, report and
`gapmap score` read. Everything in it has passed the anonymity rules already."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from assessment.analysis import releases
from assessment.analysis.actions import Recommendation, recommend
from assessment.analysis.evidence import EvidenceView, evidence_view, reality_gap_findings
from assessment.analysis.gaps import (
    Barrier,
    Finding,
    Gap,
    PerceptionGap,
    findings,
    first_barriers,
    gaps_to_target,
    perception_gaps,
    response_rates,
)
from assessment.analysis.scoring import GroupResult, Overall, Scores, remainders
from assessment.organisation.assessments import Assessment, waves
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

# A workshop's held results as Scores (`workshop.held_scores`): the trend's workshop
# waves. The caller passes it in, so analysis never imports the workshop module above it.
HeldScores = Callable[[Store, Assessment, Questionnaire, str], Scores]


@dataclass(frozen=True)
class Wave:
    """One wave of a repeated assessment: its organisation-level results."""

    wave: int
    assessment_id: str
    name: str
    respondents: int
    overall: Overall
    dimensions: list[GroupResult]
    # "survey", or "workshop": a live workshop's pulse answers, compared as a wave of
    # their own (placed after its assessment's survey wave).
    kind: str = "survey"


def trend(
    store: Store,
    assessment_id: str,
    current: Scores | None = None,
    held: HeldScores | None = None,
) -> list[Wave]:
    """Every wave of the assessment's series, first first, each scored on its own (waves
    are different people, so no wave can be recovered from another). `current`, the
    assessment's own scores when already computed, is reused. With `held`, each ended
    workshop of the series follows its assessment as a wave of its own."""
    out = []
    series = waves(store, assessment_id)
    ended = (
        store.cursor()
        .execute(
            "SELECT assessment_id, id, title FROM workshops"
            " WHERE list_contains(?, assessment_id) AND ended_at IS NOT NULL"
            " ORDER BY started_at, id",
            [[a.id for a in series]],
        )
        .fetchall()
    )
    for earlier in series:
        if current is not None and earlier.id == current.assessment.id:
            scores = current
        else:
            scores = releases.current(store, earlier.id).scores
        out.append(
            Wave(
                earlier.wave,
                earlier.id,
                earlier.name,
                scores.respondents,
                scores.overall_of("organisation"),
                scores.of("organisation"),
            )
        )
        q = scores.questionnaire
        for of_assessment, workshop_id, title in ended:
            if held is None or of_assessment != earlier.id:
                continue
            # The workshop's held results (what its screen and summary showed), never
            # a recount of its final answers.
            room = held(store, earlier, q, workshop_id)
            if room.respondents == 0:
                continue
            out.append(
                Wave(
                    earlier.wave,
                    earlier.id,
                    title,
                    room.respondents,
                    room.overall_of("organisation"),
                    room.of("organisation"),
                    kind="workshop",
                )
            )
    return out


@dataclass(frozen=True)
class Analysis:
    scores: Scores
    gaps: list[Gap]
    perception: list[PerceptionGap]
    perception_by_team: list[PerceptionGap]
    findings: list[Finding]
    barriers: list[Barrier]
    actions: list[Recommendation]
    response_rates: list[dict[str, Any]] = field(default_factory=list)
    waves: list[Wave] = field(default_factory=list)
    # per view (grouping): the share of people whose group is hidden in this release
    information_loss: dict[str, float] = field(default_factory=dict)
    # "other roles" per perspective and "other teams": the hidden groups together
    remainders: list[GroupResult] = field(default_factory=list)
    # what the CRM's own records show, beside what people say (analysis/evidence.py)
    evidence: EvidenceView = field(default_factory=EvidenceView)

    def to_json(self, language: str | None = None) -> dict[str, Any]:
        """A JSON-ready summary (the shape `gapmap score --json` prints)."""
        s = self.scores
        q = s.questionnaire
        overall = s.overall_of("organisation")
        return {
            "assessment_id": s.assessment.id,
            "assessment": s.assessment.name,
            # Level numbers below are positions 1..N; a model numbered from 0 shows
            # each as position - 1 (`first_level`).
            "questionnaire": {
                "id": q.id,
                "version": q.version,
                "first_level": q.first_level,
                "thresholds": list(q.thresholds),
            },
            "anonymity_threshold": s.k,
            "release": s.release,
            "respondents": s.respondents,
            "information_loss": dict(self.information_loss),
            "overall": asdict(overall),
            "targets": dict(s.assessment.targets),
            "dimensions": [
                {
                    "id": dim.id,
                    "name": q.t(dim.name, language),
                    "weight": dim.weight,
                    "target": s.assessment.targets.get(dim.id),
                    "groups": [r.as_dict() for r in s.results if r.dimension == dim.id],
                }
                for dim in q.dimensions
            ],
            "overall_by_group": [asdict(o) for o in s.overall],
            # The model's areas (none unless it groups its dimensions), each group's
            # score on each: hidden wherever one of the area's dimensions is.
            "areas": [
                {
                    "id": area.id,
                    "name": q.t(area.name, language),
                    "weight": area.weight,
                    "dimensions": list(area.dimensions),
                    "groups": [asdict(r) for r in s.areas if r.area == area.id],
                }
                for area in q.areas
            ],
            "other_groups": [r.as_dict() for r in self.remainders],
            "perception_gaps": [asdict(p) for p in self.perception],
            "perception_gaps_by_team": [asdict(p) for p in self.perception_by_team],
            "findings": [asdict(f) for f in self.findings],
            "evidence": self.evidence.to_json(),
            "first_barriers": [asdict(b) for b in self.barriers],
            "response_rates": self.response_rates,
            "waves": [
                {
                    "wave": w.wave,
                    "kind": w.kind,
                    "assessment_id": w.assessment_id,
                    "name": w.name,
                    "respondents": w.respondents,
                    "overall": asdict(w.overall),
                    "dimensions": [r.as_dict() for r in w.dimensions],
                }
                for w in self.waves
            ],
            "actions": [
                {
                    "rank": n,
                    "id": r.action.id,
                    "title": q.t(r.action.title, language),
                    "owner": r.action.owner,
                    "effort": r.action.effort,
                    "impact": r.action.impact,
                    "priority": round(r.priority, 4),
                    "dimension": r.dimension,
                    "finding": r.finding,
                    "reasons": r.reasons,
                }
                for n, r in enumerate(self.actions, start=1)
            ],
        }


def analyse(
    store: Store,
    assessment_id: str,
    *,
    language: str | None = None,
    with_trend: bool = True,
    held: HeldScores | None = None,
) -> Analysis:
    """Score, compare with the target, find the perception gap, rank the actions, and
    line the assessment up with its earlier waves (and, with `held`, its ended
    workshops): all from the current release, so every figure has passed disclosure
    control and moves only in steps of k people."""
    release = releases.current(store, assessment_id)
    scores = release.scores
    rates = response_rates(scores, release.people, release.reasons)
    hidden_roles = {
        key[1]: reason
        for (grouping, key), reason in release.reasons.items()
        if grouping == "role" and key[1] is not None
    }
    found = findings(scores, rates, hidden_roles)
    evidence = evidence_view(store, scores)
    found = sorted([*found, *reality_gap_findings(evidence)], key=lambda f: -f.severity)
    return Analysis(
        scores=scores,
        gaps=gaps_to_target(scores),
        perception=perception_gaps(scores),
        perception_by_team=perception_gaps(scores, by_team=True),
        findings=found,
        barriers=first_barriers(scores, "team") + first_barriers(scores, "organisation"),
        actions=recommend(scores, found, language=language),
        response_rates=rates,
        waves=trend(store, assessment_id, scores, held) if with_trend else [],
        information_loss=release.information_loss,
        remainders=remainders(scores),
        evidence=evidence,
    )
