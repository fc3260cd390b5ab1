"""Opening a project file: connection settings, schema checks and migrations.

A project is one SQLite file a researcher can copy or send, so every open treats it as untrusted:
the schema may not run code (``trusted_schema=OFF``), the file is checked (``quick_check``), a file
written by a newer app is refused, and an older one is migrated only after a backup copy is made.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.exc import DatabaseError, OperationalError

from annotator.errors import ProjectError
from annotator.store.plain import SCHEMA_HEAD

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
BUSY_TIMEOUT_MS = 10_000


def _on_connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
    cur = dbapi_connection.cursor()
    # The schema of a file from someone else must not run code through views or triggers.
    cur.execute("PRAGMA trusted_schema=OFF")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA cell_size_check=ON")
    # "All changes saved" must hold after a power cut too, not only after a crash: with NORMAL a
    # WAL commit is not synced and the last edits can roll back when the machine loses power.
    # FULL syncs the log at every commit (the cost per edit is in the key-press benchmark).
    cur.execute("PRAGMA synchronous=FULL")
    cur.close()
    # Defensive mode stops SQL from corrupting the file on purpose (writable_schema, shadow tables
    # of virtual tables, journal_mode=OFF). sqlite3 exposes it from Python 3.12; on 3.11 the
    # checks above (trusted_schema=OFF, quick_check at open) are what a hostile file meets.
    setconfig = getattr(dbapi_connection, "setconfig", None)
    defensive = getattr(sqlite3, "SQLITE_DBCONFIG_DEFENSIVE", None)
    if setconfig is not None and defensive is not None:
        setconfig(defensive, True)


def make_engine(url: str) -> Engine:
    """An engine with the project's connection settings (SQLite pragmas, or plain for a server)."""
    if not url.startswith("sqlite"):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_MS / 1000})
    event.listen(engine, "connect", _on_connect)
    return engine


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


def head_revision() -> str:
    return SCHEMA_HEAD


def alembic_head() -> str:
    """The head as Alembic reads it from the migration scripts (slow: imports Alembic)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None
    return head


def _known_revision(revision: str) -> bool:
    from alembic.script import ScriptDirectory

    try:
        return ScriptDirectory.from_config(alembic_config()).get_revision(revision) is not None
    except Exception:  # alembic raises several types for an unknown id
        return False


def _current_revision(engine: Engine) -> str | None:
    """The project's schema stamp, read directly (``None`` for an empty database)."""
    from sqlalchemy import inspect

    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if value is None else str(value)


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return bool(conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar())


def backup_path(path: Path, revision: str) -> Path:
    return path.with_name(f"{path.name}.backup-{revision}")


