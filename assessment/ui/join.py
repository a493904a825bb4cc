"""A participant's phone in a live workshop: join by code or QR, answer the pulse items,
follow the facilitator (or go at one's own pace).

The participant's resume secret is kept in the session (`state.Join`) and in the page
address (`?w=CODE&p=SECRET`), so a phone that locks, reloads or loses its connection
comes back to the same place with its answers, and never joins twice. Every answer is
saved as it is tapped; who the participant is and their answers are read from the
store, never kept in the session. All questionnaire text is shown as escaped Markdown,
never as HTML.
"""

from __future__ import annotations

import streamlit as st

from assessment.collect import workshop
from assessment.collect.responses import DONT_KNOW, AnswerValue, DontKnow
from assessment.errors import GapMapError
from assessment.questionnaire.model import Item, Questionnaire
from assessment.storage.store import Store
from assessment.ui import client, erasure, state
from assessment.ui.i18n import DEFAULT_LANGUAGE, t
from assessment.ui.state import Join
from assessment.ui.text import escape_markdown, language_name

PAGE_WIDTH = 640
# Up to this many teams are radio buttons (in sight, one tap); more, a select box.
MAX_RADIO_OPTIONS = 8
# A self-paced phone moves by its own buttons; it only watches for the end of the workshop.
SELF_PACED_WATCH_SECONDS = 5.0
# Constant CSS, no user text: a scale becomes one option per line on a phone, and every
# option is a finger-sized target.
PHONE_CSS = """<style>
[class*="st-key-ws-item-"] [role="radiogroup"] label { min-height: 2.75rem; }
@media (max-width: 640px) {
  [class*="st-key-ws-item-"] [role="radiogroup"] {
    flex-direction: column; align-items: flex-start; gap: 0;
  }
}
</style>"""


def lang_of(offered: tuple[str, ...] | None = None) -> str:
    chosen = Join.LANGUAGE.get()
    if offered is None:
        return str(chosen or DEFAULT_LANGUAGE)
    return str(chosen) if chosen in offered else offered[0]


def _error_text(err: GapMapError, lang: str) -> str:
    return err.message_in(lang, escape=escape_markdown)


def render() -> None:
    store = state.store()
    with (
        st.container(horizontal_alignment="center", key="ws-page"),
        st.container(width=PAGE_WIDTH, key="ws-column"),
    ):
        try:
            _route(store, state.entry())
        except GapMapError as err:
            lang = lang_of()
            st.title(t("problem_title", lang), anchor=False)
            st.error(_error_text(err, lang))
            st.caption(t("try_again", lang))


def _route(store: Store, entry: dict[str, str]) -> None:
    if Join.ERASED.get():
        _message(lang_of(), "ws_erased_title", "ws_erased_body")
        return
    secret = Join.SECRET.get() or entry.get("p")
    if secret:
        try:
            me = workshop.participant(store, secret)
        except GapMapError as err:
            if err.code != "bad-secret":
                raise
            Join.SECRET.clear()
            state.set_entry()
            _message(lang_of(), "ws_bad_secret_title", "ws_bad_secret_body")
            _code_form(lang_of())
            return
        _remember(me.workshop.join_code, secret)
        if not Join.LANGUAGE.is_set():
            Join.LANGUAGE.set(me.language)  # the page's language, seeded from the store
        _participant_page(store, me, secret)
        return
    code = entry.get("w", "")
    if not code:
        lang = lang_of()
        st.title(t("ws_page_title", lang), anchor=False)
        st.markdown(t("ws_code_intro", lang))
        _code_form(lang)
        return
    try:
        found = workshop.find_workshop(store, code, address=client.address())
    except GapMapError as err:
        lang = lang_of()
        if err.code == "workshop-ended":
            _message(lang, "ws_ended_title", "ws_ended_body")
            return
        if err.code == "too-many-attempts":
            st.error(_error_text(err, lang), icon=":material/hourglass_top:")
            _code_form(lang)
            return
        if err.code != "unknown-code":
            raise
        st.title(t("ws_unknown_title", lang), anchor=False)
        st.warning(
            t("ws_unknown_body", lang, code=escape_markdown(code)), icon=":material/search_off:"
        )
        _code_form(lang)
        return
    _join_form(store, found)


