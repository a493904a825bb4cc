"""The facilitator's screen for a live workshop: start one from an assessment, show the
join code and QR code large, move through the dimensions, reveal results when the room
is ready, record agreed actions, end it and download the summary.

Two windows: the presenter view (this page: the controls, the prompts and counts, the
agreed actions) on the facilitator's laptop, and the projector view (`?view=projector`,
opened from the presenter view) on the projector: results only, no button, large type,
all in the room's language. The live part of both refreshes itself every second
(`st.fragment(run_every=...)`) without greying out meanwhile; everything it shows comes
from `workshop.live_view`: the held results (the same in every language, moving only in
releases the disclosure audit let through), the reveal rules applied already.
"""

from __future__ import annotations

import contextlib
from datetime import date, datetime
from typing import Any
from urllib.parse import urlencode

import streamlit as st

from assessment import access, words
from assessment.collect import invites, open_question, workshop
from assessment.documents import charts
from assessment.documents.report.evidence import value_text
from assessment.errors import GapMapError
from assessment.organisation.assessments import Assessment, slug
from assessment.organisation.auth import Actor
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store
from assessment.ui import state
from assessment.ui.console import base_url
from assessment.ui.language import ui_language
from assessment.ui.pages import FACILITATE
from assessment.ui.state import Facilitate
from assessment.ui.text import escape_markdown, language_name

URL_PARAM = "workshop"
# `?view=projector` (with `&lang=de`): the projector view, results only, in its own window.
VIEW_PARAM = "view"
PROJECTOR_VIEW = "projector"
LANG_PARAM = "lang"
NEW_ACTION = "__new__"
PACINGS = ("facilitator", "self")


def chrome(key: str, **values: Any) -> str:
    """A text of the presenter's page around the room's screen, in the page's language."""
    return words.t(f"facilitate.{key}", ui_language(), **values)


def _refusal(refused: GapMapError) -> str:
    """A refusal in the page's language, as Markdown-safe text."""
    return refused.message_in(ui_language(), escape_markdown)


def _when(moment: datetime) -> str:
    """A moment (UTC) as the page's language writes it."""
    lang = ui_language()
    return chrome("when", date=words.date(moment.date(), lang), time=f"{moment:%H:%M}")


def say(lang: str, key: str, **values: Any) -> str:
    """A projector sentence in the room's language (English when it has none)."""
    return words.t(f"projector.{key}", lang, **values)


# Constant CSS, no user text: projector-sized type on this page.
PRESENTER_CSS = """<style>
.st-key-ws-screen p, .st-key-ws-screen li { font-size: 1.35rem; line-height: 1.45; }
.st-key-ws-screen [data-testid="stMetricValue"],
.st-key-ws-screen [data-testid="stMetricValue"] * { font-size: 2.8rem; font-weight: 600; }
.st-key-ws-screen [data-testid="stMetricLabel"] p { font-size: 1.1rem; }
.st-key-ws-join-code h1 { font-size: 5rem; letter-spacing: 0.35em; font-family: monospace; }
.st-key-ws-join-code-small h3 { letter-spacing: 0.25em; font-family: monospace; }
</style>"""


