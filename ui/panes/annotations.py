"""The Annotations pane: the open document's spans, filtered by category and annotator."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QTableView, QVBoxLayout, QWidget

from annotator.domain import Codebook

from ..icons import swatch
from ..theme import category_pattern
from .models import ID_ROLE, AnnotationFilterModel, AnnotationListModel
from .tables import setup_table


class AnnotationsPane(QWidget):
    """Emits :attr:`annotation_chosen` when the user clicks or activates a row."""

    annotation_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = AnnotationListModel()
        self.proxy = AnnotationFilterModel()
        self.proxy.setSourceModel(self.model)
        self.category_filter = QComboBox()
        self.category_filter.setObjectName("annotationCategoryFilter")
        self.category_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(category=self.category_filter.currentData() or "")
        )
        self.annotator_filter = QComboBox()
        self.annotator_filter.setObjectName("annotationAnnotatorFilter")
        self.annotator_filter.currentIndexChanged.connect(
            lambda: self.proxy.set_filter(annotator=self.annotator_filter.currentData() or "")
        )
        self.older_filter = QCheckBox(self.tr("Older codebook"))
        self.older_filter.setObjectName("annotationOlderFilter")
        self.older_filter.setToolTip(
            self.tr(
                "Only spans coded under an earlier codebook version (the category column names their version)"
            )
        )
        self.older_filter.toggled.connect(lambda on: self.proxy.set_filter(older_only=on))
        self.table = QTableView()
        self.table.setObjectName("annotationList")
        self.table.setModel(self.proxy)
        setup_table(self.table)
        self.table.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.clicked.connect(self._on_row)
        self.table.activated.connect(self._on_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        filters = QHBoxLayout()
        filters.addWidget(self.category_filter)
        filters.addWidget(self.annotator_filter)
        filters.addWidget(self.older_filter)
        layout.addLayout(filters)
        layout.addWidget(self.table)

    def set_categories(self, codebook: Codebook) -> None:
        """The category filter's choices, keeping the one chosen if it is still there."""
        current = self.category_filter.currentData()
        self.category_filter.blockSignals(True)
        self.category_filter.clear()
        self.category_filter.addItem(self.tr("All categories"), "")
        for cat in codebook.categories:
            path = " › ".join(c.label for c in codebook.path(cat.id))
            self.category_filter.addItem(
                swatch(cat.color, pattern=category_pattern(codebook, cat.id)), path, cat.id
            )
        self.category_filter.setCurrentIndex(max(0, self.category_filter.findData(current)))
        self.category_filter.blockSignals(False)
        self.model.set_codebook(codebook)

    def set_annotators(self, names: Mapping[str, str]) -> None:
        """The annotator filter's choices and the names the list shows."""
        current = self.annotator_filter.currentData()
        self.annotator_filter.blockSignals(True)
        self.annotator_filter.clear()
        self.annotator_filter.addItem(self.tr("All annotators"), "")
        for aid, name in names.items():
            self.annotator_filter.addItem(name, aid)
        self.annotator_filter.setCurrentIndex(max(0, self.annotator_filter.findData(current)))
        self.annotator_filter.blockSignals(False)
        self.model.set_names(names)

    def show_selected(self, annotation_id: str | None) -> None:
        """Select the row of ``annotation_id`` (scrolled into view), or none."""
        if annotation_id is None:
            self.table.clearSelection()
            return
        index = self.proxy.mapFromSource(self.model.index(self.model.row_of(annotation_id), 0))
        if not index.isValid():
            self.table.clearSelection()  # filtered out of the list
            return
        current = [i.row() for i in self.table.selectionModel().selectedRows()]
        if current != [index.row()]:
            # no signal blocking: the table repaints the old row from selectionChanged
            self.table.selectRow(index.row())
            self.table.scrollTo(index)

    def _on_row(self, index: QModelIndex) -> None:
        aid = index.data(ID_ROLE)
        if aid:
            self.annotation_chosen.emit(str(aid))
