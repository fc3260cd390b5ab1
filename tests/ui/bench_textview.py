"""Benchmark: AnnotationTextView against a bare QPlainTextEdit on a large annotated document.

Not collected by pytest (no ``test_`` prefix). Run it directly::

    QT_QPA_PLATFORM=offscreen python tests/ui/bench_textview.py [--chars 1000000] [--spans 10000]

It measures the open time (``set_document`` + the first paint, forced with ``QWidget.grab``)
against ``setPlainText`` + first paint of a bare ``QPlainTextEdit`` with the same font, margins
and wrapping, then the time from an edit (``apply_change``) to the repainted viewport, and the
cost of scrolling to a part of the document not highlighted yet.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from annotator.domain import Annotation, AnnotationChange, Category, Codebook
from ui.textview import AnnotationTextView

WORDS = (
    "the harbour strike entered its third week on monday as union leaders said talks had stalled",
    "officials expected a vote café naïve Zürich Straße 2026 % figures",
    "😀 👩\u200d👩\u200d👧 שלום עולם مرحبا мир",
)
WORD_LIST = [w for chunk in WORDS for w in chunk.split(" ")]

CODEBOOK = Codebook(
    id="bench",
    version="1",
    categories=(
        Category(id="claim", label="Claim", color="#e41a1c"),
        Category(id="quote", label="Quote", color="#377eb8"),
        Category(id="statistic", label="Statistic", color="#4daf4a"),
        Category(id="opinion", label="Opinion", color="#984ea3"),
    ),
)


def make_text(chars: int, rnd: random.Random) -> str:
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        paragraph = " ".join(rnd.choice(WORD_LIST) for _ in range(rnd.randint(30, 110)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:chars]


def make_spans(text: str, count: int, rnd: random.Random) -> list[Annotation]:
    spans: list[Annotation] = []
    categories = CODEBOOK.category_ids
    for i in range(count):
        start = rnd.randrange(len(text) - 400)
        end = start + rnd.randint(3, 400)
        spans.append(
            Annotation(
                id=f"s{i}",
                document_id="d",
                start=start,
                end=end,
                quote=text[start:end],
                category=rnd.choice(categories),
                annotator_id="a",
            )
        )
    return spans


def timed(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``fn`` in milliseconds."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--chars", type=int, default=1_000_000)
    parser.add_argument("--spans", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    app = QApplication.instance() or QApplication([])
    rnd = random.Random(7)
    text = make_text(args.chars, rnd)
    spans = make_spans(text, args.spans, rnd)
    names = {"a": "Coder A"}

    view = AnnotationTextView()
    view.resize(1100, 800)
    view.show()
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setFont(view.font())
    bare.document().setDocumentMargin(view.DOCUMENT_MARGIN)
    bare.document().setUndoRedoEnabled(False)
    bare.setWordWrapMode(view.wordWrapMode())
    bare.resize(view.size())
    bare.setViewportMargins(view.viewportMargins())
    bare.show()
    app.processEvents()

    other = make_text(2000, rnd)

    def open_bare() -> None:
        bare.setPlainText(other)  # a different text first, as when switching documents
        app.processEvents()
        t0 = time.perf_counter()
        bare.setPlainText(text)
        bare.grab()
        results.setdefault("bare", []).append((time.perf_counter() - t0) * 1000)

    def open_view() -> None:
        view.set_document(text=other, annotations=[], codebook=CODEBOOK, annotator_names=names)
        app.processEvents()
        t0 = time.perf_counter()
        view.set_document(text=text, annotations=spans, codebook=CODEBOOK, annotator_names=names)
        view.grab()
        results.setdefault("view", []).append((time.perf_counter() - t0) * 1000)

    def open_view_plain() -> None:
        view.set_document(text=other, annotations=[], codebook=CODEBOOK, annotator_names=names)
        app.processEvents()
        t0 = time.perf_counter()
        view.set_document(text=text, annotations=[], codebook=CODEBOOK, annotator_names=names)
        view.grab()
        results.setdefault("view0", []).append((time.perf_counter() - t0) * 1000)

    results: dict[str, list[float]] = {}
    for _ in range(args.repeat):
        open_bare()
        open_view()
        open_view_plain()
        app.processEvents()
    bare_ms = statistics.median(results["bare"])
    view_ms = statistics.median(results["view"])
    view0_ms = statistics.median(results["view0"])

    # From an edit to the repainted viewport, on a span in view.
    view.set_document(text=text, annotations=spans, codebook=CODEBOOK, annotator_names=names)
    view.grab()
    app.processEvents()
    first = view.firstVisibleBlock()
    cp0, _ = view.position_map.block_cp_range(first)
    counter = iter(range(10**9))

    def tag_and_paint() -> None:
        n = next(counter)
        a = Annotation(
            id=f"new{n}",
            document_id="d",
            start=cp0 + 5,
            end=cp0 + 40,
            quote=text[cp0 + 5 : cp0 + 40],
            category="claim",
            annotator_id="a",
        )
        view.apply_change(AnnotationChange(document_id="d", before=None, after=a))
        view.viewport().repaint()
        view.apply_change(AnnotationChange(document_id="d", before=a, after=None))
        view.viewport().repaint()

    tag_ms = timed(tag_and_paint, 20) / 2
    select_ids = [a.id for a in view.span_index.overlapping(cp0, cp0 + 2000)] or [spans[0].id]
    select_iter = iter(select_ids * 100)

    def select_and_paint() -> None:
        view.select_annotation(next(select_iter))
        view.viewport().repaint()

    select_ms = timed(select_and_paint, 20)
    scroll = view.verticalScrollBar()
    positions = iter([int(scroll.maximum() * f) for f in (0.13, 0.29, 0.41, 0.57, 0.68, 0.79, 0.9, 0.97)])

    def scroll_and_paint() -> None:
        scroll.setValue(next(positions))
        view.viewport().repaint()

    scroll_ms = timed(scroll_and_paint, 8)
    paint_ms = timed(lambda: view.viewport().repaint(), 20)
    bare.setPlainText(text)
    bare.grab()
    bare_paint_ms = timed(lambda: bare.viewport().repaint(), 20)

    blocks = view.document().blockCount()
    print(f"document: {len(text):,} chars, {blocks:,} blocks, {len(spans):,} spans, Qt {qVersion()}")
    print(f"{'measure':<52}{'ms':>10}{'ratio':>9}")
    print(f"{'bare QPlainTextEdit setPlainText + first paint':<52}{bare_ms:>10.1f}{1.0:>9.2f}")
    print(f"{'view set_document, no spans + first paint':<52}{view0_ms:>10.1f}{view0_ms / bare_ms:>9.2f}")
    print(f"{'view set_document, all spans + first paint':<52}{view_ms:>10.1f}{view_ms / bare_ms:>9.2f}")
    print(f"{'apply_change (tag or untag) + repaint':<52}{tag_ms:>10.1f}")
    print(f"{'select_annotation + repaint':<52}{select_ms:>10.1f}")
    print(f"{'scroll to unhighlighted part + repaint':<52}{scroll_ms:>10.1f}")
    print(f"{'repaint of a highlighted screen':<52}{paint_ms:>10.1f}{paint_ms / bare_paint_ms:>9.2f}")
    print(f"{'repaint of the same screen, bare':<52}{bare_paint_ms:>10.1f}{1.0:>9.2f}")


if __name__ == "__main__":
    main()
