"""What every exchange format shares: the parsed form, the mapping onto the codebook, safe containers.

Readers turn a file into :class:`ForeignData`: documents with their text *exactly as stored in the
file* and spans in code points into that text, each with the format's own label and a location
(``line 12``, ``<PlainTextSelection guid=...>``) for messages. They check what only they can check
(the format's own covered text against the text, units, syntax) and raise
:class:`~annotator.errors.ImportRefused` naming the file, the place and the problem.

:func:`build_dataset` then makes the dataset dict of :mod:`annotator.dataset` out of it, so that an
import goes through :func:`~annotator.dataset.import_dataset_data` (validation, all or nothing):

- Text gets the one normalisation every text gets (BOM dropped, CRLF / CR to LF) and the offsets
  are moved with it, so a span that counted a CR still covers the same characters.
- Labels are mapped onto the project's codebook: ``mapping`` first (``LABEL -> category``; a target
  of ``-`` or an empty one drops that label's spans), then a case-insensitive match on a category's
  id or label. Labels that match nothing refuse the whole file with the list of them and how often
  each occurs, so the user can add ``--map`` options; nothing is written.
- Attributes are matched onto the category's attributes (case-insensitive id or label) and
  converted to the attribute's type; anything that does not fit (an attribute the codebook does
  not define, a value that is not one of the choices) is kept as a ``name: value`` line in the
  note, with a warning, rather than dropped.
- Ids are derived, so importing the same file again changes nothing: documents by the SHA-256 of
  their text, annotators by name (an annotator of that name, ignoring case, already in the
  project is reused; a reader that knows the coder's id, as from our own Label Studio export,
  names that layer directly),
  annotations by ``uuid5`` of text hash, offsets, category and annotator. Spans that are already in
  the project with the same offsets, category and annotator are left out, so exporting a project
  and importing the file back into it adds nothing either. Identical spans inside one file are
  merged (with a warning).
"""

from __future__ import annotations

import io
import json
import re
import stat
import uuid
import zipfile
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Final

from annotator.codebook import codebook_to_dict
from annotator.domain import AttributeDef, Category, Codebook
from annotator.errors import ImportRefused, ValidationError
from annotator.project import Project
from annotator.text import control_character_problem, normalize_text, text_sha256

NAMESPACE: Final = uuid.uuid5(uuid.NAMESPACE_URL, "urn:annotator:formats")
"""Namespace of every id this package derives with :func:`uuid.uuid5`."""

MAX_FILE_BYTES: Final = 256 * 1024 * 1024
MAX_ARCHIVE_MEMBERS: Final = 20_000
MAX_ARCHIVE_BYTES: Final = 512 * 1024 * 1024
# A member that inflates more than this many times is a zip bomb, not a text (text packs ~3-10x).
MAX_COMPRESSION_RATIO: Final = 200
_MAX_PROBLEMS: Final = 50

_SURROGATE: Final = re.compile("[\ud800-\udfff]")

DROP: Final = "-"
"""Mapping target that drops a label's spans instead of importing them."""


def derived_id(*parts: object) -> str:
    """A stable UUID from ``parts``: the same input always gives the same id."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(str(p) for p in parts)))


# -- the parsed form ---------------------------------------------------------------------------------


@dataclass
class ForeignSpan:
    """One span as a format states it; offsets are code points into the document's raw text."""

    start: int
    end: int
    label: str
    where: str
    note: str = ""
    attributes: dict[str, Any] = field(default_factory=dict)
    annotator: str = ""
    created: str | None = None
    modified: str | None = None
    #: The coder's id in the project the file came from, when the format keeps it (our own Label
    #: Studio exports do): the spans go to that layer if the project has it.
    annotator_id: str | None = None


@dataclass
class ForeignDocument:
    """A document as read: ``text`` exactly as stored (CRLF and all), ``name`` for messages."""

    text: str
    name: str
    title: str = ""
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    spans: list[ForeignSpan] = field(default_factory=list)


