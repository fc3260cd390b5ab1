"""A colleague's dataset made under another version of the project's codebook: the differences,
and the plan that migrates its coding to the project's version.

The plan replays what the project did to its codebook since the dataset's version, as its change
log records it (:mod:`annotator.refactor` keeps each refactoring's operation beside the log lines):
spans of a category the project merged into another are recoded to the merge target, an attribute
the project dropped leaves the spans, a split category's spans go to the category the split
recoded its own spans to (``--move-to``), and without one they are listed and the migration is
refused. A dataset made under a *newer* version than the project's is not migrated backwards: the
plan offers to adopt its codebook first (as ``annotator codebook import`` does).

Nothing here writes: :func:`plan_migration` reads the project, and :meth:`MigrationPlan.apply`
returns a migrated copy of the dataset for the ordinary import.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from annotator.codebook import check_attribute_values, codebook_differences
from annotator.domain import Codebook
from annotator.project import Project

__all__ = ["CodebookComparison", "MigrationPlan", "compare_codebooks", "plan_migration"]

OLDER, NEWER, OTHER = "older", "newer", "other"


@dataclass(frozen=True, slots=True)
class CodebookComparison:
    """How the project's codebook (``ours``) differs from a dataset's (``theirs``), same id."""

    added: tuple[str, ...] = ()
    """Categories only the project has."""
    removed: tuple[str, ...] = ()
    """Categories only the dataset has."""
    renamed: tuple[tuple[str, str, str], ...] = ()
    """``(id, their label, our label)``: the same category under another label."""
    moved: tuple[tuple[str, str | None, str | None], ...] = ()
    """``(id, their parent, our parent)``."""
    attributes_dropped: tuple[tuple[str, str], ...] = ()
    """``(category, attribute)`` the dataset's codebook defines and ours does not."""
    attributes_added: tuple[tuple[str, str], ...] = ()
    variables: tuple[str, ...] = ()
    """How the document variables differ, one line each."""

    def lines(self) -> list[str]:
        out = [f"category {c!r} is new in this project" for c in self.added]
        out += [f"category {c!r} is not in this project's codebook" for c in self.removed]
        out += [f"category {c!r} renamed: {a!r} there, {b!r} here" for c, a, b in self.renamed]
        out += [
            f"category {c!r} moved: under {a or 'the top level'} there, under {b or 'the top level'} here"
            for c, a, b in self.moved
        ]
        out += [
            f"attribute {a!r} of {c!r} is not in this project's codebook" for c, a in self.attributes_dropped
        ]
        out += [f"attribute {a!r} of {c!r} is new in this project" for c, a in self.attributes_added]
        return out + list(self.variables)


def compare_codebooks(ours: Codebook, theirs: Codebook) -> CodebookComparison:
    """Categories added, removed, renamed (same id, other label) and moved, and attributes dropped."""
    our_ids, their_ids = set(ours.category_ids), set(theirs.category_ids)
    renamed, moved, dropped, added = [], [], [], []
    for cid in [c for c in ours.category_ids if c in their_ids]:
        a, b = theirs.category(cid), ours.category(cid)
        assert a is not None and b is not None
        if a.label != b.label:
            renamed.append((cid, a.label, b.label))
        if a.parent != b.parent:
            moved.append((cid, a.parent, b.parent))
        mine = {x.id for x in b.attributes}
        there = {x.id for x in a.attributes}
        dropped += [(cid, x.id) for x in a.attributes if x.id not in mine]
        added += [(cid, x.id) for x in b.attributes if x.id not in there]
    return CodebookComparison(
        added=tuple(c for c in ours.category_ids if c not in their_ids),
        removed=tuple(c for c in theirs.category_ids if c not in our_ids),
        renamed=tuple(renamed),
        moved=tuple(moved),
        attributes_dropped=tuple(dropped),
        attributes_added=tuple(added),
        variables=tuple(
            d.replace("only in the file", "only in the dataset")
            for d in codebook_differences(ours, theirs)
            if d.startswith("variable ")
        ),
    )


