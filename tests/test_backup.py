"""Backup and restore: a restored database equals the original table by table and row by
row; a backup taken while answers pour in is one consistent moment; a running app takes
the backup for the command line through its control socket; damaged backups and
occupied targets are refused without touching anything."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
import pytest
from typer.testing import CliRunner

from assessment import access
from assessment.cli import app
from assessment.collect import workshop
from assessment.collect.demo import generate_demo
from assessment.collect.responses import save_answers, start_response
from assessment.errors import GapMapError
from assessment.organisation import auth
from assessment.organisation.auth import Actor
from assessment.storage import backup, control
from assessment.storage.store import MIGRATIONS, Store
from tests.engine import likert

ROOT = Path(__file__).resolve().parent.parent


def _tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM information_schema.tables"
            " WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name"
        ).fetchall()
    ]


def _contents(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in a fixed order."""
    return {
        name: con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()  # noqa: S608
        for name in _tables(con)
    }


def _rich_store(path: Path) -> tuple[Store, str]:
    """A demo organisation (survey answers, comments, scores), a workshop with
    participants, an agreed action, a leadership account with a session, audit entries."""
    store = Store(path)
    demo = generate_demo(store, 120, seed=3)
    aid = demo.assessment_id
    found = access.get_assessment(store, auth.SYSTEM, aid)
    consultant = Actor(
        "consultant", "ca", "cons-a", organisation_ids=frozenset({found.organisation_id})
    )
    room = access.start_workshop(store, consultant, aid, title="Kick-off", pacing="self")
    for score in (1, 2, 3, 4):
        place = workshop.join(store, room.join_code, role_id="sales").secret
        workshop.answer(store, place, {"purpose_decisions": likert(score)})
    access.add_agreed_action(store, consultant, aid, title="Weekly CRM hour", owner="Sales lead")
    access.create_leadership_account(
        store, auth.SYSTEM, found.organisation_id, "boss", "a long passphrase 42"
    )
    auth.sign_in(store, "boss", "a long passphrase 42")
    access.analysis(store, auth.SYSTEM, aid)  # stores the respondent scores
    store.checkpoint()
    return store, aid


@pytest.fixture(scope="module")
def rich(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, str, Path]]:
    folder = tmp_path_factory.mktemp("rich")
    store, aid = _rich_store(folder / "gapmap.duckdb")
    yield store, aid, folder
    store.close()


