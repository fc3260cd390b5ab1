"""Documents as researchers describe them, in the app, driven with real key and mouse events:
the properties dialog, the Documents pane's metadata cells, the article body in the text view,
the Document pane (coded variables, memo), the project memo and the Analysis pane."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit
from pytestqt.qtbot import QtBot

from annotator.codebook import codebook_from_dict, codebook_to_dict
from annotator.importers.batch import import_articles
from annotator.project import Project
from tests.conftest import CORPUS
from tests.ui.conftest_helpers import answer_file_dialog, drag_select, settings_in
from ui.dialogs.memo import ProjectMemoDialog
from ui.dialogs.properties import PropertiesDialog
from ui.window.mainwindow import MainWindow

PORTAL = "portal-2026-08-20-missed-window.txt"
COURIER = "courier-2026-03-30-ministers-urge-mediation.txt"
HARBOUR = "2026-04-harbour-talks-to-resume.txt"


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        data = codebook_to_dict(p.codebook)
        data["version"] = "1.1"
        data["variables"] = [
            {"id": "frame", "label": "Main frame", "kind": "coded", "choices": ["conflict", "economy"]},
            {"id": "sources", "label": "Sources quoted", "kind": "coded", "type": "numeric"},
            {"id": "section", "label": "Section", "kind": "descriptive", "choices": ["Economy", "World"]},
        ]
        p.set_codebook(codebook=codebook_from_dict(data))
        report = import_articles(p, sorted(CORPUS.glob("*.txt")))
        assert len(report.imported) == 3, report.failed
        rev = p.ensure_annotator(name="Rev")
        adj = p.adjudicated_layer(reviewer_id=rev.id, create=True)
        assert adj is not None
        for d in p.documents():
            text = p.document(d.id).text
            start, end = d.body_span
            for needle in ("the", "said"):
                at = text.find(f" {needle} ", start, end)
                if at >= 0:
                    category = "quote" if needle == "said" else "claim"
                    p.add_annotation(
                        document_id=d.id,
                        start=at + 1,
                        end=at + 1 + len(needle),
                        category=category,
                        annotator_id=adj.id,
                    )
    return path


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.resize(1400, 880)
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


def open_file(window: MainWindow, name: str) -> str:
    doc = next(d for d in window.doc_model.documents() if d.original_filename == name)
    window.open_document(doc.id)
    return doc.id


def stored(window: MainWindow, doc_id: str) -> object:
    with Project.open(window.project.path) as p:  # type: ignore[arg-type]
        return next(d for d in p.documents() if d.id == doc_id)


def on_dialog(qtbot: QtBot, kind: type, act: object) -> list[BaseException]:
    """Run ``act(dialog)`` on the next modal dialog of ``kind`` the app opens.

    Returns the list that receives what ``act`` raised (the dialog is then closed, so a failing
    test does not wait on it for ever).
    """
    errors: list[BaseException] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, kind):
            QTimer.singleShot(20, answer)
            return
        try:
            act(dialog)  # type: ignore[operator]
        except BaseException as exc:
            errors.append(exc)
            dialog.reject()

    QTimer.singleShot(20, answer)
    return errors


def test_the_properties_dialog_edits_metadata_as_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    doc_id = open_file(window, HARBOUR)
    seen: list[str] = []

    def fill(dialog: PropertiesDialog) -> None:
        seen.append(dialog.edits["title"].text())  # type: ignore[union-attr]
        outlet = dialog.edits["outlet"]
        assert isinstance(outlet, QComboBox)
        outlet.lineEdit().selectAll()
        qtbot.keyClicks(outlet.lineEdit(), "Harbour Herald")
        date = dialog.edits["date"]
        assert isinstance(date, QLineEdit)
        date.selectAll()
        qtbot.keyClicks(date, "04.11.2026")  # day first
        section = dialog.edits["section"]
        assert isinstance(section, QComboBox)
        section.setFocus()
        qtbot.keyClick(section, Qt.Key.Key_Down)
        dialog.memo.setFocus()
        qtbot.keyClicks(dialog.memo, "Ask the second coder about paragraph 3.")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    errors = on_dialog(qtbot, PropertiesDialog, fill)
    qtbot.keyClick(window, Qt.Key.Key_Return, Qt.KeyboardModifier.AltModifier)  # Document > Properties
    assert errors == []
    assert seen == ["Quellport harbour talks “to resume” as ministry weighs emergency law"]
    info = stored(window, doc_id)
    assert (info.source, info.published, info.memo) == (  # type: ignore[attr-defined]
        "Harbour Herald",
        "2026-11-04",
        "Ask the second coder about paragraph 3.",
    )
    assert window.project.document_values()[doc_id] == {"section": "Economy"}
    row = window.doc_model.row_of(doc_id)
    assert window.doc_model.index(row, 1).data() == "Harbour Herald"  # the list shows it at once
    assert window.doc_tools.pane.memo.toPlainText() == "Ask the second coder about paragraph 3."
    assert window.act_undo.text() == "&Undo edit the document's details"
    back_in(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    info = stored(window, doc_id)
    assert (info.source, info.published, info.memo) == ("", "2026-04", "")  # type: ignore[attr-defined]
    assert window.project.document_values() == {}
    assert window.doc_model.index(row, 1).data() == ""


def test_a_bad_date_keeps_the_dialog_open(qtbot: QtBot, window: MainWindow) -> None:
    doc_id = open_file(window, HARBOUR)
    problems: list[str] = []

    def fill(dialog: PropertiesDialog) -> None:
        date = dialog.edits["date"]
        assert isinstance(date, QLineEdit)
        date.selectAll()
        qtbot.keyClicks(date, "soon")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        problems.append(dialog.problem.text() if dialog.isVisible() else "")
        dialog.reject()

    errors = on_dialog(qtbot, PropertiesDialog, fill)
    window.doc_tools.act_properties.trigger()
    assert errors == []
    assert problems == ["'soon' is not a date this can read; write YYYY-MM-DD"]
    assert stored(window, doc_id).published == "2026-04"  # type: ignore[attr-defined]


def test_metadata_cells_are_edited_in_the_documents_list(qtbot: QtBot, window: MainWindow) -> None:
    doc_id = open_file(window, COURIER)
    table = window.doc_table
    proxy_index = window.documents_pane.proxy.mapFromSource(
        window.doc_model.index(window.doc_model.row_of(doc_id), 1)
    )
    rect = table.visualRect(proxy_index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit) and editor.text() == "Courier"
    editor.selectAll()
    qtbot.keyClicks(editor, "Marenholt Courier")
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the view commits on its next turn of the event loop
    qtbot.waitUntil(lambda: window.doc_model.index(window.doc_model.row_of(doc_id), 1).data() != "Courier")
    assert stored(window, doc_id).source == "Marenholt Courier"  # type: ignore[attr-defined]
    assert window.doc_model.index(window.doc_model.row_of(doc_id), 1).data() == "Marenholt Courier"
    assert window.act_undo.text() == "&Undo edit the outlet"
    window.act_undo.trigger()
    assert stored(window, doc_id).source == "Courier"  # type: ignore[attr-defined]


def test_the_body_is_dimmed_and_set_from_a_selection(qtbot: QtBot, window: MainWindow) -> None:
    doc_id = open_file(window, PORTAL)
    view = window.view
    text = view.text
    body = window.project.document(doc_id).body
    assert body is not None and view.body == body
    assert "Page chrome" in view.tooltip_text(0)
    assert "Page chrome" not in view.tooltip_text(body[0])
    rects = view.chrome_rects()
    assert rects, "the chrome at the top is dimmed"
    image = view.viewport().grab().toImage()
    dimmed = rects[0].toRect()
    # the first line (a URL, chrome) is drawn lighter than the same text would be
    darkest = min(
        QColor(image.pixel(x, y)).lightness()
        for x in range(dimmed.left() + 2, min(dimmed.right(), dimmed.left() + 300))
        for y in range(dimmed.top() + 2, dimmed.bottom() - 2)
    )
    assert darkest > 90
    # select the headline through the end of the article with the mouse, and make it the body
    start = text.index("Port Authority Admits")
    end = text.index("quoted as saying.") + len("quoted as saying.")
    view.verticalScrollBar().setValue(0)
    drag_select(qtbot, view, text, start, start + 4)
    cursor = view.textCursor()
    from ui.textview.positions import PositionMap

    cursor.setPosition(PositionMap(text).to_qt(end), cursor.MoveMode.KeepAnchor)
    view.setTextCursor(cursor)
    qtbot.keyClick(
        view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.project.document(doc_id).body == (start, end)
    assert view.body == (start, end)
    assert "characters" in window.doc_tools.pane.body.text()
    # undo puts the detected body back; "Use Whole Text" in the pane clears it
    window.act_undo.trigger()
    assert view.body == body
    qtbot.mouseClick(window.doc_tools.pane.whole_button, Qt.MouseButton.LeftButton)
    assert window.project.document(doc_id).body is None and view.body is None and view.chrome_rects() == []


def test_the_document_pane_codes_variables_and_keeps_the_memo(qtbot: QtBot, window: MainWindow) -> None:
    doc_id = open_file(window, PORTAL)
    pane = window.doc_tools.pane
    window.doc_tools.dock.raise_()
    frame = pane.widgets["frame"]
    assert isinstance(frame, QComboBox)
    frame.setFocus()
    qtbot.keyClick(frame, Qt.Key.Key_Down)  # "—" -> "conflict"
    me = window.me.id
    values = {(v.annotator_id, v.variable): v.value for v in window.project.coded_values(document_id=doc_id)}
    assert values == {(me, "frame"): "conflict"}
    sources = pane.widgets["sources"]
    assert isinstance(sources, QLineEdit)
    sources.setFocus()
    qtbot.keyClicks(sources, "three")
    qtbot.keyClick(sources, Qt.Key.Key_Return)
    assert "must be a number" in sources.toolTip()  # refused, and nothing stored
    sources.selectAll()
    qtbot.keyClicks(sources, "3")
    qtbot.keyClick(sources, Qt.Key.Key_Return)
    assert {v.variable: v.value for v in window.project.coded_values(document_id=doc_id)} == {
        "frame": "conflict",
        "sources": 3,
    }
    pane.memo.setFocus()
    qtbot.keyClicks(pane.memo, "Footer repeats the byline.")
    open_file(window, HARBOUR)  # leaving the document commits the memo typed for it
    assert stored(window, doc_id).memo == "Footer repeats the byline."  # type: ignore[attr-defined]
    assert pane.memo.toPlainText() == ""
    assert window.act_undo.text() == "&Undo edit the memo"
    window.act_undo.trigger()
    assert stored(window, doc_id).memo == ""  # type: ignore[attr-defined]
    window.act_undo.trigger()
    window.act_undo.trigger()
    assert window.project.coded_values() == []


def test_the_project_memo(qtbot: QtBot, window: MainWindow) -> None:
    def write(dialog: ProjectMemoDialog) -> None:
        dialog.edit.setFocus()
        qtbot.keyClicks(dialog.edit, "RQ1: who quotes officials?")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    errors = on_dialog(qtbot, ProjectMemoDialog, write)
    window.doc_tools.act_project_memo.trigger()
    assert errors == []
    assert window.project.project_memo() == "RQ1: who quotes officials?"
    window.act_undo.trigger()
    assert window.project.project_memo() == ""


def test_the_analysis_pane_follows_the_filter_and_retrieves_spans(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    dock = window.doc_tools.analysis_dock
    pane = window.doc_tools.analysis
    qtbot.waitUntil(lambda: dock.isVisible() and pane.analysis is not None)
    assert "Adjudicated (Rev)" in pane.summary.text() and "the adjudicated layer" in pane.summary.text()
    assert pane.table.rowCount() == 3  # Courier, Portal Sarnovia, (none)
    assert [pane.table.item(r, 0).text() for r in range(3)] == ["Courier", "Portal Sarnovia", "(none)"]
    bars = [m for m in pane.chart.marks if m[0] == "bar"]
    assert len(bars) == 3 * 4
    # type a filter in the document list: the figures follow
    window.documents_pane.filter.setFocus()
    qtbot.keyClicks(window.documents_pane.filter, "portal")
    qtbot.waitUntil(lambda: pane.table.rowCount() == 1)
    assert "matching “portal”" in pane.summary.text()
    window.documents_pane.filter.clear()
    qtbot.waitUntil(lambda: pane.table.rowCount() == 3)
    # over time: a line per category
    pane.by.setFocus()
    pane.by.setCurrentIndex(pane.by.findData("published:month"))
    qtbot.waitUntil(lambda: pane.analysis is not None and pane.analysis.by == "published:month")
    qtbot.waitUntil(lambda: pane.chart.draws_lines)
    pane.chart.repaint()
    assert {m[0] for m in pane.chart.marks} == {"point"}
    # the retrieval view: every quote, and a double-click opens it in the text
    pane.tabs.setCurrentIndex(2)
    pane.category.setCurrentIndex(pane.category.findData("quote"))
    assert pane.retrieval.rowCount() == len(pane.retrieved) > 0
    first = pane.retrieved[0]
    item = pane.retrieval.item(0, 2)
    rect = pane.retrieval.visualItemRect(item)
    qtbot.mouseClick(pane.retrieval.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(pane.retrieval.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_document_id == first.document_id
    assert window.view.selected_annotation_id == first.annotation_id
    # and it exports as CSV through the file dialog
    answer_file_dialog(qtbot, folder=tmp_path, names=["quotes.csv"])
    pane._save("retrieval")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "quotes.csv").read_text("utf-8"))))
    assert [r["quote"] for r in rows] == [r.quote for r in pane.retrieved]
    assert {"before", "after", "outlet", "published"} <= set(rows[0])


def test_the_menus_offer_the_new_commands(window: MainWindow) -> None:
    menus = {a.text().replace("&", ""): a.menu() for a in window.menuBar().actions()}
    document = menus["Document"]
    names = [a.objectName() for a in document.actions() if a.objectName()]  # type: ignore[union-attr]
    assert names == [
        "document_properties",
        "set_article_body",
        "whole_text_body",
        "project_memo",
        "show_analysis",
    ]
    view_names = [a.text().replace("&", "") for a in menus["View"].actions()]  # type: ignore[union-attr]
    assert "Document" in view_names and "Analysis" in view_names
