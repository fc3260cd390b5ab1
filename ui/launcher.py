"""The ``annotator`` console script: the core's command line, with the desktop app plugged in.

The Qt-free core cannot import the app, so the app hands its starter to the core's CLI here.
Nothing Qt is imported until the app actually starts, so ``annotator export`` stays quick.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from annotator.cli import main as core_main


def start_gui(project: str | None) -> int:
    from .app import run

    return run(project=project)


def main(argv: Sequence[str] | None = None) -> int:
    return core_main(argv, gui=start_gui)


if __name__ == "__main__":
    sys.exit(main())
