"""Review mode's marks on the text: a badge in the margin and an outline for every unit.

Every state has its own colour *and* its own shape, glyph and outline pattern (see
:data:`STATE_STYLES`), so the marks stay distinguishable in greyscale and for colour-blind
readers. The overlay paints only the visible lines, after the view has drawn text and fills. A
unit nested in another has its outline drawn a little inside the outer one's, so both stay
visible where they share a line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QIcon,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
    QPolygonF,
    QTextLine,
)
from PySide6.QtWidgets import (
    QWidget,
)

from annotator.review import (
    AlignedGroup,
    GroupState,
    nesting_depths,
)

from ..i18n import translate, translate_noop
from .view import AnnotationTextView


@dataclass(frozen=True, slots=True)
class StateStyle:
    """How one group state is drawn: badge shape and glyph, colour, outline pattern."""

    color: str
    shape: str  # "circle" | "diamond" | "square" | "triangle" | "hexagon"
    glyph: str
    pen: Qt.PenStyle
    width: float
    severity: int  # which badge wins when several groups start on one line


#: Okabe–Ito and ColorBrewer hues, chosen away from the default category fills (blue, orange,
#: green, pink), each paired with a shape, a glyph and an outline pattern of its own.
STATE_STYLES: dict[GroupState, StateStyle] = {
    GroupState.CATEGORY_DISAGREEMENT: StateStyle("#C0392B", "diamond", "≠", Qt.PenStyle.SolidLine, 2.0, 5),
    GroupState.BOUNDARY_DISAGREEMENT: StateStyle("#6A3D9A", "square", "↔", Qt.PenStyle.DashLine, 2.0, 4),
    GroupState.ONLY_ONE: StateStyle("#8C510A", "triangle", "1", Qt.PenStyle.DotLine, 2.0, 3),
    GroupState.PARTIAL: StateStyle("#01665E", "hexagon", "½", Qt.PenStyle.DashDotLine, 2.0, 2),
    GroupState.AGREED: StateStyle("#4D4D4D", "circle", "=", Qt.PenStyle.SolidLine, 1.0, 1),
}


class _Translated(dict[GroupState, str]):
    """Labels marked for translation here, translated when they are looked up (shown)."""

    def __init__(self, context: str, labels: dict[GroupState, str]) -> None:
        super().__init__(labels)
        self._context = context

    def __getitem__(self, key: GroupState) -> str:
        return translate(self._context, super().__getitem__(key))


#: Short names for the legend and the group list (the state's ``label`` is the long form).
SHORT_LABELS = _Translated(
    "ReviewState",
    {
        GroupState.AGREED: translate_noop("ReviewState", "Agreed"),
        GroupState.CATEGORY_DISAGREEMENT: translate_noop("ReviewState", "Category differs"),
        GroupState.BOUNDARY_DISAGREEMENT: translate_noop("ReviewState", "Boundaries differ"),
        GroupState.ONLY_ONE: translate_noop("ReviewState", "Only one coder"),
        GroupState.PARTIAL: translate_noop("ReviewState", "Some coders only"),
    },
)


STATE_HELP = _Translated(
    "ReviewState",
    {
        GroupState.AGREED: translate_noop(
            "ReviewState", "Agreed: same boundaries and category for every coder"
        ),
        GroupState.CATEGORY_DISAGREEMENT: translate_noop(
            "ReviewState", "Category disagreement: overlapping spans, different categories"
        ),
        GroupState.BOUNDARY_DISAGREEMENT: translate_noop(
            "ReviewState", "Boundary disagreement: same category, different boundaries"
        ),
        GroupState.ONLY_ONE: translate_noop("ReviewState", "Only one coder marked this"),
        GroupState.PARTIAL: translate_noop(
            "ReviewState", "Some coders marked this identically, others nothing"
        ),
    },
)


SETTLED_OPACITY = 0.35


def _shape_path(shape: str, rect: QRectF) -> QPainterPath:
    path = QPainterPath()
    c = rect.center()
    w = rect.width() / 2
    if shape == "circle":
        path.addEllipse(rect)
    elif shape == "square":
        path.addRoundedRect(rect, 2, 2)
    elif shape == "diamond":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), c.y()),
                    QPointF(c.x(), rect.bottom()),
                    QPointF(rect.left(), c.y()),
                ]
            )
        )
        path.closeSubpath()
    elif shape == "triangle":
        path.addPolygon(
            QPolygonF(
                [
                    QPointF(c.x(), rect.top()),
                    QPointF(rect.right(), rect.bottom()),
                    QPointF(rect.left(), rect.bottom()),
                ]
            )
        )
        path.closeSubpath()
    else:  # hexagon
        pts = [
            QPointF(c.x() - w / 2, rect.top()),
            QPointF(c.x() + w / 2, rect.top()),
            QPointF(rect.right(), c.y()),
            QPointF(c.x() + w / 2, rect.bottom()),
            QPointF(c.x() - w / 2, rect.bottom()),
            QPointF(rect.left(), c.y()),
        ]
        path.addPolygon(QPolygonF(pts))
        path.closeSubpath()
    return path


def paint_badge(painter: QPainter, rect: QRectF, state: GroupState, *, settled: bool = False) -> None:
    """The state's badge: a filled shape with a white glyph (faded when the group is settled)."""
    style = STATE_STYLES[state]
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if settled:
        painter.setOpacity(SETTLED_OPACITY)
    color = QColor(style.color)
    painter.setPen(QPen(color.darker(150), 1))
    painter.setBrush(QBrush(color))
    painter.drawPath(_shape_path(style.shape, rect))
    font = QFont(painter.font())
    font.setBold(True)
    font.setPixelSize(max(7, int(rect.height() * (0.55 if style.shape == "triangle" else 0.68))))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    text_rect = rect.adjusted(0, rect.height() * 0.22, 0, 0) if style.shape == "triangle" else rect
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignCenter, style.glyph)
    painter.restore()


