"""Live workshops: participants join by a short code, answer the pulse items on their
phones, and the results of each dimension appear on the shared screen when the
facilitator reveals them.

A workshop belongs to an assessment. Its participants are respondents with channel
`workshop` and the workshop's id: anonymous like every respondent (a random id, the
role and team they chose, a resume secret only they hold), scored live from their
current answers, and kept out of the survey's own results. When the workshop ends its
answers become final and count as a wave of their own in comparisons
(`analysis.trend`).

Who may do what is decided in `assessment.access`, which calls the facilitator's
functions here once it has checked the actor: the organisation's consultants run a
workshop (start, move between steps, reveal, record actions, end); its leadership may
watch the live view and read the summary. Participants need no account, only the join
code, and afterwards their resume secret: their functions here take that credential.

What the screen, the summary and the trend show of a dimension is one *held result* per
workshop and dimension, stored in the database and shared by every screen language: the
figures of its last release. A dimension's results appear once it is revealed **and**
released; a release needs at least k participants who changed (or first gave) their
answer since the last one, and the disclosure audit (`assessment.analysis.disclosure`, over this
release and every earlier one) to let the room through; leadership, front line and
teams appear where the audit lets them, so no group shown moves by fewer than k people.
After an erasure, the dimensions the erased participant had answered pause (show
nothing) until the next release. See "held results" below.
"""

from __future__ import annotations

import bisect
import contextlib
import json
import logging
import re
import secrets
import threading
import time
import weakref
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, Final, Literal, TypeVar, cast

import duckdb

from assessment import words
from assessment.analysis import disclosure
from assessment.analysis.actions import Recommendation, recommend
from assessment.analysis.analysis import Analysis
from assessment.analysis.distributions import ItemDistribution
from assessment.analysis.gaps import findings, gaps_to_target, perception_gaps
from assessment.analysis.scoring import (
    GroupResult,
    Overall,
    Scores,
    overall_indexes,
    score_workshop,
)
from assessment.collect import limits
from assessment.collect.responses import (
    DONT_KNOW,
    SECRET_BYTES,
    AnswerValue,
    DontKnow,
    append_answers,
    append_answers_many,
    check_answer,
    current_answers,
    hash_secret,
    hour_of,
)
from assessment.errors import AssessmentError, GapMapError, ResponseError
from assessment.organisation import assessments as _assessments
from assessment.organisation import audit
from assessment.organisation.assessments import (
    CODE_ALPHABET,
    Assessment,
    load_snapshot,
    new_id,
    utcnow,
)
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import SCORED_TYPES, Dimension, Item, Questionnaire
from assessment.storage.store import Store

T = TypeVar("T")
Pacing = Literal["facilitator", "self"]
PACINGS: Final = ("facilitator", "self")
JOIN_CODE_LENGTH = 6
MAX_TITLE_CHARS = 120
# How long a phone may see a cached copy of where the workshop stands: phones poll
# every second or two, and a few hundred of them should not each hit the database.
STATE_TTL_SECONDS = 0.5
# How long a phone page may show a cached copy of the assessment (its name, languages,
# teams): a few hundred phones open and join within seconds.
ASSESSMENT_TTL_SECONDS = 2.0
# How often the facilitator's screen refreshes (seconds). Its counts are at most this
# old plus one refresh's work (`live_view`: about 15 ms at 300 participants, 210 ms
# under a flat-out tap load; a release is made at most every RELEASE_SECONDS, however
# often the screen refreshes). At 2 s its
# "Answered" count was 2.1 s behind (p95) at 1,000 phones; the aim is under 2 s.
SCREEN_REFRESH_SECONDS = 1.0
# The least time between two releases of a dimension's results while the workshop runs
# (the first comes as soon as k have answered). Each release is audited with every
# earlier one, so a release per refresh while hundreds of phones tap would make many
# small steps: slower to audit, and more subgroups hidden to protect the few in a step.
RELEASE_SECONDS = 10.0

log = logging.getLogger(__name__)


class WorkshopError(AssessmentError):
    """A workshop request that cannot be met (unknown code, ended, wrong step...)."""


# --- the workshop -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Workshop:
    """One live session. `step` 0 is the lobby (join screen), 1..D the dimensions in
    model order, D+1 the overview."""

    id: str
    assessment_id: str
    join_code: str
    title: str
    pacing: Pacing
    ask_team: bool
    step: int
    revealed: tuple[str, ...]
    started_at: datetime
    ended_at: datetime | None
    created_by: str | None
    open_question: str | None = None  # the facilitator's free-text question, if asked
    language: str | None = None  # the room's language, as the facilitator last chose it

    @property
    def running(self) -> bool:
        return self.ended_at is None


def last_step(q: Questionnaire) -> int:
    """The overview's step number (after the lobby and one step per dimension)."""
    return len(q.dimensions) + 1


def dimension_at(q: Questionnaire, step: int) -> Dimension | None:
    """The dimension shown at `step`; None for the lobby and the overview."""
    if 1 <= step <= len(q.dimensions):
        return q.dimensions[step - 1]
    return None


def step_of(q: Questionnaire, dimension_id: str) -> int:
    return 1 + [d.id for d in q.dimensions].index(dimension_id)


def pulse_items(q: Questionnaire, dimension_id: str, role_id: str | None = None) -> list[Item]:
    """The dimension's pulse items, in model order (those the role is asked, if given)."""
    return [
        item
        for item in q.pulse_items()
        if item.dimension == dimension_id and (role_id is None or item.seen_by(role_id))
    ]


def normalise_code(code: str) -> str:
    """A join code as typed or read aloud: case, spaces and dashes do not matter."""
    return re.sub(r"[\s\-_.]", "", str(code or "")).upper()[:32]


_COLUMNS = (
    "id, assessment_id, join_code, title, pacing, ask_team, step, revealed, started_at,"
    " ended_at, created_by, open_question, language"
)


def _row_to_workshop(row: tuple[Any, ...]) -> Workshop:
    values = list(row)
    values[7] = tuple(values[7] or ())
    return Workshop(*values)


def _load(store: Store, workshop_id: str) -> Workshop:
    row = (
        store.cursor()
        .execute(
            f"SELECT {_COLUMNS} FROM workshops WHERE id = ?",  # noqa: S608 - constant columns
            [str(workshop_id)],
        )
        .fetchone()
    )
    if row is None:
        raise WorkshopError("unknown-workshop")
    return _row_to_workshop(row)


# Called with a workshop's id when where it stands changes in this process (a step, a
# reveal, its end), so a page waiting for that (the phone page's long poll) hears at once.
_LISTENERS: list[Callable[[str], None]] = []


def on_change(listener: Callable[[str], None]) -> None:
    """Call `listener(workshop_id)` after every change of a workshop's step, reveals or
    end made in this process (it must be quick and must not raise)."""
    if listener not in _LISTENERS:
        _LISTENERS.append(listener)


def _forget(store: Store, workshop: Workshop) -> None:
    """After a change: the cached copies of the workshop go, and the listeners hear."""
    workshop_id = workshop.id
    store.memo.pop(f"workshop-state:{workshop_id}", None)
    store.memo.pop(f"workshop-row:{workshop_id}", None)
    store.memo.pop(f"workshop-code:{workshop.join_code}", None)
    for listener in list(_LISTENERS):
        try:
            listener(workshop_id)
        except Exception:  # a listener's failure must not undo the facilitator's change
            log.exception("a workshop change listener failed")


def changed(store: Store, workshop: Workshop) -> None:
    """Say that `workshop` changed (for changes made outside this module, such as its
    open question): cached copies go, and the phones' long polls wake."""
    _forget(store, workshop)


def _phone_assessment(store: Store, assessment_id: str) -> Assessment:
    """The assessment as a phone page shows it (name, languages, teams, k), at most
    `ASSESSMENT_TTL_SECONDS` old: every phone that opens or joins reads it, and it
    changes only when a consultant edits it."""
    return _fresh(
        store,
        f"workshop-assessment:{assessment_id}",
        ASSESSMENT_TTL_SECONDS,
        lambda: _assessments.get_assessment(store, assessment_id),
    )


def _fresh(store: Store, key: str, ttl: float, load: Callable[[], T]) -> T:
    """`load()`, kept in `store.memo` under `key` and reused for `ttl` seconds."""
    cached = store.memo.get(key)
    now = time.monotonic()
    if isinstance(cached, tuple) and now - cached[0] < ttl:
        kept: T = cached[1]
        return kept
    value = load()
    store.memo[key] = (now, value)
    return value


# --- facilitator: start, steer, reveal, end -------------------------------------------------------


def _unused_join_code(cur: duckdb.DuckDBPyConnection) -> str:
    for _ in range(100):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if cur.execute("SELECT 1 FROM workshops WHERE join_code = ?", [code]).fetchone() is None:
            return code
    raise RuntimeError("no unused join code found")  # pragma: no cover - 23^6 codes


def start_workshop(
    store: Store,
    assessment: Assessment,
    *,
    title: str | None = None,
    pacing: Pacing = "facilitator",
    ask_team: bool = False,
    now: datetime | None = None,
    by: Actor,
) -> Workshop:
    """Start a live workshop on an assessment, `by` its facilitator; returns it with its
    join code. The questionnaire must have pulse items; asking for teams needs teams."""
    q = _assessments.questionnaire_of(store, assessment)
    if not q.pulse_items():
        raise WorkshopError("no-pulse-items")
    if pacing not in PACINGS:
        raise WorkshopError("bad-pacing")
    if ask_team and not assessment.teams:
        raise WorkshopError("no-teams")
    now = now or utcnow()
    clean = " ".join(str(title or "").split()) or f"Workshop {now:%Y-%m-%d}"
    if len(clean) > MAX_TITLE_CHARS:
        raise WorkshopError("bad-title", limit=MAX_TITLE_CHARS)
    workshop_id = new_id()

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "INSERT INTO workshops (id, assessment_id, join_code, title, pacing, ask_team,"
            " started_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                workshop_id,
                assessment.id,
                _unused_join_code(cur),
                clean,
                pacing,
                bool(ask_team),
                now,
                by.account_id,
            ],
        )
        started = audit.WorkshopStarted(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            title=clean,
            pacing=pacing,
        )
        audit.record(cur, by, started)

    store.write(write)
    return _load(store, workshop_id)


