"""The span index and segmentation of overlapping spans (in code points)."""

from __future__ import annotations

import random
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import annotator.span_index
from annotator.domain import Annotation
from annotator.span_index import LONG_SPAN, Segment, SpanIndex, depth_key, segments


def span(sid: str, start: int, end: int, category: str = "claim") -> Annotation:
    return Annotation(
        id=sid, document_id="d", start=start, end=end, quote="", category=category, annotator_id="a"
    )


def ids(spans: list[Annotation] | tuple[Annotation, ...]) -> list[str]:
    return [a.id for a in spans]


# -- SpanIndex ----------------------------------------------------------------------------------


def test_index_basic_operations() -> None:
    a, b, c = span("a", 0, 10), span("b", 5, 15), span("c", 20, 30)
    index = SpanIndex([a, b, c])
    assert len(index) == 3
    assert index.get("b") == b
    assert "c" in index and "zz" not in index
    assert ids(list(index)) == ["a", "b", "c"]

    index.remove("b")
    assert index.get("b") is None and len(index) == 2
    assert index.remove("b") is None  # removing twice is harmless

    moved = span("c", 2, 4, "quote")
    index.replace(moved)
    assert index.get("c") == moved
    assert ids(index.overlapping(20, 30)) == []
    assert ids(index.overlapping(0, 5)) == ["a", "c"]

    index.add(span("a", 40, 50))  # same id: replaces
    assert len(index) == 2
    assert ids(index.overlapping(0, 10)) == ["c"]


def test_overlapping_excludes_spans_that_only_touch() -> None:
    index = SpanIndex([span("left", 0, 5), span("mid", 5, 10), span("right", 10, 15)])
    assert ids(index.overlapping(5, 10)) == ["mid"]
    assert ids(index.overlapping(4, 11)) == ["left", "mid", "right"]
    assert index.overlapping(7, 7) == []


def test_overlapping_is_in_document_order_longer_first() -> None:
    index = SpanIndex([span("short", 3, 5), span("long", 3, 9), span("early", 1, 4)])
    assert ids(index.overlapping(0, 10)) == ["early", "long", "short"]


def test_at_lists_innermost_first() -> None:
    outer, middle, inner = span("outer", 0, 100), span("middle", 10, 50), span("inner", 20, 30)
    index = SpanIndex([outer, inner, middle])
    assert ids(index.at(25)) == ["inner", "middle", "outer"]
    assert ids(index.at(15)) == ["middle", "outer"]
    assert ids(index.at(99)) == ["outer"]
    assert index.at(100) == []


def test_at_breaks_length_ties_by_later_start() -> None:
    index = SpanIndex([span("first", 0, 10), span("second", 5, 15)])
    assert ids(index.at(7)) == ["second", "first"]


def test_long_spans_are_found_too() -> None:
    text_length = 50_000
    whole = span("whole", 0, text_length)
    index = SpanIndex([whole, span("small", 30_000, 30_010)])
    assert ids(index.overlapping(30_005, 30_006)) == ["whole", "small"]
    long_added = span("long", 1000, 1000 + LONG_SPAN * 3)
    index.add(long_added)
    assert ids(index.at(5000)) == ["long", "whole"]
    index.remove("whole")
    assert ids(index.at(5000)) == ["long"]


def test_empty_or_reversed_spans_are_rejected() -> None:
    with pytest.raises(ValueError):
        SpanIndex([span("x", 5, 5)])
    with pytest.raises(ValueError):
        SpanIndex().add(span("x", 6, 2))


def brute_overlapping(spans: dict[str, Annotation], start: int, end: int) -> set[str]:
    return {a.id for a in spans.values() if a.start < end and a.end > start}


