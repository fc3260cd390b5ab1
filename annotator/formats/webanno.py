"""WebAnno TSV 3.3, the tab-separated format of WebAnno and INCEpTION.

Units: token offsets (``1-4<TAB>10-12<TAB>😊``) count **UTF-16 code units** (the format's
documentation: "the offsets used in the TSV file are based on UTF-16"), converted both ways with
:mod:`annotator.formats.offsets`. The document text is rebuilt from the ``#Text=`` lines of the
sentences placed at their first token's offset; text between two sentences is not in the format,
so the gap is filled with line breaks (which is what it almost always is).

Export (a zip of one ``NNN-title.tsv`` per document)
    One span layer ``webanno.custom.Code`` with the features ``category`` (the category id),
    ``note``, ``annotator`` (the coder's name) and one feature per codebook attribute (its id as
    a Java identifier), so one file holds every coder's spans, stacked where they overlap. Each line
    of the text is a sentence; tokens are the runs of non-space characters, cut wherever a span
    starts or ends, so every span covers whole tokens and keeps its exact extent (whitespace at a
    span's edge becomes a token of its own; a line break at a span's edge is dropped: a token
    cannot hold one). Whitespace that is not a plain line break between two sentences, and the
    text's end after the last token, are carried as the end of the preceding sentence's
    ``#Text=`` lines, so the text comes back exactly; only spaces before the first word of the
    document come back as line breaks. Values are escaped as the format requires (``\\_``,
    ``\\|``, ``\\[`` ...), multi-token and stacked spans get disambiguation ids (``quote[3]``).

Import (a ``.tsv`` file, or a zip of them)
    Every span layer (``#T_SP=``) except the token-level linguistic ones (DKPro ``segmentation``
    and ``lexmorph`` layers: tokens, POS, lemmas) gives spans. The label is the feature named
    ``category``, ``value`` or ``label`` (else the layer's first feature); an annotation without a
    value (``*``) takes the layer's short name (``Span``), to be mapped with ``--map``. Other
    features become attributes (``note`` the note, ``annotator`` the coder). Annotations spread
    over several tokens or sub-tokens (``1-3.1``) are joined by their disambiguation id. Each
    token's text is checked against the rebuilt text at its offsets. Chain (``#T_CH``) and
    relation (``#T_RL``) layers and slot features are left out with a warning.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from itertools import pairwise
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
    decode_utf8,
    feature_name,
    file_stem,
    read_one_or_zipped,
    short,
    zip_bytes,
)
from annotator.formats.offsets import Utf16Index, utf16_length

if TYPE_CHECKING:
    from annotator.project import Project

FORMAT = "webanno"
DEFAULT_ANNOTATOR = "WebAnno import"
HEADER = "#FORMAT=WebAnno TSV 3.3"
LAYER = "webanno.custom.Code"
_SKIPPED_LAYERS = (
    "de.tudarmstadt.ukp.dkpro.core.api.segmentation.",
    "de.tudarmstadt.ukp.dkpro.core.api.lexmorph.",
)
_LABEL_FEATURES = ("category", "value", "label")

# -- escaping (the format's rules for sentence/token text and for feature values) ---------------------

_TEXT_ESCAPES = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r", "\b": "\\b"}
_TEXT_UNESCAPE = re.compile(r"\\([\\tnfrb]|[\x00-\x07\x0e-\x1f])")
_VALUE_SPECIAL = re.compile(r"->|[\\\[\]|_;*\t\n]")


def escape_text(text: str) -> str:
    """Sentence and token text: backslash, tab, line feed and the other control characters."""
    out = []
    for ch in text:
        if ch in _TEXT_ESCAPES:
            out.append(_TEXT_ESCAPES[ch])
        elif ord(ch) < 32 and not 8 <= ord(ch) <= 13:
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def unescape_text(text: str) -> str:
    named = {"\\": "\\", "t": "\t", "n": "\n", "f": "\f", "r": "\r", "b": "\b"}
    return _TEXT_UNESCAPE.sub(lambda m: named.get(m.group(1), m.group(1)), text)


def escape_value(value: str) -> str:
    """A feature value: ``\\ [ ] | _ -> ; * TAB LF`` are reserved."""

    def one(m: re.Match[str]) -> str:
        return {"\t": "\\t", "\n": "\\n"}.get(m.group(0), "\\" + m.group(0))

    return _VALUE_SPECIAL.sub(one, value)


def _lex(item: str) -> list[tuple[str, bool]]:
    """A column item as ``(character, was escaped)`` pairs."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(item):
        ch = item[i]
        if ch == "\\" and i + 1 < len(item):
            nxt = item[i + 1]
            if nxt == "-" and item[i + 2 : i + 3] == ">":
                out += [("-", True), (">", True)]
                i += 3
                continue
            out.append(({"t": "\t", "n": "\n"}.get(nxt, nxt), True))
            i += 2
            continue
        out.append((ch, False))
        i += 1
    return out


