"""The store's queries and row writes for the services (dataset, review, team), behind Project.

:class:`~annotator.project.Project` is the door: its public methods open the session (or join the
unit of work) and call these, which take that session and return plain values or domain objects.
Keeping the SQL here means no service above the store builds a query or an ORM row.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import String, delete, func, select, type_coerce, update
from sqlalchemy.orm import Session

from annotator.domain import AnnotatorKind, CodedValue, Decision, ReviewDecision
from annotator.errors import ValidationError
from annotator.store.guards import check_layer_name, layer_name_key
from annotator.store.mapping import coded_value_from_row, decision_from_row, decision_to_row
from annotator.store.models import (
    AnnotationRow,
    AnnotatorRow,
    CodedValueRow,
    DocumentRow,
    DocumentValueRow,
    ReviewDecisionRow,
    SettingRow,
    utcnow,
)
from annotator.store.server import Access

#: How many ids go into one ``IN (...)`` (SQLite's default limit on variables is far above this).
CHUNK = 500


def _raw_time(column: Any) -> Any:
    """The column as stored text on SQLite (no datetime parsing); a datetime elsewhere."""
    return type_coerce(column, String)


def _attributes(raw: Any) -> Any:
    """Stored attributes as the JSON type would give them (a server's driver may decode them itself)."""
    if raw is None or raw == "{}":
        return {}
    return json.loads(raw) if isinstance(raw, str) else raw


@dataclass(frozen=True, slots=True)
class ExportRows:
    """Everything a dataset export needs, as bare tuples (building objects cost a third of its time).

    ``annotators``: (id, name, kind, adjudicated_by); ``annotations``: (document_id, id, start,
    end, quote, category, annotator_id, attributes, note, codebook_version, created, modified,
    origin), the times as stored (text on SQLite); ``documents``: (id, title, source, author, url, published,
    language, text, sha256, status, original_filename, original_sha256, body_start, body_end, memo)
    in project order; ``document_values``: (document_id, variable, value); ``coded_values``:
    (document_id, annotator_id, variable, value); ``memo``: the project memo.
    """

    annotators: list[tuple[Any, ...]]
    annotations: list[tuple[Any, ...]]
    documents: list[tuple[Any, ...]]
    document_values: list[tuple[Any, ...]]
    coded_values: list[tuple[Any, ...]]
    memo: str


def export_rows(s: Session) -> ExportRows:
    annotators = [
        (r.id, r.name, r.kind, r.adjudicated_by)
        for r in s.execute(
            select(AnnotatorRow.id, AnnotatorRow.name, AnnotatorRow.kind, AnnotatorRow.adjudicated_by)
        )
    ]
    # Core rows, not the ORM's (no per-row loading machinery), and the attributes as stored: most
    # are "{}", and decoding 100,000 of them through the JSON type was a fifth of an export
    annotations = [
        (*r[:7], _attributes(r[7]), *r[8:])
        for r in s.connection()
        .execute(
            select(
                AnnotationRow.document_id,
                AnnotationRow.id,
                AnnotationRow.start,
                AnnotationRow.end,
                AnnotationRow.quote,
                AnnotationRow.category,
                AnnotationRow.annotator_id,
                type_coerce(AnnotationRow.attributes, String),
                AnnotationRow.note,
                AnnotationRow.codebook_version,
                _raw_time(AnnotationRow.created_at),
                _raw_time(AnnotationRow.modified_at),
                AnnotationRow.origin,
            ).order_by(AnnotationRow.document_id, AnnotationRow.start, AnnotationRow.end, AnnotationRow.id)
        )
        .all()
    ]
    documents = [
        tuple(r)
        for r in s.execute(
            select(
                DocumentRow.id,
                DocumentRow.title,
                DocumentRow.source,
                DocumentRow.author,
                DocumentRow.url,
                DocumentRow.published,
                DocumentRow.language,
                DocumentRow.text,
                DocumentRow.sha256,
                DocumentRow.status,
                DocumentRow.original_filename,
                DocumentRow.original_sha256,
                DocumentRow.body_start,
                DocumentRow.body_end,
                DocumentRow.memo,
            ).order_by(DocumentRow.position)
        )
    ]
    document_values = [
        (r[0], r[1], r[2])
        for r in s.execute(
            select(DocumentValueRow.document_id, DocumentValueRow.variable, DocumentValueRow.value)
        )
    ]
    coded_values = [
        (r[0], r[1], r[2], r[3])
        for r in s.execute(
            select(
                CodedValueRow.document_id,
                CodedValueRow.annotator_id,
                CodedValueRow.variable,
                CodedValueRow.value,
            )
        )
    ]
    return ExportRows(
        annotators=annotators,
        annotations=annotations,
        documents=documents,
        document_values=document_values,
        coded_values=coded_values,
        memo=setting(s, PROJECT_MEMO_KEY) or "",
    )


#: The settings rows for the project memo and the project's own outlet names.
PROJECT_MEMO_KEY = "memo"
OUTLETS_KEY = "outlets"


def setting(s: Session, key: str) -> str | None:
    return s.scalar(select(SettingRow.value).where(SettingRow.key == key))


def set_setting(s: Session, key: str, value: str | None) -> str | None:
    """Store (``None``: remove) a setting; returns what it was."""
    row = s.get(SettingRow, key)
    before = None if row is None else row.value
    if value is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        s.add(SettingRow(key=key, value=value))
    else:
        row.value = value
    s.flush()
    return before


# -- document variables -----------------------------------------------------------------------------


def document_values(s: Session, document_id: str | None = None) -> dict[str, dict[str, Any]]:
    q = select(DocumentValueRow.document_id, DocumentValueRow.variable, DocumentValueRow.value)
    if document_id is not None:
        q = q.where(DocumentValueRow.document_id == document_id)
    out: dict[str, dict[str, Any]] = {}
    for doc, variable, value in s.execute(q):
        out.setdefault(doc, {})[variable] = value
    return out


def set_document_value(s: Session, *, document_id: str, variable: str, value: Any) -> Any:
    """Store (``None``: clear) a descriptive value; returns the value it had (``None``: none)."""
    row = s.get(DocumentValueRow, (document_id, variable))
    before = None if row is None else row.value
    if value is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        if s.get(DocumentRow, document_id) is None:
            raise ValidationError(f"no document {document_id}")
        s.add(DocumentValueRow(document_id=document_id, variable=variable, value=value, modified_at=utcnow()))
    else:
        row.value = value
        row.modified_at = utcnow()
    s.flush()
    return before


def coded_values(
    s: Session, *, annotator_ids: Sequence[str] | None = None, document_id: str | None = None
) -> list[CodedValue]:
    q = select(CodedValueRow)
    if annotator_ids is not None:
        q = q.where(CodedValueRow.annotator_id.in_(list(annotator_ids)))
    if document_id is not None:
        q = q.where(CodedValueRow.document_id == document_id)
    q = q.order_by(CodedValueRow.document_id, CodedValueRow.annotator_id, CodedValueRow.variable)
    return [coded_value_from_row(r) for r in s.scalars(q)]


def set_coded_value(
    s: Session, *, document_id: str, annotator_id: str, variable: str, value: Any, codebook_version: str
) -> Any:
    """Store (``None``: clear) a coder's answer; returns the value it had (``None``: none)."""
    row = s.get(CodedValueRow, (document_id, annotator_id, variable))
    before = None if row is None else row.value
    now = utcnow()
    if value is None:
        if row is not None:
            s.delete(row)
    elif row is None:
        if s.get(DocumentRow, document_id) is None:
            raise ValidationError(f"no document {document_id}")
        if s.get(AnnotatorRow, annotator_id) is None:
            raise ValidationError(f"no annotator {annotator_id}")
        s.add(
            CodedValueRow(
                document_id=document_id,
                annotator_id=annotator_id,
                variable=variable,
                value=value,
                codebook_version=codebook_version,
                created_at=now,
                modified_at=now,
            )
        )
    else:
        row.value = value
        row.codebook_version = codebook_version
        row.modified_at = now
    s.flush()
    return before


def is_empty(s: Session) -> bool:
    """No document and no annotation yet (a dataset import then adopts the dataset's codebook)."""
    return (
        s.scalar(select(DocumentRow.id).limit(1)) is None
        and s.scalar(select(AnnotationRow.id).limit(1)) is None
    )


@dataclass(frozen=True, slots=True)
class KnownIds:
    """What the project already holds, for an import to add only what is new."""

    annotators: set[str]
    documents_by_sha256: dict[str, str]
    annotations: set[str]
    document_values: set[tuple[str, str]]
    """(document, variable) of the descriptive values held."""
    coded_values: set[tuple[str, str, str]]
    """(document, annotator, variable) of the coders' answers held."""


def known_ids(s: Session) -> KnownIds:
    return KnownIds(
        annotators=set(s.scalars(select(AnnotatorRow.id))),
        documents_by_sha256={sha: did for did, sha in s.execute(select(DocumentRow.id, DocumentRow.sha256))},
        annotations=set(s.scalars(select(AnnotationRow.id))),
        document_values={
            (r[0], r[1]) for r in s.execute(select(DocumentValueRow.document_id, DocumentValueRow.variable))
        },
        coded_values={
            (r[0], r[1], r[2])
            for r in s.execute(
                select(CodedValueRow.document_id, CodedValueRow.annotator_id, CodedValueRow.variable)
            )
        },
    )


def existing_annotation_ids(s: Session, ids: Sequence[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(ids), CHUNK):
        chunk = list(ids[i : i + CHUNK])
        found |= set(s.scalars(select(AnnotationRow.id).where(AnnotationRow.id.in_(chunk))))
    return found


def span_counts(s: Session) -> dict[str, int]:
    q = select(AnnotationRow.annotator_id, func.count()).group_by(AnnotationRow.annotator_id)
    return {r[0]: r[1] for r in s.execute(q)}


# -- review decisions and the adjudicated layer -----------------------------------------------------


def decisions(
    s: Session, *, reviewer_id: str, document_id: str | None = None, group_key: str | None = None
) -> list[ReviewDecision]:
    q = select(ReviewDecisionRow).where(ReviewDecisionRow.reviewer_id == reviewer_id)
    if document_id is not None:
        q = q.where(ReviewDecisionRow.document_id == document_id)
    if group_key is not None:
        q = q.where(ReviewDecisionRow.group_key == group_key)
    return [
        decision_from_row(r)
        for r in s.scalars(q.order_by(ReviewDecisionRow.created_at, ReviewDecisionRow.id))
    ]


def adjudicated_layer_row(s: Session, reviewer_id: str) -> AnnotatorRow | None:
    return s.scalar(
        select(AnnotatorRow)
        .where(
            AnnotatorRow.kind == AnnotatorKind.ADJUDICATED.value,
            AnnotatorRow.adjudicated_by == reviewer_id,
        )
        .order_by(AnnotatorRow.created_at, AnnotatorRow.id)
        .limit(1)
    )


def ensure_adjudicated_layer(s: Session, reviewer_id: str, *, new_id: str) -> AnnotatorRow:
    """The reviewer's adjudicated layer, made (with id ``new_id``) when missing."""
    row = adjudicated_layer_row(s, reviewer_id)
    if row is None:
        reviewer = s.get(AnnotatorRow, reviewer_id)
        if reviewer is None:
            raise ValidationError(f"no annotator {reviewer_id}")
        if reviewer.kind != AnnotatorKind.CODER.value:
            raise ValidationError("an adjudicated layer cannot review")
        # layer names are unique (check_layer_name): a layer already called so gets a number
        taken = {layer_name_key(n) for n in s.scalars(select(AnnotatorRow.name))}
        name = base = f"Adjudicated ({reviewer.name})"
        number = 1
        while layer_name_key(name) in taken:
            number += 1
            name = f"{base} {number}"
        row = AnnotatorRow(
            id=new_id,
            name=name,
            kind=AnnotatorKind.ADJUDICATED.value,
            adjudicated_by=reviewer_id,
        )
        s.add(row)
        s.flush()
    return row


def spans_of_layer(
    s: Session, *, annotator_id: str, document_id: str, start: int, end: int
) -> set[tuple[int, int, str]]:
    """``(start, end, category)`` of one layer's spans that overlap ``[start, end)``."""
    q = select(AnnotationRow.start, AnnotationRow.end, AnnotationRow.category).where(
        AnnotationRow.annotator_id == annotator_id,
        AnnotationRow.document_id == document_id,
        AnnotationRow.start < end,
        AnnotationRow.end > start,
    )
    return {(r[0], r[1], r[2]) for r in s.execute(q)}


def record_decision(
    s: Session,
    *,
    decision_id: str,
    group_key: str,
    document_id: str,
    reviewer_id: str,
    decision: Decision,
    annotation_id: str | None,
    source_annotation_id: str | None,
) -> ReviewDecision:
    row = ReviewDecisionRow(
        id=decision_id,
        group_key=group_key,
        document_id=document_id,
        reviewer_id=reviewer_id,
        decision=decision.value,
        annotation_id=annotation_id,
        source_annotation_id=source_annotation_id,
        created_at=utcnow(),
    )
    s.add(row)
    s.flush()
    return decision_from_row(row)


def delete_decisions(s: Session, ids: Iterable[str]) -> list[ReviewDecision]:
    """Delete decisions by id; returns what they were."""
    ids = list(ids)
    if not ids:
        return []
    rows = list(s.scalars(select(ReviewDecisionRow).where(ReviewDecisionRow.id.in_(ids))))
    removed = [decision_from_row(r) for r in rows]
    s.execute(delete(ReviewDecisionRow).where(ReviewDecisionRow.id.in_(ids)))
    return removed


def restore_decision(s: Session, decision: ReviewDecision) -> None:
    s.add(decision_to_row(decision))
    s.flush()


# -- team layers --------------------------------------------------------------------------------------


def assign_layer(
    s: Session,
    *,
    login: str,
    layer: str | None,
    display_name: str | None,
    new_id: str,
    access: Access | None = None,
) -> str:
    """Hand a coder layer (an id or a name) to a database login, or find or make the login's own.

    A layer that already belongs to another member is not handed over (layers made by the one
    handing them out, as by ``team push``, are); the layer's name must not be another member's
    login (see :func:`~annotator.store.guards.check_layer_name`).
    """
    if layer is not None:
        rows = list(
            s.scalars(
                select(AnnotatorRow).where(
                    AnnotatorRow.kind == AnnotatorKind.CODER.value,
                    (AnnotatorRow.id == layer) | (AnnotatorRow.name == layer),
                )
            )
        )
        if len(rows) != 1:
            found = "no" if not rows else f"{len(rows)}"
            raise ValidationError(f"{found} coder layers are called {layer!r}; give the layer's id")
        row = rows[0]
        giver = access.login if access is not None else None
        if row.login not in (None, login, giver):
            raise ValidationError(
                f"the layer “{row.name}” belongs to {row.login}; "
                "a member's layer is not handed to another login"
            )
        check_layer_name(s, access, name=row.name, annotator_id=row.id, login=login)
        s.execute(update(AnnotatorRow).where(AnnotatorRow.id == row.id).values(login=login))
        return row.id
    found_row = s.scalar(
        select(AnnotatorRow).where(
            AnnotatorRow.login == login, AnnotatorRow.kind == AnnotatorKind.CODER.value
        )
    )
    if found_row is None:
        name = display_name or login
        check_layer_name(s, access, name=name, annotator_id=None, login=login)
        found_row = AnnotatorRow(id=new_id, name=name, kind=AnnotatorKind.CODER.value, login=login)
        s.add(found_row)
        s.flush()
    return found_row.id
