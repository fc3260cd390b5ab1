"""A bar above the text that says when the project sits where SQLite cannot keep its promises."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from annotator.store.location import LocationRisk


class LocationBar(QWidget):
    """Shown for a project in a synced, network or FUSE folder; the user can dismiss it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("locationBar")
        self.setAutoFillBackground(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(10, 6, 6, 6)
        self.text = QLabel()
        self.text.setObjectName("locationText")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QPushButton(self.tr("Dismiss"))
        close.setObjectName("locationDismiss")
        close.clicked.connect(self.hide)
        row.addWidget(self.text, 1)
        row.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_risk(self, risk: LocationRisk | None) -> None:
        if risk is None:
            self.hide()
            return
        self.text.setText(f"<b>This project is in a {risk.detail}.</b> {html.escape(risk.message)}")
        palette = self.palette()
        dark = palette.color(palette.ColorRole.Window).lightness() < 128
        palette.setColor(palette.ColorRole.Window, QColor("#4A3B00" if dark else "#FFF4CE"))
        palette.setColor(palette.ColorRole.WindowText, QColor("#F5F5F5" if dark else "#1A1A1A"))
        self.setPalette(palette)
        self.text.setPalette(palette)
        self.show()
