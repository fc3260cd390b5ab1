"""``annotator meta``, ``memo`` and ``outlets``; agreement over article bodies and on variables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.agreement.intervals import BootstrapSettings
from annotator.cli import main
from annotator.codebook import codebook_from_dict, codebook_to_dict
from annotator.project import Project
from annotator.reliability import agreement_for_project, document_variables, variable_agreement
from annotator.reliability.report import build_report, render_html
from tests.conftest import CORPUS

VARIABLES = [
    {"id": "section", "label": "Section", "kind": "descriptive"},
    {"id": "frame", "label": "Main frame", "kind": "coded", "choices": ["conflict", "economy"]},
    {"id": "tone", "label": "Tone", "kind": "coded", "type": "ordinal", "choices": ["neg", "neu", "pos"]},
    {"id": "sources", "label": "Sources", "kind": "coded", "type": "numeric"},
]


def run(*args: str) -> int:
    return main(list(args))


@pytest.fixture
def project_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("USER", "tester")
    monkeypatch.setenv("LOGNAME", "tester")
    path = tmp_path / "p.sqlite"
    assert run("import", "--project", str(path), *map(str, sorted(CORPUS.glob("*.txt")))) == 0
    with Project.open(path) as p:
        data = codebook_to_dict(p.codebook)
        data["version"] = "1.1"
        data["variables"] = VARIABLES
        p.set_codebook(codebook=codebook_from_dict(data))
    return path


def docs(path: Path) -> dict[str, object]:
    with Project.open(path) as p:
        return {d.original_filename: d for d in p.documents()}


PORTAL = "portal-2026-08-20-missed-window.txt"
HARBOUR = "2026-04-harbour-talks-to-resume.txt"


def test_meta_shows_and_sets_fields_and_variables(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run("meta", "--project", str(project_path), PORTAL) == 0
    out = capsys.readouterr().out
    assert (
        "outlet:   Portal Sarnovia" in out
        and "date:     2026-08-20" in out
        and "author:   Tove Rasmark" in out
    )
    assert (
        run(
            "meta",
            "--project",
            str(project_path),
            HARBOUR,
            "--set",
            "outlet=Harbour Herald",
            "--set",
            "date=04.11.2026",
            "--set",
            "section=Economy",
            "--set",
            "frame=Conflict",
            "--set",
            "body=0:69",
            "--set",
            "memo=Check the quote in paragraph 3.",
        )
        == 0
    )
    assert capsys.readouterr().out.strip() == "6 changes"
    assert run("meta", "--project", str(project_path), HARBOUR, "--json") == 0
    shown = json.loads(capsys.readouterr().out)
    assert (shown["outlet"], shown["date"], shown["memo"]) == (
        "Harbour Herald",
        "2026-11-04",
        "Check the quote in paragraph 3.",
    )
    assert shown["body"] == {"start": 0, "end": 69, "whole_text": False}
    assert shown["variables"] == {"section": "Economy"}
    assert [(a["variable"], a["value"], a["annotator"]) for a in shown["coded_variables"]] == [
        ("frame", "conflict", "tester")
    ]
    # one edit: one undo takes all of it back
    assert run("undo", "--project", str(project_path), "--annotator", "tester") == 0
    with Project.open(project_path) as p:
        doc = next(d for d in p.documents() if d.original_filename == HARBOUR)
        assert (doc.source, doc.published, doc.memo, doc.body) == ("", "2026-04", "", None)
        assert p.coded_values() == [] and p.document_values() == {}


@pytest.mark.parametrize(
    ("assignment", "problem"),
    [
        ("weather=rain", "unknown field 'weather'"),
        ("frame=peace", "must be one of conflict, economy"),
        ("sources=many", "must be a number"),
        ("date=soon", "is not a date"),
        ("body=5:999999", "not a range inside the text"),
        ("title=", "needs a title"),
        ("outlet", "write FIELD=VALUE"),
    ],
)
def test_meta_refuses_bad_values_and_changes_nothing(
    project_path: Path, capsys: pytest.CaptureFixture[str], assignment: str, problem: str
) -> None:
    before = docs(project_path)
    assert run("meta", "--project", str(project_path), HARBOUR, "--set", "outlet=X", "--set", assignment) == 1
    assert problem in capsys.readouterr().err
    assert docs(project_path) == before


def test_meta_from_a_csv_is_one_undoable_step(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with Project.open(project_path) as p:
        portal_id = next(d.id for d in p.documents() if d.original_filename == PORTAL)
    sheet = tmp_path / "metadata.csv"
    sheet.write_text(
        "filename;id;outlet;section;date\n"
        f"{HARBOUR};;Harbour Herald;Economy;2026-04-02\n"
        f";{portal_id};;World;\n"
        "nowhere.txt;;Nobody;;\n",
        encoding="utf-8-sig",  # as Excel writes it
    )
    capsys.readouterr()
    assert run("meta", "--project", str(project_path), "--from", str(sheet)) == 0
    captured = capsys.readouterr()
    assert captured.out.strip() == "4 changes in 2 documents; 1 row matching no document"
    assert "line 4: nowhere.txt: no such document" in captured.err
    after = docs(project_path)
    harbour, portal = after[HARBOUR], after[PORTAL]
    assert (harbour.source, harbour.published) == ("Harbour Herald", "2026-04-02")  # type: ignore[attr-defined]
    assert portal.source == "Portal Sarnovia"  # type: ignore[attr-defined] # an empty cell changes nothing
    with Project.open(project_path) as p:
        assert p.document_values()[portal_id] == {"section": "World"}
    assert run("undo", "--project", str(project_path), "--annotator", "tester") == 0
    with Project.open(project_path) as p:
        assert p.document_values() == {}
        assert next(d for d in p.documents() if d.original_filename == HARBOUR).source == ""


def test_a_csv_with_a_bad_value_changes_nothing(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sheet = tmp_path / "bad.csv"
    sheet.write_text(f"filename,outlet,frame\n{HARBOUR},Harbour Herald,conflict\n{PORTAL},,war\n", "utf-8")
    before = docs(project_path)
    assert run("meta", "--project", str(project_path), "--from", str(sheet)) == 1
    assert "bad.csv, line 3: variable 'frame' must be one of conflict, economy" in capsys.readouterr().err
    assert docs(project_path) == before
    nameless = tmp_path / "nameless.csv"
    nameless.write_text("outlet\nCNN\n", "utf-8")
    assert run("meta", "--project", str(project_path), "--from", str(nameless)) == 1
    assert "no column names the documents" in capsys.readouterr().err


def test_memos_and_the_outlet_table(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("memo", "--project", str(project_path), "--set", "RQ1: who quotes officials?") == 0
    notes = tmp_path / "memo.txt"
    notes.write_text("Two paragraphs\n\nof notes.", "utf-8")
    assert run("memo", "--project", str(project_path), PORTAL, "--file", str(notes)) == 0
    capsys.readouterr()
    assert run("memo", "--project", str(project_path)) == 0
    assert capsys.readouterr().out.strip() == "RQ1: who quotes officials?"
    assert run("memo", "--project", str(project_path), PORTAL) == 0
    assert capsys.readouterr().out.strip() == "Two paragraphs\n\nof notes."

    assert run("outlets", "--project", str(project_path), "--add", "Courier=Marenholt Courier") == 0
    assert "Courier\tMarenholt Courier\t(this project)" in capsys.readouterr().out
    assert run("meta", "--project", str(project_path), "--detect", "--overwrite") == 0
    assert capsys.readouterr().out.strip() == "1 change in 1 document"
    assert docs(project_path)["courier-2026-03-30-ministers-urge-mediation.txt"].source == "Marenholt Courier"  # type: ignore[attr-defined]
    assert run("outlets", "--project", str(project_path), "--remove", "Courier") == 0
    assert run("outlets", "--project", str(project_path), "--remove", "Courier") == 1


# -- agreement over bodies, on variables --------------------------------------------------------------


def two_coders(tmp_path: Path) -> Project:
    p = Project.open(tmp_path / "agree.sqlite")
    data = codebook_to_dict(p.codebook)
    data["version"] = "1.1"
    data["variables"] = VARIABLES
    p.set_codebook(codebook=codebook_from_dict(data))
    text = "Subscribe now | Menu\nOfficials said the pier would close on Monday.\nLeave a Comment"
    body = (text.index("Officials"), text.index("\nLeave"))
    doc = p.add_document(text=text, title="Pier", body=body).document
    ada, bo = p.ensure_annotator(name="Ada"), p.ensure_annotator(name="Bo")
    for who in (ada, bo):  # the same claim in the article
        p.add_annotation(
            document_id=doc.id, start=body[0], end=body[0] + 9, category="claim", annotator_id=who.id
        )
    # only Ada coded something in the chrome
    p.add_annotation(document_id=doc.id, start=0, end=9, category="opinion", annotator_id=ada.id)
    return p


def test_agreement_runs_over_the_body_unless_the_whole_text_is_asked(tmp_path: Path) -> None:
    with two_coders(tmp_path) as p:
        assert agreement_for_project(p).alpha_u == 1.0
        whole = agreement_for_project(p, whole_text=True).alpha_u
        assert whole is not None and whole < 1.0
        report = build_report(p)
        assert "Article bodies compared" in render_html(report)
        assert "Whole texts compared" in render_html(build_report(p, whole_text=True))


def test_alpha_on_coded_variables_at_their_level(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = two_coders(tmp_path)
    ada, bo = (next(a for a in p.annotators() if a.name == n) for n in ("Ada", "Bo"))
    docs_ = [
        p.add_document(text=f"Document number {i} about the pier.", title=f"D{i}").document for i in range(4)
    ]
    # nominal, worked by hand: Ada a b a b, Bo a b b b -> o_aa 2, o_bb 4, o_ab = o_ba = 1; n_a 3, n_b 5
    # alpha = 1 - (8 - 1) * 2 / (2 * 3 * 5) = 1 - 14/30
    for d, x, y in zip(
        docs_,
        ["conflict", "economy", "conflict", "economy"],
        ["conflict", "economy", "economy", "economy"],
        strict=True,
    ):
        p.set_coded_value(document_id=d.id, annotator_id=ada.id, variable="frame", value=x)
        p.set_coded_value(document_id=d.id, annotator_id=bo.id, variable="frame", value=y)
    for d, x, y in zip(docs_, ["neg", "neu", "pos", "pos"], ["neg", "neu", "pos", "pos"], strict=True):
        p.set_coded_value(document_id=d.id, annotator_id=ada.id, variable="tone", value=x)
        p.set_coded_value(document_id=d.id, annotator_id=bo.id, variable="tone", value=y)
    p.set_coded_value(document_id=docs_[0].id, annotator_id=ada.id, variable="sources", value=3)
    settings = BootstrapSettings(draws=200, seed=1)
    results = {d.name: variable_agreement(d, settings=settings) for d in document_variables(p, [ada, bo])}
    assert results["frame"].metric == "nominal" and results["frame"].alpha == pytest.approx(1 - 14 / 30)
    assert results["frame"].units == 4 and results["frame"].interval is not None
    assert results["tone"].metric == "ordinal" and results["tone"].alpha == pytest.approx(1.0)
    assert results["sources"].metric == "interval" and results["sources"].alpha is None  # one answer
    assert results["sources"].reason == "no document has values from two coders"
    path = p.path
    p.close()
    capsys.readouterr()
    assert run("agree", "--project", str(path), "--json") == 0
    data = json.loads(capsys.readouterr().out)
    assert data["continuum"]["text"] == "article body"
    frame = data["variables"]["frame"]
    assert frame["alpha"] == pytest.approx(1 - 14 / 30) and frame["metric"] == "nominal"
    assert run("agree", "--project", str(path)) == 0
    out = capsys.readouterr().out
    assert "over the article bodies" in out and "frame" in out and "0.533" in out
    html = tmp_path / "r.html"
    assert run("report", "--project", str(path), "-o", str(html)) == 0
    page = html.read_text("utf-8")
    assert 'id="variables"' in page and "Main frame" in page and ".533" in page
