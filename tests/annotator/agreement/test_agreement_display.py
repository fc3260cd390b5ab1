"""One formatter for every agreement figure: rounding, no negative zero, n/a with a reason."""

from __future__ import annotations

import pytest

from annotator.agreement import DocumentSpans, compute_agreement
from annotator.agreement.display import (
    fmt_alpha,
    fmt_interval,
    fmt_probability,
    fmt_share,
    interval_phrase,
    p_phrase,
    rounded,
    surprises,
)
from annotator.agreement.intervals import BootstrapInterval


@pytest.mark.parametrize(
    ("value", "text", "ascii", "csv"),
    [
        (0.8125, ".812", ".812", "0.812"),
        (1.0, "1.000", "1.000", "1.000"),
        (-0.0234, "\u2212.023", "-.023", "-0.023"),
        (-0.0004, ".000", ".000", "0.000"),  # the review panel once showed "-0.00" here
        (-35.2104, "\u221235.210", "-35.210", "-35.210"),
        (-2000.0, "\u22122000.000", "-2000.000", "-2000.000"),
        (None, "n/a", "n/a", ""),
    ],
)
def test_one_rounding_in_every_style(value: float | None, text: str, ascii: str, csv: str) -> None:
    assert fmt_alpha(value) == text
    assert fmt_alpha(value, style="ascii") == ascii
    assert fmt_alpha(value, style="csv") == csv


def test_rounded_has_no_negative_zero() -> None:
    assert str(rounded(-0.0004)) == "0.0"
    assert rounded(0.81249) == 0.812


def test_intervals_probabilities_and_shares() -> None:
    interval = BootstrapInterval(0.7543, 0.8612, {0.667: 0.0, 0.8: 0.38}, draws=1000, defined=1000)
    assert fmt_interval(interval) == "[.754, .861]"
    assert fmt_interval(None) == "n/a"
    # a finite number of draws cannot show a probability of exactly 0 or 1
    assert fmt_probability(0.0, draws=1000) == "< .001"
    assert fmt_probability(1.0, draws=200) == "> .995"
    assert fmt_probability(0.38, draws=1000) == ".380"
    assert p_phrase(0.667, 0.0, draws=1000) == "P(α < .667) < .001"
    assert p_phrase(0.8, 0.38, draws=1000) == "P(α < .800) = .380"
    assert interval_phrase(interval) == "95% CI [.754, .861]; P(α < .667) < .001, P(α < .800) = .380"
    assert fmt_share(0.9731) == "97.3%"
    assert fmt_share(None, style="csv") == ""


def test_surprises_explain_a_weighted_overall_and_values_below_minus_one() -> None:
    # claim: long units, nearly the same; opinion: one short unit that the coders place apart
    doc = DocumentSpans(
        400,
        {
            "a": [(0, 120, "claim"), (150, 290, "claim"), (300, 304, "opinion")],
            "b": [(2, 120, "claim"), (150, 292, "claim"), (320, 324, "opinion")],
        },
    )
    report = compute_agreement([doc], annotators=["a", "b"], categories=["claim", "opinion"])
    assert report.alpha_u is not None and report.alpha_u > 0.8
    opinion = report.alpha_u_categories["opinion"]
    assert opinion is not None and opinion < 0
    weights = report.alpha_u_weights
    assert weights["claim"] > 0.9
    # the overall value is the weighted mean of the categories
    weighted = sum(w * (report.alpha_u_categories[n] or 0.0) for n, w in weights.items())
    assert weighted == pytest.approx(report.alpha_u)
    notes = surprises(report, labels={"claim": "Claim", "opinion": "Opinion"})
    assert len(notes) >= 1 and "weighs each category by its expected disagreement" in notes[0]
    assert "Claim" in notes[0]
    # the coders mark the two halves of a text: every unit lies in the other coder's gap, and
    # with so few placements to expect, alpha_U falls far below -1 (about -4.08)
    halves = DocumentSpans(100, {"a": [(0, 50, "claim")], "b": [(50, 100, "claim")]})
    low = compute_agreement([halves], annotators=["a", "b"], categories=["claim"])
    # D_o = 2 * (50**2 + 50**2) / (2 * 100**2) = .5; D_e = (2 / 100) * 171,700 / 34,900 (by hand)
    assert low.alpha_u == pytest.approx(1 - 0.5 / (0.02 * 171700 / 34900))
    assert low.alpha_u < -1
    assert any("no lower bound" in n for n in surprises(low))
