"""The workshop summary: figures only for what the room was shown (revealed and at least
k answers), the agreed actions, English and German, escaped user text, the PDF, and who
may read it."""

from __future__ import annotations

import base64
import html as html_lib
import inspect
import io
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import pytest
import yaml
from pypdf import PdfReader

from assessment import access
from assessment.collect import open_question, retention, workshop
from assessment.documents import charts as chart_builders
from assessment.documents.workshop_report import (
    DimensionFigures,
    render_summary_html,
    render_summary_pdf,
)
from assessment.organisation import auth
from assessment.organisation.auth import Actor, PermissionDenied
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from tests.engine import engine_questionnaire, likert

STARTED = datetime(2026, 11, 23, 9, 0)
ENDED = datetime(2026, 11, 23, 11, 30)
PROMPTS = ["Which decisions need the CRM?", "Where do we lose time & patience <here>?"]
HOSTILE = "<script>alert(1)</script>"
FORMULA = '=HYPERLINK("http://x")'


def _questionnaire(languages: tuple[str, ...] = ("en",)) -> Questionnaire:
    """The engine test model, with discussion prompts on `purpose` and, for German, every
    text also in German ("<text> DE")."""
    data: dict[str, Any] = engine_questionnaire().model_dump(mode="json", exclude_defaults=True)
    data["dimensions"][0]["prompts"] = [{"en": p} for p in PROMPTS]

    def translated(value: Any) -> Any:
        if isinstance(value, dict):
            if set(value) == {"en"} and isinstance(value["en"], str):
                return {lang: value["en"] + ("" if lang == "en" else " DE") for lang in languages}
            return {key: translated(v) for key, v in value.items()}
        if isinstance(value, list):
            return [translated(v) for v in value]
        return value

    data = translated(data)
    data["languages"] = list(languages)
    parsed = parse_questionnaire(yaml.safe_dump(data, allow_unicode=True), "engine.yaml")
    assert parsed.questionnaire is not None, [str(p) for p in parsed.errors]
    return parsed.questionnaire


@dataclass
class Room:
    store: Store
    assessment_id: str
    consultant: Actor
    leadership_a: Actor
    leadership_b: Actor


def _room(languages: tuple[str, ...] = ("en",)) -> Room:
    store = Store()
    org_a = access.create_organisation(store, auth.SYSTEM, "Org A").id
    org_b = access.create_organisation(store, auth.SYSTEM, "Org B").id
    assessment = access.create_assessment(
        store,
        auth.SYSTEM,
        org_a,
        _questionnaire(languages),
        name="Adoption",
        anonymity_threshold=3,
        targets={"purpose": 4, "time": 3},
    )
    return Room(
        store,
        assessment.id,
        Actor("consultant", "ca", "cons-a", organisation_ids=frozenset({org_a})),
        Actor("leadership", "la", "lead-a", organisation_ids=frozenset({org_a})),
        Actor("leadership", "lb", "lead-b", organisation_ids=frozenset({org_b})),
    )


def _start(room: Room, title: str = "Kick-off Berlin") -> workshop.Workshop:
    return access.start_workshop(
        room.store, room.consultant, room.assessment_id, title=title, pacing="self", now=STARTED
    )


def _answer(room: Room, w: workshop.Workshop, role: str, answers: dict[str, Any]) -> None:
    joined = workshop.join(room.store, w.join_code, role_id=role)
    workshop.answer(room.store, joined.secret, answers)


def _main_workshop(room: Room, title: str = "Kick-off Berlin") -> workshop.Workshop:
    """Purpose revealed: front line 2, 3, 3 and leaders 4, 4, 5 (n 6, mean 3.5, leaders
    4.33, front line 2.67). Time answered by the three reps (t1 options 7, 7, 6 on a 1..7
    scale: 5, 5, 4.33, mean 4.78) but never revealed. One action agreed."""
    w = _start(room, title)
    for p1, t1 in ((2, 6), (3, 6), (3, 5)):
        _answer(room, w, "rep", {"p1": likert(p1), "t1": t1})
    for p1 in (4, 4, 5):
        _answer(room, w, "lead", {"p1": likert(p1)})
    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    access.agree_action(
        room.store,
        room.consultant,
        w.id,
        title="Weekly pipeline review in the CRM",
        owner="Sales lead",
        due_date=date(2027, 1, 15),
        dimension_id="time",
    )
    return access.end_workshop(room.store, room.consultant, w.id, now=ENDED)


