"""Benchmark of a live workshop on the real server: 300 phones at once, on the phone page.

A temporary database gets a demo organisation (`assessment.collect.demo`, CRM model, 500 survey
respondents), a consultant account and a running workshop, facilitator-paced by default
(`--pacing self`: each phone goes through the dimensions on its own). Then the database
is closed and `uv run streamlit run serve.py` serves it (env `GAPMAP_DB`), and:

- the facilitator: one headless Chromium (`/usr/bin/chromium`, as the browser tests)
  signs in as the consultant and opens the workshop's screen (`/workshop?workshop=ID`).
  It waits 10 s in the lobby, then clicks "Next" through the 5 dimensions (every
  (seconds - 10) / 5 s, so 10 s by default), reveals each, and ends on the overview.
  Every 0.5 s it reads the "Joined" and "Answered" figures the screen shows;
- the phones: N participants (`--participants`, 300) on the plain-HTML phone page
  (`/w/CODE`, `bench/_http_crowd.py`, one asyncio loop), opening it over the first 8 s.
  Each chooses a role (leadership and front-line roles mixed), joins, long-polls for
  the facilitator's next part and answers every pulse item shown (2 per dimension, 10
  in all) with a random think time of 0.5-2 s.

`--compare` prints the headline figures beside those recorded in README.md for the
older Streamlit phone page (a session per phone, 300 phones, 2026-12-03); that page is
gone, so they are a record, not a run.

Measured:
- acknowledgement: an answer is acknowledged when the tap's reply (sent after the
  commit) holds it among the phone's stored answers. Latency = tap -> that reply;
- after the run the server gets SIGTERM, the database is opened with `Store`, and
  every phone's acknowledged answers are looked up by its secret (the cookie the page
  set; respondents keep its SHA-256): each must be the stored current answer, and the
  stored count must equal the acknowledged count;
- staleness of the facilitator's screen: for a sample at time t showing count c,
  t - (the first time the acknowledged count exceeded c), or 0 when it had not
  (joins for "Joined"; for "Answered", participants with an acknowledged answer in
  the dimension on screen);
- server RSS (VmRSS of the streamlit process and its children, not the `uv` launcher)
  before the phones connect, the peak of 0.5 s samples, and after; the server's CPU
  time during the burst (user + system, from /proc); the long polls the phones sent;
  the machine's CPUs.

Run by hand (not in CI; about two minutes):
`uv run python bench/bench_burst.py --participants 300`. Exits non-zero only when the
acknowledged and stored answers differ, or an acknowledged answer is missing.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _burst_common import (
    arguments,
    check_database,
    figures,
    print_problems,
    print_table,
    run_burst,
    scratch_folder,
    start_room,
    summary_rows,
)

# The older Streamlit phone page (`/?w=CODE`, a session per phone), as README.md records
# it: 300 phones, 2026-12-03, this project's 2-core machine. The page is gone (links to
# it now lead to `/w/CODE`), so `--compare` prints this record, not a run.
STREAMLIT_PAGE_300 = {
    "date": "2026-12-03",
    "participants": 300,
    "tap_p50_s": 8.1,
    "tap_p95_s": 22.5,
    "follow_p95_s": 9.5,
    "staleness_joined_p95_s": 2.5,
    "staleness_answered_p95_s": 6.2,
    "rss_peak_mb": 372,
    "server_cores": 1.21,
}


def compare_rows(today: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(figure, today's HTML page, the Streamlit page as recorded) for `--compare`."""
    old = STREAMLIT_PAGE_300

    def s(value: Any) -> str:
        return "-" if value is None else f"{round(value, 2):g} s"

    return [
        ("phones", f"{today['participants']}", f"{old['participants']}"),
        ("tap p50", s(today["tap_p50_s"]), s(old["tap_p50_s"])),
        ("tap p95", s(today["tap_p95_s"]), s(old["tap_p95_s"])),
        ('phones follow "Next", p95', s(today["follow_p95_s"]), s(old["follow_p95_s"])),
        (
            "screen staleness p95, Joined",
            s(today["staleness_joined_p95_s"]),
            s(old["staleness_joined_p95_s"]),
        ),
        (
            "screen staleness p95, Answered",
            s(today["staleness_answered_p95_s"]),
            s(old["staleness_answered_p95_s"]),
        ),
        ("server RSS peak", f"{today['rss_peak_mb']:.0f} MB", f"{old['rss_peak_mb']} MB"),
        (
            "server CPU",
            f"{today['server_cpu_s'] / today['duration_s']:.2f} cores",
            f"{old['server_cores']} cores",
        ),
    ]


def print_comparison(today: dict[str, Any]) -> None:
    rows = compare_rows(today)
    width = max(len(r[0]) for r in rows) + 2
    print("\nBeside the older Streamlit phone page (recorded in README.md, not run)\n")
    print(f"  {'':<{width}}{'HTML page, today':<22}Streamlit page, {STREAMLIT_PAGE_300['date']}")
    for name, now, then in rows:
        print(f"  {name:<{width}}{now:<22}{then}")
    if today["participants"] != STREAMLIT_PAGE_300["participants"]:
        print(f"\n  (the record is for {STREAMLIT_PAGE_300['participants']} phones)")


def main() -> None:
    parser = arguments(__doc__.splitlines()[0], participants=300, seconds=60.0)
    parser.add_argument(
        "--compare",
        action="store_true",
        help="print the figures beside those recorded for the older Streamlit phone page",
    )
    args = parser.parse_args()
    failed = False
    with scratch_folder("gapmap-burst-", keep=args.keep) as folder:
        room, server, _ = start_room(args, folder)
        try:
            burst = run_burst(server, room, args.participants, args.seconds, args.seed)
        finally:
            code = server.stop()
            print(f"server stopped with SIGTERM: exit code {code}")
        check = check_database(room, burst.phones)
        results = figures(burst, room, check)
        print_problems(check, burst.phones, burst.facilitator)
        if check.acknowledged != check.stored or check.missing:
            print(
                f"\n  acknowledged {check.acknowledged}, stored {check.stored},"
                f" {check.lost} acknowledged answers missing or different"
            )
            failed = True
        print_table(
            f"Burst: {args.participants} phones, {args.pacing}-paced, {args.seconds:.0f} s",
            summary_rows(burst, room, check, os.cpu_count() or 0),
        )
        if args.compare:
            print_comparison(results)
        if args.json is not None:
            results["pacing"] = args.pacing
            args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
            print(f"\nfigures written to {args.json}")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
