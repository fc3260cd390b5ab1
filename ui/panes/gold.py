"""Study > Compare with Gold…: a pane with a coder's own differences from the gold coding, one by one.

A list of the places where the coder's spans differ from the reference (missed, extra, wrong
category, other boundaries; :func:`annotator.reliability.gold.gold_differences`), a Previous /
Next stepper, and beside the chosen place both spans with the codebook's definition of each
category (and its include / exclude rules), so the coder sees why. Choosing a place asks the
window to show it in the text (:attr:`GoldComparison.jump_requested`), which the pane leaves in
view (it docks under the text). Nothing here edits anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Annotation, Codebook
from annotator.reliability.gold import DifferenceKind, GoldDifference

__all__ = ["GoldComparison"]

_EXPLAIN = {
    DifferenceKind.MISSED: "The gold coding has a span here; you have none.",
    DifferenceKind.EXTRA: "You marked a span here; the gold coding has none.",
    DifferenceKind.WRONG_CATEGORY: "You both marked this place, with different categories.",
    DifferenceKind.BOUNDARY: "Same category, but the span starts or ends elsewhere.",
}


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


class GoldComparison(QWidget):
    """The coder's differences from ``reference`` (a layer's name) in ``differences``."""

    #: Show this place in the text: (document id, start, end) in code points.
    jump_requested = Signal(str, int, int)

    def __init__(
        self,
        *,
        differences: Sequence[GoldDifference],
        reference: str,
        coder: str,
        documents: int,
        codebook: Codebook,
        titles: Mapping[str, str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("goldComparison")
        self.coder = coder
        self.differences = list(differences)
        self.codebook = codebook
        self.titles = dict(titles)
        counts = {k: sum(d.kind is k for d in self.differences) for k in DifferenceKind}
        self.summary = QLabel(
            (
                f"{len(self.differences)} place{'' if len(self.differences) == 1 else 's'} where your "
                f"coding differs from {reference} "
                f"({documents} document{'' if documents == 1 else 's'} compared): "
                + ", ".join(f"{n} {k.label}" for k, n in counts.items() if n)
            )
            if self.differences
            else (
                f"Your coding matches {reference} in all {documents} documents compared."
                if documents
                else f"{reference} has coded none of your documents yet: nothing to compare."
            )
        )
        self.summary.setObjectName("goldSummary")
        self.summary.setWordWrap(True)
        self.list = QListWidget()
        self.list.setObjectName("goldDifferences")
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        for d in self.differences:
            item = QListWidgetItem(self._lines(d))
            item.setToolTip(self.titles.get(d.document_id, d.document_id))
            self.list.addItem(item)
        self.list.currentRowChanged.connect(self._on_row)
        self.kind_label = QLabel()
        self.kind_label.setObjectName("goldKind")
        self.kind_label.setWordWrap(True)
        self.yours = QTextBrowser()
        self.yours.setObjectName("goldYours")
        self.gold = QTextBrowser()
        self.gold.setObjectName("goldReference")
        sides = QSplitter(Qt.Orientation.Horizontal)
        for browser in (self.yours, self.gold):
            browser.setOpenLinks(False)
            sides.addWidget(browser)
        detail = QWidget()
        detail_layout = QVBoxLayout(detail)
        detail_layout.setContentsMargins(0, 0, 0, 0)
        detail_layout.addWidget(self.kind_label)
        detail_layout.addWidget(sides, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.list)
        splitter.addWidget(detail)
        splitter.setSizes([340, 760])
        self.position = QLabel()
        self.position.setObjectName("goldPosition")
        self.previous_button = QPushButton(self.tr("&Previous"))
        self.previous_button.setObjectName("goldPrevious")
        self.next_button = QPushButton(self.tr("&Next"))
        self.next_button.setObjectName("goldNext")
        self.previous_button.clicked.connect(lambda: self.step(-1))
        self.next_button.clicked.connect(lambda: self.step(1))
        stepper = QHBoxLayout()
        stepper.addWidget(self.previous_button)
        stepper.addWidget(self.next_button)
        stepper.addWidget(self.position)
        stepper.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)
        layout.addLayout(stepper)
        if self.differences:
            self.list.setCurrentRow(0)
        else:
            self._show_buttons()

    def _lines(self, d: GoldDifference) -> str:
        """A list entry: what differs and in which category, the words, the document."""
        span = d.reference_span or d.coder_span
        quote = _short(span.quote if span is not None else "", 52)
        kind = d.kind.label.capitalize()
        if d.kind is DifferenceKind.WRONG_CATEGORY and d.coder_span and d.reference_span:
            what = f"{kind}: {self._label(d.coder_span)}, gold {self._label(d.reference_span)}"
        else:
            what = f"{kind} · {self._label(span)}"
        return f"{what}\n“{quote}”\n{_short(self.titles.get(d.document_id, ''), 52)}"

    def _label(self, span: Annotation | None) -> str:
        if span is None:
            return ""
        category = self.codebook.category(span.category)
        return category.label if category is not None else span.category

    def current(self) -> GoldDifference | None:
        row = self.list.currentRow()
        return self.differences[row] if 0 <= row < len(self.differences) else None

    def step(self, delta: int) -> None:
        """Go to the previous (-1) or next (+1) difference."""
        row = self.list.currentRow() + delta
        if 0 <= row < len(self.differences):
            self.list.setCurrentRow(row)

    def _show_buttons(self) -> None:
        row = self.list.currentRow()
        self.previous_button.setEnabled(row > 0)
        self.next_button.setEnabled(0 <= row < len(self.differences) - 1)
        self.position.setText(f"{row + 1} of {len(self.differences)}" if self.differences else "")

    def _on_row(self, _row: int) -> None:
        self._show_buttons()
        d = self.current()
        if d is None:
            for widget in (self.kind_label, self.yours, self.gold):
                widget.clear()
            return
        title = escape(self.titles.get(d.document_id, d.document_id))
        self.kind_label.setText(
            f"<b>{escape(d.kind.label.capitalize())}</b> in <i>{title}</i>. {escape(_EXPLAIN[d.kind])}"
        )
        self.yours.setHtml(self._span_html("Yours", d.coder_span))
        self.gold.setHtml(self._span_html("Gold", d.reference_span))
        self.jump_requested.emit(d.document_id, d.start, d.end)

    def _span_html(self, who: str, span: Annotation | None) -> str:
        if span is None:
            return f"<p><b>{escape(who)}</b></p><p><i>no span here</i></p>"
        category = self.codebook.category(span.category)
        parts = [
            f"<p><b>{escape(who)}: {escape(self._label(span))}</b></p>",
            f"<p>“{escape(_short(span.quote, 300))}” (characters {span.start:,}–{span.end:,})</p>",
        ]
        if category is not None:
            if category.definition:
                parts.append(f"<p><b>Definition.</b> {escape(category.definition)}</p>")
            for heading, rules in (("Include", category.include), ("Exclude", category.exclude)):
                if rules:
                    items = "".join(f"<li>{escape(rule)}</li>" for rule in rules)
                    parts.append(f"<p><b>{heading}</b></p><ul>{items}</ul>")
        return "".join(parts)

    def detail_text(self) -> str:
        """What the detail shows, as plain text (both sides)."""
        return "\n".join([self.kind_label.text(), self.yours.toPlainText(), self.gold.toPlainText()])
