"""The wheel installs everything under the project's own name, and what it installs works.

The repository keeps ``annotator/``, ``ui/``, ``resources/`` and ``sample_docs/`` at its top level;
the wheel maps them to ``annotator``, ``annotator.ui``, ``annotator.data`` and
``annotator.samples`` (pyproject.toml). This builds the wheel, installs it alone into a fresh
virtual environment (the dependencies come from the test environment, so nothing is downloaded
but the build backend), and uses it from a folder outside the repository: the console script
exports a dataset headlessly from the default project, and the app's modules import.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tomllib
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO

# the checkout on PYTHONPATH (as some run the tests) would shadow what is installed
CLEAN_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}

PACKAGE_DIRS = {"annotator.ui": "ui", "annotator.data": "resources", "annotator.samples": "sample_docs"}


def declared() -> dict[str, object]:
    return dict(tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["setuptools"])


def test_every_package_of_the_tree_is_declared() -> None:
    """A new sub-package must be added to pyproject.toml, or the wheel silently lacks it."""
    config = declared()
    assert config["package-dir"] == PACKAGE_DIRS
    found = set()
    for top, name in (("annotator", "annotator"), *((v, k) for k, v in PACKAGE_DIRS.items())):
        for init in (REPO / top).rglob("__init__.py"):
            rel = init.parent.relative_to(REPO / top)
            found.add(".".join([name, *rel.parts]) if rel.parts else name)
    assert set(config["packages"]) == found  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel built from the repository."""
    work = tmp_path_factory.mktemp("wheel")
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(REPO)],
        capture_output=True,
        text=True,
        env=CLEAN_ENV,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-3000:]
    (found,) = (work / "dist").glob("*.whl")
    assert found.name.startswith("news_annotator-")  # "annotator" on the package index is another project
    return found


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv holding only the built wheel; returns its folder."""
    work = tmp_path_factory.mktemp("venv")
    target = work / "venv"
    venv.create(target, with_pip=False)
    python = target / "bin" / "python"
    done = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "-q", str(wheel)],
        capture_output=True,
        text=True,
        env=CLEAN_ENV,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            capture_output=True,
            text=True,
            env=CLEAN_ENV,
            check=True,
        ).stdout.strip()
    )
    # the dependencies (PySide6, SQLAlchemy...) from the test environment, after the wheel's own
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", "utf-8")
    return target


@pytest.mark.skipif(os.name == "nt", reason="the venv layout differs on Windows (Scripts\\)")
def test_the_wheel_installs_only_under_the_projects_name(installed: Path) -> None:
    site = next(installed.glob("lib/python*/site-packages"))
    ours = {
        p.name
        for p in site.iterdir()
        if not p.name.endswith((".dist-info", ".pth")) and p.name != "__pycache__"
    }
    assert ours == {"annotator"}, ours
    assert (site / "annotator" / "ui" / "window" / "mainwindow.py").exists()
    assert (site / "annotator" / "data" / "default_codebook.json").exists()
    assert (site / "annotator" / "samples" / "01-harbour-strike.txt").exists()
    assert (site / "annotator" / "store" / "migrations" / "versions" / "0004_edit_history.py").exists()


@pytest.mark.skipif(os.name == "nt", reason="the venv layout differs on Windows (Scripts\\)")
def test_the_installed_app_exports_headlessly_and_imports(installed: Path, tmp_path: Path) -> None:
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)
    out = tmp_path / "out.json"
    exported = subprocess.run(
        [str(installed / "bin" / "annotator"), "export", "-o", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,  # outside the repository: nothing of the checkout is importable here
        env=env,
        check=False,
    )
    assert exported.returncode == 0, exported.stderr
    data = json.loads(out.read_text("utf-8"))
    assert len(data["documents"]) == 6  # the sample articles, read from annotator.samples
    assert data["codebook"]["id"] == "news-statements"  # the default codebook, from annotator.data
    probe = (
        "import annotator, annotator.ui.window.mainwindow as m, annotator.ui.launcher;"
        "import importlib.util as u;"
        "print(annotator.__file__); print(m.__file__);"
        "print(u.find_spec('ui'), u.find_spec('resources'), u.find_spec('sample_docs'))"
    )
    where = subprocess.run(
        [str(installed / "bin" / "python"), "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        check=False,
    )
    assert where.returncode == 0, where.stderr
    lines = where.stdout.splitlines()
    assert str(installed) in lines[0] and str(installed) in lines[1]
    assert lines[2] == "None None None"


def use_installed_command(command: Path, tmp_path: Path) -> None:
    """What a user does first: the version, the app shown on the default project, a headless export."""
    env = dict(os.environ, ANNOTATOR_DATA_DIR=str(tmp_path / "data"), QT_QPA_PLATFORM="offscreen")
    env.pop("PYTHONPATH", None)

    def run(*args: str, **extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(command), *args],
            capture_output=True,
            text=True,
            cwd=tmp_path,
            env=dict(env, **extra),
            timeout=240,
            check=False,
        )

    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("annotator "), version.stderr
    assert str(tmp_path / "data") in version.stdout
    shown = run(ANNOTATOR_EXIT_WHEN_SHOWN="1")
    assert shown.returncode == 0, shown.stderr[-2000:]
    assert "shown: default.annotator.sqlite" in shown.stdout and "with 6 documents" in shown.stdout
    exported = run("export", "--format", "csv", "-o", str(tmp_path / "out.csv"))
    assert exported.returncode == 0, exported.stderr
    assert (tmp_path / "out.csv").read_text("utf-8").startswith("document_id,")


@pytest.mark.skipif(os.name == "nt", reason="POSIX paths")
def test_pipx_installs_the_wheel_as_an_application(wheel: Path, tmp_path: Path) -> None:
    home = tmp_path / "pipx"
    env = dict(
        os.environ, PIPX_HOME=str(home), PIPX_BIN_DIR=str(home / "bin"), PIPX_MAN_DIR=str(home / "man")
    )
    done = subprocess.run(
        [sys.executable, "-m", "pipx", "install", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    use_installed_command(home / "bin" / "annotator", tmp_path)


@pytest.mark.skipif(os.name == "nt", reason="POSIX paths")
def test_uv_tool_installs_the_wheel_as_an_application(wheel: Path, tmp_path: Path) -> None:
    uv = Path(sys.executable).with_name("uv")
    if not uv.exists():
        pytest.skip("uv is installed with the test dependencies; not in this environment")
    home = tmp_path / "uv"
    env = dict(
        CLEAN_ENV,
        UV_TOOL_DIR=str(home / "tools"),
        UV_TOOL_BIN_DIR=str(home / "bin"),
        UV_CACHE_DIR=str(tmp_path / "uv-cache"),
    )
    done = subprocess.run(
        [str(uv), "tool", "install", str(wheel)],
        capture_output=True,
        text=True,
        env=env,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    use_installed_command(home / "bin" / "annotator", tmp_path)
