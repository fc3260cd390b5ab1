"""The interface is translatable: under the German translation no menu, action, label, button,
field hint, dock or column title of the main window and its dialogs is still in English.

The window (and each dialog) is built twice, in English and in German, and every visible text is
collected; a text that is the same in both is a string that does not go through Qt's translation
(or has no German yet), unless it is data (a name, a title, a codebook label) or a number.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QLocale, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QDialog,
    QDockWidget,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)
from pytestqt.qtbot import QtBot

from annotator.project import Project
from tests.ui.conftest_helpers import settings_in
from tests.ui.test_accessibility import DIALOGS, TEXT
from ui.i18n import install_translators, language_code, translations_dir
from ui.window.mainwindow import MainWindow

#: Visible texts that are the same in German: names and words German shares with English.
SAME_IN_GERMAN = {
    "Annotator",
    "Tess",
    "Ben",
    "Harbour",
    "Daily",
    "OK",
    "Name",
    "Status",
    "Start",
    "Memo",
    "PDF",
    "HTML",
    "CSV",
    "F1",
    "α_U",
    "Doc α_U",
    "Doc F1",
    "Projekt α_U",
    "Span",
    "Spans",
    "Code",  # the same words in German
    "Codes",
}


def texts_of(root: QWidget) -> set[str]:
    """Every text a person reads in ``root``: titles, labels, buttons, hints, actions, menus,
    column headers."""
    out: set[str] = set()

    def add(text: str) -> None:
        text = text.replace("&", "").strip()
        if text:
            out.add(text)

    add(root.windowTitle())
    for w in root.findChildren(QLabel):
        if w.pixmap().isNull() and not w.text().lstrip().startswith("<"):
            add(w.text())
    for w in root.findChildren(QAbstractButton):
        add(w.text())
    for w in root.findChildren(QLineEdit):
        add(w.placeholderText())
    for w in root.findChildren(QPlainTextEdit):
        add(w.placeholderText())
    for w in root.findChildren(QDockWidget):
        add(w.windowTitle())
    for w in root.findChildren(QGroupBox):
        add(w.title())
    for w in root.findChildren(QTabWidget):
        for i in range(w.count()):
            add(w.tabText(i))
    for w in root.findChildren(QMenu):
        add(w.title())
    for a in root.findChildren(QAction):
        if not a.isSeparator():
            add(a.text())
            add(a.statusTip())
    for view in root.findChildren(QAbstractItemView):
        model = view.model()
        header = (
            view.horizontalHeader()
            if isinstance(view, QTableView)
            else view.header()
            if isinstance(view, QTreeView)
            else None
        )
        if model is None or header is None:
            continue
        for column in range(header.count()):
            add(str(model.headerData(column, Qt.Orientation.Horizontal) or ""))
    return out


def is_data(text: str, data: set[str]) -> bool:
    if text in data or text in SAME_IN_GERMAN or text.endswith(" — Annotator"):
        return True
    if not re.search(r"[A-Za-z]{2}", text):  # numbers, keys, symbols
        return True
    return bool(re.fullmatch(r"(Ctrl|Alt|Shift|F\d+)[+\w]*", text))


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        ann, ben = p.ensure_annotator(name="Tess"), p.ensure_annotator(name="Ben")
        doc = p.add_document(text=TEXT, title="Harbour").document
        for who in (ann, ben):
            p.add_annotation(document_id=doc.id, start=4, end=12, category="claim", annotator_id=who.id)
    return path


def data_texts(project: Project) -> set[str]:
    """What the project holds and the window shows as it is: titles, names, the codebook."""
    out = {d.title for d in project.documents()} | {a.name for a in project.annotators()}
    out |= {project.location, "postgresql://db/x"}  # where the project is; the login dialog's
    codebook = project.codebook
    out |= {codebook.name, codebook.id}
    for c in codebook.categories:
        out |= {c.label, c.definition, f"{c.label} ({c.shortcut}): {c.definition}"}
    return out


@pytest.fixture
def english_and_german(
    qtbot: QtBot, project_path: Path, tmp_path: Path
) -> Iterator[tuple[set[str], set[str], set[str]]]:
    seen: list[set[str]] = []
    data: set[str] = set()
    try:
        for language in ("en", "de"):
            assert install_translators(language) == language
            w = MainWindow(
                project=Project.open(project_path), annotator_name="Tess", settings=settings_in(tmp_path)
            )
            qtbot.addWidget(w)
            w.show()
            qtbot.waitExposed(w)
            w.act_review_mode.trigger()
            texts = texts_of(w)
            for kind in sorted(DIALOGS):
                dialog: QDialog = DIALOGS[kind](w)
                qtbot.addWidget(dialog)
                texts |= texts_of(dialog)
                dialog.close()
            data |= data_texts(w.project)
            seen.append(texts)
            w.project.close()
            w.close()
        yield seen[0], seen[1], data
    finally:
        install_translators("en")


def test_no_visible_text_of_the_window_and_its_dialogs_stays_english(
    english_and_german: tuple[set[str], set[str], set[str]],
) -> None:
    english, german, data = english_and_german
    assert len(english) > 150  # the check looks at the whole interface
    untranslated = sorted(t for t in english & german if not is_data(t, data))
    assert untranslated == []


def test_system_locale_and_preference_choose_the_language(qtbot: QtBot) -> None:
    assert language_code("system", QLocale("de_DE")) == "de"
    assert language_code("system", QLocale("en_GB")) == "en"
    assert language_code("en", QLocale("de_DE")) == "en"
    assert language_code("de", QLocale("en_US")) == "de"
    try:
        assert install_translators("system", locale=QLocale("de_AT")) == "de"
        assert install_translators("system", locale=QLocale("fr_FR")) == "en"  # no French yet
    finally:
        install_translators("en")


def test_plural_forms_follow_the_count(qtbot: QtBot) -> None:
    from PySide6.QtCore import QCoreApplication

    try:
        install_translators("de")
        one = QCoreApplication.translate("ReviewPanel", "Project: %n document(s).", None, 1)
        many = QCoreApplication.translate("ReviewPanel", "Project: %n document(s).", None, 3)
        assert (one, many) == ("Projekt: 1 Dokument.", "Projekt: 3 Dokumente.")
    finally:
        install_translators("en")


def test_the_compiled_translation_matches_its_source() -> None:
    """resources/translations/annotator_de.qm is the compiled annotator_de.ts (README: Adding a
    language), and the .ts has no unfinished or vanished message."""
    ts = translations_dir() / "annotator_de.ts"
    source = ts.read_text("utf-8")
    assert 'type="unfinished"' not in source
    assert 'type="vanished"' not in source and 'type="obsolete"' not in source
    lrelease = Path(sys.executable).with_name("pyside6-lrelease")
    if not lrelease.exists():
        pytest.skip("pyside6-lrelease is not installed here")
    out = Path(ts.parent / "annotator_de.qm")
    fresh = subprocess.run(
        [str(lrelease), str(ts), "-qm", "/dev/stdout", "-silent"], capture_output=True, check=True
    ).stdout
    assert fresh == out.read_bytes(), "run pyside6-lrelease (README: Adding a language)"


def test_every_text_literal_given_to_qt_goes_through_translation() -> None:
    """The static half of the check: no string literal handed to a label, button, menu, tooltip,
    message box... in ui/ is left outside ``tr``/``translate`` (tests/tools/wrap_strings.py wraps
    any that arrive; README: Adding a language)."""
    from tests.tools.wrap_strings import wrap_file

    ui = Path(__file__).resolve().parents[2] / "ui"
    left = {
        str(p.relative_to(ui)): n
        for p in sorted(ui.rglob("*.py"))
        for n in [wrap_file(p, write=False)[0]]
        if n
    }
    assert left == {}
