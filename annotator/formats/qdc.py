"""The codebook as a REFI-QDA codebook exchange file (``.qdc``), and codebook files by suffix.

A ``.qdc`` file is the XML codebook format of the REFI-QDA standard (namespace
``urn:QDA-XML:codebook:1.0``) that ATLAS.ti, MAXQDA, NVivo and QualCoder import and export. It
holds little more than a tree of codes, each with a GUID, a name, a colour and a free-text
description, so the mapping is (the GUIDs and the description's layout are those of the ``.qdpx``
export too: :mod:`annotator.formats.refi_common`):

Export (:func:`codebook_to_qdc`)
    One ``<Code>`` per category, in codebook order, with ``name`` = label, ``color`` = colour and
    ``isCodable`` = the category's codable flag; a category with a parent is written inside its
    parent's ``Code``. GUIDs are :func:`uuid.uuid5` of the codebook id and the category id, so
    exporting the same codebook twice gives the same GUIDs and another tool can match the codes
    up on re-import. The definition, include/exclude rules and examples go into
    ``<Description>`` as readable text::

        Definition: A factual assertion about the world ...
        Include:
        - Statements of fact ...
        Exclude:
        - Evaluations, recommendations and feelings ...
        Examples:
        - The harbour authority closed the northern pier on Tuesday.

    Empty sections are left out (a category with none of them has no ``<Description>``); a line
    break inside the definition or an item continues on a line indented by two spaces, so the
    text reads back exactly. Carriage returns become line feeds (XML normalises them anyway) and
    characters XML 1.0 cannot carry (most C0 controls, lone surrogates) are dropped.

    **Attributes are left out.** REFI-QDA codebooks have no notion of typed attributes, and
    writing them as non-codable child codes would make other tools show them as codes (and our
    own importer would read them back as categories). The codebook id, version, name,
    description and shortcut keys are not written either; there is no place for them in the
    schema. No ``<Sets>`` are written. The JSON codebook (:mod:`annotator.codebook`) is the
    lossless format; ``.qdc`` is for exchanging codes with QDA software.

Import (:func:`codebook_from_qdc`)
    The file is parsed with :mod:`defusedxml` with DTDs forbidden outright, so no entity is ever
    expanded and no external resource is ever read. The root must be ``CodeBook`` in a
    ``urn:QDA-XML:codebook:*`` namespace (``1.0``, or the ``0:4`` of older ATLAS.ti releases) or
    in no namespace. Every ``Code``, nested ones included, becomes one category, in document
    order (a parent before its children); the nesting becomes each category's ``parent`` and
    ``isCodable="false"`` a non-codable (grouping) category.
    The category id is the name made into a slug (ASCII letters, digits, ``_``, ``-``; at most
    64 characters; ``-2``, ``-3`` ... added when two names give the same slug); the label is the
    name; the colour is the ``color`` attribute (``#RGB`` widened to ``#RRGGBB``), else a colour
    from a colour-blind-safe palette (for more codes than it has,
    generated colours far apart). A description written in the structure above is read back
    into definition, include, exclude and examples; any other description becomes the whole
    definition. The first nine codable categories get the shortcut keys ``1`` to ``9``. ``Sets``
    (code groups) are ignored. :func:`read_codebook_file` also takes the codebook inside a REFI-QDA
    project (``.qdpx``, or its bare ``project.qde``). Anything wrong with the file raises
    :class:`~annotator.errors.ValidationError` with a one-line message.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path
from typing import Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET

from annotator import __version__
from annotator.codebook import codebook_from_dict, codebook_to_dict, distinct_colors, load_codebook_file
from annotator.domain import Codebook
from annotator.errors import ValidationError
from annotator.formats.refi_common import (
    code_guid,
    format_description,
    parse_description,
    split_tag,
    xml_text,
)
from annotator.safe_write import write_bytes_atomically

QDC_NAMESPACE = "urn:QDA-XML:codebook:1.0"
_NAMESPACE_PREFIX = "urn:QDA-XML:codebook:"
CODEBOOK_FORMATS = ("json", "qdc")

# Okabe-Ito colours (colour-blind safe), in the order the default codebook uses them.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#999999")

_MAX_ID = 64
_RGB6 = re.compile(r"^#[0-9A-Fa-f]{6}$")
_RGB3 = re.compile(r"^#[0-9A-Fa-f]{3}$")


# ---------------------------------------------------------------------------------------------
# export


def codebook_to_qdc(codebook: Codebook) -> bytes:
    """The codebook as a REFI-QDA ``.qdc`` document (UTF-8), valid against the Codebook schema."""
    if not codebook.categories:
        raise ValidationError("a .qdc codebook needs at least one code; this codebook has no categories")
    # Unqualified tags under a literal default-namespace declaration: ElementTree's own
    # default_namespace option refuses the (correctly) unqualified attributes.
    root = ET.Element("CodeBook", {"xmlns": QDC_NAMESPACE, "origin": f"annotator {__version__}"})
    write_codes(ET.SubElement(root, "Codes"), codebook)
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + body + "\n").encode("utf-8")


def write_codes(codes: ET.Element, codebook: Codebook) -> None:
    """The categories as nested ``<Code>`` elements under ``codes`` (the ``.qdc`` and ``.qdpx`` share it).

    A child is written inside its parent's ``Code`` (after the parent's ``Description``), and
    ``isCodable`` is the category's flag. The walk is a loop, not recursion.
    """
    elements: dict[str | None, ET.Element] = {None: codes}
    pending = list(codebook.children(None))
    while pending:
        category = pending.pop(0)
        attrs = {
            "guid": code_guid(codebook.id, category.id),
            "name": xml_text(category.label or category.id),
            "isCodable": "true" if category.codable else "false",
        }
        if _RGB6.match(category.color):
            attrs["color"] = category.color
        code = ET.SubElement(elements[category.parent], "Code", attrs)
        description = xml_text(format_description(category))
        if description:
            ET.SubElement(code, "Description").text = description
        elements[category.id] = code
        pending[0:0] = list(codebook.children(category.id))


# ---------------------------------------------------------------------------------------------
# import


def slugify(name: str) -> str:
    """A category id from a code name: lower-case ASCII letters, digits, ``_`` and ``-`` ("" if none)."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    slug = re.sub(r"[^a-z0-9_]+", "-", ascii_only).strip("-_")
    return slug[:_MAX_ID].rstrip("-_")


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        suffix = f"-{n}"
        candidate = base[: _MAX_ID - len(suffix)].rstrip("-_") + suffix
    taken.add(candidate)
    return candidate


