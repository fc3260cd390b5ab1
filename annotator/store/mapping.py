"""Rows <-> domain objects: the one place where the store's ORM rows become plain objects and back.

Everything above the store layer sees frozen domain objects (:mod:`annotator.domain`); only this
module and the store's own queries know the rows' attribute names.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from annotator.domain import (
    Annotation,
    Annotator,
    AnnotatorKind,
    AttributeDef,
    Category,
    Codebook,
    CodedValue,
    Decision,
    Document,
    DocumentStatus,
    PendingSuggestion,
    ReviewDecision,
    VariableDef,
    VariableKind,
    VariableType,
)
from annotator.store.models import (
    AnnotationRow,
    AnnotatorRow,
    AttributeRow,
    CategoryRow,
    CodebookRow,
    CodedValueRow,
    DocumentRow,
    ReviewDecisionRow,
    SuggestionRow,
    VariableRow,
    utcnow,
)


def annotation_from_row(row: AnnotationRow) -> Annotation:
    return Annotation(
        id=row.id,
        document_id=row.document_id,
        start=row.start,
        end=row.end,
        quote=row.quote,
        category=row.category,
        annotator_id=row.annotator_id,
        attributes=dict(row.attributes or {}),
        note=row.note,
        codebook_version=row.codebook_version,
        created=row.created_at,
        modified=row.modified_at,
        origin=dict(row.origin) if row.origin else None,
    )


def suggestion_from_row(row: SuggestionRow) -> PendingSuggestion:
    return PendingSuggestion(
        id=row.id,
        document_id=row.document_id,
        annotator_id=row.annotator_id,
        start=row.start,
        end=row.end,
        quote=row.quote,
        category=row.category,
        attributes=dict(row.attributes or {}),
        suggester=row.suggester,
        version=row.version,
        rule=row.rule,
        score=row.score,
        created=row.created_at,
    )


def suggestion_to_row(p: PendingSuggestion) -> SuggestionRow:
    """A row that stores ``p`` exactly (same id and time: an undone rejection puts it back)."""
    return SuggestionRow(
        id=p.id,
        document_id=p.document_id,
        annotator_id=p.annotator_id,
        start=p.start,
        end=p.end,
        quote=p.quote,
        category=p.category,
        attributes=dict(p.attributes),
        suggester=p.suggester,
        version=p.version,
        rule=p.rule,
        score=p.score,
        created_at=p.created or utcnow(),
    )


def document_from_row(row: DocumentRow) -> Document:
    return Document(
        id=row.id,
        title=row.title,
        text=row.text,
        sha256=row.sha256,
        source=row.source,
        author=row.author,
        url=row.url,
        published=row.published,
        language=row.language,
        original_filename=row.original_filename,
        original_sha256=row.original_sha256,
        status=DocumentStatus(row.status),
        position=row.position,
        body_start=row.body_start,
        body_end=row.body_end,
        memo=row.memo or "",
    )


def codebook_from_row(row: CodebookRow) -> Codebook:
    return Codebook(
        id=row.codebook_id,
        version=row.version,
        name=row.name,
        description=row.description,
        categories=tuple(
            Category(
                id=c.key,
                label=c.label,
                definition=c.definition,
                include=tuple(c.include),
                exclude=tuple(c.exclude),
                examples=tuple(c.examples),
                color=c.color,
                shortcut=c.shortcut,
                attributes=tuple(
                    AttributeDef(
                        id=a.key,
                        label=a.label,
                        type=a.type,
                        choices=tuple(a.choices),
                        description=a.description,
                    )
                    for a in c.attributes
                ),
            )
            for c in row.categories
        ),
        variables=tuple(variable_from_row(v) for v in row.variables),
    )


def variable_from_row(row: VariableRow) -> VariableDef:
    return VariableDef(
        id=row.key,
        label=row.label,
        kind=VariableKind(row.kind),
        type=VariableType(row.type),
        choices=tuple(row.choices or ()),
        definition=row.definition,
        source=row.source,
        mapping=tuple((str(k), str(v)) for k, v in (row.mapping or {}).items()),
    )


def variable_to_row(v: VariableDef, position: int) -> VariableRow:
    return VariableRow(
        key=v.id,
        label=v.label,
        kind=v.kind.value,
        type=v.type.value,
        choices=list(v.choices),
        definition=v.definition,
        source=v.source,
        mapping=dict(v.mapping),
        position=position,
    )


def codebook_query(codebook_id: str, version: str) -> Select[CodebookRow]:
    return (
        select(CodebookRow)
        .where(CodebookRow.codebook_id == codebook_id, CodebookRow.version == version)
        .options(
            selectinload(CodebookRow.categories).selectinload(CategoryRow.attributes),
            selectinload(CodebookRow.variables),
        )
    )


def codebook_to_row(codebook: Codebook) -> CodebookRow:
    return CodebookRow(
        codebook_id=codebook.id,
        version=codebook.version,
        name=codebook.name,
        description=codebook.description,
        is_current=True,
        categories=[
            CategoryRow(
                key=c.id,
                label=c.label,
                definition=c.definition,
                include=list(c.include),
                exclude=list(c.exclude),
                examples=list(c.examples),
                color=c.color,
                shortcut=c.shortcut,
                position=i,
                attributes=[
                    AttributeRow(
                        key=a.id,
                        label=a.label,
                        type=a.type,
                        choices=list(a.choices),
                        description=a.description,
                        position=j,
                    )
                    for j, a in enumerate(c.attributes)
                ],
            )
            for i, c in enumerate(codebook.categories)
        ],
        variables=[variable_to_row(v, i) for i, v in enumerate(codebook.variables)],
    )


def annotation_values(a: Annotation) -> dict[str, Any]:
    """The ``annotations`` row of ``a``, column by column: the one place an annotation row is built.

    Used for a single row (:func:`annotation_to_row`, a new tag, an undo) and for the many rows of
    a dataset import, which the store inserts with one executemany.
    """
    created = a.created or utcnow()
    return {
        "id": a.id,
        "document_id": a.document_id,
        "annotator_id": a.annotator_id,
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "category": a.category,
        "attributes": dict(a.attributes),
        "note": a.note,
        "codebook_version": a.codebook_version,
        "created_at": created,
        "modified_at": a.modified or created,
        "origin": dict(a.origin) if a.origin else None,
    }


def annotation_to_row(a: Annotation) -> AnnotationRow:
    """A row that stores ``a`` exactly (same id and timestamps)."""
    return AnnotationRow(**annotation_values(a))


def annotator_from_row(row: AnnotatorRow) -> Annotator:
    return Annotator(id=row.id, name=row.name, kind=AnnotatorKind(row.kind))


def decision_from_row(row: ReviewDecisionRow) -> ReviewDecision:
    return ReviewDecision(
        id=row.id,
        group_key=row.group_key,
        document_id=row.document_id,
        reviewer_id=row.reviewer_id,
        decision=Decision(row.decision),
        annotation_id=row.annotation_id,
        source_annotation_id=row.source_annotation_id,
        created=row.created_at,
    )


def decision_to_row(d: ReviewDecision) -> ReviewDecisionRow:
    return ReviewDecisionRow(
        id=d.id,
        group_key=d.group_key,
        document_id=d.document_id,
        reviewer_id=d.reviewer_id,
        decision=d.decision.value,
        annotation_id=d.annotation_id,
        source_annotation_id=d.source_annotation_id,
        created_at=d.created or utcnow(),
    )


def coded_value_from_row(row: CodedValueRow) -> CodedValue:
    return CodedValue(
        document_id=row.document_id,
        annotator_id=row.annotator_id,
        variable=row.variable,
        value=row.value,
        created=row.created_at,
        modified=row.modified_at,
    )
