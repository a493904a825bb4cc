"""The workshop phone page: plain HTML from GapMap's web server, not a Streamlit session.

A Streamlit session costs a websocket, a script thread and a script run for every poll
and every tap; one server holds about 180 phones that way. This page is served by the
routes below (mounted by `serve.py` beside the Streamlit app, in the same process and on
the same database), so a phone costs an idle HTTP connection while it waits:

- `GET /w/CODE` the page: the join form, or the participant's current part with their
  stored answers ticked. It works without JavaScript (a Save button posts the form).
- `POST /w/CODE/join` joins (role, team when asked, language) and sets the participant's
  secret as an HttpOnly, SameSite=Strict cookie scoped to `/w/CODE`: a reload or a
  locked phone comes back to the same place and never joins twice.
- `POST /w/CODE/tap` one answer (JSON): written with other phones' taps in one
  transaction (`TapWriter`, a group commit); the reply, sent only after the commit,
  holds the participant's stored answers, and only then does the page mark the answer
  saved. A tap that fails says so beside its question and is not marked saved.
- `GET /w/CODE/wait?v=VERSION` a long poll: it answers as soon as the facilitator moves
  on (`workshop.on_change`, checked every second too for changes made by another
  process), with the new part's HTML; the HTML of a part is the same for every phone of
  a role and language, so it is rendered once, not once per phone.
- `POST /w/CODE/open` the answer to the workshop's open question, when the facilitator
  asked one (`collect.open_question`): JSON from the script, or the plain form.
- `POST /w/CODE/answer` the form without JavaScript; `POST /w/CODE/leave` erases the
  participant's answers (their right to erasure) and forgets the cookie.
- `/?w=CODE` (`OldLinks`, a middleware): the older Streamlit phone page's links and QR
  codes lead here.

Every text from the questionnaire or the assessment is escaped by Jinja2's autoescape;
no answer is linked to a person (the cookie holds the participant's random secret; the
database keeps only its SHA-256), and no address is stored (it keys the in-memory rate limits only).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import json
import logging
import queue
import re
import threading
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

import jinja2
from markupsafe import Markup, escape
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from assessment import words
from assessment.collect import limits, open_question, retention, workshop
from assessment.collect.limits import UNKNOWN_ADDRESS
from assessment.collect.responses import DONT_KNOW, AnswerValue, DontKnow
from assessment.errors import GapMapError
from assessment.questionnaire.model import Item, Questionnaire
from assessment.storage.store import Store
from assessment.ui.text import language_name

log = logging.getLogger(__name__)

PREFIX = "/w"
COOKIE = "gapmap_phone"  # scoped to the page's own path, /w/CODE
COOKIE_SECONDS = 12 * 3600  # a workshop day
WAIT_SECONDS = 25.0  # a long poll answers at the latest after this (proxies cut at 30-60 s)
RECHECK_SECONDS = 1.0  # changes made by another process are seen within this
BATCH = 500  # at most this many taps (or joins) in one transaction
_HERE = Path(__file__).parent
_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(_HERE / "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
)
_SCRIPT = (_HERE / "static" / "phone.js").read_bytes()
_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _t(key: str, lang: str, section: str = "phone", **params: object) -> Markup:
    """A phone text as HTML: escaped, with its `**bold**` (our own Markdown) kept bold.
    Parameters are escaped with the rest."""
    text = str(escape(words.t(f"{section}.{key}", lang, **params)))
    return Markup(_BOLD.sub(r"<strong>\1</strong>", text))  # noqa: S704 - escaped above


# --- the store ------------------------------------------------------------------------------


_store_of: Any = None


def use_store(opener: Any) -> None:
    """How the routes reach the process's store (`state.store`, set by `serve.py`; a
    test passes its own)."""
    global _store_of
    _store_of = opener


def _store() -> Store:
    if _store_of is None:
        from assessment.ui import state  # the Streamlit app's own store, opened once

        return state.store()
    store: Store = _store_of()
    return store


# --- taps, written in batches -----------------------------------------------------------------


X = TypeVar("X")
Y = TypeVar("Y")


class Batcher(Generic[X, Y]):
    """One thread that hands whatever is waiting to `write` in one call (one transaction:
    `workshop.tap_many`, `workshop.join_many`; one query: `workshop.seats_of`), then the
    next batch: while a batch is being written, what arrives gathers for the next one,
    so a burst costs a few transactions or queries, not one each. `submit` returns a
    future that holds the outcome once its batch committed."""

    def __init__(self, name: str, write: Callable[[list[X]], list[Y]]) -> None:
        self._write = write
        self._queue: queue.SimpleQueue[tuple[X, concurrent.futures.Future[Y]]] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)
        self._thread.start()

    def submit(self, item: X) -> concurrent.futures.Future[Y]:
        future: concurrent.futures.Future[Y] = concurrent.futures.Future()
        self._queue.put((item, future))
        return future

    def _run(self) -> None:
        while True:
            batch = [self._queue.get()]
            while len(batch) < BATCH:
                try:
                    batch.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                results = self._write([item for item, _ in batch])
            except Exception as exc:  # nothing of the batch was written: each says so
                log.exception("a batch failed")
                for _, future in batch:
                    future.set_exception(exc)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                future.set_result(result)


@dataclass
class _Writers:
    store: Store
    taps: Batcher[workshop.Tap, workshop.Tapped]
    joins: Batcher[workshop.JoinRequest, workshop.Joined | GapMapError]
    seats: Batcher[str, workshop.Seat | None]


_writers: dict[int, _Writers] = {}
_writers_lock = threading.Lock()


def _writer(store: Store) -> _Writers:
    with _writers_lock:
        found = _writers.get(id(store))
        if found is None or found.store is not store:
            found = _writers[id(store)] = _Writers(
                store,
                Batcher("gapmap-taps", lambda taps: workshop.tap_many(store, taps)),
                Batcher("gapmap-joins", lambda joins: workshop.join_many(store, joins)),
                Batcher("gapmap-seats", lambda secrets: workshop.seats_of(store, secrets)),
            )
        return found


# --- waiting for the facilitator ------------------------------------------------------------


class _Changes:
    """Wakes the long polls of a workshop when it changes in this process: the
    facilitator's page runs in a Streamlit thread, the polls in the server's event loop."""

    def __init__(self) -> None:
        self._events: dict[str, asyncio.Event] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        workshop.on_change(self._changed)

    def event(self, workshop_id: str) -> asyncio.Event:
        self._loop = asyncio.get_running_loop()
        return self._events.setdefault(workshop_id, asyncio.Event())

    def _changed(self, workshop_id: str) -> None:
        loop = self._loop
        if loop is not None and not loop.is_closed():
            loop.call_soon_threadsafe(self._wake, workshop_id)

    def _wake(self, workshop_id: str) -> None:
        found = self._events.pop(workshop_id, None)
        if found is not None:
            found.set()  # every poll waiting on it wakes; later ones get a new event


_changes = _Changes()


# --- what a phone shows ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Seat:
    secret: str
    view: workshop.PhoneView


def _version(state: workshop.PhoneState, pacing: str) -> str:
    """What a phone's page depends on of where the workshop stands."""
    if not state.running:
        return "ended"
    where = "self" if pacing == "self" else f"step-{state.step}"
    if state.open_question:  # a new question is a new page (its answer field empty)
        where += f"-q{zlib.crc32(state.open_question.encode()):08x}"
    return where


