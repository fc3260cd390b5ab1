"""REFI-QDA projects (.qdpx): schema-valid, stable GUIDs, explicit positions, hostile input refused."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from annotator import formats
from annotator.errors import ImportRefused
from annotator.formats import refi_qda
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, new_project, snapshot

SCHEMA = etree.XMLSchema(etree.parse(str(DATA / "refi-qda" / "requal" / "project.xsd")))
NS = {"q": "urn:QDA-XML:project:1.0"}


def members(payload: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(payload)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def qdpx(tmp_path: Path, files: dict[str, bytes | str], name: str = "in.qdpx") -> Path:
    path = tmp_path / name
    with zipfile.ZipFile(path, "w") as archive:
        for member, content in files.items():
            archive.writestr(member, content.encode("utf-8") if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize("line_endings", ["lf", "crlf"])
def test_project_qde_validates_against_the_refi_schema(coded: Project, line_endings: str) -> None:
    files = members(formats.export_bytes(coded, "qdpx", line_endings=line_endings))
    document = etree.fromstring(files["project.qde"])
    SCHEMA.assertValid(document)
    selections = document.findall(".//q:PlainTextSelection", NS)
    assert len(selections) == len(coded.annotations())
    assert len(document.findall(".//q:TextSource", NS)) == 2
    # every source the XML names is in the archive
    for source in document.findall(".//q:TextSource", NS):
        path = source.get("plainTextPath")
        assert path is not None and path.startswith("internal://")
        assert f"sources/{path[len('internal://') :]}" in files


def test_positions_are_code_points_into_the_stored_text_lf_and_crlf(coded: Project) -> None:
    for line_endings in ("lf", "crlf"):
        files = members(formats.export_bytes(coded, "qdpx", line_endings=line_endings))
        document = etree.fromstring(files["project.qde"])
        for source in document.findall(".//q:TextSource", NS):
            stored = files[f"sources/{source.get('plainTextPath', '')[len('internal://') :]}"].decode("utf-8")
            assert ("\r\n" in stored) == (line_endings == "crlf")
            if line_endings == "crlf":
                assert "\n" not in stored.replace("\r\n", "")  # every line break is CRLF
            for selection in source.findall("q:PlainTextSelection", NS):
                start, end = int(selection.get("startPosition", "")), int(selection.get("endPosition", ""))
                covered = stored[start:end]
                # the selection's name is the start of the quote (LF); the stored text may hold CRLF
                assert covered.replace("\r\n", "\n").startswith(selection.get("name", ""))


def test_the_same_project_exported_twice_gives_the_same_guids_and_bytes(
    coded: Project, tmp_path: Path
) -> None:
    one = formats.export_bytes(coded, "qdpx")
    two = formats.export_bytes(coded, "qdpx")
    assert one == two
    guids = re.findall(rb'guid="([^"]+)"', members(one)["project.qde"])
    assert len(guids) == len(set(guids)) > 10
    # the codes carry the same GUIDs as the .qdc codebook export
    from annotator.formats.refi_common import code_guid

    assert code_guid(coded.codebook.id, "quote").encode() in guids


def test_crlf_variant_round_trips_onto_the_same_characters(coded: Project, tmp_path: Path) -> None:
    out = tmp_path / "crlf.qdpx"
    formats.export_file(coded, out, "qdpx", line_endings="crlf")
    with new_project(tmp_path / "fresh.sqlite") as fresh:
        formats.import_file(fresh, out)
        assert snapshot(fresh) == snapshot(coded)


def test_a_hand_written_project_with_crlf_text_and_nested_codes(project: Project, tmp_path: Path) -> None:
    text = "First line\r\nSecond 😀 line with a claim\r\n"
    qde = """<?xml version="1.0" encoding="utf-8"?>
<Project xmlns="urn:QDA-XML:project:1.0" name="p" origin="test">
 <Users><User guid="{11111111-1111-1111-1111-111111111111}" name="Cleo"/></Users>
 <CodeBook><Codes>
  <Code guid="22222222-2222-2222-2222-222222222222" name="Themes" isCodable="false">
   <Code guid="33333333-3333-3333-3333-333333333333" name="CLAIM" isCodable="true"/>
  </Code>
 </Codes></CodeBook>
 <Sources>
  <TextSource guid="44444444-4444-4444-4444-444444444444" name="Doc" plainTextPath="internal://doc.txt">
   <PlainTextSelection guid="55555555-5555-5555-5555-555555555555" startPosition="19" endPosition="38"
       creatingUser="11111111-1111-1111-1111-111111111111">
    <Description>free words about it</Description>
    <Coding guid="66666666-6666-6666-6666-666666666666">
     <CodeRef targetGUID="33333333-3333-3333-3333-333333333333"/>
    </Coding>
    <NoteRef targetGUID="77777777-7777-7777-7777-777777777777"/>
   </PlainTextSelection>
   <PlainTextSelection guid="88888888-8888-8888-8888-888888888888" startPosition="0" endPosition="5"/>
  </TextSource>
  <PDFSource guid="99999999-9999-9999-9999-999999999999" name="scan.pdf"/>
 </Sources>
 <Notes>
  <Note guid="77777777-7777-7777-7777-777777777777"><PlainTextContent>memo</PlainTextContent></Note>
 </Notes>
