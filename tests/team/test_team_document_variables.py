"""Team rules for what documents carry beyond their spans: coded values are part of a coder's layer,
descriptive values, memos and body ranges are shared metadata, the project memo is the owner's."""

from __future__ import annotations

import pytest

from annotator.codebook import codebook_from_dict, codebook_to_dict
from annotator.errors import PermissionRefused
from annotator.project import Project
from tests.annotator.hard_text import HARD_TEXT
from tests.team.conftest import Team

psycopg = pytest.importorskip("psycopg")

VARIABLES = [
    {"id": "frame", "label": "Main frame", "kind": "coded", "choices": ["conflict", "economy"]},
    {"id": "section", "label": "Section", "kind": "descriptive"},
]


def _setup(team: Team) -> dict[str, str]:
    with Project.open(team.owner_url) as owner:
        data = codebook_to_dict(owner.codebook)
        data["version"] = "1.1"
        data["variables"] = VARIABLES
        owner.set_codebook(codebook=codebook_from_dict(data))
        doc = owner.add_document(text=HARD_TEXT, title="Shared").document
    with team.open("bob") as bob:
        bob_layer = bob.ensure_annotator(name="Bob").id
        bob.set_coded_value(document_id=doc.id, annotator_id=bob_layer, variable="frame", value="conflict")
    with team.open("ada") as ada:
        ada_layer = ada.ensure_annotator(name="Ada").id
    return {"doc": doc.id, "bob_layer": bob_layer, "ada_layer": ada_layer}


def test_a_coder_answers_only_in_their_own_layer(team: Team) -> None:
    ids = _setup(team)
    with team.connect("ada") as ada:
        assert ada.execute("SELECT count(*) FROM coded_values").fetchone()[0] == 1  # reading is allowed
        cur = ada.execute(
            "UPDATE coded_values SET value = '\"economy\"' WHERE annotator_id = %s", (ids["bob_layer"],)
        )
        assert cur.rowcount == 0
        assert ada.execute("DELETE FROM coded_values").rowcount == 0
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ada.execute(
                "INSERT INTO coded_values (document_id, annotator_id, variable, value, codebook_version,"
                " created_at, modified_at) VALUES (%s, %s, 'frame', '\"economy\"', '1.1', now(), now())",
                (ids["doc"], ids["bob_layer"]),
            )
    with team.open("ada") as ada_app:
        with pytest.raises(PermissionRefused, match="another coder's layer"):
            ada_app.set_coded_value(
                document_id=ids["doc"], annotator_id=ids["bob_layer"], variable="frame", value="economy"
            )
        ada_app.set_coded_value(
            document_id=ids["doc"], annotator_id=ids["ada_layer"], variable="frame", value="economy"
        )
        # shared metadata: every member may set it
        ada_app.set_document_value(document_id=ids["doc"], variable="section", value="World")
        ada_app.update_document(document_id=ids["doc"], memo="Second quote unclear.")
        ada_app.set_document_body(document_id=ids["doc"], body=(0, 10))
        # the project memo is the owner's, like the codebook
        with pytest.raises(PermissionRefused, match="only the project owner can change the project memo"):
            ada_app.set_project_memo(text="RQ1")
    with Project.open(team.owner_url) as owner:
        values = {(v.annotator_id, v.value) for v in owner.coded_values()}
        assert values == {(ids["bob_layer"], "conflict"), (ids["ada_layer"], "economy")}
        assert owner.document_values() == {ids["doc"]: {"section": "World"}}
        doc = owner.document(ids["doc"])
        assert (doc.memo, doc.body) == ("Second quote unclear.", (0, 10))
        owner.set_project_memo(text="RQ1")
        assert owner.project_memo() == "RQ1"
