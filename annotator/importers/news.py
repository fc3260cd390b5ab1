"""News metadata in raw scraped text: headline, outlet, date, author, URL, language and article body.

Scraped articles carry page chrome around the article: navigation, mastheads, "Subscribe", photo
credits, tag lists, related links, contact footers, the headline twice, a scraper's XPath. This
module reads the text line by line, tells chrome from article (:func:`classify`), and finds:

- the **headline**: the first headline-shaped line above the article text, skipping URLs, dates,
  datelines, bylines, navigation, mastheads and lines that repeat three times or more; a title
  suffix naming the outlet (``Headline | CNN``) is cut off. A first line that is a paragraph is
  not a headline: then there is none (and the file's name stands in, see ``read.py``);
- the **outlet**: a ``Source:``/``Outlet:`` line; else the web domain of the article's URL in the
  outlet table (:mod:`annotator.importers.outlets`); else a dateline (``WASHINGTON (Reuters) —``,
  ``Washington CNN—``); else a masthead (``Sputnik International feedback@...``, ``© 2023 NAME``,
  a line that is a known outlet's name); else a title suffix;
- the **publication date**: a labelled line (``Published: 04.11.2023``, `` date 2022-11-08 ``), a
  line that is only a date or timestamp (``2023-08-20T09:11+0000``), the date in the article's
  URL (``/2022/11/08/``, ``/20230820/``), else a date in the file's name (``2022-04-...``, with
  the precision it has). The day is the one the page states, in its own time zone; updates are
  not publication dates; a date in the article's text is never taken for one;
- the **author**: a byline (``By NAME``), an ``Author:`` line, or a bare name that the page's
  chrome repeats (as Sputnik's metadata does);
- the **language** from a locale line (``en_EN``, ``de-DE``);
- the **article body**: the longest stretch of paragraphs, allowing a line or two of chrome inside
  (a caption, "Advertisement"), with the headline when it sits right above; ``None`` (the whole
  text) when no stretch clearly holds most of the article.

Where the text shows nothing, a field stays empty: nothing is guessed. The text is only read.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import PurePath
from typing import Final

from annotator.importers.dates import iso_date
from annotator.importers.outlets import OutletTable, default_outlets, host_of

__all__ = ["Kind", "Line", "NewsMeta", "classify", "detect_body", "extract_news", "split_lines"]

#: Labelled metadata (``Published:``, ``By``...) is looked for in this many non-empty lines.
HEADER_LINES: Final = 30
#: A headline is at most this long (characters and words).
HEADLINE_CHARS: Final = 200
HEADLINE_WORDS: Final = 30
#: At most this many chrome lines inside the article body (a caption and its credit, say).
BODY_GAP: Final = 2
#: The stretch chosen as body must hold at least this share of the text that reads as article.
BODY_SHARE: Final = 0.6
#: A text longer than this is no scraped article (a book, a transcript, a corpus in one file): only
#: its first HEAD_CHARS are read for metadata, and its body is the whole text.
ARTICLE_MAX_CHARS: Final = 2_000_000
HEAD_CHARS: Final = 65_536


class Kind(Enum):
    """What a line of scraped text is."""

    PARAGRAPH = "paragraph"  # article text
    SHORT = "short"  # a short line of text: a headline, a subhead, a one-sentence paragraph
    URL = "url"
    DATE = "date"  # a labelled date or a line that is only a date / timestamp
    DATELINE = "dateline"
    BYLINE = "byline"
    FIELD = "field"  # "Key: value" metadata (Source:, Tags:, Author:...)
    NAME = "name"  # a bare person's name
    NAVIGATION = "navigation"  # menus, share buttons, "Subscribe", "Leave a Comment", credits
    MASTHEAD = "masthead"  # the outlet's name, contact lines, copyright
    TAGS = "tags"  # lower-case keyword lines
    CODE = "code"  # scraper leftovers: XPaths, numbers, locale codes
    REPEATED = "repeated"  # a line the page repeats three times or more
    FOREIGN = "foreign"  # mostly in another script than the article


#: Kinds that can be part of the article body.
ARTICLE_KINDS: Final = frozenset({Kind.PARAGRAPH, Kind.SHORT})


@dataclass(frozen=True, slots=True)
class Line:
    """A non-empty line: code points ``[start, end)`` of the text (surrounding spaces left out)."""

    start: int
    end: int
    text: str
    number: int  # among the non-empty lines, from 0


@dataclass
class NewsMeta:
    """What the text shows of an article's metadata; ``""`` (or ``None``) where it shows nothing."""

    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    body: tuple[int, int] | None = None
    kinds: list[tuple[Line, Kind]] = field(default_factory=list, repr=False)


