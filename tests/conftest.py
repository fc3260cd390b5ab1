"""Shared fixtures: every test gets its own data dir, so none touches the real home."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parent.parent
# three scraped-article layouts (original text; provenance in its README.md)
CORPUS = REPO / "tests" / "annotator" / "data" / "corpus"
#: Real scraped articles that cannot be part of the repository (their folder's README keeps them
#: out of the project): checks and measurements on them run only when this variable names their
#: folder, e.g. ``ANNOTATOR_REAL_CORPUS=../shared/corpus``; the suite itself never needs them.
REAL_CORPUS_ENV = "ANNOTATOR_REAL_CORPUS"
REAL_CORPUS = Path(os.environ[REAL_CORPUS_ENV]) if os.environ.get(REAL_CORPUS_ENV) else None


@pytest.fixture(autouse=True)
def _isolated_data_dir(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(data / "config"))
    monkeypatch.setenv("HOME", str(data / "home"))
    yield data


@contextlib.contextmanager
def unwritable_folder(path: Path) -> Iterator[bool]:
    """Make ``path`` (a new, empty folder) a folder this process cannot write into.

    Without write permission for an ordinary user; as root, who may write anywhere, a read-only
    tmpfs mounted there. Yields whether that worked (not as root without ``mount``).
    """
    path.mkdir()
    if os.geteuid() != 0:
        path.chmod(0o555)
        try:
            yield not os.access(path, os.W_OK)
        finally:
            path.chmod(0o755)
        return
    mount = shutil.which("mount")
    done = mount is not None and (
        subprocess.run(
            [mount, "-t", "tmpfs", "-o", "ro,size=64k", "tmpfs", str(path)], capture_output=True, check=False
        ).returncode
        == 0
    )
    try:
        yield done
    finally:
        if done:
            subprocess.run(["umount", str(path)], capture_output=True, check=False)
