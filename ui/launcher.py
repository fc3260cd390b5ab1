"""The ``annotator`` console script: the core's command line, with the desktop app plugged in.

The Qt-free core cannot import the app, so the app hands its starter to the core's CLI here, and
its PDF writer for ``annotator report --pdf``. Nothing Qt is imported until the app actually
starts or a PDF is asked for, so ``annotator export`` stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from annotator.cli import main as core_main

if TYPE_CHECKING:
    from annotator.reliability.report import ReliabilityReport


def start_gui(project: str | None) -> int:
    from .app import run

    return run(project=project)


def write_pdf(report: ReliabilityReport, path: Path) -> None:
    from .printing import write_report_pdf

    write_report_pdf(report, path)


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, gui=start_gui, pdf=write_pdf)


if __name__ == "__main__":
    sys.exit(main())
