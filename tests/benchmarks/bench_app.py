"""The app as a coder meets it: a key press that tags a span, and starting up.

Both go through the real :class:`ui.window.mainwindow.MainWindow` on a real project file.
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Result, make_text, median, p95, spans_for, timed

REPO = Path(__file__).resolve().parents[2]


def big_project(folder: Path, chars: int, spans: int) -> tuple[Path, str]:
    """A project file holding one ``chars``-character document with ``spans`` annotations."""
    from annotator.domain import Annotation
    from annotator.project import Project

    rnd = random.Random(chars)
    text = make_text(chars, rnd)
    path = folder / f"big-{chars}.sqlite"
    now = datetime.now(UTC)
    with Project.open(path) as project:
        doc_id = project.add_document(text=text, title=f"{chars:,} characters").document.id
        coder = project.ensure_annotator(name="Coder A").id
        rows = [
            Annotation(
                id=f"s{i}",
                document_id=doc_id,
                annotator_id=coder,
                start=s,
                end=e,
                quote=text[s:e],
                category=c,
                attributes={},
                note="",
                codebook_version=project.codebook.version,
                created=now,
                modified=now,
            )
            for i, (s, e, c) in enumerate(spans_for(text, spans, rnd))
        ]
        project.bulk_insert(annotators=[], documents=[], annotations=rows)
    return path, doc_id


def tag_case(chars: int = 1_000_000, spans: int = 10_000, tags: int = 50) -> Result:
    """Key press to a stored and repainted tag: ``keyClick`` + ``viewport().repaint()``, p95."""
    from PySide6.QtCore import QSettings, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from annotator.project import Project
    from ui.window.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    path, doc_id = big_project(folder, chars, spans)
    project = Project.open(path)
    window = MainWindow(
        project=project,
        annotator_name="Bench",
        settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
    )
    window.resize(1400, 880)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    window.open_document(doc_id)
    view = window.view
    deadline = time.monotonic() + 10
    while QApplication.focusWidget() is not view and time.monotonic() < deadline:
        QTest.qWait(10)
    view.grab()
    cp0, cp1 = view.position_map.block_cp_range(view.firstVisibleBlock())
    stored_before = len(window.ann_model.annotations())
    times = []
    for i in range(tags + 5):
        start = cp0 + 2 + (i * 13) % max(1, min(cp1 - cp0 - 30, 400))
        view.select_annotation(None)
        view.select_range(start, start + 15)
        app.processEvents()
        ms = timed(lambda: (QTest.keyClick(view, Qt.Key.Key_1), view.viewport().repaint()))
        if i >= 5:  # the first few warm caches up
            times.append(ms)
    stored = len(window.ann_model.annotations()) - stored_before
    assert stored == tags + 5, f"only {stored} of {tags + 5} tags were stored"
    text = view.text
    window.close()
    project.close()

    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setFont(view.font())
    bare.resize(view.size())
    bare.setPlainText(text)
    bare.show()
    QTest.qWaitForWindowExposed(bare)
    bare.grab()
    # the same work done plainly: a repaint of a bare widget plus one row inserted and committed
    # with plain sqlite3, with the project's journal (WAL) and durability (synchronous=FULL)
    import sqlite3

    con = sqlite3.connect(folder / "floor.sqlite", isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute('CREATE TABLE a (id TEXT PRIMARY KEY, start INT, "end" INT, quote TEXT, category TEXT)')

    def plain(i: int) -> None:
        con.execute("BEGIN")
        con.execute("INSERT INTO a VALUES (?, ?, ?, ?, ?)", (f"id{i}", i, i + 15, "a quoted phrase", "claim"))
        con.execute("COMMIT")
        bare.viewport().repaint()

    floor = [timed(lambda i=i: plain(i)) for i in range(tags)]
    con.close()
    bare.close()
    ours_ms, floor_ms = p95(times), p95(floor)
    return Result(
        case=f"key press to stored and repainted tag, {chars:,}-character document (p95 of {tags})",
        ours=ours_ms,
        floor=floor_ms,
        unit="ms",
        aim="≤ 2× floor",
        met=ours_ms <= 2 * floor_ms,
        note="a bare QPlainTextEdit repaint plus a plain sqlite3 insert and commit (WAL, synchronous=FULL)",
    )


# -- start-up -------------------------------------------------------------------------------------

WATCH = r"""
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

def exposed():
    for w in QApplication.topLevelWidgets():
        handle = w.windowHandle()
        if w.isVisible() and handle is not None and handle.isExposed() and w.objectName() in NAMES:
            print("EXPOSED", flush=True)
            QApplication.instance().quit()
            return
    QTimer.singleShot(1, exposed)
"""

APP = (
    # ui.app first, as the console script imports it (the core before PySide6)
    "from ui.app import make_app\n"
    + WATCH
    + r"""
NAMES = ("mainWindow",)
make_app()
QTimer.singleShot(0, exposed)
from ui.launcher import main
sys.exit(main([]))
"""
)

BARE = (
    WATCH
    + r"""
