"""Plain-text and Markdown articles (``.txt`` / ``.md``) and the metadata lines near their top.

The bytes are decoded by :func:`annotator.importers.encoding.decode`. The text is kept exactly as
written: only a BOM is dropped and CRLF / CR become LF (:func:`annotator.text.normalize_text`).
Scraped metadata lines near the top (a URL line, a ``By NAME`` byline, ``Published: ...`` /
``Date: ...``, a bare ISO date, Markdown front matter) are *read*, never removed. The title is the
first non-empty line that is not such a metadata line (for Markdown, a leading ``# `` heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from annotator.importers.article import Article
from annotator.importers.dates import iso_date
from annotator.importers.encoding import decode
from annotator.text import normalize_text

__all__ = ["read_plain"]

# Metadata is looked for in this many lines from the top of a plain-text article.
_HEADER_LINES: Final = 30
# A line longer than this is a paragraph of the article, not a header line.
_PARAGRAPH_CHARS: Final = 160

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


def read_plain(data: bytes, name: str, *, markdown: bool) -> Article:
    """The article in a text file's bytes (``markdown``: front matter and ``#`` headings too)."""
    raw, encoding = decode(data, name)
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
