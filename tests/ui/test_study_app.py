"""Running a study in the app: My documents, the lead's progress view, Compare with Gold.

Driven with real mouse and key events; outcomes are read from the project file.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QProgressBar, QTableWidget
from pytestqt.qtbot import QtBot

from annotator import study
from annotator.domain import Assignment
from annotator.project import Project
from tests.ui.conftest_helpers import drag_select, settings_in
from ui.dialogs.progress import ProgressDialog
from ui.panes.gold import GoldComparison
from ui.panes.models import DocumentListModel
from ui.window.mainwindow import MainWindow

TEXTS = {
    "Alpha": "The council approved the budget on Monday.",
    "Bravo": "The minister said the harbour will close. Critics call it a disaster.",
    "Charlie": "Rents rose 12% last year, the agency reported.",
    "Delta": "“We will not give up,” the union leader told reporters.",
}
MINE = Qt.ItemDataRole.DisplayRole


def assignment_rows(path: Path) -> dict[tuple[str, str], str]:
    """(document title, coder name) -> status, straight from the file."""
    con = sqlite3.connect(path)
    try:
        rows = con.execute(
            "SELECT d.title, a.name, s.status FROM assignments s "
            "JOIN documents d ON d.id = s.document_id JOIN annotators a ON a.id = s.coder_id"
        ).fetchall()
    finally:
        con.close()
    return {(title, name): status for title, name, status in rows}


def span_count(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return int(con.execute("SELECT count(*) FROM annotations").fetchone()[0])
    finally:
        con.close()


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Tess codes Bravo and Delta (Delta is the reliability sample, which Ada codes too)."""
    path = tmp_path / "study.sqlite"
    with Project.open(path) as p:
        ids = {title: p.add_document(text=text, title=title).document.id for title, text in TEXTS.items()}
        tess = p.ensure_annotator(name="Tess").id
        ada = p.ensure_annotator(name="Ada").id
        p.add_assignments(
            assignments=[
                Assignment(document_id=ids["Alpha"], coder_id=ada),
                Assignment(document_id=ids["Bravo"], coder_id=tess),
                Assignment(document_id=ids["Charlie"], coder_id=ada),
                Assignment(document_id=ids["Delta"], coder_id=tess, reliability=True),
                Assignment(document_id=ids["Delta"], coder_id=ada, reliability=True),
            ]
        )
        p.set_setting(key=study.SHOW_RELIABILITY_SETTING, value="no")
    return path


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    yield w
    w.project.close()


def shown(window: MainWindow) -> list[tuple[str, str, str]]:
    """(title, Mine column, Status column) of the Documents pane's rows, in the order shown."""
    proxy = window.documents_pane.proxy
    return [
        (
            str(proxy.index(row, 0).data(MINE)),
            str(proxy.index(row, DocumentListModel.MINE_COLUMN).data(MINE)),
            str(proxy.index(row, 4).data(MINE)),
        )
        for row in range(proxy.rowCount())
    ]


def click_document(qtbot: QtBot, window: MainWindow, title: str) -> None:
    table = window.documents_pane.table
    proxy = window.documents_pane.proxy
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 0).data(MINE) == title)
    rect = table.visualRect(proxy.index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: window.view.text == TEXTS[title])


def tag(qtbot: QtBot, window: MainWindow, part: str, key: Qt.Key) -> None:
    start = window.view.text.index(part)
    drag_select(qtbot, window.view, window.view.text, start, start + len(part))
    qtbot.keyClick(window.view, key)


