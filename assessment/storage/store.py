"""DuckDB storage: one connection per process, a cursor per thread, numbered migrations.

DuckDB lets one process write a database file; inside that process every thread takes
its own cursor from the shared connection (`Store.cursor()`), as DuckDB's Python API
requires for concurrent use. The schema lives in `MIGRATIONS`, applied in order and
recorded in `schema_version`, so an old file is brought up to date when it is opened.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import duckdb

from assessment.errors import GapMapError

T = TypeVar("T")

# Optimistic concurrency: two transactions touching the same row, one of them fails with a
# conflict. Writes are short, so retrying a few times with a small pause settles it.
CONFLICT_RETRIES = 8

# DuckDB's words when a commit reached the write-ahead log but the checkpoint that
# followed failed (a full disk): the data is safe, the instance must be reopened.
_DURABLE = "COMMIT succeeded and is durable"
_DISK_FULL = ("No space left on device", "File too large", "Disk quota exceeded")


class StorageError(GapMapError):
    """The database could not write: a full disk, or a database reopened after a fatal
    error. Nothing committed before is lost; the write that failed was not made."""


def _disk_full(exc: BaseException) -> bool:
    return any(words in str(exc) for words in _DISK_FULL)


def storage_error(exc: BaseException) -> StorageError:
    """The refusal a person reads when the database could not write."""
    if _disk_full(exc):
        return StorageError("disk-full")
    return StorageError("storage-failed")


def write_conflict() -> StorageError:
    """The refusal a person reads when other writes to the same rows kept winning."""
    return StorageError("write-conflict")


Migration = Callable[[duckdb.DuckDBPyConnection], None]
MIGRATIONS: list[tuple[int, str, Migration]] = []


def migration(number: int, name: str) -> Callable[[Migration], Migration]:
    """Register a schema change; numbers are applied once each, in ascending order."""

    def register(fn: Migration) -> Migration:
        if any(n == number for n, _, _ in MIGRATIONS):
            raise ValueError(f"migration {number} registered twice")
        MIGRATIONS.append((number, name, fn))
        MIGRATIONS.sort(key=lambda m: m[0])
        return fn

    return register


class Store:
    """The process's handle on one DuckDB database (a file, or `:memory:` for tests)."""

    def __init__(self, path: str | Path = ":memory:") -> None:
        self.path = str(path)
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        self._con = duckdb.connect(self.path)
        # Bumped when the connection is reopened after a fatal error: every thread then
        # takes a new cursor (`cursor()`), and the old ones are closed.
        self._generation = 0
        self._cursors: weakref.WeakSet[duckdb.DuckDBPyConnection] = weakref.WeakSet()
        self._local = threading.local()
        self._named_locks: dict[str, threading.Lock] = {}
        # Small facts this process learnt about the data it alone writes (e.g. which
        # responses are scored already); never the data itself.
        self.memo: dict[str, object] = {}
        self._locks_guard = threading.Lock()
        try:
            self._migrate()
        except BaseException:
            self._con.close()
            raise

    def _migrate(self) -> None:
        con = self._con
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
            " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
        )
        applied = {row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()}
        for number, name, fn in MIGRATIONS:
            if number in applied:
                continue
            con.execute("BEGIN TRANSACTION")
            try:
                fn(con)
                con.execute(
                    "INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name]
                )
                con.execute("COMMIT")
            except BaseException:
                con.execute("ROLLBACK")
                raise

    @property
    def schema_version(self) -> int:
        row = self.cursor().execute("SELECT max(version) FROM schema_version").fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """This thread's cursor on the shared connection."""
        cur: duckdb.DuckDBPyConnection | None = getattr(self._local, "cursor", None)
        if cur is None or getattr(self._local, "generation", -1) != self._generation:
            cur = self.new_cursor()
            self._local.cursor = cur
            self._local.generation = self._generation
        return cur

    def new_cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own (for a long read, such as a backup, in its own transaction)."""
        with self._locks_guard:
            cur = self._con.cursor()
            self._cursors.add(cur)  # weakly: a thread's cursor goes with the thread
            return cur

    def reopen(self) -> None:
        """Close every cursor and the connection, and connect again. DuckDB invalidates a
        database instance after a fatal error (a checkpoint that failed on a full disk);
        reopening replays the write-ahead log, so every committed write is back."""
        with self._locks_guard:
            generation = self._generation
            for cur in list(self._cursors):
                _close_quietly(cur)
            _close_quietly(self._con)
            self._cursors = weakref.WeakSet()
            self._con = duckdb.connect(self.path)
            self._generation = generation + 1

    def _reopen_after(self, generation: int) -> None:
        """Reopen once per failure, however many threads saw it."""
        if generation == self._generation:
            self.reopen()

    @contextmanager
    def _transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """One attempt at a write transaction on this thread's cursor (`write` retries it);
        rolled back on any error.

        A write the disk cannot take raises `StorageError` (code `disk-full`); nothing is
        half-written. When the commit is durable but DuckDB's checkpoint after it failed,
        the connection is reopened and the write stands."""
        generation = self._generation
        cur = self.cursor()
        try:
            cur.begin()
        except duckdb.FatalException as exc:
            self._reopen_after(generation)
            raise StorageError(
                "storage-reopened", variant="disk-full" if _disk_full(exc) else ""
            ) from None
        try:
            yield cur
        except duckdb.FatalException as exc:
            self._reopen_after(generation)
            raise StorageError(
                "storage-reopened", variant="disk-full" if _disk_full(exc) else ""
            ) from None
        except BaseException:
            _rollback_quietly(cur)
            raise
        try:
            cur.commit()
        except duckdb.FatalException as exc:
            self._reopen_after(generation)
            if _DURABLE in str(exc):
                return  # committed; only the checkpoint after it failed
            raise storage_error(exc) from None
        except duckdb.Error as exc:
            _rollback_quietly(cur)
            if _disk_full(exc):
                raise storage_error(exc) from None
            raise

    def write(self, fn: Callable[[duckdb.DuckDBPyConnection], T]) -> T:
        """Run `fn` in a transaction, retrying it when another thread wrote the same rows.
        The one way to write: every change to the database goes through here.

        `fn` must be safe to run again: it makes its guard checks (not submitted yet, the
        assessment still open) inside the transaction, on what it reads there, so a retry
        sees the other writer's result (a second submit sees the first one and reports
        "already submitted"). It is also run again, once, on a connection reopened after
        a fatal error. A write that still conflicts after `CONFLICT_RETRIES` attempts is
        refused with `StorageError` (code `write-conflict`); nothing of it was written."""
        for attempt in range(CONFLICT_RETRIES):
            try:
                with self._transaction() as cur:
                    result = fn(cur)
                return result
            except duckdb.TransactionException:
                if attempt == CONFLICT_RETRIES - 1:
                    raise write_conflict() from None
                time.sleep(0.002 * (attempt + 1))
            except StorageError as err:
                if err.code != "storage-reopened" or attempt > 0:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    @contextmanager
    def serialised(self, name: str) -> Iterator[None]:
        """Run a block in one thread at a time per `name`. One process owns the database
        file, so a lock in this process is enough to serialise a read-then-write."""
        with self._locks_guard:
            lock = self._named_locks.setdefault(name, threading.Lock())
        with lock:
            yield

    def checkpoint(self) -> None:
        """Write the write-ahead log into the database file."""
        self.cursor().execute("CHECKPOINT")

    def close(self) -> None:
        with self._locks_guard:
            for cur in list(self._cursors):
                _close_quietly(cur)
            self._con.close()


def _close_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):
        con.close()


def _rollback_quietly(cur: duckdb.DuckDBPyConnection) -> None:
    # No transaction may be left to roll back (DuckDB ended it with the error).
    with contextlib.suppress(duckdb.Error):
        cur.rollback()


# --- the schema ------------------------------------------------------------------------------
# Answers are appended: a changed answer is a new row with a higher `seq`, and the
# earlier row is marked `superseded` in the same transaction, so the current answers
# are a plain filter (no "latest row per item" aggregation over millions of rows).
# Nothing about a person is stored: no name, no e-mail, no IP address; times are kept
# to the hour (the exact start lives only until submission, to measure the duration).
# Foreign keys are left out on purpose: DuckDB refuses to update a row that another table
# references, and assessments and respondents are updated (closed, submitted).


@migration(1, "organisations, assessments, respondents, answers, comments")
def _core_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE SEQUENCE answer_seq;
        CREATE SEQUENCE respondent_seq;

        CREATE TABLE organisations (
            id          VARCHAR PRIMARY KEY,
            name        VARCHAR NOT NULL,
            created_at  TIMESTAMP NOT NULL DEFAULT current_timestamp
        );

        -- A questionnaire as an assessment used it, pinned by content hash.
        CREATE TABLE questionnaires (
            content_hash      VARCHAR PRIMARY KEY,
            questionnaire_id  VARCHAR NOT NULL,
            version           VARCHAR NOT NULL,
            source            VARCHAR NOT NULL,
            created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp
        );

        -- The scoring facts of each item and option, so scores are computed in SQL.
        CREATE TABLE questionnaire_items (
            content_hash  VARCHAR NOT NULL,
            item_id       VARCHAR NOT NULL,
            position      SMALLINT NOT NULL,   -- answers refer to items by position
            dimension_id  VARCHAR NOT NULL,
            dimension     SMALLINT NOT NULL,   -- the dimension's position
            type          VARCHAR NOT NULL,
            scored        BOOLEAN NOT NULL,
            core          BOOLEAN NOT NULL,
            roles         VARCHAR[],
            reverse       BOOLEAN NOT NULL,
            weight        DOUBLE NOT NULL,
            min_score     DOUBLE,
            max_score     DOUBLE,
            scores        DOUBLE[],            -- option scores by option index
            PRIMARY KEY (content_hash, item_id)
        );

        CREATE TABLE questionnaire_options (
            content_hash  VARCHAR NOT NULL,
            item_id       VARCHAR NOT NULL,
            option_index  INTEGER NOT NULL,
            score         DOUBLE,
            PRIMARY KEY (content_hash, item_id, option_index)
        );

        CREATE TABLE assessments (
            id                   VARCHAR PRIMARY KEY,
            organisation_id      VARCHAR NOT NULL,
            name                 VARCHAR NOT NULL,
            content_hash         VARCHAR NOT NULL,
            invite_code          VARCHAR NOT NULL UNIQUE,
            series_id            VARCHAR NOT NULL,
            wave                 INTEGER NOT NULL DEFAULT 1,
            opens_at             TIMESTAMP,
            closes_at            TIMESTAMP,
            closed               BOOLEAN NOT NULL DEFAULT false,
            anonymity_threshold  INTEGER NOT NULL DEFAULT 5 CHECK (anonymity_threshold >= 3),
            comment_threshold    INTEGER NOT NULL DEFAULT 10,
            languages            VARCHAR[] NOT NULL,
            created_at           TIMESTAMP NOT NULL DEFAULT current_timestamp
        );

        CREATE TABLE assessment_targets (
            assessment_id  VARCHAR NOT NULL,
            dimension_id   VARCHAR NOT NULL,
            target_level   INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, dimension_id)
        );

        CREATE TABLE teams (
            assessment_id  VARCHAR NOT NULL,
            team_id        VARCHAR NOT NULL,
            name           VARCHAR NOT NULL,
            head_count     INTEGER CHECK (head_count >= 0),
            position       INTEGER NOT NULL,
            PRIMARY KEY (assessment_id, team_id)
        );

        -- `id` is the random public id; `num` the compact key answers refer to (joins
        -- and groupings on integers are several times faster than on 32-character ids).
        CREATE TABLE respondents (
            id                VARCHAR PRIMARY KEY,
            num               BIGINT NOT NULL DEFAULT nextval('respondent_seq'),
            assessment_id     VARCHAR NOT NULL,
            secret_hash       VARCHAR NOT NULL UNIQUE,
            role_id           VARCHAR NOT NULL,
            team_id           VARCHAR,
            language          VARCHAR NOT NULL,
            channel           VARCHAR NOT NULL
                              CHECK (channel IN ('survey', 'workshop', 'import')),
            started_hour      TIMESTAMP NOT NULL,
            started_at        TIMESTAMP,
            submitted_hour    TIMESTAMP,
            duration_seconds  INTEGER
        );

        CREATE TABLE answers (
            respondent     BIGINT NOT NULL,     -- respondents.num
            item           SMALLINT NOT NULL,   -- questionnaire_items.position
            seq            BIGINT NOT NULL DEFAULT nextval('answer_seq'),
            value          DOUBLE,
            choices        INTEGER[],
            dont_know      BOOLEAN NOT NULL DEFAULT false,
            superseded     BOOLEAN NOT NULL DEFAULT false  -- a later row answers the item
        );

        -- Dimension scores of submitted responses, computed once (scoring.score_pending).
        CREATE TABLE respondent_scores (
            respondent   BIGINT NOT NULL,
            dimension    SMALLINT NOT NULL,
            score        DOUBLE,
            core_score   DOUBLE,
            n_scored     INTEGER NOT NULL,
            n_dont_know  INTEGER NOT NULL
        );

        CREATE TABLE comments (
            respondent     BIGINT NOT NULL,
            item           SMALLINT NOT NULL,
            seq            BIGINT NOT NULL DEFAULT nextval('answer_seq'),
            text           VARCHAR,
            superseded     BOOLEAN NOT NULL DEFAULT false
        );
        """
    )


