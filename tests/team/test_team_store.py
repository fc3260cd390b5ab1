"""The store's main behaviours on SQLite and on PostgreSQL alike (each test runs on both).

What is checked is what a user relies on: edits are stored exactly (hard text offsets included),
a stale edit of a shared object is refused instead of overwriting a colleague's, another
member's change is noticed, migrations upgrade a database that holds rows, and a dataset moves
between the two engines unchanged.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from annotator.cli import main as cli
from annotator.domain import AnnotatorKind, DocumentStatus
from annotator.errors import ConflictError
from annotator.project import Project
from annotator.store.db import alembic_config, head_revision
from tests.annotator.hard_text import HARD_TEXT, find
from tests.conftest import unwritable_folder
from tests.team.conftest import PgAdmin


def _fill(project: Project) -> dict[str, Any]:
    """Two coders and an adjudicated layer on the hard text; returns what was made."""
    ada = project.ensure_annotator(name="Ada")
    bob = project.ensure_annotator(name="Bob")
    adj = project.ensure_annotator(name="Adjudicated", kind=AnnotatorKind.ADJUDICATED, adjudicated_by=bob.id)
    doc = project.add_document(text=HARD_TEXT, title="Hard", source="Wire", language="hr").document
    other = project.add_document(text="A second, plain article.\n", title="Plain").document
    made = []
    for who, needle, category, attrs in (
        (ada, "👩\u200d👩\u200d👧 posts: café vs cafe\u0301", "quote", {"speaker": "Ana Kovač"}),
        (bob, "ميزانية للجميع", "claim", {}),
        (adj, "«Порт — это мы!»", "quote", {"speaker_role": "official"}),
        (ada, "3.4\u202f% rose", "statistic", {}),
    ):
        start, end = find(HARD_TEXT, needle)
        change = project.add_annotation(
            document_id=doc.id, start=start, end=end, category=category, annotator_id=who.id, attributes=attrs
        )
        made.append(change.after)
    project.set_document_status(document_id=doc.id, status="in_progress")
    return {"ada": ada, "bob": bob, "adj": adj, "doc": doc, "other": other, "made": made}


def test_add_update_delete_are_stored_exactly(store_url: str) -> None:
    with Project.open(store_url) as project:
        made = _fill(project)
        first = made["made"][0]
        assert first.quote == "👩\u200d👩\u200d👧 posts: café vs cafe\u0301"
        changed = project.update_annotation(annotation_id=first.id, end=first.end - 5, note="shorter")
        assert changed.after is not None and changed.after.quote == HARD_TEXT[first.start : first.end - 5]
        project.delete_annotation(annotation_id=made["made"][1].id)
    # a fresh connection sees exactly what the operations reported
    with Project.open(store_url) as again:
        stored = {a.id: a for a in again.annotations()}
        assert set(stored) == {made["made"][i].id for i in (0, 2, 3)}
        assert stored[first.id] == changed.after
        assert stored[made["made"][2].id].attributes == {"speaker_role": "official"}
        assert again.documents()[0].status is DocumentStatus.IN_PROGRESS
        restored = again.restore_annotation(annotation=made["made"][1]).after
        assert restored == made["made"][1], "ids and timestamps survive an undo of a delete"


def test_a_database_url_gets_no_file_location_check(
    pg_admin: PgAdmin, pg_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_check(path: object) -> None:
        raise AssertionError(f"location_risk asked about {path}")

    monkeypatch.setattr("annotator.project.location_risk", no_check)
    with Project.open(pg_admin.socket_url("postgres", pg_database)) as project:
        assert project.location_risk is None and project.path is None


def test_a_stale_status_change_is_refused_and_the_loser_is_told(store_url: str) -> None:
    with Project.open(store_url) as setup:
        doc = setup.add_document(text=HARD_TEXT, title="Shared").document
    with Project.open(store_url) as mine, Project.open(store_url) as theirs:
        assert [d.id for d in mine.documents()] == [doc.id]
        assert [d.id for d in theirs.documents()] == [doc.id]
        theirs.set_document_status(document_id=doc.id, status="done")
        with pytest.raises(ConflictError, match=r"someone else changed the document “Shared”.*now “done”"):
            mine.set_document_status(document_id=doc.id, status="in_progress")
        assert mine.document(doc.id).status is DocumentStatus.DONE, "the loser wrote nothing"
        # having been told, a deliberate second try goes ahead
        mine.set_document_status(document_id=doc.id, status="in_progress")
        assert theirs.document(doc.id).status is DocumentStatus.IN_PROGRESS
        # metadata is guarded the same way, and the version travels with every edit
        version = theirs.document_version(doc.id)
        mine.update_document(document_id=doc.id, title="Renamed")
        with pytest.raises(ConflictError):
            theirs.update_document(document_id=doc.id, author="Someone", expected_version=version)
        changes = theirs.update_document(document_id=doc.id, author="Someone")
        assert [(c.field, c.before, c.after) for c in changes] == [("author", "", "Someone")]
        assert mine.document(doc.id).title == "Renamed"


def test_a_stale_codebook_change_is_refused(store_url: str) -> None:
    with Project.open(store_url) as mine, Project.open(store_url) as theirs:
        base = mine.codebook
        assert theirs.codebook == base
        theirs.set_codebook(codebook=replace(base, version="1.1"))
        with pytest.raises(
            ConflictError, match=r"changed the codebook since you loaded it \(it is now .* 1.1\)"
        ):
            mine.set_codebook(codebook=replace(base, version="1.2"))
        assert mine.codebook_versions()[-1] == (base.id, "1.1")
        mine.refresh()
        assert mine.codebook.version == "1.1"
        mine.set_codebook(codebook=replace(base, version="1.2"))
    with Project.open(store_url) as again:
        assert again.codebook.version == "1.2"


def _settled(project: Project) -> int:
    """The token once notifications of earlier commits have arrived (delivery is asynchronous)."""
    token = project.change_token()
    quiet_since = time.monotonic()
    while time.monotonic() - quiet_since < 0.3:
        time.sleep(0.02)
        now = project.change_token()
        if now != token:
            token, quiet_since = now, time.monotonic()
    return token


def _changed(project: Project, before: int, *, timeout: float = 5.0) -> int:
    """Poll as the app does, until the token moves (or the timeout says it never did)."""
    deadline = time.monotonic() + timeout
    while (token := project.change_token()) == before and time.monotonic() < deadline:
        time.sleep(0.02)
    return token


def test_the_change_token_moves_when_someone_else_writes(store_url: str) -> None:
    with Project.open(store_url) as watcher, Project.open(store_url) as writer:
        coder = writer.ensure_annotator(name="Ada")
        doc = writer.add_document(text=HARD_TEXT).document
        before = _settled(watcher)
        time.sleep(0.1)
        assert watcher.change_token() == before, "nothing happened, nothing changes"
        writer.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=coder.id)
        after = _changed(watcher, before)
        assert after != before
        writer.set_document_status(document_id=doc.id, status="done")
        assert _changed(watcher, after) != after


def test_on_a_server_the_projects_own_edits_do_not_move_its_token(
    pg_admin: PgAdmin, pg_database: str
) -> None:
    url = pg_admin.socket_url("postgres", pg_database)
    with Project.open(url) as project, Project.open(url) as colleague:
        coder = project.ensure_annotator(name="Ada")
        doc = project.add_document(text=HARD_TEXT).document
        token = _settled(project)
        project.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=coder.id)
        time.sleep(0.3)
        assert project.change_token() == token
        colleague.set_document_status(document_id=doc.id, status="done")
        assert _changed(project, token) != token, "while a colleague's edit does"


def _engine_url(store_url: str) -> str:
    return store_url if "://" in store_url else f"sqlite:///{store_url}"


def test_migrations_upgrade_a_database_with_rows_and_match_the_models(store_url: str) -> None:
    """A database left at revision 0002 (with rows) is brought to head when opened."""
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from annotator.store.models import Base

    engine = create_engine(_engine_url(store_url))
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0002")
        conn.execute(
            text(
                "INSERT INTO documents (id, position, title, source, author, url, published, language, text,"
                " sha256, original_filename, original_sha256, status, imported_at) VALUES ('d1', 1, 't', '',"
                " '', '', '', '', 'text', 'x', '', '', 'done', '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO annotators (id, name, kind, created_at)"
                " VALUES ('a1', 'Ada', 'coder', '2026-01-01')"
            )
        )
    engine.dispose()
    with Project.open(store_url) as project:
        assert [(d.id, d.status) for d in project.documents()] == [("d1", DocumentStatus.DONE)]
        assert project.document_version("d1") == 1
        assert [a.name for a in project.annotators()] == ["Ada"]
    engine = create_engine(_engine_url(store_url))
    with engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == head_revision()
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []
    # and the newest revision steps down and up again on this engine
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0002")
        command.upgrade(cfg, "head")
    engine.dispose()


def _export(project_arg: str, out: Path) -> dict[str, Any]:
    assert cli(["export", "--project", project_arg, "-o", str(out)]) == 0
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    data.pop("exported")
    return data


def test_a_dataset_moves_between_sqlite_and_postgresql_unchanged(
    tmp_path: Path, pg_admin: PgAdmin, pg_database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "source.sqlite"
    with Project.open(source) as project:
        _fill(project)
        project.set_codebook(codebook=replace(project.codebook, version="1.3", name="Team codebook"))
    original = _export(str(source), tmp_path / "a.json")
    assert sum(len(d["annotations"]) for d in original["documents"]) == 4

    # export from SQLite, import into PostgreSQL, export again: the same dataset
    url = pg_admin.socket_url("postgres", pg_database)
    assert cli(["import", "--project", url, str(tmp_path / "a.json")]) == 0
    assert _export(url, tmp_path / "b.json") == original

    # and back: pull the team database into a new file
    assert cli(["team", "pull", url, str(tmp_path / "pulled.sqlite")]) == 0
    assert _export(str(tmp_path / "pulled.sqlite"), tmp_path / "c.json") == original

    # push a file into another (empty) team database
    pg_admin.sql(f"CREATE DATABASE {pg_database}_b")
    try:
        other = pg_admin.socket_url("postgres", f"{pg_database}_b")
        assert cli(["team", "push", str(source), other]) == 0
        assert _export(other, tmp_path / "d.json") == original
        capsys.readouterr()
        assert cli(["team", "push", str(source), other]) == 0, "pushing again adds nothing"
        assert (
            "0 documents added (2 already there), 0 annotations added (4 already there)"
            in capsys.readouterr().out
        )
    finally:
        pg_admin.sql(f"DROP DATABASE IF EXISTS {pg_database}_b WITH (FORCE)")


def _listing(folder: Path) -> list[tuple[str, int]]:
    return sorted((str(p.relative_to(folder)), p.stat().st_size) for p in folder.rglob("*"))


def test_pull_to_a_file_that_cannot_be_written_is_one_line_and_writes_nothing(
    tmp_path: Path,
    pg_admin: PgAdmin,
    pg_database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = pg_admin.socket_url("postgres", pg_database)
    with Project.open(url) as project:
        _fill(project)
    out = tmp_path / "out"
    out.mkdir()
    (out / "a-folder").mkdir()
    (out / "a-file").write_text("not a folder", encoding="utf-8")
    before = _listing(out)
    targets = [
        out / "a-folder",  # FILE is a folder
        out / "missing" / "team.json",  # under a folder that does not exist
        out / "missing" / "team.sqlite",  # (a project file too: no folder is made for it)
        out / "a-file" / "team.json",  # under a file
    ]
    for target in targets:
        capsys.readouterr()
        assert cli(["team", "pull", url, str(target)]) == 1, target
        captured = capsys.readouterr()
        assert captured.out == ""
        assert captured.err.startswith(f"annotator: cannot write {target}: "), captured.err
        assert captured.err.count("\n") == 1 and "Traceback" not in captured.err
        assert _listing(out) == before, f"pulling to {target} wrote something"

    # a failure the early check cannot foresee (the folder goes away in between) reads the same
    import annotator.safe_write

    with monkeypatch.context() as patch:  # (undo() would also undo the data dir's isolation)
        patch.setattr(annotator.safe_write, "check_writable", lambda path, **_: None)
        target = out / "missing" / "team.json"
        assert cli(["team", "pull", url, str(target)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"annotator: cannot write {target}: ") and err.count("\n") == 1, err
        assert _listing(out) == before

    # a folder this process may not write into
    with unwritable_folder(out / "locked") as locked:
        if locked:
            target = out / "locked" / "team.json"
            assert cli(["team", "pull", url, str(target)]) == 1
            err = capsys.readouterr().err
            assert err.startswith(f"annotator: cannot write {target}: ") and err.count("\n") == 1, err
            assert list((out / "locked").iterdir()) == []

    # and where it can be written, the pull still works
    good = out / "team.json"
    assert cli(["team", "pull", url, str(good)]) == 0
    assert len(json.loads(good.read_text(encoding="utf-8"))["documents"]) == 2
