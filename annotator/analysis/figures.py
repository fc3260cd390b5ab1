"""Figures by outlet and over time: documents, words, spans per category, co-occurrence, a matrix.

"How often do Sputnik and CNN quote officials, and did it change after 2023?" For one layer (a
coder's, or the adjudicated one) and one grouping of the documents (by outlet, by year or month of
publication, by a document variable), each group gets its number of documents and words, and
each category its number of spans, the number of documents with at least one, and spans per
1,000 words. A co-occurrence table counts pairs of spans of two categories that overlap (or share
a paragraph), and a document x category matrix of counts goes to R or SPSS.

Only the article body counts (the page chrome around it is neither words nor coding), unless the
whole text is asked for. A span counts when it reaches into the body.
"""

from __future__ import annotations

import csv
import math
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, Final

from annotator.body import clip_to_body, count_words, paragraph_index, paragraphs
from annotator.dataset import document_variables
from annotator.domain import Annotator, AnnotatorKind, DocumentInfo
from annotator.errors import AnnotatorError, ValidationError
from annotator.project import Project
from annotator.safe_write import atomic_write

__all__ = [
    "BY_FIELDS",
    "Analysis",
    "CategoryFigures",
    "GroupFigures",
    "analyse",
    "choose_layer",
    "figure_rows",
    "group_value",
    "matrix_rows",
    "write_rows_csv",
]

#: Groupings by metadata; any document variable's id groups too.
BY_FIELDS: Final = (
    "source",
    "outlet",
    "author",
    "language",
    "published:year",
    "published:month",
    "published:day",
    "all",
)
WITHIN: Final = ("overlap", "paragraph")


@dataclass(frozen=True, slots=True)
class CategoryFigures:
    spans: int
    documents: int
    """Documents with at least one span of the category."""
    per_1000_words: float | None
    """Spans per 1,000 words of the group (``None`` when the group has no words)."""


@dataclass(frozen=True, slots=True)
class GroupFigures:
    value: str | None
    """The group's value (an outlet, ``2023``, ``2023-08``, a variable's value); ``None``: none given."""
    documents: int
    words: int
    categories: Mapping[str, CategoryFigures]
    document_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """One document's figures: what the matrix and the retrieval view start from."""

    info: DocumentInfo
    group: str | None
    words: int
    counts: Mapping[str, int]
    variables: Mapping[str, Any]
    coded: Mapping[str, Any]


@dataclass(frozen=True)
class Analysis:
    """The figures of one layer over some documents, grouped ``by``."""

    layer: Annotator
    layer_reason: str
    """Why this layer (``"the adjudicated layer"``, ``"your own layer"``, ``"as asked"``)."""
    by: str
    whole_text: bool
    within: str
    categories: tuple[str, ...]
    groups: tuple[GroupFigures, ...]
    cooccurrence: Mapping[str, Mapping[str, int]]
    documents: tuple[DocumentRow, ...] = field(default=(), repr=False)

    @property
    def scope(self) -> str:
        return "the whole text" if self.whole_text else "the article body"

    def to_json(self) -> dict[str, Any]:
        """The JSON of ``annotator analyze --json`` (its shape is a contract, see README)."""
        return {
            "layer": self.layer.name,
            "by": self.by,
            "groups": [
                {
                    "value": g.value,
                    "documents": g.documents,
                    "words": g.words,
                    "categories": {
                        c: {
                            "spans": f.spans,
                            "documents": f.documents,
                            "per_1000_words": None
                            if f.per_1000_words is None
                            else round(f.per_1000_words, 3),
                        }
                        for c, f in g.categories.items()
                    },
                }
                for g in self.groups
            ],
            "cooccurrence": {a: dict(row) for a, row in self.cooccurrence.items()},
        }


def choose_layer(project: Project, layer: str | None, *, me: str | None) -> tuple[Annotator, str]:
    """The layer to analyse and why: ``layer`` (a name, an id, or ``adjudicated``) when given; else
    the adjudicated layer where one exists (the fullest, if several), else ``me`` (a name or id)."""
    everyone = project.annotators()
    counts = project.span_counts()
    adjudicated = sorted(
        (a for a in everyone if a.kind is AnnotatorKind.ADJUDICATED),
        key=lambda a: (-counts.get(a.id, 0), a.name),
    )
    if layer is not None and layer.strip().lower() != "adjudicated":
        match = [a for a in everyone if a.id == layer] or [a for a in everyone if a.name == layer]
        if not match:
            raise ValidationError(f"no layer {layer!r} in this project")
        if len(match) > 1:
            raise ValidationError(f"{layer!r} names several layers; give the id")
        return match[0], "as asked"
    if adjudicated:
        return adjudicated[0], "the adjudicated layer"
    if layer is not None:
        raise ValidationError("this project has no adjudicated layer yet")
    mine = [a for a in everyone if me is not None and (a.id == me or a.name == me)]
    if mine:
        return mine[0], "your own layer (no adjudicated layer yet)"
    coders = sorted((a for a in everyone if counts.get(a.id)), key=lambda a: (-counts.get(a.id, 0), a.name))
    if coders:
        return coders[0], "the layer with the most spans (no adjudicated layer, none of your own)"
    raise ValidationError("nothing to analyse: no layer has spans yet")


