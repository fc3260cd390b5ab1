"""The rule suggesters' rules are data: one JSON file per kind and language.

``quotes.en.json`` holds English attribution verbs, titles and the like; ``statistics.en.json``
number words, units and what is not a statistic. A team adds a language (``quotes.de.json`` with
German attribution verbs) by writing a file of the same shape, either into the folder
``suggest-rules`` of the user data dir (``$ANNOTATOR_DATA_DIR/suggest-rules``), where it is found
for documents of that language, or anywhere, handing its path to :func:`load_rules_file`. A file
in the data dir also overrides the shipped one of the same name. Keys a file leaves out take the
English file's values, so a German file may list only its verbs.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from annotator.errors import ValidationError
from annotator.paths import data_dir

__all__ = ["RULES_FORMAT", "base_language", "load_rules", "load_rules_file", "user_rules_dir"]

RULES_FORMAT = "annotator-suggest-rules"
DEFAULT_LANGUAGE = "en"


def user_rules_dir() -> Path:
    """Where a team's own rule files go (``<data dir>/suggest-rules``)."""
    return data_dir() / "suggest-rules"


def base_language(language: str) -> str:
    """``en`` for ``en``, ``en-GB``, ``en_US`` or ``English``; ``""`` when nothing is said."""
    language = language.strip().lower().replace("_", "-")
    names = {"english": "en", "german": "de", "deutsch": "de", "russian": "ru", "french": "fr"}
    return names.get(language, language.split("-")[0])


def _check(data: Any, kind: str, where: str) -> dict[str, Any]:
    if not isinstance(data, dict) or data.get("format") != RULES_FORMAT:
        raise ValidationError(f"{where} is not a rules file (its format must be {RULES_FORMAT!r})")
    if data.get("kind") != kind:
        raise ValidationError(f"{where} holds {data.get('kind')!r} rules, not {kind!r}")
    return data


def _shipped(kind: str, language: str) -> dict[str, Any] | None:
    name = f"{kind}.{language}.json"
    file = resources.files("annotator.suggest").joinpath("rules", name)
    if not file.is_file():
        return None
    return _check(json.loads(file.read_text(encoding="utf-8")), kind, name)


def load_rules_file(path: Path, kind: str) -> dict[str, Any]:
    """A rules file of ``kind``, over the English defaults for the keys it leaves out."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValidationError(f"cannot read the rules file {path}: {exc}") from exc
    data = _check(data, kind, str(path))
    return {**(_shipped(kind, DEFAULT_LANGUAGE) or {}), **data}


@cache
def _load(kind: str, language: str, folder: str) -> dict[str, Any]:
    own = Path(folder) / f"{kind}.{language}.json"
    if own.is_file():
        return load_rules_file(own, kind)
    shipped = _shipped(kind, language)
    if shipped is not None:
        return {**(_shipped(kind, DEFAULT_LANGUAGE) or {}), **shipped}
    if language != DEFAULT_LANGUAGE:
        return _load(kind, DEFAULT_LANGUAGE, folder)
    raise ValidationError(f"no {kind} rules for {language!r}")


def load_rules(kind: str, language: str = DEFAULT_LANGUAGE) -> dict[str, Any]:
    """The rules of ``kind`` for a document's ``language`` (English when there are none for it)."""
    return _load(kind, base_language(language) or DEFAULT_LANGUAGE, str(user_rules_dir()))


def clear_cache() -> None:
    """Forget loaded rule files (after a team edits one while the app runs)."""
    _load.cache_clear()
