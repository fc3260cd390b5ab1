"""The codebook editor (Codebook > Edit Codebook…): categories as a tree beside the chosen one's fields.

Add a category (at the top level or under the chosen one), rename it (its id stays), recolour it,
move it up, down, into or out of a group, mark it codable or a group, and edit its definition,
include and exclude rules, examples and typed attributes. Nothing is written until Save; the
window then stores the result as the next codebook version with a change-log entry
(:meth:`annotator.project.Project.edit_codebook`). Removing a category annotations still use is
refused there: merge it into another first (``annotator codebook merge``).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QColorDialog,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import (
    ATTRIBUTE_TYPES,
    category_to_dict,
    codebook_changes,
    codebook_from_dict,
    codebook_to_dict,
    distinct_colors,
    slug_id,
)
from annotator.domain import Codebook
from annotator.errors import ValidationError

from ..icons import swatch

ID_ROLE = Qt.ItemDataRole.UserRole


def _kids(parent: QTreeWidget | QTreeWidgetItem) -> list[QTreeWidgetItem]:
    """The items directly under a tree's top or an item, in order."""
    if isinstance(parent, QTreeWidget):
        found = [parent.topLevelItem(i) for i in range(parent.topLevelItemCount())]
    else:
        found = [parent.child(i) for i in range(parent.childCount())]
    return [item for item in found if item is not None]


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


