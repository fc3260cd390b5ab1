"""Agreement over a project: gathers the layers from the store and feeds :mod:`annotator.agreement`.

Documents are pooled as :mod:`annotator.agreement.results` describes (each its own continuum,
side by side), in project order. :mod:`annotator.reliability.report` turns the same figures into
the reliability report a researcher hands in (HTML, PDF through the app, CSV tables).

Two parts of a study come from outside the spans:

- :func:`document_variables`: the reliability data of the codebook's coded document variables
  (one value per coder and document), whose alpha and interval the report and ``agree --json``
  give beside alpha_U;
- :func:`sampling_description`: how the reliability sample was drawn, when the study used
  assignments.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from typing import Any

from annotator.agreement import AgreementReport, DocumentSpans, Unit, compute_agreement
from annotator.agreement.coefficients import Metric, krippendorff_alpha
from annotator.agreement.display import fmt_alpha, fmt_interval, fmt_share, p_phrase
from annotator.agreement.intervals import BootstrapInterval, BootstrapSettings
from annotator.agreement.results import ARTICLE_BODY, WHOLE_TEXT, threshold_key
from annotator.agreement.span_matching import SpanCounts
from annotator.body import shift_into_body
from annotator.domain import ASSISTANT, SAMPLE_DRAW_SETTING, Annotator, AnnotatorKind, DocumentInfo
from annotator.errors import ValidationError
from annotator.project import Project
from annotator.reliability.variables import VariableData, coded_variable_data


@dataclass(frozen=True, slots=True)
class VariableAgreement:
    """Krippendorff's alpha of one document variable, with its bootstrap interval."""

    name: str
    label: str
    metric: Metric
    alpha: float | None
    interval: BootstrapInterval | None
    units: int
    """Documents with values from at least two coders (the pairable units)."""
    reason: str | None = None
    """Why ``alpha`` or ``interval`` is missing."""

    def to_json_dict(self) -> dict[str, Any]:
        ci = [self.interval.low, self.interval.high] if self.interval else None
        p_below = {threshold_key(t): p for t, p in self.interval.p_below.items()} if self.interval else None
        result: dict[str, Any] = {
            "label": self.label,
            "metric": self.metric,
            "alpha": self.alpha,
            "ci95": ci,
            "p_below": p_below,
            "units": self.units,
        }
        if self.reason:
            result["note"] = self.reason
        return result


def document_variables(
    project: Project, coders: Sequence[Annotator], *, document_ids: Collection[str] | None = None
) -> list[VariableData]:
    """The coded document variables' reliability data, one entry per variable with a level of
    measurement (see :mod:`annotator.reliability.variables`), over ``document_ids`` when given;
    the assistant answers none."""
    return coded_variable_data(project, [c for c in coders if not is_assistant(c)], document_ids=document_ids)


def sampling_description(project: Project) -> str | None:
    """How the reliability sample was drawn, when the study made it with ``annotator assign``
    (for example "40 of 1,200 documents drawn at random (seed 7), each coded by all 3 coders");
    ``None`` without assignments, and the report asks the researcher to state it."""
    assignments = project.assignments()
    sample = {a.document_id for a in assignments if a.reliability}
    if not sample:
        return None
    coders = {a.coder_id for a in assignments if a.reliability}
    total = len(project.documents())
    try:
        draw = json.loads(project.setting(SAMPLE_DRAW_SETTING) or "{}")
    except ValueError:
        draw = {}
    how = "drawn at random"
    if isinstance(draw, dict) and draw.get("stratify"):
        how += f" in proportion to {draw['stratify']}"
    if isinstance(draw, dict) and draw.get("seed") is not None:
        how += f" (seed {draw['seed']})"
    return (
        f"{len(sample):,} of {total:,} documents {how} with annotator assign, "
        f"each coded by all {len(coders)} coders of the study"
    )


