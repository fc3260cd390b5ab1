"""Code point <-> Qt position conversion, checked against a real QPlainTextEdit."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit
from pytestqt.qtbot import QtBot

import ui.textview.positions
from annotator.text import normalize_text
from tests.annotator.hard_text import HARD_CRLF_BYTES, HARD_TEXT
from ui.textview.positions import PositionMap

FAMILY = "👩\u200d👩\u200d👧"

TEXTS = {
    "emoji": "a😀b\nc",
    "zwj": f"Family {FAMILY} posts: cafe\u0301.\n👍🏽 ok 🇩🇪",
    "hard": HARD_TEXT,
    "crlf": normalize_text(HARD_CRLF_BYTES.decode("utf-8")),
    "nbsp": "12\u00a0km, 3.4\u202f%\n\nend\u00a0",
    "rtl": "שלום עולם 😀 مرحبا\nмир",
    "separators": "line\u2028break\u2029para\nend",
    "empty": "",
}


def reference_qt_positions(text: str) -> list[int]:
    """Qt position of every code-point offset, by counting UTF-16 units one character at a time."""
    out, q = [], 0
    for ch in text:
        out.append(q)
        q += len(ch.encode("utf-16-le", "surrogatepass")) // 2
    out.append(q)
    return out


def test_the_known_trap() -> None:
    m = PositionMap("a😀b\nc")
    assert m.to_qt(4) == 5  # "c": Python 4, Qt 5
    assert m.to_cp(5) == 4
    assert m.to_qt(1) == 1 and m.to_qt(2) == 3  # the emoji takes two positions
    assert m.to_cp(2) == 1  # inside the surrogate pair: the emoji's own offset
    assert m.to_cp_end(2) == 2  # ... or, for a range end, past it
    assert m.qt_length == 6
    assert not m.is_identity


def test_zwj_sequence_is_five_code_points_and_eight_positions() -> None:
    text = f"x{FAMILY}y"
    m = PositionMap(text)
    assert len(FAMILY) == 5
    assert m.to_qt(1 + 5) - m.to_qt(1) == 8
    assert m.to_cp(m.to_qt(6)) == 6


def test_ascii_and_bmp_texts_map_to_themselves() -> None:
    for text in ("plain ascii\ntext", "café\u00a0Ana — «Порт» שלום\u2029x"):
        m = PositionMap(text)
        assert m.is_identity
        assert all(m.to_qt(i) == i and m.to_cp(i) == i for i in range(len(text) + 1))


def test_out_of_range_positions_are_clamped() -> None:
    m = PositionMap("a😀b")
    assert m.to_qt(-3) == 0 and m.to_qt(99) == 4
    assert m.to_cp(-3) == 0 and m.to_cp(99) == 3


@pytest.mark.parametrize("chunk", [1, 2, 3, 7, 8192])
@settings(max_examples=60, deadline=None)
@given(text=st.text(alphabet=st.sampled_from(["a", "é", "😀", "\n", "\u200d", "ש", "\u0301", "👩", "\xa0"])))
def test_matches_reference_counting(chunk: int, text: str) -> None:
    original = ui.textview.positions._CHUNK
    ui.textview.positions._CHUNK = chunk  # small chunks exercise the chunk boundaries
    try:
        expected = reference_qt_positions(text)
        m = PositionMap(text)
        # Ask from the end first: the chunks are counted lazily, in any order of questions.
        for cp in reversed(range(len(text) + 1)):
            assert m.to_qt(cp) == expected[cp]
        start_of = {q: cp for cp, q in enumerate(expected)}
        fresh = PositionMap(text)
        for q in range(expected[-1] + 1):
            owner = start_of.get(q, start_of.get(q - 1))  # q - 1: inside a surrogate pair
            assert owner is not None
            assert fresh.to_cp(q) == owner
            assert fresh.to_cp_end(q) == (owner if q in start_of else owner + 1)
        assert m.qt_length == fresh.qt_length == expected[-1]
    finally:
        ui.textview.positions._CHUNK = original


@pytest.fixture
def editor(qtbot: QtBot) -> QPlainTextEdit:
    widget = QPlainTextEdit()
    qtbot.addWidget(widget)
    return widget


@pytest.mark.parametrize("name", sorted(TEXTS))
def test_every_code_point_lands_on_its_character_in_qt(editor: QPlainTextEdit, name: str) -> None:
    text = TEXTS[name]
    editor.setPlainText(text)
    document = editor.document()
    m = PositionMap(text)
    assert document.characterCount() - 1 == m.qt_length
    for cp, ch in enumerate(text):
        q = m.to_qt(cp)
        cursor = QTextCursor(document)
        cursor.setPosition(q)
        assert cursor.position() == q
        if ord(ch) > 0xFFFF:
            pair = document.characterAt(q) + document.characterAt(q + 1)
            assert pair.encode("utf-16-le", "surrogatepass").decode("utf-16-le") == ch
            assert m.to_cp(q + 1) == cp  # the low surrogate belongs to the same character
        else:
            assert document.characterAt(q) == ("\u2029" if ch == "\n" else ch)
        assert m.to_cp(q) == cp


@pytest.mark.parametrize("name", ["emoji", "zwj", "nbsp", "rtl", "separators", "crlf"])
def test_selected_text_of_every_range_matches_the_python_slice(editor: QPlainTextEdit, name: str) -> None:
    text = TEXTS[name]
    if len(text) > 60:
        text = text[:60]
    editor.setPlainText(text)
    m = PositionMap(text)
    cursor = QTextCursor(editor.document())
    for s in range(len(text) + 1):
        for e in range(s, len(text) + 1):
            cursor.setPosition(m.to_qt(s))
            cursor.setPosition(m.to_qt(e), QTextCursor.MoveMode.KeepAnchor)
            assert cursor.selectedText() == text[s:e].replace("\n", "\u2029"), (s, e)
            assert m.selection_cp_range(cursor) == (s, e)


def test_crlf_import_is_lf_in_the_core_and_one_position_in_qt(editor: QPlainTextEdit) -> None:
    raw = HARD_CRLF_BYTES.decode("utf-8")
    text = normalize_text(raw)
    assert "\r" not in text and text == HARD_TEXT
    editor.setPlainText(text)
    m = PositionMap(text)
    assert editor.document().blockCount() == text.count("\n") + 1
    second_line = text.index("\n") + 1
    block = editor.document().findBlockByNumber(1)
    assert m.to_cp(block.position()) == second_line
    assert m.block_cp_range(block) == (second_line, text.index("\n", second_line))


def test_block_cp_range_and_cursor_helpers(editor: QPlainTextEdit) -> None:
    text = "a😀b\nc😀\n"
    editor.setPlainText(text)
    m = PositionMap(text)
    document = editor.document()
    assert [m.block_cp_range(document.findBlockByNumber(i)) for i in range(3)] == [(0, 3), (4, 6), (7, 7)]
    cursor = m.cursor(document, 4, 6)
    assert cursor.selectedText() == "c😀"
    assert m.selection_cp_range(cursor) == (4, 6)
