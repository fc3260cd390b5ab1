"""A reliability report a researcher can hand in: CSV tables and a one-page HTML summary.

Methods sections report intercoder reliability per category with the numbers behind it (how
many documents, units and coders) and judge it against Krippendorff's conventional thresholds:
alpha >= .800 for conclusions, .667 <= alpha < .800 for tentative ones (Krippendorff 2004,
p. 241). This module computes the figures once (:func:`build_report`) and writes:

- a per-category CSV (:func:`category_rows`): alpha_U, span F1 and units per coder;
- a per-document CSV (:func:`document_rows`): the same figures document by document, which is
  where a researcher finds the articles that pull agreement down;
- a standalone HTML page (:func:`render_html`) with an inline SVG bar chart of alpha_U per
  category against the two reference lines, printable on one page; nothing is fetched from the
  network, so it opens the same way years later.

Agreement is the project-wide figure (documents end to end, as ``annotator agree`` computes it).
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html import escape
from pathlib import Path
from statistics import median
from typing import IO

from annotator import __version__
from annotator.agreement import AgreementReport, Row, Unit, compute_agreement, report_rows
from annotator.domain import Annotator, Codebook
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.reliability import body_spans, resolve_annotators
from annotator.reliability.variables import VariableAgreement, variable_agreement, variables_html
from annotator.review import span_counts
from annotator.safe_write import atomic_write

__all__ = [
    "REFERENCE_LINES",
    "DocumentAgreement",
    "ReliabilityReport",
    "build_report",
    "category_rows",
    "document_rows",
    "render_html",
    "write_csv",
    "write_html",
]

#: (alpha, what it means), after Krippendorff (2004, p. 241).
REFERENCE_LINES = ((0.667, "tentative conclusions"), (0.800, "reliable"))


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
    whole_text: bool = False
    """Whether the documents' whole texts were compared, page chrome and all (else their bodies)."""
    variables: tuple[VariableAgreement, ...] = ()
    project_memo: str = ""

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


def build_report(
    project: Project, *, annotators: Sequence[str] | None = None, whole_text: bool = False
) -> ReliabilityReport:
    """Agreement of ``annotators`` (ids or names) over the whole project (the documents' article
    bodies, or their whole texts with ``whole_text``), and on the coded document variables.

    By default every coder with at least one span: opening a project in the app registers its
    user as a coder, and a coder who never coded would otherwise count as one who found nothing.
    """
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
    for a in project.annotations(annotator_ids=list(label)):
        by_doc[a.document_id][label[a.annotator_id]].append(Unit(a.start, a.end, a.category))
    docs = project.documents()
    spans = [body_spans((0, d.length) if whole_text else d.body_span, by_doc.get(d.id, {})) for d in docs]
    overall = compute_agreement(spans, annotators=labels, categories=categories)
    per_document = tuple(
        DocumentAgreement(
            document_id=d.id,
            title=d.title,
            length=d.length,
            report=compute_agreement([s], annotators=labels, categories=categories),
        )
        for d, s in zip(docs, spans, strict=True)
    )
    return ReliabilityReport(
        project_name=project.path.name if project.path else "project",
        codebook=project.codebook,
        coders=tuple(chosen),
        labels=labels,
        overall=overall,
        documents=per_document,
        generated=datetime.now(UTC),
        whole_text=whole_text,
        variables=tuple(variable_agreement(project, chosen)),
        project_memo=project.project_memo(),
    )


# -- CSV -------------------------------------------------------------------------------------------


def category_rows(report: ReliabilityReport) -> list[Row]:
    """One row per category and a last ``(overall)`` row; ``units:<coder>`` counts per coder."""
    rows: list[Row] = []
    labels = {c.id: c.label for c in report.codebook.categories}
    for row in report_rows(report.overall):
        category = str(row["category"])
        rows.append({"category": category, "label": labels.get(category, category), **row})
    exact, overlap = report.overall.f1()
    overall: Row = {
        "category": "(overall)",
        "label": "all categories",
        "alpha_u": report.overall.alpha_u,
        "f1_exact": exact,
        "f1_overlap": overlap,
    }
    for label in report.labels:
        overall[f"units:{label}"] = report.units_per_coder[label]
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
        rows.append(row)
    return rows


