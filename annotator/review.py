"""Reviewing coders' layers: aligning their spans, and settling each group into an adjudicated layer.

Review works on *aligned groups*. For a document and a chosen set of coders, two spans of
different coders are linked when they share at least one code point; a group is a connected
component of those links (spans of one coder may sit in the same group through another coder's
span, and a span nobody else overlaps is a group of its own). Each group gets a
:class:`GroupState` that says what kind of decision the reviewer faces.

A reviewer settles a group by accepting one member span (copied into their adjudicated layer),
an edited span, or by rejecting the group. Every such operation runs in one transaction, records a
:class:`ReviewDecision` (so a rejected group, which leaves nothing behind, stays settled), and
returns a :class:`ReviewOutcome`; :func:`revert` undoes an outcome exactly and returns the outcome
of the undo, which :func:`revert` in turn re-does. The desktop app's undo commands are thin
wrappers around these two calls.

Group keys are derived from the sorted ids of the member spans, so they survive reloads and
renames and change only when the group itself changes (a coder adds or removes a span in it),
which is exactly when an earlier decision should no longer count.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from annotator.domain import Annotation, AnnotationChange, Annotator, AnnotatorKind
from annotator.errors import ImportRefused, ValidationError
from annotator.project import Project, _annotation, new_id
from annotator.store.models import AnnotationRow, AnnotatorRow, DocumentRow, ReviewDecisionRow, utcnow

__all__ = [
    "AlignedGroup",
    "DatasetPreview",
    "Decision",
    "DocumentReview",
    "GroupState",
    "ReviewDecision",
    "ReviewOutcome",
    "accept_all_agreed",
    "accept_edited",
    "accept_version",
    "adjudicated_layer",
    "align",
    "align_document",
    "decisions",
    "group_key",
    "preview_dataset",
    "reject_group",
    "reopen_group",
    "revert",
    "review_document",
]


class GroupState(StrEnum):
    """What the coders did at one place in the text, from the reviewer's point of view."""

    AGREED = "agreed"
    """Every chosen coder has exactly the same spans here (boundaries and categories)."""
    CATEGORY_DISAGREEMENT = "category_disagreement"
    """Spans of two coders overlap but carry different categories."""
    BOUNDARY_DISAGREEMENT = "boundary_disagreement"
    """Same categories, different boundaries (or a different number of spans)."""
    ONLY_ONE = "only_one"
    """Only one coder marked anything here."""
    PARTIAL = "partial"
    """Some coders marked identical spans, others nothing (possible with three or more coders)."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_disagreement(self) -> bool:
        """Whether the group needs a reviewer's judgement (everything but full agreement)."""
        return self is not GroupState.AGREED


_LABELS = {
    GroupState.AGREED: "agreed",
    GroupState.CATEGORY_DISAGREEMENT: "category disagreement",
    GroupState.BOUNDARY_DISAGREEMENT: "boundary disagreement",
    GroupState.ONLY_ONE: "only one coder",
    GroupState.PARTIAL: "some coders only",
}


def group_key(annotation_ids: Iterable[str]) -> str:
    """The stable key of a group: a hash of its members' sorted ids."""
    joined = "\n".join(sorted(annotation_ids))
    return "g" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:31]


@dataclass(frozen=True, slots=True)
class AlignedGroup:
    """Overlapping spans of the chosen coders at one place in a document.

    ``members`` are ordered by coder (in the order the coders were chosen), then by position;
    ``start`` and ``end`` enclose all of them. ``annotator_ids`` are all the chosen coders, also
    those with no span in this group.
    """

    key: str
    document_id: str
    state: GroupState
    start: int
    end: int
    members: tuple[Annotation, ...]
    annotator_ids: tuple[str, ...]

    @property
    def coders(self) -> tuple[str, ...]:
        """The chosen coders that have at least one span in the group, in chosen order."""
        present = {a.annotator_id for a in self.members}
        return tuple(a for a in self.annotator_ids if a in present)

    def member(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.members if a.id == annotation_id), None)

    def by_annotator(self) -> dict[str, list[Annotation]]:
        out: dict[str, list[Annotation]] = {a: [] for a in self.annotator_ids}
        for m in self.members:
            out.setdefault(m.annotator_id, []).append(m)
        return out


