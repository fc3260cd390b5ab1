"""Plain domain objects that cross the storage boundary.

ORM classes stay inside :mod:`annotator.store`; everything above it (services, CLI, UI) sees
these frozen dataclasses, which are cheap to compare, hash and hand to another thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any, Protocol


class DocumentStatus(StrEnum):
    """How far coding of a document has got."""

    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ")


class AnnotatorKind(StrEnum):
    """A coder codes; the adjudicated layer holds a reviewer's settled version."""

    CODER = "coder"
    ADJUDICATED = "adjudicated"


@dataclass(frozen=True, slots=True)
class AttributeDef:
    """A typed attribute a category's annotations may carry (never required)."""

    id: str
    label: str
    type: str = "text"  # "text" | "choice" | "boolean" | "number"
    choices: tuple[str, ...] = ()
    description: str = ""


@dataclass(frozen=True, slots=True)
class Category:
    """One code of the codebook, with everything a coder needs to apply it consistently."""

    id: str
    label: str
    definition: str = ""
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    color: str = "#888888"
    shortcut: str = ""
    attributes: tuple[AttributeDef, ...] = ()
    parent: str | None = None
    """The id of the category this one sits under (``None``: top level)."""
    codable: bool = True
    """``False`` for a grouping code that only holds others: spans cannot be tagged with it."""

    def attribute(self, attribute_id: str) -> AttributeDef | None:
        return next((a for a in self.attributes if a.id == attribute_id), None)


class VariableKind(StrEnum):
    """Who fills a document variable in."""

    DESCRIPTIVE = "descriptive"
    """One value per document, from its metadata or a CSV (country of the outlet, section, genre)."""
    CODED = "coded"
    """Each coder answers it per document, in their own layer (main frame, overall tone)."""


class VariableType(StrEnum):
    """A document variable's level of measurement (it decides which alpha its agreement gets)."""

    NOMINAL = "nominal"
    """Unordered categories (``choices``; without choices, any text is a category)."""
    ORDINAL = "ordinal"
    """Ordered categories: ``choices`` from lowest to highest."""
    NUMERIC = "numeric"
    """A number (interval level)."""
    TEXT = "text"
    """Free text (no agreement is computed)."""


@dataclass(frozen=True, slots=True)
class VariableDef:
    """A document variable of the codebook, beside its span categories."""

    id: str
    label: str
    kind: VariableKind = VariableKind.CODED
    type: VariableType = VariableType.NOMINAL
    choices: tuple[str, ...] = ()
    definition: str = ""
    source: str = ""
    """Descriptive only: the metadata field the value comes from when none is set (``source``,
    ``published:year``...)."""
    mapping: tuple[tuple[str, str], ...] = ()
    """Descriptive only: the value for each value of ``source`` (outlet -> country); without a
    mapping the field's value itself."""

    @property
    def coded(self) -> bool:
        return self.kind is VariableKind.CODED


@dataclass(frozen=True, slots=True)
class Codebook:
    """A versioned set of categories; every annotation records the version it was made under."""

    id: str
    version: str
    name: str = ""
    description: str = ""
    categories: tuple[Category, ...] = ()
    variables: tuple[VariableDef, ...] = ()

    def category(self, category_id: str) -> Category | None:
        return next((c for c in self.categories if c.id == category_id), None)

    def variable(self, variable_id: str) -> VariableDef | None:
        return next((v for v in self.variables if v.id == variable_id), None)

    @property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.categories)

    def children(self, category_id: str | None) -> tuple[Category, ...]:
        """The categories directly under ``category_id`` (``None``: the top level), in order."""
        return tuple(c for c in self.categories if c.parent == category_id)

    def path(self, category_id: str) -> tuple[Category, ...]:
        """The category and its ancestors, top level first (empty for an unknown id)."""
        found: list[Category] = []
        seen: set[str] = set()
        current = self.category(category_id)
        while current is not None and current.id not in seen:
            seen.add(current.id)
            found.append(current)
            current = self.category(current.parent) if current.parent else None
        return tuple(reversed(found))

    def root(self, category_id: str) -> str:
        """The top-level category ``category_id`` sits under (itself at the top; unknown ids unchanged)."""
        path = self.path(category_id)
        return path[0].id if path else category_id

    @property
    def is_hierarchical(self) -> bool:
        return any(c.parent for c in self.categories)


