"""First run: create the first consultant account and, if wanted, a demo organisation.

Shown only while the install has no account. The new consultant is signed in at once,
and the demo (400 synthetic respondents) gives them real-looking results to explore.
"""

from __future__ import annotations

import streamlit as st

from assessment import access
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.ui import state
from assessment.ui.language import t, ui_language
from assessment.ui.state import Console
from assessment.ui.text import escape_markdown

DEMO_RESPONDENTS = 400
FORM_WIDTH = 560  # pixels: a short form reads better than one across a wide screen


def render() -> None:
    st.title(t("signin.setup_title"))
    store = state.store()

    if auth.has_accounts(store):
        st.info(t("signin.setup_done"), icon=":material/login:")
        return

    st.markdown(t("signin.setup_welcome"))

    with st.form("setup-form", width=FORM_WIDTH):
        username = st.text_input(
            t("signin.username"),
            key="setup-username",
            help=t("signin.setup_username_help"),
        )
        display_name = st.text_input(
            t("signin.setup_name"), key="setup-display-name", help=t("signin.setup_name_help")
        )
        password = st.text_input(
            t("signin.password"),
            type="password",
            key="setup-password",
            help=t("signin.setup_password_help", n=auth.PASSWORD_MIN_CHARS),
        )
        repeat = st.text_input(t("signin.setup_repeat"), type="password", key="setup-repeat")
        with_demo = st.checkbox(
            t("signin.setup_demo"),
            value=True,
            key="setup-demo",
            help=t("signin.setup_demo_help", n=DEMO_RESPONDENTS),
        )
        submitted = st.form_submit_button(
            t("signin.setup_submit"), type="primary", key="setup-submit"
        )

    if submitted:
        if password != repeat:
            st.error(t("signin.setup_mismatch"))
            return
        try:
            account = auth.create_first_consultant(
                store, username=username, password=password, display_name=display_name
            )
        except GapMapError as refused:
            st.error(refused.message_in(ui_language(), escape=escape_markdown))
            return
        if with_demo:
            try:
                with st.spinner(t("signin.setup_loading_demo")):
                    # As the new consultant: the audit log names them, not the command line.
                    actor = auth.actor_for_account(store, account)
                    access.create_demo_organisation(store, actor, DEMO_RESPONDENTS)
            except GapMapError as failed:
                problem = failed.message_in(ui_language(), escape=escape_markdown)
                Console.FLASH.set(t("signin.setup_demo_failed", problem=problem))
            else:
                Console.FLASH.set(t("signin.setup_ready"))
        state.sign_in(auth.sign_in(store, username, password))
        # The entry point now routes a consultant: the console is their first page.
        st.rerun()


if __name__ == "__main__":
    render()
