"""REFI-QDA codebook (.qdc) export and import, and codebook files by suffix."""

from __future__ import annotations

import json
import os
import uuid
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree  # type: ignore[import-untyped,unused-ignore]

from annotator.codebook import codebook_to_dict, default_codebook
from annotator.domain import AttributeDef, Category, Codebook
from annotator.errors import AnnotatorError, ValidationError
from annotator.formats.qdc import (
    PALETTE,
    codebook_from_qdc,
    codebook_to_qdc,
    read_codebook_file,
    write_codebook_file,
)
from annotator.formats.refi_common import code_guid, format_description, parse_description

DATA = Path(__file__).parents[1] / "data" / "refi-qda"
NS = "urn:QDA-XML:codebook:1.0"


@pytest.fixture(scope="module")
def schema() -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(DATA / "qdc.xsd")))


def assert_valid(schema: etree.XMLSchema, data: bytes) -> None:
    doc = etree.fromstring(data)
    assert schema.validate(doc), schema.error_log


def without_attributes(codebook: Codebook) -> tuple[Category, ...]:
    return tuple(replace(c, attributes=()) for c in codebook.categories)


def qdc_document(codes: str, *, namespace: str = NS, root: str = "CodeBook") -> bytes:
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<{root} xmlns="{namespace}" origin="Test">'
        f"<Codes>{codes}</Codes></{root}>\n"
    ).encode()


# ---------------------------------------------------------------------------------------------
# export


def test_default_codebook_export_is_valid_against_the_schema(schema: etree.XMLSchema) -> None:
    codebook = default_codebook()
    data = codebook_to_qdc(codebook)
    assert data.startswith(b'<?xml version="1.0" encoding="utf-8"?>\n')
    assert_valid(schema, data)

    root = etree.fromstring(data)
    assert root.tag == f"{{{NS}}}CodeBook"
    assert root.get("origin", "").startswith("annotator ")
    codes = root.findall(f"{{{NS}}}Codes/{{{NS}}}Code")
    assert [c.get("name") for c in codes] == [c.label for c in codebook.categories]
    assert [c.get("color") for c in codes] == [c.color for c in codebook.categories]
    assert {c.get("isCodable") for c in codes} == {"true"}
    # attributes are left out: no nested codes, no sets
    assert root.findall(f".//{{{NS}}}Code/{{{NS}}}Code") == []
    assert root.find(f"{{{NS}}}Sets") is None

    claim = codebook.categories[0]
    description = codes[0].findtext(f"{{{NS}}}Description")
    assert description is not None
    assert description.startswith(f"Definition: {claim.definition}\nInclude:\n- {claim.include[0]}\n")
    assert f"\nExclude:\n- {claim.exclude[0]}\n" in description
    assert description.endswith(f"Examples:\n- {claim.examples[0]}\n- {claim.examples[1]}")


def test_guids_are_uuid5_of_codebook_and_category_id_and_stable() -> None:
    codebook = default_codebook()
    first, second = codebook_to_qdc(codebook), codebook_to_qdc(codebook)
    assert first == second
    guids = [c.get("guid") for c in etree.fromstring(first).iter(f"{{{NS}}}Code")]
    assert guids == [code_guid(codebook.id, c.id) for c in codebook.categories]
    assert len(set(guids)) == len(guids)
    for guid in guids:
        assert guid is not None and uuid.UUID(guid).version == 5
    # another codebook with the same category ids gets other GUIDs
    other = codebook_to_qdc(replace(codebook, id="other-codebook"))
    other_guids = [c.get("guid") for c in etree.fromstring(other).iter(f"{{{NS}}}Code")]
    assert not set(other_guids) & set(guids)
    # editing a definition does not change any GUID
    edited = replace(codebook, categories=(replace(codebook.categories[0], definition="New."),))
    assert etree.fromstring(codebook_to_qdc(edited)).find(f".//{{{NS}}}Code").get("guid") == guids[0]


def test_export_of_an_empty_codebook_is_refused() -> None:
    with pytest.raises(ValidationError, match="at least one code"):
        codebook_to_qdc(Codebook(id="empty", version="1"))


