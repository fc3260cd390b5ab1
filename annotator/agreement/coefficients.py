"""Chance-corrected agreement coefficients on already-tabulated data.

Krippendorff's alpha is written once, on a coincidence matrix, because every alpha in this package
(the textbook reliability-data alpha and the position-level alpha over code points) is the same
formula on differently built matrices; keeping one implementation keeps them consistent. Cohen's
and Fleiss' kappa take the tables their papers define, so each can be checked against the published
worked examples.

References:

- Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability. Annenberg School for
  Communication, University of Pennsylvania.
- Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological
  Measurement 20(1), 37-46.
- Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. Psychological
  Bulletin 76(5), 378-382.
"""

from __future__ import annotations

import contextlib
from collections.abc import Hashable, Sequence
from itertools import accumulate
from typing import Any, Literal, cast

__all__ = [
    "Metric",
    "alpha_from_coincidences",
    "cohen_kappa_from_table",
    "coincidence_matrix",
    "fleiss_kappa_from_counts",
    "krippendorff_alpha",
]

Metric = Literal["nominal", "ordinal", "interval", "ratio"]
_METRICS: frozenset[str] = frozenset({"nominal", "ordinal", "interval", "ratio"})
# Chance agreement this close to 1 is "perfect": rounding must not turn 0/0 into a huge kappa.
_EPSILON = 1e-12


def _squared_distances(
    metric: Metric, totals: Sequence[float], values: Sequence[float] | None
) -> list[list[float]]:
    """The delta-squared matrix of Krippendorff (2011) for ``metric``.

    Ordinal distances depend on how often each value was used (they are rank distances), which is
    why the marginal ``totals`` come in; interval and ratio distances need the numeric values.
    """
    size = len(totals)
    if metric == "nominal":
        return [[0.0 if c == k else 1.0 for k in range(size)] for c in range(size)]
    if metric == "ordinal":
        prefix = [0.0, *accumulate(totals)]
        result = [[0.0] * size for _ in range(size)]
        for c in range(size):
            for k in range(c + 1, size):
                # sum of n_g for g = c..k, minus half of the two end points
                d = prefix[k + 1] - prefix[c] - (totals[c] + totals[k]) / 2.0
                result[c][k] = result[k][c] = d * d
        return result
    if values is None or len(values) != size:
        raise ValueError(f"the {metric} metric needs one numeric value per row of the matrix")
    if metric == "interval":
        return [[(vc - vk) ** 2 for vk in values] for vc in values]
    # ratio
    return [[0.0 if vc + vk == 0 else ((vc - vk) / (vc + vk)) ** 2 for vk in values] for vc in values]


def alpha_from_coincidences(
    coincidences: Sequence[Sequence[float]],
    *,
    metric: Metric = "nominal",
    values: Sequence[float] | None = None,
) -> float | None:
    """Krippendorff's alpha from a square coincidence matrix.

    ``coincidences[c][k]`` is o_ck of Krippendorff (2011): how often value c was paired with value
    k within a unit, each unit's pairs weighted by 1 / (m_u - 1). Rows must be in the values' order
    for the ordinal metric; interval and ratio need the numeric ``values`` of the rows.

    alpha = 1 - (n - 1) * sum(o_ck * delta_ck) / sum(n_c * n_k * delta_ck).

    Returns ``None`` where alpha is undefined: fewer than two pairable values, or no expected
    disagreement at all (every value the same), where any observed agreement says nothing about
    reliability.
    """
    if metric not in _METRICS:
        raise ValueError(f"unknown metric {metric!r}")
    size = len(coincidences)
    if any(len(row) != size for row in coincidences):
        raise ValueError("the coincidence matrix must be square")
    totals = [float(sum(row)) for row in coincidences]
    n = sum(totals)
    if n <= 1.0:
        return None
    delta = _squared_distances(metric, totals, values)
    observed = 0.0
    expected = 0.0
    for c in range(size):
        row = coincidences[c]
        drow = delta[c]
        for k in range(size):
            if drow[k]:
                observed += row[k] * drow[k]
                expected += totals[c] * totals[k] * drow[k]
    if expected <= 0.0:
        return None
    return 1.0 - (n - 1.0) * observed / expected