@settings(max_examples=60, deadline=None)
@given(st.randoms(use_true_random=False))
def test_index_matches_brute_force_through_edits(rnd: random.Random) -> None:
    text_length = 20_000
    live: dict[str, Annotation] = {}
    for i in range(rnd.randint(0, 60)):
        start = rnd.randrange(text_length - 1)
        length = rnd.choice([1, 2, 50, 700, LONG_SPAN + 1, 9000])
        live[f"s{i}"] = span(f"s{i}", start, min(text_length, start + length))
    index = SpanIndex(live.values())
    for step in range(40):
        action = rnd.random()
        if action < 0.3 and live:
            victim = rnd.choice(sorted(live))
            index.remove(victim)
            del live[victim]
        elif action < 0.6:
            sid = rnd.choice([*sorted(live), f"n{step}"])
            start = rnd.randrange(text_length - 1)
            a = span(sid, start, min(text_length, start + rnd.choice([1, 30, 800, 6000])))
            index.replace(a)
            live[sid] = a
        qs = rnd.randrange(text_length)
        qe = qs + rnd.choice([1, 10, 400, 5000])
        assert {a.id for a in index.overlapping(qs, qe)} == brute_overlapping(live, qs, qe)
        at = index.at(qs)
        assert {a.id for a in at} == brute_overlapping(live, qs, qs + 1)
        assert at == sorted(at, key=depth_key)
    assert len(index) == len(live)


def test_block_queries_on_a_large_document() -> None:
    """The shape the text view asks for (block by block); speed is the benchmarks' business
    (``python -m tests.benchmarks.run``, the text view cases), not a timed test's."""
    rnd = random.Random(3)
    text_length = 1_000_000
    spans = []
    for i in range(10_000):
        start = rnd.randrange(text_length - 500)
        spans.append(span(f"s{i}", start, start + rnd.randint(3, 400)))
    spans.append(span("whole", 0, text_length))
    index = SpanIndex(spans)
    found = 0
    for block_start in range(0, text_length, 400):  # 2,500 blocks of 400 characters
        got = index.overlapping(block_start, block_start + 400)
        if block_start % 10_000 == 0:  # every 25th block against a plain scan
            expected = {s.id for s in spans if s.start < block_start + 400 and s.end > block_start}
            assert {s.id for s in got} == expected
        found += len(got)
    assert found > 10_000


# -- segments -----------------------------------------------------------------------------------


def test_segments_tile_the_range_with_outermost_first() -> None:
    outer, inner, other = span("outer", 2, 12), span("inner", 5, 8), span("other", 10, 20)
    segs = segments([inner, other, outer], 0, 15)
    # outer and other are both 10 long: the later start ("other") is the inner one.
    assert [(s.start, s.end, ids(s.spans)) for s in segs] == [
        (0, 2, []),
        (2, 5, ["outer"]),
        (5, 8, ["outer", "inner"]),
        (8, 10, ["outer"]),
        (10, 12, ["outer", "other"]),
        (12, 15, ["other"]),
    ]
    assert segs[2].innermost == inner
    assert segs[0].innermost is None


def test_segments_clip_spans_to_the_range_and_ignore_others() -> None:
    segs = segments([span("a", 0, 100), span("far", 200, 300)], 40, 60)
    assert segs == [Segment(40, 60, (span("a", 0, 100),))]
    assert segments([span("far", 200, 300)], 40, 60) == [Segment(40, 60, ())]
    assert segments([span("a", 0, 100)], 5, 5) == []


@pytest.mark.parametrize("filter_limit", [0, 1000])  # the sweep, and the per-piece filter
@settings(max_examples=80, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(1, 15)), max_size=40),
    st.integers(0, 30),
    st.integers(1, 30),
)
def test_segments_match_per_character_cover(
    filter_limit: int, raw: list[tuple[int, int]], start: int, length: int
) -> None:
    spans = [span(f"s{i}", s, s + n) for i, (s, n) in enumerate(raw)]
    end = start + length
    original = annotator.span_index._FILTER_LIMIT
    annotator.span_index._FILTER_LIMIT = filter_limit
    try:
        segs = segments(spans, start, end)
    finally:
        annotator.span_index._FILTER_LIMIT = original
    assert segs[0].start == start and segs[-1].end == end
    for left, right in pairwise(segs):
        assert left.end == right.start
    for seg in segs:
        for pos in range(seg.start, seg.end):
            cover = sorted((a for a in spans if a.start <= pos < a.end), key=depth_key, reverse=True)
            assert list(seg.spans) == cover
