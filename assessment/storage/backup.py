"""Backups: a consistent snapshot of the whole database, and a restore into a new file.

A backup is a folder written by DuckDB's `EXPORT DATABASE` (schema.sql, load.sql and
one Parquet file per table) plus `gapmap-backup.json`, the manifest: when it was taken,
the schema version, and per table its row count and a content checksum (the sum of the
rows' hashes, so order does not matter and duplicated rows still count).

The export runs inside one read transaction, so it is a single moment of the database
even while respondents keep answering (DuckDB's snapshot isolation). The folder is
written under a temporary name and renamed when complete: a backup folder that exists
is a whole backup.

A restore never touches an existing file: it imports into a temporary file beside the
target, checks every table against the manifest, brings the schema up to date
(`Store` runs the newer migrations), and only then renames the file into place.
"""

from __future__ import annotations

import os
import secrets
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError

from assessment.errors import GapMapError
from assessment.storage.store import Store

MANIFEST = "gapmap-backup.json"
FORMAT = 1


class BackupError(GapMapError):
    """A backup that cannot be written, or a folder that cannot be restored."""


class TableCheck(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    rows: int
    checksum: str  # decimal: sum(hash(row)) as HUGEINT


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: int
    created_at: datetime
    schema_version: int
    duckdb_version: str
    tables: list[TableCheck]

    @property
    def total_rows(self) -> int:
        return sum(t.rows for t in self.tables)


@dataclass(frozen=True)
class Restored:
    manifest: Manifest
    path: Path
    schema_version: int  # after the migrations this code knows


def table_checks(cur: duckdb.DuckDBPyConnection) -> list[TableCheck]:
    """Row count and content checksum of every table, by name (in the caller's
    transaction, so all of them describe the same moment)."""
    names = [
        row[0]
        for row in cur.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]
    checks = []
    for name in names:
        quoted = '"' + name.replace('"', '""') + '"'
        # The name comes from the catalogue and is quoted as an identifier.
        sql = f"SELECT count(*), coalesce(sum(hash(t)::HUGEINT), 0) FROM {quoted} AS t"  # noqa: S608
        row = cur.execute(sql).fetchone()
        if row is None:  # pragma: no cover - an aggregate always returns a row
            raise BackupError("backup-failed", variant="table", table=name)
        checks.append(TableCheck(name=name, rows=int(row[0]), checksum=str(row[1])))
    return checks


def _schema_version(cur: duckdb.DuckDBPyConnection) -> int:
    row = cur.execute("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0]) if row and row[0] is not None else 0


def _sql_string(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _fsync_tree(folder: Path) -> None:
    for file in folder.iterdir():
        with open(file, "rb") as handle:
            os.fsync(handle.fileno())
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_out_dir(out_dir: Path) -> None:
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise BackupError("backup-exists", folder=out_dir)


def export_connection(cur: duckdb.DuckDBPyConnection, out_dir: Path) -> Manifest:
    """Export the database behind `cur` (a cursor of its own: this runs a transaction
    on it) into `out_dir`, which must not exist or be empty."""
    out_dir = Path(out_dir).absolute()
    _check_out_dir(out_dir)
    try:
        out_dir.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError("backup-unwritable", folder=out_dir.parent, reason=exc.strerror) from None
    partial = out_dir.parent / f".{out_dir.name}.partial-{secrets.token_hex(4)}"
    try:
        cur.execute("BEGIN TRANSACTION")
        try:
            checks = table_checks(cur)
            version = _schema_version(cur)
            cur.execute(f"EXPORT DATABASE {_sql_string(str(partial))} (FORMAT parquet)")
        finally:
            cur.execute("ROLLBACK")  # read only: nothing to keep
        manifest = Manifest(
            format=FORMAT,
            created_at=datetime.now(UTC).replace(microsecond=0),
            schema_version=version,
            duckdb_version=duckdb.__version__,
            tables=checks,
        )
        (partial / MANIFEST).write_text(manifest.model_dump_json(indent=2) + "\n")
        _fsync_tree(partial)
        if out_dir.exists():
            out_dir.rmdir()  # checked empty above
        os.replace(partial, out_dir)
    except duckdb.Error as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError("backup-failed", folder=out_dir, reason=exc) from None
    except OSError as exc:
        shutil.rmtree(partial, ignore_errors=True)
        raise BackupError("backup-failed", folder=out_dir, reason=exc.strerror or exc) from None
    return manifest


def backup(store: Store, out_dir: Path) -> Manifest:
    """A consistent backup of the open store, taken while it keeps serving writes."""
    cur = store.new_cursor()
    try:
        return export_connection(cur, out_dir)
    finally:
        cur.close()


def backup_file(db_path: Path, out_dir: Path) -> Manifest:
    """A backup of a database file no process has open (opened read-only)."""
    if not Path(db_path).is_file():
        raise BackupError("no-database", path=db_path)
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        return export_connection(con.cursor(), out_dir)
    finally:
        con.close()


def read_manifest(backup_dir: Path) -> Manifest:
    """The manifest of a backup folder, or a clear refusal."""
    backup_dir = Path(backup_dir)
    file = backup_dir / MANIFEST
    if not backup_dir.is_dir() or not file.is_file():
        raise BackupError("not-a-backup", folder=backup_dir, manifest=MANIFEST)
    try:
        manifest = Manifest.model_validate_json(file.read_bytes())
    except (ValidationError, ValueError):
        raise BackupError("backup-damaged", path=file) from None
    if manifest.format != FORMAT:
        raise BackupError("backup-format", found=manifest.format, expected=FORMAT)
    for name in ("schema.sql", "load.sql"):
        if not (backup_dir / name).is_file():
            raise BackupError("backup-damaged", variant="incomplete", folder=backup_dir, file=name)
    return manifest


def _compare(expected: Manifest, found: list[TableCheck]) -> None:
    same_engine = expected.duckdb_version == duckdb.__version__
    by_name = {t.name: t for t in found}
    for table in expected.tables:
        got = by_name.get(table.name)
        if got is None:
            raise BackupError("backup-mismatch", variant="missing", table=table.name)
        if got.rows != table.rows:
            raise BackupError(
                "backup-mismatch",
                variant="rows",
                table=table.name,
                expected=table.rows,
                found=got.rows,
            )
        # The row hash is DuckDB's own: compare it only under the version that wrote it.
        if same_engine and got.checksum != table.checksum:
            raise BackupError("backup-mismatch", variant="checksum", table=table.name)
    extra = sorted(set(by_name) - {t.name for t in expected.tables})
    if extra:
        raise BackupError("backup-mismatch", tables=extra)


def _remove_database(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        file.unlink(missing_ok=True)


def restore(backup_dir: Path, db_path: Path) -> Restored:
    """Restore a backup folder into `db_path`, a file that must not exist yet."""
    backup_dir = Path(backup_dir).absolute()
    db_path = Path(db_path).absolute()
    manifest = read_manifest(backup_dir)
    if db_path.exists() or db_path.with_name(db_path.name + ".wal").exists():
        raise BackupError("target-exists", path=db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = db_path.with_name(f".{db_path.name}.restoring-{secrets.token_hex(4)}")
    try:
        con = duckdb.connect(str(scratch))
        try:
            con.execute(f"IMPORT DATABASE {_sql_string(str(backup_dir))}")
            _compare(manifest, table_checks(con.cursor()))
        finally:
            con.close()
        store = Store(scratch)  # newer migrations, if this GapMap has any
        try:
            version = store.schema_version
            store.checkpoint()
        finally:
            store.close()
        os.replace(scratch, db_path)
    except duckdb.Error as exc:
        _remove_database(scratch)
        raise BackupError(
            "backup-damaged", variant="restore", folder=backup_dir, reason=exc
        ) from None
    except BaseException:
        _remove_database(scratch)
        raise
    return Restored(manifest=manifest, path=db_path, schema_version=version)


def describe(manifest: Manifest) -> str:
    """One line for people: when, which schema, how much."""
    return (
        f"taken {manifest.created_at:%Y-%m-%d %H:%M} UTC, schema version "
        f"{manifest.schema_version}, {len(manifest.tables)} tables, "
        f"{manifest.total_rows:,} rows"
    )