def write_csv(rows: Sequence[Row], path: Path) -> None:
    """Write rows as UTF-8 CSV (empty cell where a figure is undefined), atomically."""
    columns: list[str] = []
    for row in rows:
        columns.extend(k for k in row if k not in columns)

    def write(fh: IO[str]) -> None:
        writer = csv.DictWriter(fh, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc


# -- HTML ------------------------------------------------------------------------------------------


def fmt_alpha(value: float | None) -> str:
    """APA style: no leading zero, three decimals, a real minus sign; "n/a" when undefined."""
    if value is None:
        return "n/a"
    text = f"{abs(value):.3f}"
    if text.startswith("0"):
        text = text[1:]
    return ("\u2212" if value < 0 and text.strip(".0") else "") + text


def _axis_floor(values: Sequence[float | None]) -> float:
    defined = [v for v in values if v is not None]
    low = min([0.0, *defined])
    return math.floor(low * 5) / 5  # a multiple of .2, so the ticks stay round


def _tick(value: float) -> str:
    """Axis ticks: one decimal, no leading zero ("0", ".2", "1.0", "−.2")."""
    if abs(value) < 1e-9:
        return "0"
    text = f"{abs(value):.1f}"
    return ("\u2212" if value < 0 else "") + (text[1:] if text.startswith("0") else text)


def chart_svg(report: ReliabilityReport) -> str:
    """Horizontal bars of alpha_U per category (and overall) with the .667 and .800 lines."""
    categories = list(report.overall.categories)
    cat_info = {c.id: c for c in report.codebook.categories}
    values: list[tuple[str, float | None, str]] = [
        (
            cat_info[c].label if c in cat_info else c,
            report.overall.alpha_u_categories[c],
            cat_info[c].color if c in cat_info else "#888888",
        )
        for c in categories
    ]
    values.append(("Overall", report.overall.alpha_u, "#404040"))
    low = _axis_floor([v for _, v, _ in values])
    left, right, top, row_h, bar_h = 150, 600, 34, 30, 18
    width = right + 76  # the values sit in their own column, clear of bars and reference lines
    height = top + row_h * len(values) + 8 + 34

    def x(v: float) -> float:
        return left + (v - low) / (1.0 - low) * (right - left)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="chart-title" font-family="inherit" font-size="12">',
        '<title id="chart-title">Krippendorff\'s alpha_U per category, with reference lines at .667 and '
        ".800</title>",
    ]
    ticks = [round(low + i * 0.2, 1) for i in range(round((1.0 - low) / 0.2) + 1)]
    axis_y = top + row_h * len(values) + 4
    for t in ticks:
        parts.append(
            f'<line x1="{x(t):.1f}" y1="{top - 4}" x2="{x(t):.1f}" y2="{axis_y}" stroke="#e3e3e3" />'
            f'<text x="{x(t):.1f}" y="{axis_y + 16}" text-anchor="middle" fill="#555">{_tick(t)}</text>'
        )
    parts.append(
        f'<line x1="{x(0):.1f}" y1="{top - 4}" x2="{x(0):.1f}" y2="{axis_y}" stroke="#888" />'
        f'<text x="{(left + right) / 2:.0f}" y="{axis_y + 32}" text-anchor="middle" fill="#333">'
        'Krippendorff\'s α<tspan baseline-shift="sub" font-size="9">U</tspan></text>'
    )
    for i, (name, value, color) in enumerate(values):
        y = top + i * row_h + (row_h - bar_h) / 2
        cy = y + bar_h / 2 + 4
        weight = ' font-weight="bold"' if name == "Overall" and i == len(values) - 1 else ""
        parts.append(f'<text x="{left - 8}" y="{cy:.1f}" text-anchor="end"{weight}>{escape(name)}</text>')
        parts.append(
            f'<text class="value" x="{right + 14}" y="{cy:.1f}" text-anchor="start"{weight}>'
            f"{fmt_alpha(value)}</text>"
        )
        if value is None:
            parts.append(
                f'<text x="{x(0) + 6:.1f}" y="{cy:.1f}" fill="#777" font-style="italic">no units</text>'
            )
            continue
        x0, x1 = sorted((x(0), x(value)))
        parts.append(
            f'<rect x="{x0:.1f}" y="{y:.1f}" width="{max(x1 - x0, 1):.1f}" height="{bar_h}" '
            f'fill="{escape(color)}" stroke="#333" stroke-width="0.5"><title>{escape(name)}: '
            f"{fmt_alpha(value)}</title></rect>"
        )
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
        f"{fmt_alpha(0.8)} {REFERENCE_LINES[1][1]}</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts)


