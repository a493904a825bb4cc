"""Benchmark of crashes in the middle of a live workshop: the server is SIGKILLed while
phones answer, restarted at once on the same port and database, and the phones resume.

The same room and burst as `bench/bench_burst.py` (a demo organisation, a consultant,
a facilitator-paced workshop; the facilitator in headless Chromium, N phones on the
plain-HTML phone page; 100 phones and 90 s by default, for a 2-core machine), but during
the burst the whole server process group (`uv run` and streamlit) gets SIGKILL `--kills`
times at random moments, and is started again at once (`uv run streamlit run serve.py`,
the same port and `GAPMAP_DB`). Every phone does what the page's script does
(`bench/_http_crowd.py`): a tap that finds no server is sent again every second, and the
long poll comes back every half second and asks for its part at once, with the cookie
the page set when it joined, so it comes back to its own place without joining twice,
and goes on answering what it had not seen acknowledged. Chromium reconnects by itself,
as it does for a real facilitator, and signs in again from its session cookie.

At the end the server gets SIGTERM and the database is opened with `Store` (its
migrations), checkpointed, every table counted and read in full (a hash of every row),
`PRAGMA storage_info` of every table and `PRAGMA database_size` read (DuckDB has no
integrity-check PRAGMA), and the data's own rules checked (unique ids, secrets and
answer sequence numbers, one current answer per respondent and item, no answer
without its respondent). Reported: answers acknowledged (as in bench_burst: the run
after the tap finished and the page shows it chosen, or its saved count one higher;
also those a phone found shown as chosen when it came back), stored, lost
(acknowledged but missing or different: must be 0), stored but never acknowledged
(allowed: saved, then the server died before it answered), respondents vs phones that
joined (a join whose answer died with the server leaves a respondent nobody holds the
secret of, with no answers: expected, and reported as such when the phones saw that
many joins cut off), the server's restart time (SIGKILL to healthy) and, per kill, the
phones that lost their connection to it (noticed after it, before the next kill) and
how long they took to have a finished run again.

Run by hand (not in CI; about three minutes):
`uv run python bench/bench_crash.py --participants 100 --kills 3`. Exits non-zero only
when an acknowledged answer is missing or different.
"""

from __future__ import annotations

import bisect
import itertools
import os
import random
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _burst_common import (
    Burst,
    Check,
    Server,
    arguments,
    check_database,
    print_problems,
    print_table,
    run_burst,
    scratch_folder,
    spread,
    start_room,
    summary_rows,
)


@dataclass
class Killer:
    """Kills the server `kills` times at random moments of the burst, restarting it at
    once each time; remembers when (time.monotonic()) and how long the restarts took."""

    server: Server
    kills: int
    rng: random.Random
    killed_at: list[float] = field(default_factory=list)
    healthy_at: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __call__(self, start_at: float, end_at: float) -> None:
        # Kill moments: after the first phones joined, not in the last 15 s, 8 s apart.
        first, last = start_at + 6.0, end_at - 20.0
        moments: list[float] = []
        for _ in range(1000):
            moments = sorted(self.rng.uniform(first, last) for _ in range(self.kills))
            if all(b - a >= 8.0 for a, b in itertools.pairwise(moments)):
                break
        for moment in moments:
            time.sleep(max(0.0, moment - time.monotonic()))
            self.killed_at.append(time.monotonic())
            self.server.kill()
            try:
                self.server.start()
            except RuntimeError as error:
                self.errors.append(str(error))
                return
            self.healthy_at.append(time.monotonic())