def variable_agreement(data: VariableData, *, settings: BootstrapSettings | None) -> VariableAgreement:
    """alpha of one variable (:func:`~annotator.agreement.coefficients.krippendorff_alpha`) and
    its interval from resampling documents (:func:`~annotator.agreement.bootstrap.bootstrap_alpha`).
    """
    rows = [list(row) for row in data.rows]
    width = len(rows[0]) if rows else 0
    units = sum(1 for u in range(width) if sum(1 for row in rows if row[u] is not None) >= 2)
    alpha = krippendorff_alpha(rows, metric=data.metric) if rows else None
    interval = None
    reason = None
    if alpha is None:
        reason = (
            "no document has values from two coders"
            if units == 0
            else "every value is the same, so no disagreement could be expected"
        )
    elif settings is None or settings.draws == 0:
        reason = "no bootstrap draws were asked for"
    else:
        from annotator.agreement.bootstrap import bootstrap_alpha

        interval = bootstrap_alpha(rows, metric=data.metric, settings=settings)
        if interval is None:
            reason = (
                "resampling documents needs at least two documents"
                if units < 2
                else "alpha is undefined in most resamples"
            )
    return VariableAgreement(
        name=data.name,
        label=data.label,
        metric=data.metric,
        alpha=alpha,
        interval=interval,
        units=units,
        reason=reason,
    )


#: The id the pending suggestions go by when ``assistant`` is named among the annotators; no
#: stored id looks like it (they are UUIDs or names without brackets).
ASSISTANT_ID = "(assistant)"
ASSISTANT_LAYER = Annotator(id=ASSISTANT_ID, name=ASSISTANT)


def is_assistant(annotator: Annotator) -> bool:
    return annotator.id == ASSISTANT_ID


def resolve_annotators(project: Project, wanted: Sequence[str] | None) -> list[Annotator]:
    """Annotators named by id or display name; all coders (not adjudicated layers) by default.

    ``assistant`` (any case), when no layer has that id or name, names the pending suggestions
    as a layer of their own (:data:`ASSISTANT_LAYER`), so a team can score them against a coder
    or gold layer. Only when named: by default pending suggestions are never counted.
    """
    everyone = project.annotators()
    if not wanted:
        chosen = [a for a in everyone if a.kind == AnnotatorKind.CODER]
    else:
        chosen = []
        for key in wanted:
            match = [a for a in everyone if a.id == key] or [a for a in everyone if a.name == key]
            if not match and key.strip().lower() == ASSISTANT:
                chosen.append(ASSISTANT_LAYER)
                continue
            if not match:
                raise ValidationError(f"no annotator {key!r} in this project")
            if len(match) > 1:
                raise ValidationError(f"{key!r} names several annotators; give the id")
            chosen.append(match[0])
    if len({a.id for a in chosen}) < 2:
        raise ValidationError("agreement needs at least two annotators")
    return chosen


def agreement_for_project(
    project: Project,
    *,
    annotators: Sequence[str] | None = None,
    document_id: str | None = None,
    bootstrap: BootstrapSettings | None = None,
    whole_text: bool = False,
    document_ids: Collection[str] | None = None,
) -> AgreementReport:
    """alpha_U, position alpha and kappa, and span F1 for the chosen annotators.

    ``document_ids`` narrows the documents compared (a round's, see
    :func:`annotator.reliability.gold.find_round`).

    Annotators appear in the report under their display names when those are unique, else ids.
    With ``bootstrap``, the alphas get intervals from resampling documents. Each document counts
    as its article body (spans cut to it), or as its whole text with ``whole_text``.
    """
    chosen = resolve_annotators(project, annotators)
    names = [a.name for a in chosen]
    label = {a.id: (a.name if len(set(names)) == len(names) else a.id) for a in chosen}
    docs = project.documents()
    if document_id is not None:
        docs = [d for d in docs if d.id == document_id]
        if not docs:
            raise ValidationError(f"no document {document_id}")
    if document_ids is not None:
        docs = [d for d in docs if d.id in document_ids]
    by_doc: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
    for doc_id, annotator_id, start, end, category in layer_spans(project, chosen, document_id=document_id):
        by_doc[doc_id][label[annotator_id]].append(Unit(start, end, category))
    documents = [
        body_spans(d.body_span if not whole_text else (0, d.length), by_doc.get(d.id, {})) for d in docs
    ]
    report = compute_agreement(
        documents,
        annotators=[label[a.id] for a in chosen],
        categories=list(project.codebook.category_ids),
        bootstrap=bootstrap,
    )
    return replace(report, continuum_scope=continuum_scope(docs, whole_text=whole_text))


