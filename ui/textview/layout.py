"""The text view's document layout: room below the lines that carry stacked overlap marks.

Where spans overlap, the view fills a segment with its innermost span and draws one 2 px line per
enclosing span below the baseline, each further down (see :mod:`ui.textview.view`). A line of text is
only as tall as its font (ascent + descent, about 4 px below the baseline at 12 pt), so from the
second stacked mark on they were drawn over the top of the next line. ``QTextBlockFormat``'s line
height would give a block more room, but ``QPlainTextDocumentLayout`` ignores it (measured with
PySide6 6.11: block rectangles and line positions stay the same), it would space every line of a
wrapped paragraph alike, and setting it edits the document (modified flag, contents signals).

So this layout is ``QPlainTextDocumentLayout`` with one change, made where every geometry
question passes: ``blockBoundingRect``, which Qt's own code calls before it reads a block's lines
(painting, scrolling, hit tests, cursor rectangles). After Qt has laid a block out, the lines that
carry marks are moved down by the room their marks need, and the block's rectangle grows by the
room under its last line. Lines without marks keep their natural spacing, each visual line of a
wrapped paragraph gets only the room its own marks need, and nothing enters the document.

Cost: a block is asked for its marks once (``marks`` callback, cached until :meth:`forget`), and
the room of its lines is worked out once per layout of the block (cached by layout width; Qt
lays a block out again on text, format or font changes, which arrive through
``documentChanged``, and on a new width, which the lines' width tells). A block without stacked
marks costs one dictionary look-up per geometry question. While Qt replaces the text, blocks are
measured without marks (:meth:`MarkSpacedLayout.suspended`), then once with them.
"""

from __future__ import annotations

import inspect
import math
import weakref
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import TypeVar

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QTextBlock, QTextDocument, QTextLayout
from PySide6.QtWidgets import QPlainTextDocumentLayout

__all__ = [
    "MARK_GAP",
    "MARK_OFFSET",
    "MARK_STEP",
    "MARK_WIDTH",
    "MAX_MARKS",
    "MarkSpacedLayout",
    "Marks",
    "line_marks",
    "mark_extent",
]

#: The first mark starts this far below the baseline (px): below the innermost span's own
#: patterned underline, which Qt draws just under the baseline.
MARK_OFFSET = 5
#: Each mark is this thick (px) ...
MARK_WIDTH = 2
#: ... and this far below the one above it (px).
MARK_STEP = 3
#: At most this many marks are stacked under a segment (the spans nearest the innermost one);
#: the tooltip still lists every span there. This bounds the room a line can need.
MAX_MARKS = 6
#: Clear space (px) kept between the lowest mark and the next line's text box.
MARK_GAP = 1

_T = TypeVar("_T")

#: A block's marks: (block-relative UTF-16 start, end, number of stacked marks), in text order.
Marks = tuple[tuple[int, int, int], ...]


def mark_extent(count: int) -> float:
    """How far below the baseline ``count`` stacked marks reach, clear space included."""
    if count <= 0:
        return 0.0
    return MARK_OFFSET + (min(count, MAX_MARKS) - 1) * MARK_STEP + MARK_WIDTH + MARK_GAP


def line_marks(layout: QTextLayout, marks: Marks) -> list[int]:
    """The most marks stacked anywhere on each line of ``layout`` (0 for a line without marks).

    A mark range belongs to every line it has text on, by the same rule the view uses when it
    measures the rectangles it paints.
    """
    count = layout.lineCount()
    starts = [layout.lineAt(i).textStart() for i in range(count)]
    out = [0] * count
    for start, end, depth in marks:
        i = max(0, bisect_right(starts, start) - 1)
        while i < count and starts[i] < end:
            line = layout.lineAt(i)
            if max(start, starts[i]) < min(end, starts[i] + line.textLength()) and depth > out[i]:
                out[i] = depth
            i += 1
    return out


