"""The codebook as data: reading and writing its JSON format, and checking annotations against it.

The JSON format (``"format": "annotator-codebook"``) is documented in README.md. A codebook is
identified by ``id`` and versioned by ``version``; every annotation records the version it was
made under, and datasets embed the codebook they were exported with.
"""

from __future__ import annotations

import colorsys
import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from annotator.domain import AttributeDef, Category, Codebook, VariableDef, VariableKind, VariableType
from annotator.errors import ValidationError
from annotator.resources import resource
from annotator.text import nul_problem

CODEBOOK_FORMAT = "annotator-codebook"
ATTRIBUTE_TYPES = ("text", "choice", "boolean", "number")
VARIABLE_KINDS = tuple(k.value for k in VariableKind)
VARIABLE_TYPES = tuple(t.value for t in VariableType)
#: Names a document variable cannot take: the metadata fields ``annotator meta`` and a metadata
#: CSV address by the same names.
RESERVED_VARIABLE_IDS = frozenset(
    [
        "id",
        "document_id",
        "title",
        "source",
        "outlet",
        "author",
        "url",
        "published",
        "date",
        "language",
        "body",
        "memo",
        "filename",
        "original_filename",
        "file",
        "status",
        "text",
    ]
)
#: Metadata fields a descriptive variable can be filled from (``source`` in its definition).
VARIABLE_SOURCES = ("source", "author", "url", "language", "published", "published:year", "published:month")
_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
_COLOR = re.compile(r"^#[0-9A-Fa-f]{6}$")


def default_codebook() -> Codebook:
    """The codebook shipped in ``resources/default_codebook.json``."""
    return codebook_from_dict(json.loads(resource("default_codebook.json").read_text("utf-8")))


def _strings(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValidationError(f"{where}: expected a list of strings")
    return tuple(value)


def _text(data: Mapping[str, Any], key: str, where: str, default: str = "") -> str:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, str):
        raise ValidationError(f"{where}.{key}: expected a string, got {type(value).__name__}")
    return value


def _attribute_from_dict(data: Any, where: str) -> AttributeDef:
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: expected an object")
    attr_id = _text(data, "id", where)
    if not _ID.match(attr_id):
        raise ValidationError(f"{where}.id: {attr_id!r} is not a valid id")
    kind = _text(data, "type", where, "text")
    if kind not in ATTRIBUTE_TYPES:
        raise ValidationError(f"{where}.type: {kind!r} is not one of {', '.join(ATTRIBUTE_TYPES)}")
    choices = _strings(data.get("choices"), f"{where}.choices")
    if kind == "choice" and not choices:
        raise ValidationError(f"{where}: a choice attribute needs choices")
    return AttributeDef(
        id=attr_id,
        label=_text(data, "label", where) or attr_id,
        type=kind,
        choices=choices,
        description=_text(data, "description", where),
    )


def _category_from_dict(data: Any, where: str) -> Category:
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: expected an object")
    cat_id = _text(data, "id", where)
    if not _ID.match(cat_id):
        raise ValidationError(f"{where}.id: {cat_id!r} is not a valid id")
    color = _text(data, "color", where, "#888888")
    if not _COLOR.match(color):
        raise ValidationError(f"{where}.color: {color!r} is not a #RRGGBB colour")
    raw_attrs = data.get("attributes") or []
    if not isinstance(raw_attrs, list):
        raise ValidationError(f"{where}.attributes: expected a list")
    attrs = tuple(_attribute_from_dict(a, f"{where}.attributes[{i}]") for i, a in enumerate(raw_attrs))
    if len({a.id for a in attrs}) != len(attrs):
        raise ValidationError(f"{where}.attributes: attribute ids are not unique")
    parent = data.get("parent")
    if parent is not None and (not isinstance(parent, str) or not parent):
        raise ValidationError(f"{where}.parent: expected a category id or null")
    codable = data.get("codable", True)
    if not isinstance(codable, bool):
        raise ValidationError(f"{where}.codable: expected true or false")
    return Category(
        parent=parent,
        codable=codable,
        id=cat_id,
        label=_text(data, "label", where) or cat_id,
        definition=_text(data, "definition", where),
        include=_strings(data.get("include"), f"{where}.include"),
        exclude=_strings(data.get("exclude"), f"{where}.exclude"),
        examples=_strings(data.get("examples"), f"{where}.examples"),
        color=color,
        shortcut=_text(data, "shortcut", where),
        attributes=attrs,
    )


