"""The presence lock beside a project in a risky folder: one computer writes, others are refused.

A tmpfs (``/dev/shm``) stands in for a synced or network folder: ``ANNOTATOR_RISKY_FS_TYPES=tmpfs``
makes it count as one. ``ANNOTATOR_LOCK_HOST`` lets this machine play a second computer.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from annotator import __version__
from annotator.cli import main
from annotator.errors import ProjectError
from annotator.project import Project
from annotator.store.location import RISKY_TYPES_ENV, find_mount, location_risk, parse_mountinfo
from annotator.store.presence import LOCK_HOST_ENV, acquire, lock_path, this_host
from annotator.team import copy_project
from tests.conftest import REPO

TEXT = "The minister said the harbour will close on Friday.\n"


def _tmpfs() -> Path | None:
    """``/dev/shm`` when it is a writable tmpfs on Linux (the stand-in for a risky mount)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        mounts = parse_mountinfo(Path("/proc/self/mountinfo").read_text("utf-8", "surrogateescape"))
    except OSError:
        return None
    shm = Path("/dev/shm")
    mount = find_mount(os.path.realpath(shm), mounts)
    if mount is None or mount.fstype != "tmpfs" or not os.access(shm, os.W_OK):
        return None
    return shm


@pytest.fixture
def risky(monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh folder on a real tmpfs that counts as risky (and this machine as itself)."""
    shm = _tmpfs()
    if shm is None:
        pytest.skip("needs a writable tmpfs at /dev/shm")
    monkeypatch.setenv(RISKY_TYPES_ENV, "tmpfs")
    monkeypatch.delenv(LOCK_HOST_ENV, raising=False)
    folder = Path(tempfile.mkdtemp(prefix="annotator-test-", dir=shm))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def ordinary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(RISKY_TYPES_ENV, raising=False)
    monkeypatch.delenv(LOCK_HOST_ENV, raising=False)
    if location_risk(tmp_path / "p.annotator.sqlite") is not None:
        pytest.skip("the test folder is on a risky file system here")
    return tmp_path


def read_lock(project: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads(lock_path(project).read_text("utf-8"))
    return data


def write_lock(project: Path, **fields: object) -> None:
    data = {
        "app": "annotator",
        "host": "lab-pc-2",
        "user": "bea",
        "pid": 4242,
        "pids": [4242],
        "version": __version__,
        "since": "2026-11-30T09:15:00+00:00",
    }
    data.update(fields)
    lock_path(project).write_text(json.dumps(data), "utf-8")


def on_disk(project: Path) -> dict[str, tuple[int, int]]:
    """Size and modification time of the project's files (``os.stat`` only, never opened)."""
    found = {}
    for suffix in ("", "-wal", "-shm"):
        f = project.with_name(project.name + suffix)
        if f.exists():
            st = os.stat(f)
            found[suffix] = (st.st_size, st.st_mtime_ns)
    return found


def dead_pid() -> int:
    child = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    )
    return int(child.stdout)


def count_documents(project: Path) -> int:
    con = sqlite3.connect(f"file:{project}?mode=ro", uri=True)
    try:
        return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
    finally:
        con.close()


# -- Project.open on a risky folder ------------------------------------------------------------


