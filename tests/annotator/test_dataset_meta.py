"""What the dataset adds about documents: body ranges, memos, document variables, coders' answers.

Fields are added, never renamed: ``documents[].body``, ``memo``, ``variables`` (descriptive) and
``coded_variables`` (each coder's answers), the codebook's ``variables`` and the project ``memo``.
They validate against the JSON Schema and the hand-written validator, and come back from an
import exactly as they went out.
"""

from __future__ import annotations

import copy
import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.dataset import dataset_dict, export_dataset, import_dataset, validate_dataset
from annotator.errors import ImportRefused
from annotator.project import Project
from tests.annotator.test_dataset import SCHEMA, populate, strip_exported
from tests.annotator.test_document_meta import TEXT, with_variables


def filled(project: Project) -> dict[str, Any]:
    """The dataset test's project with variables, values, bodies and memos."""
    populate(project)
    with_variables(project)
    ada = next(a for a in project.annotators() if a.name == "Ada").id
    bo = next(a for a in project.annotators() if a.name == "Bo").id
    docs = project.documents()
    cnn = project.add_document(text=TEXT, title="Pier", source="CNN", body=(25, 81)).document
    project.update_document(document_id=docs[0].id, memo="Check the Arabic span with a native reader.")
    project.set_document_body(document_id=docs[1].id, body=(5, 200))
    project.set_document_value(document_id=docs[0].id, variable="section", value="World")
    project.set_document_value(
        document_id=cnn.id, variable="country", value="US (Atlanta)"
    )  # set over the map
    for who, frame, tone in ((ada, "conflict", "neg"), (bo, "economy", "neg")):
        project.set_coded_value(document_id=docs[0].id, annotator_id=who, variable="frame", value=frame)
        project.set_coded_value(document_id=docs[0].id, annotator_id=who, variable="tone", value=tone)
    project.set_coded_value(document_id=cnn.id, annotator_id=ada, variable="sources", value=2)
    project.set_project_memo(text="RQ1: who quotes officials?\nDecision 2026-03-02: headlines count.")
    return dataset_dict(project)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


def test_the_new_fields_are_exported_and_valid(project: Project) -> None:
    data = filled(project)
    jsonschema.validate(data, SCHEMA)
    assert validate_dataset(data)[0] == []
    assert data["memo"].startswith("RQ1")
    assert [v["id"] for v in data["codebook"]["variables"]] == [
        "frame",
        "tone",
        "sources",
        "country",
        "section",
    ]
    first, second, *_, pier = data["documents"]
    assert first["memo"] == "Check the Arabic span with a native reader."
    assert first["body"] == {"start": 0, "end": len(first["text"])}  # no body set: the whole text
    assert second["body"] == {"start": 5, "end": 200}
    assert pier["body"] == {"start": 25, "end": 81}
    assert first["variables"] == {"section": "World"}
    assert pier["variables"] == {"country": "US (Atlanta)"}
    names = {a["id"]: a["name"] for a in data["annotators"]}
    assert sorted((names[c["annotator"]], c["variable"], c["value"]) for c in first["coded_variables"]) == [
        ("Ada", "frame", "conflict"),
        ("Ada", "tone", "neg"),
        ("Bo", "frame", "economy"),
        ("Bo", "tone", "neg"),
    ]
    assert [(c["variable"], c["value"]) for c in pier["coded_variables"]] == [("sources", 2)]


def test_a_variable_from_the_metadata_is_exported_with_its_value(project: Project) -> None:
    with_variables(project)
    doc = project.add_document(text=TEXT, title="Pier", source="Sputnik International").document
    data = dataset_dict(project)
    assert data["documents"][0]["variables"] == {"country": "RU"}
    project.update_document(document_id=doc.id, source="Portal Sarnovia")  # not in the map: no value
    assert dataset_dict(project)["documents"][0]["variables"] == {}


def test_round_trip_keeps_bodies_memos_and_variables(project: Project, tmp_path: Path) -> None:
    filled(project)
    project.add_document(text=TEXT + " (second copy)", title="Derived", source="CNN")  # country from the map
    out = tmp_path / "one.json"
    export_dataset(project, out)
    with Project.open(tmp_path / "fresh.sqlite") as fresh:
        result = import_dataset(fresh, out)
        assert result.codebook_adopted
        assert fresh.project_memo().startswith("RQ1")
        again = tmp_path / "two.json"
        export_dataset(fresh, again)
        # a value the metadata gives stays derived: it was not stored as set
        derived = next(d for d in fresh.documents() if d.title == "Derived")
        assert fresh.document_values().get(derived.id) is None
        assert import_dataset(fresh, out).annotations_added == 0  # twice changes nothing
        third = tmp_path / "three.json"
        export_dataset(fresh, third)
    one, two, three = (strip_exported(json.loads(p.read_text("utf-8"))) for p in (out, again, third))
    assert one == two == three


