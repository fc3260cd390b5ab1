"""Review: aligning coders' spans into groups, and adjudication into a reviewer's layer.

Every test checks what the project file holds (with plain sqlite3) or what an export holds, not
just what the functions return.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest

from annotator.dataset import dataset_dict, export_dataset, import_dataset
from annotator.domain import Annotation, Annotator, AnnotatorKind
from annotator.errors import ImportRefused, ProjectError, ValidationError
from annotator.project import Project
from annotator.review import (
    AlignedGroup,
    Decision,
    DocumentReview,
    GroupState,
    accept_all_agreed,
    accept_edited,
    accept_version,
    adjudicated_layer,
    align,
    align_document,
    group_key,
    nesting_depths,
    preview_dataset,
    reject_group,
    reopen_group,
    revert,
    review_document,
)
from tests.annotator.hard_text import HARD_TEXT, find

REPO = Path(__file__).resolve().parents[2]


def rows(path: Path, sql: str) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def ann(aid: str, who: str, start: int, end: int, category: str) -> Annotation:
    return Annotation(
        id=aid, document_id="d", start=start, end=end, quote="", category=category, annotator_id=who
    )


def states(groups: list[AlignedGroup]) -> list[tuple[GroupState, int, int, tuple[str, ...]]]:
    return [(g.state, g.start, g.end, tuple(m.id for m in g.members)) for g in groups]


# -- alignment on hand-made spans ---------------------------------------------------------------------


def test_each_state_on_hand_made_spans() -> None:
    spans = [
        ann("a1", "A", 0, 10, "claim"),
        ann("b1", "B", 0, 10, "claim"),  # agreed
        ann("a2", "A", 20, 30, "quote"),
        ann("b2", "B", 20, 30, "opinion"),  # category
        ann("a3", "A", 40, 50, "claim"),
        ann("b3", "B", 42, 50, "claim"),  # boundary
        ann("a4", "A", 60, 65, "statistic"),  # only one
        ann("b5", "B", 70, 80, "opinion"),  # only one (the other coder)
    ]
    groups = align(spans, annotator_ids=["A", "B"])
    assert states(groups) == [
        (GroupState.AGREED, 0, 10, ("a1", "b1")),
        (GroupState.CATEGORY_DISAGREEMENT, 20, 30, ("a2", "b2")),
        (GroupState.BOUNDARY_DISAGREEMENT, 40, 50, ("a3", "b3")),
        (GroupState.ONLY_ONE, 60, 65, ("a4",)),
        (GroupState.ONLY_ONE, 70, 80, ("b5",)),
    ]
    assert [g.state.is_disagreement for g in groups] == [False, True, True, True, True]


def test_units_pair_spans_one_to_one_instead_of_chaining_overlaps() -> None:
    spans = [
        # A's long claim overlaps B's two short claims: it pairs with the one more like it (the
        # larger share of their combined extent in common), the other is B's alone
        ann("a1", "A", 0, 20, "claim"),
        ann("b1", "B", 0, 8, "claim"),
        ann("b2", "B", 14, 20, "claim"),
        # a chain: A[30,40) - B[38,50) - A[48,60) - B[58,70): two pairs, not one group of four
        ann("a2", "A", 30, 40, "claim"),
        ann("b3", "B", 38, 50, "claim"),
        ann("a3", "A", 48, 60, "claim"),
        ann("b4", "B", 58, 70, "claim"),
        # A's own overlapping spans with nobody else's: separate units, each only one coder
        ann("a4", "A", 75, 85, "claim"),
        ann("a5", "A", 78, 88, "quote"),
        # touching is not overlapping: end is exclusive
        ann("a6", "A", 90, 95, "claim"),
        ann("b5", "B", 95, 99, "claim"),
    ]
    groups = align(spans, annotator_ids=["A", "B"])
    assert states(groups) == [
        (GroupState.BOUNDARY_DISAGREEMENT, 0, 20, ("a1", "b1")),
        (GroupState.ONLY_ONE, 14, 20, ("b2",)),
        (GroupState.BOUNDARY_DISAGREEMENT, 30, 50, ("a2", "b3")),
        (GroupState.BOUNDARY_DISAGREEMENT, 48, 70, ("a3", "b4")),
        (GroupState.ONLY_ONE, 75, 85, ("a4",)),
        (GroupState.ONLY_ONE, 78, 88, ("a5",)),
        (GroupState.ONLY_ONE, 90, 95, ("a6",)),
        (GroupState.ONLY_ONE, 95, 99, ("b5",)),
    ]
    # the pairing is the one-to-one matching span F1 counts: as many pairs as possible, so b1,
    # which is more like a1, gives it up to b2, which overlaps nothing else
    chain = [
        ann("a1", "A", 0, 10, "claim"),
        ann("a2", "A", 8, 30, "claim"),
        ann("b1", "B", 2, 9, "claim"),
        ann("b2", "B", 5, 7, "claim"),
    ]
    assert states(align(chain, annotator_ids=["A", "B"])) == [
        (GroupState.BOUNDARY_DISAGREEMENT, 0, 10, ("a1", "b2")),
        (GroupState.BOUNDARY_DISAGREEMENT, 2, 30, ("a2", "b1")),
    ]


def test_nested_spans_are_units_of_their_own() -> None:
    spans = [
        # both coders mark the outer quote; nested in it, A sees an opinion and B a claim
        ann("a1", "A", 0, 100, "quote"),
        ann("a2", "A", 10, 30, "opinion"),
        ann("b1", "B", 0, 100, "quote"),
        ann("b2", "B", 10, 30, "claim"),
        # nested spans whose boundaries differ too: still matched with each other, not the outer
        ann("a3", "A", 200, 300, "quote"),
        ann("a4", "A", 210, 230, "opinion"),
        ann("b3", "B", 200, 300, "quote"),
        ann("b4", "B", 212, 232, "claim"),
        # only A marks the outer span; B's nested span pairs with A's nested one
        ann("a5", "A", 400, 500, "quote"),
        ann("a6", "A", 410, 430, "claim"),
        ann("b5", "B", 412, 430, "claim"),
    ]
    groups = align(spans, annotator_ids=["A", "B"])
    assert states(groups) == [
        (GroupState.AGREED, 0, 100, ("a1", "b1")),
        (GroupState.CATEGORY_DISAGREEMENT, 10, 30, ("a2", "b2")),
        (GroupState.AGREED, 200, 300, ("a3", "b3")),
        (GroupState.CATEGORY_DISAGREEMENT, 210, 232, ("a4", "b4")),
        (GroupState.ONLY_ONE, 400, 500, ("a5",)),
        (GroupState.BOUNDARY_DISAGREEMENT, 410, 430, ("a6", "b5")),
    ]
    assert nesting_depths(groups) == {g.key: (0 if g.end - g.start == 100 else 1) for g in groups}


def test_identical_spans_pair_first_then_same_category_then_same_extent() -> None:
    spans = [
        ann("a1", "A", 0, 50, "claim"),
        ann("b1", "B", 0, 50, "opinion"),  # same extent, another category
        ann("b2", "B", 5, 45, "claim"),  # same category, overlapping: F1 would match this one
        ann("a2", "A", 60, 70, "quote"),
        ann("b3", "B", 60, 70, "quote"),  # identical
        ann("b4", "B", 60, 70, "claim"),  # same extent as both, but a2 is taken by b3
    ]
    units = sorted(states(align(spans, annotator_ids=["A", "B"])), key=lambda u: u[3])
    assert units == [
        (GroupState.BOUNDARY_DISAGREEMENT, 0, 50, ("a1", "b2")),
        (GroupState.AGREED, 60, 70, ("a2", "b3")),
        (GroupState.ONLY_ONE, 0, 50, ("b1",)),
        (GroupState.ONLY_ONE, 60, 70, ("b4",)),
    ]


def test_category_wins_over_boundary_and_nested_spans_count() -> None:
    spans = [
        ann("a1", "A", 0, 20, "claim"),
        ann("b1", "B", 0, 10, "quote"),  # different boundaries *and* category
        ann("a2", "A", 30, 50, "claim"),
        ann("a3", "A", 35, 40, "quote"),  # A nests a quote in the claim, B only has the claim
        ann("b2", "B", 30, 50, "claim"),
        ann("a4", "A", 60, 70, "claim"),
        ann("a5", "A", 62, 66, "quote"),
        ann("b3", "B", 60, 70, "claim"),
        ann("b4", "B", 62, 66, "quote"),  # both nest the same quote: agreed
        ann("a6", "A", 80, 100, "claim"),
        ann("a7", "A", 85, 90, "quote"),
        ann("b5", "B", 80, 100, "claim"),
        ann("b6", "B", 85, 92, "quote"),  # both nest a quote, its end differs: boundaries
    ]
    groups = align(spans, annotator_ids=["A", "B"])
    assert states(groups) == [
        (GroupState.CATEGORY_DISAGREEMENT, 0, 20, ("a1", "b1")),
        (GroupState.AGREED, 30, 50, ("a2", "b2")),
        (GroupState.ONLY_ONE, 35, 40, ("a3",)),
        (GroupState.AGREED, 60, 70, ("a4", "b3")),
        (GroupState.AGREED, 62, 66, ("a5", "b4")),
        (GroupState.AGREED, 80, 100, ("a6", "b5")),
        (GroupState.BOUNDARY_DISAGREEMENT, 85, 92, ("a7", "b6")),
    ]


def test_three_coders_partial_and_ignored_annotators() -> None:
    spans = [
        ann("a1", "A", 0, 10, "claim"),
        ann("b1", "B", 0, 10, "claim"),  # C marked nothing here
        ann("a2", "A", 20, 30, "claim"),
        ann("b2", "B", 20, 30, "claim"),
        ann("c2", "C", 20, 30, "claim"),
        ann("x1", "X", 0, 30, "opinion"),  # not chosen: ignored, does not join the units
    ]
    groups = align(spans, annotator_ids=["A", "B", "C"])
    assert states(groups) == [
        (GroupState.PARTIAL, 0, 10, ("a1", "b1")),
        (GroupState.AGREED, 20, 30, ("a2", "b2", "c2")),
    ]
    assert groups[0].coders == ("A", "B")
    with pytest.raises(ValidationError, match="two coders"):
        align(spans, annotator_ids=["A"])


def test_three_coders_join_a_unit_through_any_of_its_spans() -> None:
    spans = [
        # C's span is identical to B's, which only overlaps A's: one unit of three
        ann("a1", "A", 0, 10, "claim"),
        ann("b1", "B", 5, 20, "claim"),
        ann("c1", "C", 5, 20, "claim"),
        # a chain across three coders: each overlaps the previous coder's span
        ann("a2", "A", 30, 40, "claim"),
        ann("b2", "B", 38, 50, "claim"),
        ann("c2", "C", 48, 60, "claim"),
        # two agree on the outer quote, the third only on the nested opinion; the second calls it
        # a claim: the nested spans are one unit of three
        ann("a3", "A", 100, 200, "quote"),
        ann("a4", "A", 120, 140, "opinion"),
        ann("b3", "B", 100, 200, "quote"),
        ann("b4", "B", 120, 140, "claim"),
        ann("c4", "C", 120, 140, "opinion"),
    ]
    groups = align(spans, annotator_ids=["A", "B", "C"])
    assert states(groups) == [
        (GroupState.BOUNDARY_DISAGREEMENT, 0, 20, ("a1", "b1", "c1")),
        (GroupState.BOUNDARY_DISAGREEMENT, 30, 60, ("a2", "b2", "c2")),
        (GroupState.PARTIAL, 100, 200, ("a3", "b3")),
        (GroupState.CATEGORY_DISAGREEMENT, 120, 140, ("a4", "b4", "c4")),
    ]
    # every unit holds at most one span of each coder, whatever the order the coders are chosen in
    for order in (["C", "B", "A"], ["B", "C", "A"]):
        again = align(spans, annotator_ids=order)
        assert sorted(sorted(m.id for m in g.members) for g in again) == sorted(
            sorted(m.id for m in g.members) for g in groups
        )
        assert all(len(g.coders) == len(g.members) for g in again)


# -- a project ------------------------------------------------------------------------------------------


@pytest.fixture
def project(tmp_path: Path) -> Iterator[Project]:
    p = Project.open(tmp_path / "p.sqlite")
    yield p
    p.close()


class Setup:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.doc = project.add_document(text=HARD_TEXT, title="Hard").document
        self.ann = project.ensure_annotator(name="Ann")
        self.ben = project.ensure_annotator(name="Ben")
        self.rev = project.ensure_annotator(name="Rev")
        self.coders = [self.ann.id, self.ben.id]

    def add(self, who: str, needle: str, category: str, *, cut: int = 0, **kw: object) -> Annotation:
        s, e = find(HARD_TEXT, needle)
        change = self.project.add_annotation(
            document_id=self.doc.id, start=s + cut, end=e, category=category, annotator_id=who, **kw
        )
        assert change.after is not None
        return change.after

    def groups(self) -> list[AlignedGroup]:
        return align_document(self.project, document_id=self.doc.id, annotator_ids=self.coders)


@pytest.fixture
def setup(project: Project) -> Setup:
    """Two coders on the hard text (emoji, ZWJ, combining marks, RTL) who disagree in every way."""
    s = Setup(project)
    s.add(s.ann.id, "Ana\u00a0Kovač said: “We will not sign.” 👍", "claim")
    s.add(s.ben.id, "Ana\u00a0Kovač said: “We will not sign.” 👍", "claim")  # agreed, ends on an emoji
    s.add(s.ann.id, "Family 👩\u200d👩\u200d👧", "quote", attributes={"speaker": "Family"})
    s.add(s.ben.id, "Family 👩\u200d👩\u200d👧", "opinion")  # category
    s.add(s.ann.id, "café vs cafe\u0301", "statistic")
    s.add(s.ben.id, "café vs cafe\u0301", "statistic", cut=1)  # boundary (after a ZWJ sequence)
    s.add(s.ann.id, "ميزانية للجميع", "opinion")  # only one, right-to-left
    return s


def test_alignment_of_a_stored_document_with_emoji_offsets(setup: Setup) -> None:
    groups = setup.groups()
    assert [g.state for g in groups] == [
        GroupState.AGREED,
        GroupState.CATEGORY_DISAGREEMENT,
        GroupState.BOUNDARY_DISAGREEMENT,
        GroupState.ONLY_ONE,
    ]
    for g, needle in zip(
        groups,
        [
            "Ana\u00a0Kovač said: “We will not sign.” 👍",
            "Family 👩\u200d👩\u200d👧",
            "café vs cafe\u0301",
            "ميزانية للجميع",
        ],
        strict=True,
    ):
        assert HARD_TEXT[g.start : g.end] == needle  # code points, so the text slices exactly
    assert groups[0].end == HARD_TEXT.index("👍") + 1


def test_accept_version_copies_into_the_adjudicated_layer_and_undo_redo(setup: Setup, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    group = setup.groups()[1]  # category disagreement on the family emoji
    ann_quote = next(m for m in group.members if m.annotator_id == setup.ann.id)
    outcome = accept_version(setup.project, group=group, annotation_id=ann_quote.id, reviewer_id=setup.rev.id)
    (change,) = outcome.changes
    assert change.before is None and change.after is not None
    layer = adjudicated_layer(setup.project, reviewer_id=setup.rev.id)
    assert layer is not None and layer.kind is AnnotatorKind.ADJUDICATED
    assert rows(db, f"SELECT name, kind, adjudicated_by FROM annotators WHERE id = '{layer.id}'") == [
        ("Adjudicated (Rev)", "adjudicated", setup.rev.id)
    ]
    s, e = find(HARD_TEXT, "Family 👩\u200d👩\u200d👧")
    assert rows(
        db,
        f'SELECT start, "end", quote, category, attributes FROM annotations '
        f"WHERE annotator_id = '{layer.id}'",
    ) == [(s, e, HARD_TEXT[s:e], "quote", '{"speaker": "Family"}')]
    assert rows(
        db, "SELECT group_key, decision, annotation_id, source_annotation_id FROM review_decisions"
    ) == [(group.key, "accepted", change.after.id, ann_quote.id)]
    review = review_document(
        setup.project, document_id=setup.doc.id, annotator_ids=setup.coders, reviewer_id=setup.rev.id
    )
    assert review.is_settled(group) and group not in review.open_disagreements

    undone = revert(setup.project, outcome=outcome)
    assert rows(db, f"SELECT count(*) FROM annotations WHERE annotator_id = '{layer.id}'") == [(0,)]
    assert rows(db, "SELECT count(*) FROM review_decisions") == [(0,)]
    assert undone.changes[0].before == change.after and undone.changes[0].after is None

    revert(setup.project, outcome=undone)  # redo: the same span and decision, same ids
    assert setup.project.annotation(change.after.id) == change.after
    assert rows(db, "SELECT id, annotation_id FROM review_decisions") == [
        (outcome.decisions_added[0].id, change.after.id)
    ]


def test_accept_edited_and_its_checks(setup: Setup, tmp_path: Path) -> None:
    group = setup.groups()[2]  # boundary disagreement on "café vs café"
    s, e = find(HARD_TEXT, "cafe\u0301")
    outcome = accept_edited(
        setup.project,
        group=group,
        start=s,
        end=e,
        category="statistic",
        reviewer_id=setup.rev.id,
        note="only the second spelling",
    )
    after = outcome.changes[0].after
    assert after is not None and after.quote == "cafe\u0301"
    assert rows(tmp_path / "p.sqlite", f"SELECT quote, note FROM annotations WHERE id = '{after.id}'") == [
        ("cafe\u0301", "only the second spelling")
    ]
    assert outcome.decisions_added[0].decision is Decision.EDITED
    far = find(HARD_TEXT, "Zero")
    with pytest.raises(ValidationError, match="does not overlap"):
        accept_edited(
            setup.project, group=group, start=far[0], end=far[1], category="claim", reviewer_id=setup.rev.id
        )
    with pytest.raises(ValidationError, match="already has"):
        accept_edited(
            setup.project, group=group, start=s, end=e, category="statistic", reviewer_id=setup.rev.id
        )
    with pytest.raises(ValidationError, match="not in the codebook"):
        accept_edited(setup.project, group=group, start=s, end=e, category="nope", reviewer_id=setup.rev.id)


def test_reject_records_a_decision_that_survives_reopening_the_project(setup: Setup, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    group = setup.groups()[3]  # only Ann marked the Arabic slogan
    outcome = reject_group(setup.project, group=group, reviewer_id=setup.rev.id)
    assert outcome.changes == ()
    assert rows(
        path, "SELECT group_key, document_id, reviewer_id, decision, annotation_id FROM review_decisions"
    ) == [(group.key, setup.doc.id, setup.rev.id, "rejected", None)]
    assert rows(path, "SELECT count(*) FROM annotators WHERE kind = 'adjudicated'") == [(0,)]
    with pytest.raises(ValidationError, match="already settled"):
        reject_group(setup.project, group=group, reviewer_id=setup.rev.id)
    with pytest.raises(ValidationError, match="rejected"):
        accept_version(
            setup.project, group=group, annotation_id=group.members[0].id, reviewer_id=setup.rev.id
        )
    setup.project.close()
    with Project.open(path) as again:
        review = review_document(
            again, document_id=setup.doc.id, annotator_ids=setup.coders, reviewer_id=setup.rev.id
        )
        (same,) = [g for g in review.groups if g.key == group.key]
        assert review.is_settled(same)
        assert [g.state for g in review.open_disagreements] == [
            GroupState.CATEGORY_DISAGREEMENT,
            GroupState.BOUNDARY_DISAGREEMENT,
        ]
        # another reviewer's view of the same group is still open
        other = again.ensure_annotator(name="Other")
        assert not review_document(
            again, document_id=setup.doc.id, annotator_ids=setup.coders, reviewer_id=other.id
        ).is_settled(same)
        reopened = reopen_group(again, group=same, reviewer_id=setup.rev.id)
        assert rows(path, "SELECT count(*) FROM review_decisions") == [(0,)]
        revert(again, outcome=reopened)
        assert rows(path, "SELECT decision FROM review_decisions") == [("rejected",)]


def test_deleting_an_accepted_span_reopens_its_group(setup: Setup) -> None:
    group = setup.groups()[1]
    outcome = accept_version(
        setup.project, group=group, annotation_id=group.members[1].id, reviewer_id=setup.rev.id
    )
    added = outcome.changes[0].after
    assert added is not None
    args = {"document_id": setup.doc.id, "annotator_ids": setup.coders, "reviewer_id": setup.rev.id}
    setup.project.delete_annotation(annotation_id=added.id)
    assert not review_document(setup.project, **args).is_settled(group)
    setup.project.restore_annotation(annotation=added)  # the window's undo of that deletion
    assert review_document(setup.project, **args).is_settled(group)


def test_accept_all_agreed_is_one_transaction_and_one_undo(setup: Setup, tmp_path: Path) -> None:
    path = tmp_path / "p.sqlite"
    s, e = find(HARD_TEXT, "Zero\u200bwidth")
    for who in setup.coders:  # a second agreed group
        setup.project.add_annotation(
            document_id=setup.doc.id, start=s, end=e, category="claim", annotator_id=who
        )
    outcome = accept_all_agreed(
        setup.project, document_id=setup.doc.id, annotator_ids=setup.coders, reviewer_id=setup.rev.id
    )
    assert len(outcome.changes) == 2 and len(outcome.decisions_added) == 2
    layer = adjudicated_layer(setup.project, reviewer_id=setup.rev.id)
    assert layer is not None
    stored = rows(
        path, f"SELECT quote, category FROM annotations WHERE annotator_id = '{layer.id}' ORDER BY start"
    )
    assert stored == [("Ana\u00a0Kovač said: “We will not sign.” 👍", "claim"), ("Zero\u200bwidth", "claim")]
    again = accept_all_agreed(
        setup.project, document_id=setup.doc.id, annotator_ids=setup.coders, reviewer_id=setup.rev.id
    )
    assert not again  # everything agreed is settled already
    revert(setup.project, outcome=outcome)
    assert rows(path, f"SELECT count(*) FROM annotations WHERE annotator_id = '{layer.id}'") == [(0,)]
    assert rows(path, "SELECT count(*) FROM review_decisions") == [(0,)]


def test_a_stale_group_and_a_readonly_project_are_refused(setup: Setup, tmp_path: Path) -> None:
    group = setup.groups()[2]
    setup.project.delete_annotation(annotation_id=group.members[1].id)  # a coder changed it meanwhile
    with pytest.raises(ValidationError, match="changed since"):
        reject_group(setup.project, group=group, reviewer_id=setup.rev.id)
    with pytest.raises(ValidationError, match="not part of this unit"):
        accept_version(setup.project, group=group, annotation_id="nope", reviewer_id=setup.rev.id)
    setup.project.close()
    with Project.open(tmp_path / "p.sqlite", readonly=True) as ro:
        fresh = align_document(ro, document_id=setup.doc.id, annotator_ids=setup.coders)
        with pytest.raises(ProjectError, match="read-only"):
            reject_group(ro, group=fresh[0], reviewer_id=setup.rev.id)


def test_export_marks_the_adjudicated_layer_and_validates(setup: Setup, tmp_path: Path) -> None:
    group = setup.groups()[0]
    accept_version(setup.project, group=group, annotation_id=group.members[0].id, reviewer_id=setup.rev.id)
    out = tmp_path / "dataset.json"
    export_dataset(setup.project, out)
    data = json.loads(out.read_text(encoding="utf-8"))
    schema = json.loads((REPO / "resources" / "dataset.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(data, schema)
    layers = [a for a in data["annotators"] if a.get("kind") == "adjudicated"]
    assert layers == [
        {
            "id": layers[0]["id"],
            "name": "Adjudicated (Rev)",
            "kind": "adjudicated",
            "adjudicated_by": setup.rev.id,
        }
    ]
    coders = {a["name"]: a for a in data["annotators"] if a["kind"] == "coder"}
    assert "adjudicated_by" not in coders["Ann"]
    (doc,) = data["documents"]
    adjudicated = [a for a in doc["annotations"] if a["annotator"] == layers[0]["id"]]
    assert [(a["quote"], a["category"]) for a in adjudicated] == [
        ("Ana\u00a0Kovač said: “We will not sign.” 👍", "claim")
    ]
    # and it comes back as an adjudicated layer in a colleague's project
    with Project.open(tmp_path / "colleague.sqlite") as other:
        import_dataset(other, out)
        layer = next(a for a in other.annotators() if a.kind is AnnotatorKind.ADJUDICATED)
        assert other.adjudicated_by(layer.id) == setup.rev.id


def test_importing_a_colleagues_layer_with_a_preview(setup: Setup, tmp_path: Path) -> None:
    # the colleague codes the same document in their own project, under a newer codebook version
    theirs_path = tmp_path / "theirs.sqlite"
    with Project.open(theirs_path) as theirs:
        cb = theirs.codebook
        claim = cb.category("claim")
        assert claim is not None
        changed = replace(claim, definition=claim.definition + " Also headlines.")
        theirs.set_codebook(codebook=replace(cb, version="1.1", categories=(changed, *cb.categories[1:])))
        doc = theirs.add_document(text=HARD_TEXT, title="Hard").document
        cleo = theirs.ensure_annotator(name="Cleo")
        s, e = find(HARD_TEXT, "Лозунг")
        theirs.add_annotation(document_id=doc.id, start=s, end=e, category="claim", annotator_id=cleo.id)
        export = tmp_path / "cleo.json"
        export_dataset(theirs, export)
    before = dataset_dict(setup.project)
    preview = preview_dataset(setup.project, export)
    assert preview.annotators_new == ("Cleo",)
    assert (preview.documents_new, preview.documents_known, preview.annotations_new) == (0, 1, 1)
    assert preview.needs_confirmation
    assert "category 'claim': definition differs" in preview.codebook_differences
    assert dataset_dict(setup.project)["annotators"] == before["annotators"]  # the preview wrote nothing
    assert preview.migration is not None and preview.migration.adopt is not None  # a newer version
    result = import_dataset(setup.project, export, migrate=True)  # adopts version 1.1 first
    assert result.annotations_added == 1
    assert setup.project.codebook.version == "1.1"
    cleo_id = next(a.id for a in setup.project.annotators() if a.name == "Cleo")
    # nobody else's annotations changed, and Cleo's layer aligns with the others
    assert len(setup.project.annotations(annotator_ids=setup.coders)) == 7
    groups = align_document(setup.project, document_id=setup.doc.id, annotator_ids=[setup.ann.id, cleo_id])
    assert GroupState.ONLY_ONE in {g.state for g in groups}
    bad = tmp_path / "bad.json"
    bad.write_text("{}", encoding="utf-8")
    with pytest.raises(ImportRefused):
        preview_dataset(setup.project, bad)


def test_migrated_schema_matches_the_models(tmp_path: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from annotator.store.models import Base

    with Project.open(tmp_path / "m.sqlite") as p, p.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


# -- units in a project: one decision settles one unit --------------------------------------------------

NESTED_TEXT = (
    "“We did not choose this — the Port Authority chose it when they walked away,” said Tomas Redvik. "
    "The authority offered a 4.5% raise for 2026 followed by 3% in 2027, worth €38 million. "
    "The average dock wage is €2,140 a month."
)


class Units:
    """Ann and Ben agree on an outer quote and disagree on the span nested in it (opinion or claim);
    they chain partial overlaps over the pay offer; Cleo, a third coder, joins some of it."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self.doc = project.add_document(text=NESTED_TEXT, title="Strike").document
        self.ann = project.ensure_annotator(name="Ann")
        self.ben = project.ensure_annotator(name="Ben")
        self.cleo = project.ensure_annotator(name="Cleo")
        self.rev = project.ensure_annotator(name="Rev")
        outer = "“We did not choose this — the Port Authority chose it when they walked away,”"
        inner = "the Port Authority chose it when they walked away"
        self.outer = {w.id: self.add(w, outer, "quote") for w in (self.ann, self.ben)}
        self.inner = {self.ann.id: self.add(self.ann, inner, "opinion")}
        self.inner[self.ben.id] = self.add(self.ben, inner, "claim")
        self.add(self.ann, "The authority offered a 4.5% raise for 2026", "statistic")
        self.add(self.ben, "offered a 4.5% raise for 2026 followed by 3% in 2027", "statistic")
        self.add(self.ann, "followed by 3% in 2027, worth €38 million", "statistic")
        self.add(self.ben, "worth €38 million", "statistic")
        self.coders = [self.ann.id, self.ben.id]

    def add(self, who: Annotator, needle: str, category: str) -> Annotation:
        s = NESTED_TEXT.index(needle)
        change = self.project.add_annotation(
            document_id=self.doc.id, start=s, end=s + len(needle), category=category, annotator_id=who.id
        )
        assert change.after is not None
        return change.after

    def review(self, coders: list[str] | None = None) -> DocumentReview:
        return review_document(
            self.project,
            document_id=self.doc.id,
            annotator_ids=coders or self.coders,
            reviewer_id=self.rev.id,
        )

    def described(self, coders: list[str] | None = None) -> list[tuple[str, str, bool]]:
        """(state, text, settled) of each unit."""
        r = self.review(coders)
        return [(g.state.value, NESTED_TEXT[g.start : g.end], r.is_settled(g)) for g in r.groups]


