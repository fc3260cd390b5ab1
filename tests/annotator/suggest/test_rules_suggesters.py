"""The quote and statistic rules, code all occurrences, and hard text (offsets in code points)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from annotator.domain import Document
from annotator.suggest.occurrences import OccurrenceSuggester, find_occurrences
from annotator.suggest.quotes import QuoteRules, QuoteSuggester, find_quotes
from annotator.suggest.rules import load_rules_file
from annotator.suggest.statistics import find_statistics
from tests.annotator.hard_text import HARD_TEXT


def quotes(text: str) -> list[tuple[str, str]]:
    return [(text[q.start : q.end], q.speaker) for q in find_quotes(text)]


def stats(text: str) -> list[str]:
    return [text[s.start : s.end] for s in find_statistics(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('He said "We will not sign." Then he left.', ["We will not sign."]),
        ("“We will not sign,” the minister said.", ["We will not sign"]),
        ("Sie sagte: „Wir unterschreiben nicht.“ Dann ging sie.", ["Wir unterschreiben nicht."]),
        ("Il a dit : « Nous ne signerons pas. »", ["Nous ne signerons pas."]),
        ("Er sagte: »Wir unterschreiben nicht.« Dann ging er.", ["Wir unterschreiben nicht."]),
        ("She said ‹we will not sign this› and left.", ["we will not sign this"]),
        ("She said ‘we will not sign this’ and left.", ["we will not sign this"]),
        ("She said 'we will not sign this' and left.", ["we will not sign this"]),
    ],
)
def test_every_common_quotation_mark_style(text: str, expected: list[str]) -> None:
    assert [q for q, _ in quotes(text)] == expected


def test_apostrophes_are_not_quotation_marks() -> None:
    text = "The workers’ union won’t sign; it’s the ’90s again, said the dockers' chair."
    assert quotes(text) == []
    text = "She called it ‘a plan that won’t work for the workers’ and left."
    assert [q for q, _ in quotes(text)] == ["a plan that won’t work for the workers"]


def test_an_interrupting_attribution_splits_the_quote_and_names_the_speaker() -> None:
    text = "“We did not choose this,” said Tomas Redvik, the chairman, “and we will not stop now.”"
    assert quotes(text) == [
        ("We did not choose this", "Tomas Redvik"),
        ("and we will not stop now.", "Tomas Redvik"),
    ]


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ("“The talks are hard and slow,” Holm told reporters.", "Holm"),
        ("“The talks are hard and slow,” the harbour master said.", "the harbour master"),
        ("According to Ana Kovač, “the talks are hard and slow.”", "Ana Kovač"),
        ("Finance Minister Ilario Benczek said: “Nobody gets everything.”", "Ilario Benczek"),
        ("“The talks are hard,” Brenvik, who faces a vote next month, said.", "Brenvik"),
        ("Its director, Helga Sorvaine, called the offer “generous by any measure.”", "Helga Sorvaine"),
    ],
)
def test_the_speaker_comes_from_the_attribution(text: str, speaker: str) -> None:
    assert [s for _, s in quotes(text)] == [speaker]


def test_a_pronoun_speaker_is_the_person_named_before() -> None:
    text = (
        "Opposition leader Dunja Matrell was scathing. “They have balanced the books on our backs,” she said."
    )
    assert quotes(text) == [("They have balanced the books on our backs", "Dunja Matrell")]


def test_scare_quotes_are_left_out_unless_attributed() -> None:
    assert quotes("The “historic” deal was signed by the “usual suspects” on Monday.") == []
    text = "The mayor called the plan “overdue” on Monday."
    assert quotes(text) == [("overdue", "The mayor")]
    assert quotes("Published by „Harbour Media Group“ today.") == []


def test_a_quote_over_several_paragraphs_is_one_span_per_paragraph() -> None:
    text = (
        "Tomas Redvik said: “We have waited three years for this.\n\n"
        "“Our members will not wait any longer.”\n\nThe port stayed shut.\n"
    )
    assert quotes(text) == [
        ("We have waited three years for this.", "Tomas Redvik"),
        ("Our members will not wait any longer.", "Tomas Redvik"),
    ]


def test_an_unclosed_quote_ends_at_its_sentence() -> None:
    text = (
        "Aaltvik said at the time that “a strike can be won on the quay. Officials now disagree. "
        "“We misread it,” one said."
    )
    assert [q for q, _ in quotes(text)] == ["a strike can be won on the quay.", "We misread it"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("More than 2,300 dockworkers walked off the job.", ["More than 2,300 dockworkers"]),
        (
            "The union wants 7.2% this year and 3.4 percent of households did.",
            ["7.2%", "3.4 percent of households"],
        ),
        ("The deal is worth about €38 million over two years.", ["about €38 million", "over two years"]),
        ("Ukraine lost at least 43 thousand troops.", ["at least 43 thousand troops"]),
        ("There were twice as many ships as last year.", ["twice as many ships"]),
        ("Forecasters expect another 40–60 mm of rain.", ["40–60 mm"]),
        ("The talks took eleven weeks.", ["eleven weeks"]),
        ("Between 20 and 30 people came.", ["Between 20 and 30 people"]),
        ("A third of voters stayed home.", ["A third of voters"]),
    ],
)
def test_statistics_take_unit_and_counted_noun(text: str, expected: list[str]) -> None:
    assert stats(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The meeting is on 14 March 2026 at 10:17.",
        "It opened on March 14 at 7 a.m. in 2027.",
        "Published: 2026-03-14 08:12",
        "Greta Hollun, 58, loaded her car; a 58-year-old man, aged 60, watched.",
        "Call +44 20 7946 0958 or 555-123-4567.",
        "The G7 met on Route 66 near Pier 4; COVID-19 and F-16 were discussed.",
        "See https://example.net/2026/03/14/story-12 or mail desk2026@example.net.",
        "It was the biggest change since the 1970s, the 2nd time in the 2026 budget.",
        "The two sides met.",
    ],
)
def test_not_statistics(text: str) -> None:
    assert stats(text) == []


def test_suggestions_on_hard_text_land_on_the_right_code_points() -> None:
    text = (
        "Posted 👩\u200d👩\u200d👧 then: “Café\u0301 prices rose 12\u00a0% in Кременчук,” "
        "Ana\u00a0Kovač said. شعار"
    )
    found = find_quotes(text)
    assert len(found) == 1
    q = found[0]
    assert text[q.start : q.end] == "Café\u0301 prices rose 12\u00a0% in Кременчук"
    assert q.speaker == "Ana\u00a0Kovač"
    s = find_statistics(text)
    assert [text[x.start : x.end] for x in s] == ["12\u00a0%"]


def test_the_shared_hard_text() -> None:
    document = Document(id="d", title="t", text=HARD_TEXT, sha256="")
    found = list(QuoteSuggester().suggest(document))
    got = {HARD_TEXT[s.start : s.end] for s in found}
    assert "We will not sign." in got
    assert "Порт — это мы!" in got
    assert all(HARD_TEXT[s.start : s.end] == s.quote for s in found)
    assert "12\u00a0km" in stats(HARD_TEXT)


def test_occurrences_snap_to_words_and_forgive_spaces_case_and_apostrophes() -> None:
    text = "The Minister said. The ministers’ plan, the minister\u00a0said, is the minister's."
    spans = find_occurrences(text, "minister said")
    assert [text[a:b] for a, b in spans] == ["Minister said", "minister\u00a0said"]
    spans = find_occurrences(text, "inister")
    # a word's edge is where snapping puts it: the apostrophe after "ministers" is not in a word
    assert [text[a:b] for a, b in spans] == ["Minister", "ministers", "minister", "minister's"]
    assert [text[a:b] for a, b in find_occurrences(text, "ministers' plan")] == ["ministers’ plan"]
    assert find_occurrences(text, "Minister", case_sensitive=True) == [(4, 12)]


def test_occurrences_after_an_emoji() -> None:
    text = "🇩🇪 👍🏽 Kovač said it. Kovač again."
    document = Document(id="d", title="t", text=text, sha256="")
    found = list(OccurrenceSuggester(needle="kovač", category="quote").suggest(document))
    first = text.index("Kovač")
    second = text.index("Kovač", first + 1)
    assert first == 6  # a flag and a toned emoji are two code points each
    assert [(s.start, s.end, s.quote) for s in found] == [
        (first, first + 5, "Kovač"),
        (second, second + 5, "Kovač"),
    ]
    assert [text[s.start : s.end] for s in found] == ["Kovač", "Kovač"]


def test_a_teams_own_rules_file_adds_attribution_verbs(tmp_path: Path) -> None:
    rules_file = tmp_path / "quotes.de.json"
    rules_file.write_text(
        json.dumps(
            {
                "format": "annotator-suggest-rules",
                "kind": "quotes",
                "language": "de",
                "speech_verbs": ["sagte", "erklärte"],
                "titles": ["ministerin", "minister", "präsident"],
                "pronouns": ["er", "sie"],
                "determiners": ["der", "die", "das", "ein", "eine"],
            }
        ),
        encoding="utf-8",
    )
    rules = QuoteRules.from_dict(load_rules_file(rules_file, "quotes"))
    text = "„Wir unterschreiben nicht“, sagte Ministerin Ana Kovač am Montag."
    found = find_quotes(text, rules)
    assert [(text[q.start : q.end], q.speaker) for q in found] == [("Wir unterschreiben nicht", "Ana Kovač")]
    document = Document(id="d", title="t", text=text, sha256="", language="de")
    suggestion = next(iter(QuoteSuggester.from_file(rules_file).suggest(document)))
    assert suggestion.rule.startswith("de:")


def test_a_teams_rules_in_the_data_dir_are_used_for_their_language(_isolated_data_dir: Path) -> None:
    from annotator.suggest.rules import clear_cache

    folder = _isolated_data_dir / "suggest-rules"
    folder.mkdir()
    (folder / "quotes.ru.json").write_text(
        json.dumps(
            {
                "format": "annotator-suggest-rules",
                "kind": "quotes",
                "language": "ru",
                "speech_verbs": ["сказал"],
            }
        ),
        encoding="utf-8",
    )
    clear_cache()
    try:
        text = "«Мы не подпишем это соглашение», — сказал Иван Петров."
        document = Document(id="d", title="t", text=text, sha256="", language="ru")
        [s] = list(QuoteSuggester().suggest(document))
        assert (s.quote, s.attributes) == ("Мы не подпишем это соглашение", {"speaker": "Иван Петров"})
    finally:
        clear_cache()