@dataclass(frozen=True, slots=True)
class Recode:
    """Spans of ``category`` in the dataset recoded to ``into`` (why: the project's log)."""

    category: str
    into: str
    reason: str
    annotations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AttributeDrop:
    """The values of ``attribute`` taken off the dataset's spans of ``category``."""

    category: str
    attribute: str
    reason: str
    annotations: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Unresolved:
    """Spans the plan cannot migrate, with why; each span as ``(document, start, end, quote)``."""

    category: str
    reason: str
    spans: tuple[tuple[str, int, int, str], ...]


@dataclass(frozen=True, slots=True)
class MigrationPlan:
    """What migrating a dataset to the project's codebook version would do."""

    codebook_id: str
    theirs: str
    """The dataset's codebook version."""
    ours: str
    """The project's current version."""
    direction: str
    """``older`` (the project's log leads from theirs to ours), ``newer``, or ``other``."""
    comparison: CodebookComparison
    recodes: tuple[Recode, ...] = ()
    drops: tuple[AttributeDrop, ...] = ()
    unresolved: tuple[Unresolved, ...] = ()
    adopt: Codebook | None = None
    """A newer dataset's codebook, adopted before the import when the user agrees."""
    already: frozenset[str] = frozenset()
    """Ids of the dataset's spans the project holds already (the import skips them)."""
    _annotations: Mapping[str, tuple[str, dict[str, Any]]] = field(default_factory=dict, repr=False)

    @property
    def can_migrate(self) -> bool:
        return not self.unresolved

    def heading(self) -> str:
        """One line: which version the dataset was made with, against the project's."""
        made = f"made with codebook {self.codebook_id} version {self.theirs}"
        if self.direction == OLDER:
            return f"{made}, older than this project's version {self.ours}"
        if self.direction == NEWER:
            return f"{made}, newer than this project's version {self.ours}"
        return f"{made}, which this project's codebook log does not lead to its version {self.ours}"

    def plan_lines(self) -> list[str]:
        """The migration, one line per step (empty when the spans need no change)."""
        out: list[str] = []
        if self.adopt is not None:
            out.append(
                f"adopt the dataset's codebook version {self.theirs} first (as 'annotator codebook import')"
            )
        for r in self.recodes:
            out.append(f"recode {_spans(len(r.annotations))} of {r.category!r} to {r.into!r} ({r.reason})")
        for d in self.drops:
            out.append(
                f"drop attribute {d.attribute!r} from {_spans(len(d.annotations))} "
                f"of {d.category!r} ({d.reason})"
            )
        for u in self.unresolved:
            out.append(f"cannot migrate {_spans(len(u.spans))} of {u.category!r}: {u.reason}")
            for doc, start, end, quote in u.spans[:20]:
                out.append(f"  {doc}\t{start}-{end}\t{' '.join(quote.split())[:60]}")
            if len(u.spans) > 20:
                out.append(f"  and {len(u.spans) - 20} more")
        return out

    def lines(self) -> list[str]:
        """The differences, then the plan: what a refusal or ``--dry-run`` prints."""
        diffs = self.comparison.lines() or ["no category or attribute differs"]
        plan = self.plan_lines() or ["nothing to change: the spans fit this project's codebook as they are"]
        return ["differences:", *(f"  {d}" for d in diffs), "migration plan:", *(f"  {p}" for p in plan)]

    def changed_summary(self) -> str:
        """What the migration changed, for the import's report."""
        parts = [f"{_spans(len(r.annotations))} of {r.category} recoded to {r.into}" for r in self.recodes]
        parts += [
            f"attribute {d.attribute} of {d.category} dropped from {_spans(len(d.annotations))}"
            for d in self.drops
        ]
        if self.adopt is not None:
            parts.insert(0, f"codebook version {self.theirs} adopted")
        return "; ".join(parts) or "no span needed a change"

    def apply(self, data: Mapping[str, Any]) -> dict[str, Any]:
        """A copy of the dataset with the plan applied: recoded categories, dropped attributes, the
        changed spans under the project's version, and the project's codebook embedded."""
        if self.unresolved:
            raise ValueError("the plan has spans it cannot migrate")
        out = copy.deepcopy(dict(data))
        if self.adopt is not None:
            return out
        for doc in out["documents"]:
            for a in doc["annotations"]:
                changed = self._annotations.get(a["id"])
                if changed is not None:
                    a["category"], a["attributes"] = changed[0], changed[1]
                    a["codebook_version"] = self.ours
        return out


