"""A process that lost SQLite's locks on its project notices, attaches again, and loses no edit.

The locks are lost the way Qt's file dialog lost them: something in the process opens and closes
the project's files. Then a real ``annotator`` process opens and closes the project, which (alone,
as it believes) checkpoints the log and deletes ``-wal`` and ``-shm`` under us. Before the fix the
next edit went into the deleted log: other processes never saw it and it was gone at exit.
"""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.errors import ProjectError
from annotator.project import Project
from annotator.store.attachment import Attachment
from tests.conftest import REPO
from tests.faults.helpers import HARBOUR, integrity, seeded

pytestmark = pytest.mark.skipif(os.name == "nt", reason="Windows file locks are not POSIX advisory locks")


def drop_locks(path: Path) -> None:
    """What a file dialog guessing file types did: open and close each of the project's files."""
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(f"{path}{suffix}"):
            os.close(os.open(f"{path}{suffix}", os.O_RDONLY))


def other_process_uses(path: Path) -> None:
    """A terminal command on the project: it opens it, reads, and closes it (an export: ``documents``
    reads an up-to-date project read-only with plain sqlite3, which would detach nothing)."""
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "export", "--project", str(path), "--format", "csv"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def deleted_fds(path: Path) -> list[str]:
    return Attachment(path).detached_files()


def stored_quotes(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return [r[0] for r in con.execute("SELECT quote FROM annotations ORDER BY start")]
    finally:
        con.close()


def test_a_detached_project_attaches_again_before_the_next_edit(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator.sqlite"
    project, doc, coder = seeded(path)
    try:
        drop_locks(path)
        other_process_uses(path)
        assert deleted_fds(path), "the scenario did not detach the process (check the test)"
        # Meanwhile another program writes; the reattached project must see it.
        con = sqlite3.connect(path)
        con.execute("UPDATE documents SET title = 'Changed in a terminal'")
        con.commit()
        con.close()

        project.add_annotation(
            document_id=doc, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )

        assert project.reattached is not None and "reconnected" in project.reattached
        assert deleted_fds(path) == []
        assert "harbour" in stored_quotes(path)  # another process sees the edit while we run
        assert project.documents()[0].title == "Changed in a terminal"
    finally:
        project.close()
    assert integrity(path) == "ok"
    with Project.open(path) as again:
        assert [a.quote for a in again.annotations()] == ["minister", "harbour"]


def test_an_edit_written_into_a_deleted_log_is_written_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The edit raced the deletion (emulated by skipping the check before the write)."""
    path = tmp_path / "p.annotator.sqlite"
    project, doc, coder = seeded(path)
    try:
        drop_locks(path)
        other_process_uses(path)
        with monkeypatch.context() as patch:
            patch.setattr(project, "check_attachment", lambda: None)
            change = project.add_annotation(
                document_id=doc, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
            )
        assert change.after is not None
        assert deleted_fds(path) == []
        assert "harbour" in stored_quotes(path)
        stored = project.annotation(change.after.id)
        assert stored is not None and stored.category == "quote"
    finally:
        project.close()
    assert integrity(path) == "ok"
    assert stored_quotes(path) == ["minister", "harbour"]  # once, not twice


def test_a_write_that_cannot_be_replayed_is_reported_not_claimed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "p.annotator.sqlite"
    project, _doc, _coder = seeded(path)
    try:
        drop_locks(path)
        other_process_uses(path)
        with monkeypatch.context() as patch, pytest.raises(ProjectError, match="could not confirm"):
            patch.setattr(project, "check_attachment", lambda: None)
            project.ensure_annotator(name="Bea")
        assert deleted_fds(path) == []
        project.ensure_annotator(name="Bea")  # repeating it works and lands in the file
    finally:
        project.close()
    con = sqlite3.connect(path)
    assert con.execute("SELECT count(*) FROM annotators WHERE name = 'Bea'").fetchone() == (1,)
    con.close()


def test_an_attached_project_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "p.annotator.sqlite"
    project, doc, coder = seeded(path)
    try:
        other_process_uses(path)  # an ordinary second process: our locks kept the log alive
        assert project.check_attachment() is None
        project.add_annotation(
            document_id=doc, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
        assert project.reattached is None
        assert "harbour" in stored_quotes(path)
    finally:
        project.close()