# Accounts, sessions and the audit log (who may see what, and who changed what), the
# actions a team agreed on, and the consultant's own words on the welcome page.
# Passwords are stored only as argon2 hashes and session tokens only as SHA-256 hashes;
# sign-in attempts are kept by user name, never by IP address.


@migration(2, "accounts, sessions, audit log, agreed actions, assessment purpose")
def _accounts_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE SEQUENCE audit_seq;

        CREATE TABLE accounts (
            id             VARCHAR PRIMARY KEY,
            username       VARCHAR NOT NULL UNIQUE,   -- stored lower-case
            display_name   VARCHAR NOT NULL,
            role           VARCHAR NOT NULL CHECK (role IN ('consultant', 'leadership')),
            organisation_id VARCHAR,                  -- leadership: the one organisation
            email          VARCHAR,                   -- for single sign-on (OpenID Connect)
            password_hash  VARCHAR,                   -- NULL: single sign-on only
            disabled       BOOLEAN NOT NULL DEFAULT false,
            created_at     TIMESTAMP NOT NULL DEFAULT current_timestamp,
            created_by     VARCHAR
        );

        -- The organisations a consultant manages.
        CREATE TABLE account_organisations (
            account_id       VARCHAR NOT NULL,
            organisation_id  VARCHAR NOT NULL,
            PRIMARY KEY (account_id, organisation_id)
        );

        CREATE TABLE sessions (
            token_hash  VARCHAR PRIMARY KEY,
            account_id  VARCHAR NOT NULL,
            created_at  TIMESTAMP NOT NULL,
            last_seen   TIMESTAMP NOT NULL,
            expires_at  TIMESTAMP NOT NULL
        );

        -- For throttling sign-in by user name (no IP address is ever stored).
        CREATE TABLE sign_in_attempts (
            username      VARCHAR NOT NULL,
            attempted_at  TIMESTAMP NOT NULL,
            ok            BOOLEAN NOT NULL
        );

        CREATE TABLE audit_log (
            seq              BIGINT NOT NULL DEFAULT nextval('audit_seq'),
            logged_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
            account_id       VARCHAR,
            username         VARCHAR,      -- as typed, for failed sign-ins too
            action           VARCHAR NOT NULL,
            organisation_id  VARCHAR,
            assessment_id    VARCHAR,
            detail           VARCHAR
        );

        -- Actions a team agreed on (in a workshop or the console); they go in the report.
        CREATE TABLE agreed_actions (
            id                VARCHAR PRIMARY KEY,
            assessment_id     VARCHAR NOT NULL,
            dimension_id      VARCHAR,
            title             VARCHAR NOT NULL,
            owner             VARCHAR NOT NULL,
            due_date          DATE,
            source_action_id  VARCHAR,   -- the recommended action it came from, if any
            workshop_id       VARCHAR,
            status            VARCHAR NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'done', 'dropped')),
            created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
            created_by        VARCHAR
        );

        ALTER TABLE assessments ADD COLUMN purpose VARCHAR;
        """
    )


# Live workshops inside an assessment. Participants are respondents with channel
# 'workshop' and the workshop's id: they answer the pulse items only, are scored live
# from their answers, and stay out of the survey's own results (a wave of their own).


@migration(3, "live workshops")
def _workshop_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE workshops (
            id             VARCHAR PRIMARY KEY,
            assessment_id  VARCHAR NOT NULL,
            join_code      VARCHAR NOT NULL UNIQUE,
            title          VARCHAR NOT NULL,
            pacing         VARCHAR NOT NULL CHECK (pacing IN ('facilitator', 'self')),
            ask_team       BOOLEAN NOT NULL DEFAULT false,
            step           INTEGER NOT NULL DEFAULT 0,   -- 0 lobby, 1..D dimensions, D+1 overview
            revealed       VARCHAR[] NOT NULL DEFAULT [],  -- dimension ids
            started_at     TIMESTAMP NOT NULL,
            ended_at       TIMESTAMP,
            created_by     VARCHAR
        );

        ALTER TABLE respondents ADD COLUMN workshop_id VARCHAR;
        """
    )


