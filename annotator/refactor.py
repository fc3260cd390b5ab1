"""Refactoring the codebook while coding goes on: merge, split, drop an attribute, carrying the coding along.

Each refactoring is one unit of work (:meth:`~annotator.project.Project.transaction`) and so one
step of the edit history: the new codebook version is stored and made current (a
:class:`~annotator.domain.CodebookChange`), and every annotation it recodes is an
:class:`~annotator.domain.AnnotationChange` of the same step. Undo (:mod:`annotator.history`)
makes the old version current again and writes the annotations back; both versions stay stored,
and the new one carries a change-log entry saying who did what, when.

Renaming, recolouring, reordering and editing definitions change no annotation and need no
refactoring: :meth:`~annotator.project.Project.edit_codebook` stores them as a new version.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from annotator.codebook import distinct_colors, next_version, tree_problem
from annotator.domain import Annotation, AttributeDef, Category, Codebook
from annotator.errors import ValidationError
from annotator.project import Project

__all__ = ["RefactorResult", "drop_attribute", "merge_categories", "split_category"]


@dataclass(frozen=True, slots=True)
class RefactorResult:
    """What a refactoring did: the new version, the annotations it changed, and those to look at."""

    codebook: Codebook
    changed: tuple[str, ...]
    """Ids of the annotations the refactoring wrote (recoded, or an attribute taken off)."""
    to_recode: tuple[Annotation, ...] = ()
    """A split's spans, which a coder should look at again and recode into the new categories."""
    step_id: str | None = None
    """The edit-history step (undo it with :func:`annotator.history.undo`)."""


def _category(codebook: Codebook, category_id: str) -> Category:
    found = codebook.category(category_id)
    if found is None:
        raise ValidationError(f"the codebook has no category {category_id!r}")
    return found


def _new_version(project: Project, codebook: Codebook, categories: list[Category]) -> Codebook:
    problem = tree_problem(categories)
    if problem is not None:
        raise ValidationError(problem)
    taken = [v for cid, v in project.codebook_versions() if cid == codebook.id]
    return replace(codebook, categories=tuple(categories), version=next_version(codebook.version, taken))


def _union_attributes(categories: Sequence[Category]) -> tuple[AttributeDef, ...]:
    found: dict[str, AttributeDef] = {}
    for cat in categories:
        for attr in cat.attributes:
            found.setdefault(attr.id, attr)
    return tuple(found.values())


def merge_categories(
    project: Project, *, sources: Sequence[str], into: str, label: str | None = None, who: str | None = None
) -> RefactorResult:
    """Merge ``sources`` into the category ``into`` (one of them, another, or a new id).

    A new ``into`` takes the place, parent, colour, key and texts of the first source, and
    ``label`` (else its id). The sources other than ``into`` leave the codebook; their children move
    under ``into``, their spans are recoded to ``into``, and ``into`` defines every attribute any of
    them had, so no attribute value is lost.
    """
    codebook = project.codebook
    names = list(dict.fromkeys(sources))
    if len(names) < 1 or (len(names) == 1 and names[0] == into):
        raise ValidationError("name at least one category to merge into another")
    merged = [_category(codebook, s) for s in names]
    existing = codebook.category(into)
    if existing is not None and not existing.codable:
        raise ValidationError(f"{existing.label!r} is not codable; merge into a codable category")
    if existing is None:
        first = merged[0]
        target = replace(first, id=into, label=label or into, codable=True)
    else:
        target = replace(existing, label=label or existing.label)
    target = replace(target, attributes=_union_attributes([target, *merged]))
    gone = {s for s in names if s != into}
    categories: list[Category] = []
    placed = False
    for cat in codebook.categories:
        if cat.id == into or (cat.id == names[0] and existing is None):
            if not placed:
                categories.append(target)
                placed = True
            continue
        if cat.id in gone:
            continue
        categories.append(replace(cat, parent=into) if cat.parent in gone else cat)
    categories = [replace(c, parent=None) if c.parent == c.id else c for c in categories]
    if target.parent in gone:
        categories = [replace(c, parent=None) if c.id == into else c for c in categories]
    new = _new_version(project, codebook, categories)
    shown = ", ".join(names)
    what = [f"merged {shown} into {into!r}"]
    changed: list[str] = []
    with project.transaction(label=f"merge {shown} into {into}") as tx:
        tx.switch_codebook(
            codebook=new, who=who, what=what, ops=[{"op": "merge", "sources": sorted(gone), "into": into}]
        )
        for a in tx.annotations():
            if a.category in gone:
                tx.update_annotation(annotation_id=a.id, category=into)
                changed.append(a.id)
    return RefactorResult(codebook=new, changed=tuple(changed), step_id=project.last_step_id)


