"""The benchmark runner's README table (the benchmarks themselves run apart: python -m tests.benchmarks.run).

Only the cheap part is tested here: the table and the rewrite of the marked README section, so
a broken runner is noticed before someone waits minutes for it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.benchmarks.common import Result, p95
from tests.benchmarks.run import END, START, section, table, write_readme

RESULTS = [
    Result(case="open", ours=45.0, floor=30.0, unit="ms", aim="≤ 1.5× floor", met=True, note="bare widget"),
    Result(case="memory", ours=160.0, floor=20.0, unit="MB", aim="≤ 150 MB", met=False),
    Result(case="start", ours=1234.5, floor=None, unit="ms", aim="≤ 1,000 ms", met=None),
]


def test_table_has_case_ours_floor_ratio_aim() -> None:
    lines = table(RESULTS).splitlines()
    assert lines[0] == "| case | ours | floor | ratio | aim | met |"
    assert lines[2] == "| open | 45.0 ms | 30.0 ms | 1.50× | ≤ 1.5× floor | yes |"
    assert lines[3] == "| memory | 160.0 MB | 20.0 MB | 8.00× | ≤ 150 MB | **no** |"
    assert lines[4] == "| start | 1,234 ms | – | – | ≤ 1,000 ms | – |"
    assert "- *open*: bare widget" in lines


def test_only_the_marked_section_of_the_readme_is_replaced(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nText.\n\n## Benchmarks\n\n{START}\nold table\n{END}\n\nAfter.\n", "utf-8")
    write_readme(section(RESULTS, 12.0), readme)
    text = readme.read_text("utf-8")
    assert text.startswith("# Title\n\nText.\n\n## Benchmarks\n\n<!-- bench:start -->\nMeasured ")
    assert text.endswith(f"{END}\n\nAfter.\n")
    assert "old table" not in text and "| open | 45.0 ms |" in text
    write_readme(section(RESULTS[:1], 1.0), readme)  # again: still one section
    assert readme.read_text("utf-8").count(START) == 1


def test_a_readme_without_markers_is_left_alone(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# Title\n", "utf-8")
    with pytest.raises(SystemExit, match="no <!-- bench:start -->"):
        write_readme("table", readme)
    assert readme.read_text("utf-8") == "# Title\n"


def test_p95_is_the_nearest_rank() -> None:
    assert p95(range(1, 101)) == 95
    assert p95([3.0]) == 3.0
    assert p95([5, 1, 4, 2, 3]) == 5
