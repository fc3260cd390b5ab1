"""Coders against gold (``annotator agree --against``), their differences, and rounds in the report.

The figures are checked against hand computations on a ten-character document (in the comments),
following the formulas of :mod:`annotator.agreement.unitizing` and
:mod:`annotator.agreement.span_matching`.
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest

from annotator.domain import AnnotatorKind, Assignment
from annotator.errors import ValidationError
from annotator.project import Project
from annotator.reliability import agreement_for_project
from annotator.reliability.gold import DifferenceKind, gold_agreement, gold_differences, gold_json
from annotator.reliability.report import build_report, write_html
from tests.conftest import REPO

TEXT = "abcdefghij"  # L = 10


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args], capture_output=True, text=True, cwd=REPO, check=False
    )


def small_study(path: Path) -> tuple[Project, dict[str, str]]:
    """Trainer (gold): claim [2, 6). Ada: claim [2, 5). Bo: claim [2, 6) and quote [7, 9)."""
    project = Project.open(path)
    doc = project.add_document(text=TEXT, title="Ten").document.id
    ids = {"doc": doc}
    for name in ("Trainer", "Ada", "Bo"):
        ids[name] = project.ensure_annotator(name=name).id
    project.add_annotation(document_id=doc, start=2, end=6, category="claim", annotator_id=ids["Trainer"])
    project.add_annotation(document_id=doc, start=2, end=5, category="claim", annotator_id=ids["Ada"])
    project.add_annotation(document_id=doc, start=2, end=6, category="claim", annotator_id=ids["Bo"])
    project.add_annotation(document_id=doc, start=7, end=9, category="quote", annotator_id=ids["Bo"])
    project.set_gold(annotator_id=ids["Trainer"])
    return project, ids


# Ada against gold, category claim (the only one either used), L = 10, m = 2:
#   D_o: the units overlap, distance (2-2)^2 + (6-5)^2 = 1; D_o = 2 * 1 / (2 * 1 * 10^2) = 1/100.
#   D_e: unit lengths {4, 3}, N = 2; gaps: gold 2 and 4, Ada 2 and 5 -> [2, 2, 4, 5].
#     l = 4: (N-1) * 4*3*7/3 = 28, placements in gaps >= 4: (4-4+1) + (5-4+1) = 3 -> 28 + 16*3 = 76
#     l = 3: (N-1) * 3*2*5/3 = 10, placements in gaps >= 3: (4-3+1) + (5-3+1) = 5 -> 10 + 9*5 = 55
#     denominator 10 * (20*19 - (4*3 + 3*2)) = 3620; D_e = 2 * 131 / 3620 = 131/1810
#   alpha_U = 1 - (1/100) / (131/1810) = 1129/1310 (~ .862)
#   F1: exact 0 matches -> 0; overlap 1 match of 1 + 1 spans -> 2*1/2 = 1.
ADA_ALPHA = float(1 - Fraction(1, 100) / Fraction(131, 1810))
# Bo against gold:
#   claim: identical units, D_o = 0; D_e: lengths {4, 4}, gaps [2, 2, 4, 4]; per unit 28 + 16*2 = 60,
#     twice = 120; denominator 10 * (380 - 24) = 3560; D_e = 240/3560 = 6/89; alpha_U(claim) = 1.
#   quote: Bo's [7, 9) lies in gold's gap: D_o = 2 * 2^2 / 200 = 1/25; D_e: length {2}, N = 1, gaps
#     gold 10, Bo 7 and 1; placements (7-2+1) + (10-2+1) = 15 -> 4 * 15 = 60; denominator
#     10 * (380 - 2) = 3780; D_e = 120/3780 = 2/63; alpha_U(quote) = 1 - (1/25)/(2/63) = -0.26.
#   overall: 1 - (0 + 1/25) / (6/89 + 2/63) = 1 - 5607/13900 = 8293/13900 (~ .597)
#   F1: claim exact 1 (1 of 1 + 1); quote exact and overlap 2*0/(0 + 1) = 0;
#     overall exact 2*1/(1 + 2) = 2/3; precision 1/2, recall 1/1.
BO_ALPHA = float(1 - Fraction(1, 25) / (Fraction(6, 89) + Fraction(2, 63)))


def test_each_coder_against_the_gold_layer_matches_the_hand_computation(tmp_path: Path) -> None:
    project, _ = small_study(tmp_path / "p.sqlite")
    result = gold_agreement(project)
    project.close()
    assert result.reference.name == "Trainer"
    by_name = {c.coder.name: c for c in result.coders}
    assert set(by_name) == {"Ada", "Bo"}  # the gold layer is not compared with itself
    ada, bo = by_name["Ada"], by_name["Bo"]
    assert ada.alpha_u == pytest.approx(ADA_ALPHA)
    assert ada.alpha_u == pytest.approx(0.8618, abs=1e-4)
    assert ada.f1["claim"] == (0.0, 1.0)
    assert ada.f1["quote"] == (None, None)  # neither used quote
    assert bo.alpha_u == pytest.approx(BO_ALPHA)
    assert bo.alpha_u_categories["claim"] == pytest.approx(1.0)
    assert bo.alpha_u_categories["quote"] == pytest.approx(-0.26)
    assert bo.f1["claim"] == (1.0, 1.0)
    assert bo.f1["quote"] == (0.0, 0.0)
    assert bo.f1_overall[0] == pytest.approx(2 / 3)
    assert bo.precision[0] == pytest.approx(0.5)
    assert bo.recall[0] == pytest.approx(1.0)


def test_agree_against_gold_on_the_command_line_prints_the_table_and_json(tmp_path: Path) -> None:
    project, _ = small_study(tmp_path / "p.sqlite")
    project.close()
    done = cli("agree", "--project", str(tmp_path / "p.sqlite"), "--against", "gold", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["gold"] == "Trainer"
    assert set(data["coders"]) == {"Ada", "Bo"}
    assert data["coders"]["Ada"]["alpha_u"] == pytest.approx(ADA_ALPHA)
    assert data["coders"]["Ada"]["f1"]["claim"] == {"exact": 0.0, "overlap": 1.0}
    assert data["coders"]["Bo"]["f1"]["quote"] == {"exact": 0.0, "overlap": 0.0}
    done = cli("agree", "--project", str(tmp_path / "p.sqlite"), "--against", "gold", "--annotators", "Ada")
    assert done.returncode == 0, done.stderr
    assert "Against Trainer" in done.stdout
    assert "Ada: 1 document, 1 spans" in done.stdout and "Bo:" not in done.stdout
    claim = next(line for line in done.stdout.splitlines() if line.strip().startswith("claim"))
    assert claim.split()[1:] == [".862", ".000", "1.000"]


def test_any_layer_can_be_the_reference_and_adjudicated_layers_stand_in_for_gold(tmp_path: Path) -> None:
    project, ids = small_study(tmp_path / "p.sqlite")
    # against Bo, Ada's claim [2, 5) vs [2, 6) is the same comparison as against the Trainer;
    # the Trainer is now a coder like the others and matches Bo's claim exactly
    result = gold_agreement(project, against="Bo", annotators=["Ada", "Trainer"])
    assert result.reference.name == "Bo"
    ada = next(c for c in result.coders if c.coder.name == "Ada")
    assert ada.f1["claim"] == (0.0, 1.0)
    # no gold layer: the adjudicated layer is the reference
    project.set_gold(annotator_id=ids["Trainer"], gold=False)
    with pytest.raises(ValidationError, match="no gold layer"):
        gold_agreement(project)
    layer = project.ensure_annotator(name="Settled", kind=AnnotatorKind.ADJUDICATED)
    project.add_annotation(document_id=ids["doc"], start=2, end=5, category="claim", annotator_id=layer.id)
    result = gold_agreement(project, annotators=["Ada"])
    assert result.reference.name == "Settled"
    assert result.coders[0].alpha_u == pytest.approx(1.0)
    project.close()


def test_coders_are_compared_on_their_own_assignments(tmp_path: Path) -> None:
    project, ids = small_study(tmp_path / "p.sqlite")
    other = project.add_document(text="klmnopqrst", title="Other").document.id
    project.add_annotation(document_id=other, start=0, end=4, category="claim", annotator_id=ids["Trainer"])
    # Ada was given only the first document: the gold's span in the other one is not hers to miss
    project.add_assignments(assignments=[Assignment(document_id=ids["doc"], coder_id=ids["Ada"])])
    result = gold_agreement(project, annotators=["Ada", "Bo"])
    ada, bo = (next(c for c in result.coders if c.coder.name == n) for n in ("Ada", "Bo"))
    assert (ada.documents, ada.reference_spans) == (1, 1)
    assert ada.alpha_u == pytest.approx(ADA_ALPHA)
    assert (bo.documents, bo.reference_spans) == (2, 2)  # no assignments: every gold document
    assert bo.recall[0] == pytest.approx(0.5)
    project.close()


def test_differences_with_gold_are_missed_extra_wrong_category_and_boundary(tmp_path: Path) -> None:
    project = Project.open(tmp_path / "p.sqlite")
    text = "The minister said the harbour will close. Critics call it a disaster. Costs rose 40%."
    doc = project.add_document(text=text, title="Harbour").document.id
    gold = project.ensure_annotator(name="Trainer").id
    ada = project.ensure_annotator(name="Ada").id
    project.set_gold(annotator_id=gold)

    def tag(who: str, part: str, category: str) -> None:
        start = text.index(part)
        project.add_annotation(
            document_id=doc, start=start, end=start + len(part), category=category, annotator_id=who
        )

    tag(gold, "the harbour will close", "claim")
    tag(ada, "said the harbour will close", "claim")  # boundary
    tag(gold, "a disaster", "opinion")
    tag(ada, "a disaster", "claim")  # wrong category
    tag(gold, "Costs rose 40%", "statistic")  # missed
    tag(ada, "The minister", "quote")  # extra
    found = gold_differences(project, coder_id=ada)
    project.close()
    kinds = [(d.kind, text[d.start : d.end]) for d in found]
    assert kinds == [
        (DifferenceKind.EXTRA, "The minister"),
        (DifferenceKind.BOUNDARY, "said the harbour will close"),
        (DifferenceKind.WRONG_CATEGORY, "a disaster"),
        (DifferenceKind.MISSED, "Costs rose 40%"),
    ]
    wrong = found[2]
    assert wrong.coder_span is not None and wrong.coder_span.category == "claim"
    assert wrong.reference_span is not None and wrong.reference_span.category == "opinion"


def two_document_study(path: Path) -> tuple[Project, str, str]:
    """Ada and Bo agree exactly in the pilot document and only roughly in the main one."""
    project = Project.open(path)
    pilot = project.add_document(text=TEXT, title="Pilot").document.id
    main = project.add_document(text="ABCDEFGHIJ", title="Main").document.id  # another text, same length
    ada = project.ensure_annotator(name="Ada").id
    bo = project.ensure_annotator(name="Bo").id
    for who in (ada, bo):
        project.add_annotation(document_id=pilot, start=2, end=6, category="claim", annotator_id=who)
    project.add_annotation(document_id=main, start=2, end=6, category="claim", annotator_id=ada)
    project.add_annotation(document_id=main, start=2, end=5, category="claim", annotator_id=bo)
    project.save_round(name="pilot", document_ids=[pilot])
    project.save_round(name="main", document_ids=[main])
    return project, pilot, main


def test_a_report_per_round_gives_that_rounds_alpha(tmp_path: Path) -> None:
    project, _, main = two_document_study(tmp_path / "p.sqlite")
    pilot_report = build_report(project, round_name="pilot")
    main_report = build_report(project, round_name="main")
    everything = build_report(project)
    main_alone = agreement_for_project(project, document_id=main)
    project.close()
    assert pilot_report.round == "pilot" and len(pilot_report.documents) == 1
    assert pilot_report.overall.alpha_u == pytest.approx(1.0)  # identical units
    # the main document is Ada-vs-Trainer's case above: 1129/1310
    assert main_report.overall.alpha_u == pytest.approx(ADA_ALPHA)
    assert main_report.overall.alpha_u == pytest.approx(main_alone.alpha_u)
    assert everything.overall.alpha_u is not None
    assert everything.overall.alpha_u not in (pytest.approx(1.0), pytest.approx(ADA_ALPHA))
    write_html(pilot_report, tmp_path / "pilot.html")
    html = (tmp_path / "pilot.html").read_text(encoding="utf-8")
    assert "<h1>Intercoder reliability: round pilot</h1>" in html
    assert '<span id="round">pilot</span>' in html


def test_report_and_agree_take_a_round_on_the_command_line(tmp_path: Path) -> None:
    project, _, _ = two_document_study(tmp_path / "p.sqlite")
    project.close()
    p = str(tmp_path / "p.sqlite")
    done = cli("report", "--project", p, "--round", "main", "--csv", str(tmp_path / "main.csv"))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("round 'main': 2 coders, 1 documents")
    with open(tmp_path / "main.csv", encoding="utf-8", newline="") as f:
        overall = next(row for row in csv.DictReader(f) if row["category"] == "(overall)")
    assert float(overall["alpha_u"]) == pytest.approx(ADA_ALPHA, abs=5e-4)  # CSV rounds to 3 places
    done = cli("agree", "--project", p, "--round", "pilot", "--json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    assert data["round"] == "pilot" and data["documents"] == 1
    assert data["alpha_u"]["overall"] == pytest.approx(1.0)
    done = cli("agree", "--project", p, "--round", "main")
    assert done.stdout.startswith("Round 'main': 1 document\n")
    done = cli("agree", "--project", p, "--round", "nope")
    assert done.returncode != 0
    assert "no round 'nope'" in done.stderr and "'pilot'" in done.stderr


def test_gold_json_names_the_round(tmp_path: Path) -> None:
    project, ids = small_study(tmp_path / "p.sqlite")
    project.save_round(name="training", document_ids=[ids["doc"]])
    data = gold_json(gold_agreement(project, document_ids={ids["doc"]}, round_name="training"))
    project.close()
    assert data["round"] == "training"
    assert data["coders"]["Ada"]["documents"] == 1


def test_the_lead_sets_what_coders_see_on_the_command_line(tmp_path: Path) -> None:
    project, _ = small_study(tmp_path / "p.sqlite")
    project.close()
    p = str(tmp_path / "p.sqlite")
    done = cli("study", "--project", p)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "coders see the reliability sample: no",
        "coders may show colleagues' layers: yes",
    ]
    done = cli("study", "--project", p, "--show-sample", "yes", "--other-layers", "no")
    assert done.stdout.splitlines()[1] == "coders may show colleagues' layers: no (blind coding)"
    with Project.open(tmp_path / "p.sqlite") as again:
        assert again.setting("study/show_reliability_sample") == "yes"
        assert again.setting("study/allow_other_layers") == "no"
