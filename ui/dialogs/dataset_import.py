"""Before importing a colleague's dataset: say what it adds and ask when its codebook version differs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QMessageBox,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.review import (
    preview_dataset,
)

from ..i18n import translate


def confirm_dataset_import(parent: QWidget, project: Project, path: Path) -> bool:
    """Before importing a dataset: say what it adds and, if its codebook version differs, ask.

    Returns ``True`` when the import should go ahead. A dataset the import would refuse anyway
    is reported here, with its reason, and ``False`` is returned.
    """
    try:
        preview = preview_dataset(project, path)
    except AnnotatorError as exc:
        QMessageBox.warning(parent, translate("DatasetImport", "Import dataset"), str(exc))
        return False
    if not preview.needs_confirmation:
        return True
    lines = "\n".join(f"• {d}" for d in preview.codebook_differences[:20])
    answer = QMessageBox.question(
        parent,
        translate("DatasetImport", "Different codebook version"),
        f"{path.name} was coded with codebook {preview.codebook_id} version {preview.codebook_version}, "
        f"this project uses version {project.codebook.version}.\n\n{lines}\n\n"
        f"It adds: {preview.summary()}.\n\nImport it anyway? Its annotations keep the version they were "
        "made under.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes
