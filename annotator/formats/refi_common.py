"""What the REFI-QDA codebook (``.qdc``) and project (``.qdpx``) files write alike.

Both hold the codebook as ``<Code>`` elements: the same GUIDs (:func:`code_guid`), the same
readable ``<Description>`` of a category's definition, rules and examples
(:func:`format_description`, read back by :func:`parse_description`), the same text cleaning for
XML 1.0 (:func:`xml_text`); and both read tags by namespace and local name (:func:`split_tag`).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

from annotator.domain import Category

__all__ = ["code_guid", "format_description", "parse_description", "split_tag", "xml_text"]

# Fixed namespace for the code GUIDs: uuid5(uuid5(_GUID_NAMESPACE, codebook id), category id).
_GUID_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:annotator:refi-qda:codebook")

_DEFINITION = "Definition:"
_SECTIONS = (("Include:", "include"), ("Exclude:", "exclude"), ("Examples:", "examples"))
_SECTION_OF_HEADER = dict(_SECTIONS)
_CONTINUATION = "  "

_XML_ILLEGAL = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def code_guid(codebook_id: str, category_id: str) -> str:
    """The GUID a category's ``<Code>`` gets: stable for the same codebook and category ids."""
    return str(uuid.uuid5(uuid.uuid5(_GUID_NAMESPACE, codebook_id), category_id))


def xml_text(text: str) -> str:
    """``text`` as XML 1.0 can carry it: line feeds for carriage returns, no illegal characters."""
    return _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def split_tag(tag: Any) -> tuple[str, str]:
    """(namespace, local name) of an element tag; comments and processing instructions give ("", "")."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _continued(text: str) -> str:
    return text.replace("\n", "\n" + _CONTINUATION)


def format_description(category: Category) -> str:
    """The readable ``<Description>`` text for a category ("" when it has nothing to say)."""
    lines: list[str] = []
    if category.definition:
        lines.append(f"{_DEFINITION} {_continued(category.definition)}")
    for header, field in _SECTIONS:
        items: tuple[str, ...] = getattr(category, field)
        if items:
            lines.append(header)
            lines.extend(f"- {_continued(item)}" for item in items)
    return "\n".join(lines)


def parse_description(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]] | None:
    """Definition, include, exclude and examples from a description in our structure, else None.

    The inverse of :func:`format_description`. Trailing blank lines are ignored, and a blank line
    inside a block counts as an empty continuation line (some tools strip trailing spaces).
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")
    definition: list[str] | None = None
    sections: dict[str, list[list[str]]] = {field: [] for _, field in _SECTIONS}
    items: list[list[str]] | None = None
    block: list[str] | None = None
    for index, line in enumerate(lines):
        if index == 0 and line.startswith(_DEFINITION):
            rest = line[len(_DEFINITION) :]
            definition = [rest[1:] if rest.startswith(" ") else rest]
            block = definition
        elif line in _SECTION_OF_HEADER:
            items = sections[_SECTION_OF_HEADER[line]]
            block = None
        elif items is not None and (line.startswith("- ") or line == "-"):
            block = [line[2:]]
            items.append(block)
        elif block is not None and (line.startswith(_CONTINUATION) or line == ""):
            block.append(line[len(_CONTINUATION) :])
        else:
            return None
    if definition is None and items is None:
        return None

    def joined(field: str) -> tuple[str, ...]:
        return tuple("\n".join(item) for item in sections[field])

    return (
        "\n".join(definition) if definition is not None else "",
        joined("include"),
        joined("exclude"),
        joined("examples"),
    )
