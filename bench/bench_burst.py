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
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _burst_common import (
    Server,
    build_database,
    check_database,
    figures,
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
        "--phones",
        choices=("http", "streamlit"),
        default="http",
        help="the phone page: http (plain HTML, /w/CODE) or streamlit (a session per phone)",
    )
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also run the Streamlit phone page on a database of its own, figures side by side",
    )
    parser.add_argument("--json", type=Path, default=None, help="write the figures here")
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


def _one_burst(args: argparse.Namespace, folder: Path, phones_on: str) -> tuple[Any, ...]:
    """Build a database, serve it, run the burst with `phones_on`, check the database."""
    began = time.perf_counter()
    room = build_database(
        folder / f"gapmap-{phones_on}.duckdb", args.pacing, args.survey, args.seed
    )
    print(
        f"database: demo with {args.survey} survey respondents, workshop {room.code}"
        f" ({args.pacing}-paced), built in {time.perf_counter() - began:.1f} s"
    )
    server = Server(
        room.db, args.port or free_port(), folder, streamlit_options(args.streamlit_option)
    )
    started = server.start()
    print(f"server: {server.url}, healthy after {started:.1f} s; phones on the {phones_on} page")
    try:
        burst = run_burst(
            server, room, args.participants, args.seconds, args.seed, phones_on=phones_on
        )
    finally:
        code = server.stop()
        print(f"server stopped with SIGTERM: exit code {code}")
    check = check_database(room, burst.phones)
    return room, burst, check


def main() -> None:
    args = arguments(__doc__.splitlines()[0], participants=300, seconds=60.0).parse_args()
    folder = Path(tempfile.mkdtemp(prefix="gapmap-burst-"))
    failed = False
    runs = [args.phones] + (["streamlit"] if args.compare and args.phones != "streamlit" else [])
    try:
        tables: list[list[tuple[str, str]]] = []
        results: dict[str, Any] = {}
        for phones_on in runs:
            room, burst, check = _one_burst(args, folder, phones_on)
            tables.append(summary_rows(burst, room, check, os.cpu_count() or 0))
            results[phones_on] = figures(burst, room, check)
            print_problems(check, burst.phones, burst.facilitator)
            if check.acknowledged != check.stored or check.missing:
                print(
                    f"\n  {phones_on}: acknowledged {check.acknowledged}, stored {check.stored},"
                    f" {check.lost} acknowledged answers missing or different"
                )
                failed = True
        title = f"Burst: {args.participants} phones, {args.pacing}-paced, {args.seconds:.0f} s"
        if len(tables) == 1:
            print_table(f"{title}, {runs[0]} phone page", tables[0])
        else:
            print_columns(title, runs, tables)
        if args.json is not None:
            one = dict(results[runs[0]])
            one["pacing"] = args.pacing
            one["phone_page"] = runs[0]
            if len(runs) > 1:
                one["compared"] = {k: v for k, v in results.items() if k != runs[0]}
            args.json.write_text(json.dumps(one, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {args.json}")
    finally:
        if args.keep:
            print(f"\nkept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)
    sys.exit(1 if failed else 0)


def print_columns(title: str, names: list[str], tables: list[list[tuple[str, str]]]) -> None:
    """Several runs' tables side by side (the same rows in the same order)."""
    width = max(len(k) for k, _ in tables[0]) + 2
    print(f"\n{title}\n")
    print(f"  {'':<{width}}" + "".join(f"{n + ' page':<34}" for n in names))
    for i, (key, _) in enumerate(tables[0]):
        values = [t[i][1] if i < len(t) else "" for t in tables]
        print(f"  {key:<{width}}" + "".join(f"{v[:32]:<34}" for v in values))


if __name__ == "__main__":
    main()
