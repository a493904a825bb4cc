"""Retention and erasure: deleting responses for good.

Two ways answers leave the database:
- **retention**: the organisation deletes an assessment's responses, all of them or
  those given before a date (survey, workshop and imported responses alike);
- **erasure**: one respondent's answers, found by the secret of their "continue later"
  link (or a workshop phone's place), the respondent's right to erasure. Whoever holds
  the secret may erase: the respondent on their own page, or a consultant to whom the
  respondent sent their link.

A deletion removes the respondent rows with their answers, comments and stored scores in
one transaction, so a report drawn afterwards no longer counts them; the process's
memos about the assessment (the scoring fingerprint, a workshop's held results and
phone state) are dropped with it. The audit entry says what was deleted and how many,
never whose: the secret is not logged, and no respondent id is kept.

Authorisation lives in `assessment.access` (retention, and erasure by a consultant)
and in holding the secret (erasure by the respondent); this module does the deleting.
"""

from __future__ import annotations

import functools
import logging
import threading
import weakref
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import duckdb

from assessment.analysis.releases import record_departures
from assessment.collect.responses import hash_secret
from assessment.errors import ResponseError
from assessment.organisation import audit, auth
from assessment.organisation.assessments import Assessment, utcnow
from assessment.organisation.auth import Actor
from assessment.storage.store import Store


@dataclass(frozen=True)
class Erased:
    """How much was deleted."""

    respondents: int
    answers: int
    comments: int


NOTHING = Erased(0, 0, 0)
log = logging.getLogger(__name__)

# The respondents to delete are put in a temporary list first, so the four DELETEs
# agree on the same set even if a response is submitted meanwhile.
_DELETE_LISTED = (
    "DELETE FROM answers WHERE respondent IN (SELECT num FROM erase_list)",
    "DELETE FROM comments WHERE respondent IN (SELECT num FROM erase_list)",
    "DELETE FROM respondent_scores WHERE respondent IN (SELECT num FROM erase_list)",
    "DELETE FROM respondents WHERE num IN (SELECT num FROM erase_list)",
    "DELETE FROM open_answers WHERE respondent IN (SELECT num FROM erase_list)",
)


def _delete_listed(cur: duckdb.DuckDBPyConnection) -> Erased:
    # Released respondents leave their head-counts behind: the next release is audited
    # against the earlier ones that counted them, and waits for k changes.
    record_departures(cur, "erase_list")
    counts = []
    for statement in _DELETE_LISTED:
        row = cur.execute(statement).fetchone()
        counts.append(int(row[0]) if row else 0)
    cur.execute("DROP TABLE erase_list")
    return Erased(respondents=counts[3], answers=counts[0], comments=counts[1] + counts[4])


def forget_memos(store: Store, assessment_id: str) -> None:
    """Drop what this process remembers about the assessment's responses: the scoring
    fingerprint, and each of its workshops' held results and phone state."""
    workshop_ids = [
        row[0]
        for row in store.cursor()
        .execute("SELECT id FROM workshops WHERE assessment_id = ?", [assessment_id])
        .fetchall()
    ]
    store.memo.pop(f"scored:{assessment_id}", None)
    for key, value in list(store.memo.items()):
        # Keyed by workshop id, or (a phone's cached seat) by secret hash with the id inside.
        if any(f":{wid}" in key for wid in workshop_ids) or (
            key.startswith("workshop-seat:") and getattr(value, "workshop_id", None) in workshop_ids
        ):
            store.memo.pop(key, None)


def _older_than(before: date) -> datetime:
    return datetime(before.year, before.month, before.day)


