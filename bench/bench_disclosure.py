"""Benchmark of disclosure control (`assessment.analysis.disclosure`,
`assessment.analysis.releases`).

Part 1, the audit's cost. A synthetic organisation of 40 teams x 6 roles (the default
questionnaire's: sales, marketing, service and admin on the front line, manager and
leadership on the leadership side) at 1k, 10k and 100k respondents. The role x team
cells are uneven on purpose: team sizes and each team's role mix are drawn once, with
a fixed seed, from skewed (lognormal) distributions, so the organisation is the same at
every size and many cells hold fewer than k people at 1k; and some cells stay small at
every size (a lone system admin, two or three leaders in a team), as in a real
organisation of 100k. Answers come from the demo's own model (`assessment.collect.demo`) and
go in with its bulk insert. For each size:

- new release: `releases.current` from scratch (scoring every response, the audit of
  every grouping and of every item's answer counts, storing the release);
- audit: the release's audit alone: every `disclosure.decide` call the release made
  (the groupings, per family of figures; head-counts over time; each item's answer
  counts), captured with its own groups, cells and earlier releases and replayed;
- 2nd release: `releases.current` after k more submissions, audited against the first
  release (the temporal audit), and that audit alone;
- read: `analysis.analyse` when nothing changed: what every page load costs (reads the
  stored release, gaps, findings, actions).

References, on the same data: the figures without any audit (the `_CELL_STATS` SQL and
`_roll_up`, as `scoring` computes them), `scoring.score_assessment` (the same figures
through a one-off static audit, nothing stored), one raw DuckDB GROUP BY GROUPING SETS
of the same means over the stored respondent scores, and pandas over the same respondent
scores already in memory (six groupby's: n, mean, sd).

Part 2, information loss of the demo's views (`gapmap demo`, seed 7, 120/250/400
respondents): the share of respondents whose group's figure is hidden, per view, with
the old per-grouping rule (`bench/_old_anonymity.py`, recovered from git) and with
the release's audit, and which roles and teams are hidden and why.

Also printed: where a release's time goes (each part of `releases._make` timed in the
same runs) and the issue's target (100 ms at 100k) for reading and for making a release.

Run: `make bench-disclosure` (about 3 minutes on 2 cores; or `uv run python
bench/bench_disclosure.py --sizes 1000 --demos 400`). Timings are the median of 3 to 5
runs (min..max beside some); they vary with the machine and its load, which is printed.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import _old_anonymity as old_anonymity
import numpy as np
import pandas as pd

from assessment.analysis import disclosure, releases, scoring
from assessment.analysis.analysis import analyse
from assessment.collect import demo
from assessment.collect.responses import Submission, record_submissions
from assessment.organisation.assessments import (
    Assessment,
    Team,
    create_assessment,
    create_organisation,
    get_assessment,
    questionnaire_of,
    utcnow,
)
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

TEAMS = 40
K = 5
ORG_SEED = 2024  # the organisation chart (cell weights): the same at every size
VIEWS = ("organisation", "perspective", "role", "team", "perspective_team", "role_team")
VIEW_LABEL = {
    "organisation": "organisation",
    "perspective": "perspective",
    "role": "role",
    "team": "team",
    "perspective_team": "perspective x team",
    "role_team": "role x team",
}


# --- timing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timing:
    median: float
    low: float
    high: float
    cpu: float  # median CPU seconds of the process (all threads), for a busy machine

    def ms(self) -> str:
        return f"{self.median * 1000:.1f}"

    def spread(self) -> str:
        return f"{self.low * 1000:.0f}..{self.high * 1000:.0f}"


def timed(
    fn: Callable[[], Any],
    repeat: int,
    *,
    setup: Callable[[], Any] | None = None,
    after: Callable[[], Any] | None = None,
    warm: bool = True,
    budget: float = 5.0,
) -> Timing:
    """Median (min, max) seconds of `fn` over `repeat` runs (fewer, but at least 3, once
    the runs took `budget` seconds), after one warm-up run; `setup` runs untimed before
    each run, `after` untimed after each timed one."""
    if warm:
        if setup is not None:
            setup()
        fn()
    times = []
    cpu = []
    for _ in range(repeat):
        if setup is not None:
            setup()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        if after is not None:
            after()
        if len(times) >= 3 and sum(times) > budget:
            break
    return Timing(statistics.median(times), min(times), max(times), statistics.median(cpu))


OTHER = "other (groups, JSON, storing)"
TOTAL = "release total"


def median_parts(runs: list[dict[str, float]]) -> dict[str, float]:
    """Per part, the median over runs of the seconds spent in it; `OTHER` is what the
    release spent outside the parts named, run by run."""
    for run in runs:
        if TOTAL in run:
            run[OTHER] = run[TOTAL] - sum(v for p, v in run.items() if p not in (TOTAL, OTHER))
    parts = {p for run in runs for p in run}
    return {p: statistics.median(run.get(p, 0.0) for run in runs) for p in parts}


# --- the organisation -----------------------------------------------------------------------


def cell_weights(q: Questionnaire) -> tuple[np.ndarray, np.ndarray]:
    """(scaled, fixed): per team x role, a weight for the cells that grow with the
    organisation and a small fixed head-count for those that do not."""
    rng = np.random.default_rng(ORG_SEED)
    roles = [r.id for r in q.roles]
    team_size = rng.lognormal(0.0, 0.8, TEAMS)
    scaled = np.zeros((TEAMS, len(roles)))
    fixed = np.zeros((TEAMS, len(roles)), dtype=np.int64)
    for t in range(TEAMS):
        mix = np.zeros(len(roles))
        for role in ("sales", "marketing", "service"):
            # one main front-line role per team, the others from a heavy tail
            mix[roles.index(role)] = rng.lognormal(0.0, 1.6)
        mix[roles.index(("sales", "marketing", "service")[t % 3])] += 4.0
        mix = mix / mix.sum() * 0.86
        mix[roles.index("manager")] = rng.uniform(0.06, 0.16)
        if t % 8 == 0:  # the management teams
            mix[roles.index("leadership")] = rng.uniform(0.2, 0.5)
        scaled[t] = mix * team_size[t]
        if t % 5 == 1:  # a lone admin, or two, wherever systems are run
            fixed[t, roles.index("admin")] = rng.integers(1, 3)
        if t % 8 == 3:  # two or three leaders sit in an ordinary team
            fixed[t, roles.index("leadership")] = rng.integers(2, 4)
    return scaled, fixed


def cell_sizes(q: Questionnaire, respondents: int) -> np.ndarray:
    """Respondents per team x role, adding up to `respondents`."""
    scaled, fixed = cell_weights(q)
    rest = respondents - int(fixed.sum())
    flat = demo._largest_remainder(list(scaled.ravel()), rest)
    return np.asarray(flat, dtype=np.int64).reshape(scaled.shape) + fixed


def make_people(
    q: Questionnaire, sizes: np.ndarray, team_ids: list[str], seed: int
) -> demo._People:
    """The demo's respondent model (latent scores, careless responders, languages) for
    respondents placed in the given team x role cells; everyone submitted."""
    rng = np.random.default_rng(seed)
    team = np.repeat(np.arange(sizes.shape[0]), sizes.sum(axis=1))
    role = np.concatenate([np.repeat(np.arange(sizes.shape[1]), row) for row in sizes])
    order = rng.permutation(len(role))
    team, role = team[order].astype(np.int64), role[order].astype(np.int64)
    n = len(role)
    dims = [d.id for d in q.dimensions]
    frontline = np.array([r.perspective == "frontline" for r in q.roles])[role]
    lead_view = np.array([demo.LEADERSHIP_VIEW.get(d, demo.LEADERSHIP_VIEW_OTHER) for d in dims])
    base = np.array([demo.BASELINE.get(d, demo.DEFAULT_BASELINE) for d in dims])
    team_effect = rng.normal(0.0, 0.3, (sizes.shape[0], len(dims)))
    latent = (
        base[None, :]
        + team_effect[team]
        + np.where(frontline[:, None], 0.0, lead_view[None, :])
        + rng.normal(0.0, demo.PERSON_SD, n)[:, None]
        + rng.normal(0.0, demo.DIMENSION_SD, (n, len(dims)))
    )
    careless = rng.random(n)
    languages = [q.language, *[lang for lang in q.languages if lang != q.language][:1]]
    return demo._People(
        team=team,
        team_ids=team_ids,
        role=role,
        submitted=np.ones(n, np.bool_),
        language=(rng.random(n) < demo.SECOND_LANGUAGE_SHARE).astype(np.int64)
        if len(languages) > 1
        else np.zeros(n, np.int64),
        languages=languages,
        frontline=frontline,
        straight_liner=careless < demo.STRAIGHT_LINER_SHARE,
        speeder=(careless >= demo.STRAIGHT_LINER_SHARE)
        & (careless < demo.STRAIGHT_LINER_SHARE + demo.SPEEDER_SHARE),
        latent=latent,
        pages_done=np.full(n, len(dims), np.int64),
    )


def build_organisation(store: Store, respondents: int) -> tuple[Assessment, Questionnaire]:
    """40 teams x 6 roles with `respondents` submitted responses, bulk-inserted."""
    q, source = demo.default_questionnaire()
    sizes = cell_sizes(q, respondents)
    team_ids = [f"team-{t + 1:02d}" for t in range(TEAMS)]
    now = utcnow().replace(microsecond=0)
    opens_at = demo._opening(now)
    people = make_people(q, sizes, team_ids, seed=respondents)
    rng = np.random.default_rng(respondents + 1)
    demo._add_calendar(q, rng, people, opens_at, now)
    rows = demo._answers(q, rng, people)
    organisation_id = create_organisation(store, f"Bench {respondents}")
    assessment = create_assessment(
        store,
        organisation_id,
        q,
        name=f"Bench {respondents}",
        teams=[
            Team(tid, f"Team {t + 1:02d}", int(sizes[t].sum()) + 3)
            for t, tid in enumerate(team_ids)
        ],
        targets={d.id: 4 for d in q.dimensions},
        opens_at=opens_at,
        closes_at=opens_at + timedelta(days=demo.DAYS_OPEN),
        anonymity_threshold=K,
        source=source,
    )
    demo._insert(store, q, assessment.id, respondents, people, rows)
    return assessment, q


def more_submissions(
    store: Store, assessment: Assessment, q: Questionnaire, count: int, seed: int
) -> None:
    """`count` whole responses through the import path, in cells drawn by size."""
    rng = np.random.default_rng(seed)
    scaled, _ = cell_weights(q)
    p = scaled.ravel() / scaled.sum()
    subs = []
    for cell in rng.choice(len(p), size=count, p=p):
        team, role = divmod(int(cell), len(q.roles))
        role_id = q.roles[role].id
        answers: dict[str, Any] = {}
        for _, page in q.items_for_role(role_id):
            for item in page:
                options = q.options_of(item)
                if item.type in ("likert", "frequency", "anchored", "choice") and options:
                    answers[item.id] = int(rng.integers(0, len(options)))
        subs.append(Submission(role_id, assessment.teams[team].id, q.language, answers))
    record_submissions(store, assessment, q, subs, channel="survey")


# --- what a release audits ----------------------------------------------------------------------

AUDIT_CALLERS = {
    "decide_each": "audit: groupings, per family",
    "_count_decisions": "audit: head-counts over time",
    "_make": "audit: item answer counts",
}

Call = tuple[str, tuple[Any, ...], dict[str, Any]]


def captured_audits(make: Callable[[], Any]) -> list[Call]:
    """Every `disclosure.decide` call `make` (a release) runs: caller, arguments. Replayed,
    they are the release's audit on exactly its own groups, cells and earlier releases,
    however `releases._make` builds them."""
    calls: list[Call] = []
    original = disclosure.decide

    def spy(*args: Any, **kwargs: Any) -> Any:
        calls.append((sys._getframe(1).f_code.co_name, args, kwargs))
        return original(*args, **kwargs)

    disclosure.decide = spy  # type: ignore[assignment]
    try:
        make()
    finally:
        disclosure.decide = original  # type: ignore[assignment]
    return calls


def replay(calls: list[Call]) -> Callable[[], None]:
    def run() -> None:
        for _, args, kwargs in calls:
            disclosure.decide(*args, **kwargs)

    return run


# --- where a release's time goes --------------------------------------------------------------


@contextmanager
def breakdown() -> Iterator[dict[str, float]]:
    """Seconds spent in each part of `releases._make`, summed, while the block runs."""
    spent: dict[str, float] = {}
    patched: list[tuple[Any, str, Any]] = []

    def wrap(module: Any, name: str, label: str | Callable[[str], str]) -> None:
        original = getattr(module, name, None)
        if original is None:  # a part the release no longer has
            return

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            caller = sys._getframe(1).f_code.co_name
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                part = label(caller) if callable(label) else label
                spent[part] = spent.get(part, 0.0) + time.perf_counter() - start

        setattr(module, name, timed_call)
        patched.append((module, name, original))

    def decide_label(caller: str) -> str:
        return AUDIT_CALLERS.get(caller, f"audit: {caller}")

    wrap(releases, "_make", TOTAL)
    wrap(releases, "era_stats", "scoring + sums per era (SQL)")
    wrap(disclosure, "decide", decide_label)
    wrap(releases, "results_from", "figures (results_from)")
    wrap(releases, "_carry_forward", "carry forward")
    wrap(releases, "answer_tally", "answer tally (SQL)")
    wrap(releases, "quality_report_on", "quality report (SQL)")
    try:
        yield spent
    finally:
        for module, name, original in reversed(patched):
            setattr(module, name, original)


# --- references -------------------------------------------------------------------------------

GROUPING_SETS = f"""
WITH rd AS ({scoring._RESPONDENT_SCORES})
SELECT perspective, role_id, team_id, dimension,
       count(score), avg(score), stddev_samp(score)
