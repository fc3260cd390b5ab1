"""A stored codebook version never changes: same content is a no-op, other content is refused.

Annotations record the codebook version they were made under; if the definitions stored for that
version could be replaced, the annotations would silently point at definitions their coders
never saw. These tests look at the rows in the project file, not only at what the API returns.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.codebook import codebook_to_dict, default_codebook
from annotator.dataset import dataset_dict, import_dataset
from annotator.domain import Codebook
from annotator.errors import ImportRefused, ValidationError
from annotator.project import Project

CODEBOOK_ROWS = "SELECT pk, codebook_id, version, name, description, created_at FROM codebooks ORDER BY pk"
CATEGORY_ROWS = (
    "SELECT pk, codebook_pk, key, label, definition, include, exclude, examples, color, shortcut, position "
    "FROM categories ORDER BY pk"
)
ATTRIBUTE_ROWS = (
    "SELECT pk, category_pk, key, label, type, choices, description, position "
    "FROM category_attributes ORDER BY pk"
)


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def stored(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every codebook row (without the ``is_current`` flag, which a switch may change)."""
    return {
        "codebooks": rows(path, CODEBOOK_ROWS),
        "categories": rows(path, CATEGORY_ROWS),
        "attributes": rows(path, ATTRIBUTE_ROWS),
    }


def current(path: Path) -> list[tuple[Any, ...]]:
    return rows(path, "SELECT codebook_id, version FROM codebooks WHERE is_current")


def changed(codebook: Codebook) -> Codebook:
    """The same id and version, with the quote's definition edited and opinion removed."""
    quote = codebook.category("quote")
    assert quote is not None
    categories = tuple(
        replace(c, definition="Any words in quotation marks.") if c.id == "quote" else c
        for c in codebook.categories
        if c.id != "opinion"
    )
    return replace(codebook, categories=categories)


@pytest.fixture
def project(tmp_path: Path) -> Any:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


def test_same_version_with_the_same_content_only_makes_it_current(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    original = project.codebook
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text="The port will close on Friday.").document
    project.add_annotation(document_id=doc.id, start=0, end=8, category="quote", annotator_id=coder.id)
    project.set_codebook(codebook=replace(original, version="1.1", name="Piloted"))
    before = stored(path)
    assert current(path) == [("news-statements", "1.1")]

    again = project.set_codebook(codebook=default_codebook())

    assert again == original and project.codebook == original
    assert stored(path) == before, "re-importing an identical version rewrote its rows"
    assert current(path) == [("news-statements", "1.0")]
    assert project.codebook_versions() == [("news-statements", "1.0"), ("news-statements", "1.1")]
    # once more, while it is current: nothing at all changes
    project.set_codebook(codebook=default_codebook())
    assert stored(path) == before and current(path) == [("news-statements", "1.0")]


