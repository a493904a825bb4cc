"""The staff pages' language: one choice per browser session, for every page.

A visitor's first page speaks the browser's language (`st.context.locale`, sent by the
browser as its Accept-Language), else English. The switch in the sidebar (and, on the
pages without a sidebar, the switch at their top) changes it for every page of the
session. The respondent's and the workshop participant's pages keep their own switch:
their language is also the questionnaire's, chosen among the assessment's languages.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from assessment import words
from assessment.ui.state import Key, UiLanguage, resend_choices
from assessment.ui.text import language_name


def browser_language() -> str:
    """The browser's preferred language if GapMap speaks it, else English."""
    try:
        locale = str(st.context.locale or "")
    except Exception:  # no browser behind this run (a test harness)
        locale = ""
    return words.language(locale.replace("_", "-").split("-")[0].lower())


def ui_language() -> str:
    """The language the staff pages speak in this session."""
    return words.language(UiLanguage.LANGUAGE.get() or browser_language())


def t(key: str, /, **params: object) -> str:
    """The text `key` ("section.name") in the session's language."""
    return words.t(key, ui_language(), **params)


def switch(widget: Key[str | None] = UiLanguage.SWITCH) -> str:
    """Draw a language switch bound to `widget` (the sidebar's by default) and return
    the session's language; a choice holds for every page."""
    lang = ui_language()
    UiLanguage.LANGUAGE.set(lang)
    widget.set(lang)
    st.segmented_control(
        words.t("nav.language", lang),
        list(words.LANGUAGES),
        format_func=language_name,
        required=True,
        key=widget.name,
        on_change=_chosen(widget),
        label_visibility="collapsed",
    )
    return lang


def _chosen(widget: Key[str | None]) -> Callable[[], None]:
    def on_change() -> None:
        chosen = widget.get()
        if chosen:
            UiLanguage.LANGUAGE.set(chosen)
            resend_choices(skip=widget.name)  # the page's choices, in the new labels

    return on_change


# Streamlit writes its own hint under a field being typed in ("Press Enter to submit
# form", "Press Enter to apply") in English only: on a page in another language it goes.
ENGLISH_ONLY_HINTS = '<style>[data-testid="InputInstructions"] { display: none; }</style>'


def hide_english_only_hints(lang: str) -> None:
    """On a page not in English, hide Streamlit's English-only typing hints."""
    if lang != "en":
        st.html(ENGLISH_ONLY_HINTS)