def _variable_from_dict(data: Any, where: str) -> VariableDef:
    if not isinstance(data, dict):
        raise ValidationError(f"{where}: expected an object")
    var_id = _text(data, "id", where)
    if not _ID.match(var_id):
        raise ValidationError(f"{where}.id: {var_id!r} is not a valid id")
    if var_id.lower() in RESERVED_VARIABLE_IDS:
        raise ValidationError(f"{where}.id: {var_id!r} is the name of a metadata field; choose another")
    kind = _text(data, "kind", where, VariableKind.CODED.value)
    if kind not in VARIABLE_KINDS:
        raise ValidationError(f"{where}.kind: {kind!r} is not one of {', '.join(VARIABLE_KINDS)}")
    default_type = VariableType.NOMINAL.value if kind == VariableKind.CODED.value else VariableType.TEXT.value
    kind_of_value = _text(data, "type", where, default_type)
    if kind_of_value not in VARIABLE_TYPES:
        raise ValidationError(f"{where}.type: {kind_of_value!r} is not one of {', '.join(VARIABLE_TYPES)}")
    choices = _strings(data.get("choices"), f"{where}.choices")
    if kind_of_value == VariableType.ORDINAL.value and len(choices) < 2:
        raise ValidationError(f"{where}: an ordinal variable needs its choices, lowest first")
    if len(set(choices)) != len(choices):
        raise ValidationError(f"{where}.choices: choices are not unique")
    source = _text(data, "from", where)
    if source and kind != VariableKind.DESCRIPTIVE.value:
        raise ValidationError(f"{where}.from: only a descriptive variable is filled from metadata")
    if source and source not in VARIABLE_SOURCES:
        raise ValidationError(f"{where}.from: {source!r} is not one of {', '.join(VARIABLE_SOURCES)}")
    raw_map = data.get("map") or {}
    if not isinstance(raw_map, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in raw_map.items()
    ):
        raise ValidationError(f"{where}.map: expected an object of strings")
    if raw_map and not source:
        raise ValidationError(f'{where}.map: a map needs the field it maps ("from")')
    return VariableDef(
        id=var_id,
        label=_text(data, "label", where) or var_id,
        kind=VariableKind(kind),
        type=VariableType(kind_of_value),
        choices=choices,
        definition=_text(data, "definition", where),
        source=source,
        mapping=tuple(raw_map.items()),
    )


def codebook_from_dict(data: Any) -> Codebook:
    """Build a codebook from its JSON form, raising :class:`ValidationError` with where it is wrong."""
    if not isinstance(data, dict):
        raise ValidationError("codebook: expected a JSON object")
    problem = _nul_in(data, "codebook")
    if problem is not None:
        raise ValidationError(problem)
    cb_id = _text(data, "id", "codebook")
    if not cb_id:
        raise ValidationError("codebook.id: missing")
    version = data.get("version", "1")
    if isinstance(version, int | float) and not isinstance(version, bool):
        version = str(version)
    if not isinstance(version, str) or not version:
        raise ValidationError("codebook.version: expected a non-empty string")
    raw = data.get("categories")
    if not isinstance(raw, list) or not raw:
        raise ValidationError("codebook.categories: expected a non-empty list")
    categories = tuple(_category_from_dict(c, f"codebook.categories[{i}]") for i, c in enumerate(raw))
    ids = [c.id for c in categories]
    if len(set(ids)) != len(ids):
        raise ValidationError("codebook.categories: category ids are not unique")
    keys = [c.shortcut for c in categories if c.shortcut]
    if len(set(keys)) != len(keys):
        raise ValidationError("codebook.categories: shortcut keys are not unique")
    problem = tree_problem(categories)
    if problem is not None:
        raise ValidationError(f"codebook.categories: {problem}")
    raw_vars = data.get("variables") or []
    if not isinstance(raw_vars, list):
        raise ValidationError("codebook.variables: expected a list")
    variables = tuple(_variable_from_dict(v, f"codebook.variables[{i}]") for i, v in enumerate(raw_vars))
    if len({v.id for v in variables}) != len(variables):
        raise ValidationError("codebook.variables: variable ids are not unique")
    return Codebook(
        id=cb_id,
        version=version,
        name=_text(data, "name", "codebook"),
        description=_text(data, "description", "codebook"),
        categories=categories,
        variables=variables,
    )


