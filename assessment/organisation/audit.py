"""The audit log: who signed in and who changed what, as typed events.

Each kind of entry is a small frozen dataclass (in the manner of datasette's
`track_event`): it knows its `name` (the stored `action`), the organisation and
assessment it concerns, its `params` (what its description is made of, as JSON values)
and how to `describe` them in a language. `record(cur, who, event)` writes it on the
cursor of the change's own transaction, so a change and its audit entry commit, or roll
back, together; there is no other way to write the log.

An entry keeps its params and its English `detail` (for the command line, a raw look at
the database and the readers of old rows); a page shows `AuditEntry.description(lang)`,
said again from the params in the reader's language. Entries written before the params
were kept (schema 15) read as their stored English.

The log says what was done and how many, never whose answers: no respondent id, secret
or code is ever part of an event.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

import duckdb

from assessment import words
from assessment.storage.store import Store

DETAIL_MAX_CHARS = 500

# An event's parameters: JSON values only (str, int, bool, None and lists of them).
Params = dict[str, Any]
Describe = Callable[[Mapping[str, Any], str], "str | None"]


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


# The names GapMap's own entries are stored under (no account; a user name cannot hold a
# bracket or a space), and the words a reader sees for them. The stored name never changes.
COMMAND_LINE = "(command line)"
RETENTION = "(retention)"
SYSTEM_NAMES: dict[str, str] = {
    COMMAND_LINE: "audit.who_command_line",
    RETENTION: "audit.who_retention",
}
# Entries whose user name is whatever a visitor typed at sign-in: always shown as typed,
# so nobody can pass for the command line by typing its name.
TYPED_NAMES = frozenset({"sign-in-failed", "sign-in-throttled"})


# --- saying an entry in a language -----------------------------------------------------------


def _t(key: str, lang: str, /, **params: object) -> str:
    return words.t(f"audit_event.{key}", lang, **params)


def _count(key: str, n: int, lang: str) -> str:
    """`n` things in `lang`: "1 session", "2 sessions", German "2 Sitzungen"."""
    return words.plural(f"audit_event.{key}", n, lang, n=words.number(n, lang, 0))


def _sentence(key: str, n: int, lang: str, /, **params: object) -> str:
    """A sentence whose verb agrees with `n` (German "1 ... kann", "2 ... können")."""
    return words.plural(f"audit_event.{key}", n, lang, n=words.number(n, lang, 0), **params)


def _quoted(text: str, lang: str) -> str:
    return _t("quoted", lang, text=text)


def _or_none(value: object, lang: str) -> str:
    return _t("none", lang) if value is None else str(value)


def _word(key: str, value: str, lang: str) -> str:
    """A stored code said in `lang` ("in_progress": "in progress", "in Arbeit"); a code
    with no text (from a later version) as it is."""
    full = f"audit_event.{key}_{value}"
    return words.t(full, lang) if words.has(full) else value


_SHORT = 140


def _short(text: str | None) -> str | None:
    if not text:
        return None
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "\u2026"


def _when(moment: str | None, lang: str) -> str:
    """A stored ISO time as the language writes it in a table ("2026-12-03 14:00",
    "03.12.2026 14:00")."""
    if moment is None:
        return _t("none", lang)
    at = datetime.fromisoformat(moment)
    return f"{at:%d.%m.%Y %H:%M}" if words.language(lang) == "de" else f"{at:%Y-%m-%d %H:%M}"


def _day(day: str, lang: str) -> str:
    at = date.fromisoformat(day)
    return f"{at:%d.%m.%Y}" if words.language(lang) == "de" else f"{at:%Y-%m-%d}"


# --- events --------------------------------------------------------------------------------------

# How each action's params are said, by the action's name (several classes may share one).
_DESCRIBE: dict[str, Describe] = {}


@dataclass(frozen=True, kw_only=True)
class Event:
    """One kind of audit entry; subclasses set `name`, their `params` and `describe`."""

    name: ClassVar[str]
    organisation_id: str | None = None
    assessment_id: str | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "name" in vars(cls):
            known = _DESCRIBE.setdefault(cls.name, cls.describe)
            if known is not cls.describe:
                raise TypeError(f"audit event {cls.name!r} said two ways")

    @property
    def params(self) -> Params:
        """What the description is made of: never a respondent id, secret or code."""
        return {}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        """What an entry with params `p` says, in `lang`; None: nothing to add."""
        return None

    @property
    def detail(self) -> str | None:
        """The description in English, as it is stored with the entry."""
        return self.describe(self.params, "en")


# accounts and sign-in


def _account_created(p: Mapping[str, Any], lang: str) -> str:
    if p.get("setup"):
        return _t("first_consultant", lang)
    role = _word("role", p["role"], lang)
    return _t("account_created", lang, role=role, username=p["username"])


@dataclass(frozen=True, kw_only=True)
class FirstConsultantCreated(Event):
    name = "account-created"
    describe = staticmethod(_account_created)

    @property
    def params(self) -> Params:
        return {"setup": True}


@dataclass(frozen=True, kw_only=True)
class AccountCreated(Event):
    name = "account-created"
    describe = staticmethod(_account_created)
    role: str
    username: str

    @property
    def params(self) -> Params:
        return {"role": self.role, "username": self.username}


@dataclass(frozen=True, kw_only=True)
class _AboutAccount(Event):
    username: str

    @property
    def params(self) -> Params:
        return {"username": self.username}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return str(p["username"])


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
    def params(self) -> Params:
        return {"username": self.username, "hours": self.hours}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _sentence("reset_issued", p["hours"], lang, username=p["username"], hours=p["hours"])


@dataclass(frozen=True, kw_only=True)
class PasswordResetUsed(Event):
    name = "password-reset-used"
    sessions_ended: int

    @property
    def params(self) -> Params:
        return {"sessions_ended": self.sessions_ended}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t("reset_used", lang, sessions=_count("sessions", p["sessions_ended"], lang))


@dataclass(frozen=True, kw_only=True)
class PasswordResetRefused(Event):
    name = "password-reset-refused"
    why: str  # "expired", "used" or "unknown"

    @property
    def params(self) -> Params:
        return {"why": self.why}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        key = {"expired": "reset_expired", "used": "reset_used_already"}.get(p["why"])
        return _t(key or "reset_unknown", lang)


@dataclass(frozen=True, kw_only=True)
class PasswordChanged(Event):
    name = "password-changed"
    sessions_ended: int

    @property
    def params(self) -> Params:
        return {"sessions_ended": self.sessions_ended}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        ended = _count("other_sessions", p["sessions_ended"], lang)
        return _t("password_changed", lang, sessions=ended)


@dataclass(frozen=True, kw_only=True)
class PasswordChangeRefused(Event):
    name = "password-change-refused"

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t("password_change_refused", lang)


@dataclass(frozen=True, kw_only=True)
class _SignIn(Event):
    single_sign_on: bool = False

    @property
    def params(self) -> Params:
        return {"single_sign_on": self.single_sign_on}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t("single_sign_on", lang) if p["single_sign_on"] else None


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
    def params(self) -> Params:
        return {"organisation": self.organisation_name}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return str(p["organisation"])


@dataclass(frozen=True, kw_only=True)
class AssessmentCreated(Event):
    name = "assessment-created"
    assessment_name: str
    questionnaire: str  # "id version"

    @property
    def params(self) -> Params:
        return {"assessment": self.assessment_name, "questionnaire": self.questionnaire}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return f"{p['assessment']} ({p['questionnaire']})"


@dataclass(frozen=True, kw_only=True)
class WaveCreated(Event):
    name = "wave-created"
    assessment_name: str
    wave: int
    repeats: str  # the assessment it repeats

    @property
    def params(self) -> Params:
        return {"assessment": self.assessment_name, "wave": self.wave, "repeats": self.repeats}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "wave_created", lang, assessment=p["assessment"], wave=p["wave"], repeats=p["repeats"]
        )


@dataclass(frozen=True, kw_only=True)
class _AboutAssessment(Event):
    assessment_name: str

    @property
    def params(self) -> Params:
        return {"assessment": self.assessment_name, **self._more()}

    def _more(self) -> Params:
        return {}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return str(p["assessment"])


@dataclass(frozen=True, kw_only=True)
class AssessmentClosed(_AboutAssessment):
    name = "assessment-closed"
    midway: int = 0  # started, not submitted: kept, marked incomplete, not counted

    def _more(self) -> Params:
        return {"midway": self.midway}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _sentence("assessment_closed", p["midway"], lang, assessment=p["assessment"])


@dataclass(frozen=True, kw_only=True)
class AssessmentReopened(_AboutAssessment):
    name = "assessment-reopened"
    midway: int = 0

    def _more(self) -> Params:
        return {"midway": self.midway}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _sentence("assessment_reopened", p["midway"], lang, assessment=p["assessment"])


# editing after launch: old -> new (settings and team names, never anything about a person)


@dataclass(frozen=True, kw_only=True)
class PurposeChanged(_AboutAssessment):
    name = "purpose-changed"
    old: str | None
    new: str | None

    def _more(self) -> Params:
        return {"old": _short(self.old), "new": _short(self.new)}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        def said(text: str | None) -> str:
            return _t("none", lang) if text is None else _quoted(text, lang)

        return _t(
            "purpose_changed",
            lang,
            assessment=p["assessment"],
            old=said(p["old"]),
            new=said(p["new"]),
        )


@dataclass(frozen=True, kw_only=True)
class TargetsChanged(_AboutAssessment):
    name = "targets-changed"
    changes: tuple[tuple[str, int | None, int], ...]  # (dimension id, old, new)

    def _more(self) -> Params:
        return {"changes": [list(change) for change in self.changes]}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        said = ", ".join(
            f"{dim} {_or_none(old, lang)} -> {_or_none(new, lang)}"
            for dim, old, new in p["changes"]
        )
        return _t("targets_changed", lang, assessment=p["assessment"], changes=said)


@dataclass(frozen=True, kw_only=True)
class CloseDateChanged(_AboutAssessment):
    name = "close-date-changed"
    old: datetime | None
    new: datetime | None

    def _more(self) -> Params:
        return {
            "old": None if self.old is None else self.old.isoformat(),
            "new": None if self.new is None else self.new.isoformat(),
        }

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "close_date_changed",
            lang,
            assessment=p["assessment"],
            old=_when(p["old"], lang),
            new=_when(p["new"], lang),
        )


@dataclass(frozen=True, kw_only=True)
class LanguagesChanged(_AboutAssessment):
    name = "languages-changed"
    old: tuple[str, ...]
    new: tuple[str, ...]

    def _more(self) -> Params:
        return {"old": list(self.old), "new": list(self.new)}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        old, new = ", ".join(p["old"]), ", ".join(p["new"])
        return _t("languages_changed", lang, assessment=p["assessment"], old=old, new=new)


@dataclass(frozen=True, kw_only=True)
class QuestionnaireChanged(_AboutAssessment):
    name = "questionnaire-changed"
    old: str  # "id version"
    new: str

    def _more(self) -> Params:
        return {"old": self.old, "new": self.new}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "questionnaire_changed", lang, assessment=p["assessment"], old=p["old"], new=p["new"]
        )


@dataclass(frozen=True, kw_only=True)
class TeamAdded(_AboutAssessment):
    name = "team-added"
    team: str
    head_count: int | None

    def _more(self) -> Params:
        return {"team": self.team, "head_count": self.head_count}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        team, head_count = _quoted(p["team"], lang), p["head_count"]
        if head_count is None:
            return _t("team_added_no_count", lang, assessment=p["assessment"], team=team)
        return _t("team_added", lang, assessment=p["assessment"], team=team, head_count=head_count)


@dataclass(frozen=True, kw_only=True)
class TeamRenamed(_AboutAssessment):
    name = "team-renamed"
    old: str
    new: str

    def _more(self) -> Params:
        return {"old": self.old, "new": self.new}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        old, new = _quoted(p["old"], lang), _quoted(p["new"], lang)
        return _t("team_renamed", lang, assessment=p["assessment"], old=old, new=new)


@dataclass(frozen=True, kw_only=True)
class HeadCountChanged(_AboutAssessment):
    name = "head-count-changed"
    team: str
    old: int | None
    new: int | None

    def _more(self) -> Params:
        return {"team": self.team, "old": self.old, "new": self.new}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "head_count_changed",
            lang,
            assessment=p["assessment"],
            team=_quoted(p["team"], lang),
            old=_or_none(p["old"], lang),
            new=_or_none(p["new"], lang),
        )


@dataclass(frozen=True, kw_only=True)
class TeamRemoved(_AboutAssessment):
    name = "team-removed"
    team: str

    def _more(self) -> Params:
        return {"team": self.team}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t("team_removed", lang, assessment=p["assessment"], team=_quoted(p["team"], lang))


@dataclass(frozen=True, kw_only=True)
class TeamsMerged(_AboutAssessment):
    name = "teams-merged"
    merged: str  # the team that disappears
    into: str
    responses: int  # moved: submitted and midway
    head_count: int | None  # the team merged into, after

    def _more(self) -> Params:
        return {
            "merged": self.merged,
            "into": self.into,
            "responses": self.responses,
            "head_count": self.head_count,
        }

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "teams_merged",
            lang,
            assessment=p["assessment"],
            merged=_quoted(p["merged"], lang),
            into=_quoted(p["into"], lang),
            responses=_count("responses", p["responses"], lang),
            head_count=_or_none(p["head_count"], lang),
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

    def _more(self) -> Params:
        return {"days": self.days}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        days = _count("days", p["days"], lang)
        return _t("retention_set", lang, assessment=p["assessment"], days=days)


@dataclass(frozen=True, kw_only=True)
class InviteCodesIssued(Event):
    name = "invite-codes-issued"
    count: int

    @property
    def params(self) -> Params:
        return {"count": self.count}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _count("codes", p["count"], lang)


# row-level data, retention and erasure


@dataclass(frozen=True, kw_only=True)
class AnswersExported(Event):
    name = "answers-exported"
    fmt: str

    @property
    def params(self) -> Params:
        return {"fmt": self.fmt}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return str(p["fmt"])


@dataclass(frozen=True, kw_only=True)
class ResponsesImported(Event):
    name = "responses-imported"
    rows: int
    file_name: str

    @property
    def params(self) -> Params:
        return {"rows": self.rows, "file": self.file_name}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        responses = _count("responses", p["rows"], lang)
        return _t("responses_imported", lang, responses=responses, file=p["file"])


@dataclass(frozen=True, kw_only=True)
class EvidenceImported(Event):
    """CRM evidence imported: how many rows and teams, never a user's name or figure."""

    name = "evidence-imported"
    rows: int
    teams: int
    file_name: str

    @property
    def params(self) -> Params:
        return {"rows": self.rows, "teams": self.teams, "file": self.file_name}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "evidence_imported",
            lang,
            rows=_count("rows", p["rows"], lang),
            teams=_count("teams", p["teams"], lang),
            file=p["file"],
        )


