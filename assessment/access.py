"""The authorised API: every page and command reads and changes organisation data here.

Each function takes the acting `Actor` (see `assessment.organisation.auth`) and, before it reads or
changes anything, checks it against the action it takes (`assessment.policy`, where
every action is declared once: who may take it, and on what). Refusals are
`auth.PermissionDenied`: `not-signed-in` for anonymous visitors and respondents,
`forbidden` for an account without the right. Every change writes its audit event
(`assessment.organisation.audit`) in its own transaction.

Pages (`assessment.ui`) and the command line (`assessment.cli`, as `auth.SYSTEM`) use
only this module for an organisation's data; the modules underneath never import it and
never check roles. The anonymous paths (answering by invite link or code, a workshop
phone, erasing one's own answers) hold their credential, the code or secret, and stay
in `responses`, `workshop` and `retention`.

An `Actor` is a snapshot: a consultant who creates an organisation gets it at once in
the database, and in their `Actor` the next time it is built (each page run).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Literal

import duckdb

from assessment import policy
from assessment.analysis import progress as _progress
from assessment.analysis import releases as _releases
from assessment.analysis.actions import Recommendation as Recommendation  # re-exported
from assessment.analysis.actions import finding_interval as finding_interval  # re-exported
from assessment.analysis.actions import finding_sentence as finding_sentence  # re-exported
from assessment.analysis.actions import finding_text as finding_text  # re-exported
from assessment.analysis.analysis import Analysis, analyse
from assessment.analysis.distributions import ItemDistribution
from assessment.analysis.progress import RoleProgress as RoleProgress  # re-exported
from assessment.analysis.progress import TeamProgress as TeamProgress  # re-exported
from assessment.analysis.progress import Tracking as Tracking  # re-exported
from assessment.analysis.quality import QualityReport as QualityReport  # re-exported
from assessment.analysis.scoring import Key
from assessment.analysis.scoring import submitted_count as _submitted_count
from assessment.collect import codes as _codes
from assessment.collect import demo as _demo
from assessment.collect import evidence as _evidence
from assessment.collect import open_question as _open_question
from assessment.collect import retention as _retention
from assessment.collect import workshop as _workshop
from assessment.collect import workshop_evidence as _workshop_evidence
from assessment.collect.open_question import OpenQuestionView
from assessment.collect.responses import hash_secret
from assessment.collect.transfer import VALUE_READINGS as VALUE_READINGS  # re-exported
from assessment.collect.transfer import ExportReport, ValueReading
from assessment.collect.transfer import ImportReport as ImportReport  # re-exported
from assessment.collect.transfer import RowProblem as RowProblem  # re-exported
from assessment.collect.transfer import export_answers as _export_answers
from assessment.collect.transfer import import_responses as _import_responses
from assessment.collect.workshop import LiveView, Pacing, Workshop
from assessment.collect.workshop_evidence import WorkshopEvidence
from assessment.documents import workshop_report as _workshop_report
from assessment.documents.report.data import ReportData, report_data, report_language
from assessment.errors import AssessmentError, ResponseError
from assessment.organisation import assessments as _assessments
from assessment.organisation import audit, auth
from assessment.organisation.assessments import Assessment, new_id
from assessment.organisation.auth import Account, Actor
from assessment.policy import allowed as allowed  # re-exported: may a page offer an action
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

ActionStatus = Literal["open", "in_progress", "done", "dropped"]
# In the order a status select offers them (labels: words.ACTIONS "status_<status>").
ACTION_STATUSES: tuple[ActionStatus, ...] = ("open", "in_progress", "done", "dropped")
MAX_TITLE_CHARS = 200
MAX_OWNER_CHARS = 100


# --- the check: what is acted on, and its organisation ------------------------------------------


def _declared(action: str, on: policy.On) -> None:
    if policy.ACTIONS[action].on != on:
        raise ValueError(f"{action} is declared on {policy.ACTIONS[action].on}, not {on}")


def _organisation_check(actor: Actor, action: str, organisation_id: str) -> None:
    _declared(action, "organisation")
    policy.check(actor, action, organisation_id)


def _assessment(store: Store, actor: Actor, action: str, assessment_id: str) -> Assessment:
    """The assessment, once `actor` may take `action` on it (signed in first: no
    existence oracle)."""
    _declared(action, "assessment")
    policy.require_signed_in(actor)
    found = _assessments.get_assessment(store, assessment_id)
    policy.check(actor, action, found.organisation_id)
    return found


def _workshop_of(
    store: Store, actor: Actor, action: str, workshop_id: str
) -> tuple[Workshop, Assessment]:
    """The workshop and its assessment, once `actor` may take `action` on it."""
    _declared(action, "workshop")
    policy.require_signed_in(actor)
    found = _workshop.get_workshop(store, workshop_id)
    assessment = _assessments.get_assessment(store, found.assessment_id)
    policy.check(actor, action, assessment.organisation_id)
    return found, assessment


# --- organisations ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    created_at: datetime


def list_organisations(store: Store, actor: Actor) -> list[Organisation]:
    """The organisations the actor may read, by name."""
    policy.check(actor, "list-organisations")
    rows = (
        store.cursor()
        .execute("SELECT id, name, created_at FROM organisations ORDER BY lower(name), id")
        .fetchall()
    )
    found = [Organisation(*row) for row in rows]
    return [o for o in found if allowed(actor, "read-organisation", o.id)]


def create_organisation(store: Store, actor: Actor, name: str) -> Organisation:
    """A new organisation (consultants and the command line); a consultant manages it."""
    policy.check(actor, "create-organisation")
    manager = actor.account_id if actor.is_consultant else None
    org_id = _assessments.create_organisation(store, name, by=actor, manager=manager)
    return _organisation(store, org_id)


def create_demo_organisation(store: Store, actor: Actor, respondents: int) -> str:
    """A demo organisation with `respondents` synthetic responses (the first-run setup),
    created as any organisation is: audited as the actor's, and managed by them."""
    policy.check(actor, "create-organisation")
    manager = actor.account_id if actor.is_consultant else None
    return _demo.generate_demo(store, respondents, by=actor, manager=manager).organisation_id


