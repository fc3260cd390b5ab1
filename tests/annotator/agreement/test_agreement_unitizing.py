"""alpha_U against DKPro Agreement's published tests and a literal transcription of its formulas."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from annotator.agreement import (
    DocumentSpans,
    Unit,
    UnitizingAlpha,
    UnitizingDisagreement,
    compute_agreement,
    unitizing_alpha,
)
from annotator.agreement.unitizing import (
    Interval,
    _pair_observed,
    category_disagreement,
    merge_overlapping,
)


def test_dkpro_unitizing_agreement_test() -> None:
    # DKPro Agreement, UnitizingAgreementTest: continuum [0, 10), 2 raters, one category;
    # rater 0 codes [1, 9), rater 1 codes [2, 3), [4, 5), [6, 7).
    # Published: D_o = 0.9100, D_e = 0.5351, alpha_U = -0.7003.
    result = unitizing_alpha(
        [[(1, 9, "X")], [(2, 3, "X"), (4, 5, "X"), (6, 7, "X")]],
        length=10,
    )
    assert result.overall is not None
    assert round(result.overall, 4) == -0.7003
    assert result.categories == {"X": result.overall}
    d = result.disagreements["X"]
    # Hand-worked: overlapping unit pairs give 37 + 25 + 29 = 91 per direction, so
    # D_o = 2 * 91 / (2 * 1 * 10**2); D_e = (2 / 10) * 867 / (20 * 19 - 8 * 7).
    assert float(d.observed) == pytest.approx(0.9100, abs=1e-4)
    assert float(d.expected) == pytest.approx(0.5351, abs=1e-4)
    assert d.observed == Fraction(182, 200)
    assert d.expected == Fraction(2 * 867, 10 * 324)


def krippendorff_2004_example() -> list[list[Unit]]:
    """Krippendorff (2004: p. 254) as set up in DKPro's Krippendorff2004Test.

    The continuum there begins at 150 and is 300 long; offsets here are shifted to begin at 0.
    """

    def shift(offset: int, length: int, category: str) -> Unit:
        return Unit(offset - 150, offset - 150 + length, category)

    coder_i = [shift(225, 70, "c"), shift(370, 30, "c"), shift(180, 60, "k"), shift(300, 50, "k")]
    coder_j = [
        shift(220, 80, "c"),
        shift(355, 20, "c"),
        shift(400, 20, "c"),
        shift(180, 60, "k"),
        shift(300, 50, "k"),
    ]
    return [coder_i, coder_j]


def test_krippendorff_2004_example() -> None:
    result = unitizing_alpha(krippendorff_2004_example(), length=300)
    c = result.disagreements["c"]
    k = result.disagreements["k"]
    assert float(c.observed) == pytest.approx(0.0144, abs=1e-4)
    assert float(c.expected) == pytest.approx(0.0532, abs=1e-4)
    assert result.categories["c"] == pytest.approx(0.7286, abs=1e-4)
    assert float(k.observed) == 0.0
    assert float(k.expected) == pytest.approx(0.0490, abs=1e-4)
    assert result.categories["k"] == 1.0
    # The book prints 0.8591 from rounded intermediate values; DKPro checks it to +-0.0005 too.
    assert result.overall == pytest.approx(0.8591, abs=5e-4)


# Krippendorff (1995: p. 57) as set up in DKPro's Krippendorff1995Test: (offset, length, coder,
# category) on a continuum of 24, stretched by a factor to study how D_e depends on resolution.
KRIPPENDORFF_1995 = [
    *[(2, 8, 0, "A"), (14, 6, 0, "A"), (4, 4, 1, "A"), (15, 2, 1, "A")],
    *[(0, 18, 0, "B"), (0, 2, 1, "B"), (2, 1, 1, "B"), (3, 1, 1, "B"), (4, 1, 1, "B")],
    *[(5, 1, 1, "B"), (6, 3, 1, "B"), (9, 1, 1, "B")],
    *[(2, 6, 0, "C"), (10, 2, 0, "C"), (14, 4, 0, "C"), (20, 2, 0, "C"), (0, 2, 1, "C")],
    *[(4, 4, 1, "C"), (10, 4, 1, "C"), (16, 2, 1, "C"), (20, 2, 1, "C")],
    *[(0, 2, 0, "D"), (2, 8, 0, "D"), (10, 4, 0, "D"), (14, 6, 0, "D"), (20, 4, 0, "D")],
    *[(0, 4, 1, "D"), (4, 4, 1, "D"), (8, 7, 1, "D"), (15, 2, 1, "D"), (17, 7, 1, "D")],
]


def krippendorff_1995(stretch: float, categories: str = "ABCD") -> UnitizingAlpha:
    coders: list[list[Unit]] = [[], []]
    for offset, length, coder, category in KRIPPENDORFF_1995:
        if category in categories:
            start = int(offset * stretch)
            coders[coder].append(Unit(start, start + int(length * stretch), category))
    return unitizing_alpha(coders, length=int(24 * stretch), categories=list(categories))


def test_krippendorff_1995_observed_disagreement() -> None:
    # Touching units (B, D) stay separate units: that is what makes D_o(B) exceed 2.
    result = krippendorff_1995(1)
    observed = {name: float(d.observed) for name, d in result.disagreements.items()}
    assert observed == pytest.approx({"A": 0.03125, "B": 2.26736, "C": 0.02777, "D": 0.38715}, abs=1e-5)


def test_krippendorff_1995_expected_disagreement_and_alpha() -> None:
    # DKPro's tolerances: the 1995 paper's D_e is slightly off (see the note in DKPro's test).
    result = krippendorff_1995(1_200_000 / 24)
    expected = {name: float(d.expected) for name, d in result.disagreements.items()}
    assert expected == pytest.approx({"A": 0.06990, "B": 1.17731, "C": 0.08642, "D": 0.41445}, abs=0.005)
    assert result.categories == pytest.approx({"A": 0.553, "B": -0.926, "C": 0.679, "D": 0.066}, abs=0.02)
    small = krippendorff_1995(12 / 24, categories="C")
    assert float(small.disagreements["C"].observed) == pytest.approx(0.02777, abs=1e-5)
    assert float(small.disagreements["C"].expected) == pytest.approx(0.05494, abs=1e-5)
    assert small.categories["C"] == pytest.approx(0.494, abs=0.02)


def test_dkpro_single_unit_three_raters() -> None:
    # DKPro UnitizingAgreementTest.testSingleAnnotationUnit: D_o = D_e = 1/600, alpha_U = 0.
    result = unitizing_alpha([[(0, 1, "X")], [], []], length=20)
    assert result.disagreements["X"] == UnitizingDisagreement(Fraction(1, 600), Fraction(1, 600))
    assert result.overall == 0.0


def test_dkpro_distance_examples() -> None:
    # DKPro's Krippendorff2004Test.testDistanceMetric2, through the pair sweep.
    assert _pair_observed([(225, 295)], [(220, 300)]) == 50
    assert _pair_observed([(370, 400)], [(355, 375)]) == 850
    # A unit inside the other coder's gap costs its squared length.
    assert _pair_observed([], [(400, 420)]) == 400
    # testDistanceMetric1: units (5, 6) against (4, 2), (5, 2), (6, 2), (7, 2), (6, 4), (5, 6).
    for (offset, length), expected in [
        ((4, 2), 26),
        ((5, 2), 16),
        ((6, 2), 10),
        ((7, 2), 8),
        ((6, 4), 2),
        ((5, 6), 0),
    ]:
        assert _pair_observed([(5, 11)], [(offset, offset + length)]) == expected


def test_perfect_agreement_is_one_and_empty_category_undefined() -> None:
    spans = [(2, 5, "a"), (7, 9, "b")]
    result = unitizing_alpha([spans, list(spans)], length=12, categories=["a", "b", "unused"])
    assert result.overall == 1.0
    assert result.categories == {"a": 1.0, "b": 1.0, "unused": None}


def test_no_units_or_empty_continuum_is_undefined() -> None:
    assert unitizing_alpha([[], []], length=10).overall is None
    assert unitizing_alpha([[], []], length=0, categories=["x"]).categories == {"x": None}


def test_overlapping_units_of_one_coder_are_merged() -> None:
    assert merge_overlapping([(0, 4), (2, 6), (6, 8), (9, 10), (9, 12)]) == [(0, 6), (6, 8), (9, 12)]
    nested = unitizing_alpha([[(0, 4, "x"), (2, 6, "x")], [(0, 6, "x")]], length=10)
    assert nested.overall == 1.0


def test_rejects_spans_outside_continuum_and_single_coder() -> None:
    with pytest.raises(ValueError, match="outside"):
        unitizing_alpha([[(3, 12, "x")], []], length=10)
    with pytest.raises(ValueError, match="two coders"):
        category_disagreement([[(0, 1)]], length=3)


# ----- a literal transcription of DKPro's formulas, checked against the sweep on random data -----


def _segments(units: list[Interval], length: int) -> list[tuple[int, int, bool]]:
    """(begin, length, is_unit) for every unit and gap of one coder, as DKPro enumerates them."""
    segments: list[tuple[int, int, bool]] = []
    pos = 0
    for start, end in units:
        if start > pos:
            segments.append((pos, start - pos, False))
        segments.append((start, end - start, True))
        pos = end
    if pos < length:
        segments.append((pos, length - pos, False))
    return segments


def _measure_distance(b1: int, l1: int, u1: bool, b2: int, l2: int, u2: bool) -> int:
    begin_diff = b1 - b2
    length_diff = l1 - l2
    if u1 and u2 and -l1 < begin_diff < l2:
        return begin_diff**2 + (begin_diff + length_diff) ** 2
    if u1 and not u2 and -length_diff >= begin_diff >= 0:
        return l1 * l1
    if not u1 and u2 and -length_diff <= begin_diff <= 0:
        return l2 * l2
    return 0


def naive_disagreement(coders: list[list[Interval]], length: int) -> tuple[Fraction, Fraction]:
    m = len(coders)
    segments = [_segments(units, length) for units in coders]
    total = 0
    for i in range(m):
        for j in range(m):
            if i != j:
                for g in segments[i]:
                    for h in segments[j]:
                        total += _measure_distance(*g, *h)
    observed = Fraction(total, m * (m - 1) * length * length)
    units = [seg[1] for segs in segments for seg in segs if seg[2]]
    gaps = [seg[1] for segs in segments for seg in segs if not seg[2]]
    n_c = len(units)
    expected_sum = Fraction(0)
    for unit in units:
        expected_sum += Fraction((n_c - 1) * (2 * unit**3 - 3 * unit**2 + unit), 3)
        expected_sum += unit * unit * sum(gap - unit + 1 for gap in gaps if gap >= unit)
    denominator = m * length * (m * length - 1) - sum(unit * (unit - 1) for unit in units)
    expected = Fraction(2, length) * expected_sum / denominator
    return observed, expected


def _random_units(rng: random.Random, length: int) -> list[Interval]:
    raw = []
    for _ in range(rng.randint(0, 5)):
        start = rng.randrange(length)
        raw.append((start, rng.randint(start + 1, min(length, start + 8))))
    return merge_overlapping(sorted(raw))


@pytest.mark.parametrize("coders", [2, 3, 4])
def test_sweep_matches_literal_formulas_on_random_data(coders: int) -> None:
    rng = random.Random(20040 + coders)
    for _ in range(300):
        length = rng.randint(1, 25)
        data = [_random_units(rng, length) for _ in range(coders)]
        result = category_disagreement(data, length=length)
        observed, expected = naive_disagreement(data, length)
        assert (result.observed, result.expected) == (observed, expected), data


def naive_pooled(documents: list[tuple[list[list[Interval]], int]]) -> tuple[Fraction, Fraction]:
    """The literal formulas over several continua: distances within documents, all units, and
    every document's own gaps, over the total length."""
    m = len(documents[0][0])
    length = sum(doc_length for _, doc_length in documents)
    total = 0
    units: list[int] = []
    gaps: list[int] = []
    for coders, doc_length in documents:
        segments = [_segments(u, doc_length) for u in coders]
        for i in range(m):
            for j in range(m):
                if i != j:
                    for g in segments[i]:
                        for h in segments[j]:
                            total += _measure_distance(*g, *h)
        units += [seg[1] for segs in segments for seg in segs if seg[2]]
        gaps += [seg[1] for segs in segments for seg in segs if not seg[2]]
    observed = Fraction(total, m * (m - 1) * length * length)
    expected_sum = Fraction(0)
    for unit in units:
        expected_sum += Fraction((len(units) - 1) * (2 * unit**3 - 3 * unit**2 + unit), 3)
        expected_sum += unit * unit * sum(gap - unit + 1 for gap in gaps if gap >= unit)
    denominator = m * length * (m * length - 1) - sum(unit * (unit - 1) for unit in units)
    return observed, Fraction(2, length) * expected_sum / denominator


