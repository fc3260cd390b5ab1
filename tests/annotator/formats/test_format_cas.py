"""UIMA CAS JSON: DKPro Cassis' emoji CAS (UTF-16 offsets), checked against its XMI twin."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from annotator import formats
from annotator.errors import ImportRefused
from annotator.formats.offsets import Utf16Index, utf16_length
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

EMOJI = DATA / "uima-cas-json" / "casWithEmojiUnicodeTextAndAnnotations"


def test_emoji_cas_lands_on_whole_characters(project: Project) -> None:
    result = formats.import_file(project, EMOJI / "data.json", mapping={"Annotation": "claim"})
    [doc] = project.documents()
    text = project.document(doc.id).text
    assert (len(text), utf16_length(text)) == (32, 38)
    quotes = [a.quote for a in sorted(project.annotations(), key=lambda a: a.start)]
    assert quotes == text.split(" ")
    assert quotes[2] == "👳🏻\u200d♀️" and quotes[4] == "✆"
    assert doc.language == ""  # x-unspecified is no language
    assert result.warnings == ()
    quotes_match(project)


def test_the_xmi_twin_has_the_same_text_and_utf16_offsets(project: Project) -> None:
    formats.import_file(project, EMOJI / "data.json", mapping={"Annotation": "claim"})
    text = project.document(project.documents()[0].id).text
    xmi = etree.parse(str(EMOJI / "debug.xmi"))
    ns = {"cas": "http:///uima/cas.ecore", "tcas": "http:///uima/tcas.ecore"}
    [sofa] = xmi.findall("cas:Sofa", ns)
    assert sofa.get("sofaString") == text
    index = Utf16Index(text)
    expected = sorted(
        index.slice16(int(a.get("begin", "")), int(a.get("end", "")))
        for a in xmi.findall("tcas:Annotation", ns)
    )
    assert expected == sorted(a.quote for a in project.annotations())


def cas(tmp_path: Path, obj: Any) -> Path:
    path = tmp_path / "doc.json"
    path.write_text(json.dumps(obj), "utf-8")
    return path


def test_labels_from_features_and_dkpro_token_types_left_out(project: Project, tmp_path: Path) -> None:
    text = "Ada 😀 met Bo."
    obj = {
        "%TYPES": {
            "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity": {
                "%NAME": "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
                "%SUPER_TYPE": "uima.tcas.Annotation",
            },
            "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token": {
                "%NAME": "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "%SUPER_TYPE": "uima.tcas.Annotation",
            },
            "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData": {
                "%NAME": "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
                "%SUPER_TYPE": "uima.tcas.DocumentAnnotation",
            },
        },
        "%FEATURE_STRUCTURES": [
            {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaNum": 1, "sofaID": "_InitialView", "sofaString": text},
            {
                "%ID": 2,
                "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData",
                "@sofa": 1,
                "begin": 0,
                "end": 14,
                "documentTitle": "Meeting",
                "language": "en",
            },
            {
                "%ID": 3,
                "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token",
                "@sofa": 1,
                "begin": 0,
                "end": 3,
            },
            {
                "%ID": 4,
                "%TYPE": "de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity",
                "@sofa": 1,
                "begin": 11,
                "end": 13,
                "value": "PER",
                "identifier": "wd:Q1",
            },
        ],
        "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [2, 3, 4]}},
    }
    result = formats.import_file(project, cas(tmp_path, obj), mapping={"PER": "quote"})
    [doc] = project.documents()
    assert (doc.title, doc.language) == ("Meeting", "en")
    [a] = project.annotations()
    assert (a.quote, a.category, a.note) == ("Bo", "quote", "identifier: wd:Q1")
    assert any("1 Token annotations" in w for w in result.warnings)


@pytest.mark.parametrize(
    ("obj", "expected"),
    [
        ({"%FEATURE_STRUCTURES": []}, "no sofa with a sofaString"),
        ({"%FEATURE_STRUCTURES": "x"}, "%FEATURE_STRUCTURES must be an array or an object"),
        (
            {
                "%FEATURE_STRUCTURES": [
                    {"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaString": "😀 x"},
                    {"%ID": 2, "%TYPE": "uima.tcas.Annotation", "@sofa": 1, "begin": 1, "end": 3},
                ],
                "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [2]}},
            },
            "feature structure %ID 2: UTF-16 offset 1 falls inside the character U+1F600",
        ),
        (
            {
                "%FEATURE_STRUCTURES": [{"%ID": 1, "%TYPE": "uima.cas.Sofa", "sofaString": "abc"}],
                "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [7]}},
            },
            "%VIEWS: member 7: no feature structure with this %ID",
        ),
    ],
)
def test_bad_cas_is_refused_naming_the_feature_structure(
    project: Project, tmp_path: Path, obj: Any, expected: str
) -> None:
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, cas(tmp_path, obj), fmt="cas")
    assert str(refused.value).startswith("doc.json: ") and expected in str(refused.value)
    assert project.documents() == []


def test_export_declares_its_types_and_counts_utf16(coded: Project) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(formats.export_bytes(coded, "cas"))) as archive:
        obj = json.loads(archive.read("001-hard-text.json"))
    assert obj["%TYPES"]["webanno.custom.Code"]["%SUPER_TYPE"] == "uima.tcas.Annotation"
    assert obj["%TYPES"]["webanno.custom.Code"]["value"]["%RANGE"] == "uima.cas.Double"
    sofa = obj["%FEATURE_STRUCTURES"][0]["sofaString"]
    index = Utf16Index(sofa)
    codes = [fs for fs in obj["%FEATURE_STRUCTURES"] if fs["%TYPE"] == "webanno.custom.Code"]
    thumbs = next(fs for fs in codes if index.slice16(fs["begin"], fs["end"]) == "👍")
    assert thumbs["end"] - thumbs["begin"] == 2
    assert sorted(obj["%VIEWS"]["_InitialView"]["%MEMBERS"]) == list(range(2, len(codes) + 3))
