"""A presence lock beside a project on a synced or network folder: one computer writes at a time.

Where SQLite's own locks cannot be trusted (see :mod:`annotator.store.location`), a writable
open leaves a small file ``<project>.lock`` beside the project, holding JSON that says which
computer (host), user and processes have it open, with the app's version and since when. A
writable open on another computer that finds it is refused with one line that says who has the
project open; read-only opens stay allowed. Processes of one computer share the lock, since
SQLite's locks work between them: each adds its process id, and the last one to close removes
the file. A lock whose processes have all died (a crash) is taken over by the next open on the
same computer; a crashed *other* computer's lock must be deleted by hand, as the refusal says.

The lock can only be as quick as the sync service that carries it: two computers that open the
project within the seconds before the lock reaches the other one are not stopped. It is a guard
against the usual case (a colleague opens the file while it is open elsewhere), not a guarantee.

The lock file is never the SQLite file: nothing here opens, reads or closes the project's
``.sqlite``, ``-wal`` or ``-shm`` (closing any descriptor of those drops SQLite's locks for the
whole process).

For tests: ``ANNOTATOR_LOCK_HOST`` replaces this computer's name, so one machine can play a
second one. It is not meant for users.
"""

from __future__ import annotations

import contextlib
import getpass
import json
import os
import socket
import sys
import threading
import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

from annotator import __version__
from annotator.errors import ProjectError

__all__ = ["LOCK_HOST_ENV", "LockInfo", "PresenceLock", "acquire", "lock_path", "read_lock", "this_host"]

LOCK_HOST_ENV: Final = "ANNOTATOR_LOCK_HOST"
_ATTEMPTS: Final = 20
_PAUSE_S: Final = 0.05


