"""documents as researchers describe them: article body, memos, document variables

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-08 10:00:00

Written by hand (batch mode for SQLite, like the other revisions).

- ``documents.body_start`` / ``body_end``: the article body in code points, the page chrome
  around it left outside; NULL (every document made before this revision) means the whole text.
- ``documents.memo``: a free-text memo per document (the project's own memo is a setting).
- ``codebook_variables``: the document variables a codebook version defines beside its
  categories (descriptive ones filled from metadata or a CSV, coded ones each coder answers).
- ``document_values``: a descriptive variable's value per document.
- ``coded_values``: a coder's answer to a coded variable per document, part of their layer.
- PostgreSQL only: the new tables members edit send the change notification of 0003.
"""
from alembic import op
import sqlalchemy as sa


revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

NOTIFIED_TABLES = ("codebook_variables", "document_values", "coded_values")


def upgrade() -> None:
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("body_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("body_end", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("memo", sa.Text(), server_default="", nullable=False))

    op.create_table(
        "codebook_variables",
        sa.Column("pk", sa.Integer(), nullable=False),
        sa.Column("codebook_pk", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("type", sa.String(length=16), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=64), nullable=False),
        sa.Column("mapping", sa.JSON(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["codebook_pk"],
            ["codebooks.pk"],
            name=op.f("fk_codebook_variables_codebook_pk_codebooks"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_codebook_variables")),
        sa.UniqueConstraint("codebook_pk", "key", name="uq_codebook_variables_codebook_key"),
    )
    with op.batch_alter_table("codebook_variables", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_codebook_variables_codebook_pk"), ["codebook_pk"], unique=False
        )

    op.create_table(
        "document_values",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("variable", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_document_values_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "variable", name=op.f("pk_document_values")),
    )

    op.create_table(
        "coded_values",
        sa.Column("document_id", sa.String(length=64), nullable=False),
        sa.Column("annotator_id", sa.String(length=64), nullable=False),
        sa.Column("variable", sa.String(length=64), nullable=False),
        sa.Column("value", sa.JSON(), nullable=False),
        sa.Column("codebook_version", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("modified_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["annotator_id"],
            ["annotators.id"],
            name=op.f("fk_coded_values_annotator_id_annotators"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["documents.id"],
            name=op.f("fk_coded_values_document_id_documents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("document_id", "annotator_id", "variable", name=op.f("pk_coded_values")),
    )
    with op.batch_alter_table("coded_values", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_coded_values_annotator_id"), ["annotator_id"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED_TABLES:  # the function itself comes from 0003
            op.execute(
                f"CREATE TRIGGER annotator_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS annotator_notify ON {table}")
    with op.batch_alter_table("coded_values", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_coded_values_annotator_id"))
    op.drop_table("coded_values")
    op.drop_table("document_values")
    with op.batch_alter_table("codebook_variables", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_codebook_variables_codebook_pk"))
    op.drop_table("codebook_variables")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("memo")
        batch_op.drop_column("body_end")
        batch_op.drop_column("body_start")
