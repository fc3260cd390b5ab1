"""Quotes by rule: the words inside quotation marks, with the speaker when the text names one.

What counts (the same rules the measured gold follows, ``tests/annotator/suggest/gold/README.md``):

- Text inside quotation marks of any common style: straight ``"…"``, curly ``“…”``, low-high
  ``„…“`` and ``„…”``, guillemets ``«…»``, ``»…«``, ``‹…›``, CJK ``「…」``, and single quotes
  ``‘…’``, ``‚…‘``, ``'…'`` told apart from apostrophes (``don’t``, ``the workers’ union``, ``’90s``).
  Quotation marks inside a quote (a quote within the quote) stay part of it.
- One suggestion per stretch of quoted words: an attribution that interrupts a quote
  (``“…,” he said, “…”``) is left out, and the quote comes as two spans. A quote over several
  paragraphs (an opening mark at each paragraph's start, the closing one only at the end) comes
  as one span per paragraph.
- The span holds the words without the marks; a comma, colon or dash that belongs to the
  attribution (``“We will not sign,” she said``) is left out, a final ``.``, ``?`` or ``!`` kept.
- Left out unless attributed: scare quotes of one or two words (``a “historic” deal``), and
  names and titles in quotation marks (every word capitalised).
- ``speaker`` comes from an attribution next to the quote: ``said X``, ``X said``, ``X told …``,
  ``according to X``, ``X called it “…”``, ``X: “…”``-style lead-ins; a pronoun (``she said``)
  is resolved to the speaker of an earlier quote in the paragraph, else to the nearest person
  named just before, else left empty. Quotes without an attribution of their own take the
  speaker of the quote before them in the same paragraph.

The attribution words are data (``rules/quotes.<language>.json``, see :mod:`annotator.suggest.rules`).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from annotator.domain import Document
from annotator.suggest.base import RuleSuggester, Suggestion
from annotator.suggest.rules import load_rules, load_rules_file

__all__ = ["QuoteRules", "QuoteSpan", "QuoteSuggester", "find_quotes"]

VERSION = "1"

# opening mark -> closing marks it takes; whether it is a single (inner) quotation mark
_DOUBLE: dict[str, str] = {
    "\u201c": "\u201d\u201c",  # “ … ” (and “ … “, seen in scraped text)
    "\u201e": "\u201c\u201d",  # „ … “   „ … ”
    "\u201d": "\u201d",  # ” … ” (Swedish, Finnish)
    "\u00ab": "\u00bb",  # « … »
    "\u00bb": "\u00ab\u00bb",  # » … « (German, Danish)   » … » (Swedish)
    '"': '"',
    "\u300c": "\u300d",  # 「 … 」
    "\u300e": "\u300f",  # 『 … 』
    "\uff02": "\uff02",  # fullwidth "
}
_SINGLE: dict[str, str] = {
    "\u2018": "\u2019",  # ‘ … ’
    "\u201a": "\u2018\u2019",  # ‚ … ‘
    "\u2039": "\u203a",  # ‹ … ›
    "\u203a": "\u2039\u203a",  # › … ‹
    "'": "'",
}
_OPENERS = {**_DOUBLE, **_SINGLE}
_MARKS = frozenset("".join(_OPENERS) + "".join(_OPENERS.values()))
_APOSTROPHE_LIKE = frozenset("'\u2019")
# characters after which a quotation may open (besides whitespace and the start of a paragraph)
_BEFORE_OPENING = frozenset("([{\u2014\u2013-/:;,\u2026") | frozenset(_OPENERS)
_TRAILING_ATTRIBUTION_PUNCT = ",;:\u2014\u2013-"
_MARK_CHARS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_WORD = re.compile(rf"[^\W_](?:[\w{_MARK_CHARS}\u2019'\-.]*[\w{_MARK_CHARS}])?")
_APPOSITIVE = re.compile(r",\s*(?:who|which|whose)\b[^,.;:]*,")


def _mask_appositives(text: str) -> str:
    """``text`` with relative clauses between commas blanked out (offsets kept)."""
    return _APPOSITIVE.sub(lambda m: " " * len(m.group()), text)


_SENTENCE_END = re.compile(r"[.?!\u2026]+[\"\u201d\u2019\u00bb)\]]*(?=\s|$)")


@dataclass(frozen=True, slots=True)
class QuoteRules:
    """The language-specific words of attribution (see ``rules/quotes.en.json``)."""

    speech_verbs: frozenset[str]
    according_to: tuple[tuple[str, ...], ...]
    pronouns: frozenset[str]
    determiners: frozenset[str]
    titles: frozenset[str]
    honorifics: frozenset[str]
    name_particles: frozenset[str]
    stop_words: frozenset[str]
    auxiliaries: frozenset[str]
    abbreviations: frozenset[str]
    scare_quote_max_words: int = 2
    language: str = "en"

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> QuoteRules:
        def words(key: str) -> frozenset[str]:
            return frozenset(str(w).lower() for w in data.get(key, ()))

        return cls(
            speech_verbs=words("speech_verbs"),
            according_to=tuple(tuple(str(p).lower().split()) for p in data.get("according_to", ())),
            pronouns=words("pronouns"),
            determiners=words("determiners"),
            titles=words("titles"),
            honorifics=words("honorifics"),
            name_particles=words("name_particles"),
            stop_words=words("stop_words"),
            auxiliaries=words("auxiliaries"),
            abbreviations=words("abbreviations"),
            scare_quote_max_words=int(data.get("scare_quote_max_words", 2)),
            language=str(data.get("language", "")),
        )

    @classmethod
    def for_language(cls, language: str) -> QuoteRules:
        return cls.from_dict(load_rules("quotes", language))


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quote found in a text: the words' span, the speaker if named, and how it was found."""

    start: int
    end: int
    speaker: str
    rule: str
    score: float


