"""The authorised API: every page and command reads and changes organisation data here.

Each function takes the acting `Actor` (see `assessment.auth`) and refuses with
`auth.PermissionDenied` (`not-signed-in` for anonymous visitors and respondents,
`forbidden` for an account without rights to the organisation) before it touches
anything. Reading needs `may_read` (the organisation's consultants and leadership, or
the command line); changing needs `may_manage` (its consultants, or the command line).
Row-level data (export, import) is for consultants and the command line only. Every
change writes an audit entry.

An `Actor` is a snapshot: a consultant who creates an organisation gets it at once in
the database, and in their `Actor` the next time it is built (each page run).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from assessment import assessments as _assessments
from assessment import auth
from assessment import releases as _releases
from assessment import retention as _retention
from assessment.analysis import Analysis, analyse
from assessment.assessments import Assessment, new_id
from assessment.auth import Account, Actor, PermissionDenied
from assessment.distributions import ItemDistribution
from assessment.errors import AssessmentError, ResponseError
from assessment.model import Questionnaire
from assessment.quality import QualityReport
from assessment.responses import hash_secret
from assessment.scoring import Key
from assessment.store import Store
from assessment.transfer import ExportReport, ImportReport
from assessment.transfer import export_answers as _export_answers
from assessment.transfer import import_responses as _import_responses

ActionStatus = Literal["open", "done", "dropped"]
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "done", "dropped")
MAX_TITLE_CHARS = 200
MAX_OWNER_CHARS = 100


# --- who may do what ---------------------------------------------------------------------------


def _require_signed_in(actor: Actor) -> None:
    """Refuse visitors and respondents before anything is looked up (no existence oracle)."""
    if not (actor.signed_in or actor.kind == "system"):
        raise PermissionDenied("not-signed-in")


def _require_row_level(actor: Actor, organisation_id: str) -> None:
    """Row-level answers: the organisation's consultants and the command line only."""
    auth.require_manage(actor, organisation_id)


def _readable(store: Store, actor: Actor, assessment_id: str) -> Assessment:
    _require_signed_in(actor)
    assessment = _assessments.get_assessment(store, assessment_id)
    auth.require_read(actor, assessment.organisation_id)
    return assessment


def _manageable(store: Store, actor: Actor, assessment_id: str) -> Assessment:
    _require_signed_in(actor)
    assessment = _assessments.get_assessment(store, assessment_id)
    auth.require_manage(actor, assessment.organisation_id)
    return assessment


def _audit(
    store: Store,
    actor: Actor,
    action: str,
    *,
    organisation_id: str | None = None,
    assessment_id: str | None = None,
    detail: str | None = None,
) -> None:
    """An audit entry written right after a change made by a domain function."""
    store.write(
        lambda cur: auth.record(
            cur,
            actor,
            action,
            organisation_id=organisation_id,
            assessment_id=assessment_id,
            detail=detail,
        )
    )


# --- organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    created_at: datetime


def list_organisations(store: Store, actor: Actor) -> list[Organisation]:
    """The organisations the actor may read, by name."""
    _require_signed_in(actor)
    sql = "SELECT id, name, created_at FROM organisations"
    params: list[Any] = []
    if actor.kind != "system":
        sql += " WHERE list_contains(?, id)"
        params.append(sorted(actor.organisation_ids))
    rows = store.cursor().execute(sql + " ORDER BY lower(name), id", params).fetchall()
    return [Organisation(*row) for row in rows]


def create_organisation(store: Store, actor: Actor, name: str) -> Organisation:
    """A new organisation (consultants and the command line); a consultant manages it."""
    _require_signed_in(actor)
    auth.require_consultant(actor)
    org_id = _assessments.create_organisation(store, name)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        if actor.is_consultant and actor.account_id:
            cur.execute(
                "INSERT OR IGNORE INTO account_organisations VALUES (?, ?)",
                [actor.account_id, org_id],
            )
        auth.record(cur, actor, "organisation-created", organisation_id=org_id, detail=name)

    store.write(write)
    return _organisation(store, org_id)


