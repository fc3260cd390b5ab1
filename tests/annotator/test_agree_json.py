"""``annotator agree --json`` and ``report``: the new keys, their shape, the seams for variables."""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import annotator.cli
from annotator.agreement.intervals import DEFAULT_DRAWS, DEFAULT_SEED, BootstrapSettings
from annotator.cli import main
from annotator.project import Project
from annotator.reliability import (
    VariableData,
    agreement_for_project,
    agreement_json,
    document_variables,
    sampling_description,
    variable_agreement,
)

CATEGORIES = ["claim", "quote", "statistic", "opinion"]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """Twelve documents coded by three coders; Cy leaves out a few of the others' units."""
    path = tmp_path / "p.sqlite"
    rng = random.Random(4)
    with Project.open(path) as p:
        coders = [p.ensure_annotator(name=name) for name in ("Ann", "Ben", "Cy")]
        for d in range(12):
            text = " ".join(rng.choice(["harbour", "strike", "minister", "said", "rose"]) for _ in range(80))
            doc = p.add_document(text=text, title=f"Doc {d}").document
            for s in range(4):
                start = s * 100 + rng.randrange(20)
                end = start + rng.randint(10, 60)
                category = rng.choice(CATEGORIES[:3])
                for c, coder in enumerate(coders):
                    if c == 2 and rng.random() < 0.3:
                        continue
                    shift = rng.randint(0, 3) if c else 0
                    p.add_annotation(
                        document_id=doc.id,
                        start=start + shift,
                        end=end,
                        category=category,
                        annotator_id=coder.id,
                    )
    return path


