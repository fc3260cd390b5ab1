"""Category fills for the text view, computed per block from the span index.

Fills are layout formats, as a :class:`QSyntaxHighlighter` sets them: nothing enters the
document, its undo stack or its modified flag. Each block's fills come from the spans the
:class:`~annotator.span_index.SpanIndex` returns for that block's code-point range, cut into segments;
a segment is filled with its innermost span's colour. Offsets cross the Qt boundary through
:class:`ui.textview.positions.PositionMap` only, and ``setFormat`` / ``FormatRange`` offsets are UTF-16 units
relative to the block.

Cost, measured on a 1M-character document with 10,000 spans (see tests/benchmarks/bench_textview.py):

* Qt's own pass calls ``highlightBlock`` for every block whenever the text is set, one Python call
  per block, which costs more than loading the text. So the text is set inside ``suspended()``
  and blocks are highlighted lazily: those in the first EAGER_QT positions at once (about a
  screenful, so a short text is complete without being painted), the others when the view is
  about to paint them (``ensure_highlighted``) or a change touches them (``rehighlight_range``).
* ``rehighlightBlock`` moves a ``QTextCursor`` to the end of the block, which lays the block out
  (shaping its text), and setting the formats then throws that layout away: about 0.2 ms per
  block of 400 characters. So this class applies a block's formats the way ``applyFormatChanges``
  does (``QTextLayout.setFormats`` plus ``markContentsDirty``), at a few microseconds per block;
  the block is laid out once, when it is painted. ``highlightBlock`` computes the very same
  ranges, for any pass Qt starts itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import SIGNAL, SLOT, QObject
from PySide6.QtGui import (
    QColor,
    QSyntaxHighlighter,
    QTextBlock,
    QTextCharFormat,
    QTextDocument,
    QTextLayout,
)

from annotator.domain import Codebook
from annotator.span_index import SpanIndex, segments

from ..theme import category_pattern
from .positions import PositionMap

__all__ = ["FILL_ALPHA", "SELECTED_ALPHA", "UNDERLINE_STYLES", "SpanHighlighter", "category_color"]

#: Fill opacity (0-255) of a span, on a light and a dark palette: enough to tell categories
#: apart, light enough that the text on top stays readable.
FILL_ALPHA = {"light": 90, "dark": 120}
#: Fill opacity of the selected span.
SELECTED_ALPHA = {"light": 170, "dark": 190}
FALLBACK_COLOR = "#888888"

# QSyntaxHighlighter follows document edits through this connection (a private slot that its
# public header declares); ``suspended()`` lifts it while the text is replaced.
_CONTENTS_CHANGE = SIGNAL("contentsChange(int,int,int)")
_REFORMAT_SLOT = SLOT("_q_reformatBlocks(int,int,int)")

#: How Qt underlines each pattern of :data:`ui.theme.PATTERNS` under a span's text.
UNDERLINE_STYLES = {
    "solid": QTextCharFormat.UnderlineStyle.SingleUnderline,
    "dashed": QTextCharFormat.UnderlineStyle.DashUnderline,
    "dotted": QTextCharFormat.UnderlineStyle.DotLine,
    "wave": QTextCharFormat.UnderlineStyle.WaveUnderline,
    "dash-dot": QTextCharFormat.UnderlineStyle.DashDotLine,
    "dash-dot-dot": QTextCharFormat.UnderlineStyle.DashDotDotLine,
}

#: (block-relative UTF-16 start, length, format)
Range = tuple[int, int, QTextCharFormat]


def category_color(codebook: Codebook | None, category_id: str) -> QColor:
    """The opaque colour of a category (grey for one the codebook does not know)."""
    category = codebook.category(category_id) if codebook is not None else None
    color = QColor(category.color if category is not None else FALLBACK_COLOR)
    if not color.isValid():
        color = QColor(FALLBACK_COLOR)
    return color


class SpanHighlighter(QSyntaxHighlighter):
    """Fills every segment of a block with the colour of its innermost span."""

    #: Blocks starting before this Qt position are highlighted as soon as the text is set.
    EAGER_QT = 4_000

    def __init__(self, parent: QObject) -> None:
        """Create it detached; attach with ``setDocument`` while the document is empty."""
        super().__init__(parent)
        self._index = SpanIndex()
        self._map = PositionMap("")
        self._codebook: Codebook | None = None
        self._dark = False
        self._selected_id: str | None = None
        self._formats: dict[tuple[str, bool], QTextCharFormat] = {}
        #: Numbers of the blocks whose formats are current. The text is read-only, so block
        #: numbers are stable until the next text.
        self._done: set[int] = set()

    # -- configuration --------------------------------------------------------------------------

    def configure(
        self,
        *,
        index: SpanIndex,
        position_map: PositionMap,
        codebook: Codebook | None,
        selected_id: str | None = None,
    ) -> None:
        """Point the highlighter at new data; the caller re-highlights (or sets new text)."""
        self._index = index
        self._map = position_map
        self._codebook = codebook
        self._selected_id = selected_id
        self._formats.clear()

    def set_dark(self, dark: bool) -> None:
        """Switch to the fill opacity of a dark palette; the caller re-highlights."""
        if dark != self._dark:
            self._dark = dark
            self._formats.clear()

    @property
    def dark(self) -> bool:
        return self._dark

    @property
    def selected_id(self) -> str | None:
        return self._selected_id

    def set_selected_id(self, annotation_id: str | None) -> None:
        """Mark a span as selected and re-highlight the blocks of the old and the new one."""
        old = self._index.get(self._selected_id) if self._selected_id else None
        self._selected_id = annotation_id
        new = self._index.get(annotation_id) if annotation_id else None
        for a in (old, new):
            if a is not None:
                self.rehighlight_range(a.start, a.end)

    def fill_color(self, category_id: str, *, selected: bool = False) -> QColor:
        """The translucent fill drawn for a category (what tests compare block formats with)."""
        color = category_color(self._codebook, category_id)
        theme = "dark" if self._dark else "light"
        color.setAlpha((SELECTED_ALPHA if selected else FILL_ALPHA)[theme])
        return color

    def line_color(self, category_id: str) -> QColor:
        """The opaque colour of a category's underline, made to stand out from the background."""
        color = category_color(self._codebook, category_id)
        return color.lighter(150) if self._dark else color.darker(190)

    def _format(self, category_id: str, selected: bool) -> QTextCharFormat:
        key = (category_id, selected)
        fmt = self._formats.get(key)
        if fmt is None:
            fmt = QTextCharFormat()
            fmt.setBackground(self.fill_color(category_id, selected=selected))
            # the category's pattern under its text: spans are told apart without colour too
            fmt.setUnderlineStyle(UNDERLINE_STYLES[category_pattern(self._codebook, category_id)])
            fmt.setUnderlineColor(self.line_color(category_id))
            self._formats[key] = fmt
        return fmt

    # -- computing a block's fills --------------------------------------------------------------

    def block_ranges(self, block: QTextBlock) -> list[Range]:
        """The fills of one block as block-relative UTF-16 ranges, adjacent equal ones merged."""
        qt_block = block.position()
        qt_end = qt_block + block.length() - 1  # without the block separator
        if qt_end <= qt_block or not len(self._index):
            return []
        to_qt = self._map.to_qt
        cp_start, cp_end = self._map.to_cp(qt_block), self._map.to_cp(qt_end)
        spans = self._index.overlapping(cp_start, cp_end)
        if not spans:
            return []
        selected = self._selected_id
        ranges: list[Range] = []
        for seg in segments(spans, cp_start, cp_end):
            if not seg.spans:
                continue
            inner = seg.spans[-1]
            fmt = self._format(inner.category, inner.id == selected)
            q0, q1 = to_qt(seg.start) - qt_block, to_qt(seg.end) - qt_block
            if ranges:
                last_start, last_length, last_fmt = ranges[-1]
                if last_start + last_length == q0 and last_fmt == fmt:
                    ranges[-1] = (last_start, q1 - last_start, fmt)
                    continue
            ranges.append((q0, q1 - q0, fmt))
        return ranges

    def highlightBlock(self, text: str) -> None:
        """Qt's per-block hook, for passes Qt starts itself (``rehighlight()``)."""
        block = self.currentBlock()
        for start, length, fmt in self.block_ranges(block):
            self.setFormat(start, length, fmt)
        self._done.add(block.blockNumber())

    def _apply(self, block: QTextBlock, *, notify: bool = True) -> None:
        """Set a block's fills directly, as QSyntaxHighlighter's applyFormatChanges does.

        Setting formats drops the block's line layout, so it is laid out again when next needed.
        ``notify`` tells the document layout (which schedules a repaint); a caller that is about
        to paint the block anyway passes ``False``.
        """
        layout = block.layout()
        ranges = self.block_ranges(block)
        self._done.add(block.blockNumber())
        if not ranges and not layout.formats():
            return
        format_ranges = []
        for start, length, fmt in ranges:
            r = QTextLayout.FormatRange()
            r.start, r.length, r.format = start, length, fmt
            format_ranges.append(r)
        layout.setFormats(format_ranges)
        document: QTextDocument | None = self.document()
        if notify and document is not None:
            document.markContentsDirty(block.position(), block.length())

    # -- when to highlight ----------------------------------------------------------------------

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Keep Qt from calling highlightBlock on every block while the document text is replaced.

        Should the connection not be found (another Qt version), nothing breaks: Qt's pass then
        highlights every block at once, which is only slower.
        """
        document: QTextDocument | None = self.document()
        detached = document is not None and QObject.disconnect(
            document, _CONTENTS_CHANGE, self, _REFORMAT_SLOT
        )
        try:
            yield
        finally:
            if detached and document is not None:
                QObject.connect(document, _CONTENTS_CHANGE, self, _REFORMAT_SLOT)

    def reset_blocks(self) -> None:
        """Forget which blocks are highlighted (call before setting new text)."""
        self._done.clear()

    def is_highlighted(self, block: QTextBlock) -> bool:
        return block.blockNumber() in self._done

    def ensure_highlighted(self, block: QTextBlock, *, notify: bool = True) -> None:
        """Highlight ``block`` unless its fills are current (the view calls this before painting)."""
        if block.blockNumber() not in self._done:
            self._apply(block, notify=notify)

    def highlight_leading(self) -> None:
        """Highlight the blocks that start in the first EAGER_QT positions (after a new text)."""
        document: QTextDocument | None = self.document()
        if document is None:
            return
        block = document.firstBlock()
        while block.isValid() and block.position() < self.EAGER_QT:
            self.ensure_highlighted(block)
            block = block.next()

    def rehighlight_range(self, cp_start: int, cp_end: int) -> None:
        """Re-highlight only the blocks that code points ``[cp_start, cp_end)`` touch."""
        document: QTextDocument | None = self.document()
        if document is None:
            return
        qt_start, qt_end = self._map.to_qt(cp_start), self._map.to_qt(cp_end)
        block = document.findBlock(qt_start)
        first = True
        while block.isValid() and (first or block.position() < qt_end):
            self._apply(block)
            block = block.next()
            first = False

    def rehighlight_all(self) -> None:
        """Re-highlight the blocks highlighted so far; the others wait until they are shown."""
        document: QTextDocument | None = self.document()
        if document is None:
            return
        for number in sorted(self._done):
            block = document.findBlockByNumber(number)
            if block.isValid():
                self._apply(block)
