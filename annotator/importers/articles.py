"""Read news articles from files and import them into a project.

Supported inputs
----------------
``.txt`` / ``.md``
    Decoded as UTF-8 (with or without a BOM; UTF-16 with a BOM too). Legacy files are recognised:
    cp1252 and latin-1 (Western), cp1251 (Cyrillic), and, when charset-normalizer is confident
    *and* its guess agrees with the language it detects, the other Windows code pages and the
    common CJK encodings. The text is kept exactly as written: only a BOM is dropped and CRLF / CR
    become LF (:func:`annotator.text.normalize_text`). Scraped metadata lines near the top (a URL
    line, a ``By NAME`` byline, ``Published: ...`` / ``Date: ...``, a bare ISO date, Markdown
    front matter) are *read*, never removed. The title is the first non-empty line that is not
    such a metadata line (for Markdown, a leading ``# `` heading).
``.html`` / ``.htm``
    The article text, title, author, date, site name and URL are extracted with trafilatura from
    the saved page (no network access: the page is parsed from the file, images and scripts are
    never fetched), with ``<meta>`` tags as fallbacks. Characters trafilatura would otherwise drop
    or fold (NBSP and other non-collapsing spaces, zero-width joiners and other format characters
    such as bidi marks, decomposed combining marks) come through as they are in the page. Only
    dates stated in the page's markup are used, never a year guessed from its body text.
``.docx``
    Paragraphs joined by ``\\n``; title and author from the document properties, else the first
    non-empty paragraph.

A file that cannot be imported raises :class:`~annotator.errors.ImportRefused` with a one-line
reason naming the file (binary or undecodable content, a control character other than tab and line
feed in the text, empty, too big, unsupported type, damaged .docx, unreadable); nothing of it is
stored.

Batches
-------
:func:`import_articles` takes files and folders (searched recursively, in sorted order, hidden
files and folders skipped). Each file is its own transaction: every good file goes in, every bad
file is reported with its reason and the rest carry on. A text already in the project is skipped
("already in the project"), an explicitly named file of an unsupported type is skipped, files that
cannot be read are *failed*. ``annotator import`` exits non-zero when any file failed. ``.json``
files are datasets and go to :func:`annotator.dataset.import_dataset`.
"""

from __future__ import annotations

import codecs
import dataclasses
import functools
import html as html_lib
import io
import json
import os
import re
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from annotator.errors import AnnotatorError, ImportRefused
from annotator.text import bytes_sha256, control_character_problem, normalize_text

if TYPE_CHECKING:
    from annotator.project import AddedDocument, Project

__all__ = [
    "DATASET_SUFFIX",
    "DEFAULT_MAX_BYTES",
    "SUPPORTED_SUFFIXES",
    "Article",
    "ImportReport",
    "import_articles",
    "iter_input_files",
    "read_article",
]

SUPPORTED_SUFFIXES: Final = (".txt", ".md", ".html", ".htm", ".docx")
"""Suffixes (lower case) :func:`read_article` reads."""

DATASET_SUFFIX: Final = ".json"
"""Datasets: yielded by :func:`iter_input_files`, imported by :mod:`annotator.dataset`."""

DEFAULT_MAX_BYTES: Final = 50_000_000
MAX_TITLE_CHARS: Final = 300
# Metadata is looked for in this many lines from the top of a plain-text article.
_HEADER_LINES: Final = 30
# A line longer than this is a paragraph of the article, not a header line.
_PARAGRAPH_CHARS: Final = 160
NOT_PROCESSED: Final = "not processed: the import was cancelled"


@dataclass(frozen=True, slots=True)
class Article:
    """One article read from a file, its text normalised and ready for :meth:`Project.add_document`."""

    text: str
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    """ISO date ``YYYY-MM-DD``, or ``""`` when the file does not state one."""
    language: str = ""
    original_filename: str = ""
    original_sha256: str = ""
    """SHA-256 of the file's raw bytes (provenance; the text has its own hash in the project)."""
    encoding: str = ""
    """How the bytes were decoded (``utf-8``, ``cp1252``, ...; ``""`` for .docx)."""


# -- reading one file ---------------------------------------------------------------------------------


