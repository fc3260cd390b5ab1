"""Access to the files in the top-level ``resources`` and ``sample_docs`` packages."""

from __future__ import annotations

from importlib import resources as _resources
from importlib.resources.abc import Traversable


def resource(name: str) -> Traversable:
    """A file shipped in ``resources/`` (works from a checkout and an installed wheel)."""
    return _resources.files("resources").joinpath(name)


def sample_documents() -> list[Traversable]:
    """The sample articles (the files there that the article reader reads), in name order."""
    from annotator.importers.read import SUPPORTED_SUFFIXES

    root = _resources.files("sample_docs")
    return sorted(
        (f for f in root.iterdir() if f.is_file() and f.name.endswith(SUPPORTED_SUFFIXES)),
        key=lambda f: f.name,
    )
