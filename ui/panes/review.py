"""The Review pane: compare coders' layers in the open document and settle them into an adjudicated layer.

:func:`install_review` adds to a window a "Review" dock (a :class:`ReviewPanel`), a "Versions" dock
with the comparison of the current unit (:mod:`ui.panes.comparison`), a Review menu with a
checkable Review Mode action (Ctrl+R) and the stepping actions (F8 / Shift+F8), and the overlay on
the text view that marks each unit (:mod:`ui.textview.review_overlay`). The panel serves any
window that offers :class:`ReviewHost`.

Every decision has a key. Each chosen coder has a number, 1 to 9 in the order of the coder list,
shown on their Accept button and their line in the comparison: with the panel focused, the number
accepts that coder's version of the current unit; Alt+number does it from anywhere in the window
(where the bare digits stay the codebook's category keys, for coding in the text). The other
buttons have Alt mnemonics, and F8 / Shift+F8 step through the open disagreements.

Adjudications are core operations (:mod:`annotator.review`), carried out before their undo command
is pushed, like the window's own edits: each is one step of the project's edit history, so Ctrl+Z
on the window's stack (or ``annotator undo`` in a terminal) takes it back in the project file.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from PySide6.QtCore import QEvent, QObject, QRunnable, QSize, Qt, QThreadPool, QTimer, Signal, SignalInstance
from PySide6.QtGui import (
    QAction,
    QFont,
    QKeyEvent,
    QKeySequence,
    QResizeEvent,
    QTextCursor,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDockWidget,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from annotator.domain import Annotation, AnnotationChange, Annotator, AnnotatorKind, Change
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.review import (
    AlignedGroup,
    DocumentReview,
    GroupState,
    ReviewOutcome,
    accept_all_agreed,
    accept_edited,
    accept_version,
    nesting_depths,
    reject_group,
    reopen_group,
    review_document,
    span_counts,
)

from ..i18n import translate
from ..icons import swatch
from ..textview.review_overlay import (
    SHORT_LABELS,
    STATE_HELP,
    STATE_STYLES,
    ReviewOverlay,
    state_icon,
)
from ..textview.view import AnnotationTextView
from ..undo import StepCommand
from .comparison import ComparisonView, VersionLine
from .models import ID_ROLE, KIND_ROLE

if TYPE_CHECKING:
    # the agreement code loads when review mode first shows figures, not at start-up
    from annotator.agreement import AgreementReport
    from annotator.reliability import LiveAgreement

T = TypeVar("T")


class _Loaded(QObject):
    """Carries a finished :class:`_AgreementLoad` back to the GUI thread."""

    done = Signal(object, object)  # the LiveAgreement, and the error message or None


class _AgreementLoad(QRunnable):
    """Counts every document of a :class:`LiveAgreement` in a worker thread (it only reads)."""

    def __init__(self, live: LiveAgreement) -> None:
        super().__init__()
        self.live = live
        self.signals = _Loaded()

    def run(self) -> None:
        from annotator.errors import AnnotatorError

        try:
            self.live.load()
        except AnnotatorError as exc:
            self.signals.done.emit(self.live, str(exc))
            return
        self.signals.done.emit(self.live, None)


class ReviewHost(Protocol):
    """What the review panel needs of the window it serves (the main window is one)."""

    @property
    def project(self) -> Project: ...

    @property
    def me(self) -> Annotator: ...

    @property
    def view(self) -> AnnotationTextView: ...

    @property
    def current_document_id(self) -> str | None: ...

    @property
    def undo_stack(self) -> QUndoStack: ...

    def report(self, message: str, *, unsaved: bool = False) -> None: ...

    def attempt(self, operation: Callable[[], T]) -> T | None: ...

    def apply_change(
        self, change: AnnotationChange, *, select_new: bool = True, count: bool = True
    ) -> None: ...

    def mark_saved(self) -> None: ...

    def push_step(
        self, text: str, *, apply: Callable[[Sequence[Change]], None], review: bool = False
    ) -> None: ...

    def refresh_annotators(self) -> None: ...

    def visible_layers(self) -> list[str] | None: ...

    def list_annotations(self, annotations: Sequence[Annotation]) -> None: ...

    def say(self, message: str) -> None: ...


#: Width the review dock asks for when review mode starts, at least (the user can drag it after);
#: more when the panel's font needs it (see :meth:`ReviewPanel.preferred_width`).
REVIEW_DOCK_WIDTH = 460

#: Height the Versions dock grows to, at least, when review mode starts: three coders' lines and
#: the adjudicated layer's, for a unit of a sentence or two.
VERSIONS_DOCK_HEIGHT = 320

#: The number keys that pick a coder's version, in coder order.
VERSION_KEYS = (
    Qt.Key.Key_1,
    Qt.Key.Key_2,
    Qt.Key.Key_3,
    Qt.Key.Key_4,
    Qt.Key.Key_5,
    Qt.Key.Key_6,
    Qt.Key.Key_7,
    Qt.Key.Key_8,
    Qt.Key.Key_9,
)


def version_key(event: QKeyEvent) -> int | None:
    """1 to 9 when ``event`` is a bare number key (on the main row or the keypad), else ``None``."""
    modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
    if modifiers != Qt.KeyboardModifier.NoModifier:
        return None
    try:
        return VERSION_KEYS.index(Qt.Key(event.key())) + 1
    except ValueError:
        return None


class VersionButton(QPushButton):
    """An Accept button for one coder's version: its number key first, the rest elided to fit.

    The panel is a narrow column: a button as wide as its text would push the panel into a
    horizontal scroll bar, so the text gives way instead (the tooltip has all of it).
    """

    def __init__(self, *, key: int | None, text: str) -> None:
        super().__init__()
        self._key = key
        self._full = text
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("text-align: left; padding: 3px 6px;")
        self._fit()

    @property
    def key(self) -> int | None:
        return self._key

    @property
    def full_text(self) -> str:
        return self._full

    def minimumSizeHint(self) -> QSize:
        return QSize(80, super().minimumSizeHint().height())

    def event(self, event: QEvent) -> bool:
        # Alt+number: click now. A button's own mnemonic animates the click for a tenth of a
        # second, and a refresh of the panel in between (another writer, a coder's edit) would
        # replace the button and lose the click.
        if event.type() == QEvent.Type.Shortcut and self.isEnabled():
            self.click()
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        prefix = f"&{self._key}  " if self._key is not None else ""
        fm = self.fontMetrics()
        room = self.width() - fm.horizontalAdvance(prefix.replace("&", "")) - self.iconSize().width() - 24
        shown = fm.elidedText(self._full, Qt.TextElideMode.ElideRight, max(room, 20))
        self.setText(prefix + shown.replace("&", "&&"))


def _elide(text: str, limit: int = 48) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ReviewPanel(QWidget):
    """Coder chooser, legend, the units of the open document, decisions, and agreement figures.

    :attr:`comparison` is the close-up of the current unit; :func:`install_review` docks it.
    """

    #: A unit was made current: its state and text in words (for the status bar and screen readers).
    unit_shown = Signal(str)

    def __init__(self, *, window: ReviewHost) -> None:
        super().__init__()
        self.setObjectName("reviewPanel")
        self._window = window
        self._active = False
        self._review: DocumentReview | None = None
        self._current: str | None = None
        self._document_id: str | None = None
        self._project_key: object = None
        self._checked: dict[str, bool] = {}
        self._loading = False
        self._setting_view = False
        self._project_agreement_stale = True
        self._project_report: AgreementReport | None = None
        # the project's figures, counted in a worker when the coders or the project change, then
        # kept up to date one edited document at a time (never recomputed whole on this thread)
        self._live: LiveAgreement | None = None
        self._loads: list[_AgreementLoad] = []
        self._edited_document: str | None = None
        # each document's own figures, until a coder's layer in it changes (decisions do not)
        self._doc_reports: dict[str, AgreementReport] = {}
        self._edit_group: str | None = None
        self.overlay = ReviewOverlay(window.view)
        self.comparison = ComparisonView()
        self.comparison.version_activated.connect(self.accept_member)
        # the text's own typeface (at the panel's size), so the close-up reads like the text above
        text_font = QFont(window.view.font())
        text_font.setPointSizeF(self.font().pointSizeF() + 1)
        self.comparison.set_text_font(text_font)

        # coders
        self.annotator_list = QListWidget()
        self.annotator_list.setObjectName("reviewAnnotators")
        self.annotator_list.itemChanged.connect(self._on_annotator_item)
        self.annotator_list.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.annotator_hint = QLabel()
        self.annotator_hint.setObjectName("reviewHint")
        # No word wrap in this panel: a wrapping label gives the layout a height-for-width, and a
        # scroll area then sizes the panel by preferred heights, scrolling even where it would fit.
        self.annotator_hint.setWordWrap(False)

        # legend
        self.legend = QWidget()
        self.legend.setObjectName("reviewLegend")
        grid = QGridLayout(self.legend)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        grid.setVerticalSpacing(2)
        self.legend_labels: dict[GroupState, QLabel] = {}
        for i, state in enumerate(STATE_STYLES):
            icon = QLabel()
            icon.setPixmap(state_icon(state, size=14, with_line=True).pixmap(QSize(42, 14)))
            label = QLabel(SHORT_LABELS[state])
            label.setToolTip(STATE_HELP[state])
            icon.setToolTip(STATE_HELP[state])
            self.legend_labels[state] = label
            grid.addWidget(icon, i // 2, (i % 2) * 2)
            grid.addWidget(label, i // 2, (i % 2) * 2 + 1)
        faded = QLabel()
        faded.setPixmap(state_icon(GroupState.CATEGORY_DISAGREEMENT, settled=True).pixmap(QSize(14, 14)))
        faded.setToolTip(self.tr("A settled unit's marker is faded, and its row in the list has a ✓"))
        n = len(STATE_STYLES)
        grid.addWidget(faded, n // 2, (n % 2) * 2)
        grid.addWidget(QLabel(self.tr("Faded, ✓: settled")), n // 2, (n % 2) * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)

        # groups
        self.summary = QLabel()
        self.summary.setObjectName("reviewSummary")
        self.group_list = QTreeWidget()
        self.group_list.setObjectName("reviewGroups")
        self.group_list.setColumnCount(2)
        self.group_list.setHeaderLabels([self.tr("State"), self.tr("Text")])
        self.group_list.setRootIsDecorated(False)
        self.group_list.setUniformRowHeights(True)
        self.group_list.setAlternatingRowColors(True)
        self.group_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        # the text column gives way (elided) rather than the list scrolling sideways
        self.group_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.group_list.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = self.group_list.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.group_list.setMinimumHeight(110)
        self.group_list.currentItemChanged.connect(self._on_current_item)
        self.group_list.itemActivated.connect(self._on_item_activated)

        # actions for the current group
        self.group_title = QLabel(self.tr("No unit selected"))
        self.group_title.setObjectName("reviewGroupTitle")
        self.member_box = QWidget()
        self.member_layout = QVBoxLayout(self.member_box)
        self.member_layout.setContentsMargins(0, 0, 0, 0)
        self.member_layout.setSpacing(3)
        self.member_buttons: list[VersionButton] = []
        self.edit_category = QComboBox()
        self.edit_category.setObjectName("reviewEditCategory")
        self.accept_edited_button = QPushButton(self.tr("Accept &selection as"))
        self.accept_edited_button.setObjectName("reviewAcceptEdited")
        self.accept_edited_button.setToolTip(
            self.tr(
                "Adjust the selection in the text (Shift+arrows), pick a category, then accept it (Alt+S)"
            )
        )
        self.accept_edited_button.clicked.connect(self.accept_selection)
        self.reject_button = QPushButton(self.tr("Re&ject all"))
        self.reject_button.setObjectName("reviewReject")
        self.reject_button.setToolTip(self.tr("Keep none of these spans; the unit counts as settled (Alt+J)"))
        self.reject_button.clicked.connect(self.reject_current)
        self.reopen_button = QPushButton(self.tr("Re&open"))
        self.reopen_button.setObjectName("reviewReopen")
        self.reopen_button.setToolTip(
            self.tr("Take back the decisions on this unit (and the spans they added; Alt+O)")
        )
        self.reopen_button.clicked.connect(self.reopen_current)
        self.accept_agreed_button = QPushButton(self.tr("Accept all agree&d"))
        self.accept_agreed_button.setObjectName("reviewAcceptAgreed")
        self.accept_agreed_button.setToolTip(
            self.tr("Copy every agreed, unsettled unit of this document at once (Alt+D)")
        )
        self.accept_agreed_button.clicked.connect(self.accept_all_agreed)
        self.edit_category.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.edit_category.setMinimumContentsLength(8)
        edit_row = QHBoxLayout()
        edit_row.addWidget(self.accept_edited_button)
        edit_row.addWidget(self.edit_category, 1)
        action_row = QHBoxLayout()
        action_row.addWidget(self.reject_button)
        action_row.addWidget(self.reopen_button)
        action_row.addStretch(1)
        action_row.addWidget(self.accept_agreed_button)

        # agreement
        self.agreement_table = QTableWidget(0, 5)
        self.agreement_table.setObjectName("reviewAgreement")
        self.agreement_table.setHorizontalHeaderLabels(
            ["", self.tr("Doc α_U"), self.tr("Doc F1"), self.tr("Project α_U"), self.tr("Project F1")]
        )
        for column in (2, 4):
            header_item = self.agreement_table.horizontalHeaderItem(column)
            if header_item is not None:
                header_item.setToolTip(self.tr("Span F1, exact matches (overlap in the tooltip)"))
        self.agreement_table.verticalHeader().hide()
        self.agreement_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.agreement_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.agreement_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        th = self.agreement_table.horizontalHeader()
        th.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in range(1, 5):
            th.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.agreement_table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 4)
        self.agreement_note = QLabel()
        self.agreement_note.setObjectName("reviewAgreementNote")
        self.agreement_note.setWordWrap(True)

        content = QWidget()
        layout = QVBoxLayout(content)
        layout.setContentsMargins(6, 4, 6, 6)
        layout.setSpacing(4)
        layout.addWidget(_heading("Compare"))
        layout.addWidget(self.annotator_list)
        layout.addWidget(self.annotator_hint)
        layout.addWidget(self.legend)
        layout.addSpacing(4)
        layout.addWidget(self.summary)
        layout.addWidget(self.group_list, 1)
        layout.addSpacing(4)
        layout.addWidget(_heading("Decide"))
        layout.addWidget(self.group_title)
        layout.addWidget(self.member_box)
        layout.addLayout(edit_row)
        layout.addLayout(action_row)
        layout.addSpacing(4)
        layout.addWidget(_heading("Agreement: Krippendorff's α<sub>U</sub> and span F1"))
        layout.addWidget(self.agreement_table)
        layout.addWidget(self.agreement_note)
        scroll = QScrollArea()
        scroll.setObjectName("reviewScroll")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # never sideways: everything in the panel gives way to its width instead (elided texts)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(content)
        self.scroll_area = scroll
        self.content = content
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll)
        # the number keys pick a version while the panel has the focus (see the module docstring)
        for widget in (self.annotator_list, self.group_list, self.edit_category):
            widget.installEventFilter(self)

        window.view.textChanged.connect(self._on_view_text_changed)
        # Any edit or undo in the window (a coder's span changed, an adjudication undone) may change
        # the groups: re-align once the event that caused it is over.
        self._stack_index = window.undo_stack.index()
        self._refresh_pending = False
        window.undo_stack.indexChanged.connect(self._on_stack_index)
        self._update_actions()

    # -- state -------------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._active

    @property
    def review(self) -> DocumentReview | None:
        return self._review

    @property
    def project(self) -> Project:
        return self._window.project

    @property
    def reviewer(self) -> Annotator:
        return self._window.me

    def chosen_coders(self) -> list[str]:
        """Ids of the ticked coders, in list order (these are aligned and compared)."""
        return [aid for aid, kind in self._rows() if kind == "coder" and self._checked.get(aid)]

    def shown_layers(self) -> list[str]:
        """Ids of the ticked adjudicated layers (shown in the text, never compared)."""
        return [aid for aid, kind in self._rows() if kind == "adjudicated" and self._checked.get(aid)]

    def set_chosen(self, annotator_ids: Sequence[str]) -> None:
        """Tick exactly these annotators (coders and adjudicated layers) and refresh."""
        wanted = set(annotator_ids)
        self._checked = {aid: aid in wanted for aid, _ in self._rows()}
        self._sync_annotator_checks()
        self._project_agreement_stale = True
        self.refresh(reload_view=True)

    def _rows(self) -> list[tuple[str, str]]:
        out = []
        for i in range(self.annotator_list.count()):
            item = self.annotator_list.item(i)
            aid = item.data(ID_ROLE)
            if aid:
                out.append((str(aid), str(item.data(KIND_ROLE))))
        return out

    @property
    def current_group(self) -> AlignedGroup | None:
        if self._review is None or self._current is None:
            return None
        return next((g for g in self._review.groups if g.key == self._current), None)

    def set_active(self, active: bool) -> None:
        """Turn review mode on (overlay, chosen layers only in the view) or off (everything back)."""
        if active == self._active:
            return
        self._active = active
        self.overlay.setVisible(active)
        if active:
            self._project_agreement_stale = True
            self.refresh(reload_view=True)
        else:
            self._reload_view(all_layers=True)
            self.overlay.set_groups([], settled=frozenset(), current=None)
        self._update_actions()

    def preferred_width(self) -> int:
        """The width the panel needs to show everything unclipped (at least :data:`REVIEW_DOCK_WIDTH`).

        The agreement table's columns decide it: the panel is as wide as the table's columns
        want, plus the margins.
        """
        table = self.agreement_table
        columns = sum(table.horizontalHeader().sectionSizeHint(c) for c in range(1, table.columnCount()))
        first = table.horizontalHeader().sectionSizeHint(0)
        if table.rowCount():
            first = max(first, table.sizeHintForColumn(0))
        scrollbar = self.scroll_area.verticalScrollBar().sizeHint().width()
        needed = columns + first + 2 * table.frameWidth() + 12 + scrollbar
        return max(REVIEW_DOCK_WIDTH, int(needed))

    # -- keys ----------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # A bare number key is a category key in the window; while the panel has the focus it picks
        # a coder's version instead. Accepting the override keeps the window's shortcut out of it.
        if event.type() == QEvent.Type.ShortcutOverride and version_key(cast(QKeyEvent, event)):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        n = version_key(event)
        if n is not None:
            self.pick_version(n)
            return
        super().keyPressEvent(event)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # lists and the category box would take a digit as a type-ahead search
        if event.type() in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride):
            n = version_key(cast(QKeyEvent, event))
            if n is not None:
                event.accept()
                if event.type() == QEvent.Type.KeyPress:
                    self.pick_version(n)
                return True
        # not the base class: it would touch ``watched``, which may be half destroyed by now
        return False

    def coder_number(self, annotator_id: str) -> int | None:
        """The number key of a chosen coder (1 for the first ticked coder), ``None`` past 9."""
        coders = self.chosen_coders()
        if annotator_id not in coders:
            return None
        n = coders.index(annotator_id) + 1
        return n if n <= len(VERSION_KEYS) else None

    def pick_version(self, number: int) -> None:
        """The number key ``number``: accept that coder's version of the current unit."""
        group = self._reviewing()
        if group is None:
            return
        coders = self.chosen_coders()
        if not 1 <= number <= len(coders):
            self._window.report(
                self.tr("There is no coder {number}: {count} are compared").format(
                    number=number, count=len(coders)
                )
            )
            return
        coder = coders[number - 1]
        member = next((m for m in group.members if m.annotator_id == coder), None)
        if member is None:
            names = {a.id: a.name for a in self.project.annotators()}
            self._window.report(
                self.tr("{coder} marked nothing in this unit").format(coder=names.get(coder, coder))
            )
            return
        if not any(b.isEnabled() for b in self.member_buttons):
            self._window.report(
                "This project is open read-only"
                if self.project.readonly
                else "This unit was rejected; reopen it first (Alt+O)"
            )
            return
        self.accept_member(member.id)

    # -- refreshing --------------------------------------------------------------------------------

    def follow(self, changed: SignalInstance) -> None:
        """Refresh (agreement included) whenever ``changed`` says another writer changed the project."""
        changed.connect(self._on_other_writer)

    def _on_other_writer(self) -> None:
        self._project_agreement_stale = True
        if self._active and not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _on_view_text_changed(self) -> None:
        # The window (re)loaded a document into the view; let it finish, then follow.
        if self._active and not self._setting_view:
            QTimer.singleShot(0, self._follow_document)

    def _on_stack_index(self, index: int) -> None:
        previous, self._stack_index = self._stack_index, index
        stack = self._window.undo_stack
        try:
            changed = stack.command(index - 1) if index > previous else stack.command(index)
        except RuntimeError:  # the stack empties itself while the window is destroyed
            return
        if not (isinstance(changed, StepCommand) and changed.review):  # adjudications leave coders alone
            # an edit (or its undo) in the open document: only its contribution is counted again
            self._edited_document = self._window.current_document_id
        if self._active and not self._refresh_pending:
            self._refresh_pending = True
            QTimer.singleShot(0, self._deferred_refresh)

    def _deferred_refresh(self) -> None:
        self._refresh_pending = False
        self.refresh()

    def _follow_document(self) -> None:
        if self._active and self._window.current_document_id != self._document_id:
            self._current = None
        if self._active:
            self.refresh(reload_view=True)

    def _rebuild_annotators(self) -> None:
        """List coders, then adjudicated layers; keep ticks, tick sensible newcomers."""
        project = self.project
        key = (id(project), project.path)
        if key != self._project_key:
            self._project_key = key
            self._checked = {}
            self._project_agreement_stale = True
        counts = span_counts(project)
        annotators = project.annotators()
        me = self.reviewer.id
        layers_of_me = {
            a.id
            for a in annotators
            if a.kind == AnnotatorKind.ADJUDICATED and project.adjudicated_by(a.id) == me
        }
        self._loading = True
        try:
            self.annotator_list.clear()
            for kind, title in (
                (AnnotatorKind.CODER, None),
                (AnnotatorKind.ADJUDICATED, "Adjudicated layers (shown)"),
            ):
                group = [a for a in annotators if a.kind == kind]
                if title and group:
                    header = QListWidgetItem(title)
                    header.setFlags(Qt.ItemFlag.NoItemFlags)
                    font = header.font()
                    font.setItalic(True)
                    header.setFont(font)
                    self.annotator_list.addItem(header)
                for a in group:
                    n = counts.get(a.id, 0)
                    item = QListWidgetItem(f"{a.name}  ({n} span{'s' if n != 1 else ''})")
                    item.setData(ID_ROLE, a.id)
                    item.setData(KIND_ROLE, kind.value)
                    item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                    if a.id not in self._checked:
                        self._checked[a.id] = bool(n) if kind == AnnotatorKind.CODER else a.id in layers_of_me
                    item.setCheckState(
                        Qt.CheckState.Checked if self._checked[a.id] else Qt.CheckState.Unchecked
                    )
                    self.annotator_list.addItem(item)
        finally:
            self._loading = False
        rows = self.annotator_list.count()
        height = (
            self.annotator_list.sizeHintForRow(0) * min(max(rows, 2), 6)
            + 2 * self.annotator_list.frameWidth()
            + 2
        )
        self.annotator_list.setMaximumHeight(height)

    def _sync_annotator_checks(self) -> None:
        self._loading = True
        try:
            for i in range(self.annotator_list.count()):
                item = self.annotator_list.item(i)
                aid = item.data(ID_ROLE)
                if aid:
                    checked = self._checked.get(str(aid), False)
                    item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        finally:
            self._loading = False

    def _on_annotator_item(self, item: QListWidgetItem) -> None:
        if self._loading:
            return
        aid = item.data(ID_ROLE)
        if not aid:
            return
        self._checked[str(aid)] = item.checkState() == Qt.CheckState.Checked
        if item.data(KIND_ROLE) == "coder":
            self._project_agreement_stale = True
        self.refresh(reload_view=True)

    def refresh(self, *, reload_view: bool = False) -> None:
        """Re-align the open document, redraw the list, the overlay and the agreement figures."""
        if not self._active:
            return
        self._rebuild_annotators()
        doc_id = self._window.current_document_id
        self._document_id = doc_id
        coders = self.chosen_coders()
        if doc_id is None or len(coders) < 2:
            self._review = None
            self.annotator_hint.setText(
                "Tick two or more coders to compare." if len(coders) < 2 else "Open a document to review it."
            )
            self.annotator_hint.show()
        else:
            self.annotator_hint.hide()
            try:
                self._review = review_document(
                    self.project, document_id=doc_id, annotator_ids=coders, reviewer_id=self.reviewer.id
                )
            except AnnotatorError as exc:
                self._review = None
                self._window.report(str(exc))
        if reload_view:
            self._reload_view(all_layers=False)
        self._fill_groups()
        self._fill_agreement()
        self._update_actions()

    def _reload_view(self, *, all_layers: bool) -> None:
        """Show the chosen coders and layers only (or, leaving review mode, every layer again)."""
        window = self._window
        doc_id = window.current_document_id
        if doc_id is None:
            return
        project = self.project
        # leaving review mode: back to the layers the window shows while coding (blind: one's own)
        ids = window.visible_layers() if all_layers else [*self.chosen_coders(), *self.shown_layers()]
        try:
            document = project.document(doc_id)
        except AnnotatorError:
            return
        names = {a.id: a.name for a in project.annotators()}
        view = window.view
        scrolled = view.verticalScrollBar().value() if view.text == document.text else 0
        self._setting_view = True
        try:
            shown = project.annotations(document_id=doc_id, annotator_ids=ids)
            view.set_document(
                text=document.text,
                annotations=shown,
                codebook=project.codebook,
                annotator_names=names,
            )
            window.list_annotations(shown)  # the Annotations pane lists what the text shows
            # loading the layers again starts the view at the top: stay at the current unit (the
            # first acceptance adds the adjudicated layer, and the reviewer is in mid-document)
            group = None if all_layers else self.current_group
            if group is not None:
                view.select_range(group.start, group.start)
                self._bring_into_view(group)
            else:
                view.verticalScrollBar().setValue(scrolled)
        finally:
            self._setting_view = False

    def _fill_groups(self) -> None:
        review = self._review
        names = {a.id: a.name for a in self.project.annotators()}
        self.group_list.blockSignals(True)
        try:
            self.group_list.clear()
            if review is None:
                self.summary.setText("")
                self.overlay.set_groups([], settled=frozenset(), current=None)
                self._current = None
                self._show_group(None)
                return
            text = self._window.view.text
            current_item: QTreeWidgetItem | None = None
            depths = nesting_depths(review.groups)
            for group in review.groups:
                settled = review.is_settled(group)
                state_text = SHORT_LABELS[group.state] + (" ✓" if settled else "")
                coders = ", ".join(names.get(a, a) for a in group.coders)
                depth = min(depths.get(group.key, 0), 4)
                # a unit nested in another is indented under it, as in the text
                nested = "   " * (depth - 1) + "↳ " if depth else ""
                item = QTreeWidgetItem([state_text, nested + _elide(text[group.start : group.end], 200)])
                item.setIcon(0, state_icon(group.state, settled=settled))
                item.setData(0, ID_ROLE, group.key)
                item.setToolTip(0, STATE_HELP[group.state] + (" (settled)" if settled else ""))
                inside = " (inside another unit)" if depth else ""
                item.setToolTip(1, f"{coders}{inside}: {text[group.start : group.end][:400]}")
                if settled:
                    for c in range(2):
                        item.setForeground(c, self.palette().placeholderText())
                self.group_list.addTopLevelItem(item)
                if group.key == self._current:
                    current_item = item
            if current_item is None:
                self._current = None
            else:
                self.group_list.setCurrentItem(current_item)
                self.group_list.scrollToItem(current_item)
        finally:
            self.group_list.blockSignals(False)
        counts: dict[GroupState, int] = {}
        for g in review.groups:
            counts[g.state] = counts.get(g.state, 0) + 1
        parts = [f"{n} {s.label}" for s, n in counts.items()]
        open_n = len(review.open_disagreements)
        self.summary.setText(
            self.tr("<b>%n open disagreement(s)</b>", None, open_n)
            + self.tr(" in {units} units · F8 next").format(units=len(review.groups))
        )
        self.summary.setToolTip(
            self.tr(
                "F8 steps to the next open disagreement, Shift+F8 to the previous one. A unit holds at most "
                "one span of each coder; a span nested in another is a unit of its own."
            )
        )
        self.summary.setToolTip(self.summary.toolTip() + "\n" + ", ".join(parts))
        self.overlay.set_groups(review.groups, settled=frozenset(review.settled), current=self._current)
        self._show_group(self.current_group)

    def _fill_agreement(self) -> None:
        table = self.agreement_table
        coders = self.chosen_coders()
        doc_id = self._document_id
        if len(coders) < 2:
            table.setRowCount(0)
            self.agreement_note.setText("")
            return
        from annotator.reliability import LiveAgreement

        doc_report: AgreementReport | None = None
        live = self._live
        try:
            if live is None or self._project_agreement_stale or live.annotator_ids != tuple(coders):
                live = self._live = LiveAgreement(self.project, annotators=coders)
                self._project_agreement_stale = False
                self._project_report = None
                self._edited_document = None
                self._doc_reports = {}
                self._start_load(live)
            edited, self._edited_document = self._edited_document, None
            if edited is not None:
                self._doc_reports.pop(edited, None)
                if edited != doc_id:
                    live.update_document(edited)
            if doc_id is not None:
                doc_report = self._doc_reports.get(doc_id)
                if doc_report is None:
                    # counts the document afresh in the project's totals too (an edit's only cost)
                    doc_report = self._doc_reports[doc_id] = live.update_document(doc_id)
            if live.loaded and (live.changed or self._project_report is None):
                self._project_report = live.report()
        except AnnotatorError as exc:
            self.agreement_note.setText(str(exc))
            return
        project_report = self._project_report
        codebook = self.project.codebook
        labels = {c.id: c.label for c in codebook.categories}
        rows: list[tuple[str, str | None]] = [(c.label, c.id) for c in codebook.categories]
        rows.append(("Overall", None))
        table.setRowCount(len(rows))
        for r, (label, category) in enumerate(rows):
            name = QTableWidgetItem(label)
            if category is None:
                font = name.font()
                font.setBold(True)
                name.setFont(font)
            else:
                cat = codebook.category(category)
                if cat is not None:
                    name.setIcon(swatch(cat.color, 12))
            table.setItem(r, 0, name)
            for c, report in ((1, doc_report), (3, project_report)):
                if report is None:
                    table.setItem(r, c, QTableWidgetItem("–"))
                    table.setItem(r, c + 1, QTableWidgetItem("–"))
                    continue
                a_item, f_item = _agreement_items(report, category, labels)
                table.setItem(r, c, a_item)
                table.setItem(r, c + 1, f_item)
        height = table.horizontalHeader().height() + sum(table.rowHeight(r) for r in range(table.rowCount()))
        table.setFixedHeight(height + 2 * table.frameWidth() + 2)
        if project_report is None:
            self.agreement_note.setText(self.tr("Project: counting every document…"))
            return
        n = project_report.documents
        note = self.tr("Project: %n document(s).", None, n)
        if project_report.pairwise:
            note += " F1 is the mean over pairs of coders."
        self.agreement_note.setText(
            note + self.tr(" Hover a figure for what it means; intervals: Review > Reliability Report.")
        )
        table.setToolTip(
            self.tr(
                "Krippendorff's unitizing alpha and span F1 (exact) of the ticked coders, for this document "
                "and for the whole project. Adjudications do not change them."
            )
        )

    def _start_load(self, live: LiveAgreement) -> None:
        load = _AgreementLoad(live)
        load.setAutoDelete(False)
        load.signals.done.connect(self._on_agreement_loaded, Qt.ConnectionType.QueuedConnection)
        self._loads.append(load)
        QThreadPool.globalInstance().start(load)

    def _on_agreement_loaded(self, live: LiveAgreement, error: str | None) -> None:
        self._loads = [load for load in self._loads if load.live is not live]
        if live is not self._live:  # the coders or the project changed meanwhile
            return
        if error is not None:
            self.agreement_note.setText(error)
            return
        try:
            for doc_id in sorted(live.pending):  # edited while the worker counted
                live.update_document(doc_id)
        except AnnotatorError:
            self._project_agreement_stale = True
        live.pending.clear()
        self._project_report = live.report()
        if self._active:
            self._fill_agreement()

    def wait_for_agreement(self, timeout_ms: int = 30_000) -> bool:
        """Wait until the project's figures are counted (tests and scripted sessions)."""
        from PySide6.QtCore import QCoreApplication, QDeadlineTimer

        deadline = QDeadlineTimer(timeout_ms)
        while self._loads and not deadline.hasExpired():
            QThreadPool.globalInstance().waitForDone(10)
            QCoreApplication.processEvents()
        return not self._loads

    # -- the current group -------------------------------------------------------------------------

    def _on_current_item(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        key = item.data(0, ID_ROLE) if item is not None else None
        self.select_group(str(key) if key else None)

    def _on_item_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.select_group(str(item.data(0, ID_ROLE)))
        if self.member_buttons:
            self.member_buttons[0].setFocus()

    def select_group(self, key: str | None, *, scroll: bool = True) -> None:
        """Make a group current: mark it in the list and the overlay, select its text."""
        self._current = key
        group = self.current_group
        if group is None:
            self._current = None
        self.overlay.set_current(self._current)
        for i in range(self.group_list.topLevelItemCount()):
            item = self.group_list.topLevelItem(i)
            if item is None:
                continue
            if item.data(0, ID_ROLE) == self._current:
                if self.group_list.currentItem() is not item:
                    self.group_list.blockSignals(True)
                    self.group_list.setCurrentItem(item)
                    self.group_list.blockSignals(False)
                self.group_list.scrollToItem(item)
        if group is not None and scroll:
            # the caret goes to the group, but nothing is selected: a selection would paint over
            # the coders' fills, which are what the reviewer is comparing
            self._window.view.select_range(group.start, group.start)
            self._bring_into_view(group)
        self._show_group(group)

    def _bring_into_view(self, group: AlignedGroup) -> None:
        """Centre the unit in the text view unless all of it is on screen already.

        Moving the caret only scrolls as far as the caret's line, which can leave the rest of the
        unit below the edge of the view.
        """
        view = self._window.view
        end = QTextCursor(view.document())
        end.setPosition(view.position_map.to_qt(group.end))
        shown = view.viewport().rect()
        if not (shown.contains(view.cursorRect()) and shown.contains(view.cursorRect(end))):
            view.centerCursor()

    def step(self, delta: int) -> AlignedGroup | None:
        """Go to the next (``delta`` 1) or previous (-1) open disagreement, wrapping around."""
        if not self._active:
            return None
        review = self._review
        if review is None:
            self._window.report(self.tr("Choose two or more coders and open a document to review"))
            return None
        candidates = review.open_disagreements
        if not candidates:
            self._window.report(self.tr("No open disagreements in this document"))
            return None
        current = self.current_group
        if current is None:
            target = candidates[0] if delta > 0 else candidates[-1]
        else:
            # the list's order (an outer unit before the units nested in it, also when they start
            # at the same place), not just positions
            order = {g.key: i for i, g in enumerate(review.groups)}
            here = order.get(current.key, -1)
            after = [g for g in candidates if order[g.key] > here]
            before = [g for g in candidates if order[g.key] < here]
            if delta > 0:
                target = after[0] if after else candidates[0]
            else:
                target = before[-1] if before else candidates[-1]
        self.select_group(target.key)
        return target

    def _show_group(self, group: AlignedGroup | None) -> None:
        for button in self.member_buttons:
            self.member_layout.removeWidget(button)
            button.hide()
            button.deleteLater()  # may be the button whose click got us here
        self.member_buttons = []
        if group is None:
            self.group_title.setText(self.tr("No unit selected: press F8 or pick one in the list"))
            self.comparison.show_message(
                "Pick a unit in the Review panel (F8: the next open disagreement) to compare the "
                "coders' versions of it here."
                if self._review is not None
                else "Review mode: tick two or more coders in the Review panel and open a document."
            )
            self._update_actions()
            return
        review = self._review
        settled = review is not None and review.is_settled(group)
        names = {a.id: a.name for a in self.project.annotators()}
        codebook = self.project.codebook
        text = self._window.view.text
        status = ""
        if settled and review is not None:
            kinds = {d.decision.value for d in review.settled[group.key]}
            status = f" — settled ({', '.join(sorted(kinds))})"
        self.group_title.setText(
            f"<b>{group.state.label.capitalize()}</b>{html.escape(status)}<br>"
            f"{html.escape(_quoted(text[group.start : group.end], 52))} "
            f"<small>({group.start}–{group.end})</small>"
        )
        self.unit_shown.emit(
            f"{group.state.label.capitalize()}{status}: {_quoted(text[group.start : group.end], 80)}"
        )
        for member in group.members:
            cat = codebook.category(member.category)
            label = cat.label if cat is not None else member.category
            who = names.get(member.annotator_id, member.annotator_id)
            key = self.coder_number(member.annotator_id)
            button = VersionButton(
                key=key,
                text=self.tr("Accept {coder}: {category} {quote}").format(
                    coder=who, category=label, quote=_quoted(member.quote, 60)
                ),
            )
            button.setObjectName(f"reviewAccept_{len(self.member_buttons)}")
            keys = f" (key {key} here, Alt+{key} anywhere in the window)" if key is not None else ""
            button.setToolTip(
                f"Copy {who}'s {label.lower()} span [{member.start}, {member.end}) into the adjudicated "
                f"layer{keys}\n“{member.quote[:300]}”"
            )
            if cat is not None:
                button.setIcon(swatch(cat.color, 12))
            button.clicked.connect(lambda _checked=False, aid=member.id: self.accept_member(aid))
            self.member_layout.addWidget(button)
            button.show()  # now, not when the layout gets round to it: it may take the focus next
            self.member_buttons.append(button)
        current_cat = self.edit_category.currentData()
        self.edit_category.blockSignals(True)
        self.edit_category.clear()
        for cat in codebook.categories:
            self.edit_category.addItem(swatch(cat.color, 12), cat.label, cat.id)
        keep = bool(current_cat) and self._edit_group == group.key
        wanted = current_cat if keep else group.members[0].category
        self._edit_group = group.key
        self.edit_category.setCurrentIndex(max(0, self.edit_category.findData(wanted)))
        self.edit_category.blockSignals(False)
        self._show_comparison(group, names)
        self._update_actions()

    def _show_comparison(self, group: AlignedGroup, names: dict[str, str]) -> None:
        """Each chosen coder's version of ``group`` on a line of its own, and the adjudicated layer's."""
        review = self._review
        text = self._window.view.text
        lo, hi = max(0, group.start - 120), min(len(text), group.end + 120)
        near: dict[str, list[Annotation]] = {}
        for g in review.groups if review is not None else ():
            for m in g.members:
                if m.start < hi and lo < m.end:
                    near.setdefault(m.annotator_id, []).append(m)
        lines = []
        for coder in self.chosen_coders():
            mine = tuple(m for m in group.members if m.annotator_id == coder)
            others = tuple(m for m in near.get(coder, []) if m not in mine)
            lines.append(
                VersionLine(
                    label=names.get(coder, coder), key=self.coder_number(coder), spans=mine, others=others
                )
            )
        if review is not None and review.layer is not None:
            layer_spans = [a for a in review.layer_annotations if a.start < hi and lo < a.end]
            on_unit = tuple(a for a in layer_spans if a.start < group.end and group.start < a.end)
            lines.append(
                VersionLine(
                    label="Adjudicated",
                    key=None,
                    spans=on_unit,
                    others=tuple(a for a in layer_spans if a not in on_unit),
                    adjudicated=True,
                )
            )
        settled = review is not None and review.is_settled(group)
        where = _quoted(text[group.start : group.end], 60)
        self.comparison.show_unit(
            text=text,
            start=group.start,
            end=group.end,
            lines=lines,
            codebook=self.project.codebook,
            title=f"{SHORT_LABELS[group.state]}{' ✓ settled' if settled else ''}: {where} "
            f"({group.start}–{group.end})",
        )

    def _update_actions(self) -> None:
        group = self.current_group
        review = self._review
        writable = not self.project.readonly and bool(self.reviewer.id)
        settled = group is not None and review is not None and review.is_settled(group)
        rejected = (
            settled
            and review is not None
            and group is not None
            and any(d.decision.value == "rejected" for d in review.settled[group.key])
        )
        for button in self.member_buttons:
            button.setEnabled(writable and not rejected)
        self.accept_edited_button.setEnabled(writable and group is not None and not rejected)
        self.edit_category.setEnabled(writable and group is not None and not rejected)
        self.reject_button.setEnabled(writable and group is not None and not settled)
        self.reopen_button.setEnabled(writable and settled)
        self.accept_agreed_button.setEnabled(writable and review is not None)

    # -- actions -----------------------------------------------------------------------------------

    def _perform(self, operation: Callable[[], ReviewOutcome], text: str) -> ReviewOutcome | None:
        """Run one review operation; on success push it for undo and refresh from what it changed."""
        window = self._window
        outcome = window.attempt(operation)
        if not outcome:
            return outcome
        window.push_step(text, apply=self.apply_changes, review=True)
        self.apply_changes(outcome.changes)
        return outcome

    def apply_changes(self, records: Sequence[Change]) -> None:
        """Refresh the window and the panel from one operation's records (also after undo and redo)."""
        window = self._window
        changes = [c for c in records if isinstance(c, AnnotationChange)]
        shown = set(self.chosen_coders()) | set(self.shown_layers())
        layers_before = {aid for aid, _ in self._rows()}
        new_layers = {c.after.annotator_id for c in changes if c.after is not None} - layers_before
        if new_layers:
            window.refresh_annotators()  # so the window's lists name the new adjudicated layer, not its id
        for change in changes:
            window.apply_change(change)
            after = change.after
            if (
                self._active
                and after is not None
                and change.document_id == window.current_document_id
                and after.annotator_id not in shown
                and after.annotator_id in layers_before
            ):
                # the window shows every change; in review mode a hidden layer stays hidden
                window.view.apply_change(
                    AnnotationChange(document_id=change.document_id, before=after, after=None)
                )
        window.mark_saved()
        self.refresh(reload_view=False)
        if new_layers:
            self.refresh(reload_view=True)  # a new adjudicated layer: now listed and ticked

    def _reviewing(self) -> AlignedGroup | None:
        group = self.current_group
        if group is None:
            self._window.report(self.tr("Pick a unit first (F8 steps to the next disagreement)"))
        return group

    def accept_member(self, annotation_id: str) -> None:
        group = self._reviewing()
        if group is None:
            return
        member = group.member(annotation_id)
        names = {a.id: a.name for a in self.project.annotators()}
        who = names.get(member.annotator_id, "") if member else ""
        cat = self.project.codebook.category(member.category) if member else None
        label = cat.label.lower() if cat else (member.category if member else "span")
        self._perform(
            lambda: accept_version(
                self.project, group=group, annotation_id=annotation_id, reviewer_id=self.reviewer.id
            ),
            f"accept {who}'s {label}",
        )

    def accept_selection(self) -> None:
        """Accept the text selection (snapped like coding is) with the chosen category."""
        group = self._reviewing()
        if group is None:
            return
        view = self._window.view
        rng = view.selection_range(snap=view.snap_words)
        if rng is None:
            self._window.report(
                self.tr("Select the text to accept (adjust it with Shift+arrows), then accept")
            )
            return
        category = str(self.edit_category.currentData() or group.members[0].category)
        template: Annotation | None = next((m for m in group.members if m.category == category), None)
        start, end = rng
        cat = self.project.codebook.category(category)
        self._perform(
            lambda: accept_edited(
                self.project,
                group=group,
                start=start,
                end=end,
                category=category,
                reviewer_id=self.reviewer.id,
                attributes=template.attributes if template else None,
            ),
            f"accept edited {cat.label.lower() if cat else category}",
        )

    def reject_current(self) -> None:
        group = self._reviewing()
        if group is None:
            return
        self._perform(
            lambda: reject_group(self.project, group=group, reviewer_id=self.reviewer.id), "reject unit"
        )

    def reopen_current(self) -> None:
        group = self._reviewing()
        if group is None:
            return
        self._perform(
            lambda: reopen_group(self.project, group=group, reviewer_id=self.reviewer.id), "reopen unit"
        )

    def accept_all_agreed(self) -> None:
        doc_id = self._window.current_document_id
        coders = self.chosen_coders()
        if doc_id is None or len(coders) < 2:
            self._window.report(self.tr("Choose two or more coders and open a document to review"))
            return
        outcome = self._perform(
            lambda: accept_all_agreed(
                self.project, document_id=doc_id, annotator_ids=coders, reviewer_id=self.reviewer.id
            ),
            "accept all agreed",
        )
        if outcome is not None:
            n = len(outcome.changes)
            self._window.say(
                f"Accepted {n} agreed span{'s' if n != 1 else ''}" if n else "No unsettled agreed units here"
            )


def _agreement_items(
    report: AgreementReport, category: str | None, labels: dict[str, str]
) -> tuple[QTableWidgetItem, QTableWidgetItem]:
    """The alpha_U and F1 cells of one row, formatted as everywhere else, "n/a" with its reason."""
    from annotator.agreement.display import fmt_alpha, surprises

    alpha = report.alpha_u if category is None else report.alpha_u_categories.get(category)
    exact, overlap = report.f1(category)
    a_item = QTableWidgetItem(fmt_alpha(alpha))
    if alpha is None:
        a_tip = f"n/a: {report.why_undefined('alpha_u', category)}"
    else:
        a_tip = f"α_U {fmt_alpha(alpha)}"
        if category is None:
            a_tip = "\n\n".join([a_tip, *surprises(report, labels=labels)])
        elif alpha < -1.0:
            a_tip = "\n\n".join([a_tip, *surprises(report, labels=labels)[-1:]])
    a_item.setToolTip(a_tip)
    f_item = QTableWidgetItem(fmt_alpha(exact))
    f_tip = f"exact {fmt_alpha(exact)}, overlap {fmt_alpha(overlap)}"
    if exact is None:
        f_tip += f" (n/a: {report.why_undefined('f1', category)})"
    f_item.setToolTip(f_tip)
    for item in (a_item, f_item):
        item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    return a_item, f_item


def _heading(text: str) -> QLabel:
    label = QLabel(translate("", text))  # lupdate reads the ``_heading`` calls (no context)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _quoted(text: str, limit: int) -> str:
    """A quote for a label: elided, in curly quotes unless it already starts with a quotation mark."""
    short = _elide(text, limit)
    return short if short[:1] in "“”\"'‘’«»„" else f"“{short}”"


@dataclass(frozen=True, slots=True)
class ReviewUI:
    """What :func:`install_review` added to the window."""

    panel: ReviewPanel
    dock: QDockWidget
    comparison_dock: QDockWidget
    act_mode: QAction
    act_next: QAction
    act_previous: QAction
    act_accept_agreed: QAction
    act_reject: QAction


def install_review(
    window: QMainWindow,
    host: ReviewHost,
    *,
    beside: QDockWidget | None = None,
    below: QDockWidget | None = None,
    aside: Sequence[QDockWidget] = (),
) -> ReviewUI:
    """Add the Review and Versions docks, menu and actions to ``window`` (``host`` gives the panel its panes).

    Review Mode (Ctrl+R) shows the Review dock, tabbed with ``beside`` when given, and the Versions
    dock (the comparison of the current unit) under the text, tabbed with ``below``; while it is
    on, the left dock column runs the full height of the window, so the panel has room for its
    list (the docks in ``aside``, which share that column, are hidden meanwhile and come back
    as they were). Next/Previous Disagreement (F8 / Shift+F8), Accept All Agreed and Reject Unit are in the
    Review menu, enabled while review mode is on.
    """
    panel = ReviewPanel(window=host)
    dock = QDockWidget(translate("Review", "Review"), window)
    dock.setObjectName("reviewDock")
    dock.setWidget(panel)
    versions = QDockWidget(translate("Review", "Versions"), window)
    versions.setObjectName("reviewComparisonDock")
    comparison_scroll = QScrollArea()
    comparison_scroll.setWidgetResizable(True)
    comparison_scroll.setFrameShape(QFrame.Shape.NoFrame)
    comparison_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    comparison_scroll.setWidget(panel.comparison)
    versions.setWidget(comparison_scroll)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, versions)
    if below is not None:
        window.tabifyDockWidget(below, versions)
    versions.hide()
    # On the left, tabbed with the document list (Ctrl+PgUp/PgDown still step documents): the
    # panel gets a full-height column, and the inspector and the codebook, which a reviewer
    # consults for every decision, stay where they are on the right.
    if beside is not None:
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
        window.tabifyDockWidget(beside, dock)
    else:
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    dock.hide()

    def make_room() -> None:
        window.resizeDocks([dock], [panel.preferred_width()], Qt.Orientation.Horizontal)
        if versions.height() < VERSIONS_DOCK_HEIGHT:
            height = min(VERSIONS_DOCK_HEIGHT, window.height() * 2 // 5)
            window.resizeDocks([versions], [height], Qt.Orientation.Vertical)

    def action(text: str, slot: Callable[[], Any], shortcut: str | None, name: str) -> QAction:
        act = QAction(translate("", text), window)  # lupdate: the ``action`` calls, no class around
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        window.addAction(act)
        return act

    mode = QAction(translate("Review", "Review &Mode"), window)
    mode.setObjectName("review_mode")
    mode.setCheckable(True)
    mode.setShortcut(QKeySequence("Ctrl+R"))
    mode.setStatusTip(translate("Review", "Compare coders' layers in the open document and settle them"))
    window.addAction(mode)
    next_act = action("&Next Disagreement", lambda: panel.step(1), "F8", "next_disagreement")
    prev_act = action("&Previous Disagreement", lambda: panel.step(-1), "Shift+F8", "previous_disagreement")
    agreed_act = action("Accept All &Agreed", panel.accept_all_agreed, None, "accept_all_agreed")
    reject_act = action("&Reject Unit", panel.reject_current, None, "reject_group")
    step_actions = (next_act, prev_act, agreed_act, reject_act)

    hidden_aside: list[QDockWidget] = []

    def on_mode(checked: bool) -> None:
        panel.set_active(checked)
        if checked:
            hidden_aside[:] = [d for d in aside if d.isVisible()]
            for d in hidden_aside:
                d.hide()
        else:
            for d in hidden_aside:
                d.show()
            hidden_aside.clear()
        # the review column gets the bottom-left corner while review mode is on
        window.setCorner(
            Qt.Corner.BottomLeftCorner,
            Qt.DockWidgetArea.LeftDockWidgetArea if checked else Qt.DockWidgetArea.BottomDockWidgetArea,
        )
        dock.setVisible(checked)
        versions.setVisible(checked)
        if checked:
            dock.raise_()
            versions.raise_()
            QTimer.singleShot(0, make_room)
        for act in step_actions:
            act.setEnabled(checked)

    def on_dock_visibility(visible: bool) -> None:
        # closing the dock with its title-bar button leaves review mode, so nothing stays half on
        # (a tab of the same group brought to front hides it without isHidden()); a dock restored
        # visible from the saved window state resumes review mode
        if not visible and mode.isChecked() and dock.isHidden():
            mode.setChecked(False)
        elif visible and not mode.isChecked():
            mode.setChecked(True)

    mode.toggled.connect(on_mode)
    dock.visibilityChanged.connect(on_dock_visibility)
    for act in step_actions:
        act.setEnabled(False)

    menu = window.menuBar().addMenu(translate("Review", "&Review"))
    menu.setObjectName("reviewMenu")
    menu.addAction(mode)
    menu.addSeparator()
    menu.addActions([next_act, prev_act])
    menu.addSeparator()
    menu.addActions([agreed_act, reject_act])
    menu.addSeparator()
    show_versions = versions.toggleViewAction()
    show_versions.setText(translate("Review", "Show &Versions"))
    menu.addAction(show_versions)
    help_menu = next(
        (a for a in window.menuBar().actions() if a.menu() and a.menu().objectName() == "helpMenu"), None
    )
    if help_menu is not None:  # keep Help last, where people look for it
        window.menuBar().removeAction(menu.menuAction())
        window.menuBar().insertMenu(help_menu, menu)
    return ReviewUI(
        panel=panel,
        dock=dock,
        comparison_dock=versions,
        act_mode=mode,
        act_next=next_act,
        act_previous=prev_act,
        act_accept_agreed=agreed_act,
        act_reject=reject_act,
    )
