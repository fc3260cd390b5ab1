"""brat standoff: real .ann files from brat's tutorials, the Finnish TDT corpus and DKPro Core."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from annotator import formats
from annotator.errors import ImportRefused
from annotator.importers.batch import import_articles
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, quotes_match

NEWS = DATA / "brat" / "news"
TDT = DATA / "brat" / "TDT"
DKPRO = DATA / "dkpro-core-brat"


def t_lines(ann: Path) -> list[tuple[str, str, list[tuple[int, int]], str]]:
    """The file's T lines, parsed here independently of the reader: id, type, fragments, text."""
    found = []
    for line in ann.read_text("utf-8").splitlines():
        if line.startswith("T"):
            ident, middle, text = line.split("\t", 2)
            label, offsets = middle.split(" ", 1)
            fragments = [(int(a), int(b)) for a, b in re.findall(r"(\d+) (\d+)", offsets)]
            found.append((ident, label, fragments, text))
    return found


def all_labels_as(ann: Path, category: str) -> dict[str, str]:
    return {label: category for _, label, _, _ in t_lines(ann)}


@pytest.mark.parametrize(
    "name",
    [
        "040-text_span_annotation",
        "060-relation_annotation",
        "100-attribute_annotation",
        "110-note_annotation",
    ],
)
def test_tutorial_documents_land_on_their_text(project: Project, name: str) -> None:
    ann = NEWS / f"{name}.ann"
    result = formats.import_file(project, ann, mapping=all_labels_as(ann, "claim"))
    [doc] = project.documents()
    text = project.document(doc.id).text
    assert text == (NEWS / f"{name}.txt").read_text("utf-8")
    spans = {(a.start, a.end) for a in project.annotations()}
    for ident, _, [(start, end)], covered in t_lines(ann):
        assert text[start:end] == covered, ident
        assert (start, end) in spans, ident
    quotes_match(project)
    if name == "040-text_span_annotation":
        assert sorted(a.quote for a in project.annotations()) == [
            "California",
            "Google",
            "Larry Page",
            "Sergey Brin",
        ]
        assert result.warnings == ()
    if name == "060-relation_annotation":
        assert any("1 equivalences" in w and "1 relations" in w for w in result.warnings)
    if name == "100-attribute_annotation":
        # A4 Individual T1 (binary, on a span) is kept in the note; attributes on events are left out
        somebody = next(a for a in project.annotations() if (a.start, a.end) == (497, 505))
        assert somebody.note == "Individual"
        assert any("10 events" in w and "5 attributes and notes on events" in w for w in result.warnings)
    if name == "110-note_annotation":
        discworld = next(a for a in project.annotations() if (a.start, a.end) == (412, 421))
        assert discworld.note == "Should fictional places be annotated?"
        assert any("2 attributes and notes on events or relations" in w for w in result.warnings)


def test_finnish_tdt_offsets_are_code_points(project: Project) -> None:
    ann = TDT / "wn071.ann"
    formats.import_file(project, ann, mapping=all_labels_as(ann, "claim"))
    [doc] = project.documents()
    text = project.document(doc.id).text
    raw = (TDT / "wn071.txt").read_bytes()
    assert text == raw.decode("utf-8") and len(raw) > len(text)  # ä, ö: bytes and code points differ
    lines = t_lines(ann)
    assert len(lines) == 74
    by_span = {(a.start, a.end): a for a in project.annotations()}
    for ident, _, [(start, end)], covered in lines:
        assert text[start:end] == covered, ident
        assert by_span[(start, end)].quote == covered
    # morphological attributes and lemma notes are not codebook attributes: kept in the note
    tasavallan = next(a for a in project.annotations() if a.quote == "Tasavallan")
    assert tasavallan.note.split("\n") == ["Lemma: tasa|valta", "NUM: Sg", "CASE: Gen", "CASECHANGE: Cap"]
    assert any("ä" in a.quote or "ö" in a.quote for a in project.annotations())


def test_discontinuous_span_becomes_fragments_with_a_warning(project: Project, tmp_path: Path) -> None:
    result = formats.import_file(project, DKPRO / "document0d.ann", mapping={"Token": "claim"})
    text = project.document(project.documents()[0].id).text
    assert text == "This is\nan other test.\n"
    spans = sorted((a.start, a.end, a.quote) for a in project.annotations())
    assert spans == [(0, 4, "This"), (5, 7, "is"), (9, 10, "n"), (11, 21, "other test"), (21, 22, ".")]
    assert any("line 2: T2 is discontinuous (2 fragments)" in w for w in result.warnings)
    assert any("4 events" in w for w in result.warnings)
    # DKPro's own write-back splits T2 the same way: importing it adds nothing new
    shutil.copy(DKPRO / "document0d.txt", tmp_path / "document0d-ref.txt")
    shutil.copy(DKPRO / "document0d-ref.ann", tmp_path / "document0d-ref.ann")
    again = formats.import_file(project, tmp_path / "document0d-ref.ann", mapping={"Token": "claim"})
    assert (again.result.annotations_added, again.already_there) == (0, 5)


