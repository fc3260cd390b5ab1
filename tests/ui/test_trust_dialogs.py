"""File dialogs that show the project's folder leave the app attached to its project file.

Each dialog of the window is opened with real events, taken to the folder that holds the project
(where it lists the ``.sqlite``, ``-wal`` and ``-shm`` files), and cancelled; then another process
uses the project, as a terminal would; then the user tags a span with the keyboard. Before the fix
Qt's dialog opened those files to guess their types, which dropped SQLite's locks: the terminal
command then deleted the app's log and the tag went into a deleted file.
"""

from __future__ import annotations

import os
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
from annotator.store.attachment import Attachment
from tests.conftest import REPO
from tests.ui.conftest_helpers import answer_file_dialog, settings_in
from ui.window.mainwindow import MainWindow

TEXT = "The minister said the harbour will close.\nCritics called it “a reckless decision”."

DIALOGS = [
    "act_import",
    "act_export",
    "act_open",
    "act_open_readonly",
    "act_new",
    "act_import_codebook",
    "act_export_codebook",
    "act_report",
]


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    folder = tmp_path / "study"
    folder.mkdir()
    path = folder / "news.annotator.sqlite"
    with Project.open(path) as p:
        p.add_document(text=TEXT, title="Harbour")
    w = MainWindow(project=Project.open(path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    yield w
    w.project.close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def tag_minister(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is window.view)
    qtbot.keyClick(window.view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_Right)
    for _ in range(8):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.saved_label.text() == "All changes saved"


def stored_in_other_process(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT quote, category FROM annotations").fetchall()
    finally:
        con.close()


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
@pytest.mark.parametrize("action", DIALOGS)
def test_a_dialog_showing_the_project_folder_keeps_the_app_attached(
    qtbot: QtBot, window: MainWindow, action: str
) -> None:
    path = window.project.path
    assert path is not None
    answer_file_dialog(qtbot, folder=path.parent, names=[])  # look at the folder, then cancel
    getattr(window, action).trigger()
    listed = run_cli("documents", "--project", str(path))
    assert listed.returncode == 0 and "Harbour" in listed.stdout, listed.stderr
    tag_minister(qtbot, window)
    assert Attachment(path).detached_files() == []
    assert window.project.reattachments == 0  # fixed at its cause: nothing had to be repaired
    assert stored_in_other_process(path) == [("minister", "claim")]
    again = run_cli("export", "--project", str(path), "--format", "csv")
    assert again.returncode == 0 and ",minister," in again.stdout


def drop_locks(path: Path) -> None:
    """What a file-type guess did before the fix: open and close each of the project's files."""
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            os.close(os.open(f"{path}{suffix}", os.O_RDONLY))


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_a_detached_window_says_so_and_attaches_again_on_its_poll(qtbot: QtBot, window: MainWindow) -> None:
    """Defence in depth: whatever detaches the app, the next poll notices and repairs it."""
    path = window.project.path
    assert path is not None
    drop_locks(path)
    # a command that opens the project fully (``documents`` reads it read-only, which detaches nothing)
    assert run_cli("export", "--project", str(path), "--format", "csv").returncode == 0
    assert Attachment(path).detached_files()  # the scenario worked: the log was deleted under us
    window.on_poll_changes()
    assert "Reconnected to the project file" in window.statusBar().currentMessage()
    assert window.project.reattachments == 1
    assert Attachment(path).detached_files() == []
    tag_minister(qtbot, window)
    assert stored_in_other_process(path) == [("minister", "claim")]


@pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/self/fd")
def test_an_edit_after_detachment_is_stored_and_the_status_bar_says_what_happened(
    qtbot: QtBot, window: MainWindow
) -> None:
    path = window.project.path
    assert path is not None
    drop_locks(path)
    # a command that opens the project fully (``documents`` reads it read-only, which detaches nothing)
    assert run_cli("export", "--project", str(path), "--format", "csv").returncode == 0
    tag_minister(qtbot, window)  # before any poll: the write itself notices
    assert "Reconnected to the project file" in window.statusBar().currentMessage()
    assert stored_in_other_process(path) == [("minister", "claim")]
    assert Attachment(path).detached_files() == []
