"""The real app, killed with SIGKILL at random moments in a burst of edits, loses nothing it showed.

A subprocess runs :class:`ui.window.mainwindow.MainWindow` (offscreen) and makes 200 edits with real
key events: tags (a selection and a category key), category changes, deletes (the Delete key)
and undos (Ctrl+Z). Before each edit it prints ``DOING``; after the window shows the edit as
done ("All changes saved"), it prints ``DONE`` with the annotations the window shows. The
parent kills it with SIGKILL at a seeded random moment and then checks the file: it holds
exactly the last state shown, or that state plus the one edit in flight; it passes
``PRAGMA integrity_check`` and opens as a project.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from annotator.project import Project
from tests.annotator.hard_text import HARD_TEXT
from tests.conftest import REPO
from tests.faults.helpers import db_rows, integrity

EDITS = 200
RUNS = 5

APP = r"""
import json, random, sys
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
while QApplication.focusWidget() is not view:
    QTest.qWait(10)
rnd = random.Random(int(sys.argv[3]))
text = view.text
keys = {c.id: getattr(Qt.Key, f"Key_{c.shortcut}") for c in project.codebook.categories}

def shown():
    return sorted([a.id, a.category] for a in window.ann_model.annotations())

def say(*words):
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()

say("START", json.dumps(shown()))
for n in range(int(sys.argv[4])):
    anns = window.ann_model.annotations()
    roll = rnd.random()
    if not anns or roll < 0.4:
        kind = "tag"
    elif roll < 0.6:
        kind = "recode"
    elif roll < 0.75:
        kind = "delete"
    else:
        kind = "undo" if window.undo_stack.canUndo() else "tag"
    say("DOING", str(n), kind)
    if kind == "tag":
        view.select_annotation(None)
        start = rnd.randrange(len(text) - 30)
        view.select_range(start, start + rnd.randint(2, 25))
        QTest.keyClick(view, keys[rnd.choice(list(keys))])
    elif kind == "recode":
        ann = rnd.choice(anns)
        view.select_annotation(ann.id)
        QTest.keyClick(view, keys[rnd.choice([k for k in keys if k != ann.category])])
    elif kind == "delete":
        view.select_annotation(rnd.choice(anns).id)
        QTest.keyClick(view, Qt.Key.Key_Delete)
    else:
        QTest.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    app.processEvents()
    if window.saved_label.text() != "All changes saved":
        say("NOT-SAVED", str(n), window.statusBar().currentMessage())
        continue
    say("DONE", str(n), json.dumps(shown()))
say("FINISHED")
"""


@dataclass
class Run:
    """One app process and everything it printed."""

    seed: int
    kill_after: int  # DONE lines to see before the kill
    proc: subprocess.Popen[str]
    lines: list[str] = field(default_factory=list)


def launch(tmp_path: Path, seed: int, kill_after: int) -> tuple[Run, Path]:
    folder = tmp_path / f"run{seed}"
    folder.mkdir()
    path = folder / "p.sqlite"
    with Project.open(path) as p:
        p.add_document(text=HARD_TEXT * 8, title="Crash")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO))
    proc = subprocess.Popen(
        [sys.executable, "-c", APP, str(path), str(folder / "s.ini"), str(seed), str(EDITS)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    return Run(seed=seed, kill_after=kill_after, proc=proc), path


def drive(run: Run, rnd: random.Random) -> None:
    """Read the app's lines; after ``kill_after`` DONE lines (and a random pause), SIGKILL it."""
    assert run.proc.stdout is not None
    done = 0
    killed = False
    for line in run.proc.stdout:
        run.lines.append(line.rstrip("\n"))
        if line.startswith("DONE"):
            done += 1
        if not killed and done >= run.kill_after:
            time.sleep(rnd.random() * 0.004)  # land inside an edit, or between two
            os.kill(run.proc.pid, signal.SIGKILL)
            killed = True
    run.proc.wait(timeout=30)


def differ_by_at_most_one_edit(a: dict[str, str], b: dict[str, str]) -> bool:
    """One tag, delete, recode or undo changes exactly one annotation (or none, if refused)."""
    changed = (set(a) ^ set(b)) | {k for k in set(a) & set(b) if a[k] != b[k]}
    return len(changed) <= 1


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_sigkill_during_a_burst_of_edits_loses_nothing_shown(tmp_path: Path) -> None:
    rnd = random.Random(20260314)
    # kill moments spread over the burst (one very early, one near the end)
    moments = sorted({3, EDITS - 5, *(rnd.randrange(10, EDITS - 10) for _ in range(RUNS - 2))})
    runs = [launch(tmp_path, seed, after) for seed, after in enumerate(moments)]
    drivers = [threading.Thread(target=drive, args=(run, random.Random(run.seed))) for run, _ in runs]
    try:
        for t in drivers:
            t.start()
        for t in drivers:
            t.join(60)
        stderrs = [run.proc.stderr.read() if run.proc.stderr else "" for run, _ in runs]
    finally:
        for run, _ in runs:
            if run.proc.poll() is None:
                run.proc.kill()
                run.proc.wait()
            for pipe in (run.proc.stdout, run.proc.stderr):
                if pipe is not None:
                    pipe.close()
    checked_kinds: set[str] = set()
    for (run, path), stderr in zip(runs, stderrs, strict=True):
        context = f"seed {run.seed}: {run.lines[-3:]} {stderr[-1500:]}"
        assert run.proc.returncode == -signal.SIGKILL, context
        assert "Traceback" not in stderr, context
        assert not any(line.startswith("NOT-SAVED") for line in run.lines), context
        done_lines = [line for line in run.lines if line.startswith(("START", "DONE"))]
        assert len(done_lines) > run.kill_after, context
        last_shown = dict(json.loads(done_lines[-1].split(" ", 2)[-1]))
        checked_kinds.update(line.split()[2] for line in run.lines if line.startswith("DOING"))
        in_flight = run.lines[-1].startswith("DOING")

        assert integrity(path) == "ok", context
        on_disk = dict(db_rows(path, "SELECT id, category FROM annotations"))
        if in_flight:
            assert differ_by_at_most_one_edit(last_shown, on_disk), context
        else:
            assert on_disk == last_shown, context
        with Project.open(path, create=False) as reopened:
            assert {a.id: a.category for a in reopened.annotations()} == on_disk
    assert checked_kinds == {"tag", "recode", "delete", "undo"}
