"""What all formats share: label mapping, refusals, safe archives, the registry, CLI and batch import."""

from __future__ import annotations

import io
import json
import stat
import zipfile
from pathlib import Path

import pytest

from annotator import formats
from annotator.cli import EXPORT_FORMAT_NAMES, main
from annotator.errors import ImportRefused, ValidationError
from annotator.formats.common import parse_mapping, read_archive
from annotator.importers.batch import import_articles
from annotator.project import Project
from tests.annotator.formats.conftest import DATA, new_project, snapshot


def jsonl(tmp_path: Path, records: list[dict[str, object]], name: str = "in.jsonl") -> Path:
    path = tmp_path / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


# -- label mapping -----------------------------------------------------------------------------------


def test_labels_match_category_ids_and_labels_case_insensitively(project: Project, tmp_path: Path) -> None:
    path = jsonl(
        tmp_path,
        [{"text": "one two three four", "label": [[0, 3, "QUOTE"], [4, 7, "statistic"], [8, 13, "Claim"]]}],
    )
    formats.import_file(project, path)
    assert sorted((a.quote, a.category) for a in project.annotations()) == [
        ("one", "quote"),
        ("three", "claim"),
        ("two", "statistic"),
    ]


def test_unknown_labels_refuse_the_file_listing_them_and_nothing_is_written(
    project: Project, tmp_path: Path
) -> None:
    path = jsonl(
        tmp_path,
        [
            {"text": "Alpha beta", "label": [[0, 5, "PER"], [6, 10, "LOC"]]},
            {"text": "Gamma", "label": [[0, 5, "PER"], [0, 5, "claim"]]},
        ],
    )
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, path)
    message = str(refused.value)
    assert message.startswith(
        "in.jsonl: labels that are not categories of codebook news-statements: LOC (1), PER (2)"
    )
    assert "--map LABEL=CATEGORY" in message and "claim, quote, statistic, opinion" in message
    assert project.documents() == [] and project.annotators() == []
    # mapped (case-insensitively, onto a category's label) or dropped, it goes in
    result = formats.import_file(project, path, mapping={"per": "Quote", "LOC": "-"})
    assert sorted((a.quote, a.category) for a in project.annotations()) == [
        ("Alpha", "quote"),
        ("Gamma", "claim"),
        ("Gamma", "quote"),
    ]
    assert any("1 spans with labels mapped to '-'" in w for w in result.warnings)


def test_a_mapping_onto_a_missing_category_is_refused(project: Project, tmp_path: Path) -> None:
    path = jsonl(tmp_path, [{"text": "Alpha", "label": [[0, 5, "PER"]]}])
    with pytest.raises(
        ImportRefused, match=r"--map names categories that are not in the codebook: PER=person"
    ):
        formats.import_file(project, path, mapping={"PER": "person"})


def test_parse_mapping() -> None:
    assert parse_mapping(["PER=quote", " B-LOC = claim ", "X=-", "Y="]) == {
        "PER": "quote",
        "B-LOC": "claim",
        "X": "-",
        "Y": "",
    }
    with pytest.raises(ValidationError, match="expected LABEL=CATEGORY"):
        parse_mapping(["PER"])