@dataclass
class ForeignData:
    """Everything one file (or archive) holds, and what the reader had to leave out."""

    format: str
    documents: list[ForeignDocument] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    default_annotator: str = "imported"


class Problems:
    """Collects located problems and refuses the file with all of them (up to a limit)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.items: list[str] = []

    def add(self, where: str, problem: str) -> None:
        if len(self.items) < _MAX_PROBLEMS:
            self.items.append(f"{where}: {problem}" if where else problem)

    def raise_if_any(self, what: str = "cannot be imported") -> None:
        """One problem: one line naming it; several: a headline and the list (as datasets do)."""
        if len(self.items) == 1:
            raise ImportRefused(f"{self.name}: {self.items[0]}")
        if self.items:
            more = "+" if len(self.items) >= _MAX_PROBLEMS else ""
            raise ImportRefused(f"{self.name}: {what} ({len(self.items)}{more} problems)", list(self.items))


def refuse(name: str, where: str, problem: str) -> ImportRefused:
    """The exception for one located problem (``raise refuse(...)``)."""
    return ImportRefused(f"{name}: {where}: {problem}" if where else f"{name}: {problem}")


# -- reading files and archives ------------------------------------------------------------------------


def read_file_bytes(path: Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """A file's bytes, refusing folders, unreadable and oversized files with one line."""
    name = path.name or str(path)
    try:
        if path.is_dir():
            raise ImportRefused(f"{name}: is a folder, not a file")
        size = path.stat().st_size
        if size > limit:
            raise ImportRefused(f"{name}: too big ({size // (1 << 20)} MB; the limit is {limit >> 20} MB)")
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        raise ImportRefused(f"{name}: cannot read it ({exc.strerror or exc})") from exc
    if len(data) > limit:
        raise ImportRefused(f"{name}: too big (more than {limit >> 20} MB)")
    return data


def decode_utf8(data: bytes, name: str) -> str:
    """UTF-8 text (a BOM is allowed and dropped later by the normalisation)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise refuse(name, f"line {line}", f"not UTF-8 text (byte {exc.start})") from exc


def load_json(data: bytes | str, name: str) -> Any:
    """Parsed JSON, or a refusal naming the line and column of the first error."""
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data
    except UnicodeDecodeError as exc:
        raise refuse(name, "", f"not UTF-8 text (byte {exc.start})") from exc
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise refuse(name, f"line {exc.lineno}, column {exc.colno}", f"not valid JSON ({exc.msg})") from exc
    except RecursionError as exc:
        raise refuse(name, "", "JSON nested too deeply") from exc


def _unsafe_member(name: str) -> str | None:
    """Why an archive member's name is unsafe to use, or ``None``."""
    if not name or "\x00" in name:
        return "an empty name or a NUL byte"
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return "an absolute path"
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        return "'..' (a path outside the archive)"
    return None


