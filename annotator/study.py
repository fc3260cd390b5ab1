"""Running a coding study: assignments with a reliability sample, coder packages, progress.

A content analysis assigns each article to one coder, and a random subsample (the reliability
sample) to every coder, so that intercoder agreement is measured on documents all of them coded
independently. :func:`assign` makes those assignments reproducibly from a seed and keeps what
exists when it runs again (new documents and new coders are added, nothing is taken away).

The sample's size follows Lacy and Riffe (1996), "Sampling error and selecting intercoder
reliability samples for nominal content categories" (Journalism & Mass Communication Quarterly
73(4)): enough units that the agreement in the whole population is, with the chosen confidence, no
lower than the minimum acceptable level, given the level the team expects (see
:func:`suggested_sample_size`).

A coder without access to a team database gets a *package*: a project file holding only their
documents, the codebook and their own layer (:func:`package_for`); importing that file back into
the lead's project merges their layer (ids kept, so importing it again adds nothing).
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from statistics import NormalDist

from annotator.domain import (
    SAMPLE_DRAW_SETTING,
    Annotator,
    AnnotatorKind,
    Assignment,
    DocumentInfo,
    DocumentStatus,
)
from annotator.errors import ValidationError
from annotator.project import Project

__all__ = [
    "AssignResult",
    "CoderProgress",
    "assign",
    "package_for",
    "progress",
    "resolve_coders",
    "suggested_sample_size",
]

#: Project settings the lead chooses for a study (``Project.set_setting``).
SHOW_RELIABILITY_SETTING = "study/show_reliability_sample"
ALLOW_OTHER_LAYERS_SETTING = "study/allow_other_layers"


@dataclass(frozen=True, slots=True)
class AssignResult:
    added: tuple[Assignment, ...]
    sample: tuple[str, ...]
    """The reliability sample's documents (all of it, old and new)."""
    per_coder: dict[str, int]
    """Coder id -> documents assigned to them in all (single-coded and sample)."""


def suggested_sample_size(
    population: int, *, expected: float = 0.90, minimum: float = 0.85, confidence: float = 0.95
) -> int:
    """Lacy and Riffe's reliability sample size for ``population`` documents.

    ``expected`` is the agreement the team assumes in the population (from a pilot), ``minimum``
    the lowest acceptable level (their tables put it five points lower); the sample is large
    enough that a one-tailed interval at ``confidence`` around the sample's agreement stays above
    ``minimum``: n = ((N - 1) SE^2 + PQN) / ((N - 1) SE^2 + PQ) with SE = (P - minimum) / z.
    The formula treats agreement as a proportion (percent agreement); it is the usual guide for
    chance-corrected coefficients too, which need at least as many units.
    """
    if population <= 0:
        return 0
    if not 0 < minimum < expected < 1:
        raise ValidationError("use 0 < minimum < expected < 1 (for example --minimum 0.8 --expected 0.9)")
    if not 0.5 < confidence < 1:
        raise ValidationError("the confidence must be between 0.5 and 1 (for example 0.95)")
    z = NormalDist().inv_cdf(confidence)
    se2 = ((expected - minimum) / z) ** 2
    pq = expected * (1 - expected)
    n = ((population - 1) * se2 + pq * population) / ((population - 1) * se2 + pq)
    return min(population, math.ceil(n - 1e-9))


def resolve_coders(project: Project, names: Sequence[str]) -> list[Annotator]:
    """The coder layers named (by id or name); missing ones are made in a file project.

    In a team project each coder's layer belongs to their login, so it must exist already.
    """
    known = [a for a in project.annotators() if a.kind is AnnotatorKind.CODER]
    found: list[Annotator] = []
    for name in names:
        match = [a for a in known if a.id == name] or [a for a in known if a.name == name]
        if len(match) > 1:
            raise ValidationError(f"{len(match)} coders are called {name!r}; give the layer's id")
        if match:
            found.append(match[0])
        elif project.access is not None and project.access.team:
            raise ValidationError(f"no coder called {name!r}; add them first (annotator team add-coder)")
        else:
            found.append(project.ensure_annotator(name=name))
    if len({a.id for a in found}) != len(found):
        raise ValidationError("a coder is named twice")
    return found


