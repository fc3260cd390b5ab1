"""Krippendorff's alpha, Cohen's and Fleiss' kappa against the published worked examples."""

from __future__ import annotations

import pytest

from annotator.agreement import (
    Metric,
    alpha_from_coincidences,
    cohen_kappa_from_table,
    coincidence_matrix,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
)

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: 4 observers,
# 12 units, missing values.
KRIPPENDORFF_2011: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


@pytest.mark.parametrize(
    ("metric", "expected"),
    [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)],
)
def test_krippendorff_2011_example(metric: Metric, expected: float) -> None:
    alpha = krippendorff_alpha(KRIPPENDORFF_2011, metric=metric)
    assert alpha is not None
    assert round(alpha, 3) == expected


def test_krippendorff_2011_coincidence_matrix() -> None:
    # The matrix printed in the paper; units 12 (one value) is not pairable and drops out.
    third = 1 / 3
    published = [
        [7, 4 * third, third, third, 0],
        [4 * third, 10, 4 * third, third, 0],
        [third, 4 * third, 8, third, 0],
        [third, third, third, 4, 0],
        [0, 0, 0, 0, 3],
    ]
    values, matrix = coincidence_matrix(KRIPPENDORFF_2011)
    assert values == [1, 2, 3, 4, 5]
    for row, expected_row in zip(matrix, published, strict=True):
        assert row == pytest.approx(expected_row)
    assert sum(map(sum, matrix)) == pytest.approx(40)


def test_alpha_perfect_agreement_is_one() -> None:
    assert krippendorff_alpha([["a", "b", "a"], ["a", "b", "a"]]) == 1.0


def test_alpha_undefined_without_variation_or_pairs() -> None:
    # Every value the same: no expected disagreement, alpha is 0/0.
    assert krippendorff_alpha([["a", "a"], ["a", "a"]]) is None
    # No unit has two values: nothing is pairable.
    assert krippendorff_alpha([["a", None], [None, "b"]]) is None
    assert krippendorff_alpha([]) is None
    assert alpha_from_coincidences([]) is None


def test_alpha_systematic_disagreement_is_negative() -> None:
    alpha = krippendorff_alpha([["a", "b", "a", "b"], ["b", "a", "b", "a"]])
    assert alpha is not None
    assert alpha < 0


def test_alpha_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="square"):
        alpha_from_coincidences([[1.0, 2.0]])
    with pytest.raises(ValueError, match="numeric value"):
        alpha_from_coincidences([[1.0, 1.0], [1.0, 1.0]], metric="interval")
    with pytest.raises(TypeError, match="numeric"):
        krippendorff_alpha([["a", "b"], ["a", "a"]], metric="interval")
    with pytest.raises(ValueError, match="one entry"):
        krippendorff_alpha([["a", "b"], ["a"]])


def test_cohen_1960_example() -> None:
    # Cohen (1960), table 1: p_o = .70, p_c = .41, kappa = .4915.
    kappa = cohen_kappa_from_table([[88, 14, 18], [10, 40, 10], [2, 6, 12]])
    assert kappa is not None
    assert round(kappa, 4) == 0.4915


def test_cohen_edge_cases() -> None:
    assert cohen_kappa_from_table([[5, 0], [0, 5]]) == 1.0
    # Both coders used one category throughout: chance agreement is perfect, kappa undefined.
    assert cohen_kappa_from_table([[10, 0], [0, 0]]) is None
    assert cohen_kappa_from_table([[0, 0], [0, 0]]) is None
    with pytest.raises(ValueError, match="square"):
        cohen_kappa_from_table([[1, 2, 3], [4, 5, 6]])


# Fleiss' kappa worked example (Wikipedia, "Fleiss' kappa"): 10 subjects, 14 raters, 5 categories.
FLEISS_EXAMPLE = [
    [0, 0, 0, 0, 14],
    [0, 2, 6, 4, 2],
    [0, 0, 3, 5, 6],
    [0, 3, 9, 2, 0],
    [2, 2, 8, 1, 1],
    [7, 7, 0, 0, 0],
    [3, 2, 6, 3, 0],
    [2, 5, 3, 2, 2],
    [6, 5, 2, 1, 0],
    [0, 2, 2, 3, 7],
]


def test_fleiss_worked_example() -> None:
    kappa = fleiss_kappa_from_counts(FLEISS_EXAMPLE)
    assert kappa is not None
    assert round(kappa, 3) == 0.210


def test_fleiss_weights_equal_repeated_rows() -> None:
    repeated = [*FLEISS_EXAMPLE, FLEISS_EXAMPLE[1], FLEISS_EXAMPLE[1], FLEISS_EXAMPLE[5]]
    weights = [1.0] * len(FLEISS_EXAMPLE)
    weights[1] = 3.0
    weights[5] = 2.0
    assert fleiss_kappa_from_counts(FLEISS_EXAMPLE, weights=weights) == pytest.approx(
        fleiss_kappa_from_counts(repeated)
    )


def test_fleiss_with_two_raters_matches_scott_pi() -> None:
    # With two raters Fleiss' kappa is Scott's pi, which equals Krippendorff's nominal alpha up to
    # the small-sample factor: (n - 1) / n applied to the disagreement ratio.
    a = ["x", "y", "x", "x", "z", "y"]
    b = ["x", "y", "y", "x", "z", "z"]
    labels = ["x", "y", "z"]
    counts = [[(ra == c) + (rb == c) for c in labels] for ra, rb in zip(a, b, strict=True)]
    pi = fleiss_kappa_from_counts(counts)
    alpha = krippendorff_alpha([a, b])
    assert pi is not None
    assert alpha is not None
    n = 2 * len(a)
    assert 1 - alpha == pytest.approx((1 - pi) * (n - 1) / n)


def test_fleiss_edge_cases() -> None:
    assert fleiss_kappa_from_counts([]) is None
    assert fleiss_kappa_from_counts([[3, 0], [3, 0]]) is None
    assert fleiss_kappa_from_counts([[3, 0], [0, 3]]) == 1.0
    with pytest.raises(ValueError, match="same categories"):
        fleiss_kappa_from_counts([[3, 0], [1, 1]])
    with pytest.raises(ValueError, match="two ratings"):
        fleiss_kappa_from_counts([[1, 0]])
