"""Help > About: what the app is, and every version a bug report needs (with a button to copy them)."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.about import version_report, versions
from annotator.paths import data_dir

from ..icons import app_icon


class AboutDialog(QDialog):
    def __init__(self, *, project_location: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle(self.tr("About Annotator"))
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(96, 96))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        rows = "".join(
            f"<tr><td style='padding-right:14px'>{html.escape(name)}</td><td>{html.escape(value)}</td></tr>"
            for name, value in versions().items()
        )
        self.text = QLabel(
            "<h2 style='margin-bottom:2px'>Annotator</h2>"
            "<p>Code news articles against a shared, versioned codebook, compare coders, report "
            "their agreement and export one dataset for analysis.</p>"
            f"<table>{rows}"
            f"<tr><td style='padding-right:14px'>data dir</td><td>{html.escape(str(data_dir()))}</td></tr>"
            f"<tr><td style='padding-right:14px'>project</td><td>{html.escape(project_location)}</td></tr>"
            "</table>"
        )
        self.text.setObjectName("aboutText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setMinimumWidth(460)
        self._report = f"{version_report()} · project {project_location}"
        copy = QPushButton(self.tr("Copy for a Bug Report"))
        copy.setObjectName("aboutCopy")
        copy.clicked.connect(self.copy_report)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        top = QHBoxLayout()
        top.addWidget(icon)
        top.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(buttons)

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(self._report)
