"""doccano JSONL: doccano's own examples (label tuples, entities, odd files) and UTF-16 offsets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator import formats
from annotator.errors import ImportRefused
from annotator.formats.offsets import Utf16Index
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

DOCCANO = DATA / "doccano"
ALL = {
    "ORG": "claim",
    "MISC": "opinion",
    "PERSON": "quote",
    "DATE": "statistic",
    "LOC": "claim",
    "PER": "quote",
}


def spans(project: Project) -> set[tuple[str, str, str]]:
    texts = {d.id: project.document(d.id).text for d in project.documents()}
    return {(texts[a.document_id], a.quote, a.category) for a in project.annotations()}


def test_sequence_labelling_export_example(project: Project) -> None:
    formats.import_file(project, DOCCANO / "data_export/sequence_labeling/example.jsonl", mapping=ALL)
    assert spans(project) == {
        ("EU rejects German call to boycott British lamb.", "EU", "claim"),
        ("EU rejects German call to boycott British lamb.", "German", "opinion"),
        ("Peter Blackburn", "Peter Blackburn", "quote"),
        ("President Obama", "Obama", "quote"),
    }
    quotes_match(project)


@pytest.mark.parametrize(
    "path", ["data_export/relation_extraction/example.jsonl", "data_import/relation_extraction/example.jsonl"]
)
def test_entities_pretty_printed_or_one_line_without_final_newline(project: Project, path: str) -> None:
    result = formats.import_file(project, DOCCANO / path, mapping=ALL)
    text = "Google was founded on September 4, 1998, by Larry Page and Sergey Brin."
    assert spans(project) == {
        (text, "Google", "claim"),
        (text, "September 4, 1998", "statistic"),
        (text, "Larry Page", "quote"),
        (text, "Sergey Brin", "quote"),
    }
    assert any("3 relations" in w for w in result.warnings)


def test_line_without_text_is_skipped_like_doccano_does(project: Project) -> None:
    result = formats.import_file(
        project, DOCCANO / "data_import_tests/sequence_labeling/example.jsonl", mapping=ALL
    )
    assert sorted(d.title for d in project.documents()) == ["example line 1", "example line 2"]
    assert spans(project) == {("exampleA", "e", "claim")}
    assert any("line 3: no 'text'; skipped" in w for w in result.warnings)


def test_identical_overlapping_spans_import_without_error(project: Project) -> None:
    result = formats.import_file(
        project, DOCCANO / "data_import_tests/sequence_labeling/example_overlapping.jsonl", mapping=ALL
    )
    assert [a.quote for a in project.annotations()] == ["e"]
    assert any("1 identical spans" in w for w in result.warnings)


def test_offsets_after_an_emoji_are_utf16_units(project: Project, tmp_path: Path) -> None:
    # doccano issue 2290: in "👨🏻‍🚒 firemen drive firetrucks" the word is at 22..32 in doccano,
    # 19..29 in Python
    text = "👨🏻\u200d🚒 firemen drive firetrucks"
    path = tmp_path / "emoji.jsonl"
    path.write_text(json.dumps({"text": text, "label": [[22, 32, "claim"], [0, 7, "quote"]]}) + "\n", "utf-8")
    formats.import_file(project, path)
    got = sorted((a.start, a.end, a.quote) for a in project.annotations())
    assert got == [(0, 4, "👨🏻\u200d🚒"), (19, 29, "firetrucks")]
    # and the export writes them back as UTF-16 units
    exported = [json.loads(line) for line in formats.export_bytes(project, "doccano").decode().splitlines()]
    assert sorted(exported[0]["label"]) == [[0, 7, "Quote"], [22, 32, "Claim"]]


def test_python_code_point_offsets_are_recognised_when_utf16_is_impossible(
    project: Project, tmp_path: Path
) -> None:
    text = "😀 a b"
    path = tmp_path / "cp.jsonl"
    path.write_text(
        json.dumps({"text": text, "label": [[1, 3, "claim"]]}) + "\n", "utf-8"
    )  # 1 splits 😀 in UTF-16
    result = formats.import_file(project, path)
    assert [a.quote for a in project.annotations()] == [" a"]
    assert any("read as code points" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (
            '{"text": "abc", "label": [[0, 1, "claim"]]}\n{"text": "x", "label": [[0, 1, "claim"]\n',
            "line 2, column",
        ),
        ('{"text": "abc", "label": [[0, 9, "claim"]]}\n', "line 1: offsets are outside the text"),
        ('{"text": "abc", "label": [["a", 1, "claim"]]}\n', "line 1: bad span"),
        ('{"text": "abc", "label": {"x": 1}}\n', "line 1: 'label' must be an array"),
        ("[1, 2]", "record 1: expected a JSON object"),
        ("", "the file is empty"),
    ],
)
def test_bad_lines_are_refused_naming_file_and_line(
    project: Project, tmp_path: Path, content: str, expected: str
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text(content, "utf-8")
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, path, fmt="doccano")
    message = " ".join([str(refused.value), *refused.value.problems])
    assert message.startswith("bad.jsonl: ") and expected in message
    assert project.documents() == []


def test_export_is_one_line_per_document_and_coder(coded: Project) -> None:
    lines = [json.loads(line) for line in formats.export_bytes(coded, "doccano").decode().splitlines()]
    assert sorted((r["title"], r.get("annotator")) for r in lines) == [
        ("Hard text", "Ada"),
        ("Hard text", "Bo Ng"),
        ("Second article", "Ada"),
        ("Second article", "Bo Ng"),
    ]
    for record in lines:
        index = Utf16Index(record["text"])
        for start, end, _ in record["label"]:
            assert index.slice16(start, end)  # every span lands on whole characters