def _organisation(store: Store, organisation_id: str) -> Organisation:
    row = (
        store.cursor()
        .execute("SELECT id, name, created_at FROM organisations WHERE id = ?", [organisation_id])
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-organisation")
    return Organisation(*row)


# --- accounts and the audit log -------------------------------------------------------------------


def create_account(
    store: Store,
    actor: Actor,
    *,
    username: str,
    password: str | None,
    role: auth.AccountRole,
    display_name: str = "",
    organisation_id: str | None = None,
    email: str | None = None,
    manages: frozenset[str] = frozenset(),
) -> Account:
    """A consultant account (consultants and the command line), managing the
    organisations `manages` (each one the actor may grant), or a leadership account for
    one organisation (its consultants, or the command line). `password=None` makes an
    account that signs in only through single sign-on (`email` required)."""
    auth.check_account_role(role, organisation_id)
    if role == "leadership" and organisation_id:
        _organisation_check(actor, "create-leadership-account", organisation_id)
    else:
        policy.check(actor, "create-consultant-account")
        for granted in sorted(manages):
            _organisation_check(actor, "grant-organisation", granted)
    return auth.create_account(
        store,
        by=actor,
        username=username,
        password=password,
        role=role,
        display_name=display_name,
        organisation_id=organisation_id,
        email=email,
        manages=manages if role == "consultant" else frozenset(),
    )


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
    return create_account(
        store,
        actor,
        username=username,
        password=password,
        role="leadership",
        display_name=display_name,
        organisation_id=organisation_id,
        email=email,
    )


def grant_organisation(store: Store, actor: Actor, account_id: str, organisation_id: str) -> None:
    """Let a consultant manage an organisation (its creator gets it automatically)."""
    _organisation_check(actor, "grant-organisation", organisation_id)
    auth.grant_organisation(store, account_id, organisation_id, by=actor)


def list_accounts(store: Store, actor: Actor) -> list[Account]:
    """Every account for the command line; for a consultant, themselves, the leadership
    accounts of the organisations they manage, and the consultants they may manage."""
    policy.check(actor, "list-accounts")
    if actor.kind == "system":
        return auth.list_accounts(store)
    return auth.list_accounts(
        store, organisation_ids=actor.organisation_ids, account_id=actor.account_id
    )


def _account_of(
    store: Store, actor: Actor, username: str, leadership: str, consultant: str
) -> Account:
    """The account, once `actor` may take the `leadership` action on it (a leadership
    account) or the `consultant` one on each organisation it manages (a consultant's)."""
    policy.require_signed_in(actor)
    _declared(leadership, "account")
    _declared(consultant, "account")
    account = auth.get_account(store, username)
    if account.role == "leadership" and account.organisation_id is not None:
        policy.check(actor, leadership, account.organisation_id)
    else:
        policy.check(actor, consultant)
        for managed in sorted(auth.organisations_of(store, account)):
            policy.check(actor, consultant, managed)
    return account


def set_disabled(store: Store, actor: Actor, username: str, disabled: bool) -> Account:
    """Disable (or enable again) an account; a disabled account's sessions end at once.
    Leadership accounts by their organisation's consultants, a consultant's by the
    consultants who manage all its organisations too, any account on the command line."""
    account = _account_of(
        store, actor, username, "manage-leadership-account", "manage-consultant-account"
    )
    if disabled and account.id == actor.account_id:
        raise auth.AuthError("disable-self")
    return auth.set_disabled(store, account, disabled, by=actor)


def issue_password_reset(store: Store, actor: Actor, username: str) -> auth.PasswordReset:
    """A one-time link to set the account's password (valid `auth.RESET_VALID`); who
    may issue one is who may disable the account. Audited; the token is shown once."""
    account = _account_of(store, actor, username, "reset-password", "reset-password")
    return auth.issue_password_reset(store, account, by=actor)


def change_own_password(
    store: Store,
    actor: Actor,
    current: str,
    new_password: str,
    *,
    session_token: str | None,
    address: str | None = None,
) -> int:
    """The signed-in account sets a new password, giving its current one; its other
    sessions end (the one with `session_token` stays). Returns how many ended."""
    policy.check(actor, "change-own-password")
    return auth.change_password(
        store, actor, current, new_password, keep_token=session_token, address=address
    )


def audit_log(store: Store, actor: Actor, *, limit: int = 500) -> list[audit.AuditEntry]:
    """Newest first. A consultant sees their own entries and everything about the
    organisations they manage (sign-ins of those organisations' accounts included)."""
    policy.check(actor, "read-audit-log")
    if actor.kind == "system":
        return audit.entries(store, limit=limit)
    return audit.entries(
        store, organisation_ids=actor.organisation_ids, account_id=actor.account_id, limit=limit
    )


# --- assessments --------------------------------------------------------------------------------


def list_assessments(
    store: Store, actor: Actor, organisation_id: str | None = None
) -> list[Assessment]:
    """The assessments the actor may read, newest first; all of them or one organisation's."""
    policy.check(actor, "list-assessments")
    if organisation_id is not None:
        _organisation_check(actor, "read-organisation", organisation_id)
    found = _assessments.list_assessments(store, organisation_id)
    return [a for a in found if allowed(actor, "read-organisation", a.organisation_id)]


def get_assessment(store: Store, actor: Actor, assessment_id: str) -> Assessment:
    """One assessment; AssessmentError `unknown-assessment` when there is none."""
    return _assessment(store, actor, "read-results", assessment_id)


def find_assessment(store: Store, actor: Actor, id_or_invite_code: str) -> Assessment:
    """An assessment by its id or its invite code (the command line's `--assessment`)."""
    policy.require_signed_in(actor)
    try:
        found = _assessments.get_assessment(store, id_or_invite_code)
    except AssessmentError:
        by_code = _assessments.find_by_invite_code(store, id_or_invite_code)
        if by_code is None:
            raise
        found = by_code
    policy.check(actor, "read-results", found.organisation_id)
    return found


def questionnaire_of(store: Store, actor: Actor, assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment pinned."""
    stored = _assessment(store, actor, "read-results", assessment.id)  # the stored organisation
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
    policy.require_signed_in(actor)
    _organisation_check(actor, "create-assessment", organisation_id)
    if {"series_id", "wave", "by"} & settings.keys():
        # a wave joins a series only through `new_wave`, which keeps it in one organisation
        raise AssessmentError("bad-setting")
    return _assessments.create_assessment(
        store, organisation_id, questionnaire, **settings, by=actor
    )


def set_closed(store: Store, actor: Actor, assessment_id: str, closed: bool) -> Assessment:
    """Close an assessment (no more answers) or reopen it."""
    _assessment(store, actor, "change-assessment", assessment_id)
    return _assessments.set_closed(store, assessment_id, closed, by=actor)


def set_unsubmitted_days(store: Store, actor: Actor, assessment_id: str, days: int) -> Assessment:
    """How many days a response that is never submitted is kept after it was started."""
    _assessment(store, actor, "change-assessment", assessment_id)
    return _assessments.set_unsubmitted_days(store, assessment_id, days, by=actor)


# --- editing after launch: every change audited old -> new (`assessments`) ----------------------


def set_purpose(store: Store, actor: Actor, assessment_id: str, purpose: str | None) -> Assessment:
    """Change the purpose respondents read on the welcome page."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_purpose(store, assessment_id, purpose, by=actor)


def set_targets(
    store: Store, actor: Actor, assessment_id: str, targets: Mapping[str, int]
) -> Assessment:
    """Change target levels per dimension."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_targets(store, assessment_id, targets, by=actor)


def set_close_date(
    store: Store, actor: Actor, assessment_id: str, closes_at: datetime | None
) -> Assessment:
    """Change or clear the date the assessment closes by itself."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_close_date(store, assessment_id, closes_at, by=actor)


def set_languages(
    store: Store, actor: Actor, assessment_id: str, languages: Sequence[str]
) -> Assessment:
    """Change the languages offered (any the questionnaire is written in)."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_languages(store, assessment_id, languages, by=actor)


def set_questionnaire(
    store: Store,
    actor: Actor,
    assessment_id: str,
    questionnaire: Questionnaire,
    source: str | None = None,
) -> Assessment:
    """Use another questionnaire, only while no one has answered (`questionnaire-fixed`)."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_questionnaire(
        store, assessment_id, questionnaire, source=source, by=actor
    )


def add_team(
    store: Store, actor: Actor, assessment_id: str, name: str, head_count: int | None = None
) -> Assessment:
    """Add a team."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.add_team(store, assessment_id, name, head_count, by=actor)


def rename_team(
    store: Store, actor: Actor, assessment_id: str, team_id: str, name: str
) -> Assessment:
    """Rename a team (its id and link stay)."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.rename_team(store, assessment_id, team_id, name, by=actor)


def set_head_count(
    store: Store, actor: Actor, assessment_id: str, team_id: str, head_count: int | None
) -> Assessment:
    """Change a team's head-count."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.set_head_count(store, assessment_id, team_id, head_count, by=actor)


def remove_team(store: Store, actor: Actor, assessment_id: str, team_id: str) -> Assessment:
    """Remove a team no one answered in (`team-has-responses`: merge it instead)."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.remove_team(store, assessment_id, team_id, by=actor)


def merge_teams(
    store: Store, actor: Actor, assessment_id: str, team_id: str, into: str
) -> Assessment:
    """Merge a team into another: its responses move, it disappears."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.merge_teams(store, assessment_id, team_id, into, by=actor)


def response_count(store: Store, actor: Actor, assessment_id: str) -> int:
    """Every response the assessment holds (any channel, submitted or not): once there is
    one, the questionnaire is fixed."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.response_count(store, assessment_id)


def midway_count(store: Store, actor: Actor, assessment_id: str) -> int:
    """Survey responses started and not submitted, exactly (the warning before closing)."""
    _assessment(store, actor, "edit-assessment", assessment_id)
    return _assessments.midway_count(store, assessment_id)


def new_wave(store: Store, actor: Actor, assessment_id: str, name: str | None = None) -> Assessment:
    """Repeat an assessment with the same setup as its next wave."""
    _assessment(store, actor, "change-assessment", assessment_id)
    return _assessments.new_wave(store, assessment_id, name=name, by=actor)


# --- per-person invite codes ----------------------------------------------------------------------


def issue_codes(store: Store, actor: Actor, assessment_id: str, count: int) -> list[str]:
    """Issue `count` new per-person codes; returns them, the only time they are shown.
    Audited with the count only."""
    _assessment(store, actor, "invite-codes", assessment_id)
    return _codes.issue_codes(store, assessment_id, count, by=actor)


def code_counts(store: Store, actor: Actor, assessment_id: str) -> _codes.CodeCounts:
    """Codes issued and used."""
    _assessment(store, actor, "invite-codes", assessment_id)
    return _codes.code_counts(store, assessment_id)


def set_per_person_codes(
    store: Store, actor: Actor, assessment_id: str, per_person_codes: bool
) -> Assessment:
    """Switch the assessment to per-person codes or back to the open link (audited)."""
    _assessment(store, actor, "invite-codes", assessment_id)
    return _assessments.set_per_person_codes(store, assessment_id, per_person_codes, by=actor)


# --- tracking: who has answered, as counts --------------------------------------------------------


def submitted_count(store: Store, actor: Actor, assessment_id: str) -> int:
    """How many survey responses have been submitted, live (as `Tracking.submitted`)."""
    _assessment(store, actor, "read-results", assessment_id)
    return _submitted_count(store, assessment_id)


def tracking(store: Store, actor: Actor, assessment_id: str) -> Tracking:
    """Started and submitted responses in total (live, exact), and per team and role as
    the current release shows them, with how many responses wait for the next release
    (`analysis.progress`): the same for the consultant's overview, the results page,
    the reminder text and the links for a mail merge."""
    assessment = _assessment(store, actor, "read-results", assessment_id)
    return _progress.tracking(store, assessment)


# --- results ------------------------------------------------------------------------------------


def analysis(
    store: Store,
    actor: Actor,
    assessment_id: str,
    language: str | None = None,
    with_trend: bool = True,
) -> Analysis:
    """Scores, gaps, perception gap, findings and ranked actions (anonymity applied)."""
    _assessment(store, actor, "read-results", assessment_id)
    return analyse(
        store,
        assessment_id,
        language=language,
        with_trend=with_trend,
        held=_workshop.held_scores,
    )


def quality(store: Store, actor: Actor, assessment_id: str) -> QualityReport:
    """Reliability and flagged responses, as counts, as of the current release."""
    _assessment(store, actor, "read-results", assessment_id)
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
    _assessment(store, actor, "read-results", assessment_id)
    return _releases.current(store, assessment_id).distributions(perspective, language=language)


def comments(
    store: Store, actor: Actor, assessment_id: str, grouping: str = "organisation"
) -> dict[Key, dict[str, list[str]]]:
    """The released free-text answers per item, for the whole organisation once it has
    the comment threshold of respondents. Comments are never split by role or team: a
    comment listed under both would place its author in one role x team cell."""
    _assessment(store, actor, "read-results", assessment_id)
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
    """Write the anonymised answers, one row per respondent (never for leadership). The
    file stands only with its audit entry: if that cannot be written, the file goes."""
    assessment = _assessment(store, actor, "row-level-data", assessment_id)
    report = _export_answers(store, assessment_id, out, fmt=fmt, seed=seed)
    exported = audit.AnswersExported(
        organisation_id=assessment.organisation_id, assessment_id=assessment_id, fmt=fmt
    )
    try:
        store.write(lambda cur: audit.record(cur, actor, exported))
    except BaseException:
        Path(out).unlink(missing_ok=True)
        raise
    return report


def import_responses(
    store: Store,
    actor: Actor,
    assessment_id: str,
    path: Path | str,
    *,
    skip_bad: bool = False,
    column_map: Mapping[str, str] | None = None,
    values: ValueReading = "auto",
) -> ImportReport:
    """Import a .csv or .xlsx file of responses (consultants and the command line);
    `values` says how numbers in option cells are meant (`transfer.import_responses`)."""
    _assessment(store, actor, "row-level-data", assessment_id)
    return _import_responses(
        store,
        assessment_id,
        path,
        skip_bad=skip_bad,
        column_map=column_map,
        values=values,
        by=actor,
    )


def import_evidence(
    store: Store, actor: Actor, assessment_id: str, path: Path | str, *, skip_bad: bool = False
) -> ImportReport:
    """Import the CRM's own records (usage per user or team) as the assessment's
    evidence, added up per team (consultants and the command line)."""
    _assessment(store, actor, "import-evidence", assessment_id)
    return _evidence.import_evidence(store, assessment_id, path, skip_bad=skip_bad, by=actor)


# --- retention and erasure: consultants and the command line only -------------------------------


def delete_responses(
    store: Store, actor: Actor, assessment_id: str, *, before: date | None = None
) -> _retention.Erased:
    """Delete the assessment's responses for good: all, or those given before `before`
    (submitted before it, or started before it and never submitted). Audited."""
    assessment = _assessment(store, actor, "delete-responses", assessment_id)
    return _retention.delete_responses(store, assessment, before, by=actor)


def erase_respondent(store: Store, actor: Actor, link_or_secret: str) -> _retention.Erased:
    """Erase one respondent's answers at their request: they sent their "continue
    later" link (or workshop phone address). Only the consultants of the assessment's
    organisation (and the command line) may; the respondent may erase their own answers
    without an account (`retention.erase_respondent`)."""
    policy.require_signed_in(actor)
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
        policy.check(actor, "erase-respondent")
        raise ResponseError("unknown-response")
    policy.check(actor, "erase-respondent", str(row[0]))
    return _retention.erase_respondent(store, secret, by=actor)


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
) -> AgreedAction:
    """Record an action the team agreed on (the organisation's consultants)."""
    assessment = _assessment(store, actor, "agree-actions", assessment_id)
    return _agree(
        store,
        actor,
        assessment,
        title=title,
        owner=owner,
        due_date=due_date,
        dimension_id=dimension_id,
        source_action_id=source_action_id,
    )