def test_export_drops_characters_xml_cannot_carry(schema: etree.XMLSchema) -> None:
    category = Category(
        id="odd",
        label="Odd\x00 \x1flabel & <co>",
        definition="bell\x07 here\r\nand \ud800 there",
        color="not-a-colour",
    )
    data = codebook_to_qdc(Codebook(id="x", version="1", categories=(category,)))
    assert_valid(schema, data)
    back = codebook_from_qdc(data)
    assert back.categories[0].label == "Odd label & <co>"
    assert back.categories[0].definition == "bell here\nand  there"
    assert back.categories[0].color == PALETTE[0]  # an invalid colour is not written


# ---------------------------------------------------------------------------------------------
# round trip


def test_default_codebook_round_trips_through_qdc() -> None:
    codebook = default_codebook()
    back = codebook_from_qdc(codebook_to_qdc(codebook), codebook_id=codebook.id, version=codebook.version)
    assert back.id == codebook.id and back.version == codebook.version
    assert back.category_ids == codebook.category_ids
    assert [c.label for c in back.categories] == [c.label for c in codebook.categories]
    assert [c.color for c in back.categories] == [c.color for c in codebook.categories]
    assert back.categories == without_attributes(codebook)  # definitions, rules, examples, shortcuts


def test_hard_text_round_trips(schema: etree.XMLSchema) -> None:
    category = Category(
        id="hard-label",  # the slug of the label, so the id survives the trip
        label="Hárd — “label” 👩\u200d👩\u200d👧",
        definition="Line one.\n\nInclude:\n- not a real section\n  indented\n",
        include=("", "multi\nline\n", " leading space", "-", "Examples:"),
        exclude=("شعار: ميزانية للجميع", "Лозунг «Порт»\u00a012\u202f%"),
        examples=("tab\there", "cafe\u0301 vs café", "a < b & c > d ]]>"),
        color="#abcdef",
    )
    codebook = Codebook(id="hard", version="2", categories=(category,))
    data = codebook_to_qdc(codebook)
    assert_valid(schema, data)
    back = codebook_from_qdc(data, codebook_id="hard", version="2")
    assert back.categories == (replace(category, shortcut="1"),)


lines = st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\r"), max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    definition=lines,
    include=st.lists(lines, max_size=3),
    exclude=st.lists(lines, max_size=3),
    examples=st.lists(lines, max_size=3),
)
def test_description_format_reads_back_exactly(
    definition: str, include: list[str], exclude: list[str], examples: list[str]
) -> None:
    category = Category(
        id="c",
        label="C",
        definition=definition,
        include=tuple(include),
        exclude=tuple(exclude),
        examples=tuple(examples),
    )
    text = format_description(category)
    if not (definition or include or exclude or examples):
        assert text == ""
        return
    assert parse_description(text) == (definition, tuple(include), tuple(exclude), tuple(examples))


xml_text = st.text(
    st.characters(exclude_categories=["Cs", "Cc"], exclude_characters="\ufffe\uffff"), max_size=30
)


@settings(max_examples=100, deadline=None)
@given(definition=xml_text, include=st.lists(xml_text, max_size=3), examples=st.lists(xml_text, max_size=2))
def test_arbitrary_text_round_trips_through_the_xml(
    definition: str, include: list[str], examples: list[str]
) -> None:
    category = Category(
        id="c", label="C", definition=definition, include=tuple(include), examples=tuple(examples)
    )
    data = codebook_to_qdc(Codebook(id="cb", version="1", categories=(category,)))
    back = codebook_from_qdc(data).categories[0]
    if definition or include or examples:
        assert (back.definition, back.include, back.examples) == (definition, tuple(include), tuple(examples))
    else:
        assert (back.definition, back.include, back.examples) == ("", (), ())


# ---------------------------------------------------------------------------------------------
# import of real files


def test_import_atlas_ti_codebook(schema: etree.XMLSchema) -> None:
    data = (DATA / "valid.qdc").read_bytes()
    assert_valid(schema, data)  # the fixture itself is valid
    codebook = codebook_from_qdc(data)
    assert len(codebook.categories) == 1
    (code1,) = codebook.categories
    assert (code1.id, code1.label, code1.color) == ("code1", "code1", "#46AA00")
    assert code1.definition == "description"  # not our structure: the whole description
    assert (code1.include, code1.exclude, code1.examples, code1.attributes) == ((), (), (), ())
    assert code1.shortcut == "1"
    assert "ATLAS.ti Win 23.4.0" in codebook.description
    assert codebook.version == "1"
    assert codebook.id.startswith("qdc-")
    assert codebook_from_qdc(data).id == codebook.id  # same file, same id
    named = codebook_from_qdc(data, codebook_id="atlas", version="7")
    assert (named.id, named.version) == ("atlas", "7")


