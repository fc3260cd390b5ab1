"""Project agreement kept up to date document by document, for a reviewer who edits one at a time.

Every figure of :func:`~annotator.agreement.results.compute_agreement` pools its documents by
adding their parts (see that module's docstring): the label tally, the span matches, the unit
counts and alpha_U's distance sums, unit lengths and gaps. :class:`PooledAgreement` keeps each
document's :class:`Contribution` and the running totals, so that after an edit only the edited
document is computed again (its old contribution is taken out of the totals, the new one added)
and the report is built from the totals. Units and gaps are kept as counts by length, so the
totals stay as small as the variety of lengths, whatever the number of documents.

The figures are exactly those of ``compute_agreement`` over the same documents (the parts are
integers and the disagreements exact fractions); the tests check it after every kind of update.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from typing import TypeVar

from annotator.agreement.positions import (
    LabelTally,
    label_runs,
    percent_agreement,
    position_alpha,
    position_kappa,
    tally_labels,
)
from annotator.agreement.results import AgreementReport, PairSpanAgreement, _check_ids
from annotator.agreement.span_matching import SpanCounts, SpanScores, exact_matches, overlap_matches
from annotator.agreement.unitizing import (
    Interval,
    UnitizingDisagreement,
    combine,
    gaps_of,
    merge_overlapping,
    pairs_observed,
    within_unit_sum,
)
from annotator.agreement.units import DocumentSpans, normalize_document

__all__ = ["Contribution", "PooledAgreement", "contribution"]


@dataclass(frozen=True, slots=True)
class Contribution:
    """One document's additive part of the pooled figures (indexes as in the annotator and category lists)."""

    length: int
    coded: bool
    unit_counts: tuple[tuple[int, ...], ...]  # [coder][category]
    lengths: tuple[tuple[Counter[int], ...], ...]  # [category][coder]: merged units by length
    gaps: tuple[tuple[Counter[int], ...], ...]  # [category][coder]: gaps by length
    observed: tuple[tuple[int, ...], ...]  # [category][pair]: the distance sum of the pair
    with_units: tuple[bool, ...]  # [category]
    tally: LabelTally
    spans: tuple[tuple[tuple[int, int, int, int], ...], ...]  # [pair][category]: exact, overlap, a, b


def contribution(
    document: DocumentSpans, *, annotators: Sequence[str], categories: Sequence[str]
) -> Contribution:
    """What ``document`` adds to the pooled figures of ``annotators`` over ``categories``."""
    coders = tuple(annotators)
    m, k_count = len(coders), len(categories)
    category_index = {name: k for k, name in enumerate(categories)}
    pairs = list(combinations(range(m), 2))
    raw = normalize_document(document, annotators=coders, category_index=category_index)
    length = document.length
    by_category: list[list[list[Interval]]] = []
    unit_counts = []
    for units in raw:
        own: list[list[Interval]] = [[] for _ in range(k_count)]
        for start, end, k in units:
            own[k].append((start, end))
        unit_counts.append(tuple(len(intervals) for intervals in own))
        by_category.append(own)
    lengths, gaps, observed, with_units = [], [], [], []
    for k in range(k_count):
        merged = [merge_overlapping(by_category[c][k]) for c in range(m)]
        coded = any(merged)
        with_units.append(coded)
        lengths.append(tuple(Counter(e - s for s, e in units) for units in merged))
        gaps.append(
            tuple(
                Counter(gaps_of(units, length) if coded else ([length] if length else [])) for units in merged
            )
        )
        observed.append(tuple(pairs_observed([merged[i], merged[j]]) if coded else 0 for i, j in pairs))
    tally = tally_labels([label_runs(units, length=length, none_label=k_count) for units in raw])
    spans = []
    for i, j in pairs:
        row = []
        for k in range(k_count):
            a, b = by_category[i][k], by_category[j][k]
            row.append(
                (exact_matches(a, b), overlap_matches(a, b), len(a), len(b)) if a or b else (0, 0, 0, 0)
            )
        spans.append(tuple(row))
    return Contribution(
        length=length,
        coded=any(raw),
        unit_counts=tuple(unit_counts),
        lengths=tuple(lengths),
        gaps=tuple(gaps),
        observed=tuple(observed),
        with_units=tuple(with_units),
        tally=tally,
        spans=tuple(spans),
    )


