"""Code points <-> UTF-16 code units: the one conversion Java and JavaScript tools need.

Our offsets are Unicode code points (Python string indexes). Tools written in Java (WebAnno TSV,
UIMA CAS, INCEpTION) and JavaScript (doccano's web editor) count UTF-16 code units instead, where
every character above U+FFFF (most emoji, some CJK and historic scripts) takes two units. The two
counts agree until the first such character and differ by one per such character after it, so a
file that is read with the wrong unit puts every span after an emoji on the wrong characters.

:class:`Utf16Index` is built once per text and converts in both directions in O(log n) per offset
(a sorted list of where the astral characters are); a text without astral characters converts for
free. An offset that falls between the two halves of a surrogate pair is not a position in the
text at all: it raises :class:`ValueError`, which readers turn into a refusal of the file.
"""

from __future__ import annotations

from bisect import bisect_left


def utf16_length(text: str) -> int:
    """How many UTF-16 code units ``text`` takes."""
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


class Utf16Index:
    """Converts offsets into one text between code points and UTF-16 code units."""

    __slots__ = ("_astral", "_astral16", "length", "length16", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        # Code-point index of every astral character, and the UTF-16 offset where it starts.
        self._astral = [i for i, ch in enumerate(text) if ord(ch) > 0xFFFF]
        self._astral16 = [cp + n for n, cp in enumerate(self._astral)]
        self.length = len(text)
        self.length16 = len(text) + len(self._astral)

    def to_utf16(self, offset: int) -> int:
        """The UTF-16 offset of code-point ``offset`` (``0..len(text)``)."""
        if not 0 <= offset <= self.length:
            raise ValueError(f"offset {offset} is outside the text (0..{self.length} code points)")
        return offset + bisect_left(self._astral, offset)

    def from_utf16(self, offset16: int) -> int:
        """The code-point offset of UTF-16 offset ``offset16``; refuses one inside a surrogate pair."""
        if not 0 <= offset16 <= self.length16:
            raise ValueError(f"offset {offset16} is outside the text (0..{self.length16} UTF-16 units)")
        before = bisect_left(self._astral16, offset16)  # astral characters starting before offset16
        if before and self._astral16[before - 1] == offset16 - 1:
            cp = self._astral[before - 1]
            raise ValueError(
                f"UTF-16 offset {offset16} falls inside the character U+{ord(self.text[cp]):04X} "
                f"(between the two halves of its surrogate pair)"
            )
        return offset16 - before

    def slice16(self, start16: int, end16: int) -> str:
        """``text`` between two UTF-16 offsets, as Java's ``substring`` would give it."""
        return self.text[self.from_utf16(start16) : self.from_utf16(end16)]