@dataclass(frozen=True, kw_only=True)
class ResponsesDeleted(Event):
    """Responses deleted: all of them, those before a day, or the unsubmitted ones older
    than the assessment's retention."""

    name = "responses-deleted"
    respondents: int
    answers: int
    comments: int
    before: date | None = None  # None: all responses (or the unsubmitted ones)
    unsubmitted_days: int | None = None  # the retention that let them go

    @property
    def params(self) -> Params:
        return {
            "respondents": self.respondents,
            "answers": self.answers,
            "comments": self.comments,
            "before": None if self.before is None else self.before.isoformat(),
            "unsubmitted_days": self.unsubmitted_days,
        }

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        counts = {
            "respondents": _count("respondents", p["respondents"], lang),
            "answers": _count("answers", p["answers"], lang),
            "comments": _count("comments", p["comments"], lang),
        }
        if p["unsubmitted_days"] is not None:
            days = _count("days", p["unsubmitted_days"], lang)
            return _t("deleted_unsubmitted", lang, days=days, **counts)
        if p["before"] is not None:
            return _t("deleted_before", lang, date=_day(p["before"], lang), **counts)
        return _t("deleted_all", lang, **counts)


@dataclass(frozen=True, kw_only=True)
class RespondentErased(Event):
    name = "respondent-erased"
    by_respondent: bool  # False: a consultant, at the respondent's request
    answers: int
    comments: int

    @property
    def params(self) -> Params:
        return {
            "by_respondent": self.by_respondent,
            "answers": self.answers,
            "comments": self.comments,
        }

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t(
            "erased_by_respondent" if p["by_respondent"] else "erased_on_request",
            lang,
            answers=_count("answers", p["answers"], lang),
            comments=_count("comments", p["comments"], lang),
        )