def _color(raw: str | None, index: int, generated: list[str] | tuple[str, ...] = PALETTE) -> str:
    value = (raw or "").strip()
    if _RGB6.match(value):
        return value
    if _RGB3.match(value):
        return "#" + "".join(ch * 2 for ch in value[1:])
    return generated[index % len(generated)]


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _parse_root(data: bytes) -> ET.Element:
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise ValidationError(
            "REFI-QDA codebook refused: the file declares a DTD or entities, which are unsafe to read"
        ) from exc
    except ET.ParseError as exc:
        raise ValidationError(
            f"not a REFI-QDA codebook: the XML is malformed or truncated ({_one_line(str(exc))})"
        ) from exc
    except (DefusedXmlException, ValueError, LookupError, UnicodeError) as exc:
        raise ValidationError(
            f"not a REFI-QDA codebook: cannot parse the XML ({_one_line(str(exc))})"
        ) from exc
    return root


def _codes_in_order(codes: ET.Element, ns: str) -> list[tuple[ET.Element, ET.Element | None]]:
    """Every ``Code`` under ``<Codes>`` with its parent ``Code`` (``None`` at the top), parents first.

    A loop rather than recursion: a hostile file may nest codes deeply.
    """
    found: list[tuple[ET.Element, ET.Element | None]] = []
    stack: list[tuple[ET.Element, ET.Element | None]] = [
        (child, None) for child in reversed(codes) if split_tag(child.tag) == (ns, "Code")
    ]
    while stack:
        code, parent = stack.pop()
        found.append((code, parent))
        stack.extend((child, code) for child in reversed(code) if split_tag(child.tag) == (ns, "Code"))
    return found


