"""Reading articles in each format, checked by what ends up in a real project file."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from annotator.importers.article import Article
from annotator.importers.batch import import_articles
from annotator.importers.dates import iso_date
from annotator.importers.read import read_article
from annotator.project import Project
from annotator.text import text_sha256


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    with Project.open(tmp_path / "p.sqlite") as p:
        yield p


def write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def import_one(project: Project, path: Path) -> str:
    """Import one file, insist it went in, and return the stored document's id."""
    report = import_articles(project, [path])
    assert report.failed == [] and report.skipped == [], report
    assert [name for name, _ in report.imported] == [str(path)]
    return report.imported[0][1]


def stored(project_path: Path, document_id: str) -> Any:
    """The document as a fresh connection to the project file sees it."""
    with Project.open(project_path) as p:
        return p.document(document_id)


# -- plain text ------------------------------------------------------------------------------------

# Characters every annotation tool has broken offsets on; all must come back exactly.
TRICKY = (
    "Tabs\tand\u00a0NBSP and narrow\u202fNBSP « ok »\n"
    "Family 👩\u200d👩\u200d👧 and flag 🇪🇪 and skin 👍🏽\n"
    "Combining: e\u0301 (two code points) vs \u00e9 (one), and A\u030a\n"
    "Hebrew: \u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd\u200f! Arabic: \u0645\u0631\u062d\u0628\u0627 "
    "\u0628\u0627\u0644\u0639\u0627\u0644\u0645\n"
    "Persian ZWNJ: \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645; soft\u00adhyphen; zero\u200bwidth\n"
    "  leading spaces and trailing spaces  \n"
)


def test_txt_utf8_tricky_characters_are_stored_exactly(project: Project, tmp_path: Path) -> None:
    raw = ("Headline with émoji 😀\n" + TRICKY).encode("utf-8")
    path = write(tmp_path / "in" / "tricky.txt", raw)

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == raw.decode("utf-8")
    assert doc.sha256 == text_sha256(doc.text)
    assert doc.title == "Headline with émoji 😀"
    assert doc.original_filename == "tricky.txt"
    assert doc.original_sha256 == hashlib.sha256(raw).hexdigest()
    # Offsets are code points: the family emoji is five of them.
    start = doc.text.index("👩")
    assert doc.text[start : start + 5] == "👩\u200d👩\u200d👧"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (b"Title\r\nLine two\r\n\r\nLine\tfour\r\n", "Title\nLine two\n\nLine\tfour\n"),
        (b"Title\rLine two\r\rLine\tfour\r", "Title\nLine two\n\nLine\tfour\n"),
        (b"Title\r\nmixed\rendings\nhere", "Title\nmixed\nendings\nhere"),
        (b"\xef\xbb\xbfTitle with BOM\r\nbody \xc2\xa0 text\n", "Title with BOM\nbody \u00a0 text\n"),
    ],
    ids=["crlf", "cr-only", "mixed", "bom-crlf"],
)
def test_txt_line_endings_and_bom_are_normalised_once(
    project: Project, tmp_path: Path, raw: bytes, expected: str
) -> None:
    path = write(tmp_path / "ending.txt", raw)

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == expected
    assert "\r" not in doc.text and "\ufeff" not in doc.text
    assert doc.original_sha256 == hashlib.sha256(raw).hexdigest()  # provenance is the raw bytes


def test_txt_utf16_with_bom(project: Project, tmp_path: Path) -> None:
    text = "Заголовок\r\nTexte accentué 😀\r\n"
    path = write(tmp_path / "notepad.txt", text.encode("utf-16"))

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == "Заголовок\nTexte accentué 😀\n"


# Short samples are the hard case for detection; longer ones are what researchers usually have.
LEGACY = [
    ("cp1251", "Привет, мир — новости", "cp1251"),
    ("cp1252", "“Quoted” café – €5", "cp1252"),
    ("latin-1", "naïve façade", "latin-1"),
    ("latin-1", "Der Bürgermeister von Köln erklärte, die Straßenbahn solle häufiger fahren.", "latin-1"),
    ("cp1252", "Le président a déclaré « coûte que coûte » — “C'est fini”, a dit la CGT.", "cp1252"),
    ("cp1251", "Съешь же ещё этих мягких французских булок, да выпей чаю.", "cp1251"),
    ("cp1251", "Київ — столиця України, її історія сягає понад тисячу років.", "cp1251"),
    ("cp1251", "«Нет», — сказал он. Ёлка и ёж.", "cp1251"),
    ("cp1252", "¿Qué pasó? Señor Muñoz dijo: «¡Ya está!» — 1½ horas, nº 5.", "cp1252"),
]


