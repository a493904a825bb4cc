"""The web server's additions (assessment/ui/server.py), driven as ASGI without a
browser: security headers on every response, and a cookie only for a valid one-time
ticket, HttpOnly and SameSite=Strict, Secure when the request came over https."""

from __future__ import annotations

import asyncio
import dataclasses
from concurrent.futures import ThreadPoolExecutor

import pytest
from starlette.applications import Starlette
from starlette.types import Message

from assessment.ui import server

APP = Starlette(routes=server.ROUTES, middleware=server.MIDDLEWARE)


def get(path: str, query: str = "", scheme: str = "http") -> tuple[int, list[tuple[str, str]]]:
    """Status and headers of one GET request."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": scheme,
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"gapmap.example.com")],
        "client": ("127.0.0.1", 50000),
        "server": ("gapmap.example.com", 443 if scheme == "https" else 80),
    }
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: Message) -> None:
        sent.append(message)

    # In a thread of its own: a worker that ran a Playwright test before this file keeps
    # an event loop running on the main thread, where asyncio.run() is refused.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, APP(scope, receive, send)).result()
    start = sent[0]
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in start["headers"]]
    return start["status"], headers


def security(headers: list[tuple[str, str]]) -> dict[str, str]:
    return {k: v for k, v in headers if k in {n.lower() for n in server.SECURITY_HEADERS}}


def cookies(headers: list[tuple[str, str]]) -> list[str]:
    return [v for k, v in headers if k == "set-cookie"]


def test_every_response_carries_the_security_headers() -> None:
    for path in ("/api/session", "/no-such-page"):
        _, headers = get(path)
        assert security(headers) == {k.lower(): v for k, v in server.SECURITY_HEADERS.items()}
    assert "frame-ancestors 'none'" in server.CONTENT_SECURITY_POLICY


def test_a_ticket_sets_the_cookie_httponly_strict_once() -> None:
    ticket = server.issue_ticket(server.SESSION_COOKIE, "t" * 43, 3600)
    status, headers = get("/api/session", f"t={ticket}")
    assert status == 204
    [cookie] = cookies(headers)
    assert cookie.startswith(f"gapmap_session={'t' * 43};")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age=3600" in cookie
    assert "Secure" not in cookie
    status, headers = get("/api/session", f"t={ticket}")  # used up
    assert (status, cookies(headers)) == (404, [])


def test_the_cookie_is_secure_behind_https() -> None:
    ticket = server.issue_ticket("gapmap_resume", "s" * 32, 60)
    _, headers = get("/api/session", f"t={ticket}", scheme="https")
    [cookie] = cookies(headers)
    assert "Secure" in cookie and "HttpOnly" in cookie


def test_an_empty_value_clears_the_cookie() -> None:
    ticket = server.issue_ticket(server.SESSION_COOKIE, "", 0)
    _, headers = get("/api/session", f"t={ticket}")
    [cookie] = cookies(headers)
    assert cookie.startswith('gapmap_session="";') and "Max-Age=0" in cookie


def test_a_forged_or_expired_ticket_sets_nothing() -> None:
    assert cookies(get("/api/session", "t=forged")[1]) == []
    ticket = server.issue_ticket(server.SESSION_COOKIE, "t" * 43, 3600)
    server._tickets[ticket] = dataclasses.replace(server._tickets[ticket], expires=0.0)
    status, headers = get("/api/session", f"t={ticket}")
    assert (status, cookies(headers)) == (404, [])


def test_only_gapmap_cookies_can_be_set() -> None:
    with pytest.raises(ValueError, match="not a GapMap cookie"):
        server.issue_ticket("other", "x" * 32, 60)