def test_truncated_atlas_ti_codebook_is_refused() -> None:
    data = (DATA / "corrupted-truncated.qdc").read_bytes()
    with pytest.raises(ValidationError, match="malformed or truncated") as info:
        codebook_from_qdc(data)
    assert "\n" not in str(info.value)


def test_every_truncation_gives_a_codebook_or_a_validation_error() -> None:
    for data in ((DATA / "valid.qdc").read_bytes(), codebook_to_qdc(default_codebook())):
        end = data.rindex(b"</CodeBook>") + len(b"</CodeBook>")
        for cut in range(len(data)):
            if cut >= end:
                codebook_from_qdc(data[:cut])  # only trailing whitespace is missing
                continue
            with pytest.raises(ValidationError):
                codebook_from_qdc(data[:cut])


@settings(max_examples=200, deadline=None)
@given(data=st.binary(max_size=200))
def test_arbitrary_bytes_give_only_validation_errors(data: bytes) -> None:
    try:
        codebook_from_qdc(data)
    except ValidationError as exc:
        assert "\n" not in str(exc)


@settings(max_examples=200, deadline=None)
@given(position=st.integers(0, 629), byte=st.integers(0, 255))
def test_one_byte_changed_gives_a_codebook_or_a_validation_error(position: int, byte: int) -> None:
    data = bytearray((DATA / "valid.qdc").read_bytes())
    data[position] = byte
    try:
        codebook_from_qdc(bytes(data))
    except ValidationError as exc:
        assert "\n" not in str(exc)


# ---------------------------------------------------------------------------------------------
# import: mapping


def test_nested_codes_keep_their_tree_with_unique_slug_ids_colours_and_shortcuts() -> None:
    codes = (
        '<Code guid="51191CEE-BF78-4E92-9DF8-3AE66721E038" name="Kód 3 – přesněji" '
        'color="#006EFF" isCodable="true">'
        "<Description>popisek kódu 3</Description>"
        '<Code guid="14C4E248-F726-42CB-B1CD-A65D6A86F296" name="Positive" isCodable="true">'
        '<Code guid="{24C4E248-F726-42CB-B1CD-A65D6A86F296}" name="Deep" isCodable="true" color="#a0C"/>'
        "</Code></Code>"
        '<Code guid="9FCD0F84-AA08-4765-B1B1-57A39966042A" name="Other" isCodable="false">'
        '<Code guid="1FF58B12-6F6F-4B0C-8BE5-BBDC91F55294" name="positive" isCodable="true"/></Code>'
        '<Code guid="B52FB733-B6AF-4B31-BB78-3E733135171A" name="Лозунг" isCodable="true"/>'
        '<Code guid="C52FB733-B6AF-4B31-BB78-3E733135171A" name="  Spaced   name " isCodable="true"/>'
        + "".join(
            f'<Code guid="00000000-0000-4000-8000-{n:012d}" name="{"x" * 80}" isCodable="true"/>'
            for n in range(4)
        )
    )
    codebook = codebook_from_qdc(qdc_document(codes))
    ids = codebook.category_ids
    assert ids[:7] == ("kod-3-presneji", "positive", "deep", "other", "positive-2", "code-6", "spaced-name")
    assert ids[7] == "x" * 64 and ids[8] == "x" * 62 + "-2" and ids[10] == "x" * 62 + "-4"
    assert len(set(ids)) == len(ids) == 11
    assert [c.label for c in codebook.categories][:7] == [
        "Kód 3 – přesněji",
        "Positive",
        "Deep",
        "Other",
        "positive",
        "Лозунг",
        "Spaced   name",
    ]
    colors = [c.color for c in codebook.categories]
    assert colors[0] == "#006EFF" and colors[2] == "#aa00CC"
    assert len(set(colors)) == len(colors)  # more codes than the palette: generated, all distinct
    assert [c.parent for c in codebook.categories][:5] == [None, "kod-3-presneji", "positive", None, "other"]
    assert [c.codable for c in codebook.categories][:5] == [True, True, True, False, True]
    # the grouping code "Other" gets no key
    assert [c.shortcut for c in codebook.categories] == ["1", "2", "3", "", "4", "5", "6", "7", "8", "9", ""]
    assert codebook.categories[0].definition == "popisek kódu 3"


