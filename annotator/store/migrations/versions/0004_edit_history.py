"""edit history: undoable steps kept in the project, for the app and the command line

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 18:30:00

Written by hand (batch mode for SQLite's indexes, like the other revisions).
"""
from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "edit_steps",
        sa.Column("pk", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("annotator_id", sa.String(length=64), nullable=True),
        sa.Column("login", sa.String(length=63), nullable=True),
        sa.Column("label", sa.String(length=200), nullable=False),
        sa.Column("changes", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("undone_at", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("pk", name=op.f("pk_edit_steps")),
        sa.UniqueConstraint("id", name=op.f("uq_edit_steps_id")),
    )
    with op.batch_alter_table("edit_steps", schema=None) as batch_op:
        batch_op.create_index("ix_edit_steps_annotator_pk", ["annotator_id", "pk"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("edit_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_edit_steps_annotator_pk")
    op.drop_table("edit_steps")
