"""The core must stay usable without Qt: importing every module of ``annotator`` loads no PySide6."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO

SCRIPT = """
import importlib, pkgutil, sys
import annotator
for info in pkgutil.walk_packages(annotator.__path__, "annotator."):
    if ".migrations.versions" in info.name or info.name.endswith(".migrations.env"):
        continue
    importlib.import_module(info.name)
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "ui"))
print(len([m for m in sys.modules if m.startswith("annotator.")]))
assert not loaded, loaded
"""


def test_core_imports_no_qt() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=REPO, check=False
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) >= 10, "walk_packages found too few modules to prove anything"


def test_no_core_source_mentions_qt() -> None:
    offenders = [
        p.relative_to(REPO)
        for p in (REPO / "annotator").rglob("*.py")
        if any(
            line.lstrip().startswith(("import PySide6", "from PySide6", "import ui", "from ui"))
            for line in p.read_text("utf-8").splitlines()
        )
    ]
    assert offenders == []
