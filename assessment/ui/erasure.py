"""The right to erasure on a person's own page (the survey; the workshop phone page,
`ui/phone.py`, has its own form): a box that asks for a tick, deletes the answers
behind the session's secret (`retention.erase_respondent`), then lets the page forget
the session and clears the address, whose secret would lead nowhere now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import streamlit as st

from assessment.collect import retention
from assessment.errors import GapMapError
from assessment.storage.store import Store
from assessment.ui.state import Erasure


@dataclass(frozen=True)
class Words:
    """The box's words, in the page's language (trusted Markdown)."""

    label: str
    body: str
    confirm: str
    button: str
    confirm_first: str


def erase_box(
    store: Store,
    key: str,
    secret: str,
    words: Words,
    *,
    describe: Callable[[GapMapError], str],
    forget: Callable[[], None],
) -> None:
    """An expander `key` with a tick box (`key`-confirm) and a button (`key`-button).
    `describe` words a refusal (Markdown-safe); `forget` clears the page's session
    state once the answers are gone."""
    with st.expander(words.label, icon=":material/delete:", key=key):
        st.caption(words.body)
        st.checkbox(words.confirm, key=Erasure.confirm(key).name)
        st.button(
            words.button,
            key=f"{key}-button",
            icon=":material/delete_forever:",
            on_click=_on_erase,
            args=(store, key, secret, words, describe, forget),
        )
        problem = Erasure.error(key).take()
        if problem:  # already Markdown-safe
            st.error(problem, icon=":material/error:")


def _on_erase(
    store: Store,
    key: str,
    secret: str,
    words: Words,
    describe: Callable[[GapMapError], str],
    forget: Callable[[], None],
) -> None:
    if not Erasure.confirm(key).get():
        Erasure.error(key).set(words.confirm_first)
        return
    try:
        retention.erase_respondent(store, secret)
    except GapMapError as err:
        if err.code != "unknown-response":  # erased already (a double click): done
            Erasure.error(key).set(describe(err))
            return
    forget()
    st.query_params.clear()
