"""Who is asking, as far as rate limits and layout need to know: the client's address
(`address`) and whether it is a phone (`on_phone`).

The address keys the in-memory rate limits (`assessment.collect.limits`) and nothing
else: it is never stored, logged or shown. Streamlit gives the websocket peer's address,
or None when the peer is this machine, which is also what a reverse proxy on the same
host looks like; then the address the proxy forwards (`X-Real-IP`, or the last entry of
`X-Forwarded-For`, which the proxy itself appends) is used. Headers are trusted only
from a local peer: a remote client cannot choose its own address.
"""

from __future__ import annotations

import streamlit as st

from assessment.collect.limits import UNKNOWN_ADDRESS


def address() -> str:
    """The client's address for rate limits (`UNKNOWN_ADDRESS` when it cannot be told)."""
    try:
        direct = st.context.ip_address
        if isinstance(direct, str) and direct:
            return direct
        headers = st.context.headers
        real = headers.get("X-Real-IP")
        if isinstance(real, str) and real.strip():
            return real.strip()[:64]
        forwarded = headers.get("X-Forwarded-For")
        if isinstance(forwarded, str) and forwarded.split(",")[-1].strip():
            return forwarded.split(",")[-1].strip()[:64]
    except Exception:  # outside a script run (a test's bare call): no address known
        return UNKNOWN_ADDRESS
    return UNKNOWN_ADDRESS


def on_phone() -> bool:
    """Whether the browser says it is a phone: its `Sec-CH-UA-Mobile` client hint is
    "?1", or its User-Agent has "Mobi" in it (every phone browser's does; tablets' and
    desktops' do not). Charts then get rows tall enough for questions wrapped to a
    phone's width; a desktop gets rows as tall as its own, wider wrap needs, instead of
    thin bars between wide gaps. Read for layout only, never stored."""
    try:
        headers = st.context.headers
        hint = headers.get("Sec-CH-UA-Mobile")
        agent = headers.get("User-Agent")
    except Exception:  # outside a script run (a test's bare call): a desktop
        return False
    if isinstance(hint, str) and hint.strip() == "?1":
        return True
    return isinstance(agent, str) and "Mobi" in agent