def test_my_documents_come_first_and_the_sample_stays_unmarked_unless_the_lead_allows(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    assert shown(window) == [
        ("Bravo", "✓", "not started"),
        ("Delta", "✓", "not started"),  # in the sample, but the lead keeps that to herself
        ("Alpha", "", "not started"),
        ("Charlie", "", "not started"),
    ]
    pane = window.documents_pane
    assert pane.study_row.isVisible() and pane.mine_summary.text() == "0 of 2 done"
    qtbot.mouseClick(pane.only_mine, Qt.MouseButton.LeftButton)
    assert [t for t, _, _ in shown(window)] == ["Bravo", "Delta"]
    assert window.findChild(type(window.study_tools.act_only_mine), "only_my_documents").isChecked()
    # Next Document walks through one's own documents only
    click_document(qtbot, window, "Bravo")
    qtbot.keyClick(window.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.view.text == TEXTS["Delta"]
    qtbot.mouseClick(pane.only_mine, Qt.MouseButton.LeftButton)
    assert len(shown(window)) == 4
    # the lead lets coders see the sample (from the command line, another process's write)
    with Project.open(project_path) as lead:
        lead.set_setting(key=study.SHOW_RELIABILITY_SETTING, value="yes")
    window.on_poll_changes()
    assert ("Delta", "✓ R", "not started") in shown(window)


def test_tagging_starts_a_document_and_mark_as_done_finishes_it_in_the_file(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    click_document(qtbot, window, "Bravo")
    tag(qtbot, window, "the harbour will close", Qt.Key.Key_1)
    qtbot.waitUntil(lambda: span_count(project_path) == 1)
    assert assignment_rows(project_path)[("Bravo", "Tess")] == "in_progress"
    assert shown(window)[0] == ("Bravo", "✓", "in progress")
    qtbot.keyClick(
        window.view, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert assignment_rows(project_path)[("Bravo", "Tess")] == "done"
    assert assignment_rows(project_path)[("Delta", "Tess")] == "not_started"
    assert shown(window)[0] == ("Bravo", "✓", "done")
    assert window.documents_pane.mine_summary.text() == "1 of 2 done"
    # undoing the mark leaves a document with spans in progress, not "not started"
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert assignment_rows(project_path)[("Bravo", "Tess")] == "in_progress"
    # Ada's assignments are hers: nothing of Tess's work touched them
    assert assignment_rows(project_path)[("Alpha", "Ada")] == "not_started"


def progress_cells(dialog: ProgressDialog) -> dict[str, list[str]]:
    table = dialog.findChild(QTableWidget, "progressTable")
    assert table is not None
    out = {}
    for row in range(table.rowCount()):
        cells = [table.item(row, c).text() if table.item(row, c) else "" for c in range(table.columnCount())]
        bar = table.cellWidget(row, 5)
        assert isinstance(bar, QProgressBar)
        cells[5] = bar.text()
        out[cells[0]] = cells[1:]
    return out


def test_the_progress_view_shows_each_coder_and_refreshes(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    dialog = window.study_tools.progress_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    # columns: done, in progress, not started, assigned, share done, spans, last edit
    assert progress_cells(dialog) == {
        "Ada": ["0", "0", "3", "3", "0%", "0", "never"],
        "Tess": ["0", "0", "2", "2", "0%", "0", "never"],
    }
    # Ada works in her own copy of the project (another process) and marks Alpha done
    with Project.open(project_path) as other:
        ada = next(a.id for a in other.annotators() if a.name == "Ada")
        alpha = next(d.id for d in other.documents() if d.title == "Alpha")
        other.add_annotation(document_id=alpha, start=4, end=11, category="claim", annotator_id=ada)
        other.set_assignment_status(document_id=alpha, coder_id=ada, status="done")
    qtbot.mouseClick(dialog.refresh_button, Qt.MouseButton.LeftButton)
    assert progress_cells(dialog)["Ada"] == ["1", "0", "2", "3", "33%", "1", "just now"]
    summary = dialog.findChild(QLabel, "progressSummary")
    assert summary is not None and summary.text().startswith("2 coders, 1 of 5 assigned documents done")


def test_the_progress_view_says_how_to_assign_when_nothing_is(qtbot: QtBot, tmp_path: Path) -> None:
    dialog = ProgressDialog(load=list)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    assert not dialog.table.isVisible()
    assert dialog.empty.isVisible() and "annotator assign" in dialog.empty.text()


def test_compare_with_gold_steps_through_my_differences_read_only(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    text = TEXTS["Bravo"]
    with Project.open(project_path) as lead:
        bravo = next(d.id for d in lead.documents() if d.title == "Bravo")
        trainer = lead.ensure_annotator(name="Trainer").id
        for part, category in (("the harbour will close", "claim"), ("a disaster", "opinion")):
            start = text.index(part)
            lead.add_annotation(
                document_id=bravo, start=start, end=start + len(part), category=category, annotator_id=trainer
            )
        lead.set_gold(annotator_id=trainer)
    window.on_poll_changes()
    click_document(qtbot, window, "Bravo")
    tag(qtbot, window, "a disaster", Qt.Key.Key_1)  # claim, where gold says opinion
    qtbot.waitUntil(lambda: span_count(project_path) == 3)
    click_document(qtbot, window, "Delta")  # the dialog brings Bravo back
    qtbot.keyClick(
        window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    dialog = window.study_tools.gold_pane
    assert isinstance(dialog, GoldComparison)
    qtbot.waitUntil(dialog.isVisible)
    assert window.study_tools.gold_dock.isVisible() and window.view.isVisible()  # the text stays in view
    assert dialog.summary.text() == (
        "2 places where your coding differs from Trainer (1 document compared): 1 missed, 1 wrong category"
    )
    assert dialog.list.count() == 2
    assert dialog.list.item(0).text() == "Missed · Claim\n“the harbour will close”\nBravo"
    assert dialog.list.item(1).text().startswith("Wrong category: Claim, gold Opinion\n")
    assert window.view.text == text
    start = text.index("the harbour will close")
    assert window.view.selection_range(snap=False) == (start, start + len("the harbour will close"))
    assert "Gold: Claim" in dialog.detail_text() and "no span here" in dialog.detail_text()
    assert not dialog.previous_button.isEnabled()
    qtbot.mouseClick(dialog.next_button, Qt.MouseButton.LeftButton)
    assert dialog.position.text() == "2 of 2" and not dialog.next_button.isEnabled()
    detail = dialog.detail_text()
    codebook = window.project.codebook
    claim, opinion = codebook.category("claim"), codebook.category("opinion")
    assert claim is not None and opinion is not None
    assert "Yours: Claim" in dialog.yours.toPlainText() and "Gold: Opinion" in dialog.gold.toPlainText()
    assert claim.definition[:40] in detail and opinion.definition[:40] in detail  # both definitions
    start = text.index("a disaster")
    assert window.view.selection_range(snap=False) == (start, start + len("a disaster"))
    assert span_count(project_path) == 3  # looking changed nothing


def test_compare_with_gold_without_a_gold_layer_says_what_to_do(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClick(
        window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert window.study_tools.gold_pane is None and not window.study_tools.gold_dock.isVisible()
    assert "no gold layer" in window.statusBar().currentMessage()


def test_compare_with_gold_keeps_adjudicated_coding_hidden_in_a_blind_study(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    from annotator.domain import AnnotatorKind

    with Project.open(project_path) as lead:
        bravo = next(d.id for d in lead.documents() if d.title == "Bravo")
        layer = lead.ensure_annotator(name="Settled", kind=AnnotatorKind.ADJUDICATED).id
        lead.add_annotation(document_id=bravo, start=0, end=3, category="claim", annotator_id=layer)
        lead.set_setting(key=study.ALLOW_OTHER_LAYERS_SETTING, value="no")
    window.on_poll_changes()
    qtbot.keyClick(
        window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    assert window.study_tools.gold_pane is None
    assert "blind coding" in window.statusBar().currentMessage()
    with Project.open(project_path) as lead:
        lead.set_setting(key=study.ALLOW_OTHER_LAYERS_SETTING, value="yes")
    qtbot.keyClick(
        window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    )
    pane = window.study_tools.gold_pane
    assert pane is not None and pane.list.count() == 1  # Tess missed the adjudicated span
    assert pane.summary.text().startswith("1 place where your coding differs from Settled")
