"""Light and dark palettes on the Fusion style, so the app looks the same everywhere.

"system" follows the platform's colour scheme where Qt can tell it (Qt 6.5+).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")


def is_dark(app: QGuiApplication) -> bool:
    return app.palette().color(QPalette.ColorRole.Window).lightness() < 128


def dark_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    base, window, text = QColor("#1e1f22"), QColor("#2b2d31"), QColor("#e6e6e6")
    p.setColor(roles.Window, window)
    p.setColor(roles.WindowText, text)
    p.setColor(roles.Base, base)
    p.setColor(roles.AlternateBase, QColor("#26272b"))
    p.setColor(roles.ToolTipBase, QColor("#3a3c42"))
    p.setColor(roles.ToolTipText, text)
    p.setColor(roles.Text, text)
    p.setColor(roles.Button, window)
    p.setColor(roles.ButtonText, text)
    p.setColor(roles.BrightText, QColor("#ff6b6b"))
    p.setColor(roles.Highlight, QColor("#3d6fb4"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.Link, QColor("#7fb2ff"))
    p.setColor(roles.PlaceholderText, QColor("#8a8d93"))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7c80"))
    return p


def light_palette() -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    p.setColor(roles.Window, QColor("#f3f3f3"))
    p.setColor(roles.WindowText, QColor("#1b1b1b"))
    p.setColor(roles.Base, QColor("#ffffff"))
    p.setColor(roles.AlternateBase, QColor("#f7f7f7"))
    p.setColor(roles.ToolTipBase, QColor("#ffffe6"))
    p.setColor(roles.ToolTipText, QColor("#1b1b1b"))
    p.setColor(roles.Text, QColor("#1b1b1b"))
    p.setColor(roles.Button, QColor("#efefef"))
    p.setColor(roles.ButtonText, QColor("#1b1b1b"))
    p.setColor(roles.Highlight, QColor("#2f65ca"))
    p.setColor(roles.HighlightedText, QColor("#ffffff"))
    p.setColor(roles.PlaceholderText, QColor("#7a7a7a"))
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#9a9a9a"))
    return p


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    if theme == "system":
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        theme = "dark" if dark else "light"
    app.setPalette(dark_palette() if theme == "dark" else light_palette())