def agree(capsys: pytest.CaptureFixture[str], path: Path, *args: str) -> dict[str, object]:
    assert main(["agree", "--project", str(path), "--json", *args]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_agree_json_carries_intervals_pairs_units_and_continuum(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = agree(capsys, project)
    alpha_u = data["alpha_u"]
    assert isinstance(alpha_u, dict)
    low, high = alpha_u["ci95"]
    assert low <= alpha_u["overall"] <= high
    assert set(alpha_u["p_below"]) == {".667", ".800"}
    assert all(0.0 <= p <= 1.0 for p in alpha_u["p_below"].values())
    assert alpha_u["p_below"][".667"] <= alpha_u["p_below"][".800"]
    assert set(alpha_u["categories_ci95"]) == set(CATEGORIES)
    assert alpha_u["categories_ci95"]["opinion"] is None  # nobody used it
    for name in ("claim", "quote", "statistic"):
        c_low, c_high = alpha_u["categories_ci95"][name]
        assert c_low <= alpha_u["categories"][name] <= c_high
        assert set(alpha_u["categories_p_below"][name]) == {".667", ".800"}
    p_low, p_high = data["alpha_positions_ci95"]  # type: ignore[misc]
    assert p_low <= data["alpha_positions"] <= p_high  # type: ignore[operator]
    pairs = data["pairs"]
    assert isinstance(pairs, list)
    assert [pair["annotators"] for pair in pairs] == [["Ann", "Ben"], ["Ann", "Cy"], ["Ben", "Cy"]]
    for pair in pairs:
        assert set(pair) == {"annotators", "alpha_u", "alpha_u_ci95", "alpha_u_p_below", "f1"}
        assert pair["alpha_u_ci95"][0] <= pair["alpha_u"] <= pair["alpha_u_ci95"][1]
        assert set(pair["f1"]) == {"exact", "overlap"}
    units = data["units"]
    assert isinstance(units, dict) and set(units) == {"Ann", "Ben", "Cy"}
    assert units["Ann"]["claim"] + units["Ann"]["quote"] + units["Ann"]["statistic"] == 48
    assert units["Ann"]["opinion"] == 0
    with Project.open(project) as p:
        characters = sum(d.length for d in p.documents())
    assert data["continuum"] == {"characters": characters, "text": "whole text"}
    assert data["bootstrap"] == {"draws": 1000, "seed": DEFAULT_SEED, "level": 0.95, "resampled": "documents"}
    assert data["variables"] == {}
    notes = data["notes"]
    assert isinstance(notes, dict)
    assert notes["alpha_u.categories.opinion"] == "no coder marked a unit of this category here"
    assert notes["alpha_u.categories_ci95.opinion"] == "alpha is undefined, so there is nothing to resample"


def test_seed_and_number_of_draws(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = agree(capsys, project, "--bootstrap", "300", "--seed", "7")
    again = agree(capsys, project, "--bootstrap", "300", "--seed", "7")
    other = agree(capsys, project, "--bootstrap", "300", "--seed", "8")
    assert first == again
    assert first["alpha_u"]["ci95"] != other["alpha_u"]["ci95"]  # type: ignore[index]
    assert first["bootstrap"]["draws"] == 300  # type: ignore[index]
    off = agree(capsys, project, "--bootstrap", "0")
    assert off["alpha_u"]["ci95"] is None  # type: ignore[index]
    assert off["notes"]["alpha_u.ci95"] == "no bootstrap draws were asked for"  # type: ignore[index]
    assert off["alpha_u"]["overall"] == first["alpha_u"]["overall"]  # type: ignore[index]
    with pytest.raises(SystemExit):  # argparse refuses it, exit status 2
        main(["agree", "--project", str(project), "--bootstrap", "-3"])
    assert "must not be negative" in capsys.readouterr().err


def test_the_table_shows_intervals_and_pairs(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["agree", "--project", str(project), "--bootstrap", "200"]) == 0
    out = capsys.readouterr().out
    assert "95% CI" in out and "Ann - Ben" in out and "P(alpha_U < .800)" in out
    assert "n/a alpha_u.categories.opinion: no coder marked a unit of this category here" in out
    assert "\u2212" not in out  # the terminal gets ASCII minus signs


def test_cli_defaults_are_the_agreement_packages() -> None:
    assert (annotator.cli.BOOTSTRAP_DRAWS, annotator.cli.BOOTSTRAP_SEED) == (DEFAULT_DRAWS, DEFAULT_SEED)


def test_report_pdf_needs_the_app(project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "--project", str(project), "--pdf", str(tmp_path / "r.pdf")]) == 1
    assert "needs the desktop app's Qt" in capsys.readouterr().err
    written: list[Path] = []
    assert (
        main(
            ["report", "--project", str(project), "--pdf", str(tmp_path / "r.pdf"), "--bootstrap", "50"],
            pdf=lambda report, path: written.append(path),
        )
        == 0
    )
    assert written == [tmp_path / "r.pdf"]


def test_document_variables_plug_in_through_their_seam(project: Path) -> None:
    with Project.open(project) as p:
        report = agreement_for_project(p, bootstrap=BootstrapSettings(draws=200))
        # no project records document variables or assignments yet
        assert document_variables(p, p.annotators()) == []
        assert sampling_description(p) is None
    rng = random.Random(1)
    truth = [rng.randrange(3) for _ in range(30)]
    tone = VariableData(
        name="tone",
        label="Tone",
        metric="ordinal",
        rows=[truth, [v if rng.random() < 0.8 else rng.randrange(3) for v in truth], [None] * 30],
    )
    empty = VariableData(name="topic", label="Topic", metric="nominal", rows=[["a", None], [None, "b"]])
    variables = [variable_agreement(v, settings=BootstrapSettings(draws=200)) for v in (tone, empty)]
    data = agreement_json(report, variables)
    assert list(data)[-2:] == ["variables", "notes"]
    tone_json = data["variables"]["tone"]
    assert tone_json["metric"] == "ordinal" and tone_json["units"] == 30
    assert tone_json["ci95"][0] <= tone_json["alpha"] <= tone_json["ci95"][1]
    assert set(tone_json["p_below"]) == {".667", ".800"}
    assert data["variables"]["topic"]["alpha"] is None
    assert data["notes"]["variables.topic"] == "no document has values from two coders"
    json.dumps(data, allow_nan=False)
