"""The text view: opening a large annotated document, scrolling it, and the memory it takes.

The floor is a bare ``QPlainTextEdit`` set up like the view (same font, margins, wrapping, size,
read-only, no undo): what Qt itself costs for the same text, without any annotation.

Run on its own, it prints these cases and then a per-operation breakdown (not in the README's
table): open with and without spans, an edit, a selection, a scroll to a part not highlighted
yet, and a repaint, each in milliseconds::

    python -m tests.benchmarks.bench_textview [--breakdown] [--chars 1000000] [--spans 10000]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.common import FRAME_MS, Result, make_text, median, p95, spans_for, timed


def make_annotations(text: str, count: int, rnd: random.Random) -> list[Any]:
    from annotator.domain import Annotation

    return [
        Annotation(
            id=f"s{i}",
            document_id="d",
            start=s,
            end=e,
            quote=text[s:e],
            category=c,
            annotator_id="a",
        )
        for i, (s, e, c) in enumerate(spans_for(text, count, rnd))
    ]


def widgets() -> tuple[Any, Any]:
    """The view and a bare QPlainTextEdit made to look the same (shown, 1100 x 800)."""
    from PySide6.QtWidgets import QApplication, QPlainTextEdit

    from ui.textview.view import AnnotationTextView

    app = QApplication.instance() or QApplication([])
    view = AnnotationTextView()
    view.resize(1100, 800)
    view.show()
    bare = QPlainTextEdit()
    bare.setReadOnly(True)
    bare.setFont(view.font())
    bare.document().setDocumentMargin(view.DOCUMENT_MARGIN)
    bare.document().setUndoRedoEnabled(False)
    bare.setWordWrapMode(view.wordWrapMode())
    bare.setLineWrapMode(view.lineWrapMode())
    bare.resize(view.size())
    bare.setViewportMargins(view.viewportMargins())
    bare.show()
    app.processEvents()
    return view, bare


def open_case(chars: int, spans: int, *, repeat: int = 5) -> Result:
    """``set_document`` + first paint against ``setPlainText`` + first paint, median of ``repeat``."""
    from PySide6.QtWidgets import QApplication

    from annotator.codebook import default_codebook

    app = QApplication.instance() or QApplication([])
    rnd = random.Random(chars)
    text = make_text(chars, rnd)
    anns = make_annotations(text, spans, rnd)
    other = make_text(2000, rnd)
    codebook = default_codebook()
    names = {"a": "Coder A"}
    view, bare = widgets()
    ours, floor = [], []
    for _ in range(repeat):
        bare.setPlainText(other)  # a different document first, as when switching
        app.processEvents()
        floor.append(timed(lambda: (bare.setPlainText(text), bare.grab())))
        view.set_document(text=other, annotations=[], codebook=codebook, annotator_names=names)
        app.processEvents()
        ours.append(
            timed(
                lambda: (
                    view.set_document(text=text, annotations=anns, codebook=codebook, annotator_names=names),
                    view.grab(),
                )
            )
        )
    view.close()
    bare.close()
    ours_ms, floor_ms = median(ours), median(floor)
    return Result(
        case=f"open a {chars:,}-character document with {spans:,} spans (+ first paint)",
        ours=ours_ms,
        floor=floor_ms,
        unit="ms",
        aim="≤ 1.5× floor",
        met=ours_ms <= 1.5 * floor_ms,
        note="bare QPlainTextEdit setPlainText + first paint",
    )


def scroll_case(chars: int = 1_000_000, spans: int = 10_000) -> Result:
    """Frames while paging down through the document and jumping around it (a dragged thumb).

    Each frame is a scroll-bar move and a synchronous repaint; blocks coming into view for the
    first time are highlighted in that frame.
    """
    from PySide6.QtWidgets import QApplication

    from annotator.codebook import default_codebook

    app = QApplication.instance() or QApplication([])
    rnd = random.Random(chars + 1)
    text = make_text(chars, rnd)
    anns = make_annotations(text, spans, rnd)
    view, bare = widgets()
    view.set_document(text=text, annotations=anns, codebook=default_codebook(), annotator_names={"a": "A"})
    bare.setPlainText(text)
    view.grab()
    bare.grab()
    app.processEvents()

    def frames(widget: Any) -> list[float]:
        bar = widget.verticalScrollBar()
        page = max(1, bar.pageStep())
        jumps = random.Random(5)
        moves = [min(bar.maximum(), i * page) for i in range(1, 121)]
        moves += [jumps.randrange(bar.maximum() + 1) for _ in range(60)]
        out = []
        for value in moves:
            out.append(timed(lambda v=value: (bar.setValue(v), widget.viewport().repaint())))
        return out

    floor_frames = frames(bare)
    our_frames = frames(view)
    view.close()
    bare.close()
    ours_ms, floor_ms = p95(our_frames), p95(floor_frames)
    return Result(
        case=f"scroll frame through {chars:,} characters, {spans:,} spans (p95 of 180)",
        ours=ours_ms,
        floor=floor_ms,
        unit="ms",
        aim=f"≤ one 60 Hz frame ({FRAME_MS:.1f} ms)",
        met=ours_ms <= FRAME_MS,
        note="the same frames in a bare QPlainTextEdit",
    )


# -- memory, in a fresh process each --------------------------------------------------------------

CHILD = r"""
import json, os, random, resource, sys, tempfile
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QPlainTextEdit
from tests.benchmarks.common import make_text, rss_mb

