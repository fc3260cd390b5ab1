"""One call that computes every agreement figure the app shows, for a project or one document.

The figures answer different questions, which is why the report carries all of them:

- alpha_U (:mod:`~annotator.agreement.unitizing`): do coders find the same units with the same
  boundaries and categories? The headline reliability figure for span coding.
- position alpha and kappa (:mod:`~annotator.agreement.positions`): do coders give each code point
  the same category? The figure most span-annotation papers report.
- span F1 (:mod:`~annotator.agreement.span_matching`): how many spans did both coders mark?

For a project, documents are laid end to end in the order given (each offset by the lengths of
the documents before it) and treated as one continuum, so every figure weighs documents by their
size. The per-document figures are the same computation on a single document.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from statistics import fmean
from typing import Any, Literal

from annotator.agreement.positions import LabelTally, label_runs, position_alpha, position_kappa, tally_labels
from annotator.agreement.span_matching import SpanCounts, SpanScores, exact_matches, overlap_matches
from annotator.agreement.unitizing import (
    Interval,
    UnitizingDisagreement,
    category_disagreement,
    combine,
    merge_overlapping,
)
from annotator.agreement.units import DocumentSpans, normalize_document

__all__ = [
    "AgreementReport",
    "PairSpanAgreement",
    "Row",
    "compute_agreement",
    "compute_document_agreement",
    "report_rows",
]

Row = dict[str, str | int | float | None]


@dataclass(frozen=True, slots=True)
class PairSpanAgreement:
    """Span matches between two annotators, ``reference`` playing annotator a (the gold side)."""

    reference: str
    other: str
    overall: SpanCounts
    categories: Mapping[str, SpanCounts]


def _mean(values: Sequence[float | None]) -> float | None:
    defined = [v for v in values if v is not None]
    return fmean(defined) if defined else None


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement of ``annotators`` over ``documents`` documents; ``None`` wherever undefined.

    A figure is undefined rather than 0 or 1 when the data cannot say anything: a category nobody
    used has no alpha_U, a text nobody coded has no position alpha. Showing "n/a" there keeps a
    reader from mistaking absence of data for (dis)agreement.
    """

    annotators: tuple[str, ...]
    categories: tuple[str, ...]
    documents: int
    alpha_u: float | None
    alpha_u_categories: Mapping[str, float | None]
    alpha_u_disagreements: Mapping[str, UnitizingDisagreement]
    alpha_u_pairwise: Mapping[tuple[str, str], float | None]
    """alpha_U of each pair of annotators; filled only with more than two annotators."""
    alpha_positions: float | None
    kappa_positions: float | None
    span_pairs: tuple[PairSpanAgreement, ...]
    """Span matches per pair of annotators, in the order of ``annotators``."""
    unit_counts: Mapping[str, Mapping[str, int]]
    """annotator -> category -> number of spans, as given (before any merging)."""

    @property
    def pairwise(self) -> bool:
        """True when F1 and the alpha_U pairwise mean are averages over annotator pairs."""
        return len(self.annotators) > 2

    @property
    def kappa_method(self) -> Literal["cohen", "fleiss"]:
        """Cohen's kappa for two annotators, Fleiss' kappa for more."""
        return "fleiss" if self.pairwise else "cohen"

    @property
    def alpha_u_pairwise_mean(self) -> float | None:
        """Mean of the pairwise alpha_U values (defined pairs only); ``None`` for two annotators.

        Reported next to the m-coder alpha_U because it shows whether one coder pulls agreement
        down, which the joint coefficient hides.
        """
        return _mean(list(self.alpha_u_pairwise.values())) if self.pairwise else None

    def f1(self, category: str | None = None) -> tuple[float | None, float | None]:
        """(exact, overlap) F1, micro-averaged over documents and categories, or for ``category``.

        With more than two annotators this is the mean over annotator pairs of each pair's F1
        (pairs where it is undefined left out): F1 is a two-way comparison, and averaging pairs is
        the usual way to extend it.
        """
        counts = [p.overall if category is None else p.categories[category] for p in self.span_pairs]
        return _mean([c.exact.f1 for c in counts]), _mean([c.overlap.f1 for c in counts])

    def to_json_dict(self) -> dict[str, Any]:
        """The report as JSON-ready dicts: ``null`` where undefined, extra keys only for m > 2."""
        result: dict[str, Any] = {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "alpha_u": {"overall": self.alpha_u, "categories": dict(self.alpha_u_categories)},
        }
        if self.pairwise:
            result["alpha_u_pairwise_mean"] = self.alpha_u_pairwise_mean
        result["alpha_positions"] = self.alpha_positions
        result["kappa_positions"] = self.kappa_positions
        if self.pairwise:
            result["kappa_positions_method"] = self.kappa_method
        exact, overlap = self.f1()
        categories: dict[str, dict[str, float | None]] = {}
        for category in self.categories:
            c_exact, c_overlap = self.f1(category)
            categories[category] = {"exact": c_exact, "overlap": c_overlap}
        result["f1"] = {"exact": exact, "overlap": overlap, "categories": categories}
        if self.pairwise:
            result["f1_pairwise"] = True
        return result


