"""The learner: trained on a layer in a worker thread, cross-validated, skipped without scikit-learn."""

from __future__ import annotations

import random
import threading
from pathlib import Path

import pytest

from annotator.domain import AnnotatorKind
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.suggest import run_suggesters
from annotator.suggest.base import Cancelled
from annotator.suggest.learner import segment

pytest.importorskip("sklearn", reason="the learner needs scikit-learn (the assist extra)")

from annotator.suggest.evaluate import evaluate_learner
from annotator.suggest.learner import cross_validate, train

PLACES = [
    "the harbour",
    "the northern pier",
    "the ministry",
    "the assembly",
    "the rail line",
    "the school board",
]
DAYS = ["on Monday", "on Tuesday", "last week", "in March", "on Friday"]
CLAIMS = [
    "{p} closed {d} after the vote.",
    "{p} reported {d} that cargo traffic had stopped.",
    "Officials said {p} would reopen {d}.",
    "{p} signed the contract {d} with two suppliers.",
    "Police confirmed {d} that {p} was evacuated.",
]
OPINIONS = [
    "The decision by {p} is a reckless betrayal of every worker.",
    "{p} should resign, and it is long overdue.",
    "Frankly, the plan of {p} is a disgrace and a waste.",
    "Critics say {p} acted far too late and deserves blame.",
    "It is a shameful, cynical move by {p}.",
]
NEUTRAL = [
    "Share on Facebook | Share on X | Share by email",
    "Photo: a crane at dawn by a staff photographer.",
]


def generated_project(path: Path, *, documents: int = 24, seed: int = 3, noise: float = 0.1) -> Project:
    """Articles of claim, opinion and other sentences, coded in an adjudicated layer (with noise)."""
    rng = random.Random(seed)
    project = Project.open(path)
    reviewer = project.ensure_annotator(name="Rev")
    layer = project.adjudicated_layer(reviewer_id=reviewer.id, create=True)
    assert layer is not None and layer.kind is AnnotatorKind.ADJUDICATED
    for k in range(documents):
        sentences: list[tuple[str, str | None]] = []
        for _ in range(8):
            kind = rng.choice(["claim", "opinion", None])
            p, d = rng.choice(PLACES), rng.choice(DAYS)
            if kind == "claim":
                s = rng.choice(CLAIMS).format(p=p, d=d)
            elif kind == "opinion":
                s = rng.choice(OPINIONS).format(p=p)
            else:
                s = rng.choice(NEUTRAL)
            sentences.append((s[0].upper() + s[1:], kind))
        text = "\n\n".join(s for s, _ in sentences) + "\n"
        doc = project.add_document(text=text, title=f"generated {k}").document
        if k >= documents - 4:
            continue  # left uncoded, for the learner to suggest on
        pos = 0
        for s, kind in sentences:
            start = text.index(s, pos)
            pos = start + len(s)
            if rng.random() < noise:
                kind = rng.choice(["claim", "opinion", None])  # coders are not perfect
            if kind:
                project.add_annotation(
                    document_id=doc.id, start=start, end=start + len(s), category=kind, annotator_id=layer.id
                )
    return project


def test_segments_are_sentences_snapped_to_words() -> None:
    text = "Mr. Redvik said no. “We stay,” he said; the port is shut.\nShare\n"
    units = segment(text)
    assert [text[a:b] for a, b in units] == ["Mr. Redvik said no.", "“We stay,” he said; the port is shut."]
    clauses = segment(text, level="clause")
    assert "“We stay,” he said;" in [text[a:b] for a, b in clauses]


def test_training_in_a_worker_thread_with_progress_and_cancel(tmp_path: Path) -> None:
    project = generated_project(tmp_path / "g.annotator.sqlite")
    seen: list[tuple[int, int, str]] = []
    result: dict[str, object] = {}

    def work() -> None:
        result["model"] = train(project, progress=lambda d, t, w: seen.append((d, t, w)))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join(60)
    model = result["model"]
    assert seen and seen[-1][2] == "fitting the model"
    suggestions = run_suggesters(project, [model])  # type: ignore[list-item]
    coded = {a.document_id for a in project.annotations()}
    assert suggestions and all(s.document_id not in coded for s in suggestions)
    assert {s.category for s in suggestions} <= {"claim", "opinion"}
    assert all(0.5 <= s.score <= 1 and s.suggester == "learner" for s in suggestions)
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        train(project, cancel=cancel)
    project.close()


def test_cross_validated_scores_on_a_generated_project(tmp_path: Path) -> None:
    project = generated_project(tmp_path / "g.annotator.sqlite")
    data, totals = cross_validate(project, folds=5)
    assert len(set(data.groups)) == 20
    for category in ("claim", "opinion"):
        overlap = totals[category].overlap
        assert overlap.f1 is not None and overlap.f1 > 0.7, (category, overlap)
    rows = evaluate_learner(project, layer=None, folds=5)
    assert [r.category for r in rows] == ["claim", "opinion"]
    assert "cross-validation" in rows[0].method
    project.close()


def test_the_learner_refuses_a_layer_it_cannot_learn_from(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.annotator.sqlite")
    project.add_document(text="One sentence here. Another one there.", title="a")
    with pytest.raises(AnnotatorError, match="adjudicated"):
        train(project)
    project.ensure_annotator(name="Ana")
    with pytest.raises(AnnotatorError, match="coded 0 documents"):
        train(project, layer="Ana")
    project.close()
