"""Web pages of common shapes come out clean: headline, dateline, author, site, image, body."""

from __future__ import annotations

import pytest

from conftest import TESTS
from newscli.ingest.parse.boilerplate import (
    comparable,
    drop_reading_times,
    drop_repeated_headline,
    trim_tail,
)
from newscli.ingest.parse.bylines import clean_authors
from newscli.ingest.parse.datelines import find_dateline
from newscli.ingest.parse.html import parse_html, split_dateline
from newscli.ingest.parse.titles import host_name, strip_site

PAGES = TESTS / "data" / "pages"
ADDRESS = "https://news.example.org/2024/03/night-ferry/"
HEADLINE = "Night Ferry to the Outer Islands Returns in Spring"
FIRST = "The ferry company said on Monday that the night crossing"
LAST = "Tickets go on sale next month"


@pytest.mark.parametrize(
    ("page", "title", "dateline", "author", "source", "image"),
    [
        # <h1>, meta author, the site after "|" in <title>, "TAIPEI-" and a no-break space
        ("plain", HEADLINE, "TAIPEI", "Chen Mei-ling", "Harbour Daily", None),
        # "admin" as author, a tagline in og:site_name, a relative og:image, an AP dateline
        (
            "wordpress",
            HEADLINE,
            "WASHINGTON",
            None,
            "Island Post",
            "https://news.example.org/wp-content/uploads/2024/03/ferry.jpg",
        ),
        # a bare <article>: the next word of the dateline glued on the author, "- Site"
        ("article", HEADLINE, "LOS ANGELES", "Joshua Sokol", "Coastal Wire", None),
        # og: tags only, a section name in <title>, "作者" as author, "A HIGH-powered"
        (
            "og-only",
            "A high-powered team will review the island ferry contracts",
            None,
            None,
            "Aktuálně.cz",
            "https://cdn.example.org/images/ferry-team.jpg",
        ),
        # JSON-LD NewsArticle: a kicker above the <h1>, one author twice, a dpa dateline
        (
            "jsonld",
            "Port of the Rhine Opens a Night Crossing for Freight & Passengers",
            "Frankfurt/Main",
            "Aleš Vávra",
            "Rhein Courier",
            "https://news.example.org/media/rhine-night.jpg",
        ),
    ],
)
def test_pages_of_common_shapes_come_out_clean(
    page: str,
    title: str,
    dateline: str | None,
    author: str | None,
    source: str,
    image: str | None,
) -> None:
    draft = parse_html((PAGES / f"{page}.html").read_bytes(), ADDRESS)
    assert (draft.title, draft.dateline, draft.author) == (title, dateline, author)
    assert (draft.source, draft.image, draft.url) == (source, image, ADDRESS)
    paragraphs = (draft.body or "").split("\n\n")
    assert paragraphs[0].startswith(("A HIGH-powered federal team", FIRST))
    assert paragraphs[-1].startswith(("Operators said they welcomed", LAST))


def test_the_agency_is_the_source_when_the_page_names_no_site() -> None:
    page = (PAGES / "article.html").read_bytes().replace(b" - Coastal Wire", b"")
    draft = parse_html(page)
    assert (draft.dateline, draft.source) == ("LOS ANGELES", "Reuters")


def test_a_page_with_text_and_no_title_takes_its_first_words() -> None:
    draft = parse_html((PAGES / "untitled.html").read_bytes(), ADDRESS)
    assert draft.title is not None
    assert draft.title.startswith(FIRST)
    assert draft.title.endswith("…")
    assert len(draft.title) <= 151
    assert (draft.body or "").startswith(FIRST)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Username", None),
        ("admin", None),
        ("作者", None),
        ("Autor", None),
        ("Auteur", None),
        ("By", None),
        ("Name", None),
        ("Art Edwards says", None),
        ("Finanztreff De", None),
        ("Hessenschau De; Frankfurt; Germany", None),
        ("https://example.org/author/x", None),
        ("Joshua Sokol May", "Joshua Sokol"),
        ("Aleš Vávra před", "Aleš Vávra"),
        ("Jana Nováková 12. 3. 2024", "Jana Nováková"),
        ("Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"),
        ("JEFFREY GETTLEMAN; Jeffrey Gettleman", "Jeffrey Gettleman"),
        ("By Jane Doe", "Jane Doe"),
        ("Autor: Max Muster", "Max Muster"),
        ("Theresa May", "Theresa May"),
        ("Jose de la Cruz", "Jose de la Cruz"),
        ("李明", "李明"),
        ("Ann Lee; Bo Chen", "Ann Lee; Bo Chen"),
    ],
)
def test_authors_are_names_or_nothing(raw: str, clean: str | None) -> None:
    assert clean_authors(raw) == clean


@pytest.mark.parametrize(
    "tail",
    [
        ["You Might Also Like"],
        ["Share on Twitter", "Share on Facebook"],
        ["Loading Comments..."],
        ["Read more: Harbour pilots win a pay rise"],
        ["© Thomson Reuters 2020"],
        ["Sign up for our newsletter to get the news in your inbox."],
        ["Lesen Sie auch: Der Hafen wächst"],
        ["Lire aussi : le port s'agrandit"],
    ],
)
def test_boilerplate_is_trimmed_from_the_end(tail: list[str]) -> None:
    body = ["First paragraph.", "Second paragraph about the newsletter they share."]
    assert trim_tail([*body, *tail]) == body


