"""A project on a PostgreSQL server: URLs, credentials, refusals, and who the user is.

A team shares one database; each member connects with their own login, and the database's
row-level security decides what they may change (see :mod:`annotator.team`). This module keeps
the PostgreSQL specifics out of :mod:`annotator.project`:

- URLs name a server and database but never a password. libpq finds one the usual ways (a
  ``.pgpass`` or service file, ``PGPASSWORD``), or the app's login dialog passes one in. Every
  other URL query option (``sslmode``, ``sslrootcert``, ``service``, ``host=/socket/dir``...) goes
  to libpq untouched.
- A refusal by the database (a missing privilege, a row-level security policy) becomes a
  :class:`ProjectError` that says which rule was hit, for every statement, in one place (an
  engine ``handle_error`` hook) rather than in each write path.
- :class:`Access` tells the project who the user is in the team, so it can explain a refusal
  before the database has to make it.
"""

from __future__ import annotations

import logging
import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, create_engine, event, text
from sqlalchemy.engine import URL, ExceptionContext, make_url
from sqlalchemy.exc import ArgumentError

from annotator.errors import ConflictError, LoginRequired, PermissionRefused, ProjectError, ValidationError
from annotator.redaction import redact_url

DRIVER = "postgresql+psycopg"
CONNECT_TIMEOUT_S = 10
#: How long a statement waits for a lock before giving up. A member can hold a lock on purpose
#: (``LOCK TABLE annotations``, ``SELECT ... FOR UPDATE`` in a transaction left open): without a
#: limit every colleague's app would freeze until they let go. ``?options=-c lock_timeout=...``
#: in the URL overrides it.
LOCK_TIMEOUT_MS = 5000
NOTIFY_CHANNEL = "annotator_changes"
SESSION_SETTING = "annotator.session"
_URL_RE = re.compile(r"^postgres(?:ql)?(?:\+[a-z0-9_]+)?://", re.IGNORECASE)

# What a refusal on each table means in the team's rules (see annotator.team).
_TABLE_RULES = {
    "codebooks": "only the project owner can change the codebook",
    "categories": "only the project owner can change the codebook",
    "category_attributes": "only the project owner can change the codebook",
    "documents": "only the project owner can add, remove or replace documents",
    "annotations": "each coder can change only their own layer, and only reviewers the adjudicated layer",
    "annotators": "each member can add or rename only their own layer",
    "review_decisions": "only reviewers can record review decisions",
    "settings": "only the project owner can change the project's settings",
    "alembic_version": "only the project owner can upgrade the team database",
}


class TransientConflict(ConflictError):
    """The database rolled a transaction back because it collided with a colleague's (a deadlock
    or a serialization failure). Nothing was stored, so repeating the edit is safe."""


class DatabaseBusy(TransientConflict):
    """A statement waited :data:`LOCK_TIMEOUT_MS` for a lock another session holds, and gave up.

    Nothing was stored; the same call works once the lock is gone. The message names the logins
    that hold strong locks on the project's tables, when the server shows them.
    """


class _DropPipelineEcho(logging.Filter):
    """psycopg logs ``error ignored terminating <psycopg.Pipeline ...>: pipeline aborted`` when
    the server refuses a row of a batch insert and closing the batch then fails too. The refusal
    itself is raised and reported in one line; this second line (printed on stderr when nothing
    configures logging, as in the CLI) only repeats that the batch stopped."""

    def filter(self, record: logging.LogRecord) -> bool:
        return not str(record.msg).startswith("error ignored terminating")


def _quiet_psycopg() -> None:
    logger = logging.getLogger("psycopg")
    if not any(isinstance(f, _DropPipelineEcho) for f in logger.filters):
        logger.addFilter(_DropPipelineEcho())


def is_database_url(value: object) -> bool:
    """Whether ``value`` names a database server (``postgresql+psycopg://...``) rather than a file."""
    return isinstance(value, str) and bool(_URL_RE.match(value.strip()))


NO_PASSWORD_IN_URL = (
    "the database URL must not contain a password; put it in ~/.pgpass or a service file, set "
    "PGPASSWORD for scripts, or let the app ask for it"
)
# libpq settings whose value is a secret itself (files that hold secrets, such as passfile,
# sslkey or service, are fine: the URL names the file, not its content)
_SECRET_SETTINGS = frozenset({"password", "sslpassword"})


def _holds_conninfo(value: str) -> bool:
    """Whether libpq would read ``value`` (a database name) as a whole connection string."""
    return "=" in value or value.lower().startswith(("postgresql:", "postgres:"))


