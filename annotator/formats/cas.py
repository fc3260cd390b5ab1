"""UIMA CAS JSON (the JSON CAS serialisation of Apache UIMA and DKPro Cassis, read by INCEpTION).

Units: ``begin`` / ``end`` count **UTF-16 code units** of the sofa string (UIMA is Java), end
exclusive; converted both ways with :mod:`annotator.formats.offsets`. Surrogate-pair escapes in
the sofa string (``"\\uD83E\\uDD73"``) are decoded by the JSON parser into one character.

Export (a zip of one ``NNN-title.json`` CAS per document)
    ``%TYPES`` declares ``webanno.custom.Code`` (a ``uima.tcas.Annotation`` with the features
    ``category``, ``note``, ``annotator`` and one per codebook attribute, typed String, Boolean or
    Double; names made Java identifiers) and DKPro's ``DocumentMetaData`` (title, id, URI,
    language). ``%FEATURE_STRUCTURES`` holds the sofa (the text), the metadata and one ``Code``
    per span, every coder's spans in one CAS; ``%VIEWS`` lists them in ``_InitialView``. INCEpTION
    reads it with a custom span layer ``Code`` that has those features.

Import (a ``.json`` CAS, or a zip of them)
    The ``_InitialView`` sofa is the text (other views are left out with a warning). Every
    annotation in it (a type whose supertypes reach ``uima.tcas.Annotation``, or an undeclared
    type with ``begin``/``end``) is a span, except the document annotation and DKPro's token-level
    types (``segmentation``: tokens, sentences; ``lexmorph``: POS, lemmas), left out with a
    warning. The label is the ``category``, ``value`` or ``label`` feature, else the type's short
    name (``uima.tcas.Annotation`` -> ``Annotation``); other primitive features become
    attributes (``note`` the note, ``annotator`` the coder). References between feature
    structures (relations, slots, lists) are not kept. ``DocumentMetaData`` gives title and URL.
"""

from __future__ import annotations

import json
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
    feature_name,
    file_stem,
    load_json,
    read_one_or_zipped,
    zip_bytes,
)
from annotator.formats.offsets import Utf16Index

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "cas"
DEFAULT_ANNOTATOR = "UIMA CAS import"
CODE_TYPE = "webanno.custom.Code"
METADATA_TYPE = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
ANNOTATION = "uima.tcas.Annotation"
DOCUMENT_ANNOTATION = "uima.tcas.DocumentAnnotation"
SOFA = "uima.cas.Sofa"
_SKIPPED_PACKAGES = (
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.",
)
_LABEL_FEATURES = ("category", "value", "label")
_RESERVED = {"begin", "end", "sofa"}
_RANGES = {
    "text": "uima.cas.String",
    "choice": "uima.cas.String",
    "boolean": "uima.cas.Boolean",
    "number": "uima.cas.Double",
}


# -- writing -----------------------------------------------------------------------------------------------


