"""The audit log: who signed in and who changed what, as typed events.

Each kind of entry is a small frozen dataclass (in the manner of datasette's
`track_event`): it knows its `name` (the stored `action`), the organisation and
assessment it concerns, and what its `detail` says. `record(cur, who, event)` writes it
on the cursor of the change's own transaction, so a change and its audit entry commit,
or roll back, together; there is no other way to write the log.

The log says what was done and how many, never whose answers: no respondent id, secret
or code is ever part of an event.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime
from typing import ClassVar, Protocol

import duckdb

from assessment.storage.store import Store

DETAIL_MAX_CHARS = 500


class Who(Protocol):
    """Whoever an entry is about: an `auth.Actor`, or a `Visitor` signing in."""

    @property
    def account_id(self) -> str | None: ...

    @property
    def username(self) -> str | None: ...


@dataclass(frozen=True)
class Visitor:
    """Someone signing in or out: the account, when there is one, and the name as typed."""

    account_id: str | None
    username: str | None


# --- events --------------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Event:
    """One kind of audit entry; subclasses set `name` and say their `detail`."""

    name: ClassVar[str]
    organisation_id: str | None = None
    assessment_id: str | None = None

    @property
    def detail(self) -> str | None:
        return None


# accounts and sign-in


@dataclass(frozen=True, kw_only=True)
class FirstConsultantCreated(Event):
    name = "account-created"

    @property
    def detail(self) -> str:
        return "first consultant (setup)"


@dataclass(frozen=True, kw_only=True)
class AccountCreated(Event):
    name = "account-created"
    role: str
    username: str

    @property
    def detail(self) -> str:
        return f"{self.role} account {self.username}"


@dataclass(frozen=True, kw_only=True)
class _AboutAccount(Event):
    username: str

    @property
    def detail(self) -> str:
        return self.username


@dataclass(frozen=True, kw_only=True)
class AccountDisabled(_AboutAccount):
    name = "account-disabled"


@dataclass(frozen=True, kw_only=True)
class AccountEnabled(_AboutAccount):
    name = "account-enabled"


@dataclass(frozen=True, kw_only=True)
class OrganisationGranted(_AboutAccount):
    name = "organisation-granted"


@dataclass(frozen=True, kw_only=True)
class PasswordResetIssued(_AboutAccount):
    name = "password-reset-issued"
    hours: int  # how long the link is valid

    @property
    def detail(self) -> str:
        return f"{self.username}: a one-time link, valid {self.hours} hours"


@dataclass(frozen=True, kw_only=True)
class PasswordResetUsed(Event):
    name = "password-reset-used"
    sessions_ended: int

    @property
    def detail(self) -> str:
        return f"new password set; {self.sessions_ended} session(s) ended, lockout cleared"


@dataclass(frozen=True, kw_only=True)
class PasswordResetRefused(Event):
    name = "password-reset-refused"
    why: str  # "expired", "used" or "unknown"

    @property
    def detail(self) -> str:
        return {"expired": "the link has expired", "used": "the link was used already"}.get(
            self.why, "no such link"
        )


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(Event):
    name = "password-changed"
    sessions_ended: int

    @property
    def detail(self) -> str:
        return f"by the account itself; {self.sessions_ended} other session(s) ended"


@dataclass(frozen=True, kw_only=True)
class PasswordChangeRefused(Event):
    name = "password-change-refused"

    @property
    def detail(self) -> str:
        return "the current password was wrong"


@dataclass(frozen=True, kw_only=True)
class _SignIn(Event):
    single_sign_on: bool = False

    @property
    def detail(self) -> str | None:
        return "single sign-on" if self.single_sign_on else None


@dataclass(frozen=True, kw_only=True)
class SignInSucceeded(_SignIn):
    name = "sign-in"


@dataclass(frozen=True, kw_only=True)
class SignInFailed(_SignIn):
    name = "sign-in-failed"


@dataclass(frozen=True, kw_only=True)
class SignInThrottled(Event):
    name = "sign-in-throttled"


@dataclass(frozen=True, kw_only=True)
class SignedOut(Event):
    name = "sign-out"


# organisations and assessments


@dataclass(frozen=True, kw_only=True)
class OrganisationCreated(Event):
    name = "organisation-created"
    organisation_name: str

    @property
    def detail(self) -> str:
        return self.organisation_name


@dataclass(frozen=True, kw_only=True)
class AssessmentCreated(Event):
    name = "assessment-created"
    assessment_name: str
    questionnaire: str  # "id version"

    @property
    def detail(self) -> str:
        return f"{self.assessment_name} ({self.questionnaire})"


@dataclass(frozen=True, kw_only=True)
class WaveCreated(Event):
    name = "wave-created"
    assessment_name: str
    wave: int
    repeats: str  # the assessment it repeats

    @property
    def detail(self) -> str:
        return f"{self.assessment_name} (wave {self.wave} of {self.repeats})"


@dataclass(frozen=True, kw_only=True)
class _AboutAssessment(Event):
    assessment_name: str

    @property
    def detail(self) -> str:
        return self.assessment_name


@dataclass(frozen=True, kw_only=True)
class AssessmentClosed(_AboutAssessment):
    name = "assessment-closed"
    midway: int = 0  # started, not submitted: kept, marked incomplete, not counted

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: {self.midway} response(s) midway kept, not counted"


@dataclass(frozen=True, kw_only=True)
class AssessmentReopened(_AboutAssessment):
    name = "assessment-reopened"
    midway: int = 0

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: {self.midway} response(s) midway can be finished"


# editing after launch: old -> new (settings and team names, never anything about a person)

_SHORT = 140


def _short(text: str | None) -> str:
    if not text:
        return "(none)"
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "\u2026"


def _when(moment: datetime | None) -> str:
    return "(none)" if moment is None else f"{moment:%Y-%m-%d %H:%M}"


@dataclass(frozen=True, kw_only=True)
class PurposeChanged(_AboutAssessment):
    name = "purpose-changed"
    old: str | None
    new: str | None

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: purpose {_short(self.old)!r} -> {_short(self.new)!r}"


@dataclass(frozen=True, kw_only=True)
class TargetsChanged(_AboutAssessment):
    name = "targets-changed"
    changes: tuple[tuple[str, int | None, int], ...]  # (dimension id, old, new)

    @property
    def detail(self) -> str:
        said = ", ".join(f"{dim} {old} -> {new}" for dim, old, new in self.changes)
        return f"{self.assessment_name}: targets {said}"


@dataclass(frozen=True, kw_only=True)
class CloseDateChanged(_AboutAssessment):
    name = "close-date-changed"
    old: datetime | None
    new: datetime | None

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: closes {_when(self.old)} -> {_when(self.new)}"


@dataclass(frozen=True, kw_only=True)
class LanguagesChanged(_AboutAssessment):
    name = "languages-changed"
    old: tuple[str, ...]
    new: tuple[str, ...]

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: languages {', '.join(self.old)} -> {', '.join(self.new)}"


@dataclass(frozen=True, kw_only=True)
class QuestionnaireChanged(_AboutAssessment):
    name = "questionnaire-changed"
    old: str  # "id version"
    new: str

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: questionnaire {self.old} -> {self.new}"


@dataclass(frozen=True, kw_only=True)
class TeamAdded(_AboutAssessment):
    name = "team-added"
    team: str
    head_count: int | None

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: team {self.team!r} (head-count {self.head_count})"


@dataclass(frozen=True, kw_only=True)
class TeamRenamed(_AboutAssessment):
    name = "team-renamed"
    old: str
    new: str

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: team {self.old!r} -> {self.new!r}"


@dataclass(frozen=True, kw_only=True)
class HeadCountChanged(_AboutAssessment):
    name = "head-count-changed"
    team: str
    old: int | None
    new: int | None

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: team {self.team!r} head-count {self.old} -> {self.new}"


@dataclass(frozen=True, kw_only=True)
class TeamRemoved(_AboutAssessment):
    name = "team-removed"
    team: str

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: team {self.team!r} (no responses)"


@dataclass(frozen=True, kw_only=True)
class TeamsMerged(_AboutAssessment):
    name = "teams-merged"
    merged: str  # the team that disappears
    into: str
    responses: int  # moved: submitted and midway
    head_count: int | None  # the team merged into, after

    @property
    def detail(self) -> str:
        return (
            f"{self.assessment_name}: team {self.merged!r} merged into {self.into!r},"
            f" {self.responses} response(s) moved, head-count now {self.head_count}"
        )


@dataclass(frozen=True, kw_only=True)
class PerPersonCodesOn(_AboutAssessment):
    name = "per-person-codes-on"


@dataclass(frozen=True, kw_only=True)
class PerPersonCodesOff(_AboutAssessment):
    name = "per-person-codes-off"


@dataclass(frozen=True, kw_only=True)
class UnsubmittedRetentionSet(_AboutAssessment):
    name = "unsubmitted-retention-set"
    days: int

    @property
    def detail(self) -> str:
        return f"{self.assessment_name}: unsubmitted responses kept {self.days} day(s)"


@dataclass(frozen=True, kw_only=True)
class InviteCodesIssued(Event):
    name = "invite-codes-issued"
    count: int

    @property
    def detail(self) -> str:
        return f"{self.count} code(s)"


# row-level data, retention and erasure


@dataclass(frozen=True, kw_only=True)
class AnswersExported(Event):
    name = "answers-exported"
    fmt: str

    @property
    def detail(self) -> str:
        return self.fmt


@dataclass(frozen=True, kw_only=True)
class ResponsesImported(Event):
    name = "responses-imported"
    rows: int
    file_name: str

    @property
    def detail(self) -> str:
        return f"{self.rows} imported from {self.file_name}"


@dataclass(frozen=True, kw_only=True)
class EvidenceImported(Event):
    """CRM evidence imported: how many rows and teams, never a user's name or figure."""

    name = "evidence-imported"
    rows: int
    teams: int
    file_name: str

    @property
    def detail(self) -> str:
        return f"{self.rows} rows for {self.teams} teams imported from {self.file_name}"


