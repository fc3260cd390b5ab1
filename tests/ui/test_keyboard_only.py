"""The whole workflow with the keyboard alone: no mouse event, no widget method standing in for one.

Import two articles (Ctrl+I and the file dialog's name field), open the second (Ctrl+PgDown), select
with Shift+arrows, tag (2), recode (4), write a note (F2, back with F6), review a colleague's
version (Ctrl+R, F8, Alt+1) and export the dataset (Ctrl+E). The project file and the exported
file are read to check each outcome.
"""

from __future__ import annotations

import itertools
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QFileDialog, QLineEdit, QPushButton
from pytestqt.qtbot import QtBot

from annotator.project import Project
from tests.ui.conftest_helpers import settings_in
from ui.window.mainwindow import MainWindow

FIRST = "Budget vote delayed\nThe assembly will vote on the budget next week."
SECOND = "Harbour reopens\nThe union said the new rota was very useful and constructive, officials said."
PHRASE = "very useful and constructive"


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def spans_of(path: Path, name: str) -> list[tuple[object, ...]]:
    return rows(
        path,
        "SELECT a.quote, a.category, a.note FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
        f"WHERE n.name = '{name}' ORDER BY a.start",
    )


def answer_file_dialog_with_keys(qtbot: QtBot, *, folder: Path, names: str, done: list[str]) -> None:
    """In the next file dialog, type ``folder`` and Enter (it goes there), then ``names`` and Enter.

    Only key events reach the dialog; its name field has the focus when it opens, as for a person.
    """

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QFileDialog):
            QTimer.singleShot(20, answer)
            return
        try:
            field = dialog.findChild(QLineEdit, "fileNameEdit")
            assert field is not None
            dialog.activateWindow()  # what the window manager does for a new dialog
            qtbot.waitUntil(lambda: QApplication.focusWidget() is field)
            qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(field, str(folder))
            qtbot.keyClick(field, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: Path(dialog.directory().absolutePath()) == folder.resolve())
            qtbot.wait(200)  # the dialog lists the folder
            qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            qtbot.keyClicks(field, names)
            qtbot.keyClick(field, Qt.Key.Key_Return)
            done.append(names)
        finally:
            if dialog.isVisible():
                dialog.reject()

    QTimer.singleShot(0, answer)


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    (tmp_path / "project").mkdir()
    w = MainWindow(
        project=Project.open(tmp_path / "project" / "p.sqlite"),
        annotator_name="Tess",
        settings=settings_in(tmp_path),
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(w.isActiveWindow)
    yield w
    w.project.close()


def test_the_whole_workflow_with_the_keyboard_alone(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    project_path = tmp_path / "project" / "p.sqlite"
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "a-budget.txt").write_text(FIRST, "utf-8")
    (inbox / "b-harbour.txt").write_text(SECOND, "utf-8")

    # import: Ctrl+I, then the file dialog's name field
    done: list[str] = []
    answer_file_dialog_with_keys(qtbot, folder=inbox, names='"a-budget.txt" "b-harbour.txt"', done=done)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.doc_model.documents()) == 2)
    assert done
    assert sorted(r[0] for r in rows(project_path, "SELECT title FROM documents")) == [
        "Budget vote delayed",
        "Harbour reopens",
    ]

    # open the other document: Ctrl+PgDown (Go > Next Document), until the harbour one is shown
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    for _ in range(2):
        if PHRASE in window.view.text:
            break
        qtbot.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert PHRASE in window.view.text

    # select with Shift+arrows in the text (F6 puts the focus there)
    qtbot.keyClick(window, Qt.Key.Key_F6)
    view = window.view
    assert QApplication.focusWidget() is view
    text = view.text
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(text.index(PHRASE)):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(len(PHRASE)):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)

    # tag with a key, then recode the selected span with another
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert spans_of(project_path, "Tess") == [(PHRASE, "quote", "")]
    assert window.statusBar().currentMessage() == f"Quote added: '{PHRASE}'"
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert spans_of(project_path, "Tess") == [(PHRASE, "opinion", "")]

    # a note: F2 goes to the note of the selected span, F6 back to the text (which keeps the note)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    note = QApplication.focusWidget()
    assert note is window.inspector.note
    qtbot.keyClicks(note, "praise from the union")
    qtbot.keyClick(note, Qt.Key.Key_F6)
    assert QApplication.focusWidget() is view
    assert spans_of(project_path, "Tess") == [(PHRASE, "opinion", "praise from the union")]

    # a colleague coded the same words as a claim (another process writes the project)
    with Project.open(project_path) as other:
        ben = other.ensure_annotator(name="Ben")
        doc_id = window.current_document_id
        assert doc_id is not None
        start = text.index(PHRASE)
        other.add_annotation(
            document_id=doc_id, start=start, end=start + len(PHRASE), category="claim", annotator_id=ben.id
        )
    window.show_file_state()  # what the window does when it is next activated

    # review: Ctrl+R, F8 to the disagreement, Alt+1 accepts the first coder's version
    qtbot.keyClick(view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.review_dock.isVisible())
    view.setFocus(Qt.FocusReason.ShortcutFocusReason)
    qtbot.keyClick(view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: "Review unit: " in window.statusBar().currentMessage())
    assert PHRASE in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    decided = spans_of(project_path, "Adjudicated (Tess)")
    assert len(decided) == 1 and decided[0][0] == PHRASE and decided[0][1] in ("opinion", "claim")

    # export: Ctrl+E, the file name typed, Enter
    out = tmp_path / "out"
    out.mkdir()
    done.clear()
    answer_file_dialog_with_keys(qtbot, folder=out, names="dataset.json", done=done)
    qtbot.keyClick(view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: (out / "dataset.json").exists())
    data = json.loads((out / "dataset.json").read_text("utf-8"))
    spans = [a for d in data["documents"] for a in d["annotations"]]
    names = {a["id"]: a["name"] for a in data["annotators"]}
    mine = [a for a in spans if names[a["annotator"]] == "Tess"]
    assert [(a["quote"], a["category"], a.get("note", "")) for a in mine] == [
        (PHRASE, "opinion", "praise from the union")
    ]
    assert any(names[a["annotator"]] == "Adjudicated (Tess)" for a in spans)