def group_value(
    by: str, info: DocumentInfo, variables: Mapping[str, Any], coded: Mapping[str, Any]
) -> str | None:
    """The value of document ``info`` for grouping ``by`` (``None``: the document gives none)."""
    key = "source" if by == "outlet" else by
    if key == "all":
        return "all"
    if key in ("source", "author", "language"):
        return getattr(info, key).strip() or None
    if key.startswith("published"):
        part = key.partition(":")[2] or "day"
        date = info.published.strip()
        width = {"year": 4, "month": 7, "day": 10}.get(part)
        if width is None:
            raise ValidationError(f"group by published:year, published:month or published:day, not {by!r}")
        return date[:width] if len(date) >= width and date[:4].isdigit() else None
    value = variables.get(key, coded.get(key))
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def _check_by(project: Project, by: str) -> None:
    if by in BY_FIELDS or by.startswith("published:") or project.codebook.variable(by) is not None:
        return
    variables = ", ".join(v.id for v in project.codebook.variables) or "none in this codebook"
    raise ValidationError(
        f"cannot group by {by!r}: use source, published:year, published:month, author, language, all, "
        f"or a document variable ({variables})"
    )


def _pairs(spans: Sequence[tuple[int, int, str]]) -> Iterable[tuple[str, str]]:
    """Categories of every pair of spans that overlap (a sweep: spans sorted by start)."""
    ordered = sorted(spans)
    active: list[tuple[int, int, str]] = []
    for s, e, c in ordered:
        active = [a for a in active if a[1] > s]
        for _as, _ae, ac in active:
            yield ac, c
        active.append((s, e, c))


def _paragraph_pairs(
    spans: Sequence[tuple[int, int, str]], ranges: Sequence[tuple[int, int]]
) -> Iterable[tuple[str, str]]:
    """Categories of every pair of spans that touch at least one paragraph in common."""
    by_paragraph: dict[int, list[int]] = defaultdict(list)
    for n, (s, e, _c) in enumerate(spans):
        for i in paragraph_index(ranges, s, e):
            by_paragraph[i].append(n)
    seen: set[tuple[int, int]] = set()
    for members in by_paragraph.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                pair = (members[x], members[y])
                if pair not in seen:
                    seen.add(pair)
                    yield spans[pair[0]][2], spans[pair[1]][2]


def analyse(
    project: Project,
    *,
    layer: str | None = None,
    me: str | None = None,
    by: str = "source",
    whole_text: bool = False,
    within: str = "overlap",
    document_ids: Iterable[str] | None = None,
) -> Analysis:
    """The figures of one layer (see :func:`choose_layer`) over the documents (all, or those given)."""
    if within not in WITHIN:
        raise ValidationError(f"--within takes {' or '.join(WITHIN)}, not {within!r}")
    _check_by(project, by)
    chosen, reason = choose_layer(project, layer, me=me)
    codebook = project.codebook
    categories = codebook.category_ids
    wanted = None if document_ids is None else set(document_ids)
    infos = [d for d in project.documents() if wanted is None or d.id in wanted]
    descriptive = [v for v in codebook.variables if not v.coded]
    set_values = project.document_values()
    coded_by_doc: dict[str, dict[str, Any]] = defaultdict(dict)
    for v in project.coded_values(annotator_ids=[chosen.id]):
        coded_by_doc[v.document_id][v.variable] = v.value
    spans_by_doc: dict[str, list[tuple[int, int, str]]] = defaultdict(list)
    for doc_id, _who, start, end, category in project.span_tuples(annotator_ids=[chosen.id]):
        spans_by_doc[doc_id].append((start, end, category))

    cooccurrence = {a: dict.fromkeys(categories, 0) for a in categories}
    groups: dict[str | None, list[DocumentRow]] = defaultdict(list)
    rows: list[DocumentRow] = []
    for info in infos:
        text = project.document(info.id).text
        body = (0, len(text)) if whole_text else info.body_span
        spans = [s for s in clip_to_body(spans_by_doc.get(info.id, ()), body) if s[2] in cooccurrence]
        counts = dict.fromkeys(categories, 0)
        for _s, _e, c in spans:
            counts[c] += 1
        pairs = _pairs(spans) if within == "overlap" else _paragraph_pairs(spans, paragraphs(text, *body))
        for a, b in pairs:
            cooccurrence[a][b] += 1
            if a != b:
                cooccurrence[b][a] += 1
        fields = {"source": info.source, "author": info.author, "url": info.url, "published": info.published}
        fields["language"] = info.language
        variables = document_variables(descriptive, set_values.get(info.id, {}), fields)
        coded = coded_by_doc.get(info.id, {})
        row = DocumentRow(
            info=info,
            group=group_value(by, info, variables, coded),
            words=count_words(text, *body),
            counts=counts,
            variables=variables,
            coded=coded,
        )
        rows.append(row)
        groups[row.group].append(row)

    def order(value: str | None) -> tuple[int, str]:
        return (1, "") if value is None else (0, value.casefold())

    figures = []
    for value in sorted(groups, key=order):
        members = groups[value]
        words = sum(r.words for r in members)
        figures.append(
            GroupFigures(
                value=value,
                documents=len(members),
                words=words,
                categories={
                    c: CategoryFigures(
                        spans=(n := sum(r.counts[c] for r in members)),
                        documents=sum(1 for r in members if r.counts[c]),
                        per_1000_words=n * 1000 / words if words else None,
                    )
                    for c in categories
                },
                document_ids=tuple(r.info.id for r in members),
            )
        )
    return Analysis(
        layer=chosen,
        layer_reason=reason,
        by=by,
        whole_text=whole_text,
        within=within,
        categories=tuple(categories),
        groups=tuple(figures),
        cooccurrence=cooccurrence,
        documents=tuple(rows),
    )


