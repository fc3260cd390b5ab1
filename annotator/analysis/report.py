"""The analysis as one self-contained HTML page: a chart, the tables, the memos.

Like the reliability report it needs nothing from the network (inline CSS and SVG, no script), so
it opens the same way years later. The chart shows spans per 1,000 words of each category: bars
by group, or lines over time when the groups are dates of publication. The project memo (the
research questions and decisions) heads the page; documents' memos close it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape
from pathlib import Path
from typing import IO

from annotator import __version__
from annotator.analysis.figures import Analysis, is_time, nice_max
from annotator.domain import Codebook
from annotator.errors import AnnotatorError
from annotator.safe_write import atomic_write

__all__ = ["chart_svg", "render_html", "write_html"]

_FALLBACK = "#888888"


def _rate(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _label(value: str | None) -> str:
    return "(none)" if value is None else value


def chart_svg(analysis: Analysis, codebook: Codebook) -> str:
    """Spans per 1,000 words by group: grouped bars, or one line per category over time."""
    cats = [c for c in analysis.categories]
    colours = {c.id: c.color for c in codebook.categories}
    labels = {c.id: c.label for c in codebook.categories}
    groups = list(analysis.groups)
    rates = [[g.categories[c].per_1000_words or 0.0 for c in cats] for g in groups]
    top = nice_max(max((v for row in rates for v in row), default=0.0))
    left, right, top_pad, plot_h = 56, 20, 16, 220
    slot = max(48, 18 * len(cats) + 16)
    width = max(420, left + right + slot * max(1, len(groups)))
    legend_y = top_pad + plot_h + 46
    height = legend_y + 22 * ((len(cats) + 3) // 4) + 6

    def y(v: float) -> float:
        return top_pad + plot_h - v / top * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
        f'height="{height}" role="img" aria-labelledby="analysis-chart-title" font-size="12">',
        '<title id="analysis-chart-title">Spans per 1,000 words by '
        f"{escape(analysis.by)}, per category</title>",
    ]
    for i in range(5):
        v = top * i / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" stroke="#e3e3e3" />'
            f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end" fill="#555">{v:g}</text>'
        )
    parts.append(
        f'<text x="14" y="{top_pad + plot_h / 2:.0f}" transform="rotate(-90 14 {top_pad + plot_h / 2:.0f})" '
        'text-anchor="middle" fill="#333">per 1,000 words</text>'
    )
    line = is_time(analysis.by) and len(groups) > 1 and all(g.value is not None for g in groups)
    for gi, g in enumerate(groups):
        cx = left + slot * gi + slot / 2
        parts.append(
            f'<text x="{cx:.1f}" y="{top_pad + plot_h + 16}" text-anchor="middle" fill="#333">'
            f"{escape(_label(g.value))}</text>"
            f'<text x="{cx:.1f}" y="{top_pad + plot_h + 30}" text-anchor="middle" fill="#777" font-size="10">'
            f"{g.documents} docs</text>"
        )
        if line:
            continue
        bar_w = (slot - 16) / max(1, len(cats))
        for ci, c in enumerate(cats):
            v = rates[gi][ci]
            x = left + slot * gi + 8 + bar_w * ci
            parts.append(
                f'<rect class="bar" x="{x:.1f}" y="{y(v):.1f}" width="{max(bar_w - 2, 1):.1f}" '
                f'height="{top_pad + plot_h - y(v):.1f}" fill="{escape(colours.get(c, _FALLBACK))}">'
                f"<title>{escape(labels.get(c, c))}, {escape(_label(g.value))}: {v:.2f}</title></rect>"
            )
    if line:
        for ci, c in enumerate(cats):
            points = " ".join(
                f"{left + slot * gi + slot / 2:.1f},{y(rates[gi][ci]):.1f}" for gi in range(len(groups))
            )
            colour = escape(colours.get(c, _FALLBACK))
            parts.append(
                f'<polyline class="line" points="{points}" fill="none" stroke="{colour}" stroke-width="2" />'
            )
            for gi in range(len(groups)):
                parts.append(
                    f'<circle cx="{left + slot * gi + slot / 2:.1f}" cy="{y(rates[gi][ci]):.1f}" r="3" '
                    f'fill="{colour}">'
                    f"<title>{escape(labels.get(c, c))}, {escape(_label(groups[gi].value))}: "
                    f"{rates[gi][ci]:.2f}</title></circle>"
                )
    parts.append(
        f'<line x1="{left}" x2="{width - right}" y1="{top_pad + plot_h}" y2="{top_pad + plot_h}" '
        'stroke="#888" />'
    )
    for ci, c in enumerate(cats):
        lx = left + (ci % 4) * 150
        ly = legend_y + 22 * (ci // 4)
        parts.append(
            f'<rect x="{lx}" y="{ly - 10}" width="12" height="12" '
            f'fill="{escape(colours.get(c, _FALLBACK))}" />'
            f'<text x="{lx + 18}" y="{ly}">{escape(labels.get(c, c))}</text>'
        )
    parts.append("</svg>")
    return "\n".join(parts)


_CSS = """
@page { size: A4; margin: 14mm; }
body { font-family: "Source Serif 4", "Noto Serif", Georgia, serif; color: #1a1a1a; max-width: 860px;
       margin: 24px auto; padding: 0 16px; font-size: 13px; line-height: 1.45; }
