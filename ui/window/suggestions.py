"""Suggestions the coder confirms, in the window: the Suggestions menu, the keys, the find bar's offer.

:func:`install_suggestions` adds a Suggestions menu (Suggest in This Document, Next and Previous
Suggestion, Accept, Reject, Accept All in Document/Selection…, Reject All in Document/Selection…)
and shows the open document's pending suggestions (those pending for the coder at the window) in
the text view, as dashed outlines. In the text, Enter accepts the current suggestion, Backspace
rejects it, Tab and Shift+Tab move to the next and previous one (the view sends these only while
something is pending). Every acceptance or rejection is a core operation committed to the project
first, then one step on the window's undo stack; the view shows it after the commit.

With the project setting ``study/suggestions_after_done`` at ``after_done``, a document's
pending suggestions stay hidden until the coder marks it done, so the first coding is blind.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QPoint, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from annotator.domain import (
    SUGGESTION_TIMING_SETTING,
    Annotation,
    AnnotationChange,
    Change,
    Codebook,
    Document,
    DocumentStatus,
    PendingSuggestion,
    SuggestionChange,
)
from annotator.suggest.base import Suggester, Suggestion

from ..i18n import translate

if TYPE_CHECKING:
    from annotator.project import Project

    from .mainwindow import MainWindow

__all__ = ["DEFAULT_SUGGESTERS", "Suggestions", "install_suggestions"]

#: What Suggest in This Document runs (the rule suggesters; the learner needs training first).
DEFAULT_SUGGESTERS = ("quotes", "statistics")


class _Relay(QObject):
    """Brings a worker thread's result to the window's thread (a queued signal)."""

    found = Signal(str, object)


def _find(document: Document, codebook: Codebook, suggesters: Sequence[Suggester]) -> list[Suggestion]:
    """What the suggesters find in ``document``, tidied (safe in a worker thread: no project)."""
    from annotator.suggest.run import tidy

    found: list[Suggestion] = []
    for suggester in suggesters:
        found.extend(suggester.suggest(document))
    return tidy(found, document, codebook)


def _count(n: int) -> str:
    return "1 suggestion" if n == 1 else f"{n} suggestions"


class Suggestions:
    """The suggestion tools of one main window (see the module's docstring)."""

    def __init__(self, window: MainWindow) -> None:
        self.window = window
        self._running = False
        self._relay = _Relay(window)
        self._relay.found.connect(self._on_found)
        view = window.view
        view.pending_key.connect(self.on_key)
        view.pending_current_changed.connect(self.on_current_changed)
        self.act_suggest = self._action(
            "&Suggest in This Document", self.on_suggest, "Ctrl+Shift+G", "suggest_document"
        )
        self.act_suggest.setStatusTip(
            translate("Suggestions", "Run the quote and statistic suggesters over the open document")
        )
        self.act_next = self._action("&Next Suggestion\tTab", lambda: self.step(1), None, "next_suggestion")
        self.act_next.setStatusTip(translate("Suggestions", "Tab in the text"))
        self.act_previous = self._action(
            "&Previous Suggestion\tShift+Tab", lambda: self.step(-1), None, "previous_suggestion"
        )
        self.act_previous.setStatusTip(translate("Suggestions", "Shift+Tab in the text"))
        self.act_accept = self._action(
            "&Accept Suggestion\tEnter", self.accept_current, None, "accept_suggestion"
        )
        self.act_accept.setStatusTip(translate("Suggestions", "Enter in the text"))
        self.act_reject = self._action(
            "&Reject Suggestion\tBackspace", self.reject_current, None, "reject_suggestion"
        )
        self.act_reject.setStatusTip(translate("Suggestions", "Backspace in the text"))
        self.act_accept_all = self._action(
            "Accept A&ll in Document…", self.on_accept_all, None, "accept_all_suggestions"
        )
        self.act_reject_all = self._action(
            "Re&ject All in Document…", self.on_reject_all, None, "reject_all_suggestions"
        )
        menu = QMenu(translate("Suggestions", "S&uggestions"), window)
        menu.setObjectName("suggestionsMenu")
        menu.addAction(self.act_suggest)
        menu.addSeparator()
        menu.addActions([self.act_next, self.act_previous, self.act_accept, self.act_reject])
        menu.addSeparator()
        menu.addActions([self.act_accept_all, self.act_reject_all])
        menu.aboutToShow.connect(self._update_actions)
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.menu() and a.menu().objectName() == "helpMenu"), None)
        if help_menu is not None:
            bar.insertMenu(help_menu, menu)
        else:
            bar.addMenu(menu)
        self.menu = menu
        window.find_bar.suggest_requested.connect(self.on_suggest_matches)
        view.selectionChanged.connect(self._update_actions)
        self._update_actions()

    def _action(self, text: str, slot: Callable[[], Any], shortcut: str | None, name: str) -> QAction:
        act = QAction(translate("Suggestions", text), self.window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.triggered.connect(lambda _checked=False: slot())
        self.window.addAction(act)
        return act

    @property
    def project(self) -> Project:
        return self.window.project

    # -- what the view shows --------------------------------------------------------------------------

    def timing(self) -> str:
        return self.project.setting(SUGGESTION_TIMING_SETTING) or "right_away"

    def hidden_until_done(self, document_id: str) -> bool:
        """Whether blind timing hides the document's suggestions (not yet marked done)."""
        if self.timing() != "after_done":
            return False
        info = self.window.doc_model.get(document_id)
        return info is None or info.status != DocumentStatus.DONE

    def _mine(self, document_id: str) -> list[PendingSuggestion]:
        me = self.window.me.id
        if not me or self.project.readonly:
            return []
        return self.project.suggestions(document_id=document_id, annotator_id=me)

    def refresh(self, *, keep_current: bool = True) -> None:
        """Show the open document's pending suggestions again (after any change to them)."""
        window = self.window
        doc_id = window.current_document_id
        view = window.view
        current = view.pending.current_id if keep_current else None
        if doc_id is None or window.review_panel.active or self.hidden_until_done(doc_id):
            view.set_pending([])
        else:
            view.set_pending(self._mine(doc_id))
        if current is not None:
            view.set_current_pending(current, reveal=False)
        self._update_actions()

    def document_opened(self, document_id: str | None) -> None:
        self.refresh(keep_current=False)
        if document_id is None:
            return
        shown = len(self.window.view.pending)
        if shown:
            self.window.say(
                translate(
                    "Suggestions", "Pending suggestions: {n} (Tab: next, Enter: accept, Backspace: reject)"
                ).format(n=shown)
            )
        elif self.hidden_until_done(document_id) and self._mine(document_id):
            self.window.say(
                translate("Suggestions", "Suggestions for this document show once you mark it done")
            )

    def status_changed(self, document_id: str) -> None:
        """The document's status changed: with blind timing, marking it done shows its suggestions."""
        if document_id != self.window.current_document_id or self.timing() != "after_done":
            return
        self.refresh()
        pending = len(self.window.view.pending)
        if pending:
            self.window.say(
                translate(
                    "Suggestions", "Done: the pending suggestions are shown: {n} (Tab: next, Enter: accept)"
                ).format(n=pending)
            )

    def apply(self, changes: Sequence[Change]) -> None:
        """Refresh after the change records of an undo or redo (or another writer)."""
        if any(isinstance(c, SuggestionChange) for c in changes):
            self.refresh()

    def pending_count(self) -> int:
        return len(self.window.view.pending)

    def _update_actions(self) -> None:
        window = self.window
        writable = not window.project.readonly and window.current_document_id is not None
        pending = len(window.view.pending)
        has_current = window.view.pending.current is not None
        self.act_suggest.setEnabled(writable and not window.review_panel.active and not self._running)
        for act in (self.act_next, self.act_previous):
            act.setEnabled(bool(pending))
        self.act_accept.setEnabled(has_current)
        self.act_reject.setEnabled(has_current)
        within = self._within()
        if within is not None:
            self.act_accept_all.setText(translate("Suggestions", "Accept A&ll in Selection…"))
            self.act_reject_all.setText(translate("Suggestions", "Re&ject All in Selection…"))
        else:
            self.act_accept_all.setText(translate("Suggestions", "Accept A&ll in Document…"))
            self.act_reject_all.setText(translate("Suggestions", "Re&ject All in Document…"))
        self.act_accept_all.setEnabled(bool(pending))
        self.act_reject_all.setEnabled(bool(pending))

    def _within(self) -> tuple[int, int] | None:
        return self.window.view.selection_range(snap=False)

    def context_actions(self, pos: QPoint) -> list[QAction]:
        """What the text's context menu offers at viewport point ``pos``: accepting and rejecting
        the pending suggestion there (made current), or nothing when none is there."""
        view = self.window.view
        cp = view.cp_at(pos)
        here = view.pending.at(cp) if cp is not None else []
        if not here:
            return []
        if view.pending.current_id not in {p.id for p in here}:
            view.set_current_pending(here[0].id, reveal=False)
        self._update_actions()
        return [self.act_accept, self.act_reject]

    # -- the keys -----------------------------------------------------------------------------------

    def on_key(self, what: str) -> None:
        if what == "accept":
            self.accept_current()
        elif what == "reject":
            self.reject_current()
        elif what == "next":
            self.step(1)
        elif what == "previous":
            self.step(-1)

    def on_current_changed(self, suggestion_id: str) -> None:
        self._update_actions()
        current = self.window.view.pending.get(suggestion_id)
        if current is not None:
            self.window.say(
                self._describe(current)
                + translate("Suggestions", " — Enter: accept, Backspace: reject, Tab: next")
            )

    def _label(self, category: str) -> str:
        cat = self.project.codebook.category(category)
        return cat.label if cat is not None else category

    def _describe(self, p: PendingSuggestion) -> str:
        rule = f", {p.rule}" if p.rule else ""
        what = self._label(p.category).lower()
        return translate(
            "Suggestions", "Suggested {what} ({suggester} {version}{rule}; score {score})"
        ).format(what=what, suggester=p.suggester, version=p.version, rule=rule, score=f"{p.score:.2f}")

    def step(self, delta: int) -> None:
        view = self.window.view
        target = view.pending.step(view.cursor_cp(), delta)
        if target is None:
            self.window.say(translate("Suggestions", "No suggestions pending here"))
            return
        view.select_annotation(None)
        view.set_current_pending(target.id)

    def accept_current(self) -> None:
        current = self.window.view.pending.current
        if current is None:
            self.window.say(translate("Suggestions", "Tab to a suggestion first (or click one)"))
            return
        self.accept(current)

    def accept(self, pending: PendingSuggestion, *, category: str | None = None) -> Annotation | None:
        """Accept one suggestion: committed first, then shown, then the next one made current."""
        window = self.window
        following = self._following(pending)
        annotation = window.attempt(lambda: self.project.accept_suggestion(pending.id, category=category))
        if annotation is None:
            self.refresh()
            return None
        label = self._label(annotation.category)
        window.push_step(f"accept suggested {label.lower()}", apply=window.apply_changes)
        change = AnnotationChange(document_id=annotation.document_id, before=None, after=annotation)
        if window.ann_model.get(annotation.id) is None:
            window.apply_change(change, select_new=False)
        self._after_settling(following)
        window.say(
            translate("Suggestions", "{label} accepted · {pending}").format(
                label=label, pending=self._pending_phrase()
            )
        )
        return annotation

    def reject_current(self) -> None:
        current = self.window.view.pending.current
        if current is None:
            self.window.say(translate("Suggestions", "Tab to a suggestion first (or click one)"))
            return
        window = self.window
        following = self._following(current)
        change = window.attempt(lambda: self.project.reject_suggestion(current.id))
        if change is None:
            self.refresh()
            return
        window.push_step(
            f"reject suggested {self._label(current.category).lower()}", apply=window.apply_changes
        )
        window.mark_saved()
        self._after_settling(following)
        window.say(
            translate("Suggestions", "Suggested {what} rejected · {pending}").format(
                what=self._label(current.category).lower(), pending=self._pending_phrase()
            )
        )

    def _following(self, pending: PendingSuggestion) -> str | None:
        """The suggestion to make current once ``pending`` is settled: the next in the text."""
        items = self.window.view.pending.items
        if len(items) < 2:
            return None
        i = next(i for i, p in enumerate(items) if p.id == pending.id)
        return items[(i + 1) % len(items)].id

    def _after_settling(self, following: str | None) -> None:
        self.refresh(keep_current=False)
        if following is not None:
            self.window.view.set_current_pending(following)

    def _pending_phrase(self) -> str:
        n = self.pending_count()
        if n == 0:
            return translate("Suggestions", "no suggestions left")
        return translate("Suggestions", "pending: {n}").format(n=n)

    # -- the menu -----------------------------------------------------------------------------------

    #: Documents longer than this (code points) are searched in a worker thread; the rule
    #: suggesters take about 0.15 s for a 3,000-character article and 6 s for 128,000 characters.
    THREAD_ABOVE = 20_000

    def on_suggest(self) -> None:
        """Run the default suggesters over the open document and store what they find as pending.

        The document and codebook are read here; the suggesters (pure functions of the text) run
        in a worker thread for a long document, here with a busy cursor for an article; storing
        happens here again, in one transaction, so it is committed before the view shows it.
        """
        window = self.window
        doc_id = window.current_document_id
        if doc_id is None or not window.me.id or self._running:
            return
        from annotator.suggest import SetupContext, create

        def setup() -> tuple[Document, Codebook, list[Suggester]]:
            context = SetupContext(project=self.project)
            suggesters = [create(name, context) for name in DEFAULT_SUGGESTERS]
            return self.project.document(doc_id), self.project.codebook, suggesters

        ready = window.attempt(setup)
        if ready is None:
            return
        document, codebook, suggesters = ready
        self._running = True
        self.act_suggest.setEnabled(False)
        if len(document.text) > self.THREAD_ABOVE:
            window.say(f"Suggesting in “{document.title[:60]}”…")
            relay = self._relay

            def work() -> None:
                try:
                    result: object = _find(document, codebook, suggesters)
                except Exception as exc:  # reported in the window's thread
                    result = exc
                with contextlib.suppress(RuntimeError):  # the window was closed meanwhile
                    relay.found.emit(doc_id, result)

            threading.Thread(target=work, name="suggest", daemon=True).start()
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            try:
                found: object = _find(document, codebook, suggesters)
            except Exception as exc:
                found = exc
        finally:
            QApplication.restoreOverrideCursor()
        self._on_found(doc_id, found)

    def _on_found(self, doc_id: str, found: object) -> None:
        """Store what the suggesters found in ``doc_id`` as pending for the coder at the window."""
        self._running = False
        self._update_actions()
        window = self.window
        if isinstance(found, Exception):
            window.report(f"The suggesters failed: {found}")
            return
        assert isinstance(found, list)
        me = window.me.id
        stored = window.attempt(lambda: self.project.add_suggestions(annotator_id=me, suggestions=found))
        if stored is None:
            return
        if stored:
            window.push_step(f"suggest {_count(len(stored))}", apply=window.apply_changes)
            window.mark_saved()
        if doc_id != window.current_document_id:
            window.say(
                translate("Suggestions", "Suggestions stored for the document you left: {n}").format(
                    n=len(stored)
                )
            )
            return
        self.refresh()
        if not stored:
            window.say(translate("Suggestions", "No new suggestions in this document"))
        elif self.hidden_until_done(doc_id):
            window.say(
                translate(
                    "Suggestions", "Suggestions stored: {n}; they show once you mark the document done"
                ).format(n=len(stored))
            )
        else:
            first = min(stored, key=lambda c: c.after.start if c.after else 0)
            if first.after is not None and window.view.pending.current is None:
                window.view.set_current_pending(first.after.id)
            window.say(
                translate(
                    "Suggestions", "Pending suggestions: {n} (Tab: next, Enter: accept, Backspace: reject)"
                ).format(n=len(stored))
            )

    def on_suggest_matches(self, category: str) -> None:
        """The find bar's offer: every match of its text becomes a pending suggestion of ``category``."""
        window = self.window
        doc_id = window.current_document_id
        needle = window.find_bar.edit.text()
        if doc_id is None or not window.me.id or not needle.strip():
            return
        from annotator.suggest import SetupContext, create, run_suggesters

        me = window.me.id

        def run() -> list[SuggestionChange]:
            context = SetupContext(project=self.project, options={"text": needle, "category": category})
            found = run_suggesters(self.project, [create("occurrences", context)], document_ids=[doc_id])
            return self.project.add_suggestions(annotator_id=me, suggestions=found)

        stored = window.attempt(run)
        if stored is None:
            return
        if stored:
            window.push_step(f"suggest {_count(len(stored))}", apply=window.apply_changes)
            window.mark_saved()
        self.refresh()
        label = self._label(category).lower()
        if not stored:
            window.say(f"Every match is already pending or coded as {label}")
        elif self.hidden_until_done(doc_id):
            window.say(f"{_count(len(stored))} of {label} stored; they show once you mark the document done")
        else:
            window.say(f"{_count(len(stored))} of {label} pending (Tab: next, Enter: accept)")

    def _settle_all(self, *, accept: bool) -> None:
        window = self.window
        doc_id = window.current_document_id
        if doc_id is None:
            return
        within = self._within()
        view = window.view
        chosen = [p for p in view.pending if within is None or (within[0] <= p.start and p.end <= within[1])]
        if not chosen:
            window.say("No suggestions pending in the selection" if within else "No suggestions pending")
            return
        where = "the selection" if within is not None else "this document"
        verb = "Accept" if accept else "Reject"
        answer = QMessageBox.question(
            window,
            f"{verb} All Suggestions",
            f"{verb} all {_count(len(chosen))} pending in {where}?"
            + (" Each becomes a span of your layer." if accept else "")
            + " Undo takes it back.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        me = window.me.id
        if accept:
            accepted = window.attempt(
                lambda: self.project.accept_all(document_id=doc_id, annotator_id=me, within=within)
            )
            if accepted is None:
                self.refresh()
                return
            window.push_step(f"accept {_count(len(accepted))}", apply=window.apply_changes)
            for annotation in accepted:
                if window.ann_model.get(annotation.id) is None:
                    window.apply_change(
                        AnnotationChange(document_id=doc_id, before=None, after=annotation), select_new=False
                    )
            done = len(accepted)
        else:
            rejected = window.attempt(
                lambda: self.project.reject_all(document_id=doc_id, annotator_id=me, within=within)
            )
            if rejected is None:
                self.refresh()
                return
            window.push_step(f"reject {_count(len(rejected))}", apply=window.apply_changes)
            done = len(rejected)
        window.mark_saved()
        self.refresh(keep_current=False)
        window.say(f"{_count(done)} {'accepted' if accept else 'rejected'} · {self._pending_phrase()}")

    def on_accept_all(self) -> None:
        self._settle_all(accept=True)

    def on_reject_all(self) -> None:
        self._settle_all(accept=False)


def install_suggestions(window: MainWindow) -> Suggestions:
    """Add the suggestion tools to ``window`` (see the module's docstring)."""
    return Suggestions(window)
