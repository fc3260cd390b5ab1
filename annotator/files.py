"""Writing output files atomically: a reader (or a crash) sees the old file or the new one.

Every export, report and codebook file goes through here: data is written to a temporary file
in the same folder, flushed to disk, and renamed over the target in one step.
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
