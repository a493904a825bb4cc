"""A workshop's open question: the facilitator asks the room one free-text question,
each phone gives one short answer, and the shared screen lists the words the room used.

The question is the facilitator's (`set_open_question`, audited); changing or clearing
it deletes the answers given to the old one, so a list never mixes two questions. An
answer belongs to the participant's anonymous respondent row only, like every answer,
and is erased with it. The screen shows the grouped words (`analysis.wordlist`) only
once at least the assessment's comment threshold of participants answered (the rule
that lets a survey's comments be shown, never below k), and then only the short
phrases and words at least two people gave alike: never what only one person wrote.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from assessment.analysis import disclosure
from assessment.analysis.wordlist import WordList, word_list
from assessment.collect import workshop as _workshop
from assessment.collect.responses import hash_secret
from assessment.collect.workshop import Workshop, WorkshopError
from assessment.errors import ResponseError
from assessment.organisation import audit
from assessment.organisation.assessments import Assessment
from assessment.organisation.auth import Actor
from assessment.storage.store import Store

MAX_QUESTION_CHARS = 200
MAX_ANSWER_CHARS = 200


def clean_text(text: str | None) -> str:
    """Untrusted text as stored: NUL and other control characters dropped, runs of
    white space (new lines too) made one space, trimmed."""
    kept = "".join(c if c.isprintable() or c.isspace() else "" for c in str(text or ""))
    return " ".join(kept.split())


def threshold(assessment: Assessment) -> int:
    """How many participants must have answered before any word is shown: the comment
    threshold, and never fewer than k."""
    return max(assessment.comment_threshold, assessment.anonymity_threshold)


# --- the facilitator -----------------------------------------------------------------------


def set_open_question(
    store: Store, workshop: Workshop, assessment: Assessment, text: str | None, *, by: Actor
) -> Workshop:
    """Ask the room `text` (empty: clear the question). A new or cleared question deletes
    the answers to the old one; asking the same question again changes nothing."""
    if not workshop.running:
        raise WorkshopError("workshop-ended")
    question = clean_text(text)
    if len(question) > MAX_QUESTION_CHARS:
        raise WorkshopError("bad-open-question", limit=MAX_QUESTION_CHARS)
    if question == (workshop.open_question or ""):
        return workshop

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute(
            "UPDATE workshops SET open_question = ? WHERE id = ?",
            [question or None, workshop.id],
        )
        cur.execute("DELETE FROM open_answers WHERE workshop_id = ?", [workshop.id])
        event: audit.Event
        if question:
            event = audit.WorkshopQuestionAsked(
                organisation_id=assessment.organisation_id,
                assessment_id=assessment.id,
                title=workshop.title,
                question=question,
            )
        else:
            event = audit.WorkshopQuestionCleared(
                organisation_id=assessment.organisation_id,
                assessment_id=assessment.id,
                title=workshop.title,
            )
        audit.record(cur, by, event)

    store.write(write)
    _workshop.changed(store, workshop)
    return _workshop.get_workshop(store, workshop.id)


@dataclass(frozen=True)
class OpenQuestionView:
    """What the facilitator's screen shows of the open question. `words` is None until
    `answered` reaches `threshold`; `needed` says how many more answers that takes."""

    question: str | None
    answered: int
    threshold: int
    words: WordList | None

    @property
    def needed(self) -> int:
        return max(0, self.threshold - self.answered)


def open_question_view(
    store: Store, workshop: Workshop, assessment: Assessment
) -> OpenQuestionView:
    """The question, how many answered it, and the grouped phrases and words once
    enough did."""
    needed = threshold(assessment)
    if not workshop.open_question:
        return OpenQuestionView(None, 0, needed, None)
    texts = [
        str(row[0])
        for row in store.cursor()
        .execute(
            "SELECT o.text FROM open_answers o JOIN respondents r ON r.num = o.respondent"
            " WHERE o.workshop_id = ? AND r.workshop_id = ? ORDER BY o.text",
            [workshop.id, workshop.id],
        )
        .fetchall()
    ]
    # the survey comments' rule: listed once the comment threshold of people answered
    words = word_list(texts) if disclosure.comments_shown(len(texts), needed) else None
    return OpenQuestionView(workshop.open_question, len(texts), needed, words)


# --- the phone -----------------------------------------------------------------------------


_STILL_ASKED = """
SELECT w.ended_at, w.open_question
FROM respondents r JOIN workshops w ON w.id = r.workshop_id
WHERE r.num = ? AND r.secret_hash = ?
"""


def answer_open_question(
    store: Store, secret: str, text: str | None, *, question: str | None = None
) -> str:
    """Save (or with empty text, withdraw) the participant's answer; returns it as
    stored. `question` is the question the phone showed: if the facilitator has changed
    it since, the answer is refused (`open-question-changed`) rather than filed under a
    question it was not written for."""
    answer = clean_text(text)
    if len(answer) > MAX_ANSWER_CHARS:
        raise ResponseError("open-answer-too-long", limit=MAX_ANSWER_CHARS)
    seat = _workshop.seat_of(store, secret)
    hashed = hash_secret(str(secret).strip())

    def write(cur: duckdb.DuckDBPyConnection) -> None:
        row = cur.execute(_STILL_ASKED, [seat.num, hashed]).fetchone()
        if row is None:  # erased since
            _workshop.forget_seat(store, secret)
            raise ResponseError("bad-secret")
        ended_at, asked = row
        if ended_at is not None:
            raise WorkshopError("workshop-ended")
        if not asked:
            raise WorkshopError("no-open-question")
        if question is not None and clean_text(question) != asked:
            raise WorkshopError("open-question-changed")
        cur.execute("DELETE FROM open_answers WHERE respondent = ?", [seat.num])
        if answer:
            cur.execute(
                "INSERT INTO open_answers (respondent, workshop_id, text) VALUES (?, ?, ?)",
                [seat.num, seat.workshop_id, answer],
            )

    store.write(write)
    return answer


def my_open_answer(store: Store, secret: str) -> str:
    """The participant's stored answer to the open question ("" when none)."""
    seat = _workshop.seat_of(store, secret)
    row = (
        store.cursor()
        .execute("SELECT text FROM open_answers WHERE respondent = ?", [seat.num])
        .fetchone()
    )
    return str(row[0]) if row else ""
