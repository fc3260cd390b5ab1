"""The names under which the app keeps its settings (QSettings keys), in one place.

The settings file is ``settings.ini`` in the data dir (see :func:`ui.app.settings`), so
``ANNOTATOR_DATA_DIR`` moves it with everything else; the command line reads the name you code as
from the same file (:func:`annotator.opening.default_annotator_name`).
"""

from __future__ import annotations

__all__ = [
    "ANNOTATOR_NAME",
    "FONT_SIZE",
    "LANGUAGE",
    "RECENT_PROJECTS",
    "SHOW_OTHER_CODERS",
    "SNAP_WORDS",
    "THEME",
    "WINDOW_GEOMETRY",
    "WINDOW_STATE",
    "favourites_key",
    "last_document_key",
    "last_folder_key",
]

#: The name you code as (asked on first start, changed in Preferences).
ANNOTATOR_NAME = "annotator/name"
#: Projects opened lately, newest first (File > Open Recent).
RECENT_PROJECTS = "recent_projects"
#: "system", "light", "dark" or "high-contrast".
THEME = "view/theme"
#: The interface's language: "system" (the locale's), "en" or "de" (see :data:`ui.i18n.LANGUAGES`).
LANGUAGE = "view/language"
#: The text's point size (zoom).
FONT_SIZE = "view/font_size"
#: Whether selections snap to whole words.
SNAP_WORDS = "view/snap_words"
#: Whether colleagues' layers show while coding (blind coding hides them).
SHOW_OTHER_CODERS = "view/show_other_coders"
WINDOW_GEOMETRY = "window/geometry"
WINDOW_STATE = "window/state"


def favourites_key(codebook_id: str) -> str:
    """The categories starred for the toolbar, per codebook id (a list of category ids)."""
    return f"codebook/favourites/{codebook_id}"


def last_document_key(location: str) -> str:
    """The document last open in the project at ``location`` (a file path or a database URL)."""
    return f"last_document/{location}"


def last_folder_key(purpose: str) -> str:
    """Where a file dialog for ``purpose`` ("import", "export", "codebook"...) was last left."""
    return f"dialogs/{purpose}/folder"
