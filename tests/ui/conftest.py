"""The app's tests run with the translators the app installs at start (English here: its plural
forms), as ``ui.app.run`` does before it shows a window."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from ui.i18n import install_translators


@pytest.fixture(autouse=True)
def _english_interface(qapp: QApplication) -> None:
    install_translators("en")