def _agree(
    store: Store,
    actor: Actor,
    assessment: Assessment,
    *,
    title: str,
    owner: str,
    due_date: date | None,
    dimension_id: str | None,
    source_action_id: str | None,
    workshop_id: str | None = None,
) -> AgreedAction:
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
                assessment.id,
                dimension_id,
                clean_title,
                clean_owner,
                due_date,
                source_action_id,
                workshop_id,
                actor.account_id,
            ],
        )
        agreed = audit.ActionAgreed(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            title=clean_title,
            owner=clean_owner,
        )
        audit.record(cur, actor, agreed)

    store.write(write)
    return _get_action(store, action_id)


def list_agreed_actions(store: Store, actor: Actor, assessment_id: str) -> list[AgreedAction]:
    """The assessment's agreed actions, by due date (undated last), then as recorded."""
    _assessment(store, actor, "read-results", assessment_id)
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


@dataclass(frozen=True)
class EarlierActions:
    """The wave an assessment follows and the actions agreed in it, with their status."""

    assessment_id: str
    wave: int
    name: str
    actions: list[AgreedAction]


def earlier_agreed_actions(store: Store, actor: Actor, assessment_id: str) -> EarlierActions | None:
    """What was agreed in the wave this assessment follows (its series' previous wave,
    `assessments.previous_wave`), as it stands today; None for a first wave."""
    _assessment(store, actor, "read-results", assessment_id)
    earlier = _assessments.previous_wave(store, assessment_id)
    if earlier is None:
        return None
    # The same organisation (a series never spans two), so the same right to read it.
    return EarlierActions(
        earlier.id, earlier.wave, earlier.name, list_agreed_actions(store, actor, earlier.id)
    )


