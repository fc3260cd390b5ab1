"""Help > User Guide: the bundled guide (resources/guide), readable offline in a window of its own."""

from __future__ import annotations

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from annotator.resources import resource

from ..a11y import name


class GuideDialog(QDialog):
    """Links inside the guide stay in it; links out open in the system's browser."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guideDialog")
        self.setWindowTitle(self.tr("Annotator — User Guide"))
        self.resize(820, 760)
        self.browser = QTextBrowser()
        self.browser.setObjectName("guideBrowser")
        name(self.browser, self.tr("User guide"))
        self.browser.setOpenExternalLinks(True)
        index = resource("guide/index.html")
        self.browser.setSearchPaths([str(resource("guide"))])
        self.browser.setSource(QUrl.fromLocalFile(str(index)))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
