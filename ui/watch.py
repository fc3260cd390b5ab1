"""Showing what another writer changed in the project, when the window gets the focus back.

A project file can have more than one writer: a second app window, ``annotator import`` in a
terminal, a colleague's script. SQLite keeps the file consistent and the app loses none of its
own edits, but the window would go on showing the old state. :class:`ExternalChanges` checks the
file whenever the window is activated and brings the document list and the open document up to
date, through the same :meth:`MainWindow.apply_change` path that undo and redo use: only the
touched blocks are redrawn, the scroll position and the selection stay.

The check is cheap when nothing happened: the size and modification time of the project file
and its write-ahead log. A change there (also after the window's own edits) leads to one query
of the documents and one of the open document's annotations, compared with what is shown.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from annotator.domain import Annotation, AnnotationChange
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

__all__ = ["ExternalChanges", "file_token"]

#: More changed annotations than this reload the open document in one go instead of one by one
#: (each single change also refreshes its row in the document list).
BULK = 20

FileToken = tuple[tuple[int, int], ...]


def file_token(path: Path | None) -> FileToken:
    """``(size, mtime_ns)`` of the project file and of its write-ahead log (``(-1, -1)`` when
    missing): one or the other changes whenever anyone commits to the project."""
    if path is None:
        return ()
    token = []
    for suffix in ("", "-wal"):
        try:
            st = os.stat(f"{path}{suffix}")
            token.append((st.st_size, st.st_mtime_ns))
        except OSError:
            token.append((-1, -1))
    return tuple(token)


class ExternalChanges(QObject):
    """Keeps ``window`` in step with its project file; checks whenever the window is activated."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._project = window.project
        self._token = file_token(window.project.path)
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.WindowActivate:
            self.refresh()
        return False

    def refresh(self, *, force: bool = False) -> int:
        """Show what changed in the file since the last look; returns how many items changed.

        A failure to read (the file moved, a damaged disk) is reported in the status bar like a
        refused edit, and the window keeps what it shows.
        """
        window = self._window
        if window.project is not self._project:  # another project was opened: start from it
            self._project = window.project
            self._token = file_token(window.project.path)
            return 0
        token = file_token(window.project.path)
        if token == self._token and not force:
            return 0
        try:
            changed = self._catch_up()
        except AnnotatorError as exc:
            window.report(str(exc))
            return 0
        self._token = token
        return changed

    def _catch_up(self) -> int:
        window = self._window
        project = window.project
        documents = project.documents()
        changed = 0
        if documents != window.doc_model.documents():
            changed += 1
            window.doc_model.set_documents(documents)
            if window.current_document_id is not None:
                window._select_document_row(window.current_document_id)
        names = {a.id: a.name for a in project.annotators()}
        if names != window._names:
            window._names = names
            window._refresh_annotator_filter()
        doc_id = window.current_document_id
        if doc_id is None:
            if documents:
                window.open_document(documents[0].id)
            return changed
        stored = {a.id: a for a in project.annotations(document_id=doc_id)}
        shown = {a.id: a for a in window.ann_model.annotations()}
        changes = _differences(doc_id, shown, stored)
        if len(changes) > BULK:
            self._reload_document(list(stored.values()))
        else:
            for change in changes:
                window.apply_change(change, select_new=False, count=False)
        info = next((d for d in documents if d.id == doc_id), None)
        if info is not None:
            window.status_actions[info.status].setChecked(True)
        return changed + len(changes)

    def _reload_document(self, annotations: list[Annotation]) -> None:
        """Many changes at once (an import): show the document afresh, at the same place."""
        window = self._window
        view = window.view
        scroll = view.verticalScrollBar().value()
        selected = view.selected_annotation_id
        view.set_document(
            text=view.text,
            annotations=annotations,
            codebook=window.project.codebook,
            annotator_names=window._names,
        )
        window.ann_model.set_annotations(annotations, codebook=window.project.codebook, names=window._names)
        view.verticalScrollBar().setValue(scroll)
        if selected is not None and selected in view.span_index:
            view.select_annotation(selected)


def _differences(
    document_id: str, shown: dict[str, Annotation], stored: dict[str, Annotation]
) -> list[AnnotationChange]:
    """The change records that turn what is shown into what is stored."""
    changes = [
        AnnotationChange(document_id=document_id, before=shown[aid], after=None)
        for aid in shown.keys() - stored.keys()
    ]
    changes += [
        AnnotationChange(document_id=document_id, before=shown.get(aid), after=after)
        for aid, after in stored.items()
        if shown.get(aid) != after
    ]
    return changes