def _stratum_function(stratify: str | None) -> Callable[[DocumentInfo], str]:
    if stratify is None:
        return lambda _doc: ""
    if stratify == "source":
        return lambda doc: doc.source or "(no outlet)"
    if stratify in ("published:year", "published:month"):
        width = 4 if stratify.endswith("year") else 7
        return lambda doc: doc.published[:width] or "(no date)"
    raise ValidationError(f"cannot stratify by {stratify!r}; use source, published:year or published:month")


def _allocate(total: int, sizes: dict[str, int]) -> dict[str, int]:
    """Split ``total`` over strata in proportion to their sizes (largest remainder)."""
    population = sum(sizes.values())
    if population == 0:
        return {k: 0 for k in sizes}
    exact = {k: total * n / population for k, n in sizes.items()}
    share = {k: math.floor(v) for k, v in exact.items()}
    rest = total - sum(share.values())
    for k in sorted(exact, key=lambda k: (-(exact[k] - share[k]), k))[:rest]:
        share[k] += 1
    return share


def assign(
    project: Project,
    *,
    coders: Sequence[str],
    overlap: float | None = None,
    overlap_count: int | None = None,
    stratify: str | None = None,
    seed: int = 1,
) -> AssignResult:
    """Give every document to one coder (balanced) and the reliability sample to every coder.

    The sample is ``overlap`` (a fraction) or ``overlap_count`` documents, drawn at random (in
    proportion to the strata when ``stratify`` is given: ``source``, ``published:year`` or
    ``published:month``) with ``seed``, so the same project, coders and seed give the same
    assignments. What was assigned before stays: a larger sample adds documents to it, new
    documents are spread over the coders with the fewest, a new coder gets the whole sample.
    """
    if overlap is not None and overlap_count is not None:
        raise ValidationError("give --overlap or --overlap-count, not both")
    if overlap is not None and not 0 <= overlap <= 1:
        raise ValidationError("--overlap is a fraction between 0 and 1 (for example 0.2)")
    if overlap_count is not None and overlap_count < 0:
        raise ValidationError("--overlap-count cannot be negative")
    team = resolve_coders(project, coders)
    if not team:
        raise ValidationError("name at least one coder (--coders A B ...)")
    documents = project.documents()
    existing = project.assignments()
    coders_of: dict[str, set[str]] = defaultdict(set)
    for a in existing:
        coders_of[a.document_id].add(a.coder_id)
    sample = {a.document_id for a in existing if a.reliability}
    if overlap_count is not None:
        wanted = min(len(documents), overlap_count)
    elif overlap is not None:
        wanted = round(overlap * len(documents))
    else:
        wanted = len(sample)

    rng = random.Random(seed)
    stratum = _stratum_function(stratify)
    by_stratum: dict[str, list[DocumentInfo]] = defaultdict(list)
    for doc in documents:
        by_stratum[stratum(doc)].append(doc)
    targets = _allocate(wanted, {k: len(v) for k, v in by_stratum.items()})
    new_sample: list[str] = []
    for key in sorted(by_stratum):
        members = by_stratum[key]
        have = sum(d.id in sample for d in members)
        pool = [d.id for d in members if d.id not in sample]
        need = max(0, min(targets[key] - have, len(pool)))
        new_sample += rng.sample(pool, need)
    shortfall = wanted - len(sample) - len(new_sample)  # strata too small for their share
    if shortfall > 0:
        pool = sorted(d.id for d in documents if d.id not in sample and d.id not in new_sample)
        new_sample += rng.sample(pool, min(shortfall, len(pool)))
    sample |= set(new_sample)

    planned: list[Assignment] = []
    load = Counter({c.id: 0 for c in team})
    for a in existing:
        if not a.reliability and a.coder_id in load:
            load[a.coder_id] += 1
    for doc_id in sorted(sample):
        planned += [Assignment(document_id=doc_id, coder_id=c.id, reliability=True) for c in team]
    order = {c.id: i for i, c in enumerate(team)}
    unassigned = [d.id for d in documents if d.id not in sample and not coders_of.get(d.id)]
    rng.shuffle(unassigned)
    for doc_id in unassigned:
        coder = min(load, key=lambda c: (load[c], order[c]))
        load[coder] += 1
        planned.append(Assignment(document_id=doc_id, coder_id=coder))
    added = project.add_assignments(assignments=planned)
    if overlap is not None or overlap_count is not None:
        draw = {"seed": seed, "stratify": stratify, "overlap": overlap, "overlap_count": overlap_count}
        project.set_setting(key=SAMPLE_DRAW_SETTING, value=json.dumps(draw))
    per_coder = Counter(a.coder_id for a in project.assignments())
    return AssignResult(added=tuple(added), sample=tuple(sorted(sample)), per_coder=dict(per_coder))


