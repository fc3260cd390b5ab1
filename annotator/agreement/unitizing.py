"""Krippendorff's unitizing alpha (alpha_U) for coders who divide a text into coded spans.

Span annotation asks two questions at once, "where does a unit start and end?" and "what is it?".
Position-level coefficients answer only the second; alpha_U, defined in Krippendorff (2004,
Content Analysis, 2nd ed., ch. 12; first in Sociological Methodology 25, 1995), also charges a
coder for misplaced boundaries, in proportion to the squared lengths involved. This module follows
the formulation implemented in DKPro Agreement's ``KrippendorffAlphaUnitizingAgreement`` so that
results can be checked against that widely used implementation.

For each category c, each coder's continuum ``[0, L)`` is divided into c's units and the gaps
between them. With ``m`` coders, distances between one coder's segment g and another coder's
segment h are (b = begin, e = end, l = length):

- both units and they overlap: ``(b_g - b_h)**2 + (e_g - e_h)**2``;
- a unit lying wholly inside the other coder's gap: the unit's ``l**2``;
- anything else: 0.

Observed disagreement sums these over all ordered pairs of different coders::

    D_o(c) = sum / (m (m - 1) L**2)

Expected disagreement considers all ways of placing the observed units on the continuum::

    D_e(c) = (2 / L) * sum_units [ (N_c - 1) (2 l**3 - 3 l**2 + l) / 3
                                   + l**2 * sum_{gaps with l_gap >= l} (l_gap - l + 1) ]
             / (m L (m L - 1) - sum_units l (l - 1))

where ``N_c`` counts c's units over all coders and the gap sum runs over every coder's gaps.
alpha_U(c) = 1 - D_o(c) / D_e(c), and over all categories alpha_U = 1 - sum D_o / sum D_e.

The model assumes a coder's units of one category do not overlap. When they do (a slip, or a
nested span of the same code), the coder's overlapping units of that category are merged into
their union first: the coder said "these code points are c", and that is what is compared. Units
that merely touch stay separate, since the boundary between them is a judgement too.

Everything is computed with sorted sweeps over units and gaps (never per code point) and in exact
integer / rational arithmetic, so long projects neither slow down nor lose precision.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import accumulate

from annotator.agreement.units import Unit, UnitLike

__all__ = [
    "UnitizingAlpha",
    "UnitizingDisagreement",
    "category_disagreement",
    "combine",
    "disagreement_from_parts",
    "gaps_of",
    "merge_overlapping",
    "pairs_observed",
    "unitizing_alpha",
    "within_unit_sum",
]

Interval = tuple[int, int]


@dataclass(frozen=True, slots=True)
class UnitizingDisagreement:
    """Observed and expected disagreement of one category, kept exact so they can be summed."""

    observed: Fraction
    expected: Fraction

    @property
    def alpha(self) -> float | None:
        """alpha_U of this category, or ``None`` where there is nothing to expect disagreement on."""
        return _alpha(self.observed, self.expected)


def _alpha(observed: Fraction, expected: Fraction) -> float | None:
    if expected == 0:
        return None
    return float(1 - observed / expected)


def merge_overlapping(intervals: Iterable[Interval]) -> list[Interval]:
    """Union of intervals that share a code point; ``intervals`` must be sorted.

    Touching intervals (one ends where the next begins) are kept apart on purpose: see the module
    docstring.
    """
    merged: list[Interval] = []
    for start, end in intervals:
        if merged and start < merged[-1][1]:
            last_start, last_end = merged[-1]
            if end > last_end:
                merged[-1] = (last_start, end)
        else:
            merged.append((start, end))
    return merged


def _pair_observed(a: Sequence[Interval], b: Sequence[Interval]) -> int:
    """Distance sum of one unordered pair of coders, by a two-pointer sweep over their units.

    Overlapping unit pairs contribute their boundary distances; a unit that overlaps none of the
    other coder's units lies inside one of that coder's gaps and contributes its squared length.
    """
    total = 0
    a_hit = [False] * len(a)
    b_hit = [False] * len(b)
    i = j = 0
    na, nb = len(a), len(b)
    while i < na and j < nb:
        s1, e1 = a[i]
        s2, e2 = b[j]
        if e1 <= s2:
            i += 1
        elif e2 <= s1:
            j += 1
        else:
            d_begin = s1 - s2
            d_end = e1 - e2
            total += d_begin * d_begin + d_end * d_end
            a_hit[i] = True
            b_hit[j] = True
            if e1 <= e2:
                i += 1
            else:
                j += 1
    for hit, (s, e) in zip(a_hit, a, strict=True):
        if not hit:
            total += (e - s) * (e - s)
    for hit, (s, e) in zip(b_hit, b, strict=True):
        if not hit:
            total += (e - s) * (e - s)
    return total


def gaps_of(units: Sequence[Interval], length: int) -> list[int]:
    """Lengths of the stretches of ``[0, length)`` a coder left outside the category's units."""
    gaps: list[int] = []
    pos = 0
    for start, end in units:
        if start > pos:
            gaps.append(start - pos)
        pos = end
    if length > pos:
        gaps.append(length - pos)
    return gaps


