"""The annotation text view, driven with real events; what it draws is read back from Qt.

Fills are checked in the block layouts' formats (UTF-16 offsets within the block, the unit Qt
draws with), computed independently of ui.textview.positions by encoding the line's prefix as UTF-16.
"""

from __future__ import annotations

import itertools
import os
from dataclasses import replace

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Sequence

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QHelpEvent, QImage, QPalette, QTextCursor, QWheelEvent
from PySide6.QtWidgets import QApplication, QToolTip
from pytestqt.qtbot import QtBot

from annotator.domain import Annotation, AnnotationChange, AttributeDef, Category, Codebook
from annotator.text import normalize_text
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT
from ui.textview.highlighter import FILL_ALPHA, SELECTED_ALPHA
from ui.textview.layout import MARK_OFFSET
from ui.textview.view import AnnotationTextView

CODEBOOK = Codebook(
    id="cb",
    version="1",
    categories=(
        Category(
            id="claim",
            label="Claim",
            color="#e41a1c",
            attributes=(AttributeDef(id="checkable", label="Checkable", type="boolean"),),
        ),
        Category(
            id="quote",
            label="Quote",
            color="#377eb8",
            attributes=(AttributeDef(id="speaker", label="Speaker"),),
        ),
        Category(id="statistic", label="Statistic", color="#4daf4a"),
        Category(id="opinion", label="Opinion", color="#984ea3"),
    ),
)
NAMES = {"u1": "Ana Kovač", "u2": "Ben Ali"}
FAMILY = "👩\u200d👩\u200d👧"
LEFT = Qt.MouseButton.LeftButton
NO_MOD = Qt.KeyboardModifier.NoModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


def ann(
    text: str, sid: str, start: int, end: int, category: str = "claim", annotator: str = "u1", **extra: object
) -> Annotation:
    return Annotation(
        id=sid,
        document_id="doc",
        start=start,
        end=end,
        quote=text[start:end],
        category=category,
        annotator_id=annotator,
        **extra,  # type: ignore[arg-type]
    )


def at(text: str, sid: str, needle: str, category: str = "claim", occurrence: int = 0) -> Annotation:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    return ann(text, sid, start, start + len(needle), category)


def load(view: AnnotationTextView, text: str, annotations: Sequence[Annotation] = ()) -> None:
    view.set_document(text=text, annotations=annotations, codebook=CODEBOOK, annotator_names=NAMES)


