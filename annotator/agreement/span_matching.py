"""Span-level precision, recall and F1 between two annotators.

Coefficients like alpha answer "how reliable is this coding?"; F1 answers the question an NLP
reader asks, "how many of the spans did the other coder find too?". Two notions of a match:

- exact: same start, same end, same category;
- overlap: same category and at least one shared code point.

Matches are one-to-one: one long span overlapping three short ones counts as one match, not
three, or a coder could inflate F1 by chopping spans up. For overlap matching this is a maximum
bipartite matching per document and category (augmenting paths on the overlap graph), so the
count does not depend on the order spans happen to be listed in. Exact matching of duplicate spans
is a multiset intersection for the same reason.

Precision and recall treat annotator ``a`` as the reference: precision is the share of ``b``'s
spans matched, recall the share of ``a``'s. F1 = 2 * matches / (|a| + |b|) is symmetric.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["SpanCounts", "SpanScores", "exact_matches", "one_to_one", "overlap_matches"]

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class SpanScores:
    """Matched spans and span totals of one comparison, with the scores derived from them.

    Keeping the counts (not just the ratios) lets documents and categories be micro-averaged by
    adding counts, which weighs every span equally.
    """

    matched: int = 0
    reference: int = 0  # spans of annotator a
    other: int = 0  # spans of annotator b

    def __add__(self, other: SpanScores) -> SpanScores:
        return SpanScores(
            self.matched + other.matched, self.reference + other.reference, self.other + other.other
        )

    @property
    def precision(self) -> float | None:
        """Share of b's spans that match one of a's; ``None`` when b has none."""
        return self.matched / self.other if self.other else None

    @property
    def recall(self) -> float | None:
        """Share of a's spans that match one of b's; ``None`` when a has none."""
        return self.matched / self.reference if self.reference else None

    @property
    def f1(self) -> float | None:
        """Harmonic mean of precision and recall; ``None`` when neither annotator has a span."""
        total = self.reference + self.other
        return 2 * self.matched / total if total else None


@dataclass(frozen=True, slots=True)
class SpanCounts:
    """Exact and overlap scores side by side."""

    exact: SpanScores = SpanScores()
    overlap: SpanScores = SpanScores()

    def __add__(self, other: SpanCounts) -> SpanCounts:
        return SpanCounts(self.exact + other.exact, self.overlap + other.overlap)


def exact_matches(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Spans of one category in both lists, duplicates matched at most once each."""
    if not a or not b:
        return 0
    counts_a = Counter(a)
    counts_b = Counter(b)
    return sum(min(n, counts_b[span]) for span, n in counts_a.items() if span in counts_b)


def _overlap_graph(a: Sequence[Interval], b: Sequence[Interval]) -> list[list[int]]:
    """For each span of ``a``, the indexes of the spans of ``b`` it shares a code point with.

    A sweep in start order keeps the spans of each side that are still open; a newly starting span
    overlaps exactly the open spans of the other side, so the cost is the number of overlapping
    pairs plus sorting, not |a| * |b|.
    """
    events = sorted(
        [(start, end, 0, i) for i, (start, end) in enumerate(a)]
        + [(start, end, 1, j) for j, (start, end) in enumerate(b)]
    )
    adjacency: list[list[int]] = [[] for _ in a]
    open_spans: tuple[list[tuple[int, int]], list[tuple[int, int]]] = ([], [])
    for start, end, side, index in events:
        others = [span for span in open_spans[1 - side] if span[0] > start]
        open_spans[1 - side][:] = others
        for _, other_index in others:
            if side == 0:
                adjacency[index].append(other_index)
            else:
                adjacency[other_index].append(index)
        open_spans[side].append((end, index))
    return adjacency


def overlap_matches(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Size of a maximum one-to-one matching of overlapping spans (one category, one document)."""
    if not a or not b:
        return 0
    return sum(j >= 0 for j in one_to_one(_overlap_graph(a, b), len(b)))


def one_to_one(adjacency: Sequence[Sequence[int]], right: int) -> list[int]:
    """A maximum one-to-one matching of a bipartite graph: for each left vertex, its partner or -1.

    ``adjacency[i]`` lists the right vertices (``0 <= j < right``) left vertex ``i`` may pair
    with, in order of preference: left vertices are served in order, each takes its first free
    choice, and a later one displaces an earlier one only along an augmenting path (when that is
    the only way to pair both), so the matching is maximum and otherwise follows the preferences.
    Review's alignment of units (:mod:`annotator.review`) pairs spans with this too.

    Kuhn's augmenting-path algorithm, iterative so that long chains of overlaps cannot hit the
    recursion limit. The overlap graphs of real coding are tiny and sparse, so this is fast.
    """
    match_of_a: list[int] = [-1] * len(adjacency)
    match_of_b: list[int] = [-1] * right
    for root in range(len(adjacency)):
        if not adjacency[root]:
            continue
        # Cheap greedy step first: a free neighbour needs no search.
        free = next((j for j in adjacency[root] if match_of_b[j] < 0), -1)
        if free < 0:
            # Grow an alternating tree from root: from a vertex u try each neighbour j; if j is
            # taken, continue from the a vertex holding it. parent_b records how j was reached.
            parent_b: dict[int, int] = {}
            stack = [root]
            while stack and free < 0:
                u = stack.pop()
                for j in adjacency[u]:
                    if j in parent_b:
                        continue
                    parent_b[j] = u
                    if match_of_b[j] < 0:
                        free = j
                        break
                    stack.append(match_of_b[j])
            if free < 0:
                continue
            # Flip the augmenting path, walking back from the free b vertex to root.
            j = free
            while True:
                u = parent_b[j]
                previous = match_of_a[u]
                match_of_a[u] = j
                match_of_b[j] = u
                if u == root:
                    break
                j = previous
        else:
            match_of_a[root] = free
            match_of_b[free] = root
    return match_of_a
