"""The code picker: a small popup at the selection that finds a code by typing, for codebooks of any size.

It lists the codable categories (label, path, id); typing filters them (every word must be in the
label, path, id or definition); Up/Down move, Enter applies the highlighted one, Escape closes.
The window applies the chosen code exactly as a category key or toolbar button would.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from annotator.domain import Codebook

from ..icons import swatch

ID_ROLE = Qt.ItemDataRole.UserRole


def picker_rows(codebook: Codebook) -> list[tuple[str, str, str]]:
    """``(id, label, path)`` of every codable category, in codebook order (path: the parents' labels)."""
    rows = []
    for cat in codebook.categories:
        if not cat.codable:
            continue
        path = " › ".join(c.label for c in codebook.path(cat.id)[:-1])
        rows.append((cat.id, cat.label, path))
    return rows


class CodePicker(QFrame):
    """A frameless popup: a filter line above the list of codes."""

    chosen = Signal(str)

    def __init__(self, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("codePicker")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self._codebook = codebook
        self.edit = QLineEdit()
        self.edit.setObjectName("codePickerFilter")
        self.edit.setPlaceholderText(self.tr("Type to find a code; Enter applies it"))
        self.list = QListWidget()
        self.list.setObjectName("codePickerList")
        self.hint = QLabel()
        self.hint.setObjectName("codePickerHint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.edit)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self._definitions = {c.id: c.definition for c in codebook.categories}
        for cid, label, path in picker_rows(codebook):
            cat = codebook.category(cid)
            item = QListWidgetItem(swatch(cat.color) if cat else swatch("#888888"), "")
            item.setText(f"{label}    {path} · {cid}" if path else f"{label}    {cid}")
            item.setData(ID_ROLE, cid)
            item.setToolTip(self._definitions.get(cid, ""))
            self.list.addItem(item)
        self.edit.textChanged.connect(self.apply_filter)
        self.edit.installEventFilter(self)
        self.list.itemActivated.connect(self._on_activated)
        self.resize(460, 320)
        self.apply_filter("")

    def apply_filter(self, text: str) -> None:
        words = text.casefold().split()
        first: QListWidgetItem | None = None
        shown = 0
        for i in range(self.list.count()):
            item = self.list.item(i)
            cid = str(item.data(ID_ROLE))
            hay = f"{item.text()} {self._definitions.get(cid, '')}".casefold()
            hidden = not all(w in hay for w in words)
            item.setHidden(hidden)
            if not hidden:
                shown += 1
                first = first or item
        if first is not None:
            self.list.setCurrentItem(first)
        else:
            self.list.setCurrentRow(-1)
        self.hint.setText(f"{shown} of {self.list.count()} codes" if words else f"{self.list.count()} codes")

    def visible_ids(self) -> list[str]:
        return [
            str(self.list.item(i).data(ID_ROLE))
            for i in range(self.list.count())
            if not self.list.item(i).isHidden()
        ]

    def current_id(self) -> str | None:
        item = self.list.currentItem()
        return None if item is None or item.isHidden() else str(item.data(ID_ROLE))

    def _step(self, delta: int) -> None:
        visible = [i for i in range(self.list.count()) if not self.list.item(i).isHidden()]
        if not visible:
            return
        row = self.list.currentRow()
        pos = visible.index(row) if row in visible else -1
        self.list.setCurrentRow(visible[max(0, min(len(visible) - 1, pos + delta))])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up):
                self._step(1 if key == Qt.Key.Key_Down else -1)
                return True
            if key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                self._step(8 if key == Qt.Key.Key_PageDown else -8)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._apply()
                return True
            if key == Qt.Key.Key_Escape:
                self.close()
                return True
        return super().eventFilter(watched, event)

    def _on_activated(self, item: QListWidgetItem) -> None:
        self.list.setCurrentItem(item)
        self._apply()

    def _apply(self) -> None:
        cid = self.current_id()
        if cid is None:
            return
        self.close()
        self.chosen.emit(cid)

    def popup_at(self, point: QPoint) -> None:
        """Show at ``point`` (global), kept on the screen, with the filter focused."""
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        x, y = point.x(), point.y()
        if screen is not None:
            x = max(screen.left(), min(x, screen.right() - self.width()))
            if y + self.height() > screen.bottom():
                y = max(screen.top(), y - self.height() - 24)
        self.move(x, y)
        self.show()
        self.activateWindow()
        self.edit.setFocus()
