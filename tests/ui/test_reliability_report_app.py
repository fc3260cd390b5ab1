"""The reliability report in the app (Review > Reliability Report) and as PDF through Qt's printing."""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from annotator.agreement.intervals import BootstrapSettings
from annotator.project import Project
from annotator.reliability.report import build_report
from tests.conftest import REPO
from tests.ui.conftest_helpers import answer_file_dialog, settings_in
from ui.dialogs.reliability import ReliabilityReportDialog
from ui.launcher import main as launcher_main
from ui.printing import chart_image, write_report_pdf
from ui.window.mainwindow import MainWindow

WORDS = ["the", "minister", "said", "harbour", "strike", "talks", "rose", "union", "week"]


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    """Ten documents, two coders who mostly agree."""
    path = tmp_path / "study" / "p.sqlite"
    path.parent.mkdir()
    rng = random.Random(2)
    with Project.open(path) as p:
        ann, ben = p.ensure_annotator(name="Ann"), p.ensure_annotator(name="Ben")
        for d in range(10):
            text = " ".join(rng.choice(WORDS) for _ in range(90))
            doc = p.add_document(text=text, title=f"Article {d}").document
            for s in range(3):
                start = s * 120 + rng.randrange(30)
                end = start + rng.randint(15, 70)
                category = rng.choice(["claim", "quote", "statistic"])
                p.add_annotation(
                    document_id=doc.id, start=start, end=end, category=category, annotator_id=ann.id
                )
                if rng.random() < 0.85:
                    p.add_annotation(
                        document_id=doc.id,
                        start=start + rng.randint(0, 2),
                        end=end,
                        category=category,
                        annotator_id=ben.id,
                    )
    return path


def pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf.read_bytes()))


def test_pdf_is_written_by_qt_printing(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as p:
        report = build_report(p, bootstrap=BootstrapSettings(draws=200))
    image = chart_image(report)
    assert image.width() > 1000  # drawn at print resolution
    out = tmp_path / "report.pdf"
    write_report_pdf(report, out)
    data = out.read_bytes()
    assert data.startswith(b"%PDF")
    assert pages(out) >= 2
    assert not list(tmp_path.glob(".report-*"))  # written atomically, nothing left behind
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "Intercoder reliability" in text and "95% CI" in text and "Holsti" in text


def test_annotator_report_pdf_through_the_launcher(project_path: Path, tmp_path: Path) -> None:
    """The console script plugs the app's PDF writer into the core's command line; in a process of
    its own it starts a headless Qt application."""
    out = tmp_path / "cli.pdf"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.launcher",
            "report",
            "--project",
            str(project_path),
            "--pdf",
            str(out),
            "--bootstrap",
            "100",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert out.read_bytes().startswith(b"%PDF")
    assert "wrote" in done.stdout


def test_launcher_main_in_process(qtbot: QtBot, project_path: Path, tmp_path: Path) -> None:
    out = tmp_path / "in.pdf"
    assert (
        launcher_main(["report", "--project", str(project_path), "--pdf", str(out), "--bootstrap", "50"]) == 0
    )
    assert out.read_bytes().startswith(b"%PDF")


@pytest.fixture
def window(qtbot: QtBot, project_path: Path, tmp_path: Path) -> Iterator[MainWindow]:
    w = MainWindow(project=Project.open(project_path), annotator_name="Rita", settings=settings_in(tmp_path))
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    yield w
    w.project.close()


def test_review_menu_opens_the_report_and_saves_it(
    qtbot: QtBot, window: MainWindow, project_path: Path
) -> None:
    review_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Review")
    assert window.act_show_report in review_menu.actions()
    window.act_show_report.trigger()
    dialog = window.findChild(ReliabilityReportDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    text = dialog.page.toPlainText()
    assert "Intercoder reliability" in text
    assert "95% CI" in text and "Methods" in text and "Coder pairs" in text
    assert "Ann" in text and "Ben" in text
    folder = project_path.parent
    answer_file_dialog(qtbot, folder=folder, names=["saved.pdf"])
    dialog.pdf_button.click()
    qtbot.waitUntil(lambda: (folder / "saved.pdf").exists(), timeout=10000)
    assert (folder / "saved.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote" in dialog.status.text()
    answer_file_dialog(qtbot, folder=folder, names=["tables.csv"])
    dialog.csv_button.click()
    qtbot.waitUntil(lambda: (folder / "tables-documents.csv").exists(), timeout=10000)
    assert (folder / "tables.csv").read_text("utf-8").startswith("category,label,alpha_u,alpha_u_ci_low")
    dialog.close()
