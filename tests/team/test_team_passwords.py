"""No password in a URL, and none in anything shown or logged.

A URL is refused when it holds a password anywhere libpq would find one (the user-info, the query,
a database name libpq expands as a connection string), with the same line as ``user:pw@``, by
every entry point that takes a URL. Everything that shows a URL goes through
:func:`annotator.redaction.redact_url`; the tests feed it passwords in the user-info, the query
and a service file, and look for the password in every message, the error log, the window title
and the recent-projects menu.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator import credentials
from annotator.cli import main as cli
from annotator.errorlog import error_log_path, log_unexpected
from annotator.errors import LoginRequired, ProjectError
from annotator.project import Project
from annotator.redaction import redact_url
from annotator.store.server import NO_PASSWORD_IN_URL, display_url, parse_url
from annotator.team import add_member, init_team
from tests.team.conftest import PgAdmin, Team

SECRET = "s3cr3t-Pa55"

# Every place a URL can carry a password; each must be refused with the one line.
WITH_PASSWORDS = [
    f"postgresql+psycopg://bob:{SECRET}@db.example.org/news",
    f"postgresql://bob:{SECRET}@db.example.org:5433/news?sslmode=require",
    f"postgresql+psycopg://bob@db.example.org/news?password={SECRET}",
    f"postgresql+psycopg://bob@db.example.org/news?sslmode=require&PassWord={SECRET}",
    f"postgresql+psycopg://bob@db.example.org/news?sslpassword={SECRET}",
    f"postgres://bob@/news?host=/run/postgresql&password={SECRET}",
    # a database name with "=" is a whole connection string to libpq
    f"postgresql+psycopg://bob@db.example.org/dbname%3Dnews%20password%3D{SECRET}",
    f"postgresql+psycopg://bob@db.example.org/news?dbname=dbname%3Dnews+password%3D{SECRET}",
    f"postgresql+psycopg://bob@db.example.org/postgresql:%2F%2Fbob:{SECRET}@h%2Fnews",
]
# Files that hold secrets are named, not quoted: these are fine.
WITHOUT_PASSWORDS = [
    "postgresql+psycopg://bob@db.example.org/news",
    "postgresql+psycopg://bob@db.example.org/news?passfile=/home/bob/.pgpass",
    "postgresql+psycopg:///?service=news",
    "postgresql+psycopg://bob@db.example.org/news?sslmode=verify-full&sslrootcert=ca.pem&sslkey=bob.key",
    "postgresql+psycopg://bob@/news?host=/run/postgresql&port=5433",
]


@pytest.mark.parametrize("url", WITH_PASSWORDS)
def test_a_password_anywhere_in_a_url_is_refused_with_one_line(url: str) -> None:
    with pytest.raises(ProjectError) as caught:
        parse_url(url)
    assert str(caught.value) == NO_PASSWORD_IN_URL
    # every entry point that takes a URL goes through the same refusal
    with pytest.raises(ProjectError, match="must not contain a password"):
        Project.open(url)
    with pytest.raises(ProjectError, match="must not contain a password"):
        credentials.account(url)
    with pytest.raises(ProjectError, match="must not contain a password"):
        init_team(url)
    with pytest.raises(ProjectError, match="must not contain a password"):
        add_member(url, "ana")


@pytest.mark.parametrize("url", WITHOUT_PASSWORDS)
def test_urls_naming_files_that_hold_secrets_are_accepted(url: str) -> None:
    parse_url(url)


def test_the_command_line_refuses_in_one_line_and_repeats_no_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for url in WITH_PASSWORDS:
        for argv in (
            ["documents", "--project", url],
            ["team", "add-coder", url, "ana"],
            ["team", "init", url],
        ):
            assert cli(argv) == 1
            out, err = capsys.readouterr()
            assert out == ""
            assert err == f"annotator: {NO_PASSWORD_IN_URL}\n", argv


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            f"postgresql+psycopg://bob:{SECRET}@db/news",
            "postgresql+psycopg://bob:***@db/news",
        ),
        (
            f"cannot open postgresql://bob:{SECRET}@db:5432/news?sslmode=require: refused",
            "cannot open postgresql://bob:***@db:5432/news?sslmode=require: refused",
        ),
        (
            f"postgresql+psycopg://bob@db/news?sslmode=require&password={SECRET}&x=1",
            "postgresql+psycopg://bob@db/news?sslmode=require&password=***&x=1",
        ),
        (f"host=db user=bob password='{SECRET} x' dbname=news", "host=db user=bob password=*** dbname=news"),
        (f"PGPASSWORD={SECRET} annotator documents", "PGPASSWORD=*** annotator documents"),
        (f"sslpassword = {SECRET}", "sslpassword = ***"),
        (f"/dbname%3Dnews%20password%3D{SECRET}", "/dbname%3Dnews%20password%3D***"),
        (
            f"CREATE ROLE ana LOGIN PASSWORD 'SCRAM-SHA-256$4096:{SECRET}'",
            "CREATE ROLE ana LOGIN PASSWORD '***'",
        ),
    ],
)
def test_redaction_hides_passwords_in_urls_queries_and_statements(text: str, shown: str) -> None:
    assert redact_url(text) == shown
    assert SECRET not in redact_url(text)


@pytest.mark.parametrize(
    "text",
    [
        "postgresql+psycopg://bob@db.example.org:5432/news",
        "postgresql+psycopg://postgres@/t1?host=/tmp/pg&port=5433",
        "postgresql+psycopg:///?service=news",
        "password authentication failed for user bob; the URL must not contain a password",
        "C:\\Users\\bob\\project.sqlite",
        "https://example.org/article?id=3",
    ],
)
def test_redaction_leaves_urls_without_passwords_alone(text: str) -> None:
    assert redact_url(text) == text


def test_the_error_log_holds_no_password(tmp_path: Path) -> None:
    try:
        raise RuntimeError(f"could not use postgresql://bob:{SECRET}@db/news?password={SECRET}")
    except RuntimeError as exc:
        log_unexpected(exc, context=f"command documents --project postgresql://bob:{SECRET}@db/news")
    logged = error_log_path().read_text("utf-8")
    assert "could not use postgresql://bob:***@db/news?password=***" in logged
    assert SECRET not in logged


# -- on a real server ------------------------------------------------------------------------------


def test_add_coder_prints_no_password_but_the_new_one(team: Team, capsys: pytest.CaptureFixture[str]) -> None:
    login = team.login("cleo")
    with_password = team.owner_url.replace("?", f"?password={SECRET}&")
    assert cli(["team", "add-coder", with_password, login]) == 1
    out, err = capsys.readouterr()
    assert SECRET not in out + err and err == f"annotator: {NO_PASSWORD_IN_URL}\n"
    assert cli(["team", "add-coder", team.owner_url, login]) == 0
    out = capsys.readouterr().out
    line = next(ln for ln in out.splitlines() if "open the project with" in ln)
    assert f"annotator --project 'postgresql+psycopg://{login}@" in line
    assert SECRET not in out


def test_connection_errors_name_the_server_but_no_password(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The password comes from a service file (right, then wrong, then for a server that is not
    there): no message repeats it, nor the one given to the login dialog."""
    secret = team.passwords["ada"]
    services = tmp_path / "pg_service.conf"

    def service(password: str, port: int) -> None:
        services.write_text(
            f"[news]\nhost={team.admin.host}\nport={port}\ndbname={team.database}\n"
            f"user={team.login('ada')}\npassword={password}\n"
        )

    monkeypatch.setenv("PGSERVICEFILE", str(services))
    url = "postgresql+psycopg:///?service=news"
    service(secret, team.admin.port)
    with Project.open(url) as project:
        assert project.access is not None and project.access.login == team.login("ada")
        assert project.location == url
    service(SECRET, team.admin.port)
    with pytest.raises(LoginRequired) as wrong:
        Project.open(url)
    with pytest.raises(LoginRequired) as wrong_given:
        Project.open(team.url("ada"), password=SECRET)
    with socket_free_port() as port:
        service(SECRET, port)
        with pytest.raises(ProjectError) as absent:
            Project.open(url)
    for caught in (wrong, wrong_given, absent):
        message = str(caught.value)
        assert SECRET not in message and secret not in message
    assert "password authentication failed" in str(wrong.value)
    assert str(absent.value).startswith(f"{url}: cannot connect (")


