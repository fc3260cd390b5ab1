"""The ``suggestions`` table: suggestions pending for a coder (see :mod:`annotator.suggest`).

Only :class:`~annotator.project.Project` calls these; they never leave the store as rows.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from annotator.domain import PendingSuggestion
from annotator.store.mapping import suggestion_from_row
from annotator.store.models import AnnotationRow, SuggestionRow


def pending(s: Session, *, document_id: str | None, annotator_id: str | None) -> list[PendingSuggestion]:
    q = select(SuggestionRow)
    if document_id is not None:
        q = q.where(SuggestionRow.document_id == document_id)
    if annotator_id is not None:
        q = q.where(SuggestionRow.annotator_id == annotator_id)
    q = q.order_by(SuggestionRow.document_id, SuggestionRow.start, SuggestionRow.end.desc(), SuggestionRow.id)
    return [suggestion_from_row(r) for r in s.scalars(q)]


def one(s: Session, suggestion_id: str) -> PendingSuggestion | None:
    row = s.get(SuggestionRow, suggestion_id)
    return None if row is None else suggestion_from_row(row)


def tuples(s: Session) -> list[tuple[str, str, int, int, str]]:
    q = select(
        SuggestionRow.document_id,
        SuggestionRow.annotator_id,
        SuggestionRow.start,
        SuggestionRow.end,
        SuggestionRow.category,
    )
    return [(r[0], r[1], r[2], r[3], r[4]) for r in s.execute(q)]


def taken_spans(s: Session, *, document_id: str, annotator_id: str) -> set[tuple[int, int, str]]:
    """Spans (start, end, category) the coder has pending or coded in a document already."""
    spans: set[tuple[int, int, str]] = set()
    for table in (SuggestionRow, AnnotationRow):
        q = select(table.start, table.end, table.category).where(
            table.document_id == document_id, table.annotator_id == annotator_id
        )
        spans.update((r[0], r[1], r[2]) for r in s.execute(q))
    return spans
