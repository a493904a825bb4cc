"""A workshop's open question: the words are grouped case- and accent-insensitively
without English and German function words, counted once per person, listed only when
two or more people used them and only once the comment threshold of participants
answered; asking, changing and clearing the question are audited; hostile text stays
text."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from assessment import access
from assessment.analysis.wordlist import (
    WordCount,
    WordList,
    normalise,
    phrase_of,
    word_list,
    words_of,
)
from assessment.collect import open_question, retention, workshop
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.auth import Actor, PermissionDenied
from assessment.storage.store import Store
from tests.engine import engine_questionnaire


def _code(call: Callable[[], object]) -> str:
    with pytest.raises(GapMapError) as refused:
        call()
    return refused.value.code


# --- the word list (pure) ------------------------------------------------------------------


def test_words_group_across_case_and_accents_and_skip_english_stop_words() -> None:
    answers = [
        "More TIME for training",
        "time, and a clear owner",
        "Time to learn; the training is too short",
        "An owner for the data",
        "café",
        "Cafe breaks",
    ]
    assert word_list(answers) == WordList(
        (
            WordCount("time", 3),  # "TIME", "time", "Time": the fewest capitals shows
            WordCount("café", 2),  # "café" and "Cafe" are one word, shown with its accent
            WordCount("owner", 2),
            WordCount("training", 2),
        ),
        left_out=5,  # clear, learn, short, data, breaks: one person each
    )


def test_german_words_group_umlauts_and_eszett_and_skip_german_stop_words() -> None:
    answers = [
        "Mehr Zeit für die Schulung",
        "Zeit für Schulungen und klare Führung",
        "FÜHRUNG, die zuhört",
        "fuhrung ist wichtig",
        "Die Straße",
        "strasse",
    ]
    # mehr, für, die, und, ist are stop words; Schulung and Schulungen stay two words
    assert word_list(answers) == WordList(
        (WordCount("Führung", 3), WordCount("Straße", 2), WordCount("Zeit", 2)),
        left_out=5,  # schulung, schulungen, klare, zuhört, wichtig
    )
    assert normalise("Führung") == normalise("FUHRUNG") == "fuhrung"
    assert normalise("Straße") == "strasse"


def test_a_word_counts_once_per_person_and_short_words_and_numbers_are_skipped() -> None:
    assert words_of("Time, time, TIME! 5 x 2024 it's") == {"time": "Time"}
    assert word_list(["time time time", "coaching"]) == WordList((), left_out=2)
    assert word_list(["time time", "Time"]) == WordList((WordCount("time", 2),), left_out=0)


def test_short_phrases_given_alike_are_listed_whole_case_and_space_insensitively() -> None:
    answers = [
        "More time",
        "more   TIME!",  # case, spaces and the punctuation around words do not matter
        "Mehr Zeit",
        "mehr zeit",
        "time",
        "coaching and time",  # said once: counted by its words
        "Coaching",
        "More time",
    ]
    assert word_list(answers) == WordList(
        (
            WordCount("More time", 3),  # each person once: not counted as "time" again
            WordCount("coaching", 2),
            WordCount("mehr zeit", 2),  # on a tie the fewest capitals show
            WordCount("time", 2),  # "time" and "coaching and time"
        ),
        left_out=0,
    )
    assert phrase_of("  More   time ! ") == ("more time", "More time")
    assert phrase_of("time") is None  # one word: a word
    assert phrase_of("and then") is None  # function words only
    assert phrase_of("one two three four five six seven") is None  # not a short phrase
    # a long answer given twice is still listed by its words only, never whole
    long = "we need one clear owner for every customer record"
    assert word_list([long, long]) == WordList(
        (
            WordCount("clear", 2),
            WordCount("customer", 2),
            WordCount("every", 2),
            WordCount("need", 2),
            WordCount("one", 2),
            WordCount("owner", 2),
            WordCount("record", 2),
        ),
        left_out=0,
    )


def test_hostile_text_yields_plain_words_only() -> None:
    answers = [
        '<script>alert(1)</script> =HYPERLINK("x")',
        "<b>script</b> =cmd|' /C calc'!A0 hyperlink",
    ]
    assert word_list(answers) == WordList(
        (WordCount("hyperlink", 2), WordCount("script", 2)),
        left_out=4,  # alert, cmd, calc, a0; "b", "C", "x" and "1" are too short
    )


# --- the workshop ----------------------------------------------------------------------------


class Room:
    """A running workshop on an assessment with k = 3 and a comment threshold of 4."""

    def __init__(self) -> None:
        self.store = Store()
        org = access.create_organisation(self.store, auth.SYSTEM, "Org").id
        self.org = org
        self.assessment = access.create_assessment(
            self.store,
            auth.SYSTEM,
            org,
            engine_questionnaire(),
            name="A",
            anonymity_threshold=3,
            comment_threshold=4,
        )
        self.consultant = Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org}))
        self.workshop = access.start_workshop(
            self.store, self.consultant, self.assessment.id, title="Kick-off"
        )

    def join(self) -> str:
        return workshop.join(self.store, self.workshop.join_code, role_id="rep").secret

    def ask(self, text: str | None) -> workshop.Workshop:
        self.workshop = access.set_open_question(
            self.store, self.consultant, self.workshop.id, text
        )
        return self.workshop

    def view(self) -> open_question.OpenQuestionView:
        return access.open_question_view(self.store, self.consultant, self.workshop.id)

    def audit(self) -> list[tuple[str, str, str]]:
        rows = (
            self.store.cursor()
            .execute(
                "SELECT username, action, detail FROM audit_log"
                " WHERE action LIKE 'workshop-question-%' ORDER BY seq"
            )
            .fetchall()
        )
        return [(str(a), str(b), str(c)) for a, b, c in rows]

    def stored(self) -> list[str]:
        rows = self.store.cursor().execute("SELECT text FROM open_answers ORDER BY text")
        return [str(r[0]) for r in rows.fetchall()]


@pytest.fixture
def room() -> Room:
    return Room()


def test_asking_changing_and_clearing_the_question_is_audited(room: Room) -> None:
    assert room.ask("  What would   help you\nmost? ").open_question == "What would help you most?"
    room.ask("What would help you most?")  # the same question: no change, no entry
    room.ask("What gets in the way?")
    assert room.ask("").open_question is None
    assert room.audit() == [
        ("cons-a", "workshop-question-asked", "Kick-off: What would help you most?"),
        ("cons-a", "workshop-question-asked", "Kick-off: What gets in the way?"),
        ("cons-a", "workshop-question-cleared", "Kick-off"),
    ]
    assert workshop.get_workshop(room.store, room.workshop.id).open_question is None


def test_only_the_workshops_consultants_may_ask_and_its_readers_watch(room: Room) -> None:
    other = Actor("consultant", "cb", "cons-b", organisation_ids=frozenset({"elsewhere"}))
    lead = Actor("leadership", "la", "lead-a", organisation_ids=frozenset({room.org}))
    with pytest.raises(PermissionDenied):
        access.set_open_question(room.store, other, room.workshop.id, "Why?")
    with pytest.raises(PermissionDenied):
        access.set_open_question(room.store, lead, room.workshop.id, "Why?")
    room.ask("Why?")
    assert access.open_question_view(room.store, lead, room.workshop.id).question == "Why?"
    with pytest.raises(PermissionDenied):
        access.open_question_view(room.store, other, room.workshop.id)


def test_words_appear_only_once_the_comment_threshold_answered(room: Room) -> None:
    room.ask("What would help?")
    phones = [room.join() for _ in range(5)]
    typed = ["More time", "time and coaching", "Coaching!", "a clear owner"]
    for secret, text in zip(phones, typed[:3], strict=False):
        open_question.answer_open_question(room.store, secret, text)
    below = room.view()
    assert (below.answered, below.threshold, below.needed, below.words) == (3, 4, 1, None)
    open_question.answer_open_question(room.store, phones[3], typed[3])
    at = room.view()
    assert (at.answered, at.needed) == (4, 0)
    assert at.words == WordList(
        (WordCount("coaching", 2), WordCount("time", 2)),
        left_out=2,  # clear, owner
    )


def test_a_phone_changes_or_withdraws_its_one_answer(room: Room) -> None:
    room.ask("What would help?")
    secret = room.join()
    open_question.answer_open_question(room.store, secret, "time")
    open_question.answer_open_question(room.store, secret, "coaching")
    assert room.stored() == ["coaching"]
    assert open_question.my_open_answer(room.store, secret) == "coaching"
    open_question.answer_open_question(room.store, secret, "   ")
    assert room.stored() == []
    assert room.view().answered == 0


def test_a_new_question_deletes_the_old_answers_and_refuses_late_ones(room: Room) -> None:
    room.ask("First?")
    secret = room.join()
    open_question.answer_open_question(room.store, secret, "one", question="First?")
    room.ask("Second?")
    assert room.stored() == []
    late = _code(
        lambda: open_question.answer_open_question(room.store, secret, "one", question="First?")
    )
    assert late == "open-question-changed"
    room.ask(None)
    assert _code(lambda: open_question.answer_open_question(room.store, secret, "x")) == (
        "no-open-question"
    )


def test_hostile_answers_are_stored_as_text_without_nul_and_limited(room: Room) -> None:
    room.ask("Say <b>it</b>\x00 =1+1")
    assert room.workshop.open_question == "Say <b>it</b> =1+1"
    secret = room.join()
    stored = open_question.answer_open_question(
        room.store, secret, "<script>alert(1)</script>\x00=cmd|' /C calc'!A0"
    )
    assert stored == "<script>alert(1)</script>=cmd|' /C calc'!A0"
    assert room.stored() == [stored]
    assert _code(lambda: open_question.answer_open_question(room.store, secret, "x" * 201)) == (
        "open-answer-too-long"
    )
    assert open_question.answer_open_question(room.store, secret, "y" * 200) == "y" * 200
    assert _code(lambda: room.ask("q" * 201)) == "bad-open-question"


def test_an_erased_participant_takes_their_answer_along(room: Room) -> None:
    room.ask("What would help?")
    secret = room.join()
    open_question.answer_open_question(room.store, secret, "time")
    erased = retention.erase_respondent(room.store, secret)
    assert (erased.respondents, erased.comments) == (1, 1)
    assert room.stored() == []
    assert _code(lambda: open_question.answer_open_question(room.store, secret, "x")) == (
        "bad-secret"
    )


def test_an_ended_workshop_takes_no_question_and_no_answer(room: Room) -> None:
    room.ask("What would help?")
    secret = room.join()
    access.end_workshop(room.store, room.consultant, room.workshop.id)
    assert _code(lambda: open_question.answer_open_question(room.store, secret, "x")) == (
        "workshop-ended"
    )
    assert _code(lambda: room.ask("Another?")) == "workshop-ended"
