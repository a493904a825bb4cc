"""The page a one-time password-reset link opens (`/?reset=TOKEN`): set a new password.

The link is checked when the page opens (a link that does not work says why, and is
audited) and used up only when the new password is set. The token leaves the address
bar once read. Setting the password ends every session of the account, the one in this
browser too, and the visitor goes on to the sign-in page.
"""

from __future__ import annotations

import streamlit as st

from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.ui import account_text, state
from assessment.ui.account_text import refusal, t
from assessment.ui.password import new_password_form
from assessment.ui.state import Reset, Session
from assessment.ui.text import escape_markdown


def _checked(token: str) -> tuple[str | None, str | None]:
    """(user name, None) while the link works, else (None, why): checked (and a
    refusal audited) once per browser session, not on every click."""
    checked = Reset.CHECKED.get()
    if checked is None or checked[0] != token:
        try:
            checked = (token, auth.check_password_reset(state.store(), token), None)
        except GapMapError as refused:
            checked = (token, None, refused.variant or "unknown")
        Reset.CHECKED.set(checked)
    return checked[1], checked[2]


def _done(lang: str) -> None:
    """Every session of the account has ended: forget this browser's, go to sign-in."""
    state.set_entry()
    Reset.CHECKED.clear()
    if Session.TOKEN.take():
        Session.COOKIE_OP.set("")
    Session.SIGNED_OUT.set(True)
    Session.ACTOR.set(auth.ANONYMOUS)
    Session.NOTICE.set(t("set_done", lang))
    st.rerun()


def render() -> None:
    lang = account_text.language()
    st.title(t("set_title", lang))
    token = state.entry().get(auth.RESET_PARAM, "")
    if st.query_params.get(auth.RESET_PARAM):
        del st.query_params[auth.RESET_PARAM]  # kept in this session, not in the address bar
    username, why = _checked(token)
    if username is None:
        hours = int(auth.RESET_VALID.total_seconds() // 3600)
        st.error(refusal(auth.AuthError("reset-link", variant=why or "unknown", hours=hours), lang))
        if st.button(t("to_sign_in", lang), key="reset-to-sign-in"):
            state.set_entry()
            Reset.CHECKED.clear()
            st.rerun()
        return
    st.markdown(t("set_for", lang, username=escape_markdown(username)))
    st.caption(t("set_note", lang))
    chosen = new_password_form("reset", t("set_button", lang), lang)
    if chosen is None:
        return
    new = chosen[1]
    try:
        auth.use_password_reset(state.store(), token, new)
    except GapMapError as refused:
        if refused.code == "reset-link":
            Reset.CHECKED.set((token, None, refused.variant))
            st.rerun()
        st.error(refusal(refused, lang), icon=":material/error:")
        return
    _done(lang)


if __name__ == "__main__":
    render()
