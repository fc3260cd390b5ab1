"""A coding study: assignments with a reliability sample, packages for coders, progress, gold, rounds."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from annotator import study
from annotator.dataset import import_project_file
from annotator.errors import ValidationError
from annotator.project import Project
from tests.conftest import REPO

OUTLETS = ["Courier", "Portal", "Gazette"]


def project_with(tmp_path: Path, n: int = 60, name: str = "p.annotator.sqlite") -> Project:
    project = Project.open(tmp_path / name)
    for i in range(n):
        project.add_document(
            text=f"Article {i}: the minister said the harbour will close, number {i}.",
            title=f"Article {i}",
            source=OUTLETS[i % 3] if i < 45 else "Courier",  # Courier 25, Portal 15, Gazette 15... see below
            published=f"{2022 + i % 2}-0{1 + i % 9}-10",
        )
    return project


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def test_every_document_goes_to_one_coder_balanced_and_the_sample_to_all(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    result = study.assign(project, coders=["Ada", "Bo", "Cy"], overlap=0.2, seed=7)
    rows = project.assignments()
    sample = {a.document_id for a in rows if a.reliability}
    assert len(sample) == 12 == len(result.sample)  # 20% of 60
    by_doc = Counter(a.document_id for a in rows)
    assert all(by_doc[d] == 3 for d in sample)
    assert all(n == 1 for d, n in by_doc.items() if d not in sample)
    assert len(by_doc) == 60  # every document is assigned
    single = Counter(a.coder_id for a in rows if not a.reliability)
    assert sorted(single.values()) == [16, 16, 16]  # 48 single-coded documents, balanced
    project.close()


def test_the_same_seed_gives_the_same_assignments_and_another_seed_another_sample(tmp_path: Path) -> None:
    first, second, third = (project_with(tmp_path, name=f"{k}.sqlite") for k in "abc")
    for p, seed in ((first, 3), (second, 3), (third, 4)):
        study.assign(p, coders=["Ada", "Bo"], overlap_count=10, seed=seed)

    def shape(p: Project) -> list[tuple[str, str, bool]]:
        titles = {d.id: d.title for d in p.documents()}
        names = {a.id: a.name for a in p.annotators()}
        return sorted((titles[a.document_id], names[a.coder_id], a.reliability) for a in p.assignments())

    assert shape(first) == shape(second)
    assert shape(first) != shape(third)
    for p in (first, second, third):
        p.close()


def test_a_stratified_sample_follows_the_outlets_shares(tmp_path: Path) -> None:
    project = project_with(tmp_path)
    sources = {d.id: d.source for d in project.documents()}
    population = Counter(sources.values())
    assert population == {"Courier": 30, "Portal": 15, "Gazette": 15}
    study.assign(project, coders=["Ada", "Bo"], overlap_count=12, stratify="source", seed=1)
    sample = {a.document_id for a in project.assignments() if a.reliability}
    assert Counter(sources[d] for d in sample) == {"Courier": 6, "Portal": 3, "Gazette": 3}
    project.close()


def test_running_again_keeps_what_exists_and_adds_documents_and_coders(tmp_path: Path) -> None:
    project = project_with(tmp_path, n=30)
    study.assign(project, coders=["Ada", "Bo"], overlap_count=6, seed=2)
    before = set(project.assignments())
    for i in range(6):
        project.add_document(text=f"A later article {i}, about the port.", title=f"Later {i}")
    study.assign(project, coders=["Ada", "Bo", "Cy"], seed=2)
    after = project.assignments()
    assert before <= set(after)  # nothing taken away or changed
    names = {a.id: a.name for a in project.annotators()}
    sample = {a.document_id for a in after if a.reliability}
    assert len(sample) == 6
    cy = {a.document_id for a in after if names[a.coder_id] == "Cy"}
    assert sample <= cy  # the new coder codes the whole sample
    later = {d.id for d in project.documents() if d.title.startswith("Later")}
    assert {a.document_id for a in after if a.document_id in later} == later
    assert Counter(names[a.coder_id] for a in after if a.document_id in later)["Cy"] >= 2  # fewest so far
    project.close()


def test_lacy_and_riffe_sample_sizes() -> None:
    # their tables: 90% agreement assumed, 5 points above the minimum, 95% one-tailed;
    # a population of 100 needs about half of it, 1,000 under a tenth
    assert 50 <= study.suggested_sample_size(100) <= 52
    assert 87 <= study.suggested_sample_size(1000) <= 92
    assert study.suggested_sample_size(10) == 9 or study.suggested_sample_size(10) == 10
    sizes = [study.suggested_sample_size(n) for n in (50, 100, 500, 1000, 10_000)]
    assert sizes == sorted(sizes) and sizes[-1] < 100  # grows with N, levels off
    assert study.suggested_sample_size(100, expected=0.9, minimum=0.8) < study.suggested_sample_size(100)
    assert study.suggested_sample_size(0) == 0
    with pytest.raises(ValidationError):
        study.suggested_sample_size(100, expected=0.8, minimum=0.9)


def test_a_coders_package_goes_out_and_their_layer_comes_back(tmp_path: Path) -> None:
    project = project_with(tmp_path, n=12)
    lead = project.ensure_annotator(name="Lead")
    study.assign(project, coders=["Ada", "Bo"], overlap_count=2, seed=5)
    names = {a.name: a.id for a in project.annotators()}
    bo_doc = next(a.document_id for a in project.assignments() if a.coder_id == names["Bo"])
    project.add_annotation(document_id=bo_doc, start=0, end=7, category="claim", annotator_id=names["Bo"])
    project.add_annotation(document_id=bo_doc, start=0, end=7, category="quote", annotator_id=lead.id)
    packages = {}
    for coder in ("Ada", "Bo"):
        out = tmp_path / f"{coder}.annotator.sqlite"
        documents, annotations = study.package_for(project, coder=coder, output=out)
        packages[coder] = out
        mine = [a for a in project.assignments() if a.coder_id == names[coder]]
        assert documents == len(mine)
        with Project.open(out, create=False) as package:
            layers = {a.name for a in package.annotators()}
            assert layers == {coder}  # blind: only their own layer travels
            assert {a.document_id for a in package.assignments()} == {a.document_id for a in mine}
            assert annotations == len(package.annotations())
    # the coders work in their packages
    with Project.open(packages["Ada"]) as ada:
        doc = ada.assignments()[0].document_id
        ada.add_annotation(document_id=doc, start=0, end=7, category="statistic", annotator_id=names["Ada"])
        ada.set_assignment_status(document_id=doc, coder_id=names["Ada"], status="done")
    with Project.open(packages["Bo"]) as bo:
        doc2 = bo.assignments()[-1].document_id
        bo.add_annotation(document_id=doc2, start=9, end=17, category="opinion", annotator_id=names["Bo"])
    for coder in ("Ada", "Bo"):
        import_project_file(project, packages[coder])
    stored = Counter(project.annotator(a.annotator_id).name for a in project.annotations())  # type: ignore[union-attr]
    assert stored == {"Ada": 1, "Bo": 2, "Lead": 1}
    again = import_project_file(project, packages["Ada"])  # idempotent
    assert again.annotations_added == 0 and len(project.annotations()) == 4
    progress = {p.name: p for p in study.progress(project)}
    assert progress["Ada"].done == 1 and progress["Ada"].spans == 1
    assert progress["Bo"].in_progress >= 1 and progress["Bo"].spans == 2
    project.close()


def test_the_command_line_assigns_lists_packages_and_merges(tmp_path: Path) -> None:
    path = tmp_path / "study.annotator.sqlite"
    project_with(tmp_path, n=20, name="study.annotator.sqlite").close()
    done = cli("assign", "--project", str(path), "--coders", "Ada", "Bo", "--overlap", "0.25", "--seed", "9")
    assert done.returncode == 0, done.stderr
    assert "reliability sample of 5 documents" in done.stdout
    listed = json.loads(cli("assignments", "--project", str(path), "--json").stdout)
    assert set(listed) == {"assignments"}
    assert all(set(row) == {"document", "coder", "reliability"} for row in listed["assignments"])
    assert sum(row["reliability"] for row in listed["assignments"]) == 10
    suggested = cli("assign", "--project", str(path), "--suggest-size")
    assert suggested.returncode == 0 and suggested.stdout.startswith("17 of 20 documents")
    out = tmp_path / "ada.annotator.sqlite"
    packaged = cli("package", "--project", str(path), "--coder", "Ada", "-o", str(out))
    assert packaged.returncode == 0, packaged.stderr
    merged = cli("import", "--project", str(path), str(out))
    assert merged.returncode == 0 and "project file:" in merged.stdout
    refused = cli("package", "--project", str(path), "--coder", "Ada", "-o", str(out))
    assert refused.returncode == 1 and "already exists" in refused.stderr
    progress = json.loads(cli("progress", "--project", str(path), "--json").stdout)
    assert {c["name"] for c in progress["coders"]} == {"Ada", "Bo"}
    assert cli("gold", "--project", str(path), "Bo").returncode == 0
    con = sqlite3.connect(path)
    assert con.execute("SELECT name FROM annotators WHERE gold").fetchall() == [("Bo",)]
    con.close()
    rounds = cli("round", "--project", str(path), "pilot 1", "--sample")
    assert rounds.returncode == 0 and "5 documents" in rounds.stdout
