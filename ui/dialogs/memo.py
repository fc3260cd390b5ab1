"""The project memo: the research questions and the decisions taken along the way, as free text."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget

from ..a11y import name

__all__ = ["ProjectMemoDialog"]


class ProjectMemoDialog(QDialog):
    def __init__(self, *, text: str, readonly: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("projectMemoDialog")
        self.setWindowTitle(self.tr("Project Memo"))
        self.resize(620, 420)
        hint = QLabel(
            self.tr(
                "The project's research questions and the decisions taken while coding. It goes into the "
                "dataset and the reports."
            )
        )
        hint.setWordWrap(True)
        self.edit = QPlainTextEdit(text)
        self.edit.setObjectName("projectMemo")
        name(self.edit, self.tr("Project memo"), hint.text())
        self.edit.setPlaceholderText(self.tr("RQ1: …\nDecision (date): …"))
        self.edit.setReadOnly(readonly)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.edit)
        layout.addWidget(buttons)

    @property
    def text(self) -> str:
        return self.edit.toPlainText()
