"""Remembering a team database's password in the system keyring, when there is one.

The ``keyring`` package is optional: without it (or without a keyring service, as on a headless
server) nothing is remembered and the app simply asks again. Passwords are stored per login,
server and database, never in the project URL, settings files or recent-project lists.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from annotator.store.server import parse_url

SERVICE = "annotator"


def _keyring() -> ModuleType | None:
    try:
        return importlib.import_module("keyring")
    except ImportError:
        return None


def available() -> bool:
    """Whether a password can be remembered here (the package is installed)."""
    return _keyring() is not None


def account(url: str) -> str:
    """The keyring entry's name: login, server, port and database (options such as sslmode don't
    change which password is needed)."""
    parsed = parse_url(url)
    host = parsed.host or str(parsed.query.get("host", "localhost"))
    port = parsed.port or parsed.query.get("port", 5432)
    return f"{parsed.username or ''}@{host}:{port}/{parsed.database or ''}"


def load_password(url: str) -> str | None:
    kr = _keyring()
    if kr is None:
        return None
    try:
        value = kr.get_password(SERVICE, account(url))
    except Exception:  # keyring backends raise their own error types (locked, no service, ...)
        return None
    return value if isinstance(value, str) else None


def save_password(url: str, password: str) -> bool:
    """Remember ``password``; False when there is no keyring to keep it in."""
    kr = _keyring()
    if kr is None:
        return False
    try:
        kr.set_password(SERVICE, account(url), password)
    except Exception:  # keyring backends raise their own error types (locked, no service, ...)
        return False
    return True


def forget_password(url: str) -> None:
    kr = _keyring()
    if kr is None:
        return
    try:
        kr.delete_password(SERVICE, account(url))
    except Exception:  # nothing stored, or no keyring service: either way nothing is remembered
        return
