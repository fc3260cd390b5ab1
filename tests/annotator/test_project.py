"""The project store: operations, validation, what is on disk after each call."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from annotator.domain import DocumentStatus
from annotator.errors import ProjectError, ValidationError
from annotator.project import Project
from annotator.store.db import backup_path, head_revision
from tests.annotator.hard_text import HARD_TEXT, find


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_new_project_has_default_codebook_wal_and_foreign_keys(project: Project, tmp_path: Path) -> None:
    assert project.codebook.category_ids == ("claim", "quote", "statistic", "opinion")
    assert [c.shortcut for c in project.codebook.categories] == ["1", "2", "3", "4"]
    assert rows(tmp_path / "p.sqlite", "PRAGMA journal_mode") == [("wal",)]
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    assert rows(tmp_path / "p.sqlite", "SELECT version_num FROM alembic_version") == [(head_revision(),)]


def test_add_annotation_is_on_disk_when_the_call_returns(project: Project, tmp_path: Path) -> None:
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT, title="Hard").document
    start, end = find(HARD_TEXT, "👩\u200d👩\u200d👧 posts: café vs cafe\u0301")
    change = project.add_annotation(
        document_id=doc.id,
        start=start,
        end=end,
        category="quote",
        annotator_id=coder.id,
        attributes={"speaker": "Ana Kovač", "speaker_role": "official"},
        note="emoji + combining",
    )
    assert change.before is None and change.after is not None
    stored = rows(
        tmp_path / "p.sqlite", 'SELECT start, "end", quote, category, annotator_id, note FROM annotations'
    )
    assert stored == [(start, end, HARD_TEXT[start:end], "quote", coder.id, "emoji + combining")]
    assert change.after.codebook_version == "1.0"


@pytest.mark.parametrize(
    ("start", "end", "quote", "category", "attrs", "message"),
    [
        (-1, 3, None, "claim", {}, "outside"),
        (5, 5, None, "claim", {}, "outside"),
        (0, 10_000, None, "claim", {}, "outside"),
        (0, 4, "nope", "claim", {}, "does not match"),
        (0, 4, None, "rumour", {}, "not in codebook"),
        (0, 4, None, "quote", {"mood": "x"}, "not defined"),
        (0, 4, None, "quote", {"speaker_role": "king"}, "must be one of"),
        (0, 4, None, "claim", {"hedged": "yes"}, "true or false"),
    ],
)
def test_invalid_annotations_are_refused_and_nothing_is_stored(
    project: Project,
    tmp_path: Path,
    start: int,
    end: int,
    quote: str | None,
    category: str,
    attrs: dict[str, object],
    message: str,
) -> None:
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT).document
    with pytest.raises(ValidationError, match=message):
        project.add_annotation(
            document_id=doc.id,
            start=start,
            end=end,
            quote=quote,
            category=category,
            annotator_id=coder.id,
            attributes=attrs,
        )
    assert rows(tmp_path / "p.sqlite", "SELECT count(*) FROM annotations") == [(0,)]


def test_update_delete_restore_round_trip(project: Project) -> None:
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT).document
    s, e = find(HARD_TEXT, "Лозунг")
    added = project.add_annotation(
        document_id=doc.id,
        start=s,
        end=e,
        category="quote",
        annotator_id=coder.id,
        attributes={"speaker": "crowd"},
    ).after
    assert added is not None
    changed = project.update_annotation(annotation_id=added.id, category="claim")
    assert changed.before == added
    assert changed.after is not None and changed.after.category == "claim"
    assert changed.after.attributes == {}, "attributes the new category lacks are dropped"
    undone = project.replace_annotation(annotation=added)
    assert undone.after is not None and undone.after.attributes == {"speaker": "crowd"}
    deleted = project.delete_annotation(annotation_id=added.id)
    assert project.annotations(document_id=doc.id) == []
    project.restore_annotation(annotation=deleted.before)  # type: ignore[arg-type]
    assert project.annotations(document_id=doc.id) == [added]


def test_boundaries_change_updates_quote(project: Project) -> None:
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT).document
    added = project.add_annotation(
        document_id=doc.id, start=0, end=8, category="claim", annotator_id=coder.id
    ).after
    assert added is not None
    after = project.update_annotation(annotation_id=added.id, end=12).after
    assert after is not None and after.quote == HARD_TEXT[0:12]


def test_same_text_is_not_stored_twice(project: Project) -> None:
    first = project.add_document(text=HARD_TEXT, title="a")
    second = project.add_document(text=HARD_TEXT, title="b")
    assert first.added and not second.added
    assert second.document.id == first.document.id
    assert len(project.documents()) == 1


def test_document_status_and_counts(project: Project) -> None:
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT).document
    project.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=coder.id)
    change = project.set_document_status(document_id=doc.id, status="done")
    assert (change.before, change.after) == (DocumentStatus.NOT_STARTED, DocumentStatus.DONE)
    info = project.documents()[0]
    assert (info.status, info.annotation_count, info.length) == (DocumentStatus.DONE, 1, len(HARD_TEXT))
    with pytest.raises(ValidationError, match="unknown status"):
        project.set_document_status(document_id=doc.id, status="finished")


def test_codebook_change_refused_when_annotations_use_a_missing_category(project: Project) -> None:
    from dataclasses import replace

    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=HARD_TEXT).document
    project.add_annotation(document_id=doc.id, start=0, end=8, category="opinion", annotator_id=coder.id)
    cb = project.codebook
    smaller = replace(cb, version="2.0", categories=cb.categories[:3])
    with pytest.raises(ValidationError, match="opinion"):
        project.set_codebook(codebook=smaller)
    bigger = replace(cb, version="1.1")
    project.set_codebook(codebook=bigger)
    assert project.codebook_versions() == [("news-statements", "1.0"), ("news-statements", "1.1")]


def test_newer_schema_is_refused_with_a_message(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    Project.open(path).close()
    con = sqlite3.connect(path)
    con.execute("UPDATE alembic_version SET version_num='9999_future'")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="newer version"):
        Project.open(path)


def test_not_a_project_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(ProjectError, match="not a usable project"):
        Project.open(junk)
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    with pytest.raises(ProjectError, match="not an annotator project"):
        Project.open(other)


def test_readonly_project_refuses_writes(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        p.add_document(text="hello world")
    with Project.open(path, readonly=True) as ro:
        assert len(ro.documents()) == 1
        with pytest.raises(ProjectError, match="read-only"):
            ro.add_document(text="another")


def test_older_schema_is_migrated_after_a_backup(tmp_path: Path) -> None:
    """A project stamped at an earlier revision is backed up before the upgrade runs."""
    from alembic import command

    from annotator.store.db import alembic_config, make_engine

    path = tmp_path / "old.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")  # a file made by the first release, holding rows
    with engine.begin() as conn:
        conn.exec_driver_sql(
            "INSERT INTO documents (id, position, title, source, author, url, published, language, text,"
            " sha256, original_filename, original_sha256, status, imported_at) VALUES ('d1', 1, 't', '', '',"
            " '', '', '', 'text', 'x', '', '', 'not_started', '2026-01-01 00:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO annotators (id, name, kind, created_at) VALUES ('a1', 'Ann', 'coder', '2026-01-01')"
        )
        conn.exec_driver_sql(
            'INSERT INTO annotations (id, document_id, annotator_id, start, "end", quote, category,'
            " attributes, note, codebook_version, created_at, modified_at) VALUES ('s1', 'd1', 'a1', 0, 4,"
            " 'text', 'claim', '{}', '', '1.0', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    engine.dispose()
    assert head_revision() != "0001"
    with Project.open(path) as p:
        assert [d.id for d in p.documents()] == ["d1"]
        assert [(a.id, a.quote) for a in p.annotations()] == [("s1", "text")]
    assert rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert rows(path, "SELECT count(*) FROM review_decisions") == [(0,)]
    backup = backup_path(path, "0001")
    assert rows(backup, "SELECT version_num FROM alembic_version") == [("0001",)]
    assert rows(backup, "SELECT id FROM annotations") == [("s1",)]
    assert rows(backup, "SELECT name FROM sqlite_master WHERE name = 'review_decisions'") == []


def test_schema_head_constant_matches_the_migration_scripts() -> None:
    """Opening skips Alembic when the stamp equals SCHEMA_HEAD, so the two must never drift."""
    from annotator.store.db import SCHEMA_HEAD, alembic_head

    assert alembic_head() == SCHEMA_HEAD


def test_opening_an_up_to_date_project_does_not_import_alembic(tmp_path: Path) -> None:
    import subprocess
    import sys

    Project.open(tmp_path / "p.sqlite").close()
    script = (
        "import sys; from annotator.project import Project; "
        f"Project.open({str(tmp_path / 'p.sqlite')!r}).close(); "
        "assert not any(m.startswith('alembic') for m in sys.modules), 'alembic imported'"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr[-400:]


def test_an_unknown_annotator_or_a_duplicate_id_is_refused(project: Project, tmp_path: Path) -> None:
    doc = project.add_document(text=HARD_TEXT).document
    with pytest.raises(ValidationError, match="no annotator"):
        project.add_annotation(document_id=doc.id, start=0, end=4, category="claim", annotator_id="nobody")
    coder = project.ensure_annotator(name="Ada")
    added = project.add_annotation(
        document_id=doc.id, start=0, end=4, category="claim", annotator_id=coder.id
    )
    assert added.after is not None
    with pytest.raises(ValidationError, match="already exists"):
        project.add_annotation(
            document_id=doc.id,
            start=0,
            end=4,
            category="claim",
            annotator_id=coder.id,
            annotation_id=added.after.id,
        )
    assert rows(tmp_path / "p.sqlite", "SELECT count(*) FROM annotations") == [(1,)]


def test_a_rolled_back_joint_transaction_leaves_no_cached_state(project: Project, tmp_path: Path) -> None:
    """Operations run as one transaction update the project's caches; a rollback must undo that too."""
    from dataclasses import replace

    doc = project.add_document(text="The port closes on Friday.", title="Port").document
    project.document(doc.id)  # this project has seen version 1
    original = project.codebook
    with pytest.raises(RuntimeError), project.transaction():
        project.update_document(document_id=doc.id, title="Harbour")  # seen: version 2
        project.set_codebook(codebook=replace(original, version="2.0"))
        assert project.document(doc.id).text  # the text is cached
        raise RuntimeError("something after the writes failed")
    path = tmp_path / "p.sqlite"
    assert rows(path, "SELECT title, version FROM documents") == [("Port", 1)]
    assert rows(path, "SELECT version, is_current FROM codebooks") == [("1.0", 1)]
    # neither edit is refused as a colleague's conflict, and both land
    project.update_document(document_id=doc.id, title="Harbour")
    project.set_codebook(codebook=replace(original, version="3.0"))
    assert rows(path, "SELECT title, version FROM documents") == [("Harbour", 2)]
    assert rows(path, "SELECT version, is_current FROM codebooks ORDER BY pk") == [("1.0", 0), ("3.0", 1)]
