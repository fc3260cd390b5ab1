"""Intercoder agreement for span annotation.

Researchers report agreement to show that a codebook can be applied consistently; the app shows it
per project and per document while coding is under way, so coders can be re-trained early. This
package computes it from plain values (see :mod:`~annotator.agreement.units`): no Qt, no
database, so it runs anywhere the core runs and its numbers can be checked against the published
worked examples in the tests. The coefficients are pure Python (exact fractions where it
matters); only the bootstrap (:mod:`~annotator.agreement.bootstrap`) uses numpy, imported when an
interval is asked for.

Entry points:

- :func:`compute_agreement` / :func:`compute_document_agreement` -> :class:`AgreementReport`
  (``.to_json_dict()``; :func:`report_rows` for CSV); with ``bootstrap=BootstrapSettings()`` the
  alphas get confidence intervals (:class:`AgreementIntervals`);
- the coefficients on their own: :func:`krippendorff_alpha`, :func:`alpha_from_coincidences`,
  :func:`cohen_kappa_from_table`, :func:`fleiss_kappa_from_counts`, :func:`unitizing_alpha`;
- how a figure reads, everywhere: :mod:`~annotator.agreement.display`.
"""

from annotator.agreement.coefficients import (
    Metric,
    alpha_from_coincidences,
    cohen_kappa_from_table,
    coincidence_matrix,
    fleiss_kappa_from_counts,
    krippendorff_alpha,
)
from annotator.agreement.intervals import BootstrapInterval, BootstrapSettings
from annotator.agreement.results import (
    AgreementIntervals,
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
    "AgreementIntervals",
    "AgreementReport",
    "BootstrapInterval",
    "BootstrapSettings",
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
