"""WebAnno TSV 3.3 (INCEpTION): emoji offsets in UTF-16 units, line breaks, stacking, escaping."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator import formats
from annotator.errors import ImportRefused
from annotator.formats.offsets import Utf16Index
from annotator.formats.webanno import escape_text, escape_value, split_stack, unescape_text
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

TSV = DATA / "webanno-tsv"


def token_lines(path: Path) -> list[tuple[int, int, str]]:
    """``(begin, end, token)`` of every token line, parsed here independently of the reader."""
    rows = []
    for line in path.read_text("utf-8").splitlines():
        if line and line[0].isdigit():
            _, offsets, token = line.split("\t")[:3]
            begin, end = offsets.split("-")
            rows.append((int(begin), int(end), token))
    return rows


@pytest.mark.parametrize(
    ("case", "text", "spans"),
    [
        ("testSentenceWithEmoji", "I like it 😊 .", [(10, 11, "😊", "claim")]),
        ("testSentenceWithLineBreak", "This is\na test .", [(0, 4, "This", "claim")]),
        (
            "testMultiTokenStackedSpanWithFeatureValue",
            "This is a test .",
            [(0, 16, "This is a test .", "opinion"), (0, 16, "This is a test .", "quote")],
        ),
    ],
)
def test_inception_reference_files(
    project: Project, case: str, text: str, spans: list[tuple[int, int, str, str]]
) -> None:
    path = TSV / case / "reference.tsv"
    formats.import_file(project, path, mapping={"Span": "claim", "PERSON": "quote", "LOCATION": "opinion"})
    [doc] = project.documents()
    stored = project.document(doc.id).text
    assert stored == text
    # every token of the file is at its offsets, counted in UTF-16 units
    index = Utf16Index(stored)
    for begin, end, token in token_lines(path):
        assert index.slice16(begin, end) == token
    assert sorted((a.start, a.end, a.quote, a.category) for a in project.annotations()) == spans
    quotes_match(project)


SUBTOKENS = (
    "#FORMAT=WebAnno TSV 3.3\n"
    "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS|PosValue\n"
    "#T_SP=de.tudarmstadt.ukp.dkpro.core.api.ner.type.NamedEntity|identifier|value\n"
    "#T_RL=de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency|DependencyType|BT_de.tudarmstadt."
    "ukp.dkpro.core.api.lexmorph.type.pos.POS\n"
    "\n\n"
    "#Text=Ms. Haag plays Elianti .\n"
    "1-1\t0-3\tMs.\tNNP\t_\tPER[1]\tSUBJ\t1-3\n"
    "1-2\t4-8\tHaag\tNNP\t_\tPER[1]\tSBJ\t1-3\n"
    "1-3\t9-14\tplays\tVBD\t_\t_\tROOT\t1-3\n"
    "1-3.1\t9-13\tplay\t_\t_\tACT\t_\t_\n"
    "1-4\t15-22\tElianti\tNNP\thttp://x\tORG\tOBJ\t1-3\n"
    "1-5\t23-24\t.\t.\t_\t_\t_\t_\n"
    "\n"
    "#Text=Next 😀 one\n"
    "2-1\t29-33\tNext\t_\t_\t_\t_\t_\n"
    "2-2\t34-36\t😀\t_\t_\tPER\t_\t_\n"
    "2-3\t37-40\tone\t_\t_\t_\t_\t_\n"
)


def test_sub_tokens_multi_token_spans_features_and_left_out_layers(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "doc.tsv"
    path.write_text(SUBTOKENS, "utf-8")
    result = formats.import_file(project, path, mapping={"PER": "quote", "ACT": "claim", "ORG": "claim"})
    text = project.document(project.documents()[0].id).text
    assert text == "Ms. Haag plays Elianti .\n\n\n\n\nNext 😀 one"  # the gap between sentences is line breaks
    got = sorted((a.quote, a.category, a.note) for a in project.annotations())
    assert got == [
        ("Elianti", "claim", "identifier: http://x"),
        ("Ms. Haag", "quote", ""),
        ("play", "claim", ""),
        ("😀", "quote", ""),
    ]
    warnings = " ".join(result.warnings)
    assert (
        "relation layer de.tudarmstadt.ukp.dkpro.core.api.syntax.type.dependency.Dependency left out"
        in warnings
    )
    assert "token-level layers left out: de.tudarmstadt.ukp.dkpro.core.api.lexmorph.type.pos.POS" in warnings


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("#Text=ab\n1-1\t0-2\tab\t_\n", "line 6: 1 annotation columns, but the header declares 2"),
        ("#Text=ab\n1-1\t0-2\tax\t_\t_\n", "line 6: token 'ax' does not match the text at 0-2"),
        ("1-1\t0-2\tab\t_\t_\n", "line 5: a token line before any #Text= line"),
        ("#Text=ab\n1-1\tzero\tab\t_\t_\n", "line 6: malformed token line"),
        ("#Text=ab\n\n#Text=cd\n2-1\t3-5\tcd\t_\t_\n", "line 5: a sentence without tokens"),
        ("#Text=a😀\n1-1\t0-2\ta😀\t_\t_\n", "line 6: UTF-16 offset 2 falls inside the character U+1F600"),
    ],
)
def test_malformed_tsv_is_refused_naming_file_and_line(
    project: Project, tmp_path: Path, body: str, expected: str
) -> None:
    path = tmp_path / "bad.tsv"
    path.write_text("#FORMAT=WebAnno TSV 3.3\n#T_SP=webanno.custom.Span|value|note\n\n\n" + body, "utf-8")
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, path, fmt="webanno")
    message = " ".join([str(refused.value), *refused.value.problems])
    assert message.startswith("bad.tsv: ") and expected in message
    assert project.documents() == []


def test_not_a_tsv_header_is_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "plain.tsv"
    path.write_text("a\tb\n", "utf-8")
    assert formats.detect_format(path) is None
    with pytest.raises(ImportRefused, match=r"plain\.tsv: line 1: not a WebAnno TSV 3 file"):
        formats.import_file(project, path, fmt="webanno")


@given(st.text(max_size=30), st.integers(min_value=1, max_value=999))
def test_feature_values_survive_escaping_with_a_disambiguation_id(value: str, ident: int) -> None:
    assert split_stack(f"{escape_value(value)}[{ident}]|*[{ident + 1}]") == [
        (value, ident),
        (None, ident + 1),
    ]


@given(st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=40))
def test_sentence_text_survives_escaping(text: str) -> None:
    line = escape_text(text)
    assert "\n" not in line and "\t" not in line
    assert unescape_text(line) == text


def test_export_counts_utf16_units(coded: Project) -> None:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(formats.export_bytes(coded, "webanno"))) as archive:
        tsv = archive.read("001-hard-text.tsv").decode("utf-8")
    emoji_line = next(line for line in tsv.splitlines() if "\t👍\t" in line)
    begin, end = emoji_line.split("\t")[1].split("-")
    hard = coded.document(coded.documents()[0].id).text
    cp = hard.index("👍")
    assert (int(begin), int(end)) == (cp + hard[:cp].count("👍"), cp + 2 + hard[:cp].count("👍"))