def test_attributes_are_typed_and_what_does_not_fit_goes_to_the_note(
    project: Project, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Ana said it was 12 km.", "utf-8")
    (tmp_path / "a.ann").write_text(
        "T1\tquote 0 11\tAna said it\n"
        "A1\tSpeaker_Role T1 EXPERT\n"  # a choice, matched case-insensitively
        "#1\tSpeaker T1\tAna\n"
        "A2\tmood T1 calm\n"  # not in the codebook
        "T2\tclaim 0 3\tAna\n"
        "A3\thedged T2\n"  # binary: true
        "T3\tstatistic 16 21\t12 km\n"
        "#2\tvalue T3\t12\n"  # a number attribute
        "T4\tquote 9 18\tit was 12\n"
        "A4\tspeaker_role T4 nonsense\n",  # not one of the choices
        "utf-8",
    )
    result = formats.import_file(project, tmp_path / "a.ann")
    by_quote = {a.quote: a for a in project.annotations()}
    assert by_quote["Ana said it"].attributes == {"speaker_role": "expert", "speaker": "Ana"}
    assert by_quote["Ana said it"].note == "mood: calm"
    assert (by_quote["it was 12"].attributes, by_quote["it was 12"].note) == ({}, "speaker_role: nonsense")
    assert by_quote["Ana"].attributes == {"hedged": True}
    assert by_quote["12 km"].attributes == {"value": 12}
    assert any("kept in the note: mood (1), speaker_role (1)" in w for w in result.warnings)


# -- archives ------------------------------------------------------------------------------------------


def make_zip(path: Path, members: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return path


@pytest.mark.parametrize(
    ("members", "expected"),
    [
        ({"../evil.ann": b"T1\tclaim 0 1\ta\n", "../evil.txt": b"a"}, "member '../evil.ann' has '..'"),
        ({"/etc/evil.ann": b"", "/etc/evil.txt": b""}, "member '/etc/evil.ann' has an absolute path"),
        ({"C:/x.ann": b""}, "has an absolute path"),
        ({"bomb.txt": bytes(4 << 20), "bomb.ann": b""}, "inflates"),
    ],
)
def test_unsafe_archives_are_refused_before_unpacking(
    project: Project, tmp_path: Path, members: dict[str, bytes], expected: str
) -> None:
    path = make_zip(tmp_path / "in.zip", members)
    with pytest.raises(ImportRefused) as refused:
        formats.import_file(project, path, fmt="brat")
    assert str(refused.value).startswith("in.zip: refused: ") and expected in str(refused.value)
    assert project.documents() == []


def test_symbolic_links_too_many_members_and_too_much_data_are_refused(tmp_path: Path) -> None:
    path = make_zip(tmp_path / "link.zip", {"a.txt": b"a"}, symlink="b.txt")
    with pytest.raises(ImportRefused, match=r"member 'b\.txt' is a symbolic link"):
        read_archive(path)
    many = make_zip(tmp_path / "many.zip", {f"{i}.txt": b"x" for i in range(5)})
    with pytest.raises(ImportRefused, match=r"5 members in the archive \(the limit is 4\)"):
        read_archive(many, max_members=4)
    big = make_zip(tmp_path / "big.zip", {"a.txt": b"x" * 3000, "b.txt": b"y" * 3000})
    with pytest.raises(ImportRefused, match="unpacks to more than"):
        read_archive(big, max_bytes=5000)
    assert read_archive(big) == {"a.txt": b"x" * 3000, "b.txt": b"y" * 3000}


def test_a_damaged_zip_is_refused(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "broken.zip"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ImportRefused, match=r"broken\.zip: not a zip archive, or a damaged one"):
        formats.import_file(project, path, fmt="brat")


# -- the registry --------------------------------------------------------------------------------------


def test_cli_choices_match_the_registry_and_the_menu_lists() -> None:
    assert tuple(formats.FORMATS) == EXPORT_FORMAT_NAMES
    assert [name for name, _, _ in formats.EXPORT_FORMATS] == list(formats.FORMATS)
    assert all(f.endswith(f"(*{suffix})") for _, f, suffix in formats.EXPORT_FORMATS)
    assert set(formats.IMPORT_SUFFIXES) >= {".qdpx", ".ann", ".tsv", ".jsonl", ".jsonld", ".zip"}


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("brat/news/040-text_span_annotation.ann", "brat"),
        ("doccano/data_export/relation_extraction/example.jsonl", "doccano"),
        ("label-studio/named_entity/tasks.json", "labelstudio"),
        ("label-studio/named_entity/annotations/1.json", "labelstudio"),
        ("webanno-tsv/testSentenceWithEmoji/reference.tsv", "webanno"),
        ("uima-cas-json/casWithEmojiUnicodeTextAndAnnotations/data.json", "cas"),
        ("w3c-web-annotation/annotations.w3c.json", "w3c"),
        ("brat/news/040-text_span_annotation.txt", None),
    ],
)
def test_formats_are_detected_by_suffix_and_content(path: str, fmt: str | None) -> None:
    assert formats.detect_format(DATA / path) == fmt


