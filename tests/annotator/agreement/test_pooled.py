"""The pooled, document-by-document agreement equals computing the whole project again."""

from __future__ import annotations

import random
from dataclasses import replace

import pytest

from annotator.agreement import DocumentSpans
from annotator.agreement.pooled import PooledAgreement
from annotator.agreement.results import AgreementReport, compute_agreement

CATEGORIES = ["claim", "quote", "statistic", "opinion"]


def _document(rnd: random.Random, coders: list[str]) -> DocumentSpans:
    length = rnd.randint(0, 400)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for coder in coders:
        own = []
        for _ in range(rnd.randint(0, 12) if length > 2 else 0):
            start = rnd.randrange(length - 1)
            own.append((start, rnd.randint(start + 1, min(length, start + 60)), rnd.choice(CATEGORIES)))
        spans[coder] = own
    return DocumentSpans(length, spans)


@pytest.mark.parametrize("coders", [2, 3, 5])
def test_pooled_figures_equal_a_full_computation_after_each_update(coders: int) -> None:
    rnd = random.Random(coders)
    names = [f"c{i}" for i in range(coders)]
    documents = {f"d{i}": _document(rnd, names) for i in range(30)}
    pooled = PooledAgreement(annotators=names, categories=CATEGORIES)
    pooled.update(documents.items())
    for step in range(12):
        key = f"d{rnd.randrange(34)}"
        if step % 4 == 3:
            documents.pop(key, None)
            pooled.discard(key)
        else:
            documents[key] = _document(rnd, names)
            pooled.set(key, documents[key])
        expected = compute_agreement(list(documents.values()), annotators=names, categories=CATEGORIES)
        _same(pooled.report(), expected)


def _same(report: AgreementReport, expected: AgreementReport) -> None:
    """Equal, but for the last bits of the floating-point sums over the tally (order differs)."""
    floats = ("kappa_positions", "percent_agreement", "percent_agreement_categories")
    for name in floats:
        assert getattr(report, name) == pytest.approx(getattr(expected, name), rel=1e-12)
    loose = dict.fromkeys(floats)
    assert replace(report, **loose) == replace(expected, **loose)


def test_an_empty_pool_reports_nothing_to_agree_on() -> None:
    report = PooledAgreement(annotators=["a", "b"], categories=CATEGORIES).report()
    assert report.documents == 0
    assert report.alpha_u is None
