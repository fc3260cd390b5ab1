"""Suggestions the coder confirms: suggesters propose spans, a coder accepts or rejects them.

Nothing here writes an annotation, and nothing leaves the machine. The pieces:

- :mod:`~annotator.suggest.base`: :class:`Suggestion` (a pending span with its source),
  the :class:`Suggester` protocol a team's own suggester implements;
  :mod:`~annotator.suggest.registry` names them (:func:`register`, :func:`registered`,
  :func:`create`; entry-point group ``annotator.suggesters``).
- :mod:`~annotator.suggest.run`: :func:`run_suggesters` over a project's documents, snapping every
  suggestion to words like a manual selection.
- The built-in suggesters: :mod:`~annotator.suggest.occurrences` (code all occurrences),
  :mod:`~annotator.suggest.quotes` and :mod:`~annotator.suggest.statistics` (rules, one data
  file per language in ``rules/``), and :mod:`~annotator.suggest.learner` (claim and opinion
  sentences learnt from a layer; needs scikit-learn, the ``assist`` extra).
- :mod:`~annotator.suggest.evaluate`: precision, recall and F1 of each suggester against a layer.
"""

from annotator.suggest.base import (
    ENTRY_POINT_GROUP,
    Cancelled,
    SetupContext,
    Suggester,
    SuggesterInfo,
    Suggestion,
)
from annotator.suggest.registry import create, register, registered, unregister
from annotator.suggest.run import run_suggesters

__all__ = [
    "ENTRY_POINT_GROUP",
    "Cancelled",
    "SetupContext",
    "Suggester",
    "SuggesterInfo",
    "Suggestion",
    "create",
    "register",
    "registered",
    "run_suggesters",
    "unregister",
]
