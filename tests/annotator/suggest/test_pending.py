"""Pending suggestions in the project: stored for a coder, accepted or rejected, never exported nor counted.

Every outcome is read back from the project file (a fresh open) or from the exported file, on a
text with emoji, combining marks, right-to-left script and CRLF line breaks at import.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from annotator import cli, history
from annotator.dataset import export_dataset, import_dataset, validate_dataset
from annotator.domain import ASSISTANT, SUGGESTION_TIMING_SETTING
from annotator.errors import ConflictError, ValidationError
from annotator.formats import FORMATS, export_bytes
from annotator.importers.batch import import_articles
from annotator.project import Project
from annotator.reliability import agreement_for_project, resolve_annotators
from annotator.resources import resource
from annotator.suggest import Suggestion
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT, find


def _suggestion(doc: str, text: str, needle: str, category: str, *, rule: str = "r1") -> Suggestion:
    start, end = find(text, needle)
    return Suggestion(
        document_id=doc,
        start=start,
        end=end,
        quote=text[start:end],
        category=category,
        suggester="quotes",
        version="2",
        rule=rule,
        score=0.8,
    )


@pytest.fixture
def hard(tmp_path: Path) -> tuple[Path, str, str]:
    """A project whose one document came from a CRLF file; returns (path, document id, coder id)."""
    source = tmp_path / "hard.txt"
    source.write_bytes(HARD_CRLF_BYTES)
    path = tmp_path / "p.annotator.sqlite"
    with Project.open(path) as project:
        import_articles(project, [source])
        [doc] = project.documents()
        assert project.document(doc.id).text == HARD_TEXT  # CRLF became LF at import
        me = project.ensure_annotator(name="ana").id
    return path, doc.id, me


def test_accepting_makes_an_annotation_with_its_origin_in_one_step(hard: tuple[Path, str, str]) -> None:
    path, doc, me = hard
    with Project.open(path) as project:
        project.acting_as = me
        stored = project.add_suggestions(
            annotator_id=me,
            suggestions=[
                _suggestion(doc, HARD_TEXT, "“We will not sign.”", "quote", rule="said-colon"),
                _suggestion(doc, HARD_TEXT, "cafe\u0301", "claim"),  # combining acute
                _suggestion(doc, HARD_TEXT, "ميزانية للجميع", "claim"),  # right-to-left
                _suggestion(doc, HARD_TEXT, "“We will not sign.”", "quote"),  # the same again
            ],
        )
        assert len(stored) == 3
        quote = next(c.after for c in stored if c.after and c.after.category == "quote")
        assert quote is not None
    with Project.open(path) as project:  # what the file holds
        pending = project.suggestions(document_id=doc, annotator_id=me)
        assert [p.quote for p in pending] == ["“We will not sign.”", "cafe\u0301", "ميزانية للجميع"]
        assert project.annotations() == []
        project.acting_as = me
        annotation = project.accept_suggestion(quote.id)
    with Project.open(path) as project:
        [stored_annotation] = project.annotations()
        assert stored_annotation == annotation
        assert HARD_TEXT[annotation.start : annotation.end] == "“We will not sign.”"
        assert annotation.annotator_id == me
        assert annotation.origin == {"suggester": "quotes", "version": "2", "rule": "said-colon"}
        assert quote.id not in {p.id for p in project.suggestions()}
        step = project.last_edit_step(annotator_id=me)
        assert step is not None and step.label == "accept suggested quote"
        # undo takes the annotation away and makes the suggestion pending again
        history.undo(project, annotator_id=me)
    with Project.open(path) as project:
        assert project.annotations() == []
        assert quote.id in {p.id for p in project.suggestions()}
        history.redo(project, annotator_id=me)
        assert [a.origin for a in project.annotations()] == [annotation.origin]
        # a suggestion accepted elsewhere cannot be accepted twice
        with pytest.raises(ValidationError, match="no longer pending"):
            project.accept_suggestion(quote.id)


def test_rejecting_removes_only_the_suggestion_and_undo_puts_it_back(hard: tuple[Path, str, str]) -> None:
    path, doc, me = hard
    with Project.open(path) as project:
        project.acting_as = me
        [change] = project.add_suggestions(
            annotator_id=me, suggestions=[_suggestion(doc, HARD_TEXT, "12\u00a0km", "statistic")]
        )
        assert change.after is not None
        project.reject_suggestion(change.after.id)
    with Project.open(path) as project:
        assert project.suggestions() == [] and project.annotations() == []
        history.undo(project, annotator_id=me)
        [back] = project.suggestions()
        assert back == change.after  # the same id, span and time
        # adding the same suggestion while it is back is not a duplicate
        assert (
            project.add_suggestions(
                annotator_id=me, suggestions=[_suggestion(doc, HARD_TEXT, "12\u00a0km", "statistic")]
            )
            == []
        )
        history.redo(project, annotator_id=me)
        assert project.suggestions() == []
    with Project.open(path) as project:
        assert project.suggestions() == []
        history.undo(project, annotator_id=me)
        # meanwhile another window rejects it: redoing the rejection must not pretend
        with Project.open(path) as other:
            other.acting_as = other.ensure_annotator(name="lead").id
            other.reject_suggestion(back.id)
        with pytest.raises(ConflictError):
            history.redo(project, annotator_id=me)


def test_accept_all_within_a_range_and_reject_all(hard: tuple[Path, str, str]) -> None:
    path, doc, me = hard
    first_line = HARD_TEXT.index("\n")
    with Project.open(path) as project:
        project.acting_as = me
        project.add_suggestions(
            annotator_id=me,
            suggestions=[
                _suggestion(doc, HARD_TEXT, "Ana\u00a0Kovač", "claim"),
                _suggestion(doc, HARD_TEXT, "👍", "opinion"),
                _suggestion(doc, HARD_TEXT, "👩\u200d👩\u200d👧", "claim"),
                _suggestion(doc, HARD_TEXT, "3.4\u202f%", "statistic"),
            ],
        )
        accepted = project.accept_all(document_id=doc, annotator_id=me, within=(0, first_line))
        assert sorted(a.quote for a in accepted) == ["Ana\u00a0Kovač", "👍"]
        step = project.last_edit_step(annotator_id=me)
        assert step is not None and step.label == "accept 2 suggestions"
    with Project.open(path) as project:
        assert sorted(a.quote for a in project.annotations()) == ["Ana\u00a0Kovač", "👍"]
        assert all(a.origin is not None for a in project.annotations())
        assert sorted(p.quote for p in project.suggestions()) == ["3.4\u202f%", "👩\u200d👩\u200d👧"]
        project.acting_as = me
        rejected = project.reject_all(document_id=doc, annotator_id=me)
        assert len(rejected) == 2
    with Project.open(path) as project:
        assert project.suggestions() == []
        assert len(project.annotations()) == 2


def test_a_suggestion_already_coded_is_not_stored_and_accepting_onto_a_twin_keeps_one_span(
    hard: tuple[Path, str, str],
) -> None:
    path, doc, me = hard
    start, end = find(HARD_TEXT, "Ana\u00a0Kovač")
    with Project.open(path) as project:
        project.add_annotation(document_id=doc, start=start, end=end, category="claim", annotator_id=me)
        assert (
            project.add_suggestions(
                annotator_id=me, suggestions=[_suggestion(doc, HARD_TEXT, "Ana\u00a0Kovač", "claim")]
            )
            == []
        )
        # pending for a colleague is another matter
        bo = project.ensure_annotator(name="bo").id
        [theirs] = project.add_suggestions(
            annotator_id=bo, suggestions=[_suggestion(doc, HARD_TEXT, "Ana\u00a0Kovač", "claim")]
        )
        assert theirs.after is not None and project.suggestions(annotator_id=me) == []
        # a quote that does not match the text is refused
        bad = Suggestion(doc, start, end, "someone else", "opinion", "x", "1", "r", 0.5)
        with pytest.raises(ValidationError):
            project.add_suggestions(annotator_id=me, suggestions=[bad])


def _fixed_now(monkeypatch: pytest.MonkeyPatch) -> None:
    import annotator.dataset as dataset_module

    class Frozen(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Frozen:
            return cls(2026, 12, 1, 12, 0, tzinfo=UTC)

    monkeypatch.setattr(dataset_module, "datetime", Frozen)


def test_pending_suggestions_are_in_no_export(
    hard: tuple[Path, str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every export format writes the same bytes with and without a pending suggestion."""
    path, doc, me = hard
    _fixed_now(monkeypatch)
    start, end = find(HARD_TEXT, "café")
    with Project.open(path) as project:
        project.add_annotation(document_id=doc, start=start, end=end, category="claim", annotator_id=me)
        formats = [name for name, spec in FORMATS.items() if spec.writer is not None]
        before = {fmt: export_bytes(project, fmt) for fmt in formats}
        project.add_suggestions(
            annotator_id=me,
            suggestions=[
                _suggestion(doc, HARD_TEXT, "Лозунг", "opinion"),
                _suggestion(doc, HARD_TEXT, "شعار", "quote"),
            ],
        )
        assert len(project.suggestions()) == 2
        after = {fmt: export_bytes(project, fmt) for fmt in formats}
    assert len(formats) >= 8
    changed = [fmt for fmt in formats if before[fmt] != after[fmt]]
    assert changed == []


