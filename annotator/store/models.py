"""The project schema as SQLAlchemy 2 typed ORM classes.

Every change here needs an Alembic migration in ``migrations/versions`` (a test compares the
migrated schema with this metadata).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator[datetime]):
    """Stores naive UTC (SQLite has no time zones) and hands back aware UTC datetimes."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(UTC).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime(),
        dict[str, Any]: JSON(),
        list[str]: JSON(),
    }


class CodebookRow(Base):
    """One version of a codebook; exactly one row per project is current."""

    __tablename__ = "codebooks"
    __table_args__ = (UniqueConstraint("codebook_id", "version", name="uq_codebooks_id_version"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_id: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text, default="")
    description: Mapped[str] = mapped_column(Text, default="")
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    categories: Mapped[list[CategoryRow]] = relationship(
        back_populates="codebook", cascade="all, delete-orphan", order_by="CategoryRow.position"
    )
    variables: Mapped[list[VariableRow]] = relationship(
        back_populates="codebook", cascade="all, delete-orphan", order_by="VariableRow.position"
    )


class CategoryRow(Base):
    __tablename__ = "categories"
    __table_args__ = (UniqueConstraint("codebook_pk", "key", name="uq_categories_codebook_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_pk: Mapped[int] = mapped_column(ForeignKey("codebooks.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    definition: Mapped[str] = mapped_column(Text, default="")
    include: Mapped[list[str]] = mapped_column(default=list)
    exclude: Mapped[list[str]] = mapped_column(default=list)
    examples: Mapped[list[str]] = mapped_column(default=list)
    color: Mapped[str] = mapped_column(String(7))
    shortcut: Mapped[str] = mapped_column(String(16), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    codebook: Mapped[CodebookRow] = relationship(back_populates="categories")
    attributes: Mapped[list[AttributeRow]] = relationship(
        back_populates="category", cascade="all, delete-orphan", order_by="AttributeRow.position"
    )


class AttributeRow(Base):
    __tablename__ = "category_attributes"
    __table_args__ = (UniqueConstraint("category_pk", "key", name="uq_category_attributes_category_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    category_pk: Mapped[int] = mapped_column(ForeignKey("categories.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    type: Mapped[str] = mapped_column(String(16), default="text")
    choices: Mapped[list[str]] = mapped_column(default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)

    category: Mapped[CategoryRow] = relationship(back_populates="attributes")


class VariableRow(Base):
    """A document variable of one codebook version (see :class:`annotator.domain.VariableDef`)."""

    __tablename__ = "codebook_variables"
    __table_args__ = (UniqueConstraint("codebook_pk", "key", name="uq_codebook_variables_codebook_key"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True)
    codebook_pk: Mapped[int] = mapped_column(ForeignKey("codebooks.pk", ondelete="CASCADE"), index=True)
    key: Mapped[str] = mapped_column(String(64))
    label: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="coded")
    type: Mapped[str] = mapped_column(String(16), default="nominal")
    choices: Mapped[list[str]] = mapped_column(default=list)
    definition: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(64), default="")
    mapping: Mapped[dict[str, Any]] = mapped_column(default=dict)
    position: Mapped[int] = mapped_column(Integer, default=0)

    codebook: Mapped[CodebookRow] = relationship(back_populates="variables")


class AnnotatorRow(Base):
    __tablename__ = "annotators"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(16), default="coder")
    adjudicated_by: Mapped[str | None] = mapped_column(String(64), default=None)
    # The database login owning this layer in a team project (row-level security); None on SQLite.
    login: Mapped[str | None] = mapped_column(String(63), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # A gold layer (the lead's reference coding) that coders are scored against in training.
    gold: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")


class DocumentRow(Base):
    __tablename__ = "documents"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, index=True)
    title: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(Text, default="")
    author: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(Text, default="")
    published: Mapped[str] = mapped_column(String(64), default="")
    language: Mapped[str] = mapped_column(String(32), default="")
    text: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    original_filename: Mapped[str] = mapped_column(Text, default="")
    original_sha256: Mapped[str] = mapped_column(String(64), default="")
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    imported_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Bumped by every change, so an edit made from a stale view is refused (optimistic concurrency).
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The article body in code points, page chrome left outside; NULL: the whole text.
    body_start: Mapped[int | None] = mapped_column(Integer, default=None)
    body_end: Mapped[int | None] = mapped_column(Integer, default=None)
    # The researchers' free-text memo about this document.
    memo: Mapped[str] = mapped_column(Text, default="", server_default="")


class AnnotationRow(Base):
    __tablename__ = "annotations"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start_nonnegative"),
        CheckConstraint('"end" > start', name="end_after_start"),
        Index("ix_annotations_document_annotator", "document_id", "annotator_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    annotator_id: Mapped[str] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    note: Mapped[str] = mapped_column(Text, default="")
    codebook_version: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(default=utcnow)
    # An accepted suggestion's source ({"suggester", "version", "rule"}); NULL for a hand-made span.
    origin: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True, default=None)


class SuggestionRow(Base):
    """A suggestion pending for one coder (see :mod:`annotator.suggest`): not an annotation.

    Never exported and never counted in agreement; accepting it turns it into an annotation of
    the coder's layer (with ``origin``) and removes this row in the same transaction.
    """

    __tablename__ = "suggestions"
    __table_args__ = (
        CheckConstraint("start >= 0", name="start_nonnegative"),
        CheckConstraint('"end" > start', name="end_after_start"),
        Index("ix_suggestions_document_annotator", "document_id", "annotator_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    # the coder it is pending for; their layer receives it when accepted
    annotator_id: Mapped[str] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    quote: Mapped[str] = mapped_column(Text)
    category: Mapped[str] = mapped_column(String(64))
    attributes: Mapped[dict[str, Any]] = mapped_column(default=dict)
    suggester: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64), default="")
    rule: Mapped[str] = mapped_column(Text, default="")
    score: Mapped[float] = mapped_column(Float, default=0.0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class SettingRow(Base):
    """Small project-wide settings (for example the app version that last wrote the file)."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class ReviewDecisionRow(Base):
    """A reviewer's decision on one aligned group of spans (see :mod:`annotator.review`).

    Kept so that a settled group stays settled across sessions, including a rejection, which
    leaves nothing in the adjudicated layer to show for it. ``annotation_id`` is the adjudicated
    span an acceptance created; it is deliberately not a foreign key: deleting that span (and its
    undo, which restores it with the same id) should unsettle and resettle the group, not delete
    or orphan the decision.
    """

    __tablename__ = "review_decisions"
    __table_args__ = (
        CheckConstraint("decision IN ('accepted', 'edited', 'rejected')", name="decision_known"),
        Index("ix_review_decisions_reviewer_document", "reviewer_id", "document_id"),
    )

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    group_key: Mapped[str] = mapped_column(String(64), index=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"))
    reviewer_id: Mapped[str] = mapped_column(ForeignKey("annotators.id", ondelete="RESTRICT"))
    decision: Mapped[str] = mapped_column(String(16))
    annotation_id: Mapped[str | None] = mapped_column(String(64), default=None)
    source_annotation_id: Mapped[str | None] = mapped_column(String(64), default=None)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EditStepRow(Base):
    """One undoable step of the edit history: the change records of one operation or unit of work.

    The history lives in the project, not in a window, so ``annotator undo`` in a terminal can take
    back the last edit a coder made in the app (see :mod:`annotator.history`). ``changes`` holds
    the full before/after snapshots (:mod:`annotator.store.journal`); ``undone_at`` is set while
    the step is undone and cleared when it is redone.
    """

    __tablename__ = "edit_steps"
    __table_args__ = (Index("ix_edit_steps_annotator_pk", "annotator_id", "pk"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    id: Mapped[str] = mapped_column(String(64), unique=True)
    # who made the edit (the acting coder or reviewer); not a foreign key, like a log line
    annotator_id: Mapped[str | None] = mapped_column(String(64))
    login: Mapped[str | None] = mapped_column(String(63))
    label: Mapped[str] = mapped_column(String(200))
    changes: Mapped[list[Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class AssignmentRow(Base):
    """A document assigned to a coder in a study; ``reliability`` marks the double-coded sample.

    Every document of a study goes to one coder; the documents of the reliability sample go to
    every coder (see :mod:`annotator.study`). The lead writes these; coders read them.
    """

    __tablename__ = "assignments"
    __table_args__ = (UniqueConstraint("document_id", "coder_id", name="uq_assignments_document_coder"),)

    pk: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    coder_id: Mapped[str] = mapped_column(ForeignKey("annotators.id", ondelete="CASCADE"), index=True)
    reliability: Mapped[bool] = mapped_column(Boolean, default=False)
    # how far this coder got with this document (a document's own status is shared by its coders)
    status: Mapped[str] = mapped_column(String(16), default="not_started", server_default="not_started")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RoundRow(Base):
    """A named set of documents (a pilot or training round), reported on its own."""

    __tablename__ = "rounds"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class RoundDocumentRow(Base):
    __tablename__ = "round_documents"

    round_id: Mapped[str] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), primary_key=True)
    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)


class DocumentValueRow(Base):
    """A descriptive document variable's value (one per document, shared by everyone)."""

    __tablename__ = "document_values"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    variable: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    modified_at: Mapped[datetime] = mapped_column(default=utcnow)


class CodedValueRow(Base):
    """A coder's answer to a coded document variable: part of that coder's layer, like a span."""

    __tablename__ = "coded_values"

    document_id: Mapped[str] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    annotator_id: Mapped[str] = mapped_column(
        ForeignKey("annotators.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    variable: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
    codebook_version: Mapped[str] = mapped_column(String(64), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    modified_at: Mapped[datetime] = mapped_column(default=utcnow)