def set_agreed_action_status(
    store: Store, actor: Actor, action_id: str, status: ActionStatus
) -> AgreedAction:
    """Mark an agreed action open, in progress, done or dropped (the organisation's
    consultants and leadership), audited old -> new; the same status again writes nothing."""
    policy.require_signed_in(actor)
    action = _get_action(store, action_id)
    assessment = _assessment(store, actor, "set-action-status", action.assessment_id)
    if status not in ACTION_STATUSES:
        raise AssessmentError("bad-status")

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        # The status as of this transaction: a change made meanwhile is the "old" one.
        row = cur.execute("SELECT status FROM agreed_actions WHERE id = ?", [action_id]).fetchone()
        old = str(row[0]) if row else action.status
        if old == status:
            return
        cur.execute("UPDATE agreed_actions SET status = ? WHERE id = ?", [status, action_id])
        event = audit.ActionStatusChanged(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            title=action.title,
            old=old,
            new=status,
        )
        audit.record(cur, actor, event)

    store.write(write)
    return _get_action(store, action_id)


# --- live workshops: the facilitator and the organisation's readers ------------------------------


def start_workshop(
    store: Store,
    actor: Actor,
    assessment_id: str,
    *,
    title: str | None = None,
    pacing: Pacing = "facilitator",
    ask_team: bool = False,
    now: datetime | None = None,
) -> Workshop:
    """Start a live workshop on an assessment (its consultants); returns it with its
    join code."""
    assessment = _assessment(store, actor, "start-workshop", assessment_id)
    return _workshop.start_workshop(
        store, assessment, title=title, pacing=pacing, ask_team=ask_team, now=now, by=actor
    )


