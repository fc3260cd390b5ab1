"""Work that would stall the window (a whole-project export) done in a worker thread.

:func:`run_in_background` runs a function in Qt's global thread pool and calls back on the GUI
thread with its result or its :class:`~annotator.errors.AnnotatorError`. The function must only
read the project (SQLite gives the worker its own connection) and touch no widget.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QDeadlineTimer, QObject, QRunnable, Qt, QThreadPool, Signal

from annotator.errors import AnnotatorError

_running: list[_Job] = []


class _Done(QObject):
    finished = Signal(object, object)  # the result, or None; the error message, or None


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.work = work
        self.signals = _Done()

    def run(self) -> None:
        try:
            result = self.work()
        except AnnotatorError as exc:
            self.signals.finished.emit(None, str(exc))
            return
        except Exception as exc:  # a bug, or the project closed under it: said, not lost in a thread
            self.signals.finished.emit(None, f"failed: {type(exc).__name__}: {exc}")
            return
        self.signals.finished.emit(result, None)


def run_in_background(
    work: Callable[[], Any], *, done: Callable[[Any], None], failed: Callable[[str], None]
) -> None:
    """Run ``work`` in a worker; then ``done(result)`` or ``failed(message)`` on the GUI thread."""
    job = _Job(work)

    def finish(result: Any, error: str | None) -> None:
        if job in _running:
            _running.remove(job)
        try:
            if error is None:
                done(result)
            else:
                failed(error)
        except RuntimeError:  # the window that asked was closed meanwhile
            pass

    job.signals.finished.connect(finish, Qt.ConnectionType.QueuedConnection)
    _running.append(job)
    QThreadPool.globalInstance().start(job)


def wait_for_background(timeout_ms: int = 60_000) -> bool:
    """Wait until every background job has called back (tests and scripted sessions)."""
    deadline = QDeadlineTimer(timeout_ms)
    while _running and not deadline.hasExpired():
        QThreadPool.globalInstance().waitForDone(10)
        QCoreApplication.processEvents()
    return not _running
