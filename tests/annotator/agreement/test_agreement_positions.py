"""Position-level alpha and kappa: run-length sweeps checked against per-code-point labelling."""

from __future__ import annotations

import random
from collections.abc import Sequence

import pytest

from annotator.agreement import (
    DocumentSpans,
    cohen_kappa_from_table,
    compute_agreement,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
)
from annotator.agreement.positions import label_runs

CATEGORIES = ["claim", "quote", "statistic"]
NONE = len(CATEGORIES)


def naive_labels(spans: Sequence[tuple[int, int, str]], length: int) -> list[int]:
    """One label per code point by brute force, applying the documented overlap rule directly."""
    labels = []
    for pos in range(length):
        covering = [
            (end - start, start, CATEGORIES.index(category))
            for start, end, category in spans
            if start <= pos < end
        ]
        labels.append(min(covering)[2] if covering else NONE)
    return labels


def naive_alpha(columns: list[list[int]]) -> float | None:
    """Nominal alpha from per-code-point label columns, written out from Krippendorff (2011)."""
    size = NONE + 1
    o = [[0.0] * size for _ in range(size)]
    for column in columns:
        m = len(column)
        for i, c in enumerate(column):
            for j, k in enumerate(column):
                if i != j:
                    o[c][k] += 1 / (m - 1)
    n_c = [sum(row) for row in o]
    n = sum(n_c)
    disagreement = sum(o[c][k] for c in range(size) for k in range(size) if c != k)
    expected = sum(n_c[c] * n_c[k] for c in range(size) for k in range(size) if c != k)
    if expected == 0:
        return None
    return 1 - (n - 1) * disagreement / expected


def random_spans(rng: random.Random, length: int) -> list[tuple[int, int, str]]:
    spans = []
    for _ in range(rng.randint(0, 6)):
        start = rng.randrange(length)
        end = rng.randint(start + 1, min(length, start + 10))
        spans.append((start, end, rng.choice(CATEGORIES)))
    return spans


@pytest.mark.parametrize("coders", [2, 3])
def test_run_length_agrees_with_per_code_point_labelling(coders: int) -> None:
    rng = random.Random(1960 + coders)
    annotators = [f"c{i}" for i in range(coders)]
    for _ in range(150):
        documents = []
        columns: list[list[int]] = []
        for _ in range(rng.randint(1, 3)):
            length = rng.randint(1, 30)
            spans = {a: random_spans(rng, length) for a in annotators}
            documents.append(DocumentSpans(length, spans))
            per_coder = [naive_labels(spans[a], length) for a in annotators]
            columns.extend([list(column) for column in zip(*per_coder, strict=True)])
        report = compute_agreement(documents, annotators=annotators, categories=CATEGORIES)

        expected_alpha = naive_alpha(columns)
        if expected_alpha is None:
            assert report.alpha_positions is None
        else:
            assert report.alpha_positions == pytest.approx(expected_alpha, abs=1e-12)
        # The package's own reliability-data alpha on the same columns is a second, independent path.
        rows = [[column[i] for column in columns] for i in range(coders)]
        assert krippendorff_alpha(rows) == pytest.approx(report.alpha_positions, abs=1e-12)

        if coders == 2:
            table = [[0] * (NONE + 1) for _ in range(NONE + 1)]
            for a, b in columns:
                table[a][b] += 1
            expected_kappa = cohen_kappa_from_table(table)
        else:
            counts = [[column.count(label) for label in range(NONE + 1)] for column in columns]
            expected_kappa = fleiss_kappa_from_counts(counts)
        if expected_kappa is None:
            assert report.kappa_positions is None
        else:
            assert report.kappa_positions == pytest.approx(expected_kappa, abs=1e-12)


def runs_to_labels(runs: list[tuple[int, int, int]]) -> list[int]:
    return [label for start, end, label in runs for _ in range(start, end)]


def test_innermost_span_wins() -> None:
    # A quote (1) nested in a claim (0): the quote's code points are the quote's.
    runs = label_runs([(0, 10, 0), (3, 5, 1)], length=12, none_label=NONE)
    assert runs_to_labels(runs) == [0, 0, 0, 1, 1, 0, 0, 0, 0, 0, NONE, NONE]


def test_equal_length_earlier_start_wins() -> None:
    runs = label_runs([(0, 4, 1), (2, 6, 0)], length=6, none_label=NONE)
    assert runs_to_labels(runs) == [1, 1, 1, 1, 0, 0]


def test_same_extent_codebook_order_wins() -> None:
    runs = label_runs([(1, 3, 0), (1, 3, 2)], length=4, none_label=NONE)
    assert runs_to_labels(runs) == [NONE, 0, 0, NONE]
    # ... and the order of the ``categories`` argument is the codebook order.
    doc = DocumentSpans(4, {"a": [(1, 3, "quote"), (1, 3, "claim")], "b": [(1, 3, "claim")]})
    claim_first = compute_agreement([doc], annotators=["a", "b"], categories=["claim", "quote"])
    quote_first = compute_agreement([doc], annotators=["a", "b"], categories=["quote", "claim"])
    assert claim_first.alpha_positions == 1.0
    assert quote_first.alpha_positions is not None
    assert quote_first.alpha_positions < 1.0


def test_runs_cover_the_document() -> None:
    assert label_runs([], length=0, none_label=NONE) == []
    assert label_runs([], length=5, none_label=NONE) == [(0, 5, NONE)]
    assert label_runs([(0, 5, 1)], length=5, none_label=NONE) == [(0, 5, 1)]


def test_hand_worked_two_coders() -> None:
    # a: claim on [1, 9) of 10 code points; b: claims on [2, 3), [4, 5), [6, 7).
    # Table (a x b): none/none 2, claim/none 5, claim/claim 3.
    doc = DocumentSpans(
        10, {"a": [(1, 9, "claim")], "b": [(2, 3, "claim"), (4, 5, "claim"), (6, 7, "claim")]}
    )
    report = compute_agreement([doc], annotators=["a", "b"], categories=["claim"])
    # kappa: p_o = .5, p_e = (2 * 7 + 8 * 3) / 100 = .38
    assert report.kappa_positions == pytest.approx((0.5 - 0.38) / (1 - 0.38))
    # alpha: n = 20, n_none = 9, n_claim = 11, o_none,claim = 5: 1 - 19 * 5 / (9 * 11)
    assert report.alpha_positions == pytest.approx(1 - 19 * 5 / 99)
