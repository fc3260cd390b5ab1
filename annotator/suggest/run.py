"""Running suggesters over a project's documents.

Whatever a suggester returns is tidied here the same way, so a plugged-in suggester gets it too:
each span is snapped to words like a manual selection (:func:`annotator.words.snap_to_words`), its
quote is the text under it, a span outside the text or of a category the codebook lacks is left
out, attributes the category does not define are dropped, and duplicates are merged.
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Sequence

from annotator.domain import Codebook, Document
from annotator.project import Project
from annotator.suggest.base import Cancelled, Progress, Suggester, Suggestion
from annotator.words import snap_to_words

__all__ = ["run_suggesters", "tidy"]


def tidy(
    suggestions: Iterable[Suggestion], document: Document, codebook: Codebook | None
) -> list[Suggestion]:
    """The suggestions snapped to words, checked against the text and codebook, in text order."""
    text = document.text
    seen: set[tuple[int, int, str, str]] = set()
    out: list[Suggestion] = []
    for s in suggestions:
        if not (0 <= s.start < s.end <= len(text)):
            continue
        snapped = snap_to_words(text, s.start, s.end)
        if snapped is None:
            continue
        start, end = snapped
        attributes = dict(s.attributes)
        if codebook is not None:
            category = codebook.category(s.category)
            if category is None:
                continue
            attributes = {k: v for k, v in attributes.items() if category.attribute(k) is not None}
        key = (start, end, s.category, s.suggester)
        if key in seen:
            continue
        seen.add(key)
        out.append(
            dataclasses.replace(
                s,
                document_id=document.id,
                start=start,
                end=end,
                quote=text[start:end],
                score=min(1.0, max(0.0, float(s.score))),
                attributes=attributes,
            )
        )
    out.sort(key=lambda s: (s.start, -s.end, s.category, s.suggester))
    return out


def run_suggesters(
    project: Project,
    suggesters: Sequence[Suggester],
    *,
    document_ids: Sequence[str] | None = None,
    skip_coded_by: str | None = None,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> list[Suggestion]:
    """Every suggestion of ``suggesters`` for the documents (default: all, in project order).

    ``skip_coded_by`` (an annotator id) leaves out a suggestion that layer already holds as an
    annotation (same span and category). Safe to call from a worker thread with a ``cancel``
    flag; ``progress`` hears ``(done, total, document title)`` after each document.
    """
    ids = list(document_ids) if document_ids is not None else [d.id for d in project.documents()]
    codebook = project.codebook
    out: list[Suggestion] = []
    for done, document_id in enumerate(ids, start=1):
        if cancel is not None and cancel.is_set():
            raise Cancelled("cancelled")
        document = project.document(document_id)
        found: list[Suggestion] = []
        for suggester in suggesters:
            found.extend(suggester.suggest(document))
        tidied = tidy(found, document, codebook)
        if skip_coded_by is not None:
            coded = {
                (a.start, a.end, a.category)
                for a in project.annotations(document_id=document_id, annotator_ids=[skip_coded_by])
            }
            tidied = [s for s in tidied if (s.start, s.end, s.category) not in coded]
        out.extend(tidied)
        if progress is not None:
            progress(done, len(ids), document.title)
    return out