def list_workshops(store: Store, assessment_id: str) -> list[Workshop]:
    """The assessment's workshops, newest first."""
    rows = (
        store.cursor()
        .execute(
            f"SELECT {_COLUMNS} FROM workshops WHERE assessment_id = ?"  # noqa: S608
            " ORDER BY started_at DESC, id",
            [assessment_id],
        )
        .fetchall()
    )
    return [_row_to_workshop(row) for row in rows]


def get_workshop(store: Store, workshop_id: str) -> Workshop:
    """One workshop; WorkshopError `unknown-workshop` when there is none."""
    return _load(store, workshop_id)


def _require_running(workshop: Workshop) -> None:
    if not workshop.running:
        raise WorkshopError("workshop-ended")


def go_to_step(store: Store, workshop: Workshop, assessment: Assessment, step: int) -> Workshop:
    """Move the workshop to a step (0 lobby, 1..D dimensions, D+1 overview); phones in
    a facilitator-paced workshop follow."""
    workshop_id = workshop.id
    _require_running(workshop)
    q = _assessments.questionnaire_of(store, assessment)
    target = max(0, min(int(step), last_step(q)))
    store.write(
        lambda cur: cur.execute("UPDATE workshops SET step = ? WHERE id = ?", [target, workshop_id])
    )
    _forget(store, workshop)
    return _load(store, workshop_id)


def dimension_names(q: Questionnaire, ids: Iterable[str]) -> dict[str, dict[str, str]]:
    """Each dimension's name in every language GapMap speaks, for the audit log."""
    return {i: {lang: q.t(q.dimension(i).name, lang) for lang in words.LANGUAGES} for i in ids}


def room_language(workshop: Workshop, assessment: Assessment) -> str:
    """The language of the shared screens (presenter and projector alike): the one the
    facilitator last chose for the room, else the assessment's first language."""
    if workshop.language in assessment.languages:
        return str(workshop.language)
    return assessment.languages[0]


def set_language(
    store: Store, workshop: Workshop, assessment: Assessment, language: str
) -> Workshop:
    """Show the room's screens in `language` (one of the assessment's): kept with the
    workshop, so a projector in its own window follows on its next refresh. Not audited,
    like a step: it changes what the screens say, not what anyone answered or sees."""
    _require_running(workshop)
    if language not in assessment.languages:
        raise WorkshopError("unknown-language")
    if language == workshop.language:
        return workshop
    store.write(
        lambda cur: cur.execute(
            "UPDATE workshops SET language = ? WHERE id = ?", [language, workshop.id]
        )
    )
    _forget(store, workshop)
    return _load(store, workshop.id)


def set_revealed(
    store: Store,
    workshop: Workshop,
    assessment: Assessment,
    dimension_id: str | None,
    revealed: bool = True,
    *,
    by: Actor,
) -> Workshop:
    """Reveal (or hide again) a dimension's results on the shared screen; `None` means
    every dimension. Results still appear only once k participants have answered."""
    workshop_id = workshop.id
    _require_running(workshop)
    q = _assessments.questionnaire_of(store, assessment)
    ids = [d.id for d in q.dimensions]
    if dimension_id is not None and dimension_id not in ids:
        raise WorkshopError("unknown-dimension", dimension=dimension_id)
    chosen = set(ids) if dimension_id is None else {dimension_id}
    now_revealed = set(workshop.revealed) | chosen if revealed else set(workshop.revealed) - chosen
    ordered = [d for d in ids if d in now_revealed]

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE workshops SET revealed = ? WHERE id = ?", [ordered, workshop_id])
        kind = audit.WorkshopRevealed if revealed else audit.WorkshopHidden
        event = kind(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            title=workshop.title,
            dimension_ids=tuple(chosen),
            dimension_names=dimension_names(q, chosen),
        )
        audit.record(cur, by, event)

    store.write(write)
    _forget(store, workshop)
    return _load(store, workshop_id)


def end_workshop(
    store: Store,
    workshop: Workshop,
    assessment: Assessment,
    *,
    now: datetime | None = None,
    by: Actor,
) -> Workshop:
    """End the workshop: no more answers, and the participants' answers become final
    (submitted), a wave of their own. Ending an ended workshop changes nothing."""
    workshop_id = workshop.id
    if not workshop.running:
        return workshop
    now = now or utcnow()

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "UPDATE workshops SET ended_at = ? WHERE id = ? AND ended_at IS NULL",
            [now, workshop_id],
        )
        cur.execute(
            "UPDATE respondents SET submitted_hour = ?"
            " WHERE workshop_id = ? AND submitted_hour IS NULL",
            [hour_of(now), workshop_id],
        )
        ended = audit.WorkshopEnded(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            title=workshop.title,
        )
        audit.record(cur, by, ended)

    store.write(write)
    _forget(store, workshop)
    ended = _load(store, workshop_id)
    # The final release: answers are frozen now, so what it holds is what the summary
    # and the trend show from here on.
    _held_results(store, ended, assessment, _assessments.questionnaire_of(store, assessment))
    return ended


# --- held results: one per workshop and dimension ---------------------------------------------
#
# What the shared screen (in every language), the summary and the trend show of a
# dimension is its *held result*: the figures of its last release, kept in
# `workshop_releases` (so a restart changes nothing). A new release is made when at
# least k participants have changed their answer on the dimension (or answered it for
# the first time) since the last one, and only if the disclosure audit lets at least
# the room be shown; subgroups the audit hides stay hidden, with the reason.
#
# The audit (`disclosure.decide`) sees what a viewer who kept every earlier look holds:
# one equation per group shown in each release, over *era cells*. A participant's
# answer on a dimension belongs to the era of the release that first counted it; a
# participant who changes it leaves their old era cell (which keeps, as departed, the
# head-count it had) and joins the new era. An erased participant leaves the same way,
# at the next release. A second view of the same people (first answer plus each change
# as cells of their own) keeps any group from stepping by fewer than k changes
# (`_next_release`). Until the next release, a dimension whose released answers lost a
# participant shows nothing ("paused"), so deleted answers never stay on screen.
# Releases come at most every RELEASE_SECONDS while the workshop runs.

DimensionStatus = Literal["hidden", "waiting", "paused", "shown"]
# A group the screen may show: (grouping, perspective, team).
GroupName = tuple[str, str | None, str | None]
ROOM: Final[GroupName] = ("organisation", None, None)
# An era cell: (perspective, role, team, entered, departed); departed None = still there.
EraCell = tuple[str, str, str | None, int, int | None]
# The published figures of a group (GroupResult's fields beside its name).
_FIGURES = (
    "n",
    "mean",
    "sd",
    "ci_low",
    "ci_high",
    "rwg",
    "dont_know_share",
    "level",
    "core_n",
    "core_mean",
    "core_sd",
)
# Why a group of a held result is hidden, when the screen says so (not "empty").
HIDDEN_REASONS: Final = ("below_k", "protects_smaller")


class _Gate:
    """Phones' answer writes share the gate; a release closes it while it reads the
    answers, so no answer is half-written then (its sequence number taken, not yet
    committed) and every later answer is numbered after the release's watermark.
    A waiting release goes first, so a busy room cannot keep it out."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._writers = 0
        self._closed = False
        self._waiting = 0
        # Releases under way: answer writes keep every row meanwhile (`_compact`).
        self.releasing = 0

    @contextmanager
    def release(self) -> Iterator[None]:
        """Mark a release under way, from before it closes the gate until it committed."""
        with self._cond:
            self.releasing += 1
        try:
            yield
        finally:
            with self._cond:
                self.releasing -= 1

    @contextmanager
    def shared(self) -> Iterator[None]:
        with self._cond:
            while self._closed or self._waiting:
                self._cond.wait()
            self._writers += 1
        try:
            yield
        finally:
            with self._cond:
                self._writers -= 1
                if not self._writers:
                    self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._waiting += 1
            while self._closed or self._writers:
                self._cond.wait()
            self._waiting -= 1
            self._closed = True

    def open(self) -> None:
        with self._cond:
            self._closed = False
            self._cond.notify_all()


_GATES: weakref.WeakKeyDictionary[Store, dict[str, _Gate]] = weakref.WeakKeyDictionary()
_GATES_LOCK = threading.Lock()


def _gate(store: Store, workshop_id: str) -> _Gate:
    with _GATES_LOCK:
        gates = _GATES.setdefault(store, {})
        return gates.setdefault(workshop_id, _Gate())


@dataclass(frozen=True)
class HeldResult:
    """A dimension's held result: the figures of its last release (`release` 0: none
    yet), every group it published (shown with figures, hidden with `reason`), the
    room's answers per item and option (-1: "don't know"), and where it stands now:
    `paused` when a participant it counted was erased since (nothing may be shown
    until the next release), `pending` participants changed since (the next release
    waits for k), `answered` participants with an answer now."""

    dimension_id: str
    release: int
    made_at: datetime | None
    results: tuple[GroupResult, ...]
    counts: Mapping[str, Mapping[int, int]]
    paused: bool
    pending: int
    answered: int

    @property
    def showable(self) -> bool:
        return self.release > 0 and not self.paused

    def group(self, name: GroupName) -> GroupResult | None:
        grouping, perspective, team = name
        for r in self.results:
            if (r.grouping, r.perspective, r.team) == (grouping, perspective, team):
                return r
        return None


@dataclass(frozen=True)
class _Release:
    """One stored release, as read back (its audit data is read only to make the next)."""

    number: int
    made_at: datetime
    watermark: int
    members: int
    results: tuple[GroupResult, ...]
    counts: Mapping[str, Mapping[int, int]]


@dataclass(frozen=True)
class _Status:
    """A dimension's answers now, against its last release's watermark."""

    answered: int = 0  # participants with an answer now
    changed: int = 0  # participants with an answer written after the watermark
    members: int = 0  # participants with an answer written up to the watermark
    last_seq: int = 0
    rows: int = 0


_LATEST = """
SELECT dimension_id, number, made_at, watermark, members, publication
FROM workshop_releases WHERE workshop_id = ?
QUALIFY row_number() OVER (PARTITION BY dimension_id ORDER BY number DESC) = 1
"""
_LATEST_AUDIT = """
SELECT dimension_id, number, audit
FROM workshop_releases WHERE workshop_id = ?
QUALIFY row_number() OVER (PARTITION BY dimension_id ORDER BY number DESC) = 1
"""
_STATUS = """
WITH marks AS (SELECT unnest($dims) AS dimension_id, unnest($marks) AS mark),
given AS (
    SELECT a.respondent, i.dimension_id, a.seq, a.superseded,
           (a.dont_know OR a.value IS NOT NULL) AS answered
    FROM answers a
    JOIN respondents r ON r.num = a.respondent
    JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
    WHERE r.workshop_id = $workshop
)
SELECT g.dimension_id,
       count(DISTINCT g.respondent) FILTER (WHERE NOT g.superseded AND g.answered),
       count(DISTINCT g.respondent) FILTER (WHERE g.seq > m.mark),
       count(DISTINCT g.respondent) FILTER (WHERE g.seq <= m.mark),
       max(g.seq), count(*)
