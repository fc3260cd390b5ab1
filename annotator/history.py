"""Undo and redo over the project's edit history, for the desktop app and the command line alike.

Every edit operation of :class:`~annotator.project.Project` (and every unit of work) is kept as a
step of change records with full before/after snapshots (:mod:`annotator.store.journal`), in the
project itself. Undoing a step writes the ``before`` side back, redoing writes the ``after`` side,
each in one transaction that is not itself a step; the step is marked undone or done again.

Another writer (a colleague's window, a script, a second terminal) may have changed the same thing
since. Undo then refuses with :class:`~annotator.errors.ConflictError`, naming what changed, and
writes nothing: silently putting back an old state would throw away their edit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from annotator.domain import (
    Annotation,
    AnnotationChange,
    Change,
    CodebookChange,
    DecisionChange,
    DocumentChange,
    DocumentStatus,
    EditStep,
    SettingChange,
    SuggestionChange,
    VariableChange,
)
from annotator.errors import ConflictError, ValidationError
from annotator.project import Project

__all__ = ["HistoryResult", "redo", "undo"]


@dataclass(frozen=True, slots=True)
class HistoryResult:
    """What an undo or redo did: the step, and the change records to refresh views from."""

    step: EditStep
    changes: tuple[Change, ...]


def _same(a: Annotation | None, b: Annotation | None) -> bool:
    """Equal as far as an edit can tell (timestamps are the edit's own business)."""
    if a is None or b is None:
        return a is b
    keys = ("start", "end", "category", "attributes", "note", "document_id", "annotator_id")
    return all(getattr(a, k) == getattr(b, k) for k in keys)


def _what(a: Annotation) -> str:
    quote = a.quote if len(a.quote) <= 40 else a.quote[:39] + "…"
    return f"the {a.category} “{quote}”"


def _check(project: Project, changes: Sequence[Change], *, expect_after: bool) -> None:
    """Refuse when the project no longer holds the side of ``changes`` this undo/redo starts from."""
    for c in changes:
        if isinstance(c, AnnotationChange):
            expected = c.after if expect_after else c.before
            other = c.before if expect_after else c.after
            some = expected or other
            assert some is not None
            stored = project.annotation(some.id)
            if not _same(stored, expected):
                if expected is None:
                    raise ConflictError(f"{_what(some)} was put back since; nothing was changed")
                if stored is None:
                    raise ConflictError(f"{_what(expected)} was deleted since; nothing was changed")
                raise ConflictError(f"{_what(expected)} was changed since; nothing was changed")
        elif isinstance(c, DocumentChange):
            expected_value = c.after if expect_after else c.before
            document = project.document(c.document_id)
            value = getattr(document, c.field)
            if value != expected_value:
                shown = value.label if isinstance(value, DocumentStatus) else value
                raise ConflictError(
                    f"the document's {c.field} was changed since (now {shown}); nothing was changed"
                )
        elif isinstance(c, VariableChange):
            expected_value = c.after if expect_after else c.before
            held = _variable_value(project, c)
            if held != expected_value:
                raise ConflictError(f"the value of {c.variable!r} was changed since; nothing was changed")
        elif isinstance(c, SettingChange):
            if project.setting(c.key) != (c.after if expect_after else c.before):
                what = "project memo" if c.key == "memo" else c.key
                raise ConflictError(f"the {what} was changed since; nothing was changed")
        elif isinstance(c, SuggestionChange):
            expected_s = c.after if expect_after else c.before
            some_s = expected_s or (c.before if expect_after else c.after)
            assert some_s is not None
            if (project.suggestion(some_s.id) is not None) != (expected_s is not None):
                state = "accepted or rejected" if expected_s is not None else "suggested again"
                raise ConflictError(f"the suggestion was {state} since; nothing was changed")
        elif isinstance(c, CodebookChange):
            held_cb = project.codebook
            if (held_cb.id, held_cb.version) != (c.after if expect_after else c.before):
                raise ConflictError(
                    f"the codebook was changed since (now {held_cb.id} {held_cb.version}); "
                    "nothing was changed"
                )
        elif isinstance(c, DecisionChange):
            expected_decision = c.after if expect_after else c.before
            some_decision = expected_decision or (c.before if expect_after else c.after)
            assert some_decision is not None
            held = {
                d.id
                for d in project.decisions(
                    reviewer_id=some_decision.reviewer_id, group_key=some_decision.group_key
                )
            }
            if (expected_decision is not None) != (some_decision.id in held):
                raise ConflictError("the review decision here was changed since; nothing was changed")


def _variable_value(project: Project, c: VariableChange) -> object:
    if c.annotator_id is None:
        return project.document_values(document_id=c.document_id).get(c.document_id, {}).get(c.variable)
    held = project.coded_values(annotator_ids=[c.annotator_id], document_id=c.document_id)
    return next((v.value for v in held if v.variable == c.variable), None)


def _apply(tx: Project, changes: Sequence[Change], *, to_before: bool) -> list[Change]:
    """Write one side of ``changes`` (in reverse order for an undo); returns what that did."""
    done: list[Change] = []
    # A refactoring's codebook switch goes first either way: the annotations written back use the
    # categories of the version they are written back under.
    for c in changes:
        if isinstance(c, CodebookChange):
            cb_id, cb_version = c.before if to_before else c.after
            done.append(tx.restore_codebook(codebook_id=cb_id, version=cb_version))
    for c in reversed(changes) if to_before else changes:
        if isinstance(c, CodebookChange):
            continue
        if isinstance(c, AnnotationChange):
            target, current = (c.before, c.after) if to_before else (c.after, c.before)
            if target is None:
                assert current is not None
                done.append(tx.delete_annotation(annotation_id=current.id))
            elif current is None:
                done.append(tx.restore_annotation(annotation=target))
            else:
                done.append(tx.replace_annotation(annotation=target))
        elif isinstance(c, DocumentChange):
            value = c.before if to_before else c.after
            version = tx.document_version(c.document_id)
            if c.field == "status":
                done.append(
                    tx.set_document_status(document_id=c.document_id, status=value, expected_version=version)
                )
            elif c.field == "body":
                done.append(
                    tx.set_document_body(document_id=c.document_id, body=value, expected_version=version)
                )
            else:
                done.extend(
                    tx.update_document(
                        document_id=c.document_id, expected_version=version, **{c.field: value}
                    )
                )
        elif isinstance(c, VariableChange):
            value = c.before if to_before else c.after
            if c.annotator_id is None:
                done.append(
                    tx.set_document_value(document_id=c.document_id, variable=c.variable, value=value)
                )
            else:
                done.append(
                    tx.set_coded_value(
                        document_id=c.document_id,
                        annotator_id=c.annotator_id,
                        variable=c.variable,
                        value=value,
                    )
                )
        elif isinstance(c, SuggestionChange):
            target_s, current_s = (c.before, c.after) if to_before else (c.after, c.before)
            if target_s is None:
                assert current_s is not None
                done.append(tx.reject_suggestion(current_s.id))
            else:
                done.append(tx.restore_suggestion(suggestion=target_s))
        elif isinstance(c, SettingChange):
            text = c.before if to_before else c.after
            if c.key == "memo":
                done.append(tx.set_project_memo(text=text or ""))
            else:
                done.append(tx.restore_setting(key=c.key, value=text))
        else:
            target_d, current_d = (c.before, c.after) if to_before else (c.after, c.before)
            if target_d is None:
                assert current_d is not None
                done.extend(tx.delete_decisions(decision_ids=[current_d.id]))
            else:
                done.append(tx.restore_decision(decision=target_d))
    return done


def _find(project: Project, *, step_id: str | None, annotator_id: str | None, undone: bool) -> EditStep:
    if step_id is not None:
        step = project.edit_step(step_id)
        if step is None:
            raise ValidationError("that edit is no longer in the project's history")
        if (step.undone is not None) != undone:
            state = "undone" if step.undone is not None else "in place"
            raise ValidationError(f"“{step.label}” is already {state} (in another window or a terminal?)")
        return step
    if annotator_id is None:
        raise ValidationError("say whose edit to undo")
    step = project.last_edit_step(annotator_id=annotator_id, undone=undone)
    if step is None:
        raise ValidationError("nothing to redo" if undone else "nothing to undo")
    return step


def undo(project: Project, *, step_id: str | None = None, annotator_id: str | None = None) -> HistoryResult:
    """Undo one step: the one named, or the annotator's newest that is in place."""
    step = _find(project, step_id=step_id, annotator_id=annotator_id, undone=False)
    with project.transaction(record=False) as tx:
        _check(tx, step.changes, expect_after=True)
        done = _apply(tx, step.changes, to_before=True)
        tx.mark_step(step_id=step.id, undone=True)
    return HistoryResult(step=step, changes=tuple(done))


def redo(project: Project, *, step_id: str | None = None, annotator_id: str | None = None) -> HistoryResult:
    """Redo one undone step: the one named, or the annotator's most recently undone one."""
    step = _find(project, step_id=step_id, annotator_id=annotator_id, undone=True)
    with project.transaction(record=False) as tx:
        _check(tx, step.changes, expect_after=False)
        done = _apply(tx, step.changes, to_before=False)
        tx.mark_step(step_id=step.id, undone=False)
    return HistoryResult(step=step, changes=tuple(done))
