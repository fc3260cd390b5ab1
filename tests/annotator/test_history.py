"""The edit history lives in the project: undo and redo from the core, the app and the command line."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator import history
from annotator.domain import DocumentStatus
from annotator.errors import ConflictError, ValidationError
from annotator.project import Project
from annotator.review import accept_version, align_document
from tests.conftest import REPO

TEXT = "The minister said the harbour will close on Friday, officials confirmed."


def quotes(path: Path) -> list[tuple[str, str]]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT quote, category FROM annotations ORDER BY start, quote").fetchall()
    finally:
        con.close()


@pytest.fixture
def setup(tmp_path: Path) -> tuple[Project, Path, str, str]:
    path = tmp_path / "p.annotator.sqlite"
    project = Project.open(path)
    doc = project.add_document(text=TEXT, title="Harbour").document
    tess = project.ensure_annotator(name="Tess")
    project.acting_as = tess.id
    return project, path, doc.id, tess.id


def span(text: str, needle: str) -> tuple[int, int]:
    s = text.index(needle)
    return s, s + len(needle)


def test_each_edit_is_a_step_that_undo_and_redo_take_back_and_forth(
    setup: tuple[Project, Path, str, str],
) -> None:
    project, path, doc, tess = setup
    s, e = span(TEXT, "minister said")
    added = project.add_annotation(document_id=doc, start=s, end=e, category="claim", annotator_id=tess)
    assert added.after is not None
    project.update_annotation(annotation_id=added.after.id, category="quote")
    project.update_annotation(annotation_id=added.after.id, note="check")
    assert project.edit_step(project.last_step_id or "") is not None
    result = history.undo(project, annotator_id=tess)
    assert result.step.label == "edit note"
    assert project.annotation(added.after.id).note == ""  # type: ignore[union-attr]
    assert history.undo(project, annotator_id=tess).step.label == "change to quote"
    assert quotes(path) == [("minister said", "claim")]
    assert history.undo(project, annotator_id=tess).step.label == "tag as claim"
    assert quotes(path) == []
    with pytest.raises(ValidationError, match="nothing to undo"):
        history.undo(project, annotator_id=tess)
    assert history.redo(project, annotator_id=tess).step.label == "tag as claim"
    restored = project.annotation(added.after.id)
    assert restored == added.after  # the same id and timestamps
    assert history.redo(project, annotator_id=tess).step.label == "change to quote"
    assert quotes(path) == [("minister said", "quote")]
    project.close()


def test_undo_refuses_when_another_writer_changed_the_same_span(
    setup: tuple[Project, Path, str, str],
) -> None:
    project, path, doc, tess = setup
    s, e = span(TEXT, "harbour")
    added = project.add_annotation(document_id=doc, start=s, end=e, category="claim", annotator_id=tess)
    assert added.after is not None
    with Project.open(path) as colleague:  # a second window on the same file, Cara's
        colleague.acting_as = colleague.ensure_annotator(name="Cara").id
        colleague.update_annotation(annotation_id=added.after.id, category="opinion")
    with pytest.raises(ConflictError, match="“harbour” was changed since"):
        history.undo(project, annotator_id=tess)
    assert quotes(path) == [("harbour", "opinion")]  # their edit stays
    project.close()


def test_a_new_edit_ends_the_chance_to_redo(setup: tuple[Project, Path, str, str]) -> None:
    project, _path, doc, tess = setup
    project.add_annotation(document_id=doc, start=0, end=3, category="claim", annotator_id=tess)
    history.undo(project, annotator_id=tess)
    project.add_annotation(document_id=doc, start=4, end=12, category="quote", annotator_id=tess)
    with pytest.raises(ValidationError, match="nothing to redo"):
        history.redo(project, annotator_id=tess)
    project.close()


def test_a_unit_of_work_is_one_step(setup: tuple[Project, Path, str, str]) -> None:
    project, path, doc, tess = setup
    with project.transaction(label="tag two") as tx:
        tx.add_annotation(document_id=doc, start=0, end=3, category="claim", annotator_id=tess)
        tx.add_annotation(document_id=doc, start=4, end=12, category="quote", annotator_id=tess)
    result = history.undo(project, annotator_id=tess)
    assert result.step.label == "tag two" and len(result.changes) == 2
    assert quotes(path) == []
    project.close()


def test_document_status_and_review_decisions_are_undone_too(setup: tuple[Project, Path, str, str]) -> None:
    project, path, doc, tess = setup
    project.set_document_status(document_id=doc, status="done")
    assert history.undo(project, annotator_id=tess).step.label == "mark as done"
    assert project.document(doc).status is DocumentStatus.NOT_STARTED
    cara = project.ensure_annotator(name="Cara")
    dan = project.ensure_annotator(name="Dan")
    s, e = span(TEXT, "harbour")
    coded = project.add_annotation(document_id=doc, start=s, end=e, category="claim", annotator_id=cara.id)
    project.add_annotation(document_id=doc, start=s, end=e, category="quote", annotator_id=dan.id)
    assert coded.after is not None
    (group,) = align_document(project, document_id=doc, annotator_ids=[cara.id, dan.id])
    accept_version(project, group=group, annotation_id=coded.after.id, reviewer_id=tess)
    assert len(project.decisions(reviewer_id=tess)) == 1
    undone = history.undo(project, annotator_id=tess)
    assert project.decisions(reviewer_id=tess) == []
    assert quotes(path) == [("harbour", "claim"), ("harbour", "quote")]  # only the coders' spans
    assert {type(c).__name__ for c in undone.changes} == {"AnnotationChange", "DecisionChange"}
    history.redo(project, annotator_id=tess)
    assert len(project.decisions(reviewer_id=tess)) == 1
    project.close()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def test_the_command_line_undoes_the_last_edit_made_in_another_process(
    setup: tuple[Project, Path, str, str],
) -> None:
    project, path, doc, tess = setup
    s, e = span(TEXT, "officials confirmed")
    project.add_annotation(document_id=doc, start=s, end=e, category="statistic", annotator_id=tess)
    project.close()  # the app was closed, or is still open: either way the history is in the file
    done = run_cli("undo", "--project", str(path), "--annotator", "Tess")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("undid “tag as statistic” by Tess")
    assert quotes(path) == []
    again = run_cli("redo", "--project", str(path), "--annotator", "Tess")
    assert again.returncode == 0 and quotes(path) == [("officials confirmed", "statistic")]
    nobody = run_cli("undo", "--project", str(path), "--annotator", "Nobody")
    assert nobody.returncode == 1 and nobody.stderr.count("\n") == 1 and "no annotator" in nobody.stderr


def test_the_command_line_says_what_conflicts(setup: tuple[Project, Path, str, str]) -> None:
    project, path, doc, tess = setup
    s, e = span(TEXT, "Friday")
    added = project.add_annotation(document_id=doc, start=s, end=e, category="claim", annotator_id=tess)
    assert added.after is not None
    project.close()
    with Project.open(path) as colleague:  # Cara deletes it in her window
        colleague.acting_as = colleague.ensure_annotator(name="Cara").id
        colleague.delete_annotation(annotation_id=added.after.id)
    refused = run_cli("undo", "--project", str(path), "--annotator", "Tess")
    assert refused.returncode == 1
    assert refused.stderr.strip() == "annotator: the claim “Friday” was deleted since; nothing was changed"
