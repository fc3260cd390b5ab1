"""Intercoder agreement over a whole project: 2,000 documents x 2 annotators x 50 spans.

``agreement_for_project`` reads both layers from the store and computes alpha_U, the position
alpha and kappa and span F1 in one pass. There is no plain-library equivalent of the whole, so
the floor is the part any tool must do: reading the same spans with plain sqlite3; the aim is
that a reviewer gets the table without waiting (about two seconds).

The bootstrap case times the confidence intervals alone (1,000 resamples of the 2,000 documents:
alpha_U per category and overall, and position alpha, in every resample), after the point
estimates. Its floor is what any resampling of documents must do: draw the 1,000 x 2,000 document
weights and multiply them with a table of per-document sums (numpy, the same generator); the aim
is "a few seconds".
"""

from __future__ import annotations

import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Any

from tests.benchmarks.common import Result, dataset, median, timed

DOCUMENTS = 2000
SPANS = 50
DRAWS = 1000


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


def _spans(data: dict[str, Any]) -> tuple[list[Any], list[str], list[str]]:
    from annotator.agreement import DocumentSpans

    coders = [a["id"] for a in data["annotators"]]
    documents = []
    for d in data["documents"]:
        spans: dict[str, list[tuple[int, int, str]]] = {c: [] for c in coders}
        for a in d["annotations"]:
            spans[a["annotator"]].append((a["start"], a["end"], a["category"]))
        documents.append(DocumentSpans(len(d["text"]), spans))
    return documents, coders, [c["id"] for c in data["codebook"]["categories"]]


def _floor_draws(documents: int, draws: int, columns: int) -> None:
    import numpy as np

    from annotator.agreement.bootstrap import resample_counts
    from annotator.agreement.intervals import BootstrapSettings

    table = np.random.default_rng(1).random((documents, columns))
    for weights in resample_counts(documents, BootstrapSettings(draws=draws)):
        weights @ table


def bootstrap_case(repeat: int = 3) -> Result:
    from annotator.agreement import results
    from annotator.agreement.intervals import BootstrapSettings

    data = dataset(documents=DOCUMENTS, annotators=2, spans_per_annotator=SPANS, seed=2, drop=0.0)
    documents, coders, categories = _spans(data)
    del data
    report, parts, tallies = results._gather(documents, coders, categories, keep_rows=True)
    lengths = [d.length for d in documents]
    settings = BootstrapSettings(draws=DRAWS)

    def ours() -> None:
        results._agreement_intervals(report, parts=parts, lengths=lengths, tallies=tallies, settings=settings)

    ours()  # numpy's first import and warm-up are not the bootstrap's
    measured = median(timed(ours) for _ in range(repeat))
    floor = median(timed(lambda: _floor_draws(DOCUMENTS, DRAWS, 5 * len(categories))) for _ in range(repeat))
    return Result(
        case=f"bootstrap intervals: {DRAWS:,} resamples of {DOCUMENTS:,} documents × 2 annotators × "
        f"{SPANS} spans",
        ours=measured,
        floor=floor,
        unit="ms",
        aim="≤ 3,000 ms",
        met=measured <= 3000,
        note=f"drawing the {DRAWS:,} × {DOCUMENTS:,} document weights and multiplying them with a "
        f"{DOCUMENTS:,} × {5 * len(categories)} table of per-document sums (numpy)",
    )


def review_case(edits: int = 20) -> Result:
    """Review mode at scale: one document edited, the project's agreement brought up to date.

    ``BENCH_REVIEW_DOCUMENTS`` (default 10,000) documents x 5 coders x 50 spans are counted in a
    :class:`~annotator.agreement.pooled.PooledAgreement`; the case times one edited document's
    contribution replaced and the whole report rebuilt from the totals. The floor is computing
    that one document's coefficients plainly (``compute_document_agreement``). To keep the run
    short, 200 distinct generated documents are counted over and over under different ids (the
    totals then hold as many units and gaps as real documents would).
    """
    import os
    import random

    from annotator.agreement import DocumentSpans
    from annotator.agreement.pooled import PooledAgreement, contribution
    from annotator.agreement.results import compute_document_agreement

    count = int(os.environ.get("BENCH_REVIEW_DOCUMENTS", "10000"))
    data = dataset(documents=min(count, 200), annotators=5, spans_per_annotator=SPANS, seed=4)
    documents, coders, categories = _spans(data)
    del data
    parts = [contribution(d, annotators=coders, categories=categories) for d in documents]
    pooled = PooledAgreement(annotators=coders, categories=categories)
    for i in range(count):
        pooled.set_contribution(f"doc-{i}", parts[i % len(parts)])
    rnd = random.Random(5)
    ours, floor = [], []
    for e in range(edits + 2):
        d = rnd.randrange(len(documents))
        base = documents[d]
        first = coders[0]
        spans = dict(base.spans)
        own = list(spans[first])
        if own:
            start, end, category = own.pop(rnd.randrange(len(own)))
            own.append((start, max(start + 1, end - 1), category))
        spans[first] = own
        edited = DocumentSpans(base.length, spans)
        key = f"doc-{rnd.randrange(count)}"
        t_ours = timed(lambda k=key, doc=edited: (pooled.set(k, doc), pooled.report()))
        t_floor = timed(
            lambda doc=edited: compute_document_agreement(doc, annotators=coders, categories=categories)
        )
        if e >= 2:
            ours.append(t_ours)
            floor.append(t_floor)
    ours_ms, floor_ms = median(ours), median(floor)
    return Result(
        case=f"review: agreement after one edit, {count:,} documents × 5 coders × {SPANS} spans "
        f"(median of {edits})",
        ours=ours_ms,
        floor=floor_ms,
        unit="ms",
        aim="≤ 2× floor",
        met=ours_ms <= 2 * floor_ms,
        note="computing the edited document's coefficients plainly (compute_document_agreement)",
    )


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
        ),
        bootstrap_case(repeat),
        review_case(),
    ]


if __name__ == "__main__":
    for result in run_all():
        print(result)