def layer_spans(
    project: Project, chosen: Sequence[Annotator], *, document_id: str | None = None
) -> list[tuple[str, str, int, int, str]]:
    """``(document, annotator, start, end, category)`` of the chosen layers' spans.

    The assistant's are the pending suggestions (whoever they are pending for, each span and
    category once: the same suggestion pending for two coders is one suggestion); a coder in a
    team project sees only those pending for them.
    """
    real = [a.id for a in chosen if not is_assistant(a)]
    out = project.span_tuples(annotator_ids=real, document_id=document_id) if real else []
    if any(is_assistant(a) for a in chosen):
        seen: set[tuple[str, int, int, str]] = set()
        for doc_id, _, start, end, category in project.suggestion_tuples():
            key = (doc_id, start, end, category)
            if (document_id is None or doc_id == document_id) and key not in seen:
                seen.add(key)
                out.append((doc_id, ASSISTANT_ID, start, end, category))
    return out


def assistant_scores(report: AgreementReport) -> list[dict[str, Any]]:
    """The assistant's precision and recall against each layer it was compared with.

    Precision is the share of the assistant's suggestions that match a span of the layer, recall
    the share of the layer's spans the assistant suggested, whichever order the annotators were
    named in; exact (same span) and overlap (spans that overlap, matched one to one), overall and
    per category. Empty unless ``assistant`` was named.
    """
    out: list[dict[str, Any]] = []
    for pair in report.span_pairs:
        if ASSISTANT not in (pair.reference, pair.other) or pair.reference == pair.other:
            continue
        flipped = pair.reference == ASSISTANT  # the assistant played the reference side

        def scores(counts: SpanCounts, flipped: bool = flipped) -> dict[str, float | None]:
            result: dict[str, float | None] = {}
            for how, s in (("exact", counts.exact), ("overlap", counts.overlap)):
                mine, theirs = (s.reference, s.other) if flipped else (s.other, s.reference)
                result[f"precision_{how}"] = s.matched / mine if mine else None
                result[f"recall_{how}"] = s.matched / theirs if theirs else None
            return result

        against = pair.other if flipped else pair.reference
        out.append(
            {
                "against": against,
                **scores(pair.overall),
                "categories": {c: scores(counts) for c, counts in pair.categories.items()},
            }
        )
    return out


def agreement_json(report: AgreementReport, variables: Sequence[VariableAgreement] = ()) -> dict[str, Any]:
    """What ``annotator agree --json`` prints: the report's figures and the document variables'
    (and ``assistant``: its precision and recall, when the pending suggestions were named)."""
    result = report.to_json_dict()
    scored = assistant_scores(report)
    if scored:
        result["assistant"] = scored
    notes = result.pop("notes")
    result["variables"] = {v.name: v.to_json_dict() for v in variables}
    for v in variables:
        if v.reason:
            notes[f"variables.{v.name}"] = v.reason
    result["notes"] = notes
    return result


def continuum_scope(docs: Sequence[DocumentInfo], *, whole_text: bool) -> str:
    """What was compared, in words: "article body" when some document's body leaves page chrome
    out, else "whole text" (also when no body was ever set, so the report does not claim more)."""
    if whole_text or all(d.body_span == (0, d.length) for d in docs):
        return WHOLE_TEXT
    return ARTICLE_BODY


