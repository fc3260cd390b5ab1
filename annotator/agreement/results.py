"""One call that computes every agreement figure the app shows, for a project or one document.

The figures answer different questions, which is why the report carries all of them:

- alpha_U (:mod:`~annotator.agreement.unitizing`): do coders find the same units with the same
  boundaries and categories? The headline reliability figure for span coding.
- position alpha and kappa (:mod:`~annotator.agreement.positions`): do coders give each code point
  the same category? The figure most span-annotation papers report.
- span F1 (:mod:`~annotator.agreement.span_matching`): how many spans did both coders mark?
- percent agreement over code points and Holsti's CR (= exact-match F1): not chance-corrected,
  kept for the reviewers who ask for them.

How a project pools its documents. Every figure weighs documents by their size: the label tally
of code points and the span matches add up over documents, and alpha_U pools the parts of its
disagreements (the coders' distance sums, their units and their gaps) as if the documents were laid
side by side on one continuum, with a boundary between them: a gap ends where its document ends,
because no unit can be placed across two articles. So alpha_U of a project does not depend on the
order of its documents, and a resample of documents (:mod:`~annotator.agreement.bootstrap`) is
computed by exactly the same formula. For a single document all of this is Krippendorff's
alpha_U of one continuum, checked against the published examples in the tests.

With bootstrap settings, the alphas get percentile intervals from resampling documents.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from statistics import fmean
from typing import TYPE_CHECKING, Any, Literal

from annotator.agreement.intervals import BootstrapInterval, BootstrapSettings

if TYPE_CHECKING:
    from annotator.agreement.bootstrap import SpanDraws
from annotator.agreement.positions import (
    LabelTally,
    label_runs,
    percent_agreement,
    position_alpha,
    position_coincidences,
    position_kappa,
    tally_labels,
)
from annotator.agreement.span_matching import SpanCounts, SpanScores, exact_matches, overlap_matches
from annotator.agreement.unitizing import (
    Interval,
    UnitizingDisagreement,
    combine,
    disagreement_from_parts,
    gaps_of,
    merge_overlapping,
    pairs_observed,
)
from annotator.agreement.units import DocumentSpans, normalize_document

__all__ = [
    "ARTICLE_BODY",
    "WHOLE_TEXT",
    "AgreementIntervals",
    "AgreementReport",
    "PairSpanAgreement",
    "Row",
    "agreement_draws",
    "compute_agreement",
    "compute_document_agreement",
    "report_rows",
    "threshold_key",
]

Row = dict[str, str | int | float | None]

#: What the continuum of a document is when nothing narrower is known: all of its text.
WHOLE_TEXT = "whole text"
#: The continuum when each document counts as its article body (the page chrome left out).
ARTICLE_BODY = "article body"


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


def threshold_key(threshold: float) -> str:
    """A threshold as the JSON keys and reports write it: ``.667``, ``.800``."""
    return f"{threshold:.3f}".removeprefix("0")


@dataclass(frozen=True, slots=True)
class AgreementIntervals:
    """Bootstrap intervals of the alphas of an :class:`AgreementReport` (``None`` where there is none).

    All come from the same resamples of documents (see :mod:`~annotator.agreement.bootstrap`).
    """

    settings: BootstrapSettings
    alpha_u: BootstrapInterval | None
    alpha_u_categories: Mapping[str, BootstrapInterval | None]
    alpha_positions: BootstrapInterval | None
    alpha_u_pairwise: Mapping[tuple[str, str], BootstrapInterval | None] = field(default_factory=dict)


def _interval_json(interval: BootstrapInterval | None) -> tuple[list[float] | None, dict[str, float] | None]:
    if interval is None:
        return None, None
    return [interval.low, interval.high], {threshold_key(t): p for t, p in interval.p_below.items()}


@dataclass(frozen=True, slots=True)
class AgreementReport:
    """Agreement of ``annotators`` over ``documents`` documents; ``None`` wherever undefined.

    A figure is undefined rather than 0 or 1 when the data cannot say anything: a category nobody
    used has no alpha_U, a text nobody coded has no position alpha. Showing "n/a" there keeps a
    reader from mistaking absence of data for (dis)agreement; :meth:`why_undefined` says why.
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
    characters: int = 0
    """Code points compared: the documents' continua added up."""
    documents_with_units: Mapping[str, int] = field(default_factory=dict)
    """category -> documents in which some annotator marked a unit of it."""
    coded_documents: int = 0
    """Documents in which some annotator marked a unit of some category."""
    percent_agreement: float | None = None
    """Share of code points two coders labelled alike (mean over pairs); not chance-corrected."""
    percent_agreement_categories: Mapping[str, float | None] = field(default_factory=dict)
    """The same per category, each code point labelled "this category" or "not"."""
    intervals: AgreementIntervals | None = None
    continuum_scope: str = WHOLE_TEXT
    """What of each document was compared (the whole text until documents record a body)."""

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

    @property
    def alpha_u_weights(self) -> dict[str, float]:
        """Each category's share of the overall alpha_U.

        The overall alpha_U, 1 - sum D_o / sum D_e, is the mean of the categories' alpha_U weighted
        by their expected disagreement D_e, which grows with how much text their units cover: a
        rare category with short units can have a low alpha_U and still barely move the whole.
        """
        total = sum(d.expected for d in self.alpha_u_disagreements.values())
        if total == 0:
            return {}
        return {
            name: float(d.expected / total) for name, d in self.alpha_u_disagreements.items() if d.expected
        }

    def f1(self, category: str | None = None) -> tuple[float | None, float | None]:
        """(exact, overlap) F1, micro-averaged over documents and categories, or for ``category``.

        With more than two annotators this is the mean over annotator pairs of each pair's F1
        (pairs where it is undefined left out): F1 is a two-way comparison, and averaging pairs is
        the usual way to extend it. Exact-match F1 is Holsti's (1969) CR, 2M / (N1 + N2).
        """
        counts = [p.overall if category is None else p.categories[category] for p in self.span_pairs]
        return _mean([c.exact.f1 for c in counts]), _mean([c.overlap.f1 for c in counts])

    def pair_f1(self, first: str, second: str) -> tuple[float | None, float | None]:
        """(exact, overlap) F1 of one pair of annotators over all categories."""
        for p in self.span_pairs:
            if {p.reference, p.other} == {first, second}:
                return p.overall.exact.f1, p.overall.overlap.f1
        raise KeyError((first, second))

    # -- why a figure is missing ---------------------------------------------------------------

    def _spans_of(self, category: str | None) -> int:
        return sum(
            n
            for per in self.unit_counts.values()
            for name, n in per.items()
            if category is None or name == category
        )

    def why_undefined(self, figure: str, category: str | None = None) -> str:
        """Why ``figure`` ("alpha_u", "alpha_positions", "kappa_positions", "f1") is undefined.

        Phrased for a reader who sees "n/a" in a table: what in the data makes the figure say
        nothing. Meaningful only where the figure is ``None``.
        """
        if self.documents == 0:
            return "no documents to compare"
        if self.characters == 0:
            return "the documents have no text"
        spans = self._spans_of(category)
        if figure in ("alpha_u", "f1"):
            if spans == 0:
                return (
                    "no coder marked a unit of this category here"
                    if category is not None
                    else "no coder marked any unit here"
                )
            if figure == "f1":
                return "no pair of coders has spans to compare"
            return "there is no disagreement to expect"
        if spans == 0:
            return "nothing was coded: every character is uncoded for every coder"
        if figure == "kappa_positions":
            return "chance agreement is already perfect: every coder gave one label throughout"
        return "every character got the same label from every coder, so no disagreement could be expected"

    def why_no_interval(self, figure: str, category: str | None = None) -> str:
        """Why the alpha ``figure`` ("alpha_u", "alpha_positions") has no confidence interval."""
        settings = self.intervals.settings if self.intervals else None
        if settings is None or settings.draws == 0:
            return "no bootstrap draws were asked for"
        if figure == "alpha_u":
            point = self.alpha_u if category is None else self.alpha_u_categories.get(category)
        else:
            point = self.alpha_positions
        if point is None:
            return "alpha is undefined, so there is nothing to resample"
        if self.documents < 2:
            return "resampling documents needs at least two documents"
        carriers = self.coded_documents if category is None else self.documents_with_units.get(category, 0)
        if carriers < 2:
            return (
                "the units are all in one document, so resampling documents cannot tell how the "
                "figure varies between documents"
            )
        return "alpha is undefined in most resamples: too few documents carry this category"

    def notes(self) -> dict[str, str]:
        """Why each ``null`` of :meth:`to_json_dict` is null, keyed by its path in the JSON."""
        notes: dict[str, str] = {}
        intervals = self.intervals
        if self.alpha_u is None:
            notes["alpha_u.overall"] = self.why_undefined("alpha_u")
        if intervals is None or intervals.alpha_u is None:
            notes["alpha_u.ci95"] = self.why_no_interval("alpha_u")
        for name in self.categories:
            if self.alpha_u_categories[name] is None:
                notes[f"alpha_u.categories.{name}"] = self.why_undefined("alpha_u", name)
            if intervals is None or intervals.alpha_u_categories.get(name) is None:
                notes[f"alpha_u.categories_ci95.{name}"] = self.why_no_interval("alpha_u", name)
        if self.alpha_positions is None:
            notes["alpha_positions"] = self.why_undefined("alpha_positions")
        if intervals is None or intervals.alpha_positions is None:
            notes["alpha_positions_ci95"] = self.why_no_interval("alpha_positions")
        if self.kappa_positions is None:
            notes["kappa_positions"] = self.why_undefined("kappa_positions")
        exact, _ = self.f1()
        if exact is None:
            notes["f1"] = self.why_undefined("f1")
        for name in self.categories:
            if self.f1(name)[0] is None:
                notes[f"f1.categories.{name}"] = self.why_undefined("f1", name)
        if self.pairwise:
            for p, (first, second) in enumerate(self.alpha_u_pairwise):
                if self.alpha_u_pairwise[(first, second)] is None:
                    notes[f"pairs[{p}].alpha_u"] = "neither coder of this pair marked any unit"
                elif intervals is None or intervals.alpha_u_pairwise.get((first, second)) is None:
                    notes[f"pairs[{p}].alpha_u_ci95"] = self.why_no_interval("alpha_u")
        if self.percent_agreement is None:
            notes["percent_agreement.overall"] = self.why_undefined("alpha_positions")
        return notes

    def to_json_dict(self) -> dict[str, Any]:
        """The report as JSON-ready dicts: ``null`` where undefined (the reason under ``notes``).

        The keys of earlier versions keep their names and places; the intervals sit beside the
        alphas they belong to (``ci95``, ``p_below``), pairwise keys appear only for m > 2.
        """
        intervals = self.intervals
        ci, p_below = _interval_json(intervals.alpha_u if intervals else None)
        categories_ci: dict[str, list[float] | None] = {}
        categories_p: dict[str, dict[str, float] | None] = {}
        for name in self.categories:
            categories_ci[name], categories_p[name] = _interval_json(
                intervals.alpha_u_categories.get(name) if intervals else None
            )
        result: dict[str, Any] = {
            "annotators": list(self.annotators),
            "documents": self.documents,
            "alpha_u": {
                "overall": self.alpha_u,
                "categories": dict(self.alpha_u_categories),
                "ci95": ci,
                "p_below": p_below,
                "categories_ci95": categories_ci,
                "categories_p_below": categories_p,
            },
        }
        if self.pairwise:
            result["alpha_u_pairwise_mean"] = self.alpha_u_pairwise_mean
        result["alpha_positions"] = self.alpha_positions
        result["alpha_positions_ci95"], result["alpha_positions_p_below"] = _interval_json(
            intervals.alpha_positions if intervals else None
        )
        result["kappa_positions"] = self.kappa_positions
        if self.pairwise:
            result["kappa_positions_method"] = self.kappa_method
        exact, overlap = self.f1()
        f1_categories: dict[str, dict[str, float | None]] = {}
        for category in self.categories:
            c_exact, c_overlap = self.f1(category)
            f1_categories[category] = {"exact": c_exact, "overlap": c_overlap}
        result["f1"] = {"exact": exact, "overlap": overlap, "categories": f1_categories}
        if self.pairwise:
            result["f1_pairwise"] = True
            pairs = []
            for (first, second), alpha in self.alpha_u_pairwise.items():
                pair_ci, pair_p = _interval_json(
                    intervals.alpha_u_pairwise.get((first, second)) if intervals else None
                )
                pair_exact, pair_overlap = self.pair_f1(first, second)
                pairs.append(
                    {
                        "annotators": [first, second],
                        "alpha_u": alpha,
                        "alpha_u_ci95": pair_ci,
                        "alpha_u_p_below": pair_p,
                        "f1": {"exact": pair_exact, "overlap": pair_overlap},
                    }
                )
            result["pairs"] = pairs
        result["units"] = {coder: dict(per) for coder, per in self.unit_counts.items()}
        result["continuum"] = {"characters": self.characters, "text": self.continuum_scope}
        result["percent_agreement"] = {
            "overall": self.percent_agreement,
            "categories": dict(self.percent_agreement_categories),
        }
        settings = intervals.settings if intervals else None
        result["bootstrap"] = {
            "draws": settings.draws if settings else 0,
            "seed": settings.seed if settings else None,
            "level": settings.level if settings else None,
            "resampled": "documents",
        }
        result["notes"] = self.notes()
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


