"""Noticing that this process has been detached from its project file, and attaching it again.

SQLite's locks on a project are POSIX advisory locks. They belong to the process, and closing *any*
descriptor of a locked file drops every lock the process holds on it, SQLite's included (SQLite's
"How to corrupt an SQLite database file", section 2.2). When something in the process opens and
closes the project's ``.sqlite``, ``-wal`` or ``-shm`` file (Qt's file dialog used to, to guess file
types), the next process that opens and closes the project believes it is alone: it checkpoints the
write-ahead log and deletes it, and the shared-memory index, under us. Our connections then go on
writing into deleted files, which no one else sees and which vanish at exit, while the window says
"All changes saved".

The cause is fixed where it arises (nothing in the app opens those files except SQLite), and this
module is the defence in depth:

* :class:`Attachment` tells whether the process holds one of the project's files open under a name
  that no longer exists (Linux: ``/proc/self/fd`` names them; other POSIX systems: ``/dev/fd`` and
  ``fstat``, against the files it saw when attached; Windows' locks are not advisory, so it never
  detaches this way).
* :func:`hold_shared_lock` lets a project close its stale connections without harm. Closing the
  last connection makes SQLite checkpoint its log into the database and delete ``-wal`` and
  ``-shm``; from a detached connection that would copy stale pages over other processes' newer
  ones and delete *their* live log. SQLite skips both when another process holds a shared lock on
  the database, so a short-lived helper process (plain ``sqlite3``, nothing else) holds one while
  the stale connections close. New connections then open the live files.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

__all__ = ["Attachment", "hold_shared_lock"]

_SUFFIXES: Final = ("", "-wal", "-shm")
_DELETED: Final = " (deleted)"

# A reader that joins the project the ordinary way and keeps its connection (and so its shared lock
# on the database file, which a WAL-mode connection holds while open) until told to go.
_HOLDER: Final = """
import sqlite3, sys
con = sqlite3.connect(sys.argv[1], timeout=10)
con.execute("SELECT count(*) FROM sqlite_master").fetchone()
print("ready", flush=True)
sys.stdin.read()
con.close()
"""


def _fd_dir() -> Path | None:
    for candidate in ("/proc/self/fd", "/dev/fd"):
        if os.path.isdir(candidate):
            return Path(candidate)
    return None


class Attachment:
    """Watches whether this process's open descriptors of a project file still name the live files.

    Cheap enough to ask before every write: two ``stat`` calls while the log and the index are the
    files last seen (a few microseconds); only when they changed does it list the process's
    descriptors (a ``readlink`` or ``fstat`` each, about 10 microseconds per descriptor).
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        # realpath of the folder, so the names compare with what the kernel reports for our fds
        self._names = {os.path.join(os.path.realpath(path.parent), path.name) + s for s in _SUFFIXES}
        self._seen: set[tuple[int, int]] = set()
        self._proc = sys.platform.startswith("linux") and os.path.isdir("/proc/self/fd")
        if not self._proc:
            self.remember()
        self._last: tuple[tuple[int, int] | None, ...] | None = None

    def _log_files(self) -> tuple[tuple[int, int] | None, ...]:
        found: list[tuple[int, int] | None] = []
        for suffix in ("-wal", "-shm"):
            try:
                st = os.stat(f"{self.path}{suffix}")
            except OSError:
                found.append(None)
            else:
                found.append((st.st_dev, st.st_ino))
        return tuple(found)

    def remember(self) -> None:
        """Note which files the project's names point at now (used where the kernel gives no names)."""
        for name in self._names:
            try:
                st = os.stat(name)
            except OSError:
                continue
            self._seen.add((st.st_dev, st.st_ino))

    def detached_files(self) -> list[str]:
        """The project's files this process holds open although they were deleted or replaced."""
        if os.name == "nt":
            return []
        if self._proc:
            return self._from_proc()
        return self._from_fstat()

    def _from_proc(self) -> list[str]:
        found = []
        try:
            entries = os.listdir("/proc/self/fd")
        except OSError:
            return []
        for entry in entries:
            try:
                target = os.readlink(f"/proc/self/fd/{entry}")
            except OSError:  # closed meanwhile (the listing's own descriptor, for one)
                continue
            if target.endswith(_DELETED) and target[: -len(_DELETED)] in self._names:
                found.append(target[: -len(_DELETED)])
        return sorted(found)

    def _from_fstat(self) -> list[str]:
        fd_dir = _fd_dir()
        if fd_dir is None:
            return []
        try:
            entries = os.listdir(fd_dir)
        except OSError:
            return []
        live = {}
        for name in self._names:
            try:
                st = os.stat(name)
            except OSError:
                continue
            live[(st.st_dev, st.st_ino)] = name
        found = []
        for entry in entries:
            try:
                st = os.fstat(int(entry))
            except (OSError, ValueError):
                continue
            key = (st.st_dev, st.st_ino)
            if stat.S_ISREG(st.st_mode) and key in self._seen and key not in live:
                found.append(f"{self.path} (a file the project used, deleted or replaced)")
        return found

    def check(self) -> str | None:
        """``None`` while attached; otherwise a one-line description of what was lost."""
        now = self._log_files()
        if now == self._last:
            return None
        files = self.detached_files()
        if not files:
            self._last = now
            if not self._proc:
                self.remember()
            return None
        names = ", ".join(sorted({Path(f).name for f in files}))
        return (
            f"another program deleted the project's {names} while the app had it open "
            "(its locks had been dropped)"
        )


@contextmanager
def hold_shared_lock(path: Path) -> Iterator[None]:
    """Keep a shared lock on the project from another process while the block runs.

    The helper is this same Python with only the standard library's ``sqlite3``; it joins the
    project like any reader, so it opens the live log, not the deleted one.
    """
    with subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    ) as holder:
        assert holder.stdin is not None and holder.stdout is not None
        try:
            if holder.stdout.readline().strip() != "ready":
                raise OSError("the helper process could not open the project")
            yield
        finally:
            holder.stdin.close()
            try:
                holder.wait(timeout=15)
            except subprocess.TimeoutExpired:
                holder.kill()
