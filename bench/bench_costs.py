"""Server CPU per phone run of a live workshop: what one poll, one join, one tap and one
"follow the facilitator" cost the Streamlit process, measured from its CPU time.

The same room as `bench/bench_burst.py` (a demo organisation, a consultant, a
facilitator-paced workshop; `uv run streamlit run app.py` on it), but no Chromium and no
think times: the facilitator is a websocket client too (`bench/streamlit_client.py`,
signed in through the sign-in form), and the phones act in phases, one kind of run at a
time, while the server's CPU time (utime + stime of the streamlit process, from /proc)
is read before and after each phase:

1. idle: only the facilitator's screen refreshes (its fragment, every 2 s): the base;
2. join: N phones connect at `/?w=CODE` and join (role, Join), one after another;
3. lobby: the phones wait on the lobby, their polling fragment running by itself;
4. follow: the facilitator clicks Next; every phone shows the first dimension;
5. dimension: the phones wait on the dimension, polling;
6. taps: every phone answers the dimension's first item, spread over `--tap-seconds`.

Per-run cost = (phase CPU - base rate x phase time - polls in the phase x poll cost)
/ runs. Run by hand: `uv run python bench/bench_costs.py --participants 40`
(`--pyspy DIR` records each phase with `py-spy record` into DIR, collapsed stacks).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _burst_common import CONSULTANT, ITEM_KEY, Room, Server, build_database, free_port, spread
from bench_burst import streamlit_options
from streamlit_client import StreamlitClient

TICK = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server: Server) -> float:
    total = 0
    for pid in server.streamlit_pids():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / TICK


class Phase:
    """CPU and wall time of the server across one phase, and the polls sent in it."""

    def __init__(self, name: str, server: Server, clients: list[StreamlitClient],
                 pyspy: Path | None) -> None:  # fmt: skip
        self.name, self.server, self.clients, self.pyspy = name, server, clients, pyspy
        self.recorder: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Phase:
        if self.pyspy is not None:
            pid = self.server.streamlit_pids()[0]
            out = str(self.pyspy / f"{self.name}.txt")
            command = ["py-spy", "record", "-p", str(pid), "-r", "200", "-f", "raw", "-o", out]
            self.recorder = subprocess.Popen(
                [shutil.which("uvx") or "uvx", *command, "--nonblocking", "--gil"],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)
        self.polls0 = sum(c.auto_reruns_sent for c in self.clients)
        self.cpu0, self.t0 = cpu_seconds(self.server), time.monotonic()
        return self

    def __exit__(self, *exc: object) -> None:
        self.cpu = cpu_seconds(self.server) - self.cpu0
        self.wall = time.monotonic() - self.t0
        self.polls = sum(c.auto_reruns_sent for c in self.clients) - self.polls0
        if self.recorder is not None:
            self.recorder.send_signal(2)
            self.recorder.wait(30)


async def facilitator(server: Server, room: Room) -> StreamlitClient:
    fac = StreamlitClient(server.url, "/", "", name="facilitator")
    await fac.connect()
    await fac.set_value(fac.widget(key="signin-username"), CONSULTANT[0])
    await fac.set_value(fac.widget(key="signin-password"), CONSULTANT[1])
    await fac.click(fac.widget(label="Sign in", kind="button"))
    for _ in range(50):
        if fac.find(key="sign-out") is not None:
            break
        await asyncio.sleep(0.1)
    fac.page_script_hash, fac.page_name = "", "workshop"
    fac.query_string = f"workshop={room.workshop_id}"
    await fac.rerun()
    fac.widget(key="ws-next")
    return fac


async def join(server: Server, room: Room, n: int) -> StreamlitClient:
    phone = StreamlitClient(server.url, "/", f"w={room.code}", name=f"phone-{n}")
    await phone.connect()
    role = phone.widget(key="ws-role")
    await phone.set_value(role, role.options[n % len(role.options)])
    await phone.click(phone.widget(key="ws-join"))
    if "p" not in phone.query:
        raise RuntimeError(f"phone {n} did not join")
    return phone


def items_of(phone: StreamlitClient) -> list[str]:
    return [w.key or "" for w in phone.widgets("radio") if (w.key or "").startswith(ITEM_KEY)]


async def run(server: Server, room: Room, n: int, args: argparse.Namespace) -> None:
    pyspy = Path(args.pyspy) if args.pyspy else None
    fac = await facilitator(server, room)
    phones: list[StreamlitClient] = []
    rows: list[tuple[str, str]] = []

    with Phase("idle", server, [fac], pyspy) as idle:
        await asyncio.sleep(args.idle_seconds)
    base = idle.cpu / idle.wall
    rows.append(("base (facilitator screen only), CPU s/s", f"{base:.3f}"))

    join_s: list[float] = []
    with Phase("join", server, [], pyspy) as joining:
        for i in range(n):
            began = time.perf_counter()
            phones.append(await join(server, room, i))
            join_s.append(time.perf_counter() - began)
    rows.append(
        (
            "connect + first run + role + join, CPU ms per phone",
            f"{(joining.cpu - base * joining.wall) / n * 1000:.1f}"
            f" (wall {spread(join_s, 1000, 0)} ms)",
        )
    )

    await asyncio.sleep(2.0)
    with Phase("lobby", server, phones, pyspy) as lobby:
        await asyncio.sleep(args.poll_seconds)
    lobby_poll = (lobby.cpu - base * lobby.wall) / max(1, lobby.polls)
    rows.append(
        (
            "lobby poll (fragment run), CPU ms",
            f"{lobby_poll * 1000:.2f} ({lobby.polls} polls in {lobby.wall:.0f} s,"
            f" {lobby.cpu / lobby.wall:.2f} CPU s/s)",
        )
    )

    with Phase("follow", server, phones, pyspy) as follow:
        began = time.monotonic()
        await fac.click(fac.widget(key="ws-next"))
        shown: list[float] = []
        pending = set(range(n))
        while pending and time.monotonic() - began < 30:
            for i in list(pending):
                if items_of(phones[i]):
                    shown.append(time.monotonic() - began)
                    pending.discard(i)
            await asyncio.sleep(0.02)
        await asyncio.sleep(0.5)
    rows.append(
        (
            "follow Next (CPU beyond base and polls), ms per phone",
            f"{(follow.cpu - base * follow.wall - lobby_poll * follow.polls) / n * 1000:.1f}"
            f" (shown after {spread(shown)} s; {len(pending)} never)",
        )
    )

    await asyncio.sleep(1.0)
    with Phase("dimension", server, phones, pyspy) as dim:
        await asyncio.sleep(args.poll_seconds)
    dim_poll = (dim.cpu - base * dim.wall) / max(1, dim.polls)
    rows.append(
        (
            "dimension poll (fragment run), CPU ms",
            f"{dim_poll * 1000:.2f} ({dim.polls} polls in {dim.wall:.0f} s,"
            f" {dim.cpu / dim.wall:.2f} CPU s/s)",
        )
    )

    async def tap(i: int, phone: StreamlitClient) -> float | None:
        await asyncio.sleep(args.tap_seconds * i / n)
        keys = items_of(phone)
        if not keys:
            return None
        widget = phone.widget(key=keys[0])
        return await phone.set_value(widget, widget.options[i % len(widget.options)])

    if args.quiet_taps:  # taps only: the phones stop polling (for a profile of taps)
        for phone in phones:
            phone._stop_timers()
            phone._start_timer = lambda *a: None  # type: ignore[method-assign]
    with Phase("taps", server, phones, pyspy) as taps:
        took = await asyncio.gather(*(tap(i, p) for i, p in enumerate(phones)))
        await asyncio.sleep(0.5)
    tapped = [t for t in took if t is not None]
    per_tap = (taps.cpu - base * taps.wall - dim_poll * taps.polls) / max(1, len(tapped))
    rows.append(
        (
            "tap (run after choosing an option), CPU ms",
            f"{per_tap * 1000:.1f} (latency {spread(tapped, 1000, 0)} ms, {len(tapped)} taps)",
        )
    )
    rows.append(("server RSS MB", f"{server.rss_mb():.0f}"))
    width = max(len(k) for k, _ in rows) + 2
    print(f"\nCosts: {n} phones\n")
    for key, value in rows:
        print(f"  {key:<{width}}{value}")
    for client in [fac, *phones]:
        await client.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=40)
    parser.add_argument("--survey", type=int, default=500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--idle-seconds", type=float, default=8.0)
    parser.add_argument("--poll-seconds", type=float, default=12.0)
    parser.add_argument("--tap-seconds", type=float, default=8.0)
    parser.add_argument("--quiet-taps", action="store_true", help="no polls while tapping")
    parser.add_argument("--pyspy", help="record each phase with py-spy into this folder")
    parser.add_argument("--streamlit-option", action="append", default=[], metavar="KEY=VALUE")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gapmap-costs-"))
    if args.pyspy:
        Path(args.pyspy).mkdir(parents=True, exist_ok=True)
    try:
        room = build_database(folder / "gapmap.duckdb", "facilitator", args.survey, args.seed)
        server = Server(room.db, free_port(), folder, streamlit_options(args.streamlit_option))
        server.start()
        try:
            asyncio.run(run(server, room, args.participants, args))
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
