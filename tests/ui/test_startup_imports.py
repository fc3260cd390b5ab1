"""Start-up imports only what the first window needs (a subprocess: a fresh ``sys.modules``)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from annotator.project import Project
from tests.conftest import REPO

#: Loaded when first used (an import, an export, review mode, a chart, suggestions), never at start.
LATER = (
    "alembic",
    "trafilatura",
    "docx",
    "lxml",
    "numpy",
    "sklearn",
    "pandas",
    "annotator.agreement",
    "annotator.formats",
    "annotator.importers.batch",
)

SHOW = r"""
import os, sys
from ui.launcher import main
code = main(["--project", sys.argv[1]])
print("LOADED", " ".join(sorted(sys.modules)))
sys.exit(code)
"""


def _env(tmp_path: Path) -> dict[str, str]:
    (tmp_path / "settings.ini").write_text("[annotator]\nname=Tester\n", encoding="utf-8")
    return dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONPATH=str(REPO),
        ANNOTATOR_DATA_DIR=str(tmp_path),
        ANNOTATOR_EXIT_WHEN_SHOWN="1",
    )


def _loaded(output: str) -> set[str]:
    line = next(line for line in output.splitlines() if line.startswith("LOADED "))
    return set(line.split()[1:])


def _later(loaded: set[str]) -> list[str]:
    return sorted(m for m in loaded if any(m == name or m.startswith(name + ".") for name in LATER))


def test_showing_the_window_on_an_up_to_date_project_imports_nothing_for_later(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as project:
        project.add_document(text="A claim and a quote.", title="One")
    done = subprocess.run(
        [sys.executable, "-c", SHOW, str(path)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "shown:" in done.stdout
    assert _later(_loaded(done.stdout)) == []


def test_listing_documents_imports_neither_sqlalchemy_nor_qt(tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as project:
        first = project.add_document(text="A claim.", title="First").document
        project.add_document(text="A quote.", title="Second")
        project.add_annotation(
            document_id=first.id,
            start=2,
            end=7,
            category="claim",
            annotator_id=project.ensure_annotator(name="A").id,
        )
    script = SHOW.replace('main(["--project", sys.argv[1]])', 'main(["documents", "--project", sys.argv[1]])')
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)],
        env=_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [line for line in done.stdout.splitlines() if not line.startswith("LOADED ")]
    assert [line.split("\t")[1:] for line in lines] == [
        ["not started", "1", "First"],
        ["not started", "0", "Second"],
    ]
    loaded = _loaded(done.stdout)
    assert not any(m.split(".")[0] in ("sqlalchemy", "PySide6", "alembic") for m in loaded)
