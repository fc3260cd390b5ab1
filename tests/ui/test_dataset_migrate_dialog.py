"""File > Import of a colleague's dataset made under an older codebook version: the dialog shows
the differences and the plan; "Migrate and Import" (clicked) migrates, Escape cancels."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.project import Project
from annotator.refactor import drop_attribute, merge_categories, split_category
from tests.annotator.test_dataset_migrate import TEXT, colleague_dataset, v1
from tests.ui.conftest_helpers import settings_in
from ui.dialogs.dataset_import import MIGRATE_AND_IMPORT, DatasetMigrationDialog
from ui.window.mainwindow import MainWindow


def open_window(qtbot: QtBot, path: Path, tmp_path: Path) -> MainWindow:
    w = MainWindow(project=Project.open(path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    return w


@pytest.fixture
def window(qtbot: QtBot, tmp_path: Path) -> Iterator[MainWindow]:
    """Our project at version 3: statistic merged into claim (2), claim's hedged dropped (3)."""
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as p:
        p.set_codebook(codebook=v1())
        p.add_document(text=TEXT, title="Exports")
        merge_categories(p, sources=["statistic"], into="claim")
        drop_attribute(p, category="claim", attribute="hedged")
    w = open_window(qtbot, path, tmp_path)
    yield w
    w.project.close()


def answer_dialog(qtbot: QtBot, seen: list[DatasetMigrationDialog], *, key: Qt.Key | None = None) -> None:
    """When the dialog comes up: remember it, then click Migrate and Import (or press ``key``)."""

    def act() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, DatasetMigrationDialog):
            QTimer.singleShot(50, act)
            return
        seen.append(dialog)
        if key is not None:
            qtbot.keyClick(dialog, key)
            return
        button = dialog.migrate_button
        assert button.text() == MIGRATE_AND_IMPORT and button.isEnabled()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(50, act)


def test_migrate_and_import_recodes_the_colleagues_spans(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    theirs = colleague_dataset(tmp_path)
    seen: list[DatasetMigrationDialog] = []
    answer_dialog(qtbot, seen)
    window.import_paths([theirs])
    assert len(seen) == 1
    shown = seen[0].details.toPlainText()
    assert "category 'statistic' is not in this project's codebook" in shown
    assert "attribute 'hedged' of 'claim' is not in this project's codebook" in shown
    assert "recode 2 spans of 'statistic' to 'claim'" in shown
    assert "older than this project's version 3" in seen[0].heading.text()

    cara = next(a for a in window.project.annotators() if a.name == "Cara")
    spans = sorted(window.project.annotations(annotator_ids=[cara.id]), key=lambda a: a.start)
    assert [a.category for a in spans] == ["claim", "claim", "claim", "quote"]
    assert "hedged" not in spans[0].attributes and spans[0].attributes["attributed_to"] == "ministry"
    assert spans[1].attributes == {"source": "ministry"}
    assert window.project.codebook.version == "3"


def test_escape_cancels_and_imports_nothing(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    seen: list[DatasetMigrationDialog] = []
    answer_dialog(qtbot, seen, key=Qt.Key.Key_Escape)
    window.import_paths([theirs])
    assert len(seen) == 1
    assert all(a.name != "Cara" for a in window.project.annotators())
    assert window.project.annotations() == []


def test_a_plan_with_spans_it_cannot_migrate_disables_the_button(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as p:
        p.set_codebook(codebook=v1())
        p.add_document(text="Something of ours.")
        split_category(p, category="statistic", into=[("count", "Count"), ("rate", "Rate")])
    w = open_window(qtbot, path, tmp_path)
    try:
        theirs = colleague_dataset(tmp_path)
        seen: list[DatasetMigrationDialog] = []

        def look() -> None:
            dialog = QApplication.activeModalWidget()
            if not isinstance(dialog, DatasetMigrationDialog):
                QTimer.singleShot(50, look)
                return
            seen.append(dialog)
            assert not dialog.migrate_button.isEnabled()
            qtbot.mouseClick(
                dialog.buttons.button(dialog.buttons.StandardButton.Cancel), Qt.MouseButton.LeftButton
            )

        QTimer.singleShot(50, look)
        w.import_paths([theirs])
        assert len(seen) == 1
        assert "cannot migrate 2 spans of 'statistic'" in seen[0].details.toPlainText()
        assert w.project.annotations() == []
    finally:
        w.project.close()
