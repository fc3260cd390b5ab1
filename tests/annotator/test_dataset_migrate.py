"""A colleague's dataset made under another version of the project's codebook: refused with the
differences and a hint, migrated with ``--migrate`` by replaying the project's refactorings.

The outcome is read from the project file (SQL on the rows) and from a fresh export.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator import dataset as dataset_module
from annotator.cli import main
from annotator.codebook import default_codebook
from annotator.dataset import dataset_migration_plan, export_dataset, import_dataset
from annotator.domain import Codebook
from annotator.errors import ImportRefused
from annotator.project import Project
from annotator.refactor import drop_attribute, merge_categories, split_category

TEXT = "Exports fell by 4% in May, the minister said. “We will recover,” she added. It is a shame."


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def v1() -> Codebook:
    return replace(default_codebook(), version="1")


def colleague_dataset(tmp_path: Path, codebook: Codebook | None = None) -> Path:
    """Cara's project at version 1 (or ``codebook``): a hedged claim, a statistic, a quote; exported."""
    out = tmp_path / "cara.json"
    with Project.open(tmp_path / "cara.sqlite") as cara_project:
        cara_project.set_codebook(codebook=codebook or v1())
        cara = cara_project.ensure_annotator(name="Cara")
        doc = cara_project.add_document(text=TEXT).document
        for start, end, category, attributes in (
            (0, 25, "claim", {"hedged": True, "attributed_to": "ministry"}),
            (16, 18, "statistic", {"source": "ministry"}),
            (37, 44, "statistic", {}),
            (47, 62, "quote", {"speaker": "the minister"}),
        ):
            cara_project.add_annotation(
                document_id=doc.id,
                start=start,
                end=end,
                category=category,
                annotator_id=cara.id,
                attributes=attributes,
            )
        export_dataset(cara_project, out)
    return out


@pytest.fixture
def ours(tmp_path: Path) -> Any:
    """Our project: Ada's opinion at version 1, then statistic merged into claim (2), hedged dropped (3)."""
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as p:
        p.set_codebook(codebook=v1())
        ada = p.ensure_annotator(name="Ada")
        doc = p.add_document(text=TEXT).document
        p.add_annotation(document_id=doc.id, start=82, end=89, category="opinion", annotator_id=ada.id)
        merge_categories(p, sources=["statistic"], into="claim")
        drop_attribute(p, category="claim", attribute="hedged")
        assert p.codebook.version == "3"
    return path


def cara_rows(path: Path) -> list[tuple[Any, ...]]:
    return rows(
        path,
        "SELECT a.start, a.category, a.attributes, a.codebook_version FROM annotations a "
        "JOIN annotators n ON n.id = a.annotator_id WHERE n.name = 'Cara' ORDER BY a.start",
    )