def read_archive(
    path: Path,
    *,
    max_members: int | None = None,
    max_bytes: int | None = None,
    max_ratio: int | None = None,
) -> dict[str, bytes]:
    """The files of a zip archive, by their names inside it, after checking it is safe to unpack.

    Refused before anything is inflated: path traversal (absolute names, ``..``), symbolic links,
    encrypted members, more than ``max_members`` members, a total uncompressed size over
    ``max_bytes``, and members that inflate suspiciously far (zip bombs). Reading then stops at the
    declared size, so a header that lies about it cannot make us inflate more.
    """
    max_members = MAX_ARCHIVE_MEMBERS if max_members is None else max_members
    max_bytes = MAX_ARCHIVE_BYTES if max_bytes is None else max_bytes
    max_ratio = MAX_COMPRESSION_RATIO if max_ratio is None else max_ratio
    name = path.name
    data = read_file_bytes(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused(f"{name}: not a zip archive, or a damaged one ({exc})") from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > max_members:
            raise ImportRefused(
                f"{name}: refused: {len(infos)} members in the archive (the limit is {max_members})"
            )
        total = 0
        for info in infos:
            problem = _unsafe_member(info.filename)
            if problem:
                raise ImportRefused(f"{name}: refused: member {info.filename!r} has {problem}")
            if stat.S_ISLNK(info.external_attr >> 16):
                raise ImportRefused(f"{name}: refused: member {info.filename!r} is a symbolic link")
            if info.flag_bits & 0x1:
                raise ImportRefused(f"{name}: refused: member {info.filename!r} is encrypted")
            total += info.file_size
            if total > max_bytes:
                raise ImportRefused(f"{name}: refused: the archive unpacks to more than {max_bytes >> 20} MB")
            if info.file_size > 1 << 20 and info.file_size > max_ratio * max(info.compress_size, 1):
                raise ImportRefused(
                    f"{name}: refused: member {info.filename!r} inflates "
                    f"{info.file_size // max(info.compress_size, 1)} times (a zip bomb?)"
                )
        members: dict[str, bytes] = {}
        for info in infos:
            if info.is_dir():
                continue
            try:
                with archive.open(info) as fh:
                    content = fh.read(info.file_size + 1)
            except (zipfile.BadZipFile, OSError, ValueError, RuntimeError, EOFError) as exc:
                raise ImportRefused(f"{name}: member {info.filename!r} cannot be read ({exc})") from exc
            if len(content) > info.file_size:
                raise ImportRefused(f"{name}: refused: member {info.filename!r} is larger than it declares")
            members[info.filename.replace("\\", "/")] = content
    return members


def is_zip(path: Path) -> bool:
    try:
        with path.open("rb") as fh:
            return fh.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def zip_bytes(files: Iterable[tuple[str, bytes]]) -> bytes:
    """A deterministic zip (fixed timestamps, given order): the same export gives the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for member, content in files:
            info = zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content)
    return buffer.getvalue()


def file_stem(document: Mapping[str, Any], index: int) -> str:
    """A safe, unique-by-position file name for a document in an archive: ``003-title-words``."""
    title = str(document.get("title") or "")
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower()[:40].strip("-")
    return f"{index + 1:03d}-{slug or 'document'}"


def normalise_with_map(raw: str) -> tuple[str, Callable[[int], int]]:
    """The normalised text and a function moving a raw offset onto it.

    :func:`annotator.text.normalize_text` drops a leading BOM and the CR of every CRLF (a lone CR
    becomes LF, keeping its place), so a raw offset moves back by the number of dropped characters
    before it.
    """
    text = normalize_text(raw)
    if len(text) == len(raw):
        return text, lambda i: i
    dropped = [0] if raw.startswith("\ufeff") else []
    dropped.extend(m.start() for m in re.finditer("\r\n", raw))
    return text, lambda i: i - bisect_left(dropped, i)


def same_text(found: str, given: str, *, lines_as_spaces: bool = False) -> bool:
    """Whether a format's covered text matches the text it points at (optionally lines as spaces)."""
    if found == given:
        return True
    if lines_as_spaces:
        return re.sub(r"\r\n|[\r\n]", " ", found) == re.sub(r"\r\n|[\r\n]", " ", given)
    return False


def short(text: str, limit: int = 40) -> str:
    """``text`` for a message: repr, clipped."""
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")


# -- labels, attributes, annotators -------------------------------------------------------------------------


def parse_mapping(items: Iterable[str]) -> dict[str, str]:
    """``["LABEL=category", ...]`` (the ``--map`` options) as a dict; refuses a malformed item."""
    mapping: dict[str, str] = {}
    for item in items:
        label, sep, target = item.partition("=")
        if not sep or not label.strip():
            raise ValidationError(f"--map {item!r}: expected LABEL=CATEGORY (or LABEL=- to drop that label)")
        mapping[label.strip()] = target.strip()
    return mapping


def _key(text: str) -> str:
    return text.strip().casefold()


def _identifier(text: str) -> str:
    return re.sub(r"[^0-9a-z]+", "_", text.casefold()).strip("_")


def find_category(codebook: Codebook, name: str) -> Category | None:
    """The category whose id or label is ``name`` (case-insensitive)."""
    wanted = _key(name)
    for category in codebook.categories:
        if _key(category.id) == wanted:
            return category
    return next((c for c in codebook.categories if _key(c.label) == wanted), None)


def find_attribute(category: Category, name: str) -> AttributeDef | None:
    """The category's attribute named ``name``: id, label or the id as a UIMA/TSV feature name."""
    wanted = _key(name)
    plain = wanted[5:] if wanted.startswith("attr_") else wanted
    for attr in category.attributes:
        if wanted in (_key(attr.id), _key(attr.label)) or _identifier(attr.id) in (
            _identifier(wanted),
            _identifier(plain),
        ):
            return attr
    return None


def feature_name(attribute_id: str) -> str:
    """An attribute id as a Java identifier (UIMA features, TSV columns): ``a-b`` -> ``a_b``."""
    name = re.sub(r"[^0-9A-Za-z_]", "_", attribute_id)
    return name if name and not name[0].isdigit() else f"a_{name}"


_TRUE = {"true", "yes", "y", "1", "on", "t"}
_FALSE = {"false", "no", "n", "0", "off", "f"}


def coerce_attribute(attr: AttributeDef, value: Any) -> tuple[bool, Any]:
    """``(True, value)`` converted to the attribute's type, or ``(False, None)`` when it does not fit."""
    if attr.type == "boolean":
        if isinstance(value, bool):
            return True, value
        if isinstance(value, str | int) and str(value).strip().casefold() in _TRUE | _FALSE:
            return True, str(value).strip().casefold() in _TRUE
        return False, None
    if attr.type == "number":
        if isinstance(value, int | float) and not isinstance(value, bool):
            return True, value
        if isinstance(value, str):
            try:
                number = float(value.strip())
            except ValueError:
                return False, None
            return True, int(number) if number.is_integer() and re.fullmatch(
                r"\s*-?\d+\s*", value
            ) else number
        return False, None
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | str):
        text = str(value)
    else:
        return False, None
    if attr.type == "choice":
        if text in attr.choices:
            return True, text
        match = next((c for c in attr.choices if _key(c) == _key(text)), None)
        return (True, match) if match is not None else (False, None)
    return True, text


