"""Review's comparison of one unit: each coder's version on a line of its own, under the same text.

As in INCEpTION's curation view, the current unit is shown with some context once per coder, laid
out identically, with that coder's span drawn on the text and a bar under it; boundaries are
marked by dotted lines through every line, so a span that ends a word later than another shows at
a glance. Thin marks lower down show the coder's other spans around it (the outer quote a nested
span sits in, say), and the reviewer's adjudicated layer gets a line of its own. The single text
view with its markers stays the overview; this is the close-up.

Double-clicking a coder's line accepts that version (like its number key in the Review panel).
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QTextLayout,
    QTextLine,
    QTextOption,
)
from PySide6.QtWidgets import QToolTip, QWidget

from annotator.domain import Annotation, Codebook

from ..textview.positions import PositionMap

__all__ = ["ComparisonView", "Excerpt", "VersionLine", "excerpt"]

ELLIPSIS = "…"


@dataclass(frozen=True, slots=True)
class VersionLine:
    """One line of the comparison: a coder's version of the unit, or the adjudicated layer's."""

    label: str
    key: int | None
    """The number key that accepts this version in the Review panel (``None``: not a coder)."""
    spans: tuple[Annotation, ...]
    """Drawn in full: the coder's span in the unit (or the layer's spans on it)."""
    others: tuple[Annotation, ...] = ()
    """The same layer's other spans in the excerpt, drawn as thin lines."""
    adjudicated: bool = False


@dataclass(frozen=True, slots=True)
class Excerpt:
    """Part of a text shown for a unit: context around it, long stretches without a boundary cut.

    ``pieces`` are ``(start, end, at)``: the code points ``text[start:end]`` appear at ``at`` in
    ``display``; between two pieces stands an ellipsis.
    """

    display: str
    pieces: tuple[tuple[int, int, int], ...]

    def position(self, offset: int, *, end: bool = False) -> int:
        """Where code point ``offset`` of the text is in ``display`` (clamped to the excerpt).

        An offset in a cut stretch goes to the ellipsis: before it for a start, after it for an end.
        """
        starts = [p[0] for p in self.pieces]
        i = bisect.bisect_right(starts, offset) - 1
        if i < 0:  # before the excerpt: from its very beginning (a leading ellipsis too)
            return self.pieces[0][2] if end else 0
        start, stop, at = self.pieces[i]
        if offset <= stop:
            return at + offset - start
        if i + 1 < len(self.pieces):
            return self.pieces[i + 1][2] - (0 if end else len(ELLIPSIS))
        return len(self.display) if end else at + stop - start


def excerpt(
    text: str, start: int, end: int, *, marks: Sequence[int] = (), around: int = 60, cut_over: int = 240
) -> Excerpt:
    """``text[start:end]`` with up to ``around`` code points of context on either side.

    The context stops at a line break and otherwise begins and ends on a word boundary, with an
    ellipsis where it cuts the line. Inside, a stretch longer than ``cut_over`` between two
    ``marks`` (the boundaries that matter) keeps its ends and loses its middle to an ellipsis, so
    a long quote does not push the boundaries off the screen.
    """
    lo = max(0, start - around)
    newline = text.rfind("\n", lo, start)
    if newline >= 0:
        lo = newline + 1
    elif lo > 0:
        space = text.find(" ", lo, start)
        lo = space + 1 if space >= 0 else lo
    hi = min(len(text), end + around)
    newline = text.find("\n", end, hi)
    if newline >= 0:
        hi = newline
    elif hi < len(text):
        space = text.rfind(" ", end, hi)
        hi = space if space >= 0 else hi
    points = sorted({lo, hi, *(m for m in marks if lo <= m <= hi), max(lo, start), min(hi, end)})
    keep = cut_over // 3
    spans: list[tuple[int, int]] = []
    for a, b in itertools.pairwise(points):
        if b - a > cut_over:
            # cut between words, keeping the spaces on either side of the ellipsis
            head = text.rfind(" ", a, a + keep)
            tail = text.find(" ", b - keep, b)
            spans += [(a, head + 1 if head > a else a + keep), (tail if tail >= 0 else b - keep, b)]
        else:
            spans.append((a, b))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    parts: list[str] = []
    pieces: list[tuple[int, int, int]] = []
    at = 0
    if lo > 0 and text[lo - 1] != "\n":
        parts.append(ELLIPSIS)
        at += len(ELLIPSIS)
    for i, (a, b) in enumerate(merged):
        if i:
            parts.append(ELLIPSIS)
            at += len(ELLIPSIS)
        pieces.append((a, b, at))
        parts.append(text[a:b])
        at += b - a
    if hi < len(text) and text[hi] != "\n":
        parts.append(ELLIPSIS)
    # a line break starts a new line in the layout too (U+2028 is one code point, like "\n")
    return Excerpt(display="".join(parts).replace("\n", "\u2028"), pieces=tuple(pieces))


