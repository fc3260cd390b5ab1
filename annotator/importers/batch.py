"""Importing batches of files and folders into a project.

:func:`import_articles` takes files and folders (searched recursively, in sorted order, hidden
files and folders skipped). Each file is its own transaction: every good file goes in, every bad
file is reported with its reason and the rest carry on. A text already in the project is skipped
("already in the project"), an explicitly named file of an unsupported type is skipped, files that
cannot be read are *failed*. ``annotator import`` exits non-zero when any file failed. Articles are
read by :func:`annotator.importers.read.read_article`; ``.json`` files are datasets and go to
:func:`annotator.dataset.import_dataset`, and other tools' annotation files go to
:func:`annotator.formats.import_file`.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Container, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Final

from annotator.errors import AnnotatorError
from annotator.importers.article import Article, one_line
from annotator.importers.outlets import OutletTable
from annotator.importers.read import DEFAULT_MAX_BYTES, SUPPORTED_SUFFIXES, read_article, unsupported_reason

if TYPE_CHECKING:
    from annotator.project import AddedDocument, Project

__all__ = [
    "DATASET_SUFFIX",
    "NOT_PROCESSED",
    "ImportReport",
    "accepted_suffixes",
    "import_articles",
    "iter_input_files",
    "store_article",
]

DATASET_SUFFIX: Final = ".json"
"""Datasets: yielded by :func:`iter_input_files`, imported by :mod:`annotator.dataset`."""

NOT_PROCESSED: Final = "not processed: the import was cancelled"


def accepted_suffixes() -> tuple[str, ...]:
    """Every suffix (lower case) ``annotator import`` and the app's File > Import take, each once.

    Articles (:data:`~annotator.importers.read.SUPPORTED_SUFFIXES`), datasets
    (:data:`DATASET_SUFFIX`) and other tools' annotation files
    (:data:`annotator.formats.IMPORT_SUFFIXES`, from the format registry). A folder is searched for
    these; a file named directly is looked at whatever its suffix.
    """
    from annotator.dataset import PROJECT_SUFFIXES
    from annotator.formats import IMPORT_SUFFIXES  # the format registry is slow to import

    return tuple(dict.fromkeys((*SUPPORTED_SUFFIXES, DATASET_SUFFIX, *PROJECT_SUFFIXES, *IMPORT_SUFFIXES)))


@dataclass
class ImportReport:
    """What a batch import did, file by file (each entry is ``(file, detail)``).

    ``imported`` pairs a file with the new document's id (for a dataset, with its summary);
    ``skipped`` and ``failed`` pair it with the reason. A skipped file is not a problem (a text
    already in the project, a file type that is not imported, a file not reached after a cancel);
    a failed one is, and makes ``annotator import`` exit non-zero.
    """

    imported: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    cancelled: bool = False

    @property
    def ok(self) -> bool:
        """``True`` when no file failed."""
        return not self.failed

    @property
    def exit_status(self) -> int:
        """``1`` when any file failed, else ``0``."""
        return 1 if self.failed else 0

    def summary(self) -> str:
        text = f"{len(self.imported)} imported, {len(self.skipped)} skipped, {len(self.failed)} failed"
        return text + (" (cancelled)" if self.cancelled else "")


def iter_input_files(paths: Sequence[Path]) -> Iterator[Path]:
    """The files a batch import looks at, in order.

    A folder is searched recursively in sorted order, skipping hidden files and folders (and Office
    lock files ``~$...``), for files with a supported suffix or ``.json``. A path named directly is
    always yielded, whatever its suffix (or if it does not exist), so the caller can say why it was
    skipped or failed. A folder that cannot be listed is yielded itself.
    """
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from _walk(path, set())
        else:
            yield path


def _walk(folder: Path, seen: set[str]) -> Iterator[Path]:
    real = os.path.realpath(folder)
    if real in seen:  # a symlink loop
        return
    seen.add(real)
    try:
        entries = sorted(folder.iterdir(), key=lambda p: (p.name.casefold(), p.name))
    except OSError:
        yield folder
        return
    wanted = accepted_suffixes()
    for entry in entries:
        if entry.name.startswith((".", "~$")):
            continue
        if entry.is_dir():
            yield from _walk(entry, seen)
        elif entry.suffix.lower() in wanted and entry.is_file():
            yield entry


def store_article(project: Project, article: Article) -> AddedDocument:
    """Add an article's text and metadata to the project (an identical text is not added twice)."""
    return project.add_document(
        text=article.text,
        title=article.title,
        source=article.source,
        author=article.author,
        url=article.url,
        published=article.published,
        language=article.language,
        original_filename=article.original_filename,
        original_sha256=article.original_sha256,
        body=article.body,
    )


