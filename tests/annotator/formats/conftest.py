"""Fixtures for the exchange-format tests: the interop files, and a project coded on hard text."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from annotator.codebook import codebook_from_dict, codebook_to_dict, default_codebook
from annotator.domain import Codebook
from annotator.importers.read import read_article
from annotator.project import Project
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT, find

DATA = Path(__file__).parent / "data"

# A second article: blank lines, a whitespace-only line, trailing spaces, a tab and an emoji at the
# start of a line, characters WebAnno TSV reserves (\ _ | [ ] * -> ;), and no final newline.
EXTRA_TEXT = (
    "Second article\n"
    "\n"
    "Costs: 3.4 % \\ rose_by [x|y] *more* -> a;b  \n"
    "   \n"
    "\t😀 starts a line; ends it 😀\n"
    "\n\n"
    "Last line without newline"
)


def exchange_codebook() -> Codebook:
    """The default codebook plus a number attribute, so every attribute type travels.

    A new version of it: a project refuses other content under a version it already holds.
    """
    data = codebook_to_dict(default_codebook())
    data["version"] = "1.0-exchange"
    for category in data["categories"]:
        if category["id"] == "statistic":
            category["attributes"].append({"id": "value", "label": "Value", "type": "number"})
    return codebook_from_dict(data)


@pytest.fixture(scope="session")
def empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty-template") / "empty.sqlite"
    new_project(path).close()
    return path


@pytest.fixture
def project(tmp_path: Path, empty_template: Path) -> Iterator[Project]:
    """An empty project with the test codebook (a copy of one made once)."""
    copy = tmp_path / "empty.sqlite"
    shutil.copyfile(empty_template, copy)
    p = Project.open(copy)
    yield p
    p.close()


def new_project(path: Path) -> Project:
    p = Project.open(path)
    p.set_codebook(codebook=exchange_codebook())
    return p


# (needle, category, coder, attributes, note)
HARD_SPANS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("👍", "opinion", "Ada", {"holder": "Ana\u00a0Kovač", "polarity": "positive"}, "emoji"),
    (
        "👩\u200d👩\u200d👧 posts",
        "quote",
        "Ada",
        {"speaker": "the family", "speaker_role": "citizen"},
        "ZWJ\nsequence",
    ),
    ("café vs cafe\u0301", "claim", "Bo Ng", {"hedged": False}, ""),
    ("(Arabic, right-to-left)\nЛозунг: «Порт", "claim", "Ada", {"hedged": True}, "across a line"),
    ("«Порт — это мы!»", "quote", "Bo Ng", {"speaker_role": "citizen"}, ""),  # overlaps the previous
    ("شعار: ميزانية للجميع", "opinion", "Bo Ng", {"polarity": "mixed"}, "right-to-left"),
    ("12\u00a0km", "statistic", "Bo Ng", {"value": 12}, "a|b_[c]*d->e;f\\g"),
    ("12\u00a0km away", "statistic", "Ada", {"value": 12.5, "source": "wire"}, ""),  # nests around it
    ("12\u00a0km", "statistic", "Ada", {}, ""),  # the same span by another coder
    ("Zero\u200bwidth", "claim", "Ada", {"attributed_to": "nobody in particular"}, ""),
]
EXTRA_SPANS: list[tuple[str, str, str, dict[str, Any], str]] = [
    ("3.4 % \\ rose_by [x|y] *more* -> a;b", "statistic", "Ada", {}, "reserved characters"),
    ("😀 starts a line; ends it 😀", "quote", "Bo Ng", {"speaker": "x"}, ""),
    ("ends it 😀\n\n\nLast line", "opinion", "Ada", {}, ""),
    ("newline", "claim", "Bo Ng", {}, ""),
]


@pytest.fixture(scope="session")
def coded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The coded project, built once; each test gets a copy of the file (building it is the slow part)."""
    folder = tmp_path_factory.mktemp("coded-template")
    build_coded(folder).close()
    return folder / "coded.sqlite"


@pytest.fixture
def coded(tmp_path: Path, coded_template: Path) -> Iterator[Project]:
    """Two documents, two coders, overlapping and nested spans; the hard text came in with CRLF."""
    copy = tmp_path / "coded.sqlite"
    shutil.copyfile(coded_template, copy)
    p = Project.open(copy)
    yield p
    p.close()


def build_coded(tmp_path: Path) -> Project:
    """The project behind the ``coded`` fixture, in ``tmp_path``."""
    source = tmp_path / "hard-crlf.txt"
    source.write_bytes(HARD_CRLF_BYTES)
    article = read_article(source)
    assert article.text == HARD_TEXT
    p = new_project(tmp_path / "coded.sqlite")
    hard = p.add_document(
        text=article.text,
        title="Hard text",
        source="Test Wire",
        author="A. Writer",
        url="https://example.org/hard",
        published="2026-03-14",
        language="mul",
    ).document
    extra = p.add_document(text=EXTRA_TEXT, title="Second article").document
    coders = {name: p.ensure_annotator(name=name).id for name in ("Ada", "Bo Ng")}
    for doc, text, spans in ((hard, HARD_TEXT, HARD_SPANS), (extra, EXTRA_TEXT, EXTRA_SPANS)):
        for needle, category, who, attributes, note in spans:
            start, end = find(text, needle)
            p.add_annotation(
                document_id=doc.id,
                start=start,
                end=end,
                category=category,
                annotator_id=coders[who],
                attributes=attributes,
                note=note,
            )
    return p


def snapshot(project: Project) -> list[dict[str, Any]]:
    """Every annotation as comparable plain data (document by text, coder by name)."""
    names = {a.id: a.name for a in project.annotators()}
    texts = {d.id: project.document(d.id).text for d in project.documents()}
    rows = [
        {
            "text": texts[a.document_id],
            "start": a.start,
            "end": a.end,
            "quote": a.quote,
            "category": a.category,
            "annotator": names[a.annotator_id],
            "note": a.note,
            "attributes": a.attributes,
            "created": a.created,
            "modified": a.modified,
        }
        for a in project.annotations()
    ]
    return sorted(rows, key=lambda r: (r["text"], r["start"], r["end"], r["category"], r["annotator"]))


def quotes_match(project: Project) -> None:
    """The store's own invariant, re-checked character by character after an import."""
    for info in project.documents():
        text = project.document(info.id).text
        for a in project.annotations(document_id=info.id):
            assert text[a.start : a.end] == a.quote
