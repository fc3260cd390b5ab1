"""Access to the data files shipped with the app: the default codebook, the schema, the samples.

In the repository they sit in the top-level ``resources/`` and ``sample_docs/`` folders; an
installed wheel carries them inside the package, as ``annotator.data`` and ``annotator.samples``
(pyproject.toml maps the folders there, so nothing of ours lands at the top of site-packages).
An editable install maps the same names onto the folders; a bare checkout on ``sys.path`` finds
them by their folder names. A package imported from a checkout (a ``pyproject.toml`` beside it)
always reads that checkout's folders, even where an editable install of another checkout maps the
names elsewhere (a second working tree run with the first one's virtualenv).
"""

from __future__ import annotations

from functools import cache
from importlib import resources as _resources
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def _package(installed: str, checkout: str) -> Traversable:
    local = _CHECKOUT / checkout
    if (_CHECKOUT / "pyproject.toml").is_file() and (local / "__init__.py").is_file():
        return local
    try:
        return _resources.files(installed)
    except ModuleNotFoundError:
        return _resources.files(checkout)


def resource(name: str) -> Traversable:
    """A data file (``resources/`` in the repository)."""
    return _package("annotator.data", "resources").joinpath(name)


def samples() -> Traversable:
    """The folder of the sample articles (``sample_docs/`` in the repository)."""
    return _package("annotator.samples", "sample_docs")
