"""How good is each suggester? Precision, recall and F1 against a layer, exact and overlap.

The layer is the reference (a coder's or the adjudicated one). A suggester is compared on the
categories it suggests, over the documents the layer has coded (any annotation in them), with the
span matching of :mod:`annotator.agreement.span_matching`: exact (same start, end and category)
and overlap (same category, one shared code point; matched one to one). A learner is scored by
cross-validation instead (:func:`annotator.suggest.learner.cross_validate`), never on the
documents it was trained on.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass

from annotator.agreement.span_matching import SpanCounts, SpanScores, exact_matches, overlap_matches
from annotator.domain import Annotator
from annotator.project import Project
from annotator.suggest.base import Progress, Suggester
from annotator.suggest.run import run_suggesters

__all__ = ["Evaluation", "evaluate", "evaluate_learner", "format_evaluation"]


@dataclass(frozen=True, slots=True)
class Evaluation:
    """One suggester's scores for one category against the reference layer."""

    suggester: str
    category: str
    counts: SpanCounts
    documents: int
    method: str = "against the layer"

    def to_json_dict(self) -> dict[str, object]:
        def scores(s: SpanScores) -> dict[str, object]:
            return {
                "matched": s.matched,
                "reference": s.reference,
                "suggested": s.other,
                "precision": s.precision,
                "recall": s.recall,
                "f1": s.f1,
            }

        return {
            "suggester": self.suggester,
            "category": self.category,
            "documents": self.documents,
            "method": self.method,
            "exact": scores(self.counts.exact),
            "overlap": scores(self.counts.overlap),
        }


def coded_documents(project: Project, layer: Annotator) -> list[str]:
    """The documents the layer has annotations in, in project order."""
    coded = {t[0] for t in project.span_tuples(annotator_ids=[layer.id])}
    return [d.id for d in project.documents() if d.id in coded]


def evaluate(
    project: Project,
    suggesters: Sequence[Suggester],
    *,
    layer: Annotator,
    document_ids: Sequence[str] | None = None,
) -> list[Evaluation]:
    """Each suggester's scores per category against ``layer`` (default: the documents it coded)."""
    ids = list(document_ids) if document_ids is not None else coded_documents(project, layer)
    reference: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for doc, _, start, end, category in project.span_tuples(annotator_ids=[layer.id]):
        reference.setdefault((doc, category), []).append((start, end))
    rows = []
    for suggester in suggesters:
        suggested: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for s in run_suggesters(project, [suggester], document_ids=ids):
            suggested.setdefault((s.document_id, s.category), []).append((s.start, s.end))
        for category in suggester.categories:
            total = SpanCounts()
            for doc in ids:
                gold = reference.get((doc, category), [])
                mine = suggested.get((doc, category), [])
                total = total + SpanCounts(
                    exact=SpanScores(exact_matches(gold, mine), len(gold), len(mine)),
                    overlap=SpanScores(overlap_matches(gold, mine), len(gold), len(mine)),
                )
            rows.append(Evaluation(suggester.name, category, total, len(ids)))
    return rows


def evaluate_learner(
    project: Project,
    *,
    layer: str | None,
    folds: int = 5,
    level: str = "sentence",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[Evaluation]:
    """The learner's cross-validated scores per category on the layer's coded documents."""
    from annotator.suggest.learner import cross_validate

    data, totals = cross_validate(
        project, layer=layer, folds=folds, level=level, progress=progress, cancel=cancel
    )
    n = len(set(data.groups))
    method = f"{min(folds, n)}-fold cross-validation by document, {level}s"
    return [Evaluation("learner", c, totals[c], n, method) for c in data.categories]


def _pct(value: float | None) -> str:
    return "   -" if value is None else f"{value:4.2f}"


def format_evaluation(rows: Sequence[Evaluation], *, layer: str) -> str:
    """A readable table: one line per suggester and category."""
    lines = [
        f"reference: layer {layer!r}",
        f"{'suggester':<12} {'category':<10} {'docs':>4} {'ref':>5} {'sugg':>5}   "
        f"{'exact P':>7} {'R':>4} {'F1':>4}   {'overlap P':>9} {'R':>4} {'F1':>4}",
    ]
    for r in rows:
        e, o = r.counts.exact, r.counts.overlap
        lines.append(
            f"{r.suggester:<12} {r.category:<10} {r.documents:>4} {e.reference:>5} {e.other:>5}   "
            f"{_pct(e.precision):>7} {_pct(e.recall):>4} {_pct(e.f1):>4}   "
            f"{_pct(o.precision):>9} {_pct(o.recall):>4} {_pct(o.f1):>4}"
            + ("" if r.method == "against the layer" else f"   ({r.method})")
        )
    return "\n".join(lines)