def _small_workshop(room: Room) -> workshop.Workshop:
    """Both dimensions revealed. Purpose: three reps, 2, 2, 3 (mean 2.33, level 2, 1.07
    points below target level 4 at 3.4). Time: only two answers (t1 options 7, 7)."""
    w = _start(room, "Follow-up")
    for p1 in (2, 2, 3):
        _answer(room, w, "rep", {"p1": likert(p1)})
    for _ in range(2):
        _answer(room, w, "rep", {"t1": 6})
    access.set_revealed(room.store, room.consultant, w.id, None)
    return access.end_workshop(room.store, room.consultant, w.id, now=ENDED)


@pytest.fixture
def room() -> Room:
    return _room()


def _text(fragment: str) -> str:
    """The visible text of an HTML fragment, whitespace collapsed."""
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def _topic(page: str, dimension_id: str) -> str:
    """The text of a dimension's block in the discussion section."""
    start = page.index(f'id="dimension-{dimension_id}"')
    ends = [i for i in (page.find('<div class="topic', start), page.find("</section>", start))]
    return _text(page[page.index(">", start) + 1 : min(i for i in ends if i > 0)])


def _row(page: str, name: str) -> str:
    """The text of a dimension's row in the results table."""
    match = re.search(rf'<tr>\s*<td class="name">{re.escape(name)}</td>(.*?)</tr>', page, re.S)
    assert match is not None, name
    return _text(match.group(1))


def _charts(page: str) -> list[str]:
    return [
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r'src="data:image/svg\+xml;base64,([A-Za-z0-9+/=]+)"', page)
    ]


# --- what is shown ------------------------------------------------------------------------------


def test_a_revealed_dimension_shows_its_hand_computed_figures(room: Room) -> None:
    w = _main_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    purpose = data.dimensions[0]
    assert (purpose.id, purpose.name, purpose.revealed, purpose.status) == (
        "purpose",
        "Purpose",
        True,
        "shown",
    )
    # Level 4 starts at 3.4, the target level of purpose: reached. Leaders 13/3, front
    # line 8/3; agreement low (sample variance 1.1 against 2 for a uniform 5-point answer).
    assert purpose.figures == DimensionFigures(
        n=6,
        mean=3.5,
        level=4,
        level_name="Four",
        target=4,
        target_name="Four",
        gap=0.0,
        reached=True,
        consensus="low agreement: people see this differently",
        leadership_mean=4.33,
        frontline_mean=2.67,
        difference=1.67,  # 13/3 - 8/3, not 4.33 - 2.67
    )
    assert purpose.prompts == tuple(PROMPTS)
    assert (data.title, data.assessment, data.organisation) == (
        "Kick-off Berlin",
        "Adoption",
        "Org A",
    )
    assert (data.date, data.time, data.pacing, data.joined, data.k) == (
        "23 November 2026",
        "09:00 to 11:30 UTC",
        "self-paced",
        6,
        3,
    )
    assert (data.started, data.ended, data.running) == (
        "23 November 2026, 09:00 UTC",
        "23 November 2026, 11:30 UTC",
        False,
    )

    page = render_summary_html(data, charts=False)
    assert _row(page, "Purpose") == (
        "6 3.50 4 · Four 4 · Four reached low agreement: people see this differently"
    )
    assert _topic(page, "purpose") == (
        "Purpose Mean 3.50 of 5 from 6 answers: level 4, Four. Target level 4, Four: reached."
        " Agreement: low agreement: people see this differently."
        " Leadership 4.33, front line 2.67: leaders rate it 1.67 points higher."
        " Discussion prompts Which decisions need the CRM?"
        " Where do we lose time & patience <here>?"
    )
    perception = page[page.index('id="perception"') : page.index('id="discussion"')]
    assert '<td>Purpose</td><td class="num">4.33</td><td class="num">2.67</td>' in perception
    assert "+1.67" in perception
    assert "Time" not in _text(perception)
    assert "The workshop is still running" not in page