def body_spans(body: tuple[int, int], spans: dict[str, list[Unit]]) -> DocumentSpans:
    """A document as agreement sees it: its body as the continuum, the spans cut to it."""
    return DocumentSpans(
        length=body[1] - body[0],
        spans={
            who: shift_into_body(((u.start, u.end, u.category) for u in units), body)
            for who, units in spans.items()
        },
    )


def _a(value: float | None) -> str:
    return fmt_alpha(value, style="ascii")


def _ci(report: AgreementReport, category: str | None) -> str:
    intervals = report.intervals
    if intervals is None:
        return ""
    interval = intervals.alpha_u if category is None else intervals.alpha_u_categories.get(category)
    return fmt_interval(interval, style="ascii")


def format_table(report: AgreementReport, variables: Sequence[VariableAgreement] = ()) -> str:
    """A readable plain-text table (the default output of ``annotator agree``).

    Figures go through :mod:`annotator.agreement.display` (ASCII style), as everywhere else; an
    "n/a" is followed by its reason in the notes under the table.
    """
    with_ci = report.intervals is not None
    level = f"{100 * report.intervals.settings.level:.0f}% CI" if report.intervals else ""
    lines = [
        f"Annotators: {', '.join(report.annotators)}    documents: {report.documents}    "
        f"characters compared: {report.characters:,} ({report.continuum_scope})",
        "",
        f"{'category':<14}{'alpha_U':>9}"
        + (f"{level:>18}" if with_ci else "")
        + f"{'F1 exact':>10}{'F1 overlap':>12}",
    ]
    for cat in [*report.categories, None]:
        exact, overlap = report.f1(cat)
        alpha = report.alpha_u if cat is None else report.alpha_u_categories[cat]
        ci = f"{_ci(report, cat):>18}" if with_ci else ""
        lines.append(f"{cat or 'overall':<14}{_a(alpha):>9}{ci}{_a(exact):>10}{_a(overlap):>12}")
    lines.append("")
    kappa = "Fleiss' kappa" if report.pairwise else "Cohen's kappa"
    positions = f"position-level alpha (nominal): {_a(report.alpha_positions)}"
    if report.intervals and report.intervals.alpha_positions:
        positions += f" {fmt_interval(report.intervals.alpha_positions, style='ascii')}"
    lines.append(f"{positions}    {kappa}: {_a(report.kappa_positions)}")
    if report.intervals and report.intervals.alpha_u:
        interval = report.intervals.alpha_u
        shares = ", ".join(
            p_phrase(t, p, draws=interval.defined, symbol="alpha_U", style="ascii")
            for t, p in interval.p_below.items()
        )
        lines.append(shares)
    for scored in assistant_scores(report):
        lines.append(
            f"assistant against {scored['against']}: precision {_a(scored['precision_exact'])} exact, "
            f"{_a(scored['precision_overlap'])} overlap; recall {_a(scored['recall_exact'])} exact, "
            f"{_a(scored['recall_overlap'])} overlap"
        )
    if report.pairwise:
        lines.append("")
        lines.append(
            f"{'pair':<24}{'alpha_U':>9}" + (f"{level:>18}" if with_ci else "") + f"{'F1 exact':>10}"
        )
        for (first, second), alpha in report.alpha_u_pairwise.items():
            pair = report.intervals.alpha_u_pairwise.get((first, second)) if report.intervals else None
            ci = f"{fmt_interval(pair, style='ascii'):>18}" if with_ci else ""
            exact, _ = report.pair_f1(first, second)
            lines.append(f"{first + ' - ' + second:<24}{_a(alpha):>9}{ci}{_a(exact):>10}")
        lines.append(
            f"mean of pairwise alpha_U: {_a(report.alpha_u_pairwise_mean)}; "
            "the F1 of the category table are means over pairs"
        )
    if variables and lines[-1] != "":
        lines.append("")
    for v in variables:
        ci = fmt_interval(v.interval, style="ascii") if v.interval else ""
        lines.append(f"variable {v.label} ({v.metric}): alpha {_a(v.alpha)} {ci}".rstrip())
    if variables:
        lines.append("")
    lines.append(
        f"percent agreement over characters (not chance-corrected): {fmt_share(report.percent_agreement)}"
    )
    # the reasons behind each "n/a" of the figures; an interval's only where its alpha is defined
    notes = {path: why for path, why in report.notes().items() if "ci95" not in path}
    if report.intervals is not None and report.intervals.alpha_u is None and report.alpha_u is not None:
        notes["alpha_u.ci95"] = report.why_no_interval("alpha_u")
    for v in variables:
        if v.alpha is None and v.reason:
            notes[f"variables.{v.name}"] = v.reason
    if notes:
        lines.append("")
        lines.extend(f"n/a {path}: {reason}" for path, reason in notes.items())
    return "\n".join(lines)


