"""Search every annotation of the project by quote, note, category and annotator; jump to one."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Annotation, Annotator, Codebook

from ..a11y import name


class SearchDialog(QDialog):
    """Search every annotation of the project by quote text, category and annotator; jump to one."""

    jump_requested = Signal(str, str)  # document id, annotation id

    def __init__(
        self,
        *,
        annotations: Sequence[Annotation],
        titles: dict[str, str],
        codebook: Codebook,
        annotators: Sequence[Annotator],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Search annotations"))
        self.resize(820, 520)
        self._all = list(annotations)
        self._titles = titles
        self._codebook = codebook
        self._names = {a.id: a.name for a in annotators}
        self.query = QLineEdit()
        self.query.setObjectName("searchQuery")
        name(self.query, self.tr("Search text"), self.tr("Text in the quote or note"))
        self.query.setPlaceholderText(self.tr("Text in the quote or note"))
        self.category = QComboBox()
        self.category.addItem(self.tr("All categories"), "")
        for cat in codebook.categories:
            self.category.addItem(cat.label, cat.id)
        name(self.category, self.tr("Category"))
        self.annotator = QComboBox()
        self.annotator.addItem(self.tr("All annotators"), "")
        for a in annotators:
            self.annotator.addItem(a.name, a.id)
        name(self.annotator, self.tr("Annotator"))
        top = QHBoxLayout()
        top.addWidget(self.query, 2)
        top.addWidget(self.category, 1)
        top.addWidget(self.annotator, 1)
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("searchResults")
        name(self.table, self.tr("Search results"), self.tr("Enter jumps to the span in its document"))
        self.table.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Category"), self.tr("Quote"), self.tr("Annotator")]
        )
        self.table.horizontalHeader().setStretchLastSection(False)
        self.table.horizontalHeader().resizeSection(2, 380)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QTableWidget.SelectionBehavior.SelectRows)
        self.table.cellActivated.connect(self._on_activated)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.table)
        self.query.textChanged.connect(self.refresh)
        self.category.currentIndexChanged.connect(self.refresh)
        self.annotator.currentIndexChanged.connect(self.refresh)
        self.query.returnPressed.connect(lambda: self._on_activated(max(0, self.table.currentRow()), 0))
        self.refresh()

    def results(self) -> list[Annotation]:
        q = self.query.text().casefold()
        cat, who = self.category.currentData(), self.annotator.currentData()
        return [
            a
            for a in self._all
            if (not q or q in a.quote.casefold() or q in a.note.casefold())
            and (not cat or a.category == cat)
            and (not who or a.annotator_id == who)
        ]

    def refresh(self) -> None:
        found = self.results()[:2000]
        self.table.setRowCount(len(found))
        for row, a in enumerate(found):
            cat = self._codebook.category(a.category)
            items = [
                self._titles.get(a.document_id, "?"),
                cat.label if cat else a.category,
                a.quote.replace("\n", " ⏎ "),
                self._names.get(a.annotator_id, "?"),
            ]
            for col, text in enumerate(items):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, (a.document_id, a.id))
                self.table.setItem(row, col, item)

    def _on_activated(self, row: int, _col: int) -> None:
        item = self.table.item(row, 0)
        if item is not None:
            doc_id, ann_id = item.data(Qt.ItemDataRole.UserRole)
            self.jump_requested.emit(doc_id, ann_id)