# Geometry, in pixels.
_MARGIN = 8
_GAP = 10  # between the names and the text
_BAR = 4  # the bar under a version's span
_THIN = 2  # the line under another span of the same layer
_UNDER = _BAR + 3 + _THIN + 3  # room under every text line for both
_ROW_GAP = 8


class ComparisonView(QWidget):
    """The current unit once per coder (see the module docstring); the Review panel fills it."""

    version_activated = Signal(str)
    """A coder's line was double-clicked: the id of that coder's span in the unit."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("reviewComparison")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setMouseTracking(False)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self._text = ""
        self._title = ""
        self._message = "Pick a unit in the Review panel (F8: the next disagreement) to compare the versions."
        self._lines: list[VersionLine] = []
        self._colors: dict[str, str] = {}
        self._labels: dict[str, str] = {}
        self._excerpt: Excerpt | None = None
        self._marks: list[int] = []
        self._layout: QTextLayout | None = None
        self._pmap: PositionMap | None = None
        self._rows: list[QRectF] = []
        self._text_font = QFont(self.font())

    # -- content -----------------------------------------------------------------------------------

    @property
    def lines(self) -> list[VersionLine]:
        return list(self._lines)

    @property
    def title(self) -> str:
        return self._title

    @property
    def shown_text(self) -> str:
        """The excerpt as displayed (line breaks as U+2028), empty when no unit is shown."""
        return self._excerpt.display if self._excerpt is not None else ""

    def set_text_font(self, font: QFont) -> None:
        self._text_font = QFont(font)
        self._relayout()

    def show_message(self, message: str) -> None:
        """Show no unit, just ``message``."""
        self._lines, self._excerpt, self._layout, self._title = [], None, None, ""
        self._message = message
        self._relayout()

    def show_unit(
        self,
        *,
        text: str,
        start: int,
        end: int,
        lines: Sequence[VersionLine],
        codebook: Codebook,
        title: str,
    ) -> None:
        """Compare ``lines`` over ``text[start:end]`` (the unit's extent) and some context."""
        self._text = text
        self._title = title
        self._lines = list(lines)
        self._colors = {c.id: c.color for c in codebook.categories}
        self._labels = {c.id: c.label for c in codebook.categories}
        self._marks = sorted({p for line in lines for a in line.spans for p in (a.start, a.end)})
        self._excerpt = excerpt(text, start, end, marks=self._marks)
        self._relayout()

    # -- geometry ----------------------------------------------------------------------------------

    def _gutter(self) -> float:
        fm = QFontMetricsF(self.font())
        widths = [fm.horizontalAdvance(f"{line.key or ''}  {line.label}") + 26 for line in self._lines]
        widths += [fm.horizontalAdvance(self._span_caption(line)) + 18 for line in self._lines]
        return min(220.0, max(110.0, *widths)) if widths else 110.0

    def _span_caption(self, line: VersionLine) -> str:
        if not line.spans:
            return "no span here"
        if len(line.spans) > 1:
            return f"{len(line.spans)} spans"
        return self._labels.get(line.spans[0].category, line.spans[0].category)

    def _relayout(self) -> None:
        self._layout, self._pmap, self._rows = None, None, []
        excerpt_ = self._excerpt
        fm = QFontMetricsF(self.font())
        header = fm.height() + 6
        if excerpt_ is None or not self._lines:
            self.setMinimumHeight(int(header + 2 * _MARGIN))
            self.update()
            return
        width = max(80.0, self.width() - self._gutter() - _GAP - 2 * _MARGIN)
        layout = QTextLayout(excerpt_.display, self._text_font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        y = 0.0
        while True:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            line.setPosition(QPointF(0, y))
            y += line.height() + _UNDER
        layout.endLayout()
        self._layout = layout
        self._pmap = PositionMap(excerpt_.display)
        gutter_height = 2 * fm.height() + 4
        row_height = max(y, gutter_height)
        top = _MARGIN + header
        for _ in self._lines:
            self._rows.append(QRectF(_MARGIN, top, self.width() - 2 * _MARGIN, row_height))
            top += row_height + _ROW_GAP
        self.setMinimumHeight(int(top + _MARGIN))
        self.update()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self._relayout()

    def _qt(self, offset: int, *, end: bool = False) -> int:
        assert self._excerpt is not None and self._pmap is not None
        return self._pmap.to_qt(self._excerpt.position(offset, end=end))

    def span_rects(self, row: int, annotation: Annotation) -> list[QRectF]:
        """Widget rectangles of ``annotation``'s text on line ``row`` of the comparison, one per text line."""
        layout = self._layout
        if layout is None or not 0 <= row < len(self._rows):
            return []
        q0, q1 = self._qt(annotation.start), self._qt(annotation.end, end=True)
        origin = self._text_origin(row)
        out = []
        for i in range(layout.lineCount()):
            line = layout.lineAt(i)
            ls = line.textStart()
            le = ls + line.textLength()
            lo, hi = max(q0, ls), min(q1, le)
            if lo >= hi:
                continue
            x0, x1 = _x(line, lo), _x(line, hi)
            out.append(QRectF(origin.x() + min(x0, x1), origin.y() + line.y(), abs(x1 - x0), line.height()))
        return out

    def _text_origin(self, row: int) -> QPointF:
        rect = self._rows[row]
        return QPointF(rect.left() + self._gutter() + _GAP, rect.top())

    def row_at(self, y: float) -> int | None:
        for i, rect in enumerate(self._rows):
            if rect.top() <= y <= rect.bottom() + _ROW_GAP / 2:
                return i
        return None

    # -- painting ----------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        fm = QFontMetricsF(self.font())
        muted = palette.color(QPalette.ColorRole.PlaceholderText)
        text_color = palette.color(QPalette.ColorRole.Text)
        title_rect = QRectF(_MARGIN, _MARGIN, self.width() - 2 * _MARGIN, fm.height() + 2)
        bold = QFont(self.font())
        bold.setBold(True)
        if self._layout is None:
            painter.setPen(muted)
            painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft, self._message)
            return
        painter.setFont(bold)
        painter.setPen(text_color)
        painter.drawText(
            title_rect,
            Qt.AlignmentFlag.AlignLeft,
            QFontMetricsF(bold).elidedText(self._title, Qt.TextElideMode.ElideRight, title_rect.width()),
        )
        gutter = self._gutter()
        for row, (line, rect) in enumerate(zip(self._lines, self._rows, strict=True)):
            if row:
                painter.setPen(QPen(palette.color(QPalette.ColorRole.Midlight), 1))
                y = rect.top() - _ROW_GAP / 2
                painter.drawLine(QPointF(rect.left(), y), QPointF(rect.right(), y))
            self._paint_names(painter, line, rect, gutter, bold, muted)
            self._paint_version(painter, row, line)

    def _paint_names(
        self, painter: QPainter, line: VersionLine, rect: QRectF, gutter: float, bold: QFont, muted: QColor
    ) -> None:
        fm = QFontMetricsF(self.font())
        x = rect.left()
        y = rect.top()
        palette = self.palette()
        if line.key is not None:
            cap = QRectF(x, y + 1, fm.horizontalAdvance("9") + 8, fm.height())
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.setBrush(palette.color(QPalette.ColorRole.Button))
            painter.drawRoundedRect(cap, 3, 3)
            painter.setPen(palette.color(QPalette.ColorRole.ButtonText))
            painter.setFont(self.font())
            painter.drawText(cap, Qt.AlignmentFlag.AlignCenter, str(line.key))
            x = cap.right() + 6
        painter.setFont(bold)
        painter.setPen(palette.color(QPalette.ColorRole.Text))
        name_width = rect.left() + gutter - x
        painter.drawText(
            QRectF(x, y, name_width, fm.height() + 2),
            Qt.AlignmentFlag.AlignLeft,
            QFontMetricsF(bold).elidedText(line.label, Qt.TextElideMode.ElideRight, name_width),
        )
        painter.setFont(self.font())
        caption = self._span_caption(line)
        y2 = y + fm.height() + 3
        if line.spans and len(line.spans) == 1:
            color = QColor(self._colors.get(line.spans[0].category, "#888888"))
            painter.setPen(QPen(color.darker(140), 1))
            painter.setBrush(color)
            painter.drawRoundedRect(QRectF(rect.left() + 1, y2 + 3, 10, 10), 2, 2)
            painter.setPen(palette.color(QPalette.ColorRole.Text))
        else:
            painter.setPen(muted)
        painter.drawText(
            QRectF(rect.left() + 16, y2, gutter - 16, fm.height() + 2),
            Qt.AlignmentFlag.AlignLeft,
            fm.elidedText(caption, Qt.TextElideMode.ElideRight, gutter - 16),
        )

    def _paint_version(self, painter: QPainter, row: int, line: VersionLine) -> None:
        layout = self._layout
        assert layout is not None
        origin = self._text_origin(row)
        # the fills first, under the text
        for a in line.spans:
            color = QColor(self._colors.get(a.category, "#888888"))
            color.setAlphaF(0.35)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(color)
            for r in self.span_rects(row, a):
                painter.drawRect(r)
        painter.setPen(self.palette().color(QPalette.ColorRole.Text))
        layout.draw(painter, origin)
        # the boundaries of every version, through every line: where they differ, it shows
        guide = QColor(self.palette().color(QPalette.ColorRole.Text))
        guide.setAlphaF(0.45)
        pen = QPen(guide, 1, Qt.PenStyle.DotLine)
        painter.setPen(pen)
        for mark in self._marks:
            q = self._qt(mark, end=True)
            for i in range(layout.lineCount()):
                tl = layout.lineAt(i)
                if tl.textStart() <= q <= tl.textStart() + tl.textLength():
                    x = origin.x() + _x(tl, q)
                    top = origin.y() + tl.y()
                    painter.drawLine(QPointF(x, top), QPointF(x, top + tl.height() + _UNDER - 2))
                    break
        for a in line.others:
            color = QColor(self._colors.get(a.category, "#888888"))
            color.setAlphaF(0.7)
            for r in self.span_rects(row, a):
                y = r.bottom() + _BAR + 3
                painter.fillRect(QRectF(r.left(), y, r.width(), _THIN), color)
        for a in line.spans:
            color = QColor(self._colors.get(a.category, "#888888"))
            rects = self.span_rects(row, a)
            for r in rects:
                painter.fillRect(QRectF(r.left(), r.bottom() + 1, r.width(), _BAR), color)
            edge = QPen(color.darker(160), 2)
            painter.setPen(edge)
            if rects:  # brackets at the span's two ends
                first, last = rects[0], rects[-1]
                painter.drawLine(first.topLeft(), QPointF(first.left(), first.bottom() + _BAR))
                painter.drawLine(last.topRight(), QPointF(last.right(), last.bottom() + _BAR))

    # -- interaction -------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event = cast(QHelpEvent, event)
            row = self.row_at(help_event.pos().y())
            if row is None:
                QToolTip.hideText()
                event.ignore()
                return True
            QToolTip.showText(help_event.globalPos(), self._tooltip(self._lines[row]), self)
            return True
        return super().event(event)

    def _tooltip(self, line: VersionLine) -> str:
        if not line.spans:
            return f"{line.label} marked nothing here"
        parts = []
        for a in line.spans:
            label = self._labels.get(a.category, a.category)
            quote = " ".join(a.quote.split())
            quote = quote if len(quote) <= 80 else quote[:79] + ELLIPSIS
            parts.append(f"{label} [{a.start}, {a.end}): “{quote}”")
        tip = f"{line.label}: " + "; ".join(parts)
        if line.key is not None:
            tip += f"\nDouble-click (or press {line.key} in the Review panel) to accept this version"
        return tip

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        row = self.row_at(event.position().y())
        if row is not None:
            line = self._lines[row]
            if line.key is not None and len(line.spans) == 1:
                self.version_activated.emit(line.spans[0].id)
                return
        super().mouseDoubleClickEvent(event)


def _x(line: QTextLine, position: int) -> float:
    result = line.cursorToX(position)
    return float(result[0]) if isinstance(result, tuple) else float(cast(float, result))
