"""Undo commands: thin wrappers whose undo/redo call core operations.

An edit is carried out (and committed) *before* its command is pushed, so a refused edit never
reaches the undo stack; the first ``redo()`` that ``QUndoStack.push`` makes is therefore skipped.

Undo and redo can fail too (disk full, the file moved away). ``QUndoStack`` moves its index
whatever ``undo()`` does, so the window runs the core half first with :meth:`CoreCommand.prepare`
and moves the stack only when that succeeded; ``undo()``/``redo()`` then just refresh the views.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtGui import QUndoCommand

from annotator.domain import AnnotationChange, DocumentStatus
from annotator.project import Project

ApplyChange = Callable[[AnnotationChange], None]
Refresh = Callable[[], None]


class CoreCommand(QUndoCommand):
    """An undoable edit already carried out; subclasses say how to undo and redo it in the core."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._done = True
        self._pending: Refresh | None = None

    def core_undo(self) -> Refresh:
        """Undo in the core (committed when it returns); returns how to refresh the views."""
        raise NotImplementedError

    def core_redo(self) -> Refresh:
        """Redo in the core (committed when it returns); returns how to refresh the views."""
        raise NotImplementedError

    def prepare(self, *, undo: bool) -> None:
        """Run the core half of the next undo or redo now, so a failure leaves the stack alone."""
        self._pending = self.core_undo() if undo else self.core_redo()

    def redo(self) -> None:
        if self._done and self._pending is None:  # carried out before the push
            return
        refresh = self._pending or self.core_redo()
        self._pending = None
        self._done = True
        refresh()

    def undo(self) -> None:
        refresh = self._pending or self.core_undo()
        self._pending = None
        self._done = False
        refresh()


class AnnotationCommand(CoreCommand):
    """Undo/redo for one annotation change (add, update or delete) already carried out."""

    def __init__(self, *, project: Project, change: AnnotationChange, text: str, apply: ApplyChange) -> None:
        super().__init__(text)
        self._project = project
        self._change = change
        self._apply = apply

    def core_redo(self) -> Refresh:
        before, after = self._change.before, self._change.after
        if before is None and after is not None:
            change = self._project.restore_annotation(annotation=after)
        elif after is None and before is not None:
            change = self._project.delete_annotation(annotation_id=before.id)
        else:
            assert after is not None
            change = self._project.replace_annotation(annotation=after)
        return partial(self._apply, change)

    def core_undo(self) -> Refresh:
        before, after = self._change.before, self._change.after
        if before is None and after is not None:
            change = self._project.delete_annotation(annotation_id=after.id)
        elif after is None and before is not None:
            change = self._project.restore_annotation(annotation=before)
        else:
            assert before is not None
            change = self._project.replace_annotation(annotation=before)
        return partial(self._apply, change)


class StatusCommand(CoreCommand):
    """Undo/redo for a document status change already carried out."""

    def __init__(
        self,
        *,
        project: Project,
        document_id: str,
        before: DocumentStatus,
        after: DocumentStatus,
        apply: Callable[[str], None],
    ) -> None:
        super().__init__(f"mark as {after.label}")
        self._project = project
        self._document_id = document_id
        self._before, self._after = before, after
        self._apply = apply

    def core_redo(self) -> Refresh:
        self._project.set_document_status(document_id=self._document_id, status=self._after)
        return partial(self._apply, self._document_id)

    def core_undo(self) -> Refresh:
        self._project.set_document_status(document_id=self._document_id, status=self._before)
        return partial(self._apply, self._document_id)