# Releases: what viewers see of a survey changes only in steps of at least k
# respondents (assessment.analysis.releases). A release stores what it published (already
# through disclosure control, so nothing below k) and each respondent the release that
# first counted them; people deleted after being released leave only a head-count per
# role x team, so later releases can be audited against what earlier ones showed.


@migration(4, "releases")
def _releases_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE releases (
            assessment_id  VARCHAR NOT NULL,
            number         INTEGER NOT NULL,
            made_at        TIMESTAMP NOT NULL,
            respondents    INTEGER NOT NULL,
            publication    VARCHAR NOT NULL,   -- JSON: the published figures
            PRIMARY KEY (assessment_id, number)
        );

        ALTER TABLE respondents ADD COLUMN release_number INTEGER;

        CREATE TABLE release_departures (
            assessment_id  VARCHAR NOT NULL,
            role_id        VARCHAR NOT NULL,
            team_id        VARCHAR,
            entered        INTEGER NOT NULL,   -- the release that first counted them
            departed       INTEGER NOT NULL,   -- the first release made without them
            counts         VARCHAR NOT NULL    -- JSON: head-counts per measure
        );
        """
    )


# Per-person invite codes (assessment.collect.codes): an assessment may ask each respondent for
# a single-use code instead of taking anyone with the open link. Only a code's SHA-256
# hash is kept, and whether it was used: no time, no order, and no column that ties a
# code to a respondent (redeeming marks the code used in the transaction that creates
# the respondent, and stores nothing that joins the two). An assessment keeps when it
# switched to codes: responses begun on the open link before stay capped per team.


@migration(5, "per-person invite codes")
def _invite_codes_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE invite_codes (
            code_hash      VARCHAR PRIMARY KEY,
            assessment_id  VARCHAR NOT NULL,
            used           BOOLEAN NOT NULL DEFAULT false
        );

        ALTER TABLE assessments ADD COLUMN per_person_codes_since TIMESTAMP;  -- NULL: open link
        """
    )