def read_article(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Article:
    """Read one article file (.txt, .md, .html, .htm, .docx).

    Raises :class:`ImportRefused` (and nothing else) for anything wrong with the file: its message
    is one line that names the file.
    """
    path = Path(path)
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportRefused(f"{name}: {_unsupported(suffix)}")
    data = _read_bytes(path, name, max_bytes)
    if not data:
        raise ImportRefused(f"{name}: the file is empty")
    if not data.strip():
        raise ImportRefused(f"{name}: the file has no text (only whitespace)")
    try:
        if suffix in (".txt", ".md"):
            article = _read_plain(data, name, markdown=suffix == ".md")
        elif suffix in (".html", ".htm"):
            article = _read_html(data, name)
        else:
            article = _read_docx(data, name, max_bytes)
    except ImportRefused:
        raise
    except Exception as exc:  # third-party parsers raise anything on bad input; the user gets one line
        raise ImportRefused(f"{name}: could not read it ({_one_line(exc)})") from exc
    if not article.text.strip():
        raise ImportRefused(f"{name}: the file has no text (only whitespace)")
    # after the reader normalised line endings: a CR is no longer there to be refused
    problem = control_character_problem(article.text)
    if problem is not None:
        raise ImportRefused(f"{name}: the text {problem}")
    return dataclasses.replace(
        article,
        title=_clip_title(article.title) or _clip_title(path.stem),
        original_filename=name,
        original_sha256=bytes_sha256(data),
    )


def _unsupported(suffix: str) -> str:
    what = f"'{suffix}'" if suffix else "without a suffix"
    return f"unsupported file type {what} (supported: {', '.join(SUPPORTED_SUFFIXES)}, and .json datasets)"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 200:
        text = text[:199] + "…"
    return text if text.startswith(type(exc).__name__) else f"{type(exc).__name__}: {text}"


def _human_size(n: int) -> str:
    if n < 1000:
        return f"{n} bytes"
    size, unit = n / 1000, "KB"
    for bigger in ("MB", "GB"):
        if size < 1000:
            break
        size, unit = size / 1000, bigger
    return f"{size:.1f} {unit}"


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise ImportRefused(f"{name}: is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRefused(
                f"{name}: too big ({_human_size(size)}; the limit is {_human_size(max_bytes)})"
            )
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or _one_line(exc)
        raise ImportRefused(f"{name}: cannot read it ({reason})") from exc
    if len(data) > max_bytes:  # grew while we looked, or a special file reporting no size
        raise ImportRefused(f"{name}: too big (more than {_human_size(max_bytes)})")
    return data


def _clip_title(title: str) -> str:
    """One line of at most :data:`MAX_TITLE_CHARS`, cut at a word with an ellipsis when longer."""
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space > MAX_TITLE_CHARS * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"


# -- decoding --------------------------------------------------------------------------------------------

# Statistics about a file's bytes are taken from its beginning.
_SAMPLE_BYTES: Final = 2_000_000
# C0 and C1 control characters other than tab, LF, VT, FF, CR: a text file has few or none.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")
# A word: ASCII letters and the bytes where single-byte code pages keep their letters.
_BYTE_WORD = re.compile(rb"[A-Za-z\x80-\xff]+")
# cp1251 puts Cyrillic letters at 0xC0-0xFF, plus Ёё Ђђ Ѓѓ Єє Іі Її Јј Љљ Њњ Ћћ Ќќ Ўў Џџ Ґґ below.
_CP1251_LETTERS = frozenset(range(0xC0, 0x100)) | frozenset(
    b"\x80\x81\x83\x8a\x8c\x8d\x8e\x8f\x90\x9a\x9c\x9d\x9e\x9f\xa1\xa2\xa3\xa5\xa8\xaa\xaf\xb2\xb3\xb4\xb8\xba\xbc\xbe\xbf"
)
# Signs that a cp1252 reading is wrong: a Latin-1 symbol between two letters ("Za¿ó³æ"), or three
# accented letters in a row ("Ïðèâåò"); Western European prose has neither.
_ODD_IN_WESTERN = re.compile(
    r"[A-Za-z\u00c0-\u00ff][\u00a1-\u00a9\u00ab-\u00b6\u00b8-\u00b9\u00bb-\u00bf\u00d7\u00f7][A-Za-z\u00c0-\u00ff]"
    r"|[\u00c0-\u00ff]{3}"
)
# Whatever Cyrillic code page charset-normalizer names (it often says mac_cyrillic or kz1048 for
# cp1251), the choice is made here between the two that news text really comes in.
_CYRILLIC_GUESSES: Final = (
    "cp1251",
    "koi8_r",
    "koi8_u",
    "iso8859_5",
    "mac_cyrillic",
    "cp866",
    "cp1125",
    "kz1048",
    "ptcp154",
)
_CYRILLIC_LANGUAGES: Final = ("Russian", "Ukrainian", "Bulgarian", "Serbian", "Kazakh")
# charset-normalizer guesses we believe, and the languages each is used for. A guess is taken only
# when the language it detects fits the encoding (on short Western text it picks exotic code pages
# such as cp1006 "Farsi" or cp775 "Dutch" with total confidence).
_CN_TRUSTED: Final[dict[str, frozenset[str]]] = {
    enc: frozenset(langs)
    for encs, langs in (
        (_CYRILLIC_GUESSES, _CYRILLIC_LANGUAGES),
        (
            ("cp1250", "iso8859_2"),
            ("Polish", "Czech", "Slovak", "Hungarian", "Slovene", "Croatian", "Romanian", "Serbian"),
        ),
        (("cp1253", "iso8859_7"), ("Greek",)),
        (("cp1254", "iso8859_9"), ("Turkish",)),
        (("cp1255", "iso8859_8"), ("Hebrew",)),
        (("cp1256", "iso8859_6"), ("Arabic", "Farsi")),
        (("cp1257", "iso8859_13", "iso8859_4"), ("Lithuanian", "Latvian", "Estonian")),
        (("cp1258",), ("Vietnamese",)),
        (("shift_jis", "cp932", "euc_jp", "iso2022_jp"), ("Japanese", "Japanese—", "Japanese——")),
        (("gb2312", "gbk", "gb18030", "big5", "big5hkscs", "cp950"), ("Chinese",)),
        (("euc_kr", "cp949", "johab"), ("Korean",)),
        (("tis_620", "cp874", "iso8859_11"), ("Thai",)),
    )
    for enc in encs
}


def _decode(data: bytes, name: str) -> tuple[str, str]:
    """Bytes to text: ``(text, encoding)``. Refuses binary and undecodable content."""
    utf16 = data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if utf16 and not data.startswith(codecs.BOM_UTF32_LE):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{name}: binary content, not text (a UTF-16 mark, then no text)") from exc
    elif b"\x00" in data:
        raise ImportRefused(f"{name}: binary content (NUL bytes), not a text file")
    else:
        try:
            text = data.decode("utf-8")
            encoding = "utf-8-sig" if data.startswith(codecs.BOM_UTF8) else "utf-8"
        except UnicodeDecodeError:
            text, encoding = _decode_legacy(data, name)
    controls = len(_CONTROL.findall(text))
    if controls and controls * 100 > len(text):
        raise ImportRefused(f"{name}: binary content ({controls} control characters), not a text file")
    return text, encoding


def _decode_legacy(data: bytes, name: str) -> tuple[str, str]:
    """A file that is not UTF-8: cp1252 / latin-1, cp1251, or a guarded charset-normalizer guess."""
    western: str | None
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:  # 0x81, 0x8D, 0x8F, 0x90, 0x9D are unassigned in cp1252
        western = None
    western_odd = western is None or _ODD_IN_WESTERN.search(western) is not None
    guess = _charset_guess(data) if western_odd else None
    if guess is not None:
        return guess
    if western_odd and _looks_cyrillic(data):
        cyrillic = _decode_cyrillic(data)
        if cyrillic is not None:
            return cyrillic
    if western is not None:
        # latin-1 and cp1252 agree on 0xA0-0xFF; they differ only in 0x80-0x9F, control codes in
        # latin-1 that real text never holds, typographic punctuation in cp1252.
        return western, ("cp1252" if re.search(rb"[\x80-\x9f]", data) else "latin-1")
    raise ImportRefused(
        f"{name}: cannot tell its text encoding (binary content, or not UTF-8, cp1252, cp1251 or latin-1)"
    )


def _count_bytes(data: bytes, low: int, high: int) -> int:
    """How many bytes of ``data`` lie in ``range(low, high)``."""
    return len(data) - len(data.translate(None, bytes(range(low, high))))


def _looks_cyrillic(data: bytes) -> bool:
    """Most words that have non-ASCII bytes are made of them alone: Cyrillic in cp1251.

    Western text has its accented letters inside ASCII words ("café", "façade"); Cyrillic words in
    cp1251 are whole runs of bytes in 0xC0-0xFF ("Привет" is C0 F0 E8 E2 E5 F2).
    """
    words = [w for w in _BYTE_WORD.findall(data[:_SAMPLE_BYTES]) if max(w) >= 0x80]
    if not words:
        return False
    pure = sum(1 for w in words if len(w) >= 2 and all(b in _CP1251_LETTERS for b in w))
    return pure * 5 >= len(words) * 3


def _decode_cyrillic(data: bytes) -> tuple[str, str] | None:
    """cp1251, or KOI8-R when its case pattern fits better (text is mostly lower case: cp1251 keeps
    lower-case letters at 0xE0-0xFF, KOI8-R at 0xC0-0xDF)."""
    lower = _count_bytes(data, 0xE0, 0x100)
    upper = _count_bytes(data, 0xC0, 0xE0)
    for encoding in ("cp1251", "koi8_r") if lower >= upper else ("koi8_r", "cp1251"):
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:  # 0x98 is unassigned in cp1251
            continue
    return None  # pragma: no cover - koi8_r assigns every byte


def _charset_guess(data: bytes) -> tuple[str, str] | None:
    """charset-normalizer's guess, when the language it sees is one that encoding is used for."""
    try:
        import charset_normalizer

        best = charset_normalizer.from_bytes(data).best()
        if best is None:
            return None
        encoding = str(best.encoding)
        languages = _CN_TRUSTED.get(encoding)
        if languages is None or str(best.language) not in languages:
            return None
        if encoding in _CYRILLIC_GUESSES:
            return _decode_cyrillic(data)
        text = data.decode(encoding)
    except Exception:  # a guess, never a reason to fail
        return None
    return text, encoding


# -- plain text and Markdown -------------------------------------------------------------------------

_URL_LINE = re.compile(r"^<?(https?://[^\s<>\"]+)>?$", re.IGNORECASE)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
_BYLINE = re.compile(r"^by(?:line)?[:\s]\s*(?P<name>\S.{0,118})$", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<label>published(?: on| at)?|publication date|first published|date(?: published)?|posted(?: on)?|"
    r"updated(?: on)?|last updated|modified)\b\s*[:\-–—]?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
# A dateline such as "Washington CNN—" or "MARENHOLT, April 2 —": where, not what.
_DATELINE = re.compile(
    r"^\S.{0,60}\s?[—–]$|^[A-Z][A-Z .'’-]{1,40}(?:\s?\([^)]{1,30}\))?(?:,[^,]{1,30})?\s[—–-]$"
)
_BARE_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}(?:[T ][0-9:.,+\-Z]*)?$")
_FIELD_LINE = re.compile(
    r"^(?P<key>author|authors|source|outlet|publisher|url|link|language|lang|tags?|categor(?:y|ies)|section)"
    r"\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_CONNECTORS = _words("and & de del della der den di da do dos du la le van von bin al el ibn y e")
_ROLE_WORDS = _words(
    """reporter reporters editor editors correspondent correspondents staff writer writers contributor
    contributors columnist desk bureau chief senior special political analyst producer news team agency
    agencies wire wires service photographer photos video"""
)
_NOT_NAMES = _words(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tomorrow january february
    march april june july august september october november december this that these"""
)


def _is_name_word(word: str) -> bool:
    if word.lower() in _NAME_CONNECTORS or word.lower().split("-")[0] in _NAME_CONNECTORS:  # "al-Sayed"
        return True
    return word[0].isupper() and word[0].isalpha()


def _author_from_byline(rest: str) -> str:
    """The person (or people) in a byline, without roles and outlets; ``""`` if it is no byline."""
    rest = re.split(r"\s+[|•·]\s+|\s+[–—-]\s+", rest.strip(), maxsplit=1)[0]
    names: list[str] = []
    for i, segment in enumerate(s.strip() for s in rest.split(",")):
        words = segment.split()
        if not words or len(words) > 8 or not all(_is_name_word(w) for w in words):
            return ""
        if i == 0 and words[0].lower().strip(".,") in _NOT_NAMES:  # "By Monday, the union ..."
            return ""
        is_role = any(w.lower().strip(".") in _ROLE_WORDS for w in words) or (
            len(words) == 1 and segment.upper() == segment
        )
        if i == 0:
            if is_role and len(words) > 1:
                return ""
            names.append(segment)
        elif not is_role and len(words) >= 2:
            names.append(segment)
    return ", ".join(names)


_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})(?P<mon>\d{2})(?P<day>\d{2})(?:T|$)"),
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)", re.I
    ),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?!\d)"),
)


def iso_date(value: str) -> str:
    """The first unambiguous calendar date in ``value`` as ``YYYY-MM-DD``, or ``""``.

    Understands ISO dates and datetimes, ``14 March 2026``, ``March 14, 2026``, ``14.03.2026`` and
    ``dd/mm/yyyy`` or ``mm/dd/yyyy`` when one part is over 12; ``03/04/2026`` is left alone.
    """
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(value):
            groups = m.groupdict()
            year = int(groups["year"])
            if "a" in groups:
                a, b = int(groups["a"]), int(groups["b"])
                if a > 12 >= b:
                    day, month = a, b
                elif b > 12 >= a:
                    day, month = b, a
                else:
                    continue
            else:
                day = int(groups["day"])
                month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mon"])
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if 1800 <= found.year <= 2200:
                return found.isoformat()
    return ""


@dataclass
class _Header:
    """Metadata read from the top lines of a plain-text article."""

    title: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    published_bare: str = ""
    source: str = ""
    language: str = ""

    def read_line(self, line: str, *, above_body: bool = True) -> bool:
        """Take what ``line`` says; ``True`` when it is a metadata line (so not the title).

        ``Key: value`` lines count only ``above_body`` (before the first paragraph): below, "Source:
        Ministry of Finance" is a chart caption, not the outlet.
        """
        if m := _URL_LINE.match(line):
            if not self.url and not _IMAGE_URL.search(m.group(1)):
                self.url = m.group(1)
            return True
        if m := _BYLINE.match(line):
            author = _author_from_byline(m.group("name"))
            if author:
                self.author = self.author or author
                return True
            return False
        if m := _DATE_LINE.match(line):
            found = iso_date(m.group("value"))
            label = m.group("label").lower()
            if found and not self.published and not label.startswith(("updated", "last", "modified")):
                self.published = found
            return bool(found) or ":" in line[: m.end("label") + 2]
        if _BARE_DATE.match(line):
            self.published_bare = self.published_bare or iso_date(line)
            return True
        if _DATELINE.match(line):
            return True
        if above_body and (m := _FIELD_LINE.match(line)):
            key, value = m.group("key").lower(), m.group("value").strip()
            if key.startswith("author"):
                self.author = self.author or value
            elif key in ("source", "outlet", "publisher"):
                self.source = self.source or value
            elif key in ("url", "link") and _URL_LINE.match(value):
                self.url = self.url or value.strip("<>")
            elif key in ("language", "lang"):
                self.language = self.language or value
            return True
        return False


_FRONT_MATTER_KEYS = {
    "title": "title",
    "headline": "title",
    "author": "author",
    "authors": "author",
    "byline": "author",
    "date": "published",
    "published": "published",
    "pubdate": "published",
    "publish_date": "published",
    "date_published": "published",
    "source": "source",
    "outlet": "source",
    "publisher": "source",
    "site": "source",
    "sitename": "source",
    "site_name": "source",
    "url": "url",
    "link": "url",
    "canonical": "url",
    "source_url": "url",
    "lang": "language",
    "language": "language",
}


def _front_matter(lines: list[str], header: _Header) -> int:
    """Read a leading ``---`` YAML-ish block of ``key: value`` lines; returns the lines it spans."""
    if not lines or lines[0].strip() != "---":
        return 0
    for end in range(1, min(len(lines), 60)):
        if lines[end].strip() in ("---", "..."):
            break
    else:
        return 0
    for line in lines[1:end]:
        key, sep, value = line.partition(":")
        target = _FRONT_MATTER_KEYS.get(key.strip().lower())
        value = value.strip().strip("\"'").strip()
        if not sep or target is None or not value or getattr(header, target):
            continue
        if target == "published":
            value = iso_date(value)
        setattr(header, target, value)
    return end + 1


def _read_plain(data: bytes, name: str, *, markdown: bool) -> Article:
    raw, encoding = _decode(data, name)
    text = normalize_text(raw)
    lines = text.split("\n")
    header = _Header()
    start = _front_matter(lines, header) if markdown else 0
    first_line = ""
    above_body = True
    for line in lines[start : start + _HEADER_LINES]:
        stripped = line.strip()
        if not stripped:
            continue
        first_line = first_line or stripped
        if markdown and not header.title and re.match(r"^#{1,6}\s", stripped):
            header.title = stripped.lstrip("#").strip().rstrip("#").strip()
            continue
        if not header.read_line(stripped, above_body=above_body) and not header.title:
            header.title = stripped
        above_body = above_body and len(stripped) <= _PARAGRAPH_CHARS
    if not header.title and markdown:
        first_line = first_line.lstrip("#").strip()
    return Article(
        text=text,
        title=header.title or first_line,
        source=header.source,
        author=header.author,
        url=header.url,
        published=header.published or header.published_bare,
        language=header.language,
        encoding=encoding,
    )


# -- HTML --------------------------------------------------------------------------------------------

_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,400}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]{1,40})""", re.IGNORECASE
)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_HEAD_END = re.compile(r"</head\s*>|<body[\s>]", re.IGNORECASE)
_ENTITY = re.compile(
    r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|&nbsp(?![A-Za-z0-9;])"
)
# Candidates for the marker that carries protected characters through trafilatura: letters
# (so they stay inside words), outside every script a news page uses.
_MARKERS = ("\ua66e", "\ua69b", "\u16ef", "\u2d6f", "\ua4fd")


def _decode_html(data: bytes, name: str) -> tuple[str, str]:
    """Bytes of a page to text: BOM, then a declared charset, then UTF-8, then the legacy guess."""
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise ImportRefused(f"{name}: binary content (NUL bytes), not a web page")
    if not data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        m = _META_CHARSET.search(data[:8192])
        if m is not None:
            declared = m.group(1).decode("ascii").lower()
            # As browsers do (WHATWG Encoding): latin-1 and ASCII labels mean windows-1252.
            if declared in ("iso-8859-1", "iso8859-1", "latin1", "latin-1", "us-ascii", "ascii"):
                declared = "cp1252"
            try:
                codec = codecs.lookup(declared).name
                if codec not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):  # such pages come with a BOM
                    text = data.decode(codec)
                    if "\x00" not in text:
                        return text, codec
            except (LookupError, UnicodeDecodeError):
                pass  # a wrong declaration is common; fall back to looking at the bytes
    return _decode(data, name)


class _PageMeta(HTMLParser):
    """``<meta>``, ``<link rel=canonical>``, ``<title>`` and ``<html lang>`` of a page's head."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, str] = {}
        self.canonical = ""
        self.lang = ""
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "").strip() for k, v in attrs}
        if tag == "html":
            self.lang = self.lang or a.get("lang", "") or a.get("xml:lang", "")
        elif tag == "meta":
            key = a.get("property") or a.get("name") or a.get("itemprop") or a.get("http-equiv") or ""
            key = key.lower()
            if key and a.get("content") and key not in self.meta:
                self.meta[key] = a["content"]
        elif tag == "link" and "canonical" in a.get("rel", "").lower().split():
            self.canonical = self.canonical or a.get("href", "")
        elif tag == "title" and not self.title:
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data

    def first(self, *keys: str) -> str:
        return next((self.meta[k] for k in keys if self.meta.get(k)), "")


def _page_meta(page: str) -> _PageMeta:
    m = _HEAD_END.search(page, 0, 4_000_000)
    parser = _PageMeta()
    parser.feed(page[: m.end() if m else 1_000_000])
    parser.close()
    return parser


@functools.cache
def _risky_chars(with_marks: bool) -> re.Pattern[str]:
    """Characters trafilatura drops or folds, which a page shows: format characters (ZWJ, ZWNJ, bidi
    marks, soft hyphens...), spaces other than the ASCII ones HTML collapses, and with ``with_marks``
    every character NFC would change (combining marks, singletons)."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x80, sys.maxunicode + 1):
        ch = chr(cp)
        cat = unicodedata.category(ch)
        risky = (
            cat == "Cf"
            or cat == "Zs"
            or (with_marks and (cat[0] == "M" or unicodedata.normalize("NFC", ch) != ch))
        )
        if risky:
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}" for a, b in ranges
    )
    return re.compile(f"[{body}]")


