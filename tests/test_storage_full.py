"""A full disk: the write that does not fit is refused with a clear error (`disk-full`),
every write acknowledged before it is still there when the file is opened again, and
the database opens cleanly.

Two ways to fill a disk without filling the machine's:
- a size limit on files (`RLIMIT_FSIZE`) in a child process, so a write past the limit
  fails with EFBIG ("File too large"), as a full disk fails with ENOSPC; runs anywhere;
- a real 16 MB tmpfs, filled up to a few hundred KB with a filler file, when this
  machine lets the tests mount one (root in a container with CAP_SYS_ADMIN; skipped
  otherwise). Here DuckDB's automatic checkpoint is set low, so the disk also runs out
  during a checkpoint after a commit: the commit stands, the store reopens itself.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from assessment import access
from assessment.collect.responses import resume, save_answers, start_response
from assessment.organisation import auth
from assessment.storage.store import StorageError, Store
from tests.engine import engine_questionnaire, likert

ROOT = Path(__file__).resolve().parent.parent

# The child: make an assessment, then save answers (one respondent per write) until the
# store refuses; print each acknowledged secret as soon as the call returned.
CHILD = r"""
import json, resource, signal, sys
from assessment import access
from assessment.organisation import auth
from assessment.collect.responses import save_answers, start_response
from assessment.storage.store import Store, StorageError
from tests.engine import engine_questionnaire, likert

path, assessment_id = sys.argv[1], sys.argv[2]
store = Store(path)
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # EFBIG instead of being killed
limit = 256 * 1024
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
for n in range(100_000):
    try:
        secret = start_response(store, assessment_id, role_id="rep").secret
        save_answers(store, secret, {"p1": likert(1 + n % 5), "note": "x" * 200})
    except StorageError as err:
        print(json.dumps({"refused": err.code, "message": err.message}), flush=True)
        break
    print(json.dumps({"ack": secret, "p1": likert(1 + n % 5)}), flush=True)
# The store still reads after the refusal.
row = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
print(json.dumps({"readable": row[0]}), flush=True)
"""


def _prepare(path: Path) -> str:
    store = Store(path)
    org = access.create_organisation(store, auth.SYSTEM, "Org").id
    aid = access.create_assessment(store, auth.SYSTEM, org, engine_questionnaire(), name="A").id
    store.checkpoint()
    store.close()
    return aid


def _current_p1(store: Store, secret: str) -> object:
    return resume(store, secret).answers.get("p1")


def test_a_file_size_limit_refuses_the_write_clearly_and_keeps_every_acknowledged_one(
    tmp_path: Path,
) -> None:
    db = tmp_path / "limited.duckdb"
    aid = _prepare(db)
    child = subprocess.run(
        [sys.executable, "-c", CHILD, str(db), aid],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert child.returncode == 0, child.stderr[-2000:]
    lines = [json.loads(line) for line in child.stdout.splitlines()]
    acks = [line for line in lines if "ack" in line]
    refused = [line for line in lines if "refused" in line]
    assert len(acks) > 50
    assert refused == [
        {
            "refused": "disk-full",
            "message": "GapMap could not save this: the server's disk is full. Everything "
            "saved before is safe. Please try again later; if it keeps happening, tell the "
            "person who runs GapMap.",
        }
    ]
    assert "Traceback" not in child.stderr
    readable = [line["readable"] for line in lines if "readable" in line]
    assert readable and readable[0] >= len(acks)
    # Opened again (without the limit): clean, and every acknowledged answer is there.
    store = Store(db)
    try:
        for ack in acks:
            assert _current_p1(store, ack["ack"]) == ack["p1"]
        answered = store.cursor().execute("SELECT count(DISTINCT respondent) FROM answers")
        assert answered.fetchone() == (len(acks),)
        # the results read the reopened file: every response started, none submitted
        analysis = access.analysis(store, auth.SYSTEM, aid, with_trend=False)
        assert analysis.scores.respondents == 0
    finally:
        store.close()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    mount = tmp_path / "disk"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if made.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {made.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_tmpfs_refuses_clearly_recovers_when_space_is_freed_and_loses_nothing(
    small_disk: Path,
) -> None:
    db = small_disk / "gapmap.duckdb"
    aid = _prepare(db)
    store = Store(db)
    # Checkpoint after every few writes, so the disk also fills during a checkpoint.
    store.cursor().execute("SET wal_autocheckpoint = '256KB'")
    filler = small_disk / "filler"
    free = shutil.disk_usage(small_disk).free
    filler.write_bytes(b"\0" * max(0, free - 3 * 1024 * 1024))
    acked: dict[str, int] = {}
    refusal = None
    for n in range(20_000):
        try:
            secret = start_response(store, aid, role_id="rep").secret
            save_answers(store, secret, {"p1": likert(1 + n % 5), "note": uuid.uuid4().hex * 8})
        except StorageError as err:
            refusal = err
            break
        acked[secret] = likert(1 + n % 5)
    assert refusal is not None and refusal.code == "disk-full"
    assert len(acked) >= 5
    # Space freed: the same process saves again, no restart needed.
    filler.unlink()
    again = start_response(store, aid, role_id="rep").secret
    save_answers(store, again, {"p1": likert(5)})
    acked[again] = likert(5)
    store.close()
    reopened = Store(db)
    try:
        for secret, p1 in acked.items():
            assert _current_p1(reopened, secret) == p1
        scored = access.analysis(reopened, auth.SYSTEM, aid, with_trend=False)
        assert scored.scores.respondents == 0  # every response started, none submitted
    finally:
        reopened.close()


def test_a_commit_that_is_durable_although_its_checkpoint_failed_counts_as_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DuckDB reports a commit whose automatic checkpoint then failed as a fatal error
    that says the commit is durable; the store reopens and the write stands."""
    import duckdb

    store = Store(tmp_path / "g.duckdb")
    store.cursor().execute("CREATE TABLE t (i INTEGER)")
    real_commit = duckdb.DuckDBPyConnection.commit
    calls = {"n": 0}

    def failing_commit(self: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
        real_commit(self)
        calls["n"] += 1
        raise duckdb.FatalException(
            "FATAL Error: Transaction COMMIT succeeded and is durable, but the "
            "autocheckpoint failed. Reopen the database instance to recover."
        )

    monkeypatch.setattr(duckdb.DuckDBPyConnection, "commit", failing_commit)
    assert store.write(lambda cur: cur.execute("INSERT INTO t VALUES (7)").fetchall()) == [(1,)]
    monkeypatch.setattr(duckdb.DuckDBPyConnection, "commit", real_commit)
    assert calls["n"] == 1
    assert store.cursor().execute("SELECT i FROM t").fetchall() == [(7,)]
    store.close()


def test_other_database_errors_are_not_mistaken_for_a_full_disk(tmp_path: Path) -> None:
    import duckdb

    store = Store(tmp_path / "g.duckdb")
    with pytest.raises(duckdb.CatalogException):
        store.write(lambda cur: cur.execute("INSERT INTO no_such_table VALUES (1)"))
    store.close()


def test_a_failed_save_keeps_the_answers_given_before(tmp_path: Path) -> None:
    """Nothing is half-written: the earlier answer of the same respondent stays."""
    db = tmp_path / "g.duckdb"
    aid = _prepare(db)
    store = Store(db)
    secret = start_response(store, aid, role_id="rep").secret
    save_answers(store, secret, {"p1": likert(2)})
    with pytest.raises(Exception):  # noqa: B017 - any refusal of a bad value
        save_answers(store, secret, {"p1": 99})
    assert _current_p1(store, secret) == likert(2)
    store.close()
