"""Starting the desktop app: QApplication, settings, identity on first start, the main window."""

from __future__ import annotations

import getpass
import sys

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

from annotator.errors import AnnotatorError
from annotator.paths import data_dir
from annotator.store.server import is_database_url
from annotator.workspace import open_project
from ui.theme import apply_theme


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName("annotator")
    QCoreApplication.setApplicationName("annotator")
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName("Annotator")
    return app


def settings() -> QSettings:
    """Settings live beside the data dir, so ``ANNOTATOR_DATA_DIR`` moves them too."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def default_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return "coder"


def run(*, project: str | None = None) -> int:
    app = make_app()
    prefs = settings()
    apply_theme(app, str(prefs.value("view/theme", "system")))
    name = str(prefs.value("annotator/name", "") or "")
    if not name:
        name, ok = QInputDialog.getText(
            None,
            "Welcome to Annotator",
            "Your name as annotator (shown to colleagues and in exports):",
            text=default_name(),
        )
        name = name.strip() if ok and name.strip() else default_name()
        prefs.setValue("annotator/name", name)
    try:
        if project is not None and is_database_url(project):
            from ui.login import open_with_login

            team = open_with_login(None, project)
            if team is None:
                return 1
            opened = team
        else:
            opened = open_project(project)
    except AnnotatorError as exc:
        QMessageBox.critical(None, "Annotator", str(exc))
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    from ui.mainwindow import MainWindow

    window = MainWindow(project=opened, annotator_name=name, settings=prefs)
    window.show()
    window.raise_()
    window.activateWindow()
    code = app.exec()
    window.project.close()
    return code
