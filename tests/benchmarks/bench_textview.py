"""The text view: opening a large annotated document, scrolling it, and the memory it takes.

The floor is a bare ``QPlainTextEdit`` set up like the view (same font, margins, wrapping, size,
read-only, no undo): what Qt itself costs for the same text, without any annotation.
"""

from __future__ import annotations

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

    from ui.textview import AnnotationTextView

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
    from ui.mainwindow import MainWindow

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


if __name__ == "__main__":
    for result in run_all():
        print(result)
