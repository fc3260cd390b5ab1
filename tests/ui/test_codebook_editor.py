"""A codebook that can change, in the app: the tree pane, the Ctrl+K picker, favourites, the editor.

Driven with real key and mouse events; outcomes are read from the project file.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QToolButton
from pytestqt.qtbot import QtBot

from annotator import history
from annotator.codebook import version_setting_key
from annotator.formats.qdc import codebook_from_qdc
from annotator.project import Project
from annotator.refactor import merge_categories
from tests.annotator.test_codebook_tree import maxqda_like_qdc
from tests.ui.conftest_helpers import drag_select, settings_in
from ui.window.mainwindow import MainWindow

TEXT = "The minister said the harbour will close.\nCritics called it “a reckless decision”."


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def open_window(qtbot: QtBot, path: Path, tmp_path: Path) -> MainWindow:
    w = MainWindow(project=Project.open(path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    return w


@pytest.fixture
def big(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    """A window on a project whose codebook is the 307-code hierarchical one."""
    path = tmp_path / "big.sqlite"
    with Project.open(path) as p:
        p.add_document(text=TEXT, title="Simple")
        p.set_codebook(codebook=codebook_from_qdc(maxqda_like_qdc(), codebook_id="maxqda"))
    w = open_window(qtbot, path, tmp_path)
    yield w, path
    w.project.close()


@pytest.fixture
def small(qtbot: QtBot, tmp_path: Path) -> Iterator[tuple[MainWindow, Path]]:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        p.add_document(text=TEXT, title="Simple")
    w = open_window(qtbot, path, tmp_path)
    yield w, path
    w.project.close()


def toolbar_category_buttons(window: MainWindow) -> list[QToolButton]:
    found = []
    for act in window.toolbar.actions():
        if act in window.category_actions.values():
            button = window.toolbar.widgetForAction(act)
            assert isinstance(button, QToolButton)
            found.append(button)
    return found


def test_a_307_code_codebook_shows_favourites_distinct_colours_and_an_honest_hint(
    big: tuple[MainWindow, Path],
) -> None:
    window, _ = big
    cb = window.project.codebook
    assert len(cb.categories) == 307
    buttons = toolbar_category_buttons(window)
    assert 1 <= len(buttons) <= window.TOOLBAR_FAVOURITES
    colors = [cb.category(cid).color for cid in window.favourite_categories()]  # type: ignore[union-attr]
    assert len(set(colors)) == len(colors)
    assert all(cb.category(cid).codable for cid in window.favourite_categories())  # type: ignore[union-attr]
    hint = window.inspector.placeholder.text()
    assert "1–4" not in hint and "keys 1–9" in hint and "Ctrl+K" in hint
    # the pane is a tree: the groups at the top level, their codes under them
    tree = window.codebook_pane.tree
    assert tree.topLevelItemCount() == 11
    assert tree.topLevelItem(1).childCount() == 9  # type: ignore[union-attr]


def test_typing_in_the_codebook_filter_narrows_the_tree_and_enter_tags(
    qtbot: QtBot, big: tuple[MainWindow, Path]
) -> None:
    window, path = big
    pane = window.codebook_pane
    s, e = TEXT.index("harbour"), TEXT.index("harbour") + len("harbour")
    drag_select(qtbot, window.view, TEXT, s, e)
    qtbot.mouseClick(pane.filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(pane.filter, "code 5.2.7")
    shown = pane.visible_categories()
    labels = [window.project.codebook.category(c).label for c in shown]  # type: ignore[union-attr]
    assert labels == ["Group 5", "Code 5.2", "Code 5.2.7"]
    assert "Code 5.2.7" in pane.toPlainText() and "under Group 5 › Code 5.2" in pane.toPlainText()
    qtbot.keyClick(pane.filter, Qt.Key.Key_Return)
    assert rows(path, "SELECT quote, category FROM annotations") == [("harbour", "code-5-2-7")]


def test_ctrl_k_picker_filters_as_you_type_and_enter_applies_it(
    qtbot: QtBot, big: tuple[MainWindow, Path]
) -> None:
    window, path = big
    s = TEXT.index("a reckless decision")
    drag_select(qtbot, window.view, TEXT, s, s + len("a reckless decision"))
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = window.code_picker
    qtbot.waitUntil(lambda: picker.isVisible() and QApplication.focusWidget() is picker.edit)
    # groups that are not codable are not offered
    assert "group-1" not in picker.visible_ids() and "group-2" in picker.visible_ids()
    qtbot.keyClicks(picker.edit, "9.1.")
    assert picker.visible_ids()[:2] == ["code-9-1-1", "code-9-1-2"]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Down)
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert not picker.isVisible()
    assert rows(path, "SELECT quote, category FROM annotations") == [("a reckless decision", "code-9-1-2")]
    # the same path as a category key: one undoable step
    window.undo_stack.undo()
    assert rows(path, "SELECT count(*) FROM annotations") == [(0,)]


def test_escape_closes_the_picker_and_tags_nothing(qtbot: QtBot, small: tuple[MainWindow, Path]) -> None:
    window, path = small
    drag_select(qtbot, window.view, TEXT, 4, 12)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = window.code_picker
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.edit, "quo")
    assert picker.visible_ids() == ["quote"]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Escape)
    assert not picker.isVisible()
    assert rows(path, "SELECT count(*) FROM annotations") == [(0,)]


def test_starring_a_code_puts_it_on_the_toolbar(big: tuple[MainWindow, Path]) -> None:
    window, _ = big
    before = window.favourite_categories()
    window.codebook_pane.favourite_toggled.emit("code-7-3", True)
    assert window.favourite_categories() == [*before, "code-7-3"][: window.TOOLBAR_FAVOURITES]
    assert window.category_actions["code-7-3"] in window.toolbar.actions()


def test_the_editor_renames_adds_nests_and_saves_a_new_version_with_its_log(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    window.act_edit_codebook.trigger()
    editor = window.codebook_editor
    qtbot.waitUntil(editor.isVisible)
    tree = editor.tree
    # rename Claim (its id stays)
    claim = tree.topLevelItem(0)
    assert claim is not None
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(claim).center())
    assert editor.id_label.text() == "claim"
    editor.label_edit.selectAll()
    qtbot.keyClicks(editor.label_edit, "Assertion")
    # a new category under it, with a definition and an example
    qtbot.mouseClick(editor.add_child_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.label_edit, "Economic assertion")
    qtbot.mouseClick(editor.definition_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.definition_edit, "An assertion about the economy.")
    qtbot.mouseClick(editor.examples_edit.viewport(), Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.examples_edit, "Exports fell by 4%.")
    # move Opinion up one
    opinion = tree.topLevelItem(3)
    assert opinion is not None
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=tree.visualItemRect(opinion).center())
    qtbot.mouseClick(editor.up_button, Qt.MouseButton.LeftButton)
    assert "renamed 'claim'" in editor.summary.text()
    save = editor.buttons.button(editor.buttons.StandardButton.Save)
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())

    assert rows(path, "SELECT codebook_id, version FROM codebooks WHERE is_current") == [
        ("news-statements", "1.0-2")
    ]
    cats = rows(
        path,
        "SELECT c.key, c.label, c.definition, c.examples FROM categories c "
        "JOIN codebooks b ON b.pk = c.codebook_pk WHERE b.is_current ORDER BY c.position",
    )
    assert [c[0] for c in cats] == ["claim", "new-category", "quote", "opinion", "statistic"]
    assert cats[0][1] == "Assertion" and cats[1][1:3] == (
        "Economic assertion",
        "An assertion about the economy.",
    )
    assert json.loads(cats[1][3]) == ["Exports fell by 4%."]
    setting = "SELECT value FROM settings WHERE key = ?"

    def stored_setting(kind: str) -> Any:
        con = sqlite3.connect(path)
        try:
            found = con.execute(setting, (version_setting_key(kind, "news-statements", "1.0-2"),)).fetchone()
        finally:
            con.close()
        return json.loads(found[0])

    assert stored_setting("tree")["parents"] == {"new-category": "claim"}
    log = stored_setting("log")
    assert log["who"] == "Tess" and "renamed 'claim': 'Claim' -> 'Assertion'" in log["what"]
    assert "added 'new-category' (Economic assertion)" in log["what"]
    # the old version is kept; the window shows the new one
    assert rows(path, "SELECT count(*) FROM codebooks") == [(2,)]
    assert window.category_actions["claim"].text() == "Assertion"
    assert window.codebook_pane.tree.topLevelItem(0).childCount() == 1  # type: ignore[union-attr]


def test_the_editor_refuses_a_bad_colour_in_one_line(qtbot: QtBot, small: tuple[MainWindow, Path]) -> None:
    window, path = small
    window.act_edit_codebook.trigger()
    editor = window.codebook_editor
    qtbot.waitUntil(editor.isVisible)
    # opening and saving changes nothing (every field, attribute descriptions too, reads back the same)
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert editor.isVisible() and editor.problem.text() == "Nothing has changed."
    editor.color_edit.selectAll()
    qtbot.keyClicks(editor.color_edit, "blue")
    assert "is not a #RRGGBB colour" in editor.problem.text()
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    assert editor.isVisible()
    editor.reject()
    assert rows(path, "SELECT count(*) FROM codebooks") == [(1,)]


def test_undoing_a_merge_made_elsewhere_shows_the_old_codebook(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    s = TEXT.index("harbour")
    drag_select(qtbot, window.view, TEXT, s, s + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    result = merge_categories(window.project, sources=["opinion"], into="claim")
    window._show_codebook()
    assert "opinion" not in window.category_actions
    done = history.undo(window.project, step_id=result.step_id)
    window.apply_changes(done.changes)
    assert "opinion" in window.category_actions
    assert rows(path, "SELECT category FROM annotations") == [("opinion",)]


def test_spans_from_an_older_codebook_version_are_flagged_and_filterable(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    for word, key in (("harbour", Qt.Key.Key_2), ("Critics", Qt.Key.Key_1)):
        s = TEXT.index(word)
        drag_select(qtbot, window.view, TEXT, s, s + len(word))
        qtbot.keyClick(window.view, key)
    assert len(rows(path, "SELECT id FROM annotations")) == 2
    # a refactoring recodes one of them; the other stays as it was coded, under version 1.0
    merge_categories(window.project, sources=["claim"], into="statement", label="Statement")
    window._show_codebook()
    doc_id = window.current_document_id
    assert doc_id is not None
    window.ann_model.set_annotations(
        window.project.annotations(document_id=doc_id), codebook=window.project.codebook, names={}
    )
    pane = window.annotations_pane
    assert pane.proxy.rowCount() == 2
    labels = sorted(str(pane.proxy.index(r, 2).data()) for r in range(pane.proxy.rowCount()))
    assert labels == ["Quote  (v1.0)", "Statement"]
    box = pane.older_filter
    assert box.isVisible()
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert box.isChecked()
    assert [str(pane.proxy.index(r, 3).data()) for r in range(pane.proxy.rowCount())] == ["harbour"]
    assert rows(path, "SELECT quote, codebook_version FROM annotations ORDER BY start") == [
        ("harbour", "1.0"),
        ("Critics", "1.0-2"),
    ]


def test_the_editor_finds_a_code_in_a_large_codebook_and_recolours_it(
    qtbot: QtBot, big: tuple[MainWindow, Path]
) -> None:
    window, path = big
    window.act_edit_codebook.trigger()
    editor = window.codebook_editor
    qtbot.waitUntil(editor.isVisible)
    qtbot.mouseClick(editor.filter, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(editor.filter, "code 10.2.7")
    assert editor.id_label.text() == "code-10-2-7"
    editor.color_edit.selectAll()
    qtbot.keyClicks(editor.color_edit, "#112233")
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert rows(
        path,
        "SELECT c.color FROM categories c JOIN codebooks b ON b.pk = c.codebook_pk "
        "WHERE b.is_current AND c.key = 'code-10-2-7'",
    ) == [("#112233",)]
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("2",)]
    # the tree survived the save: 307 codes, the same parents
    again = window.project.codebook
    assert len(again.categories) == 307 and again.category("code-10-2-7").parent == "code-10-2"  # type: ignore[union-attr]


def test_merging_in_the_app_recodes_the_spans_and_ctrl_z_takes_it_back(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    for word, key in (("harbour", Qt.Key.Key_4), ("Critics", Qt.Key.Key_1)):
        s = TEXT.index(word)
        drag_select(qtbot, window.view, TEXT, s, s + len(word))
        qtbot.keyClick(window.view, key)
    result = window.merge_categories_into(["opinion"], "claim")
    assert result is not None and len(result.changed) == 1
    assert rows(path, "SELECT quote, category FROM annotations ORDER BY start") == [
        ("harbour", "claim"),
        ("Critics", "claim"),
    ]
    assert "opinion" not in window.category_actions
    assert window.act_undo.text() == "&Undo merge opinion into claim"
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(path, "SELECT quote, category FROM annotations ORDER BY start") == [
        ("harbour", "opinion"),
        ("Critics", "claim"),
    ]
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("1.0",)]
    assert "opinion" in window.category_actions
    # the view shows the span in the opinion colour again, and the Annotations pane names it
    labels = [str(window.ann_proxy.index(r, 2).data()) for r in range(window.ann_proxy.rowCount())]
    assert sorted(labels) == ["Claim", "Opinion"]


def test_splitting_in_the_app_lists_the_spans_and_refuses_the_group_key(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    s = TEXT.index("harbour")
    drag_select(qtbot, window.view, TEXT, s, s + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    result = window.split_category_into("quote", ["Direct quote", "Partial quote"])
    assert result is not None and [a.quote for a in result.to_recode] == ["harbour"]
    assert [c.id for c in window.project.codebook.children("quote")] == ["direct-quote", "partial-quote"]
    # the group has no key any more: its action is gone, its key tags the first new category
    assert "quote" not in window.category_actions
    assert window.category_actions["direct-quote"].shortcut().toString() == "2"
    s = TEXT.index("Critics")
    drag_select(qtbot, window.view, TEXT, s, s + 7)
    qtbot.keyClick(window.view, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    picker = window.code_picker
    qtbot.waitUntil(picker.isVisible)
    qtbot.keyClicks(picker.edit, "partial")
    assert picker.visible_ids() == ["partial-quote"]
    qtbot.keyClick(picker.edit, Qt.Key.Key_Return)
    assert rows(path, "SELECT quote, category FROM annotations ORDER BY start") == [
        ("harbour", "quote"),
        ("Critics", "partial-quote"),
    ]


def test_the_editor_sees_no_change_in_a_tree_stored_out_of_tree_order(qtbot: QtBot, tmp_path: Path) -> None:
    from tests.annotator.test_codebook_tree import tree_codebook

    path = tmp_path / "t.sqlite"
    with Project.open(path) as p:
        p.add_document(text=TEXT, title="Simple")
        p.set_codebook(codebook=tree_codebook())  # claim-econ is listed last, under claim
    window = open_window(qtbot, path, tmp_path)
    try:
        window.act_edit_codebook.trigger()
        editor = window.codebook_editor
        qtbot.waitUntil(editor.isVisible)
        assert editor.summary.text().startswith("No changes yet")
        qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
        assert editor.problem.text() == "Nothing has changed."
        editor.reject()
    finally:
        window.project.close()


def test_removing_an_attribute_in_the_editor_takes_its_values_off_and_ctrl_z_puts_them_back(
    qtbot: QtBot, small: tuple[MainWindow, Path]
) -> None:
    window, path = small
    s = TEXT.index("minister")
    drag_select(qtbot, window.view, TEXT, s, s + 8)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    (span,) = window.project.annotations()
    window.project.update_annotation(
        annotation_id=span.id, attributes={"hedged": True, "attributed_to": "aide"}
    )
    window.act_edit_codebook.trigger()
    editor = window.codebook_editor
    qtbot.waitUntil(editor.isVisible)
    assert editor.id_label.text() == "claim"
    table = editor.attributes
    hedged_row = next(r for r in range(table.rowCount()) if table.item(r, 0).text() == "hedged")  # type: ignore[union-attr]
    qtbot.mouseClick(
        table.viewport(),
        Qt.MouseButton.LeftButton,
        pos=table.visualItemRect(table.item(hedged_row, 1)).center(),  # type: ignore[arg-type]
    )
    qtbot.mouseClick(editor.remove_attr_button, Qt.MouseButton.LeftButton)
    assert "dropped attribute 'hedged' of 'claim'" in editor.summary.text()
    qtbot.mouseClick(editor.buttons.button(editor.buttons.StandardButton.Save), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not editor.isVisible())
    assert json.loads(rows(path, "SELECT attributes FROM annotations")[0][0]) == {"attributed_to": "aide"}
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("1.0-2",)]
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert json.loads(rows(path, "SELECT attributes FROM annotations")[0][0]) == {
        "hedged": True,
        "attributed_to": "aide",
    }
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("1.0",)]
