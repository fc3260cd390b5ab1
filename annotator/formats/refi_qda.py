"""REFI-QDA project exchange (``.qdpx``): ATLAS.ti, MAXQDA, NVivo, QualCoder, f4analyse, Transana.

A ``.qdpx`` file is a zip holding ``project.qde`` (XML, namespace ``urn:QDA-XML:project:1.0``,
valid against the REFI ``Project.xsd``) and a ``sources/`` folder with the documents' text.

Positions: ``PlainTextSelection`` ``startPosition`` / ``endPosition`` are **code points** (Unicode
characters, what QualCoder counts) into the source's text file **exactly as stored**, end
exclusive. By default we write the text with LF line endings, so the positions are our own
offsets. ``line_endings="crlf"`` (``annotator export --format qdpx --line-endings crlf``)
writes every source with CRLF line endings and counts each CR as a character, which is what
Windows packages that keep CRLF text (MAXQDA, NVivo) expect. On import the positions count into
the file as stored, whatever its line endings (CRLF, LF or CR), and move with the text when it
is normalised to LF. Packages written in .NET may count UTF-16 units; the two counts differ only
after a character beyond U+FFFF (an emoji), which such files would place one character late.

Export
    ``Users``: one ``User`` per coder. ``CodeBook``: one ``Code`` per category (name = label,
    colour, definition and rules in ``Description``, children nested in their parent and
    ``isCodable`` as the category's flag, as in our ``.qdc`` export, same GUIDs).
    ``Variables``: ``source``, ``author``, ``url``, ``published``, ``language`` (Text),
    valued per document. ``Sources``: one ``TextSource`` per document (name = title, text in
    ``sources/<guid>.txt``, UTF-8) with one ``PlainTextSelection`` per annotation (its coder and
    times as creating / modifying user and dates), holding one ``Coding`` of the category, the
    attributes as ``id: value`` lines in the selection's ``Description`` (values with line breaks
    JSON-quoted), and a ``NoteRef`` to a ``Note`` (under ``Notes``) carrying the annotation's
    note. Every GUID is ``uuid5`` of our id, so the same project exported twice gives the same
    GUIDs (and, with fixed zip timestamps, the same bytes).

Import
    Every ``Coding`` of every ``PlainTextSelection`` of a ``TextSource`` becomes a span labelled
    with the code's name, by the coding's (else the selection's) creating user. Notes referenced
    by the selection or the coding become the note; a ``Description`` made of ``name: value``
    lines becomes attributes (else it is added to the note). Variables named like our document
    fields fill them. Selections without a coding, codings of a whole source, other kinds of
    source (PDF, picture, audio, video), cases, sets, links and graphs are left out with a
    warning. XML is parsed with :mod:`defusedxml`, DTDs forbidden; source files must be inside the
    archive (``internal://``).
"""

from __future__ import annotations

import contextlib
import json
import re
import xml.etree.ElementTree as ET
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from defusedxml import DefusedXmlException, DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml import ElementTree as SafeET

from annotator import __version__
from annotator.codebook import codebook_from_dict
from annotator.errors import ImportRefused
from annotator.formats.common import (
    ForeignData,
    ForeignDocument,
    ForeignSpan,
    Problems,
    derived_id,
    read_archive,
    short,
    zip_bytes,
)
from annotator.formats.qdc import write_codes
from annotator.formats.refi_common import code_guid, split_tag, xml_text

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "qdpx"
DEFAULT_ANNOTATOR = "REFI-QDA import"
QDE_NAMESPACE = "urn:QDA-XML:project:1.0"
_NAMESPACE_PREFIX = "urn:QDA-XML:project:"
VARIABLES = ("source", "author", "url", "published", "language")
_ATTRIBUTE_LINE = re.compile(r"^([A-Za-z0-9_.:-]{1,64}): (.*)$")


def guid(kind: str, ident: str) -> str:
    """A stable GUID for one of our objects (``kind`` keeps users, sources, selections apart)."""
    return derived_id("refi-qda", kind, ident)


# -- writing ------------------------------------------------------------------------------------------------


