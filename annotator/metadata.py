"""Editing what researchers know about their documents: metadata fields, body, memo, variables.

One vocabulary serves the command line (``annotator meta DOC --set outlet=CNN``), a metadata CSV
(``annotator meta --from metadata.csv``) and the app's document properties: the fields

``title``, ``outlet`` (or ``source``), ``author``, ``date`` (or ``published``), ``url``,
``language``, ``memo``, ``body`` (``START:END`` in code points, or ``whole``),

and the codebook's document variables by id (descriptive ones for the document, coded ones in a
coder's layer). Every call is one unit of work of the project, so one step of its edit history: a
whole CSV is undone with one ``annotator undo``. Values are checked before anything is written; a
CSV with a bad value changes nothing.

A CSV row names its document by ``id`` (or ``document_id``) or by the file it was imported from
(``filename``, ``original_filename`` or ``file``); an empty cell leaves the field as it is (write
``--set FIELD=`` to clear one).
"""

from __future__ import annotations

import csv
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from annotator.codebook import parse_variable_value
from annotator.domain import Change, DocumentInfo, VariableDef
from annotator.errors import AnnotatorError, ValidationError
from annotator.importers.dates import iso_date
from annotator.project import UNSET, Project

__all__ = [
    "FIELDS",
    "MetadataReport",
    "apply_metadata",
    "apply_metadata_csv",
    "describe_document",
    "detect_metadata",
    "find_document",
    "normalise_date",
    "parse_assignments",
]

#: Field names as users write them -> the document field they edit.
FIELDS: Final = {
    "title": "title",
    "outlet": "source",
    "source": "source",
    "author": "author",
    "date": "published",
    "published": "published",
    "url": "url",
    "language": "language",
    "lang": "language",
    "memo": "memo",
    "body": "body",
}
#: Columns of a metadata CSV that name the document rather than set something.
ID_COLUMNS: Final = ("id", "document_id")
FILE_COLUMNS: Final = ("filename", "original_filename", "file")
_PARTIAL_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2]))?$")


def find_document(
    project: Project, key: str, documents: Sequence[DocumentInfo] | None = None
) -> DocumentInfo:
    """The document ``key`` names: its id (or the start of it), the file it came from, or its title."""
    docs = list(documents) if documents is not None else project.documents()
    key = key.strip()
    for match in (
        [d for d in docs if d.id == key],
        [d for d in docs if d.original_filename == key],
        [d for d in docs if len(key) >= 6 and d.id.startswith(key)],
        [d for d in docs if d.original_filename and Path(d.original_filename).stem == key],
        [d for d in docs if d.title == key],
    ):
        if len(match) == 1:
            return match[0]
        if len(match) > 1:
            raise ValidationError(f"{key!r} names {len(match)} documents; give the document's id")
    raise ValidationError(f"no document {key!r} (give its id, the file it was imported from, or its title)")


def parse_assignments(pairs: Iterable[str]) -> dict[str, str]:
    """``["outlet=CNN", "date=2023-08-20"]`` -> ``{"outlet": "CNN", "date": "2023-08-20"}``."""
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ValidationError(f"{pair!r}: write FIELD=VALUE (FIELD= clears it)")
        out[name.strip()] = value
    return out


def normalise_date(value: str) -> str:
    """A publication date as stored: ``YYYY-MM-DD`` (or ``YYYY-MM``, ``YYYY`` when that is all there is).

    Day-first (``04.11.2023``), written-out (``4 November 2023``) and ISO timestamps are read;
    ``""`` clears the date. Raises :class:`ValidationError` for anything else.
    """
    value = value.strip()
    if not value or _PARTIAL_DATE.match(value):
        return value
    found = iso_date(value)
    if not found:
        raise ValidationError(f"{value!r} is not a date this can read; write YYYY-MM-DD")
    return found


def _parse_body(value: str, length: int) -> tuple[int, int] | None:
    text = value.strip().lower()
    if text in ("", "whole", "all", "none"):
        return None
    m = re.match(r"^(\d+)\s*[:,\-–]\s*(\d+)$", text)
    if m is None:
        raise ValidationError(f"body {value!r}: write START:END in characters, or 'whole'")
    start, end = int(m.group(1)), int(m.group(2))
    if not 0 <= start < end <= length:
        raise ValidationError(f"body {value!r} is not a range inside the text (0 to {length})")
    return (start, end)


