"""Pending suggestions in the text view: dashed outlines, a current one, and where the keys go.

A pending suggestion is not an annotation, so it gets no fill: a dashed outline in its
category's colour around each line of its span (the current one thicker), painted by the view
after the text like the selected span's outline. Offsets are code points; the view converts.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence

from annotator.domain import PendingSuggestion

__all__ = ["PendingSpans"]


class PendingSpans:
    """The suggestions pending in the open document, in text order, and which one is current."""

    def __init__(self) -> None:
        self._items: list[PendingSuggestion] = []
        self._starts: list[int] = []
        self.current_id: str | None = None

    def set(self, items: Sequence[PendingSuggestion]) -> None:
        self._items = sorted(items, key=lambda p: (p.start, -p.end, p.id))
        self._starts = [p.start for p in self._items]
        if self.current_id is not None and self.get(self.current_id) is None:
            self.current_id = None

    def __len__(self) -> int:
        return len(self._items)

    def __iter__(self) -> Iterator[PendingSuggestion]:
        return iter(self._items)

    @property
    def items(self) -> list[PendingSuggestion]:
        return list(self._items)

    def get(self, suggestion_id: str | None) -> PendingSuggestion | None:
        return next((p for p in self._items if p.id == suggestion_id), None)

    @property
    def current(self) -> PendingSuggestion | None:
        return self.get(self.current_id)

    def at(self, cp: int) -> list[PendingSuggestion]:
        """The pending spans holding code point ``cp`` (innermost first)."""
        found = [p for p in self._items if p.start <= cp < p.end]
        return sorted(found, key=lambda p: p.end - p.start)

    def overlapping(self, cp0: int, cp1: int) -> list[PendingSuggestion]:
        i = bisect_left(self._starts, cp1)
        return [p for p in self._items[:i] if p.end > cp0]

    def step(self, cp: int, delta: int) -> PendingSuggestion | None:
        """The next pending item after ``cp`` (``delta`` 1) or the one before (-1), wrapping round.

        From the current item, the one after or before it in text order.
        """
        if not self._items:
            return None
        current = self.current
        if current is not None:
            i = self._items.index(current) + delta
        elif delta > 0:
            i = bisect_left(self._starts, cp)
        else:
            i = bisect_left(self._starts, cp) - 1
        return self._items[i % len(self._items)]
