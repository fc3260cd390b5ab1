"""Time compute_agreement on 2,000 documents x 2 annotators x 50 spans and print the seconds.

Not collected by pytest (the name does not start with ``test_``); run it by hand after changing the
sweeps: ``/work/venv/bin/python tests/annotator/agreement/bench_agreement.py``.
"""

from __future__ import annotations

import random
import time

from annotator.agreement import DocumentSpans, Unit, compute_agreement

CATEGORIES = ("claim", "quote", "statistic", "opinion")


def make_project(
    *, documents: int = 2000, spans: int = 50, seed: int = 1, nested: bool = False
) -> list[DocumentSpans]:
    """Synthetic project: the second coder shifts, drops and recodes some of the first's spans.

    With ``nested`` each coder's spans are placed independently and may overlap each other, which
    exercises the slower heap path of the position labelling.
    """
    rng = random.Random(seed)
    project = []
    for _ in range(documents):
        length = rng.randint(3000, 8000)
        a: list[Unit] = []
        b: list[Unit] = []
        if nested:
            for coder in (a, b):
                for _ in range(spans):
                    start = rng.randrange(length - 1)
                    end = min(length, start + rng.randint(1, 120))
                    coder.append(Unit(start, end, rng.choice(CATEGORIES)))
        else:
            step = length // spans
            for s in range(spans):
                start = s * step + rng.randrange(step // 2)
                end = start + rng.randint(1, step // 2)
                category = rng.choice(CATEGORIES)
                a.append(Unit(start, end, category))
                roll = rng.random()
                if roll < 0.1:
                    continue
                if roll < 0.2:
                    category = rng.choice(CATEGORIES)
                if roll < 0.5:
                    start = max(s * step, start + rng.randint(-3, 3))
                    end = max(start + 1, end + rng.randint(-3, 3))
                b.append(Unit(start, end, category))
        project.append(DocumentSpans(length=length, spans={"a": a, "b": b}))
    return project


def main() -> None:
    for nested in (False, True):
        project = make_project(nested=nested)
        started = time.perf_counter()
        report = compute_agreement(project, annotators=["a", "b"], categories=CATEGORIES)
        seconds = time.perf_counter() - started
        label = "overlapping spans" if nested else "disjoint spans"
        print(f"2000 docs x 2 annotators x 50 spans ({label}): {seconds:.2f} s; alpha_U={report.alpha_u:.4f}")


if __name__ == "__main__":
    main()
