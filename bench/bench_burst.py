"""Benchmark of a live workshop on the real server: 300 phones at once, over websockets.

A temporary database gets a demo organisation (`assessment.collect.demo`, CRM model, 500 survey
respondents), a consultant account and a running workshop, facilitator-paced by default
(`--pacing self`: each phone goes through the dimensions on its own). Then the database
is closed and `uv run streamlit run app.py` serves it (env `GAPMAP_DB`), and:

- the facilitator: one headless Chromium (`/usr/bin/chromium`, as the browser tests)
  signs in as the consultant and opens the workshop's screen (`/workshop?workshop=ID`).
  It waits 10 s in the lobby, then clicks "Next" through the 5 dimensions (every
  (seconds - 10) / 5 s, so 10 s by default), reveals each, and ends on the overview.
  Every 0.5 s it reads the "Joined" and "Answered" figures the screen shows;
- the phones: N participants (`--participants`, 300), each its own Streamlit session
  over the app's websocket (`bench/streamlit_client.py`, one asyncio loop), connecting
  over the first 8 s at `/?w=CODE`. Each chooses a role (leadership and front-line
  roles mixed), joins, follows the facilitator (the page's `st.fragment(run_every=...)`
  is emulated as the browser does) and answers every pulse item shown (2 per
  dimension, 10 in all) with a random think time of 0.5-2 s.

Measured:
- acknowledgement: an answer is acknowledged when the run after the tap (a run of the
  page's fragment) ended with `script_finished` (success) and the page then shows it
  saved: either that option chosen on the item, with no error on its card, or, when
  the facilitator moved on meanwhile and the page shows the next part, its line "n of N
  answers saved" (counted from the database) one higher than before the tap (a phone
  taps one answer at a time). Latency = tap -> that `script_finished`;
- after the run the server gets SIGTERM, the database is opened with `Store`, and
  every phone's acknowledged answers are looked up by its secret (the `p` the app put in
  the address; respondents keep its SHA-256): each must be the stored current answer,
  and the stored count must equal the acknowledged count;
- staleness of the facilitator's screen: for a sample at time t showing count c,
  t - (the first time the acknowledged count exceeded c), or 0 when it had not
  (joins for "Joined"; for "Answered", participants with an acknowledged answer in
  the dimension on screen);
- server RSS (VmRSS of the streamlit process and its children, not the `uv` launcher)
  before the phones connect, the peak of 0.5 s samples, and after; the server's CPU
  time during the burst (user + system, from /proc); the fragment polls the phones
  sent; the machine's CPUs.

Run by hand (not in CI; about two minutes):
`uv run python bench/bench_burst.py --participants 300`. Exits non-zero only when the
acknowledged and stored answers differ, or an acknowledged answer is missing.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _burst_common import (
    Server,
    build_database,
    check_database,
    free_port,
    print_problems,
    print_table,
    run_burst,
    summary_rows,
)


def arguments(description: str, participants: int, seconds: float) -> argparse.ArgumentParser:
    """The options both benchmarks take (bench_crash.py adds --kills)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--participants", type=int, default=participants)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    parser.add_argument(
        "--seconds", type=float, default=seconds, help="lobby (10 s) + the five dimensions"
    )
    parser.add_argument("--pacing", choices=("facilitator", "self"), default="facilitator")
    parser.add_argument("--survey", type=int, default=500, help="demo survey respondents")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument(
        "--streamlit-option",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="passed to `streamlit run` as --KEY VALUE (a diagnosis, e.g."
        " runner.postScriptGC=false); the app's own settings by default",
    )
    return parser


def streamlit_options(pairs: list[str]) -> list[str]:
    out = []
    for pair in pairs:
        key, _, value = pair.partition("=")
        out += [f"--{key.strip()}", value.strip()]
    return out


def main() -> None:
    args = arguments(__doc__.splitlines()[0], participants=300, seconds=60.0).parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gapmap-burst-"))
    failed = False
    try:
        began = time.perf_counter()
        room = build_database(folder / "gapmap.duckdb", args.pacing, args.survey, args.seed)
        print(
            f"database: demo with {args.survey} survey respondents, workshop {room.code}"
            f" ({args.pacing}-paced), built in {time.perf_counter() - began:.1f} s"
        )
        server = Server(
            room.db, args.port or free_port(), folder, streamlit_options(args.streamlit_option)
        )
        started = server.start()
        extra = " ".join(server.options)
        print(f"server: {server.url}{' ' + extra if extra else ''}, healthy after {started:.1f} s")
        try:
            burst = run_burst(server, room, args.participants, args.seconds, args.seed)
        finally:
            code = server.stop()
            print(f"server stopped with SIGTERM: exit code {code}")
        check = check_database(room, burst.phones)
        print_table(
            f"Burst: {args.participants} phones, {args.pacing}-paced, {args.seconds:.0f} s",
            summary_rows(burst, room, check, os.cpu_count() or 0),
        )
        print_problems(check, burst.phones, burst.facilitator)
        if check.acknowledged != check.stored:
            print(
                f"\n  acknowledged {check.acknowledged} != stored {check.stored}: "
                f"{check.unacknowledged_stored} stored answers were never acknowledged"
                " (see the taps' outcomes above)"
            )
            failed = True
        if check.missing:
            failed = True
    finally:
        if args.keep:
            print(f"\nkept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