def _description(attributes: Mapping[str, Any]) -> str:
    lines = []
    for key, value in attributes.items():
        if isinstance(value, str):
            shown = (
                json.dumps(value, ensure_ascii=False)
                if (value != value.strip() or "\n" in value or value.startswith('"'))
                else value
            )
        else:
            shown = json.dumps(value)
        lines.append(f"{key}: {shown}")
    return "\n".join(lines)


def _crlf_positions(text: str) -> Any:
    newlines = [i for i, ch in enumerate(text) if ch == "\n"]
    return lambda pos: pos + bisect_left(newlines, pos)


def write(data: Mapping[str, Any], *, line_endings: str = "lf") -> bytes:
    """The project as a ``.qdpx`` zip (see the module docstring)."""
    codebook = codebook_from_dict(data["codebook"])
    root = ET.Element(
        "Project",
        {
            "xmlns": QDE_NAMESPACE,
            "name": xml_text(codebook.name or codebook.id),
            "origin": f"annotator {__version__}",
        },
    )
    users = {a["id"]: guid("user", a["id"]) for a in data["annotators"]}
    if data["annotators"]:
        users_el = ET.SubElement(root, "Users")
        for a in data["annotators"]:
            ET.SubElement(users_el, "User", {"guid": users[a["id"]], "name": xml_text(a["name"])})
    write_codes(ET.SubElement(ET.SubElement(root, "CodeBook"), "Codes"), codebook)
    used_variables = [v for v in VARIABLES if any(d.get(v) for d in data["documents"])]
    if used_variables:
        variables_el = ET.SubElement(root, "Variables")
        for v in used_variables:
            ET.SubElement(
                variables_el, "Variable", {"guid": guid("variable", v), "name": v, "typeOfVariable": "Text"}
            )
    files: list[tuple[str, bytes]] = []
    notes: list[tuple[str, dict[str, Any]]] = []
    if data["documents"]:
        sources_el = ET.SubElement(root, "Sources")
        for doc in data["documents"]:
            source_guid = guid("source", doc["id"])
            text = doc["text"]
            position = (lambda pos: pos) if line_endings == "lf" else _crlf_positions(text)
            stored = text if line_endings == "lf" else text.replace("\n", "\r\n")
            files.append((f"sources/{source_guid}.txt", stored.encode("utf-8")))
            source_el = ET.SubElement(
                sources_el,
                "TextSource",
                {
                    "guid": source_guid,
                    "name": xml_text(doc["title"]),
                    "plainTextPath": f"internal://{source_guid}.txt",
                },
            )
            for a in doc["annotations"]:
                selection_attrs = {
                    "guid": guid("selection", a["id"]),
                    "name": xml_text(a["quote"][:60]),
                    "startPosition": str(position(a["start"])),
                    "endPosition": str(position(a["end"])),
                    "creatingUser": users[a["annotator"]],
                }
                if a.get("created"):
                    selection_attrs["creationDateTime"] = a["created"]
                selection_attrs["modifyingUser"] = users[a["annotator"]]
                if a.get("modified"):
                    selection_attrs["modifiedDateTime"] = a["modified"]
                selection = ET.SubElement(source_el, "PlainTextSelection", selection_attrs)
                if a["attributes"]:
                    ET.SubElement(selection, "Description").text = xml_text(_description(a["attributes"]))
                coding_attrs = {"guid": guid("coding", a["id"]), "creatingUser": users[a["annotator"]]}
                if a.get("created"):
                    coding_attrs["creationDateTime"] = a["created"]
                coding = ET.SubElement(selection, "Coding", coding_attrs)
                ET.SubElement(coding, "CodeRef", {"targetGUID": code_guid(codebook.id, a["category"])})
                if a.get("note"):
                    note_guid = guid("note", a["id"])
                    ET.SubElement(selection, "NoteRef", {"targetGUID": note_guid})
                    notes.append((note_guid, a))
            for v in used_variables:
                if doc.get(v):
                    value_el = ET.SubElement(source_el, "VariableValue")
                    ET.SubElement(value_el, "VariableRef", {"targetGUID": guid("variable", v)})
                    ET.SubElement(value_el, "TextValue").text = xml_text(doc[v])
    if notes:
        notes_el = ET.SubElement(root, "Notes")
        for note_guid, a in notes:
            attrs = {
                "guid": note_guid,
                "name": xml_text(f"Note on “{a['quote'][:40]}”"),
                "creatingUser": users[a["annotator"]],
            }
            if a.get("created"):
                attrs["creationDateTime"] = a["created"]
            note_el = ET.SubElement(notes_el, "Note", attrs)
            ET.SubElement(note_el, "PlainTextContent").text = xml_text(a["note"])
    ET.indent(root, space=" ")
    qde = ('<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n").encode(
        "utf-8"
    )
    return zip_bytes([("project.qde", qde), *files])


