"""The one normalisation every text gets, and the hash that identifies it.

Offsets are code points into the *normalised* text: a BOM is dropped and CRLF / CR become LF,
once, at import. Nothing else is touched (NBSP, tabs, zero-width characters, combining marks, emoji
and right-to-left text come back exactly), so offsets made by other tools on LF text stay valid.
"""

from __future__ import annotations

import hashlib
import re

BOM = "\ufeff"

# C0 control characters a document text may not hold: all but tab and line feed (a CR is turned
# into LF by normalize_text before a text is checked). SQLite's length() and readers written in C
# stop at U+0000; the others have no place in an article and point at binary or garbled input.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f]")
_CONTROL_BUT_CR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")
# Their abbreviations, by code point, for messages.
_C0_ABBREVIATIONS = (
    "NUL SOH STX ETX EOT ENQ ACK BEL BS HT LF VT FF CR SO SI DLE DC1 DC2 DC3 DC4 NAK SYN ETB CAN"
)
_C0_NAMES = (*_C0_ABBREVIATIONS.split(), "EM", "SUB", "ESC", "FS", "GS", "RS", "US")


def normalize_text(text: str) -> str:
    """Drop a leading BOM and turn CRLF and lone CR into LF; change nothing else."""
    if text.startswith(BOM):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def text_sha256(text: str) -> str:
    """Hex SHA-256 of the text's UTF-8 bytes: the document's identity for de-duplication."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def bytes_sha256(data: bytes) -> str:
    """Hex SHA-256 of raw bytes (provenance of an imported file)."""
    return hashlib.sha256(data).hexdigest()


def check_span(text: str, start: int, end: int, quote: str | None = None) -> str | None:
    """Return a one-line problem with a span over ``text``, or ``None`` if it is valid.

    Offsets are code points, end exclusive: ``0 <= start < end <= len(text)``, and the quote (when
    given) must equal ``text[start:end]`` exactly.
    """
    if (
        isinstance(start, bool)
        or isinstance(end, bool)
        or not isinstance(start, int)
        or not isinstance(end, int)
    ):
        return "start and end must be integers"
    if not 0 <= start < end <= len(text):
        return f"span [{start}, {end}) is outside the text (0..{len(text)}) or empty"
    if quote is not None and text[start:end] != quote:
        return f"quote {quote[:40]!r} does not match the text at [{start}, {end}): {text[start:end][:40]!r}"
    return None


def control_character_problem(text: str, *, cr_allowed: bool = False) -> str | None:
    """One line naming the first C0 control character other than tab and LF in ``text``, or ``None``.

    The offset is in code points, as for spans. ``cr_allowed`` leaves CR to a caller that reports
    line endings in its own words.
    """
    pattern = _CONTROL_BUT_CR if cr_allowed else _CONTROL
    found = pattern.search(text)
    if found is None:
        return None
    more = sum(1 for _ in pattern.finditer(text, found.end()))
    others = f" (and {more} more)" if more else ""
    return (
        f"contains the control character {_char_name(found.group())} at offset {found.start()}{others}; "
        "only tab and line feed are allowed"
    )


def nul_problem(value: str) -> str | None:
    """Where ``value`` holds a NUL (U+0000), which SQLite and C readers take for its end; or ``None``."""
    at = value.find("\x00")
    return None if at < 0 else f"contains a NUL character (U+0000) at offset {at}"


def _char_name(char: str) -> str:
    code = ord(char)
    name = f" ({_C0_NAMES[code]})" if code < len(_C0_NAMES) else ""
    return f"U+{code:04X}{name}"
