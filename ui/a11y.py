"""Accessibility helpers: naming widgets for assistive technology, and announcing what just happened.

A screen reader reads a widget's accessible name. Qt derives one for buttons and check boxes from
their text and for fields from the label a form layout (or ``QLabel.setBuddy``) puts beside them;
lists, tables, text views and fields without a label have none unless the code gives one.
:func:`name` gives one (and a description), :func:`unnamed` lists the interactive widgets a screen
reader would announce without a name (what the tests assert empty), and :func:`announce` says a
sentence once (an edit just made) through Qt's announcement event where this Qt has it, besides
any status bar the caller writes to.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QObject
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QScrollBar,
    QTextEdit,
    QWidget,
)

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover - older Qt: the status bar alone says it
    QAccessibleAnnouncementEvent = None  # type: ignore[assignment,misc]

__all__ = ["INTERACTIVE", "accessible_name", "announce", "name", "name_children", "unnamed"]

#: The kinds of widget a person operates, each of which needs a name a screen reader can say.
INTERACTIVE: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QLineEdit,
    QComboBox,
    QAbstractItemView,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
)


def name(widget: QWidget, text: str, description: str = "") -> None:
    """Give ``widget`` an accessible name (and a description, read after it on request)."""
    widget.setAccessibleName(text)
    if description:
        widget.setAccessibleDescription(description)


def name_children(root: QWidget, names: Mapping[str, tuple[str, str]]) -> None:
    """Name the widgets below ``root`` by object name: ``{object name: (name, description)}``.

    One table per window keeps the names in one place, away from the code that builds the panes.
    """
    for object_name, (text, description) in names.items():
        for widget in root.findChildren(QWidget, object_name):
            name(widget, text, description)


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for ``widget`` (its own, or the one Qt derives)."""
    if widget.accessibleName():
        return widget.accessibleName()
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None or not interface.isValid():
        return ""
    return interface.text(QAccessible.Text.Name).strip()


def _part_of_another(widget: QWidget, root: QWidget) -> bool:
    """Whether ``widget`` is an inner part of a compound widget (a combo box's field or list, a
    spin box's field, a table's headers and corner button, a field's clear button, the overflow
    arrows Qt adds to menu and tool bars), which Qt names itself or the screen reader announces
    as part of the outer one."""
    if widget.objectName().startswith("qt_") or isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    while parent is not None and parent is not root.parentWidget():
        if isinstance(parent, QComboBox | QAbstractSpinBox | QMenu | QAbstractItemView | QLineEdit):
            return True
        if parent.metaObject().className() == "QComboBoxPrivateContainer":
            return True
        parent = parent.parentWidget()
    return False


def unnamed(root: QWidget) -> list[QWidget]:
    """The interactive widgets in ``root`` (shown or not) that a screen reader would announce
    without a name. Scroll bars and the inner parts of compound widgets are left out."""
    widgets = [root, *root.findChildren(QWidget)]
    out = []
    for widget in widgets:
        if not isinstance(widget, INTERACTIVE) or isinstance(widget, QScrollBar):
            continue
        if _part_of_another(widget, root):
            continue
        if not accessible_name(widget):
            out.append(widget)
    return out


def announce(widget: QObject, text: str) -> None:
    """Have assistive technology say ``text`` once (politely: after what it is saying now)."""
    if not text or QAccessibleAnnouncementEvent is None:
        return
    event = QAccessibleAnnouncementEvent(widget, text)
    QAccessible.updateAccessibility(event)