def test_origin_in_the_dataset_and_csv_round_trips(hard: tuple[Path, str, str], tmp_path: Path) -> None:
    path, doc, me = hard
    start, end = find(HARD_TEXT, "café")
    with Project.open(path) as project:
        project.add_annotation(document_id=doc, start=start, end=end, category="claim", annotator_id=me)
        [change] = project.add_suggestions(
            annotator_id=me, suggestions=[_suggestion(doc, HARD_TEXT, "«Порт — это мы!»", "quote")]
        )
        assert change.after is not None
        project.accept_suggestion(change.after.id)
        project.add_suggestions(annotator_id=me, suggestions=[_suggestion(doc, HARD_TEXT, "👍", "opinion")])
        export_dataset(project, tmp_path / "out.json", fmt="json")
        export_dataset(project, tmp_path / "out.csv", fmt="csv")
    data = json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))
    problems, _ = validate_dataset(data)
    assert problems == []
    spans = {a["quote"]: a for a in data["documents"][0]["annotations"]}
    assert set(spans) == {"café", "«Порт — это мы!»"}  # the pending 👍 is not there
    assert spans["café"]["origin"] is None
    assert spans["«Порт — это мы!»"]["origin"] == {"suggester": "quotes", "version": "2", "rule": "r1"}
    # the JSON Schema shipped for third parties accepts it too
    jsonschema.validate(data, json.loads(resource("dataset.schema.json").read_text("utf-8")))
    rows = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8-sig"))))
    by_quote = {r["quote"]: r for r in rows}
    assert by_quote["café"]["origin"] == ""
    assert json.loads(by_quote["«Порт — это мы!»"]["origin"]) == {
        "rule": "r1",
        "suggester": "quotes",
        "version": "2",
    }
    with Project.open(tmp_path / "again.annotator.sqlite") as again:
        import_dataset(again, tmp_path / "out.json")
        origins = {a.quote: a.origin for a in again.annotations()}
        assert again.suggestions() == []
    suggested = {"suggester": "quotes", "version": "2", "rule": "r1"}
    assert origins == {"café": None, "«Порт — это мы!»": suggested}