@dataclass(slots=True)
class _Raw:
    open_at: int  # offset of the opening mark (or the paragraph start of a continuation)
    close_at: int  # offset of the closing mark, or where an unclosed quote was ended
    start: int
    end: int
    kind: str  # closed | unclosed | paragraph (a multi-paragraph quote's part)


@dataclass(frozen=True, slots=True)
class _Token:
    text: str
    start: int
    end: int

    @property
    def lower(self) -> str:
        return self.text.lower()

    @property
    def capitalised(self) -> bool:
        return self.text[:1].isupper()


def _tokens(text: str, offset: int = 0) -> list[_Token]:
    return [_Token(m.group(), m.start() + offset, m.end() + offset) for m in _WORD.finditer(text)]


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans = []
    start = 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


_GUILLEMETS = frozenset("\u00ab\u00bb\u2039\u203a")


def _opens(p: str, i: int) -> bool:
    prev = p[i - 1] if i > 0 else ""
    nxt = p[i + 1] if i + 1 < len(p) else ""
    if p[i] in _GUILLEMETS and nxt.isspace() and i + 2 < len(p) and not p[i + 2].isspace():
        nxt = p[i + 2]  # French spacing: « Nous … »
    if not nxt or nxt.isspace():
        return False
    return not prev or prev.isspace() or prev in _BEFORE_OPENING


def _closes(p: str, i: int) -> bool:
    prev = p[i - 1] if i > 0 else ""
    nxt = p[i + 1] if i + 1 < len(p) else ""
    if p[i] in _GUILLEMETS and prev.isspace() and i >= 2 and not p[i - 2].isspace():
        prev = p[i - 2]
    if not prev or prev.isspace():
        return False
    return not nxt or not (nxt.isalnum())


def _is_apostrophe(p: str, i: int) -> bool:
    """A ' or ’ that belongs to a word: between letters (don’t), or eliding digits (’90s)."""
    if p[i] not in _APOSTROPHE_LIKE:
        return False
    prev = p[i - 1] if i > 0 else ""
    nxt = p[i + 1] if i + 1 < len(p) else ""
    if prev.isalnum() and nxt.isalnum():
        return True
    return bool(re.match(r"\d\ds\b", p[i + 1 : i + 4]))


def _sentence_end(p: str, i: int) -> int:
    """The offset just after the sentence running at ``i`` ends (its final mark included)."""
    m = _SENTENCE_END.search(p, i)
    return m.end() if m else len(p)


