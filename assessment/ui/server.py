"""What the web server adds to Streamlit's own (`serve.py` mounts it with `st.App`):
security headers on every HTTP response, and cookies set by the server (the session,
and the secrets kept out of the address bar), so they are HttpOnly and no script on the
page can read them.

A page run cannot answer an HTTP request (it talks to the browser over the WebSocket),
so it hands the server a one-time ticket instead: `issue_ticket(...)` in the run, and
the page loads `api/session?t=TICKET`, whose response sets (or clears) the cookie. The
ticket is random, lives for a minute and works once; the value never reaches the page.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass

from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SESSION_COOKIE = "gapmap_session"
TICKET_ROUTE = "/api/session"
TICKET_SECONDS = 60.0
# Streamlit's frontend needs inline styles (emotion), a WebSocket to its own host and
# images and fonts from data:/blob: URLs (charts, QR codes, downloads); its index.html
# and `st.html(..., unsafe_allow_javascript=True)` (the survey's scroll to the top) run
# inline scripts, which Streamlit gives no nonce, hence 'unsafe-inline' for scripts. No
# `eval` (the Vega charts draw without it), nothing from another site (the page icon is
# an emoji, not a Material icon from Google), and no other site may frame the app.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:",
        "font-src 'self' data:",
        "media-src 'self' data: blob:",
        "connect-src 'self'",
        "worker-src 'self' blob:",
        "frame-src 'self' blob: data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)
SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Referrer-Policy": "no-referrer",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate it
}


class SecurityHeaders:
    """ASGI middleware: `SECURITY_HEADERS` on every HTTP response (pages, assets, media,
    downloads, health checks), replacing any the app set itself."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower().encode("latin-1") for name in SECURITY_HEADERS}
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                headers += [
                    (name.lower().encode("latin-1"), value.encode("latin-1"))
                    for name, value in SECURITY_HEADERS.items()
                ]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


# The cookies a ticket may set: the session, and the secret that leaves the address bar
# (a respondent's resume secret) so a reload finds it.
COOKIES = frozenset({SESSION_COOKIE, "gapmap_resume"})


@dataclass(frozen=True)
class _Ticket:
    cookie: str
    value: str  # "" clears the cookie
    max_age: int
    expires: float


_tickets: dict[str, _Ticket] = {}
_lock = threading.Lock()


def issue_ticket(cookie: str, value: str, max_age: int) -> str:
    """A one-time ticket that makes `TICKET_ROUTE` set `cookie` (one of `COOKIES`) to
    `value` for `max_age` seconds (an empty value clears it)."""
    if cookie not in COOKIES:
        raise ValueError(f"not a GapMap cookie: {cookie}")
    now = time.monotonic()
    ticket = secrets.token_urlsafe(24)
    with _lock:
        for stale in [k for k, t in _tickets.items() if t.expires <= now]:
            del _tickets[stale]
        _tickets[ticket] = _Ticket(cookie, value, max_age, now + TICKET_SECONDS)
    return ticket


def _redeem(ticket: str) -> _Ticket | None:
    with _lock:
        found = _tickets.pop(ticket, None)
    return found if found is not None and found.expires > time.monotonic() else None


async def _set_cookie(request: Request) -> Response:
    """Set or clear a cookie for a valid ticket; anything else changes nothing."""
    found = _redeem(request.query_params.get("t", ""))
    response = Response(status_code=204 if found else 404)
    response.headers["Cache-Control"] = "no-store"
    if found is not None:
        secure = request.url.scheme == "https"
        if found.value:
            response.set_cookie(
                found.cookie,
                found.value,
                max_age=found.max_age,
                path="/",
                secure=secure,
                httponly=True,
                samesite="strict",
            )
        else:
            response.delete_cookie(
                found.cookie, path="/", secure=secure, httponly=True, samesite="strict"
            )
    return response


ROUTES = [Route(TICKET_ROUTE, _set_cookie, methods=["GET"])]
MIDDLEWARE = [Middleware(SecurityHeaders)]