def test_fragments_split_only_at_line_breaks_are_one_span(project: Project, tmp_path: Path) -> None:
    (tmp_path / "d.txt").write_text("abcd\n\n  efgh ijk", encoding="utf-8")
    (tmp_path / "d.ann").write_text(
        "T1\tclaim 0 4;8 12\tabcd efgh\nT2\tquote 8 12;13 16\tefgh ijk\n", encoding="utf-8"
    )
    result = formats.import_file(project, tmp_path / "d.ann")
    assert sorted(a.quote for a in project.annotations()) == ["abcd\n\n  efgh", "efgh", "ijk"]
    assert len(result.warnings) == 1 and "T2 is discontinuous" in result.warnings[0]


def test_crlf_text_keeps_brat_offsets_on_their_characters(project: Project, tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes("Line one\r\nLine 😀 two\r\n".encode())
    (tmp_path / "w.ann").write_text("T1\tclaim 10 20\tLine 😀 two\n", encoding="utf-8")
    formats.import_file(project, tmp_path / "w.ann")
    [a] = project.annotations()
    assert (a.start, a.end, a.quote) == (9, 19, "Line 😀 two")


@pytest.mark.parametrize(
    ("ann", "expected"),
    [
        ("T1\tclaim 0 4\tabcd\nT2\tclaim 5 x\tefgh\n", "line 2: malformed text-bound annotation"),
        ("T1\tclaim 0 4\tabce\n", "line 1: T1: the text field 'abce' does not match the text at 0 4: 'abcd'"),
        ("T1\tclaim 0 400\tabcd\n", "line 1: T1: span [0, 400) is outside the text (length 9)"),
        ("T1\tclaim 0 4\tabcd\nA1\thedged T9\n", "line 2: refers to T9, which is not defined"),
        ("T1\tclaim 0 4\tabcd\nQ1\tsomething\n", "line 2: unknown annotation kind"),
        ("T1\tclaim 0 4\tabcd\nT1\tclaim 0 4\tabcd\n", "line 2: T1 is defined twice"),
    ],
)
def test_malformed_ann_is_refused_naming_file_and_line(
    project: Project, tmp_path: Path, ann: str, expected: str
) -> None:
    (tmp_path / "bad.txt").write_text("abcd efgh", encoding="utf-8")
    (tmp_path / "bad.ann").write_text(ann, encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, tmp_path / "bad.ann")
    assert str(refused.value).startswith("bad.ann: ")
    assert expected in str(refused.value)
    assert project.documents() == []


def test_missing_text_file_is_refused(project: Project, tmp_path: Path) -> None:
    (tmp_path / "alone.ann").write_text("T1\tclaim 0 4\tabcd\n", encoding="utf-8")
    with pytest.raises(ImportRefused, match=r"alone\.ann: no alone\.txt beside it"):
        formats.import_file(project, tmp_path / "alone.ann")


def test_a_folder_of_brat_files_goes_through_the_batch_importer(project: Project, tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    for name in ("040-text_span_annotation", "110-note_annotation"):
        for suffix in (".txt", ".ann"):
            shutil.copy(NEWS / f"{name}{suffix}", folder / f"{name}{suffix}")
    mapping = {**all_labels_as(NEWS / "040-text_span_annotation.ann", "claim"), "Merge-org": "-"}
    mapping |= all_labels_as(NEWS / "110-note_annotation.ann", "claim") | {"Merge-org": "-"}
    report = import_articles(project, [folder], label_map=mapping)
    assert report.failed == []
    assert [Path(n).name for n, _ in report.imported] == [
        "040-text_span_annotation.ann",
        "110-note_annotation.ann",
    ]
    assert all("already in the project" in why for _, why in report.skipped)  # the .txt files
    assert "left out" in report.imported[1][1] and "\n  warning: " in report.imported[1][1]
    assert len(project.documents()) == 2
    assert not any(a.quote == "merged" for a in project.annotations())  # Merge-org dropped by "-"
