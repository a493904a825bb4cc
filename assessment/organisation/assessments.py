"""Organisations and assessments: setup, questionnaire snapshots, open and close, waves.

An assessment pins the questionnaire it uses by content hash: the source text and the
scoring facts of every item are stored with it, so answers stay interpretable after the
YAML file in the library changes.
"""

from __future__ import annotations

import re
import secrets
import threading
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict

import duckdb
import yaml

from assessment import words
from assessment.errors import AssessmentError
from assessment.organisation import audit
from assessment.questionnaire.model import SCORED_TYPES, Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store

DEFAULT_THRESHOLD = 5
MIN_THRESHOLD = 3
DEFAULT_COMMENT_THRESHOLD = 10
DEFAULT_TARGET_LEVEL = 4
# Invite codes avoid characters that are easily confused when read aloud or typed from
# a poster: 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V.
CODE_ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
INVITE_CODE_LENGTH = 8
MAX_NAME_LENGTH = 120

Status = Literal["open", "closed", "not-yet-open"]


def utcnow() -> datetime:
    """Now, in UTC, without tzinfo (DuckDB TIMESTAMP columns are naive and UTC here)."""
    return datetime.now(UTC).replace(tzinfo=None)


def new_code(length: int = INVITE_CODE_LENGTH) -> str:
    """A random code from the unambiguous alphabet."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_id() -> str:
    """A random identifier with 128 bits of entropy."""
    return secrets.token_hex(16)


def slug(name: str) -> str:
    """A URL-safe team id derived from a display name ("Sales Nord" -> "sales-nord")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:40] or "team"


def status_of(
    closed: bool, opens_at: datetime | None, closes_at: datetime | None, now: datetime | None
) -> Status:
    """Open, closed (by hand or by date) or not yet open."""
    now = now or utcnow()
    if closed or (closes_at is not None and now >= closes_at):
        return "closed"
    if opens_at is not None and now < opens_at:
        return "not-yet-open"
    return "open"


@dataclass(frozen=True)
class Team:
    """A team taking part, with its head-count (for response rates) when known."""

    id: str
    name: str
    head_count: int | None = None


@dataclass(frozen=True)
class Assessment:
    """One campaign: an organisation answering one questionnaire version."""

    id: str
    organisation_id: str
    name: str
    content_hash: str
    invite_code: str
    series_id: str
    wave: int
    opens_at: datetime | None
    closes_at: datetime | None
    closed: bool
    anonymity_threshold: int
    comment_threshold: int
    languages: tuple[str, ...]
    teams: tuple[Team, ...] = ()
    targets: Mapping[str, int] = field(default_factory=dict)
    # Why the organisation runs it and how results will be used, in the consultant's
    # words; the welcome page shows it (plain text, never HTML).
    purpose: str | None = None
    # True: a response starts only with a single-use per-person code (assessment.collect.codes);
    # False: anyone with the open link may answer, capped per team at its head-count.
    per_person_codes: bool = False
    # Days an unsubmitted response is kept after it was started (assessment.collect.retention).
    unsubmitted_days: int = 30

    def status(self, now: datetime | None = None) -> Status:
        """Whether answers are accepted now."""
        return status_of(self.closed, self.opens_at, self.closes_at, now)

    def team(self, team_id: str) -> Team:
        for team in self.teams:
            if team.id == team_id:
                return team
        raise KeyError(team_id)


# --- organisations ---------------------------------------------------------------------------


def create_organisation(
    store: Store, name: str, *, by: audit.Who | None = None, manager: str | None = None
) -> str:
    """Add an organisation; returns its id. `manager`: the consultant account that
    manages it from the start; created `by` someone, audited in the same transaction."""
    name = _clean_name(name, "organisation")
    org_id = new_id()

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("INSERT INTO organisations (id, name) VALUES (?, ?)", [org_id, name])
        if manager is not None:
            cur.execute("INSERT INTO account_organisations VALUES (?, ?)", [manager, org_id])
        if by is not None:
            created = audit.OrganisationCreated(organisation_id=org_id, organisation_name=name)
            audit.record(cur, by, created)

    store.write(write)
    return org_id


