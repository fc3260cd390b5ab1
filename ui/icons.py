"""Icons: the application's own (from resources/icons) and the colour swatch of a category."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap

from .theme import paint_pattern


def app_icon() -> QIcon:
    """The application icon: the SVG for any size, the rendered PNGs where SVG cannot be drawn."""
    from annotator.resources import resource

    icon = QIcon()
    svg = resource("icons/annotator.svg")
    if svg.is_file():
        icon.addFile(str(svg))
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = resource(f"icons/annotator-{size}.png")
        if png.is_file():
            icon.addFile(str(png), QSize(size, size))
    return icon


def swatch(color: str, size: int = 14, *, pattern: str = "") -> QIcon:
    """A rounded square in ``color`` with a darker edge (a category in menus, lists and buttons).

    With ``pattern`` (:data:`ui.theme.PATTERNS`), the square is shorter and the category's
    underline pattern is drawn below it, so that the legend does not rely on colour alone.
    """
    pix = QPixmap(size, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor(color))
    painter.setPen(QColor(color).darker(140))
    if pattern:
        box = size - 6
        painter.drawRoundedRect(1 + (size - 2 - box) // 2, 1, box, box, 2, 2)
        paint_pattern(painter, QRectF(0, size - 3.5, size, 2), QColor(color), pattern)
    else:
        painter.drawRoundedRect(1, 1, size - 2, size - 2, 3, 3)
    painter.end()
    return QIcon(pix)