@dataclass(slots=True)
class _Pool:
    """alpha_U's parts of one category for one set of coders (all of them, or a pair)."""

    coders: tuple[int, ...]
    lengths: Counter[int]
    gaps: Counter[int]
    gap_keys: list[int]  # the gap lengths present, sorted
    gap_count: int = 0
    gap_sum: int = 0
    observed: int = 0

    def add_gaps(self, other: Counter[int], sign: int) -> None:
        gaps, keys = self.gaps, self.gap_keys
        for g, n in other.items():
            before = gaps[g]
            after = before + sign * n
            if after > 0:
                gaps[g] = after
                if before <= 0:
                    insort(keys, g)
            else:
                del gaps[g]
                del keys[bisect_left(keys, g)]
            self.gap_count += sign * n
            self.gap_sum += sign * n * g

    def disagreement(self, length: int) -> UnitizingDisagreement:
        """As :func:`~annotator.agreement.unitizing.disagreement_from_parts`, from counts by length."""
        m = len(self.coders)
        if length <= 0:
            return UnitizingDisagreement(Fraction(0), Fraction(0))
        observed = Fraction(2 * self.observed, m * (m - 1) * length * length)
        n_units = sum(self.lengths.values())
        if n_units == 0:
            return UnitizingDisagreement(observed, Fraction(0))
        unit_lengths = sorted(self.lengths)
        longest = unit_lengths[-1]
        # only the gaps shorter than the longest unit are ever left out of a placement count
        keys = self.gap_keys
        short = [(g, self.gaps[g]) for g in keys[: bisect_left(keys, longest)]]
        numerator = 0
        squared_lengths = 0
        below_count = below_sum = 0
        s = 0
        for unit_length in unit_lengths:
            while s < len(short) and short[s][0] < unit_length:
                below_count += short[s][1]
                below_sum += short[s][0] * short[s][1]
                s += 1
            fitting = self.gap_count - below_count
            placements = (self.gap_sum - below_sum) - fitting * (unit_length - 1)
            count = self.lengths[unit_length]
            within = (n_units - 1) * within_unit_sum(unit_length)
            numerator += count * (within + unit_length * unit_length * placements)
            squared_lengths += count * unit_length * (unit_length - 1)
        denominator = length * (m * length * (m * length - 1) - squared_lengths)
        return UnitizingDisagreement(observed, Fraction(2 * numerator, denominator))


K = TypeVar("K")


def _add(counter: Counter[K], other: Counter[K], sign: int) -> None:
    if sign > 0:
        counter.update(other)
        return
    counter.subtract(other)
    for key in other:
        if counter[key] <= 0:
            del counter[key]