@pytest.fixture
def units(project: Project) -> Units:
    return Units(project)


OUTER = "“We did not choose this — the Port Authority chose it when they walked away,”"
INNER = "the Port Authority chose it when they walked away"


def test_a_decision_on_the_nested_unit_leaves_the_outer_one_as_it_was(units: Units, tmp_path: Path) -> None:
    db = tmp_path / "p.sqlite"
    assert units.described() == [
        ("agreed", OUTER, False),
        ("category_disagreement", INNER, False),
        (
            "boundary_disagreement",
            "The authority offered a 4.5% raise for 2026 followed by 3% in 2027",
            False,
        ),
        ("boundary_disagreement", "followed by 3% in 2027, worth €38 million", False),
    ]
    outer, inner, *_ = units.review().groups
    assert [m.id for m in inner.members] == [units.inner[units.ann.id].id, units.inner[units.ben.id].id]
    outcome = accept_version(
        units.project, group=inner, annotation_id=units.inner[units.ben.id].id, reviewer_id=units.rev.id
    )
    assert [s for *_, s in units.described()] == [False, True, False, False]
    assert rows(db, "SELECT group_key, decision FROM review_decisions") == [(inner.key, "accepted")]
    # the outer quote is still agreed and open: accepting all agreed copies it, and only it
    agreed = accept_all_agreed(
        units.project, document_id=units.doc.id, annotator_ids=units.coders, reviewer_id=units.rev.id
    )
    assert [c.after.quote for c in agreed.changes if c.after] == [OUTER]
    assert [s for *_, s in units.described()] == [True, True, False, False]
    # reopening the nested unit takes back its decision and span, not the outer one
    reopened = reopen_group(units.project, group=inner, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [True, False, False, False]
    layer = adjudicated_layer(units.project, reviewer_id=units.rev.id)
    assert layer is not None
    assert rows(db, f"SELECT quote, category FROM annotations WHERE annotator_id = '{layer.id}'") == [
        (OUTER, "quote")
    ]
    revert(units.project, outcome=reopened)
    revert(units.project, outcome=agreed)
    assert [s for *_, s in units.described()] == [False, True, False, False]
    revert(units.project, outcome=outcome)
    assert rows(db, "SELECT count(*) FROM review_decisions") == [(0,)]
    # rejecting the outer unit leaves the nested one open, and vice versa
    reject_group(units.project, group=outer, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [True, False, False, False]
    accept_version(
        units.project, group=inner, annotation_id=units.inner[units.ann.id].id, reviewer_id=units.rev.id
    )
    assert [s for *_, s in units.described()] == [True, True, False, False]


def test_a_chain_of_partial_overlaps_is_decided_pair_by_pair(units: Units) -> None:
    *_, first, second = units.review().groups
    reject_group(units.project, group=first, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [False, False, True, False]
    accept_version(units.project, group=second, annotation_id=second.members[1].id, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [False, False, True, True]
    # a coder moving a boundary inside the chain changes that pair's unit only
    ann_first = next(m for m in first.members if m.annotator_id == units.ann.id)
    units.project.update_annotation(annotation_id=ann_first.id, start=ann_first.start + 4)
    assert [s for *_, s in units.described()] == [False, False, True, True]


def test_three_coders_decide_units_not_chains(units: Units) -> None:
    units.add(units.cleo, OUTER, "quote")
    units.add(units.cleo, INNER, "opinion")
    units.add(units.cleo, "a 4.5% raise", "statistic")
    coders = [units.ann.id, units.ben.id, units.cleo.id]
    assert [(state, text) for state, text, _ in units.described(coders)] == [
        ("agreed", OUTER),
        ("category_disagreement", INNER),
        ("boundary_disagreement", "The authority offered a 4.5% raise for 2026 followed by 3% in 2027"),
        ("boundary_disagreement", "followed by 3% in 2027, worth €38 million"),
    ]
    r = units.review(coders)
    inner = r.groups[1]
    assert [m.annotator_id for m in inner.members] == coders
    chain = r.groups[2]
    assert len(chain.members) == 3 and chain.coders == tuple(coders)
    accept_version(units.project, group=inner, annotation_id=inner.members[2].id, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described(coders)] == [False, True, False, False]
    # the same decision does not count for a comparison of other coders: its unit differs there
    assert [s for *_, s in units.described([units.ann.id, units.cleo.id])] == [False, False, False, False]


def test_decisions_made_on_whole_overlap_chains_settle_the_units_they_covered(
    units: Units, tmp_path: Path
) -> None:
    """Projects reviewed before units hold decisions keyed by a whole chain of overlapping spans."""
    db = tmp_path / "p.sqlite"
    project = units.project
    quote_chain = group_key([*(a.id for a in units.outer.values()), *(a.id for a in units.inner.values())])
    pay_chain = group_key(m.id for g in units.review().groups[2:] for m in g.members)
    layer = adjudicated_layer(project, reviewer_id=units.rev.id, create=True)
    assert layer is not None
    copied = project.add_annotation(
        document_id=units.doc.id,
        start=units.outer[units.ann.id].start,
        end=units.outer[units.ann.id].end,
        category="quote",
        annotator_id=layer.id,
    ).after
    assert copied is not None
    # the old review: the reviewer accepted Ann's outer quote for the whole four-span group, and
    # rejected the whole pay chain; one more decision's group no longer exists at all
    project.record_decision(
        group_key=quote_chain,
        document_id=units.doc.id,
        reviewer_id=units.rev.id,
        decision=Decision.ACCEPTED,
        annotation_id=copied.id,
        source_annotation_id=units.outer[units.ann.id].id,
    )
    old_reject = project.record_decision(
        group_key=pay_chain, document_id=units.doc.id, reviewer_id=units.rev.id, decision=Decision.REJECTED
    )
    project.record_decision(
        group_key=group_key(["gone", "long ago"]),
        document_id=units.doc.id,
        reviewer_id=units.rev.id,
        decision=Decision.REJECTED,
    )
    # the accepted outer quote settles its own unit; the nested disagreement, never decided, is open
    assert [s for *_, s in units.described()] == [True, False, True, True]
    outer, inner, first, second = units.review().groups
    assert [g.key for g in units.review().open_disagreements] == [inner.key]
    # the nested unit can be decided now; the old decisions are left as they are
    accept_version(project, group=inner, annotation_id=units.inner[units.ann.id].id, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [True, True, True, True]
    with pytest.raises(ValidationError, match="already settled"):
        reject_group(project, group=first, reviewer_id=units.rev.id)
    with pytest.raises(ValidationError, match="rejected"):
        accept_version(project, group=first, annotation_id=first.members[0].id, reviewer_id=units.rev.id)
    # reopening one unit of the rejected chain keeps the other rejected, under its own key
    reopened = reopen_group(project, group=first, reviewer_id=units.rev.id)
    assert [s for *_, s in units.described()] == [True, True, False, True]
    assert (second.key, "rejected") in rows(db, "SELECT group_key, decision FROM review_decisions")
    assert pay_chain not in {r[0] for r in rows(db, "SELECT group_key FROM review_decisions")}
    revert(project, outcome=reopened)
    assert [s for *_, s in units.described()] == [True, True, True, True]
    assert project.decisions(reviewer_id=units.rev.id, group_key=pay_chain) == [old_reject]
    # reopening the outer unit drops the old acceptance and the span it made
    reopen_group(project, group=outer, reviewer_id=units.rev.id)
    assert project.annotation(copied.id) is None
    assert [s for *_, s in units.described()] == [False, True, True, True]
    # an old decision whose spans are gone settles nothing, and nothing breaks
    units.project.delete_annotation(annotation_id=first.members[0].id)
    assert [s for *_, s in units.described()][:2] == [False, True]


def test_disagreements_command_lists_the_units_as_documented(
    units: Units, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from annotator.cli import main

    units.add(units.cleo, INNER, "opinion")
    path = str(tmp_path / "p.sqlite")
    units.project.close()
    assert main(["disagreements", "--project", path, "--json", "--annotators", "Ann", "Ben"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["groups"]
    for group in data["groups"]:
        assert list(group) == ["document", "state", "start", "end", "members"]
        for member in group["members"]:
            assert list(member) == ["annotation", "annotator", "start", "end", "category"]
    with Project.open(tmp_path / "p.sqlite") as p:
        expected = align_document(p, document_id=units.doc.id, annotator_ids=units.coders)
    assert data["groups"] == [
        {
            "document": units.doc.id,
            "state": g.state.value,
            "start": g.start,
            "end": g.end,
            "members": [
                {
                    "annotation": m.id,
                    "annotator": m.annotator_id,
                    "start": m.start,
                    "end": m.end,
                    "category": m.category,
                }
                for m in g.members
            ],
        }
        for g in expected
    ]
    assert [g["state"] for g in data["groups"]] == [
        "agreed",
        "category_disagreement",
        "boundary_disagreement",
        "boundary_disagreement",
    ]
    # by default every coder with a span is compared (Cleo too: the outer quote is "some coders")
    assert main(["disagreements", "--project", path, "--json", "--document", units.doc.id]) == 0
    states_3 = [g["state"] for g in json.loads(capsys.readouterr().out)["groups"]]
    assert states_3[:2] == ["partial", "category_disagreement"]
    # a line per unit for people
    assert main(["disagreements", "--project", path, "--annotators", units.ann.id, "Ben"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"Strike ({units.doc.id})"
    assert lines[2].split("\t")[:3] == [
        f"  {NESTED_TEXT.index(INNER)}-{NESTED_TEXT.index(INNER) + len(INNER)}",
        "category_disagreement",
        f"Ann opinion {NESTED_TEXT.index(INNER)}-{NESTED_TEXT.index(INNER) + len(INNER)} | "
        f"Ben claim {NESTED_TEXT.index(INNER)}-{NESTED_TEXT.index(INNER) + len(INNER)}",
    ]
    assert lines[-1] == "4 units, 3 not agreed (Ann, Ben)"
    # mistakes are one line on stderr
    assert main(["disagreements", "--project", path, "--annotators", "Ann"]) == 1
    assert "at least two coders" in capsys.readouterr().err
    assert main(["disagreements", "--project", path, "--document", "nope"]) == 1
    assert "no document nope" in capsys.readouterr().err
