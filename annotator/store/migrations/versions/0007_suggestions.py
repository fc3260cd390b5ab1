"""suggestions the coder confirms: pending suggestions, and the origin of accepted ones

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-01 21:00:00

Written by hand (batch mode for SQLite, like the other revisions).

- ``suggestions``: a suggestion pending for one coder (span in code points, category,
  attributes, the suggester's name and version, the rule or model, its score). Never exported
  and never counted; accepting one turns it into an annotation and deletes the row.
- ``annotations.origin``: where an accepted suggestion came from (JSON: suggester, version,
  rule); NULL for every span tagged by hand (all spans made before this revision).
- PostgreSQL only: the new table sends the change notification of 0003. Its row-level
  security (each coder sees and writes only their own pending suggestions) is written by
  ``annotator team init``, which the owner's app runs after a migration.
"""
from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.JSON(), nullable=True))

    op.create_table(
        "suggestions",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("annotator_id", sa.String(length=64), nullable=False),
        sa.Column("start", sa.Integer(), nullable=False),
        sa.Column("end", sa.Integer(), nullable=False),
        sa.Column("quote", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("attributes", sa.JSON(), nullable=False),
        sa.Column("suggester", sa.String(length=64), nullable=False),
        sa.Column("version", sa.String(length=64), nullable=False),
        sa.Column("rule", sa.Text(), nullable=False),
        sa.Column("score", sa.Float(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint('"end" > start', name=op.f("ck_suggestions_end_after_start")),
        sa.CheckConstraint("start >= 0", name=op.f("ck_suggestions_start_nonnegative")),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_suggestions_annotator_id_annotators"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_suggestions_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_suggestions")),
    )
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_suggestions_annotator_id"), ["annotator_id"], unique=False)
        batch_op.create_index(
            "ix_suggestions_document_annotator", ["document_id", "annotator_id"], unique=False
        )

    if op.get_bind().dialect.name == "postgresql":  # the function itself comes from 0003
        op.execute(
            "CREATE TRIGGER annotator_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON suggestions "
            "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_change()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS annotator_notify ON suggestions")
    with op.batch_alter_table("suggestions", schema=None) as batch_op:
        batch_op.drop_index("ix_suggestions_document_annotator")
        batch_op.drop_index(batch_op.f("ix_suggestions_annotator_id"))
    op.drop_table("suggestions")
    with op.batch_alter_table("annotations", schema=None) as batch_op:
        batch_op.drop_column("origin")
