"""A reliability report a researcher can hand in: HTML (PDF through the app) and CSV tables.

What the content-analysis literature asks a study to report about its coding (Krippendorff 2004,
ch. 11; Hayes & Krippendorff 2007; Lombard, Snyder-Duch & Bracken 2002): the sample (how many
documents and how they were drawn, how much text, how many coders and how much each coded), the
coefficient per variable with its confidence interval and the probability that it falls short of
the conventional thresholds (alpha >= .800 for conclusions, .667 <= alpha < .800 for tentative
ones; Krippendorff 2004, p. 241), and the method in a paragraph that cites it. This module
computes the figures once (:func:`build_report`) and writes:

- a per-category CSV (:func:`category_rows`): alpha_U with its interval, span F1, percent
  agreement, and units per coder;
- a per-document CSV (:func:`document_rows`): the figures document by document, which is where a
  researcher finds the articles that pull agreement down;
- a self-contained HTML page (:func:`render_html`): the sample, a chart of alpha_U per category
  with its interval against the two thresholds, the tables (categories, coder pairs, document
  variables), a methods paragraph, notes and an appendix with the figures that are not
  chance-corrected. Nothing is fetched from the network, so it opens the same way years later.
  The same page with the chart as an image (``for_print=True``) is what the app prints to PDF.

Every figure is formatted by :mod:`annotator.agreement.display`, like the app and the command
line; every "n/a" has its reason in the notes.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from statistics import median
from typing import IO

from annotator import __version__
from annotator.agreement import AgreementReport, Row, Unit, compute_agreement, report_rows
from annotator.agreement.display import (
    fmt_alpha,
    fmt_interval,
    fmt_probability,
    fmt_share,
    interval_phrase,
    surprises,
)
from annotator.agreement.intervals import FEW_CLUSTERS, BootstrapInterval, BootstrapSettings
from annotator.agreement.results import WHOLE_TEXT, threshold_key
from annotator.domain import Annotator, Codebook
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.reliability import (
    VariableAgreement,
    body_spans,
    continuum_scope,
    document_variables,
    layer_spans,
    resolve_annotators,
    sampling_description,
    variable_agreement,
)
from annotator.reliability.gold import find_round
from annotator.review import span_counts
from annotator.safe_write import atomic_write

__all__ = [
    "CHART_IMAGE",
    "REFERENCE_LINES",
    "DocumentAgreement",
    "ReliabilityReport",
    "build_report",
    "category_rows",
    "chart_svg",
    "document_rows",
    "fmt_alpha",
    "methods_paragraph",
    "render_html",
    "write_csv",
    "write_html",
]

#: (alpha, what it means), after Krippendorff (2004, p. 241).
REFERENCE_LINES = ((0.667, "tentative conclusions"), (0.800, "reliable"))


def _alpha_u(after: str) -> str:
    """α with a subscript U, then ``after``, in SVG text (Qt's SVG renderer reads this too)."""
    return f'α<tspan font-size="8.5" dy="3">U</tspan><tspan dy="-3">{after}</tspan>'


#: The name under which the printed page refers to the chart (the app supplies the picture).
CHART_IMAGE = "reliability-chart"
#: The chart's axis never reaches further down than this; lower values get a clipped bar with
#: the number written beside it, so that one alpha_U of -35 cannot squash every other bar.
AXIS_FLOOR = -1.0


@dataclass(frozen=True, slots=True)
class DocumentAgreement:
    document_id: str
    title: str
    length: int
    report: AgreementReport

    @property
    def units(self) -> int:
        return sum(sum(per.values()) for per in self.report.unit_counts.values())


@dataclass(frozen=True, slots=True)
class ReliabilityReport:
    """Project-wide agreement of some coders, with every document's own figures beside it."""

    project_name: str
    codebook: Codebook
    coders: tuple[Annotator, ...]
    labels: tuple[str, ...]
    """How each coder is named in the figures (display name, or the id where names repeat)."""
    overall: AgreementReport
    documents: tuple[DocumentAgreement, ...]
    generated: datetime
    variables: tuple[VariableAgreement, ...] = ()
    """Document variables' alpha (the codebook's coded variables)."""
    sampling: str | None = None
    """How the documents were drawn, when the project records it (assignments)."""
    whole_text: bool = False
    """Whether the documents' whole texts were compared, page chrome and all (else their bodies)."""
    project_memo: str = ""
    round: str | None = None
    """The round (pilot, training) the report is restricted to, by name; ``None``: all documents."""

    @property
    def units(self) -> int:
        """Spans of the chosen coders in the chosen categories, all documents together."""
        return sum(sum(per.values()) for per in self.overall.unit_counts.values())

    @property
    def units_per_coder(self) -> dict[str, int]:
        return {label: sum(self.overall.unit_counts[label].values()) for label in self.labels}

    @property
    def coded_documents(self) -> int:
        """Documents where at least one of the coders marked a span."""
        return sum(1 for d in self.documents if d.units)

    @property
    def settings(self) -> BootstrapSettings | None:
        intervals = self.overall.intervals
        return intervals.settings if intervals else None

    def category_label(self, category: str) -> str:
        found = self.codebook.category(category)
        return found.label if found else category


def build_report(
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    bootstrap: BootstrapSettings | None = None,
    whole_text: bool = False,
    round_name: str | None = None,
) -> ReliabilityReport:
    """Agreement of ``annotators`` (ids or names) over the whole project (the documents' article
    bodies, or their whole texts with ``whole_text``), and on the coded document variables.

    By default every coder with at least one span: opening a project in the app registers its
    user as a coder, and a coder who never coded would otherwise count as one who found nothing.
    With ``bootstrap``, the project's alphas (not each document's) get confidence intervals.
    With ``round_name``, only the documents of that round (by name or id) count, and the report
    says so in its heading.
    """
    round_ids: set[str] | None = None
    if round_name is not None:
        found = find_round(project, round_name)
        round_name, round_ids = found.name, set(found.document_ids)
    if not annotators:
        counts = span_counts(project)
        active = [a.id for a in resolve_annotators(project, None) if counts.get(a.id)]
        annotators = active if len(active) >= 2 else None
    chosen = resolve_annotators(project, annotators)
    names = [a.name for a in chosen]
    unique = len(set(names)) == len(names)
    label = {a.id: (a.name if unique else a.id) for a in chosen}
    labels = tuple(label[a.id] for a in chosen)
    categories = list(project.codebook.category_ids)
    by_doc: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, annotator_id, start, end, category in layer_spans(project, chosen):
        by_doc[doc_id][label[annotator_id]].append(Unit(start, end, category))
    docs = [d for d in project.documents() if round_ids is None or d.id in round_ids]
    spans = [body_spans((0, d.length) if whole_text else d.body_span, by_doc.get(d.id, {})) for d in docs]
    overall = compute_agreement(spans, annotators=labels, categories=categories, bootstrap=bootstrap)
    overall = replace(overall, continuum_scope=continuum_scope(docs, whole_text=whole_text))
    per_document = tuple(
        DocumentAgreement(
            document_id=d.id,
            title=d.title,
            length=d.length,
            report=compute_agreement([s], annotators=labels, categories=categories),
        )
        for d, s in zip(docs, spans, strict=True)
    )
    variables = tuple(
        variable_agreement(data, settings=bootstrap)
        for data in document_variables(project, chosen, document_ids=round_ids)
    )
    return ReliabilityReport(
        project_name=project.path.name if project.path else "project",
        codebook=project.codebook,
        coders=tuple(chosen),
        labels=labels,
        overall=overall,
        documents=per_document,
        generated=datetime.now(UTC),
        variables=variables,
        sampling=sampling_description(project),
        whole_text=whole_text,
        project_memo=project.project_memo(),
        round=round_name,
    )


# -- CSV -------------------------------------------------------------------------------------------


def _interval_cells(interval: BootstrapInterval | None, thresholds: Sequence[float]) -> Row:
    row: Row = {
        "alpha_u_ci_low": interval.low if interval else None,
        "alpha_u_ci_high": interval.high if interval else None,
    }
    for t in thresholds:
        row[f"p_below_{threshold_key(t).lstrip('.')}"] = interval.p_below.get(t) if interval else None
    return row


def category_rows(report: ReliabilityReport) -> list[Row]:
    """One row per category and a last ``(overall)`` row.

    Beside alpha_U: its bootstrap interval and the probabilities of falling below .667 and .800,
    span F1 (exact-match F1 is Holsti's CR), percent agreement over characters (not
    chance-corrected), ``units:<coder>`` counts per coder, and a ``note`` saying why a figure is
    empty.
    """
    rows: list[Row] = []
    o = report.overall
    intervals = o.intervals
    thresholds = intervals.settings.thresholds if intervals else ()
    for row in report_rows(o):
        category = str(row["category"])
        interval = intervals.alpha_u_categories.get(category) if intervals else None
        note = o.why_undefined("alpha_u", category) if row["alpha_u"] is None else ""
        rows.append(
            {
                "category": category,
                "label": report.category_label(category),
                "alpha_u": row.pop("alpha_u"),
                **_interval_cells(interval, thresholds),
                **row,
                "percent_agreement": o.percent_agreement_categories.get(category),
                "note": note,
            }
        )
        del rows[-1]["category"]
        rows[-1] = {"category": category, **rows[-1]}
    exact, overlap = o.f1()
    overall: Row = {
        "category": "(overall)",
        "label": "all categories",
        "alpha_u": o.alpha_u,
        **_interval_cells(intervals.alpha_u if intervals else None, thresholds),
        "f1_exact": exact,
        "f1_overlap": overlap,
    }
    for label in report.labels:
        overall[f"units:{label}"] = report.units_per_coder[label]
    overall["percent_agreement"] = o.percent_agreement
    overall["note"] = o.why_undefined("alpha_u") if o.alpha_u is None else ""
    rows.append(overall)
    return rows


def document_rows(report: ReliabilityReport) -> list[Row]:
    """One row per document, in project order: size, units per coder, and every figure."""
    rows: list[Row] = []
    for d in report.documents:
        r = d.report
        exact, overlap = r.f1()
        row: Row = {
            "document_id": d.document_id,
            "title": d.title,
            "length": d.length,
            "alpha_u": r.alpha_u,
            "alpha_positions": r.alpha_positions,
            "kappa_positions": r.kappa_positions,
            "f1_exact": exact,
            "f1_overlap": overlap,
        }
        for label in report.labels:
            row[f"units:{label}"] = sum(r.unit_counts[label].values())
        for category in r.categories:
            row[f"alpha_u:{category}"] = r.alpha_u_categories[category]
        row["note"] = r.why_undefined("alpha_u") if r.alpha_u is None else ""
        rows.append(row)
    return rows


def _cell(value: str | int | float | None) -> str | int:
    """A CSV cell: figures rounded like everywhere else (display's csv style), empty if undefined."""
    if isinstance(value, float):
        return fmt_alpha(value, style="csv")
    return "" if value is None else value


def write_csv(rows: Sequence[Row], path: Path) -> None:
    """Write rows as UTF-8 CSV (empty cell where a figure is undefined), atomically."""
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)

    def write(fh: IO[str]) -> None:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc


# -- the chart ---------------------------------------------------------------------------------------


def _axis_floor(values: Sequence[float | None]) -> float:
    """The left end of the axis: a multiple of .2 at or below every value, but never below -1."""
    defined = [v for v in values if v is not None]
    low = min([0.0, *defined])
    return max(AXIS_FLOOR, math.floor(round(low * 5, 9)) / 5)


def _tick(value: float) -> str:
    """Axis ticks: one decimal, no leading zero ("0", ".2", "1.0", "−.2")."""
    if abs(value) < 1e-9:
        return "0"
    text = f"{abs(value):.1f}"
    return ("\u2212" if value < 0 else "") + (text[1:] if text.startswith("0") else text)


@dataclass(frozen=True, slots=True)
class _Bar:
    name: str
    value: float | None
    interval: BootstrapInterval | None
    color: str
    bold: bool = False


def _bars(report: ReliabilityReport) -> list[_Bar]:
    o = report.overall
    intervals = o.intervals
    bars = []
    for category in o.categories:
        cat = report.codebook.category(category)
        bars.append(
            _Bar(
                name=cat.label if cat else category,
                value=o.alpha_u_categories[category],
                interval=intervals.alpha_u_categories.get(category) if intervals else None,
                color=cat.color if cat else "#888888",
            )
        )
    bars.append(_Bar("Overall", o.alpha_u, intervals.alpha_u if intervals else None, "#404040", bold=True))
    return bars


