"""Codebook refactorings carry the coding along: merge, split, drop an attribute, each one undoable step.

Outcomes are read from the project file (SQL on the rows) and from the exported dataset, not only
from what the functions return.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator import history
from annotator.cli import main
from annotator.codebook import default_codebook
from annotator.dataset import export_dataset
from annotator.domain import CodebookChange
from annotator.errors import ConflictError, ValidationError
from annotator.project import Project
from annotator.refactor import drop_attribute, merge_categories, split_category

TEXT = "Exports fell by 4% in May, the minister said. “We will recover,” she added. It is a shame."


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def categories_in_file(path: Path) -> list[tuple[str, str]]:
    return rows(path, "SELECT id, category FROM annotations ORDER BY start")


def current_version(path: Path) -> list[tuple[str, str]]:
    return rows(path, "SELECT codebook_id, version FROM codebooks WHERE is_current")


@pytest.fixture
def coded(tmp_path: Path) -> Any:
    """A project with one document: a claim (hedged), a statistic, a quote and an opinion by Ada."""
    p = Project.open(tmp_path / "p.sqlite")
    ada = p.ensure_annotator(name="Ada")
    p.acting_as = ada.id
    doc = p.add_document(text=TEXT).document
    for start, end, category, attributes in (
        (0, 25, "claim", {"hedged": True, "attributed_to": "ministry"}),
        (16, 18, "statistic", {}),
        (47, 62, "quote", {}),
        (82, 89, "opinion", {}),
    ):
        p.add_annotation(
            document_id=doc.id,
            start=start,
            end=end,
            category=category,
            annotator_id=ada.id,
            attributes=attributes,
        )
    yield p
    p.close()


def test_merge_recodes_the_spans_stores_a_new_version_and_undoes_in_one_step(
    coded: Project, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite"
    before = categories_in_file(path)
    result = merge_categories(
        coded, sources=["claim", "statistic"], into="factual", label="Factual statement"
    )

    assert current_version(path) == [("news-statements", "1.0-2")]
    assert [c for _, c in categories_in_file(path)] == ["factual", "factual", "quote", "opinion"]
    assert len(result.changed) == 2
    factual = coded.codebook.category("factual")
    assert factual is not None and factual.label == "Factual statement"
    assert coded.codebook.category_ids == ("factual", "quote", "opinion")
    # attributes of both survive on the merged category, and the values on the spans
    assert {a.id for a in factual.attributes} == {"attributed_to", "hedged", "source"}
    assert coded.annotations()[0].attributes == {"hedged": True, "attributed_to": "ministry"}
    # the old version is kept, and the new one has its change-log entry
    assert coded.stored_codebook("news-statements", "1.0") == default_codebook()
    log = coded.codebook_log()[-1]
    assert log["version"] == "1.0-2" and log["who"] == "Ada"
    assert log["what"] == ["merged claim, statistic into 'factual'"]
    # one step, whose changes name the annotations it changed
    step = coded.edit_step(result.step_id or "")
    assert step is not None and step.label == "merge claim, statistic into factual"
    assert isinstance(step.changes[0], CodebookChange)
    assert {c.after.id for c in step.changes[1:] if c.after is not None} == set(result.changed)  # type: ignore[union-attr]

    history.undo(coded, step_id=step.id)
    assert categories_in_file(path) == before
    assert current_version(path) == [("news-statements", "1.0")]
    assert coded.codebook == default_codebook()
    assert rows(path, "SELECT count(*) FROM codebooks") == [(2,)]

    history.redo(coded, step_id=step.id)
    assert [c for _, c in categories_in_file(path)] == ["factual", "factual", "quote", "opinion"]
    assert current_version(path) == [("news-statements", "1.0-2")]


def test_merge_into_an_existing_category_and_the_exported_dataset_reflects_it(
    coded: Project, tmp_path: Path
) -> None:
    merge_categories(coded, sources=["opinion"], into="claim")
    out = tmp_path / "out.json"
    export_dataset(coded, out)
    data = json.loads(out.read_text("utf-8"))
    assert [c["id"] for c in data["codebook"]["categories"]] == ["claim", "quote", "statistic"]
    assert data["codebook"]["version"] == "1.0-2"
    spans = sorted(data["documents"][0]["annotations"], key=lambda a: a["start"])
    assert [a["category"] for a in spans] == ["claim", "statistic", "quote", "claim"]
    recoded = spans[3]
    assert recoded["codebook_version"] == "1.0-2"
    untouched = spans[2]
    assert untouched["codebook_version"] == "1.0"  # made under the older version: flagged by the app


def test_split_lists_the_spans_to_recode_and_keeps_the_old_code_as_a_group(
    coded: Project, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite"
    result = split_category(
        coded, category="quote", into=[("quote-direct", "Direct quote"), ("quote-partial", "")]
    )
    assert [a.quote for a in result.to_recode] == ["We will recover"] and result.changed == ()
    cb = coded.codebook
    quote = cb.category("quote")
    assert quote is not None and not quote.codable
    assert [c.id for c in cb.children("quote")] == ["quote-direct", "quote-partial"]
    assert cb.category("quote-partial").label == "quote-partial"  # type: ignore[union-attr]
    assert len({c.color for c in cb.categories}) == len(cb.categories)
    # the spans keep their code until recoded; tagging the group anew is refused
    assert ("quote",) in rows(path, "SELECT category FROM annotations")
    doc = coded.documents()[0]
    with pytest.raises(ValidationError, match="not codable"):
        coded.add_annotation(
            document_id=doc.id, start=47, end=50, category="quote", annotator_id=coded.acting_as or ""
        )
    history.undo(coded, step_id=result.step_id)
    assert coded.codebook == default_codebook()


def test_split_with_move_to_recodes_and_undo_puts_them_back(coded: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    result = split_category(
        coded, category="quote", into=[("direct", "Direct"), ("partial", "Partial")], move_to="direct"
    )
    assert len(result.changed) == 1
    assert ("direct",) in rows(path, "SELECT category FROM annotations")
    history.undo(coded, step_id=result.step_id)
    assert ("quote",) in rows(path, "SELECT category FROM annotations")
    assert ("direct",) not in rows(path, "SELECT category FROM annotations")


def test_drop_attribute_takes_the_values_off_and_undo_restores_them(coded: Project, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    result = drop_attribute(coded, category="claim", attribute="hedged")
    assert len(result.changed) == 1
    stored = json.loads(rows(path, "SELECT attributes FROM annotations WHERE category = 'claim'")[0][0])
    assert stored == {"attributed_to": "ministry"}
    claim = coded.codebook.category("claim")
    assert claim is not None and [a.id for a in claim.attributes] == ["attributed_to"]
    history.undo(coded, step_id=result.step_id)
    stored = json.loads(rows(path, "SELECT attributes FROM annotations WHERE category = 'claim'")[0][0])
    assert stored == {"hedged": True, "attributed_to": "ministry"}
    # the span written back keeps the version it was made under
    assert rows(path, "SELECT codebook_version FROM annotations WHERE category = 'claim'") == [("1.0",)]


def test_undo_is_refused_when_the_codebook_changed_since(coded: Project) -> None:
    result = drop_attribute(coded, category="claim", attribute="hedged")
    coded.set_codebook(codebook=replace(coded.codebook, version="9"))
    with pytest.raises(ConflictError, match="the codebook was changed since"):
        history.undo(coded, step_id=result.step_id)


def test_refactorings_refuse_what_makes_no_sense(coded: Project) -> None:
    with pytest.raises(ValidationError, match="no category 'nope'"):
        merge_categories(coded, sources=["nope"], into="claim")
    with pytest.raises(ValidationError, match="at least two"):
        split_category(coded, category="claim", into=[("a", "")])
    with pytest.raises(ValidationError, match="ids not in use"):
        split_category(coded, category="claim", into=[("quote", ""), ("b", "")])
    with pytest.raises(ValidationError, match="no attribute"):
        drop_attribute(coded, category="quote", attribute="hedged")
    assert coded.codebook == default_codebook()


def test_edit_codebook_saves_a_new_version_with_a_change_log(coded: Project) -> None:
    cb = coded.codebook
    edited = replace(
        cb,
        categories=tuple(
            replace(c, label="Assertion", color="#123456") if c.id == "claim" else c for c in cb.categories
        ),
    )
    saved = coded.edit_codebook(codebook=edited, who="Lead")
    assert saved.version == "1.0-2" and saved.category("claim").label == "Assertion"  # type: ignore[union-attr]
    entry = coded.codebook_log()[-1]
    assert entry["who"] == "Lead" and entry["what"] == [
        "renamed 'claim': 'Claim' -> 'Assertion'",
        "recoloured 'claim'",
    ]
    with pytest.raises(ValidationError, match="has not changed"):
        coded.edit_codebook(codebook=coded.codebook)


def test_the_command_line_merges_splits_drops_and_undoes(coded: Project, tmp_path: Path, capsys: Any) -> None:
    coded.close()
    path = str(tmp_path / "p.sqlite")
    assert (
        main(
            [
                "codebook",
                "merge",
                "--project",
                path,
                "claim",
                "statistic",
                "--into",
                "fact",
                "--annotator",
                "Ada",
            ]
        )
        == 0
    )
    assert "2 spans recoded" in capsys.readouterr().out
    assert (
        main(
            [
                "codebook",
                "split",
                "--project",
                path,
                "quote",
                "--into",
                "direct=Direct",
                "indirect",
                "--json",
                "--annotator",
                "Ada",
            ]
        )
        == 0
    )
    listed = json.loads(capsys.readouterr().out)
    assert [r["quote"] for r in listed["to_recode"]] == ["We will recover"]
    assert (
        main(["codebook", "drop-attribute", "--project", path, "fact", "hedged", "--annotator", "Ada"]) == 0
    )
    capsys.readouterr()
    assert main(["codebook", "log", "--project", path]) == 0
    log = capsys.readouterr().out
    assert "merged claim, statistic into 'fact'" in log and "dropped attribute 'hedged' of 'fact'" in log
    out = tmp_path / "out.json"
    assert main(["export", "--project", path, "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    spans = sorted(data["documents"][0]["annotations"], key=lambda a: a["start"])
    assert [a["category"] for a in spans] == ["fact", "fact", "quote", "opinion"]
    assert "hedged" not in spans[0]["attributes"]
    # three undos take the three refactorings back, newest first
    for _ in range(3):
        assert main(["undo", "--project", path, "--annotator", "Ada"]) == 0
    capsys.readouterr()
    with Project.open(path) as again:
        assert again.codebook == default_codebook()
        assert [a.category for a in again.annotations()] == ["claim", "statistic", "quote", "opinion"]
        assert again.annotations()[0].attributes == {"hedged": True, "attributed_to": "ministry"}


def test_edit_codebook_refuses_to_drop_what_spans_use_and_says_which_refactoring_to_use(
    coded: Project,
) -> None:
    cb = coded.codebook
    without_opinion = replace(cb, categories=tuple(c for c in cb.categories if c.id != "opinion"))
    with pytest.raises(
        ValidationError, match="spans still use opinion; merge them into another category first"
    ):
        coded.edit_codebook(codebook=without_opinion)
    no_hedged = replace(
        cb,
        categories=tuple(
            replace(c, attributes=tuple(a for a in c.attributes if a.id != "hedged"))
            if c.id == "claim"
            else c
            for c in cb.categories
        ),
    )
    with pytest.raises(ValidationError, match="drop-attribute"):
        coded.edit_codebook(codebook=no_hedged)
    assert coded.codebook == default_codebook()