@dataclass(slots=True)
class _CategoryParts:
    """One category's parts of alpha_U, gathered document by document (see ``_Gathered``)."""

    coders: int
    # per coder: units counted by length, and gap lengths (each document's gaps end at its end)
    lengths: list[Counter[int]]
    gaps: list[list[int]]
    # per unordered pair of coders (in ``combinations`` order): the distance sum
    observed: list[int]
    documents_with_units: int = 0
    # for the bootstrap only: per coder, (length, document) of units and gaps; per pair, per doc
    unit_rows: list[tuple[list[int], list[int]]] | None = None
    gap_rows: list[tuple[list[int], list[int]]] | None = None
    observed_rows: list[list[int]] | None = None

    @classmethod
    def empty(cls, coders: int, *, keep_rows: bool) -> _CategoryParts:
        pairs = coders * (coders - 1) // 2
        return cls(
            coders=coders,
            lengths=[Counter() for _ in range(coders)],
            gaps=[[] for _ in range(coders)],
            observed=[0] * pairs,
            unit_rows=[([], []) for _ in range(coders)] if keep_rows else None,
            gap_rows=[([], []) for _ in range(coders)] if keep_rows else None,
            observed_rows=[[] for _ in range(pairs)] if keep_rows else None,
        )

    def disagreement(self, length: int, coders: Sequence[int] | None = None) -> UnitizingDisagreement:
        """D_o and D_e of all coders, or of the coders listed (a pair, for pairwise alpha_U)."""
        chosen = list(range(self.coders)) if coders is None else list(coders)
        index = {pair: p for p, pair in enumerate(combinations(range(self.coders), 2))}
        lengths: Counter[int] = Counter()
        gaps: list[int] = []
        for c in chosen:
            lengths.update(self.lengths[c])
            gaps.extend(self.gaps[c])
        observed = sum(self.observed[index[pair]] for pair in combinations(chosen, 2))
        return disagreement_from_parts(
            observed_sum=observed, lengths=lengths, gaps=gaps, coders=len(chosen), length=length
        )