def _scan_paragraph(p: str, continued: str | None) -> tuple[list[_Raw], str | None]:
    """Quotes in one paragraph (offsets into ``p``); and the opening mark left open at its end.

    ``continued`` is the mark left open by the paragraph before: if this paragraph starts with an
    opening mark too, the quote goes on here (the multi-paragraph convention).
    """
    found: list[_Raw] = []
    open_at = -1
    closers = ""
    single = False
    i = 0
    if continued is not None and p[:1] in _DOUBLE:
        open_at, closers, single = 0, _DOUBLE[p[0]], False
        i = 1
    while i < len(p):
        c = p[i]
        if c not in _MARKS:
            i += 1
            continue
        if open_at >= 0:
            closing = c in closers and not _is_apostrophe(p, i) and (_closes(p, i) or not _opens(p, i))
            if closing and not (single and c in _APOSTROPHE_LIKE and not _closes(p, i)):
                found.append(_Raw(open_at, i, open_at + 1, i, "closed"))
                open_at = -1
                i += 1
                continue
            if c in _DOUBLE and _opens(p, i):
                if single:
                    # what opened was an apostrophe after all; this is the real quotation
                    open_at, closers, single = i, _DOUBLE[c], False
                elif c == p[open_at]:
                    # a new quotation opens where the last was never closed: end that one at
                    # its first sentence end
                    end = min(_sentence_end(p, open_at + 1), i)
                    found.append(_Raw(open_at, end, open_at + 1, end, "unclosed"))
                    open_at, closers = i, _DOUBLE[c]
            i += 1
            continue
        if c in _OPENERS and _opens(p, i) and not _is_apostrophe(p, i):
            open_at, closers, single = i, _OPENERS[c], c in _SINGLE
        i += 1
    left_open: str | None = None
    if open_at >= 0 and not single:
        left_open = p[open_at]
        found.append(_Raw(open_at, len(p), open_at + 1, len(p), "open"))
    return found, left_open


def _raw_quotes(text: str) -> list[_Raw]:
    """Every quotation in ``text``, offsets into ``text``, in order."""
    paragraphs = _paragraphs(text)
    out: list[_Raw] = []
    continued: str | None = None
    for index, (p_start, p_end) in enumerate(paragraphs):
        p = text[p_start:p_end]
        if not p.strip():
            continue
        found, left_open = _scan_paragraph(p, continued)
        if continued is not None and found and found[0].open_at == 0 and p[:1] in _DOUBLE:
            found[0].kind = "paragraph" if found[0].kind == "closed" else found[0].kind
        continued = None
        if found and found[-1].kind == "open":
            last = found[-1]
            following = next((text[s:e] for s, e in paragraphs[index + 1 :] if text[s:e].strip()), "")
            if following[:1] in _DOUBLE:
                last.kind = "paragraph"
                continued = left_open
            else:
                end = _sentence_end(p, last.start)
                last.kind, last.end, last.close_at = "unclosed", end, end
        for raw in found:
            out.append(
                _Raw(
                    raw.open_at + p_start,
                    raw.close_at + p_start,
                    raw.start + p_start,
                    raw.end + p_start,
                    raw.kind,
                )
            )
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in _TRAILING_ATTRIBUTION_PUNCT):
        end -= 1
    return start, end


