"""The response lifecycle: start, save as you go, resume, submit once, never lose an answer."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from assessment.collect.responses import (
    DONT_KNOW,
    MissingAnswers,
    Submission,
    record_submission,
    record_submissions,
    resume,
    save_answers,
    start_response,
    submit,
)
from assessment.errors import ResponseError
from assessment.organisation.assessments import (
    Team,
    create_assessment,
    create_organisation,
    get_assessment,
    set_closed,
)
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from tests.engine import ENGINE_YAML, likert

NUMBER_YAML = ENGINE_YAML.replace(
    "actions:\n",
    "  - {id: size, dimension: time, type: number, text: Team size, min: 1, max: 500,\n"
    "     required: false}\n"
    "actions:\n",
)
# Head-counts above the 2,000 responses the load tests submit: an open link takes at most
# a team's head-count of submitted responses (tests/test_codes.py tests that cap).
TEAMS = [Team("north", "North", 2000), Team("south", "South", 2000)]


def _assessment(store: Store, **kwargs: object) -> str:
    q = parse_questionnaire(NUMBER_YAML).questionnaire
    assert q is not None
    org = create_organisation(store, "Acme")
    return create_assessment(store, org, q, name="Q4", teams=TEAMS, **kwargs).id  # type: ignore[arg-type]


@pytest.fixture
def store() -> Store:
    return Store()


def test_start_returns_an_id_and_a_secret_stored_only_as_a_hash(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="north", language="en")
    assert len(started.secret) >= 32  # 24 random bytes, url-safe base64
    dump = str(store.cursor().execute("SELECT * FROM respondents").fetchall())
    assert started.secret not in dump
    columns = {r[0] for r in store.cursor().execute("DESCRIBE respondents").fetchall()}
    assert not columns & {"ip", "ip_address", "name", "email", "user_agent"}


def test_start_time_is_kept_to_the_hour(store: Store) -> None:
    aid = _assessment(store)
    now = datetime(2026, 11, 23, 14, 37, 12)
    start_response(store, aid, role_id="rep", team_id="north", language="en", now=now)
    row = store.cursor().execute("SELECT started_hour FROM respondents").fetchone()
    assert row is not None and row[0] == datetime(2026, 11, 23, 14, 0)


@pytest.mark.parametrize(
    ("role", "team", "language", "code"),
    [
        ("ceo", "north", "en", "unknown-role"),
        ("rep", "west", "en", "unknown-team"),
        ("rep", None, "en", "unknown-team"),
        ("rep", "north", "fr", "unknown-language"),
    ],
)
def test_start_refuses_what_the_assessment_does_not_offer(
    store: Store, role: str, team: str | None, language: str, code: str
) -> None:
    aid = _assessment(store)
    with pytest.raises(ResponseError) as err:
        start_response(store, aid, role_id=role, team_id=team, language=language)
    assert err.value.code == code


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({"nope": 1}, "unknown-item"),
        ({"p1": 5}, "option-not-offered"),
        ({"p1": -1}, "option-not-offered"),
        ({"p1": True}, "option-not-offered"),
        ({"p1": "4"}, "option-not-offered"),
        ({"p1": DONT_KNOW}, "dont-know-not-offered"),
        ({"size": 0}, "out-of-range"),
        ({"size": 501}, "out-of-range"),
        ({"size": float("nan")}, "not-a-number"),
        ({"note": "x" * 2001}, "too-long"),
        ({"note": 3}, "not-text"),
    ],
)
def test_invalid_answers_are_refused_and_nothing_is_written(
    store: Store, answers: dict[str, object], code: str
) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="lead", team_id="north", language="en")
    save_answers(store, started.secret, {"p1": likert(3)})
    with pytest.raises(ResponseError) as err:
        save_answers(store, started.secret, {"t1": 2, **answers})  # type: ignore[dict-item]
    assert err.value.code == code
    assert resume(store, started.secret).answers == {"p1": 2}  # the earlier answer is kept


def test_role_items_are_refused_for_other_roles(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="lead", team_id="north", language="en")
    with pytest.raises(ResponseError) as err:
        save_answers(store, started.secret, {"t3": 1})
    assert err.value.code == "item-not-for-role"


def test_resume_brings_back_every_latest_answer(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="south", language="en")
    save_answers(store, started.secret, {"p1": 0, "t2": DONT_KNOW, "size": 12})
    save_answers(store, started.secret, {"p1": 4, "note": "  too many fields  "})
    save_answers(store, started.secret, {"size": None})  # cleared
    state = resume(store, f"  {started.secret} ")
    assert state.answers == {"p1": 4, "t2": DONT_KNOW, "note": "too many fields"}
    assert (state.role_id, state.team_id, state.language, state.submitted) == (
        "rep",
        "south",
        "en",
        False,
    )


def test_a_bad_secret_gets_a_clear_error(store: Store) -> None:
    _assessment(store)
    with pytest.raises(ResponseError) as err:
        resume(store, "not-a-real-secret")
    assert err.value.code == "bad-secret"
    assert "invite link" in err.value.message


def test_submit_names_missing_required_items_and_keeps_answers(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="north", language="en")
    save_answers(store, started.secret, {"p1": 1})
    with pytest.raises(MissingAnswers) as err:
        submit(store, started.secret, {"p2": 1})
    assert err.value.code == "missing-required" and err.value.item_ids == ["t1"]
    assert resume(store, started.secret).answers == {"p1": 1, "p2": 1}


def test_submitting_twice_records_one_submission(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="north", language="en")
    first = submit(store, started.secret, {"p1": 1, "t1": 1})
    second = submit(store, started.secret, {"p1": 4, "t1": 4})
    assert (first.already_submitted, second.already_submitted) == (False, True)
    assert resume(store, started.secret).answers == {"p1": 1, "t1": 1}
    with pytest.raises(ResponseError) as err:
        save_answers(store, started.secret, {"p1": 3})
    assert err.value.code == "already-submitted"


class _SubmitsFirst(Store):
    """A store on which another tab submits the response at the last moment before a
    save's guarded write begins (after the save has looked the respondent up)."""

    def __init__(self) -> None:
        super().__init__()
        self.secret: str | None = None

    @contextmanager
    def serialised(self, name: str) -> Iterator[None]:
        secret, self.secret = self.secret, None
        if secret is not None and name.startswith("response:"):
            other_tab = threading.Thread(target=submit, args=(self, secret))
            other_tab.start()
            other_tab.join()
        with super().serialised(name):
            yield


