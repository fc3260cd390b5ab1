"""The article record every reader returns, and the helpers the readers share.

An :class:`Article` is the text of one file, normalised and ready for
:meth:`~annotator.project.Project.add_document`, with the metadata its reader found;
:func:`annotator.importers.read.read_article` adds the file's name and hash. Refusals are one line
that names the file (:func:`one_line` for an exception's message, :func:`human_size` for sizes).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["MAX_TITLE_CHARS", "Article", "clip_title", "human_size", "one_line"]

MAX_TITLE_CHARS: Final = 300


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
    body: tuple[int, int] | None = None
    """The article body's ``(start, end)`` inside the page chrome (``None``: the whole text)."""


def one_line(exc: BaseException) -> str:
    """An exception's message on one line (cut at 200 characters), led by its type's name."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    if len(text) > 200:
        text = text[:199] + "…"
    return text if text.startswith(type(exc).__name__) else f"{type(exc).__name__}: {text}"


def human_size(n: int) -> str:
    """A byte count as a person reads it: ``512 bytes``, ``1.5 MB``."""
    if n < 1000:
        return f"{n} bytes"
    size, unit = n / 1000, "KB"
    for bigger in ("MB", "GB"):
        if size < 1000:
            break
        size, unit = size / 1000, bigger
    return f"{size:.1f} {unit}"


def clip_title(title: str) -> str:
    """One line of at most :data:`MAX_TITLE_CHARS`, cut at a word with an ellipsis when longer."""
    title = " ".join(title.split())
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    space = cut.rfind(" ")
    if space > MAX_TITLE_CHARS * 2 // 3:
        cut = cut[:space]
    return cut.rstrip(" ,;:.–—-") + "…"
