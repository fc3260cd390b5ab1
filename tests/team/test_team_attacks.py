"""A coder with psql or psycopg trying to hurt the team: stall it, impersonate someone, or take
over a layer through the group role. Each attack runs on a plain psycopg connection, bypassing the
app, and the app's own checks are tested beside it.
"""

from __future__ import annotations

import time
import uuid
from typing import Any

import pytest

from annotator.cli import main as cli
from annotator.errors import ValidationError
from annotator.project import Project
from annotator.store import server
from annotator.store.server import DatabaseBusy
from annotator.team import add_member, init_team
from tests.team.conftest import Team

psycopg = pytest.importorskip("psycopg")


def _layer(conn: Any, login: str) -> str:
    row = conn.execute("SELECT id FROM annotators WHERE login = %s AND kind = 'coder'", (login,)).fetchone()
    assert row is not None
    return str(row[0])


# -- stalling everyone -----------------------------------------------------------------------------


def test_a_coder_holding_a_table_lock_cannot_freeze_colleagues(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE`` needs only UPDATE on the table, which
    every coder has. Colleagues' reads and writes then wait at most the lock timeout, fail with a
    message naming who holds the lock, and work again once it is gone."""
    monkeypatch.setattr(server, "LOCK_TIMEOUT_MS", 1000)
    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text="A text to code.\n", title="T").document
    bob = team.open("bob")
    try:
        layer = bob.ensure_annotator(name="Bob").id
        bob.add_annotation(document_id=doc.id, start=0, end=6, category="claim", annotator_id=layer)
        attacker = team.connect("ada")
        attacker.autocommit = False
        attacker.execute("LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE")

        def write() -> object:
            return bob.add_annotation(
                document_id=doc.id, start=2, end=6, category="claim", annotator_id=layer
            )

        for attempt in (bob.annotations, write):
            started = time.monotonic()
            with pytest.raises(DatabaseBusy, match=rf"busy: .*\({team.login('ada')} holds a lock") as caught:
                attempt()
            assert time.monotonic() - started < 10
            assert "nothing was changed, try again" in str(caught.value)
        attacker.rollback()
        # the lock is gone: the same calls work, and nothing was half-written
        assert len(bob.annotations()) == 1
        bob.add_annotation(document_id=doc.id, start=2, end=6, category="claim", annotator_id=layer)
        # a row lock held in an open transaction (documents' status is shared work) is no better
        attacker.execute("SELECT * FROM documents FOR UPDATE")
        with pytest.raises(DatabaseBusy, match="busy"):
            bob.set_document_status(document_id=doc.id, status="done")
        attacker.rollback()
        bob.set_document_status(document_id=doc.id, status="done")
        attacker.close()
    finally:
        bob.close()


def test_the_owner_ends_a_members_lock_as_the_readme_says(
    team: Team, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(server, "LOCK_TIMEOUT_MS", 1000)
    attacker = team.connect("ada")
    attacker.autocommit = False
    attacker.execute("LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE")
    with team.open("bob") as bob:
        with pytest.raises(DatabaseBusy):
            bob.annotations()
        ada, owner = team.login("ada"), team.login("owner")
        with Project.open(team.owner_url) as lead, lead.engine.connect() as conn:
            for statement in (
                f"ALTER ROLE {ada} NOLOGIN",
                f"GRANT {ada} TO {owner}",
                f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{ada}'",
            ):
                conn.exec_driver_sql(statement)
            conn.commit()
        deadline = time.monotonic() + 10
        while True:
            try:
                assert bob.annotations() == []
                break
            except DatabaseBusy:
                assert time.monotonic() < deadline
                time.sleep(0.2)
    with pytest.raises(psycopg.OperationalError):  # the attacker's session was ended
        attacker.execute("SELECT 1")
    attacker.close()
    with pytest.raises(psycopg.OperationalError):  # and they cannot log in again
        team.connect("ada")


def test_the_lock_timeout_is_five_seconds_unless_the_url_says_otherwise(team: Team) -> None:
    from sqlalchemy import text

    for url, shown in (
        (team.url("bob"), "5s"),
        (team.url("bob") + "?options=-c%20lock_timeout%3D10s", "10s"),
    ):
        with Project.open(url, password=team.passwords["bob"]) as bob, bob.engine.connect() as conn:
            assert conn.execute(text("SHOW lock_timeout")).scalar() == shown


def test_the_command_line_reports_a_lock_in_one_line(
    team: Team, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(server, "LOCK_TIMEOUT_MS", 1000)
    monkeypatch.setenv("PGPASSWORD", team.passwords["bob"])
    with team.connect("ada") as attacker:
        attacker.autocommit = False
        attacker.execute("LOCK TABLE annotations IN ACCESS EXCLUSIVE MODE")
        assert cli(["documents", "--project", team.url("bob")]) == 1
        attacker.rollback()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("annotator: the team database is busy")


# -- impersonation by name -------------------------------------------------------------------------


def test_a_member_cannot_take_another_members_name_or_login(team: Team) -> None:
    with team.open("bob") as bob:
        mine = bob.ensure_annotator(name="Bob").id
        for name, why in (
            ("Ada", "taken: another layer is called “Ada”"),
            (" ada ", "taken: another layer is called “Ada”"),
            (team.login("ada"), "the login of another member"),
            (team.login("rev").upper(), "the login of another member"),
            (team.login("owner"), "the login of another member"),
        ):
            with pytest.raises(ValidationError, match=why):
                bob.rename_annotator(annotator_id=mine, name=name)
        # their own login, or a new name, is fine
        assert bob.rename_annotator(annotator_id=mine, name=team.login("bob")).name == team.login("bob")
        assert bob.rename_annotator(annotator_id=mine, name="Robert").name == "Robert"
    # the database refuses the same, to psql
    with team.connect("bob") as conn:
        for name in ("ADA", team.login("ada"), "Rev"):
            with pytest.raises(psycopg.errors.UniqueViolation, match=r"the name “.*” is"):
                conn.execute("UPDATE annotators SET name = %s WHERE id = %s", (name, mine))
        with pytest.raises(psycopg.errors.UniqueViolation):
            conn.execute(
                "INSERT INTO annotators (id, name, kind, login, created_at)"
                " VALUES (%s, 'ada', 'coder', %s, now())",
                (str(uuid.uuid4()), team.login("bob")),
            )
    # so `agree --annotators Ada` and every export still mean ada
    with Project.open(team.owner_url) as owner:
        names = sorted(a.name for a in owner.annotators())
    assert names == ["Ada", "Rev", "Robert"]


def test_the_owner_cannot_hand_a_members_name_or_layer_to_someone_else(team: Team) -> None:
    # a new login named like an existing layer of someone else
    with pytest.raises(ValidationError, match="a layer is already called “Ada”"):
        add_member(team.owner_url, "ada")
    # a layer of one member handed to another login
    with pytest.raises(ValidationError, match=r"belongs to .*_ada; a member's layer is not handed"):
        add_member(team.owner_url, team.login("eve"), layer="Ada")
    # a new layer named after a member
    with pytest.raises(ValidationError, match="the login of another member"):
        add_member(team.owner_url, team.login("eve"), display_name=team.login("bob"))
    with Project.open(team.owner_url) as owner:
        assert sorted(a.name for a in owner.annotators()) == ["Ada", "Bob", "Rev"]


def test_names_are_unique_in_a_project_file_too(tmp_path: Any) -> None:
    with Project.open(tmp_path / "p.sqlite") as project:
        ada = project.ensure_annotator(name="Ada")
        assert project.ensure_annotator(name=" ada ").id == ada.id, "the same name is the same layer"
        bob = project.ensure_annotator(name="Bob")
        with pytest.raises(ValidationError, match="taken: another layer is called “Ada”"):
            project.rename_annotator(annotator_id=bob.id, name="ADA")
        with pytest.raises(ValidationError, match="names must differ"):
            project.bulk_insert(
                annotators=[
                    {"id": str(uuid.uuid4()), "name": "Cleo", "kind": "coder"},
                    {"id": str(uuid.uuid4()), "name": "cleo", "kind": "coder"},
                ],
                documents=[],
                annotations=[],
            )


def test_a_layer_named_like_the_adjudicated_one_does_not_block_review(team: Team) -> None:
    from annotator import review

    with team.open("ada") as ada:
        me = ada.ensure_annotator(name="Ada").id
        ada.rename_annotator(annotator_id=me, name="Adjudicated (Rev)")
    with team.open("rev") as rev:
        reviewer = rev.ensure_annotator(name="Rev").id
        layer = review.adjudicated_layer(rev, reviewer_id=reviewer, create=True)
        assert layer is not None and layer.name == "Adjudicated (Rev) 2"


# -- the group role --------------------------------------------------------------------------------


def test_layers_belong_to_logins_never_to_the_group_roles(team: Team) -> None:
    """After ``SET ROLE annotator_coder`` a coder acted as the group: a layer made so belonged to
    the group role, and every coder could write it."""
    coder_role, reviewer_role = f"{team.prefix}_coder", f"{team.prefix}_reviewer"
    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text="A text to code.\n", title="T").document
    with team.connect("ada") as ada:
        ada.execute(f"SET ROLE {coder_role}")
        for login in (coder_role, None):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
                ada.execute(
                    "INSERT INTO annotators (id, name, kind, login, created_at)"
                    " VALUES (%s, 'Group', 'coder', %s, now())",
                    (str(uuid.uuid4()), login),
                )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ada.execute(
                "INSERT INTO edit_steps (id, login, annotator_id, label, created_at, changes)"
                " VALUES (%s, %s, NULL, 'x', now(), '[]')",
                (str(uuid.uuid4()), coder_role),
            )
    with team.connect("rev") as rev:
        rev.execute(f"SET ROLE {reviewer_role}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            rev.execute(
                "INSERT INTO annotators (id, name, kind, login, created_at)"
                " VALUES (%s, 'Group adjudication', 'adjudicated', %s, now())",
                (str(uuid.uuid4()), reviewer_role),
            )
    # a layer that already belongs to the group (made before this rule) is writable by nobody
    # but the owner, and team init says so
    group_layer = str(uuid.uuid4())
    team.admin.sql(
        "INSERT INTO annotators (id, name, kind, login, created_at)"
        f" VALUES ('{group_layer}', 'Shared', 'coder', '{coder_role}', now())",
        dbname=team.database,
    )
    with team.connect("bob") as bob:
        bob.execute(f"SET ROLE {coder_role}")
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            bob.execute(
                'INSERT INTO annotations (id, document_id, annotator_id, start, "end", quote, category,'
                " attributes, note, codebook_version, created_at, modified_at)"
                " VALUES (%s, %s, %s, 0, 1, 'A', 'claim', '{}', '', '1.0', now(), now())",
                (str(uuid.uuid4()), doc.id, group_layer),
            )
    # nobody can log in as a group role, even after an administrator allowed it
    team.admin.sql(f"ALTER ROLE {coder_role} LOGIN")
    report = init_team(team.owner_url, prefix=team.prefix)
    assert f"the group role {coder_role} could log in; it no longer can" in report.notes
    assert any("the layer “Shared” belongs to" in note for note in report.notes)
    assert team.admin.sql(
        f"SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN ('{coder_role}', '{reviewer_role}')"
        " ORDER BY 1"
    ) == [(coder_role, False), (reviewer_role, False)]


def test_team_init_reports_layers_that_share_a_name(team: Team) -> None:
    """A database from before the rule may hold two layers of one name: init keeps working and
    says which to rename; the rule then holds for new names anyway."""
    team.admin.sql("DROP INDEX annotator_layer_name", dbname=team.database)
    team.admin.sql("ALTER TABLE annotators DISABLE TRIGGER annotator_layer_name", dbname=team.database)
    team.admin.sql(
        "INSERT INTO annotators (id, name, kind, created_at)"
        " VALUES (gen_random_uuid()::text, 'ADA', 'coder', now())",
        dbname=team.database,
    )
    report = init_team(team.owner_url, prefix=team.prefix)
    assert "layers share a name (ADA, Ada); rename all but one, then run team init again" in report.notes
    with team.open("bob") as bob, pytest.raises(ValidationError, match="taken"):
        bob.rename_annotator(annotator_id=bob.ensure_annotator(name="Bob").id, name="ada")
