"""The inspector: the selected annotation's category, quote, attributes, note and history.

Edits apply at once: a field emits ``edit_requested`` when it is committed (combo change, check,
editing finished, note focus out), and the window turns that into an undoable core operation.
Whatever is still being typed (a note, a text or number attribute) is committed for the annotation
it was typed for before the inspector shows another one, or none (:meth:`Inspector.commit_pending`):
a shortcut such as Ctrl+Down moves the selection without taking the focus out of the field.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFocusEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Annotation, AttributeDef, Codebook

from ..i18n import translate


class NoteEdit(QPlainTextEdit):
    """A note field that reports when the user leaves it (so each note edit is one undo step)."""

    committed = Signal()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit()


def tagging_hint(codebook: Codebook) -> str:
    """How to tag, as this codebook allows: its category keys (if any) and the code picker."""
    keys = [c.shortcut for c in codebook.categories if c.shortcut and c.codable]
    if not keys:
        return translate("Inspector", "Tag a selection: pick any code with Ctrl+K.")
    digits = sorted(int(k) for k in keys if k.isdigit())
    if (
        len(digits) == len(keys)
        and digits == list(range(digits[0], digits[0] + len(digits)))
        and len(keys) > 2
    ):
        return translate(
            "Inspector", "Tag a selection with keys {first}–{last}, or pick any code with Ctrl+K."
        ).format(first=digits[0], last=digits[-1])
    if len(keys) == 1:
        return translate("Inspector", "Tag a selection with key {key}, or pick any code with Ctrl+K.").format(
            key=keys[0]
        )
    return translate("Inspector", "Tag a selection with keys {keys}, or pick any code with Ctrl+K.").format(
        keys=", ".join(keys)
    )


class Inspector(QWidget):
    edit_requested = Signal(str, dict)  # annotation id, {"category"|"attributes"|"note": value}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("inspector")
        self._annotation: Annotation | None = None
        self._codebook: Codebook | None = None
        self._names: dict[str, str] = {}
        self._loading = False
        self._attr_widgets: dict[str, QWidget] = {}

        self.placeholder = QLabel(self.tr("Select a span to see and edit it."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.category = QComboBox()
        self.category.setObjectName("inspectorCategory")
        self.category.currentIndexChanged.connect(self._on_category)
        self.quote = QLabel()
        self.quote.setWordWrap(True)
        self.quote.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.offsets = QLabel()
        self.annotator = QLabel()
        self.times = QLabel()
        self.times.setWordWrap(True)
        self.note = NoteEdit()
        self.note.setObjectName("inspectorNote")
        self.note.setPlaceholderText(self.tr("Note (free text)"))
        self.note.setMaximumHeight(90)
        # Tab moves on to the next field, like everywhere else in a form (no tabs in notes)
        self.note.setTabChangesFocus(True)
        self.note.committed.connect(self._on_note)

        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.form.addRow(self.tr("Category"), self.category)
        self.form.addRow(self.tr("Quote"), self.quote)
        self.form.addRow(self.tr("Offsets"), self.offsets)
        self.attr_form = QFormLayout()
        self.attr_box = QWidget()
        self.attr_box.setLayout(self.attr_form)
        self.form.addRow(self.attr_box)
        self.form.addRow(self.tr("Note"), self.note)
        self.form.addRow(self.tr("Annotator"), self.annotator)
        self.form.addRow(self.tr("History"), self.times)
        self.body = QWidget()
        self.body.setLayout(self.form)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.show_annotation(None)

    def set_context(self, *, codebook: Codebook, names: dict[str, str]) -> None:
        self._codebook = codebook
        self._names = names
        self._loading = True
        self.category.clear()
        for cat in codebook.categories:
            path = " › ".join(c.label for c in codebook.path(cat.id))
            self.category.addItem(f"{path} ({cat.shortcut})" if cat.shortcut else path, cat.id)
            if not cat.codable:  # a group: shown for the path, never chosen
                item = self.category.model().item(self.category.count() - 1)  # type: ignore[attr-defined]
                item.setEnabled(False)
        self.placeholder.setText(self.tr("Select a span to see and edit it.") + "\n" + tagging_hint(codebook))
        self._loading = False
        self.show_annotation(self._annotation)

    @property
    def annotation(self) -> Annotation | None:
        return self._annotation

    def commit_pending(self) -> None:
        """Commit what is typed in the note and attribute fields for the annotation shown now."""
        if self._loading or self._annotation is None:
            return
        self._on_attributes()
        self._on_note()

    def show_annotation(self, annotation: Annotation | None) -> None:
        """Show ``annotation`` (``None``: nothing selected), after committing what was being typed.

        Showing a newer state of the same annotation (after an edit, undo, or another writer's
        change) keeps the fields the user is in the middle of typing.
        """
        shown = self._annotation
        same = shown is not None and annotation is not None and annotation.id == shown.id
        if shown is not None and not same:
            self.commit_pending()  # may edit (and so re-show) the annotation that was shown
        self._annotation = annotation
        self.placeholder.setVisible(annotation is None)
        self.body.setVisible(annotation is not None)
        if annotation is None or self._codebook is None:
            return
        self._loading = True
        try:
            self.category.setCurrentIndex(max(0, self.category.findData(annotation.category)))
            quote = annotation.quote if len(annotation.quote) < 400 else annotation.quote[:400] + "…"
            self.quote.setText(quote)
            self.offsets.setText(
                f"{annotation.start}–{annotation.end} ({annotation.end - annotation.start} chars)"
            )
            self.annotator.setText(self._names.get(annotation.annotator_id, annotation.annotator_id))
            created = (
                annotation.created.astimezone().strftime("%Y-%m-%d %H:%M") if annotation.created else "?"
            )
            modified = (
                annotation.modified.astimezone().strftime("%Y-%m-%d %H:%M") if annotation.modified else "?"
            )
            self.times.setText(
                f"created {created}, modified {modified}, codebook {annotation.codebook_version}"
            )
            typing_note = same and self.note.hasFocus() and shown is not None
            if self.note.toPlainText() != annotation.note and not (
                typing_note and shown is not None and self.note.toPlainText() != shown.note
            ):
                self.note.setPlainText(annotation.note)
            if same and shown is not None and shown.category == annotation.category:
                self._update_attributes(annotation)
            else:
                self._build_attributes(annotation)
        finally:
            self._loading = False

    def _build_attributes(self, annotation: Annotation) -> None:
        assert self._codebook is not None
        while self.attr_form.rowCount():
            self.attr_form.removeRow(0)
        self._attr_widgets = {}
        cat = self._codebook.category(annotation.category)
        for attr in cat.attributes if cat else ():
            widget = self._attribute_widget(attr, annotation.attributes.get(attr.id))
            widget.setObjectName(f"attr_{attr.id}")
            if attr.description:
                widget.setToolTip(attr.description)
            self._attr_widgets[attr.id] = widget
            self.attr_form.addRow(attr.label, widget)

    def _update_attributes(self, annotation: Annotation) -> None:
        """New values in the same fields; a field the user is typing in keeps what they typed."""
        for key, widget in self._attr_widgets.items():
            value = annotation.attributes.get(key)
            if widget.hasFocus() and isinstance(widget, QLineEdit | QDoubleSpinBox):
                continue
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))
            elif isinstance(widget, QDoubleSpinBox):
                widget.setValue(float(value or 0))
            elif isinstance(widget, QLineEdit):
                widget.setText(str(value or ""))

    def _attribute_widget(self, attr: AttributeDef, value: Any) -> QWidget:
        if attr.type == "choice":
            combo = QComboBox()
            combo.addItem("—", None)
            for choice in attr.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)))
            combo.currentIndexChanged.connect(self._on_attributes)
            return combo
        if attr.type == "boolean":
            box = QCheckBox()
            box.setChecked(bool(value))
            box.toggled.connect(self._on_attributes)
            return box
        if attr.type == "number":
            spin = QDoubleSpinBox()
            spin.setRange(-1e12, 1e12)
            spin.setDecimals(3)
            spin.setValue(float(value or 0))
            spin.editingFinished.connect(self._on_attributes)
            return spin
        line = QLineEdit(str(value or ""))
        line.editingFinished.connect(self._on_attributes)
        return line

    def attribute_values(self) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for key, widget in self._attr_widgets.items():
            if isinstance(widget, QComboBox):
                values[key] = widget.currentData()
            elif isinstance(widget, QCheckBox):
                values[key] = True if widget.isChecked() else None
            elif isinstance(widget, QDoubleSpinBox):
                values[key] = widget.value() if widget.value() else None
            elif isinstance(widget, QLineEdit):
                values[key] = widget.text().strip() or None
        return {k: v for k, v in values.items() if v is not None}

    def _emit(self, changes: dict[str, Any]) -> None:
        if self._loading or self._annotation is None:
            return
        self.edit_requested.emit(self._annotation.id, changes)

    def _on_category(self) -> None:
        cat = self.category.currentData()
        if self._annotation is not None and cat and cat != self._annotation.category:
            self._emit({"category": cat})

    def _on_attributes(self) -> None:
        if self._annotation is not None and self.attribute_values() != self._annotation.attributes:
            self._emit({"attributes": self.attribute_values()})

    def _on_note(self) -> None:
        if self._annotation is not None and self.note.toPlainText() != self._annotation.note:
            self._emit({"note": self.note.toPlainText()})