def codebook_from_codes(
    codes_element: ET.Element | None, ns: str, *, codebook_id: str, version: str, description: str
) -> Codebook:
    """The codebook a REFI-QDA ``<Codes>`` element holds (a ``.qdc`` file's or a project's).

    The nesting of ``Code`` elements becomes the categories' parents and ``isCodable="false"``
    makes a category non-codable. Colours come from the file; when the file gives none, each
    category gets its own from :func:`annotator.codebook.distinct_colors` (an imported codebook of
    hundreds of codes would otherwise show one colour many times over).
    """
    codes = _codes_in_order(codes_element, ns) if codes_element is not None else []
    if not codes:
        raise ValidationError("the REFI-QDA codebook has no codes")
    generated = distinct_colors(len(codes)) if len(codes) > len(PALETTE) else list(PALETTE)
    taken: set[str] = set()
    ids: dict[int, str] = {}
    categories: list[dict[str, Any]] = []
    shortcuts = 0
    for index, (code, parent) in enumerate(codes):
        guid = (code.get("guid") or "").strip()
        name = (code.get("name") or "").strip()
        if not name:
            raise ValidationError(
                f"code {index + 1} of the REFI-QDA codebook (guid {guid or '?'}) has no name"
            )
        description_element = next(
            (child for child in code if split_tag(child.tag) == (ns, "Description")), None
        )
        text = "".join(description_element.itertext()) if description_element is not None else ""
        parsed = parse_description(text)
        include: tuple[str, ...]
        exclude: tuple[str, ...]
        examples: tuple[str, ...]
        if parsed is None:
            definition, include, exclude, examples = text.strip(), (), (), ()
        else:
            definition, include, exclude, examples = parsed
        codable = (code.get("isCodable") or "true").strip().lower() not in ("false", "0")
        cat_id = _unique_id(slugify(name) or f"code-{index + 1}", taken)
        ids[id(code)] = cat_id
        entry: dict[str, Any] = {
            "id": cat_id,
            "label": name,
            "definition": definition,
            "include": list(include),
            "exclude": list(exclude),
            "examples": list(examples),
            "color": _color(code.get("color"), index, generated),
            "shortcut": "",
        }
        if codable and shortcuts < 9:
            shortcuts += 1
            entry["shortcut"] = str(shortcuts)
        if parent is not None:
            entry["parent"] = ids[id(parent)]
        if not codable:
            entry["codable"] = False
        categories.append(entry)
    return codebook_from_dict(
        {
            "id": codebook_id,
            "version": version,
            "name": "",
            "description": description,
            "categories": categories,
        }
    )


def codebook_from_qdc(data: bytes, *, codebook_id: str | None = None, version: str = "1") -> Codebook:
    """Read a REFI-QDA ``.qdc`` document into a codebook (see the module docstring for the mapping).

    Without ``codebook_id`` the id is ``qdc-`` and a hash of the codes' GUIDs, so importing the
    same file twice gives the same id. Raises :class:`ValidationError` for anything wrong.
    """
    root = _parse_root(data)
    ns, local = split_tag(root.tag)
    if ns.startswith("urn:QDA-XML:project:"):
        raise ValidationError("this is a REFI-QDA project (.qdpx/.qde), not a codebook (.qdc)")
    if local != "CodeBook" or not (ns == "" or ns.startswith(_NAMESPACE_PREFIX)):
        shown = f"{{{ns}}}{local}" if ns else local
        raise ValidationError(f"not a REFI-QDA codebook: the root element is <{shown}>, expected <CodeBook>")
    codes_elements = [child for child in root if split_tag(child.tag) == (ns, "Codes")]
    codes_element = codes_elements[0] if codes_elements else None
    if codebook_id is None:
        found = _codes_in_order(codes_element, ns) if codes_element is not None else []
        guids = [(code.get("guid") or "").strip().strip("{}").upper() for code, _ in found]
        digest = hashlib.sha256("\n".join(guids).encode("utf-8")).hexdigest()
        codebook_id = f"qdc-{digest[:12]}"
    origin = _one_line(root.get("origin") or "") or "unknown software"
    return codebook_from_codes(
        codes_element,
        ns,
        codebook_id=codebook_id,
        version=version,
        description=f"Imported from a REFI-QDA codebook (.qdc) written by {origin}.",
    )


