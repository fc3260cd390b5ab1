"""brat standoff: a ``.txt`` file and a ``.ann`` file beside it, per document.

Offsets in ``.ann`` files are code points into the ``.txt`` file as stored (brat is Python; its
own example corpora confirm it), end exclusive; a span is ``start end``, or fragments
``start end;start end`` for a span in pieces.

Export (a zip)
    One ``NNN-title.txt`` (the text, UTF-8, LF) and ``NNN-title.ann`` per document, and an
    ``annotation.conf`` declaring the categories as entity types (with ``<OVERLAP>`` allowed, since
    spans overlap and nest) and the choice and boolean attributes. Every annotation is a ``T``
    line typed with its category id. brat forbids line breaks inside a fragment, so a span across
    lines is written as fragments split at the line breaks; its text field holds the fragments
    joined by spaces (brat's convention). Choice attributes become ``A`` lines (``A3<TAB>speaker_role
    T1 official``), a true boolean a binary ``A`` line; text and number attributes, false booleans
    and choice values with spaces become notes typed with the attribute id
    (``#4<TAB>speaker T1<TAB>Ana``), the annotation's note an ``AnnotatorNotes`` note and its coder
    a ``Coder`` note. Line breaks inside notes become spaces. The zip is chosen over a folder
    because it is written atomically in one file; unzip it into brat's ``data`` folder.

Import (a ``.ann`` with its ``.txt``, or a zip of pairs)
    ``T`` lines become spans; the text field is checked against the text at the offsets (line
    breaks count as spaces, fragments are joined by one space). Fragments separated only by
    whitespace that contains a line break are one span across lines and are joined again; other
    fragments (a really discontinuous span) become separate spans, with a warning. ``A`` lines on
    spans become attributes (binary ones ``true``), ``AnnotatorNotes`` the note, ``Coder`` the
    annotator, and notes of any other type an attribute of that name (matched onto the codebook,
    else kept in the note as ``Type: text``). Relations (``R``), events (``E``: their trigger spans
    are kept), equivalences (``*``), normalisations (``N``) and attributes or notes on them are
    left out with a warning. Without ``Coder`` notes the annotator is ``brat import``.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from annotator.codebook import codebook_from_dict
from annotator.errors import ImportRefused
from annotator.formats.common import (
    ForeignData,
    ForeignDocument,
    ForeignSpan,
    Problems,
    annotator_names,
    decode_utf8,
    file_stem,
    is_zip,
    read_archive,
    read_file_bytes,
    same_text,
    short,
    zip_bytes,
)

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "brat"
DEFAULT_ANNOTATOR = "brat import"
NOTE_TYPE = "AnnotatorNotes"
CODER_TYPE = "Coder"

_T_LINE = re.compile(r"^(T\d+)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)\t(.*)$")
_FRAGMENT = re.compile(r"(\d+) (\d+)")


@dataclass
class _TextBound:
    ident: str
    label: str
    fragments: list[tuple[int, int]]
    line: int
    attributes: dict[str, Any] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    coder: str = ""


def _one_line(text: str) -> str:
    return re.sub(r"\s*[\r\n]+\s*", " ", text)


# -- reading ------------------------------------------------------------------------------------------


def parse_ann(ann: str, text: str, *, name: str, warnings: list[str]) -> list[ForeignSpan]:
    """The spans of one ``.ann`` file over its ``.txt`` text (see the module docstring)."""
    problems = Problems(name)
    bounds: dict[str, _TextBound] = {}
    skipped: Counter[str] = Counter()
    later: list[tuple[int, str]] = []
    for number, line in enumerate(ann.split("\n"), start=1):
        line = line.rstrip("\r")
        if not line.strip():
            continue
        kind = line[0]
        if kind == "T":
            m = _T_LINE.match(line)
            if m is None:
                problems.add(f"line {number}", f"malformed text-bound annotation {short(line, 60)}")
                continue
            ident, label, offsets, covered = m.groups()
            fragments = [(int(a), int(b)) for a, b in _FRAGMENT.findall(offsets)]
            bad = next(((s, e) for s, e in fragments if not 0 <= s <= e <= len(text)), None)
            if bad is not None:
                problems.add(
                    f"line {number}",
                    f"{ident}: span [{bad[0]}, {bad[1]}) is outside the text (length {len(text)})",
                )
                continue
            found = " ".join(text[s:e] for s, e in fragments)
            if not same_text(found, covered, lines_as_spaces=True):
                problems.add(
                    f"line {number}",
                    f"{ident}: the text field {short(covered)} does not match the text at {offsets}: "
                    f"{short(found)}",
                )
                continue
            if ident in bounds:
                problems.add(f"line {number}", f"{ident} is defined twice")
                continue
            bounds[ident] = _TextBound(ident, label, fragments, number)
        elif kind in "AM#":
            later.append((number, line))
        elif kind in "REN*":
            skipped[{"R": "relations", "E": "events", "N": "normalisations", "*": "equivalences"}[kind]] += 1
        else:
            problems.add(f"line {number}", f"unknown annotation kind {short(line, 60)}")
    for number, line in later:
        parts = line.split("\t")
        fields = parts[1].split() if len(parts) > 1 else []
        if len(fields) < 2:
            problems.add(
                f"line {number}", f"malformed {'note' if line[0] == '#' else 'attribute'} {short(line, 60)}"
            )
            continue
        target = bounds.get(fields[1])
        if target is None:
            if fields[1][:1] in ("E", "R", "N", "*"):
                skipped["attributes and notes on events or relations"] += 1
                continue
            problems.add(f"line {number}", f"refers to {fields[1]}, which is not defined")
            continue
        if line[0] == "#":
            note = parts[2] if len(parts) > 2 else ""
            if fields[0] == NOTE_TYPE:
                target.notes.append(note)
            elif fields[0] == CODER_TYPE:
                target.coder = note.strip()
            else:
                previous = target.attributes.get(fields[0])
                value = note.strip()
                target.attributes[fields[0]] = f"{previous}; {value}" if isinstance(previous, str) else value
        else:
            target.attributes[fields[0]] = " ".join(fields[2:]) if len(fields) > 2 else True
    problems.raise_if_any()
    if skipped:
        warnings.append(
            f"{name}: left out (no place for them in a span dataset): "
            + ", ".join(f"{n} {what}" for what, n in sorted(skipped.items()))
        )
    spans: list[ForeignSpan] = []
    for bound in bounds.values():
        pieces = _rejoin(bound.fragments, text)
        if len(pieces) > 1:
            warnings.append(
                f"{name}: line {bound.line}: {bound.ident} is discontinuous ({len(pieces)} fragments); "
                f"imported as {len(pieces)} separate spans"
            )
        for start, end in pieces:
            spans.append(
                ForeignSpan(
                    start=start,
                    end=end,
                    label=bound.label,
                    where=f"{name}: line {bound.line} ({bound.ident})",
                    note="\n".join(bound.notes),
                    attributes=dict(bound.attributes),
                    annotator=bound.coder,
                )
            )
    return spans


def _rejoin(fragments: list[tuple[int, int]], text: str) -> list[tuple[int, int]]:
    """Fragments, with those separated by nothing but a line break (and spaces) made one span again."""
    pieces: list[tuple[int, int]] = []
    for start, end in sorted(fragments):
        if pieces:
            gap = text[pieces[-1][1] : start]
            if pieces[-1][1] <= start and gap.strip() == "" and ("\n" in gap or "\r" in gap):
                pieces[-1] = (pieces[-1][0], end)
                continue
        pieces.append((start, end))
    return pieces


def _document(
    text_bytes: bytes, ann_bytes: bytes, *, stem: str, name: str, warnings: list[str]
) -> ForeignDocument:
    text = decode_utf8(text_bytes, f"{stem}.txt")
    ann = decode_utf8(ann_bytes, name)
    spans = parse_ann(ann, text, name=name, warnings=warnings)
    return ForeignDocument(text=text, name=name, title=PurePosixPath(stem).name, spans=spans)


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A ``.ann`` file (its ``.txt`` beside it) or a zip of ``.txt``/``.ann`` pairs."""
    data = ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR)
    if is_zip(path):
        members = read_archive(path)
        anns = sorted(m for m in members if m.lower().endswith(".ann"))
        if not anns:
            raise ImportRefused(f"{path.name}: no brat .ann files in the archive")
        for member in anns:
            stem = member[:-4]
            txt = members.get(stem + ".txt")
            if txt is None:
                raise ImportRefused(f"{path.name}: {member}: no {PurePosixPath(stem).name}.txt beside it")
            data.documents.append(
                _document(
                    txt, members[member], stem=stem, name=f"{path.name}: {member}", warnings=data.warnings
                )
            )
        return data
    txt_path = path.with_suffix(".txt")
    if not txt_path.is_file():
        raise ImportRefused(f"{path.name}: no {txt_path.name} beside it (brat keeps the text in a .txt file)")
    data.documents.append(
        _document(
            read_file_bytes(txt_path),
            read_file_bytes(path),
            stem=path.stem,
            name=path.name,
            warnings=data.warnings,
        )
    )
    return data