class LiveAgreement:
    """The project's agreement for a reviewer, kept up to date one edited document at a time.

    :meth:`load` reads every document's spans and counts them (the slow part: run it in a worker
    thread; it only reads). After an edit, :meth:`update_document` reads and counts that document
    again and gives its own figures; :meth:`report` builds the project's figures from the running
    totals (:class:`~annotator.agreement.pooled.PooledAgreement`), equal to
    :func:`agreement_for_project` over the same layers.
    """

    def __init__(self, project: Project, *, annotators: Sequence[str]) -> None:
        from annotator.agreement.pooled import PooledAgreement

        chosen = resolve_annotators(project, annotators)
        names = [a.name for a in chosen]
        self._label = {a.id: (a.name if len(set(names)) == len(names) else a.id) for a in chosen}
        self.project = project
        self.annotator_ids = tuple(a.id for a in chosen)
        self.pooled = PooledAgreement(
            annotators=[self._label[a.id] for a in chosen], categories=list(project.codebook.category_ids)
        )
        self.loaded = False
        #: documents edited while :meth:`load` ran, to count again when it is done
        self.pending: set[str] = set()
        #: whether an update changed the totals since :meth:`report` last ran
        self.changed = False

    def _spans(self, document_id: str | None) -> dict[str, dict[str, list[Unit]]]:
        by_doc: dict[str, dict[str, list[Unit]]] = defaultdict(lambda: defaultdict(list))
        for doc_id, annotator_id, start, end, category in self.project.span_tuples(
            annotator_ids=list(self._label), document_id=document_id
        ):
            by_doc[doc_id][self._label[annotator_id]].append(Unit(start, end, category))
        return by_doc

    def load(self) -> None:
        """Count every document (reads only; safe in a worker thread while the window waits)."""
        by_doc = self._spans(None)
        for d in self.project.documents():
            self.pooled.set(d.id, body_spans(d.body_span, by_doc.get(d.id, {})))
        self.loaded = True

    def update_document(self, document_id: str) -> AgreementReport:
        """Count ``document_id`` afresh (after an edit); its own figures."""
        from annotator.agreement.pooled import PooledAgreement, contribution

        document = self.project.document(document_id)
        spans = body_spans(document.body_span, self._spans(document_id).get(document_id, {}))
        pooled = self.pooled
        part = contribution(spans, annotators=pooled.annotators, categories=pooled.categories)
        if not self.loaded:
            self.pending.add(document_id)  # counted again once the load is done
        elif pooled.contribution_of(document_id) != part:
            pooled.set_contribution(document_id, part)
            self.changed = True
        alone = PooledAgreement(annotators=pooled.annotators, categories=pooled.categories)
        alone.set_contribution(document_id, part)
        return replace(alone.report(), continuum_scope=ARTICLE_BODY)

    def report(self) -> AgreementReport:
        """The project's figures over every counted document."""
        self.changed = False
        return replace(self.pooled.report(), continuum_scope=ARTICLE_BODY)
