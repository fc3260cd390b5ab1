"""Item models for the document list and the annotation list.

Both hold plain domain objects and are refreshed from change records, never by re-querying
the whole project after each edit.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Mapping, Sequence
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from annotator.domain import Annotation, Assignment, Codebook, DocumentInfo, DocumentStatus

from ..i18n import translate, translate_noop

Index = QModelIndex | QPersistentModelIndex
#: The id an item stands for (a document, an annotation, an annotator, an aligned group): one role
#: for every list and table of the app, so an id is always found the same way.
ID_ROLE = Qt.ItemDataRole.UserRole + 1
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
#: What kind of thing the item is, where a list mixes kinds (coders and adjudicated layers).
KIND_ROLE = Qt.ItemDataRole.UserRole + 3


class _ListTableModel(QAbstractTableModel):
    """A flat table of ``_row_count()`` rows under fixed ``HEADERS``: the part both lists share."""

    HEADERS: tuple[str, ...] = ()

    def _row_count(self) -> int:
        raise NotImplementedError

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._row_count()

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return translate("Columns", self.HEADERS[section])
        return None


#: The document states as the list shows them (``DocumentStatus.label``), marked for translation.
STATUS_LABELS = {
    "not_started": translate_noop("DocumentStatus", "not started"),
    "in_progress": translate_noop("DocumentStatus", "in progress"),
    "done": translate_noop("DocumentStatus", "done"),
}


def source_of(doc: DocumentInfo) -> str:
    """The outlet, or the web site the article came from when no outlet was recorded."""
    if doc.source:
        return doc.source
    host = urlsplit(doc.url).hostname or ""
    return host.removeprefix("www.")


#: Added to the Title column's sort key of documents not assigned to the coder, so they follow theirs.
_OTHERS = 1 << 40


class DocumentListModel(_ListTableModel):
    """Title, outlet, date, annotation count, status, author, URL and language of every document.

    The metadata columns are editable in place; an edit is not applied here but announced through
    ``edit_requested`` (document id, field, text), so the window can make it an undoable core
    operation and refresh the row from what the project stored.
    """

    HEADERS = (
        translate_noop("Columns", "Title"),
        translate_noop("Columns", "Outlet"),
        translate_noop("Columns", "Date"),
        translate_noop("Columns", "Spans"),
        translate_noop("Columns", "Status"),
        translate_noop("Columns", "Author"),
        translate_noop("Columns", "URL"),
        translate_noop("Columns", "Language"),
        translate_noop("Columns", "Mine"),
    )
    #: The document field each column edits (``None``: not editable).
    FIELDS: tuple[str | None, ...] = (
        "title",
        "source",
        "published",
        None,
        None,
        "author",
        "url",
        "language",
        None,
    )
    #: The column that says whether a document is assigned to the coder (a study's "My documents").
    MINE_COLUMN = 8

    def __init__(self) -> None:
        super().__init__()
        self._docs: list[DocumentInfo] = []
        self._mine: dict[str, Assignment] = {}
        self._show_sample = False
        self.edit_requested: Callable[[str, str, str], None] | None = None
        self.editable = True

    def set_documents(self, docs: Sequence[DocumentInfo]) -> None:
        self.beginResetModel()
        self._docs = self._ordered(docs)
        self.endResetModel()

    def _ordered(self, docs: Sequence[DocumentInfo]) -> list[DocumentInfo]:
        """The coder's assigned documents first (in project order), then the others."""
        return sorted(docs, key=lambda d: d.id not in self._mine) if self._mine else list(docs)

    def set_assignments(self, mine: Mapping[str, Assignment], *, show_sample: bool) -> None:
        """The coder's assignments (document id -> assignment); the reliability sample is marked
        only with ``show_sample`` (the lead decides whether coders may know it)."""
        if dict(mine) == self._mine and show_sample == self._show_sample:
            return
        self.beginResetModel()
        self._mine = dict(mine)
        self._show_sample = show_sample
        self._docs = self._ordered(self._docs)
        self.endResetModel()

    def assignment(self, document_id: str) -> Assignment | None:
        return self._mine.get(document_id)

    @property
    def has_assignments(self) -> bool:
        return bool(self._mine)

    def set_assignment_status(self, document_id: str, status: DocumentStatus) -> None:
        mine = self._mine.get(document_id)
        row = self.row_of(document_id)
        if mine is None or mine.status is status or row < 0:
            return
        self._mine[document_id] = Assignment(
            document_id=mine.document_id, coder_id=mine.coder_id, reliability=mine.reliability, status=status
        )
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def _mine_text(self, doc: DocumentInfo) -> str:
        mine = self._mine.get(doc.id)
        if mine is None:
            return ""
        # a narrow column: the Title beside it needs the dock's width (the tooltip says it in words)
        return "✓ R" if mine.reliability and self._show_sample else "✓"

    def _status(self, doc: DocumentInfo) -> DocumentStatus:
        """Your own progress on an assigned document; the document's status on the others."""
        mine = self._mine.get(doc.id)
        return mine.status if mine is not None else doc.status

    def _status_text(self, doc: DocumentInfo) -> str:
        status = self._status(doc)
        return translate("DocumentStatus", STATUS_LABELS.get(status.value, status.label))

    def _row_count(self) -> int:
        return len(self._docs)

    def documents(self) -> list[DocumentInfo]:
        return list(self._docs)

    def row_of(self, document_id: str) -> int:
        return next((i for i, d in enumerate(self._docs) if d.id == document_id), -1)

    def get(self, document_id: str) -> DocumentInfo | None:
        row = self.row_of(document_id)
        return self._docs[row] if row >= 0 else None

    def replace(self, doc: DocumentInfo) -> None:
        row = self.row_of(doc.id)
        if row >= 0:
            self._docs[row] = doc
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and section == self.MINE_COLUMN:
            return "✓: assigned to you; ✓ R: in the reliability sample, which every coder codes"
        return super().headerData(section, orientation, role)

    def _assignment_tip(self, doc: DocumentInfo) -> str:
        mine = self._mine.get(doc.id)
        if mine is None:
            return f"Not assigned to you (document status: {doc.status.label})"
        tip = f"Assigned to you: {mine.status.label}"
        if mine.reliability and self._show_sample:
            tip += "\nIn the reliability sample: every coder of the study codes this document"
        return tip + "\n(Code > Mark as Done when you have finished it)"

    def flags(self, index: Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        if index.isValid() and self.editable and self.FIELDS[index.column()] is not None:
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def setData(self, index: Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        field = self.FIELDS[index.column()] if index.isValid() else None
        if role != Qt.ItemDataRole.EditRole or field is None:
            return False
        doc = self._docs[index.row()]
        text = str(value if value is not None else "")
        if text.strip() != str(getattr(doc, field)).strip() and self.edit_requested is not None:
            self.edit_requested(doc.id, field, text)
        return False  # the row changes when the project has stored the edit

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        doc = self._docs[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return doc.id
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                doc.title,
                source_of(doc),
                doc.published[:10],
                doc.annotation_count,
                self._status_text(doc),
                doc.author,
                doc.url,
                doc.language,
                self._mine_text(doc),
            )[col]
        if role == Qt.ItemDataRole.EditRole:
            field = self.FIELDS[col]
            return str(getattr(doc, field)) if field is not None else None
        if role == SORT_ROLE:
            return (
                (
                    doc.title.lower(),
                    source_of(doc).lower(),
                    doc.published,
                    doc.annotation_count,
                    self._status(doc).value,
                    doc.author.lower(),
                    doc.url,
                    doc.language,
                    0 if doc.id in self._mine else 1,  # assigned ones first
                )[col]
                if col != 0
                else doc.position + (_OTHERS if self._mine and doc.id not in self._mine else 0)
            )
        if role == Qt.ItemDataRole.ToolTipRole and col in (4, self.MINE_COLUMN) and self._mine:
            return self._assignment_tip(doc)
        if role == Qt.ItemDataRole.ToolTipRole:
            counts = f"{doc.length:,} characters, {doc.annotation_count} spans"
            body = "" if doc.body is None else f"\narticle body: characters {doc.body[0]:,}–{doc.body[1]:,}"
            memo = f"\n\nMemo: {doc.memo}" if doc.memo else ""
            return f"{doc.title}\n{doc.source} {doc.published}\n{counts}{body}{memo}"
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and not doc.source and doc.url:
            return QBrush(QColor("#808080"))  # the web site, shown where no outlet is known
        if role == Qt.ItemDataRole.ForegroundRole and self._mine and doc.id not in self._mine:
            return QBrush(QColor("#808080"))  # not one of yours: listed after yours, greyed
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 3:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None


class DocumentFilterModel(QSortFilterProxyModel):
    """Filters on title, source and date, case-insensitively; and to your assigned documents
    with :meth:`set_only_mine`."""

    def __init__(self) -> None:
        super().__init__()
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setSortRole(SORT_ROLE)
        self.only_mine = False

    def set_only_mine(self, only: bool) -> None:
        self.beginFilterChange()
        self.only_mine = only
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        if self.only_mine and isinstance(model, DocumentListModel) and model.has_assignments:
            doc_id = model.index(source_row, 0, source_parent).data(ID_ROLE)
            if model.assignment(str(doc_id)) is None:
                return False
        return super().filterAcceptsRow(source_row, source_parent)


class AnnotationListModel(_ListTableModel):
    """The annotations of the open document (all layers shown in the view)."""

    HEADERS = (
        translate_noop("Columns", "Start"),
        translate_noop("Columns", "End"),
        translate_noop("Columns", "Category"),
        translate_noop("Columns", "Quote"),
        translate_noop("Columns", "Annotator"),
    )

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Annotation] = []
        # kept in step with _items: sort keys for bisection and ids for lookups, so a tag in a
        # document with 10,000 spans does not scan the list (it did, twice per key press)
        self._keys: list[tuple[int, int, str]] = []
        self._by_id: dict[str, Annotation] = {}
        self._codebook: Codebook | None = None
        self._names: Mapping[str, str] = {}

    @staticmethod
    def _key(a: Annotation) -> tuple[int, int, str]:
        return (a.start, -a.end, a.id)

    def set_annotations(
        self, items: Sequence[Annotation], *, codebook: Codebook, names: Mapping[str, str]
    ) -> None:
        self.beginResetModel()
        self._items = sorted(items, key=self._key)
        self._keys = [self._key(a) for a in self._items]
        self._by_id = {a.id: a for a in self._items}
        self._codebook = codebook
        self._names = dict(names)
        self.endResetModel()

    def _row_count(self) -> int:
        return len(self._items)

    def annotations(self) -> list[Annotation]:
        return list(self._items)

    def set_names(self, names: Mapping[str, str]) -> None:
        self._names = dict(names)
        if self._items:
            self.dataChanged.emit(self.index(0, 4), self.index(len(self._items) - 1, 4))

    def set_codebook(self, codebook: Codebook) -> None:
        """Another codebook version became current: labels, colours and the older-version flags change."""
        self._codebook = codebook
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 4))

    def is_under(self, category: str, ancestor: str) -> bool:
        """Whether ``category`` is ``ancestor`` or sits under it in the codebook's tree."""
        if category == ancestor:
            return True
        return self._codebook is not None and any(c.id == ancestor for c in self._codebook.path(category))

    def is_older(self, a: Annotation) -> bool:
        """Whether ``a`` was made (or last changed) under another codebook version than the current one."""
        return bool(self._codebook and a.codebook_version and a.codebook_version != self._codebook.version)

    def get(self, annotation_id: str) -> Annotation | None:
        return self._by_id.get(annotation_id)

    def row_of(self, annotation_id: str) -> int:
        a = self._by_id.get(annotation_id)
        return -1 if a is None else bisect_left(self._keys, self._key(a))

    def apply(self, before: Annotation | None, after: Annotation | None) -> None:
        """Reflect one change: remove ``before`` (if any), insert ``after`` in order (if any)."""
        if before is not None:
            row = self.row_of(before.id)
            if row >= 0:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row], self._keys[row]
                del self._by_id[before.id]
                self.endRemoveRows()
        if after is not None:
            key = self._key(after)
            row = bisect_left(self._keys, key)
            self.beginInsertRows(QModelIndex(), row, row)
            self._items.insert(row, after)
            self._keys.insert(row, key)
            self._by_id[after.id] = after
            self.endInsertRows()

    def _label(self, category: str) -> str:
        cat = self._codebook.category(category) if self._codebook else None
        return cat.label if cat else category

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        a = self._items[index.row()]
        col = index.column()
        if role == ID_ROLE:
            return a.id
        if role == Qt.ItemDataRole.DisplayRole:
            quote = a.quote.replace("\n", " ⏎ ")
            older = f"  (v{a.codebook_version})" if self.is_older(a) else ""
            return (
                a.start,
                a.end,
                self._label(a.category) + older,
                quote if len(quote) < 120 else quote[:117] + "…",
                self._names.get(a.annotator_id, a.annotator_id[:8]),
            )[col]
        if role == SORT_ROLE:
            return (
                a.start,
                a.end,
                self._label(a.category),
                a.quote.lower(),
                self._names.get(a.annotator_id, ""),
            )[col]
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = a.quote if not a.note else f"{a.quote}\n\nNote: {a.note}"
            if self.is_older(a) and self._codebook is not None:
                tip += (
                    f"\n\nCoded under codebook version {a.codebook_version}; "
                    f"the current version is {self._codebook.version}."
                )
            return tip
        if role == Qt.ItemDataRole.ForegroundRole and col == 2 and self.is_older(a):
            return QBrush(QColor("#B26B00"))
        if role == Qt.ItemDataRole.DecorationRole and col == 2 and self._codebook:
            cat = self._codebook.category(a.category)
            return QColor(cat.color) if cat else None
        if role == Qt.ItemDataRole.ForegroundRole and col in (0, 1):
            return QBrush(QColor("#808080"))
        return None


class AnnotationFilterModel(QSortFilterProxyModel):
    """Filters annotations by category, annotator and quote text."""

    def __init__(self) -> None:
        super().__init__()
        self.setSortRole(SORT_ROLE)
        self.category = ""
        self.annotator = ""
        self.text = ""
        self.older_only = False

    def set_filter(
        self,
        *,
        category: str | None = None,
        annotator: str | None = None,
        text: str | None = None,
        older_only: bool | None = None,
    ) -> None:
        self.beginFilterChange()
        if older_only is not None:
            self.older_only = older_only
        if category is not None:
            self.category = category
        if annotator is not None:
            self.annotator = annotator
        if text is not None:
            self.text = text.casefold()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        model = self.sourceModel()
        assert isinstance(model, AnnotationListModel)
        a = model.annotations()[source_row]
        return (
            (not self.category or model.is_under(a.category, self.category))
            and (not self.annotator or a.annotator_id == self.annotator)
            and (not self.text or self.text in a.quote.casefold() or self.text in a.note.casefold())
            and (not self.older_only or model.is_older(a))
        )
