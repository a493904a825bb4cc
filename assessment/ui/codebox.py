"""The bare address's first offer, above "Sign in": one box for a code from a poster,
an invitation or the shared screen. A workshop's join code (six characters) opens the
workshop's phone page (`/w/CODE`, plain HTML, `ui/phone.py`); any other code is a
survey's invite or personal code and opens the survey page, as its link (`?a=CODE`)
would. The code is checked there, with the rate limit on wrong codes."""

from __future__ import annotations

from typing import Literal

import streamlit as st

from assessment.collect import workshop
from assessment.ui import state
from assessment.ui.i18n import t
from assessment.ui.language import switch
from assessment.ui.state import UiLanguage

FORM = "codebox-form"
CODE = "codebox-code"
# Leaves this Streamlit page for the workshop's plain-HTML page; the link button below it
# does the same for a browser that runs no script. The code is letters and digits only.
_GO = '<script>window.location.assign("{href}");</script>'


def destination(typed: str) -> tuple[Literal["workshop", "survey"], str] | None:
    """Where a typed code leads: ("workshop", CODE) for a join code's length, else
    ("survey", code as typed); None when nothing (but spaces or dashes) was typed."""
    clean = workshop.normalise_code(typed)
    if not clean:
        return None
    if len(clean) == workshop.JOIN_CODE_LENGTH and clean.isalnum():
        return "workshop", clean
    return "survey", typed.strip()


def workshop_href(code: str) -> str:
    """The workshop's phone page, relative to the app's address (`w/CODE`)."""
    return f"w/{code}"


def render() -> None:
    """The code box: a survey code opens the survey here; a workshop code its page."""
    with st.container(border=True, width=420, key="codebox"):
        lang = switch(UiLanguage.CODEBOX_SWITCH)  # phones: the sidebar is folded away
        st.subheader(t("entry_title", lang), anchor=False)
        with st.form(FORM, border=False, enter_to_submit=True):
            typed = st.text_input(
                t("entry_label", lang),
                max_chars=32,
                placeholder=t("entry_placeholder", lang),
                key=CODE,
            )
            submitted = st.form_submit_button(t("entry_button", lang), type="primary")
        st.caption(t("entry_no_account", lang))
    if not submitted:
        return
    found = destination(typed)
    if found is None:
        st.error(t("entry_empty", lang), icon=":material/error:")
        return
    kind, code = found
    if kind == "survey":
        state.set_entry(a=code)
        st.query_params.from_dict({"a": code})  # the address shows the survey in use
        st.rerun()
    href = workshop_href(code)
    st.link_button(
        t("entry_workshop", lang, code=code), href, type="primary", icon=":material/arrow_forward:"
    )
    st.html(_GO.format(href=href), unsafe_allow_javascript=True)
