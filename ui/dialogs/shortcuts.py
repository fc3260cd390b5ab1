"""Help > Keyboard Shortcuts: every action's keys, from the actions themselves."""

from __future__ import annotations

import html
from collections.abc import Sequence

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from ..a11y import name


def shortcuts_html(actions: Sequence[QAction]) -> str:
    rows = []
    for action in actions:
        keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts()]
        if keys and action.text():
            label = action.text().replace("&", "")
            rows.append(
                f"<tr><td style='padding-right:16px'>{html.escape(label)}</td>"
                f"<td><b>{html.escape(', '.join(keys))}</b></td></tr>"
            )
    extra = [
        ("Select text", "Shift+arrows, Ctrl+Shift+Left/Right (words), Shift+Home/End, Ctrl+Shift+Home/End"),
        ("Select a span", "click it; click again to reach overlapping spans"),
        ("Suggestions: next, previous", "Tab, Shift+Tab in the text"),
        ("Suggestions: accept, reject", "Enter, Backspace (a category key accepts as that category)"),
        ("Review: accept coder N's version", "N with the Review panel focused, Alt+N anywhere"),
        ("Review: accept selection, reject, reopen", "Alt+S, Alt+J, Alt+O"),
        ("Review: accept all agreed", "Alt+D"),
    ]
    rows += [f"<tr><td style='padding-right:16px'>{a}</td><td><b>{b}</b></td></tr>" for a, b in extra]
    return "<h3>Keyboard shortcuts</h3><table>" + "".join(rows) + "</table>"


class ShortcutsDialog(QDialog):
    def __init__(self, actions: Sequence[QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.resize(560, 640)
        browser = QTextBrowser()
        name(browser, self.tr("Keyboard shortcuts"))
        browser.setHtml(shortcuts_html(actions))
        layout = QVBoxLayout(self)
        layout.addWidget(browser)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