class PooledAgreement:
    """The project's agreement figures over documents that can be set, replaced and dropped one by one."""

    def __init__(self, *, annotators: Sequence[str], categories: Sequence[str]) -> None:
        self.annotators = _check_ids(annotators, "annotators")
        self.categories = _check_ids(categories, "categories")
        if len(self.annotators) < 2:
            raise ValueError("agreement needs at least two annotators")
        m, k_count = len(self.annotators), len(self.categories)
        self._pairs = list(combinations(range(m), 2))
        self._pair_index = {pair: p for p, pair in enumerate(self._pairs)}
        self._documents: dict[str, Contribution] = {}
        self._length = 0
        self._coded = 0
        self._unit_counts = [[0] * k_count for _ in range(m)]
        self._with_units = [0] * k_count
        self._tally: LabelTally = Counter()
        self._spans = [[[0, 0, 0, 0] for _ in range(k_count)] for _ in self._pairs]
        subsets = [tuple(range(m))] + (self._pairs if m > 2 else [])
        self._pools = [
            [_Pool(coders=subset, lengths=Counter(), gaps=Counter(), gap_keys=[]) for subset in subsets]
            for _ in range(k_count)
        ]

    def __len__(self) -> int:
        return len(self._documents)

    def __contains__(self, key: object) -> bool:
        return key in self._documents

    def contribution_of(self, key: str) -> Contribution | None:
        return self._documents.get(key)

    def set(self, key: str, document: DocumentSpans) -> Contribution:
        """Count ``document`` under ``key``, in place of what was counted under it before."""
        part = contribution(document, annotators=self.annotators, categories=self.categories)
        self.set_contribution(key, part)
        return part

    def set_contribution(self, key: str, part: Contribution) -> None:
        """As :meth:`set`, with the contribution already computed (in a worker, for instance)."""
        self.discard(key)
        self._apply(part, 1)
        self._documents[key] = part

    def update(self, documents: Iterable[tuple[str, DocumentSpans]]) -> None:
        for key, document in documents:
            self.set(key, document)

    def discard(self, key: str) -> None:
        """Stop counting the document under ``key`` (nothing happens when there is none)."""
        old = self._documents.pop(key, None)
        if old is not None:
            self._apply(old, -1)

    def _apply(self, part: Contribution, sign: int) -> None:
        self._length += sign * part.length
        self._coded += sign * part.coded
        for c, counts in enumerate(part.unit_counts):
            row = self._unit_counts[c]
            for k, n in enumerate(counts):
                row[k] += sign * n
        _add(self._tally, part.tally, sign)
        for p, per_category in enumerate(part.spans):
            totals = self._spans[p]
            for k, values in enumerate(per_category):
                if values != (0, 0, 0, 0):
                    row = totals[k]
                    for i in range(4):
                        row[i] += sign * values[i]
        pair_index = self._pair_index
        for k, pools in enumerate(self._pools):
            self._with_units[k] += sign * part.with_units[k]
            lengths, gaps, observed = part.lengths[k], part.gaps[k], part.observed[k]
            for pool in pools:
                for c in pool.coders:
                    _add(pool.lengths, lengths[c], sign)
                    pool.add_gaps(gaps[c], sign)
                if len(pool.coders) == 2:
                    pool.observed += sign * observed[pair_index[(pool.coders[0], pool.coders[1])]]
                else:
                    pool.observed += sign * sum(observed)

    def report(self) -> AgreementReport:
        """Every figure of :func:`~annotator.agreement.results.compute_agreement`, over the documents."""
        coders, names = self.annotators, self.categories
        k_count = len(names)
        total_length = self._length
        disagreements = {name: self._pools[k][0].disagreement(total_length) for k, name in enumerate(names)}
        pairwise_alpha: dict[tuple[str, str], float | None] = {}
        if len(coders) > 2:
            for p, (i, j) in enumerate(self._pairs):
                pairwise_alpha[(coders[i], coders[j])] = combine(
                    self._pools[k][1 + p].disagreement(total_length) for k in range(k_count)
                )
        span_pairs = []
        for (i, j), per_category in zip(self._pairs, self._spans, strict=True):
            by_name = {
                name: SpanCounts(SpanScores(row[0], row[2], row[3]), SpanScores(row[1], row[2], row[3]))
                for name, row in zip(names, per_category, strict=True)
            }
            overall = sum(by_name.values(), SpanCounts())
            span_pairs.append(PairSpanAgreement(coders[i], coders[j], overall, by_name))
        labels = k_count + 1
        tally = +self._tally
        agreement, agreement_by_label = percent_agreement(tally, labels=labels)
        return AgreementReport(
            annotators=coders,
            categories=names,
            documents=len(self._documents),
            alpha_u=combine(disagreements.values()),
            alpha_u_categories={name: d.alpha for name, d in disagreements.items()},
            alpha_u_disagreements=disagreements,
            alpha_u_pairwise=pairwise_alpha,
            alpha_positions=position_alpha(tally, labels=labels),
            kappa_positions=position_kappa(tally, labels=labels),
            span_pairs=tuple(span_pairs),
            unit_counts={
                coder: dict(zip(names, self._unit_counts[c], strict=True)) for c, coder in enumerate(coders)
            },
            characters=total_length,
            documents_with_units=dict(zip(names, self._with_units, strict=True)),
            coded_documents=self._coded,
            percent_agreement=agreement,
            percent_agreement_categories=dict(zip(names, agreement_by_label[:k_count], strict=True)),
        )
