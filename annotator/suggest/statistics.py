"""Statistics by rule: numbers with their unit and what they count.

What counts (the rules the measured gold follows, ``tests/annotator/suggest/gold/README.md``):

- A number that counts, measures or compares: digits (``2,300``, ``4.5``, ``1.2m``), written-out
  numbers (``eleven weeks``, ``43 thousand troops``), vague counts (``thousands of people``),
  fractions and comparisons (``twice as many``, ``a third of``, ``one in five``).
- The span takes the number's modifier (``more than``, ``about``), sign and currency (``+3``,
  ``€38 million``), scale and unit (``million``, ``%``, ``percentage points``, ``km``), a rate
  (``a month``), and the counted noun after it (``14 cargo vessels``; a percentage's ``of`` phrase,
  ``7% of respondents``). A range is one statistic (``40–60 mm``, ``between 20 and 30 people``,
  ``76 votes to 71``).
- Not statistics: dates (``14 March``, ``2026-03-14``), times (``7 a.m.``, ``10:17``), years used as
  dates (``in 2027``, ``the 2026 budget``), decades (``the 1970s``), ages (``Greta Hollun, 58,``,
  ``aged 58``, ``a 58-year-old``), phone numbers, numbers inside URLs, e-mail addresses and paths,
  names with numbers (``G7``, ``Route 66``, ``COVID-19``), ordinals, and written numbers after
  "the" or a possessive (``the two sides``).

The words are data (``rules/statistics.<language>.json``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Document
from annotator.suggest.base import RuleSuggester, Suggestion
from annotator.suggest.rules import load_rules, load_rules_file

__all__ = ["StatisticRules", "StatisticSpan", "StatisticSuggester", "find_statistics"]

VERSION = "1"

_MARKS = "\u0300-\u036f"
_TOKEN = re.compile(
    rf"(?P<num>\d+(?:[.,]\d+)*)"
    rf"|(?P<word>[^\W\d_](?:[\w{_MARKS}\u2019'\-]*[\w{_MARKS}])?)"
    r"|(?P<other>\S)"
)
_MASKS = [
    re.compile(r"\S*(?:https?://|www\.)\S*"),
    re.compile(r"\S+@\S+\.\S+"),
    re.compile(r"\S*\w/\S*/\S*"),  # paths, XPath
    re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.+\-Z]+)?"),  # ISO dates and timestamps
    re.compile(r"\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4}\b"),  # 14/03/2026, 14.03.2026
    re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[ap]\.?m\.?)(?!\w))?"),  # 10:17, 4:52 a.m.
    re.compile(r"\b\d{1,2}(?:\.\d{2})?\s*(?:[ap]\.m\.|[ap]m\b)", re.IGNORECASE),  # 7 a.m.
    re.compile(r"\+\d[\d\s().\-]{6,}\d"),  # +44 20 7946 0958
    re.compile(r"\(?\b\d{3}\)?[\s.\-]\d{3}[\s.\-]\d{4}\b"),  # 555-123-4567
    re.compile(r"(?<![\d.,])\d+(?:[ \u00a0]\d+)+(?![\d.,%])"),  # "252 60", "1920 1080": codes
    re.compile(r"\b\d+\s*/\s*\d+\b"),  # 24/7, scores and fractions written with a slash
]


@dataclass(frozen=True, slots=True)
class StatisticRules:
    """The language-specific words of numbers (see ``rules/statistics.en.json``)."""

    number_words: Mapping[str, int]
    vague_numbers: frozenset[str]
    scale_words: frozenset[str]
    units: tuple[tuple[str, ...], ...]
    currency_symbols: tuple[str, ...]
    currency_codes: frozenset[str]
    modifiers: tuple[tuple[str, ...], ...]
    comparisons: tuple[tuple[str, ...], ...]
    rate_words: tuple[tuple[str, ...], ...]
    months: frozenset[str]
    year_prepositions: frozenset[str]
    time_words: frozenset[str]
    age_words: frozenset[str]
    stop_words: frozenset[str]
    name_prefixes_lowercase: frozenset[str]
    determiners_before_written_numbers: frozenset[str]
    compound_units: frozenset[tuple[str, str]] = frozenset()
    language: str = "en"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> StatisticRules:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key, ()))

        def phrases(key: str) -> tuple[tuple[str, ...], ...]:
            # longest first, so "percentage points" wins over "points"
            found = {tuple(_words_of(str(p).lower())) for p in data.get(key, ())}
            return tuple(sorted(found, key=len, reverse=True))

        return cls(
            number_words={str(k).lower(): int(v) for k, v in dict(data.get("number_words", {})).items()},
            vague_numbers=words("vague_numbers"),
            scale_words=words("scale_words"),
            units=phrases("units"),
            currency_symbols=tuple(sorted(map(str, data.get("currency_symbols", ())), key=len, reverse=True)),
            currency_codes=frozenset(str(c) for c in data.get("currency_codes", ())),
            modifiers=phrases("modifiers"),
            comparisons=phrases("comparisons"),
            rate_words=phrases("rate_words"),
            months=words("months"),
            year_prepositions=words("year_prepositions"),
            time_words=words("time_words"),
            age_words=words("age_words"),
            stop_words=words("stop_words"),
            name_prefixes_lowercase=words("name_prefixes_lowercase"),
            determiners_before_written_numbers=words("determiners_before_written_numbers"),
            compound_units=frozenset(
                (str(a).lower(), str(b).lower()) for a, b in data.get("compound_units", ())
            ),
            language=str(data.get("language", "")),
        )

    @classmethod
    def for_language(cls, language: str) -> StatisticRules:
        return cls.from_dict(load_rules("statistics", language))


def _words_of(phrase: str) -> list[str]:
    return [m.group() for m in _TOKEN.finditer(phrase)]


@dataclass(frozen=True, slots=True)
class StatisticSpan:
    start: int
    end: int
    rule: str
    score: float


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str  # num | word | other
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()


class _Finder:
    def __init__(self, text: str, rules: StatisticRules) -> None:
        self.text = text
        self.rules = rules
        masked = [False] * (len(text) + 1)
        for pattern in _MASKS:
            for m in pattern.finditer(text):
                # a masked time or date must not swallow a statistic's own digits: masks hold
                # whole tokens only
                for i in range(m.start(), m.end()):
                    masked[i] = True
        self.toks = [
            _Tok(m.lastgroup or "other", m.group(), m.start(), m.end())
            for m in _TOKEN.finditer(text)
            if not masked[m.start()]
        ]

    # -- helpers over tokens ------------------------------------------------------------------

    def gap(self, a: _Tok, b: _Tok) -> str:
        return self.text[a.end : b.start]

    def adjacent(self, i: int, j: int) -> bool:
        """Tokens i and j (j = i + 1) are next to each other with at most spaces between, same line."""
        if not (0 <= i < len(self.toks) and 0 <= j < len(self.toks)):
            return False
        g = self.gap(self.toks[i], self.toks[j])
        return g.strip() == "" and "\n" not in g

    def match_phrase(self, i: int, phrases: Iterable[tuple[str, ...]]) -> int:
        """The length (in tokens) of the first phrase that starts at token i, or 0."""
        for phrase in phrases:
            n = len(phrase)
            if i + n > len(self.toks):
                continue
            if all(self.toks[i + k].lower == phrase[k] for k in range(n)) and all(
                self.adjacent(i + k, i + k + 1) for k in range(n - 1)
            ):
                return n
        return 0

    def match_phrase_ending(self, i: int, phrases: Iterable[tuple[str, ...]]) -> int:
        """The length of the first phrase that ends at token i (inclusive), or 0."""
        for phrase in phrases:
            n = len(phrase)
            s = i - n + 1
            if s < 0:
                continue
            if all(self.toks[s + k].lower == phrase[k] for k in range(n)) and all(
                self.adjacent(s + k, s + k + 1) for k in range(n - 1)
            ):
                return n
        return 0

    def is_written_measure(self, t: _Tok) -> bool:
        """A written number joined to its unit: "two-year", "four-point", "three-week"."""
        parts = re.split(r"[-\u2010\u2011]", t.lower)
        if len(parts) < 2 or parts[0] in ("a", "one") or parts[0] not in self.rules.number_words:
            return False
        return all(p in self.rules.number_words for p in parts[:-1]) and (parts[-1],) in self.rules.units

    def is_written_number(self, t: _Tok) -> bool:
        parts = re.split(r"[-\u2010\u2011]", t.lower)
        return all(p in self.rules.number_words for p in parts) and t.lower not in ("a", "one")

    # -- what is not a statistic --------------------------------------------------------------

    def excluded(self, i: int) -> str | None:
        """Why the number at token i is not a statistic (a date, a name...), or None."""
        rules = self.rules
        toks = self.toks
        t = toks[i]
        prev = toks[i - 1] if i > 0 else None
        nxt = toks[i + 1] if i + 1 < len(toks) else None
        digits = t.text.replace(",", "").replace(".", "")
        # glued to letters: G7, 5G, 1970s, 2nd, COVID-19, F-16 (a unit glued on is fine: 12km)
        if nxt is not None and nxt.kind == "word" and nxt.start == t.end:
            glued = nxt.lower
            if not (self._unit_at(i + 1) or glued in rules.scale_words):
                return "name-or-ordinal"
        if prev is not None and prev.end == t.start and (prev.kind == "word" or prev.text in "#№"):
            return "name"
        if prev is not None and prev.text in "-\u2010\u2011" and prev.end == t.start and i >= 2:
            before = toks[i - 2]
            if before.end == prev.start and before.kind == "word":
                return "name"  # F-16, COVID-19
        # dates: next to a month's name
        if (prev is not None and prev.lower.rstrip(".") in rules.months and self.adjacent(i - 1, i)) or (
            nxt is not None and nxt.lower.rstrip(".") in rules.months and self.adjacent(i, i + 1)
        ):
            return "date"
        if (
            nxt is not None
            and nxt.text in "-\u2013"
            and i + 2 < len(toks)
            and toks[i + 2].kind == "num"
            and i + 3 < len(toks)
            and toks[i + 3].lower in rules.months
        ):
            return "date"  # 26-30 March
        # years used as dates
        if re.fullmatch(r"1[89]\d\d|20\d\d|2100", t.text):
            after_unit = self._unit_at(i + 1) if nxt is not None and self.adjacent(i, i + 1) else 0
            if not after_unit or (nxt is not None and nxt.lower in ("year", "years")):
                return "year"
        if (
            prev is not None
            and prev.text in "-\u2013/"
            and prev.end == t.start
            and i >= 2
            and toks[i - 2].end == prev.start
            and re.fullmatch(r"1[89]\d\d|20\d\d", toks[i - 2].text)
        ):
            return "year"  # 2027-28
        # times: 7 a.m., 8 pm, 10 o'clock
        time_word = nxt is not None and self.adjacent(i, i + 1) and nxt.lower.rstrip(".") in rules.time_words
        if nxt is not None and time_word and (nxt.lower.rstrip(".") != "h" or nxt.start == t.end):
            return "time"
        # ages: "aged 58", "58-year-old", "Greta Hollun, 58,"
        if prev is not None and prev.lower in rules.age_words and self.adjacent(i - 1, i):
            return "age"
        if nxt is not None and nxt.text in "-\u2010\u2011" and i + 2 < len(toks):
            follow = toks[i + 2].lower
            if follow.startswith(("year-old", "years-old", "month-old")):
                return "age"
        if (
            prev is not None
            and prev.text == ","
            and i >= 2
            and toks[i - 2].kind == "word"
            and toks[i - 2].text[:1].isupper()
            and nxt is not None
            and nxt.text in ",)"
            and len(digits) <= 3
        ):
            return "age"
        if (
            nxt is not None
            and nxt.lower in ("years", "year")
            and i + 2 < len(toks)
            and toks[i + 2].lower == "old"
            and self.adjacent(i, i + 1)
        ):
            return "age"
        # names with numbers: Route 66, Article 5, Boeing 737, Pier 4
        if prev is not None and prev.kind == "word" and self.adjacent(i - 1, i):
            capital = prev.text[:1].isupper() and prev.text not in self.rules.currency_codes
            lower_name = prev.lower in rules.name_prefixes_lowercase
            starts_sentence = (
                i < 2 or toks[i - 2].text in '.!?:\u201c"\u2018(' or self.gap(toks[i - 2], prev).count("\n")
            )
            if (capital and not starts_sentence and not self._modifier_before(i)) or lower_name:
                unit = nxt is not None and self.adjacent(i, i + 1) and self._unit_at(i + 1)
                if not unit and not (nxt is not None and nxt.text == "%"):
                    return "name"
        # ordinals written with a dot or a degree sign do not occur in English; references do
        if prev is not None and prev.text == "[" and nxt is not None and nxt.text == "]":
            return "reference"
        return None

    def _modifier_before(self, i: int) -> int:
        return self.match_phrase_ending(i - 1, self.rules.modifiers) if i > 0 else 0

    def _unit_at(self, i: int) -> int:
        if i >= len(self.toks):
            return 0
        return self.match_phrase(i, self.rules.units)

    # -- the span around a number -------------------------------------------------------------

    def left_edge(self, i: int) -> int:
        """The first token of the statistic whose number is token i (sign, currency, modifier)."""
        toks = self.toks
        s = i
        signed = s > 0 and toks[s - 1].text in "+\u2212-\u2013\u00b1~" and toks[s - 1].end == toks[s].start
        if signed and (s < 2 or toks[s - 2].end < toks[s - 1].start or toks[s - 2].text in "("):
            s -= 1
        if s > 0 and (
            any(self.text[toks[s].start - len(c) : toks[s].start] == c for c in self.rules.currency_symbols)
            or (toks[s - 1].text in self.rules.currency_codes and self.adjacent(s - 1, s))
        ):
            # "€38", "US$ 5", "EUR 5"
            sym_start = toks[s].start
            for c in self.rules.currency_symbols:
                if self.text[toks[s].start - len(c) : toks[s].start] == c:
                    sym_start = toks[s].start - len(c)
                    break
            while s > 0 and toks[s - 1].start >= sym_start:
                s -= 1
            if toks[s - 1].text in self.rules.currency_codes and self.adjacent(s - 1, s):
                s -= 1
        n = self.match_phrase_ending(s - 1, self.rules.modifiers) if s > 0 else 0
        if n and self.adjacent(s - 1, s):
            s -= n
        return s

    def right_edge(self, i: int, *, counted: bool = True) -> tuple[int, bool]:
        """The last token of the statistic whose number ends at token i; and whether it has a unit."""
        toks = self.toks
        e = i
        has_unit = False
        # scale: 43 thousand, 1.2 million, 1.2m, 5bn
        while e + 1 < len(toks) and self.adjacent(e, e + 1) and toks[e + 1].lower in self.rules.scale_words:
            if toks[e + 1].lower in ("m", "k") and toks[e + 1].start != toks[e].end:
                break
            e += 1
            has_unit = True
        n = self._unit_at(e + 1) if self.adjacent(e, e + 1) else 0
        if n:
            e += n
            has_unit = True
        elif (
            e + 2 < len(toks)
            and toks[e + 1].text in "-\u2010\u2011"
            and toks[e + 1].start == toks[e].end
            and toks[e + 2].start == toks[e + 1].end
            and toks[e + 2].kind == "word"
        ):
            # "a four-point lead", "a 2.8-point margin", "a two-year dispute"
            e += 2
            has_unit = True
        if has_unit and e + 2 < len(toks) and self.adjacent(e, e + 1) and toks[e + 1].kind == "num":
            # "3 hours 40 minutes"
            pair = (toks[e].lower, toks[e + 2].lower)
            if pair in self.rules.compound_units and self.adjacent(e + 1, e + 2):
                e += 2
        if counted:
            percent = toks[e].text == "%" or toks[e].lower in ("percent", "cent")
            if (
                has_unit
                and not percent
                and toks[e].kind != "num"
                and toks[e].lower not in self.rules.scale_words
            ):
                e = self._noun_words(e, 1)
            else:
                e = self._counted_noun(e, after_percent=percent)
        # rates: "€2,140 a month", "22,000 passengers a day"
        n = self.match_phrase(e + 1, self.rules.rate_words) if self.adjacent(e, e + 1) else 0
        if n:
            e += n
        return e, has_unit

    def _counted_noun(self, e: int, *, after_percent: bool) -> int:
        toks = self.toks
        if after_percent and e + 1 < len(toks) and toks[e + 1].lower == "of" and self.adjacent(e, e + 1):
            # "7% of respondents", "41% of the country’s imports"
            k = e + 2
            if k < len(toks) and toks[k].lower in ("the", "its", "their", "all") and self.adjacent(k - 1, k):
                k += 1
            taken = self._noun_words(k - 1, 3)
            return taken if taken >= k else e
        noun = self._noun_words(e, 3)
        if (
            noun == e
            and toks[e].kind == "num"
            and e + 3 < len(toks)
            and toks[e + 1].lower == "of"
            and toks[e + 2].lower in ("its", "their", "the")
            and all(self.adjacent(j, j + 1) for j in range(e, e + 3))
        ):
            # "3,050 of its members"
            return max(noun, self._noun_words(e + 2, 2))
        return noun

    def _noun_words(self, e: int, limit: int) -> int:
        toks = self.toks
        rules = self.rules
        taken = e
        k = e + 1
        if (
            k + 1 < len(toks)
            and toks[k].lower in ("more", "fewer", "less", "extra", "additional")
            and self.adjacent(e, k)
            and toks[k + 1].kind == "word"
            and toks[k + 1].lower not in rules.stop_words
        ):
            k += 1  # "two more weeks"
        while k < len(toks) and k - e <= limit and self.adjacent(k - 1, k):
            t = toks[k]
            if t.kind != "word" or t.lower in rules.stop_words or t.lower in rules.months:
                break
            if t.text[:1].isupper() and not t.text.isupper():
                break
            if self.is_written_number(t) or t.lower.endswith("ly"):
                break
            if taken > e and t.lower.endswith("ed") and not t.lower.endswith(("eed", "ied")):
                break  # "A third of voters stayed home": the verb, not the noun
            taken = k
            k += 1
        # a trailing past tense or participle is the verb, not the noun: "2,300 dockworkers walked"
        while taken > e and toks[taken].lower.endswith(("ed", "ing")) and taken - e >= 2:
            taken -= 1
        last = toks[taken].lower
        if taken == e + 1 and last.endswith("ed") and len(last) > 4 and not last.endswith(("eed", "ied")):
            taken = e
        return taken

    # -- the whole pass -----------------------------------------------------------------------

    def find(self) -> list[StatisticSpan]:
        toks = self.toks
        rules = self.rules
        out: list[StatisticSpan] = []
        used_until = -1
        i = 0
        while i < len(toks):
            if i <= used_until:
                i += 1
                continue
            t = toks[i]
            found: tuple[int, int, str, float] | None = None
            comparison = self.match_phrase(i, rules.comparisons)
            if comparison and (i == 0 or toks[i - 1].lower not in ("the", "second", "first")):
                e = i + comparison - 1
                noun = self._noun_words(e, 3)
                if noun > e or toks[e].lower != "of":
                    found = (i, noun, "comparison", 0.7)
            elif t.kind == "num":
                why = self.excluded(i)
                if why is None:
                    s = self.left_edge(i)
                    e, has_unit = self.right_edge(i)
                    e, _ = self._range(i, e)
                    e = self._of_total(e)
                    found = (s, e, "number-unit" if has_unit else "number", 0.95 if has_unit else 0.85)
            elif t.kind == "word" and self.is_written_number(t):
                found = self._written(i)
            elif t.kind == "word" and self.is_written_measure(t):
                found = (i, self._noun_words(i, 1), "written", 0.75)
            elif t.kind == "word" and t.lower in rules.vague_numbers and self._next_is(i, "of"):
                e = self._noun_words(i + 1, 3)
                if e > i + 1:
                    found = (i, e, "vague", 0.6)
            if found is None:
                i += 1
                continue
            s, e, rule, score = found
            start, end = toks[s].start, toks[e].end
            if out and start < out[-1].end:
                prev = out.pop()
                start = min(start, prev.start)
                end = max(end, prev.end)
            out.append(StatisticSpan(start, end, rule, score))
            used_until = e
            i = e + 1
        return out

    def _next_is(self, i: int, word: str) -> bool:
        return i + 1 < len(self.toks) and self.toks[i + 1].lower == word and self.adjacent(i, i + 1)

    def _of_total(self, e: int) -> int:
        """Extend "three" over "of the last four elections" (a count out of a total)."""
        toks = self.toks
        k = e + 1
        if not (k < len(toks) and toks[k].lower == "of" and self.adjacent(e, k)):
            return e
        k += 1
        while k < len(toks) and toks[k].lower in ("the", "its", "their", "last", "past", "first", "next"):
            k += 1
        counted = k < len(toks) and (toks[k].kind == "num" or self.is_written_number(toks[k]))
        if counted and all(self.adjacent(j, j + 1) for j in range(e, k)):
            end, _ = self.right_edge(k)
            return end
        return e

    def _range(self, i: int, e: int) -> tuple[int, bool]:
        """Extend a statistic over a range: 40–60 mm, 20 to 30 percent, between 20 and 30, 76 votes to 71."""
        toks = self.toks
        if e + 2 >= len(toks):
            return e, False
        joiner = toks[e + 1]
        dash = joiner.text in "-\u2013\u2014" and joiner.kind == "other"
        word_join = joiner.lower == "to" or (
            joiner.lower == "and" and toks[self.left_edge(i)].lower == "between"
        )
        if not (dash or word_join) or not self.adjacent(e, e + 1) or not self.adjacent(e + 1, e + 2):
            return e, False
        k = e + 2
        number = toks[k].kind == "num" and self.excluded(k) in (None, "name-or-ordinal")
        if not (number or (toks[k].kind == "word" and self.is_written_number(toks[k]))):
            return e, False
        own_unit = self._unit_at(k + 1) if self.adjacent(k, k + 1) else 0
        first_unit = e > i
        if first_unit and own_unit and not dash:
            return e, False  # "from 3 hours to 1 hour": two figures
        end, _ = self.right_edge(k, counted=not first_unit)
        return end, True

    def _written(self, i: int) -> tuple[int, int, str, float] | None:
        toks = self.toks
        rules = self.rules
        e = i
        while e + 1 < len(toks) and self.adjacent(e, e + 1):
            nxt = toks[e + 1]
            if self.is_written_number(nxt) or nxt.lower in ("hundred", "thousand", "million", "billion"):
                e += 1
            elif nxt.lower == "and" and e + 2 < len(toks) and self.is_written_number(toks[e + 2]):
                e += 2
            else:
                break
        if i > 0 and self.adjacent(i - 1, i):
            before = toks[i - 1].lower
            if before in rules.determiners_before_written_numbers or before.endswith(("’s", "'s")):
                return None  # "the two sides", "the coalition's two members"
        words = [toks[k].lower for k in range(i, e + 1)]
        if words == ["a"] or words == ["one"]:
            return None
        s = i
        scale = toks[i].lower in ("hundred", "thousand", "million", "billion", "dozen")
        if scale and i > 0 and toks[i - 1].lower in ("a", "an") and self.adjacent(i - 1, i):
            s = i - 1
        n = self.match_phrase_ending(s - 1, rules.modifiers) if s > 0 else 0
        if n and self.adjacent(s - 1, s):
            s -= n
        end, has_unit = self.right_edge(e)
        end, _ = self._range(i, end)
        end = self._of_total(end)
        if end == e and not has_unit:
            return None  # a bare written number ("two of them") counts nothing we can see
        return (s, end, "written", 0.75)


def find_statistics(text: str, rules: StatisticRules | None = None) -> list[StatisticSpan]:
    """The statistics in ``text`` by the rules above, in text order (code-point offsets)."""
    return _Finder(text, rules or StatisticRules.for_language("en")).find()


@dataclass(frozen=True, slots=True)
class StatisticSuggester(RuleSuggester[StatisticRules]):
    """Suggests ``statistic`` spans (the rules of the document's language, or ``rules``)."""

    rules: StatisticRules | None = None
    category: str = "statistic"
    name: str = "statistics"
    version: str = VERSION
    _cache: dict[str, StatisticRules] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_file(cls, path: str | Path) -> StatisticSuggester:
        """The suggester with the rules of one file (a team's own), for every document."""
        return cls(rules=StatisticRules.from_dict(load_rules_file(Path(path), "statistics")))

    def load_rules(self, language: str) -> StatisticRules:
        return StatisticRules.for_language(language)

    def suggest(self, document: Document) -> Iterable[Suggestion]:
        rules = self.rules_for(document.language)
        for s in find_statistics(document.text, rules):
            yield self.suggestion(
                document,
                start=s.start,
                end=s.end,
                rule=f"{rules.language or 'custom'}:{s.rule}",
                score=s.score,
            )
