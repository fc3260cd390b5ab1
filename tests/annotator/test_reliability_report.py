"""The reliability report: CSV tables and the one-page HTML with its chart, read back from the files."""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.project import Project
from annotator.reliability import agreement_for_project
from annotator.reliability.report import (
    build_report,
    category_rows,
    document_rows,
    fmt_alpha,
    render_html,
    write_csv,
    write_html,
)

SVG = "{http://www.w3.org/2000/svg}"
DOC1 = "The minister said the harbour will close 😀 in May. Critics called it a reckless decision."
DOC2 = "Unemployment rose to 7.4 % last year, the agency said. Nobody expects a quick recovery."


def span(text: str, needle: str) -> tuple[int, int]:
    start = text.index(needle)
    return start, start + len(needle)


@pytest.fixture
def project_path(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "p.sqlite"
    with Project.open(path) as p:
        d1 = p.add_document(text=DOC1, title="Harbour").document
        d2 = p.add_document(text=DOC2, title="Jobs").document
        p.add_document(text="An article nobody coded yet.", title="Uncoded")
        ann, ben = p.ensure_annotator(name="Ann"), p.ensure_annotator(name="Ben")
        p.ensure_annotator(name="Idle")  # registered by the app, never coded: left out by default

        def add(doc: str, text: str, who: str, needle: str, category: str) -> None:
            s, e = span(text, needle)
            p.add_annotation(document_id=doc, start=s, end=e, category=category, annotator_id=who)

        for who in (ann.id, ben.id):  # claims agree exactly
            add(d1.id, DOC1, who, "the harbour will close 😀 in May", "claim")
        add(d1.id, DOC1, ann.id, "a reckless decision", "opinion")
        add(d1.id, DOC1, ben.id, "called it a reckless decision", "opinion")
        add(d2.id, DOC2, ann.id, "7.4 %", "statistic")
        add(d2.id, DOC2, ben.id, "Unemployment rose to 7.4 %", "claim")
    yield path


def test_figures_match_the_agreement_engine(project_path: Path) -> None:
    with Project.open(project_path) as p:
        report = build_report(p)
        expected = agreement_for_project(p, annotators=["Ann", "Ben"])
        per_doc = {
            d.id: agreement_for_project(p, annotators=["Ann", "Ben"], document_id=d.id) for d in p.documents()
        }
    assert report.labels == ("Ann", "Ben")
    assert report.overall.alpha_u == expected.alpha_u
    assert report.overall.alpha_u_categories == expected.alpha_u_categories
    assert (len(report.documents), report.coded_documents, report.units) == (3, 2, 6)
    for d in report.documents:
        assert d.report.alpha_u == per_doc[d.document_id].alpha_u


def test_category_and_document_csv(project_path: Path, tmp_path: Path) -> None:
    with Project.open(project_path) as p:
        report = build_report(p, annotators=["Ann", "Ben"])
    cats, docs = tmp_path / "categories.csv", tmp_path / "documents.csv"
    write_csv(category_rows(report), cats)
    write_csv(document_rows(report), docs)
    with cats.open(encoding="utf-8", newline="") as fh:
        by_cat = {r["category"]: r for r in csv.DictReader(fh)}
    assert list(by_cat) == ["claim", "quote", "statistic", "opinion", "(overall)"]
    assert by_cat["quote"]["alpha_u"] == ""  # nobody used it: undefined, not zero
    assert by_cat["quote"]["note"] == "no coder marked a unit of this category here"
    # rounded as everywhere else: three decimals
    assert by_cat["claim"]["alpha_u"] == f"{report.overall.alpha_u_categories['claim']:.3f}"
    assert float(by_cat["(overall)"]["alpha_u"]) == pytest.approx(report.overall.alpha_u, abs=5e-4)
    assert (by_cat["claim"]["units:Ann"], by_cat["claim"]["units:Ben"]) == ("1", "2")
    assert by_cat["(overall)"]["units:Ann"] == "3"
    assert float(by_cat["opinion"]["f1_overlap"]) == 1.0 and float(by_cat["opinion"]["f1_exact"]) == 0.0
    with docs.open(encoding="utf-8", newline="") as fh:
        by_doc = list(csv.DictReader(fh))
    assert [r["title"] for r in by_doc] == ["Harbour", "Jobs", "Uncoded"]
    assert by_doc[0]["length"] == str(len(DOC1))  # code points: the emoji counts once
    assert float(by_doc[0]["alpha_u"]) == pytest.approx(report.documents[0].report.alpha_u, abs=5e-4)
    assert (by_doc[2]["units:Ann"], by_doc[2]["alpha_u"]) == ("0", "")
    assert by_doc[2]["note"] == "no coder marked any unit here"
    assert "alpha_u:claim" in by_doc[0]


def test_html_is_standalone_with_the_chart_reference_lines_and_counts(
    project_path: Path, tmp_path: Path
) -> None:
    with Project.open(project_path) as p:
        report = build_report(p)
    out = tmp_path / "report.html"
    write_html(report, out)
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<script" not in page and not re.search(r'(src|href)="https?:', page)  # nothing to fetch
    assert re.search(r'id="n-documents">3 \(2 with coded units\)', page)
    assert re.search(r'id="n-coders">2: Ann, Ben<', page)
    assert re.search(r'id="n-units">Ann 3, Ben 3</span> \(6 coded spans', page)
    assert re.search(r'id="n-characters">' + f"{len(DOC1) + len(DOC2) + 28:,}", page)
    assert "Idle" not in page
    svg_text = page[page.index("<svg") : page.index("</svg>") + 6]
    svg = ET.fromstring(svg_text)  # well-formed XML, so it renders inline and in other tools
    refs = {
        line.get("data-alpha"): float(line.get("x1") or 0)
        for line in svg.iter(f"{SVG}line")
        if line.get("class") == "reference"
    }
    assert set(refs) == {"0.667", "0.800"}
    bars = {}
    for rect in svg.iter(f"{SVG}rect"):
        title = rect.find(f"{SVG}title")
        assert title is not None and title.text
        bars[title.text.split(":")[0]] = rect
    assert set(bars) == {"Claim", "Statistic", "Opinion", "Overall"}  # no bar for quote: n/a
    assert "no units" in svg_text
    # every bar runs from 0 to its alpha, on the same scale as the reference lines
    scale = (refs["0.800"] - refs["0.667"]) / (0.800 - 0.667)
    zero = refs["0.667"] - 0.667 * scale
    signs = set()
    for name, rect in bars.items():
        alpha = (
            report.overall.alpha_u if name == "Overall" else report.overall.alpha_u_categories[name.lower()]
        )
        assert alpha is not None
        x0, width = float(rect.get("x") or 0), float(rect.get("width") or 0)
        assert width == pytest.approx(abs(alpha) * scale, abs=1.0)
        assert (x0 if alpha >= 0 else x0 + width) == pytest.approx(zero, abs=0.5)
        signs.add(alpha >= 0)
    assert signs == {True, False}  # this data has both: the axis reaches below zero
    assert "Krippendorff" in page and "methods" in page


def test_alpha_is_formatted_apa_style() -> None:
    assert fmt_alpha(-0.1234) == "\u2212.123"
    assert (fmt_alpha(0.8), fmt_alpha(1.0), fmt_alpha(None), fmt_alpha(-0.0001)) == (
        ".800",
        "1.000",
        "n/a",
        ".000",
    )


def test_cli_report_writes_every_file(
    project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html, cats, docs = tmp_path / "r.html", tmp_path / "c.csv", tmp_path / "d.csv"
    code = main(
        [
            "report",
            "--project",
            str(project_path),
            "--annotators",
            "Ann",
            "Ben",
            "-o",
            str(html),
            "--csv",
            str(cats),
            "--documents-csv",
            str(docs),
        ]
    )
    assert code == 0
    assert "<svg" in html.read_text(encoding="utf-8")
    assert cats.read_text(encoding="utf-8").startswith("category,label,alpha_u")
    assert docs.read_text(encoding="utf-8").startswith("document_id,title,length")
    assert "2 coders, 3 documents, 6 units" in capsys.readouterr().out
    assert main(["report", "--project", str(project_path)]) == 1
    assert "say where to write it" in capsys.readouterr().err
    assert main(["report", "--project", str(project_path), "--annotators", "Ann", "-o", str(html)]) == 1


def test_render_html_escapes_names(project_path: Path) -> None:
    with Project.open(project_path) as p:
        ben = next(a for a in p.annotators() if a.name == "Ben")
        p.rename_annotator(annotator_id=ben.id, name="<b>Ben</b>")
        page = render_html(build_report(p))
    assert "<b>Ben</b>" not in page and "&lt;b&gt;Ben&lt;/b&gt;" in page
