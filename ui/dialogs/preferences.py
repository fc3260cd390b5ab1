"""The Preferences dialog: the name you code as, and the colours."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QWidget,
)


class PreferencesDialog(QDialog):
    def __init__(
        self, *, name: str, theme: str, themes: Sequence[str], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.name = QLineEdit(name)
        self.name.setObjectName("preferencesName")
        self.theme = QComboBox()
        self.theme.addItems(list(themes))
        self.theme.setCurrentText(theme)
        form = QFormLayout(self)
        form.addRow("Your name as annotator", self.name)
        form.addRow("Colours", self.theme)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
