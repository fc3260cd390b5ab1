"""The dataset: the shared, codebook-compliant export, and its import and validation.

The JSON contract (``"format": "annotator-dataset"``, version 1) is described by
``resources/dataset.schema.json`` and in README.md. Analysts and colleagues rely on the field
names: add fields freely, never rename them.

Validation is written by hand rather than run through a generic JSON Schema engine: it must check
100,000 annotations in well under a second during an import, and it has to report codebook
compliance (categories, attribute values, quotes against the text) that a schema cannot express.
A test keeps it in step with the schema file.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from annotator.codebook import (
    check_variable_value,
    codebook_differences,
    codebook_from_dict,
    codebook_to_dict,
    derived_value,
    stored_version_conflict,
)
from annotator.dataset_migration import MigrationPlan, plan_migration
from annotator.domain import Annotation, Codebook, VariableDef
from annotator.errors import AnnotatorError, ImportRefused, ValidationError
from annotator.project import Project
from annotator.safe_write import atomic_write
from annotator.text import control_character_problem, nul_problem, text_sha256

DATASET_FORMAT = "annotator-dataset"
DATASET_VERSION = 1
EXPORT_FORMATS = ("json", "jsonl", "csv")
MAX_DATASET_BYTES = 1 << 30
_STATUSES = {"not_started", "in_progress", "done"}


def iso(dt: datetime | str | None) -> str | None:
    """ISO 8601 UTC with a ``Z``, microseconds kept so a round trip is exact.

    Also takes SQLite's stored text for a UTC timestamp (``2026-11-22 00:15:01.123456``), which
    the export reads raw: parsing and re-formatting 200,000 datetimes was a third of its time.
    """
    if dt is None:
        return None
    if isinstance(dt, str):
        if "." not in dt:
            dt += ".000000"
        return dt.replace(" ", "T", 1) + "Z"
    return dt.astimezone(UTC).replace(tzinfo=None).isoformat(timespec="microseconds") + "Z"


def parse_iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)


# -- building the dataset ---------------------------------------------------------------------------


def dataset_dict(project: Project, *, document_ids: set[str] | None = None) -> dict[str, Any]:
    """The whole project (or some documents) as the dataset's JSON object."""
    codebook = project.codebook
    rows = project.export_rows()
    annotators = [
        {
            k: v
            for k, v in (("id", r[0]), ("name", r[1]), ("kind", r[2]), ("adjudicated_by", r[3]))
            if v is not None
        }
        for r in rows.annotators
    ]
    # sorted here, not in SQL: a server's collation must not change the export's order
    annotators.sort(key=lambda a: (a["name"], a["id"]))
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for r in rows.annotations:
        by_doc.setdefault(r[0], []).append(
            {
                "id": r[1],
                "start": r[2],
                "end": r[3],
                "quote": r[4],
                "category": r[5],
                "annotator": r[6],
                "attributes": r[7] or {},
                "note": r[8],
                "codebook_version": r[9],
                "created": iso(r[10]),
                "modified": iso(r[11]),
                "origin": r[12] or None,
            }
        )
    for items in by_doc.values():  # ties broken in Python, for the same reason as annotators
        items.sort(key=lambda a: (a["start"], a["end"], a["id"]))
    descriptive = [v for v in codebook.variables if not v.coded]
    set_values: dict[str, dict[str, Any]] = {}
    for doc_id, variable, value in rows.document_values:
        set_values.setdefault(doc_id, {})[variable] = value
    coded: dict[str, list[dict[str, Any]]] = {}
    for doc_id, annotator_id, variable, value in rows.coded_values:
        coded.setdefault(doc_id, []).append({"annotator": annotator_id, "variable": variable, "value": value})
    for items_coded in coded.values():
        items_coded.sort(key=lambda c: (c["annotator"], c["variable"]))
    documents = []
    for r in rows.documents:
        if document_ids is not None and r[0] not in document_ids:
            continue
        text = r[7]
        body = (0, len(text)) if r[12] is None or r[13] is None else (r[12], r[13])
        fields = {"source": r[2], "author": r[3], "url": r[4], "published": r[5], "language": r[6]}
        documents.append(
            {
                "id": r[0],
                "title": r[1],
                "source": r[2],
                "author": r[3],
                "url": r[4],
                "published": r[5],
                "language": r[6],
                "text": text,
                "sha256": r[8],
                "status": r[9],
                "provenance": {"filename": r[10], "sha256": r[11]},
                "body": {"start": body[0], "end": body[1]},
                "memo": r[14] or "",
                "variables": document_variables(descriptive, set_values.get(r[0], {}), fields),
                "coded_variables": coded.get(r[0], []),
                "annotations": by_doc.get(r[0], []),
            }
        )
    return {
        "format": DATASET_FORMAT,
        "version": DATASET_VERSION,
        "exported": iso(datetime.now(UTC)),
        "codebook": codebook_to_dict(codebook),
        "memo": rows.memo,
        "annotators": annotators,
        "documents": documents,
    }


