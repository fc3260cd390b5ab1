"""What a suggestion is, and what a suggester must offer.

A suggestion is never an annotation: it is a pending item (a span, a category, attributes) with
its source, the suggester's name and version and the rule or model that produced it, until a
coder accepts it. Suggesters read a document and return suggestions; they never write to the
project. :func:`annotator.suggest.run.run_suggesters` runs them and makes every suggestion look
like a manual selection (snapped to words, quote equal to the text under it).

A team plugs in a suggester of its own (a local language model on its own machine, say) by
writing a class with the members of :class:`Suggester` and registering a factory for it, either
in code with :func:`annotator.suggest.registry.register` or, for an installed package, under the
entry-point group ``annotator.suggesters`` (see :data:`ENTRY_POINT_GROUP`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar, runtime_checkable

from annotator.domain import Document
from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from annotator.project import Project

__all__ = [
    "ENTRY_POINT_GROUP",
    "Cancelled",
    "Factory",
    "Progress",
    "SetupContext",
    "Suggester",
    "SuggesterInfo",
    "Suggestion",
]

#: Entry points in this group name a :class:`SuggesterInfo`, or a factory (a callable taking a
#: :class:`SetupContext` and returning a :class:`Suggester`), in an installed package.
ENTRY_POINT_GROUP = "annotator.suggesters"

Progress = Callable[[int, int, str], None]
"""Told ``(done, total, what)`` as work advances (a worker thread reports to the app with it)."""


class Cancelled(AnnotatorError):
    """Work stopped because its cancel flag was set; nothing it would have returned is kept."""


#: The rules type of a :class:`RuleSuggester`.
R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A span a suggester proposes for a coder to accept or reject; not an annotation.

    Offsets are code points into the document's text, end exclusive, and
    ``text[start:end] == quote``, as for annotations. ``suggester`` and ``version`` name the
    suggester, ``rule`` the rule or model inside it that fired, so a rejected suggestion can be
    traced to what made it.
    """

    document_id: str
    start: int
    end: int
    quote: str
    category: str
    suggester: str
    version: str
    rule: str
    score: float
    attributes: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def to_json_dict(self) -> dict[str, Any]:
        """The suggestion as ``annotator suggest --json`` prints it."""
        return {
            "document": self.document_id,
            "start": self.start,
            "end": self.end,
            "quote": self.quote,
            "category": self.category,
            "suggester": {"name": self.suggester, "version": self.version, "rule": self.rule},
            "score": round(self.score, 4),
            "attributes": dict(self.attributes),
        }


@runtime_checkable
class Suggester(Protocol):
    """What a suggester offers. Any object with these members will do; no base class needed.

    ``suggest`` reads one document and returns its suggestions; it must not write to the project,
    and may be called from a worker thread. Offsets need not be snapped to words (the runner does
    that), but must lie inside the text.
    """

    @property
    def name(self) -> str:
        """A short name, unique among suggesters (``quotes``, ``statistics``, ``my-llm``)."""
        ...

    @property
    def version(self) -> str:
        """Changes whenever the suggester would suggest differently."""
        ...

    @property
    def categories(self) -> tuple[str, ...]:
        """The categories it may propose (an evaluation compares it on these)."""
        ...

    def suggest(self, document: Document) -> Iterable[Suggestion]:
        """Suggestions for ``document`` (its ``id``, ``text``, ``language`` ...)."""
        ...


@dataclass(frozen=True, slots=True)
class SetupContext:
    """What a suggester's factory gets: the project, options, and a way to report and stop.

    ``options`` carries the command line's ``--option KEY=VALUE`` pairs and the app's settings
    (the learner's ``layer``, the occurrence suggester's ``text`` and ``category``).
    A factory that does long work (training) calls ``progress`` now and then and raises
    :class:`Cancelled` once ``cancel`` is set.
    """

    project: Project | None = None
    options: Mapping[str, str] = field(default_factory=dict)
    progress: Progress | None = None
    cancel: threading.Event | None = None

    def check_cancelled(self) -> None:
        if self.cancel is not None and self.cancel.is_set():
            raise Cancelled("cancelled")

    def report(self, done: int, total: int, what: str) -> None:
        if self.progress is not None:
            self.progress(done, total, what)


Factory = Callable[[SetupContext], Suggester]


@dataclass(frozen=True, slots=True)
class SuggesterInfo:
    """A registered suggester: how to make it and what to tell a user about it."""

    name: str
    factory: Factory
    description: str = ""
    default: bool = False
    """Run when no suggester is named (the rule suggesters; not those that train or need input)."""
    extra: str = ""
    """The optional extra it needs installed (``assist``), or ``""``."""


class RuleSuggester(Generic[R]):
    """What the shipped rule suggesters (quotes, statistics) share: one category, the rules of
    each document's language loaded once and kept (or fixed ``rules`` for every document), and the
    suggestion built from a span the rules found.

    A frozen dataclass subclass declares the fields below and :meth:`load_rules`.
    """

    __slots__ = ()
    rules: R | None
    category: str
    name: str
    version: str
    _cache: dict[str, R]

    def load_rules(self, language: str) -> R:
        raise NotImplementedError

    @property
    def categories(self) -> tuple[str, ...]:
        return (self.category,)

    def rules_for(self, language: str) -> R:
        """``rules`` if fixed, else the rules of ``language`` (English when there is none)."""
        if self.rules is not None:
            return self.rules
        if language not in self._cache:
            self._cache[language] = self.load_rules(language or "en")
        return self._cache[language]

    def suggestion(
        self,
        document: Document,
        *,
        start: int,
        end: int,
        rule: str,
        score: float,
        attributes: Mapping[str, Any] | None = None,
    ) -> Suggestion:
        """The suggestion of ``document.text[start:end]``, its rule named as ``language:rule``."""
        return Suggestion(
            document_id=document.id,
            start=start,
            end=end,
            quote=document.text[start:end],
            category=self.category,
            suggester=self.name,
            version=self.version,
            rule=rule,
            score=score,
            attributes=dict(attributes or {}),
        )
