"""Output files: a destination that cannot be written is refused up front, in one line.

``annotator team pull URL FILE`` checks FILE before it connects, so these run without a server:
the URL names a server nobody listens on, and the message must still be about FILE.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.errors import AnnotatorError
from annotator.safe_write import check_writable
from tests.conftest import unwritable_folder

NOWHERE = "postgresql+psycopg://nobody@127.0.0.1:9/no_such_database"


def listing(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def out(tmp_path: Path) -> Path:
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "a-folder").mkdir()
    (folder / "a-file").write_text("not a folder", encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("a-folder", "it is a folder"),
        ("missing/team.json", "no such folder"),
        ("missing/team.sqlite", "no such folder"),
        ("a-file/team.json", "is not a folder"),
    ],
)
def test_pull_checks_the_file_before_connecting(
    out: Path, capsys: pytest.CaptureFixture[str], target: str, reason: str
) -> None:
    before = listing(out)
    path = out / target
    assert main(["team", "pull", NOWHERE, str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"annotator: cannot write {path}: ") and reason in captured.err
    assert captured.err.count("\n") == 1
    assert listing(out) == before


def test_a_folder_that_cannot_be_written_into(out: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with unwritable_folder(out / "locked") as locked:
        if not locked:
            pytest.skip("no way to make a folder unwritable here (root without mount)")
        target = out / "locked" / "team.json"
        assert main(["team", "pull", NOWHERE, str(target)]) == 1
        err = capsys.readouterr().err
        assert err.startswith(f"annotator: cannot write {target}: ") and err.count("\n") == 1, err
        assert "no permission to write in" in err or "read-only file system" in err
        assert list((out / "locked").iterdir()) == []


def test_a_read_only_project_file_is_refused_a_dataset_file_replaced(out: Path) -> None:
    project = out / "team.sqlite"
    project.write_bytes(b"")
    project.chmod(0o444)
    dataset = out / "team.json"
    dataset.write_text("{}", encoding="utf-8")
    dataset.chmod(0o444)
    try:
        if os.access(project, os.W_OK):
            pytest.skip("this user may write into a read-only file (root)")
        with pytest.raises(AnnotatorError, match="the file is read-only"):
            check_writable(project)
        check_writable(dataset, in_place=False)  # replaced by a new file, as every export is
    finally:
        project.chmod(0o644)
        dataset.chmod(0o644)


def test_writable_places_pass(out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    check_writable(out / "new.json")
    check_writable(out / "new.sqlite")
    monkeypatch.chdir(out)
    check_writable(Path("relative.json"))
