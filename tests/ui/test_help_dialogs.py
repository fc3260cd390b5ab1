"""Help > User Guide shows the bundled guide with its pictures; Help > About the versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QGuiApplication, QTextDocument
from PySide6.QtWidgets import QApplication, QLabel, QPushButton
from pytestqt.qtbot import QtBot

from annotator.project import Project
from tests.ui.conftest_helpers import settings_in
from ui.dialogs.about import AboutDialog
from ui.dialogs.guide import GuideDialog
from ui.window.mainwindow import MainWindow


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(
        project=Project.open(tmp_path / "p.sqlite"), annotator_name="Tess", settings=settings_in(tmp_path)
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.project.close()


def test_f1_opens_the_guide_with_its_pictures(qtbot: QtBot, window: MainWindow) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = next(w for w in QApplication.topLevelWidgets() if isinstance(w, GuideDialog))
    qtbot.waitExposed(guide)
    text = guide.browser.toPlainText()
    for section in (
        "Coding",
        "Reviewing a colleague's coding",
        "The reliability report",
        "Analysis",
        "Exchange",
    ):
        assert section in text
    document = guide.browser.document()
    for name in ("coding.png", "review.png", "export.png"):
        image = document.resource(QTextDocument.ResourceType.ImageResource, QUrl(f"images/{name}"))
        assert image is not None and not image.isNull(), name
    guide.close()


def test_about_names_the_versions_and_copies_them(qtbot: QtBot, window: MainWindow) -> None:
    window.on_about()
    about = next(w for w in QApplication.topLevelWidgets() if isinstance(w, AboutDialog))
    qtbot.waitExposed(about)
    text = about.findChild(QLabel, "aboutText")
    assert text is not None
    for part in ("Python", "Qt (PySide6)", "SQLite", "data dir", str(window.project.path)):
        assert part in text.text()
    copy = about.findChild(QPushButton, "aboutCopy")
    assert copy is not None
    qtbot.mouseClick(copy, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("annotator ")
    about.close()
