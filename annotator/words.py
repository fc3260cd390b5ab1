"""Words and grapheme clusters in code points: snapping a selection, moving a span's edges.

Everything here counts Python code points into the normalised document text (see
:mod:`annotator.text`). A selection snaps to whole words (:func:`snap_to_words`) and never splits a
grapheme cluster (a base with its combining marks, a ZWJ emoji sequence, a flag); a span's edge
moves by one cluster or one word (:func:`move_boundary`, :func:`move_span_edge`).
"""

from __future__ import annotations

import unicodedata

__all__ = ["move_boundary", "move_span_edge", "next_cluster", "prev_cluster", "snap_to_words"]

_ZWJ = "\u200d"
_ZWNJ = "\u200c"
#: Characters that join two word characters into one word ("don't", "well-known", "l’état").
_INNER_CONNECTORS = frozenset("'\u2019\u02bc-\u2010\u2011\u00b7")


def _is_extender(ch: str) -> bool:
    """A character that never starts a grapheme cluster: it attaches to the one before it."""
    o = ord(ch)
    return (
        unicodedata.category(ch).startswith("M")
        or ch == _ZWJ
        or 0xFE00 <= o <= 0xFE0F  # variation selectors (emoji / text presentation)
        or 0xE0100 <= o <= 0xE01EF  # variation selectors supplement
        or 0x1F3FB <= o <= 0x1F3FF  # emoji skin-tone modifiers
        or 0xE0020 <= o <= 0xE007F  # tag characters (subdivision flags)
    )


def _is_regional_indicator(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _is_cluster_boundary(text: str, i: int) -> bool:
    """Whether a grapheme cluster may start at ``i`` (a simplified UAX #29 for the usual cases)."""
    if i <= 0 or i >= len(text):
        return True
    if _is_extender(text[i]) or text[i - 1] == _ZWJ:
        return False
    if _is_regional_indicator(text[i]) and _is_regional_indicator(text[i - 1]):
        # Flags are pairs of regional indicators: break only after an even-length run.
        j = i - 1
        while j >= 0 and _is_regional_indicator(text[j]):
            j -= 1
        return (i - 1 - j) % 2 == 0
    return True


def _is_word_base(ch: str) -> bool:
    return ch.isalnum() or ch == "_" or unicodedata.category(ch).startswith("M")


def _is_word_at(text: str, i: int) -> bool:
    """Whether ``text[i]`` belongs to a word, judging joiners and apostrophes by their neighbours."""
    ch = text[i]
    if _is_word_base(ch):
        return True
    if ch in _INNER_CONNECTORS or ch in (_ZWJ, _ZWNJ):
        return 0 < i < len(text) - 1 and _is_word_base(text[i - 1]) and _is_word_base(text[i + 1])
    if _is_extender(ch):
        # A variation selector after a letter belongs to the letter's word.
        return i > 0 and _is_word_base(text[i - 1])
    return False


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Tidy a selection ``[start, end)`` into whole words; ``None`` if it holds only whitespace.

    Leading and trailing whitespace (anything ``str.isspace`` accepts: NBSP, U+2029, tabs...) is
    dropped; a word cut at either edge is extended to the whole word (letters, digits, ``_``,
    combining marks, and apostrophes, hyphens and joiners between letters); a grapheme cluster
    (base + combining marks, a ZWJ emoji sequence, a flag) is never split. Punctuation at an edge
    is kept as selected and never extended over.
    """
    n = len(text)
    start, end = max(0, min(start, n)), max(0, min(end, n))
    if start > end:
        start, end = end, start
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        return None
    # Whole grapheme clusters first, so the word checks below look at base characters.
    while not _is_cluster_boundary(text, start):
        start -= 1
    while not _is_cluster_boundary(text, end):
        end += 1
    if _is_word_at(text, start):
        while start > 0 and _is_word_at(text, start - 1):
            start -= 1
    if _is_word_at(text, end - 1):
        while end < n and _is_word_at(text, end):
            end += 1
    while not _is_cluster_boundary(text, start):
        start -= 1
    while not _is_cluster_boundary(text, end):
        end += 1
    return start, end


def next_cluster(text: str, pos: int) -> int:
    """The position after the grapheme cluster that starts at ``pos`` (``len(text)`` at the end)."""
    n = len(text)
    pos += 1
    while pos < n and not _is_cluster_boundary(text, pos):
        pos += 1
    return min(pos, n)


def prev_cluster(text: str, pos: int) -> int:
    """The start of the grapheme cluster that ends at ``pos`` (0 at the start)."""
    pos -= 1
    while pos > 0 and not _is_cluster_boundary(text, pos):
        pos -= 1
    return max(pos, 0)


def move_boundary(text: str, pos: int, *, forward: bool, words: bool) -> int:
    """Where a span's edge at ``pos`` goes when moved one step (Shift+Alt+arrows and the like).

    Without ``words`` a step is one grapheme cluster. With ``words`` (the window's snapping) a step
    is one token, a whole word or one other visible character, and the whitespace next to it:
    moving forward skips whitespace and then the token after it, moving back skips the token before
    ``pos`` and then the whitespace before that; so an edge that snapping put beside a word never
    lands beside a space, whichever way it moves.
    """
    n = len(text)
    if not words:
        return next_cluster(text, pos) if forward and pos < n else prev_cluster(text, pos) if pos > 0 else pos
    if forward:
        while pos < n and text[pos].isspace():
            pos += 1
        if pos < n and _is_word_at(text, pos):
            while pos < n and _is_word_at(text, pos):
                pos += 1
            while pos < n and not _is_cluster_boundary(text, pos):
                pos += 1
        elif pos < n:
            pos = next_cluster(text, pos)
        return pos
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    if pos > 0 and _is_word_at(text, pos - 1):
        while pos > 0 and _is_word_at(text, pos - 1):
            pos -= 1
        while pos > 0 and not _is_cluster_boundary(text, pos):
            pos -= 1
    elif pos > 0:
        pos = prev_cluster(text, pos)
    return pos


def move_span_edge(
    text: str, start: int, end: int, *, edge: str, grow: bool, words: bool
) -> tuple[int, int] | None:
    """The span ``[start, end)`` with its ``edge`` ("start" or "end") grown or shrunk by one step.

    With ``words``, a shrunk edge also drops the whitespace it uncovers, so ``"minister said"``
    shrinks to ``"minister"``, not ``"minister "``. ``None`` when the span would become empty.
    """
    if edge == "end":
        end = move_boundary(text, end, forward=grow, words=words)
        if words and not grow:
            while end > start and text[end - 1].isspace():
                end -= 1
    else:
        start = move_boundary(text, start, forward=not grow, words=words)
        if words and not grow:
            while start < end and text[start].isspace():
                start += 1
    return (start, end) if start < end else None