# -- writing ------------------------------------------------------------------------------------------


def _fragments(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """``[start, end)`` split at line breaks (brat allows none inside a fragment)."""
    pieces: list[tuple[int, int]] = []
    pos = start
    for m in re.finditer("\n", text[start:end]):
        cut = start + m.start()
        if cut > pos:
            pieces.append((pos, cut))
        pos = cut + 1
    if end > pos:
        pieces.append((pos, end))
    return pieces or [(start, end)]


def _conf(data: Mapping[str, Any]) -> str:
    codebook = codebook_from_dict(data["codebook"])
    lines = ["# written by annotator: the codebook's categories as brat entity types", "[entities]"]
    lines += [c.id for c in codebook.categories]
    lines += [
        "",
        "[relations]",
        "<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>",
        "",
        "[events]",
        "",
    ]
    lines.append("[attributes]")
    attrs: dict[str, tuple[list[str], list[str] | None]] = {}
    for category in codebook.categories:
        for attr in category.attributes:
            if attr.type not in ("choice", "boolean"):
                continue
            args, values = attrs.setdefault(attr.id, ([], [] if attr.type == "choice" else None))
            args.append(category.id)
            if values is not None:
                values.extend(v for v in attr.choices if v not in values and not re.search(r"\s", v))
    for attr_id, (args, values) in attrs.items():
        value_part = f", Value:{'|'.join(values)}" if values else ""
        lines.append(f"{attr_id}\tArg:{'|'.join(args)}{value_part}")
    return "\n".join(lines) + "\n"


def write(data: Mapping[str, Any]) -> bytes:
    """The project as a zip of brat ``.txt``/``.ann`` pairs plus ``annotation.conf``."""
    names = annotator_names(data)
    choices = {
        (c["id"], a["id"])
        for c in data["codebook"]["categories"]
        for a in c.get("attributes", [])
        if a.get("type") == "choice"
    }
    files: list[tuple[str, bytes]] = [("annotation.conf", _conf(data).encode("utf-8"))]
    for index, doc in enumerate(data["documents"]):
        stem = file_stem(doc, index)
        text = doc["text"]
        lines: list[str] = []
        a = n = 0
        for t, ann in enumerate(doc["annotations"], start=1):
            tid = f"T{t}"
            pieces = _fragments(text, ann["start"], ann["end"])
            offsets = ";".join(f"{s} {e}" for s, e in pieces)
            covered = " ".join(text[s:e] for s, e in pieces)
            lines.append(f"{tid}\t{ann['category']} {offsets}\t{_one_line(covered)}")
            for key, value in ann["attributes"].items():
                if value is True:
                    a += 1
                    lines.append(f"A{a}\t{key} {tid}")
                elif (
                    (ann["category"], key) in choices
                    and isinstance(value, str)
                    and not re.search(r"\s", value)
                ):
                    a += 1
                    lines.append(f"A{a}\t{key} {tid} {value}")
                else:
                    n += 1
                    shown = "false" if value is False else str(value)
                    lines.append(f"#{n}\t{key} {tid}\t{_one_line(shown)}")
            if ann.get("note"):
                n += 1
                lines.append(f"#{n}\t{NOTE_TYPE} {tid}\t{_one_line(ann['note'])}")
            who = names.get(ann["annotator"])
            if who:
                n += 1
                lines.append(f"#{n}\t{CODER_TYPE} {tid}\t{_one_line(who)}")
        files.append((f"{stem}.txt", text.encode("utf-8")))
        files.append((f"{stem}.ann", ("\n".join(lines) + "\n" if lines else "").encode("utf-8")))
    return zip_bytes(files)