class _Attribution:
    """Finds who speaks, from the words around a quote (one document at a time)."""

    def __init__(self, rules: QuoteRules, text: str) -> None:
        self.rules = rules
        self.text = text

    # -- names and phrases ------------------------------------------------------------------

    def _is_name_token(self, t: _Token) -> bool:
        return t.capitalised or t.lower in self.rules.name_particles

    def _name_run(self, tokens: list[_Token], gap_ok: bool = True) -> list[_Token]:
        """The capitalised words (with particles like "de", "van") from the first token on."""
        run: list[_Token] = []
        for k, t in enumerate(tokens):
            if k and not gap_ok:
                break
            if k and not self.text[tokens[k - 1].end : t.start].isspace():
                break
            if t.capitalised or (run and t.lower in self.rules.name_particles):
                run.append(t)
            else:
                break
        while run and not run[-1].capitalised:
            run.pop()
        return run

    def _clean_name(self, run: list[_Token]) -> str:
        """A capitalised run without the titles before the name ("Finance Minister Ilario Benczek")."""
        words = list(run)
        while words and words[0].lower in self.rules.determiners:
            words.pop(0)
        last_title = max(
            (k for k, t in enumerate(words[:-1]) if t.lower.rstrip(".") in self.rules.titles), default=-1
        )
        if last_title >= 0:
            words = words[last_title + 1 :]
        if len(words) >= 2 and words[0].lower.rstrip(".") in self.rules.honorifics and len(words) > 2:
            words = words[1:]
        if not words:
            return ""
        return self.text[words[0].start : words[-1].end]

    def _phrase_forward(self, tokens: list[_Token], limit: int) -> str:
        """The speaker named after a verb: "said Tomas Redvik, the chairman" -> Tomas Redvik."""
        if not tokens:
            return ""
        first = tokens[0]
        if first.lower in self.rules.pronouns:
            return "\x00pronoun"
        if first.capitalised and first.lower not in self.rules.determiners:
            run = self._name_run(tokens)
            return self._clean_name(run)
        if first.lower in self.rules.determiners:
            words = [first]
            for prev, t in itertools.pairwise(tokens):
                between = self.text[prev.end : t.start]
                if t.start >= limit or not between.isspace() or t.lower in self.rules.stop_words:
                    break
                if len(words) >= 7:
                    break
                words.append(t)
            rest = [t for t in tokens[len(words) :] if t.start < limit]
            if rest and self.text[words[-1].end : rest[0].start].strip() == ",":
                # "said its coordinator, Anton Vellsberg."
                run = self._name_run(rest)
                if len(run) >= 2 and (len(run) == len(rest) or self.text[run[-1].end] in ",.;"):
                    return self._clean_name(run)
            return self.text[words[0].start : words[-1].end]
        return ""

    def _subject_phrase(self, head: list[_Token]) -> str:
        """The speaker in the words before a verb, cleaned of conjunctions, adverbs and titles."""
        rules = self.rules
        # "days after the labour minister", "in what Education Minister Oskar Vellani"
        while head and not head[0].capitalised and head[0].lower not in rules.determiners:
            if (len(head) == 1 and head[0].lower in rules.pronouns) or head[0].text[0].isdigit():
                break
            head = head[1:]
        while head and (head[-1].lower in rules.auxiliaries or head[-1].lower.endswith("ly")):
            head = head[:-1]
        if not head or len(head) > 9:
            return ""
        if len(head) == 1 and head[0].lower in rules.pronouns:
            return "\x00pronoun"
        if head[0].lower in rules.determiners:
            # "the columnist Eero Lindahl": a name after a lowercase role word is the speaker
            run_start = len(head)
            while run_start > 1 and self._is_name_token(head[run_start - 1]):
                run_start -= 1
            role = head[run_start - 1] if run_start >= 2 else None
            if (
                role is not None
                and run_start < len(head)
                and not role.capitalised
                and role.lower not in rules.determiners
                and role.lower not in rules.stop_words
                and role.lower not in ("for", "of")
                and (role.lower in rules.titles or len(head) - run_start >= 2)
            ):
                return self._clean_name(head[run_start:])
            if len(head) > 7 or len(head) == 1:
                return ""
            return self._slice(head)
        if head[0].capitalised:
            run = self._name_run(head)
            rest = head[len(run) :]
            # "Tamsby mayor Konstantin Halvard", "Authority spokesperson Greta Holm"
            k = 0
            while k < len(rest) and not rest[k].capitalised and rest[k].lower in rules.titles:
                k += 1
            if 0 < k < len(rest):
                later = self._name_run(rest[k:])
                if later:
                    return self._clean_name(later)
            return self._clean_name(run)
        if len(head) <= 3:
            return self._slice(head)
        return ""

    def _slice(self, words: list[_Token]) -> str:
        end = words[-1].end
        if self.text[end : end + 1] == "%":  # "52% said"
            end += 1
        return self.text[words[0].start : end]

    def _subject_before(self, start: int, verb: _Token) -> str:
        """The speaker named before a verb: "Its director, Helga Sorvaine, called ..." -> Helga Sorvaine."""
        chunk = _mask_appositives(self.text[start : verb.start])
        pieces = [
            _tokens(m.group(), start + m.start())
            for m in re.finditer(r"[^,;:()\u2014\u2013\"\u201c\u201d\u201e]+", chunk)
            if _tokens(m.group())
        ]
        if not pieces:
            return ""
        head = pieces[-1]
        if len(pieces) >= 2:
            before = pieces[-2]
            first = head[0]
            appositive = first.lower in self.rules.determiners and not first.capitalised
            participle = not first.capitalised and first.lower.endswith(("ed", "ing"))
            earlier_is_name = before[0].capitalised and before[0].lower not in self.rules.determiners
            if (appositive and earlier_is_name) or participle:
                # "X, an independent think tank, said"; "One post, shared several thousand
                # times, read": the speaker comes before the aside
                head = before
        return self._subject_phrase(head)

    # -- the two sides of a quote -------------------------------------------------------------

    def _according(self, tokens: list[_Token], limit: int) -> str | None:
        for k in range(len(tokens)):
            for phrase in self.rules.according_to:
                n = len(phrase)
                if tuple(t.lower for t in tokens[k : k + n]) == phrase:
                    return self._phrase_forward(tokens[k + n :], limit)
        return None

    def after(self, start: int, end: int, *, joined: bool = True) -> str | None:
        """Speaker from the words right after a quote (``," said X.``); ``None`` if none.

        ``joined``: the quote ends in a comma, ``?`` or ``!``, so the sentence goes on after it.
        """
        ctx = _mask_appositives(self.text[start:end])
        tokens = _tokens(ctx, start)
        if not tokens:
            return None
        lead = self.text[start : tokens[0].start]
        if lead.strip(" \t\u00a0,\u2014\u2013-([") or "\n" in lead:
            return None
        first = tokens[0]
        if first.lower in self.rules.speech_verbs:
            found = self._phrase_forward(tokens[1:], end)
            return found or None
        according = self._according(tokens[:3], end)
        if according:
            return according
        for k, t in enumerate(tokens[:14]):
            if t.lower in self.rules.speech_verbs:
                if not joined and len(tokens) - k > 5:
                    return None  # a new sentence of the writer's, not an attribution
                subject = self._subject_before(start, t)
                return subject or None
            if t.lower in self.rules.stop_words and t.lower not in ("who", "which"):
                return None
        return None

    def before(self, start: int, end: int) -> str | None:
        """Speaker from the words of the sentence before a quote (``X said: "``); ``None`` if none."""
        ctx = _mask_appositives(self.text[start:end])
        tokens = _tokens(ctx, start)
        if not tokens:
            return None
        according = self._according(tokens, end)
        if according:
            return according
        for k in range(len(tokens) - 1, -1, -1):
            t = tokens[k]
            if t.lower in self.rules.speech_verbs:
                subject = self._subject_before(start, t)
                if subject:
                    return subject
                if k == 0 or self.text[tokens[k - 1].end : t.start].strip():
                    # the verb opens the clause, its subject after it: "…, said Redvik: “…"
                    after = self._phrase_forward(tokens[k + 1 :], end)
                    if after and not after.startswith("\x00"):
                        return after
        return None

    def person_before(self, start: int, end: int) -> str:
        """The first person-like name (two capitalised words, or a title and a name) in the range."""
        tokens = _tokens(self.text[start:end], start)
        k = 0
        while k < len(tokens):
            run = self._name_run(tokens[k:])
            while run and (run[0].lower in self.rules.determiners or run[0].lower in self.rules.stop_words):
                run = run[1:]
                k += 1
            if len(run) >= 2:
                name = self._clean_name(run)
                if name:
                    return name
            k += max(1, len(run))
        return ""


