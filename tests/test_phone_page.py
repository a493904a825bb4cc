"""The workshop phone page (assessment/ui/phone.py) through its HTTP routes, without a
browser: joining sets an HttpOnly cookie and a reload comes back to the same place, a
tap is answered only after it is stored, the long poll answers as soon as the
facilitator moves on, untrusted text stays text, and errors read as sentences."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route
from starlette.testclient import TestClient

from assessment import access
from assessment.collect import workshop
from assessment.collect.responses import DONT_KNOW
from assessment.organisation import auth
from assessment.organisation.assessments import Team
from assessment.questionnaire.model import Questionnaire
from assessment.questionnaire.questionnaires import parse_questionnaire
from assessment.storage.store import Store
from assessment.ui import phone, server

HOST = "http://testserver"
ROOT = Path(__file__).resolve().parent.parent


def crm_model() -> Questionnaire:
    """GapMap's own CRM model, in English and German; its first pulse items are
    `purpose_decisions` (purpose, part 1) and `ownership_same_meaning` (ownership, part 2,
    with "don't know"), five options each."""
    text = (ROOT / "questionnaires" / "crm-adoption.yaml").read_text(encoding="utf-8")
    found = parse_questionnaire(text, "crm-adoption.yaml").questionnaire
    assert found is not None
    return found


CRM = crm_model()
FIRST = "purpose_decisions"
SECOND = "ownership_same_meaning"


_SITE: list[tuple[Store, str]] = []


def _site() -> tuple[Store, str]:
    """One store and assessment for the whole file (setting up the CRM model takes a
    second or two); every test runs a workshop of its own on it."""
    if not _SITE:
        store = Store()
        org = access.create_organisation(store, auth.SYSTEM, "Org").id
        assessment = access.create_assessment(
            store,
            auth.SYSTEM,
            org,
            CRM,
            name="A",
            anonymity_threshold=3,
            teams=(Team("north", "North <b>Team</b>"), Team("south", "=cmd|' /C calc'!A0")),
            languages=("en", "de"),
        )
        _SITE.append((store, assessment.id))
    return _SITE[0]


class Room:
    """A running workshop of its own, on the file's assessment."""

    def __init__(self, *, pacing: str = "facilitator", ask_team: bool = False) -> None:
        self.store, assessment_id = _site()
        self.workshop = access.start_workshop(
            self.store,
            auth.SYSTEM,
            assessment_id,
            title="Kick-off <script>alert(1)</script>",
            pacing=pacing,  # type: ignore[arg-type]
            ask_team=ask_team,
        )
        self.code = self.workshop.join_code

    def step(self, step: int) -> None:
        access.go_to_step(self.store, auth.SYSTEM, self.workshop.id, step)

    def count(self, sql: str) -> int:
        """`SELECT count(*) FROM answers|respondents` of this workshop's participants."""
        mine = "SELECT num FROM respondents WHERE workshop_id = ?"
        if "respondents" in sql:
            row = (
                self.store.cursor()
                .execute(
                    "SELECT count(*) FROM respondents WHERE workshop_id = ?", [self.workshop.id]
                )
                .fetchone()
            )
        else:
            row = (
                self.store.cursor()
                .execute(
                    f"SELECT count(*) FROM answers WHERE respondent IN ({mine})",  # noqa: S608
                    [self.workshop.id],
                )
                .fetchone()
            )
        return int(row[0]) if row else 0


_current: list[Room] = []


def use(room: Room) -> Room:
    """Serve `room`'s store from the phone routes."""
    _current[:] = [room]
    return room


@pytest.fixture
def room() -> Room:
    return use(Room())


async def _streamlit(request: Request) -> Response:
    """Stands in for the Streamlit app, which `serve.py` mounts beside the routes."""
    del request
    return PlainTextResponse("the app")