def compute_agreement(
    documents: Sequence[DocumentSpans],
    *,
    annotators: Sequence[str],
    categories: Sequence[str],
    bootstrap: BootstrapSettings | None = None,
) -> AgreementReport:
    """Agreement of ``annotators`` over ``documents``, for the codebook ``categories``.

    Documents are pooled as described in the module docstring. Spans of annotators or categories
    not listed are ignored, so the caller chooses who and what is compared; the order of
    ``categories`` is the tie-break of the position-level overlap rule (see
    :mod:`~annotator.agreement.positions`). With ``bootstrap`` (and at least one draw), the alphas
    get confidence intervals from resampling documents (:mod:`~annotator.agreement.bootstrap`).
    Raises :class:`ValueError` for fewer than two annotators, repeated ids or spans that do not fit
    their document.
    """
    keep_rows = bootstrap is not None and bootstrap.draws > 0
    report, parts, tallies = _gather(documents, annotators, categories, keep_rows=keep_rows)
    if not keep_rows:
        return report
    assert bootstrap is not None
    found = _agreement_intervals(
        report, parts=parts, lengths=[d.length for d in documents], tallies=tallies, settings=bootstrap
    )
    return replace(report, intervals=found)


def agreement_draws(
    documents: Sequence[DocumentSpans],
    *,
    annotators: Sequence[str],
    categories: Sequence[str],
    weights: Sequence[Sequence[float]],
) -> SpanDraws:
    """Every alpha of :func:`compute_agreement` in the resamples that ``weights`` describe.

    Each row of ``weights`` says how many times each document is in one resample: exactly what
    the bootstrap computes for its random draws, given here by hand so that it can be checked
    against :func:`compute_agreement` on the resampled documents themselves.
    """
    import numpy as np

    report, parts, tallies = _gather(documents, annotators, categories, keep_rows=True)
    block = np.array(weights, dtype=np.float64).reshape(len(weights), len(documents))
    return _span_draws(
        report,
        parts=parts,
        lengths=[d.length for d in documents],
        tallies=tallies,
        settings=BootstrapSettings(),
        weights=[block],
    )


