"""Analysis by outlet and over time, over Project's public operations.

- :mod:`~annotator.analysis.figures`: documents, words and spans per category by group, the
  co-occurrence of categories, the document x category matrix (``annotator analyze``);
- :mod:`~annotator.analysis.retrieval`: every span of a category with its context (the app's
  coding retrieval view, exported as CSV);
- :mod:`~annotator.analysis.report`: the figures as one HTML page with a chart and the memos.
"""

from annotator.analysis.figures import (
    Analysis,
    CategoryFigures,
    GroupFigures,
    analyse,
    choose_layer,
    figure_rows,
    format_table,
    matrix_rows,
    write_rows_csv,
)
from annotator.analysis.retrieval import Retrieved, retrieve, write_retrieval_csv

__all__ = [
    "Analysis",
    "CategoryFigures",
    "GroupFigures",
    "Retrieved",
    "analyse",
    "choose_layer",
    "figure_rows",
    "format_table",
    "matrix_rows",
    "retrieve",
    "write_retrieval_csv",
    "write_rows_csv",
]
