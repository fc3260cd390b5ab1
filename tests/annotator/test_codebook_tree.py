"""Hierarchical codebooks: parents and non-codable groups in JSON, REFI-QDA, the store and roll-ups.

No real MAXQDA export with hundreds of codes is among the interop fixtures (their README lists
what was found), so the large codebook here is generated in the shape MAXQDA 24 writes:
top-level groups holding subcodes two levels deep, most without a colour. The small real file
is requal's ATLAS.ti codebook (tests/annotator/data/refi-qda/valid.qdc, provenance in the README
beside it).
"""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main
from annotator.codebook import (
    codebook_from_dict,
    codebook_to_dict,
    default_codebook,
    distinct_colors,
    root_map,
)
from annotator.dataset import dataset_dict, validate_dataset
from annotator.domain import Category, Codebook
from annotator.errors import PermissionRefused, ValidationError
from annotator.formats.qdc import codebook_from_qdc, codebook_to_qdc, read_codebook_file
from annotator.project import Project

DATA = Path(__file__).parent / "data" / "refi-qda"


def maxqda_like_qdc(groups: int = 11, per_group: int = 9, deep: int = 18) -> bytes:
    """A codebook of ``groups`` top-level codes, each with ``per_group`` subcodes, some with children.

    The defaults give 11 groups + 99 subcodes + 197 sub-subcodes = 307 codes; only the groups carry a
    colour, and every third group is a non-codable heading (``isCodable="false"``).
    """
    parts = []
    n = 0

    def guid() -> str:
        nonlocal n
        n += 1
        return f"00000000-0000-4000-8000-{n:012d}"

    for g in range(groups):
        codable = "false" if g % 3 == 0 else "true"
        parts.append(
            f'<Code guid="{guid()}" name="Group {g + 1}" isCodable="{codable}" color="#{g:02x}4080">'
        )
        parts.append(f"<Description>Topic group {g + 1}</Description>")
        for c in range(per_group):
            parts.append(f'<Code guid="{guid()}" name="Code {g + 1}.{c + 1}" isCodable="true">')
            if c < 2:
                for d in range(deep // 2):
                    if (g, c, d) == (groups - 1, 1, deep // 2 - 1):
                        continue
                    parts.append(
                        f'<Code guid="{guid()}" name="Code {g + 1}.{c + 1}.{d + 1}" isCodable="true"/>'
                    )
            parts.append("</Code>")
        parts.append("</Code>")
    body = "".join(parts)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="MAXQDA 24"><Codes>'
        + body
        + "</Codes></CodeBook>\n"
    ).encode()


def tree_codebook() -> Codebook:
    """The default codebook with claim split under a non-codable group ``statement``."""
    base = default_codebook()
    group = Category(id="statement", label="Statement", color="#444444", codable=False)
    categories = [group] + [
        replace(c, parent="statement") if c.id in ("claim", "statistic") else c for c in base.categories
    ]
    categories.append(Category(id="claim-econ", label="Economic claim", color="#117733", parent="claim"))
    return replace(base, version="2.0", categories=tuple(categories))


@pytest.fixture
def project(tmp_path: Path) -> Any:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


# -- the codebook as data -----------------------------------------------------------------------


def test_json_without_parent_or_codable_reads_as_flat_and_codable_and_writes_back_unchanged() -> None:
    data = codebook_to_dict(default_codebook())
    assert all("parent" not in c and "codable" not in c for c in data["categories"])
    cb = codebook_from_dict(data)
    assert all(c.parent is None and c.codable for c in cb.categories)
    assert codebook_to_dict(cb) == data


def test_json_round_trips_parents_and_codable() -> None:
    cb = tree_codebook()
    data = codebook_to_dict(cb)
    by_id = {c["id"]: c for c in data["categories"]}
    assert by_id["statement"]["codable"] is False and "parent" not in by_id["statement"]
    assert by_id["claim-econ"]["parent"] == "claim" and "codable" not in by_id["claim-econ"]
    assert codebook_from_dict(json.loads(json.dumps(data))) == cb
    assert [c.id for c in cb.path("claim-econ")] == ["statement", "claim", "claim-econ"]
    assert cb.root("claim-econ") == "statement" and cb.root("quote") == "quote"
    assert root_map(cb)["statistic"] == "statement"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"parent": "nowhere"}, "the parent 'nowhere' of 'claim' is not a category"),
        ({"parent": "claim"}, "'claim' is its own ancestor"),
        ({"codable": "no"}, "codable: expected true or false"),
    ],
)
def test_bad_parents_are_refused_in_one_line(change: dict[str, Any], message: str) -> None:
    data = codebook_to_dict(default_codebook())
    data["categories"][0].update(change)
    with pytest.raises(ValidationError) as refused:
        codebook_from_dict(data)
    assert message in str(refused.value) and "\n" not in str(refused.value)


