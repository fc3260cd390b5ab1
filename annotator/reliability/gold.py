"""Coders against a gold standard, and the rounds of a study.

Training coders means comparing each of them with a reference coding: the layers the lead marked
as gold (``annotator gold LAYER``), or, when none is marked, the adjudicated layers review wrote.
Several gold layers can share the work: a document's reference is the first of them (in project
order) that has a span in it. Any one layer can be the reference instead (``against``).

Each coder is compared with the reference on the documents the reference coded, narrowed to the
coder's own assignments when the study has any for them (a coder is not blamed for documents that
were never theirs), and to a round's documents when a round is chosen. The figures are those of
:func:`annotator.agreement.compute_agreement` for the pair (reference, coder): alpha_U, and span
F1 with the reference as annotator a (precision: the share of the coder's spans the reference has
too; recall: the share of the reference's spans the coder found).

:func:`gold_differences` lists the places where a coder's spans differ from the reference's, as
review's alignment of units (:func:`annotator.review.align`) pairs them: a span the coder missed,
an extra span, the wrong category, or other boundaries.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from annotator.agreement import Unit, compute_agreement
from annotator.agreement.display import fmt_alpha
from annotator.domain import Annotation, Annotator, AnnotatorKind, Round
from annotator.errors import ValidationError
from annotator.project import Project
from annotator.reliability import body_spans
from annotator.review import GroupState, align

__all__ = [
    "CoderGold",
    "DifferenceKind",
    "GoldAgreement",
    "GoldDifference",
    "GoldReference",
    "compared_documents",
    "find_round",
    "format_gold_table",
    "gold_agreement",
    "gold_differences",
    "gold_json",
    "gold_reference",
]

#: How the command line names "the gold layers, else the adjudicated layers".
GOLD = "gold"
_REFERENCE = "\x00reference"  # the reference's label inside a comparison; no layer can be called so


def find_round(project: Project, name: str) -> Round:
    """The round called ``name`` (or with that id); a clear error listing the rounds otherwise."""
    rounds = project.rounds()
    match = [r for r in rounds if r.id == name] or [r for r in rounds if r.name == name]
    if not match:
        known = ", ".join(repr(r.name) for r in rounds) or "none yet (annotator round NAME DOCUMENT...)"
        raise ValidationError(f"no round {name!r}; the project's rounds: {known}")
    return match[0]


@dataclass(frozen=True, slots=True)
class GoldReference:
    """The reference coding: its layers, and which of them is the reference of each document."""

    name: str
    """How reports name it: the layers' names."""
    layers: tuple[Annotator, ...]
    per_document: dict[str, str]
    """Document id -> the id of the layer that is its reference (documents it coded only)."""


def _reference_layers(project: Project, against: str | None) -> list[Annotator]:
    everyone = project.annotators()
    if against is None or against == GOLD:
        gold = project.gold_layers()
        layers = [a for a in everyone if a.id in gold]
        if not layers:
            layers = [a for a in everyone if a.kind is AnnotatorKind.ADJUDICATED]
        if layers:
            return layers
        if against is None or not any(a.name == GOLD for a in everyone):
            raise ValidationError(
                "no gold layer: mark one with annotator gold LAYER, or settle units in review "
                "(its adjudicated layer is the reference when no layer is marked gold)"
            )
    assert against is not None
    match = [a for a in everyone if a.id == against] or [a for a in everyone if a.name == against]
    if not match:
        raise ValidationError(f"no layer {against!r} in this project")
    if len(match) > 1:
        raise ValidationError(f"{against!r} names several layers; give the id")
    return match


def gold_reference(
    project: Project, *, against: str | None = None, document_ids: Collection[str] | None = None
) -> GoldReference:
    """The reference layers (see the module docstring) and each document's reference layer."""
    layers = _reference_layers(project, against)
    order = {a.id: i for i, a in enumerate(layers)}
    coded: dict[str, set[str]] = defaultdict(set)
    for doc_id, annotator_id, *_ in project.span_tuples(annotator_ids=list(order)):
        coded[doc_id].add(annotator_id)
    per_document = {
        doc_id: min(ids, key=order.__getitem__)
        for doc_id, ids in coded.items()
        if document_ids is None or doc_id in document_ids
    }
    return GoldReference(
        name=", ".join(a.name for a in layers), layers=tuple(layers), per_document=per_document
    )


