"""Screen readers: every interactive widget of the main window and its dialogs has a name, and the
text view says what is under the cursor and what was just done."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from annotator.domain import DocumentInfo
from annotator.project import Project
from tests.ui.conftest_helpers import settings_in
from ui.a11y import unnamed
from ui.dialogs.about import AboutDialog
from ui.dialogs.guide import GuideDialog
from ui.dialogs.login import LoginDialog
from ui.dialogs.memo import ProjectMemoDialog
from ui.dialogs.preferences import PreferencesDialog
from ui.dialogs.properties import PropertiesDialog
from ui.dialogs.reliability import ReliabilityReportDialog
from ui.dialogs.search import SearchDialog
from ui.dialogs.shortcuts import ShortcutsDialog
from ui.theme import THEMES
from ui.window.mainwindow import MainWindow

TEXT = "The minister said the harbour will close.\nCritics called it very useful and constructive."


def describe(widgets: list[QWidget]) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r} in {type(w.parentWidget()).__name__}" for w in widgets]


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        ann, ben = p.ensure_annotator(name="Tess"), p.ensure_annotator(name="Ben")
        doc = p.add_document(text=TEXT, title="Harbour").document
        for who in (ann, ben):
            p.add_annotation(document_id=doc.id, start=4, end=12, category="claim", annotator_id=who.id)
    return path


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.project.close()


def test_every_interactive_widget_of_the_main_window_has_a_name(qtbot: QtBot, window: MainWindow) -> None:
    assert window.current_document_id is not None
    assert describe(unnamed(window)) == []
    # review mode builds and shows its own widgets
    window.act_review_mode.trigger()
    qtbot.waitUntil(lambda: window.review_dock.isVisible())
    assert describe(unnamed(window)) == []


def _info(window: MainWindow) -> DocumentInfo:
    info = window.doc_model.get(window.current_document_id or "")
    assert info is not None
    return info


DIALOGS: dict[str, Callable[[MainWindow], QDialog]] = {
    "preferences": lambda w: PreferencesDialog(name="Tess", theme="light", themes=THEMES, parent=w),
    "search": lambda w: SearchDialog(
        annotations=w.project.annotations(),
        titles={"x": "Harbour"},
        codebook=w.project.codebook,
        annotators=w.project.annotators(),
        parent=w,
    ),
    "shortcuts": lambda w: ShortcutsDialog(w.actions(), w),
    "guide": lambda w: GuideDialog(w),
    "about": lambda w: AboutDialog(project_location=w.project.location, parent=w),
    "memo": lambda w: ProjectMemoDialog(text="Why", parent=w),
    "properties": lambda w: PropertiesDialog(
        document=_info(w), variables=w.project.codebook.variables, outlets=["Daily"], words=12, parent=w
    ),
    "login": lambda w: LoginDialog(w, url="postgresql://db/x", message="password authentication failed"),
    "reliability": lambda w: ReliabilityReportDialog(
        report=_report(w), settings=w.settings, folder=None, parent=w
    ),
}


def _report(window: MainWindow):  # type: ignore[no-untyped-def]
    report = window._build_reliability_report()
    assert report is not None
    return report


@pytest.mark.parametrize("kind", sorted(DIALOGS))
def test_every_interactive_widget_of_each_dialog_has_a_name(
    qtbot: QtBot, window: MainWindow, kind: str
) -> None:
    dialog = DIALOGS[kind](window)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert describe(unnamed(dialog)) == []
    dialog.close()


def test_the_progress_and_message_boxes_of_import_have_names(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    """Qt's own boxes name their buttons from the text; the check covers what the app adds."""
    seen: list[list[str]] = []

    def look() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, look)
            return
        seen.append(describe(unnamed(box)))
        box.close()

    bad = tmp_path / "empty.txt"
    bad.write_text("")
    QTimer.singleShot(20, look)
    window.import_paths([bad])
    qtbot.waitUntil(lambda: bool(seen))
    assert seen == [[]]


