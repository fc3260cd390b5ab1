"""Opening a team project from the app: asking for its URL, and for a password when one is needed.

The password is tried from the usual PostgreSQL places first (``.pgpass``, a service file,
``PGPASSWORD``), then from the system keyring if the user chose to remember it there; only then
does the login dialog ask. It never goes into the URL, the settings or the recent-projects list.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from annotator import credentials
from annotator.errors import LoginRequired
from annotator.project import Project
from annotator.redaction import redact_url
from annotator.store.server import is_database_url

from ..i18n import translate

MAX_ATTEMPTS = 3


class LoginDialog(QDialog):
    """Asks for the password of one team database, optionally to be kept in the system keyring."""

    def __init__(self, parent: QWidget | None, *, url: str, message: str) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Team project login"))
        layout = QVBoxLayout(self)
        # The core's message is written for a terminal (it lists ~/.pgpass and PGPASSWORD); here
        # the dialog itself is the answer, so a short sentence, with the server's words on hover.
        failed = "password authentication failed" in message
        self.message = QLabel(
            self.tr("That password was not accepted; try again.")
            if failed
            else self.tr("The server asks for your password.")
        )
        self.message.setToolTip(message)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        form = QFormLayout()
        form.addRow(self.tr("Project:"), QLabel(redact_url(url)))
        self.password_edit = QLineEdit()
        self.password_edit.setEchoMode(QLineEdit.EchoMode.Password)
        form.addRow(self.tr("Password:"), self.password_edit)
        layout.addLayout(form)
        self.remember_box = QCheckBox(self.tr("Remember in the system keyring"))
        if not credentials.available():
            self.remember_box.setEnabled(False)
            self.remember_box.setToolTip(self.tr("Install the 'keyring' package to remember passwords"))
        layout.addWidget(self.remember_box)
        choice = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(choice.Ok | choice.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.password_edit.setFocus()

    def password(self) -> str:
        return self.password_edit.text()

    def remember(self) -> bool:
        return self.remember_box.isEnabled() and self.remember_box.isChecked()


def ask_team_url(parent: QWidget | None, *, last: str = "") -> str | None:
    """Ask for a team database URL (File > Open Team Project…); ``None`` when cancelled."""
    text, ok = QInputDialog.getText(
        parent,
        translate("Login", "Open team project"),
        translate(
            "Login",
            "Database URL (no password), for example\npostgresql+psycopg://you@server.example.org/project",
        ),
        text=last,
    )
    text = text.strip()
    return text if ok and is_database_url(text) else None


def open_with_login(
    parent: QWidget | None, location: str | Path, *, readonly: bool = False
) -> Project | None:
    """Open a project file or team database URL, asking for a password if the server wants one.

    Returns ``None`` when the user cancels the login; any other problem is raised as the core's
    :class:`~annotator.errors.AnnotatorError` for the caller to report as usual.
    """
    if not (isinstance(location, str) and is_database_url(location)):
        return Project.open(Path(location), readonly=readonly)
    try:
        return Project.open(location, readonly=readonly, password=credentials.load_password(location))
    except LoginRequired as exc:
        message = str(exc)
    for _ in range(MAX_ATTEMPTS):
        dialog = LoginDialog(parent, url=location, message=message)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        password = dialog.password()
        try:
            project = Project.open(location, readonly=readonly, password=password)
        except LoginRequired as exc:
            message = str(exc)
            continue
        if dialog.remember():
            credentials.save_password(location, password)
        return project
    return None
