"""doccano sequence-labelling JSONL: ``{"text": ..., "label": [[start, end, "LABEL"], ...]}`` per line.

Units: doccano's web editor counts UTF-16 code units (JavaScript string indexes; doccano issue
2290 "Sequence labels are TypeScript/JavaScript-style"), so offsets are converted both ways. A
record whose offsets cannot be UTF-16 units (one falls inside an emoji's surrogate pair, or past
the end) but fit as code points (files written by Python scripts) is read as code points, with a
warning. The project option "count grapheme clusters as one character" is not supported.

Export (``.jsonl``)
    One line per document and coder: ``text``, ``label`` (``[start, end, "Category label"]``),
    ``annotator`` (the coder's name), ``title`` and ``document_id`` (doccano keeps extra keys as
    metadata). A document nobody coded is one line with an empty ``label``.

Import (``.jsonl``, or ``.json`` holding one object or an array)
    ``label`` tuples and ``entities`` (objects with ``start_offset`` / ``end_offset`` / ``label``,
    or old-style tuples). A record without ``text`` is skipped with a warning, as doccano does.
    ``annotator`` / ``user`` / ``username`` name the coder (default ``doccano import``); relations,
    document-level labels and comments are left out with a warning. A file that is one JSON
    object spread over many lines (doccano's own relation example) is read as one record.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.errors import ImportRefused
from annotator.formats.common import (
    ForeignData,
    ForeignDocument,
    ForeignSpan,
    Problems,
    annotator_names,
    category_labels,
    read_file_bytes,
    refuse,
)
from annotator.formats.offsets import Utf16Index

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "doccano"
DEFAULT_ANNOTATOR = "doccano import"


def write(data: Mapping[str, Any]) -> bytes:
    """The project as doccano JSONL (see the module docstring)."""
    names = annotator_names(data)
    labels = category_labels(data)
    lines: list[str] = []
    for doc in data["documents"]:
        index = Utf16Index(doc["text"])
        by_coder: dict[str, list[list[Any]]] = {}
        for a in doc["annotations"]:
            by_coder.setdefault(a["annotator"], []).append(
                [
                    index.to_utf16(a["start"]),
                    index.to_utf16(a["end"]),
                    labels.get(a["category"], a["category"]),
                ]
            )
        groups = sorted(by_coder.items(), key=lambda kv: names.get(kv[0], kv[0])) or [("", [])]
        for coder, spans in groups:
            record: dict[str, Any] = {"text": doc["text"], "label": spans}
            if coder:
                record["annotator"] = names.get(coder, coder)
            record["title"] = doc["title"]
            record["document_id"] = doc["id"]
            lines.append(json.dumps(record, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def _records(raw: str, name: str) -> list[tuple[str, Any]]:
    """``(where, record)`` pairs: one JSON object per line, else the whole file as one JSON value.

    Lines come first so that messages name lines; a file that is not JSON Lines (an array, or one
    object pretty-printed over many lines) is then read whole.
    """
    if not raw.strip():
        raise ImportRefused(f"{name}: the file is empty")
    records: list[tuple[str, Any]] = []
    first_error: ImportRefused | None = None
    for number, line in enumerate(raw.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except json.JSONDecodeError as exc:
            first_error = refuse(name, f"line {number}, column {exc.colno}", f"not valid JSON ({exc.msg})")
            break
        except RecursionError as exc:
            raise refuse(name, f"line {number}", "JSON nested too deeply") from exc
        records.append((f"line {number}", value))
    if first_error is None and all(isinstance(r, dict) for _, r in records):
        return records
    try:
        whole = json.loads(raw)
    except (json.JSONDecodeError, RecursionError):
        whole = None
    if isinstance(whole, list):
        return [(f"record {i + 1}", r) for i, r in enumerate(whole)]
    if isinstance(whole, dict):
        return [("record 1", whole)]
    if first_error is not None:
        raise first_error
    return records


def _triples(
    record: Mapping[str, Any], where: str, problems: Problems, skipped: Counter[str]
) -> list[tuple[int, int, str]]:
    triples: list[tuple[int, int, str]] = []
    items: list[Any] = []
    for key in ("label", "labels", "entities"):
        if key in record:
            value = record[key]
            if not isinstance(value, list):
                problems.add(where, f"{key!r} must be an array")
                continue
            items.extend(value)
    for item in items:
        if isinstance(item, str):
            skipped["document-level labels"] += 1
            continue
        if isinstance(item, dict):
            start, end, label = item.get("start_offset"), item.get("end_offset"), item.get("label")
        elif isinstance(item, list) and len(item) >= 3:
            start, end, label = item[0], item[1], item[2]
        else:
            problems.add(
                where, f"a label must be [start, end, label] or an entity object, not {json.dumps(item)[:60]}"
            )
            continue
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or isinstance(start, bool)
            or isinstance(end, bool)
            or not isinstance(label, str)
        ):
            problems.add(
                where, f"bad span {json.dumps(item)[:60]}: start and end must be integers, label a string"
            )
            continue
        triples.append((start, end, label))
    return triples


def _units(text: str, triples: list[tuple[int, int, str]]) -> tuple[list[tuple[int, int, str]] | None, bool]:
    """The spans in code points, and whether they had to be read as code points instead of UTF-16."""
    index = Utf16Index(text)
    try:
        return [(index.from_utf16(s), index.from_utf16(e), label) for s, e, label in triples], False
    except ValueError:
        pass
    if all(0 <= s <= e <= len(text) for s, e, _ in triples):
        return triples, True
    return None, False


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A doccano JSONL file (see the module docstring)."""
    name = path.name
    raw_bytes = read_file_bytes(path)
    try:
        raw = raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw_bytes[: exc.start].count(b"\n") + 1
        raise refuse(name, f"line {line}", f"not UTF-8 text (byte {exc.start})") from exc
    problems = Problems(name)
    skipped: Counter[str] = Counter()
    data = ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR)
    for where, record in _records(raw, name):
        if not isinstance(record, dict):
            problems.add(where, "expected a JSON object")
            continue
        text = record.get("text")
        if not isinstance(text, str):
            data.warnings.append(f"{name}: {where}: no 'text'; skipped (as doccano does)")
            continue
        if record.get("relations"):
            skipped["relations"] += len(record["relations"]) if isinstance(record["relations"], list) else 1
        if record.get("Comments") or record.get("comments"):
            skipped["comments"] += 1
        triples = _triples(record, where, problems, skipped)
        spans, as_code_points = _units(text, triples)
        if spans is None:
            problems.add(where, f"offsets are outside the text (length {len(text)} code points)")
            continue
        if as_code_points:
            data.warnings.append(f"{name}: {where}: offsets are not UTF-16 units; read as code points")
        who = next(
            (
                str(record[k])
                for k in ("annotator", "user", "username")
                if isinstance(record.get(k), str | int)
            ),
            "",
        )
        title = record.get("title") if isinstance(record.get("title"), str) else f"{Path(name).stem} {where}"
        doc = ForeignDocument(text=text, name=f"{name}: {where}", title=str(title))
        for start, end, label in spans:
            doc.spans.append(
                ForeignSpan(start=start, end=end, label=label, where=f"{name}: {where}", annotator=who)
            )
        data.documents.append(doc)
    problems.raise_if_any()
    if skipped:
        data.warnings.append(
            f"{name}: left out: " + ", ".join(f"{n} {w}" for w, n in sorted(skipped.items()))
        )
    return data
