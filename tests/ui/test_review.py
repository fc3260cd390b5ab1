"""Review mode in the main window, driven with real key presses and clicks; outcomes read from the file."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QDockWidget, QPushButton
from pytestqt.qtbot import QtBot

from annotator.agreement.display import fmt_alpha
from annotator.project import Project
from annotator.reliability import agreement_for_project
from annotator.review import GroupState
from tests.ui.conftest_helpers import settings_in
from ui.panes.comparison import ELLIPSIS, excerpt
from ui.panes.review import ReviewPanel, VersionButton
from ui.textview.positions import PositionMap
from ui.textview.review_overlay import STATE_STYLES, state_icon
from ui.window.mainwindow import MainWindow

TEXT = (
    "Workers will strike on Monday 👷, the union said.\n"
    "“We have no choice,” said Mara Ilić. The strike will cost €4.2 million a day.\n"
    "The ministry called it irresponsible. Talks are set for Sunday."
)


def find(needle: str) -> tuple[int, int]:
    start = TEXT.index(needle)
    return start, start + len(needle)


def db(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def adjudicated(path: Path) -> list[tuple[object, ...]]:
    return db(
        path,
        'SELECT a.start, a."end", a.quote, a.category FROM annotations a JOIN annotators n '
        "ON n.id = a.annotator_id WHERE n.kind = 'adjudicated' ORDER BY a.start, a.category",
    )


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Ann and Ben disagree in every way; Cleo coded one span and is not compared by default."""
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        doc = p.add_document(text=TEXT, title="Strike").document
        ann, ben = p.ensure_annotator(name="Ann"), p.ensure_annotator(name="Ben")

        def add(who: str, needle: str, category: str, cut: int = 0) -> None:
            s, e = find(needle)
            p.add_annotation(document_id=doc.id, start=s + cut, end=e, category=category, annotator_id=who)

        for who in (ann.id, ben.id):
            add(who, "Workers will strike on Monday 👷", "claim")  # agreed, with an emoji inside
            add(who, "Talks are set for Sunday", "claim")  # agreed
        add(ann.id, "“We have no choice,”", "quote")
        add(ben.id, "“We have no choice,”", "opinion")  # category
        add(ann.id, "The strike will cost €4.2 million a day", "statistic")
        add(ben.id, "€4.2 million a day", "statistic")  # boundary
        add(ann.id, "The ministry called it irresponsible", "opinion")  # only one
    return path


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Rita", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    yield w
    w.project.close()


def panel_of(window: MainWindow) -> ReviewPanel:
    panel = window.review_panel
    assert isinstance(panel, ReviewPanel)
    return panel


def start_review(qtbot: QtBot, window: MainWindow) -> ReviewPanel:
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    panel = panel_of(window)
    assert panel.active and window.review_dock.isVisible()
    return panel


def names_in_view(window: MainWindow) -> set[str]:
    names = {a.id: a.name for a in window.project.annotators()}
    return {names[a.annotator_id] for a in window.view.span_index}


def current(panel: ReviewPanel) -> tuple[GroupState, str] | None:
    g = panel.current_group
    return None if g is None else (g.state, TEXT[g.start : g.end])


