"""The suggesters that come with the app, registered under their names."""

from __future__ import annotations

from annotator.errors import AnnotatorError
from annotator.suggest.base import SetupContext, Suggester, SuggesterInfo

__all__ = ["BUILTINS"]


def _quotes(context: SetupContext) -> Suggester:
    from annotator.suggest.quotes import QuoteSuggester

    path = context.options.get("quote_rules")
    return QuoteSuggester.from_file(path) if path else QuoteSuggester()


def _statistics(context: SetupContext) -> Suggester:
    from annotator.suggest.statistics import StatisticSuggester

    path = context.options.get("statistic_rules")
    return StatisticSuggester.from_file(path) if path else StatisticSuggester()


def _occurrences(context: SetupContext) -> Suggester:
    from annotator.suggest.occurrences import OccurrenceSuggester

    text = context.options.get("text", "")
    category = context.options.get("category", "")
    if not text.strip() or not category:
        raise AnnotatorError(
            "the occurrences suggester needs a text and a category (--text TEXT --category ID)"
        )
    return OccurrenceSuggester(
        needle=text, category=category, case_sensitive=context.options.get("case_sensitive") == "yes"
    )


def _learner(context: SetupContext) -> Suggester:
    from annotator.suggest.learner import train

    if context.project is None:
        raise AnnotatorError("the learner trains on a project; open one")
    level = context.options.get("level", "sentence")
    return train(
        context.project,
        layer=context.options.get("layer") or None,
        level=level,
        progress=context.progress,
        cancel=context.cancel,
    )


BUILTINS = (
    SuggesterInfo(
        name="quotes",
        factory=_quotes,
        description="text in quotation marks, with the speaker from the attribution (rules)",
        default=True,
    ),
    SuggesterInfo(
        name="statistics",
        factory=_statistics,
        description="numbers with their unit and counted noun; not dates, times, ages, names (rules)",
        default=True,
    ),
    SuggesterInfo(
        name="occurrences",
        factory=_occurrences,
        description="every occurrence of a text, as one category (needs --text and --category)",
    ),
    SuggesterInfo(
        name="learner",
        factory=_learner,
        description="claim and opinion sentences, learnt from a layer's annotations (extra: assist)",
        extra="assist",
    ),
)
