"""Refresh the translations: extract the app's strings into every resources/translations/*.ts and
compile each to its .qm (README: Adding a language).

    python -m tests.tools.update_translations            # update every .ts, then compile
    python -m tests.tools.update_translations --new fr   # start annotator_fr.ts, then the same

It runs ``pyside6-lupdate`` (with the app's own helpers declared as translation functions, so
that ``self._action("&Quit", ...)`` is found like ``self.tr("&Quit")``) and ``pyside6-lrelease``
from the environment's PySide6.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TRANSLATIONS = REPO / "resources" / "translations"
#: Helpers that take a text to translate, as lupdate should read them.
ALIASES = "tr+=_action,tr+=action,tr+=_heading,QT_TRANSLATE_NOOP+=translate_noop"


def tool(name: str) -> str:
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} not found: install PySide6 (pip install -e '.[test]')")
    return found


def sources() -> list[str]:
    return sorted(str(p.relative_to(REPO)) for p in (REPO / "ui").rglob("*.py"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--new", metavar="LANG", help="start a translation for LANG (a code such as fr)")
    args = parser.parse_args(argv)
    TRANSLATIONS.mkdir(exist_ok=True)
    if args.new:
        (TRANSLATIONS / f"annotator_{args.new}.ts").touch()
    for ts in sorted(TRANSLATIONS.glob("annotator_*.ts")):
        language = ts.stem.split("_", 1)[1]
        if not ts.stat().st_size:
            ts.unlink()  # lupdate starts a missing file, not an empty one
        command = [tool("pyside6-lupdate"), "-tr-function-alias", ALIASES, *sources()]
        command += ["-ts", str(ts.relative_to(REPO)), "-target-language", language]
        command += ["-no-obsolete", "-locations", "relative"]
        subprocess.run(command, cwd=REPO, check=True)
        qm = ts.with_suffix(".qm")
        subprocess.run([tool("pyside6-lrelease"), str(ts), "-qm", str(qm)], cwd=REPO, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