def state_icon(state: GroupState, *, size: int = 16, settled: bool = False, with_line: bool = False) -> QIcon:
    """An icon of the state's badge (and, with ``with_line``, a sample of its outline)."""
    width = size * 3 if with_line else size
    pix = QPixmap(width, size)
    pix.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pix)
    paint_badge(painter, QRectF(1, 1, size - 2, size - 2), state, settled=settled)
    if with_line:
        style = STATE_STYLES[state]
        pen = QPen(QColor(style.color), style.width, style.pen)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        y = size / 2
        painter.drawLine(QPointF(size + 3, y), QPointF(width - 1, y))
    painter.end()
    return QIcon(pix)


class ReviewOverlay(QWidget):
    """Marks units over the text view: an outline per state and a badge in the margin.

    A transparent child of the view's viewport (mouse events pass through to the text), painted
    after the view; only groups that intersect the visible lines are drawn.
    """

    BADGE = 16

    def __init__(self, view: AnnotationTextView) -> None:
        super().__init__(view.viewport())
        self.setObjectName("reviewOverlay")
        self._view = view
        self._groups: list[AlignedGroup] = []
        self._depths: dict[str, int] = {}
        self._settled: frozenset[str] = frozenset()
        self._current: str | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        view.viewport().installEventFilter(self)
        view.updateRequest.connect(self._on_update_request)
        self.setGeometry(view.viewport().rect())
        self.hide()

    def set_groups(
        self, groups: Sequence[AlignedGroup], *, settled: frozenset[str], current: str | None
    ) -> None:
        self._groups = list(groups)
        self._depths = nesting_depths(self._groups)
        self._settled = settled
        self._current = current
        self.update()

    def set_current(self, key: str | None) -> None:
        if key != self._current:
            self._current = key
            self.update()

    @property
    def groups(self) -> list[AlignedGroup]:
        return list(self._groups)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._view.viewport() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False

    def _on_update_request(self, _rect: QRect, dy: int) -> None:
        # QPlainTextEdit scrolls its viewport with QWidget.scroll, which moves children too.
        if self.pos().x() or self.pos().y():
            self.move(0, 0)
        if self.isVisible():
            self.update()

    # -- geometry --------------------------------------------------------------------------------

    def visible_range(self) -> tuple[int, int]:
        """Code points ``[start, end)`` of the blocks now on screen."""
        view = self._view
        block = view.firstVisibleBlock()
        if not block.isValid():
            return (0, 0)
        first = block.position()
        offset = view.contentOffset()
        height = view.viewport().height()
        last = first
        while block.isValid():
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            last = block.position() + block.length()
            block = block.next()
        pmap = view.position_map
        return pmap.to_cp(first), pmap.to_cp_end(min(last, view.document().characterCount() - 1))

    def line_rects(self, start: int, end: int) -> list[QRectF]:
        """Viewport rectangles, one per laid-out line, of code points ``[start, end)`` (visible only)."""
        view = self._view
        pmap = view.position_map
        q0, q1 = pmap.to_qt(start), pmap.to_qt(end)
        document = view.document()
        offset = view.contentOffset()
        height = view.viewport().height()
        block = document.findBlock(q0)
        out: list[QRectF] = []
        while block.isValid() and block.position() < q1:
            geometry = view.blockBoundingGeometry(block).translated(offset)
            if geometry.top() > height:
                break
            if geometry.bottom() >= 0 and block.isVisible():
                layout = block.layout()
                origin = geometry.topLeft() + layout.position()
                base = block.position()
                for i in range(layout.lineCount()):
                    line = layout.lineAt(i)
                    ls, le = base + line.textStart(), base + line.textStart() + line.textLength()
                    lo, hi = max(q0, ls), min(q1, le)
                    if lo >= hi:
                        continue
                    x0, x1 = _x(line, lo - base), _x(line, hi - base)
                    out.append(
                        QRectF(origin.x() + min(x0, x1), origin.y() + line.y(), abs(x1 - x0), line.height())
                    )
            block = block.next()
        return out

    def badge_rect(self, group: AlignedGroup) -> QRectF | None:
        """Where a group's badge goes: in the left margin, level with the group's first line."""
        rects = self.line_rects(group.start, min(group.end, group.start + 1))
        if not rects:
            return None
        first = rects[0]
        size = self.BADGE
        margin = float(self._view.document().documentMargin())
        x = max(1.0, margin - size - 4)
        return QRectF(x, first.center().y() - size / 2, size, size)

    # -- painting --------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        if not self._groups:
            return
        lo, hi = self.visible_range()
        visible = [g for g in self._groups if g.start < hi and g.end > lo]
        if not visible:
            return
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            badges: dict[int, tuple[tuple[int, int], AlignedGroup, QRectF]] = {}
            current: AlignedGroup | None = None
            for group in visible:
                settled = group.key in self._settled
                style = STATE_STYLES[group.state]
                if group.key == self._current:
                    current = group
                color = QColor(style.color)
                if settled:
                    color.setAlphaF(SETTLED_OPACITY)
                pen = QPen(color, style.width, style.pen)
                painter.setPen(pen)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                inset = 2.0 * min(self._depths.get(group.key, 0), 3)
                for rect in self.line_rects(group.start, group.end):
                    painter.drawRect(rect.adjusted(-1.5, 0.5 + inset, 1.5, -0.5 - inset))
                badge = self.badge_rect(group)
                if badge is not None:
                    rank = (0 if settled else 1, style.severity)
                    slot = int(badge.top())
                    if slot not in badges or badges[slot][0] < rank:
                        badges[slot] = (rank, group, badge)
            for _rank, group, rect in badges.values():
                paint_badge(painter, rect, group.state, settled=group.key in self._settled)
            if current is not None:
                style = STATE_STYLES[current.state]
                painter.setPen(QPen(QColor(style.color), 3.0, Qt.PenStyle.SolidLine))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                for rect in self.line_rects(current.start, current.end):
                    painter.drawRoundedRect(rect.adjusted(-3, -1, 3, 1), 3, 3)
        finally:
            painter.end()


def _x(line: QTextLine, position: int) -> float:
    result = line.cursorToX(position)
    return float(result[0]) if isinstance(result, tuple) else float(cast(float, result))