def test_plan_lists_the_differences_and_replays_merge_and_drop(ours: Path, tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    with Project.open(ours) as project:
        plan = dataset_migration_plan(project, theirs)
    assert plan is not None and plan.direction == "older" and plan.can_migrate
    assert plan.comparison.removed == ("statistic",)
    assert plan.comparison.attributes_dropped == (("claim", "hedged"),)
    assert [(r.category, r.into, len(r.annotations)) for r in plan.recodes] == [("statistic", "claim", 2)]
    assert "merged into 'claim' in version 2" in plan.recodes[0].reason
    assert [(d.category, d.attribute, len(d.annotations)) for d in plan.drops] == [("claim", "hedged", 1)]
    text = "\n".join(plan.lines())
    assert "category 'statistic' is not in this project's codebook" in text
    assert "recode 2 spans of 'statistic' to 'claim'" in text
    assert "drop attribute 'hedged' from 1 span of 'claim' (dropped in version 3)" in text


def test_import_without_migrate_is_refused_and_writes_nothing(ours: Path, tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    before = rows(ours, "SELECT id, category, attributes FROM annotations ORDER BY id")
    with Project.open(ours) as project, pytest.raises(ImportRefused) as refused:
        import_dataset(project, theirs)
    message = str(refused.value)
    assert "\n" not in message
    assert "version 1, older than this project's version 3" in message and "--migrate" in message
    assert rows(ours, "SELECT id, category, attributes FROM annotations ORDER BY id") == before
    assert rows(ours, "SELECT count(*) FROM annotators WHERE name = 'Cara'") == [(0,)]


def test_migrate_recodes_drops_and_reads_back_from_file_and_export(ours: Path, tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    with Project.open(ours) as project:
        result = import_dataset(project, theirs, migrate=True)
    assert result.annotations_added == 4
    assert result.migration is not None
    assert "2 spans of statistic recoded to claim" in result.summary()
    assert "attribute hedged of claim dropped from 1 span" in result.summary()

    stored = cara_rows(ours)
    assert [(s, c) for s, c, _, _ in stored] == [(0, "claim"), (16, "claim"), (37, "claim"), (47, "quote")]
    attrs = {s: json.loads(a) for s, _, a, _ in stored}
    assert attrs[0] == {"attributed_to": "ministry"}  # hedged dropped, the rest kept
    assert attrs[16] == {"source": "ministry"}  # the merge target took statistic's attribute
    versions = {s: v for s, _, _, v in stored}
    assert versions == {0: "3", 16: "3", 37: "3", 47: "1"}  # untouched spans keep theirs

    out = tmp_path / "fresh.json"
    with Project.open(ours) as project:
        export_dataset(project, out)
        assert project.codebook.version == "3"
    data = json.loads(out.read_text("utf-8"))
    assert data["codebook"]["version"] == "3"
    spans = {(a["start"], a["category"]) for d in data["documents"] for a in d["annotations"]}
    assert {(0, "claim"), (16, "claim"), (37, "claim"), (47, "quote"), (82, "opinion")} == spans
    claim = next(a for d in data["documents"] for a in d["annotations"] if a["start"] == 0)
    assert "hedged" not in claim["attributes"]

    with Project.open(ours) as project:  # importing it again adds nothing
        assert import_dataset(project, theirs, migrate=True).annotations_added == 0


def test_cli_refuses_prints_the_plan_and_migrates(
    ours: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    theirs = colleague_dataset(tmp_path)
    assert main(["import", "--project", str(ours), str(theirs)]) == 1
    out = capsys.readouterr()
    assert "recode 2 spans of 'statistic' to 'claim'" in out.out
    failed = [line for line in out.err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and "--migrate" in failed[0]
    assert cara_rows(ours) == []

    assert main(["import", "--project", str(ours), "--dry-run", str(theirs)]) == 0
    out = capsys.readouterr()
    assert "migration plan:" in out.out and "drop attribute 'hedged'" in out.out
    assert cara_rows(ours) == []

    assert main(["import", "--project", str(ours), "--migrate", "-q", str(theirs)]) == 0
    out = capsys.readouterr()
    assert "2 spans of statistic recoded to claim" in out.out
    assert "attribute hedged of claim dropped from 1 span" in out.out
    assert [c for _, c, _, _ in cara_rows(ours)] == ["claim", "claim", "claim", "quote"]


def test_a_split_without_a_default_is_refused_with_a_listing(tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as project:
        project.set_codebook(codebook=v1())
        project.add_document(text="Something of ours.")
        split_category(project, category="statistic", into=[("count", "Count"), ("rate", "Rate")])
        with pytest.raises(ImportRefused) as refused:
            import_dataset(project, theirs, migrate=True)
    assert "cannot migrate 2 spans" in str(refused.value)
    assert any("split in version 2" in p for p in refused.value.problems)
    assert any("16-18" in p for p in refused.value.problems)
    assert cara_rows(path) == []


def test_a_split_with_a_default_recodes_to_it(tmp_path: Path) -> None:
    theirs = colleague_dataset(tmp_path)
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as project:
        project.set_codebook(codebook=v1())
        project.add_document(text="Something of ours.")
        split_category(
            project, category="statistic", into=[("count", "Count"), ("rate", "Rate")], move_to="count"
        )
        import_dataset(project, theirs, migrate=True)
    assert [c for _, c, _, _ in cara_rows(path)] == ["claim", "count", "count", "quote"]


def newer_dataset(tmp_path: Path) -> Path:
    """Cara's project refactored to version 2 (statistic merged into claim), exported."""
    out = tmp_path / "cara-v2.json"
    colleague_dataset(tmp_path)
    with Project.open(tmp_path / "cara.sqlite") as cara_project:
        merge_categories(cara_project, sources=["statistic"], into="claim")
        export_dataset(cara_project, out)
    return out


def test_a_newer_dataset_offers_to_adopt_its_version(tmp_path: Path) -> None:
    theirs = newer_dataset(tmp_path)
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as project:
        project.set_codebook(codebook=v1())
        ada = project.ensure_annotator(name="Ada")
        doc = project.add_document(text=TEXT).document
        project.add_annotation(document_id=doc.id, start=82, end=89, category="opinion", annotator_id=ada.id)
        plan = dataset_migration_plan(project, theirs)
        assert plan is not None and plan.direction == "newer" and plan.adopt is not None
        assert "adopt the dataset's codebook version 2 first" in "\n".join(plan.lines())
        with pytest.raises(ImportRefused, match="newer than this project's version 1"):
            import_dataset(project, theirs)
        result = import_dataset(project, theirs, migrate=True)
        assert result.annotations_added == 4 and project.codebook.version == "2"
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("2",)]


def test_a_failed_migration_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The adoption and the spans are one transaction: a failure after the codebook is switched
    leaves the project as it was."""
    theirs = newer_dataset(tmp_path)
    path = tmp_path / "ours.sqlite"
    with Project.open(path) as project:
        project.set_codebook(codebook=v1())
        project.add_document(text="Something of ours.")

        def broken(*_: Any, **__: Any) -> Any:
            raise OSError("disk gone")

        monkeypatch.setattr(dataset_module, "_insert", broken)
        with pytest.raises(OSError):
            import_dataset(project, theirs, migrate=True)
        assert project.codebook.version == "1"
    assert rows(path, "SELECT version FROM codebooks WHERE is_current") == [("1",)]
    assert rows(path, "SELECT count(*) FROM annotations") == [(0,)]


def test_a_log_written_before_operations_were_kept_is_read_from_its_lines(ours: Path, tmp_path: Path) -> None:
    """Entries without ``ops`` and ``from`` (older projects): the plan reads the log lines."""
    con = sqlite3.connect(ours)
    try:
        for key, value in con.execute(
            "SELECT key, value FROM settings WHERE key LIKE 'codebook/log/%'"
        ).fetchall():
            entry = json.loads(value)
            entry.pop("ops", None)
            entry.pop("from", None)
            con.execute("UPDATE settings SET value = ? WHERE key = ?", (json.dumps(entry), key))
        con.commit()
    finally:
        con.close()
    theirs = colleague_dataset(tmp_path)
    with Project.open(ours) as project:
        plan = dataset_migration_plan(project, theirs)
        assert plan is not None and plan.direction == "older"
        assert [(r.category, r.into, len(r.annotations)) for r in plan.recodes] == [("statistic", "claim", 2)]
        assert [(d.category, d.attribute, d.reason) for d in plan.drops] == [
            ("claim", "hedged", "dropped in version 3")
        ]
        import_dataset(project, theirs, migrate=True)
    assert [c for _, c, _, _ in cara_rows(ours)] == ["claim", "claim", "claim", "quote"]