@pytest.mark.parametrize(("encoding", "sentence", "label"), LEGACY, ids=[s[:24] for _, s, _ in LEGACY])
def test_txt_legacy_encodings_are_detected(
    project: Project, tmp_path: Path, encoding: str, sentence: str, label: str
) -> None:
    body = f"{sentence}\r\n\r\n{sentence}\r\n"
    raw = body.encode(encoding)
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the sample really is not UTF-8
    path = write(tmp_path / "legacy.txt", raw)

    article = read_article(path)
    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == f"{sentence}\n\n{sentence}\n"
    assert doc.title == sentence
    assert article.encoding == label


def test_txt_cp1250_is_recognised_by_charset_normalizer_when_it_is_sure(tmp_path: Path) -> None:
    sentence = (
        "Prezydent oświadczył w czwartek, że reforma emerytalna zostanie przyjęta mimo sprzeciwu "
        "związków zawodowych. Manifestacje trwają w Warszawie, gdzie tysiące ludzi przeszły ulicami."
    )
    path = write(tmp_path / "polish.txt", sentence.encode("cp1250"))

    article = read_article(path)

    assert article.text == sentence
    assert article.encoding == "cp1250"


def test_real_cp1252_sample_document(project: Project, tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[3] / "sample_docs" / "05-election-poll.txt"
    raw = source.read_bytes()

    doc = stored(tmp_path / "p.sqlite", import_one(project, source))

    assert doc.text == raw.decode("cp1252").replace("\r\n", "\n")
    assert "MARENHOLT, April 2 —" in doc.text and "\u00a0" in doc.text
    assert doc.title == "Poll: Renewal Party edges ahead six weeks before general election"
    assert doc.author == "Liesl Marbeck"
    assert doc.published == "2026-04-02"


def test_txt_scraped_metadata_is_read_and_nothing_is_removed(project: Project, tmp_path: Path) -> None:
    text = (
        "https://news.example.com/2026/03/14/dockworkers\n"
        "\n"
        "Dockworkers walk out as pay talks collapse\n"
        "By Anneli Varsk, Staff Reporter\n"
        "Published: 2026-03-14 08:12 | Updated: 2026-03-15 17:45\n"
        "Source: The Quellport Courier\n"
        "https://cdn.example.com/img/cranes.jpg\n"
        "\n"
        "More than 2,300 dockworkers walked off the job on Friday.\n"
        "By Monday, the union said, the harbour would be empty.\n"
    )
    path = write(tmp_path / "scraped.txt", text.encode("utf-8"))

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == text
    assert doc.title == "Dockworkers walk out as pay talks collapse"
    assert doc.author == "Anneli Varsk"
    assert doc.url == "https://news.example.com/2026/03/14/dockworkers"
    assert doc.published == "2026-03-14"
    assert doc.source == "The Quellport Courier"


@pytest.mark.parametrize(
    ("line", "author"),
    [
        ("By Jane Doe", "Jane Doe"),
        ("BY JANE DOE", "JANE DOE"),
        ("By Jane Doe and John Roe, CNN", "Jane Doe and John Roe"),
        ("By Jane Doe, John Roe and Ann Lee", "Jane Doe, John Roe and Ann Lee"),
        ("By Theresa May", "Theresa May"),
        ("By the end of the week nothing had changed.", ""),
        ("By Monday, the union had agreed.", ""),
    ],
)
def test_byline(tmp_path: Path, line: str, author: str) -> None:
    path = write(tmp_path / "byline.txt", f"A headline\n{line}\nThe body.\n".encode())
    assert read_article(path).author == author


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-03-14T08:12:00+01:00", "2026-03-14"),
        ("14 March 2026", "2026-03-14"),
        ("March 14, 2026, 8:12 AM", "2026-03-14"),
        ("Sat 14th Mar. 2026", "2026-03-14"),
        ("14.03.2026", "2026-03-14"),
        ("14/03/2026", "2026-03-14"),
        ("03/14/2026", "2026-03-14"),
        ("03/04/2026", ""),  # day and month cannot be told apart
        ("2026-02-30", ""),
        ("yesterday", ""),
    ],
)
def test_iso_date(value: str, expected: str) -> None:
    assert iso_date(value) == expected


def test_a_first_line_that_is_a_paragraph_is_no_title(tmp_path: Path) -> None:
    long_line = "word " * 100
    path = write(tmp_path / "long.txt", f"\n\n   {long_line}\nbody\n".encode())

    article = read_article(path)

    assert article.title == "long"  # no headline: the file's name, not 300 characters of paragraph
    assert article.text == f"\n\n   {long_line}\nbody\n"


