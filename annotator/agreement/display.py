"""How an agreement figure reads, in one place: the review panel, ``annotator agree``, the report, CSV.

The same alpha once read "-0.00" in the review panel, "−.003" in the report and "n/a" at
document level. Every place that shows a figure now goes through these functions, so it is
rounded the same way (three decimals), never shows a negative zero, and says "n/a" only with a
reason (the caller puts the reason in a tooltip or a note; :meth:`AgreementReport.why_undefined`
words it).

Styles. ``text`` is for people: APA style, no leading zero (".812"), a real minus sign
("−.023"). ``ascii`` is the same with "-" for terminals whose encoding lacks the minus sign.
``csv`` is for programs: a plain decimal number with its leading zero ("0.812", "-0.023") and an
empty cell where the figure is undefined, which R and pandas both read as missing.

Two values surprise readers often enough to be explained where they appear
(:func:`surprises`): an overall alpha_U well above most categories (it weighs categories by their
expected disagreement), and alpha_U far below zero (it has no lower bound).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from annotator.agreement.intervals import BootstrapInterval
from annotator.agreement.results import AgreementReport, threshold_key

__all__ = [
    "DECIMALS",
    "MINUS",
    "UNDEFINED",
    "Style",
    "fmt_alpha",
    "fmt_interval",
    "fmt_probability",
    "fmt_share",
    "interval_phrase",
    "p_phrase",
    "rounded",
    "surprises",
]

Style = Literal["text", "ascii", "csv"]

#: Every coefficient is shown with three decimals, as methods sections report them.
DECIMALS = 3
MINUS = "\u2212"
UNDEFINED = "n/a"


def rounded(value: float) -> float:
    """``value`` at the shown precision, with no negative zero (-0.0004 becomes 0.0)."""
    result = round(value, DECIMALS)
    return 0.0 if result == 0 else result


def fmt_alpha(value: float | None, *, style: Style = "text") -> str:
    """A coefficient: ".812", "−.023", "1.000", "−35.212"; "n/a" (empty for csv) when undefined."""
    if value is None:
        return "" if style == "csv" else UNDEFINED
    number = rounded(value)
    text = f"{abs(number):.{DECIMALS}f}"
    if style == "csv":
        return ("-" if number < 0 else "") + text
    if text.startswith("0."):
        text = text[1:]
    if number < 0:
        text = (MINUS if style == "text" else "-") + text
    return text


def fmt_interval(interval: BootstrapInterval | None, *, style: Style = "text") -> str:
    """ "[.754, .861]"; "n/a" when there is none."""
    if interval is None:
        return "" if style == "csv" else UNDEFINED
    return f"[{fmt_alpha(interval.low, style=style)}, {fmt_alpha(interval.high, style=style)}]"


def fmt_probability(p: float | None, *, draws: int, style: Style = "text") -> str:
    """A share of bootstrap draws, with the resolution the draws allow: ".38", "< .001", "> .999"."""
    if p is None:
        return "" if style == "csv" else UNDEFINED
    if style == "csv":
        return f"{p:.{DECIMALS}f}"
    floor = 1.0 / draws if draws else 0.0
    # never ".000" or "1.000" from a finite number of draws: say what the draws can tell
    step = max(floor, 10**-DECIMALS)
    if p < step:
        return f"< {fmt_alpha(step, style=style)}"
    if p > 1.0 - step:
        return f"> {fmt_alpha(1.0 - step, style=style)}"
    return fmt_alpha(p, style=style)


def p_phrase(
    threshold: float, p: float | None, *, draws: int, symbol: str = "α", style: Style = "text"
) -> str:
    """ "P(α < .800) = .38", or "P(α < .667) < .001" where the draws cannot tell a smaller share."""
    shown = fmt_probability(p, draws=draws, style=style)
    relation = "" if shown[:1] in "<>" else "= "
    return f"P({symbol} < {threshold_key(threshold)}) {relation}{shown}"


def fmt_share(value: float | None, *, style: Style = "text") -> str:
    """A share as a percentage with one decimal ("97.3%"), for the figures that are not coefficients."""
    if value is None:
        return "" if style == "csv" else UNDEFINED
    if style == "csv":
        return f"{value:.{DECIMALS}f}"
    return f"{100 * value:.1f}%"


def _weights_phrase(report: AgreementReport, labels: dict[str, str]) -> str:
    weights = sorted(report.alpha_u_weights.items(), key=lambda item: -item[1])
    parts = [f"{labels.get(name, name)} {100 * w:.0f}%" for name, w in weights[:3]]
    return ", ".join(parts)


def surprises(
    report: AgreementReport, *, labels: dict[str, str] | None = None, style: Style = "text"
) -> list[str]:
    """Short explanations of the figures of ``report`` a careful reader would stop at.

    ``labels`` names the categories (codebook labels); empty when nothing is surprising.
    """
    labels = labels or {}
    notes: list[str] = []
    defined = {name: v for name, v in report.alpha_u_categories.items() if v is not None}
    overall = report.alpha_u
    if overall is not None and len(defined) >= 2:
        low = min(defined.values())
        high = max(defined.values())
        below = [name for name, v in defined.items() if v < overall - 0.1]
        if high - low > 0.15 and below:
            notes.append(
                f"The overall α_U ({fmt_alpha(overall, style=style)}) is not the plain mean of the "
                "categories: it weighs each category by its expected disagreement, which grows with "
                "how much text its units cover, so a rare or short-unit category with a low α_U "
                f"barely moves it. Weights here: {_weights_phrase(report, labels)}."
            )
    strongly_negative: Sequence[str] = [name for name, v in defined.items() if v < -1.0]
    if strongly_negative or (overall is not None and overall < -1.0):
        which = ", ".join(labels.get(name, name) for name in strongly_negative) or "overall"
        notes.append(
            f"α_U has no lower bound ({which}): when one coder marks units where another marks "
            "none in text that is otherwise little coded, the expected disagreement is small and "
            "the observed one, divided by it, gives values far below −1. They mean systematic "
            "disagreement, not an error."
        )
    return notes


def interval_phrase(interval: BootstrapInterval | None, *, style: Style = "text") -> str:
    """ "95% CI [.754, .861]; P(α < .667) = .002, P(α < .800) = .38" for tooltips and notes."""
    if interval is None:
        return ""
    level = f"{100 * interval.level:.0f}%"
    probabilities = ", ".join(
        p_phrase(t, p, draws=interval.defined, style=style) for t, p in interval.p_below.items()
    )
    return f"{level} CI {fmt_interval(interval, style=style)}; {probabilities}"
