"""Two writers on one project file: no corruption, no lost edit; the second waits or is told why.

SQLite lets one writer at a time in; the other waits up to the busy timeout (10 s) and only then
gets a :class:`ProjectError` saying another program is writing.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.domain import DocumentStatus
from annotator.errors import ProjectError
from annotator.project import Project
from annotator.store import db
from tests.conftest import REPO
from tests.faults.helpers import HARBOUR, TEXT, db_rows, integrity, seeded, snapshot
from tests.ui.conftest_helpers import settings_in
from ui.window.mainwindow import MainWindow

WRITER = r"""
import sys
from annotator.project import Project

path, doc_id, coder, until = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
edits = during = 0
with Project.open(path) as project:
    print("READY", flush=True)
    sys.stdin.readline()  # go
    while True:
        documents = len(project.documents())  # the importer adds them one by one
        if documents >= until and edits >= 50:
            break
        project.add_annotation(
            document_id=doc_id, start=edits % 40, end=edits % 40 + 5, category="claim", annotator_id=coder
        )
        project.set_document_status(document_id=doc_id, status=("in_progress", "done")[edits % 2])
        edits += 1
        during += 1 < documents < until
print("EDITS", edits, during, flush=True)
"""


ARTICLES = 150


def env() -> dict[str, str]:
    return dict(os.environ, PYTHONPATH=str(REPO), QT_QPA_PLATFORM="offscreen")


def test_two_projects_in_threads_lose_no_edit(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    first, doc_id, coder = seeded(path)
    second = Project.open(path)
    errors: list[BaseException] = []
    added: list[str] = []
    barrier = threading.Barrier(2)

    def write(project: Project, category: str) -> None:
        try:
            barrier.wait()
            for i in range(150):
                change = project.add_annotation(
                    document_id=doc_id, start=i % 30, end=i % 30 + 4, category=category, annotator_id=coder
                )
                assert change.after is not None
                added.append(change.after.id)
        except BaseException as exc:  # reported below, with the thread's failure
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(p, c)) for p, c in ((first, "claim"), (second, "quote"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert len(added) == 300
    stored = {r[0] for r in db_rows(path, "SELECT id FROM annotations")}
    assert set(added) <= stored and len(stored) == 301
    # each project sees the other's edits as soon as they are committed
    assert snapshot(first) == snapshot(second)
    first.close()
    second.close()
    assert integrity(path) == "ok"


def test_the_core_in_a_loop_and_annotator_import_at_the_same_time(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    project.close()
    articles = tmp_path / "articles"
    articles.mkdir()
    for i in range(ARTICLES):
        (articles / f"a{i:02}.txt").write_text(
            f"Article {i}\n\nThe council met on day {i} and said the budget would rise.\n", "utf-8"
        )
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(path), doc_id, coder, str(ARTICLES + 1)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    assert writer.stdout is not None and writer.stdin is not None
    assert writer.stdout.readline().strip() == "READY"
    writer.stdin.write("go\n")
    writer.stdin.flush()
    importer = subprocess.Popen(
        [sys.executable, "-m", "annotator.cli", "import", "--project", str(path), "--quiet", str(articles)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env(),
    )
    w_out, w_err = writer.communicate(timeout=60)
    i_out, i_err = importer.communicate(timeout=60)
    assert writer.returncode == 0, w_err[-2000:]
    assert importer.returncode == 0, i_err[-2000:]
    assert f"{ARTICLES} imported, 0 skipped, 0 failed" in i_out
    _, edits, during = w_out.split()
    assert int(during) > 0, "the two writers did not overlap"
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(int(edits) + 1,)]
    assert db_rows(path, "SELECT count(*) FROM documents") == [(ARTICLES + 1,)]
    assert integrity(path) == "ok"
    with Project.open(path) as reopened:
        assert len(reopened.documents()) == ARTICLES + 1


def hold_write_lock(path: Path, seconds: float, holding: threading.Event) -> None:
    """Another program: takes the write lock, keeps it ``seconds``, then commits its own row."""
    con = sqlite3.connect(path, isolation_level=None)
    try:
        con.execute("BEGIN IMMEDIATE")
        con.execute("UPDATE documents SET title = 'renamed by the other program'")
        holding.set()
        time.sleep(seconds)
        con.execute("COMMIT")
    finally:
        con.close()


def test_the_second_writer_waits_for_the_first(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    holding = threading.Event()
    other = threading.Thread(target=hold_write_lock, args=(path, 0.6, holding))
    other.start()
    assert holding.wait(10)
    started = time.monotonic()
    project.add_annotation(
        document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
    )
    waited = time.monotonic() - started
    other.join()
    assert waited >= 0.3, "the edit did not wait for the other writer"
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(2,)]
    assert db_rows(path, "SELECT title FROM documents") == [("renamed by the other program",)]
    project.close()


def test_a_writer_that_keeps_the_lock_too_long_gets_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 200)  # instead of waiting 10 s in a test
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    before = snapshot(project)
    holding = threading.Event()
    other = threading.Thread(target=hold_write_lock, args=(path, 0.8, holding))
    other.start()
    assert holding.wait(10)
    with pytest.raises(ProjectError, match="another program is writing") as info:
        project.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
    assert "\n" not in str(info.value)
    assert snapshot(project) == before
    other.join()
    project.add_annotation(
        document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
    )
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(2,)]
    assert project.document(doc_id).text == TEXT
    project.close()


# -- the app shows what another writer changed -----------------------------------------------------


def shown_window(qtbot: QtBot, project: Project, tmp_path: Path, name: str) -> MainWindow:
    """A window that shows every layer (Show Other Coders on: these tests watch colleagues' edits)."""
    window = MainWindow(project=project, annotator_name=name, settings=settings_in(tmp_path / name))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.act_show_others.trigger()
    assert window.visible_layers() is None
    return window


def activate(window: MainWindow) -> None:
    """What the window system sends when the user comes back to the window."""
    QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))


