"""The read-only text view that shows a document with its annotations.

Annotations and every offset this class exposes are code points into the document text (the
core's unit); Qt positions never leave this module, and every conversion between the two goes
through :class:`ui.textview.positions.PositionMap`.

Drawing, cheapest first:

* category fills come from :class:`ui.textview.highlighter.SpanHighlighter` (layout formats, block by
  block, only the blocks a change touches are redone);
* where spans overlap, the innermost one fills and each enclosing span adds a 2 px underline in
  its colour, stacked downward by depth (at most MAX_MARKS); the selected span gets an outline.
  Both are painted after the text, for the visible blocks only. The document layout
  (:class:`ui.textview.layout.MarkSpacedLayout`) leaves room below each visual line for the marks
  stacked on it, so they never reach the next line's text;
* search matches (at most MAX_FIND_MARKS) are hatched and outlined in the palette's text colour
  rather than filled, so that no category colour can look like one: the hatch is painted before
  Qt draws the fills and the text, the outline with the overlays;
* pending suggestions (:mod:`ui.textview.pending`) get a dashed outline in their category's
  colour and no fill, the current one a thicker one, painted with the overlays;
* the page chrome outside the article body (:meth:`AnnotationTextView.set_body`) is dimmed: a
  veil of the background colour over it, painted last, so it stays readable and selectable.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar, cast

from PySide6.QtCore import QEvent, QMargins, QPoint, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontDatabase,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QResizeEvent,
    QShowEvent,
    QTextBlock,
    QTextDocument,
    QTextLine,
    QTextOption,
    QWheelEvent,
)
from PySide6.QtWidgets import QApplication, QPlainTextEdit, QToolTip, QWidget

from annotator.domain import Annotation, AnnotationChange, Codebook, PendingSuggestion
from annotator.span_index import SpanIndex, segments
from annotator.words import snap_to_words

from ..i18n import translate
from ..theme import category_pattern, is_high_contrast, paint_pattern
from .highlighter import SpanHighlighter, category_color
from .layout import MARK_OFFSET, MARK_STEP, MARK_WIDTH, MAX_MARKS, Marks, MarkSpacedLayout
from .pending import PendingSpans
from .positions import PositionMap

__all__ = ["AnnotationTextView"]

#: Reading fonts in order of preference; Qt falls back to its serif default if none is installed.
READING_FONTS = ("Source Serif 4", "Source Serif Pro", "Noto Serif", "DejaVu Serif", "Georgia", "Cambria")


def _reading_font(point_size: int) -> QFont:
    available = set(QFontDatabase.families())
    font = QFont()
    family = next((f for f in READING_FONTS if f in available), None)
    if family is not None:
        font.setFamily(family)
    font.setStyleHint(QFont.StyleHint.Serif)
    font.setPointSize(point_size)
    return font


def _x(line: QTextLine, position: int) -> float:
    """``QTextLine.cursorToX`` returns ``(x, position)`` in PySide."""
    result = line.cursorToX(position)
    return float(result[0]) if isinstance(result, tuple) else float(cast(float, result))


def _format_value(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return str(value)


class AnnotationTextView(QPlainTextEdit):
    """A read-only, keyboard-selectable view of one document and its annotations."""

    #: The selected annotation's id, or ``""`` when the selection is cleared. Emitted on change only.
    annotation_selected = Signal(str)
    #: The user dragged an edge of the selected span: (annotation id, new start, new end) in code points.
    span_resize_requested = Signal(str, int, int)
    #: A key for pending suggestions: "accept" (Enter), "reject" (Backspace), "next" (Tab),
    #: "previous" (Shift+Tab). Sent only while a suggestion is pending (and, for the first two,
    #: current); otherwise the keys do what they always did.
    pending_key = Signal(str)
    #: The current pending suggestion's id (``""``: none), after a click or a Tab.
    pending_current_changed = Signal(str)
    #: Width (px) of a pending suggestion's dashed outline; the current one's is PENDING_CURRENT_WIDTH.
    PENDING_WIDTH = 1.5
    PENDING_CURRENT_WIDTH = 2.5
    #: The cursor moved onto other spans: their description in words ("" off every span), which is
    #: also the view's accessible description (what a screen reader reads on request).
    cursor_described = Signal(str)

    DEFAULT_POINT_SIZE = 12
    MIN_POINT_SIZE = 8
    MAX_POINT_SIZE = 32
    #: The text column is kept to about this many characters when the widget is wider.
    COLUMN_CHARS = 80
    DOCUMENT_MARGIN = 24
    UNDERLINE_WIDTH = MARK_WIDTH
    UNDERLINE_STEP = MARK_STEP
    #: At most this many underlines are stacked under a segment (the spans nearest its innermost).
    MAX_MARKS = MAX_MARKS
    #: More search matches than this are not all marked.
    MAX_FIND_MARKS = 1000
    #: Opacity (0-255) of a search match's hatch, in the palette's text colour.
    FIND_HATCH_ALPHA = 70
    #: Width (px) of a search match's outline.
    FIND_OUTLINE_WIDTH = 1.0
    #: Opacity (0-255) of the veil over the page chrome outside the article body.
    CHROME_VEIL_ALPHA = 165
    #: The same in the high-contrast theme.
    CHROME_VEIL_ALPHA_HIGH_CONTRAST = 80

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        #: Whether the caller should snap selections to whole words (``selection_range(snap=...)``).
        self.snap_words = True
        self._text = ""
        self._map = PositionMap("")
        self._index = SpanIndex()
        self._codebook: Codebook | None = None
        self._annotator_names: dict[str, str] = {}
        self._selected_id: str | None = None
        self._press_pos: QPoint | None = None
        self._underline_cache: dict[int, tuple[tuple[int, int, int], list[tuple[QRectF, QColor]]]] = {}
        self._resizing: tuple[str, int] | None = None
        self._last_click_cp: int | None = None
        self._find_ranges: list[tuple[int, int]] = []
        self._find_sorted: list[tuple[int, int]] = []
        self._find_starts: list[int] = []
        self._colors: dict[str, QColor] = {}
        #: The underline pattern of each category colour in ``_colors`` (how its marks are drawn).
        self._patterns: dict[int, str] = {}
        self._body: tuple[int, int] | None = None
        self.pending = PendingSpans()
        # A document whose layout leaves room below the lines that carry stacked marks.
        document = QTextDocument(self)
        self._layout = MarkSpacedLayout(document, self._block_marks)
        self._layout.setPaintDevice(self.viewport())  # as QPlainTextEdit sets up its own document
        document.setDocumentLayout(self._layout)
        self.setDocument(document)
        # Attached while the document is empty, so attaching schedules no full pass of its own.
        self._highlighter = SpanHighlighter(self)
        self._highlighter.set_dark(self._is_dark())
        self._highlighter.setDocument(self.document())

        self.setReadOnly(True)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setFont(_reading_font(self.DEFAULT_POINT_SIZE))
        # The margins around the centred column show the widget's own background: make it the
        # text background, so the column does not look like a page with grey edges.
        self.setBackgroundRole(QPalette.ColorRole.Base)
        self.setAutoFillBackground(True)
        document = self.document()
        document.setUndoRedoEnabled(False)
        document.setDocumentMargin(self.DOCUMENT_MARGIN)
        self._update_column()
        self._cursor_description = ""
        self.cursorPositionChanged.connect(lambda: self._describe_cursor())

    # -- document -------------------------------------------------------------------------------

    def set_document(
        self,
        *,
        text: str,
        annotations: Sequence[Annotation],
        codebook: Codebook,
        annotator_names: Mapping[str, str],
        body: tuple[int, int] | None = None,
    ) -> None:
        """Show ``text`` (normalised, LF line breaks) with its annotations (code-point offsets).

        ``body`` is the article body; the text outside it (page chrome) is shown dimmed.
        """
        if "\r" in text:
            raise ValueError("text must be normalised to LF line breaks (annotator.text.normalize_text)")
        had_selection = self._selected_id is not None
        self._body = self._checked_body(body, len(text))
        self._text = text
        self._map = PositionMap(text)
        self._index = SpanIndex(annotations)
        self._forget_underlines()
        self._codebook = codebook
        self._colors, self._patterns = {}, {}
        self._annotator_names = dict(annotator_names)
        self._selected_id = None
        self._last_click_cp = None
        self._find_ranges, self._find_sorted, self._find_starts = [], [], []
        self.pending = PendingSpans()
        self._highlighter.configure(index=self._index, position_map=self._map, codebook=codebook)
        self._highlighter.reset_blocks()
        with self._highlighter.suspended(), self._layout.suspended():
            self.setPlainText(text)
        self._highlighter.highlight_leading()  # the rest as it comes into view
        if had_selection:
            self.annotation_selected.emit("")

    def set_annotator_names(self, names: Mapping[str, str]) -> None:
        """Names shown in tooltips (a new layer, or a renamed coder)."""
        self._annotator_names = dict(names)

    def clear_document(self) -> None:
        """Show nothing."""
        had_selection = self._selected_id is not None
        self._body = None
        self._text = ""
        self._map = PositionMap("")
        self._index = SpanIndex()
        self._forget_underlines()
        self._selected_id = None
        self._last_click_cp = None
        self._find_ranges, self._find_sorted, self._find_starts = [], [], []
        self._highlighter.configure(index=self._index, position_map=self._map, codebook=self._codebook)
        self._highlighter.reset_blocks()
        with self._highlighter.suspended():
            self.setPlainText("")
        if had_selection:
            self.annotation_selected.emit("")

    @property
    def text(self) -> str:
        """The document text as the core has it (code points, ``\\n`` line breaks)."""
        return self._text

    @staticmethod
    def _checked_body(body: tuple[int, int] | None, length: int) -> tuple[int, int] | None:
        if body is None:
            return None
        start, end = max(0, min(body[0], length)), max(0, min(body[1], length))
        return None if (start, end) == (0, length) or start >= end else (start, end)

    @property
    def body(self) -> tuple[int, int] | None:
        """The article body shown (``None``: the whole text is the body, nothing is dimmed)."""
        return self._body

    def set_body(self, body: tuple[int, int] | None) -> None:
        """Show ``body`` as the article body: the text outside it is dimmed as page chrome."""
        checked = self._checked_body(body, len(self._text))
        if checked != self._body:
            self._body = checked
            self.viewport().update()

    def in_body(self, cp: int) -> bool:
        return self._body is None or self._body[0] <= cp < self._body[1]

    @property
    def span_index(self) -> SpanIndex:
        return self._index

    @property
    def position_map(self) -> PositionMap:
        return self._map

    @property
    def highlighter(self) -> SpanHighlighter:
        return self._highlighter

    def apply_change(self, change: AnnotationChange) -> None:
        """Bring the view up to date with one annotation operation (or its undo).

        Only the blocks the change touches are re-highlighted. If the selected annotation is
        gone, the selection is cleared and ``annotation_selected("")`` emitted, last.
        """
        before, after = change.before, change.after
        if before is not None and (after is None or after.id != before.id):
            self._index.remove(before.id)
        if after is not None:
            self._index.add(after)
        lost_selection = self._selected_id is not None and self._selected_id not in self._index
        if lost_selection:
            self._selected_id = None
            self._highlighter.set_selected_id(None)  # its blocks are redrawn just below
        # Forget the touched blocks' marks first: re-highlighting lays them out again, and the
        # layout then asks for their marks (the room below their lines).
        self._forget_underlines(*change.span_range)
        self._highlighter.rehighlight_range(*change.span_range)
        self.viewport().update()
        self._describe_cursor(moved=False)
        if lost_selection:
            self.annotation_selected.emit("")

    # -- selection ------------------------------------------------------------------------------

    def selection_range(self, *, snap: bool) -> tuple[int, int] | None:
        """The selected text as a code-point range (snapped to whole words if ``snap``), or ``None``."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return None
        start, end = self._map.selection_cp_range(cursor)
        if snap:
            return snap_to_words(self._text, start, end)
        return (start, end) if start < end else None

    def select_range(self, start: int, end: int) -> None:
        """Select code points ``[start, end)`` as if the user had, and scroll it into view."""
        self._scroll_to(start)
        self.setTextCursor(self._map.cursor(self.document(), start, end))
        self.ensureCursorVisible()

    @property
    def selected_annotation_id(self) -> str | None:
        return self._selected_id

    def select_annotation(self, annotation_id: str | None) -> None:
        """Mark an annotation as selected, put the cursor at its start and scroll to it; ``None`` clears.

        The span's text is not selected: Qt paints a selection over every format, which would
        hide the spans nested inside the selected one. The highlighter's stronger fill and the
        outline mark it instead, and a category key then recodes it.

        An id the view does not know clears the selection too. ``annotation_selected`` is emitted
        when the selected id changes (with ``""`` when cleared), so a list that calls this back in
        response to the signal does not loop.
        """
        annotation = self._index.get(annotation_id) if annotation_id else None
        new_id = annotation.id if annotation is not None else None
        changed = new_id != self._selected_id
        if changed:
            self._selected_id = new_id
            self._highlighter.set_selected_id(new_id)
        if annotation is not None:
            self.setTextCursor(self._map.cursor(self.document(), annotation.start))
            self._scroll_to(annotation.end)
            self._scroll_to(annotation.start)
        self.viewport().update()
        if changed:
            self.annotation_selected.emit(new_id or "")

    def _scroll_to(self, cp: int) -> None:
        """Bring code point ``cp`` into view, centred if it was off screen."""
        cursor = self._map.cursor(self.document(), cp)
        if not self.viewport().rect().contains(self.cursorRect(cursor)):
            self.setTextCursor(cursor)
            self.centerCursor()

    # -- mouse ----------------------------------------------------------------------------------

    #: How close (in pixels) to a selected span's edge a press grabs that edge for resizing.
    EDGE_GRAB = 4

    def edge_at(self, pos: QPoint) -> tuple[Annotation, int] | None:
        """The selected span and the code point of its start or end edge under ``pos``, if any."""
        annotation = self._index.get(self._selected_id) if self._selected_id else None
        if annotation is None:
            return None
        for cp in (annotation.start, annotation.end):
            rect = self.cursorRect(self._map.cursor(self.document(), cp))
            if abs(pos.x() - rect.x()) <= self.EDGE_GRAB and rect.top() <= pos.y() <= rect.bottom():
                return annotation, cp
        return None

    def _boundary_cp(self, pos: QPoint) -> int:
        """The gap between characters nearest to ``pos``, in code points."""
        return self._map.to_cp(self.cursorForPosition(pos).position())

    def mousePressEvent(self, e: QMouseEvent) -> None:
        plain_left = e.button() == Qt.MouseButton.LeftButton and not (
            e.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        edge = self.edge_at(e.position().toPoint()) if plain_left else None
        if edge is not None:
            # Dragging an edge of the selected span resizes it; the other edge stays put.
            annotation, grabbed = edge
            fixed = annotation.end if grabbed == annotation.start else annotation.start
            self._resizing = (annotation.id, fixed)
            self.select_range(min(fixed, grabbed), max(fixed, grabbed))
            return
        self._press_pos = e.position().toPoint() if plain_left else None
        super().mousePressEvent(e)

    def mouseMoveEvent(self, e: QMouseEvent) -> None:
        if self._resizing is not None:
            _, fixed = self._resizing
            cp = self._boundary_cp(e.position().toPoint())
            if cp != fixed:
                self.select_range(min(fixed, cp), max(fixed, cp))
            return
        if not e.buttons():
            near_edge = self.edge_at(e.position().toPoint()) is not None
            shape = Qt.CursorShape.SizeHorCursor if near_edge else Qt.CursorShape.IBeamCursor
            self.viewport().setCursor(shape)
        super().mouseMoveEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:
        if self._resizing is not None:
            annotation_id, fixed = self._resizing
            self._resizing = None
            cp = self._boundary_cp(e.position().toPoint())
            start, end = min(fixed, cp), max(fixed, cp)
            if self.snap_words:
                start, end = snap_to_words(self._text, start, end) or (start, end)
            self.setTextCursor(self._map.cursor(self.document(), start))
            if start < end:
                self.span_resize_requested.emit(annotation_id, start, end)
            return
        super().mouseReleaseEvent(e)
        press, self._press_pos = self._press_pos, None
        if press is None or e.button() != Qt.MouseButton.LeftButton:
            return
        pos = e.position().toPoint()
        if (pos - press).manhattanLength() >= QApplication.startDragDistance():
            return  # a drag: the user is selecting text
        if self.textCursor().hasSelection():
            return
        self.click_at(pos)

    def click_at(self, pos: QPoint) -> None:
        """What a plain click at viewport point ``pos`` does to the annotation selection.

        On a span: select the innermost span there, or, clicking the same character again, the
        next enclosing one (cycling back to the innermost). Elsewhere: clear the selection.
        """
        cp = self.cp_at(pos)
        pending_here = self.pending.at(cp) if cp is not None and len(self.pending) else []
        chosen_pending = pending_here[0].id if pending_here else None
        if chosen_pending != self.pending.current_id:
            self.pending.current_id = chosen_pending
            self.viewport().update()
            self.pending_current_changed.emit(chosen_pending or "")
        spans = self._index.at(cp) if cp is not None else []
        if not spans:
            self._last_click_cp = None
            self.select_annotation(None)
            return
        ids = [a.id for a in spans]
        if cp == self._last_click_cp and self._selected_id in ids:
            chosen = ids[(ids.index(self._selected_id) + 1) % len(ids)]
        else:
            chosen = ids[0]
        self._last_click_cp = cp
        self.select_annotation(chosen)

    def cp_at(self, pos: QPoint) -> int | None:
        """The code point of the character under viewport point ``pos`` (``None`` off the text)."""
        qt = self._qt_char_at(QPointF(pos))
        return None if qt is None else self._map.to_cp(qt)

    def _qt_char_at(self, pos: QPointF) -> int | None:
        for block, geometry in self._visible_blocks():
            if not geometry.top() <= pos.y() < geometry.bottom():
                continue
            layout = block.layout()
            origin = geometry.topLeft() + layout.position()
            for i in range(layout.lineCount()):
                line = layout.lineAt(i)
                top = origin.y() + line.y()
                if not top <= pos.y() < top + line.height():
                    continue
                x = pos.x() - origin.x()
                natural = line.naturalTextRect()
                if not natural.left() <= x < natural.right():
                    return None
                rel = line.xToCursor(x, QTextLine.CursorPosition.CursorOnCharacter)
                end = line.textStart() + line.textLength()
                if not line.textStart() <= rel < end or rel >= block.length() - 1:
                    return None
                return block.position() + rel
            return None
        return None

    def wheelEvent(self, e: QWheelEvent) -> None:
        # Ctrl+wheel would zoom through QPlainTextEdit's own zoomIn, past our limits.
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier:
            delta = e.angleDelta().y()
            if delta > 0:
                self.zoom_in()
            elif delta < 0:
                self.zoom_out()
            e.accept()
            return
        super().wheelEvent(e)

    # -- tooltips -------------------------------------------------------------------------------

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            cp = self.cp_at(event.pos())
            text = self.tooltip_text(cp) if cp is not None else ""
            if text:
                QToolTip.showText(event.globalPos(), _tooltip_html(text), self.viewport())
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().viewportEvent(event)

    def tooltip_text(self, cp: int) -> str:
        """Plain-text description of every span covering code point ``cp``, innermost first.

        One paragraph per span: ``Label — Annotator``, then ``attribute: value`` lines (the
        codebook's attribute label when it has one), then ``Note: ...``.
        """
        parts: list[str] = []
        if not self.in_body(cp):
            parts.append("Page chrome: outside the article body (left out of agreement and analysis)")
        for a in self._index.at(cp):
            category = self._codebook.category(a.category) if self._codebook is not None else None
            label = category.label if category is not None else a.category
            name = self._annotator_names.get(a.annotator_id, a.annotator_id)
            lines = [f"{label} — {name}"]
            for key, value in a.attributes.items():
                definition = category.attribute(key) if category is not None else None
                lines.append(f"{definition.label if definition is not None else key}: {_format_value(value)}")
            if a.note:
                lines.append(f"Note: {a.note}")
            parts.append("\n".join(lines))
        return "\n\n".join(parts)

    def spans_description(self, cp: int) -> str:
        """The spans at code point ``cp`` in words, innermost first, for a screen reader and the
        status bar: "Claim by Ann, note: ..."; the category is said, never shown by colour alone."""
        parts: list[str] = []
        for a in self._index.at(cp):
            category = self._codebook.category(a.category) if self._codebook is not None else None
            label = category.label if category is not None else a.category
            who = self._annotator_names.get(a.annotator_id, a.annotator_id)
            part = translate("AnnotationTextView", "{category} by {annotator}").format(
                category=label, annotator=who
            )
            if a.note:
                part += translate("AnnotationTextView", ", note: {note}").format(note=a.note)
            parts.append(part)
        return "; ".join(parts)

    def _describe_cursor(self, *, moved: bool = True) -> None:
        """Describe the spans at the cursor; say so (``cursor_described``) when the cursor moved,
        not when an edit changed the spans there (the edit is announced on its own)."""
        cp = self._map.to_cp(self.textCursor().position())
        text = self.spans_description(cp) if self._text else ""
        if text != self._cursor_description:
            self._cursor_description = text
            self.setAccessibleDescription(text)
            if moved:
                self.cursor_described.emit(text)

    # -- zoom and layout ------------------------------------------------------------------------

    @property
    def font_point_size(self) -> int:
        return self.font().pointSize()

    def set_font_point_size(self, size: int) -> None:
        size = max(self.MIN_POINT_SIZE, min(self.MAX_POINT_SIZE, size))
        if size == self.font_point_size:
            return
        font = self.font()
        font.setPointSize(size)
        self.setFont(font)  # the FontChange event re-centres the column

    def zoom_in(self) -> None:
        self.set_font_point_size(self.font_point_size + 1)

    def zoom_out(self) -> None:
        self.set_font_point_size(self.font_point_size - 1)

    def resizeEvent(self, e: QResizeEvent) -> None:
        # Margins first: QPlainTextEdit wraps the text at the viewport's width when it handles
        # the resize, and not again when the margins then shrink the viewport. An empty view
        # wrapped at the wider width would lay the next document's lines out past its edge.
        self._update_column()
        super().resizeEvent(e)

    def showEvent(self, e: QShowEvent) -> None:
        super().showEvent(e)
        self._ensure_layout_width()

    def _update_column(self) -> None:
        """Centre a column of about COLUMN_CHARS characters when the widget is wider than that."""
        column = QFontMetricsF(self.font()).averageCharWidth() * self.COLUMN_CHARS + 2 * self.DOCUMENT_MARGIN
        available = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        side = max(0, int((available - column) / 2))
        margins = QMargins(side, 0, side, 0)
        if self.viewportMargins() != margins:
            self.setViewportMargins(margins)
            self._ensure_layout_width()

    def _ensure_layout_width(self) -> None:
        """Re-wrap the text if it was laid out wider than the viewport.

        When the widget is resized before it is shown (a main window restoring its geometry),
        the margins set in resizeEvent shrink the viewport after QPlainTextEdit has wrapped the
        text at the full width, and it does not wrap again: lines run under the right edge and a
        horizontal scroll bar appears. Switching the wrap mode off and on makes it re-wrap
        (cheaply: blocks are laid out again only when shown).
        """
        if self.lineWrapMode() != QPlainTextEdit.LineWrapMode.WidgetWidth:
            return
        if self.document().documentLayout().documentSize().width() > self.viewport().width():
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
            self.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)

    def changeEvent(self, e: QEvent) -> None:
        super().changeEvent(e)
        if e.type() in (QEvent.Type.PaletteChange, QEvent.Type.StyleChange):
            if self._is_dark() != self._highlighter.dark:
                self.refresh_colors()
        elif e.type() == QEvent.Type.FontChange:
            self._update_column()

    def refresh_colors(self) -> None:
        """Re-read the palette (light or dark fills) and redraw; call after a theme change."""
        self._colors, self._patterns = {}, {}
        self._forget_underlines()
        self._highlighter.set_dark(self._is_dark())
        self._highlighter.rehighlight_all()
        self.viewport().update()

    def _is_dark(self) -> bool:
        return self.palette().color(QPalette.ColorRole.Base).lightness() < 128

    # -- search matches -------------------------------------------------------------------------

    def _high_contrast(self) -> bool:
        app = QApplication.instance()
        return isinstance(app, QApplication) and is_high_contrast(app)

    def find_color(self) -> QColor:
        """The colour of search-match marks: the palette's text colour, light or dark alike."""
        return self.palette().color(QPalette.ColorRole.Text)

    def find_brush(self) -> QBrush:
        """The hatch under a search match: diagonal lines in the text colour, translucent.

        Categories are solid translucent fills in colours a codebook may choose freely, so no
        fill colour is safe from looking like one (the old yellow was the default Quote orange's
        neighbour). A hatch is a pattern, not a colour: painted under Qt's fills it lets the
        category colour under a match show, and with the outline painted around each match (as
        Sublime Text marks its find results) it reads as a search hit on a light and a dark
        palette alike, whatever the codebook's colours.
        """
        color = self.find_color()
        color.setAlpha(self.FIND_HATCH_ALPHA)
        return QBrush(color, Qt.BrushStyle.BDiagPattern)

    def set_find_matches(self, ranges: Sequence[tuple[int, int]]) -> None:
        """Mark search matches (code-point ranges); only the first MAX_FIND_MARKS are drawn.

        They are painted by the view (hatch and outline), for the lines in view only; the current
        match is the text selection (``select_range``).
        """
        self._find_ranges = [(s, e) for s, e in ranges if s < e][: self.MAX_FIND_MARKS]
        self._find_sorted = sorted(self._find_ranges)
        self._find_starts = [s for s, _ in self._find_sorted]
        self.viewport().update()

    def clear_find_matches(self) -> None:
        self._find_ranges, self._find_sorted, self._find_starts = [], [], []
        self.viewport().update()

    def _find_ranges_in(self, cp0: int, cp1: int) -> list[tuple[int, int]]:
        """The search matches that overlap ``[cp0, cp1)``."""
        ranges, i = self._find_sorted, bisect_left(self._find_starts, cp0)
        while i > 0 and ranges[i - 1][1] > cp0:
            i -= 1
        out = []
        while i < len(ranges) and ranges[i][0] < cp1:
            if ranges[i][1] > cp0:
                out.append(ranges[i])
            i += 1
        return out

    @property
    def find_matches(self) -> list[tuple[int, int]]:
        return list(self._find_ranges)

    # -- geometry -------------------------------------------------------------------------------

    def span_geometry(self, annotation_id: str) -> QRect:
        """Viewport rectangle of an annotation's first character (empty if unknown)."""
        a = self._index.get(annotation_id)
        if a is None:
            return QRect()
        q0, q1 = self._map.to_qt(a.start), self._map.to_qt(a.start + 1)
        block = self.document().findBlock(q0)
        origin = self.blockBoundingGeometry(block).translated(self.contentOffset()).topLeft()
        rects = _BlockGeometry(block, origin).rects(q0, q1)
        return rects[0][0].toAlignedRect() if rects else QRect()

    def _color(self, category_id: str) -> QColor:
        color = self._colors.get(category_id)
        if color is None:
            color = self._colors[category_id] = category_color(self._codebook, category_id)
            self._patterns[color.rgba()] = category_pattern(self._codebook, category_id)
        return color

    # -- painting -------------------------------------------------------------------------------

    def _visible_blocks(self, *, highlight: bool = False) -> list[tuple[QTextBlock, QRectF]]:
        """Visible blocks with their viewport geometry, top to bottom (as QPlainTextEdit paints).

        With ``highlight``, each block gets its fills first if it has none yet, before its
        geometry is asked for, so that it is laid out once, with its formats.
        """
        offset = QPointF(self.contentOffset())
        height = self.viewport().height()
        block = self.firstVisibleBlock()
        out: list[tuple[QTextBlock, QRectF]] = []
        while block.isValid():
            if highlight:
                self._highlighter.ensure_highlighted(block, notify=False)
            rect = self.blockBoundingRect(block).translated(offset)
            if block.isVisible():
                out.append((block, rect))
            offset.setY(offset.y() + rect.height())
            if offset.y() > height:
                break
            block = block.next()
        return out

    def paintEvent(self, e: QPaintEvent) -> None:
        visible = self._visible_blocks(highlight=True)
        overlays = self._overlays(visible) if visible and (len(self._index) or self._find_ranges) else None
        if overlays is not None and overlays.hatches:
            # Under Qt's drawing: the fills (translucent) and the text go on top of the hatch.
            painter = QPainter(self.viewport())
            try:
                brush = self.find_brush()
                for rect in overlays.hatches:
                    painter.fillRect(rect, brush)
            finally:
                painter.end()
        super().paintEvent(e)
        if overlays is not None and (overlays.marks or overlays.outlines or overlays.hatches):
            self._paint_overlays(overlays)
        if visible and len(self.pending):
            self._paint_pending(self._pending_outlines(visible))
        if self._body is not None and visible:
            veil = self.palette().color(QPalette.ColorRole.Base)
            # in high contrast the chrome stays readable (about 8:1), only greyed
            veil.setAlpha(
                self.CHROME_VEIL_ALPHA_HIGH_CONTRAST if self._high_contrast() else self.CHROME_VEIL_ALPHA
            )
            painter = QPainter(self.viewport())
            try:
                for rect in self._chrome_rects(visible):
                    painter.fillRect(rect, veil)
            finally:
                painter.end()

    # -- pending suggestions ----------------------------------------------------------------------

    def set_pending(self, items: Sequence[PendingSuggestion]) -> None:
        """Show these pending suggestions (code points) as dashed outlines; ``[]`` shows none."""
        self.pending.set(items)
        self.viewport().update()

    def set_current_pending(self, suggestion_id: str | None, *, reveal: bool = True) -> None:
        """Make a pending suggestion current (what Enter accepts), put the cursor at its start
        and bring all of it into view."""
        before = self.pending.current_id
        self.pending.current_id = suggestion_id if self.pending.get(suggestion_id) is not None else None
        current = self.pending.current
        if current is not None and reveal:
            self._scroll_to(current.end)
            self._scroll_to(current.start)
            self.setTextCursor(self._map.cursor(self.document(), current.start))
        self.viewport().update()
        if self.pending.current_id != before:
            self.pending_current_changed.emit(self.pending.current_id or "")

    def cursor_cp(self) -> int:
        """The text cursor's position in code points."""
        return self._map.to_cp(self.textCursor().position())

    def pending_rects(self) -> list[tuple[QRectF, QColor, bool]]:
        """The pending outlines as painted now: viewport rectangles, colours, whether current."""
        return [
            (rect, pen.color(), current)
            for rect, pen, current in self._pending_outlines(self._visible_blocks())
        ]

    def _pending_outlines(self, visible: list[tuple[QTextBlock, QRectF]]) -> list[tuple[QRectF, QPen, bool]]:
        out: list[tuple[QRectF, QPen, bool]] = []
        to_qt = self._map.to_qt
        height = float(self.viewport().height())
        current = self.pending.current_id
        for block, geometry in visible:
            lines = _BlockGeometry(block, geometry.topLeft(), 0.0, height)
            if lines.empty:
                continue
            cp0, cp1 = self._map.to_cp(lines.qt_start), self._map.to_cp_end(lines.qt_end)
            for p in self.pending.overlapping(cp0, cp1):
                is_current = p.id == current
                pen = QPen(
                    self._color(p.category).darker(115),
                    self.PENDING_CURRENT_WIDTH if is_current else self.PENDING_WIDTH,
                    Qt.PenStyle.DashLine,
                )
                q0, q1 = to_qt(max(p.start, cp0)), to_qt(min(p.end, cp1))
                out += [(rect, pen, is_current) for rect, _ascent in lines.rects(q0, q1)]
        return out

    def _paint_pending(self, outlines: list[tuple[QRectF, QPen, bool]]) -> None:
        painter = QPainter(self.viewport())
        try:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect, pen, _current in outlines:
                painter.setPen(pen)
                inset = pen.widthF() / 2
                painter.drawRect(rect.adjusted(inset - 1, inset, 1 - inset, -inset))
        finally:
            painter.end()

    _PENDING_KEYS: ClassVar[dict[Qt.Key, str]] = {
        Qt.Key.Key_Return: "accept",
        Qt.Key.Key_Enter: "accept",
        Qt.Key.Key_Backspace: "reject",
        Qt.Key.Key_Tab: "next",
        Qt.Key.Key_Backtab: "previous",
    }

    def _pending_key(self, e: QKeyEvent) -> str | None:
        """What a key press means for pending suggestions, or ``None`` (then it does what it did)."""
        if not len(self.pending):
            return None
        mods = e.modifiers() & ~(Qt.KeyboardModifier.KeypadModifier | Qt.KeyboardModifier.ShiftModifier)
        if mods != Qt.KeyboardModifier.NoModifier:
            return None
        what = self._PENDING_KEYS.get(Qt.Key(e.key()))
        if what == "next" and e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            what = "previous"
        elif what in ("accept", "reject") and (
            e.modifiers() & Qt.KeyboardModifier.ShiftModifier or self.pending.current is None
        ):
            return None
        return what

    def event(self, e: QEvent) -> bool:
        # Enter and Backspace are window shortcuts too (Backspace deletes the selected span), and
        # Tab moves the focus: while a suggestion is pending they are the view's own keys.
        if e.type() in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            key_event = cast(QKeyEvent, e)
            what = self._pending_key(key_event)
            if what is not None:
                e.accept()
                if e.type() == QEvent.Type.KeyPress:
                    self.pending_key.emit(what)
                return True
        return super().event(e)

    def chrome_rects(self) -> list[QRectF]:
        """The dimmed rectangles of page chrome in view (outside the article body)."""
        return self._chrome_rects(self._visible_blocks()) if self._body is not None else []

    def _chrome_rects(self, visible: list[tuple[QTextBlock, QRectF]]) -> list[QRectF]:
        """Viewport rectangles of the text outside the body: whole lines where a line is all chrome."""
        assert self._body is not None
        lo, hi = self._body
        width = float(self.viewport().width())
        out: list[QRectF] = []
        to_qt = self._map.to_qt
        for block, geometry in visible:
            length = len(block.text())
            if not length:
                continue
            cp0 = self._block_cp_start(block)
            cp1 = cp0 + length
            parts = [(cp0, min(cp1, lo))] if cp0 < lo else []
            if cp1 > hi:
                parts.append((max(cp0, hi), cp1))
            for a, b in parts:
                if a >= b:
                    continue
                if (a, b) == (cp0, cp1):
                    out.append(QRectF(0.0, geometry.top(), width, geometry.height()))
                else:
                    lines = _BlockGeometry(block, geometry.topLeft())
                    out += [rect for rect, _ascent in lines.rects(to_qt(a), to_qt(b))]
        return out

    def _paint_overlays(self, overlays: _Overlays) -> None:
        """Stacked underlines where spans overlap, the selected span's and search matches' outlines."""
        painter = QPainter(self.viewport())
        try:
            for rect, color in overlays.marks:
                paint_pattern(painter, rect, color, self._patterns.get(color.rgba(), "solid"))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            for rect, pen in overlays.outlines:
                painter.setPen(pen)
                painter.drawRect(rect.adjusted(0.5, 0.5, -0.5, -0.5))
            if overlays.hatches:
                # Round-cornered boxes, a little wider than the text so as not to cut letters.
                pad = self.FIND_OUTLINE_WIDTH
                inset = pad / 2
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                painter.setPen(QPen(self.find_color(), pad))
                for rect in overlays.hatches:
                    painter.drawRoundedRect(rect.adjusted(inset - pad, inset, pad - inset, -inset), 2.0, 2.0)
        finally:
            painter.end()

    def mark_rects(self) -> list[tuple[QRectF, QColor]]:
        """The stacked underlines as the view paints them now: viewport rectangles and colours."""
        return self._overlays(self._visible_blocks()).marks

    def find_rects(self) -> list[QRectF]:
        """The hatched rectangles of the search matches in view (one per line a match is on)."""
        return self._overlays(self._visible_blocks()).hatches

    def _overlays(self, visible: list[tuple[QTextBlock, QRectF]]) -> _Overlays:
        """What the view paints besides Qt's text and fills, for the visible blocks.

        Only the lines inside the viewport are considered, so a very long block (a document
        without line breaks) costs what its visible part holds.
        """
        out = _Overlays([], [], [])
        marks = out.marks
        selected = self._index.get(self._selected_id) if self._selected_id else None
        to_qt, to_cp = self._map.to_qt, self._map.to_cp
        height = float(self.viewport().height())
        for n, (block, geometry) in enumerate(visible):
            lines = _BlockGeometry(block, geometry.topLeft(), 0.0, height)
            if lines.empty:
                continue
            cp0, cp1 = to_cp(lines.qt_start), self._map.to_cp_end(lines.qt_end)
            if len(self._index) > 1:
                first = len(marks)
                cached = self._cached_underlines(block)
                if cached is not None:
                    origin = geometry.topLeft()
                    marks += [(rect.translated(origin), color) for rect, color in cached]
                else:
                    spans = self._index.overlapping(cp0, cp1)
                    if len(spans) > 1:
                        for seg in segments(spans, cp0, cp1):
                            if len(seg.spans) > 1:
                                rects = lines.rects(to_qt(seg.start), to_qt(seg.end))
                                marks += self._underlines(rects, seg.spans)
                if n == 0 and len(marks) > first:
                    # The top of the viewport may show the room below a line scrolled out above
                    # (Qt scrolls by lines): that line's marks are not drawn without it.
                    top = _first_line_top(block, geometry)
                    marks[first:] = [m for m in marks[first:] if m[0].top() >= top]
            if selected is not None and selected.start < cp1 and selected.end > cp0:
                q0, q1 = to_qt(max(selected.start, cp0)), to_qt(min(selected.end, cp1))
                pen = QPen(self._color(selected.category).darker(140), 1.5)
                out.outlines += [(rect, pen) for rect, _ascent in lines.rects(q0, q1)]
            for start, end in self._find_ranges_in(cp0, cp1) if self._find_ranges else ():
                q0, q1 = to_qt(max(start, cp0)), to_qt(min(end, cp1))
                out.hatches += [rect for rect, _ascent in lines.rects(q0, q1)]
        return out

    def _underlines(
        self, rects: list[tuple[QRectF, float]], spans: tuple[Annotation, ...]
    ) -> list[tuple[QRectF, QColor]]:
        """Under one segment, a 2 px line per enclosing span: depth 1 (just outside the innermost,
        whose colour fills the segment) nearest the baseline, outer spans further down, at most
        MAX_MARKS of them (the layout leaves room below the line for as many)."""
        out = []
        enclosing = spans[:-1][::-1][: self.MAX_MARKS]
        for depth, a in enumerate(enclosing, start=1):
            color = self._color(a.category)
            for rect, ascent in rects:
                y = rect.top() + ascent + MARK_OFFSET + (depth - 1) * self.UNDERLINE_STEP
                out.append((QRectF(rect.left(), y, rect.width(), self.UNDERLINE_WIDTH), color))
        return out

    def _block_marks(self, block: QTextBlock) -> Marks:
        """Where the layout must leave room for stacked underlines in ``block``: block-relative
        UTF-16 ranges with the number of underlines drawn there (as ``_underlines`` draws them)."""
        if len(self._index) < 2:
            return ()
        text = block.text()
        if not text:
            return ()
        cp0 = self._block_cp_start(block)
        spans = self._index.overlapping(cp0, cp0 + len(text))
        if len(spans) < 2:
            return ()
        local = PositionMap(text)  # the block's own offsets: no need to count the text before it
        most = self.MAX_MARKS
        return tuple(
            (local.to_qt(seg.start - cp0), local.to_qt(seg.end - cp0), min(len(seg.spans) - 1, most))
            for seg in segments(spans, cp0, cp0 + len(text))
            if len(seg.spans) > 1
        )

    #: The last this many blocks find their code-point offset counting back from the end.
    TAIL_BLOCKS = 64

    def _block_cp_start(self, block: QTextBlock) -> int:
        """The code point where ``block`` starts.

        Qt measures the last blocks of a new text at once (for the scroll range); converting
        their Qt positions would count the astral characters of the whole text before them,
        the slowest part of opening a large document. Counting back from the end over the few
        blocks after them needs only those blocks' lengths (each ``\n`` is one code point).
        """
        document = self.document()
        if document.blockCount() - block.blockNumber() > self.TAIL_BLOCKS:
            return self._map.to_cp(block.position())
        cp = len(self._text)
        after = document.lastBlock()
        while after.isValid() and after.blockNumber() > block.blockNumber():
            cp -= len(after.text()) + 1
            after = after.previous()
        return cp - len(block.text())

    #: Blocks with more lines than this are not cached: only their visible lines are measured.
    CACHE_MAX_LINES = 200

    def _cached_underlines(self, block: QTextBlock) -> list[tuple[QRectF, QColor]] | None:
        """The block's underlines relative to its top-left, measured once per layout and change.

        Measuring (``cursorToX`` per segment edge) was most of a repaint's cost; the lines move
        only when the text is laid out again (width, font) or the block's spans change, which
        clear this cache.
        """
        layout = block.layout()
        if layout.lineCount() > self.CACHE_MAX_LINES or layout.lineCount() == 0:
            return None
        key = (self.viewport().width(), self.font_point_size, block.revision())
        entry = self._underline_cache.get(block.blockNumber())
        if entry is not None and entry[0] == key:
            return entry[1]
        lines = _BlockGeometry(block, QPointF(0.0, 0.0))
        result: list[tuple[QRectF, QColor]] = []
        if not lines.empty:
            to_qt = self._map.to_qt
            cp0, cp1 = self._map.to_cp(lines.qt_start), self._map.to_cp_end(lines.qt_end)
            spans = self._index.overlapping(cp0, cp1)
            if len(spans) > 1:
                for seg in segments(spans, cp0, cp1):
                    if len(seg.spans) > 1:
                        result += self._underlines(lines.rects(to_qt(seg.start), to_qt(seg.end)), seg.spans)
        self._underline_cache[block.blockNumber()] = (key, result)
        return result

    def _forget_underlines(self, cp_start: int | None = None, cp_end: int | None = None) -> None:
        """Drop what is known of the underlines of the blocks over ``[cp_start, cp_end)`` (all
        without a range): the measured rectangles, and the layout's room below their lines."""
        if cp_start is None or cp_end is None:
            self._underline_cache.clear()
            self._layout.forget()
            return
        document = self.document()
        first = document.findBlock(self._map.to_qt(cp_start)).blockNumber()
        last = document.findBlock(self._map.to_qt(cp_end)).blockNumber()
        for number in range(first, last + 1):
            self._underline_cache.pop(number, None)
        self._layout.forget(first, last)