# agreed actions and workshops


@dataclass(frozen=True, kw_only=True)
class ActionAgreed(Event):
    name = "action-agreed"
    title: str
    owner: str

    @property
    def params(self) -> Params:
        return {"title": self.title, "owner": self.owner}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return _t("action_agreed", lang, title=p["title"], owner=p["owner"])


@dataclass(frozen=True, kw_only=True)
class _Titled(Event):
    title: str

    @property
    def params(self) -> Params:
        return {"title": self.title}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return str(p["title"])


@dataclass(frozen=True, kw_only=True)
class ActionStatusChanged(Event):
    """An agreed action's status changed: open, in progress, done or dropped."""

    name = "action-status-changed"
    title: str
    old: str
    new: str

    @property
    def params(self) -> Params:
        return {"title": _short(self.title), "old": self.old, "new": self.new}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        old, new = _word("status", p["old"], lang), _word("status", p["new"], lang)
        return f"{_or_none(p['title'], lang)}: {old} -> {new}"


@dataclass(frozen=True, kw_only=True)
class WorkshopStarted(Event):
    name = "workshop-started"
    title: str
    pacing: str  # "facilitator" or "self"

    @property
    def params(self) -> Params:
        return {"title": self.title, "pacing": self.pacing}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        pacing = _word("pacing", p["pacing"], lang)
        return _t("workshop_started", lang, title=p["title"], pacing=pacing)