def delete_responses(
    store: Store, assessment: Assessment, before: date | None, *, by: Actor
) -> Erased:
    """Delete the assessment's responses (all, or those last touched before `before`:
    submitted before it, or started before it and never submitted), audited as `by`'s."""
    assessment_id = assessment.id

    def run(cur: duckdb.DuckDBPyConnection) -> Erased:
        cur.execute(
            "CREATE TEMP TABLE erase_list AS SELECT num FROM respondents"
            " WHERE assessment_id = $a"
            " AND ($before IS NULL OR coalesce(submitted_hour, started_hour) < $before)",
            {"a": assessment_id, "before": None if before is None else _older_than(before)},
        )
        erased = _delete_listed(cur)
        deleted = audit.ResponsesDeleted(
            organisation_id=assessment.organisation_id,
            assessment_id=assessment_id,
            before=before,
            respondents=erased.respondents,
            answers=erased.answers,
            comments=erased.comments,
        )
        audit.record(cur, by, deleted)
        return erased

    erased = store.write(run)
    forget_memos(store, assessment_id)
    return erased


# --- unsubmitted responses ---------------------------------------------------------------------
# A start that is never submitted says only that someone opened the survey at a time:
# its exact start time (kept to measure how long a submission took, for the speeder
# check) is dropped after EXACT_START_HOURS, leaving the hour, as a submitted response
# keeps it; a response still open then is no speeder, and its duration is left unknown.
# After the assessment's `unsubmitted_days` the start is deleted with its answers.
# Workshop participants are not "unsubmitted": their answers count once given.

EXACT_START_HOURS = 2
PRUNE_EVERY_SECONDS = 900.0
_PRUNER = audit.Visitor(None, audit.RETENTION)


@dataclass(frozen=True)
class Pruned:
    """What one pruning run did."""

    coarsened: int  # exact start times dropped
    respondents: int  # unsubmitted responses deleted
    answers: int
    comments: int


def prune_unsubmitted(store: Store, *, now: datetime | None = None) -> Pruned:
    """Drop exact start times older than `EXACT_START_HOURS`, and delete survey responses
    never submitted whose start (and the assessment's last reopening) is older than
    their assessment's `unsubmitted_days`, each assessment's deletion in one transaction
    with its audit entry. Nothing of a closed assessment is deleted."""
    now = now or utcnow()

    def coarsen(cur: duckdb.DuckDBPyConnection) -> int:
        row = cur.execute(
            "UPDATE respondents SET started_at = NULL WHERE started_at IS NOT NULL"
            " AND submitted_hour IS NULL AND started_at < ?",
            [now - timedelta(hours=EXACT_START_HOURS)],
        ).fetchone()
        return int(row[0]) if row else 0

    coarsened = store.write(coarsen)
    due = store.cursor().execute(_DUE, {"now": now}).fetchall()
    total = Erased(0, 0, 0)
    for assessment_id, organisation_id, days in due:
        erased = store.write(
            functools.partial(
                _prune_one,
                assessment_id=str(assessment_id),
                organisation_id=str(organisation_id),
                days=int(days),
                now=now,
            )
        )
        forget_memos(store, str(assessment_id))
        total = Erased(
            total.respondents + erased.respondents,
            total.answers + erased.answers,
            total.comments + erased.comments,
        )
    return Pruned(coarsened, total.respondents, total.answers, total.comments)


# Unsubmitted survey responses past their assessment's retention (checked again inside
# each deletion's transaction, so one submitted meanwhile stays). A closed assessment's
# midway responses are kept, so that reopening lets their owners finish; after a
# reopening, the retention period counts from it.
_EXPIRED = (
    "r.submitted_hour IS NULL AND r.workshop_id IS NULL AND r.channel = 'survey'"
    " AND r.started_hour < $now::TIMESTAMP - to_days(a.unsubmitted_days)"
    " AND NOT a.closed AND (a.closes_at IS NULL OR a.closes_at > $now::TIMESTAMP)"
    " AND (a.reopened_at IS NULL"
    "      OR a.reopened_at < $now::TIMESTAMP - to_days(a.unsubmitted_days))"
)
_DUE = (
    "SELECT DISTINCT a.id, a.organisation_id, a.unsubmitted_days"  # noqa: S608 - constant SQL
    " FROM respondents r JOIN assessments a ON a.id = r.assessment_id WHERE " + _EXPIRED
)