def write_document(doc: Mapping[str, Any], data: Mapping[str, Any]) -> dict[str, Any]:
    """One document as a JSON CAS object."""
    names = annotator_names(data)
    codebook = codebook_from_dict(data["codebook"])
    attr_features: dict[str, tuple[str, str]] = {}
    for category in codebook.categories:
        for attr in category.attributes:
            attr_features.setdefault(attr.id, (feature_name(attr.id), _RANGES[attr.type]))
    code_type: dict[str, Any] = {"%NAME": CODE_TYPE, "%SUPER_TYPE": ANNOTATION}
    for feature in ("category", "note", "annotator"):
        code_type[feature] = {"%NAME": feature, "%RANGE": "uima.cas.String"}
    for feature, kind in attr_features.values():
        code_type[feature] = {"%NAME": feature, "%RANGE": kind}
    metadata_type: dict[str, Any] = {"%NAME": METADATA_TYPE, "%SUPER_TYPE": DOCUMENT_ANNOTATION}
    for feature in ("documentTitle", "documentId", "documentUri"):
        metadata_type[feature] = {"%NAME": feature, "%RANGE": "uima.cas.String"}

    text = doc["text"]
    index = Utf16Index(text)
    structures: list[dict[str, Any]] = [
        {
            "%ID": 1,
            "%TYPE": SOFA,
            "sofaNum": 1,
            "sofaID": "_InitialView",
            "mimeType": "text/plain",
            "sofaString": text,
        }
    ]
    metadata: dict[str, Any] = {
        "%ID": 2,
        "%TYPE": METADATA_TYPE,
        "@sofa": 1,
        "begin": 0,
        "end": index.length16,
    }
    if doc.get("language"):
        metadata["language"] = doc["language"]
    metadata["documentTitle"] = doc["title"]
    metadata["documentId"] = doc["id"]
    if doc.get("url"):
        metadata["documentUri"] = doc["url"]
    structures.append(metadata)
    for n, a in enumerate(doc["annotations"], start=3):
        fs: dict[str, Any] = {
            "%ID": n,
            "%TYPE": CODE_TYPE,
            "@sofa": 1,
            "begin": index.to_utf16(a["start"]),
            "end": index.to_utf16(a["end"]),
            "category": a["category"],
        }
        if a.get("note"):
            fs["note"] = a["note"]
        fs["annotator"] = names.get(a["annotator"], a["annotator"])
        for key, value in a["attributes"].items():
            feature, kind = attr_features.get(key, (feature_name(key), "uima.cas.String"))
            fs[feature] = float(value) if kind == "uima.cas.Double" else value
        structures.append(fs)
    return {
        "%TYPES": {CODE_TYPE: code_type, METADATA_TYPE: metadata_type},
        "%FEATURE_STRUCTURES": structures,
        "%VIEWS": {"_InitialView": {"%SOFA": 1, "%MEMBERS": [fs["%ID"] for fs in structures[1:]]}},
    }


def write(data: Mapping[str, Any]) -> bytes:
    """The project as a zip of JSON CAS files, one per document."""
    files = [
        (
            f"{file_stem(doc, i)}.json",
            (json.dumps(write_document(doc, data), ensure_ascii=False, indent=1) + "\n").encode(),
        )
        for i, doc in enumerate(data["documents"])
    ]
    return zip_bytes(files)


# -- reading -----------------------------------------------------------------------------------------------


def _supertypes(name: str, types: Mapping[str, Any]) -> list[str]:
    chain = [name]
    seen = {name}
    while True:
        declared = types.get(chain[-1])
        parent = declared.get("%SUPER_TYPE") if isinstance(declared, dict) else None
        if not isinstance(parent, str) or parent in seen:
            return chain
        chain.append(parent)
        seen.add(parent)


def parse_cas(obj: Any, *, name: str, warnings: list[str]) -> ForeignDocument:
    """One JSON CAS as a document with its spans (see the module docstring)."""
    problems = Problems(name)
    if not isinstance(obj, dict) or "%FEATURE_STRUCTURES" not in obj:
        raise ImportRefused(f"{name}: not a UIMA JSON CAS (no %FEATURE_STRUCTURES)")
    types: dict[str, Any] = obj["%TYPES"] if isinstance(obj.get("%TYPES"), dict) else {}
    raw_fs = obj["%FEATURE_STRUCTURES"]
    structures: dict[int, dict[str, Any]] = {}
    items = (
        [dict(v, **{"%ID": int(k)}) for k, v in raw_fs.items() if isinstance(v, dict) and str(k).isdigit()]
        if isinstance(raw_fs, dict)
        else raw_fs
    )
    if not isinstance(items, list):
        raise ImportRefused(f"{name}: %FEATURE_STRUCTURES must be an array or an object")
    for i, fs in enumerate(items):
        if (
            not isinstance(fs, dict)
            or not isinstance(fs.get("%ID"), int)
            or not isinstance(fs.get("%TYPE"), str)
        ):
            problems.add(f"%FEATURE_STRUCTURES[{i}]", "expected an object with %ID and %TYPE")
            continue
        structures[fs["%ID"]] = fs
    problems.raise_if_any("not a readable UIMA JSON CAS")

    views: dict[str, Any] = obj["%VIEWS"] if isinstance(obj.get("%VIEWS"), dict) else {}
    view = views.get("_InitialView") or next(iter(views.values()), None)
    if len(views) > 1:
        warnings.append(f"{name}: only the _InitialView was read; {len(views) - 1} other views left out")
    if isinstance(view, dict) and isinstance(view.get("%SOFA"), int):
        sofa_id = view["%SOFA"]
        members = [m for m in view.get("%MEMBERS", []) if isinstance(m, int)]
    else:
        sofa_id = next((k for k, fs in structures.items() if fs["%TYPE"] == SOFA), -1)
        members = [k for k, fs in structures.items() if fs.get("@sofa") == sofa_id]
    sofa = structures.get(sofa_id)
    if sofa is None or not isinstance(sofa.get("sofaString"), str):
        raise ImportRefused(f"{name}: the view has no sofa with a sofaString (the document text)")
    text: str = sofa["sofaString"]
    index = Utf16Index(text)
    doc = ForeignDocument(text=text, name=name, title=Path(name.rsplit(": ", 1)[-1]).stem)
    skipped: Counter[str] = Counter()
    for member in members:
        fs = structures.get(member)
        where = f"feature structure %ID {member}"
        if fs is None:
            problems.add(f"%VIEWS: member {member}", "no feature structure with this %ID")
            continue
        kind = fs["%TYPE"]
        chain = _supertypes(kind, types)
        if DOCUMENT_ANNOTATION in chain:
            if isinstance(fs.get("documentTitle"), str) and fs["documentTitle"].strip():
                doc.title = fs["documentTitle"]
            if isinstance(fs.get("documentUri"), str):
                doc.url = fs["documentUri"]
            if isinstance(fs.get("language"), str) and fs["language"] != "x-unspecified":
                doc.language = fs["language"]
            continue
        begin, end = fs.get("begin"), fs.get("end")
        is_annotation = ANNOTATION in chain or (kind not in types and "begin" in fs and "end" in fs)
        if not is_annotation:
            skipped[f"{kind} feature structures"] += 1
            continue
        if kind.startswith(_SKIPPED_PACKAGES):
            skipped[f"{kind.rsplit('.', 1)[-1]} annotations"] += 1
            continue
        if (
            not isinstance(begin, int)
            or not isinstance(end, int)
            or isinstance(begin, bool)
            or isinstance(end, bool)
        ):
            problems.add(where, "begin and end must be integers")
            continue
        try:
            start, stop = index.from_utf16(begin), index.from_utf16(end)
        except ValueError as exc:
            problems.add(where, str(exc))
            continue
        values = {
            k: v
            for k, v in fs.items()
            if not k.startswith(("%", "@")) and k not in _RESERVED and isinstance(v, str | int | float | bool)
        }
        label_key = next(
            (k for k in values if k.casefold() in _LABEL_FEATURES and isinstance(values[k], str)), None
        )
        label = str(values.pop(label_key)) if label_key else kind.rsplit(".", 1)[-1]
        note = values.pop("note", "")
        who = values.pop("annotator", "")
        doc.spans.append(
            ForeignSpan(
                start=start,
                end=stop,
                label=label,
                where=f"{name}: {where}",
                note=note if isinstance(note, str) else str(note),
                attributes=values,
                annotator=who if isinstance(who, str) else str(who),
            )
        )
    problems.raise_if_any()
    if skipped:
        warnings.append(f"{name}: left out: " + ", ".join(f"{n} {w}" for w, n in sorted(skipped.items())))
    return doc


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A JSON CAS file, or a zip of them (one document each)."""
    return read_one_or_zipped(
        path,
        data=ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR),
        suffix=".json",
        what="JSON CAS files",
        parse=lambda raw, where, warnings: parse_cas(load_json(raw, where), name=where, warnings=warnings),
    )
