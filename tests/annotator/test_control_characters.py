"""Control characters and NUL: refused before they reach the project file, with where they are.

SQLite's ``length()`` and readers written in C stop at U+0000, so a text holding one is measured
and read short (agreement and reports then crash or count on a truncated text). A document's text
may hold no C0 control character but tab and line feed (CR is turned into LF at import, before
the check); every other field may hold no NUL.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator.cli import main
from annotator.dataset import dataset_dict, import_dataset, validate_dataset
from annotator.errors import ImportRefused, ValidationError
from annotator.importers.read import read_article
from annotator.project import Project
from annotator.resources import resource
from annotator.text import text_sha256

SCHEMA = json.loads(resource("dataset.schema.json").read_text("utf-8"))
TEXT = "The minister said the port will close.\nCritics\tdisagreed.\n"


def rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def counts(path: Path) -> list[tuple[Any, ...]]:
    return rows(
        path,
        "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM annotations), "
        "(SELECT count(*) FROM annotators)",
    )


@pytest.fixture
def project(tmp_path: Path) -> Any:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


def a_dataset(tmp_path: Path) -> dict[str, Any]:
    """A valid dataset: one document, one coder, one annotation with a note and an attribute."""
    with Project.open(tmp_path / "source.sqlite") as source:
        ada = source.ensure_annotator(name="Ada")
        doc = source.add_document(text=TEXT, title="Port").document
        source.add_annotation(
            document_id=doc.id,
            start=4,
            end=12,
            category="quote",
            annotator_id=ada.id,
            attributes={"speaker": "the minister"},
            note="check",
        )
        data = dataset_dict(source)
    assert validate_dataset(data)[0] == []
    return data


def with_text(data: dict[str, Any], text: str) -> dict[str, Any]:
    doc = data["documents"][0]
    doc["text"], doc["sha256"] = text, text_sha256(text)
    return data


def write(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(json.dumps(data), "utf-8")
    return path


# -- document texts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("char", "name"), [("\x00", "U+0000 (NUL)"), ("\x07", "U+0007 (BEL)")])
def test_validate_names_the_document_the_character_and_its_offset(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str, name: str
) -> None:
    data = a_dataset(tmp_path)
    offset = TEXT.index("Critics") + 3
    path = write(tmp_path / "ds.json", with_text(data, TEXT[:offset] + char + TEXT[offset:]))
    doc_id = data["documents"][0]["id"]
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1, lines
    assert lines[0].startswith(f"{path}: documents[0] ({doc_id}).text: ")
    assert f"control character {name} at offset {offset}" in lines[0]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b"])
def test_dataset_import_refuses_it_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], char: str
) -> None:
    path = write(tmp_path / "ds.json", with_text(a_dataset(tmp_path), TEXT + char + "end\n"))
    target = tmp_path / "target.sqlite"
    Project.open(target).close()
    before = counts(target)
    assert main(["import", "--project", str(target), str(path)]) == 1
    err = capsys.readouterr().err
    failed = [line for line in err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and err.count("\n") == 1
    assert f"U+{ord(char):04X}" in failed[0] and f"offset {len(TEXT)}" in failed[0]
    assert counts(target) == before == [(0, 0, 0)]


def test_tab_and_line_feed_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path / "ds.json", a_dataset(tmp_path))
    assert "\t" in TEXT and "\n" in TEXT
    with Project.open(tmp_path / "target.sqlite") as target:
        assert import_dataset(target, path).documents_added == 1
        assert target.document(target.documents()[0].id).text == TEXT


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x0c", "\x1f", "\r"])
def test_the_store_refuses_such_a_text_whoever_adds_it(project: Project, tmp_path: Path, char: str) -> None:
    text = "Before" + char + "after"
    with pytest.raises(ValidationError) as refused:
        project.add_document(text=text, title="Odd")
    message = str(refused.value)
    assert "\n" not in message
    assert f"U+{ord(char):04X}" in message and "at offset 6" in message
    documents = {
        "id": "d1",
        "title": "Odd",
        "source": "",
        "author": "",
        "url": "",
        "published": "",
        "language": "",
        "text": text,
        "sha256": text_sha256(text),
        "status": "not_started",
        "original_filename": "",
        "original_sha256": "",
    }
    with pytest.raises(ValidationError, match=f"U\\+{ord(char):04X}"):
        project.bulk_insert(annotators=[], documents=[documents], annotations=[])
    assert counts(tmp_path / "p.sqlite") == [(0, 0, 0)]


# -- articles and exchange formats ------------------------------------------------------------------


def test_article_with_a_nul_byte_is_refused_as_binary_as_before(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    article = tmp_path / "nul.txt"
    article.write_bytes(b"A headline\n\nThe text\x00 goes on for a while, long enough to be an article.\n")
    target = tmp_path / "p.sqlite"
    assert main(["import", "--project", str(target), str(article)]) == 1
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed")]
    assert failed == [f"failed {article}: binary content (NUL bytes), not a text file"]
    assert counts(target) == [(0, 0, 0)]


BODY = "The council met on Tuesday and voted for the new budget after a long debate. " * 4


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        # UTF-16 text holds NUL bytes in every character: its NUL character is seen only once decoded
        (
            "utf16.txt",
            f"A headline\r\n\r\nThe text\x00 goes on. {BODY}\r\n".encode("utf-16"),
            "U+0000 (NUL) at offset 20",
        ),
        (
            "bell.txt",
            f"A headline\r\n\r\nThe text\x07 goes on. {BODY}\r\n".encode(),
            "U+0007 (BEL) at offset 20",
        ),
        (
            "escape.md",
            f"# A headline\n\nThe \x1b[1mbold text. {BODY}\n".encode(),
            "U+001B (ESC) at offset 18",
        ),
    ],
)
def test_article_with_a_control_character_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, expect: str
) -> None:
    """Offsets count in the text as stored: CRLF is one line feed by then."""
    article = tmp_path / name
    article.write_bytes(content)
    with pytest.raises(ImportRefused, match=f"^{name}: the text contains the control character"):
        read_article(article)
    target = tmp_path / "p.sqlite"
    assert main(["import", "--project", str(target), str(article)]) == 1
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed")]
    assert len(failed) == 1 and expect in failed[0], failed
    assert counts(target) == [(0, 0, 0)]


def test_exchange_format_with_a_control_character_is_refused_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    doccano = tmp_path / "coded.jsonl"
    doccano.write_text(
        json.dumps({"text": "Ministers said\r\nthe port\x00 will close.", "label": [[0, 9, "claim"]]}) + "\n",
        "utf-8",
    )
    target = tmp_path / "p.sqlite"
    assert main(["import", "--project", str(target), str(doccano)]) == 1
    failed = [line for line in capsys.readouterr().err.splitlines() if line.startswith("failed")]
    assert failed == [
        f"failed {doccano}: line 1: the text contains the control character U+0000 (NUL) at offset 23; "
        "only tab and line feed are allowed"
    ]
    assert counts(target) == [(0, 0, 0)]


# -- NUL in the other fields ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("where", "path"),
    [
        ("title", ("documents", 0, "title")),
        ("source", ("documents", 0, "source")),
        ("provenance.filename", ("documents", 0, "provenance", "filename")),
        ("annotators[0].name", ("annotators", 0, "name")),
        ("note", ("documents", 0, "annotations", 0, "note")),
        ("attributes", ("documents", 0, "annotations", 0, "attributes", "speaker")),
        ("codebook_version", ("documents", 0, "annotations", 0, "codebook_version")),
        ("codebook.categories[0].definition", ("codebook", "categories", 0, "definition")),
    ],
)
def test_validate_and_import_refuse_nul_in_any_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str, path: tuple[Any, ...]
) -> None:
    data = a_dataset(tmp_path)
    node: Any = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = "Port\x00 Report"
    dataset = write(tmp_path / "ds.json", data)
    assert main(["validate", str(dataset)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 1 and where in lines[0] and "NUL" in lines[0], lines
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
    with Project.open(tmp_path / "target.sqlite") as target, pytest.raises(ImportRefused):
        import_dataset(target, dataset)
    assert counts(tmp_path / "target.sqlite") == [(0, 0, 0)]


def test_project_operations_refuse_nul_in_titles_notes_attributes_and_names(
    project: Project, tmp_path: Path
) -> None:
    path = tmp_path / "p.sqlite"
    ada = project.ensure_annotator(name="Ada")
    doc = project.add_document(text=TEXT, title="Port").document
    refused: list[str] = []

    def refuses(call: Any, **kwargs: Any) -> None:
        with pytest.raises(ValidationError) as info:
            call(**kwargs)
        message = str(info.value)
        assert "\n" not in message and "NUL" in message and "offset 4" in message, message
        refused.append(message)

    refuses(project.add_document, text="Another text.", title="Port\x00 Report")
    refuses(project.update_document, document_id=doc.id, title="Port\x00 Report")
    refuses(project.update_document, document_id=doc.id, source="Wire\x00")
    refuses(project.ensure_annotator, name="Bo B\x00")
    refuses(project.rename_annotator, annotator_id=ada.id, name="Ada \x00 L")
    span = {"document_id": doc.id, "start": 4, "end": 12, "category": "quote", "annotator_id": ada.id}
    refuses(project.add_annotation, **span, note="note\x00")
    refuses(project.add_annotation, **span, attributes={"speaker": "Ana \x00"})
    change = project.add_annotation(**span)
    assert change.after is not None
    refuses(project.update_annotation, annotation_id=change.after.id, note="note\x00")
    refuses(project.update_annotation, annotation_id=change.after.id, attributes={"speaker": "Ana \x00"})
    assert "the title contains a NUL character (U+0000) at offset 4" in refused[0]
    assert rows(path, "SELECT title, source FROM documents") == [("Port", "")]
    assert rows(path, "SELECT name FROM annotators") == [("Ada",)]
    assert rows(path, "SELECT note, attributes FROM annotations") == [("", "{}")]


def test_codebook_with_nul_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from annotator.codebook import codebook_to_dict, default_codebook

    data = codebook_to_dict(default_codebook())
    data["version"] = "2.0"
    data["categories"][1]["label"] = "Quo\x00te"
    path = tmp_path / "cb.json"
    path.write_text(json.dumps(data), "utf-8")
    target = tmp_path / "p.sqlite"
    assert main(["codebook", "import", "--project", str(target), str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "codebook.categories[1].label" in err and "NUL" in err
    assert rows(target, "SELECT version FROM codebooks") == [("1.0",)]
