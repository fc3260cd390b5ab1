"""The window's tools for documents as researchers describe them: properties, article body, memos,
document variables, and the Analysis pane.

:func:`install_document_tools` adds to the main window a Document pane (beside the text: the
document's details, your coding of its coded variables, its descriptive variables and memo), an
Analysis pane (View menu), a Document menu (Properties…, Set Selection as Article Body, Use Whole
Text as Body, Project Memo…) and the same body actions in the text's context menu, and it makes
the Documents pane's metadata cells editable. Every edit is a core operation carried out first,
then pushed on the window's undo stack as one step (``push_step``), like the window's own edits.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QMenu, QScrollArea

from annotator.body import count_words
from annotator.codebook import derived_value
from annotator.domain import Annotator, Change, DocumentChange, DocumentInfo, SettingChange, VariableChange
from annotator.metadata import apply_metadata

from ..dialogs.files import ask_save_file
from ..dialogs.memo import ProjectMemoDialog
from ..dialogs.properties import PropertiesDialog
from ..i18n import translate
from ..panes.analysis import AnalysisPane
from ..panes.document import DocumentPane

if TYPE_CHECKING:
    from annotator.project import Project

    from .mainwindow import MainWindow

__all__ = ["DocumentTools", "install_document_tools"]

#: Field names of the Documents pane's columns -> the names ``annotator meta`` takes.
_CELL_FIELDS = {"title": "title", "source": "outlet", "published": "date", "author": "author", "url": "url"}
_CELL_FIELDS["language"] = "language"


class DocumentTools:
    """The document tools of one main window (see the module's docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self.pane = DocumentPane()
        self.pane.coded_requested.connect(self.on_coded)
        self.pane.value_requested.connect(self.on_value)
        self.pane.memo_requested.connect(self.on_memo)
        self.pane.properties_requested.connect(self.on_properties)
        self.pane.whole_body_requested.connect(self.on_whole_body)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(self.pane)
        self.dock = QDockWidget(translate("DocumentTools", "Document"), window)
        self.dock.setObjectName("documentDock")
        self.dock.setWidget(scroller)
        # under the document list: what the open document is, and your coding of it, in view
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, self.dock)
        window.splitDockWidget(window.doc_dock, self.dock, Qt.Orientation.Vertical)

        self.analysis = AnalysisPane(_AnalysisHost(window))
        self.analysis_dock = QDockWidget(translate("DocumentTools", "Analysis"), window)
        self.analysis_dock.setObjectName("analysisDock")
        self.analysis_dock.setWidget(self.analysis)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.analysis_dock)
        window.tabifyDockWidget(window.ann_dock, self.analysis_dock)
        window.ann_dock.raise_()
        self.analysis_dock.hide()

        self.act_properties = self._action(
            "Document &Properties…", self.on_properties, "Alt+Return", "document_properties"
        )
        self.act_set_body = self._action(
            "Set Selection as Article &Body", self.on_set_body, "Ctrl+Shift+B", "set_article_body"
        )
        self.act_set_body.setStatusTip(
            translate(
                "DocumentTools",
                "The selected text is the article; the rest is page chrome, left out of figures",
            )
        )
        self.act_whole_body = self._action(
            "Use &Whole Text as Body", self.on_whole_body, None, "whole_text_body"
        )
        self.act_project_memo = self._action("Project &Memo…", self.on_project_memo, None, "project_memo")
        self.act_analysis = self.analysis_dock.toggleViewAction()
        self.act_analysis.setText(translate("DocumentTools", "&Analysis"))
        self.act_analysis.setObjectName("show_analysis")
        self.act_analysis.setShortcut(QKeySequence("Ctrl+Shift+A"))
        window.addAction(self.act_analysis)
        # shown from the menu or its key, it comes to the front of its tab group
        self.act_analysis.triggered.connect(self._on_show_analysis)

        menu = QMenu(translate("DocumentTools", "&Document"), window)
        menu.setObjectName("documentMenu")
        menu.addAction(self.act_properties)
        menu.addSeparator()
        menu.addActions([self.act_set_body, self.act_whole_body])
        menu.addSeparator()
        menu.addAction(self.act_project_memo)
        menu.addAction(self.act_analysis)
        bar = window.menuBar()
        view = next((a for a in bar.actions() if a.menu() and a.menu().objectName() == "viewMenu"), None)
        if view is not None:
            bar.insertMenu(view, menu)
            view_menu = view.menu()
            if isinstance(view_menu, QMenu):
                view_menu.addSeparator()
                view_menu.addAction(self.dock.toggleViewAction())
                view_menu.addAction(self.act_analysis)
        else:
            bar.addMenu(menu)
        self.menu = menu

        window.documents_pane.edit_requested.connect(self.on_cell_edit)
        window.documents_pane.filter_changed.connect(self.analysis.schedule)
        window.view.selectionChanged.connect(self._update_actions)

    def _on_show_analysis(self, checked: bool = False) -> None:
        if checked:
            self.analysis_dock.raise_()

    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None, name: str) -> QAction:
        act = QAction(translate("DocumentTools", text), self.window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    @property
    def project(self) -> Project:
        return self.window.project

    # -- what the window tells ----------------------------------------------------------------------

    def project_loaded(self) -> None:
        """A project was opened (or the same one opened again)."""
        self.window.documents_pane.set_editable(not self.project.readonly)
        self.analysis.project_changed()
        self._update_actions()

    def document_opened(self, document_id: str | None) -> None:
        """The window shows another document (or none): show its details."""
        self.show_document(document_id)
        self._update_actions()

    def context_actions(self) -> list[QAction]:
        """What the text's context menu offers beside the categories."""
        return [self.act_set_body, self.act_whole_body, self.act_properties]

    def apply(self, changes: Sequence[Change]) -> None:
        """Refresh what shows documents' metadata, bodies, variables and memos after ``changes``."""
        touched = {c.document_id for c in changes if isinstance(c, DocumentChange | VariableChange)}
        if touched:
            infos = {d.id: d for d in self.project.documents() if d.id in touched}
            for info in infos.values():
                self.window.doc_model.replace(info)
            current = self.window.current_document_id
            if current in infos:
                info = infos[current]
                self.window.view.set_body(info.body)
                self.window.show_document_label(info)
            if current in touched:
                self.show_document(current)
        if touched or any(isinstance(c, SettingChange) for c in changes):
            self.analysis.schedule()
        self._update_actions()

    def caught_up(self) -> None:
        """Other writers may have changed the open document's details."""
        current = self.window.current_document_id
        info = self.window.doc_model.get(current) if current else None
        if info is not None:
            self.window.view.set_body(info.body)
        self.show_document(current)
        self.analysis.schedule()

    def annotations_changed(self) -> None:
        self.analysis.schedule()

    # -- showing -------------------------------------------------------------------------------------

    def show_document(self, document_id: str | None) -> None:
        info = self.window.doc_model.get(document_id) if document_id else None
        if info is None:
            self.pane.show_document(None)
            return
        project = self.project
        variables = project.codebook.variables
        me = self.window.me.id
        coded = (
            {v.variable: v.value for v in project.coded_values(annotator_ids=[me], document_id=info.id)}
            if me
            else {}
        )
        values = project.document_values(document_id=info.id).get(info.id, {})
        derived = {v.id: derived_value(v, _fields(info)) for v in variables if not v.coded}
        self.pane.show_document(
            info,
            variables=variables,
            coded=coded,
            values=values,
            derived={k: v for k, v in derived.items() if v is not None},
            readonly=project.readonly,
        )

    def _update_actions(self) -> None:
        window = self.window
        has_doc = window.current_document_id is not None
        writable = not self.project.readonly
        selected = window.view.textCursor().hasSelection()
        self.act_properties.setEnabled(has_doc)
        self.act_set_body.setEnabled(has_doc and writable and selected)
        self.act_whole_body.setEnabled(has_doc and writable and window.view.body is not None)
        self.act_project_memo.setEnabled(True)

    # -- edits ---------------------------------------------------------------------------------------

    def _run(self, operation: Callable[[], Sequence[Change] | Change], text: str) -> bool:
        """Carry out one core edit, push it as one undo step, refresh; ``False`` if refused."""
        window = self.window
        result = window.attempt(operation)
        if result is None:
            self.show_document(window.current_document_id)  # a refused value shows what is stored
            return False
        changes: list[Change] = list(result) if isinstance(result, Sequence) else [result]
        if not changes:
            return True
        window.push_step(text, apply=window.apply_changes)
        window.apply_changes(changes)
        return True

    def edit_metadata(
        self, document_id: str, values: Mapping[str, str], text: str = "edit the document's details"
    ) -> bool:
        me = self.window.me.id or None
        return self._run(
            lambda: apply_metadata(self.project, document_ids=[document_id], values=values, annotator_id=me),
            text,
        )

    def on_cell_edit(self, document_id: str, field: str, value: str) -> None:
        name = _CELL_FIELDS.get(field, field)
        label = {"source": "outlet", "published": "date", "url": "URL"}.get(field, field)
        self.edit_metadata(document_id, {name: value}, f"edit the {label}")

    def on_properties(self) -> None:
        window = self.window
        doc_id = window.current_document_id
        info = window.doc_model.get(doc_id) if doc_id else None
        if info is None:
            return
        project = self.project
        outlets = {d.source for d in window.doc_model.documents()}
        text = window.view.text
        start, end = info.body_span
        dialog = PropertiesDialog(
            document=info,
            variables=project.codebook.variables,
            values=project.document_values(document_id=info.id).get(info.id, {}),
            derived={
                v.id: derived_value(v, _fields(info)) for v in project.codebook.variables if not v.coded
            },
            outlets=sorted(o for o in outlets if o),
            words=count_words(text, start, end) if text else None,
            readonly=project.readonly,
            parent=window,
        )
        self.dialog = dialog
        if dialog.exec() and dialog.changes():
            self.edit_metadata(info.id, dialog.changes())

    def on_set_body(self) -> None:
        window = self.window
        doc_id = window.current_document_id
        rng = window.view.selection_range(snap=False)
        if doc_id is None:
            return
        if rng is None:
            window.report(
                translate("DocumentTools", "Select the article's text first, then set it as the article body")
            )
            return
        self._run(
            lambda: self.project.set_document_body(document_id=doc_id, body=rng), "set the article body"
        )
        window.view.setTextCursor(window.view.textCursor())  # keep the selection as it was

    def on_whole_body(self) -> None:
        doc_id = self.window.current_document_id
        if doc_id is None:
            return
        self._run(
            lambda: self.project.set_document_body(document_id=doc_id, body=None),
            "use the whole text as body",
        )

    def on_coded(self, variable: str, value: object) -> None:
        doc_id, me = self.window.current_document_id, self.window.me.id
        if doc_id is None or not me:
            return
        var = self.project.codebook.variable(variable)
        label = var.label.lower() if var is not None else variable
        self._run(
            lambda: self.project.set_coded_value(
                document_id=doc_id, annotator_id=me, variable=variable, value=value
            ),
            f"set {label}" if value is not None else f"clear {label}",
        )

    def on_value(self, variable: str, value: object) -> None:
        doc_id = self.window.current_document_id
        if doc_id is None:
            return
        var = self.project.codebook.variable(variable)
        label = var.label.lower() if var is not None else variable
        self._run(
            lambda: self.project.set_document_value(document_id=doc_id, variable=variable, value=value),
            f"set {label}" if value is not None else f"clear {label}",
        )

    def on_memo(self, text: str) -> None:
        doc_id = self.window.current_document_id
        if doc_id is None:
            return
        self._run(lambda: self.project.update_document(document_id=doc_id, memo=text), "edit the memo")

    def on_project_memo(self) -> None:
        project = self.project
        dialog = ProjectMemoDialog(text=project.project_memo(), readonly=project.readonly, parent=self.window)
        self.dialog_memo = dialog
        if dialog.exec() and dialog.text.rstrip() != project.project_memo():
            self._run(lambda: project.set_project_memo(text=dialog.text), "edit the project memo")


def _fields(info: DocumentInfo) -> dict[str, str]:
    return {
        "source": info.source,
        "author": info.author,
        "url": info.url,
        "published": info.published,
        "language": info.language,
    }


class _AnalysisHost:
    """The Analysis pane's view of the window."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    @property
    def project(self) -> Project:
        return self._window.project

    @property
    def me(self) -> Annotator:
        return self._window.me

    def visible_document_ids(self) -> list[str]:
        return self._window.documents_pane.visible_ids()

    def filter_text(self) -> str:
        return self._window.documents_pane.filter.text()

    def report(self, message: str, *, unsaved: bool = False) -> None:
        self._window.report(message, unsaved=unsaved)

    def say(self, message: str) -> None:
        self._window.say(message)

    def jump_to(self, document_id: str, annotation_id: str) -> None:
        self._window.jump_to(document_id, annotation_id)

    def ask_save_path(self, *, purpose: str, title: str, filters: list[str], name: str) -> Path | None:
        window = self._window
        folder = window.project.path.parent if window.project.path is not None else None
        chosen = ask_save_file(
            window, window.settings, purpose=purpose, title=title, filters=filters, name=name, fallback=folder
        )
        return None if chosen is None else chosen[0]


def install_document_tools(window: MainWindow) -> DocumentTools:
    """Add the document tools to ``window`` (see the module's docstring)."""
    return DocumentTools(window)
