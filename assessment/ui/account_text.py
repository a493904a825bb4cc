"""The account pages' words (section `account` of `assessment.words`) and their language.

The accounts page, one's own password and the page a password-reset link opens speak
English and German: the language the visitor picks with the switch at the top, else
the browser's own (`st.context.locale`), else English.
"""

from __future__ import annotations

import streamlit as st

from assessment import words
from assessment.errors import GapMapError
from assessment.ui.state import AccountPages
from assessment.ui.text import escape_markdown, language_name


def t(key: str, lang: str, **fmt: object) -> str:
    """The account text `key` in `lang`."""
    return words.t(f"account.{key}", lang, **fmt)


def _browser_language() -> str:
    try:
        locale = str(st.context.locale or "")
    except Exception:  # no browser behind this run (a test harness)
        locale = ""
    return words.language(locale.split("-")[0].lower())


def language() -> str:
    """The page's language, with its switch drawn (top right)."""
    lang = words.language(AccountPages.LANGUAGE.get() or _browser_language())
    AccountPages.LANGUAGE.set(lang)
    AccountPages.LANGUAGE_SWITCH.set(lang)
    with st.container(horizontal=True, horizontal_alignment="right"):
        st.segmented_control(
            t("language", lang),
            list(words.LANGUAGES),
            format_func=language_name,
            required=True,
            key=AccountPages.LANGUAGE_SWITCH.name,
            on_change=_on_language,
            label_visibility="collapsed",
        )
    return lang


def _on_language() -> None:
    chosen = AccountPages.LANGUAGE_SWITCH.get()
    if chosen:
        AccountPages.LANGUAGE.set(chosen)


def refusal(error: GapMapError, lang: str) -> str:
    """A refusal's message in `lang`, safe to show as Markdown."""
    return error.message_in(lang, escape=escape_markdown)
