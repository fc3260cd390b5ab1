"""Batch imports: folders, order, duplicates, datasets, progress and cancelling, scraped articles."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.importers.batch import NOT_PROCESSED, import_articles, iter_input_files
from annotator.importers.read import SUPPORTED_SUFFIXES, read_article
from annotator.project import Project
from annotator.text import normalize_text
from tests.conftest import CORPUS, REPO


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.sqlite") as p:
        yield p


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def test_supported_suffixes() -> None:
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".html", ".htm", ".docx"}


def test_iter_input_files_walks_folders_sorted_and_skips_hidden(tmp_path: Path) -> None:
    root = tmp_path / "in"
    for rel in (
        "b.txt",
        "A.md",
        "c.HTML",
        "d.htm",
        "e.docx",
        "data.json",
        "notes.pdf",
        "image.png",
        ".hidden.txt",
        "~$lock.docx",
        ".git/config.txt",
        "sub/z.txt",
        "sub/a.txt",
        "sub/.cache/x.txt",
        "Sub2/deeper/k.txt",
    ):
        write(root / rel, "x")
    explicit = write(tmp_path / "explicit.pdf", "x")
    hidden_explicit = write(tmp_path / ".named.txt", "x")

    found = list(iter_input_files([root, explicit, hidden_explicit, tmp_path / "missing.txt"]))

    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "in/A.md",
        "in/b.txt",
        "in/c.HTML",
        "in/d.htm",
        "in/data.json",
        "in/e.docx",
        "in/sub/a.txt",
        "in/sub/z.txt",
        "in/Sub2/deeper/k.txt",
        "explicit.pdf",
        ".named.txt",
        "missing.txt",
    ]


def test_iter_input_files_survives_a_symlink_loop(tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "x")
    (tmp_path / "in" / "loop").symlink_to(tmp_path / "in", target_is_directory=True)

    assert [p.name for p in iter_input_files([tmp_path / "in"])] == ["a.txt"]


def test_batch_each_good_file_goes_in_and_each_bad_one_is_reported(project: Project, tmp_path: Path) -> None:
    root = tmp_path / "in"
    write(root / "01.txt", "First article\nBody one.\n")
    write(root / "02-empty.txt", "")
    write(root / "03.md", "# Second article\n\nBody two.\n")
    write(root / "04-binary.txt", b"\x00\x01\x02PNG")
    write(root / "05-same-as-01.txt", "First article\r\nBody one.\r\n")  # same text once normalised
    paragraph = b"A third article about the harbour. " * 8
    write(root / "06.htm", b"<html><body><p>" + paragraph + b"</p></body></html>")
    write(root / "07-broken.docx", b"PK\x03\x04 not really a zip")
    write(root / "ignored.pdf", "x")
    explicit = write(tmp_path / "slides.pptx", "x")

    report = import_articles(project, [root, explicit])

    def names(entries: list[tuple[str, str]]) -> list[str]:
        return [Path(name).name for name, _ in entries]

    assert names(report.imported) == ["01.txt", "03.md", "06.htm"]
    assert names(report.skipped) == ["05-same-as-01.txt", "slides.pptx"]
    assert report.skipped[0][1].startswith("already in the project (as “First article”")
    assert report.skipped[1][1].startswith("unsupported file type '.pptx'")
    assert names(report.failed) == ["02-empty.txt", "04-binary.txt", "07-broken.docx"]
    assert [reason.split(" (")[0] for _, reason in report.failed] == [
        "the file is empty",
        "binary content",
        "not a valid .docx",
    ]
    assert report.exit_status == 1 and not report.ok
    assert report.summary() == "3 imported, 2 skipped, 3 failed"

    with Project.open(tmp_path / "p.sqlite") as reopened:
        docs = reopened.documents()
        assert [d.title for d in docs][:2] == ["First article", "Second article"]
        assert docs[2].title == "06"  # a page with no title at all is named after its file
        assert [d.id for d in docs] == [doc_id for _, doc_id in report.imported]
        assert reopened.document(docs[0].id).text == "First article\nBody one.\n"


def test_reimporting_the_same_files_skips_them_all(project: Project, tmp_path: Path) -> None:
    write(tmp_path / "in" / "a.txt", "Alpha\ntext\n")
    write(tmp_path / "in" / "b.md", "# Beta\ntext\n")
    first = import_articles(project, [tmp_path / "in"])

    second = import_articles(project, [tmp_path / "in"])

    assert len(first.imported) == 2 and second.imported == [] and second.failed == []
    assert [reason.split(" (")[0] for _, reason in second.skipped] == ["already in the project"] * 2
    assert second.exit_status == 0
    assert len(project.documents()) == 2


def test_progress_is_reported_and_cancel_keeps_what_was_imported(project: Project, tmp_path: Path) -> None:
    for i in range(5):
        write(tmp_path / "in" / f"{i}.txt", f"Article {i}\nbody {i}\n")
    calls: list[tuple[int, int, str]] = []

    def on_progress(done: int, total: int, name: str) -> bool:
        calls.append((done, total, name))
        return done < 2  # cancel before the third file

    report = import_articles(project, [tmp_path / "in"], on_progress=on_progress)

    assert calls == [(0, 5, "0.txt"), (1, 5, "1.txt"), (2, 5, "2.txt")]
    assert report.cancelled
    assert [Path(n).name for n, _ in report.imported] == ["0.txt", "1.txt"]
    assert report.skipped == [(str(tmp_path / "in" / f"{i}.txt"), NOT_PROCESSED) for i in (2, 3, 4)]
    assert report.failed == [] and report.exit_status == 0
    with Project.open(tmp_path / "p.sqlite") as reopened:
        assert [d.title for d in reopened.documents()] == ["Article 0", "Article 1"]


def test_progress_runs_to_the_end(project: Project, tmp_path: Path) -> None:
    write(tmp_path / "a.txt", "A\n")
    write(tmp_path / "b.txt", "B\n")
    calls: list[tuple[int, int, str]] = []

    def on_progress(done: int, total: int, name: str) -> bool:
        calls.append((done, total, name))
        return True

    report = import_articles(project, [tmp_path / "a.txt", tmp_path / "b.txt"], on_progress=on_progress)

    assert calls == [(0, 2, "a.txt"), (1, 2, "b.txt"), (2, 2, "")]
    assert not report.cancelled and len(report.imported) == 2


def test_datasets_go_to_the_dataset_importer(project: Project, tmp_path: Path) -> None:
    from annotator.dataset import dataset_dict

    with Project.open(tmp_path / "other.sqlite") as other:
        other.add_document(text="A document that travels in a dataset.\n", title="Travelling")
        exported = dataset_dict(other)
    good = write(tmp_path / "in" / "good.json", json.dumps(exported))
    bad = write(tmp_path / "in" / "not-json.json", "{ this is not json")
    invalid = write(tmp_path / "in" / "wrong-shape.json", json.dumps({"format": "something else"}))

    report = import_articles(project, [tmp_path / "in"])

    assert [Path(n).name for n, _ in report.imported] == ["good.json"]
    assert report.imported[0][1].startswith("dataset: 1 documents added")
    assert [Path(n).name for n, _ in report.failed] == ["not-json.json", "wrong-shape.json"]
    assert report.failed[0][1].startswith("not valid JSON")
    assert "\n" not in report.failed[1][1]
    assert [d.title for d in project.documents()] == ["Travelling"]
    assert bad.exists() and invalid.exists() and good.exists()


# -- scraped-article layouts (tests/annotator/data/corpus/README.md) ---------------------------------

# Written by hand from reading the files (tests/annotator/importers/test_news_metadata.py checks
# the article bodies too).
CORPUS_EXPECTED = {
    "2026-04-harbour-talks-to-resume.txt": {
        "title": "Quellport harbour talks “to resume” as ministry weighs emergency law",
        "source": "",  # no outlet anywhere in the text
        "published": "2026-04",  # the text states no date; the file's name does, to the month
        "url": "",
    },
    "courier-2026-03-30-ministers-urge-mediation.txt": {
        "title": "courier-2026-03-30-ministers-urge-mediation",  # no headline line: the file's name
        "source": "Courier",  # the dateline "Marenholt Courier—", as the article names itself
        "published": "2026-03-30",
        "url": "",
    },
    "portal-2026-08-20-missed-window.txt": {
        "title": "Port Authority Admits It Missed Window for a Deal With Dockworkers – Reports",
        "source": "Portal Sarnovia",  # the contact masthead
        "author": "Tove Rasmark",
        "published": "2026-08-20",
        "url": "https://portal.example.net/20260820/"
        "port-authority-admits-it-missed-window-for-a-deal--reports-1108842671.html",
    },
}


def test_scraped_corpus_imports_exactly(project: Project, tmp_path: Path) -> None:
    files = sorted(CORPUS.glob("*.txt"))
    assert sorted(p.name for p in files) == sorted(CORPUS_EXPECTED)

    report = import_articles(project, files)  # the folder also holds a README.md

    assert report.failed == [] and report.skipped == []
    assert sorted(Path(n).name for n, _ in report.imported) == sorted(CORPUS_EXPECTED)
    with Project.open(tmp_path / "p.sqlite") as reopened:
        for name, doc_id in report.imported:
            doc = reopened.document(doc_id)
            path = Path(name)
            assert doc.text == normalize_text(path.read_bytes().decode("utf-8"))
            assert doc.original_filename == path.name
            expected = CORPUS_EXPECTED[path.name]
            for field_name, value in expected.items():
                assert getattr(doc, field_name) == value, (path.name, field_name)
            assert doc.title and len(doc.title) <= 300
            assert not doc.title.lower().startswith(("date", "http", "marenholt courier", "in recent days"))


def test_scraped_corpus_offsets_are_code_points(tmp_path: Path) -> None:
    article = read_article(CORPUS / "2026-04-harbour-talks-to-resume.txt")
    quote = "“deadlock.”"
    start = article.text.index(quote)
    assert article.text[start : start + len(quote)] == quote


def test_the_bundled_sample_documents_read_with_their_metadata() -> None:
    samples = sorted((REPO / "sample_docs").glob("*.txt"))
    assert samples

    for path in samples:
        article = read_article(path)
        assert article.title and article.author and article.published, path.name
        assert article.text == normalize_text(article.text) and not article.text.startswith("\ufeff")


def test_a_read_only_project_fails_each_file_with_the_reason(tmp_path: Path) -> None:
    Project.open(tmp_path / "p.sqlite").close()
    path = write(tmp_path / "a.txt", "A\nbody\n")

    with Project.open(tmp_path / "p.sqlite", readonly=True) as readonly:
        report = import_articles(readonly, [path])

    assert report.failed == [(str(path), "this project is open read-only")]