def test_review_mode_lists_groups_and_shows_only_chosen_layers(qtbot: QtBot, window: MainWindow) -> None:
    with Project.open(window.project.path) as p:  # type: ignore[arg-type]
        cleo = p.ensure_annotator(name="Cleo")
        s, e = find("Mara Ilić")
        p.add_annotation(
            document_id=p.documents()[0].id, start=s, end=e, category="quote", annotator_id=cleo.id
        )
    panel = start_review(qtbot, window)

    def listed() -> list[str]:
        return [panel.group_list.topLevelItem(i).text(0) for i in range(panel.group_list.topLevelItemCount())]

    # Cleo has a span, so she is ticked too: with three coders, what only two marked is "some coders"
    assert names_in_view(window) == {"Ann", "Ben", "Cleo"}
    assert listed() == [
        "Some coders only",
        "Category differs",
        "Only one coder",  # Cleo's, on the speaker's name
        "Boundaries differ",
        "Only one coder",
        "Some coders only",
    ]
    # untick her with the keyboard: her span leaves the view and the groups are re-aligned
    lst = panel.annotator_list
    row = next(i for i in range(lst.count()) if lst.item(i).text().startswith("Cleo"))
    lst.setFocus()
    lst.setCurrentRow(row)
    qtbot.keyClick(lst, Qt.Key.Key_Space)
    assert lst.item(row).checkState() == Qt.CheckState.Unchecked
    assert names_in_view(window) == {"Ann", "Ben"}
    assert listed() == ["Agreed", "Category differs", "Boundaries differ", "Only one coder", "Agreed"]
    assert "3 open disagreements" in panel.summary.text()
    assert len(panel.chosen_coders()) == 2
    # leaving review mode: blind coding again, the reviewer sees their own (empty) coding layer;
    # Show Other Coders brings every layer back
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not panel.active and not window.review_dock.isVisible()
    assert names_in_view(window) == set()
    assert not panel.overlay.isVisible()
    qtbot.keyClick(
        window.view, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert names_in_view(window) == {"Ann", "Ben", "Cleo"}


def test_legend_has_a_distinct_marker_and_label_per_state(qtbot: QtBot, window: MainWindow) -> None:
    panel = start_review(qtbot, window)
    labels = [panel.legend_labels[s].text() for s in STATE_STYLES]
    assert len(set(labels)) == len(labels) == len(GroupState)
    images = [state_icon(s).pixmap(16, 16).toImage() for s in STATE_STYLES]
    # shapes differ, not just colours: compare the icons' alpha masks
    masks = [bytes(img.convertToFormat(img.Format.Format_Alpha8).constBits()) for img in images]
    assert len(set(masks)) == len(masks)
    assert len({s.glyph for s in STATE_STYLES.values()}) == len(STATE_STYLES)
    assert len({s.pen for s in STATE_STYLES.values()}) >= 4


def test_f8_steps_through_open_disagreements_and_selects_them(qtbot: QtBot, window: MainWindow) -> None:
    panel = start_review(qtbot, window)
    seen = []
    for _ in range(4):
        qtbot.keyClick(window.view, Qt.Key.Key_F8)
        seen.append(current(panel))
    assert seen == [
        (GroupState.CATEGORY_DISAGREEMENT, "“We have no choice,”"),
        (GroupState.BOUNDARY_DISAGREEMENT, "The strike will cost €4.2 million a day"),
        (GroupState.ONLY_ONE, "The ministry called it irresponsible"),
        (GroupState.CATEGORY_DISAGREEMENT, "“We have no choice,”"),  # wraps, skipping agreed groups
    ]
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert current(panel) == (GroupState.ONLY_ONE, "The ministry called it irresponsible")
    # the caret is at the group, nothing selected, so the coders' fills stay visible
    cursor = window.view.textCursor()
    assert not cursor.hasSelection()
    assert cursor.position() == PositionMap(TEXT).to_qt(find("The ministry called it irresponsible")[0])
    item = panel.group_list.currentItem()
    assert item is not None and item.text(1) == "The ministry called it irresponsible"
    assert panel.member_buttons[0].full_text.startswith("Accept Ann: Opinion")
    assert panel.member_buttons[0].text().startswith("&1  Accept Ann: Opinion")


def test_enter_on_a_list_row_picks_the_group(qtbot: QtBot, window: MainWindow) -> None:
    panel = start_review(qtbot, window)
    lst = panel.group_list
    lst.setFocus()
    qtbot.keyClick(lst, Qt.Key.Key_Home)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_Down)
    qtbot.keyClick(lst, Qt.Key.Key_Return)
    assert current(panel) == (GroupState.BOUNDARY_DISAGREEMENT, "The strike will cost €4.2 million a day")
    assert QApplication.focusWidget() is panel.member_buttons[0]
    assert [b.text().split(":")[0] for b in panel.member_buttons] == ["&1  Accept Ann", "&2  Accept Ben"]


