"""Response progress: how many have started and submitted, and how far each team is.

The totals are live and exact, for the whole assessment: the consultant sees that the
link works, and leadership reads the same numbers. A total says nothing about any group
smaller than the assessment. Per team and per role, counts come only from the current
release (`releases.current`), with the disclosure decision it was audited with: a
hidden team reads "fewer than k" or "hidden to protect a smaller group", never a number.
Because every release publishes its organisation total beside its team counts, the
release's audit already covers "total minus the teams shown" (complementary
suppression); the live total differs from the released one only by responses no
released figure contains yet (tests/test_progress.py walks that attack).
"""

from __future__ import annotations

from dataclasses import dataclass

from assessment.analysis import releases
from assessment.analysis.scoring import Key
from assessment.organisation.assessments import Assessment
from assessment.storage.store import Store


@dataclass(frozen=True)
class TeamProgress:
    """One team's counts; None means "fewer than k" (or hidden so that no smaller count
    can be worked out from the total)."""

    team_id: str | None  # None: respondents without a team
    name: str
    head_count: int | None
    started: int | None
    submitted: int | None
    rate: float | None  # submitted / head_count, when both are known
    reason: str | None = None  # why the count is hidden (disclosure.REASONS)


@dataclass(frozen=True)
class RoleProgress:
    role_id: str
    perspective: str
    submitted: int | None  # as released; None: hidden (see `reason`)
    reason: str | None = None


@dataclass(frozen=True)
class Tracking:
    """Response counts of an assessment. The totals are live, for the consultant to see
    that the link works; per team and role only as released, so they say no more than
    the results do."""

    assessment_id: str
    k: int
    started: int  # respondents who began (submitted ones included), live
    submitted: int  # live
    head_count: int | None  # sum of the teams' head-counts when every team has one
    rate: float | None
    teams: tuple[TeamProgress, ...]
    roles: tuple[RoleProgress, ...]
    release: int = 0  # the release the per-team and per-role counts come from
    pending: int = 0  # responses added or removed since, waiting for the next release
    released: int = 0  # respondents counted in that release (0 while it is hidden)


def tracking(store: Store, assessment: Assessment) -> Tracking:
    """Started and submitted responses in total (live, exact), and per team and role as
    the current release shows them, with how many responses wait for the next release."""
    assessment_id = assessment.id
    k = assessment.anonymity_threshold
    row = (
        store.cursor()
        .execute(
            "SELECT count(*), count(submitted_hour) FROM respondents"
            " WHERE assessment_id = ? AND workshop_id IS NULL",
            [assessment_id],
        )
        .fetchone()
    )
    started, submitted = (int(row[0]), int(row[1])) if row else (0, 0)
    release = releases.current(store, assessment_id)
    q = release.questionnaire
    teams = []
    for team in assessment.teams:
        name = ("team", (None, None, team.id))
        count = release.people.get(name)
        teams.append(
            TeamProgress(
                team_id=team.id,
                name=team.name,
                head_count=team.head_count,
                started=None,
                submitted=count,
                rate=count / team.head_count if count is not None and team.head_count else None,
                reason=release.reasons.get(name),
            )
        )
    roles = []
    for role in q.roles:
        role_name: tuple[str, Key] = ("role", (role.perspective, role.id, None))
        roles.append(
            RoleProgress(
                role_id=role.id,
                perspective=role.perspective,
                submitted=release.people.get(role_name),
                reason=release.reasons.get(role_name),
            )
        )
    known_heads = [t.head_count for t in assessment.teams]
    head_total = (
        sum(h for h in known_heads if h is not None)
        if known_heads and all(h is not None for h in known_heads)
        else None
    )
    return Tracking(
        assessment_id=assessment_id,
        k=k,
        started=started,
        submitted=submitted,
        head_count=head_total,
        rate=submitted / head_total if head_total else None,
        teams=tuple(teams),
        roles=tuple(roles),
        release=release.number,
        pending=release.pending,
        released=release.scores.respondents,
    )
