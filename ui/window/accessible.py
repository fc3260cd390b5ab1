"""What a screen reader calls the main window's panes and fields, in one table.

Buttons, check boxes and fields with a form label get their names from Qt; this table names the
rest (lists, tables, the text view, fields known by their placeholder only) and adds a description
where the name alone does not say what the widget is for. A widget added later is named by adding
a row here (``tests/ui/test_accessibility.py`` fails until it is). The names are translated like
every other visible string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDockWidget, QWidget

from annotator.domain import AnnotationChange, Codebook

from ..a11y import announce, name, name_children
from ..i18n import translate

if TYPE_CHECKING:
    from .mainwindow import MainWindow

#: A quote longer than this is cut (with an ellipsis) when said aloud.
SAID_QUOTE = 80


def window_names() -> dict[str, tuple[str, str]]:
    """``{object name: (accessible name, description)}`` for the main window's widgets."""

    return {
        "textView": (
            translate("Accessibility", "Document text"),
            translate(
                "Accessibility",
                "The article being coded. Select with Shift and the arrow keys, then press a category key.",
            ),
        ),
        "documentFilter": (
            translate("Accessibility", "Filter documents"),
            translate("Accessibility", "Shows only the documents whose title or outlet match"),
        ),
        "documentList": (
            translate("Accessibility", "Documents"),
            translate("Accessibility", "The project's documents; Enter opens one"),
        ),
        "annotationList": (
            translate("Accessibility", "Annotations"),
            translate("Accessibility", "The spans shown in the text; Enter selects one in the text"),
        ),
        "annotationCategoryFilter": (translate("Accessibility", "Show category"), ""),
        "annotationAnnotatorFilter": (translate("Accessibility", "Show annotator"), ""),
        "codebookPane": (
            translate("Accessibility", "Codebook"),
            translate("Accessibility", "Every category's definition, rules, examples and key"),
        ),
        "codebookFilter": (
            translate("Accessibility", "Filter codes"),
            translate("Accessibility", "Shows only the codes whose label, id or definition match"),
        ),
        "codebookTree": (
            translate("Accessibility", "Codes"),
            translate("Accessibility", "The codebook's categories as a tree; Enter tags the selection"),
        ),
        "codebookDetails": (
            translate("Accessibility", "Code definition"),
            translate("Accessibility", "The chosen category's definition, rules, examples and attributes"),
        ),
        "suggestCategoryBox": (
            translate("Accessibility", "Category of the suggestions"),
            translate("Accessibility", "The category every match is suggested as"),
        ),
        "findEdit": (
            translate("Accessibility", "Find in document"),
            translate("Accessibility", "Enter: next match, Shift+Enter: previous, Escape: close"),
        ),
        "locationText": (translate("Accessibility", "Where the project is"), ""),
        "inspectorCategory": (translate("Accessibility", "Category of the selected span"), ""),
        "inspectorNote": (translate("Accessibility", "Note on the selected span"), ""),
        "documentMemo": (translate("Accessibility", "Document memo"), ""),
        "analysisLayer": (translate("Accessibility", "Layer to analyse"), ""),
        "analysisBy": (translate("Accessibility", "Group by"), ""),
        "analysisWithin": (translate("Accessibility", "Within"), ""),
        "analysisTable": (translate("Accessibility", "Category counts"), ""),
        "analysisCooccurrence": (translate("Accessibility", "Co-occurrence of categories"), ""),
        "retrievalCategory": (translate("Accessibility", "Category to retrieve"), ""),
        "retrievalGroup": (translate("Accessibility", "Group to retrieve"), ""),
        "retrievalTable": (translate("Accessibility", "Retrieved spans in context"), ""),
        "reviewAnnotators": (
            translate("Accessibility", "Coders compared"),
            translate("Accessibility", "Check the coders whose layers review compares"),
        ),
        "reviewGroups": (
            translate("Accessibility", "Units to review"),
            translate("Accessibility", "Each unit with its state: agreed, disagreed or decided"),
        ),
        "reviewEditCategory": (translate("Accessibility", "Category to accept the selection as"), ""),
        "reviewAgreement": (
            translate("Accessibility", "Agreement"),
            translate("Accessibility", "Unitizing alpha and F1 for this document and the project"),
        ),
    }


def name_window(window: QWidget) -> None:
    """Name the window's widgets from :func:`window_names`, and each dock after its title."""
    name_children(window, window_names())
    for dock in window.findChildren(QDockWidget):
        inner = dock.widget()
        if inner is not None and not inner.accessibleName():
            name(inner, dock.windowTitle().replace("&", ""))


def _said(quote: str) -> str:
    quote = " ".join(quote.split())
    return quote if len(quote) <= SAID_QUOTE else quote[: SAID_QUOTE - 1].rstrip() + "…"


def change_message(change: AnnotationChange, codebook: Codebook) -> str:
    """One sentence saying what an edit just did, as a person would: "Quote added: 'very useful
    and constructive'", "Changed to Claim: '...'", "Note saved", "Quote deleted"."""

    def label(category_id: str) -> str:
        category = codebook.category(category_id)
        return category.label if category is not None else category_id

    before, after = change.before, change.after
    if before is None and after is not None:
        return translate("ChangeMessage", "{category} added: '{quote}'").format(
            category=label(after.category), quote=_said(after.quote)
        )
    if after is None and before is not None:
        return translate("ChangeMessage", "{category} deleted: '{quote}'").format(
            category=label(before.category), quote=_said(before.quote)
        )
    if before is None or after is None:
        return ""
    if before.category != after.category:
        return translate("ChangeMessage", "Changed to {category}: '{quote}'").format(
            category=label(after.category), quote=_said(after.quote)
        )
    if (before.start, before.end) != (after.start, after.end):
        return translate("ChangeMessage", "Span now: '{quote}'").format(quote=_said(after.quote))
    if before.note != after.note:
        return (
            translate("ChangeMessage", "Note saved")
            if after.note
            else translate("ChangeMessage", "Note removed")
        )
    if before.attributes != after.attributes:
        return translate("ChangeMessage", "Attributes saved")
    return ""


def follow_for_screen_readers(window: MainWindow) -> None:
    """Say in the status bar (and to a screen reader, which reads the text view's description on
    its own) the spans under the cursor, and the review state of the unit made current."""
    window.view.cursor_described.connect(
        lambda text: window.say(text) if text and not window.quiet_cursor else None
    )
    panel = window.review_panel

    def on_unit(description: str) -> None:
        message = translate("ReviewMessage", "Review unit: {description}").format(description=description)
        # after the cursor has moved onto the unit (whose spans the status bar says first)
        QTimer.singleShot(0, lambda: window.say(message))
        announce(panel, message)

    panel.unit_shown.connect(on_unit)
