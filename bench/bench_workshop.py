"""Benchmark of the live workshop, side by side with its references.

A synthetic organisation (`assessment.collect.demo`, CRM model, 10,000 survey respondents by
default) in a temporary database file, so the answers table already holds a big survey;
then a self-paced workshop on its assessment, every dimension revealed, at step 1:
- join + answer: N participants (300 by default, leadership and front-line roles mixed)
  from a pool of 16 threads: first every participant joins with the code
  (`workshop.join`), then each answers every pulse item its role sees, one
  `workshop.answer` call per item, as a phone does. Joins/s, answers/s and latency per
  call; the answers acknowledged must all be stored (checked with a COUNT).
  Meanwhile a facilitator thread refreshes the live view in a loop (item 4 below);
- facilitator refresh at N participants: `workshop.live_view` (everything one refresh
  of the shared screen makes), then its parts one by one: `score_workshop`, the
  answered-count query, the current dimension's item distributions, and the phone poll
  `workshop.phone_state` (a cache hit, and a miss: its entry dropped from `store.memo`,
  untimed, before each call);
- references: one hand-written DuckDB GROUP BY (per-dimension mean of the
  participants' current pulse answers), and the same in pandas over the answer rows
  already loaded into a DataFrame (loading not timed);
- the refresh while phones answer: the facilitator thread's live views during the
  join + answer phase;
- peak memory: peak RSS of the process at the end.

Run by hand: `make bench-workshop` (or `uv run python bench/bench_workshop.py
--participants 300 --survey 10000`). Figures vary with the machine and its load.
The issue's aim: a refresh under 100 ms of server time at 300 participants.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd

from assessment import access
from assessment.analysis.distributions import item_distributions
from assessment.analysis.scoring import score_workshop
from assessment.collect import workshop
from assessment.collect.demo import generate_demo
from assessment.organisation import auth
from assessment.organisation.assessments import Assessment, get_assessment, questionnaire_of
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

AIM_MS = 100.0

# The reference: per-dimension mean of the participants' current pulse answers.
RAW_QUERY = """
SELECT i.dimension_id, count(*), avg(a.value)
FROM answers a
JOIN respondents r ON r.num = a.respondent
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
WHERE r.workshop_id = $workshop AND NOT a.superseded AND NOT a.dont_know
GROUP BY i.dimension_id
"""
# The rows the pandas reference groups (loaded once, not timed).
ANSWER_ROWS = """
SELECT a.respondent, i.dimension_id, a.value, a.dont_know, a.superseded
FROM answers a
JOIN respondents r ON r.num = a.respondent
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
WHERE r.workshop_id = $workshop
"""
STORED = """
SELECT count(*) FROM answers a JOIN respondents r ON r.num = a.respondent
WHERE r.workshop_id = ? AND NOT a.superseded
"""


# --- timing helpers -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of `values`, nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


Part = tuple[Callable[[], Any], Callable[[], Any] | None]


def interleaved(parts: dict[str, Part], repeat: int) -> dict[str, list[float]]:
    """Seconds of `repeat` calls of each part after one warm-up each, taken in turns (one
    call of every part per round, so a change in the machine's load hits them alike);
    a part's `before` runs untimed before each of its calls."""
    times: dict[str, list[float]] = {name: [] for name in parts}
    for round_ in range(repeat + 1):
        for name, (fn, before) in parts.items():
            if before is not None:
                before()
            start = time.perf_counter()
            fn()
            if round_:  # round 0 is the warm-up
                times[name].append(time.perf_counter() - start)
    return times


def ms(seconds: float) -> float:
    return seconds * 1000


# --- the room -------------------------------------------------------------------------------------


@dataclass
class Room:
    store: Store
    assessment: Assessment
    q: Questionnaire
    workshop_id: str
    code: str
    first_dimension: str


@dataclass
class Phones:
    """What the participants' threads measured (lists are appended from many threads)."""

    join_s: list[float] = field(default_factory=list)
    answer_s: list[float] = field(default_factory=list)
    acknowledged: list[int] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    join_wall_s: float = 0.0
    answer_wall_s: float = 0.0


@dataclass
class Facilitator:
    """A facilitator's screen refreshing in a loop while phones answer."""

    room: Room
    pause_s: float
    times: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            try:
                access.live_view(self.room.store, auth.SYSTEM, self.room.workshop_id)
            except Exception as error:  # reported, not raised: the phones go on
                self.errors.append(f"{type(error).__name__}: {error}")
            else:
                self.times.append(time.perf_counter() - start)
            self.stop.wait(self.pause_s)


def set_up(path: Path, survey: int, seed: int) -> tuple[Room, float]:
    store = Store(path)
    start = time.perf_counter()
    demo = generate_demo(store, survey, seed=seed)
    seconds = time.perf_counter() - start
    assessment = get_assessment(store, demo.assessment_id)
    q = questionnaire_of(store, assessment)
    w = access.start_workshop(store, auth.SYSTEM, assessment.id, pacing="self")
    access.set_revealed(store, auth.SYSTEM, w.id, None)
    access.go_to_step(store, auth.SYSTEM, w.id, 1)
    return Room(store, assessment, q, w.id, w.join_code, q.dimensions[0].id), seconds


def roles_mixed(q: Questionnaire, n: int) -> list[str]:
    """N role ids, leadership and front-line roles taken in turn (each side cycling)."""
    sides: dict[str, list[str]] = {}
    for role in q.roles:
        sides.setdefault(role.perspective, []).append(role.id)
    lists = list(sides.values())
    return [lists[i % len(lists)][(i // len(lists)) % len(lists[i % len(lists)])] for i in range(n)]


def planned_answers(q: Questionnaire, role_id: str, seed: int) -> list[dict[str, Any]]:
    """One answer per pulse item the role sees, in model order: a valid option index."""
    rng = np.random.default_rng(seed)
    return [
        {item.id: int(rng.integers(0, len(q.options_of(item))))}
        for dim in q.dimensions
        for item in workshop.pulse_items(q, dim.id, role_id)
    ]


def run_phones(room: Room, roles: list[str], threads: int, seed: int) -> Phones:
    phones = Phones()
    secrets: list[str | None] = [None] * len(roles)

    def join_one(n: int) -> None:
        start = time.perf_counter()
        try:
            joined = workshop.join(room.store, room.code, role_id=roles[n])
        except Exception as error:
            phones.errors.append(f"join: {type(error).__name__}: {error}")
            return
        phones.join_s.append(time.perf_counter() - start)
        secrets[n] = joined.secret

    def answer_all(n: int) -> None:
        secret = secrets[n]
        if secret is None:
            return
        for one in planned_answers(room.q, roles[n], seed + n):
            start = time.perf_counter()
            try:
                saved = workshop.answer(room.store, secret, one)
            except Exception as error:
                phones.errors.append(f"answer: {type(error).__name__}: {error}")
                continue
            phones.answer_s.append(time.perf_counter() - start)
            phones.acknowledged.append(saved)

    with ThreadPoolExecutor(max_workers=threads) as pool:
        start = time.perf_counter()
        list(pool.map(join_one, range(len(roles))))
        phones.join_wall_s = time.perf_counter() - start
        start = time.perf_counter()
        list(pool.map(answer_all, range(len(roles))))
        phones.answer_wall_s = time.perf_counter() - start
    return phones


def stored_answers(room: Room) -> int:
    row = room.store.cursor().execute(STORED, [room.workshop_id]).fetchone()
    return int(row[0]) if row else 0


# --- printing -------------------------------------------------------------------------------------


def latency_row(name: str, times: list[float], reference: float | None = None) -> str:
    med = statistics.median(times)
    ratio = f"{'':>10}"
    if reference:
        share = med / reference
        ratio = f"{share:>9.1f}x" if share >= 0.1 else f"{share:>9.3f}x"
    return (
        f"  {name:<44}{ms(med):>9.2f}{ms(percentile(times, 0.95)):>9.2f}"
        f"{ms(max(times)):>9.2f}{ratio}"
    )


def latency_header(first: str = "call") -> str:
    return f"  {first:<44}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'x raw':>10}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--survey", type=int, default=10_000, help="survey respondents")
    parser.add_argument("--participants", type=int, default=300)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--repeat", type=int, default=50, help="refreshes timed per part")
    parser.add_argument(
        "--refresh-pause",
        type=float,
        default=0.1,
        help="seconds the facilitator thread waits between refreshes while phones answer",
    )
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    failed = False

    with tempfile.TemporaryDirectory() as folder:
        room, generate_s = set_up(Path(folder) / "bench.duckdb", args.survey, args.seed)
        store, wid = room.store, room.workshop_id
        total_rows = store.cursor().execute("SELECT count(*) FROM answers").fetchone()
        survey_rows = int(total_rows[0]) if total_rows else 0
        print(
            f"demo: {args.survey:,} survey respondents, {survey_rows:,} answer rows, in"
            f" {generate_s:.1f} s; workshop {room.code}, self-paced, {len(room.q.dimensions)}"
            f" dimensions revealed, {len(room.q.pulse_items())} pulse items"
        )

        # --- 2 + 4: phones join and answer while the facilitator's screen refreshes ----
        roles = roles_mixed(room.q, args.participants)
        facilitator = Facilitator(room, args.refresh_pause)
        screen = threading.Thread(target=facilitator.run)
        screen.start()
        try:
            phones = run_phones(room, roles, args.threads, args.seed)
        finally:
            facilitator.stop.set()
            screen.join()
        expected = sum(len(planned_answers(room.q, r, 0)) for r in roles)
        acknowledged = sum(phones.acknowledged)
        stored = stored_answers(room)
        leaders = sum(
            1
            for r in roles
            if next(x for x in room.q.roles if x.id == r).perspective == "leadership"
        )

        print(
            f"\nJoin + answer: {args.participants} participants ({leaders} leadership,"
            f" {args.participants - leaders} front line), {args.threads} threads, one call per"
            f" answer\n"
        )
        print(latency_header())
        print("  " + "-" * 81)
        if phones.join_s:
            print(latency_row("workshop.join", phones.join_s))
        if phones.answer_s:
            print(latency_row("workshop.answer (one item)", phones.answer_s))
        joins_per_s = len(phones.join_s) / phones.join_wall_s if phones.join_wall_s else 0.0
        answers_per_s = acknowledged / phones.answer_wall_s if phones.answer_wall_s else 0.0
        print(
            f"\n  joins   : {len(phones.join_s):>6,} in {phones.join_wall_s:>6.2f} s"
            f" = {joins_per_s:>7.1f} joins/s"
        )
        print(
            f"  answers : {acknowledged:>6,} in {phones.answer_wall_s:>6.2f} s"
            f" = {answers_per_s:>7.1f} answers/s"
        )
        print(
            f"  answers planned {expected:,}, acknowledged {acknowledged:,}, stored {stored:,}:"
            f" {'equal' if acknowledged == stored == expected else 'MISMATCH'}"
        )
        if phones.errors:
            print(f"  {len(phones.errors)} calls failed, e.g.:")
            for message in sorted(set(phones.errors))[:5]:
                print(f"    {message[:160]}")
        if acknowledged != stored or acknowledged != expected:
            failed = True

        # --- 3: the facilitator's refresh at N participants, part by part --------------
        assessment, q = room.assessment, room.q
        params = {"hash": assessment.content_hash, "workshop": wid}
        cur = store.cursor()
        state_key = f"workshop-state:{wid}"
        frame = cur.execute(ANSWER_ROWS, params).df()

        def pandas_means() -> pd.Series:
            current = frame[~frame["superseded"] & ~frame["dont_know"]]
            return current.groupby("dimension_id")["value"].mean()

        def drop_state() -> None:
            store.memo.pop(state_key, None)

        parts = interleaved(
            {
                "raw DuckDB GROUP BY (reference)": (
                    lambda: cur.execute(RAW_QUERY, params).fetchall(),
                    None,
                ),
                "pandas groupby, rows in memory (reference)": (pandas_means, None),
                "live_view (one whole refresh)": (
                    lambda: access.live_view(store, auth.SYSTEM, wid),
                    None,
                ),
                "  score_workshop": (
                    lambda: score_workshop(store, assessment, q, wid, by_team=False),
                    None,
                ),
                "  _ANSWERED query": (
                    lambda: cur.execute(workshop._ANSWERED, params).fetchall(),
                    None,
                ),
                "  item_distributions (current dimension)": (
                    lambda: item_distributions(
                        store, assessment.id, workshop_id=wid, dimension_id=room.first_dimension
                    ),
                    None,
                ),
                # The miss first: the hit right after it finds the entry fresh.
                "phone_state, cache miss": (lambda: workshop.phone_state(store, wid), drop_state),
                "phone_state, cache hit (phone poll)": (
                    lambda: workshop.phone_state(store, wid),
                    None,
                ),
            },
            args.repeat,
        )
        view = access.live_view(store, auth.SYSTEM, wid)
        raw = statistics.median(parts["raw DuckDB GROUP BY (reference)"])

        print(
            f"\nFacilitator refresh at {view.joined} participants, {stored:,} current answers"
            f" ({args.repeat} rounds after a warm-up, parts taken in turns)\n"
        )
        print(latency_header("part"))
        print("  " + "-" * 81)
        for name, times in parts.items():
            print(latency_row(name, times, raw))
        whole = statistics.median(parts["live_view (one whole refresh)"])
        named = sum(
            statistics.median(parts[n])
            for n in (
                "  score_workshop",
                "  _ANSWERED query",
                "  item_distributions (current dimension)",
            )
        )
        in_pandas = statistics.median(parts["pandas groupby, rows in memory (reference)"])
        print(
            f"\n  live_view / raw query: {whole / raw:.1f}x; live_view / pandas:"
            f" {whole / in_pandas:.1f}x\n  the three parts make {named / whole:.0%} of"
            " live_view (the rest: loading the workshop and assessment, building the view)"
        )
        shown = sum(1 for d in view.dimensions if d.status == "shown")
        answered = {d.dimension_id: d.answered for d in view.dimensions}
        print(
            f"  view: joined {view.joined}, {shown}/{len(view.dimensions)} dimensions shown,"
            f" answered per dimension {sorted(set(answered.values()))},"
            f" {len(view.distributions)} item distributions"
        )
        if view.joined != len(phones.join_s) or set(answered.values()) != {len(phones.join_s)}:
            print("  MISMATCH: the view's joined / answered counts differ from the phones'")
            failed = True
        p95 = percentile(parts["live_view (one whole refresh)"], 0.95)
        print(
            f"  aim: a refresh under {AIM_MS:.0f} ms at {view.joined} participants:"
            f" median {ms(whole):.1f} ms, p95 {ms(p95):.1f} ms:"
            f" {'aim met' if ms(whole) < AIM_MS else 'aim missed'}"
        )

        # --- 4: the refresh while phones were answering ---------------------------------
        print(
            f"\nFacilitator refresh while phones join and answer ({len(facilitator.times)}"
            f" refreshes, {args.refresh_pause:.2f} s pause between them)\n"
        )
        print(latency_header("part"))
        print("  " + "-" * 81)
        if facilitator.times:
            print(latency_row("live_view under load", facilitator.times, raw))
            loaded = statistics.median(facilitator.times)
            print(
                f"\n  under load / idle: {loaded / whole:.1f}x;"
                f" {'aim met' if ms(loaded) < AIM_MS else 'aim missed'} under load"
                f" (median {ms(loaded):.1f} ms)"
            )
        if facilitator.errors:
            print(
                f"  {len(facilitator.errors)} refreshes failed, e.g. {facilitator.errors[0][:160]}"
            )
        store.close()

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"\npeak RSS: {peak:.0f} MB; load average {load} on {os.cpu_count()} cores")
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