def parse_url(url: str) -> URL:
    """The URL for SQLAlchemy; ``postgresql://`` and ``postgres://`` get the psycopg driver.

    A password in the URL is refused, wherever it is: in the user-info (``bob:pw@``), in the query
    (``?password=``, ``?sslpassword=``), or in a database name that libpq would expand as a
    connection string (``/dbname%3Dnews%20password%3D...``). URLs end up in shell history,
    recent-project lists and window titles, so credentials belong in libpq's places or the
    system keyring. Every refusal says the same line, :data:`NO_PASSWORD_IN_URL`, and no message
    here repeats a password (see :func:`annotator.redaction.redact_url`).
    """
    try:
        parsed = make_url(url.strip())
    except ArgumentError as exc:
        raise ProjectError(f"{redact_url(url.strip())}: not a database URL") from exc
    backend, _, driver = parsed.drivername.partition("+")
    if backend not in ("postgresql", "postgres") or driver not in ("", "psycopg"):
        raise ProjectError(
            f"{parsed.drivername}: unsupported database; use a URL like postgresql+psycopg://user@host/db"
        )
    if parsed.password is not None:
        raise ProjectError(NO_PASSWORD_IN_URL)
    for key, value in parsed.query.items():
        values = (value,) if isinstance(value, str) else tuple(value)
        if key.lower() in _SECRET_SETTINGS or (
            key.lower() == "dbname" and any(_holds_conninfo(v) for v in values)
        ):
            raise ProjectError(NO_PASSWORD_IN_URL)
    if parsed.database and _holds_conninfo(parsed.database):
        raise ProjectError(NO_PASSWORD_IN_URL)
    return parsed.set(drivername=DRIVER)


def display_url(url: URL | str) -> str:
    """The URL as shown to people: through :func:`~annotator.redaction.redact_url`, always."""
    shown = url.render_as_string(hide_password=True) if isinstance(url, URL) else url
    return redact_url(shown)


def new_session_id() -> str:
    """Tags one open project's connections, so its own change notifications can be skipped."""
    return uuid.uuid4().hex


def make_engine(
    url: URL, *, password: str | None = None, readonly: bool = False, session_id: str | None = None
) -> Engine:
    """An engine for ``url``; a read-only project gets read-only transactions from the server."""
    _quiet_psycopg()
    options = [f"-c lock_timeout={LOCK_TIMEOUT_MS}"]  # first, so the URL's options can override it
    if "options" in url.query:
        options.append(str(url.query["options"]))
    if session_id:
        options.append(f"-c {SESSION_SETTING}={session_id}")
    if readonly:
        options.append("-c default_transaction_read_only=on")
    connect_args: dict[str, Any] = {}
    if options:
        connect_args["options"] = " ".join(options)
    if "connect_timeout" not in url.query:
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_S
    if "application_name" not in url.query:
        connect_args["application_name"] = "annotator"
    if password:
        connect_args["password"] = password
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    event.listen(engine, "handle_error", _on_error)
    return engine


def _first_line(exc: BaseException) -> str:
    lines = [ln for ln in str(exc).splitlines() if ln.strip()]
    return lines[0].strip() if lines else type(exc).__name__


def refusal_message(exc: BaseException) -> str:
    """One line naming the team rule a ``permission denied`` or row-level security error hit."""
    detail = _first_line(exc)
    match = re.search(r'(?:table|relation) "?([A-Za-z_][A-Za-z0-9_]*)"?', detail)
    rule = _TABLE_RULES.get(match.group(1)) if match else None
    if rule is None:
        return f"the team database refused this change ({detail})"
    return f"the team database refused this change: {rule} ({detail})"


def _on_error(context: ExceptionContext) -> BaseException | None:
    """Turn the server's refusals into messages a user can act on (see :func:`refusal_message`)."""
    import psycopg.errors as pe

    orig = context.original_exception
    if isinstance(orig, pe.InsufficientPrivilege):
        return PermissionRefused(refusal_message(orig))
    if isinstance(orig, pe.UniqueViolation) and orig.diag.constraint_name == LAYER_NAME_RULE:
        # the name check in annotator.store.security: its own sentence, or the unique index's
        message = orig.diag.message_primary or ""
        if not message.startswith("the name "):
            message = "another layer already has this name (names are compared ignoring case)"
        return ValidationError(message)
    if isinstance(orig, pe.LockNotAvailable):
        holders = _lock_holders(context.engine)
        who = f" ({', '.join(holders)} holds a lock on the project's tables)" if holders else ""
        return DatabaseBusy(
            f"the team database is busy: this waited {LOCK_TIMEOUT_MS // 1000} s for a lock held by "
            f"another session{who} and gave up; nothing was changed, try again in a moment"
        )
    if isinstance(orig, pe.ReadOnlySqlTransaction):
        return PermissionRefused("this project is open read-only")
    if isinstance(orig, pe.SerializationFailure | pe.DeadlockDetected):
        return TransientConflict(
            f"this change collided with a colleague's and was not stored; try again ({_first_line(orig)})"
        )
    return None