def split_category(
    project: Project,
    *,
    category: str,
    into: Sequence[tuple[str, str]],
    move_to: str | None = None,
    who: str | None = None,
) -> RefactorResult:
    """Split ``category`` into new categories ``into`` (``(id, label)`` pairs) placed under it.

    ``category`` stays, as a non-codable group holding the new ones (its key, if any, goes to the
    first of them), so its spans keep their code until a coder recodes them: they are listed in
    :attr:`RefactorResult.to_recode`. With ``move_to`` (one of the new ids) they are recoded to it
    at once (and still listed, to check).
    """
    codebook = project.codebook
    old = _category(codebook, category)
    if len(into) < 2:
        raise ValidationError("split a category into at least two new ones")
    ids = [cid for cid, _ in into]
    clash = [cid for cid in ids if codebook.category(cid) is not None]
    if clash or len(set(ids)) != len(ids):
        raise ValidationError(f"the new categories need ids not in use: {', '.join(clash or ids)}")
    if move_to is not None and move_to not in ids:
        raise ValidationError(f"--move-to must be one of the new categories ({', '.join(ids)})")
    colors = [c for c in distinct_colors(len(codebook.categories) + len(into)) if c != old.color]
    used = {c.color for c in codebook.categories}
    fresh = [c for c in colors if c not in used] or colors
    children = [
        replace(
            old,
            id=cid,
            label=label or cid,
            parent=old.id,
            codable=True,
            shortcut="",
            color=fresh[i % len(fresh)],
        )
        for i, (cid, label) in enumerate(into)
    ]
    if old.shortcut:  # the group cannot be tagged with: its key goes to the first new category
        children[0] = replace(children[0], shortcut=old.shortcut)
    categories: list[Category] = []
    for cat in codebook.categories:
        if cat.id == old.id:
            categories.append(replace(cat, codable=False, shortcut=""))
            categories.extend(children)
        else:
            categories.append(cat)
    new = _new_version(project, codebook, categories)
    what = [f"split {category!r} into {', '.join(repr(i) for i in ids)}"]
    spans = [a for a in project.annotations() if a.category == category]
    changed: list[str] = []
    with project.transaction(label=f"split {category}") as tx:
        op = {"op": "split", "category": category, "into": ids, "move_to": move_to}
        tx.switch_codebook(codebook=new, who=who, what=what, ops=[op])
        if move_to is not None:
            for a in spans:
                tx.update_annotation(annotation_id=a.id, category=move_to)
                changed.append(a.id)
    return RefactorResult(
        codebook=new, changed=tuple(changed), to_recode=tuple(spans), step_id=project.last_step_id
    )


def drop_attribute(
    project: Project, *, category: str, attribute: str, who: str | None = None
) -> RefactorResult:
    """Take the attribute ``attribute`` off ``category``, and its values off that category's spans."""
    codebook = project.codebook
    cat = _category(codebook, category)
    if cat.attribute(attribute) is None:
        raise ValidationError(f"category {category!r} has no attribute {attribute!r}")
    trimmed = replace(cat, attributes=tuple(a for a in cat.attributes if a.id != attribute))
    new = _new_version(project, codebook, [trimmed if c.id == category else c for c in codebook.categories])
    changed: list[str] = []
    with project.transaction(label=f"drop the attribute {attribute} of {category}") as tx:
        tx.switch_codebook(
            codebook=new,
            who=who,
            what=[f"dropped attribute {attribute!r} of {category!r}"],
            ops=[{"op": "drop-attribute", "category": category, "attribute": attribute}],
        )
        for a in tx.annotations():
            if a.category == category and attribute in a.attributes:
                kept = {k: v for k, v in a.attributes.items() if k != attribute}
                tx.update_annotation(annotation_id=a.id, attributes=kept)
                changed.append(a.id)
    return RefactorResult(codebook=new, changed=tuple(changed), step_id=project.last_step_id)
