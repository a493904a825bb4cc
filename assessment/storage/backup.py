"""Backups: a consistent snapshot of the whole database, and a restore into a new file.

A backup is a folder of Parquet files, one per table (`<table>.parquet`), plus
`gapmap-backup.json`, the manifest: when it was taken, the schema version, per table
its file, row count and a content checksum (the sum of the rows' hashes, so order does
not matter and duplicated rows still count), the SHA-256 of every file, and where each
sequence stood. It holds no SQL.

The export runs inside one read transaction, so it is a single moment of the database
even while respondents keep answering (DuckDB's snapshot isolation). The folder is
written under a temporary name and renamed when complete: a backup folder that exists
is a whole backup.

A restore runs nothing a backup says, since a folder can be changed by anyone who can
write to it: it first checks that the folder holds exactly the files the manifest lists,
each a plain file with its SHA-256, and tables this GapMap knows; it builds the schema
from GapMap's own migrations (up to the backup's version), reads each table's Parquet
file as data into its table (DuckDB may then open no other file), checks every table
against the manifest, runs the newer migrations, and only then renames the file into
place. It never touches an existing file and leaves nothing behind when it refuses.
Backups of format 1 (DuckDB's `EXPORT DATABASE`, with schema.sql and load.sql) are
read the same way: their SQL is never run.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import stat
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from pydantic import BaseModel, ConfigDict, ValidationError

from assessment.errors import GapMapError
from assessment.storage.store import MIGRATIONS, Store

MANIFEST = "gapmap-backup.json"
FORMAT = 2
READS = (1, 2)  # format 1: DuckDB's EXPORT DATABASE; its SQL files are never run
# Table and file names a backup may use: GapMap's own tables are plain identifiers.
TABLE_NAME = re.compile(r"[a-z_][a-z0-9_]*")
# Never set a sequence further than this beyond the data (a tampered manifest could ask
# for 10**18 steps); far more than any deletion leaves behind.
MAX_SEQUENCE_GAP = 50_000_000


class BackupError(GapMapError):
    """A backup that cannot be written, or a folder that cannot be restored."""


class TableCheck(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    rows: int
    checksum: str  # decimal: sum(hash(row)) as HUGEINT
    file: str | None = None  # format 2; format 1 names it <table>.parquet

    @property
    def file_name(self) -> str:
        return self.file or f"{self.name}.parquet"


class Manifest(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: int
    created_at: datetime
    schema_version: int
    duckdb_version: str
    tables: list[TableCheck]
    files: dict[str, str] | None = None  # format 2: file name -> SHA-256
    sequences: dict[str, int] | None = None  # format 2: the last value each gave out

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


def _sequences(cur: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = cur.execute(
        "SELECT sequence_name, last_value FROM duckdb_sequences()"
        " WHERE schema_name = 'main' ORDER BY sequence_name"
    ).fetchall()
    return {str(name): int(last or 0) for name, last in rows}


def _sha256(file: Path) -> str:
    digest = hashlib.sha256()
    with open(file, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


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
        partial.mkdir()
        cur.execute("BEGIN TRANSACTION")
        try:
            checks = table_checks(cur)
            version = _schema_version(cur)
            sequences = _sequences(cur)
            tables = []
            for check in checks:
                if not TABLE_NAME.fullmatch(check.name):
                    raise BackupError("backup-failed", variant="table", table=check.name)
                file = f"{check.name}.parquet"
                # The name is checked above; the path is ours, quoted as a string.
                cur.execute(
                    f'COPY "{check.name}" TO {_sql_string(str(partial / file))} (FORMAT parquet)'
                )
                tables.append(check.model_copy(update={"file": file}))
        finally:
            cur.execute("ROLLBACK")  # read only: nothing to keep
        manifest = Manifest(
            format=FORMAT,
            created_at=datetime.now(UTC).replace(microsecond=0),
            schema_version=version,
            duckdb_version=duckdb.__version__,
            tables=tables,
            files={t.file_name: _sha256(partial / t.file_name) for t in tables},
            sequences=sequences,
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
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
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
    if manifest.format not in READS:
        raise BackupError("backup-format", found=manifest.format, expected=FORMAT)
    return manifest


def verify_files(backup_dir: Path, manifest: Manifest) -> dict[str, Path]:
    """Check the folder against the manifest before anything reads a table: every
    table's file is a plain file in the folder (no link, no path), and in format 2 the
    folder holds exactly the listed files, each with its SHA-256. The files by table."""
    backup_dir = Path(backup_dir)
    by_table: dict[str, Path] = {}
    for table in manifest.tables:
        name = table.file_name
        if not TABLE_NAME.fullmatch(table.name) or name != f"{table.name}.parquet":
            raise BackupError("backup-tampered", variant="name", table=table.name, file=name)
        by_table[table.name] = backup_dir / name
    if len(by_table) != len(manifest.tables):
        raise BackupError("backup-tampered", variant="name", table="", file="(twice)")
    present = {entry.name: entry for entry in os.scandir(backup_dir)}
    if manifest.format >= 2:
        listed = manifest.files or {}
        expected = {path.name for path in by_table.values()}
        for name in sorted({*present, *listed} - {MANIFEST}):
            if name not in listed or name not in expected:
                raise BackupError("backup-tampered", variant="unexpected", file=name)
    for path in by_table.values():
        entry = present.get(path.name)
        if entry is None:
            raise BackupError(
                "backup-damaged", variant="incomplete", folder=backup_dir, file=path.name
            )
        if not stat.S_ISREG(entry.stat(follow_symlinks=False).st_mode):
            raise BackupError("backup-tampered", variant="not-a-file", file=path.name)
        if manifest.files is not None and _sha256(path) != manifest.files[path.name]:
            raise BackupError("backup-tampered", variant="checksum", file=path.name)
    return by_table


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


def migrate_to(con: duckdb.DuckDBPyConnection, version: int) -> None:
    """GapMap's own schema as it was at `version` (what `Store` builds, stopped there)."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_version ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)"
    )
    for number, name, fn in MIGRATIONS:
        if number <= version:
            fn(con)
            con.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", [number, name])