@pytest.fixture
def client() -> Iterator[TestClient]:
    phone.use_store(lambda: _current[0].store)
    app = Starlette(
        routes=[*server.ROUTES, *phone.ROUTES, Route("/", _streamlit)],
        middleware=[*server.MIDDLEWARE, *phone.MIDDLEWARE],
    )
    with TestClient(app, base_url=HOST, follow_redirects=False) as test_client:
        yield test_client
    phone.use_store(None)


def _join(client: TestClient, room: Room, role: str = "sales", **form: str) -> Any:
    return client.post(
        f"/w/{room.code}/join", data={"role": role, "lang": "en", **form}, headers={"Origin": HOST}
    )


def _tap(client: TestClient, room: Room, item: str, value: object) -> Any:
    return client.post(
        f"/w/{room.code}/tap?lang=en", json={"item": item, "value": value}, headers={"Origin": HOST}
    )


def test_joining_sets_an_httponly_cookie_and_a_reload_comes_back_to_the_same_place(
    room: Room, client: TestClient
) -> None:
    page = client.get(f"/w/{room.code}", headers={"Accept-Language": "de-DE,de;q=0.9"})
    assert page.status_code == 200
    assert '<html lang="de">' in page.text  # the browser's language on a first visit
    assert "Ihre Rolle" in page.text
    joined = _join(client, room)
    assert joined.status_code == 303
    cookie = joined.headers["set-cookie"]
    assert cookie.startswith(f"{phone.COOKIE}=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie
    assert f"Path=/w/{room.code}" in cookie
    for _ in range(2):  # reloads: the same participant, never a second one
        again = client.get(f"/w/{room.code}?lang=en")
        assert "You are in" in again.text
    assert _join(client, room).status_code == 303  # a double tap on Join
    assert room.count("respondents") == 1


def test_a_tap_is_answered_with_what_is_stored_after_the_commit(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    room.step(1)
    reply = _tap(client, room, FIRST, 3)
    assert (reply.status_code, reply.json()) == (200, {"answers": {FIRST: "3"}})
    stored = (
        room.store.cursor()
        .execute("SELECT item, value, superseded FROM answers ORDER BY seq")
        .fetchall()
    )
    assert stored == [(CRM.item_positions[FIRST], 3.0, False)]
    # The page shows the stored answer ticked when it is opened again.
    page = client.get(f"/w/{room.code}?lang=en")
    assert f'<script type="application/json" id="answers">{{"{FIRST}": "3"}}</script>' in page.text
    # A dimension the facilitator has not opened yet, a value no option has.
    not_yet = _tap(client, room, SECOND, 2)
    assert (not_yet.status_code, not_yet.json()["code"]) == (409, "not-yet")
    bad = _tap(client, room, FIRST, 17)
    assert (bad.status_code, bad.json()["code"]) == (400, "option-not-offered")
    assert bad.json()["error"]  # a sentence, not a trace
    assert room.count("answers") == 1


def test_a_malformed_tap_is_answered_400_in_the_browsers_language(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    room.step(1)

    def tap(body: bytes, path: str = "", **headers: str) -> Any:
        return client.post(
            f"/w/{room.code}/tap{path}", content=body, headers={"Origin": HOST, **headers}
        )

    german = tap(b"not json", **{"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"})
    assert (german.status_code, german.json()) == (
        400,
        {
            "error": "Die Antwort ließ sich nicht lesen. Bitte laden Sie die Seite neu und "
            "antworten Sie erneut.",
            "code": "bad-request",
        },
    )
    # The page's own language comes first; a language GapMap does not speak reads English.
    english = tap(b'{"item": "x"}', "?lang=en", **{"Accept-Language": "de"})
    french = tap(b"[]", **{"Accept-Language": "fr-FR"})
    for reply in (english, french):
        assert (reply.status_code, reply.json()["error"]) == (
            400,
            "The answer could not be read. Please reload the page and answer again.",
        )
    assert room.count("answers") == 0


def test_a_tap_from_another_site_or_without_a_place_is_refused(
    room: Room, client: TestClient
) -> None:
    room.step(1)
    nobody = _tap(client, room, FIRST, 3)
    assert (nobody.status_code, nobody.json()["code"]) == (400, "bad-secret")
    _join(client, room)
    for headers in ({"Origin": "http://evil"}, {"Sec-Fetch-Site": "cross-site"}):
        forged = client.post(
            f"/w/{room.code}/tap", json={"item": FIRST, "value": 3}, headers=headers
        )
        assert forged.status_code == 403
    assert room.count("answers") == 0


def test_the_long_poll_answers_as_soon_as_the_facilitator_moves_on(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    first = client.get(f"/w/{room.code}/wait?v=&lang=en").json()
    assert first["v"] == "step-0" and "You are in" in first["html"]
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(lambda: client.get(f"/w/{room.code}/wait?v=step-0&lang=de"))
        time.sleep(0.3)
        assert not waiting.done()  # nothing changed: the poll waits
        began = time.monotonic()
        room.step(1)
        moved = waiting.result(timeout=5).json()
        waited = time.monotonic() - began
    assert moved["v"] == "step-1"
    legend = CRM.t(CRM.item(FIRST).text, "de")
    assert f"<legend>{legend}</legend>" in moved["html"]  # in the language the page asked for
    assert "Teil 1 von 5" in moved["html"]
    assert waited < phone.RECHECK_SECONDS  # woken by the change, not by the fallback check
    access.end_workshop(room.store, auth.SYSTEM, room.workshop.id)
    ended = client.get(f"/w/{room.code}/wait?v=step-1&lang=en").json()
    assert ended["ended"] is True and "This workshop has ended" in ended["html"]


def test_untrusted_text_stays_text(client: TestClient) -> None:
    room = use(Room(ask_team=True))
    page = client.get(f"/w/{room.code}?lang=en")
    assert "<script>alert(1)</script>" not in page.text
    assert "Kick-off &lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "North &lt;b&gt;Team&lt;/b&gt;" in page.text


def test_joining_needs_a_role_and_the_team_when_asked(client: TestClient) -> None:
    room = use(Room(ask_team=True))
    no_role = client.post(f"/w/{room.code}/join", data={"lang": "en"}, headers={"Origin": HOST})
    assert "Choose your role first." in no_role.text
    no_team = _join(client, room)
    assert "Choose your team first." in no_team.text
    assert _join(client, room, team="south").status_code == 303
    row = (
        room.store.cursor()
        .execute(
            "SELECT role_id, team_id FROM respondents WHERE workshop_id = ?", [room.workshop.id]
        )
        .fetchone()
    )
    assert row == ("sales", "south")


def test_an_unknown_code_says_so_and_offers_a_code_box(room: Room, client: TestClient) -> None:
    page = client.get("/w/QQQQQQ?lang=de")
    assert page.status_code == 404
    assert "Wir haben diesen Workshop nicht gefunden" in page.text
    assert 'action="/w/go"' in page.text
    typed = client.get("/w/go?code=k7m-q4t&lang=de")
    assert (typed.status_code, typed.headers["location"]) == (303, "/w/K7MQ4T?lang=de")
    odd = client.get("/w/go?code=../../x?y")
    assert odd.headers["location"] == "/w/XY"  # letters and digits only


def test_a_workshop_not_found_speaks_the_browsers_language_with_the_switch(
    room: Room, client: TestClient
) -> None:
    page = client.get("/w/QQQQQQ", headers={"Accept-Language": "fr-FR,fr;q=0.9,de;q=0.8,en;q=0.7"})
    assert page.status_code == 404
    assert '<html lang="de">' in page.text
    assert "<title>Wir haben diesen Workshop nicht gefunden · GapMap</title>" in page.text
    assert "<h1>Wir haben diesen Workshop nicht gefunden</h1>" in page.text
    assert (
        "<p>Kein laufender Workshop hat den Code <strong>QQQQQQ</strong>. Prüfen Sie den Code "
        "auf dem gemeinsamen Bildschirm und geben Sie ihn unten erneut ein.</p>"
    ) in page.text
    assert '<label for="code">Workshop-Code</label>' in page.text
    assert 'placeholder="zum Beispiel K7MQ4T"' in page.text
    assert '<button type="submit">Teilnehmen</button>' in page.text
    assert '<input type="hidden" name="lang" value="de">' in page.text
    # The switch: both languages, German marked as the current one.
    assert '<nav class="lang" aria-label="Sprache">' in page.text
    assert re.findall(
        r'<a href="\?lang=(\w+)"[^>]*?( aria-current="true")?>(\w+)</a>', page.text
    ) == [
        ("en", "", "English"),
        ("de", ' aria-current="true"', "Deutsch"),
    ]
    english = client.get("/w/QQQQQQ?lang=en", headers={"Accept-Language": "de"})
    assert "<h1>We could not find this workshop</h1>" in english.text


def test_an_ended_workshop_says_so_in_the_browsers_language(room: Room, client: TestClient) -> None:
    access.end_workshop(room.store, auth.SYSTEM, room.workshop.id)
    page = client.get(f"/w/{room.code}", headers={"Accept-Language": "de-DE"})
    assert "<h1>Dieser Workshop ist beendet</h1>" in page.text
    assert (
        "<p>Er nimmt keine Antworten mehr an. Die im Workshop gegebenen Antworten bleiben "
        "erhalten. Vielen Dank für Ihre Teilnahme.</p>"
    ) in page.text


@pytest.mark.parametrize(
    ("header", "ranked"),
    [
        ("de-DE,de;q=0.9,en;q=0.8", ["de", "en"]),
        ("en;q=0.2, de", ["de", "en"]),
        ("fr, de;q=0, en;q=0.5", ["fr", "en"]),
        ("DE-at;q=oops, en", ["en"]),
        ("", []),
    ],
)
def test_accept_language_is_read_by_preference(header: str, ranked: list[str]) -> None:
    assert phone.browser_languages(header) == ranked


def test_without_javascript_the_form_saves_every_answer(client: TestClient) -> None:
    room = use(Room(pacing="self"))
    _join(client, room)
    saved = client.post(
        f"/w/{room.code}/answer",
        data={FIRST: "dk", SECOND: "dk", "lang": "en"},
        headers={"Origin": HOST},
    )
    assert saved.status_code == 200  # purpose_decisions has no "don't know": refused, said so
    assert "not" in saved.text.lower()
    ok = client.post(
        f"/w/{room.code}/answer",
        data={FIRST: "4", SECOND: "dk", "lang": "en"},
        headers={"Origin": HOST},
    )
    assert ok.status_code == 303
    secret = client.cookies.get(phone.COOKIE)
    assert secret is not None
    assert workshop.saved_answers(room.store, secret) == {FIRST: 4, SECOND: DONT_KNOW}


def test_leaving_erases_the_answers_and_forgets_the_place(room: Room, client: TestClient) -> None:
    _join(client, room)
    room.step(1)
    _tap(client, room, FIRST, 2)
    unconfirmed = client.post(
        f"/w/{room.code}/leave", data={"lang": "en"}, headers={"Origin": HOST}
    )
    assert "Tick the box first" in unconfirmed.text
    left = client.post(
        f"/w/{room.code}/leave", data={"lang": "en", "confirm": "yes"}, headers={"Origin": HOST}
    )
    assert "Your answers are deleted" in left.text
    assert re.search(rf'{phone.COOKIE}=""?;', left.headers["set-cookie"])
    assert room.count("answers") == 0
    assert room.count("respondents") == 0


def test_many_phones_tapping_at_once_lose_nothing_and_duplicate_nothing(room: Room) -> None:
    phone.use_store(lambda: _current[0].store)
    app = Starlette(routes=phone.ROUTES)
    room.step(1)
    clients = [TestClient(app, base_url=HOST, follow_redirects=False) for _ in range(12)]
    errors: list[str] = []

    def one_phone(n: int, c: TestClient) -> None:
        with c:
            _join(c, room, role="sales" if n % 3 else "leadership")
            for value in (1, 4, n % 5):
                reply = _tap(c, room, FIRST, value)
                if reply.json() != {"answers": {FIRST: str(value)}}:
                    errors.append(f"{n}: {reply.json()}")

    threads = [threading.Thread(target=one_phone, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    current = (
        room.store.cursor()
        .execute(
            "SELECT respondent, value FROM answers WHERE NOT superseded AND respondent IN"
            " (SELECT num FROM respondents WHERE workshop_id = ?)",
            [room.workshop.id],
        )
        .fetchall()
    )
    assert len(current) == 12  # one current answer per phone
    assert sorted(int(v) for _, v in current) == sorted(n % 5 for n in range(12))
    phone.use_store(None)


# --- the open question ---------------------------------------------------------------------


def _ask(room: Room, text: str) -> None:
    access.set_open_question(room.store, auth.SYSTEM, room.workshop.id, text)


def _open_answers(room: Room) -> list[str]:
    rows = (
        room.store.cursor()
        .execute("SELECT text FROM open_answers WHERE workshop_id = ?", [room.workshop.id])
        .fetchall()
    )
    return [str(r[0]) for r in rows]


def test_the_open_question_shows_in_the_phones_language_and_saves_without_javascript(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    assert 'id="open-question"' not in client.get(f"/w/{room.code}?lang=en").text
    _ask(room, "<b>Was</b> hilft?")
    page = client.get(f"/w/{room.code}?lang=de")
    assert "Eine Frage an den Raum: &lt;b&gt;Was&lt;/b&gt; hilft?</label>" in page.text
    assert '<input type="hidden" name="question" value="&lt;b&gt;Was&lt;/b&gt; hilft?">' in (
        page.text
    )
    assert "höchstens 200 Zeichen" in page.text and "Sobald 10 Personen" in page.text
    saved = client.post(
        f"/w/{room.code}/open",
        data={"lang": "de", "question": "<b>Was</b> hilft?", "text": "Mehr <i>Zeit</i>\x00"},
        headers={"Origin": HOST},
    )
    assert (saved.status_code, saved.headers["location"]) == (
        303,
        f"/w/{room.code}?lang=de&saved=open",
    )
    assert _open_answers(room) == ["Mehr <i>Zeit</i>"]
    again = client.get(saved.headers["location"])
    assert ">Mehr &lt;i&gt;Zeit&lt;/i&gt;</textarea>" in again.text  # the answer, as text
    assert "Ihre Antwort ist gespeichert." in again.text


def test_an_open_answer_from_the_script_is_answered_with_what_is_stored(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    _ask(room, "What helps?")

    def post(body: dict[str, object], **headers: str) -> Any:
        return client.post(
            f"/w/{room.code}/open?lang=en", json=body, headers={"Origin": HOST, **headers}
        )

    hostile = "<img src=x onerror=alert(1)>\x00=cmd|' /C calc'!A0"
    reply = post({"text": hostile, "question": "What helps?"})
    assert reply.status_code == 200
    assert reply.json() == {
        "text": "<img src=x onerror=alert(1)>=cmd|' /C calc'!A0",
        "saved": "Your answer is saved.",
    }
    too_long = post({"text": "x" * 201, "question": "What helps?"})
    assert (too_long.status_code, too_long.json()["code"]) == (409, "open-answer-too-long")
    stale = post({"text": "time", "question": "An earlier question?"})
    assert (stale.status_code, stale.json()["code"]) == (409, "open-question-changed")
    malformed = post({"text": 5})
    assert (malformed.status_code, malformed.json()) == (
        400,
        {
            "error": "The answer could not be read. Please reload the page and answer again.",
            "code": "bad-request",
        },
    )
    forged = client.post(
        f"/w/{room.code}/open",
        json={"text": "x", "question": "What helps?"},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert forged.status_code == 403
    assert _open_answers(room) == ["<img src=x onerror=alert(1)>=cmd|' /C calc'!A0"]


def test_a_refused_open_answer_without_javascript_keeps_what_was_typed(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    _ask(room, "What helps?")
    typed = "long " * 41  # 205 characters
    refused = client.post(
        f"/w/{room.code}/open",
        data={"lang": "en", "question": "What helps?", "text": typed},
        headers={"Origin": HOST},
    )
    assert refused.status_code == 200
    assert "Your answer may have at most 200 characters." in refused.text
    assert f">{typed}</textarea>" in refused.text
    assert _open_answers(room) == []


def test_asking_a_question_wakes_the_long_poll_with_the_question(
    room: Room, client: TestClient
) -> None:
    _join(client, room)
    with ThreadPoolExecutor(1) as pool:
        waiting = pool.submit(lambda: client.get(f"/w/{room.code}/wait?v=step-0&lang=en"))
        time.sleep(0.3)
        assert not waiting.done()
        _ask(room, "What helps?")
        moved = waiting.result(timeout=5).json()
    assert re.fullmatch(r"step-0-q[0-9a-f]{8}", moved["v"])
    assert "A question for the room: What helps?</label>" in moved["html"]
    assert '<textarea id="open-text" name="text" maxlength="200"' in moved["html"]


def test_a_link_to_the_older_phone_page_leads_to_this_page(room: Room, client: TestClient) -> None:
    code = room.code
    spoken = client.get(f"/?w={code[:3].lower()}-{code[3:]}")  # as typed from a poster
    assert (spoken.status_code, spoken.headers["location"]) == (303, f"/w/{code}")
    assert spoken.headers["x-frame-options"] == "DENY"  # the server's headers, as ever
    assert "set-cookie" not in spoken.headers
    assert client.get(f"/join?w={code}").headers["location"] == f"/w/{code}"
    assert client.get("/?w=../../x").headers["location"] == "/w/X"  # letters and digits only
    assert client.get("/").text == "the app"  # no workshop code: the Streamlit app
    assert client.get("/?a=INVITE").text == "the app"
    secret = workshop.join(room.store, code, role_id="sales").secret
    # A secret in the address itself is not taken: a shared link would hand over a place.
    shared = client.get(f"/?w={code}&p={secret}")
    assert shared.headers["location"] == f"/w/{code}"
    assert "set-cookie" not in shared.headers
    # A phone that joined on the older page kept its secret in an HttpOnly cookie: it
    # moves to this page's cookie, so the phone is back in its place, not a second one.
    kept = client.get(f"/?w={code}&p=kept", headers={"Cookie": f"{phone.OLD_COOKIE}={secret}"})
    assert kept.headers["location"] == f"/w/{code}"
    cookies = kept.headers.get_list("set-cookie")
    assert [c.split(";")[0] for c in cookies] == [
        f"{phone.COOKIE}={secret}",
        f'{phone.OLD_COOKIE}=""',
    ]
    assert f"Path=/w/{code}" in cookies[0] and "HttpOnly" in cookies[0]
    again = client.get(f"/w/{code}?lang=en", headers={"Cookie": f"{phone.COOKIE}={secret}"})
    assert "You are in" in again.text
    assert room.count("respondents") == 1


def test_a_cookie_without_a_place_joins_again_and_an_ended_workshop_says_so(
    room: Room, client: TestClient
) -> None:
    lost = f"{phone.COOKIE}={'x' * 43}"  # the shape of a secret, the place of nobody
    page = client.get(f"/w/{room.code}?lang=en", headers={"Cookie": lost})
    assert page.status_code == 200
    assert "Your role" in page.text  # the join form
    access.end_workshop(room.store, auth.SYSTEM, room.workshop.id)
    ended = client.get(f"/w/{room.code}?lang=en")
    assert "This workshop has ended" in ended.text
    assert 'action="/w/go"' not in ended.text  # no other code to type: it is over
