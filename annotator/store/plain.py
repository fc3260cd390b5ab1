"""Reading an up-to-date local project with the sqlite3 module alone, for quick commands.

``annotator documents`` prints a list that one query gives; importing SQLAlchemy and mapping the
ORM would cost ten times the query. This module opens the file read-only, makes the same checks
as a full open (no code in the schema, ``quick_check``, the schema stamp equal to
:data:`SCHEMA_HEAD`) and reads. Whenever anything differs from that plain case (no such file, an
older or newer schema, a damaged file, a foreign table layout) it returns ``None`` and the caller
takes the full path through :class:`~annotator.project.Project`, which migrates, explains or
refuses. Nothing here writes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

#: The newest migration in ``migrations/versions``. Opening an up-to-date project compares its
#: stamp with this and never imports Alembic; a test keeps it equal to Alembic's own head.
SCHEMA_HEAD = "0007"

#: The documents in project order with their annotation counts (as ``Project.documents``).
_DOCUMENTS = """
SELECT d.id, d.status, coalesce(c.n, 0), d.title
FROM documents AS d
LEFT OUTER JOIN (SELECT document_id, count(*) AS n FROM annotations GROUP BY document_id) AS c
  ON c.document_id = d.id
ORDER BY d.position
"""


def _connect(path: Path) -> sqlite3.Connection | None:
    if not path.is_file():
        return None
    try:
        con = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error:
        return None
    try:
        con.execute("PRAGMA trusted_schema=OFF")
        con.execute("PRAGMA cell_size_check=ON")
        if con.execute("PRAGMA quick_check").fetchone() != ("ok",):
            raise sqlite3.DatabaseError("damaged")
        code = "SELECT 1 FROM sqlite_master WHERE type IN ('trigger', 'view') LIMIT 1"
        if con.execute(code).fetchone() is not None:
            raise sqlite3.DatabaseError("code in the schema")
        stamp = con.execute("SELECT version_num FROM alembic_version").fetchall()
        if stamp != [(SCHEMA_HEAD,)]:
            raise sqlite3.DatabaseError("not at the schema head")
    except sqlite3.Error:
        con.close()
        return None
    return con


def document_list(path: Path) -> list[tuple[str, str, int, str]] | None:
    """``(id, status, annotation count, title)`` of every document in project order.

    ``None`` when the plain case does not hold (see the module's docstring): open the project
    fully then.
    """
    con = _connect(path)
    if con is None:
        return None
    try:
        return [(str(r[0]), str(r[1]), int(r[2]), str(r[3])) for r in con.execute(_DOCUMENTS)]
    except sqlite3.Error:
        return None
    finally:
        con.close()
