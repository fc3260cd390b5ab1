"""Word documents (``.docx``): paragraphs joined by ``\\n``, title and author from the properties.

The title and author come from the document properties, else the title is the first non-empty
paragraph. The archive is checked before python-docx opens it: encrypted and old ``.doc`` files,
unsafe part names, decompression bombs and oversized XML are refused from the zip directory alone.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

from annotator.errors import ImportRefused
from annotator.importers.article import Article, human_size, one_line
from annotator.text import normalize_text

__all__ = ["read_docx"]

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
                f"{name}: refused: the part {member[:80]!r} unpacks from {human_size(info.compress_size)} "
                f"to {human_size(info.file_size)} (a decompression bomb)"
            )
        if member.lower().endswith((".xml", ".rels")):
            xml += info.file_size
    if xml > _DOCX_MAX_XML:
        raise ImportRefused(
            f"{name}: its XML unpacks to {human_size(xml)}, more than {human_size(_DOCX_MAX_XML)}"
        )


def read_docx(data: bytes, name: str, max_bytes: int) -> Article:
    """The article in a .docx file's bytes; its parts may unpack to 8 x ``max_bytes`` (64 MB at least)."""
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
                    f"{name}: unpacks to {human_size(unpacked)}, more than {human_size(limit)}"
                )
            damaged = archive.testzip()
    except zipfile.BadZipFile as exc:
        raise ImportRefused(f"{name}: not a valid .docx (the file is damaged or truncated: {exc})") from exc
    if damaged is not None:
        raise ImportRefused(f"{name}: not a valid .docx (the part {damaged} is damaged)")
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:
        raise ImportRefused(f"{name}: not a valid .docx ({one_line(exc)})") from exc
    paragraphs = [p.text for p in document.paragraphs]
    text = normalize_text("\n".join(paragraphs))
    props = document.core_properties
    author = (props.author or "").strip()
    if author.lower() in _PLACEHOLDER_AUTHORS:
        author = ""
    title = (props.title or "").strip() or next((p.strip() for p in text.split("\n") if p.strip()), "")
    return Article(text=text, title=title, author=author, language=(props.language or "").strip())
