"""The Document pane, beside the text: what the open document is, your answers to its coded
variables, its descriptive variables and its memo.

Edits apply at once, as in the inspector: a choice as soon as it is picked, a typed value or the
memo when the field is left. The pane emits what was asked for (:attr:`DocumentPane.coded_requested`,
:attr:`value_requested`, :attr:`memo_requested`); the window makes each an undoable core edit and
shows the document again from what the project stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import parse_variable_value
from annotator.domain import DocumentInfo, VariableDef
from annotator.errors import ValidationError

from .inspector import NoteEdit

__all__ = ["DocumentPane"]


class DocumentPane(QWidget):
    #: A coded variable answered in your layer: (variable id, value or None).
    coded_requested = Signal(str, object)
    #: A descriptive variable set for the document: (variable id, value or None).
    value_requested = Signal(str, object)
    #: The memo left with new text.
    memo_requested = Signal(str)
    properties_requested = Signal()
    whole_body_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("documentPane")
        self._doc: DocumentInfo | None = None
        self._loading = False
        self._coded: dict[str, Any] = {}
        self._values: dict[str, Any] = {}
        self._derived: dict[str, Any] = {}
        self.widgets: dict[str, QComboBox | QLineEdit] = {}

        self.placeholder = QLabel(self.tr("Open a document to see its details."))
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setObjectName("documentTitle")
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.details = QLabel()
        self.details.setObjectName("documentDetails")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setOpenExternalLinks(False)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QLabel()
        self.body.setObjectName("documentBody")
        self.body.setWordWrap(True)
        self.whole_button = QPushButton(self.tr("Use Whole Text"))
        self.whole_button.setObjectName("documentWholeBody")
        self.whole_button.setToolTip(self.tr("Make the whole text the article body (nothing dimmed)"))
        self.whole_button.clicked.connect(lambda _checked=False: self.whole_body_requested.emit())
        self.properties_button = QPushButton(self.tr("Properties…"))
        self.properties_button.setObjectName("documentProperties")
        self.properties_button.clicked.connect(lambda _checked=False: self.properties_requested.emit())
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        buttons.addWidget(self.whole_button)
        buttons.addStretch(1)
        buttons.addWidget(self.properties_button)

        self.coded_box = QGroupBox(self.tr("Your coding of this document"))
        self.coded_box.setObjectName("codedVariables")
        self.coded_form = QFormLayout(self.coded_box)
        self.coded_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.values_box = QGroupBox(self.tr("Document variables"))
        self.values_box.setObjectName("descriptiveVariables")
        self.values_form = QFormLayout(self.values_box)
        self.values_form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.memo = NoteEdit()
        self.memo.setObjectName("documentMemo")
        self.memo.setPlaceholderText(self.tr("Memo about this document (free text, shared with the team)"))
        self.memo.setTabChangesFocus(True)
        self.memo.setMinimumHeight(70)
        self.memo.committed.connect(self._on_memo)
        memo_box = QGroupBox(self.tr("Memo"))
        memo_layout = QVBoxLayout(memo_box)
        memo_layout.addWidget(self.memo)

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addWidget(self.title)
        content.addWidget(self.details)
        content.addWidget(self.body)
        content.addLayout(buttons)
        content.addWidget(self.coded_box)
        content.addWidget(self.values_box)
        content.addWidget(memo_box, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.placeholder)
        layout.addWidget(self.content)
        self.content.hide()
        self._readonly = False

    # -- showing -----------------------------------------------------------------------------------

    @property
    def document(self) -> DocumentInfo | None:
        return self._doc

    def show_document(
        self,
        document: DocumentInfo | None,
        *,
        variables: Sequence[VariableDef] = (),
        coded: Mapping[str, Any] | None = None,
        values: Mapping[str, Any] | None = None,
        derived: Mapping[str, Any] | None = None,
        readonly: bool = False,
    ) -> None:
        """Show ``document`` (``None``: none): ``coded`` your answers, ``values`` the descriptive
        values set, ``derived`` the ones its metadata gives."""
        if self._doc is not None and (document is None or document.id != self._doc.id):
            self.commit_pending()
        same = document is not None and self._doc is not None and document.id == self._doc.id
        self._doc = document
        self._readonly = readonly
        self.placeholder.setVisible(document is None)
        self.content.setVisible(document is not None)
        if document is None:
            return
        self._loading = True
        try:
            self._coded = dict(coded or {})
            self._values = dict(values or {})
            self._derived = dict(derived or {})
            self.title.setText(document.title)
            parts = [p for p in (document.source, document.published, document.author) if p]
            line = " · ".join(_html(p) for p in parts) or "<i>no outlet, date or author recorded</i>"
            if document.url:
                line += f"<br><span style='color:palette(mid)'>{_html(document.url)}</span>"
            self.details.setText(line)
            if document.body is None:
                self.body.setText(self.tr("Article body: the whole text"))
            else:
                start, end = document.body
                self.body.setText(
                    self.tr(
                        "Article body: characters {start}–{end} of {length}; "
                        "the dimmed text around it is page chrome."
                    ).format(start=f"{start:,}", end=f"{end:,}", length=f"{document.length:,}")
                )
            self.whole_button.setVisible(document.body is not None)
            self.whole_button.setEnabled(not readonly)
            typing = same and self.memo.hasFocus() and self.memo.toPlainText() != document.memo
            if not typing and self.memo.toPlainText() != document.memo:
                self.memo.setPlainText(document.memo)
            self.memo.setReadOnly(readonly)
            self._build(variables)
        finally:
            self._loading = False

    def _build(self, variables: Sequence[VariableDef]) -> None:
        for form in (self.coded_form, self.values_form):
            while form.rowCount():
                form.removeRow(0)
        self.widgets = {}
        coded = [v for v in variables if v.coded]
        descriptive = [v for v in variables if not v.coded]
        for var in coded:
            widget = self._widget(var, self._coded.get(var.id), coded=True)
            self.coded_form.addRow(_label(var), widget)
        for var in descriptive:
            widget = self._widget(
                var, self._values.get(var.id), coded=False, derived=self._derived.get(var.id)
            )
            self.values_form.addRow(_label(var), widget)
        self.coded_box.setVisible(bool(coded))
        self.values_box.setVisible(bool(descriptive))

    def _widget(
        self, var: VariableDef, value: Any, *, coded: bool, derived: Any = None
    ) -> QComboBox | QLineEdit:
        widget: QComboBox | QLineEdit
        if var.choices:
            combo = QComboBox()
            combo.addItem("—" if derived is None else f"— ({derived}, from the metadata)", None)
            for choice in var.choices:
                combo.addItem(choice, choice)
            combo.setCurrentIndex(max(0, combo.findData(value)) if value is not None else 0)
            combo.currentIndexChanged.connect(lambda _i, v=var, c=coded: self._commit(v, c))
            widget = combo
        else:
            line = QLineEdit("" if value is None else str(value))
            line.setClearButtonEnabled(True)
            if derived is not None:
                line.setPlaceholderText(f"{derived} (from the metadata)")
            elif var.type.value == "numeric":
                line.setPlaceholderText(self.tr("a number"))
            line.editingFinished.connect(lambda v=var, c=coded: self._commit(v, c))
            widget = line
        widget.setObjectName(f"{'coded' if coded else 'var'}_{var.id}")
        widget.setToolTip(var.definition or var.label)
        widget.setEnabled(not self._readonly)
        self.widgets[var.id] = widget
        return widget

    # -- editing -------------------------------------------------------------------------------------

    def commit_pending(self) -> None:
        """Commit what is typed in the memo and the text fields for the document shown."""
        if self._loading or self._doc is None:
            return
        for widget in self.widgets.values():
            if isinstance(widget, QLineEdit) and widget.isModified():
                widget.editingFinished.emit()
        self._on_memo()

    def _commit(self, var: VariableDef, coded: bool) -> None:
        if self._loading or self._doc is None:
            return
        widget = self.widgets.get(var.id)
        if widget is None:
            return
        if isinstance(widget, QComboBox):
            value: Any = widget.currentData()
        else:
            widget.setModified(False)
            try:
                value = parse_variable_value(var, widget.text())
            except ValidationError as exc:
                widget.setToolTip(str(exc))
                widget.setStyleSheet("border: 1px solid #b00020")
                return
            widget.setStyleSheet("")
        held = (self._coded if coded else self._values).get(var.id)
        if value == held:
            return
        (self.coded_requested if coded else self.value_requested).emit(var.id, value)

    def _on_memo(self) -> None:
        if self._loading or self._doc is None or self._readonly:
            return
        text = self.memo.toPlainText()
        if text.rstrip() != self._doc.memo:
            self.memo_requested.emit(text)


def _label(var: VariableDef) -> str:
    return var.label


def _html(text: str) -> str:
    from html import escape

    return escape(text)
