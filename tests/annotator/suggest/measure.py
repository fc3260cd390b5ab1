"""Measure the quote and statistic suggesters against hand-coded gold, exact and overlap.

``python -m tests.annotator.suggest.measure`` prints one table per set:

- ``tuning``: the project's own look-alike articles (``sample_docs/`` and
  ``tests/annotator/data/corpus/``), which the rules were tuned on;
- ``held-out``: the three real articles of the developers' shared corpus (not in the repository;
  set ``ANNOTATOR_REAL_CORPUS`` to their folder, e.g. ``../shared/corpus``), coded
  by hand before the suggesters were first run on them; left out when that folder is absent.

Each set's articles go into a throwaway project with their gold as a layer called ``gold``, and
``annotator.suggest.evaluate`` compares the suggesters with it, as ``annotator suggest --evaluate
--layer gold`` does. The gold files hold offsets, categories and the SHA-256 of the text they
refer to (``gold/README.md``); an article whose text has another hash is refused, not measured.
"""

from __future__ import annotations

import json
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from annotator.importers.batch import store_article
from annotator.importers.read import read_article
from annotator.project import Project
from annotator.suggest.evaluate import Evaluation, evaluate, format_evaluation
from annotator.suggest.quotes import QuoteSuggester
from annotator.suggest.statistics import StatisticSuggester
from tests.conftest import REAL_CORPUS

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
GOLD = HERE / "gold"


@dataclass(frozen=True)
class GoldSet:
    name: str
    folder: Path
    base: Path
    """Where the gold files' ``file`` names are found."""

    def files(self) -> list[Path]:
        return sorted(self.folder.glob("*.json"))

    def available(self) -> bool:
        return all((self.base / json.loads(f.read_text())["file"]).is_file() for f in self.files())


SETS = (
    GoldSet("tuning", GOLD / "tuning", REPO),
    # the real articles: only where ANNOTATOR_REAL_CORPUS names their folder (tests/conftest.py)
    GoldSet("held-out", GOLD / "heldout", REAL_CORPUS or GOLD / "heldout" / "(ANNOTATOR_REAL_CORPUS unset)"),
)


def load_into(project: Project, gold_set: GoldSet) -> str:
    """Add the set's articles and their gold layer to ``project``; the gold layer's id."""
    layer = project.ensure_annotator(name="gold")
    for path in gold_set.files():
        gold = json.loads(path.read_text(encoding="utf-8"))
        article = read_article(gold_set.base / gold["file"])
        document = store_article(project, article).document
        if document.sha256 != gold["sha256"]:
            raise SystemExit(
                f"{gold['file']}: the text is not the one {path.name} was coded on (SHA-256 differs)"
            )
        for span in gold["spans"]:
            project.add_annotation(
                document_id=document.id,
                start=span["start"],
                end=span["end"],
                category=span["category"],
                annotator_id=layer.id,
            )
    return layer.id


def measure(gold_set: GoldSet, folder: Path) -> list[Evaluation]:
    project = Project.open(folder / f"{gold_set.name}.annotator.sqlite")
    try:
        layer_id = load_into(project, gold_set)
        layer = next(a for a in project.annotators() if a.id == layer_id)
        return evaluate(project, [QuoteSuggester(), StatisticSuggester()], layer=layer)
    finally:
        project.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        for gold_set in SETS:
            if not gold_set.files() or not gold_set.available():
                print(f"{gold_set.name}: skipped (the articles are not here: {gold_set.base})\n")
                continue
            rows = measure(gold_set, Path(tmp))
            print(f"{gold_set.name}: {len(gold_set.files())} articles")
            print(format_evaluation(rows, layer="gold"))
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