def tree_problem(categories: tuple[Category, ...] | list[Category]) -> str | None:
    """What is wrong with the categories' parents (unknown parent, a cycle), or ``None``."""
    parents = {c.id: c.parent for c in categories}
    for cat in categories:
        if cat.parent is None:
            continue
        if cat.parent not in parents:
            return f"the parent {cat.parent!r} of {cat.id!r} is not a category"
        seen = {cat.id}
        current: str | None = cat.parent
        while current is not None:
            if current in seen:
                return f"{cat.id!r} is its own ancestor (the parents form a cycle)"
            seen.add(current)
            current = parents.get(current)
    return None


def _nul_in(data: Any, where: str) -> str | None:
    """The first string in parsed JSON that holds a NUL, as ``where.path: problem``; or ``None``.

    A loop rather than recursion: a hostile file may nest as deep as the JSON parser allows.
    """
    stack: list[tuple[str, Any]] = [(where, data)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, str):
            problem = nul_problem(item)
            if problem is not None:
                return f"{path}: {problem}"
        elif isinstance(item, dict):
            stack.extend((f"{path}.{k}", v) for k, v in reversed(item.items()))
        elif isinstance(item, list):
            stack.extend((f"{path}[{i}]", v) for i, v in reversed(list(enumerate(item))))
    return None


def codebook_nul_problem(codebook: Codebook) -> str | None:
    """Where a codebook built in code holds a NUL in any of its texts (one line), or ``None``."""
    return _nul_in(codebook_to_dict(codebook), "codebook")


def attribute_to_dict(attr: AttributeDef) -> dict[str, Any]:
    out: dict[str, Any] = {"id": attr.id, "label": attr.label, "type": attr.type}
    if attr.choices:
        out["choices"] = list(attr.choices)
    if attr.description:
        out["description"] = attr.description
    return out


def category_to_dict(cat: Category) -> dict[str, Any]:
    """A category's JSON form; ``parent`` and ``codable`` only when not the defaults (top level, codable)."""
    out: dict[str, Any] = {
        "id": cat.id,
        "label": cat.label,
        "definition": cat.definition,
        "include": list(cat.include),
        "exclude": list(cat.exclude),
        "examples": list(cat.examples),
        "color": cat.color,
        "shortcut": cat.shortcut,
        "attributes": [attribute_to_dict(a) for a in cat.attributes],
    }
    if cat.parent is not None:
        out["parent"] = cat.parent
    if not cat.codable:
        out["codable"] = False
    return out


def variable_to_dict(var: VariableDef) -> dict[str, Any]:
    out: dict[str, Any] = {"id": var.id, "label": var.label, "kind": var.kind.value, "type": var.type.value}
    if var.choices:
        out["choices"] = list(var.choices)
    if var.definition:
        out["definition"] = var.definition
    if var.source:
        out["from"] = var.source
    if var.mapping:
        out["map"] = dict(var.mapping)
    return out


def codebook_to_dict(codebook: Codebook) -> dict[str, Any]:
    """The codebook's JSON form (the file format and the dataset's embedded ``codebook``).

    ``variables`` (document variables) is written only when the codebook has some, so a codebook
    without them looks exactly as it did before variables existed.
    """
    out: dict[str, Any] = {
        "format": CODEBOOK_FORMAT,
        "format_version": 1,
        "id": codebook.id,
        "version": codebook.version,
        "name": codebook.name,
        "description": codebook.description,
        "categories": [category_to_dict(c) for c in codebook.categories],
    }
    if codebook.variables:
        out["variables"] = [variable_to_dict(v) for v in codebook.variables]
    return out


def check_variable_value(var: VariableDef, value: Any) -> str | None:
    """What is wrong with ``value`` for document variable ``var`` (``None``: fine, or no value)."""
    if value is None:
        return None
    if var.type in (VariableType.NOMINAL, VariableType.ORDINAL):
        if not isinstance(value, str):
            return f"variable {var.id!r} takes one of its choices (text)"
        if var.choices and value not in var.choices:
            return f"variable {var.id!r} must be one of {', '.join(var.choices)}; got {value!r}"
    elif var.type is VariableType.NUMERIC:
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            return f"variable {var.id!r} must be a number"
    elif not isinstance(value, str):
        return f"variable {var.id!r} must be text"
    if isinstance(value, str) and (nul := nul_problem(value)) is not None:
        return f"variable {var.id!r} {nul}"
    return None