# -- patterns ----------------------------------------------------------------------------------------

_URL_LINE = re.compile(r"^<?(https?://[^\s<>\"]+)>?$", re.IGNORECASE)
_URL_ANYWHERE = re.compile(r"https?://[^\s<>\"'”)\]]+", re.IGNORECASE)
_IMAGE_URL = re.compile(r"\.(?:jpe?g|png|gif|webp|svg|avif|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
_BYLINE = re.compile(r"^by(?:line)?[:\s]\s*(?P<name>\S.{0,118})$", re.IGNORECASE)
_DATE_LINE = re.compile(
    r"^(?P<label>published(?: on| at)?|publication date|first published|date(?: published)?|posted(?: on)?|"
    r"updated(?: on)?|last updated|modified)\b\s*[:\-–—]?\s*(?P<value>.+)$",
    re.IGNORECASE,
)
_FIELD_LINE = re.compile(
    r"^(?P<key>author|authors|source|outlet|publisher|url|link|language|lang|tags?|keywords|"
    r"categor(?:y|ies)|section|topics?)\s*:\s*(?P<value>.*)$",
    re.IGNORECASE,
)
# "Washington CNN—", "MARENHOLT, April 2 —", "WASHINGTON (Reuters) -": where (and whose), not what.
_DATELINE = re.compile(
    r"^\S.{0,60}\s?[—–]$|^[A-Z][A-Z .'’-]{1,40}(?:\s?\([^)]{1,30}\))?(?:,[^,]{1,30})?\s[—–-]$"
)
_PAREN_DATELINE = re.compile(
    r"^[A-Z][\w .,'’-]{1,60}?\s*\((?P<outlet>[A-Za-z][\w .&'’-]{0,40}?)\)\s*[—–-]{1,2}(?:\s|$)"
)
_WORDS_DATELINE = re.compile(r"^(?P<words>[A-Z][\w.'’&-]*(?:\s[A-Z][\w.'’&-]*){0,6})\s?[—–]{1,2}(?:\s|$)")
_EMAIL = re.compile(r"[\w.+-]+@(?P<domain>[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)")
_PHONE = re.compile(r"(?:\+|\b00)\d[\d ()-]{7,}\d")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright\b)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?)?\s*(?P<name>.*)$", re.I)
_ALL_RIGHTS = re.compile(r"all rights reserved", re.IGNORECASE)
_XPATH = re.compile(r"^/(?:html|body|head|div)\b|\[@\w+=", re.IGNORECASE)
_LOCALE = re.compile(r"^(?P<lang>[a-z]{2,3})(?:[_-][A-Za-z]{2,4})?$")
_URL_DATE = re.compile(
    r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>[01]?\d)[/-](?P<d>[0-3]?\d)(?:/|$|-)"
    r"|/(?P<y2>(?:19|20)\d{2})(?P<m2>[01]\d)(?P<d2>[0-3]\d)(?:/|-)"
)
_FILENAME_DATE = re.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)(?:-(?P<d>[0-3]\d))?(?!\d)")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")

