"""The main window driven with real key and mouse events; checks the project file and the view."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.importers.batch import import_articles
from annotator.project import Project
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT, find
from tests.ui.conftest_helpers import answer_file_dialog, drag_select, point_at, settings_in
from ui.textview.positions import PositionMap
from ui.window.mainwindow import MainWindow

SIMPLE = "The minister said the harbour will close.\nCritics called it “a reckless decision”."


def stored(path: Path) -> list[tuple[int, int, str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute('SELECT start, "end", quote, category FROM annotations ORDER BY start').fetchall()
    finally:
        con.close()


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    crlf = tmp_path / "hard-crlf.txt"
    crlf.write_bytes(HARD_CRLF_BYTES)
    with Project.open(path) as p:
        p.add_document(text=SIMPLE, title="Simple")
        report = import_articles(p, [crlf])
        assert report.imported, report.failed
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


def back_in(qtbot: QtBot, window: MainWindow) -> None:
    """After a dialog: the window is active again with the text focused, as for a person."""
    window.activateWindow()
    window.view.setFocus()
    qtbot.waitUntil(lambda: window.isActiveWindow() and QApplication.focusWidget() is window.view)


def select_with_keys(qtbot: QtBot, window: MainWindow, start: int, length: int) -> None:
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(length):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)


def fill_at(window: MainWindow, text: str, cp: int) -> QColor | None:
    """The background colour the highlighter gave the character at ``cp`` (None if none)."""
    qt = PositionMap(text).to_qt(cp)
    block = window.view.document().findBlock(qt)
    offset = qt - block.position()
    for r in block.layout().formats():
        if r.start <= offset < r.start + r.length and r.format.hasProperty(r.format.Property.BackgroundBrush):
            return QColor(r.format.background().color())
    return None


def same_hue(a: QColor | None, hex_color: str) -> bool:
    b = QColor(hex_color)
    return a is not None and (a.red(), a.green(), a.blue()) == (b.red(), b.green(), b.blue())


def open_doc(window: MainWindow, title: str) -> str:
    doc = next(d for d in window.doc_model.documents() if d.title.startswith(title))
    window.open_document(doc.id)
    return window.project.document(doc.id).text


def test_start_shows_first_document_with_focus_in_text(window: MainWindow) -> None:
    assert window.current_document_id == window.doc_model.documents()[0].id
    assert window.view.toPlainText() == SIMPLE
    assert QApplication.focusWidget() is window.view
    assert "Coding as Tess" in window.annotator_label.text()
    assert window.saved_label.text() == "All changes saved"


def test_tag_with_keyboard_snaps_to_words_and_is_stored(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    s, _ = find(SIMPLE, "minister")
    select_with_keys(qtbot, window, s + 2, 10)  # "nister sai": partial words on both sides
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    s2, e2 = find(SIMPLE, "minister said")
    assert stored(project_path) == [(s2, e2, "minister said", "claim")]
    claim = window.project.codebook.category("claim")
    assert claim is not None
    assert same_hue(fill_at(window, SIMPLE, s2), claim.color)
    assert fill_at(window, SIMPLE, e2 + 1) is None
    assert window.act_undo.text().replace("&", "") == "Undo tag as claim"


def test_exact_characters_when_snapping_is_off(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    window.act_snap.trigger()
    assert not window.view.snap_words
    s, _ = find(SIMPLE, "minister")
    select_with_keys(qtbot, window, s + 2, 4)
    qtbot.keyClick(window.view, Qt.Key.Key_3)
    assert stored(project_path) == [(s + 2, s + 6, "nist", "statistic")]


def test_tag_with_mouse_drag_and_toolbar_button(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    s, e = find(SIMPLE, "a reckless decision")
    drag_select(qtbot, window.view, SIMPLE, s, e)
    assert window.view.selection_range(snap=True) == (s, e)
    button = window.toolbar.widgetForAction(window.category_actions["opinion"])
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert stored(project_path) == [(s, e, "a reckless decision", "opinion")]


def test_double_click_word_then_context_menu_category(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    s, e = find(SIMPLE, "harbour")
    qtbot.mouseDClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, SIMPLE, s + 2)
    )
    assert window.view.selection_range(snap=True) == (s, e)
    window.category_actions["quote"].trigger()  # the context menu holds these same actions
    assert stored(project_path) == [(s, e, "harbour", "quote")]


def test_undo_redo_delete_and_recode(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    s, e = find(SIMPLE, "Critics")
    select_with_keys(qtbot, window, s, e - s)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    assert [r[3] for r in stored(project_path)] == ["quote"]
    # a category key on the selected span recodes it
    qtbot.keyClick(window.view, Qt.Key.Key_4)
    assert [r[3] for r in stored(project_path)] == ["opinion"]
    assert window.act_undo.text().replace("&", "") == "Undo change to opinion"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r[3] for r in stored(project_path)] == ["quote"]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stored(project_path) == []
    assert fill_at(window, SIMPLE, s) is None
    qtbot.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert [r[3] for r in stored(project_path)] == ["quote"]
    assert fill_at(window, SIMPLE, s) is not None
    # click the span, Delete removes it; undo brings back the same id
    ann_id = window.ann_model.annotations()[0].id
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, SIMPLE, s + 2)
    )
    assert window.view.selected_annotation_id == ann_id
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(project_path) == []
    assert window.act_undo.text().replace("&", "") == "Undo delete quote"
    window.act_undo.trigger()
    assert window.project.annotations()[0].id == ann_id


def test_boundaries_adjusted_by_keyboard(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    window.act_snap.trigger()  # one character at a time (with snapping a step is a word)
    s, e = find(SIMPLE, "minister")
    select_with_keys(qtbot, window, s, e - s)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    mods = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
    qtbot.keyClick(window.view, Qt.Key.Key_Right, mods)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, mods)
    assert stored(project_path) == [(s, e + 2, "minister s", "claim")]
    qtbot.keyClick(window.view, Qt.Key.Key_Left, mods | Qt.KeyboardModifier.ControlModifier)
    assert stored(project_path) == [(s - 1, e + 2, " minister s", "claim")]


def test_overlapping_spans_are_reached_by_repeated_clicks(qtbot: QtBot, window: MainWindow) -> None:
    p = window.project
    doc_id = window.current_document_id
    assert doc_id is not None
    ids = []
    for needle, cat in (
        ("The minister said the harbour will close.", "claim"),
        ("minister said", "quote"),
        ("minister", "opinion"),
    ):
        s, e = find(SIMPLE, needle)
        change = p.add_annotation(document_id=doc_id, start=s, end=e, category=cat, annotator_id=window.me.id)
        window.apply_change(change)
        assert change.after is not None
        ids.append(change.after.id)
    s, _ = find(SIMPLE, "minister")
    opinion = p.codebook.category("opinion")
    assert opinion is not None
    assert same_hue(fill_at(window, SIMPLE, s + 1), opinion.color), "innermost span fills the overlap"
    seen = []
    for _ in range(3):
        qtbot.mouseClick(
            window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, SIMPLE, s + 3)
        )
        seen.append(window.view.selected_annotation_id)
    assert seen == [ids[2], ids[1], ids[0]]
    assert window.inspector.annotation is not None and window.inspector.annotation.id == ids[0]


def test_inspector_edits_attributes_and_note(qtbot: QtBot, window: MainWindow) -> None:
    s, e = find(SIMPLE, "Critics")
    select_with_keys(qtbot, window, s, e - s)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    speaker = window.inspector.findChild(type(window.find_edit), "attr_speaker")
    assert speaker is not None
    speaker.setFocus()
    qtbot.keyClicks(speaker, "Critics of Sarnovia")
    qtbot.keyClick(speaker, Qt.Key.Key_Return)
    stored_ann = window.project.annotations()[0]
    assert stored_ann.attributes == {"speaker": "Critics of Sarnovia"}
    note = window.inspector.note
    note.setFocus()
    qtbot.keyClicks(note, "check the source")
    window.view.setFocus()  # leaving the note commits it
    assert window.project.annotations()[0].note == "check the source"
    assert window.act_undo.text().replace("&", "") == "Undo edit note"
    window.act_undo.trigger()
    assert window.project.annotations()[0].note == ""


def test_hard_text_from_crlf_file_tags_exactly(qtbot: QtBot, window: MainWindow, project_path: Path) -> None:
    text = open_doc(window, "Minister")
    assert text == HARD_TEXT
    for needle, key in (
        ("👩\u200d👩\u200d👧", Qt.Key.Key_2),
        ("ميزانية", Qt.Key.Key_1),
        ("12\u00a0km", Qt.Key.Key_3),
        ("cafe\u0301", Qt.Key.Key_4),
    ):
        s, e = find(text, needle)
        window.view.select_range(s, e)
        qtbot.keyClick(window.view, key)
    rows = stored(project_path)
    assert sorted(r[2] for r in rows) == sorted(["👩\u200d👩\u200d👧", "ميزانية", "12\u00a0km", "cafe\u0301"])
    for start, end, quote, _ in rows:
        assert text[start:end] == quote
    # the fill covers exactly the UTF-16 range of the emoji sequence
    s, e = find(text, "👩\u200d👩\u200d👧")
    assert fill_at(window, text, s) is not None and fill_at(window, text, e - 1) is not None
    assert fill_at(window, text, e) is None and fill_at(window, text, s - 1) is None


def test_switching_documents_by_keyboard_and_status(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    first = window.current_document_id
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.current_document_id != first
    assert window.view.toPlainText().startswith("Minister")
    assert QApplication.focusWidget() is window.view
    window.status_actions[next(iter(window.status_actions))].trigger()
    qtbot.keyClick(
        window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    con = sqlite3.connect(project_path)
    assert con.execute(
        "SELECT status FROM documents WHERE id=?", (window.current_document_id,)
    ).fetchone() == ("done",)
    con.close()
    qtbot.keyClick(window.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert window.current_document_id == first


def test_codebook_pane_shows_definitions_and_keys(window: MainWindow) -> None:
    html = window.codebook_pane.toPlainText()
    for cat in window.project.codebook.categories:
        assert cat.label in html and cat.definition in html and cat.examples[0] in html


def test_annotation_list_click_selects_span_and_filters(qtbot: QtBot, window: MainWindow) -> None:
    p, doc_id = window.project, window.current_document_id
    assert doc_id is not None
    for needle, cat in (("minister", "claim"), ("harbour", "quote")):
        s, e = find(SIMPLE, needle)
        window.apply_change(
            p.add_annotation(document_id=doc_id, start=s, end=e, category=cat, annotator_id=window.me.id)
        )
    table = window.ann_table
    assert window.ann_proxy.rowCount() == 2
    index = window.ann_proxy.index(1, 3)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    selected = window.view.selected_annotation_id
    assert selected and p.annotation(selected) is not None
    assert p.annotation(selected).quote == "harbour"  # type: ignore[union-attr]
    window.ann_category.setCurrentIndex(window.ann_category.findData("claim"))
    assert window.ann_proxy.rowCount() == 1


def test_find_highlights_matches(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.find_bar.isVisible()
    qtbot.keyClicks(window.find_edit, "the")
    second = SIMPLE.index("the harbour")
    assert window.view.find_matches == [(0, 3), (second, second + 3)]
    assert len(window.view.find_rects()) == 2  # painted by the view, in view
    qtbot.keyClick(window.find_edit, Qt.Key.Key_Escape)
    assert not window.find_bar.isVisible()


def test_read_only_refuses_tagging_with_a_message(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:
    w = MainWindow(
        project=Project.open(project_path, readonly=True),
        annotator_name="Tess",
        settings=settings_in(tmp_path),
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    select_with_keys(qtbot, w, 0, 3)
    qtbot.keyClick(w.view, Qt.Key.Key_1)
    assert "read-only" in w.statusBar().currentMessage()
    assert stored(project_path) == []
    w.project.close()


def test_dragging_the_end_of_the_selected_span_resizes_it(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    s, e = find(SIMPLE, "minister")
    select_with_keys(qtbot, window, s, e - s)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert window.view.selected_annotation_id
    view = window.view
    grab = point_at(view, SIMPLE, e)
    target = point_at(view, SIMPLE, find(SIMPLE, "harbour")[1] - 2)  # inside "harbour": snaps to its end
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=grab)
    qtbot.mouseMove(view.viewport(), pos=target)
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=target)
    new_end = find(SIMPLE, "harbour")[1]
    assert stored(project_path) == [(s, new_end, SIMPLE[s:new_end], "claim")]
    assert window.act_undo.text().replace("&", "") == "Undo resize span"
    window.act_undo.trigger()
    assert stored(project_path) == [(s, e, "minister", "claim")]


def test_layout_recent_projects_and_last_document_are_remembered(
    qtbot: QtBot, window: MainWindow, project_path: Path, tmp_path: Path
) -> None:
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    second = window.current_document_id
    window.view.zoom_in()
    size = window.view.font_point_size
    window.close()
    settings = settings_in(tmp_path)
    assert settings.value("recent_projects") in ([str(project_path)], str(project_path))
    again = MainWindow(project=Project.open(project_path), annotator_name="Tess", settings=settings)
    qtbot.addWidget(again)
    assert again.current_document_id == second
    assert again.view.font_point_size == size
    assert [a.text() for a in again.recent_menu.actions()] == [str(project_path)]
    again.project.close()


def test_import_and_export_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QMessageBox

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    article = inbox / "new.txt"
    article.write_text("Harbour reopens\nThe pier reopened on Monday, officials said.", "utf-8")
    broken = inbox / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a docx")
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda _p, _t, text: shown.append(text))
    answer_file_dialog(qtbot, folder=inbox, names=["new.txt", "broken.docx"])
    window.act_import.trigger()
    titles = [d.title for d in window.doc_model.documents()]
    assert "Harbour reopens" in titles
    assert shown and "1 imported, 0 skipped, 1 failed" in shown[0] and "broken.docx" in shown[0]
    out = tmp_path / "export.csv"
    csv_filter = dict(window.export_choices())["csv"]
    back_in(qtbot, window)
    s, e = find(SIMPLE, "minister")
    window.view.select_range(s, e)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    answer_file_dialog(qtbot, folder=tmp_path, names=["export.csv"], name_filter=csv_filter)
    window.act_export.trigger()
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=30_000)
    lines = out.read_text("utf-8").splitlines()
    assert lines[0].startswith("document_id,") and len(lines) == 2 and ",minister," in lines[1]


def test_changing_the_annotator_name_codes_as_the_new_person(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    window.set_annotator_name("Uma")
    assert window.annotator_label.text() == "Coding as Uma"
    s, e = find(SIMPLE, "harbour")
    window.view.select_range(s, e)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    con = sqlite3.connect(project_path)
    rows = con.execute(
        "SELECT a.name FROM annotations n JOIN annotators a ON a.id = n.annotator_id"
    ).fetchall()
    con.close()
    assert rows == [("Uma",)]


def test_hover_tooltip_names_category_annotator_attributes_and_note(window: MainWindow) -> None:
    doc_id = window.current_document_id
    assert doc_id is not None
    s, e = find(SIMPLE, "Critics")
    window.apply_change(
        window.project.add_annotation(
            document_id=doc_id,
            start=s,
            end=e,
            category="quote",
            annotator_id=window.me.id,
            attributes={"speaker": "critics"},
            note="unnamed critics",
        )
    )
    tip = window.view.tooltip_text(s + 1)
    for part in ("Quote", "Tess", "critics", "unnamed critics"):
        assert part in tip


@pytest.mark.parametrize("fmt", ["qdpx", "w3c", "brat", "webanno"])
def test_export_to_other_tools_formats_from_the_app(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, fmt: str
) -> None:
    doc_id = window.current_document_id
    assert doc_id is not None
    s, e = find(SIMPLE, "harbour")
    window.apply_change(
        window.project.add_annotation(
            document_id=doc_id, start=s, end=e, category="quote", annotator_id=window.me.id
        )
    )
    from annotator.formats import EXPORT_FORMATS

    suffix = next(sfx for name, _flt, sfx in EXPORT_FORMATS if name == fmt)
    out = tmp_path / f"out{suffix}"
    window.export_to(out, fmt)  # in a worker: the window says when it is done
    qtbot.waitUntil(lambda: "Exported" in window.statusBar().currentMessage(), timeout=30_000)
    assert out.stat().st_size > 0
    with Project.open(tmp_path / "other.sqlite") as other:
        report = import_articles(other, [out])
        assert not report.failed, report.failed
        quotes = [a.quote for a in other.annotations()]
        assert quotes == ["harbour"]


def test_failed_undo_is_reported_and_can_be_retried(
    qtbot: QtBot, window: MainWindow, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A write failure during Ctrl+Z: a message, not shown as saved, the stack stays, retry works.

    (How the store turns a full disk or a vanished file into that ProjectError is tested in
    tests/faults; here the project answers with it, to test what the window does.)
    """
    from annotator.errors import ProjectError

    s, e = find(SIMPLE, "harbour")
    window.view.select_range(s, e)
    qtbot.keyClick(window.view, Qt.Key.Key_2)
    ann_id = window.ann_model.annotations()[0].id
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(window.view, SIMPLE, s + 2)
    )
    qtbot.keyClick(window.view, Qt.Key.Key_Delete)
    assert stored(project_path) == []

    def disk_full(**_kw: object) -> None:
        raise ProjectError("could not write to the project: the disk is full")

    with monkeypatch.context() as m:
        m.setattr(window.project, "restore_annotation", disk_full)
        qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
        assert "disk is full" in window.statusBar().currentMessage()
        assert window.saved_label.text().startswith("Not saved")
        assert window.undo_stack.index() == 2
        assert stored(project_path) == []
        # a later refusal (nothing to act on) must not claim the failed write was saved
        window.view.select_annotation(None)
        qtbot.keyClick(window.view, Qt.Key.Key_Delete)
        assert window.saved_label.text().startswith("Not saved")
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert [r[2] for r in stored(project_path)] == ["harbour"]
    assert window.ann_model.annotations()[0].id == ann_id
    assert window.saved_label.text() == "All changes saved"