def _backup(path: Path, revision: str) -> Path:
    """Copy the project (with the SQLite backup API, so a WAL file is included) before migrating."""
    target = backup_path(path, revision)
    src = sqlite3.connect(path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def migrate(engine: Engine) -> None:
    """Bring the schema to the head revision on this engine's database."""
    from alembic import command

    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")


def open_engine(path: Path, *, create: bool = True, readonly: bool = False) -> Engine:
    """Open (and create or migrate as needed) the project at ``path``; return a ready engine.

    Raises :class:`ProjectError` with a one-line reason when the file is not a project, is damaged,
    or was written by a newer version of the app.
    """
    path = Path(path)
    exists = path.exists()
    if not exists and (readonly or not create):
        raise ProjectError(f"{path}: no such project")
    if exists and path.is_dir():
        raise ProjectError(f"{path}: is a folder, not a project file")
    if not exists:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ProjectError(f"{path}: cannot create the project folder ({exc.strerror})") from exc
    url = f"sqlite:///file:{path}?mode=ro&uri=true" if readonly else f"sqlite:///{path}"
    engine = make_engine(url)
    try:
        _check_and_migrate(engine, path, exists=exists, readonly=readonly)
    # (UnicodeDecodeError: a damaged schema can make SQLite's own error message undecodable)
    except (DatabaseError, OperationalError, sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise ProjectError(f"{path}: not a usable project file ({reason})") from exc
    except ProjectError:
        engine.dispose()
        raise
    return engine


def _refuse_foreign_code(engine: Engine, path: Path) -> None:
    """Refuse a file whose schema holds triggers or views: the app's migrations create none.

    ``trusted_schema=OFF`` stops them calling functions, but a trigger in plain SQL still runs
    on every edit (it could delete or rewrite a colleague's coding as it is made).
    """
    with engine.connect() as conn:
        found = conn.execute(
            text("SELECT type, name FROM sqlite_master WHERE type IN ('trigger', 'view') ORDER BY name")
        ).first()
    if found is not None:
        raise ProjectError(
            f"{path}: the file holds a {found[0]} ({found[1]!r}) that annotator does not create; "
            "it could change data behind your back, so the file is refused"
        )


def _check_and_migrate(engine: Engine, path: Path, *, exists: bool, readonly: bool) -> None:
    if exists:
        with engine.connect() as conn:
            result = conn.execute(text("PRAGMA quick_check")).scalar()
        if result != "ok":
            detail = " ".join(str(result).replace("*** in database main ***", "").split())[:200]
            raise ProjectError(f"{path}: the project file is damaged ({detail})")
    current = _current_revision(engine) if exists else None
    head = head_revision()
    if current is not None:
        if current != head and not _known_revision(current):
            raise ProjectError(
                f"{path}: this project was written by a newer version of annotator "
                f"(schema {current}); update the app to open it"
            )
    elif exists and _has_tables(engine):
        raise ProjectError(f"{path}: this SQLite file is not an annotator project")
    if exists:
        _refuse_foreign_code(engine, path)
    if current == head:
        if not readonly:
            with engine.begin() as conn:
                conn.execute(text("PRAGMA journal_mode=WAL"))
        return
    if readonly:
        raise ProjectError(f"{path}: this project needs an upgrade; open it writable once (a backup is kept)")
    if current is not None:
        _backup(path, current)
    with engine.connect() as conn:
        conn.execute(text("PRAGMA journal_mode=WAL"))
    migrate(engine)


def open_url_engine(
    url: str,
    *,
    create: bool = True,
    readonly: bool = False,
    password: str | None = None,
    session_id: str | None = None,
) -> Engine:
    """Open (and create or migrate as needed) the project in a server database named by ``url``.

    The PostgreSQL counterpart of :func:`open_engine`: the same Alembic migrations, the same
    refusal of a schema newer than the app. The database itself must exist (an administrator
    creates it); an empty one gets the schema when ``create`` is true and the login may create
    tables. There is no backup copy before a migration: PostgreSQL runs the whole upgrade in one
    transaction, so a failed one leaves the database as it was (``pg_dump`` before upgrading is
    the team owner's habit to keep). Raises :class:`ProjectError` (or its subclass
    :class:`~annotator.errors.LoginRequired` when a password is missing) with a one-line reason.
    """
    from annotator.store import server

    parsed = server.parse_url(url)
    shown = server.display_url(parsed)
    engine = server.make_engine(parsed, password=password, readonly=readonly, session_id=session_id)
    try:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
        except ProjectError:
            raise
        except Exception as exc:  # psycopg and SQLAlchemy raise several types for a failed connect
            raise server.connect_error(exc, shown) from exc
        _check_and_migrate_url(engine, shown, create=create, readonly=readonly)
    except ProjectError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        reason = str(getattr(exc, "orig", exc)).splitlines()[0]
        raise ProjectError(f"{shown}: not a usable project database ({reason})") from exc
    return engine


def _check_and_migrate_url(engine: Engine, shown: str, *, create: bool, readonly: bool) -> None:
    from sqlalchemy import inspect

    current = _current_revision(engine)
    head = head_revision()
    if current is not None:
        if current != head and not _known_revision(current):
            raise ProjectError(
                f"{shown}: this project was written by a newer version of annotator "
                f"(schema {current}); update the app to open it"
            )
    elif inspect(engine).get_table_names():
        raise ProjectError(f"{shown}: this database holds other tables, not an annotator project")
    elif readonly or not create:
        raise ProjectError(
            f"{shown}: this database holds no annotator project yet; "
            "its owner creates one with `annotator team init URL`"
        )
    if current == head:
        return
    if readonly:
        raise ProjectError(f"{shown}: this project needs an upgrade; its owner opens it once to upgrade it")
    try:
        migrate(engine)
    except ProjectError as exc:
        what = f"an upgrade (schema {current} to {head})" if current else "its tables created"
        raise ProjectError(
            f"{shown}: this database needs {what}, which only the project owner can do "
            f"(`annotator team init URL` or opening it once as the owner): {exc}"
        ) from exc
    if current is not None:
        # A team database: tables a new revision added need the team's grants and policies too.
        from annotator.store.security import apply_team_security, team_roles

        with engine.begin() as conn:
            roles = team_roles(conn)
            if roles is not None:
                apply_team_security(conn, roles)