_NAVIGATION_PHRASES: Final = frozenset(
    (
        "subscribe",
        "subscribe now",
        "sign in",
        "sign up",
        "log in",
        "login",
        "register",
        "menu",
        "search",
        "home",
        "skip to content",
        "skip to main content",
        "share",
        "share this",
        "share this article",
        "share on facebook",
        "share on twitter",
        "share on x",
        "tweet",
        "email",
        "print",
        "comments",
        "comment",
        "leave a comment",
        "leave a reply",
        "show comments",
        "read more",
        "read next",
        "read also",
        "see also",
        "related",
        "related articles",
        "related stories",
        "more stories",
        "most read",
        "most popular",
        "trending",
        "advertisement",
        "ad",
        "sponsored",
        "sponsored content",
        "newsletter",
        "sign up for our newsletter",
        "follow us",
        "follow",
        "click here",
        "watch",
        "listen",
        "live",
        "latest news",
        "top stories",
        "back to top",
        "cookie settings",
        "accept cookies",
        "privacy policy",
        "terms of use",
        "terms of service",
        "contact us",
        "about us",
        "all rights reserved",
        "loading",
        "next article",
        "previous article",
        "more from",
        "recommended",
        "you may also like",
        "don't miss",
        "close",
        "open",
        "toggle navigation",
    )
)
_NAVIGATION_PREFIXES: Final = (
    "photo:",
    "photo by",
    "photos:",
    "image:",
    "image credit",
    "picture:",
    "credit:",
    "credits:",
    "caption:",
    "video:",
    "watch:",
    "listen:",
    "read more:",
    "read also:",
    "related:",
    "see also:",
    "more:",
    "file photo",
    "getty images",
    "ap photo",
    "reuters/",
    "afp via getty",
    "© ",
    "(photo",
    "(credit",
)
_SEPARATORS = re.compile(r"\s[|•·»›]\s|\s{3,}")


def _words(text: str) -> list[str]:
    return text.split()


def split_lines(text: str) -> list[Line]:
    """The non-empty lines of ``text`` with their code-point ranges (spaces around them left out)."""
    out: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            start = pos + lead
            out.append(Line(start=start, end=start + len(stripped), text=stripped, number=len(out)))
        pos += len(raw) + 1
    return out


def _script(ch: str) -> str:
    """A letter's script, as the first word of its Unicode name (LATIN, CYRILLIC, ARABIC...)."""
    try:
        name = unicodedata.name(ch)
    except ValueError:
        return ""
    first = name.split(" ", 1)[0]
    return "CJK" if first in ("CJK", "HIRAGANA", "KATAKANA") else first


def _scripts(text: str) -> Counter[str]:
    return Counter(_script(ch) for ch in text if ch.isalpha())


def _letters_share(text: str) -> float:
    return sum(ch.isalpha() for ch in text) / max(1, len(text))


def _is_date_only(line: str) -> bool:
    """Whether the line is a date or timestamp and nothing else (``2023-08-20T09:11+0000``)."""
    if not iso_date(line):
        return False
    rest = re.sub(
        r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|\b(?:mon|tue|wed|thu|fri|sat|sun)"
        r"[a-z]*\.?|\b(?:am|pm|a\.m\.|p\.m\.|utc|gmt|z|[ecmp][sd]?t|cet|cest|eet|eest|bst|msk|ist|jst|aest)\b"
        r"|\d+(?:st|nd|rd|th)?|[\s.,:/\-–—+()T|]",
        "",
        line,
        flags=re.IGNORECASE,
    )
    return not rest or rest.lower() in ("at", "on", "t")


def _is_name(line: str) -> bool:
    """A bare person's name: two to four capitalised words of letters (``Sergey Lebedev``)."""
    words = _words(line)
    if not 2 <= len(words) <= 4 or len(line) > 60:
        return False
    for w in words:
        core = w.strip(".,")
        if not core or not core[0].isupper() or not all(ch.isalpha() or ch in "-'’." for ch in core):
            return False
    lowered = line.lower()
    return lowered not in _NAVIGATION_PHRASES


def _is_navigation(line: str) -> bool:
    lowered = " ".join(line.lower().split()).strip(" .:!›»>")
    if lowered in _NAVIGATION_PHRASES:
        return True
    if lowered.startswith(_NAVIGATION_PREFIXES):
        return True
    parts = [p for p in _SEPARATORS.split(line) if p.strip()]
    if len(parts) >= 3 and all(len(_words(p)) <= 4 for p in parts):
        return True  # "Home | World | Politics", "Share on Facebook | Share on X | Share by email"
    # a credit in parentheses or after a slash at the end of a caption-like short line
    return (
        bool(re.search(r"\((?:photo|credit|image|picture)s?\b[^)]*\)\s*$", line, re.IGNORECASE))
        and len(_words(line)) <= 25
    )


