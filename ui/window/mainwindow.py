"""The main window: document list, text view, inspector, annotation list and codebook pane.

The window owns the open :class:`~annotator.project.Project` and an undo stack. Every edit goes
through :meth:`MainWindow.perform`, which runs the core operation (committed when it returns),
pushes an undo command, and refreshes the views from the returned change record. A refused edit
shows its one-line reason in the status bar and changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QT_TRANSLATE_NOOP, QByteArray, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QKeySequence,
    QShowEvent,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QProgressDialog,
    QScrollArea,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from annotator.codebook import codebook_changes
from annotator.domain import (
    Annotation,
    AnnotationChange,
    Annotator,
    Category,
    Change,
    Codebook,
    CodebookChange,
    Document,
    DocumentChange,
    DocumentInfo,
    DocumentStatus,
    SuggestionChange,
)
from annotator.errors import AnnotatorError, ConflictError, PermissionRefused, ValidationError
from annotator.project import Project
from annotator.redaction import redact_url
from annotator.study import ALLOW_OTHER_LAYERS_SETTING
from annotator.words import move_span_edge

from .. import settings as keys
from ..a11y import announce
from ..dialogs.code_picker import CodePicker
from ..dialogs.codebook_editor import CodebookEditor
from ..dialogs.files import ask_open_file, ask_open_files, ask_save_file
from ..dialogs.preferences import PreferencesDialog
from ..dialogs.search import SearchDialog
from ..dialogs.shortcuts import ShortcutsDialog
from ..icons import swatch
from ..panes.annotations import AnnotationsPane
from ..panes.codebook import CodebookPane
from ..panes.documents import DocumentsPane
from ..panes.inspector import Inspector
from ..panes.review import install_review
from ..textview.view import AnnotationTextView
from ..theme import THEMES, apply_theme, category_pattern, theme_label
from ..undo import StepCommand
from .accessible import change_message, follow_for_screen_readers, name_window
from .doctools import install_document_tools
from .findbar import FindBar
from .locationbar import LocationBar
from .study import install_study_tools
from .suggestions import install_suggestions
from .watcher import ProjectWatcher

if TYPE_CHECKING:
    from annotator.refactor import RefactorResult
    from annotator.reliability.report import ReliabilityReport

MAX_RECENT = 8
#: Document > Mark as ... (translated where the actions are made).
STATUS_ACTIONS = {
    DocumentStatus.NOT_STARTED: QT_TRANSLATE_NOOP("MainWindow", "Mark as Not Started"),
    DocumentStatus.IN_PROGRESS: QT_TRANSLATE_NOOP("MainWindow", "Mark as In Progress"),
    DocumentStatus.DONE: QT_TRANSLATE_NOOP("MainWindow", "Mark as Done"),
}
T = TypeVar("T")


def short_title(title: str, limit: int = 60) -> str:
    """``title`` shortened to about ``limit`` characters at a word boundary, with an ellipsis."""
    if len(title) <= limit:
        return title
    cut = title[:limit]
    if " " in cut.strip():
        cut = cut[: cut.rstrip().rindex(" ")]
    return cut.rstrip(" ,;:-–—") + "…"


#: More changed annotations than this reload the open document in one go instead of one by one.
BULK_CHANGES = 20


def differences(
    document_id: str, shown: dict[str, Annotation], stored: dict[str, Annotation]
) -> list[AnnotationChange]:
    """The change records that turn what is shown into what is stored."""
    changes = [
        AnnotationChange(document_id=document_id, before=shown[aid], after=None)
        for aid in shown.keys() - stored.keys()
    ]
    changes += [
        AnnotationChange(document_id=document_id, before=shown.get(aid), after=after)
        for aid, after in stored.items()
        if shown.get(aid) != after
    ]
    return changes


class MainWindow(QMainWindow):
    def __init__(self, *, project: Project, annotator_name: str, settings: QSettings | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.project: Project = project
        self.undo_stack = QUndoStack(self)
        self.current_document_id: str | None = None
        self._text = ""
        self._names: dict[str, str] = {}
        self.me: Annotator = (
            project.ensure_annotator(name=annotator_name)
            if not project.readonly
            else Annotator(id="", name=annotator_name)
        )
        self._search: SearchDialog | None = None
        #: While an edit refreshes the views, the spans under the cursor are not said (the edit is).
        self.quiet_cursor = False

        self.setObjectName("mainWindow")
        self.setDockOptions(QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks)
        self.view = AnnotationTextView()
        self.view.setObjectName("textView")
        self.view.annotation_selected.connect(self.on_annotation_selected)
        self.view.span_resize_requested.connect(self.on_span_resized)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self.on_context_menu)
        self.find_bar = FindBar(self.view)
        self.find_edit = self.find_bar.edit
        self.location_bar = LocationBar()
        self.location_text = self.location_bar.text
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.location_bar)
        layout.addWidget(self.view)
        layout.addWidget(self.find_bar)
        self.setCentralWidget(central)

        self._build_docks()
        self._build_actions()
        self._build_menus_and_toolbar()
        self._build_status_bar()
        # document properties, article body, memos, document variables and the Analysis pane
        # (before review mode tabs its dock with the document list: a split needs it alone)
        self.doc_tools = install_document_tools(self)
        self.suggestions = install_suggestions(self)
        self.find_bar.categories = lambda: [(c.id, c.label) for c in self.project.codebook.categories]
        # My documents in the Documents pane, Study > Progress… and Compare with Gold…
        self.study_tools = install_study_tools(self)
        review = install_review(
            self, self, beside=self.doc_dock, below=self.ann_dock, aside=[self.doc_tools.dock]
        )
        self.review_panel = review.panel
        self.review_dock = review.dock
        self.act_review_mode = review.act_mode
        self.act_next_disagreement = review.act_next
        self.act_prev_disagreement = review.act_previous
        self.act_accept_agreed = review.act_accept_agreed
        review_menu = self.menuBar().findChild(QMenu, "reviewMenu")
        if review_menu is not None:
            review_menu.addSeparator()
            review_menu.addAction(self.act_show_report)
        # Another writer (a second window, `annotator import`, a team member) shows up when the
        # window is activated and within seconds while it runs; the review panel listens too.
        self.watcher = ProjectWatcher(self, self)
        self.watcher.changed.connect(self.show_file_state)
        self.review_panel.follow(self.watcher.changed)
        self._load_project()
        self._restore_layout()
        name_window(self)
        follow_for_screen_readers(self)

    # -- construction ----------------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_docks(self) -> None:
        self.documents_pane = DocumentsPane()
        self.documents_pane.document_chosen.connect(self.open_document)
        self.documents_pane.menu_requested.connect(self.on_document_menu)
        self.doc_model, self.doc_table = self.documents_pane.model, self.documents_pane.table
        self.doc_dock = self._dock(
            self.tr("Documents"), "documentsDock", self.documents_pane, Qt.DockWidgetArea.LeftDockWidgetArea
        )
        self.annotations_pane = AnnotationsPane()
        self.annotations_pane.annotation_chosen.connect(self.view.select_annotation)
        pane = self.annotations_pane
        self.ann_model, self.ann_proxy, self.ann_table = pane.model, pane.proxy, pane.table
        self.ann_category, self.ann_annotator = pane.category_filter, pane.annotator_filter
        self.ann_dock = self._dock(
            self.tr("Annotations"),
            "annotationsDock",
            self.annotations_pane,
            Qt.DockWidgetArea.BottomDockWidgetArea,
        )

        self.inspector = Inspector()
        self.inspector.edit_requested.connect(self.on_inspector_edit)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QScrollArea.Shape.NoFrame)
        scroller.setWidget(self.inspector)
        self.inspector_dock = self._dock(
            self.tr("Inspector"), "inspectorDock", scroller, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.codebook_pane = CodebookPane()
        self.codebook_pane.category_activated.connect(self.on_category_id)
        self.codebook_pane.favourite_toggled.connect(self.on_favourite_toggled)
        self.codebook_pane.merge_requested.connect(self.on_merge_requested)
        self.codebook_pane.split_requested.connect(self.on_split_requested)
        self.codebook_dock = self._dock(
            self.tr("Codebook"), "codebookDock", self.codebook_pane, Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.splitDockWidget(self.inspector_dock, self.codebook_dock, Qt.Orientation.Vertical)

    def _default_dock_sizes(self) -> None:
        """Dock sizes for a first start (once the window has its size; later the saved layout wins)."""
        self.resizeDocks([self.doc_dock, self.inspector_dock], [470, 340], Qt.Orientation.Horizontal)
        self.resizeDocks([self.doc_dock, self.doc_tools.dock], [330, 270], Qt.Orientation.Vertical)
        # tall enough for a screenful of rows (at 180 pixels it showed three or four)
        self.resizeDocks([self.ann_dock], [260], Qt.Orientation.Vertical)
        self.resizeDocks([self.inspector_dock, self.codebook_dock], [420, 300], Qt.Orientation.Vertical)

    def _action(
        self,
        text: str,
        slot: Callable[[], Any],
        shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
        *,
        name: str = "",
        tip: str = "",
    ) -> QAction:
        action = QAction(self.tr(text), self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.setObjectName(name or text.replace("&", "").replace("…", "").replace(" ", "_").lower())
        if tip:
            action.setStatusTip(tip)
        # triggered(bool) would fill a lambda's first default argument: call the slot bare
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.act_new = self._action("&New Project…", self.on_new_project, K.New)
        self.act_open = self._action("&Open Project…", self.on_open_project, K.Open)
        self.act_open_readonly = self._action("Open Project &Read-Only…", self.on_open_project_readonly)
        self.act_open_team = self._action("Open &Team Project…", self.on_open_team_project)
        self.act_import = self._action("&Import Files…", self.on_import, "Ctrl+I")
        self.act_export = self._action("&Export Dataset…", self.on_export, "Ctrl+E")
        self.act_import_codebook = self._action("Import &Codebook…", self.on_import_codebook)
        self.act_edit_codebook = self._action(
            "&Edit Codebook…",
            self.on_edit_codebook,
            name="edit_codebook",
            tip=self.tr(
                "Add, rename, recolour, reorder and nest categories; each save is a new codebook version"
            ),
        )
        self.act_pick_code = self._action(
            "&Pick a Code…",
            self.on_pick_code,
            "Ctrl+K",
            name="pick_code",
            tip=self.tr("Find a code by typing and tag the selection with it"),
        )
        self.act_export_codebook = self._action("Export Code&book…", self.on_export_codebook)
        self.act_report = self._action(
            "Reliability &Report…",
            self.on_report,
            name="reliability_report",
            tip=self.tr("Write the reliability report (PDF or HTML) of the coders' agreement"),
        )
        self.act_show_report = self._action(
            "Reliability &Report",
            self.on_show_report,
            name="show_reliability_report",
            tip=self.tr(
                "Show the reliability report (intervals, coder pairs, methods paragraph); save it from there"
            ),
        )
        self.act_quit = self._action("&Quit", self.close, K.Quit)
        self.act_undo = self._action("&Undo", self.on_undo, K.Undo)
        self.act_redo = self._action("&Redo", self.on_redo)
        # The toolbar shows a fixed "Undo"/"Redo" (it would jump with every edit's name); the menu
        # entry and the tooltip say which edit.
        self.act_undo.setIconText(self.tr("Undo"))
        self.act_redo.setIconText(self.tr("Redo"))
        self.undo_stack.undoTextChanged.connect(partial(self._name_undo_step, self.act_undo, self.tr("Undo")))
        self.undo_stack.redoTextChanged.connect(partial(self._name_undo_step, self.act_redo, self.tr("Redo")))
        self.undo_stack.canUndoChanged.connect(self.act_undo.setEnabled)
        self.undo_stack.canRedoChanged.connect(self.act_redo.setEnabled)
        self.act_undo.setEnabled(False)
        self.act_redo.setEnabled(False)
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), *QKeySequence.keyBindings(K.Redo)]
        unique = {k.toString(): k for k in redo_keys if not k.isEmpty()}
        self.act_redo.setShortcuts(list(unique.values()))
        self.act_delete = self._action("&Delete Span", self.on_delete, K.Delete, name="delete_span")
        self.act_delete.setShortcuts([QKeySequence(K.Delete), QKeySequence(Qt.Key.Key_Backspace)])
        self.act_find = self._action("&Find in Document…", self.on_find, K.Find)
        self.act_find_next = self._action("Find &Next", lambda: self.find_bar.step(1), K.FindNext)
        self.act_find_prev = self._action("Find &Previous", lambda: self.find_bar.step(-1), K.FindPrevious)
        self.act_search = self._action("&Search Annotations…", self.on_search, "Ctrl+Shift+F")
        self.act_prefs = self._action("&Preferences…", self.on_preferences, K.Preferences)
        if self.act_prefs.shortcut().isEmpty():
            self.act_prefs.setShortcut(QKeySequence("Ctrl+,"))
        self.act_zoom_in = self._action("Zoom &In", self.view.zoom_in, K.ZoomIn)
        self.act_zoom_in.setShortcuts([QKeySequence("Ctrl+="), QKeySequence(K.ZoomIn)])
        self.act_zoom_out = self._action("Zoom &Out", self.view.zoom_out, K.ZoomOut)
        self.act_show_others = self._action(
            "Show &Other Coders",
            self.on_show_others,
            "Ctrl+Shift+O",
            name="show_other_coders",
            tip=self.tr(
                "Show colleagues' layers while coding (blind coding shows only yours; Review mode compares)"
            ),
        )
        self.act_show_others.setCheckable(True)
        self.act_show_others.setChecked(bool(self.settings.value(keys.SHOW_OTHER_CODERS, False, type=bool)))
        self.act_snap = self._action(
            "Snap Selection to &Words", self.on_snap_toggled, "Ctrl+Shift+W", name="snap_words"
        )
        self.act_snap.setCheckable(True)
        self.act_snap.setChecked(bool(self.settings.value(keys.SNAP_WORDS, True, type=bool)))
        self.view.snap_words = self.act_snap.isChecked()
        self.act_next_doc = self._action("&Next Document", lambda: self.step_document(1), "Ctrl+PgDown")
        self.act_prev_doc = self._action("&Previous Document", lambda: self.step_document(-1), "Ctrl+PgUp")
        self.act_next_span = self._action("Next &Span", lambda: self.step_span(1), "Ctrl+Down")
        self.act_prev_span = self._action("Previous S&pan", lambda: self.step_span(-1), "Ctrl+Up")
        self.act_focus_text = self._action("Focus &Text", self.view.setFocus, "F6")
        self.act_focus_note = self._action(
            "Edit &Note",
            self.on_focus_note,
            "F2",
            name="focus_note",
            tip=self.tr("Write a note on the selected span (F6 goes back to the text and keeps it)"),
        )
        self.act_end_grow = self._action("Extend Span End", lambda: self.adjust(end=1), "Shift+Alt+Right")
        self.act_end_shrink = self._action("Shrink Span End", lambda: self.adjust(end=-1), "Shift+Alt+Left")
        self.act_start_grow = self._action(
            "Extend Span Start", lambda: self.adjust(start=-1), "Ctrl+Shift+Alt+Left"
        )
        self.act_start_shrink = self._action(
            "Shrink Span Start", lambda: self.adjust(start=1), "Ctrl+Shift+Alt+Right"
        )
        self.status_actions: dict[DocumentStatus, QAction] = {}
        group = QActionGroup(self)
        for i, status in enumerate(DocumentStatus):
            act = self._action(
                str(STATUS_ACTIONS[status]),
                partial(self.set_status, status),
                f"Ctrl+Alt+{i + 1}",
                name=f"status_{status.value}",
            )
            act.setCheckable(True)
            group.addAction(act)
            self.status_actions[status] = act
        self.act_guide = self._action("User &Guide", self.on_guide, K.HelpContents, name="user_guide")
        self.act_shortcuts = self._action("&Keyboard Shortcuts", self.on_shortcuts, "Ctrl+/")
        self.act_about = self._action("&About", self.on_about)
        self.category_actions: dict[str, QAction] = {}
        self.theme_actions: dict[str, QAction] = {}
        theme_group = QActionGroup(self)
        current = str(self.settings.value(keys.THEME, "system"))
        for theme in THEMES:
            act = self._action(theme_label(theme), partial(self.set_theme, theme), name=f"theme_{theme}")
            act.setCheckable(True)
            act.setChecked(theme == current)
            theme_group.addAction(act)
            self.theme_actions[theme] = act

    @staticmethod
    def _name_undo_step(action: QAction, verb: str, text: str) -> None:
        action.setText(f"&{verb} {text}".strip())
        keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        action.setToolTip(f"{verb} {text}".strip() + (f" ({keys})" if keys else ""))

    def _build_menus_and_toolbar(self) -> None:
        mb = self.menuBar()
        m = mb.addMenu(self.tr("&File"))
        m.addActions([self.act_new, self.act_open, self.act_open_readonly, self.act_open_team])
        self.recent_menu = m.addMenu(self.tr("Open &Recent"))
        m.addSeparator()
        m.addActions([self.act_import, self.act_export])
        m.addSeparator()
        m.addActions([self.act_import_codebook, self.act_export_codebook, self.act_report])
        m.addSeparator()
        m.addAction(self.act_quit)
        m = mb.addMenu(self.tr("&Edit"))
        m.addActions([self.act_undo, self.act_redo])
        m.addSeparator()
        m.addAction(self.act_delete)
        m.addSeparator()
        m.addActions([self.act_find, self.act_find_next, self.act_find_prev, self.act_search])
        m.addSeparator()
        m.addAction(self.act_prefs)
        self.code_menu = mb.addMenu(self.tr("&Code"))
        m = mb.addMenu(self.tr("Code&book"))
        m.addActions([self.act_edit_codebook, self.act_pick_code])
        m.addSeparator()
        m.addActions([self.act_import_codebook, self.act_export_codebook])
        m = mb.addMenu(self.tr("&View"))
        m.setObjectName("viewMenu")
        m.addActions([self.act_zoom_in, self.act_zoom_out, self.act_snap, self.act_show_others])
        m.addSeparator()
        for dock in (self.doc_dock, self.ann_dock, self.inspector_dock, self.codebook_dock):
            m.addAction(dock.toggleViewAction())
        themes = m.addMenu(self.tr("&Colours"))
        themes.addActions(list(self.theme_actions.values()))
        m = mb.addMenu(self.tr("&Go"))
        m.addActions(
            [
                self.act_next_doc,
                self.act_prev_doc,
                self.act_next_span,
                self.act_prev_span,
                self.act_focus_text,
                self.act_focus_note,
            ]
        )
        m = mb.addMenu(self.tr("&Help"))
        m.setObjectName("helpMenu")  # found by name, not by its (translated) title
        m.addActions([self.act_guide, self.act_shortcuts, self.act_about])

        self.toolbar = QToolBar(self.tr("Main"))
        self.toolbar.setObjectName("mainToolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.addToolBar(self.toolbar)
        self.category_toolbar_start = self.toolbar.addSeparator()
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_undo, self.act_redo])
        self.toolbar.addSeparator()
        self.toolbar.addActions([self.act_prev_doc, self.act_next_doc])
        self.toolbar.addSeparator()
        self.toolbar.addAction(self.act_snap)

    def _build_status_bar(self) -> None:
        self.saved_label = QLabel(self.tr("All changes saved"))
        self.saved_label.setObjectName("savedLabel")
        self.annotator_label = QLabel()
        self.annotator_label.setObjectName("annotatorLabel")
        self.position_label = QLabel()
        sb = self.statusBar()
        sb.addPermanentWidget(self.position_label)
        sb.addPermanentWidget(self.annotator_label)
        sb.addPermanentWidget(self.saved_label)

    # -- project -----------------------------------------------------------------------------------

    def _load_project(self) -> None:
        project = self.project
        project.acting_as = self.me.id or None  # the edit history names whose edits these are
        title = project.path.name if project.path else redact_url(project.location)
        self.setWindowTitle(
            (
                self.tr("{title} (read-only) — Annotator") if project.readonly else "{title} — Annotator"
            ).format(title=title)
        )
        self.location_bar.show_risk(project.location_risk)
        self._names = {a.id: a.name for a in project.annotators()}
        self.annotator_label.setText(self.tr("Coding as {name}").format(name=self.me.name))
        self._show_codebook()
        self.annotations_pane.set_annotators(self._names)
        self.undo_stack.clear()
        self.doc_model.set_documents(project.documents())
        self.doc_tools.project_loaded()
        self.study_tools.refresh()
        self._remember_recent(project.location)
        last = str(self.settings.value(keys.last_document_key(project.location), "") or "")
        docs = self.doc_model.documents()
        target = last if any(d.id == last for d in docs) else (docs[0].id if docs else None)
        if target:
            self.open_document(target)
        else:
            self.view.clear_document()
            self.current_document_id = None
            self.doc_tools.document_opened(None)
            self.suggestions.document_opened(None)
        self.view.setFocus()

    def refresh_annotators(self) -> None:
        """Re-read annotator names (a new layer appeared) into every view that shows them."""
        self._names = {a.id: a.name for a in self.project.annotators()}
        self.annotations_pane.set_annotators(self._names)
        self.inspector.set_context(codebook=self.project.codebook, names=self._names)
        self.ann_model.set_names(self._names)
        self.view.set_annotator_names(self._names)

    #: At most this many categories get a toolbar button (the favourites); the rest are a Ctrl+K away.
    TOOLBAR_FAVOURITES = 12
    #: A large codebook nobody has starred codes of yet shows its first keyed codes, this many.
    TOOLBAR_DEFAULT_FAVOURITES = 6

    def _starred(self) -> list[str]:
        value: Any = self.settings.value(keys.favourites_key(self.project.codebook.id), [])
        if isinstance(value, str):
            value = [value] if value else []
        return [str(v) for v in value or []] if isinstance(value, list | tuple) else []

    def favourite_categories(self) -> list[str]:
        """The categories the toolbar shows: the starred ones, else those with a key, else the first codable.

        Never more than :attr:`TOOLBAR_FAVOURITES`, never a non-codable group.
        """
        codebook = self.project.codebook
        codable = [c for c in codebook.categories if c.codable]
        starred = set(self._starred())
        chosen = [c.id for c in codable if c.id in starred]
        if chosen:
            return chosen[: self.TOOLBAR_FAVOURITES]
        # unstarred: the keyed codes (else the first), as many as fit beside the other buttons
        chosen = [c.id for c in codable if c.shortcut] or [c.id for c in codable]
        return (
            chosen[: self.TOOLBAR_DEFAULT_FAVOURITES]
            if len(codable) > self.TOOLBAR_FAVOURITES
            else chosen[: self.TOOLBAR_FAVOURITES]
        )

    def on_favourite_toggled(self, category_id: str, starred: bool) -> None:
        current = self._starred()
        if not current:  # the first star: start from what the toolbar shows, so nothing vanishes
            current = self.favourite_categories()
        names = [c for c in current if c != category_id] + ([category_id] if starred else [])
        self.settings.setValue(keys.favourites_key(self.project.codebook.id), names)
        self._show_codebook()

    def _rebuild_category_actions(self) -> None:
        for act in self.category_actions.values():
            self.removeAction(act)
            self.toolbar.removeAction(act)
        self.code_menu.clear()
        self.category_actions = {}
        codebook = self.project.codebook
        favourites = self.favourite_categories()
        for cat in codebook.categories:
            if not cat.codable:
                continue
            act = self._action(
                cat.label,
                partial(self.on_category, cat),
                cat.shortcut or None,
                name=f"category_{cat.id}",
                tip=cat.definition,
            )
            act.setIcon(swatch(cat.color, pattern=category_pattern(self.project.codebook, cat.id)))
            act.setToolTip(
                f"{cat.label} ({cat.shortcut}): {cat.definition}"
                if cat.shortcut
                else f"{cat.label}: {cat.definition}"
            )
            self.category_actions[cat.id] = act
        for cid in favourites:
            self.code_menu.addAction(self.category_actions[cid])
            self.toolbar.insertAction(self.category_toolbar_start, self.category_actions[cid])
        if len(favourites) < len(self.category_actions):
            self._add_code_tree(self.code_menu.addMenu(self.tr("&All Codes")), codebook)
        self.code_menu.addAction(self.act_pick_code)
        self.code_menu.addSeparator()
        self.code_menu.addActions(
            [self.act_end_grow, self.act_end_shrink, self.act_start_grow, self.act_start_shrink]
        )
        self.code_menu.addSeparator()
        self.code_menu.addActions(list(self.status_actions.values()))

    def _add_code_tree(self, menu: QMenu, codebook: Codebook) -> None:
        """Every category as nested submenus (a group's own entry first when it is codable)."""
        menus: dict[str | None, QMenu] = {None: menu}
        for cat in codebook.categories:
            parent_menu = menus.get(cat.parent, menu)
            if codebook.children(cat.id):
                sub = parent_menu.addMenu(swatch(cat.color), cat.label)
                menus[cat.id] = sub
                if cat.id in self.category_actions:
                    sub.addAction(self.category_actions[cat.id])
                    sub.addSeparator()
            elif cat.id in self.category_actions:
                parent_menu.addAction(self.category_actions[cat.id])

    def on_category_id(self, category_id: str) -> None:
        """A category chosen by id (the codebook tree, the code picker): as its key would."""
        cat = self.project.codebook.category(category_id)
        if cat is not None:
            self.on_category(cat)

    def on_pick_code(self) -> None:
        """Open the code picker at the selection; Enter tags the selection with the code found."""
        if self.current_document_id is None:
            self.report(self.tr("Open a document first"))
            return
        picker = CodePicker(self.project.codebook, self)
        picker.chosen.connect(self.on_category_id)
        self.code_picker = picker
        rect = self.view.cursorRect()
        picker.popup_at(self.view.viewport().mapToGlobal(rect.bottomLeft() + QPoint(0, 4)))

    def on_edit_codebook(self) -> None:
        """The codebook editor; Save stores the edited codebook as a new version with its change log."""
        if self.project.readonly:
            self.report(self.tr("This project is open read-only"))
            return
        dialog = CodebookEditor(self.project.codebook, self)
        self.codebook_editor = dialog
        dialog.accepted.connect(lambda: self._save_edited_codebook(dialog))
        dialog.open()

    def _save_edited_codebook(self, dialog: CodebookEditor) -> None:
        from annotator.refactor import drop_attribute

        edited = dialog.result_codebook()
        # an attribute taken off a category takes its values off the spans: a refactoring, so
        # the values come back with Ctrl+Z
        before = self.project.codebook
        for cat in before.categories:
            kept = edited.category(cat.id)
            for attr in cat.attributes:
                if kept is not None and kept.attribute(attr.id) is None:
                    done = self.refactor(
                        partial(
                            drop_attribute, self.project, category=cat.id, attribute=attr.id, who=self.me.name
                        ),
                        f"drop the attribute {attr.id} of {cat.id}",
                    )
                    if done is None:
                        return
        if not codebook_changes(
            self.project.codebook, replace(edited, version=self.project.codebook.version)
        ):
            return  # dropping the attributes was all
        saved = self.attempt(lambda: self.project.edit_codebook(codebook=edited, who=self.me.name))
        if saved is None:
            return
        self._show_codebook()
        self.mark_saved()
        self.statusBar().showMessage(f"Saved codebook version {saved.version}", 8000)

    def refactor(self, operation: Callable[[], RefactorResult], text: str) -> RefactorResult | None:
        """Run a codebook refactoring as one undoable step and refresh from what it changed."""
        if self.project.readonly:
            self.report(self.tr("This project is open read-only"))
            return None
        result = self.attempt(operation)
        if result is None:
            return None
        self.push_step(text, apply=self.apply_changes)
        step = self.project.edit_step(result.step_id) if result.step_id else None
        self.apply_changes(step.changes if step is not None else ())
        self._show_codebook()
        self.mark_saved()
        return result

    def merge_categories_into(self, sources: Sequence[str], into: str) -> RefactorResult | None:
        """Merge ``sources`` into ``into``, recoding their spans (one step; Ctrl+Z undoes it)."""
        from annotator.refactor import merge_categories

        result = self.refactor(
            lambda: merge_categories(self.project, sources=sources, into=into, who=self.me.name),
            f"merge {', '.join(sources)} into {into}",
        )
        if result is not None:
            self.statusBar().showMessage(
                f"Merged into {into}: {len(result.changed)} spans recoded; "
                f"codebook version {result.codebook.version}",
                8000,
            )
        return result

    def split_category_into(self, category: str, labels: Sequence[str]) -> RefactorResult | None:
        """Split ``category`` into new categories named ``labels`` under it; its spans are listed."""
        from annotator.codebook import slug_id
        from annotator.refactor import split_category

        taken = set(self.project.codebook.category_ids)
        into = []
        for label in labels:
            cid = slug_id(label, taken)
            taken.add(cid)
            into.append((cid, label))
        result = self.refactor(
            lambda: split_category(self.project, category=category, into=into, who=self.me.name),
            f"split {category}",
        )
        if result is not None:
            self.statusBar().showMessage(
                f"Split {category}: {len(result.to_recode)} spans to recode "
                "(filter the Annotations pane by it)",
                8000,
            )
        return result

    def on_merge_requested(self, category_id: str) -> None:
        codebook = self.project.codebook
        others = [c for c in codebook.categories if c.codable and c.id != category_id]
        names = [" › ".join(x.label for x in codebook.path(c.id)) for c in others]
        chosen, ok = QInputDialog.getItem(
            self, self.tr("Merge category"), f"Merge “{category_id}” and its spans into:", names, 0, False
        )
        if ok and chosen in names:
            self.merge_categories_into([category_id], others[names.index(chosen)].id)

    def on_split_requested(self, category_id: str) -> None:
        text, ok = QInputDialog.getText(
            self,
            self.tr("Split category"),
            f"New categories under “{category_id}” (labels, separated by commas):",
        )
        labels = [t.strip() for t in text.split(",") if t.strip()]
        if ok and labels:
            self.split_category_into(category_id, labels)

    def switch_project(self, project: Project) -> None:
        self._save_last_document()
        old = self.project
        self.project = project
        name = self.me.name
        self.me = project.ensure_annotator(name=name) if not project.readonly else Annotator(id="", name=name)
        self._load_project()
        self.watcher.restart()
        old.close()

    def _remember_recent(self, location: str) -> None:
        # an entry holding a password (hand-edited settings) is dropped: it could not open anyway
        recent = [p for p in self._recent() if p != location and redact_url(p) == p]
        if redact_url(location) == location:
            recent.insert(0, location)
        self.settings.setValue(keys.RECENT_PROJECTS, recent[:MAX_RECENT])
        self.recent_menu.clear()
        for p in recent[:MAX_RECENT]:
            act = self.recent_menu.addAction(redact_url(p))
            act.triggered.connect(partial(self._open_recent, p))

    def _recent(self) -> list[str]:
        value = self.settings.value(keys.RECENT_PROJECTS, [])
        if isinstance(value, str):
            return [value]
        return [str(v) for v in value] if isinstance(value, list) else []

    def _open_recent(self, location: str, _checked: bool = False) -> None:
        self.open_project_path(location)

    def open_project_path(self, path: Path | str, *, readonly: bool = False) -> bool:
        """Open a project file or team database URL (asking for a password if needed)."""
        from ..dialogs.login import open_with_login

        try:
            project = open_with_login(self, path, readonly=readonly)
        except AnnotatorError as exc:
            self.report(str(exc))
            return False
        if project is None:
            return False
        self.switch_project(project)
        return True

    def on_open_team_project(self) -> None:
        from ..dialogs.login import ask_team_url

        url = ask_team_url(self)
        if url:
            self.open_project_path(url)

    def on_poll_changes(self) -> None:
        """Look at the project now, as the two-second poll does (attachment, other writers)."""
        self.watcher.check()

    def show_file_state(self) -> int:
        """Bring the panes up to what the file holds after other writers' commits.

        Only what differs changes: the document list when it differs, the open document's spans
        through :meth:`apply_change` (only the touched blocks are redrawn; the scroll position and
        the selection stay), or, for many changes at once, the document reloaded in place. Returns
        how many items changed. A failure to read is reported like a refused edit.
        """
        try:
            return self._catch_up()
        except AnnotatorError as exc:
            self.report(str(exc))
            return 0

    def _catch_up(self) -> int:
        self._refresh_codebook_if_changed()
        project = self.project
        documents = project.documents()
        changed = 0
        if documents != self.doc_model.documents():
            changed += 1
            self.doc_model.set_documents(documents)
            if self.current_document_id is not None:
                self.documents_pane.select(self.current_document_id)
        names = {a.id: a.name for a in project.annotators()}
        if names != self._names:
            self.refresh_annotators()
        doc_id = self.current_document_id
        if doc_id is None:
            if documents:
                self.open_document(documents[0].id)
            return changed
        stored = {
            a.id: a for a in project.annotations(document_id=doc_id, annotator_ids=self.visible_layers())
        }
        shown = {a.id: a for a in self.ann_model.annotations()}
        changes = differences(doc_id, shown, stored)
        if len(changes) > BULK_CHANGES:
            self._reload_document(list(stored.values()))
        else:
            for change in changes:
                self.apply_change(change, select_new=False, count=False)
        info = next((d for d in documents if d.id == doc_id), None)
        if info is not None:
            self.status_actions[info.status].setChecked(True)
        self.doc_tools.caught_up()
        self.suggestions.refresh()
        self.study_tools.refresh()
        return changed + len(changes)

    def _reload_document(self, annotations: list[Annotation]) -> None:
        """Many changes at once (an import): show the document afresh, at the same place."""
        view = self.view
        scroll = view.verticalScrollBar().value()
        selected = view.selected_annotation_id
        view.set_document(
            text=view.text,
            annotations=annotations,
            codebook=self.project.codebook,
            annotator_names=self._names,
            body=view.body,
        )
        self.ann_model.set_annotations(annotations, codebook=self.project.codebook, names=self._names)
        view.verticalScrollBar().setValue(scroll)
        if selected is not None and selected in view.span_index:
            view.select_annotation(selected)
        self._show_selection()
        self.suggestions.refresh()

    def _refresh_codebook_if_changed(self) -> None:
        """Another writer (the owner, in team mode) may have changed the codebook."""
        old = self.project.codebook
        self.project.refresh()
        if self.project.codebook != old:
            self._show_codebook()

    def _show_codebook(self) -> None:
        """Show the project's current codebook in every place that lists its categories."""
        codebook = self.project.codebook
        self._rebuild_category_actions()
        self.codebook_pane.set_codebook(codebook, favourites=set(self._starred()))
        self.inspector.set_context(codebook=codebook, names=self._names)
        self.annotations_pane.set_categories(codebook)

    # -- documents ---------------------------------------------------------------------------------

    def open_document(self, document_id: str) -> None:
        if document_id == self.current_document_id:
            return
        self.inspector.commit_pending()  # a note being typed belongs to the document being left
        self.doc_tools.pane.commit_pending()  # and so does a memo
        try:
            doc = self.project.document(document_id)
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        self.current_document_id = doc.id
        self._text = doc.text
        annotations = self.project.annotations(document_id=doc.id, annotator_ids=self.visible_layers())
        self.view.set_document(
            text=doc.text,
            annotations=annotations,
            codebook=self.project.codebook,
            annotator_names=self._names,
            body=doc.body,
        )
        self.ann_model.set_annotations(annotations, codebook=self.project.codebook, names=self._names)
        self.inspector.show_annotation(None)
        self._show_selection()
        self.status_actions[doc.status].setChecked(True)
        self.documents_pane.select(doc.id)
        self.show_document_label(doc)
        self.find_bar.document_changed()
        self._save_last_document()
        self.doc_tools.document_opened(doc.id)
        self.suggestions.document_opened(doc.id)

    def show_document_label(self, doc: Document | DocumentInfo) -> None:
        """The status bar's name of the open document."""
        length = len(doc.text) if isinstance(doc, Document) else doc.length
        self.position_label.setText(
            self.tr("{title} · {length} characters").format(
                title=short_title(doc.title), length=f"{length:,}"
            )
        )
        self.position_label.setToolTip(doc.title)

    def reload_from_file(self) -> None:
        """Show the project file afresh in every pane, at the same document, span and scroll position."""
        doc_id = self.current_document_id
        selected = self.view.selected_annotation_id
        scroll = self.view.verticalScrollBar().value()
        self.project.refresh()
        self._show_codebook()
        self.refresh_annotators()
        documents = self.project.documents()
        self.doc_model.set_documents(documents)
        self.current_document_id = None
        if doc_id is not None and any(d.id == doc_id for d in documents):
            self.open_document(doc_id)
            self.view.verticalScrollBar().setValue(scroll)
            if selected is not None and selected in self.view.span_index:
                self.view.select_annotation(selected)
        elif documents:
            self.open_document(documents[0].id)
        else:
            self.view.clear_document()

    def recover_from_error(self, what: str) -> None:
        """After a bug in a slot: say so in one line and show exactly what the file holds.

        The undo history is dropped: an edit the bug interrupted may be in the file without its
        undo step, and undoing around it could overwrite it.
        """
        try:
            self.reload_from_file()
            self.undo_stack.clear()
        except AnnotatorError as exc:
            self.report(
                f"Something went wrong ({what}), and the project could not be read: {exc}", unsaved=True
            )
            return
        self.statusBar().showMessage(
            f"Something went wrong: {what}; the window shows the project file as it is", 30000
        )

    def _save_last_document(self) -> None:
        if self.current_document_id:  # a team project's URL names it as well as a file's path
            self.settings.setValue(keys.last_document_key(self.project.location), self.current_document_id)

    def step_document(self, delta: int) -> None:
        doc_id = self.documents_pane.neighbour(delta)
        if doc_id is None:
            return
        self.open_document(doc_id)
        self.view.setFocus()

    def _count_change(self, change: AnnotationChange) -> None:
        """Keep the document list's span count in step from the change record (no query)."""
        delta = (change.after is not None) - (change.before is not None)
        info = self.doc_model.get(change.document_id)
        if delta and info is not None:
            self.doc_model.replace(replace(info, annotation_count=info.annotation_count + delta))

    def set_status(self, status: DocumentStatus) -> None:
        doc_id = self.current_document_id
        if doc_id is None:
            return
        change = self.attempt(lambda: self.project.set_document_status(document_id=doc_id, status=status))
        if change is None:
            self._show_stored_status(doc_id)  # the menu had already ticked the new status
            return
        if change.before == change.after:
            return
        self.push_step(f"mark as {change.after.label}", apply=self.apply_changes)
        self._on_status_applied(doc_id)

    def _show_stored_status(self, document_id: str) -> None:
        info = self.doc_model.get(document_id)
        if info is not None and document_id == self.current_document_id:
            self.status_actions[info.status].setChecked(True)

    def _on_status_applied(self, document_id: str) -> None:
        status = self.project.document(document_id).status
        info = self.doc_model.get(document_id)
        if info is not None:
            self.doc_model.replace(replace(info, status=status))
        if document_id == self.current_document_id:
            self.status_actions[status].setChecked(True)
        self.suggestions.status_changed(document_id)
        self.study_tools.status_changed(document_id, status)
        self.mark_saved()

    def on_document_menu(self, where: QPoint) -> None:
        menu = QMenu(self)
        menu.addActions(list(self.status_actions.values()))
        menu.addSeparator()
        menu.addAction(self.doc_tools.act_properties)
        menu.exec(where)

    # -- editing -----------------------------------------------------------------------------------

    def say(self, message: str) -> None:
        """Say something done or found in the status bar for a few seconds."""
        self.statusBar().showMessage(message, 6000)

    def report(self, message: str, *, unsaved: bool = False) -> None:
        """Show a refused edit or a failed action in one line; nothing changed.

        ``unsaved`` says the project could not be written (disk full, file gone, read-only): the
        status bar then stops claiming that all changes are saved until the next write succeeds.
        """
        self.statusBar().showMessage(message, 8000)
        if unsaved:
            self.saved_label.setText(self.tr("Not saved: ") + message[:60])

    def attempt(self, operation: Callable[[], T]) -> T | None:
        """Run one core write; on failure say why (one line) and return ``None``.

        Every write of the window goes through here: edits, undo/redo, document status, review,
        codebook import. A refusal (``ValidationError``, ``ConflictError``, ``PermissionRefused``:
        nothing was written and the file is fine) leaves the saved state alone; a failure to write
        the project (``ProjectError``, or a database error that escaped conversion) marks the
        window "Not saved" until the next write succeeds.
        """
        try:
            result = operation()
        except (ValidationError, ConflictError, PermissionRefused) as exc:
            self.report(str(exc))
            return None
        except AnnotatorError as exc:
            self.report(str(exc), unsaved=True)
            return None
        except Exception as exc:  # a database failure: the edit did not happen
            first = str(exc).splitlines()[0][:160]
            self.report(self.tr("Could not write to the project: {error}").format(error=first), unsaved=True)
            return None
        self._say_reattached()
        return result

    def _say_reattached(self) -> None:
        """If the project had to attach itself to its file again, say so and show the file's state."""
        message = self.project.reattached
        if not message:
            return
        self.project.reattached = None
        self.statusBar().showMessage(message[0].upper() + message[1:], 15000)
        self.show_file_state()

    def check_attachment(self) -> None:
        """Notice (on the poll) that the project was detached from its file, and attach it again.

        Until the project is attached again the window does not claim anything is saved.
        """
        try:
            self.project.check_attachment()
        except AnnotatorError as exc:
            self.report(str(exc), unsaved=True)
            return
        self._say_reattached()

    def mark_saved(self) -> None:
        self.saved_label.setText(self.tr("All changes saved"))
        self.watcher.note_own_write()

    def perform(self, operation: Callable[[], AnnotationChange], text: str) -> AnnotationChange | None:
        """Run one core edit; on success push its history step for undo and refresh from its record."""
        shown = self.statusBar().currentMessage()
        change = self.attempt(operation)
        if change is None:
            return None
        self.push_step(text, apply=self.apply_changes)
        # the cursor lands on the edited span: the edit is said below, not the span under it
        self.quiet_cursor = True
        try:
            self.apply_change(change)
        finally:
            self.quiet_cursor = False
        # what the edit itself made the status bar say (a reconnection, say) stays there
        quiet = self.statusBar().currentMessage() != shown
        self.say_aloud(change_message(change, self.project.codebook), status_bar=not quiet)
        return change

    def say_aloud(self, message: str, *, status_bar: bool = True) -> None:
        """Say ``message`` to a screen reader and in the status bar (an edit just made)."""
        if message:
            if status_bar:
                self.say(message)
            announce(self.view, message)

    def push_step(
        self, text: str, *, apply: Callable[[Sequence[Change]], None], review: bool = False
    ) -> None:
        """Put the project's last history step on the undo stack (named ``text`` in the Edit menu)."""
        step_id = self.project.last_step_id
        if step_id is not None:
            self.undo_stack.push(
                StepCommand(project=self.project, step_id=step_id, text=text, apply=apply, review=review)
            )

    def apply_changes(self, changes: Sequence[Change]) -> None:
        """Refresh every view from the change records of an undo or redo."""
        if any(isinstance(c, CodebookChange) for c in changes):  # a refactoring undone or redone
            self._show_codebook()  # first: the spans it wrote back use that version's categories
        others: list[Change] = []
        suggested = False
        for change in changes:
            if isinstance(change, AnnotationChange):
                self.apply_change(change)
            elif isinstance(change, DocumentChange) and change.field == "status":
                self._on_status_applied(change.document_id)
            elif isinstance(change, SuggestionChange):
                suggested = True
            elif isinstance(change, CodebookChange):
                continue
            else:  # metadata, body, memo, variables, the project memo
                others.append(change)
        if others:
            self.doc_tools.apply(others)
        if suggested:
            self.suggestions.refresh()
        self.mark_saved()

    def on_undo(self) -> None:
        self._step_undo(undo=True)

    def on_redo(self) -> None:
        self._step_undo(undo=False)

    def _step_undo(self, *, undo: bool) -> None:
        """Undo or redo: the core edit first; the stack moves only if it was committed."""
        stack = self.undo_stack
        index = stack.index() - 1 if undo else stack.index()
        if not 0 <= index < stack.count():
            return
        command = stack.command(index)
        if isinstance(command, StepCommand):

            def run_core_half() -> bool:
                command.prepare(undo=undo)
                return True

            if self.attempt(run_core_half) is None:
                return  # nothing changed: the stack stays where it is
        if undo:
            stack.undo()
        else:
            stack.redo()

    def apply_change(self, change: AnnotationChange, *, select_new: bool = True, count: bool = True) -> None:
        """Refresh every view from one change record (also called by undo, redo and the watcher).

        ``select_new`` selects an added span (the user's own tag); another writer's additions
        arrive with it off, so they do not take the selection away. ``count`` keeps the document
        list's span count in step; the watcher, which reloads the counts from the file, turns it off.
        """
        if change.after is not None and change.after.annotator_id not in self._names:
            self.refresh_annotators()
        if change.document_id == self.current_document_id and self._shows(change):
            self.view.apply_change(change)
            self.ann_model.apply(change.before, change.after)
            selected = self.view.selected_annotation_id
            if change.after is not None and (
                (change.before is None and select_new) or selected == change.after.id
            ):
                self.view.select_annotation(change.after.id)
            elif change.after is None and change.before is not None and selected == change.before.id:
                self.view.select_annotation(None)
            # the id may not have changed (a recode, a resize, an undo): the panes follow anyway
            self._show_selection()
        if count:
            self._count_change(change)
        self.study_tools.annotation_changed(change)
        self.doc_tools.annotations_changed()
        self.mark_saved()

    # -- blind coding ----------------------------------------------------------------------------

    def others_allowed(self) -> bool:
        """Whether the lead lets coders see colleagues' layers outside Review mode."""
        return self.project.setting(ALLOW_OTHER_LAYERS_SETTING) != "no"

    def visible_layers(self) -> list[str] | None:
        """The layers the text and the Annotations pane show while coding (``None``: every layer).

        Blind coding: a coder sees their own layer only, unless they turn on Show Other Coders
        (and the lead allows it). A project opened read-only (reviewing a colleague's file) shows
        every layer, since nobody codes in it.
        """
        if self.project.readonly or not self.me.id:
            return None
        if self.act_show_others.isChecked() and self.others_allowed():
            return None
        return [self.me.id]

    def _shows(self, change: AnnotationChange) -> bool:
        visible = self.visible_layers()
        if visible is None or self.review_panel.active:
            return True
        return any(a is not None and a.annotator_id in visible for a in (change.before, change.after))

    def on_show_others(self) -> None:
        if self.act_show_others.isChecked() and not self.others_allowed():
            self.act_show_others.setChecked(False)
            self.report(
                self.tr("The study's lead keeps colleagues' layers hidden while coding (blind coding)")
            )
            return
        self.settings.setValue(keys.SHOW_OTHER_CODERS, self.act_show_others.isChecked())
        self._reload_layers()

    def _reload_layers(self) -> None:
        """Show the open document again with the layers now visible, at the same place."""
        doc_id = self.current_document_id
        if doc_id is None or self.review_panel.active:
            return
        self.current_document_id = None
        scroll = self.view.verticalScrollBar().value()
        self.open_document(doc_id)
        self.view.verticalScrollBar().setValue(scroll)

    def _edited_layer(self) -> str | None:
        """The layer edits go to: your own while coding, your adjudicated layer in Review mode."""
        if not self.review_panel.active:
            return self.me.id
        layer = self.attempt(lambda: self.project.adjudicated_layer(reviewer_id=self.me.id, create=True))
        if layer is not None and layer.id not in self._names:
            self.refresh_annotators()
        return layer.id if layer is not None else None

    def _refuse_other_layer(self, annotation: Annotation) -> bool:
        """Only your own layer changes (your adjudicated one in Review mode); say so for any other."""
        mine = self.me.id
        if self.review_panel.active:
            layer = self.project.adjudicated_layer(reviewer_id=self.me.id)
            mine = layer.id if layer is not None else ""
        if annotation.annotator_id == mine:
            return False
        owner = self._names.get(annotation.annotator_id, "another coder")
        if self.review_panel.active:
            self.report(f"This span is {owner}'s: in Review mode only your adjudicated layer is written")
        else:
            self.report(
                f"This span is {owner}'s: you change only your own layer (Review mode compares layers)"
            )
        return True

    def list_annotations(self, annotations: Sequence[Annotation]) -> None:
        """The Annotations pane lists these (what the text shows: one's layer, or review's layers)."""
        self.ann_model.set_annotations(annotations, codebook=self.project.codebook, names=self._names)
        self._show_selection()

    def _selected_annotation(self) -> Annotation | None:
        aid = self.view.selected_annotation_id
        if not aid:
            return None
        return self.ann_model.get(aid)

    def on_category(self, category: Category) -> None:
        """A category key, toolbar button or menu entry: tag the selection, or recode the selected span."""
        if self.current_document_id is None:
            return
        if self.project.readonly:
            self.report(self.tr("This project is open read-only"))
            return
        selected = self._selected_annotation()
        rng = self.view.selection_range(snap=self.view.snap_words)
        if selected is not None and (rng is None or rng == (selected.start, selected.end)):
            if self._refuse_other_layer(selected):
                return
            if selected.category != category.id:
                self.perform(
                    lambda: self.project.update_annotation(annotation_id=selected.id, category=category.id),
                    self.tr("change to {category}").format(category=category.label.lower()),
                )
            return
        current = self.view.pending.current
        if rng is None and current is not None and selected is None:
            # a category key on the current suggestion accepts it as that category
            self.suggestions.accept(current, category=category.id)
            return
        if rng is None:
            self.report(self.tr("Select some text first, then press a category key"))
            return
        start, end = rng
        doc_id = self.current_document_id
        layer = self._edited_layer()
        if layer is None:
            return
        self.perform(
            lambda: self.project.add_annotation(
                document_id=doc_id, start=start, end=end, category=category.id, annotator_id=layer
            ),
            self.tr("tag as {category}").format(category=category.label.lower()),
        )

    def on_delete(self) -> None:
        selected = self._selected_annotation()
        if selected is None:
            self.report(self.tr("Select a span to delete (click it)"))
            return
        if self._refuse_other_layer(selected):
            return
        cat = self.project.codebook.category(selected.category)
        label = cat.label.lower() if cat else selected.category
        self.perform(
            lambda: self.project.delete_annotation(annotation_id=selected.id),
            self.tr("delete {category}").format(category=label),
        )

    def adjust(self, *, start: int = 0, end: int = 0) -> None:
        """Move the selected span's start or end by one step: a word when snapping, else a character.

        Graphemes stay whole either way, and with snapping no edge lands beside a space.
        """
        selected = self._selected_annotation()
        if selected is None:
            self.report(self.tr("Select a span to adjust (click it)"))
            return
        if self._refuse_other_layer(selected):
            return
        if start:
            moved = move_span_edge(
                self._text,
                selected.start,
                selected.end,
                edge="start",
                grow=start < 0,
                words=self.view.snap_words,
            )
        else:
            moved = move_span_edge(
                self._text, selected.start, selected.end, edge="end", grow=end > 0, words=self.view.snap_words
            )
        if moved is None:
            self.report(self.tr("A span cannot be shorter than one character"))
            return
        new_start, new_end = moved
        if (new_start, new_end) == (selected.start, selected.end):
            return
        self.perform(
            lambda: self.project.update_annotation(annotation_id=selected.id, start=new_start, end=new_end),
            self.tr("adjust span boundaries"),
        )

    def on_span_resized(self, annotation_id: str, start: int, end: int) -> None:
        """An edge of the selected span was dragged in the view."""
        selected = self._selected_annotation()
        if selected is None or selected.id != annotation_id or (selected.start, selected.end) == (start, end):
            return
        if self._refuse_other_layer(selected):
            self.view.select_annotation(selected.id)  # the drag is undone on screen
            return
        self.perform(
            lambda: self.project.update_annotation(annotation_id=annotation_id, start=start, end=end),
            self.tr("resize span"),
        )

    def on_inspector_edit(self, annotation_id: str, changes: dict[str, Any]) -> None:
        edited = self.ann_model.get(annotation_id) or self.project.annotation(annotation_id)
        if edited is not None and self._refuse_other_layer(edited):
            self.inspector.show_annotation(None)  # the fields go back to what is stored
            self.inspector.show_annotation(edited)
            return
        if "category" in changes:
            cat = self.project.codebook.category(changes["category"])
            text = self.tr("change to {category}").format(
                category=cat.label.lower() if cat else changes["category"]
            )
        elif "note" in changes:
            text = self.tr("edit note")
        else:
            text = self.tr("edit attributes")
        self.perform(lambda: self.project.update_annotation(annotation_id=annotation_id, **changes), text)

    def on_annotation_selected(self, _annotation_id: str) -> None:
        self._show_selection()

    def _show_selection(self) -> None:
        """Show the view's selected span, as stored now, in the inspector and the annotation list."""
        ann = self._selected_annotation()
        if ann != self.inspector.annotation:
            self.inspector.show_annotation(ann)
        has_span = ann is not None and not self.project.readonly
        for act in self._span_actions():
            act.setEnabled(has_span)
        self.annotations_pane.show_selected(ann.id if ann is not None else None)

    def _span_actions(self) -> list[QAction]:
        """The actions that need a selected span."""
        return [
            self.act_delete,
            self.act_end_grow,
            self.act_end_shrink,
            self.act_start_grow,
            self.act_start_shrink,
        ]

    def step_span(self, delta: int) -> None:
        items = self.ann_model.annotations()
        if not items:
            return
        current = self.ann_model.row_of(self.view.selected_annotation_id or "")
        row = (current + delta) % len(items) if current >= 0 else (0 if delta > 0 else len(items) - 1)
        self.view.select_annotation(items[row].id)
        self.view.setFocus()

    def on_context_menu(self, pos: Any) -> None:
        menu = QMenu(self)
        suggested = self.suggestions.context_actions(pos)
        if suggested:
            menu.addActions(suggested)
            menu.addSeparator()
        for cid in self.favourite_categories():
            menu.addAction(self.category_actions[cid])
        if len(self.category_actions) > len(self.favourite_categories()):
            self._add_code_tree(menu.addMenu(self.tr("All Codes")), self.project.codebook)
        menu.addAction(self.act_pick_code)
        menu.addSeparator()
        menu.addAction(self.act_delete)
        menu.addActions([self.act_undo, self.act_redo])
        menu.addSeparator()
        menu.addActions(self.doc_tools.context_actions())
        menu.exec(self.view.viewport().mapToGlobal(pos))

    def on_snap_toggled(self) -> None:
        self.view.snap_words = self.act_snap.isChecked()
        self.settings.setValue(keys.SNAP_WORDS, self.act_snap.isChecked())

    # -- find and search -----------------------------------------------------------------------------

    def on_focus_note(self) -> None:
        """The keyboard's way to the selected span's note (the inspector shows its dock first)."""
        if self._selected_annotation() is None:
            self.report(self.tr("Select a span first (Go > Next Span), then edit its note"))
            return
        self.inspector_dock.show()
        self.inspector_dock.raise_()
        self.inspector.note.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def on_find(self) -> None:
        self.find_bar.open()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
            return
        super().keyPressEvent(event)

    def on_search(self) -> None:
        titles = {d.id: d.title for d in self.doc_model.documents()}
        self._search = SearchDialog(
            annotations=self.project.annotations(),
            titles=titles,
            codebook=self.project.codebook,
            annotators=self.project.annotators(),
            parent=self,
        )
        self._search.jump_requested.connect(self.jump_to)
        self._search.show()

    def jump_to(self, document_id: str, annotation_id: str) -> None:
        """Open a span found elsewhere (the Analysis pane's retrieval, a search): a span of a layer
        hidden by blind coding is shown by turning on Show Other Coders where the study allows it,
        and otherwise the status bar says why it cannot be shown."""
        self.open_document(document_id)
        visible = self.visible_layers()
        found = self.project.annotation(annotation_id) if visible is not None else None
        if visible is not None and found is not None and found.annotator_id not in visible:
            if not self.others_allowed():
                self.report(self.tr("That span is in a colleague's layer, hidden while coding blind"))
                return
            self.act_show_others.setChecked(True)
            self.on_show_others()
            self.report(self.tr("Showing other coders' layers to open that span (View > Show Other Coders)"))
        self.view.select_annotation(annotation_id)
        self.view.setFocus()

    # -- files ---------------------------------------------------------------------------------------

    def _project_folder(self) -> Path | None:
        return self.project.path.parent if self.project.path is not None else None

    def on_new_project(self) -> None:
        chosen = ask_save_file(
            self,
            self.settings,
            purpose="project",
            title="New project",
            filters=["Annotator projects (*.annotator.sqlite *.sqlite)"],
            name="project.annotator.sqlite",
            fallback=self._project_folder(),
        )
        if chosen is None:
            return
        path = chosen[0]
        if path.exists():
            self.report(f"{path} already exists; use Open Project")
            return
        self.open_project_path(path)

    def on_open_project(self, *, readonly: bool = False) -> None:
        title = "Open a colleague's project read-only" if readonly else "Open project"
        path = ask_open_file(
            self,
            self.settings,
            purpose="project",
            title=title,
            filters=["Annotator projects (*.sqlite)", "All files (*)"],
            fallback=self._project_folder(),
        )
        if path is not None:
            self.open_project_path(path, readonly=readonly)

    def on_open_project_readonly(self) -> None:
        """Review a colleague's project file without any chance of changing it.

        The file is opened with SQLite's read-only mode and the same checks as any received
        file (quick_check, no triggers or views, a newer schema refused).
        """
        self.on_open_project(readonly=True)

    def on_import(self) -> None:
        from annotator.importers.batch import accepted_suffixes

        patterns = " ".join(f"*{s}" for s in accepted_suffixes())
        paths = ask_open_files(
            self,
            self.settings,
            purpose="import",
            title="Import files",
            filters=[f"Articles, datasets and other tools' files ({patterns})", "All files (*)"],
        )
        if paths:
            self.import_paths(paths)

    def import_paths(self, paths: list[Path]) -> None:
        from annotator.importers.batch import import_articles

        from ..dialogs.dataset_import import confirm_dataset_import

        # a colleague's dataset: warn when invalid; when their codebook version differs, show the
        # differences and the migration plan, and migrate the ones the user agrees to
        paths = [
            p for p in paths if p.suffix.lower() != ".json" or confirm_dataset_import(self, self.project, p)
        ]
        if not paths:
            return
        migrate = frozenset(p for p in paths if p.suffix.lower() == ".json")
        codebook_before = (self.project.codebook.id, self.project.codebook.version)

        dialog = QProgressDialog(self.tr("Importing…"), self.tr("Cancel"), 0, 0, self)
        dialog.setWindowTitle(self.tr("Import"))
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(300)

        def progress(done: int, total: int, name: str) -> bool:
            dialog.setMaximum(total)
            dialog.setValue(done)
            dialog.setLabelText(self.tr("Importing {name}").format(name=name))
            QApplication.processEvents()
            return not dialog.wasCanceled()

        try:
            report = import_articles(self.project, paths, on_progress=progress, migrate=migrate)
        except AnnotatorError as exc:
            dialog.close()
            self.report(str(exc))
            return
        dialog.close()
        if (self.project.codebook.id, self.project.codebook.version) != codebook_before:
            self._show_codebook()  # a migrated dataset's newer version was adopted
        self.refresh_annotators()
        self.doc_model.set_documents(self.project.documents())
        if self.current_document_id is not None:
            self.documents_pane.select(self.current_document_id)
            self.show_file_state()  # the open document's new spans
        if self.current_document_id is None and self.doc_model.documents():
            self.open_document(self.doc_model.documents()[0].id)
        lines = [
            self.tr("{imported} imported, {skipped} skipped, {failed} failed").format(
                imported=len(report.imported), skipped=len(report.skipped), failed=len(report.failed)
            )
        ]
        lines += [
            self.tr("skipped {name}: {reason}").format(name=n, reason=r) for n, r in report.skipped[:20]
        ]
        lines += [self.tr("failed {name}: {reason}").format(name=n, reason=r) for n, r in report.failed[:20]]
        self.statusBar().showMessage(lines[0], 8000)
        if report.failed or report.skipped:
            QMessageBox.information(self, self.tr("Import"), "\n".join(lines))

    @staticmethod
    def export_choices() -> list[tuple[str, str]]:
        """File > Export's formats as (name, dialog filter): the dataset first, then other tools'."""
        from annotator.formats import EXPORT_FORMATS

        return [(name, flt) for name, flt, _suffix in EXPORT_FORMATS]

    def on_export(self) -> None:
        choices = self.export_choices()
        chosen = ask_save_file(
            self,
            self.settings,
            purpose="export",
            title="Export",
            filters=[flt for _, flt in choices],
            name="dataset.json",
            fallback=self._project_folder(),
        )
        if chosen is None:
            return
        path, flt = chosen
        fmt = next((name for name, f in choices if f == flt), "")
        if not fmt:
            suffix = path.suffix.lstrip(".").lower()
            fmt = suffix if suffix in ("json", "jsonl", "csv") else "json"
        self.export_to(path, fmt)

    def export_to(self, path: Path, fmt: str) -> None:
        """Write the project to ``path`` in ``fmt`` (atomically) and say what was written.

        The export runs in a worker thread (it only reads): a large project takes seconds, and
        the window stays responsive meanwhile; the status bar says when it is done.
        """
        from annotator.dataset import export_dataset
        from annotator.formats import export_file

        from .background import run_in_background

        project = self.project

        def work() -> dict[str, int]:
            if fmt in ("json", "jsonl", "csv"):
                return export_dataset(project, path, fmt=fmt)
            return export_file(project, path, fmt)

        def done(counts: dict[str, int]) -> None:
            self.statusBar().showMessage(
                self.tr("Exported {documents} documents, {annotations} annotations to {path}").format(
                    documents=counts.get("documents", 0), annotations=counts.get("annotations", 0), path=path
                ),
                8000,
            )

        self.statusBar().showMessage(self.tr("Exporting to {path}…").format(path=path))
        run_in_background(work, done=done, failed=self.report)

    def on_import_codebook(self) -> None:
        """Make a codebook file (JSON or REFI-QDA .qdc) the project's current codebook."""
        from annotator.formats.qdc import read_codebook_file

        path = ask_open_file(
            self,
            self.settings,
            purpose="codebook",
            title="Import codebook",
            filters=["Codebooks (*.json *.qdc *.qdpx *.qde)", "All files (*)"],
            fallback=self._project_folder(),
        )
        if path is None:
            return
        try:
            codebook = read_codebook_file(path)
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        done = self.attempt(lambda: self.project.set_codebook(codebook=codebook))
        if done is None:
            return
        self._show_codebook()
        self.mark_saved()
        self.statusBar().showMessage(
            f"Codebook {codebook.id} {codebook.version} is now current "
            f"({len(codebook.categories)} categories)",
            8000,
        )

    def on_export_codebook(self) -> None:
        from annotator.formats.qdc import write_codebook_file

        json_filter, qdc_filter = "Codebook JSON (*.json)", "REFI-QDA codebook (*.qdc)"
        codebook = self.project.codebook
        chosen = ask_save_file(
            self,
            self.settings,
            purpose="codebook",
            title="Export codebook",
            filters=[json_filter, qdc_filter],
            name=f"{codebook.id}-{codebook.version}.json",
            fallback=self._project_folder(),
        )
        if chosen is None:
            return
        path, flt = chosen
        fmt = "qdc" if flt == qdc_filter or path.suffix.lower() == ".qdc" else "json"
        try:
            write_codebook_file(codebook, path, fmt)
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        self.statusBar().showMessage(f"Wrote codebook {codebook.id} {codebook.version} to {path}", 8000)

    def _build_reliability_report(self) -> ReliabilityReport | None:
        """The project's report with bootstrap intervals (a second or two: the cursor says so)."""
        from annotator.agreement.intervals import BootstrapSettings
        from annotator.reliability.report import build_report

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            return build_report(self.project, bootstrap=BootstrapSettings())
        except AnnotatorError as exc:
            self.report(str(exc))
            return None
        finally:
            QApplication.restoreOverrideCursor()

    def on_show_report(self) -> None:
        """Review > Reliability Report: the report as it prints, with buttons to save it."""
        from ..dialogs.reliability import ReliabilityReportDialog

        report = self._build_reliability_report()
        if report is None:
            return
        dialog = ReliabilityReportDialog(
            report=report, settings=self.settings, folder=self._project_folder(), parent=self
        )
        dialog.setModal(False)
        dialog.show()
        self._report_dialog = dialog

    def on_report(self) -> None:
        """File > Reliability Report: write the report (PDF or a web page) of the project's coders."""
        from annotator.reliability.report import write_html

        from ..printing import write_report_pdf

        pdf_filter = "PDF (*.pdf)"
        chosen = ask_save_file(
            self,
            self.settings,
            purpose="report",
            title="Reliability report",
            filters=["Web page (*.html)", pdf_filter],
            name="reliability-report.html",
            fallback=self._project_folder(),
        )
        if chosen is None:
            return
        path, flt = chosen
        report = self._build_reliability_report()
        if report is None:
            return
        try:
            if flt == pdf_filter or path.suffix.lower() == ".pdf":
                write_report_pdf(report, path)
            else:
                write_html(report, path)
        except AnnotatorError as exc:
            self.report(str(exc))
            return
        self.statusBar().showMessage(
            f"Wrote the reliability report ({len(report.coders)} coders, {len(report.documents)} documents) "
            f"to {path}",
            8000,
        )

    # -- preferences, help, layout --------------------------------------------------------------------

    def on_preferences(self) -> None:
        language = str(self.settings.value(keys.LANGUAGE, "system"))
        dialog = PreferencesDialog(
            name=self.me.name,
            theme=str(self.settings.value(keys.THEME, "system")),
            themes=THEMES,
            language=language,
            parent=self,
        )
        if dialog.exec():
            self.set_annotator_name(dialog.name.text())
            self.set_theme(str(dialog.theme.currentData()))
            chosen = str(dialog.language.currentData())
            if chosen != language:
                self.settings.setValue(keys.LANGUAGE, chosen)
                self.say(self.tr("The new language shows the next time Annotator starts"))

    def set_annotator_name(self, name: str) -> None:
        name = name.strip()
        if not name or name == self.me.name:
            return
        self.settings.setValue(keys.ANNOTATOR_NAME, name)
        if not self.project.readonly:
            self.me = self.project.ensure_annotator(name=name)
            self.project.acting_as = self.me.id
            self._names = {a.id: a.name for a in self.project.annotators()}
            self.annotations_pane.set_annotators(self._names)
        self.annotator_label.setText(self.tr("Coding as {name}").format(name=name))

    def set_theme(self, theme: str) -> None:
        self.settings.setValue(keys.THEME, theme)
        self.theme_actions[theme].setChecked(True)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.view.refresh_colors()

    def on_shortcuts(self) -> None:
        ShortcutsDialog(self.actions(), self).exec()

    def on_guide(self) -> None:
        from ..dialogs.guide import GuideDialog

        self._guide = GuideDialog(self)
        self._guide.show()

    def on_about(self) -> None:
        from ..dialogs.about import AboutDialog

        self._about = AboutDialog(project_location=self.project.location, parent=self)
        self._about.open()

    def _restore_layout(self) -> None:
        geometry = self.settings.value(keys.WINDOW_GEOMETRY)
        state = self.settings.value(keys.WINDOW_STATE)
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1400, 880)
        self._first_show_sizes = not isinstance(state, QByteArray)
        if isinstance(state, QByteArray):
            self.restoreState(state)
        zoom = self.settings.value(keys.FONT_SIZE)
        if isinstance(zoom, int | str) and str(zoom).isdigit():
            self.view.set_font_point_size(int(zoom))
        QTimer.singleShot(0, self.view.setFocus)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if getattr(self, "_first_show_sizes", False):
            self._first_show_sizes = False
            QTimer.singleShot(0, self._default_dock_sizes)  # once the docks have their places

    def closeEvent(self, event: QCloseEvent) -> None:
        self.inspector.commit_pending()  # a note or attribute still being typed
        self.doc_tools.pane.commit_pending()  # a memo or a variable's value
        self._save_last_document()
        self.settings.setValue(keys.WINDOW_GEOMETRY, self.saveGeometry())
        self.settings.setValue(keys.WINDOW_STATE, self.saveState())
        self.settings.setValue(keys.FONT_SIZE, self.view.font_point_size)
        self.settings.sync()
        super().closeEvent(event)