@dataclass(frozen=True, slots=True)
class LockInfo:
    """What a lock file says: the computer and user that opened the project, and since when.

    ``pid`` is the process that took the lock; ``pids`` every process of that computer that has
    the project open for writing now.
    """

    host: str
    user: str
    pid: int
    pids: tuple[int, ...]
    version: str
    since: str

    def to_json(self) -> str:
        data = {
            "app": "annotator",
            "host": self.host,
            "user": self.user,
            "pid": self.pid,
            "pids": list(self.pids),
            "version": self.version,
            "since": self.since,
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class _Unreadable(Exception):
    """The lock file exists but does not hold a lock (being written, damaged, not ours)."""


def lock_path(project: str | os.PathLike[str]) -> Path:
    """``<project>.lock``, in the project's folder."""
    path = Path(os.path.abspath(os.fspath(project)))
    return path.with_name(path.name + ".lock")


def this_host() -> str:
    """This computer's name as locks record it (``$ANNOTATOR_LOCK_HOST`` in tests)."""
    return os.environ.get(LOCK_HOST_ENV) or socket.gethostname() or "unknown-host"


def _this_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name anywhere (some containers and services)
        return "unknown"


def _same_host(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


def _one_line(value: str, limit: int = 80) -> str:
    return " ".join(value.split())[:limit] or "?"


def _parse(raw: bytes) -> LockInfo:
    try:
        data = json.loads(raw.decode("utf-8"))
        host, user, since = data["host"], data["user"], data["since"]
        pid = data["pid"]
        pids = data.get("pids", [pid])
        if not all(isinstance(v, str) for v in (host, user, since)):
            raise _Unreadable("a field is not text")
        if (
            not isinstance(pid, int)
            or not isinstance(pids, list)
            or not all(isinstance(p, int) for p in pids)
        ):
            raise _Unreadable("a process id is not a number")
        return LockInfo(
            host=host,
            user=user,
            pid=pid,
            pids=tuple(pids),
            version=str(data.get("version", "?")),
            since=since,
        )
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise _Unreadable(str(exc) or type(exc).__name__) from exc


def read_lock(lock: Path) -> LockInfo | None:
    """The lock in ``lock`` (``None`` if there is none); a partial file is read again briefly.

    Raises :class:`ProjectError` for a file that stays unreadable.
    """
    problem = ""
    for _ in range(_ATTEMPTS):
        try:
            raw = lock.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            problem = exc.strerror or str(exc)
        else:
            try:
                return _parse(raw)
            except _Unreadable as exc:
                problem = str(exc)
        time.sleep(_PAUSE_S)  # another process may be writing it this very moment
    raise ProjectError(
        f"{lock} is not a lock annotator can read ({_one_line(problem)}); "
        "if no other computer has the project open, delete it and try again"
    )


def _pid_alive(pid: int) -> bool:
    """Whether process ``pid`` still runs on this computer (in doubt: yes, never steal a lock)."""
    if pid <= 0:
        return False
    if sys.platform == "win32":
        import ctypes

        kernel32 = ctypes.windll.kernel32
        handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return bool(kernel32.GetLastError() == 5)  # ERROR_ACCESS_DENIED: it exists
        try:
            code = ctypes.c_ulong()
            if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
                return True
            return code.value == 259  # STILL_ACTIVE
        finally:
            kernel32.CloseHandle(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: another user's process, alive
        return True
    return True


def _when(since: str) -> str:
    """The lock's time in this computer's local time, for a message."""
    try:
        return datetime.fromisoformat(since).astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    except (ValueError, OverflowError):
        return _one_line(since, 40)


def _refusal(project: Path, lock: Path, info: LockInfo) -> ProjectError:
    return ProjectError(
        f"{project} is open for writing on {_one_line(info.host)} by {_one_line(info.user)} "
        f"since {_when(info.since)}; on a synced or network folder two machines writing one file "
        "corrupt it; open it read-only, or wait until they close it "
        f"(delete {lock} if that machine crashed)"
    )


def _temp_beside(lock: Path, info: LockInfo) -> Path:
    tmp = lock.with_name(f".{lock.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(info.to_json().encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _create(lock: Path, info: LockInfo) -> bool:
    """Create the lock atomically; ``False`` if one exists already.

    Written to a temporary file and linked into place, so a reader never sees half a lock (and
    ``link`` is atomic on NFS too). Where hard links are not supported (FAT, many FUSE and SMB
    mounts) ``O_CREAT | O_EXCL`` does it; a reader then retries the moment it is being written.
    """
    tmp = _temp_beside(lock, info)
    try:
        try:
            os.link(tmp, lock)
            return True
        except FileExistsError:
            return False
        except OSError:
            pass
        try:
            fd = os.open(lock, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except FileExistsError:
            return False
        with os.fdopen(fd, "wb") as fh:
            fh.write(info.to_json().encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        return True
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _rewrite(lock: Path, info: LockInfo) -> None:
    tmp = _temp_beside(lock, info)
    try:
        for attempt in range(_ATTEMPTS):
            try:
                os.replace(tmp, lock)
                return
            except PermissionError:  # Windows: another process is reading the lock right now
                if attempt == _ATTEMPTS - 1:
                    raise
                time.sleep(_PAUSE_S)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# Locks this process holds (file, host), with how many open projects use each: a process that
# opens one project twice keeps the lock until both are closed.
_held: dict[tuple[Path, str], int] = {}
_held_guard = threading.Lock()


class PresenceLock:
    """A lock this process holds on a project; :meth:`release` gives it back (once)."""

    def __init__(self, *, lock: Path, host: str) -> None:
        self.path = lock
        self.host = host
        self._released = False

    def release(self) -> None:
        """Take this process off the lock; delete the file when no process of ours is left.

        Only a lock that still names this computer and this process is touched (someone may
        have deleted it and another computer taken it since). Never raises.
        """
        if self._released:
            return
        self._released = True
        key = (self.path, self.host.casefold())
        with _held_guard:
            count = _held.get(key, 0) - 1
            if count > 0:
                _held[key] = count
                return
            _held.pop(key, None)
            # a lock left behind names a dead process: the next open on this computer takes it over
            with contextlib.suppress(OSError, ProjectError):
                _leave(self.path, self.host)


def _leave(lock: Path, host: str) -> None:
    me = os.getpid()
    info = read_lock(lock)
    if info is None or not _same_host(info.host, host) or me not in info.pids:
        return
    others = tuple(p for p in info.pids if p != me and _pid_alive(p))
    if not others:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(lock)
        return
    _rewrite(lock, replace(info, pids=others, pid=info.pid if info.pid in others else others[0]))


def acquire(project: str | os.PathLike[str], *, host: str | None = None) -> PresenceLock:
    """Take (or share) the presence lock of the project at ``project`` for a writable open.

    Refused with a one-line :class:`ProjectError` when the lock names another computer, or when
    it cannot be created or read. ``host`` replaces this computer's name (tests).
    """
    project_path = Path(os.path.abspath(os.fspath(project)))
    lock = lock_path(project_path)
    host = host or this_host()
    key = (lock, host.casefold())
    with _held_guard:
        # Taken again even when this process holds it already: someone may have deleted it.
        _take(project_path, lock, host)
        _held[key] = _held.get(key, 0) + 1
        return PresenceLock(lock=lock, host=host)


def _take(project: Path, lock: Path, host: str) -> None:
    me = os.getpid()
    try:
        lock.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProjectError(f"{project}: cannot create the project folder ({exc.strerror})") from exc
    mine = LockInfo(
        host=host,
        user=_this_user(),
        pid=me,
        pids=(me,),
        version=__version__,
        since=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    try:
        for _ in range(_ATTEMPTS):
            info = read_lock(lock)
            if info is None:
                if _create(lock, mine):
                    return
                continue  # someone else was quicker: look at theirs
            if not _same_host(info.host, host):
                raise _refusal(project, lock, info)
            if me in info.pids:
                return  # this process has the project open already
            others = tuple(p for p in info.pids if p != me and _pid_alive(p))
            if others:  # the app and a command on this computer: SQLite's locks work between them
                _rewrite(lock, replace(info, pids=(*others, me)))
            else:  # every process named in it has gone (a crash): ours now
                _rewrite(lock, mine)
            again = read_lock(lock)
            if again is not None and _same_host(again.host, host) and me in again.pids:
                return
    except OSError as exc:
        raise ProjectError(
            f"{project}: cannot write its lock file {lock} ({exc.strerror or exc}); "
            "open the project read-only, or move it to a local disk"
        ) from exc
    raise ProjectError(f"{project}: could not take its lock file {lock}; try again in a moment")
