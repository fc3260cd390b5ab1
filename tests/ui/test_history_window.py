"""The window's undo is the project's edit history: a terminal can undo an edit made in the app."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.project import Project
from tests.annotator.hard_text import find
from tests.conftest import REPO
from tests.ui.conftest_helpers import settings_in
from ui.window.mainwindow import MainWindow

SIMPLE = "The minister said the harbour will close.\nCritics called it “a reckless decision”."


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    path = tmp_path / "p.annotator.sqlite"
    with Project.open(path) as p:
        p.add_document(text=SIMPLE, title="Simple")
    w = MainWindow(project=Project.open(path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    yield w
    w.project.close()


def stored(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT quote, category FROM annotations ORDER BY start").fetchall()
    finally:
        con.close()


def tag(qtbot: QtBot, window: MainWindow, needle: str, key: Qt.Key) -> None:
    s, e = find(SIMPLE, needle)
    window.view.select_annotation(None)
    window.view.select_range(s, e)
    qtbot.keyClick(window.view, key)


def undo_key(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)


def test_undo_in_the_window_refuses_when_a_colleague_changed_the_span(
    qtbot: QtBot, window: MainWindow
) -> None:
    path = window.project.path
    assert path is not None
    tag(qtbot, window, "harbour", Qt.Key.Key_1)
    with Project.open(path) as colleague:
        colleague.acting_as = colleague.ensure_annotator(name="Cara").id
        (mine,) = colleague.annotations()
        colleague.update_annotation(annotation_id=mine.id, category="opinion")
    undo_key(qtbot, window)
    assert "was changed since" in window.statusBar().currentMessage()
    assert window.undo_stack.index() == 1  # the stack stays where it was
    assert window.saved_label.text() == "All changes saved"  # a refusal wrote nothing
    assert stored(path) == [("harbour", "opinion")]


def test_a_terminal_undoes_the_edit_made_in_the_app(qtbot: QtBot, window: MainWindow) -> None:
    path = window.project.path
    assert path is not None
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    tag(qtbot, window, "reckless decision", Qt.Key.Key_4)
    done = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "undo", "--project", str(path), "--annotator", "Tess"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "“tag as opinion”" in done.stdout
    assert stored(path) == [("minister", "claim")]
    window.on_poll_changes()  # the window shows what the terminal did
    assert [a.quote for a in window.ann_model.annotations()] == ["minister"]
    undo_key(qtbot, window)  # the window's own step for it is already undone
    assert "already undone" in window.statusBar().currentMessage()
    assert stored(path) == [("minister", "claim")]
