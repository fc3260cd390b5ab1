"""File dialogs that never open a file to look at it, and that remember where the user was.

Qt's file dialog guesses each file's type by reading its first bytes (for the icon and the "Type"
column). Reading means opening and closing, and closing any descriptor of the project's
``.sqlite``, ``-wal`` or ``-shm`` file drops every SQLite lock this process holds on it: the next
``annotator`` command in a terminal then deleted the app's write-ahead log under it, and the app's
later edits went into a deleted file (KNOWN-TRAPS, "A file dialog can detach the app"). So every
dialog here uses :class:`NameOnlyIconProvider`, which decides icons and types from names alone,
and Qt's own dialog (a platform dialog can sniff files in this process too; Windows' locks are not
POSIX locks, so it keeps the native one).

Each dialog opens in the folder the user last used for the same purpose (importing, exporting, the
codebook...), kept in the settings, instead of always in the home folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QFileInfo, QMimeDatabase, QSettings
from PySide6.QtGui import QAbstractFileIconProvider, QIcon
from PySide6.QtWidgets import QFileDialog, QFileIconProvider, QWidget

from ..settings import last_folder_key

__all__ = ["NameOnlyIconProvider", "ask_open_file", "ask_open_files", "ask_save_file", "make_dialog"]


class NameOnlyIconProvider(QAbstractFileIconProvider):
    """Icons and type names from a file's name and kind only: it never opens the file."""

    def __init__(self) -> None:
        super().__init__()
        self._standard = QFileIconProvider()
        self._mime = QMimeDatabase()

    def icon(self, what: QAbstractFileIconProvider.IconType | QFileInfo) -> QIcon:
        if isinstance(what, QFileInfo):
            kind = (
                QAbstractFileIconProvider.IconType.Folder
                if what.isDir()
                else QAbstractFileIconProvider.IconType.File
            )
            return self._standard.icon(kind)
        return self._standard.icon(what)

    def type(self, info: QFileInfo) -> str:
        if info.isDir():
            return "Folder"
        # MatchExtension: the name decides; MatchDefault would read the file's first bytes
        mime = self._mime.mimeTypeForFile(info.fileName(), QMimeDatabase.MatchMode.MatchExtension)
        return mime.comment() if not mime.isDefault() else f"{info.suffix().upper() or 'Unknown'} file"


_PROVIDER: NameOnlyIconProvider | None = None


def _provider() -> NameOnlyIconProvider:
    global _PROVIDER
    if _PROVIDER is None:
        _PROVIDER = NameOnlyIconProvider()
    return _PROVIDER


def start_folder(settings: QSettings, purpose: str, fallback: Path | None = None) -> Path:
    """Where a dialog for ``purpose`` opens: the folder last used for it, else ``fallback``, else home."""
    remembered = str(settings.value(last_folder_key(purpose), "") or "")
    if remembered and os.path.isdir(remembered):
        return Path(remembered)
    if fallback is not None and fallback.is_dir():
        return fallback
    return Path.home()


def make_dialog(
    parent: QWidget | None,
    *,
    title: str,
    folder: Path,
    filters: list[str],
    mode: QFileDialog.FileMode,
    save: bool = False,
    name: str = "",
) -> QFileDialog:
    """A file dialog that cannot detach the app from its project (see the module docstring)."""
    dialog = QFileDialog(parent, title, str(folder))
    dialog.setObjectName("fileDialog")
    if os.name != "nt":
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    dialog.setOption(QFileDialog.Option.DontUseCustomDirectoryIcons, True)
    dialog.setIconProvider(_provider())
    dialog.setFileMode(mode)
    dialog.setNameFilters(filters)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        if name:
            dialog.selectFile(name)
    return dialog


def _remember(settings: QSettings, purpose: str, dialog: QFileDialog) -> None:
    settings.setValue(last_folder_key(purpose), dialog.directory().absolutePath())


def ask_open_file(
    parent: QWidget | None,
    settings: QSettings,
    *,
    purpose: str,
    title: str,
    filters: list[str],
    fallback: Path | None = None,
) -> Path | None:
    """One existing file, or ``None`` when the user cancels."""
    dialog = make_dialog(
        parent,
        title=title,
        folder=start_folder(settings, purpose, fallback),
        filters=filters,
        mode=QFileDialog.FileMode.ExistingFile,
    )
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    _remember(settings, purpose, dialog)
    return Path(dialog.selectedFiles()[0])


def ask_open_files(
    parent: QWidget | None,
    settings: QSettings,
    *,
    purpose: str,
    title: str,
    filters: list[str],
    fallback: Path | None = None,
) -> list[Path]:
    """Existing files (an empty list when the user cancels)."""
    dialog = make_dialog(
        parent,
        title=title,
        folder=start_folder(settings, purpose, fallback),
        filters=filters,
        mode=QFileDialog.FileMode.ExistingFiles,
    )
    if not dialog.exec():
        return []
    _remember(settings, purpose, dialog)
    return [Path(p) for p in dialog.selectedFiles()]


def ask_save_file(
    parent: QWidget | None,
    settings: QSettings,
    *,
    purpose: str,
    title: str,
    filters: list[str],
    name: str,
    fallback: Path | None = None,
) -> tuple[Path, str] | None:
    """Where to write, and the filter the user chose; ``None`` when the user cancels.

    The dialog asks before replacing an existing file.
    """
    dialog = make_dialog(
        parent,
        title=title,
        folder=start_folder(settings, purpose, fallback),
        filters=filters,
        mode=QFileDialog.FileMode.AnyFile,
        save=True,
        name=name,
    )
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    _remember(settings, purpose, dialog)
    return Path(dialog.selectedFiles()[0]), dialog.selectedNameFilter()
