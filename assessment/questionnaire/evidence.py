"""The CRM's own records as evidence: the indicators a questionnaire may name, and how
an indicator's value is placed on the model's 1..N level scale.

A questionnaire's optional `evidence:` entries (`model.EvidenceIndicator`) each name one
indicator of `INDICATORS`, the dimension it speaks to, a direction, and N-1 bands: the
value at which each level from 2 to N begins. Pure data and arithmetic; the import
(`collect.evidence`) computes the values, the analysis (`analysis.evidence`) compares
them with what people say.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Final, Literal

from pydantic_core import PydanticCustomError

from assessment import errors

IndicatorId = Literal[
    "active_days",
    "logins",
    "records_touched",
    "open_deals",
    "stale_deal_share",
    "days_in_stage",
    "required_fields",
]
Direction = Literal["higher_is_better", "lower_is_better"]


@dataclass(frozen=True)
class IndicatorSpec:
    """One indicator: the range its value can take (None: unbounded above)."""

    id: str
    low: float
    high: float | None


# The documented set (docs/questionnaire-format.md, "Evidence"). Each is a team's figure:
# per user (active days, logins, records, open deals), per open deal (the share without
# activity, days in stage), or a share (required fields filled).
INDICATORS: Final[dict[str, IndicatorSpec]] = {
    spec.id: spec
    for spec in (
        IndicatorSpec("active_days", 0, 30),  # mean active days in the last 30, per user
        IndicatorSpec("logins", 0, None),  # mean logins in the last 30 days, per user
        IndicatorSpec("records_touched", 0, None),  # mean records created or updated, per user
        IndicatorSpec("open_deals", 0, None),  # mean open deals per user
        IndicatorSpec("stale_deal_share", 0, 1),  # open deals untouched for 30 days / open deals
        IndicatorSpec("days_in_stage", 0, None),  # mean days an open deal is in its stage
        IndicatorSpec("required_fields", 0, 1),  # share of required fields filled
    )
}


def _problem(code: str, *, variant: str = "", **params: object) -> PydanticCustomError:
    """A questionnaire problem for pydantic to collect (as `model._problem` makes them)."""
    key = f"{code}.{variant}" if variant else code
    return PydanticCustomError(key, errors.problem(key, "en", **params), params or None)


def check_bands(indicator: str, direction: str, bands: list[float]) -> None:
    """Bands rise with the level: increasing for higher_is_better, decreasing for
    lower_is_better, strictly, and inside the indicator's range."""
    spec = INDICATORS.get(indicator)
    if spec is None:
        return  # reported as an invalid choice of indicator
    for value in bands:
        if value < spec.low or (spec.high is not None and value > spec.high):
            high = "∞" if spec.high is None else f"{spec.high:g}"
            raise _problem(
                "evidence-band-range", value=value, indicator=indicator, low=spec.low, high=high
            )
    for before, after in itertools.pairwise(bands):
        if (after <= before) if direction == "higher_is_better" else (after >= before):
            raise _problem("evidence-bands-order", variant=direction, value=after, previous=before)


def level_of(value: float, bands: list[float], direction: str) -> int:
    """The level (1..len(bands)+1) a value reaches: 1 plus the bands it reaches
    (`value >= band` when higher is better, `value <= band` when lower is)."""
    if direction == "higher_is_better":
        return 1 + sum(1 for band in bands if value >= band)
    return 1 + sum(1 for band in bands if value <= band)
