"""The CSV export read for analysis, with the lines the README gives (run from the README itself).

pandas' defaults turn quotes such as "NA", "null", "None" and "nan" into missing values and "007"
into 7, and Python's csv module refuses a field over 131,072 characters (a span over a whole
article). The README's lines keep every quote exactly; the defaults are shown failing, so the
test notices if pandas or csv ever change.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest

from annotator.cli import main as cli
from annotator.project import Project

README = Path(__file__).parents[3] / "README.md"

TRAPS = ["NA", "null", "None", "nan", "NaN", "N/A", "#N/A", "NULL", "n/a", "007", "1e5", "TRUE", "-0"]


def _readme_python() -> str:
    section = README.read_text("utf-8").split("### Reading the CSV for analysis", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.DOTALL)
    assert match is not None, "README: the CSV section has no python block"
    return match.group(1)


def _project(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A project whose quotes are the traps, plus one span of a whole 140,000-character text."""
    text = " ".join(TRAPS) + "\n"
    long_text = ("A long article, word after word. " * 4300)[:140_000] + "\n"
    with Project.open(tmp_path / "p.sqlite") as project:
        coder = project.ensure_annotator(name="NA").id  # a coder's name can be a trap too
        doc = project.add_document(text=text, title="null").document
        start = 0
        for quote in TRAPS:
            project.add_annotation(
                document_id=doc.id,
                start=start,
                end=start + len(quote),
                category="claim",
                annotator_id=coder,
                note=quote,
            )
            start += len(quote) + 1
        long_doc = project.add_document(text=long_text, title="long").document
        project.add_annotation(
            document_id=long_doc.id, start=0, end=len(long_text) - 1, category="claim", annotator_id=coder
        )
    out = tmp_path / "data.csv"
    assert cli(["export", "--project", str(tmp_path / "p.sqlite"), "-o", str(out)]) == 0
    return out, {"long": long_text[:-1]}


def test_the_readme_lines_read_every_quote_exactly(tmp_path: Path) -> None:
    pytest.importorskip("pandas", reason="pandas is a test dependency")
    path, expected = _project(tmp_path)
    code = _readme_python().replace('"data.csv"', repr(str(path)))
    namespace: dict[str, Any] = {}
    old_limit = csv.field_size_limit()
    try:
        exec(compile(code, "README.md", "exec"), namespace)
    finally:
        csv.field_size_limit(old_limit)
    spans = namespace["spans"]
    assert spans["quote"].tolist()[: len(TRAPS)] == TRAPS
    assert spans["note"].tolist()[: len(TRAPS)] == TRAPS
    assert set(spans["annotator_name"]) == {"NA"}
    assert spans["document_title"].tolist()[0] == "null"
    assert spans["quote"].tolist()[-1] == expected["long"]
    assert spans["start"].dtype.kind == "i" and spans["end"].tolist()[-1] == len(expected["long"])
    assert not spans.isna().to_numpy().any()
    rows = namespace["rows"]
    assert [r["quote"] for r in rows] == spans["quote"].tolist()


def test_the_defaults_lose_quotes_which_is_why_the_readme_says_otherwise(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas", reason="pandas is a test dependency")
    path, _ = _project(tmp_path)
    careless = pd.read_csv(path)
    assert careless["quote"].isna().sum() >= 5  # NA, null, None, nan, NaN, N/A, ...
    with path.open(encoding="utf-8", newline="") as fh, pytest.raises(csv.Error, match="field larger"):
        list(csv.DictReader(fh))
