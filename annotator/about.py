"""What a bug report needs to know: this version, Python's, Qt's and SQLite's, and the data dir.

Read without importing Qt (the package metadata says which PySide6 is installed), so the command
line's ``--version`` stays instant.
"""

from __future__ import annotations

import platform
import sqlite3
from importlib import metadata

from annotator import __version__
from annotator.paths import data_dir

#: The distribution's name on the package index (``annotator`` there is another project).
DISTRIBUTION = "news-annotator"


def _installed(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def versions() -> dict[str, str]:
    """Name -> version of what the app runs on, in the order a report lists them."""
    return {
        "annotator": __version__,
        "Python": platform.python_version(),
        "Qt (PySide6)": _installed("PySide6-Essentials"),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": _installed("SQLAlchemy"),
        "platform": platform.platform(terse=True),
    }


def version_report() -> str:
    """One line for ``annotator --version``: every version and the data dir."""
    parts = [f"{name} {value}" for name, value in versions().items()]
    return f"{' · '.join(parts)} · data dir {data_dir()}"
