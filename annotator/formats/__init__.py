"""Exchange with the tools researchers already use: one module per format, one registry.

Formats (name: what it is; export; import):

- ``json`` / ``jsonl`` / ``csv``: our dataset (:mod:`annotator.dataset`; ``json`` is lossless and
  imported by the dataset importer).
- ``qdpx`` (:mod:`~annotator.formats.refi_qda`): REFI-QDA project for ATLAS.ti, MAXQDA, NVivo,
  QualCoder; ``.qdpx`` both ways.
- ``w3c`` (:mod:`~annotator.formats.w3c`): W3C Web Annotation JSON-LD; ``.jsonld``; imports
  ``.jsonld`` and ``.json`` that looks like it.
- ``brat`` (:mod:`~annotator.formats.brat`): brat standoff; a zip of ``.txt``/``.ann`` pairs;
  imports a ``.ann`` (its ``.txt`` beside it) or such a zip.
- ``labelstudio`` (:mod:`~annotator.formats.labelstudio`): Label Studio JSON tasks; ``.json``.
- ``doccano`` (:mod:`~annotator.formats.doccano`): doccano JSONL; ``.jsonl`` (``.json`` too).
- ``webanno`` (:mod:`~annotator.formats.webanno`): WebAnno TSV 3.3 (INCEpTION); a zip of
  ``.tsv`` files; imports a ``.tsv`` or such a zip.
- ``cas`` (:mod:`~annotator.formats.cas`): UIMA CAS JSON (INCEpTION, DKPro Cassis); a zip of
  ``.json`` CAS files; imports one ``.json`` CAS or such a zip.

The codebook alone travels as a REFI-QDA codebook (``.qdc``, :mod:`~annotator.formats.qdc`; not a
dataset format, so not in the registry); what it and ``qdpx`` write alike (code GUIDs, the
description of a code) is in :mod:`~annotator.formats.refi_common`.

Every import goes through :func:`import_file`: the format's reader parses the file into
:class:`~annotator.formats.common.ForeignData`, :func:`~annotator.formats.common.build_dataset`
maps its labels onto the project's codebook (``mapping`` for names that differ) and derives stable
ids, and :func:`annotator.dataset.import_dataset_data` validates and stores it all or nothing.
Every export reads :func:`annotator.dataset.dataset_dict` and is written atomically.

A format is chosen by suffix and, where a suffix is shared (``.json``, ``.jsonl``, ``.zip``), by
looking at the content (:func:`detect_format`). For the app's File menu, :data:`EXPORT_FORMATS`
lists ``(name, file filter, suffix)`` and :data:`IMPORT_SUFFIXES` the suffixes import routes here
(the suffixes of every kind of file ``annotator import`` takes are
:func:`annotator.importers.batch.accepted_suffixes`).

Units: our offsets are code points. brat, W3C (``TextPositionSelector``), REFI-QDA and Label
Studio count code points too; doccano, WebAnno TSV and UIMA CAS count UTF-16 code units and are
converted both ways by :mod:`annotator.formats.offsets`.
"""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

from annotator.dataset import DatasetImportResult, dataset_dict, import_dataset_data, write_dataset
from annotator.errors import ImportRefused, ValidationError
from annotator.formats import brat, cas, doccano, labelstudio, refi_qda, w3c, webanno
from annotator.formats.common import (
    ForeignData,
    build_dataset,
    is_zip,
    load_json,
    parse_mapping,
    read_archive,
    read_file_bytes,
)
from annotator.project import Project
from annotator.safe_write import write_bytes_atomically

__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "IMPORT_SUFFIXES",
    "ForeignImportResult",
    "FormatSpec",
    "detect_format",
    "export_bytes",
    "export_file",
    "import_file",
    "parse_mapping",
    "read_foreign",
]


@dataclass(frozen=True, slots=True)
class FormatSpec:
    """One exchange format: how it is named, what it reads and writes."""

    name: str
    label: str
    suffix: str
    """The suffix an export gets."""
    import_suffixes: tuple[str, ...]
    reader: Callable[..., ForeignData] | None
    writer: Callable[..., bytes] | None
    binary: bool = False
    """Written as a zip: needs an output file (never standard output)."""

    @property
    def file_filter(self) -> str:
        """The file dialog filter for an export: ``brat standoff, zipped (*.zip)``."""
        zipped = ", zipped" if self.binary and self.suffix == ".zip" else ""
        return f"{self.label}{zipped} (*{self.suffix})"


def _dataset_writer(fmt: str) -> Callable[..., bytes]:
    def write(data: Mapping[str, Any], **_: Any) -> bytes:
        buffer = io.StringIO()
        write_dataset(data, buffer, fmt)
        return buffer.getvalue().encode("utf-8")

    return write


