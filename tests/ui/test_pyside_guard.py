"""KNOWN-TRAPS: PySide6 6.12.0 on CPython 3.11 drops a reference to None per void call and aborts.

The declared dependencies keep users off that pair, and this test calls a void Qt method 20,000
times in a subprocess (an abort cannot be caught in-process) and checks None's refcount holds.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

from tests.conftest import REPO

SCRIPT = """
import sys
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication([])
label = QLabel()
before = sys.getrefcount(None)
for i in range(20_000):
    label.setText("x")
after = sys.getrefcount(None)
print(before - after)
"""


def test_twenty_thousand_void_calls_do_not_leak_none() -> None:
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        capture_output=True,
        text=True,
        check=False,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""},
    )
    assert result.returncode == 0, result.stderr[-500:]
    assert int(result.stdout.strip()) < 100


def test_dependency_declaration_excludes_the_crashing_pair() -> None:
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    deps = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]["dependencies"]
    pyside = [Requirement(d) for d in deps if d.lower().startswith("pyside6")]
    assert pyside

    def allowed(python: str, version: str) -> bool:
        env = {"python_version": python}
        return any(
            (r.marker is None or Marker(str(r.marker)).evaluate(env)) and r.specifier.contains(version)
            for r in pyside
        )

    assert not allowed("3.11", "6.12.0")
    assert allowed("3.11", "6.11.3")
    assert allowed("3.12", "6.12.0")
