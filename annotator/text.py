"""The one normalisation every text gets, and the hash that identifies it.

Offsets are code points into the *normalised* text: a BOM is dropped and CRLF / CR become LF,
once, at import. Nothing else is touched (NBSP, tabs, zero-width characters, combining marks, emoji
and right-to-left text come back exactly), so offsets made by other tools on LF text stay valid.
"""

from __future__ import annotations

import hashlib

BOM = "\ufeff"


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