def test_importing_keeps_our_memo_and_adds_a_colleagues_answers(project: Project, tmp_path: Path) -> None:
    filled(project)
    mine = tmp_path / "mine.json"
    export_dataset(project, mine)
    with Project.open(tmp_path / "colleague.sqlite") as colleague:
        import_dataset(colleague, mine)
        cara = colleague.ensure_annotator(name="Cara").id
        doc = colleague.documents()[0]
        colleague.set_coded_value(
            document_id=doc.id, annotator_id=cara, variable="frame", value="human interest"
        )
        colleague.set_project_memo(text="Cara's notes")
        colleague.update_document(document_id=doc.id, memo="Cara changed this memo")
        theirs = tmp_path / "theirs.json"
        export_dataset(colleague, theirs)
    import_dataset(project, theirs)
    assert project.project_memo().startswith("RQ1")
    doc = project.documents()[0]
    assert doc.memo == "Check the Arabic span with a native reader."  # ours stays
    answers = {(v.annotator_id, v.variable): v.value for v in project.coded_values(document_id=doc.id)}
    cara_id = next(a.id for a in project.annotators() if a.name == "Cara")
    assert answers[(cara_id, "frame")] == "human interest"
    assert len(answers) == 5


def test_csv_carries_document_variables_and_the_coders_answers(project: Project, tmp_path: Path) -> None:
    filled(project)
    out = tmp_path / "a.csv"
    export_dataset(project, out, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    header = list(rows[0])
    assert header[4:6] == ["var_country", "var_section"]
    assert {"coded_frame", "coded_tone", "coded_sources"} <= set(header)
    hard = [r for r in rows if r["document_title"] == "Hard text"]
    assert {r["var_section"] for r in hard} == {"World"}
    assert {(r["annotator_name"], r["coded_frame"]) for r in hard} == {("Ada", "conflict"), ("Bo", "economy")}


def broken(data: dict[str, Any], how: str) -> dict[str, Any]:
    bad = copy.deepcopy(data)
    doc = bad["documents"][0]
    if how == "body-outside":
        doc["body"] = {"start": 0, "end": len(doc["text"]) + 1}
    elif how == "body-empty":
        doc["body"] = {"start": 4, "end": 4}
    elif how == "variable-unknown":
        doc["variables"] = {"weather": "rain"}
    elif how == "variable-coded-as-descriptive":
        doc["variables"] = {"frame": "conflict"}
    elif how == "answer-not-a-choice":
        doc["coded_variables"][0]["value"] = "furious"
    elif how == "answer-by-nobody":
        doc["coded_variables"][0]["annotator"] = "nobody"
    elif how == "answer-twice":
        doc["coded_variables"].append(dict(doc["coded_variables"][0]))
    elif how == "memo-not-text":
        doc["memo"] = 3
    elif how == "project-memo-nul":
        bad["memo"] = "a\x00b"
    return bad


# what a JSON Schema can say (a range inside the text, known variables need the text and codebook)
SCHEMA_CATCHES = {"memo-not-text", "project-memo-nul"}


@pytest.mark.parametrize(
    "how",
    [
        "body-outside",
        "body-empty",
        "variable-unknown",
        "variable-coded-as-descriptive",
        "answer-not-a-choice",
        "answer-by-nobody",
        "answer-twice",
        "memo-not-text",
        "project-memo-nul",
    ],
)
def test_the_validator_refuses_bad_new_fields(project: Project, how: str) -> None:
    data = filled(project)
    assert validate_dataset(broken(data, how))[0], how
    if how in SCHEMA_CATCHES:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken(data, how), SCHEMA)


def test_a_project_whose_codebook_lacks_a_variable_refuses_the_dataset(
    project: Project, tmp_path: Path
) -> None:
    filled(project)
    data = dataset_dict(project)
    data["codebook"]["version"] = "0.9"  # a version of the same codebook this project does not hold
    path = tmp_path / "with-variables.json"
    path.write_text(json.dumps(data), "utf-8")
    with Project.open(tmp_path / "other.sqlite") as other:
        other.add_document(text="something already here")  # not empty: its own codebook stays
        with pytest.raises(ImportRefused, match="--migrate"):  # another version: migrated or refused
            import_dataset(other, path)
        with pytest.raises(ImportRefused, match="is not in this project's codebook"):
            import_dataset(other, path, migrate=True)
        assert len(other.documents()) == 1 and other.coded_values() == []