def test_accept_a_version_by_click_then_undo_and_redo_with_keys(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    panel = start_review(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # the category disagreement
    ben_button = next(b for b in panel.member_buttons if "Ben" in b.text())
    qtbot.mouseClick(ben_button, Qt.MouseButton.LeftButton)
    s, e = find("“We have no choice,”")
    assert adjudicated(project_path) == [(s, e, "“We have no choice,”", "opinion")]
    rita = db(project_path, "SELECT id FROM annotators WHERE name = 'Rita'")[0][0]
    assert db(project_path, "SELECT kind, adjudicated_by FROM annotators WHERE kind = 'adjudicated'") == [
        ("adjudicated", rita)
    ]
    assert db(project_path, "SELECT decision FROM review_decisions") == [("accepted",)]
    assert "2 open disagreements" in panel.summary.text()
    assert "Adjudicated (Rita)" in names_in_view(window)  # the new layer is listed, ticked and shown
    assert window.act_undo.text().replace("&", "") == "Undo accept Ben's opinion"

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert adjudicated(project_path) == []
    assert db(project_path, "SELECT count(*) FROM review_decisions") == [(0,)]
    assert "3 open disagreements" in panel.summary.text()

    qtbot.keyClick(
        window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert adjudicated(project_path) == [(s, e, "“We have no choice,”", "opinion")]
    assert db(project_path, "SELECT decision FROM review_decisions") == [("accepted",)]


def test_reject_and_accept_all_agreed_are_each_one_undo_step(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    panel = start_review(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)  # the last one: only one
    assert current(panel) == (GroupState.ONLY_ONE, "The ministry called it irresponsible")
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert db(project_path, "SELECT decision, annotation_id FROM review_decisions") == [("rejected", None)]
    assert adjudicated(project_path) == []
    assert not panel.reject_button.isEnabled() and panel.reopen_button.isEnabled()
    assert all(not b.isEnabled() for b in panel.member_buttons)
    item = panel.group_list.currentItem()
    assert item is not None and item.text(0).endswith("✓")

    qtbot.mouseClick(panel.accept_agreed_button, Qt.MouseButton.LeftButton)
    assert [r[2] for r in adjudicated(project_path)] == [
        "Workers will strike on Monday 👷",
        "Talks are set for Sunday",
    ]
    assert db(project_path, "SELECT count(*) FROM review_decisions") == [(3,)]

    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert adjudicated(project_path) == []
    assert db(project_path, "SELECT decision FROM review_decisions") == [("rejected",)]
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert db(project_path, "SELECT count(*) FROM review_decisions") == [(0,)]


def test_edit_then_accept_uses_the_text_selection(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    panel = start_review(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # the boundary disagreement, selected in the text
    assert window.view.selection_range(snap=False) is None
    qtbot.mouseClick(panel.accept_edited_button, Qt.MouseButton.LeftButton)  # nothing selected yet
    assert adjudicated(project_path) == [] and "Select the text" in window.statusBar().currentMessage()
    window.view.setFocus()
    s, e = find("€4.2 million")  # the reviewer narrows it down, with the keyboard
    window.view.select_range(s, s)
    for _ in range(e - s):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    assert window.view.selection_range(snap=True) == (s, e)
    combo = panel.edit_category
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Home)  # "Claim", the first category
    assert combo.currentData() == "claim"
    qtbot.mouseClick(panel.accept_edited_button, Qt.MouseButton.LeftButton)
    assert adjudicated(project_path) == [(s, e, "€4.2 million", "claim")]
    assert db(project_path, "SELECT decision FROM review_decisions") == [("edited",)]


def test_overlay_marks_groups_with_their_badges(qtbot: QtBot, window: MainWindow) -> None:
    panel = start_review(qtbot, window)
    overlay = panel.overlay
    assert overlay.isVisible() and len(overlay.groups) == 5
    category = next(g for g in overlay.groups if g.state is GroupState.CATEGORY_DISAGREEMENT)
    rect = overlay.badge_rect(category)
    assert rect is not None
    qtbot.waitUntil(lambda: not window.view.viewport().grab().isNull())
    image = window.view.viewport().grab().toImage()
    want = QColor(STATE_STYLES[GroupState.CATEGORY_DISAGREEMENT].color)
    r = rect.toAlignedRect()
    hits = 0
    for x in range(r.left(), r.right()):
        for y in range(r.top(), r.bottom()):
            c = image.pixelColor(QPoint(x, y))
            if abs(c.red() - want.red()) + abs(c.green() - want.green()) + abs(c.blue() - want.blue()) < 40:
                hits += 1
    assert hits > 20  # the red diamond is in the margin beside the group's line
    # outlines follow the text: the group's rectangles lie on the line of its first character
    (first, *_rest) = overlay.line_rects(category.start, category.end)
    assert abs(first.center().y() - rect.center().y()) < 2


def test_agreement_for_document_and_project_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    panel = start_review(qtbot, window)
    assert panel.wait_for_agreement()  # the project's figures are counted in a worker
    table = panel.agreement_table
    expected = agreement_for_project(window.project, annotators=panel.chosen_coders())
    rows = {table.item(r, 0).text(): r for r in range(table.rowCount())}
    assert list(rows) == ["Claim", "Quote", "Statistic", "Opinion", "Overall"]

    fmt = fmt_alpha  # the one formatter of the review panel, the report, the CLI and the CSV

    for label, category in [
        ("Claim", "claim"),
        ("Quote", "quote"),
        ("Statistic", "statistic"),
        ("Opinion", "opinion"),
        ("Overall", None),
    ]:
        alpha = expected.alpha_u if category is None else expected.alpha_u_categories[category]
        exact, overlap = expected.f1(category)
        for column in (1, 3):  # one document: the document's figures are the project's
            assert table.item(rows[label], column).text() == fmt(alpha)
            assert table.item(rows[label], column + 1).text() == fmt(exact)
            assert (
                table.item(rows[label], column + 1)
                .toolTip()
                .startswith(f"exact {fmt(exact)}, overlap {fmt(overlap)}")
            )
            tip = table.item(rows[label], column).toolTip()
            assert tip.startswith("n/a: " if alpha is None else f"α_U {fmt(alpha)}")
    assert fmt(expected.alpha_u_categories["statistic"]) != "n/a"


def test_buttons_are_off_in_a_readonly_project(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:
    w = MainWindow(
        project=Project.open(project_path, readonly=True),
        annotator_name="Rita",
        settings=settings_in(tmp_path),
    )
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.act_review_mode.trigger()
    panel = panel_of(w)
    w.act_next_disagreement.trigger()
    assert panel.current_group is not None
    buttons: list[QPushButton] = [*panel.member_buttons, panel.reject_button, panel.accept_agreed_button]
    assert not any(b.isEnabled() for b in buttons)
    w.project.close()


def test_following_the_open_document_and_the_coders_edits(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> None:
    with Project.open(project_path) as p:
        doc2 = p.add_document(text="A second article. Prices rose 3 %.", title="Second").document
        for name in ("Ann", "Ben"):
            who = p.ensure_annotator(name=name)
            p.add_annotation(document_id=doc2.id, start=18, end=33, category="statistic", annotator_id=who.id)
    w = MainWindow(project=Project.open(project_path), annotator_name="Rita", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    panel = start_review(qtbot, w)
    assert panel.group_list.topLevelItemCount() == 5
    qtbot.keyClick(w.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)  # next document
    qtbot.waitUntil(lambda: panel.group_list.topLevelItemCount() == 1)
    assert current(panel) is None and "0 open disagreements" in panel.summary.text()
    # the reviewer cannot delete a coder's span (only the adjudicated layer is written in review)
    ann_span = next(a for a in w.view.span_index if w.project.annotator(a.annotator_id).name == "Ann")  # type: ignore[union-attr]
    w.view.select_annotation(ann_span.id)
    qtbot.keyClick(w.view, Qt.Key.Key_Delete)
    assert "This span is Ann's" in w.statusBar().currentMessage()
    assert ann_span.id in w.view.span_index
    # the coder deleting it in their own window re-aligns the review: agreed becomes only one
    with Project.open(project_path) as ann_window:
        ann_window.delete_annotation(annotation_id=ann_span.id)
    w.on_poll_changes()
    qtbot.waitUntil(lambda: panel.group_list.topLevelItem(0).text(0) == "Only one coder")
    w.project.close()


def test_importing_a_dataset_asks_when_the_codebook_version_differs(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dataclasses import replace

    from PySide6.QtWidgets import QDialog, QMessageBox

    from annotator.dataset import export_dataset
    from ui.dialogs.dataset_import import DatasetMigrationDialog, confirm_dataset_import

    theirs = tmp_path / "theirs.sqlite"
    with Project.open(theirs) as p:
        p.set_codebook(codebook=replace(p.codebook, version="2.0"))
        p.add_document(text=TEXT, title="Strike")
        export_dataset(p, tmp_path / "theirs.json")
    asked: list[str] = []

    def answer(dialog: DatasetMigrationDialog) -> int:
        asked.append(f"{dialog.heading.text()}\n{dialog.details.toPlainText()}\n{dialog.note.text()}")
        return QDialog.DialogCode.Rejected.value

    monkeypatch.setattr(DatasetMigrationDialog, "exec", answer)
    assert confirm_dataset_import(window, window.project, tmp_path / "theirs.json") is False
    assert "version 2.0, newer than" in asked[0] and "adopt the dataset's codebook version 2.0" in asked[0]
    warned: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text: warned.append(text))
    (tmp_path / "junk.json").write_text("[]", encoding="utf-8")
    assert confirm_dataset_import(window, window.project, tmp_path / "junk.json") is False
    assert "invalid dataset" in warned[0]


def test_marks_stay_on_their_text_when_the_view_scrolls(qtbot: QtBot, tmp_path: Path) -> None:
    filler = "".join(f"Paragraph {i} 🙂 says nothing much at all.\n" for i in range(120))
    text = filler + "At the very end the mayor resigned."
    path = tmp_path / "long.sqlite"
    with Project.open(path) as p:
        doc = p.add_document(text=text, title="Long").document
        s = text.index("the mayor resigned")
        for name, cut in (("Ann", 0), ("Ben", 4)):
            who = p.ensure_annotator(name=name)
            p.add_annotation(
                document_id=doc.id, start=s + cut, end=len(text), category="claim", annotator_id=who.id
            )
    w = MainWindow(project=Project.open(path), annotator_name="Rita", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.resize(1200, 700)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    panel = start_review(qtbot, w)
    assert w.view.verticalScrollBar().value() == 0
    qtbot.keyClick(w.view, Qt.Key.Key_F8)
    qtbot.waitUntil(lambda: w.view.verticalScrollBar().value() > 0)
    group = panel.current_group
    assert group is not None and group.state is GroupState.BOUNDARY_DISAGREEMENT
    overlay = panel.overlay
    assert overlay.pos() == QPoint(0, 0) and overlay.size() == w.view.viewport().size()
    badge = overlay.badge_rect(group)
    assert badge is not None and w.view.viewport().rect().contains(badge.toAlignedRect())
    caret = w.view.cursorRect()  # the caret sits at the group's start
    assert abs(badge.center().y() - caret.center().y()) < caret.height()
    # the first acceptance adds the adjudicated layer and reloads the view's layers: the view
    # stays at the unit instead of jumping back to the top
    qtbot.mouseClick(panel.member_buttons[0], Qt.MouseButton.LeftButton)
    assert "Adjudicated (Rita)" in names_in_view(w)
    assert w.view.verticalScrollBar().value() > 0
    badge = overlay.badge_rect(group)
    assert badge is not None and w.view.viewport().rect().contains(badge.toAlignedRect())
    assert w.view.textCursor().position() == PositionMap(text).to_qt(group.start)
    w.project.close()


# -- units, keys, the comparison, and the panel at the default size ---------------------------------------

NESTED = (
    "“We did not choose this — the Port Authority chose it when they walked away,” said Tomas Redvik, "
    "the federation’s chairman 👷. The authority offered a 4.5% raise for 2026."
)
OUTER = "“We did not choose this — the Port Authority chose it when they walked away,”"
INNER = "the Port Authority chose it when they walked away"


@pytest.fixture
def nested_path(tmp_path: Path) -> Path:
    """Ann and Ben agree on an outer quote; nested in it, Ann sees an opinion and Ben a claim."""
    path = tmp_path / "nested.sqlite"
    with Project.open(path) as p:
        doc = p.add_document(text=NESTED, title="Nested").document
        ann, ben = p.ensure_annotator(name="Ann"), p.ensure_annotator(name="Ben")

        def add(who: str, needle: str, category: str, cut: int = 0) -> None:
            s = NESTED.index(needle)
            p.add_annotation(
                document_id=doc.id, start=s + cut, end=s + len(needle), category=category, annotator_id=who
            )

        for who in (ann.id, ben.id):
            add(who, OUTER, "quote")
        add(ann.id, INNER, "opinion")
        add(ben.id, INNER, "claim")
        add(ann.id, "The authority offered a 4.5% raise for 2026", "statistic")
        add(ben.id, "a 4.5% raise for 2026", "statistic")
        for who in (ann.id, ben.id):  # an agreed claim with a span nested at its very start
            add(who, "Tomas Redvik, the federation’s chairman", "claim")
        add(ann.id, "Tomas Redvik", "quote")
    return path


def open_window(
    qtbot: QtBot, path: Path, tmp_path: Path, *, size: tuple[int, int] | None = None
) -> MainWindow:
    w = MainWindow(project=Project.open(path), annotator_name="Rita", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    if size is not None:
        w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is w.view)
    return w


def listed(panel: ReviewPanel) -> list[tuple[str, str]]:
    items = [panel.group_list.topLevelItem(i) for i in range(panel.group_list.topLevelItemCount())]
    return [(item.text(0), item.text(1)) for item in items if item is not None]


def test_nested_units_are_listed_under_the_outer_one_and_decided_apart(
    qtbot: QtBot, nested_path: Path, tmp_path: Path
) -> None:
    w = open_window(qtbot, nested_path, tmp_path)
    panel = start_review(qtbot, w)

    def now(panel: ReviewPanel) -> tuple[GroupState, str] | None:
        g = panel.current_group
        return None if g is None else (g.state, NESTED[g.start : g.end])

    assert listed(panel) == [
        ("Agreed", OUTER),
        ("Category differs", "↳ " + INNER),
        ("Agreed", "Tomas Redvik, the federation’s chairman"),
        ("Only one coder", "↳ Tomas Redvik"),
        ("Boundaries differ", "The authority offered a 4.5% raise for 2026"),
    ]
    # F8 follows the list: from an outer unit to the one nested at its start
    panel.select_group(panel.review.groups[2].key)  # type: ignore[union-attr]
    qtbot.keyClick(w.view, Qt.Key.Key_F8)
    assert now(panel) == (GroupState.ONLY_ONE, "Tomas Redvik")
    qtbot.keyClick(w.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(w.view, Qt.Key.Key_F8, Qt.KeyboardModifier.ShiftModifier)
    assert now(panel) == (GroupState.BOUNDARY_DISAGREEMENT, "The authority offered a 4.5% raise for 2026")
    qtbot.keyClick(w.view, Qt.Key.Key_F8)  # wraps round to the first: the nested unit
    # one button per coder, not four
    group = panel.current_group
    assert group is not None and NESTED[group.start : group.end] == INNER
    assert [b.full_text.split(" “")[0] for b in panel.member_buttons] == [
        "Accept Ann: Opinion",
        "Accept Ben: Claim",
    ]
    panel.group_list.setFocus()
    qtbot.keyClick(panel.group_list, Qt.Key.Key_2)  # Ben's version, with the number key
    assert adjudicated(nested_path) == [
        (NESTED.index(INNER), NESTED.index(INNER) + len(INNER), INNER, "claim")
    ]
    assert listed(panel)[:2] == [
        ("Agreed", OUTER),  # as it was: not settled by the nested decision
        ("Category differs ✓", "↳ " + INNER),
    ]
    # nothing was tagged in Rita's own layer: the number went to the panel, not the category keys
    assert db(
        nested_path,
        "SELECT count(*) FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE n.name = 'Rita'",
    ) == [(0,)]
    w.project.close()


def test_number_keys_pick_versions_in_the_panel_and_stay_category_keys_in_the_text(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    panel = start_review(qtbot, window)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # the category disagreement on the quote
    assert [b.text().split(":")[0] for b in panel.member_buttons] == ["&1  Accept Ann", "&2  Accept Ben"]
    assert "key 1 here, Alt+1 anywhere" in panel.member_buttons[0].toolTip()
    # with a button focused (Tab from the list), 1 picks Ann's quote
    panel.member_buttons[1].setFocus()
    qtbot.keyClick(panel.member_buttons[1], Qt.Key.Key_1)
    s, e = find("“We have no choice,”")
    assert adjudicated(project_path) == [(s, e, "“We have no choice,”", "quote")]
    # the keypad's digits too, on the next unit, with the category box focused
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    panel.edit_category.setFocus()
    qtbot.keyClick(panel.edit_category, Qt.Key.Key_2, Qt.KeyboardModifier.KeypadModifier)
    s2, e2 = find("€4.2 million a day")
    assert (s2, e2, "€4.2 million a day", "statistic") in adjudicated(project_path)
    assert panel.edit_category.currentData() == "statistic"  # the digit did not search the box
    # a coder with no span in the unit, or no coder with that number, says so
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # only Ann
    panel.group_list.setFocus()
    qtbot.keyClick(panel.group_list, Qt.Key.Key_2)
    assert "Ben marked nothing in this unit" in window.statusBar().currentMessage()
    qtbot.keyClick(panel.group_list, Qt.Key.Key_7)
    assert "no coder 7" in window.statusBar().currentMessage()
    # in the text view a number is still a category key: in review mode it tags the selection in
    # Rita's adjudicated layer (review writes no coder's layer, Rita's own included)
    window.view.setFocus()
    t0, t1 = find("Talks")
    window.view.select_range(t0, t1)
    qtbot.keyClick(window.view, Qt.Key.Key_1)
    assert ("Talks", "claim") in db(
        project_path,
        "SELECT a.quote, a.category FROM annotations a JOIN annotators n ON n.id = a.annotator_id "
        "WHERE n.name = 'Adjudicated (Rita)'",
    )
    assert db(
        project_path,
        "SELECT count(*) FROM annotations a JOIN annotators n ON n.id = a.annotator_id WHERE n.name = 'Rita'",
    ) == [(0,)]
    # and Alt+number accepts a version from there
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    assert current(panel) == (GroupState.ONLY_ONE, "The ministry called it irresponsible")
    qtbot.keyClick(window.view, Qt.Key.Key_1, Qt.KeyboardModifier.AltModifier)
    assert ("The ministry called it irresponsible", "opinion") in [
        (r[2], r[3]) for r in adjudicated(project_path)
    ]


def test_comparison_shows_each_coders_version_on_its_own_line(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    panel = start_review(qtbot, window)
    versions = window.findChild(QDockWidget, "reviewComparisonDock")
    assert versions is not None and versions.isVisible()
    comparison = panel.comparison
    qtbot.keyClick(window.view, Qt.Key.Key_F8)
    qtbot.keyClick(window.view, Qt.Key.Key_F8)  # Ann: the whole sentence, Ben: its end
    assert [(line.label, line.key) for line in comparison.lines] == [("Ann", 1), ("Ben", 2)]
    assert comparison.title.startswith("Boundaries differ")
    assert "The strike will cost €4.2 million a day" in comparison.shown_text
    ann_line, ben_line = comparison.lines
    (ann_rect, *_) = comparison.span_rects(0, ann_line.spans[0])
    (ben_rect, *_) = comparison.span_rects(1, ben_line.spans[0])
    # the same text laid out alike on both lines: the ends line up, the starts do not
    assert ben_rect.top() > ann_rect.bottom()
    assert abs(ann_rect.right() - ben_rect.right()) < 1
    assert ben_rect.left() - ann_rect.left() > 50
    # Ann's other span nearby (the quote before it) is drawn thin on her line, not Ben's... Ben has
    # one there too, and neither is this unit
    assert {a.category for a in ann_line.others} >= {"quote"}
    # double-clicking Ben's line accepts his version; the adjudicated layer gets a line of its own
    qtbot.mouseDClick(comparison, Qt.MouseButton.LeftButton, pos=ben_rect.center().toPoint())
    s, e = find("€4.2 million a day")
    assert adjudicated(project_path) == [(s, e, "€4.2 million a day", "statistic")]
    assert [line.label for line in comparison.lines] == ["Ann", "Ben", "Adjudicated"]
    assert [a.quote for a in comparison.lines[2].spans] == ["€4.2 million a day"]
    # drawn: Ben's bar in the statistic colour under his span
    image = comparison.grab().toImage()
    want = QColor(window.project.codebook.category("statistic").color)  # type: ignore[union-attr]
    y = int(ben_rect.bottom()) + 2
    hits = sum(
        1
        for x in range(int(ben_rect.left()) + 2, int(ben_rect.right()) - 2)
        if abs(image.pixelColor(x, y).red() - want.red()) + abs(image.pixelColor(x, y).green() - want.green())
        < 40
    )
    assert hits > (ben_rect.width() - 4) * 0.8
    # leaving review mode hides the comparison
    qtbot.keyClick(window.view, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert not versions.isVisible()


def test_excerpt_gives_context_and_cuts_long_stretches() -> None:
    text = "First line.\nSome words before the unit 👩‍👩‍👧 starts here " + "x" * 600 + " and ends. After."
    start = text.index("starts")
    end = text.index("ends.") + len("ends.")
    ex = excerpt(text, start, end, marks=[start, end])
    # the context stops at the line break, not mid-word, and the long middle loses its centre
    assert ex.display.startswith("Some words before")
    assert ELLIPSIS in ex.display and len(ex.display) < 400
    assert ex.display[ex.position(start) : ex.position(start) + 6] == "starts"
    assert ex.display[ex.position(end, end=True) - 5 : ex.position(end, end=True)] == "ends."
    # a position in the cut goes to the ellipsis
    middle = start + 300
    assert ex.display[ex.position(middle)] == ELLIPSIS
    assert ex.display[ex.position(middle, end=True) - 1] == ELLIPSIS
    # a line break inside stays a line break for the layout
    assert "\u2028" in excerpt("a\nb", 0, 3).display


def test_the_panel_fits_at_the_default_window_size(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:
    """No sideways scrolling or clipped buttons and columns at 1400x880 (the first start's size)."""
    long_path = tmp_path / "many.sqlite"
    sentences = [f"Sentence {i} of the report 🙂 says a thing worth coding." for i in range(60)]
    text = " ".join(sentences)
    with Project.open(long_path) as p:
        doc = p.add_document(text=text, title="Many").document
        ann = p.ensure_annotator(name="Annika Johansson-Abernathy")
        ben = p.ensure_annotator(name="Benedikt Oyelaran-Sørensen")
        for i, sentence in enumerate(sentences):
            s = text.index(sentence)
            p.add_annotation(
                document_id=doc.id, start=s, end=s + len(sentence), category="claim", annotator_id=ann.id
            )
            cut = 9 if i % 2 else 0
            p.add_annotation(
                document_id=doc.id,
                start=s + cut,
                end=s + len(sentence),
                category="claim",
                annotator_id=ben.id,
            )
    w = open_window(qtbot, long_path, tmp_path)
    assert (w.width(), w.height()) == (1400, 880)
    panel = start_review(qtbot, w)
    qtbot.waitUntil(lambda: w.review_dock.width() >= panel.preferred_width() - 2)
    for _ in range(25):  # well down the list
        qtbot.keyClick(w.view, Qt.Key.Key_F8)
    scroll = panel.scroll_area
    viewport = scroll.viewport()
    # the left column settles once the docks that share it are laid out again
    qtbot.waitUntil(lambda: panel.content.width() <= viewport.width(), timeout=3000)
    assert not scroll.horizontalScrollBar().isVisible()
    assert panel.content.minimumSizeHint().width() <= viewport.width()
    assert panel.content.width() <= viewport.width()
    assert not scroll.verticalScrollBar().isVisible()  # the whole panel fits, nothing below the fold
    for button in panel.findChildren(QPushButton):
        if button.isVisible() and not isinstance(button, VersionButton):
            assert button.width() >= button.sizeHint().width(), button.text()
    for button in panel.member_buttons:  # long names: elided, not clipped
        assert button.width() <= viewport.width()
        assert button.fontMetrics().horizontalAdvance(button.text().replace("&", "")) < button.width()
    table = panel.agreement_table
    assert not table.horizontalScrollBar().isVisible()
    columns = sum(table.columnWidth(c) for c in range(table.columnCount()))
    assert columns <= table.viewport().width()
    for c in range(1, table.columnCount()):
        assert table.columnWidth(c) >= table.horizontalHeader().sectionSizeHint(c)
    # the current unit's row is in view in the list
    item = panel.group_list.currentItem()
    assert item is not None
    rect = panel.group_list.visualItemRect(item)
    assert panel.group_list.viewport().rect().contains(rect)
    assert not panel.group_list.horizontalScrollBar().isVisible()
    w.project.close()