class MarkSpacedLayout(QPlainTextDocumentLayout):
    """A plain-text layout that leaves room below each line for the overlap marks drawn there.

    ``marks(block)`` says where the block's stacked marks are; the owner calls :meth:`forget` for
    the blocks whose spans changed, and sets a new text inside :meth:`suspended`.
    """

    def __init__(self, document: QTextDocument, marks: Callable[[QTextBlock], Marks]) -> None:
        super().__init__(document)
        # Weakly: the view owns the document that owns this layout, and a reference cycle
        # through them would leave their destruction order to Python's garbage collector.
        self._marks_of = weakref.WeakMethod(marks) if inspect.ismethod(marks) else lambda: marks
        #: block number -> its marks (an empty tuple for most blocks).
        self._marks: dict[int, Marks] = {}
        #: block number -> (layout width, line count, room below each line, last line's y).
        self._room: dict[int, tuple[float, int, tuple[float, ...], float]] = {}
        #: Numbers of the blocks whose lines this layout may have moved, to move back when their
        #: marks go (never pruned but on the way: moving a block's lines back twice is harmless).
        self._placed: set[int] = set()
        self._suspended = False

    @contextmanager
    def suspended(self) -> Iterator[None]:
        """Measure blocks without marks while the document's text is replaced, then once more.

        Qt replaces a text in steps (removal, insertion) and measures blocks in between (the
        last ones, for the scroll range), when the blocks do not hold the new text yet. Marks
        asked then would be thrown away. Afterwards ``documentSizeChanged`` has the view
        measure again, with the marks' room.
        """
        self._suspended = True
        try:
            yield
        finally:
            self._suspended = False
            self.forget()
            self.documentSizeChanged.emit(self.documentSize())

    # -- cache ----------------------------------------------------------------------------------

    def forget(self, first: int | None = None, last: int | None = None) -> None:
        """Drop what is known of blocks ``first`` to ``last`` (block numbers; all without them)."""
        if first is None or last is None:
            self._marks.clear()
            self._room.clear()
            return
        _drop(self._marks, first, last)
        _drop(self._room, first, last)

    def documentChanged(self, position: int, charsRemoved: int, charsAdded: int) -> None:
        """Qt lays the changed blocks out again: their lines' room is worked out again when asked."""
        document = self.document()
        first = document.findBlock(position).blockNumber()
        if charsRemoved != charsAdded or first < 0:
            self.forget()  # a new text (or the font): block numbers may all have moved
        else:
            # A format change (the view's text is read-only): those blocks are laid out again.
            last = document.findBlock(position + max(charsAdded - 1, 0)).blockNumber()
            _drop(self._room, first, last if last >= 0 else document.blockCount() - 1)
        super().documentChanged(position, charsRemoved, charsAdded)

    # -- geometry -------------------------------------------------------------------------------

    def blockBoundingRect(self, block: QTextBlock) -> QRectF:
        rect = super().blockBoundingRect(block)  # lays the block out if it is not
        if self._suspended or not block.isValid() or not block.isVisible():
            return rect
        number = block.blockNumber()
        marks = self._marks.get(number)
        if marks is None:
            marks_of = self._marks_of()
            marks = self._marks[number] = marks_of(block) if marks_of is not None else ()
        if not marks and number not in self._placed:
            return rect
        layout = block.layout()
        count = layout.lineCount()
        if count == 0:
            return rect
        width = layout.lineAt(0).width()  # the width Qt wrapped the block's lines at
        entry = self._room.get(number)
        if entry is None or entry[0] != width or entry[1] != count:
            room = self._room_of(layout, marks) if marks else (0.0,) * count
            entry = self._room[number] = (width, count, room, -1.0)
        room, placed_y = entry[2], entry[3]
        if not any(room):
            if number in self._placed:  # its marks are gone: back to the natural spacing
                _place(layout, room)
                self._placed.discard(number)
                rect = super().blockBoundingRect(block)
            return rect
        if abs(layout.lineAt(count - 1).y() - placed_y) > 0.01:
            # Not placed yet, or a fresh layout (Qt stacks lines at their natural heights).
            placed_y = _place(layout, room)
            self._room[number] = (width, count, room, placed_y)
            self._placed.add(number)
            rect = super().blockBoundingRect(block)
        rect.setHeight(rect.height() + room[-1])
        return rect

    @staticmethod
    def _room_of(layout: QTextLayout, marks: Marks) -> tuple[float, ...]:
        room = []
        for i, count in enumerate(line_marks(layout, marks)):
            line = layout.lineAt(i)
            need = line.ascent() + mark_extent(count) - line.height() if count else 0.0
            room.append(float(math.ceil(need)) if need > 0 else 0.0)
        return tuple(room)


def _drop(cache: dict[int, _T], first: int, last: int) -> None:
    """Remove the entries of blocks ``first`` to ``last`` from a per-block cache."""
    if last - first < len(cache):
        for number in range(first, last + 1):
            cache.pop(number, None)
    else:
        for number in [n for n in cache if first <= n <= last]:
            del cache[number]


def _place(layout: QTextLayout, room: Sequence[float]) -> float:
    """Move the lines of ``layout`` down so that ``room[i]`` is free below line ``i``.

    Positions follow QPlainTextDocumentLayout's own rule (each line at the previous one's
    height, plus its negative leading if any), with the room added; returns the last line's y.
    """
    y = 0.0
    line_y = 0.0
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        line_y = y
        line.setPosition(QPointF(line.x(), y))
        y += line.height() + room[i]
        leading = line.leading()
        if leading < 0:
            y += math.ceil(leading)
    return line_y
