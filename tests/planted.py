"""Organisations with planted problems, for the findings tests and bench/bench_findings.py.

They answer the engine model (tests/engine.py: purpose and time, roles `rep` on the
front line and `lead` in leadership). Every person has a latent score per dimension on
1..5: 3.0 + a person effect (sd 0.45, shared by both dimensions) + dimension noise (sd
0.35) + whatever is planted. Each item's answer is the option nearest to the latent
score plus item noise (sd 0.55), mirrored for the reverse-coded p3. A respondent's
dimension score then has an sd of about 0.65 around its team's mean.

What can be planted (all shifts in points on 1..5, before rounding to options):
- `lag`: one team shifted on one dimension (a lagging team);
- `gap`: the leadership role shifted on one dimension, everywhere (a perception gap);
- `split`: half of one team up and half down on one dimension (low consensus);
- `apart`: in one team, leaders up and front-line staff down on one dimension, each
  side agreeing among itself (a mixed-perspective team that is not split).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from assessment.analysis.analysis import Analysis, analyse
from assessment.analysis.gaps import Finding, findings
from assessment.analysis.scoring import score_assessment
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
)
from assessment.storage.store import Store
from tests.engine import ENGINE_YAML, Row, answer, engine_questionnaire

BASE = 3.0
PERSON_SD = 0.45
DIMENSION_SD = 0.35
ITEM_SD = 0.55


@dataclass(frozen=True)
class Plan:
    """An organisation: team sizes (id -> people), leaders per team, what is planted."""

    sizes: Mapping[str, int]
    leaders: float = 1 / 6  # share of each team answering as `lead`
    names: Mapping[str, str] = field(default_factory=dict)
    lag: tuple[str, str, float] | None = None  # (team, dimension, shift)
    gap: tuple[str, float] | None = None  # (dimension, leadership shift)
    split: tuple[str, str, float] | None = None  # (team, dimension, +-shift)
    apart: tuple[str, str, float] | None = None  # (team, dimension, +-shift by side)
    leaders_in: Mapping[str, float] = field(default_factory=dict)  # per-team override


def even(teams: int, size: int) -> dict[str, int]:
    """`teams` teams t0, t1, ... of `size` people each."""
    return {f"t{n}": size for n in range(teams)}


def _nearest(values: npt.NDArray[np.float64], points: Sequence[float]) -> npt.NDArray[np.intp]:
    """The index of the option nearest to each value."""
    grid = np.asarray(points, dtype=np.float64)
    nearest: npt.NDArray[np.intp] = np.abs(values[:, None] - grid[None, :]).argmin(axis=1)
    return nearest


def rows_of(plan: Plan, seed: int) -> list[Row]:
    """The planted organisation's responses, from a generator seeded with `seed`."""
    rng = np.random.default_rng(seed)
    rows: list[Row] = []
    for team, size in plan.sizes.items():
        share = plan.leaders_in.get(team, plan.leaders)
        lead = np.arange(size) < round(size * share)
        person = rng.normal(0, PERSON_SD, size)
        latent = {
            dim: BASE + person + rng.normal(0, DIMENSION_SD, size) for dim in ("purpose", "time")
        }
        if plan.lag and plan.lag[0] == team:
            latent[plan.lag[1]] += plan.lag[2]
        if plan.gap:
            latent[plan.gap[0]] += np.where(lead, plan.gap[1], 0.0)
        if plan.split and plan.split[0] == team:
            sign = np.where(np.arange(size) % 2 == 0, 1.0, -1.0)
            latent[plan.split[1]] += sign * plan.split[2]
        if plan.apart and plan.apart[0] == team:
            latent[plan.apart[1]] += np.where(lead, plan.apart[2], -plan.apart[2])

        purpose, time = latent["purpose"], latent["time"]
        p1 = _nearest(purpose + rng.normal(0, ITEM_SD, size), [1, 2, 3, 4, 5])
        # p2's scores 0 / .25 / .5 / 1 normalise to 1, 2, 3, 5; p3 is reverse-coded
        p2 = _nearest(purpose + rng.normal(0, ITEM_SD, size), [1, 2, 3, 5])
        p3 = _nearest(6 - purpose - rng.normal(0, ITEM_SD, size), [1, 2, 3, 4, 5])
        t1 = _nearest(time + rng.normal(0, ITEM_SD, size), [1 + s * 4 / 6 for s in range(7)])
        t2 = _nearest(time + rng.normal(0, ITEM_SD, size), [1, 2, 3, 4, 5])
        t3 = _nearest(time + rng.normal(0, ITEM_SD, size), [1, 2, 3, 4, 5])
        for n in range(size):
            answers = {"p1": int(p1[n]), "p2": int(p2[n]), "p3": int(p3[n])}
            answers |= {"t1": int(t1[n]), "t2": int(t2[n])}
            if not lead[n]:
                answers["t3"] = int(t3[n])
            rows.append(("lead" if lead[n] else "rep", team, answers))
    return rows


class Planted:
    """Planted organisations, each an assessment of its own in one in-memory store (a
    store takes a fifth of a second to set up; an assessment a few milliseconds)."""

    def __init__(self) -> None:
        self.store = Store()
        self.q = engine_questionnaire()
        self.organisation = create_organisation(self.store, "Planted")
        self.made = 0

    def assessment(
        self, plan: Plan, seed: int, *, k: int = 5, targets: dict[str, int] | None = None
    ) -> Assessment:
        """A new assessment answered by the organisation `plan` drawn with `seed`."""
        self.made += 1
        teams = [Team(t, plan.names.get(t, t), size + size // 4) for t, size in plan.sizes.items()]
        assessment = create_assessment(
            self.store,
            self.organisation,
            self.q,
            name=f"Planted {self.made}",
            teams=teams,
            anonymity_threshold=k,
            comment_threshold=max(k, 10),
            targets=targets or {"purpose": 4, "time": 4},
            source=ENGINE_YAML,
        )
        answer(self.store, assessment, self.q, rows_of(plan, seed))
        return assessment

    def analyse(self, plan: Plan, seed: int, **settings: Any) -> Analysis:
        """The full analysis (a release, findings, barriers, actions)."""
        assessment = self.assessment(plan, seed, **settings)
        return analyse(self.store, assessment.id, with_trend=False)

    def findings(self, plan: Plan, seed: int, **settings: Any) -> list[Finding]:
        """Only the findings, from the scores without a release (quicker)."""
        assessment = self.assessment(plan, seed, **settings)
        return findings(score_assessment(self.store, assessment.id))