class CodebookEditor(QDialog):
    """Edits a copy of the codebook; :meth:`result_codebook` is what Save would store."""

    def __init__(self, codebook: Codebook, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("codebookEditor")
        self.setWindowTitle(f"Edit Codebook — {codebook.name or codebook.id}")
        self._base = codebook_to_dict(codebook)
        self._data: dict[str, dict[str, Any]] = {c.id: category_to_dict(c) for c in codebook.categories}
        self._current: str | None = None
        self._loading = False

        self.tree = QTreeWidget()
        self.tree.setObjectName("editorTree")
        self.tree.setHeaderHidden(True)
        self.tree.currentItemChanged.connect(self._on_current)
        items: dict[str, QTreeWidgetItem] = {}
        for cat in codebook.categories:
            parent_item = items.get(cat.parent) if cat.parent else None
            item = QTreeWidgetItem(parent_item) if parent_item is not None else QTreeWidgetItem(self.tree)
            item.setData(0, ID_ROLE, cat.id)
            items[cat.id] = item
            self._paint(item)
        self.tree.expandAll()
        # what Save compares with: the codebook in tree order (a child listed after its parent's
        # later siblings would otherwise count as moved though nobody moved it)
        self._original = self.result_codebook()

        def button(text: str, name: str, slot: Any, tip: str) -> QPushButton:
            b = QPushButton(text)
            b.setObjectName(name)
            b.setToolTip(tip)
            b.setAutoDefault(False)
            b.clicked.connect(lambda _checked=False: slot())
            return b

        self.add_button = button("Add", "editorAdd", self.on_add, "A new category after the chosen one")
        self.add_child_button = button(
            "Add Under", "editorAddChild", self.on_add_child, "A new category inside the chosen one"
        )
        self.up_button = button("Up", "editorUp", lambda: self.on_move(-1), "Move up among its siblings")
        self.down_button = button(
            "Down", "editorDown", lambda: self.on_move(1), "Move down among its siblings"
        )
        self.indent_button = button(
            "Into ›", "editorIndent", self.on_indent, "Put it under the category above it"
        )
        self.outdent_button = button("‹ Out", "editorOutdent", self.on_outdent, "Take it out of its group")
        self.remove_button = button(
            "Remove", "editorRemove", self.on_remove, "Remove a category no span uses"
        )
        tools = QHBoxLayout()
        for b in (self.add_button, self.add_child_button, self.up_button, self.down_button):
            tools.addWidget(b)
        tools2 = QHBoxLayout()
        for b in (self.indent_button, self.outdent_button, self.remove_button):
            tools2.addWidget(b)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        self.filter = QLineEdit()
        self.filter.setObjectName("editorFilter")
        self.filter.setPlaceholderText(self.tr("Find a category (label or id)"))
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        left_layout.addWidget(self.filter)
        left_layout.addWidget(self.tree)
        left_layout.addLayout(tools)
        left_layout.addLayout(tools2)

        self.id_label = QLabel()
        self.id_label.setObjectName("editorId")
        self.id_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.label_edit = QLineEdit()
        self.label_edit.setObjectName("editorLabel")
        self.color_button = QPushButton()
        self.color_button.setObjectName("editorColor")
        self.color_button.setAutoDefault(False)
        self.color_button.clicked.connect(self.on_pick_color)
        self.color_edit = QLineEdit()
        self.color_edit.setObjectName("editorColorHex")
        self.color_edit.setMaxLength(7)
        self.color_edit.setFixedWidth(90)
        color_row = QHBoxLayout()
        color_row.addWidget(self.color_button)
        color_row.addWidget(self.color_edit)
        color_row.addStretch(1)
        self.key_edit = QLineEdit()
        self.key_edit.setObjectName("editorKey")
        self.key_edit.setMaxLength(1)
        self.key_edit.setFixedWidth(40)
        self.codable_check = QCheckBox(self.tr("Codable (unchecked: a group that only holds other codes)"))
        self.codable_check.setObjectName("editorCodable")
        self.definition_edit = QPlainTextEdit()
        self.definition_edit.setObjectName("editorDefinition")
        self.include_edit = QPlainTextEdit()
        self.include_edit.setObjectName("editorInclude")
        self.exclude_edit = QPlainTextEdit()
        self.exclude_edit.setObjectName("editorExclude")
        self.examples_edit = QPlainTextEdit()
        self.examples_edit.setObjectName("editorExamples")
        for edit in (self.definition_edit, self.include_edit, self.exclude_edit, self.examples_edit):
            edit.setTabChangesFocus(True)
            edit.setMinimumHeight(48)
        for edit in (self.include_edit, self.exclude_edit, self.examples_edit):
            edit.setPlaceholderText(self.tr("One per line"))
        self.attributes = QTableWidget(0, 5)
        self.attributes.setObjectName("editorAttributes")
        self.attributes.setHorizontalHeaderLabels(
            [self.tr("Id"), self.tr("Label"), self.tr("Type"), self.tr("Choices"), self.tr("Description")]
        )
        self.attributes.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.attributes.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.attributes.verticalHeader().hide()
        header_item = self.attributes.horizontalHeaderItem(3)
        if header_item is not None:
            header_item.setToolTip(self.tr("For a choice attribute: the choices, separated by commas"))
        self.attributes.setMinimumHeight(90)
        self.add_attr_button = button("Add Attribute", "editorAddAttribute", self.on_add_attribute, "")
        self.remove_attr_button = button(
            "Remove Attribute", "editorRemoveAttribute", self.on_remove_attribute, ""
        )
        attr_tools = QHBoxLayout()
        attr_tools.addWidget(self.add_attr_button)
        attr_tools.addWidget(self.remove_attr_button)
        attr_tools.addStretch(1)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Id"), self.id_label)
        form.addRow(self.tr("&Label"), self.label_edit)
        form.addRow(self.tr("Colour"), color_row)
        form.addRow(self.tr("&Key"), self.key_edit)
        form.addRow("", self.codable_check)
        form.addRow(self.tr("&Definition"), self.definition_edit)
        form.addRow(self.tr("Include"), self.include_edit)
        form.addRow(self.tr("Exclude"), self.exclude_edit)
        form.addRow(self.tr("Examples"), self.examples_edit)
        form.addRow(self.tr("Attributes"), self.attributes)
        form.addRow("", attr_tools)
        right = QWidget()
        right.setLayout(form)

        split = QSplitter()
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 2)
        split.setStretchFactor(1, 3)
        split.setSizes([300, 560])

        self.problem = QLabel()
        self.problem.setObjectName("editorProblem")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #B00020")
        self.summary = QLabel()
        self.summary.setObjectName("editorSummary")
        self.summary.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(split, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)

        for line in (self.label_edit, self.color_edit, self.key_edit):
            line.textEdited.connect(self._commit)
        for plain in (self.definition_edit, self.include_edit, self.exclude_edit, self.examples_edit):
            plain.textChanged.connect(self._commit)
        self.codable_check.toggled.connect(self._commit)
        self.attributes.itemChanged.connect(self._commit)
        self.resize(920, 640)
        first = self.tree.topLevelItem(0)
        if first is not None:
            self.tree.setCurrentItem(first)
        self._update_summary()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.filter.setFocus()  # typing finds a category first; Tab goes on to the tree

    # -- the tree --------------------------------------------------------------------------------------

    def apply_filter(self, text: str) -> None:
        """Show the categories whose label or id holds every word typed, with their parents."""
        words = text.casefold().split()

        def visit(item: QTreeWidgetItem) -> bool:
            data = self._data.get(str(item.data(0, ID_ROLE)), {})
            hay = f"{data.get('label', '')} {data.get('id', '')}".casefold()
            shown = all(w in hay for w in words)
            for child in _kids(item):
                shown = visit(child) or shown
            item.setHidden(not shown)
            if words and shown:
                item.setExpanded(True)
            return shown

        first: QTreeWidgetItem | None = None
        for top in _kids(self.tree):
            visit(top)
        if words:
            stack = list(reversed(_kids(self.tree)))
            while stack and first is None:
                item = stack.pop()
                if item.isHidden():
                    continue
                data = self._data.get(str(item.data(0, ID_ROLE)), {})
                if all(w in f"{data.get('label', '')} {data.get('id', '')}".casefold() for w in words):
                    first = item
                stack.extend(reversed(_kids(item)))
        if first is not None:
            self.tree.setCurrentItem(first)
            self.tree.scrollToItem(first)

    def _paint(self, item: QTreeWidgetItem) -> None:
        data = self._data[str(item.data(0, ID_ROLE))]
        key = f"   [{data['shortcut']}]" if data.get("shortcut") else ""
        item.setText(0, (data.get("label") or data["id"]) + key)
        item.setIcon(0, swatch(data.get("color") or "#888888"))
        font = item.font(0)
        font.setItalic(data.get("codable", True) is False)
        item.setFont(0, font)

    def _item(self, category_id: str) -> QTreeWidgetItem | None:
        stack = _kids(self.tree)
        while stack:
            item = stack.pop()
            if item.data(0, ID_ROLE) == category_id:
                return item
            stack.extend(_kids(item))
        return None

    def _siblings(self, item: QTreeWidgetItem) -> tuple[QTreeWidgetItem | None, int]:
        parent = item.parent()
        index = parent.indexOfChild(item) if parent is not None else self.tree.indexOfTopLevelItem(item)
        return parent, index

    def _take(self, item: QTreeWidgetItem) -> None:
        parent, index = self._siblings(item)
        if parent is not None:
            parent.takeChild(index)
        else:
            self.tree.takeTopLevelItem(index)

    def _insert(self, item: QTreeWidgetItem, parent: QTreeWidgetItem | None, index: int) -> None:
        if parent is not None:
            parent.insertChild(index, item)
            parent.setExpanded(True)
        else:
            self.tree.insertTopLevelItem(index, item)
        self.tree.setCurrentItem(item)
        self._update_summary()

    def ordered(self) -> list[tuple[str, str | None]]:
        """``(id, parent id)`` of every category in tree order (a parent before its children)."""
        out: list[tuple[str, str | None]] = []
        stack: list[tuple[QTreeWidgetItem, str | None]] = [
            (item, None) for item in reversed(_kids(self.tree))
        ]
        while stack:
            item, parent = stack.pop()
            cid = str(item.data(0, ID_ROLE))
            out.append((cid, parent))
            stack.extend((child, cid) for child in reversed(_kids(item)))
        return out

    # -- actions ---------------------------------------------------------------------------------------

    def _new_category(self, parent_id: str | None) -> str:
        taken = set(self._data)
        label = "New category"
        cid = slug_id(label, taken)
        used = {d.get("color") for d in self._data.values()}
        color = next((c for c in distinct_colors(len(taken) + 24) if c not in used), "#888888")
        self._data[cid] = {
            "id": cid,
            "label": label,
            "definition": "",
            "include": [],
            "exclude": [],
            "examples": [],
            "color": color,
            "shortcut": "",
            "attributes": [],
        }
        return cid

    def on_add(self) -> None:
        current = self.tree.currentItem()
        parent, index = (
            self._siblings(current) if current is not None else (None, self.tree.topLevelItemCount() - 1)
        )
        cid = self._new_category(None)
        item = QTreeWidgetItem()
        item.setData(0, ID_ROLE, cid)
        self._paint(item)
        self._insert(item, parent, index + 1)
        self.label_edit.setFocus()
        self.label_edit.selectAll()

    def on_add_child(self) -> None:
        current = self.tree.currentItem()
        if current is None:
            self.on_add()
            return
        cid = self._new_category(None)
        item = QTreeWidgetItem()
        item.setData(0, ID_ROLE, cid)
        self._paint(item)
        self._insert(item, current, current.childCount())
        self.label_edit.setFocus()
        self.label_edit.selectAll()

    def on_move(self, delta: int) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent, index = self._siblings(item)
        count = parent.childCount() if parent is not None else self.tree.topLevelItemCount()
        target = index + delta
        if not 0 <= target < count:
            return
        expanded = item.isExpanded()
        self._take(item)
        self._insert(item, parent, target)
        item.setExpanded(expanded)

    def on_indent(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        parent, index = self._siblings(item)
        if index == 0:
            return
        above = _kids(parent if parent is not None else self.tree)[index - 1]
        self._take(item)
        self._insert(item, above, above.childCount())

    def on_outdent(self) -> None:
        item = self.tree.currentItem()
        parent = item.parent() if item is not None else None
        if item is None or parent is None:
            return
        grand, index = self._siblings(parent)
        self._take(item)
        self._insert(item, grand, index + 1)

    def on_remove(self) -> None:
        item = self.tree.currentItem()
        if item is None:
            return
        if item.childCount():
            self.problem.setText(self.tr("Move or remove the categories under it first."))
            return
        cid = str(item.data(0, ID_ROLE))
        self._take(item)
        self._data.pop(cid, None)
        self._current = None
        self._on_current(self.tree.currentItem(), None)
        self._update_summary()

    def on_pick_color(self) -> None:
        if self._current is None:
            return
        chosen = QColorDialog.getColor(QColor(self.color_edit.text() or "#888888"), self, "Category colour")
        if chosen.isValid():
            self.color_edit.setText(chosen.name().upper())
            self._commit()

    def on_add_attribute(self) -> None:
        row = self.attributes.rowCount()
        self._loading = True
        self.attributes.insertRow(row)
        taken = {self._cell(r, 0) for r in range(row)}
        attr_id = next(f"attribute_{n}" for n in range(1, row + 2) if f"attribute_{n}" not in taken)
        self._set_attribute_row(row, {"id": attr_id, "label": "", "type": "text", "choices": []})
        self._loading = False
        self._commit()
        self.attributes.setCurrentCell(row, 0)
        cell = self.attributes.item(row, 0)
        if cell is not None:
            self.attributes.editItem(cell)

    def on_remove_attribute(self) -> None:
        row = self.attributes.currentRow()
        if row >= 0:
            self.attributes.removeRow(row)
            self._commit()

    # -- the form --------------------------------------------------------------------------------------

    def _cell(self, row: int, column: int) -> str:
        item = self.attributes.item(row, column)
        return item.text().strip() if item is not None else ""

    def _set_attribute_row(self, row: int, attr: dict[str, Any]) -> None:
        self.attributes.setItem(row, 0, QTableWidgetItem(attr.get("id", "")))
        self.attributes.setItem(row, 1, QTableWidgetItem(attr.get("label", "")))
        combo = QComboBox()
        combo.addItems(list(ATTRIBUTE_TYPES))
        combo.setCurrentText(attr.get("type", "text"))
        combo.currentTextChanged.connect(lambda _text: self._commit())
        self.attributes.setCellWidget(row, 2, combo)
        self.attributes.setItem(row, 3, QTableWidgetItem(", ".join(attr.get("choices") or [])))
        self.attributes.setItem(row, 4, QTableWidgetItem(attr.get("description", "")))

    def _on_current(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        self._current = None if item is None else str(item.data(0, ID_ROLE))
        data = self._data.get(self._current or "")
        self._loading = True
        try:
            for w in (
                self.label_edit,
                self.color_edit,
                self.key_edit,
                self.codable_check,
                self.definition_edit,
            ):
                w.setEnabled(data is not None)
            data = data or {}
            self.id_label.setText(data.get("id", ""))
            self.label_edit.setText(data.get("label", ""))
            self.color_edit.setText(data.get("color", ""))
            self.color_button.setIcon(swatch(data.get("color") or "#888888", 18))
            self.key_edit.setText(data.get("shortcut", ""))
            self.codable_check.setChecked(data.get("codable", True) is not False)
            self.definition_edit.setPlainText(data.get("definition", ""))
            self.include_edit.setPlainText("\n".join(data.get("include") or []))
            self.exclude_edit.setPlainText("\n".join(data.get("exclude") or []))
            self.examples_edit.setPlainText("\n".join(data.get("examples") or []))
            attrs = data.get("attributes") or []
            self.attributes.setRowCount(len(attrs))
            for row, attr in enumerate(attrs):
                self._set_attribute_row(row, attr)
        finally:
            self._loading = False

    def _commit(self, *_args: object) -> None:
        """Keep what the form shows in the chosen category's data (every keystroke)."""
        if self._loading or self._current is None or self._current not in self._data:
            return
        data = self._data[self._current]
        data["label"] = self.label_edit.text().strip()
        data["color"] = self.color_edit.text().strip()
        data["shortcut"] = self.key_edit.text().strip()
        if self.codable_check.isChecked():
            data.pop("codable", None)
        else:
            data["codable"] = False
        data["definition"] = self.definition_edit.toPlainText().strip()
        data["include"] = _lines(self.include_edit.toPlainText())
        data["exclude"] = _lines(self.exclude_edit.toPlainText())
        data["examples"] = _lines(self.examples_edit.toPlainText())
        attrs = []
        for row in range(self.attributes.rowCount()):
            combo = self.attributes.cellWidget(row, 2)
            kind = combo.currentText() if isinstance(combo, QComboBox) else "text"
            attr: dict[str, Any] = {
                "id": self._cell(row, 0),
                "label": self._cell(row, 1) or self._cell(row, 0),
                "type": kind,
            }
            choices = [c.strip() for c in self._cell(row, 3).split(",") if c.strip()]
            if choices:
                attr["choices"] = choices
            if self._cell(row, 4):
                attr["description"] = self._cell(row, 4)
            attrs.append(attr)
        data["attributes"] = attrs
        item = self.tree.currentItem()
        if item is not None:
            self._paint(item)
        if re.fullmatch(r"#[0-9A-Fa-f]{6}", data["color"]):
            self.color_button.setIcon(swatch(data["color"], 18))
        self._update_summary()

    # -- the result ------------------------------------------------------------------------------------

    def _result_dict(self) -> dict[str, Any]:
        categories = []
        for cid, parent in self.ordered():
            entry = dict(self._data[cid])
            entry.pop("parent", None)
            if parent is not None:
                entry["parent"] = parent
            categories.append(entry)
        return {**self._base, "categories": categories}

    def result_codebook(self) -> Codebook:
        """The edited codebook (same id and version as the original; the project gives it the next)."""
        return codebook_from_dict(self._result_dict())

    def _update_summary(self) -> None:
        try:
            edited = self.result_codebook()
        except ValidationError as exc:
            self.problem.setText(str(exc).replace("codebook.categories", "categories"))
            self.summary.setText("")
            return
        self.problem.setText("")
        changes = codebook_changes(self._original, edited)
        if not changes:
            self.summary.setText(
                self.tr("No changes yet. Saving stores a new codebook version; the old one is kept.")
            )
        else:
            shown = "; ".join(changes[:4]) + (f"; and {len(changes) - 4} more" if len(changes) > 4 else "")
            self.summary.setText(f"Save stores a new version ({shown}); the old one is kept.")

    def on_save(self) -> None:
        try:
            edited = self.result_codebook()
        except ValidationError as exc:
            self.problem.setText(str(exc))
            return
        if not codebook_changes(self._original, edited):
            self.problem.setText(self.tr("Nothing has changed."))
            return
        self.accept()