def import_articles(
    project: Project,
    paths: Sequence[Path],
    *,
    on_progress: Callable[[int, int, str], bool] | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    label_map: Mapping[str, str] | None = None,
    migrate: bool | Container[Path] = False,
) -> ImportReport:
    """Import files and folders of articles (and datasets) into ``project``.

    Each file is its own transaction: every good file goes in, every bad one is reported in
    ``failed`` with its reason, and the batch carries on. A text already in the project is
    ``skipped`` ("already in the project"), as is a named file of a type that is not imported.

    ``on_progress(done, total, filename)`` is called before each file (``done`` files finished so
    far) and once more at the end with ``done == total`` and an empty name. Returning ``False``
    cancels: the files not reached are reported as skipped ("not processed"), and the ones already
    imported stay imported. ``migrate`` migrates datasets (and project files) made under another
    version of the project's codebook (:func:`annotator.dataset.import_dataset_data`): all of them,
    or those of the files it holds; the others fail with a hint.
    """
    from annotator.importers.outlets import default_outlets

    files = list(iter_input_files(paths))
    total = len(files)
    report = ImportReport()
    outlets = default_outlets().with_project(project.outlet_names())
    for done, path in enumerate(files):
        if on_progress is not None and on_progress(done, total, path.name) is False:
            report.cancelled = True
            report.skipped.extend((str(p), NOT_PROCESSED) for p in files[done:])
            return report
        _import_one(
            project, path, report, max_bytes=max_bytes, label_map=label_map, outlets=outlets, migrate=migrate
        )
    if on_progress is not None:
        on_progress(total, total, "")
    return report


def _reason(exc: Exception, path: Path) -> str:
    """The exception's line without the file name it starts with (the report pairs it with the file),
    and the first few problems of a refused dataset."""
    text = str(exc)
    prefix = f"{path.name}: "
    if text.startswith(prefix):
        text = text[len(prefix) :]
    problems = getattr(exc, "problems", None) or []
    if problems:
        text += ": " + "; ".join(" ".join(str(p).split()) for p in problems[:3])
        text += f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
    return text


def _import_one(
    project: Project,
    path: Path,
    report: ImportReport,
    *,
    max_bytes: int,
    label_map: Mapping[str, str] | None = None,
    outlets: OutletTable | None = None,
    migrate: bool | Container[Path] = False,
) -> None:
    label = str(path)
    migrate = migrate if isinstance(migrate, bool) else path in migrate
    suffix = path.suffix.lower()
    if path.is_dir():
        report.failed.append((label, "cannot list this folder"))
        return
    if not path.exists():
        report.failed.append((label, "no such file or folder"))
        return
    from annotator.formats import IMPORT_SUFFIXES, detect_format, import_file

    if suffix == DATASET_SUFFIX or suffix in IMPORT_SUFFIXES:
        # Annotations from other tools (annotator.formats), chosen by suffix and content; a .json
        # file that is none of them is one of our datasets.
        try:
            exchange = detect_format(path)
            imported = (
                None if exchange is None else import_file(project, path, fmt=exchange, mapping=label_map)
            )
        except AnnotatorError as exc:
            report.failed.append((label, _reason(exc, path)))
            return
        if imported is not None:
            warnings = "".join(f"\n  warning: {w}" for w in imported.warnings)
            report.imported.append((label, imported.summary() + warnings))
            return
        if suffix != DATASET_SUFFIX:
            report.skipped.append((label, "not in an annotation exchange format this can read"))
            return
    if suffix == ".sqlite":  # a project file: a coder's package, a colleague's project
        from annotator.dataset import import_project_file

        try:
            merged = import_project_file(project, path, migrate=migrate)
        except AnnotatorError as exc:
            report.failed.append((label, _reason(exc, path)))
            return
        report.imported.append((label, f"project file: {merged.summary()}"))
        return
    if suffix == DATASET_SUFFIX:
        try:
            from annotator.dataset import import_dataset
        except ImportError as exc:  # pragma: no cover - the dataset module ships with the package
            report.failed.append((label, f"datasets cannot be imported ({one_line(exc)})"))
            return
        try:
            result = import_dataset(project, path, migrate=migrate)
        except AnnotatorError as exc:
            report.failed.append((label, _reason(exc, path)))
            return
        report.imported.append((label, f"dataset: {result.summary()}"))
        return
    if suffix not in SUPPORTED_SUFFIXES:
        report.skipped.append((label, unsupported_reason(suffix)))
        return
    try:
        article = read_article(path, max_bytes=max_bytes, outlets=outlets)
        added = store_article(project, article)
    except AnnotatorError as exc:
        report.failed.append((label, _reason(exc, path)))
        return
    if added.added:
        report.imported.append((label, added.document.id))
    else:
        existing = added.document
        report.skipped.append((label, f"already in the project (as “{existing.title}”, {existing.id})"))
