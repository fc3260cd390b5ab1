"""The find bar under the text: case-insensitive search in the open document, marks on every hit."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

from ..textview.view import AnnotationTextView

#: More hits than this are not marked (a one-letter search in a long document).
MAX_MATCHES = 5000


def find_all(text: str, needle: str, limit: int = MAX_MATCHES) -> list[tuple[int, int]]:
    """Code-point ranges of ``needle`` in ``text``, case-insensitively where that keeps positions."""
    if not needle:
        return []
    folded, low = text.casefold(), needle.casefold()
    if len(folded) == len(text):  # casefold kept positions: search case-insensitively
        haystack, probe = folded, low
    else:
        haystack, probe = text, needle
    found: list[tuple[int, int]] = []
    pos = haystack.find(probe)
    while pos >= 0 and len(found) < limit:
        found.append((pos, pos + len(probe)))
        pos = haystack.find(probe, pos + max(1, len(probe)))
    return found


class FindBar(QWidget):
    """Enter steps to the next hit, Shift+Enter to the previous one; the window closes it on Esc.

    With matches, it offers "Suggest all N matches as [category]": ``suggest_requested`` (the
    category id) asks the window to make every match a pending suggestion.
    """

    suggest_requested = Signal(str)

    def __init__(self, view: AnnotationTextView, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self._view = view
        self._matches: list[tuple[int, int]] = []
        self._index = -1
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 4, 8, 4)
        self.edit = QLineEdit()
        self.edit.setObjectName("findEdit")
        self.edit.setPlaceholderText(
            self.tr("Find in document (Enter: next, Shift+Enter: previous, Esc: close)")
        )
        self.edit.textChanged.connect(self.search)
        self.edit.returnPressed.connect(lambda: self.step(1))
        self.label = QLabel()
        #: Gives the categories to offer, as (id, label) pairs; set by the window.
        self.categories: Callable[[], list[tuple[str, str]]] | None = None
        self.suggest_button = QPushButton()
        self.suggest_button.setObjectName("suggestMatchesButton")
        self.suggest_button.setToolTip(
            self.tr("Make every match a pending suggestion you accept or reject one by one")
        )
        self.suggest_button.clicked.connect(self._on_suggest)
        self.category_box = QComboBox()
        self.category_box.setObjectName("suggestCategoryBox")
        self.category_box.setToolTip(self.tr("The category the suggestions get"))
        row.addWidget(QLabel(self.tr("Find:")))
        row.addWidget(self.edit, 1)
        row.addWidget(self.label)
        row.addWidget(self.suggest_button)
        row.addWidget(self.category_box)
        self._show_offer()
        self.hide()

    @property
    def matches(self) -> list[tuple[int, int]]:
        return list(self._matches)

    def open(self) -> None:
        self.show()
        self.edit.setFocus()
        self.edit.selectAll()
        self.search(self.edit.text())

    def close_bar(self) -> None:
        self.hide()
        self._view.clear_find_matches()
        self._view.setFocus()

    def document_changed(self) -> None:
        """The view shows another document: search it for what the bar holds."""
        if self.isVisible():
            self.search(self.edit.text())

    def search(self, needle: str) -> None:
        self._matches = find_all(self._view.text, needle)
        self._view.set_find_matches(self._matches)
        self._index = -1
        self.label.setText(f"{len(self._matches)} matches" if needle else "")
        self._show_offer()
        if self._matches:
            self.step(1)

    def _show_offer(self) -> None:
        n = len(self._matches)
        offered = n > 0 and self.categories is not None
        if offered and self.categories is not None:
            chosen = self.category_box.currentData()
            pairs = self.categories()
            if [self.category_box.itemData(i) for i in range(self.category_box.count())] != [
                cid for cid, _ in pairs
            ]:
                self.category_box.clear()
                for cid, label in pairs:
                    self.category_box.addItem(label, cid)
                if chosen is not None:
                    self.category_box.setCurrentIndex(max(0, self.category_box.findData(chosen)))
            offered = bool(pairs)
        self.suggest_button.setText(
            self.tr("Suggest the match as") if n == 1 else self.tr("Suggest all {n} matches as").format(n=n)
        )
        self.suggest_button.setVisible(offered)
        self.category_box.setVisible(offered)

    def set_category(self, category_id: str) -> None:
        """Offer this category first (the one last used)."""
        i = self.category_box.findData(category_id)
        if i >= 0:
            self.category_box.setCurrentIndex(i)

    def _on_suggest(self) -> None:
        category = self.category_box.currentData()
        if self._matches and isinstance(category, str):
            self.suggest_requested.emit(category)

    def step(self, delta: int) -> None:
        if not self._matches:
            return
        self._index = (self._index + delta) % len(self._matches)
        start, end = self._matches[self._index]
        self._view.select_range(start, end)
        self.label.setText(f"{self._index + 1} of {len(self._matches)}")