NAMES = ("bare",)
from PySide6.QtWidgets import QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.setObjectName("bare")
window.resize(1400, 880)
window.show()
QTimer.singleShot(0, exposed)
sys.exit(app.exec())
"""
)


def _start(script: str, env: dict[str, str]) -> float:
    """Milliseconds from starting the process to its window being exposed."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = (time.perf_counter() - t0) * 1000
    _, err = proc.communicate(timeout=60)
    if not line.startswith("EXPOSED"):
        raise RuntimeError(f"the window was not shown: {line!r} {err[-2000:]}")
    return elapsed


def startup_case(repeat: int = 5) -> Result:
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-start-"))
    (folder / "settings.ini").write_text("[annotator]\nname=Bench\n", encoding="utf-8")
    env: dict[str, Any] = dict(
        os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(REPO), ANNOTATOR_DATA_DIR=str(folder)
    )
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed app runs from its compiled modules
    _start(APP, env)  # creates the default project with the sample articles; warms the disk cache
    _start(BARE, env)
    ours, floor = [], []
    for _ in range(repeat):
        ours.append(_start(APP, env))
        floor.append(_start(BARE, env))
    ours_ms, floor_ms = median(ours), median(floor)
    return Result(
        case="start-up to a shown window on the default project",
        ours=ours_ms,
        floor=floor_ms,
        unit="ms",
        aim="≤ 2× floor",
        met=ours_ms <= 2 * floor_ms,
        note="a process that shows a bare PySide6 QMainWindow; median of 5",
    )


PLAIN_LIST = r"""
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for r in con.execute(
    "SELECT d.id, d.status, (SELECT count(*) FROM annotations a WHERE a.document_id = d.id), d.title"
    " FROM documents d ORDER BY d.position"
):
    print(f"{r[0]}\t{r[1].replace('_', ' ')}\t{r[2]}\t{r[3]}")
"""


def documents_case(repeat: int = 5) -> Result:
    """``annotator documents`` on the default project beside plain sqlite3 printing the same list."""
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-list-"))
    env: dict[str, Any] = dict(os.environ, PYTHONPATH=str(REPO), ANNOTATOR_DATA_DIR=str(folder))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    cli = [sys.executable, "-c", "import sys; from ui.launcher import main; sys.exit(main(['documents']))"]
    plain = [sys.executable, "-c", PLAIN_LIST, str(folder / "default.annotator.sqlite")]
    first = subprocess.run(cli, env=env, capture_output=True, text=True, check=True).stdout  # seeds
    assert subprocess.run(plain, env=env, capture_output=True, text=True, check=True).stdout == first

    def run(command: list[str]) -> None:
        subprocess.run(command, env=env, capture_output=True, check=True)

    ours = median(timed(lambda: run(cli)) for _ in range(repeat))
    floor = median(timed(lambda: run(plain)) for _ in range(repeat))
    return Result(
        case="`annotator documents` on the default project",
        ours=ours,
        floor=floor,
        unit="ms",
        aim="≤ 3× floor",
        met=ours <= 3 * floor,
        note="a Python process that opens the project with sqlite3 and prints the same list; median of 5",
    )


# -- durability ------------------------------------------------------------------------------------


def durability_case(edits: int = 200) -> Result:
    """What ``synchronous=FULL`` costs per edit: a plain sqlite3 insert + commit, FULL vs NORMAL.

    Both on the same disk in the same run, in WAL mode like a project. FULL syncs the log at every
    commit, so "All changes saved" also holds after a power cut (NORMAL: after a crash only).
    """
    import sqlite3

    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
    costs: dict[str, float] = {}
    for mode in ("NORMAL", "FULL"):
        con = sqlite3.connect(folder / f"{mode}.sqlite", isolation_level=None)
        con.execute("PRAGMA journal_mode=WAL")
        con.execute(f"PRAGMA synchronous={mode}")
        con.execute("CREATE TABLE a (id TEXT PRIMARY KEY, start INT, end INT, quote TEXT)")
        times = []
        for i in range(edits + 10):

            def edit(i: int = i, con: sqlite3.Connection = con) -> None:
                con.execute("BEGIN")
                con.execute("INSERT INTO a VALUES (?, ?, ?, ?)", (f"id{i}", i, i + 15, "a quoted phrase"))
                con.execute("COMMIT")

            ms = timed(edit)
            if i >= 10:
                times.append(ms)
        con.close()
        costs[mode] = p95(times)
    return Result(
        case=f"one edit's commit with synchronous=FULL (the app's setting), p95 of {edits}",
        ours=costs["FULL"],
        floor=costs["NORMAL"],
        unit="ms",
        aim="report (a power cut loses nothing shown as saved)",
        met=None,
        note="the same plain sqlite3 insert and commit with synchronous=NORMAL, WAL mode, same disk",
    )


def run_all() -> list[Result]:
    return [tag_case(), durability_case(), startup_case(), documents_case()]


if __name__ == "__main__":
    for result in run_all():
        print(result)
