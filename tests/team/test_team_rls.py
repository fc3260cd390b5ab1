"""Team rules: enforced by PostgreSQL itself, and explained by the app.

The first tests connect as a coder with plain psycopg, bypassing the app entirely, and try what
the rules forbid. An UPDATE or DELETE of a row a policy hides from the writer matches no row
(PostgreSQL filters it out rather than raising), so those are checked by the row being unchanged;
inserting into someone else's layer and touching the codebook raise ``InsufficientPrivilege``.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from pathlib import Path

import pytest

from annotator.cli import main as cli
from annotator.domain import AnnotatorKind
from annotator.errors import LoginRequired, ProjectError
from annotator.project import Project
from tests.annotator.hard_text import HARD_TEXT
from tests.team.conftest import Team

psycopg = pytest.importorskip("psycopg")


def _setup(team: Team) -> dict[str, str]:
    """The owner adds a document; bob and the reviewer each annotate it through the app."""
    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text=HARD_TEXT, title="Shared").document
    with team.open("bob") as bob:
        layer = bob.ensure_annotator(name="Bob").id
        bobs = bob.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=layer)
    with team.open("rev") as rev:
        adj = rev.ensure_annotator(name="Adjudicated", kind=AnnotatorKind.ADJUDICATED).id
        settled = rev.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=adj)
    with team.open("ada") as ada:
        ada_layer = ada.ensure_annotator(name="Ada").id
    assert bobs.after is not None and settled.after is not None
    return {
        "doc": doc.id,
        "bob_layer": layer,
        "bob_ann": bobs.after.id,
        "adj_layer": adj,
        "adj_ann": settled.after.id,
        "ada_layer": ada_layer,
    }


def _insert(conn: object, *, doc: str, layer: str) -> None:
    conn.execute(  # type: ignore[attr-defined]
        'INSERT INTO annotations (id, document_id, annotator_id, start, "end", quote, category, attributes,'
        " note, codebook_version, created_at, modified_at)"
        " VALUES (%s, %s, %s, 0, 8, %s, 'claim', '{}', '', '1.0', now(), now())",
        (str(uuid.uuid4()), doc, layer, HARD_TEXT[0:8]),
    )


def test_a_coder_cannot_change_another_layer_even_bypassing_the_app(team: Team) -> None:
    ids = _setup(team)
    with team.connect("ada") as ada:
        # reading everyone's layer is allowed
        assert ada.execute("SELECT count(*) FROM annotations").fetchone()[0] == 2
        # bob's annotation: changing, re-assigning and deleting it all match nothing
        cur = ada.execute("UPDATE annotations SET note = 'mine now' WHERE id = %s", (ids["bob_ann"],))
        assert cur.rowcount == 0
        cur = ada.execute(
            "UPDATE annotations SET annotator_id = %s WHERE id = %s", (ids["ada_layer"], ids["bob_ann"])
        )
        assert cur.rowcount == 0
        assert ada.execute("DELETE FROM annotations WHERE id = %s", (ids["bob_ann"],)).rowcount == 0
        # adding to bob's layer is refused outright
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert(ada, doc=ids["doc"], layer=ids["bob_layer"])
        # nor can ada take over bob's layer or make herself one under his login
        assert (
            ada.execute("UPDATE annotators SET name = 'Ada' WHERE id = %s", (ids["bob_layer"],)).rowcount == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            ada.execute(
                "INSERT INTO annotators (id, name, kind, login, created_at)"
                " VALUES (%s, 'x', 'coder', %s, now())",
                (str(uuid.uuid4()), team.login("bob")),
            )
        # her own layer is hers to write
        _insert(ada, doc=ids["doc"], layer=ids["ada_layer"])
    with team.connect("bob") as bob:
        row = bob.execute(
            "SELECT annotator_id, note FROM annotations WHERE id = %s", (ids["bob_ann"],)
        ).fetchone()
        assert row == (ids["bob_layer"], "")
        assert bob.execute("SELECT count(*) FROM annotations").fetchone()[0] == 3


def test_only_reviewers_write_the_adjudicated_layer(team: Team) -> None:
    ids = _setup(team)
    with team.connect("ada") as ada:
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            _insert(ada, doc=ids["doc"], layer=ids["adj_layer"])
        assert ada.execute("DELETE FROM annotations WHERE id = %s", (ids["adj_ann"],)).rowcount == 0
        assert (
            ada.execute(
                "UPDATE annotations SET category = 'opinion' WHERE id = %s", (ids["adj_ann"],)
            ).rowcount
            == 0
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
            ada.execute(
                "INSERT INTO annotators (id, name, kind, login, created_at)"
                " VALUES (%s, 'Mine', 'adjudicated', %s, now())",
                (str(uuid.uuid4()), team.login("ada")),
            )
    with team.connect("rev") as rev:
        assert (
            rev.execute("UPDATE annotations SET note = 'settled' WHERE id = %s", (ids["adj_ann"],)).rowcount
            == 1
        )
        _insert(rev, doc=ids["doc"], layer=ids["adj_layer"])
        # a reviewer is still not another coder
        assert rev.execute("DELETE FROM annotations WHERE id = %s", (ids["bob_ann"],)).rowcount == 0


def test_only_the_owner_changes_the_codebook_and_the_documents(team: Team) -> None:
    ids = _setup(team)
    for who in ("ada", "rev"):
        with team.connect(who) as conn:
            for statement in (
                "UPDATE categories SET label = 'Gossip'",
                "UPDATE codebooks SET is_current = false",
                "DELETE FROM category_attributes",
                "INSERT INTO codebooks (codebook_id, version, name, description, is_current, created_at)"
                " VALUES ('x', '9', '', '', true, now())",
                "UPDATE documents SET text = 'rewritten'",
                "DELETE FROM documents",
                "INSERT INTO settings (key, value) VALUES ('x', 'y')",
            ):
                with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                    conn.execute(statement)
            # a document's status is shared work: members may set it
            assert (
                conn.execute("UPDATE documents SET status = 'done' WHERE id = %s", (ids["doc"],)).rowcount
                == 1
            )
    with Project.open(team.owner_url) as owner:
        assert owner.codebook.categories[0].label == "Claim"
        assert owner.document(ids["doc"]).text == HARD_TEXT


def test_the_app_explains_each_refusal(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    ids = _setup(team)
    with team.open("ada") as ada:
        assert ada.access is not None and ada.access.coder and not ada.access.owner
        me = ada.ensure_annotator(name="Whatever the app calls her")
        assert me.id == ids["ada_layer"], "a login keeps its one layer"
        with pytest.raises(ProjectError, match="“Bob” is another coder's layer"):
            ada.update_annotation(annotation_id=ids["bob_ann"], note="x")
        with pytest.raises(ProjectError, match="another coder's layer"):
            ada.delete_annotation(annotation_id=ids["bob_ann"])
        with pytest.raises(ProjectError, match="only reviewers can change the adjudicated layer"):
            ada.add_annotation(
                document_id=ids["doc"], start=0, end=4, category="claim", annotator_id=ids["adj_layer"]
            )
        with pytest.raises(ProjectError, match="only the project owner can change the codebook"):
            ada.set_codebook(codebook=replace(ada.codebook, version="2.0"))
        # refusals the app does not foresee still arrive as a sentence, from the database
        with pytest.raises(ProjectError, match="refused this change: only the project owner can add"):
            ada.add_document(text="A new article.\n")
        ada.add_annotation(document_id=ids["doc"], start=0, end=4, category="claim", annotator_id=me.id)
    codebook = tmp_path / "cb.json"
    assert cli(["codebook", "export", "--project", team.owner_url, "-o", str(codebook)]) == 0
    capsys.readouterr()
    monkeypatch.setenv("PGPASSWORD", team.passwords["ada"])
    assert cli(["codebook", "import", "--project", team.url("ada"), str(codebook)]) == 1
    err = capsys.readouterr().err
    assert err == "annotator: only the project owner can change the codebook\n"


def test_credentials_come_from_libpq_never_the_url(
    team: Team, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    url = team.url("ada")
    with pytest.raises(ProjectError, match="must not contain a password"):
        Project.open(url.replace("_ada@", f"_ada:{team.passwords['ada']}@"))
    with pytest.raises(LoginRequired, match="the server wants a password"):
        Project.open(url)
    with pytest.raises(LoginRequired, match="password authentication failed"):
        Project.open(url, password="wrong")
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(
        f"{team.admin.host}:{team.admin.port}:{team.database}:{team.login('ada')}:{team.passwords['ada']}\n"
    )
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    assert cli(["documents", "--project", url]) == 0
    with Project.open(url) as project:
        assert project.access is not None and project.access.login == team.login("ada")
    # sslmode reaches libpq: this test server has no TLS, so "require" must fail, "disable" work
    with pytest.raises(ProjectError, match="SSL"):
        Project.open(url + "?sslmode=require")
    Project.open(url + "?sslmode=disable").close()


def test_team_commands_set_up_members_and_hand_over_layers(
    team: Team, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # init again (as after an upgrade) changes nothing and breaks nothing
    assert cli(["team", "init", team.owner_url, "--role-prefix", team.prefix]) == 0
    assert "ready" in capsys.readouterr().out
    # a file coded alone is pushed; its coder's layer is handed to her new login
    solo = tmp_path / "solo.sqlite"
    with Project.open(solo) as p:
        layer = p.ensure_annotator(name="Cleo").id
        doc = p.add_document(text=HARD_TEXT).document
        p.add_annotation(document_id=doc.id, start=0, end=8, category="claim", annotator_id=layer)
    assert cli(["team", "push", str(solo), team.owner_url]) == 0
    login = team.login("cleo")
    assert cli(["team", "add-coder", team.owner_url, login, "--layer", "Cleo"]) == 0
    out = capsys.readouterr().out
    assert f"created login {login} to {team.prefix}_coder; their layer is {layer}" in out
    password = out.split("send it privately): ")[1].split()[0]
    with Project.open(team.admin.tcp_url(login, team.database), password=password) as cleo:
        assert cleo.ensure_annotator(name="Cleo").id == layer
        (ann,) = cleo.annotations(annotator_ids=[layer])
        cleo.update_annotation(annotation_id=ann.id, note="still mine")


def test_a_reviewer_settles_coders_disagreements_and_a_coder_cannot(team: Team) -> None:
    from annotator import review

    with Project.open(team.owner_url) as owner:
        doc = owner.add_document(text=HARD_TEXT, title="Shared").document
    layers = {}
    for who, category in (("ada", "claim"), ("bob", "opinion")):
        with team.open(who) as p:
            layers[who] = p.ensure_annotator(name=who.title()).id
            p.add_annotation(document_id=doc.id, start=0, end=8, category=category, annotator_id=layers[who])
    with team.open("rev") as rev:
        me = rev.ensure_annotator(name="Rev").id
        state = review.review_document(
            rev, document_id=doc.id, annotator_ids=[layers["ada"], layers["bob"]], reviewer_id=me
        )
        (group,) = state.open_disagreements
        ada_span = next(a for a in group.members if a.annotator_id == layers["ada"])
        review.accept_version(rev, group=group, annotation_id=ada_span.id, reviewer_id=me)
        layer = review.adjudicated_layer(rev, reviewer_id=me)
        assert layer is not None
        assert [a.category for a in rev.annotations(annotator_ids=[layer.id])] == ["claim"]
    with team.open("ada") as ada:
        mine = ada.ensure_annotator(name="Ada").id
        state = review.review_document(
            ada, document_id=doc.id, annotator_ids=[layers["ada"], layers["bob"]], reviewer_id=mine
        )
        (group,) = state.groups
        with pytest.raises(ProjectError, match="only reviewers can record review decisions"):
            review.reject_group(ada, group=group, reviewer_id=mine)
