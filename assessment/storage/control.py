"""The running app's control socket: how `gapmap backup` reaches a database in use.

DuckDB lets one process open a database file for writing, and no other process may
open it at all meanwhile. So while the app runs, the command line cannot read the file;
instead the app listens on a Unix socket beside nothing public (in the runtime folder,
named after the database's path) and takes the backup itself, in one read transaction,
while it goes on serving respondents.

The socket is the operating system's: it is created with mode 0600, and the server also
checks the caller's user id (`SO_PEERCRED`), so only the account that runs GapMap (or
root) can ask. The client checks the other way before it sends anything: the path is a
socket (not a symbolic link) owned by its own user, in a folder nobody else can swap
files in, and the process answering runs as that user too; so another account cannot
plant a socket in /tmp and collect backups. One request per connection, as one line of
JSON each way.
"""

from __future__ import annotations

import atexit
import contextlib
import hashlib
import json
import os
import socket
import socketserver
import stat
import struct
import tempfile
import threading
import weakref
from pathlib import Path
from typing import Any

from assessment.errors import GapMapError
from assessment.storage import backup
from assessment.storage.store import Store

MAX_REQUEST_BYTES = 64 * 1024


class ControlError(GapMapError):
    """A control socket the command line will not talk to: not the app's own."""


def socket_path(db_path: str | os.PathLike[str]) -> Path:
    """Where the app serving `db_path` listens: the same for the app and the command
    line (both resolve the path), short enough for a Unix socket's 108 bytes."""
    resolved = str(Path(db_path).resolve())
    digest = hashlib.sha256(resolved.encode("utf-8")).hexdigest()[:16]
    folder = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    return Path(folder) / f"gapmap-{digest}.sock"


def _peer_uid(sock: socket.socket) -> int | None:
    if not hasattr(socket, "SO_PEERCRED"):  # pragma: no cover - not Linux
        return None
    creds = sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, struct.calcsize("3i"))
    _pid, uid, _gid = struct.unpack("3i", creds)
    return int(uid)


def _answer(store: Store, request: dict[str, Any]) -> dict[str, Any]:
    op = request.get("op")
    if op == "ping":
        return {"ok": True, "db": store.path, "schema_version": store.schema_version}
    if op == "backup":
        out = request.get("out")
        if not isinstance(out, str) or not os.path.isabs(out):
            return {"ok": False, "code": "bad-request", "message": "out must be an absolute path"}
        manifest = backup.backup(store, Path(out))
        return {"ok": True, "manifest": json.loads(manifest.model_dump_json())}
    return {"ok": False, "code": "bad-request", "message": f"unknown op {op!r}"}


class _Handler(socketserver.StreamRequestHandler):
    server: ControlServer

    def handle(self) -> None:
        uid = _peer_uid(self.connection)
        if uid is not None and uid not in (0, os.getuid()):
            self._reply({"ok": False, "code": "forbidden", "message": "not the app's user"})
            return
        line = self.rfile.readline(MAX_REQUEST_BYTES)
        try:
            request = json.loads(line)
            if not isinstance(request, dict):
                raise ValueError
        except ValueError:
            self._reply({"ok": False, "code": "bad-request", "message": "one line of JSON"})
            return
        store = self.server.store()
        if store is None:
            self._reply({"ok": False, "code": "closed", "message": "the app closed the database"})
            return
        try:
            reply = _answer(store, request)
        except GapMapError as err:
            reply = {
                "ok": False,
                "code": err.code,
                "message": err.message,
                "variant": err.variant,
                "params": {name: str(value) for name, value in err.params.items()},
            }
        except Exception as exc:
            reply = {"ok": False, "code": "failed", "message": f"{type(exc).__name__}: {exc}"}
        self._reply(reply)

    def _reply(self, reply: dict[str, Any]) -> None:
        self.wfile.write(json.dumps(reply).encode("utf-8") + b"\n")


