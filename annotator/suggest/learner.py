"""A learner for claims and opinions: sentences (or clauses) like those a layer coded.

Trained on one layer's annotations (by default the adjudicated layer, else a named one), it
proposes ``claim`` and ``opinion`` spans, one sentence or clause each, for documents that layer has
not coded. The model is deliberately plain: TF-IDF over words and word pairs, one logistic
regression per category (scikit-learn, the optional ``assist`` extra). It knows only the words of
the sentences it was shown, so it is as good as the layer is large and consistent;
:func:`cross_validate` says how good, on the project itself, before anyone trusts it
(``annotator suggest --evaluate``).

Training reads the project, then fits; it may run in a worker thread: ``progress`` hears
``(done, total, what)`` and a set ``cancel`` event stops it with :class:`Cancelled` between steps.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from annotator.agreement.span_matching import SpanCounts, SpanScores, exact_matches, overlap_matches
from annotator.domain import Annotation, Annotator, AnnotatorKind, Document
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.suggest.base import Cancelled, Progress, Suggestion
from annotator.words import snap_to_words

__all__ = [
    "LearnedSuggester",
    "TrainingSet",
    "available",
    "collect",
    "cross_validate",
    "resolve_layer",
    "segment",
    "train",
]

VERSION = "1"
CATEGORIES = ("claim", "opinion")
#: Share of a unit (or of the span, if shorter) a coded span must cover to label the unit.
COVER = 0.5
THRESHOLD = 0.5

_SENTENCE_END = re.compile(r"[.?!\u2026]+[\"\u201d\u2019\u00bb)\]]*(?=\s+|$)")
_CLAUSE_BREAK = re.compile(r"[;:]\s+|,\s+(?=(?:but|while|although|whereas|because|and|though)\b)")
_ABBREVIATIONS = frozenset(("mr", "mrs", "ms", "dr", "st", "prof", "gen", "col", "lt", "sgt", "vs", "etc"))
_WORDS = re.compile(r"\w+")


def available() -> bool:
    """Whether scikit-learn is installed (``pip install 'news-annotator[assist]'``)."""
    return importlib.util.find_spec("sklearn") is not None


def _require_sklearn() -> None:
    if not available():
        raise AnnotatorError(
            "the learner needs scikit-learn: install the assist extra (pip install 'news-annotator[assist]')"
        )


def segment(text: str, *, level: str = "sentence") -> list[tuple[int, int]]:
    """Sentences (or, with ``level="clause"``, clauses) of ``text`` as code-point spans.

    Each is snapped to words; units of fewer than three words (datelines, page furniture) are
    left out.
    """
    if level not in ("sentence", "clause"):
        raise AnnotatorError(f"unknown unit {level!r}: use sentence or clause")
    units: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        cuts = [0]
        for m in _SENTENCE_END.finditer(line):
            word = re.search(r"(\w+)\W*$", line[: m.start() + 1])
            if word and word.group(1).lower() in _ABBREVIATIONS:
                continue
            cuts.append(m.end())
        cuts.append(len(line))
        pieces = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        if level == "clause":
            split: list[tuple[int, int]] = []
            for a, b in pieces:
                last = a
                for m in _CLAUSE_BREAK.finditer(line, a, b):
                    split.append((last, m.start() + 1))
                    last = m.end()
                split.append((last, b))
            pieces = split
        for a, b in pieces:
            snapped = snap_to_words(text, pos + a, pos + b)
            if snapped is not None and len(_WORDS.findall(text[snapped[0] : snapped[1]])) >= 3:
                units.append(snapped)
        pos += len(line) + 1
    return units


def resolve_layer(project: Project, layer: str | None) -> Annotator:
    """The layer named (by name or id), or the adjudicated layer with the most annotations."""
    annotators = project.annotators()
    if layer:
        match = [a for a in annotators if layer in (a.id, a.name)]
        if len(match) != 1:
            raise AnnotatorError(f"{'no' if not match else len(match)} layers are called {layer!r}")
        return match[0]
    adjudicated = [a for a in annotators if a.kind is AnnotatorKind.ADJUDICATED]
    if not adjudicated:
        raise AnnotatorError(
            "the project has no adjudicated layer; name the layer to learn from (--layer NAME)"
        )
    counts = project.span_counts()
    return max(adjudicated, key=lambda a: counts.get(a.id, 0))


@dataclass(slots=True)
class TrainingSet:
    """Units of the documents a layer coded, with their labels (one list per category)."""

    layer: Annotator
    categories: tuple[str, ...]
    level: str
    texts: list[str] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    """The document of each unit (cross-validation keeps a document's units together)."""
    units: list[tuple[int, int]] = field(default_factory=list)
    labels: dict[str, list[int]] = field(default_factory=dict)
    gold: dict[str, list[Annotation]] = field(default_factory=dict)
    """The layer's annotations of the categories, per document."""


def _label(unit: tuple[int, int], spans: Iterable[Annotation]) -> bool:
    a, b = unit
    for s in spans:
        shared = min(b, s.end) - max(a, s.start)
        if shared > 0 and shared >= COVER * min(b - a, s.end - s.start):
            return True
    return False


def collect(
    project: Project,
    *,
    layer: str | None = None,
    categories: Sequence[str] = CATEGORIES,
    level: str = "sentence",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> TrainingSet:
    """The training units: every unit of every document the layer has annotations in."""
    chosen = resolve_layer(project, layer)
    known = set(project.codebook.category_ids)
    cats = tuple(c for c in categories if c in known)
    if not cats:
        raise AnnotatorError(f"the codebook has none of the categories {', '.join(categories)}")
    annotations = project.annotations(annotator_ids=[chosen.id])
    by_doc: dict[str, list[Annotation]] = {}
    for a in annotations:
        by_doc.setdefault(a.document_id, []).append(a)
    data = TrainingSet(layer=chosen, categories=cats, level=level, labels={c: [] for c in cats})
    ids = [d.id for d in project.documents() if d.id in by_doc]
    for done, doc_id in enumerate(ids, start=1):
        if cancel is not None and cancel.is_set():
            raise Cancelled("training cancelled")
        text = project.document(doc_id).text
        spans = by_doc[doc_id]
        data.gold[doc_id] = [a for a in spans if a.category in cats]
        for unit in segment(text, level=level):
            data.texts.append(text[unit[0] : unit[1]])
            data.groups.append(doc_id)
            data.units.append(unit)
            for c in cats:
                data.labels[c].append(int(_label(unit, (a for a in spans if a.category == c))))
        if progress is not None:
            progress(done, len(ids), "reading the coded documents")
    return data


def _fit(texts: Sequence[str], labels: Mapping[str, Sequence[int]]) -> tuple[Any, dict[str, Any]]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
    matrix = vectorizer.fit_transform(texts)
    models: dict[str, Any] = {}
    for category, y in labels.items():
        if len(set(y)) < 2:
            continue  # nothing (or everything) coded as this category: nothing to learn
        model = LogisticRegression(class_weight="balanced", max_iter=2000)
        model.fit(matrix, list(y))
        models[category] = model
    return vectorizer, models


def _predict(vectorizer: Any, models: dict[str, Any], texts: Sequence[str]) -> list[tuple[str, float] | None]:
    """For each text, the most likely category over the threshold and its probability, or None."""
    if not texts or not models:
        return [None] * len(texts)
    matrix = vectorizer.transform(texts)
    probabilities = {c: m.predict_proba(matrix)[:, 1] for c, m in models.items()}
    out: list[tuple[str, float] | None] = []
    for k in range(len(texts)):
        best = max(probabilities, key=lambda c: probabilities[c][k])
        p = float(probabilities[best][k])
        out.append((best, p) if p >= THRESHOLD else None)
    return out


@dataclass(frozen=True, slots=True)
class LearnedSuggester:
    """A trained learner: suggests claim and opinion units like the layer it learnt from."""

    vectorizer: Any
    models: dict[str, Any]
    level: str
    layer: Annotator
    documents: int
    units: int
    trained_on: frozenset[str] = frozenset()
    """The documents the layer coded: the learner suggests nothing for them."""
    name: str = "learner"
    version: str = VERSION

    @property
    def categories(self) -> tuple[str, ...]:
        return tuple(self.models)

    @property
    def coded_documents(self) -> int:
        return self.documents

    def suggest(self, document: Document) -> list[Suggestion]:
        if document.id in self.trained_on:
            return []
        units = segment(document.text, level=self.level)
        texts = [document.text[a:b] for a, b in units]
        out = []
        for (a, b), guess in zip(units, _predict(self.vectorizer, self.models, texts), strict=True):
            if guess is None:
                continue
            category, p = guess
            out.append(
                Suggestion(
                    document_id=document.id,
                    start=a,
                    end=b,
                    quote=document.text[a:b],
                    category=category,
                    suggester=self.name,
                    version=self.version,
                    rule=f"tfidf-logreg:{self.level}:{self.layer.name}:{self.documents} documents",
                    score=p,
                )
            )
        return out


def train(
    project: Project,
    *,
    layer: str | None = None,
    categories: Sequence[str] = CATEGORIES,
    level: str = "sentence",
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> LearnedSuggester:
    """Train on the layer's coded documents; safe to call from a worker thread."""
    _require_sklearn()
    data = collect(project, layer=layer, categories=categories, level=level, progress=progress, cancel=cancel)
    if len(set(data.groups)) < 2:
        raise AnnotatorError(
            f"the layer {data.layer.name!r} has coded {len(set(data.groups))} documents; "
            "the learner needs two or more"
        )
    if cancel is not None and cancel.is_set():
        raise Cancelled("training cancelled")
    if progress is not None:
        progress(0, 1, "fitting the model")
    vectorizer, models = _fit(data.texts, data.labels)
    if not models:
        raise AnnotatorError(f"the layer {data.layer.name!r} codes no unit as {' or '.join(data.categories)}")
    if progress is not None:
        progress(1, 1, "fitting the model")
    return LearnedSuggester(
        vectorizer=vectorizer,
        models=models,
        level=level,
        layer=data.layer,
        documents=len(set(data.groups)),
        units=len(data.texts),
        trained_on=frozenset(data.groups),
    )


def cross_validate(
    project: Project,
    *,
    layer: str | None = None,
    categories: Sequence[str] = CATEGORIES,
    level: str = "sentence",
    folds: int = 5,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> tuple[TrainingSet, dict[str, SpanCounts]]:
    """Span scores per category of a learner trained without the documents it is tested on.

    The coded documents are split into ``folds`` groups (whole documents, never a document's
    sentences on both sides); each group is suggested by a learner trained on the others and
    compared with the layer's spans there, exact and overlap, as in
    :mod:`annotator.agreement.span_matching`.
    """
    _require_sklearn()
    data = collect(project, layer=layer, categories=categories, level=level, progress=progress, cancel=cancel)
    documents = sorted(set(data.groups))
    if len(documents) < 2:
        raise AnnotatorError(
            f"cross-validation needs at least 2 coded documents; {data.layer.name!r} has {len(documents)}"
        )
    folds = max(2, min(folds, len(documents)))
    fold_of = {d: k % folds for k, d in enumerate(documents)}
    totals = {c: SpanCounts() for c in data.categories}
    for fold in range(folds):
        if cancel is not None and cancel.is_set():
            raise Cancelled("evaluation cancelled")
        train_idx = [k for k, g in enumerate(data.groups) if fold_of[g] != fold]
        test_idx = [k for k, g in enumerate(data.groups) if fold_of[g] == fold]
        vectorizer, models = _fit(
            [data.texts[k] for k in train_idx],
            {c: [data.labels[c][k] for k in train_idx] for c in data.categories},
        )
        guesses = _predict(vectorizer, models, [data.texts[k] for k in test_idx])
        suggested: dict[tuple[str, str], list[tuple[int, int]]] = {}
        for k, guess in zip(test_idx, guesses, strict=True):
            if guess is not None:
                suggested.setdefault((data.groups[k], guess[0]), []).append(data.units[k])
        for doc in (d for d in documents if fold_of[d] == fold):
            for c in data.categories:
                gold = [(a.start, a.end) for a in data.gold.get(doc, []) if a.category == c]
                mine = suggested.get((doc, c), [])
                totals[c] = totals[c] + SpanCounts(
                    exact=SpanScores(exact_matches(gold, mine), len(gold), len(mine)),
                    overlap=SpanScores(overlap_matches(gold, mine), len(gold), len(mine)),
                )
        if progress is not None:
            progress(fold + 1, folds, "cross-validating")
    return data, totals