def chart_svg(report: ReliabilityReport) -> str:
    """Horizontal bars of alpha_U per category and overall, 95% intervals as error bars, the .667
    and .800 lines.

    The axis runs from 1 down to the lowest value or interval end, but not below -1: a bar or an
    interval reaching further is cut at the edge, drawn with a break mark (and an arrow for an
    interval), and its number is written beside it, so that no value is hidden or rescales the
    others.
    """
    bars = _bars(report)
    low = _axis_floor(
        [b.value for b in bars]
        + [b.interval.low for b in bars if b.interval is not None and b.value is not None]
    )
    left, right, top, row_h, bar_h = 120, 470, 34, 30, 16
    value_x = right + 14
    width = value_x + 190
    height = top + row_h * len(bars) + 8 + 34

    def x(v: float) -> float:
        return left + (max(v, low) - low) / (1.0 - low) * (right - left)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="chart-title" font-family="sans-serif" '
        'font-size="12">',
        '<title id="chart-title">Krippendorff\'s alpha_U per category and overall, with 95% '
        "bootstrap intervals and reference lines at .667 and .800</title>",
    ]
    ticks = [round(low + i * 0.2, 1) for i in range(round((1.0 - low) / 0.2) + 1)]
    axis_y = top + row_h * len(bars) + 4
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{axis_y}" stroke="#e3e3e3" />'
            f'<text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#555">{_tick(t)}</text>'
        )
    parts.append(
        f'<line x1="{x(0):.1f}" y1="{top - 4}" x2="{x(0):.1f}" y2="{axis_y}" stroke="#888" />'
        f'<text x="{(left + right) / 2:.0f}" y="{axis_y + 32}" text-anchor="middle" fill="#333">'
        f"Krippendorff's {_alpha_u(' (bars) with 95% interval (whiskers)')}</text>"
    )
    parts.append(
        f'<text x="{value_x}" y="{top - 14}" fill="#555" font-size="11">{_alpha_u(" [95% CI]")}</text>'
    )
    for i, bar in enumerate(bars):
        y = top + i * row_h + (row_h - bar_h) / 2
        cy = y + bar_h / 2 + 4
        weight = ' font-weight="bold"' if bar.bold else ""
        parts.append(f'<text x="{left - 8}" y="{cy:.1f}" text-anchor="end"{weight}>{escape(bar.name)}</text>')
        shown = fmt_alpha(bar.value)
        if bar.interval is not None:
            shown += f" {fmt_interval(bar.interval)}"
        parts.append(
            f'<text class="value" x="{value_x}" y="{cy:.1f}" text-anchor="start"{weight}>{shown}</text>'
        )
        if bar.value is None:
            parts.append(
                f'<text x="{x(0) + 6:.1f}" y="{cy:.1f}" fill="#777" font-style="italic">no units</text>'
            )
            continue
        clipped = bar.value < low
        x0, x1 = sorted((x(0), x(bar.value)))
        mark = ' data-clipped="true"' if clipped else ""
        cut = " (cut at the left edge)" if clipped else ""
        parts.append(
            f'<rect class="bar" x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" '
            f'fill="{escape(bar.color)}" fill-opacity="0.85" stroke="#333" stroke-width="0.5"{mark}>'
            f"<title>{escape(bar.name)}: {fmt_alpha(bar.value)}{cut}</title></rect>"
        )
        if clipped:
            # a break mark: two white slashes across the bar near the edge, and the number
            bx = left + 10
            for dx in (0, 5):
                parts.append(
                    f'<line x1="{bx + dx - 3:.1f}" y1="{y + bar_h + 2:.1f}" x2="{bx + dx + 3:.1f}" '
                    f'y2="{y - 2:.1f}" stroke="#ffffff" stroke-width="2.5" />'
                )
            parts.append(
                f'<text x="{left + 22:.1f}" y="{cy:.1f}" fill="#ffffff" font-weight="bold">'
                f"{fmt_alpha(bar.value)}</text>"
            )
        if bar.interval is not None:
            lo_v, hi_v = bar.interval.low, bar.interval.high
            xl, xh = x(lo_v), x(hi_v)
            ym = y + bar_h / 2
            parts.append(
                f'<g class="interval" data-low="{lo_v:.6f}" data-high="{hi_v:.6f}" stroke="#111" '
                'stroke-width="1.3">'
                f'<line x1="{xl:.1f}" y1="{ym:.1f}" x2="{xh:.1f}" y2="{ym:.1f}" />'
                f'<line x1="{xh:.1f}" y1="{ym - 5:.1f}" x2="{xh:.1f}" y2="{ym + 5:.1f}" />'
            )
            if lo_v < low:  # an arrow at the edge: the interval goes on beyond it
                arrow = f"{xl + 6:.1f},{ym - 4:.1f} {xl:.1f},{ym:.1f} {xl + 6:.1f},{ym + 4:.1f}"
                parts.append(f'<polyline points="{arrow}" fill="none" />')
            else:
                parts.append(f'<line x1="{xl:.1f}" y1="{ym - 5:.1f}" x2="{xl:.1f}" y2="{ym + 5:.1f}" />')
            parts.append("</g>")
    for (ref, _meaning), dash in zip(REFERENCE_LINES, ("6 4", "none"), strict=True):
        parts.append(
            f'<line class="reference" data-alpha="{ref:.3f}" x1="{x(ref):.1f}" y1="{top - 10}" '
            f'x2="{x(ref):.1f}" y2="{axis_y}" stroke="#b00020" stroke-width="1.5" '
            f'stroke-dasharray="{dash}" />'
        )
    # labels above the plot, one left-aligned and one right-aligned so they never collide
    parts.append(
        f'<text x="{x(0.667) - 4:.1f}" y="{top - 14}" text-anchor="end" fill="#b00020">'
        f"{fmt_alpha(0.667)} {REFERENCE_LINES[0][1]}</text>"
        f'<text x="{x(0.8) + 4:.1f}" y="{top - 14}" text-anchor="start" fill="#b00020">'
        f"{fmt_alpha(0.8)}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


# -- the page -------------------------------------------------------------------------------------

_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "Source Serif 4", "Noto Serif", Georgia, serif; color: #1a1a1a; max-width: 780px;
       margin: 24px auto; padding: 0 16px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 20px; margin: 0 0 2px; }
