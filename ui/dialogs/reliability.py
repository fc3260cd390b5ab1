"""The reliability report inside the app: the page itself, and buttons to save it as PDF, HTML, CSV.

What the window shows is the very document the PDF prints (:func:`ui.printing.report_document`),
so a researcher sees what they hand in before they save it.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.reliability.report import (
    ReliabilityReport,
    category_rows,
    document_rows,
    write_csv,
    write_html,
)

from ..a11y import name
from ..printing import report_document, write_report_pdf
from .files import ask_save_file


class ReliabilityReportDialog(QDialog):
    """The report as it will print, with Save as PDF, Save as HTML and Save Tables (CSV)."""

    def __init__(
        self,
        *,
        report: ReliabilityReport,
        settings: QSettings,
        folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("reliabilityReport")
        self.setWindowTitle(self.tr("Reliability report — {project}").format(project=report.project_name))
        self.resize(860, 760)
        self.report = report
        self._settings = settings
        self._folder = folder
        self.document = report_document(report)
        self.page = QTextBrowser()
        self.page.setObjectName("reliabilityPage")
        name(self.page, self.tr("Reliability report"))
        self.page.setOpenLinks(False)
        self.page.setDocument(self.document)
        self.status = QLabel()
        self.status.setObjectName("reliabilityStatus")
        self.status.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.pdf_button = QPushButton(self.tr("Save as &PDF…"))
        self.html_button = QPushButton(self.tr("Save as &HTML…"))
        self.csv_button = QPushButton(self.tr("Save &Tables (CSV)…"))
        for button, slot in (
            (self.pdf_button, self.on_save_pdf),
            (self.html_button, self.on_save_html),
            (self.csv_button, self.on_save_csv),
        ):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
            button.clicked.connect(slot)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page, 1)
        layout.addWidget(self.status)
        layout.addWidget(buttons)

    def _ask(self, *, title: str, filters: list[str], name: str) -> Path | None:
        chosen = ask_save_file(
            self,
            self._settings,
            purpose="report",
            title=title,
            filters=filters,
            name=name,
            fallback=self._folder,
        )
        return chosen[0] if chosen else None

    def _done(self, text: str) -> None:
        self.status.setText(text)

    def on_save_pdf(self) -> None:
        path = self._ask(
            title="Save the reliability report as PDF", filters=["PDF (*.pdf)"], name="reliability-report.pdf"
        )
        if path is None:
            return
        try:
            write_report_pdf(self.report, path)
        except AnnotatorError as exc:
            self._done(str(exc))
            return
        self._done(f"Wrote {path}")

    def on_save_html(self) -> None:
        path = self._ask(
            title="Save the reliability report as a web page",
            filters=["Web page (*.html)"],
            name="reliability-report.html",
        )
        if path is None:
            return
        try:
            write_html(self.report, path)
        except AnnotatorError as exc:
            self._done(str(exc))
            return
        self._done(f"Wrote {path}")

    def on_save_csv(self) -> None:
        """The per-category table where asked, the per-document one beside it (NAME-documents.csv)."""
        path = self._ask(
            title="Save the reliability tables (CSV)",
            filters=["CSV (*.csv)"],
            name="reliability-categories.csv",
        )
        if path is None:
            return
        documents = path.with_name(f"{path.stem}-documents{path.suffix or '.csv'}")
        try:
            write_csv(category_rows(self.report), path)
            write_csv(document_rows(self.report), documents)
        except AnnotatorError as exc:
            self._done(str(exc))
            return
        self._done(f"Wrote {path} and {documents.name}")