def _choice_value(answer: AnswerValue) -> str | None:
    if isinstance(answer, DontKnow):
        return "dk"
    if isinstance(answer, int | float) and not isinstance(answer, bool):
        return str(int(answer))
    return None


@dataclass(frozen=True)
class _Option:
    value: str
    text: str


@dataclass(frozen=True)
class _Question:
    id: str
    text: str
    options: tuple[_Option, ...]
    horizontal: bool


@dataclass(frozen=True)
class _Section:
    title: str
    caption: str
    questions: tuple[_Question, ...]


def _questions(q: Questionnaire, items: Sequence[Item], lang: str) -> tuple[_Question, ...]:
    out = []
    for item in items:
        options = [_Option(str(i), q.t(o.text, lang)) for i, o in enumerate(q.options_of(item))]
        dont_know = q.dont_know_label(item, lang)
        if dont_know is not None:
            options.append(_Option("dk", dont_know))
        out.append(_Question(item.id, q.t(item.text, lang), tuple(options), len(options) <= 5))
    return tuple(out)


def _sections(me: workshop.PhoneView, step: int, lang: str) -> tuple[str, list[_Section]]:
    """What the phone shows now: ("lobby" | "part" | "overview", the sections to answer)."""
    q = me.questionnaire
    role_id = me.seat.role_id
    if me.workshop.pacing == "self":
        dims = workshop.participant_steps(q, role_id)
        total = len(dims)
        return "part", [
            _Section(
                q.t(d.name, lang),
                f"{words.t('phone.ws_step', lang, n=n, total=total)} · {q.t(d.definition, lang)}",
                _questions(q, workshop.pulse_items(q, d.id, role_id), lang),
            )
            for n, d in enumerate(dims, start=1)
        ]
    dim = workshop.dimension_at(q, step)
    if dim is None:
        return ("lobby" if step == 0 else "overview"), []
    position = [d.id for d in q.dimensions].index(dim.id) + 1
    part = words.t("phone.ws_step", lang, n=position, total=len(q.dimensions))
    return "part", [
        _Section(
            q.t(dim.name, lang),
            f"{part} · {q.t(dim.definition, lang)}",
            _questions(q, workshop.pulse_items(q, dim.id, role_id), lang),
        )
    ]