def _remember(code: str, secret: str) -> None:
    """Keep the participant's place in the session and the address bar, so a reload or
    a locked phone comes back to it (the secret itself moves to a cookie at the end of
    the run: `state.keep_secrets_out_of_address`)."""
    Join.SECRET.set(secret)
    if st.query_params.get("p") not in (secret, state.KEPT) or st.query_params.get("w") != code:
        st.query_params.from_dict({"w": code, "p": secret})


def _message(lang: str, title: str, body: str) -> None:
    st.title(t(title, lang), anchor=False)
    st.info(t(body, lang), icon=":material/info:")


def _code_form(lang: str) -> None:
    with st.form("ws-code-form", border=False, enter_to_submit=True):
        code = st.text_input(
            t("ws_code_label", lang),
            max_chars=32,
            placeholder=t("ws_code_placeholder", lang),
            key="ws-code",
        )
        if st.form_submit_button(t("ws_code_button", lang), type="primary", width="stretch"):
            if not code.strip():
                st.error(t("code_empty", lang))
                return
            Join.SECRET.clear()
            typed = workshop.normalise_code(code)
            state.set_entry(w=typed)
            # The address bar shows the code in use (a reload opens the same workshop).
            st.query_params.from_dict({"w": typed})
            st.rerun()


# --- joining ------------------------------------------------------------------------------------


def _language_switch(offered: tuple[str, ...]) -> str:
    lang = lang_of(offered)
    if len(offered) > 1:
        Join.LANGUAGE_SWITCH.set(lang)
        with st.container(horizontal=True, horizontal_alignment="right", key="ws-top"):
            st.segmented_control(
                t("language", lang),
                list(offered),
                format_func=language_name,
                required=True,
                key=Join.LANGUAGE_SWITCH.name,
                on_change=_on_language,
                label_visibility="collapsed",
            )
    return lang_of(offered)


def _on_language() -> None:
    chosen = Join.LANGUAGE_SWITCH.get()
    if chosen:
        Join.LANGUAGE.set(chosen)
        state.forget(Join.ITEM.prefix)
        state.forget(Join.DONT_KNOW.prefix)


def _join_form(store: Store, found: workshop.Joinable) -> None:
    q, assessment, w = found.questionnaire, found.assessment, found.workshop
    lang = _language_switch(assessment.languages)
    st.title(escape_markdown(w.title), anchor=False)
    st.caption(escape_markdown(assessment.name))
    st.info(t("ws_welcome", lang, k=assessment.anonymity_threshold), icon=":material/lock:")
    roles = {r.id: r for r in q.roles}
    # A form: choosing a role or a team costs the server no run, only Join does.
    with st.form("ws-join-form", border=False, enter_to_submit=False):
        st.radio(
            t("ws_role", lang),
            list(roles),
            index=None,
            format_func=lambda r: escape_markdown(q.t(roles[r].name, lang)),
            captions=[escape_markdown(q.t(r.description, lang)) for r in q.roles],
            key=Join.ROLE.name,
        )
        if w.ask_team:
            teams = {tm.id: tm for tm in assessment.teams}
            if len(teams) <= MAX_RADIO_OPTIONS:  # in sight, one tap, nothing to open
                st.radio(
                    t("ws_team", lang),
                    list(teams),
                    index=None,
                    format_func=lambda i: escape_markdown(teams[i].name),
                    key=Join.TEAM.name,
                )
            else:
                st.selectbox(
                    t("ws_team", lang),
                    list(teams),
                    index=None,
                    format_func=lambda i: teams[i].name,  # selectbox options are plain text
                    placeholder=t("ws_team_placeholder", lang),
                    key=Join.TEAM.name,
                )
        st.form_submit_button(
            t("ws_join", lang),
            type="primary",
            width="stretch",
            icon=":material/login:",
            key="ws-join",
            on_click=_on_join,
            args=(store, found, lang),
        )
    problem = Join.JOIN_ERROR.take()
    if problem:
        st.error(problem, icon=":material/error:")


