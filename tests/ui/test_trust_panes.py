"""Every pane shows what the project file holds, and nothing the user types is lost or changed.

Driven with real key and mouse events; each test reads the project file (another connection) and
compares it with what the panes show.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.project import Project
from tests.annotator.hard_text import find
from tests.ui.conftest_helpers import answer_file_dialog, point_at, settings_in
from ui.panes.models import ID_ROLE
from ui.window.mainwindow import MainWindow

SIMPLE = "The minister said the harbour will close.\nCritics called it “a reckless decision”."
SECOND = "Officials said 12 ships were turned away.\nThe port authority disagreed."


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        p.add_document(text=SIMPLE, title="Simple")
        p.add_document(text=SECOND, title="Second")
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


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def select_keys(qtbot: QtBot, window: MainWindow, start: int, length: int) -> None:
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(length):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def tag(qtbot: QtBot, window: MainWindow, needle: str, key: Qt.Key, text: str = SIMPLE) -> None:
    s, e = find(text, needle)
    select_keys(qtbot, window, s, e - s)
    qtbot.keyClick(window.view, key)


def click_span(qtbot: QtBot, window: MainWindow, cp: int, text: str = SIMPLE) -> None:
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, text, cp))


def table_selection(window: MainWindow) -> list[str]:
    """The annotation ids of the rows the Annotations table shows as selected."""
    return [str(i.data(ID_ROLE)) for i in window.ann_table.selectionModel().selectedRows()]


def stored_one(path: Path) -> tuple[int, int, str, str, str]:
    (row,) = rows(path, 'SELECT start, "end", quote, category, note FROM annotations')
    return (int(str(row[0])), int(str(row[1])), str(row[2]), str(row[3]), str(row[4]))


# -- the inspector and the annotation list follow every edit ------------------------------------------


def test_inspector_follows_a_recode_by_key_and_its_attributes_then_apply(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    tag(qtbot, window, "reckless decision", Qt.Key.Key_4)  # opinion
    assert window.inspector.category.currentData() == "opinion"
    qtbot.keyClick(window.view, Qt.Key.Key_1)  # recode the selected span as a claim
    assert stored_one(project_path)[3] == "claim"
    assert window.inspector.category.currentData() == "claim"
    hedged = window.inspector.findChild(QCheckBox, "attr_hedged")
    assert hedged is not None, "the claim's attributes are shown"
    qtbot.mouseClick(hedged, Qt.MouseButton.LeftButton, pos=QPoint(8, hedged.height() // 2))  # the box
    attrs = json.loads(str(rows(project_path, "SELECT attributes FROM annotations")[0][0]))
    assert attrs == {"hedged": True}
    assert hedged.isChecked()
    assert "not defined" not in window.statusBar().currentMessage()


def test_inspector_follows_a_resize_by_keys(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    s, e = find(SIMPLE, "minister said")
    qtbot.keyClick(
        window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    )
    assert stored_one(project_path)[:3] == (s, e, "minister said")
    assert window.inspector.offsets.text().startswith(f"{s}–{e} ")
    assert window.inspector.quote.text() == "minister said"


def test_annotation_table_selects_the_row_of_the_selected_span_after_tag_and_recode(
    qtbot: QtBot, window: MainWindow
) -> None:
    tag(qtbot, window, "reckless decision", Qt.Key.Key_4)
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    tag(qtbot, window, "harbour", Qt.Key.Key_2)
    selected = window.view.selected_annotation_id
    assert selected is not None and table_selection(window) == [selected]
    qtbot.keyClick(window.view, Qt.Key.Key_3)  # recode "harbour"
    assert window.view.selected_annotation_id == selected
    assert table_selection(window) == [selected]
    click_span(qtbot, window, find(SIMPLE, "reckless")[0] + 1)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert table_selection(window) == [window.view.selected_annotation_id]


# -- a colleague's dataset imported in the app ------------------------------------------------------


def test_document_counts_and_names_after_importing_a_colleagues_dataset(
    qtbot: QtBot, window: MainWindow, project_path: Path, tmp_path: Path
) -> None:
    colleague = tmp_path / "colleague.sqlite"
    with Project.open(colleague) as p:
        for title, text in (("Simple", SIMPLE), ("Second", SECOND)):
            doc = p.add_document(text=text, title=title).document
            cara = p.ensure_annotator(name="Cara Colleague")
            for word in ("said", "the", "a"):
                if word in text:
                    s = text.index(word)
                    p.add_annotation(
                        document_id=doc.id, start=s, end=s + len(word), category="claim", annotator_id=cara.id
                    )
    from annotator.dataset import export_dataset

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    export_dataset(Project.open(colleague), inbox / "cara.json", fmt="json")
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    window.act_show_others.trigger()  # a colleague's layer shows only when asked (blind coding)
    answer_file_dialog(qtbot, folder=inbox, names=["cara.json"])
    window.act_import.trigger()
    window.activateWindow()  # back from the dialog: the window looks at the file again
    qtbot.wait(50)
    window.on_poll_changes()
    stored = dict(rows(project_path, "SELECT document_id, count(*) FROM annotations GROUP BY document_id"))
    shown = {d.id: d.annotation_count for d in window.doc_model.documents()}
    assert shown == {k: int(str(v)) for k, v in stored.items()}
    names = {str(window.ann_model.index(r, 4).data()) for r in range(window.ann_model.rowCount())}
    assert names == {"Tess", "Cara Colleague"}


# -- notes and keys ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "modifier"),
    [
        (Qt.Key.Key_Down, Qt.KeyboardModifier.ControlModifier),  # next span
        (Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier),  # next document
    ],
)
def test_a_note_being_typed_is_stored_when_the_selection_moves_on(
    qtbot: QtBot, window: MainWindow, project_path: Path, key: Qt.Key, modifier: Qt.KeyboardModifier
) -> None:
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    tag(qtbot, window, "harbour", Qt.Key.Key_2)
    click_span(qtbot, window, find(SIMPLE, "minister")[0] + 1)
    note = window.inspector.note
    note.setFocus()
    qtbot.keyClicks(note, "ask the desk")
    qtbot.keyClick(note, key, modifier)
    notes = dict(rows(project_path, "SELECT quote, note FROM annotations"))
    assert notes == {"minister": "ask the desk", "harbour": ""}


def test_a_note_being_typed_is_stored_when_the_window_closes(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    note = window.inspector.note
    note.setFocus()
    qtbot.keyClicks(note, "last words")
    window.close()
    assert stored_one(project_path)[4] == "last words"


def test_a_text_attribute_being_typed_is_stored_when_the_selection_moves_on(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    tag(qtbot, window, "reckless decision", Qt.Key.Key_2)  # a quote has a speaker
    speaker = window.inspector.findChild(QLineEdit, "attr_speaker")
    assert speaker is not None
    speaker.setFocus()
    qtbot.keyClicks(speaker, "Critics")
    qtbot.keyClick(speaker, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    attrs = json.loads(str(rows(project_path, "SELECT attributes FROM annotations")[0][0]))
    assert attrs == {"speaker": "Critics"}


def test_tab_in_the_note_moves_focus_instead_of_typing_a_tab(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    note = window.inspector.note
    note.setFocus()
    qtbot.keyClicks(note, "a note")
    qtbot.keyClick(note, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not note
    assert stored_one(project_path)[4] == "a note"


def test_extending_a_span_with_snapping_takes_whole_words_and_never_a_space(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert window.view.snap_words
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    grow = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Right, grow)
    assert stored_one(project_path)[2] == "minister said"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, grow)
    assert stored_one(project_path)[2] == "minister said the"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, grow)  # shrink the end by a word
    assert stored_one(project_path)[2] == "minister said"
    qtbot.keyClick(window.view, Qt.Key.Key_Left, grow | Qt.KeyboardModifier.ControlModifier)
    assert stored_one(project_path)[2] == "The minister said"
    qtbot.keyClick(window.view, Qt.Key.Key_Right, grow | Qt.KeyboardModifier.ControlModifier)
    assert stored_one(project_path)[2] == "minister said"


def test_extending_without_snapping_moves_one_character(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    window.act_snap.trigger()
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    qtbot.keyClick(
        window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    )
    assert stored_one(project_path)[2] == "minister "


def test_span_actions_are_enabled_only_with_a_span_selected(qtbot: QtBot, window: MainWindow) -> None:
    span_actions = [
        window.act_delete,
        window.act_end_grow,
        window.act_end_shrink,
        window.act_start_grow,
        window.act_start_shrink,
    ]
    assert not any(a.isEnabled() for a in span_actions)
    tag(qtbot, window, "minister", Qt.Key.Key_1)
    assert all(a.isEnabled() for a in span_actions)
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert not any(a.isEnabled() for a in span_actions)
    assert window.ann_model.rowCount(QModelIndex()) == 0
