"""The app's languages: Qt translators for the system locale or the language chosen in Preferences.

Every string a person reads in the app goes through Qt's translation, so that ``pyside6-lupdate``
finds it and a ``.qm`` file in ``resources/translations`` serves it:

* in a ``QObject`` subclass, ``self.tr("Text")``;
* elsewhere ``translate("Context", "Text")`` (this module's, the same call as Qt's; the context is
  the class or module that shows the text);
* counts with ``self.tr("%n span(s)", None, n)`` (lupdate marks a plural only when ``tr`` has
  the count as its third argument; German has two forms, other languages more);
* a table of labels with ``translate_noop("Context", "Text")`` where it is defined, and
  ``translate("Context", label)`` where a label is shown.

The command line's messages stay English on purpose: scripts read them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

__all__ = [
    "LANGUAGES",
    "install_translators",
    "language_code",
    "translate",
    "translate_noop",
    "translations_dir",
]

#: The choices of Preferences > Language: setting value -> name shown (in its own language, so
#: that someone who cannot read the current one finds theirs). "system" follows the locale.
LANGUAGES: dict[str, str] = {"system": "System", "en": "English", "de": "Deutsch"}

_installed: list[QTranslator] = []


def translate(context: str, text: str, disambiguation: str | None = None, n: int = -1) -> str:
    """``QCoreApplication.translate``: ``text`` in the interface's language."""
    return QCoreApplication.translate(context, text, disambiguation, n)


def translate_noop(context: str, text: str) -> str:
    """Mark ``text`` for translation where it is defined (a table of labels) and return it as it
    is; translate it with ``translate(context, text)`` where it is shown. lupdate reads it as
    ``QT_TRANSLATE_NOOP`` (README: Adding a language)."""
    return text


def translations_dir() -> Path:
    """Where the compiled translations (``annotator_<lang>.qm``) are shipped."""
    from annotator.resources import resource

    return Path(str(resource("translations")))


def language_code(choice: str, locale: QLocale | None = None) -> str:
    """The language to show for a Preferences choice: ``choice`` itself, or the locale's for "system"."""
    if choice in LANGUAGES and choice != "system":
        return choice
    name = (locale or QLocale.system()).name()  # "de_DE"
    return name.split("_")[0] or "en"


def install_translators(choice: str = "system", *, locale: QLocale | None = None) -> str:
    """Load the app's translation (and Qt's own, for its standard buttons and dialogs) for
    ``choice``; replaces the ones loaded before. Returns the language now shown ("en" when the
    app has no translation for the one asked for)."""
    app = QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translators needs a QCoreApplication")
    for old in _installed:
        QCoreApplication.removeTranslator(old)
    _installed.clear()
    code = language_code(choice, locale)
    ours = QTranslator(app)
    if not ours.load(f"annotator_{code}", str(translations_dir())):
        code = "en"
        # English needs its file only for the plural forms ("1 document", "2 documents")
        if not ours.load("annotator_en", str(translations_dir())):
            return code
    QCoreApplication.installTranslator(ours)
    _installed.append(ours)
    if code == "en":
        return code
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    qt_own = QTranslator(app)
    if qt_own.load(f"qtbase_{code}", qt_dir):
        QCoreApplication.installTranslator(qt_own)
        _installed.append(qt_own)
    return code