_parts: dict[tuple[str, str, str, str], str] = {}
_parts_lock = threading.Lock()


def _part_html(
    me: workshop.PhoneView,
    version: str,
    state: workshop.PhoneState,
    lang: str,
    code: str,
    *,
    open_answer: str = "",
    open_saved: bool = False,
) -> str:
    """The part of the page that follows the facilitator: the same for every phone of a
    role and language, so rendered once per (workshop, version, role, language); a
    phone's own answer to the open question makes it that phone's (not kept)."""
    step = state.step
    own = bool(open_answer or open_saved)
    key = (me.workshop.id, version, me.seat.role_id, lang)
    if not own:
        with _parts_lock:
            found = _parts.get(key)
        if found is not None:
            return found
    kind, sections = _sections(me, step, lang)
    html = _ENV.get_template("phone_part.html").render(
        kind=kind,
        sections=sections,
        code=code,
        lang=lang,
        k=me.assessment.anonymity_threshold,
        t=lambda key, **p: _t(key, lang, **p),
        o=lambda key, **p: _t(key, lang, "open", **p),
        ended=version == "ended",
        question=state.open_question or "",
        open_answer=open_answer,
        open_saved=open_saved,
        limit=open_question.MAX_ANSWER_CHARS,
        threshold=open_question.threshold(me.assessment),
    )
    if own:
        return html
    with _parts_lock:
        if len(_parts) > 2000:
            _parts.clear()
        _parts[key] = html
    return html


def _language(request: Request, offered: Sequence[str], fallback: str | None = None) -> str:
    """`?lang=` when offered, else the participant's language, else the browser's first
    offered language (Accept-Language), else the assessment's first."""
    asked = request.query_params.get("lang", "")
    if asked in offered:
        return asked
    if fallback in offered:
        return str(fallback)
    for tag in browser_languages(request.headers.get("accept-language", "")):
        if tag in offered:
            return tag
    return offered[0] if offered else words.DEFAULT_LANGUAGE


def _bad_request(request: Request) -> Response:
    """A request the page's script would never send, answered 400 with a short sentence in
    the page's language (`?lang=`), else the browser's, else English."""
    asked = request.query_params.get("lang", "")
    browser = browser_languages(request.headers.get("accept-language", ""))
    lang = next((tag for tag in [asked, *browser] if tag in words.LANGUAGES), None)
    message = words.t("phone.ws_bad_request", lang)
    return JSONResponse({"error": message, "code": "bad-request"}, status_code=400)


def browser_languages(accept_language: str) -> list[str]:
    """The languages of an Accept-Language header ("de-DE,de;q=0.9,en;q=0.8"), most
    wanted first (by their q, then in the order given); q=0 means "not this one"."""
    ranked: list[tuple[float, int, str]] = []
    for n, part in enumerate(accept_language.split(",")):
        tag, *params = (piece.strip() for piece in part.split(";"))
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag and q > 0:
            ranked.append((-q, n, tag.split("-")[0].lower()))
    return list(dict.fromkeys(tag for _, _, tag in sorted(ranked)))