class ControlServer(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def __init__(self, path: Path, store: Store) -> None:
        # Weakly: a store the app let go of (a cleared cache) is closed and collected,
        # not kept open by its control socket; `serve` points the socket at the new one.
        self.store: weakref.ref[Store] = weakref.ref(store)
        self.path = path
        super().__init__(str(path), _Handler)

    def server_activate(self) -> None:
        os.chmod(self.path, 0o600)
        super().server_activate()

    def stop(self) -> None:
        with _SERVING_GUARD:
            if _SERVING.get(self.path) is self:
                del _SERVING[self.path]
        self.shutdown()
        self.server_close()
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()


def _in_use(path: Path) -> bool:
    """True when something answers on the socket (another live app)."""
    probe = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        probe.settimeout(1.0)
        probe.connect(str(path))
    except OSError:
        return False
    finally:
        probe.close()
    return True


def serve(store: Store) -> ControlServer | None:
    """Listen for backup requests in a daemon thread; None for an in-memory store or
    when the socket cannot be made (the app works on; `gapmap backup` then says why)."""
    if store.path == ":memory:":
        return None
    path = socket_path(store.path)
    with _SERVING_GUARD:
        running = _SERVING.get(path)
        if running is not None:
            running.store = weakref.ref(store)
            return running
        server = _listen(path, store)
        if server is not None:
            _SERVING[path] = server
            atexit.register(_remove_socket, path)  # a clean exit leaves no socket file
        return server


def _remove_socket(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


_SERVING: dict[Path, ControlServer] = {}
_SERVING_GUARD = threading.Lock()


def _listen(path: Path, store: Store) -> ControlServer | None:
    try:
        if path.exists():
            if _in_use(path):
                return None
            path.unlink()  # left by a process that was killed
        old_umask = os.umask(0o177)
        try:
            server = ControlServer(path, store)
        finally:
            os.umask(old_umask)
    except OSError:
        return None
    threading.Thread(target=server.serve_forever, name="gapmap-control", daemon=True).start()
    return server


def check_socket(path: Path) -> bool:
    """True when `path` is a socket this user may trust, False when nothing is there;
    a refusal for anything else (checked without following a symbolic link)."""
    try:
        found = os.lstat(path)
    except FileNotFoundError:
        return False
    me = os.getuid()
    if not stat.S_ISSOCK(found.st_mode):  # a symbolic link, a file, a folder
        raise ControlError("control-untrusted", variant="not-a-socket", path=path)
    if found.st_uid != me:
        raise ControlError("control-untrusted", variant="owner", path=path, uid=str(found.st_uid))
    folder = os.stat(path.parent)
    shared = folder.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    # Others may write in the folder only where the sticky bit keeps them from removing
    # or renaming our socket (/tmp); the folder itself must be ours or root's.
    if folder.st_uid not in (0, me) or (shared and not folder.st_mode & stat.S_ISVTX):
        raise ControlError("control-untrusted", variant="folder", path=path, folder=path.parent)
    return True


def request(
    db_path: str | os.PathLike[str], message: dict[str, Any], timeout: float
) -> dict[str, Any] | None:
    """Send one request to the app serving `db_path`; None when no app listens."""
    path = socket_path(db_path)
    if not check_socket(path):
        return None
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.settimeout(timeout)
    try:
        try:
            sock.connect(str(path))
        except (ConnectionRefusedError, FileNotFoundError):
            return None  # a socket file left by a killed app
        uid = _peer_uid(sock)
        if uid is not None and uid not in (0, os.getuid()):
            raise ControlError("control-untrusted", variant="peer", path=path, uid=str(uid))
        sock.sendall(json.dumps(message).encode("utf-8") + b"\n")
        with sock.makefile("rb") as stream:
            line = stream.readline()
    finally:
        sock.close()
    if not line:
        raise GapMapError("no-reply")
    reply: dict[str, Any] = json.loads(line)
    return reply


def request_backup(
    db_path: str | os.PathLike[str], out_dir: Path, timeout: float = 3600.0
) -> backup.Manifest | None:
    """Ask the app serving `db_path` for a backup into `out_dir`; None when no app
    listens (then the file can be opened directly)."""
    reply = request(db_path, {"op": "backup", "out": str(Path(out_dir).absolute())}, timeout)
    if reply is None:
        return None
    if not reply.get("ok"):
        params = reply.get("params")
        if not isinstance(params, dict):  # not a refusal GapMap knows: the app failed
            raise backup.BackupError("backup-failed", folder=out_dir, reason=reply.get("message"))
        raise backup.BackupError(
            str(reply.get("code")), variant=str(reply.get("variant") or ""), **params
        )
    return backup.Manifest.model_validate(reply["manifest"])
