"""What ``annotator suggest`` prints: suggestions as a table or JSON, or each suggester's scores."""

from __future__ import annotations

import argparse
import json

from annotator.errors import AnnotatorError
from annotator.project import Project
from annotator.suggest.base import SetupContext, Suggester
from annotator.suggest.registry import create, entry_point_problems, registered
from annotator.suggest.run import run_suggesters

__all__ = ["list_suggesters", "suggest_command"]

DEFAULT_NAMES = ("quotes", "statistics")


def _options(args: argparse.Namespace) -> dict[str, str]:
    options: dict[str, str] = {}
    for pair in args.option:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise AnnotatorError(f"--option takes KEY=VALUE, not {pair!r}")
        options[key.strip()] = value
    if args.text is not None:
        options["text"] = args.text
    if args.category is not None:
        options["category"] = args.category
    if args.layer is not None:
        options["layer"] = args.layer
    return options


def list_suggesters() -> str:
    from annotator.suggest.learner import available

    lines = []
    for info in registered():
        note = " (default)" if info.default else ""
        if info.extra == "assist" and not available():
            note += " (not installed: pip install 'news-annotator[assist]')"
        lines.append(f"{info.name:<12} {info.description}{note}")
    for name, problem in entry_point_problems:
        lines.append(f"{name:<12} could not be loaded: {problem}")
    return "\n".join(lines)


def _names(args: argparse.Namespace) -> list[str]:
    if args.suggester:
        return list(dict.fromkeys(args.suggester))
    if args.text is not None:
        return ["occurrences"]
    return list(DEFAULT_NAMES)


def suggest_command(project: Project, args: argparse.Namespace, *, annotator_id: str | None = None) -> str:
    """The output of ``annotator suggest`` (or of ``--evaluate``) for ``args``.

    With ``annotator_id`` the suggestions are also stored as pending for that coder (those
    already pending or coded are left out); without it, and with ``--json``, nothing is stored.
    """
    options = _options(args)
    if args.document:
        known = {d.id for d in project.documents()}
        unknown = [d for d in args.document if d not in known]
        if unknown:
            raise AnnotatorError(f"no document {unknown[0]}")
    if args.evaluate:
        return _evaluate(project, args, options)
    context = SetupContext(project=project, options=options)
    suggesters = [create(name, context) for name in _names(args)]
    suggestions = run_suggesters(project, suggesters, document_ids=args.document, skip_coded_by=annotator_id)
    stored = None
    if annotator_id is not None and not args.json:
        stored = project.add_suggestions(annotator_id=annotator_id, suggestions=suggestions)
    if args.json:
        return json.dumps({"suggestions": [s.to_json_dict() for s in suggestions]}, ensure_ascii=False)
    if not suggestions:
        return "no suggestions"
    lines = [
        f"{'document':<36}  {'start':>6} {'end':>6}  {'category':<10} {'score':>5}  {'suggester':<11} quote"
    ]
    for s in suggestions:
        quote = s.quote.replace("\n", " ")
        quote = quote if len(quote) <= 70 else quote[:69] + "…"
        extra = "".join(f"  [{k}: {v}]" for k, v in s.attributes.items())
        lines.append(
            f"{s.document_id:<36}  {s.start:>6} {s.end:>6}  {s.category:<10} {s.score:>5.2f}  "
            f"{s.suggester:<11} {quote}{extra}"
        )
    if stored is None:
        lines.append(f"{len(suggestions)} suggestions (not stored)")
    else:
        already = len(suggestions) - len(stored)
        note = f"; {already} were pending already" if already else ""
        lines.append(
            f"{len(suggestions)} suggestions, {len(stored)} stored as pending{note}: "
            "accept or reject them in the app (Suggestions menu)"
        )
    return "\n".join(lines)


def _evaluate(project: Project, args: argparse.Namespace, options: dict[str, str]) -> str:
    from annotator.suggest.evaluate import Evaluation, evaluate, evaluate_learner, format_evaluation
    from annotator.suggest.learner import available, resolve_layer

    layer = resolve_layer(project, args.layer)
    names = _names(args) if args.suggester else [*DEFAULT_NAMES, "learner"]
    rules: list[Suggester] = []
    rows: list[Evaluation] = []
    notes: list[str] = []
    for name in names:
        if name == "learner":
            if not available():
                if args.suggester:
                    raise AnnotatorError(
                        "the learner needs scikit-learn: pip install 'news-annotator[assist]'"
                    )
                notes.append("learner: not evaluated (scikit-learn is not installed)")
                continue
            try:
                rows += evaluate_learner(
                    project, layer=layer.id, folds=args.folds, level=options.get("level", "sentence")
                )
            except AnnotatorError as exc:
                if args.suggester:
                    raise
                notes.append(f"learner: not evaluated ({exc})")
            continue
        rules.append(create(name, SetupContext(project=project, options=options)))
    rows = evaluate(project, rules, layer=layer, document_ids=args.document) + rows
    if args.json:
        return json.dumps(
            {"layer": layer.name, "evaluations": [r.to_json_dict() for r in rows], "notes": notes},
            ensure_ascii=False,
        )
    return "\n".join([format_evaluation(rows, layer=layer.name), *notes])
