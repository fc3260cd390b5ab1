"""The Documents pane: the project's documents with a filter, their metadata, span counts and status.

Title, outlet, date, author, URL and language are edited in place (double-click or F2); the pane
announces an edit with :attr:`DocumentsPane.edit_requested` and shows it once the project stored it.

In a study (``annotator assign``) the coder's own documents come first, with their own progress in
the Status column and a Mine column (marking the reliability sample only when the lead lets coders
know it); the others follow, greyed, or are hidden with "Only my documents".
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Assignment, DocumentInfo, DocumentStatus

from .models import ID_ROLE, DocumentFilterModel, DocumentListModel
from .tables import setup_table


class DocumentsPane(QWidget):
    """The document list; emits :attr:`document_chosen` on a pick, :attr:`menu_requested` on a right-click."""

    document_chosen = Signal(str)
    menu_requested = Signal(QPoint)  # global position
    #: A metadata cell was edited: (document id, field, the text typed).
    edit_requested = Signal(str, str, str)
    #: The visible documents changed (the filter): what the Analysis pane follows.
    filter_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel()
        self.proxy = DocumentFilterModel()
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText(self.tr("Filter documents"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.filter.textChanged.connect(lambda _text: self.filter_changed.emit())
        self.model.edit_requested = self.edit_requested.emit
        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (3, 4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # fitted to the rows in view: measuring a thousand rows after every span count changes
        # (each tag, each review decision) was a tenth of a second in a large project
        header.setResizeContentsPrecision(0)
        header.resizeSection(1, 100)
        header.resizeSection(2, self.table.fontMetrics().horizontalAdvance("2026-08-20") + 16)
        # Title, outlet, date, spans and status fit the dock; author, URL and language are a
        # right-click on the header away.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        for column in (5, 6, 7):
            self.table.setColumnHidden(column, True)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.table.selectionModel().currentRowChanged.connect(self._on_row)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.customContextMenuRequested.connect(
            lambda pos: self.menu_requested.emit(self.table.viewport().mapToGlobal(pos))
        )
        mine_column = DocumentListModel.MINE_COLUMN
        header.moveSection(mine_column, 1)  # beside the title
        header.setSectionResizeMode(mine_column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setColumnHidden(mine_column, True)
        self.only_mine = QCheckBox(self.tr("Only my documents"))
        self.only_mine.setObjectName("myDocumentsOnly")
        self.only_mine.setToolTip(self.tr("Hide the documents not assigned to you"))
        self.only_mine.toggled.connect(self._on_only_mine)
        self.mine_summary = QLabel()
        self.mine_summary.setObjectName("myDocumentsSummary")
        self.study_row = QWidget()
        row = QHBoxLayout(self.study_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.only_mine)
        row.addStretch(1)
        row.addWidget(self.mine_summary)
        self.study_row.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.study_row)
        layout.addWidget(self.table)

    def documents(self) -> list[DocumentInfo]:
        return self.model.documents()

    def set_assignments(self, mine: Mapping[str, Assignment], *, show_sample: bool) -> None:
        """Show the coder's own documents first (see the module docstring); empty: no study."""
        current = self.table.currentIndex().data(ID_ROLE)
        self.model.set_assignments(mine, show_sample=show_sample)
        self.table.setColumnHidden(DocumentListModel.MINE_COLUMN, not mine)
        self.study_row.setVisible(bool(mine))
        if not mine and self.only_mine.isChecked():
            self.only_mine.setChecked(False)
        self._show_summary()
        if current is not None:
            self.select(str(current))

    def set_assignment_status(self, document_id: str, status: DocumentStatus) -> None:
        """The coder's progress on one of their documents changed."""
        self.model.set_assignment_status(document_id, status)
        self._show_summary()

    def _show_summary(self) -> None:
        mine = [a for a in (self.model.assignment(d.id) for d in self.model.documents()) if a is not None]
        done = sum(a.status is DocumentStatus.DONE for a in mine)
        started = sum(a.status is DocumentStatus.IN_PROGRESS for a in mine)
        summary = self.tr("{done} of {total} done").format(done=done, total=len(mine))
        if started:
            summary += self.tr(", {started} started").format(started=started)
        self.mine_summary.setText(summary)
        self.mine_summary.setToolTip(
            f"Your documents: {done} done, {started} in progress, {len(mine) - done - started} not started"
        )

    def _on_only_mine(self, only: bool) -> None:
        self.proxy.set_only_mine(only)
        self.filter_changed.emit()

    def visible_ids(self) -> list[str]:
        """The documents the filter lets through, in the order shown."""
        return [str(self.proxy.index(row, 0).data(ID_ROLE)) for row in range(self.proxy.rowCount())]

    def set_editable(self, editable: bool) -> None:
        """Whether metadata cells can be edited (not in a read-only project)."""
        self.model.editable = editable

    def select(self, document_id: str) -> None:
        """Show ``document_id`` as the current row.

        The pane then emits :attr:`document_chosen` for it too; the window ignores a choice of the
        document it already shows, so this echo costs nothing.
        """
        row = self.model.row_of(document_id)
        if row < 0:
            return
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        if index.isValid() and self.table.currentIndex().row() != index.row():
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
            )
            self.table.scrollTo(index)

    def neighbour(self, delta: int) -> str | None:
        """The document ``delta`` rows from the current one in the list as shown (filtered, sorted)."""
        rows = self.proxy.rowCount()
        if not rows:
            return None
        current = self.table.currentIndex().row()
        row = min(rows - 1, max(0, current + delta)) if current >= 0 else 0
        return str(self.proxy.index(row, 0).data(ID_ROLE))

    def _on_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.document_chosen.emit(str(current.data(ID_ROLE)))

    def _on_header_menu(self, pos: QPoint) -> None:
        menu = QMenu(self)
        for column, title in enumerate(DocumentListModel.HEADERS):
            if column == 0 or (column == DocumentListModel.MINE_COLUMN and not self.model.has_assignments):
                continue
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(column))
            act.toggled.connect(partial(self._show_column, column))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _show_column(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