@dataclass(frozen=True, kw_only=True)
class ResponsesDeleted(Event):
    name = "responses-deleted"
    scope: str  # "all responses" or "responses before YYYY-MM-DD"
    respondents: int
    answers: int
    comments: int

    @property
    def detail(self) -> str:
        return (
            f"{self.scope}: {self.respondents} respondent(s), {self.answers} answer(s),"
            f" {self.comments} comment(s)"
        )


@dataclass(frozen=True, kw_only=True)
class RespondentErased(Event):
    name = "respondent-erased"
    by_respondent: bool  # False: a consultant, at the respondent's request
    answers: int
    comments: int

    @property
    def detail(self) -> str:
        how = (
            "by the respondent"
            if self.by_respondent
            else "at the respondent's request, with their link"
        )
        return f"{how}: {self.answers} answer(s), {self.comments} comment(s)"


# agreed actions and workshops


@dataclass(frozen=True, kw_only=True)
class ActionAgreed(Event):
    name = "action-agreed"
    title: str
    owner: str

    @property
    def detail(self) -> str:
        return f"{self.title} (owner: {self.owner})"


@dataclass(frozen=True, kw_only=True)
class _Titled(Event):
    title: str

    @property
    def detail(self) -> str:
        return self.title


@dataclass(frozen=True, kw_only=True)
class ActionStatusChanged(Event):
    """An agreed action's status changed: open, in progress, done or dropped."""

    name = "action-status-changed"
    title: str
    old: str
    new: str

    @property
    def detail(self) -> str:
        return f"{_short(self.title)}: {self.old} -> {self.new}"