def test_a_cycle_of_two_is_refused() -> None:
    data = codebook_to_dict(default_codebook())
    data["categories"][0]["parent"] = "quote"
    data["categories"][1]["parent"] = "claim"
    with pytest.raises(ValidationError, match="cycle"):
        codebook_from_dict(data)


def test_distinct_colours_are_distinct() -> None:
    colors = distinct_colors(400)
    assert len(set(colors)) == 400
    assert all(len(c) == 7 and c.startswith("#") for c in colors)


# -- REFI-QDA ------------------------------------------------------------------------------------


def test_a_large_nested_qdc_keeps_its_tree_codable_flags_and_gets_distinct_colours() -> None:
    cb = codebook_from_qdc(maxqda_like_qdc())
    assert len(cb.categories) == 307
    groups = [c for c in cb.categories if c.parent is None]
    assert [g.label for g in groups] == [f"Group {i + 1}" for i in range(11)]
    assert [g.codable for g in groups] == [i % 3 != 0 for i in range(11)]
    sub = next(c for c in cb.categories if c.label == "Code 2.1.3")
    assert [c.label for c in cb.path(sub.id)] == ["Group 2", "Code 2.1", "Code 2.1.3"]
    assert len({c.color for c in cb.categories}) == len(cb.categories)
    # keys go to the first nine codable codes, never to a non-codable group
    keyed = [c for c in cb.categories if c.shortcut]
    assert len(keyed) == 9 and all(c.codable for c in keyed)


def test_qdc_export_nests_children_and_writes_iscodable_and_reads_back_the_same_tree() -> None:
    cb = tree_codebook()
    xml = codebook_to_qdc(cb)
    text = xml.decode()
    assert 'name="Statement" isCodable="false"' in text
    back = codebook_from_qdc(xml, codebook_id=cb.id)
    assert [(c.label, c.codable) for c in back.categories] == [
        ("Statement", False),
        ("Claim", True),
        ("Economic claim", True),
        ("Statistic", True),
        ("Quote", True),
        ("Opinion", True),
    ]
    parents = {c.label: back.category(c.parent).label if c.parent else None for c in back.categories}
    assert parents == {
        "Statement": None,
        "Claim": "Statement",
        "Economic claim": "Claim",
        "Statistic": "Statement",
        "Quote": None,
        "Opinion": None,
    }


def test_the_real_atlas_ti_codebook_still_reads_as_one_codable_code() -> None:
    cb = read_codebook_file(DATA / "valid.qdc")
    assert [(c.label, c.parent, c.codable) for c in cb.categories] == [("code1", None, True)]


def test_codebook_import_takes_the_codebook_inside_a_qdpx_and_a_qde(tmp_path: Path, capsys: Any) -> None:
    qde = (
        '<?xml version="1.0" encoding="utf-8"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p" '
        'origin="MAXQDA 24"><CodeBook><Codes>'
        '<Code guid="00000000-0000-4000-8000-000000000001" name="Actors" isCodable="false" color="#112233">'
        '<Code guid="00000000-0000-4000-8000-000000000002" name="Politicians" isCodable="true"/>'
        '<Code guid="00000000-0000-4000-8000-000000000003" name="Experts" isCodable="true"/>'
        "</Code></Codes></CodeBook></Project>\n"
    )
    qdpx = tmp_path / "study.qdpx"
    with zipfile.ZipFile(qdpx, "w") as z:
        z.writestr("project.qde", qde)
    bare = tmp_path / "study.qde"
    bare.write_text(qde, "utf-8")
    project_path = tmp_path / "p.sqlite"
    Project.open(project_path).close()
    assert main(["codebook", "import", "--project", str(project_path), str(qdpx)]) == 0
    assert "3 categories" in capsys.readouterr().out
    with Project.open(project_path) as p:
        cb = p.codebook
        assert [(c.id, c.parent, c.codable) for c in cb.categories] == [
            ("actors", None, False),
            ("politicians", "actors", True),
            ("experts", "actors", True),
        ]
    assert read_codebook_file(bare).categories == cb.categories


# -- the store -----------------------------------------------------------------------------------


def test_the_project_keeps_the_tree_per_version_without_new_columns(project: Project, tmp_path: Path) -> None:
    project.set_codebook(codebook=tree_codebook())
    project.close()
    with Project.open(tmp_path / "p.sqlite") as again:
        assert again.codebook == tree_codebook()
        assert again.stored_codebook("news-statements", "1.0") == default_codebook()
    con = sqlite3.connect(tmp_path / "p.sqlite")
    try:
        columns = [r[1] for r in con.execute("PRAGMA table_info(categories)")]
    finally:
        con.close()
    assert "parent" not in columns  # no migration: the tree is kept beside the version's rows