FROM given g JOIN marks m ON m.dimension_id = g.dimension_id
GROUP BY g.dimension_id
"""
# Participants with an answer now, per dimension: the `answered` part of `_STATUS` alone
# (bench/bench_workshop.py times it as a part of the refresh).
_ANSWERED = """
SELECT i.dimension_id, count(DISTINCT a.respondent)
FROM answers a
JOIN respondents r ON r.num = a.respondent
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
WHERE r.workshop_id = $workshop AND NOT a.superseded AND (a.dont_know OR a.value IS NOT NULL)
GROUP BY i.dimension_id
"""
# Every answer row of the participants, superseded ones included: the history the eras
# are read from (a participant's rows are only ever appended, or erased all at once).
_HISTORY = """
SELECT a.respondent, r.role_id, r.team_id, a.item, a.seq, a.value, a.dont_know
FROM answers a JOIN respondents r ON r.num = a.respondent
WHERE r.workshop_id = ?
ORDER BY a.respondent, a.seq
"""


def _group_names(q: Questionnaire, assessment: Assessment, ask_team: bool) -> list[GroupName]:
    """The groups a workshop's results are published for: the room, leadership and
    front line, and (when participants gave their team) teams and perspective x team."""
    perspectives = sorted({r.perspective for r in q.roles})
    names: list[GroupName] = [ROOM, *(("perspective", p, None) for p in perspectives)]
    if ask_team:
        teams = [t.id for t in assessment.teams]
        names += [("team", None, t) for t in teams]
        names += [("perspective_team", p, t) for p in perspectives for t in teams]
    return names


def _in_group(name: GroupName, perspective: str, team: str | None) -> bool:
    _, p, t = name
    return (p is None or p == perspective) and (t is None or t == team)


def _result_json(r: GroupResult) -> dict[str, Any]:
    return {
        "grouping": r.grouping,
        "perspective": r.perspective,
        "team": r.team,
        "suppressed": r.suppressed,
        "reason": r.reason,
        **{name: getattr(r, name) for name in _FIGURES},
    }


def _result_from_json(data: Mapping[str, Any], dimension_id: str) -> GroupResult:
    return GroupResult(
        str(data["grouping"]),
        data["perspective"],
        None,
        data["team"],
        dimension_id,
        suppressed=bool(data["suppressed"]),
        reason=data.get("reason"),
        **{name: data.get(name) for name in _FIGURES},
    )


def _hidden(name: GroupName, dimension_id: str, reason: str | None) -> GroupResult:
    grouping, perspective, team = name
    return GroupResult(
        grouping, perspective, None, team, dimension_id, suppressed=True, reason=reason
    )


def _latest_releases(store: Store, workshop_id: str) -> dict[str, _Release]:
    """Each dimension's last release (parsed once per process and release)."""
    out: dict[str, _Release] = {}
    rows = store.cursor().execute(_LATEST, [workshop_id]).fetchall()
    for dimension_id, number, made_at, watermark, members, publication in rows:
        key = f"workshop-release:{workshop_id}:{dimension_id}"
        cached = store.memo.get(key)
        if isinstance(cached, _Release) and cached.number == number:
            out[dimension_id] = cached
            continue
        data = json.loads(publication)
        release = _Release(
            int(number),
            made_at,
            int(watermark),
            int(members),
            tuple(_result_from_json(r, dimension_id) for r in data["results"]),
            {
                item: {int(option): int(n) for option, n in per.items()}
                for item, per in data["counts"].items()
            },
        )
        store.memo[key] = release
        out[dimension_id] = release
    return out


def _status(
    store: Store,
    workshop: Workshop,
    assessment: Assessment,
    q: Questionnaire,
    latest: Mapping[str, _Release],
) -> dict[str, _Status]:
    dims = [d.id for d in q.dimensions]
    marks = [latest[d].watermark if d in latest else 0 for d in dims]
    rows = (
        store.cursor()
        .execute(
            _STATUS,
            {
                "dims": dims,
                "marks": marks,
                "hash": assessment.content_hash,
                "workshop": workshop.id,
            },
        )
        .fetchall()
    )
    out = {d: _Status() for d in dims}
    for dimension_id, answered, changed, members, last_seq, count in rows:
        out[dimension_id] = _Status(
            int(answered), int(changed), int(members), int(last_seq or 0), int(count)
        )
    return out


def _held_results(
    store: Store, workshop: Workshop, assessment: Assessment, q: Questionnaire
) -> dict[str, HeldResult]:
    """Every dimension's held result, after making the releases that are due."""
    k = assessment.anonymity_threshold
    latest = _latest_releases(store, workshop.id)
    status = _status(store, workshop, assessment, q, latest)

    def fingerprint(dimension_id: str) -> tuple[int, ...]:
        s = status[dimension_id]
        number = latest[dimension_id].number if dimension_id in latest else 0
        return (k, number, s.last_seq, s.rows, s.members)

    now = utcnow()

    def rested(dimension_id: str) -> bool:
        """The last release is old enough for the next (always, once the workshop ended:
        its answers are final)."""
        last = latest.get(dimension_id)
        return (
            last is None
            or not workshop.running
            or (now - last.made_at).total_seconds() >= RELEASE_SECONDS
        )

    due = [
        d.id
        for d in q.dimensions
        if disclosure.release_due(status[d.id].changed, k)
        and rested(d.id)
        and store.memo.get(f"workshop-tried:{workshop.id}:{d.id}") != fingerprint(d.id)
    ]
    if due:
        tried = {d: fingerprint(d) for d in due}
        _make_releases(store, workshop, assessment, q, due)
        before = {d: latest[d].number if d in latest else 0 for d in due}
        latest = _latest_releases(store, workshop.id)
        status = _status(store, workshop, assessment, q, latest)
        for dimension_id in due:
            if dimension_id not in latest or latest[dimension_id].number == before[dimension_id]:
                # Not released (the audit would hide the room): try again after a change.
                store.memo[f"workshop-tried:{workshop.id}:{dimension_id}"] = tried[dimension_id]
    out = {}
    for dim in q.dimensions:
        s = status[dim.id]
        release = latest.get(dim.id)
        if release is None:
            out[dim.id] = HeldResult(dim.id, 0, None, (), {}, False, s.changed, s.answered)
            continue
        out[dim.id] = HeldResult(
            dim.id,
            release.number,
            release.made_at,
            release.results,
            release.counts,
            s.members < release.members,  # someone it counted was erased
            s.changed,
            s.answered,
        )
    return out


# --- making a release ---------------------------------------------------------------------------


@dataclass
class _Audit:
    """What the next release's audit needs of the earlier ones: their watermarks, the
    groups each showed, and head-counts per cell and measure in two views of the same
    people (see `_next_release`): `cells` by era (an answer version leaves its cell
    when the participant changes it), `changes` as first answer plus each change."""

    marks: list[int] = field(default_factory=list)
    history: list[list[GroupName]] = field(default_factory=list)
    cells: dict[EraCell, list[int]] = field(default_factory=dict)
    changes: dict[ChangeCell, list[int]] | None = field(default_factory=dict)

    def to_json(self, measures: Sequence[str]) -> str:
        return json.dumps(
            {
                "measures": list(measures),
                "marks": self.marks,
                "history": [[list(name) for name in shown] for shown in self.history],
                "cells": [[*cell, counts] for cell, counts in sorted(self.cells.items(), key=repr)],
                "changes": [
                    [*cell, counts]
                    for cell, counts in sorted((self.changes or {}).items(), key=repr)
                ],
            }
        )

    @classmethod
    def from_json(cls, text: str) -> _Audit:
        data = json.loads(text)
        changes = None
        if "changes" in data:
            changes = {
                (str(kind), str(p), str(role), team, int(entered), _int(left)): [
                    int(n) for n in counts
                ]
                for kind, p, role, team, entered, left, counts in data["changes"]
            }
        return cls(
            [int(m) for m in data["marks"]],
            [[(str(g), p, t) for g, p, t in shown] for shown in data["history"]],
            {
                (str(p), str(role), team, int(entered), _int(left)): [int(n) for n in counts]
                for p, role, team, entered, left, counts in data["cells"]
            },
            changes,
        )


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