# A live workshop's held results: what its shared screen, its summary and the trend show
# of each dimension, changed only in releases of at least k changed participants
# (assessment.collect.workshop). A release keeps the published figures (n, mean, sd, ... per
# group shown, the room's answer counts per option, and why each hidden group is
# hidden) and what the next release's audit needs: the watermark (the last answer it
# read), how many participants had answered by then (an erasure shows as a drop), and
# head-counts per era cell (perspective, role, team, the release an answer entered, the
# release it left). Never an answer or anything that points to one person.


@migration(6, "workshop held results")
def _workshop_held_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE workshop_releases (
            workshop_id   VARCHAR NOT NULL,
            dimension_id  VARCHAR NOT NULL,
            number        INTEGER NOT NULL,   -- 1, 2, ... per workshop and dimension
            made_at       TIMESTAMP NOT NULL,
            watermark     BIGINT NOT NULL,    -- answers.seq up to which answers were read
            members       INTEGER NOT NULL,   -- participants with an answer up to it
            publication   VARCHAR NOT NULL,   -- JSON: the figures shown, reasons for the rest
            audit         VARCHAR NOT NULL,   -- JSON: head-counts per era cell, earlier releases
            PRIMARY KEY (workshop_id, dimension_id, number)
        );
        """
    )


# Unsubmitted responses are kept only so long (assessment.collect.retention): a start
# that is never submitted is deleted after the assessment's `unsubmitted_days`
# (default 30), and its exact start time is dropped after a few hours, keeping only the
# hour, as a submitted response keeps it. (Since then a survey's changed answer also
# deletes the superseded row, so `superseded` rows are a workshop's history, or answers
# a change of role set aside: `responses.append_answers`.)


@migration(7, "retention of unsubmitted responses")
def _unsubmitted_retention_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        # (DuckDB adds no CHECK with a column: `assessments.set_unsubmitted_days` checks)
        "ALTER TABLE assessments ADD COLUMN unsubmitted_days INTEGER NOT NULL DEFAULT 30"
    )


# Editing after launch (assessment.organisation.assessments): a team merged into another
# moves its respondents, and `first_team` keeps the team a respondent first answered in
# (NULL: never moved), so the release audit (assessment.analysis.releases) can rebuild
# what each earlier release published: `team_merges` says after which release each
# merge took effect. A departed respondent's head-count (`release_departures.team_id`)
# is kept under that first team too. `reopened_at`: unsubmitted responses of a closed
# assessment are not pruned, and after a reopening their owners get the full retention
# period again to finish (assessment.collect.retention).


@migration(8, "editing after launch: team merges, reopening")
def _editing_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        ALTER TABLE respondents ADD COLUMN first_team VARCHAR;

        CREATE TABLE team_merges (
            assessment_id  VARCHAR NOT NULL,
            from_team      VARCHAR NOT NULL,
            into_team      VARCHAR NOT NULL,
            after_release  INTEGER NOT NULL,   -- releases after this one see the merge
            merged_at      TIMESTAMP NOT NULL
        );

        ALTER TABLE assessments ADD COLUMN reopened_at TIMESTAMP;
        """
    )


