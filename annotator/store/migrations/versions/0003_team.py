"""team mode: layer logins, document versions, change notifications

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 13:00:00

Written by hand.

- ``annotators.login``: the database login that owns a layer in a team project (PostgreSQL);
  the row-level security policies compare it with ``current_user``. Always empty on SQLite.
- ``documents.version``: bumped on every change of a document row, so that an edit made from a
  stale view of a shared document is refused instead of silently overwriting a colleague's.
- PostgreSQL only: a statement trigger on every shared table sends ``NOTIFY annotator_changes``,
  which other members' apps use to refresh. Notifications are delivered at commit, so a listener
  never refreshes before the change is visible. A new table that members edit should get the same
  trigger in its own migration.
"""
from alembic import op
import sqlalchemy as sa


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

NOTIFIED_TABLES = (
    "annotations",
    "annotators",
    "documents",
    "codebooks",
    "categories",
    "category_attributes",
    "review_decisions",
)


def upgrade() -> None:
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.add_column(sa.Column("login", sa.String(length=63), nullable=True))
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("version", sa.Integer(), server_default="1", nullable=False))
    if op.get_bind().dialect.name == "postgresql":
        # The payload names the table and the writer's session, so an app can skip its own changes.
        op.execute(
            """
            CREATE OR REPLACE FUNCTION annotator_notify_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                PERFORM pg_notify('annotator_changes',
                                  TG_TABLE_NAME || ' ' || coalesce(current_setting('annotator.session', true), ''));
                RETURN NULL;
            END
            $$
            """
        )
        for table in NOTIFIED_TABLES:
            op.execute(
                f"CREATE TRIGGER annotator_notify AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION annotator_notify_change()"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in NOTIFIED_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS annotator_notify ON {table}")
        op.execute("DROP FUNCTION IF EXISTS annotator_notify_change()")
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("version")
    with op.batch_alter_table("annotators", schema=None) as batch_op:
        batch_op.drop_column("login")
