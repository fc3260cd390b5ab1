"""The ``annotator`` command end to end: exit codes, one-line messages, files written."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT, find
from tests.conftest import CORPUS, REPO


def run(*args: str) -> int:
    return main(list(args))


def test_import_export_validate_round_trip(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.sqlite"
    crlf = tmp_path / "hard.txt"
    crlf.write_bytes(HARD_CRLF_BYTES)
    corpus = sorted(str(f) for f in CORPUS.glob("*.txt"))
    assert run("import", "--project", str(project), str(crlf), *corpus) == 0
    out = capsys.readouterr().out
    assert "4 imported, 0 skipped, 0 failed" in out
    with Project.open(project) as p:
        me = p.ensure_annotator(name="Ada")
        doc = next(d for d in p.documents() if p.document(d.id).original_filename == "hard.txt")
        assert p.document(doc.id).text == HARD_TEXT
        s, e = find(HARD_TEXT, "👩\u200d👩\u200d👧")
        p.add_annotation(document_id=doc.id, start=s, end=e, category="quote", annotator_id=me.id)
    dataset = tmp_path / "out.json"
    assert run("export", "--project", str(project), "-o", str(dataset)) == 0
    assert run("validate", str(dataset)) == 0
    assert "valid" in capsys.readouterr().out
    data = json.loads(dataset.read_text("utf-8"))
    ann = next(a for d in data["documents"] for a in d["annotations"])
    assert ann["quote"] == "👩\u200d👩\u200d👧"
    # a second import of the same files adds nothing and says why
    assert run("import", "--project", str(project), str(crlf)) == 0
    assert "already in the project" in capsys.readouterr().out
    # importing the dataset into a new project restores it exactly
    fresh = tmp_path / "fresh.sqlite"
    assert run("import", "--project", str(fresh), str(dataset)) == 0
    again = tmp_path / "again.json"
    assert run("export", "--project", str(fresh), "--format", "json", "-o", str(again)) == 0
    strip = lambda d: {k: v for k, v in d.items() if k != "exported"}  # noqa: E731
    assert strip(json.loads(again.read_text("utf-8"))) == strip(data)
    # csv and jsonl by suffix
    assert run("export", "--project", str(project), "-o", str(tmp_path / "a.csv")) == 0
    assert (tmp_path / "a.csv").read_text("utf-8").startswith("document_id,")
    assert run("export", "--project", str(project), "-o", str(tmp_path / "a.jsonl")) == 0
    assert len((tmp_path / "a.jsonl").read_text("utf-8").splitlines()) == 4


def test_bad_file_is_refused_with_one_line_and_nonzero_exit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = tmp_path / "p.sqlite"
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    good = tmp_path / "good.txt"
    good.write_text("A fine article.\nWith two lines.", "utf-8")
    assert run("import", "--project", str(project), str(empty), str(binary), str(good)) == 1
    captured = capsys.readouterr()
    failed = [line for line in captured.err.splitlines() if line.startswith("failed")]
    assert len(failed) == 2 and all(len(line) < 200 for line in failed)
    assert "Traceback" not in captured.err
    con = sqlite3.connect(project)
    assert con.execute("SELECT original_filename FROM documents").fetchall() == [("good.txt",)]
    con.close()


def test_validate_exit_codes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "annotator-dataset", "version": 1}), "utf-8")
    assert run("validate", str(bad)) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines and all(line.startswith(str(bad)) for line in lines)
    junk = tmp_path / "junk.json"
    junk.write_bytes(b"\xff\xfe\x00garbage")
    assert run("validate", str(junk)) == 2
    assert run("validate", str(tmp_path / "missing.json")) == 2


def test_codebook_export_import_json_and_qdc(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.sqlite"
    out_json = tmp_path / "cb.json"
    out_qdc = tmp_path / "cb.qdc"
    assert run("codebook", "export", "--project", str(project), "-o", str(out_json)) == 0
    assert run("codebook", "export", "--project", str(project), "--format", "qdc", "-o", str(out_qdc)) == 0
    assert out_qdc.read_bytes().startswith(b"<?xml")
    data = json.loads(out_json.read_text("utf-8"))
    data["version"] = "1.1"
    data["categories"][0]["definition"] = "A checkable assertion."
    out_json.write_text(json.dumps(data), "utf-8")
    assert run("codebook", "import", "--project", str(project), str(out_json)) == 0
    with Project.open(project) as p:
        assert p.codebook.version == "1.1"
        assert p.codebook.categories[0].definition == "A checkable assertion."
    out_json.write_text("{not json", "utf-8")
    assert run("codebook", "import", "--project", str(project), str(out_json)) == 1
    assert "not a JSON codebook" in capsys.readouterr().err


def test_agree_json_has_the_documented_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    project = tmp_path / "p.sqlite"
    with Project.open(project) as p:
        a = p.ensure_annotator(name="a")
        b = p.ensure_annotator(name="b")
        doc = p.add_document(text="x" * 10).document
        p.add_annotation(document_id=doc.id, start=1, end=9, category="claim", annotator_id=a.id)
        for s in (2, 4, 6):
            p.add_annotation(document_id=doc.id, start=s, end=s + 1, category="claim", annotator_id=b.id)
    assert run("agree", "--project", str(project), "--json") == 0
    report = json.loads(capsys.readouterr().out)
    # the keys of the first version, unrenamed, and the new ones beside them
    assert set(report) == {
        *("annotators", "documents", "alpha_u", "alpha_positions", "kappa_positions", "f1"),
        *("alpha_positions_ci95", "alpha_positions_p_below", "units", "continuum", "percent_agreement"),
        *("bootstrap", "variables", "notes"),
    }
    # one document: nothing to resample, so no interval, and the notes say why
    assert report["alpha_u"]["ci95"] is None
    assert report["notes"]["alpha_u.ci95"] == "resampling documents needs at least two documents"
    assert report["continuum"]["text"] == "article body" and report["variables"] == {}
    assert report["annotators"] == ["a", "b"] and report["documents"] == 1
    # DKPro Agreement's UnitizingAgreementTest: continuum 10, [1,9) against [2,3) [4,5) [6,7)
    assert report["alpha_u"]["overall"] == pytest.approx(-0.7003, abs=5e-5)
    assert report["alpha_u"]["categories"]["statistic"] is None
    assert report["f1"]["categories"]["claim"] == {"exact": 0.0, "overlap": pytest.approx(0.5)}
    assert run("agree", "--project", str(project)) == 0
    assert "alpha_U" in capsys.readouterr().out
    assert run("agree", "--project", str(project), "--annotators", "a", "zed") == 1
    assert "no annotator 'zed'" in capsys.readouterr().err


def test_unusable_project_path_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database" * 100)
    assert run("documents", "--project", str(junk)) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a usable project" in err


def test_console_script_runs_without_a_display(tmp_path: Path) -> None:
    """The installed entry point answers --help and a sub-command without loading Qt."""
    script = (
        "import sys; from ui.launcher import main; rc = main(sys.argv[1:]); "
        "assert 'PySide6' not in sys.modules; sys.exit(rc)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, "documents", "--project", str(tmp_path / "p.sqlite")],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_default_project_gets_the_samples(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("documents") == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6
    assert any("Quellport" in line for line in lines)


def test_an_unexpected_error_is_one_line_with_its_traceback_in_a_log(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], _isolated_data_dir: Path
) -> None:
    import annotator.cli

    def broken(args: object) -> int:
        raise RuntimeError("the index was\nnot there")

    monkeypatch.setitem(annotator.cli.COMMANDS, "documents", broken)
    code = run("documents")
    assert code == annotator.cli.UNEXPECTED_ERROR_EXIT
    assert code not in (0, 1, 2, 130)
    captured = capsys.readouterr()
    log = _isolated_data_dir / "annotator-errors.log"
    assert captured.out == ""
    assert captured.err == (
        f"annotator: unexpected error: RuntimeError: the index was not there (details in {log})\n"
    )
    written = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in written and "in broken" in written
    assert "RuntimeError: the index was\nnot there" in written
    # the next one is added to the same log
    assert run("documents") == code
    assert log.read_text("utf-8").count("Traceback (most recent call last)") == 2


def test_an_unexpected_error_is_still_one_line_when_the_log_cannot_be_written(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    import annotator.cli

    def broken(args: object) -> int:
        raise KeyError("x")

    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("a file where the data dir should be", "utf-8")
    monkeypatch.setenv("ANNOTATOR_DATA_DIR", str(not_a_folder))
    monkeypatch.setitem(annotator.cli.COMMANDS, "documents", broken)
    assert run("documents") == annotator.cli.UNEXPECTED_ERROR_EXIT
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("annotator: unexpected error: KeyError: 'x' (the details could not be written")


def test_import_help_lists_every_file_type_import_takes(capsys: pytest.CaptureFixture[str]) -> None:
    """The list comes from the importers and the format registry, looked up when help is shown."""
    from annotator.importers.batch import accepted_suffixes

    with pytest.raises(SystemExit) as exited:
        run("import", "--help")
    assert exited.value.code == 0
    shown = " ".join(capsys.readouterr().out.split())
    assert f"file types: {' '.join(accepted_suffixes())} " in shown
    assert {".txt", ".docx", ".json", ".qdpx", ".tsv"} <= set(accepted_suffixes())