def _is_tags(line: str) -> bool:
    """A keyword line: lower-case words, no sentence (``ukrainian crisis``, ``a, b, c``)."""
    if any(ch.isupper() for ch in line) or _SENTENCE_END.search(line) or not any(ch.isalpha() for ch in line):
        return False
    if "," in line:
        return all(len(_words(p)) <= 5 for p in line.split(","))
    return len(_words(line)) <= 6


def _is_masthead(line: str, outlets: OutletTable) -> bool:
    if _EMAIL.search(line) or _PHONE.search(line):
        return len(_words(line)) <= 25
    if _COPYRIGHT.match(line) or _ALL_RIGHTS.search(line):
        return True
    if len(line) <= 80:
        found = outlets.find_in(line)
        if found is not None:
            rest = line.replace(found[0], " ")
            return not any(ch.isalpha() for ch in rest)  # "- Sputnik International, 1920"
    return False


def _is_paragraph(line: str) -> bool:
    words = len(_words(line))
    if words >= 25 or len(line) >= 160:
        return True
    return words >= 8 and bool(re.search(r"[.!?…]", line)) and _letters_share(line) > 0.6


def _kind_of(t: str, count: int, outlets: OutletTable) -> Kind:
    """What one line is, on its own (before the script check)."""
    if len(t) > 400 and " " in t and not t.startswith(("http://", "https://", "/")):
        return Kind.PARAGRAPH if _letters_share(t) >= 0.5 else Kind.CODE
    if _URL_LINE.match(t):
        return Kind.URL
    if (_DATE_LINE.match(t) and iso_date(t)) or _is_date_only(t):
        return Kind.DATE
    byline = _BYLINE.match(t)
    if byline is not None and _author_from_byline(byline.group("name")):
        return Kind.BYLINE
    if len(t) <= 200 and _FIELD_LINE.match(t):
        return Kind.FIELD
    if _XPATH.search(t) or _LOCALE.match(t) or _letters_share(t) < 0.5 or t.isdigit():
        return Kind.CODE
    if count >= 2 and _is_name(t):
        return Kind.NAME
    if count >= 3:
        return Kind.REPEATED
    if _is_masthead(t, outlets):
        return Kind.MASTHEAD
    if _is_navigation(t):
        return Kind.NAVIGATION
    if len(t) <= 70 and _DATELINE.match(t) and len(_words(t)) <= 8:
        return Kind.DATELINE
    if _is_tags(t):
        return Kind.TAGS
    if _is_paragraph(t):
        return Kind.PARAGRAPH
    return Kind.SHORT


#: Letters looked at to find the script of the article (and of each of its lines).
_SCRIPT_SAMPLE: Final = 4000
_LINE_SAMPLE: Final = 400


def classify(text: str, lines: list[Line], outlets: OutletTable | None = None) -> list[tuple[Line, Kind]]:
    """Every non-empty line of ``text`` with what it is (see :class:`Kind`).

    Lines are judged once per distinct text (a page repeats its chrome), so a 50 MB file of
    repeated lines costs what its distinct lines do.
    """
    outlets = outlets or default_outlets()
    counts = Counter(line.text for line in lines)
    judged: dict[str, Kind] = {}
    for t, count in counts.items():
        judged[t] = _kind_of(t, count, outlets)
    sample = "".join(t for t in counts if judged[t] is Kind.PARAGRAPH)[: _SCRIPT_SAMPLE * 4]
    scripts = _scripts(sample or text[: _SCRIPT_SAMPLE * 4])
    main_script = scripts.most_common(1)[0][0] if scripts else ""
    if main_script:
        for t, kind in judged.items():
            if kind in ARTICLE_KINDS and not (t.isascii() and main_script == "LATIN"):
                line_scripts = _scripts(t[:_LINE_SAMPLE])
                total = sum(line_scripts.values())
                if total >= 12 and line_scripts[main_script] / total < 0.5:
                    judged[t] = Kind.FOREIGN
    return [(line, judged[line.text]) for line in lines]


