"""The report the app shows: JSON shape, per-document figures, CSV rows, input checks, scale."""

from __future__ import annotations

import json
import random

import pytest

from annotator.agreement import (
    AgreementReport,
    DocumentSpans,
    Unit,
    compute_agreement,
    compute_document_agreement,
    report_rows,
)

CATEGORIES = ["claim", "quote", "statistic", "opinion"]


def test_json_shape_for_two_annotators() -> None:
    doc = DocumentSpans(
        40,
        {
            "a": [Unit(0, 10, "claim"), Unit(12, 20, "quote"), Unit(25, 30, "opinion")],
            "b": [Unit(2, 10, "claim"), (12, 18, "quote")],
        },
    )
    data = compute_agreement([doc], annotators=["a", "b"], categories=CATEGORIES).to_json_dict()
    # the keys of the first version keep their names and their order; the new ones follow them
    old = ["annotators", "documents", "alpha_u", "alpha_positions", "kappa_positions", "f1"]
    assert [key for key in data if key in old] == old
    assert set(data) - set(old) == {
        "alpha_positions_ci95",
        "alpha_positions_p_below",
        "units",
        "continuum",
        "percent_agreement",
        "bootstrap",
        "notes",
    }
    assert data["annotators"] == ["a", "b"]
    assert data["documents"] == 1
    assert list(data["alpha_u"])[:2] == ["overall", "categories"]
    assert list(data["alpha_u"]["categories"]) == CATEGORIES
    assert data["alpha_u"]["categories"]["statistic"] is None
    assert list(data["f1"]) == ["exact", "overlap", "categories"]
    assert data["f1"]["categories"]["statistic"] == {"exact": None, "overlap": None}
    assert data["f1"]["categories"]["claim"] == {"exact": 0.0, "overlap": 1.0}
    assert data["f1"]["categories"]["opinion"] == {"exact": 0.0, "overlap": 0.0}
    for value in (data["alpha_u"]["overall"], data["alpha_positions"], data["kappa_positions"]):
        assert isinstance(value, float)
    json.dumps(data, allow_nan=False)  # plain JSON: no NaN, no custom types


def test_json_shape_for_more_annotators() -> None:
    doc = DocumentSpans(
        30,
        {
            "a": [(0, 10, "claim")],
            "b": [(0, 10, "claim")],
            "c": [(2, 10, "claim"), (20, 25, "quote")],
        },
    )
    report = compute_agreement([doc], annotators=["a", "b", "c"], categories=CATEGORIES)
    data = report.to_json_dict()
    assert data["alpha_u_pairwise_mean"] == pytest.approx(
        sum(v for v in report.alpha_u_pairwise.values() if v is not None) / 3
    )
    assert set(report.alpha_u_pairwise) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert report.alpha_u_pairwise[("a", "b")] == 1.0
    assert data["kappa_positions_method"] == "fleiss"
    assert data["f1_pairwise"] is True
    # claim F1 exact per pair: a-b 1, a-c 0, b-c 0; mean over pairs.
    assert data["f1"]["categories"]["claim"]["exact"] == pytest.approx(1 / 3)
    # quote: a-b undefined (no spans), a-c 0, b-c 0: undefined pairs are left out of the mean.
    assert data["f1"]["categories"]["quote"]["exact"] == 0.0
    json.dumps(data, allow_nan=False)


def test_perfect_agreement_is_one_everywhere_defined() -> None:
    spans = [(0, 5, "claim"), (8, 12, "quote"), (12, 15, "quote")]
    doc = DocumentSpans(20, {"a": spans, "b": list(spans)})
    report = compute_agreement([doc, doc], annotators=["a", "b"], categories=CATEGORIES)
    assert report.alpha_u == 1.0
    assert report.alpha_u_categories == {"claim": 1.0, "quote": 1.0, "statistic": None, "opinion": None}
    assert report.alpha_positions == 1.0
    assert report.kappa_positions == 1.0
    assert report.f1() == (1.0, 1.0)
    assert report.documents == 2


def test_nothing_coded_is_undefined_not_perfect() -> None:
    doc = DocumentSpans(100, {})
    data = compute_agreement([doc], annotators=["a", "b"], categories=CATEGORIES).to_json_dict()
    assert data["alpha_u"]["overall"] is None
    assert data["alpha_u"]["categories"] == dict.fromkeys(CATEGORIES)
    assert data["notes"]["alpha_u.overall"] == "no coder marked any unit here"
    assert data["notes"]["alpha_u.categories.claim"] == "no coder marked a unit of this category here"
    assert data["alpha_positions"] is None
    assert data["kappa_positions"] is None
    assert data["f1"]["exact"] is None
    assert data["f1"]["overlap"] is None


def test_no_documents() -> None:
    report = compute_agreement([], annotators=["a", "b"], categories=CATEGORIES)
    assert report.documents == 0
    assert report.alpha_u is None
    assert report.alpha_positions is None


def test_per_document_matches_single_document_project() -> None:
    docs = [
        DocumentSpans(30, {"a": [(0, 10, "claim")], "b": [(1, 10, "claim")]}),
        DocumentSpans(30, {"a": [(5, 10, "quote")], "b": [(20, 25, "quote")]}),
    ]
    for doc in docs:
        single = compute_document_agreement(doc, annotators=["a", "b"], categories=CATEGORIES)
        assert (
            single.to_json_dict()
            == compute_agreement([doc], annotators=["a", "b"], categories=CATEGORIES).to_json_dict()
        )
    first = compute_document_agreement(docs[0], annotators=["a", "b"], categories=CATEGORIES)
    second = compute_document_agreement(docs[1], annotators=["a", "b"], categories=CATEGORIES)
    assert first.alpha_u is not None
    assert second.alpha_u is not None
    assert first.alpha_u > 0 > second.alpha_u


