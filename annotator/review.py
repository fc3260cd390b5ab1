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
from enum import StrEnum
from pathlib import Path
from typing import Any

from annotator.domain import Annotation, AnnotationChange, Annotator, Decision, ReviewDecision
from annotator.errors import ImportRefused, ValidationError
from annotator.project import Project

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
    return project.span_counts()


# -- decisions --------------------------------------------------------------------------------------


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


def decisions(project: Project, *, reviewer_id: str, document_id: str | None = None) -> list[ReviewDecision]:
    """A reviewer's recorded decisions, oldest first (optionally for one document)."""
    return project.decisions(reviewer_id=reviewer_id, document_id=document_id)


def adjudicated_layer(project: Project, *, reviewer_id: str, create: bool = False) -> Annotator | None:
    """The reviewer's adjudicated layer (kind ADJUDICATED, ``adjudicated_by`` the reviewer).

    With ``create`` it is made when missing, named "Adjudicated (reviewer name)"; the review
    operations create it on first use, so callers rarely need to.
    """
    return project.adjudicated_layer(reviewer_id=reviewer_id, create=create)


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
#
# Each runs in one unit of work (``project.transaction()``): its reads see its own writes, and all
# of it is stored or none.


def _live_members(tx: Project, group: AlignedGroup) -> None:
    """Refuse to act on a group whose spans changed since it was aligned (a stale view)."""
    ids = [a.id for a in group.members]
    if tx.existing_annotation_ids(ids) != set(ids):
        raise ValidationError("the coders' spans here changed since this group was shown; reload the review")


def _group_decisions(tx: Project, group: AlignedGroup, reviewer_id: str) -> list[ReviewDecision]:
    return tx.decisions(reviewer_id=reviewer_id, group_key=group.key)


def _add_adjudicated(
    tx: Project,
    *,
    layer: Annotator,
    document_id: str,
    start: int,
    end: int,
    category: str,
    attributes: Mapping[str, Any],
    note: str,
) -> Annotation:
    cat = tx.codebook.category(category)
    attrs = {
        k: v
        for k, v in attributes.items()
        if v is not None and v != "" and (cat is None or cat.attribute(k) is not None)
    }
    present = tx.layer_spans(annotator_id=layer.id, document_id=document_id, start=start, end=end)
    if (start, end, category) in present:
        raise ValidationError(f"the adjudicated layer already has this {category} span")
    change = tx.add_annotation(
        document_id=document_id,
        start=start,
        end=end,
        category=category,
        annotator_id=layer.id,
        attributes=attrs,
        note=note,
    )
    assert change.after is not None
    return change.after


def _refuse_if_rejected(found: Sequence[ReviewDecision]) -> None:
    if any(d.decision is Decision.REJECTED for d in found):
        raise ValidationError("this group was rejected; reopen it first")