def test_agreement_counts_pending_suggestions_only_as_the_named_assistant(
    hard: tuple[Path, str, str],
) -> None:
    path, doc, me = hard
    with Project.open(path) as project:
        gold = project.ensure_annotator(name="gold").id
        for needle, category in (("“We will not sign.”", "quote"), ("12\u00a0km", "statistic")):
            start, end = find(HARD_TEXT, needle)
            project.add_annotation(
                document_id=doc, start=start, end=end, category=category, annotator_id=gold
            )
        start, end = find(HARD_TEXT, "Ana\u00a0Kovač")
        project.add_annotation(document_id=doc, start=start, end=end, category="claim", annotator_id=me)
        project.add_suggestions(
            annotator_id=me,
            suggestions=[
                _suggestion(doc, HARD_TEXT, "“We will not sign.”", "quote"),
                _suggestion(doc, HARD_TEXT, "3.4\u202f%", "statistic"),
            ],
        )
        # by default: the coders only, and the suggestions count for nobody
        plain = agreement_for_project(project)
        assert ASSISTANT not in plain.annotators
        assert "assistant" not in {a.name for a in resolve_annotators(project, None)}
        scored = agreement_for_project(project, annotators=["ASSISTANT", "gold"], whole_text=True)
    assert list(scored.annotators) == [ASSISTANT, "gold"]
    as_json = scored.to_json_dict()
    # one of the assistant's two spans is one of gold's two: precision = recall = F1 = 1/2
    assert as_json["f1"]["exact"] == pytest.approx(0.5)
    assert as_json["f1"]["categories"]["quote"]["exact"] == pytest.approx(1.0)
    assert as_json["units"][ASSISTANT] == {"claim": 0, "quote": 1, "statistic": 1, "opinion": 0}
    assert as_json["alpha_u"]["overall"] is not None
    # its precision and recall against gold, whichever order they were named in
    from annotator.reliability import assistant_scores

    for order in (["ASSISTANT", "gold"], ["gold", "assistant"]):
        with Project.open(path) as project:
            report = agreement_for_project(project, annotators=order, whole_text=True)
        [scored] = assistant_scores(report)
        assert scored["against"] == "gold"
        assert (scored["precision_exact"], scored["recall_exact"]) == (0.5, 0.5)
    # one more gold span: recall falls, precision stays
    with Project.open(path) as project:
        start, end = find(HARD_TEXT, "Лозунг")
        project.add_annotation(document_id=doc, start=start, end=end, category="opinion", annotator_id=gold)
        [scored] = assistant_scores(
            agreement_for_project(project, annotators=["assistant", "gold"], whole_text=True)
        )
    assert scored["precision_exact"] == 0.5 and scored["recall_exact"] == pytest.approx(1 / 3)
    assert scored["categories"]["quote"]["precision_exact"] == 1.0