@dataclass(frozen=True, slots=True)
class CoderProgress:
    """How far one coder got with their assignments (for the lead's progress view)."""

    coder_id: str
    name: str
    assigned: int
    done: int
    in_progress: int
    not_started: int
    spans: int
    last_edit: datetime | None


def progress(project: Project) -> list[CoderProgress]:
    """Per coder with assignments: documents done / in progress / not started, spans, last edit.

    A document counts as in progress for a coder once they tagged anything in it or marked it so,
    and as done once they marked it done.
    """
    names = {a.id: a.name for a in project.annotators()}
    mine: dict[str, list[Assignment]] = defaultdict(list)
    for a in project.assignments():
        mine[a.coder_id].append(a)
    out = []
    for coder_id, rows in mine.items():
        docs = {a.document_id for a in rows}
        spans = [a for a in project.annotations(annotator_ids=[coder_id]) if a.document_id in docs]
        touched = {a.document_id for a in spans}
        done = sum(a.status is DocumentStatus.DONE for a in rows)
        started = sum(
            a.status is not DocumentStatus.DONE
            and (a.status is DocumentStatus.IN_PROGRESS or a.document_id in touched)
            for a in rows
        )
        last = max((a.modified for a in spans if a.modified is not None), default=None)
        out.append(
            CoderProgress(
                coder_id=coder_id,
                name=names.get(coder_id, coder_id),
                assigned=len(rows),
                done=done,
                in_progress=started,
                not_started=len(rows) - done - started,
                spans=len(spans),
                last_edit=last,
            )
        )
    return sorted(out, key=lambda p: p.name.casefold())


def package_for(project: Project, *, coder: str, output: Path) -> tuple[int, int]:
    """Write a project file for one coder: their documents, the codebook, their own layer only.

    Returns (documents, annotations) written. The package holds the coder's assignments too, so
    "My documents" works in it; the reliability mark travels only if the lead lets coders see it.
    """
    from annotator.dataset import dataset_dict, import_dataset_data

    (who,) = resolve_coders(project, [coder])
    output = Path(output)
    if output.exists():
        raise ValidationError(f"{output} already exists; choose a new file for the package")
    theirs = [a for a in project.assignments() if a.coder_id == who.id]
    if not theirs:
        raise ValidationError(f"{who.name} has no documents assigned (annotator assign --coders ...)")
    data = dataset_dict(project, document_ids={a.document_id for a in theirs})
    data["annotators"] = [a for a in data["annotators"] if a["id"] == who.id]
    for doc in data["documents"]:
        doc["annotations"] = [a for a in doc["annotations"] if a["annotator"] == who.id]
    show_sample = project.setting(SHOW_RELIABILITY_SETTING) == "yes"
    with Project.open(output) as target:
        import_dataset_data(target, data, name=output.name)
        target.ensure_annotator(name=who.name, annotator_id=who.id)
        target.add_assignments(
            assignments=[
                Assignment(
                    document_id=a.document_id,
                    coder_id=who.id,
                    reliability=a.reliability and show_sample,
                    status=a.status,
                )
                for a in theirs
            ]
        )
        for key in (SHOW_RELIABILITY_SETTING, ALLOW_OTHER_LAYERS_SETTING):
            target.set_setting(key=key, value=project.setting(key) or "no")
    return len(data["documents"]), sum(len(d["annotations"]) for d in data["documents"])
