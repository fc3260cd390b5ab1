"""The edit history as stored: change records to JSON and back, and the ``edit_steps`` rows.

A step holds full before/after snapshots, so undoing it restores exactly what was there (the same
ids and timestamps), whichever process undoes it. See :mod:`annotator.history` for undo and redo.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from annotator.domain import (
    Annotation,
    AnnotationChange,
    Change,
    CodebookChange,
    Decision,
    DecisionChange,
    DocumentChange,
    DocumentStatus,
    EditStep,
    PendingSuggestion,
    ReviewDecision,
    SettingChange,
    SuggestionChange,
    VariableChange,
)
from annotator.store.models import EditStepRow, utcnow

#: Steps kept per project; older ones are dropped as new ones arrive (an undo that far back would
#: almost surely conflict with later edits anyway).
KEEP_STEPS = 5000


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) and value else None


def _annotation(a: Annotation | None) -> dict[str, Any] | None:
    if a is None:
        return None
    return {
        "id": a.id,
        "document_id": a.document_id,
        "start": a.start,
        "end": a.end,
        "quote": a.quote,
        "category": a.category,
        "annotator_id": a.annotator_id,
        "attributes": dict(a.attributes),
        "note": a.note,
        "codebook_version": a.codebook_version,
        "created": _time(a.created),
        "modified": _time(a.modified),
        "origin": a.origin,
    }


def _suggestion(p: PendingSuggestion | None) -> dict[str, Any] | None:
    if p is None:
        return None
    return {
        "id": p.id,
        "document_id": p.document_id,
        "annotator_id": p.annotator_id,
        "start": p.start,
        "end": p.end,
        "quote": p.quote,
        "category": p.category,
        "attributes": dict(p.attributes),
        "suggester": p.suggester,
        "version": p.version,
        "rule": p.rule,
        "score": p.score,
        "created": _time(p.created),
    }


def _suggestion_back(d: dict[str, Any] | None) -> PendingSuggestion | None:
    if d is None:
        return None
    return PendingSuggestion(
        id=d["id"],
        document_id=d["document_id"],
        annotator_id=d["annotator_id"],
        start=d["start"],
        end=d["end"],
        quote=d["quote"],
        category=d["category"],
        attributes=dict(d["attributes"]),
        suggester=d["suggester"],
        version=d["version"],
        rule=d["rule"],
        score=float(d["score"]),
        created=_parse_time(d["created"]),
    )


def _annotation_back(d: dict[str, Any] | None) -> Annotation | None:
    if d is None:
        return None
    return Annotation(
        id=d["id"],
        document_id=d["document_id"],
        start=d["start"],
        end=d["end"],
        quote=d["quote"],
        category=d["category"],
        annotator_id=d["annotator_id"],
        attributes=dict(d["attributes"]),
        note=d["note"],
        codebook_version=d["codebook_version"],
        created=_parse_time(d["created"]),
        modified=_parse_time(d["modified"]),
        origin=d.get("origin"),
    )


def _decision(d: ReviewDecision | None) -> dict[str, Any] | None:
    if d is None:
        return None
    return {
        "id": d.id,
        "group_key": d.group_key,
        "document_id": d.document_id,
        "reviewer_id": d.reviewer_id,
        "decision": d.decision.value,
        "annotation_id": d.annotation_id,
        "source_annotation_id": d.source_annotation_id,
        "created": _time(d.created),
    }


def _decision_back(d: dict[str, Any] | None) -> ReviewDecision | None:
    if d is None:
        return None
    return ReviewDecision(
        id=d["id"],
        group_key=d["group_key"],
        document_id=d["document_id"],
        reviewer_id=d["reviewer_id"],
        decision=Decision(d["decision"]),
        annotation_id=d["annotation_id"],
        source_annotation_id=d["source_annotation_id"],
        created=_parse_time(d["created"]),
    )


def _value(value: Any) -> Any:
    if isinstance(value, tuple):  # an article body
        return list(value)
    return value.value if isinstance(value, DocumentStatus) else value


def change_to_json(change: Change) -> dict[str, Any]:
    if isinstance(change, AnnotationChange):
        return {
            "kind": "annotation",
            "document_id": change.document_id,
            "before": _annotation(change.before),
            "after": _annotation(change.after),
        }
    if isinstance(change, DocumentChange):
        return {
            "kind": "document",
            "document_id": change.document_id,
            "field": change.field,
            "before": _value(change.before),
            "after": _value(change.after),
        }
    if isinstance(change, VariableChange):
        return {
            "kind": "variable",
            "document_id": change.document_id,
            "variable": change.variable,
            "annotator_id": change.annotator_id,
            "before": change.before,
            "after": change.after,
        }
    if isinstance(change, SettingChange):
        return {"kind": "setting", "key": change.key, "before": change.before, "after": change.after}
    if isinstance(change, SuggestionChange):
        return {
            "kind": "suggestion",
            "document_id": change.document_id,
            "before": _suggestion(change.before),
            "after": _suggestion(change.after),
        }
    if isinstance(change, CodebookChange):
        return {"kind": "codebook", "before": list(change.before), "after": list(change.after)}
    return {
        "kind": "decision",
        "document_id": change.document_id,
        "before": _decision(change.before),
        "after": _decision(change.after),
    }


def change_from_json(data: dict[str, Any]) -> Change:
    kind = data["kind"]
    if kind == "annotation":
        return AnnotationChange(
            document_id=data["document_id"],
            before=_annotation_back(data["before"]),
            after=_annotation_back(data["after"]),
        )
    if kind == "document":
        field = data["field"]
        before, after = data["before"], data["after"]
        if field == "status":
            before, after = DocumentStatus(before), DocumentStatus(after)
        elif field == "body":
            before = None if before is None else (int(before[0]), int(before[1]))
            after = None if after is None else (int(after[0]), int(after[1]))
        return DocumentChange(document_id=data["document_id"], field=field, before=before, after=after)
    if kind == "variable":
        return VariableChange(
            document_id=data["document_id"],
            variable=data["variable"],
            annotator_id=data["annotator_id"],
            before=data["before"],
            after=data["after"],
        )
    if kind == "setting":
        return SettingChange(key=data["key"], before=data["before"], after=data["after"])
    if kind == "suggestion":
        return SuggestionChange(
            document_id=data["document_id"],
            before=_suggestion_back(data["before"]),
            after=_suggestion_back(data["after"]),
        )
    if kind == "codebook":
        before_cb, after_cb = data["before"], data["after"]
        return CodebookChange(
            before=(str(before_cb[0]), str(before_cb[1])), after=(str(after_cb[0]), str(after_cb[1]))
        )
    return DecisionChange(
        document_id=data["document_id"],
        before=_decision_back(data["before"]),
        after=_decision_back(data["after"]),
    )


def _step(row: EditStepRow) -> EditStep:
    return EditStep(
        id=row.id,
        annotator_id=row.annotator_id,
        label=row.label,
        changes=tuple(change_from_json(c) for c in row.changes),
        created=row.created_at,
        undone=row.undone_at,
    )


def append_step(
    s: Session,
    *,
    step_id: str,
    annotator_id: str | None,
    login: str | None,
    label: str,
    changes: list[Change],
) -> None:
    row = EditStepRow(
        id=step_id,
        annotator_id=annotator_id,
        login=login,
        label=label[:200],
        changes=[change_to_json(c) for c in changes],
        created_at=utcnow(),
    )
    s.add(row)
    s.flush()
    if row.pk % 100 == 0:  # now and then, forget the oldest steps
        s.execute(delete(EditStepRow).where(EditStepRow.pk <= row.pk - KEEP_STEPS))


def step(s: Session, step_id: str) -> EditStep | None:
    row = s.scalar(select(EditStepRow).where(EditStepRow.id == step_id))
    return None if row is None else _step(row)


def last_step(s: Session, *, annotator_id: str, undone: bool) -> EditStep | None:
    """The annotator's newest step that is done (``undone`` false) or the newest undone one.

    An undone step counts only while the annotator has made no newer edit (a new edit ends the
    chance to redo, as in every editor).
    """
    mine = select(EditStepRow).where(EditStepRow.annotator_id == annotator_id)
    if not undone:
        row = s.scalar(mine.where(EditStepRow.undone_at.is_(None)).order_by(EditStepRow.pk.desc()).limit(1))
        return None if row is None else _step(row)
    newest_done = s.scalar(
        select(func.max(EditStepRow.pk)).where(
            EditStepRow.annotator_id == annotator_id, EditStepRow.undone_at.is_(None)
        )
    )
    q = mine.where(EditStepRow.undone_at.is_not(None))
    if newest_done is not None:
        q = q.where(EditStepRow.pk > newest_done)
    row = s.scalar(q.order_by(EditStepRow.undone_at.desc(), EditStepRow.pk.desc()).limit(1))
    return None if row is None else _step(row)


def mark_step(s: Session, step_id: str, *, undone: bool) -> None:
    s.execute(
        update(EditStepRow).where(EditStepRow.id == step_id).values(undone_at=utcnow() if undone else None)
    )
