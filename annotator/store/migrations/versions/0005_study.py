"""a coding study: assignments with a reliability sample, pilot rounds, gold layers

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01 20:00:00

Written by hand (batch mode, so SQLite gets the new column and indexes like the other revisions).
"""
from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("gold", sa.Boolean(), server_default="0", nullable=False))
    op.create_table(
        "assignments",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("coder_id", sa.String(length=64), nullable=False),
        sa.Column("reliability", sa.Boolean(), nullable=False),
        sa.Column("status", sa.String(length=16), server_default="not_started", nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_assignments_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["coder_id"],
            ["annotators.id"],
            name=op.f("fk_assignments_coder_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_assignments")),
        sa.UniqueConstraint("document_id", "coder_id", name="uq_assignments_document_coder"),
    )
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assignments_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_assignments_coder_id"), ["coder_id"], unique=False)
    op.create_table(
        "rounds",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rounds")),
        sa.UniqueConstraint("name", name=op.f("uq_rounds_name")),
    )
    op.create_table(
        "round_documents",
        sa.Column("round_id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["round_id"], ["rounds.id"], name=op.f("fk_round_documents_round_id_rounds"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_round_documents_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("round_id", "document_id", name=op.f("pk_round_documents")),
    )


def downgrade() -> None:
    op.drop_table("round_documents")
    op.drop_table("rounds")
    with op.batch_alter_table("assignments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_assignments_coder_id"))
        batch_op.drop_index(batch_op.f("ix_assignments_document_id"))
    op.drop_table("assignments")
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.drop_column("gold")