def test_the_text_view_describes_the_span_under_the_cursor(qtbot: QtBot, window: MainWindow) -> None:
    view = window.view
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(5):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    description = view.accessibleDescription()
    assert "Claim by Tess" in description
    assert "Claim" in window.statusBar().currentMessage()
    qtbot.keyClick(view, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    assert "Claim" not in view.accessibleDescription()


def test_a_tag_and_a_recode_are_said_in_the_status_bar_and_to_screen_readers(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[str] = []
    monkeypatch.setattr("ui.window.mainwindow.announce", lambda _widget, text: said.append(text))
    view = window.view
    view.setFocus()
    start = TEXT.index("very useful")
    qtbot.keyClick(view, Qt.Key.Key_Home, Qt.KeyboardModifier.ControlModifier)
    for _ in range(start):
        qtbot.keyClick(view, Qt.Key.Key_Right)
    for _ in range(len("very useful and constructive")):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view, Qt.Key.Key_2)
    assert said == ["Quote added: 'very useful and constructive'"]
    assert window.statusBar().currentMessage() == said[-1]
    qtbot.keyClick(view, Qt.Key.Key_4)
    assert said[-1] == "Changed to Opinion: 'very useful and constructive'"
    assert "Opinion by Tess" in view.accessibleDescription()


def test_announce_sends_qt_accessibility_announcement(qtbot: QtBot) -> None:
    """Qt 6.8+ has the announcement event the helper uses; older Qt says nothing (no error)."""
    from PySide6.QtWidgets import QLabel

    from ui.a11y import QAccessibleAnnouncementEvent, announce

    label = QLabel("x")
    announce(label, "Quote added")  # must not raise with or without an active screen reader
    if QAccessibleAnnouncementEvent is not None:
        event = QAccessibleAnnouncementEvent(label, "Quote added")
        assert event.message() == "Quote added"


def _luminance(color: QColor) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(color.redF()) + 0.7152 * channel(color.greenF()) + 0.0722 * channel(color.blueF())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_the_high_contrast_theme_keeps_every_text_pair_above_seven_to_one(qtbot: QtBot) -> None:
    from PySide6.QtGui import QPalette

    from ui.theme import apply_theme, is_high_contrast

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    try:
        apply_theme(app, "high-contrast")
        assert is_high_contrast(app)
        p = app.palette()
        roles = QPalette.ColorRole
        for fg, bg in [
            (roles.Text, roles.Base),
            (roles.WindowText, roles.Window),
            (roles.ButtonText, roles.Button),
            (roles.HighlightedText, roles.Highlight),
            (roles.PlaceholderText, roles.Base),
            (roles.Link, roles.Base),
            (roles.ToolTipText, roles.ToolTipBase),
        ]:
            assert contrast(p.color(fg), p.color(bg)) >= 7.0, (fg, bg)
        disabled = p.color(QPalette.ColorGroup.Disabled, roles.Text)
        assert contrast(disabled, p.color(roles.Base)) >= 4.5
        assert "focus" in app.styleSheet()
    finally:
        apply_theme(app, "light")
    assert not is_high_contrast(app) and app.styleSheet() == ""


def test_each_category_has_its_own_underline_pattern_in_text_legend_and_codebook(window: MainWindow) -> None:
    from ui.panes.codebook import codebook_html
    from ui.textview.highlighter import UNDERLINE_STYLES
    from ui.theme import category_pattern, pattern_label

    codebook = window.project.codebook
    patterns = [category_pattern(codebook, c.id) for c in codebook.categories]
    assert len(set(patterns)) == len(patterns) == 4
    assert patterns[0] == "solid"
    # the text: the span's format carries its category's underline style
    block = window.view.document().firstBlock()
    styles = {
        r.format.underlineStyle()
        for r in block.layout().formats()
        if r.format.hasProperty(r.format.Property.BackgroundBrush)
    }
    assert styles == {UNDERLINE_STYLES[category_pattern(codebook, "claim")]}
    # the codebook pane says each pattern in words
    page = codebook_html(codebook)
    for pattern in patterns:
        assert pattern_label(pattern) in page
