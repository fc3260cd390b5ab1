"""Fixtures for team mode: a PostgreSQL server, fresh databases, and a team of logins.

The server is the one ``.ci/run`` started (``ANNOTATOR_TEST_PG_URL``: a superuser URL of a
disposable server), or else one these fixtures start for the session in a temporary directory.
Without PostgreSQL's server tools (or psycopg) the PostgreSQL tests skip, saying why; the SQLite
half of the parametrised tests still runs.

Every test gets its own database, and its own role names (roles are global to a server), so
tests never see each other's data or logins.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.team import pgserver

_counter = itertools.count(1)


@dataclass
class PgAdmin:
    """A superuser's handle on the test server."""

    url: str  # superuser, over the server's socket (trusted)
    host: str  # loopback address for password (SCRAM) logins over TCP
    port: int
    socket_dir: str

    def sql(self, statement: str, *, dbname: str = "postgres") -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(
            host=self.socket_dir, port=self.port, user="postgres", dbname=dbname, autocommit=True
        ) as conn:
            cur = conn.execute(statement)
            return list(cur.fetchall()) if cur.description else []

    def socket_url(self, user: str, dbname: str) -> str:
        return f"postgresql+psycopg://{user}@/{dbname}?host={self.socket_dir}&port={self.port}"

    def tcp_url(self, user: str, dbname: str) -> str:
        return f"postgresql+psycopg://{user}@{self.host}:{self.port}/{dbname}"


def _admin_from_url(url: str) -> PgAdmin:
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    socket_dir = str(parsed.query.get("host", ""))
    port = int(str(parsed.query.get("port", parsed.port or 5432)))
    return PgAdmin(url=url, host="127.0.0.1", port=port, socket_dir=socket_dir)


@pytest.fixture(scope="session")
def pg_admin() -> Iterator[PgAdmin]:
    pytest.importorskip("psycopg", reason="psycopg is not installed (pip install -e '.[team]')")
    url = os.environ.get(pgserver.URL_ENV)
    if url:
        yield _admin_from_url(url)
        return
    reason = pgserver.tools_available()
    if reason:
        pytest.skip(reason)
    server = pgserver.start()
    try:
        yield _admin_from_url(server.url)
    finally:
        server.stop()


@pytest.fixture(autouse=True)
def _no_libpq_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's PGHOST, PGPASSWORD or PGSERVICE must not steer the tests' connections."""
    for key in list(os.environ):
        if key.startswith("PG"):
            monkeypatch.delenv(key)


def unique(prefix: str) -> str:
    return f"{prefix}{os.getpid()}_{next(_counter)}"


@pytest.fixture
def pg_database(pg_admin: PgAdmin) -> Iterator[str]:
    """A fresh, empty database; yields its name."""
    name = unique("t")
    pg_admin.sql(f"CREATE DATABASE {name}")
    try:
        yield name
    finally:
        pg_admin.sql(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@dataclass
class Team:
    """A team database: an owner (not a superuser), two coders and a reviewer, with passwords."""

    admin: PgAdmin
    database: str
    prefix: str
    owner_url: str
    passwords: dict[str, str]

    def login(self, who: str) -> str:
        return f"{self.prefix}_{who}"

    def url(self, who: str) -> str:
        """``who``'s URL over TCP, as a colleague on another machine would connect (no password)."""
        return self.admin.tcp_url(self.login(who), self.database)

    def open(self, who: str) -> Any:
        from annotator.project import Project

        return Project.open(self.url(who), password=self.passwords[who])

    def connect(self, who: str) -> Any:
        """A plain psycopg connection as ``who``: the app is not involved at all."""
        import psycopg

        return psycopg.connect(
            host=self.admin.host,
            port=self.admin.port,
            dbname=self.database,
            user=self.login(who),
            password=self.passwords[who],
            autocommit=True,
        )


@pytest.fixture
def team(pg_admin: PgAdmin) -> Iterator[Team]:
    from annotator.team import add_member, init_team

    prefix = unique("team")
    database = f"{prefix}_db"
    owner = f"{prefix}_owner"
    pg_admin.sql(f"CREATE ROLE {owner} LOGIN CREATEROLE")
    pg_admin.sql(f"CREATE DATABASE {database} OWNER {owner}")
    owner_url = pg_admin.socket_url(owner, database)
    try:
        init_team(owner_url, prefix=prefix)
        passwords = {}
        for who, reviewer in (("ada", False), ("bob", False), ("rev", True)):
            member = add_member(owner_url, f"{prefix}_{who}", reviewer=reviewer, display_name=who.title())
            assert member.password is not None
            passwords[who] = member.password
        yield Team(admin=pg_admin, database=database, prefix=prefix, owner_url=owner_url, passwords=passwords)
    finally:
        pg_admin.sql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
        roles = [r[0] for r in pg_admin.sql(f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{prefix}%'")]
        for role in sorted(roles, key=lambda r: r.endswith(("_coder", "_reviewer"))):
            pg_admin.sql(f"DROP ROLE IF EXISTS {role}")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Where a project lives: an SQLite file, or a fresh PostgreSQL database (superuser)."""
    if request.param == "sqlite":
        return str(tmp_path / "p.sqlite")
    admin: PgAdmin = request.getfixturevalue("pg_admin")
    database: str = request.getfixturevalue("pg_database")
    return admin.socket_url("postgres", database)