def test_a_save_racing_a_submit_from_another_tab_is_refused_and_changes_nothing() -> None:
    store = _SubmitsFirst()
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="north", language="en")
    save_answers(store, started.secret, {"p1": 1, "t1": 1})
    store.secret = started.secret
    with pytest.raises(ResponseError) as err:
        save_answers(store, started.secret, {"p1": 4})
    assert err.value.code == "already-submitted"
    assert resume(store, started.secret).submitted
    assert resume(store, started.secret).answers == {"p1": 1, "t1": 1}
    rows = store.cursor().execute("SELECT count(*) FROM answers").fetchone()
    assert rows == (2,)


def test_saves_racing_a_submit_never_change_a_submitted_response(tmp_path: Path) -> None:
    store = Store(tmp_path / "race.duckdb")
    aid = _assessment(store)
    for _ in range(20):
        started = start_response(store, aid, role_id="rep", team_id="north", language="en")
        save_answers(store, started.secret, {"p1": 0, "t1": 0})
        at_submit: list[object] = []
        refusals: list[str] = []
        go = threading.Barrier(2)

        def saver(
            secret: str = started.secret, go: threading.Barrier = go, refused: list[str] = refusals
        ) -> None:
            go.wait()
            for value in range(1, 5):
                try:
                    save_answers(store, secret, {"p1": value})
                except ResponseError as err:
                    refused.append(err.code)

        def submitter(
            secret: str = started.secret, go: threading.Barrier = go, seen: list[object] = at_submit
        ) -> None:
            go.wait()
            submit(store, secret)
            seen.append(resume(store, secret).answers)

        threads = [threading.Thread(target=saver), threading.Thread(target=submitter)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert at_submit == [resume(store, started.secret).answers]
        assert set(refusals) <= {"already-submitted"}
    store.close()


def test_double_click_from_two_threads_records_one_submission(tmp_path: Path) -> None:
    store = Store(tmp_path / "double.duckdb")
    aid = _assessment(store)
    for _ in range(20):
        started = start_response(store, aid, role_id="rep", team_id="north", language="en")
        results: list[bool] = []
        barrier = threading.Barrier(2)

        def click(
            secret: str = started.secret,
            barrier: threading.Barrier = barrier,
            results: list[bool] = results,
        ) -> None:
            barrier.wait()
            results.append(submit(store, secret, {"p1": 1, "t1": 1}).already_submitted)

        threads = [threading.Thread(target=click) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert sorted(results) == [False, True]
    rows = (
        store.cursor().execute("SELECT count(*), count(submitted_hour) FROM respondents").fetchone()
    )
    assert rows == (20, 20)
    store.close()


def test_closed_assessment_refuses_answers_but_keeps_earlier_ones(store: Store) -> None:
    aid = _assessment(store)
    started = start_response(store, aid, role_id="rep", team_id="north", language="en")
    save_answers(store, started.secret, {"p1": 3})
    set_closed(store, aid, True)
    with pytest.raises(ResponseError) as err:
        save_answers(store, started.secret, {"t1": 1})
    assert err.value.code == "assessment-closed"
    with pytest.raises(ResponseError) as err:
        submit(store, started.secret, {"t1": 1})
    assert err.value.code == "assessment-closed"
    assert resume(store, started.secret).answers == {"p1": 3}
    set_closed(store, aid, False)
    assert submit(store, started.secret, {"t1": 1}).already_submitted is False


def test_not_yet_open_and_past_closing_date(store: Store) -> None:
    now = datetime(2026, 11, 23, 12, 0)
    aid = _assessment(store, opens_at=now + timedelta(days=1), closes_at=now + timedelta(days=8))
    with pytest.raises(ResponseError) as err:
        start_response(store, aid, role_id="rep", team_id="north", language="en", now=now)
    assert err.value.code == "assessment-not-open"
    later = now + timedelta(days=9)
    with pytest.raises(ResponseError) as err:
        start_response(store, aid, role_id="rep", team_id="north", language="en", now=later)
    assert err.value.code == "assessment-closed"


def test_sixteen_threads_submit_240_responses_none_lost_or_duplicated(tmp_path: Path) -> None:
    # 16 threads racing on one file is the race; 15 responses each make it happen
    # (more only make the test slower).
    store = Store(tmp_path / "threads.duckdb")
    aid = _assessment(store)
    per_thread = 15
    total = 16 * per_thread
    acknowledged: list[list[str]] = [[] for _ in range(16)]
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(per_thread):
                team = "north" if i % 2 else "south"
                started = start_response(store, aid, role_id="rep", team_id=team, language="en")
                submit(store, started.secret, {"p1": (n + i) % 5, "t1": i % 7, "p3": n % 5})
                acknowledged[n].append(started.respondent_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    ids = [rid for chunk in acknowledged for rid in chunk]
    assert len(ids) == len(set(ids)) == total
    cur = store.cursor()
    assert cur.execute(
        "SELECT count(*), count(DISTINCT id), count(submitted_hour) FROM respondents"
    ).fetchone() == (total, total, total)
    # three answers per respondent, no more, no fewer
    per_respondent = cur.execute(
        "SELECT count(*) FROM (SELECT respondent, count(*) AS n FROM answers"
        " GROUP BY respondent HAVING n <> 3)"
    ).fetchone()
    assert per_respondent == (0,)
    assert cur.execute("SELECT count(*) FROM answers").fetchone() == (3 * total,)
    store.close()


WRITER = """
import sys
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.collect.responses import Submission, record_submission
from assessment.storage.store import Store

store = Store(sys.argv[1])
assessment = get_assessment(store, sys.argv[2])
q = questionnaire_of(store, assessment)
n = 0
while True:
    rid = record_submission(
        store, assessment, q,
        Submission("rep", "north", "en", {"p1": n % 5, "t1": n % 7, "p3": 2}),
        channel="survey",
    )
    print(rid, flush=True)  # acknowledged only after the commit returned
    n += 1
"""


def test_writer_killed_mid_run_loses_no_acknowledged_submission(tmp_path: Path) -> None:
    path = tmp_path / "crash.duckdb"
    store = Store(path)
    aid = _assessment(store)
    store.close()
    for round_ in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), aid],
            stdout=subprocess.PIPE,
            text=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        assert proc.stdout is not None
        acknowledged: list[str] = []
        deadline = time.monotonic() + 60
        while len(acknowledged) < 150 + 50 * round_ and time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            acknowledged.append(line.strip())
        proc.kill()  # SIGKILL: no clean shutdown, no checkpoint
        proc.communicate()  # reaps it and closes its pipe
        assert len(acknowledged) >= 150, "the writer did not get going"
        reopened = Store(path)  # opens cleanly, replaying the write-ahead log
        cur = reopened.cursor()
        found = {
            row[0]
            for row in cur.execute(
                "SELECT id FROM respondents WHERE submitted_hour IS NOT NULL"
            ).fetchall()
        }
        assert set(acknowledged) <= found
        incomplete = cur.execute(
            "SELECT count(*) FROM (SELECT r.id FROM respondents r"
            " LEFT JOIN answers a ON a.respondent = r.num"
            " GROUP BY r.id HAVING count(a.item) <> 3)"
        ).fetchone()
        assert incomplete == (0,)  # every stored submission is whole
        assert get_assessment(reopened, aid).id == aid
        reopened.close()


def test_record_submission_is_checked_like_a_survey_answer(store: Store) -> None:
    aid = _assessment(store)
    assessment = get_assessment(store, aid)
    q = parse_questionnaire(NUMBER_YAML).questionnaire
    assert q is not None
    with pytest.raises(ResponseError) as err:
        record_submission(store, assessment, q, Submission("rep", "north", "en", {"p1": 9}))
    assert err.value.code == "option-not-offered"
    assert store.cursor().execute("SELECT count(*) FROM respondents").fetchone() == (0,)


def test_record_submissions_refuses_a_closed_assessment_and_writes_nothing(store: Store) -> None:
    assessment = get_assessment(store, _assessment(store))
    q = parse_questionnaire(NUMBER_YAML).questionnaire
    assert q is not None
    set_closed(store, assessment.id, True)
    whole = Submission("rep", "north", "en", {"p1": 1, "t1": 1})
    with pytest.raises(ResponseError) as err:
        record_submissions(store, assessment, q, [whole, whole])
    assert err.value.code == "assessment-closed"
    assert store.cursor().execute("SELECT count(*) FROM respondents").fetchone() == (0,)