def _protect(page: str) -> tuple[str, Callable[[str], str]]:
    """Swap characters trafilatura would lose for marker words; returns the page and the undo."""
    marker = next((m for m in _MARKERS if m not in page), None)
    if marker is None:
        return page, lambda s: s
    risky = _risky_chars(not unicodedata.is_normalized("NFC", html_lib.unescape(page[:2_000_000])))

    def encode(text: str) -> str:
        return risky.sub(lambda m: f"{marker}{ord(m.group(0)):x}{marker}", text)

    def entity(m: re.Match[str]) -> str:
        value = html_lib.unescape(m.group(0))
        return encode(value) if risky.search(value) else m.group(0)

    protected = encode(_ENTITY.sub(entity, page))
    restore_re = re.compile(f"{marker}([0-9a-f]{{1,6}}){marker}")

    def restore(text: str) -> str:
        return restore_re.sub(lambda m: chr(int(m.group(1), 16)), text).replace(marker, "")

    return protected, restore


def _blank(line: str) -> bool:
    return all(ch.isspace() or unicodedata.category(ch) == "Cf" for ch in line)


def _read_html(data: bytes, name: str) -> Article:
    import trafilatura  # slow to import: only when a page is read

    page, encoding = _decode_html(data, name)
    # lxml refuses text that declares an encoding; the page is text already.
    page = _XML_DECLARATION.sub("", normalize_text(page), count=1)
    protected, restore = _protect(page)
    result = trafilatura.extract(
        protected,
        output_format="json",
        with_metadata=True,
        include_comments=False,  # readers' comments are not the article
        include_tables=True,
        include_images=False,
        # Only dates the page states in its markup; the extensive search takes any date in the body
        # text (a "© 2024" footer becomes 2024-01-01).
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    found: dict[str, Any] = json.loads(result) if result else {}
    text = restore(str(found.get("text") or ""))
    text = "\n".join(line for line in normalize_text(text).split("\n") if not _blank(line))
    if not text.strip():
        raise ImportRefused(f"{name}: no article text found in the page")

    meta = _page_meta(page)

    def got(key: str) -> str:
        value = found.get(key)
        return " ".join(restore(value).split()) if isinstance(value, str) else ""

    author = got("author") or meta.first(
        "author", "article:author", "dc.creator", "parsely-author", "sailthru.author"
    )
    if author.startswith(("http://", "https://")):
        author = ""
    url = got("source") or meta.first("og:url") or meta.canonical
    if not url.startswith(("http://", "https://")):
        url = ""
    published = iso_date(got("date")) or iso_date(
        meta.first(
            "article:published_time",
            "og:article:published_time",
            "datepublished",
            "pubdate",
            "publishdate",
            "publish-date",
            "date",
            "dc.date",
            "dc.date.issued",
            "parsely-pub-date",
            "sailthru.date",
        )
    )
    language = meta.lang or meta.first("og:locale", "content-language", "dc.language", "language")
    return Article(
        text=text,
        title=got("title") or meta.first("og:title", "twitter:title", "dc.title") or meta.title,
        source=got("source-hostname") or meta.first("og:site_name", "application-name"),
        author=author,
        url=url,
        published=published,
        language=language.replace("_", "-").split(",")[0].strip(),
        encoding=encoding,
    )


# -- Word ----------------------------------------------------------------------------------------------

# Encrypted Word files and old .doc files are OLE compound files, not zip archives.
_OLE_SIGNATURE: Final = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Authors that Word and python-docx templates fill in: not the article's author.
_PLACEHOLDER_AUTHORS = frozenset(
    {"python-docx", "microsoft office user", "windows user", "author", "unknown"}
)


# The central directory record of one file in a zip archive.
_ZIP_ENTRY: Final = b"PK\x01\x02"
# A Word document holds a few dozen parts; thousands more are images at most.
_DOCX_MAX_PARTS: Final = 10_000
# python-docx parses every XML part into memory (some 50 bytes of Python objects per byte of XML).
_DOCX_MAX_XML: Final = 64_000_000
# A part this much bigger unpacked than packed is a decompression bomb (Word's XML packs 3-30x).
_DOCX_MAX_RATIO: Final = 200
_DOCX_RATIO_FROM: Final = 1_000_000


def _check_docx_parts(parts: list[zipfile.ZipInfo], name: str) -> None:
    """Refuse archives no word processor writes, from the directory alone (nothing is unpacked).

    The sizes are the ones the archive declares; zipfile never unpacks more than that (a part that
    lies fails its CRC check in ``testzip``), so they bound what python-docx will hold in memory.
    """
    xml = 0
    for info in parts:
        member = info.filename.replace("\\", "/")
        if member.startswith("/") or ".." in member.split("/") or ":" in member.split("/")[0]:
            raise ImportRefused(
                f"{name}: not a valid .docx (it holds a file named {member[:80]!r}, outside the document)"
            )
        packed = max(1, info.compress_size)
        if info.file_size > _DOCX_RATIO_FROM and info.file_size > _DOCX_MAX_RATIO * packed:
            raise ImportRefused(
                f"{name}: refused: the part {member[:80]!r} unpacks from {_human_size(info.compress_size)} "
                f"to {_human_size(info.file_size)} (a decompression bomb)"
            )
        if member.lower().endswith((".xml", ".rels")):
            xml += info.file_size
    if xml > _DOCX_MAX_XML:
        raise ImportRefused(
            f"{name}: its XML unpacks to {_human_size(xml)}, more than {_human_size(_DOCX_MAX_XML)}"
        )


def _read_docx(data: bytes, name: str, max_bytes: int) -> Article:
    import docx

    if data.startswith(_OLE_SIGNATURE):
        raise ImportRefused(
            f"{name}: not a valid .docx (it is password-protected, or an old Word .doc renamed; "
            "save it again as .docx)"
        )
    # Counted before zipfile reads the directory: a million tiny entries cost it gigabytes.
    if data.count(_ZIP_ENTRY) > _DOCX_MAX_PARTS:
        raise ImportRefused(f"{name}: not a valid .docx (more than {_DOCX_MAX_PARTS:,} files inside)")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            _check_docx_parts(archive.infolist(), name)
            unpacked = sum(info.file_size for info in archive.infolist())
            limit = max(8 * max_bytes, 64_000_000)
            if unpacked > limit:
                raise ImportRefused(
                    f"{name}: unpacks to {_human_size(unpacked)}, more than {_human_size(limit)}"
                )
            damaged = archive.testzip()
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"{name}: not a valid .docx (the file is damaged or truncated: {exc})") from exc
    if damaged is not None:
        raise ImportRefused(f"{name}: not a valid .docx (the part {damaged} is damaged)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ImportRefused(f"{name}: not a valid .docx ({_one_line(exc)})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    text = normalize_text("\n".join(paragraphs))
    props = document.core_properties
    author = (props.author or "").strip()
    if author.lower() in _PLACEHOLDER_AUTHORS:
        author = ""
    title = (props.title or "").strip() or next((p.strip() for p in text.split("\n") if p.strip()), "")
    return Article(text=text, title=title, author=author, language=(props.language or "").strip())


# -- batches -------------------------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What a batch import did, file by file (each entry is ``(file, detail)``).

    ``imported`` pairs a file with the new document's id (for a dataset, with its summary);
    ``skipped`` and ``failed`` pair it with the reason. A skipped file is not a problem (a text
    already in the project, a file type that is not imported, a file not reached after a cancel);
    a failed one is, and makes ``annotator import`` exit non-zero.
    """

    imported: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """``True`` when no file failed."""
        return not self.failed

    @property
    def exit_status(self) -> int:
        """``1`` when any file failed, else ``0``."""
        return 1 if self.failed else 0

    def summary(self) -> str:
        text = f"{len(self.imported)} imported, {len(self.skipped)} skipped, {len(self.failed)} failed"
        return text + (" (cancelled)" if self.cancelled else "")


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files a batch import looks at, in order.

    A folder is searched recursively in sorted order, skipping hidden files and folders (and Office
    lock files ``~$...``), for files with a supported suffix or ``.json``. A path named directly is
    always yielded, whatever its suffix (or if it does not exist), so the caller can say why it was
    skipped or failed. A folder that cannot be listed is yielded itself.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, set())
        else:
            yield path


def _walk(folder: Path, seen: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name))
    except OSError:
        yield folder
        return
    from annotator.formats import IMPORT_SUFFIXES  # annotations from other tools (.qdpx, .ann, ...)

    wanted = (*SUPPORTED_SUFFIXES, DATASET_SUFFIX, *IMPORT_SUFFIXES)
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in wanted and entry.is_file():
            yield entry


def store_article(project: Project, article: Article) -> AddedDocument:
    """Add an article's text and metadata to the project (an identical text is not added twice)."""
    return project.add_document(
        text=article.text,
        title=article.title,
        source=article.source,
        author=article.author,
        url=article.url,
        published=article.published,
        language=article.language,
        original_filename=article.original_filename,
        original_sha256=article.original_sha256,
    )


def import_articles(
    project: Project,
    paths: Sequence[Path],
    *,
    on_progress: Callable[[int, int, str], bool] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    label_map: Mapping[str, str] | None = None,
) -> ImportReport:
    """Import files and folders of articles (and datasets) into ``project``.

    Each file is its own transaction: every good file goes in, every bad one is reported in
    ``failed`` with its reason, and the batch carries on. A text already in the project is
    ``skipped`` ("already in the project"), as is a named file of a type that is not imported.

    ``on_progress(done, total, filename)`` is called before each file (``done`` files finished so
    far) and once more at the end with ``done == total`` and an empty name. Returning ``False``
    cancels: the files not reached are reported as skipped ("not processed"), and the ones already
    imported stay imported.
    """
    files = list(iter_input_files(paths))
    total = len(files)
    report = ImportReport()
    for done, path in enumerate(files):
        if on_progress is not None and on_progress(done, total, path.name) is False:
            report.cancelled = True
            report.skipped.extend((str(p), NOT_PROCESSED) for p in files[done:])
            return report
        _import_one(project, path, report, max_bytes=max_bytes, label_map=label_map)
    if on_progress is not None:
        on_progress(total, total, "")
    return report


def _reason(exc: Exception, path: Path) -> str:
    """The exception's line without the file name it starts with (the report pairs it with the file),
    and the first few problems of a refused dataset."""
    text = str(exc)
    prefix = f"{path.name}: "
    if text.startswith(prefix):
        text = text[len(prefix) :]
    problems = getattr(exc, "problems", None) or []
    if problems:
        text += ": " + "; ".join(" ".join(str(p).split()) for p in problems[:3])
        text += f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return text


def _import_one(
    project: Project,
    path: Path,
    report: ImportReport,
    *,
    max_bytes: int,
    label_map: Mapping[str, str] | None = None,
) -> None:
    label = str(path)
    suffix = path.suffix.lower()
    if path.is_dir():
        report.failed.append((label, "cannot list this folder"))
        return
    if not path.exists():
        report.failed.append((label, "no such file or folder"))
        return
    if suffix == DATASET_SUFFIX or suffix in (".qdpx", ".jsonld", ".ann", ".tsv", ".jsonl", ".zip"):
        # Annotations from other tools (annotator.formats), chosen by suffix and content; a .json
        # file that is none of them is one of our datasets.
        from annotator.formats import detect_format, import_file

        try:
            exchange = detect_format(path)
            imported = (
                None if exchange is None else import_file(project, path, fmt=exchange, mapping=label_map)
            )
        except AnnotatorError as exc:
            report.failed.append((label, _reason(exc, path)))
            return
        if imported is not None:
            warnings = "".join(f"\n  warning: {w}" for w in imported.warnings)
            report.imported.append((label, imported.summary() + warnings))
            return
        if suffix != DATASET_SUFFIX:
            report.skipped.append((label, "not in an annotation exchange format this can read"))
            return
    if suffix == DATASET_SUFFIX:
        try:
            from annotator.dataset import import_dataset
        except ImportError as exc:  # pragma: no cover - the dataset module ships with the package
            report.failed.append((label, f"datasets cannot be imported ({_one_line(exc)})"))
            return
        try:
            result = import_dataset(project, path)
        except AnnotatorError as exc:
            report.failed.append((label, _reason(exc, path)))
            return
        report.imported.append((label, f"dataset: {result.summary()}"))
        return
    if suffix not in SUPPORTED_SUFFIXES:
        report.skipped.append((label, _unsupported(suffix)))
        return
    try:
        article = read_article(path, max_bytes=max_bytes)
        added = store_article(project, article)
    except AnnotatorError as exc:
        report.failed.append((label, _reason(exc, path)))
        return
    if added.added:
        report.imported.append((label, added.document.id))
    else:
        existing = added.document
        report.skipped.append((label, f"already in the project (as “{existing.title}”, {existing.id})"))