@dataclass(frozen=True, kw_only=True)
class _Reveal(Event):
    title: str
    dimension_ids: tuple[str, ...]
    # each dimension's name per language ({id: {"en": ..., "de": ...}}), so that the log
    # reads "Zweck, Zeit" in German and not the ids
    dimension_names: Mapping[str, Mapping[str, str]] | None = None

    @property
    def params(self) -> Params:
        ids = sorted(self.dimension_ids)
        names = self.dimension_names or {}
        shown = {lang: [names.get(i, {}).get(lang, i) for i in ids] for lang in words.LANGUAGES}
        return {"title": self.title, "dimensions": ids, "names": shown}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        names = p.get("names", {}).get(lang) or p["dimensions"]  # older entries: the ids
        return f"{p['title']}: {', '.join(names)}"


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
    def params(self) -> Params:
        return {"title": self.title, "question": self.question}

    @staticmethod
    def describe(p: Mapping[str, Any], lang: str) -> str | None:
        return f"{p['title']}: {p['question']}"


@dataclass(frozen=True, kw_only=True)
class WorkshopQuestionCleared(_Titled):
    name = "workshop-question-cleared"


# --- writing and reading ----------------------------------------------------------------------


def _capped(value: Any) -> Any:
    """`value` with every text in it at most DETAIL_MAX_CHARS long, as the detail is."""
    if isinstance(value, str):
        return value[:DETAIL_MAX_CHARS]
    if isinstance(value, Sequence):
        return [_capped(v) for v in value]
    return value


