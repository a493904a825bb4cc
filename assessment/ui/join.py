"""A participant's phone in a live workshop: join by code or QR, answer the pulse items,
follow the facilitator (or go at one's own pace).

The participant's resume secret is kept in the session and in the page address
(`?w=CODE&p=SECRET`), so a phone that locks, reloads or loses its connection comes
back to the same place with its answers, and never joins twice. Every answer is saved
as it is tapped. All questionnaire text is shown as escaped Markdown, never as HTML.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment import workshop
from assessment.errors import GapMapError
from assessment.model import Item, Questionnaire
from assessment.responses import DONT_KNOW, AnswerValue, DontKnow
from assessment.store import Store
from assessment.ui import state
from assessment.ui.i18n import DEFAULT_LANGUAGE, has, t
from assessment.ui.text import escape_markdown, language_name

SECRET = "ws-secret"  # noqa: S105 - a session_state key
LANGUAGE = "ws-language"
OWN_STEP = "ws-own-step"  # self-paced: 0..n-1 a dimension, n the thank-you page
SHOWN_STEP = "ws-shown-step"  # the step whose widgets are on screen
ERRORS = "ws-errors"  # item id -> why the last answer was not taken
ITEM_KEY = "ws-item-"
DONT_KNOW_KEY = "ws-dk-"
PAGE_WIDTH = 640
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


def ss() -> Any:
    return st.session_state


def lang_of(offered: tuple[str, ...] | None = None) -> str:
    chosen = ss().get(LANGUAGE)
    if offered is None:
        return str(chosen or DEFAULT_LANGUAGE)
    return str(chosen) if chosen in offered else offered[0]


def _error_text(err: GapMapError, lang: str) -> str:
    key = f"error-{err.code}"
    return t(key, lang) if has(key) else escape_markdown(err.message)


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
    secret = ss().get(SECRET) or entry.get("p")
    if secret:
        try:
            me = workshop.participant(store, secret)
        except GapMapError as err:
            if err.code != "bad-secret":
                raise
            ss().pop(SECRET, None)
            state.set_entry()
            _message(lang_of(), "ws_bad_secret_title", "ws_bad_secret_body")
            _code_form(lang_of())
            return
        _remember(me.workshop.join_code, secret)
        ss().setdefault(LANGUAGE, me.language)
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
        found = workshop.find_workshop(store, code)
    except GapMapError as err:
        lang = lang_of()
        if err.code == "workshop-ended":
            _message(lang, "ws_ended_title", "ws_ended_body")
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
    """Keep the participant's place in the session and in the address bar, so a reload
    or a locked phone comes back to it."""
    ss()[SECRET] = secret
    if st.query_params.get("p") != secret or st.query_params.get("w") != code:
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
            ss().pop(SECRET, None)
            state.set_entry(w=workshop.normalise_code(code))
            st.rerun()


# --- joining ------------------------------------------------------------------------------------


def _language_switch(offered: tuple[str, ...]) -> str:
    lang = lang_of(offered)
    if len(offered) > 1:
        ss()["ws-language-switch"] = lang
        with st.container(horizontal=True, horizontal_alignment="right", key="ws-top"):
            st.segmented_control(
                t("language", lang),
                list(offered),
                format_func=language_name,
                required=True,
                key="ws-language-switch",
                on_change=_on_language,
                label_visibility="collapsed",
            )
    return lang_of(offered)


def _on_language() -> None:
    chosen = ss().get("ws-language-switch")
    if chosen:
        ss()[LANGUAGE] = chosen
        for key in [k for k in ss() if str(k).startswith((ITEM_KEY, DONT_KNOW_KEY))]:
            del ss()[key]


def _join_form(store: Store, found: workshop.Joinable) -> None:
    q, assessment, w = found.questionnaire, found.assessment, found.workshop
    lang = _language_switch(assessment.languages)
    st.title(escape_markdown(w.title), anchor=False)
    st.caption(escape_markdown(assessment.name))
    st.info(t("ws_welcome", lang, k=assessment.anonymity_threshold), icon=":material/lock:")
    roles = {r.id: r for r in q.roles}
    st.radio(
        t("ws_role", lang),
        list(roles),
        index=None,
        format_func=lambda r: escape_markdown(q.t(roles[r].name, lang)),
        captions=[escape_markdown(q.t(r.description, lang)) for r in q.roles],
        key="ws-role",
    )
    if w.ask_team:
        teams = {tm.id: tm for tm in assessment.teams}
        st.selectbox(
            t("ws_team", lang),
            list(teams),
            index=None,
            format_func=lambda i: teams[i].name,
            placeholder=t("ws_team_placeholder", lang),
            key="ws-team",
        )
    st.button(
        t("ws_join", lang),
        type="primary",
        width="stretch",
        icon=":material/login:",
        key="ws-join",
        on_click=_on_join,
        args=(store, w.join_code, w.ask_team, lang),
    )
    problem = ss().pop("ws-join-error", None)
    if problem:
        st.error(problem, icon=":material/error:")


def _on_join(store: Store, code: str, ask_team: bool, lang: str) -> None:
    if ss().get(SECRET):  # a double tap: already in
        return
    # Read from the widgets now: values bound when the button was drawn are stale.
    role_id, team_id = ss().get("ws-role"), ss().get("ws-team") if ask_team else None
    if role_id is None:
        ss()["ws-join-error"] = t("ws_joining_needs_role", lang)
        return
    if ask_team and team_id is None:
        ss()["ws-join-error"] = t("ws_joining_needs_team", lang)
        return
    try:
        joined = workshop.join(store, code, role_id=role_id, team_id=team_id, language=lang)
    except GapMapError as err:
        ss()["ws-join-error"] = _error_text(err, lang)
        return
    ss()[SECRET] = joined.secret
    ss()[OWN_STEP] = 0


# --- taking part --------------------------------------------------------------------------------


def _participant_page(store: Store, me: workshop.Participant, secret: str) -> None:
    q, w = me.questionnaire, me.workshop
    lang = _language_switch(me.assessment.languages)
    if not w.running:
        _message(lang, "ws_ended_title", "ws_ended_body")
        return
    st.caption(f":material/groups: {escape_markdown(w.title)}")
    dims = workshop.participant_steps(q, me.role_id)
    if w.pacing == "facilitator":
        now = workshop.phone_state(store, w.id)
        _follow(store, w.id, now.step)
        dim = workshop.dimension_at(q, now.step)
        if now.step == 0:
            st.title(t("ws_lobby_title", lang), anchor=False)
            st.info(t("ws_lobby_body", lang), icon=":material/hourglass_top:")
            st.caption(t("ws_welcome", lang, k=me.assessment.anonymity_threshold))
        elif dim is None:
            st.title(t("ws_overview_title", lang), anchor=False)
            st.success(t("ws_overview_body", lang), icon=":material/co_present:")
        else:
            position = [d.id for d in q.dimensions].index(dim.id) + 1
            st.progress(
                position / len(q.dimensions),
                t("ws_step", lang, n=position, total=len(q.dimensions)),
            )
            _dimension(store, q, me, secret, dim.id, lang, step=now.step)
            st.caption(f":material/sync: {t('ws_follow_note', lang)}")
        st.caption(t("ws_rejoin_note", lang))
        return
    _follow(store, w.id, None)
    own = int(ss().get(OWN_STEP, 0))
    if own >= len(dims):
        st.title(t("ws_done_title", lang), anchor=False)
        st.success(t("ws_done_body", lang), icon=":material/check_circle:")
        st.button(
            t("ws_change", lang),
            key="ws-change",
            icon=":material/edit:",
            on_click=lambda: ss().__setitem__(OWN_STEP, 0),
        )
        return
    dim = dims[own]
    st.progress((own + 1) / len(dims), t("ws_step", lang, n=own + 1, total=len(dims)))
    _dimension(store, q, me, secret, dim.id, lang, step=own + 1)
    with st.container(horizontal=True, key="ws-nav"):
        st.button(
            t("ws_back", lang),
            key="ws-back",
            width="stretch",
            icon=":material/arrow_back:",
            disabled=own == 0,
            on_click=lambda: ss().__setitem__(OWN_STEP, max(0, own - 1)),
        )
        st.button(
            t("ws_finish" if own == len(dims) - 1 else "ws_next", lang),
            key="ws-next",
            type="primary",
            width="stretch",
            icon=":material/arrow_forward:",
            icon_position="right",
            on_click=lambda: ss().__setitem__(OWN_STEP, own + 1),
        )
    st.caption(t("ws_rejoin_note", lang))


def _follow(store: Store, workshop_id: str, shown_step: int | None) -> None:
    """Poll where the workshop stands and redraw the page when the facilitator moves on
    (or the workshop ends). Self-paced phones only watch for the end."""

    @st.fragment(run_every=workshop.PHONE_POLL_SECONDS if shown_step is not None else 5.0)
    def watch() -> None:
        now = workshop.phone_state(store, workshop_id)
        if not now.running or (shown_step is not None and now.step != shown_step):
            st.rerun()

    watch()


def _dimension(
    store: Store,
    q: Questionnaire,
    me: workshop.Participant,
    secret: str,
    dimension_id: str,
    lang: str,
    *,
    step: int,
) -> None:
    dim = q.dimension(dimension_id)
    items = workshop.pulse_items(q, dimension_id, me.role_id)
    if ss().get(SHOWN_STEP) != step:
        # Arriving on a step: widgets start from the stored answers.
        for item in items:
            ss().pop(ITEM_KEY + item.id, None)
            ss().pop(DONT_KNOW_KEY + item.id, None)
        ss()[SHOWN_STEP] = step
    st.header(escape_markdown(q.t(dim.name, lang)), anchor=False)
    st.caption(escape_markdown(q.t(dim.definition, lang)))
    if not items:
        st.info(t("ws_nothing_for_role", lang), icon=":material/hourglass_top:")
        return
    st.html(PHONE_CSS)
    answers = dict(me.answers)
    for item in items:
        _item(store, q, item, answers.get(item.id), secret, lang)
    if all(answers.get(i.id) is not None for i in items):
        st.success(t("ws_all_answered", lang), icon=":material/check_circle:")
    else:
        st.caption(f":material/cloud_done: {t('ws_saved', lang)}")


def _item(
    store: Store, q: Questionnaire, item: Item, answer: AnswerValue, secret: str, lang: str
) -> None:
    key, dk_key = ITEM_KEY + item.id, DONT_KNOW_KEY + item.id
    if key not in ss():
        ss()[key] = answer if isinstance(answer, int) else None
    dont_know = q.dont_know_label(item, lang)
    if dont_know is not None and dk_key not in ss():
        ss()[dk_key] = isinstance(answer, DontKnow)
    label = escape_markdown(q.t(item.text, lang))
    options = [escape_markdown(q.t(o.text, lang)) for o in q.options_of(item)]
    with st.container(border=True, key=f"ws-card-{item.id}"):
        st.markdown(f"**{label}**")
        error = ss().get(ERRORS, {}).get(item.id)
        if error:
            st.error(error, icon=":material/error:")
        st.radio(
            label,
            range(len(options)),
            format_func=lambda i: options[i],
            horizontal=item.type in ("likert", "frequency"),
            key=key,
            on_change=_on_answer,
            args=(store, secret, item, lang),
            label_visibility="collapsed",
        )
        if dont_know is not None:
            st.checkbox(
                escape_markdown(dont_know),
                key=dk_key,
                on_change=_on_dont_know,
                args=(store, secret, item, lang),
            )


def _save(store: Store, secret: str, item: Item, value: AnswerValue, lang: str) -> None:
    errors: dict[str, str] = ss().setdefault(ERRORS, {})
    try:
        workshop.answer(store, secret, {item.id: value})
    except GapMapError as err:
        errors[item.id] = _error_text(err, lang)
        return
    errors.pop(item.id, None)


def _on_answer(store: Store, secret: str, item: Item, lang: str) -> None:
    value = ss().get(ITEM_KEY + item.id)
    if value is not None:
        ss()[DONT_KNOW_KEY + item.id] = False
    _save(store, secret, item, None if value is None else int(value), lang)


def _on_dont_know(store: Store, secret: str, item: Item, lang: str) -> None:
    if ss().get(DONT_KNOW_KEY + item.id):
        ss()[ITEM_KEY + item.id] = None
        _save(store, secret, item, DONT_KNOW, lang)
    else:
        _save(store, secret, item, None, lang)


if __name__ == "__main__":
    render()