FORMATS: Final[dict[str, FormatSpec]] = {
    spec.name: spec
    for spec in (
        FormatSpec("json", "Annotator dataset JSON", ".json", (".json",), None, _dataset_writer("json")),
        FormatSpec("jsonl", "Annotator dataset JSON Lines", ".jsonl", (), None, _dataset_writer("jsonl")),
        FormatSpec("csv", "CSV, one row per annotation", ".csv", (), None, _dataset_writer("csv")),
        FormatSpec("qdpx", "REFI-QDA project", ".qdpx", (".qdpx",), refi_qda.read, refi_qda.write, True),
        FormatSpec("w3c", "W3C Web Annotation JSON-LD", ".jsonld", (".jsonld", ".json"), w3c.read, w3c.write),
        FormatSpec("brat", "brat standoff", ".zip", (".ann", ".zip"), brat.read, brat.write, True),
        FormatSpec(
            "labelstudio", "Label Studio JSON tasks", ".json", (".json",), labelstudio.read, labelstudio.write
        ),
        FormatSpec("doccano", "doccano JSONL", ".jsonl", (".jsonl", ".json"), doccano.read, doccano.write),
        FormatSpec("webanno", "WebAnno TSV 3.3", ".zip", (".tsv", ".zip"), webanno.read, webanno.write, True),
        FormatSpec("cas", "UIMA CAS JSON", ".zip", (".json", ".zip"), cas.read, cas.write, True),
    )
}

EXPORT_FORMATS: Final[list[tuple[str, str, str]]] = [
    (spec.name, spec.file_filter, spec.suffix) for spec in FORMATS.values() if spec.writer is not None
]
"""``(format name, file dialog filter, suffix)`` for File > Export."""

IMPORT_SUFFIXES: Final[list[str]] = list(
    dict.fromkeys(suffix for spec in FORMATS.values() for suffix in spec.import_suffixes)
)
"""Suffixes import routes here: every format's ``import_suffixes``, each once (a ``.json`` whose
content is none of these formats is our dataset)."""


# -- detecting --------------------------------------------------------------------------------------------


def _is_w3c(obj: Any) -> bool:
    if not isinstance(obj, dict):
        return False
    context = obj.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if any(isinstance(c, str) and "w3.org/ns/anno" in c for c in contexts):
        return True
    kind = obj.get("type")
    return kind in ("Annotation", "AnnotationCollection", "AnnotationPage") or (
        isinstance(kind, list) and "Annotation" in kind
    )


def sniff_json(obj: Any) -> str | None:
    """Which format a parsed JSON document is in (``None``: ours, or none we know)."""
    first = obj[0] if isinstance(obj, list) and obj and isinstance(obj[0], dict) else obj
    if not isinstance(first, dict) or first.get("format") == "annotator-dataset":
        return None
    if isinstance(obj, dict) and ("%FEATURE_STRUCTURES" in obj or "%VIEWS" in obj):
        return "cas"
    if _is_w3c(first):
        return "w3c"
    if isinstance(first.get("data"), dict) and any(k in first for k in ("annotations", "predictions", "id")):
        return "labelstudio"
    if "text" in first and any(k in first for k in ("label", "entities", "labels")):
        return "doccano"
    return None


def _sniff_zip(path: Path) -> str | None:
    members = read_archive(path)  # refuses an unsafe archive before anything is inflated
    names = [m.lower() for m in members]
    if any(n.rsplit("/", 1)[-1] == "project.qde" for n in names):
        return "qdpx"
    if any(n.endswith(".ann") for n in names):
        return "brat"
    if any(
        n.endswith(".tsv") and members[m].lstrip(b"\xef\xbb\xbf").startswith(b"#FORMAT=WebAnno TSV")
        for n, m in zip(names, members, strict=True)
    ):
        return "webanno"
    for n, m in zip(names, members, strict=True):
        if n.endswith(".json") and b"%FEATURE_STRUCTURES" in members[m][: 1 << 16]:
            return "cas"
    return None


