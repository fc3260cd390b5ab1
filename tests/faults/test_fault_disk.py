"""A full disk, a read-only project file, a project whose path disappears while it is open.

Each time: one clear line (a :class:`ProjectError`), the edit is not stored, the open
:class:`Project` keeps working (nothing the user had is lost), and the same call succeeds once
the cause is fixed.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from annotator.dataset import dataset_dict, import_dataset
from annotator.errors import AnnotatorError, ProjectError
from annotator.project import Project
from annotator.store.failures import needs_reconnect, write_error
from tests.faults.helpers import (
    HARBOUR,
    TEXT,
    db_rows,
    disk_snapshot,
    integrity,
    read_only_file,
    seeded,
    snapshot,
    sqlite_full,
)
from tests.ui.conftest_helpers import settings_in
from ui.window.mainwindow import MainWindow

SIDE_FILES = ("-wal", "-shm")


def one_line(exc: BaseException) -> str:
    text = str(exc)
    assert text and "\n" not in text and "Traceback" not in text and "[SQL:" not in text
    return text


@pytest.mark.parametrize(
    ("sqlite_message", "says", "reconnect"),
    [
        ("database or disk is full", "the disk is full", False),
        ("attempt to write a readonly database", "read-only", True),
        ("unable to open database file", "cannot be opened", True),
        ("disk I/O error", "disk error", True),
        ("database is locked", "another program is writing", False),
        ("something new from SQLite", "(something new from SQLite)", False),
    ],
)
def test_sqlite_write_failures_read_as_one_line(sqlite_message: str, says: str, reconnect: bool) -> None:
    exc = sqlite3.OperationalError(sqlite_message)
    message = one_line(write_error(exc))
    assert message.startswith("could not write to the project")
    assert says in message
    assert needs_reconnect(exc) is reconnect


def test_disk_full_stores_nothing_keeps_the_project_and_a_retry_works(tmp_path: Path) -> None:
    project, doc_id, coder = seeded(tmp_path / "p.sqlite")
    before = snapshot(project)
    edit: dict[str, Any] = dict(
        document_id=doc_id,
        start=HARBOUR[0],
        end=HARBOUR[1],
        category="quote",
        annotator_id=coder,
        note="n" * 50_000,
    )
    with sqlite_full(project, no_free_space=True):
        for attempt in (
            lambda: project.add_annotation(**edit),
            lambda: project.add_document(text="another article " * 5000, title="Big"),
            lambda: project.update_annotation(
                annotation_id=before["documents"][0]["annotations"][0]["id"], note="m" * 20_000
            ),
        ):
            with pytest.raises(ProjectError, match="disk is full") as info:
                attempt()
            one_line(info.value)
        # the open project still answers, and has everything it had
        assert snapshot(project) == before
        assert project.document(doc_id).text == TEXT
    assert disk_snapshot(tmp_path / "p.sqlite") == before
    change = project.add_annotation(**edit)  # the same call, once there is room again
    assert change.after is not None
    assert db_rows(tmp_path / "p.sqlite", "SELECT count(*) FROM annotations") == [(2,)]
    assert integrity(tmp_path / "p.sqlite") == "ok"
    project.close()


def test_disk_full_during_a_dataset_import_leaves_the_new_project_untouched(tmp_path: Path) -> None:
    source, doc_id, coder = seeded(tmp_path / "source.sqlite")
    # a revised codebook, which the empty target project adopts: it must not keep it either
    revised = dataclasses.replace(source.codebook, version="2.0", name="Revised after piloting")
    source.set_codebook(codebook=revised)
    for i in range(40):
        source.add_annotation(
            document_id=doc_id, start=4, end=12, category="claim", annotator_id=coder, note=f"{i}" * 2000
        )
    dataset = tmp_path / "dataset.json"
    dataset.write_text(json.dumps(dataset_dict(source)), encoding="utf-8")
    source.close()
    target = Project.open(tmp_path / "target.sqlite")
    before = snapshot(target)
    with sqlite_full(target, room=8), pytest.raises(AnnotatorError) as info:
        import_dataset(target, dataset)
    one_line(info.value)
    assert snapshot(target) == before, "a failed import changed the project"
    assert target.codebook_versions() == [(revised.id, "1.0")]
    result = import_dataset(target, dataset)
    assert result.annotations_added == 41
    assert result.codebook_adopted and target.codebook == revised
    target.close()


def test_a_codebook_change_after_a_failed_dataset_import_is_no_false_conflict(tmp_path: Path) -> None:
    """The import adopted its codebook, then failed: the project must not remember that codebook.

    It did: its cached codebook row was the one rolled back, so the next codebook change, checked
    against that row, was refused as "someone else changed the codebook".
    """
    source, doc_id, coder = seeded(tmp_path / "source.sqlite")
    source.set_codebook(codebook=dataclasses.replace(source.codebook, version="2.0", name="Revised"))
    for i in range(40):
        source.add_annotation(
            document_id=doc_id, start=4, end=12, category="claim", annotator_id=coder, note=f"{i}" * 2000
        )
    dataset = tmp_path / "dataset.json"
    dataset.write_text(json.dumps(dataset_dict(source)), encoding="utf-8")
    original = source.stored_codebook("news-statements", "1.0")
    assert original is not None
    source.close()
    path = tmp_path / "target.sqlite"
    target = Project.open(path)
    codebooks = "SELECT codebook_id, version, name, is_current FROM codebooks ORDER BY pk"
    with sqlite_full(target, room=8), pytest.raises(AnnotatorError):
        import_dataset(target, dataset)
    assert db_rows(path, codebooks) == [("news-statements", "1.0", original.name, 1)]
    third = dataclasses.replace(original, version="3.0", name="Third")
    target.set_codebook(codebook=third)  # before the fix: ConflictError
    assert db_rows(path, codebooks) == [
        ("news-statements", "1.0", original.name, 0),
        ("news-statements", "3.0", "Third", 1),
    ]
    assert db_rows(path, "SELECT count(*) FROM documents") == [(0,)]
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(0,)]
    assert target.codebook == third
    target.close()
    with Project.open(path) as again:
        assert again.codebook == third
        assert again.codebook_versions() == [("news-statements", "1.0"), ("news-statements", "3.0")]


def _mount_tmpfs(where: Path, size: str) -> bool:
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True, check=False
    )
    return done.returncode == 0


@pytest.fixture
def tiny_disk() -> Iterator[Path]:
    """A real 2 MB file system (tmpfs), where mounting is allowed (root with CAP_SYS_ADMIN)."""
    where = Path(tempfile.mkdtemp(prefix="annotator-tiny-disk-"))
    if not _mount_tmpfs(where, "2m"):
        where.rmdir()
        pytest.skip("cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN); sqlite_full covers it")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], capture_output=True, check=False)
        where.rmdir()


def fill_up(path: Path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError as exc:
        assert exc.errno == 28  # ENOSPC
    finally:
        os.close(fd)


def test_a_really_full_disk(tiny_disk: Path) -> None:
    path = tiny_disk / "p.sqlite"
    project, doc_id, coder = seeded(path)
    before = snapshot(project)
    fill_up(tiny_disk / "filler")
    edit: dict[str, Any] = dict(
        document_id=doc_id,
        start=HARBOUR[0],
        end=HARBOUR[1],
        category="quote",
        annotator_id=coder,
        note="n" * 60_000,
    )
    with pytest.raises(ProjectError, match="disk is full") as info:
        project.add_annotation(**edit)
    one_line(info.value)
    assert snapshot(project) == before
    (tiny_disk / "filler").unlink()  # the user frees some space
    project.add_annotation(**edit)
    project.close()
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(2,)]
    assert integrity(path) == "ok"


def test_read_only_project_file(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    before = snapshot(project)
    project.close()
    with read_only_file(path) as enforced:
        if not enforced:
            pytest.skip("cannot make a file read-only for root here (no chattr +i on this file system)")
        project = Project.open(path)  # opens (for reading); the first write says why it cannot
        with pytest.raises(ProjectError, match="read-only") as info:
            project.add_annotation(
                document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
            )
        one_line(info.value)
        assert snapshot(project) == before
    # the user makes the file writable again: the same open project now saves the edit
    project.add_annotation(
        document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
    )
    project.close()
    assert db_rows(path, "SELECT quote FROM annotations ORDER BY start") == [("minister",), ("harbour",)]
    assert integrity(path) == "ok"


def test_project_folder_renamed_while_open(tmp_path: Path) -> None:
    folder = tmp_path / "study"
    folder.mkdir()
    project, doc_id, coder = seeded(folder / "p.sqlite")
    before = snapshot(project)
    folder.rename(tmp_path / "study-renamed")
    with pytest.raises(ProjectError, match="no longer at") as info:
        project.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
    assert str(folder / "p.sqlite") in one_line(info.value)
    assert snapshot(project) == before  # still readable: nothing in memory or on disk is lost
    assert not folder.exists(), "a write must not create a new empty project at the old path"
    (tmp_path / "study-renamed").rename(folder)
    project.add_annotation(
        document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
    )
    project.close()
    assert db_rows(folder / "p.sqlite", "SELECT count(*) FROM annotations") == [(2,)]


def test_project_file_moved_to_the_trash_and_back(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    trash = tmp_path / "Trash"
    trash.mkdir()
    project, doc_id, _ = seeded(path)
    before = snapshot(project)
    path.rename(trash / path.name)  # a file manager moves only the file, not its -wal / -shm
    with pytest.raises(ProjectError, match="moved or deleted") as info:
        project.set_document_status(document_id=doc_id, status="done")
    one_line(info.value)
    assert snapshot(project) == before
    (trash / path.name).rename(path)
    project.set_document_status(document_id=doc_id, status="done")
    project.close()
    assert db_rows(path, "SELECT status FROM documents") == [("done",)]
    assert integrity(path) == "ok"


def test_project_file_deleted_for_good_still_exports_what_it_had(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    before = snapshot(project)
    for suffix in ("", *SIDE_FILES):
        Path(f"{path}{suffix}").unlink()
    with pytest.raises(ProjectError, match="no longer at"):
        project.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
    assert not path.exists()
    # the open connection still reads the deleted file: the user can export everything
    assert snapshot(project) == before
    project.close()


def test_a_different_file_put_at_the_path_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    # (with its WAL emptied first: a WAL left beside a swapped-in file would be read into it)
    with project.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    other = Project.open(tmp_path / "other.sqlite")
    other.close()
    os.replace(tmp_path / "other.sqlite", path)
    with pytest.raises(ProjectError, match="replaced"):
        project.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
    assert db_rows(path, "SELECT count(*) FROM annotations") == [(0,)]
    project.close()


@contextlib.contextmanager
def _folder_renamed(path: Path) -> Iterator[None]:
    path.parent.rename(path.parent.with_name("renamed"))
    try:
        yield
    finally:
        path.parent.with_name("renamed").rename(path.parent)


@contextlib.contextmanager
def _disk_filled(path: Path) -> Iterator[None]:
    fill_up(path.parent / "filler")
    try:
        yield
    finally:
        (path.parent / "filler").unlink()


@pytest.mark.parametrize(
    ("cause", "says"), [("folder renamed", "no longer at"), ("disk full", "disk is full")]
)
def test_a_failed_write_in_the_app_is_not_shown_as_saved(
    qtbot: QtBot, request: pytest.FixtureRequest, tmp_path: Path, cause: str, says: str
) -> None:
    if cause == "disk full":
        path = request.getfixturevalue("tiny_disk") / "p.sqlite"
        failure = _disk_filled
    else:
        (tmp_path / "study").mkdir()
        path = tmp_path / "study" / "p.sqlite"
        failure = _folder_renamed
    project, _, _ = seeded(path)
    window = MainWindow(project=project, annotator_name="Tess", settings=settings_in(tmp_path))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.view)
    shown = [a.id for a in window.ann_model.annotations()]
    undo_count = window.undo_stack.count()

    def tag() -> None:
        window.view.select_range(*HARBOUR)
        qtbot.keyClick(window.view, Qt.Key.Key_2)

    with failure(path):
        tag()
        assert window.saved_label.text().startswith("Not saved")
        assert says in window.statusBar().currentMessage()
        assert [a.id for a in window.ann_model.annotations()] == shown
        assert len(window.view.span_index) == len(shown)
        assert window.undo_stack.count() == undo_count
    tag()  # fixed: pressing the key again works
    assert window.saved_label.text() == "All changes saved"
    assert len(window.ann_model.annotations()) == len(shown) + 1
    window.close()
    project.close()
    assert db_rows(path, "SELECT quote, category FROM annotations WHERE category = 'quote'") == [
        ("harbour", "quote")
    ]
