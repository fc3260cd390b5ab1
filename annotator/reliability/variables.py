"""The reliability data of coded document variables, gathered from the project.

A coded variable ("main frame", "overall tone") is answered once per document by each coder, which
is exactly the reliability data Krippendorff's alpha was made for: coders as observers, documents as
units, a missing answer as a missing value. The level of measurement comes from the codebook:
nominal variables get the nominal metric, ordinal ones the ordinal metric over their choices in the
codebook's order (lowest first), numeric ones the interval metric. Free-text variables have no
level of measurement and get no alpha, so they are left out here.

The alpha itself and its bootstrap interval are computed in :mod:`annotator.reliability`
(:func:`~annotator.reliability.variable_agreement`), like every other figure of the report.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Sequence
from dataclasses import dataclass
from typing import Any

from annotator.agreement import Metric
from annotator.domain import Annotator, VariableDef, VariableType
from annotator.project import Project

__all__ = ["VariableData", "coded_variable_data"]

_METRICS: dict[VariableType, Metric] = {
    VariableType.NOMINAL: "nominal",
    VariableType.ORDINAL: "ordinal",
    VariableType.NUMERIC: "interval",
}


@dataclass(frozen=True, slots=True)
class VariableData:
    """One document variable's reliability data: coders as rows, documents as columns.

    ``None`` where a coder left the variable empty for a document. ``metric`` is the variable's
    level of measurement (nominal for categories, ordinal for scales, interval or ratio for
    numbers).
    """

    name: str
    label: str
    metric: Metric
    rows: Sequence[Sequence[Hashable | None]]


def _value(var: VariableDef, value: Any) -> Hashable | None:
    """An answer as alpha compares it: an ordinal choice as its rank, a number as a float."""
    if value is None:
        return None
    if var.type is VariableType.ORDINAL:
        return var.choices.index(value) if value in var.choices else None
    if var.type is VariableType.NUMERIC:
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
    return value if isinstance(value, Hashable) else None


def coded_variable_data(
    project: Project, coders: Sequence[Annotator], *, document_ids: Collection[str] | None = None
) -> list[VariableData]:
    """Every coded variable of the current codebook that has a level of measurement, as
    reliability data between ``coders`` over all documents of the project (in project order)."""
    ids = [c.id for c in coders]
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    for v in project.coded_values(annotator_ids=ids):
        answers.setdefault((v.variable, v.document_id), {})[v.annotator_id] = v.value
    doc_ids = [d.id for d in project.documents() if document_ids is None or d.id in document_ids]
    out = []
    for var in project.codebook.variables:
        metric = _METRICS.get(var.type)
        if not var.coded or metric is None:
            continue
        units = [answers.get((var.id, d), {}) for d in doc_ids]
        rows = [[_value(var, u.get(c)) for u in units] for c in ids]
        out.append(VariableData(name=var.id, label=var.label, metric=metric, rows=rows))
    return out
