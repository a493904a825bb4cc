"""Benchmark of the scoring engine, side by side with its references.

For each organisation size (synthetic, from `assessment.collect.demo`, on the CRM model):
- gapmap: the full gap analysis (`assessment.analysis.analysis.analyse`: scores for every
  grouping and dimension, suppression, gaps, perception gap, findings, ranked actions),
  reading the respondent scores stored at submission;
- rescore: recomputing every stored respondent score from the raw answers in SQL
  (`assessment.analysis.scoring.rescore`), i.e. the analysis's input built from scratch;
- pandas: the same scoring written plainly in pandas, from DataFrames already in memory
  (loading them is not timed): latest answer per item, normalisation and reverse
  coding, weighted respondent scores, the six groupings with n, mean, sd;
- bare scan: one DuckDB GROUP BY over the answers joined to respondents (the floor:
  no scoring at all);
- submissions/s: 16 threads recording whole responses into a database file, one
  transaction each (answers in one INSERT ... unnest); the survey path (start +
  submit); and, as the floor, bare autocommitted INSERT ... unnest statements of 40
  answer rows;
- peak memory: each size runs in its own process; its peak RSS is reported.

Run: `make bench` (or `uv run python bench/bench_engine.py --sizes 1000 10000 100000`).
Timings are the median of several runs; figures vary with the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np
import pandas as pd

from assessment.analysis.analysis import analyse
from assessment.analysis.scoring import rescore
from assessment.collect.demo import generate_demo
from assessment.collect.responses import (
    Submission,
    record_submission,
    start_response,
    submit,
)
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.storage.store import Store


def run_threads(work: Callable[[], None], threads: int) -> float:
    """Run `work` in `threads` threads at once; seconds until the last one finished."""
    workers = [threading.Thread(target=work) for _ in range(threads)]
    start = time.perf_counter()
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    return time.perf_counter() - start


def median_time(fn: Callable[[], Any], repeat: int) -> float:
    fn()  # warm-up: caches, query plans
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pandas_reference(store: Store, assessment_id: str) -> Callable[[], pd.DataFrame]:
    """The scoring in plain pandas; returns a closure over in-memory frames."""
    assessment = get_assessment(store, assessment_id)
    q = questionnaire_of(store, assessment)
    cur = store.cursor()
    respondents = cur.execute(
        "SELECT num AS respondent, role_id, team_id FROM respondents"
        " WHERE assessment_id = ? AND submitted_hour IS NOT NULL",
        [assessment_id],
    ).df()
    answers = cur.execute(
        "SELECT a.respondent, a.item, a.seq, a.value, a.dont_know FROM answers a"
        " SEMI JOIN respondents r ON r.num = a.respondent AND r.assessment_id = ?",
        [assessment_id],
    ).df()
    items = cur.execute(
        "SELECT position AS item, dimension_id, reverse, weight, min_score, max_score"
        " FROM questionnaire_items WHERE content_hash = ? AND scored",
        [assessment.content_hash],
    ).df()
    options = cur.execute(
        "SELECT i.position AS item, o.option_index, o.score FROM questionnaire_options o"
        " JOIN questionnaire_items i USING (content_hash, item_id) WHERE o.content_hash = ?",
        [assessment.content_hash],
    ).df()
    perspective = pd.DataFrame(
        {"role_id": [r.id for r in q.roles], "perspective": [r.perspective for r in q.roles]}
    )
    levels = q.scale_max
    allowed = pd.DataFrame(
        [(n, r.id) for n, i in enumerate(q.items) for r in q.roles if i.seen_by(r.id)],
        columns=["item", "role_id"],
    )

    def run() -> pd.DataFrame:
        latest = answers.sort_values("seq").drop_duplicates(["respondent", "item"], keep="last")
        df = latest.merge(respondents, on="respondent")
        df = df.merge(allowed, on=["item", "role_id"])  # items the role is asked
        df = df.merge(items, on="item")
        df = df.merge(
            options,
            left_on=["item", "value"],
            right_on=["item", "option_index"],
            how="left",
        )
        norm = (df["score"] - df["min_score"]) / (df["max_score"] - df["min_score"])
        df["item_score"] = np.where(
            df["reverse"], levels - norm * (levels - 1), 1 + norm * (levels - 1)
        )
        df.loc[df["dont_know"], "item_score"] = np.nan
        df["w"] = df["weight"].where(df["item_score"].notna())
        df["ws"] = df["item_score"] * df["weight"]
        rd = df.groupby(["respondent", "role_id", "team_id", "dimension_id"], dropna=False).agg(
            ws=("ws", "sum"), w=("w", "sum"), dk=("dont_know", "sum")
        )
        rd["score"] = rd["ws"] / rd["w"]
        rd = rd.reset_index().merge(perspective, on="role_id")
        out = []
        for keys in (
            [],
            ["perspective"],
            ["role_id"],
            ["team_id"],
            ["perspective", "team_id"],
            ["role_id", "team_id"],
        ):
            g = rd.groupby([*keys, "dimension_id"], dropna=False)["score"].agg(
                ["count", "mean", "std"]
            )
            g = g[g["count"] >= assessment.anonymity_threshold]
            out.append(g.reset_index())
        return pd.concat(out)

    return run


BARE_SCAN = """
SELECT r.role_id, r.team_id, a.item, count(*), avg(a.value)
FROM answers a JOIN respondents r ON r.num = a.respondent
WHERE r.assessment_id = ? AND r.submitted_hour IS NOT NULL
GROUP BY ALL
"""


def submissions_per_second(path: Path, threads: int, total: int, mode: str) -> float:
    store = Store(path)
    demo = generate_demo(store, 10, seed=1)
    assessment = get_assessment(store, demo.assessment_id)
    q = questionnaire_of(store, assessment)
    role = q.roles[0].id
    team = assessment.teams[0].id if assessment.teams else None
    answers: dict[str, Any] = {}
    for _, page in q.items_for_role(role):
        for item in page:
            if item.type in ("likert", "frequency", "anchored", "choice"):
                answers[item.id] = 1
    per_thread = total // threads

    def work() -> None:
        for _ in range(per_thread):
            if mode == "survey":
                started = start_response(
                    store, assessment.id, role_id=role, team_id=team, language=q.language
                )
                submit(store, started.secret, answers)
            else:
                record_submission(
                    store,
                    assessment,
                    q,
                    Submission(role, team, q.language, answers),
                    channel="survey",
                )

    elapsed = run_threads(work, threads)
    stored = (
        store.cursor()
        .execute(
            "SELECT count(*) FROM respondents"
            " WHERE assessment_id = ? AND submitted_hour IS NOT NULL",
            [assessment.id],
        )
        .fetchone()
    )
    store.close()
    assert stored is not None and stored[0] == per_thread * threads + demo.respondents
    return per_thread * threads / elapsed


def bare_inserts_per_second(path: Path, threads: int, total: int) -> float:
    """The reference: 40 answer rows in one autocommitted INSERT, no checks, no respondent."""
    store = Store(path)
    items, values = list(range(40)), [1.0] * 40
    choices: list[None] = [None] * 40
    dont_know = [False] * 40
    per_thread = total // threads

    def work() -> None:
        cur = store.cursor()
        for n in range(per_thread):
            cur.execute(
                "INSERT INTO answers (respondent, item, value, choices, dont_know)"
                " SELECT ?, unnest(?::SMALLINT[]), unnest(?::DOUBLE[]),"
                " unnest(?::INTEGER[][]), unnest(?::BOOLEAN[])",
                [n, items, values, choices, dont_know],
            )

    elapsed = run_threads(work, threads)
    store.close()
    return per_thread * threads / elapsed


def one_size(size: int, repeat: int) -> dict[str, Any]:
    """Everything for one organisation size; runs in its own process (peak RSS)."""
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        demo = generate_demo(store, size, seed=42)
        generate_s = time.perf_counter() - start
        answers = store.cursor().execute("SELECT count(*) FROM answers").fetchone()
        aid = demo.assessment_id
        gapmap_s = median_time(lambda: analyse(store, aid), repeat)
        rescore_s = median_time(lambda: rescore(store, aid), max(1, repeat // 2))
        reference = pandas_reference(store, aid)
        pandas_s = median_time(reference, repeat)
        bare_s = median_time(lambda: store.cursor().execute(BARE_SCAN, [aid]).fetchall(), repeat)
        store.close()
    return {
        "respondents": demo.respondents,
        "answers": int(answers[0]) if answers else 0,
        "generate_s": generate_s,
        "gapmap_s": gapmap_s,
        "rescore_s": rescore_s,
        "pandas_s": pandas_s,
        "bare_s": bare_s,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--submissions", type=int, default=2_000)
    parser.add_argument("--threads", type=int, default=16)
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(one_size(args.one, args.repeat)))
        return

    rows = []
    for size in args.sizes:
        out = subprocess.run(
            [sys.executable, __file__, "--one", str(size), "--repeat", str(args.repeat)],
            check=True,
            capture_output=True,
            text=True,
        )
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))

    print(f"\nFull gap analysis (median of {args.repeat} runs)\n")
    header = (
        f"{'respondents':>11} {'answers':>10} {'generate':>9} {'gapmap':>9} {'rescore':>9}"
        f" {'pandas':>9}"
        f" {'bare scan':>9} {'pandas/gapmap':>13} {'gapmap/bare':>11} {'peak RSS':>9}"
    )
    print(header)
    print("-" * len(header))
    for r in rows:
        print(
            f"{r['respondents']:>11,} {r['answers']:>10,} {r['generate_s']:>8.2f}s"
            f" {r['gapmap_s'] * 1000:>7.0f}ms {r['rescore_s'] * 1000:>7.0f}ms"
            f" {r['pandas_s'] * 1000:>7.0f}ms"
            f" {r['bare_s'] * 1000:>7.0f}ms {r['pandas_s'] / r['gapmap_s']:>12.1f}x"
            f" {r['gapmap_s'] / r['bare_s']:>10.1f}x {r['peak_rss_mb']:>7.0f}MB"
        )

    print(f"\nSubmissions from {args.threads} threads into a database file\n")
    with tempfile.TemporaryDirectory() as tmp:
        whole = submissions_per_second(
            Path(tmp) / "a.duckdb", args.threads, args.submissions, "whole"
        )
        survey = submissions_per_second(
            Path(tmp) / "b.duckdb", args.threads, args.submissions // 4, "survey"
        )
        bare = bare_inserts_per_second(Path(tmp) / "d.duckdb", args.threads, args.submissions)
    print(f"  whole response, one transaction each : {whole:>7.0f} submissions/s")
    print(f"  survey path (start + submit)         : {survey:>7.0f} submissions/s")
    print(f"  floor: bare INSERT ... unnest(?)     : {bare:>7.0f} statements/s")


if __name__ == "__main__":
    main()
