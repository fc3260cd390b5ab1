"""review decisions: a reviewer's settled groups (accepted, edited or rejected)

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 12:00:00

Written by hand (batch mode, so SQLite gets its indexes the same way the other revisions do).
"""
from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_decisions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("group_key", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("reviewer_id", sa.String(length=64), nullable=False),
        sa.Column("decision", sa.String(length=16), nullable=False),
        sa.Column("annotation_id", sa.String(length=64), nullable=True),
        sa.Column("source_annotation_id", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint(
            "decision IN ('accepted', 'edited', 'rejected')",
            name=op.f("ck_review_decisions_decision_known"),
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_review_decisions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewer_id"],
            ["annotators.id"],
            name=op.f("fk_review_decisions_reviewer_id_annotators"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_decisions")),
    )
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_review_decisions_group_key"), ["group_key"], unique=False)
        batch_op.create_index(
            "ix_review_decisions_reviewer_document", ["reviewer_id", "document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("review_decisions", schema=None) as batch_op:
        batch_op.drop_index("ix_review_decisions_reviewer_document")
        batch_op.drop_index(batch_op.f("ix_review_decisions_group_key"))
    op.drop_table("review_decisions")
