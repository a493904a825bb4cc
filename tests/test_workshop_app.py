"""The live workshop in the app (AppTest): the facilitator's screen: start, step, reveal,
agreed action, end, the projector and presenter views. (The phones' page is plain HTML,
`ui/phone.py`: tests/test_phone_page.py.)

Each test seeds a DuckDB file and closes it; the app then opens it and the rows it
wrote are read back through the app's own store (`state.store()`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import Block, Element

from assessment import access
from assessment.collect import workshop
from assessment.collect.responses import Submission, record_submissions
from assessment.organisation import auth
from assessment.organisation.assessments import Team
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import load_or_raise
from assessment.storage.store import Store
from assessment.ui import language, state
from assessment.ui.pages import FACILITATE
from assessment.ui.text import escape_markdown

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
QUICK = load_or_raise(ROOT / "questionnaires" / "crm-quickcheck.yaml")
# The full model: its pulse item `ownership_same_meaning` offers "don't know".
FULL = load_or_raise(ROOT / "questionnaires" / "crm-adoption.yaml")
CONSULTANT = ("casey", "correct horse battery staple")
TITLE = "Kick-off <b>Sales</b>"


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    path = tmp_path / "gapmap.duckdb"
    monkeypatch.setenv("GAPMAP_DB", str(path))
    monkeypatch.delenv("GAPMAP_BASE_URL", raising=False)
    yield path
    state._open_store.clear()


@pytest.fixture(autouse=True)
def release_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Results released as soon as k participants changed (no pause between releases)."""
    monkeypatch.setattr(workshop, "RELEASE_SECONDS", 0.0)


def seed(
    path: Path, *, questionnaire: Questionnaire = QUICK, **settings: object
) -> tuple[str, str, str]:
    """A consultant, an assessment and a running workshop on it; returns (session token,
    assessment id, join code)."""
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        org = access.create_organisation(store, me, "Nordwind")
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        a = access.create_assessment(
            store, me, org.id, questionnaire, name="CRM 2026", languages=["en", "de"]
        )
        w = access.start_workshop(store, me, a.id, title=TITLE, **settings)  # type: ignore[arg-type]
        return auth.sign_in(store, *CONSULTANT).token, a.id, w.join_code
    finally:
        store.close()


def run(changed: AppTest | Element) -> AppTest:
    at = changed.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(elements: Iterable[Element | Block]) -> list[str]:
    return [str(e.value) for e in elements if isinstance(e, Element)]


def app_store() -> Store:
    return state.store()


def the_workshop(code: str) -> workshop.Workshop:
    return workshop.find_workshop(app_store(), code).workshop


# --- the facilitator ----------------------------------------------------------------------------


