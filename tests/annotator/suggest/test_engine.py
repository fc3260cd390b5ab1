"""The registry, the runner, the command and the measured gold."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from annotator import cli
from annotator.domain import Document
from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.suggest import (
    SetupContext,
    Suggester,
    SuggesterInfo,
    Suggestion,
    create,
    register,
    registered,
    run_suggesters,
    unregister,
)
from annotator.suggest.base import Cancelled
from tests.annotator.suggest import measure
from tests.conftest import REPO

TEXT = "Posted 👍🏽 at noon. “We will not sign this deal,” Minister Ana\u00a0Kovač said. Prices rose 12%."


def project_with(tmp_path: Path, *texts: str) -> Project:
    project = Project.open(tmp_path / "p.annotator.sqlite")
    for k, text in enumerate(texts or (TEXT,)):
        project.add_document(text=text, title=f"doc {k}")
    return project


@dataclass(frozen=True)
class Careless:
    """A plugged-in suggester that cuts words and spaces, to be tidied by the runner."""

    name: str = "careless"
    version: str = "0.1"
    categories: tuple[str, ...] = ("quote",)

    def suggest(self, document: Document) -> Iterable[Suggestion]:
        start = document.text.index("will not") + 1  # inside a word, with a space to come
        yield Suggestion(document.id, start, start + 8, "", "quote", self.name, self.version, "test", 2.0)
        yield Suggestion(document.id, 0, 3, "", "no-such-category", self.name, self.version, "test", 0.5)


def test_a_plugged_in_suggester_is_registered_and_tidied(tmp_path: Path) -> None:
    register(SuggesterInfo(name="careless", factory=lambda context: Careless(), description="test"))
    try:
        assert "careless" in [i.name for i in registered()]
        suggester = create("careless")
        assert isinstance(suggester, Suggester)
        with project_with(tmp_path) as project:
            [s] = run_suggesters(project, [suggester])
            document = project.document(s.document_id)
        assert (s.quote, s.score) == ("will not", 1.0)  # snapped to words, clamped
        assert document.text[s.start : s.end] == s.quote
        with pytest.raises(AnnotatorError):
            register(SuggesterInfo(name="careless", factory=lambda context: Careless()))
    finally:
        unregister("careless")


def test_an_unknown_or_incomplete_suggester_is_refused() -> None:
    with pytest.raises(AnnotatorError, match="no suggester called"):
        create("nope")
    register(SuggesterInfo(name="broken", factory=lambda context: object()))  # type: ignore[arg-type,return-value]
    try:
        with pytest.raises(AnnotatorError, match="lacks"):
            create("broken")
    finally:
        unregister("broken")


def test_the_runner_can_be_cancelled_and_reports_progress(tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    with project_with(tmp_path, TEXT, TEXT + " Again.") as project:
        run_suggesters(project, [create("quotes")], progress=lambda d, t, w: seen.append((d, t, w)))
        assert [s[:2] for s in seen] == [(1, 2), (2, 2)]
        cancel = threading.Event()
        cancel.set()
        with pytest.raises(Cancelled):
            run_suggesters(project, [create("quotes")], cancel=cancel)


def test_the_runner_leaves_out_what_a_layer_already_coded(tmp_path: Path) -> None:
    with project_with(tmp_path) as project:
        [quote] = run_suggesters(project, [create("quotes")])
        me = project.ensure_annotator(name="Ana")
        project.add_annotation(
            document_id=quote.document_id,
            start=quote.start,
            end=quote.end,
            category="quote",
            annotator_id=me.id,
        )
        assert run_suggesters(project, [create("quotes")], skip_coded_by=me.id) == []


def test_suggest_json_has_exactly_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.annotator.sqlite"
    with project_with(tmp_path) as project:
        doc_id = project.documents()[0].id
    assert cli.main(["suggest", "--project", str(path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert list(out) == ["suggestions"]
    by_category = {s["category"]: s for s in out["suggestions"]}
    for s in out["suggestions"]:
        assert list(s) == [
            "document",
            "start",
            "end",
            "quote",
            "category",
            "suggester",
            "score",
            "attributes",
        ]
        assert TEXT[s["start"] : s["end"]] == s["quote"]  # code points, after an emoji
        assert s["document"] == doc_id
        assert set(s["suggester"]) == {"name", "version", "rule"}
    assert by_category["quote"]["quote"] == "We will not sign this deal"
    assert by_category["quote"]["attributes"] == {"speaker": "Ana\u00a0Kovač"}
    assert by_category["quote"]["suggester"]["name"] == "quotes"
    assert by_category["statistic"]["quote"] == "12%"


def test_suggest_table_occurrences_list_and_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(tmp_path / "p.annotator.sqlite")
    project_with(tmp_path).close()
    assert cli.main(["suggest", "-p", path, "--annotator", "ana"]) == 0
    out = capsys.readouterr().out
    assert "We will not sign this deal" in out and "stored as pending" in out
    with Project.open(path) as project:
        [ana] = [a for a in project.annotators() if a.name == "ana"]
        pending = project.suggestions(annotator_id=ana.id)
    assert "We will not sign this deal" in {p.quote for p in pending}
    assert cli.main(["suggest", "-p", path, "--text", "kovač", "--category", "quote", "--json"]) == 0
    [s] = json.loads(capsys.readouterr().out)["suggestions"]
    assert (s["quote"], s["suggester"]["name"]) == ("Kovač", "occurrences")
    assert cli.main(["suggest", "--list"]) == 0
    assert "learner" in capsys.readouterr().out
    assert cli.main(["suggest", "-p", path, "--suggester", "nope"]) == 1
    assert cli.main(["suggest", "-p", path, "--document", "nope"]) == 1
    assert cli.main(["suggest", "-p", path, "--suggester", "occurrences"]) == 1
    assert "no document" in capsys.readouterr().err


def test_suggest_help_says_what_is_stored() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "annotator.cli", "suggest", "--help"],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0
    said = " ".join(result.stdout.split())
    assert "pending" in said and "never exported" in said and "--json only prints" in said


def test_evaluate_against_a_layer(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = str(tmp_path / "p.annotator.sqlite")
    with project_with(tmp_path) as project:
        doc = project.documents()[0].id
        gold = project.ensure_annotator(name="gold")
        start = TEXT.index("We will")
        project.add_annotation(
            document_id=doc,
            start=start,
            end=start + len("We will not sign"),
            category="quote",
            annotator_id=gold.id,
        )
    assert cli.main(["suggest", "-p", path, "--evaluate", "--layer", "gold", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    quote = next(e for e in out["evaluations"] if e["category"] == "quote")
    assert quote["exact"]["matched"] == 0 and quote["overlap"]["matched"] == 1
    assert quote["overlap"]["precision"] == 1.0
    statistic = next(e for e in out["evaluations"] if e["category"] == "statistic")
    assert statistic["overlap"]["precision"] == 0.0
    assert cli.main(["suggest", "-p", path, "--evaluate", "--layer", "gold"]) == 0
    assert "overlap" in capsys.readouterr().out
    assert cli.main(["suggest", "-p", path, "--evaluate"]) == 1  # no adjudicated layer
    assert "--layer" in capsys.readouterr().err


@pytest.mark.parametrize("gold_set", measure.SETS, ids=[s.name for s in measure.SETS])
def test_measured_against_gold(gold_set: measure.GoldSet, tmp_path: Path) -> None:
    """The figures in gold/README.md; the real articles' set skips unless ANNOTATOR_REAL_CORPUS names them."""
    if not gold_set.available():
        pytest.skip(f"the articles are not here ({gold_set.base})")
    rows = {r.category: r.counts for r in measure.measure(gold_set, tmp_path)}
    quotes, statistics = rows["quote"].overlap, rows["statistic"].overlap
    assert quotes.f1 is not None and quotes.f1 >= 0.9
    assert statistics.f1 is not None and statistics.f1 >= 0.8


def test_gold_files_hold_no_text_of_the_real_articles() -> None:
    for path in (measure.GOLD / "heldout").glob("*.json"):
        gold = json.loads(path.read_text(encoding="utf-8"))
        assert set(gold) == {"file", "sha256", "length", "spans"}
        assert all(set(s) == {"start", "end", "category"} for s in gold["spans"])


def test_setup_context_cancel_and_progress() -> None:
    seen: list[str] = []
    cancel = threading.Event()
    context = SetupContext(progress=lambda d, t, w: seen.append(w), cancel=cancel)
    context.report(1, 2, "half")
    context.check_cancelled()
    cancel.set()
    with pytest.raises(Cancelled):
        context.check_cancelled()
    assert seen == ["half"]