def _on_join(store: Store, found: workshop.Joinable, lang: str) -> None:
    if Join.SECRET.get():  # a double tap: already in
        return
    code, ask_team = found.workshop.join_code, found.workshop.ask_team
    # Read from the widgets now: values bound when the button was drawn are stale.
    role_id, team_id = Join.ROLE.get(), Join.TEAM.get() if ask_team else None
    if role_id is None:
        Join.JOIN_ERROR.set(t("ws_joining_needs_role", lang))
        return
    if ask_team and team_id is None:
        Join.JOIN_ERROR.set(t("ws_joining_needs_team", lang))
        return
    try:
        joined = workshop.join(
            store,
            code,
            role_id=role_id,
            team_id=team_id,
            language=lang,
            address=client.address(),
        )
    except GapMapError as err:
        Join.JOIN_ERROR.set(_error_text(err, lang))
        return
    Join.SECRET.set(joined.secret)
    Join.OWN_STEP.set(0)


# --- taking part --------------------------------------------------------------------------------
#
# Everything that changes while a participant takes part is drawn by one fragment
# (`_phone`): it polls where the workshop stands and redraws itself when the facilitator
# moves on, and a tap on an answer reruns only the fragment, not the whole page (the
# entry point, the navigation, the participant's record). A full run happens when the
# page opens, on a language switch and when the workshop ends.


def _participant_page(store: Store, me: workshop.Participant, secret: str) -> None:
    w = me.workshop
    lang = _language_switch(me.assessment.languages)
    # Where the workshop stands, as the fragment sees it (`me` may be this session's copy).
    if not workshop.phone_state(store, w.id).running:
        _message(lang, "ws_ended_title", "ws_ended_body")
        return
    st.caption(f":material/groups: {escape_markdown(w.title)}")
    st.html(PHONE_CSS)  # drawn once per page, not on every poll of the fragment
    every = workshop.PHONE_POLL_SECONDS if w.pacing == "facilitator" else SELF_PACED_WATCH_SECONDS
    st.fragment(run_every=every)(_phone)(store, me, secret, lang)
    st.caption(t("ws_rejoin_note", lang))
    _leave_box(store, secret, lang)


def _leave_box(store: Store, secret: str, lang: str) -> None:
    """The participant's right to erasure: their place's secret is the authority."""
    words = erasure.Words(
        t("ws_leave_label", lang),
        t("ws_leave_body", lang),
        t("ws_leave_confirm", lang),
        t("ws_leave_button", lang),
        t("ws_leave_confirm_first", lang),
    )
    erasure.erase_box(
        store,
        "ws-leave",
        secret,
        words,
        describe=lambda err: _error_text(err, lang),
        forget=_forget_place,
    )


def _forget_place() -> None:
    language = Join.LANGUAGE.get()
    state.forget(Join.PREFIX)
    if language is not None:
        Join.LANGUAGE.set(language)
    Join.ERASED.set(True)
    state.set_entry()


def _phone(store: Store, me: workshop.Participant, secret: str, lang: str) -> None:
    """The part of the page that follows the workshop: the lobby, a dimension's items,
    the overview (facilitator-paced), or the participant's own step (self-paced). It
    runs on every poll, so it draws as few elements as it can."""
    now = workshop.phone_state(store, me.workshop.id)
    if not now.running:
        st.rerun()  # the whole page: it says the workshop has ended, and stops polling
    if me.workshop.pacing == "facilitator":
        _facilitated(store, me, secret, lang, now.step)
    else:
        _self_paced(store, me, secret, lang)


