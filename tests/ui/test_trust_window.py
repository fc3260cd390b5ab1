"""The window itself: errors in slots, what the status bar and toolbar say, where dialogs open.

Real key and mouse events; each test checks what a person would see and what the file holds.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton
from pytestqt.qtbot import QtBot
from sqlalchemy import event

from annotator.errorlog import error_log_path
from annotator.project import Project
from tests.annotator.hard_text import find
from tests.ui.conftest_helpers import answer_file_dialog, settings_in
from ui.app import install_excepthook
from ui.window.mainwindow import MainWindow

SIMPLE = "The minister said the harbour will close.\nCritics called it “a reckless decision”."
LONG_TITLE = "Ministers clash over harbour closure as fishing communities demand compensation scheme"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        p.add_document(text=SIMPLE, title=LONG_TITLE)
    return path


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    yield w
    w.project.close()


def tag(qtbot: QtBot, window: MainWindow, needle: str, key: Qt.Key) -> None:
    s, e = find(SIMPLE, needle)
    window.view.select_range(s, e)
    qtbot.keyClick(window.view, key)


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_said_in_one_line_and_the_window_shows_the_file(
    qtbot: QtBot, window: MainWindow, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    saved_hook = sys.excepthook
    install_excepthook()
    try:

        def broken(*_args: object) -> None:
            raise RuntimeError("a bug in the annotation list")

        # the edit is committed, then the list update fails half-way through the refresh
        with monkeypatch.context() as patch:
            patch.setattr(window.ann_model, "apply", broken)
            tag(qtbot, window, "minister", Qt.Key.Key_1)
        message = window.statusBar().currentMessage()
        assert message.startswith("Something went wrong: RuntimeError: a bug in the annotation list")
        assert "\n" not in message and "Traceback" not in message
        log = error_log_path().read_text("utf-8")
        assert "Traceback" in log and "a bug in the annotation list" in log
        con = sqlite3.connect(project_path)
        (count,) = con.execute("SELECT count(*) FROM annotations").fetchone()
        con.close()
        assert count == 1
        # every pane agrees with the file again
        assert [a.quote for a in window.ann_model.annotations()] == ["minister"]
        assert window.doc_model.documents()[0].annotation_count == 1
        assert len(window.view.span_index) == 1
        assert not window.act_undo.isEnabled()  # the interrupted edit has no undo step to trust
    finally:
        sys.excepthook = saved_hook


def test_the_toolbar_keeps_its_layout_while_undo_names_the_edit(qtbot: QtBot, window: MainWindow) -> None:
    button = window.toolbar.widgetForAction(window.act_undo)
    assert isinstance(button, QToolButton)
    width_before = button.sizeHint().width()
    positions_before = [window.toolbar.widgetForAction(a).x() for a in (window.act_prev_doc, window.act_snap)]
    tag(qtbot, window, "reckless decision", Qt.Key.Key_4)
    assert window.act_undo.text().replace("&", "") == "Undo tag as opinion"  # the menu says what
    assert "tag as opinion" in window.act_undo.toolTip()
    assert button.text() == "Undo"
    assert button.sizeHint().width() == width_before
    window.toolbar.layout().activate()
    positions_after = [window.toolbar.widgetForAction(a).x() for a in (window.act_prev_doc, window.act_snap)]
    assert positions_after == positions_before


def test_the_annotations_pane_shows_enough_rows_at_the_default_size(qtbot: QtBot, window: MainWindow) -> None:
    table = window.ann_table
    rows_visible = table.viewport().height() // table.verticalHeader().defaultSectionSize()
    assert rows_visible >= 6, rows_visible


def test_the_status_bar_shortens_a_long_title_at_a_word_and_keeps_it_whole_in_the_tooltip(
    window: MainWindow,
) -> None:
    label = window.position_label
    shown = label.text()
    title_part = shown.split(" · ")[0]
    assert title_part != LONG_TITLE and title_part.endswith("…")
    assert LONG_TITLE.startswith(title_part[:-1].rstrip())
    words = LONG_TITLE.split()
    assert title_part[:-1].rstrip().split()[-1] in words  # cut between words, not inside one
    assert LONG_TITLE in label.toolTip()


def test_file_dialogs_open_where_they_were_last_used_for_the_same_purpose(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("Harbour reopens\nThe pier reopened on Monday.", "utf-8")
    exports = tmp_path / "exports"
    exports.mkdir()
    opened: list[str] = []
    answer_file_dialog(qtbot, folder=articles, names=["a.txt"], opened_in=opened)
    window.act_import.trigger()
    answer_file_dialog(qtbot, folder=exports, names=["out.json"], opened_in=opened)
    window.act_export.trigger()
    qtbot.waitUntil((exports / "out.json").exists, timeout=30_000)  # written by a worker
    answer_file_dialog(qtbot, folder=articles, names=[], opened_in=opened)
    window.act_import.trigger()
    answer_file_dialog(qtbot, folder=exports, names=[], opened_in=opened)
    window.act_export.trigger()
    # first time: import in the home folder, export beside the project; then where last used
    assert opened[2:] == [str(articles.resolve()), str(exports.resolve())]
    assert opened[1] == str(tmp_path.resolve())


def test_a_project_in_a_risky_folder_says_so_above_the_text(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shm = Path("/dev/shm")
    if not shm.is_dir():
        pytest.skip("needs a tmpfs at /dev/shm as the stand-in for a network or FUSE mount")
    monkeypatch.setenv("ANNOTATOR_RISKY_FS_TYPES", "tmpfs")
    folder = Path(tempfile.mkdtemp(dir=shm, prefix="annotator-test-"))
    try:
        project = Project.open(folder / "p.annotator.sqlite")
        w = MainWindow(project=project, annotator_name="Tess", settings=settings_in(tmp_path))
        qtbot.addWidget(w)
        w.show()
        qtbot.waitExposed(w)
        assert w.location_bar.isVisible()
        text = w.location_text.text().lower()
        assert "team" in text and "local disk" in text
        dismiss = w.findChild(QPushButton, "locationDismiss")
        assert dismiss is not None
        qtbot.mouseClick(dismiss, Qt.MouseButton.LeftButton)
        assert not w.location_bar.isVisible()
        w.project.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_status_change_that_cannot_be_written_says_not_saved_and_shows_the_stored_status(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    def disk_full(_conn: object, _cursor: object, statement: str, *_rest: object) -> None:
        if statement.lstrip().upper().startswith("UPDATE DOCUMENTS"):
            raise sqlite3.OperationalError("database or disk is full")

    engine = window.project.engine
    event.listen(engine, "before_cursor_execute", disk_full)
    try:
        qtbot.keyClick(
            window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
    finally:
        event.remove(engine, "before_cursor_execute", disk_full)
    assert window.saved_label.text().startswith("Not saved")
    assert "disk is full" in window.statusBar().currentMessage()
    (stored,) = sqlite3.connect(project_path).execute("SELECT status FROM documents").fetchone()
    shown = next(s for s, act in window.status_actions.items() if act.isChecked())
    assert shown.value == stored == "not_started"
    # once there is room again, the next write succeeds and the claim comes back
    qtbot.keyClick(
        window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert window.saved_label.text() == "All changes saved"
    (stored,) = sqlite3.connect(project_path).execute("SELECT status FROM documents").fetchone()
    assert stored == "done"


def test_a_refusal_that_wrote_nothing_does_not_say_not_saved(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    doc_id = window.current_document_id
    assert doc_id is not None
    with Project.open(project_path) as colleague:  # another window changed the status meanwhile
        colleague.set_document_status(document_id=doc_id, status="in_progress")
    qtbot.keyClick(
        window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert window.saved_label.text() == "All changes saved"
    message = window.statusBar().currentMessage()
    assert message and "\n" not in message
    (stored,) = sqlite3.connect(project_path).execute("SELECT status FROM documents").fetchone()
    assert stored == "in_progress"


def test_a_codebook_import_refused_as_a_conflict_does_not_say_not_saved(
    qtbot: QtBot, window: MainWindow, project_path: Path, tmp_path: Path
) -> None:
    from dataclasses import replace

    from annotator.codebook import codebook_to_dict

    with Project.open(project_path) as colleague:  # the codebook changed in another window
        colleague.set_codebook(codebook=replace(colleague.codebook, version="2.0"))
    mine = replace(window.project.codebook, version="3.0")
    (tmp_path / "cb.json").write_text(json.dumps(codebook_to_dict(mine)), "utf-8")
    answer_file_dialog(qtbot, folder=tmp_path, names=["cb.json"])
    window.act_import_codebook.trigger()
    assert "changed the codebook" in window.statusBar().currentMessage()
    assert window.saved_label.text() == "All changes saved"
    versions = [r[0] for r in sqlite3.connect(project_path).execute("SELECT version FROM codebooks")]
    assert versions == ["1.0", "2.0"]