# One answer row: (seq, item position, value, don't know).
_Row = tuple[int, int, float | None, bool]
# A cell of the changes view: ("first" or "change", perspective, role, team, entered, left).
ChangeCell = tuple[str, str, str, str | None, int, int | None]


def _state(rows: Sequence[_Row]) -> dict[int, _Row]:
    """Each item's latest row (rows in seq order)."""
    return {row[1]: row for row in rows}


def _measures(q: Questionnaire, dimension_id: str) -> list[int]:
    """Positions of the dimension's pulse items with an answer scale (one head-count each)."""
    return [
        n
        for n, item in enumerate(q.items)
        if item.dimension == dimension_id and item.pulse and item.type in SCORED_TYPES
    ]


def _vector(q: Questionnaire, items: Sequence[int], state: Mapping[int, _Row]) -> list[int]:
    """A participant's head-counts: [has a score, has a core-item score, then per item:
    answered it ("don't know" included)]."""
    scored = core = 0
    for _, position, value, dont_know in state.values():
        item = q.items[position]
        if item.feeds_score and not dont_know and value is not None:
            scored = 1
            core = core or int(item.is_core)
    given = [int(p in state and (state[p][3] or state[p][2] is not None)) for p in items]
    return [scored, core, *given]


def _add(table: dict[Any, list[int]], key: Any, vector: Sequence[int], sign: int = 1) -> None:
    acc = table.setdefault(key, [0] * len(vector))
    for n, v in enumerate(vector):
        acc[n] += sign * v


def _versions(
    q: Questionnaire, items: Sequence[int], rows: Sequence[_Row], marks: Sequence[int]
) -> list[tuple[int, list[int]]]:
    """A participant's answer on the dimension as releases counted it: (the release
    that first counted it, head-counts) per version, oldest first."""
    seqs = [row[0] for row in rows]
    out: list[tuple[int, list[int]]] = []
    counted = 0
    for release, mark in enumerate(marks, start=1):
        length = bisect.bisect_right(seqs, mark)
        if length > counted:  # answered or changed since the release before
            out.append((release, _vector(q, items, _state(rows[:length]))))
            counted = length
    return out


_People = Mapping[int, tuple[str, str | None, list[_Row]]]


def _tables(
    q: Questionnaire, items: Sequence[int], people: _People, marks: Sequence[int]
) -> tuple[dict[EraCell, list[int]], dict[ChangeCell, list[int]]]:
    """The head-counts of everyone still here, as of the release after `marks`' last,
    in both views: by era (a version leaves its cell at the release that counted the
    next one), and by first answer plus changes (the head-count of a change is who it
    touches in each measure: the old or the new version counts there)."""
    perspective_of: dict[str, str] = {r.id: r.perspective for r in q.roles}
    eras: dict[EraCell, list[int]] = {}
    changes: dict[ChangeCell, list[int]] = {}
    for role, team, rows in people.values():
        perspective = perspective_of.get(role)
        if perspective is None:
            continue
        versions = _versions(q, items, rows, marks)
        for n, (entered, vector) in enumerate(versions):
            left = versions[n + 1][0] if n + 1 < len(versions) else None
            if any(vector):
                _add(eras, (perspective, role, team, entered, left), vector)
            if n == 0:
                if any(vector):
                    _add(changes, ("first", perspective, role, team, entered, None), vector)
            else:
                touched = [max(a, b) for a, b in zip(versions[n - 1][1], vector, strict=True)]
                if any(touched):
                    _add(changes, ("change", perspective, role, team, entered, None), touched)
    return eras, changes


Cell = TypeVar("Cell", EraCell, ChangeCell)


def _with_ghosts(
    now: dict[Cell, list[int]],
    stored: Mapping[Cell, list[int]],
    recounted: Mapping[Cell, list[int]],
    number: int,
    left: Callable[[Cell, int], Cell],
) -> dict[Cell, list[int]] | None:
    """`now` plus the cells of participants erased since: what the last release counted
    (`stored`) less what its answers give today (`recounted`). Cells still present then
    leave at release `number`. None when the answers before the watermark changed
    otherwise (they never should)."""
    out = {cell: list(v) for cell, v in now.items()}
    for cell in set(stored) | set(recounted):
        width = len(stored.get(cell) or recounted[cell])
        gone = [
            a - b
            for a, b in zip(
                stored.get(cell, [0] * width), recounted.get(cell, [0] * width), strict=True
            )
        ]
        if any(n < 0 for n in gone):
            return None
        if any(gone):
            _add(out, cell if cell[-1] is not None else left(cell, number), gone)
    return out


def _present(entered: int, left: int | None, at: int) -> bool:
    return entered <= at and (left is None or at < left)


@dataclass(frozen=True)
class _Made:
    publication: str
    audit: str
    members: int


def _decide(
    names: Sequence[GroupName],
    views: Sequence[tuple[Mapping[Hashable, Sequence[int]], Callable[[Hashable, int], bool]]],
    history: Sequence[Sequence[GroupName]],
    k: int,
) -> dict[GroupName, disclosure.Decision]:
    """What to show of `names` now, audited in every view of the cells (each: head-
    counts per cell, and whether a cell is in a group at a release; release 0 = now)
    together with every earlier release's groups. The first view decides
    (`disclosure.decide`); a group a later view still finds a derivation through is
    hidden too, the cheapest first, and the first view decides again without it."""

    def equations(
        view: tuple[Mapping[Hashable, Sequence[int]], Callable[[Hashable, int], bool]],
    ) -> tuple[dict[Hashable, frozenset[Hashable]], list[frozenset[Hashable]]]:
        people, member = view
        now: dict[Hashable, frozenset[Hashable]] = {
            name: frozenset(c for c in people if member(c, 0) and _in(name, c)) for name in names
        }
        earlier = [
            frozenset(c for c in people if member(c, at) and _in(name, c))
            for at, shown in enumerate(history, start=1)
            for name in shown
        ]
        return now, earlier

    first_groups, first_published = equations(views[0])
    others = [(view[0], *equations(view)) for view in views[1:]]
    cost = {name: sum(views[0][0][c][0] for c in first_groups[name]) for name in names}
    removed: dict[GroupName, disclosure.Decision] = {}
    # Per later view: (measure, cells) that earlier releases alone give away (a group
    # shown then has lost people since): nothing shown now can undo that; look past it.
    given_away: list[list[tuple[int, frozenset[Hashable]]]] = [[] for _ in others]
    while True:
        asked: dict[Hashable, frozenset[Hashable]] = {
            name: first_groups[name] for name in names if name not in removed
        }
        decided = disclosure.decide(asked, views[0][0], k, published=first_published)
        shown = [name for name in names if name in asked and decided[name].reason == "shown"]
        for (people, groups, published), skip in zip(others, given_away, strict=True):
            eqs = [*published, *(groups[name] for name in shown)]
            leak = disclosure.audit(eqs, people, k, skip=skip)
            if leak is None:
                continue
            cells = [c for c in people if people[c][leak.measure] > 0]
            used = disclosure.derivation(eqs, leak.cells, cells)
            if used is None:  # the fast derivation missed it: hide around the set
                candidates = [n for n in shown if groups[n] & leak.cells]
            else:
                candidates = [shown[i - len(published)] for i in used if i >= len(published)]
            if not candidates and disclosure.audit(published, people, k, skip=skip):
                skip.append((leak.measure, leak.cells))
                break
            candidates = candidates or [n for n in shown if groups[n] & leak.cells] or shown
            cheapest = min(candidates, key=lambda name: (cost[name], repr(name)))
            removed[cheapest] = disclosure.PROTECTS
            break
        else:
            return {name: removed.get(name) or decided[name] for name in names}


def _in(name: GroupName, cell: Hashable) -> bool:
    """Whether an audit cell (…, perspective, team, entered, left) lies in a group."""
    parts = cast(tuple[Any, ...], cell)
    return _in_group(name, parts[-4], parts[-3])


