"""What the CRM's records show, revealed on the workshop screen one dimension at a time.

After the room has answered a dimension, the facilitator can put the assessment's CRM
evidence for it (`analysis/evidence.py`) beside the room's level. Which dimensions are
revealed is kept per workshop (`workshop_evidence`), not in the browser's session: the
projector's screen and a reloaded presenter's screen show the same, and each reveal or
hide is audited. The figures are the evidence view's, so the disclosure rules hold: the
organisation's figure only when `disclosure.evidence_hidden` lets it through, a team's
only where it does (never a team below k users, nor one the survey results hide).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import duckdb

from assessment.analysis import releases
from assessment.analysis.evidence import EvidenceFigure, evidence_view
from assessment.collect.workshop import Workshop, WorkshopError, dimension_names
from assessment.organisation import audit
from assessment.organisation.assessments import Assessment, questionnaire_of, utcnow
from assessment.organisation.auth import Actor
from assessment.storage.store import Store


@dataclass(frozen=True)
class WorkshopEvidence:
    """One dimension's CRM evidence on the workshop screen. `available`: the assessment
    has evidence for it; `revealed`: the facilitator has revealed it. The figures are
    set only once revealed: `level` (None: hidden or none) is the organisation's level,
    the mean of its shown indicators' levels rounded down, `organisation` their figures,
    `teams` the team figures disclosure control lets through, each with its team's name."""

    dimension_id: str
    available: bool
    revealed: bool
    level: int | None = None
    organisation: tuple[EvidenceFigure, ...] = ()
    teams: tuple[tuple[str, EvidenceFigure], ...] = ()


def revealed_dimensions(store: Store, workshop_id: str) -> set[str]:
    """The dimensions whose evidence this workshop has revealed."""
    rows = (
        store.cursor()
        .execute("SELECT dimension_id FROM workshop_evidence WHERE workshop_id = ?", [workshop_id])
        .fetchall()
    )
    return {str(r[0]) for r in rows}


def _available(store: Store, assessment: Assessment, indicators: list[str]) -> bool:
    if not indicators:
        return False
    marks = ", ".join("?" for _ in indicators)
    row = (
        store.cursor()
        .execute(
            f"SELECT count(*) FROM evidence WHERE assessment_id = ? AND indicator IN ({marks})",  # noqa: S608 - placeholders only
            [assessment.id, *indicators],
        )
        .fetchone()
    )
    return bool(row and row[0])


def dimension_evidence(
    store: Store, workshop_id: str, assessment: Assessment, dimension_id: str
) -> WorkshopEvidence:
    """The dimension's evidence as the workshop screen may show it (figures only once
    revealed, and only those the disclosure rules let through)."""
    q = questionnaire_of(store, assessment)
    specs = [e for e in q.evidence if e.dimension == dimension_id]
    if not _available(store, assessment, [e.indicator for e in specs]):
        return WorkshopEvidence(dimension_id, available=False, revealed=False)
    if dimension_id not in revealed_dimensions(store, workshop_id):
        return WorkshopEvidence(dimension_id, available=True, revealed=False)
    view = evidence_view(store, releases.current(store, assessment.id).scores)
    ids = {e.id for e in specs}
    shown = [f for f in view.figures if f.evidence_id in ids and f.level is not None]
    organisation = tuple(f for f in shown if f.team is None)
    names = {t.id: t.name for t in assessment.teams}
    level = (
        math.floor(sum(f.level or 0 for f in organisation) / len(organisation) + 1e-9)
        if organisation
        else None
    )
    return WorkshopEvidence(
        dimension_id,
        available=True,
        revealed=True,
        level=level,
        organisation=organisation,
        teams=tuple((names.get(f.team, f.team), f) for f in shown if f.team is not None),
    )


def set_evidence_revealed(
    store: Store,
    workshop: Workshop,
    assessment: Assessment,
    dimension_id: str,
    revealed: bool,
    *,
    by: Actor,
) -> None:
    """Reveal (or hide again) a dimension's CRM evidence on the workshop screen; audited."""
    if not workshop.running:
        raise WorkshopError("workshop-ended")
    q = questionnaire_of(store, assessment)
    if dimension_id not in {d.id for d in q.dimensions}:
        raise WorkshopError("unknown-dimension", dimension=dimension_id)

    workshop_id, now = workshop.id, utcnow()

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "DELETE FROM workshop_evidence WHERE workshop_id = ? AND dimension_id = ?",
            [workshop_id, dimension_id],
        )
        if revealed:
            cur.execute(
                "INSERT INTO workshop_evidence (workshop_id, dimension_id, revealed_at)"
                " VALUES (?, ?, ?)",
                [workshop_id, dimension_id, now],
            )
        kind = audit.WorkshopEvidenceRevealed if revealed else audit.WorkshopEvidenceHidden
        audit.record(
            cur,
            by,
            kind(
                organisation_id=assessment.organisation_id,
                assessment_id=assessment.id,
                title=workshop.title,
                dimension_ids=(dimension_id,),
                dimension_names=dimension_names(q, [dimension_id]),
            ),
        )

    store.write(write)