# -- the body --------------------------------------------------------------------------------------


def detect_body(text: str, kinds: list[tuple[Line, Kind]]) -> tuple[int, int] | None:
    """The article body as ``(start, end)``, or ``None`` (the whole text) when unsure.

    Stretches of article lines (paragraphs and short lines) may hold up to :data:`BODY_GAP` chrome
    lines after a paragraph; the stretch with the most paragraph text wins if it holds at least
    :data:`BODY_SHARE` of all of it. A stretch starts and ends at article lines; short lines after
    its last paragraph count only if they end a sentence ("He declined to comment.").
    """
    paragraph_chars = sum(len(line.text) for line, kind in kinds if kind is Kind.PARAGRAPH)
    if paragraph_chars == 0:
        return None
    stretches: list[tuple[int, int, int]] = []  # (first index, last index, paragraph chars)
    i = 0
    n = len(kinds)
    while i < n:
        if kinds[i][1] not in ARTICLE_KINDS:
            i += 1
            continue
        first = last = i
        chars = len(kinds[i][0].text) if kinds[i][1] is Kind.PARAGRAPH else 0
        j = i + 1
        while j < n:
            if kinds[j][1] in ARTICLE_KINDS:
                last = j
                chars += len(kinds[j][0].text) if kinds[j][1] is Kind.PARAGRAPH else 0
                j += 1
                continue
            gap_end = j
            while gap_end < n and kinds[gap_end][1] not in ARTICLE_KINDS and gap_end - j < BODY_GAP:
                gap_end += 1
            bridged = (
                gap_end < n
                and kinds[gap_end][1] in ARTICLE_KINDS
                and kinds[last][1] is Kind.PARAGRAPH
                and gap_end - j <= BODY_GAP
            )
            if not bridged:
                break
            j = gap_end
        stretches.append((first, last, chars))
        i = last + 1
    first, last, chars = max(stretches, key=lambda s: s[2])
    if chars < BODY_SHARE * paragraph_chars:
        return None
    # trailing short lines count only when they end a sentence; the stretch ends on article text
    while last > first and (
        kinds[last][1] not in ARTICLE_KINDS
        or (kinds[last][1] is Kind.SHORT and not _SENTENCE_END.search(kinds[last][0].text))
    ):
        last -= 1
    start, end = kinds[first][0].start, kinds[last][0].end
    if not text[:start].strip() and not text[end:].strip():
        return None  # the whole text is article
    return (start, end)


# -- the fields --------------------------------------------------------------------------------------