def parse_variable_value(var: VariableDef, text: str) -> Any:
    """A value typed as text (a CSV cell, ``--set frame=conflict``) as ``var`` stores it.

    An empty text is no value (``None``); a number for a numeric variable; for a variable with
    choices, a choice matched ignoring case. Raises :class:`ValidationError` when it does not fit.
    """
    text = text.strip()
    if not text:
        return None
    value: Any = text
    if var.type is VariableType.NUMERIC:
        try:
            number = float(text.replace(",", ".")) if "," in text and "." not in text else float(text)
        except ValueError:
            raise ValidationError(f"variable {var.id!r} must be a number; got {text!r}") from None
        value = int(number) if number.is_integer() and "." not in text else number
    elif var.choices:
        match = next((c for c in var.choices if c == text), None) or next(
            (c for c in var.choices if c.casefold() == text.casefold()), None
        )
        value = match if match is not None else text
    problem = check_variable_value(var, value)
    if problem is not None:
        raise ValidationError(problem)
    return value


def derived_value(var: VariableDef, fields: Mapping[str, str]) -> str | None:
    """A descriptive variable's value from a document's metadata (its ``from`` field and ``map``).

    ``fields`` holds the document's metadata by name (``source``, ``published``...). ``None`` when
    the variable is not filled from metadata, the field is empty, or the map has no entry for it.
    """
    if not var.source:
        return None
    name, _, part = var.source.partition(":")
    value = (fields.get(name) or "").strip()
    if part == "year":
        value = value[:4] if len(value) >= 4 and value[:4].isdigit() else ""
    elif part == "month":
        value = value[:7] if len(value) >= 7 and value[:4].isdigit() else ""
    if not value:
        return None
    if var.mapping:
        table = dict(var.mapping)
        found = table.get(value)
        if found is None:
            folded = {k.casefold(): v for k, v in table.items()}
            found = folded.get(value.casefold())
        return found
    return value


def check_attribute_values(codebook: Codebook, category_id: str, values: Mapping[str, Any]) -> list[str]:
    """Problems with an annotation's category and attribute values under ``codebook`` (empty if fine).

    No attribute is required; an absent value or ``None`` is always allowed.
    """
    category = codebook.category(category_id)
    if category is None:
        return [f"category {category_id!r} is not in codebook {codebook.id} {codebook.version}"]
    problems = []
    for key, value in values.items():
        attr = category.attribute(key)
        if attr is None:
            problems.append(f"attribute {key!r} is not defined for category {category_id!r}")
            continue
        if value is None:
            continue
        if attr.type == "text" and not isinstance(value, str):
            problems.append(f"attribute {key!r} must be text")
        elif attr.type == "text" and (nul := nul_problem(value)) is not None:
            problems.append(f"attribute {key!r} {nul}")
        elif attr.type == "boolean" and not isinstance(value, bool):
            problems.append(f"attribute {key!r} must be true or false")
        elif attr.type == "number" and (isinstance(value, bool) or not isinstance(value, int | float)):
            problems.append(f"attribute {key!r} must be a number")
        elif attr.type == "choice" and value not in attr.choices:
            problems.append(f"attribute {key!r} must be one of {', '.join(attr.choices)}; got {value!r}")
    return problems


