"""The study's rows behind Project: assignments, pilot rounds, gold layers, project settings."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from annotator.domain import Assignment, DocumentStatus, Round
from annotator.store.models import (
    AnnotatorRow,
    AssignmentRow,
    RoundDocumentRow,
    RoundRow,
    utcnow,
)


def assignments(s: Session) -> list[Assignment]:
    q = select(
        AssignmentRow.document_id, AssignmentRow.coder_id, AssignmentRow.reliability, AssignmentRow.status
    ).order_by(AssignmentRow.pk)
    return [
        Assignment(document_id=r[0], coder_id=r[1], reliability=bool(r[2]), status=DocumentStatus(r[3]))
        for r in s.execute(q)
    ]


def set_assignment_status(s: Session, *, document_id: str, coder_id: str, status: DocumentStatus) -> bool:
    """This coder's progress on this document; false when the document is not assigned to them."""
    done = s.execute(
        update(AssignmentRow)
        .where(AssignmentRow.document_id == document_id, AssignmentRow.coder_id == coder_id)
        .values(status=status.value, updated_at=utcnow())
    )
    return bool(done.rowcount)  # type: ignore[attr-defined]


def add_assignments(s: Session, rows: Sequence[Assignment]) -> list[Assignment]:
    """Insert the assignments not there yet (a document and coder pair is stored once); returns them."""
    have = {(a.document_id, a.coder_id): a for a in assignments(s)}
    added = []
    now = utcnow()
    for a in rows:
        old = have.get((a.document_id, a.coder_id))
        if old is not None:
            if a.reliability and not old.reliability:  # the sample grew to include this document
                s.execute(
                    update(AssignmentRow)
                    .where(AssignmentRow.document_id == a.document_id, AssignmentRow.coder_id == a.coder_id)
                    .values(reliability=True)
                )
                added.append(a)
            continue
        s.add(
            AssignmentRow(
                document_id=a.document_id, coder_id=a.coder_id, reliability=a.reliability, created_at=now
            )
        )
        have[(a.document_id, a.coder_id)] = a
        added.append(a)
    s.flush()
    return added


def remove_assignments(s: Session, rows: Iterable[Assignment]) -> None:
    for a in rows:
        s.execute(
            delete(AssignmentRow).where(
                AssignmentRow.document_id == a.document_id, AssignmentRow.coder_id == a.coder_id
            )
        )


def rounds(s: Session) -> list[Round]:
    members: dict[str, list[str]] = {}
    for round_id, doc_id in s.execute(select(RoundDocumentRow.round_id, RoundDocumentRow.document_id)):
        members.setdefault(round_id, []).append(doc_id)
    return [
        Round(id=r.id, name=r.name, document_ids=tuple(sorted(members.get(r.id, []))))
        for r in s.scalars(select(RoundRow).order_by(RoundRow.created_at, RoundRow.name))
    ]


def save_round(s: Session, *, round_id: str, name: str, document_ids: Sequence[str]) -> Round:
    """Create the round ``name`` (or add documents to it); returns it as stored."""
    row = s.scalar(select(RoundRow).where(RoundRow.name == name))
    if row is None:
        row = RoundRow(id=round_id, name=name, created_at=utcnow())
        s.add(row)
        s.flush()
    have = set(s.scalars(select(RoundDocumentRow.document_id).where(RoundDocumentRow.round_id == row.id)))
    for doc_id in document_ids:
        if doc_id not in have:
            s.add(RoundDocumentRow(round_id=row.id, document_id=doc_id))
            have.add(doc_id)
    s.flush()
    return Round(id=row.id, name=row.name, document_ids=tuple(sorted(have)))


def gold_layers(s: Session) -> set[str]:
    return set(s.scalars(select(AnnotatorRow.id).where(AnnotatorRow.gold.is_(True))))


def set_gold(s: Session, annotator_id: str, gold: bool) -> bool:
    """Mark a layer as gold (or not); false when there is no such annotator."""
    done = s.execute(update(AnnotatorRow).where(AnnotatorRow.id == annotator_id).values(gold=gold))
    return bool(done.rowcount)  # type: ignore[attr-defined]
