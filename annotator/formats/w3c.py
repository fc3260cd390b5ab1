"""W3C Web Annotation Data Model, serialised as JSON-LD (``http://www.w3.org/ns/anno.jsonld``).

One ``Annotation`` per span. Its ``target`` names the document (``source``) and carries two
selectors: a ``TextQuoteSelector`` (``exact`` with up to 32 characters of ``prefix`` and
``suffix``) and a ``TextPositionSelector`` whose ``start``/``end`` count **code points**, as the
Recommendation requires (section 4.2.4: "characters" are Unicode code points), end exclusive, on
the text with LF line endings.

Export (``.jsonld``)
    An ``AnnotationCollection`` with one ``AnnotationPage`` (``first``) holding every annotation.
    Bodies: the category as a ``TextualBody`` with ``purpose: "tagging"`` (value: the category id),
    the note as one with ``purpose: "commenting"``, each attribute as one with
    ``purpose: "describing"`` (value ``Label: value``, plus ``ann:attribute`` / ``ann:value`` for
    a typed round trip). ``creator`` is the coder (a ``Person`` with a stable ``urn:uuid``),
    ``created`` / ``modified`` the annotation's times. The Web Annotation model does not carry the
    annotated text itself, so the documents travel beside the annotations in the collection's
    ``ann:documents`` (text and metadata; ``ann:`` is our own JSON-LD prefix,
    ``urn:annotator:terms#``, which other processors ignore), the codebook's id and version in
    ``ann:codebook`` (``ann:id``, ``ann:version``). Every key is a term of the Web Annotation
    context or an ``ann:`` one, so a JSON-LD processor expands the whole file without losing a
    value (tested with pyld). Ids are ``urn:uuid`` values derived from ours, so exporting twice
    gives the same ids.

Import (``.jsonld``, or ``.json`` that looks like it)
    A single annotation, an array of them, an ``AnnotationPage`` or an ``AnnotationCollection``
    with its first page embedded. Tagging bodies give the labels (one span per tag); commenting
    bodies, ``bodyValue`` and purpose-less textual bodies the note; describing bodies with
    ``ann:attribute`` an attribute. An annotation without a tag gets its motivation as label, or
    ``untagged``; map it with ``--map``. The document is the embedded one the target's ``source``
    names; else a project document (our ``urn:uuid`` for it, or its URL); else, when the target
    names none (INCEpTION and Recogito export no source), the one project document where every
    such annotation's selectors fit. The position is checked against ``exact``; when they
    disagree the quote wins if it occurs (matching prefix and suffix) exactly once, with a
    warning. Linking annotations (targets that are other annotations) and selectors other than
    these two are left out with a warning.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    derived_id,
    load_json,
    read_file_bytes,
    short,
)

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "w3c"
DEFAULT_ANNOTATOR = "W3C import"
ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
OUR_PREFIX = "urn:annotator:terms#"
CONTEXT_WINDOW = 32


def source_id(document_id: str) -> str:
    """The stable IRI a document gets as an annotation target's ``source``."""
    return f"urn:uuid:{derived_id('w3c-source', document_id)}"


# -- writing ---------------------------------------------------------------------------------------------


def write(data: Mapping[str, Any]) -> bytes:
    """The project as one JSON-LD ``AnnotationCollection`` (see the module docstring)."""
    names = annotator_names(data)
    codebook = codebook_from_dict(data["codebook"])
    documents: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    for doc in data["documents"]:
        source = source_id(doc["id"])
        text = doc["text"]
        entry: dict[str, Any] = {"id": source, "type": "Text", "format": "text/plain"}
        if doc.get("language"):
            entry["language"] = doc["language"]
        for key in ("title", "source", "author", "url", "published"):
            if doc.get(key):
                entry[f"ann:{key}"] = doc[key]
        entry["ann:text"] = text
        documents.append(entry)
        for a in doc["annotations"]:
            start, end = a["start"], a["end"]
            body: list[dict[str, Any]] = [
                {"type": "TextualBody", "purpose": "tagging", "value": a["category"]}
            ]
            if a.get("note"):
                body.append(
                    {
                        "type": "TextualBody",
                        "purpose": "commenting",
                        "value": a["note"],
                        "format": "text/plain",
                    }
                )
            category = codebook.category(a["category"])
            for key, value in a["attributes"].items():
                attr = category.attribute(key) if category is not None else None
                shown = ("true" if value else "false") if isinstance(value, bool) else str(value)
                body.append(
                    {
                        "type": "TextualBody",
                        "purpose": "describing",
                        "value": f"{attr.label if attr else key}: {shown}",
                        "ann:attribute": key,
                        "ann:value": value,
                    }
                )
            annotation: dict[str, Any] = {
                "id": f"urn:uuid:{derived_id('w3c-annotation', a['id'])}",
                "type": "Annotation",
                "motivation": "tagging",
            }
            if a.get("created"):
                annotation["created"] = a["created"]
            if a.get("modified"):
                annotation["modified"] = a["modified"]
            annotation["creator"] = {
                "id": f"urn:uuid:{derived_id('w3c-creator', a['annotator'])}",
                "type": "Person",
                "name": names.get(a["annotator"], a["annotator"]),
            }
            annotation["body"] = body
            annotation["target"] = {
                "source": source,
                "selector": [
                    {
                        "type": "TextQuoteSelector",
                        "exact": text[start:end],
                        "prefix": text[max(0, start - CONTEXT_WINDOW) : start],
                        "suffix": text[end : end + CONTEXT_WINDOW],
                    },
                    {"type": "TextPositionSelector", "start": start, "end": end},
                ],
            }
            items.append(annotation)
    collection = {
        "@context": [ANNO_CONTEXT, {"ann": OUR_PREFIX}],
        "id": f"urn:uuid:{derived_id('w3c-collection', codebook.id, *(d['id'] for d in data['documents']))}",
        "type": "AnnotationCollection",
        "label": codebook.name or codebook.id,
        "total": len(items),
        # our own terms: with plain "id" and "version" a JSON-LD processor read the id as a
        # relative IRI and dropped the version (no such term in the Web Annotation context)
        "ann:codebook": {"ann:id": codebook.id, "ann:version": codebook.version},
        "ann:documents": documents,
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }
    return (json.dumps(collection, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


# -- reading ---------------------------------------------------------------------------------------------


@dataclass
class _Parsed:
    where: str
    source: str | None
    start: int | None
    end: int | None
    exact: str | None
    prefix: str
    suffix: str
    labels: list[str]
    note: str
    attributes: dict[str, Any] = field(default_factory=dict)
    creator: str = ""
    created: str | None = None
    modified: str | None = None


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _creator(value: Any) -> str:
    for item in _as_list(value):
        if isinstance(item, str):
            return item
        if isinstance(item, dict):
            for key in ("name", "nickname", "id"):
                if isinstance(item.get(key), str) and item[key].strip():
                    return str(item[key])
    return ""


def _annotations(obj: Any, name: str) -> tuple[list[Any], list[Any]]:
    """The annotation objects in a parsed file, and any embedded documents."""
    if isinstance(obj, list):
        return obj, []
    if not isinstance(obj, dict):
        raise ImportRefused(f"{name}: not a W3C annotation file (expected an object or an array)")
    kind = obj.get("type")
    documents = _as_list(obj.get("ann:documents"))
    if kind == "AnnotationCollection":
        first = obj.get("first")
        if isinstance(first, str):
            raise ImportRefused(
                f"{name}: the collection's first page is only referenced ({first}); "
                "its annotations are not in the file"
            )
        if not isinstance(first, dict):
            return [], documents
        return _as_list(first.get("items")), documents
    if kind == "AnnotationPage":
        return _as_list(obj.get("items")), documents
    return [obj], documents


def _parse(item: Any, index: int, skipped: Counter[str], problems: Problems) -> _Parsed | None:
    where = f"annotation {index + 1}"
    if not isinstance(item, dict):
        problems.add(where, "expected an object")
        return None
    if isinstance(item.get("id"), str):
        where = f"annotation {index + 1} ({item['id']})"
    motivation = item.get("motivation")
    targets = [t for t in _as_list(item.get("target")) if isinstance(t, dict) and "selector" in t]
    if not targets:
        skipped[
            "linking annotations or targets without a selector"
            if motivation == "linking" or item.get("target")
            else "annotations without a target"
        ] += 1
        return None
    target = targets[0]
    if len(targets) > 1:
        skipped["extra targets of multi-target annotations"] += len(targets) - 1
    source = target.get("source")
    if isinstance(source, dict):
        source = source.get("id")
    start = end = None
    exact: str | None = None
    prefix = suffix = ""
    for selector in _as_list(target.get("selector")):
        kind = selector.get("type") if isinstance(selector, dict) else None
        if kind == "TextPositionSelector":
            s, e = selector.get("start"), selector.get("end")
            if not (isinstance(s, int) and isinstance(e, int)) or isinstance(s, bool) or isinstance(e, bool):
                problems.add(where, "TextPositionSelector start and end must be integers")
                return None
            start, end = s, e
        elif kind == "TextQuoteSelector":
            if not isinstance(selector.get("exact"), str):
                problems.add(where, "TextQuoteSelector needs an 'exact' string")
                return None
            exact = selector["exact"]
            prefix = selector.get("prefix") if isinstance(selector.get("prefix"), str) else ""
            suffix = selector.get("suffix") if isinstance(selector.get("suffix"), str) else ""
        else:
            skipped[f"{kind or 'untyped'} selectors"] += 1
    if start is None and exact is None:
        skipped["annotations without a text position or quote selector"] += 1
        return None
    labels: list[str] = []
    notes: list[str] = []
    attributes: dict[str, Any] = {}
    if isinstance(item.get("bodyValue"), str):
        notes.append(item["bodyValue"])
    for body in _as_list(item.get("body")):
        if not isinstance(body, dict) or not isinstance(body.get("value"), str):
            skipped["bodies that are not textual"] += 1
            continue
        purposes = _as_list(body.get("purpose"))
        if "tagging" in purposes or "classifying" in purposes:
            labels.append(body["value"])
        elif "describing" in purposes and isinstance(body.get("ann:attribute"), str):
            attributes[body["ann:attribute"]] = body.get("ann:value", body["value"])
        else:
            notes.append(body["value"])
    if not labels:
        labels = [motivation if isinstance(motivation, str) and motivation else "untagged"]
    return _Parsed(
        where=where,
        source=source if isinstance(source, str) else None,
        start=start,
        end=end,
        exact=exact,
        prefix=prefix,
        suffix=suffix,
        labels=labels,
        note="\n".join(notes),
        attributes=attributes,
        creator=_creator(item.get("creator")),
        created=item.get("created") if isinstance(item.get("created"), str) else None,
        modified=item.get("modified") if isinstance(item.get("modified"), str) else None,
    )


def _locate(text: str, p: _Parsed) -> tuple[int, int] | None:
    """Where ``p`` lies in ``text``: its position if its quote agrees, else its quote if unique."""
    if (
        p.start is not None
        and p.end is not None
        and 0 <= p.start < p.end <= len(text)
        and (p.exact is None or text[p.start : p.end] == p.exact)
    ):
        return p.start, p.end
    if not p.exact:
        return None
    found: list[int] = []
    pos = text.find(p.exact)
    while pos >= 0:
        if text[:pos].endswith(p.prefix) and text[pos + len(p.exact) :].startswith(p.suffix):
            found.append(pos)
        pos = text.find(p.exact, pos + 1)
    if len(found) == 1:
        return found[0], found[0] + len(p.exact)
    return None


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A W3C annotation file; ``project`` supplies documents the file only refers to."""
    name = path.name
    obj = load_json(read_file_bytes(path), name)
    items, embedded = _annotations(obj, name)
    problems = Problems(name)
    skipped: Counter[str] = Counter()
    data = ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR)

    texts: dict[str, ForeignDocument] = {}
    for i, entry in enumerate(embedded):
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("id"), str)
            and isinstance(entry.get("ann:text"), str)
        ):
            problems.add(f"ann:documents[{i}]", "expected an object with 'id' and 'ann:text'")
            continue
        texts[entry["id"]] = ForeignDocument(
            text=entry["ann:text"],
            name=f"{name}: {entry['id']}",
            title=str(entry.get("ann:title") or ""),
            source=str(entry.get("ann:source") or ""),
            author=str(entry.get("ann:author") or ""),
            url=str(entry.get("ann:url") or ""),
            published=str(entry.get("ann:published") or ""),
            language=str(entry.get("language") or ""),
        )
    project_docs: list[ForeignDocument] = []
    by_ref: dict[str, ForeignDocument] = {}
    if project is not None:
        for info in project.documents():
            doc = project.document(info.id)
            fd = ForeignDocument(
                text=doc.text, name=f"{name}: project document {doc.title!r}", title=doc.title
            )
            project_docs.append(fd)
            by_ref[source_id(doc.id)] = fd
            if doc.url:
                by_ref.setdefault(doc.url, fd)

    parsed = [p for i, item in enumerate(items) if (p := _parse(item, i, skipped, problems)) is not None]
    problems.raise_if_any("not a usable W3C annotation file")

    unsourced: dict[str | None, list[_Parsed]] = {}
    for p in parsed:
        target = texts.get(p.source or "") or by_ref.get(p.source or "")
        if target is None:
            unsourced.setdefault(p.source, []).append(p)
            continue
        _place(target, p, problems, data.warnings)
    for source, group in unsourced.items():
        fits = [d for d in project_docs if all(_locate(d.text, p) is not None for p in group)]
        if len(fits) != 1:
            named = f"source {source}" if source else "no source"
            why = (
                "no document in the file or the project contains their text at their positions"
                if not fits
                else f"{len(fits)} project documents fit them all"
            )
            problems.add(
                group[0].where,
                f"{len(group)} annotations with {named} cannot be placed: {why} "
                "(import the document first, or export it with its text)",
            )
            continue
        for p in group:
            _place(fits[0], p, problems, data.warnings)
    problems.raise_if_any()
    if skipped:
        data.warnings.append(
            f"{name}: left out: " + ", ".join(f"{n} {what}" for what, n in sorted(skipped.items()))
        )
    data.documents.extend(texts.values())
    data.documents.extend(d for d in project_docs if d.spans)
    return data


def _place(doc: ForeignDocument, p: _Parsed, problems: Problems, warnings: list[str]) -> None:
    located = _locate(doc.text, p)
    if located is None:
        found = doc.text[p.start : p.end] if p.start is not None and p.end is not None else ""
        problems.add(
            p.where,
            f"the quote {short(p.exact or '')} is not at [{p.start}, {p.end}) ({short(found)}) "
            "and cannot be found in the document",
        )
        return
    if p.start is not None and located != (p.start, p.end):
        warnings.append(
            f"{p.where}: TextPositionSelector [{p.start}, {p.end}) disagrees with the quote; "
            f"placed by the quote at [{located[0]}, {located[1]})"
        )
    for label in p.labels:
        doc.spans.append(
            ForeignSpan(
                start=located[0],
                end=located[1],
                label=label,
                where=p.where,
                note=p.note,
                attributes=dict(p.attributes),
                annotator=p.creator,
                created=p.created,
                modified=p.modified,
            )
        )