def test_a_colleagues_project_opens_read_only_for_review(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    colleague = tmp_path / "colleague.sqlite"
    with Project.open(colleague) as p:
        cara = p.ensure_annotator(name="Cara")
        doc = p.add_document(text="Their article, coded by Cara.", title="Theirs").document
        p.add_annotation(document_id=doc.id, start=0, end=5, category="claim", annotator_id=cara.id)
    before = colleague.read_bytes()
    answer_file_dialog(qtbot, folder=tmp_path, names=["colleague.sqlite"])
    window.act_open_readonly.trigger()
    assert window.project.readonly
    assert "read-only" in window.windowTitle()
    assert [a.quote for a in window.ann_model.annotations()] == ["Their"]
    back_in(qtbot, window)
    window.view.select_range(6, 13)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert "read-only" in window.statusBar().currentMessage()
    assert colleague.read_bytes() == before


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_disabled_actions_look_disabled_in_both_themes(window: MainWindow, theme: str) -> None:
    from PySide6.QtGui import QPalette

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    saved_palette, saved_style = app.palette(), app.style().name()
    try:
        window.set_theme(theme)
        palette = QApplication.palette()
        group, role = QPalette.ColorGroup, QPalette.ColorRole.ButtonText
        assert palette.color(group.Disabled, role) != palette.color(group.Active, role)
        assert not window.act_undo.isEnabled()
    finally:  # the palette is the whole application's: leave it as the other tests expect
        app.setStyle(saved_style)
        app.setPalette(saved_palette)
