"""Undo commands: thin wrappers whose redo/undo call core operations.

An edit is carried out (and committed) *before* its command is pushed, so a refused edit never
reaches the undo stack; the first ``redo()`` that ``QUndoStack.push`` makes is therefore skipped.
Every later redo/undo is a core operation too, and hands its change record to ``apply``, the one
place the window refreshes from.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from annotator.domain import AnnotationChange, DocumentStatus
from annotator.project import Project

ApplyChange = Callable[[AnnotationChange], None]


class AnnotationCommand(QUndoCommand):
    """Undo/redo for one annotation change (add, update or delete) already carried out."""

    def __init__(self, *, project: Project, change: AnnotationChange, text: str, apply: ApplyChange) -> None:
        super().__init__(text)
        self._project = project
        self._change = change
        self._apply = apply
        self._done = True

    def redo(self) -> None:
        if self._done:  # carried out before the push
            return
        before, after = self._change.before, self._change.after
        if before is None and after is not None:
            change = self._project.restore_annotation(annotation=after)
        elif after is None and before is not None:
            change = self._project.delete_annotation(annotation_id=before.id)
        else:
            assert after is not None
            change = self._project.replace_annotation(annotation=after)
        self._done = True
        self._apply(change)

    def undo(self) -> None:
        before, after = self._change.before, self._change.after
        if before is None and after is not None:
            change = self._project.delete_annotation(annotation_id=after.id)
        elif after is None and before is not None:
            change = self._project.restore_annotation(annotation=before)
        else:
            assert before is not None
            change = self._project.replace_annotation(annotation=before)
        self._done = False
        self._apply(change)


class StatusCommand(QUndoCommand):
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
        self._done = True

    def redo(self) -> None:
        if self._done:
            return
        self._project.set_document_status(document_id=self._document_id, status=self._after)
        self._done = True
        self._apply(self._document_id)

    def undo(self) -> None:
        self._project.set_document_status(document_id=self._document_id, status=self._before)
        self._done = False
        self._apply(self._document_id)