def _spans(n: int) -> str:
    return f"{n} span" if n == 1 else f"{n} spans"


# -- the project's log as operations ---------------------------------------------------------------

_MERGED = re.compile(r"^merged (?P<sources>.+) into '(?P<into>[^']+)'$")
_SPLIT = re.compile(r"^split '(?P<category>[^']+)' into (?P<into>.+)$")
_DROPPED = re.compile(r"^dropped attribute '(?P<attribute>[^']+)' of '(?P<category>[^']+)'$")
_REMOVED = re.compile(r"^removed '(?P<category>[^']+)' \(")


def _ops_of(entry: Mapping[str, Any]) -> list[dict[str, Any]]:
    """A log entry's operations: stored as data by newer versions, read from its lines otherwise."""
    ops = entry.get("ops")
    recorded = isinstance(ops, list) and all(isinstance(o, dict) for o in ops)
    if recorded:
        found = list(ops or [])
    else:
        found = []
        for line in entry.get("what") or []:
            if not isinstance(line, str):
                continue
            if m := _MERGED.match(line):
                sources = [s.strip() for s in m["sources"].split(",")]
                found.append(
                    {"op": "merge", "sources": [s for s in sources if s != m["into"]], "into": m["into"]}
                )
            elif m := _SPLIT.match(line):
                found.append({"op": "split", "category": m["category"], "into": [], "move_to": None})
    for line in entry.get("what") or []:  # an edit's removals and dropped attributes have no op
        if not isinstance(line, str):
            continue
        if (m := _DROPPED.match(line)) and not recorded:
            found.append({"op": "drop-attribute", "category": m["category"], "attribute": m["attribute"]})
        elif m := _REMOVED.match(line):
            found.append({"op": "remove", "category": m["category"]})
    return found


def _path(project: Project, codebook_id: str, start: str, end: str) -> list[dict[str, Any]] | None:
    """The log entries leading from version ``start`` to ``end`` (oldest first), or ``None``.

    Each entry names the version it was made from; entries written before that was kept are taken
    as made from the version stored before them.
    """
    log = [e for e in project.codebook_log() if e.get("codebook") == codebook_id]
    by_version = {e["version"]: e for e in log}
    order = [e["version"] for e in log]
    steps: list[dict[str, Any]] = []
    current = end
    seen: set[str] = set()
    while current != start:
        if current in seen or current not in by_version:
            return None
        seen.add(current)
        entry = by_version[current]
        steps.append(entry)
        previous = entry.get("from")
        if not isinstance(previous, str):
            index = order.index(current)
            previous = order[index - 1] if index > 0 else None
        if previous is None:
            return None
        current = previous
    return list(reversed(steps))


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", version))


# -- the plan -------------------------------------------------------------------------------------