def _organisation(store: Store, organisation_id: str) -> Organisation:
    row = (
        store.cursor()
        .execute("SELECT id, name, created_at FROM organisations WHERE id = ?", [organisation_id])
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-organisation")
    return Organisation(*row)


def create_leadership_account(
    store: Store,
    actor: Actor,
    organisation_id: str,
    username: str,
    password: str | None,
    display_name: str = "",
    email: str | None = None,
) -> Account:
    """A read-only account for one organisation's leadership (its consultants only).
    `password=None` makes a single-sign-on account (`email` required)."""
    _require_signed_in(actor)
    auth.require_manage(actor, organisation_id)
    return auth.create_account(
        store,
        actor,
        username=username,
        password=password,
        role="leadership",
        display_name=display_name,
        organisation_id=organisation_id,
        email=email,
    )


# --- assessments --------------------------------------------------------------------------------


def list_assessments(
    store: Store, actor: Actor, organisation_id: str | None = None
) -> list[Assessment]:
    """The assessments the actor may read, newest first; all of them or one organisation's."""
    _require_signed_in(actor)
    if organisation_id is not None:
        auth.require_read(actor, organisation_id)
    found = _assessments.list_assessments(store, organisation_id)
    return [a for a in found if actor.may_read(a.organisation_id)]


def get_assessment(store: Store, actor: Actor, assessment_id: str) -> Assessment:
    """One assessment; AssessmentError `unknown-assessment` when there is none."""
    return _readable(store, actor, assessment_id)


def questionnaire_of(store: Store, actor: Actor, assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment pinned."""
    stored = _readable(store, actor, assessment.id)  # the stored organisation decides
    return _assessments.questionnaire_of(store, stored)


def create_assessment(
    store: Store,
    actor: Actor,
    organisation_id: str,
    questionnaire: Questionnaire,
    **settings: Any,
) -> Assessment:
    """Set up an assessment; `settings` as `assessments.create_assessment` (name=, teams=,
    targets=, opens_at=, closes_at=, anonymity_threshold=, ..., purpose=)."""
    _require_signed_in(actor)
    auth.require_manage(actor, organisation_id)
    if {"series_id", "wave"} & settings.keys():
        # a wave joins a series only through `new_wave`, which keeps it in one organisation
        raise AssessmentError("bad-setting")
    created = _assessments.create_assessment(store, organisation_id, questionnaire, **settings)
    _audit(
        store,
        actor,
        "assessment-created",
        organisation_id=organisation_id,
        assessment_id=created.id,
        detail=f"{created.name} ({questionnaire.id} {questionnaire.version})",
    )
    return created


def set_closed(store: Store, actor: Actor, assessment_id: str, closed: bool) -> Assessment:
    """Close an assessment (no more answers) or reopen it."""
    assessment = _manageable(store, actor, assessment_id)
    changed = _assessments.set_closed(store, assessment_id, closed)
    _audit(
        store,
        actor,
        "assessment-closed" if closed else "assessment-reopened",
        organisation_id=assessment.organisation_id,
        assessment_id=assessment_id,
        detail=assessment.name,
    )
    return changed


def new_wave(store: Store, actor: Actor, assessment_id: str, name: str | None = None) -> Assessment:
    """Repeat an assessment with the same setup as its next wave."""
    assessment = _manageable(store, actor, assessment_id)
    created = _assessments.new_wave(store, assessment_id, name=name)
    _audit(
        store,
        actor,
        "wave-created",
        organisation_id=assessment.organisation_id,
        assessment_id=created.id,
        detail=f"{created.name} (wave {created.wave} of {assessment_id})",
    )
    return created


# --- tracking: who has answered, as counts --------------------------------------------------------


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


def tracking(store: Store, actor: Actor, assessment_id: str) -> Tracking:
    """Started and submitted responses in total (live), and per team and role as the
    current release shows them, with how many responses wait for the next release."""
    assessment = _readable(store, actor, assessment_id)
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
    release = _releases.current(store, assessment_id)
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


# --- results ------------------------------------------------------------------------------------


def analysis(
    store: Store,
    actor: Actor,
    assessment_id: str,
    language: str | None = None,
    with_trend: bool = True,
) -> Analysis:
    """Scores, gaps, perception gap, findings and ranked actions (anonymity applied)."""
    _readable(store, actor, assessment_id)
    return analyse(store, assessment_id, language=language, with_trend=with_trend)


def quality(store: Store, actor: Actor, assessment_id: str) -> QualityReport:
    """Reliability and flagged responses, as counts, as of the current release."""
    _readable(store, actor, assessment_id)
    release = _releases.current(store, assessment_id)
    if release.quality is None:
        return QualityReport([], 0, 0, 0, 0)
    return release.quality


def item_distributions(
    store: Store,
    actor: Actor,
    assessment_id: str,
    perspective: str | None = None,
    *,
    language: str | None = None,
) -> list[ItemDistribution]:
    """Answer counts per option of every scored item, as released (hidden below the
    threshold, or to protect a smaller group)."""
    _readable(store, actor, assessment_id)
    return _releases.current(store, assessment_id).distributions(perspective, language=language)


def comments(
    store: Store, actor: Actor, assessment_id: str, grouping: str = "organisation"
) -> dict[Key, dict[str, list[str]]]:
    """The released free-text answers per item, for the whole organisation once it has
    the comment threshold of respondents. Comments are never split by role or team: a
    comment listed under both would place its author in one role x team cell."""
    _readable(store, actor, assessment_id)
    if grouping != "organisation":
        raise AssessmentError("bad-grouping")
    shown = _releases.comments(store, _releases.current(store, assessment_id))
    return {(None, None, None): shown} if shown else {}


# --- row-level data: consultants and the command line only ---------------------------------


def export_answers(
    store: Store,
    actor: Actor,
    assessment_id: str,
    out: Path | str,
    *,
    fmt: Literal["csv", "parquet"],
    seed: int | None = None,
) -> ExportReport:
    """Write the anonymised answers, one row per respondent (never for leadership)."""
    assessment = _readable(store, actor, assessment_id)
    _require_row_level(actor, assessment.organisation_id)
    report = _export_answers(store, assessment_id, out, fmt=fmt, seed=seed)
    _audit(
        store,
        actor,
        "answers-exported",
        organisation_id=assessment.organisation_id,
        assessment_id=assessment_id,
        detail=fmt,
    )
    return report


def import_responses(
    store: Store,
    actor: Actor,
    assessment_id: str,
    path: Path | str,
    *,
    skip_bad: bool = False,
    column_map: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import a .csv or .xlsx file of responses (consultants and the command line)."""
    assessment = _readable(store, actor, assessment_id)
    _require_row_level(actor, assessment.organisation_id)
    report = _import_responses(store, assessment_id, path, skip_bad=skip_bad, column_map=column_map)
    _audit(
        store,
        actor,
        "responses-imported",
        organisation_id=assessment.organisation_id,
        assessment_id=assessment_id,
        detail=f"{report.imported} imported from {Path(path).name}",
    )
    return report


# --- retention and erasure: consultants and the command line only -------------------------------


def delete_responses(
    store: Store, actor: Actor, assessment_id: str, *, before: date | None = None
) -> _retention.Erased:
    """Delete the assessment's responses for good: all, or those given before `before`
    (submitted before it, or started before it and never submitted). Audited."""
    assessment = _manageable(store, actor, assessment_id)
    return _retention.delete_responses(
        store, actor, assessment_id, assessment.organisation_id, before
    )


def erase_respondent(store: Store, actor: Actor, link_or_secret: str) -> _retention.Erased:
    """Erase one respondent's answers at their request: they sent their "continue
    later" link (or workshop phone address). Only the consultants of the assessment's
    organisation (and the command line) may; the respondent may erase their own answers
    without an account (`retention.erase_respondent`)."""
    _require_signed_in(actor)
    secret = _retention.secret_from_link(link_or_secret)
    row = (
        store.cursor()
        .execute(
            "SELECT a.organisation_id FROM respondents r JOIN assessments a"
            " ON a.id = r.assessment_id WHERE r.secret_hash = ?",
            [hash_secret(secret)],
        )
        .fetchone()
    )
    if row is None:
        auth.require_consultant(actor)
        raise ResponseError("unknown-response")
    _require_row_level(actor, str(row[0]))
    return _retention.erase_respondent(store, secret, actor=actor)


# --- agreed actions -------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgreedAction:
    """An action a team agreed on, with an owner and a due date; it goes in the report."""

    id: str
    assessment_id: str
    dimension_id: str | None
    title: str
    owner: str
    due_date: date | None
    source_action_id: str | None
    workshop_id: str | None
    status: ActionStatus
    created_at: datetime


_ACTION_COLUMNS = (
    "id, assessment_id, dimension_id, title, owner, due_date, source_action_id,"
    " workshop_id, status, created_at"
)


def _clean_text(value: str, what: str, limit: int) -> str:
    text = " ".join(str(value or "").split())
    if not 1 <= len(text) <= limit:
        if what == "title":
            raise AssessmentError("bad-title", limit=limit)
        raise AssessmentError("bad-owner", limit=limit)
    return text


def _get_action(store: Store, action_id: str) -> AgreedAction:
    row = (
        store.cursor()
        .execute(
            f"SELECT {_ACTION_COLUMNS} FROM agreed_actions WHERE id = ?",  # noqa: S608
            [str(action_id)],
        )
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-action")
    return AgreedAction(*row)


def add_agreed_action(
    store: Store,
    actor: Actor,
    assessment_id: str,
    *,
    title: str,
    owner: str,
    due_date: date | None = None,
    dimension_id: str | None = None,
    source_action_id: str | None = None,
    workshop_id: str | None = None,
) -> AgreedAction:
    """Record an action the team agreed on (the organisation's consultants)."""
    assessment = _manageable(store, actor, assessment_id)
    clean_title = _clean_text(title, "title", MAX_TITLE_CHARS)
    clean_owner = _clean_text(owner, "owner", MAX_OWNER_CHARS)
    if dimension_id is not None:
        q = _assessments.questionnaire_of(store, assessment)
        if dimension_id not in {d.id for d in q.dimensions}:
            raise AssessmentError("unknown-dimension", dimension=dimension_id)
    if due_date is not None and not isinstance(due_date, date):
        raise AssessmentError("bad-due-date")
    if isinstance(due_date, datetime):
        due_date = due_date.date()
    action_id = new_id()

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "INSERT INTO agreed_actions (id, assessment_id, dimension_id, title, owner,"
            " due_date, source_action_id, workshop_id, created_by)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                action_id,
                assessment_id,
                dimension_id,
                clean_title,
                clean_owner,
                due_date,
                source_action_id,
                workshop_id,
                actor.account_id,
            ],
        )
        auth.record(
            cur,
            actor,
            "action-agreed",
            organisation_id=assessment.organisation_id,
            assessment_id=assessment_id,
            detail=f"{clean_title} (owner: {clean_owner})",
        )

    store.write(write)
    return _get_action(store, action_id)


def list_agreed_actions(store: Store, actor: Actor, assessment_id: str) -> list[AgreedAction]:
    """The assessment's agreed actions, by due date (undated last), then as recorded."""
    _readable(store, actor, assessment_id)
    rows = (
        store.cursor()
        .execute(
            f"SELECT {_ACTION_COLUMNS} FROM agreed_actions WHERE assessment_id = ?"  # noqa: S608
            " ORDER BY due_date NULLS LAST, created_at, id",
            [assessment_id],
        )
        .fetchall()
    )
    return [AgreedAction(*row) for row in rows]


def set_agreed_action_status(
    store: Store, actor: Actor, action_id: str, status: ActionStatus
) -> AgreedAction:
    """Mark an agreed action open, done or dropped."""
    _require_signed_in(actor)
    action = _get_action(store, action_id)
    assessment = _manageable(store, actor, action.assessment_id)
    if status not in ACTION_STATUSES:
        raise AssessmentError("bad-status")

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE agreed_actions SET status = ? WHERE id = ?", [status, action_id])
        auth.record(
            cur,
            actor,
            f"action-{status}",
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            detail=action.title,
        )

    store.write(write)
    return _get_action(store, action_id)