def list_workshops(store: Store, actor: Actor, assessment_id: str) -> list[Workshop]:
    """The assessment's workshops, newest first (its consultants and leadership)."""
    _assessment(store, actor, "read-results", assessment_id)
    return _workshop.list_workshops(store, assessment_id)


def get_workshop(store: Store, actor: Actor, workshop_id: str) -> Workshop:
    """One workshop (its organisation's consultants and leadership)."""
    return _workshop_of(store, actor, "watch-workshop", workshop_id)[0]


def go_to_step(store: Store, actor: Actor, workshop_id: str, step: int) -> Workshop:
    """Move the workshop to a step (0 lobby, 1..D dimensions, D+1 overview)."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _workshop.go_to_step(store, found, assessment, step)


def set_room_language(store: Store, actor: Actor, workshop_id: str, language: str) -> Workshop:
    """Switch the room's screens to `language` (the presenter view's switch; the
    projector follows on its next refresh)."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _workshop.set_language(store, found, assessment, language)


def room_language(store: Store, actor: Actor, workshop_id: str) -> str:
    """The language the room's screens are in (whoever may watch the workshop)."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _workshop.room_language(found, assessment)


def set_revealed(
    store: Store,
    actor: Actor,
    workshop_id: str,
    dimension_id: str | None,
    revealed: bool = True,
) -> Workshop:
    """Reveal (or hide again) a dimension's results on the shared screen; `None` means
    every dimension."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _workshop.set_revealed(store, found, assessment, dimension_id, revealed, by=actor)