# ---------------------------------------------------------------------------------------------
# files


def codebook_from_qde(data: bytes, *, codebook_id: str, version: str = "1") -> Codebook:
    """The codebook inside a REFI-QDA project document (``project.qde``): its ``CodeBook/Codes``."""
    root = _parse_root(data)
    ns, local = split_tag(root.tag)
    if local != "Project" or not (ns == "" or ns.startswith("urn:QDA-XML:project:")):
        raise ValidationError(f"not a REFI-QDA project: the root element is <{local}>, expected <Project>")
    book = next((child for child in root if split_tag(child.tag) == (ns, "CodeBook")), None)
    codes = None if book is None else next((c for c in book if split_tag(c.tag) == (ns, "Codes")), None)
    origin = _one_line(root.get("origin") or "") or "unknown software"
    return codebook_from_codes(
        codes,
        ns,
        codebook_id=codebook_id,
        version=version,
        description=f"Imported from the codebook of a REFI-QDA project written by {origin}.",
    )


def _qde_in_archive(file: Path) -> bytes:
    from annotator.errors import ImportRefused
    from annotator.formats.common import read_archive

    try:
        members = read_archive(file)
    except ImportRefused as exc:
        raise ValidationError(str(exc)) from exc
    name = next((m for m in members if m.lower() == "project.qde"), None) or next(
        (m for m in members if m.lower().endswith("/project.qde")), None
    )
    if name is None:
        raise ValidationError("no project.qde in the archive (not a REFI-QDA project)")
    return members[name]


def read_codebook_file(path: str | os.PathLike[str]) -> Codebook:
    """Read a codebook file: ``.qdc`` as REFI-QDA, ``.qdpx``/``.qde`` (the project's codebook), else JSON.

    A REFI-QDA codebook gets its id from the file name (made into a slug) and its name from the
    file name without the suffix; its version is ``1``.
    """
    file = Path(path)
    suffix = file.suffix.lower()
    if suffix in (".qdpx", ".qde"):
        try:
            data = _qde_in_archive(file) if suffix == ".qdpx" else file.read_bytes()
            codebook = codebook_from_qde(data, codebook_id=slugify(file.stem) or "refi-qda")
        except OSError as exc:
            raise ValidationError(f"{file}: cannot read ({exc.strerror or exc})") from exc
        except ValidationError as exc:
            raise ValidationError(f"{file}: {exc}") from exc
        return replace(codebook, name=file.stem)
    if suffix != ".qdc":
        return load_codebook_file(str(file))
    try:
        data = file.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{file}: cannot read ({exc.strerror or exc})") from exc
    try:
        codebook = codebook_from_qdc(data, codebook_id=slugify(file.stem) or None)
    except ValidationError as exc:
        raise ValidationError(f"{file}: {exc}") from exc
    return replace(codebook, name=file.stem)


def write_codebook_file(codebook: Codebook, path: str | os.PathLike[str], fmt: str) -> None:
    """Write the codebook to ``path`` as ``"json"`` (our lossless format) or ``"qdc"`` (REFI-QDA).

    The file is replaced atomically: a reader sees the old file or the new one, never half of it.
    """
    kind = fmt.lower().lstrip(".")
    if kind == "json":
        text = json.dumps(codebook_to_dict(codebook), ensure_ascii=False, indent=2) + "\n"
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ValidationError(
                f"the codebook contains text that cannot be written as UTF-8 ({exc.reason})"
            ) from exc
    elif kind == "qdc":
        data = codebook_to_qdc(codebook)
    else:
        raise ValidationError(f"unknown codebook format {fmt!r}; use one of {', '.join(CODEBOOK_FORMATS)}")
    write_bytes_atomically(Path(path), data)