def test_project_pools_documents_with_a_boundary_between_them() -> None:
    doc1 = DocumentSpans(10, {"a": [(1, 4, "x"), (6, 10, "y")], "b": [(2, 4, "x"), (6, 9, "y")]})
    doc2 = DocumentSpans(7, {"a": [(0, 3, "y")], "b": [(0, 2, "y"), (4, 7, "x")]})
    report = compute_agreement([doc1, doc2], annotators=["a", "b"], categories=["x", "y"])
    # a's x-gap [4, 10) of doc1 and its x-gap over all of doc2 stay two gaps: no unit could be
    # placed across the boundary of two articles
    x = naive_pooled([([[(1, 4)], [(2, 4)]], 10), ([[], [(4, 7)]], 7)])
    y = naive_pooled([([[(6, 10)], [(6, 9)]], 10), ([[(0, 3)], [(0, 2)]], 7)])
    assert (report.alpha_u_disagreements["x"].observed, report.alpha_u_disagreements["x"].expected) == x
    assert (report.alpha_u_disagreements["y"].observed, report.alpha_u_disagreements["y"].expected) == y
    assert report.alpha_u == float(1 - (x[0] + y[0]) / (x[1] + y[1]))


@pytest.mark.parametrize("coders", [2, 3])
def test_pooled_parts_match_literal_formulas_on_random_projects(coders: int) -> None:
    rng = random.Random(1995 + coders)
    for _ in range(60):
        documents = []
        for _ in range(rng.randint(1, 4)):
            length = rng.randint(1, 20)
            documents.append(([_random_units(rng, length) for _ in range(coders)], length))
        spans = [
            DocumentSpans(length, {str(c): [(s, e, "x") for s, e in units[c]] for c in range(coders)})
            for units, length in documents
        ]
        report = compute_agreement(spans, annotators=[str(c) for c in range(coders)], categories=["x"])
        d = report.alpha_u_disagreements["x"]
        assert (d.observed, d.expected) == naive_pooled(documents)


def test_project_alpha_u_does_not_depend_on_document_order() -> None:
    rng = random.Random(7)
    docs = []
    for _ in range(12):
        length = rng.randint(5, 30)
        docs.append(
            DocumentSpans(
                length,
                {
                    coder: [(s, e, rng.choice("xy")) for s, e in _random_units(rng, length)]
                    for coder in ("a", "b", "c")
                },
            )
        )
    first = compute_agreement(docs, annotators=["a", "b", "c"], categories=["x", "y"])
    shuffled = list(docs)
    rng.shuffle(shuffled)
    second = compute_agreement(shuffled, annotators=["a", "b", "c"], categories=["x", "y"])
    assert first.alpha_u_disagreements == second.alpha_u_disagreements  # exact fractions
    assert first.alpha_u_pairwise == second.alpha_u_pairwise


def test_one_document_is_the_single_continuum_formula() -> None:
    coders = krippendorff_2004_example()
    doc = DocumentSpans(300, {"i": coders[0], "j": coders[1]})
    report = compute_agreement([doc], annotators=["i", "j"], categories=["c", "k"])
    single = unitizing_alpha(coders, length=300, categories=["c", "k"])
    assert report.alpha_u == single.overall
    assert report.alpha_u_disagreements == single.disagreements