def _gather(
    documents: Sequence[DocumentSpans],
    annotators: Sequence[str],
    categories: Sequence[str],
    *,
    keep_rows: bool,
) -> tuple[AgreementReport, dict[str, _CategoryParts], list[LabelTally]]:
    """The point estimates, and (``keep_rows``) what resampling documents needs of each document."""
    coders = _check_ids(annotators, "annotators")
    names = _check_ids(categories, "categories")
    if len(coders) < 2:
        raise ValueError("agreement needs at least two annotators")
    m = len(coders)
    k_count = len(names)
    category_index = {name: k for k, name in enumerate(names)}
    pairs = list(combinations(range(m), 2))

    parts = [_CategoryParts.empty(m, keep_rows=keep_rows) for _ in range(k_count)]
    tally: LabelTally = LabelTally()
    document_tallies: list[LabelTally] = []
    # per pair, per category: [exact matched, overlap matched, spans of a, spans of b]
    span_counts = {pair: [[0, 0, 0, 0] for _ in range(k_count)] for pair in pairs}
    unit_counts = [[0] * k_count for _ in range(m)]

    total_length = 0
    coded_documents = 0
    for d, document in enumerate(documents):
        raw = normalize_document(document, annotators=coders, category_index=category_index)
        length = document.length
        total_length += length
        by_category: list[list[list[Interval]]] = []
        for c, units in enumerate(raw):
            own: list[list[Interval]] = [[] for _ in range(k_count)]
            for start, end, k in units:
                own[k].append((start, end))
            for k, intervals in enumerate(own):
                unit_counts[c][k] += len(intervals)
            by_category.append(own)

        if any(raw):
            coded_documents += 1
        for k in range(k_count):
            part = parts[k]
            merged = [merge_overlapping(by_category[c][k]) for c in range(m)]
            coded = any(merged)
            if coded:
                part.documents_with_units += 1
            for c, units_c in enumerate(merged):
                gaps = gaps_of(units_c, length) if coded else ([length] if length else [])
                part.gaps[c].extend(gaps)
                if units_c:
                    part.lengths[c].update(e - s for s, e in units_c)
                if part.unit_rows is not None and part.gap_rows is not None:
                    part.unit_rows[c][0].extend(e - s for s, e in units_c)
                    part.unit_rows[c][1].extend([d] * len(units_c))
                    part.gap_rows[c][0].extend(gaps)
                    part.gap_rows[c][1].extend([d] * len(gaps))
            for p, (i, j) in enumerate(pairs):
                distance = pairs_observed([merged[i], merged[j]]) if coded else 0
                part.observed[p] += distance
                if part.observed_rows is not None:
                    part.observed_rows[p].append(distance)

        runs = [label_runs(units, length=length, none_label=k_count) for units in raw]
        if keep_rows:
            own_tally = tally_labels(runs)
            document_tallies.append(own_tally)
            tally.update(own_tally)
        else:
            tally_labels(runs, into=tally)

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

    disagreements = {name: parts[k].disagreement(total_length) for k, name in enumerate(names)}
    pairwise_alpha: dict[tuple[str, str], float | None] = {}
    if m > 2:
        for i, j in pairs:
            pairwise_alpha[(coders[i], coders[j])] = combine(
                parts[k].disagreement(total_length, (i, j)) for k in range(k_count)
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
    agreement, agreement_by_label = percent_agreement(tally, labels=labels)
    report = AgreementReport(
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
        characters=total_length,
        documents_with_units={name: parts[k].documents_with_units for k, name in enumerate(names)},
        coded_documents=coded_documents,
        percent_agreement=agreement,
        percent_agreement_categories=dict(zip(names, agreement_by_label[:k_count], strict=True)),
    )
    return report, dict(zip(names, parts, strict=True)), document_tallies


def _agreement_intervals(
    report: AgreementReport,
    *,
    parts: Mapping[str, _CategoryParts],
    lengths: Sequence[int],
    tallies: Sequence[LabelTally],
    settings: BootstrapSettings,
) -> AgreementIntervals:
    """Resample the documents: every alpha of ``report`` in each draw, then its interval.

    numpy is imported here, so that computing agreement without intervals (the app's review
    panel) does not load it.
    """
    import numpy as np

    from annotator.agreement.bootstrap import interval_from_draws

    names = report.categories
    if len(lengths) < 2:
        return AgreementIntervals(
            settings=settings,
            alpha_u=None,
            alpha_u_categories=dict.fromkeys(names),
            alpha_positions=None,
            alpha_u_pairwise=dict.fromkeys(report.alpha_u_pairwise),
        )
    draws = _span_draws(report, parts=parts, lengths=lengths, tallies=tallies, settings=settings)

    def interval(
        point: float | None, values: np.ndarray[Any, Any] | None, carriers: int
    ) -> BootstrapInterval | None:
        # coding in a single document leaves nothing to vary between resampled documents: an
        # interval would only reflect the other documents' lengths, and look deceptively narrow
        if point is None or values is None or carriers < 2:
            return None
        return interval_from_draws(values, settings)

    coded = report.coded_documents
    return AgreementIntervals(
        settings=settings,
        alpha_u=interval(report.alpha_u, draws.overall, coded),
        alpha_u_categories={
            name: interval(
                report.alpha_u_categories[name], draws.categories[name], report.documents_with_units[name]
            )
            for name in names
        },
        alpha_positions=interval(report.alpha_positions, draws.positions, coded),
        alpha_u_pairwise={
            key: interval(point, draws.pairs[key], coded) for key, point in report.alpha_u_pairwise.items()
        },
    )


def _span_draws(
    report: AgreementReport,
    *,
    parts: Mapping[str, _CategoryParts],
    lengths: Sequence[int],
    tallies: Sequence[LabelTally],
    settings: BootstrapSettings,
    weights: Sequence[Any] | None = None,
) -> SpanDraws:
    """The per-document tables of ``parts`` and ``tallies`` in numpy, and every alpha per draw."""
    import numpy as np

    from annotator.agreement.bootstrap import UnitizingSample, span_draws

    m = len(report.annotators)
    names = report.categories
    clusters = len(lengths)
    doc_lengths = np.array(lengths, dtype=np.float64)
    pair_index = {pair: p for p, pair in enumerate(combinations(range(m), 2))}

    def sample(part: _CategoryParts, chosen: Sequence[int]) -> UnitizingSample:
        assert part.unit_rows is not None and part.gap_rows is not None and part.observed_rows is not None
        observed = np.zeros(clusters)
        for pair in combinations(chosen, 2):
            observed += np.array(part.observed_rows[pair_index[pair]], dtype=np.float64)

        def rows(table: list[tuple[list[int], list[int]]], column: int) -> np.ndarray[Any, Any]:
            return np.array([x for c in chosen for x in table[c][column]], dtype=np.int64)

        return UnitizingSample(
            coders=len(chosen),
            lengths=doc_lengths,
            observed=observed,
            unit_lengths=rows(part.unit_rows, 0),
            unit_documents=rows(part.unit_rows, 1),
            gap_lengths=rows(part.gap_rows, 0),
            gap_documents=rows(part.gap_rows, 1),
        )

    labels = len(names) + 1
    # the few label combinations are shared by all documents: one coincidence matrix each
    combos = sorted({combination for t in tallies for combination in t})
    per_combo = np.array(
        [position_coincidences(LabelTally({c: 1}), labels=labels) for c in combos], dtype=np.float64
    ).reshape(len(combos), labels * labels)
    column = {c: i for i, c in enumerate(combos)}
    share = np.zeros((clusters, len(combos)))
    for d, t in enumerate(tallies):
        for combination, weight in t.items():
            share[d, column[combination]] = weight
    coincidences = (share @ per_combo).reshape(clusters, labels, labels)

    everyone = list(range(m))
    pair_ids = {
        key: [report.annotators.index(key[0]), report.annotators.index(key[1])]
        for key in report.alpha_u_pairwise
    }
    return span_draws(
        {name: sample(part, everyone) for name, part in parts.items()},
        settings=settings,
        coincidences=coincidences,
        pairs={
            key: {name: sample(part, chosen) for name, part in parts.items()}
            for key, chosen in pair_ids.items()
        },
        weights=weights,
    )


def compute_document_agreement(
    document: DocumentSpans,
    *,
    annotators: Sequence[str],
    categories: Sequence[str],
) -> AgreementReport:
    """The same figures for one document, for the app's per-document agreement view."""
    return compute_agreement([document], annotators=annotators, categories=categories)
