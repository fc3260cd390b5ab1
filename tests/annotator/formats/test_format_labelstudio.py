"""Label Studio JSON tasks: the named-entity example (blank lines in the text), units, bad regions."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.errors import ImportRefused
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

NER = DATA / "label-studio" / "named_entity"


def regions(task: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        r["value"]
        for group in ("annotations", "predictions")
        for e in task.get(group, [])
        for r in e["result"]
    ]


def test_predictions_on_text_with_blank_lines(project: Project) -> None:
    result = formats.import_file(project, NER / "tasks.json", mapping={"Date": "statistic"})
    [task] = json.loads((NER / "tasks.json").read_text("utf-8"))
    [doc] = project.documents()
    text = project.document(doc.id).text
    assert text == task["data"]["text"] and "\n\n" in text
    for value in regions(task):
        assert text[value["start"] : value["end"]] == value["text"] == "February 22"
    [a] = project.annotations()
    assert (a.start, a.end, a.quote, a.category) == (343, 354, "February 22", "statistic")
    assert project.annotator(a.annotator_id).name == "model model 1"  # type: ignore[union-attr]
    assert result.warnings == ()
    quotes_match(project)


def test_single_task_with_annotations_joins_the_same_document(project: Project) -> None:
    formats.import_file(project, NER / "tasks.json", mapping={"Date": "statistic"})
    second = formats.import_file(project, NER / "annotations" / "1.json", mapping={"date": "statistic"})
    assert (second.result.documents_added, second.result.documents_existing) == (0, 1)
    assert second.result.annotations_added == 1  # the same region, by another coder
    names = sorted(a.name for a in project.annotators())
    assert names == ["Label Studio import", "model model 1"]
    assert {a.quote for a in project.annotations()} == {"February 22"}


def task_file(tmp_path: Path, tasks: Any) -> Path:
    path = tmp_path / "tasks.json"
    path.write_text(json.dumps(tasks, ensure_ascii=False), "utf-8")
    return path


def labels(start: int, end: int, text: str, label: str = "Claim", rid: str = "r1") -> dict[str, Any]:
    return {
        "id": rid,
        "from_name": "label",
        "to_name": "text",
        "type": "labels",
        "value": {"start": start, "end": end, "text": text, "labels": [label]},
    }


def test_code_points_and_old_utf16_regions_are_both_placed_right(project: Project, tmp_path: Path) -> None:
    text = "😀😀 quote here and claim there"
    tasks = [
        {
            "data": {"text": text},
            "annotations": [
                {"completed_by": 7, "result": [labels(3, 8, "quote", "Quote", "cp")]},  # current: code points
                {"completed_by": {"email": "old@example.org"}, "result": [labels(20, 25, "claim")]},  # UTF-16
                {"was_cancelled": True, "completed_by": 9, "result": [labels(0, 1, "😀")]},
            ],
        }
    ]
    result = formats.import_file(project, task_file(tmp_path, tasks))
    got = {(a.quote, project.annotator(a.annotator_id).name) for a in project.annotations()}  # type: ignore[union-attr]
    assert got == {("quote", "Label Studio user 7"), ("claim", "old@example.org")}
    assert any("1 regions counted UTF-16 units" in w for w in result.warnings)
    assert any("1 cancelled annotations" in w for w in result.warnings)


def test_per_region_results_become_attributes_and_meta_the_note(project: Project, tmp_path: Path) -> None:
    region = labels(0, 5, "Words", "Quote")
    region["meta"] = {"text": ["check the speaker"]}
    tasks = {
        "data": {"text": "Words said here."},
        "annotations": [
            {
                "completed_by": {"first_name": "Ada", "last_name": "L"},
                "result": [
                    region,
                    {
                        "id": "r1",
                        "from_name": "speaker_role",
                        "type": "choices",
                        "value": {"choices": ["Expert"]},
                    },
                    {"id": "r1", "from_name": "Speaker", "type": "textarea", "value": {"text": ["Dr. X"]}},
                    {"id": "zz", "from_name": "sentiment", "type": "choices", "value": {"choices": ["pos"]}},
                ],
            }
        ],
    }
    result = formats.import_file(project, task_file(tmp_path, tasks))
    [a] = project.annotations()
    assert a.attributes == {"speaker_role": "expert", "speaker": "Dr. X"}
    assert a.note == "check the speaker"
    assert project.annotator(a.annotator_id).name == "Ada L"  # type: ignore[union-attr]
    assert any("1 choices results that belong to no labels region" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("tasks", "expected"),
    [
        (
            [{"data": {"text": "abc"}, "annotations": [{"result": [labels(0, 2, "xy")]}]}],
            "value.text 'xy' does not match",
        ),
        ([{"data": {"a": "x", "b": "y"}}], "task 1: data has no 'text' string"),
        ([{"nodata": 1}], "task 1: expected an object with a 'data' object"),
        (
            [
                {
                    "id": 5,
                    "data": {"text": "abc"},
                    "annotations": [
                        {"id": 2, "result": [{"type": "labels", "id": "q", "value": {"start": "0"}}]}
                    ],
                }
            ],
            "task 1 (id 5), annotation 2, region q: a labels region needs value.labels",
        ),
    ],
)
def test_bad_tasks_are_refused_naming_the_place(
    project: Project, tmp_path: Path, tasks: Any, expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, task_file(tmp_path, tasks), fmt="labelstudio")
    assert str(refused.value).startswith("tasks.json: ") and expected in str(refused.value)
    assert project.documents() == []
