"""A project made by every earlier release opens in this one, with its data, after a backup.

For each schema revision before the head: a file is built at that revision by Alembic, filled
with rows through plain SQL (a codebook of its own, a document, a coder and an annotation), and
opened with :meth:`Project.open`. The data must come through the migration unchanged, a backup
copy at the old revision must sit beside the file, and both must pass ``integrity_check``.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.script import ScriptDirectory

from annotator.project import Project
from annotator.store.db import alembic_config, backup_path, head_revision, make_engine
from tests.faults.helpers import db_rows, integrity


def earlier_revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config())
    ordered = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    return ordered[:-1]


TEXT = "Officials 😀 said the pier would close.\nCritics disagreed.\n"
NOW = "2026-01-02 03:04:05.000006"

# The rows as the first schema has them; a later revision's new columns must be nullable or have
# a default (the test says which one is missing if not).
ROWS: dict[str, list[dict[str, Any]]] = {
    "codebooks": [
        {
            "pk": 1,
            "codebook_id": "old-study",
            "version": "0.9",
            "name": "An older study's codebook",
            "description": "",
            "is_current": 1,
            "created_at": NOW,
        }
    ],
    "categories": [
        {
            "pk": 1,
            "codebook_pk": 1,
            "key": "claim",
            "label": "Claim",
            "definition": "A checkable assertion.",
            "include": "[]",
            "exclude": "[]",
            "examples": '["The pier will close."]',
            "color": "#0072B2",
            "shortcut": "1",
            "position": 0,
        },
        {
            "pk": 2,
            "codebook_pk": 1,
            "key": "quote",
            "label": "Quote",
            "definition": "Reported speech.",
            "include": "[]",
            "exclude": "[]",
            "examples": "[]",
            "color": "#E69F00",
            "shortcut": "2",
            "position": 1,
        },
    ],
    "category_attributes": [
        {
            "pk": 1,
            "category_pk": 2,
            "key": "speaker",
            "label": "Speaker",
            "type": "text",
            "choices": "[]",
            "description": "",
            "position": 0,
        }
    ],
    "annotators": [
        {"id": "coder-1", "name": "Ada", "kind": "coder", "adjudicated_by": None, "created_at": NOW}
    ],
    "documents": [
        {
            "id": "doc-1",
            "position": 1,
            "title": "Pier",
            "source": "Test Wire",
            "author": "",
            "url": "",
            "published": "2026-01-01",
            "language": "en",
            "text": TEXT,
            "sha256": "not-checked-here",
            "original_filename": "pier.txt",
            "original_sha256": "",
            "status": "in_progress",
            "imported_at": NOW,
        }
    ],
    "annotations": [
        {
            "id": "ann-1",
            "document_id": "doc-1",
            "annotator_id": "coder-1",
            "start": 0,
            "end": 11,
            "quote": TEXT[0:11],
            "category": "quote",
            "attributes": '{"speaker": "an official"}',
            "note": "first pass",
            "codebook_version": "0.9",
            "created_at": NOW,
            "modified_at": NOW,
        }
    ],
}


def fill(path: Path) -> None:
    """Insert :data:`ROWS` with plain sqlite3, using only the columns the file's schema has."""
    con = sqlite3.connect(path)
    try:
        for table, rows in ROWS.items():
            info = con.execute(f"PRAGMA table_info({table})").fetchall()
            columns = {r[1] for r in info}
            required = {r[1] for r in info if r[3] and r[4] is None and not r[5]}
            for row in rows:
                missing = required - row.keys()
                assert not missing, f"{table} needs {missing} at this revision: add it to ROWS"
                keys = [k for k in row if k in columns]
                marks = ", ".join("?" for _ in keys)
                names = ", ".join(f'"{k}"' for k in keys)
                con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [row[k] for k in keys])
        con.commit()
    finally:
        con.close()


@pytest.mark.parametrize("revision", earlier_revisions())
def test_a_project_from_an_earlier_schema_keeps_its_data(tmp_path: Path, revision: str) -> None:
    path = tmp_path / f"made-at-{revision}.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, revision)
    engine.dispose()
    fill(path)

    with Project.open(path) as project:
        assert (project.codebook.id, project.codebook.version) == ("old-study", "0.9")
        assert project.codebook.category_ids == ("claim", "quote")
        quote = project.codebook.category("quote")
        assert quote is not None and [a.id for a in quote.attributes] == ["speaker"]
        (doc,) = project.documents()
        assert (doc.id, doc.title, doc.status.value, doc.annotation_count) == (
            "doc-1",
            "Pier",
            "in_progress",
            1,
        )
        assert project.document("doc-1").text == TEXT
        (ann,) = project.annotations()
        assert (ann.id, ann.start, ann.end, ann.quote, ann.category) == ("ann-1", 0, 11, TEXT[:11], "quote")
        assert ann.attributes == {"speaker": "an official"} and ann.note == "first pass"
        assert [(a.id, a.name) for a in project.annotators()] == [("coder-1", "Ada")]
        # and it takes new edits under the new schema
        project.add_annotation(
            document_id="doc-1", start=12, end=16, category="claim", annotator_id="coder-1"
        )

    assert db_rows(path, "SELECT version_num FROM alembic_version") == [(head_revision(),)]
    assert integrity(path) == "ok"
    backup = backup_path(path, revision)
    assert backup.exists(), "no backup was written before the migration"
    assert db_rows(backup, "SELECT version_num FROM alembic_version") == [(revision,)]
    assert db_rows(backup, "SELECT id, quote FROM annotations") == [("ann-1", TEXT[:11])]
    assert integrity(backup) == "ok"
