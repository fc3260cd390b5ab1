"""Code points <-> UTF-16 code units: the helper every Java/JavaScript format goes through."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from annotator.formats.offsets import Utf16Index, utf16_length

TEXT = st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=60)


@given(TEXT)
def test_every_code_point_offset_maps_to_its_utf16_offset_and_back(text: str) -> None:
    index = Utf16Index(text)
    assert index.length16 == utf16_length(text) == len(text.encode("utf-16-le")) // 2
    for i in range(len(text) + 1):
        units = len(text[:i].encode("utf-16-le")) // 2
        assert index.to_utf16(i) == units
        assert index.from_utf16(units) == i


@given(TEXT, st.data())
def test_slices_match_what_java_substring_would_give(text: str, data: st.DataObject) -> None:
    index = Utf16Index(text)
    i = data.draw(st.integers(0, len(text)))
    j = data.draw(st.integers(i, len(text)))
    begin, end = index.to_utf16(i), index.to_utf16(j)
    java = text.encode("utf-16-le")[2 * begin : 2 * end].decode("utf-16-le")
    assert index.slice16(begin, end) == java == text[i:j]


def test_known_examples() -> None:
    # WebAnno's documentation: "I like it 😊 ." puts 😊 at 10-12
    index = Utf16Index("I like it 😊 .")
    assert index.slice16(10, 12) == "😊"
    assert (index.from_utf16(13), index.to_utf16(12)) == (12, 13)
    # a ZWJ family is several code points, each astral one two units
    family = "👩\u200d👩\u200d👧"
    assert (len(family), utf16_length(family)) == (5, 8)


def test_an_offset_inside_a_surrogate_pair_is_refused() -> None:
    index = Utf16Index("a😀b")
    with pytest.raises(ValueError, match=r"UTF-16 offset 2 falls inside the character U\+1F600"):
        index.from_utf16(2)
    with pytest.raises(ValueError, match="outside the text"):
        index.from_utf16(5)
    with pytest.raises(ValueError, match="outside the text"):
        index.to_utf16(4)