@dataclass(frozen=True, kw_only=True)
class WorkshopStarted(Event):
    name = "workshop-started"
    title: str
    pacing: str

    @property
    def detail(self) -> str:
        return f"{self.title} ({self.pacing}-paced)"


@dataclass(frozen=True, kw_only=True)
class _Reveal(Event):
    title: str
    dimension_ids: tuple[str, ...]

    @property
    def detail(self) -> str:
        return f"{self.title}: {', '.join(sorted(self.dimension_ids))}"


@dataclass(frozen=True, kw_only=True)
class WorkshopRevealed(_Reveal):
    name = "workshop-revealed"


@dataclass(frozen=True, kw_only=True)
class WorkshopHidden(_Reveal):
    name = "workshop-hidden"


@dataclass(frozen=True, kw_only=True)
class WorkshopEvidenceRevealed(_Reveal):
    """The CRM's evidence for a dimension put on the workshop screen."""

    name = "workshop-evidence-revealed"


@dataclass(frozen=True, kw_only=True)
class WorkshopEvidenceHidden(_Reveal):
    name = "workshop-evidence-hidden"


@dataclass(frozen=True, kw_only=True)
class WorkshopEnded(_Titled):
    name = "workshop-ended"


@dataclass(frozen=True, kw_only=True)
class WorkshopQuestionAsked(Event):
    """The facilitator asked (or changed) the workshop's open question; its text is
    the facilitator's own, never a participant's."""

    name = "workshop-question-asked"
    title: str
    question: str

    @property
    def detail(self) -> str:
        return f"{self.title}: {self.question}"


@dataclass(frozen=True, kw_only=True)
class WorkshopQuestionCleared(_Titled):
    name = "workshop-question-cleared"


# --- writing and reading ----------------------------------------------------------------------


def record(cur: duckdb.DuckDBPyConnection, who: Who, event: Event) -> None:
    """Write `event` by `who` on `cur`, inside the transaction of the change it records."""
    detail = event.detail
    cur.execute(
        "INSERT INTO audit_log (account_id, username, action, organisation_id, assessment_id,"
        " detail) VALUES (?, ?, ?, ?, ?, ?)",
        [
            who.account_id,
            who.username,
            event.name,
            event.organisation_id,
            event.assessment_id,
            None if detail is None else str(detail)[:DETAIL_MAX_CHARS],
        ],
    )


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    logged_at: datetime
    username: str | None
    action: str
    organisation_id: str | None
    assessment_id: str | None
    detail: str | None


def entries(
    store: Store,
    *,
    organisation_ids: Collection[str] | None = None,
    account_id: str | None = None,
    limit: int = 500,
) -> list[AuditEntry]:
    """Newest first: every entry (`organisation_ids` None), or those by `account_id`
    and those about the organisations (their leadership accounts' sign-ins included).
    Who may read which is decided in `assessment.access`."""
    if organisation_ids is None:
        where, params = "", []
    else:
        where = (
            " WHERE account_id = ? OR list_contains(?, organisation_id)"
            " OR account_id IN (SELECT id FROM accounts WHERE role = 'leadership'"
            "   AND list_contains(?, organisation_id))"
        )
        orgs = sorted(organisation_ids)
        params = [account_id, orgs, orgs]
    rows = (
        store.cursor()
        .execute(
            "SELECT seq, logged_at, username, action, organisation_id, assessment_id, detail"  # noqa: S608
            f" FROM audit_log{where} ORDER BY seq DESC LIMIT ?",
            [*params, int(limit)],
        )
        .fetchall()
    )
    return [AuditEntry(*r) for r in rows]
