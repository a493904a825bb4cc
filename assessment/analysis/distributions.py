"""Item answer distributions: how many people chose each option of each scored item.

Counted over submitted responses only, from each respondent's current answer (later
answers supersede earlier ones; a cleared answer counts as not answered). The anonymity
rule applies per item: fewer than k people answering an item in a group hides that
group's counts. Split by perspective, a perspective is hidden whenever the other one is
(the organisation's counts minus one perspective's would give the other's).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from assessment.analysis import disclosure
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.questionnaire.model import SCORED_TYPES
from assessment.storage.store import Store

_SURVEY = """
    SELECT num, role_id FROM respondents
    WHERE assessment_id = $assessment AND submitted_hour IS NOT NULL AND workshop_id IS NULL
"""
# A live workshop: its participants' answers as they stand, submitted or not.
_WORKSHOP = "SELECT num, role_id FROM respondents WHERE workshop_id = $workshop"
_COUNTS = """
WITH resp AS ({population}),
roles AS (SELECT unnest($roles) AS role_id, unnest($perspectives) AS perspective),
items AS (
    SELECT position, item_id FROM questionnaire_items WHERE content_hash = $hash AND scored
)
SELECT p.perspective, i.item_id, a.dont_know,
       CASE WHEN a.dont_know THEN NULL ELSE CAST(a.value AS INTEGER) END AS option,
       count(*) AS people
FROM answers a
JOIN resp r ON r.num = a.respondent
JOIN roles p ON p.role_id = r.role_id
JOIN items i ON i.position = a.item
WHERE NOT a.superseded AND (a.dont_know OR a.value IS NOT NULL)
GROUP BY ALL
"""
_SURVEY_COUNTS = _COUNTS.format(population=_SURVEY)
_WORKSHOP_COUNTS = _COUNTS.format(population=_WORKSHOP)


@dataclass(frozen=True)
class ItemDistribution:
    """One scored item's answers in one group. Suppressed: counts, dont_know and n are None."""

    item_id: str
    dimension_id: str
    text: str
    options: list[str]
    counts: list[int] | None
    dont_know: int | None
    n: int | None  # people who answered the item ("don't know" included)
    suppressed: bool
    dont_know_offered: bool = False
    k: int = 5  # the anonymity threshold the counts were checked against
    reason: str | None = None  # why hidden (disclosure.REASONS)
    # Each option's score, and whether the item is reverse-coded (its first options
    # are the good ones): charts colour the good end alike for every item.
    scores: tuple[float, ...] = ()
    reverse: bool = False

    def shares(self) -> list[float] | None:
        """Each option's share of the answers ("don't know" included in the base)."""
        if self.counts is None or not self.n:
            return None
        return [c / self.n for c in self.counts]


def answer_tally(
    cur: Any, assessment: Any, q: Any, *, workshop_id: str | None = None
) -> dict[tuple[str | None, str], dict[int, int]]:
    """(perspective, or None for everyone; item id) -> option index -> people (-1 is
    "don't know"), over the submitted survey or a workshop's current answers."""
    params: dict[str, Any] = {
        "assessment": assessment.id,
        "hash": assessment.content_hash,
        "roles": [r.id for r in q.roles],
        "perspectives": [r.perspective for r in q.roles],
    }
    sql = _SURVEY_COUNTS
    if workshop_id is not None:
        sql = _WORKSHOP_COUNTS
        params["workshop"] = workshop_id
        del params["assessment"]
    tally: dict[tuple[str | None, str], dict[int, int]] = {}
    for group, item_id, dont_know, option, people in cur.execute(sql, params).fetchall():
        index = -1 if dont_know else int(option)
        for key in ((group, item_id), (None, item_id)):
            counts = tally.setdefault(key, {})
            counts[index] = counts.get(index, 0) + int(people)
    return tally


def distribution(
    q: Any,
    item: Any,
    counts: Mapping[int, int] | None,
    *,
    language: str | None,
    k: int,
    reason: str | None = None,
) -> ItemDistribution:
    """One item's distribution in one group, in `language`; `counts` None: hidden."""
    options = [q.t(o.text, language) for o in q.options_of(item)]
    scores = tuple(float(o.score or 0) for o in q.options_of(item))
    text = q.t(item.text, language)
    if counts is not None and not sum(counts.values()):
        counts, reason = None, "empty"
    if counts is None:
        return ItemDistribution(
            item.id,
            item.dimension,
            text,
            options,
            None,
            None,
            None,
            True,
            item.dont_know,
            k,
            reason=reason or "below_k",
            scores=scores,
            reverse=item.reverse,
        )
    return ItemDistribution(
        item.id,
        item.dimension,
        text,
        options,
        [int(counts.get(i, 0)) for i in range(len(options))],
        int(counts.get(-1, 0)),
        int(sum(counts.values())),
        False,
        item.dont_know,
        k,
        scores=scores,
        reverse=item.reverse,
    )


def item_distributions(
    store: Store,
    assessment_id: str,
    perspective: str | None = None,
    *,
    language: str | None = None,
    workshop_id: str | None = None,
    dimension_id: str | None = None,
) -> list[ItemDistribution]:
    """Answer counts per option for every scored item in model order, for the whole
    organisation or one perspective (`leadership`, `frontline`); texts in `language`.

    With `workshop_id`: the pulse items as that workshop's participants answered them
    (live); with `dimension_id`: that dimension's items only."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    tally = answer_tally(store.cursor(), assessment, q, workshop_id=workshop_id)
    perspectives = sorted({r.perspective for r in q.roles})
    out = []
    for item in q.items:
        if item.type not in SCORED_TYPES:
            continue
        if workshop_id is not None and not item.pulse:
            continue
        if dimension_id is not None and item.dimension != dimension_id:
            continue
        # Everyone and each perspective, decided together: the organisation's counts
        # minus one perspective's give the other's.
        people: dict[tuple[str], tuple[int]] = {
            (p,): (sum(tally.get((p, item.id), {}).values()),) for p in perspectives
        }
        groups: dict[str | None, frozenset[tuple[str]]] = {None: frozenset(people)}
        groups.update({p: frozenset([(p,)]) for p in perspectives})
        decisions = disclosure.decide(groups, people, k)
        decision = decisions[perspective]
        counts = tally.get((perspective, item.id), {}) if decision.visible else None
        out.append(distribution(q, item, counts, language=language, k=k, reason=decision.reason))
    return out
