"""Project files from someone else: code in the schema, damaged bytes, a newer schema, not SQLite.

A project file travels by e-mail and shared drives, so opening one must never run code it
carries, and a damaged or foreign file ends in one clear line, never a traceback.
"""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotator.cli import main
from annotator.errors import AnnotatorError, ProjectError
from annotator.project import Project
from tests.faults.helpers import HARBOUR, db_rows, seeded, snapshot

PAGE = 4096


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def received(tmp_path: Path, *statements: str) -> Path:
    """A closed project file with ``statements`` run on it, as if sent by someone else."""
    path = tmp_path / "received.sqlite"
    project, doc_id, coder = seeded(path)
    for i in range(30):
        project.add_annotation(document_id=doc_id, start=i, end=i + 3, category="claim", annotator_id=coder)
    project.close()
    con = sqlite3.connect(path)
    try:
        for sql in statements:
            con.execute(sql)
        con.commit()
    finally:
        con.close()
    return path


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("sql", "kind"),
    [
        # plain SQL: trusted_schema does not stop this one, so the file is refused outright
        (
            "CREATE TRIGGER wipe AFTER INSERT ON annotations BEGIN DELETE FROM annotations; END",
            "trigger",
        ),
        (
            "CREATE TRIGGER spy AFTER UPDATE ON annotations BEGIN "
            "UPDATE documents SET title = regexp('(a+)+$', NEW.quote); END",
            "trigger",
        ),
        ("CREATE VIEW summary AS SELECT regexp('x', title) AS hit FROM documents", "view"),
    ],
)
def test_a_file_with_code_in_its_schema_is_refused_untouched(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sql: str, kind: str
) -> None:
    path = received(tmp_path, sql)
    digest = sha(path)
    with pytest.raises(ProjectError, match=f"holds a {kind}"):
        Project.open(path)
    code, _, err = cli(capsys, "documents", "--project", str(path))
    assert code == 1
    assert err.count("\n") == 1 and "Traceback" not in err and kind in err
    assert sha(path) == digest, "refusing the file must not change it"


def test_schema_code_added_behind_the_apps_back_cannot_call_functions(tmp_path: Path) -> None:
    """With ``trusted_schema=OFF`` SQLite refuses functions called from views and triggers."""
    path = tmp_path / "p.sqlite"
    project, doc_id, coder = seeded(path)
    before = snapshot(project)
    con = sqlite3.connect(path)
    con.execute("CREATE VIEW hits AS SELECT regexp('a', title) AS hit FROM documents")
    con.execute(
        "CREATE TRIGGER spy AFTER INSERT ON annotations BEGIN "
        "UPDATE documents SET title = regexp('x', NEW.quote); END"
    )
    con.commit()
    con.close()
    with project.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT regexp('a', 'abc')").scalar() == 1  # registered, usable by us
        with pytest.raises(Exception, match="unsafe use of regexp"):
            conn.exec_driver_sql("SELECT * FROM hits").fetchall()
    with pytest.raises(ProjectError, match="unsafe use of regexp"):
        project.add_annotation(
            document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
        )
    assert snapshot(project) == before
    project.close()


@pytest.mark.skipif(sys.version_info < (3, 12), reason="sqlite3 has setconfig from Python 3.12")
def test_defensive_mode_stops_writes_to_the_schema_table(tmp_path: Path) -> None:
    project, _, _ = seeded(tmp_path / "p.sqlite")
    with project.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA writable_schema=ON")
        with pytest.raises(Exception, match=r"(?i)table sqlite_master may not be modified|not authorized"):
            conn.exec_driver_sql(
                "UPDATE sqlite_master SET sql = 'CREATE TABLE x(y)' WHERE name = 'documents'"
            )
    project.close()


def test_a_damaged_file_is_refused_by_quick_check(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = received(tmp_path)
    data = bytearray(path.read_bytes())
    middle = (len(data) // PAGE // 2) * PAGE
    data[middle : middle + 64] = b"\xff" * 64  # the b-tree page header in the middle of the file
    path.write_bytes(bytes(data))
    with pytest.raises(ProjectError, match=r"damaged|not a usable project file") as info:
        Project.open(path)
    assert "\n" not in str(info.value)
    code, _, err = cli(capsys, "documents", "--project", str(path))
    assert code == 1 and err.count("\n") == 1 and "Traceback" not in err


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return received(tmp_path_factory.mktemp("pristine"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    where=st.floats(min_value=0.0, max_value=1.0, exclude_max=True),
    length=st.sampled_from([1, 4, 64, PAGE]),
    mask=st.integers(min_value=1, max_value=255),
)
def test_flipped_bytes_anywhere_give_a_project_or_one_clear_line(
    tmp_path: Path, pristine: Path, where: float, length: int, mask: int
) -> None:
    """Damage inside a row cannot be seen by quick_check; it must still end in a clear error."""
    data = bytearray(pristine.read_bytes())
    at = 100 + int(where * (len(data) - 100))  # the 100-byte file header is not the interesting part
    for i in range(at, min(len(data), at + length)):
        data[i] ^= mask
    path = tmp_path / f"flipped-{at}-{length}-{mask}.sqlite"
    path.write_bytes(bytes(data))
    try:
        with Project.open(path) as project:
            snapshot(project)
            doc_id = project.documents()[0].id
            coder = project.annotators()[0].id
            project.add_annotation(
                document_id=doc_id, start=HARBOUR[0], end=HARBOUR[1], category="quote", annotator_id=coder
            )
    except AnnotatorError as exc:
        assert str(exc) and "\n" not in str(exc)
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)


def test_a_newer_schema_is_refused_with_a_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = received(tmp_path, "UPDATE alembic_version SET version_num = '9999_from_the_future'")
    digest = sha(path)
    with pytest.raises(ProjectError, match="newer version of annotator"):
        Project.open(path)
    code, _, err = cli(capsys, "export", "--project", str(path))
    assert code == 1 and "newer version" in err and "Traceback" not in err
    assert sha(path) == digest


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00" * 5000, b"SQLite format 3\x00" + b"\xff" * 4000, bytes(range(256)) * 40, b"{}\n"],
    ids=["empty", "zeros", "bad-header", "binary", "json"],
)
def test_a_file_that_is_not_a_project(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "not-a-project.sqlite"
    path.write_bytes(content)
    if not content:  # an empty file is an empty database: it becomes a new project
        with Project.open(path) as project:
            assert project.documents() == []
        return
    with pytest.raises(ProjectError) as info:
        Project.open(path)
    assert str(info.value).startswith(str(path)) and "\n" not in str(info.value)
    assert path.read_bytes() == content


def test_a_copy_of_a_project_is_opened_read_only_without_a_write(tmp_path: Path) -> None:
    original = received(tmp_path)
    copy = tmp_path / "copy.sqlite"
    shutil.copy(original, copy)
    digest = sha(copy)
    with Project.open(copy, readonly=True) as project:
        assert len(project.annotations()) == 31
        with pytest.raises(ProjectError, match="read-only"):
            project.set_document_status(document_id=project.documents()[0].id, status="done")
    assert sha(copy) == digest
    assert db_rows(copy, "SELECT count(*) FROM annotations") == [(31,)]
