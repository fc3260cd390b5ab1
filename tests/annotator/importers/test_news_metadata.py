"""News metadata in raw scraped text: headline, outlet, date, author, URL, language, article body.

The expected values are written by hand, from reading the files: the project's look-alike corpus
(tests/annotator/data/corpus, original text in the layouts of real scraped articles) always, and
the real scraped articles when ANNOTATOR_REAL_CORPUS names their folder (they are not part of the
repository; their README gives outlet and date, the titles are read from the files).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.importers.batch import import_articles
from annotator.importers.news import Kind, classify, date_from_filename, extract_news, split_lines
from annotator.importers.outlets import OutletTable, default_outlets
from annotator.importers.read import read_article
from annotator.project import Project
from tests.conftest import CORPUS, REAL_CORPUS


def body_text(text: str, body: tuple[int, int] | None) -> str:
    start, end = body if body is not None else (0, len(text))
    return text[start:end]


# -- the project's look-alike corpus -------------------------------------------------------------------


def test_headline_first_with_no_outlet_anywhere() -> None:
    a = read_article(CORPUS / "2026-04-harbour-talks-to-resume.txt")
    assert a.title == "Quellport harbour talks “to resume” as ministry weighs emergency law"
    assert a.source == ""  # nothing in the text names an outlet: nothing is made up
    assert (a.author, a.url, a.language) == ("", "", "")
    assert a.published == "2026-04"  # from the file's name, to the month it gives
    assert a.body is None  # the whole text is article


def test_date_line_and_outlet_dateline_without_headline() -> None:
    path = CORPUS / "courier-2026-03-30-ministers-urge-mediation.txt"
    a = read_article(path)
    assert a.title == "courier-2026-03-30-ministers-urge-mediation"
    assert a.source == "Courier"
    assert a.published == "2026-03-30"
    body = body_text(a.text, a.body)
    assert body.startswith("In recent days, senior ministers have urged")
    assert body.endswith("The Authority knows our position, she said.")
    assert "date 2026" not in body and "Marenholt Courier—" not in body
    assert a.text == path.read_text("utf-8")  # the stored text is never changed


def test_canonical_url_repeated_headline_timestamps_and_footers() -> None:
    a = read_article(CORPUS / "portal-2026-08-20-missed-window.txt")
    assert a.title == "Port Authority Admits It Missed Window for a Deal With Dockworkers – Reports"
    assert a.url == (
        "https://portal.example.net/20260820/port-authority-admits-it-missed-window-for-a-deal--reports-1108842671.html"
    )
    assert a.published == "2026-08-20"
    assert a.source == "Portal Sarnovia"
    assert a.author == "Tove Rasmark"
    assert a.language == "en"
    body = body_text(a.text, a.body)
    assert body.startswith("Senior port officials privately admit that they have likely")
    assert body.endswith("one of them was quoted as saying.")
    for chrome in ("2026-08-20T09:11", "quellport harbour strike", "/html/head", "cdn1.img", "feedback@"):
        assert chrome not in body


# -- the real scraped articles, when ANNOTATOR_REAL_CORPUS names their folder ------------------------

REAL = {
    "cnn-2022-11-08-us-urges-ukraine-talks.txt": {
        "title": "cnn-2022-11-08-us-urges-ukraine-talks",  # the page has no headline line
        "source": "CNN",
        "published": "2022-11-08",
        "body_starts": "In recent weeks, senior US officials have urged Ukraine",
        "body_ends": "Russia may be planning a large-scale attack on Ukraine.",
    },
    "sputnik-2023-08-20-missed-window.txt": {
        "title": "US Admits It Missed Opportunity for Peace Talks in Ukraine – Reports",
        "source": "Sputnik International",
        "published": "2023-08-20",
        "author": "Sergey Lebedev",
        "url": "https://sputnikglobe.com/20230820/"
        "us-admits-it-missed-opportunity-for-peace-talks-in-ukraine--reports-1112735562.html",
        "body_starts": "American officials secretly admit",
        "body_ends": "who are the ones really in charge of current Ukrainian politics.",
    },
    "2022-04-talks-to-resume.txt": {
        "title": "Russia-Ukraine peace talks “to resume” as Biden seeks escalation",
        "source": "",  # "unnamed outlet": nothing in the text says which
        "published": "2022-04",  # "2022 (April)": only the file's name says so
        "body_starts": "Russia-Ukraine peace talks",
        "body_ends": "sexual predators targeting female refugees.",
    },
}


@pytest.mark.skipif(
    REAL_CORPUS is None, reason="ANNOTATOR_REAL_CORPUS does not name the real articles' folder"
)
@pytest.mark.parametrize("name", sorted(REAL))
def test_the_real_scraped_articles(name: str) -> None:
    expected = dict(REAL[name])
    assert REAL_CORPUS is not None
    a = read_article(REAL_CORPUS / name)
    body = body_text(a.text, a.body)
    assert body.startswith(expected.pop("body_starts"))
    assert body.endswith(expected.pop("body_ends"))
    for field_name, value in expected.items():
        assert getattr(a, field_name) == value, field_name
    assert a.text == (REAL_CORPUS / name).read_text("utf-8")


# -- the pieces -----------------------------------------------------------------------------------------


def lines_of(text: str) -> dict[str, Kind]:
    return {line.text: kind for line, kind in classify(text, split_lines(text))}


def test_chrome_is_told_from_article_text() -> None:
    paragraph = "The harbour authority said on Friday that the cranes would stay idle until the talks resume."
    text = "\n".join(
        [
            "Home | World | Politics | Business",
            "- Sputnik International, 1920",
            "Subscribe",
            "Photo: cranes at the northern pier (Credit: Coastal Wire)",
            "© 2026 Harbour Media Group. All rights reserved.",
            "Sign up for our newsletter",
            "quellport, strike, harbour",
            "2026-08-20T09:11+0000",
            "04.11.2023",
            "Published: 14 March 2026",
            "By Anneli Varsk, Staff Reporter",
            "Leave a Comment",
            "Главные новости дня и эксклюзивные материалы нашей редакции каждый день",
            paragraph,
            paragraph.replace("Friday", "Monday"),
        ]
    )
    kinds = lines_of(text)
    assert kinds["Home | World | Politics | Business"] is Kind.NAVIGATION
    assert kinds["- Sputnik International, 1920"] is Kind.MASTHEAD
    assert kinds["Subscribe"] is Kind.NAVIGATION
    assert kinds["Photo: cranes at the northern pier (Credit: Coastal Wire)"] is Kind.NAVIGATION
    assert kinds["© 2026 Harbour Media Group. All rights reserved."] is Kind.MASTHEAD
    assert kinds["Sign up for our newsletter"] is Kind.NAVIGATION
    assert kinds["quellport, strike, harbour"] is Kind.TAGS
    assert kinds["2026-08-20T09:11+0000"] is Kind.DATE
    assert kinds["04.11.2023"] is Kind.DATE
    assert kinds["Published: 14 March 2026"] is Kind.DATE
    assert kinds["By Anneli Varsk, Staff Reporter"] is Kind.BYLINE
    assert kinds["Leave a Comment"] is Kind.NAVIGATION
    assert kinds["Главные новости дня и эксклюзивные материалы нашей редакции каждый день"] is Kind.FOREIGN
    assert kinds[paragraph] is Kind.PARAGRAPH


def test_masthead_chrome_on_the_first_line_is_not_the_title() -> None:
    text = (
        "- Sputnik International, 1920\n"
        "Sputnik International\n"
        "Peace talks stall as both sides trade blame\n"
        "Negotiators from both delegations left the venue on Monday without a date for the next round, "
        "officials on both sides said.\n"
    )
    meta = extract_news(text)
    assert meta.title == "Peace talks stall as both sides trade blame"
    assert meta.source == "Sputnik International"


def test_a_title_suffix_naming_the_outlet_is_cut() -> None:
    text = (
        "Senate passes the budget | CNN\nThe Senate passed the budget on Tuesday night by a narrow margin.\n"
    )
    meta = extract_news(text)
    assert (meta.title, meta.source) == ("Senate passes the budget", "CNN")
    kept = extract_news(
        "Budget deal reached – Reports\nThe deal was reached late on Tuesday, officials said.\n"
    )
    assert kept.title == "Budget deal reached – Reports"  # "Reports" is no outlet


@pytest.mark.parametrize(
    ("first_lines", "outlet"),
    [
        ("https://edition.cnn.com/2022/11/08/politics/talks/index.html", "CNN"),
        ("https://www.reuters.com/world/europe/talks-2023-08-20/", "Reuters"),
        ("WASHINGTON (Reuters) -", "Reuters"),
        ("KYIV (AP) —", "Associated Press"),
        ("Washington CNN—", "CNN"),
        ("Sputnik International feedback@sputniknews.com +74956456601", "Sputnik International"),
        ("Coast Daily feedback@coastdaily.example +00 000 000000", "Coast Daily"),
        ("© 2023 The Quellport Courier. All rights reserved.", "The Quellport Courier"),
        ("Source: The Quellport Courier", "The Quellport Courier"),
        ("MARENHOLT, April 2 —", ""),  # a place and a date: no outlet
    ],
)
def test_the_outlet_comes_from_domain_dateline_or_masthead(first_lines: str, outlet: str) -> None:
    text = f"{first_lines}\nThe talks ended on Tuesday without a deal, both delegations said in Minsk.\n"
    assert extract_news(text).source == outlet


def test_the_outlet_in_the_article_text_is_not_the_articles_outlet() -> None:
    text = (
        "Talks to resume on Monday\n"
        "Officials told CNN and Reuters that the talks would resume on Monday in Minsk, both sides said.\n"
        "The Washington Post first reported the plan, according to the officials quoted.\n"
    )
    assert extract_news(text).source == ""


@pytest.mark.parametrize(
    ("line", "published"),
    [
        (" date 2022-11-08 ", "2022-11-08"),
        ("04.11.2023", "2023-11-04"),
        ("2023-08-20T09:11+0000", "2023-08-20"),
        ("2023-08-20T23:55:00-05:00", "2023-08-20"),  # the day the page states, in its time zone
        ("Published 10:42 PM EST, Tue November 8, 2022", "2022-11-08"),
        ("Updated: 2026-03-15 17:45", "2026-03-15"),  # only an update: better than nothing
        ("Mon 8 Nov 2022 14.30 GMT", "2022-11-08"),
    ],
)
def test_publication_dates_in_their_usual_forms(line: str, published: str) -> None:
    body = "The union said the strike would go on until the offer improved, its leaders said."
    text = f"A headline for the test\n{line}\n{body}\n"
    assert extract_news(text).published == published


def test_the_published_date_wins_over_the_update_and_the_url() -> None:
    text = (
        "https://news.example.com/2026/03/10/strike\n"
        "Strike goes on\n"
        "Updated: 2026-03-15\n"
        "Published: 2026-03-14\n"
        "The strike went on for a third day on Saturday, union leaders said at the gate.\n"
    )
    assert extract_news(text).published == "2026-03-14"
    no_line = text.replace("Updated: 2026-03-15\n", "").replace("Published: 2026-03-14\n", "")
    assert extract_news(no_line).published == "2026-03-10"  # the URL's date


def test_a_date_in_the_article_text_is_no_publication_date() -> None:
    text = "Strike goes on\nOn 14 March 2026 the union walked out; by 2 April nothing had changed there.\n"
    assert extract_news(text, filename="notes.txt").published == ""


@pytest.mark.parametrize(
    ("name", "published"),
    [
        ("2022-04-talks-to-resume.txt", "2022-04"),
        ("cnn-2022-11-08-us-urges-ukraine-talks.txt", "2022-11-08"),
        ("report-2022-13-01.txt", ""),
        ("scan 0042.txt", ""),
    ],
)
def test_dates_in_file_names(name: str, published: str) -> None:
    assert date_from_filename(name) == published


def test_the_body_leaves_chrome_out_but_keeps_a_caption_inside() -> None:
    paragraph = (
        "The Dockworkers' Federation said the stoppage would last at least 72 hours, its leaders said."
    )
    text = "\n".join(
        [
            "Home | World | Economy",
            "Dockworkers walk out as talks collapse",
            paragraph,
            "Photo: workers at the gate (Credit: Coastal Wire)",
            "Advertisement",
            paragraph.replace("72", "96"),
            "He declined to comment.",
            "Share on Facebook | Share on X | Share by email",
            "Related: Port reopens after eleven weeks",
            "© 2026 Coastal Wire",
        ]
    )
    meta = extract_news(text)
    body = body_text(text, meta.body)
    assert body.startswith("Dockworkers walk out")  # the headline right above the article belongs
    assert "Advertisement" in body  # a line or two of chrome inside the article stays inside
    assert body.endswith("He declined to comment.")
    assert "Share on" not in body and "©" not in body


def test_the_body_is_the_whole_text_when_unsure() -> None:
    paragraph = "The federation said the stoppage would last at least 72 hours, its leaders said on Friday."
    # two equal stretches of article text far apart: neither holds most of it
    text = "\n".join(
        [paragraph, *["Subscribe", "Advertisement", "Share", "Menu"], paragraph.replace("72", "96")]
    )
    assert extract_news(text).body is None
    assert extract_news("Subscribe\nHome\nMenu\n").body is None  # no article text at all


def test_the_outlet_table_matches_subdomains_aliases_and_project_entries() -> None:
    table = default_outlets()
    assert table.for_url("https://edition.cnn.com/x") == "CNN"
    assert table.for_url("https://www.bbc.co.uk/news/x") == "BBC"
    assert table.for_url("https://example.com/x") == ""
    assert table.for_name("AP") == "Associated Press" and table.for_name("sputnik") == "Sputnik International"
    mine = table.with_project({"portal.example.net": "Portal Sarnovia", "The Courier": "Marenholt Courier"})
    assert mine.for_url("https://portal.example.net/a") == "Portal Sarnovia"
    assert mine.for_name("the courier") == "Marenholt Courier"
    assert isinstance(mine, OutletTable) and table.for_url("https://portal.example.net/a") == ""


def test_a_project_extends_the_outlet_table_for_its_imports(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(
        "https://www.harbour-herald.example/2026/05/02/strike\n"
        "Strike ends after eleven weeks\n"
        "The strike at Quellport ended on Friday after eleven weeks, the union and the authority said.\n",
        encoding="utf-8",
    )
    with Project.open(tmp_path / "p.sqlite") as project:
        change = project.set_outlet_names(names={"harbour-herald.example": "Harbour Herald"})
        assert change.after == '{"harbour-herald.example": "Harbour Herald"}'
        report = import_articles(project, [article])
        doc = project.document(report.imported[0][1])
        assert (doc.source, doc.published, doc.title) == (
            "Harbour Herald",
            "2026-05-02",
            "Strike ends after eleven weeks",
        )
        assert project.outlet_names() == {"harbour-herald.example": "Harbour Herald"}


def test_a_huge_text_is_read_for_metadata_at_its_head_only() -> None:
    line = "The harbour strike entered its third week on Monday, café owners in Zürich said.\n"
    text = "https://www.cnn.com/2026/03/02/strike\nStrike enters third week\n" + line * 40_000
    meta = extract_news(text)
    assert (meta.title, meta.source, meta.published, meta.body) == (
        "Strike enters third week",
        "CNN",
        "2026-03-02",
        None,
    )


def test_html_pages_get_what_trafilatura_leaves_out(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Talks resume</title></head><body><article>"
        "<p>WASHINGTON (Reuters) — Talks between the two delegations resumed on Monday in Minsk,"
        " officials said, after a week in which neither side would name a date.</p>"
        "<p>The meeting began in the morning and went on late into the evening, according to the"
        " people quoted.</p>"
        "</article></body></html>",
        encoding="utf-8",
    )
    a = read_article(page)
    assert a.title == "Talks resume"
    assert a.source == "Reuters"
