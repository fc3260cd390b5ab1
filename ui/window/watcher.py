"""The one watcher for other writers: a second window, ``annotator import``, a colleague's script.

A project can have more than one writer. SQLite (or the team server) keeps it consistent and the
app loses none of its own edits, but the window would go on showing the old state. The watcher
asks the project, whenever the window is activated and every two seconds while it runs, whether
anyone else committed (:meth:`Project.change_token`: ``PRAGMA data_version`` on a file, ``LISTEN``
on a server) and emits :attr:`ProjectWatcher.changed` when so; the window and the review panel
refresh from the file then. The same check first makes sure the project is still attached to its
file (see :mod:`annotator.store.attachment`): until it is, nothing is claimed saved.

Our own commits move the token too; :meth:`ProjectWatcher.note_own_write` takes the new value
after each of them, so only other writers' changes wake the views.
"""

from __future__ import annotations

import contextlib
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, QTimer, Signal

from annotator.project import Project

__all__ = ["POLL_MS", "ProjectWatcher", "Watched"]

#: How often the watcher looks while the window runs.
POLL_MS = 2000


class Watched(Protocol):
    """What the watcher needs of the window it serves."""

    @property
    def project(self) -> Project: ...

    def check_attachment(self) -> None: ...


class ProjectWatcher(QObject):
    """Emits :attr:`changed` when someone else committed to the window's project."""

    changed = Signal()

    def __init__(self, window: QObject, host: Watched) -> None:
        super().__init__(window)
        self._window = window
        self._host = host
        self._project: Project | None = None
        self._token = 0
        self.restart()
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def restart(self) -> None:
        """Start from the project as it is now (after opening another one)."""
        self._project = self._host.project
        self.note_own_write()

    def note_own_write(self) -> None:
        """Our own commit moved the token: take it, so it does not look like another writer's."""
        with contextlib.suppress(Exception):  # unreachable project: the next check will tell
            self._token = self._host.project.change_token()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowActivate:
            self.check()
        return False

    def check(self) -> bool:
        """Look now; emit :attr:`changed` (and return true) when another writer committed."""
        if self._host.project is not self._project:
            self.restart()
            return False
        self._host.check_attachment()
        try:
            token = self._host.project.change_token()
        except Exception:  # the file or server is unreachable right now: try again on the next tick
            return False
        if token == self._token:
            return False
        self._token = token
        self.changed.emit()
        return True