h2 { font-size: 15px; margin: 18px 0 4px; }
.sub { color: #555; margin: 0 0 14px; }
table.sample th { text-align: left; padding-right: 14px; vertical-align: top; }
table.sample td { text-align: left; }
figure { margin: 8px 0 12px; } figcaption { color: #444; font-size: 12px; }
table.figures { border-collapse: collapse; width: 100%; margin: 6px 0 10px; font-size: 12px; }
table.figures th, table.figures td { padding: 3px 6px; border-bottom: 1px solid #ddd; text-align: right; }
table.figures th:first-child, table.figures td:first-child { text-align: left; }
table.figures thead th { border-bottom: 1.5px solid #333; }
tr.overall td { border-top: 1.5px solid #333; font-weight: bold; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 1px solid #333; }
.methods { background: #f6f6f6; padding: 8px 10px; border-left: 3px solid #999; }
.notes, .refs { color: #333; font-size: 11.5px; }
.refs p { margin: 2px 0 2px 18px; text-indent: -18px; }
@media print { body { margin: 0; max-width: none; } }
"""

# Qt's rich text (the app's PDF) knows a subset of CSS: no grid, no max-width, table borders as
# attributes; the page keeps to what both a browser and Qt read.
_PRINT_CSS = """
body { font-family: "DejaVu Serif", "Noto Serif", Georgia, serif; color: #1a1a1a; font-size: 10pt; }
h1 { font-size: 16pt; margin: 0; }
h2 { font-size: 12pt; margin-top: 12px; margin-bottom: 3px; }
.sub { color: #555555; }
table.figures { border-collapse: collapse; font-size: 8.5pt; }
table.figures th { border-bottom: 1px solid #333333; padding: 2px 5px; }
table.figures td { padding: 2px 5px; border-bottom: 1px solid #dddddd; }
table.sample th { text-align: left; padding-right: 10px; }
tr.overall td { font-weight: bold; border-top: 1px solid #333333; }
.methods { background-color: #f3f3f3; }
.notes, .refs { font-size: 8.5pt; color: #333333; }
figcaption, .caption { font-size: 8.5pt; color: #444444; }
"""

REFERENCES = (
    "Cohen, J. (1960). A coefficient of agreement for nominal scales. <i>Educational and "
    "Psychological Measurement, 20</i>(1), 37–46.",
    "Efron, B., &amp; Tibshirani, R. J. (1993). <i>An introduction to the bootstrap</i>. Chapman &amp; Hall.",
    "Fleiss, J. L. (1971). Measuring nominal scale agreement among many raters. <i>Psychological "
    "Bulletin, 76</i>(5), 378–382.",
    "Gwet, K. L. (2015, August 22). Standard error of Krippendorff's alpha coefficient. "
    "<i>K. Gwet's Inter-Rater Reliability Blog</i>.",
    "Hayes, A. F., &amp; Krippendorff, K. (2007). Answering the call for a standard reliability "
    "measure for coding data. <i>Communication Methods and Measures, 1</i>(1), 77–89.",
    "Holsti, O. R. (1969). <i>Content analysis for the social sciences and humanities</i>. Addison-Wesley.",
    "Hughes, J. (2022). Toward improved inference for Krippendorff's alpha agreement coefficient. "
    "<i>arXiv</i>:2210.13265.",
    "Krippendorff, K. (1995). On the reliability of unitizing continuous data. <i>Sociological "
    "Methodology, 25</i>, 47–76.",
    "Krippendorff, K. (2004). <i>Content analysis: An introduction to its methodology</i> (2nd ed.). Sage.",
    "Krippendorff, K. (2011). <i>Computing Krippendorff's alpha-reliability</i>; <i>Algorithm for "
    "bootstrapping a distribution of α</i> (revised 2011). Annenberg School for Communication, "
    "University of Pennsylvania.",
    "Zapf, A., Castell, S., Morawietz, L., &amp; Karch, A. (2016). Measuring inter-rater reliability "
    "for nominal data – which coefficients and confidence intervals are appropriate? <i>BMC Medical "
    "Research Methodology, 16</i>, 93.",
)


def _html(text: str) -> str:
    """Plain text (a methods paragraph, a note) for the page: escaped, α_U with its subscript."""
    return escape(text).replace("α_U", "α<sub>U</sub>")


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n:,} {one if n == 1 else (many or one + 's')}"


def _p(interval: BootstrapInterval | None, threshold: float) -> str:
    """A probability for the page (HTML-escaped: it may read "< .001")."""
    if interval is None:
        return "n/a"
    return escape(fmt_probability(interval.p_below.get(threshold), draws=interval.defined))


def _p_words(interval: BootstrapInterval, threshold: float) -> str:
    """ "is .61", "is below .001", "is above .999": a probability inside a sentence."""
    shown = fmt_probability(interval.p_below.get(threshold), draws=interval.defined)
    if shown.startswith("<"):
        return f"is below {shown[1:].strip()}"
    if shown.startswith(">"):
        return f"is above {shown[1:].strip()}"
    return f"is {shown}"


def methods_paragraph(report: ReliabilityReport) -> str:
    """A plain-text paragraph a researcher can adapt for the methods section."""
    o = report.overall
    settings = report.settings
    intervals = o.intervals
    defined = {c: v for c, v in o.alpha_u_categories.items() if v is not None}
    labels = {c.id: c.label.lower() for c in report.codebook.categories}
    coders = len(report.coders)
    sample = report.sampling or "[say how these documents were chosen]"
    if report.round:
        sample = f"the documents of the round {report.round}"
    text = (
        f"{coders} coders independently coded the same {_count(len(report.documents), 'document')} "
        f"({o.characters:,} characters of {o.continuum_scope}; {sample}), marking "
        f"{_count(report.units, 'unit')} in total with codebook {report.codebook.id} version "
        f"{report.codebook.version}. Intercoder reliability was assessed with Krippendorff's unitizing "
        "alpha (α_U; Krippendorff, 1995, 2004), which compares both the boundaries and the categories "
        "of the coded units, and with Krippendorff's alpha over characters (nominal; Krippendorff, "
        f"2011). Over all categories α_U = {fmt_alpha(o.alpha_u)}"
    )
    if intervals is not None and intervals.alpha_u is not None and settings is not None:
        text += (
            f", 95% CI {fmt_interval(intervals.alpha_u)}; the probability that α_U lies below .800 "
            f"{_p_words(intervals.alpha_u, 0.8)}, below .667 it {_p_words(intervals.alpha_u, 0.667)}"
        )
    text += "."
    if defined:
        lo_cat = min(defined, key=lambda c: defined[c])
        hi_cat = max(defined, key=lambda c: defined[c])
        text += (
            f" By category, α_U ranged from {fmt_alpha(defined[lo_cat])} ({labels.get(lo_cat, lo_cat)}) "
            f"to {fmt_alpha(defined[hi_cat])} ({labels.get(hi_cat, hi_cat)})."
        )
    if o.alpha_positions is not None:
        text += f" Alpha over characters was {fmt_alpha(o.alpha_positions)}"
        if intervals is not None and intervals.alpha_positions is not None:
            text += f" (95% CI {fmt_interval(intervals.alpha_positions)})"
        text += "."
    if intervals is not None and settings is not None:
        text += (
            f" Confidence intervals are percentile intervals from {settings.draws:,} bootstrap resamples "
            "of documents (each document with all of its coded units, since units of one document are "
            "not independent), following Krippendorff's bootstrap (Hayes & Krippendorff, 2007; "
            "Krippendorff, 2011) but re-estimating both observed and expected disagreement in every "
            f"resample (Zapf et al., 2016); seed {settings.seed}."
        )
    return text


def _figure_row(
    name: str,
    swatch: str,
    value: float | None,
    interval: BootstrapInterval | None,
    cells: Sequence[str],
    *,
    css: str = "",
) -> str:
    klass = f' class="{css}"' if css else ""
    return (
        f"<tr{klass}><td>{swatch}{escape(name)}</td><td>{fmt_alpha(value)}</td>"
        f"<td>{fmt_interval(interval) if interval else 'n/a'}</td>"
        f"<td>{_p(interval, 0.667)}</td><td>{_p(interval, 0.8)}</td>"
        + "".join(f"<td>{c}</td>" for c in cells)
        + "</tr>"
    )


def _notes(report: ReliabilityReport) -> list[str]:
    """Every reason behind an "n/a", and the explanations a reader would ask for."""
    o = report.overall
    labels = {c.id: c.label for c in report.codebook.categories}
    notes: list[str] = []
    for category in o.categories:
        name = escape(labels.get(category, category))
        if o.alpha_u_categories[category] is None:
            notes.append(
                f"{escape(labels.get(category, category))}: α_U n/a, {o.why_undefined('alpha_u', category)}."
            )
        elif o.intervals is not None and o.intervals.alpha_u_categories.get(category) is None:
            notes.append(f"{name}: no interval, {o.why_no_interval('alpha_u', category)}.")
    if o.alpha_u is None:
        notes.append(f"Overall α_U n/a: {o.why_undefined('alpha_u')}.")
    elif o.intervals is None:
        notes.append("No intervals: the report was made without bootstrap draws.")
    elif o.intervals.alpha_u is None:
        notes.append(f"No interval for the overall α_U: {o.why_no_interval('alpha_u')}.")
    notes.extend(_html(n) for n in surprises(o, labels=labels))
    for category in o.categories:
        carried = o.documents_with_units.get(category, 0)
        if 0 < carried < 5 and o.alpha_u_categories[category] is not None:
            notes.append(
                f"{escape(labels.get(category, category))} occurs in only {_count(carried, 'document')}: "
                "its figures rest on very few cases."
            )
    if o.intervals is not None and 2 <= o.documents <= FEW_CLUSTERS:
        notes.append(
            f"Only {o.documents} documents: with this few resampled documents bootstrap intervals tend "
            "to be too narrow (Hughes, 2022); read them as a lower bound on the uncertainty."
        )
    return notes


def render_html(report: ReliabilityReport, *, for_print: bool = False) -> str:
    """The self-contained HTML report (inline CSS and SVG; no scripts, no fetches).

    ``for_print`` gives the page the app prints to PDF: Qt's rich text shows no inline SVG, so
    the chart is an image named :data:`CHART_IMAGE` that the printer supplies, and the CSS keeps
    to what Qt reads.
    """
    o = report.overall
    intervals = o.intervals
    settings = report.settings
    cat_info = {c.id: c for c in report.codebook.categories}
    pdf = for_print
    border = ' border="0" cellspacing="0" cellpadding="3" width="100%"' if pdf else ""

    def swatch(color: str) -> str:
        if pdf:
            return f'<span style="color:{escape(color)}">■</span> '
        return f'<span class="swatch" style="background:{escape(color)}"></span>'

    # -- sample
    units_per_coder = ", ".join(
        f"{escape(label)} {report.units_per_coder[label]:,}" for label in report.labels
    )
    sampling = (
        escape(report.sampling)
        if report.sampling
        else "not recorded in the project (it holds no assignments); say in the methods how these "
        "documents were chosen"
    )
    documents = f"{len(report.documents)} ({report.coded_documents} with coded units)"
    per_coder = f"{report.units:,} coded spans in {len(o.categories)} categories"
    sample_rows = [
        *(
            [("Round", f'<span id="round">{escape(report.round)}</span> (only its documents)')]
            if report.round
            else []
        ),
        ("Documents", f'<span id="n-documents">{documents}</span>'),
        ("How drawn", sampling),
        (
            "Characters compared",
            f'<span id="n-characters">{o.characters:,}</span> ({escape(o.continuum_scope)} of each document)',
        ),
        (
            "Coders",
            f'<span id="n-coders">{len(report.coders)}: {", ".join(escape(x) for x in report.labels)}</span>',
        ),
        (
            "Units per coder",
            f'<span id="n-units">{units_per_coder}</span> ({per_coder})',
        ),
    ]
    if settings is not None:
        sample_rows.append(
            (
                "Bootstrap",
                f"{settings.draws:,} resamples of documents, seed {settings.seed}, percentile intervals",
            )
        )
    sample = "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in sample_rows)

    # -- categories
    head_units = "".join(f"<th>units<br>{escape(label)}</th>" for label in report.labels)
    rows = []
    for category in o.categories:
        cat = cat_info.get(category)
        exact, overlap = o.f1(category)
        units = [f"{o.unit_counts[label][category]:,}" for label in report.labels]
        rows.append(
            _figure_row(
                cat.label if cat else category,
                swatch(cat.color) if cat else "",
                o.alpha_u_categories[category],
                intervals.alpha_u_categories.get(category) if intervals else None,
                [fmt_alpha(exact), fmt_alpha(overlap), *units],
            )
        )
    exact, overlap = o.f1()
    rows.append(
        _figure_row(
            "Overall",
            "",
            o.alpha_u,
            intervals.alpha_u if intervals else None,
            [
                fmt_alpha(exact),
                fmt_alpha(overlap),
                *(f"{report.units_per_coder[x]:,}" for x in report.labels),
            ],
            css="overall",
        )
    )
    kappa = "Fleiss' κ" if o.pairwise else "Cohen's κ"
    positions = (
        f"Alpha over characters (nominal, each character labelled with its category or none): "
        f"{fmt_alpha(o.alpha_positions)}"
    )
    if intervals is not None and intervals.alpha_positions is not None:
        positions += ", " + escape(interval_phrase(intervals.alpha_positions))
    positions += f"; {kappa} over characters: {fmt_alpha(o.kappa_positions)}."

    # -- pairs
    if o.pairwise:
        pair_rows = []
        for (first, second), alpha in o.alpha_u_pairwise.items():
            interval = intervals.alpha_u_pairwise.get((first, second)) if intervals else None
            p_exact, p_overlap = o.pair_f1(first, second)
            pair_rows.append(
                _figure_row(
                    f"{first} – {second}", "", alpha, interval, [fmt_alpha(p_exact), fmt_alpha(p_overlap)]
                )
            )
        pairs = (
            f'<table class="figures" id="pairs"{border}><thead><tr><th>Coders</th><th>α<sub>U</sub></th>'
            "<th>95% CI</th><th>P(α&lt;.667)</th><th>P(α&lt;.800)</th><th>F1 exact</th><th>F1 overlap</th>"
            f"</tr></thead><tbody>{''.join(pair_rows)}</tbody></table>"
            f"<p>Mean of the pairs' α<sub>U</sub>: {fmt_alpha(o.alpha_u_pairwise_mean)}. The overall "
            "figures above compare all coders at once; a pair far below the others points at a coder "
            "who applies the codebook differently.</p>"
        )
    else:
        pairs = (
            f'<p id="pairs">Two coders: their pair is the comparison above ({escape(report.labels[0])} – '
            f"{escape(report.labels[1])}).</p>"
        )

    # -- variables
    if report.variables:
        var_rows = []
        for v in report.variables:
            var_rows.append(_figure_row(v.label, "", v.alpha, v.interval, [escape(v.metric), f"{v.units:,}"]))
        variables = (
            f'<table class="figures" id="variables"{border}><thead><tr><th>Variable</th><th>α</th>'
            "<th>95% CI</th><th>P(α&lt;.667)</th><th>P(α&lt;.800)</th><th>level</th><th>documents</th>"
            f"</tr></thead><tbody>{''.join(var_rows)}</tbody></table>"
        )
    else:
        variables = (
            '<p id="variables">The codebook defines no coded document variable with a level of '
            "measurement, so there is no variable-level alpha to report.</p>"
        )

    # -- appendix
    appendix_rows = []
    for category in o.categories:
        cat = cat_info.get(category)
        exact, overlap = o.f1(category)
        appendix_rows.append(
            f"<tr><td>{escape(cat.label if cat else category)}</td>"
            f"<td>{fmt_share(o.percent_agreement_categories.get(category))}</td>"
            f"<td>{fmt_alpha(exact)}</td><td>{fmt_alpha(overlap)}</td></tr>"
        )
    exact, overlap = o.f1()
    appendix_rows.append(
        f'<tr class="overall"><td>Overall</td><td>{fmt_share(o.percent_agreement)}</td>'
        f"<td>{fmt_alpha(exact)}</td><td>{fmt_alpha(overlap)}</td></tr>"
    )
    doc_alphas = [d.report.alpha_u for d in report.documents if d.report.alpha_u is not None]
    below = sum(1 for v in doc_alphas if v < REFERENCE_LINES[0][0])
    doc_line = (
        f"Per-document α<sub>U</sub>: median {fmt_alpha(median(doc_alphas))}, lowest "
        f"{fmt_alpha(min(doc_alphas))}; {below} of {len(doc_alphas)} documents below "
        f"{fmt_alpha(REFERENCE_LINES[0][0])} (the per-document CSV lists them)."
        + (
            f" {_count(len(report.documents) - len(doc_alphas), 'document')} without an α<sub>U</sub> "
            "of their own: nobody coded anything in them."
            if len(doc_alphas) < len(report.documents)
            else ""
        )
        if doc_alphas
        else "Per-document α<sub>U</sub>: not defined for any document (nobody coded anything)."
    )

    notes = "".join(f"<li>{n}</li>" for n in _notes(report))
    chart = f'<img src="{CHART_IMAGE}" width="640">' if pdf else chart_svg(report)
    generated = report.generated.strftime("%Y-%m-%d %H:%M UTC")
    if report.whole_text:
        scope = "Whole texts compared, page chrome included (--whole-text)."
    elif report.overall.continuum_scope == WHOLE_TEXT:
        scope = "Whole texts compared: no document has an article body set apart from its page chrome."
    else:
        scope = "Article bodies compared: the page chrome around them is left out (--whole-text includes it)."
    memo = (
        "<h2>Project memo</h2>"
        f'<p class="methods" style="white-space:pre-wrap" id="memo">{escape(report.project_memo)}</p>'
        if report.project_memo
        else ""
    )
    head_cells = (
        "<th>α<sub>U</sub></th><th>95% CI</th><th>P(α&lt;.667)</th><th>P(α&lt;.800)</th>"
        "<th>F1 exact</th><th>F1 overlap</th>"
    )
    references = "".join(f"<p>{r}</p>" for r in REFERENCES)
    round_title = f": round {escape(report.round)}" if report.round else ""
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intercoder reliability{round_title} — {escape(report.project_name)}</title>
<style>{_PRINT_CSS if pdf else _CSS}</style>
</head>
<body>
<h1>Intercoder reliability{round_title}</h1>
<p class="sub">{escape(report.project_name)} · codebook {escape(report.codebook.id)} version
{escape(report.codebook.version)} · generated {generated} by annotator {escape(__version__)}</p>
<h2>Sample</h2>
<table class="sample">{sample}</table>
<h2>Reliability of the coded units</h2>
<figure>
{chart}
<figcaption class="caption">Krippendorff's unitizing alpha (α<sub>U</sub>) per category and overall; whiskers:
95% bootstrap intervals. Dashed line: .667, the lowest value for tentative conclusions; solid line:
.800, the conventional threshold for reliable data (Krippendorff, 2004, p. 241). A bar below −1 is cut
at the edge (marked //) with its value written on it.</figcaption>
</figure>
<table class="figures" id="categories"{border}>
<thead><tr><th>Category</th>{head_cells}{head_units}</tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
</table>
<p>{positions}</p>
<p id="scope">{scope}</p>
<h2>Coder pairs</h2>
{pairs}
<h2>Document variables</h2>
{variables}
<h2>Methods</h2>
<p class="methods">{_html(methods_paragraph(report))}</p>
{memo}
<h2>Notes</h2>
<ul class="notes">{notes}<li>α<sub>U</sub> treats each document's text as a continuum that every coder
divides into units and gaps; documents are pooled side by side, a gap ending where its document ends.
Uncoded text counts as agreement that nothing is there. F1 exact: same start, end and category; F1
overlap: same category and at least one shared character (one-to-one matching). P(α &lt; t): the share
of bootstrap resamples in which α fell below t (Krippendorff's q). Resampling documents rather than
pairs of values, and re-estimating the expected disagreement in each resample, answers the critique
that Krippendorff's original algorithm understates the uncertainty (Gwet, 2015; Zapf et al.,
2016).</li></ul>
<h2>Appendix: figures that are not chance-corrected</h2>
<p>For reviewers who ask for them. They count agreement that chance alone would produce, so they are
not reliability coefficients: percent agreement is high whenever most text is uncoded.</p>
<table class="figures" id="appendix"{border}>
<thead><tr><th>Category</th><th>% agreement (characters)</th><th>Holsti's CR (exact match)</th>
<th>Holsti's CR (overlap)</th></tr></thead>
<tbody>{"".join(appendix_rows)}</tbody>
</table>
<p class="notes">% agreement: share of characters two coders labelled alike (this category or not; overall:
the same label), averaged over pairs of coders. Holsti's CR = 2M / (N<sub>1</sub> + N<sub>2</sub>), M the
matched units (Holsti, 1969), which is span F1. {doc_line}</p>
<h2>References</h2>
<div class="refs">{references}</div>
</body>
</html>
"""
    # numbers right-aligned: every cell after a row's first (an attribute, which Qt reads too)
    return page.replace("</td><td>", '</td><td align="right">').replace(
        "</th><th>", '</th><th align="right">'
    )


def write_html(report: ReliabilityReport, path: Path) -> None:
    text = render_html(report)

    def write(fh: IO[str]) -> None:
        fh.write(text)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
