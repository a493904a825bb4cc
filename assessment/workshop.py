"""Live workshops: participants join by a short code, answer the pulse items on their
phones, and the results of each dimension appear on the shared screen when the
facilitator reveals them.

A workshop belongs to an assessment. Its participants are respondents with channel
`workshop` and the workshop's id: anonymous like every respondent (a random id, the
role and team they chose, a resume secret only they hold), scored live from their
current answers, and kept out of the survey's own results. When the workshop ends its
answers become final and count as a wave of their own in comparisons
(`analysis.trend`).

Who may do what: the organisation's consultants run a workshop (start, move between
steps, reveal, record actions, end); its leadership may watch the live view and read
the summary; participants need no account, only the join code, and afterwards their
resume secret. Whatever the screen shows has passed the anonymity rules: a dimension's
results appear only once it is revealed **and** at least k participants have a scored
answer, and the leadership / front-line split only when neither side could be singled
out.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, Final, Literal, TypeVar

import duckdb

from assessment import access, auth
from assessment import assessments as _assessments
from assessment.actions import Recommendation, recommend
from assessment.analysis import Analysis
from assessment.assessments import CODE_ALPHABET, Assessment, load_snapshot, new_id, utcnow
from assessment.auth import Actor
from assessment.distributions import ItemDistribution, item_distributions
from assessment.errors import AssessmentError, ResponseError
from assessment.gaps import findings, gaps_to_target, perception_gaps
from assessment.model import Dimension, Item, Questionnaire
from assessment.responses import (
    DONT_KNOW,
    SECRET_BYTES,
    AnswerValue,
    DontKnow,
    append_answers,
    check_answer,
    current_answers,
    hash_secret,
    hour_of,
)
from assessment.scoring import GroupResult, Overall, Scores, overall_indexes, score_workshop
from assessment.store import Store

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
# How often a phone checks whether the facilitator moved on, and how often the
# facilitator's screen refreshes (seconds). Every poll is a Streamlit fragment run of a
# few ms of server CPU, and the server has about one core of Python for all phones
# (bench/bench_costs.py, bench/bench_burst.py): at 3 s, 300 phones poll 100 times a
# second and a phone follows "Next" within 3-4 s.
PHONE_POLL_SECONDS = 3.0
SCREEN_REFRESH_SECONDS = 2.0


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
    " ended_at, created_by"
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
        raise WorkshopError("unknown-workshop", "There is no such workshop.")
    return _row_to_workshop(row)


def _forget(store: Store, workshop_id: str) -> None:
    store.memo.pop(f"workshop-state:{workshop_id}", None)


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


def _checked(
    store: Store, actor: Actor, workshop_id: str, *, manage: bool
) -> tuple[Workshop, Assessment]:
    """The workshop and its assessment, if the actor may run it (`manage`) or watch it."""
    if not (actor.signed_in or actor.kind == "system"):
        raise auth.PermissionDenied("not-signed-in", "Please sign in to see this.")
    workshop = _load(store, workshop_id)
    assessment = _assessments.get_assessment(store, workshop.assessment_id)
    if manage:
        auth.require_manage(actor, assessment.organisation_id)
    else:
        auth.require_read(actor, assessment.organisation_id)
    return workshop, assessment


def _managed(store: Store, actor: Actor, workshop_id: str) -> tuple[Workshop, Assessment]:
    return _checked(store, actor, workshop_id, manage=True)


def _watched(store: Store, actor: Actor, workshop_id: str) -> tuple[Workshop, Assessment]:
    return _checked(store, actor, workshop_id, manage=False)


def _unused_join_code(cur: duckdb.DuckDBPyConnection) -> str:
    for _ in range(100):
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))
        if cur.execute("SELECT 1 FROM workshops WHERE join_code = ?", [code]).fetchone() is None:
            return code
    raise RuntimeError("no unused join code found")  # pragma: no cover - 23^6 codes


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
    join code. The questionnaire must have pulse items; asking for teams needs teams."""
    assessment = access.get_assessment(store, actor, assessment_id)
    auth.require_manage(actor, assessment.organisation_id)
    q = _assessments.questionnaire_of(store, assessment)
    if not q.pulse_items():
        raise WorkshopError(
            "no-pulse-items",
            "This questionnaire marks no items as pulse items, so there is nothing to ask "
            "in a workshop. Mark a few items per dimension with `pulse: true`.",
        )
    if pacing not in PACINGS:
        raise WorkshopError("bad-pacing", "Choose facilitator-paced or self-paced.")
    if ask_team and not assessment.teams:
        raise WorkshopError(
            "no-teams", "This assessment has no teams, so participants cannot be asked for one."
        )
    now = now or utcnow()
    clean = " ".join(str(title or "").split()) or f"Workshop {now:%Y-%m-%d}"
    if len(clean) > MAX_TITLE_CHARS:
        raise WorkshopError(
            "bad-title", f"The title can have at most {MAX_TITLE_CHARS} characters."
        )
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
                actor.account_id,
            ],
        )
        auth.record(
            cur,
            actor,
            "workshop-started",
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            detail=f"{clean} ({pacing}-paced)",
        )

    store.write(write)
    return _load(store, workshop_id)