def codebook_differences(ours: Codebook, theirs: Codebook) -> list[str]:
    """Human-readable differences between two versions of a codebook, category by category.

    Empty exactly when the two are equal; ``ours`` is the project's, ``theirs`` the file's.
    """
    diffs = []
    if ours.id != theirs.id:
        diffs.append(f"codebook id differs: {ours.id!r} here, {theirs.id!r} in the file")
    if ours.version != theirs.version:
        diffs.append(f"version differs: {ours.version} here, {theirs.version} in the file")
    for field in ("name", "description"):
        if getattr(ours, field) != getattr(theirs, field):
            diffs.append(f"codebook {field} differs")
    our_ids, their_ids = set(ours.category_ids), set(theirs.category_ids)
    for cid in sorted(their_ids - our_ids):
        diffs.append(f"category {cid!r} is only in the file")
    for cid in sorted(our_ids - their_ids):
        diffs.append(f"category {cid!r} is only in this project")
    for cid in sorted(our_ids & their_ids):
        a, b = ours.category(cid), theirs.category(cid)
        assert a is not None and b is not None
        for field in (
            "label",
            "definition",
            "include",
            "exclude",
            "examples",
            "color",
            "shortcut",
            "parent",
            "codable",
        ):
            if getattr(a, field) != getattr(b, field):
                diffs.append(f"category {cid!r}: {field} differs")
        if a.attributes != b.attributes:
            diffs.append(f"category {cid!r}: attributes differ")
    shared = our_ids & their_ids
    if [c for c in ours.category_ids if c in shared] != [c for c in theirs.category_ids if c in shared]:
        diffs.append("the categories are in another order")
    our_vars = {v.id: v for v in ours.variables}
    their_vars = {v.id: v for v in theirs.variables}
    for vid in sorted(their_vars.keys() - our_vars.keys()):
        diffs.append(f"variable {vid!r} is only in the file")
    for vid in sorted(our_vars.keys() - their_vars.keys()):
        diffs.append(f"variable {vid!r} is only in this project")
    for vid in sorted(our_vars.keys() & their_vars.keys()):
        if our_vars[vid] != their_vars[vid]:
            diffs.append(f"variable {vid!r} differs")
    shared_vars = our_vars.keys() & their_vars.keys()
    if [v for v in our_vars if v in shared_vars] != [v for v in their_vars if v in shared_vars]:
        diffs.append("the variables are in another order")
    if not diffs and ours != theirs:  # pragma: no cover - every field is compared above
        diffs.append("other details differ")
    return diffs


def stored_version_conflict(stored: Codebook, given: Codebook, *, shown: int = 3) -> str | None:
    """Why ``given`` cannot be stored as the same id and version as ``stored`` (``None``: same content).

    A stored version is never changed, since annotations made under it would then point at
    definitions their coders never saw. The message is one line: the first ``shown`` differences,
    and how many more there are.
    """
    diffs = codebook_differences(stored, given)
    if not diffs:
        return None
    listed = "; ".join(diffs[:shown])
    if len(diffs) > shown:
        listed += f"; and {len(diffs) - shown} more"
    return (
        f"codebook {given.id} {given.version} is already in the project with other content ({listed}); "
        "give the changed codebook a new version"
    )