def split_stack(column: str) -> list[tuple[str | None, int | None]]:
    """A span feature column as ``(value, disambiguation id)`` per stacked annotation.

    ``_`` (no annotation) gives ``[]``; ``*`` (an annotation without a value) gives ``None``.
    """
    if column == "_":
        return []
    items: list[list[tuple[str, bool]]] = [[]]
    for ch, escaped in _lex(column):
        if ch == "|" and not escaped:
            items.append([])
        else:
            items[-1].append((ch, escaped))
    result: list[tuple[str | None, int | None]] = []
    for chars in items:
        ident: int | None = None
        if chars and chars[-1] == ("]", False):
            opening = max((i for i, c in enumerate(chars) if c == ("[", False)), default=-1)
            digits = "".join(c for c, _ in chars[opening + 1 : -1])
            if opening >= 0 and digits.isdigit():
                ident = int(digits)
                chars = chars[:opening]
        value = "".join(c for c, _ in chars)
        result.append((None if chars == [("*", False)] else value, ident))
    return result


# -- writing ------------------------------------------------------------------------------------------------


def _tokens(text: str, annotations: list[Mapping[str, Any]]) -> list[tuple[int, int]]:
    """Tokens: non-space runs cut at span edges, plus whitespace at a span's edge (never a line break)."""
    starts = {a["start"] for a in annotations}
    ends = {a["end"] for a in annotations}
    cuts = {0, len(text)} | starts | ends
    for m in re.finditer(r"\s+", text):
        cuts.update((m.start(), m.end()))
    for m in re.finditer("\n", text):
        cuts.update((m.start(), m.end()))
    points = sorted(cuts)
    tokens = []
    for s, e in pairwise(points):
        piece = text[s:e]
        if not piece.isspace() or ("\n" not in piece and (s in starts or e in ends)):
            tokens.append((s, e))
    return tokens


@dataclass
class _Sentence:
    begin: int
    end: int
    tokens: list[tuple[int, int]] = field(default_factory=list)


def _sentences(text: str, tokens: list[tuple[int, int]]) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    line_of = 0
    for s, e in tokens:
        line = text.count("\n", line_of, s)
        if not sentences or line:
            sentences.append(_Sentence(s, e))
        sentences[-1].tokens.append((s, e))
        sentences[-1].end = e
        line_of = s
    for current, following in zip(sentences, [*sentences[1:], None], strict=True):
        gap_end = following.begin if following is not None else len(text)
        gap = text[current.end : gap_end]
        if gap and (following is None or gap.strip("\n")):
            current.end = gap_end
    return sentences