def list_workshops(store: Store, actor: Actor, assessment_id: str) -> list[Workshop]:
    """The assessment's workshops, newest first (its consultants and leadership)."""
    access.get_assessment(store, actor, assessment_id)
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


def get_workshop(store: Store, actor: Actor, workshop_id: str) -> Workshop:
    """One workshop (its organisation's consultants and leadership)."""
    return _watched(store, actor, workshop_id)[0]


def _require_running(workshop: Workshop) -> None:
    if not workshop.running:
        raise WorkshopError(
            "workshop-ended", "This workshop has ended. Its answers and actions are kept."
        )


def go_to_step(store: Store, actor: Actor, workshop_id: str, step: int) -> Workshop:
    """Move the workshop to a step (0 lobby, 1..D dimensions, D+1 overview); phones in
    a facilitator-paced workshop follow."""
    workshop, assessment = _managed(store, actor, workshop_id)
    _require_running(workshop)
    q = _assessments.questionnaire_of(store, assessment)
    target = max(0, min(int(step), last_step(q)))
    store.write(
        lambda cur: cur.execute("UPDATE workshops SET step = ? WHERE id = ?", [target, workshop_id])
    )
    _forget(store, workshop_id)
    return _load(store, workshop_id)


def set_revealed(
    store: Store,
    actor: Actor,
    workshop_id: str,
    dimension_id: str | None,
    revealed: bool = True,
) -> Workshop:
    """Reveal (or hide again) a dimension's results on the shared screen; `None` means
    every dimension. Results still appear only once k participants have answered."""
    workshop, assessment = _managed(store, actor, workshop_id)
    _require_running(workshop)
    q = _assessments.questionnaire_of(store, assessment)
    ids = [d.id for d in q.dimensions]
    if dimension_id is not None and dimension_id not in ids:
        raise WorkshopError("unknown-dimension", "The questionnaire has no such dimension.")
    chosen = set(ids) if dimension_id is None else {dimension_id}
    now_revealed = set(workshop.revealed) | chosen if revealed else set(workshop.revealed) - chosen
    ordered = [d for d in ids if d in now_revealed]

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE workshops SET revealed = ? WHERE id = ?", [ordered, workshop_id])
        auth.record(
            cur,
            actor,
            "workshop-revealed" if revealed else "workshop-hidden",
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            detail=f"{workshop.title}: {', '.join(sorted(chosen))}",
        )

    store.write(write)
    _forget(store, workshop_id)
    return _load(store, workshop_id)


