"""The input model of the agreement package: coded spans per annotator per document.

Agreement is computed on plain values rather than on store or UI objects so that the same code
serves the app, the command line and tests, and so that nothing here has to know about Qt or
SQLAlchemy. A span may be given as a :class:`Unit` or as a plain ``(start, end, category)`` tuple,
because callers that read rows from a database or a JSON export already have tuples and should not
have to wrap hundreds of thousands of them.

Offsets are code points into the normalised document text, ``end`` exclusive, exactly as the rest
of the annotator stores them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

__all__ = ["DocumentSpans", "Unit", "UnitLike", "normalize_document"]


@dataclass(frozen=True, slots=True)
class Unit:
    """One coded span: code points ``[start, end)`` of a document, coded as ``category``."""

    start: int
    end: int
    category: str


UnitLike = Unit | tuple[int, int, str]
"""A span as a :class:`Unit` or as the equivalent ``(start, end, category)`` tuple."""


@dataclass(frozen=True, slots=True)
class DocumentSpans:
    """Everything agreement needs to know about one document.

    ``length`` is the text length in code points: it is the continuum the annotators divided into
    coded and uncoded stretches, so uncoded text counts as agreement ("both said: nothing here").
    ``spans`` maps an annotator id to that annotator's spans; an annotator missing from the mapping
    coded nothing in this document, which is a judgement like any other and is compared as such.
    """

    length: int
    spans: Mapping[str, Sequence[UnitLike]] = field(default_factory=dict)


# Internal form: (start, end, category index). Tuples of ints are what the sweeps below compare and
# sort fastest, and an index makes the codebook order available for tie-breaking.
RawUnit = tuple[int, int, int]


def normalize_document(
    document: DocumentSpans,
    *,
    annotators: Sequence[str],
    category_index: Mapping[str, int],
) -> list[list[RawUnit]]:
    """Validate one document's spans and turn them into sorted ``(start, end, index)`` lists.

    Returns one list per annotator, in the order of ``annotators``. Spans of categories outside
    ``category_index`` are left out, so a caller can restrict a comparison to part of a codebook the
    same way it restricts it to some annotators. Spans that cannot be offsets into this document
    (negative, empty, reversed or past the end) raise :class:`ValueError`: silently clipping them
    would report agreement on data that does not exist.
    """
    length = document.length
    if length < 0:
        raise ValueError(f"document length must not be negative, got {length}")
    result: list[list[RawUnit]] = []
    for annotator in annotators:
        raw: list[RawUnit] = []
        for span in document.spans.get(annotator, ()):
            if isinstance(span, Unit):
                start, end, category = span.start, span.end, span.category
            else:
                start, end, category = span
            index = category_index.get(category)
            if index is None:
                continue
            if not 0 <= start < end <= length:
                raise ValueError(
                    f"span ({start}, {end}, {category!r}) of annotator {annotator!r} is not a "
                    f"non-empty range inside a document of length {length}"
                )
            raw.append((start, end, index))
        raw.sort()
        result.append(raw)
    return result