@dataclass
class _Plan:
    """What one document's values become, checked before anything is written."""

    fields: dict[str, str] = field(default_factory=dict)
    body: tuple[int, int] | None = None
    set_body: bool = False
    values: dict[str, Any] = field(default_factory=dict)
    coded: dict[str, Any] = field(default_factory=dict)


def _plan(project: Project, doc: DocumentInfo, values: Mapping[str, str], *, coded_ok: bool) -> _Plan:
    plan = _Plan()
    codebook = project.codebook
    unknown = []
    for name, raw in values.items():
        key = FIELDS.get(name.strip().lower())
        var: VariableDef | None = codebook.variable(name.strip())
        if key == "body":
            plan.body = _parse_body(raw, doc.length)
            plan.set_body = True
        elif key == "published":
            plan.fields["published"] = normalise_date(raw)
        elif key == "title" and not raw.strip():
            raise ValidationError("a document needs a title")
        elif key is not None:
            plan.fields[key] = raw
        elif var is not None and var.coded:
            if not coded_ok:
                raise ValidationError(
                    f"{var.label!r} is answered by each coder: say whose answer (--annotator)"
                )
            plan.coded[var.id] = parse_variable_value(var, raw)
        elif var is not None:
            plan.values[var.id] = parse_variable_value(var, raw)
        else:
            unknown.append(name)
    if unknown:
        variables = ", ".join(v.id for v in codebook.variables) or "none in this codebook"
        raise ValidationError(
            f"unknown field {', '.join(repr(u) for u in unknown)}: use {', '.join(sorted(set(FIELDS)))} "
            f"or a document variable ({variables})"
        )
    return plan


def _update(tx: Project, document_id: str, fields: Mapping[str, str]) -> list[Change]:
    """``Project.update_document`` with the fields given by name."""
    return list(
        tx.update_document(
            document_id=document_id,
            title=fields.get("title", UNSET),
            source=fields.get("source", UNSET),
            author=fields.get("author", UNSET),
            url=fields.get("url", UNSET),
            published=fields.get("published", UNSET),
            language=fields.get("language", UNSET),
            memo=fields.get("memo", UNSET),
        )
    )


def _write(tx: Project, doc: DocumentInfo, plan: _Plan, annotator_id: str | None) -> list[Change]:
    changes: list[Change] = []
    if plan.fields:
        changes += _update(tx, doc.id, plan.fields)
    if plan.set_body:
        change = tx.set_document_body(document_id=doc.id, body=plan.body)
        if change.before != change.after:
            changes.append(change)
    for variable, value in plan.values.items():
        var_change = tx.set_document_value(document_id=doc.id, variable=variable, value=value)
        if var_change.before != var_change.after:
            changes.append(var_change)
    for variable, value in plan.coded.items():
        assert annotator_id is not None
        var_change = tx.set_coded_value(
            document_id=doc.id, annotator_id=annotator_id, variable=variable, value=value
        )
        if var_change.before != var_change.after:
            changes.append(var_change)
    return [c for c in changes if getattr(c, "before", None) != getattr(c, "after", None)]


def apply_metadata(
    project: Project,
    *,
    document_ids: Sequence[str],
    values: Mapping[str, str],
    annotator_id: str | None = None,
) -> list[Change]:
    """Set ``values`` (field or variable name -> text) on each document, as one undoable step.

    Coded variables are answered in ``annotator_id``'s layer. Everything is checked first; a
    refused value changes nothing. Returns the change records of what changed.
    """
    docs = {d.id: d for d in project.documents()}
    plans = []
    for doc_id in document_ids:
        doc = docs.get(doc_id)
        if doc is None:
            raise ValidationError(f"no document {doc_id}")
        plans.append((doc, _plan(project, doc, values, coded_ok=annotator_id is not None)))
    label = (
        "edit the document's details" if len(plans) == 1 else f"edit the details of {len(plans)} documents"
    )
    changes: list[Change] = []
    with project.transaction(label=label) as tx:
        for doc, plan in plans:
            changes += _write(tx, doc, plan, annotator_id)
    return changes


@dataclass
class MetadataReport:
    """What a metadata CSV did: documents changed, rows matching no document, the change records."""

    documents: int = 0
    unmatched: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def summary(self) -> str:
        def count(n: int, word: str) -> str:
            return f"{n} {word}" if n == 1 else f"{n} {word}s"

        text = f"{count(len(self.changes), 'change')} in {count(self.documents, 'document')}"
        if self.unmatched:
            text += f"; {count(len(self.unmatched), 'row')} matching no document"
        return text