def facilitator(token: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    run(at)
    return run(at.switch_page(FACILITATE.path))


def test_the_facilitator_starts_a_workshop_and_shows_the_join_code(db: Path) -> None:
    token, assessment_id, _ = seed(db)
    at = facilitator(token)
    assert texts(at.title) == ["Live workshop"]
    at.text_input(key="facilitate-title").input("Service kick-off")
    run(next(b for b in at.button if b.label == "Start the workshop").click())
    started = [w for w in access.list_workshops(app_store(), auth.SYSTEM, assessment_id)]
    new = next(w for w in started if w.title == "Service kick-off")
    assert new.join_code in texts(at.title)
    assert f"http://localhost:8501/w/{new.join_code}" in " ".join(texts(at.markdown))


def test_the_facilitator_steps_reveals_records_an_action_and_ends(db: Path) -> None:
    token, _, code = seed(db)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    run(at.button(key="ws-next").click())
    assert the_workshop(code).step == 1
    assert any("Hidden. Reveal the results" in t for t in texts(at.info))
    run(at.button(key="ws-reveal").click())
    assert the_workshop(code).revealed == ("purpose",)
    assert any("at least 5 people have answered" in t for t in texts(at.info))

    w = the_workshop(code)
    form_title = next(t for t in at.text_input if t.label == "Action")
    form_title.input("Monthly CRM clinic")
    next(t for t in at.text_input if t.label == "Owner").input("Sales lead")
    run(next(b for b in at.button if b.label == "Record the action").click())
    agreed = access.workshop_actions(app_store(), auth.SYSTEM, w.id)
    assert [(a.title, a.owner) for a in agreed] == [("Monthly CRM clinic", "Sales lead")]

    run(at.button(key="ws-end").click())
    assert not the_workshop_any(code).running
    assert any("ended" in c for c in texts(at.caption))


def test_the_action_form_keeps_the_typed_title_after_a_refusal(db: Path) -> None:
    token, _, code = seed(db)
    at = facilitator(token)
    w = the_workshop(code)
    run(at.button(key=f"facilitate-open-{w.id}").click())
    next(t for t in at.text_input if t.label == "Action").input("Monthly CRM clinic")
    run(next(b for b in at.button if b.label == "Record the action").click())  # no owner

    assert texts(at.error) == ["The owner needs between 1 and 100 characters."]
    assert next(t for t in at.text_input if t.label == "Action").value == "Monthly CRM clinic"
    next(t for t in at.text_input if t.label == "Owner").input("Sales lead")
    run(next(b for b in at.button if b.label == "Record the action").click())

    agreed = access.workshop_actions(app_store(), auth.SYSTEM, w.id)
    assert [(a.title, a.owner) for a in agreed] == [("Monthly CRM clinic", "Sales lead")]
    assert next(t for t in at.text_input if t.label == "Action").value == ""  # a fresh form


def test_the_presenter_page_speaks_the_page_language_german(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    token, _, code = seed(db)
    at = facilitator(token)
    assert texts(at.title) == ["Live-Workshop"]
    assert texts(at.subheader) == ["Workshops dieser Erhebung", "Einen Workshop starten"]
    earlier = f"**{escape_markdown(TITLE)}** · Code `{code}` · moderiert · läuft"
    assert earlier in texts(at.markdown)
    assert at.radio[0].label == "Tempo"
    assert at.radio[0].options == [
        "Moderiert: die Handys folgen diesem Bildschirm",
        "Im eigenen Tempo: alle gehen die Fragen selbst durch",
    ]
    assert [b.label for b in at.button if b.label in ("Bildschirm öffnen", "Workshop starten")] == [
        "Bildschirm öffnen",
        "Workshop starten",
    ]
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    next(t for t in at.text_input if t.label == "Maßnahme").input("CRM-Sprechstunde")
    run(next(b for b in at.button if b.label == "Maßnahme festhalten").click())  # no owner
    assert texts(at.error) == ["Die verantwortliche Person braucht 1 bis 100 Zeichen."]
    next(t for t in at.text_input if t.label == "Verantwortlich").input("Vertriebsleitung")
    run(next(b for b in at.button if b.label == "Maßnahme festhalten").click())
    assert texts(at.success) == ["Maßnahme festgehalten\\. Sie steht ab jetzt im Bericht\\."]


def test_a_workshop_started_from_german_pages_opens_in_german(
    db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The assessment's first language is English; the room starts in the language of
    the page it was started from, which the presenter's switch can still change."""
    monkeypatch.setattr(language, "browser_language", lambda: "de")
    token, assessment_id, _ = seed(db)
    at = facilitator(token)
    at.text_input(key="facilitate-title").input("Vertrieb")
    run(next(b for b in at.button if b.label == "Workshop starten").click())
    new = next(
        w
        for w in access.list_workshops(app_store(), auth.SYSTEM, assessment_id)
        if w.title == "Vertrieb"
    )
    assert access.room_language(app_store(), auth.SYSTEM, new.id) == "de"
    assert any("Schritt 1 von 7" in m for m in texts(at.markdown))


def the_workshop_any(code: str) -> workshop.Workshop:
    row = app_store().cursor().execute("SELECT id FROM workshops WHERE join_code = ?", [code])
    (workshop_id,) = row.fetchone() or ("",)
    return access.get_workshop(app_store(), auth.SYSTEM, str(workshop_id))


def test_the_screen_shows_the_questions_in_the_rooms_language(db: Path) -> None:
    token, _, code = seed(db)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    run(at.button(key="ws-next").click())
    assert "Purpose" in texts(at.header)
    run(at.segmented_control(key="facilitate-language").set_value("de"))
    assert "Zweck" in texts(at.header)
    assert any("Schritt 2 von 7: Zweck" in m for m in texts(at.markdown))


def test_results_list_ended_workshops_with_their_summary(db: Path) -> None:
    from assessment.collect.demo import generate_demo
    from assessment.ui.pages import RESULTS
    from assessment.ui.state import Results

    store = Store(db)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        account = auth.get_account(store, CONSULTANT[0])
        demo = generate_demo(store, respondents=40, seed=3)
        access.grant_organisation(store, auth.SYSTEM, account.id, demo.organisation_id)
        w = access.start_workshop(store, auth.SYSTEM, demo.assessment_id, title="Review day")
        for _ in range(5):
            workshop.join(store, w.join_code, role_id="sales")
        access.end_workshop(store, auth.SYSTEM, w.id)
        token = auth.sign_in(store, *CONSULTANT).token
    finally:
        store.close()
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    at.session_state[Results.OPEN.name] = demo.assessment_id
    at.session_state[Results.TAB.name] = "more"  # trend, workshops and quality
    run(at)
    run(at.switch_page(RESULTS.path))
    assert "Workshops" in texts(at.subheader)
    assert any("Review day" in m for m in texts(at.markdown))
    buttons = at.get("download_button")
    assert any(b.proto.label == "Summary (PDF)" for b in buttons)


def seed_answered(path: Path) -> tuple[str, str]:
    """A workshop on its first dimension (Purpose), revealed, with five salespeople's
    answers 3, 4, 4, 2, 1 (option indices: scores 4, 5, 5, 3, 2, mean 19 / 5 = 3.8,
    k = 5); returns (token, workshop id)."""
    token, _, code = seed(path, pacing="self")
    store = Store(path)
    try:
        w = workshop.find_workshop(store, code).workshop
        access.set_revealed(store, auth.SYSTEM, w.id, None)
        access.go_to_step(store, auth.SYSTEM, w.id, 1)
        for value in (3, 4, 4, 2, 1):
            secret = workshop.join(store, code, role_id="sales").secret
            workshop.answer(store, secret, {"purpose_decisions": value})
    finally:
        store.close()
    return token, w.id


def projector(token: str, workshop_id: str, lang: str) -> AppTest:
    """The projector view as its own window opens it: a new session, the address the
    presenter's link points to, the session cookie."""
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = token
    at.query_params.update({"workshop": workshop_id, "view": "projector", "lang": lang})
    run(at)
    return run(at.switch_page(FACILITATE.path))


CONTROLS = (
    "button",
    "link_button",
    "download_button",
    "text_input",
    "text_area",
    "selectbox",
    "radio",
    "checkbox",
    "toggle",
    "segmented_control",
    "date_input",
    "expander",
    "popover",
)


def test_the_projector_view_has_no_controls_and_speaks_german(db: Path) -> None:
    from assessment.ui.facilitate import PROJECTOR_CSS, PROJECTOR_TYPE_CSS

    token, workshop_id = seed_answered(db)
    access.set_room_language(app_store(), auth.SYSTEM, workshop_id, "de")
    at = projector(token, workshop_id, "de")
    assert {kind: len(at.main.get(kind)) for kind in CONTROLS} == dict.fromkeys(CONTROLS, 0)
    # The menu's sign-out button stays in the sidebar, which PROJECTOR_CSS hides.
    assert [b.key for b in at.sidebar.button] == ["sign-out"]
    html = [str(h.proto.body) for h in at.get("html")]
    assert PROJECTOR_CSS in html and PROJECTOR_TYPE_CSS in html
    assert texts(at.header) == ["Zweck"]
    assert [(m.label, m.value) for m in at.metric] == [
        ("Beigetreten", "5"),
        ("Geantwortet", "5"),
        ("Wert im Raum", "3,80"),
    ]
    assert texts(at.subheader)[-1] == "Zur Diskussion"
    main = at.main
    shown = " ".join(texts([*main.markdown, *main.caption, *main.subheader, *main.metric]))
    for english in ("Joined", "Answered", "Room's score", "Step", "target level", "To discuss"):
        assert english not in shown
    assert r"**Stufe 4\: Steuerungsinstrument** · Zielstufe 4 · geringe" in shown


def test_the_projector_view_in_english_and_after_the_end(db: Path) -> None:
    token, workshop_id = seed_answered(db)
    at = projector(token, workshop_id, "en")
    assert [m.label for m in at.metric] == ["Joined", "Answered", "Room's score"]
    assert texts(at.subheader)[-1] == "To discuss"
    access.end_workshop(app_store(), auth.SYSTEM, workshop_id)
    run(at)
    assert texts(at.markdown) == ["This workshop has ended. Thank you for taking part."]
    # the room's last look: the overview of where it stood, no control
    assert texts(at.header)[-1] == "Overview: where the room stands"
    assert len(at.get("vega_lite_chart")) >= 1
    assert len(at.main.get("button")) == 0


def test_the_projector_shows_the_open_question_in_the_rooms_language(db: Path) -> None:
    token, workshop_id = seed_answered(db)
    access.set_open_question(app_store(), auth.SYSTEM, workshop_id, "Was bremst uns?")
    access.set_room_language(app_store(), auth.SYSTEM, workshop_id, "de")
    at = projector(token, workshop_id, "en")  # the room's language, whatever the link said
    assert r"Was bremst uns\?" in texts(at.subheader)  # escaped Markdown: shown as typed
    assert len(at.main.get("button")) == 0 and len(at.main.get("text_input")) == 0
    # below the comment threshold: how many more answers, and no words
    assert "Die Wörter erscheinen, sobald 10 weitere Personen geantwortet haben" in " ".join(
        texts(at.info)
    )


def test_the_projector_follows_the_language_the_presenter_switches_to(db: Path) -> None:
    token, workshop_id = seed_answered(db)
    room = projector(token, workshop_id, "en")  # its own window, opened in English
    assert [m.label for m in room.metric] == ["Joined", "Answered", "Room's score"]
    presenter = facilitator(token)
    run(presenter.button(key=f"facilitate-open-{workshop_id}").click())
    run(presenter.segmented_control(key="facilitate-language").set_value("de"))
    assert access.get_workshop(app_store(), auth.SYSTEM, workshop_id).language == "de"
    run(room)  # the projector's next refresh
    assert [m.label for m in room.metric] == ["Beigetreten", "Geantwortet", "Wert im Raum"]
    assert texts(room.header) == ["Zweck"]
    assert texts(room.subheader)[-1] == "Zur Diskussion"
    again = facilitator(token)  # a reloaded presenter view opens in the room's language
    run(again.button(key=f"facilitate-open-{workshop_id}").click())
    assert again.segmented_control(key="facilitate-language").value == "de"
    assert again.button(key="ws-next").label == "Weiter"


def seed_leaders(path: Path, workshop_id: str) -> tuple[str, str]:
    """Two leadership accounts: one of the workshop's organisation, one of another;
    returns their session tokens."""
    store = Store(path)
    try:
        w = access.get_workshop(store, auth.SYSTEM, workshop_id)
        org = access.get_assessment(store, auth.SYSTEM, w.assessment_id).organisation_id
        other = access.create_organisation(store, auth.SYSTEM, "Elsewhere").id
        for name, where in (("dana", org), ("erik", other)):
            access.create_leadership_account(store, auth.SYSTEM, where, name, PASSWORD)
        return (
            auth.sign_in(store, "dana", PASSWORD).token,
            auth.sign_in(store, "erik", PASSWORD).token,
        )
    finally:
        store.close()


PASSWORD = "a long enough password"


def test_leadership_opens_its_workshops_projector_read_only_from_results(db: Path) -> None:
    from assessment.ui.pages import RESULTS

    _, workshop_id = seed_answered(db)
    dana, _ = seed_leaders(db, workshop_id)
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = dana
    run(at)
    run(at.switch_page(RESULTS.path))
    assert "Workshops" in texts(at.subheader)
    (link,) = at.get("link_button")
    assert link.proto.label == "Open the projector view"
    assert link.proto.url == (
        f"http://localhost:8501/workshop?workshop={workshop_id}&view=projector&lang=en"
    )
    started = access.get_workshop(app_store(), auth.SYSTEM, workshop_id).started_at
    running = escape_markdown(f"running since {started:%H:%M} UTC")
    assert f"**{escape_markdown(TITLE)}** · {running}" in texts(at.markdown)

    room = projector(dana, workshop_id, "en")
    assert [(m.label, m.value) for m in room.metric] == [
        ("Joined", "5"),
        ("Answered", "5"),
        ("Room's score", "3.80"),
    ]
    assert {kind: len(room.main.get(kind)) for kind in CONTROLS} == dict.fromkeys(CONTROLS, 0)
    assert texts(room.error) == []
    # the workshop page itself stays the consultants': no controls for leadership
    at = AppTest.from_file(APP, default_timeout=60)
    at.session_state["session_token"] = dana
    run(at)
    run(at.switch_page(FACILITATE.path))
    assert texts(at.error) == [
        "This page is not allowed for your account: workshops are run by consultants."
    ]
    assert len(at.main.get("button")) == 0 and len(at.metric) == 0


def test_the_projector_refuses_other_organisations_and_visitors(db: Path) -> None:
    _, workshop_id = seed_answered(db)
    _, erik = seed_leaders(db, workshop_id)
    stranger = projector(erik, workshop_id, "de")
    assert texts(stranger.error) == ["Ihr Konto darf das nicht."]
    assert (len(stranger.metric), len(stranger.header), len(stranger.get("vega_lite_chart"))) == (
        0,
        0,
        0,
    )
    visitor = AppTest.from_file(APP, default_timeout=60)
    visitor.query_params.update({"workshop": workshop_id, "view": "projector", "lang": "en"})
    run(visitor)
    assert texts(visitor.title) == ["Sign in"]  # no workshop page without an account
    assert (len(visitor.metric), len(visitor.header)) == (0, 0)


def test_the_presenter_view_has_the_controls_and_the_projector_link(db: Path) -> None:
    token, workshop_id = seed_answered(db)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{workshop_id}").click())
    keys = {b.key for b in at.button}
    assert {"ws-previous", "ws-next", "ws-reveal", "ws-end", "ws-leave"} <= keys
    assert [m.label for m in at.metric][:2] == ["Joined", "Answered"]
    (link,) = at.get("link_button")
    assert link.proto.label == "Open the projector view in a new window"
    assert link.proto.url == (
        f"http://localhost:8501/workshop?workshop={workshop_id}&view=projector&lang=en"
    )
    run(at.segmented_control(key="facilitate-language").set_value("de"))
    (link,) = at.get("link_button")
    assert link.proto.url.endswith("&lang=de")
    assert at.button(key="ws-next").label == "Weiter"
    assert at.button(key="ws-reveal").label == "Ergebnisse verdecken"


def test_a_reloaded_facilitator_screen_reopens_its_workshop(db: Path) -> None:
    token, _, code = seed(db)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    workshop_id = the_workshop(code).id
    assert at.query_params["workshop"] == workshop_id
    # A reload: a new session with the same address (and the session cookie).
    again = AppTest.from_file(APP, default_timeout=60)
    again.session_state["session_token"] = token
    again.query_params["workshop"] = workshop_id
    run(again)
    run(again.switch_page(FACILITATE.path))
    assert (again.button(key="ws-next").label, again.button(key="ws-next").disabled) == (
        "Next",
        False,
    )
    run(again.button(key="ws-leave").click())
    assert "workshop" not in again.query_params
    assert texts(again.title) == ["Live workshop"]


def test_the_screen_shows_the_held_result_and_pauses_after_an_erasure(db: Path) -> None:
    """Five salespeople and one manager answer (k = 5): the room is shown, the split is
    not (one side below k), and after one participant deletes their answers the
    dimension says it is paused, in the room's language, with no figure left."""
    token, _, code = seed(db, pacing="self")
    store = Store(db)
    try:
        w = workshop.find_workshop(store, code).workshop
        access.set_revealed(store, auth.SYSTEM, w.id, None)
        access.go_to_step(store, auth.SYSTEM, w.id, 1)
        phones = []
        answers = [("sales", 3), ("sales", 4), ("sales", 4), ("sales", 2), ("sales", 1)]
        for role, value in [*answers, ("manager", 4)]:
            secret = workshop.join(store, code, role_id=role).secret
            workshop.answer(store, secret, {"purpose_decisions": value})
            phones.append(secret)
    finally:
        store.close()
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Answered"] == "6"
    assert "Room's score" in metrics
    assert any("Leadership and front line are not shown separately" in c for c in texts(at.caption))

    from assessment.collect import retention

    retention.erase_respondent(app_store(), phones[0])
    run(at)
    assert "Room's score" not in {m.label for m in at.metric}
    assert any(t.startswith("Paused.") for t in texts(at.info))
    run(at.segmented_control(key="facilitate-language").set_value("de"))
    assert any(t.startswith("Pausiert.") for t in texts(at.info))
    assert "Room's score" not in {m.label for m in at.metric}


def _drawn_words(at: AppTest) -> list[tuple[str, int]]:
    """The words of the open question's chart, in the order drawn (`charts.word_counts`)."""
    found: list[dict[str, Any]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if {"word", "people", "order"} <= node.keys():
                found.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for chart in at.get("vega_lite_chart"):
        walk(json.loads(chart.proto.spec))
    drawn = {r["order"]: (r["word"], r["people"]) for r in found}  # bars and figures alike
    return [drawn[n] for n in sorted(drawn)]


def test_the_facilitator_asks_an_open_question_and_sees_the_words_of_enough_people(
    db: Path,
) -> None:
    from assessment.collect import open_question

    token, _, code = seed(db)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    at.text_input(key="ws-open-text").input("What <b>helps</b>?")
    run(next(b for b in at.button if b.label == "Ask").click())
    assert the_workshop(code).open_question == "What <b>helps</b>?"
    assert escape_markdown("What <b>helps</b>?") in texts(at.subheader)
    assert "The words appear once 10 more people have answered (at least 10 in all)." in texts(
        at.info
    )
    typed = ["More time", "time", "Coaching", "coaching please", "=cmd|' /C calc'!A0"]
    for n in range(10):
        secret = workshop.join(app_store(), code, role_id="sales").secret
        open_question.answer_open_question(app_store(), secret, typed[n % len(typed)])
    at = run(at)
    assert "10 answered" in texts(at.markdown)
    # each answer twice: the short phrases given alike are listed whole, the one-word
    # answers by their word; the formula stays text in a chart, never evaluated
    assert _drawn_words(at) == [
        ("cmd|' /C calc'!A0", 2),
        ("Coaching", 2),
        ("coaching please", 2),
        ("More time", 2),
        ("time", 2),
    ]
    run(next(b for b in at.button if b.label == "Clear the question").click())
    assert the_workshop(code).open_question is None


# --- the CRM's evidence, revealed after the room has answered ------------------------------------


EVIDENCE_FILE = ROOT / "tests" / "fixtures" / "evidence" / "gapmap-teams.csv"


def seed_evidence(
    path: Path, *, k: int, room: int, evidence: bool = True, survey_north: int = 0
) -> tuple[str, str]:
    """The full model (its `purpose` evidence: active days, bands 4/8/13/18) with teams
    Sales North and Sales South, k = `k`, the fixture's evidence imported (North: 3 users,
    15 active days each; South: 2 users, 4 each); a workshop on `purpose`, revealed, with
    `room` salespeople answering option 3 (Agree) to both its pulse items; and
    `survey_north` survey responses from Sales North. Returns (token, join code)."""
    store = Store(path)
    try:
        auth.create_first_consultant(store, username=CONSULTANT[0], password=CONSULTANT[1])
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        org = access.create_organisation(store, me, "Nordwind")
        me = auth.actor_for_account(store, auth.get_account(store, CONSULTANT[0]))
        a = access.create_assessment(
            store,
            me,
            org.id,
            FULL,
            name="CRM 2026",
            languages=["en", "de"],
            teams=[Team("north", "Sales North"), Team("south", "Sales South")],
            anonymity_threshold=k,
            comment_threshold=max(k, 5),
        )
        survey = [
            Submission("sales", "north", "en", {"purpose_decisions": 3})
            for _ in range(survey_north)
        ]
        record_submissions(store, a, FULL, survey, channel="survey")
        if evidence:
            assert access.import_evidence(store, me, a.id, EVIDENCE_FILE).imported == 2
        w = access.start_workshop(store, me, a.id, title="Review")
        access.set_revealed(store, me, w.id, "purpose")
        access.go_to_step(store, me, w.id, 1)
        for _ in range(room):
            secret = workshop.join(store, w.join_code, role_id="sales").secret
            workshop.answer(store, secret, {"purpose_decisions": 3, "purpose_my_gain": 3})
        return auth.sign_in(store, *CONSULTANT).token, w.join_code
    finally:
        store.close()


def test_the_facilitator_reveals_what_the_crm_shows_beside_the_room(db: Path) -> None:
    token, code = seed_evidence(db, k=5, room=4)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    # Four of five have answered: the room's result is not shown, nor the button.
    assert "ws-evidence-purpose" not in [b.key for b in at.button]
    store = app_store()
    secret = workshop.join(store, code, role_id="sales").secret
    workshop.answer(store, secret, {"purpose_decisions": 3, "purpose_my_gain": 3})
    run(at)
    button = at.button(key="ws-evidence-purpose")
    assert button.label == "Show what the CRM shows"
    assert "What the CRM shows" not in texts(at.subheader)
    run(button.click())
    w = the_workshop(code)
    assert access.workshop_evidence(store, auth.SYSTEM, w.id, "purpose").revealed
    [entry] = [
        e for e in access.audit_log(store, auth.SYSTEM) if e.action == "workshop-evidence-revealed"
    ]
    assert (entry.username, entry.detail) == (CONSULTANT[0], "Review: Purpose")
    assert "What the CRM shows" in texts(at.subheader)
    metrics = {m.label: m.value for m in at.metric}
    # 53 active days over 5 users = 10.6 a user: from 8 on, level 3. Both teams are below
    # k = 5 users and not shown; together they are the organisation's 5, which is.
    assert metrics["The CRM shows"] == "Level 3"
    # Every answer is option 3 of agree5 counted from 0, "Agree", scored 4: level 4 from 3.4.
    assert (metrics["Room's score"], metrics["The room says"]) == ("4.00", "Level 4")
    shown = " ".join(t.replace("\\", "") for t in texts(at.markdown))
    assert "Days active in the CRM in the last 30 days, per user: 10.6 (level 3, 5 users)" in shown
    assert "Sales North" not in shown and "Sales South" not in shown
    assert at.button(key="ws-evidence-purpose").label == "Hide the CRM's figures"

    run(at.segmented_control(key="facilitate-language").set_value("de"))
    assert "Was das CRM zeigt" in texts(at.subheader)
    metrics = {m.label: m.value for m in at.metric}
    assert (metrics["Das CRM zeigt"], metrics["Der Raum sagt"]) == ("Stufe 3", "Stufe 4")
    shown = " ".join(t.replace("\\", "") for t in texts(at.markdown))
    assert (
        "Tage mit Aktivität im CRM in den letzten 30 Tagen, je Person: 10,6 (Stufe 3, 5 Nutzer)"
        in shown
    )
    assert at.button(key="ws-evidence-purpose").label == "CRM-Zahlen ausblenden"


def test_a_team_below_k_users_is_not_revealed(db: Path) -> None:
    """k = 3, and Sales North's survey results are shown (3 responses): its 3 users are
    shown (15 active days: level 4); Sales South's 2 are below k, and the organisation's
    figure, minus North, would give South away."""
    token, code = seed_evidence(db, k=3, room=3, survey_north=3)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    run(at.button(key="ws-evidence-purpose").click())
    shown = " ".join(t.replace("\\", "") for t in texts(at.markdown))
    assert (
        "- Sales North · Days active in the CRM in the last 30 days, per user: 15.0 (level 4)"
        in (shown)
    )
    assert "Sales South" not in shown
    assert "The CRM shows" not in {m.label for m in at.metric}
    assert any(
        c.startswith("The organisation's CRM figures for this dimension are not shown")
        for c in texts(at.caption)
    )


def test_nothing_about_the_crm_without_evidence(db: Path) -> None:
    token, code = seed_evidence(db, k=5, room=5, evidence=False)
    at = facilitator(token)
    run(at.button(key=f"facilitate-open-{the_workshop(code).id}").click())
    assert "Room's score" in {m.label for m in at.metric}
    assert "ws-evidence-purpose" not in [b.key for b in at.button]
    assert "What the CRM shows" not in texts(at.subheader)