FROM rd
GROUP BY GROUPING SETS ((dimension), (perspective, dimension), (perspective, role_id, dimension),
    (team_id, dimension), (perspective, team_id, dimension),
    (perspective, role_id, team_id, dimension))
"""  # noqa: S608 - constant SQL


def pandas_reference(store: Store, assessment: Assessment, q: Questionnaire) -> Callable[[], Any]:
    frame = (
        store.cursor()
        .execute(scoring._RESPONDENT_SCORES, scoring._params(assessment, q))
        .df()[["respondent", "dimension", "score", "role_id", "team_id", "perspective"]]
    )

    def run() -> pd.DataFrame:
        out = []
        for keys in (
            [],
            ["perspective"],
            ["perspective", "role_id"],
            ["team_id"],
            ["perspective", "team_id"],
            ["perspective", "role_id", "team_id"],
        ):
            out.append(
                frame.groupby([*keys, "dimension"])["score"]
                .agg(["count", "mean", "std"])
                .reset_index()
            )
        return pd.concat(out)

    return run


# --- part 1 -----------------------------------------------------------------------------------


def reset_releases(store: Store, assessment_id: str, *, from_number: int) -> None:
    """Undo releases `from_number` and later, and the scores of the respondents they
    counted first, so the next `releases.current` makes release `from_number` again."""

    def undo(cur: Any) -> None:
        cur.execute(
            "DELETE FROM respondent_scores WHERE respondent IN (SELECT num FROM respondents"
            " WHERE assessment_id = ? AND release_number >= ?)",
            [assessment_id, from_number],
        )
        cur.execute(
            "UPDATE respondents SET release_number = NULL"
            " WHERE assessment_id = ? AND release_number >= ?",
            [assessment_id, from_number],
        )
        cur.execute(
            "DELETE FROM releases WHERE assessment_id = ? AND number >= ?",
            [assessment_id, from_number],
        )

    store.write(undo)
    # What this process remembers of them: scored responses, parsed releases.
    for key in [k for k in store.memo if k.startswith(f"release:{assessment_id}:")]:
        store.memo.pop(key, None)
    store.memo.pop(f"scored:{assessment_id}", None)


def one_size(size: int, repeat: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        assessment, q = build_organisation(store, size)
        build_s = time.perf_counter() - start
        aid = assessment.id
        sizes = cell_sizes(q, size)
        out: dict[str, Any] = {
            "respondents": size,
            "build_s": build_s,
            "cells": int((sizes > 0).sum()),
            "small_cells": int(((sizes > 0) & (sizes < K)).sum()),
        }

        def first() -> None:
            assert releases.current(store, aid).number == 1

        slow = size >= 100_000  # each run scores every response again: seconds
        runs: list[dict[str, float]] = []
        with breakdown() as spent:
            out["release1"] = timed(
                first,
                repeat,
                setup=lambda: (reset_releases(store, aid, from_number=1), spent.clear()),
                after=lambda: runs.append(dict(spent)),
                warm=not slow,
            )
        out["parts1"] = median_parts(runs)
        reset_releases(store, aid, from_number=1)
        calls = captured_audits(first)
        out["audit1"] = timed(replay(calls), repeat)
        out["calls1"] = len(calls)
        release = releases.latest(store, aid)
        out["hidden1"] = len(release.reasons)
        out["groups"] = len(release.people) + len(release.reasons)

        # A second release, K submissions later: audited against the first.
        more_submissions(store, assessment, q, K, seed=size)
        assert releases.pending(store, aid) == K

        def second() -> None:
            assert releases.current(store, aid).number == 2

        runs = []
        with breakdown() as spent:
            out["release2"] = timed(
                second,
                repeat,
                setup=lambda: (reset_releases(store, aid, from_number=2), spent.clear()),
                after=lambda: runs.append(dict(spent)),
            )
        out["parts2"] = median_parts(runs)
        reset_releases(store, aid, from_number=2)
        calls = captured_audits(second)
        out["audit2"] = timed(replay(calls), repeat)
        out["calls2"] = len(calls)
        out["hidden2"] = len(releases.latest(store, aid).reasons)

        # Nothing changed: what every page load costs.
        out["read"] = timed(lambda: analyse(store, aid), repeat)
        out["latest"] = timed(lambda: releases.latest(store, aid), repeat)

        # References on the same data.
        params = scoring._params(assessment, q)
        out["no_audit"] = timed(
            lambda: scoring._roll_up(
                store.cursor().execute(scoring._CELL_STATS, params).fetchall(), q
            ),
            repeat,
        )
        out["static"] = timed(lambda: scoring.score_assessment(store, aid), repeat)
        out["duckdb"] = timed(
            lambda: store.cursor().execute(GROUPING_SETS, params).fetchall(), repeat
        )
        out["pandas"] = timed(pandas_reference(store, assessment, q), repeat)
        store.close()
    return out


def print_part1(rows: list[dict[str, Any]], repeat: int) -> None:
    print(
        f"\nPart 1: the audit's cost, 40 teams x 6 roles, k = {K}"
        f" (ms, median of {min(3, repeat)} to {repeat} runs)\n"
    )
    header = (
        f"{'respondents':>11} {'cells':>5} {'<k':>4} {'build':>6}"
        f" {'release 1':>10} {'audit 1':>8} {'release 2':>10} {'audit 2':>8} {'read':>7}"
        f" | {'no audit':>8} {'static':>7} {'duckdb':>7} {'pandas':>7}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['respondents']:>11,} {r['cells']:>5} {r['small_cells']:>4} {r['build_s']:>5.1f}s"
            f" {r['release1'].ms():>10} {r['audit1'].ms():>8} {r['release2'].ms():>10}"
            f" {r['audit2'].ms():>8} {r['read'].ms():>7}"
            f" | {r['no_audit'].ms():>8} {r['static'].ms():>7} {r['duckdb'].ms():>7}"
            f" {r['pandas'].ms():>7}"
        )
    print(
        "\n  release 1: releases.current from scratch (scoring, audits, storing);"
        " audit 1: its decide() calls replayed"
        "\n  release 2: releases.current after k more submissions, audited against release 1;"
        " audit 2: its decide() calls"
        "\n  read: analyse() when nothing changed (every page load);"
        " no audit: _CELL_STATS SQL + _roll_up"
        "\n  static: scoring.score_assessment (one-off audit, nothing stored);"
        " duckdb: GROUP BY GROUPING SETS; pandas: six groupby's"
    )

    print("\nRatios (median / median)\n")
    header = (
        f"{'respondents':>11} {'read/no audit':>13} {'read/duckdb':>11} {'pandas/read':>11}"
        f" {'release 2/no audit':>18} {'audit 1/release 1':>17} {'audit 2/release 2':>17}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['respondents']:>11,} {r['read'].median / r['no_audit'].median:>12.1f}x"
            f" {r['read'].median / r['duckdb'].median:>10.1f}x"
            f" {r['pandas'].median / r['read'].median:>10.1f}x"
            f" {r['release2'].median / r['no_audit'].median:>17.1f}x"
            f" {r['audit1'].median / r['release1'].median:>16.0%}"
            f" {r['audit2'].median / r['release2'].median:>17.0%}"
        )

    print("\nSpread (min..max ms) and what the audit saw\n")
    header = (
        f"{'respondents':>11} {'release 1':>11} {'release 2':>11} {'read':>9} {'audit 2':>9}"
        f" {'groups':>6} {'hidden 1/2':>10} {'decide calls 1/2':>16} {'latest()':>8}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['respondents']:>11,} {r['release1'].spread():>11} {r['release2'].spread():>11}"
            f" {r['read'].spread():>9} {r['audit2'].spread():>9} {r['groups']:>6}"
            f" {str(r['hidden1']) + ' / ' + str(r['hidden2']):>10}"
            f" {str(r['calls1']) + ' / ' + str(r['calls2']):>16} {r['latest'].ms():>8}"
        )

    parts = sorted({p for r in rows for p in (*r["parts1"], *r["parts2"])} - {OTHER, TOTAL})
    order = [*parts, OTHER, TOTAL]
    print("\nWhere a release's time goes (ms, median per part; release 1 / release 2)\n")
    header = f"{'part':<30}" + "".join(f" {r['respondents']:>16,}" for r in rows)
    print(header)
    print("-" * len(header))
    for part in order:
        line = f"{part:<30}"
        for r in rows:
            a = r["parts1"].get(part, 0.0) * 1000
            b = r["parts2"].get(part, 0.0) * 1000
            line += f" {f'{a:.1f} / {b:.1f}':>16}"
        print(line)

    big = max(rows, key=lambda r: r["respondents"])
    if big["respondents"] >= 100_000:
        read_ok = big["read"].median <= 0.1
        make_ok = big["release2"].median <= 0.1
        first_ok = big["release1"].median <= 0.1
        print(
            f"\nTarget (issue 16): the full analysis, audit included, at or under 100 ms at"
            f" {big['respondents']:,}:"
            f"\n  (a) reading the current release (analyse): {big['read'].ms()} ms"
            f" (cpu {big['read'].cpu * 1000:.1f} ms):"
            f" {'holds' if read_ok else 'does NOT hold'}"
            f"\n  (b) making a new release: {big['release2'].ms()} ms after k submissions"
            f" (cpu {big['release2'].cpu * 1000:.0f} ms):"
            f" {'holds' if make_ok else 'does NOT hold'};"
            f" the first, scoring all {big['respondents']:,} responses: {big['release1'].ms()}"
            f" ms: {'holds' if first_ok else 'does NOT hold'}"
        )


# --- part 2 -----------------------------------------------------------------------------------


def old_hidden(
    assessment: Assessment, q: Questionnaire, rows: list[tuple[Any, ...]]
) -> tuple[set[tuple[str, scoring.Key]], set[tuple[str, scoring.Key]]]:
    """Groups the old per-grouping rule hid (on any dimension, and on every dimension),
    applied as the old `scoring._scores_from_cells` did: per grouping and dimension."""
    stats = scoring._roll_up(rows, q)
    raw: list[tuple[str, scoring.Key, str, tuple[Any, ...] | None]] = []
    for grouping, keys in scoring._all_keys(assessment, q).items():
        for key in keys:
            for dim in q.dimensions:
                raw.append((grouping, key, dim.id, stats.get((grouping, key, dim.id))))
    hidden = old_anonymity.suppress_small_groups(
        raw,
        k=assessment.anonymity_threshold,
        grouping_of=lambda r: r[0],
        key_of=lambda r: r[1],
        n_of=lambda r: int(r[3][0]) if r[3] else 0,
        measure_of=lambda r: r[2],
    )
    per_group: dict[tuple[str, scoring.Key], list[bool]] = {}
    for index, (grouping, key, _, _) in enumerate(raw):
        per_group.setdefault((grouping, key), []).append(index in hidden)
    any_dim = {g for g, flags in per_group.items() if any(flags)}
    every_dim = {g for g, flags in per_group.items() if all(flags)}
    return any_dim, every_dim


def shares(hidden: set[Hashable], people: dict[tuple[str, scoring.Key], int]) -> dict[str, float]:
    total: dict[str, int] = {}
    lost: dict[str, int] = {}
    for (grouping, key), n in people.items():
        total[grouping] = total.get(grouping, 0) + n
        if (grouping, key) in hidden:
            lost[grouping] = lost.get(grouping, 0) + n
    return {g: lost.get(g, 0) / n if n else 0.0 for g, n in total.items()}


def one_demo(respondents: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "demo.duckdb")
        aid = demo.generate_demo(store, respondents, seed=7).assessment_id
        analysis = analyse(store, aid)
        release = releases.latest(store, aid)
        assessment = get_assessment(store, aid)
        q = questionnaire_of(store, assessment)
        rows = (
            store.cursor().execute(scoring._CELL_STATS, scoring._params(assessment, q)).fetchall()
        )
        cells = {key: counts[0] for key, counts in scoring.cell_people(rows, q).items()}
        store.close()
    groups = scoring.groups_of(assessment, q, cells)
    people = {name: sum(cells[c] for c in members) for name, members in groups.items()}
    before_any, before_all = old_hidden(assessment, q, rows)
    after = set(release.reasons)
    check = shares(after, people)
    for view, share in analysis.information_loss.items():
        assert abs(check.get(view, 0.0) - share) < 1e-9, (view, share, check.get(view))
    role_n = {key[1]: n for (g, key), n in people.items() if g == "role"}
    team_n = {key[2]: n for (g, key), n in people.items() if g == "team"}
    return {
        "respondents": respondents,
        "before": shares(before_any, people),
        "before_every": shares(before_all, people),
        "after": dict(analysis.information_loss),
        "roles_before": {
            key[1]: ("below k" if role_n[key[1]] < K else "complementary")
            for g, key in before_any
            if g == "role" and role_n[key[1]] > 0
        },
        "roles_after": {
            key[1]: reason for (g, key), reason in release.reasons.items() if g == "role"
        },
        "role_n": role_n,
        "teams_before": {
            key[2]: ("below k" if team_n[key[2]] < K else "complementary")
            for g, key in before_any
            if g == "team" and team_n[key[2]] > 0
        },
        "teams_after": {
            key[2]: reason for (g, key), reason in release.reasons.items() if g == "team"
        },
        "team_n": team_n,
    }


def print_part2(demos: list[dict[str, Any]]) -> None:
    print(
        "\nPart 2: information loss of the demo's views (gapmap demo, seed 7): the share of"
        " respondents\nwhose group's figure is hidden; before = the old per-grouping rule,"
        " after = the release's audit\n"
    )
    header = f"{'view':<20}" + "".join(
        f" {str(d['respondents']) + ': before':>12} {'after':>6}" for d in demos
    )
    print(header)
    print("-" * len(header))
    for view in VIEWS:
        line = f"{VIEW_LABEL[view]:<20}"
        for d in demos:
            line += f" {d['before'].get(view, 0.0):>12.1%} {d['after'].get(view, 0.0):>6.1%}"
        print(line)
    differ = [
        (d["respondents"], v)
        for d in demos
        for v in VIEWS
        if abs(d["before"].get(v, 0.0) - d["before_every"].get(v, 0.0)) > 1e-12
    ]
    print(
        "\n  before: a group counts as hidden when the old rule hid it on any dimension"
        " (its overall index is hidden then);"
        + (
            "\n  hidden on every dimension instead differs for "
            + ", ".join(f"{n}/{VIEW_LABEL[v]}" for n, v in differ)
            if differ
            else "\n  on every dimension gives the same shares here."
        )
    )
    words = {
        "below_k": "fewer than k",
        "protects_smaller": "hidden to protect a smaller group",
        "empty": "no responses",
        "below k": "fewer than k",
        "complementary": "complementary suppression, labelled 'fewer than 5'",
    }
    for what, plural in (("role", "roles"), ("team", "teams")):
        print(f"\n{plural.capitalize()} hidden ({what}: people in it, why)\n")
        for d in demos:
            n = d[f"{what}_n"]
            for label in ("before", "after"):
                hidden = d[f"{plural}_{label}"]
                text = (
                    "; ".join(
                        f"{name} ({n.get(name, 0)}: {words.get(why, why)})"
                        for name, why in sorted(hidden.items())
                    )
                    or "none"
                )
                print(f"  {d['respondents']:>3} {label:<6}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--demos", type=int, nargs="+", default=[120, 250, 400])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    started = time.perf_counter()
    load_start = os.getloadavg()[0]
    rows = []
    for size in args.sizes:
        rows.append(one_size(size, args.repeat))
        print(f"  ({size:,} done after {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    demos = [one_demo(n) for n in args.demos]
    if rows:
        print_part1(rows, args.repeat)
    print_part2(demos)
    # This run itself keeps up to two cores busy (DuckDB's threads): busy means others.
    busy = load_start > 1.0 or os.getloadavg()[0] > (os.cpu_count() or 1) + 1
    if busy:
        print(
            "\nThe machine was busy (load average above its cores): the wall-clock figures"
            " are inflated;\nthe cpu figures of the target lines are the steadier ones."
            " Run again on a quiet machine."
        )
    print(
        f"\n(whole run: {time.perf_counter() - started:.0f} s; load average over 1 min:"
        f" {load_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end,"
        f" {os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
