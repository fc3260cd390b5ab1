"""Reviewing coders' layers: aligning their spans into units, settling each into an adjudicated layer.

Review works on *units*: the places where the chosen coders marked something, at most one span
of each coder per unit, so that one decision settles one thing. For a document and the chosen
coders (in the order they were chosen) :func:`align` builds them like this:

1. The first coder's spans are one unit each (a coder's own nested or overlapping spans never
   merge).
2. Each further coder's spans are paired with the units formed so far, in four rounds: spans
   identical to a span in the unit (start, end and category); then spans overlapping one of the
   same category; then spans with the same start and end but another category; then any overlap.
   Each round is a maximum one-to-one matching (:func:`annotator.agreement.span_matching.one_to_one`,
   the matching span F1 counts with), so as many spans as possible find a partner; where a span
   has a choice it prefers the unit whose span is most like it (the largest share of their
   combined extent in common, then the nearest boundaries, then the earlier unit).
3. A span left without a partner starts a unit of its own.

So an agreed outer quote is a unit on its own, the spans nested in it are matched among
themselves, and a chain of partial overlaps breaks into pairs instead of one long group. Each
unit gets a :class:`GroupState` that says what kind of decision the reviewer faces.
:class:`AlignedGroup` is the name of a unit in the code (review groups were overlap chains once).

A reviewer settles a unit by accepting one member span (copied into their adjudicated layer), an
edited span, or by rejecting the unit. Every such operation runs in one transaction, records a
:class:`ReviewDecision` (so a rejected unit, which leaves nothing behind, stays settled), and
returns a :class:`ReviewOutcome`; :func:`revert` undoes an outcome exactly and returns the outcome
of the undo, which :func:`revert` in turn re-does. The desktop app's undo commands are thin
wrappers around these two calls.

Unit keys are derived from the sorted ids of the member spans, so they survive reloads and
renames and change only when the unit itself changes (a coder adds or removes a span in it),
which is exactly when an earlier decision should no longer count. Decisions made when review
grouped whole overlap chains carry the key of their chain: such a decision still settles the
units it covered (a rejection every unit of its chain, an acceptance the unit holding the span it
copied, an edited span the unit of its chain it is most like), and a key that matches neither a
unit nor a chain of the current spans settles nothing.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Any

from annotator.dataset_migration import MigrationPlan
from annotator.domain import (
    Annotation,
    AnnotationChange,
    Annotator,
    AnnotatorKind,
    Decision,
    ReviewDecision,
)
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
    "default_coders",
    "group_key",
    "nesting_depths",
    "preview_dataset",
    "reject_group",
    "reopen_group",
    "resolve_coders",
    "revert",
    "review_document",
]


class GroupState(StrEnum):
    """What the coders did in one unit, from the reviewer's point of view."""

    AGREED = "agreed"
    """Every chosen coder has exactly this span (boundaries and category)."""
    CATEGORY_DISAGREEMENT = "category_disagreement"
    """The coders' spans here carry different categories (their boundaries may differ too)."""
    BOUNDARY_DISAGREEMENT = "boundary_disagreement"
    """Same category, different boundaries."""
    ONLY_ONE = "only_one"
    """Only one coder marked anything here."""
    PARTIAL = "partial"
    """Some coders marked identical spans, others nothing (possible with three or more coders)."""

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_disagreement(self) -> bool:
        """Whether the unit needs a reviewer's judgement (everything but full agreement)."""
        return self is not GroupState.AGREED


_LABELS = {
    GroupState.AGREED: "agreed",
    GroupState.CATEGORY_DISAGREEMENT: "category disagreement",
    GroupState.BOUNDARY_DISAGREEMENT: "boundary disagreement",
    GroupState.ONLY_ONE: "only one coder",
    GroupState.PARTIAL: "some coders only",
}


