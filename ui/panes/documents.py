"""The Documents pane: the project's documents with a filter, their metadata, span counts and status.

Title, outlet, date, author, URL and language are edited in place (double-click or F2); the pane
announces an edit with :attr:`DocumentsPane.edit_requested` and shows it once the project stored it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QMenu,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import DocumentInfo

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
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.filter)
        layout.addWidget(self.table)

    def documents(self) -> list[DocumentInfo]:
        return self.model.documents()

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
            if column == 0:
                continue
            act = menu.addAction(title)
            act.setCheckable(True)
            act.setChecked(not self.table.isColumnHidden(column))
            act.toggled.connect(partial(self._show_column, column))
        menu.exec(self.table.horizontalHeader().mapToGlobal(pos))

    def _show_column(self, column: int, shown: bool) -> None:
        self.table.setColumnHidden(column, not shown)
