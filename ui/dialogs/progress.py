"""Study > Progress…: how far each coder got with their assigned documents, for the study's lead.

One row per coder with assignments (:func:`annotator.study.progress`): documents done, in progress
and not started, a bar of the share done, spans, and how long ago they last edited a span. Refresh
reads the project again (coders working in other windows or on a shared database show up).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.study import CoderProgress

__all__ = ["ProgressDialog", "since"]

HEADERS = ("Coder", "Done", "In progress", "Not started", "Assigned", "Share done", "Spans", "Last edit")


def since(when: datetime | None, *, now: datetime | None = None) -> str:
    """How long ago, as a person says it: "just now", "12 min ago", "3 h ago", "2 days ago"."""
    if when is None:
        return "never"
    now = now or datetime.now(UTC)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    seconds = max(0, int((now - when).total_seconds()))
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60} min ago"
    if seconds < 86400:
        return f"{seconds // 3600} h ago"
    days = seconds // 86400
    return f"{days} day{'s' if days != 1 else ''} ago"


class ProgressDialog(QDialog):
    """The coders' progress table with Refresh; ``load`` reads the figures (``study.progress``)."""

    def __init__(self, *, load: Callable[[], Sequence[CoderProgress]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("studyProgress")
        self.setWindowTitle(self.tr("Study progress"))
        self._load = load
        self.summary = QLabel()
        self.summary.setObjectName("progressSummary")
        self.summary.setWordWrap(True)
        self.table = QTableWidget(0, len(HEADERS))
        self.table.setObjectName("progressTable")
        self.table.setHorizontalHeaderLabels(list(HEADERS))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(5, 140)
        self.empty = QLabel(
            self.tr(
                "No documents are assigned yet. Assign them from the command line, for example\n"
                "annotator assign --coders Ada Bo --overlap 0.2"
            )
        )
        self.empty.setObjectName("progressEmpty")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.refresh_button = QPushButton(self.tr("&Refresh"))
        self.refresh_button.setObjectName("progressRefresh")
        self.refresh_button.clicked.connect(self.refresh)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.refresh_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty, 1)
        layout.addWidget(buttons)
        self.rows: list[CoderProgress] = []
        self.refresh()
        self.resize(self._natural_width(), self._natural_height())

    def _natural_width(self) -> int:
        header = self.table.horizontalHeader()
        names = max((self.fontMetrics().horizontalAdvance(r.name) for r in self.rows), default=120)
        return max(640, min(1100, sum(header.sectionSize(i) for i in range(1, len(HEADERS))) + names + 80))

    def _natural_height(self) -> int:
        """Tall enough for every coder (up to about fifteen), with no empty stretch under them."""
        if not self.rows:
            return 200
        table = self.table
        rows = sum(table.rowHeight(r) for r in range(min(len(self.rows), 15)))
        chrome = self.sizeHint().height() - table.sizeHint().height()
        return max(180, rows + table.horizontalHeader().height() + 2 * table.frameWidth() + chrome + 8)

    def refresh(self) -> None:
        """Read the figures again and show them."""
        self.rows = list(self._load())
        now = datetime.now(UTC)
        self.table.setRowCount(len(self.rows))
        for row, p in enumerate(self.rows):
            cells = (p.name, p.done, p.in_progress, p.not_started, p.assigned, None, p.spans)
            for column, value in enumerate(cells):
                if value is None:
                    continue
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
            bar = QProgressBar()
            bar.setRange(0, max(1, p.assigned))
            bar.setValue(p.done)
            bar.setFormat(f"{round(100 * p.done / p.assigned) if p.assigned else 0}%")
            self.table.setCellWidget(row, 5, bar)
            last = QTableWidgetItem(since(p.last_edit, now=now))
            if p.last_edit is not None:
                last.setToolTip(p.last_edit.astimezone().strftime("%Y-%m-%d %H:%M"))
            self.table.setItem(row, 7, last)
        self.table.setVisible(bool(self.rows))
        self.empty.setVisible(not self.rows)
        done = sum(p.done for p in self.rows)
        total = sum(p.assigned for p in self.rows)
        self.summary.setText(
            f"{len(self.rows)} coders, {done} of {total} assigned documents done "
            f"(as of {now.astimezone().strftime('%H:%M')})"
            if self.rows
            else ""
        )
        self.summary.setVisible(bool(self.rows))
