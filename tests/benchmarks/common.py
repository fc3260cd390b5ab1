"""Shared by the benchmarks: synthetic documents and datasets, timing, and the result record.

Every case measures its floor (the same work done the plainest way: a bare Qt widget, plain
sqlite3, the json and csv modules) in the same run, on the same data, so the ratio says what the
app adds, whatever the machine.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WORDS = tuple(
    " ".join(
        (
            "the harbour strike entered its third week on monday as union leaders said talks had",
            "stalled officials expected a vote café naïve Zürich Straße 2026 % figures rose",
            "3.4\u202f% in May “we will not sign” said the minister «Порт» 😀 👩\u200d👩\u200d👧 שלום مرحبا",
        )
    ).split(" ")
)
CATEGORIES = ("claim", "quote", "statistic", "opinion")
FRAME_MS = 1000 / 60


@dataclass(frozen=True)
class Result:
    """One row of the benchmark table."""

    case: str
    ours: float
    floor: float | None
    unit: str
    aim: str
    met: bool | None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.floor is None or self.floor <= 0:
            return None
        return self.ours / self.floor


def make_text(chars: int, rnd: random.Random) -> str:
    """News-like paragraphs of mixed scripts (emoji, NBSP, RTL), exactly ``chars`` code points."""
    paragraphs: list[str] = []
    total = 0
    while total < chars:
        paragraph = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(30, 110)))
        paragraphs.append(paragraph)
        total += len(paragraph) + 1
    return "\n".join(paragraphs)[:chars]


def spans_for(text: str, count: int, rnd: random.Random, *, longest: int = 400) -> list[tuple[int, int, str]]:
    """``count`` random spans (overlapping, nested) as ``(start, end, category)``."""
    out = []
    for _ in range(count):
        start = rnd.randrange(max(1, len(text) - longest))
        end = min(len(text), start + rnd.randint(3, longest))
        out.append((start, end, rnd.choice(CATEGORIES)))
    return out


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def dataset(
    *,
    documents: int,
    annotators: int,
    spans_per_annotator: int,
    chars: tuple[int, int] = (2500, 4500),
    seed: int = 1,
    drop: float = 0.1,
) -> dict[str, Any]:
    """A valid dataset (the export format) with the default codebook.

    Coders after the first shift, drop (a ``drop`` share) and recode some of the first coder's
    spans, as real coders do; spans are laid out along each document.
    """
    from annotator.codebook import codebook_to_dict, default_codebook

    rnd = random.Random(seed)
    stamp = "2026-03-01T09:00:00.000000Z"
    coders = [{"id": f"coder-{i}", "name": f"Coder {i}", "kind": "coder"} for i in range(annotators)]
    docs = []
    serial = 0
    for d in range(documents):
        text = make_text(rnd.randint(*chars), rnd)
        step = max(2, len(text) // spans_per_annotator)
        base = []
        for s in range(spans_per_annotator):
            start = min(len(text) - 2, s * step + rnd.randrange(max(1, step // 2)))
            end = min(len(text), start + rnd.randint(1, max(2, step // 2)))
            base.append((start, end, rnd.choice(CATEGORIES)))
        annotations = []
        for c, coder in enumerate(coders):
            for start, end, category in base:
                if c:
                    if rnd.random() < drop:
                        continue
                    roll = rnd.random()
                    if roll < 0.1:
                        category = rnd.choice(CATEGORIES)
                    if roll < 0.4:
                        start = max(0, start + rnd.randint(-3, 3))
                        end = min(len(text), max(start + 1, end + rnd.randint(-3, 3)))
                serial += 1
                annotations.append(
                    {
                        "id": f"a{serial}",
                        "start": start,
                        "end": end,
                        "quote": text[start:end],
                        "category": category,
                        "annotator": coder["id"],
                        "attributes": {},
                        "note": "",
                        "codebook_version": "1.0",
                        "created": stamp,
                        "modified": stamp,
                    }
                )
        docs.append(
            {
                "id": f"doc-{d}",
                "title": f"Article {d}",
                "source": "Bench Wire",
                "author": "",
                "url": "",
                "published": "2026-03-01",
                "language": "en",
                "text": text,
                "sha256": sha256(text),
                "status": "not_started",
                "provenance": {"filename": f"article-{d}.txt", "sha256": ""},
                "annotations": annotations,
            }
        )
    return {
        "format": "annotator-dataset",
        "version": 1,
        "exported": stamp,
        "codebook": codebook_to_dict(default_codebook()),
        "annotators": coders,
        "documents": docs,
    }


def timed(fn: Callable[[], object]) -> float:
    """Wall time of one call, in milliseconds."""
    t0 = time.perf_counter()
    fn()
    return (time.perf_counter() - t0) * 1000


def median(values: Iterable[float]) -> float:
    return statistics.median(list(values))


def p95(values: Iterable[float]) -> float:
    """The 95th percentile (nearest rank): what one frame in twenty is slower than."""
    data = sorted(values)
    return data[max(0, math.ceil(0.95 * len(data)) - 1)]


def rss_mb() -> float:
    """Resident memory of this process now, in MB (Linux)."""
    with open("/proc/self/statm", encoding="ascii") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6