def _coders(project: Project, wanted: Sequence[str] | None, reference: GoldReference) -> list[Annotator]:
    everyone = project.annotators()
    excluded = {a.id for a in reference.layers}
    if not wanted:
        counts = project.span_counts()
        assigned = {a.coder_id for a in project.assignments()}
        return [
            a
            for a in everyone
            if a.kind is AnnotatorKind.CODER
            and a.id not in excluded
            and (counts.get(a.id) or a.id in assigned)
        ]
    chosen = []
    for key in wanted:
        match = [a for a in everyone if a.id == key] or [a for a in everyone if a.name == key]
        if not match:
            raise ValidationError(f"no annotator {key!r} in this project")
        if len(match) > 1:
            raise ValidationError(f"{key!r} names several annotators; give the id")
        if match[0].id in excluded:
            raise ValidationError(f"{key!r} is the reference itself")
        chosen.append(match[0])
    return chosen


def compared_documents(project: Project, *, coder_id: str, reference: GoldReference) -> list[str]:
    """The documents ``coder_id`` is compared on against ``reference`` (see the module docstring)."""
    return _documents_of(project, coder_id, reference)


def _documents_of(project: Project, coder_id: str, reference: GoldReference) -> list[str]:
    """The documents a coder is compared on: the reference's, within their assignments if any."""
    theirs = {a.document_id for a in project.assignments() if a.coder_id == coder_id}
    return [d for d in reference.per_document if not theirs or d in theirs]


@dataclass(frozen=True, slots=True)
class CoderGold:
    """One coder against the reference."""

    coder: Annotator
    documents: int
    spans: int
    reference_spans: int
    alpha_u: float | None
    alpha_u_categories: dict[str, float | None]
    f1: dict[str, tuple[float | None, float | None]]
    """Category -> (exact, overlap) F1."""
    f1_overall: tuple[float | None, float | None]
    precision: tuple[float | None, float | None]
    """(exact, overlap): the share of the coder's spans the reference has too."""
    recall: tuple[float | None, float | None]
    """(exact, overlap): the share of the reference's spans the coder found."""

    def to_json_dict(self) -> dict[str, Any]:
        def pair(values: tuple[float | None, float | None]) -> dict[str, float | None]:
            return {"exact": values[0], "overlap": values[1]}

        return {
            "id": self.coder.id,
            "documents": self.documents,
            "spans": self.spans,
            "gold_spans": self.reference_spans,
            "alpha_u": self.alpha_u,
            "alpha_u_categories": dict(self.alpha_u_categories),
            "f1": {cat: pair(v) for cat, v in self.f1.items()},
            "f1_overall": pair(self.f1_overall),
            "precision": pair(self.precision),
            "recall": pair(self.recall),
        }


@dataclass(frozen=True, slots=True)
class GoldAgreement:
    reference: GoldReference
    categories: tuple[str, ...]
    coders: tuple[CoderGold, ...]
    round: str | None = None
    continuum_scope: str = ""


def gold_agreement(
    project: Project,
    *,
    against: str | None = None,
    annotators: Sequence[str] | None = None,
    document_ids: Collection[str] | None = None,
    round_name: str | None = None,
    whole_text: bool = False,
) -> GoldAgreement:
    """Each coder (``annotators``, by id or name; by default every coder with spans or
    assignments) against the reference ``against`` (see the module docstring), over the documents'
    article bodies (whole texts with ``whole_text``), within ``document_ids`` when given."""
    reference = gold_reference(project, against=against, document_ids=document_ids)
    coders = _coders(project, annotators, reference)
    if not coders:
        raise ValidationError("no coder to compare with the reference (name them with --annotators)")
    categories = tuple(project.codebook.category_ids)
    docs = {d.id: d for d in project.documents()}
    spans: dict[tuple[str, str], list[Unit]] = defaultdict(list)
    for doc_id, annotator_id, start, end, category in project.span_tuples(
        annotator_ids=[c.id for c in coders] + [a.id for a in reference.layers]
    ):
        spans[doc_id, annotator_id].append(Unit(start, end, category))
    results = []
    for coder in coders:
        compared = [d for d in _documents_of(project, coder.id, reference) if d in docs]
        documents = [
            body_spans(
                (0, docs[d].length) if whole_text else docs[d].body_span,
                {_REFERENCE: spans[d, reference.per_document[d]], coder.id: spans[d, coder.id]},
            )
            for d in compared
        ]
        report = compute_agreement(documents, annotators=[_REFERENCE, coder.id], categories=categories)
        (pair,) = report.span_pairs
        results.append(
            CoderGold(
                coder=coder,
                documents=len(compared),
                spans=sum(report.unit_counts[coder.id].values()),
                reference_spans=sum(report.unit_counts[_REFERENCE].values()),
                alpha_u=report.alpha_u,
                alpha_u_categories=dict(report.alpha_u_categories),
                f1={c: (pair.categories[c].exact.f1, pair.categories[c].overlap.f1) for c in categories},
                f1_overall=(pair.overall.exact.f1, pair.overall.overlap.f1),
                precision=(pair.overall.exact.precision, pair.overall.overlap.precision),
                recall=(pair.overall.exact.recall, pair.overall.overlap.recall),
            )
        )
    return GoldAgreement(
        reference=reference,
        categories=categories,
        coders=tuple(results),
        round=round_name,
        continuum_scope="whole texts" if whole_text else "article bodies",
    )