def end_workshop(
    store: Store, actor: Actor, workshop_id: str, *, now: datetime | None = None
) -> Workshop:
    """End the workshop: no more answers, and the participants' answers become final
    (submitted), a wave of their own. Ending an ended workshop changes nothing."""
    workshop, assessment = _managed(store, actor, workshop_id)
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
        auth.record(
            cur,
            actor,
            "workshop-ended",
            organisation_id=assessment.organisation_id,
            assessment_id=assessment.id,
            detail=workshop.title,
        )

    store.write(write)
    _forget(store, workshop_id)
    return _load(store, workshop_id)


# --- the live view ------------------------------------------------------------------------------

DimensionStatus = Literal["hidden", "waiting", "shown"]


@dataclass(frozen=True)
class DimensionLive:
    """One dimension on the shared screen. `status`: hidden (not revealed yet),
    waiting (revealed, fewer than k scored answers), shown (figures below are set)."""

    dimension_id: str
    answered: int  # participants with any answer to its pulse items
    status: DimensionStatus
    result: GroupResult | None = None  # the whole room
    perspectives: tuple[GroupResult, ...] = ()  # leadership / front line, when both ≥ k


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


_ANSWERED = """
SELECT i.dimension_id, count(DISTINCT a.respondent)
FROM answers a
JOIN respondents r ON r.num = a.respondent
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
WHERE r.workshop_id = $workshop AND NOT a.superseded AND (a.dont_know OR a.value IS NOT NULL)
GROUP BY i.dimension_id
"""


def _masked(scores: Scores, shown: set[str]) -> Scores:
    """The scores with every dimension that is not shown turned into suppressed rows."""
    results = [
        r
        if r.dimension in shown
        else GroupResult(r.grouping, r.perspective, r.role, r.team, r.dimension, suppressed=True)
        for r in scores.results
    ]
    overall = scores.overall
    if len(shown) < len(scores.questionnaire.dimensions):  # no index over part of the model
        overall = [
            Overall(o.grouping, o.perspective, o.role, o.team, suppressed=True) for o in overall
        ]
    return replace(scores, results=results, overall=overall)


def _on_screen(scores: Scores, held: Mapping[str, _Shown]) -> Scores:
    """The scores as the screen shows them: the held results of shown dimensions,
    nothing of the others, and an overall index only when every dimension is shown."""
    results = [r for r in _masked(scores, set(held)).results if r.dimension not in held]
    for shown in held.values():
        results += shown.results
    overall = overall_indexes(scores.questionnaire, results)
    if len(held) < len(scores.questionnaire.dimensions):
        overall = [
            Overall(o.grouping, o.perspective, o.role, o.team, suppressed=True) for o in overall
        ]
    return replace(scores, results=results, overall=overall)


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


@dataclass(frozen=True)
class _Shown:
    """What the screen last showed of a dimension: its results and answer counts, and
    how many scored answers they were made of."""

    n: int
    results: tuple[GroupResult, ...]
    distributions: tuple[ItemDistribution, ...]


def _held(
    store: Store,
    workshop: Workshop,
    dimension_id: str,
    scores: Scores,
    k: int,
    language: str | None,
) -> _Shown:
    """The results to show for a revealed dimension. They move only in steps of at
    least k answers: a screen that redrew after every single answer would let the room
    see what the person who just tapped their phone chose (the difference between two
    refreshes is a group of one)."""
    n = scores.get("organisation", dimension_id).n or 0
    key = f"workshop-shown:{workshop.id}:{dimension_id}:{language}"
    held = store.memo.get(key)
    if isinstance(held, _Shown) and abs(n - held.n) < k:
        return held
    shown = _Shown(
        n,
        tuple(r for r in scores.results if r.dimension == dimension_id),
        tuple(
            item_distributions(
                store,
                workshop.assessment_id,
                language=language,
                workshop_id=workshop.id,
                dimension_id=dimension_id,
            )
        ),
    )
    store.memo[key] = shown
    return shown