def test_txt_of_metadata_lines_only_is_titled_by_its_file(tmp_path: Path) -> None:
    path = write(tmp_path / "2026-03-14-notes.txt", b"https://example.com/a\n2026-03-14\n")

    article = read_article(path)

    assert article.title == "2026-03-14-notes"
    assert (article.url, article.published) == ("https://example.com/a", "2026-03-14")


# -- Markdown ------------------------------------------------------------------------------------------


def test_md_heading_is_the_title_and_the_text_keeps_its_markup(project: Project, tmp_path: Path) -> None:
    text = "# Flood warning for the *Lower Varnet*\n\nBy Katrin Olvesse\n\n## Background\n\nRiver rises.\r\n"
    path = write(tmp_path / "flood.md", text.encode("utf-8"))

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.title == "Flood warning for the *Lower Varnet*"
    assert doc.author == "Katrin Olvesse"
    assert doc.text == text.replace("\r\n", "\n")


def test_md_front_matter_is_read(tmp_path: Path) -> None:
    text = (
        "---\n"
        'title: "Budget passes"\n'
        "author: Jonas Feldmark\n"
        "date: 2026-03-18T06:00:00Z\n"
        "publisher: Ardel Times\n"
        "url: https://times.example.com/budget\n"
        "lang: de\n"
        "---\n"
        "# A heading that is not the title\n\nText.\n"
    )
    article = read_article(write(tmp_path / "budget.md", text.encode()))

    assert article == Article(
        text=text,
        title="Budget passes",
        author="Jonas Feldmark",
        published="2026-03-18",
        source="Ardel Times",
        url="https://times.example.com/budget",
        language="de",
        original_filename="budget.md",
        original_sha256=hashlib.sha256(text.encode()).hexdigest(),
        encoding="utf-8",
    )


