"""What `bench_burst.py` and `bench_crash.py` share: the database they start from, the
server process, the facilitator in Chromium, the participants (`_http_crowd.py`, the
plain-HTML phone page) and the check of the database against what the phones were told.

Not a benchmark of its own; see the two scripts' docstrings for what is measured.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from assessment import access
from assessment.collect import workshop
from assessment.collect.demo import generate_demo
from assessment.collect.responses import hash_secret
from assessment.organisation import auth
from assessment.organisation.assessments import get_assessment, questionnaire_of
from assessment.questionnaire.model import Questionnaire
from assessment.storage.store import Store

# As in tests/browser/conftest.py (copied: importing it would need pytest).
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CONSULTANT = ("consultant", "correct horse battery staple")
STARTUP_SECONDS = 90
LOBBY_SECONDS = 10.0  # phones join during the lobby, then the facilitator moves on
SAMPLE_SECONDS = 0.5  # how often the facilitator's figures are read


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) of `values`, nearest rank (as bench_workshop.py)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def spread(values: list[float], unit: float = 1.0, digits: int = 2) -> str:
    """p50 / p95 / max of `values` (times `unit`), or "n/a"."""
    if not values:
        return "n/a"
    return " / ".join(
        f"{v * unit:.{digits}f}"
        for v in (statistics.median(values), percentile(values, 0.95), max(values))
    )


# --- the options and the start of a run ----------------------------------------------------------


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


@contextlib.contextmanager
def scratch_folder(prefix: str, *, keep: bool) -> Iterator[Path]:
    """A temporary folder for a run's database and server logs, removed afterwards
    unless `keep` (then its path is printed)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        if keep:
            print(f"\nkept: {folder}")
        else:
            shutil.rmtree(folder, ignore_errors=True)


def start_room(args: argparse.Namespace, folder: Path) -> tuple[Room, Server, float]:
    """Build the room's database in `folder` and start the server over it (the options
    of `arguments`), saying how long each took; the room, the server and the seconds
    the server took to become healthy."""
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
    return room, server, started


# --- the database the server starts from ----------------------------------------------------------


@dataclass(frozen=True)
class Room:
    db: Path
    workshop_id: str
    code: str
    assessment_id: str
    questionnaire: Questionnaire
    pacing: str


def build_database(db: Path, pacing: str, survey: int, seed: int) -> Room:
    """A demo organisation (`survey` respondents on the CRM model), a consultant who
    manages it, and a running workshop on its assessment; closed before the server opens
    the file (one process at a time may open a DuckDB file)."""
    store = Store(db)
    try:
        demo = generate_demo(store, survey, seed=seed)
        account = access.create_account(
            store,
            auth.SYSTEM,
            username=CONSULTANT[0],
            password=CONSULTANT[1],
            role="consultant",
            display_name="Casey Consultant",
        )
        access.grant_organisation(store, auth.SYSTEM, account.id, demo.organisation_id)
        w = access.start_workshop(
            store,
            auth.SYSTEM,
            demo.assessment_id,
            title="Burst benchmark",
            pacing="self" if pacing == "self" else "facilitator",
        )
        q = questionnaire_of(store, get_assessment(store, demo.assessment_id))
        store.checkpoint()
    finally:
        store.close()
    return Room(db, w.id, w.join_code, demo.assessment_id, q, pacing)


