"""The Preferences dialog: the name you code as, the colours and the language."""

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

from ..i18n import LANGUAGES
from ..theme import theme_label


class PreferencesDialog(QDialog):
    def __init__(
        self,
        *,
        name: str,
        theme: str,
        themes: Sequence[str],
        language: str = "system",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Preferences"))
        self.name = QLineEdit(name)
        self.name.setObjectName("preferencesName")
        self.theme = QComboBox()
        self.theme.setObjectName("preferencesTheme")
        for choice in themes:
            self.theme.addItem(theme_label(choice), choice)
        self.theme.setCurrentIndex(max(0, self.theme.findData(theme)))
        self.language = QComboBox()
        self.language.setObjectName("preferencesLanguage")
        for code, shown in LANGUAGES.items():
            # each language in its own words; "System" in the interface's
            self.language.addItem(self.tr("System") if code == "system" else shown, code)
        self.language.setCurrentIndex(max(0, self.language.findData(language)))
        self.language.setToolTip(self.tr("Takes effect the next time Annotator starts"))
        form = QFormLayout(self)
        form.addRow(self.tr("Your &name as annotator"), self.name)
        form.addRow(self.tr("&Colours"), self.theme)
        form.addRow(self.tr("&Language"), self.language)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