def report_rows(report: AgreementReport) -> list[Row]:
    """One flat row per category, ready for :class:`csv.DictWriter` (``None`` for empty cells).

    Precision and recall are filled only for two annotators, where annotator a (the first) is the
    reference; averaging them over pairs would mix up which side is the reference. Each row also
    counts the category's spans per annotator (``units:<annotator id>``), because a category one
    coder never used explains a low or undefined figure at a glance.
    """
    rows: list[Row] = []
    two = not report.pairwise
    for category in report.categories:
        f1_exact, f1_overlap = report.f1(category)
        counts = report.span_pairs[0].categories[category] if two and report.span_pairs else None
        row: Row = {
            "category": category,
            "alpha_u": report.alpha_u_categories[category],
            "f1_exact": f1_exact,
            "f1_overlap": f1_overlap,
            "precision_exact": counts.exact.precision if counts else None,
            "recall_exact": counts.exact.recall if counts else None,
            "precision_overlap": counts.overlap.precision if counts else None,
            "recall_overlap": counts.overlap.recall if counts else None,
        }
        for annotator in report.annotators:
            row[f"units:{annotator}"] = report.unit_counts[annotator][category]
        rows.append(row)
    return rows


def _check_ids(ids: Sequence[str], what: str) -> tuple[str, ...]:
    result = tuple(ids)
    if len(set(result)) != len(result):
        raise ValueError(f"{what} must be unique, got {list(result)}")
    return result


def compute_agreement(
    documents: Sequence[DocumentSpans],
    *,
    annotators: Sequence[str],
    categories: Sequence[str],
) -> AgreementReport:
    """Agreement of ``annotators`` over ``documents``, for the codebook ``categories``.

    Documents form one continuum in the order given. Spans of annotators or categories not listed
    are ignored, so the caller chooses who and what is compared; the order of ``categories`` is the
    tie-break of the position-level overlap rule (see :mod:`~annotator.agreement.positions`).
    Raises :class:`ValueError` for fewer than two annotators, repeated ids or spans that do not fit
    their document.
    """
    coders = _check_ids(annotators, "annotators")
    names = _check_ids(categories, "categories")
    if len(coders) < 2:
        raise ValueError("agreement needs at least two annotators")
    m = len(coders)
    k_count = len(names)
    category_index = {name: k for k, name in enumerate(names)}
    pairs = list(combinations(range(m), 2))

    continuum: list[list[list[Interval]]] = [[[] for _ in range(m)] for _ in range(k_count)]
    tally: LabelTally = LabelTally()
    # per pair, per category: [exact matched, overlap matched, spans of a, spans of b]
    span_counts = {pair: [[0, 0, 0, 0] for _ in range(k_count)] for pair in pairs}
    unit_counts = [[0] * k_count for _ in range(m)]

    offset = 0
    for document in documents:
        raw = normalize_document(document, annotators=coders, category_index=category_index)
        length = document.length
        by_category: list[list[list[Interval]]] = []
        for c, units in enumerate(raw):
            own: list[list[Interval]] = [[] for _ in range(k_count)]
            for start, end, k in units:
                own[k].append((start, end))
            for k, intervals in enumerate(own):
                if intervals:
                    unit_counts[c][k] += len(intervals)
                    if offset:
                        continuum[k][c].extend([(s + offset, e + offset) for s, e in intervals])
                    else:
                        continuum[k][c].extend(intervals)
            by_category.append(own)

        tally_labels([label_runs(units, length=length, none_label=k_count) for units in raw], into=tally)

        for pair in pairs:
            own_a, own_b = by_category[pair[0]], by_category[pair[1]]
            counts = span_counts[pair]
            for k in range(k_count):
                a, b = own_a[k], own_b[k]
                if a or b:
                    row = counts[k]
                    row[0] += exact_matches(a, b)
                    row[1] += overlap_matches(a, b)
                    row[2] += len(a)
                    row[3] += len(b)
        offset += length

    # Each coder's spans are sorted within a document and documents follow each other, so every
    # continuum list is already sorted, as merge_overlapping requires.
    merged = [[merge_overlapping(units) for units in per_coder] for per_coder in continuum]
    disagreements = {name: category_disagreement(merged[k], length=offset) for k, name in enumerate(names)}
    pairwise_alpha: dict[tuple[str, str], float | None] = {}
    if m > 2:
        for i, j in pairs:
            pairwise_alpha[(coders[i], coders[j])] = combine(
                category_disagreement([merged[k][i], merged[k][j]], length=offset) for k in range(k_count)
            )

    span_pairs = []
    for (i, j), per_category in span_counts.items():
        by_name = {
            name: SpanCounts(SpanScores(row[0], row[2], row[3]), SpanScores(row[1], row[2], row[3]))
            for name, row in zip(names, per_category, strict=True)
        }
        overall = sum(by_name.values(), SpanCounts())
        span_pairs.append(PairSpanAgreement(coders[i], coders[j], overall, by_name))

    labels = k_count + 1
    return AgreementReport(
        annotators=coders,
        categories=names,
        documents=len(documents),
        alpha_u=combine(disagreements.values()),
        alpha_u_categories={name: d.alpha for name, d in disagreements.items()},
        alpha_u_disagreements=disagreements,
        alpha_u_pairwise=pairwise_alpha,
        alpha_positions=position_alpha(tally, labels=labels),
        kappa_positions=position_kappa(tally, labels=labels),
        span_pairs=tuple(span_pairs),
        unit_counts={coder: dict(zip(names, unit_counts[c], strict=True)) for c, coder in enumerate(coders)},
    )


def compute_document_agreement(
    document: DocumentSpans,
    *,
    annotators: Sequence[str],
    categories: Sequence[str],
) -> AgreementReport:
    """The same figures for one document, for the app's per-document agreement view."""
    return compute_agreement([document], annotators=annotators, categories=categories)