# --- the server -----------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:  # noqa: S310 (local URL)
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def _children(pid: int) -> list[int]:
    """Every descendant of `pid` (from /proc, by parent pid)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


class Server:
    """`uv run streamlit run serve.py` over the room's database, in its own process group
    (so a SIGKILL takes the launcher and the server together)."""

    def __init__(
        self, db: Path, port: int, log_dir: Path, options: list[str] | None = None
    ) -> None:
        self.db, self.port, self.log_dir = db, port, log_dir
        self.options = list(options or [])  # extra "--key value" pairs for streamlit run
        self.url = f"http://127.0.0.1:{port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def start(self) -> float:
        """Start it and wait until `/_stcore/health` answers; seconds it took."""
        began = time.perf_counter()
        self.starts += 1
        env = {**os.environ, "GAPMAP_DB": str(self.db)}
        cmd = [
            "uv", "run", "streamlit", "run", "serve.py",
            "--server.port", str(self.port),
            "--server.headless", "true",
            "--server.address", "127.0.0.1",
            "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false",
            *self.options,
        ]  # fmt: skip
        log = (self.log_dir / f"server-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        log.close()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not healthy(self.url):
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited with {self.process.returncode}; see {log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"the server was not healthy within {STARTUP_SECONDS} s")
            time.sleep(0.05)
        return time.perf_counter() - began

    def streamlit_pids(self) -> list[int]:
        """The streamlit process and its children (not the `uv run` launcher)."""
        if self.process is None or self.process.poll() is not None:
            return []
        return _children(self.process.pid)

    def rss_mb(self) -> float:
        return sum(_rss_kb(pid) for pid in self.streamlit_pids()) / 1024

    def cpu_s(self) -> float:
        """User + system CPU seconds of the streamlit process (and its children) so far."""
        ticks = 0
        for pid in self.streamlit_pids():
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            ticks += int(fields[11]) + int(fields[12])
        return ticks / os.sysconf("SC_CLK_TCK")

    def kill(self) -> None:
        """SIGKILL the whole process group, as a crash would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout: float = 30.0) -> int | None:
        """SIGTERM the process group and wait; SIGKILL if it does not end in time."""
        if self.process is None:
            return None
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.kill()
            return None


class RssSampler(threading.Thread):
    """The server's RSS every half second, the peak of those samples; and its CPU time
    (summed over server processes: a restarted server starts again from 0)."""

    def __init__(self, server: Server) -> None:
        super().__init__(daemon=True)
        self.server = server
        self.peak = 0.0
        self.cpu = 0.0
        self.stop = threading.Event()

    def run(self) -> None:
        last, pid = self.server.cpu_s(), self.server.process
        while not self.stop.is_set():
            self.peak = max(self.peak, self.server.rss_mb())
            now, process = self.server.cpu_s(), self.server.process
            if process is pid and now >= last:
                self.cpu += now - last
            last, pid = now, process
            self.stop.wait(0.5)


# --- the facilitator in Chromium ------------------------------------------------------------------

_READ_SCREEN = """() => {
  const out = {metrics: {}, step: null, reveal: null};
  document.querySelectorAll('.st-key-ws-screen [data-testid="stMetric"]').forEach(m => {
    const label = m.querySelector('[data-testid="stMetricLabel"]');
    const value = m.querySelector('[data-testid="stMetricValue"]');
    if (label && value) out.metrics[label.innerText.trim()] = value.innerText.trim();
  });
  const controls = document.querySelector('.st-key-ws-controls');
  const found = controls && controls.innerText.match(/Step (\\d+) of (\\d+)/);
  if (found) out.step = Number(found[1]) - 1;
  const reveal = document.querySelector('.st-key-ws-reveal button');
  if (reveal) out.reveal = reveal.innerText.trim();
  return out;
}"""


@dataclass
class Sample:
    at: float  # time.monotonic()
    step: int | None
    joined: int | None
    answered: int | None


@dataclass
class FacilitatorLog:
    samples: list[Sample] = field(default_factory=list)
    moved: dict[int, float] = field(default_factory=dict)  # step -> when Next was clicked
    errors: list[str] = field(default_factory=list)
    ready: threading.Event = field(default_factory=threading.Event)
    failed: str | None = None