def test_units_and_tuples_are_interchangeable() -> None:
    as_units = DocumentSpans(20, {"a": [Unit(1, 5, "claim")], "b": [Unit(2, 5, "claim")]})
    as_tuples = DocumentSpans(20, {"a": [(1, 5, "claim")], "b": [(2, 5, "claim")]})
    assert (
        compute_agreement([as_units], annotators=["a", "b"], categories=CATEGORIES).to_json_dict()
        == compute_agreement([as_tuples], annotators=["a", "b"], categories=CATEGORIES).to_json_dict()
    )


def test_unlisted_annotators_and_categories_are_ignored() -> None:
    doc = DocumentSpans(
        20,
        {"a": [(1, 5, "claim"), (6, 9, "other")], "b": [(1, 5, "claim")], "z": [(0, 20, "claim")]},
    )
    report = compute_agreement([doc], annotators=["a", "b"], categories=["claim"])
    assert report.alpha_u == 1.0
    assert report.unit_counts == {"a": {"claim": 1}, "b": {"claim": 1}}


def test_report_rows() -> None:
    doc = DocumentSpans(30, {"a": [(0, 10, "claim"), (12, 14, "quote")], "b": [(0, 8, "claim")]})
    report = compute_agreement([doc], annotators=["a", "b"], categories=CATEGORIES)
    rows = report_rows(report)
    assert [row["category"] for row in rows] == CATEGORIES
    claim = rows[0]
    assert claim == {
        "category": "claim",
        "alpha_u": report.alpha_u_categories["claim"],
        "f1_exact": 0.0,
        "f1_overlap": 1.0,
        "precision_exact": 0.0,
        "recall_exact": 0.0,
        "precision_overlap": 1.0,
        "recall_overlap": 1.0,
        "units:a": 1,
        "units:b": 1,
    }
    quote = rows[1]
    assert (quote["precision_overlap"], quote["recall_overlap"]) == (None, 0.0)
    assert rows[2]["alpha_u"] is None
    # With more annotators, precision and recall (which need a reference side) stay empty.
    three = compute_agreement(
        [DocumentSpans(30, {"a": [(0, 10, "claim")], "b": [(0, 10, "claim")], "c": []})],
        annotators=["a", "b", "c"],
        categories=CATEGORIES,
    )
    assert report_rows(three)[0]["precision_exact"] is None
    assert report_rows(three)[0]["f1_exact"] == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("documents", "annotators", "categories", "message"),
    [
        ([], ["a"], CATEGORIES, "at least two"),
        ([], ["a", "a"], CATEGORIES, "unique"),
        ([], ["a", "b"], ["claim", "claim"], "unique"),
        ([DocumentSpans(5, {"a": [(3, 7, "claim")]})], ["a", "b"], CATEGORIES, "inside"),
        ([DocumentSpans(5, {"a": [(3, 3, "claim")]})], ["a", "b"], CATEGORIES, "non-empty"),
        ([DocumentSpans(5, {"a": [(-1, 2, "claim")]})], ["a", "b"], CATEGORIES, "inside"),
        ([DocumentSpans(-1, {})], ["a", "b"], CATEGORIES, "negative"),
    ],
)
def test_bad_input_is_rejected(
    documents: list[DocumentSpans], annotators: list[str], categories: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        compute_agreement(documents, annotators=annotators, categories=categories)


def synthetic_project(documents: int, spans: int, seed: int) -> list[DocumentSpans]:
    """Two coders who mostly agree: b shifts, drops or recodes some of a's spans."""
    rng = random.Random(seed)
    project = []
    for _ in range(documents):
        length = rng.randint(3000, 8000)
        step = length // spans
        a: list[tuple[int, int, str]] = []
        b: list[tuple[int, int, str]] = []
        for s in range(spans):
            start = s * step + rng.randrange(step // 2)
            end = start + rng.randint(1, step // 2)
            category = rng.choice(CATEGORIES)
            a.append((start, end, category))
            if rng.random() < 0.1:
                continue
            if rng.random() < 0.2:
                category = rng.choice(CATEGORIES)
            b.append((min(start + rng.randint(0, 2), end - 1), end, category))
        project.append(DocumentSpans(length, {"a": a, "b": b}))
    return project


def test_two_thousand_documents_two_annotators_fifty_spans() -> None:
    # Scale check (timing: tests/benchmarks/bench_agreement.py): the sweeps finish in about a second.
    report: AgreementReport = compute_agreement(
        synthetic_project(2000, 50, seed=3), annotators=["a", "b"], categories=CATEGORIES
    )
    assert report.documents == 2000
    assert sum(report.unit_counts["a"].values()) == 100_000
    exact, overlap = report.f1()
    # b moves two thirds of the starts it keeps, so exact matches are rare and overlaps common.
    assert exact is not None
    assert 0.2 < exact < 0.4
    for value in (report.alpha_u, report.alpha_positions, report.kappa_positions, overlap):
        assert value is not None
        assert 0.7 < value < 0.9
