"""Document properties: a document's metadata, article body, descriptive variables and memo.

The dialog edits nothing itself: :meth:`PropertiesDialog.changes` gives what the user changed, by
the names ``annotator meta`` uses (``title``, ``outlet``, ``date``, ``author``, ``url``,
``language``, ``memo``, ``body``, variable ids), and the window applies them as one undoable
step. A date is checked (and read: ``04.11.2023`` becomes ``2023-11-04``) before the dialog closes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import parse_variable_value
from annotator.domain import DocumentInfo, VariableDef
from annotator.errors import ValidationError
from annotator.metadata import normalise_date

from ..i18n import translate, translate_noop

__all__ = ["PropertiesDialog"]

#: (field name as ``annotator meta`` takes it, label, the DocumentInfo attribute)
FIELDS = (
    ("title", translate_noop("Columns", "Title"), "title"),
    ("outlet", translate_noop("Columns", "Outlet"), "source"),
    ("date", translate_noop("Columns", "Date"), "published"),
    ("author", translate_noop("Columns", "Author"), "author"),
    ("url", translate_noop("Columns", "URL"), "url"),
    ("language", translate_noop("Columns", "Language"), "language"),
)


class PropertiesDialog(QDialog):
    def __init__(
        self,
        *,
        document: DocumentInfo,
        variables: Sequence[VariableDef] = (),
        values: Mapping[str, Any] | None = None,
        derived: Mapping[str, Any] | None = None,
        outlets: Sequence[str] = (),
        words: int | None = None,
        readonly: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("propertiesDialog")
        self.setWindowTitle(self.tr("Document Properties"))
        self.setMinimumWidth(560)
        self._document = document
        self._values = dict(values or {})
        self._derived = dict(derived or {})
        self._variables = [v for v in variables if not v.coded]
        self.edits: dict[str, QLineEdit | QComboBox] = {}
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for name, label, attr in FIELDS:
            value = str(getattr(document, attr))
            widget: QLineEdit | QComboBox
            if name == "outlet":
                combo = QComboBox()
                combo.setEditable(True)
                combo.addItems(sorted({o for o in outlets if o}, key=str.casefold))
                combo.setCurrentText(value)
                combo.setToolTip(self.tr("The news outlet; the names used in this project are offered"))
                widget = combo
            else:
                widget = QLineEdit(value)
                widget.setClearButtonEnabled(True)
                widget.setCursorPosition(0)  # a long URL shows its start
            if name == "date":
                assert isinstance(widget, QLineEdit)
                widget.setPlaceholderText(self.tr("YYYY-MM-DD (or 04.11.2023, 4 November 2023; YYYY-MM)"))
            widget.setObjectName(f"properties_{name}")
            widget.setEnabled(not readonly)
            self.edits[name] = widget
            form.addRow(translate("Columns", label), widget)
        start, end = document.body_span
        self.body_label = QLabel()
        self.body_label.setObjectName("propertiesBody")
        self.body_label.setWordWrap(True)
        whole = document.body is None
        counted = self.tr("; {words} words").format(words=f"{words:,}") if words is not None else ""
        self.body_label.setText(
            self.tr("the whole text") + counted
            if whole
            else self.tr(
                "characters {start}–{end} of {length}{counted}; the dimmed text around it is page chrome "
                "(select text and use Document > Set Selection as Article Body to change it)"
            ).format(start=f"{start:,}", end=f"{end:,}", length=f"{document.length:,}", counted=counted)
        )
        self.whole_text = QCheckBox(self.tr("Use the whole text as the article body"))
        self.whole_text.setObjectName("propertiesWholeText")
        self.whole_text.setVisible(not whole)
        self.whole_text.setEnabled(not readonly)
        body_box = QVBoxLayout()
        body_box.setContentsMargins(0, 0, 0, 0)
        body_box.addWidget(self.body_label)
        body_box.addWidget(self.whole_text)
        body_widget = QWidget()
        body_widget.setLayout(body_box)
        form.addRow(self.tr("Article body"), body_widget)
        for var in self._variables:
            widget = self._variable_widget(var, self._values.get(var.id))
            widget.setEnabled(not readonly)
            self.edits[var.id] = widget
            form.addRow(var.label, widget)
        self.memo = QPlainTextEdit(document.memo)
        self.memo.setObjectName("properties_memo")
        self.memo.setPlaceholderText(self.tr("Memo: what to remember about this document (free text)"))
        self.memo.setTabChangesFocus(True)
        self.memo.setMinimumHeight(90)
        self.memo.setReadOnly(readonly)
        form.addRow(self.tr("Memo"), self.memo)
        source = document.original_filename or "—"
        info = QLabel(
            self.tr("{source} · {length} characters · id {id}").format(
                source=source, length=f"{document.length:,}", id=document.id
            )
        )
        info.setObjectName("propertiesInfo")
        info.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        info.setStyleSheet("color: palette(mid)")
        form.addRow(self.tr("File"), info)
        self.problem = QLabel()
        self.problem.setObjectName("propertiesProblem")
        self.problem.setStyleSheet("color: #b00020")
        self.problem.setWordWrap(True)
        self.problem.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)
        self._changes: dict[str, str] = {}

    def _variable_widget(self, var: VariableDef, value: Any) -> QLineEdit | QComboBox:
        shown = "" if value is None else str(value)
        widget: QLineEdit | QComboBox
        if var.choices:
            combo = QComboBox()
            combo.addItem("—", "")
            for choice in var.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(shown)))
            widget = combo
        else:
            widget = QLineEdit(shown)
            widget.setClearButtonEnabled(True)
            derived = self._derived.get(var.id)
            if var.source:
                where = var.source.replace("source", "outlet")
                widget.setPlaceholderText(
                    f"{derived} (from the {where})" if derived is not None else f"from the {where} when empty"
                )
        widget.setObjectName(f"properties_var_{var.id}")
        if var.definition:
            widget.setToolTip(var.definition)
        return widget

    @staticmethod
    def _text(widget: QLineEdit | QComboBox) -> str:
        if isinstance(widget, QComboBox):
            return widget.currentText() if widget.isEditable() else str(widget.currentData() or "")
        return widget.text()

    def changes(self) -> dict[str, str]:
        """What the user changed, by field or variable name, as text (``""``: cleared)."""
        return dict(self._changes)

    def _collect(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for name, _label, attr in FIELDS:
            text = self._text(self.edits[name]).strip()
            if name == "date":
                text = normalise_date(text)
            if text != str(getattr(self._document, attr)).strip():
                out[name] = text
        for var in self._variables:
            text = self._text(self.edits[var.id]).strip()
            parse_variable_value(var, text)  # refuse a bad value here, with the dialog open
            before = self._values.get(var.id)
            if text != ("" if before is None else str(before)):
                out[var.id] = text
        if self.memo.toPlainText().rstrip() != self._document.memo:
            out["memo"] = self.memo.toPlainText()
        if self.whole_text.isChecked() and self._document.body is not None:
            out["body"] = "whole"
        return out

    def accept(self) -> None:
        try:
            self._changes = self._collect()
        except ValidationError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        if "title" in self._changes and not self._changes["title"]:
            self.problem.setText(self.tr("A document needs a title."))
            self.problem.show()
            return
        super().accept()