# Evidence from the CRM's own records (assessment.collect.evidence), per team only: an
# import adds up its users' rows per team and indicator and keeps the sums, never a
# user's row, name, e-mail or id. A figure is `total / base` (base: the users counted,
# or the open deals for the per-deal indicators); `users` says how many people it comes
# from, which disclosure control needs. An import replaces the assessment's evidence.


@migration(9, "evidence from the CRM's records, per team")
def _evidence_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE evidence (
            assessment_id  VARCHAR NOT NULL,
            team_id        VARCHAR NOT NULL,
            indicator      VARCHAR NOT NULL,
            users          INTEGER NOT NULL,
            total          DOUBLE NOT NULL,
            base           DOUBLE NOT NULL,
            imported_at    TIMESTAMP NOT NULL,
            PRIMARY KEY (assessment_id, team_id, indicator)
        );
        """
    )


# One-time password-reset links (assessment.organisation.auth): only a SHA-256 hash of
# each link's random token is kept, with the account it resets, who issued it, when it
# lapses and when it was used (a used or lapsed link is kept to say so, then swept).


@migration(10, "password resets")
def _password_resets_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE password_resets (
            token_hash  VARCHAR PRIMARY KEY,
            account_id  VARCHAR NOT NULL,
            issued_by   VARCHAR,              -- the consultant's account; NULL: command line
            issued_at   TIMESTAMP NOT NULL,
            expires_at  TIMESTAMP NOT NULL,
            used_at     TIMESTAMP             -- NULL: not used (yet)
        );
        """
    )