h1 { font-size: 20px; margin: 0 0 2px; } h2 { font-size: 15px; margin: 18px 0 4px; }
.sub { color: #555; margin: 0 0 14px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; font-size: 12px; }
th, td { padding: 3px 6px; border-bottom: 1px solid #ddd; text-align: right; vertical-align: top; }
th:first-child, td:first-child { text-align: left; }
thead th { border-bottom: 1.5px solid #333; }
.memo { background: #f6f6f6; padding: 8px 10px; border-left: 3px solid #999; white-space: pre-wrap; }
.notes { color: #444; font-size: 11px; }
"""


def render_html(
    analysis: Analysis,
    *,
    codebook: Codebook,
    project_name: str,
    project_memo: str = "",
    document_memos: list[tuple[str, str]] | None = None,
) -> str:
    """The analysis page (``document_memos``: (title, memo) of the documents that have one)."""
    labels = {c.id: c.label for c in codebook.categories}
    cats = analysis.categories
    head = "".join(f"<th colspan='3'>{escape(labels.get(c, c))}</th>" for c in cats)
    sub = "".join("<th>spans</th><th>docs</th><th>‰ words</th>" for _ in cats)
    body_rows = []
    for g in analysis.groups:
        cells = "".join(
            f"<td>{g.categories[c].spans}</td><td>{g.categories[c].documents}</td>"
            f"<td>{_rate(g.categories[c].per_1000_words)}</td>"
            for c in cats
        )
        body_rows.append(
            f"<tr><td>{escape(_label(g.value))}</td><td>{g.documents}</td><td>{g.words:,}</td>{cells}</tr>"
        )
    co_head = "".join(f"<th>{escape(labels.get(c, c))}</th>" for c in cats)
    co_rows = "".join(
        f"<tr><td>{escape(labels.get(a, a))}</td>"
        + "".join(f"<td>{analysis.cooccurrence[a][b]}</td>" for b in cats)
        + "</tr>"
        for a in cats
    )
    within = "overlap" if analysis.within == "overlap" else "share a paragraph"
    memo = (
        f'<h2>Project memo</h2><p class="memo" id="project-memo">{escape(project_memo)}</p>'
        if project_memo
        else ""
    )
    memos = ""
    if document_memos:
        items = "".join(
            f"<dt>{escape(title)}</dt><dd class='memo'>{escape(text)}</dd>" for title, text in document_memos
        )
        memos = f'<h2>Document memos</h2><dl id="document-memos">{items}</dl>'
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    chrome = "" if analysis.whole_text else " (page chrome left out)"
    documents = sum(g.documents for g in analysis.groups)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Analysis — {escape(project_name)}</title>
<style>{_CSS}</style>
</head>
<body>
<h1>Analysis by {escape(analysis.by)}</h1>
<p class="sub">{escape(project_name)} · codebook {escape(codebook.id)} version {escape(codebook.version)} ·
generated {generated} by annotator {escape(__version__)}</p>
<p id="scope">Layer <b>{escape(analysis.layer.name)}</b> ({escape(analysis.layer_reason)});
{documents} documents; counted over <b>{escape(analysis.scope)}</b>{chrome}.</p>
{memo}
<figure>
{chart_svg(analysis, codebook)}
<figcaption>Spans per 1,000 words of each category, by {escape(analysis.by)}.</figcaption>
</figure>
<table id="figures">
<thead><tr><th rowspan="2">{escape(analysis.by)}</th><th rowspan="2">documents</th>
<th rowspan="2">words</th>{head}</tr>
<tr>{sub}</tr></thead>
<tbody>
{chr(10).join(body_rows)}
</tbody>
</table>
<h2>Co-occurrence</h2>
<p>Pairs of spans that {within}, by category.</p>
<table id="cooccurrence"><thead><tr><th></th>{co_head}</tr></thead><tbody>{co_rows}</tbody></table>
{memos}
<p class="notes">spans: spans of the category in the group; docs: documents with at least one;
‰ words: spans per 1,000 words. A word is a run of letters or digits (an inner apostrophe or hyphen
keeps it one word).</p>
</body>
</html>
"""


def write_html(text: str, path: Path) -> None:
    def write(fh: IO[str]) -> None:
        fh.write(text)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