def _sentence_start(text: str, floor: int, at: int, abbreviations: frozenset[str]) -> int:
    """Where the sentence holding ``at`` starts (not before ``floor``)."""
    best = floor
    for m in _SENTENCE_END.finditer(text, floor, at):
        word = re.search(r"([\w.]+)[.]*$", text[max(floor, m.start() - 12) : m.start() + 1])
        if word and word.group(1).rstrip(".").lower() in abbreviations:
            continue
        best = m.end()
    return best


def find_quotes(text: str, rules: QuoteRules | None = None) -> list[QuoteSpan]:
    """The quotes in ``text`` by the rules above, in text order (code-point offsets)."""
    rules = rules or QuoteRules.for_language("en")
    attribution = _Attribution(rules, text)
    raws = _raw_quotes(text)
    paragraph_of = _paragraphs(text)
    out: list[QuoteSpan] = []
    previous_speaker = ""
    previous_paragraph = -1
    continuing_speaker = ""
    # the paragraph of the last quote kept, and its speaker (for "he said" in the next paragraph)
    last_quoted_paragraph, last_quoted_speaker = -2, ""
    for index, raw in enumerate(raws):
        start, end = _trim(text, raw.start, raw.end)
        if start >= end:
            continue
        p_index = next(k for k, (s, e) in enumerate(paragraph_of) if s <= raw.open_at <= e)
        p_start, p_end = paragraph_of[p_index]
        if p_index != previous_paragraph:
            if raw.kind != "paragraph" or (previous_paragraph != p_index - 1 and not continuing_speaker):
                previous_speaker = ""
            previous_paragraph = p_index
        # the words between this quote and its neighbours, within the sentence
        prev_close = (
            raws[index - 1].close_at + 1 if index and raws[index - 1].close_at >= p_start else p_start
        )
        next_open = raws[index + 1].open_at if index + 1 < len(raws) else len(text)
        after_end = min(next_open, p_end, _sentence_end(text, raw.close_at + 1))
        before_start = max(prev_close, _sentence_start(text, p_start, raw.open_at, rules.abbreviations))
        speaker = None
        rule = ""
        if text[before_start : raw.open_at].rstrip().endswith(":"):
            # a lead-in ("X said: “…”") speaks first
            speaker = attribution.before(before_start, raw.open_at)
            rule = "before"
        if speaker is None and raw.kind in ("closed", "paragraph") and raw.close_at < p_end:
            joined = text[raw.start : raw.end].rstrip()[-1:] in (",", "?", "!", "\u2014", "\u2013", "-")
            speaker = attribution.after(raw.close_at + 1, after_end, joined=joined)
            rule = "after"
        if speaker is None:
            speaker = attribution.before(before_start, raw.open_at)
            rule = "before"
        direct = speaker is not None
        if speaker == "\x00pronoun":
            speaker = previous_speaker or attribution.person_before(p_start, raw.open_at)
            if not speaker and p_index == last_quoted_paragraph + 1:
                speaker = last_quoted_speaker
            if not speaker:
                back = p_index - 1
                while not speaker and back >= 0 and back >= p_index - 4:
                    s, e = paragraph_of[back]
                    speaker = attribution.person_before(s, e)
                    back -= 1
            rule += "-pronoun"
        if speaker is None:
            if previous_speaker:
                speaker, rule = previous_speaker, "carried"
            elif raw.kind == "paragraph" and continuing_speaker:
                speaker, rule = continuing_speaker, "carried"
            else:
                speaker, rule = "", "unattributed"
        words = _tokens(text[start:end])
        if not direct and len(words) <= rules.scare_quote_max_words:
            continue  # a scare quote
        if (
            not direct
            and len(words) >= 2
            and all(w.capitalised or w.lower in rules.name_particles for w in words)
        ):
            continue  # a name or title in quotation marks
        if speaker:
            previous_speaker = speaker
        if p_index != last_quoted_paragraph:
            last_quoted_paragraph, last_quoted_speaker = p_index, ""
        last_quoted_speaker = speaker or last_quoted_speaker
        if raw.kind == "paragraph":
            continuing_speaker = speaker or continuing_speaker
        score = {"after": 0.95, "before": 0.95, "carried": 0.9, "unattributed": 0.8}.get(rule, 0.9)
        if raw.kind == "unclosed":
            score = 0.6
        out.append(QuoteSpan(start=start, end=end, speaker=speaker, rule=f"{raw.kind}:{rule}", score=score))
    # a multi-paragraph quote's speaker is often named only in its last part
    for k in range(len(out) - 2, -1, -1):
        if (
            not out[k].speaker
            and out[k].rule.startswith("paragraph")
            and out[k + 1].rule.startswith("paragraph")
        ):
            out[k] = QuoteSpan(out[k].start, out[k].end, out[k + 1].speaker, out[k].rule, out[k].score)
    return out


@dataclass(frozen=True, slots=True)
class QuoteSuggester(RuleSuggester[QuoteRules]):
    """Suggests ``quote`` spans with their ``speaker`` (the rules of the document's language).

    ``rules`` fixes the rules for every document (a team's own file, say); without it each
    document gets the rules of its ``language`` (English when there are none).
    """

    rules: QuoteRules | None = None
    category: str = "quote"
    name: str = "quotes"
    version: str = VERSION
    _cache: dict[str, QuoteRules] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_file(cls, path: str | Path) -> QuoteSuggester:
        """The suggester with the rules of one file (a team's own), for every document."""
        return cls(rules=QuoteRules.from_dict(load_rules_file(Path(path), "quotes")))

    def load_rules(self, language: str) -> QuoteRules:
        return QuoteRules.for_language(language)

    def suggest(self, document: Document) -> Iterable[Suggestion]:
        rules = self.rules_for(document.language)
        for q in find_quotes(document.text, rules):
            yield self.suggestion(
                document,
                start=q.start,
                end=q.end,
                rule=f"{rules.language or 'custom'}:{q.rule}",
                score=q.score,
                attributes={"speaker": q.speaker} if q.speaker else {},
            )
