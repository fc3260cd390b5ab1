"""The Analysis pane: the figures of ``annotator analyze`` for the documents the list shows, a chart,
the co-occurrence table and a coding retrieval view.

The figures follow the Documents pane's filter (type "cnn" there and they are CNN's) and the
chosen layer and grouping; they are worked out again when something changes while the pane is
shown. The chart is drawn with QPainter: bars of spans per 1,000 words by group, or a line per
category over time when the groups are dates of publication. The retrieval view lists every span
of a category in the chosen group with its context; a double-click opens it in the text, and the
list exports as CSV.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from annotator.analysis import Analysis, analyse, figure_rows, matrix_rows, retrieve, write_rows_csv
from annotator.analysis.figures import is_time, nice_max
from annotator.analysis.report import render_html, write_html
from annotator.analysis.retrieval import Retrieved, write_retrieval_csv
from annotator.domain import Annotator, AnnotatorKind, Codebook
from annotator.errors import AnnotatorError
from annotator.project import Project

from ..i18n import translate, translate_noop
from .models import ID_ROLE

__all__ = ["AnalysisHost", "AnalysisPane", "ChartWidget"]


class AnalysisHost(Protocol):
    """What the pane needs of the window it serves (the main window's document tools give it)."""

    @property
    def project(self) -> Project: ...

    @property
    def me(self) -> Annotator: ...

    def visible_document_ids(self) -> list[str]: ...

    def filter_text(self) -> str: ...

    def report(self, message: str, *, unsaved: bool = False) -> None: ...

    def say(self, message: str) -> None: ...

    def jump_to(self, document_id: str, annotation_id: str) -> None: ...

    def ask_save_path(self, *, purpose: str, title: str, filters: list[str], name: str) -> Path | None: ...


#: The retrieval's group choices beside the groups' own values: every group, and documents without one.
_ALL = "\x00all"
_NONE = "\x00none"

GROUPINGS: tuple[tuple[str, str], ...] = (
    ("source", translate_noop("AnalysisPane", "Outlet")),
    ("published:year", translate_noop("AnalysisPane", "Year")),
    ("published:month", translate_noop("AnalysisPane", "Month")),
    ("author", translate_noop("AnalysisPane", "Author")),
    ("language", translate_noop("AnalysisPane", "Language")),
    ("all", translate_noop("AnalysisPane", "All documents")),
)


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}" if n == 1 else f"{n:,} {word}s"


