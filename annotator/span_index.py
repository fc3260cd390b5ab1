"""Spans by position in code points: an interval index and the segmentation of overlaps.

Everything here counts Python code points into the normalised document text (see
:mod:`annotator.text`); nothing knows about Qt or UTF-16. The text view asks :class:`SpanIndex` for
the spans of each displayed block, cuts the block into :func:`segments` with a fixed set of
covering spans, and fills each segment with the colour of its innermost span.

Nesting order is the same everywhere: a span is *inner* to another when it is shorter, and among
spans of equal length the one that starts later is inner (ties broken by id, so the order is
total and stable). :meth:`SpanIndex.at` lists innermost first; :class:`Segment` lists outermost
first, so ``segment.spans[-1]`` is the span whose colour fills it.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import pairwise
from operator import attrgetter

from annotator.domain import Annotation

__all__ = ["LONG_SPAN", "Segment", "SpanIndex", "depth_key", "segments"]

#: Spans longer than this many code points are kept in a separate short list that every query
#: scans; the others are found by a binary search over their sorted starts.
LONG_SPAN = 4096


def depth_key(a: Annotation) -> tuple[int, int, str]:
    """Sort key that puts inner spans first: shorter first, then later start, then id."""
    return (a.end - a.start, -a.start, a.id)


def _position_key(a: Annotation) -> tuple[int, int, str]:
    return (a.start, -a.end, a.id)


_start_of = attrgetter("start")


class SpanIndex:
    """Annotations by id, queryable by code-point range.

    Spans up to LONG_SPAN code points are kept sorted by start: those overlapping ``[s, e)`` start
    in ``[s - longest + 1, e)``, two binary searches away, so a query for a block reads only the
    spans that start near it (microseconds for a block of a few hundred characters among 10,000
    spans). The few longer spans (a whole-article opinion) sit in a list every query scans.
    Building is a C-speed sort (about 4 ms for 10,000 spans); adding or removing a span is a
    binary search and a list insert or delete.
    """

    __slots__ = ("_by_id", "_long", "_longest", "_sorted", "_starts")

    def __init__(self, annotations: Iterable[Annotation] = ()) -> None:
        self._by_id: dict[str, Annotation] = {a.id: a for a in annotations}
        spans = list(self._by_id.values())
        lengths = [a.end - a.start for a in spans]
        if lengths and min(lengths) <= 0:
            bad = next(a for a in spans if a.end <= a.start)
            raise ValueError(f"empty or reversed span [{bad.start}, {bad.end}) for {bad.id}")
        self._long: dict[str, Annotation] = {}
        self._longest = max(lengths, default=0)
        if self._longest > LONG_SPAN:
            self._long = {a.id: a for a in spans if a.end - a.start > LONG_SPAN}
            spans = [a for a in spans if a.end - a.start <= LONG_SPAN]
            self._longest = max((a.end - a.start for a in spans), default=0)
        self._sorted: list[Annotation] = sorted(spans, key=_start_of)
        self._starts: list[int] = list(map(_start_of, self._sorted))

    # -- mutation -------------------------------------------------------------------------------

    def _register(self, a: Annotation) -> None:
        length = a.end - a.start
        if length > LONG_SPAN:
            self._long[a.id] = a
            return
        i = bisect_right(self._starts, a.start)
        self._starts.insert(i, a.start)
        self._sorted.insert(i, a)
        if length > self._longest:
            self._longest = length

    def _unregister(self, a: Annotation) -> None:
        if self._long.pop(a.id, None) is not None:
            return
        i = bisect_left(self._starts, a.start)
        j = bisect_right(self._starts, a.start, lo=i)
        for k in range(i, j):
            if self._sorted[k].id == a.id:
                del self._sorted[k]
                del self._starts[k]
                return
        # (``_longest`` may now be larger than needed: queries stay correct, a little wider.)

    def add(self, a: Annotation) -> None:
        """Add ``a``; an annotation with the same id is replaced."""
        if a.end <= a.start:
            raise ValueError(f"empty or reversed span [{a.start}, {a.end}) for {a.id}")
        old = self._by_id.get(a.id)
        if old is not None:
            self._unregister(old)
        self._by_id[a.id] = a
        self._register(a)

    def remove(self, annotation_id: str) -> Annotation | None:
        """Remove and return the annotation with this id (``None`` if it was not there)."""
        a = self._by_id.pop(annotation_id, None)
        if a is not None:
            self._unregister(a)
        return a

    def replace(self, a: Annotation) -> None:
        """Replace the annotation with ``a.id`` by ``a`` (added if it was not there)."""
        self.add(a)

    # -- queries --------------------------------------------------------------------------------

    def get(self, annotation_id: str) -> Annotation | None:
        return self._by_id.get(annotation_id)

    def __contains__(self, annotation_id: object) -> bool:
        return annotation_id in self._by_id

    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Annotation]:
        """All annotations in document order (start, then longer first)."""
        return iter(sorted(self._by_id.values(), key=_position_key))

    def overlapping(self, start: int, end: int) -> list[Annotation]:
        """Spans with ``a.start < end and a.end > start``, in document order (start, longer first)."""
        if end <= start:
            return []
        starts = self._starts
        lo = bisect_right(starts, start - self._longest)
        hi = bisect_left(starts, end, lo=lo)
        found = [a for a in self._sorted[lo:hi] if a.end > start]
        if self._long:
            found.extend(a for a in self._long.values() if a.start < end and a.end > start)
        if len(found) > 1:
            found.sort(key=_position_key)
        return found

    def at(self, pos: int) -> list[Annotation]:
        """Spans covering the character at ``pos``, innermost first."""
        return sorted(self.overlapping(pos, pos + 1), key=depth_key)


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of text covered by one fixed set of spans, listed outermost to innermost."""

    start: int
    end: int
    spans: tuple[Annotation, ...]

    @property
    def innermost(self) -> Annotation | None:
        return self.spans[-1] if self.spans else None


