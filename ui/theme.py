"""Light, dark and high-contrast palettes on the Fusion style, so the app looks the same everywhere;
and the underline pattern of each category, so that no span is told from another by colour alone.

"system" follows the platform's colour scheme where Qt can tell it (Qt 6.5+).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QGuiApplication, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication

from annotator.domain import Codebook

from .i18n import translate

THEMES = ("system", "light", "dark", "high-contrast")
#: What Preferences and View > Colours call the themes (translated where shown).
THEME_LABELS = {
    "system": QT_TRANSLATE_NOOP("Theme", "System"),
    "light": QT_TRANSLATE_NOOP("Theme", "Light"),
    "dark": QT_TRANSLATE_NOOP("Theme", "Dark"),
    "high-contrast": QT_TRANSLATE_NOOP("Theme", "High Contrast"),
}


def theme_label(theme: str) -> str:
    """The theme's name in the interface's language."""
    return translate("Theme", str(THEME_LABELS.get(theme, theme)))


#: Underline patterns, given to the categories in codebook order: besides its colour each category
#: has a line style of its own under its spans, in the text, the legend and the menus.
PATTERNS = ("solid", "dashed", "dotted", "wave", "dash-dot", "dash-dot-dot")
PATTERN_LABELS = {
    "solid": QT_TRANSLATE_NOOP("Pattern", "solid underline"),
    "dashed": QT_TRANSLATE_NOOP("Pattern", "dashed underline"),
    "dotted": QT_TRANSLATE_NOOP("Pattern", "dotted underline"),
    "wave": QT_TRANSLATE_NOOP("Pattern", "wavy underline"),
    "dash-dot": QT_TRANSLATE_NOOP("Pattern", "dash-dot underline"),
    "dash-dot-dot": QT_TRANSLATE_NOOP("Pattern", "dash-dot-dot underline"),
}
_PEN_STYLES = {
    "solid": Qt.PenStyle.SolidLine,
    "dashed": Qt.PenStyle.DashLine,
    "dotted": Qt.PenStyle.DotLine,
    "dash-dot": Qt.PenStyle.DashDotLine,
    "dash-dot-dot": Qt.PenStyle.DashDotDotLine,
}


def category_pattern(codebook: Codebook | None, category_id: str) -> str:
    """The underline pattern of a category: by its place in the codebook (solid for one unknown)."""
    if codebook is None:
        return "solid"
    for i, category in enumerate(codebook.categories):
        if category.id == category_id:
            return PATTERNS[i % len(PATTERNS)]
    return "solid"


def pattern_label(pattern: str) -> str:
    return translate("Pattern", str(PATTERN_LABELS.get(pattern, pattern)))


def paint_pattern(painter: QPainter, rect: QRectF, color: QColor, pattern: str) -> None:
    """Draw ``pattern`` as a line filling ``rect`` (its height is the line's thickness)."""
    width = max(1.0, rect.height())
    y = rect.center().y()
    if pattern == "wave":
        path = QPainterPath(QPointF(rect.left(), y))
        step, up = 2.0, True
        x = rect.left()
        while x < rect.right():
            x = min(x + step, rect.right())
            path.lineTo(x, y - width if up else y + width)
            up = not up
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(color, 1.2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.restore()
        return
    style = _PEN_STYLES.get(pattern, Qt.PenStyle.SolidLine)
    if style == Qt.PenStyle.SolidLine:
        painter.fillRect(rect, color)
        return
    painter.save()
    pen = QPen(color, width, style, Qt.PenCapStyle.FlatCap)
    painter.setPen(pen)
    painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
    painter.restore()


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


def high_contrast_palette() -> QPalette:
    """White on black, yellow selection and focus, cyan links: every pair above 7:1 (WCAG AAA)."""
    p = QPalette()
    roles = QPalette.ColorRole
    black, white, yellow = QColor("#000000"), QColor("#ffffff"), QColor("#ffff00")
    for role in (roles.Window, roles.Base, roles.AlternateBase, roles.Button, roles.ToolTipBase):
        p.setColor(role, black)
    p.setColor(roles.AlternateBase, QColor("#1a1a1a"))
    for role in (roles.WindowText, roles.Text, roles.ButtonText, roles.ToolTipText, roles.BrightText):
        p.setColor(role, white)
    p.setColor(roles.Highlight, yellow)
    p.setColor(roles.HighlightedText, black)
    p.setColor(roles.Link, QColor("#00ffff"))
    p.setColor(roles.LinkVisited, QColor("#ff80ff"))
    p.setColor(roles.PlaceholderText, QColor("#c0c0c0"))
    p.setColor(roles.Light, white)
    p.setColor(roles.Midlight, QColor("#c0c0c0"))
    p.setColor(roles.Mid, QColor("#c0c0c0"))
    p.setColor(roles.Dark, white)
    p.setColor(roles.Shadow, white)
    for role in (roles.Text, roles.WindowText, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#a8a8a8"))
    return p


#: In high contrast every focusable widget shows a thick yellow frame when it has the focus, and
#: frames are white, so the keyboard's place is never in doubt.
HIGH_CONTRAST_STYLE = """
QLineEdit, QPlainTextEdit, QTextEdit, QComboBox, QAbstractItemView, QAbstractSpinBox {
    border: 1px solid #ffffff;
}
QPushButton { border: 1px solid #ffffff; padding: 3px 8px; }
QPushButton:default { border: 2px solid #ffffff; }
QToolButton:hover { border: 1px solid #ffffff; }
QToolTip { border: 1px solid #ffffff; }
QDialog, QMenu { border: 1px solid #ffffff; }
QCheckBox::indicator, QRadioButton::indicator {
    width: 13px; height: 13px; border: 2px solid #ffffff; background: #000000;
}
QCheckBox::indicator:checked, QRadioButton::indicator:checked { background: #ffff00; }
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QComboBox:focus, QAbstractItemView:focus,
QAbstractSpinBox:focus, QPushButton:focus, QToolButton:focus, QCheckBox:focus, QTabBar::tab:focus {
    border: 3px solid #ffff00;
}
"""


def resolved_theme(theme: str) -> str:
    """``theme``, with "system" replaced by the platform's light or dark."""
    if theme == "system":
        dark = QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark
        return "dark" if dark else "light"
    return theme if theme in THEMES else "light"


def apply_theme(app: QApplication, theme: str) -> None:
    app.setStyle("Fusion")
    theme = resolved_theme(theme)
    if theme == "high-contrast":
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(HIGH_CONTRAST_STYLE)
        return
    app.setStyleSheet("")
    app.setPalette(dark_palette() if theme == "dark" else light_palette())


def is_high_contrast(app: QGuiApplication) -> bool:
    """Whether the high-contrast palette is in use (pure black behind pure white text)."""
    palette = app.palette()
    return palette.color(QPalette.ColorRole.Base) == QColor("#000000") and palette.color(
        QPalette.ColorRole.Text
    ) == QColor("#ffffff")
