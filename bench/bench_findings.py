"""Findings against noise: how often each kind of finding fires in organisations with
nothing planted (false positives), and how often a planted lagging team is named.

    make bench-findings        # or: uv run python bench/bench_findings.py --seeds 100

Organisations come from tests/planted.py (the engine model, latent scores with person,
dimension and item noise). The null organisation has seven teams of 8 to 120 people
(one team below the anonymity threshold), a sixth of each team answering as leaders;
the planted one adds a 120-person team 1 point below the others on `time`. For each
seed the line counts organisations with at least one finding of a kind (the
organisation-wise false-positive rate), and the findings of that kind in all.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.planted import Plan, Planted

KINDS = ("perception_gap", "lagging_group", "low_consensus")
NULL_SIZES = {"t0": 120, "t1": 80, "t2": 60, "t3": 40, "t4": 20, "t5": 8, "t6": 3}
NULL = Plan(NULL_SIZES)
LAGGING = Plan({**NULL_SIZES, "lagging": 120}, lag=("lagging", "time", -1.0))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=100)
    args = parser.parse_args()
    started = time.perf_counter()
    planted = Planted()
    orgs: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for seed in range(args.seeds):
        found = planted.analyse(NULL, seed).findings
        kinds = [f.kind for f in found if f.kind in KINDS]
        total.update(kinds)
        orgs.update(set(kinds))
    named = first = 0
    for seed in range(args.seeds):
        analysis = planted.analyse(LAGGING, 10_000 + seed)
        lagging = [f for f in analysis.findings if f.kind == "lagging_group"]
        if [(f.team, f.dimension) for f in lagging] == [("lagging", "time")]:
            named += 1
        barrier = next(b for b in analysis.barriers if b.team == "lagging")
        top = next(r for r in analysis.actions if r.dimension == "time")
        if barrier.dimension == "time" and top.finding == "lagging_group":
            first += 1
    n = args.seeds
    print(f"nothing planted, {n} seeds ({sum(NULL_SIZES.values())} people, 7 teams):")
    for kind in KINDS:
        print(
            f"  {kind:<15} false positives in {orgs[kind]:>3} of {n} organisations "
            f"({orgs[kind] / n:.1%}), {total[kind]} findings in all"
        )
    print(f"lagging team planted (120 people, 1 point below on time), {n} seeds:")
    print(f"  named alone, right team and dimension: {named} of {n} ({named / n:.0%})")
    print(f"  its first barrier and its top time action point at it: {first} of {n}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