def group_key(annotation_ids: Iterable[str]) -> str:
    """The stable key of a unit: a hash of its members' sorted ids."""
    joined = "\n".join(sorted(annotation_ids))
    return "g" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:31]


@dataclass(frozen=True, slots=True)
class AlignedGroup:
    """One unit: at most one span of each chosen coder, at one place in a document.

    ``members`` are ordered by coder (in the order the coders were chosen); ``start`` and ``end``
    enclose all of them. ``annotator_ids`` are all the chosen coders, also those with no span in
    this unit.
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
        """The chosen coders that have a span in the unit, in chosen order."""
        present = {a.annotator_id for a in self.members}
        return tuple(a for a in self.annotator_ids if a in present)

    def member(self, annotation_id: str) -> Annotation | None:
        return next((a for a in self.members if a.id == annotation_id), None)

    def by_annotator(self) -> dict[str, list[Annotation]]:
        out: dict[str, list[Annotation]] = {a: [] for a in self.annotator_ids}
        for m in self.members:
            out.setdefault(m.annotator_id, []).append(m)
        return out


class _Fit(IntEnum):
    """How a span fits a span of another coder; the rounds of the matching, best first."""

    OVERLAP = 0
    SAME_EXTENT = 1
    SAME_CATEGORY = 2
    IDENTICAL = 3


def _fit(a: Annotation, b: Annotation) -> _Fit | None:
    if not (a.start < b.end and b.start < a.end):
        return None
    if a.start == b.start and a.end == b.end:
        return _Fit.IDENTICAL if a.category == b.category else _Fit.SAME_EXTENT
    return _Fit.SAME_CATEGORY if a.category == b.category else _Fit.OVERLAP


def _likeness(a: Annotation, b: Annotation) -> tuple[float, int]:
    """Shared share of the combined extent (higher is better), then boundary distance (lower)."""
    shared = min(a.end, b.end) - max(a.start, b.start)
    combined = max(a.end, b.end) - min(a.start, b.start)
    return (shared / combined if combined else 1.0, abs(a.start - b.start) + abs(a.end - b.end))


def _overlapping(spans: Sequence[Annotation], extents: Sequence[tuple[int, int]]) -> list[list[int]]:
    """For each span, the indexes of the extents it shares a code point with (a sweep by start)."""
    events = sorted(
        [(a.start, a.end, 0, i) for i, a in enumerate(spans)]
        + [(s, e, 1, j) for j, (s, e) in enumerate(extents)]
    )
    out: list[list[int]] = [[] for _ in spans]
    open_spans: list[tuple[int, int]] = []
    open_extents: list[tuple[int, int]] = []
    for start, end, side, index in events:
        if side == 0:
            open_extents[:] = [(e, j) for e, j in open_extents if e > start]
            out[index].extend(j for _, j in open_extents)
            open_spans.append((end, index))
        else:
            open_spans[:] = [(e, i) for e, i in open_spans if e > start]
            for _, i in open_spans:
                out[i].append(index)
            open_extents.append((end, index))
    return out


def _build_units(per_coder: Sequence[Sequence[Annotation]]) -> list[list[Annotation]]:
    """The units of one document, from each chosen coder's spans in chosen order (see the module)."""
    units: list[list[Annotation]] = []
    for spans in per_coder:
        ordered = sorted(spans, key=lambda a: (a.start, -a.end, a.id))
        extents = [(min(m.start for m in u), max(m.end for m in u)) for u in units]
        # how each span fits each unit it overlaps: its best fit with a member, and how alike
        fits: list[dict[int, tuple[_Fit, tuple[float, int]]]] = []
        for a, near in zip(ordered, _overlapping(ordered, extents), strict=True):
            here: dict[int, tuple[_Fit, tuple[float, int]]] = {}
            for u in near:
                scored = [(f, _likeness(a, m)) for m in units[u] if (f := _fit(a, m)) is not None]
                if scored:
                    best = max(scored, key=lambda fl: (fl[0], fl[1][0], -fl[1][1]))
                    here[u] = best
            fits.append(here)
        # here, not at the top: the agreement package loads when review mode is first used
        from annotator.agreement.span_matching import one_to_one

        placed: dict[int, int] = {}
        taken: set[int] = set()
        for level in sorted(_Fit, reverse=True):
            free = [i for i in range(len(ordered)) if i not in placed]
            adjacency = []
            for i in free:
                choices = [
                    (u, fit, like) for u, (fit, like) in fits[i].items() if u not in taken and fit >= level
                ]
                choices.sort(key=lambda c: (-c[1], -c[2][0], c[2][1], c[0]))
                adjacency.append([u for u, _, _ in choices])
            for i, u in zip(free, one_to_one(adjacency, len(units)), strict=True):
                if u >= 0:
                    placed[i] = u
                    taken.add(u)
        for i, a in enumerate(ordered):
            if i in placed:
                units[placed[i]].append(a)
        units.extend([a] for i, a in enumerate(ordered) if i not in placed)
    return units