# Constant CSS, no user text: the projector view hides the menu and Streamlit's toolbar,
# so a full-screen browser shows nothing but the workshop.
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
[data-testid="stExpandSidebarButton"], [data-testid="stHeader"],
[data-testid="stToolbar"], [data-testid="stElementToolbar"],
[data-testid="stTooltipIcon"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding-top: 1.5rem; padding-bottom: 1rem; }
</style>"""

# Constant CSS, no user text: the projector view's type, read from the back of a room
# at 1920×1080 (every label at least 24 px).
PROJECTOR_TYPE_CSS = """<style>
.st-key-ws-projector p, .st-key-ws-projector li { font-size: 1.75rem; line-height: 1.35; }
.st-key-ws-projector [data-testid="stCaptionContainer"],
.st-key-ws-projector [data-testid="stCaptionContainer"] p { font-size: 1.5rem; }
.st-key-ws-projector [data-testid="stCaptionContainer"],
.st-key-ws-projector [data-testid="stCaptionContainer"] * { color: #1F2933 !important; }
.st-key-ws-projector h1 { font-size: 3.5rem; }
.st-key-ws-projector h2 { font-size: 3rem; padding-top: 0; }
.st-key-ws-projector h3 { font-size: 2.2rem; }
.st-key-ws-projector [data-testid="stMetricValue"],
.st-key-ws-projector [data-testid="stMetricValue"] * { font-size: 3.2rem; font-weight: 600; }
.st-key-ws-projector [data-testid="stMetricLabel"],
.st-key-ws-projector [data-testid="stMetricLabel"] p { font-size: 1.6rem; }
.st-key-ws-projector .st-key-ws-join-code h1 {
  font-size: 6rem; letter-spacing: 0.35em; font-family: monospace; }
.st-key-ws-projector .st-key-ws-join-code-small h3 {
  letter-spacing: 0.2em; font-family: monospace; }
.st-key-ws-projector p code { font-size: 1.75rem; }
</style>"""


def _open_workshop() -> str | None:
    """The workshop on screen; kept in the address (`?workshop=ID`) too, so a reload of
    the projector's browser comes back to it."""
    workshop_id = Facilitate.WORKSHOP.get() or st.query_params.get(URL_PARAM)
    if not workshop_id:
        return None
    Facilitate.WORKSHOP.set(str(workshop_id))
    if st.query_params.get(URL_PARAM) != workshop_id:
        st.query_params[URL_PARAM] = str(workshop_id)
    return str(workshop_id)


def _leave() -> None:
    """Back to the list of workshops (the workshop itself keeps running)."""
    Facilitate.WORKSHOP.take()
    st.query_params.pop(URL_PARAM, None)


def join_url(code: str) -> str:
    """The address a phone opens to join: `BASE/w/CODE`, the plain-HTML phone page
    (`ui/phone.py`), which a full hall's phones can share one server on."""
    return f"{base_url()}/w/{code}"


def render() -> None:
    actor = state.actor()
    if st.query_params.get(VIEW_PARAM) == PROJECTOR_VIEW:
        _projector_view(state.store())
        return
    if not access.allowed(actor, "start-workshop"):
        st.error(chrome("not_allowed"), icon=":material/block:")
        return
    store = state.store()
    message = Facilitate.FLASH.take()
    if message:
        st.success(escape_markdown(str(message)), icon=":material/check_circle:")
    try:
        workshop_id = _open_workshop()
        if workshop_id:
            w = access.get_workshop(store, actor, workshop_id)
            if w.running:
                _screen(store, actor, w)
            else:
                _ended(store, actor, w)
            return
        _choose(store, actor)
    except GapMapError as refused:
        st.error(_refusal(refused), icon=":material/error:")
        if st.button(chrome("back_to_list"), key="facilitate-reset"):
            _leave()
            st.rerun()


# --- choosing or starting a workshop ------------------------------------------------------------


def _assessments(store: Store, actor: Actor) -> list[tuple[str, Assessment]]:
    found = []
    for org in access.list_organisations(store, actor):
        if access.allowed(actor, "start-workshop", org.id):
            found += [(org.name, a) for a in access.list_assessments(store, actor, org.id)]
    return found


def _choose(store: Store, actor: Actor) -> None:
    st.title(chrome("title"))
    st.caption(chrome("intro"))
    found = _assessments(store, actor)
    if not found:
        menu = words.t("nav.console", ui_language())
        st.info(chrome("no_assessment", menu=menu), icon=":material/post_add:")
        return
    by_id = {a.id: (org, a) for org, a in found}
    if Facilitate.ASSESSMENT.get() not in by_id:
        Facilitate.ASSESSMENT.set(found[0][1].id)
    chosen = st.selectbox(
        chrome("assessment"),
        list(by_id),
        format_func=lambda i: chrome(
            "assessment_option",
            organisation=by_id[i][0],
            name=by_id[i][1].name,
            wave=by_id[i][1].wave,
        ),
        key=Facilitate.ASSESSMENT.name,
    )
    assessment = by_id[str(chosen)][1]
    earlier = access.list_workshops(store, actor, assessment.id)
    if earlier:
        st.subheader(chrome("earlier"))
        for w in earlier:
            with st.container(border=True, horizontal=True, vertical_alignment="center"):
                ended = _when(w.ended_at) if w.ended_at else ""
                status = chrome("running") if w.running else chrome("ended_at", when=ended)
                st.markdown(
                    chrome(
                        "earlier_line",
                        title=escape_markdown(w.title),
                        code=w.join_code,
                        pacing=chrome(f"paced_{w.pacing}"),
                        status=escape_markdown(status),
                    )
                )
                st.button(
                    chrome("open_screen") if w.running else chrome("open_summary"),
                    key=f"facilitate-open-{w.id}",
                    type="primary" if w.running else "secondary",
                    on_click=lambda wid=w.id: Facilitate.WORKSHOP.set(wid),
                )
    _start_form(store, actor, assessment)


def _start_form(store: Store, actor: Actor, assessment: Assessment) -> None:
    st.subheader(chrome("start_heading"))
    with st.form("facilitate-start", border=True):
        title = st.text_input(
            chrome("title_label"),
            max_chars=workshop.MAX_TITLE_CHARS,
            placeholder=chrome("title_placeholder"),
            key="facilitate-title",
        )
        pacing = st.radio(
            chrome("pacing"), PACINGS, format_func=lambda p: chrome(f"pacing_{p}"), index=0
        )
        ask_team = st.checkbox(
            chrome("ask_team"),
            disabled=not assessment.teams,
            help=chrome("ask_team_help")
            if assessment.teams
            else words.t("dashboard.no_teams", ui_language()),
        )
        if st.form_submit_button(chrome("start"), type="primary", icon=":material/play_arrow:"):
            try:
                w = access.start_workshop(
                    store,
                    actor,
                    assessment.id,
                    title=title,
                    pacing="self" if pacing == "self" else "facilitator",
                    ask_team=ask_team,
                )
                if ui_language() in assessment.languages:
                    # the room starts in the language of whoever started it (the
                    # presenter's switch changes it), not in the assessment's first one
                    w = access.set_room_language(store, actor, w.id, ui_language())
            except GapMapError as refused:
                st.error(_refusal(refused), icon=":material/error:")
                return
            Facilitate.WORKSHOP.set(w.id)
            st.rerun()


# --- the running workshop -----------------------------------------------------------------------


def _step_name(q: Questionnaire, step: int, lang: str) -> str:
    dim = workshop.dimension_at(q, step)
    if dim is not None:
        return q.t(dim.name, lang)
    return say(lang, "step_join" if step == 0 else "step_overview")


def _go(store: Store, actor: Actor, workshop_id: str, step: int) -> None:
    try:
        access.go_to_step(store, actor, workshop_id, step)
    except GapMapError as refused:
        Facilitate.FLASH.set(refused.message_in(ui_language()))


def _reveal(store: Store, actor: Actor, workshop_id: str, dim: str | None, shown: bool) -> None:
    try:
        access.set_revealed(store, actor, workshop_id, dim, shown)
    except GapMapError as refused:
        Facilitate.FLASH.set(refused.message_in(ui_language()))


def _switch_language(store: Store, actor: Actor, workshop_id: str) -> None:
    """The presenter's language switch: the room's language, kept with the workshop so the
    projector's window follows on its next refresh."""
    try:
        access.set_room_language(store, actor, workshop_id, str(Facilitate.LANGUAGE.get()))
    except GapMapError as refused:
        Facilitate.FLASH.set(refused.message_in(ui_language()))


def _screen_language(
    store: Store, actor: Actor, w: workshop.Workshop, assessment: Assessment
) -> str:
    """The language of the questions and charts on the screen (the room's language): a
    running workshop keeps it (`Workshop.language`), so every window of it agrees; an
    ended one can still be read in another language on this screen."""
    offered = list(assessment.languages)
    if w.running or Facilitate.LANGUAGE.get() not in offered:
        Facilitate.LANGUAGE.set(workshop.room_language(w, assessment))
    if len(offered) > 1:
        st.container(horizontal=True, horizontal_alignment="right").segmented_control(
            say(str(Facilitate.LANGUAGE.get()), "language"),
            offered,
            format_func=language_name,
            required=True,
            key=Facilitate.LANGUAGE.name,
            label_visibility="collapsed",
            on_change=_switch_language if w.running else None,
            args=(store, actor, w.id) if w.running else None,
        )
    return str(Facilitate.LANGUAGE.get())


def projector_url(workshop_id: str, lang: str) -> str:
    """The projector view of a workshop, in `lang`: this page with `?view=projector`."""
    query = urlencode({URL_PARAM: workshop_id, VIEW_PARAM: PROJECTOR_VIEW, LANG_PARAM: lang})
    return f"{base_url()}/{FACILITATE.url_path}?{query}"


def _screen(store: Store, actor: Actor, w: workshop.Workshop) -> None:
    """The presenter view: the controls, then what the room sees (with the prompts and
    counts), then the agreed actions. The projector shows its own window."""
    assessment = access.get_assessment(store, actor, w.assessment_id)
    q = access.questionnaire_of(store, actor, assessment)
    lang = _screen_language(store, actor, w, assessment)
    st.html(PRESENTER_CSS)
    _controls(store, actor, w, q, lang)
    _live(store, w.id, lang)
    _open_question(store, actor, w, lang)
    _actions(store, actor, w, q, lang)


def _controls(
    store: Store, actor: Actor, w: workshop.Workshop, q: Questionnaire, lang: str
) -> None:
    last = workshop.last_step(q)
    with st.container(horizontal=True, vertical_alignment="center", key="ws-controls"):
        st.button(
            say(lang, "previous"),
            icon=":material/arrow_back:",
            key="ws-previous",
            disabled=w.step == 0,
            on_click=_go,
            args=(store, actor, w.id, w.step - 1),
        )
        name = escape_markdown(_step_name(q, w.step, lang))
        st.markdown(f"**{say(lang, 'step', n=w.step + 1, total=last + 1, name=name)}**")
        st.button(
            say(lang, "next"),
            icon=":material/arrow_forward:",
            icon_position="right",
            type="primary",
            key="ws-next",
            disabled=w.step >= last,
            on_click=_go,
            args=(store, actor, w.id, w.step + 1),
        )
        dim = workshop.dimension_at(q, w.step)
        if dim is not None:
            shown = dim.id in w.revealed
            st.button(
                say(lang, "hide" if shown else "reveal"),
                icon=":material/visibility_off:" if shown else ":material/visibility:",
                key="ws-reveal",
                on_click=_reveal,
                args=(store, actor, w.id, dim.id, not shown),
            )
        elif w.step == last:
            st.button(
                say(lang, "reveal_all"),
                icon=":material/visibility:",
                key="ws-reveal-all",
                disabled=len(w.revealed) == len(q.dimensions),
                on_click=_reveal,
                args=(store, actor, w.id, None, True),
            )
        with st.popover(say(lang, "end"), icon=":material/stop_circle:"):
            st.markdown(say(lang, "end_explain"))
            if st.button(say(lang, "end_now"), type="primary", key="ws-end"):
                access.end_workshop(store, actor, w.id)
                Facilitate.FLASH.set(chrome("ended_flash", title=w.title))
                st.rerun()
        st.link_button(
            say(lang, "open_projector"),
            projector_url(w.id, lang),
            icon=":material/open_in_new:",
            help=say(lang, "open_projector_help"),
        )
        st.button(
            say(lang, "list"),
            icon=":material/list:",
            key="ws-leave",
            help=say(lang, "list_help"),
            on_click=_leave,
        )


def _live(store: Store, workshop_id: str, lang: str) -> None:
    @state.live_section(run_every=workshop.SCREEN_REFRESH_SECONDS)
    def live(actor: Actor) -> None:
        view = access.live_view(store, actor, workshop_id, language=lang)
        if not view.workshop.running:
            st.rerun()
        with st.container(key="ws-screen"):
            _draw(view, lang, presenter=True)

    live()


# --- the projector view (`?view=projector`) -----------------------------------------------------


def _projector_language() -> str:
    """The language the presenter's link named: for what the projector says before it
    knows the room (no workshop, a refusal)."""
    return words.language(st.query_params.get(LANG_PARAM))


def _projector_view(store: Store) -> None:
    """What the room sees, in its own window: results only, in large type, in the
    room's language (the presenter's switch, read again on every refresh), refreshing
    itself; no button, nothing to type. Whoever may watch the workshop may open it: its
    organisation's consultants and leadership (`access.live_view`)."""
    st.html(PROJECTOR_CSS)
    st.html(PROJECTOR_TYPE_CSS)
    asked_in = _projector_language()
    workshop_id = st.query_params.get(URL_PARAM)
    if not workshop_id:
        st.info(say(asked_in, "no_workshop"), icon=":material/co_present:")
        return

    @state.live_section(run_every=workshop.SCREEN_REFRESH_SECONDS)
    def live(actor: Actor) -> None:
        try:
            lang = access.room_language(store, actor, str(workshop_id))
            view = access.live_view(store, actor, str(workshop_id), language=lang)
        except GapMapError as refused:
            st.error(refused.message_in(asked_in, escape_markdown), icon=":material/error:")
            return
        with st.container(key="ws-projector"):
            if view.workshop.running:
                _draw(view, lang, presenter=False)
                asked = access.open_question_view(store, actor, view.workshop.id)
                if asked.question is not None:  # the open question's words, for the room
                    with st.container(key="ws-open-words"):
                        _open_words(asked, lang, presenter=False)
            else:  # the room's last look: where it stood, as the summary keeps it
                st.header(escape_markdown(view.workshop.title), anchor=False)
                st.markdown(say(lang, "ended"))
                _overview(view, lang, presenter=False)

    live()


# --- what the room sees (presenter and projector alike) -----------------------------------------


def _count(lang: str, n: int) -> str:
    return words.number(n, lang, 0)


def _draw(view: workshop.LiveView, lang: str, *, presenter: bool) -> None:
    w, q = view.workshop, view.questionnaire
    code = w.join_code
    if w.step == 0:
        st.header(escape_markdown(w.title), anchor=False)
        left, right = st.columns([3, 2], vertical_alignment="center")
        with left:
            st.markdown(say(lang, "join_here"))
            with st.container(key="ws-join-code"):
                st.title(code, anchor=False)
            st.markdown(f"`{join_url(code)}`")
            st.metric(say(lang, "joined"), _count(lang, view.joined))
        with right:
            st.image(invites.qr_png(join_url(code), scale=12), width=380)
        return
    main, side = st.columns([5, 2], vertical_alignment="top", gap="large")
    dim = workshop.dimension_at(q, w.step)
    with side:
        with st.container(horizontal=True, vertical_alignment="center"):
            st.image(invites.qr_png(join_url(code), scale=4), width=120)
            with st.container(key="ws-join-code-small"):
                st.subheader(code, anchor=False)
        if dim is not None:
            _prompts(q, dim.id, lang)
    with main:
        if dim is None:
            _overview(view, lang, presenter=presenter)
        else:
            _dimension(view, dim.id, lang, presenter=presenter)


def _dimension(view: workshop.LiveView, dimension_id: str, lang: str, *, presenter: bool) -> None:
    q = view.questionnaire
    dim = q.dimension(dimension_id)
    live = view.dimension(dimension_id)
    st.header(escape_markdown(q.t(dim.name, lang)), anchor=False)
    st.caption(escape_markdown(q.t(dim.definition, lang)))
    counts = st.columns(3)
    counts[0].metric(say(lang, "joined"), _count(lang, view.joined))
    counts[1].metric(say(lang, "answered"), _count(lang, live.answered))
    if live.status != "shown" or live.result is None:
        st.info(
            say(lang, live.status, k=view.k),
            icon={
                "hidden": ":material/visibility_off:",
                "paused": ":material/pause_circle:",
            }.get(live.status, ":material/hourglass_top:"),
        )
        return
    r = live.result
    target = view.assessment.targets.get(dimension_id)
    level_name = q.t(q.levels[(r.level or 1) - 1].name, lang)
    counts[2].metric(
        say(lang, "score"),
        q.score_text(r.mean, lang, 2),
        help=say(lang, "score_help", top=q.scale_max) if presenter else None,
    )
    level = say(lang, "level", level=q.shown_level(r.level or 1), name=level_name)
    parts = [f"**{escape_markdown(level)}**"]
    if target:
        parts.append(say(lang, "target_level", level=q.shown_level(target)))
    parts.append(escape_markdown(charts.consensus_words(r.rwg, lang)))
    st.markdown(" · ".join(parts))
    if view.distributions:
        chart = charts.item_distribution(
            list(view.distributions), dimension_id, lang, projector=not presenter
        )
        _projected_chart(chart, presenter=presenter)
    split = {p.perspective: p for p in live.perspectives}
    if "leadership" in split and "frontline" in split:
        lead, front = split["leadership"], split["frontline"]
        cols = st.columns(3)
        cols[0].metric(say(lang, "leadership"), q.score_text(lead.mean, lang, 2))
        cols[1].metric(say(lang, "frontline"), q.score_text(front.mean, lang, 2))
        if lead.mean is not None and front.mean is not None:
            cols[2].metric(
                say(lang, "perception_gap"), words.number(lead.mean - front.mean, lang, 2)
            )
    else:
        reasons = {r.reason for r in live.hidden if r.grouping == "perspective"}
        if reasons:
            why = "below_k" if "below_k" in reasons else "protects_smaller"
            st.caption(say(lang, "split_hidden", why=say(lang, why, k=view.k)))
        else:
            st.caption(say(lang, "split_waiting", k=view.k))
    if live.pending:
        st.caption(say(lang, "pending", k=view.k, n=_count(lang, live.pending)))
    _crm_evidence(view, dimension_id, lang, controls=presenter)


def _toggle_evidence(workshop_id: str, dimension_id: str, shown: bool) -> None:
    try:
        access.set_evidence_revealed(state.store(), state.actor(), workshop_id, dimension_id, shown)
    except GapMapError as refused:
        Facilitate.FLASH.set(refused.message_in(ui_language()))


def _crm_evidence(
    view: workshop.LiveView, dimension_id: str, lang: str, *, controls: bool = True
) -> None:
    """After the room has answered: what the CRM's records show for the dimension,
    beside the room's level, once the facilitator reveals it (kept per workshop, so the
    projector's screen shows it too). Nothing when the assessment has no evidence for
    the dimension; only the figures disclosure control lets through. `controls`: the
    reveal button (the presenter's screen, not the projector's)."""
    found = access.workshop_evidence(state.store(), state.actor(), view.workshop.id, dimension_id)
    if not found.available:
        return
    q = view.questionnaire

    def ev(key: str, **values: Any) -> str:
        return words.t(f"evidence.{key}", lang, **values)

    if controls:
        st.button(
            ev("hide") if found.revealed else ev("reveal"),
            icon=":material/database:",
            key=f"ws-evidence-{dimension_id}",
            on_click=_toggle_evidence,
            args=(view.workshop.id, dimension_id, not found.revealed),
        )
    if not found.revealed:
        return
    names = {e.id: q.t(e.name, lang) for e in q.evidence}
    room = view.dimension(dimension_id).result
    with st.container(border=True, key=f"ws-crm-{dimension_id}"):
        st.subheader(ev("workshop_title"), anchor=False)
        if found.level is None:
            st.caption(ev("crm_hidden", why=ev("crm_hidden_why")))
        else:
            cols = st.columns(2)
            if room is not None and room.level:
                cols[0].metric(
                    ev("room_level"),
                    ev("level_short", level=q.shown_level(room.level)),
                    help=escape_markdown(q.t(q.levels[room.level - 1].name, lang)),
                )
            cols[1].metric(
                ev("crm_level"),
                ev("level_short", level=q.shown_level(found.level)),
                help=escape_markdown(q.t(q.levels[found.level - 1].name, lang)),
            )
            st.markdown(
                "\n".join(
                    "- "
                    + escape_markdown(
                        ev(
                            "indicator_line",
                            name=names.get(f.evidence_id, f.evidence_id),
                            value=value_text(f.indicator, f.value or 0.0, lang),
                            level=q.shown_level(f.level or 1),
                            users=f.users,
                        )
                    )
                    for f in found.organisation
                )
            )
        if found.teams:
            st.markdown(f"**{escape_markdown(ev('teams_title'))}**")
            st.markdown(
                "\n".join(
                    "- "
                    + escape_markdown(
                        ev(
                            "team_line",
                            team=team,
                            name=names.get(f.evidence_id, f.evidence_id),
                            value=value_text(f.indicator, f.value or 0.0, lang),
                            level=q.shown_level(f.level or 1),
                        )
                    )
                    for team, f in found.teams
                )
            )


def _projected_chart(chart: Any, *, presenter: bool) -> None:
    """A chart in GapMap's own theme (Streamlit's would grey the labels and the legend):
    in projector type (24 px, dark, no tooltip) on the projector; at screen size on the
    presenter's page, whose column beside the menu and the prompts is too narrow for
    room type (labels ran into each other, legends were cut at 1440 px)."""
    st.altair_chart(
        chart if presenter else charts.for_projector(chart), theme=None, width="stretch"
    )


def _prompts(q: Questionnaire, dimension_id: str, lang: str) -> None:
    """The dimension's discussion prompts, beside the results (in sight on a projector)."""
    prompts = q.dimension(dimension_id).prompts
    if prompts:
        with st.container(key="ws-discuss", border=True):
            st.subheader(say(lang, "to_discuss"), anchor=False)
            st.markdown("\n".join(f"- {escape_markdown(q.t(p, lang))}" for p in prompts))


def _bars(view: workshop.LiveView, lang: str) -> Any:
    """The dimensions against their targets; unrevealed ones say so (not "fewer than k")."""
    not_revealed = words.t("chart.not_revealed", lang)
    hidden = {d.dimension_id: not_revealed for d in view.dimensions if d.status == "hidden"}
    hidden |= {
        d.dimension_id: say(lang, "paused_label") for d in view.dimensions if d.status == "paused"
    }
    return charts.dimension_bars(view.analysis, lang, hidden_labels=hidden)


def _overview(view: workshop.LiveView, lang: str, *, presenter: bool) -> None:
    q = view.questionnaire
    st.header(say(lang, "overview"), anchor=False)
    st.metric(say(lang, "joined"), _count(lang, view.joined))
    _projected_chart(_bars(view, lang), presenter=presenter)
    hidden = [q.t(d.name, lang) for d in q.dimensions if view.dimension(d.id).status == "hidden"]
    if hidden:
        names = escape_markdown(", ".join(hidden))
        hint = " " + say(lang, "reveal_all_hint") if presenter else ""
        st.caption(say(lang, "not_revealed", names=names) + hint)
    if any(p.difference is not None for p in view.analysis.perception):
        st.subheader(say(lang, "split_heading"), anchor=False)
        _projected_chart(charts.perception_gap(view.analysis, lang), presenter=presenter)


# --- agreed actions -----------------------------------------------------------------------------


def _actions(store: Store, actor: Actor, w: workshop.Workshop, q: Questionnaire, lang: str) -> None:
    agreed = access.workshop_actions(store, actor, w.id)
    with st.expander(say(lang, "agreed_actions", n=len(agreed)), icon=":material/task_alt:"):
        if agreed:
            st.dataframe(
                [
                    {
                        chrome("col_action"): q.agreed_title(a.title, a.source_action_id, lang),
                        chrome("col_owner"): a.owner,
                        chrome("col_due"): a.due_date,
                        chrome("col_dimension"): q.t(q.dimension(a.dimension_id).name, lang)
                        if a.dimension_id
                        else "",
                    }
                    for a in agreed
                ],
                hide_index=True,
                width="stretch",
            )
        _action_form(store, actor, w, q, lang)


def _action_form(
    store: Store, actor: Actor, w: workshop.Workshop, q: Questionnaire, lang: str
) -> None:
    recommended = {
        r.action.id: r for r in access.recommended_actions(store, actor, w.id, language=lang)
    }
    source = st.selectbox(
        chrome("start_from"),
        [NEW_ACTION, *recommended],
        format_func=lambda i: (
            chrome("new_action")
            if i == NEW_ACTION
            else chrome("recommended", title=q.t(recommended[i].action.title, lang))
        ),
        key=Facilitate.ACTION_SOURCE.of(w.id),
    )
    picked = recommended.get(str(source))
    # What was typed stays after a refusal (a missing owner, a date in the past); a new
    # form key once the action is recorded empties the fields.
    form = f"ws-action-form-{w.id}-{source}-{Facilitate.ACTION_ROUND.get()}"
    with st.form(form, clear_on_submit=False):
        title = st.text_input(
            chrome("col_action"),
            value=q.t(picked.action.title, lang) if picked else "",
            max_chars=access.MAX_TITLE_CHARS,
        )
        if picked is not None:
            st.caption(escape_markdown(" · ".join(picked.reasons)))
        cols = st.columns(3)
        owner = cols[0].text_input(chrome("col_owner"), max_chars=access.MAX_OWNER_CHARS)
        due = cols[1].date_input(chrome("due_date"), value=None, min_value=date.today())
        dims = {d.id: q.t(d.name, lang) for d in q.dimensions}
        default_dim = picked.dimension if picked and picked.dimension in dims else None
        dimension = cols[2].selectbox(
            chrome("col_dimension"),
            [None, *dims],
            index=[None, *dims].index(default_dim),
            format_func=lambda d: "–" if d is None else dims[d],
        )
        if st.form_submit_button(chrome("record"), type="primary", icon=":material/add_task:"):
            try:
                access.agree_action(
                    store,
                    actor,
                    w.id,
                    title=title,
                    owner=owner,
                    due_date=due,
                    dimension_id=dimension,
                    source_action_id=picked.action.id if picked else None,
                )
            except GapMapError as refused:
                st.error(_refusal(refused), icon=":material/error:")
                return
            Facilitate.ACTION_ROUND.set(Facilitate.ACTION_ROUND.get() + 1)
            Facilitate.FLASH.set(chrome("recorded"))
            st.rerun()


# --- after the workshop -------------------------------------------------------------------------


def _ended(store: Store, actor: Actor, w: workshop.Workshop) -> None:
    assessment = access.get_assessment(store, actor, w.assessment_id)
    q = access.questionnaire_of(store, actor, assessment)
    lang = _screen_language(store, actor, w, assessment)
    view = access.live_view(store, actor, w.id, language=lang)
    st.title(escape_markdown(w.title), anchor=False)
    ended = _when(w.ended_at) if w.ended_at else ""
    joined = words.number(view.joined, ui_language(), 0)
    st.caption(
        chrome(
            "ended_caption", assessment=escape_markdown(assessment.name), when=ended, joined=joined
        )
    )
    rows = []
    for d in q.dimensions:
        live = view.dimension(d.id)
        r = live.result
        target = assessment.targets.get(d.id)
        rows.append(
            {
                chrome("col_dimension"): q.t(d.name, lang),
                chrome("col_revealed"): live.status != "hidden",
                chrome("col_answered"): live.answered,
                chrome("col_score"): q.score_text(r.mean, lang, 2)
                if r
                else chrome("score_paused")
                if live.status == "paused"
                else chrome("score_hidden", k=view.k),
                chrome("col_level"): str(q.shown_level(r.level)) if r and r.level else "–",
                chrome("col_target"): q.shown_level(target) if target else None,
            }
        )
    st.dataframe(rows, hide_index=True, width="stretch")
    st.altair_chart(_bars(view, lang), width="stretch")
    _summary_download(store, actor, w, lang)
    _actions(store, actor, w, q, lang)
    st.button(
        chrome("list"),
        icon=":material/list:",
        key="ws-back-to-list",
        on_click=_leave,
    )


def _summary_download(store: Store, actor: Actor, w: workshop.Workshop, lang: str) -> None:
    with contextlib.suppress(GapMapError):
        st.download_button(
            chrome("download_summary"),
            data=lambda: access.workshop_summary_pdf(store, actor, w.id, language=lang),
            file_name=f"workshop-{slug(w.title) or 'summary'}.pdf",
            mime="application/pdf",
            icon=":material/picture_as_pdf:",
            on_click="ignore",
            key=f"ws-summary-{w.id}",
            type="primary",
        )


# --- the open question (collect/open_question.py) ----------------------------------------------


def _open_question(store: Store, actor: Actor, w: workshop.Workshop, lang: str) -> None:
    """Ask, change or clear the room's open question, and the words the room used (only
    once enough people answered; the words are counted in the domain)."""
    label = words.t("open.label", lang)
    with st.expander(label, icon=":material/forum:", expanded=bool(w.open_question)):
        with st.form("ws-open-question", border=False):
            typed = st.text_input(
                label,
                value=w.open_question or "",
                max_chars=open_question.MAX_QUESTION_CHARS,
                help=words.t("open.help", lang),
                key="ws-open-text",
            )
            with st.container(horizontal=True):
                ask = st.form_submit_button(words.t("open.ask", lang), type="primary")
                clear = st.form_submit_button(
                    words.t("open.clear", lang), disabled=not w.open_question
                )
        if ask or clear:
            try:
                access.set_open_question(store, actor, w.id, "" if clear else typed)
            except GapMapError as err:
                st.error(err.message_in(lang), icon=":material/error:")
            else:
                st.rerun()

    @state.live_section(run_every=workshop.SCREEN_REFRESH_SECONDS)
    def live(actor: Actor) -> None:
        view = access.open_question_view(store, actor, w.id)
        if view.question is not None:
            with st.container(key="ws-open-words"):
                _open_words(view, lang, presenter=True)

    live()


def _open_words(view: open_question.OpenQuestionView, lang: str, *, presenter: bool) -> None:
    st.subheader(escape_markdown(view.question or ""), anchor=False)
    st.markdown(escape_markdown(words.t("open.answered", lang, n=view.answered)))
    if view.words is None:
        st.info(
            words.t("open.needs_more", lang, more=view.needed, c=view.threshold),
            icon=":material/hourglass_top:",
        )
        return
    if not view.words.words:
        st.info(words.t("open.no_words", lang))
    else:  # a chart: every word stays text, and reads from the back of a room
        _projected_chart(
            charts.word_counts(view.words.words, lang, projector=not presenter),
            presenter=presenter,
        )
    if view.words.left_out:
        left_out = view.words.left_out
        st.caption(words.plural("open.left_out", left_out, lang, n=left_out))


if __name__ == "__main__":
    render()