def coincidence_matrix(
    reliability_data: Sequence[Sequence[Hashable | None]],
) -> tuple[list[Hashable], list[list[float]]]:
    """Values and coincidence matrix of reliability data (rows: observers, columns: units).

    ``None`` marks a missing value. Units with fewer than two values are not pairable and are
    dropped, as Krippendorff (2011) prescribes. The values come back sorted when they can be (so
    the ordinal, interval and ratio metrics see them in order), otherwise in first-seen order.
    """
    if not reliability_data:
        return [], []
    width = len(reliability_data[0])
    if any(len(row) != width for row in reliability_data):
        raise ValueError("every observer needs one entry (possibly None) per unit")
    seen: dict[Hashable, None] = {}
    for row in reliability_data:
        for value in row:
            if value is not None:
                seen.setdefault(value, None)
    values: list[Hashable] = list(seen)
    with contextlib.suppress(TypeError):  # unorderable values keep first-seen order
        values = sorted(cast("list[Any]", values))
    index = {value: i for i, value in enumerate(values)}
    matrix = [[0.0] * len(values) for _ in values]
    for u in range(width):
        present = [index[row[u]] for row in reliability_data if row[u] is not None]
        m_u = len(present)
        if m_u < 2:
            continue
        weight = 1.0 / (m_u - 1)
        for i, c in enumerate(present):
            for j, k in enumerate(present):
                if i != j:
                    matrix[c][k] += weight
    return values, matrix


def krippendorff_alpha(
    reliability_data: Sequence[Sequence[Hashable | None]],
    *,
    metric: Metric = "nominal",
) -> float | None:
    """Krippendorff's alpha of reliability data, observers as rows and units as columns.

    Missing values are ``None``. The non-nominal metrics need numeric (int or float) values.
    Returns ``None`` where alpha is undefined (see :func:`alpha_from_coincidences`).
    """
    values, matrix = coincidence_matrix(reliability_data)
    numeric: list[float] | None = None
    if metric in ("interval", "ratio"):
        numeric = []
        for value in values:
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise TypeError(f"the {metric} metric needs numeric values, got {value!r}")
            numeric.append(float(value))
    return alpha_from_coincidences(matrix, metric=metric, values=numeric)


def cohen_kappa_from_table(table: Sequence[Sequence[float]]) -> float | None:
    """Cohen's (1960) kappa from a square contingency table of two coders' judgements.

    ``table[i][j]`` counts (or weighs) the items coder A put in category i and coder B in j.
    Returns ``None`` when chance agreement is already perfect (both coders used one and the same
    category throughout) or the table is empty, where kappa is 0/0.
    """
    size = len(table)
    if any(len(row) != size for row in table):
        raise ValueError("the contingency table must be square")
    total = float(sum(sum(row) for row in table))
    if total <= 0.0:
        return None
    rows = [float(sum(row)) for row in table]
    cols = [float(sum(table[i][j] for i in range(size))) for j in range(size)]
    observed = sum(table[i][i] for i in range(size)) / total
    expected = sum(rows[i] * cols[i] for i in range(size)) / (total * total)
    if expected >= 1.0 - _EPSILON:
        return None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa_from_counts(
    counts: Sequence[Sequence[float]],
    *,
    weights: Sequence[float] | None = None,
) -> float | None:
    """Fleiss' (1971) kappa from a subjects x categories table of rating counts.

    ``counts[i][j]`` is how many raters put subject i into category j; every subject needs the
    same number of raters (at least two). ``weights`` lets one row stand for many identical
    subjects (the position-level kappa weighs a run of code points by its length) and defaults to 1.
    Returns ``None`` when there are no subjects or chance agreement is perfect.
    """
    if weights is not None and len(weights) != len(counts):
        raise ValueError("weights need one entry per subject")
    if not counts:
        return None
    raters = float(sum(counts[0]))
    if raters < 2.0:
        raise ValueError("Fleiss' kappa needs at least two ratings per subject")
    width = len(counts[0])
    category_totals = [0.0] * width
    total_weight = 0.0
    agreement_sum = 0.0
    for i, row in enumerate(counts):
        if len(row) != width or float(sum(row)) != raters:
            raise ValueError("every subject needs the same categories and number of ratings")
        weight = 1.0 if weights is None else float(weights[i])
        total_weight += weight
        agreement_sum += weight * (sum(x * x for x in row) - raters) / (raters * (raters - 1.0))
        for j, x in enumerate(row):
            category_totals[j] += weight * x
    if total_weight <= 0.0:
        return None
    observed = agreement_sum / total_weight
    expected = sum((t / (total_weight * raters)) ** 2 for t in category_totals)
    if expected >= 1.0 - _EPSILON:
        return None
    return (observed - expected) / (1.0 - expected)