def test_a_restored_database_equals_the_original_in_every_table(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    store, _aid, _ = rich
    manifest = backup.backup(store, tmp_path / "backup")
    restored = backup.restore(tmp_path / "backup", tmp_path / "restored.duckdb")
    assert restored.schema_version == store.schema_version == manifest.schema_version
    original = _contents(store.cursor())
    con = duckdb.connect(str(tmp_path / "restored.duckdb"), read_only=True)
    try:
        copy = _contents(con)
    finally:
        con.close()
    assert sorted(copy) == sorted(original)
    for name, rows in original.items():
        assert copy[name] == rows, name
    # Every table of the schema is in the manifest, with its exact row count.
    assert {t.name: t.rows for t in manifest.tables} == {n: len(r) for n, r in original.items()}
    assert {"answers", "respondents", "workshops", "audit_log", "sessions"} <= set(original)
    assert len(original["answers"]) > 1000
    assert len(original["workshops"]) == 1


def test_a_restored_database_carries_on_numbering_answers_and_respondents(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    store, aid, _ = rich
    backup.backup(store, tmp_path / "b")
    backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    top = store.cursor().execute("SELECT max(seq) FROM answers").fetchone()
    top_num = store.cursor().execute("SELECT max(num) FROM respondents").fetchone()
    assert top is not None and top_num is not None
    copy = Store(tmp_path / "r.duckdb")
    try:
        team = access.get_assessment(copy, auth.SYSTEM, aid).teams[0].id
        secret = start_response(copy, aid, role_id="sales", team_id=team).secret
        save_answers(copy, secret, {"purpose_decisions": likert(4)})
        row = (
            copy.cursor()
            .execute(
                "SELECT r.num, a.seq FROM respondents r JOIN answers a ON a.respondent = r.num"
                " WHERE r.num > ?",
                [top_num[0]],
            )
            .fetchall()
        )
        assert len(row) == 1
        assert row[0][0] > top_num[0] and row[0][1] > top[0]
    finally:
        copy.close()


def test_a_backup_taken_while_responses_are_submitted_is_one_consistent_moment(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "busy.duckdb")
    demo = generate_demo(store, 30, seed=5)
    aid = demo.assessment_id
    item_ids = ["purpose_decisions", "purpose_my_gain"]
    team = access.get_assessment(store, auth.SYSTEM, aid).teams[0].id
    stop = threading.Event()
    saved: list[str] = []
    failures: list[BaseException] = []

    def writer() -> None:
        try:
            while not stop.is_set():
                secret = start_response(store, aid, role_id="sales", team_id=team).secret
                # Both answers in one transaction: a respondent has two answers or none.
                save_answers(store, secret, {i: likert(3) for i in item_ids})
                saved.append(secret)
        except BaseException as exc:
            failures.append(exc)

    threads = [threading.Thread(target=writer) for _ in range(4)]
    for t in threads:
        t.start()
    try:
        while len(saved) < 20 and not failures:
            threading.Event().wait(0.01)
        manifest = backup.backup(store, tmp_path / "backup")
        during = len(saved)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert failures == []
    backup.restore(tmp_path / "backup", tmp_path / "copy.duckdb")
    con = duckdb.connect(str(tmp_path / "copy.duckdb"), read_only=True)
    try:
        counts = {
            name: int(con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0])  # type: ignore[index]  # noqa: S608
            for name in _tables(con)
        }
        # Per respondent of the writers: two answers or none, never one.
        torn = con.execute(
            "SELECT count(*) FROM respondents r LEFT JOIN answers a ON a.respondent = r.num"
            " WHERE r.submitted_hour IS NULL GROUP BY r.num HAVING count(a.item) = 1"
        ).fetchall()
        started = con.execute(
            "SELECT count(*) FROM respondents WHERE submitted_hour IS NULL"
        ).fetchone()
    finally:
        con.close()
    assert {t.name: t.rows for t in manifest.tables} == counts
    assert torn == []
    assert started is not None and started[0] >= 20 and started[0] <= during + 4
    live = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
    assert live is not None and live[0] >= counts["respondents"]
    store.close()


def test_the_command_line_backs_up_through_the_running_app(tmp_path: Path) -> None:
    """This process plays the app: it holds the file (no other process may open it) and
    serves the control socket; `gapmap backup` in another process asks it."""
    db = tmp_path / "app.duckdb"
    store = Store(db)
    generate_demo(store, 20, seed=1)
    server = control.serve(store)
    assert server is not None
    try:
        assert oct(control.socket_path(db).stat().st_mode & 0o777) == "0o600"
        env = {**os.environ, "GAPMAP_DB": ""}
        out = tmp_path / "nightly"
        done = subprocess.run(
            [sys.executable, "-m", "assessment.cli", "backup", "--db", str(db), "--out", str(out)],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert f"written to {out} by the running app" in done.stdout
        manifest = backup.read_manifest(out)
        answers = store.cursor().execute("SELECT count(*) FROM answers").fetchone()
        assert {t.name: t.rows for t in manifest.tables}["answers"] == answers[0]  # type: ignore[index]
        assert control.request(db, {"op": "ping"}, timeout=5) == {
            "ok": True,
            "db": str(db),
            "schema_version": store.schema_version,
        }
        assert control.request(db, {"op": "backup", "out": "relative/dir"}, timeout=5) == {
            "ok": False,
            "code": "bad-request",
            "message": "out must be an absolute path",
        }
    finally:
        server.stop()
        store.close()
    assert not control.socket_path(db).exists()


def test_a_stale_socket_left_by_a_killed_app_is_replaced(tmp_path: Path) -> None:
    db = tmp_path / "stale.duckdb"
    path = control.socket_path(db)
    leftover = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    leftover.bind(str(path))
    leftover.close()  # the file stays, nobody listens: as after SIGKILL
    assert control.request(db, {"op": "ping"}, timeout=2) is None
    store = Store(db)
    server = control.serve(store)
    try:
        assert server is not None
        reply = control.request(db, {"op": "ping"}, timeout=5)
        assert reply is not None and reply["ok"]
    finally:
        if server is not None:
            server.stop()
        store.close()


def test_backup_and_restore_from_the_command_line_without_an_app(tmp_path: Path) -> None:
    db = tmp_path / "gapmap.duckdb"
    store = Store(db)
    generate_demo(store, 20, seed=2)
    store.close()
    runner = CliRunner()
    made = runner.invoke(app, ["backup", "--db", str(db), "--out", str(tmp_path / "b")])
    assert made.exit_code == 0, made.output
    assert "by this command (no app is running on the file)" in made.output
    again = runner.invoke(app, ["backup", "--db", str(db), "--out", str(tmp_path / "b")])
    assert again.exit_code == 1
    assert "[backup-exists]" in again.output
    back = runner.invoke(
        app, ["restore", str(tmp_path / "b"), "--db", str(tmp_path / "new.duckdb")]
    )
    assert back.exit_code == 0, back.output
    assert f"every table checked; schema version now {MIGRATIONS[-1][0]}" in back.output
    assert "GAPMAP_DB=" in back.output


# --- refusals: nothing overwritten, nothing half-made ---------------------------------------


def _code(call: Any) -> str:
    with pytest.raises(GapMapError) as refused:
        call()
    return refused.value.code


def test_restore_never_overwrites_an_existing_database(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    target = tmp_path / "in-use.duckdb"
    target.write_bytes(b"precious")
    assert _code(lambda: backup.restore(tmp_path / "b", target)) == "target-exists"
    assert target.read_bytes() == b"precious"


def test_a_folder_that_is_not_a_backup_is_refused(tmp_path: Path) -> None:
    (tmp_path / "junk").mkdir()
    (tmp_path / "junk" / "notes.txt").write_text("hello")
    assert _code(lambda: backup.restore(tmp_path / "junk", tmp_path / "x.duckdb")) == "not-a-backup"
    assert _code(lambda: backup.restore(tmp_path / "none", tmp_path / "x.duckdb")) == "not-a-backup"
    (tmp_path / "junk" / backup.MANIFEST).write_text("{not json")
    assert (
        _code(lambda: backup.restore(tmp_path / "junk", tmp_path / "x.duckdb")) == "backup-damaged"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["junk"]


def test_a_damaged_backup_is_refused_and_leaves_no_file(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    # A lost data file.
    (tmp_path / "b" / "answers.parquet").unlink()
    assert _code(lambda: backup.restore(tmp_path / "b", tmp_path / "r.duckdb")) == "backup-damaged"
    # A manifest that does not match the data (rows lost or added after the backup).
    backup.backup(rich[0], tmp_path / "c")
    manifest = json.loads((tmp_path / "c" / backup.MANIFEST).read_text())
    for table in manifest["tables"]:
        if table["name"] == "comments":
            table["rows"] += 1
    (tmp_path / "c" / backup.MANIFEST).write_text(json.dumps(manifest))
    assert _code(lambda: backup.restore(tmp_path / "c", tmp_path / "r.duckdb")) == "backup-mismatch"
    leftovers = [p.name for p in tmp_path.iterdir() if p.suffix != "" or p.name.startswith(".")]
    assert leftovers == []


def test_a_backup_never_overwrites_a_folder_with_files(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "keep.txt").write_text("mine")
    assert _code(lambda: backup.backup(rich[0], tmp_path / "b")) == "backup-exists"
    assert [p.name for p in (tmp_path / "b").iterdir()] == ["keep.txt"]
    # An empty folder is fine (made ahead by a backup script).
    (tmp_path / "empty").mkdir()
    assert backup.backup(rich[0], tmp_path / "empty").total_rows > 0


def test_an_erasure_after_a_backup_is_not_in_the_backup_but_is_in_the_next(
    tmp_path: Path,
) -> None:
    store = Store(tmp_path / "g.duckdb")
    demo = generate_demo(store, 20, seed=4, now=None)
    before = backup.backup(store, tmp_path / "monday")
    total = store.cursor().execute("SELECT count(*) FROM respondents").fetchone()
    assert total is not None
    access.delete_responses(store, auth.SYSTEM, demo.assessment_id, before=date(2999, 1, 1))
    after = backup.backup(store, tmp_path / "tuesday")
    rows = {t.name: t.rows for t in before.tables}, {t.name: t.rows for t in after.tables}
    assert (rows[0]["respondents"], rows[1]["respondents"]) == (total[0], 0)
    assert (rows[0]["answers"] > 0, rows[1]["answers"]) == (True, 0)
    assert rows[1]["audit_log"] == rows[0]["audit_log"] + 1
    store.close()


# --- a restore runs nothing a backup says ------------------------------------------------


def _rewrite_manifest(folder: Path, change: Any) -> None:
    """Change the manifest as an attacker would, then make its file checksums match."""
    file = folder / backup.MANIFEST
    manifest = json.loads(file.read_text())
    change(manifest)
    if manifest.get("files") is not None:
        manifest["files"] = {
            p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.iterdir())
            if p.name != backup.MANIFEST
        }
    file.write_text(json.dumps(manifest))


def _left_behind(tmp_path: Path, *keep: str) -> list[str]:
    return sorted(p.name for p in tmp_path.iterdir() if p.name not in keep)


def _format_1_backup(store: Store, folder: Path) -> None:
    """A backup as GapMap wrote it before: DuckDB's EXPORT DATABASE with its SQL files."""
    cur = store.new_cursor()
    try:
        cur.execute("BEGIN TRANSACTION")
        checks = backup.table_checks(cur)
        version = cur.execute("SELECT max(version) FROM schema_version").fetchone()
        cur.execute(f"EXPORT DATABASE '{folder}' (FORMAT parquet)")
        cur.execute("ROLLBACK")
    finally:
        cur.close()
    assert version is not None
    manifest = {
        "format": 1,
        "created_at": "2026-12-01T10:00:00Z",
        "schema_version": version[0],
        "duckdb_version": duckdb.__version__,
        "tables": [c.model_dump(exclude={"file"}) for c in checks],
    }
    (folder / backup.MANIFEST).write_text(json.dumps(manifest))


def test_sql_planted_in_an_old_format_backup_is_never_run(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    """The attack as found: load.sql of a backup wrote a file, and restore said success."""
    planted = tmp_path / "written-by-the-backup.csv"
    folder = tmp_path / "old"
    _format_1_backup(rich[0], folder)
    with open(folder / "load.sql", "a") as load:
        load.write(f"\nCOPY (SELECT 1) TO '{planted}';\n")
    with open(folder / "schema.sql", "a") as schema:
        schema.write(f"\nCOPY (SELECT 2) TO '{planted}';\n")
    restored = backup.restore(folder, tmp_path / "r.duckdb")
    assert not planted.exists()
    # The data came back all the same, read as data.
    assert restored.manifest.format == 1
    con = duckdb.connect(str(tmp_path / "r.duckdb"), read_only=True)
    try:
        assert _contents(con) == _contents(rich[0].cursor())
    finally:
        con.close()


def test_sql_added_to_a_backup_with_matching_checksums_is_refused(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    planted = tmp_path / "written-by-the-backup.csv"
    backup.backup(rich[0], tmp_path / "b")
    assert not list((tmp_path / "b").glob("*.sql"))  # a backup holds no SQL of its own
    (tmp_path / "b" / "load.sql").write_text(f"COPY (SELECT 1) TO '{planted}';\n")
    _rewrite_manifest(tmp_path / "b", lambda m: None)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "unexpected")
    assert refused.value.params["file"] == "load.sql"
    assert not planted.exists()
    assert _left_behind(tmp_path) == ["b"]


def test_a_changed_data_file_is_refused_before_it_is_read(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    with open(tmp_path / "b" / "accounts.parquet", "r+b") as data:
        data.seek(100)
        data.write(b"\x00\x01")
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "checksum")
    assert refused.value.params["file"] == "accounts.parquet"
    assert _left_behind(tmp_path) == ["b"]


def test_an_unknown_table_is_refused(rich: tuple[Store, str, Path], tmp_path: Path) -> None:
    backup.backup(rich[0], tmp_path / "b")
    shutil.copy(tmp_path / "b" / "sessions.parquet", tmp_path / "b" / "backdoor.parquet")

    def add_table(manifest: dict[str, Any]) -> None:
        manifest["tables"].append(
            {"name": "backdoor", "rows": 1, "checksum": "0", "file": "backdoor.parquet"}
        )

    _rewrite_manifest(tmp_path / "b", add_table)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "table")
    assert _left_behind(tmp_path) == ["b"]


@pytest.mark.parametrize("file", ["../outside.parquet", "/etc/passwd", "sessions.csv"])
def test_a_file_outside_the_backup_folder_is_refused(
    rich: tuple[Store, str, Path], tmp_path: Path, file: str
) -> None:
    backup.backup(rich[0], tmp_path / "b")

    def point_elsewhere(manifest: dict[str, Any]) -> None:
        for table in manifest["tables"]:
            if table["name"] == "sessions":
                table["file"] = file

    _rewrite_manifest(tmp_path / "b", point_elsewhere)
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "name")
    assert _left_behind(tmp_path) == ["b"]


def test_a_link_to_a_file_elsewhere_is_refused(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    outside = tmp_path / "elsewhere.parquet"
    (tmp_path / "b" / "sessions.parquet").rename(outside)
    (tmp_path / "b" / "sessions.parquet").symlink_to(outside)  # its checksum still matches
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "not-a-file")
    assert _left_behind(tmp_path, "elsewhere.parquet") == ["b"]


def test_a_backup_from_a_newer_gapmap_is_refused(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    _rewrite_manifest(tmp_path / "b", lambda m: m.update(schema_version=MIGRATIONS[-1][0] + 1))
    assert _code(lambda: backup.restore(tmp_path / "b", tmp_path / "r.duckdb")) == "backup-newer"
    assert _left_behind(tmp_path) == ["b"]


def test_an_absurd_sequence_is_refused_not_counted_up_to(
    rich: tuple[Store, str, Path], tmp_path: Path
) -> None:
    backup.backup(rich[0], tmp_path / "b")
    _rewrite_manifest(tmp_path / "b", lambda m: m["sequences"].update(answer_seq=10**18))
    with pytest.raises(backup.BackupError) as refused:
        backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (refused.value.code, refused.value.variant) == ("backup-tampered", "sequence")
    assert _left_behind(tmp_path) == ["b"]


def test_a_backup_of_an_older_schema_is_migrated_after_its_data_is_read(tmp_path: Path) -> None:
    older = MIGRATIONS[-2][0]
    con = duckdb.connect(str(tmp_path / "old.duckdb"))
    try:
        backup.migrate_to(con, older)
        con.execute("INSERT INTO organisations (id, name) VALUES ('o1', 'Nordwind')")
        backup.export_connection(con.cursor(), tmp_path / "b")
    finally:
        con.close()
    restored = backup.restore(tmp_path / "b", tmp_path / "r.duckdb")
    assert (restored.manifest.schema_version, restored.schema_version) == (
        older,
        MIGRATIONS[-1][0],
    )
    store = Store(tmp_path / "r.duckdb")
    try:
        rows = store.cursor().execute("SELECT id, name FROM organisations").fetchall()
        assert rows == [("o1", "Nordwind")]
    finally:
        store.close()


# --- the command line trusts only its own user's control socket ---------------------------


@pytest.fixture
def runtime_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder of this user's own for control sockets (as $XDG_RUNTIME_DIR is)."""
    folder = tmp_path / "run"
    folder.mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    return folder


def _listener(path: Path) -> socket.socket:
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(path))
    listener.listen(1)
    listener.setblocking(False)
    return listener


def _refusal(db: Path) -> tuple[str, str]:
    with pytest.raises(control.ControlError) as caught:
        control.request(db, {"op": "ping"}, timeout=2)
    return caught.value.code, caught.value.variant


def _nothing_connected(listener: socket.socket) -> bool:
    try:
        listener.accept()[0].close()
    except BlockingIOError:
        return True
    return False


def test_a_symbolic_link_in_place_of_the_socket_is_refused(runtime_dir: Path) -> None:
    db = runtime_dir / "app.duckdb"
    elsewhere = _listener(runtime_dir / "planted.sock")
    try:
        control.socket_path(db).symlink_to(runtime_dir / "planted.sock")
        assert _refusal(db) == ("control-untrusted", "not-a-socket")
        assert _nothing_connected(elsewhere)
    finally:
        elsewhere.close()


def test_a_plain_file_in_place_of_the_socket_is_refused(runtime_dir: Path) -> None:
    db = runtime_dir / "app.duckdb"
    control.socket_path(db).write_text("not a socket")
    assert _refusal(db) == ("control-untrusted", "not-a-socket")


def test_a_socket_of_another_user_is_refused(
    runtime_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = runtime_dir / "app.duckdb"
    planted = _listener(control.socket_path(db))
    try:
        # Seen by another account: the socket is not theirs.
        monkeypatch.setattr(os, "getuid", lambda: os.stat(runtime_dir).st_uid + 4242)
        assert _refusal(db) == ("control-untrusted", "owner")
        assert _nothing_connected(planted)
    finally:
        planted.close()


@pytest.mark.parametrize(("mode", "trusted"), [(0o777, False), (0o1777, True), (0o775, False)])
def test_a_socket_in_a_folder_others_can_write_needs_the_sticky_bit(
    runtime_dir: Path, mode: int, trusted: bool
) -> None:
    db = runtime_dir / "app.duckdb"
    path = control.socket_path(db)
    server = _listener(path)
    try:
        runtime_dir.chmod(mode)
        if trusted:
            assert control.check_socket(path)
        else:
            assert _refusal(db) == ("control-untrusted", "folder")
            assert _nothing_connected(server)
    finally:
        server.close()
        runtime_dir.chmod(0o700)


# A Python every account may run (the project's own lives in root's home here).
SYSTEM_PYTHON = shutil.which("python3", path="/usr/bin:/bin")


@pytest.mark.skipif(
    os.getuid() != 0 or SYSTEM_PYTHON is None,
    reason="needs root and a system Python to run a process as another user",
)
def test_a_socket_served_by_another_user_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    """Root may chown the file to itself; the process answering is still someone else."""
    folder = Path(tempfile.mkdtemp(prefix="gapmap-peer-"))  # in /tmp: the other user reaches it
    try:
        folder.chmod(0o1777)
        monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
        db = folder / "app.duckdb"
        path = control.socket_path(db)
        script = (
            "import socket, sys, time\n"
            "s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)\n"
            "s.bind(sys.argv[1]); s.listen(1); print('ready', flush=True); time.sleep(30)\n"
        )
        stranger = subprocess.Popen(
            [str(SYSTEM_PYTHON), "-c", script, str(path)],
            user=65534,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert stranger.stdout is not None and stranger.stdout.readline().strip() == "ready"
            os.chown(path, 0, 0)
            assert _refusal(db) == ("control-untrusted", "peer")
        finally:
            stranger.kill()
            stranger.communicate()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