def _next_release(
    q: Questionnaire,
    dimension_id: str,
    people: _People,
    earlier: _Audit,
    number: int,
    watermark: int,
    k: int,
    names: Sequence[GroupName],
    raw: Scores,
) -> _Made | None:
    """Release `number` of a dimension, or None when the audit does not let the room be
    shown (or the answers no longer agree with what the last release counted).

    Two views of the same people are audited, each with every earlier release:
    - by era (issue 16's model): a version of an answer sits in the cell of the release
      that first counted it, and leaves it when the participant changes it, so no set
      of fewer than k answers as counted at some release can be worked out;
    - by change: a participant's first answer, then each change (new minus old) as a
      cell of its own, so no group shows a step of fewer than k changes either (the
      same people's old and new answers, compared, give what they changed).
    An erased participant's cells leave at this release in both views."""
    items = _measures(q, dimension_id)
    marks = [*earlier.marks, watermark]
    eras_now, changes_now = _tables(q, items, people, marks)
    eras_then, changes_then = _tables(q, items, people, earlier.marks)
    eras = _with_ghosts(eras_now, earlier.cells, eras_then, number, lambda c, n: (*c[:4], n))
    stored_changes = earlier.changes if earlier.changes is not None else changes_then
    changes = _with_ghosts(
        changes_now, stored_changes, changes_then, number, lambda c, n: (*c[:5], n)
    )
    if eras is None or changes is None:
        log.warning("workshop release: answers before the watermark changed; not released")
        return None
    room = _raw_result(raw, ROOM, dimension_id)
    if (room.n or 0) != sum(v[0] for c, v in eras.items() if c[4] is None):
        log.warning("workshop release: scores and head-counts disagree; not released")
        return None

    # Roles always appear together in the groups shown: merged, the audit is the same.
    by_era: dict[Hashable, list[int]] = {}
    for (perspective, _role, team, entered, left), vector in eras.items():
        _add(by_era, (perspective, team, entered, left), vector)
    by_change: dict[Hashable, list[int]] = {}
    for (kind, perspective, _role, team, entered, left), vector in changes.items():
        _add(by_change, (kind, perspective, team, entered, left), vector)

    def member(cell: Hashable, at: int) -> bool:
        parts = cast(tuple[Any, ...], cell)
        return _present(parts[-2], parts[-1], at or number)

    decisions = _decide(
        names,
        [
            ({c: tuple(v) for c, v in by_era.items()}, member),
            ({c: tuple(v) for c, v in by_change.items()}, member),
        ],
        earlier.history,
        k,
    )
    if decisions[ROOM].reason != "shown" or not room.n:
        return None

    results = []
    for name in names:
        decision = decisions[name]
        found = _raw_result(raw, name, dimension_id)
        if decision.reason == "shown" and not found.suppressed and found.n:
            results.append(_result_json(found))
        else:
            reason = "empty" if decision.visible else decision.reason
            results.append(_result_json(_hidden(name, dimension_id, reason)))
    counts: dict[str, dict[str, int]] = {}
    for _role, _team, rows in people.values():
        for _seq, position, value, dont_know in _state(rows).values():
            if position in items and (dont_know or value is not None):
                per = counts.setdefault(q.items[position].id, {})
                option = "-1" if dont_know else str(int(value or 0))
                per[option] = per.get(option, 0) + 1
    shown = [name for name in names if decisions[name].reason == "shown"]
    after = _Audit(marks, [*earlier.history, shown], eras, changes)
    publication = {
        "results": results,
        "counts": counts,
        "shown": [list(name) for name in shown],
    }
    measures = ["scored", "core", *(f"item:{q.items[p].id}" for p in items)]
    members = sum(1 for _, _, rows in people.values() if rows)
    return _Made(json.dumps(publication), after.to_json(measures), members)


def _raw_result(raw: Scores, name: GroupName, dimension_id: str) -> GroupResult:
    grouping, perspective, team = name
    for r in raw.results:
        if (r.grouping, r.perspective, r.team, r.dimension) == (
            grouping,
            perspective,
            team,
            dimension_id,
        ) and (r.role is None):
            return r
    return _hidden(name, dimension_id, "empty")


def _make_releases(
    store: Store, workshop: Workshop, assessment: Assessment, q: Questionnaire, due: Sequence[str]
) -> None:
    """Make the due dimensions' next releases, from one reading of the answers."""
    gate = _gate(store, workshop.id)
    with store.serialised(f"workshop-release:{workshop.id}"), gate.release():
        closed = False

        def release(cur: duckdb.DuckDBPyConnection) -> None:
            nonlocal closed
            if not closed:  # a retry: DuckDB takes the snapshot at the first read below
                gate.close()
                closed = True
            history = cur.execute(_HISTORY, [workshop.id]).fetchall()
            gate.open()  # the snapshot is taken: later answers come after it
            closed = False
            _release(store, cur, workshop, assessment, q, due, history)

        try:
            gate.close()
            closed = True
            store.write(release)
        except (duckdb.Error, GapMapError):
            # The screen keeps the held results; the next refresh tries again.
            log.exception("workshop release failed")
        finally:
            if closed:
                gate.open()


def _release(
    store: Store,
    cur: duckdb.DuckDBPyConnection,
    workshop: Workshop,
    assessment: Assessment,
    q: Questionnaire,
    due: Sequence[str],
    history: Sequence[tuple[Any, ...]],
) -> None:
    k = assessment.anonymity_threshold
    by_dimension: dict[str, dict[int, tuple[str, str | None, list[_Row]]]] = {}
    watermark = 0
    for num, role, team, position, seq, value, dont_know in history:
        watermark = max(watermark, int(seq))
        table = by_dimension.setdefault(q.items[int(position)].dimension, {})
        entry = table.setdefault(int(num), (str(role), team, []))
        entry[2].append((int(seq), int(position), value, bool(dont_know)))
    audits = {
        str(d): (int(n), _Audit.from_json(text))
        for d, n, text in cur.execute(_LATEST_AUDIT, [workshop.id]).fetchall()
    }
    raw = score_workshop(
        store,
        replace(assessment, anonymity_threshold=1),  # every group's figures, decided below
        q,
        workshop.id,
        by_team=workshop.ask_team,
    )
    names = _group_names(q, assessment, workshop.ask_team)
    now = utcnow()
    for dimension_id in due:
        number, earlier = audits.get(dimension_id, (0, _Audit()))
        rows = by_dimension.get(dimension_id, {})
        last = earlier.marks[-1] if earlier.marks else 0
        changed = sum(1 for _, _, r in rows.values() if r and r[-1][0] > last)
        if not disclosure.release_due(changed, k):
            continue  # released meanwhile
        made = _next_release(q, dimension_id, rows, earlier, number + 1, watermark, k, names, raw)
        if made is None:
            continue
        cur.execute(
            "INSERT INTO workshop_releases (workshop_id, dimension_id, number, made_at,"
            " watermark, members, publication, audit) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                workshop.id,
                dimension_id,
                number + 1,
                now,
                watermark,
                made.members,
                made.publication,
                made.audit,
            ],
        )


# --- the live view ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DimensionLive:
    """One dimension on the shared screen. `status`: hidden (not revealed yet), waiting
    (revealed, nothing released yet: fewer than k answers), paused (an answer its held
    result counted was deleted: nothing is shown until k more participants change), or
    shown (the figures below are set, from the held result)."""

    dimension_id: str
    answered: int  # participants with any answer to its pulse items, now
    status: DimensionStatus
    result: GroupResult | None = None  # the whole room
    perspectives: tuple[GroupResult, ...] = ()  # leadership / front line, when both shown
    # Groups of the held result that are not shown, each with its reason (below_k,
    # protects_smaller); empty groups are left out.
    hidden: tuple[GroupResult, ...] = ()
    release: int = 0  # the held result's release number (0: none yet)
    pending: int = 0  # participants changed since it; the next release waits for k


@dataclass(frozen=True)
class LiveView:
    """Everything one refresh of the facilitator's screen shows, already anonymised."""

    workshop: Workshop
    assessment: Assessment
    questionnaire: Questionnaire
    k: int
    joined: int
    dimensions: tuple[DimensionLive, ...]
    analysis: Analysis  # only shown dimensions carry figures; for the charts
    distributions: tuple[ItemDistribution, ...] = ()  # the current dimension, when shown

    def dimension(self, dimension_id: str) -> DimensionLive:
        for d in self.dimensions:
            if d.dimension_id == dimension_id:
                return d
        raise KeyError(dimension_id)

    @property
    def current(self) -> Dimension | None:
        return dimension_at(self.questionnaire, self.workshop.step)


def _population(workshop: Workshop, assessment: Assessment) -> Assessment:
    """The assessment as the workshop's results describe it (teams only when asked)."""
    return assessment if workshop.ask_team else replace(assessment, teams=())


def _scores_of(
    workshop: Workshop,
    assessment: Assessment,
    q: Questionnaire,
    held: Mapping[str, HeldResult],
    shown: set[str],
    respondents: int,
) -> Scores:
    """The held results of the `shown` dimensions as Scores (the other dimensions, and
    the overall index unless every dimension is shown, suppressed)."""
    names = _group_names(q, assessment, workshop.ask_team)
    results: list[GroupResult] = []
    for dim in q.dimensions:
        h = held[dim.id]
        if dim.id in shown and h.showable:
            published = {(r.grouping, r.perspective, r.team): r for r in h.results}
            results += [published.get(name) or _hidden(name, dim.id, "below_k") for name in names]
        else:
            results += [_hidden(name, dim.id, "below_k") for name in names]
    overall = overall_indexes(q, results)
    if len(shown) < len(q.dimensions):  # no index over part of the model
        overall = [
            Overall(o.grouping, o.perspective, o.role, o.team, suppressed=True) for o in overall
        ]
    return Scores(
        _population(workshop, assessment),
        q,
        assessment.anonymity_threshold,
        respondents,
        results,
        overall,
    )


def _analysis_of(scores: Scores) -> Analysis:
    return Analysis(
        scores=scores,
        gaps=gaps_to_target(scores),
        perception=perception_gaps(scores),
        perception_by_team=[],
        findings=[],
        barriers=[],
        actions=[],
    )


def _distributions(
    q: Questionnaire, held: HeldResult, language: str | None, k: int
) -> tuple[ItemDistribution, ...]:
    """The room's answers to the dimension's pulse items, as held, in `language`."""
    out = []
    for item in pulse_items(q, held.dimension_id):
        if item.type not in SCORED_TYPES:
            continue
        per = held.counts.get(item.id, {})
        options = [q.t(o.text, language) for o in q.options_of(item)]
        n = sum(per.values())
        out.append(
            ItemDistribution(
                item.id,
                item.dimension,
                q.t(item.text, language),
                options,
                [per.get(i, 0) for i in range(len(options))] if n else None,
                per.get(-1, 0) if n else None,
                n or None,
                not n,
                item.dont_know,
                k,
                scores=tuple(float(o.score or 0) for o in q.options_of(item)),
                reverse=item.reverse,
            )
        )
    return tuple(out)


