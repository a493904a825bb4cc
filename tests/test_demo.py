"""The demo generator: seeded, valid, complete, and the planted findings are in the data."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest

from assessment.collect.demo import (
    COMMENTS,
    MAX_RESPONDENTS,
    DemoResult,
    default_questionnaire,
    generate_demo,
)
from assessment.collect.responses import DONT_KNOW, AnswerValue, check_answer, missing_required
from assessment.errors import AssessmentError
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.questionnaire.model import OPTION_TYPES, Questionnaire
from assessment.questionnaire.questionnaires import (
    QUESTIONNAIRE_DIR,
    load_or_raise,
    parse_questionnaire,
)
from assessment.storage.store import Store
from tests.conftest import MINIMAL_YAML

NOW = datetime(2026, 5, 20, 10, 30)  # a Wednesday

# Every item type, optional items, "don't know" on multi and number, a role item.
ALL_TYPES_YAML = MINIMAL_YAML.replace(
    "actions:\n",
    textwrap.dedent(
        """\
          - id: tools
            dimension: time
            type: multi
            text: Which tools do you use besides the CRM?
            dont_know: true
            options: [{text: Excel}, {text: E-mail}, {text: Paper}, {text: Chat}]
          - id: extras
            dimension: purpose
            type: multi
            text: What would help?
            required: false
            options: [{text: Training}, {text: Time}]
          - {id: hours, dimension: time, type: number, text: Hours a week, min: 0, max: 40,
             dont_know: true}
          - {id: share, dimension: time, type: number, text: Share, min: 0, max: 1,
             required: false}
          - {id: p2, dimension: purpose, type: likert, text: Optional, scale: agree,
             required: false, roles: [boss]}
          - {id: why, dimension: purpose, type: text, text: Why?}
        actions:
        """
    ),
)


def _questionnaire(text: str) -> Questionnaire:
    result = parse_questionnaire(text, "test.yaml")
    assert result.questionnaire is not None, result.errors
    return result.questionnaire


@pytest.fixture(scope="module")
def quickcheck() -> Questionnaire:
    return load_or_raise(QUESTIONNAIRE_DIR / "crm-quickcheck.yaml")


@pytest.fixture(scope="module")
def big(quickcheck: Questionnaire) -> Iterator[tuple[Store, DemoResult]]:
    """2,000 respondents of the quick check, shared by the tests of planted findings."""
    store = Store()
    yield store, generate_demo(store, 2000, questionnaire=quickcheck, now=NOW)
    store.close()


def _rows(store: Store, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    return store.cursor().execute(sql, params or []).fetchall()


def _checksums(store: Store) -> tuple[str, str, str]:
    """Fingerprints of the answers, respondents and comments tables."""
    answers = _rows(
        store,
        "SELECT md5(string_agg(concat_ws('|', respondent, item, seq, value,"
        " choices::VARCHAR, dont_know), ',' ORDER BY seq)) FROM answers",
    )[0][0]
    respondents = _rows(
        store,
        "SELECT md5(string_agg(concat_ws('|', id, num, secret_hash, role_id, team_id, language,"
        " channel, started_hour, started_at, submitted_hour, duration_seconds), ','"
        " ORDER BY id)) FROM respondents",
    )[0][0]
    comments = _rows(
        store,
        "SELECT md5(string_agg(concat_ws('|', respondent, item, seq, text), ','"
        " ORDER BY seq)) FROM comments",
    )[0][0]
    return answers, respondents, comments


def _answers_of(store: Store, q: Questionnaire) -> dict[str, tuple[str, bool, dict[str, Any]]]:
    """respondent id -> (role, submitted, {item: answer as the response API gives it})."""
    people: dict[str, tuple[str, bool, dict[str, Any]]] = {
        rid: (role, submitted, {})
        for rid, role, submitted in _rows(
            store, "SELECT id, role_id, submitted_hour IS NOT NULL FROM respondents"
        )
    }
    for rid, position, value, choices, dont_know in _rows(
        store,
        "SELECT r.id, a.item, a.value, a.choices, a.dont_know FROM answers a"
        " JOIN respondents r ON r.num = a.respondent",
    ):
        item = q.items[position]
        item_id = item.id
        answer: AnswerValue
        if dont_know:
            assert value is None and choices is None
            answer = DONT_KNOW
        elif item.type == "multi":
            assert value is None
            answer = list(choices)
        elif item.type in OPTION_TYPES:
            assert choices is None and float(value).is_integer()
            answer = int(value)
        else:
            answer = float(value)
        people[rid][2][item_id] = answer
    for rid, position, text in _rows(
        store,
        "SELECT r.id, c.item, c.text FROM comments c JOIN respondents r ON r.num = c.respondent",
    ):
        people[rid][2][q.items[position].id] = text
    return people


def _position(q: Questionnaire, item_id: str) -> int:
    """Answers refer to an item by its position in the questionnaire."""
    return [item.id for item in q.items].index(item_id)


def _normalised_scores(q: Questionnaire) -> str:
    """SQL for one row per submitted answer to a scored item: its score on 1..N."""
    n = q.scale_max
    return f"""
        SELECT r.num AS respondent, r.role_id, r.team_id, i.dimension_id, i.core,
            CASE WHEN i.reverse
                THEN {n} + 1 - (1 + (o.score - i.min_score) / (i.max_score - i.min_score) * {n - 1})
                ELSE 1 + (o.score - i.min_score) / (i.max_score - i.min_score) * {n - 1}
            END AS score
        FROM answers a
        JOIN respondents r ON r.num = a.respondent
        JOIN assessments x ON x.id = r.assessment_id
        JOIN questionnaire_items i ON i.content_hash = x.content_hash AND i.position = a.item
        JOIN questionnaire_options o ON o.content_hash = x.content_hash
            AND o.item_id = i.item_id AND o.option_index = a.value::INTEGER
        WHERE i.scored AND NOT a.dont_know AND r.submitted_hour IS NOT NULL
    """  # noqa: S608 - built from an integer, not from user text


# --- reproducible -------------------------------------------------------------------------------


def test_same_seed_gives_identical_data(quickcheck: Questionnaire) -> None:
    first, second = Store(), Store()
    generate_demo(first, 300, seed=11, questionnaire=quickcheck, now=NOW)
    generate_demo(second, 300, seed=11, questionnaire=quickcheck, now=NOW)
    assert _checksums(first) == _checksums(second)
    assert None not in _checksums(first)


@pytest.mark.parametrize(
    "now",
    [
        datetime(2026, 12, 3, 20, 0),  # a Thursday evening
        datetime(2026, 12, 4, 0, 5),  # just past midnight, a Friday
        datetime(2026, 12, 6, 23, 59),  # a Sunday
        datetime(2026, 12, 7, 6, 0),  # Monday before the opening hour
    ],
)
def test_the_answers_are_the_same_whichever_day_the_demo_is_made(now: datetime) -> None:
    """Only the calendar moves with the day; who answered what does not (tests and
    screenshots read the demo's figures)."""
    reference, store = Store(), Store()
    generate_demo(reference, 120, seed=7, now=datetime(2026, 5, 20, 10, 30))
    generate_demo(store, 120, seed=7, now=now)
    what = (
        "SELECT md5(string_agg(concat_ws('|', r.id, r.role_id, r.team_id, r.language,"
        " r.duration_seconds, r.submitted_hour IS NULL, a.item, a.value, a.choices::VARCHAR,"
        " a.dont_know), ',' ORDER BY r.id, a.item))"
        " FROM answers a JOIN respondents r ON r.num = a.respondent"
    )
    said = (
        "SELECT md5(string_agg(concat_ws('|', r.id, c.item, c.text), ',' ORDER BY r.id, c.item))"
        " FROM comments c JOIN respondents r ON r.num = c.respondent"
    )
    assert _rows(store, what) == _rows(reference, what)
    assert _rows(store, said) == _rows(reference, said)
    # ... and they are stored in order of arrival, numbered as they came
    arrivals = _rows(store, "SELECT num, started_hour FROM respondents ORDER BY num")
    assert [hour for _, hour in arrivals] == sorted(hour for _, hour in arrivals)
    assert max(hour for _, hour in arrivals) <= now


def test_different_seed_gives_different_answers(quickcheck: Questionnaire) -> None:
    first, second = Store(), Store()
    generate_demo(first, 300, seed=1, questionnaire=quickcheck, now=NOW)
    generate_demo(second, 300, seed=2, questionnaire=quickcheck, now=NOW)
    sql = "SELECT string_agg(coalesce(value::VARCHAR, 'dk'), ',' ORDER BY seq) FROM answers"
    assert _rows(first, sql) != _rows(second, sql)
    assert _checksums(first)[1] != _checksums(second)[1]


def test_same_seed_twice_in_one_database_does_not_collide(quickcheck: Questionnaire) -> None:
    store = Store()
    one = generate_demo(store, 50, questionnaire=quickcheck, now=NOW)
    two = generate_demo(store, 50, questionnaire=quickcheck, now=NOW)
    assert one.assessment_id != two.assessment_id
    counts = _rows(
        store,
        "SELECT assessment_id, count(submitted_hour) FROM respondents GROUP BY 1 ORDER BY 2",
    )
    assert [c for _, c in counts] == [50, 50]


def test_a_demo_that_cannot_be_written_leaves_nothing_behind(quickcheck: Questionnaire) -> None:
    def with_one_respondent(respondent_id: str) -> Store:
        store = Store()
        store.cursor().execute(
            "INSERT INTO respondents (id, assessment_id, secret_hash, role_id, language,"
            " channel, started_hour) VALUES (?, 'other', ?, 'sales', 'en', 'survey', ?)",
            [respondent_id, respondent_id, NOW],
        )
        return store

    # The first demo respondent's id, with one respondent already stored ...
    probe = with_one_respondent("someone")
    generate_demo(probe, 20, questionnaire=quickcheck, now=NOW)
    (first_id,) = _rows(probe, "SELECT id FROM respondents WHERE assessment_id <> 'other'")[0]
    # ... is taken in another database: the insert fails and the setup is undone.
    store = with_one_respondent(first_id)
    with pytest.raises(duckdb.ConstraintException):
        generate_demo(store, 20, questionnaire=quickcheck, now=NOW)
    assert _rows(
        store,
        "SELECT (SELECT count(*) FROM organisations), (SELECT count(*) FROM assessments),"
        " (SELECT count(*) FROM teams), (SELECT count(*) FROM respondents),"
        " (SELECT count(*) FROM answers)",
    ) == [(0, 0, 0, 1, 0)]


# --- complete and valid -------------------------------------------------------------------------


def test_submitted_respondents_match_the_request_and_a_few_gave_up(
    big: tuple[Store, DemoResult],
) -> None:
    store, result = big
    assert result.respondents == 2000
    submitted, started, with_start, with_duration = _rows(
        store,
        "SELECT count(submitted_hour), count(*), count(started_at), count(duration_seconds)"
        " FROM respondents WHERE assessment_id = ?",
        [result.assessment_id],
    )[0]
    assert (submitted, started) == (2000, result.started)
    assert started - submitted == 120  # 6 % started and never submitted
    # Abandoned responses keep their exact start; submitted ones keep only the duration.
    assert (with_start, with_duration) == (120, 2000)
    assert _rows(store, "SELECT DISTINCT channel FROM respondents") == [("survey",)]


@pytest.mark.parametrize("source", ["quickcheck", "all-types", "minimal"])
def test_every_answer_is_one_the_response_api_would_accept(
    source: str, quickcheck: Questionnaire
) -> None:
    q = {
        "quickcheck": quickcheck,
        "all-types": _questionnaire(ALL_TYPES_YAML),
        "minimal": _questionnaire(MINIMAL_YAML),
    }[source]
    store = Store()
    generate_demo(store, 400, questionnaire=q, now=NOW)
    people = _answers_of(store, q)
    checked = 0
    for role, submitted, answers in people.values():
        for item_id, value in answers.items():
            assert check_answer(q, role, item_id, value) == value
            checked += 1
        if submitted:
            assert missing_required(q, role, answers) == []
    assert checked > 400


def test_all_item_types_are_answered() -> None:
    q = _questionnaire(ALL_TYPES_YAML)
    store = Store()
    generate_demo(store, 400, questionnaire=q, now=NOW)
    answered = {
        q.items[position].id: count
        for position, count in _rows(
            store,
            "SELECT item, count(*) FILTER (WHERE NOT dont_know) FROM answers GROUP BY 1"
            " UNION ALL SELECT item, count(*) FROM comments GROUP BY 1",
        )
    }
    assert set(answered) == {"p1", "t1", "t2", "tools", "extras", "hours", "share", "p2", "why"}
    (multi_dont_know,) = _rows(
        store,
        "SELECT count(*) FROM answers WHERE item = ? AND dont_know",
        [_position(q, "tools")],
    )[0]
    assert multi_dont_know > 0
    # Optional items are skipped by some: fewer answers than respondents who saw them.
    assert answered["share"] < answered["hours"]


def test_ten_respondents_with_the_minimal_questionnaire() -> None:
    store = Store()
    result = generate_demo(store, 10, questionnaire=_questionnaire(MINIMAL_YAML), now=NOW)
    assert result.respondents == 10
    assert result.started == 11
    assessment = get_assessment(store, result.assessment_id)
    assert assessment.anonymity_threshold == 5
    assert assessment.targets == {"purpose": 3, "time": 3}  # level 4, capped at 3 levels
    assert [t.name for t in assessment.teams] == [
        "Sales North",
        "Sales South",
        "Customer Service",
        "Management",
    ]
    roles = {role for (role,) in _rows(store, "SELECT DISTINCT role_id FROM respondents")}
    assert roles <= {"sales", "boss"}


def test_the_default_questionnaire_is_stored_with_its_source() -> None:
    store = Store()
    result = generate_demo(store, 10, now=NOW)
    expected, text = default_questionnaire()
    assessment = get_assessment(store, result.assessment_id)
    assert questionnaire_of(store, assessment).content_hash() == expected.content_hash()
    assert _rows(
        store, "SELECT source FROM questionnaires WHERE content_hash = ?", [assessment.content_hash]
    ) == [(text,)]


def test_default_questionnaire_falls_back_to_the_quick_check(tmp_path: Path) -> None:
    shutil.copy(QUESTIONNAIRE_DIR / "crm-quickcheck.yaml", tmp_path)
    (tmp_path / "crm-adoption.yaml").write_text("id: half-written\n", encoding="utf-8")
    q, text = default_questionnaire(tmp_path)
    assert q.id == "crm-quickcheck"
    assert text.startswith("# CRM adoption quick check")
    (tmp_path / "crm-quickcheck.yaml").unlink()
    with pytest.raises(AssessmentError) as err:
        default_questionnaire(tmp_path)
    assert err.value.code == "no-demo-questionnaire"


@pytest.mark.parametrize("size", [9, MAX_RESPONDENTS + 1])
def test_sizes_outside_the_range_are_refused(size: int, quickcheck: Questionnaire) -> None:
    store = Store()
    with pytest.raises(AssessmentError) as err:
        generate_demo(store, size, questionnaire=quickcheck, now=NOW)
    assert err.value.code == "demo-size"
    assert _rows(store, "SELECT count(*) FROM organisations") == [(0,)]


def test_calendar_runs_from_monday_of_last_week_and_ends_before_now(
    big: tuple[Store, DemoResult],
) -> None:
    store, result = big
    assessment = get_assessment(store, result.assessment_id)
    assert assessment.opens_at == datetime(2026, 5, 11, 7)
    assert assessment.closes_at == datetime(2026, 5, 25, 7)
    assert assessment.status(NOW) == "open"
    first, last, odd = _rows(
        store,
        "SELECT min(started_hour), max(submitted_hour),"
        " count(*) FILTER (WHERE minute(started_hour) <> 0 OR submitted_hour < started_hour)"
        " FROM respondents",
    )[0]
    assert first >= datetime(2026, 5, 11, 7)
    assert last <= datetime(2026, 5, 20, 10)
    assert odd == 0


# --- the planted findings -----------------------------------------------------------------------


def test_leaders_rate_communication_far_above_the_front_line(
    big: tuple[Store, DemoResult], quickcheck: Questionnaire
) -> None:
    store, _ = big
    perspective = {r.id: r.perspective for r in quickcheck.roles}
    means = _rows(
        store,
        f"""
        WITH person AS (
            SELECT respondent, role_id, dimension_id, avg(score) AS score
            FROM ({_normalised_scores(quickcheck)}) WHERE core GROUP BY ALL
        )
        SELECT dimension_id, list_contains(?, role_id) AS leads, avg(score)
        FROM person GROUP BY ALL
        """,  # noqa: S608 - no user text
        [[r for r, p in perspective.items() if p == "leadership"]],
    )
    mean = {(dim, leads): score for dim, leads, score in means}
    assert mean[("communication", True)] - mean[("communication", False)] >= 0.8
    assert 0.3 <= mean[("purpose", True)] - mean[("purpose", False)] < 0.8
    assert abs(mean[("training", True)] - mean[("training", False)]) < 0.35


def test_sales_south_owns_its_data_least_and_customer_service_disagrees_on_training(
    big: tuple[Store, DemoResult], quickcheck: Questionnaire
) -> None:
    store, _ = big
    rows = _rows(
        store,
        f"""
        WITH person AS (
            SELECT respondent, team_id, dimension_id, avg(score) AS score
            FROM ({_normalised_scores(quickcheck)}) GROUP BY ALL
        )
        SELECT team_id, dimension_id, avg(score), stddev_samp(score) FROM person GROUP BY ALL
        """,  # noqa: S608 - no user text
    )
    mean = {(team, dim): m for team, dim, m, _ in rows}
    spread = {(team, dim): sd for team, dim, _, sd in rows}
    teams = {team for team, _ in mean}
    ownership = sorted((mean[(t, "ownership")], t) for t in teams)
    assert ownership[0][1] == "sales-south"
    assert ownership[1][0] - ownership[0][0] >= 0.6
    training = sorted((spread[(t, "training")], t) for t in teams)
    assert training[-1][1] == "customer-service"
    assert training[-1][0] >= 1.4 * training[-2][0]


def test_field_service_answers_least_and_the_rest_answer_well(
    big: tuple[Store, DemoResult],
) -> None:
    store, result = big
    rates = dict(
        _rows(
            store,
            "SELECT t.team_id, count(r.submitted_hour) / any_value(t.head_count) FROM teams t"
            " LEFT JOIN respondents r ON r.assessment_id = t.assessment_id"
            " AND r.team_id = t.team_id WHERE t.assessment_id = ? GROUP BY 1",
            [result.assessment_id],
        )
    )
    assert len(rates) == 9
    assert 0.33 <= rates.pop("field-service") <= 0.37
    assert all(0.68 <= rate <= 0.92 for rate in rates.values())
    overall = result.respondents / sum(t.head_count or 0 for t in result.teams)
    assert 0.6 <= overall <= 0.85


def test_straight_liners_and_speeders_in_the_planted_shares(
    big: tuple[Store, DemoResult], quickcheck: Questionnaire
) -> None:
    store, _ = big
    (straight,) = _rows(
        store,
        """
        WITH options AS (
            SELECT a.respondent, count(DISTINCT a.value) AS positions
            FROM answers a JOIN respondents r ON r.num = a.respondent
            WHERE r.submitted_hour IS NOT NULL AND a.choices IS NULL AND NOT a.dont_know
            GROUP BY 1
        )
        SELECT count(*) FILTER (WHERE positions = 1) FROM options
        """,
    )[0]
    assert 50 <= straight <= 70  # 3 % of 2,000 planted, few by chance
    estimate = {r.id: quickcheck.estimated_seconds(r.id) for r in quickcheck.roles}
    durations = _rows(
        store, "SELECT role_id, duration_seconds FROM respondents WHERE submitted_hour IS NOT NULL"
    )
    speeders = sum(1 for role, seconds in durations if seconds < estimate[role] / 3)
    assert speeders == 40  # 2 % of 2,000, exactly: nobody else is that fast


def test_leaders_know_more_and_some_answer_in_german(
    big: tuple[Store, DemoResult], quickcheck: Questionnaire
) -> None:
    store, _ = big
    leaders = [r.id for r in quickcheck.roles if r.perspective == "leadership"]
    dont_know = dict(
        _rows(
            store,
            "SELECT list_contains(?, r.role_id), avg(a.dont_know::INTEGER) FROM answers a"
            " JOIN respondents r ON r.num = a.respondent WHERE a.item = ? GROUP BY 1",
            [leaders, _position(quickcheck, "communication_problems_answered")],
        )
    )
    assert dont_know[False] > 2 * dont_know[True]
    german = _rows(store, "SELECT avg((language = 'de')::INTEGER) FROM respondents")[0][0]
    assert 0.17 <= german <= 0.23


def test_comments_are_few_and_in_the_respondents_language(big: tuple[Store, DemoResult]) -> None:
    store, result = big
    rows = _rows(
        store,
        "SELECT r.language, c.text FROM comments c JOIN respondents r ON r.num = c.respondent",
    )
    assert 0.08 * result.started <= len(rows) <= 0.16 * result.started
    by_language = {
        lang: {t for by_lang in COMMENTS.values() for part in by_lang[lang] for t in part}
        for lang in ("en", "de")
    }
    assert all(text in by_language[lang] for lang, text in rows)
    assert {lang for lang, _ in rows} == {"en", "de"}