def organisation_name(store: Store, organisation_id: str) -> str:
    row = (
        store.cursor()
        .execute("SELECT name FROM organisations WHERE id = ?", [organisation_id])
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-organisation")
    return str(row[0])


# --- questionnaire snapshots -------------------------------------------------------------------

_snapshot_cache: dict[str, Questionnaire] = {}
_snapshot_lock = threading.Lock()


def source_of(questionnaire: Questionnaire) -> str:
    """YAML text that loads back into the same questionnaire (same content hash)."""
    data = questionnaire.model_dump(mode="json", exclude_unset=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


def save_questionnaire(store: Store, questionnaire: Questionnaire, source: str | None) -> str:
    """Store a questionnaire snapshot (once per content hash); returns the hash."""
    digest = questionnaire.content_hash()
    text = source if source is not None else source_of(questionnaire)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        exists = cur.execute(
            "SELECT 1 FROM questionnaires WHERE content_hash = ?", [digest]
        ).fetchone()
        if exists is None:
            _insert_snapshot(cur, questionnaire, digest, text)

    store.write(write)
    with _snapshot_lock:
        _snapshot_cache.setdefault(digest, questionnaire)
    return digest


def _insert_snapshot(
    cur: duckdb.DuckDBPyConnection, q: Questionnaire, digest: str, text: str
) -> None:
    cur.execute(
        "INSERT INTO questionnaires (content_hash, questionnaire_id, version, source)"
        " VALUES (?, ?, ?, ?)",
        [digest, q.id, q.version, text],
    )
    items: list[list[Any]] = []
    options: list[list[Any]] = []
    dimension_index = {dim.id: n for n, dim in enumerate(q.dimensions)}
    for position, item in enumerate(q.items):
        opts = q.options_of(item)
        scores = [o.score for o in opts if o.score is not None]
        scored = item.type in SCORED_TYPES
        items.append(
            [
                digest,
                item.id,
                position,
                item.dimension,
                dimension_index[item.dimension],
                item.type,
                scored,
                item.is_core,
                None if item.is_core else list(item.roles),
                item.reverse,
                item.weight,
                min(scores) if scored else None,
                max(scores) if scored else None,
                [o.score for o in opts] if scored else None,
            ]
        )
        options.extend([digest, item.id, n, o.score] for n, o in enumerate(opts))
    cur.executemany(
        "INSERT INTO questionnaire_items VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        items,
    )
    if options:
        cur.executemany("INSERT INTO questionnaire_options VALUES (?, ?, ?, ?)", options)


def load_snapshot(store: Store, content_hash: str) -> Questionnaire:
    """The questionnaire an assessment pinned, parsed once per process."""
    with _snapshot_lock:
        cached = _snapshot_cache.get(content_hash)
    if cached is not None:
        return cached
    row = (
        store.cursor()
        .execute("SELECT source FROM questionnaires WHERE content_hash = ?", [content_hash])
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-questionnaire")
    result = parse_questionnaire(str(row[0]), f"snapshot {content_hash[:12]}")
    if result.questionnaire is None:
        raise AssessmentError(
            "broken-snapshot", problems="; ".join(str(p) for p in result.errors[:3])
        )
    with _snapshot_lock:
        _snapshot_cache[content_hash] = result.questionnaire
    return result.questionnaire


# --- assessments -----------------------------------------------------------------------------


def create_assessment(
    store: Store,
    organisation_id: str,
    questionnaire: Questionnaire,
    *,
    name: str,
    teams: Sequence[Team] = (),
    targets: Mapping[str, int] | None = None,
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    anonymity_threshold: int = DEFAULT_THRESHOLD,
    comment_threshold: int = DEFAULT_COMMENT_THRESHOLD,
    languages: Sequence[str] | None = None,
    source: str | None = None,
    series_id: str | None = None,
    wave: int = 1,
    purpose: str | None = None,
    per_person_codes: bool = False,
    by: audit.Who | None = None,
    repeats: str | None = None,
) -> Assessment:
    """Set up an assessment; every setting is checked before anything is written.
    `per_person_codes`: respondents need a single-use code (issued with
    `codes.issue_codes`) instead of the open link. Set up `by` someone, it is audited
    in the same transaction (as a wave of the assessment it `repeats`, if given)."""
    purpose = _clean_purpose(purpose)
    organisation_name(store, organisation_id)
    name = _clean_name(name, "assessment")
    team_list = _check_teams(teams)
    target_map = _check_targets(questionnaire, targets)
    langs = list(languages) if languages else list(questionnaire.languages)
    unknown = [lang for lang in langs if lang not in questionnaire.languages]
    if unknown:
        raise AssessmentError(
            "unknown-language",
            variant="questionnaire",
            missing=", ".join(unknown),
            offered=", ".join(questionnaire.languages),
        )
    if anonymity_threshold < MIN_THRESHOLD:
        raise AssessmentError("threshold-too-low", minimum=MIN_THRESHOLD)
    if comment_threshold < anonymity_threshold:
        raise AssessmentError("comment-threshold-too-low")
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        raise AssessmentError("dates-reversed")

    digest = save_questionnaire(store, questionnaire, source)
    assessment_id = new_id()
    series = series_id or assessment_id

    created: audit.Event = (
        audit.WaveCreated(
            organisation_id=organisation_id,
            assessment_id=assessment_id,
            assessment_name=name,
            wave=wave,
            repeats=repeats,
        )
        if repeats is not None
        else audit.AssessmentCreated(
            organisation_id=organisation_id,
            assessment_id=assessment_id,
            assessment_name=name,
            questionnaire=f"{questionnaire.id} {questionnaire.version}",
        )
    )

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        code = _unused_code(cur)
        cur.execute(
            "INSERT INTO assessments (id, organisation_id, name, content_hash, invite_code,"
            " series_id, wave, opens_at, closes_at, anonymity_threshold, comment_threshold,"
            " languages, purpose, per_person_codes_since)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                assessment_id,
                organisation_id,
                name,
                digest,
                code,
                series,
                wave,
                opens_at,
                closes_at,
                anonymity_threshold,
                comment_threshold,
                langs,
                purpose,
                utcnow() if per_person_codes else None,
            ],
        )
        _write_teams_and_targets(cur, assessment_id, team_list, target_map)
        if by is not None:
            audit.record(cur, by, created)

    store.write(write)
    return get_assessment(store, assessment_id)


def _write_teams_and_targets(
    cur: duckdb.DuckDBPyConnection,
    assessment_id: str,
    teams: Sequence[Team],
    targets: Mapping[str, int],
) -> None:
    cur.execute("DELETE FROM teams WHERE assessment_id = ?", [assessment_id])
    cur.execute("DELETE FROM assessment_targets WHERE assessment_id = ?", [assessment_id])
    if teams:
        cur.executemany(
            "INSERT INTO teams VALUES (?, ?, ?, ?, ?)",
            [[assessment_id, t.id, t.name, t.head_count, n] for n, t in enumerate(teams)],
        )
    cur.executemany(
        "INSERT INTO assessment_targets VALUES (?, ?, ?)",
        [[assessment_id, dim, level] for dim, level in targets.items()],
    )


def _unused_code(cur: duckdb.DuckDBPyConnection) -> str:
    while True:
        code = new_code()
        taken = cur.execute("SELECT 1 FROM assessments WHERE invite_code = ?", [code]).fetchone()
        if taken is None:
            return code


PURPOSE_MAX_CHARS = 2000


def _clean_purpose(purpose: str | None) -> str | None:
    text = (purpose or "").strip()
    if len(text) > PURPOSE_MAX_CHARS:
        raise AssessmentError("purpose-too-long", limit=PURPOSE_MAX_CHARS)
    return text or None


def _clean_name(name: str, what: str) -> str:
    name = " ".join(str(name).split())
    if not name:
        raise AssessmentError("empty-name", variant=what)
    if len(name) > MAX_NAME_LENGTH:
        raise AssessmentError("name-too-long", variant=what, limit=MAX_NAME_LENGTH)
    return name


def _check_teams(teams: Sequence[Team]) -> list[Team]:
    seen: set[str] = set()
    out = []
    for team in teams:
        name = _clean_name(team.name, "team")
        team_id = team.id.strip()
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{0,39}", team_id):
            raise AssessmentError("bad-team-id", team=team_id)
        if team_id in seen:
            raise AssessmentError("duplicate-team", team=team_id)
        if team.head_count is not None and team.head_count < 0:
            raise AssessmentError("bad-head-count", team=name)
        seen.add(team_id)
        out.append(Team(team_id, name, team.head_count))
    return out


def _check_targets(q: Questionnaire, targets: Mapping[str, int] | None) -> dict[str, int]:
    default = min(DEFAULT_TARGET_LEVEL, q.scale_max)
    result = {dim.id: default for dim in q.dimensions}
    for dim_id, level in (targets or {}).items():
        if dim_id not in result:
            raise AssessmentError("unknown-dimension", dimension=dim_id)
        if not 1 <= int(level) <= q.scale_max:
            raise AssessmentError("bad-target", dimension=dim_id, top=q.scale_max)
        result[dim_id] = int(level)
    return result


# A constant column list, never user text, so building SQL with it is safe (S608).
# Teams and targets come along as lists, so loading an assessment is one query.
_ASSESSMENT_COLUMNS = (
    "id, organisation_id, name, content_hash, invite_code, series_id, wave, opens_at,"
    " closes_at, closed, anonymity_threshold, comment_threshold, languages,"
    " (SELECT list({'id': t.team_id, 'name': t.name, 'head_count': t.head_count}"
    "   ORDER BY t.position) FROM teams t WHERE t.assessment_id = $id),"
    " (SELECT list({'dimension': g.dimension_id, 'level': g.target_level})"
    "   FROM assessment_targets g WHERE g.assessment_id = $id),"
    " purpose, per_person_codes_since IS NOT NULL, unsubmitted_days"
)
# (uncorrelated subqueries on a parameter: a correlated one costs DuckDB 5x more here)


def _assessment_from_row(row: tuple[Any, ...]) -> Assessment:
    teams, targets = row[13] or [], row[14] or []
    return Assessment(
        id=row[0],
        organisation_id=row[1],
        name=row[2],
        content_hash=row[3],
        invite_code=row[4],
        series_id=row[5],
        wave=row[6],
        opens_at=row[7],
        closes_at=row[8],
        closed=row[9],
        anonymity_threshold=row[10],
        comment_threshold=row[11],
        languages=tuple(row[12]),
        teams=tuple(Team(t["id"], t["name"], t["head_count"]) for t in teams),
        targets={t["dimension"]: int(t["level"]) for t in targets},
        purpose=row[15],
        per_person_codes=bool(row[16]),
        unsubmitted_days=int(row[17]),
    )


def get_assessment(store: Store, assessment_id: str) -> Assessment:
    """The assessment with this id; AssessmentError `unknown-assessment` if there is none."""
    row = (
        store.cursor()
        .execute(
            f"SELECT {_ASSESSMENT_COLUMNS} FROM assessments WHERE id = $id",  # noqa: S608
            {"id": str(assessment_id)},
        )
        .fetchone()
    )
    if row is None:
        raise AssessmentError("unknown-assessment")
    return _assessment_from_row(row)


def find_by_invite_code(store: Store, code: str) -> Assessment | None:
    """The assessment an invite link points to (codes are read case-insensitively)."""
    cleaned = re.sub(r"[\s-]", "", str(code)).upper()
    if not cleaned or len(cleaned) > 32:
        return None
    row = (
        store.cursor()
        .execute("SELECT id FROM assessments WHERE invite_code = ?", [cleaned])
        .fetchone()
    )
    return None if row is None else get_assessment(store, row[0])


def list_assessments(store: Store, organisation_id: str | None = None) -> list[Assessment]:
    """Assessments, newest first; all of them or one organisation's."""
    sql = "SELECT id FROM assessments"
    params: list[Any] = []
    if organisation_id is not None:
        sql += " WHERE organisation_id = ?"
        params.append(organisation_id)
    rows = store.cursor().execute(sql + " ORDER BY created_at DESC, id", params).fetchall()
    return [get_assessment(store, row[0]) for row in rows]


def questionnaire_of(store: Store, assessment: Assessment) -> Questionnaire:
    """The questionnaire version the assessment pinned."""
    return load_snapshot(store, assessment.content_hash)


def set_closed(
    store: Store, assessment_id: str, closed: bool, *, by: audit.Who | None = None
) -> Assessment:
    """Close an assessment (no more answers) or reopen it (audited when done `by` someone).

    Responses midway (started, not submitted) are kept when it closes: incomplete, so
    not counted in any result, and not pruned while it stays closed. Reopening lets
    their owners finish with their "continue later" link; their retention period
    (`unsubmitted_days`) then counts from the reopening."""
    found = get_assessment(store, assessment_id)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("UPDATE assessments SET closed = ? WHERE id = ?", [closed, assessment_id])
        if not closed:  # reopening also lifts a closing date already passed
            now = utcnow()
            cur.execute(
                "UPDATE assessments SET closes_at = NULL WHERE id = ? AND closes_at <= ?",
                [assessment_id, now],
            )
            cur.execute("UPDATE assessments SET reopened_at = ? WHERE id = ?", [now, assessment_id])
        if by is not None:
            kind = audit.AssessmentClosed if closed else audit.AssessmentReopened
            event = kind(
                organisation_id=found.organisation_id,
                assessment_id=found.id,
                assessment_name=found.name,
                midway=_midway(cur, assessment_id),
            )
            audit.record(cur, by, event)

    store.write(write)
    return get_assessment(store, assessment_id)


def midway_count(store: Store, assessment_id: str) -> int:
    """Survey responses started and not submitted: exact (the consultant is told the
    number before closing; no answer and no group is shown by it)."""
    return _midway(store.cursor(), assessment_id)


def _midway(cur: duckdb.DuckDBPyConnection, assessment_id: str) -> int:
    row = cur.execute(
        "SELECT count(*) FROM respondents WHERE assessment_id = ? AND submitted_hour IS NULL"
        " AND workshop_id IS NULL AND channel = 'survey'",
        [assessment_id],
    ).fetchone()
    return int(row[0]) if row else 0


UNSUBMITTED_DAYS_DEFAULT = 30
UNSUBMITTED_DAYS_MAX = 3650


def set_unsubmitted_days(
    store: Store, assessment_id: str, days: int, *, by: audit.Who | None = None
) -> Assessment:
    """How many days a response that is never submitted is kept after it was started
    (1 to 3650); older ones are deleted by `retention.prune_unsubmitted`."""
    found = get_assessment(store, assessment_id)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= UNSUBMITTED_DAYS_MAX:
        raise AssessmentError("bad-retention-days", limit=UNSUBMITTED_DAYS_MAX)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "UPDATE assessments SET unsubmitted_days = ? WHERE id = ?", [days, assessment_id]
        )
        if by is not None:
            event = audit.UnsubmittedRetentionSet(
                organisation_id=found.organisation_id,
                assessment_id=found.id,
                assessment_name=found.name,
                days=days,
            )
            audit.record(cur, by, event)

    store.write(write)
    return get_assessment(store, assessment_id)


def set_per_person_codes(
    store: Store, assessment_id: str, per_person_codes: bool, *, by: audit.Who | None = None
) -> Assessment:
    """Switch an assessment to per-person codes (the open link then starts no response)
    or back to the open link. Responses already started are not affected."""
    found = get_assessment(store, assessment_id)

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        # The moment codes began is kept (and kept when switched on again): responses
        # begun on the open link before it stay capped at their team's head-count.
        cur.execute(
            "UPDATE assessments SET per_person_codes_since ="
            " CASE WHEN ? THEN coalesce(per_person_codes_since, ?) END WHERE id = ?",
            [bool(per_person_codes), utcnow(), assessment_id],
        )
        if by is not None:
            kind = audit.PerPersonCodesOn if per_person_codes else audit.PerPersonCodesOff
            event = kind(
                organisation_id=found.organisation_id,
                assessment_id=found.id,
                assessment_name=found.name,
            )
            audit.record(cur, by, event)

    store.write(write)
    return get_assessment(store, assessment_id)


# --- editing after launch -----------------------------------------------------------------
# Each change is checked first, then written with its audit entry (old -> new) in one
# transaction; a change that changes nothing writes nothing. Team ids (the `?t=` of a
# team's link) never change: a rename changes the name only, so links keep working and
# every release keeps meaning the same people by the same id.


def _edit(
    store: Store,
    found: Assessment,
    change: Callable[[duckdb.DuckDBPyConnection], audit.Event | None],
    by: audit.Who | None,
) -> Assessment:
    def write(cur: duckdb.DuckDBPyConnection) -> None:
        event = change(cur)
        if event is not None and by is not None:
            audit.record(cur, by, event)

    store.write(write)
    return get_assessment(store, found.id)


def set_purpose(
    store: Store, assessment_id: str, purpose: str | None, *, by: audit.Who | None = None
) -> Assessment:
    """Change the purpose text respondents read on the welcome page."""
    found = get_assessment(store, assessment_id)
    text = _clean_purpose(purpose)
    if text == found.purpose:
        return found

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute("UPDATE assessments SET purpose = ? WHERE id = ?", [text, found.id])
        return audit.PurposeChanged(**_about(found), old=found.purpose, new=text)

    return _edit(store, found, change, by)


def set_targets(
    store: Store, assessment_id: str, targets: Mapping[str, int], *, by: audit.Who | None = None
) -> Assessment:
    """Change target levels (dimensions not named keep theirs)."""
    found = get_assessment(store, assessment_id)
    q = questionnaire_of(store, found)
    checked = _check_targets(q, {**found.targets, **targets})
    changes = tuple(
        (dim, found.targets.get(dim), level)
        for dim, level in checked.items()
        if found.targets.get(dim) != level
    )
    if not changes:
        return found

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute("DELETE FROM assessment_targets WHERE assessment_id = ?", [found.id])
        cur.executemany(
            "INSERT INTO assessment_targets VALUES (?, ?, ?)",
            [[found.id, dim, level] for dim, level in checked.items()],
        )
        return audit.TargetsChanged(**_about(found), changes=changes)

    return _edit(store, found, change, by)


def set_close_date(
    store: Store, assessment_id: str, closes_at: datetime | None, *, by: audit.Who | None = None
) -> Assessment:
    """Change (or clear, None) the date the assessment closes by itself."""
    found = get_assessment(store, assessment_id)
    if found.opens_at is not None and closes_at is not None and closes_at <= found.opens_at:
        raise AssessmentError("dates-reversed")
    if closes_at == found.closes_at:
        return found

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute("UPDATE assessments SET closes_at = ? WHERE id = ?", [closes_at, found.id])
        return audit.CloseDateChanged(**_about(found), old=found.closes_at, new=closes_at)

    return _edit(store, found, change, by)


def set_languages(
    store: Store, assessment_id: str, languages: Sequence[str], *, by: audit.Who | None = None
) -> Assessment:
    """Change the languages offered: any the questionnaire is written in. Removing one
    that respondents used keeps their answers (answers are stored as option numbers, not
    words); a response resumed in it carries on in an offered one (the survey page
    takes the questionnaire's default language if offered, else the first)."""
    found = get_assessment(store, assessment_id)
    q = questionnaire_of(store, found)
    langs = tuple(dict.fromkeys(str(lang) for lang in languages))
    if not langs:
        raise AssessmentError("no-languages")
    unknown = [lang for lang in langs if lang not in q.languages]
    if unknown:
        raise AssessmentError(
            "unknown-language",
            variant="questionnaire",
            missing=", ".join(unknown),
            offered=", ".join(q.languages),
        )
    if langs == found.languages:
        return found

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute("UPDATE assessments SET languages = ? WHERE id = ?", [list(langs), found.id])
        return audit.LanguagesChanged(**_about(found), old=found.languages, new=langs)

    return _edit(store, found, change, by)


def response_count(store: Store, assessment_id: str) -> int:
    """Every response the assessment holds: survey (submitted or midway), workshop and
    imported alike. Once there is one, the questionnaire is fixed."""
    return _responses(store.cursor(), assessment_id)


def _responses(cur: duckdb.DuckDBPyConnection, assessment_id: str, team: str | None = None) -> int:
    row = cur.execute(
        "SELECT count(*) FROM respondents WHERE assessment_id = $a"
        " AND ($team IS NULL OR team_id = $team)",
        {"a": assessment_id, "team": team},
    ).fetchone()
    return int(row[0]) if row else 0


def set_questionnaire(
    store: Store,
    assessment_id: str,
    questionnaire: Questionnaire,
    *,
    source: str | None = None,
    by: audit.Who | None = None,
) -> Assessment:
    """Use another questionnaire (or version), only while there are no answers at all:
    `questionnaire-fixed` after. Targets of dimensions it shares are kept, others get the
    default; languages it is not written in are dropped (all of its own if none is left)."""
    found = get_assessment(store, assessment_id)
    old = questionnaire_of(store, found)
    if _responses(store.cursor(), found.id):
        raise AssessmentError("questionnaire-fixed")
    digest = save_questionnaire(store, questionnaire, source)
    if digest == found.content_hash:
        return found
    targets = _check_targets(
        questionnaire,
        {
            d: level
            for d, level in found.targets.items()
            if d in {dim.id for dim in questionnaire.dimensions}
        },
    )
    langs = [lang for lang in found.languages if lang in questionnaire.languages]
    langs = langs or list(questionnaire.languages)

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        if _responses(cur, found.id):  # checked again inside the write
            raise AssessmentError("questionnaire-fixed")
        cur.execute(
            "UPDATE assessments SET content_hash = ?, languages = ? WHERE id = ?",
            [digest, langs, found.id],
        )
        cur.execute("DELETE FROM assessment_targets WHERE assessment_id = ?", [found.id])
        cur.executemany(
            "INSERT INTO assessment_targets VALUES (?, ?, ?)",
            [[found.id, dim, level] for dim, level in targets.items()],
        )
        return audit.QuestionnaireChanged(
            **_about(found),
            old=f"{old.id} {old.version}",
            new=f"{questionnaire.id} {questionnaire.version}",
        )

    return _edit(store, found, change, by)


class _About(TypedDict):
    organisation_id: str
    assessment_id: str
    assessment_name: str


def _about(found: Assessment) -> _About:
    return {
        "organisation_id": found.organisation_id,
        "assessment_id": found.id,
        "assessment_name": found.name,
    }


def _team_of(found: Assessment, team_id: str) -> Team:
    try:
        return found.team(team_id)
    except KeyError:
        raise AssessmentError("no-such-team", team=str(team_id)) from None


def _name_taken(found: Assessment, name: str, but: str | None = None) -> bool:
    return any(t.name.casefold() == name.casefold() and t.id != but for t in found.teams)


def _head_count(head_count: int | None, name: str) -> int | None:
    if head_count is None:
        return None
    if isinstance(head_count, bool) or not isinstance(head_count, int) or head_count < 0:
        raise AssessmentError("bad-head-count", team=name)
    return head_count


def add_team(
    store: Store,
    assessment_id: str,
    name: str,
    head_count: int | None = None,
    *,
    by: audit.Who | None = None,
) -> Assessment:
    """Add a team (last in the list). Its link id comes from its name, and is never one
    that an earlier team of the assessment had (a merged team's id stays retired)."""
    found = get_assessment(store, assessment_id)
    name = _clean_name(name, "team")
    if _name_taken(found, name):
        raise AssessmentError("duplicate-team", team=name)
    count = _head_count(head_count, name)

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        used = {
            str(row[0])
            for row in cur.execute(
                "SELECT team_id FROM teams WHERE assessment_id = $a"
                " UNION SELECT from_team FROM team_merges WHERE assessment_id = $a"
                " UNION SELECT team_id FROM respondents WHERE assessment_id = $a"
                "   AND team_id IS NOT NULL"
                " UNION SELECT first_team FROM respondents WHERE assessment_id = $a"
                "   AND first_team IS NOT NULL",
                {"a": found.id},
            ).fetchall()
        }
        base = slug(name)
        team_id, n = base, 1
        while team_id in used:
            n += 1
            team_id = f"{base[:36]}-{n}"
        position = cur.execute(
            "SELECT coalesce(max(position), -1) + 1 FROM teams WHERE assessment_id = ?",
            [found.id],
        ).fetchone()
        cur.execute(
            "INSERT INTO teams VALUES (?, ?, ?, ?, ?)",
            [found.id, team_id, name, count, int(position[0]) if position else 0],
        )
        return audit.TeamAdded(**_about(found), team=name, head_count=count)

    return _edit(store, found, change, by)


def rename_team(
    store: Store, assessment_id: str, team_id: str, name: str, *, by: audit.Who | None = None
) -> Assessment:
    """Give a team another name. Its id, link and responses stay as they are, so every
    figure published before means the same people: a rename shows nothing new."""
    found = get_assessment(store, assessment_id)
    team = _team_of(found, team_id)
    name = _clean_name(name, "team")
    if name == team.name:
        return found
    if _name_taken(found, name, but=team.id):
        raise AssessmentError("duplicate-team", team=name)

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute(
            "UPDATE teams SET name = ? WHERE assessment_id = ? AND team_id = ?",
            [name, found.id, team.id],
        )
        return audit.TeamRenamed(**_about(found), old=team.name, new=name)

    return _edit(store, found, change, by)


def set_head_count(
    store: Store,
    assessment_id: str,
    team_id: str,
    head_count: int | None,
    *,
    by: audit.Who | None = None,
) -> Assessment:
    """Change a team's head-count (None: not known). On an open link it is also the
    team's cap of submitted answers."""
    found = get_assessment(store, assessment_id)
    team = _team_of(found, team_id)
    count = _head_count(head_count, team.name)
    if count == team.head_count:
        return found

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        cur.execute(
            "UPDATE teams SET head_count = ? WHERE assessment_id = ? AND team_id = ?",
            [count, found.id, team.id],
        )
        return audit.HeadCountChanged(
            **_about(found), team=team.name, old=team.head_count, new=count
        )

    return _edit(store, found, change, by)


def remove_team(
    store: Store, assessment_id: str, team_id: str, *, by: audit.Who | None = None
) -> Assessment:
    """Remove a team no one has answered in (`team-has-responses` otherwise: merge it)."""
    found = get_assessment(store, assessment_id)
    team = _team_of(found, team_id)

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        if _responses(cur, found.id, team.id):
            raise AssessmentError("team-has-responses", team=team.name)
        cur.execute(
            "DELETE FROM teams WHERE assessment_id = ? AND team_id = ?", [found.id, team.id]
        )
        return audit.TeamRemoved(**_about(found), team=team.name)

    return _edit(store, found, change, by)


def merge_teams(
    store: Store, assessment_id: str, team_id: str, into: str, *, by: audit.Who | None = None
) -> Assessment:
    """Merge a team into another: its survey and imported responses (submitted and
    midway) move there, the head-counts add up, and the team disappears (its id is
    retired). Workshop participants keep the team they gave in the workshop, whose own
    held results were audited by it.

    Each moved response keeps the team it was first in (`first_team`) and the merge is
    recorded with the last release before it, so the release audit rebuilds every
    earlier release exactly and no pair of releases can difference out the few people
    who moved (`assessment.analysis.releases`)."""
    found = get_assessment(store, assessment_id)
    merged = _team_of(found, team_id)
    target = _team_of(found, into)
    if merged.id == target.id:
        raise AssessmentError("merge-into-itself", team=merged.name)
    known = [n for n in (merged.head_count, target.head_count) if n is not None]
    head_count = sum(known) if known else None

    def change(cur: duckdb.DuckDBPyConnection) -> audit.Event:
        moved = cur.execute(
            "UPDATE respondents SET first_team = coalesce(first_team, team_id), team_id = $into"
            " WHERE assessment_id = $a AND team_id = $from AND workshop_id IS NULL",
            {"a": found.id, "into": target.id, "from": merged.id},
        ).fetchone()
        latest = cur.execute(
            "SELECT coalesce(max(number), 0) FROM releases WHERE assessment_id = ?", [found.id]
        ).fetchone()
        cur.execute(
            "INSERT INTO team_merges VALUES (?, ?, ?, ?, ?)",
            [found.id, merged.id, target.id, int(latest[0]) if latest else 0, utcnow()],
        )
        cur.execute(
            "UPDATE teams SET head_count = ? WHERE assessment_id = ? AND team_id = ?",
            [head_count, found.id, target.id],
        )
        cur.execute(
            "DELETE FROM teams WHERE assessment_id = ? AND team_id = ?", [found.id, merged.id]
        )
        return audit.TeamsMerged(
            **_about(found),
            merged=merged.name,
            into=target.name,
            responses=int(moved[0]) if moved else 0,
            head_count=head_count,
        )

    return _edit(store, found, change, by)


def new_wave(
    store: Store, assessment_id: str, *, name: str | None = None, by: audit.Who | None = None
) -> Assessment:
    """Repeat an assessment with the same setup; its results are compared as the next wave."""
    earlier = get_assessment(store, assessment_id)
    latest = (
        store.cursor()
        .execute("SELECT max(wave) FROM assessments WHERE series_id = ?", [earlier.series_id])
        .fetchone()
    )
    wave = int(latest[0]) + 1 if latest and latest[0] is not None else earlier.wave + 1
    return create_assessment(
        store,
        earlier.organisation_id,
        questionnaire_of(store, earlier),
        name=name or f"{_strip_wave(earlier.name)} (wave {wave})",
        teams=earlier.teams,
        targets=earlier.targets,
        anonymity_threshold=earlier.anonymity_threshold,
        comment_threshold=earlier.comment_threshold,
        languages=earlier.languages,
        series_id=earlier.series_id,
        wave=wave,
        purpose=earlier.purpose,
        per_person_codes=earlier.per_person_codes,  # codes themselves are per wave
        by=by,
        repeats=assessment_id,
    )


def _strip_wave(name: str) -> str:
    return re.sub(r"\s*\(wave \d+\)$", "", name)


def waves(store: Store, assessment_id: str) -> list[Assessment]:
    """Every wave of the assessment's series, first wave first."""
    series = get_assessment(store, assessment_id).series_id
    rows = (
        store.cursor()
        .execute("SELECT id FROM assessments WHERE series_id = ? ORDER BY wave", [series])
        .fetchall()
    )
    return [get_assessment(store, row[0]) for row in rows]


def previous_wave(store: Store, assessment_id: str) -> Assessment | None:
    """The wave this assessment follows: the latest of its series with a lower wave
    number (`new_wave` links them), or None for a first wave."""
    current = get_assessment(store, assessment_id)
    earlier = [a for a in waves(store, assessment_id) if a.wave < current.wave]
    return earlier[-1] if earlier else None


# --- teams, as a consultant pastes them ------------------------------------------------------

HEADER_NAMES = frozenset({"team", "name", "team name"})


def parse_team_lines(text: str, lang: str | None = None) -> tuple[list[Team], list[str]]:
    """Teams from pasted lines `team name, head-count` (comma, semicolon or tab; the
    head-count may be left empty; a header line `team,head_count` is skipped).

    Returns the teams and every problem (in `lang`, English by default), each starting
    with its line number; the link id of a team (`?t=`) is derived from its name."""

    def say(key: str, /, **params: object) -> str:
        return words.t(f"console.team_line_{key}", lang, **params)

    teams: list[Team] = []
    problems: list[str] = []
    seen_names: dict[str, int] = {}
    seen_ids: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        separator = next((s for s in ("\t", ";", ",") if s in line), None)
        fields = [f.strip() for f in line.split(separator)] if separator else [line]
        if number == 1 and fields[0].lower() in HEADER_NAMES:
            continue
        if len(fields) > 2:
            problems.append(say("fields", line=str(number), count=len(fields)))
            continue
        name = " ".join(fields[0].split())
        if not name:
            problems.append(say("empty", line=str(number)))
            continue
        if len(name) > MAX_NAME_LENGTH:
            problems.append(say("long", line=str(number), limit=MAX_NAME_LENGTH))
            continue
        head_text = fields[1] if len(fields) == 2 else ""
        head_count: int | None = None
        if head_text:
            if not head_text.isdigit():
                problems.append(say("head_count", line=str(number), name=name, value=head_text))
                continue
            head_count = int(head_text)
        key = name.casefold()
        if key in seen_names:
            problems.append(say("twice", line=str(number), name=name, first=str(seen_names[key])))
            continue
        team_id = slug(name)
        if team_id in seen_ids:
            problems.append(
                say(
                    "same_id", line=str(number), name=name, id=team_id, first=str(seen_ids[team_id])
                )
            )
            continue
        seen_names[key] = number
        seen_ids[team_id] = number
        teams.append(Team(team_id, name, head_count))
    return teams, problems
