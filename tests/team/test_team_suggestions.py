"""Team rules for pending suggestions: each member sees and settles only their own.

A colleague's pending quotes would cue a coder's own coding, so the database itself hides them:
the checks connect with plain psycopg as well as through the app.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from annotator.errors import PermissionRefused
from annotator.project import Project
from tests.annotator.hard_text import HARD_TEXT
from tests.team.conftest import Team

psycopg = pytest.importorskip("psycopg")


@dataclass(frozen=True)
class _Suggested:
    document_id: str
    start: int
    end: int
    quote: str
    category: str = "claim"
    suggester: str = "test"
    version: str = "1"
    rule: str = "r"
    score: float = 0.5
    attributes: dict[str, Any] = field(default_factory=dict)


def test_a_coder_sees_and_settles_only_their_own_pending_suggestions(team: Team) -> None:
    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text=HARD_TEXT, title="Shared").document
    item = _Suggested(document_id=doc.id, start=0, end=8, quote=HARD_TEXT[0:8])
    with team.open("bob") as bob:
        bob_layer = bob.ensure_annotator(name="Bob").id
        [mine] = bob.add_suggestions(annotator_id=bob_layer, suggestions=[item])
        assert mine.after is not None
        bob_pending = mine.after.id
    with team.open("ada") as ada:
        ada_layer = ada.ensure_annotator(name="Ada").id
        assert ada.suggestions() == []
        # nor may ada put suggestions in front of bob
        with pytest.raises(PermissionRefused):
            ada.add_suggestions(annotator_id=bob_layer, suggestions=[item])
        ada.add_suggestions(annotator_id=ada_layer, suggestions=[item])
        assert [p.annotator_id for p in ada.suggestions()] == [ada_layer]
    with team.connect("ada") as conn:
        # bypassing the app: bob's row is invisible, and cannot be deleted or accepted
        assert conn.execute("SELECT count(*) FROM suggestions").fetchone()[0] == 1
        assert conn.execute("DELETE FROM suggestions WHERE id = %s", (bob_pending,)).rowcount == 0
    with team.open("bob") as bob:
        annotation = bob.accept_suggestion(bob_pending)
        assert annotation.origin == {"suggester": "test", "version": "1", "rule": "r"}
        assert bob.suggestions() == []
    with Project.open(team.owner_url) as owner:  # the owner sees what is pending for everyone
        assert [p.annotator_id for p in owner.suggestions()] == [ada_layer]