class Facilitator(threading.Thread):
    """A consultant's browser on the workshop's screen: signs in, opens
    `/workshop?workshop=ID`, waits `lobby_s` in the lobby, then moves to each dimension
    in turn (`Next`) every `dimension_s` and reveals it, and finally to the overview;
    every `SAMPLE_SECONDS` it reads the Joined and Answered figures the screen shows."""

    def __init__(
        self,
        url: str,
        workshop_id: str,
        dimensions: int,
        start_at: float,
        lobby_s: float,
        dimension_s: float,
    ) -> None:
        super().__init__(daemon=True)
        self.url, self.workshop_id, self.dimensions = url, workshop_id, dimensions
        self.start_at, self.lobby_s, self.dimension_s = start_at, lobby_s, dimension_s
        self.log = FacilitatorLog()
        self.stop = threading.Event()

    def target_step(self, now: float) -> int:
        elapsed = now - self.start_at - self.lobby_s
        if elapsed < 0:
            return 0
        return min(self.dimensions + 1, 1 + int(elapsed // self.dimension_s))

    def run(self) -> None:
        from playwright.sync_api import sync_playwright

        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
                )
                try:
                    context = browser.new_context(
                        viewport={"width": 1920, "height": 1080}, base_url=self.url
                    )
                    page = context.new_page()
                    page.set_default_timeout(60_000)
                    self._sign_in(page)
                    page.goto(f"/workshop?workshop={self.workshop_id}")
                    page.locator(".st-key-ws-screen").wait_for()
                    self.log.ready.set()
                    self._loop(page)
                finally:
                    browser.close()
        except Exception as error:  # reported by the benchmark
            self.log.failed = f"{type(error).__name__}: {str(error)[:300]}"
            self.log.ready.set()

    def _sign_in(self, page: Any) -> None:
        page.goto("/")
        page.get_by_label("User name").fill(CONSULTANT[0])
        page.get_by_label("Password", exact=True).fill(CONSULTANT[1])
        page.get_by_role("button", name="Sign in").click()
        page.get_by_text("Signed in as").first.wait_for()

    def _loop(self, page: Any) -> None:
        last_click = 0.0
        while not self.stop.is_set():
            began = time.monotonic()
            try:
                seen = page.evaluate(_READ_SCREEN)
            except Exception as error:
                self.log.errors.append(f"read: {type(error).__name__}")
                seen = {"metrics": {}, "step": None, "reveal": None}
            now = time.monotonic()
            metrics = seen["metrics"]
            self.log.samples.append(
                Sample(
                    now,
                    seen["step"],
                    _number(metrics.get("Joined")),
                    _number(metrics.get("Answered")),
                )
            )
            step = seen["step"]
            # One click at a time: a click that has not shown yet is not repeated for 8 s.
            if step is not None and now - last_click > 8.0:
                try:
                    if step < self.target_step(now):
                        page.locator(".st-key-ws-next button").click(timeout=5_000)
                        self.log.moved[step + 1] = time.monotonic()
                        last_click = time.monotonic()
                    elif 1 <= step <= self.dimensions and seen["reveal"] == "Reveal results":
                        page.locator(".st-key-ws-reveal button").click(timeout=5_000)
                        last_click = time.monotonic()
                except Exception as error:
                    self.log.errors.append(f"click: {type(error).__name__}")
            self.stop.wait(max(0.0, SAMPLE_SECONDS - (time.monotonic() - began)))


def _number(text: str | None) -> int | None:
    if text is None:
        return None
    try:
        return int(text.replace(",", "").strip())
    except ValueError:
        return None


def staleness(samples: list[tuple[float, int]], acks: list[float]) -> list[float]:
    """For each sample (time t, count c shown): t minus the first time the acknowledged
    count exceeded c (the (c+1)-th acknowledgement), or 0 when it had not."""
    ordered = sorted(acks)
    out = []
    for at, shown in samples:
        known = [a for a in ordered if a <= at]
        out.append(at - known[shown] if len(known) > shown else 0.0)
    return out


# --- the participants -----------------------------------------------------------------------------


def roles_mixed(q: Questionnaire, n: int) -> list[str]:
    """N role ids, leadership and front-line roles taken in turn (each side cycling)."""
    sides: dict[str, list[str]] = {}
    for role in q.roles:
        sides.setdefault(role.perspective, []).append(role.id)
    lists = list(sides.values())
    return [lists[i % len(lists)][(i // len(lists)) % len(lists[i % len(lists)])] for i in range(n)]


@dataclass
class Click:
    item: str
    value: int
    at: float
    seconds: float | None  # to the tap's reply; None: no reply seen
    outcome: str  # "acknowledged", or why not


@dataclass
class Phone:
    """One participant: a phone that joins, follows and answers (`_http_crowd.py`)."""

    n: int
    role_id: str
    role_index: int
    planned: dict[str, int]  # item id -> option index, every pulse item the role sees
    item_dimension: dict[str, str]
    pacing: str
    rng: random.Random
    secret: str | None = None
    opened_at: float | None = None  # the first page's reply came
    connected_at: float | None = None  # the first page was shown (HTTP 200)
    joined_at: float | None = None
    joins_sent: int = 0
    joins_cut: int = 0  # Join pressed, the connection lost before the page answered
    losses: list[float] = field(default_factory=list)  # when it noticed the server gone
    acked: dict[str, tuple[int, float]] = field(default_factory=dict)  # item -> (value, when)
    clicks: list[Click] = field(default_factory=list)
    join_seconds: list[float] = field(default_factory=list)
    seen_dimension: dict[str, float] = field(default_factory=dict)
    # (noticed the server had gone, its long poll answered again), time.monotonic()
    reconnects: list[tuple[float, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    finished_at: float | None = None

    @property
    def done(self) -> bool:
        return len(self.acked) == len(self.planned)


def plan_phones(room: Room, n: int, seed: int) -> list[Phone]:
    q = room.questionnaire
    roles = roles_mixed(q, n)
    order = [r.id for r in q.roles]
    item_dimension = {item.id: item.dimension for item in q.pulse_items()}
    phones = []
    for i, role_id in enumerate(roles):
        rng = random.Random(seed * 100_003 + i)  # noqa: S311 - think times, not secrets
        planned = {
            item.id: rng.randrange(len(q.options_of(item)))
            for dim in q.dimensions
            for item in workshop.pulse_items(q, dim.id, role_id)
        }
        phones.append(
            Phone(i, role_id, order.index(role_id), planned, item_dimension, room.pacing, rng)
        )
    return phones


# --- checking the database ------------------------------------------------------------------------

_STORED = """
SELECT r.secret_hash, i.item_id, a.value, a.dont_know
FROM respondents r
JOIN answers a ON a.respondent = r.num AND NOT a.superseded
JOIN questionnaire_items i ON i.content_hash = $hash AND i.position = a.item
WHERE r.workshop_id = $workshop
"""


@dataclass
class Check:
    respondents: int
    stored: int
    acknowledged: int
    missing: list[str]  # acknowledged answers absent or different in the database
    unacknowledged_stored: int
    phantom: list[str]  # stored answers no phone ever sent
    orphans: int  # respondents whose secret no phone holds (a join whose reply was lost)
    orphans_with_answers: int  # of those, respondents with a stored answer (never expected)
    joins_cut: int  # joins whose reply the phone never got (the connection was lost)
    phones_joined: int
    duplicate_phones: int  # phones that joined more than once (more than one respondent)
    table_counts: dict[str, int]
    integrity: list[str]  # problems found by the consistency queries

    @property
    def lost(self) -> int:
        return len(self.missing)


def check_database(room: Room, phones: list[Phone], *, thorough: bool = False) -> Check:
    """Open the database as the app does (`Store`: migrations) and compare it with
    what the phones were shown. `thorough`: also CHECKPOINT, count every table, and run
    consistency queries (DuckDB has no integrity-check PRAGMA)."""
    store = Store(room.db)
    try:
        cur = store.cursor()
        content_hash = get_assessment(store, room.assessment_id).content_hash
        rows = cur.execute(_STORED, {"hash": content_hash, "workshop": room.workshop_id}).fetchall()
        stored: dict[str, dict[str, Any]] = {}
        for secret_hash, item_id, value, dont_know in rows:
            stored.setdefault(secret_hash, {})[item_id] = "dont-know" if dont_know else value
        hashes = [
            r[0]
            for r in cur.execute(
                "SELECT secret_hash FROM respondents WHERE workshop_id = ?", [room.workshop_id]
            ).fetchall()
        ]
        known = {hash_secret(p.secret): p for p in phones if p.secret}
        missing, phantom = [], []
        acknowledged = unacked_stored = 0
        for secret_hash, phone in known.items():
            mine = stored.get(secret_hash, {})
            for item, (value, _) in phone.acked.items():
                acknowledged += 1
                if item not in mine:
                    missing.append(f"phone {phone.n} {item}={value}: not stored")
                elif mine[item] != value:
                    missing.append(f"phone {phone.n} {item}={value}: stored {mine[item]}")
            sent = {(c.item, c.value) for c in phone.clicks}
            for item, value in mine.items():
                if item in phone.acked:
                    continue
                unacked_stored += 1
                if (item, value) not in sent:
                    phantom.append(f"phone {phone.n} {item}={value}: never sent")
        orphans = [h for h in hashes if h not in known]
        for h in orphans:
            for item, value in stored.get(h, {}).items():
                unacked_stored += 1
                phantom.append(f"orphan respondent {h[:8]} {item}={value}")
        counts: dict[str, int] = {}
        problems: list[str] = []
        if thorough:
            store.checkpoint()
            counts, problems = _consistency(store)
        return Check(
            respondents=len(hashes),
            stored=len(rows),
            acknowledged=acknowledged,
            missing=missing,
            unacknowledged_stored=unacked_stored,
            phantom=phantom,
            orphans=len(orphans),
            orphans_with_answers=sum(1 for h in orphans if stored.get(h)),
            joins_cut=sum(p.joins_cut for p in phones),
            phones_joined=sum(1 for p in phones if p.secret),
            duplicate_phones=sum(1 for p in phones if p.joins_sent > 1 and p.secret),
            table_counts=counts,
            integrity=problems,
        )
    finally:
        store.close()


def _consistency(store: Store) -> tuple[dict[str, int], list[str]]:
    """A full read of every table (count and a hash of every row, which makes DuckDB
    read every column segment), the storage metadata of each table, and the data's own
    rules: unique keys, at most one current answer per respondent and item, answers of
    known respondents only."""
    cur = store.cursor()
    counts: dict[str, int] = {}
    problems: list[str] = []
    tables = [
        r[0] for r in cur.execute("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()
    ]
    for table in tables:
        row = cur.execute(f'SELECT count(*), sum(hash(t)) FROM "{table}" AS t').fetchone()  # noqa: S608 - names from the catalogue
        counts[table] = int(row[0]) if row else -1
        cur.execute(f"PRAGMA storage_info('{table}')").fetchall()
    cur.execute("PRAGMA database_size").fetchall()
    rules = {
        "respondents.id unique": "SELECT count(*) - count(DISTINCT id) FROM respondents",
        "respondents.num unique": "SELECT count(*) - count(DISTINCT num) FROM respondents",
        "respondents.secret_hash unique": (
            "SELECT count(*) - count(DISTINCT secret_hash) FROM respondents"
        ),
        "one current answer per respondent and item": (
            "SELECT count(*) FROM (SELECT respondent, item FROM answers WHERE NOT superseded"
            " GROUP BY ALL HAVING count(*) > 1)"
        ),
        "answers of known respondents": (
            "SELECT count(*) FROM answers a ANTI JOIN respondents r ON r.num = a.respondent"
        ),
        "answer seq unique": "SELECT count(*) - count(DISTINCT seq) FROM answers",
        "workshops.join_code unique": "SELECT count(*) - count(DISTINCT join_code) FROM workshops",
    }
    for name, sql in rules.items():
        row = cur.execute(sql).fetchone()
        if row and row[0]:
            problems.append(f"{name}: {row[0]} rows break it")
    return counts, problems


# --- running a burst ------------------------------------------------------------------------------


@dataclass
class Burst:
    phones: list[Phone]
    facilitator: FacilitatorLog
    crowd: Any  # _http_crowd.HttpCrowd
    seconds: float
    rss_before: float
    rss_peak: float
    rss_after: float
    started_at: float
    own_cpu_s: float  # user + system CPU of the benchmark process during the burst
    server_cpu_s: float  # user + system CPU of the server during the burst


def run_burst(
    server: Server,
    room: Room,
    participants: int,
    seconds: float,
    seed: int,
    *,
    during: Callable[[float, float], Any] | None = None,
) -> Burst:
    """Start the facilitator, let the phones in over the first part of the lobby, and
    run until `seconds` after the start (plus a few seconds for the last answers).
    `during(start_at, end_at)` runs in a thread alongside (the crash test's killer)."""
    phones = plan_phones(room, participants, seed)
    dims = len(room.questionnaire.dimensions)
    lobby = LOBBY_SECONDS
    dimension_s = (seconds - lobby) / dims
    rss_before = server.rss_mb()
    sampler = RssSampler(server)
    # The facilitator's browser starts first (sign-in takes a few seconds).
    facilitator = Facilitator(server.url, room.workshop_id, dims, 0.0, lobby, dimension_s)
    facilitator.start_at = time.monotonic() + 1e9  # set for real once it is ready
    facilitator.start()
    if not facilitator.log.ready.wait(120):
        raise RuntimeError("the facilitator's browser was not ready within 120 s")
    if facilitator.log.failed:
        raise RuntimeError(f"the facilitator failed: {facilitator.log.failed}")
    start_at = time.monotonic() + 0.5
    end_at = start_at + seconds + 5.0
    facilitator.start_at = start_at
    from _http_crowd import HttpCrowd  # it imports this module: imported here, not on top

    crowd = HttpCrowd(server.url, room, phones, start_at, end_at, lobby * 0.8)
    sampler.start()
    side: threading.Thread | None = None
    if during is not None:
        side = threading.Thread(target=during, args=(start_at, end_at), daemon=True)
        side.start()
    began = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    asyncio.run(crowd.run())
    took = time.perf_counter() - began
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    own_cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (
        cpu_after.ru_stime - cpu_before.ru_stime
    )
    if side is not None:
        side.join()
    facilitator.stop.set()
    facilitator.join(30)
    sampler.stop.set()
    sampler.join()
    time.sleep(1.0)
    return Burst(
        phones,
        facilitator.log,
        crowd,
        took,
        rss_before,
        sampler.peak,
        server.rss_mb(),
        start_at,
        own_cpu,
        sampler.cpu,
    )


def staleness_figures(burst: Burst, room: Room) -> dict[str, list[float]]:
    """Staleness of the Joined and Answered figures on the facilitator's screen."""
    dims = [d.id for d in room.questionnaire.dimensions]
    joins = [p.joined_at for p in burst.phones if p.joined_at is not None]
    joined = [(s.at, s.joined) for s in burst.facilitator.samples if s.joined is not None]
    answered: list[float] = []
    for step, dim in enumerate(dims, start=1):
        acks = []
        for phone in burst.phones:
            times = [t for item, (_, t) in phone.acked.items() if phone.item_dimension[item] == dim]
            if times:
                acks.append(min(times))
        shown = [
            (s.at, s.answered)
            for s in burst.facilitator.samples
            if s.step == step and s.answered is not None
        ]
        answered += staleness(shown, acks)
    return {"joined": staleness(joined, joins), "answered": answered}


def summary_rows(burst: Burst, room: Room, check: Check, cpu: int) -> list[tuple[str, str]]:
    phones = burst.phones
    latencies = [
        c.seconds
        for p in phones
        for c in p.clicks
        if c.seconds is not None and c.outcome == "acknowledged"
    ]
    stale = staleness_figures(burst, room)
    outcomes: dict[str, int] = {}
    for phone in phones:
        for click in phone.clicks:
            outcomes[click.outcome] = outcomes.get(click.outcome, 0) + 1
    follow = _follow_times(burst, room)
    started = sum(1 for p in phones if p.connected_at is not None)
    opened = sum(1 for p in phones if p.opened_at is not None)
    tapped = f"{sum(len(p.clicks) for p in phones)}" + "".join(
        f"; {n} {k}" for k, n in sorted(outcomes.items())
    )
    equal = " (equal)" if check.acknowledged == check.stored else " (DIFFERENT)"
    rss = f"{burst.rss_before:.0f} / {burst.rss_peak:.0f} / {burst.rss_after:.0f}"
    clicks_failed = sum(1 for e in burst.facilitator.errors if e.startswith("click"))
    return [
        ("phones that opened the page", f"{opened} of {len(phones)}"),
        ("first page shown", f"{started}"),
        ("joined", f"{sum(1 for p in phones if p.secret)}"),
        ("finished all 10 answers", f"{sum(1 for p in phones if p.done)}"),
        ("taps sent", tapped),
        ("answers acknowledged / stored", f"{check.acknowledged} / {check.stored}{equal}"),
        ("  acknowledged but missing or different", f"{check.lost}"),
        ("  stored but not acknowledged", f"{check.unacknowledged_stored}"),
        ("latency tap -> acknowledged, s (p50 / p95 / max)", spread(latencies)),
        ("join -> joined, s", spread([s for p in phones for s in p.join_seconds])),
        ("first page, s", spread(burst.crowd.connect_s)),
        ("phone shows the new dimension after Next, s", spread(follow)),
        ("server RSS MB before / peak / after", rss),
        ("facilitator staleness Joined, s", spread(stale["joined"])),
        ("facilitator staleness Answered, s", spread(stale["answered"])),
        (
            "facilitator samples / clicks failed",
            f"{len(burst.facilitator.samples)} / {clicks_failed}",
        ),
        ("phone errors", f"{sum(len(p.errors) for p in phones)}"),
        (
            "server CPU s (user + system) / per s of the burst",
            f"{burst.server_cpu_s:.1f} / {burst.server_cpu_s / burst.seconds:.2f}",
        ),
        ("long polls sent by the phones", str(burst.crowd.polls)),
        ("CPU s used by this process (phones, Chromium driver)", f"{burst.own_cpu_s:.1f}"),
        ("CPUs", f"{cpu}"),
        ("duration, s", f"{burst.seconds:.1f}"),
    ]


def figures(burst: Burst, room: Room, check: Check) -> dict[str, Any]:
    """The headline figures, for `--json` (seconds and MB; None when nothing was seen)."""
    latencies = [
        c.seconds
        for p in burst.phones
        for c in p.clicks
        if c.seconds is not None and c.outcome == "acknowledged"
    ]
    stale = staleness_figures(burst, room)
    follow = _follow_times(burst, room)

    def p95(values: list[float]) -> float | None:
        return round(percentile(values, 0.95), 3) if values else None

    return {
        "participants": len(burst.phones),
        "joined": sum(1 for p in burst.phones if p.secret),
        "acknowledged": check.acknowledged,
        "stored": check.stored,
        "lost": check.lost,
        "tap_p50_s": round(percentile(latencies, 0.5), 3) if latencies else None,
        "tap_p95_s": p95(latencies),
        "follow_p95_s": p95(follow),
        "staleness_p95_s": p95(stale["joined"] + stale["answered"]),
        "staleness_joined_p95_s": p95(stale["joined"]),
        "staleness_answered_p95_s": p95(stale["answered"]),
        "rss_peak_mb": round(burst.rss_peak, 1),
        "server_cpu_s": round(burst.server_cpu_s, 1),
        "duration_s": round(burst.seconds, 1),
    }


def _follow_times(burst: Burst, room: Room) -> list[float]:
    dims = [d.id for d in room.questionnaire.dimensions]
    out = []
    for step, dim in enumerate(dims, start=1):
        moved = burst.facilitator.moved.get(step)
        if moved is None:
            continue
        out += [p.seen_dimension[dim] - moved for p in burst.phones if dim in p.seen_dimension]
    return out


def print_table(title: str, rows: list[tuple[str, str]]) -> None:
    width = max(len(k) for k, _ in rows) + 2
    print(f"\n{title}\n")
    for key, value in rows:
        print(f"  {key:<{width}}{value}")


def print_problems(check: Check, phones: list[Phone], facilitator: FacilitatorLog) -> None:
    for title, lines in (
        ("acknowledged answers missing or different", check.missing),
        ("stored answers no phone sent", check.phantom),
        ("database consistency", check.integrity),
        ("facilitator errors", facilitator.errors),
        ("phone errors", [e for p in phones for e in p.errors]),
    ):
        if lines:
            counted: dict[str, int] = {}
            for line in lines:
                counted[line[:160]] = counted.get(line[:160], 0) + 1
            print(f"\n  {title} ({len(lines)}):")
            for line, n in sorted(counted.items(), key=lambda x: -x[1])[:8]:
                print(f"    {n:>4} x {line}")
    if facilitator.failed:
        print(f"\n  facilitator failed: {facilitator.failed}")