def record(cur: duckdb.DuckDBPyConnection, who: Who, event: Event) -> None:
    """Write `event` by `who` on `cur`, inside the transaction of the change it records."""
    detail = event.detail
    params = {key: _capped(value) for key, value in event.params.items()}
    cur.execute(
        "INSERT INTO audit_log (account_id, username, action, organisation_id, assessment_id,"
        " detail, params) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            who.account_id,
            who.username,
            event.name,
            event.organisation_id,
            event.assessment_id,
            None if detail is None else str(detail)[:DETAIL_MAX_CHARS],
            json.dumps(params, ensure_ascii=False),
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
    detail: str | None  # in English, as written
    params: Params | None = None  # None: written before schema 15 kept them
    account_id: str | None = None

    def who(self, lang: str | None) -> str:
        """Who made the entry, for a reader: the user name as stored, or GapMap's own
        (the command line, the retention clean-up) in `lang`."""
        name = self.username or ""
        key = SYSTEM_NAMES.get(name)
        if key is None or self.account_id is not None or self.action in TYPED_NAMES:
            return name
        return words.t(key, lang)

    def description(self, lang: str | None) -> str | None:
        """What the entry says, in `lang`: said again from its params, or its stored
        English when it has none (an older entry) or they no longer fit what is said."""
        describe = _DESCRIBE.get(self.action)
        if self.params is None or describe is None:
            return self.detail
        try:
            said = describe(self.params, words.language(lang))
        except (KeyError, TypeError, ValueError, IndexError):
            return self.detail
        return None if said is None else said[:DETAIL_MAX_CHARS]


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
            "SELECT seq, logged_at, username, action, organisation_id, assessment_id, detail,"  # noqa: S608
            f" params, account_id FROM audit_log{where} ORDER BY seq DESC LIMIT ?",
            [*params, int(limit)],
        )
        .fetchall()
    )
    return [
        AuditEntry(seq, at, username, action, org, aid, detail, _loaded(params), account)
        for seq, at, username, action, org, aid, detail, params, account in rows
    ]


def _loaded(params: str | None) -> Params | None:
    loaded = None if params is None else json.loads(params)
    return loaded if isinstance(loaded, dict) else None