def workshop_evidence(
    store: Store, actor: Actor, workshop_id: str, dimension_id: str
) -> WorkshopEvidence:
    """A dimension's CRM evidence for the workshop screen: whether there is any, whether
    it is revealed, and once it is the figures disclosure control lets through."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _workshop_evidence.dimension_evidence(store, found.id, assessment, dimension_id)


def set_evidence_revealed(
    store: Store, actor: Actor, workshop_id: str, dimension_id: str, revealed: bool = True
) -> None:
    """Reveal (or hide again) a dimension's CRM evidence on the workshop screen."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    _workshop_evidence.set_evidence_revealed(
        store, found, assessment, dimension_id, revealed, by=actor
    )


def end_workshop(
    store: Store, actor: Actor, workshop_id: str, *, now: datetime | None = None
) -> Workshop:
    """End the workshop: no more answers, and the participants' answers become final."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _workshop.end_workshop(store, found, assessment, now=now, by=actor)


def live_view(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None
) -> LiveView:
    """One refresh of the facilitator's screen (its organisation's consultants and
    leadership)."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _workshop.live_view(store, found, assessment, language=language)


def set_open_question(store: Store, actor: Actor, workshop_id: str, text: str | None) -> Workshop:
    """Ask the room an open question, change it, or clear it with empty text (the
    workshop's facilitators); the answers to an earlier question are deleted."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _open_question.set_open_question(store, found, assessment, text, by=actor)


def open_question_view(store: Store, actor: Actor, workshop_id: str) -> OpenQuestionView:
    """The open question, how many answered, and the grouped words once enough did
    (its organisation's consultants and leadership)."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _open_question.open_question_view(store, found, assessment)


def recommended_actions(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None, limit: int = 10
) -> list[Recommendation]:
    """Actions the model recommends for what the room has seen so far (the revealed
    dimensions), followed by those the survey's own results call for."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    survey = analyse(store, assessment.id, language=language, with_trend=False)
    return _workshop.recommended_actions(
        store, found, assessment, survey, language=language, limit=limit
    )


def agree_action(
    store: Store,
    actor: Actor,
    workshop_id: str,
    *,
    title: str,
    owner: str,
    due_date: date | None = None,
    dimension_id: str | None = None,
    source_action_id: str | None = None,
) -> AgreedAction:
    """Record an action the room agreed on; it belongs to the assessment (and so goes
    in the gap report) and remembers the workshop it came from."""
    found, assessment = _workshop_of(store, actor, "run-workshop", workshop_id)
    return _agree(
        store,
        actor,
        assessment,
        title=title,
        owner=owner,
        due_date=due_date,
        dimension_id=dimension_id,
        source_action_id=source_action_id,
        workshop_id=found.id,
    )


def workshop_actions(store: Store, actor: Actor, workshop_id: str) -> list[AgreedAction]:
    """The actions agreed during this workshop, in the order they were recorded."""
    found, _ = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _workshop_actions(store, found)


def _workshop_actions(store: Store, found: Workshop) -> list[AgreedAction]:
    rows = (
        store.cursor()
        .execute(
            f"SELECT {_ACTION_COLUMNS} FROM agreed_actions WHERE workshop_id = ?"  # noqa: S608
            " ORDER BY created_at, id",
            [found.id],
        )
        .fetchall()
    )
    return [AgreedAction(*row) for row in rows]


# --- documents: the gap report and the workshop summary ---------------------------------------


def build_report(
    store: Store,
    actor: Actor,
    assessment_id: str,
    language: str | None = None,
    *,
    generated: date | datetime | None = None,
) -> ReportData:
    """The gap report of an assessment as `actor` may see it, in `language` or the
    assessment's first language."""
    found = _assessment(store, actor, "read-results", assessment_id)
    lang = report_language(language, found.languages)
    if isinstance(generated, datetime):
        generated = generated.date()
    return report_data(
        analysis(store, actor, found.id, language=lang),
        quality(store, actor, found.id),
        list_agreed_actions(store, actor, found.id),
        item_distributions(store, actor, found.id, language=lang),
        lang,
        earlier=earlier_agreed_actions(store, actor, found.id),
        comments=comments(store, actor, found.id).get((None, None, None), {}),
        organisation=_assessments.organisation_name(store, found.organisation_id),
        generated=generated,
    )


def workshop_summary(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None
) -> _workshop_report.WorkshopSummary:
    """The summary of a workshop as `actor` may see it: its organisation's consultants
    and leadership."""
    found, assessment = _workshop_of(store, actor, "watch-workshop", workshop_id)
    return _workshop_report.summary_data(
        store,
        _workshop.live_view(store, found, assessment),
        _workshop_actions(store, found),
        language=language,
        asked=_open_question.open_question_view(store, found, assessment),
    )


def workshop_summary_pdf(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None
) -> bytes:
    """The summary of one workshop as a PDF (one call for every download button)."""
    data = workshop_summary(store, actor, workshop_id, language=language)
    return _workshop_report.render_summary_pdf(data)
