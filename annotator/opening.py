"""Choosing and opening the project a command or the app works on, and whom it codes as.

``--project PATH`` selects (and creates) a project; without it the default project in the user
data dir is used, and a new default project gets the sample articles so the app never starts
empty. Whoever opens a project hears about a synced or network folder through
:func:`report_risk` (the team commands too). :func:`default_annotator_name` is the coder a command
works as when it is not told.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from importlib.resources.abc import Traversable
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.paths import default_project_path
from annotator.project import Project
from annotator.resources import samples
from annotator.store.location import LocationRisk
from annotator.store.server import is_database_url

RiskWarning = Callable[[LocationRisk], None]
"""Told once, right after opening, when the project's folder is risky (the CLI prints it)."""


def open_project(
    path: str | Path | None, *, readonly: bool = False, on_risk: RiskWarning | None = None
) -> Project:
    """Open ``path`` (created when missing) or the default project, seeding a new default one.

    ``path`` may be a team database's URL; it is passed on as text, since a ``Path`` would fold
    the ``//`` of ``postgresql+psycopg://`` and no longer be a URL. ``on_risk`` hears about a
    synced or network folder (:attr:`Project.location_risk`) before any work starts.
    """
    if isinstance(path, str) and is_database_url(path):
        return Project.open(path, readonly=readonly)
    if path is not None:
        return report_risk(Project.open(Path(path), readonly=readonly), on_risk)
    default = default_project_path()
    is_new = not default.exists()
    project = report_risk(Project.open(default, readonly=readonly), on_risk)
    if is_new and not readonly:
        load_samples(project)
    return project


def default_annotator_name() -> str:
    """The name this computer's app codes as (its settings in the data dir), else the login name."""
    import configparser
    import getpass

    from annotator.paths import data_dir

    settings = configparser.ConfigParser(interpolation=None)
    try:
        settings.read(data_dir() / "settings.ini", encoding="utf-8")
        name = settings.get("annotator", "name", fallback="").strip()
    except (configparser.Error, OSError, UnicodeDecodeError):
        name = ""
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return "coder"


def report_risk(project: Project, on_risk: RiskWarning | None) -> Project:
    """Tell ``on_risk`` about the project's risky folder, if it has one; returns the project."""
    if on_risk is not None and project.location_risk is not None:
        on_risk(project.location_risk)
    return project


def sample_documents() -> list[Traversable]:
    """The sample articles (the files there that the article reader reads), in name order."""
    from annotator.importers.read import SUPPORTED_SUFFIXES

    return sorted(
        (f for f in samples().iterdir() if f.is_file() and f.name.endswith(SUPPORTED_SUFFIXES)),
        key=lambda f: f.name,
    )


def load_samples(project: Project) -> int:
    """Import the bundled sample articles; returns how many went in."""
    from annotator.importers.batch import store_article
    from annotator.importers.read import read_article

    count = 0
    for item in sample_documents():
        try:
            article = read_article(Path(os.fspath(str(item))))
        except AnnotatorError:
            continue
        count += store_article(project, article).added
    return count
