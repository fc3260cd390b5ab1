"""Writing output files atomically: a reader (or a crash) sees the old file or the new one.

Every export, report and codebook file goes through here: data is written to a temporary file
in the same folder, flushed to disk, and renamed over the target in one step. Commands that work
a long time before they write ask :func:`check_writable` first.
"""

from __future__ import annotations

import contextlib
import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import IO, Any

from annotator.errors import AnnotatorError


def _replace(path: Path, mode: str, write: Callable[[IO[Any]], object]) -> None:
    directory = path.parent if str(path.parent) else Path(".")
    tmp = directory / f".{path.name}.{uuid.uuid4().hex}.tmp"
    # 0o666 less the umask, as for any file the user creates (mkstemp would make it private)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding, newline=None if "b" in mode else "") as fh:
            write(fh)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def atomic_write(path: Path, write: Callable[[IO[str]], object]) -> None:
    """Write UTF-8 text through ``write(fh)``; an OSError reaches the caller, nothing is half-written."""
    _replace(Path(path), "w", write)


def write_bytes_atomically(path: Path, data: bytes) -> None:
    """Write ``data``; a failure becomes a one-line :class:`AnnotatorError` naming the file."""
    try:
        _replace(Path(path), "wb", lambda fh: fh.write(data))
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def check_writable(path: Path, *, in_place: bool = True) -> None:
    """Refuse, in one line, a file that cannot be written where ``path`` names it; writes nothing.

    For commands that do slow work before they write (a pull from a server): the user hears of a
    mistyped or locked destination at once, and nothing is fetched for nothing. ``in_place``: the
    file is changed where it is (a project file), so an existing one must be writable itself;
    otherwise it is replaced by a new one (:func:`atomic_write`), which needs only its folder.
    The message is ``cannot write PATH: reason``.
    """
    path = Path(path)
    try:
        reason = _unwritable(path, in_place=in_place)
    except OSError as exc:  # a folder on the way that cannot even be looked into
        reason = exc.strerror or str(exc)
    if reason is not None:
        raise AnnotatorError(f"cannot write {path}: {reason}")


def _unwritable(path: Path, *, in_place: bool) -> str | None:
    if path.is_dir():
        return "it is a folder"
    folder = path.parent
    if not folder.exists():
        return f"no such folder {folder}"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        if hasattr(os, "statvfs") and os.statvfs(folder).f_flag & os.ST_RDONLY:
            return f"{folder} is on a read-only file system"
        return f"no permission to write in {folder}"
    if in_place and path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    return None