def _prune_one(
    cur: duckdb.DuckDBPyConnection,
    assessment_id: str,
    organisation_id: str,
    days: int,
    now: datetime,
) -> Erased:
    cur.execute(
        "CREATE TEMP TABLE erase_list AS SELECT r.num FROM respondents r"  # noqa: S608
        " JOIN assessments a ON a.id = r.assessment_id WHERE a.id = $a AND " + _EXPIRED,
        {"a": assessment_id, "now": now},
    )
    erased = _delete_listed(cur)
    if erased.respondents:
        deleted = audit.ResponsesDeleted(
            organisation_id=organisation_id,
            assessment_id=assessment_id,
            unsubmitted_days=days,
            respondents=erased.respondents,
            answers=erased.answers,
            comments=erased.comments,
        )
        audit.record(cur, _PRUNER, deleted)
    return erased


@dataclass(frozen=True)
class Pruner:
    """The thread that prunes now and then; `stop()` ends it (before closing the store)."""

    thread: threading.Thread
    stopping: threading.Event

    def stop(self, timeout: float | None = None) -> None:
        self.stopping.set()
        self.thread.join(timeout)


def keep_pruning(
    store: Store, every: float = PRUNE_EVERY_SECONDS, *, delay: float = 60.0
) -> Pruner:
    """Prune `delay` seconds from now (the app starts it when it opens the database, and
    a start-up should not wait for it), then every `every` seconds, in a daemon thread,
    for as long as the store is in use."""
    ref = weakref.ref(store)
    stopping = threading.Event()

    def loop() -> None:
        stopping.wait(delay)
        while not stopping.is_set():
            current = ref()
            if current is None:
                return
            try:
                prune_unsubmitted(current)
            except duckdb.ConnectionException:
                return  # the store was closed
            except Exception:
                log.exception("pruning unsubmitted responses failed; trying again later")
            del current
            stopping.wait(every)

    thread = threading.Thread(target=loop, name="gapmap-retention", daemon=True)
    thread.start()
    return Pruner(thread, stopping)


def erase_respondent(store: Store, secret: str, *, by: Actor | None = None) -> Erased:
    """Delete every answer, comment and score of the respondent whose link holds
    `secret`, and the respondent. `by` is the consultant who did it at the
    respondent's request (None: the respondent themselves). An unknown secret is
    refused with `unknown-response`; erasing twice finds nothing the second time."""
    secret = secret.strip()
    if not secret:
        raise ResponseError("unknown-response")

    def run(cur: duckdb.DuckDBPyConnection) -> tuple[Erased, str]:
        found = cur.execute(
            "SELECT r.assessment_id, a.organisation_id FROM respondents r"
            " JOIN assessments a ON a.id = r.assessment_id WHERE r.secret_hash = ?",
            [hash_secret(secret)],
        ).fetchone()
        if found is None:
            raise ResponseError("unknown-response")
        assessment_id, organisation_id = str(found[0]), str(found[1])
        cur.execute(
            "CREATE TEMP TABLE erase_list AS SELECT num FROM respondents WHERE secret_hash = ?",
            [hash_secret(secret)],
        )
        erased = _delete_listed(cur)
        erasure = audit.RespondentErased(
            organisation_id=organisation_id,
            assessment_id=assessment_id,
            by_respondent=by is None,
            answers=erased.answers,
            comments=erased.comments,
        )
        audit.record(cur, by or auth.RESPONDENT, erasure)
        return erased, assessment_id

    erased, assessment_id = store.write(run)
    forget_memos(store, assessment_id)
    store.memo.pop(f"workshop-seat:{hash_secret(secret)}", None)  # a phone's cached seat
    return erased


def secret_from_link(text: str) -> str:
    """The secret in a pasted "continue later" link (`?r=`) or phone address (`?p=`),
    or the text itself when it is a bare secret."""
    from urllib.parse import parse_qs, urlsplit

    text = text.strip()
    if "?" in text or "=" in text:
        query = urlsplit(text).query or text.split("?", 1)[-1]
        params = parse_qs(query)
        for key in ("r", "p"):
            if params.get(key):
                return params[key][0].strip()
    return text
