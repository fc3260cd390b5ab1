"""Reading one article file: the size guard, the reader for its suffix, the checks every article passes.

Supported inputs, one module each:

``.txt`` / ``.md``
    :mod:`annotator.importers.plaintext` (text with scraped metadata lines near the top), its bytes
    decoded by :mod:`annotator.importers.encoding`.
``.html`` / ``.htm``
    :mod:`annotator.importers.html` (a saved web page, through trafilatura).
``.docx``
    :mod:`annotator.importers.docx` (a Word document).

A file that cannot be imported raises :class:`~annotator.errors.ImportRefused` with a one-line
reason naming the file (binary or undecodable content, a control character other than tab and line
feed in the text, empty, too big, unsupported type, damaged .docx, unreadable); nothing of it is
stored.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Final

from annotator.errors import ImportRefused
from annotator.importers.article import Article, clip_title, human_size, one_line
from annotator.importers.docx import read_docx
from annotator.importers.html import read_html
from annotator.importers.outlets import OutletTable
from annotator.importers.plaintext import read_plain
from annotator.text import bytes_sha256, control_character_problem

__all__ = ["DEFAULT_MAX_BYTES", "SUPPORTED_SUFFIXES", "read_article", "unsupported_reason"]

SUPPORTED_SUFFIXES: Final = (".txt", ".md", ".html", ".htm", ".docx")
"""Suffixes (lower case) :func:`read_article` reads."""

DEFAULT_MAX_BYTES: Final = 50_000_000


def read_article(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES, outlets: OutletTable | None = None
) -> Article:
    """Read one article file (.txt, .md, .html, .htm, .docx).

    ``outlets`` names outlets (the shipped table by default; a project's own, see
    :meth:`annotator.project.Project.outlet_names`). A file whose text names no headline is titled
    after the file. Raises :class:`ImportRefused` (and nothing else) for anything wrong with the
    file: its message is one line that names the file.
    """
    path = Path(path)
    name = path.name or str(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ImportRefused(f"{name}: {unsupported_reason(suffix)}")
    data = _read_bytes(path, name, max_bytes)
    if not data:
        raise ImportRefused(f"{name}: the file is empty")
    if not data.strip():
        raise ImportRefused(f"{name}: the file has no text (only whitespace)")
    try:
        if suffix in (".txt", ".md"):
            article = read_plain(data, name, markdown=suffix == ".md", outlets=outlets)
        elif suffix in (".html", ".htm"):
            article = read_html(data, name, outlets=outlets)
        else:
            article = read_docx(data, name, max_bytes)
    except ImportRefused:
        raise
    except Exception as exc:  # third-party parsers raise anything on bad input; the user gets one line
        raise ImportRefused(f"{name}: could not read it ({one_line(exc)})") from exc
    if not article.text.strip():
        raise ImportRefused(f"{name}: the file has no text (only whitespace)")
    # after the reader normalised line endings: a CR is no longer there to be refused
    problem = control_character_problem(article.text)
    if problem is not None:
        raise ImportRefused(f"{name}: the text {problem}")
    return dataclasses.replace(
        article,
        title=clip_title(article.title) or clip_title(path.stem),
        original_filename=name,
        original_sha256=bytes_sha256(data),
    )


def unsupported_reason(suffix: str) -> str:
    """Why a file with this suffix is not read, naming the suffixes that are."""
    what = f"'{suffix}'" if suffix else "without a suffix"
    return f"unsupported file type {what} (supported: {', '.join(SUPPORTED_SUFFIXES)}, and .json datasets)"


def _read_bytes(path: Path, name: str, max_bytes: int) -> bytes:
    try:
        if path.is_dir():
            raise ImportRefused(f"{name}: is a folder, not a file")
        size = path.stat().st_size
        if size > max_bytes:
            raise ImportRefused(f"{name}: too big ({human_size(size)}; the limit is {human_size(max_bytes)})")
        with path.open("rb") as f:
            data = f.read(max_bytes + 1)
    except OSError as exc:
        reason = exc.strerror or one_line(exc)
        raise ImportRefused(f"{name}: cannot read it ({reason})") from exc
    if len(data) > max_bytes:  # grew while we looked, or a special file reporting no size
        raise ImportRefused(f"{name}: too big (more than {human_size(max_bytes)})")
    return data
