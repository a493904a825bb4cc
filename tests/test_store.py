"""The store: data location, file creation on first use, numbered migrations."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from assessment.storage import store as store_module
from assessment.storage.config import DEFAULT_DB, database_path
from assessment.storage.store import StorageError, Store


def test_database_path_prefers_flag_then_env_then_default(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GAPMAP_DB", raising=False)
    assert database_path() == DEFAULT_DB == Path("data/gapmap.duckdb")
    monkeypatch.setenv("GAPMAP_DB", "/tmp/from-env.duckdb")
    assert database_path() == Path("/tmp/from-env.duckdb")
    assert database_path("cli.duckdb") == Path("cli.duckdb")


def test_file_is_created_on_first_use(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "gapmap.duckdb"
    store = Store(path)
    assert path.exists()
    store.close()


def test_migrations_apply_once_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    applied: list[int] = []

    def make(number: int) -> store_module.Migration:
        def step(con: duckdb.DuckDBPyConnection) -> None:
            applied.append(number)
            con.execute(f"CREATE TABLE t{number} (x INTEGER)")

        return step

    monkeypatch.setattr(store_module, "MIGRATIONS", [(2, "two", make(2)), (1, "one", make(1))])
    store_module.MIGRATIONS.sort(key=lambda m: m[0])
    path = tmp_path / "m.duckdb"
    first = Store(path)
    assert first.schema_version == 2
    first.close()
    again = Store(path)
    assert again.schema_version == 2
    again.close()
    assert applied == [1, 2]


def test_failed_migration_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("CREATE TABLE half (x INTEGER)")
        raise RuntimeError("boom")

    path = tmp_path / "broken.duckdb"
    monkeypatch.setattr(store_module, "MIGRATIONS", [(1, "broken", broken)])
    with pytest.raises(RuntimeError, match="boom"):
        Store(path)
    monkeypatch.setattr(store_module, "MIGRATIONS", [])
    reopened = Store(path)
    assert reopened.schema_version == 0
    tables = reopened.cursor().execute("SELECT table_name FROM duckdb_tables()").fetchall()
    assert tables == [("schema_version",)]
    reopened.close()


def test_each_thread_gets_its_own_cursor() -> None:
    store = Store()
    cursors: list[duckdb.DuckDBPyConnection] = []

    def grab() -> None:
        cursors.append(store.cursor())

    threads = [threading.Thread(target=grab) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len({id(c) for c in cursors}) == 4
    assert store.cursor() is store.cursor()


def test_write_rolls_back_on_error() -> None:
    store = Store()
    store.cursor().execute("CREATE TABLE t (x INTEGER)")

    def insert_then_fail(cur: duckdb.DuckDBPyConnection) -> None:
        cur.execute("INSERT INTO t VALUES (1)")
        raise ValueError("stop")

    with pytest.raises(ValueError):
        store.write(insert_then_fail)
    store.write(lambda cur: cur.execute("INSERT INTO t VALUES (2)"))
    assert store.cursor().execute("SELECT list(x) FROM t").fetchone() == ([2],)


def _counter_store() -> tuple[Store, duckdb.DuckDBPyConnection]:
    """A store with one counter row, and a second cursor: another tab's writer."""
    store = Store()
    store.cursor().execute("CREATE TABLE counter (n INTEGER); INSERT INTO counter VALUES (0)")
    store.cursor().execute("CREATE TABLE log (attempt INTEGER)")
    return store, store.new_cursor()


def test_a_write_conflict_on_the_first_attempt_is_retried_and_commits_once() -> None:
    store, other = _counter_store()
    attempts: list[int] = []

    def bump(cur: duckdb.DuckDBPyConnection) -> int:
        attempts.append(len(attempts) + 1)
        cur.execute("INSERT INTO log VALUES (?)", [len(attempts)])
        if len(attempts) == 1:  # another writer holds the row, not committed yet
            other.begin()
            other.execute("UPDATE counter SET n = n + 10")
        try:
            cur.execute("UPDATE counter SET n = n + 1")
        finally:
            if len(attempts) == 1:
                other.commit()
        return len(attempts)

    assert store.write(bump) == 2
    assert attempts == [1, 2]
    assert store.cursor().execute("SELECT n FROM counter").fetchone() == (11,)
    assert store.cursor().execute("SELECT list(attempt) FROM log").fetchone() == ([2],)


def test_a_write_that_keeps_conflicting_is_refused_and_writes_nothing() -> None:
    store, other = _counter_store()
    other.begin()
    other.execute("UPDATE counter SET n = n + 10")  # held for the whole test
    attempts: list[int] = []

    def bump(cur: duckdb.DuckDBPyConnection) -> None:
        attempts.append(1)
        cur.execute("INSERT INTO log VALUES (?)", [len(attempts)])
        cur.execute("UPDATE counter SET n = n + 1")

    with pytest.raises(StorageError) as refused:
        store.write(bump)
    other.rollback()
    assert refused.value.code == "write-conflict"
    assert "try again" in refused.value.message
    assert len(attempts) == store_module.CONFLICT_RETRIES
    assert store.cursor().execute(
        "SELECT n, (SELECT count(*) FROM log) FROM counter"
    ).fetchone() == (
        0,
        0,
    )
