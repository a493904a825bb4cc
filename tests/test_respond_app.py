"""The respondent's journey through the app (AppTest), from invite link to snapshot.

Each test seeds a DuckDB file, closes it, and runs the app over it (`GAPMAP_DB`): the app
caches its own `Store` for the file; the rows it wrote are read back through a plain
DuckDB connection in the same process.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Element

from assessment.collect import responses
from assessment.collect.responses import DONT_KNOW, AnswerValue
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    set_closed,
)
from assessment.questionnaire.model import Item, Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import language
from assessment.ui.respond import (
    COPY_BUTTON,
    PHONE_CSS,
    SCROLL_TO_MISSING,
    SCROLL_TO_TOP,
    mail_to_self,
)
from assessment.ui.text import escape_markdown

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
CRM = load_or_raise(ROOT / "questionnaires" / "crm-adoption.yaml")
SAMPLE_PATH = ROOT / "tests" / "fixtures" / "ui-sample.yaml"
SAMPLE = load_or_raise(SAMPLE_PATH)
TEAMS = [Team("north", "Sales North", 12), Team("south", "Sales *South*", 9)]


@pytest.fixture
def db_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.setenv("GAPMAP_QUESTIONNAIRES", str(tmp_path / "library"))
    (tmp_path / "library").mkdir()
    shutil.copy(SAMPLE_PATH, tmp_path / "library" / "ui-sample.yaml")
    yield path


def seed(path: Path, q: Questionnaire = CRM, **settings: Any) -> Assessment:
    """An assessment in a new organisation, written to the file and the file closed."""
    store = Store(path)
    try:
        org = create_organisation(store, "Acme")
        settings.setdefault("teams", TEAMS)
        return create_assessment(store, org, q, name="CRM adoption 2026", **settings)
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    """Run the app (or rerun it after a widget change) and fail on any exception shown."""
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return run(at)


def rows(path: Path, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
    """Read what the app wrote (the app's own connection holds the file)."""
    with duckdb.connect(str(path)) as con:
        return con.execute(sql, list(params)).fetchall()


def titles(at: AppTest) -> list[str]:
    return [t.value for t in at.title]


def step_text(at: AppTest) -> str:
    return str(at.get("progress")[0].text)


def choose_profile(at: AppTest, role: str, team: str | None = "north") -> AppTest:
    at.radio(key="respond-role").set_value(role)
    if team is not None:
        at.radio(key="respond-team").set_value(team)
    run(at)
    return run(at.button(key="respond-start").click())


def fill(at: AppTest, q: Questionnaire, items: Sequence[Item]) -> dict[str, AnswerValue]:
    """Answer every item of a step through its widgets; returns the answers given."""
    given: dict[str, AnswerValue] = {}
    for n, item in enumerate(items):
        key = f"respond-item-{item.id}"
        if item.dont_know and n % 3 == 0:
            at.checkbox(key=f"respond-dk-{item.id}").check()
            given[item.id] = DONT_KNOW
        elif item.type in ("likert", "frequency", "anchored", "choice"):
            index = n % len(q.options_of(item))
            at.radio(key=key).set_value(index)
            given[item.id] = index
        elif item.type == "multi":
            at.button_group(key=key).set_value([0, 2])
            given[item.id] = [0, 2]
        elif item.type == "number":
            at.number_input(key=key).set_value(12)
            given[item.id] = 12.0
        elif n % 2 == 1:
            at.text_area(key=key).input(f"A thought about {item.id}")
            given[item.id] = f"A thought about {item.id}"
    return given


def answer_all(at: AppTest, q: Questionnaire, role: str) -> dict[str, AnswerValue]:
    steps = [(dim, items) for dim, items in q.items_for_role(role) if items]
    given: dict[str, AnswerValue] = {}
    for n, (dim, items) in enumerate(steps, start=2):
        assert step_text(at) == f"Step {n} of {len(steps) + 1}"
        assert [h.value for h in at.header] == [escape_markdown(q.t(dim.name))]
        given |= fill(at, q, items)
        last = n == len(steps) + 1
        run(at.button(key="respond-submit" if last else "respond-next").click())
    return given


def scripts(at: AppTest) -> list[str]:
    """The scripts on the page: scrolling to the top, or to a missing answer."""
    return [h.proto.body for h in at.html if h.proto.body.startswith("<script>")]


def answered(at: AppTest) -> str:
    """The "n of m answered" beside Next."""
    [shown] = [m.value for m in at.markdown if " of " in m.value or " von " in m.value]
    return str(shown)


def stored_counts(path: Path) -> dict[str, int]:
    """How many current answer and comment rows the one respondent has."""
    store_rows = rows(path, "SELECT num FROM respondents")
    assert len(store_rows) == 1
    num = store_rows[0][0]
    scored = rows(
        path,
        "SELECT item, value, choices, dont_know FROM answers"
        " WHERE respondent = ? AND NOT superseded",
        [num],
    )
    texts = rows(
        path, "SELECT item, text FROM comments WHERE respondent = ? AND NOT superseded", [num]
    )
    return {"scored": len(scored), "texts": len(texts)}


# --- the whole journey, every role ---------------------------------------------------------


@pytest.mark.parametrize("role", [r.id for r in CRM.roles])
def test_every_role_answers_from_link_to_snapshot(db_path: Path, role: str) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    assert titles(at) == ["CRM adoption 2026"]
    assert step_text(at) == "Step 1 of 6"
    choose_profile(at, role, "south")
    given = answer_all(at, CRM, role)

    assert titles(at) == ["Thank you!"]
    assert rows(
        db_path,
        "SELECT role_id, team_id, channel, language, submitted_hour IS NOT NULL FROM respondents",
    ) == [(role, "south", "survey", "en", True)]
    counts = stored_counts(db_path)
    texts = sum(1 for i in given if CRM.item(i).type == "text")
    assert counts == {"scored": len(given) - texts, "texts": texts}
    assert len(at.get("vega_lite_chart")) == 1
    # one respondent, below the threshold of 5: no group figures, and it says so
    assert [i.value for i in at.info] == [
        "Your role's results appear once at least 5 people in it have answered.",
        "The organisation's results appear once at least 5 people have answered.",
    ]


def test_answers_are_stored_with_their_values(db_path: Path) -> None:
    assessment = seed(db_path, SAMPLE, teams=())
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales", team=None)
    given = answer_all(at, SAMPLE, "sales")
    assert titles(at) == ["Thank you!"]
    store_rows = rows(db_path, "SELECT role_id, team_id FROM respondents")
    assert store_rows == [("sales", None)]
    assert given == {
        "p-why": DONT_KNOW,
        "p-anchor": 1,
        "p-sales-skip": 2,
        "t-enough": DONT_KNOW,
        "t-channels": [0, 2],
        "t-hours": 12.0,
        "t-comment": "A thought about t-comment",
    }
    resumed = rows(db_path, "SELECT count(*) FROM answers WHERE NOT superseded")
    assert resumed == [(6,)]
    assert rows(db_path, "SELECT text FROM comments WHERE NOT superseded") == [
        ("A thought about t-comment",)
    ]
    assert rows(
        db_path, "SELECT choices FROM answers WHERE choices IS NOT NULL AND NOT superseded"
    ) == [([0, 2],)]


def test_team_link_presets_the_team_and_does_not_ask(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code, t="north")
    assert [w.key for w in at.radio] == ["respond-role"]
    assert len(at.selectbox) == 0
    assert "Your team: **Sales North**" in [m.value for m in at.markdown]
    choose_profile(at, "marketing", team=None)
    assert step_text(at) == "Step 2 of 6"
    assert rows(db_path, "SELECT role_id, team_id FROM respondents") == [("marketing", "north")]


def test_an_unknown_team_in_the_link_is_asked_for(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code, t="nowhere")
    assert [w.key for w in at.radio] == ["respond-role", "respond-team"]
    choose_profile(at, "sales", "south")
    assert rows(db_path, "SELECT team_id FROM respondents") == [("south",)]


def test_eight_teams_are_radio_buttons_nine_a_select_box(db_path: Path) -> None:
    eight = [Team(f"t{n}", f"Team {n}", 10) for n in range(1, 9)]
    assessment = seed(db_path, teams=eight)
    at = open_app(a=assessment.invite_code)
    assert at.radio(key="respond-team").options == [f"Team {n}" for n in range(1, 9)]
    assert len(at.selectbox) == 0
    choose_profile(at, "sales", "t8")
    assert rows(db_path, "SELECT team_id FROM respondents") == [("t8",)]


def test_nine_teams_are_a_select_box(db_path: Path) -> None:
    nine = [Team(f"t{n}", f"Team {n}", 10) for n in range(1, 10)]
    assessment = seed(db_path, teams=nine)
    at = open_app(a=assessment.invite_code)
    assert [w.key for w in at.radio] == ["respond-role"]
    assert at.selectbox(key="respond-team").options == [f"Team {n}" for n in range(1, 10)]


# --- welcome ------------------------------------------------------------------------------


def test_welcome_says_why_who_sees_what_and_how_long(db_path: Path) -> None:
    assessment = seed(
        db_path, purpose="We want to know where the *CRM* helps.", anonymity_threshold=7
    )
    at = open_app(a=assessment.invite_code)
    text = "\n".join(m.value for m in at.markdown)
    assert escape_markdown("We want to know where the *CRM* helps.") in text
    assert "Results are shown only for groups of at least 7 people." in text
    assert "do not store your IP address" in text
    # From the words each role reads in English (`Questionnaire.estimate`): marketing
    # 779 s, sales 787 s (gapmap inspect).
    assert "It takes about 13 to 14 minutes, depending on your role." in text
    run(at.radio(key="respond-role").set_value("sales"))
    assert "It takes about 14 minutes." in "\n".join(m.value for m in at.markdown)


def test_language_switch_changes_the_interface_and_the_questions(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    run(at.button_group(key="respond-language-switch").set_value("de"))
    assert step_text(at) == "Schritt 1 von 6"
    assert at.radio(key="respond-role").label == "Ihre Rolle"
    assert "Vertrieb" in at.radio(key="respond-role").options
    choose_profile(at, "sales", "north")
    assert step_text(at) == "Schritt 2 von 6"
    assert [h.value for h in at.header] == [escape_markdown(CRM.t(CRM.dimensions[0].name, "de"))]
    assert rows(db_path, "SELECT language FROM respondents") == [("de",)]
    run(at.button_group(key="respond-language-switch").set_value("en"))
    assert rows(db_path, "SELECT language FROM respondents") == [("en",)]
    assert step_text(at) == "Step 2 of 6"


def test_questionnaire_text_is_shown_literally(db_path: Path) -> None:
    assessment = seed(db_path, SAMPLE, teams=TEAMS)
    at = open_app(a=assessment.invite_code)
    # radio labels are Markdown: the team's name is escaped
    assert at.radio(key="respond-team").options == ["Sales North", "Sales \\*South\\*"]
    choose_profile(at, "sales", "south")
    shown = [m.value for m in at.markdown]
    assert f"**1. {escape_markdown(SAMPLE.t(SAMPLE.item('p-why').text))}**" in shown
    # HTML only for the constant CSS, the scroll-to-top script, the copy button and the
    # resume cookie's one-time image (the secret leaves the address bar), never for text
    cookie_image = '<img src="api/session?t='
    copy = COPY_BUTTON.format(
        box="respond-later-link",
        label="Copy link",
        done="Copied.",
        failed="Could not copy: select the link above and copy it.",
    )
    assert sorted(h.proto.body for h in at.html if not h.proto.body.startswith(cookie_image)) == (
        sorted([PHONE_CSS, SCROLL_TO_TOP.format(step=1), copy])
    )
    assert [h.proto.body.startswith(cookie_image) for h in at.html].count(True) == 1
    assert [m.value for m in at.markdown if m.proto.allow_html] == []


# --- required items -------------------------------------------------------------------------


def test_missing_required_items_are_named_and_the_step_does_not_advance(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    items = CRM.items_for_role("sales")[0][1]
    required = [i for i in items if i.is_required]
    run(at.button(key="respond-next").click())
    assert step_text(at) == "Step 2 of 6"
    flagged = [e.value for e in at.error if e.value == "Please answer this question."]
    assert len(flagged) == len(required) == 8
    # named above the questions and again beside Next (the two comments are optional)
    named = "questions 1, 2, 3, 4, 5, 6, 7, 8"
    assert [e.value for e in at.error if e.value != "Please answer this question."] == [
        f"8 answers were missing: {named}",
        f"8 answers missing: {named}",
    ]
    assert scripts(at) == [SCROLL_TO_MISSING.format(nonce=1, index=0)]

    fill(at, CRM, items)
    at.radio(key="respond-item-purpose_control").set_value(None)
    at.radio(key="respond-item-sales_priorities").set_value(None)
    run(at.button(key="respond-next").click())
    assert step_text(at) == "Step 2 of 6"
    named = (
        "question 3 (“The CRM is mainly there to control …”), "
        "question 7 (“The CRM helps me decide which customers …”)"
    )
    assert [e.value for e in at.error] == [
        f"2 answers were missing: {named}",
        "Please answer this question.",
        "Please answer this question.",
        f"2 answers missing: {named}",
    ]
    # a second tap scrolls again (a new script), to the first missing: the third card
    assert scripts(at) == [SCROLL_TO_MISSING.format(nonce=2, index=2)]

    # Answering a flagged question moves nothing above the next one: the summary keeps
    # its words and the question's note turns into a line of the same height.
    run(at.radio(key="respond-item-purpose_control").set_value(4))
    assert scripts(at) == []  # answering does not scroll the page away
    assert [e.value for e in at.error] == [
        f"2 answers were missing: {named}",
        "Please answer this question.",
        "1 answer missing: question 7 (“The CRM helps me decide which customers …”)",
    ]
    assert [e.value for e in at.success] == ["Answered."]
    run(at.button(key="respond-next").click())
    one = "question 7 (“The CRM helps me decide which customers …”)"
    assert [e.value for e in at.error] == [
        f"1 answer was missing: {one}",
        "Please answer this question.",
        f"1 answer missing: {one}",
    ]
    assert len(at.success) == 0  # a new "Next" flags only what is missing now
    run(at.radio(key="respond-item-sales_priorities").set_value(0))
    assert len(at.error) == 0
    assert [e.value for e in at.info] == [f"1 answer was missing: {one}"]
    assert [e.value for e in at.success] == ["Answered.", "All answered now."]
    run(at.button(key="respond-next").click())
    assert step_text(at) == "Step 3 of 6"
    assert len(at.error) == len(at.success) == len(at.info) == 0
    assert scripts(at) == [SCROLL_TO_TOP.format(step=2)]


def test_missing_answers_are_named_in_german(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    run(at.button_group(key="respond-language-switch").set_value("de"))
    choose_profile(at, "sales")
    fill(at, CRM, CRM.items_for_role("sales")[0][1])
    at.radio(key="respond-item-purpose_decisions").set_value(None)
    run(at.button(key="respond-next").click())
    named = "Frage 1 („Ich kann benennen\\, bei welchen …“)"  # "," escaped
    assert [e.value for e in at.error] == [
        f"1 Antwort fehlte: {named}",
        "Bitte beantworten Sie diese Frage.",
        f"1 Antwort fehlt: {named}",
    ]
    # `fill` leaves the first optional comment empty, and question 1 is unanswered again
    assert answered(at) == "8 von 10 beantwortet"


def test_submit_with_an_earlier_answer_missing_goes_there_and_scrolls_to_it(
    db_path: Path,
) -> None:
    from assessment.ui import state

    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    steps = [items for _, items in CRM.items_for_role("sales") if items]
    for items in steps[:-1]:
        fill(at, CRM, items)
        run(at.button(key="respond-next").click())
    fill(at, CRM, steps[-1])
    run(at)
    # Another tab with the same link clears the second answer of step 3 meanwhile.
    cleared = steps[2][1]
    assert cleared.is_required
    responses.save_answers(state.store(), at.session_state["respond-secret"], {cleared.id: None})
    run(at.button(key="respond-submit").click())
    assert step_text(at) == "Step 4 of 6"  # the third dimension, after the welcome
    assert scripts(at) == [SCROLL_TO_MISSING.format(nonce=1, index=1)]
    text = escape_markdown(CRM.t(cleared.text))
    assert at.error[0].value.startswith("1 answer was missing: question 2 (“")
    assert text.startswith(at.error[0].value.split("(“")[1].removesuffix(" …”)"))
    assert rows(db_path, "SELECT submitted_hour FROM respondents") == [(None,)]


def test_n_of_m_answered_sits_beside_next_and_counts_this_step(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    items = CRM.items_for_role("sales")[0][1]
    assert len(items) == 10  # 8 required, 2 optional comments
    assert answered(at) == "0 of 10 answered"
    run(at.radio(key=f"respond-item-{items[0].id}").set_value(1))
    run(at.checkbox(key=f"respond-dk-{items[4].id}").check())  # "don't know" is an answer
    run(at.text_area(key=f"respond-item-{items[8].id}").input("A note"))
    assert answered(at) == "3 of 10 answered"
    run(at.button(key="respond-next").click())  # refused: the count stays with this step
    assert answered(at) == "3 of 10 answered"


def test_back_and_next_keep_every_answer(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    items = CRM.items_for_role("sales")[0][1]
    given = fill(at, CRM, items)
    run(at.button(key="respond-next").click())
    run(at.button(key="respond-back").click())
    assert step_text(at) == "Step 2 of 6"
    for item_id, value in given.items():
        if value is DONT_KNOW:
            assert at.checkbox(key=f"respond-dk-{item_id}").value is True
        elif CRM.item(item_id).type == "text":
            assert at.text_area(key=f"respond-item-{item_id}").value == value
        else:
            assert at.radio(key=f"respond-item-{item_id}").value == value
    run(at.button(key="respond-back").click())
    assert step_text(at) == "Step 1 of 6"
    assert at.radio(key="respond-role").value == "sales"
    assert at.button(key="respond-start").label == "Continue"


def test_dont_know_and_the_scale_exclude_each_other(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    item = next(i for i in CRM.items_for_role("sales")[0][1] if i.dont_know)
    run(at.radio(key=f"respond-item-{item.id}").set_value(2))
    run(at.checkbox(key=f"respond-dk-{item.id}").check())
    assert at.radio(key=f"respond-item-{item.id}").value is None
    assert rows(db_path, "SELECT value, dont_know FROM answers WHERE NOT superseded") == [
        (None, True)
    ]
    run(at.radio(key=f"respond-item-{item.id}").set_value(1))
    assert at.checkbox(key=f"respond-dk-{item.id}").value is False
    assert rows(db_path, "SELECT value, dont_know FROM answers WHERE NOT superseded") == [
        (1.0, False)
    ]


# --- nothing lost ---------------------------------------------------------------------------


def test_resume_link_returns_to_where_the_respondent_was(db_path: Path) -> None:
    assessment = seed(db_path)
    store = Store(db_path)
    try:
        started = responses.start_response(
            store, assessment.id, role_id="service", team_id="south", language="de"
        )
        steps = [items for _, items in CRM.items_for_role("service") if items]
        first = {i.id: 3 for i in steps[0] if i.type != "text"}
        second = {steps[1][0].id: 1}
        responses.save_answers(store, started.secret, first | second)
    finally:
        store.close()
    at = open_app(r=started.secret)
    assert step_text(at) == "Schritt 3 von 6"  # the first step with a required item open
    assert at.radio(key=f"respond-item-{steps[1][0].id}").value == 1
    run(at.button(key="respond-back").click())
    assert at.radio(key=f"respond-item-{steps[0][0].id}").value == 3
    assert "?r=" + started.secret in at.code[0].value


def test_resume_link_of_a_submitted_response_shows_the_snapshot(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "leadership")
    answer_all(at, CRM, "leadership")
    code = at.code[0].value
    secret = code.split("?r=")[1]
    again = open_app(r=secret)
    assert titles(again) == ["Thank you!"]
    assert rows(db_path, "SELECT count(*) FROM respondents WHERE submitted_hour IS NOT NULL") == [
        (1,)
    ]


def test_double_submit_records_one_submission(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    steps = [items for _, items in CRM.items_for_role("sales") if items]
    for items in steps[:-1]:
        fill(at, CRM, items)
        run(at.button(key="respond-next").click())
    fill(at, CRM, steps[-1])
    submit = at.button(key="respond-submit")
    run(submit.click())
    answers_before = rows(db_path, "SELECT count(*) FROM answers")
    assert titles(at) == ["Thank you!"]
    assert at.session_state["respond-submit-clicked"] is True  # the button is disabled
    # the second tap of a double tap arrives as a new request with the same link
    again = open_app(r=at.session_state["respond-secret"])
    assert titles(again) == ["Thank you!"]
    assert rows(db_path, "SELECT count(*) FROM respondents WHERE submitted_hour IS NOT NULL") == [
        (1,)
    ]
    assert rows(db_path, "SELECT count(*) FROM answers") == answers_before


def test_survey_closed_before_submit_says_so_in_the_respondents_language(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    run(at.button_group(key="respond-language-switch").set_value("de"))
    choose_profile(at, "sales")
    steps = [items for _, items in CRM.items_for_role("sales") if items]
    for items in steps[:-1]:
        fill(at, CRM, items)
        run(at.button(key="respond-next").click())
    fill(at, CRM, steps[-1])
    saved = rows(db_path, "SELECT count(*) FROM answers")
    with duckdb.connect(str(db_path)) as con:  # the consultant closes the survey meanwhile
        con.execute("UPDATE assessments SET closed = true WHERE id = ?", [assessment.id])

    run(at.button(key="respond-submit").click())

    assert titles(at) == ["Diese Umfrage ist beendet"]
    assert "Vor dem Ende abgeschickte Antworten bleiben erhalten" in at.info[0].value
    assert rows(db_path, "SELECT count(*) FROM respondents WHERE submitted_hour IS NULL") == [(1,)]
    assert rows(db_path, "SELECT count(*) FROM answers") == saved  # nothing given is lost


# --- links that lead nowhere ----------------------------------------------------------------


def test_no_link_offers_a_code_box(db_path: Path) -> None:
    assessment = seed(db_path)
    at = run(open_app().switch_page("assessment/ui/respond.py"))
    assert titles(at) == ["Answer a survey"]
    at.text_input(key="respond-code").input(assessment.invite_code.lower())
    run(at.button[0].click())
    assert titles(at) == ["CRM adoption 2026"]


def test_unknown_code_says_so_and_offers_the_code_box(db_path: Path) -> None:
    seed(db_path)
    at = open_app(a="NOPE1234")
    assert titles(at) == ["We could not find this survey"]
    assert "**NOPE1234**" in at.warning[0].value
    assert len(at.text_input) == 1
    assert rows(db_path, "SELECT count(*) FROM respondents") == [(0,)]


def test_a_survey_not_found_speaks_the_browsers_language_and_has_the_switch(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seed(db_path)
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_app(a="NOPE1234")
    assert titles(at) == ["Wir haben diese Umfrage nicht gefunden"]
    assert at.warning[0].value == (
        "Keine Umfrage hat den Einladungscode **NOPE1234**. Prüfen Sie den Code in Ihrer "
        "Einladung und geben Sie ihn unten erneut ein, oder bitten Sie die einladende Person "
        "um einen neuen Link."
    )
    assert at.text_input(key="respond-code").label == "Einladungscode"
    assert at.text_input(key="respond-code").placeholder == "zum Beispiel ACDE3467"
    switch = at.segmented_control(key="respond-language-switch")
    assert (switch.value, switch.options) == ("de", ["English", "Deutsch"])
    run(switch.set_value("en"))
    assert titles(at) == ["We could not find this survey"]
    assert at.text_input(key="respond-code").label == "Invite code"


def test_a_closed_survey_in_a_german_browser_is_german(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assessment = seed(db_path, languages=["en", "de"])
    store = Store(db_path)
    try:
        set_closed(store, assessment.id, True)
    finally:
        store.close()
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_app(a=assessment.invite_code)
    assert titles(at) == ["Diese Umfrage ist beendet"]
    assert at.info[0].value.startswith("Sie nimmt keine Antworten mehr an.")
    assert at.segmented_control(key="respond-language-switch").value == "de"


def test_a_code_typed_on_the_error_page_goes_to_the_address_bar(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a="NOPE1234", t="north")
    assert titles(at) == ["We could not find this survey"]
    at.text_input(key="respond-code").input(f" {assessment.invite_code} ")
    run(at.button[0].click())
    assert titles(at) == ["CRM adoption 2026"]
    assert dict(at.query_params) == {"a": assessment.invite_code}


def test_a_code_typed_after_a_bad_resume_link_replaces_it_in_the_address_bar(
    db_path: Path,
) -> None:
    assessment = seed(db_path)
    at = open_app(r="not-a-real-secret")
    at.text_input(key="respond-code").input(assessment.invite_code)
    run(at.button[0].click())
    assert titles(at) == ["CRM adoption 2026"]
    assert dict(at.query_params) == {"a": assessment.invite_code}


def test_closed_assessment_says_it_is_closed(db_path: Path) -> None:
    assessment = seed(db_path)
    store = Store(db_path)
    try:
        set_closed(store, assessment.id, True)
    finally:
        store.close()
    at = open_app(a=assessment.invite_code)
    assert titles(at) == ["This survey is closed"]
    assert at.info[0].value.startswith("It no longer takes answers.")
    assert len(at.radio) == 0


def test_not_yet_open_assessment_says_when_it_opens(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    opens = datetime(2099, 3, 4, 9, 30)
    assessment = seed(db_path, opens_at=opens)
    at = open_app(a=assessment.invite_code)
    assert titles(at) == ["This survey has not opened yet"]
    assert at.info[0].value == (
        "It opens on 4 March 2099, 09:30 UTC. Please come back then with the same link."
    )
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    at = open_app(a=assessment.invite_code)
    assert titles(at) == ["Diese Umfrage hat noch nicht begonnen"]
    assert at.info[0].value == (
        "Sie beginnt am 4. März 2099, 09:30 UTC. Bitte kommen Sie dann mit demselben Link wieder."
    )


def test_bad_resume_secret_says_what_to_do(db_path: Path) -> None:
    seed(db_path)
    at = open_app(r="not-a-real-secret")
    assert titles(at) == ["This link does not lead to your answers"]
    assert at.info[0].value.startswith("Check that you copied the whole link")


def test_the_mail_link_carries_only_our_words_and_the_link_url_encoded() -> None:
    url = "https://gapmap.example/?r=AbC-123_x"
    assert mail_to_self(url, "en") == (
        "mailto:?subject=My%20link%20to%20the%20survey&body=With%20this%20link%20I%20"
        "continue%20the%20survey%2C%20or%20see%20my%20snapshot%20again.%20Anyone%20who"
        "%20has%20it%20can%20see%20my%20answers%2C%20so%20I%20keep%20it%20to%20myself."
        "%0A%0Ahttps%3A%2F%2Fgapmap.example%2F%3Fr%3DAbC-123_x%0A"
    )
    assert mail_to_self(url, "de").startswith("mailto:?subject=Mein%20Link%20zur%20Umfrage&")


def test_the_resume_link_has_a_copy_button_and_a_mail_link(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    secret = at.session_state["respond-secret"]
    [link] = at.get("link_button")
    assert link.proto.label == "Send it to myself"
    assert link.proto.url == mail_to_self(at.code[0].value, "en")
    assert at.code[0].value.endswith(f"?r={secret}")
    copy = [h.proto.body for h in at.html if 'class="gapmap-copy"' in h.proto.body]
    assert copy == [
        COPY_BUTTON.format(
            box="respond-later-link",
            label="Copy link",
            done="Copied.",
            failed="Could not copy: select the link above and copy it.",
        )
    ]
    assert secret not in copy[0]  # the button reads the link from the page


def test_the_snapshot_offers_the_link_to_keep_and_its_chart_has_no_menu(db_path: Path) -> None:
    import json

    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "leadership")
    answer_all(at, CRM, "leadership")
    run(at.button_group(key="respond-language-switch").set_value("de"))
    assert titles(at) == ["Vielen Dank!"]
    [link] = at.get("link_button")
    assert link.proto.label == "An mich selbst senden"
    assert link.proto.url == mail_to_self(at.code[0].value, "de")
    assert any('data-box="respond-keep-link"' in h.proto.body for h in at.html)
    [chart] = at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert spec["usermeta"] == {"embedOptions": {"actions": False}}


# --- the right to erasure -----------------------------------------------------------------


def test_a_respondent_deletes_their_answers_from_the_survey_page(db_path: Path) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    steps = [items for _, items in CRM.items_for_role("sales") if items]
    fill(at, CRM, steps[0])
    run(at)
    counts = stored_counts(db_path)
    assert counts["scored"] > 0
    # Not without confirming.
    run(at.button(key="respond-erase-button").click())
    assert [e.value for e in at.error] == ["Tick the box first, to confirm."]
    assert rows(db_path, "SELECT count(*) FROM respondents") == [(1,)]
    at.checkbox(key="respond-erase-confirm").check()
    run(at.button(key="respond-erase-button").click())
    assert titles(at) == ["Your answers are deleted"]
    assert dict(at.query_params) == {}
    for table in ("respondents", "answers", "comments"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(0,)], table  # noqa: S608
    answers, comments = counts["scored"], counts["texts"]
    erased = (
        f"{answers} answer{'' if answers == 1 else 's'},"
        f" {comments} comment{'' if comments == 1 else 's'}"
    )
    assert rows(db_path, "SELECT action, username, detail FROM audit_log") == [
        ("respondent-erased", None, f"by the respondent: {erased}"),
    ]


def test_a_submitted_respondent_deletes_their_answers_from_the_snapshot_in_german(
    db_path: Path,
) -> None:
    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "leadership")
    answer_all(at, CRM, "leadership")
    secret = at.code[0].value.split("?r=")[1]
    again = open_app(r=secret)
    run(again.button_group(key="respond-language-switch").set_value("de"))
    again.checkbox(key="respond-erase-confirm").check()
    run(again.button(key="respond-erase-button").click())
    assert titles(again) == ["Ihre Antworten sind gelöscht"]
    assert rows(db_path, "SELECT count(*) FROM respondents") == [(0,)]
    # The link no longer opens anything.
    gone = open_app(r=secret)
    assert titles(gone) == ["This link does not lead to your answers"]


def test_a_full_disk_is_explained_beside_the_answer_and_the_answer_is_saved_on_next(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assessment.storage.store import storage_error

    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    first, second = CRM.items_for_role("sales")[0][1][:2]
    at.radio(key=f"respond-item-{first.id}").set_value(2)
    run(at)
    real_save = responses.save_answers

    def full_disk(*args: Any, **kwargs: Any) -> int:
        raise storage_error(OSError("No space left on device"))

    monkeypatch.setattr(responses, "save_answers", full_disk)
    at.radio(key=f"respond-item-{second.id}").set_value(4)
    run(at)
    assert [e.value for e in at.error] == [
        "GapMap could not save this: the server's disk is full. Everything saved before "
        "is safe. Please try again later; if it keeps happening, tell the person who runs "
        "GapMap."
    ]
    # Space again: Next saves the answer still on the screen, and nothing was lost.
    monkeypatch.setattr(responses, "save_answers", real_save)
    run(at.button(key="respond-next").click())
    num = rows(db_path, "SELECT num FROM respondents")[0][0]
    stored = dict(
        rows(
            db_path,
            "SELECT q.item_id, a.value FROM answers a JOIN questionnaire_items q"
            " ON q.position = a.item WHERE a.respondent = ? AND NOT a.superseded",
            [num],
        )
    )
    assert (stored[first.id], stored[second.id]) == (2.0, 4.0)


def test_an_answer_that_keeps_conflicting_is_explained_not_a_stack_trace(db_path: Path) -> None:
    from assessment.storage.store import write_conflict
    from assessment.ui import state

    assessment = seed(db_path)
    at = open_app(a=assessment.invite_code)
    choose_profile(at, "sales")
    first = CRM.items_for_role("sales")[0][1][0]
    at.radio(key=f"respond-item-{first.id}").set_value(2)
    run(at)
    # Another tab holds the same answer row in a write that does not finish.
    other = state.store().new_cursor()
    other.begin()
    other.execute("UPDATE answers SET superseded = NOT superseded")
    try:
        at.radio(key=f"respond-item-{first.id}").set_value(4)
        run(at)
        shown = [e.value.replace("\\", "") for e in at.error]  # however it is escaped
        assert shown == [write_conflict().message]
        assert "please try again" in write_conflict().message
    finally:
        other.rollback()
    # The other write gone, the answer on the screen is saved on Next.
    run(at.button(key="respond-next").click())
    stored = rows(
        db_path,
        "SELECT a.value FROM answers a JOIN questionnaire_items q ON q.position = a.item"
        " WHERE q.item_id = ? AND NOT a.superseded",
        [first.id],
    )
    assert stored == [(4.0,)]
