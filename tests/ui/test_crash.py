"""Killing the app right after a tag loses nothing that was shown (SIGKILL, a real subprocess)."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.project import Project
from tests.conftest import REPO

APP = r"""
import sys, time
from PySide6.QtCore import Qt, QSettings
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from annotator.project import Project
from ui.window.mainwindow import MainWindow

app = QApplication([])
project = Project.open(sys.argv[1])
window = MainWindow(project=project, annotator_name="Crash Tester",
                    settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
QTest.qWaitForWindowExposed(window)
window.activateWindow()
view = window.view
deadline = time.monotonic() + 10
while QApplication.focusWidget() is not view and time.monotonic() < deadline:
    QTest.qWait(20)
QTest.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
for _ in range(int(sys.argv[3])):
    QTest.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
QTest.keyClick(view, Qt.Key.Key_2)
app.processEvents()
if window.saved_label.text() == "All changes saved" and window.ann_model.rowCount() == 1:
    print("SHOWN", window.ann_model.annotations()[0].id, flush=True)
time.sleep(60)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_right_after_a_tag_keeps_the_tag(tmp_path: Path) -> None:
    path = tmp_path / "crash.sqlite"
    text = "Officials 😀 said the pier would close.\nSecond line."
    with Project.open(path) as p:
        p.add_document(text=text, title="Crash")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    with subprocess.Popen(
        [sys.executable, "-c", APP, str(path), str(tmp_path / "s.ini"), "11"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    ) as proc:
        try:
            assert proc.stdout is not None
            line = proc.stdout.readline()
            if not line.startswith("SHOWN"):
                proc.kill()
                pytest.fail(f"the app did not show the tag: {line!r} {proc.communicate()[1][-2000:]}")
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=10)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    assert proc.returncode == -signal.SIGKILL
    shown_id = line.split()[1]
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        rows = con.execute('SELECT id, start, "end", quote, category FROM annotations').fetchall()
    finally:
        con.close()
    # 11 Shift+Right from the start: "Officials 😀" snapped to the word boundary "Officials 😀"
    assert len(rows) == 1
    assert rows[0][0] == shown_id
    assert rows[0][3] == text[rows[0][1] : rows[0][2]]
    assert rows[0][4] == "quote"
