"""Before importing a colleague's dataset: say what it adds and, when its codebook version differs,
show the differences and the migration plan and ask."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.review import (
    DatasetPreview,
    preview_dataset,
)

from ..i18n import translate, translate_noop

MIGRATE_AND_IMPORT = translate_noop("DatasetMigrationDialog", "Migrate and Import")


class DatasetMigrationDialog(QDialog):
    """The differences between the dataset's codebook version and the project's, the plan that
    migrates its coding, and "Migrate and Import" / "Cancel".

    "Migrate and Import" is disabled when the plan has spans it cannot migrate (a category the
    project split with no default); the listing says which.
    """

    def __init__(self, parent: QWidget | None, preview: DatasetPreview, project_version: str) -> None:
        super().__init__(parent)
        plan = preview.migration
        assert plan is not None
        self.setWindowTitle(self.tr("Different codebook version"))
        self.setMinimumSize(560, 380)
        layout = QVBoxLayout(self)
        self.heading = QLabel(
            self.tr("{name} was {how}.\nIt adds: {summary}.").format(
                name=preview.path.name, how=plan.heading(), summary=preview.summary()
            )
        )
        self.heading.setWordWrap(True)
        layout.addWidget(self.heading)
        self.details = QPlainTextEdit("\n".join(plan.lines()))
        self.details.setReadOnly(True)
        self.details.setObjectName("migrationPlan")
        layout.addWidget(self.details, 1)
        if not plan.can_migrate:
            note = self.tr(
                "Some spans cannot be migrated: recode them in the colleague's project (or split "
                "with a default category here) and import again."
            )
        elif plan.adopt is not None:
            note = self.tr(
                "Migrate and Import makes the dataset's codebook version {theirs} this project's "
                "current version (from {ours}), then imports it."
            ).format(theirs=plan.theirs, ours=project_version)
        else:
            note = self.tr("Migrate and Import applies the plan and imports the dataset, all or nothing.")
        self.note = QLabel(note + " " + self.tr("An import is not an edit step: Undo does not take it back."))
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.migrate_button: QPushButton = self.buttons.addButton(
            translate("DatasetMigrationDialog", MIGRATE_AND_IMPORT), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.migrate_button.setEnabled(plan.can_migrate)
        if plan.can_migrate:
            self.migrate_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)


def confirm_dataset_import(parent: QWidget, project: Project, path: Path) -> bool:
    """Before importing a dataset: say what it adds and, if its codebook version differs, ask.

    Returns ``True`` when the import should go ahead (migrating the dataset when its version
    differs: the caller imports it with ``migrate``). A dataset the import would refuse anyway is
    reported here, with its reason, and ``False`` is returned.
    """
    try:
        preview = preview_dataset(project, path)
    except AnnotatorError as exc:
        QMessageBox.warning(parent, translate("DatasetImport", "Import dataset"), str(exc))
        return False
    if preview.migration is None:
        return True
    dialog = DatasetMigrationDialog(parent, preview, project.codebook.version)
    return dialog.exec() == QDialog.DialogCode.Accepted
