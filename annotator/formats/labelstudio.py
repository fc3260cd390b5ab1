"""Label Studio JSON tasks: ``[{"data": {"text": ...}, "annotations": [{"result": [...]}]}]``.

Units: ``value.start`` / ``value.end`` of a ``labels`` region. Label Studio counted UTF-16 code
units (JavaScript string indexes) until its editor switched to code points (label-studio-frontend
"text with emoji breaks region offsets"; the editor's test "NER - Emoji - Text: Should calculate
offsets by code points in text"). We write code points, as current Label Studio does; on import
each region's ``value.text`` decides: code points if it matches there, else UTF-16 units if it
matches there (files from older versions), else the file is refused with the place. A region
without ``value.text`` is read as code points.

Export (``.json``)
    One task per document (``data.text`` plus ``title``, ``source``, ``url``, ``published`` and
    ``document_id``), one annotation per coder (``completed_by`` names the coder:
    ``{"id", "email", "first_name", "last_name"}``; Label Studio and its SDK's converters tell
    annotators apart by ``email``, so each coder gets a stable email-shaped identifier,
    ``<annotator id>@annotator.invalid``, see :func:`coder_email`), one ``labels`` region per span
    (``from_name: "label"``, ``to_name: "text"``, the category's *label* as the region label,
    the quote in ``value.text``), the note in the region's ``meta.text`` (Label Studio's region
    note), attributes as per-region results (``from_name`` = the attribute id; ``choices`` for
    choice and boolean attributes, ``textarea`` for text and numbers) sharing the region's id.
    The labelling config to use is ``<Labels name="label" toName="text">`` over
    ``<Text name="text" value="$text"/>``, plus one per-region control per attribute.

Import (a task list or a single task, ``.json``)
    ``annotations`` become spans of their ``completed_by`` coder (a number becomes
    ``Label Studio user N``; an email of ours gives back the coder's layer when the project has
    it), ``predictions`` spans of a coder named after ``model_version``;
    cancelled annotations are left out. Each label of a region is one span. Per-region results
    become attributes, ``meta.text`` the note. Other result types (task-level choices, relations,
    HyperText/XPath regions) are left out with a warning.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from annotator.codebook import codebook_from_dict
from annotator.errors import ImportRefused
from annotator.formats.common import (
    ForeignData,
    ForeignDocument,
    ForeignSpan,
    Problems,
    annotator_names,
    category_labels,
    derived_id,
    load_json,
    read_file_bytes,
    short,
)
from annotator.formats.offsets import Utf16Index

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "labelstudio"
DEFAULT_ANNOTATOR = "Label Studio import"
#: The domain of the coders' email-shaped identifiers: ``.invalid`` is reserved (RFC 2606), so no
#: mail can ever go there.
EMAIL_DOMAIN = "annotator.invalid"
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_META_FIELDS = ("title", "source", "author", "url", "published", "language")


def region_id(annotation_id: str) -> str:
    """A short, stable region id (Label Studio uses 10-character ids)."""
    return derived_id("labelstudio-region", annotation_id).replace("-", "")[:10]


def coder_email(annotator_id: str) -> str:
    """The coder's identifier for Label Studio: ``<annotator id>@annotator.invalid``.

    Stable (it depends on the layer's id only, so renaming a coder does not make them someone
    else), one per coder, and read back by :func:`read`. An id that is not a UUID (none of ours
    is) gets a hash of it instead, which is still stable but names no layer on import.
    """
    if _UUID.match(annotator_id):
        return f"{annotator_id}@{EMAIL_DOMAIN}"
    return f"coder-{derived_id('labelstudio-coder', annotator_id).replace('-', '')[:20]}@{EMAIL_DOMAIN}"


def _layer_of(email: Any) -> str | None:
    """The annotator id in an email written by :func:`coder_email`, or ``None``."""
    if not isinstance(email, str):
        return None
    local, _, domain = email.strip().lower().rpartition("@")
    return local if domain == EMAIL_DOMAIN and _UUID.match(local) else None


# -- writing -------------------------------------------------------------------------------------------


def write(data: Mapping[str, Any]) -> bytes:
    """The project as a Label Studio task list (see the module docstring)."""
    names = annotator_names(data)
    labels = category_labels(data)
    codebook = codebook_from_dict(data["codebook"])
    coder_numbers = {aid: n for n, aid in enumerate(sorted(names, key=lambda a: names[a]), start=1)}
    tasks: list[dict[str, Any]] = []
    annotation_number = 0
    for index, doc in enumerate(data["documents"]):
        task_data: dict[str, Any] = {"text": doc["text"]}
        for key in _META_FIELDS:
            if doc.get(key):
                task_data[key] = doc[key]
        task_data["document_id"] = doc["id"]
        by_coder: dict[str, list[dict[str, Any]]] = {}
        for a in doc["annotations"]:
            by_coder.setdefault(a["annotator"], []).append(a)
        annotations = []
        for coder, spans in sorted(by_coder.items(), key=lambda kv: names.get(kv[0], kv[0])):
            annotation_number += 1
            result: list[dict[str, Any]] = []
            for a in spans:
                rid = region_id(a["id"])
                place = {"start": a["start"], "end": a["end"]}
                region: dict[str, Any] = {
                    "id": rid,
                    "from_name": "label",
                    "to_name": "text",
                    "type": "labels",
                    "origin": "manual",
                    "value": {
                        **place,
                        "text": a["quote"],
                        "labels": [labels.get(a["category"], a["category"])],
                    },
                }
                if a.get("note"):
                    region["meta"] = {"text": [a["note"]]}
                result.append(region)
                category = codebook.category(a["category"])
                for key, value in a["attributes"].items():
                    attr = category.attribute(key) if category is not None else None
                    shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
                    if attr is not None and attr.type in ("choice", "boolean"):
                        kind, payload = "choices", {"choices": [shown]}
                    else:
                        kind, payload = "textarea", {"text": [shown]}
                    result.append(
                        {
                            "id": rid,
                            "from_name": key,
                            "to_name": "text",
                            "type": kind,
                            "value": {**place, **payload},
                        }
                    )
            created = min((a["created"] for a in spans if a.get("created")), default=None)
            updated = max((a["modified"] for a in spans if a.get("modified")), default=None)
            annotations.append(
                {
                    "id": annotation_number,
                    "completed_by": {
                        "id": coder_numbers.get(coder, 0),
                        "email": coder_email(coder),
                        "first_name": names.get(coder, coder),
                        "last_name": "",
                    },
                    "result": result,
                    "was_cancelled": False,
                    "ground_truth": False,
                    "created_at": created,
                    "updated_at": updated,
                }
            )
        tasks.append({"id": index + 1, "data": task_data, "annotations": annotations, "predictions": []})
    return (json.dumps(tasks, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- reading -------------------------------------------------------------------------------------------


def _coder(value: Any) -> str:
    if isinstance(value, bool):
        return ""
    if isinstance(value, int):
        return f"Label Studio user {value}"
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        full = " ".join(str(value.get(k) or "").strip() for k in ("first_name", "last_name")).strip()
        if full:
            return full
        for key in ("email", "username", "id"):
            if value.get(key) not in (None, ""):
                return str(value[key]) if key != "id" else f"Label Studio user {value[key]}"
    return ""


def _task_text(task_data: Mapping[str, Any]) -> str | None:
    if isinstance(task_data.get("text"), str):
        return str(task_data["text"])
    strings = [v for v in task_data.values() if isinstance(v, str)]
    return strings[0] if len(strings) == 1 else None


def _attribute_value(region: Mapping[str, Any]) -> Any:
    value = region.get("value")
    if not isinstance(value, dict):
        return None
    for key in ("choices", "text", "taxonomy"):
        if isinstance(value.get(key), list) and value[key]:
            items = [str(v) if not isinstance(v, list) else "/".join(map(str, v)) for v in value[key]]
            return items[0] if len(items) == 1 else "; ".join(items)
    for key in ("number", "rating"):
        if isinstance(value.get(key), int | float) and not isinstance(value.get(key), bool):
            return value[key]
    return None


def _offsets(
    text: str, index16: Utf16Index | None, value: Mapping[str, Any], where: str, problems: Problems
) -> tuple[int, int] | None:
    start, end = value.get("start"), value.get("end")
    if (
        not isinstance(start, int)
        or not isinstance(end, int)
        or isinstance(start, bool)
        or isinstance(end, bool)
    ):
        problems.add(
            where, "value.start and value.end must be integers (HyperText regions are not supported)"
        )
        return None
    covered = value.get("text")
    if not isinstance(covered, str) or (0 <= start <= end <= len(text) and text[start:end] == covered):
        return start, end
    if index16 is not None:
        try:
            s, e = index16.from_utf16(start), index16.from_utf16(end)
        except ValueError:
            s = e = -1
        if s >= 0 and text[s:e] == covered:
            return s, e
    found = text[start:end] if 0 <= start <= end <= len(text) else "(outside the text)"
    problems.add(
        where, f"value.text {short(covered)} does not match the text at [{start}, {end}): {short(found)}"
    )
    return None


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A Label Studio export: a JSON array of tasks, or one task object."""
    name = path.name
    obj = load_json(read_file_bytes(path), name)
    tasks = obj if isinstance(obj, list) else [obj]
    problems = Problems(name)
    skipped: Counter[str] = Counter()
    data = ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR)
    utf16_used = 0
    for t, task in enumerate(tasks):
        where_task = f"task {t + 1}"
        if not isinstance(task, dict) or not isinstance(task.get("data"), dict):
            problems.add(where_task, "expected an object with a 'data' object")
            continue
        if task.get("id") is not None:
            where_task = f"task {t + 1} (id {task['id']})"
        text = _task_text(task["data"])
        if text is None:
            problems.add(where_task, "data has no 'text' string (and no single other string field)")
            continue
        meta = {k: str(task["data"][k]) for k in _META_FIELDS if isinstance(task["data"].get(k), str)}
        doc = ForeignDocument(
            text=text,
            name=f"{name}: {where_task}",
            title=meta.get("title") or f"{Path(name).stem} task {task.get('id', t + 1)}",
            source=meta.get("source", ""),
            author=meta.get("author", ""),
            url=meta.get("url", ""),
            published=meta.get("published", ""),
            language=meta.get("language", ""),
        )
        index16 = Utf16Index(text) if any(ord(ch) > 0xFFFF for ch in text) else None
        groups: list[tuple[str, Any]] = [("annotation", a) for a in _list(task.get("annotations"))]
        groups += [("prediction", p) for p in _list(task.get("predictions"))]
        for kind, entry in groups:
            if not isinstance(entry, dict):
                problems.add(where_task, f"every {kind} must be an object")
                continue
            if entry.get("was_cancelled") is True:
                skipped["cancelled annotations"] += 1
                continue
            where_entry = f"{where_task}, {kind} {entry.get('id', '?')}"
            if kind == "prediction":
                who = (
                    f"model {entry['model_version']}"
                    if entry.get("model_version")
                    else "Label Studio prediction"
                )
            else:
                who = _coder(entry.get("completed_by"))
            completed_by = entry.get("completed_by")
            layer = _layer_of(completed_by.get("email")) if isinstance(completed_by, dict) else None
            results = _list(entry.get("result"))
            regions: dict[str, list[ForeignSpan]] = {}
            extras: list[dict[str, Any]] = []
            for r in results:
                if not isinstance(r, dict):
                    problems.add(where_entry, "every result must be an object")
                    continue
                if r.get("type") != "labels":
                    extras.append(r)
                    continue
                where = f"{where_entry}, region {r.get('id', '?')}"
                value = r.get("value")
                if not isinstance(value, dict) or not isinstance(value.get("labels"), list):
                    problems.add(where, "a labels region needs value.labels")
                    continue
                place = _offsets(text, index16, value, where, problems)
                if place is None:
                    continue
                if index16 is not None and place != (value["start"], value["end"]):
                    utf16_used += 1
                meta_text = r.get("meta", {}).get("text") if isinstance(r.get("meta"), dict) else None
                note = "\n".join(str(x) for x in meta_text) if isinstance(meta_text, list) else ""
                spans = [
                    ForeignSpan(
                        start=place[0],
                        end=place[1],
                        label=str(label),
                        where=where,
                        note=note,
                        annotator=who,
                        annotator_id=layer if kind == "annotation" else None,
                        created=entry.get("created_at") if isinstance(entry.get("created_at"), str) else None,
                        modified=entry.get("updated_at")
                        if isinstance(entry.get("updated_at"), str)
                        else None,
                    )
                    for label in value["labels"]
                ]
                regions.setdefault(str(r.get("id")), []).extend(spans)
                doc.spans.extend(spans)
            for r in extras:
                owners = regions.get(str(r.get("id")))
                attr_value = _attribute_value(r)
                if owners is None or attr_value is None or not isinstance(r.get("from_name"), str):
                    skipped[f"{r.get('type', 'untyped')} results that belong to no labels region"] += 1
                    continue
                for span in owners:
                    span.attributes[r["from_name"]] = attr_value
        data.documents.append(doc)
    problems.raise_if_any()
    if not tasks:
        raise ImportRefused(f"{name}: the file holds no tasks")
    if utf16_used:
        data.warnings.append(
            f"{name}: {utf16_used} regions counted UTF-16 units (older Label Studio); converted"
        )
    if skipped:
        data.warnings.append(
            f"{name}: left out: " + ", ".join(f"{n} {w}" for w, n in sorted(skipped.items()))
        )
    return data


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
