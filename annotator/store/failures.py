"""What a failed write to the project file means, in one line a researcher can act on.

SQLite reports a full disk, a read-only file, a vanished file, a failing drive, a damaged file
and another writer holding the lock as database errors with terse messages ("database or disk is
full").
The app shows whatever :class:`~annotator.errors.ProjectError` says in its status bar, so each of
these becomes a sentence that says the change was not written and what to do about it. Every
message contains "could not write", which is how the window knows to say "Not saved".

SQLite does not notice on its own when the file it has open is moved or deleted: in WAL mode the
open connections keep writing into the old file (or an unlinked inode), and the app would report
edits as saved that no one will ever find. :func:`check_file_unmoved` compares the file at the
project's path with the one opened, before each write.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from annotator.errors import ProjectError

__all__ = [
    "FileIdentity",
    "check_file_unmoved",
    "file_identity",
    "needs_reconnect",
    "read_error",
    "write_error",
]

FileIdentity = tuple[int, int]
"""``(st_dev, st_ino)``: which file a path names, whatever it is called now."""

_PREFIX: Final = "could not write to the project"
_READ_PREFIX: Final = "could not read the project"
_DAMAGED: Final = "the file is damaged; open a backup copy instead"

# SQLite's message (lower case, as a prefix) -> what to tell the user.
_REASONS: Final = (
    ("database or disk is full", "the disk is full; free some space and try again"),
    ("attempt to write a readonly database", "the file is read-only; make it writable and try again"),
    (
        "unable to open database file",
        "the file cannot be opened (moved, deleted, or its drive disconnected?); put it back and try again",
    ),
    ("disk i/o error", "a disk error (is the drive still connected?); check it and try again"),
    ("database is locked", "another program is writing to it; try again in a moment"),
    ("database table is locked", "another program is writing to it; try again in a moment"),
    ("database disk image is malformed", _DAMAGED),
    ("file is not a database", _DAMAGED),
    ("could not decode to utf-8", _DAMAGED),
)

# After these, the pooled connections may be stuck with a read-only or dead file handle: a retry
# must open new ones, or it fails again even once the user has fixed the file.
_RECONNECT: Final = ("attempt to write a readonly database", "unable to open database file", "disk i/o error")


def _sqlite_message(exc: BaseException) -> str:
    """SQLite's own message: SQLAlchemy wraps it (``exc.orig``) and appends the SQL statement."""
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0].strip() if lines else type(orig).__name__


def write_error(exc: BaseException) -> ProjectError:
    """The one-line :class:`ProjectError` for a database failure during a write."""
    message = _sqlite_message(exc)
    low = message.lower()
    reason = next((text for prefix, text in _REASONS if low.startswith(prefix)), None)
    return ProjectError(f"{_PREFIX}: {reason}" if reason else f"{_PREFIX} ({message})")


def read_error(exc: BaseException) -> ProjectError:
    """The one-line :class:`ProjectError` for a failure while reading stored rows.

    ``quick_check`` at open finds a broken file structure, but not damage inside a row (bytes that
    are no longer UTF-8, a timestamp or status that no longer parses); those surface as the rows
    are read, as database errors or ``ValueError``.
    """
    if isinstance(exc, ValueError):
        detail = " ".join(str(exc).split())[:120] or type(exc).__name__
        return ProjectError(f"{_READ_PREFIX}: {_DAMAGED} ({detail})")
    message = _sqlite_message(exc)
    low = message.lower()
    reason = next((text for prefix, text in _REASONS if low.startswith(prefix)), None)
    return ProjectError(f"{_READ_PREFIX}: {reason}" if reason else f"{_READ_PREFIX} ({message})")


def needs_reconnect(exc: BaseException) -> bool:
    """Whether the connections that saw this failure should be dropped before a retry."""
    return _sqlite_message(exc).lower().startswith(_RECONNECT)


def file_identity(path: Path | None) -> FileIdentity | None:
    """Which file ``path`` names now (``None`` without a path or when it cannot be looked at)."""
    if path is None:
        return None
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def check_file_unmoved(path: Path | None, opened: FileIdentity | None) -> None:
    """Refuse to write when the project file is no longer at ``path`` or was replaced there."""
    if path is None or opened is None:
        return
    now = file_identity(path)
    if now is None:
        raise ProjectError(
            f"{_PREFIX}: the file is no longer at {path} (moved or deleted?); put it back and try again"
        )
    if now != opened:
        raise ProjectError(
            f"{_PREFIX}: {path} was replaced by another file since it was opened; open the project again"
        )
