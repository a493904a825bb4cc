"""Per-person invite codes: single-use codes that each start exactly one response.

With an open link, one person can answer many times and fill a small group with answers
they know. An assessment set up with per-person codes starts a response only for an
unused code; the code is then marked used in the same transaction that creates the
respondent. The database keeps each code's SHA-256 hash and whether it was used, and
nothing else: no time of use, no order, no column on either side that joins a code to a
respondent. The codes themselves are handed to the consultant once, when they are
issued (for a mail merge or a printed sheet), and never stored.

Codes are 12 characters from the unambiguous invite alphabet (about 54 random bits),
typed or read in groups of four (`K7QX-4MNP-9CTW`); case, spaces and dashes are ignored.
A code's link is the survey's ordinary address with the code as invite code
(`BASE/?a=CODE`), so it leads straight to its assessment.

Who may issue codes, count them or switch an assessment to them (the consultants who
manage its organisation, or the command line) is decided in `assessment.access`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb

from assessment import words
from assessment.collect import limits
from assessment.errors import AssessmentError, ResponseError
from assessment.organisation import assessments as _assessments
from assessment.organisation import audit
from assessment.organisation.assessments import CODE_ALPHABET, Assessment, Team, new_code
from assessment.organisation.auth import Actor
from assessment.storage.store import Store

PERSON_CODE_LENGTH = 12
GROUP = 4  # characters per group when a code is shown
MAX_CODES_PER_ISSUE = 5000
_CODE_SHAPE = re.compile(f"[{CODE_ALPHABET}]{{{PERSON_CODE_LENGTH}}}")
_HASH_PREFIX = b"gapmap-invite-code:"  # keeps code hashes apart from resume-secret hashes


# --- one code ----------------------------------------------------------------------------------


def normalise_code(text: str) -> str | None:
    """The code as stored (upper case, no spaces or dashes), or None when `text` cannot
    be a per-person code (wrong length or a character outside the alphabet)."""
    cleaned = re.sub(r"[\s-]", "", str(text)).upper()
    return cleaned if _CODE_SHAPE.fullmatch(cleaned) else None


def format_code(code: str) -> str:
    """A code as people read it: groups of four joined by dashes."""
    return "-".join(code[n : n + GROUP] for n in range(0, len(code), GROUP))


def hash_code(code: str) -> str:
    """The SHA-256 hash a code is stored as (the code is normalised first)."""
    normal = normalise_code(code) or str(code)
    return hashlib.sha256(_HASH_PREFIX + normal.encode("ascii", "replace")).hexdigest()


def code_link(base_url: str, code: str) -> str:
    """The link that opens the survey with this code: `BASE/?a=CODE`."""
    return f"{base_url.rstrip('/')}/?a={normalise_code(code) or code}"


def _malformed() -> ResponseError:
    return ResponseError(
        "code-malformed", length=PERSON_CODE_LENGTH, example=format_code("ACDE" * 3)
    )


def _unknown() -> ResponseError:
    return ResponseError("code-unknown")


def _used() -> ResponseError:
    return ResponseError("code-used")


# --- respondents: checking and redeeming -----------------------------------------------------


def check_code(store: Store, assessment_id: str, text: str, *, address: str | None = None) -> str:
    """The normalised code if it belongs to the assessment and is unused; otherwise
    ResponseError `code-malformed`, `code-unknown` or `code-used`. Nothing is written.
    From a client `address`, wrong codes are rate-limited (`too-many-attempts`)."""
    with limits.code_attempt(store, address):
        return _check_code(store, assessment_id, text)


def _check_code(store: Store, assessment_id: str, text: str) -> str:
    code = normalise_code(text)
    if code is None:
        raise _malformed()
    row = (
        store.cursor()
        .execute(
            "SELECT used FROM invite_codes WHERE code_hash = ? AND assessment_id = ?",
            [hash_code(code), assessment_id],
        )
        .fetchone()
    )
    if row is None:
        raise _unknown()
    if row[0]:
        raise _used()
    return code


def redeem_code(cur: duckdb.DuckDBPyConnection, assessment_id: str, text: str) -> None:
    """Mark the code used, inside the caller's transaction (the one that creates the
    respondent): if the respondent is not created, the code stays unused. Two
    transactions redeeming one code conflict; the retried one finds it used."""
    code = normalise_code(text)
    if code is None:
        raise _malformed()
    digest = hash_code(code)
    marked = cur.execute(
        "UPDATE invite_codes SET used = true"
        " WHERE code_hash = ? AND assessment_id = ? AND NOT used RETURNING 1",
        [digest, assessment_id],
    ).fetchone()
    if marked is not None:
        return
    row = cur.execute(
        "SELECT used FROM invite_codes WHERE code_hash = ? AND assessment_id = ?",
        [digest, assessment_id],
    ).fetchone()
    raise _unknown() if row is None else _used()


def assessment_for_code(store: Store, text: str) -> Assessment | None:
    """The assessment a per-person code belongs to (used or not), or None. A code is
    the respondent's credential, like an invite code, so the survey page may use it."""
    code = normalise_code(text)
    if code is None:
        return None
    row = (
        store.cursor()
        .execute("SELECT assessment_id FROM invite_codes WHERE code_hash = ?", [hash_code(code)])
        .fetchone()
    )
    return None if row is None else _assessments.get_assessment(store, row[0])