def test_same_version_with_other_content_is_refused_listing_the_differences(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite"
    before = stored(path)
    with pytest.raises(ValidationError) as refused:
        project.set_codebook(codebook=changed(project.codebook))
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith("codebook news-statements 1.0 is already in the project with other content (")
    assert "'quote': definition differs" in message and "'opinion'" in message
    assert message.endswith("; give the changed codebook a new version")
    assert stored(path) == before and current(path) == [("news-statements", "1.0")]
    assert project.codebook == default_codebook()


def test_a_new_version_is_stored_beside_the_old_one(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    before = stored(path)
    project.set_codebook(codebook=replace(changed(project.codebook), version="2.0"))
    after = stored(path)
    assert after["codebooks"][: len(before["codebooks"])] == before["codebooks"]
    assert after["categories"][: len(before["categories"])] == before["categories"]
    assert after["attributes"][: len(before["attributes"])] == before["attributes"]
    assert current(path) == [("news-statements", "2.0")]
    assert [r[4] for r in rows(path, CATEGORY_ROWS) if r[2] == "quote"] == [
        default_codebook().category("quote").definition,  # type: ignore[union-attr]
        "Any words in quotation marks.",
    ]


def test_a_long_list_of_differences_stays_on_one_line(project: Project) -> None:
    cb = project.codebook
    relabelled = replace(
        cb,
        name="Renamed",
        description="Another description",
        categories=tuple(replace(c, label=c.label + "!", color="#000000") for c in cb.categories),
    )
    with pytest.raises(ValidationError) as refused:
        project.set_codebook(codebook=relabelled)
    message = str(refused.value)
    assert "\n" not in message and len(message) < 400
    assert "more)" in message and "and " in message


def test_cli_codebook_import_of_a_changed_same_version_exits_non_zero_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.sqlite"
    Project.open(path).close()
    before = stored(path)
    edited = tmp_path / "edited.json"
    edited.write_text(json.dumps(codebook_to_dict(changed(default_codebook()))), "utf-8")
    assert main(["codebook", "import", "--project", str(path), str(edited)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.count("\n") == 1
    assert captured.err.startswith("annotator: codebook news-statements 1.0 is already in the project")
    assert stored(path) == before
    # the same file with a new version goes in beside the old one
    data = codebook_to_dict(replace(changed(default_codebook()), version="1.1"))
    edited.write_text(json.dumps(data), "utf-8")
    assert main(["codebook", "import", "--project", str(path), str(edited)]) == 0
    assert current(path) == [("news-statements", "1.1")]
    assert rows(path, CODEBOOK_ROWS)[0] == before["codebooks"][0]


def colleague_dataset(tmp_path: Path, codebook: Codebook) -> Path:
    """A colleague's export: one document and one annotation made under ``codebook``."""
    with Project.open(tmp_path / "colleague.sqlite") as colleague:
        if colleague.codebook != codebook:
            colleague.set_codebook(codebook=replace(codebook, version="tmp"))
        cara = colleague.ensure_annotator(name="Cara")
        doc = colleague.add_document(text="Ministers said the port would close.").document
        colleague.add_annotation(document_id=doc.id, start=0, end=9, category="claim", annotator_id=cara.id)
        data = dataset_dict(colleague)
    data["codebook"] = codebook_to_dict(codebook)
    for d in data["documents"]:
        for a in d["annotations"]:
            a["codebook_version"] = codebook.version
    path = tmp_path / "colleague.json"
    path.write_text(json.dumps(data), "utf-8")
    return path


@pytest.mark.parametrize("ours_empty", [True, False], ids=["empty project", "project with data"])
def test_dataset_with_our_codebook_version_but_other_definitions_is_refused(
    tmp_path: Path, ours_empty: bool
) -> None:
    theirs = colleague_dataset(tmp_path, changed(default_codebook()))
    path = tmp_path / "p.sqlite"
    with Project.open(path) as project:
        if not ours_empty:
            coder = project.ensure_annotator(name="Ada")
            doc = project.add_document(text="Our own article.").document
            project.add_annotation(
                document_id=doc.id, start=0, end=3, category="opinion", annotator_id=coder.id
            )
        before = stored(path)
        documents = project.documents()
        with pytest.raises(ImportRefused) as refused:
            import_dataset(project, theirs)
        message = str(refused.value)
        assert "\n" not in message
        assert "codebook news-statements 1.0 is already in the project with other content" in message
        assert "'quote': definition differs" in message
        assert project.documents() == documents
        assert project.codebook == default_codebook()
    assert stored(path) == before
    assert current(path) == [("news-statements", "1.0")]


def test_dataset_with_our_codebook_version_and_content_imports(tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path, default_codebook())
    path = tmp_path / "p.sqlite"
    with Project.open(path) as project:
        before = stored(path)
        result = import_dataset(project, theirs)
        assert result.annotations_added == 1
    assert stored(path) == before


def test_cli_import_of_such_a_dataset_fails_with_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = colleague_dataset(tmp_path, changed(default_codebook()))
    path = tmp_path / "p.sqlite"
    Project.open(path).close()
    before = stored(path)
    assert main(["import", "--project", str(path), str(theirs)]) == 1
    captured = capsys.readouterr()
    failed = [line for line in captured.err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "already in the project with other content" in failed[0]
    assert stored(path) == before
    assert rows(path, "SELECT count(*) FROM documents") == [(0,)]


def test_the_import_preview_refuses_it_too(tmp_path: Path) -> None:
    from annotator.review import preview_dataset

    theirs = colleague_dataset(tmp_path, changed(default_codebook()))
    with (
        Project.open(tmp_path / "p.sqlite") as project,
        pytest.raises(ImportRefused, match="already in the project with other content"),
    ):
        preview_dataset(project, theirs)
