"""The window's tools for running a coding study (``annotator assign``, ``annotator gold``).

:func:`install_study_tools` adds a Study menu and keeps the Documents pane's "My documents" in
step with the project:

- the coder's assigned documents come first in the Documents pane, with their own progress (not
  started, in progress, done) in the Status column; the reliability sample is marked only when the
  lead lets coders know it (:data:`annotator.study.SHOW_RELIABILITY_SETTING`);
- the first span a coder tags in an assigned document makes it "in progress" for them, and Code >
  Mark as Done (or any status) records their assignment's status as well as the document's;
- Study > Progress… shows every coder's progress (:func:`annotator.study.progress`) for the lead;
- Study > Compare with Gold… steps through the coder's own differences from the gold coding (or,
  with no layer marked gold, from review's adjudicated layers, unless the lead keeps colleagues'
  coding hidden),
  in a pane under the text (tabbed with the Annotations pane) that shows each place in the text.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QLabel, QMenu

from annotator import study
from annotator.domain import AnnotationChange, Assignment, DocumentStatus
from annotator.errors import AnnotatorError

from ..dialogs.progress import ProgressDialog
from ..i18n import translate

if TYPE_CHECKING:
    from ..panes.gold import GoldComparison
    from .mainwindow import MainWindow

__all__ = ["StudyTools", "install_study_tools"]


class StudyTools:
    """The study tools of one main window (see the module's docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._mine: dict[str, Assignment] = {}
        self.progress_dialog: ProgressDialog | None = None
        self.gold_pane: GoldComparison | None = None
        self.gold_dock = QDockWidget(translate("StudyTools", "Compare with Gold"), window)
        self.gold_dock.setObjectName("goldDock")
        placeholder = QLabel(
            translate("StudyTools", "Study > Compare with Gold… lists your differences from the gold coding")
        )
        placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.gold_dock.setWidget(placeholder)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.gold_dock)
        window.tabifyDockWidget(window.ann_dock, self.gold_dock)
        window.ann_dock.raise_()
        self.gold_dock.hide()
        self.act_only_mine = QAction(translate("StudyTools", "Only &My Documents"), window)
        self.act_only_mine.setObjectName("only_my_documents")
        self.act_only_mine.setCheckable(True)
        self.act_only_mine.setShortcut(QKeySequence("Ctrl+Shift+M"))
        self.act_only_mine.toggled.connect(window.documents_pane.only_mine.setChecked)
        window.documents_pane.only_mine.toggled.connect(self.act_only_mine.setChecked)
        self.act_progress = QAction(translate("StudyTools", "&Progress…"), window)
        self.act_progress.setObjectName("study_progress")
        self.act_progress.setShortcut(QKeySequence("Ctrl+Alt+P"))
        self.act_progress.setStatusTip(
            translate("StudyTools", "Each coder's documents done, in progress and not started")
        )
        self.act_progress.triggered.connect(lambda _checked=False: self.on_progress())
        self.act_gold = QAction(translate("StudyTools", "Compare with &Gold…"), window)
        self.act_gold.setObjectName("compare_with_gold")
        self.act_gold.setShortcut(QKeySequence("Ctrl+Alt+G"))
        self.act_gold.setStatusTip(
            translate("StudyTools", "Step through the places where your coding differs from the gold coding")
        )
        self.act_gold.triggered.connect(lambda _checked=False: self.on_compare_gold())
        for act in (self.act_only_mine, self.act_progress, self.act_gold):
            window.addAction(act)
        menu = QMenu(translate("StudyTools", "&Study"), window)
        menu.setObjectName("studyMenu")
        menu.addAction(self.act_only_mine)
        menu.addSeparator()
        menu.addActions([self.act_progress, self.act_gold])
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.menu() and a.menu().objectName() == "helpMenu"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu

    # -- what the window tells ----------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the coder's assignments again (a project opened, another writer assigned some)."""
        window = self.window
        project = window.project
        me = window.me.id
        self._mine = {a.document_id: a for a in project.assignments() if me and a.coder_id == me}
        show_sample = project.setting(study.SHOW_RELIABILITY_SETTING) == "yes"
        window.documents_pane.set_assignments(self._mine, show_sample=show_sample)
        self.act_only_mine.setEnabled(bool(self._mine))

    def annotation_changed(self, change: AnnotationChange) -> None:
        """A span of the coder's in an assigned document not started yet: now it is in progress."""
        me = self.window.me.id
        mine = self._mine.get(change.document_id)
        if mine is None or mine.status is not DocumentStatus.NOT_STARTED or change.after is None:
            return
        if change.after.annotator_id != me:
            return
        self._record(change.document_id, DocumentStatus.IN_PROGRESS)

    def status_changed(self, document_id: str, status: DocumentStatus) -> None:
        """The coder marked a document (or undid a mark): their assignment follows; a document
        they already tagged in stays in progress when a mark is undone back to "not started"."""
        mine = self._mine.get(document_id)
        if mine is None:
            return
        window = self.window
        if status is DocumentStatus.NOT_STARTED and window.project.annotations(
            document_id=document_id, annotator_ids=[window.me.id]
        ):
            status = DocumentStatus.IN_PROGRESS
        if mine.status is not status:
            self._record(document_id, status)

    def _record(self, document_id: str, status: DocumentStatus) -> None:
        window = self.window
        if window.project.readonly:
            return
        me = window.me.id
        stored = window.attempt(
            lambda: window.project.set_assignment_status(document_id=document_id, coder_id=me, status=status)
        )
        if not stored:
            return
        old = self._mine[document_id]
        self._mine[document_id] = Assignment(
            document_id=document_id, coder_id=me, reliability=old.reliability, status=status
        )
        window.documents_pane.set_assignment_status(document_id, status)

    # -- the menu's dialogs -------------------------------------------------------------------------

    def on_progress(self) -> None:
        project = self.window.project
        if self.progress_dialog is not None:
            self.progress_dialog.close()
        self.progress_dialog = ProgressDialog(load=lambda: study.progress(project), parent=self.window)
        self.progress_dialog.show()
        self.progress_dialog.raise_()

    def on_compare_gold(self) -> None:
        window = self.window
        project = window.project
        if not window.me.id:
            window.report(
                translate(
                    "StudyTools", "Comparing with gold needs your own layer (this project is open read-only)"
                )
            )
            return
        # loaded on first use: the comparison brings the agreement code, which start-up does without
        from annotator.reliability.gold import compared_documents, gold_differences, gold_reference

        from ..panes.gold import GoldComparison

        try:
            reference = gold_reference(project)
            if not project.gold_layers() and not window.others_allowed():
                # the stand-in for gold would be review's adjudicated layer: colleagues' coding
                window.report(
                    translate(
                        "StudyTools",
                        "No layer is marked gold, and the study's lead keeps colleagues' coding hidden "
                        "(blind coding); the lead can mark a gold layer with annotator gold LAYER",
                    )
                )
                return
            differences = gold_differences(project, coder_id=window.me.id)
            documents = len(compared_documents(project, coder_id=window.me.id, reference=reference))
        except AnnotatorError as exc:
            window.report(str(exc))
            return
        pane = GoldComparison(
            differences=differences,
            reference=reference.name,
            coder=window.me.name,
            documents=documents,
            codebook=project.codebook,
            titles={d.id: d.title for d in project.documents()},
        )
        pane.jump_requested.connect(self.show_place)
        old = self.gold_dock.widget()
        self.gold_dock.setWidget(pane)
        if old is not None:
            old.deleteLater()
        self.gold_pane = pane
        self.gold_dock.show()
        self.gold_dock.raise_()
        current = pane.current()
        if current is not None:
            self.show_place(current.document_id, current.start, current.end)

    def show_place(self, document_id: str, start: int, end: int) -> None:
        """Open the document and select the place (the dialog stays read-only)."""
        window = self.window
        window.open_document(document_id)
        if window.current_document_id == document_id:
            window.view.select_range(start, end)


def install_study_tools(window: MainWindow) -> StudyTools:
    """Add the study tools to ``window`` (see the module's docstring)."""
    return StudyTools(window)