def load_codebook_file(path: str) -> Codebook:
    """Read a codebook JSON file; a clear :class:`ValidationError` for anything wrong with it."""
    try:
        with open(path, "rb") as fh:
            raw = fh.read()
        data = json.loads(raw.decode("utf-8-sig"))
    except OSError as exc:
        raise ValidationError(f"{path}: cannot read ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise ValidationError(f"{path}: not a JSON codebook ({exc})") from exc
    return codebook_from_dict(data)


# -- the tree and the versions' change log -------------------------------------------------------
#
# A stored codebook version keeps each category's parent and codable flag beside its rows, as a
# small JSON setting per version (``tree_to_json``), so that projects made before codebooks had
# a tree open unchanged: no setting means every category at the top level and codable.


def version_setting_key(kind: str, codebook_id: str, version: str) -> str:
    """The settings key of one stored version's ``kind`` (``tree``, ``log``): short and fixed-length."""
    digest = hashlib.sha256(f"{codebook_id}\n{version}".encode()).hexdigest()[:32]
    return f"codebook/{kind}/{digest}"


def tree_to_json(codebook: Codebook) -> str | None:
    """The codebook's parents and non-codable categories as JSON (``None`` for a flat, all-codable one)."""
    parents = {c.id: c.parent for c in codebook.categories if c.parent}
    uncodable = [c.id for c in codebook.categories if not c.codable]
    if not parents and not uncodable:
        return None
    return json.dumps({"parents": parents, "uncodable": uncodable}, ensure_ascii=False, sort_keys=True)


def with_tree(codebook: Codebook, stored: str | None) -> Codebook:
    """``codebook`` with the parents and codable flags of :func:`tree_to_json` put back."""
    if not stored:
        return codebook
    try:
        data = json.loads(stored)
    except ValueError:
        return codebook
    parents = data.get("parents") or {} if isinstance(data, dict) else {}
    uncodable = set(data.get("uncodable") or []) if isinstance(data, dict) else set()
    ids = set(codebook.category_ids)
    categories = tuple(
        replace(
            c,
            parent=parents.get(c.id) if parents.get(c.id) in ids else None,
            codable=c.id not in uncodable,
        )
        for c in codebook.categories
    )
    if tree_problem(categories) is not None:
        return codebook
    return replace(codebook, categories=categories)


def next_version(version: str, taken: Iterable[str] = ()) -> str:
    """The version after ``version`` not in ``taken``: ``3`` after ``2``; ``2024.1-2`` after ``2024.1``."""
    used = set(taken)
    if version.isdigit():
        n = int(version) + 1
        while str(n) in used:
            n += 1
        return str(n)
    n = 2
    while f"{version}-{n}" in used:
        n += 1
    return f"{version}-{n}"


def codebook_changes(before: Codebook, after: Codebook) -> list[str]:
    """What an edit changed, one short line each, for the change log ("added X", "renamed Y ...")."""
    lines: list[str] = []
    old = {c.id: c for c in before.categories}
    new = {c.id: c for c in after.categories}
    for cid in [c for c in after.category_ids if c not in old]:
        lines.append(f"added {cid!r} ({new[cid].label})")
    for cid in [c for c in before.category_ids if c not in new]:
        lines.append(f"removed {cid!r} ({old[cid].label})")
    for cid in [c for c in after.category_ids if c in old]:
        a, b = old[cid], new[cid]
        if a.label != b.label:
            lines.append(f"renamed {cid!r}: {a.label!r} -> {b.label!r}")
        if a.color != b.color:
            lines.append(f"recoloured {cid!r}")
        if a.parent != b.parent:
            lines.append(
                f"moved {cid!r} under {b.parent!r}" if b.parent else f"moved {cid!r} to the top level"
            )
        if a.codable != b.codable:
            lines.append(f"{cid!r} is {'codable' if b.codable else 'no longer codable'}")
        for field in ("definition", "include", "exclude", "examples", "shortcut"):
            if getattr(a, field) != getattr(b, field):
                lines.append(f"edited the {field} of {cid!r}")
        old_attrs = {x.id: x for x in a.attributes}
        new_attrs = {x.id: x for x in b.attributes}
        for aid in [x for x in new_attrs if x not in old_attrs]:
            lines.append(f"added attribute {aid!r} to {cid!r}")
        for aid in [x for x in old_attrs if x not in new_attrs]:
            lines.append(f"dropped attribute {aid!r} of {cid!r}")
        for aid in [x for x in new_attrs if x in old_attrs]:
            if new_attrs[aid] != old_attrs[aid]:
                lines.append(f"edited attribute {aid!r} of {cid!r}")
    shared = [c for c in before.category_ids if c in new]
    if shared != [c for c in after.category_ids if c in old]:
        lines.append("reordered the categories")
    if before.variables != after.variables:
        lines.append("edited the document variables")
    if (before.name, before.description) != (after.name, after.description):
        lines.append("edited the codebook's name or description")
    return lines


def distinct_colors(count: int) -> list[str]:
    """``count`` colours far apart in hue (golden-angle steps), readable behind black text."""
    colors = []
    for i in range(count):
        hue = (i * 0.618033988749895) % 1.0
        lightness = (0.72, 0.62, 0.80)[(i // 12) % 3]
        saturation = (0.65, 0.50, 0.75)[(i // 36) % 3]
        r, g, b = colorsys.hls_to_rgb(hue, lightness, saturation)
        colors.append(f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}")
    return colors


def root_map(codebook: Codebook) -> dict[str, str]:
    """Every category id -> the id of the top-level category it sits under (itself at the top)."""
    return {c.id: codebook.root(c.id) for c in codebook.categories}


def rolled_up_codebook(codebook: Codebook) -> Codebook:
    """The codebook as a roll-up counts it: only its top-level categories, each counted as codable."""
    tops = tuple(replace(c, codable=True) for c in codebook.categories if c.parent is None)
    return replace(codebook, categories=tops)


def slug_id(label: str, taken: Iterable[str] = ()) -> str:
    """A new category id from a label (lower-case ASCII, ``-`` between words), not one of ``taken``."""
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", label)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    base = re.sub(r"[^a-z0-9_]+", "-", ascii_only).strip("-_")[:60].rstrip("-_") or "category"
    used = set(taken)
    candidate, n = base, 1
    while candidate in used:
        n += 1
        candidate = f"{base}-{n}"
    return candidate
