"""The article body as analysis and agreement see it: spans clipped to it, its words, its paragraphs.

Pure functions over plain values (code points into a document's text, as everywhere in the core).
A document's body is ``(start, end)``; agreement and analysis look at the body by default, and at
the whole text when asked (``--whole-text``), in which case the body is simply ``(0, len(text))``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Final, TypeVar

__all__ = ["WORD", "clip_to_body", "count_words", "paragraphs", "shift_into_body"]

#: A word: letters, digits or marks, with apostrophes and hyphens inside it ("don't", "well-known",
#: "l’état" are one word each); punctuation, numbers' separators and emoji are not words.
WORD: Final = re.compile(r"[^\W_](?:[\w]|['’\-‐‑·](?=\w))*")

S = TypeVar("S", bound=tuple[int, int, str])


def count_words(text: str, start: int = 0, end: int | None = None) -> int:
    """How many words (:data:`WORD`) ``text[start:end]`` holds."""
    return sum(1 for _ in WORD.finditer(text, start, len(text) if end is None else end))


def clip_to_body(spans: Iterable[S], body: tuple[int, int]) -> list[tuple[int, int, str]]:
    """``(start, end, category)`` spans cut to the body; spans wholly outside it are left out."""
    lo, hi = body
    out: list[tuple[int, int, str]] = []
    for start, end, category in spans:
        s, e = max(start, lo), min(end, hi)
        if s < e:
            out.append((s, e, category))
    return out


def shift_into_body(spans: Iterable[S], body: tuple[int, int]) -> list[tuple[int, int, str]]:
    """The spans clipped to the body, their offsets counted from the body's start.

    Agreement treats the body as the document: a continuum of ``body[1] - body[0]`` code points.
    """
    lo = body[0]
    return [(s - lo, e - lo, c) for s, e, c in clip_to_body(spans, body)]


def paragraphs(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """The paragraphs of ``text[start:end]`` as code-point ranges: its non-blank lines.

    Scraped text puts a paragraph on a line (with or without blank lines between), so a line is
    the paragraph a co-occurrence "within a paragraph" looks at.
    """
    end = len(text) if end is None else end
    out: list[tuple[int, int]] = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        if text[pos:stop].strip():
            out.append((pos, stop))
        pos = stop + 1
    return out


def paragraph_index(ranges: Sequence[tuple[int, int]], start: int, end: int) -> range:
    """Indexes of the paragraphs (``ranges``, in order) that ``[start, end)`` touches."""
    from bisect import bisect_left, bisect_right

    ends = [e for _s, e in ranges]
    starts = [s for s, _e in ranges]
    first = bisect_right(ends, start)
    last = bisect_left(starts, end)
    return range(first, last)
