"""The window's undo stack as a thin adapter over the project's edit history (annotator.history).

An edit is carried out (and committed, as a step of the project's history) *before* its command is
pushed, so a refused edit never reaches the stack; the first ``redo()`` that ``QUndoStack.push``
makes is therefore skipped. The undo and redo themselves are :func:`annotator.history.undo` and
:func:`~annotator.history.redo` on the step's id, the same calls ``annotator undo`` makes in a
terminal; the command only refreshes the views from the change records they return.

Undo and redo can fail (disk full, a colleague changed the same span since). ``QUndoStack`` moves
its index whatever ``undo()`` does, so the window runs the core half first with
:meth:`StepCommand.prepare` and moves the stack only when that succeeded.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtGui import QUndoCommand

from annotator import history
from annotator.domain import Change
from annotator.project import Project

ApplyChanges = Callable[[Sequence[Change]], None]


class StepCommand(QUndoCommand):
    """One step of the project's edit history, already carried out when pushed.

    ``review`` marks a reviewer's adjudication (it leaves the coders' agreement as it was).
    """

    def __init__(
        self, *, project: Project, step_id: str, text: str, apply: ApplyChanges, review: bool = False
    ) -> None:
        super().__init__(text)
        self.step_id = step_id
        self.review = review
        self._project = project
        self._apply = apply
        self._done = True
        self._pending: tuple[Change, ...] | None = None

    def prepare(self, *, undo: bool) -> None:
        """Run the core half of the next undo or redo now, so a failure leaves the stack alone."""
        step = history.undo if undo else history.redo
        self._pending = step(self._project, step_id=self.step_id).changes

    def redo(self) -> None:
        if self._done and self._pending is None:  # carried out before the push
            return
        changes = self._pending
        if changes is None:
            changes = history.redo(self._project, step_id=self.step_id).changes
        self._pending = None
        self._done = True
        self._apply(changes)

    def undo(self) -> None:
        changes = self._pending
        if changes is None:
            changes = history.undo(self._project, step_id=self.step_id).changes
        self._pending = None
        self._done = False
        self._apply(changes)