def detect_format(path: Path) -> str | None:
    """The exchange format of ``path`` by suffix and content, or ``None`` (not one of ours).

    A ``.zip`` is looked into, so one that is unsafe to open (path traversal, a zip bomb) raises
    :class:`~annotator.errors.ImportRefused` with the reason rather than passing for "not ours".
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".qdpx":
        return "qdpx"
    if suffix == ".ann":
        return "brat"
    if suffix == ".jsonld":
        return "w3c"
    if suffix == ".tsv":
        try:
            with path.open("rb") as fh:
                head = fh.read(64).lstrip(b"\xef\xbb\xbf")
        except OSError:
            return None
        return "webanno" if head.startswith(b"#FORMAT=WebAnno TSV") else None
    if suffix == ".zip":
        return _sniff_zip(path) if is_zip(path) else None
    if suffix == ".jsonl":
        try:
            with path.open("rb") as fh:
                head = fh.read(1 << 16)
        except OSError:
            return None
        first = head.split(b"\n", 1)[0]
        try:
            line = json.loads(first)
        except ValueError:
            return "doccano"  # maybe one object over several lines; the reader will tell
        return None if isinstance(line, dict) and line.get("format") == "annotator-dataset" else "doccano"
    if suffix == ".json":
        try:
            with path.open("rb") as fh:
                if re.search(rb'"format"\s*:\s*"annotator-dataset"', fh.read(4096)):
                    return None  # our dataset: no need to parse it twice
            return sniff_json(load_json(read_file_bytes(path), path.name))
        except (ImportRefused, OSError):
            return None
    return None


# -- importing -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ForeignImportResult:
    """What importing one file in an exchange format did, and what it could not keep."""

    format: str
    result: DatasetImportResult
    warnings: tuple[str, ...] = ()
    already_there: int = 0

    def summary(self) -> str:
        r = self.result
        text = (
            f"{FORMATS[self.format].label}: {r.documents_added} documents added "
            f"({r.documents_existing} already there), {r.annotations_added} annotations added "
            f"({r.annotations_existing + self.already_there} already there), "
            f"{r.annotators_added} annotators added"
        )
        if self.warnings:
            text += f"; {len(self.warnings)} warnings"
        return text


def read_foreign(path: Path, fmt: str | None = None, *, project: Project | None = None) -> ForeignData:
    """Parse ``path`` in ``fmt`` (detected when ``None``); ``project`` is only read (W3C targets)."""
    path = Path(path)
    fmt = fmt or detect_format(path)
    spec = FORMATS.get(fmt or "")
    if spec is None or spec.reader is None:
        known = ", ".join(n for n, s in FORMATS.items() if s.reader is not None)
        raise ImportRefused(f"{path.name}: not a file in a format this can import ({known})")
    return spec.reader(path, project=project)


def import_file(
    project: Project,
    path: Path,
    *,
    fmt: str | None = None,
    mapping: Mapping[str, str] | None = None,
) -> ForeignImportResult:
    """Import one file in an exchange format into ``project``: all of it, or nothing.

    ``mapping`` maps the file's labels onto categories (``{"PER": "quote", "MISC": "-"}``; ``-``
    drops a label). Labels that match no category, mapped or not, refuse the file with their list.
    """
    path = Path(path)
    foreign = read_foreign(path, fmt, project=project)
    built = build_dataset(foreign, project, mapping=mapping, name=path.name)
    result = import_dataset_data(project, built.data, name=path.name)
    return ForeignImportResult(
        format=foreign.format,
        result=result,
        warnings=tuple(built.warnings),
        already_there=built.already_there,
    )


# -- exporting -------------------------------------------------------------------------------------------


def export_bytes(project: Project, fmt: str, *, line_endings: str = "lf") -> bytes:
    """The project in ``fmt`` as the bytes of the file to write.

    ``line_endings="crlf"`` writes REFI-QDA sources with CRLF line breaks and counts positions in
    that text, as some Windows QDA packages expect; every other format is refused with it (their
    offsets count LF line ends, so CRLF text would move every span after the first line).
    """
    spec = FORMATS.get(fmt)
    if spec is None or spec.writer is None:
        raise ValidationError(f"unknown export format {fmt!r}; use one of {', '.join(FORMATS)}")
    if line_endings not in ("lf", "crlf"):
        raise ValidationError(f"line endings must be lf or crlf, not {line_endings!r}")
    check_line_endings(fmt, line_endings)
    data = dataset_dict(project)
    if fmt == "qdpx":
        return spec.writer(data, line_endings=line_endings)
    return spec.writer(data)


def check_line_endings(fmt: str, line_endings: str) -> None:
    """Refuse ``crlf`` for any format but ``qdpx`` rather than ignore it silently."""
    if line_endings == "crlf" and fmt != "qdpx":
        raise ValidationError(
            f"--line-endings crlf applies to qdpx only (REFI-QDA sources); {fmt} is always written "
            "with LF line endings, which its offsets count"
        )


def export_file(project: Project, path: Path, fmt: str, *, line_endings: str = "lf") -> dict[str, int]:
    """Write the project to ``path`` in ``fmt``, atomically; returns counts for the report."""
    payload = export_bytes(project, fmt, line_endings=line_endings)
    write_bytes_atomically(Path(path), payload)
    documents = project.documents()
    return {
        "documents": len(documents),
        "annotations": sum(d.annotation_count for d in documents),
    }
