"""Shared by the fault and fuzz tests: small projects, what is on disk, simulated failures.

Not collected by pytest (no ``test_`` prefix).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from sqlalchemy import event
from sqlalchemy.exc import OperationalError

from annotator.dataset import dataset_dict
from annotator.project import Project

# Fuzzing budget: CI runs the whole suite in about a minute; raise it locally to search harder,
# e.g. ANNOTATOR_FUZZ_EXAMPLES=2000 pytest tests/faults -k fuzz.
settings.register_profile(
    "annotator-fuzz",
    max_examples=int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FUZZ = settings.get_profile("annotator-fuzz")
"""Settings for the fuzz tests (``@FUZZ`` on a ``@given`` test)."""


def fuzz(max_examples: int) -> settings:
    """:data:`FUZZ` with a smaller or larger share of the budget, scaled like it."""
    scale = int(os.environ.get("ANNOTATOR_FUZZ_EXAMPLES", "40")) / 40
    return settings(FUZZ, max_examples=max(1, int(max_examples * scale)))


TEXT = (
    "The minister said the harbour will close on Friday.\n"
    "Critics called it “a reckless decision” 😀 and 12\u00a0km of coast is affected.\n"
)
#: Where "harbour" is in :data:`TEXT`: the span the fault tests try to add.
HARBOUR = (TEXT.index("harbour"), TEXT.index("harbour") + len("harbour"))


def seeded(path: Path) -> tuple[Project, str, str]:
    """A project with one document, one coder and one annotation; returns it, the doc and coder ids."""
    project = Project.open(path)
    doc = project.add_document(text=TEXT, title="Harbour").document
    coder = project.ensure_annotator(name="Ada")
    project.add_annotation(document_id=doc.id, start=4, end=12, category="claim", annotator_id=coder.id)
    return project, doc.id, coder.id


def snapshot(project: Project) -> dict[str, Any]:
    """Everything a project holds, as the dataset export sees it (without the export time)."""
    data = dataset_dict(project)
    data.pop("exported")
    return data


def disk_snapshot(path: Path) -> dict[str, Any]:
    """The project as a fresh reader of the file sees it (not through the open engine's cache)."""
    with Project.open(path, create=False) as fresh:
        return snapshot(fresh)


def db_rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    """Rows from a plain sqlite3 connection of its own (it reads the WAL like any other reader)."""
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def integrity(path: Path) -> str:
    return str(db_rows(path, "PRAGMA integrity_check")[0][0])


@contextlib.contextmanager
def sqlite_full(project: Project, *, no_free_space: bool = False, room: int = 0) -> Iterator[None]:
    """Make SQLite answer SQLITE_FULL ("database or disk is full") once the file needs to grow.

    ``PRAGMA max_page_count`` caps the file at its current size on every connection of the
    project's engine: the same error, through the same code path, as a full disk, on any machine.
    A small edit may still fit in the free room of existing pages; ``no_free_space`` fills that
    room first (with a table the exit drops again, as a user frees space), so any edit fails.
    ``room`` leaves that many pages to grow by, so a step or two of a longer write succeeds.
    """
    if no_free_space:
        with project.engine.begin() as conn:
            conn.exec_driver_sql("CREATE TABLE fault_filler (x BLOB)")

    def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count={pages + room}")

    event.listen(project.engine, "connect", cap)
    project.engine.dispose()  # pooled connections are reopened with the cap
    try:
        size = 1 << 16
        while no_free_space and size >= 1:
            try:
                with project.engine.begin() as conn:
                    conn.exec_driver_sql("INSERT INTO fault_filler VALUES (zeroblob(?))", (size,))
            except OperationalError:
                size //= 2
        yield
    finally:
        event.remove(project.engine, "connect", cap)
        project.engine.dispose()
        if no_free_space:
            with project.engine.begin() as conn:
                conn.exec_driver_sql("DROP TABLE fault_filler")


def _chattr(flag: str, path: Path) -> bool:
    exe = shutil.which("chattr")
    if exe is None:
        return False
    done = subprocess.run([exe, flag, str(path)], capture_output=True, check=False)
    return done.returncode == 0


def one_line(message: str) -> str:
    """``message``, after checking it is one readable line (what the CLI and the app show)."""
    assert message.strip(), "an empty message"
    assert "\n" not in message.strip(), f"more than one line: {message!r}"
    assert "Traceback" not in message and "[SQL:" not in message, message
    return message


def rss_bytes() -> int:
    """This process's resident memory now (Linux ``/proc``; 0 elsewhere)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def peak_rss_growth(work: Callable[[], object]) -> tuple[int, float]:
    """Run ``work``; return how far resident memory rose above where it started, and the seconds.

    A thread samples ``/proc/self/statm`` every 2 ms while ``work`` runs, so C allocations
    (libxml2, zlib, SQLite) count too, which tracemalloc cannot see. A peak inside one C call
    that holds the GIL is caught by the process's high-water mark, when it rose during ``work``.
    """
    import resource
    import threading
    import time

    high_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    start = rss_bytes()
    peak = start
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, rss_bytes())
            stop.wait(0.002)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    began = time.perf_counter()
    try:
        work()
    finally:
        elapsed = time.perf_counter() - began
        stop.set()
        sampler.join()
    high_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    if high_after > high_before:
        peak = max(peak, high_after)
    return max(0, max(peak, rss_bytes()) - start), elapsed


@contextlib.contextmanager
def read_only_file(path: Path) -> Iterator[bool]:
    """Make the project file read-only for real; yields ``False`` when this machine cannot.

    File permissions do not stop root, so as root the file is made immutable (``chattr +i``,
    which binds root too) where the file system supports it.
    """
    import os

    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(0o444)
        try:
            yield True
        finally:
            path.chmod(mode)
        return
    if not _chattr("+i", path):
        yield False
        return
    try:
        yield True
    finally:
        _chattr("-i", path)