def test_an_unrevealed_dimension_shows_no_figures(room: Room) -> None:
    w = _main_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    time_dim = data.dimensions[1]
    assert (time_dim.revealed, time_dim.status, time_dim.figures, time_dim.prompts) == (
        False,
        "hidden",
        None,
        (),
    )
    sentence = "Not revealed in the workshop: no results are shown."
    assert time_dim.note == sentence
    page = render_summary_html(data)
    assert _row(page, "Time") == sentence
    assert _topic(page, "time") == f"Time {sentence}"
    # Its mean (4.78, 4.8 in the chart) appears nowhere: not in the text, not in a chart.
    charts = _charts(page)
    assert len(charts) == 2  # dimension bars and perception gap
    for text in (page, *charts):
        assert "4.78" not in text
        assert "4.8<" not in text and ">4.8" not in text
    assert all(r.suppressed for r in data.analysis.scores.results if r.dimension == "time")
    if "hidden_labels" in inspect.signature(chart_builders.dimension_bars).parameters:
        assert ">not revealed<" in charts[0]  # its grey bar says why, not "fewer than 3"


def test_a_revealed_dimension_with_fewer_than_k_answers_shows_no_figures(room: Room) -> None:
    w = _small_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    time_dim = data.dimensions[1]
    assert (time_dim.revealed, time_dim.status, time_dim.figures) == (True, "waiting", None)
    sentence = (
        "Revealed, but fewer than 3 participants answered: no results are shown, to protect"
        " anonymity."
    )
    page = render_summary_html(data)
    assert _row(page, "Time") == sentence
    assert _topic(page, "time") == f"Time {sentence}"
    assert "5.00" not in page and '<td class="num">2</td>' not in page  # mean 5, n 2
    assert all(r.suppressed for r in data.analysis.scores.results if r.dimension == "time")


def test_a_dimension_paused_by_an_erasure_shows_no_figures_in_either_language() -> None:
    """Purpose was shown (three reps); one of them deletes their answers before the
    workshop ends: the summary shows nothing of purpose, and says why (en, de)."""
    room = _room(("en", "de"))
    w = _start(room)
    secrets = []
    for p1 in (2, 2, 3):
        joined = workshop.join(room.store, w.join_code, role_id="rep")
        workshop.answer(room.store, joined.secret, {"p1": likert(p1)})
        secrets.append(joined.secret)
    access.set_revealed(room.store, room.consultant, w.id, "purpose")
    shown = access.live_view(room.store, room.consultant, w.id).dimension("purpose")
    assert shown.result is not None and shown.result.n == 3
    retention.erase_respondent(room.store, secrets[2])
    access.end_workshop(room.store, room.consultant, w.id, now=ENDED)
    english = access.workshop_summary(room.store, room.consultant, w.id)
    purpose = english.dimensions[0]
    assert (purpose.status, purpose.figures, purpose.prompts) == ("paused", None, ())
    sentence = (
        "Paused: a participant deleted their answers after these results were shown, and"
        " fewer than 3 answers changed since, so no results are shown."
    )
    page = render_summary_html(english)
    assert _row(page, "Purpose") == sentence
    assert "2.33" not in page and "2.00" not in page
    assert _charts(page) == []  # nothing shown, so no chart either
    german = render_summary_html(
        access.workshop_summary(room.store, room.consultant, w.id, language="de"), charts=False
    )
    assert "Pausiert: Eine teilnehmende Person hat ihre Antworten gelöscht" in german


def test_gap_to_target_and_no_perception_gap_without_both_sides(room: Room) -> None:
    w = _small_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    figures = data.dimensions[0].figures
    assert figures is not None
    assert (figures.n, figures.mean, figures.level, figures.level_name, figures.gap) == (
        3,
        2.33,
        2,
        "Two",
        1.07,
    )
    assert (figures.reached, figures.leadership_mean, figures.frontline_mean) == (
        False,
        None,
        None,
    )
    page = render_summary_html(data)
    assert _row(page, "Purpose").startswith("3 2.33 2 · Two 4 · Four 1.07 ")
    topic = _topic(page, "purpose")
    assert "Target level 4, Four: 1.07 points to go." in topic
    assert "Leadership and front line are not shown separately: one side was too small." in topic
    assert not data.has_perception
    assert "No revealed dimension had enough leaders and front-line participants" in page
    assert len(_charts(page)) == 1  # the dimension bars; no perception gap chart