@dataclass(frozen=True, slots=True)
class Annotator:
    id: str
    name: str
    kind: AnnotatorKind = AnnotatorKind.CODER


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document without its text: what lists and tables need."""

    id: str
    title: str
    source: str
    author: str
    url: str
    published: str
    language: str
    sha256: str
    status: DocumentStatus
    position: int
    length: int
    annotation_count: int = 0
    original_filename: str = ""
    body_start: int | None = None
    body_end: int | None = None
    memo: str = ""

    @property
    def body(self) -> tuple[int, int] | None:
        """The article body as stored: ``(start, end)``, or ``None`` for the whole text."""
        if self.body_start is None or self.body_end is None:
            return None
        return (self.body_start, self.body_end)

    @property
    def body_span(self) -> tuple[int, int]:
        """The article body as ``(start, end)`` code points (the whole text when none is set)."""
        return body_range(self.body_start, self.body_end, self.length)


@dataclass(frozen=True, slots=True)
class Document:
    id: str
    title: str
    text: str
    sha256: str
    source: str = ""
    author: str = ""
    url: str = ""
    published: str = ""
    language: str = ""
    original_filename: str = ""
    original_sha256: str = ""
    status: DocumentStatus = DocumentStatus.NOT_STARTED
    position: int = 0
    body_start: int | None = None
    body_end: int | None = None
    memo: str = ""

    @property
    def body(self) -> tuple[int, int] | None:
        """The article body as stored: ``(start, end)``, or ``None`` for the whole text."""
        if self.body_start is None or self.body_end is None:
            return None
        return (self.body_start, self.body_end)

    @property
    def body_span(self) -> tuple[int, int]:
        """The article body's ``(start, end)``, the whole text when none is set."""
        return body_range(self.body_start, self.body_end, len(self.text))


def body_range(start: int | None, end: int | None, length: int) -> tuple[int, int]:
    """A stored body (``None``: the whole text) as ``(start, end)`` inside a text of ``length``."""
    if start is None or end is None:
        return (0, length)
    return (max(0, min(start, length)), max(0, min(end, length)))


@dataclass(frozen=True, slots=True)
class Annotation:
    id: str
    document_id: str
    start: int
    end: int
    quote: str
    category: str
    annotator_id: str
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    note: str = ""
    codebook_version: str = ""
    created: datetime | None = None
    modified: datetime | None = None
    origin: dict[str, Any] | None = field(default=None, hash=False, compare=True)
    """Where an accepted suggestion came from (``suggester``, ``version``, ``rule``); ``None``
    for a span a coder tagged by hand."""


@dataclass(frozen=True, slots=True)
class PendingSuggestion:
    """A suggestion stored for one coder to accept or reject: never an annotation, never exported.

    Offsets are code points, ``text[start:end] == quote`` as for annotations. ``annotator_id`` is
    the coder it is pending for; accepting it makes an annotation in that coder's layer whose
    :attr:`Annotation.origin` is :attr:`origin`.
    """

    id: str
    document_id: str
    annotator_id: str
    start: int
    end: int
    quote: str
    category: str
    suggester: str
    version: str
    rule: str
    score: float
    attributes: dict[str, Any] = field(default_factory=dict, hash=False, compare=True)
    created: datetime | None = None

    @property
    def origin(self) -> dict[str, Any]:
        """What an accepted annotation records about where it came from."""
        return {"suggester": self.suggester, "version": self.version, "rule": self.rule}


