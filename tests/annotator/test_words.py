"""Snapping a selection to whole words without splitting grapheme clusters (in code points)."""

from __future__ import annotations

import pytest

from annotator.words import snap_to_words


def snapped(text: str, selected: str, occurrence: int = 0) -> str | None:
    """Snap the ``occurrence``-th selection of ``selected`` in ``text`` and return the result text."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(selected, start + 1)
    result = snap_to_words(text, start, start + len(selected))
    return None if result is None else text[result[0] : result[1]]


@pytest.mark.parametrize(
    ("text", "selected", "expected"),
    [
        ("The minister said no.", "inister sa", "minister said"),
        ("The minister said no.", " minister ", "minister"),
        ("The minister said no.", "said no.", "said no."),  # punctuation kept as selected
        ("The minister said no.", "aid no", "said no"),  # the "." is not pulled in
        ("He said: “We will not sign.”", "“We will", "“We will"),
        ("He said: “We will not sign.”", "sign.”", "sign.”"),
        ("Ana\u00a0Kovač said", "a\u00a0Kov", "Ana\u00a0Kovač"),  # NBSP is not part of a word
        ("Ana\u00a0Kovač\u00a0said", "\u00a0Kovač\u00a0", "Kovač"),
        ("We met at the café today", "caf", "café"),
        ("We met at the cafe\u0301 today", "caf", "cafe\u0301"),  # combining acute
        ("We met at the cafe\u0301 today", "cafe", "cafe\u0301"),  # never split base + mark
        ("Лозунг: «Порт — это мы!»", "орт — эт", "Порт — это"),  # Cyrillic
        ("שעשוע ואושר לכולם", "עשוע ואו", "שעשוע ואושר"),  # Hebrew
        ("شعار: ميزانية للجميع", "يزاني", "ميزانية"),  # Arabic
        ("don't stop", "on", "don't"),
        ("a well-known fact", "ell-kn", "well-known"),
        ("l’état", "tat", "l’état"),
        ("snake_case name", "ke_ca", "snake_case"),
        ("2024 budget", "02", "2024"),
    ],
)
def test_snap_to_words(text: str, selected: str, expected: str) -> None:
    assert snapped(text, selected) == expected


def test_snap_never_splits_emoji_sequences() -> None:
    family = "👩\u200d👩\u200d👧"
    text = f"Family {family} posts"
    start = text.index(family)
    # Any cut inside the ZWJ sequence grows to the whole sequence.
    for s in range(start, start + len(family)):
        for e in range(s + 1, start + len(family) + 1):
            assert snap_to_words(text, s, e) == (start, start + len(family)), (s, e)
    thumbs = "👍🏽"  # emoji + skin tone modifier
    text2 = f"ok {thumbs}!"
    s2 = text2.index(thumbs)
    assert snap_to_words(text2, s2, s2 + 1) == (s2, s2 + 2)
    flags = "🇩🇪🇫🇷"
    text3 = f"at {flags} now"
    s3 = text3.index(flags)
    assert snap_to_words(text3, s3 + 1, s3 + 3) == (s3, s3 + 4)  # two flags, each a pair
    assert snap_to_words(text3, s3 + 2, s3 + 3) == (s3 + 2, s3 + 4)
    heart = "❤\ufe0f"
    text4 = f"we {heart} it"
    s4 = text4.index(heart)
    assert snap_to_words(text4, s4, s4 + 1) == (s4, s4 + 2)


def test_snap_keeps_emoji_next_to_words_out() -> None:
    text = "Vote😀now"
    assert snapped(text, "ote") == "Vote"
    assert snapped(text, "e😀n") == "Vote😀now"


def test_snap_whitespace_only_is_none() -> None:
    text = "one \u00a0\u2029\t two"
    start = text.index(" ")
    assert snap_to_words(text, start, text.index("two")) is None
    assert snap_to_words(text, 2, 2) is None


def test_snap_zero_width_space_is_not_whitespace() -> None:
    text = "Zero\u200bwidth"
    # ZWSP is neither a space nor a word character: it ends the word and is kept when selected.
    assert snapped(text, "ro\u200b") == "Zero\u200b"


def test_snap_clamps_out_of_range_offsets() -> None:
    assert snap_to_words("abc def", -5, 2) == (0, 3)
    assert snap_to_words("abc def", 5, 99) == (4, 7)
