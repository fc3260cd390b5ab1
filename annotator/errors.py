"""Exceptions whose message is fit to show a user on one line.

Everything the core raises on bad input derives from :class:`AnnotatorError`; the CLI and the UI
catch that one class and print its message, so a user never sees a traceback for their own data.
"""


class AnnotatorError(Exception):
    """A problem the user can act on; ``str(error)`` is a one-line explanation."""


class ValidationError(AnnotatorError):
    """An edit or an input file breaks a rule (offsets, quote, codebook)."""


class ProjectError(AnnotatorError):
    """The project file cannot be opened, migrated or written."""


class PermissionRefused(ProjectError):
    """The project's rules refuse this change (read-only, another coder's layer, a team role).

    Nothing was written and the file is fine: a window says why, and does not stop claiming that
    earlier changes are saved (unlike a failure to write, which is a plain :class:`ProjectError`).
    """


class ImportRefused(AnnotatorError):
    """An input file was refused whole; nothing of it was stored."""

    def __init__(self, message: str, problems: list[str] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or []


class ConflictError(AnnotatorError):
    """Someone else changed a shared object (a document, the codebook) since this view was loaded.

    Raised instead of overwriting their change; the message says what it is now. Reloading and
    repeating the edit is the way out.
    """


class LoginRequired(ProjectError):
    """A team database asked for a password that none of the usual places supplied.

    The app answers it with its login dialog; the CLI tells the user where a password can go.
    """
