"""Main-thread stalls in a scripted session, measured by a timer that records event-loop latency.

A 5 ms precise timer runs through the whole session; every time it fires late, the lateness is how
long the event loop could not run (input, painting, everything waits that long). The session, one
step per event-loop turn, as a coder and then a reviewer would go: open the 1,000,000-character
document (10,000 spans), tag 50 spans with the keyboard, switch documents, enter Review mode on
``BENCH_SESSION_DOCUMENTS`` (default 2,000) documents x 3 coders x 20 spans, accept 20 decisions,
export the dataset (JSON, File > Export after its dialog: a worker writes it). The table shows the longest
stall, with p50/p95 and the step that caused it in the note.
"""

from __future__ import annotations

import os
import random
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Result, median, p95

INTERVAL_MS = 5
PROFILE: Any = None  # a cProfile.Profile to run the PROFILE_STEP steps under (investigations)
PROFILE_STEP = ""
STALL_MS = 50


class StallMeter:
    """Records how late a ``INTERVAL_MS`` timer fires: the event loop's latency, all session long."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.gaps: list[tuple[float, str]] = []
        self.step = ""
        self._last = time.perf_counter()
        self._timer = QTimer()
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self._tick)

    def start(self) -> None:
        self._last = time.perf_counter()
        self._timer.start()

    def stop(self) -> None:
        self._timer.stop()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append((max(0.0, (now - self._last) * 1000 - INTERVAL_MS), self.step))
        self._last = now

    def latencies(self) -> list[float]:
        return [gap for gap, _ in self.gaps]

    def by_step(self) -> dict[str, float]:
        """The longest stall after each kind of step (the step whose turn it was last)."""
        out: dict[str, float] = {}
        for gap, step in self.gaps:
            out[step] = max(out.get(step, 0.0), gap)
        return out

    def worst(self) -> tuple[float, str]:
        return max(self.gaps, default=(0.0, ""))


def _review_project(folder: Path, documents: int) -> Path:
    from annotator.dataset import import_dataset_data
    from annotator.project import Project
    from tests.benchmarks.bench_app import big_project
    from tests.benchmarks.common import dataset

    path, _doc = big_project(folder, 1_000_000, 10_000)
    data = dataset(documents=documents, annotators=3, spans_per_annotator=20, seed=7)
    with Project.open(path) as project:
        import_dataset_data(project, data)
    return path


def session_case() -> Result:
    from PySide6.QtCore import QEventLoop, QSettings, Qt, QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    from annotator.project import Project
    from ui.window.background import wait_for_background
    from ui.window.mainwindow import MainWindow

    app = QApplication.instance() or QApplication([])
    documents = int(os.environ.get("BENCH_SESSION_DOCUMENTS", "2000"))
    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-session-"))
    path = _review_project(folder, documents)
    project = Project.open(path)
    window = MainWindow(
        project=project,
        annotator_name="Coder 0",
        settings=QSettings(str(folder / "s.ini"), QSettings.Format.IniFormat),
    )
    window.resize(1400, 880)
    window.show()
    QTest.qWaitForWindowExposed(window)
    window.activateWindow()
    infos = project.documents()
    big = next(d.id for d in infos if d.length >= 1_000_000)
    others = [d.id for d in infos if d.id != big]
    view = window.view
    rnd = random.Random(3)
    steps: list[tuple[str, Callable[[], object]]] = [
        ("open the 1M document", lambda: window.open_document(big))
    ]

    def tag(i: int) -> None:
        cp0, cp1 = view.position_map.block_cp_range(view.firstVisibleBlock())
        start = cp0 + 2 + (i * 13) % max(1, min(cp1 - cp0 - 30, 400))
        view.select_annotation(None)
        view.select_range(start, start + 15)
        QTest.keyClick(view, Qt.Key.Key_1)

    steps += [("tag a span", lambda i=i: tag(i)) for i in range(50)]
    steps += [
        ("switch documents", lambda: window.open_document(others[0])),
        ("switch documents", lambda: window.open_document(others[1])),
        ("enter Review mode", window.act_review_mode.trigger),
    ]
    panel = window.review_panel

    def decide() -> None:
        group = panel.step(1)
        if group is not None and group.members:
            panel.accept_member(group.members[0].id)

    steps += [("wait for the project's agreement", lambda: None)] * 5
    steps += [("accept a decision", decide) for _ in range(20)]
    steps += [("export the dataset (JSON)", lambda: window.export_to(folder / "out.json", "json"))]
    steps += [("export running", lambda: None)] * 40

    meter = StallMeter()
    loop = QEventLoop()
    queue = list(steps)

    def next_step() -> None:
        if not queue:
            meter.step = ""
            QTimer.singleShot(50, loop.quit)
            return
        meter.step, action = queue.pop(0)
        if PROFILE is not None and meter.step == PROFILE_STEP:
            PROFILE.runcall(action)
        else:
            action()
        QTimer.singleShot(20 + rnd.randrange(10), next_step)

    meter.start()
    QTimer.singleShot(50, next_step)
    loop.exec()
    meter.stop()
    panel.wait_for_agreement()
    wait_for_background()
    window.close()
    project.close()
    app.processEvents()
    latencies = meter.latencies()
    if os.environ.get("BENCH_SESSION_VERBOSE"):
        print(meter.by_step())
    worst, where = meter.worst()
    return Result(
        case=f"longest main-thread stall in a scripted session ({documents:,} review documents × 3 coders)",
        ours=worst,
        floor=None,
        unit="ms",
        aim=f"≤ {STALL_MS} ms",
        met=worst <= STALL_MS,
        note=f"event-loop latency of a {INTERVAL_MS} ms timer over {len(latencies):,} ticks: "
        f"p50 {median(latencies):.1f} ms, p95 {p95(latencies):.1f} ms, max {worst:.0f} ms ({where}); "
        "steps: open the 1M document, tag 50 spans, switch documents, Review mode, accept 20 decisions, "
        "export JSON",
    )


def run_all() -> list[Result]:
    return [session_case()]


if __name__ == "__main__":
    for result in run_all():
        print(result)
