"""Choosing and opening the project a command works on.

``--project PATH`` selects (and creates) a project; without it the default project in the user
data dir is used, and a new default project gets the sample articles so the app never starts
empty.
"""

from __future__ import annotations

import os
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.paths import default_project_path
from annotator.project import Project
from annotator.resources import sample_documents
from annotator.store.server import is_database_url


def open_project(path: str | Path | None, *, readonly: bool = False) -> Project:
    """Open ``path`` (created when missing) or the default project, seeding a new default one.

    ``path`` may be a team database's URL; it is passed on as text, since a ``Path`` would fold
    the ``//`` of ``postgresql+psycopg://`` and no longer be a URL.
    """
    if isinstance(path, str) and is_database_url(path):
        return Project.open(path, readonly=readonly)
    if path is not None:
        return Project.open(Path(path), readonly=readonly)
    default = default_project_path()
    is_new = not default.exists()
    project = Project.open(default, readonly=readonly)
    if is_new and not readonly:
        load_samples(project)
    return project


def load_samples(project: Project) -> int:
    """Import the bundled sample articles; returns how many went in."""
    from annotator.importers.articles import read_article, store_article

    count = 0
    for item in sample_documents():
        try:
            article = read_article(Path(os.fspath(str(item))))
        except AnnotatorError:
            continue
        count += store_article(project, article).added
    return count
