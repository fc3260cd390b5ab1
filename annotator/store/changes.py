"""Noticing that someone else changed the project, cheaply enough to poll every second.

Both watchers hand out an integer token; when it differs from the last one the caller saw, the
project may have changed and views should reload. A spurious change costs one reload; a missed
one would leave a coder looking at stale spans, so every doubt (a lost connection) counts as a
change.

- SQLite: ``PRAGMA data_version`` on a connection of its own that never writes; SQLite changes it
  whenever any other connection (another process, or this process's own pool) commits.
- PostgreSQL: ``LISTEN`` on a connection of its own. The triggers of migration 0003 notify at
  commit, so a reload never runs before the change is visible (a sequence or ``max(modified_at)``
  can move before the transaction that moved it commits). The payload carries the writer's
  session id, and the project's own writes are skipped.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError

from annotator.errors import ProjectError
from annotator.store.server import NOTIFY_CHANNEL


class ChangeWatcher(Protocol):
    def token(self) -> int: ...

    def close(self) -> None: ...


class FileWatcher:
    """Changes to an SQLite project file, seen through ``PRAGMA data_version``."""

    def __init__(self, path: Path) -> None:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        self._con: sqlite3.Connection | None = sqlite3.connect(uri, uri=True, check_same_thread=False)

    def token(self) -> int:
        if self._con is None:
            return 0
        row = self._con.execute("PRAGMA data_version").fetchone()
        return int(row[0])

    def close(self) -> None:
        if self._con is not None:
            self._con.close()
            self._con = None


class ServerWatcher:
    """Changes to a PostgreSQL project, heard through ``LISTEN annotator_changes``."""

    def __init__(self, engine: Engine, *, session_id: str) -> None:
        self._engine = engine
        self._own_suffix = f" {session_id}"
        self._conn: Any = None
        self._token = 0
        self._connect()

    def _connect(self) -> None:
        # A connection of our own, outside the pool: LISTEN lasts as long as the connection does.
        fairy = self._engine.raw_connection()
        conn = fairy.driver_connection
        assert conn is not None
        fairy.detach()
        conn.rollback()
        conn.autocommit = True
        conn.execute(f"LISTEN {NOTIFY_CHANNEL}")
        self._conn = conn

    def token(self) -> int:
        import psycopg

        try:
            if self._conn is None or self._conn.closed:
                self._conn = None
                self._token += 1  # we may have missed notifications while disconnected
                self._connect()
            for note in self._conn.notifies(timeout=0):
                if not note.payload.endswith(self._own_suffix):
                    self._token += 1
        except (psycopg.Error, OSError, SQLAlchemyError, ProjectError):
            self.close()
            self._token += 1
        return self._token

    def close(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None