@dataclass(slots=True)
class _Overlays:
    """What the view paints itself, in viewport coordinates."""

    #: Stacked underlines and their colours.
    marks: list[tuple[QRectF, QColor]]
    #: The selected span's outline (one rectangle per line), with its pen.
    outlines: list[tuple[QRectF, QPen]]
    #: Search matches (one rectangle per line), hatched before Qt draws the fills and the text,
    #: outlined after.
    hatches: list[QRectF]


def _first_line_top(block: QTextBlock, geometry: QRectF) -> float:
    """Viewport y of the first line of a visible block whose baseline is in view (a line scrolled
    out but for a pixel or so of its box is not)."""
    layout = block.layout()
    origin = geometry.top() + layout.position().y()
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if origin + line.y() + line.ascent() >= 0:
            return origin + line.y()
    return geometry.bottom()


class _BlockGeometry:
    """Rectangles of Qt ranges in the lines of one laid-out block, in viewport coordinates.

    ``origin`` is the block's top-left in the viewport; with ``top`` and ``bottom`` (viewport y)
    only the lines between them are used, found by binary search. Within a line a range's
    rectangle spans from its start's x to its end's x, whichever side they fall (right-to-left
    text); each x is asked of Qt once.
    """

    __slots__ = ("_base", "_lines", "_origin", "_xs", "qt_end", "qt_start")

    def __init__(
        self, block: QTextBlock, origin: QPointF, top: float | None = None, bottom: float | None = None
    ) -> None:
        layout = block.layout()
        self._base = block.position()
        self._origin = origin + layout.position()
        count = layout.lineCount()
        first, last = 0, count
        if top is not None and bottom is not None and count > 8:
            top_in, bottom_in = top - self._origin.y(), bottom - self._origin.y()
            lo, hi = 0, count
            while lo < hi:  # first line that ends below the top
                mid = (lo + hi) // 2
                line = layout.lineAt(mid)
                if line.y() + line.height() <= top_in:
                    lo = mid + 1
                else:
                    hi = mid
            first, hi = lo, count
            while lo < hi:  # first line that starts below the bottom
                mid = (lo + hi) // 2
                if layout.lineAt(mid).y() < bottom_in:
                    lo = mid + 1
                else:
                    hi = mid
            last = lo
        self._lines = [layout.lineAt(i) for i in range(first, last)]
        self._xs: dict[tuple[int, int], float] = {}
        text_end = self._base + max(block.length() - 1, 0)
        if self._lines:
            self.qt_start = self._base + self._lines[0].textStart()
            tail = self._lines[-1]
            self.qt_end = min(text_end, self._base + tail.textStart() + tail.textLength())
        else:
            self.qt_start = self.qt_end = self._base

    @property
    def empty(self) -> bool:
        return self.qt_end <= self.qt_start

    def _x(self, i: int, position: int) -> float:
        x = self._xs.get((i, position))
        if x is None:
            x = self._xs[(i, position)] = _x(self._lines[i], position)
        return x

    def rects(self, q0: int, q1: int) -> list[tuple[QRectF, float]]:
        """``(rectangle, ascent)`` per line for the document range ``[q0, q1)``; ``rect.top() +
        ascent`` is the line's baseline."""
        start, end = q0 - self._base, q1 - self._base
        out: list[tuple[QRectF, float]] = []
        ox, oy = self._origin.x(), self._origin.y()
        for i, line in enumerate(self._lines):
            ls = line.textStart()
            if ls >= end:
                break
            lo, hi = max(start, ls), min(end, ls + line.textLength())
            if lo >= hi:
                continue
            x0, x1 = self._x(i, lo), self._x(i, hi)
            rect = QRectF(ox + min(x0, x1), oy + line.y(), abs(x1 - x0), line.height())
            out.append((rect, line.ascent()))
        return out


def _tooltip_html(text: str) -> str:
    """Plain tooltip text as rich text, escaped, so a note with ``<`` cannot turn into markup."""
    paragraphs = text.split("\n\n")
    body = "".join(
        f"<p style='margin:0 0 6px 0'>{'<br>'.join(escape(line) for line in p.splitlines())}</p>"
        for p in paragraphs
    )
    return f"<qt>{body}</qt>"