def _live(held: HeldResult, revealed: bool) -> DimensionLive:
    if not revealed:
        status: DimensionStatus = "hidden"
    elif held.paused:
        status = "paused"
    elif held.release == 0:
        status = "waiting"
    else:
        status = "shown"
    if status != "shown":
        return DimensionLive(
            held.dimension_id,
            held.answered,
            status,
            release=held.release,
            pending=held.pending,
        )
    sides = tuple(r for r in held.results if r.grouping == "perspective" and not r.suppressed)
    return DimensionLive(
        held.dimension_id,
        held.answered,
        "shown",
        held.group(ROOM),
        sides if len(sides) > 1 else (),
        tuple(r for r in held.results if r.suppressed and r.reason in HIDDEN_REASONS),
        held.release,
        held.pending,
    )


def _joined(store: Store, workshop_id: str) -> int:
    row = (
        store.cursor()
        .execute("SELECT count(*) FROM respondents WHERE workshop_id = ?", [workshop_id])
        .fetchone()
    )
    return int(row[0]) if row else 0


def live_view(
    store: Store, workshop: Workshop, assessment: Assessment, *, language: str | None = None
) -> LiveView:
    """One refresh of the facilitator's screen: joined and answered counts, and the held
    results of every revealed dimension, the same in every language (texts are
    translated here, figures are not recomputed)."""
    q = _assessments.questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    held = _held_results(store, workshop, assessment, q)
    joined = _joined(store, workshop.id)
    dims = tuple(_live(held[d.id], d.id in workshop.revealed) for d in q.dimensions)
    shown = {d.dimension_id for d in dims if d.status == "shown"}
    current = dimension_at(q, workshop.step)
    return LiveView(
        workshop=workshop,
        assessment=_population(workshop, assessment),
        questionnaire=q,
        k=k,
        joined=joined,
        dimensions=dims,
        analysis=_analysis_of(_scores_of(workshop, assessment, q, held, shown, joined)),
        distributions=_distributions(q, held[current.id], language, k)
        if current is not None and current.id in shown
        else (),
    )


def held_scores(store: Store, assessment: Assessment, q: Questionnaire, workshop_id: str) -> Scores:
    """A workshop's held results of every dimension as Scores (a paused one suppressed):
    the workshop's wave in `analysis.trend`. `respondents` is the largest number of
    participants a released room result counts (0: nothing released). No access check:
    the trend's caller has made it."""
    workshop = _load(store, workshop_id)
    return _all_held(store, workshop, assessment, q)


def _all_held(store: Store, workshop: Workshop, assessment: Assessment, q: Questionnaire) -> Scores:
    held = _held_results(store, workshop, assessment, q)
    shown = {d for d, h in held.items() if h.showable}
    rooms = [h.group(ROOM) for h in held.values() if h.showable]
    respondents = max((r.n or 0 for r in rooms if r is not None), default=0)
    return _scores_of(workshop, assessment, q, held, shown, respondents)


def recommended_actions(
    store: Store,
    workshop: Workshop,
    assessment: Assessment,
    survey: Analysis,
    *,
    language: str | None = None,
    limit: int = 10,
) -> list[Recommendation]:
    """Actions the model recommends for what the room has seen so far (the revealed
    dimensions), followed by those the `survey`'s own results call for."""
    q = _assessments.questionnaire_of(store, assessment)
    held = _held_results(store, workshop, assessment, q)
    shown = {d for d, h in held.items() if d in workshop.revealed and h.showable}
    screen = _scores_of(workshop, assessment, q, held, shown, _joined(store, workshop.id))
    chosen = recommend(screen, findings(screen), language=language)
    seen = {r.action.id for r in chosen}
    chosen += [r for r in survey.actions if r.action.id not in seen]
    return chosen[:limit]


# --- participants -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Joinable:
    """What a phone needs to show the join form: the workshop, its assessment and the
    questionnaire (roles, teams, languages). Nothing about other participants."""

    workshop: Workshop
    assessment: Assessment
    questionnaire: Questionnaire


@dataclass(frozen=True)
class Participant:
    """A participant coming back with their secret: who they said they are and their
    answers so far."""

    respondent_id: str
    workshop: Workshop
    assessment: Assessment
    questionnaire: Questionnaire
    role_id: str
    team_id: str | None
    language: str
    answers: dict[str, AnswerValue] = field(default_factory=dict)


@dataclass(frozen=True)
class Joined:
    respondent_id: str
    secret: str
    workshop_id: str


@dataclass(frozen=True)
class PhoneState:
    """Where the workshop stands, as a phone polls it (cached briefly)."""

    step: int
    revealed: tuple[str, ...]
    running: bool
    pacing: Pacing
    open_question: str | None = None


def find_workshop(store: Store, code: str, *, address: str | None = None) -> Joinable:
    """The workshop a join code belongs to, or WorkshopError `unknown-code` / `workshop-ended`.
    From a client `address`, wrong codes are rate-limited (`too-many-attempts`)."""
    with limits.code_attempt(store, address):
        return _find_workshop(store, code)


def _find_workshop(store: Store, code: str) -> Joinable:
    clean = normalise_code(code)

    def load() -> tuple[Any, ...] | None:
        found = (
            store.cursor()
            .execute(
                f"SELECT {_COLUMNS} FROM workshops WHERE join_code = ?",  # noqa: S608
                [clean],
            )
            .fetchone()
        )
        return tuple(found) if found is not None else None

    # A room of phones opens the same code within seconds: one read per half second.
    row = (
        _fresh(store, f"workshop-code:{clean}", STATE_TTL_SECONDS, load)
        if len(clean) == JOIN_CODE_LENGTH
        else None
    )
    if row is None:
        raise WorkshopError("unknown-code")
    workshop = _row_to_workshop(row)
    if not workshop.running:
        raise WorkshopError("workshop-ended")
    assessment = _phone_assessment(store, workshop.assessment_id)
    return Joinable(workshop, assessment, _assessments.questionnaire_of(store, assessment))


def join(
    store: Store,
    code: str,
    *,
    role_id: str,
    team_id: str | None = None,
    language: str | None = None,
    now: datetime | None = None,
    address: str | None = None,
) -> Joined:
    """Join a running workshop as a new anonymous participant; the secret returned is
    the participant's only way back in (a locked phone, a reload). From a client
    `address`, wrong codes and new participants are rate-limited (`too-many-attempts`)."""
    with limits.new_response(store, address):
        find_workshop(store, code, address=address)  # a wrong code counts against it
        [joined] = join_many(store, [JoinRequest(code, role_id, team_id, language)], now=now)
    if isinstance(joined, GapMapError):
        raise joined
    return joined


@dataclass(frozen=True)
class JoinRequest:
    """One phone's join, as `join` takes it."""

    code: str
    role_id: str
    team_id: str | None = None
    language: str | None = None


def _checked_join(store: Store, request: JoinRequest) -> tuple[Joinable, str | None, str]:
    """The workshop, team and language of a join, or a ResponseError / WorkshopError."""
    found = _find_workshop(store, request.code)
    workshop, assessment, q = found.workshop, found.assessment, found.questionnaire
    language = request.language or assessment.languages[0]
    if request.role_id not in {r.id for r in q.roles}:
        raise ResponseError("unknown-role")
    team_id = request.team_id
    if workshop.ask_team:
        if team_id not in {t.id for t in assessment.teams}:
            raise ResponseError("unknown-team")
    else:
        team_id = None
    if language not in assessment.languages:
        raise ResponseError("unknown-language")
    return found, team_id, language


_INSERT_JOINS = """
INSERT INTO respondents (id, assessment_id, secret_hash, role_id, team_id, language, channel,
                         started_hour, workshop_id)
SELECT j.id, w.assessment_id, j.secret_hash, j.role_id, j.team_id, j.language, 'workshop', ?,
       w.id
FROM (SELECT unnest(?::VARCHAR[]) AS id, unnest(?::VARCHAR[]) AS secret_hash,
             unnest(?::VARCHAR[]) AS role_id, unnest(?::VARCHAR[]) AS team_id,
             unnest(?::VARCHAR[]) AS language, unnest(?::VARCHAR[]) AS workshop_id) j
JOIN workshops w ON w.id = j.workshop_id AND w.ended_at IS NULL
RETURNING id, num
"""