def test_writable_open_takes_the_lock_and_close_removes_it(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    before = datetime.now(UTC).replace(microsecond=0)
    project = Project.open(path)
    risk = project.location_risk
    assert risk is not None and risk.kind == "fuse" and risk.detail.startswith("tmpfs mount at ")
    assert str(path) in risk.message
    lock = lock_path(path)
    assert lock == risky / "study.annotator.sqlite.lock"
    data = read_lock(path)
    assert data["host"] == this_host() and data["pid"] == os.getpid() and data["pids"] == [os.getpid()]
    assert data["version"] == __version__ and isinstance(data["user"], str) and data["user"]
    since = datetime.fromisoformat(str(data["since"]))
    assert before <= since <= datetime.now(UTC) + timedelta(seconds=1)
    project.add_document(text=TEXT, title="Harbour")
    project.close()
    assert not lock.exists()
    assert sorted(p.name for p in risky.iterdir() if not p.name.endswith(("-wal", "-shm"))) == [
        "study.annotator.sqlite"
    ]


def test_another_computer_is_refused_and_nothing_is_written(
    risky: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = risky / "study.annotator.sqlite"
    first = Project.open(path)
    first.add_document(text=TEXT, title="Harbour")
    lock_before = lock_path(path).read_bytes()
    files_before = on_disk(path)

    monkeypatch.setenv(LOCK_HOST_ENV, "lab-pc-2")
    with pytest.raises(ProjectError) as refused:
        Project.open(path)
    held = json.loads(lock_before)
    since = datetime.fromisoformat(held["since"]).astimezone().strftime("%Y-%m-%d %H:%M %Z").strip()
    assert str(refused.value) == (
        f"{path} is open for writing on {held['host']} by {held['user']} since {since}; "
        "on a synced or network folder two machines writing one file corrupt it; open it read-only, "
        f"or wait until they close it (delete {lock_path(path)} if that machine crashed)"
    )
    assert on_disk(path) == files_before
    assert lock_path(path).read_bytes() == lock_before

    # reading stays allowed, and takes no lock
    with Project.open(path, readonly=True) as reader:
        assert [d.title for d in reader.documents()] == ["Harbour"]
        assert reader.location_risk is not None
    assert lock_path(path).read_bytes() == lock_before

    monkeypatch.delenv(LOCK_HOST_ENV)
    first.close()
    assert count_documents(path) == 1
    assert not lock_path(path).exists()


def test_a_refused_new_project_is_not_created(risky: Path) -> None:
    path = risky / "new.annotator.sqlite"
    write_lock(path)
    with pytest.raises(ProjectError, match=r"is open for writing on lab-pc-2 by bea since 2026-11-30"):
        Project.open(path)
    assert sorted(p.name for p in risky.iterdir()) == ["new.annotator.sqlite.lock"]
    assert read_lock(path)["host"] == "lab-pc-2"


def test_a_dead_process_lock_on_this_computer_is_taken_over(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    Project.open(path).close()
    gone = dead_pid()
    write_lock(path, host=this_host(), user="someone", pid=gone, pids=[gone])
    with Project.open(path) as project:
        data = read_lock(path)
        assert data["pid"] == os.getpid() and data["pids"] == [os.getpid()]
        assert data["since"] != "2026-11-30T09:15:00+00:00"
        project.add_document(text=TEXT, title="Harbour")
    assert not lock_path(path).exists()
    assert count_documents(path) == 1


HOLDER = """
import sys
from annotator.project import Project
project = Project.open(sys.argv[1])
print("open", flush=True)
sys.stdin.readline()
project.close()
print("closed", flush=True)
"""


def test_processes_of_one_computer_share_the_lock(risky: Path) -> None:
    """The app and a command on one machine: both may write; the last to close removes the lock."""
    path = risky / "study.annotator.sqlite"
    Project.open(path).close()
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
    ) as holder:
        assert holder.stdout is not None and holder.stdin is not None
        try:
            assert holder.stdout.readline() == "open\n"
            assert read_lock(path)["pids"] == [holder.pid]
            with Project.open(path) as project:
                project.add_document(text=TEXT, title="Harbour")
                assert read_lock(path)["pids"] == [holder.pid, os.getpid()]
            # we closed first: the lock stays for the other process
            assert read_lock(path)["pids"] == [holder.pid]
            holder.stdin.write("\n")
            holder.stdin.flush()
            assert holder.stdout.readline() == "closed\n"
            assert holder.wait(timeout=30) == 0
        finally:
            if holder.poll() is None:
                holder.kill()
    assert not lock_path(path).exists()


def test_one_process_opening_twice_keeps_the_lock_until_both_close(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    a = Project.open(path)
    b = Project.open(path)
    assert read_lock(path)["pids"] == [os.getpid()]
    a.close()
    assert lock_path(path).exists()
    b.close()
    assert not lock_path(path).exists()
    b.close()  # closing twice is harmless


def test_close_leaves_a_lock_that_is_no_longer_ours(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    project = Project.open(path)
    # meanwhile someone deleted our lock and another computer opened the project
    write_lock(path)
    theirs = lock_path(path).read_bytes()
    project.close()
    assert lock_path(path).read_bytes() == theirs


def test_read_only_open_takes_no_lock(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    Project.open(path).close()
    with Project.open(path, readonly=True) as project:
        assert project.location_risk is not None
        assert not lock_path(path).exists()


def test_a_failed_open_gives_the_lock_back(risky: Path) -> None:
    path = risky / "junk.annotator.sqlite"
    path.write_bytes(b"not a database" * 100)
    with pytest.raises(ProjectError, match="not a usable project"):
        Project.open(path)
    assert not lock_path(path).exists()


def test_an_unreadable_lock_is_refused_in_one_line(risky: Path) -> None:
    path = risky / "study.annotator.sqlite"
    lock_path(path).write_text("{half a lo", "utf-8")
    with pytest.raises(ProjectError) as refused:
        Project.open(path)
    assert "\n" not in str(refused.value) and "delete it" in str(refused.value)
    assert not path.exists()


# -- an ordinary disk: nothing changes ---------------------------------------------------------


def test_no_lock_and_no_risk_on_an_ordinary_disk(ordinary: Path) -> None:
    path = ordinary / "study.annotator.sqlite"
    with Project.open(path) as project:
        assert project.location_risk is None
        project.add_document(text=TEXT, title="Harbour")
        assert not lock_path(path).exists()
    # a lock copied along from a synced folder means nothing here
    write_lock(path)
    with Project.open(path) as project:
        project.add_document(text=TEXT + "2", title="Second")
    assert read_lock(path)["host"] == "lab-pc-2"
    assert count_documents(path) == 2


# -- the lock module on its own (any disk) -----------------------------------------------------


def test_acquire_and_release_by_host(ordinary: Path) -> None:
    path = ordinary / "p.annotator.sqlite"
    mine = acquire(path, host="desk-1")
    assert read_lock(path)["host"] == "desk-1"
    with pytest.raises(ProjectError, match="is open for writing on desk-1"):
        acquire(path, host="desk-2")
    same = acquire(path, host="DESK-1")  # host names compare without case
    mine.release()
    assert lock_path(path).exists()
    same.release()
    assert not lock_path(path).exists()
    mine.release()  # once only
    other = acquire(path, host="desk-2")
    assert read_lock(path)["host"] == "desk-2"
    other.release()


# -- the command line --------------------------------------------------------------------------


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, **env},
        check=False,
        timeout=120,
    )


def test_cli_warns_once_and_carries_on(risky: Path, tmp_path: Path) -> None:
    path = risky / "study.annotator.sqlite"
    article = tmp_path / "harbour.txt"
    article.write_text(TEXT, "utf-8")
    result = run_cli("import", "--project", str(path), str(article))
    assert result.returncode == 0, result.stderr
    assert "1 imported" in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"annotator: warning: {path} is on a FUSE file system (tmpfs mount at ")
    assert "local disk" in lines[0]
    assert not lock_path(path).exists()
    result = run_cli("documents", "--project", str(path))
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 1
    assert [line.split(": ")[:2] for line in result.stderr.splitlines()] == [["annotator", "warning"]]


def test_cli_refuses_while_another_computer_writes(risky: Path, tmp_path: Path) -> None:
    path = risky / "study.annotator.sqlite"
    article = tmp_path / "harbour.txt"
    article.write_text(TEXT, "utf-8")
    with Project.open(path):
        before = on_disk(path)
        result = run_cli("import", "--project", str(path), str(article), **{LOCK_HOST_ENV: "lab-pc-2"})
        assert result.returncode == 1
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith(f"annotator: {path} is open for writing on {this_host()} by ")
        assert "open it read-only" in result.stderr and "Traceback" not in result.stderr
        assert on_disk(path) == before
    assert count_documents(path) == 0
    assert not lock_path(path).exists()


def test_cli_on_an_ordinary_disk_prints_no_warning(
    ordinary: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["documents", "--project", str(ordinary / "p.annotator.sqlite")]) == 0
    assert capsys.readouterr().err == ""


def test_team_copy_tells_about_a_risky_project_file(risky: Path, tmp_path: Path) -> None:
    path = risky / "study.annotator.sqlite"
    with Project.open(path) as project:
        project.add_document(text=TEXT, title="Harbour")
    heard: list[str] = []
    summary = copy_project(path, tmp_path / "out.json", on_risk=lambda risk: heard.append(risk.kind))
    assert summary.startswith("wrote 1 documents") and heard == ["fuse"]