def test_only_a_trailing_run_of_boilerplate_goes_and_the_first_paragraph_stays() -> None:
    assert trim_tail(["Share on Twitter"]) == ["Share on Twitter"]
    middle = ["One.", "Read more: a link", "The last real paragraph."]
    assert trim_tail(middle) == middle


@pytest.mark.parametrize(
    ("paragraphs", "rest"),
    [
        (["Night Ferry Returns!", "Body."], ["Body."]),
        (["night  ferry returns", "Body."], ["Body."]),
        (["Transport", "Night ferry returns", "Body."], ["Body."]),
        (["Night ferry returns"], ["Night ferry returns"]),
        (["Culture", "Night ferry returns", "To the islands", "Body."], ["Body."]),
        (["Ferry returns", "Body."], None),
        (["The night ferry returns in spring, the company said.", "Body."], None),
    ],
)
def test_a_first_paragraph_repeating_the_headline_is_dropped(
    paragraphs: list[str], rest: list[str] | None
) -> None:
    headlines = ["Night ferry returns", "Culture", "Night ferry returns: to the islands"]
    assert drop_repeated_headline(headlines, paragraphs) == (rest or paragraphs)


@pytest.mark.parametrize(
    ("first", "place", "agency", "rest"),
    [
        ("TAIPEI - Rain.", "TAIPEI", None, "Rain."),
        ("TAIPEI — Rain.", "TAIPEI", None, "Rain."),
        ("TAIPEI-\u00a0Rain.", "TAIPEI", None, "Rain."),
        ("LOS ANGELES (Reuters) - Rain.", "LOS ANGELES", "Reuters", "Rain."),
        ("Frankfurt/Main (dpa) - Rain.", "Frankfurt/Main", "dpa", "Rain."),
        ("WASHINGTON (AP) — Rain.", "WASHINGTON", "AP", "Rain."),
        ("LONDON, March 5 (Reuters) - Rain.", "LONDON", "Reuters", "Rain."),
    ],
)
def test_datelines_and_wire_forms(first: str, place: str, agency: str | None, rest: str) -> None:
    found = find_dateline([first, "Second."])
    assert found is not None
    assert (found.place, found.agency, found.paragraphs) == (place, agency, [rest, "Second."])
    assert split_dateline([first]) == (place, [rest])


@pytest.mark.parametrize(
    "first",
    [
        "A HIGH-powered federal team will review the contracts.",
        "NASA-funded work - all of it - goes on.",
        "The mayor (who spoke) - said nothing.",
        "Site Update - Leseprobe Band 14",
    ],
)
def test_not_datelines(first: str) -> None:
    assert find_dateline([first]) is None


@pytest.mark.parametrize(
    ("title", "sites", "stripped"),
    [
        ("Headline | Harbour Daily", ["Harbour Daily"], "Headline"),
        ("Headline - Harbour Daily", ["Harbour Daily"], "Headline"),
        ("Headline \u2013 Harbour Daily", ["harbour daily"], "Headline"),
        ("Harbour Daily | Headline", ["Harbour Daily"], "Headline"),
        ("Headline - Site - A tagline", ["Site - A tagline", "Site"], "Headline"),
        ("Rock - Paper - Scissors", ["Harbour Daily"], "Rock - Paper - Scissors"),
        ("Headline | Harbour Daily", [], "Headline | Harbour Daily"),
        ("Headline - Harbour Daily", ["harbourdaily"], "Headline"),
    ],
)
def test_the_site_name_is_stripped_from_the_title(
    title: str, sites: list[str], stripped: str
) -> None:
    assert strip_site(title, sites) == stripped


def test_teasers_credits_a_cut_og_title_and_the_site_as_author() -> None:
    draft = parse_html((PAGES / "teasers.html").read_bytes(), ADDRESS)
    assert draft.title == 'Mayor calls the night ferry plan "reckless"'
    assert (draft.author, draft.source) == (None, "Harbour Daily")
    paragraphs = (draft.body or "").split("\n\n")
    assert paragraphs[0].startswith(FIRST)
    assert paragraphs[-1].startswith(LAST)


@pytest.mark.parametrize(
    ("raw", "sites", "clean"),
    [
        ("Harbour Daily", ["Harbour Daily"], None),
        ("harbour-daily", ["Harbour Daily"], None),
        ("Ann Lee; Harbour Daily", ["Harbour Daily"], "Ann Lee"),
        ("Ann Lee", ["Harbour Daily"], "Ann Lee"),
        ("DT", [], None),
        ("Ann Lee; PP", [], "Ann Lee"),
        ("Agencies", [], None),
        ("Ann Lee; On August", [], "Ann Lee"),
        ("Jobs; Hire", ["Jobs & Hire"], None),
        ("Bo", [], "Bo"),
    ],
)
def test_the_site_itself_initials_and_dates_are_no_author(
    raw: str, sites: list[str], clean: str | None
) -> None:
    assert clean_authors(raw, not_names=sites) == clean