def _answers(store: Store, secret: str) -> dict[str, AnswerValue]:
    """The participant's answers as stored now (one small query a poll)."""
    return dict(workshop.saved_answers(store, secret))


def _facilitated(store: Store, me: workshop.Participant, secret: str, lang: str, step: int) -> None:
    q = me.questionnaire
    answers = _answers(store, secret)
    dim = workshop.dimension_at(q, step)
    saved = _saved_count(q, me.role_id, answers, lang)
    if dim is not None:
        position = [d.id for d in q.dimensions].index(dim.id) + 1
        part = t("ws_step", lang, n=position, total=len(q.dimensions))
        done = _dimension(store, q, me, secret, dim.id, lang, answers, step=step, part=part)
        if done:
            st.success(f"{t('ws_all_answered', lang)}  \n{saved}", icon=":material/check_circle:")
        else:
            st.caption(f":material/cloud_done: {saved} · {t('ws_follow_note', lang)}")
        return
    Join.SHOWN_STEP.set(step)
    if step == 0:
        st.title(t("ws_lobby_title", lang), anchor=False)
        st.info(t("ws_lobby_body", lang), icon=":material/hourglass_top:")
        st.caption(t("ws_welcome", lang, k=me.assessment.anonymity_threshold))
    else:
        st.title(t("ws_overview_title", lang), anchor=False)
        st.success(f"{t('ws_overview_body', lang)}  \n{saved}", icon=":material/co_present:")


def _self_paced(store: Store, me: workshop.Participant, secret: str, lang: str) -> None:
    q = me.questionnaire
    dims = workshop.participant_steps(q, me.role_id)
    own = Join.OWN_STEP.get()
    answers = _answers(store, secret)
    saved = _saved_count(q, me.role_id, answers, lang)
    if own >= len(dims):
        Join.SHOWN_STEP.set(own + 1)
        st.title(t("ws_done_title", lang), anchor=False)
        st.success(f"{t('ws_done_body', lang)}  \n{saved}", icon=":material/check_circle:")
        st.button(
            t("ws_change", lang),
            key="ws-change",
            icon=":material/edit:",
            on_click=lambda: Join.OWN_STEP.set(0),
        )
        return
    dim = dims[own]
    part = t("ws_step", lang, n=own + 1, total=len(dims))
    if _dimension(store, q, me, secret, dim.id, lang, answers, step=own + 1, part=part):
        st.success(f"{t('ws_all_answered', lang)}  \n{saved}", icon=":material/check_circle:")
    else:
        st.caption(f":material/cloud_done: {saved}")
    with st.container(horizontal=True, key="ws-nav"):
        st.button(
            t("ws_back", lang),
            key="ws-back",
            width="stretch",
            icon=":material/arrow_back:",
            disabled=own == 0,
            on_click=lambda: Join.OWN_STEP.set(max(0, own - 1)),
        )
        st.button(
            t("ws_finish" if own == len(dims) - 1 else "ws_next", lang),
            key="ws-next",
            type="primary",
            width="stretch",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=lambda: Join.OWN_STEP.set(own + 1),
        )


def _saved_count(q: Questionnaire, role_id: str, answers: dict[str, AnswerValue], lang: str) -> str:
    """ "4 of 10 answers saved ✓", counted from the answers read from the database: a
    tap that landed just as the facilitator moved on is confirmed on the next part."""
    asked = [item.id for item in q.pulse_items() if item.seen_by(role_id)]
    saved = sum(1 for item_id in asked if answers.get(item_id) is not None)
    return t("ws_saved_count", lang, n=saved, total=len(asked))