def document_variables(
    variables: Sequence[VariableDef], values: Mapping[str, Any], fields: Mapping[str, str]
) -> dict[str, Any]:
    """A document's descriptive variables: the value set for it, else the one its metadata gives.

    ``values`` are the values set for the document; ``fields`` its metadata by name (``source``,
    ``published``...), for variables filled from metadata (``from`` and ``map`` in the codebook).
    Variables with no value are left out.
    """
    out: dict[str, Any] = {}
    for var in variables:
        value = values.get(var.id)
        if value is None:
            value = derived_value(var, fields)
        if value is not None:
            out[var.id] = value
    return out


def csv_columns(codebook: Codebook) -> list[str]:
    """The CSV export's columns: ``var_<id>`` a document's descriptive variables, ``coded_<id>``
    the annotation's coder's answers to the coded ones, ``attr_<id>`` the span's attributes."""
    attrs: list[str] = []
    for cat in codebook.categories:
        for a in cat.attributes:
            if f"attr_{a.id}" not in attrs:
                attrs.append(f"attr_{a.id}")
    descriptive = [f"var_{v.id}" for v in codebook.variables if not v.coded]
    coded = [f"coded_{v.id}" for v in codebook.variables if v.coded]
    return [
        "document_id",
        "document_title",
        "source",
        "published",
        *descriptive,
        "category",
        "start",
        "end",
        "quote",
        "annotator_id",
        "annotator_name",
        *coded,
        *attrs,
        "note",
        "annotation_id",
        "codebook_version",
        "created",
        "modified",
        "origin",
    ]


def csv_rows(
    data: Mapping[str, Any],
    attribute_ids: Sequence[str],
    variable_ids: Sequence[str] = (),
    coded_ids: Sequence[str] = (),
) -> Iterator[list[Any]]:
    """One flat row per annotation in :func:`csv_columns` order, attributes as ``attr_<id>`` cells.

    Lists rather than dicts: ``csv.DictWriter`` looks every field up by name, which doubled the
    time of a 100,000-row export.
    """
    names = {a["id"]: a["name"] for a in data["annotators"]}
    for doc in data["documents"]:
        variables = doc.get("variables") or {}
        head = [
            doc["id"],
            doc["title"],
            doc["source"],
            doc["published"],
            *(variables.get(v, "") for v in variable_ids),
        ]
        answers: dict[str, dict[str, Any]] = {}
        for c in doc.get("coded_variables") or ():
            answers.setdefault(c["annotator"], {})[c["variable"]] = c["value"]
        for a in doc["annotations"]:
            attrs = a["attributes"]
            cells = [attrs.get(key, "") for key in attribute_ids] if attrs else [""] * len(attribute_ids)
            mine = answers.get(a["annotator"], {})
            yield [
                *head,
                a["category"],
                a["start"],
                a["end"],
                a["quote"],
                a["annotator"],
                names.get(a["annotator"], ""),
                *(mine.get(v, "") for v in coded_ids),
                *(json.dumps(c) if isinstance(c, bool) else c for c in cells),
                a["note"],
                a["id"],
                a["codebook_version"],
                a["created"],
                a["modified"],
                _origin_cell(a.get("origin")),
            ]