LINKS = frozenset(
    ("harbour pilots win a pay rise after a long dispute", "the old lighthouse gets a keeper")
)


@pytest.mark.parametrize(
    "tail",
    [
        ["Harbour pilots win a pay rise after a long dispute"],
        ["Read this next", "Harbour pilots win a pay rise after a long dispute"],
        [
            "Harbour pilots win a pay rise after a long dispute »",
            "The old lighthouse gets a keeper",
        ],
        ["The old lighthouse gets a keeper, read it here"],
        ["More on this topic:"],
        ["Cover picture: A. Painter / Harbour Archive"],
        ["(Credit: A. Painter)"],
        ["Quelle: dpa"],
        ["aja/PAP"],
        ["From the book The Harbour. Copyright © 2019 by A. Writer. Reprinted by permission."],
        ["Want more? Sign up for our weekly newsletter here."],
        ["Click the button below to load the content from a map service."],
        ["If you enjoyed reading this, would you consider supporting our work?"],
        ["Czytaj też: Port się rozrasta"],
        ["Sie müssen sich anmelden, um die Kommentarfunktion zu nutzen."],
        ["Want the week's records? Look into our music newsletter!"],
        ["If you're seeing this but you're already a subscriber, log in to read on."],
        ["Did you know we have a Telegram channel? Join it from your phone."],
        ["Copyright: A. Painter"],
        ["Short-URL: https://example.org/x1"],
        ["Reklama", "Reklama"],
        ["More from the islands"],
        ["Do you like our magazine? We chose to have no paywall.", "Please support our work."],
        ["We always love to hear your tips, and we would love to hear from you."],
        ["Sign up for our newsletter.", "Posted by Ann Lee, Harbour"],
        ["What do you think of it? I look forward to your feedback."],
        ["We want to hear what you think about this article."],
        ["Find all the results of the day HERE."],
        ["Cover picture via A. Painter."],
        ["[Advertisement] A. Writer (2022). The Harbour. Island Press."],
        ["*This article was written in partnership with the island tourist board."],
        ["First-time subscribers also receive a map of the islands."],
        ["Naturally, we have a donate button too. Donate now to keep us going."],
        ["More reading:", "Further stories"],
        ["You too can back independent reporting. Cancel anytime."],
    ],
)
def test_teasers_credits_and_calls_to_action_are_trimmed_from_the_end(tail: list[str]) -> None:
    body = ["First paragraph.", "Second paragraph about the newsletter they share."]
    assert trim_tail([*body, *tail], LINKS) == body


@pytest.mark.parametrize(
    "last",
    [
        "He said he could not comment further on the case.",
        "The company holds the copyright to the design of the boat.",
        "Residents said they would support the plan if the pier were repaired first.",
        "„Wir freuen uns über den Sieg“, sagte der Trainer nach dem Spiel.",
        "The ferry's owners said the donations would pay for a new engine.",
        "Tickets go on sale next month, the company said.",
        "A link in a sentence: harbour pilots win a pay rise after a long dispute, and the"
        " port authority agreed to pay for their training over the next three years as well.",
    ],
)
def test_article_sentences_stay_at_the_end(last: str) -> None:
    body = ["First paragraph.", last]
    assert trim_tail(body, LINKS) == body


def test_a_heading_goes_only_above_links_or_alone_after_the_last_sentence() -> None:
    body = ["First paragraph.", "A short line", "Closing words"]
    assert trim_tail(body, LINKS) == body
    assert trim_tail([*body[:2], "What do you think?"], LINKS) == [*body[:2], "What do you think?"]
    assert trim_tail(["First.", "Second.", "Further stories"], LINKS) == ["First.", "Second."]
    assert trim_tail(["First.", "Further stories"], LINKS) == ["First.", "Further stories"]


def test_soft_hyphens_do_not_split_words() -> None:
    assert comparable("Genesenen\xad\xadnachweise") == comparable("Genesenennachweise")


def test_the_site_named_after_its_address_leaves_the_title() -> None:
    draft = parse_html((PAGES / "address-site.html").read_bytes(), ADDRESS)
    assert draft.title == "How the night ferry pays its way"
    assert (draft.body or "").startswith(FIRST)


@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("https://news.example.org/a", "example"),
        ("https://www.example.co.uk/a", "example"),
        ("https://example.com.au/", "example"),
        ("https://ab.de/x", None),
        (None, None),
    ],
)
def test_host_name(url: str | None, name: str | None) -> None:
    assert host_name(url) == name


def test_reading_time_badges_go_wherever_they_stand() -> None:
    body = ["4 min read", "First paragraph.", "Lesezeit: 3 Minuten", "Last paragraph."]
    assert drop_reading_times(body) == ["First paragraph.", "Last paragraph."]
    kept = ["The crossing takes 40 minutes to read the charts and cast off."]
    assert drop_reading_times(kept) == kept