def attribute_note(name: str, value: Any) -> str:
    """How an attribute the codebook cannot hold is kept in the note."""
    if value is True:
        return name
    if isinstance(value, bool):
        return f"{name}: false"
    return f"{name}: {value}"


# -- building the dataset ---------------------------------------------------------------------------------


@dataclass
class Built:
    """The dataset to import, and what was left out on the way."""

    data: dict[str, Any]
    warnings: list[str]
    already_there: int = 0
    dropped: int = 0


def _resolve_labels(
    foreign: ForeignData, codebook: Codebook, mapping: Mapping[str, str], name: str
) -> dict[str, str | None]:
    counts = Counter(span.label for doc in foreign.documents for span in doc.spans)
    folded = {_key(k): v for k, v in mapping.items()}
    resolved: dict[str, str | None] = {}
    unknown: list[str] = []
    bad_targets: list[str] = []
    for label in counts:
        target = mapping.get(label, folded.get(_key(label)))
        if target is not None:
            if target in ("", DROP):
                resolved[label] = None
                continue
            category = find_category(codebook, target)
            if category is None:
                bad_targets.append(f"{label}={target}")
                continue
            resolved[label] = category.id
            continue
        category = find_category(codebook, label)
        if category is None:
            unknown.append(label)
        else:
            resolved[label] = category.id
    if bad_targets:
        raise ImportRefused(
            f"{name}: --map names categories that are not in the codebook: {', '.join(bad_targets)} "
            f"(categories: {', '.join(codebook.category_ids)})"
        )
    if unknown:
        listed = ", ".join(
            f"{label or '(empty)'} ({counts[label]})" for label in sorted(unknown, key=str.casefold)
        )
        raise ImportRefused(
            f"{name}: labels that are not categories of codebook {codebook.id}: {listed}; "
            f"map them with --map LABEL=CATEGORY (categories: {', '.join(codebook.category_ids)}), "
            "or drop them with --map LABEL=-"
        )
    return resolved


