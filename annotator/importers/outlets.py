"""The outlet table: which news outlet a web domain or a name in an article stands for.

The app ships a small table of common news outlets (``resources/outlets.json``): web domains
(``cnn.com``, ``sputnikglobe.com``; a subdomain such as ``edition.cnn.com`` matches its domain) and
names as articles write them (``AP``, ``Sputnik``), each mapped to the name the project stores
(``Associated Press``, ``Sputnik International``). A project adds its own entries, kept in the
project (:meth:`annotator.project.Project.outlet_names`, ``annotator outlets --add``): a key with a
dot is a domain, any other key a name. The project's entries win over the shipped ones.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from annotator.resources import resource

__all__ = ["OutletTable", "default_outlets", "host_of"]


def host_of(url: str) -> str:
    """The lower-case host of a URL without ``www.`` (``""`` when it has none)."""
    try:
        host = urlsplit(url.strip()).hostname or ""
    except ValueError:
        return ""
    return host.lower().removeprefix("www.")


@dataclass(frozen=True)
class OutletTable:
    """Domains and names to outlet names (see the module's docstring)."""

    domains: Mapping[str, str] = field(default_factory=dict)
    aliases: Mapping[str, str] = field(default_factory=dict)

    def with_project(self, entries: Mapping[str, str]) -> OutletTable:
        """This table with a project's own entries added (theirs win)."""
        domains = dict(self.domains)
        aliases = dict(self.aliases)
        for key, name in entries.items():
            if "." in key and " " not in key.strip():
                domains[key.strip().lower().removeprefix("www.")] = name
            else:
                aliases[key.strip()] = name
        return OutletTable(domains=domains, aliases=aliases)

    def for_host(self, host: str) -> str:
        """The outlet of a web host (its own entry or its parent domain's), or ``""``."""
        labels = host.lower().removeprefix("www.").split(".")
        for i in range(len(labels) - 1):
            name = self.domains.get(".".join(labels[i:]))
            if name:
                return name
        return ""

    def for_url(self, url: str) -> str:
        return self.for_host(host_of(url))

    def _names(self) -> dict[str, str]:
        """Every name the table knows, folded, to the name stored."""
        return _folded_names(tuple(self.aliases.items()), tuple(self.domains.values()))

    def for_name(self, text: str) -> str:
        """The outlet a name stands for (``AP`` -> ``Associated Press``), or ``""``."""
        return self._names().get(" ".join(text.split()).casefold().strip(" .,;:"), "")

    def find_in(self, line: str) -> tuple[str, str] | None:
        """A known outlet named in ``line``: ``(the words as written, the outlet)``, longest first."""
        names = self._names()
        pattern = _names_pattern(tuple(names))
        folded = line.casefold()
        if len(folded) != len(line):  # a character whose case folding is longer: positions differ
            return None
        m = pattern.search(folded)
        if m is None:
            return None
        return line[m.start() : m.end()], names[m.group(0)]


@cache
def _folded_names(aliases: tuple[tuple[str, str], ...], names: tuple[str, ...]) -> dict[str, str]:
    out = {n.casefold(): n for n in names}
    out.update({a.casefold(): n for a, n in aliases})
    out.update({n.casefold(): n for _a, n in aliases})
    return out


@cache
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    """One search for every known name as a whole word (the longest where several start together)."""
    ordered = sorted(names, key=lambda n: (-len(n), n))
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(n) for n in ordered) + r")(?!\w)")


@cache
def default_outlets() -> OutletTable:
    """The table shipped with the app (``resources/outlets.json``)."""
    data = json.loads(resource("outlets.json").read_text("utf-8"))
    return OutletTable(domains=dict(data["domains"]), aliases=dict(data["aliases"]))