def gold_json(result: GoldAgreement) -> dict[str, Any]:
    """What ``annotator agree --against ... --json`` prints."""
    return {
        "gold": result.reference.name,
        "gold_layers": [a.id for a in result.reference.layers],
        "round": result.round,
        "scope": result.continuum_scope,
        "coders": {c.coder.name: c.to_json_dict() for c in result.coders},
    }


def _a(value: float | None) -> str:
    return fmt_alpha(value, style="ascii")


def format_gold_table(result: GoldAgreement) -> str:
    """The plain-text table of ``annotator agree --against``: a block per coder."""
    scope = f"round {result.round!r}, " if result.round else ""
    lines = [f"Against {result.reference.name} ({scope}{result.continuum_scope})"]
    for c in result.coders:
        lines += [
            "",
            f"{c.coder.name}: {c.documents} document{'' if c.documents == 1 else 's'}, {c.spans} spans "
            f"(reference: {c.reference_spans}); "
            f"alpha_U {_a(c.alpha_u)}",
            f"  {'category':<14}{'alpha_U':>9}{'F1 exact':>10}{'F1 overlap':>12}",
        ]
        for cat in result.categories:
            exact, overlap = c.f1[cat]
            lines.append(f"  {cat:<14}{_a(c.alpha_u_categories.get(cat)):>9}{_a(exact):>10}{_a(overlap):>12}")
        exact, overlap = c.f1_overall
        lines.append(f"  {'overall':<14}{_a(c.alpha_u):>9}{_a(exact):>10}{_a(overlap):>12}")
        lines.append(
            f"  precision {_a(c.precision[0])} exact, {_a(c.precision[1])} overlap; "
            f"recall {_a(c.recall[0])} exact, {_a(c.recall[1])} overlap"
        )
    return "\n".join(lines)


class DifferenceKind(StrEnum):
    """How a coder's coding differs from the reference at one place."""

    MISSED = "missed"
    """The reference has a span the coder has nothing for."""
    EXTRA = "extra"
    """The coder marked a span where the reference has nothing."""
    WRONG_CATEGORY = "wrong_category"
    """Both marked the place, with different categories."""
    BOUNDARY = "boundary"
    """Same category, different start or end."""

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


@dataclass(frozen=True, slots=True)
class GoldDifference:
    document_id: str
    kind: DifferenceKind
    start: int
    end: int
    coder_span: Annotation | None
    reference_span: Annotation | None


def gold_differences(
    project: Project,
    *,
    coder_id: str,
    against: str | None = None,
    document_ids: Collection[str] | None = None,
) -> list[GoldDifference]:
    """Where ``coder_id``'s spans differ from the reference, document by document in project
    order, in text order within a document (the documents as :func:`gold_agreement` chooses them)."""
    reference = gold_reference(project, against=against, document_ids=document_ids)
    if coder_id in {a.id for a in reference.layers}:
        raise ValidationError("this layer is the reference itself")
    compared = set(_documents_of(project, coder_id, reference))
    out = []
    for doc in project.documents():
        if doc.id not in compared:
            continue
        ref_id = reference.per_document[doc.id]
        ids = [ref_id, coder_id]
        for group in align(project.annotations(document_id=doc.id, annotator_ids=ids), annotator_ids=ids):
            if group.state is GroupState.AGREED:
                continue
            mine = next((m for m in group.members if m.annotator_id == coder_id), None)
            theirs = next((m for m in group.members if m.annotator_id == ref_id), None)
            if mine is None:
                kind = DifferenceKind.MISSED
            elif theirs is None:
                kind = DifferenceKind.EXTRA
            elif mine.category != theirs.category:
                kind = DifferenceKind.WRONG_CATEGORY
            else:
                kind = DifferenceKind.BOUNDARY
            out.append(
                GoldDifference(
                    document_id=doc.id,
                    kind=kind,
                    start=group.start,
                    end=group.end,
                    coder_span=mine,
                    reference_span=theirs,
                )
            )
    return out