def build_dataset(
    foreign: ForeignData, project: Project, *, mapping: Mapping[str, str] | None = None, name: str
) -> Built:
    """The dataset dict for ``foreign`` under the project's codebook (see the module docstring)."""
    codebook = project.codebook
    resolved = _resolve_labels(foreign, codebook, mapping or {}, name)
    warnings = list(foreign.warnings)
    problems = Problems(name)

    # Layer names are unique ignoring case and outer spaces (annotator.store.guards), so a file's
    # "ada" is the project's "Ada".
    known_by_name: dict[str, tuple[str, str]] = {}
    known_by_id: dict[str, str] = {}
    for annotator in sorted(project.annotators(), key=lambda a: a.kind != "coder"):
        known_by_name.setdefault(_name_key(annotator.name), (annotator.id, annotator.name))
        known_by_id[annotator.id] = annotator.name
    used_annotators: dict[str, str] = {}  # id -> name, of every layer the file's spans go to
    by_name: dict[str, str] = {}  # a file's coder name (its key) -> the layer id it went to

    def annotator_id(who: str, hint: str | None = None) -> str:
        """The layer of a file's coder: the one the file names by id (``hint``) if the project
        has it, else the project's layer of that name, else a new one (id ``hint`` if given)."""
        if hint is not None and hint in known_by_id:
            used_annotators.setdefault(hint, known_by_id[hint])
            return hint
        who = " ".join(who.split()) or foreign.default_annotator
        key = _name_key(who)
        if key in known_by_name:
            aid, name = known_by_name[key]
            used_annotators.setdefault(aid, name)
            return aid
        if hint is None:
            if key not in by_name:
                by_name[key] = derived_id("annotator", who)
                used_annotators[by_name[key]] = who
            return by_name[key]
        if hint not in used_annotators:
            # two coders the file tells apart by id but not by name get a number
            taken = {_name_key(n) for n in used_annotators.values()}
            name, number = who, 1
            while _name_key(name) in taken:
                number += 1
                name = f"{who} {number}"
            used_annotators[hint] = name
        return hint

    existing_docs = {d.sha256: d.id for d in project.documents()}
    existing_spans = {
        (a.document_id, a.start, a.end, a.category, a.annotator_id) for a in project.annotations()
    }

    documents: dict[str, dict[str, Any]] = {}
    keys: dict[tuple[str, int, int, str, str], dict[str, Any]] = {}
    merged = already = dropped = 0
    unfit: Counter[str] = Counter()
    for doc in foreign.documents:
        if _SURROGATE.search(doc.text):
            where = doc.name.removeprefix(f"{name}: ")
            problems.add(where, "the text contains an unpaired surrogate (not valid Unicode)")
            continue
        text, move = normalise_with_map(doc.text)
        if not text.strip():
            problems.add(doc.name.removeprefix(f"{name}: "), "the document has no text")
            continue
        control = control_character_problem(text)  # offsets in the text as stored (CR is LF by now)
        if control is not None:
            problems.add(doc.name.removeprefix(f"{name}: "), f"the text {control}")
            continue
        sha = text_sha256(text)
        entry = documents.get(sha)
        if entry is None:
            entry = {
                "id": existing_docs.get(sha) or derived_id("document", sha),
                "title": " ".join(doc.title.split()) or "Untitled",
                "source": doc.source,
                "author": doc.author,
                "url": doc.url,
                "published": doc.published,
                "language": doc.language,
                "text": text,
                "sha256": sha,
                "status": "not_started",
                "provenance": {"filename": doc.name, "sha256": ""},
                "annotations": [],
            }
            documents[sha] = entry
        for span in doc.spans:
            if not 0 <= span.start <= span.end <= len(doc.text):
                problems.add(
                    span.where.removeprefix(f"{name}: "),
                    f"span [{span.start}, {span.end}) is outside the text (length {len(doc.text)})",
                )
                continue
            start, end = move(span.start), move(span.end)
            if start >= end:
                warnings.append(f"{span.where}: empty span [{span.start}, {span.end}) left out")
                continue
            category_id = resolved[span.label]
            if category_id is None:
                dropped += 1
                continue
            category = codebook.category(category_id)
            assert category is not None
            who = annotator_id(span.annotator, span.annotator_id)
            attributes: dict[str, Any] = {}
            note_lines = [span.note] if span.note else []
            for raw_name, raw_value in span.attributes.items():
                attr = find_attribute(category, raw_name)
                ok, value = coerce_attribute(attr, raw_value) if attr is not None else (False, None)
                if ok and attr is not None and attr.id not in attributes:
                    attributes[attr.id] = value
                else:
                    unfit[raw_name] += 1
                    note_lines.append(attribute_note(raw_name, raw_value))
            note = "\n".join(note_lines)
            key = (entry["id"], start, end, category_id, who)
            if key in existing_spans:
                already += 1
                continue
            if key in keys:
                merged += 1
                twin = keys[key]
                if note and note not in twin["note"].split("\n"):
                    twin["note"] = f"{twin['note']}\n{note}" if twin["note"] else note
                for k, v in attributes.items():
                    twin["attributes"].setdefault(k, v)
                continue
            annotation = {
                "id": derived_id("annotation", sha, start, end, category_id, who),
                "start": start,
                "end": end,
                "quote": text[start:end],
                "category": category_id,
                "annotator": who,
                "attributes": attributes,
                "note": note,
                "codebook_version": codebook.version,
                "created": span.created,
                "modified": span.modified or span.created,
            }
            keys[key] = annotation
            entry["annotations"].append(annotation)
    problems.raise_if_any()
    if unfit:
        listed = ", ".join(f"{k} ({n})" for k, n in sorted(unfit.items()))
        warnings.append(
            f"attributes the codebook does not define for the category were kept in the note: {listed}"
        )
    if merged:
        warnings.append(f"{merged} identical spans (same offsets, category and annotator) were merged")
    if dropped:
        warnings.append(f"{dropped} spans with labels mapped to '-' were left out")
    annotators = [
        {"id": aid, "name": who, "kind": "coder"}
        for aid, who in sorted(used_annotators.items(), key=lambda pair: (pair[1], pair[0]))
    ]
    data = {
        "format": "annotator-dataset",
        "version": 1,
        "exported": "",
        "codebook": codebook_to_dict(codebook),
        "annotators": annotators,
        "documents": list(documents.values()),
    }
    return Built(data=data, warnings=warnings, already_there=already, dropped=dropped)


# -- helpers for writers -------------------------------------------------------------------------------------


def _name_key(name: str) -> str:
    return name.strip().lower()


def annotator_names(data: Mapping[str, Any]) -> dict[str, str]:
    return {a["id"]: a["name"] for a in data["annotators"]}


def category_labels(data: Mapping[str, Any]) -> dict[str, str]:
    return {c["id"]: c.get("label") or c["id"] for c in data["codebook"]["categories"]}


def read_one_or_zipped(
    path: Path,
    *,
    data: ForeignData,
    suffix: str,
    what: str,
    parse: Callable[[bytes, str, list[str]], ForeignDocument],
) -> ForeignData:
    """One file, or a zip of such files (``suffix``), each parsed into one document.

    ``parse(raw, where, warnings)`` gets the bytes, a label naming the file (and the archive
    member) for messages, and the list to add warnings to.
    """
    if is_zip(path):
        members = read_archive(path)
        names = sorted(m for m in members if m.lower().endswith(suffix))
        if not names:
            raise ImportRefused(f"{path.name}: no {what} in the archive")
        for member in names:
            data.documents.append(parse(members[member], f"{path.name}: {member}", data.warnings))
        return data
    data.documents.append(parse(read_file_bytes(path), path.name, data.warnings))
    return data
