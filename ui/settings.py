"""The names under which the app keeps its settings (QSettings keys), in one place."""

from __future__ import annotations

__all__ = ["last_folder_key"]


def last_folder_key(purpose: str) -> str:
    """Where a file dialog for ``purpose`` ("import", "export", "codebook"...) was last left."""
    return f"dialogs/{purpose}/folder"
