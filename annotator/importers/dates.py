"""Calendar dates as scraped articles state them, read as ISO dates."""

from __future__ import annotations

import re
from datetime import date

__all__ = ["iso_date"]

_MONTHS = {
    name: i
    for i, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DATE_PATTERNS = (
    re.compile(r"(?<!\d)(?P<year>\d{4})[-/.](?P<mon>\d{1,2})[-/.](?P<day>\d{1,2})(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>\d{4})(?P<mon>\d{2})(?P<day>\d{2})(?:T|$)"),
    re.compile(
        r"(?<!\d)(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<year>\d{4})(?!\d)", re.I
    ),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})(?!\d)", re.I),
    re.compile(r"(?<!\d)(?P<day>\d{1,2})\.(?P<mon>\d{1,2})\.(?P<year>\d{4})(?!\d)"),
    re.compile(r"(?<!\d)(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<year>\d{4})(?!\d)"),
)


def iso_date(value: str) -> str:
    """The first unambiguous calendar date in ``value`` as ``YYYY-MM-DD``, or ``""``.

    Understands ISO dates and datetimes, ``14 March 2026``, ``March 14, 2026``, ``14.03.2026`` and
    ``dd/mm/yyyy`` or ``mm/dd/yyyy`` when one part is over 12; ``03/04/2026`` is left alone.
    """
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(value):
            groups = m.groupdict()
            year = int(groups["year"])
            if "a" in groups:
                a, b = int(groups["a"]), int(groups["b"])
                if a > 12 >= b:
                    day, month = a, b
                elif b > 12 >= a:
                    day, month = b, a
                else:
                    continue
            else:
                day = int(groups["day"])
                month = _MONTHS[groups["month"].lower()] if groups.get("month") else int(groups["mon"])
            try:
                found = date(year, month, day)
            except ValueError:
                continue
            if 1800 <= found.year <= 2200:
                return found.isoformat()
    return ""
