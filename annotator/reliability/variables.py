"""Agreement on coded document variables: Krippendorff's alpha at each variable's level of measurement.

A coded variable ("main frame", "overall tone") is answered once per document by each coder, which
is exactly the reliability data Krippendorff's alpha was made for: coders as observers, documents as
units, a missing answer as a missing value. The level of measurement comes from the codebook:
nominal variables get the nominal metric, ordinal ones the ordinal metric over their choices in the
codebook's order (lowest first), numeric ones the interval metric. Free-text variables get none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any

from annotator.agreement import Metric, krippendorff_alpha
from annotator.domain import Annotator, VariableDef, VariableType
from annotator.project import Project

__all__ = ["VariableAgreement", "variable_agreement", "variables_html", "variables_table"]

_METRICS: dict[VariableType, Metric] = {
    VariableType.NOMINAL: "nominal",
    VariableType.ORDINAL: "ordinal",
    VariableType.NUMERIC: "interval",
}


@dataclass(frozen=True, slots=True)
class VariableAgreement:
    variable: VariableDef
    metric: Metric | None
    """The alpha's metric (``None``: a free-text variable, no alpha)."""
    alpha: float | None
    """``None`` where alpha is undefined (fewer than two pairable answers, or no variation)."""
    documents: int
    """Documents that at least two of the coders answered (the pairable units)."""
    answers: int
    """Answers of the coders to this variable, in all documents."""

    def to_json(self) -> dict[str, Any]:
        return {
            "variable": self.variable.id,
            "label": self.variable.label,
            "type": self.variable.type.value,
            "metric": self.metric,
            "alpha": self.alpha,
            "documents": self.documents,
            "answers": self.answers,
        }


def _value(var: VariableDef, value: Any) -> Any:
    """An answer as alpha compares it: an ordinal choice as its rank, a number as a float."""
    if var.type is VariableType.ORDINAL:
        return var.choices.index(value) if value in var.choices else None
    if var.type is VariableType.NUMERIC:
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    return value


def variable_agreement(project: Project, coders: Sequence[Annotator]) -> list[VariableAgreement]:
    """Alpha of every coded variable of the current codebook, between ``coders``."""
    ids = [c.id for c in coders]
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    for v in project.coded_values(annotator_ids=ids):
        answers.setdefault((v.variable, v.document_id), {})[v.annotator_id] = v.value
    doc_ids = [d.id for d in project.documents()]
    out = []
    for var in project.codebook.variables:
        if not var.coded:
            continue
        units = [answers.get((var.id, d), {}) for d in doc_ids]
        data = [[_value(var, u.get(c)) if u.get(c) is not None else None for u in units] for c in ids]
        metric = _METRICS.get(var.type)
        alpha = krippendorff_alpha(data, metric=metric) if metric is not None and data else None
        out.append(
            VariableAgreement(
                variable=var,
                metric=metric,
                alpha=alpha,
                documents=sum(1 for u in units if sum(1 for c in ids if u.get(c) is not None) >= 2),
                answers=sum(1 for u in units for c in ids if u.get(c) is not None),
            )
        )
    return out


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def variables_table(results: Sequence[VariableAgreement]) -> str:
    """Plain-text lines for ``annotator agree`` (empty when the codebook has no coded variable)."""
    if not results:
        return ""
    lines = ["", f"{'document variable':<24}{'level':>10}{'alpha':>9}{'documents':>11}"]
    for r in results:
        lines.append(f"{r.variable.id[:23]:<24}{r.metric or 'text':>10}{_fmt(r.alpha):>9}{r.documents:>11}")
    return "\n".join(lines)


def variables_html(results: Sequence[VariableAgreement], fmt_alpha: Any) -> str:
    """The reliability report's table of document variables (``""`` when there are none)."""
    if not results:
        return ""
    rows = "".join(
        f"<tr><td>{escape(r.variable.label)}</td><td>{escape(r.metric or 'text (none)')}</td>"
        f"<td>{fmt_alpha(r.alpha)}</td><td>{r.documents}</td><td>{r.answers}</td></tr>"
        for r in results
    )
    return (
        '<h2 style="font-size:15px">Document variables</h2>'
        '<table id="variables"><thead><tr><th>Variable</th><th>Level</th><th>Krippendorff\'s α</th>'
        "<th>documents</th><th>answers</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )
