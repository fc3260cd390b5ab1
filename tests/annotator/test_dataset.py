"""The dataset contract: export, validate, import, round trip, refusal of bad input."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.dataset import dataset_dict, export_dataset, import_dataset, validate_dataset, validate_file
from annotator.errors import ImportRefused
from annotator.project import Project
from annotator.resources import resource
from annotator.text import normalize_text, text_sha256
from tests.annotator.hard_text import HARD_TEXT, find
from tests.conftest import CORPUS

SCHEMA = json.loads(resource("dataset.schema.json").read_text("utf-8"))


def corpus_texts() -> list[str]:
    files = sorted(CORPUS.glob("*.txt"))
    assert files, f"no articles in {CORPUS}"
    return [normalize_text(f.read_text("utf-8")) for f in files]


def populate(project: Project) -> dict[str, Any]:
    """Two coders, the hard text, 3 scraped articles; spans by emoji, across lines, nested, overlapping."""
    ada = project.ensure_annotator(name="Ada")
    bo = project.ensure_annotator(name="Bo")
    doc = project.add_document(
        text=HARD_TEXT,
        title="Hard text",
        source="Test Wire",
        url="https://example.org/x",
        published="2026-03-14",
    ).document
    spans = [
        ("👍", "opinion", ada.id, {"holder": "Ana", "polarity": "positive"}),
        ("👩\u200d👩\u200d👧 posts", "quote", ada.id, {"speaker": "family"}),
        ("café vs cafe\u0301", "claim", bo.id, {"hedged": False}),
        ("(Arabic, right-to-left)\nЛозунг: «Порт", "claim", ada.id, {}),  # across a line break
        ("«Порт — это мы!»", "quote", bo.id, {"speaker_role": "citizen"}),  # overlaps the previous one
        ("12\u00a0km", "statistic", bo.id, {}),
        ("12\u00a0km away", "statistic", ada.id, {}),  # nests around the previous
    ]
    for needle, cat, who, attrs in spans:
        s, e = find(HARD_TEXT, needle)
        project.add_annotation(
            document_id=doc.id,
            start=s,
            end=e,
            category=cat,
            annotator_id=who,
            attributes=attrs,
            note=f"note on {needle[:5]}",
        )
    for text in corpus_texts():
        d = project.add_document(text=text, title=text.splitlines()[0][:80]).document
        # a span on the first word of every line that has one, and one across the first line break
        pos = 0
        for line in text.split("\n")[:40]:
            word = line.split(" ")[0]
            if word.strip():
                project.add_annotation(
                    document_id=d.id, start=pos, end=pos + len(word), category="claim", annotator_id=ada.id
                )
            pos += len(line) + 1
        nl = text.index("\n")
        project.add_annotation(
            document_id=d.id, start=nl - 3, end=nl + 3, category="opinion", annotator_id=bo.id
        )
    return dataset_dict(project)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


def strip_exported(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "exported"}


def test_export_is_schema_valid_and_self_consistent(project: Project) -> None:
    data = populate(project)
    jsonschema.validate(data, SCHEMA)
    assert validate_dataset(data)[0] == []
    for doc in data["documents"]:
        for a in doc["annotations"]:
            assert doc["text"][a["start"] : a["end"]] == a["quote"]


def test_round_trip_export_import_export_is_identical(project: Project, tmp_path: Path) -> None:
    populate(project)
    out = tmp_path / "one.json"
    export_dataset(project, out)
    with Project.open(tmp_path / "fresh.sqlite") as fresh:
        result = import_dataset(fresh, out)
        assert result.codebook_adopted
        assert result.annotations_added == sum(
            len(d["annotations"]) for d in json.loads(out.read_text())["documents"]
        )
        again = tmp_path / "two.json"
        export_dataset(fresh, again)
        # importing the same dataset again changes nothing
        second = import_dataset(fresh, out)
        assert (second.documents_added, second.annotations_added, second.annotators_added) == (0, 0, 0)
        third = tmp_path / "three.json"
        export_dataset(fresh, third)
    one, two, three = (strip_exported(json.loads(p.read_text("utf-8"))) for p in (out, again, third))
    assert one == two == three
    # every offset is exactly where it was: emoji and ZWJ never move a span
    hard = next(d for d in two["documents"] if d["title"] == "Hard text")
    assert hard["text"] == HARD_TEXT
    zwj = next(a for a in hard["annotations"] if a["category"] == "quote" and "👩" in a["quote"])
    assert (zwj["start"], zwj["end"]) == find(HARD_TEXT, "👩\u200d👩\u200d👧 posts")


def test_csv_has_one_row_per_annotation_ready_for_pandas(project: Project, tmp_path: Path) -> None:
    data = populate(project)
    out = tmp_path / "a.csv"
    export_dataset(project, out, fmt="csv")
    rows = list(csv.DictReader(io.StringIO(out.read_text("utf-8"))))
    assert len(rows) == sum(len(d["annotations"]) for d in data["documents"])
    quote = next(r for r in rows if r["quote"] == "«Порт — это мы!»")
    assert quote["attr_speaker_role"] == "citizen" and quote["annotator_name"] == "Bo"
    across = next(r for r in rows if r["quote"].startswith("(Arabic"))
    assert "\n" in across["quote"]
    hedged = next(r for r in rows if r["quote"] == "café vs cafe\u0301")
    assert hedged["attr_hedged"] == "false"


def test_jsonl_has_one_document_per_line(project: Project, tmp_path: Path) -> None:
    data = populate(project)
    out = tmp_path / "a.jsonl"
    export_dataset(project, out, fmt="jsonl")
    lines = out.read_text("utf-8").splitlines()
    assert len(lines) == len(data["documents"])
    first = json.loads(lines[0])
    assert first["document"]["text"] == HARD_TEXT
    assert first["codebook"] == {"id": "news-statements", "version": "1.0"}


def broken(data: dict[str, Any], how: str) -> dict[str, Any]:
    d = json.loads(json.dumps(data))
    doc = d["documents"][0]
    ann = doc["annotations"][0]
    if how == "offset":
        ann["end"] = len(doc["text"]) + 5
    elif how == "quote":
        ann["quote"] = "something else"
    elif how == "category":
        ann["category"] = "rumour"
    elif how == "annotator":
        ann["annotator"] = "nobody"
    elif how == "dup-id":
        doc["annotations"][1]["id"] = ann["id"]
    elif how == "sha":
        doc["sha256"] = "0" * 64
    elif how == "type":
        ann["start"] = "3"
    elif how == "attribute":
        ann["attributes"] = {"polarity": "furious"}
    elif how == "format":
        d["format"] = "something"
    elif how in ("nul-text", "bell-text"):
        doc["text"] += "\x00" if how == "nul-text" else "\x07"
        doc["sha256"] = text_sha256(doc["text"])
    elif how == "nul-title":
        doc["title"] = "Port\x00 Report"
    elif how == "nul-name":
        d["annotators"][0]["name"] = "Ada\x00"
    elif how == "nul-attribute":
        ann["attributes"] = {"holder": "Ana\x00"}
    return d


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("offset", "outside the text"),
        ("quote", "does not match"),
        ("category", "not in the codebook"),
        ("annotator", "not listed"),
        ("dup-id", "duplicate annotation id"),
        ("sha", "SHA-256"),
        ("type", "expected an integer"),
        ("attribute", "must be one of"),
        ("format", "annotator-dataset"),
        ("nul-text", "control character U+0000 (NUL) at offset"),
        ("bell-text", "control character U+0007 (BEL) at offset"),
        ("nul-title", "title: contains a NUL character"),
        ("nul-name", "name: contains a NUL character"),
        ("nul-attribute", "attribute 'holder' contains a NUL character"),
    ],
)
def test_invalid_dataset_is_refused_whole_and_project_unchanged(
    project: Project, tmp_path: Path, how: str, message: str
) -> None:
    data = populate(project)
    bad = broken(data, how)
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), "utf-8")
    status, problems = validate_file(path)
    assert status == 1
    assert any(message in p for p in problems), problems
    assert all(p.count(":") >= 1 for p in problems)
    with Project.open(tmp_path / "target.sqlite") as target:
        before = dataset_dict(target)
        with pytest.raises(ImportRefused):
            import_dataset(target, path)
        assert strip_exported(dataset_dict(target)) == strip_exported(before)


@pytest.mark.parametrize(
    "content",
    [b"", b"\x00\x01\x02garbage", b'{"format": ', b"[" * 100_000, "\udcff".encode("utf-8", "surrogatepass")],
)
def test_unreadable_files_exit_2(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "x.json"
    path.write_bytes(content)
    status, problems = validate_file(path)
    assert status == 2 and len(problems) == 1


def test_schema_rejects_what_the_validator_rejects(project: Project) -> None:
    data = populate(project)
    for how in ("type", "format", "nul-text", "bell-text", "nul-title", "nul-name", "nul-attribute"):
        assert validate_dataset(broken(data, how))[0], how
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken(data, how), SCHEMA)


def test_import_into_project_with_another_codebook_is_refused(project: Project, tmp_path: Path) -> None:
    populate(project)
    data = dataset_dict(project)
    data["codebook"]["id"] = "other-codebook"
    path = tmp_path / "other.json"
    path.write_text(json.dumps(data), "utf-8")
    with Project.open(tmp_path / "t.sqlite") as target:
        target.add_document(text="something already here")
        with pytest.raises(ImportRefused, match="not this project's codebook"):
            import_dataset(target, path)
        assert len(target.documents()) == 1


def test_colleague_layer_adds_only_their_annotations(project: Project, tmp_path: Path) -> None:
    """Importing a colleague's export of the same documents adds their layer beside ours."""
    populate(project)
    mine = tmp_path / "mine.json"
    export_dataset(project, mine)
    with Project.open(tmp_path / "colleague.sqlite") as colleague:
        import_dataset(colleague, mine)
        cara = colleague.ensure_annotator(name="Cara")
        doc = colleague.documents()[0]
        colleague.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=cara.id)
        theirs = tmp_path / "theirs.json"
        export_dataset(colleague, theirs)
    before = len(project.annotations())
    result = import_dataset(project, theirs)
    assert (result.annotators_added, result.annotations_added, result.documents_added) == (1, 1, 0)
    assert len(project.annotations()) == before + 1