def _answers_json(answers: Mapping[str, AnswerValue]) -> dict[str, str]:
    """A participant's answers as the page's radio values ("2", "dk")."""
    shown: dict[str, str] = {}
    for item_id, answer in answers.items():
        value = _choice_value(answer)
        if value is not None:
            shown[item_id] = value
    return shown


def _page(
    template: str, lang: str, offered: Sequence[str], status: int = 200, **context: Any
) -> HTMLResponse:
    html = _ENV.get_template(template).render(
        lang=lang,
        languages=[(code, language_name(code)) for code in offered],
        t=lambda key, **p: _t(key, lang, **p),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    return response


def _address(request: Request) -> str:
    """The client's address for the rate limits only (never stored), as `ui.client`
    tells it for Streamlit pages: proxy headers are trusted from a local peer only."""
    peer = request.client.host if request.client else ""
    if peer and peer not in ("127.0.0.1", "::1", "localhost"):
        return peer
    real = request.headers.get("x-real-ip", "").strip()
    if real:
        return real[:64]
    forwarded = request.headers.get("x-forwarded-for", "").split(",")[-1].strip()
    return forwarded[:64] if forwarded else UNKNOWN_ADDRESS


def _same_origin(request: Request) -> bool:
    """A POST from our own page: the browser's `Sec-Fetch-Site` says so, or (older
    browsers) its `Origin` names our host. With `Referrer-Policy: no-referrer` a form's
    Origin is "null", which says nothing either way; the cookie is SameSite=Strict too."""
    site = request.headers.get("sec-fetch-site")
    if site is not None:
        return site in ("same-origin", "none")
    origin = request.headers.get("origin")
    if origin is None or origin == "null":
        return True
    return origin.split("://", 1)[-1] == request.headers.get("host", "")


def _error_text(err: GapMapError, lang: str) -> str:
    return err.message_in(lang)


async def seat_for(store: Store, secret: str) -> workshop.Seat | None:
    """The participant's seat, or None when the secret has none. A seat this process has
    not seen yet (after a restart, every phone of the room at once) is looked up with
    the others waiting at that moment, in one query (`workshop.seats_of`)."""
    known = workshop.known_seat(store, secret)
    if known is not None or not secret:
        return known
    return await asyncio.wrap_future(_writer(store).seats.submit(secret))


async def _seat(request: Request, code: str) -> _Seat | None:
    secret = request.cookies.get(COOKIE, "")
    if not secret or await seat_for(_store(), secret) is None:
        return None
    try:
        view = await run_in_threadpool(workshop.phone_view, _store(), secret)
    except GapMapError:
        return None
    if view.workshop.join_code != workshop.normalise_code(code):
        return None
    return _Seat(secret, view)


# --- the routes -----------------------------------------------------------------------------


def _base(code: str) -> str:
    return f"{PREFIX}/{workshop.normalise_code(code)}"


async def page(request: Request) -> Response:
    code = request.path_params["code"]
    store = _store()
    seat = await _seat(request, code)
    if seat is not None:
        return await _participant_page(request, store, seat, code)
    try:
        found = await run_in_threadpool(
            lambda: workshop.find_workshop(store, code, address=_address(request))
        )
    except GapMapError as err:
        lang = _language(request, words.LANGUAGES)
        key = "ws_ended" if err.code == "workshop-ended" else "ws_unknown"
        return _page(
            "phone_message.html",
            lang,
            words.LANGUAGES,
            status=404 if err.code == "unknown-code" else 200,
            title=_t(f"{key}_title", lang),
            body=_t(f"{key}_body", lang, code=code[:12])
            if err.code in ("unknown-code", "workshop-ended")
            else escape(_error_text(err, lang)),
            code_form=err.code != "workshop-ended",
        )
    return _join_page(request, found, code)


def _join_page(
    request: Request,
    found: workshop.Joinable,
    code: str,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    offered = found.assessment.languages
    lang = _language(request, offered)
    q = found.questionnaire
    return _page(
        "phone_join.html",
        lang,
        offered,
        status=status,
        base=_base(code),
        title=found.workshop.title,
        roles=[(r.id, q.t(r.name, lang)) for r in q.roles],
        teams=[(team.id, team.name) for team in found.assessment.teams]
        if found.workshop.ask_team
        else [],
        k=found.assessment.anonymity_threshold,
        error=error,
        form=dict(request.query_params),
    )


async def _participant_page(
    request: Request,
    store: Store,
    seat: _Seat,
    code: str,
    *,
    error: str | None = None,
    typed: str | None = None,
) -> Response:
    me = seat.view
    offered = me.assessment.languages
    lang = _language(request, offered, me.seat.language)
    state = await run_in_threadpool(workshop.phone_state, store, me.workshop.id)
    version = _version(state, me.workshop.pacing)
    mine = ""
    if state.open_question and state.running:
        mine = await run_in_threadpool(open_question.my_open_answer, store, seat.secret)
    if typed is not None:  # refused: the phone keeps what was typed
        mine = typed[: open_question.MAX_ANSWER_CHARS * 2]
    part = _part_html(
        me,
        version,
        state,
        lang,
        code,
        open_answer=mine,
        open_saved=typed is None and bool(mine) and request.query_params.get("saved") == "open",
    )
    answers = _answers_json(me.answers or {})
    return _page(
        "phone.html",
        lang,
        offered,
        base=_base(code),
        title=me.workshop.title,
        part=Markup(part),  # noqa: S704 - rendered by our template with autoescape
        version=version,
        answers=json.dumps(answers).replace("<", "\\u003c"),
        error=error,
        ended=version == "ended",
    )


async def join(request: Request) -> Response:
    code = request.path_params["code"]
    if not _same_origin(request):
        return Response(status_code=403)
    store = _store()
    if await _seat(request, code) is not None:  # a double tap on Join: already in
        return RedirectResponse(_base(code), status_code=303)
    form = await request.form()
    role = str(form.get("role", ""))
    team = str(form.get("team", "")) or None
    try:
        found = await run_in_threadpool(
            lambda: workshop.find_workshop(store, code, address=_address(request))
        )
    except GapMapError:
        return RedirectResponse(_base(code), status_code=303)
    offered = found.assessment.languages
    lang = str(form.get("lang", "")) if form.get("lang") in offered else _language(request, offered)
    if not role:
        return _join_page(request, found, code, error=words.t("phone.ws_joining_needs_role", lang))
    if found.workshop.ask_team and not team:
        return _join_page(request, found, code, error=words.t("phone.ws_joining_needs_team", lang))
    try:
        with limits.new_response(store, _address(request)):
            outcome = await asyncio.wrap_future(
                _writer(store).joins.submit(workshop.JoinRequest(code, role, team, lang))
            )
            if isinstance(outcome, GapMapError):
                raise outcome
    except GapMapError as err:
        return _join_page(request, found, code, error=_error_text(err, lang), status=400)
    joined = outcome
    response = RedirectResponse(f"{_base(code)}?lang={lang}", status_code=303)
    response.set_cookie(
        COOKIE,
        joined.secret,
        max_age=COOKIE_SECONDS,
        path=_base(code),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


def _tap_value(raw: object) -> AnswerValue:
    if raw == "dk":
        return DONT_KNOW
    if isinstance(raw, str) and raw.isdigit():
        return int(raw)
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    return "invalid"  # refused by the item's check (`option-not-offered`)


async def tap(request: Request) -> Response:
    code = request.path_params["code"]
    if not _same_origin(request):
        return Response(status_code=403)
    secret = request.cookies.get(COOKIE, "")
    lang = request.query_params.get("lang", words.DEFAULT_LANGUAGE)
    try:
        body = await request.json()
        item_id, raw = str(body["item"]), body["value"]
    except (ValueError, KeyError, TypeError):
        return _bad_request(request)
    future = _writer(_store()).taps.submit(workshop.Tap(secret, item_id, _tap_value(raw)))
    try:
        result = await asyncio.wrap_future(future)
    except Exception:
        message = words.t("phone.ws_tap_failed", lang)
        return JSONResponse({"error": message}, status_code=503)
    if result.error is not None or result.answers is None:
        err = result.error
        message = _error_text(err, lang) if err is not None else ""
        return JSONResponse(
            {"error": message, "code": err.code if err else ""},
            status_code=409
            if err is not None and err.code in ("not-yet", "workshop-ended")
            else 400,
        )
    del code
    return JSONResponse({"answers": _answers_json(result.answers)})


async def answer(request: Request) -> Response:
    """The form without JavaScript: every answer on it, then back to the page."""
    code = request.path_params["code"]
    if not _same_origin(request):
        return Response(status_code=403)
    store = _store()
    seat = await _seat(request, code)
    if seat is None:
        return RedirectResponse(_base(code), status_code=303)
    form = await request.form()
    q = seat.view.questionnaire
    given = {
        str(key): _tap_value(value)
        for key, value in form.items()
        if key not in ("lang",) and isinstance(value, str)
    }
    lang = str(form.get("lang", seat.view.seat.language))
    try:
        await run_in_threadpool(
            workshop.answer,
            store,
            seat.secret,
            {k: v for k, v in given.items() if k in q.item_positions},
        )
    except GapMapError as err:
        fresh = await _seat(request, code)
        if fresh is None:
            return RedirectResponse(_base(code), status_code=303)
        return await _participant_page(request, store, fresh, code, error=_error_text(err, lang))
    return RedirectResponse(f"{_base(code)}?lang={lang}", status_code=303)


async def open_answer(request: Request) -> Response:
    """The answer to the open question: JSON `{"text", "question"}` from the script
    (answered with the text as stored), or the plain form (back to the page)."""
    code = request.path_params["code"]
    if not _same_origin(request):
        return Response(status_code=403)
    store = _store()
    scripted = request.headers.get("content-type", "").startswith("application/json")
    if scripted:
        lang = request.query_params.get("lang", words.DEFAULT_LANGUAGE)
        try:
            body = await request.json()
            text, question = body["text"], body.get("question")
            if not isinstance(text, str) or not isinstance(question, str | None):
                raise TypeError(text)
        except (ValueError, KeyError, TypeError, AttributeError):
            return _bad_request(request)
        secret = request.cookies.get(COOKIE, "")
        try:
            stored = await run_in_threadpool(
                lambda: open_question.answer_open_question(store, secret, text, question=question)
            )
        except GapMapError as err:
            return JSONResponse(
                {"error": _error_text(err, lang), "code": err.code}, status_code=409
            )
        return JSONResponse({"text": stored, "saved": words.t("open.phone_saved", lang)})
    seat = await _seat(request, code)
    if seat is None:
        return RedirectResponse(_base(code), status_code=303)
    form = await request.form()
    lang = str(form.get("lang", seat.view.seat.language))
    typed, shown = form.get("text", ""), form.get("question")
    try:
        await run_in_threadpool(
            lambda: open_question.answer_open_question(
                store,
                seat.secret,
                typed if isinstance(typed, str) else "",
                question=shown if isinstance(shown, str) else None,
            )
        )
    except GapMapError as err:
        return await _participant_page(
            request,
            store,
            seat,
            code,
            error=_error_text(err, lang),
            typed=typed if isinstance(typed, str) else "",
        )
    return RedirectResponse(f"{_base(code)}?lang={lang}&saved=open", status_code=303)


async def wait(request: Request) -> Response:
    """The long poll: the new part as soon as the workshop moves on. Everything it reads
    is cached (the seat, where the workshop stands, the part's HTML), so it runs on the
    event loop: a thousand polls waking at once cost no thread each."""
    code = request.path_params["code"]
    secret = request.cookies.get(COOKIE, "")
    known = request.query_params.get("v", "")
    store = _store()
    if await seat_for(store, secret) is None:  # first seen by this process: looked up in a batch
        return JSONResponse({"reload": True})
    try:
        view = workshop.phone_view(store, secret, answers=False)
    except GapMapError:
        return JSONResponse({"reload": True})
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while True:
        event = _changes.event(view.seat.workshop_id)
        state = workshop.phone_state(store, view.seat.workshop_id)
        version = _version(state, view.seat.pacing)
        if version != known:
            break
        left = deadline - loop.time()
        if left <= 0:
            return JSONResponse({"v": version})
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(event.wait(), timeout=min(left, RECHECK_SECONDS))
        if await request.is_disconnected():
            return Response(status_code=204)
    try:
        view = workshop.phone_view(store, secret, answers=False)
    except GapMapError:
        return JSONResponse({"reload": True})
    lang = request.query_params.get("lang", "")
    lang = lang if lang in view.assessment.languages else view.seat.language
    html = _part_html(view, version, state, lang, code)
    return JSONResponse({"v": version, "html": html, "ended": version == "ended"})


async def leave(request: Request) -> Response:
    code = request.path_params["code"]
    if not _same_origin(request):
        return Response(status_code=403)
    store = _store()
    seat = await _seat(request, code)
    if seat is None:
        return RedirectResponse(_base(code), status_code=303)
    form = await request.form()
    lang = str(form.get("lang", seat.view.seat.language))
    if form.get("confirm") != "yes":
        return await _participant_page(
            request, store, seat, code, error=words.t("phone.ws_leave_confirm_first", lang)
        )
    await run_in_threadpool(retention.erase_respondent, store, seat.secret)
    workshop.forget_seat(store, seat.secret)
    response = _page(
        "phone_message.html",
        lang,
        seat.view.assessment.languages,
        title=_t("ws_erased_title", lang),
        body=_t("ws_erased_body", lang),
        code_form=False,
    )
    response.delete_cookie(
        COOKIE,
        path=_base(code),
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


def _clean_code(typed: str) -> str:
    """A code as it may stand in the page's address: letters and digits, at most 12."""
    return re.sub(r"[^A-Z0-9]", "", workshop.normalise_code(typed))[:12] or "-"


async def go(request: Request) -> Response:
    """The code box of the "not found" page: to the page of the code typed."""
    code = _clean_code(request.query_params.get("code", ""))
    lang = request.query_params.get("lang", "")
    suffix = f"?lang={lang}" if lang in words.LANGUAGES else ""
    return RedirectResponse(f"{PREFIX}/{code}{suffix}", status_code=303)


async def script(request: Request) -> Response:
    del request
    return Response(
        _SCRIPT,
        media_type="text/javascript",
        headers={"Cache-Control": "public, max-age=300"},
    )


ROUTES = [
    Route(f"{PREFIX}/static/phone.js", script, methods=["GET"]),
    Route(f"{PREFIX}/go", go, methods=["GET"]),
    Route(PREFIX + "/{code}", page, methods=["GET"]),
    Route(PREFIX + "/{code}/join", join, methods=["POST"]),
    Route(PREFIX + "/{code}/tap", tap, methods=["POST"]),
    Route(PREFIX + "/{code}/answer", answer, methods=["POST"]),
    Route(PREFIX + "/{code}/open", open_answer, methods=["POST"]),
    Route(PREFIX + "/{code}/wait", wait, methods=["GET"]),
    Route(PREFIX + "/{code}/leave", leave, methods=["POST"]),
]


# --- links to the older Streamlit phone page ------------------------------------------------

# The older phone page was a Streamlit page: its links and QR codes (`/?w=CODE`, once
# joined `/?w=CODE&p=kept` with the secret in this HttpOnly cookie at path `/`) may be
# printed on posters and slides, or open on a phone.
OLD_PATHS = ("/", "/join")
OLD_COOKIE = "gapmap_participant"
_SECRET_SHAPE = re.compile(r"[A-Za-z0-9_-]{20,200}")


class OldLinks:
    """ASGI middleware: a link to the older Streamlit phone page leads to this page,
    `/w/CODE`. A phone that had joined there keeps its place: its secret moves from the
    old cookie to this page's, so it never joins twice (a secret in the address itself
    is not taken: a link shared from a phone would hand over its place)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] in ("GET", "HEAD")
            and scope["path"] in OLD_PATHS
        ):
            request = Request(scope)
            code = request.query_params.get("w", "").strip()
            if code:
                await _old_link(request, code)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def _old_link(request: Request, code: str) -> Response:
    target = f"{PREFIX}/{_clean_code(code)}"
    response = RedirectResponse(target, status_code=303)
    response.headers["Cache-Control"] = "no-store"
    secret = request.cookies.get(OLD_COOKIE, "")
    if secret:
        secure = request.url.scheme == "https"
        if _SECRET_SHAPE.fullmatch(secret):
            response.set_cookie(
                COOKIE,
                secret,
                max_age=COOKIE_SECONDS,
                path=target,
                secure=secure,
                httponly=True,
                samesite="strict",
            )
        response.delete_cookie(
            OLD_COOKIE, path="/", secure=secure, httponly=True, samesite="strict"
        )
    return response


MIDDLEWARE = [Middleware(OldLinks)]