def _read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    csv.field_size_limit(min(sys.maxsize, 1 << 30))  # memos and long titles (see KNOWN-TRAPS)
    try:
        raw = Path(path).read_bytes()
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(text.splitlines(), dialect=dialect)
    columns = [c.strip() for c in reader.fieldnames or []]
    rows = [{(k or "").strip(): (v or "") for k, v in row.items()} for row in reader]
    return columns, rows


def apply_metadata_csv(project: Project, path: Path, *, annotator_id: str | None = None) -> MetadataReport:
    """Apply a metadata CSV (one row per document; see the module's docstring) as one undoable step."""
    columns, rows = _read_csv(path)
    lower = {c.lower(): c for c in columns}
    id_column = next((lower[c] for c in ID_COLUMNS if c in lower), None)
    file_column = next((lower[c] for c in FILE_COLUMNS if c in lower), None)
    if id_column is None and file_column is None:
        raise ValidationError(
            f"{Path(path).name}: no column names the documents; add 'id' (the document id) or 'filename' "
            "(the file each was imported from)"
        )
    value_columns = [c for c in columns if c not in (id_column, file_column) and c]
    docs = project.documents()
    report = MetadataReport()
    plans = []
    for n, row in enumerate(rows, start=2):  # line 1 is the header
        key = (row.get(id_column or "") or "").strip() or (row.get(file_column or "") or "").strip()
        if not key:
            continue
        try:
            doc = find_document(project, key, docs)
        except ValidationError:
            report.unmatched.append(f"line {n}: {key}")
            continue
        values = {c: row.get(c, "") for c in value_columns if (row.get(c) or "").strip()}
        try:
            plans.append((doc, _plan(project, doc, values, coded_ok=annotator_id is not None)))
        except ValidationError as exc:
            raise ValidationError(f"{Path(path).name}, line {n}: {exc}") from exc
    with project.transaction(label=f"metadata from {Path(path).name}") as tx:
        for doc, plan in plans:
            changes = _write(tx, doc, plan, annotator_id)
            if changes:
                report.documents += 1
                report.changes += changes
    return report


def detect_metadata(
    project: Project, *, document_ids: Sequence[str] | None = None, overwrite: bool = False
) -> list[Change]:
    """Read the metadata again from each document's stored text, with the project's outlet table.

    Fills the fields that are empty (all of them with ``overwrite``) and sets the article body where
    none is set; a file's name counts as it did at import. One undoable step.
    """
    from annotator.importers.news import extract_news
    from annotator.importers.outlets import default_outlets

    outlets = default_outlets().with_project(project.outlet_names())
    wanted = None if document_ids is None else set(document_ids)
    changes: list[Change] = []
    with project.transaction(label="read the metadata again") as tx:
        for info in tx.documents():
            if wanted is not None and info.id not in wanted:
                continue
            doc = tx.document(info.id)
            news = extract_news(doc.text, filename=doc.original_filename, outlets=outlets)
            found = {
                "title": news.title,
                "source": news.source,
                "author": news.author,
                "url": news.url,
                "published": news.published,
                "language": news.language,
            }
            update = {
                k: v
                for k, v in found.items()
                if v and (overwrite or not getattr(doc, k)) and v != getattr(doc, k)
            }
            if "title" in update and not overwrite and doc.title not in ("", "Untitled"):
                update.pop("title")
            if update:
                changes += _update(tx, doc.id, update)
            if news.body is not None and (overwrite or doc.body is None) and news.body != doc.body:
                changes.append(tx.set_document_body(document_id=doc.id, body=news.body))
    return changes


def describe_document(project: Project, info: DocumentInfo) -> dict[str, Any]:
    """A document's metadata, body, memo and variables as plain values (for ``annotator meta``)."""
    from annotator.dataset import document_variables

    codebook = project.codebook
    names = {a.id: a.name for a in project.annotators()}
    fields = {"source": info.source, "author": info.author, "url": info.url, "published": info.published}
    fields["language"] = info.language
    set_values = project.document_values(document_id=info.id).get(info.id, {})
    start, end = info.body_span
    return {
        "id": info.id,
        "title": info.title,
        "outlet": info.source,
        "author": info.author,
        "date": info.published,
        "url": info.url,
        "language": info.language,
        "file": info.original_filename,
        "body": {"start": start, "end": end, "whole_text": info.body is None},
        "memo": info.memo,
        "variables": document_variables([v for v in codebook.variables if not v.coded], set_values, fields),
        "coded_variables": [
            {"annotator": names.get(v.annotator_id, v.annotator_id), "variable": v.variable, "value": v.value}
            for v in project.coded_values(document_id=info.id)
        ],
    }
