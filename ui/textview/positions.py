"""The one place that converts between code-point offsets and Qt text positions.

The core counts code points (Python ``str`` indexes) into the normalised text, where line breaks
are ``\\n``. Qt counts UTF-16 code units. The rules, as measured (see KNOWN-TRAPS):

* A character above U+FFFF (emoji, many CJK extension and historic scripts) is one code point
  but two Qt positions (a surrogate pair). Every other character, including combining marks,
  ZWJ, variation selectors, NBSP, U+2028 and right-to-left letters, is one of each. A ZWJ emoji
  sequence such as 👩‍👩‍👧 is therefore 5 code points and 8 Qt positions.
* A line break is one position on both sides: ``QPlainTextEdit.setPlainText`` turns ``\\n``
  into a block separator, which occupies one position (U+2029 in ``toRawText`` and
  ``selectedText``). The core already turned CRLF into LF at import, so no ``\\r`` reaches Qt.
* ``QTextBlock.position()`` and ``length()`` are Qt positions; ``length()`` counts the separator.
* ``QSyntaxHighlighter.setFormat`` takes UTF-16 offsets *relative to the block*, and
  ``QTextLayout.FormatRange`` reports them the same way.
* PySide hands block text to Python as ``str``, so ``len(block.text())`` is in code points.
* A Qt position between the two halves of a surrogate pair maps to the code point of that
  character (:meth:`PositionMap.to_cp`); for the end of a range use :meth:`PositionMap.to_cp_end`,
  which rounds up instead.

So only astral characters make the two counts differ, and :class:`PositionMap` keeps the sorted
code-point offsets of those: both directions are a binary search, O(log n), with no Python loop
over the characters.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from PySide6.QtGui import QTextBlock, QTextCursor, QTextDocument

__all__ = ["PositionMap"]

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: The text is split into chunks of this many code points; construction counts the astral
#: characters per chunk (a fast C loop), and a chunk's positions are listed on first use.
_CHUNK = 8192


class PositionMap:
    """Code point <-> UTF-16 position conversion for one text.

    The astral characters are counted per chunk of the text, from the start, as far as a
    conversion needs (a fast C loop per chunk; an ASCII text needs none), and a chunk's astral
    positions are listed the first time a conversion lands in it. Each conversion is then a
    binary search over the chunks and one over the astral characters of one chunk.
    """

    __slots__ = ("_before", "_chunks", "_cp_length", "_n_chunks", "_qt_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._cp_length = len(text)
        self._n_chunks = -(-len(text) // _CHUNK)
        #: _before[k]: astral characters in the chunks before chunk k, for the chunks counted so
        #: far; ``None`` for an ASCII text, where both counts agree everywhere.
        self._before: list[int] | None = None if text.isascii() else [0]
        #: _qt_starts[k]: Qt position of the start of chunk k (counted chunks only).
        self._qt_starts: list[int] = []
        self._chunks: dict[int, tuple[list[int], list[int]]] = {}

    def _count_to(self, k: int) -> list[int]:
        """Make sure ``_before`` covers chunk ``k`` (``_before[k + 1]`` exists, if chunk k does)."""
        before = self._before
        assert before is not None
        stop = min(k + 1, self._n_chunks)
        text = self._text
        while len(before) <= stop:
            i = len(before) - 1
            piece = text[i * _CHUNK : (i + 1) * _CHUNK]
            self._qt_starts.append(i * _CHUNK + before[i])
            before.append(before[i] + len(piece.encode("utf-16-le", "surrogatepass")) // 2 - len(piece))
        return before

    @property
    def cp_length(self) -> int:
        return self._cp_length

    @property
    def qt_length(self) -> int:
        """Length of the text in UTF-16 units (the document's character count minus one)."""
        if self._before is None:
            return self._cp_length
        return self._cp_length + self._count_to(self._n_chunks)[-1]

    @property
    def is_identity(self) -> bool:
        """True when the text has no astral characters, so both counts agree everywhere."""
        return self.qt_length == self._cp_length

    def _chunk(self, k: int) -> tuple[list[int], list[int]]:
        """Code points and Qt positions of the astral characters of chunk ``k``."""
        found = self._chunks.get(k)
        if found is None:
            assert self._before is not None
            start = k * _CHUNK
            cps = [m.start() for m in _ASTRAL.finditer(self._text, start, start + _CHUNK)]
            before = self._before[k]
            found = (cps, [cp + before + j for j, cp in enumerate(cps)])
            self._chunks[k] = found
        return found

    def to_qt(self, cp: int) -> int:
        """The Qt position of code-point offset ``cp`` (offsets past either end are clamped)."""
        cp = max(0, min(cp, self._cp_length))
        if self._before is None:
            return cp
        k = cp // _CHUNK
        before = self._count_to(k)
        if k >= self._n_chunks:  # cp is the end of a text that fills its last chunk
            return cp + before[-1]
        if before[k + 1] == before[k]:
            return cp + before[k]
        return cp + before[k] + bisect_left(self._chunk(k)[0], cp)

    def to_cp(self, qt: int) -> int:
        """The code-point offset of Qt position ``qt``; inside a surrogate pair, that character's start."""
        qt = max(0, qt)
        if self._before is None or not self._n_chunks:
            return min(qt, self._cp_length)
        # A chunk starts at no earlier a Qt position than its code point, so qt lies in a chunk
        # no later than qt // _CHUNK.
        before = self._count_to(qt // _CHUNK)
        k = bisect_right(self._qt_starts, qt) - 1
        if before[k + 1] == before[k]:
            return min(qt - before[k], self._cp_length)
        cps, qts = self._chunk(k)
        j = bisect_left(qts, qt)  # astral characters of this chunk that start before qt
        if j and qts[j - 1] + 1 == qt:
            return cps[j - 1]
        return min(qt - before[k] - j, self._cp_length)

    def to_cp_end(self, qt: int) -> int:
        """Like :meth:`to_cp`, but a position inside a surrogate pair rounds up past the character."""
        cp = self.to_cp(qt)
        return cp + 1 if self.to_qt(cp) < qt else cp

    def to_qt_range(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def to_cp_range(self, qt_start: int, qt_end: int) -> tuple[int, int]:
        """A Qt range as the smallest code-point range containing it."""
        return self.to_cp(qt_start), self.to_cp_end(qt_end)

    def block_cp_range(self, block: QTextBlock) -> tuple[int, int]:
        """The code-point range of a block's text, without its separator."""
        start = block.position()
        return self.to_cp(start), self.to_cp(start + max(block.length() - 1, 0))

    def cursor(self, document: QTextDocument, start: int, end: int | None = None) -> QTextCursor:
        """A cursor at code point ``start``, selecting up to ``end`` when given."""
        cursor = QTextCursor(document)
        cursor.setPosition(self.to_qt(start))
        if end is not None:
            cursor.setPosition(self.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    def selection_cp_range(self, cursor: QTextCursor) -> tuple[int, int]:
        """A cursor's selection (possibly empty) in code points."""
        return self.to_cp_range(cursor.selectionStart(), cursor.selectionEnd())
