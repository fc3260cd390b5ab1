"""Documents as researchers describe them, in the core: body ranges, memos, document variables.

Every edit is an operation of :class:`Project` returning a change record, kept in the edit history
and undone and redone by :mod:`annotator.history` (also from another process's point of view: the
journal stores the records as JSON).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator import history
from annotator.codebook import (
    codebook_differences,
    codebook_from_dict,
    codebook_to_dict,
    derived_value,
    parse_variable_value,
)
from annotator.domain import (
    DocumentChange,
    SettingChange,
    VariableChange,
    VariableKind,
    VariableType,
)
from annotator.errors import ConflictError, ValidationError
from annotator.project import Project
from annotator.store.journal import change_from_json, change_to_json

TEXT = "Home | World | Subscribe\nOfficials said the pier would close.\nCritics disagreed.\nLeave a Comment"
BODY = (TEXT.index("Officials"), TEXT.index("\nLeave"))

VARIABLES = [
    {
        "id": "frame",
        "label": "Main frame",
        "kind": "coded",
        "type": "nominal",
        "choices": ["conflict", "economy", "human interest"],
        "definition": "The frame that dominates the article.",
    },
    {
        "id": "tone",
        "label": "Overall tone",
        "kind": "coded",
        "type": "ordinal",
        "choices": ["neg", "neu", "pos"],
    },
    {"id": "sources", "label": "Sources quoted", "kind": "coded", "type": "numeric"},
    {
        "id": "country",
        "label": "Country of the outlet",
        "kind": "descriptive",
        "type": "nominal",
        "from": "source",
        "map": {"CNN": "US", "Sputnik International": "RU"},
    },
    {"id": "section", "label": "Section", "kind": "descriptive"},
]


def with_variables(project: Project, version: str = "1.1") -> None:
    data = codebook_to_dict(project.codebook)
    data["version"] = version
    data["variables"] = VARIABLES
    project.set_codebook(codebook=codebook_from_dict(data))


@pytest.fixture
def project(tmp_path: Path) -> Project:
    p = Project.open(tmp_path / "p.sqlite")
    with_variables(p)
    p.acting_as = p.ensure_annotator(name="Ana").id
    return p


def test_the_codebook_keeps_its_variables_across_a_reopen(project: Project, tmp_path: Path) -> None:
    project.close()
    with Project.open(tmp_path / "p.sqlite") as again:
        cb = again.codebook
        assert [v.id for v in cb.variables] == ["frame", "tone", "sources", "country", "section"]
        tone = cb.variable("tone")
        assert (
            tone is not None and tone.type is VariableType.ORDINAL and tone.choices == ("neg", "neu", "pos")
        )
        country = cb.variable("country")
        assert country is not None and country.kind is VariableKind.DESCRIPTIVE
        assert dict(country.mapping) == {"CNN": "US", "Sputnik International": "RU"}
        section = cb.variable("section")
        assert section is not None and section.type is VariableType.TEXT  # a descriptive default
        assert codebook_from_dict(codebook_to_dict(cb)) == cb


def test_a_codebook_without_variables_writes_what_it_wrote_before(tmp_path: Path) -> None:
    with Project.open(tmp_path / "plain.sqlite") as p:
        assert "variables" not in codebook_to_dict(p.codebook)


@pytest.mark.parametrize(
    ("variable", "problem"),
    [
        ({"id": "title", "kind": "coded"}, "metadata field"),
        ({"id": "x", "type": "ordinal", "choices": ["one"]}, "lowest first"),
        ({"id": "x", "kind": "coded", "from": "source"}, "only a descriptive"),
        ({"id": "x", "kind": "descriptive", "from": "weather"}, "is not one of"),
        ({"id": "x", "kind": "sometimes"}, "is not one of"),
    ],
)
def test_bad_variable_definitions_are_refused(variable: dict[str, object], problem: str) -> None:
    data = {
        "id": "cb",
        "version": "1",
        "categories": [{"id": "claim", "label": "Claim"}],
        "variables": [variable],
    }
    with pytest.raises(ValidationError, match=problem):
        codebook_from_dict(data)


def test_codebook_differences_name_the_variables(project: Project) -> None:
    theirs = codebook_to_dict(project.codebook)
    theirs["variables"] = [dict(VARIABLES[0], choices=["conflict"]), VARIABLES[2]]
    diffs = codebook_differences(project.codebook, codebook_from_dict(theirs))
    assert "variable 'frame' differs" in diffs
    assert "variable 'tone' is only in this project" in diffs


def test_values_typed_as_text_are_parsed_for_the_variable(project: Project) -> None:
    cb = project.codebook
    frame, tone, sources = (cb.variable(v) for v in ("frame", "tone", "sources"))
    assert frame is not None and tone is not None and sources is not None
    assert parse_variable_value(frame, " Conflict ") == "conflict"
    assert parse_variable_value(sources, "3") == 3 and parse_variable_value(sources, "2.5") == 2.5
    assert parse_variable_value(tone, "") is None
    with pytest.raises(ValidationError, match="must be one of"):
        parse_variable_value(tone, "furious")
    with pytest.raises(ValidationError, match="must be a number"):
        parse_variable_value(sources, "many")


def test_a_descriptive_variable_can_come_from_the_metadata(project: Project) -> None:
    country = project.codebook.variable("country")
    assert country is not None
    assert derived_value(country, {"source": "CNN"}) == "US"
    assert derived_value(country, {"source": "sputnik international"}) == "RU"  # case aside
    assert derived_value(country, {"source": "Portal"}) is None
    assert derived_value(country, {"source": ""}) is None


def test_the_body_is_set_checked_undone_and_redone(project: Project) -> None:
    doc = project.add_document(text=TEXT, title="Pier", body=BODY).document
    assert doc.body == BODY and doc.text[BODY[0] : BODY[1]].startswith("Officials")
    assert project.documents()[0].body_span == BODY
    change = project.set_document_body(document_id=doc.id, body=(0, len(TEXT)))
    # the whole text is stored as "no body"
    assert change == DocumentChange(document_id=doc.id, field="body", before=BODY, after=None)
    assert project.document(doc.id).body is None and project.document(doc.id).body_span == (0, len(TEXT))
    result = history.undo(project, annotator_id=project.acting_as)
    assert result.step.label == "use the whole text as body"
    assert project.document(doc.id).body == BODY
    history.redo(project, annotator_id=project.acting_as)
    assert project.document(doc.id).body is None
    for bad in [(5, 5), (-1, 4), (0, len(TEXT) + 1), (9, 3)]:
        with pytest.raises(ValidationError, match="not a range inside the text"):
            project.set_document_body(document_id=doc.id, body=bad)
    assert project.document(doc.id).text == TEXT  # never changed


def test_metadata_and_memos_are_undoable_edits(project: Project) -> None:
    doc = project.add_document(text=TEXT, title="Pier").document
    changes = project.update_document(
        document_id=doc.id, source=" CNN ", published="2023-08-20", memo="Check the second quote.\n"
    )
    assert {c.field: c.after for c in changes} == {
        "source": "CNN",
        "published": "2023-08-20",
        "memo": "Check the second quote.",
    }
    info = project.documents()[0]
    assert (info.source, info.memo) == ("CNN", "Check the second quote.")
    step = history.undo(project, annotator_id=project.acting_as).step
    assert step.label == "edit the document's details"
    assert project.document(doc.id).memo == "" and project.document(doc.id).source == ""

    memo = project.set_project_memo(text="RQ1: do outlets quote officials more after 2023?")
    assert memo == SettingChange(
        key="memo", before=None, after="RQ1: do outlets quote officials more after 2023?"
    )
    assert project.project_memo().startswith("RQ1")
    assert history.undo(project, annotator_id=project.acting_as).step.label == "edit the project memo"
    assert project.project_memo() == ""
    history.redo(project, annotator_id=project.acting_as)
    assert project.project_memo().startswith("RQ1")


def test_coded_values_belong_to_a_layer_and_descriptive_ones_to_the_document(project: Project) -> None:
    doc = project.add_document(text=TEXT, title="Pier").document
    ana = project.acting_as
    assert ana is not None
    bo = project.ensure_annotator(name="Bo").id
    project.set_coded_value(document_id=doc.id, annotator_id=ana, variable="frame", value="conflict")
    project.set_coded_value(document_id=doc.id, annotator_id=bo, variable="frame", value="economy")
    project.set_coded_value(document_id=doc.id, annotator_id=ana, variable="sources", value=3)
    project.set_document_value(document_id=doc.id, variable="section", value="World")
    values = {(v.annotator_id, v.variable): v.value for v in project.coded_values()}
    assert values == {(ana, "frame"): "conflict", (bo, "frame"): "economy", (ana, "sources"): 3}
    assert project.document_values() == {doc.id: {"section": "World"}}
    with pytest.raises(ValidationError, match="descriptive variable"):
        project.set_coded_value(document_id=doc.id, annotator_id=ana, variable="section", value="x")
    with pytest.raises(ValidationError, match="coded variable"):
        project.set_document_value(document_id=doc.id, variable="frame", value="conflict")
    with pytest.raises(ValidationError, match="no document variable"):
        project.set_document_value(document_id=doc.id, variable="mood", value="x")
    with pytest.raises(ValidationError, match="must be a number"):
        project.set_coded_value(document_id=doc.id, annotator_id=ana, variable="sources", value="3")

    # clearing is an edit too, and undo puts the value back
    cleared = project.set_coded_value(document_id=doc.id, annotator_id=ana, variable="frame", value=None)
    assert cleared == VariableChange(
        document_id=doc.id, variable="frame", annotator_id=ana, before="conflict", after=None
    )
    assert history.undo(project, annotator_id=ana).step.label == "clear main frame"
    assert {(v.annotator_id, v.variable) for v in project.coded_values(annotator_ids=[ana])} == {
        (ana, "frame"),
        (ana, "sources"),
    }


def test_undo_refuses_when_someone_changed_the_value_since(project: Project, tmp_path: Path) -> None:
    doc = project.add_document(text=TEXT, title="Pier").document
    project.set_document_value(document_id=doc.id, variable="section", value="World")
    with Project.open(tmp_path / "p.sqlite") as other:
        other.set_document_value(document_id=doc.id, variable="section", value="Europe")
    with pytest.raises(ConflictError, match="'section' was changed since"):
        history.undo(project, annotator_id=project.acting_as)
    assert project.document_values()[doc.id]["section"] == "Europe"


@pytest.mark.parametrize(
    "change",
    [
        DocumentChange(document_id="d", field="body", before=None, after=(3, 9)),
        DocumentChange(document_id="d", field="memo", before="", after="two\nlines"),
        VariableChange(document_id="d", variable="frame", annotator_id="a", before=None, after="conflict"),
        VariableChange(document_id="d", variable="sources", annotator_id=None, before=2, after=2.5),
        SettingChange(key="memo", before=None, after="RQ1"),
    ],
)
def test_the_journal_stores_the_new_change_records(change: object) -> None:
    assert change_from_json(change_to_json(change)) == change  # type: ignore[arg-type]


def test_a_deleted_document_takes_its_values_along(project: Project, tmp_path: Path) -> None:
    doc = project.add_document(text=TEXT, title="Pier").document
    assert project.acting_as is not None
    project.set_coded_value(
        document_id=doc.id, annotator_id=project.acting_as, variable="frame", value="economy"
    )
    project.set_document_value(document_id=doc.id, variable="section", value="World")
    import sqlite3

    con = sqlite3.connect(tmp_path / "p.sqlite")
    con.execute("PRAGMA foreign_keys=ON")
    con.execute("DELETE FROM documents")
    con.commit()
    con.close()
    assert project.coded_values() == [] and project.document_values() == {}


def test_documents_from_revision_0004_get_the_whole_text_as_body_and_no_memo(tmp_path: Path) -> None:
    from alembic import command

    from annotator.store.db import alembic_config, make_engine
    from tests.faults.test_fault_migrations import TEXT as OLD_TEXT
    from tests.faults.test_fault_migrations import fill

    path = tmp_path / "at-0004.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0004")
    engine.dispose()
    fill(path)
    with Project.open(path) as p:
        doc = p.document("doc-1")
        assert (doc.body, doc.body_span, doc.memo) == (None, (0, len(OLD_TEXT)), "")
        assert p.codebook.variables == () and p.coded_values() == [] and p.project_memo() == ""
