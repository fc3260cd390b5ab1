"""The registry of suggesters: the built-in ones, those registered in code, installed plug-ins."""

from __future__ import annotations

import threading
from importlib.metadata import entry_points

from annotator.errors import AnnotatorError
from annotator.suggest.base import ENTRY_POINT_GROUP, SetupContext, Suggester, SuggesterInfo
from annotator.suggest.builtin import BUILTINS

__all__ = ["create", "entry_point_problems", "register", "registered", "unregister"]

_registry: dict[str, SuggesterInfo] = {}
_lock = threading.Lock()
_entry_points_loaded = False
#: Entry points that could not be loaded: ``(name, one-line reason)``, for ``--list`` to show.
entry_point_problems: list[tuple[str, str]] = []


def register(info: SuggesterInfo, *, replace: bool = False) -> None:
    """Make a suggester known by its name; refuses to replace one unless ``replace``."""
    with _lock:
        if info.name in _registry and not replace:
            raise AnnotatorError(f"a suggester called {info.name!r} is already registered")
        _registry[info.name] = info


def unregister(name: str) -> None:
    with _lock:
        _registry.pop(name, None)


def _load_entry_points() -> None:
    global _entry_points_loaded
    if _entry_points_loaded:
        return
    _entry_points_loaded = True
    for point in entry_points(group=ENTRY_POINT_GROUP):
        if point.name in _registry:
            continue
        try:
            loaded = point.load()
        except Exception as exc:  # a broken plug-in must not stop the built-in suggesters
            entry_point_problems.append((point.name, f"{type(exc).__name__}: {exc}"))
            continue
        if isinstance(loaded, SuggesterInfo):
            info = loaded
        elif callable(loaded):
            doc = (getattr(loaded, "__doc__", None) or "").strip().splitlines()
            info = SuggesterInfo(name=point.name, factory=loaded, description=doc[0] if doc else "")
        else:
            entry_point_problems.append((point.name, "is neither a SuggesterInfo nor a factory"))
            continue
        with _lock:
            _registry.setdefault(info.name, info)


def registered() -> list[SuggesterInfo]:
    """Every known suggester: the built-in ones, those registered in code, installed plug-ins."""
    with _lock:
        for info in BUILTINS:
            _registry.setdefault(info.name, info)
    _load_entry_points()
    with _lock:
        return sorted(_registry.values(), key=lambda i: (not i.default, i.name))


def create(name: str, context: SetupContext | None = None) -> Suggester:
    """Make the suggester registered as ``name`` (training it, if it learns from the project)."""
    infos = {i.name: i for i in registered()}
    info = infos.get(name)
    if info is None:
        known = ", ".join(sorted(infos))
        raise AnnotatorError(f"no suggester called {name!r} (known: {known})")
    suggester = info.factory(context or SetupContext())
    if not isinstance(suggester, Suggester):
        raise AnnotatorError(f"the suggester {name!r} lacks name, version, categories or suggest()")
    return suggester
