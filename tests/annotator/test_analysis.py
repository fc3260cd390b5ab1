"""``annotator analyze`` against a hand count on a small project.

Three documents, counted by hand:

- A (CNN, 2022-11-08): page chrome ("Home | Menu", "Leave a Comment") around two lines of ten words
  each; the body is those two lines (20 words). Adjudicated spans: a claim over "One two three", a
  quote over "three four five" (overlapping the claim, same line), a statistic in the second line,
  and a claim on "Home" in the chrome, which must not count.
- B (CNN, 2023-08-20): one line of ten words, the whole text is the body. Two quotes that do not
  overlap and an opinion, all on the same line.
- C (Sputnik International, 2023-08-21): one line of thirty words. A quote and a claim on the same
  line, not overlapping.

By outlet: CNN has 2 documents and 30 words: claim 1 span (1 document, 33.333 per 1,000 words),
quote 3 (2 documents, 100.0), statistic 1 (1, 33.333), opinion 1 (1, 33.333). Sputnik International
has 1 document and 30 words: claim 1 (1, 33.333), quote 1 (1, 33.333). Spans that overlap: the
claim and the quote of A, once. Sharing a paragraph: A's claim and quote (1), B's two quotes
(quote-quote 1) and each quote with the opinion (quote-opinion 2), C's quote and claim (1): claim-quote 2.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from annotator.analysis import analyse, retrieve
from annotator.cli import main
from annotator.codebook import codebook_from_dict, codebook_to_dict
from annotator.domain import AnnotatorKind
from annotator.errors import ValidationError
from annotator.project import Project

LINE_1 = "One two three four five six seven eight nine ten."
LINE_2 = "Eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty."
TEXT_A = f"Home | Menu\n{LINE_1}\n{LINE_2}\nLeave a Comment\n"
TEXT_B = "Alpha beta gamma delta epsilon zeta eta theta iota kappa."
TEXT_C = " ".join(f"w{i}" for i in range(1, 31)) + "."


def span(text: str, words: str, after: int = 0) -> tuple[int, int]:
    start = text.index(words, after)
    return start, start + len(words)


@pytest.fixture
def project_path(tmp_path: Path) -> Path:
    path = tmp_path / "small.sqlite"
    with Project.open(path) as p:
        data = codebook_to_dict(p.codebook)
        data["version"] = "1.1"
        data["variables"] = [
            {"id": "genre", "label": "Genre", "kind": "descriptive", "choices": ["news", "opinion"]},
            {"id": "frame", "label": "Main frame", "kind": "coded", "choices": ["conflict", "economy"]},
        ]
        p.set_codebook(codebook=codebook_from_dict(data))
        ana = p.ensure_annotator(name="Ana")
        rev = p.ensure_annotator(name="Rev")
        adj = p.adjudicated_layer(reviewer_id=rev.id, create=True)
        assert adj is not None and adj.kind is AnnotatorKind.ADJUDICATED
        body_a = (TEXT_A.index(LINE_1), TEXT_A.index(LINE_2) + len(LINE_2))
        a = p.add_document(text=TEXT_A, title="A", source="CNN", published="2022-11-08", body=body_a).document
        b = p.add_document(text=TEXT_B, title="B", source="CNN", published="2023-08-20").document
        c = p.add_document(
            text=TEXT_C, title="C", source="Sputnik International", published="2023-08-21"
        ).document
        layer = adj.id
        for doc, text, category, words, after in (
            (a, TEXT_A, "claim", "One two three", 0),
            (a, TEXT_A, "quote", "three four five", 0),
            (a, TEXT_A, "statistic", "fifteen sixteen", 0),
            (a, TEXT_A, "claim", "Home", 0),  # in the chrome
            (b, TEXT_B, "quote", "Alpha beta", 0),
            (b, TEXT_B, "quote", "zeta eta", 0),
            (b, TEXT_B, "opinion", "iota kappa", 0),
            (c, TEXT_C, "quote", "w1 w2 w3", 0),
            (c, TEXT_C, "claim", "w10 w11", 0),
        ):
            s, e = span(text, words, after)
            p.add_annotation(document_id=doc.id, start=s, end=e, category=category, annotator_id=layer)
        # Ana's own layer: one claim in B
        s, e = span(TEXT_B, "gamma")
        p.add_annotation(document_id=b.id, start=s, end=e, category="claim", annotator_id=ana.id)
        p.set_document_value(document_id=a.id, variable="genre", value="news")
        p.set_document_value(document_id=b.id, variable="genre", value="opinion")
        p.set_coded_value(document_id=c.id, annotator_id=adj.id, variable="frame", value="conflict")
        p.update_document(document_id=b.id, memo="The opinion span is ironic.")
        p.set_project_memo(text="RQ1: do outlets quote officials more after 2023?")
    return path


def analyze_json(path: Path, capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["analyze", "--project", str(path), "--json", *args]) == 0
    captured = capsys.readouterr()
    return json.loads(captured.out)


def third(n: float) -> float:
    return round(n, 3)


def test_figures_by_outlet_match_the_hand_count(
    project_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = analyze_json(project_path, capsys)
    assert set(data) == {"layer", "by", "groups", "cooccurrence"}
    assert data["layer"] == "Adjudicated (Rev)" and data["by"] == "source"
    cnn, sputnik = data["groups"]
    assert set(cnn) == {"value", "documents", "words", "categories"}
    assert (cnn["value"], cnn["documents"], cnn["words"]) == ("CNN", 2, 30)
    assert cnn["categories"] == {
        "claim": {"spans": 1, "documents": 1, "per_1000_words": third(1000 / 30)},
        "quote": {"spans": 3, "documents": 2, "per_1000_words": 100.0},
        "statistic": {"spans": 1, "documents": 1, "per_1000_words": third(1000 / 30)},
        "opinion": {"spans": 1, "documents": 1, "per_1000_words": third(1000 / 30)},
    }
    assert (sputnik["value"], sputnik["documents"], sputnik["words"]) == ("Sputnik International", 1, 30)
    assert sputnik["categories"]["quote"] == {"spans": 1, "documents": 1, "per_1000_words": third(1000 / 30)}
    assert sputnik["categories"]["statistic"] == {"spans": 0, "documents": 0, "per_1000_words": 0.0}
    co = data["cooccurrence"]
    assert set(co) == {"claim", "quote", "statistic", "opinion"}
    assert co["claim"]["quote"] == co["quote"]["claim"] == 1
    assert sum(n for row in co.values() for n in row.values()) == 2


def test_paragraphs_whole_text_and_years(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    co = analyze_json(project_path, capsys, "--within", "paragraph")["cooccurrence"]
    assert co["claim"]["quote"] == 2
    assert co["quote"]["quote"] == 1
    assert co["quote"]["opinion"] == co["opinion"]["quote"] == 2
    assert co["statistic"] == dict.fromkeys(co, 0)

    whole = analyze_json(project_path, capsys, "--whole-text")
    cnn = whole["groups"][0]
    assert cnn["words"] == 35  # "Home | Menu" and "Leave a Comment" count now
    assert cnn["categories"]["claim"]["spans"] == 2  # and so does the claim on "Home"

    years = analyze_json(project_path, capsys, "--by", "published:year")
    assert [(g["value"], g["documents"], g["words"]) for g in years["groups"]] == [
        ("2022", 1, 20),
        ("2023", 2, 40),
    ]
    months = analyze_json(project_path, capsys, "--by", "published:month")
    assert [g["value"] for g in months["groups"]] == ["2022-11", "2023-08"]


def test_groups_by_variables_and_layers(project_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    genre = analyze_json(project_path, capsys, "--by", "genre")
    assert [(g["value"], g["documents"]) for g in genre["groups"]] == [("news", 1), ("opinion", 1), (None, 1)]
    frame = analyze_json(project_path, capsys, "--by", "frame")  # the adjudicated layer's answer
    assert [(g["value"], g["documents"]) for g in frame["groups"]] == [("conflict", 1), (None, 2)]
    ana = analyze_json(project_path, capsys, "--layer", "Ana", "--by", "all")
    assert ana["layer"] == "Ana"
    (everything,) = ana["groups"]
    assert everything["value"] == "all" and everything["words"] == 60
    assert everything["categories"]["claim"]["spans"] == 1 and everything["categories"]["quote"]["spans"] == 0
    assert main(["analyze", "--project", str(project_path), "--by", "weather"]) == 1
    assert "cannot group by 'weather'" in capsys.readouterr().err


def test_without_an_adjudicated_layer_it_is_your_own_and_it_says_so(tmp_path: Path) -> None:
    with Project.open(tmp_path / "p.sqlite") as p:
        me = p.ensure_annotator(name="Ana")
        doc = p.add_document(text=TEXT_B, title="B", source="CNN").document
        p.add_annotation(document_id=doc.id, start=0, end=5, category="quote", annotator_id=me.id)
        result = analyse(p, me="Ana")
        assert result.layer.name == "Ana" and result.layer_reason.startswith("your own layer")
        with pytest.raises(ValidationError, match="no adjudicated layer"):
            analyse(p, layer="adjudicated")


def test_matrix_csv_and_html(project_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    matrix, figures, page = tmp_path / "m.csv", tmp_path / "f.csv", tmp_path / "a.html"
    assert (
        main(["analyze", "--project", str(project_path), "--matrix", str(matrix), "--csv", str(figures)]) == 0
    )
    assert "Adjudicated (Rev) (the adjudicated layer), over the article body" in capsys.readouterr().out
    rows = list(csv.DictReader(io.StringIO(matrix.read_text("utf-8"))))
    assert [(r["title"], r["words"], r["claim"], r["quote"], r["statistic"], r["opinion"]) for r in rows] == [
        ("A", "20", "1", "1", "1", "0"),
        ("B", "10", "0", "2", "0", "1"),
        ("C", "30", "1", "1", "0", "0"),
    ]
    assert [r["var_genre"] for r in rows] == ["news", "opinion", ""]
    assert [r["coded_frame"] for r in rows] == ["", "", "conflict"]
    long = list(csv.DictReader(io.StringIO(figures.read_text("utf-8"))))
    assert len(long) == 2 * 4
    assert {"group": "CNN", "category": "quote", "spans": "3", "documents_with": "2"}.items() <= long[
        1
    ].items()
    assert main(["analyze", "--project", str(project_path), "-o", str(page), "--by", "published:month"]) == 0
    html = page.read_text("utf-8")
    assert "<svg" in html and 'class="line"' in html  # over time: lines, not bars
    assert "RQ1: do outlets quote officials more after 2023?" in html
    assert "The opinion span is ironic." in html
    assert "the article body" in html


def test_coding_retrieval_gives_each_span_with_its_context(project_path: Path) -> None:
    with Project.open(project_path) as p:
        adj = next(a for a in p.annotators() if a.kind is AnnotatorKind.ADJUDICATED)
        quotes = retrieve(p, layer_id=adj.id, category="quote", context=12)
        assert [(r.title, r.quote) for r in quotes] == [
            ("A", "three four five"),
            ("B", "Alpha beta"),
            ("B", "zeta eta"),
            ("C", "w1 w2 w3"),
        ]
        first = quotes[0]
        assert (first.before, first.after) == ("One two ", " six seven e…")  # the line, not the chrome above
        claims = retrieve(p, layer_id=adj.id, category="claim")
        assert [r.quote for r in claims] == ["One two three", "w10 w11"]  # the claim on "Home" is chrome
        assert len(retrieve(p, layer_id=adj.id, category="claim", whole_text=True)) == 3
