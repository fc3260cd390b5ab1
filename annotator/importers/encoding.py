"""Bytes of a text file to text, for files that say nothing about their encoding.

UTF-8 (with or without a BOM; UTF-16 with a BOM too) is taken as it is. Legacy files are
recognised: cp1252 and latin-1 (Western), cp1251 (Cyrillic), and, when charset-normalizer is
confident *and* its guess agrees with the language it detects, the other Windows code pages and
the common CJK encodings. Binary and undecodable content is refused with a one-line reason.
"""

from __future__ import annotations

import codecs
import re
from typing import Final

from annotator.errors import ImportRefused

__all__ = ["decode"]

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


def decode(data: bytes, name: str) -> tuple[str, str]:
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
