"""`annotator --install-desktop-entry` writes an XDG menu entry and its icons; uninstall removes them."""

from __future__ import annotations

import configparser
import os
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.desktop import APP_ID, PNG_SIZES
from tests.conftest import REPO


def cli(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "annotator.cli", *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=False,
    )


def test_the_entry_and_icons_go_into_the_xdg_data_home_and_come_out_again(tmp_path: Path) -> None:
    xdg = tmp_path / "xdg"
    env = dict(os.environ, XDG_DATA_HOME=str(xdg))
    done = cli("--install-desktop-entry", env=env)
    assert done.returncode == 0, done.stderr
    entry = xdg / "applications" / f"{APP_ID}.desktop"
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.optionxform = str  # type: ignore[assignment,method-assign]
    parsed.read(entry, encoding="utf-8")
    section = parsed["Desktop Entry"]
    assert section["Type"] == "Application" and section["Name"] == "Annotator"
    assert section["Icon"] == APP_ID and section["Terminal"] == "false"
    command = section["Exec"].split()
    assert command[-1] == "gui"
    assert Path(command[0]).exists() or command[0] == sys.executable  # a program that exists
    svg = xdg / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    assert svg.read_text("utf-8").lstrip().startswith("<?xml")
    for size in PNG_SIZES:
        png = xdg / "icons" / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        data = png.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n"
        assert int.from_bytes(data[16:20], "big") == size  # the PNG header's width
    gone = cli("--uninstall-desktop-entry", env=env)
    assert gone.returncode == 0 and "removed 10 files" in gone.stdout
    assert not [p for p in xdg.rglob("*") if p.is_file()]


def test_an_unwritable_data_home_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", "utf-8")
    done = cli("--install-desktop-entry", env=dict(os.environ, XDG_DATA_HOME=str(blocker)))
    assert done.returncode == 1
    assert (
        done.stderr.startswith("annotator: cannot write the desktop entry") and done.stderr.count("\n") == 1
    )


@pytest.mark.parametrize("flag", ["--version"])
def test_version_names_everything_a_bug_report_needs(flag: str, tmp_path: Path) -> None:
    done = cli(flag, env=dict(os.environ, ANNOTATOR_DATA_DIR=str(tmp_path / "d")))
    assert done.returncode == 0
    line = done.stdout.strip()
    for part in ("annotator ", "Python 3.", "Qt (PySide6) 6.", "SQLite 3.", f"data dir {tmp_path / 'd'}"):
        assert part in line
