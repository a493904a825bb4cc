"""The store: data location, file creation on first use, numbered migrations."""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pytest

from assessment import store as store_module
from assessment.config import DEFAULT_DB, database_path
from assessment.store import Store


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


def test_transaction_rolls_back_on_error() -> None:
    store = Store()
    store.cursor().execute("CREATE TABLE t (x INTEGER)")
    with pytest.raises(ValueError), store.transaction() as cur:
        cur.execute("INSERT INTO t VALUES (1)")
        raise ValueError("stop")
    with store.transaction() as cur:
        cur.execute("INSERT INTO t VALUES (2)")
    assert store.cursor().execute("SELECT list(x) FROM t").fetchone() == ([2],)
