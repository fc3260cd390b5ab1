"""A menu entry for the app on Linux desktops (XDG): ``annotator --install-desktop-entry``.

Writes ``news-annotator.desktop`` into ``$XDG_DATA_HOME/applications`` and the icon (SVG and PNG
sizes) into ``$XDG_DATA_HOME/icons/hicolor``, so the app appears in the desktop's application menu
with its icon; ``--uninstall-desktop-entry`` removes exactly those files. macOS and Windows get
their Applications / Start menu entry from the self-contained bundle instead (README).
"""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path

from annotator.errors import AnnotatorError
from annotator.resources import resource
from annotator.safe_write import atomic_write

APP_ID = "news-annotator"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def xdg_data_home() -> Path:
    value = os.environ.get("XDG_DATA_HOME", "")
    return Path(value) if value and Path(value).is_absolute() else Path.home() / ".local" / "share"


def launch_command() -> str:
    """How the menu starts the app: this installation's ``annotator`` command."""
    argv0 = Path(sys.argv[0])
    if argv0.name == "annotator" and argv0.exists():
        return shlex.quote(str(argv0.resolve()))
    if getattr(sys, "frozen", False):  # a self-contained bundle
        return shlex.quote(sys.executable)
    found = shutil.which("annotator")
    if found:
        return shlex.quote(found)
    return f"{shlex.quote(sys.executable)} -m annotator.ui.launcher"


def _entry(command: str) -> str:
    return "\n".join(
        [
            "[Desktop Entry]",
            "Type=Application",
            "Version=1.5",
            "Name=Annotator",
            "GenericName=News text annotation",
            "Comment=Code news articles against a shared codebook, compare coders, export a dataset",
            f"Exec={command} gui",
            f"Icon={APP_ID}",
            "Terminal=false",
            "Categories=Office;Education;Science;",
            "Keywords=annotation;coding;content analysis;news;codebook;",
            "StartupWMClass=annotator",
            "",
        ]
    )


def installed_files(root: Path | None = None) -> list[Path]:
    root = root or xdg_data_home()
    hicolor = root / "icons" / "hicolor"
    return [
        root / "applications" / f"{APP_ID}.desktop",
        hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
        *(hicolor / f"{n}x{n}" / "apps" / f"{APP_ID}.png" for n in PNG_SIZES),
    ]


def install_desktop_entry(root: Path | None = None) -> list[Path]:
    """Write the entry and its icons; returns the files written."""
    root = root or xdg_data_home()
    desktop, svg, *pngs = installed_files(root)
    try:
        desktop.parent.mkdir(parents=True, exist_ok=True)
        atomic_write(desktop, lambda fh: fh.write(_entry(launch_command())))
        svg.parent.mkdir(parents=True, exist_ok=True)
        svg.write_bytes(resource("icons/annotator.svg").read_bytes())
        for size, png in zip(PNG_SIZES, pngs, strict=True):
            png.parent.mkdir(parents=True, exist_ok=True)
            png.write_bytes(resource(f"icons/annotator-{size}.png").read_bytes())
    except OSError as exc:
        raise AnnotatorError(f"cannot write the desktop entry under {root}: {exc.strerror or exc}") from exc
    return [desktop, svg, *pngs]


def uninstall_desktop_entry(root: Path | None = None) -> list[Path]:
    """Remove what :func:`install_desktop_entry` wrote; returns the files removed."""
    removed = []
    for path in installed_files(root):
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise AnnotatorError(f"cannot remove {path}: {exc.strerror or exc}") from exc
        removed.append(path)
    return removed
