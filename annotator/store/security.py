"""The team rules, written into PostgreSQL as roles, grants and row-level security policies.

The app checks the same rules before it writes (:mod:`annotator.store.guards`) to give a good
message, but the database is what enforces them: a coder connecting with ``psql`` or a script is
held to exactly the same rules as one using the app.

- Two group roles (by default ``annotator_coder`` and ``annotator_reviewer``); each member is a
  login in one of them. The owner is whoever owns the tables (the login that ran ``team init``);
  PostgreSQL exempts a table's owner from its policies.
- Everyone in the team reads everything: all layers, documents, the codebook.
- A coder inserts, changes and deletes only annotations of a layer whose ``annotators.login`` is
  their own login; a reviewer also writes the adjudicated layers (``kind = 'adjudicated'``) and
  the review decisions.
- Members may change a document's metadata and status (column privileges keep its text and hash
  out of reach) but not add or remove documents; only the owner changes the codebook tables.
- Everyone writes the steps of their own edit history (``edit_steps.login`` is their login).
- Rows belong to logins only: the group roles cannot log in (``team init`` turns that off if an
  administrator turned it on), and a member who ``SET ROLE``s to a group role owns nothing and
  writes nothing of their own there (each "own row" rule also asks that the acting role can log
  in).
- Layer names are unique, ignoring case and outer spaces, and no layer takes the name of another
  member's login (a trigger with a message, and a unique index against races).

What the rules cannot stop, and what the app does about it, is in the README ("Threat model"):
a member can hold a lock on a shared table; the app waits for a lock at most
:data:`~annotator.store.server.LOCK_TIMEOUT_MS` and then says who holds it.
- Pending suggestions (``suggestions``) are private: a member reads, adds, accepts and rejects
  only those pending for a layer of their own login; the owner sees all of them.
- A coder's answers to coded document variables (``coded_values``) are part of their layer and
  follow the rules of annotations; descriptive document variables (``document_values``) are
  metadata that every member may set, like a document's outlet.

Everything here is idempotent, so ``team init`` can run again after an upgrade (and does run
automatically when the owner's app migrates a team database).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, text

from annotator.errors import ValidationError
from annotator.store.models import Base
from annotator.store.server import LAYER_NAME_RULE, TEAM_CODER_ROLE_KEY, TEAM_REVIEWER_ROLE_KEY

ROLE_NAME_RE = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
DEFAULT_PREFIX = "annotator"

# Column lists: what a member may write in a shared table.
DOCUMENT_MEMBER_COLUMNS = (
    "title",
    "source",
    "author",
    "url",
    "published",
    "language",
    "status",
    "version",
    "memo",
    "body_start",
    "body_end",
)

# Whoever writes a row of their own is a login: after ``SET ROLE annotator_coder`` a member acts
# as the group role, which must own nothing (else every coder could write it). Uncorrelated, so
# PostgreSQL evaluates it once per statement, not once per row.
_AS_LOGIN = "coalesce((SELECT r.rolcanlogin FROM pg_roles r WHERE r.rolname = current_user), false)"
_OWN_CODER_LAYER = (
    "EXISTS (SELECT 1 FROM annotators a WHERE a.id = annotator_id"
    f" AND a.kind = 'coder' AND a.login = current_user) AND {_AS_LOGIN}"
)
# A suggestion pending for the member themselves (a coder's own layer, or the reviewer's own).
_OWN_PENDING = (
    "EXISTS (SELECT 1 FROM annotators a WHERE a.id = annotator_id AND a.login = current_user)"
    f" AND {_AS_LOGIN}"
)
#: Tables members read only their own rows of (no ``members_read`` policy).
PRIVATE_TABLES = ("suggestions",)
_ADJUDICATED_LAYER = (
    "EXISTS (SELECT 1 FROM annotators a WHERE a.id = annotator_id AND a.kind = 'adjudicated')"
)


@dataclass(frozen=True, slots=True)
class TeamRoles:
    coder: str
    reviewer: str

    @classmethod
    def from_prefix(cls, prefix: str) -> TeamRoles:
        roles = cls(coder=f"{prefix}_coder", reviewer=f"{prefix}_reviewer")
        check_role_name(roles.coder)
        check_role_name(roles.reviewer)
        return roles


def check_role_name(name: str) -> str:
    """Logins and roles are plain lower-case identifiers, so nobody has to quote them in psql."""
    if not ROLE_NAME_RE.match(name):
        raise ValidationError(
            f"{name!r} cannot be a database login: use lower-case letters, digits and _ "
            "(at most 63, not starting with a digit)"
        )
    return name


def _q(conn: Connection, name: str) -> str:
    return conn.dialect.identifier_preparer.quote(name)


def team_roles(conn: Connection) -> TeamRoles | None:
    """The group roles ``team init`` recorded in this database (``None``: not a team database)."""
    rows: dict[str, str] = {
        key: value
        for key, value in conn.execute(
            text("SELECT key, value FROM settings WHERE key IN (:c, :r)"),
            {"c": TEAM_CODER_ROLE_KEY, "r": TEAM_REVIEWER_ROLE_KEY},
        )
    }
    if TEAM_CODER_ROLE_KEY not in rows or TEAM_REVIEWER_ROLE_KEY not in rows:
        return None
    return TeamRoles(coder=rows[TEAM_CODER_ROLE_KEY], reviewer=rows[TEAM_REVIEWER_ROLE_KEY])


def role_exists(conn: Connection, name: str) -> bool:
    return conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None


def apply_team_security(conn: Connection, roles: TeamRoles) -> list[str]:
    """Create the group roles and write grants and policies; returns notes for the report.

    Runs inside the caller's transaction: PostgreSQL's DDL is transactional, so a failure leaves
    the database as it was.
    """
    notes: list[str] = []
    c, r = _q(conn, roles.coder), _q(conn, roles.reviewer)
    both = f"{c}, {r}"
    for name in (roles.coder, roles.reviewer):
        if not role_exists(conn, name):
            conn.exec_driver_sql(f"CREATE ROLE {_q(conn, name)} NOLOGIN")
        elif conn.execute(text("SELECT rolcanlogin FROM pg_roles WHERE rolname = :n"), {"n": name}).scalar():
            # a group role that can log in would be one login shared by everyone in the group
            conn.exec_driver_sql(f"ALTER ROLE {_q(conn, name)} NOLOGIN")
            notes.append(f"the group role {name} could log in; it no longer can")
    schema = _q(conn, str(conn.execute(text("SELECT current_schema()")).scalar_one()))
    database = _q(conn, str(conn.execute(text("SELECT current_database()")).scalar_one()))
    # Only the team connects. That takes the database's owner; otherwise the server's default
    # stays (PostgreSQL would only warn), and the report says so.
    if conn.execute(
        text(
            "SELECT pg_has_role(current_user, d.datdba, 'USAGE') OR r.rolsuper FROM pg_database d, pg_roles r"
            " WHERE d.datname = current_database() AND r.rolname = current_user"
        )
    ).scalar_one():
        conn.exec_driver_sql(f"REVOKE CONNECT, TEMPORARY ON DATABASE {database} FROM PUBLIC")
        conn.exec_driver_sql(f"GRANT CONNECT ON DATABASE {database} TO {both}")
    else:
        notes.append(
            "you do not own the database, so who may connect to it stays as it was "
            "(its owner can run: REVOKE CONNECT ON DATABASE ... FROM PUBLIC)"
        )
    conn.exec_driver_sql(f"GRANT USAGE ON SCHEMA {schema} TO {both}")
    conn.exec_driver_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA {schema} TO {both}")
    conn.exec_driver_sql(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT ON TABLES TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON annotations TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON coded_values TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON suggestions TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON document_values TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT ON annotators TO {both}")
    conn.exec_driver_sql(f"GRANT UPDATE (name) ON annotators TO {both}")
    conn.exec_driver_sql(f"GRANT UPDATE ({', '.join(DOCUMENT_MEMBER_COLUMNS)}) ON documents TO {both}")
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON review_decisions TO {r}")
    # everyone keeps the history of their own edits (annotator.history); the key is a sequence
    conn.exec_driver_sql(f"GRANT INSERT, UPDATE, DELETE ON edit_steps TO {both}")
    conn.exec_driver_sql(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {both}")
    # A layer created by code that does not name its login (the review module's adjudicated
    # layers, a dataset import) belongs to whoever created it. A trigger rather than a column
    # default, because the ORM inserts an explicit NULL; it runs before the policies check.
    conn.exec_driver_sql(
        "CREATE OR REPLACE FUNCTION annotator_default_login() RETURNS trigger LANGUAGE plpgsql AS $$"
        " BEGIN NEW.login := coalesce(NEW.login, current_user::text); RETURN NEW; END $$"
    )
    conn.exec_driver_sql("DROP TRIGGER IF EXISTS annotator_default_login ON annotators")
    conn.exec_driver_sql(
        "CREATE TRIGGER annotator_default_login BEFORE INSERT ON annotators"
        " FOR EACH ROW EXECUTE FUNCTION annotator_default_login()"
    )

    notes += _layer_name_rules(conn, roles)

    for table in Base.metadata.tables:
        conn.exec_driver_sql(f"ALTER TABLE {_q(conn, table)} ENABLE ROW LEVEL SECURITY")
        if table in PRIVATE_TABLES:
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS members_read ON {_q(conn, table)}")
            continue
        _policy(conn, table, "members_read", f"FOR SELECT TO {both} USING (true)")
    # Pending suggestions are the coder's private to-do list: nobody else reads them (a
    # colleague's pending quotes would cue their coding), reviewers included; only the owner,
    # whom PostgreSQL exempts, sees them all (``agree --annotators assistant``).
    _policy(
        conn,
        "suggestions",
        "members_own_pending",
        f"FOR ALL TO {both} USING ({_OWN_PENDING}) WITH CHECK ({_OWN_PENDING})",
    )
    own = _OWN_CODER_LAYER
    _policy(conn, "annotations", "coder_own_layer", f"FOR ALL TO {c} USING ({own}) WITH CHECK ({own})")
    either = f"{own} OR {_ADJUDICATED_LAYER}"
    _policy(
        conn,
        "annotations",
        "reviewer_layers",
        f"FOR ALL TO {r} USING ({either}) WITH CHECK ({either})",
    )
    # a coder's answers to coded document variables belong to their layer, like their spans
    _policy(conn, "coded_values", "coder_own_layer", f"FOR ALL TO {c} USING ({own}) WITH CHECK ({own})")
    _policy(conn, "coded_values", "reviewer_layers", f"FOR ALL TO {r} USING ({either}) WITH CHECK ({either})")
    _policy(conn, "document_values", "members_write", f"FOR ALL TO {both} USING (true) WITH CHECK (true)")
    own_row = f"kind = 'coder' AND login = current_user AND {_AS_LOGIN}"
    _policy(conn, "annotators", "coder_insert", f"FOR INSERT TO {c} WITH CHECK ({own_row})")
    _policy(conn, "annotators", "coder_rename", f"FOR UPDATE TO {c} USING ({own_row}) WITH CHECK ({own_row})")
    reviewer_own = f"login = current_user AND {_AS_LOGIN}"
    _policy(conn, "annotators", "reviewer_insert", f"FOR INSERT TO {r} WITH CHECK ({reviewer_own})")
    reviewer_row = f"(login = current_user OR kind = 'adjudicated') AND {_AS_LOGIN}"
    _policy(
        conn,
        "annotators",
        "reviewer_rename",
        f"FOR UPDATE TO {r} USING ({reviewer_row}) WITH CHECK ({reviewer_row})",
    )
    _policy(conn, "documents", "members_update", f"FOR UPDATE TO {both} USING (true) WITH CHECK (true)")
    _policy(conn, "review_decisions", "reviewers_write", f"FOR ALL TO {r} USING (true) WITH CHECK (true)")
    mine = f"login = current_user AND {_AS_LOGIN}"
    _policy(conn, "edit_steps", "members_own_steps", f"FOR ALL TO {both} USING ({mine}) WITH CHECK ({mine})")
    # the lead assigns; each coder records their own progress on their own assignments
    conn.exec_driver_sql(f"GRANT UPDATE (status, updated_at) ON assignments TO {both}")
    own_assignment = "EXISTS (SELECT 1 FROM annotators a WHERE a.id = coder_id AND a.login = current_user)"
    _policy(
        conn,
        "assignments",
        "coders_own_progress",
        f"FOR UPDATE TO {both} USING ({own_assignment}) WITH CHECK ({own_assignment})",
    )

    orphans = conn.execute(
        text(
            "SELECT a.name, a.login FROM annotators a JOIN pg_roles r ON r.rolname = a.login"
            " WHERE NOT r.rolcanlogin ORDER BY a.name"
        )
    ).all()
    for name, login in orphans:
        notes.append(
            f"the layer “{name}” belongs to {login}, a role nobody logs in as, so nobody but you can "
            f"write it; hand it to a member with `annotator team add-coder URL LOGIN --layer {name!r}`"
        )

    for key, value in ((TEAM_CODER_ROLE_KEY, roles.coder), (TEAM_REVIEWER_ROLE_KEY, roles.reviewer)):
        conn.execute(
            text(
                "INSERT INTO settings (key, value) VALUES (:k, :v)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value"
            ),
            {"k": key, "v": value},
        )
    return notes


def _layer_name_rules(conn: Connection, roles: TeamRoles) -> list[str]:
    """Layer names are unique (ignoring case and outer spaces), and no layer takes the name of a
    member's login other than its own: ``agree --annotators alice`` and every export name layers
    by name, so a coder calling their layer "alice" would pass their spans off as alice's.

    A trigger explains a refusal; a unique index closes the race between two members naming
    their layers at once. An older database that already holds two layers of one name keeps
    working without the index (the trigger still refuses new clashes), and the report says which
    layers to rename.
    """
    coder = _literal(roles.coder)
    reviewer = _literal(roles.reviewer)
    rule = _literal(LAYER_NAME_RULE)
    conn.exec_driver_sql(
        "CREATE OR REPLACE FUNCTION annotator_check_layer_name() RETURNS trigger LANGUAGE plpgsql AS $$"
        " DECLARE wanted text := lower(btrim(NEW.name)); taken text;"
        " BEGIN"
        "  SELECT a.name INTO taken FROM annotators a"
        "   WHERE a.id <> NEW.id AND lower(btrim(a.name)) = wanted LIMIT 1;"
        "  IF FOUND THEN RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = " + rule + ","
        "   MESSAGE = 'the name “' || NEW.name || '” is taken: another layer is called “' || taken || '”';"
        "  END IF;"
        "  SELECT r.rolname INTO taken FROM pg_roles r"
        "   WHERE lower(r.rolname) = wanted AND r.rolname IS DISTINCT FROM NEW.login"
        "    AND (r.oid = (SELECT c.relowner FROM pg_class c WHERE c.oid = TG_RELID)"
        "     OR pg_has_role(r.oid, " + coder + ", 'MEMBER')"
        "     OR pg_has_role(r.oid, " + reviewer + ", 'MEMBER'))"
        "   LIMIT 1;"
        "  IF FOUND THEN RAISE EXCEPTION USING ERRCODE = 'unique_violation', CONSTRAINT = " + rule + ","
        "   MESSAGE = 'the name “' || NEW.name || '” is the login of another member of the team';"
        "  END IF;"
        "  RETURN NEW;"
        " END $$"
    )
    conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {LAYER_NAME_RULE} ON annotators")
    conn.exec_driver_sql(
        f"CREATE TRIGGER {LAYER_NAME_RULE} BEFORE INSERT OR UPDATE OF name, login ON annotators"
        " FOR EACH ROW EXECUTE FUNCTION annotator_check_layer_name()"
    )
    clashes = conn.execute(
        text(
            "SELECT string_agg(name, ', ' ORDER BY name) FROM annotators"
            " GROUP BY lower(btrim(name)) HAVING count(*) > 1 ORDER BY 1"
        )
    ).scalars()
    notes = [
        f"layers share a name ({names}); rename all but one, then run team init again" for names in clashes
    ]
    if not notes:
        conn.exec_driver_sql(
            f"CREATE UNIQUE INDEX IF NOT EXISTS {LAYER_NAME_RULE} ON annotators (lower(btrim(name)))"
        )
    return notes


def _literal(value: str) -> str:
    """A SQL string literal (role names are checked identifiers; quotes doubled all the same)."""
    return "'" + value.replace("'", "''") + "'"


def _policy(conn: Connection, table: str, name: str, body: str) -> None:
    t = _q(conn, table)
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {_q(conn, name)} ON {t}")
    conn.exec_driver_sql(f"CREATE POLICY {_q(conn, name)} ON {t} {body}")


def scram_verifier(conn: Connection, login: str, password: str) -> str:
    """The password as a SCRAM verifier, computed by libpq here: the clear text never reaches the
    server, so it cannot end up in its statement log."""
    raw = conn.connection.driver_connection
    verifier: bytes = raw.pgconn.encrypt_password(  # type: ignore[union-attr]
        password.encode(), login.encode(), b"scram-sha-256"
    )
    return verifier.decode()


def create_member(conn: Connection, *, login: str, groups: Sequence[str], password: str | None) -> bool:
    """Create ``login`` in ``groups`` (or add an existing login to them); True if it was created."""
    check_role_name(login)
    created = not role_exists(conn, login)
    name = _q(conn, login)
    if created:
        if password is not None:
            verifier = scram_verifier(conn, login, password).replace("'", "''")
            conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN PASSWORD '{verifier}'")
        else:
            conn.exec_driver_sql(f"CREATE ROLE {name} LOGIN")
    for group in groups:
        conn.exec_driver_sql(f"GRANT {_q(conn, group)} TO {name}")
    return created