# -- HTML ----------------------------------------------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<title>Harbour strike ends | The Quellport Courier</title>
<meta property="og:title" content="Harbour strike ends after eleven weeks">
<meta property="og:site_name" content="The Quellport Courier">
<meta property="og:url" content="https://courier.example.com/2026/03/20/harbour-strike-ends">
<meta property="article:published_time" content="2026-03-20T09:30:00+01:00">
<meta name="author" content="Anneli Varsk">
<link rel="canonical" href="https://courier.example.com/2026/03/20/harbour-strike-ends">
<link rel="stylesheet" href="http://cdn.example.com/site.css">
<script src="http://cdn.example.com/tracker.js"></script>
<script>document.write("INJECTED SCRIPT TEXT"); fetch("http://tracker.example.com/pixel");</script>
<style>body { background: url(http://cdn.example.com/bg.png); }</style>
</head>
<body>
<nav><a href="/">Home</a> | <a href="/economy">Economy</a></nav>
<article>
<h1>Harbour strike ends after eleven weeks</h1>
<img src="http://images.example.com/harbour.jpg" alt="Cranes at the harbour">
<p>Dockworkers at Quellport voted on Thursday to accept a new pay offer, ending a strike that had
halted container traffic for eleven weeks. “We got most of what we asked for,” said union leader
Marta Ilves.</p>
<p>The port authority said ships would begin unloading on Friday morning. Unemployment in the region
rose to 7.4&nbsp;percent during the dispute, according to official figures.</p>
<p>Café owners near the docks — many of whom lost half their trade — welcomed the deal with
👩&zwj;👩&#x200D;👧 emoji, a decomposed e&#x301;, Hebrew \u05e9\u05dc\u05d5\u05dd&rlm; and a
price of 12\u202f€.</p>
</article>
<footer>© 2024 The Quellport Courier. Reader comments are closed.</footer>
</body>
</html>
"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a connection is recorded and fails."""
    attempts: list[object] = []

    def refuse(self: socket.socket, address: object) -> None:
        attempts.append(address)
        raise OSError("network access in a test")

    def refuse_lookup(*args: object, **kwargs: object) -> list[Any]:
        attempts.append(args)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse_lookup)
    monkeypatch.setattr(socket, "create_connection", refuse_lookup)
    return attempts


def test_html_article_and_metadata_without_any_network(
    project: Project, tmp_path: Path, no_network: list[object]
) -> None:
    path = write(tmp_path / "courier.html", PAGE.encode("utf-8"))

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert no_network == []
    assert doc.title == "Harbour strike ends after eleven weeks"
    assert doc.source == "The Quellport Courier"
    assert doc.author == "Anneli Varsk"
    assert doc.url == "https://courier.example.com/2026/03/20/harbour-strike-ends"
    assert doc.published == "2026-03-20"
    assert doc.language == "en-GB"
    assert doc.original_sha256 == hashlib.sha256(PAGE.encode()).hexdigest()
    assert "Dockworkers at Quellport voted on Thursday" in doc.text
    assert "“We got most of what we asked for,” said union leader Marta Ilves." in doc.text
    for chrome in ("INJECTED", "tracker", "Home", "Reader comments", "background"):
        assert chrome not in doc.text
    # What trafilatura would drop or fold comes through as the page has it.
    assert "7.4\u00a0percent" in doc.text
    assert "👩\u200d👩\u200d👧" in doc.text
    assert "e\u0301" in doc.text
    assert "\u05e9\u05dc\u05d5\u05dd\u200f" in doc.text
    assert "12\u202f€" in doc.text
    assert "\n\n" not in doc.text and "\r" not in doc.text


def test_html_published_date_comes_only_from_markup(tmp_path: Path) -> None:
    body = "<p>" + "The committee met on 12 May 2021 and again later in the year to review it. " * 4 + "</p>"
    page = f"<html><head><title>Review</title></head><body><article>{body}</article>"
    page += "<footer>© 2024 Example</footer></body></html>"

    article = read_article(write(tmp_path / "undated.html", page.encode()))

    assert article.published == ""  # neither the 2021 in the text nor the © 2024 is a publication date
    assert article.title == "Review"


def test_html_meta_tags_are_fallbacks(tmp_path: Path) -> None:
    body = "<p>" + "Officials confirmed the new timetable for the coastal ferry services. " * 4 + "</p>"
    page = (
        '<html><head><meta property="og:title" content="Ferry timetable confirmed">'
        '<meta property="og:site_name" content="Coast News">'
        '<meta name="dc.language" content="fr_FR">'
        f"</head><body><div>{body}</div></body></html>"
    )

    article = read_article(write(tmp_path / "ferry.htm", page.encode()))

    assert article.title == "Ferry timetable confirmed"
    assert article.source == "Coast News"
    assert article.language == "fr-FR"
    assert article.text.startswith("Officials confirmed the new timetable")


def test_html_declared_legacy_charset(tmp_path: Path) -> None:
    body = "<p>" + "Le président a déclaré « coûte que coûte » — “c'est fini”. " * 4 + "</p>"
    page = (
        '<html><head><meta charset="windows-1252"><title>Réforme</title></head>'
        f"<body><article>{body}</article></body></html>"
    )

    article = read_article(write(tmp_path / "fr.html", page.encode("cp1252")))

    assert "Le président a déclaré « coûte que coûte » — “c'est fini”." in article.text
    assert article.title == "Réforme"


def test_html_undeclared_cp1251(tmp_path: Path) -> None:
    body = "<p>" + "Президент заявил в четверг, что пенсионная реформа будет принята. " * 4 + "</p>"
    page = f"<html><head><title>Реформа</title></head><body><article>{body}</article></body></html>"

    article = read_article(write(tmp_path / "ru.html", page.encode("cp1251")))

    assert "Президент заявил в четверг" in article.text
    assert article.title == "Реформа"


# -- Word ----------------------------------------------------------------------------------------------


def make_docx(path: Path, paragraphs: list[str], *, title: str = "", author: str = "") -> Path:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    document.core_properties.title = title
    document.core_properties.author = author
    document.save(str(path))
    return path


def test_docx_paragraphs_title_and_author(project: Project, tmp_path: Path) -> None:
    paragraphs = [
        "Rail line opens two years late",
        "",
        "The new line\tcost €310\u00a0million more than planned 👩\u200d👩\u200d👧.",
        "Hebrew \u05e9\u05dc\u05d5\u05dd\u200f and e\u0301.",
    ]
    path = make_docx(tmp_path / "rail.docx", paragraphs, title="Rail line opens late", author="Pieter Anslo")

    doc = stored(tmp_path / "p.sqlite", import_one(project, path))

    assert doc.text == "\n".join(paragraphs)
    assert doc.title == "Rail line opens late"
    assert doc.author == "Pieter Anslo"
    assert doc.original_filename == "rail.docx"
    assert doc.original_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()


def test_docx_without_title_uses_the_first_paragraph(tmp_path: Path) -> None:
    path = make_docx(tmp_path / "untitled.docx", ["", "  First real paragraph  ", "Second."])

    article = read_article(path)

    assert article.title == "First real paragraph"
    assert article.author == ""  # python-docx's template author is not the article's
    assert article.text == "\n  First real paragraph  \nSecond."
