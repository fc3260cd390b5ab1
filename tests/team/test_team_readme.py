"""The README's steps for a server's administrator and a new owner, followed to the letter.

The SQL block and the ``.pgpass`` line are read from the README itself, with unique names put in
for ``lead`` and ``news`` (roles are global to a server). The owner then logs in over TCP with
SCRAM, the password coming from that ``.pgpass`` line, as on a real team server. The README's
earlier snippet made the owner without a password, who could not log in over TCP at all; the
first check shows that again.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.errors import LoginRequired
from annotator.project import Project
from annotator.team import add_member, init_team
from tests.team.conftest import PgAdmin, unique

README = Path(__file__).parents[2] / "README.md"


def _team_section() -> str:
    return README.read_text("utf-8").split("## Working as a team", 1)[1].split("\n## ", 1)[0]


@pytest.fixture
def names(pg_admin: PgAdmin) -> Iterator[dict[str, str]]:
    made = {"lead": unique("lead"), "news": unique("news"), "prefix": unique("rd")}
    yield made
    pg_admin.sql(f"DROP DATABASE IF EXISTS {made['news']} WITH (FORCE)")
    roles = [
        r[0] for r in pg_admin.sql(f"SELECT rolname FROM pg_roles WHERE rolname LIKE '{made['prefix']}%'")
    ]
    for role in sorted(roles, key=lambda r: r.endswith(("_coder", "_reviewer"))):
        pg_admin.sql(f"DROP ROLE IF EXISTS {role}")
    pg_admin.sql(f"DROP ROLE IF EXISTS {made['lead']}")


def test_the_readme_steps_give_an_owner_who_logs_in_over_tcp(
    pg_admin: PgAdmin, names: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import psycopg

    section = _team_section()
    sql = re.search(r"```sql\n(.*?)```", section, re.DOTALL)
    pgpass = re.search(r"```\n(db\.example\.org:5432:news:lead:[^\n]+)\n```", section)
    assert sql is not None and pgpass is not None, "README: the administrator's steps are missing"
    lead, news = names["lead"], names["news"]
    password = f"pw-{secrets.token_urlsafe(12)}"
    url = f"postgresql+psycopg://{lead}@{pg_admin.host}:{pg_admin.port}/{news}"

    lines = [ln.strip() for ln in sql.group(1).splitlines() if ln.strip()]
    for line in lines:
        line = re.sub(r"\bnews\b", news, re.sub(r"\blead\b", lead, line))
        if line.startswith("\\password"):
            # the README's first two statements alone: the owner cannot log in over TCP
            with pytest.raises(LoginRequired, match="the server wants a password"):
                Project.open(url)
            # psql's \password: the SCRAM verifier is computed on the client, as psql does
            with psycopg.connect(host=pg_admin.socket_dir, port=pg_admin.port, user="postgres") as conn:
                verifier = conn.pgconn.encrypt_password(password.encode(), lead.encode(), b"scram-sha-256")
            pg_admin.sql(f"ALTER ROLE {lead} PASSWORD '{verifier.decode()}'")
        else:
            pg_admin.sql(line.removesuffix(";"))

    host, port, database, user, _ = pgpass.group(1).split(":")
    assert (host, port, database, user) == ("db.example.org", "5432", "news", "lead")
    pgpass_file = tmp_path / "pgpass"
    pgpass_file.write_text(f"{pg_admin.host}:{pg_admin.port}:{news}:{lead}:{password}\n")
    pgpass_file.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass_file))

    report = init_team(url, prefix=names["prefix"])
    assert report.owner == lead and report.database == news
    member = add_member(url, f"{names['prefix']}_ana")
    assert member.password is not None
    with Project.open(
        f"postgresql+psycopg://{member.login}@{pg_admin.host}:{pg_admin.port}/{news}",
        password=member.password,
    ) as ana:
        assert ana.access is not None and ana.access.coder and not ana.access.owner
