"""Intercoder agreement for span annotation, in pure Python.

Researchers report agreement to show that a codebook can be applied consistently; the app shows it
per project and per document while coding is under way, so coders can be re-trained early. This
package computes it from plain values (see :mod:`~annotator.agreement.units`) with the standard
library only: no Qt, no database, no numpy, so it runs anywhere the core runs and its numbers can
be checked against the published worked examples in the tests.

Entry points:

- :func:`compute_agreement` / :func:`compute_document_agreement` -> :class:`AgreementReport`
  (``.to_json_dict()``; :func:`report_rows` for CSV);
- the coefficients on their own: :func:`krippendorff_alpha`, :func:`alpha_from_coincidences`,
  :func:`cohen_kappa_from_table`, :func:`fleiss_kappa_from_counts`, :func:`unitizing_alpha`.
"""

from annotator.agreement.coefficients import (
    Metric,
    alpha_from_coincidences,
    cohen_kappa_from_table,
    coincidence_matrix,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
)
from annotator.agreement.results import (
    AgreementReport,
    PairSpanAgreement,
    Row,
    compute_agreement,
    compute_document_agreement,
    report_rows,
)
from annotator.agreement.span_matching import SpanCounts, SpanScores
from annotator.agreement.unitizing import UnitizingAlpha, UnitizingDisagreement, unitizing_alpha
from annotator.agreement.units import DocumentSpans, Unit, UnitLike

__all__ = [
    "AgreementReport",
    "DocumentSpans",
    "Metric",
    "PairSpanAgreement",
    "Row",
    "SpanCounts",
    "SpanScores",
    "Unit",
    "UnitLike",
    "UnitizingAlpha",
    "UnitizingDisagreement",
    "alpha_from_coincidences",
    "cohen_kappa_from_table",
    "coincidence_matrix",
    "compute_agreement",
    "compute_document_agreement",
    "fleiss_kappa_from_counts",
    "krippendorff_alpha",
    "report_rows",
    "unitizing_alpha",
]