# -- reading -----------------------------------------------------------------------------------------------


def parse_qde(data: bytes, name: str) -> ET.Element:
    """The ``project.qde`` root, parsed safely; refusals name the line and column."""
    try:
        root: ET.Element = SafeET.fromstring(data, forbid_dtd=True)
    except (DTDForbidden, EntitiesForbidden, ExternalReferenceForbidden) as exc:
        raise ImportRefused(
            f"{name}: refused: the XML declares a DTD or entities, which are unsafe to read"
        ) from exc
    except ET.ParseError as exc:
        line, column = getattr(exc, "position", (0, 0))
        raise ImportRefused(
            f"{name}: line {line}, column {column}: malformed XML ({exc.msg if hasattr(exc, 'msg') else exc})"
        ) from exc
    except (DefusedXmlException, ValueError, LookupError, UnicodeError) as exc:
        raise ImportRefused(f"{name}: cannot parse the XML ({exc})") from exc
    ns, local = split_tag(root.tag)
    if local != "Project" or not (ns == "" or ns.startswith(_NAMESPACE_PREFIX)):
        raise ImportRefused(f"{name}: the root element is <{local}>, expected a REFI-QDA <Project>")
    return root


def _decode(data: bytes, name: str) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise ImportRefused(f"{name}: not UTF-16 text despite its byte-order mark") from exc
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ImportRefused(f"{name}: not UTF-8 text (byte {exc.start})") from exc


