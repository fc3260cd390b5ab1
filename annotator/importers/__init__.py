"""Turning files into project documents: one module per job.

- :mod:`~annotator.importers.read`: :func:`~annotator.importers.read.read_article`, one file to an
  :class:`~annotator.importers.article.Article` (the size guard, the reader for its suffix, the
  checks every article passes);
- :mod:`~annotator.importers.article`: the Article record and the helpers the readers share;
- the readers: :mod:`~annotator.importers.plaintext` (.txt, .md, with their header metadata),
  :mod:`~annotator.importers.html` (.html, .htm, through trafilatura),
  :mod:`~annotator.importers.docx` (.docx);
- what they use: :mod:`~annotator.importers.encoding` (bytes of a legacy text file to text) and
  :mod:`~annotator.importers.dates` (stated dates to ISO dates);
- :mod:`~annotator.importers.batch`: :func:`~annotator.importers.batch.import_articles`, files and
  folders into a project, with datasets (.json) handed on to :mod:`annotator.dataset` and other
  tools' files to :mod:`annotator.formats`.
"""
