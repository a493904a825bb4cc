"""Change one's own password: the current one first; every other session ends.

The current password is checked like a sign-in (it counts toward the lockout and the
rate limits), so a session left open cannot be used to guess it at leisure.
"""

from __future__ import annotations

import streamlit as st

from assessment import access, words
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.ui import state
from assessment.ui.account_text import refusal, t
from assessment.ui.language import ui_language
from assessment.ui.signin import client_address
from assessment.ui.state import Password, Session

FORM_WIDTH = 480  # pixels


def new_password_form(
    key: str, button: str, lang: str, *, current: bool = False
) -> tuple[str, str] | None:
    """The form that sets a password (this page's and the reset link's): the current
    password first when `current`, the new one twice. On submit with the two the same,
    (current password or "", new password); else None, saying so when they differ.
    Widget keys are `{key}-current`, `{key}-new`, `{key}-repeat`."""
    with st.form(f"{key}-form", width=FORM_WIDTH):
        old = (
            st.text_input(
                t("current_password", lang),
                type="password",
                key=f"{key}-current",
                autocomplete="current-password",
            )
            if current
            else ""
        )
        new = st.text_input(
            t("new_password", lang),
            type="password",
            key=f"{key}-new",
            autocomplete="new-password",
            help=t("new_password_help", lang, minimum=auth.PASSWORD_MIN_CHARS),
        )
        repeat = st.text_input(
            t("repeat_password", lang),
            type="password",
            key=f"{key}-repeat",
            autocomplete="new-password",
        )
        if not st.form_submit_button(button, type="primary"):
            return None
    if new != repeat:
        st.error(t("passwords_differ", lang), icon=":material/error:")
        return None
    return old, new


def render() -> None:
    lang = ui_language()  # the sidebar holds the switch
    st.title(t("password_title", lang))
    actor = state.actor()
    if not access.allowed(actor, "change-own-password"):
        st.error(refusal(auth.PermissionDenied("not-signed-in"), lang), icon=":material/block:")
        return
    message = Password.FLASH.take()
    if message:
        st.success(str(message), icon=":material/check_circle:")
    st.caption(t("password_intro", lang))
    if Password.EMPTY_FORM.take():  # set before the fields are drawn (see `Accounts.FORM`)
        for field in Password.FORM:
            field.set("")
    chosen = new_password_form("password", t("change_button", lang), lang, current=True)
    if chosen is None:
        return
    current, new = chosen
    try:
        ended = access.change_own_password(
            state.store(),
            actor,
            current,
            new,
            session_token=Session.TOKEN.get(),
            address=client_address(),
        )
    except GapMapError as refused:
        st.error(refusal(refused, lang), icon=":material/error:")
        return
    Password.FLASH.set(words.plural("account.changed", ended, lang, ended=ended))
    Password.EMPTY_FORM.set(True)
    st.rerun()


if __name__ == "__main__":
    render()
