"""What the pages read from the browser's request: whether it is a phone (for layout)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
import streamlit as st

from assessment.ui import client


@dataclass
class FakeContext:
    headers: dict[str, str] = field(default_factory=dict)


ANDROID = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Mobile Safari/537.36"
)
IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15"
    " (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1"
)
IPAD = (
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
    " Gecko) Version/17.4 Safari/605.1.15"
)
DESKTOP = (
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko)"
    " Chrome/120.0.0.0 Safari/537.36"
)


@pytest.mark.parametrize(
    ("headers", "phone"),
    [
        ({"User-Agent": ANDROID}, True),
        ({"User-Agent": IPHONE}, True),
        ({"User-Agent": DESKTOP, "Sec-CH-UA-Mobile": "?1"}, True),  # the client hint
        ({"User-Agent": IPAD}, False),  # a tablet asks for the desktop layout
        ({"User-Agent": DESKTOP, "Sec-CH-UA-Mobile": "?0"}, False),
        ({}, False),
    ],
)
def test_a_phone_is_told_by_its_client_hint_or_user_agent(
    monkeypatch: pytest.MonkeyPatch, headers: dict[str, str], phone: bool
) -> None:
    monkeypatch.setattr(st, "context", FakeContext(headers))
    assert client.on_phone() is phone


def test_outside_a_page_run_it_is_a_desktop(monkeypatch: pytest.MonkeyPatch) -> None:
    class NoRun:
        @property
        def headers(self) -> dict[str, str]:
            raise RuntimeError("no script run")

    monkeypatch.setattr(st, "context", NoRun())
    assert client.on_phone() is False
