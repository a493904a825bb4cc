"""Phones on the plain-HTML phone page (`assessment/ui/phone.py`, under `/w/CODE`), as
`bench/_burst_common.Crowd` runs them on the Streamlit page: the same `Phone` records,
so the same database check and the same table.

Each phone does what `assessment/ui/static/phone.js` does in a browser: it opens the
page, joins (the server sets its secret as a cookie), long-polls `/wait` for the
facilitator's next part and POSTs each tap to `/tap`. An answer is acknowledged when the
tap's reply (sent after the commit) holds it among the stored answers. A tap that finds
no server (a crash) is sent again every second, as the page's script does, and the
long poll comes back every half second, so a phone is back in its place as soon as the
server answers again. All phones share one aiohttp session (one event loop, no cookie
jar: each phone sends its own cookie).
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from typing import Any

import aiohttp
from _burst_common import Click, Phone, Room

COOKIE = "gapmap_phone"
_ITEM = re.compile(r'data-item="([^"]+)"')
_VERSION = re.compile(r'data-version="([^"]*)"')
_PART = re.compile(r'<div id="part"[^>]*>(.*?)</div>\s*</main>', re.S)


class HttpCrowd:
    """Every phone in one asyncio loop until `end_at` (time.monotonic())."""

    def __init__(
        self,
        url: str,
        room: Room,
        phones: list[Phone],
        start_at: float,
        end_at: float,
        connect_spread_s: float,
    ) -> None:
        self.url, self.room, self.phones = url, room, phones
        self.start_at, self.end_at, self.connect_spread_s = start_at, end_at, connect_spread_s
        self.connect_s: list[float] = []
        self.polls = 0
        self.session: aiohttp.ClientSession | None = None

    async def run(self) -> None:
        connector = aiohttp.TCPConnector(limit=0, force_close=False)
        timeout = aiohttp.ClientTimeout(total=None, sock_connect=5, sock_read=40)
        async with aiohttp.ClientSession(
            connector=connector, timeout=timeout, cookie_jar=aiohttp.DummyCookieJar()
        ) as session:
            self.session = session
            tasks = [asyncio.create_task(self._phone(p)) for p in self.phones]
            _, late = await asyncio.wait(tasks, timeout=self.end_at - time.monotonic() + 15.0)
            for task in late:
                task.cancel()
            await asyncio.gather(*late, return_exceptions=True)

    # --- one phone ------------------------------------------------------------------------

    def _headers(self, phone: Phone) -> dict[str, str]:
        headers = {"Sec-Fetch-Site": "same-origin", "Accept-Language": "en"}
        if phone.secret:
            headers["Cookie"] = f"{COOKIE}={phone.secret}"
        return headers

    async def _phone(self, phone: Phone) -> None:
        offset = self.connect_spread_s * phone.n / max(1, len(self.phones))
        await asyncio.sleep(max(0.0, self.start_at + offset - time.monotonic()))
        state: dict[str, Any] = {"version": "", "items": [], "changed": asyncio.Event()}
        try:
            await self._open_and_join(phone, state)
        except Exception as error:  # reported by the benchmark
            phone.errors.append(f"join: {type(error).__name__}: {error}")
            return
        poller = asyncio.create_task(self._follow(phone, state))
        try:
            await self._answer_all(phone, state)
        finally:
            poller.cancel()
            await asyncio.gather(poller, return_exceptions=True)

    async def _open_and_join(self, phone: Phone, state: dict[str, Any]) -> None:
        assert self.session is not None
        base = f"{self.url}/w/{self.room.code}"
        while time.monotonic() < self.end_at:
            began = time.perf_counter()
            posting = False  # Join sent, its reply not read yet
            try:
                async with self.session.get(base, headers=self._headers(phone)) as reply:
                    await reply.text()
                    phone.opened_at = phone.opened_at or time.monotonic()
                    if reply.status != 200:
                        raise RuntimeError(f"page {reply.status}")
                phone.connected_at = time.monotonic()
                self.connect_s.append(time.perf_counter() - began)
                await asyncio.sleep(phone.rng.uniform(0.3, 1.5))
                phone.joins_sent += 1
                began = time.perf_counter()
                posting = True
                async with self.session.post(
                    f"{base}/join",
                    data={"role": phone.role_id, "lang": "en"},
                    headers=self._headers(phone),
                    allow_redirects=False,
                ) as reply:
                    await reply.read()
                    morsel = reply.cookies.get(COOKIE)
                    if reply.status != 303 or morsel is None:
                        raise RuntimeError(f"join {reply.status}")
                    phone.secret = morsel.value
                posting = False
                phone.join_seconds.append(time.perf_counter() - began)
                phone.joined_at = time.monotonic()
                async with self.session.get(base, headers=self._headers(phone)) as reply:
                    self._take_part(phone, state, await reply.text(), page=True)
                return
            except (aiohttp.ClientError, OSError, RuntimeError) as error:
                if posting and not isinstance(error, RuntimeError):
                    phone.joins_cut += 1  # the join may be stored, its reply died with the server
                if phone.secret:  # joined: the rest is the poller's job
                    return
                phone.errors.append(f"open: {type(error).__name__}")
                await asyncio.sleep(0.5)

    def _take_part(self, phone: Phone, state: dict[str, Any], html: str, *, page: bool) -> None:
        """A new part: its items (in page order) and, the first time, when this phone saw
        each of their dimensions."""
        if page:
            version = _VERSION.search(html)
            part = _PART.search(html)
            state["version"] = version.group(1) if version else ""
            html = part.group(1) if part else html
        items = _ITEM.findall(html)
        state["items"] = items
        now = time.monotonic()
        for item in items:
            phone.seen_dimension.setdefault(phone.item_dimension.get(item, "?"), now)
        state["changed"].set()

    async def _follow(self, phone: Phone, state: dict[str, Any]) -> None:
        """The long poll: the next part as soon as the facilitator moves on."""
        assert self.session is not None
        base = f"{self.url}/w/{self.room.code}"
        lost: float | None = None
        while time.monotonic() < self.end_at:
            try:
                # After a lost connection the first poll asks for the part at once (an
                # unknown version answers immediately): the phone is back in its place
                # as soon as the server answers, whether or not the step has changed.
                version = "" if lost is not None else state["version"]
                async with self.session.get(
                    f"{base}/wait",
                    params={"v": version, "lang": "en"},
                    headers=self._headers(phone),
                ) as reply:
                    self.polls += 1
                    if reply.status != 200:
                        raise aiohttp.ClientResponseError(
                            reply.request_info, (), status=reply.status
                        )
                    body = await reply.json()
                if lost is not None:
                    phone.reconnects.append((lost, time.monotonic()))
                    lost = None
                if body.get("html") is not None and (
                    body.get("v") != state["version"] or version == ""
                ):
                    state["version"] = body["v"]
                    self._take_part(phone, state, body["html"], page=False)
                if body.get("ended"):
                    return
            except (aiohttp.ClientError, OSError, TimeoutError, ValueError):
                if lost is None:
                    lost = time.monotonic()
                    phone.losses.append(lost)
                await asyncio.sleep(0.5)

    async def _answer_all(self, phone: Phone, state: dict[str, Any]) -> None:
        while time.monotonic() < self.end_at:
            todo = [i for i in state["items"] if i in phone.planned and i not in phone.acked]
            if not todo:
                if phone.done and phone.finished_at is None:
                    phone.finished_at = time.monotonic()
                state["changed"].clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(state["changed"].wait(), timeout=1.0)
                continue
            await asyncio.sleep(phone.rng.uniform(0.5, 2.0))
            await self._tap(phone, todo[0])

    async def _tap(self, phone: Phone, item: str) -> None:
        """One tap, sent again every second while no server answers (as phone.js)."""
        assert self.session is not None
        value = phone.planned[item]
        at = time.monotonic()
        click = Click(item, value, at, None, "no reply before the benchmark ended")
        phone.clicks.append(click)
        began = time.perf_counter()
        url = f"{self.url}/w/{self.room.code}/tap"
        while time.monotonic() < self.end_at + 10:
            try:
                async with self.session.post(
                    url,
                    params={"lang": "en"},
                    json={"item": item, "value": value},
                    headers=self._headers(phone),
                ) as reply:
                    body = await reply.json()
                    status = reply.status
            except (aiohttp.ClientError, OSError, TimeoutError, ValueError):
                click.outcome = "no reply yet (server gone), sending again"
                await asyncio.sleep(1.0)
                continue
            if status >= 500:
                click.outcome = f"HTTP {status}, sending again"
                await asyncio.sleep(1.0)
                continue
            click.seconds = time.perf_counter() - began
            if status == 200 and body.get("answers", {}).get(item) == str(value):
                click.outcome = "acknowledged"
                phone.acked[item] = (value, time.monotonic())
            else:
                click.outcome = f"refused: {body.get('code', status)}"
            return
