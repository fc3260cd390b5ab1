"""Keeping passwords out of everything shown or logged: one function, :func:`redact_url`.

A team database URL never holds a password (``annotator.store.server.parse_url`` refuses one),
but a URL is shown in many places (messages, the error log, the window title, the recent-projects
menu, the connection line ``team add-coder`` prints), and a refused URL is still repeated in its
refusal. Each of those goes through :func:`redact_url`, which hides:

- the password of a URL's user-info (``postgresql://bob:SECRET@host``, as SQLAlchemy and libpq
  read it: everything from the first ``:`` of the user-info to the ``@``);
- the value of a ``password`` / ``sslpassword`` / ``PGPASSWORD`` setting, in a URL's query
  (``?password=SECRET``), in a libpq connection string (``password='SEC RET'``), URL-encoded
  (``password%3DSECRET``) or in an environment listing;
- a password literal in SQL (``PASSWORD 'SCRAM-SHA-256$...'``), as in a failed ``CREATE ROLE``.

A password that lives in a file (``~/.pgpass``, a service file) never reaches a string the app
makes, so there is nothing to hide for it; the tests check that too. Pure string work, no
imports beyond :mod:`re`, so the lowest layers (the error log) can use it.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = ["HIDDEN", "redact_url"]

HIDDEN: Final = "***"

# scheme://USER:PASSWORD@ : the password runs to the first "@" (a literal "@" in a password must
# be written %40), the user part to the first ":" (SQLAlchemy's own URL pattern reads it so).
_USERINFO: Final = re.compile(r"(?P<head>[A-Za-z][A-Za-z0-9+.\-]*://[^:/?#\s]*):(?P<secret>[^@\s]*)@")
# password=VALUE, sslpassword = 'VALUE', PGPASSWORD=VALUE, password%3DVALUE (URL-encoded "=")
_SETTING: Final = re.compile(
    r"(?i)(?P<head>(?<![a-z])(?:pg|ssl)?password(?:\s*=\s*|%3D))"
    r"(?P<secret>'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"|[^\s&;,'\"]*)"
)
# SQL: PASSWORD 'literal' (CREATE/ALTER ROLE), the quote doubled inside
_SQL_LITERAL: Final = re.compile(r"(?i)(?P<head>\bpassword\s+)'(?:[^']|'')*'")


def redact_url(text: str) -> str:
    """``text`` (a URL, or a message or traceback holding URLs) with every password hidden.

    >>> redact_url("postgresql+psycopg://bob:pw@db/news?password=pw2&sslmode=require")
    'postgresql+psycopg://bob:***@db/news?password=***&sslmode=require'
    """
    text = _USERINFO.sub(lambda m: f"{m['head']}:{HIDDEN}@" if m["secret"] else m[0], text)
    text = _SETTING.sub(lambda m: f"{m['head']}{HIDDEN}" if m["secret"] else m[0], text)
    return _SQL_LITERAL.sub(lambda m: f"{m['head']}'{HIDDEN}'", text)