# -- tables ----------------------------------------------------------------------------------------

Row = dict[str, Any]


def figure_rows(analysis: Analysis) -> list[Row]:
    """One row per group and category (long format: what ggplot and pandas pivot from)."""
    rows = []
    for g in analysis.groups:
        for c, f in g.categories.items():
            rows.append(
                {
                    "group": "" if g.value is None else g.value,
                    "documents": g.documents,
                    "words": g.words,
                    "category": c,
                    "spans": f.spans,
                    "documents_with": f.documents,
                    "per_1000_words": "" if f.per_1000_words is None else round(f.per_1000_words, 3),
                }
            )
    return rows


def matrix_rows(analysis: Analysis) -> list[Row]:
    """The document x category matrix: a row per document, its metadata, variables and counts."""
    var_ids = sorted({k for r in analysis.documents for k in r.variables})
    coded_ids = sorted({k for r in analysis.documents for k in r.coded})
    rows = []
    for r in analysis.documents:
        row: Row = {
            "document_id": r.info.id,
            "title": r.info.title,
            "outlet": r.info.source,
            "published": r.info.published,
            "group": "" if r.group is None else r.group,
            "words": r.words,
        }
        row.update({f"var_{k}": r.variables.get(k, "") for k in var_ids})
        row.update({f"coded_{k}": r.coded.get(k, "") for k in coded_ids})
        row.update({c: r.counts[c] for c in analysis.categories})
        rows.append(row)
    return rows


def write_rows_csv(rows: Sequence[Row], path: Path, columns: Sequence[str] | None = None) -> None:
    """Rows as UTF-8 CSV (``pandas.read_csv(path, keep_default_na=False)``), written atomically."""
    names: list[str] = list(columns or [])
    for row in rows:
        names.extend(k for k in row if k not in names)

    def write(fh: IO[str]) -> None:
        writer = csv.DictWriter(fh, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)

    try:
        atomic_write(Path(path), write)
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc


def format_table(analysis: Analysis) -> str:
    """The figures as plain text (``annotator analyze`` without --json)."""
    lines = [
        f"Layer: {analysis.layer.name} ({analysis.layer_reason}); by {analysis.by}; over {analysis.scope}",
        "Per category: spans / documents with one / spans per 1,000 words (‰)",
        "",
    ]
    cats = analysis.categories
    width = max([len("group"), *(len(str(g.value)) for g in analysis.groups)]) + 2
    head = f"{'group':<{width}}{'docs':>6}{'words':>9}" + "".join(f"{c[:12]:>14}" for c in cats)
    lines.append(head)
    lines.append(" " * (width + 15) + "".join(f"{'n/docs/‰':>14}" for _ in cats))
    for g in analysis.groups:
        cells = []
        for c in cats:
            f = g.categories[c]
            rate = "–" if f.per_1000_words is None else f"{f.per_1000_words:.1f}"
            cells.append(f"{f'{f.spans}/{f.documents}/{rate}':>14}")
        name = "(none)" if g.value is None else g.value
        lines.append(f"{name:<{width}}{g.documents:>6}{g.words:>9}" + "".join(cells))
    lines.append("")
    lines.append(
        f"Co-occurrence (spans that {'overlap' if analysis.within == 'overlap' else 'share a paragraph'}):"
    )
    lines.append(" " * 14 + "".join(f"{c[:12]:>14}" for c in cats))
    for a in cats:
        lines.append(f"{a[:12]:<14}" + "".join(f"{analysis.cooccurrence[a][b]:>14}" for b in cats))
    return "\n".join(lines)


def is_time(by: str) -> bool:
    """Whether the groups are points in time (a chart draws a line through them)."""
    return by.startswith("published")


def nice_max(value: float) -> float:
    """A round upper end for a chart axis (1, 2, 2.5, 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(value))
    for step in (1.0, 2.0, 2.5, 5.0, 10.0):
        if value <= step * power:
            return float(step * power)
    return float(10 * power)
