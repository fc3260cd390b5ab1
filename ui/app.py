"""Starting the desktop app: QApplication, settings, identity on first start, the main window."""

from __future__ import annotations

import getpass
import os
import sys
from types import TracebackType

# isort: off
# The Qt-free core (SQLAlchemy's few hundred modules) is imported before PySide6 on purpose:
# once PySide6 is loaded, its import hook reads the source of every module imported after it
# (looking for ``from __feature__ import``), which made start-up about a fifth slower.
from annotator.errors import AnnotatorError
from annotator.opening import open_project
from annotator.paths import data_dir
from annotator.store.server import is_database_url

from PySide6.QtCore import QCoreApplication, QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QInputDialog, QMessageBox

# isort: on
from . import settings as keys
from .i18n import install_translators, translate
from .icons import app_icon
from .theme import apply_theme


def make_app(argv: list[str] | None = None) -> QApplication:
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    QCoreApplication.setOrganizationName("annotator")
    QCoreApplication.setApplicationName("annotator")
    app = QApplication(argv or sys.argv[:1])
    app.setApplicationDisplayName("Annotator")
    app.setWindowIcon(app_icon())
    app.setDesktopFileName("news-annotator")  # matches the XDG desktop entry
    return app


def settings() -> QSettings:
    """Settings live beside the data dir, so ``ANNOTATOR_DATA_DIR`` moves them too."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def default_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name on some systems
        return "coder"


def install_excepthook() -> None:
    """Unhandled exceptions in slots must not vanish, nor leave a window out of step with its file.

    A bug in a slot would otherwise print a traceback to a terminal nobody reads (or nowhere) and
    leave the panes showing a half-done edit. The hook writes the traceback to the error log in the
    data dir, says one line in each window's status bar, and makes the window show the project
    file again.
    """
    from annotator.errorlog import describe, log_unexpected

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        where = log_unexpected(exc.with_traceback(tb), context="app")
        print(f"annotator: unexpected error: {describe(exc)} ({where})", file=sys.stderr)
        from .window.mainwindow import MainWindow

        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow):
                widget.recover_from_error(f"{describe(exc)} ({where})")

    sys.excepthook = hook


#: For tests and packaging checks: start, show the window on the project, print one line saying what
#: it shows, and quit (no first-start question is asked).
EXIT_WHEN_SHOWN = "ANNOTATOR_EXIT_WHEN_SHOWN"


def run(*, project: str | None = None) -> int:
    app = make_app()
    smoke = bool(os.environ.get(EXIT_WHEN_SHOWN))
    install_excepthook()
    prefs = settings()
    install_translators(str(prefs.value(keys.LANGUAGE, "system")))
    apply_theme(app, str(prefs.value(keys.THEME, "system")))
    name = str(prefs.value(keys.ANNOTATOR_NAME, "") or "")
    if not name and smoke:
        name = default_name()
    if not name:
        name, ok = QInputDialog.getText(
            None,
            translate("App", "Welcome to Annotator"),
            translate("App", "Your name as annotator (shown to colleagues and in exports):"),
            text=default_name(),
        )
        name = name.strip() if ok and name.strip() else default_name()
        prefs.setValue(keys.ANNOTATOR_NAME, name)
    try:
        if project is not None and is_database_url(project):
            from .dialogs.login import open_with_login

            team = open_with_login(None, project)
            if team is None:
                return 1
            opened = team
        else:
            opened = open_project(project)
    except AnnotatorError as exc:
        QMessageBox.critical(None, translate("App", "Annotator"), str(exc))
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    from .window.mainwindow import MainWindow

    window = MainWindow(project=opened, annotator_name=name, settings=prefs)
    window.show()
    window.raise_()
    window.activateWindow()
    if smoke:

        def say_and_quit() -> None:
            shown = len(window.doc_model.documents())
            print(f"shown: {window.windowTitle()} with {shown} documents", flush=True)
            app.quit()

        QTimer.singleShot(0, say_and_quit)
    code = app.exec()
    window.project.close()
    return code