def dialogs_to_check() -> list[str]:
    return ["preferences", "memo", "properties", "login", "search"]


@pytest.mark.parametrize("kind", dialogs_to_check())
def test_each_dialog_has_a_default_button_and_a_tab_order_from_top_to_bottom(
    qtbot: QtBot, window: MainWindow, kind: str
) -> None:
    """Enter accepts (a default button), and Tab visits the fields in reading order, ending on
    the buttons, without leaving the dialog."""
    from tests.ui.test_accessibility import DIALOGS

    window.project.add_document(text=FIRST, title="Budget")
    window.doc_model.set_documents(window.project.documents())
    window.open_document(window.doc_model.documents()[0].id)
    dialog: QDialog = DIALOGS[kind](window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    box = dialog.findChild(QDialogButtonBox)
    buttons = dialog.findChildren(QPushButton)
    if box is not None and kind != "search":
        assert any(b.isDefault() or b.autoDefault() for b in buttons), "no default button"
    # walk the focus chain with Tab: every stop is inside the dialog, and each field comes once
    dialog.activateWindow()  # what the window manager does for a new dialog
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    first = QApplication.focusWidget()
    assert first is not None
    seen = [first]
    for _ in range(40):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        now = QApplication.focusWidget()
        assert now is not None and dialog.isAncestorOf(now)
        if now is first:
            break
        seen.append(now)
    assert now is first, "Tab does not come back round"
    tops = [w.mapTo(dialog, w.rect().topLeft()).y() for w in seen]
    # reading order: never more than one step back up (a button row may share a line)
    assert sum(1 for a, b in itertools.pairwise(tops) if b < a - 4) <= 1, [
        (type(w).__name__, w.objectName(), y) for w, y in zip(seen, tops, strict=False)
    ]
    dialog.close()