def _layer(tx: Project, reviewer_id: str) -> Annotator:
    layer = tx.adjudicated_layer(reviewer_id=reviewer_id, create=True)
    assert layer is not None
    return layer


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
    with project.transaction() as tx:
        _live_members(tx, group)
        _refuse_if_rejected(_group_decisions(tx, group, reviewer_id))
        layer = _layer(tx, reviewer_id)
        source = tx.annotation(annotation_id)
        assert source is not None
        added = _add_adjudicated(
            tx,
            layer=layer,
            document_id=group.document_id,
            start=source.start,
            end=source.end,
            category=source.category,
            attributes=source.attributes,
            note=source.note,
        )
        decision = tx.record_decision(
            group_key=group.key,
            document_id=group.document_id,
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
    with project.transaction() as tx:
        _live_members(tx, group)
        _refuse_if_rejected(_group_decisions(tx, group, reviewer_id))
        layer = _layer(tx, reviewer_id)
        added = _add_adjudicated(
            tx,
            layer=layer,
            document_id=group.document_id,
            start=start,
            end=end,
            category=category,
            attributes=attributes or {},
            note=note,
        )
        decision = tx.record_decision(
            group_key=group.key,
            document_id=group.document_id,
            reviewer_id=reviewer_id,
            decision=Decision.EDITED,
            annotation_id=added.id,
        )
    return ReviewOutcome(
        changes=(AnnotationChange(document_id=group.document_id, before=None, after=added),),
        decisions_added=(decision,),
    )


def reject_group(project: Project, *, group: AlignedGroup, reviewer_id: str) -> ReviewOutcome:
    """Settle a group with none of its spans: a decision is recorded, nothing is added."""
    with project.transaction() as tx:
        _live_members(tx, group)
        if _group_decisions(tx, group, reviewer_id):
            raise ValidationError("this group is already settled; reopen it first")
        decision = tx.record_decision(
            group_key=group.key,
            document_id=group.document_id,
            reviewer_id=reviewer_id,
            decision=Decision.REJECTED,
        )
    return ReviewOutcome(decisions_added=(decision,))


def reopen_group(project: Project, *, group: AlignedGroup, reviewer_id: str) -> ReviewOutcome:
    """Undo a settlement long after the fact: drop the decisions and the spans they added."""
    with project.transaction() as tx:
        found = _group_decisions(tx, group, reviewer_id)
        if not found:
            raise ValidationError("this group is not settled")
        ann_ids = [d.annotation_id for d in found if d.annotation_id]
        present = tx.existing_annotation_ids(ann_ids)
        changes = tuple(tx.delete_annotations(annotation_ids=[i for i in ann_ids if i in present]))
        tx.delete_decisions(decision_ids=[d.id for d in found])
    return ReviewOutcome(changes=changes, decisions_removed=tuple(found))


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
    with project.transaction() as tx:
        tx.document_version(document_id)  # refuses an unknown document
        layer: Annotator | None = None
        for group in groups:
            if _group_decisions(tx, group, reviewer_id):
                continue
            layer = layer or _layer(tx, reviewer_id)
            first = group.coders[0]
            present = tx.layer_spans(
                annotator_id=layer.id, document_id=document_id, start=group.start, end=group.end
            )
            for member in (m for m in group.members if m.annotator_id == first):
                if (member.start, member.end, member.category) in present:
                    continue
                present.add((member.start, member.end, member.category))
                added = _add_adjudicated(
                    tx,
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
                    tx.record_decision(
                        group_key=group.key,
                        document_id=document_id,
                        reviewer_id=reviewer_id,
                        decision=Decision.ACCEPTED,
                        annotation_id=added.id,
                        source_annotation_id=member.id,
                    )
                )
    return ReviewOutcome(changes=tuple(changes), decisions_added=tuple(added_decisions))


def revert(project: Project, *, outcome: ReviewOutcome) -> ReviewOutcome:
    """Undo ``outcome`` exactly (same ids and timestamps), in one transaction.

    Returns the outcome of the undo itself, so ``revert(project, outcome=revert(project,
    outcome=o))`` re-does ``o``: that pair is all an undo stack needs.
    """
    changes: list[AnnotationChange] = []
    with project.transaction() as tx:
        tx.delete_decisions(decision_ids=[d.id for d in outcome.decisions_added])
        for c in reversed(outcome.changes):
            current = None
            if c.after is not None:
                if tx.annotation(c.after.id) is None:
                    raise ValidationError("a span this change made is gone; cannot undo it")
                current = tx.delete_annotation(annotation_id=c.after.id).before
            if c.before is not None:
                tx.restore_annotation(annotation=c.before)
            changes.append(AnnotationChange(document_id=c.document_id, before=current, after=c.before))
        for d in outcome.decisions_removed:
            tx.restore_decision(decision=d)
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
    known = project.known_ids()
    known_annotators = known.annotators
    known_docs = set(known.documents_by_sha256)
    empty = project.is_empty()
    ann_ids = [a["id"] for d in data["documents"] for a in d["annotations"]]
    known_anns = project.existing_annotation_ids(ann_ids)
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