def join_many(
    store: Store, requests: Sequence[JoinRequest], *, now: datetime | None = None
) -> list[Joined | GapMapError]:
    """Many phones' joins in one transaction (a group commit: a hall joins within
    seconds, and a transaction per join would queue them); each gets its participant or
    the error that refused it. Rate limits are the caller's (`join`, the phone page)."""
    now = now or utcnow()
    out: list[Joined | GapMapError | None] = [None] * len(requests)
    planned: list[tuple[int, str, str, Joinable, str | None, str]] = []
    for index, request in enumerate(requests):
        try:
            found, team_id, language = _checked_join(store, request)
        except GapMapError as err:
            out[index] = err
            continue
        planned.append(
            (index, new_id(), secrets.token_urlsafe(SECRET_BYTES), found, team_id, language)
        )

    def write(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
        # Inserted only while the workshop runs (re-read inside the transaction).
        rows = cur.execute(
            _INSERT_JOINS,
            [
                hour_of(now),
                [p[1] for p in planned],
                [hash_secret(p[2]) for p in planned],
                [requests[p[0]].role_id for p in planned],
                [p[4] for p in planned],
                [p[5] for p in planned],
                [p[3].workshop.id for p in planned],
            ],
        ).fetchall()
        return {str(rid): int(num) for rid, num in rows}

    nums = store.write(write) if planned else {}
    for index, respondent_id, secret, found, _, language in planned:
        num = nums.get(respondent_id)
        if num is None:
            out[index] = WorkshopError("workshop-ended")
            continue
        w = found.workshop
        # The seat, known at once: the phone's first taps and polls need not look it up.
        store.memo[f"workshop-seat:{hash_secret(secret)}"] = Seat(
            num, requests[index].role_id, w.id, w.pacing, found.assessment.content_hash, language
        )
        out[index] = Joined(respondent_id, secret, w.id)
    return [o if o is not None else WorkshopError("workshop-ended") for o in out]


_PARTICIPANT = """
SELECT r.id, r.num, r.role_id, r.team_id, r.language, w.id
FROM respondents r JOIN workshops w ON w.id = r.workshop_id
WHERE r.secret_hash = ?
"""


def _participant_row(store: Store, secret: str) -> tuple[Any, ...]:
    row = store.cursor().execute(_PARTICIPANT, [hash_secret(str(secret).strip())]).fetchone()
    if row is None:
        raise ResponseError("bad-secret")
    return tuple(row)


def participant(store: Store, secret: str) -> Participant:
    """Everything a returning phone needs: the workshop, who they said they are, and
    their answers so far (an ended workshop too, to say so)."""
    respondent_id, num, role_id, team_id, language, workshop_id = _participant_row(store, secret)
    workshop = _load(store, workshop_id)
    assessment = _phone_assessment(store, workshop.assessment_id)
    q = _assessments.questionnaire_of(store, assessment)
    return Participant(
        respondent_id,
        workshop,
        assessment,
        q,
        role_id,
        team_id,
        language,
        current_answers(store, int(num), q),
    )


@dataclass(frozen=True)
class Seat:
    """What a participant's secret stands for that never changes while they take part:
    their respondent row, role, workshop, its pacing and the questionnaire it pinned."""

    num: int
    role_id: str
    workshop_id: str
    pacing: str
    content_hash: str
    language: str


_SEAT = """
SELECT r.num, r.role_id, w.id, w.pacing, a.content_hash, r.language
FROM respondents r
JOIN workshops w ON w.id = r.workshop_id
JOIN assessments a ON a.id = w.assessment_id
WHERE r.secret_hash = ?
"""


def seat_of(store: Store, secret: str) -> Seat:
    """The participant's seat (refused `bad-secret` when there is none), looked up once
    per process (every tap and every saved-count read needs it); `answer` checks in its
    write that the respondent still exists."""
    hashed = hash_secret(str(secret).strip())
    key = f"workshop-seat:{hashed}"
    cached = store.memo.get(key)
    if isinstance(cached, Seat):
        return cached
    row = store.cursor().execute(_SEAT, [hashed]).fetchone()
    if row is None:
        _participant_row(store, secret)  # raises bad-secret
        raise AssertionError("unreachable")  # pragma: no cover
    num, role_id, workshop_id, pacing, content_hash, language = row
    seat = Seat(
        int(num), str(role_id), str(workshop_id), str(pacing), str(content_hash), str(language)
    )
    store.memo[key] = seat
    return seat


_SEATS = """
SELECT r.secret_hash, r.num, r.role_id, w.id, w.pacing, a.content_hash, r.language
FROM respondents r
JOIN workshops w ON w.id = r.workshop_id
JOIN assessments a ON a.id = w.assessment_id
WHERE r.secret_hash IN (SELECT unnest(?::VARCHAR[]))
"""


def seats_of(store: Store, their_secrets: Sequence[str]) -> list[Seat | None]:
    """The seats of many participants, in order: those this process knows from memory,
    all the others in one query (after a restart a whole room comes back within a
    second, and a query per phone would queue them); None for a secret with no seat
    (`seat_of` refuses it `bad-secret`). Each seat found is kept, as `seat_of` keeps it."""
    hashed = [hash_secret(str(secret).strip()) for secret in their_secrets]
    found: dict[str, Seat] = {}
    for one in hashed:
        cached = store.memo.get(f"workshop-seat:{one}")
        if isinstance(cached, Seat):
            found[one] = cached
    unknown = sorted({one for one in hashed if one not in found})
    if unknown:
        for row in store.cursor().execute(_SEATS, [unknown]).fetchall():
            secret_hash, num, role_id, workshop_id, pacing, content_hash, language = row
            seat = Seat(
                int(num),
                str(role_id),
                str(workshop_id),
                str(pacing),
                str(content_hash),
                str(language),
            )
            found[str(secret_hash)] = seat
            store.memo[f"workshop-seat:{secret_hash}"] = seat
    return [found.get(one) for one in hashed]


def known_seat(store: Store, secret: str) -> Seat | None:
    """The seat when this process already knows it (it joined here, or has been seen
    since): no database read, so a page's event loop may call it."""
    cached = store.memo.get(f"workshop-seat:{hash_secret(str(secret).strip())}")
    return cached if isinstance(cached, Seat) else None


def forget_seat(store: Store, secret: str) -> None:
    """Drop the process's copy of a seat (after the participant erased their answers)."""
    store.memo.pop(f"workshop-seat:{hash_secret(str(secret).strip())}", None)


@dataclass(frozen=True)
class PhoneView:
    """What a phone page shows a participant: their seat, the workshop (at most
    `STATE_TTL_SECONDS` old), the assessment (at most `ASSESSMENT_TTL_SECONDS` old), the
    pinned questionnaire and, when asked for, their stored answers."""

    seat: Seat
    workshop: Workshop
    assessment: Assessment
    questionnaire: Questionnaire
    answers: dict[str, AnswerValue] | None


def phone_view(store: Store, secret: str, *, answers: bool = True) -> PhoneView:
    """A participant's page, from caches but for their answers (one query), or
    `bad-secret`. Without `answers`, and with the seat known (`known_seat`), it reads the
    database at most once per `STATE_TTL_SECONDS` for the whole room."""
    seat = seat_of(store, secret)
    workshop = _fresh(
        store,
        f"workshop-row:{seat.workshop_id}",
        STATE_TTL_SECONDS,
        lambda: _load(store, seat.workshop_id),
    )
    assessment = _phone_assessment(store, workshop.assessment_id)
    q = load_snapshot(store, seat.content_hash)
    stored = _phone_answers(store.cursor(), seat.num, q) if answers else None
    return PhoneView(seat, workshop, assessment, q, stored)


def phone_state(store: Store, workshop_id: str) -> PhoneState:
    """Where the workshop stands now (at most `STATE_TTL_SECONDS` old): what each phone
    polls to follow the facilitator."""

    def load() -> PhoneState:
        workshop = _load(store, workshop_id)
        return PhoneState(
            workshop.step,
            workshop.revealed,
            workshop.running,
            workshop.pacing,
            workshop.open_question,
        )

    return _fresh(store, f"workshop-state:{workshop_id}", STATE_TTL_SECONDS, load)


_PHONE_ANSWERS = """
SELECT item, value, choices, dont_know FROM answers WHERE respondent = ? AND NOT superseded
"""


def _phone_answers(
    cur: duckdb.DuckDBPyConnection, num: int, q: Questionnaire
) -> dict[str, AnswerValue]:
    """A participant's current answers (pulse items are never free text, so only the
    answers table is read). Cleared answers are left out, as in `current_answers`."""
    answers: dict[str, AnswerValue] = {}
    for position, value, choices, dont_know in cur.execute(_PHONE_ANSWERS, [num]).fetchall():
        item = q.items[position]
        if dont_know:
            answers[item.id] = DONT_KNOW
        elif choices is not None:
            answers[item.id] = list(choices)
        elif value is not None:
            answers[item.id] = float(value) if item.type == "number" else int(value)
    return answers


def saved_answers(store: Store, secret: str) -> dict[str, AnswerValue]:
    """The participant's answers as stored now (cleared answers left out): what the phone
    shows as saved, read from the database."""
    seat = seat_of(store, secret)
    return _phone_answers(store.cursor(), seat.num, load_snapshot(store, seat.content_hash))


def _checked_pulse(
    q: Questionnaire, seat: Seat, answers: Mapping[str, AnswerValue]
) -> dict[str, AnswerValue]:
    checked: dict[str, AnswerValue] = {}
    for item_id, value in answers.items():
        value = check_answer(q, seat.role_id, item_id, value)
        if not q.item(item_id).pulse:
            raise ResponseError("not-a-pulse-item", item=item_id)
        checked[item_id] = value
    return checked


_STILL_OPEN = """
SELECT w.ended_at, w.step
FROM respondents r JOIN workshops w ON w.id = r.workshop_id
WHERE r.num = ?
"""


def _require_open_for(
    cur: duckdb.DuckDBPyConnection,
    store: Store,
    secret: str,
    seat: Seat,
    q: Questionnaire,
    item_ids: Sequence[str],
) -> None:
    """Inside the write: the respondent still exists, the workshop still runs, and (when
    the facilitator sets the pace) it has reached the items' dimensions."""
    row = cur.execute(_STILL_OPEN, [seat.num]).fetchone()
    if row is None:  # the respondent was erased since
        store.memo.pop(f"workshop-seat:{hash_secret(str(secret).strip())}", None)
        _participant_row(store, secret)  # raises bad-secret
        raise AssertionError("unreachable")  # pragma: no cover
    ended_at, step = row
    if ended_at is not None:
        raise WorkshopError("workshop-ended")
    if seat.pacing == "facilitator" and any(
        step_of(q, q.item(item_id).dimension) > step for item_id in item_ids
    ):
        raise ResponseError("not-yet")


def answer(store: Store, secret: str, answers: Mapping[str, AnswerValue]) -> int:
    """Save a participant's answers to pulse items (a changed answer replaces the
    earlier one); returns how many. In a facilitator-paced workshop only dimensions the
    facilitator has reached take answers."""
    if not answers:
        return 0
    # The seat is looked up once per process, and one query inside the write checks
    # that the workshop still takes answers.
    seat = seat_of(store, secret)
    q = load_snapshot(store, seat.content_hash)
    checked = _checked_pulse(q, seat, answers)

    gate = _gate(store, seat.workshop_id)
    with gate.shared():
        compact = not gate.releasing

        def write(cur: duckdb.DuckDBPyConnection) -> None:
            _require_open_for(cur, store, secret, seat, q, list(checked))
            append_answers(cur, seat.num, q, checked, keep_history=True)
            if compact:
                _compact(cur, seat, q)

        store.write(write)
    return len(checked)


Replaces = Literal["any", "dont-know"]


def tap(
    store: Store, secret: str, item_id: str, value: AnswerValue, *, replaces: Replaces = "any"
) -> dict[str, AnswerValue]:
    """One answer tapped on a phone, saved only if it changes what is stored: `value`
    replaces the stored answer unless the two are equal, and with `replaces="dont-know"`
    it replaces a stored "don't know" only (unticking that box clears it, never a real
    answer). A page that reconnects and sends its values again therefore changes
    nothing. Returns the participant's answers as stored after the tap, read in the
    same transaction as the write (so the phone can show what is saved)."""
    seat = seat_of(store, secret)
    q = load_snapshot(store, seat.content_hash)
    value = _checked_pulse(q, seat, {item_id: value})[item_id]

    gate = _gate(store, seat.workshop_id)
    with gate.shared():
        compact = not gate.releasing

        def write(cur: duckdb.DuckDBPyConnection) -> dict[str, AnswerValue]:
            _require_open_for(cur, store, secret, seat, q, [item_id])
            stored = _phone_answers(cur, seat.num, q)
            current = stored.get(item_id)
            if current == value or (replaces == "dont-know" and not isinstance(current, DontKnow)):
                return stored
            append_answers(cur, seat.num, q, {item_id: value}, keep_history=True)
            if compact:
                _compact(cur, seat, q)
            if value is None:
                stored.pop(item_id, None)
            else:
                stored[item_id] = value
            return stored

        return store.write(write)


_MARKS = """
SELECT dimension_id, max(watermark) FROM workshop_releases WHERE workshop_id = ?
GROUP BY dimension_id
"""


@dataclass(frozen=True)
class Tap:
    """One answer tapped on a phone, as `tap` takes it."""

    secret: str
    item_id: str
    value: AnswerValue
    replaces: Replaces = "any"


@dataclass(frozen=True)
class Tapped:
    """What became of a `Tap`: the participant's answers as stored after the batch it
    was written in, or the error that refused it (nothing of it was written)."""

    answers: dict[str, AnswerValue] | None
    error: GapMapError | None = None


_SEATS_OPEN = """
SELECT r.num, w.ended_at, w.step
FROM respondents r JOIN workshops w ON w.id = r.workshop_id
WHERE list_contains(?::BIGINT[], r.num)
"""
_BATCH_ANSWERS = """
SELECT respondent, item, value, choices, dont_know FROM answers
WHERE list_contains(?::BIGINT[], respondent) AND NOT superseded
"""
_BATCH_COMPACT = """
DELETE FROM answers WHERE superseded AND list_contains(?::BIGINT[], respondent)
AND seq > list_extract(?::BIGINT[], item + 1)
"""


def _answer_of(item: Item, value: Any, choices: Any, dont_know: bool) -> AnswerValue:
    if dont_know:
        return DONT_KNOW
    if choices is not None:
        return list(choices)
    if value is not None:
        return float(value) if item.type == "number" else int(value)
    return None


def tap_many(store: Store, taps: Sequence[Tap]) -> list[Tapped]:
    """Taps from many phones written in one transaction (a group commit): the same rules
    and the same rows as `tap` called once per tap in this order, for a fraction of the
    cost, since each query runs once per batch rather than once per tap. A refused tap
    (a bad secret or value, an ended workshop, a dimension not reached yet) gets its
    error and leaves the others alone; a batch whose write fails gives every tap that
    error, and nothing of it is written."""
    results: list[Tapped | None] = [None] * len(taps)
    checked: list[tuple[int, Seat, Questionnaire, AnswerValue]] = []
    seats = seats_of(store, [one.secret for one in taps])  # one query for those not known
    for index, (one, seat_or_none) in enumerate(zip(taps, seats, strict=True)):
        try:
            if seat_or_none is None:
                raise ResponseError("bad-secret")
            seat = seat_or_none
            q = load_snapshot(store, seat.content_hash)
            value = _checked_pulse(q, seat, {one.item_id: one.value})[one.item_id]
        except GapMapError as err:
            results[index] = Tapped(None, err)
            continue
        checked.append((index, seat, q, value))
    if not checked:
        return [r if r is not None else Tapped(None) for r in results]

    gates = [_gate(store, w) for w in sorted({seat.workshop_id for _, seat, _, _ in checked})]
    with contextlib.ExitStack() as held:
        for gate in gates:
            held.enter_context(gate.shared())
        compact = {
            seat.workshop_id: not _gate(store, seat.workshop_id).releasing
            for _, seat, _, _ in checked
        }

        def write(cur: duckdb.DuckDBPyConnection) -> dict[int, Tapped]:
            nums = sorted({seat.num for _, seat, _, _ in checked})
            open_rows = {
                int(num): (ended_at, int(step))
                for num, ended_at, step in cur.execute(_SEATS_OPEN, [nums]).fetchall()
            }
            stored: dict[int, dict[str, AnswerValue]] = {num: {} for num in nums}
            questionnaires = {seat.num: q for _, seat, q, _ in checked}
            for num, position, value, choices, dont_know in cur.execute(
                _BATCH_ANSWERS, [nums]
            ).fetchall():
                item = questionnaires[int(num)].items[position]
                answer = _answer_of(item, value, choices, bool(dont_know))
                if answer is not None:
                    stored[int(num)][item.id] = answer
            changed: dict[tuple[int, str], AnswerValue] = {}
            outcome: dict[int, Tapped] = {}
            for index, seat, q, value in checked:
                one = taps[index]
                row = open_rows.get(seat.num)
                if row is None:  # erased since the seat was looked up
                    store.memo.pop(f"workshop-seat:{hash_secret(str(one.secret).strip())}", None)
                    outcome[index] = Tapped(None, ResponseError("bad-secret"))
                    continue
                ended_at, step = row
                if ended_at is not None:
                    outcome[index] = Tapped(None, WorkshopError("workshop-ended"))
                    continue
                if (
                    seat.pacing == "facilitator"
                    and step_of(q, q.item(one.item_id).dimension) > step
                ):
                    outcome[index] = Tapped(None, ResponseError("not-yet"))
                    continue
                mine = stored[seat.num]
                current = mine.get(one.item_id)
                if current == value or (
                    one.replaces == "dont-know" and not isinstance(current, DontKnow)
                ):
                    continue
                changed[(seat.num, one.item_id)] = value
                if value is None:
                    mine.pop(one.item_id, None)
                else:
                    mine[one.item_id] = value
            if changed:
                append_answers_many(cur, questionnaires, changed)
                by_workshop: dict[str, list[int]] = {}
                for _, seat, _, _ in checked:
                    if compact[seat.workshop_id]:
                        by_workshop.setdefault(seat.workshop_id, []).append(seat.num)
                for workshop_id, members in by_workshop.items():
                    q = questionnaires[members[0]]
                    marks = dict(cur.execute(_MARKS, [workshop_id]).fetchall())
                    by_position = [int(marks.get(item.dimension, 0)) for item in q.items]
                    cur.execute(_BATCH_COMPACT, [sorted(set(members)), by_position])
            for index, seat, _, _ in checked:
                outcome.setdefault(index, Tapped(dict(stored[seat.num])))
            return outcome

        try:
            written = store.write(write)
        except GapMapError as err:
            written = {index: Tapped(None, err) for index, _, _, _ in checked}
    for index, result in written.items():
        results[index] = result
    return [r if r is not None else Tapped(None) for r in results]


def _compact(cur: duckdb.DuckDBPyConnection, seat: Seat, q: Questionnaire) -> None:
    """Delete the participant's superseded answers written after their dimension's last
    release: no release counted them, and the next one reads only the latest answer
    per item, so a phone toggling an answer between releases leaves one row. Earlier
    rows stay: each was the answer some release counted (`_versions`). Called only
    while no release is reading the answers (the gate is held and none is under way)."""
    marks = dict(cur.execute(_MARKS, [seat.workshop_id]).fetchall())
    by_position = [int(marks.get(item.dimension, 0)) for item in q.items]
    cur.execute(
        "DELETE FROM answers WHERE respondent = ? AND superseded"
        " AND seq > list_extract(?::BIGINT[], item + 1)",
        [seat.num, by_position],
    )


def participant_steps(q: Questionnaire, role_id: str) -> list[Dimension]:
    """The dimensions a participant of this role answers something in, in order."""
    return [d for d in q.dimensions if pulse_items(q, d.id, role_id)]


def unanswered(
    q: Questionnaire, role_id: str, dimension_id: str, answers: Mapping[str, AnswerValue]
) -> Sequence[str]:
    """The dimension's pulse items (for this role) that have no answer yet."""
    return [i.id for i in pulse_items(q, dimension_id, role_id) if answers.get(i.id) is None]