@pytest.mark.parametrize("fmt", ["qdpx", "brat", "webanno", "cas"])
def test_zipped_exports_are_detected_by_their_members(coded: Project, tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "renamed.zip"
    path.write_bytes(formats.export_bytes(coded, fmt))
    assert formats.detect_format(path) == fmt


def test_our_own_json_dataset_is_not_mistaken_for_another_format(coded: Project, tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(formats.export_bytes(coded, "json"))
    assert formats.detect_format(path) is None
    lines = tmp_path / "data.jsonl"
    lines.write_bytes(formats.export_bytes(coded, "jsonl"))
    assert formats.detect_format(lines) is None


# -- the command line and the batch importer ---------------------------------------------------------------


def test_cli_exports_every_format_and_imports_it_back(
    coded: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = str(coded.path)
    for fmt, _, suffix in formats.EXPORT_FORMATS:
        if fmt in ("json", "jsonl", "csv"):
            continue
        out = tmp_path / f"cli-{fmt}{suffix}"
        assert main(["export", "--project", source, "--format", fmt, "-o", str(out)]) == 0
        assert f"to {out}" in capsys.readouterr().out
        fresh_path = tmp_path / f"cli-{fmt}.sqlite"
        new_project(fresh_path).close()
        assert main(["import", "--project", str(fresh_path), str(out)]) == 0
        printed = capsys.readouterr().out
        assert f"imported {out} (" in printed and "1 imported, 0 skipped, 0 failed" in printed
        with Project.open(fresh_path) as fresh:
            assert [(r["start"], r["end"], r["category"]) for r in snapshot(fresh)] == [
                (r["start"], r["end"], r["category"]) for r in snapshot(coded)
            ]


def test_cli_qdpx_crlf_and_suffix_defaults(
    coded: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "p.qdpx"
    assert main(["export", "--project", str(coded.path), "--line-endings", "crlf", "-o", str(out)]) == 0
    with zipfile.ZipFile(out) as archive:
        sources = [n for n in archive.namelist() if n.startswith("sources/")]
        assert b"\r\n" in archive.read(sources[0])
    w3c = tmp_path / "p.jsonld"
    assert main(["export", "--project", str(coded.path), "-o", str(w3c)]) == 0
    assert json.loads(w3c.read_text("utf-8"))["type"] == "AnnotationCollection"
    # text formats can go to standard output; zipped ones need -o
    capsys.readouterr()
    assert main(["export", "--project", str(coded.path), "--format", "labelstudio"]) == 0
    assert json.loads(capsys.readouterr().out)[0]["data"]["title"] == "Hard text"
    assert main(["export", "--project", str(coded.path), "--format", "brat"]) == 1
    assert "--format brat writes a zip archive; name the output file with -o" in capsys.readouterr().err


def test_cli_import_with_map_and_refusal(
    project: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = jsonl(tmp_path, [{"text": "Alpha beta", "label": [[0, 5, "PER"], [6, 10, "LOC"]]}])
    target = str(project.path)
    assert main(["import", "--project", target, str(path)]) == 1
    err = capsys.readouterr().err
    assert (
        f"failed {path}: labels that are not categories of codebook news-statements: LOC (1), PER (1)" in err
    )
    assert project.documents() == []
    assert main(["import", "--project", target, str(path), "--map", "PER=quote", "--map", "LOC=claim"]) == 0
    assert sorted(a.category for a in project.annotations()) == ["claim", "quote"]
    assert main(["import", "--project", target, str(path), "--map", "PER"]) == 1
    assert "expected LABEL=CATEGORY" in capsys.readouterr().err


def test_batch_import_routes_json_by_content(project: Project, tmp_path: Path, coded: Project) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "dataset.json").write_bytes(formats.export_bytes(coded, "json"))
    (folder / "studio.json").write_bytes((DATA / "label-studio/named_entity/tasks.json").read_bytes())
    (folder / "unrelated.tsv").write_text("a\tb\n", "utf-8")
    (folder / "broken.json").write_text("{ not json", "utf-8")
    make_zip(folder / "bomb.zip", {"a.ann": b"", "a.txt": bytes(4 << 20)})
    make_zip(folder / "other.zip", {"notes.md": b"# nothing for us"})
    report = import_articles(project, [folder], label_map={"Date": "statistic"})
    imported = {Path(n).name: detail for n, detail in report.imported}
    assert imported["dataset.json"].startswith("dataset: 2 documents added")
    assert imported["studio.json"].startswith("Label Studio JSON tasks: 1 documents added")
    assert [(Path(n).name, why) for n, why in report.skipped] == [
        ("other.zip", "not in an annotation exchange format this can read"),
        ("unrelated.tsv", "not in an annotation exchange format this can read"),
    ]
    failed = {Path(n).name: why for n, why in report.failed}
    assert sorted(failed) == ["bomb.zip", "broken.json"]
    assert failed["bomb.zip"].startswith("refused: member 'a.txt' inflates")


def test_export_file_is_atomic_and_refuses_unknown_formats(coded: Project, tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="unknown export format 'xml'"):
        formats.export_bytes(coded, "xml")
    with pytest.raises(ValidationError, match="line endings must be lf or crlf"):
        formats.export_bytes(coded, "qdpx", line_endings="cr")
    out = tmp_path / "x.zip"
    formats.export_file(coded, out, "brat")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith((".x", "x"))) == ["x.zip"]
    with zipfile.ZipFile(io.BytesIO(out.read_bytes())) as archive:
        assert archive.testzip() is None


@pytest.mark.parametrize(
    "fmt", ["json", "jsonl", "csv", "w3c", "brat", "labelstudio", "doccano", "webanno", "cas"]
)
def test_crlf_line_endings_are_refused_for_any_format_but_qdpx(
    coded: Project, tmp_path: Path, capsys: pytest.CaptureFixture[str], fmt: str
) -> None:
    """``--line-endings crlf`` was accepted with json, jsonl and csv and silently ignored."""
    out = tmp_path / f"out.{fmt}"
    argv = ["export", "--project", str(coded.path), "--format", fmt, "--line-endings", "crlf", "-o", str(out)]
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err == (
        f"annotator: --line-endings crlf applies to qdpx only (REFI-QDA sources); {fmt} is always "
        "written with LF line endings, which its offsets count\n"
    )
    assert not out.exists()
    if fmt in formats.FORMATS and formats.FORMATS[fmt].writer is not None:
        with pytest.raises(ValidationError, match="applies to qdpx only"):
            formats.export_bytes(coded, fmt, line_endings="crlf")
    # lf, said or not, is what every format writes
    assert main([*argv[:-4], "--line-endings", "lf", "-o", str(out)]) == 0