class SuggestionLike(Protocol):
    """What :meth:`annotator.project.Project.add_suggestions` reads from a suggestion
    (:class:`annotator.suggest.Suggestion` has these members)."""

    @property
    def document_id(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def quote(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def suggester(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def rule(self) -> str: ...
    @property
    def score(self) -> float: ...
    @property
    def attributes(self) -> Mapping[str, Any]: ...


@dataclass(frozen=True, slots=True)
class SuggestionChange:
    """A pending suggestion stored (``before`` ``None``) or taken away (``after`` ``None``).

    Accepting one is a :class:`SuggestionChange` (gone) and an :class:`AnnotationChange` (added)
    in one step, so undoing the acceptance puts the suggestion back as pending.
    """

    document_id: str
    before: PendingSuggestion | None
    after: PendingSuggestion | None

    @property
    def span_range(self) -> tuple[int, int]:
        spans = [a for a in (self.before, self.after) if a is not None]
        return min(a.start for a in spans), max(a.end for a in spans)


@dataclass(frozen=True, slots=True)
class AnnotationChange:
    """What one annotation operation did: the UI refreshes from this alone.

    ``before`` is ``None`` for an addition, ``after`` is ``None`` for a deletion. Both are full
    snapshots, so an undo can restore exactly what was there (same id, same timestamps).
    """

    document_id: str
    before: Annotation | None
    after: Annotation | None

    @property
    def span_range(self) -> tuple[int, int]:
        """The code-point range whose display may have changed."""
        spans = [a for a in (self.before, self.after) if a is not None]
        return min(a.start for a in spans), max(a.end for a in spans)


@dataclass(frozen=True, slots=True)
class DocumentChange:
    """A change to a document's metadata, status, memo or article body.

    ``field`` is a column (``title``, ``source``, ``status``, ``memo``...) or ``body``, whose
    values are ``(start, end)`` tuples or ``None`` (the whole text).
    """

    document_id: str
    field: str
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class VariableChange:
    """A document variable's value set, changed or cleared (``None``: no value).

    ``annotator_id`` is the coder's layer for a coded variable, ``None`` for a descriptive one.
    """

    document_id: str
    variable: str
    annotator_id: str | None
    before: Any
    after: Any


@dataclass(frozen=True, slots=True)
class SettingChange:
    """A project-wide setting changed: the project memo (``memo``) or the outlet table (``outlets``)."""

    key: str
    before: str | None
    after: str | None


@dataclass(frozen=True, slots=True)
class CodedValue:
    """One coder's answer to a coded document variable for one document."""

    document_id: str
    annotator_id: str
    variable: str
    value: Any
    created: datetime | None = None
    modified: datetime | None = None


class Decision(StrEnum):
    """How a reviewer settled one aligned group of coders' spans."""

    ACCEPTED = "accepted"
    """One coder's span was copied into the adjudicated layer."""
    EDITED = "edited"
    """A span the reviewer set (boundaries, category) went into the adjudicated layer."""
    REJECTED = "rejected"
    """None of the group's spans is kept."""


@dataclass(frozen=True, slots=True)
class ReviewDecision:
    """A reviewer's recorded decision on one group (kept so a rejected group stays settled)."""

    id: str
    group_key: str
    document_id: str
    reviewer_id: str
    decision: Decision
    annotation_id: str | None
    """The adjudicated span the decision created (``None`` for a rejection)."""
    source_annotation_id: str | None
    """The coder's span that was accepted (``None`` unless ``decision`` is ACCEPTED)."""
    created: datetime | None = None


@dataclass(frozen=True, slots=True)
class DecisionChange:
    """A review decision recorded (``before`` ``None``) or removed (``after`` ``None``)."""

    document_id: str
    before: ReviewDecision | None
    after: ReviewDecision | None


@dataclass(frozen=True, slots=True)
class CodebookChange:
    """The current codebook version switched (a refactoring: merge, split, drop an attribute).

    ``before`` and ``after`` are ``(codebook id, version)``; both versions stay stored.
    """

    before: tuple[str, str]
    after: tuple[str, str]


Change = (
    AnnotationChange
    | DocumentChange
    | DecisionChange
    | VariableChange
    | SettingChange
    | SuggestionChange
    | CodebookChange
)
"""Any change record an operation returns; the edit history is made of these."""


@dataclass(frozen=True, slots=True)
class EditStep:
    """One undoable step of the project's edit history (see :mod:`annotator.history`)."""

    id: str
    annotator_id: str | None
    label: str
    changes: tuple[Change, ...]
    created: datetime | None = None
    undone: datetime | None = None


@dataclass(frozen=True, slots=True)
class Assignment:
    """One document for one coder in a study; ``reliability`` marks the double-coded sample."""

    document_id: str
    coder_id: str
    reliability: bool = False
    status: DocumentStatus = DocumentStatus.NOT_STARTED


#: The project setting where :func:`annotator.study.assign` records how the reliability sample
#: was drawn (JSON: ``seed``, ``stratify``, ``overlap`` or ``overlap_count``), for the report.
SAMPLE_DRAW_SETTING = "study/sample_draw"


@dataclass(frozen=True, slots=True)
class Round:
    """A named set of documents (a pilot or training round), reported on its own."""

    id: str
    name: str
    document_ids: tuple[str, ...]


#: The project setting saying when a coder sees pending suggestions: ``right_away`` (the default)
#: or ``after_done`` (only once the coder has marked the document done: blind first coding).
SUGGESTION_TIMING_SETTING = "study/suggestions_after_done"
SUGGESTION_TIMINGS = ("right_away", "after_done")

#: The name under which ``agree --annotators assistant ...`` scores the pending suggestions.
ASSISTANT = "assistant"