def test_a_description_not_in_our_structure_is_the_definition() -> None:
    text = "Definition: what a person says\nbut this line is not indented\nInclude:\n- x"
    codes = (
        f'<Code guid="00000000-0000-4000-8000-000000000001" name="A" isCodable="true">'
        f"<Description>\n  {text}\n</Description></Code>"
        '<Code guid="00000000-0000-4000-8000-000000000002" name="B" isCodable="true">'
        "<Description>Include:\n- one\n- two\n\n</Description></Code>"
    )
    a, b = codebook_from_qdc(qdc_document(codes)).categories
    assert (a.definition, a.include) == (text, ())
    assert (b.definition, b.include) == ("", ("one", "two"))


def test_old_namespace_and_no_namespace_are_read() -> None:
    code = '<Code guid="00000000-0000-4000-8000-000000000001" name="A" isCodable="true"/>'
    for namespace in ("urn:QDA-XML:codebook:0:4", ""):
        document = qdc_document(code, namespace=namespace)
        if not namespace:
            document = document.replace(b' xmlns=""', b"")
        assert codebook_from_qdc(document).category_ids == ("a",)


def test_utf16_and_bom_are_read() -> None:
    text = qdc_document('<Code guid="00000000-0000-4000-8000-000000000001" name="Kód" isCodable="true"/>')
    utf16 = text.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    assert codebook_from_qdc(utf16).categories[0].label == "Kód"
    assert codebook_from_qdc(b"\xef\xbb\xbf" + text).categories[0].label == "Kód"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "malformed or truncated"),
        (b"\x00\xff\xfe garbage", "malformed or truncated"),
        (b'{"format": "annotator-codebook"}', "malformed or truncated"),
        (b'<?xml version="1.0" encoding="no-such-encoding"?><CodeBook/>', "cannot parse"),
        (b"<html><body>hi</body></html>", "root element is <html>"),
        (qdc_document("", root="Project", namespace="urn:QDA-XML:project:1.0"), "REFI-QDA project"),
        (qdc_document('<Code guid="0" name="A" isCodable="true"/>', namespace="urn:other"), "root element"),
        (f'<CodeBook xmlns="{NS}"/>'.encode(), "no codes"),
        (qdc_document(""), "no codes"),
        (qdc_document('<Code guid="00000000-0000-4000-8000-000000000001" isCodable="true"/>'), "no name"),
        (
            qdc_document('<Code guid="00000000-0000-4000-8000-000000000001" name=" \t" isCodable="true"/>'),
            "no name",
        ),
    ],
)
def test_bad_input_is_a_one_line_validation_error(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as info:
        codebook_from_qdc(data)
    assert "\n" not in str(info.value)


# ---------------------------------------------------------------------------------------------
# import: hostile XML


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [
  <!ENTITY lol "lol">
  <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
  <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
  <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
  <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
  <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="00000000-0000-4000-8000-000000000001" name="&lol9;" isCodable="true"/>
</Codes></CodeBook>
"""


def external_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY xxe SYSTEM "{url}">]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="00000000-0000-4000-8000-000000000001" name="leak" isCodable="true">
    <Description>&xxe;</Description>
  </Code>
</Codes></CodeBook>
""".encode()


def parameter_entity(url: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE CodeBook [<!ENTITY % ext SYSTEM "{url}"> %ext;]>
<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>
  <Code guid="00000000-0000-4000-8000-000000000001" name="leak" isCodable="true"/>
</Codes></CodeBook>
""".encode()


def assert_refused_without_leak(data: bytes, secret: str) -> None:
    with pytest.raises(ValidationError, match="DTD or entities") as info:
        codebook_from_qdc(data)
    error: BaseException | None = info.value
    while error is not None:  # nothing of the target is in the message or its causes
        assert secret not in str(error) and secret not in repr(error)
        error = error.__cause__ or error.__context__


def test_billion_laughs_is_refused() -> None:
    assert_refused_without_leak(BILLION_LAUGHS, "lollol")


def test_plain_doctype_is_refused() -> None:
    data = qdc_document('<Code guid="00000000-0000-4000-8000-000000000001" name="A" isCodable="true"/>')
    data = data.replace(b"?>\n", b"?>\n<!DOCTYPE CodeBook>\n", 1)
    with pytest.raises(ValidationError, match="DTD"):
        codebook_from_qdc(data)


@pytest.mark.parametrize("make", [external_entity, parameter_entity])
def test_external_entities_are_refused_and_nothing_is_read(make: object, tmp_path: Path) -> None:
    assert callable(make)
    assert_refused_without_leak(make("file:///etc/passwd"), "root:")
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-4f1c", encoding="utf-8")
    assert_refused_without_leak(make(secret.as_uri()), "TOP-SECRET-4f1c")
    assert_refused_without_leak(make("http://127.0.0.1:9/nothing-listens-here"), "nothing-listens")


# ---------------------------------------------------------------------------------------------
# files


def rich_codebook() -> Codebook:
    codebook = default_codebook()
    extra = Category(
        id="tone",
        label="Tone",
        shortcut="5",
        attributes=(AttributeDef(id="polarity", label="Polarity", type="choice", choices=("neg", "pos")),),
    )
    return replace(codebook, name="Nachrichten — Aussagen", categories=(*codebook.categories, extra))


def test_json_file_round_trip_is_lossless(tmp_path: Path) -> None:
    codebook = rich_codebook()
    path = tmp_path / "codebook.json"
    write_codebook_file(codebook, path, "json")
    raw = path.read_text(encoding="utf-8")
    assert json.loads(raw) == codebook_to_dict(codebook)
    assert "Nachrichten — Aussagen" in raw and raw.startswith('{\n  "format"') and raw.endswith("}\n")
    assert read_codebook_file(path) == codebook
    assert read_codebook_file(str(path)) == codebook
    assert sorted(p.name for p in tmp_path.iterdir()) == ["codebook.json"]


def test_qdc_file_round_trip(tmp_path: Path, schema: etree.XMLSchema) -> None:
    codebook = rich_codebook()
    path = tmp_path / "News Statements.QDC"
    write_codebook_file(codebook, path, "qdc")
    assert_valid(schema, path.read_bytes())
    assert path.read_bytes() == codebook_to_qdc(codebook)
    back = read_codebook_file(path)  # dispatch by suffix, any case
    assert (back.id, back.name, back.version) == ("news-statements", "News Statements", "1")
    assert back.categories == without_attributes(codebook)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["News Statements.QDC"]


def test_write_replaces_an_existing_file(tmp_path: Path) -> None:
    path = tmp_path / "cb.qdc"
    path.write_bytes(b"old")
    write_codebook_file(default_codebook(), path, "qdc")
    assert read_codebook_file(path).category_ids == default_codebook().category_ids
    assert [p.name for p in tmp_path.iterdir()] == ["cb.qdc"]


def test_failed_write_keeps_the_old_file_and_leaves_no_temp(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "cb.json"
    path.write_bytes(b"old")

    def refuse(src: object, dst: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(AnnotatorError, match="cannot write"):
        write_codebook_file(default_codebook(), path, "json")
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["cb.json"]


def test_write_into_a_missing_directory_is_an_annotator_error(tmp_path: Path) -> None:
    with pytest.raises(AnnotatorError, match="cannot write"):
        write_codebook_file(default_codebook(), tmp_path / "missing" / "cb.qdc", "qdc")
    assert list(tmp_path.iterdir()) == []


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="unknown codebook format"):
        write_codebook_file(default_codebook(), tmp_path / "cb.xml", "xml")
    assert list(tmp_path.iterdir()) == []


def test_read_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="cannot read"):
        read_codebook_file(tmp_path / "missing.qdc")
    broken = tmp_path / "broken.qdc"
    broken.write_bytes((DATA / "corrupted-truncated.qdc").read_bytes())
    with pytest.raises(ValidationError, match=r"broken\.qdc: not a REFI-QDA codebook"):
        read_codebook_file(broken)
    not_json = tmp_path / "codebook.json"
    not_json.write_bytes(codebook_to_qdc(default_codebook()))
    with pytest.raises(ValidationError, match="not a JSON codebook"):
        read_codebook_file(not_json)


def test_file_name_without_usable_slug_falls_back_to_a_hash_id(tmp_path: Path) -> None:
    path = tmp_path / "Кодбук.qdc"
    path.write_bytes((DATA / "valid.qdc").read_bytes())
    codebook = read_codebook_file(os.fspath(path))
    assert codebook.id.startswith("qdc-") and codebook.name == "Кодбук"
