"""Helpers shared by the UI tests: a project with the hard text, and driving the view with real events."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QTextCursor
from pytestqt.qtbot import QtBot

from annotator.project import Project
from ui.textpos import PositionMap
from ui.textview import AnnotationTextView


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
