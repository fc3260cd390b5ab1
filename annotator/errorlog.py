"""The log of unexpected errors (bugs, not the user's input), for a bug report.

The command line and the app both say in one line that something went wrong and where the details
are; the traceback goes here, in the data dir, so that a user never sees one and a developer can
still read it.
"""

from __future__ import annotations

import traceback
from datetime import UTC, datetime
from pathlib import Path

from annotator import __version__
from annotator.paths import data_dir
from annotator.redaction import redact_url

__all__ = ["ERROR_LOG_MAX_BYTES", "ERROR_LOG_NAME", "describe", "error_log_path", "log_unexpected"]

ERROR_LOG_NAME = "annotator-errors.log"
#: The log is moved aside (to ``.old``) once it grows past this.
ERROR_LOG_MAX_BYTES = 1_000_000


def error_log_path() -> Path:
    return data_dir() / ERROR_LOG_NAME


def log_unexpected(exc: BaseException, *, context: str) -> str:
    """Append ``exc``'s traceback to the log; returns where it went, for the user's one line."""
    log = error_log_path()
    try:
        log.parent.mkdir(parents=True, exist_ok=True)
        if log.exists() and log.stat().st_size > ERROR_LOG_MAX_BYTES:
            log.replace(log.with_name(f"{ERROR_LOG_NAME}.old"))
        with log.open("a", encoding="utf-8") as fh:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            fh.write(f"--- {stamp} annotator {__version__}, {redact_url(context)}\n")
            # a URL or a statement in the traceback may carry a password (see annotator.redaction)
            fh.write(redact_url("".join(traceback.format_exception(exc))))
    except OSError as log_error:
        return f"the details could not be written to {log}: {log_error.strerror or log_error}"
    return f"details in {log}"


def describe(exc: BaseException) -> str:
    """``Type: message`` on one line, at most about 300 characters."""
    detail = redact_url(" ".join(str(exc).split()))
    if len(detail) > 300:
        detail = detail[:299] + "…"
    return f"{type(exc).__name__}: {detail}" if detail else type(exc).__name__
