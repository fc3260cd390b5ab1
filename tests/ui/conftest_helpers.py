"""Helpers shared by the UI tests: a project with the hard text, and driving the view with real events."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.project import Project
from ui.textview.positions import PositionMap
from ui.textview.view import AnnotationTextView


def point_at(view: AnnotationTextView, text: str, cp: int) -> QPoint:
    """Viewport point of the left edge of code point ``cp`` (vertically centred in its line)."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(PositionMap(text).to_qt(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


def drag_select(qtbot: QtBot, view: AnnotationTextView, text: str, start: int, end: int) -> None:
    """Press at ``start``, move, release at ``end``: a real mouse drag on the viewport."""
    a, b = point_at(view, text, start), point_at(view, text, end)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=a)
    qtbot.mouseMove(view.viewport(), pos=QPoint((a.x() + b.x()) // 2, b.y()))
    qtbot.mouseMove(view.viewport(), pos=b)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=b)


def settings_in(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def make_project(tmp_path: Path, texts: list[tuple[str, str]]) -> Project:
    project = Project.open(tmp_path / "p.sqlite")
    for title, text in texts:
        project.add_document(text=text, title=title)
    return project


def answer_file_dialog(
    qtbot: QtBot,
    *,
    folder: Path,
    names: Sequence[str] = (),
    name_filter: str | None = None,
    opened_in: list[str] | None = None,
    settle_ms: int = 300,
) -> None:
    """Answer the next file dialog the app opens, as a person would, with real key events.

    Types ``folder`` into the file name field and presses Enter (the dialog goes there and lists
    it), waits while the dialog looks at the listed files, then types ``names`` and presses Enter,
    or presses Escape when there are none. ``opened_in`` receives the folder the dialog opened in.
    """

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(10, answer)
            return
        try:
            if opened_in is not None:
                opened_in.append(dialog.directory().absolutePath())
            edit = dialog.findChild(QLineEdit, "fileNameEdit")
            assert edit is not None
            edit.setFocus()
            model = dialog.findChild(QFileSystemModel)
            assert model is not None
            with qtbot.waitSignal(model.directoryLoaded, timeout=5000):
                dialog.setDirectory(str(folder))  # as if the user had clicked through to it
            assert Path(dialog.directory().absolutePath()) == folder.resolve()
            qtbot.wait(settle_ms)  # icons and types are gathered in a thread meanwhile
            if name_filter is not None:
                dialog.selectNameFilter(name_filter)
            if names:
                edit.clear()
                text = names[0] if len(names) == 1 else " ".join(f'"{n}"' for n in names)
                qtbot.keyClicks(edit, text)
                qtbot.keyClick(edit, Qt.Key.Key_Return)
            else:
                qtbot.keyClick(edit, Qt.Key.Key_Escape)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)