def plan_migration(project: Project, theirs: Codebook, data: Mapping[str, Any]) -> MigrationPlan:
    """The plan for a valid dataset ``data`` whose codebook ``theirs`` is another version of ours."""
    ours = project.codebook
    comparison = compare_codebooks(ours, theirs)
    forward = _path(project, ours.id, theirs.version, ours.version)
    if forward is None and (
        _path(project, ours.id, ours.version, theirs.version) is not None
        or (
            project.stored_codebook(theirs.id, theirs.version) is None
            and _version_key(theirs.version) > _version_key(ours.version)
        )
    ):
        return MigrationPlan(
            codebook_id=ours.id,
            theirs=theirs.version,
            ours=ours.version,
            direction=NEWER,
            comparison=comparison,
            adopt=theirs,
        )
    everything = [(d["id"], a) for d in data["documents"] for a in d["annotations"]]
    known = project.existing_annotation_ids([a["id"] for _, a in everything])
    spans = [(doc, a) for doc, a in everything if a["id"] not in known]  # ours were migrated already
    state: dict[str, tuple[str, dict[str, Any]]] = {
        a["id"]: (a["category"], dict(a["attributes"] or {})) for _, a in spans
    }
    why: dict[str, list[str]] = {a["id"]: [] for _, a in spans}
    dropped: dict[tuple[str, str], tuple[str, list[str]]] = {}
    stuck: dict[str, str] = {}  # annotation -> reason
    for entry in forward or []:
        version = entry["version"]
        for op in _ops_of(entry):
            kind = op.get("op")
            for ann_id, (category, attrs) in list(state.items()):
                if ann_id in stuck:
                    continue
                if kind == "merge" and category in (op.get("sources") or ()) and category != op.get("into"):
                    state[ann_id] = (str(op["into"]), attrs)
                    why[ann_id].append(f"merged into {op['into']!r} in version {version}")
                elif kind == "split" and category == op.get("category"):
                    if op.get("move_to"):
                        state[ann_id] = (str(op["move_to"]), attrs)
                        why[ann_id].append(
                            f"split in version {version}, its spans moved to {op['move_to']!r}"
                        )
                    else:
                        stuck[ann_id] = (
                            f"split in version {version} with no category its spans go to; recode them"
                        )
                elif (
                    kind == "drop-attribute"
                    and category == op.get("category")
                    and op.get("attribute") in attrs
                ):
                    attrs.pop(str(op["attribute"]))
                    pair = (category, str(op["attribute"]))
                    dropped.setdefault(pair, (f"dropped in version {version}", []))[1].append(ann_id)
                elif kind == "remove" and category == op.get("category"):
                    stuck[ann_id] = f"removed in version {version}"
    for ann_id, (category, attrs) in state.items():  # what the log does not explain
        if ann_id in stuck:
            continue
        cat = ours.category(category)
        if cat is None:
            stuck[ann_id] = "not in this project's codebook, and its log does not say where it went"
            continue
        if not cat.codable:
            stuck[ann_id] = "a group in this project (not codable); recode them"
            continue
        for key in [k for k in attrs if cat.attribute(k) is None]:
            attrs.pop(key)
            dropped.setdefault((category, key), ("not in this project's codebook", []))[1].append(ann_id)
        problems = check_attribute_values(ours, category, attrs)
        if problems:
            stuck[ann_id] = problems[0]
    original = {a["id"]: (a["category"], a["attributes"] or {}) for _, a in spans}
    recodes: dict[tuple[str, str], list[str]] = {}
    for ann_id, (category, _) in state.items():
        if ann_id not in stuck and category != original[ann_id][0]:
            recodes.setdefault((original[ann_id][0], category), []).append(ann_id)
    unresolved: dict[tuple[str, str], list[tuple[str, int, int, str]]] = {}
    for doc_id, a in spans:
        if a["id"] in stuck:
            unresolved.setdefault((a["category"], stuck[a["id"]]), []).append(
                (doc_id, a["start"], a["end"], a["quote"])
            )
    changed = {
        ann_id: state[ann_id]
        for ann_id in state
        if ann_id not in stuck and (state[ann_id][0], state[ann_id][1]) != original[ann_id]
    }
    return MigrationPlan(
        codebook_id=ours.id,
        theirs=theirs.version,
        ours=ours.version,
        direction=OLDER if forward is not None else OTHER,
        comparison=comparison,
        recodes=tuple(
            Recode(
                category=src, into=dst, reason="; ".join(dict.fromkeys(why[ids[0]])), annotations=tuple(ids)
            )
            for (src, dst), ids in recodes.items()
        ),
        drops=tuple(
            AttributeDrop(
                category=c, attribute=attr, reason=reason, annotations=tuple(i for i in ids if i not in stuck)
            )
            for (c, attr), (reason, ids) in dropped.items()
            if any(i not in stuck for i in ids)
        ),
        unresolved=tuple(
            Unresolved(category=c, reason=reason, spans=tuple(s)) for (c, reason), s in unresolved.items()
        ),
        already=frozenset(known),
        _annotations=changed,
    )
