"""Files that must be refused whole, with one line naming the file, leaving the project unchanged."""

from __future__ import annotations

import io
import random
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from annotator.errors import ImportRefused
from annotator.importers.batch import import_articles
from annotator.importers.read import read_article
from annotator.project import Project


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.sqlite") as p:
        yield p


def write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def docx_bytes(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00"
ZIP_OF_TEXT = io.BytesIO()
with zipfile.ZipFile(ZIP_OF_TEXT, "w") as _zf:
    _zf.writestr("notes.txt", "not a word document")

BAD_FILES: list[tuple[str, bytes, str]] = [
    ("empty.txt", b"", "empty"),
    ("blank.txt", b"  \r\n\t\n   \n", "whitespace"),
    ("nbsp-only.md", "\u00a0 \u2003\n".encode(), "whitespace"),
    ("bom-only.txt", b"\xef\xbb\xbf", "whitespace"),
    ("image.txt", PNG_HEADER * 20, "binary"),
    ("controls.txt", bytes(range(1, 9)) * 50 + b"abc", "binary"),
    ("empty.html", b"", "empty"),
    (
        "no-text.html",
        b"<html><head><title>Only a title</title><script>var s = 'script text';</script></head>"
        b"<body><img src='http://images.example.com/a.jpg'></body></html>",
        "no article text found in the page",
    ),
    ("image.html", PNG_HEADER * 20, "binary"),
    ("empty.docx", b"", "empty"),
    ("truncated.docx", docx_bytes(["Some text", "More"])[:2000], "damaged or truncated"),
    ("text.docx", b"This is plain text saved with the wrong name.\n", "damaged or truncated"),
    ("zip.docx", ZIP_OF_TEXT.getvalue(), "not a valid .docx"),
    ("protected.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504, "password-protected"),
    ("no-text.docx", docx_bytes(["", "   "]), "whitespace"),
    ("report.pdf", b"%PDF-1.7\n", "unsupported file type '.pdf'"),
    ("README", b"text without a suffix", "unsupported file type without a suffix"),
]


@pytest.mark.parametrize(("name", "data", "why"), BAD_FILES, ids=[n for n, _, _ in BAD_FILES])
def test_refused_with_one_line_naming_the_file(tmp_path: Path, name: str, data: bytes, why: str) -> None:
    path = write(tmp_path / name, data)

    with pytest.raises(ImportRefused) as caught:
        read_article(path)

    message = str(caught.value)
    assert message.startswith(f"{name}: ")
    assert why in message
    assert "\n" not in message


@pytest.mark.parametrize(("name", "data", "why"), BAD_FILES, ids=[n for n, _, _ in BAD_FILES])
def test_refused_file_leaves_the_project_unchanged(
    project: Project, tmp_path: Path, name: str, data: bytes, why: str
) -> None:
    path = write(tmp_path / name, data)

    report = import_articles(project, [path])

    assert report.imported == []
    if path.suffix in (".pdf", ""):
        assert report.skipped == [(str(path), report.skipped[0][1])] and report.failed == []
        assert why in report.skipped[0][1]
    else:
        assert report.failed == [(str(path), report.failed[0][1])] and report.skipped == []
        assert why in report.failed[0][1]
        assert not report.failed[0][1].startswith(name)  # the report pairs the reason with the file
    with Project.open(tmp_path / "p.sqlite") as reopened:
        assert reopened.documents() == []


def test_too_big(project: Project, tmp_path: Path) -> None:
    path = write(tmp_path / "big.txt", b"A headline\n" + b"word " * 3000)

    with pytest.raises(ImportRefused, match=r"^big\.txt: too big \(15\.0 KB; the limit is 10\.0 KB\)$"):
        read_article(path, max_bytes=10_000)
    assert read_article(path, max_bytes=20_000).title == "A headline"

    report = import_articles(project, [path], max_bytes=10_000)
    assert [reason for _, reason in report.failed] == ["too big (15.0 KB; the limit is 10.0 KB)"]
    assert project.documents() == []


def test_missing_file(project: Project, tmp_path: Path) -> None:
    path = tmp_path / "gone.txt"

    with pytest.raises(ImportRefused, match=r"^gone\.txt: cannot read it \(No such file or directory\)$"):
        read_article(path)
    report = import_articles(project, [path, tmp_path / "no-such-folder"])
    assert [reason for _, reason in report.failed] == ["no such file or folder"] * 2


def test_unreadable_file(project: Project, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path / "locked.txt", b"A headline\nbody\n")
    real_open = Path.open

    def locked(self: Path, *args: object, **kwargs: object) -> object:
        if self.name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", locked)

    with pytest.raises(ImportRefused, match=r"^locked\.txt: cannot read it \(Permission denied\)$"):
        read_article(path)
    report = import_articles(project, [path])
    assert report.failed == [(str(path), "cannot read it (Permission denied)")]
    assert project.documents() == []


def test_a_folder_named_like_a_file_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "looks-like.txt"
    folder.mkdir()
    with pytest.raises(ImportRefused, match=r"^looks-like\.txt: is a folder"):
        read_article(folder)


def test_junk_never_raises_anything_but_import_refused(tmp_path: Path) -> None:
    """Truncations and random bytes under every suffix: a document or ImportRefused, nothing else."""
    rng = random.Random(1234)
    good_docx = docx_bytes(["Heading", "Body text with a tab\tand more."])
    page = (
        b"<html><head><meta charset='utf-8'><title>T</title></head><body><article>"
        + b"<p>Words of the article, repeated to make a real paragraph. </p>" * 5
        + b"</article></body></html>"
    )
    samples: list[tuple[str, bytes]] = []
    for cut in (1, 4, 30, 100, 500, 1000, len(good_docx) // 2, len(good_docx) - 22, len(good_docx) - 1):
        samples.append((".docx", good_docx[:cut]))
    for cut in (1, 10, 60, 150, len(page) // 2, len(page) - 5):
        samples.append((".html", page[:cut]))
    for _ in range(20):
        blob = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
        samples.extend((suffix, blob) for suffix in (".txt", ".md", ".html", ".docx"))
    corrupted = bytearray(good_docx)
    for i in range(200, len(corrupted), 97):
        corrupted[i] ^= 0x5A
    samples.append((".docx", bytes(corrupted)))
    samples.append(
        (".html", b"<?xml version='1.0' encoding='iso-8859-1'?><html><body><p>\xe9t\xe9</p></body></html>")
    )
    samples.append((".html", b"<" * 5000))
    samples.append((".html", b"<div>" * 20000 + b"deep" + b"</div>" * 20000))

    outcomes: dict[str, int] = {"read": 0, "refused": 0}
    for i, (suffix, data) in enumerate(samples):
        path = write(tmp_path / f"junk{i}{suffix}", data)
        try:
            article = read_article(path)
        except ImportRefused as exc:
            assert str(exc).startswith(f"{path.name}: ") and "\n" not in str(exc)
            outcomes["refused"] += 1
        else:
            assert article.text.strip() and "\r" not in article.text
            outcomes["read"] += 1
    assert outcomes["refused"] > 0