def test_the_agreed_actions_of_this_workshop_appear(room: Room) -> None:
    w = _main_workshop(room)
    other = _small_workshop(room)
    access.agree_action(room.store, room.consultant, other.id, title="Elsewhere", owner="HR")
    access.add_agreed_action(
        room.store, room.consultant, room.assessment_id, title="Not in a workshop", owner="IT"
    )
    data = access.workshop_summary(room.store, room.leadership_a, w.id)
    assert [(a.title, a.owner, a.due, a.dimension) for a in data.actions] == [
        ("Weekly pipeline review in the CRM", "Sales lead", "15 January 2027", "Time")
    ]
    page = render_summary_html(data, charts=False)
    section = _text(page[page.index('<section id="actions">') :])
    assert section == (
        "Agreed actions Action Dimension Owner Due"
        " Weekly pipeline review in the CRM Time Sales lead 15 January 2027"
    )
    none = render_summary_html(
        access.workshop_summary(room.store, room.consultant, other.id), charts=False
    )
    assert "Elsewhere" in none and "Not in a workshop" not in none
    empty = _start(room, "Nothing agreed")
    quiet = render_summary_html(
        access.workshop_summary(room.store, room.consultant, empty.id), charts=False
    )
    assert "No actions were agreed in this workshop." in quiet
    assert "The workshop is still running" in quiet


def test_german_labels_and_numbers() -> None:
    room = _room(("en", "de"))
    w = _main_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id, language="de")
    assert data.language == "de"
    page = render_summary_html(data, charts=False)
    assert '<html lang="de">' in page
    for label in (
        "Workshop-Zusammenfassung",
        "Aufgedeckte Ergebnisse",
        "Führung und Basis",
        "Diskussion",
        "Vereinbarte Maßnahmen",
        "Verantwortlich",
        "im eigenen Tempo",
        "23. November 2026",
        "09:00 bis 11:30 UTC",
        "15. Januar 2027",
        "Im Workshop nicht aufgedeckt: Es werden keine Ergebnisse gezeigt.",
        "Fragen für die Diskussion",
    ):
        assert label in page, label
    assert _row(page, "Purpose DE") == (
        "6 3,50 4 · Four DE 4 · Four DE erreicht"
        " geringe Übereinstimmung: die Sicht geht auseinander"
    )
    assert "Führung 4,33, Basis 2,67: Die Führung bewertet um 1,67 Punkte höher." in page
    assert "Which decisions need the CRM? DE" in page
    for english in ("Results revealed", "Agreed actions", "Owner", "3.50"):
        assert english not in page


def test_a_language_the_assessment_does_not_offer_falls_back_to_its_first(room: Room) -> None:
    w = _main_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id, language="de")
    assert data.language == "en"
    assert "Results revealed" in render_summary_html(data, charts=False)


def test_hostile_titles_and_owners_are_escaped(room: Room) -> None:
    w = _start(room, title=HOSTILE)
    for title, owner in ((HOSTILE, FORMULA), (FORMULA, HOSTILE)):
        access.agree_action(room.store, room.consultant, w.id, title=title, owner=owner)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    assert data.title == HOSTILE
    page = render_summary_html(data)
    assert "<script" not in page.lower()
    # <title>, running footer, heading; one action's title and the other's owner
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") == 5
    assert page.count("=HYPERLINK(&#34;http://x&#34;)") == 2
    assert "Where do we lose time &amp; patience &lt;here&gt;?" not in page  # not shown
    shown = _main_workshop(room)
    page = render_summary_html(access.workshop_summary(room.store, room.consultant, shown.id))
    assert "Where do we lose time &amp; patience &lt;here&gt;?" in page  # a prompt, escaped
    assert "<here>" not in page