def _known_tables(version: int) -> set[str]:
    if version not in {number for number, _, _ in MIGRATIONS}:
        known = MIGRATIONS[-1][0] if MIGRATIONS else 0
        raise BackupError("backup-newer", found=str(version), known=str(known))
    con = duckdb.connect(":memory:")
    try:
        migrate_to(con, version)
        return {check.name for check in table_checks(con)}
    finally:
        con.close()


def _sequence_columns(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str]]]:
    """(table, column) whose default draws from each sequence of our schema."""
    found: dict[str, list[tuple[str, str]]] = {}
    for table, column, default in con.execute(
        "SELECT table_name, column_name, column_default FROM duckdb_columns()"
        " WHERE schema_name = 'main' AND column_default LIKE 'nextval(%'"
    ).fetchall():
        match = re.fullmatch(r"nextval\('([a-z_]+)'\)", str(default))
        if match:
            found.setdefault(match.group(1), []).append((str(table), str(column)))
    for name in _sequences(con):
        found.setdefault(name, [])
    return found


def _advance_sequences(con: duckdb.DuckDBPyConnection, manifest: Manifest) -> None:
    """Carry on numbering where the backed-up database stood: DuckDB cannot set a
    sequence, so it is drawn from up to the last value the manifest or the data holds."""
    wanted = manifest.sequences or {}
    for name, columns in _sequence_columns(con).items():
        in_data = 0
        for table, column in columns:
            # Names from our own catalogue, checked above and quoted as identifiers.
            row = con.execute(f'SELECT coalesce(max("{column}"), 0) FROM "{table}"').fetchone()  # noqa: S608
            in_data = max(in_data, int(row[0]) if row else 0)
        target = max(in_data, wanted.get(name, 0))
        if target - in_data > MAX_SEQUENCE_GAP:
            raise BackupError("backup-tampered", variant="sequence", sequence=name)
        if target > 0:
            con.execute("SELECT max(nextval(?)) FROM range(?)", [name, target])


def _load(con: duckdb.DuckDBPyConnection, files: dict[str, Path], backup_dir: Path) -> None:
    """Each table's rows from its Parquet file, and nothing else: from here on DuckDB
    may read only the backup folder and write no file at all."""
    con.execute("SET allowed_directories = [?]", [str(backup_dir) + os.sep])
    con.execute("SET enable_external_access = false")
    for table, path in files.items():
        # The table name is one of our schema's (checked); the file goes as a parameter.
        con.execute(f'DELETE FROM "{table}"')  # noqa: S608
        con.execute(f'INSERT INTO "{table}" BY NAME SELECT * FROM read_parquet(?)', [str(path)])  # noqa: S608


def restore(backup_dir: Path, db_path: Path) -> Restored:
    """Restore a backup folder into `db_path`, a file that must not exist yet."""
    backup_dir = Path(backup_dir).absolute()
    db_path = Path(db_path).absolute()
    manifest = read_manifest(backup_dir)
    if db_path.exists() or db_path.with_name(db_path.name + ".wal").exists():
        raise BackupError("target-exists", path=db_path)
    files = verify_files(backup_dir, manifest)
    known = _known_tables(manifest.schema_version)
    for table in sorted(set(files) - known):
        raise BackupError("backup-tampered", variant="table", table=table)
    for table in sorted(known - set(files)):
        raise BackupError("backup-mismatch", variant="missing", table=table)
    if any(char in str(backup_dir) for char in "*?[]{}"):
        # DuckDB reads such a path as a pattern of files.
        raise BackupError("backup-path", folder=backup_dir)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    scratch = db_path.with_name(f".{db_path.name}.restoring-{secrets.token_hex(4)}")
    try:
        con = duckdb.connect(str(scratch))
        try:
            con.execute("BEGIN TRANSACTION")
            migrate_to(con, manifest.schema_version)
            _load(con, files, backup_dir)
            versions = [
                row[0] for row in con.execute("SELECT version FROM schema_version").fetchall()
            ]
            if sorted(versions) != [n for n, _, _ in MIGRATIONS if n <= manifest.schema_version]:
                raise BackupError(
                    "backup-tampered", variant="versions", file=files["schema_version"].name
                )
            _advance_sequences(con, manifest)
            _compare(manifest, table_checks(con))
            con.execute("COMMIT")
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