def _origin_cell(origin: Any) -> str:
    """The CSV's ``origin``: an accepted suggestion's source as compact JSON, empty when hand-made."""
    if not origin:
        return ""
    return json.dumps(origin, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def write_dataset(data: Mapping[str, Any], out: IO[str], fmt: str) -> None:
    if fmt == "json":
        json.dump(data, out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "jsonl":
        head = {k: data[k] for k in ("format", "version", "exported")}
        names = {a["id"]: a["name"] for a in data["annotators"]}
        for doc in data["documents"]:
            line = dict(
                head,
                codebook={"id": data["codebook"]["id"], "version": data["codebook"]["version"]},
                document=dict(
                    doc,
                    annotations=[
                        dict(a, annotator_name=names.get(a["annotator"], "")) for a in doc["annotations"]
                    ],
                ),
            )
            out.write(json.dumps(line, ensure_ascii=False))
            out.write("\n")
    elif fmt == "csv":
        codebook = codebook_from_dict(data["codebook"])
        columns = csv_columns(codebook)
        attribute_ids = [c.removeprefix("attr_") for c in columns if c.startswith("attr_")]
        variable_ids = [c.removeprefix("var_") for c in columns if c.startswith("var_")]
        coded_ids = [c.removeprefix("coded_") for c in columns if c.startswith("coded_")]
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(csv_rows(data, attribute_ids, variable_ids, coded_ids))
    else:
        raise ValidationError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")


def export_dataset(project: Project, path: Path, *, fmt: str = "json") -> dict[str, int]:
    """Export the project to ``path`` atomically; returns counts for the report."""
    if fmt not in EXPORT_FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}; use one of {', '.join(EXPORT_FORMATS)}")
    data = dataset_dict(project)
    try:
        atomic_write(Path(path), lambda fh: write_dataset(data, fh, fmt))
    except OSError as exc:
        raise AnnotatorError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return {
        "documents": len(data["documents"]),
        "annotations": sum(len(d["annotations"]) for d in data["documents"]),
        "annotators": len(data["annotators"]),
    }


def dataset_text(project: Project, *, fmt: str = "json") -> str:
    buf = io.StringIO()
    write_dataset(dataset_dict(project), buf, fmt)
    return buf.getvalue()


# -- validation -----------------------------------------------------------------------------------


@dataclass
class _Checker:
    problems: list[str] = field(default_factory=list)
    limit: int = 200

    def add(self, where: str, message: str) -> None:
        if len(self.problems) < self.limit:
            self.problems.append(f"{where}: {message}")

    def typed(
        self,
        obj: Mapping[str, Any],
        key: str,
        kind: type | tuple[type, ...],
        where: str,
        *,
        required: bool = True,
        nul_allowed: bool = False,
    ) -> Any:
        """``obj[key]`` when it has the type, else ``None`` and a problem; a string holding NUL is
        a problem too (SQLite's length() and C readers stop there), unless ``nul_allowed``."""
        if key not in obj:
            if required:
                self.add(where, f"missing {key!r}")
            return None
        value = obj[key]
        if (isinstance(value, bool) and kind is int) or not isinstance(value, kind):
            if value is None and not required:
                return None
            names = kind.__name__ if isinstance(kind, type) else " or ".join(k.__name__ for k in kind)
            self.add(
                f"{where}.{key}", f"expected {_json_type(names)}, got {_json_type(type(value).__name__)}"
            )
            return None
        if isinstance(value, str) and "\x00" in value and not nul_allowed and (problem := nul_problem(value)):
            self.add(f"{where}.{key}", problem)
        return value


def _json_type(name: str) -> str:
    return {
        "str": "a string",
        "int": "an integer",
        "dict": "an object",
        "list": "an array",
        "float": "a number",
        "bool": "true/false",
        "NoneType": "null",
    }.get(name, name)


def validate_dataset(data: Any) -> tuple[list[str], Codebook | None]:
    """Check a parsed dataset against the schema and its embedded codebook.

    Returns one line per problem, each saying where it is (``documents[2].annotations[7].quote``
    and the ids involved), and the embedded codebook when it is usable.
    """
    c = _Checker()
    if not isinstance(data, dict):
        return ["dataset: expected a JSON object at the top level"], None
    if data.get("format") != DATASET_FORMAT:
        c.add("format", f"expected {DATASET_FORMAT!r}, got {data.get('format')!r}")
    version = data.get("version")
    if version != DATASET_VERSION or isinstance(version, bool):
        c.add("version", f"expected {DATASET_VERSION}, got {version!r}")
    c.typed(data, "exported", str, "dataset")
    codebook: Codebook | None = None
    raw_cb = c.typed(data, "codebook", dict, "dataset")
    if raw_cb is not None:
        try:
            codebook = codebook_from_dict(raw_cb)
        except ValidationError as exc:
            c.add("codebook", str(exc))
    annotator_ids: set[str] = set()
    raw_annotators = c.typed(data, "annotators", list, "dataset")
    for i, a in enumerate(raw_annotators or []):
        where = f"annotators[{i}]"
        if not isinstance(a, dict):
            c.add(where, "expected an object")
            continue
        aid = c.typed(a, "id", str, where)
        c.typed(a, "name", str, where)
        c.typed(a, "adjudicated_by", str, where, required=False)
        if aid is not None:
            if aid in annotator_ids:
                c.add(f"{where}.id", f"duplicate annotator id {aid!r}")
            annotator_ids.add(aid)
    c.typed(data, "memo", str, "dataset", required=False)
    raw_docs = c.typed(data, "documents", list, "dataset")
    doc_ids: set[str] = set()
    ann_ids: set[str] = set()
    for i, d in enumerate(raw_docs or []):
        _check_document(c, d, i, codebook, annotator_ids, doc_ids, ann_ids)
    if len(c.problems) >= c.limit:
        c.problems.append("... more problems not shown")
    return c.problems, codebook


def _check_document(
    c: _Checker,
    d: Any,
    i: int,
    codebook: Codebook | None,
    annotator_ids: set[str],
    doc_ids: set[str],
    ann_ids: set[str],
) -> None:
    where = f"documents[{i}]"
    if not isinstance(d, dict):
        c.add(where, "expected an object")
        return
    did = c.typed(d, "id", str, where)
    if did is not None:
        where = f"documents[{i}] ({did})"
        if did in doc_ids:
            c.add(f"{where}.id", "duplicate document id")
        doc_ids.add(did)
    for key in ("title", "source", "url", "published"):
        c.typed(d, key, str, where)
    for key in ("author", "language"):
        c.typed(d, key, str, where, required=False)
    status = d.get("status")
    if status is not None and (not isinstance(status, str) or status not in _STATUSES):
        c.add(f"{where}.status", f"unknown status {status!r}")
    provenance = d.get("provenance")
    if isinstance(provenance, dict):
        for key in ("filename", "sha256"):
            c.typed(provenance, key, str, f"{where}.provenance", required=False)
    elif "provenance" in d:
        c.add(f"{where}.provenance", "expected an object")
    text = c.typed(d, "text", str, where, nul_allowed=True)  # checked with the other controls
    sha = c.typed(d, "sha256", str, where)
    if text is not None and sha is not None and text_sha256(text) != sha:
        c.add(f"{where}.sha256", "does not match the SHA-256 of the text")
    if text is not None and "\r" in text:
        c.add(f"{where}.text", "contains CR characters; line endings must be LF")
    problem = None if text is None else control_character_problem(text, cr_allowed=True)
    if problem is not None:
        c.add(f"{where}.text", problem)
    c.typed(d, "memo", str, where, required=False)
    body = c.typed(d, "body", dict, where, required=False)
    if body is not None:
        start = c.typed(body, "start", int, f"{where}.body")
        end = c.typed(body, "end", int, f"{where}.body")
        if text is not None and start is not None and end is not None and not 0 <= start < end <= len(text):
            c.add(f"{where}.body", f"[{start}, {end}) is not a range inside the text (length {len(text)})")
    _check_variables(c, d, where, codebook, annotator_ids)
    anns = c.typed(d, "annotations", list, where)
    for j, a in enumerate(anns or []):
        _check_annotation(c, a, f"{where}.annotations[{j}]", text, codebook, annotator_ids, ann_ids)


def _check_variables(
    c: _Checker, d: Mapping[str, Any], where: str, codebook: Codebook | None, annotator_ids: set[str]
) -> None:
    """A document's descriptive ``variables`` and its ``coded_variables`` against the codebook."""
    values = c.typed(d, "variables", dict, where, required=False)
    for key, value in (values or {}).items():
        var = codebook.variable(key) if codebook is not None else None
        if codebook is not None and (var is None or var.coded):
            c.add(f"{where}.variables", f"{key!r} is not a descriptive variable of the codebook")
        elif var is not None and (problem := check_variable_value(var, value)) is not None:
            c.add(f"{where}.variables", problem)
    coded = c.typed(d, "coded_variables", list, where, required=False)
    seen: set[tuple[str, str]] = set()
    for j, item in enumerate(coded or []):
        here = f"{where}.coded_variables[{j}]"
        if not isinstance(item, dict):
            c.add(here, "expected an object")
            continue
        annotator = c.typed(item, "annotator", str, here)
        variable = c.typed(item, "variable", str, here)
        if "value" not in item:
            c.add(here, "missing 'value'")
        if annotator is not None and annotator not in annotator_ids:
            c.add(f"{here}.annotator", f"{annotator!r} is not listed in annotators")
        if variable is None:
            continue
        if (annotator or "", variable) in seen:
            c.add(here, f"a second answer of {annotator!r} to {variable!r}")
        seen.add((annotator or "", variable))
        var = codebook.variable(variable) if codebook is not None else None
        if codebook is not None and (var is None or not var.coded):
            c.add(f"{here}.variable", f"{variable!r} is not a coded variable of the codebook")
        elif var is not None and "value" in item:
            if item["value"] is None:
                c.add(f"{here}.value", "expected a value")
            elif (problem := check_variable_value(var, item["value"])) is not None:
                c.add(f"{here}.value", problem)


def _check_annotation(
    c: _Checker,
    a: Any,
    where: str,
    text: str | None,
    codebook: Codebook | None,
    annotator_ids: set[str],
    ann_ids: set[str],
) -> None:
    if not isinstance(a, dict):
        c.add(where, "expected an object")
        return
    aid = c.typed(a, "id", str, where)
    if aid is not None:
        if aid in ann_ids:
            c.add(f"{where}.id", f"duplicate annotation id {aid!r}")
        ann_ids.add(aid)
    start = c.typed(a, "start", int, where)
    end = c.typed(a, "end", int, where)
    quote = c.typed(a, "quote", str, where)
    category = c.typed(a, "category", str, where)
    annotator = c.typed(a, "annotator", str, where)
    attributes = c.typed(a, "attributes", dict, where)
    c.typed(a, "note", str, where, required=False)
    c.typed(a, "codebook_version", str, where, required=False)
    origin = a.get("origin")
    if origin is not None and not (
        isinstance(origin, dict) and all(isinstance(v, str) for v in origin.values())
    ):
        c.add(f"{where}.origin", "expected an object of texts (suggester, version, rule) or null")
    if annotator is not None and annotator not in annotator_ids:
        c.add(f"{where}.annotator", f"{annotator!r} is not listed in annotators")
    if text is not None and start is not None and end is not None:
        if not 0 <= start < end <= len(text):
            c.add(where, f"span [{start}, {end}) is outside the text (length {len(text)}) or empty")
        elif quote is not None and text[start:end] != quote:
            c.add(
                f"{where}.quote",
                f"{quote[:30]!r} does not match the text at [{start}, {end}): {text[start:end][:30]!r}",
            )
    if codebook is not None and category is not None:
        cat = codebook.category(category)
        if cat is None:
            c.add(f"{where}.category", f"{category!r} is not in the codebook")
        elif attributes:
            from annotator.codebook import check_attribute_values

            for problem in check_attribute_values(codebook, category, attributes):
                c.add(f"{where}.attributes", problem)


# -- reading and importing -------------------------------------------------------------------------


def read_dataset_file(path: Path) -> Any:
    """Parse a dataset file, refusing unreadable, oversized or non-JSON input with one line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_DATASET_BYTES:
            raise ImportRefused(f"{path.name}: too large for a dataset ({size // (1 << 20)} MB)")
        raw = path.read_bytes()
    except OSError as exc:
        raise ImportRefused(f"{path.name}: cannot read ({exc.strerror or exc})") from exc
    if not raw.strip():
        raise ImportRefused(f"{path.name}: the file is empty")
    try:
        text = raw.decode("utf-8-sig")
        data = json.loads(text)
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{path.name}: not UTF-8 text (byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ImportRefused(
            f"{path.name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from exc
    except RecursionError as exc:
        raise ImportRefused(f"{path.name}: JSON nested too deeply") from exc
    except ValueError as exc:  # an integer literal longer than Python converts (4,300 digits)
        raise ImportRefused(f"{path.name}: not valid JSON (a number with too many digits)") from exc
    # "\ud800" is valid JSON but half a character, which no UTF-8 file or database can hold.
    if _SURROGATE_ESCAPE.search(text) and _has_lone_surrogate(data):
        raise ImportRefused(f"{path.name}: not valid text (a \\u escape gives half a character)")
    return data


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _has_lone_surrogate(data: Any) -> bool:
    """Whether any string (or key) in parsed JSON holds a surrogate that is not part of a pair."""
    stack = [data]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _LONE_SURROGATE.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


@dataclass(frozen=True)
class DatasetImportResult:
    documents_added: int
    documents_existing: int
    annotations_added: int
    annotations_existing: int
    annotators_added: int
    codebook_adopted: bool
    codebook_differences: tuple[str, ...] = ()
    migration: MigrationPlan | None = None
    """The plan applied when the dataset was migrated from another codebook version."""

    def summary(self) -> str:
        parts = [
            f"{self.documents_added} documents added ({self.documents_existing} already there)",
            f"{self.annotations_added} annotations added ({self.annotations_existing} already there)",
            f"{self.annotators_added} annotators added",
        ]
        if self.codebook_adopted:
            parts.append("codebook adopted")
        if self.migration is not None:
            parts.append(
                f"migrated from codebook version {self.migration.theirs}: {self.migration.changed_summary()}"
            )
        return ", ".join(parts)


def import_dataset_data(
    project: Project, data: Any, *, name: str = "dataset", migrate: bool = False
) -> DatasetImportResult:
    """Import a parsed dataset: all of it or, when anything is wrong, nothing.

    A dataset made under another version of the project's codebook is refused with a one-line
    hint unless ``migrate``: then the plan of :func:`annotator.dataset_migration.plan_migration`
    is applied in the same transaction (its spans recoded, dropped attributes taken off; a newer
    version's codebook adopted first), or the import is refused whole, listing the spans it
    cannot migrate.
    """
    problems, codebook = validate_dataset(data)
    if problems or codebook is None:
        raise ImportRefused(f"{name}: invalid dataset ({len(problems)} problems)", problems)
    current = project.codebook
    check_codebook_version(project, codebook, name=name)
    adopt = project.is_empty()
    differences: list[str] = []
    plan: MigrationPlan | None = None
    if not adopt:
        if codebook.id != current.id:
            raise ImportRefused(
                f"{name}: codebook {codebook.id!r} is not this project's codebook {current.id!r}"
            )
        if codebook.version != current.version:
            differences = codebook_differences(current, codebook)
            plan = plan_migration(project, codebook, data)
            if not migrate:
                raise ImportRefused(f"{name}: {plan.heading()}; {MIGRATE_HINT}")
            if not plan.can_migrate:
                count = sum(len(u.spans) for u in plan.unresolved)
                raise ImportRefused(
                    f"{name}: cannot migrate {count} span{'s' if count != 1 else ''} "
                    f"to codebook version {current.version}",
                    [line.strip() for line in plan.plan_lines() if line.startswith(("cannot", "  "))],
                )
            if plan.adopt is None:
                data = plan.apply(data)
        if plan is None or plan.adopt is None:
            skipped = plan.already if plan is not None else frozenset()
            used = {
                a["category"] for d in data["documents"] for a in d["annotations"] if a["id"] not in skipped
            }
            unknown = sorted(used - set(current.category_ids))
            if unknown:
                raise ImportRefused(
                    f"{name}: categories not in this project's codebook: {', '.join(unknown)}"
                )
            problems = _variables_unknown_here(data, current)
            if problems:
                raise ImportRefused(f"{name}: {problems[0]}", problems)
    memo = data.get("memo") if isinstance(data.get("memo"), str) else ""
    with project.transaction(record=False) as tx:
        if adopt and codebook != current:
            tx.set_codebook(codebook=codebook)
        if plan is not None and plan.adopt is not None:
            try:
                tx.set_codebook(codebook=plan.adopt)
            except ValidationError as exc:
                raise ImportRefused(
                    f"{name}: cannot adopt its codebook version {codebook.version}: {exc}"
                ) from exc
        result = _insert(tx, data, adopt=adopt, differences=differences, codebook=tx.codebook)
        if memo and not tx.project_memo():  # the project's own memo is never replaced
            tx.set_project_memo(text=memo)
    return replace(result, migration=plan) if plan is not None else result


MIGRATE_HINT = (
    "import it with --migrate to bring its coding to this project's version (--dry-run shows the plan)"
)


def dataset_migration_plan(project: Project, path: Path) -> MigrationPlan | None:
    """The migration plan for a dataset file made under another version of the project's codebook.

    ``None`` when the import needs none (the same version, an empty project that adopts it) or
    would be refused for another reason, which the import itself then gives.
    """
    try:
        data = read_dataset_file(path)
    except ImportRefused:
        return None
    return migration_plan_for(project, data)


def migration_plan_for(project: Project, data: Any) -> MigrationPlan | None:
    """:func:`dataset_migration_plan` for a parsed dataset."""
    problems, codebook = validate_dataset(data)
    if problems or codebook is None or project.is_empty():
        return None
    current = project.codebook
    if codebook.id != current.id or codebook.version == current.version:
        return None
    return plan_migration(project, codebook, data)


def _variables_unknown_here(data: Mapping[str, Any], current: Codebook) -> list[str]:
    """Document variables the dataset uses that this project's codebook lacks (or has of another kind)."""
    problems: list[str] = []
    for d in data["documents"]:
        for key, value in (d.get("variables") or {}).items():
            var = current.variable(key)
            if var is None or var.coded:
                problems.append(f"the descriptive variable {key!r} is not in this project's codebook")
            elif (problem := check_variable_value(var, value)) is not None:
                problems.append(problem)
        for item in d.get("coded_variables") or ():
            var = current.variable(item["variable"])
            if var is None or not var.coded:
                problems.append(f"the coded variable {item['variable']!r} is not in this project's codebook")
            elif (problem := check_variable_value(var, item["value"])) is not None:
                problems.append(problem)
    return list(dict.fromkeys(problems))


def check_codebook_version(project: Project, codebook: Codebook, *, name: str) -> None:
    """Refuse a dataset whose codebook has the id and version of one in the project, but other content.

    Its annotations were made under other definitions than ours that carry the same version;
    adopting it would change what our annotations mean, and merging it would hide the difference.
    """
    stored = project.stored_codebook(codebook.id, codebook.version)
    conflict = None if stored is None else stored_version_conflict(stored, codebook)
    if conflict is not None:
        raise ImportRefused(f"{name}: {conflict}")


def _insert(
    project: Project, data: Mapping[str, Any], *, adopt: bool, differences: list[str], codebook: Codebook
) -> DatasetImportResult:
    known = project.known_ids()
    descriptive = {v.id: v for v in codebook.variables if not v.coded}
    new_values: list[dict[str, Any]] = []
    new_coded: list[dict[str, Any]] = []
    known_annotators = known.annotators
    doc_by_sha = dict(known.documents_by_sha256)
    known_annotations = set(known.annotations)
    now = datetime.now(UTC)
    new_annotators = [
        {
            "id": a["id"],
            "name": a["name"],
            "kind": a.get("kind") if a.get("kind") in ("coder", "adjudicated") else "coder",
            "adjudicated_by": a.get("adjudicated_by"),
            "created_at": now,
        }
        for a in data["annotators"]
        if a["id"] not in known_annotators
    ]
    known_doc_ids = set(doc_by_sha.values())
    new_docs: list[dict[str, Any]] = []
    new_anns: list[Annotation] = []
    existing_docs = existing_anns = 0
    for d in data["documents"]:
        target = doc_by_sha.get(d["sha256"])
        if target is None and d["id"] in known_doc_ids:
            raise ImportRefused(f"document {d['id']} exists in this project with a different text")
        if target is None:
            target = d["id"]
            prov = d.get("provenance") if isinstance(d.get("provenance"), dict) else {}
            body = d.get("body") if isinstance(d.get("body"), dict) else None
            whole = body is None or (body["start"], body["end"]) == (0, len(d["text"]))
            new_docs.append(
                {
                    "id": d["id"],
                    "title": d["title"],
                    "source": d["source"],
                    "author": d.get("author") or "",
                    "url": d["url"],
                    "published": d["published"],
                    "language": d.get("language") or "",
                    "text": d["text"],
                    "sha256": d["sha256"],
                    "status": d.get("status") or "not_started",
                    "original_filename": str(prov.get("filename") or ""),
                    "original_sha256": str(prov.get("sha256") or ""),
                    "imported_at": now,
                    "body_start": None if whole or body is None else body["start"],
                    "body_end": None if whole or body is None else body["end"],
                    "memo": d.get("memo") or "",
                }
            )
            doc_by_sha[d["sha256"]] = target
            known_doc_ids.add(target)
        else:
            existing_docs += 1
        fields = {k: d.get(k) or "" for k in ("source", "author", "url", "published", "language")}
        for key, value in (d.get("variables") or {}).items():
            var = descriptive.get(key)
            # a value the metadata gives is not stored: it follows the metadata, as it did there
            if var is None or (target, key) in known.document_values or derived_value(var, fields) == value:
                continue
            known.document_values.add((target, key))
            new_values.append({"document_id": target, "variable": key, "value": value})
        for item in d.get("coded_variables") or ():
            key3 = (target, item["annotator"], item["variable"])
            if key3 in known.coded_values:
                continue
            known.coded_values.add(key3)
            new_coded.append(
                {
                    "document_id": target,
                    "annotator_id": item["annotator"],
                    "variable": item["variable"],
                    "value": item["value"],
                    "codebook_version": codebook.version,
                }
            )
        for a in d["annotations"]:
            if a["id"] in known_annotations:
                existing_anns += 1
                continue
            known_annotations.add(a["id"])
            created = parse_iso(a.get("created")) or now
            new_anns.append(
                Annotation(
                    id=a["id"],
                    document_id=target,
                    annotator_id=a["annotator"],
                    start=a["start"],
                    end=a["end"],
                    quote=a["quote"],
                    category=a["category"],
                    attributes=a["attributes"],
                    note=a.get("note") or "",
                    codebook_version=a.get("codebook_version") or "",
                    created=created,
                    modified=parse_iso(a.get("modified")) or created,
                    origin=a.get("origin") or None,
                )
            )
    project.bulk_insert(
        annotators=new_annotators,
        documents=new_docs,
        annotations=new_anns,
        document_values=new_values,
        coded_values=new_coded,
    )
    return DatasetImportResult(
        documents_added=len(new_docs),
        documents_existing=existing_docs,
        annotations_added=len(new_anns),
        annotations_existing=existing_anns,
        annotators_added=len(new_annotators),
        codebook_adopted=adopt,
        codebook_differences=tuple(differences),
    )


def import_dataset(project: Project, path: Path, *, migrate: bool = False) -> DatasetImportResult:
    """Import a dataset file into ``project`` (all or nothing; ``migrate``: see import_dataset_data)."""
    data = read_dataset_file(path)
    return import_dataset_data(project, data, name=Path(path).name, migrate=migrate)


#: Project files (a coder's package, a colleague's project): imported like a dataset.
PROJECT_SUFFIXES = (".sqlite",)


def import_project_file(project: Project, path: Path, *, migrate: bool = False) -> DatasetImportResult:
    """Merge another project file (a coder's package) into ``project``, through its dataset.

    The file is opened read-only with every check a received file gets. Ids are kept, so merging
    the same package again adds nothing; the coder's progress on their assigned documents (done,
    in progress) is carried over to the assignments here.
    """
    path = Path(path)
    if project.path is not None and path.resolve() == project.path.resolve():
        raise ImportRefused(f"{path.name}: this is the open project itself")
    with Project.open(path, create=False, readonly=True) as other:
        data = dataset_dict(other)
        progress = other.assignments()
    result = import_dataset_data(project, data, name=path.name, migrate=migrate)
    here = {(a.document_id, a.coder_id): a for a in project.assignments()}
    for a in progress:
        mine = here.get((a.document_id, a.coder_id))
        if mine is not None and mine.status is not a.status:
            project.set_assignment_status(document_id=a.document_id, coder_id=a.coder_id, status=a.status)
    return result


def validate_file(path: Path) -> tuple[int, list[str]]:
    """Exit status and problem lines for ``annotator validate``: 0 valid, 1 invalid, 2 unreadable."""
    try:
        data = read_dataset_file(path)
    except ImportRefused as exc:
        return 2, [str(exc)]
    problems, _ = validate_dataset(data)
    return (1 if problems else 0), problems