def find_survey(
    store: Store, text: str, *, address: str | None = None
) -> tuple[Assessment, str | None] | None:
    """The assessment a survey link's `?a=` leads to: its invite code, or a per-person
    code (returned as the second value, to check before starting). None when it leads
    nowhere; from a client `address`, such wrong codes are rate-limited
    (`too-many-attempts`, raised before anything is looked up once the limit is hit)."""
    found: tuple[Assessment, str | None] | None = None
    try:
        with limits.code_attempt(store, address):
            assessment = _assessments.find_by_invite_code(store, text)
            if assessment is not None:
                found = (assessment, None)
            else:
                by_code = assessment_for_code(store, text)
                if by_code is None:
                    raise _unknown()
                found = (by_code, text)
    except ResponseError as err:
        if err.code != "code-unknown":
            raise
    return found


# --- consultants: issuing and counting ---------------------------------------------------------


@dataclass(frozen=True)
class CodeCounts:
    """How many codes an assessment has issued and how many of them started a response."""

    issued: int
    used: int

    @property
    def unused(self) -> int:
        return self.issued - self.used


def issue_codes(
    store: Store, assessment_id: str, count: int, *, by: Actor | None = None
) -> list[str]:
    """Add `count` new codes to the assessment; returns them (normalised). This is the
    only time the codes exist outside a person's hands: only their hashes are stored.
    Issued `by` someone, the audit log keeps how many (None: a test's or demo's codes)."""
    assessment = _assessments.get_assessment(store, assessment_id)
    if isinstance(count, bool) or not isinstance(count, int) or count < 1:
        raise AssessmentError("bad-code-count")
    if count > MAX_CODES_PER_ISSUE:
        raise AssessmentError("too-many-codes", limit=MAX_CODES_PER_ISSUE)
    fresh: dict[str, str] = {}  # hash -> code
    while len(fresh) < count:
        code = new_code(PERSON_CODE_LENGTH)
        fresh[hash_code(code)] = code

    def write(cur: duckdb.DuckDBPyConnection) -> list[str]:
        hashes = list(fresh)
        taken = {
            row[0]
            for row in cur.execute(
                "SELECT code_hash FROM invite_codes WHERE list_contains(?::VARCHAR[], code_hash)",
                [hashes],
            ).fetchall()
        }
        # 54 random bits a code: a clash is all but impossible, but would be refused.
        for digest in taken:
            del fresh[digest]
        while len(fresh) < count:
            code = new_code(PERSON_CODE_LENGTH)
            digest = hash_code(code)
            exists = cur.execute(
                "SELECT 1 FROM invite_codes WHERE code_hash = ?", [digest]
            ).fetchone()
            if exists is None:
                fresh[digest] = code
        cur.execute(
            "INSERT INTO invite_codes (code_hash, assessment_id) SELECT unnest(?::VARCHAR[]), ?",
            [list(fresh), assessment_id],
        )
        if by is not None:
            issued = audit.InviteCodesIssued(
                organisation_id=assessment.organisation_id,
                assessment_id=assessment_id,
                count=len(fresh),
            )
            audit.record(cur, by, issued)
        return list(fresh.values())

    return store.write(write)


def code_counts(store: Store, assessment_id: str) -> CodeCounts:
    """Codes issued and used for the assessment."""
    row = (
        store.cursor()
        .execute(
            "SELECT count(*), count(*) FILTER (WHERE used) FROM invite_codes"
            " WHERE assessment_id = ?",
            [assessment_id],
        )
        .fetchone()
    )
    return CodeCounts(int(row[0]), int(row[1])) if row else CodeCounts(0, 0)


def default_code_count(teams: Sequence[Team]) -> int | None:
    """How many codes to issue when the consultant does not say: the sum of the teams'
    head-counts (None when no team has one)."""
    heads = [t.head_count for t in teams if t.head_count is not None]
    return sum(heads) if heads else None


# --- the recommendation ------------------------------------------------------------------------


def code_reasons(
    teams: Sequence[Team], role_count: int, k: int, *, lang: str | None = None
) -> list[str]:
    """Why per-person codes are recommended for this setup (empty: not needed), in `lang`
    (English by default).

    A group is at risk on an open link when fewer than 2k people are invited: one
    person answering k times could then fill it with answers they know. Teams count
    their head-counts. GapMap is not told how many people hold each role, so roles are
    judged from the head-counts: when all invited people shared out evenly over the
    roles give fewer than 2k a role, at least one role is that small. A team without a
    head-count is not capped on an open link, so it is named too."""

    def say(key: str, **params: object) -> str:
        return words.t(f"console.reason_{key}", lang, **params)

    limit = 2 * k
    reasons: list[str] = []
    small = [t for t in teams if t.head_count is not None and t.head_count < limit]
    if small:
        names = ", ".join(f"{t.name} ({t.head_count})" for t in small)
        reasons.append(
            say("small_team" if len(small) == 1 else "small_teams", limit=limit, k=k, names=names)
        )
    unknown = [t for t in teams if t.head_count is None]
    if unknown:
        reasons.append(say("no_head_count", names=", ".join(t.name for t in unknown)))
    if not teams:
        reasons.append(say("no_teams"))
    heads = [t.head_count for t in teams if t.head_count is not None]
    total = sum(heads)
    if heads and not unknown and role_count > 1 and total < limit * role_count:
        reasons.append(say("roles", total=total, roles=role_count, limit=limit))
    return reasons
