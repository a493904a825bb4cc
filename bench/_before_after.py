"""What `bench_pdf.py` and `bench_results_page.py` share: this checkout beside an older
commit (`--before REV`, exported with `git archive`), their options and the machine's
load printed beside the figures.

Not a benchmark of its own; see the two scripts' docstrings for what is measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def arguments(description: str) -> argparse.ArgumentParser:
    """The options both benchmarks take: how many demo respondents, how many runs, and
    the commit to compare with."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--before", default="", help="a commit to compare with (none: only this tree)"
    )
    return parser


def export(rev: str, folder: Path) -> Path:
    """The tree of `rev` (a commit of this repository) in `folder`."""
    folder.mkdir(parents=True)
    git, tar = shutil.which("git") or "git", shutil.which("tar") or "tar"
    archive = subprocess.run(
        [git, "-C", str(ROOT), "archive", rev], check=True, capture_output=True
    ).stdout
    subprocess.run([tar, "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def machine_load() -> str:
    """The load average (1, 5, 15 minutes) and the cores, for the figures' heading: on a
    shared machine, compare the columns of one run, not runs."""
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.1f} / {five:.1f} / {fifteen:.1f}, {os.cpu_count()} cores"