def _dimension(
    store: Store,
    q: Questionnaire,
    me: workshop.Participant,
    secret: str,
    dimension_id: str,
    lang: str,
    answers: dict[str, AnswerValue],
    *,
    step: int,
    part: str,
) -> bool:
    """Draw a dimension's items; True when every one of them has a stored answer."""
    dim = q.dimension(dimension_id)
    items = workshop.pulse_items(q, dimension_id, me.role_id)
    if Join.SHOWN_STEP.get() != step:
        # Arriving on a step: widgets start from the stored answers.
        for item in items:
            Join.ITEM.clear(item.id)
            Join.DONT_KNOW.clear(item.id)
        Join.SHOWN_STEP.set(step)
    st.header(escape_markdown(q.t(dim.name, lang)), anchor=False)
    st.caption(f"{part} · {escape_markdown(q.t(dim.definition, lang))}")
    if not items:
        st.info(t("ws_nothing_for_role", lang), icon=":material/hourglass_top:")
        return False
    for item in items:
        _item(store, q, item, answers.get(item.id), secret, lang)
    return all(answers.get(i.id) is not None for i in items)


def _item(
    store: Store, q: Questionnaire, item: Item, answer: AnswerValue, secret: str, lang: str
) -> None:
    key, dk_key = Join.ITEM.of(item.id), Join.DONT_KNOW.of(item.id)
    if not Join.ITEM.is_set(item.id):  # seeded from the store
        Join.ITEM.set(item.id, answer if isinstance(answer, int) else None)
    dont_know = q.dont_know_label(item, lang)
    if dont_know is not None and not Join.DONT_KNOW.is_set(item.id):
        Join.DONT_KNOW.set(item.id, isinstance(answer, DontKnow))
    label = escape_markdown(q.t(item.text, lang))
    options = [escape_markdown(q.t(o.text, lang)) for o in q.options_of(item)]
    with st.container(border=True, key=f"ws-card-{item.id}"):
        error = Join.ERRORS.get().get(item.id)
        if error:
            st.error(error, icon=":material/error:")
        st.radio(
            f"**{label}**",  # the question, in bold: one element fewer on every poll
            range(len(options)),
            format_func=lambda i: options[i],
            horizontal=item.type in ("likert", "frequency"),
            key=key,
            on_change=_on_answer,
            args=(store, secret, item, lang),
        )
        if dont_know is not None:
            st.checkbox(
                escape_markdown(dont_know),
                key=dk_key,
                on_change=_on_dont_know,
                args=(store, secret, item, lang),
            )


# --- saving a tap -------------------------------------------------------------------------------
#
# A callback saves only a change to what is stored (`workshop.tap`). A page that
# reconnects (a new session after the server restarted) sends back every value it shows,
# and Streamlit may call every on_change callback with them: those must not touch the
# stored answers, and an unticked "don't know" box must never clear a real answer.


def _tap(
    store: Store,
    secret: str,
    item: Item,
    value: AnswerValue,
    lang: str,
    replaces: workshop.Replaces = "any",
) -> None:
    errors = Join.ERRORS.setdefault()
    try:
        workshop.tap(store, secret, item.id, value, replaces=replaces)
    except GapMapError as err:
        errors[item.id] = _error_text(err, lang)
        return
    errors.pop(item.id, None)


def _on_answer(store: Store, secret: str, item: Item, lang: str) -> None:
    value = Join.ITEM.get(item.id)
    if value is None:  # an option cannot be unchosen: nothing was tapped
        return
    Join.DONT_KNOW.set(item.id, False)
    _tap(store, secret, item, int(value), lang)


def _on_dont_know(store: Store, secret: str, item: Item, lang: str) -> None:
    if Join.DONT_KNOW.get(item.id):
        Join.ITEM.set(item.id, None)
        _tap(store, secret, item, DONT_KNOW, lang)
    else:
        # Unticked: clear a stored "don't know", and only that.
        _tap(store, secret, item, None, lang, replaces="dont-know")


if __name__ == "__main__":
    render()
