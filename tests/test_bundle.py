"""The self-contained bundle builds from the spec in the repository and works on a fresh home.

Slow (a few minutes: a venv with PyInstaller and the wheel, then the build). It follows the
commands in resources/bundle/README.md: build, start the bundled app offscreen on a new home to a
shown window with the sample articles, and run ``export`` from the bundled program.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(sys.platform != "linux", reason="the bundle is built and tested on Linux here"),
]


def run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, check=False, **kwargs)  # type: ignore[call-overload, no-any-return]


def test_the_bundle_builds_starts_and_exports(tmp_path: Path) -> None:
    build = tmp_path / "build-venv"
    venv.create(build, with_pip=True)
    pip = build / "bin" / "pip"
    installed = run([str(pip), "install", "-q", "pyinstaller>=6", str(REPO)], timeout=1500)
    assert installed.returncode == 0, installed.stderr[-3000:]
    built = run(
        [
            str(build / "bin" / "pyinstaller"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(tmp_path / "dist"),
            "--workpath",
            str(tmp_path / "work"),
            str(REPO / "resources" / "bundle" / "annotator.spec"),
        ],
        cwd=tmp_path,
        timeout=1500,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    program = tmp_path / "dist" / "annotator" / "annotator"
    assert program.exists()

    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    env |= {"HOME": str(home), "ANNOTATOR_DATA_DIR": str(home / "data"), "QT_QPA_PLATFORM": "offscreen"}
    shown = run([str(program)], env=env | {"ANNOTATOR_EXIT_WHEN_SHOWN": "1"}, cwd=tmp_path, timeout=300)
    assert shown.returncode == 0, shown.stderr[-3000:]
    assert "shown: default.annotator.sqlite" in shown.stdout and "with 6 documents" in shown.stdout
    exported = run(
        [str(program), "export", "-o", str(tmp_path / "out.json")], env=env, cwd=tmp_path, timeout=300
    )
    assert exported.returncode == 0, exported.stderr[-3000:]
    data = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert len(data["documents"]) == 6 and data["codebook"]["id"] == "news-statements"
    version = run([str(program), "--version"], env=env, cwd=tmp_path, timeout=120)
    assert version.stdout.startswith("annotator ") and "Qt (PySide6)" in version.stdout