def test_the_app_shows_another_writers_changes_when_activated(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, _ = seeded(path)
    window = shown_window(qtbot, project, tmp_path, "Tess")
    first = window.ann_model.annotations()[0]
    scroll = window.view.verticalScrollBar().value()
    undo_count = window.undo_stack.count()

    with Project.open(path) as other:  # a colleague's script, `annotator import`, a second window
        colleague = other.ensure_annotator(name="Colleague").id
        added = other.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=colleague
        ).after
        other.update_annotation(annotation_id=first.id, category="opinion")
        other.add_document(text="A second article arrived by import.\n", title="Second")
        other.set_document_status(document_id=doc_id, status="done")
    assert added is not None
    assert len(window.ann_model.annotations()) == 1  # not yet: the window has not looked

    activate(window)
    shown = {a.id: a.category for a in window.ann_model.annotations()}
    assert shown == {first.id: "opinion", added.id: "quote"}
    assert added.id in window.view.span_index
    assert window.view.span_index.get(first.id).category == "opinion"  # type: ignore[union-attr]
    assert [d.title for d in window.doc_model.documents()] == ["Harbour", "Second"]
    assert window.status_actions[DocumentStatus.DONE].isChecked()
    assert "Colleague" in [window.ann_annotator.itemText(i) for i in range(window.ann_annotator.count())]
    assert window.current_document_id == doc_id
    assert window.view.verticalScrollBar().value() == scroll
    assert window.undo_stack.count() == undo_count  # another writer's edits are not ours to undo
    assert not window.watcher.check()  # nothing new since
    assert window.show_file_state() == 0
    window.close()
    project.close()


def test_two_app_windows_on_one_project_see_each_others_tags(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    seeded(path)[0].close()
    a = shown_window(qtbot, Project.open(path), tmp_path, "Ada")
    b = shown_window(qtbot, Project.open(path), tmp_path, "Bo")
    for window, key in ((a, Qt.Key.Key_2), (b, Qt.Key.Key_3)):
        window.activateWindow()  # the real activation: shortcuts go to the active window only
        qtbot.waitUntil(lambda w=window: QApplication.activeWindow() is w)
        window.view.select_annotation(None)
        window.view.select_range(*HARBOUR)
        qtbot.keyClick(window.view, key)
        assert window.saved_label.text() == "All changes saved"
        # b shows a's tag as soon as it is activated, before its own
        assert len(window.ann_model.annotations()) == (2 if window is a else 3)
    activate(a)
    categories = sorted(x.category for x in a.ann_model.annotations())
    assert categories == ["claim", "quote", "statistic"]
    assert sorted(x.category for x in b.ann_model.annotations()) == categories
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(3,)]
    for window in (a, b):
        window.close()
        window.project.close()


def test_many_changes_at_once_reload_the_document_in_place(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    window = shown_window(qtbot, project, tmp_path, "Tess")
    with Project.open(path) as other:
        for i in range(60):
            other.add_annotation(document_id=doc_id, start=i, end=i + 5, category="claim", annotator_id=coder)
    assert window.show_file_state() >= 60
    assert len(window.ann_model.annotations()) == 61 == len(window.view.span_index)
    window.close()
    project.close()