def live_view(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None
) -> LiveView:
    """One refresh of the facilitator's screen: joined and answered counts, and the
    results of every dimension that is revealed and has at least k scored answers
    (updated in steps of at least k answers; see `_held`)."""
    workshop, assessment = _watched(store, actor, workshop_id)
    q = _assessments.questionnaire_of(store, assessment)
    k = assessment.anonymity_threshold
    scores = score_workshop(store, assessment, q, workshop.id, by_team=workshop.ask_team)
    answered = dict(
        store.cursor()
        .execute(_ANSWERED, {"hash": assessment.content_hash, "workshop": workshop.id})
        .fetchall()
    )
    dims: list[DimensionLive] = []
    held: dict[str, _Shown] = {}
    for dim in q.dimensions:
        org = scores.get("organisation", dim.id)
        if dim.id not in workshop.revealed:
            dims.append(DimensionLive(dim.id, int(answered.get(dim.id, 0)), "hidden"))
            continue
        if org.suppressed:
            dims.append(DimensionLive(dim.id, int(answered.get(dim.id, 0)), "waiting"))
            continue
        shown = held[dim.id] = _held(store, workshop, dim.id, scores, k, language)
        dims.append(
            DimensionLive(
                dim.id,
                int(answered.get(dim.id, 0)),
                "shown",
                next(r for r in shown.results if r.grouping == "organisation"),
                tuple(r for r in shown.results if r.grouping == "perspective" and not r.suppressed),
            )
        )
    current = dimension_at(q, workshop.step)
    return LiveView(
        workshop=workshop,
        assessment=scores.assessment,
        questionnaire=q,
        k=k,
        joined=scores.respondents,
        dimensions=tuple(dims),
        analysis=_analysis_of(_on_screen(scores, held)),
        distributions=held[current.id].distributions
        if current is not None and current.id in held
        else (),
    )


def workshop_scores(store: Store, actor: Actor, workshop_id: str) -> Scores:
    """The workshop's results as they stand (every dimension, suppressed below k): what
    the summary and comparisons use once it has ended."""
    workshop, assessment = _watched(store, actor, workshop_id)
    q = _assessments.questionnaire_of(store, assessment)
    return score_workshop(store, assessment, q, workshop.id, by_team=workshop.ask_team)


def recommended_actions(
    store: Store, actor: Actor, workshop_id: str, *, language: str | None = None, limit: int = 10
) -> list[Recommendation]:
    """Actions the model recommends for what the room has seen so far (the revealed
    dimensions), followed by those the survey's own results call for."""
    workshop, assessment = _watched(store, actor, workshop_id)
    q = _assessments.questionnaire_of(store, assessment)
    scores = score_workshop(store, assessment, q, workshop.id, by_team=False)
    masked = _masked(scores, set(workshop.revealed))
    chosen = recommend(masked, findings(masked), language=language)
    survey = access.analysis(store, actor, assessment.id, language=language, with_trend=False)
    seen = {r.action.id for r in chosen}
    chosen += [r for r in survey.actions if r.action.id not in seen]
    return chosen[:limit]


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
) -> access.AgreedAction:
    """Record an action the room agreed on; it belongs to the assessment (and so goes
    in the gap report) and remembers the workshop it came from."""
    workshop, _ = _managed(store, actor, workshop_id)
    return access.add_agreed_action(
        store,
        actor,
        workshop.assessment_id,
        title=title,
        owner=owner,
        due_date=due_date,
        dimension_id=dimension_id,
        source_action_id=source_action_id,
        workshop_id=workshop.id,
    )


def workshop_actions(store: Store, actor: Actor, workshop_id: str) -> list[access.AgreedAction]:
    """The actions agreed during this workshop, in the order they were recorded."""
    workshop, _ = _watched(store, actor, workshop_id)
    actions = access.list_agreed_actions(store, actor, workshop.assessment_id)
    return sorted(
        (a for a in actions if a.workshop_id == workshop.id), key=lambda a: (a.created_at, a.id)
    )


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