def write_document(doc: Mapping[str, Any], data: Mapping[str, Any]) -> str:
    """One document as a WebAnno TSV 3.3 file."""
    names = annotator_names(data)
    codebook = codebook_from_dict(data["codebook"])
    attribute_ids: list[str] = []
    for category in codebook.categories:
        for attr in category.attributes:
            if attr.id not in attribute_ids:
                attribute_ids.append(attr.id)
    features = ["category", "note", "annotator", *(feature_name(a) for a in attribute_ids)]
    text = doc["text"]
    annotations = list(doc["annotations"])
    tokens = _tokens(text, annotations)
    index = Utf16Index(text)
    covering: dict[tuple[int, int], list[int]] = {t: [] for t in tokens}
    token_starts = [t[0] for t in tokens]
    for n, a in enumerate(annotations):
        i = bisect_left(token_starts, a["start"])
        while i < len(tokens) and tokens[i][1] <= a["end"]:
            covering[tokens[i]].append(n)
            i += 1
    needs_id = set()
    for members in covering.values():
        if len(members) > 1:
            needs_id.update(members)
    counts = Counter(n for members in covering.values() for n in members)
    needs_id.update(n for n, c in counts.items() if c > 1)
    ids = {n: k for k, n in enumerate(sorted(needs_id), start=1)}

    def cell(n: int, feature: str) -> str:
        a = annotations[n]
        if feature == "category":
            value: Any = a["category"]
        elif feature == "note":
            value = a.get("note") or None
        elif feature == "annotator":
            value = names.get(a["annotator"], a["annotator"])
        else:
            key = attribute_ids[features.index(feature) - 3]
            value = a["attributes"].get(key)
        if isinstance(value, bool):
            value = "true" if value else "false"
        shown = "*" if value is None or value == "" else escape_value(str(value))
        return f"{shown}[{ids[n]}]" if n in ids else shown

    lines = [HEADER, f"#T_SP={LAYER}|{'|'.join(features)}", "", ""]
    for number, sentence in enumerate(_sentences(text, tokens), start=1):
        for part in text[sentence.begin : sentence.end].split("\n"):
            lines.append(f"#Text={escape_text(part)}")
        for k, (s, e) in enumerate(sentence.tokens, start=1):
            members = covering[(s, e)]
            cells = [("|".join(cell(n, f) for n in members) if members else "_") for f in features]
            lines.append(
                f"{number}-{k}\t{index.to_utf16(s)}-{index.to_utf16(e)}\t{escape_text(text[s:e])}\t"
                + "".join(c + "\t" for c in cells)
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def write(data: Mapping[str, Any]) -> bytes:
    """The project as a zip of WebAnno TSV 3.3 files, one per document."""
    files = [
        (f"{file_stem(doc, i)}.tsv", write_document(doc, data).encode("utf-8"))
        for i, doc in enumerate(data["documents"])
    ]
    return zip_bytes(files)


# -- reading ------------------------------------------------------------------------------------------------


@dataclass
class _Layer:
    name: str
    kind: str  # "SP", "CH", "RL"
    features: list[str]
    first_column: int
    width: int

    @property
    def short_name(self) -> str:
        return self.name.rsplit(".", 1)[-1]

    def plain_features(self) -> list[int]:
        """Indexes of the ordinary features (not a slot's role or target-type entry)."""
        return [
            i
            for i, f in enumerate(self.features)
            if not f.startswith("ROLE_") and not (i > 0 and self.features[i - 1].startswith("ROLE_"))
        ]

    def label_feature(self) -> int | None:
        plain = self.plain_features()
        for wanted in _LABEL_FEATURES:
            for i in plain:
                if self.features[i].casefold() == wanted:
                    return i
        return plain[0] if plain else None


@dataclass
class _Unit:
    line: int
    begin16: int
    end16: int
    text: str
    columns: list[str]
    is_token: bool = True


def _layers(
    header: list[tuple[int, str]], problems: Problems, warnings: list[str], name: str
) -> list[_Layer]:
    """The declared layers and where their columns are: one column per declared entry (a slot
    feature's ``ROLE_...`` entry and the target type after it are its two columns)."""
    layers: list[_Layer] = []
    column = 0
    for number, line in header:
        m = re.match(r"^#T_(SP|CH|RL)=(.*)$", line)
        if m is None:
            continue
        kind, decl = m.groups()
        parts = decl.split("|")
        width = 2 if kind == "CH" else max(1, len(parts) - 1)
        layers.append(_Layer(parts[0], kind, parts[1:], column, width))
        column += width
        if kind != "SP":
            what = "chain" if kind == "CH" else "relation"
            warnings.append(f"{name}: line {number}: {what} layer {parts[0]} left out")
    if not layers:
        problems.add("header", "no #T_SP= layer declarations")
    return layers


def parse_tsv(raw: str, *, name: str, warnings: list[str]) -> ForeignDocument:
    """One WebAnno TSV 3.x file as a document with its spans (see the module docstring)."""
    problems = Problems(name)
    lines = raw.split("\n")
    if not lines or not lines[0].lstrip("\ufeff").startswith("#FORMAT=WebAnno TSV 3"):
        raise ImportRefused(f"{name}: line 1: not a WebAnno TSV 3 file (expected '#FORMAT=WebAnno TSV 3.x')")
    header: list[tuple[int, str]] = []
    body_start = len(lines)
    for number, line in enumerate(lines[1:], start=2):
        if line.startswith("#T_"):
            header.append((number, line.rstrip("\r")))
        elif line.strip() == "":
            continue
        else:
            body_start = number - 1
            break
    layers = _layers(header, problems, warnings, name)
    columns_expected = sum(layer.width for layer in layers)

    sentences: list[tuple[int, list[str], list[_Unit]]] = []
    pending_text: list[str] = []
    pending_line = 0
    for number, line in enumerate(lines[body_start:], start=body_start + 1):
        line = line.rstrip("\r")
        if line.startswith("#Text="):
            pending_line = pending_line or number
            pending_text.append(line[6:])
            continue
        if not line.strip() or line.startswith("#"):
            if pending_text and not line.strip():
                problems.add(f"line {pending_line}", "a sentence without tokens")
                pending_text, pending_line = [], 0
            continue
        if pending_text:
            sentences.append((pending_line, pending_text, []))
            pending_text, pending_line = [], 0
        parts = line.split("\t")
        if parts and parts[-1] == "":
            parts = parts[:-1]
        m = re.match(r"^(\d+)-(\d+)(?:\.(\d+))?$", parts[0]) if parts else None
        offsets = re.match(r"^(\d+)-(\d+)$", parts[1]) if len(parts) > 1 else None
        if m is None or offsets is None or len(parts) < 3:
            problems.add(f"line {number}", f"malformed token line {short(line, 60)}")
            continue
        if len(parts) - 3 != columns_expected:
            problems.add(
                f"line {number}",
                f"{len(parts) - 3} annotation columns, but the header declares {columns_expected}",
            )
            continue
        if not sentences:
            problems.add(f"line {number}", "a token line before any #Text= line")
            continue
        unit = _Unit(number, int(offsets.group(1)), int(offsets.group(2)), unescape_text(parts[2]), parts[3:])
        units = sentences[-1][2]
        if (
            m.group(3) is None
            and units
            and unit.begin16 < max((u.end16 for u in units if u.is_token), default=0)
        ):
            problems.add(f"line {number}", "tokens overlap or are out of order")
        unit.is_token = m.group(3) is None
        units.append(unit)
    if pending_text:
        problems.add(f"line {pending_line}", "a sentence without tokens")
    problems.raise_if_any("not a readable WebAnno TSV file")

    # Rebuild the text: each sentence at its first token's offset, gaps filled with line breaks.
    pieces: list[str] = []
    pos16 = 0
    for number, text_lines, units in sentences:
        sentence = unescape_text("\n".join(text_lines))
        if not units:
            problems.add(f"line {number}", "a sentence without tokens")
            continue
        begin16 = min(u.begin16 for u in units)
        if begin16 < pos16:
            problems.add(
                f"line {units[0].line}",
                f"the sentence starts at {begin16}, inside the previous one (ends {pos16})",
            )
            continue
        pieces.append("\n" * (begin16 - pos16))
        pieces.append(sentence)
        pos16 = begin16 + utf16_length(sentence)
    problems.raise_if_any()
    text = "".join(pieces)
    index = Utf16Index(text)

    spans: dict[tuple[int, int | str], dict[str, Any]] = {}
    for _, _, units in sentences:
        for unit in units:
            try:
                found = index.slice16(unit.begin16, unit.end16)
            except ValueError as exc:
                problems.add(f"line {unit.line}", str(exc))
                continue
            if found != unit.text:
                problems.add(
                    f"line {unit.line}",
                    f"token {short(unit.text)} does not match the text at {unit.begin16}-{unit.end16} "
                    f"(UTF-16 units): {short(found)}",
                )
                continue
            for layer_no, layer in enumerate(layers):
                if layer.kind != "SP" or layer.name.startswith(_SKIPPED_LAYERS):
                    continue
                cells = unit.columns[layer.first_column : layer.first_column + layer.width]
                label_at = layer.label_feature()
                stacks = [split_stack(c) for c in cells]
                anchor = stacks[label_at] if label_at is not None and label_at < len(stacks) else stacks[0]
                for k, (_, ident) in enumerate(anchor):
                    key: tuple[int, int | str] = (
                        layer_no,
                        ident if ident is not None else f"{unit.line}:{k}",
                    )
                    entry = spans.setdefault(
                        key,
                        {
                            "begin": unit.begin16,
                            "end": unit.end16,
                            "line": unit.line,
                            "layer": layer,
                            "values": {},
                        },
                    )
                    entry["begin"] = min(entry["begin"], unit.begin16)
                    entry["end"] = max(entry["end"], unit.end16)
                    if label_at is None:
                        continue
                    for f in layer.plain_features():
                        stack = stacks[f] if f < len(stacks) else []
                        if k < len(stack) and stack[k][0] is not None:
                            entry["values"][layer.features[f]] = stack[k][0]
    problems.raise_if_any()
    doc = ForeignDocument(text=text, name=name, title=Path(name.rsplit(": ", 1)[-1]).stem)
    skipped_layers = {
        layer.name for layer in layers if layer.kind == "SP" and layer.name.startswith(_SKIPPED_LAYERS)
    }
    if skipped_layers:
        warnings.append(f"{name}: token-level layers left out: {', '.join(sorted(skipped_layers))}")
    for entry in spans.values():
        layer = entry["layer"]
        values: dict[str, str] = entry["values"]
        label_at = layer.label_feature()
        label_name = layer.features[label_at] if label_at is not None else ""
        label = values.pop(label_name, None) or layer.short_name
        note = values.pop("note", "")
        who = values.pop("annotator", "")
        doc.spans.append(
            ForeignSpan(
                start=index.from_utf16(entry["begin"]),
                end=index.from_utf16(entry["end"]),
                label=label,
                where=f"{name}: line {entry['line']}",
                note=note,
                attributes=dict(values),
                annotator=who,
            )
        )
    return doc


def read(path: Path, *, project: Project | None = None) -> ForeignData:
    """A WebAnno TSV file, or a zip of them (one document each)."""
    return read_one_or_zipped(
        path,
        data=ForeignData(format=FORMAT, default_annotator=DEFAULT_ANNOTATOR),
        suffix=".tsv",
        what="WebAnno .tsv files",
        parse=lambda raw, where, warnings: parse_tsv(decode_utf8(raw, where), name=where, warnings=warnings),
    )
