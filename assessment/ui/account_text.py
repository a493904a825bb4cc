"""The account pages' words (section `account` of `assessment.words`) and their language.

The accounts page, one's own password and the page a password-reset link opens speak
English and German: the session's language (`ui/language.py`), with a switch at the
top for the pages without the sidebar.
"""

from __future__ import annotations

import streamlit as st

from assessment import words
from assessment.errors import GapMapError
from assessment.ui.language import switch as ui_language_switch
from assessment.ui.state import AccountPages
from assessment.ui.text import escape_markdown


def t(key: str, lang: str, **fmt: object) -> str:
    """The account text `key` in `lang`."""
    return words.t(f"account.{key}", lang, **fmt)


def language() -> str:
    """The page's language, with its switch drawn (top right); the same choice as the
    sidebar's."""
    with st.container(horizontal=True, horizontal_alignment="right"):
        return ui_language_switch(AccountPages.LANGUAGE_SWITCH)


def refusal(error: GapMapError, lang: str) -> str:
    """A refusal's message in `lang`, safe to show as Markdown."""
    return error.message_in(lang, escape=escape_markdown)
