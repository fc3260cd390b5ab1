"""Plain-text and Markdown articles (``.txt`` / ``.md``) and the metadata they show.

The bytes are decoded by :func:`annotator.importers.encoding.decode`. The text is kept exactly as
written: only a BOM is dropped and CRLF / CR become LF (:func:`annotator.text.normalize_text`).
Markdown front matter and a leading ``# `` heading are read first; the rest (headline, outlet,
date, author, URL, language, the article body inside the page chrome) comes from
:func:`annotator.importers.news.extract_news`. Everything is *read*, nothing is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from annotator.importers.article import Article
from annotator.importers.dates import iso_date
from annotator.importers.encoding import decode
from annotator.importers.news import HEADER_LINES, extract_news
from annotator.importers.outlets import OutletTable
from annotator.text import normalize_text

__all__ = ["read_plain"]


@dataclass
class _Header:
    """What Markdown front matter says."""

    title: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    source: str = ""
    language: str = ""


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


def read_plain(data: bytes, name: str, *, markdown: bool, outlets: OutletTable | None = None) -> Article:
    """The article in a text file's bytes (``markdown``: front matter and ``#`` headings too).

    ``outlets`` is the outlet table to name outlets with (the shipped one by default).
    """
    raw, encoding = decode(data, name)
    text = normalize_text(raw)
    lines = text.split("\n")
    header = _Header()
    start = _front_matter(lines, header) if markdown else 0
    if markdown and not header.title:
        for line in lines[start : start + HEADER_LINES]:
            stripped = line.strip()
            if re.match(r"^#{1,6}\s", stripped):
                header.title = stripped.lstrip("#").strip().rstrip("#").strip()
                break
            if len(stripped) > 160:  # the article has begun
                break
    news = extract_news(text, filename=name, outlets=outlets, title=header.title)
    found = {f.name: getattr(header, f.name) or getattr(news, f.name) for f in fields(_Header)}
    return Article(text=text, encoding=encoding, body=news.body, **found)
