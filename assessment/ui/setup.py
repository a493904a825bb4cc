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
from assessment.ui.state import Console

DEMO_RESPONDENTS = 400
FORM_WIDTH = 560  # pixels: a short form reads better than one across a wide screen


def render() -> None:
    st.title("Set up GapMap")
    store = state.store()

    if auth.has_accounts(store):
        st.info("GapMap is set up already. Please sign in.", icon=":material/login:")
        return

    st.markdown(
        "Welcome. Create the **consultant account** that sets up organisations, assessments "
        "and invite links. Leadership accounts (read-only) are added later, per organisation."
    )

    with st.form("setup-form", width=FORM_WIDTH):
        username = st.text_input(
            "User name",
            key="setup-username",
            help="2 to 64 characters: lower-case letters, digits, and . _ @ -",
        )
        display_name = st.text_input(
            "Your name", key="setup-display-name", help="Shown in the menu and the audit log."
        )
        password = st.text_input(
            "Password",
            type="password",
            key="setup-password",
            help=f"At least {auth.PASSWORD_MIN_CHARS} characters; a short sentence works well.",
        )
        repeat = st.text_input("Repeat the password", type="password", key="setup-repeat")
        with_demo = st.checkbox(
            "Load a demo organisation with synthetic answers",
            value=True,
            key="setup-demo",
            help=f"Nordwind Logistics (demo): {DEMO_RESPONDENTS} made-up respondents, so you can "
            "explore results right away. Nobody real is in it.",
        )
        submitted = st.form_submit_button("Create account", type="primary")

    if submitted:
        if password != repeat:
            st.error("The two passwords differ. Type the same password twice.")
            return
        try:
            account = auth.create_first_consultant(
                store, username=username, password=password, display_name=display_name
            )
        except GapMapError as refused:
            st.error(refused.message)
            return
        if with_demo:
            try:
                with st.spinner("Creating the demo organisation..."):
                    # As the new consultant: the audit log names them, not the command line.
                    actor = auth.actor_for_account(store, account)
                    access.create_demo_organisation(store, actor, DEMO_RESPONDENTS)
            except GapMapError as failed:
                Console.FLASH.set(
                    f"Your account is ready, but the demo could not be loaded: {failed.message}"
                )
            else:
                Console.FLASH.set(
                    "Your account is ready. The demo organisation is loaded: pick its assessment "
                    "below, or open Results."
                )
        state.sign_in(auth.sign_in(store, username, password))
        # The entry point now routes a consultant: the console is their first page.
        st.rerun()


if __name__ == "__main__":
    render()