# A workshop's open question (assessment.collect.open_question): the facilitator's
# free-text question (NULL: none asked) and one answer per participant, tied only to
# their anonymous respondent row, like every answer. Changing the question deletes the
# answers to the old one. No time is kept with an answer.


@migration(11, "a workshop's open question")
def _open_question_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        ALTER TABLE workshops ADD COLUMN open_question VARCHAR;

        CREATE TABLE open_answers (
            respondent   BIGINT NOT NULL,
            workshop_id  VARCHAR NOT NULL,
            text         VARCHAR NOT NULL
        );
        """
    )


# The workshop screen's reveal of the CRM evidence (assessment.collect.workshop_evidence):
# which dimensions' evidence a workshop has put beside the room's result. Kept in the
# database rather than a browser session so the projector's screen and a reloaded
# presenter's screen agree, and each reveal is audited.


@migration(12, "workshop reveal of the CRM evidence")
def _workshop_evidence_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE workshop_evidence (
            workshop_id   VARCHAR NOT NULL,
            dimension_id  VARCHAR NOT NULL,
            revealed_at   TIMESTAMP NOT NULL,
            PRIMARY KEY (workshop_id, dimension_id)
        );
        """
    )


# The room's language of a live workshop (assessment.collect.workshop.set_language): the
# presenter view's language switch, kept with the workshop so a projector in a window of
# its own follows it. NULL: not chosen yet (the assessment's first language).