def utf16(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def fills(view: AnnotationTextView, block_number: int) -> list[tuple[int, int, str]]:
    """The fills Qt will draw in a block: (UTF-16 start in block, UTF-16 length, #AARRGGBB)."""
    block = view.document().findBlockByNumber(block_number)
    return [
        (r.start, r.length, r.format.background().color().name(QColor.NameFormat.HexArgb))
        for r in block.layout().formats()
    ]


def fill(category: str, *, selected: bool = False) -> str:
    color = QColor(CODEBOOK.category(category).color)  # type: ignore[union-attr]
    color.setAlpha((SELECTED_ALPHA if selected else FILL_ALPHA)["light"])
    return color.name(QColor.NameFormat.HexArgb)


def expected_range(text: str, a: Annotation) -> tuple[int, int, int]:
    """(block number, UTF-16 start in block, UTF-16 length) of a one-line span, from first principles."""
    line_start = text.rfind("\n", 0, a.start) + 1
    return text.count("\n", 0, a.start), utf16(text[line_start : a.start]), utf16(text[a.start : a.end])


def char_point(view: AnnotationTextView, cp: int) -> QPoint:
    """Viewport point in the middle of the character at code point ``cp``."""
    m = view.position_map
    c0, c1 = QTextCursor(view.document()), QTextCursor(view.document())
    c0.setPosition(m.to_qt(cp))
    c1.setPosition(m.to_qt(cp + 1))
    r0, r1 = view.cursorRect(c0), view.cursorRect(c1)
    assert r0.top() == r1.top(), "character at a line wrap"
    return QPoint((r0.left() + r1.left()) // 2, r0.center().y())


def edge_point(view: AnnotationTextView, cp: int) -> QPoint:
    """Viewport point just right of the cursor position before code point ``cp``."""
    cursor = QTextCursor(view.document())
    cursor.setPosition(view.position_map.to_qt(cp))
    rect = view.cursorRect(cursor)
    return QPoint(rect.left() + 1, rect.center().y())


# Real events through pytest-qt (whose QtBot methods carry no type annotations).


def click(qtbot: QtBot, view: AnnotationTextView, pos: QPoint) -> None:
    qtbot.mouseClick(view.viewport(), LEFT, NO_MOD, pos)  # type: ignore[no-untyped-call]


def double_click(qtbot: QtBot, view: AnnotationTextView, pos: QPoint) -> None:
    qtbot.mouseDClick(view.viewport(), LEFT, NO_MOD, pos)  # type: ignore[no-untyped-call]


def drag(qtbot: QtBot, view: AnnotationTextView, a: QPoint, b: QPoint) -> None:
    viewport = view.viewport()
    qtbot.mousePress(viewport, LEFT, NO_MOD, a)  # type: ignore[no-untyped-call]
    qtbot.mouseMove(viewport, QPoint((a.x() + b.x()) // 2, a.y()))  # type: ignore[no-untyped-call]
    qtbot.mouseMove(viewport, b)  # type: ignore[no-untyped-call]
    qtbot.mouseRelease(viewport, LEFT, NO_MOD, b)  # type: ignore[no-untyped-call]


def key(qtbot: QtBot, view: AnnotationTextView, k: Qt.Key, modifier: Qt.KeyboardModifier = NO_MOD) -> None:
    qtbot.keyClick(view, k, modifier)  # type: ignore[no-untyped-call]


def selected(view: AnnotationTextView) -> str | None:
    return view.selected_annotation_id


@pytest.fixture
def view(qtbot: QtBot) -> AnnotationTextView:
    widget = AnnotationTextView()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def selections(view: AnnotationTextView) -> list[str]:
    seen: list[str] = []
    view.annotation_selected.connect(seen.append)
    return seen


# -- fills on the hard text ---------------------------------------------------------------------

HARD_SPANS = {
    "after_nbsp": ("Kovač", "claim"),
    "thumbs": ("👍", "opinion"),
    "family": (FAMILY, "quote"),
    "after_family": ("posts", "statistic"),
    "combining": ("cafe\u0301", "claim"),
    "arabic": ("ميزانية", "opinion"),
    "cyrillic": ("Порт", "quote"),
    "km": ("12\u00a0km", "statistic"),
    "after_zwsp": ("width", "claim"),
    "after_tab": ("tab", "opinion"),
}


def hard_annotations(text: str) -> list[Annotation]:
    return [at(text, sid, needle, category) for sid, (needle, category) in HARD_SPANS.items()]


@pytest.mark.parametrize("source", ["lf", "crlf_import"])
def test_fills_cover_exactly_the_utf16_units_of_each_span(view: AnnotationTextView, source: str) -> None:
    text = HARD_TEXT if source == "lf" else normalize_text(HARD_CRLF_BYTES.decode("utf-8"))
    annotations = hard_annotations(text)
    load(view, text, annotations)
    assert view.document().blockCount() == text.count("\n") + 1
    expected: dict[int, list[tuple[int, int, str]]] = {}
    for a in annotations:
        block, start, length = expected_range(text, a)
        expected.setdefault(block, []).append((start, length, fill(a.category)))
    for block in range(view.document().blockCount()):
        assert fills(view, block) == sorted(expected.get(block, [])), f"block {block}"


def test_fills_next_to_astral_characters_by_hand(view: AnnotationTextView) -> None:
    load(view, HARD_TEXT, hard_annotations(HARD_TEXT))
    family, posts = fills(view, 1)[0], fills(view, 1)[1]
    assert family == (7, 8, fill("quote"))  # "Family " then 5 code points, 8 UTF-16 units
    assert posts == (16, 5, fill("statistic"))  # Python says 13: the surrogates shift it by 3
    thumbs = fills(view, 0)[-1]
    assert thumbs[1] == 2  # one emoji, two units


def test_fills_in_hebrew_after_an_emoji(view: AnnotationTextView) -> None:
    text = "😀 שלום עולם 😀 ומה שלומך\nмир 👍 да"
    annotations = [at(text, "he", "עולם"), at(text, "he2", "שלומך", "quote"), at(text, "ru", "да", "opinion")]
    load(view, text, annotations)
    assert fills(view, 0) == [(8, 4, fill("claim")), (20, 5, fill("quote"))]
    assert fills(view, 1) == [(7, 2, fill("opinion"))]


def test_nested_and_overlapping_spans_fill_with_the_innermost(view: AnnotationTextView) -> None:
    text = "The minister said the budget was fair to everyone.\nNext line."
    outer = at(text, "outer", "The minister said the budget was fair to everyone.", "opinion")
    middle = at(text, "middle", "said the budget was fair", "claim")
    inner = at(text, "inner", "budget", "quote")
    crossing = at(text, "crossing", "fair to", "statistic")  # overlaps middle's end
    load(view, text, [outer, middle, inner, crossing])
    s = text.index
    assert fills(view, 0) == [
        (0, s("said"), fill("opinion")),
        (s("said"), s("budget") - s("said"), fill("claim")),
        (s("budget"), 6, fill("quote")),
        (s("budget") + 6, s("fair") - s("budget") - 6, fill("claim")),
        # "fair to" (7) is shorter than "said the budget was fair" (24): it is innermost there.
        (s("fair"), 7, fill("statistic")),
        (s("fair") + 7, len(outer.quote) - s("fair") - 7, fill("opinion")),
    ]
    assert fills(view, 1) == []


def test_underlines_show_the_enclosing_spans(view: AnnotationTextView) -> None:
    text = "Outer words around the inner quote here."
    outer = at(text, "outer", text[:-1], "claim")
    middle = at(text, "middle", "around the inner quote", "statistic")
    inner = at(text, "inner", "inner", "quote")
    load(view, text, [outer, middle, inner])
    view.repaint()
    image = view.viewport().grab().toImage()
    block = view.document().firstBlock()
    line = block.layout().lineAt(0)
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top() + line.y()
    in_inner = char_point(view, text.index("inner") + 2).x()
    in_middle = char_point(view, text.index("around") + 2).x()
    in_outer_only = char_point(view, text.index("words") + 2).x()

    dpr = image.devicePixelRatio()

    def colors(x: int, depth: int, row: int = 0) -> set[str]:
        # Depth d's 2 px line starts MARK_OFFSET px below the baseline (under the innermost span's
        # own patterned underline), 3 px below the one above it. A line is drawn in its category's
        # pattern (dashed, dotted...), so a few pixels along it are looked at.
        y = top + line.ascent() + MARK_OFFSET + (depth - 1) * view.UNDERLINE_STEP
        return {image.pixelColor(round((x + dx) * dpr), round(y * dpr) + row).name() for dx in range(8)}

    # Under "inner": depth 1 is "middle" (green), depth 2 "outer" (red).
    assert "#4daf4a" in colors(in_inner, 1) & colors(in_inner, 1, row=1)
    assert "#e41a1c" in colors(in_inner, 2) & colors(in_inner, 2, row=1)
    # Under "around": only "outer" encloses the innermost "middle".
    assert "#e41a1c" in colors(in_middle, 1)
    assert "#e41a1c" not in colors(in_middle, 2)
    # Where "outer" is alone, its fill is enough: no line.
    assert "#e41a1c" not in colors(in_outer_only, 1)


# -- selection, keyboard and mouse ---------------------------------------------------------------


def test_view_is_read_only_but_keyboard_selectable(qtbot: QtBot, view: AnnotationTextView) -> None:
    assert view.isReadOnly()
    flags = view.textInteractionFlags()
    assert flags & Qt.TextInteractionFlag.TextSelectableByKeyboard
    assert flags & Qt.TextInteractionFlag.TextSelectableByMouse
    assert not flags & Qt.TextInteractionFlag.TextEditable
    assert view.snap_words is True
    load(view, "abc")
    qtbot.keyClicks(view, "xyz")  # type: ignore[no-untyped-call]
    key(qtbot, view, Qt.Key.Key_Backspace)
    assert view.toPlainText() == "abc"


def test_shift_right_moves_by_grapheme_and_selection_is_in_code_points(
    qtbot: QtBot, view: AnnotationTextView
) -> None:
    load(view, HARD_TEXT)
    start = HARD_TEXT.index("Family")
    view.select_range(start, start)
    for _ in range(7):
        key(qtbot, view, Qt.Key.Key_Right, SHIFT)
    assert view.selection_range(snap=False) == (start, start + 7)  # "Family "
    key(qtbot, view, Qt.Key.Key_Right, SHIFT)  # one press over the whole ZWJ sequence
    assert view.selection_range(snap=False) == (start, start + 7 + len(FAMILY))
    assert view.selection_range(snap=True) == (start, start + 7 + len(FAMILY))

    cafe = HARD_TEXT.index("cafe\u0301")
    view.select_range(cafe, cafe)
    for _ in range(4):
        key(qtbot, view, Qt.Key.Key_Right, SHIFT)
    assert view.selection_range(snap=False) == (cafe, cafe + 5)  # e + combining acute: one step
    view.select_range(cafe + 1, cafe + 1)
    key(qtbot, view, Qt.Key.Key_Right, SHIFT)
    assert view.selection_range(snap=False) == (cafe + 1, cafe + 2)
    assert view.selection_range(snap=True) == (cafe, cafe + 5)


def test_ctrl_shift_right_and_snapping(qtbot: QtBot, view: AnnotationTextView) -> None:
    load(view, HARD_TEXT)
    start = HARD_TEXT.index("Лозунг")
    view.select_range(start, start)
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | SHIFT
    key(qtbot, view, Qt.Key.Key_Right, ctrl_shift)
    key(qtbot, view, Qt.Key.Key_Right, ctrl_shift)
    raw = view.selection_range(snap=False)
    assert raw is not None and HARD_TEXT[raw[0] : raw[1]] == "Лозунг: "
    snapped = view.selection_range(snap=True)
    assert snapped is not None and HARD_TEXT[snapped[0] : snapped[1]] == "Лозунг:"
    key(qtbot, view, Qt.Key.Key_End, ctrl_shift)
    assert view.selection_range(snap=False) == (start, len(HARD_TEXT))


def test_no_selection_is_none(view: AnnotationTextView) -> None:
    load(view, "Some text")
    view.select_range(3, 3)
    assert view.selection_range(snap=False) is None
    assert view.selection_range(snap=True) is None
    space = "Some text".index(" ")
    view.select_range(space, space + 1)
    assert view.selection_range(snap=False) == (space, space + 1)
    assert view.selection_range(snap=True) is None  # only whitespace


def test_mouse_drag_selects_code_points(qtbot: QtBot, view: AnnotationTextView) -> None:
    load(view, HARD_TEXT)
    start = HARD_TEXT.index("osts")  # inside "posts", after the family emoji
    end = HARD_TEXT.index("af", HARD_TEXT.index("café"))  # inside "café"
    drag(qtbot, view, edge_point(view, start), edge_point(view, end))
    assert view.selection_range(snap=False) == (start, end)
    snapped = view.selection_range(snap=True)
    assert snapped is not None and HARD_TEXT[snapped[0] : snapped[1]] == "posts: café"
    assert selected(view) is None  # a drag is not a click


def test_double_click_selects_a_word(qtbot: QtBot, view: AnnotationTextView) -> None:
    load(view, HARD_TEXT)
    word = HARD_TEXT.index("Kovač")
    double_click(qtbot, view, char_point(view, word + 2))
    assert view.selection_range(snap=False) == (word, word + len("Kovač"))
    rtl = HARD_TEXT.index("ميزانية")
    double_click(qtbot, view, char_point(view, rtl + 3))
    assert view.selection_range(snap=False) == (rtl, rtl + len("ميزانية"))


def test_clicks_cycle_through_nested_spans(qtbot: QtBot, view: AnnotationTextView) -> None:
    text = "Before. The minister said the budget was fair. After."
    outer = at(text, "outer", "The minister said the budget was fair.", "opinion")
    middle = at(text, "middle", "said the budget was fair", "claim")
    inner = at(text, "inner", "budget", "quote")
    load(view, text, [outer, inner, middle])
    seen = selections(view)
    on_inner = char_point(view, text.index("budget") + 2)
    for expected in ["inner", "middle", "outer", "inner", "middle"]:
        click(qtbot, view, on_inner)
        assert selected(view) == expected
    assert seen == ["inner", "middle", "outer", "inner", "middle"]
    # The clicked span is marked, not text-selected (a selection would hide the nested fills);
    # the cursor sits at its start, in code points.
    assert view.selection_range(snap=False) is None
    assert view.position_map.to_cp(view.textCursor().position()) == middle.start
    # Another spot starts again from the innermost span there.
    click(qtbot, view, char_point(view, text.index("minister")))
    assert selected(view) == "outer"
    click(qtbot, view, char_point(view, text.index("said")))
    assert selected(view) == "middle"
    # Unannotated text clears the selection.
    click(qtbot, view, char_point(view, text.index("Before") + 1))
    assert selected(view) is None
    assert seen[-3:] == ["outer", "middle", ""]


def test_clicks_hit_spans_in_right_to_left_text_and_after_emoji(
    qtbot: QtBot, view: AnnotationTextView
) -> None:
    annotations = hard_annotations(HARD_TEXT)
    load(view, HARD_TEXT, annotations)
    for sid, offset in [("arabic", 1), ("arabic", 5), ("after_family", 2), ("family", 0), ("combining", 3)]:
        a = next(x for x in annotations if x.id == sid)
        click(qtbot, view, char_point(view, a.start + offset))
        assert selected(view) == sid, (sid, offset)


def test_select_annotation_marks_selects_scrolls_and_signals(qtbot: QtBot, view: AnnotationTextView) -> None:
    paragraphs = [f"Paragraph {i} has a few words in it." for i in range(300)]
    text = "\n".join(paragraphs)
    target = at(text, "far", "Paragraph 250 has")
    near = at(text, "near", "Paragraph 1 has", "quote")
    load(view, text, [target, near])
    seen = selections(view)
    assert view.verticalScrollBar().value() == 0
    with qtbot.waitSignal(view.annotation_selected) as blocker:
        view.select_annotation("far")
    assert blocker.args == ["far"]
    assert selected(view) == "far"
    assert view.selection_range(snap=False) is None
    assert view.position_map.to_cp(view.textCursor().position()) == target.start
    assert view.viewport().rect().contains(view.span_geometry("far"))
    block = text.count("\n", 0, target.start)
    assert fills(view, block) == [(0, len(target.quote), fill("claim", selected=True))]
    view.select_annotation("far")  # no change, no signal
    view.select_annotation("near")
    assert fills(view, block) == [(0, len(target.quote), fill("claim"))]
    view.select_annotation(None)
    view.select_annotation("no-such-id")
    assert seen == ["far", "near", ""]
    assert selected(view) is None


def test_span_geometry_is_the_first_character(view: AnnotationTextView) -> None:
    load(view, HARD_TEXT, hard_annotations(HARD_TEXT))
    for sid in ("after_nbsp", "after_family", "cyrillic"):
        a = view.span_index.get(sid)
        assert a is not None
        cursor = QTextCursor(view.document())
        cursor.setPosition(view.position_map.to_qt(a.start))
        rect, caret = view.span_geometry(sid), view.cursorRect(cursor)
        assert abs(rect.left() - caret.left()) <= 1 and rect.top() == caret.top()
        assert rect.width() > 2
    assert view.span_geometry("unknown").isNull()


# -- changes ------------------------------------------------------------------------------------


def test_apply_change_rehighlights_only_the_touched_blocks(
    view: AnnotationTextView, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = "First line stays.\nSecond line gets a span.\nThird line too."
    load(view, text, [at(text, "keep", "stays")])
    touched: list[int] = []
    original = type(view.highlighter)._apply

    def spy(self: object, block: object, **kwargs: bool) -> None:
        touched.append(block.blockNumber())  # type: ignore[attr-defined]
        original(self, block, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(type(view.highlighter), "_apply", spy)
    added = at(text, "new", "gets a span", "quote")
    assert fills(view, 1) == []
    view.apply_change(AnnotationChange(document_id="doc", before=None, after=added))
    assert fills(view, 1) == [(text.index("gets") - text.index("Second"), 11, fill("quote"))]
    assert touched == [1]

    recoded = ann(text, "new", added.start, added.end, "statistic")
    view.apply_change(AnnotationChange(document_id="doc", before=added, after=recoded))
    assert fills(view, 1) == [(text.index("gets") - text.index("Second"), 11, fill("statistic"))]

    grown = ann(text, "new", added.start, text.index("too") + 3, "statistic")
    view.apply_change(AnnotationChange(document_id="doc", before=recoded, after=grown))
    assert fills(view, 2)[-1][2] == fill("statistic")
    assert touched == [1, 1, 1, 2]

    view.apply_change(AnnotationChange(document_id="doc", before=grown, after=None))
    assert fills(view, 1) == fills(view, 2) == []
    assert fills(view, 0) == [(text.index("stays"), 5, fill("claim"))]
    assert view.span_index.get("new") is None


def test_deleting_the_selected_annotation_clears_the_selection(view: AnnotationTextView) -> None:
    text = "One claim here."
    claim = at(text, "c", "claim")
    load(view, text, [claim])
    view.select_annotation("c")
    seen = selections(view)
    view.apply_change(AnnotationChange(document_id="doc", before=claim, after=None))
    assert selected(view) is None
    assert seen == [""]
    assert fills(view, 0) == []


def test_set_document_replaces_everything(view: AnnotationTextView) -> None:
    load(view, "First text.", [ann("First text.", "a", 0, 5)])
    view.select_annotation("a")
    view.set_find_matches([(6, 10)])
    seen = selections(view)
    load(view, "Second, longer text.", [ann("Second, longer text.", "b", 8, 14, "quote")])
    assert seen == [""]
    assert selected(view) is None
    assert view.find_matches == [] and view.find_rects() == []
    assert fills(view, 0) == [(8, 6, fill("quote"))]
    view.clear_document()
    assert view.toPlainText() == "" and len(view.span_index) == 0
    assert view.selection_range(snap=True) is None


def test_text_must_be_normalised(view: AnnotationTextView) -> None:
    with pytest.raises(ValueError, match="LF"):
        load(view, HARD_CRLF_BYTES.decode("utf-8"))


def test_large_documents_are_highlighted_as_they_come_into_view(view: AnnotationTextView) -> None:
    line = "A paragraph of text with a claim in it, and more words after the claim to fill it. "
    paragraphs = [f"{i}: {line * 4}" for i in range(600)]
    text = "\n".join(paragraphs)
    annotations = [at(text, f"c{i}", "claim in it", "claim", occurrence=4 * i) for i in range(0, 600, 3)]
    load(view, text, annotations)
    document = view.document()
    last_annotated = document.findBlockByNumber(597)
    assert not view.highlighter.is_highlighted(last_annotated)
    assert last_annotated.layout().formats() == []
    scrollbar = view.verticalScrollBar()
    scrollbar.setValue(scrollbar.maximum())
    view.viewport().repaint()
    assert view.highlighter.is_highlighted(last_annotated)
    a = annotations[-1]
    _, start, length = expected_range(text, a)
    assert fills(view, 597) == [(start, length, fill("claim"))]
    # A change far from the view still updates the blocks it touches.
    view.apply_change(AnnotationChange(document_id="doc", before=annotations[100], after=None))
    assert fills(view, 300) == []


# -- hover, zoom, find --------------------------------------------------------------------------


def test_tooltip_lists_every_span_at_the_point(view: AnnotationTextView) -> None:
    text = "The minister said the budget was fair."
    outer = Annotation(
        id="o",
        document_id="doc",
        start=0,
        end=len(text),
        quote=text,
        category="claim",
        annotator_id="u2",
        attributes={"checkable": True},
        note="Check against the\nbudget <table>.",
    )
    inner = Annotation(
        id="i",
        document_id="doc",
        start=text.index("budget"),
        end=text.index("budget") + 6,
        quote="budget",
        category="quote",
        annotator_id="u1",
        attributes={"speaker": "Minister", "unknown_key": 3},
    )
    unknown = ann(text, "x", 0, 3, "gone", annotator="u9")
    load(view, text, [outer, inner, unknown])
    assert view.tooltip_text(text.index("budget") + 1) == (
        "Quote — Ana Kovač\nSpeaker: Minister\nunknown_key: 3\n\n"
        "Claim — Ben Ali\nCheckable: yes\nNote: Check against the\nbudget <table>."
    )
    assert view.tooltip_text(1) == (
        "gone — u9\n\nClaim — Ben Ali\nCheckable: yes\nNote: Check against the\nbudget <table>."
    )
    assert view.tooltip_text(len(text)) == ""


# The offscreen platform cannot raise the tooltip window, and says so.
@pytest.mark.qt_log_ignore("This plugin does not support raise")
def test_tooltip_event_shows_escaped_text(qtbot: QtBot, view: AnnotationTextView) -> None:
    text = "Say <b>hi</b> now"
    note = Annotation(
        id="n",
        document_id="doc",
        start=0,
        end=3,
        quote="Say",
        category="claim",
        annotator_id="u1",
        note="<b>x",
    )
    load(view, text, [note])
    point = char_point(view, 1)
    event = QHelpEvent(QEvent.Type.ToolTip, point, view.viewport().mapToGlobal(point))
    assert view.viewportEvent(event)
    assert "Claim — Ana Kovač" in QToolTip.text()
    assert "&lt;b&gt;x" in QToolTip.text()
    QToolTip.hideText()
    away = char_point(view, text.index("now"))
    assert view.viewportEvent(QHelpEvent(QEvent.Type.ToolTip, away, view.viewport().mapToGlobal(away)))


def test_zoom_changes_font_size_within_limits(view: AnnotationTextView) -> None:
    text = "A claim."
    load(view, text, [at(text, "c", "claim")])
    assert view.font_point_size == 12
    column = view.viewportMargins().left()
    view.zoom_in()
    assert view.font_point_size == 13
    assert view.document().defaultFont().pointSize() == 13
    assert view.viewportMargins().left() < column  # a wider column for the same 80 characters
    view.viewport().repaint()
    assert fills(view, 0) == [(2, 5, fill("claim"))]  # the relayout keeps the fills
    for _ in range(40):
        view.zoom_in()
    assert view.font_point_size == 32
    for _ in range(40):
        view.zoom_out()
    assert view.font_point_size == 8
    view.set_font_point_size(14)
    assert view.font_point_size == 14


def test_ctrl_wheel_zooms_within_the_same_limits(view: AnnotationTextView) -> None:
    def wheel(delta: int) -> None:
        event = QWheelEvent(
            QPointF(20, 20),
            QPointF(view.viewport().mapToGlobal(QPoint(20, 20))),
            QPoint(0, 0),
            QPoint(0, delta),
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.ControlModifier,
            Qt.ScrollPhase.NoScrollPhase,
            False,
        )
        QApplication.sendEvent(view.viewport(), event)

    wheel(120)
    assert view.font_point_size == 13
    wheel(-120)
    wheel(-120)
    assert view.font_point_size == 11
    for _ in range(10):
        wheel(-120)
    assert view.font_point_size == view.MIN_POINT_SIZE


def test_select_range_selects_code_points_and_scrolls(view: AnnotationTextView) -> None:
    text = "\n".join(f"Line {i} 😀 with an emoji." for i in range(400))
    load(view, text)
    start = text.index("Line 350 😀 with")
    view.select_range(start + 5, start + 12)
    assert view.selection_range(snap=False) == (start + 5, start + 12)
    assert view.textCursor().selectedText() == "350 😀 w"
    assert view.verticalScrollBar().value() > 0


def test_wide_windows_keep_a_readable_column(view: AnnotationTextView) -> None:
    view.resize(1800, 700)
    margins = view.viewportMargins()
    assert margins.left() == margins.right() > 200
    view.resize(500, 700)
    assert view.viewportMargins().left() == 0


def test_resizing_before_show_wraps_at_the_column(qtbot: QtBot) -> None:
    # As a main window restoring its geometry does: sized while hidden, then shown.
    view = AnnotationTextView()
    qtbot.addWidget(view)
    text = "\n".join("A long paragraph with many words in it, to be wrapped. " * 6 for _ in range(30))
    load(view, text)
    view.resize(1600, 600)
    view.show()
    qtbot.waitExposed(view)
    view.viewport().repaint()
    assert view.viewportMargins().left() > 0
    assert view.document().documentLayout().documentSize().width() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0


def test_a_view_shown_empty_wraps_its_next_document_at_the_column(qtbot: QtBot) -> None:
    # As when the first document is imported into a new project: the view is shown empty.
    view = AnnotationTextView()
    qtbot.addWidget(view)
    view.resize(900, 500)
    view.show()
    qtbot.waitExposed(view)
    assert view.viewportMargins().left() > 0
    load(view, "A long paragraph with many words in it, to be wrapped. " * 20)
    view.viewport().repaint()
    assert view.document().documentLayout().documentSize().width() <= view.viewport().width()
    assert view.horizontalScrollBar().maximum() == 0


def test_find_matches_are_hatched_and_outlined_where_they_are(view: AnnotationTextView) -> None:
    text = "😀 budget, budget and 👩\u200d👩\u200d👧 budget"
    load(view, text)
    ranges = [(i, i + 6) for i in range(len(text)) if text.startswith("budget", i)]
    view.set_find_matches(ranges)
    assert view.find_matches == ranges
    assert view.extraSelections() == []  # painted by the view, not as text formats
    rects = view.find_rects()
    assert len(rects) == 3
    for rect, (start, end) in zip(rects, ranges, strict=True):
        left, right = (
            view.cursorRect(view.position_map.cursor(view.document(), start)),
            view.cursorRect(view.position_map.cursor(view.document(), end)),
        )
        assert abs(rect.left() - left.left()) <= 1 and abs(rect.right() - right.left()) <= 1
        assert rect.top() <= left.top() and rect.bottom() >= left.bottom()
    view.clear_find_matches()
    assert view.find_matches == [] and view.find_rects() == []
    view.set_find_matches([(0, 1)] * (view.MAX_FIND_MARKS + 50))
    assert len(view.find_matches) == view.MAX_FIND_MARKS


def test_find_marks_only_the_matches_in_view(view: AnnotationTextView) -> None:
    text = "\n".join(f"Line {i} mentions the budget once." for i in range(400))
    load(view, text)
    ranges = [(i, i + 6) for i in range(len(text)) if text.startswith("budget", i)]
    view.set_find_matches(ranges)
    shown = view.find_rects()
    assert 0 < len(shown) < 100
    assert all(view.viewport().rect().intersects(r.toAlignedRect()) for r in shown)
    view.select_range(*ranges[350])
    view.viewport().repaint()
    cursor = view.position_map.cursor(view.document(), ranges[350][0])
    assert any(abs(r.top() - view.cursorRect(cursor).top()) <= 1 for r in view.find_rects())


#: The text colour of the light palette (ui.theme), used by a category below on purpose.
LIGHT_TEXT = "#1b1b1b"


@pytest.mark.parametrize("colliding", [False, True], ids=["default_codebook", "codebook_in_find_colour"])
def test_find_style_is_unlike_every_category(qtbot: QtBot, colliding: bool) -> None:
    """A search hit is a hatch and an outline, never a solid fill, whatever colours the codebook uses."""
    from annotator.codebook import default_codebook
    from ui.theme import light_palette

    view = AnnotationTextView()
    qtbot.addWidget(view)
    view.setPalette(light_palette())
    view.resize(900, 400)
    view.show()
    qtbot.waitExposed(view)
    codebook = default_codebook()
    if colliding:
        first = codebook.categories[0]
        codebook = Codebook(
            id="clash", version="1", categories=(replace(first, color=LIGHT_TEXT), *codebook.categories[1:])
        )
        assert view.find_color().name() == LIGHT_TEXT
    words = [f"{c.id} budget words" for c in codebook.categories]
    text = " and ".join(words) + ", and a budget outside."
    spans = [at(text, c.id, f"{c.id} budget words", c.id) for c in codebook.categories]
    view.set_document(text=text, annotations=spans, codebook=codebook, annotator_names=NAMES)
    view.select_annotation(spans[0].id)  # the selected span's stronger fill too
    view.set_find_matches([(i, i + 6) for i in range(len(text)) if text.startswith("budget", i)])
    view.viewport().repaint()

    brush = view.find_brush()
    assert brush.style() not in (Qt.BrushStyle.SolidPattern, Qt.BrushStyle.NoBrush)
    category_brushes = [r.format.background() for r in view.document().firstBlock().layout().formats()]
    assert len(category_brushes) == len(codebook.categories)
    for category_brush in category_brushes:
        assert category_brush.style() == Qt.BrushStyle.SolidPattern
        assert category_brush != brush
    if colliding:
        assert category_brushes[0].color().rgb() == brush.color().rgb()  # same colour, still unlike

    # In the picture: every match is outlined in the text colour, and the category fill still
    # shows inside a match (the hatch lies under it).
    image = view.viewport().grab().toImage()
    outline = view.find_color().rgb()
    rects = view.find_rects()
    assert len(rects) == len(codebook.categories) + 1
    for rect, span in zip(rects, [*spans, None], strict=True):
        y = round(rect.top())  # the outline's top row
        top_edge = [image.pixelColor(x, y).rgb() for x in range(round(rect.left()), round(rect.right()))]
        assert top_edge.count(outline) > 0.8 * len(top_edge)
        if span is None:
            continue
        # The most common colour inside the match (background between hatch lines and glyphs)
        # is the span's own fill, as it is just outside the match.
        inside = _most_common(image, rect.adjusted(3, 3, -3, -3))
        before = view.cursorRect(view.position_map.cursor(view.document(), span.start + 1))
        left = before.left() + 1
        fill_rect = QRectF(left, rect.top() + 3, rect.left() - left - 5, rect.height() - 6)
        assert inside == _most_common(image, fill_rect), span.category


def test_a_find_hit_is_not_a_fill(view: AnnotationTextView) -> None:
    """A match leaves the background it lies on as it is: white outside spans, the category's
    colour inside one (the old yellow fill turned a match into something like a Quote)."""
    text = "A budget here, and a quoted budget there."
    quote = at(text, "q", "quoted budget there", "quote")
    load(view, text, [quote])
    view.viewport().repaint()

    def box(start: int, end: int) -> QRectF:
        left = view.cursorRect(view.position_map.cursor(view.document(), start))
        right = view.cursorRect(view.position_map.cursor(view.document(), end))
        return QRectF(left.left() + 3, left.top() + 3, right.left() - left.left() - 6, left.height() - 6)

    plain, inside = text.index("budget"), text.rindex("budget")
    image = view.viewport().grab().toImage()
    before = _most_common(image, box(plain, plain + 6)), _most_common(image, box(inside, inside + 6))
    view.set_find_matches([(plain, plain + 6), (inside, inside + 6)])
    view.viewport().repaint()
    image = view.viewport().grab().toImage()
    after = _most_common(image, box(plain, plain + 6)), _most_common(image, box(inside, inside + 6))
    assert after == before
    assert before[0] == view.palette().color(QPalette.ColorRole.Base).rgb()


def _most_common(image: QImage, rect: QRectF) -> int:
    counts: dict[int, int] = {}
    for y in range(round(rect.top()), round(rect.bottom())):
        for x in range(round(rect.left()), round(rect.right())):
            rgb = image.pixelColor(x, y).rgb()
            counts[rgb] = counts.get(rgb, 0) + 1
    return max(counts, key=lambda k: counts[k])


def test_find_marks_follow_a_dark_palette(view: AnnotationTextView) -> None:
    from ui.theme import dark_palette

    load(view, "A budget line.")
    view.set_find_matches([(2, 8)])
    view.setPalette(dark_palette())
    assert view.find_color().name() == "#e6e6e6"
    assert view.find_brush().color().rgb() == QColor("#e6e6e6").rgb()


def test_dark_palette_uses_stronger_fills(view: AnnotationTextView) -> None:
    text = "A claim."
    load(view, text, [at(text, "c", "claim")])
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#1e1f22"))
    palette.setColor(QPalette.ColorRole.Text, QColor("#e6e6e6"))
    view.setPalette(palette)
    dark = QColor("#e41a1c")
    dark.setAlpha(FILL_ALPHA["dark"])
    assert fills(view, 0) == [(2, 5, dark.name(QColor.NameFormat.HexArgb))]


# -- overlap marks stay inside their own line -------------------------------------------------------

LINE_AFTER = "Next line of plain text, with no span on it at all, to be read."
MARK_COLORS = {QColor(c.color).rgb() for c in CODEBOOK.categories}


def nested_over(text: str, word: str, depth: int) -> list[Annotation]:
    """``depth`` spans nested around ``word`` (the word itself innermost), each two characters wider
    on both sides than the one inside it, cycling through the categories."""
    start = text.index(word)
    end = start + len(word)
    categories = [c.id for c in CODEBOOK.categories]
    return [
        ann(text, f"n{k}", start - 2 * k, end + 2 * k, categories[k % len(categories)]) for k in range(depth)
    ]


def line_box(view: AnnotationTextView, block_number: int, line_number: int) -> tuple[float, float]:
    """Viewport top and bottom of a visual line's text box (the line as Qt lays out its text)."""
    block = view.document().findBlockByNumber(block_number)
    line = block.layout().lineAt(line_number)
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top() + line.y()
    return top, top + line.height()


def mark_pixels(view: AnnotationTextView, top: float, bottom: float) -> list[tuple[int, int]]:
    """Pixels between viewport rows ``top`` and ``bottom`` drawn in an opaque category colour."""
    image = view.viewport().grab().toImage()
    dpr = image.devicePixelRatio()
    hits = []
    for y in range(max(0, round(top * dpr)), min(image.height(), round(bottom * dpr))):
        for x in range(image.width()):
            if image.pixelColor(x, y).rgb() in MARK_COLORS:
                hits.append((x, y))
    return hits


@pytest.mark.parametrize("wrapped", [False, True], ids=["next_block", "wrapped_line"])
@pytest.mark.parametrize("point_size", [8, 12, 20, 32])
def test_stacked_marks_never_reach_the_next_line(
    view: AnnotationTextView, point_size: int, wrapped: bool
) -> None:
    """One to eight spans nested over a word: every mark stays above the next visual line's text."""
    view.resize(1600, 900)  # wide enough for the nested spans to sit on one line at 32 pt
    view.set_font_point_size(point_size)
    words = "A few words, the target word, then some more words to fill the line"
    if wrapped:
        # One paragraph that wraps: the next visual line is the second line of the same block.
        text = f"{words} and then goes on and on, long enough to wrap in the column. " * 6
        next_line = (0, 1)
    else:
        text = f"{words}.\n{LINE_AFTER}"
        next_line = (1, 0)
    for depth in (1, 2, 3, 5, 8):
        spans = nested_over(text, "target", depth)
        load(view, text, spans)
        view.viewport().repaint()
        block = view.document().firstBlock()
        line = block.layout().lineForTextPosition(spans[-1].start)
        assert line.lineNumber() == 0 and spans[-1].end <= line.textStart() + line.textLength()
        own_top, _own_bottom = line_box(view, 0, 0)
        next_top, next_bottom = line_box(view, *next_line)
        spilled = mark_pixels(view, next_top, next_bottom)
        assert not spilled, f"{depth} nested spans at {point_size} pt: marks in the next line {spilled[:5]}"
        if depth > 1:
            # The marks are drawn, below their own line's baseline.
            baseline = own_top + line.ascent()
            assert mark_pixels(view, baseline, next_top), f"{depth} nested spans: no marks drawn"


def line_tops(view: AnnotationTextView, block_number: int) -> list[float]:
    """Viewport tops of a block's visual lines."""
    block = view.document().findBlockByNumber(block_number)
    top = view.blockBoundingGeometry(block).translated(view.contentOffset()).top()
    layout = block.layout()
    return [top + layout.lineAt(i).y() for i in range(layout.lineCount())]


def test_mark_rectangles_stay_in_their_line_at_every_depth(view: AnnotationTextView) -> None:
    """What the painter is given: under the word, one row per enclosing span up to MAX_MARKS, every
    row below the baseline and above the next visual line's text box."""
    text = f"Some words before the target word and after it. {'More words to wrap the paragraph. ' * 12}"
    for depth in range(1, view.MAX_MARKS + 4):
        spans = nested_over(text, "target", depth)
        load(view, text, spans)
        view.viewport().repaint()
        layout = view.document().firstBlock().layout()
        assert layout.lineCount() > 2
        top0, top1 = line_tops(view, 0)[:2]
        first = layout.lineAt(0)
        rows = sorted({rect.top() for rect, _color in view.mark_rects()})
        assert len(rows) == min(depth - 1, view.MAX_MARKS)
        for rect, _color in view.mark_rects():
            assert rect.top() > top0 + first.ascent()
            assert rect.bottom() + 1 <= top1, f"depth {depth}: a mark reaches the next line"


def test_lines_without_stacked_marks_keep_their_spacing(view: AnnotationTextView) -> None:
    paragraph = "Plain words that wrap over several lines of the column, with nothing coded. " * 6
    text = f"{paragraph}\n{paragraph}"
    load(view, text)
    view.viewport().repaint()
    natural = [b - a for a, b in itertools.pairwise(line_tops(view, 0))]
    height = view.document().firstBlock().layout().lineAt(0).height()
    assert natural and all(abs(step - height) < 0.01 for step in natural)

    # Three spans nested on the second line of the first paragraph (and a single span, whose fill
    # needs no room, on its fourth): only the second line is followed by more room.
    block = view.document().firstBlock()
    second = block.layout().lineAt(1)
    word_start = second.textStart() + paragraph[second.textStart() :].index(" ") + 1
    word_end = paragraph.index(" ", word_start)
    spans = [
        ann(text, "inner", word_start, word_end, "quote"),
        ann(text, "middle", word_start - 1, word_end + 1, "claim"),
        ann(text, "outer", word_start - 2, word_end + 2, "statistic"),
        ann(text, "alone", block.layout().lineAt(3).textStart(), block.layout().lineAt(3).textStart() + 5),
    ]
    load(view, text, spans)
    view.viewport().repaint()
    tops = line_tops(view, 0)
    steps = [b - a for a, b in itertools.pairwise(tops)]
    assert steps[1] > height + 2
    assert all(abs(step - height) < 0.01 for i, step in enumerate(steps) if i != 1)
    second_block = line_tops(view, 1)
    assert all(abs(b - a - height) < 0.01 for a, b in itertools.pairwise(second_block))


def test_the_room_follows_span_changes(view: AnnotationTextView) -> None:
    text = f"A line with a target word on it.\n{LINE_AFTER}"
    inner, middle, outer = nested_over(text, "target", 3)
    load(view, text, [inner])
    view.viewport().repaint()
    natural = line_tops(view, 1)[0]
    view.apply_change(AnnotationChange(document_id="doc", before=None, after=middle))
    view.apply_change(AnnotationChange(document_id="doc", before=None, after=outer))
    view.viewport().repaint()
    spaced = line_tops(view, 1)[0]
    assert spaced > natural
    assert all(rect.bottom() + 1 <= spaced for rect, _color in view.mark_rects())
    # Clicks and the caret follow the moved line.
    word = text.index("plain")
    assert view.cp_at(char_point(view, word)) == word
    # A new zoom lays the text out again: the room is measured again, in the new font.
    for size in (20, 9):
        view.set_font_point_size(size)
        view.viewport().repaint()
        top = line_tops(view, 1)[0]
        assert view.mark_rects() and all(rect.bottom() + 1 <= top for rect, _color in view.mark_rects())
    view.set_font_point_size(view.DEFAULT_POINT_SIZE)
    view.apply_change(AnnotationChange(document_id="doc", before=outer, after=None))
    view.apply_change(AnnotationChange(document_id="doc", before=middle, after=None))
    view.viewport().repaint()
    assert line_tops(view, 1)[0] == natural


def test_marks_of_a_line_scrolled_out_above_are_not_drawn(view: AnnotationTextView) -> None:
    # Qt scrolls by lines: with the second line of a block at the top, the room below the first
    # line shows above it, and the first line's marks would float there without their text.
    paragraph = "Words to wrap the paragraph over many lines of the column. " * 30
    lines = "\n".join(f"Line {i} of the filler before it." for i in range(60))
    text = f"{lines}\n{paragraph}\n{lines}"
    block_number = 60
    start = text.index("Words")
    spans = [
        ann(text, "w0", start, start + 5, "quote"),
        ann(text, "w1", start, start + 8, "claim"),
        ann(text, "w2", start, start + 12, "statistic"),
        ann(text, "w3", start, start + 16, "opinion"),
    ]
    load(view, text, spans)
    block = view.document().findBlockByNumber(block_number)
    view.blockBoundingRect(block)  # laid out, so that the document counts its lines
    bar = view.verticalScrollBar()
    bar.setValue(block.firstLineNumber() + 1)
    view.viewport().repaint()
    assert view.firstVisibleBlock().blockNumber() == block_number
    first_text_top = line_tops(view, block_number)[1]
    assert first_text_top > 0  # the room below the first line is in view ...
    assert all(rect.top() >= first_text_top for rect, _color in view.mark_rects())  # ... empty
    bar.setValue(block.firstLineNumber())
    view.viewport().repaint()
    assert view.mark_rects()


def test_the_last_lines_and_their_marks_can_be_scrolled_into_view(view: AnnotationTextView) -> None:
    # Qt measures the last blocks for the scroll range as soon as the text is set: their room
    # must be in that measure, or the end of the document stays below the view.
    filler = "\n".join(f"Line {i} of the filler." for i in range(200))
    tail = "\n".join(f"Closing line {i} with a nested phrase on it." for i in range(12))
    text = f"{filler}\n{tail}"
    spans = []
    for i in range(12):
        start = text.index(f"Closing line {i} ")
        spans += [ann(text, f"t{i}-{d}", start + 4 - d, start + 12 + d, "claim") for d in range(4)]
    load(view, text, spans)
    assert not view.document().isModified() and not view.document().isUndoAvailable()
    bar = view.verticalScrollBar()
    bar.setValue(bar.maximum())
    view.viewport().repaint()
    last = view.document().lastBlock()
    bottom = view.blockBoundingGeometry(last).translated(view.contentOffset()).bottom()
    assert bottom <= view.viewport().height()
    assert max(rect.bottom() for rect, _color in view.mark_rects()) <= view.viewport().height()


def test_marks_are_found_alike_counting_from_either_end(
    view: AnnotationTextView, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The last blocks find their offsets counting back from the end; astral characters, NBSP,
    combining marks and right-to-left text before and inside them must not shift a mark."""
    text = "\n".join([HARD_TEXT] * 3)
    spans = []
    for n, (needle, category) in enumerate(HARD_SPANS.values()):
        for occurrence in range(3):
            a = at(text, f"s{n}-{occurrence}", needle, category, occurrence=occurrence)
            spans += [a, ann(text, f"w{n}-{occurrence}", max(0, a.start - 2), a.end + 1, "quote")]
    load(view, text, spans)
    document = view.document()
    blocks = [document.findBlockByNumber(i) for i in range(document.blockCount())]
    from_end = [view._block_marks(b) for b in blocks]
    assert any(from_end)
    monkeypatch.setattr(view, "TAIL_BLOCKS", 0)
    assert [view._block_marks(b) for b in blocks] == from_end
    # And by hand: the nested pair around "posts" (after the family emoji) on the last copy.
    block = document.findBlock(view.position_map.to_qt(text.rindex("posts")))
    start = utf16(block.text()[: block.text().index("posts")])
    assert (start, start + 5, 1) in from_end[block.blockNumber()]
