"""Agreement over a project: gathers the layers from the store and feeds :mod:`annotator.agreement`.

Documents are laid end to end in the order the dataset export lists them (project order), which
is the continuum Krippendorff's alpha_U is computed over for a whole project.
:mod:`annotator.reliability.report` turns the same figures into the reliability report a
researcher hands in (one HTML page, CSV tables).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from annotator.agreement import AgreementReport, DocumentSpans, Unit, compute_agreement
from annotator.body import shift_into_body
from annotator.domain import Annotator, AnnotatorKind
from annotator.errors import ValidationError
from annotator.project import Project


def resolve_annotators(project: Project, wanted: Sequence[str] | None) -> list[Annotator]:
    """Annotators named by id or display name; all coders (not adjudicated layers) by default."""
    everyone = project.annotators()
    if not wanted:
        chosen = [a for a in everyone if a.kind == AnnotatorKind.CODER]
    else:
        chosen = []
        for key in wanted:
            match = [a for a in everyone if a.id == key] or [a for a in everyone if a.name == key]
            if not match:
                raise ValidationError(f"no annotator {key!r} in this project")
            if len(match) > 1:
                raise ValidationError(f"{key!r} names several annotators; give the id")
            chosen.append(match[0])
    if len({a.id for a in chosen}) < 2:
        raise ValidationError("agreement needs at least two annotators")
    return chosen


def agreement_for_project(
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    document_id: str | None = None,
    whole_text: bool = False,
) -> AgreementReport:
    """alpha_U, position alpha and kappa, and span F1 for the chosen annotators.

    Annotators appear in the report under their display names when those are unique, else ids.
    Each document counts as its article body (spans cut to it), or as its whole text with
    ``whole_text``.
    """
    chosen = resolve_annotators(project, annotators)
    names = [a.name for a in chosen]
    label = {a.id: (a.name if len(set(names)) == len(names) else a.id) for a in chosen}
    docs = project.documents()
    if document_id is not None:
        docs = [d for d in docs if d.id == document_id]
        if not docs:
            raise ValidationError(f"no document {document_id}")
    by_doc: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, annotator_id, start, end, category in project.span_tuples(
        annotator_ids=list(label), document_id=document_id
    ):
        by_doc[doc_id][label[annotator_id]].append(Unit(start, end, category))
    documents = [
        body_spans(d.body_span if not whole_text else (0, d.length), by_doc.get(d.id, {})) for d in docs
    ]
    return compute_agreement(
        documents, annotators=[label[a.id] for a in chosen], categories=list(project.codebook.category_ids)
    )


def body_spans(body: tuple[int, int], spans: dict[str, list[Unit]]) -> DocumentSpans:
    """A document as agreement sees it: its body as the continuum, the spans cut to it."""
    return DocumentSpans(
        length=body[1] - body[0],
        spans={
            who: shift_into_body(((u.start, u.end, u.category) for u in units), body)
            for who, units in spans.items()
        },
    )


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def format_table(report: AgreementReport) -> str:
    """A readable plain-text table (the default output of ``annotator agree``)."""
    lines = [
        f"Annotators: {', '.join(report.annotators)}    documents: {report.documents}",
        "",
        f"{'category':<14}{'alpha_U':>9}{'F1 exact':>10}{'F1 overlap':>12}",
    ]
    for cat in report.categories:
        exact, overlap = report.f1(cat)
        lines.append(
            f"{cat:<14}{_fmt(report.alpha_u_categories[cat]):>9}{_fmt(exact):>10}{_fmt(overlap):>12}"
        )
    exact, overlap = report.f1()
    lines.append(f"{'overall':<14}{_fmt(report.alpha_u):>9}{_fmt(exact):>10}{_fmt(overlap):>12}")
    lines.append("")
    kappa = "Fleiss' kappa" if report.pairwise else "Cohen's kappa"
    lines.append(
        f"position-level alpha (nominal): {_fmt(report.alpha_positions)}    "
        f"{kappa}: {_fmt(report.kappa_positions)}"
    )
    if report.pairwise:
        lines.append(
            f"mean of pairwise alpha_U: {_fmt(report.alpha_u_pairwise_mean)}; F1 are means over pairs"
        )
    return "\n".join(lines)
