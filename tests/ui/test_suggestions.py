"""Suggestions in the app, driven with real key and mouse events; outcomes read from the project file.

The document is the hard text imported from a CRLF file (emoji, ZWJ family, combining acute,
Arabic, NBSP), so every position crosses the UTF-16 boundary of the view.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from annotator.domain import SUGGESTION_TIMING_SETTING, DocumentStatus
from annotator.importers.batch import import_articles
from annotator.project import Project
from annotator.suggest import Suggestion
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT, find
from tests.ui.conftest_helpers import point_at, settings_in
from ui.window.mainwindow import MainWindow

NEEDLES = (("Ana\u00a0Kovač", "claim"), ("cafe\u0301", "opinion"), ("ميزانية للجميع", "quote"))


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def pending_quotes(path: Path) -> list[str]:
    return [r[0] for r in rows(path, "SELECT quote FROM suggestions ORDER BY start")]


def annotations(path: Path) -> list[tuple[str, str, str | None]]:
    return [
        (r[0], r[1], r[2])
        for r in rows(path, "SELECT quote, category, origin FROM annotations ORDER BY start")
    ]


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    crlf = tmp_path / "hard-crlf.txt"
    crlf.write_bytes(HARD_CRLF_BYTES)
    with Project.open(path) as p:
        report = import_articles(p, [crlf])
        assert report.imported, report.failed
        [doc] = p.documents()
        tess = p.ensure_annotator(name="Tess").id
        suggestions = []
        for needle, category in NEEDLES:
            start, end = find(HARD_TEXT, needle)
            suggestions.append(
                Suggestion(
                    doc.id, start, end, HARD_TEXT[start:end], category, "rules", "3", f"r-{category}", 0.7
                )
            )
        p.add_suggestions(annotator_id=tess, suggestions=suggestions)
    return path


def open_window(qtbot: QtBot, path: Path, tmp_path: Path) -> MainWindow:
    w = MainWindow(project=Project.open(path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    return w


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = open_window(qtbot, project_path, tmp_path)
    yield w
    w.project.close()


def test_pending_suggestions_are_dashed_outlines_not_fills(window: MainWindow) -> None:
    view = window.view
    assert len(view.pending) == 3
    outlines = view.pending_rects()
    assert outlines, "the pending spans are outlined"
    quote_color = QColor(window.project.codebook.category("quote").color)  # type: ignore[union-attr]
    assert any(color.hue() == quote_color.darker(115).hue() for _rect, color, _current in outlines)
    # no fill: the highlighter knows nothing of them
    block = view.document().findBlock(0)
    assert not [
        r for r in block.layout().formats() if r.format.hasProperty(r.format.Property.BackgroundBrush)
    ]
    assert "Pending suggestions: 3" in window.statusBar().currentMessage()


def test_tab_enter_and_backspace_accept_and_reject_with_real_keys(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    current = view.pending.current
    assert current is not None and current.quote == "Ana\u00a0Kovač"
    assert QApplication.focusWidget() is view  # Tab did not move the focus away
    assert any(is_current for _r, _c, is_current in view.pending_rects())
    qtbot.keyClick(view, Qt.Key.Key_Return)
    # committed to the file before the view shows it, with its origin
    assert annotations(project_path) == [
        ("Ana\u00a0Kovač", "claim", '{"suggester": "rules", "version": "3", "rule": "r-claim"}')
    ]
    assert pending_quotes(project_path) == ["cafe\u0301", "ميزانية للجميع"]
    assert "Claim accepted" in window.statusBar().currentMessage()
    assert "pending: 2" in window.statusBar().currentMessage()
    assert [a.quote for a in window.ann_model.annotations()] == ["Ana\u00a0Kovač"]
    # the next one became current; Backspace rejects it (and deletes no span)
    assert view.pending.current is not None and view.pending.current.quote == "cafe\u0301"
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert pending_quotes(project_path) == ["ميزانية للجميع"]
    assert len(annotations(project_path)) == 1
    assert "pending: 1" in window.statusBar().currentMessage()
    # Shift+Tab goes back round to the last one; undo puts the rejected one back
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.pending.current is not None and view.pending.current.quote == "ميزانية للجميع"
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert pending_quotes(project_path) == ["cafe\u0301", "ميزانية للجميع"]
    assert len(view.pending) == 2
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert annotations(project_path) == []
    assert len(view.pending) == 3 and window.ann_model.annotations() == []


def test_a_click_makes_a_suggestion_current_and_enter_accepts_it(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    view = window.view
    start, _end = find(HARD_TEXT, "ميزانية للجميع")
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, HARD_TEXT, start + 3))
    assert view.pending.current is not None and view.pending.current.quote == "ميزانية للجميع"
    qtbot.keyClick(view, Qt.Key.Key_Enter)
    assert annotations(project_path)[0][:2] == ("ميزانية للجميع", "quote")
    # Backspace with no suggestion current but a span selected still deletes the span
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point_at(view, HARD_TEXT, start + 3))
    assert view.selected_annotation_id is not None and view.pending.current is None
    qtbot.keyClick(view, Qt.Key.Key_Backspace)
    assert annotations(project_path) == []
    assert "ميزانية للجميع" not in pending_quotes(project_path)


def test_accept_all_in_the_selection_asks_first(
    qtbot: QtBot, window: MainWindow, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[str] = []

    def answer(_parent: object, _title: str, text: str, *_args: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes if len(asked) > 1 else QMessageBox.StandardButton.Cancel

    monkeypatch.setattr(QMessageBox, "question", answer)
    view = window.view
    second_line = HARD_TEXT.index("\n") + 1
    view.select_range(0, HARD_TEXT.index("\n", second_line))  # the first two lines
    window.suggestions.on_accept_all()
    assert "Accept all 2 suggestions pending in the selection?" in asked[0]
    assert annotations(project_path) == []  # cancelled: nothing written
    window.suggestions.on_accept_all()
    assert [a[0] for a in annotations(project_path)] == ["Ana\u00a0Kovač", "cafe\u0301"]
    assert pending_quotes(project_path) == ["ميزانية للجميع"]
    assert "2 suggestions accepted" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)  # no selection now
    window.suggestions.on_reject_all()
    assert "in this document" in asked[-1]
    assert pending_quotes(project_path) == []
    assert len(view.pending) == 0


def test_after_done_timing_hides_suggestions_until_the_document_is_done(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    with Project.open(project_path) as p:
        p.set_setting(key=SUGGESTION_TIMING_SETTING, value="after_done")
    w = open_window(qtbot, project_path, tmp_path)
    try:
        assert len(w.view.pending) == 0
        assert w.view.pending_rects() == []
        assert "once you mark it done" in w.statusBar().currentMessage()
        qtbot.keyClick(w.view, Qt.Key.Key_Tab)  # nothing pending in view: Tab is not taken
        assert w.view.pending.current is None
        qtbot.keyClick(
            w.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        assert rows(project_path, "SELECT status FROM documents") == [(DocumentStatus.DONE.value,)]
        assert len(w.view.pending) == 3
        assert "pending suggestions are shown" in w.statusBar().currentMessage()
    finally:
        w.project.close()


def test_suggest_in_this_document_and_the_find_bars_offer(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    view = window.view
    window.suggestions.on_suggest()
    stored = pending_quotes(project_path)
    assert len(stored) > 3  # the rule suggesters found more (the quote in curly quotes, 12 km...)
    assert all(q in HARD_TEXT for q in stored)
    assert len(view.pending) == len(stored)
    # Find: "both" is there once; the bar offers to suggest it
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find_bar
    qtbot.keyClicks(bar.edit, "count")
    assert bar.suggest_button.isVisible()
    assert bar.suggest_button.text() == "Suggest the match as"
    bar.set_category("claim")
    qtbot.mouseClick(bar.suggest_button, Qt.MouseButton.LeftButton)
    got = rows(project_path, "SELECT quote, category, suggester FROM suggestions WHERE quote = 'count'")
    assert got == [("count", "claim", "occurrences")]
    qtbot.keyClicks(bar.edit, "zzz-nowhere")
    assert not bar.suggest_button.isVisible()


def test_a_long_document_is_searched_in_a_worker_thread(
    qtbot: QtBot, window: MainWindow, project_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Over the threshold the suggesters run off the window's thread; the result is stored in it."""
    import threading

    from ui.window import suggestions as module

    threads: list[str] = []
    real_find = module._find

    def spying(*args: Any) -> Any:
        threads.append(threading.current_thread().name)
        return real_find(*args)

    monkeypatch.setattr(module, "_find", spying)
    monkeypatch.setattr(window.suggestions, "THREAD_ABOVE", 10)
    window.suggestions.on_suggest()
    assert not window.suggestions.act_suggest.isEnabled()  # one run at a time
    qtbot.waitUntil(lambda: len(pending_quotes(project_path)) > 3, timeout=10_000)
    qtbot.waitUntil(lambda: window.suggestions.act_suggest.isEnabled())
    assert threads == ["suggest"]
    assert len(window.view.pending) == len(pending_quotes(project_path))


def test_a_category_key_accepts_the_current_suggestion_as_that_category(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    view = window.view
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    quote_key = window.project.codebook.category("quote").shortcut  # type: ignore[union-attr]
    qtbot.keyClicks(view, quote_key)
    assert annotations(project_path) == [
        ("Ana\u00a0Kovač", "quote", '{"suggester": "rules", "version": "3", "rule": "r-claim"}')
    ]
    assert "Quote accepted" in window.statusBar().currentMessage()


def test_the_context_menu_offers_accept_and_reject_on_a_pending_span(window: MainWindow) -> None:
    view = window.view
    start, _end = find(HARD_TEXT, "cafe\u0301")
    offered = window.suggestions.context_actions(point_at(view, HARD_TEXT, start + 1))
    assert [a.objectName() for a in offered] == ["accept_suggestion", "reject_suggestion"]
    assert view.pending.current is not None and view.pending.current.quote == "cafe\u0301"
    outside = find(HARD_TEXT, "Minister")[0]
    assert window.suggestions.context_actions(point_at(view, HARD_TEXT, outside + 1)) == []
