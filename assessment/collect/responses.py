"""The response lifecycle: start, save answers as they are given, resume, submit.

A respondent is anonymous: a random id, the role and team they chose, a language and a
channel. They hold a resume secret (192 random bits) that only they know; the database
keeps its SHA-256 hash, so the stored data alone cannot be used to resume anyone's
response. A fast hash is enough because the secret is random, not a password.

Answers are appended. Each save writes one row per item with a rising sequence number
and deletes the item's earlier row, so a survey response holds one row per item however
often an answer is toggled (a workshop keeps what its releases still need: workshop.py).
A submission's answers go in with one statement
(`INSERT ... SELECT unnest(?) ...`).
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import secrets
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any, Final, Literal

import duckdb

from assessment import words
from assessment.collect import limits
from assessment.collect.codes import redeem_code
from assessment.errors import ResponseError
from assessment.organisation.assessments import (
    Assessment,
    get_assessment,
    load_snapshot,
    new_id,
    questionnaire_of,
    status_of,
    utcnow,
)
from assessment.questionnaire.model import OPTION_TYPES, Item, Questionnaire
from assessment.storage.store import Store

Channel = Literal["survey", "workshop", "import"]
CHANNELS: Final = ("survey", "workshop", "import")
SECRET_BYTES = 24  # 192 bits
_RESPONSE_LOCKS = 64  # stripes of the per-response write lock


class DontKnow:
    """The "don't know / not applicable" answer: not scored, but counted."""

    _instance: DontKnow | None = None

    def __new__(cls) -> DontKnow:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "DONT_KNOW"


DONT_KNOW: Final = DontKnow()

# An answer as pages and importers give it: an option index (0-based) for likert,
# frequency, anchored and choice items; a list of option indexes for multi; a number;
# text; DONT_KNOW; or None to clear an answer.
AnswerValue = int | float | str | list[int] | DontKnow | None


@dataclass(frozen=True)
class Started:
    """A new response: the id is stored; the secret goes to the respondent only."""

    respondent_id: str
    secret: str
    assessment_id: str


@dataclass(frozen=True)
class ResponseState:
    """Where a respondent stands: who they said they are and every current answer."""

    respondent_id: str
    assessment_id: str
    role_id: str
    team_id: str | None
    language: str
    channel: str
    submitted: bool
    answers: dict[str, AnswerValue] = field(default_factory=dict)


@dataclass(frozen=True)
class SubmitResult:
    """`already_submitted` is True when this response had been submitted before."""

    respondent_id: str
    already_submitted: bool


class _AlreadySubmitted(Exception):
    """Raised inside the submit transaction to roll back a second submission."""


class MissingAnswers(ResponseError):
    """Submit refused: required items have no answer yet."""

    def __init__(self, item_ids: Sequence[str]) -> None:
        super().__init__("missing-required", count=len(item_ids))
        self.item_ids = list(item_ids)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def hour_of(moment: datetime) -> datetime:
    return moment.replace(minute=0, second=0, microsecond=0)


# --- checks ------------------------------------------------------------------------------------


def _require_open(assessment: Assessment, now: datetime) -> None:
    _require_status(assessment.closed, assessment.opens_at, assessment.closes_at, now)


def _require_status(
    closed: bool, opens_at: datetime | None, closes_at: datetime | None, now: datetime
) -> None:
    status = status_of(closed, opens_at, closes_at, now)
    if status == "closed":
        raise ResponseError("assessment-closed")
    if status == "not-yet-open":
        opens = opens_at.strftime("%Y-%m-%d %H:%M UTC") if opens_at else ""
        raise ResponseError("assessment-not-open", opens=opens)


# --- open links: at most a team's head-count of answers --------------------------------------


def _team_full(team_name: str) -> ResponseError:
    return ResponseError("team-full", team=team_name)


def _submitted_in_team(cur: duckdb.DuckDBPyConnection, assessment_id: str, team_id: str) -> int:
    row = cur.execute(
        "SELECT count(*) FROM respondents WHERE assessment_id = ? AND team_id = ?"
        " AND workshop_id IS NULL AND submitted_hour IS NOT NULL",
        [assessment_id, team_id],
    ).fetchone()
    return int(row[0]) if row else 0


def _cap_of(assessment: Assessment, team_id: str | None) -> int | None:
    """The most submitted responses the team may have: its head-count on an open link;
    None (no cap) with per-person codes, without a team or without a head-count."""
    if assessment.per_person_codes or team_id is None:
        return None
    try:
        return assessment.team(team_id).head_count
    except KeyError:
        return None


def _require_room(
    cur: duckdb.DuckDBPyConnection, assessment: Assessment, team_id: str | None
) -> None:
    """Refuse a response for a team whose submitted responses reach its head-count."""
    cap = _cap_of(assessment, team_id)
    if (
        cap is not None
        and team_id is not None
        and _submitted_in_team(cur, assessment.id, team_id) >= cap
    ):
        raise _team_full(assessment.team(team_id).name)


def _cap_lock(assessment_id: str) -> str:
    # Counting then writing must not interleave for one assessment, or two last places
    # could both be taken; one process owns the database, so a lock here is enough.
    return f"team-cap:{assessment_id}"


def check_profile(
    q: Questionnaire, assessment: Assessment, role_id: str, team_id: str | None, language: str
) -> None:
    """Refuse a role, team or language the assessment does not offer."""
    if role_id not in {r.id for r in q.roles}:
        raise ResponseError("unknown-role")
    team_ids = {t.id for t in assessment.teams}
    if team_ids and team_id not in team_ids:
        raise ResponseError("unknown-team")
    if not team_ids and team_id is not None:
        raise ResponseError("unknown-team", variant="none")
    if language not in assessment.languages:
        raise ResponseError("unknown-language")


def check_answer(q: Questionnaire, role_id: str, item_id: str, value: AnswerValue) -> AnswerValue:
    """The answer in canonical form, or ResponseError saying why it cannot be taken."""
    try:
        item = q.item(item_id)
    except KeyError:
        raise ResponseError("unknown-item", item=item_id) from None
    if not item.seen_by(role_id):
        raise ResponseError("item-not-for-role", item=item_id)
    if value is None:
        return None
    if isinstance(value, DontKnow):
        if not item.dont_know:
            raise ResponseError("dont-know-not-offered", item=item_id)
        return DONT_KNOW
    if item.type in OPTION_TYPES and item.type != "multi":
        return _check_option(q, item, value)
    if item.type == "multi":
        return _check_choices(q, item, value)
    if item.type == "number":
        return _check_number(item, value)
    return _check_text(item, value)


def _check_option(q: Questionnaire, item: Item, value: AnswerValue) -> int:
    count = len(q.options_of(item))
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < count:
        raise ResponseError("option-not-offered")
    return value


def _check_choices(q: Questionnaire, item: Item, value: AnswerValue) -> list[int]:
    count = len(q.options_of(item))
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 0 <= v < count for v in value
    ):
        raise ResponseError("option-not-offered")
    return sorted(set(value))


def _check_number(item: Item, value: AnswerValue) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ResponseError("not-a-number")
    low = item.min if item.min is not None else -math.inf
    high = item.max if item.max is not None else math.inf
    if not low <= value <= high:
        raise ResponseError("out-of-range", low=_fmt(item.min), high=_fmt(item.max))
    return float(value)


def _check_text(item: Item, value: AnswerValue) -> str | None:
    if not isinstance(value, str):
        raise ResponseError("not-text", item=item.id)
    text = value.replace("\x00", "").strip()
    if len(text) > item.max_length:
        raise ResponseError("too-long", length=len(text), limit=item.max_length)
    return text or None


def _fmt(bound: float | None) -> words.Text:
    """A number item's bound as each language writes it ("2.5", German "2,5"), with as
    many decimals as it has; not grouped, since the person types a number back."""
    if bound is None:
        return words.WORDS["questionnaire.any_bound"]
    exponent = Decimal(repr(float(bound))).normalize().as_tuple().exponent
    digits = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return words.Text(
        *(words.number(bound, lang, digits, grouped=False) for lang in words.LANGUAGES)
    )


def missing_required(
    q: Questionnaire, role_id: str, answers: Mapping[str, AnswerValue]
) -> list[str]:
    """Required items for this role that have no answer ("don't know" counts as one)."""
    return [
        item.id
        for _, items in q.items_for_role(role_id)
        for item in items
        if item.is_required and answers.get(item.id) is None
    ]


# --- writing -----------------------------------------------------------------------------------


def _answer_columns(
    q: Questionnaire, respondent: int, answers: Mapping[str, AnswerValue]
) -> tuple[list[list[Any]], list[list[Any]]]:
    """Split checked answers into the columns of `answers` and of `comments`."""
    # respondent, item position, value, choices, dont_know
    scored: list[list[Any]] = [[], [], [], [], []]
    texts: list[list[Any]] = [[], [], []]  # respondent, item position, text
    _add_columns(scored, texts, q, respondent, answers)
    return scored, texts


def _add_columns(
    scored: list[list[Any]],
    texts: list[list[Any]],
    q: Questionnaire,
    respondent: int,
    answers: Mapping[str, AnswerValue],
) -> None:
    positions = q.item_positions
    for item_id, value in answers.items():
        if q.item(item_id).type == "text":
            texts[0].append(respondent)
            texts[1].append(positions[item_id])
            texts[2].append(value)
            continue
        scored[0].append(respondent)
        scored[1].append(positions[item_id])
        scored[2].append(float(value) if isinstance(value, int | float) else None)
        scored[3].append(value if isinstance(value, list) else None)
        scored[4].append(isinstance(value, DontKnow))


def _write_columns(
    cur: duckdb.DuckDBPyConnection, scored: list[list[Any]], texts: list[list[Any]]
) -> None:
    """Append answer rows with one statement, free-text rows with a second."""
    if scored[0]:
        cur.execute(
            "INSERT INTO answers (respondent, item, value, choices, dont_know)"
            " SELECT unnest(?::BIGINT[]), unnest(?::SMALLINT[]), unnest(?::DOUBLE[]),"
            " unnest(?::INTEGER[][]), unnest(?::BOOLEAN[])",
            scored,
        )
    if texts[0]:
        cur.execute(
            "INSERT INTO comments (respondent, item, text)"
            " SELECT unnest(?::BIGINT[]), unnest(?::SMALLINT[]), unnest(?::VARCHAR[])",
            texts,
        )


_SUPERSEDE = (
    "UPDATE {table} SET superseded = true WHERE respondent = ? AND NOT superseded"
    " AND list_contains(?::SMALLINT[], item)"
)
# After `_SUPERSEDE`, whose update is what makes two writers of one row conflict (DuckDB
# reports no conflict between a delete and another transaction's update).
_DELETE_SUPERSEDED = (
    "DELETE FROM {table} WHERE respondent = ? AND superseded AND list_contains(?::SMALLINT[], item)"
)


def append_answers(
    cur: duckdb.DuckDBPyConnection,
    respondent: int,
    q: Questionnaire,
    answers: Mapping[str, AnswerValue],
    *,
    keep_history: bool = False,
) -> None:
    """Append a respondent's answers. Earlier rows for the same items are deleted: a
    survey keeps one row per item, however often an answer is changed. With
    `keep_history` (a workshop's: its releases read earlier answers) they are marked
    superseded instead (kept, but no longer counted)."""
    if not answers:
        return
    scored, texts = _answer_columns(q, respondent, answers)
    for table, columns in (("answers", scored), ("comments", texts)):
        if columns[0]:
            cur.execute(_SUPERSEDE.format(table=table), [respondent, columns[1]])
            if not keep_history:
                cur.execute(_DELETE_SUPERSEDED.format(table=table), [respondent, columns[1]])
    _write_columns(cur, scored, texts)


# Item positions are SMALLINT, so respondent * 65536 + item names one (respondent, item).
_SUPERSEDE_MANY = (
    "UPDATE answers SET superseded = true WHERE NOT superseded"
    " AND list_contains(?::BIGINT[], respondent * 65536 + item)"
)


def append_answers_many(
    cur: duckdb.DuckDBPyConnection,
    q: Mapping[int, Questionnaire],
    answers: Mapping[tuple[int, str], AnswerValue],
) -> None:
    """`append_answers(..., keep_history=True)` for many respondents' scored answers at
    once (by respondent and item id; `q` gives each respondent's questionnaire): one
    statement marks the earlier rows superseded, one appends the new rows."""
    if not answers:
        return
    keys = [num * 65536 + q[num].item_positions[item_id] for num, item_id in answers]
    cur.execute(_SUPERSEDE_MANY, [keys])
    scored: list[list[Any]] = [[], [], [], [], []]
    texts: list[list[Any]] = [[], [], []]
    for (num, item_id), value in answers.items():
        _add_columns(scored, texts, q[num], num, {item_id: value})
    if texts[0]:
        raise ValueError("append_answers_many takes scored answers only")
    _write_columns(cur, scored, texts)


def _checked(
    q: Questionnaire, role_id: str, answers: Mapping[str, AnswerValue]
) -> dict[str, AnswerValue]:
    return {item_id: check_answer(q, role_id, item_id, v) for item_id, v in answers.items()}


def start_response(
    store: Store,
    assessment_id: str,
    *,
    role_id: str,
    team_id: str | None = None,
    language: str | None = None,
    channel: Channel = "survey",
    code: str | None = None,
    now: datetime | None = None,
    address: str | None = None,
) -> Started:
    """Begin a response; the secret returned is the respondent's only way back in.

    From a client `address` (a page's), new responses and wrong codes are rate-limited
    (`too-many-attempts`, `assessment.collect.limits`); the address is never stored.

    An assessment with per-person codes needs an unused `code` (ResponseError
    `code-required`, `code-malformed`, `code-unknown` or `code-used` otherwise); it is
    marked used in the transaction that creates the respondent, and nothing ties the two
    together. On an open link, a team whose submitted responses reach its head-count
    takes no new one (`team-full`)."""
    now = now or utcnow()
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    language = language or assessment.languages[0]
    _require_open(assessment, now)
    check_profile(q, assessment, role_id, team_id, language)
    if channel not in CHANNELS:
        raise ResponseError("unknown-channel", channel=channel)
    # Codes and the cap guard the survey's links; imports and workshops have their own ways in.
    use_code = channel == "survey" and assessment.per_person_codes
    capped = channel == "survey" and _cap_of(assessment, team_id) is not None
    if use_code and code is None:
        raise ResponseError("code-required")
    respondent_id = new_id()
    secret = secrets.token_urlsafe(SECRET_BYTES)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        if use_code:
            redeem_code(cur, assessment_id, str(code))
        elif capped:
            _require_room(cur, assessment, team_id)
        cur.execute(
            "INSERT INTO respondents (id, assessment_id, secret_hash, role_id, team_id,"
            " language, channel, started_hour, started_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                respondent_id,
                assessment_id,
                hash_secret(secret),
                role_id,
                team_id,
                language,
                channel,
                hour_of(now),
                now,
            ],
        )

    # One code or one capped team at a time: DuckDB lets an update of a keyed row go
    # through without a conflict when its transaction read first, so two tabs redeeming
    # one code (or filling one team's last place) must not overlap.
    guard = (
        store.serialised(f"codes:{assessment_id}")
        if use_code
        else store.serialised(_cap_lock(assessment_id))
        if capped
        else contextlib.nullcontext()
    )
    attempt = limits.code_attempt(store, address) if use_code else contextlib.nullcontext()
    with limits.new_response(store, address), attempt, guard:
        store.write(write)
    return Started(respondent_id, secret, assessment_id)


@dataclass(frozen=True)
class _Respondent:
    id: str
    num: int
    assessment_id: str
    role_id: str
    team_id: str | None
    language: str
    channel: str
    submitted: bool
    content_hash: str
    closed: bool
    opens_at: datetime | None
    closes_at: datetime | None
    codes_since: datetime | None  # when the assessment switched to per-person codes
    started_at: datetime | None  # kept for a few hours, until submission at most
    team_name: str | None
    head_count: int | None  # the team's
    started_hour: datetime

    def require_open(self, now: datetime) -> None:
        _require_status(self.closed, self.opens_at, self.closes_at, now)

    @property
    def cap(self) -> int | None:
        """At most this many submitted responses in the respondent's team: a response
        begun on the open link (before any switch to codes) stays capped."""
        if self.channel != "survey" or self.team_id is None:
            return None
        codes_since = self.codes_since
        began_on_open_link = (
            codes_since is None
            or (self.started_at is not None and self.started_at < codes_since)
            # the exact start dropped (retention): within the hour of the switch, capped
            or (self.started_at is None and self.started_hour <= codes_since)
        )
        return self.head_count if began_on_open_link else None


def _respondent(cur: duckdb.DuckDBPyConnection, secret: str) -> _Respondent:
    """The respondent a secret belongs to, with what the save path needs of its
    assessment, in one query."""
    row = cur.execute(
        "SELECT r.id, r.num, r.assessment_id, r.role_id, r.team_id, r.language, r.channel,"
        " r.submitted_hour IS NOT NULL, a.content_hash, a.closed, a.opens_at, a.closes_at,"
        " a.per_person_codes_since, r.started_at, t.name, t.head_count, r.started_hour"
        " FROM respondents r JOIN assessments a ON a.id = r.assessment_id"
        " LEFT JOIN teams t ON t.assessment_id = r.assessment_id AND t.team_id = r.team_id"
        " WHERE r.secret_hash = ? AND r.workshop_id IS NULL",  # workshop places: workshop.py
        [hash_secret(str(secret).strip())],
    ).fetchone()
    if row is None:
        raise ResponseError("bad-secret")
    return _Respondent(*row)


def save_answers(
    store: Store,
    secret: str,
    answers: Mapping[str, AnswerValue],
    *,
    now: datetime | None = None,
) -> int:
    """Save answers as they are given (a page or a single item); returns how many.

    Whether the response is still open to answers is decided inside the write, one
    write per response at a time: a submit from another tab that lands first refuses
    this save (`already-submitted`) and nothing of it is written."""
    now = now or utcnow()
    if not answers:
        return 0
    num = _respondent(store.cursor(), secret).num

    def write(cur: duckdb.DuckDBPyConnection) -> int:
        who = _respondent(cur, secret)
        _require_not_submitted(who)
        who.require_open(now)
        q = load_snapshot(store, who.content_hash)
        checked = _checked(q, who.role_id, answers)
        append_answers(cur, who.num, q, checked)
        return len(checked)

    with _one_write_per_response(store, num):
        return store.write(write)


def _append_while_open(
    cur: duckdb.DuckDBPyConnection,
    secret: str,
    q: Questionnaire,
    checked: Mapping[str, AnswerValue],
    now: datetime,
) -> None:
    """Append checked answers, inside the write, if the response still takes them."""
    who = _respondent(cur, secret)
    _require_not_submitted(who)
    who.require_open(now)
    append_answers(cur, who.num, q, checked)


def _require_not_submitted(who: _Respondent) -> None:
    if who.submitted:
        raise ResponseError("already-submitted")


@contextlib.contextmanager
def _one_write_per_response(store: Store, respondent: int) -> Iterator[None]:
    """Serialise the writes of one response (saves, profile changes, submit). DuckDB's
    snapshots do not see a write committed after they began, and it does not report a
    conflict between two updates of a row of a keyed table, so a save whose transaction
    began just before a submit committed would add answers to a submitted response.
    One process owns the database: a lock per response (striped) closes that gap."""
    with store.serialised(f"response:{respondent % _RESPONSE_LOCKS}"):
        yield


def update_profile(
    store: Store,
    secret: str,
    *,
    role_id: str,
    team_id: str | None,
    language: str,
) -> None:
    """Change role, team or language before submitting. Answers to items the new role
    is not asked are marked superseded: kept, but no longer counted or shown."""
    with _one_write_per_response(store, _respondent(store.cursor(), secret).num):
        _update_profile(store, secret, role_id, team_id, language)


def _update_profile(
    store: Store, secret: str, role_id: str, team_id: str | None, language: str
) -> None:
    who = _respondent(store.cursor(), secret)
    if who.submitted:
        raise ResponseError("already-submitted")
    assessment = get_assessment(store, who.assessment_id)
    check_profile(questionnaire_of(store, assessment), assessment, role_id, team_id, language)
    q = questionnaire_of(store, assessment)
    unseen = [n for n, item in enumerate(q.items) if not item.seen_by(role_id)]
    moves_team = team_id != who.team_id and who.channel == "survey"

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        if moves_team:  # into a team that is full on an open link: refused at once
            _require_room(cur, assessment, team_id)
        changed = cur.execute(
            "UPDATE respondents SET role_id = ?, team_id = ?, language = ? WHERE id = ?"
            " AND submitted_hour IS NULL RETURNING id",
            [role_id, team_id, language, who.id],
        ).fetchone()
        if changed is None:
            raise ResponseError("already-submitted")
        for table in ("answers", "comments"):
            cur.execute(
                f"UPDATE {table} SET superseded = true"  # noqa: S608 - a constant table name
                " WHERE respondent = ? AND NOT superseded AND list_contains(?::SMALLINT[], item)",
                [who.num, unseen],
            )

    store.write(write)


def resume(store: Store, secret: str) -> ResponseState:
    """Everything needed to carry on where the respondent left off."""
    who = _respondent(store.cursor(), secret)
    q = load_snapshot(store, who.content_hash)
    return ResponseState(
        respondent_id=who.id,
        assessment_id=who.assessment_id,
        role_id=who.role_id,
        team_id=who.team_id,
        language=who.language,
        channel=who.channel,
        submitted=who.submitted,
        answers=current_answers(store, who.num, q),
    )


def current_answers(store: Store, respondent: int, q: Questionnaire) -> dict[str, AnswerValue]:
    """The latest answer per item (cleared answers left out)."""
    rows = (
        store.cursor()
        .execute(
            "SELECT item, value, choices, dont_know, NULL FROM answers"
            " WHERE respondent = $num AND NOT superseded"
            " UNION ALL SELECT item, NULL, NULL, false, text FROM comments"
            " WHERE respondent = $num AND NOT superseded",
            {"num": respondent},
        )
        .fetchall()
    )
    answers: dict[str, AnswerValue] = {}
    for position, value, choices, dont_know, text in rows:
        item = q.items[position]
        item_id = item.id
        if text is not None:
            answers[item_id] = text
        elif dont_know:
            answers[item_id] = DONT_KNOW
        elif choices is not None:
            answers[item_id] = list(choices)
        elif value is not None:
            answers[item_id] = float(value) if item.type == "number" else int(value)
    return answers


def submit(
    store: Store,
    secret: str,
    answers: Mapping[str, AnswerValue] | None = None,
    *,
    now: datetime | None = None,
) -> SubmitResult:
    """Submit a response, with any last answers. Idempotent: a second submit (a double
    click, a retried request) changes nothing and reports `already_submitted`."""
    now = now or utcnow()
    with _one_write_per_response(store, _respondent(store.cursor(), secret).num):
        return _submit(store, secret, answers or {}, now)


def _submit(
    store: Store, secret: str, answers: Mapping[str, AnswerValue], now: datetime
) -> SubmitResult:
    who = _respondent(store.cursor(), secret)
    respondent_id, role_id = who.id, who.role_id
    if who.submitted:
        return SubmitResult(respondent_id, already_submitted=True)
    q = load_snapshot(store, who.content_hash)
    checked = _checked(q, role_id, answers)
    who.require_open(now)
    merged = {**current_answers(store, who.num, q), **checked}
    missing = missing_required(q, role_id, merged)
    if missing:
        if checked:  # keep what was given with the failed submit
            store.write(lambda cur: _append_while_open(cur, secret, q, checked, now))
        raise MissingAnswers(missing)

    cap = who.cap

    def write(cur: duckdb.DuckDBPyConnection) -> bool:
        current = _respondent(cur, secret)
        if current.submitted:
            raise _AlreadySubmitted
        current.require_open(now)
        if (
            cap is not None
            and who.team_id is not None
            and _submitted_in_team(cur, who.assessment_id, who.team_id) >= cap
        ):
            raise _team_full(who.team_name or who.team_id)
        append_answers(cur, who.num, q, checked)
        row = cur.execute(
            "UPDATE respondents SET submitted_hour = $hour, started_at = NULL,"
            " duration_seconds = CAST(epoch($now::TIMESTAMP) - epoch(started_at) AS INTEGER)"
            " WHERE id = $id AND submitted_hour IS NULL RETURNING id",
            {"hour": hour_of(now), "now": now, "id": respondent_id},
        ).fetchone()
        if row is None:  # submitted meanwhile (a double click): keep nothing of this one
            raise _AlreadySubmitted
        return False

    try:
        lock = store.serialised(_cap_lock(who.assessment_id)) if cap is not None else None
        with lock or contextlib.nullcontext():
            store.write(write)
    except _AlreadySubmitted:
        return SubmitResult(respondent_id, already_submitted=True)
    return SubmitResult(respondent_id, already_submitted=False)


@dataclass(frozen=True)
class Submission:
    """A complete response recorded at once (an imported row, a load-test participant)."""

    role_id: str
    team_id: str | None
    language: str
    answers: Mapping[str, AnswerValue]
    duration_seconds: int | None = None


def record_submissions(
    store: Store,
    assessment: Assessment,
    q: Questionnaire,
    submissions: Sequence[Submission],
    *,
    channel: Channel = "import",
    now: datetime | None = None,
    audit: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> list[str]:
    """Record complete responses, all or none, in one transaction; returns their ids.

    Each is checked first (ResponseError names the first bad one by position); whether
    the assessment still takes answers is re-read inside the transaction. No resume
    secret is issued: these responses are final. `audit` writes the audit entry in the
    same transaction (an import's)."""
    checked: list[tuple[Submission, dict[str, AnswerValue]]] = []
    for n, sub in enumerate(submissions):
        try:
            checked.append((sub, _check_submission(q, assessment, sub)))
        except ResponseError as err:
            raise ResponseError(
                err.code,
                variant=err.variant,
                prefix="in-response",
                response=str(n + 1),
                **err.params,
            ) from None
    return _record_checked(store, assessment, q, checked, channel, now or utcnow(), audit)


def _check_submission(
    q: Questionnaire, assessment: Assessment, sub: Submission
) -> dict[str, AnswerValue]:
    check_profile(q, assessment, sub.role_id, sub.team_id, sub.language)
    return _checked(q, sub.role_id, sub.answers)


def _record_checked(
    store: Store,
    assessment: Assessment,
    q: Questionnaire,
    submissions: Sequence[tuple[Submission, dict[str, AnswerValue]]],
    channel: Channel,
    now: datetime,
    audit: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> list[str]:
    """Write checked responses in one transaction (see `record_submissions`)."""
    checked = [(new_id(), sub, answers) for sub, answers in submissions]

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        if not checked:
            return
        # One statement inserts the respondents if, and only if, the assessment takes
        # answers now; it hands back their numbers for the answer rows.
        inserted = cur.execute(
            "INSERT INTO respondents (id, assessment_id, secret_hash, role_id, team_id,"
            " language, channel, started_hour, submitted_hour, duration_seconds)"
            " SELECT unnest($ids::VARCHAR[]), a.id, unnest($hashes::VARCHAR[]),"
            " unnest($roles::VARCHAR[]), unnest($teams::VARCHAR[]),"
            " unnest($languages::VARCHAR[]), $channel, $hour, $hour,"
            " unnest($durations::INTEGER[])"
            " FROM assessments a WHERE a.id = $assessment AND NOT a.closed"
            " AND (a.opens_at IS NULL OR a.opens_at <= $now)"
            " AND (a.closes_at IS NULL OR a.closes_at > $now)"
            " RETURNING id, num",
            {
                "ids": [respondent_id for respondent_id, _, _ in checked],
                "hashes": [hash_secret(secrets.token_urlsafe(SECRET_BYTES)) for _ in checked],
                "roles": [sub.role_id for _, sub, _ in checked],
                "teams": [sub.team_id for _, sub, _ in checked],
                "languages": [sub.language for _, sub, _ in checked],
                "channel": channel,
                "hour": hour_of(now),
                "durations": [sub.duration_seconds for _, sub, _ in checked],
                "assessment": assessment.id,
                "now": now,
            },
        ).fetchall()
        if not inserted:
            row = cur.execute(
                "SELECT closed, opens_at, closes_at FROM assessments WHERE id = ?",
                [assessment.id],
            ).fetchone()
            if row is None:
                raise ResponseError("unknown-assessment")
            _require_status(row[0], row[1], row[2], now)
            raise RuntimeError("respondents were not inserted")  # pragma: no cover
        nums = dict(inserted)
        scored: list[list[Any]] = [[], [], [], [], []]
        texts: list[list[Any]] = [[], [], []]
        for respondent_id, _, answers in checked:
            _add_columns(scored, texts, q, int(nums[respondent_id]), answers)
        _write_columns(cur, scored, texts)
        if audit is not None:
            audit(cur)

    store.write(write)
    return [respondent_id for respondent_id, _, _ in checked]


def record_submission(
    store: Store,
    assessment: Assessment,
    q: Questionnaire,
    submission: Submission,
    *,
    channel: Channel = "import",
    now: datetime | None = None,
) -> str:
    """Record one complete response in one transaction; returns its respondent id."""
    return record_submissions(store, assessment, q, [submission], channel=channel, now=now)[0]
