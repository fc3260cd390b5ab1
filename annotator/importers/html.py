"""Saved web pages (``.html`` / ``.htm``): the article text and metadata, through trafilatura.

The article text, title, author, date, site name and URL are extracted with trafilatura from the
saved page (no network access: the page is parsed from the file, images and scripts are never
fetched), with ``<meta>`` tags as fallbacks. Characters trafilatura would otherwise drop or fold
(NBSP and other non-collapsing spaces, zero-width joiners and other format characters such as bidi
marks, decomposed combining marks) come through as they are in the page: they are swapped for
marker words before extraction and back after (:func:`_protect`). Only dates stated in the page's
markup are used, never a year guessed from its body text.
"""

from __future__ import annotations

import codecs
import functools
import html as html_lib
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from html.parser import HTMLParser
from typing import Any

from annotator.errors import ImportRefused
from annotator.importers.article import Article
from annotator.importers.dates import iso_date
from annotator.importers.encoding import decode
from annotator.importers.news import extract_news
from annotator.importers.outlets import OutletTable, default_outlets, host_of
from annotator.text import normalize_text

__all__ = ["read_html"]

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
    return decode(data, name)


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


def read_html(data: bytes, name: str, *, outlets: OutletTable | None = None) -> Article:
    """The article in a saved web page's bytes; refused when the page holds no article text.

    What trafilatura and the page's markup do not say (the outlet of a known domain, a dateline, a
    byline in the text) comes from :func:`annotator.importers.news.extract_news` over the text.
    """
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
    title = got("title") or meta.first("og:title", "twitter:title", "dc.title") or meta.title
    outlets = outlets or default_outlets()
    news = extract_news(text, filename=name, outlets=outlets, title=title)
    source = got("source-hostname") or meta.first("og:site_name", "application-name")
    if not source or source == host_of(url) or "." in source:  # a bare host is no outlet's name
        source = outlets.for_url(url) or news.source or source
    return Article(
        text=text,
        title=news.title,
        source=outlets.for_name(source) or source,
        author=author or news.author,
        url=url or news.url,
        published=published or news.published,
        language=language.replace("_", "-").split(",")[0].strip() or news.language,
        encoding=encoding,
        body=news.body,
    )
