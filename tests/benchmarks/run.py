"""Run every benchmark and write the table into README.md.

    python -m tests.benchmarks.run            # all cases, table printed and written to README.md
    python -m tests.benchmarks.run --no-write # print only
    python -m tests.benchmarks.run --only data,agreement

Each case measures its floor in the same run (see the ``bench_*`` modules); the table goes
between the ``<!-- bench:start -->`` and ``<!-- bench:end -->`` markers of README.md, with the
machine it ran on. Qt runs offscreen, so it needs no display.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from tests.benchmarks import bench_agreement, bench_app, bench_data, bench_session, bench_textview
from tests.benchmarks.common import Result

README = Path(__file__).resolve().parents[2] / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"
COMMAND = "python -m tests.benchmarks.run"

SUITES: dict[str, Callable[[], list[Result]]] = {
    "textview": bench_textview.run_all,
    "app": bench_app.run_all,
    "data": bench_data.run_all,
    "agreement": bench_agreement.run_all,
    "session": bench_session.run_all,
}


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "–"
    if unit == "MB":
        return f"{value:,.1f} MB"
    return f"{value:,.1f} ms" if value < 100 else f"{value:,.0f} ms"


def table(results: Sequence[Result]) -> str:
    lines = ["| case | ours | floor | ratio | aim | met |", "|---|---:|---:|---:|---|:---:|"]
    for r in results:
        ratio = "–" if r.ratio is None else f"{r.ratio:.2f}×"
        met = "–" if r.met is None else ("yes" if r.met else "**no**")
        lines.append(
            f"| {r.case} | {_value(r.ours, r.unit)} | {_value(r.floor, r.unit)} | {ratio} | {r.aim} | {met} |"
        )
    notes = [f"- *{r.case}*: {r.note}" for r in results if r.note]
    return "\n".join([*lines, "", "Floors:", "", *notes])


def machine() -> str:
    from PySide6 import __version__ as pyside

    cpus = os.cpu_count() or 0
    return (
        f"{platform.system()} {platform.machine()}, {cpus} CPUs, Python {platform.python_version()}, "
        f"PySide6 {pyside}, SQLite {__import__('sqlite3').sqlite_version}, QT_QPA_PLATFORM=offscreen"
    )


def section(results: Sequence[Result], seconds: float) -> str:
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    return (
        f"{START}\n"
        f"Measured {stamp} on {machine()}; the whole run took {seconds:.0f} s. "
        f"Regenerate with `{COMMAND}`.\n\n"
        f"{table(results)}\n"
        f"{END}"
    )


def write_readme(text: str, path: Path = README) -> None:
    """Replace the marked section of README.md (the markers must be there already)."""
    readme = path.read_text(encoding="utf-8")
    start, end = readme.find(START), readme.find(END)
    if start < 0 or end < start:
        raise SystemExit(f"{path}: no {START} ... {END} section to write the table into")
    path.write_text(readme[:start] + text + readme[end + len(END) :], encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print the table, leave README.md alone")
    parser.add_argument("--only", default="", help=f"comma-separated suites of: {', '.join(SUITES)}")
    args = parser.parse_args(argv)
    chosen = [s.strip() for s in args.only.split(",") if s.strip()] or list(SUITES)
    unknown = set(chosen) - set(SUITES)
    if unknown:
        parser.error(f"unknown suites: {', '.join(sorted(unknown))}")
    began = time.perf_counter()
    results: list[Result] = []
    for name in chosen:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        for result in SUITES[name]():
            ratio = "" if result.ratio is None else f" ({result.ratio:.2f}x floor)"
            print(f"  {result.case}: {_value(result.ours, result.unit)}{ratio}", file=sys.stderr, flush=True)
            results.append(result)
    text = section(results, time.perf_counter() - began)
    print(text)
    if not args.no_write and set(chosen) == set(SUITES):
        write_readme(text)
        print(f"wrote the table to {README}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
