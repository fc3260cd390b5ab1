"""The Documents pane: the project's documents with a filter, their span counts and status."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QItemSelectionModel, QModelIndex, QPoint, Qt, Signal
from PySide6.QtWidgets import QHeaderView, QLineEdit, QMenu, QTableView, QVBoxLayout, QWidget

from annotator.domain import DocumentInfo

from .models import ID_ROLE, DocumentFilterModel, DocumentListModel
from .tables import setup_table


class DocumentsPane(QWidget):
    """The document list; emits :attr:`document_chosen` on a pick, :attr:`menu_requested` on a right-click."""

    document_chosen = Signal(str)
    menu_requested = Signal(QPoint)  # global position

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DocumentListModel()
        self.proxy = DocumentFilterModel()
        self.proxy.setSourceModel(self.model)
        self.filter = QLineEdit()
        self.filter.setObjectName("documentFilter")
        self.filter.setPlaceholderText("Filter documents")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.table = QTableView()
        self.table.setObjectName("documentList")
        self.table.setModel(self.proxy)
        setup_table(self.table)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Title, spans and status fit a narrow dock; source and date are a right-click away.
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._on_header_menu)
        for column in (1, 2):
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
