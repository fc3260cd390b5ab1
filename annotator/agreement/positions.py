"""Position-level agreement: every code point gets one label per coder, then alpha and kappa.

This is the coefficient readers of span-annotation papers most often expect ("token-level
kappa"), and it complements alpha_U: it ignores how spans are cut into units and asks only whether
coders gave each code point the same category. Each code point is labelled with the category of
the span covering it, or with "none" where a coder coded nothing.

Overlap rule. When one coder's own spans overlap, a code point covered by several of them takes
the label of the *innermost* one: the shortest covering span wins; between equally long spans the
one starting earliest wins; between spans of the same extent the category listed first in the
codebook order (the ``categories`` argument) wins. Shortest-wins is the natural reading of nested
coding (a quote inside a claim is a quote), and the tie-breaks only make the result deterministic.

Labels are never materialised per code point. Each coder's spans become run-length segments by a
sweep over span boundaries with a heap of open spans; the coders' runs are then cut at each other's
boundaries, and every stretch where all coders' labels are constant adds its length as a weight.
Work is proportional to the number of spans, not the length of the text.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

from annotator.agreement.coefficients import (
    alpha_from_coincidences,
    cohen_kappa_from_table,
    fleiss_kappa_from_counts,
)
from annotator.agreement.units import RawUnit

__all__ = [
    "LabelTally",
    "label_runs",
    "percent_agreement",
    "position_alpha",
    "position_coincidences",
    "position_kappa",
    "tally_labels",
]

Run = tuple[int, int, int]
"""``(start, end, label)``: code points ``[start, end)`` all carry ``label``."""

LabelTally = Counter[tuple[int, ...]]
"""How many code points received each combination of labels (one label per coder, in order)."""


def label_runs(units: Sequence[RawUnit], *, length: int, none_label: int) -> list[Run]:
    """Run-length labelling of ``[0, length)`` for one coder.

    ``units`` are ``(start, end, label)`` sorted by start; uncovered code points get
    ``none_label``. Consecutive runs may carry the same label (touching spans of one category stay
    separate runs). See the module docstring for the rule that decides between overlapping spans.
    """
    if length <= 0:
        return []
    runs: list[Run] = []

    # Fast path: no span overlaps the next, as in most real coding.
    if all(units[k][1] <= units[k + 1][0] for k in range(len(units) - 1)):
        pos = 0
        for start, end, label in units:
            if start > pos:
                runs.append((pos, start, none_label))
            runs.append((start, end, label))
            pos = end
        if pos < length:
            runs.append((pos, length, none_label))
        return runs

    def emit(start: int, end: int, label: int) -> None:
        if runs and runs[-1][2] == label:
            runs[-1] = (runs[-1][0], end, label)
        else:
            runs.append((start, end, label))

    points = sorted({0, length, *(u[0] for u in units), *(u[1] for u in units)})
    heap: list[tuple[int, int, int, int]] = []  # (span length, start, label, end): innermost first
    nxt = 0
    for k in range(len(points) - 1):
        here = points[k]
        while nxt < len(units) and units[nxt][0] == here:
            start, end, label = units[nxt]
            heapq.heappush(heap, (end - start, start, label, end))
            nxt += 1
        while heap and heap[0][3] <= here:
            heapq.heappop(heap)
        emit(here, points[k + 1], heap[0][2] if heap else none_label)
    return runs


def tally_labels(coder_runs: Sequence[Sequence[Run]], *, into: LabelTally | None = None) -> LabelTally:
    """Add up, over one document, the code points that got each combination of labels.

    ``coder_runs`` holds one run list per coder, all covering the same ``[0, length)``. Pass
    ``into`` to accumulate several documents in one tally (documents laid end to end).
    """
    tally: LabelTally = Counter() if into is None else into
    if not coder_runs or not coder_runs[0]:
        return tally
    if len(coder_runs) == 2:
        # Two-pointer merge: the common case, kept free of per-coder bookkeeping.
        a, b = coder_runs
        i = j = 0
        pos = 0
        while i < len(a) and j < len(b):
            _, end_a, label_a = a[i]
            _, end_b, label_b = b[j]
            end = end_a if end_a < end_b else end_b
            tally[(label_a, label_b)] += end - pos
            pos = end
            if end_a == end:
                i += 1
            if end_b == end:
                j += 1
        return tally
    bounds = sorted({run[1] for runs in coder_runs for run in runs})
    pointers = [0] * len(coder_runs)
    pos = 0
    for end in bounds:
        labels = []
        for c, runs in enumerate(coder_runs):
            while runs[pointers[c]][1] <= pos:
                pointers[c] += 1
            labels.append(runs[pointers[c]][2])
        tally[tuple(labels)] += end - pos
        pos = end
    return tally


def _label_counts(labels: Iterable[int], size: int) -> list[int]:
    counts = [0] * size
    for label in labels:
        counts[label] += 1
    return counts


# A project's tally has a few thousand combinations at most (labels ** coders), met again in every
# report: what each one contributes, apart from its weight, is worked out once. The sums below
# multiply and add exactly as before, so the figures do not change by a bit.
@lru_cache(maxsize=65536)
def _coincidence_terms(combination: tuple[int, ...], labels: int) -> tuple[tuple[int, int, int], ...]:
    """``(c, k, pairs)`` of the label pairs that ``combination`` adds coincidences to."""
    counts = _label_counts(combination, labels)
    present = [c for c in range(labels) if counts[c]]
    return tuple(
        (c, k, counts[c] * (counts[k] - 1) if c == k else counts[c] * counts[k])
        for c in present
        for k in present
    )


@lru_cache(maxsize=65536)
def _pair_agreement(combination: tuple[int, ...], labels: int) -> tuple[int, tuple[int, ...]]:
    """How many pairs of coders agree on ``combination``: overall, and per label (c or not c)."""
    m = len(combination)
    same = 0
    same_label = [0] * labels
    for i in range(m):
        for j in range(i + 1, m):
            a, b = combination[i], combination[j]
            if a == b:
                same += 1
                for c in range(labels):
                    same_label[c] += 1
            else:
                for c in range(labels):
                    if c not in (a, b):
                        same_label[c] += 1
    return same, tuple(same_label)


def position_coincidences(tally: LabelTally, *, labels: int) -> list[list[float]]:
    """The coincidence matrix of code points: each one is a unit coded by every coder.

    A code point adds ``n_c * n_k / (m - 1)`` coincidences for each pair of labels (``n_c * (n_c -
    1) / (m - 1)`` on the diagonal), weighted by how many code points share that combination.
    ``labels`` is the number of distinct labels (categories plus "none").
    """
    matrix = [[0.0] * labels for _ in range(labels)]
    for combination, weight in tally.items():
        scale = weight / (len(combination) - 1)
        for c, k, pairs in _coincidence_terms(combination, labels):
            matrix[c][k] += scale * pairs
    return matrix


def position_alpha(tally: LabelTally, *, labels: int) -> float | None:
    """Nominal Krippendorff's alpha over code points from a label tally (see
    :func:`position_coincidences`)."""
    return alpha_from_coincidences(position_coincidences(tally, labels=labels), metric="nominal")


def percent_agreement(tally: LabelTally, *, labels: int) -> tuple[float | None, list[float | None]]:
    """Share of code points two coders labelled alike: overall, and per label (c or not c).

    With more than two coders, the mean over pairs of coders. Not chance-corrected: uncoded text
    counts as agreement, so the share is high whenever most of the text is uncoded.
    """
    total = 0.0
    agreed = 0.0
    per_label = [0.0] * labels
    for combination, weight in tally.items():
        m = len(combination)
        pairs = m * (m - 1) / 2
        total += weight
        same, same_label = _pair_agreement(combination, labels)
        agreed += weight * same / pairs
        for c in range(labels):
            per_label[c] += weight * same_label[c] / pairs
    if total <= 0:
        return None, [None] * labels
    return agreed / total, [value / total for value in per_label]


def position_kappa(tally: LabelTally, *, labels: int) -> float | None:
    """Cohen's kappa over code points for two coders, Fleiss' kappa for more."""
    if not tally:
        return None
    m = len(next(iter(tally)))
    if m == 2:
        table = [[0.0] * labels for _ in range(labels)]
        for (a, b), weight in tally.items():
            table[a][b] += weight
        return cohen_kappa_from_table(table)
    combinations = list(tally.items())
    return fleiss_kappa_from_counts(
        [_label_counts(combination, labels) for combination, _ in combinations],
        weights=[weight for _, weight in combinations],
    )