def _signature(spans: Iterable[Annotation]) -> list[tuple[int, int, str]]:
    return sorted((a.start, a.end, a.category) for a in spans)


def _classify(members: Sequence[Annotation], chosen: Sequence[str]) -> GroupState:
    """The state of one group; see :class:`GroupState`.

    Identical span sets are checked first, so coders who both nest a quote inside a claim agree.
    A category disagreement is a span that another coder overlaps only with other categories
    (they saw something there, and called it something else); what is left are boundaries.
    """
    per: dict[str, list[Annotation]] = defaultdict(list)
    for a in members:
        per[a.annotator_id].append(a)
    if len(per) == 1:
        return GroupState.ONLY_ONE
    signatures = [_signature(spans) for spans in per.values()]
    if all(s == signatures[0] for s in signatures[1:]):
        return GroupState.PARTIAL if len(per) < len(chosen) else GroupState.AGREED
    for m in members:
        for coder, spans in per.items():
            if coder == m.annotator_id:
                continue
            overlapping = [o for o in spans if o.start < m.end and m.start < o.end]
            if overlapping and all(o.category != m.category for o in overlapping):
                return GroupState.CATEGORY_DISAGREEMENT
    return GroupState.BOUNDARY_DISAGREEMENT


def align(
    annotations: Iterable[Annotation], *, annotator_ids: Sequence[str], document_id: str | None = None
) -> list[AlignedGroup]:
    """Group the spans of ``annotator_ids`` (2 or more) and classify each group; in text order.

    Spans of other annotators are ignored. Offsets are code points, so a group's ``start`` and
    ``end`` can be used on the text directly.
    """
    chosen = tuple(dict.fromkeys(annotator_ids))
    if len(chosen) < 2:
        raise ValidationError("review needs at least two coders")
    rank = {a: i for i, a in enumerate(chosen)}
    spans = sorted(
        (
            a
            for a in annotations
            if a.annotator_id in rank and (document_id is None or a.document_id == document_id)
        ),
        key=lambda a: (a.document_id, a.start, -a.end, a.id),
    )
    parent = list(range(len(spans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # A sweep by start: the spans still open when a span starts are exactly those it overlaps.
    active: list[int] = []
    for i, a in enumerate(spans):
        active = [j for j in active if spans[j].end > a.start and spans[j].document_id == a.document_id]
        for j in active:
            if spans[j].annotator_id != a.annotator_id:
                ri, rj = find(i), find(j)
                if ri != rj:
                    parent[max(ri, rj)] = min(ri, rj)
        active.append(i)

    components: dict[int, list[Annotation]] = defaultdict(list)
    for i, a in enumerate(spans):
        components[find(i)].append(a)
    groups = []
    for members in components.values():
        ordered = tuple(sorted(members, key=lambda a: (rank[a.annotator_id], a.start, a.end, a.id)))
        groups.append(
            AlignedGroup(
                key=group_key(a.id for a in ordered),
                document_id=ordered[0].document_id,
                state=_classify(ordered, chosen),
                start=min(a.start for a in ordered),
                end=max(a.end for a in ordered),
                members=ordered,
                annotator_ids=chosen,
            )
        )
    groups.sort(key=lambda g: (g.document_id, g.start, g.end, g.key))
    return groups


def align_document(project: Project, *, document_id: str, annotator_ids: Sequence[str]) -> list[AlignedGroup]:
    """:func:`align` over one stored document."""
    return align(
        project.annotations(document_id=document_id, annotator_ids=list(annotator_ids)),
        annotator_ids=annotator_ids,
        document_id=document_id,
    )


def span_counts(project: Project) -> dict[str, int]:
    """How many spans each annotator has in the whole project (for choosing whom to compare)."""
    with project._session() as s:
        q = select(AnnotationRow.annotator_id, func.count()).group_by(AnnotationRow.annotator_id)
        return {r[0]: r[1] for r in s.execute(q)}


# -- decisions --------------------------------------------------------------------------------------


class Decision(StrEnum):
    ACCEPTED = "accepted"
    """One coder's span was copied into the adjudicated layer."""
    EDITED = "edited"
    """A span the reviewer set (boundaries, category) went into the adjudicated layer."""
    REJECTED = "rejected"
    """None of the group's spans is kept."""


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    id: str
    group_key: str
    document_id: str
    reviewer_id: str
    decision: Decision
    annotation_id: str | None
    """The adjudicated span the decision created (``None`` for a rejection)."""
    source_annotation_id: str | None
    """The coder's span that was accepted (``None`` unless ``decision`` is ACCEPTED)."""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class ReviewOutcome:
    """What one review operation did: annotation changes (for the views) and decisions."""

    changes: tuple[AnnotationChange, ...] = ()
    decisions_added: tuple[ReviewDecision, ...] = ()
    decisions_removed: tuple[ReviewDecision, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.changes or self.decisions_added or self.decisions_removed)

    @property
    def document_ids(self) -> set[str]:
        return {c.document_id for c in self.changes} | {
            d.document_id for d in (*self.decisions_added, *self.decisions_removed)
        }


def _decision(row: ReviewDecisionRow) -> ReviewDecision:
    return ReviewDecision(
        id=row.id,
        group_key=row.group_key,
        document_id=row.document_id,
        reviewer_id=row.reviewer_id,
        decision=Decision(row.decision),
        annotation_id=row.annotation_id,
        source_annotation_id=row.source_annotation_id,
        created=row.created_at,
    )


def decisions(project: Project, *, reviewer_id: str, document_id: str | None = None) -> list[ReviewDecision]:
    """A reviewer's recorded decisions, oldest first (optionally for one document)."""
    q = select(ReviewDecisionRow).where(ReviewDecisionRow.reviewer_id == reviewer_id)
    if document_id is not None:
        q = q.where(ReviewDecisionRow.document_id == document_id)
    with project._session() as s:
        return [
            _decision(r) for r in s.scalars(q.order_by(ReviewDecisionRow.created_at, ReviewDecisionRow.id))
        ]


def _layer_row(s: Session, reviewer_id: str) -> AnnotatorRow | None:
    return s.scalar(
        select(AnnotatorRow)
        .where(
            AnnotatorRow.kind == AnnotatorKind.ADJUDICATED.value,
            AnnotatorRow.adjudicated_by == reviewer_id,
        )
        .order_by(AnnotatorRow.created_at, AnnotatorRow.id)
        .limit(1)
    )


def _ensure_layer(s: Session, reviewer_id: str) -> AnnotatorRow:
    row = _layer_row(s, reviewer_id)
    if row is None:
        reviewer = s.get(AnnotatorRow, reviewer_id)
        if reviewer is None:
            raise ValidationError(f"no annotator {reviewer_id}")
        if reviewer.kind != AnnotatorKind.CODER.value:
            raise ValidationError("an adjudicated layer cannot review")
        row = AnnotatorRow(
            id=new_id(),
            name=f"Adjudicated ({reviewer.name})",
            kind=AnnotatorKind.ADJUDICATED.value,
            adjudicated_by=reviewer_id,
        )
        s.add(row)
        s.flush()
    return row


def adjudicated_layer(project: Project, *, reviewer_id: str, create: bool = False) -> Annotator | None:
    """The reviewer's adjudicated layer (kind ADJUDICATED, ``adjudicated_by`` the reviewer).

    With ``create`` it is made when missing, named "Adjudicated (reviewer name)"; the review
    operations create it on first use, so callers rarely need to.
    """
    if create:
        with project._write() as s, s.begin():
            row = _ensure_layer(s, reviewer_id)
            return Annotator(id=row.id, name=row.name, kind=AnnotatorKind(row.kind))
    with project._session() as s:
        found = _layer_row(s, reviewer_id)
        return (
            None if found is None else Annotator(id=found.id, name=found.name, kind=AnnotatorKind(found.kind))
        )


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """Everything the review pane shows for one document: groups, which are settled, the layer."""

    document_id: str
    groups: tuple[AlignedGroup, ...]
    settled: Mapping[str, tuple[ReviewDecision, ...]]
    """Group key -> the reviewer's decisions that still hold (see :func:`review_document`)."""
    layer: Annotator | None
    layer_annotations: tuple[Annotation, ...]

    def is_settled(self, group: AlignedGroup) -> bool:
        return group.key in self.settled

    @property
    def open_disagreements(self) -> list[AlignedGroup]:
        return [g for g in self.groups if g.state.is_disagreement and g.key not in self.settled]


def review_document(
    project: Project, *, document_id: str, annotator_ids: Sequence[str], reviewer_id: str
) -> DocumentReview:
    """Align a document for a reviewer and say which groups their decisions settle.

    A rejection always holds; an acceptance holds while the adjudicated span it made still exists
    (deleting that span by hand reopens the group, and undoing the deletion settles it again).
    """
    groups = align_document(project, document_id=document_id, annotator_ids=annotator_ids)
    layer = adjudicated_layer(project, reviewer_id=reviewer_id)
    layer_annotations = (
        project.annotations(document_id=document_id, annotator_ids=[layer.id]) if layer is not None else []
    )
    existing = {a.id for a in layer_annotations}
    settled: dict[str, list[ReviewDecision]] = defaultdict(list)
    for d in decisions(project, reviewer_id=reviewer_id, document_id=document_id):
        if d.decision is Decision.REJECTED or d.annotation_id in existing:
            settled[d.group_key].append(d)
    return DocumentReview(
        document_id=document_id,
        groups=tuple(groups),
        settled={k: tuple(v) for k, v in settled.items()},
        layer=layer,
        layer_annotations=tuple(layer_annotations),
    )


# -- operations -------------------------------------------------------------------------------------


def _live_members(s: Session, group: AlignedGroup) -> None:
    """Refuse to act on a group whose spans changed since it was aligned (a stale view)."""
    ids = [a.id for a in group.members]
    found = set(s.scalars(select(AnnotationRow.id).where(AnnotationRow.id.in_(ids))))
    if found != set(ids):
        raise ValidationError("the coders' spans here changed since this group was shown; reload the review")


def _group_decisions(s: Session, group: AlignedGroup, reviewer_id: str) -> list[ReviewDecisionRow]:
    return list(
        s.scalars(
            select(ReviewDecisionRow).where(
                ReviewDecisionRow.group_key == group.key, ReviewDecisionRow.reviewer_id == reviewer_id
            )
        )
    )


def _add_adjudicated(
    project: Project,
    s: Session,
    *,
    layer: AnnotatorRow,
    document_id: str,
    start: int,
    end: int,
    category: str,
    attributes: Mapping[str, Any],
    note: str,
) -> Annotation:
    cat = project.codebook.category(category)
    attrs = {
        k: v
        for k, v in attributes.items()
        if v is not None and v != "" and (cat is None or cat.attribute(k) is not None)
    }
    quote = project._validate(
        s,
        document_id=document_id,
        start=start,
        end=end,
        quote=None,
        category=category,
        attributes=attrs,
        note=note,
    )
    duplicate = s.scalar(
        select(AnnotationRow.id).where(
            AnnotationRow.annotator_id == layer.id,
            AnnotationRow.document_id == document_id,
            AnnotationRow.start == start,
            AnnotationRow.end == end,
            AnnotationRow.category == category,
        )
    )
    if duplicate is not None:
        raise ValidationError(f"the adjudicated layer already has this {category} span")
    now = utcnow()
    row = AnnotationRow(
        id=new_id(),
        document_id=document_id,
        annotator_id=layer.id,
        start=start,
        end=end,
        quote=quote,
        category=category,
        attributes=attrs,
        note=note,
        codebook_version=project.codebook.version,
        created_at=now,
        modified_at=now,
    )
    s.add(row)
    s.flush()
    return _annotation(row)


def _record(
    s: Session,
    *,
    group: AlignedGroup,
    reviewer_id: str,
    decision: Decision,
    annotation_id: str | None = None,
    source_annotation_id: str | None = None,
) -> ReviewDecision:
    row = ReviewDecisionRow(
        id=new_id(),
        group_key=group.key,
        document_id=group.document_id,
        reviewer_id=reviewer_id,
        decision=decision.value,
        annotation_id=annotation_id,
        source_annotation_id=source_annotation_id,
        created_at=utcnow(),
    )
    s.add(row)
    s.flush()
    return _decision(row)


def _refuse_if_rejected(rows: Sequence[ReviewDecisionRow]) -> None:
    if any(r.decision == Decision.REJECTED.value for r in rows):
        raise ValidationError("this group was rejected; reopen it first")


def accept_version(
    project: Project, *, group: AlignedGroup, annotation_id: str, reviewer_id: str
) -> ReviewOutcome:
    """Copy one member span (boundaries, category, attributes, note) into the adjudicated layer.

    Several members of one group may be accepted (a coder who split a claim in two); the same
    span twice, or anything in a rejected group, is refused.
    """
    member = group.member(annotation_id)
    if member is None:
        raise ValidationError("that span is not part of this group")
    with project._write() as s, s.begin():
        _live_members(s, group)
        _refuse_if_rejected(_group_decisions(s, group, reviewer_id))
        layer = _ensure_layer(s, reviewer_id)
        row = s.get(AnnotationRow, annotation_id)
        assert row is not None
        source = _annotation(row)
        added = _add_adjudicated(
            project,
            s,
            layer=layer,
            document_id=group.document_id,
            start=source.start,
            end=source.end,
            category=source.category,
            attributes=source.attributes,
            note=source.note,
        )
        decision = _record(
            s,
            group=group,
            reviewer_id=reviewer_id,
            decision=Decision.ACCEPTED,
            annotation_id=added.id,
            source_annotation_id=source.id,
        )
    return ReviewOutcome(
        changes=(AnnotationChange(document_id=group.document_id, before=None, after=added),),
        decisions_added=(decision,),
    )


def accept_edited(
    project: Project,
    *,
    group: AlignedGroup,
    start: int,
    end: int,
    category: str,
    reviewer_id: str,
    attributes: Mapping[str, Any] | None = None,
    note: str = "",
) -> ReviewOutcome:
    """Put a span the reviewer set into the adjudicated layer; it must overlap the group."""
    if not (start < group.end and group.start < end):
        raise ValidationError("the edited span does not overlap this group; select text inside it")
    if project.codebook.category(category) is None:
        raise ValidationError(f"{category!r} is not in the codebook")
    with project._write() as s, s.begin():
        _live_members(s, group)
        _refuse_if_rejected(_group_decisions(s, group, reviewer_id))
        layer = _ensure_layer(s, reviewer_id)
        added = _add_adjudicated(
            project,
            s,
            layer=layer,
            document_id=group.document_id,
            start=start,
            end=end,
            category=category,
            attributes=attributes or {},
            note=note,
        )
        decision = _record(
            s, group=group, reviewer_id=reviewer_id, decision=Decision.EDITED, annotation_id=added.id
        )
    return ReviewOutcome(
        changes=(AnnotationChange(document_id=group.document_id, before=None, after=added),),
        decisions_added=(decision,),
    )


def reject_group(project: Project, *, group: AlignedGroup, reviewer_id: str) -> ReviewOutcome:
    """Settle a group with none of its spans: a decision is recorded, nothing is added."""
    with project._write() as s, s.begin():
        _live_members(s, group)
        existing = _group_decisions(s, group, reviewer_id)
        if existing:
            raise ValidationError("this group is already settled; reopen it first")
        if s.get(AnnotatorRow, reviewer_id) is None:
            raise ValidationError(f"no annotator {reviewer_id}")
        decision = _record(s, group=group, reviewer_id=reviewer_id, decision=Decision.REJECTED)
    return ReviewOutcome(decisions_added=(decision,))


def reopen_group(project: Project, *, group: AlignedGroup, reviewer_id: str) -> ReviewOutcome:
    """Undo a settlement long after the fact: drop the decisions and the spans they added."""
    with project._write() as s, s.begin():
        rows = _group_decisions(s, group, reviewer_id)
        if not rows:
            raise ValidationError("this group is not settled")
        removed = tuple(_decision(r) for r in rows)
        ann_ids = [r.annotation_id for r in rows if r.annotation_id]
        ann_rows = (
            list(s.scalars(select(AnnotationRow).where(AnnotationRow.id.in_(ann_ids)))) if ann_ids else []
        )
        changes = tuple(
            AnnotationChange(document_id=r.document_id, before=_annotation(r), after=None) for r in ann_rows
        )
        for ann in ann_rows:
            s.delete(ann)
        for row in rows:
            s.delete(row)
    return ReviewOutcome(changes=changes, decisions_removed=removed)


def accept_all_agreed(
    project: Project, *, document_id: str, annotator_ids: Sequence[str], reviewer_id: str
) -> ReviewOutcome:
    """Copy every agreed, unsettled group into the adjudicated layer, in one transaction.

    Each distinct span of an agreed group goes in once, with the attributes and note of the first
    chosen coder (coders can agree on a span yet fill its attributes differently; the reviewer can
    still edit the copy). Groups whose spans the layer already holds are skipped.
    """
    groups = [
        g
        for g in align_document(project, document_id=document_id, annotator_ids=annotator_ids)
        if g.state is GroupState.AGREED
    ]
    changes: list[AnnotationChange] = []
    added_decisions: list[ReviewDecision] = []
    with project._write() as s, s.begin():
        if s.get(DocumentRow, document_id) is None:
            raise ValidationError(f"no document {document_id}")
        layer: AnnotatorRow | None = None
        for group in groups:
            if _group_decisions(s, group, reviewer_id):
                continue
            layer = layer or _ensure_layer(s, reviewer_id)
            first = group.coders[0]
            present = {
                (a.start, a.end, a.category)
                for a in s.scalars(
                    select(AnnotationRow).where(
                        AnnotationRow.annotator_id == layer.id,
                        AnnotationRow.document_id == document_id,
                        AnnotationRow.start < group.end,
                        AnnotationRow.end > group.start,
                    )
                )
            }
            for member in (m for m in group.members if m.annotator_id == first):
                if (member.start, member.end, member.category) in present:
                    continue
                present.add((member.start, member.end, member.category))
                added = _add_adjudicated(
                    project,
                    s,
                    layer=layer,
                    document_id=document_id,
                    start=member.start,
                    end=member.end,
                    category=member.category,
                    attributes=member.attributes,
                    note=member.note,
                )
                changes.append(AnnotationChange(document_id=document_id, before=None, after=added))
                added_decisions.append(
                    _record(
                        s,
                        group=group,
                        reviewer_id=reviewer_id,
                        decision=Decision.ACCEPTED,
                        annotation_id=added.id,
                        source_annotation_id=member.id,
                    )
                )
    return ReviewOutcome(changes=tuple(changes), decisions_added=tuple(added_decisions))


def _restore_row(a: Annotation) -> AnnotationRow:
    return AnnotationRow(
        id=a.id,
        document_id=a.document_id,
        annotator_id=a.annotator_id,
        start=a.start,
        end=a.end,
        quote=a.quote,
        category=a.category,
        attributes=dict(a.attributes),
        note=a.note,
        codebook_version=a.codebook_version,
        created_at=a.created or utcnow(),
        modified_at=a.modified or a.created or utcnow(),
    )


def revert(project: Project, *, outcome: ReviewOutcome) -> ReviewOutcome:
    """Undo ``outcome`` exactly (same ids and timestamps), in one transaction.

    Returns the outcome of the undo itself, so ``revert(project, outcome=revert(project,
    outcome=o))`` re-does ``o``: that pair is all an undo stack needs.
    """
    changes: list[AnnotationChange] = []
    with project._write() as s, s.begin():
        for d in outcome.decisions_added:
            s.execute(delete(ReviewDecisionRow).where(ReviewDecisionRow.id == d.id))
        for c in reversed(outcome.changes):
            if c.after is not None:
                row = s.get(AnnotationRow, c.after.id)
                if row is None:
                    raise ValidationError("a span this change made is gone; cannot undo it")
                current = _annotation(row)
                s.delete(row)
                s.flush()
            else:
                current = None
            if c.before is not None:
                s.add(_restore_row(c.before))
                s.flush()
            changes.append(AnnotationChange(document_id=c.document_id, before=current, after=c.before))
        for d in outcome.decisions_removed:
            s.add(
                ReviewDecisionRow(
                    id=d.id,
                    group_key=d.group_key,
                    document_id=d.document_id,
                    reviewer_id=d.reviewer_id,
                    decision=d.decision.value,
                    annotation_id=d.annotation_id,
                    source_annotation_id=d.source_annotation_id,
                    created_at=d.created or utcnow(),
                )
            )
        s.flush()
    return ReviewOutcome(
        changes=tuple(changes),
        decisions_added=outcome.decisions_removed,
        decisions_removed=outcome.decisions_added,
    )


# -- a colleague's dataset ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatasetPreview:
    """What importing a dataset would do, so the app can ask before it changes anything."""

    path: Path
    annotators_new: tuple[str, ...]
    """Display names of the annotators the import would add."""
    annotators_known: tuple[str, ...]
    documents_new: int
    documents_known: int
    annotations_new: int
    codebook_id: str
    codebook_version: str
    codebook_differences: tuple[str, ...]
    """Empty when the codebook versions match; else each difference on one line."""

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.codebook_differences)

    def summary(self) -> str:
        who = ", ".join(self.annotators_new) or "no new annotators"
        return (
            f"{who}; {self.annotations_new} annotations; {self.documents_new} new documents "
            f"({self.documents_known} already here)"
        )


def preview_dataset(project: Project, path: Path) -> DatasetPreview:
    """Read and check a dataset file and say what importing it would add; writes nothing.

    Raises :class:`ImportRefused` for what :func:`annotator.dataset.import_dataset` would refuse
    whatever the user answers (invalid file, another codebook, unknown categories), so the app
    asks only about what is a real choice: a different codebook version.
    """
    from annotator.codebook import codebook_differences
    from annotator.dataset import check_codebook_version, read_dataset_file, validate_dataset

    path = Path(path)
    data = read_dataset_file(path)
    problems, codebook = validate_dataset(data)
    if problems or codebook is None:
        raise ImportRefused(f"{path.name}: invalid dataset ({len(problems)} problems)", problems)
    current = project.codebook
    check_codebook_version(project, codebook, name=path.name)
    with project._session() as s:
        known_annotators = set(s.scalars(select(AnnotatorRow.id)))
        known_docs = set(s.scalars(select(DocumentRow.sha256)))
        empty = not known_docs and s.scalar(select(AnnotationRow.id).limit(1)) is None
        ann_ids = [a["id"] for d in data["documents"] for a in d["annotations"]]
        known_anns: set[str] = set()
        for i in range(0, len(ann_ids), 500):
            chunk = ann_ids[i : i + 500]
            known_anns |= set(s.scalars(select(AnnotationRow.id).where(AnnotationRow.id.in_(chunk))))
    differences: list[str] = []
    if not empty:
        if codebook.id != current.id:
            raise ImportRefused(
                f"{path.name}: codebook {codebook.id!r} is not this project's codebook {current.id!r}"
            )
        used = {a["category"] for d in data["documents"] for a in d["annotations"]}
        unknown = sorted(used - set(current.category_ids))
        if unknown:
            raise ImportRefused(
                f"{path.name}: categories not in this project's codebook: {', '.join(unknown)}"
            )
        if codebook.version != current.version:
            differences = codebook_differences(current, codebook)
    docs_known = Counter(d["sha256"] in known_docs for d in data["documents"])
    return DatasetPreview(
        path=path,
        annotators_new=tuple(a["name"] for a in data["annotators"] if a["id"] not in known_annotators),
        annotators_known=tuple(a["name"] for a in data["annotators"] if a["id"] in known_annotators),
        documents_new=docs_known[False],
        documents_known=docs_known[True],
        annotations_new=len(set(ann_ids) - known_anns),
        codebook_id=codebook.id,
        codebook_version=codebook.version,
        codebook_differences=tuple(differences),
    )