def _words_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NAME_CONNECTORS = _words_set("and & de del della der den di da do dos du la le van von bin al el ibn y e")
_ROLE_WORDS = _words_set(
    """reporter reporters editor editors correspondent correspondents staff writer writers contributor
    contributors columnist desk bureau chief senior special political analyst producer news team agency
    agencies wire wires service photographer photos video"""
)
_NOT_NAMES = _words_set(
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


def _is_headline(line: str) -> bool:
    words = _words(line)
    if len(line) > HEADLINE_CHARS or len(words) > HEADLINE_WORDS or _letters_share(line) < 0.5:
        return False
    if line[0] in "-–—|•·»›>/\\":
        return False
    # a long sentence ending in a full stop is a paragraph's opening, not a headline
    return not ((len(words) > 20 or len(line) > 150) and line.rstrip("\"'”’»").endswith("."))


def _split_title_suffix(title: str, outlets: OutletTable, outlet: str) -> tuple[str, str]:
    """``Headline | CNN`` -> (``Headline``, ``CNN``) when the part after the bar or dash is an outlet."""
    m = re.match(r"^(?P<head>.{8,}?)\s+[|–—-]\s+(?P<tail>[^|–—-]{2,60})$", title)
    if m is None:
        return title, ""
    tail = m.group("tail").strip()
    known = outlets.for_name(tail)
    if known or (outlet and tail.casefold() == outlet.casefold()):
        return m.group("head").strip(), known or tail
    return title, ""


def _date_from_url(url: str) -> str:
    m = _URL_DATE.search(url)
    if m is None:
        return ""
    if m.group("y"):
        y, mo, d = m.group("y"), m.group("m"), m.group("d")
    else:
        y, mo, d = m.group("y2"), m.group("m2"), m.group("d2")
    return iso_date(f"{y}-{int(mo):02d}-{int(d):02d}")


def date_from_filename(name: str) -> str:
    """A date in a file's name (``2022-04-talks.txt`` -> ``2022-04``), with the precision it has."""
    m = _FILENAME_DATE.search(PurePath(name).stem)
    if m is None:
        return ""
    year, month, day = m.group("y"), m.group("m"), m.group("d")
    if not 1 <= int(month) <= 12:
        return ""
    if day is not None:
        return iso_date(f"{year}-{month}-{day}")
    return f"{year}-{month}"


def _outlet_from_dateline(line: str, text: str, outlets: OutletTable) -> str:
    m = _PAREN_DATELINE.match(line)
    if m is not None:
        name = m.group("outlet").strip()
        if not any(ch.isdigit() for ch in name):
            return outlets.for_name(name) or name
    m = _WORDS_DATELINE.match(line)
    if m is None:
        return ""
    words = m.group("words").split()
    standalone = line.rstrip().endswith(("—", "–"))
    for i in range(len(words)):
        suffix = " ".join(words[i:])
        known = outlets.for_name(suffix)
        if known:
            return known
    if not standalone or len(words) < 2:
        return ""
    # "Marenholt Courier—": the place comes first; the outlet is what the article calls itself
    for i in range(1, len(words)):
        suffix = " ".join(words[i:])
        rest = text.replace(line, "", 1)
        if re.search(rf"(?<![\w-]){re.escape(suffix)}(?![\w-])", rest):
            return suffix
    return ""


def _outlet_from_masthead(line: str, outlets: OutletTable) -> str:
    m = _EMAIL.search(line)
    if m is not None:
        known = outlets.for_host(m.group("domain"))
        if known:
            return known
        before = line[: m.start()].strip(" ,;:-–—|")
        words = _words(before)
        if 1 <= len(words) <= 5 and all(w[0].isupper() or not w[0].isalpha() for w in words):
            return outlets.for_name(before) or before
        return ""
    m = _COPYRIGHT.match(line)
    if m is not None:
        name = re.split(r"[.|,;]\s|\s[-–—]\s|all rights reserved", m.group("name"), maxsplit=1, flags=re.I)[0]
        name = name.strip(" .,")
        if name and len(_words(name)) <= 6 and name[0].isupper():
            return outlets.for_name(name) or name
        return ""
    found = outlets.find_in(line)
    return found[1] if found is not None else ""


def _headline(kinds: list[tuple[Line, Kind]], first_paragraph: int) -> str:
    """The first headline-shaped line above the article text (see the module's docstring).

    A short line before the first paragraph; else the first paragraph itself when it opens the
    text and is as short as a headline; else, in a text without paragraphs, its first short line.
    """
    article = [(line, kind) for line, kind in kinds if kind in ARTICLE_KINDS]
    for line, kind in article:
        if line.number > first_paragraph or kind is Kind.PARAGRAPH:
            break
        if _is_headline(line.text):
            return line.text
    if article and article[0][1] is Kind.PARAGRAPH and _is_headline(article[0][0].text):
        return article[0][0].text
    if first_paragraph == len(kinds):  # no paragraph anywhere: a note, a list of keywords
        for line, kind in kinds:
            if kind in (Kind.SHORT, Kind.TAGS, Kind.NAME) and _is_headline(line.text):
                return line.text
    return ""


def extract_news(
    text: str,
    *,
    filename: str = "",
    outlets: OutletTable | None = None,
    title: str = "",
) -> NewsMeta:
    """The metadata and article body ``text`` shows (see the module's docstring).

    ``title`` is a headline already known (a Markdown heading, front matter): it is kept, and the
    headline search is skipped.
    """
    outlets = outlets or default_outlets()
    whole = len(text) > ARTICLE_MAX_CHARS
    if whole:
        head = text[:HEAD_CHARS]
        text = head[: head.rfind("\n") + 1] or head  # whole lines only
    lines = split_lines(text)
    kinds = classify(text, lines, outlets)
    meta = NewsMeta(kinds=kinds)
    body = None if whole else detect_body(text, kinds)
    meta.body = body
    body_start, body_end = body if body is not None else (-1, -1)

    def in_body(line: Line) -> bool:
        return body_start <= line.start < body_end

    header = [(line, kind) for line, kind in kinds if line.number < HEADER_LINES]
    first_paragraph = next((line.number for line, kind in kinds if kind is Kind.PARAGRAPH), len(lines))

    # labelled lines near the top: URL, byline, dates, "Key: value" fields
    published = updated = bare = ""
    for line, kind in header:
        t = line.text
        if kind is Kind.URL:
            url = _URL_LINE.match(t).group(1)  # type: ignore[union-attr]
            if not meta.url and not _IMAGE_URL.search(url):
                meta.url = url
        elif kind is Kind.BYLINE:
            meta.author = meta.author or _author_from_byline(_BYLINE.match(t).group("name"))  # type: ignore[union-attr]
        elif kind is Kind.FIELD and line.number <= first_paragraph:
            m = _FIELD_LINE.match(t)
            assert m is not None
            key, value = m.group("key").lower(), m.group("value").strip()
            if key.startswith("author"):
                meta.author = meta.author or value
            elif key in ("source", "outlet", "publisher"):
                meta.source = meta.source or outlets.for_name(value) or value
            elif key in ("url", "link") and _URL_LINE.match(value):
                meta.url = meta.url or value.strip("<>")
            elif key in ("language", "lang"):
                meta.language = meta.language or value
    for line, kind in kinds:
        if kind is not Kind.DATE or in_body(line):
            continue
        m = _DATE_LINE.match(line.text)
        found = iso_date(line.text)
        if m is not None and m.group("label").lower().startswith(("updated", "last", "modified")):
            updated = updated or found
        elif m is not None:
            published = published or found
        else:
            bare = bare or found
    meta.published = published or bare or _date_from_url(meta.url) or date_from_filename(filename) or updated

    # the outlet: the URL's domain, a dateline, a masthead, a known name in the chrome
    if not meta.source and meta.url:
        meta.source = outlets.for_url(meta.url)
    if not meta.source:
        for line, _kind in kinds:
            if line.number > min(first_paragraph + 2, HEADER_LINES):
                break
            found_outlet = _outlet_from_dateline(line.text, text, outlets)
            if found_outlet:
                meta.source = found_outlet
                break
    if not meta.source:
        seen: set[str] = set()
        for line, kind in kinds:
            if kind in (Kind.MASTHEAD, Kind.REPEATED, Kind.NAVIGATION) and not in_body(line):
                if line.text in seen:
                    continue
                seen.add(line.text)
                found_outlet = _outlet_from_masthead(line.text, outlets)
                if found_outlet:
                    meta.source = found_outlet
                    break
    if not meta.source:  # any URL in the chrome of a domain the table knows
        chrome_urls = (
            url
            for line, kind in kinds
            if not in_body(line) and kind is not Kind.PARAGRAPH
            for url in _URL_ANYWHERE.findall(line.text)
        )
        meta.source = next((name for url in chrome_urls if (name := outlets.for_host(host_of(url)))), "")

    # the headline: the first headline-shaped line above the first paragraph
    meta.title = title or _headline(kinds, first_paragraph)
    if meta.title:
        meta.title, suffix_outlet = _split_title_suffix(meta.title, outlets, meta.source)
        meta.source = meta.source or suffix_outlet

    # the author: a bare name the chrome repeats (not the outlet)
    if not meta.author:
        for line, kind in kinds:
            if kind is Kind.NAME and not in_body(line) and line.text != meta.source:
                meta.author = line.text
                break
    if not meta.language:  # a locale line of the page's metadata ("en_EN", "de-DE")
        for line, kind in kinds:
            m = _LOCALE.match(line.text)
            if kind is Kind.CODE and m is not None and not in_body(line) and len(line.text) > 3:
                meta.language = m.group("lang")
                break
    return meta