_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "Source Serif 4", "Noto Serif", Georgia, serif; color: #1a1a1a; max-width: 760px;
       margin: 24px auto; padding: 0 16px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 20px; margin: 0 0 2px; }
.sub { color: #555; margin: 0 0 14px; }
dl.counts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 12px; }
dl.counts dt { font-weight: bold; } dl.counts dd { margin: 0; }
figure { margin: 8px 0 12px; } figcaption { color: #444; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
th, td { padding: 3px 6px; border-bottom: 1px solid #ddd; text-align: right; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1.5px solid #333; }
tr.overall td { border-top: 1.5px solid #333; font-weight: bold; }
.swatch { display: inline-block; width: 10px; height: 10px; margin-right: 6px; border: 1px solid #333; }
.methods { background: #f6f6f6; padding: 8px 10px; border-left: 3px solid #999; }
.notes { color: #444; font-size: 11px; }
@media print { body { margin: 0; max-width: none; } }
"""


def _f(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def methods_sentence(report: ReliabilityReport) -> str:
    """A plain-text paragraph a researcher can adapt for the methods section."""
    o = report.overall
    defined = {c: v for c, v in o.alpha_u_categories.items() if v is not None}
    labels = {c.id: c.label.lower() for c in report.codebook.categories}
    spread = ""
    if defined:
        lo_cat = min(defined, key=lambda c: defined[c])
        hi_cat = max(defined, key=lambda c: defined[c])
        spread = (
            f" By category, α_U ranged from {fmt_alpha(defined[lo_cat])} ({labels.get(lo_cat, lo_cat)}) "
            f"to {fmt_alpha(defined[hi_cat])} ({labels.get(hi_cat, hi_cat)})."
        )
    return (
        f"{len(report.coders)} coders independently coded {len(report.documents)} documents "
        f"({report.units} coded units in total) with codebook {report.codebook.id} version "
        f"{report.codebook.version}. Intercoder reliability was assessed with Krippendorff's unitizing "
        f"alpha (α_U; Krippendorff, 2004), which compares both the boundaries and the categories of the "
        f"coded units: α_U = {fmt_alpha(o.alpha_u)} over all categories.{spread}"
    )


def render_html(report: ReliabilityReport) -> str:
    """The one-page, self-contained HTML report (inline CSS and SVG; no scripts, no fetches)."""
    o = report.overall
    coder_list = ", ".join(
        f"{escape(label)} ({report.units_per_coder[label]} units)" for label in report.labels
    )
    cat_info = {c.id: c for c in report.codebook.categories}
    head_units = "".join(f"<th>units<br>{escape(label)}</th>" for label in report.labels)
    body_rows = []
    for category in o.categories:
        cat = cat_info.get(category)
        exact, overlap = o.f1(category)
        units = "".join(f"<td>{o.unit_counts[label][category]}</td>" for label in report.labels)
        swatch = (
            f'<span class="swatch" style="background:{escape(cat.color)}"></span>' if cat is not None else ""
        )
        body_rows.append(
            f"<tr><td>{swatch}{escape(cat.label if cat else category)}</td>"
            f"<td>{fmt_alpha(o.alpha_u_categories[category])}</td><td>{_f(exact)}</td>"
            f"<td>{_f(overlap)}</td>{units}</tr>"
        )
    exact, overlap = o.f1()
    totals = "".join(f"<td>{report.units_per_coder[label]}</td>" for label in report.labels)
    body_rows.append(
        f'<tr class="overall"><td>Overall</td><td>{fmt_alpha(o.alpha_u)}</td><td>{_f(exact)}</td>'
        f"<td>{_f(overlap)}</td>{totals}</tr>"
    )
    doc_alphas = [d.report.alpha_u for d in report.documents if d.report.alpha_u is not None]
    below = sum(1 for v in doc_alphas if v < REFERENCE_LINES[0][0])
    doc_line = (
        f"per-document α_U: median {fmt_alpha(median(doc_alphas))}, lowest {fmt_alpha(min(doc_alphas))}; "
        f"{below} of {len(doc_alphas)} documents below {fmt_alpha(REFERENCE_LINES[0][0])} "
        "(see the per-document CSV)"
        if doc_alphas
        else "per-document α_U: not defined for any document"
    )
    kappa = "Fleiss' κ" if o.pairwise else "Cohen's κ"
    extra = [
        f"position-level α (nominal): {fmt_alpha(o.alpha_positions)}",
        f"position-level {kappa}: {fmt_alpha(o.kappa_positions)}",
    ]
    if o.pairwise:
        extra.append(f"mean of pairwise α_U: {fmt_alpha(o.alpha_u_pairwise_mean)}; F1 are means over pairs")
    generated = report.generated.strftime("%Y-%m-%d %H:%M UTC")
    scope = (
        "Whole texts compared, page chrome included (--whole-text)."
        if report.whole_text
        else "Article bodies compared: the page chrome around them is left out (--whole-text includes it)."
    )
    memo = (
        '<h2 style="font-size:15px">Project memo</h2>'
        f'<p class="methods" style="white-space:pre-wrap" id="memo">{escape(report.project_memo)}</p>'
        if report.project_memo
        else ""
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Intercoder reliability — {escape(report.project_name)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Intercoder reliability</h1>
<p class="sub">{escape(report.project_name)} · codebook {escape(report.codebook.id)} version
{escape(report.codebook.version)} · generated {generated} by annotator {escape(__version__)}</p>
<dl class="counts">
<dt>Documents</dt>
<dd id="n-documents">{len(report.documents)} ({report.coded_documents} with coded units)</dd>
<dt>Coders</dt><dd id="n-coders">{len(report.coders)}: {coder_list}</dd>
<dt>Units</dt><dd id="n-units">{report.units} coded spans in {len(o.categories)} categories</dd>
</dl>
<figure>
{chart_svg(report)}
<figcaption>Krippendorff's unitizing alpha (α<sub>U</sub>) per category and overall. Dashed line: .667,
the lowest value for tentative conclusions; solid line: .800, the conventional threshold for
reliable data (Krippendorff, 2004, p. 241).</figcaption>
</figure>
<table>
<thead><tr><th>Category</th><th>α<sub>U</sub></th><th>F1 exact</th><th>F1 overlap</th>
{head_units}</tr></thead>
<tbody>
{chr(10).join(body_rows)}
</tbody>
</table>
<p>{"; ".join(extra)}; {doc_line}.</p>
<p id="scope">{scope}</p>
{variables_html(report.variables, fmt_alpha)}
<p class="methods">{escape(methods_sentence(report))}</p>
{memo}
<p class="notes">α<sub>U</sub> treats each document's text as a continuum that every coder divides into
units and gaps; documents are laid end to end. Uncoded text counts as agreement that nothing is there.
F1 exact: same start, end and category; F1 overlap: same category and at least one shared character
(one-to-one matching). "n/a": undefined, for example a category nobody used.
Krippendorff, K. (2004). <i>Content analysis: An introduction to its methodology</i> (2nd ed.), ch. 12.
Thousand Oaks, CA: Sage.</p>
</body>
</html>
"""


def write_html(report: ReliabilityReport, path: Path) -> None:
    text = render_html(report)

    def write(fh: IO[str]) -> None:
        fh.write(text)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