def test_the_command_stores_for_the_acting_coder_sets_the_timing_and_scores_the_assistant(
    hard: tuple[Path, str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    path, doc, _ = hard
    p = str(path)
    assert cli.main(["suggest", "-p", p, "--annotator", "ana"]) == 0
    out = capsys.readouterr().out
    assert "stored as pending" in out
    with Project.open(path) as project:
        [ana] = [a for a in project.annotators() if a.name == "ana"]
        stored = project.suggestions(annotator_id=ana.id)
        assert stored and all(HARD_TEXT[s.start : s.end] == s.quote for s in stored)
    # again: nothing doubles
    assert cli.main(["suggest", "-p", p, "--annotator", "ana"]) == 0
    assert "were pending already" in capsys.readouterr().out
    with Project.open(path) as project:
        assert len(project.suggestions()) == len(stored)
    # --json prints and stores nothing
    assert cli.main(["suggest", "-p", p, "--annotator", "bo", "--json"]) == 0
    json.loads(capsys.readouterr().out)
    with Project.open(path) as project:
        assert {s.annotator_id for s in project.suggestions()} == {ana.id}
    assert cli.main(["suggest", "-p", p, "--timing", "after_done"]) == 0
    assert "once they marked" in capsys.readouterr().out
    with Project.open(path) as project:
        assert project.setting(SUGGESTION_TIMING_SETTING) == "after_done"
        gold = project.ensure_annotator(name="gold").id
        first = stored[0]
        project.add_annotation(
            document_id=doc, start=first.start, end=first.end, category=first.category, annotator_id=gold
        )
    assert cli.main(["agree", "-p", p, "--annotators", "assistant", "gold", "--json", "--whole-text"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["annotators"] == ["assistant", "gold"]
    assert report["assistant"][0]["against"] == "gold"
    assert report["assistant"][0]["precision_exact"] == pytest.approx(1 / len(stored))
    assert cli.main(["agree", "-p", p, "--annotators", "gold", "assistant"]) == 0
    assert "assistant against gold: precision" in capsys.readouterr().out
    # without naming it, the assistant is never a coder
    assert cli.main(["agree", "-p", p, "--annotators", "ana", "gold", "--json"]) == 0
    assert "assistant" not in capsys.readouterr().out


def test_a_project_made_at_0006_gets_the_table_and_keeps_its_spans_hand_made(tmp_path: Path) -> None:
    """Migration 0007 on a file holding rows: every existing span is hand-made (origin NULL)."""
    import sqlite3

    from alembic import command

    from annotator.store.db import alembic_config, make_engine
    from tests.faults.test_fault_migrations import fill

    path = tmp_path / "at-0006.sqlite"
    engine = make_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0006")
    engine.dispose()
    fill(path)
    with Project.open(path) as project:
        spans = project.annotations()
        assert spans and all(a.origin is None for a in spans)
        assert project.suggestions() == []
        doc = project.document(spans[0].document_id)
        start, end = spans[0].start, spans[0].end
        other = next(c.id for c in project.codebook.categories if c.id != spans[0].category)
        [added] = project.add_suggestions(
            annotator_id=spans[0].annotator_id,
            suggestions=[Suggestion(doc.id, start, end, doc.text[start:end], other, "rules", "1", "r", 0.5)],
        )
        assert added.after is not None
    con = sqlite3.connect(path)
    try:
        assert con.execute("SELECT version_num FROM alembic_version").fetchall() == [("0007",)]
        assert con.execute("SELECT count(*) FROM suggestions").fetchall() == [(1,)]
        assert con.execute("SELECT count(*) FROM annotations WHERE origin IS NOT NULL").fetchall() == [(0,)]
    finally:
        con.close()