def reconnect_rows(burst: Burst, killer: Killer) -> list[tuple[str, str]]:
    """Per kill: the phones that lost their connection to it (noticed after it and
    before the next kill) and how long they took to have a finished run again. A phone
    that was still reconnecting when the next kill came counts for the kill it lost."""
    kills = killer.killed_at
    lost_to: list[list[float]] = [[] for _ in kills]
    back_to: list[list[float]] = [[] for _ in kills]
    for phone in burst.phones:
        for lost in phone.losses:
            k = bisect.bisect_right(kills, lost) - 1
            if k >= 0:
                lost_to[k].append(lost)
        for lost, again in phone.reconnects:
            k = bisect.bisect_right(kills, lost) - 1
            if k >= 0:
                back_to[k].append(again)
    rows: list[tuple[str, str]] = []
    for k, killed in enumerate(kills):
        healthy = killer.healthy_at[k] if k < len(killer.healthy_at) else None
        restart = f"{healthy - killed:.1f} s" if healthy else "did not come back"
        back = back_to[k]
        rows.append(
            (
                f"kill {k + 1} at +{killed - burst.started_at:.1f} s: restart",
                f"{restart}; {len(lost_to[k])} phones lost it, {len(back)} came back",
            )
        )
        rows.append(
            (
                "  phones back after the kill, s (p50 / p95 / max)",
                spread([a - killed for a in back], digits=1),
            )
        )
        if healthy:
            rows.append(
                ("  phones back after healthy, s", spread([a - healthy for a in back], digits=1))
            )
    return rows


def respondents_note(check: Check) -> str:
    """Respondents beyond the phones are expected when a join was saved and the server
    died before the phone got its answer; the phone then joins again."""
    extra = check.respondents - check.phones_joined
    if extra == 0:
        return " (equal)"
    if 0 < extra == check.orphans <= check.joins_cut and not check.orphans_with_answers:
        return f" ({extra} joins whose answer died with the server: expected, no answers)"
    return " (DIFFERENT)"


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], participants=100, seconds=90.0)
    parser.add_argument("--kills", type=int, default=3, help="SIGKILLs during the burst")
    args = parser.parse_args()
    kills = args.kills
    failed = False
    with scratch_folder("gapmap-crash-", keep=args.keep) as folder:
        room, server, started = start_room(args, folder)
        killer = Killer(server, kills, random.Random(args.seed))  # noqa: S311 - not for secrets
        try:
            burst = run_burst(
                server,
                room,
                args.participants,
                args.seconds,
                args.seed,
                during=killer,
            )
        finally:
            code = server.stop()
            print(f"server stopped with SIGTERM: exit code {code}")
        check = check_database(room, burst.phones, thorough=True)
        rows = summary_rows(burst, room, check, os.cpu_count() or 0)
        rows += [
            ("kills (SIGKILL to the process group)", f"{len(killer.killed_at)} of {kills}"),
            ("server start before the burst, s", f"{started:.1f}"),
            *reconnect_rows(burst, killer),
            ("reconnections (all phones)", f"{sum(len(p.reconnects) for p in burst.phones)}"),
            ("answers lost (acknowledged, not stored as shown)", f"{check.lost}"),
            ("stored but never acknowledged", f"{check.unacknowledged_stored}"),
            (
                "respondents / phones that joined",
                f"{check.respondents} / {check.phones_joined}" + respondents_note(check),
            ),
            (
                "  respondents nobody holds the secret of",
                f"{check.orphans} ({check.joins_cut} joins cut off by a kill before the"
                f" phone got its answer; {check.orphans_with_answers} of them with answers)",
            ),
            ("  phones that sent Join more than once", f"{check.duplicate_phones}"),
            (
                "database after the crashes",
                "opens with Store, CHECKPOINT ok, every table read"
                + (
                    "; rules hold"
                    if not check.integrity
                    else f"; {len(check.integrity)} rules BROKEN"
                ),
            ),
            (
                "rows per table",
                ", ".join(f"{t} {n}" for t, n in check.table_counts.items() if n),
            ),
        ]
        print_table(
            f"Crash: {args.participants} phones, {args.pacing}-paced, {args.seconds:.0f} s,"
            f" {kills} kills",
            rows,
        )
        print_problems(check, burst.phones, burst.facilitator)
        for error in killer.errors:
            print(f"  restart failed: {error}")
        if check.missing:
            failed = True
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