def test_tagging_a_non_codable_category_is_refused_with_one_line(project: Project) -> None:
    project.set_codebook(codebook=tree_codebook())
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text="Exports fell by 4% in May.").document
    with pytest.raises(ValidationError) as refused:
        project.add_annotation(
            document_id=doc.id, start=0, end=12, category="statement", annotator_id=coder.id
        )
    assert (
        str(refused.value)
        == "'Statement' groups other codes and is not codable; choose one of the codes under it"
    )
    span = project.add_annotation(
        document_id=doc.id, start=0, end=12, category="claim-econ", annotator_id=coder.id
    )
    assert span.after is not None
    with pytest.raises(ValidationError, match="not codable"):
        project.update_annotation(annotation_id=span.after.id, category="statement")
    assert project.annotations()[0].category == "claim-econ"


def test_the_dataset_carries_the_tree_and_validates(project: Project) -> None:
    project.set_codebook(codebook=tree_codebook())
    data = dataset_dict(project)
    cats = {c["id"]: c for c in data["codebook"]["categories"]}
    assert cats["claim-econ"]["parent"] == "claim" and cats["statement"]["codable"] is False
    validate_dataset(data)


# -- roll-ups ------------------------------------------------------------------------------------


def _coded(project: Project) -> None:
    project.set_codebook(codebook=tree_codebook())
    ada = project.ensure_annotator(name="Ada")
    ben = project.ensure_annotator(name="Ben")
    doc = project.add_document(text="Exports fell by 4% in May, the minister said. " * 3).document
    # the coders agree on the spans and on the top-level code, not on the subcode
    for start in (0, 46, 92):
        project.add_annotation(
            document_id=doc.id, start=start, end=start + 25, category="claim", annotator_id=ada.id
        )
        project.add_annotation(
            document_id=doc.id, start=start, end=start + 25, category="claim-econ", annotator_id=ben.id
        )
        project.add_annotation(
            document_id=doc.id, start=start + 27, end=start + 45, category="quote", annotator_id=ada.id
        )
        project.add_annotation(
            document_id=doc.id, start=start + 27, end=start + 45, category="quote", annotator_id=ben.id
        )


def test_rolled_up_reads_count_children_as_their_root_and_refuse_writes(project: Project) -> None:
    _coded(project)
    with project.rolled_up() as rolled:
        assert {c.id for c in rolled.codebook.categories} == {"statement", "quote", "opinion"}
        assert {t[4] for t in rolled.span_tuples()} == {"statement", "quote"}
        assert {a.category for a in rolled.annotations()} == {"statement", "quote"}
        with pytest.raises(PermissionRefused):
            rolled.set_project_memo(text="no")
    assert {t[4] for t in project.span_tuples()} == {"claim", "claim-econ", "quote"}
    assert project.codebook == tree_codebook()


def test_agree_analyze_and_report_roll_up(project: Project, tmp_path: Path, capsys: Any) -> None:
    _coded(project)
    project.close()
    path = str(tmp_path / "p.sqlite")
    assert main(["agree", "--project", path, "--json", "--whole-text", "--bootstrap", "0"]) == 0
    flat = json.loads(capsys.readouterr().out)
    assert main(["agree", "--project", path, "--json", "--whole-text", "--bootstrap", "0", "--roll-up"]) == 0
    rolled = json.loads(capsys.readouterr().out)
    flat_text, rolled_text = json.dumps(flat), json.dumps(rolled)
    assert "claim-econ" in flat_text and "claim-econ" not in rolled_text
    assert '"statement"' in rolled_text

    assert main(["analyze", "--project", path, "--layer", "Ben", "--json", "--whole-text", "--roll-up"]) == 0
    analysis = capsys.readouterr().out
    assert "statement" in analysis and "claim-econ" not in analysis

    csv_path = tmp_path / "cats.csv"
    assert main(["report", "--project", path, "--csv", str(csv_path), "--whole-text", "--roll-up"]) == 0
    capsys.readouterr()
    table = csv_path.read_text("utf-8")
    assert "statement" in table.lower() and "claim-econ" not in table


def test_the_tree_survives_a_dataset_round_trip_and_a_qdpx_export(project: Project, tmp_path: Path) -> None:
    from annotator.dataset import import_dataset
    from annotator.formats import export_file

    project.set_codebook(codebook=tree_codebook())
    coder = project.ensure_annotator(name="Ada")
    doc = project.add_document(text="Exports fell by 4% in May.").document
    project.add_annotation(document_id=doc.id, start=0, end=12, category="claim-econ", annotator_id=coder.id)
    out = tmp_path / "data.json"
    assert main(["export", "--project", str(tmp_path / "p.sqlite"), "-o", str(out)]) == 0
    with Project.open(tmp_path / "other.sqlite") as other:
        import_dataset(other, out)
        assert other.codebook == tree_codebook()
    qdpx = tmp_path / "p.qdpx"
    export_file(project, qdpx, "qdpx")
    back = read_codebook_file(qdpx)
    assert [
        (c.label, back.category(c.parent).label if c.parent else None, c.codable) for c in back.categories
    ] == [
        ("Statement", None, False),
        ("Claim", "Statement", True),
        ("Economic claim", "Claim", True),
        ("Statistic", "Statement", True),
        ("Quote", None, True),
        ("Opinion", None, True),
    ]
