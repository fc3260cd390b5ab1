"""Coding retrieval: every span of a category, with the text around it, for reading and quoting.

The qualitative side of the figures: after "Sputnik quotes officials 4.2 times per 1,000 words",
the researcher reads those quotes. Each retrieved span comes with its document's metadata and
some context on either side (cut at a line break, so page chrome above a paragraph stays out).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from annotator.analysis.figures import Row, write_rows_csv
from annotator.body import clip_to_body
from annotator.project import Project

__all__ = ["CONTEXT_CHARS", "Retrieved", "retrieval_rows", "retrieve", "write_retrieval_csv"]

#: Characters of context on each side of a retrieved span.
CONTEXT_CHARS = 120


@dataclass(frozen=True, slots=True)
class Retrieved:
    document_id: str
    title: str
    outlet: str
    published: str
    annotation_id: str
    category: str
    start: int
    end: int
    quote: str
    before: str
    after: str
    note: str


def _context(text: str, start: int, end: int, chars: int) -> tuple[str, str]:
    """Up to ``chars`` of the span's own paragraph (line) on each side, "…" where cut."""
    line_start = text.rfind("\n", 0, start) + 1
    lo = max(line_start, start - chars)
    before = ("…" if lo > line_start else "") + text[lo:start]
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    hi = min(line_end, end + chars)
    after = text[end:hi] + ("…" if hi < line_end else "")
    return before, after


def retrieve(
    project: Project,
    *,
    layer_id: str,
    category: str | None = None,
    document_ids: Iterable[str] | None = None,
    whole_text: bool = False,
    context: int = CONTEXT_CHARS,
) -> list[Retrieved]:
    """The layer's spans (of ``category``, or all) in the documents given, in project order."""
    wanted = None if document_ids is None else set(document_ids)
    infos = [d for d in project.documents() if wanted is None or d.id in wanted]
    out: list[Retrieved] = []
    for info in infos:
        annotations = [
            a
            for a in project.annotations(document_id=info.id, annotator_ids=[layer_id])
            if category is None or a.category == category
        ]
        if not annotations:
            continue
        text = project.document(info.id).text
        body = (0, len(text)) if whole_text else info.body_span
        for a in annotations:
            if not clip_to_body([(a.start, a.end, a.category)], body):
                continue
            before, after = _context(text, a.start, a.end, context)
            out.append(
                Retrieved(
                    document_id=info.id,
                    title=info.title,
                    outlet=info.source,
                    published=info.published,
                    annotation_id=a.id,
                    category=a.category,
                    start=a.start,
                    end=a.end,
                    quote=a.quote,
                    before=before,
                    after=after,
                    note=a.note,
                )
            )
    return out


def retrieval_rows(items: Sequence[Retrieved]) -> list[Row]:
    return [
        {
            "document_id": r.document_id,
            "title": r.title,
            "outlet": r.outlet,
            "published": r.published,
            "category": r.category,
            "start": r.start,
            "end": r.end,
            "before": r.before,
            "quote": r.quote,
            "after": r.after,
            "note": r.note,
            "annotation_id": r.annotation_id,
        }
        for r in items
    ]


def write_retrieval_csv(items: Sequence[Retrieved], path: Path) -> None:
    """The retrieved spans as CSV, one per row, with their context."""
    write_rows_csv(retrieval_rows(items), path)
