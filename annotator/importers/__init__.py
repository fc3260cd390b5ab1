"""Turning files into project documents.

:mod:`annotator.importers.articles` reads news articles (.txt, .md, .html/.htm, .docx) and imports
batches of files and folders; datasets (.json) are handed on to :mod:`annotator.dataset`.
"""

from annotator.importers.articles import (
    SUPPORTED_SUFFIXES,
    Article,
    ImportReport,
    import_articles,
    iter_input_files,
    read_article,
)

__all__ = [
    "SUPPORTED_SUFFIXES",
    "Article",
    "ImportReport",
    "import_articles",
    "iter_input_files",
    "read_article",
]
