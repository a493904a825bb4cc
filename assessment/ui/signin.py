"""Sign in with a user name and password, or with the organisation's identity provider.

Single sign-on (OpenID Connect through `st.login`) is offered only when the secrets
file has an `[auth]` section; the provider's e-mail address is matched to an account
by `auth.sign_in_with_email`. Respondents need no account: their invite link is enough.
The client's address goes to `auth.sign_in` for its in-memory rate limit, and nowhere else.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from assessment.collect.limits import UNKNOWN_ADDRESS
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.ui import client, codebox, state
from assessment.ui.language import t, ui_language
from assessment.ui.state import Session, SignIn
from assessment.ui.text import escape_markdown


def client_address() -> str | None:
    """The client's address for the sign-in rate limit (`assessment.ui.client`), None
    when it cannot be told: an address everyone shares would let one person's wrong
    guesses lock everybody out, so then only the overall limit applies."""
    found = client.address()
    # Under AppTest the peer is a mock object, not an address.
    return found if isinstance(found, str) and found != UNKNOWN_ADDRESS else None


def single_sign_on_configured() -> bool:
    """True when `.streamlit/secrets.toml` has an `[auth]` section (no file is fine)."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file, or one that does not parse
        return False


def provider_user() -> Any | None:
    """The identity provider's user when they are logged in with it, else None."""
    try:
        user = st.user
        return user if user.is_logged_in else None
    except Exception:  # st.user needs auth configured
        return None


def _single_sign_on() -> None:
    user = provider_user()
    if user is None:
        if st.button(t("signin.sso"), icon=":material/badge:", key="signin-sso"):
            st.login()
        return
    email = str(user.get("email") or "")
    if SignIn.SSO_FAILED.get() != email:
        try:
            signed = auth.sign_in_with_email(state.store(), email)
        except GapMapError as refused:
            SignIn.SSO_FAILED.set(email)
            st.error(refused.message_in(ui_language(), escape=escape_markdown))
        else:
            state.sign_in(signed)
            st.rerun()
    else:
        st.error(t("signin.sso_no_account"))
    if st.button(t("signin.sso_logout"), key="signin-sso-logout"):
        SignIn.SSO_FAILED.clear()
        st.logout()


def render() -> None:
    codebox.render()  # most visitors of the bare address hold a code, not an account
    st.title(t("signin.title"))
    notice = Session.NOTICE.get()
    if notice:
        st.info(str(notice), icon=":material/schedule:")

    with st.form("signin-form", width=420):
        username = st.text_input(
            t("signin.username"), key="signin-username", autocomplete="username"
        )
        password = st.text_input(
            t("signin.password"),
            type="password",
            key="signin-password",
            autocomplete="current-password",
        )
        submitted = st.form_submit_button(t("signin.submit"), type="primary", key="signin-submit")

    if submitted:
        try:
            signed = auth.sign_in(state.store(), username, password, address=client_address())
        except GapMapError as refused:
            st.error(
                refused.message_in(ui_language(), escape=escape_markdown), icon=":material/error:"
            )
        else:
            state.sign_in(signed)
            st.rerun()

    if single_sign_on_configured():
        st.divider()
        _single_sign_on()

    st.divider()
    st.caption(t("signin.invite_hint"))


if __name__ == "__main__":
    render()
