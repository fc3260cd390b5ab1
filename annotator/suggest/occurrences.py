"""Code all occurrences: every place a text (typed in Find, or a span's text) occurs.

Matching forgives what a person typing the text cannot see: any run of whitespace matches any
other (a space matches an NBSP or a line break), a straight apostrophe matches a curly one, and
case is ignored unless asked. Each match is snapped to words like a manual selection, so
"minister" found inside "ministers" suggests "ministers", as a drag over those letters would.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.domain import Annotation, Document
from annotator.errors import ValidationError
from annotator.suggest.base import Suggestion
from annotator.words import snap_to_words

__all__ = ["OccurrenceSuggester", "find_occurrences", "occurrence_pattern"]

_APOSTROPHES = "'\u2019\u02bc\u2018"
_DASHES = "-\u2010\u2011\u2012\u2013\u2014"


def occurrence_pattern(needle: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """The regular expression :func:`find_occurrences` looks for."""
    words = needle.split()
    if not words:
        raise ValidationError("say what text to look for")
    parts: list[str] = []
    for word in words:
        piece = []
        for ch in word:
            if ch in _APOSTROPHES:
                piece.append(f"[{re.escape(_APOSTROPHES)}]")
            elif ch in _DASHES:
                piece.append(f"[{re.escape(_DASHES)}]")
            else:
                piece.append(re.escape(ch))
        parts.append("".join(piece))
    flags = 0 if case_sensitive else re.IGNORECASE
    return re.compile(r"\s+".join(parts), flags)


def find_occurrences(text: str, needle: str, *, case_sensitive: bool = False) -> list[tuple[int, int]]:
    """Code-point spans of every occurrence of ``needle`` in ``text``, snapped to words, in order."""
    pattern = occurrence_pattern(needle, case_sensitive=case_sensitive)
    spans: list[tuple[int, int]] = []
    for match in pattern.finditer(text):
        snapped = snap_to_words(text, match.start(), match.end())
        if snapped is not None and (not spans or snapped != spans[-1]):
            spans.append(snapped)
    return spans


@dataclass(frozen=True, slots=True)
class OccurrenceSuggester:
    """Suggests ``category`` (with ``attributes``) at every occurrence of ``needle``."""

    needle: str
    category: str
    attributes: Mapping[str, Any] = field(default_factory=dict)
    case_sensitive: bool = False
    name: str = "occurrences"
    version: str = "1"

    def __post_init__(self) -> None:
        occurrence_pattern(self.needle)  # refuse an empty text at once

    @classmethod
    def like(cls, annotation: Annotation, *, case_sensitive: bool = False) -> OccurrenceSuggester:
        """The occurrences of a span's text, with its category and attributes."""
        return cls(
            needle=annotation.quote,
            category=annotation.category,
            attributes=dict(annotation.attributes),
            case_sensitive=case_sensitive,
        )

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category,)

    def suggest(self, document: Document) -> list[Suggestion]:
        text = document.text
        return [
            Suggestion(
                document_id=document.id,
                start=start,
                end=end,
                quote=text[start:end],
                category=self.category,
                suggester=self.name,
                version=self.version,
                rule=f"text:{self.needle}",
                score=1.0,
                attributes=dict(self.attributes),
            )
            for start, end in find_occurrences(text, self.needle, case_sensitive=self.case_sensitive)
        ]