mode, chars, path, doc_id = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
app = QApplication([])
folder = Path(tempfile.mkdtemp(prefix="annotator-bench-"))
if mode == "bare":
    text = make_text(chars, random.Random(chars))
    widget = QPlainTextEdit()
    widget.setReadOnly(True)
    widget.document().setUndoRedoEnabled(False)
    widget.resize(1100, 800)
    widget.show()
    app.processEvents()
    before = rss_mb()
    high = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    widget.setPlainText(text)
    widget.grab()
else:
    from annotator.project import Project
    from ui.window.mainwindow import MainWindow

    project = Project.open(path)
    small = project.add_document(text="A short article to start on.\n", title="Small").document.id
    window = MainWindow(project=project, annotator_name="Bench",
                        settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat))
    window.open_document(small)
    window.show()
    app.processEvents()
    before = rss_mb()
    high = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    window.open_document(doc_id)
    window.view.grab()
app.processEvents()
after = rss_mb()
peak = max(after, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
print(json.dumps({"growth": after - before, "peak": peak - before if peak > high else None}))
"""


def _child_memory(mode: str, chars: int, path: Path, doc_id: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(chars), str(path), doc_id],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def memory_case(chars: int = 1_000_000, spans: int = 10_000) -> Result:
    """RSS growth in a fresh process that did nothing else before (the project file is made here:
    building it in the measured process would leave freed memory behind for the open to reuse)."""
    from tests.benchmarks.bench_app import big_project

    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-memory-"))
    path, doc_id = big_project(folder, chars, spans)
    ours = _child_memory("app", chars, path, doc_id)
    floor = _child_memory("bare", chars, path, doc_id)
    shutil.rmtree(folder, ignore_errors=True)
    peak = f" (the app's peak during the open: +{ours['peak']:.0f} MB)" if ours["peak"] is not None else ""
    return Result(
        case=f"memory: RSS growth opening the {chars:,}-character document ({spans:,} spans) in the app",
        ours=ours["growth"],
        floor=floor["growth"],
        unit="MB",
        aim="≤ 150 MB",
        met=ours["growth"] <= 150 and (ours["peak"] is None or ours["peak"] <= 150),
        note=f"bare QPlainTextEdit setPlainText + paint{peak}",
    )


def run_all() -> list[Result]:
    return [open_case(100_000, 2_000), open_case(1_000_000, 10_000), scroll_case(), memory_case()]


# -- per-operation breakdown (printed when run on its own) ------------------------------------------


def breakdown(
    chars: int = 1_000_000, spans: int = 10_000, *, repeat: int = 5
) -> list[tuple[str, float, float | None]]:
    """What each step costs in the view: ``(measure, ms, ratio to the bare widget or None)``, medians.

    Opening with and without spans shows the highlighting's share of an open; then, on a span in
    view, an edit (``apply_change``, tag and untag) to the repainted viewport, ``select_annotation``
    to the repainted viewport, a jump to a part of the document not highlighted yet, and the
    repaint of a highlighted screen against the same screen in the bare widget.
    """
    from PySide6.QtWidgets import QApplication

    from annotator.codebook import default_codebook
    from annotator.domain import Annotation, AnnotationChange

    app = QApplication.instance() or QApplication([])
    rnd = random.Random(7)
    text = make_text(chars, rnd)
    anns = make_annotations(text, spans, rnd)
    other = make_text(2000, rnd)
    codebook = default_codebook()
    names = {"a": "Coder A"}
    view, bare = widgets()

    def open_view(given: list[Any]) -> float:
        view.set_document(text=other, annotations=[], codebook=codebook, annotator_names=names)
        app.processEvents()
        return timed(
            lambda: (
                view.set_document(text=text, annotations=given, codebook=codebook, annotator_names=names),
                view.grab(),
            )
        )

    floor, plain, full = [], [], []
    for _ in range(repeat):
        bare.setPlainText(other)  # a different document first, as when switching
        app.processEvents()
        floor.append(timed(lambda: (bare.setPlainText(text), bare.grab())))
        full.append(open_view(anns))
        plain.append(open_view([]))
        app.processEvents()
    floor_ms, plain_ms, full_ms = median(floor), median(plain), median(full)

    view.set_document(text=text, annotations=anns, codebook=codebook, annotator_names=names)
    view.grab()
    app.processEvents()
    cp0, _ = view.position_map.block_cp_range(view.firstVisibleBlock())
    serial = iter(range(10**9))

    def tag_and_untag() -> None:
        n = next(serial)
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

    tag_ms = median(timed(tag_and_untag) for _ in range(20)) / 2
    in_view = [a.id for a in view.span_index.overlapping(cp0, cp0 + 2000)] or [anns[0].id]
    select_ms = median(
        timed(lambda i=i: (view.select_annotation(in_view[i % len(in_view)]), view.viewport().repaint()))
        for i in range(20)
    )
    bar = view.verticalScrollBar()
    scroll_ms = median(
        timed(lambda f=f: (bar.setValue(int(bar.maximum() * f)), view.viewport().repaint()))
        for f in (0.13, 0.29, 0.41, 0.57, 0.68, 0.79, 0.9, 0.97)
    )
    paint_ms = median(timed(lambda: view.viewport().repaint()) for _ in range(20))
    bare.setPlainText(text)
    bare.grab()
    bare_paint_ms = median(timed(lambda: bare.viewport().repaint()) for _ in range(20))
    view.close()
    bare.close()
    return [
        ("bare QPlainTextEdit setPlainText + first paint", floor_ms, 1.0),
        ("view set_document, no spans + first paint", plain_ms, plain_ms / floor_ms),
        ("view set_document, all spans + first paint", full_ms, full_ms / floor_ms),
        ("apply_change (tag or untag) + repaint", tag_ms, None),
        ("select_annotation + repaint", select_ms, None),
        ("scroll to an unhighlighted part + repaint", scroll_ms, None),
        ("repaint of a highlighted screen", paint_ms, paint_ms / bare_paint_ms),
        ("repaint of the same screen, bare", bare_paint_ms, 1.0),
    ]


def print_breakdown(rows: list[tuple[str, float, float | None]], chars: int, spans: int) -> None:
    from PySide6.QtCore import qVersion

    print(f"breakdown: {chars:,} characters, {spans:,} spans, Qt {qVersion()}")
    print(f"{'measure':<52}{'ms':>10}{'ratio':>9}")
    for measure, ms, ratio in rows:
        print(f"{measure:<52}{ms:>10.1f}" + ("" if ratio is None else f"{ratio:>9.2f}"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.bench_textview")
    parser.add_argument("--breakdown", action="store_true", help="print the breakdown only")
    parser.add_argument("--chars", type=int, default=1_000_000, help="breakdown document size")
    parser.add_argument("--spans", type=int, default=10_000, help="breakdown span count")
    parser.add_argument("--repeat", type=int, default=5, help="breakdown opens to take the median of")
    args = parser.parse_args(argv)
    if not args.breakdown:
        for result in run_all():
            print(result)
    print_breakdown(breakdown(args.chars, args.spans, repeat=args.repeat), args.chars, args.spans)


if __name__ == "__main__":
    main()