#: Up to this many spans, segments() filters per piece; beyond, it sweeps.
_FILTER_LIMIT = 24


def segments(spans: Iterable[Annotation], start: int, end: int) -> list[Segment]:
    """Cut ``[start, end)`` at every span boundary inside it; each piece lists its covering spans.

    Pieces no span covers are included with an empty ``spans`` tuple, so the segments tile the
    range exactly. Spans need not overlap the range (those that do not are ignored).
    """
    if end <= start:
        return []
    # Outermost first, once; each piece then keeps this order by filtering.
    inside = sorted((a for a in spans if a.start < end and a.end > start), key=depth_key, reverse=True)
    if not inside:
        return [Segment(start, end, ())]
    bounds = {start, end}
    for a in inside:
        if a.start > start:
            bounds.add(a.start)
        if a.end < end:
            bounds.add(a.end)
    cuts = sorted(bounds)
    out: list[Segment] = []
    if len(inside) <= _FILTER_LIMIT:
        # Few spans (the usual block): filtering the ordered list per piece is cheapest.
        for lo, hi in pairwise(cuts):
            out.append(Segment(lo, hi, tuple(a for a in inside if a.start <= lo and a.end >= hi)))
        return out
    # Many spans (a long block): a sweep keeps the covering spans ordered as they come and go.
    starting: dict[int, list[Annotation]] = {}
    ending: dict[int, list[Annotation]] = {}
    for a in inside:
        starting.setdefault(max(a.start, start), []).append(a)
        ending.setdefault(a.end, []).append(a)
    keys: list[tuple[int, int, str]] = []  # the active spans' depth keys, innermost first
    active: list[Annotation] = []
    for lo, hi in pairwise(cuts):
        for a in ending.get(lo, ()):
            i = bisect_left(keys, depth_key(a))
            del keys[i], active[i]
        for a in starting.get(lo, ()):
            key = depth_key(a)
            i = bisect_left(keys, key)
            keys.insert(i, key)
            active.insert(i, a)
        out.append(Segment(lo, hi, tuple(reversed(active))))
    return out
