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
from annotator.domain import Annotation, AnnotatorKind
from annotator.errors import ImportRefused, ProjectError, ValidationError
from annotator.project import Project
from annotator.review import (
    AlignedGroup,
    Decision,
    GroupState,
    accept_all_agreed,
    accept_edited,
    accept_version,
    adjudicated_layer,
    align,
    align_document,
    group_key,
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


def test_groups_are_connected_components_across_coders() -> None:
    spans = [
        # A's long claim overlaps B's two short claims: one group, boundaries differ
        ann("a1", "A", 0, 20, "claim"),
        ann("b1", "B", 0, 8, "claim"),
        ann("b2", "B", 12, 20, "claim"),
        # a chain: A[30,40) - B[38,50) - A[48,60): one group through B
        ann("a2", "A", 30, 40, "claim"),
        ann("b3", "B", 38, 50, "claim"),
        ann("a3", "A", 48, 60, "claim"),
        # A's own overlapping spans with nobody else's: separate groups, each only one coder
        ann("a4", "A", 70, 80, "claim"),
        ann("a5", "A", 75, 85, "quote"),
        # touching is not overlapping: end is exclusive
        ann("a6", "A", 90, 95, "claim"),
        ann("b4", "B", 95, 99, "claim"),
    ]
    groups = align(spans, annotator_ids=["A", "B"])
    assert states(groups) == [
        (GroupState.BOUNDARY_DISAGREEMENT, 0, 20, ("a1", "b1", "b2")),
        (GroupState.BOUNDARY_DISAGREEMENT, 30, 60, ("a2", "a3", "b3")),
        (GroupState.ONLY_ONE, 70, 80, ("a4",)),
        (GroupState.ONLY_ONE, 75, 85, ("a5",)),
        (GroupState.ONLY_ONE, 90, 95, ("a6",)),
        (GroupState.ONLY_ONE, 95, 99, ("b4",)),
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
    assert [g.state for g in groups] == [
        GroupState.CATEGORY_DISAGREEMENT,
        GroupState.CATEGORY_DISAGREEMENT,
        GroupState.AGREED,
        GroupState.BOUNDARY_DISAGREEMENT,
    ]


def test_three_coders_partial_and_ignored_annotators() -> None:
    spans = [
        ann("a1", "A", 0, 10, "claim"),
        ann("b1", "B", 0, 10, "claim"),  # C marked nothing here
        ann("a2", "A", 20, 30, "claim"),
        ann("b2", "B", 20, 30, "claim"),
        ann("c2", "C", 20, 30, "claim"),
        ann("x1", "X", 0, 30, "opinion"),  # not chosen: ignored, does not join the groups
    ]
    groups = align(spans, annotator_ids=["A", "B", "C"])
    assert states(groups) == [
        (GroupState.PARTIAL, 0, 10, ("a1", "b1")),
        (GroupState.AGREED, 20, 30, ("a2", "b2", "c2")),
    ]
    assert groups[0].coders == ("A", "B")
    with pytest.raises(ValidationError, match="two coders"):
        align(spans, annotator_ids=["A"])


def test_group_keys_depend_on_members_only() -> None:
    spans = [ann("a1", "A", 0, 10, "claim"), ann("b1", "B", 2, 10, "claim")]
    key = align(spans, annotator_ids=["A", "B"])[0].key
    assert key == align(list(reversed(spans)), annotator_ids=["B", "A"])[0].key == group_key(["b1", "a1"])
    moved = [replace(spans[0], start=1), spans[1]]  # a coder adjusts a boundary: same group
    assert align(moved, annotator_ids=["A", "B"])[0].key == key
    grown = [*spans, ann("b2", "B", 5, 8, "quote")]  # a new span joins: a new group
    assert align(grown, annotator_ids=["A", "B"])[0].key != key


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
    with pytest.raises(ValidationError, match="not part of this group"):
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
    result = import_dataset(setup.project, export)
    assert result.annotations_added == 1
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