def find_workshop(store: Store, code: str) -> Joinable:
    """The workshop a join code belongs to, or WorkshopError `unknown-code` / `workshop-ended`."""
    clean = normalise_code(code)
    row = (
        store.cursor()
        .execute(
            f"SELECT {_COLUMNS} FROM workshops WHERE join_code = ?",  # noqa: S608
            [clean],
        )
        .fetchone()
        if len(clean) == JOIN_CODE_LENGTH
        else None
    )
    if row is None:
        raise WorkshopError(
            "unknown-code",
            "No workshop has this code. Check the code on the shared screen and type it "
            "again (letters and digits, no spaces needed).",
        )
    workshop = _row_to_workshop(row)
    if not workshop.running:
        raise WorkshopError(
            "workshop-ended",
            "This workshop has ended and takes no more answers. Thank you for taking part.",
        )
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
) -> Joined:
    """Join a running workshop as a new anonymous participant; the secret returned is
    the participant's only way back in (a locked phone, a reload)."""
    found = find_workshop(store, code)
    workshop, assessment, q = found.workshop, found.assessment, found.questionnaire
    language = language or assessment.languages[0]
    if role_id not in {r.id for r in q.roles}:
        raise ResponseError("unknown-role", "Choose one of the roles offered.")
    if workshop.ask_team:
        if team_id not in {t.id for t in assessment.teams}:
            raise ResponseError("unknown-team", "Choose one of the teams offered.")
    else:
        team_id = None
    if language not in assessment.languages:
        raise ResponseError("unknown-language", "This language is not offered here.")
    now = now or utcnow()
    respondent_id = new_id()
    secret = secrets.token_urlsafe(SECRET_BYTES)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        # Inserted only while the workshop runs (re-read inside the transaction).
        inserted = cur.execute(
            "INSERT INTO respondents (id, assessment_id, secret_hash, role_id, team_id,"
            " language, channel, started_hour, workshop_id)"
            " SELECT ?, assessment_id, ?, ?, ?, ?, 'workshop', ?, id FROM workshops"
            " WHERE id = ? AND ended_at IS NULL RETURNING id",
            [
                respondent_id,
                hash_secret(secret),
                role_id,
                team_id,
                language,
                hour_of(now),
                workshop.id,
            ],
        ).fetchall()
        if not inserted:
            raise WorkshopError("workshop-ended", "This workshop has just ended.")

    store.write(write)
    return Joined(respondent_id, secret, workshop.id)


_PARTICIPANT = """
SELECT r.id, r.num, r.role_id, r.team_id, r.language, w.id
FROM respondents r JOIN workshops w ON w.id = r.workshop_id
WHERE r.secret_hash = ?
"""


def _participant_row(store: Store, secret: str) -> tuple[Any, ...]:
    row = store.cursor().execute(_PARTICIPANT, [hash_secret(str(secret).strip())]).fetchone()
    if row is None:
        raise ResponseError(
            "bad-secret",
            "This link does not lead back to a workshop place. Join again with the code "
            "on the shared screen.",
        )
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
class _Seat:
    """What a participant's secret stands for that never changes while they take part:
    their respondent row, role, workshop, its pacing and the questionnaire it pinned."""

    num: int
    role_id: str
    workshop_id: str
    pacing: str
    content_hash: str


_SEAT = """
SELECT r.num, r.role_id, w.id, w.pacing, a.content_hash
FROM respondents r
JOIN workshops w ON w.id = r.workshop_id
JOIN assessments a ON a.id = w.assessment_id
WHERE r.secret_hash = ?
"""