@migration(13, "a workshop's room language")
def _workshop_language_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE workshops ADD COLUMN language VARCHAR;")


# Agreed actions get a fourth status, "in progress", between open and done. DuckDB cannot
# change a CHECK constraint in place, so the table is rebuilt with its rows (ids, dates
# and statuses kept) in the migration's own transaction.


@migration(14, "agreed actions: in progress")
def _action_in_progress(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(
        """
        CREATE TABLE agreed_actions_new (
            id                VARCHAR PRIMARY KEY,
            assessment_id     VARCHAR NOT NULL,
            dimension_id      VARCHAR,
            title             VARCHAR NOT NULL,
            owner             VARCHAR NOT NULL,
            due_date          DATE,
            source_action_id  VARCHAR,   -- the recommended action it came from, if any
            workshop_id       VARCHAR,
            status            VARCHAR NOT NULL DEFAULT 'open'
                              CHECK (status IN ('open', 'in_progress', 'done', 'dropped')),
            created_at        TIMESTAMP NOT NULL DEFAULT current_timestamp,
            created_by        VARCHAR
        );
        INSERT INTO agreed_actions_new
            SELECT id, assessment_id, dimension_id, title, owner, due_date, source_action_id,
                   workshop_id, status, created_at, created_by
            FROM agreed_actions;
        DROP TABLE agreed_actions;
        ALTER TABLE agreed_actions_new RENAME TO agreed_actions;
        """
    )


# An audit entry's parameters (assessment.organisation.audit): what its description is made
# of, as JSON, so a page can say it in the reader's language. The English `detail` is still
# written beside them; entries from before keep NULL and read as their stored English.


@migration(15, "audit entries' parameters")
def _audit_params(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("ALTER TABLE audit_log ADD COLUMN params JSON;")