def _classify(members: Sequence[Annotation], chosen: Sequence[str]) -> GroupState:
    """The state of one unit (at most one span per coder); see :class:`GroupState`."""
    if len(members) == 1:
        return GroupState.ONLY_ONE
    if len({(a.start, a.end, a.category) for a in members}) == 1:
        return GroupState.PARTIAL if len(members) < len(chosen) else GroupState.AGREED
    if len({a.category for a in members}) > 1:
        return GroupState.CATEGORY_DISAGREEMENT
    return GroupState.BOUNDARY_DISAGREEMENT


def _chosen(annotator_ids: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(dict.fromkeys(annotator_ids))
    if len(chosen) < 2:
        raise ValidationError("review needs at least two coders")
    return chosen


def align(
    annotations: Iterable[Annotation], *, annotator_ids: Sequence[str], document_id: str | None = None
) -> list[AlignedGroup]:
    """Align the spans of ``annotator_ids`` (2 or more) into units and classify each; in text order.

    Spans of other annotators are ignored. Offsets are code points, so a unit's ``start`` and
    ``end`` can be used on the text directly. Units are ordered by start, the longer first, so a
    unit comes before the units nested in it.
    """
    chosen = _chosen(annotator_ids)
    rank = {a: i for i, a in enumerate(chosen)}
    by_document: dict[str, list[list[Annotation]]] = defaultdict(lambda: [[] for _ in chosen])
    for a in annotations:
        if a.annotator_id in rank and (document_id is None or a.document_id == document_id):
            by_document[a.document_id][rank[a.annotator_id]].append(a)
    groups = []
    for per_coder in by_document.values():
        for members in _build_units(per_coder):
            ordered = tuple(sorted(members, key=lambda a: rank[a.annotator_id]))
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
    groups.sort(key=lambda g: (g.document_id, g.start, -g.end, g.key))
    return groups


def nesting_depths(groups: Sequence[AlignedGroup]) -> dict[str, int]:
    """For each unit's key, how many other units of its document enclose it (for indenting a list).

    A unit encloses another when its extent holds the other's and is longer; units with the same
    extent are siblings.
    """
    depths: dict[str, int] = {}
    ordered = sorted(groups, key=lambda g: (g.document_id, g.start, -g.end))
    stack: list[AlignedGroup] = []
    for g in ordered:
        while stack and not (
            stack[-1].document_id == g.document_id
            and stack[-1].start <= g.start
            and g.end <= stack[-1].end
            and (stack[-1].start, stack[-1].end) != (g.start, g.end)
        ):
            stack.pop()
        depths[g.key] = len(stack)
        stack.append(g)
    return depths


def _overlap_chains(annotations: Sequence[Annotation], chosen: Sequence[str]) -> list[list[Annotation]]:
    """The groups review made before it aligned units: chains of spans of different coders that
    overlap, each a connected component. Kept only to recognise decisions made on such groups."""
    rank = set(chosen)
    spans = sorted(
        (a for a in annotations if a.annotator_id in rank),
        key=lambda a: (a.document_id, a.start, -a.end, a.id),
    )
    parent = list(range(len(spans)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

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
    return list(components.values())


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


def default_coders(project: Project) -> list[str]:
    """The coders review compares unless told otherwise: every coder with a span in the project."""
    counts = project.span_counts()
    return [a.id for a in project.annotators() if a.kind == AnnotatorKind.CODER and counts.get(a.id, 0)]


def resolve_coders(project: Project, wanted: Sequence[str] | None) -> list[str]:
    """Ids of annotators given by id or display name, in the order given (default: :func:`default_coders`)."""
    if not wanted:
        coders = default_coders(project)
        if len(coders) < 2:
            raise ValidationError("review needs at least two coders with spans; name them with --annotators")
        return coders
    everyone = project.annotators()
    out = []
    for key in wanted:
        match = [a for a in everyone if a.id == key] or [a for a in everyone if a.name == key]
        if not match:
            raise ValidationError(f"no annotator {key!r} in this project")
        if len(match) > 1:
            raise ValidationError(f"{key!r} names several annotators; give the id")
        out.append(match[0].id)
    return list(_chosen(out))


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
class _Ledger:
    """A document's units and which units each of a reviewer's decisions covers."""

    groups: list[AlignedGroup]
    decisions: list[ReviewDecision]
    covers: dict[str, tuple[str, ...]]
    """Decision id -> keys of the units it settles (empty: it matches nothing now)."""

    def of(self, group: AlignedGroup) -> list[ReviewDecision]:
        return [d for d in self.decisions if group.key in self.covers[d.id]]


def _ledger(project: Project, *, document_id: str, annotator_ids: Sequence[str], reviewer_id: str) -> _Ledger:
    spans = project.annotations(document_id=document_id, annotator_ids=list(annotator_ids))
    groups = align(spans, annotator_ids=annotator_ids, document_id=document_id)
    found = decisions(project, reviewer_id=reviewer_id, document_id=document_id)
    keys = {g.key for g in groups}
    covers: dict[str, tuple[str, ...]] = {d.id: (d.group_key,) for d in found if d.group_key in keys}
    orphans = [d for d in found if d.id not in covers]
    if orphans:
        unit_of = {m.id: g for g in groups for m in g.members}
        chains = {group_key(a.id for a in c): c for c in _overlap_chains(spans, _chosen(annotator_ids))}
        for d in orphans:
            covers[d.id] = _legacy_cover(project, d, chains.get(d.group_key, []), unit_of)
    return _Ledger(groups=groups, decisions=found, covers=covers)


def _legacy_cover(
    project: Project, d: ReviewDecision, chain: Sequence[Annotation], unit_of: Mapping[str, AlignedGroup]
) -> tuple[str, ...]:
    """The units a decision made on a whole overlap chain settles now (see the module docstring)."""
    units = list({unit_of[a.id].key: unit_of[a.id] for a in chain}.values())
    if d.decision is Decision.REJECTED:
        return tuple(u.key for u in units)
    if d.decision is Decision.ACCEPTED:
        held = unit_of.get(d.source_annotation_id or "")
        return (held.key,) if held is not None and any(u.key == held.key for u in units) else ()
    made = project.annotation(d.annotation_id) if d.annotation_id else None
    if made is None:
        return ()
    near = [
        (max(_likeness(made, m) for m in u.members), u.start, u.key)
        for u in units
        if u.start < made.end and made.start < u.end
    ]
    if not near:
        return ()
    best = max(near, key=lambda n: (n[0][0], -n[0][1], -n[1]))
    return (best[2],)


@dataclass(frozen=True, slots=True)
class DocumentReview:
    """Everything the review pane shows for one document: units, which are settled, the layer."""

    document_id: str
    groups: tuple[AlignedGroup, ...]
    settled: Mapping[str, tuple[ReviewDecision, ...]]
    """Unit key -> the reviewer's decisions that still hold (see :func:`review_document`)."""
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
    """Align a document for a reviewer and say which units their decisions settle.

    A rejection always holds; an acceptance holds while the adjudicated span it made still exists
    (deleting that span by hand reopens the unit, and undoing the deletion settles it again).
    """
    ledger = _ledger(project, document_id=document_id, annotator_ids=annotator_ids, reviewer_id=reviewer_id)
    layer = adjudicated_layer(project, reviewer_id=reviewer_id)
    layer_annotations = (
        project.annotations(document_id=document_id, annotator_ids=[layer.id]) if layer is not None else []
    )
    existing = {a.id for a in layer_annotations}
    settled: dict[str, list[ReviewDecision]] = defaultdict(list)
    for d in ledger.decisions:
        if d.decision is Decision.REJECTED or d.annotation_id in existing:
            for key in ledger.covers[d.id]:
                settled[key].append(d)
    return DocumentReview(
        document_id=document_id,
        groups=tuple(ledger.groups),
        settled={k: tuple(v) for k, v in settled.items()},
        layer=layer,
        layer_annotations=tuple(layer_annotations),
    )


# -- operations -------------------------------------------------------------------------------------
#
# Each runs in one unit of work (``project.transaction()``): its reads see its own writes, and all
# of it is stored or none.


def _live_members(tx: Project, group: AlignedGroup) -> None:
    """Refuse to act on a unit whose spans changed since it was aligned (a stale view)."""
    ids = [a.id for a in group.members]
    if tx.existing_annotation_ids(ids) != set(ids):
        raise ValidationError("the coders' spans here changed since this unit was shown; reload the review")


def _group_ledger(tx: Project, group: AlignedGroup, reviewer_id: str) -> _Ledger:
    return _ledger(
        tx, document_id=group.document_id, annotator_ids=group.annotator_ids, reviewer_id=reviewer_id
    )


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
        raise ValidationError("this unit was rejected; reopen it first")


def _layer(tx: Project, reviewer_id: str) -> Annotator:
    layer = tx.adjudicated_layer(reviewer_id=reviewer_id, create=True)
    assert layer is not None
    return layer


def accept_version(
    project: Project, *, group: AlignedGroup, annotation_id: str, reviewer_id: str
) -> ReviewOutcome:
    """Copy one member span (boundaries, category, attributes, note) into the adjudicated layer.

    Several members of one unit may be accepted (two coders each right about something); the same
    span twice, or anything in a rejected unit, is refused. The decision settles this unit only.
    """
    member = group.member(annotation_id)
    if member is None:
        raise ValidationError("that span is not part of this unit")
    with project.transaction() as tx:
        _live_members(tx, group)
        _refuse_if_rejected(_group_ledger(tx, group, reviewer_id).of(group))
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
    """Put a span the reviewer set into the adjudicated layer; it must overlap the unit."""
    if not (start < group.end and group.start < end):
        raise ValidationError("the edited span does not overlap this unit; select text inside it")
    if project.codebook.category(category) is None:
        raise ValidationError(f"{category!r} is not in the codebook")
    with project.transaction() as tx:
        _live_members(tx, group)
        _refuse_if_rejected(_group_ledger(tx, group, reviewer_id).of(group))
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
    """Settle a unit with none of its spans: a decision is recorded, nothing is added."""
    with project.transaction() as tx:
        _live_members(tx, group)
        if _group_ledger(tx, group, reviewer_id).of(group):
            raise ValidationError("this unit is already settled; reopen it first")
        decision = tx.record_decision(
            group_key=group.key,
            document_id=group.document_id,
            reviewer_id=reviewer_id,
            decision=Decision.REJECTED,
        )
    return ReviewOutcome(decisions_added=(decision,))


def reopen_group(project: Project, *, group: AlignedGroup, reviewer_id: str) -> ReviewOutcome:
    """Undo a settlement long after the fact: drop the unit's decisions and the spans they added.

    A rejection recorded for a whole overlap chain (before review aligned units) is replaced by a
    rejection of each other unit it covered, so reopening one unit leaves the others as they were.
    """
    with project.transaction() as tx:
        ledger = _group_ledger(tx, group, reviewer_id)
        found = ledger.of(group)
        if not found:
            raise ValidationError("this unit is not settled")
        added: list[ReviewDecision] = []
        for d in found:
            if d.decision is not Decision.REJECTED:
                continue
            for key in ledger.covers[d.id]:
                if key == group.key:
                    continue
                other = next(g for g in ledger.groups if g.key == key)
                if not any(x.decision is Decision.REJECTED and x.id != d.id for x in ledger.of(other)):
                    added.append(
                        tx.record_decision(
                            group_key=key,
                            document_id=group.document_id,
                            reviewer_id=reviewer_id,
                            decision=Decision.REJECTED,
                        )
                    )
        ann_ids = [d.annotation_id for d in found if d.annotation_id]
        present = tx.existing_annotation_ids(ann_ids)
        changes = tuple(tx.delete_annotations(annotation_ids=[i for i in ann_ids if i in present]))
        tx.delete_decisions(decision_ids=[d.id for d in found])
    return ReviewOutcome(changes=changes, decisions_added=tuple(added), decisions_removed=tuple(found))


def accept_all_agreed(
    project: Project, *, document_id: str, annotator_ids: Sequence[str], reviewer_id: str
) -> ReviewOutcome:
    """Copy every agreed, unsettled unit into the adjudicated layer, in one transaction.

    Each unit's span goes in once, with the attributes and note of the first chosen coder (coders
    can agree on a span yet fill its attributes differently; the reviewer can still edit the
    copy). Units whose span the layer already holds are skipped.
    """
    changes: list[AnnotationChange] = []
    added_decisions: list[ReviewDecision] = []
    with project.transaction() as tx:
        tx.document_version(document_id)  # refuses an unknown document
        ledger = _ledger(tx, document_id=document_id, annotator_ids=annotator_ids, reviewer_id=reviewer_id)
        layer: Annotator | None = None
        for group in ledger.groups:
            if group.state is not GroupState.AGREED or ledger.of(group):
                continue
            layer = layer or _layer(tx, reviewer_id)
            member = group.members[0]
            present = tx.layer_spans(
                annotator_id=layer.id, document_id=document_id, start=member.start, end=member.end
            )
            if (member.start, member.end, member.category) in present:
                continue
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
    migration: MigrationPlan | None = None
    """Made under another version of the project's codebook: the plan importing it would apply."""

    @property
    def needs_confirmation(self) -> bool:
        return bool(self.codebook_differences) or self.migration is not None

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
    asks only about what is a real choice: a different codebook version, whose differences and
    migration plan :attr:`DatasetPreview.migration` holds.
    """
    from annotator.codebook import codebook_differences
    from annotator.dataset import check_codebook_version, read_dataset_file, validate_dataset
    from annotator.dataset_migration import plan_migration

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
    migration: MigrationPlan | None = None
    if not empty:
        if codebook.id != current.id:
            raise ImportRefused(
                f"{path.name}: codebook {codebook.id!r} is not this project's codebook {current.id!r}"
            )
        if codebook.version != current.version:
            differences = codebook_differences(current, codebook)
            migration = plan_migration(project, codebook, data)
        else:
            used = {a["category"] for d in data["documents"] for a in d["annotations"]}
            unknown = sorted(used - set(current.category_ids))
            if unknown:
                raise ImportRefused(
                    f"{path.name}: categories not in this project's codebook: {', '.join(unknown)}"
                )
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
        migration=migration,
    )