def _seat(store: Store, secret: str) -> _Seat:
    """The participant's seat, looked up once per process (every tap and every saved-count
    read needs it); `answer` checks in its write that the respondent still exists."""
    hashed = hash_secret(str(secret).strip())
    key = f"workshop-seat:{hashed}"
    cached = store.memo.get(key)
    if isinstance(cached, _Seat):
        return cached
    row = store.cursor().execute(_SEAT, [hashed]).fetchone()
    if row is None:
        _participant_row(store, secret)  # raises bad-secret
        raise AssertionError("unreachable")  # pragma: no cover
    num, role_id, workshop_id, pacing, content_hash = row
    seat = _Seat(int(num), str(role_id), str(workshop_id), str(pacing), str(content_hash))
    store.memo[key] = seat
    return seat


def phone_state(store: Store, workshop_id: str) -> PhoneState:
    """Where the workshop stands now (at most `STATE_TTL_SECONDS` old): what each phone
    polls to follow the facilitator."""

    def load() -> PhoneState:
        workshop = _load(store, workshop_id)
        return PhoneState(workshop.step, workshop.revealed, workshop.running, workshop.pacing)

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
    seat = _seat(store, secret)
    return _phone_answers(store.cursor(), seat.num, load_snapshot(store, seat.content_hash))


def _checked_pulse(
    q: Questionnaire, seat: _Seat, answers: Mapping[str, AnswerValue]
) -> dict[str, AnswerValue]:
    checked: dict[str, AnswerValue] = {}
    for item_id, value in answers.items():
        value = check_answer(q, seat.role_id, item_id, value)
        if not q.item(item_id).pulse:
            raise ResponseError(
                "not-a-pulse-item", f"Question {item_id!r} is not asked in workshops."
            )
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
    seat: _Seat,
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
        raise WorkshopError(
            "workshop-ended", "This workshop has ended. Your earlier answers are kept."
        )
    if seat.pacing == "facilitator" and any(
        step_of(q, q.item(item_id).dimension) > step for item_id in item_ids
    ):
        raise ResponseError(
            "not-yet", "The facilitator has not opened this part yet. Please wait a moment."
        )


def answer(store: Store, secret: str, answers: Mapping[str, AnswerValue]) -> int:
    """Save a participant's answers to pulse items (a changed answer replaces the
    earlier one); returns how many. In a facilitator-paced workshop only dimensions the
    facilitator has reached take answers."""
    if not answers:
        return 0
    # The seat is looked up once per process, and one query inside the write checks
    # that the workshop still takes answers.
    seat = _seat(store, secret)
    q = load_snapshot(store, seat.content_hash)
    checked = _checked_pulse(q, seat, answers)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        _require_open_for(cur, store, secret, seat, q, list(checked))
        append_answers(cur, seat.num, q, checked)

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
    seat = _seat(store, secret)
    q = load_snapshot(store, seat.content_hash)
    value = _checked_pulse(q, seat, {item_id: value})[item_id]

    def write(cur: duckdb.DuckDBPyConnection) -> dict[str, AnswerValue]:
        _require_open_for(cur, store, secret, seat, q, [item_id])
        stored = _phone_answers(cur, seat.num, q)
        current = stored.get(item_id)
        if current == value or (replaces == "dont-know" and not isinstance(current, DontKnow)):
            return stored
        append_answers(cur, seat.num, q, {item_id: value})
        if value is None:
            stored.pop(item_id, None)
        else:
            stored[item_id] = value
        return stored

    return store.write(write)


def participant_steps(q: Questionnaire, role_id: str) -> list[Dimension]:
    """The dimensions a participant of this role answers something in, in order."""
    return [d for d in q.dimensions if pulse_items(q, d.id, role_id)]


def unanswered(
    q: Questionnaire, role_id: str, dimension_id: str, answers: Mapping[str, AnswerValue]
) -> Sequence[str]:
    """The dimension's pulse items (for this role) that have no answer yet."""
    return [i.id for i in pulse_items(q, dimension_id, role_id) if answers.get(i.id) is None]
