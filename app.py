"""GapMap's Streamlit entry point: opens the store, works out who is visiting, then
routes to their pages."""

from __future__ import annotations

import streamlit as st

from assessment.organisation import auth
from assessment.ui import state
from assessment.ui.language import hide_english_only_hints, t, ui_language
from assessment.ui.language import switch as language_switch
from assessment.ui.menu import close_on_choice as menu_closes_on_phones
from assessment.ui.pages import pages_for, shows_menu

# An emoji icon is drawn in the page (a data: URL); a Material icon would be fetched from
# Google's servers, which the Content-Security-Policy refuses (assessment/ui/server.py).
st.set_page_config(page_title="GapMap", page_icon="📊", layout="wide")
store = state.store()
entry = state.capture_entry()
actor = state.current_actor()
specs = pages_for(actor, has_accounts=auth.has_accounts(store), entry=entry)
menu = shows_menu(specs)
lang = ui_language()
if menu:
    with st.sidebar:
        state.write_session_cookie()  # after signing in or out: keep a reload in step
        menu_closes_on_phones()  # Streamlit does so only for a "mobile" user agent
        lang = language_switch()  # every page with the menu has the switch
sections: dict[str, list[st.Page]] = {}
for spec in specs:
    sections.setdefault(spec.section_in(lang), []).append(
        st.Page(
            spec.path,
            title=spec.title_in(lang),
            icon=spec.icon,
            url_path=spec.url_path,
            visibility="visible" if spec.visible else "hidden",
        )
    )
if menu:
    st.sidebar.caption("GapMap")
    if actor.signed_in:
        st.sidebar.caption(t("nav.signed_in_as", name=actor.display_name or actor.username))
        if st.sidebar.button(t("nav.sign_out"), icon=":material/logout:", key="sign-out"):
            state.sign_out()
            st.rerun()
hide_english_only_hints(lang)
st.navigation(sections, position="sidebar" if menu else "hidden").run()
state.keep_secrets_out_of_address()  # a resume or participant secret the page put there
