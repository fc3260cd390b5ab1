"""W3C Web Annotation JSON-LD: INCEpTION's export, our collection, anchoring and refusals."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from annotator import formats
from annotator.errors import ImportRefused
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

INCEPTION = DATA / "w3c-web-annotation" / "annotations.w3c.json"
MAPPING = {"A Tag": "claim", "Another Tag": "opinion", "untagged": "quote"}


def test_inception_export_without_text_is_refused_until_the_document_is_there(project: Project) -> None:
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, INCEPTION, mapping=MAPPING)
    assert "annotations.w3c.json: annotation 1 (#ce0ed291-766b-4763-8e91-90ce1d04e706)" in str(refused.value)
    assert "cannot be placed" in str(refused.value)
    assert project.documents() == []


def test_inception_export_anchors_on_the_project_document(project: Project) -> None:
    # The file carries no text. A document with its quotes where its selectors say (synthetic).
    chars = list("." * 1000)
    for start, quote in ((124, "Troy"), (646, "death in battle"), (963, "Ithaca")):
        chars[start : start + len(quote)] = quote
    text = "".join(chars)
    project.add_document(text=text, title="Odyssey (synthetic)")
    result = formats.import_file(project, INCEPTION, mapping=MAPPING)
    raw = json.loads(INCEPTION.read_text("utf-8"))
    got = sorted((a.start, a.end, a.quote, a.category, a.note) for a in project.annotations())
    assert got == [
        (124, 128, "Troy", "claim", "This is a comment"),
        (124, 128, "Troy", "opinion", "This is a comment"),
        (646, 661, "death in battle", "quote", "Another comment"),
        (963, 969, "Ithaca", "quote", "Comment..."),
    ]
    for item in raw[:3]:
        exact = next(s["exact"] for s in item["target"]["selector"] if s["type"] == "TextQuoteSelector")
        assert any(a.quote == exact for a in project.annotations())
    warnings = " ".join(result.warnings)
    # "Ithaca" is 6 characters but its TextPositionSelector spans 963..970: placed by the quote
    assert (
        "TextPositionSelector [963, 970) disagrees with the quote; placed by the quote at [963, 969)"
        in warnings
    )
    assert "1 linking annotations or targets without a selector" in warnings
    assert {a.name for a in project.annotators()} == {"W3C import"}
    quotes_match(project)


def test_our_export_is_a_collection_with_code_point_selectors(coded: Project) -> None:
    data = json.loads(formats.export_bytes(coded, "w3c"))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == len(coded.annotations())
    texts = {d["id"]: d["ann:text"] for d in data["ann:documents"]}
    for item in data["first"]["items"]:
        assert item["type"] == "Annotation" and item["id"].startswith("urn:uuid:")
        text = texts[item["target"]["source"]]
        quote, position = item["target"]["selector"]
        assert (quote["type"], position["type"]) == ("TextQuoteSelector", "TextPositionSelector")
        start, end = position["start"], position["end"]
        assert text[start:end] == quote["exact"]
        assert text[:start].endswith(quote["prefix"]) and text[end:].startswith(quote["suffix"])
        assert item["body"][0]["purpose"] == "tagging"
        assert item["creator"]["type"] == "Person" and item["created"].endswith("Z")
    thumbs = next(i for i in data["first"]["items"] if i["target"]["selector"][0]["exact"] == "👍")
    hard = next(t for t in texts.values() if "👍" in t)
    assert thumbs["target"]["selector"][1]["start"] == hard.index("👍")  # code points, not UTF-16


def write(tmp_path: Path, obj: Any) -> Path:
    path = tmp_path / "anno.jsonld"
    path.write_text(json.dumps(obj, ensure_ascii=False), "utf-8")
    return path


def annotation(selectors: list[dict[str, Any]], source: str | None = None, **extra: Any) -> dict[str, Any]:
    target: dict[str, Any] = {"selector": selectors}
    if source is not None:
        target["source"] = source
    return {
        "@context": "http://www.w3.org/ns/anno.jsonld",
        "id": "urn:x:1",
        "type": "Annotation",
        "body": [{"type": "TextualBody", "purpose": "tagging", "value": "Claim"}],
        "target": target,
        **extra,
    }


def test_a_source_naming_the_documents_url_and_a_quote_alone(project: Project, tmp_path: Path) -> None:
    project.add_document(text="One claim 😀 and one claim more.", title="d", url="https://example.org/d")
    item = annotation(
        [{"type": "TextQuoteSelector", "exact": "claim", "prefix": "one ", "suffix": " more"}],
        source="https://example.org/d",
        creator={"type": "Person", "nickname": "cleo"},
    )
    formats.import_file(project, write(tmp_path, item))
    [a] = project.annotations()
    assert (a.start, a.end, a.quote) == (20, 25, "claim")  # the second one, by its prefix
    assert project.annotator(a.annotator_id).name == "cleo"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        (
            annotation([{"type": "TextPositionSelector", "start": "1", "end": 2}]),
            "annotation 1 (urn:x:1): TextPositionSelector start and end must be integers",
        ),
        (
            {"type": "AnnotationCollection", "first": "https://example.org/page1"},
            "the collection's first page is only referenced",
        ),
        (
            {
                "@context": ["http://www.w3.org/ns/anno.jsonld", {"ann": "urn:annotator:terms#"}],
                "type": "AnnotationCollection",
                "ann:documents": [{"id": "urn:d", "ann:text": "abc"}],
                "first": {
                    "items": [annotation([{"type": "TextQuoteSelector", "exact": "zz"}], source="urn:d")]
                },
            },
            "annotation 1 (urn:x:1): the quote 'zz' is not at [None, None)",
        ),
    ],
)
def test_bad_annotations_are_refused_naming_them(
    project: Project, tmp_path: Path, obj: Any, expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, write(tmp_path, obj), fmt="w3c")
    assert str(refused.value).startswith("anno.jsonld: ") and expected in str(refused.value)
    assert project.documents() == []
