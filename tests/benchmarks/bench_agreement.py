"""Intercoder agreement over a whole project: 2,000 documents x 2 annotators x 50 spans.

``agreement_for_project`` reads both layers from the store and computes alpha_U, the position
alpha and kappa and span F1 in one pass. There is no plain-library equivalent of the whole, so
the floor is the part any tool must do: reading the same spans with plain sqlite3; the aim is
that a reviewer gets the table without waiting (about two seconds).
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path

from tests.benchmarks.common import Result, dataset, median, timed

DOCUMENTS = 2000
SPANS = 50


def _plain_read(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute(
            'SELECT document_id, annotator_id, start, "end", category FROM annotations'
            ' ORDER BY document_id, start, "end" DESC'
        ).fetchall()
        con.execute("SELECT id, length(text) FROM documents ORDER BY position").fetchall()
    finally:
        con.close()


def run_all(repeat: int = 3) -> list[Result]:
    from annotator.dataset import import_dataset_data
    from annotator.project import Project
    from annotator.reliability import agreement_for_project

    folder = Path(tempfile.mkdtemp(prefix="annotator-bench-agree-"))
    path = folder / "agree.sqlite"
    data = dataset(documents=DOCUMENTS, annotators=2, spans_per_annotator=SPANS, seed=2, drop=0.0)
    count = sum(len(d["annotations"]) for d in data["documents"])
    with Project.open(path) as project:
        import_dataset_data(project, data)
    del data
    with Project.open(path) as project:
        ours = median(timed(lambda: agreement_for_project(project)) for _ in range(repeat))
    floor = median(timed(lambda: _plain_read(path)) for _ in range(repeat))
    shutil.rmtree(folder, ignore_errors=True)
    return [
        Result(
            case=f"agreement over {DOCUMENTS:,} documents × 2 annotators × {SPANS} spans ({count:,} spans)",
            ours=ours,
            floor=floor,
            unit="ms",
            aim="≤ 2,000 ms",
            met=ours <= 2000,
            note="reading the same spans with plain sqlite3",
        )
    ]


if __name__ == "__main__":
    for result in run_all():
        print(result)
