"""Span F1: exact and one-to-one overlap matching."""

from __future__ import annotations

import itertools
import random

import pytest

from annotator.agreement import DocumentSpans, SpanScores, compute_agreement
from annotator.agreement.span_matching import Interval, exact_matches, overlap_matches


def brute_force_matching(a: list[Interval], b: list[Interval]) -> int:
    """Largest one-to-one matching of overlapping spans, by trying every assignment."""
    best = 0
    for size in range(min(len(a), len(b)), 0, -1):
        for chosen_a in itertools.combinations(range(len(a)), size):
            for chosen_b in itertools.permutations(range(len(b)), size):
                if all(
                    max(a[i][0], b[j][0]) < min(a[i][1], b[j][1])
                    for i, j in zip(chosen_a, chosen_b, strict=True)
                ):
                    return size
    return best


def test_maximum_matching_beats_greedy() -> None:
    # Greedy "largest overlap first" pairs a0 with b1 and leaves a1 unmatched; the maximum
    # matching pairs a0-b0 and a1-b1.
    a = [(0, 10), (9, 12)]
    b = [(0, 2), (3, 11)]
    assert overlap_matches(a, b) == 2
    # a0 takes b0 first; a1 overlaps only b0, so a0 must be moved to b1 (an augmenting path).
    assert overlap_matches([(0, 10), (1, 2)], [(1, 3), (5, 6)]) == 2


def test_one_span_cannot_match_many() -> None:
    assert overlap_matches([(0, 20)], [(1, 2), (5, 6), (9, 10)]) == 1
    assert overlap_matches([(0, 5)], [(5, 9)]) == 0  # touching is not overlapping


def test_matching_against_brute_force() -> None:
    rng = random.Random(7)
    for _ in range(500):

        def spans() -> list[Interval]:
            result = []
            for _ in range(rng.randint(0, 5)):
                start = rng.randrange(20)
                result.append((start, start + rng.randint(1, 6)))
            return result

        a, b = spans(), spans()
        assert overlap_matches(a, b) == brute_force_matching(a, b), (a, b)
        assert overlap_matches(b, a) == overlap_matches(a, b)


def test_exact_matches_are_a_multiset_intersection() -> None:
    assert exact_matches([(0, 2), (0, 2), (3, 4)], [(0, 2), (3, 4), (3, 4)]) == 2
    assert exact_matches([], [(0, 1)]) == 0


def test_scores_and_undefined_cases() -> None:
    scores = SpanScores(matched=2, reference=4, other=2)
    assert (scores.precision, scores.recall) == (1.0, 0.5)
    assert scores.f1 == pytest.approx(2 / 3)
    assert SpanScores(0, 0, 3).recall is None
    assert SpanScores(0, 3, 0).precision is None
    assert SpanScores(0, 0, 3).f1 == 0.0
    assert SpanScores().f1 is None


def test_f1_in_report_micro_averaged_with_a_as_reference() -> None:
    doc1 = DocumentSpans(
        50,
        {
            "a": [(0, 5, "claim"), (10, 15, "claim"), (20, 25, "quote")],
            "b": [(0, 5, "claim"), (11, 15, "claim"), (20, 25, "claim"), (30, 40, "quote")],
        },
    )
    doc2 = DocumentSpans(10, {"a": [(0, 4, "quote")], "b": [(0, 4, "quote")]})
    report = compute_agreement([doc1, doc2], annotators=["a", "b"], categories=["claim", "quote"])
    pair = report.span_pairs[0]
    assert (pair.reference, pair.other) == ("a", "b")
    # claim: a has 2, b has 3; exact 1 ([0, 5)); overlap 2 ([0, 5) and [10, 15)~[11, 15)).
    claim = pair.categories["claim"]
    assert (claim.exact.matched, claim.overlap.matched) == (1, 2)
    assert (claim.exact.reference, claim.exact.other) == (2, 3)
    # quote: a has 2, b has 2; [20, 25) was coded a claim by b, so exact 1 and overlap 1.
    quote = pair.categories["quote"]
    assert (quote.exact.matched, quote.overlap.matched) == (1, 1)
    # micro: exact 2 of (4 + 5); overlap 3 of (4 + 5)
    assert report.f1() == pytest.approx((4 / 9, 6 / 9))
    assert pair.overall.overlap.precision == pytest.approx(3 / 5)
    assert pair.overall.overlap.recall == pytest.approx(3 / 4)
    assert report.f1("claim") == pytest.approx((2 / 5, 4 / 5))