_STRONG_LOCKS = ("AccessExclusiveLock", "ExclusiveLock", "ShareRowExclusiveLock", "ShareLock")


def _lock_holders(engine: Engine | None) -> list[str]:
    """Logins of the other sessions that hold strong locks on tables of this database (for the
    message of :class:`DatabaseBusy`; empty when that cannot be found out)."""
    if engine is None:
        return []
    try:
        with engine.connect() as conn:
            rows = conn.execute(
                text(
                    "SELECT DISTINCT a.usename FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    " JOIN pg_database d ON d.oid = l.database"
                    " WHERE l.granted AND l.locktype = 'relation' AND l.mode IN :modes"
                    " AND d.datname = current_database() AND l.pid <> pg_backend_pid()"
                    " ORDER BY 1"
                ).bindparams(bindparam("modes", expanding=True)),
                {"modes": list(_STRONG_LOCKS)},
            )
            return [str(r[0]) for r in rows if r[0]]
    except Exception:  # only for a message: whatever goes wrong, say less
        return []


def connect_error(exc: BaseException, shown: str) -> ProjectError:
    """The error for a failed first connection: :class:`LoginRequired` when a password is missing."""
    reason = redact_url(_first_line(getattr(exc, "orig", None) or exc))
    reason = reason.removeprefix("connection failed: ")
    shown = redact_url(shown)
    if "no password supplied" in reason or "password authentication failed" in reason:
        return LoginRequired(
            f"{shown}: the server wants a password ({reason}); put it in ~/.pgpass, set PGPASSWORD, "
            "or enter it in the app"
        )
    return ProjectError(f"{shown}: cannot connect ({reason})")


@dataclass(frozen=True, slots=True)
class Access:
    """Who the connected login is in this database, and what the team rules let them write.

    ``team`` is false for a PostgreSQL project without team roles (one person on a server):
    then nobody's writes are restricted beyond what the database grants.
    """

    login: str
    owner: bool
    coder: bool = False
    reviewer: bool = False
    team: bool = False

    def may_write_layer(self, *, kind: str, layer_login: str | None) -> bool:
        """Whether the team rules let this login change annotations of that layer."""
        if self.owner or not self.team:
            return True
        if kind == "adjudicated":
            return self.reviewer
        return layer_login == self.login and (self.coder or self.reviewer)


TEAM_CODER_ROLE_KEY = "team.coder_role"
#: The name of the unique index on layer names, and of the errors the layer name check raises
#: (see annotator.store.security).
LAYER_NAME_RULE = "annotator_layer_name"
TEAM_REVIEWER_ROLE_KEY = "team.reviewer_role"


def read_access(conn: Connection) -> Access:
    """The :class:`Access` of this connection's login (the team's roles are in ``settings``)."""
    settings: dict[str, str] = {
        key: value
        for key, value in conn.execute(
            text("SELECT key, value FROM settings WHERE key IN (:c, :r)"),
            {"c": TEAM_CODER_ROLE_KEY, "r": TEAM_REVIEWER_ROLE_KEY},
        )
    }
    coder_role = settings.get(TEAM_CODER_ROLE_KEY)
    reviewer_role = settings.get(TEAM_REVIEWER_ROLE_KEY)
    row = conn.execute(
        text(
            "SELECT current_user::text,"
            " r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE'),"
            " coalesce(pg_has_role(current_user, to_regrole(:coder), 'MEMBER'), false),"
            " coalesce(pg_has_role(current_user, to_regrole(:reviewer), 'MEMBER'), false)"
            " FROM pg_class c, pg_roles r"
            " WHERE c.oid = to_regclass('annotations') AND r.rolname = current_user"
        ),
        {"coder": coder_role, "reviewer": reviewer_role},
    ).one()
    return Access(
        login=row[0],
        owner=bool(row[1]),
        coder=bool(row[2]),
        reviewer=bool(row[3]),
        team=coder_role is not None and reviewer_role is not None,
    )
