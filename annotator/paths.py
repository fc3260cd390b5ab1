"""Where the annotator keeps its files.

One place decides, so tests (and users who keep projects on another disk) can move everything by
setting ``ANNOTATOR_DATA_DIR``; no test touches the real home directory.
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DATA_DIR_ENV = "ANNOTATOR_DATA_DIR"
APP_NAME = "annotator"


def data_dir() -> Path:
    """The user data directory (``$ANNOTATOR_DATA_DIR`` if set, else the platform's)."""
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def default_project_path() -> Path:
    """The project used when no ``--project`` is given."""
    return data_dir() / "default.annotator.sqlite"