</Project>"""
    SCHEMA.assertValid(etree.fromstring(qde.encode()))
    path = qdpx(tmp_path, {"project.qde": qde, "sources/doc.txt": text})
    result = formats.import_file(project, path)
    [a] = project.annotations()
    stored = project.document(a.document_id).text
    assert stored == text.replace("\r\n", "\n")
    # 19..38 counted the CR of the first line; the span still covers the same characters
    assert text[19:38] == "😀 line with a claim"
    assert (a.start, a.end, a.quote) == (18, 37, "😀 line with a claim")
    assert stored[a.start : a.end] == a.quote
    assert (a.category, a.note) == ("claim", "free words about it\nmemo")
    assert project.annotator(a.annotator_id) is not None
    assert project.annotator(a.annotator_id).name == "Cleo"  # type: ignore[union-attr]
    assert any("selections without a code" in w and "PDFSources" in w for w in result.warnings)


def test_unknown_codes_are_refused_with_their_names_and_nothing_is_written(
    coded: Project, tmp_path: Path
) -> None:
    out = tmp_path / "p.qdpx"
    formats.export_file(coded, out, "qdpx")
    with Project.open(tmp_path / "other-codebook.sqlite") as other:
        from annotator.codebook import codebook_from_dict

        other.set_codebook(
            codebook=codebook_from_dict(
                {"id": "other", "version": "1", "categories": [{"id": "x", "label": "X"}]}
            )
        )
        with pytest.raises(ImportRefused) as refused:
            formats.import_file(other, out)
        message = str(refused.value)
        assert "p.qdpx" in message and "Claim" in message and "Statistic" in message and "--map" in message
        assert other.documents() == [] and other.annotations() == []
        mapping = {"Claim": "x", "Quote": "x", "Statistic": "x", "Opinion": "-"}
        formats.import_file(other, out, mapping=mapping)
        assert {a.category for a in other.annotations()} == {"x"}
        assert len(other.annotations()) == sum(1 for a in coded.annotations() if a.category != "opinion")


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&b;"/>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE Project [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Project xmlns="urn:QDA-XML:project:1.0" name="&x;"/>"""


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        ({"project.qde": BILLION_LAUGHS}, "DTD or entities"),
        ({"project.qde": EXTERNAL}, "DTD or entities"),
        (
            {"project.qde": '<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n <Sources>\n</Project>'},
            "line 3",
        ),
        ({"other.xml": "<x/>"}, "no project.qde"),
        ({"project.qde": '<CodeBook xmlns="urn:QDA-XML:codebook:1.0"/>'}, "expected a REFI-QDA <Project>"),
        (
            {
                "project.qde": '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
                '<TextSource guid="44444444-4444-4444-4444-444444444444" plainTextPath="absolute:///etc/x.txt"/>'
                "</Sources></Project>"
            },
            "outside the project",
        ),
        (
            {
                "project.qde": '<Project xmlns="urn:QDA-XML:project:1.0" name="p"><Sources>'
                '<TextSource guid="44444444-4444-4444-4444-444444444444">'
                "<PlainTextContent>abc</PlainTextContent>"
                '<PlainTextSelection guid="55555555-5555-5555-5555-555555555555" '
                'startPosition="x" endPosition="2">'
                "<Coding guid='66666666-6666-6666-6666-666666666666'><CodeRef targetGUID='1'/></Coding>"
                "</PlainTextSelection></TextSource></Sources></Project>"
            },
            "<PlainTextSelection guid=55555555-5555-5555-5555-555555555555>: startPosition",
        ),
        ({"../evil/project.qde": "<Project/>"}, "'..'"),
    ],
)
def test_bad_projects_are_refused_naming_the_place(
    project: Project, tmp_path: Path, files: dict[str, bytes | str], expected: str
) -> None:
    path = qdpx(tmp_path, files)
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, path, fmt="qdpx")
    assert "in.qdpx" in str(refused.value)
    assert expected in str(refused.value)
    assert project.documents() == []


def test_guids_are_uuid5_of_our_ids(coded: Project) -> None:
    a = coded.annotations()[0]
    qde = members(formats.export_bytes(coded, "qdpx"))["project.qde"].decode()
    assert f'guid="{refi_qda.guid("selection", a.id)}"' in qde