class ChartWidget(QWidget):
    """Spans per 1,000 words by group: grouped bars, or one line per category over time."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisChart")
        self.setMinimumSize(260, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._analysis: Analysis | None = None
        self._codebook: Codebook | None = None
        #: What was drawn last, for tests and tooltips: (kind, category, group value, rectangle or point).
        self.marks: list[tuple[str, str, str | None, QRectF]] = []

    def sizeHint(self) -> QSize:
        return QSize(520, 220)

    def set_analysis(self, analysis: Analysis | None, codebook: Codebook | None) -> None:
        self._analysis, self._codebook = analysis, codebook
        self.update()

    @property
    def draws_lines(self) -> bool:
        a = self._analysis
        return (
            a is not None
            and is_time(a.by)
            and len(a.groups) > 1
            and all(g.value is not None for g in a.groups)
        )

    def _colour(self, category: str) -> QColor:
        cat = self._codebook.category(category) if self._codebook is not None else None
        return QColor(cat.color if cat is not None else "#888888")

    def paintEvent(self, event: QPaintEvent) -> None:
        self.marks = []
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            self._paint(painter)
        finally:
            painter.end()

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        grid = palette.color(QPalette.ColorRole.Mid)
        grid.setAlpha(90)
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        a = self._analysis
        if a is None or not a.groups:
            painter.setPen(text_colour)
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "No documents to chart")
            return
        if not any(g.categories[c].spans for g in a.groups for c in a.categories):
            # flat bars at zero look like a finding; say what is really there
            painter.setPen(text_colour)
            painter.drawText(
                self.rect(),
                Qt.AlignmentFlag.AlignCenter,
                f"No spans in this layer yet ({_plural(len(a.groups), 'group')}): nothing to chart",
            )
            return
        cats = list(a.categories)
        groups = list(a.groups)
        rates = [[g.categories[c].per_1000_words or 0.0 for c in cats] for g in groups]
        top = nice_max(max((v for row in rates for v in row), default=0.0))
        metrics = painter.fontMetrics()
        legend_h = metrics.height() + 8
        plot_h = self.height() - 10 - 2 * metrics.height() - 10 - legend_h
        steps = 4 if plot_h >= 110 else 2
        ticks = [top * i / steps for i in range(steps + 1)]
        left = max(metrics.horizontalAdvance(f"{t:g}") for t in ticks) + 14
        plot = QRectF(
            left,
            10,
            max(10.0, self.width() - left - 10),
            max(10.0, self.height() - 10 - 2 * metrics.height() - 10 - legend_h),
        )
        # grid and axis labels
        painter.setPen(QPen(grid, 1))
        for i in range(steps + 1):
            y = plot.bottom() - plot.height() * i / steps
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            painter.setPen(text_colour)
            painter.drawText(
                QRectF(0, y - metrics.height() / 2, left - 6, metrics.height()),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{ticks[i]:g}",
            )
            painter.setPen(QPen(grid, 1))
        slot = plot.width() / len(groups)

        def y_of(v: float) -> float:
            return plot.bottom() - v / top * plot.height()

        small = QFont(painter.font())
        for gi, g in enumerate(groups):
            label = "(none)" if g.value is None else g.value
            rect = QRectF(plot.left() + slot * gi, plot.bottom() + 3, slot, metrics.height())
            painter.setPen(text_colour)
            painter.setFont(small)
            painter.drawText(
                rect,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                metrics.elidedText(label, Qt.TextElideMode.ElideRight, int(slot) - 4),
            )
            count = QRectF(rect.translated(0, metrics.height()))
            muted = QColor(text_colour)
            muted.setAlpha(150)
            painter.setPen(muted)
            painter.drawText(
                count,
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                f"{g.documents} doc{'' if g.documents == 1 else 's'}",
            )
        if self.draws_lines:
            for ci, c in enumerate(cats):
                colour = self._colour(c)
                painter.setPen(QPen(colour, 2))
                points = [
                    QPointF(plot.left() + slot * gi + slot / 2, y_of(rates[gi][ci]))
                    for gi in range(len(groups))
                ]
                for p0, p1 in pairwise(points):
                    painter.drawLine(p0, p1)
                painter.setBrush(colour)
                for gi, p in enumerate(points):
                    painter.drawEllipse(p, 3.5, 3.5)
                    self.marks.append(("point", c, groups[gi].value, QRectF(p.x() - 3.5, p.y() - 3.5, 7, 7)))
                painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            inner = slot * 0.8
            bar_w = inner / max(1, len(cats))
            for gi, g in enumerate(groups):
                x0 = plot.left() + slot * gi + (slot - inner) / 2
                for ci, c in enumerate(cats):
                    v = rates[gi][ci]
                    rect = QRectF(x0 + bar_w * ci, y_of(v), max(1.0, bar_w - 2), plot.bottom() - y_of(v))
                    painter.fillRect(rect, self._colour(c))
                    self.marks.append(("bar", c, g.value, rect))
        painter.setPen(QPen(text_colour, 1))
        painter.drawLine(QPointF(plot.left(), plot.bottom()), QPointF(plot.right(), plot.bottom()))
        # legend
        x = plot.left()
        y = self.height() - legend_h + 4
        for c in cats:
            cat = self._codebook.category(c) if self._codebook is not None else None
            name = cat.label if cat is not None else c
            painter.fillRect(QRectF(x, y + 2, 10, 10), self._colour(c))
            painter.setPen(text_colour)
            painter.drawText(QPointF(x + 14, y + 11), name)
            x += 14 + metrics.horizontalAdvance(name) + 16
        painter.drawText(
            QRectF(plot.left(), 0, plot.width(), 12),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop,
            "per 1,000 words",
        )


class AnalysisPane(QWidget):
    def __init__(self, host: AnalysisHost, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("analysisPane")
        self.host = host
        self.analysis: Analysis | None = None
        self.retrieved: list[Retrieved] = []
        self._dirty = True
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(250)
        self._timer.timeout.connect(self.refresh)

        self.layer = QComboBox()
        self.layer.setObjectName("analysisLayer")
        self.layer.setToolTip(self.tr("Whose spans: the adjudicated layer where there is one, else your own"))
        self.by = QComboBox()
        self.by.setObjectName("analysisBy")
        self.whole = QCheckBox(self.tr("Whole text"))
        self.whole.setObjectName("analysisWholeText")
        self.whole.setToolTip(self.tr("Count the page chrome too (by default only the article body counts)"))
        self.within = QComboBox()
        self.within.setObjectName("analysisWithin")
        self.within.addItem(self.tr("Co-occurring: overlapping"), "overlap")
        self.within.addItem(self.tr("Co-occurring: same paragraph"), "paragraph")
        save = QToolButton()
        save.setObjectName("analysisSave")
        save.setText(self.tr("Save…"))
        save.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(save)
        menu.addAction(self.tr("Figures as CSV…"), lambda: self._save("figures"))
        menu.addAction(self.tr("Document × category matrix (CSV)…"), lambda: self._save("matrix"))
        menu.addAction(self.tr("Report (web page)…"), lambda: self._save("report"))
        save.setMenu(menu)
        self.save_button = save
        for combo in (self.layer, self.by, self.within):
            combo.currentIndexChanged.connect(lambda _i: self.schedule())
        self.whole.toggled.connect(lambda _on: self.schedule())
        controls = QHBoxLayout()
        controls.addWidget(QLabel(self.tr("Layer")))
        controls.addWidget(self.layer, 2)
        controls.addWidget(QLabel(self.tr("By")))
        controls.addWidget(self.by, 1)
        controls.addWidget(self.whole)
        controls.addWidget(save)
        self.summary = QLabel()
        self.summary.setObjectName("analysisSummary")
        self.summary.setWordWrap(True)

        self.chart = ChartWidget()
        self.table = QTableWidget()
        self.table.setObjectName("analysisTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        # side by side: the bottom dock is wide and low
        figures = QSplitter(Qt.Orientation.Horizontal)
        figures.setChildrenCollapsible(False)
        figures.addWidget(self.chart)
        figures.addWidget(self.table)
        figures.setStretchFactor(0, 3)
        figures.setStretchFactor(1, 2)

        self.cooccurrence = QTableWidget()
        self.cooccurrence.setObjectName("analysisCooccurrence")
        self.cooccurrence.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        co = QWidget()
        cl = QVBoxLayout(co)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.addWidget(self.within)
        cl.addWidget(self.cooccurrence)

        self.category = QComboBox()
        self.category.setObjectName("retrievalCategory")
        self.group = QComboBox()
        self.group.setObjectName("retrievalGroup")
        self.category.currentIndexChanged.connect(lambda _i: self._fill_retrieval())
        self.group.currentIndexChanged.connect(lambda _i: self._fill_retrieval())
        export = QPushButton(self.tr("Export CSV…"))
        export.setObjectName("retrievalExport")
        export.clicked.connect(lambda _checked=False: self._save("retrieval"))
        picks = QHBoxLayout()
        picks.addWidget(self.category, 1)
        picks.addWidget(self.group, 1)
        picks.addWidget(export)
        self.retrieval = QTableWidget(0, 4)
        self.retrieval.setObjectName("retrievalTable")
        self.retrieval.setHorizontalHeaderLabels(
            [self.tr("Document"), self.tr("Before"), self.tr("Span"), self.tr("After")]
        )
        self.retrieval.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.retrieval.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.retrieval.setWordWrap(False)
        self.retrieval.verticalHeader().hide()
        header = self.retrieval.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.retrieval.itemDoubleClicked.connect(self._on_open)
        self.retrieval.setItemDelegateForColumn(1, _ElideLeft(self.retrieval))  # the words next to the span
        self.retrieval_count = QLabel()
        retrieval = QWidget()
        rl = QVBoxLayout(retrieval)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addLayout(picks)
        rl.addWidget(self.retrieval)
        rl.addWidget(self.retrieval_count)

        self.tabs = QTabWidget()
        self.tabs.setObjectName("analysisTabs")
        self.tabs.addTab(figures, self.tr("Figures"))
        self.tabs.addTab(co, self.tr("Co-occurrence"))
        self.tabs.addTab(retrieval, self.tr("Retrieval"))
        layout = QVBoxLayout(self)
        layout.addLayout(controls)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)
        self.project_changed()

    # -- when to work the figures out ---------------------------------------------------------

    def project_changed(self) -> None:
        """A project was opened: its layers, variables and categories fill the choices."""
        project = self.host.project
        self._filling = True
        try:
            self.layer.clear()
            self.layer.addItem(self.tr("Automatic"), None)
            for a in project.annotators():
                kind = " (adjudicated)" if a.kind is AnnotatorKind.ADJUDICATED else ""
                self.layer.addItem(f"{a.name}{kind}", a.id)
            current = self.by.currentData()
            self.by.clear()
            for key, label in GROUPINGS:
                self.by.addItem(translate("AnalysisPane", label), key)
            for var in project.codebook.variables:
                self.by.addItem(var.label, var.id)
            self.by.setCurrentIndex(max(0, self.by.findData(current)))
            self.category.clear()
            for cat in project.codebook.categories:
                self.category.addItem(cat.label, cat.id)
        finally:
            self._filling = False
        self.schedule()

    def schedule(self) -> None:
        """Work the figures out again soon (now, if the pane is not shown: when it is)."""
        self._dirty = True
        if getattr(self, "_filling", False):
            return
        if self.isVisible():
            self._timer.start()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self._timer.start()

    def refresh(self) -> None:
        """Work the figures out for the documents the list shows, and show them."""
        self._dirty = False
        project = self.host.project
        ids = self.host.visible_document_ids()
        try:
            self.analysis = analyse(
                project,
                layer=self.layer.currentData(),
                me=self.host.me.id or self.host.me.name,
                by=str(self.by.currentData() or "source"),
                whole_text=self.whole.isChecked(),
                within=str(self.within.currentData() or "overlap"),
                document_ids=ids,
            )
        except AnnotatorError as exc:
            self.analysis = None
            self.summary.setText(str(exc))
            self.chart.set_analysis(None, None)
            self.table.setRowCount(0)
            self.cooccurrence.setRowCount(0)
            self.retrieval.setRowCount(0)
            return
        a = self.analysis
        filtered = self.host.filter_text().strip()
        which = f"{len(ids)} documents" + (f" matching “{filtered}”" if filtered else "")
        self.summary.setText(
            f"<b>{_escape(a.layer.name)}</b> ({_escape(a.layer_reason)}) · {which} · over {a.scope}"
        )
        self.chart.set_analysis(a, project.codebook)
        self._fill_table(a, project.codebook)
        self._fill_cooccurrence(a, project.codebook)
        current = self.group.currentData()
        self.group.blockSignals(True)
        self.group.clear()
        self.group.addItem(self.tr("All groups"), _ALL)
        for g in a.groups:
            self.group.addItem(
                "(none)" if g.value is None else g.value, _NONE if g.value is None else g.value
            )
        self.group.setCurrentIndex(max(0, self.group.findData(current)) if current is not None else 0)
        self.group.blockSignals(False)
        self._fill_retrieval()

    # -- tables ----------------------------------------------------------------------------------

    def _fill_table(self, a: Analysis, codebook: Codebook) -> None:
        labels = [_category_label(codebook, c) for c in a.categories]
        self.table.clear()
        self.table.setColumnCount(3 + len(labels))
        self.table.setHorizontalHeaderLabels([_by_label(a.by), self.tr("Docs"), self.tr("Words"), *labels])
        self.table.setRowCount(len(a.groups))
        for row, g in enumerate(a.groups):
            self.table.setItem(row, 0, QTableWidgetItem("(none)" if g.value is None else g.value))
            self.table.setItem(row, 1, _number(g.documents))
            self.table.setItem(row, 2, _number(g.words))
            for col, c in enumerate(a.categories, start=3):
                f = g.categories[c]
                rate = "–" if f.per_1000_words is None else f"{f.per_1000_words:.1f}"
                item = _number(f.spans, f"{rate} ‰ ({f.spans})")
                item.setToolTip(
                    f"{f.spans} spans in {f.documents} of {g.documents} documents; {rate} per 1,000 words"
                )
                self.table.setItem(row, col, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)

    def _fill_cooccurrence(self, a: Analysis, codebook: Codebook) -> None:
        labels = [_category_label(codebook, c) for c in a.categories]
        self.cooccurrence.clear()
        self.cooccurrence.setRowCount(len(labels))
        self.cooccurrence.setColumnCount(len(labels))
        self.cooccurrence.setHorizontalHeaderLabels(labels)
        self.cooccurrence.setVerticalHeaderLabels(labels)
        for r, x in enumerate(a.categories):
            for c, y in enumerate(a.categories):
                self.cooccurrence.setItem(r, c, _number(a.cooccurrence[x][y]))

    def _fill_retrieval(self) -> None:
        a = self.analysis
        if a is None:
            return
        group = self.group.currentData()
        wanted = None if group == _NONE else group
        ids = [d for g in a.groups if group in (_ALL, None) or g.value == wanted for d in g.document_ids]
        category = self.category.currentData()
        try:
            self.retrieved = retrieve(
                self.host.project,
                layer_id=a.layer.id,
                category=str(category) if category else None,
                document_ids=ids,
                whole_text=a.whole_text,
            )
        except AnnotatorError as exc:
            self.host.report(str(exc))
            return
        self.retrieval.setRowCount(len(self.retrieved))
        for row, r in enumerate(self.retrieved):
            doc = QTableWidgetItem(r.title)
            doc.setData(ID_ROLE, r.annotation_id)
            doc.setToolTip(f"{r.title}\n{r.outlet} {r.published}")
            before = QTableWidgetItem(r.before.replace("\n", " "))
            before.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            before.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            quote = QTableWidgetItem(r.quote.replace("\n", " ⏎ "))
            font = quote.font()
            font.setBold(True)
            quote.setFont(font)
            quote.setToolTip(r.before + r.quote + r.after + (f"\n\nNote: {r.note}" if r.note else ""))
            after = QTableWidgetItem(r.after.replace("\n", " "))
            after.setForeground(self.palette().color(QPalette.ColorRole.PlaceholderText))
            for col, item in enumerate((doc, before, quote, after)):
                self.retrieval.setItem(row, col, item)
        self.retrieval.setColumnWidth(0, 150)
        self.retrieval.setColumnWidth(1, 160)
        self.retrieval.setColumnWidth(3, 160)
        documents = len({r.document_id for r in self.retrieved})
        self.retrieval_count.setText(f"{len(self.retrieved)} spans in {documents} documents")

    def _on_open(self, item: QTableWidgetItem) -> None:
        row = item.row()
        if 0 <= row < len(self.retrieved):
            r = self.retrieved[row]
            self.host.jump_to(r.document_id, r.annotation_id)

    # -- saving ----------------------------------------------------------------------------------

    def _save(self, what: str) -> None:
        a = self.analysis
        if a is None:
            self.host.report(self.tr("Nothing to save: no figures yet"))
            return
        choices: dict[str, tuple[str, list[str], str]] = {
            "figures": ("Save the figures", ["CSV (*.csv)"], "figures.csv"),
            "matrix": ("Save the document × category matrix", ["CSV (*.csv)"], "matrix.csv"),
            "report": ("Save the analysis report", ["Web page (*.html)"], "analysis.html"),
            "retrieval": ("Export the retrieved spans", ["CSV (*.csv)"], "retrieval.csv"),
        }
        title, filters, name = choices[what]
        path = self.host.ask_save_path(purpose="analysis", title=title, filters=filters, name=name)
        if path is None:
            return
        project = self.host.project
        writers: dict[str, Callable[[], None]] = {
            "figures": lambda: write_rows_csv(figure_rows(a), path),
            "matrix": lambda: write_rows_csv(matrix_rows(a), path),
            "retrieval": lambda: write_retrieval_csv(self.retrieved, path),
            "report": lambda: write_html(
                render_html(
                    a,
                    codebook=project.codebook,
                    project_name=project.path.name if project.path else project.location,
                    project_memo=project.project_memo(),
                    document_memos=[
                        (d.title, d.memo) for d in project.documents() if d.memo and d.id in set(self._ids())
                    ],
                ),
                path,
            ),
        }
        try:
            writers[what]()
        except AnnotatorError as exc:
            self.host.report(str(exc))
            return
        self.host.say(f"Wrote {path}")

    def _ids(self) -> Sequence[str]:
        a = self.analysis
        return [d for g in a.groups for d in g.document_ids] if a is not None else []


class _ElideLeft(QStyledItemDelegate):
    """Cut a cell's text at its start, so the end of the context before a span stays in view."""

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideLeft


def _number(value: int, text: str | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text if text is not None else f"{value:,}")
    item.setData(Qt.ItemDataRole.UserRole, value)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return item


def _category_label(codebook: Codebook, category: str) -> str:
    cat = codebook.category(category)
    return cat.label if cat is not None else category


def _by_label(by: str) -> str:
    return translate("AnalysisPane", dict(GROUPINGS).get(by, by))


def _escape(text: str) -> str:
    from html import escape

    return escape(text)