def _int(value: str | None) -> int | None:
    return int(value) if value is not None and re.fullmatch(r"\s*\d+\s*", value) else None


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A ``.qdpx`` project (see the module docstring)."""
    name = path.name
    members = read_archive(path)
    qde_name = next((m for m in members if m.lower() == "project.qde"), None) or next(
        (m for m in members if m.lower().endswith("/project.qde")), None
    )
    if qde_name is None:
        raise ImportRefused(f"{name}: no project.qde in the archive (not a REFI-QDA project)")
    where_qde = f"{name}: project.qde"
    root = parse_qde(members[qde_name], where_qde)
    ns = split_tag(root.tag)[0]
    base = qde_name[: -len("project.qde")]
    lower_members = {m.lower(): m for m in members}

    def tag(local: str) -> str:
        return f"{{{ns}}}{local}" if ns else local

    def kids(el: ET.Element | None, local: str) -> list[ET.Element]:
        return [] if el is None else el.findall(tag(local))

    problems = Problems(where_qde)
    skipped: Counter[str] = Counter()
    data = ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR)

    users = {
        (u.get("guid") or "").strip("{}").lower(): u.get("name") or u.get("id") or ""
        for u in root.iter(tag("User"))
    }
    codes = {(c.get("guid") or "").strip("{}").lower(): c.get("name") or "" for c in root.iter(tag("Code"))}
    variables = {
        (v.get("guid") or "").strip("{}").lower(): (v.get("name") or "") for v in root.iter(tag("Variable"))
    }

    def file_text(path_attr: str, where: str) -> str | None:
        if not path_attr.startswith("internal://"):
            problems.add(
                where,
                f"the text is outside the project ({short(path_attr, 60)}); only internal:// is read",
            )
            return None
        wanted = (base + "sources/" + path_attr[len("internal://") :]).lower()
        member = lower_members.get(wanted)
        if member is None:
            problems.add(where, f"{path_attr} is not in the archive")
            return None
        return _decode(members[member], f"{name}: {member}")

    notes: dict[str, str] = {}
    notes_el = root.find(tag("Notes"))
    for note in kids(notes_el, "Note"):
        key = (note.get("guid") or "").strip("{}").lower()
        content = note.find(tag("PlainTextContent"))
        if content is not None:
            notes[key] = content.text or ""
        elif note.get("plainTextPath"):
            notes[key] = file_text(note.get("plainTextPath") or "", f"<Note guid={key}>") or ""

    def note_refs(el: ET.Element) -> list[str]:
        found = []
        for ref in kids(el, "NoteRef"):
            target = (ref.get("targetGUID") or "").strip("{}").lower()
            if notes.get(target):
                found.append(notes[target])
        return found

    sources_el = root.find(tag("Sources"))
    for child in [] if sources_el is None else list(sources_el):
        local = split_tag(child.tag)[1]
        if local != "TextSource":
            skipped[f"{local}s"] += 1
            continue
        source_guid = child.get("guid") or "?"
        where = f"<TextSource guid={source_guid}>"
        content = child.find(tag("PlainTextContent"))
        if content is not None:
            text: str | None = content.text or ""
        else:
            text = file_text(child.get("plainTextPath") or "", where)
        if text is None:
            continue
        doc = ForeignDocument(text=text, name=f"{name}: {where}", title=child.get("name") or "")
        for value_el in kids(child, "VariableValue"):
            ref = value_el.find(tag("VariableRef"))
            var = (
                variables.get((ref.get("targetGUID") or "").strip("{}").lower(), "")
                if ref is not None
                else ""
            )
            shown = next((c.text or "" for c in value_el if split_tag(c.tag)[1] != "VariableRef"), "")
            if var.casefold() in VARIABLES:
                setattr(doc, var.casefold(), shown.strip())
            else:
                skipped["document variables that are not document fields"] += 1
        if kids(child, "Coding"):
            skipped["codings of a whole source"] += len(kids(child, "Coding"))
        for selection in kids(child, "PlainTextSelection"):
            sel_guid = selection.get("guid") or "?"
            sel_where = f"{where} <PlainTextSelection guid={sel_guid}>"
            start, end = _int(selection.get("startPosition")), _int(selection.get("endPosition"))
            if start is None or end is None:
                problems.add(sel_where, "startPosition and endPosition must be non-negative integers")
                continue
            codings = kids(selection, "Coding")
            if not codings:
                skipped["selections without a code"] += 1
                continue
            note_lines = note_refs(selection)
            attributes: dict[str, Any] = {}
            description_el = selection.find(tag("Description"))
            description = (description_el.text or "").strip() if description_el is not None else ""
            if description:
                lines = description.split("\n")
                parsed = [_ATTRIBUTE_LINE.match(line) for line in lines]
                if all(parsed):
                    for m in parsed:
                        assert m is not None
                        value: Any = m.group(2)
                        if value.startswith('"'):
                            with contextlib.suppress(ValueError):
                                value = json.loads(value)
                        attributes[m.group(1)] = value
                else:
                    note_lines.insert(0, description)
            for coding in codings:
                ref = coding.find(tag("CodeRef"))
                code_key = (ref.get("targetGUID") or "").strip("{}").lower() if ref is not None else ""
                if code_key not in codes:
                    problems.add(
                        f"{sel_where} <Coding guid={coding.get('guid') or '?'}>",
                        f"CodeRef {code_key or '(none)'} names no code of the codebook",
                    )
                    continue
                user = (coding.get("creatingUser") or selection.get("creatingUser") or "").strip("{}").lower()
                doc.spans.append(
                    ForeignSpan(
                        start=start,
                        end=end,
                        label=codes[code_key],
                        where=f"{name}: {sel_where}",
                        note="\n".join([*note_lines, *note_refs(coding)]),
                        attributes=dict(attributes),
                        annotator=users.get(user, ""),
                        created=coding.get("creationDateTime") or selection.get("creationDateTime"),
                        modified=selection.get("modifiedDateTime") or coding.get("creationDateTime"),
                    )
                )
        data.documents.append(doc)
    for local in ("Cases", "Sets", "Links", "Graphs"):
        if root.find(tag(local)) is not None:
            skipped[local.lower()] += 1
    problems.raise_if_any()
    if skipped:
        data.warnings.append(
            f"{name}: left out: " + ", ".join(f"{n} {w}" for w, n in sorted(skipped.items()))
        )
    return data