def test_the_pdf_has_the_title_sections_and_actions(room: Room) -> None:
    w = _main_workshop(room)
    data = access.workshop_summary(room.store, room.consultant, w.id)
    pdf = render_summary_pdf(data)
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    text = "\n".join(pages)
    for expected in (
        "Kick-off Berlin",
        "Workshop summary",
        "Results revealed",
        "Leadership and front line",
        "Discussion",
        "Agreed actions",
        "Weekly pipeline review in the CRM",
        "Sales lead",
        "3.50",
    ):
        assert expected in text, expected
    assert "4.78" not in text
    # Every page: the workshop's title and date in the footer, and its number.
    for number, page_text in enumerate(pages, start=1):
        assert "Kick-off Berlin · 23 November 2026" in page_text
        assert f"Page {number} of {len(pages)}" in page_text


OPEN_ANSWERS = [
    "More time",
    "more  TIME!",
    "More time",
    "Coaching",
    "coaching",
    "a clear owner",
    "Owner!",
    "<b>time</b> please",
    "Mehr Zeit",
    '=HYPERLINK("x") owner',
]


def _open_section(page: str) -> str:
    return _text(
        page[page.index('<section id="open-question"') : page.index('<section id="actions">')]
    )


def test_the_open_question_and_its_grouped_answers_once_enough_answered() -> None:
    room = _room(("en", "de"))  # k = 3, the comment threshold 10
    w = _start(room)
    quiet = render_summary_html(access.workshop_summary(room.store, room.consultant, w.id))
    assert 'id="open-question"' not in quiet  # no question asked: no section
    access.set_open_question(room.store, room.consultant, w.id, "What would help you <most>?")
    phones = [workshop.join(room.store, w.join_code, role_id="rep").secret for _ in range(10)]
    for secret, text in zip(phones[:9], OPEN_ANSWERS[:9], strict=True):
        open_question.answer_open_question(room.store, secret, text)

    below = render_summary_html(
        access.workshop_summary(room.store, room.leadership_a, w.id), charts=False
    )
    assert _open_section(below) == (
        "The room's open question What would help you <most>?"
        " 9 of the people who joined answered it."
        " Fewer than 10 people answered, so no answer is shown: the room's screen showed"
        " none either."
    )
    assert "More time" not in below and "coaching" not in below.lower()

    open_question.answer_open_question(room.store, phones[9], OPEN_ANSWERS[9])
    data = access.workshop_summary(room.store, room.leadership_a, w.id, language="de")
    page = render_summary_html(data, charts=False)
    assert _open_section(page) == (
        "Die offene Frage an den Raum What would help you <most>?"
        " 10 der Teilnehmenden haben sie beantwortet."
        " Die kurzen Antworten und Wörter, die mindestens zwei Personen gleich gegeben haben,"
        " wie der Bildschirm im Raum sie zeigte; was nur eine Person schrieb, wird nie"
        " gezeigt. Antwort oder Wort Personen More time 3 owner 3 coaching 2"
        " 5 Wörter, die nur eine Person verwendet hat, werden nicht gezeigt."
    )
    assert "What would help you &lt;most&gt;?" in page and "<most>" not in page
    english = access.workshop_summary(room.store, room.consultant, w.id)
    assert english.open_question is not None and english.open_question.words is not None
    assert [(x.word, x.people) for x in english.open_question.words] == [
        ("More time", 3),
        ("owner", 3),
        ("coaching", 2),
    ]
    text = "\n".join(
        p.extract_text() for p in PdfReader(io.BytesIO(render_summary_pdf(english))).pages
    )
    for expected in ("The room's open question", "Answer or word", "More time", "owner"):
        assert expected in text, expected
    assert "clear" not in text and "HYPERLINK" not in text  # one person's words


# --- who may read it ----------------------------------------------------------------------------


def test_only_the_organisation_may_read_the_summary(room: Room) -> None:
    w = _main_workshop(room)
    assert access.workshop_summary(room.store, room.leadership_a, w.id).title == "Kick-off Berlin"
    with pytest.raises(PermissionDenied) as refused:
        access.workshop_summary(room.store, room.leadership_b, w.id)
    assert refused.value.code == "forbidden"
    for actor in (auth.ANONYMOUS, auth.RESPONDENT):
        with pytest.raises(PermissionDenied) as refused:
            access.workshop_summary(room.store, actor, w.id)
        assert refused.value.code == "not-signed-in"