def category_disagreement(coders: Sequence[Sequence[Interval]], *, length: int) -> UnitizingDisagreement:
    """D_o and D_e of one category; ``coders`` holds each coder's sorted, non-overlapping units.

    Units are ``(start, end)`` pairs inside ``[0, length)``; use :func:`merge_overlapping` on raw
    spans first. Both disagreements are 0 (alpha undefined) for an empty continuum or no units.
    """
    m = len(coders)
    if m < 2:
        raise ValueError("alpha_U needs at least two coders")
    if length <= 0:
        return UnitizingDisagreement(Fraction(0), Fraction(0))
    lengths: Counter[int] = Counter()
    gaps: list[int] = []
    for units in coders:
        lengths.update(end - start for start, end in units)
        gaps.extend(gaps_of(units, length))
    return disagreement_from_parts(
        observed_sum=pairs_observed(coders), lengths=lengths, gaps=gaps, coders=m, length=length
    )


def pairs_observed(coders: Sequence[Sequence[Interval]]) -> int:
    """The distance sum over every unordered pair of coders (one category, one continuum)."""
    total = 0
    for i in range(len(coders)):
        for j in range(i + 1, len(coders)):
            total += _pair_observed(coders[i], coders[j])
    return total


def within_unit_sum(unit_length: int) -> int:
    """``l (l - 1) (2 l - 1) / 3``: the placements of two units of length l that overlap, exact."""
    return unit_length * (unit_length - 1) * (2 * unit_length - 1) // 3


def disagreement_from_parts(
    *, observed_sum: int, lengths: Counter[int], gaps: Sequence[int], coders: int, length: int
) -> UnitizingDisagreement:
    """D_o and D_e from the parts they are built of, so that several continua can be pooled.

    ``observed_sum`` is the distance sum over unordered pairs of coders, ``lengths`` counts the
    units by length and ``gaps`` lists every coder's gaps, over a total continuum of ``length``
    code points. For one continuum this is :func:`category_disagreement`; a project pools its
    documents by adding the parts, each document's gaps ending where the document ends (see
    :mod:`~annotator.agreement.results`).
    """
    m = coders
    if length <= 0:
        return UnitizingDisagreement(Fraction(0), Fraction(0))
    # The unordered pair sum counted twice is the sum over ordered pairs of different coders.
    observed = Fraction(2 * observed_sum, m * (m - 1) * length * length)
    n_units = sum(lengths.values())
    if n_units == 0:
        return UnitizingDisagreement(observed, Fraction(0))
    ordered = sorted(gaps)
    # suffix[k] = sum of ordered[k:], so the gaps at least l long are one bisect away.
    suffix = [0, *accumulate(reversed(ordered))][::-1]
    numerator = 0
    squared_lengths = 0
    for unit_length, count in lengths.items():
        first = bisect_left(ordered, unit_length)
        fitting = len(ordered) - first
        placements = suffix[first] - fitting * (unit_length - 1)
        within = (n_units - 1) * within_unit_sum(unit_length)
        numerator += count * (within + unit_length * unit_length * placements)
        squared_lengths += count * unit_length * (unit_length - 1)
    denominator = length * (m * length * (m * length - 1) - squared_lengths)
    expected = Fraction(2 * numerator, denominator)
    return UnitizingDisagreement(observed, expected)


@dataclass(frozen=True, slots=True)
class UnitizingAlpha:
    """alpha_U over all categories and per category (``None`` where undefined)."""

    overall: float | None
    categories: Mapping[str, float | None]
    disagreements: Mapping[str, UnitizingDisagreement]


def combine(disagreements: Iterable[UnitizingDisagreement]) -> float | None:
    """Overall alpha_U: 1 - (sum of D_o) / (sum of D_e) over categories."""
    observed = Fraction(0)
    expected = Fraction(0)
    for d in disagreements:
        observed += d.observed
        expected += d.expected
    return _alpha(observed, expected)


def unitizing_alpha(
    coders: Sequence[Sequence[UnitLike]],
    *,
    length: int,
    categories: Sequence[str] | None = None,
) -> UnitizingAlpha:
    """alpha_U of one continuum ``[0, length)`` coded by ``len(coders)`` coders.

    ``coders[i]`` holds coder i's spans. ``categories`` fixes which categories count (and their
    order in the result); by default every category that occurs does, in sorted order. Spans of
    other categories are ignored.
    """
    per_category: dict[str, list[list[Interval]]] = {}
    if categories is not None:
        for category in categories:
            per_category[category] = [[] for _ in coders]
    for i, spans in enumerate(coders):
        for span in spans:
            start, end, category = (span.start, span.end, span.category) if isinstance(span, Unit) else span
            if not 0 <= start < end <= length:
                raise ValueError(f"span ({start}, {end}, {category!r}) is outside [0, {length})")
            if category not in per_category:
                if categories is not None:
                    continue
                per_category[category] = [[] for _ in coders]
            per_category[category][i].append((start, end))
    names = list(categories) if categories is not None else sorted(per_category)
    disagreements = {
        name: category_disagreement(
            [merge_overlapping(sorted(units)) for units in per_category[name]], length=length
        )
        for name in names
    }
    return UnitizingAlpha(
        overall=combine(disagreements.values()),
        categories={name: d.alpha for name, d in disagreements.items()},
        disagreements=disagreements,
    )
