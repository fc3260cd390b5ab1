"""The real app, after its file dialogs showed the project's folder, keeps every edit through a SIGKILL.

The scenario of the lost tag, with real processes: the app (a subprocess, offscreen) opens each of
its file dialogs, goes to the folder that holds the project and cancels; ``annotator documents``
and ``annotator export`` run on the project in other processes; the app tags three spans with key
events. While the app still runs, another process must see the three tags and the app must hold no
deleted project file; then the app is killed with SIGKILL, and the file must pass
``integrity_check`` and hold the three tags.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.project import Project
from tests.conftest import REPO
from tests.faults.helpers import db_rows, integrity

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads /proc/PID/fd; POSIX locks")

TEXT = "The minister said the harbour will close.\nCritics called it “a reckless decision”.\n" * 3

DIALOGS = (
    "act_import",
    "act_export",
    "act_open",
    "act_import_codebook",
    "act_export_codebook",
    "act_report",
)

APP = r"""
import json, sys
from pathlib import Path
from PySide6.QtCore import Qt, QSettings, QTimer
from PySide6.QtTest import QSignalSpy, QTest
from PySide6.QtWidgets import QApplication, QFileDialog, QFileSystemModel
from annotator.project import Project
from ui.window.mainwindow import MainWindow

app = QApplication([])
path = Path(sys.argv[1])
project = Project.open(path)
window = MainWindow(project=project, annotator_name="Kill Tester",
                    settings=QSettings(sys.argv[2], QSettings.Format.IniFormat))
window.show()
QTest.qWaitForWindowExposed(window)

def say(*words):
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()

def look_and_cancel():
    dialog = QApplication.activeModalWidget()
    if not isinstance(dialog, QFileDialog):
        QTimer.singleShot(10, look_and_cancel)
        return
    model = dialog.findChild(QFileSystemModel)
    spy = QSignalSpy(model.directoryLoaded)
    dialog.setDirectory(str(path.parent))
    for _ in range(500):
        if spy.count():
            break
        QTest.qWait(10)
    QTest.qWait(400)  # the dialog gathers icons and types meanwhile
    say("SHOWN", json.dumps([dialog.windowTitle(), dialog.directory().absolutePath()]))
    dialog.reject()

for name in sys.argv[3].split(","):
    QTimer.singleShot(0, look_and_cancel)
    getattr(window, name).trigger()
say("DIALOGS-DONE")
sys.stdin.readline()  # the other processes have used the project

window.activateWindow()
view = window.view
view.setFocus()
while QApplication.focusWidget() is not view:
    QTest.qWait(10)
text = view.text
for word, key in (("minister", Qt.Key.Key_1), ("harbour", Qt.Key.Key_2), ("reckless", Qt.Key.Key_4)):
    start = text.index(word)
    view.select_annotation(None)
    view.select_range(start, start + len(word))
    QTest.keyClick(view, key)
    app.processEvents()
    say("TAGGED", word, window.saved_label.text())
say("WAITING")
sys.stdin.readline()  # killed before this returns
"""


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def deleted_project_files(pid: int, path: Path) -> list[str]:
    found = []
    for entry in os.listdir(f"/proc/{pid}/fd"):
        try:
            target = os.readlink(f"/proc/{pid}/fd/{entry}")
        except OSError:
            continue
        if target.startswith(str(path)) and target.endswith("(deleted)"):
            found.append(target)
    return found


def read_line(proc: subprocess.Popen[str], expect: str) -> str:
    assert proc.stdout is not None
    while True:
        line = proc.stdout.readline()
        if not line:
            assert proc.stderr is not None
            raise AssertionError(f"the app ended early: {proc.stderr.read()[-2000:]}")
        if line.startswith(expect):
            return line.strip()


def test_edits_after_the_dialogs_survive_sigkill_and_others_see_them(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    path = folder / "news.annotator.sqlite"
    with Project.open(path) as p:
        p.add_document(text=TEXT, title="Harbour")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    with subprocess.Popen(
        [sys.executable, "-c", APP, str(path), str(tmp_path / "s.ini"), ",".join(DIALOGS)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=REPO,
    ) as app:
        assert app.stdin is not None
        try:
            shown = [json.loads(read_line(app, "SHOWN").split(" ", 1)[1]) for _ in DIALOGS]
            assert {where for _title, where in shown} == {str(folder.resolve())}, shown
            read_line(app, "DIALOGS-DONE")
            assert cli("documents", "--project", str(path)).returncode == 0
            assert cli("export", "--project", str(path), "--format", "csv").returncode == 0
            app.stdin.write("go\n")
            app.stdin.flush()
            tagged = [read_line(app, "TAGGED") for _ in range(3)]
            assert all(line.endswith("All changes saved") for line in tagged), tagged
            read_line(app, "WAITING")
            assert deleted_project_files(app.pid, path) == []
            seen = db_rows(path, "SELECT quote FROM annotations ORDER BY start")
            assert [r[0] for r in seen] == ["minister", "harbour", "reckless"]
            exported = json.loads(cli("export", "--project", str(path)).stdout)
            assert len(exported["documents"][0]["annotations"]) == 3
        finally:
            app.send_signal(signal.SIGKILL)
            app.wait()
    assert integrity(path) == "ok"
    assert [r[0] for r in db_rows(path, "SELECT quote FROM annotations ORDER BY start")] == [
        "minister",
        "harbour",
        "reckless",
    ]
    with Project.open(path) as again:
        assert len(again.annotations()) == 3