class socket_free_port:
    """A port on loopback that nothing listens on (bound, then closed, by this process)."""

    def __enter__(self) -> int:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port: int = s.getsockname()[1]
        return port

    def __exit__(self, *exc: object) -> None:
        return None


def test_a_refused_import_says_one_line(team: Team, tmp_path: Path) -> None:
    """psycopg also logged ``error ignored terminating <psycopg.Pipeline ...>: pipeline aborted``
    when the server refused a row of a large batch while the rest was still being sent (timing:
    seen here with 30,000 rows over TCP). The CLI runs in a process of its own, where nothing
    configures logging, exactly as a user runs it."""
    import json

    from annotator.dataset import dataset_dict

    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text="Hello world, a text.\n", title="T").document
    with team.open("bob") as bob:
        bob.ensure_annotator(name="Bob")
    with Project.open(team.owner_url) as owner:
        data = dataset_dict(owner)
    bobs = next(a["id"] for a in data["annotators"] if a["name"] == "Bob")
    span = {
        "start": 0,
        "end": 5,
        "quote": "Hello",
        "category": "claim",
        "annotator": bobs,
        "attributes": {},
        "note": "",
        "codebook_version": data["codebook"]["version"],
        "created": "2026-01-01T00:00:00Z",
        "modified": "2026-01-01T00:00:00Z",
    }
    (document,) = data["documents"]
    assert document["id"] == doc.id
    document["annotations"] = [dict(span, id=str(uuid.uuid4())) for _ in range(30_000)]
    dataset = tmp_path / "into-bobs-layer.json"
    dataset.write_text(json.dumps(data), "utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
    env.update(PGPASSWORD=team.passwords["ada"], PYTHONPATH=str(Path(__file__).parents[2]))
    run = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "import", "--project", team.url("ada"), str(dataset)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert run.returncode == 1
    assert run.stderr.count("\n") == 1, run.stderr
    assert "pipeline" not in run.stderr
    assert "each coder can change only their own layer" in run.stderr
    with Project.open(team.owner_url) as owner:
        assert owner.annotations() == []


def test_the_window_title_and_recent_projects_show_no_password(
    pg_admin: PgAdmin, pg_database: str, tmp_path: Path, qtbot: QtBot
) -> None:
    from PySide6.QtCore import QSettings

    from ui.window.mainwindow import MainWindow

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    # a hand-edited settings file (or an old version) holding a URL with a password
    settings.setValue("recent_projects", [f"postgresql+psycopg://bob:{SECRET}@db/news", "/tmp/x.sqlite"])
    url = pg_admin.socket_url("postgres", pg_database)
    window = MainWindow(project=Project.open(url), annotator_name="Tess", settings=settings)
    qtbot.addWidget(window)
    try:
        shown = [window.windowTitle(), *(a.text() for a in window.recent_menu.actions())]
        location = display_url(parse_url(url))
        assert window.windowTitle() == f"{location} — Annotator"
        assert [a.text() for a in window.recent_menu.actions()] == [location, "/tmp/x.sqlite"]
        assert not any(SECRET in text for text in shown)
        assert all(SECRET not in str(v) for v in settings.value("recent_projects"))
    finally:
        window.close()
        window.project.close()
