"""Page furniture inside a story (issue 28): captions and credits, player and slideshow
text, header lines, inline "Read more", newsletter and letters boxes, the headline again,
a byline line found when the metadata has none, a section name never taken for the site."""

from __future__ import annotations

import pytest

from conftest import TESTS
from newscli.ingest.parse.boilerplate import trim_tail
from newscli.ingest.parse.furniture import byline_of, clear_furniture, drop_author_box, is_furniture
from newscli.ingest.parse.html import parse_html
from newscli.ingest.parse.titles import is_section

PAGE = TESTS / "data" / "pages" / "furniture.html"


def test_a_page_full_of_furniture_keeps_only_its_story() -> None:
    draft = parse_html(PAGE.read_bytes(), "https://gazette.example/2015/07/crane/")
    assert draft.title == "Harbour Crane Lifts Its Last Load"
    assert draft.author == "Maren Holt; Ivo Brandt"
    assert draft.source != "U.S."
    paragraphs = (draft.body or "").split("\n\n")
    assert [p.split(",")[0].split(" ")[:3] for p in paragraphs] == [
        ["The", "old", "gantry"],
        ["Dock", "workers", "gathered"],
        ["The", "crane", "will"],
        ["A", "new", "electric"],
    ]


@pytest.mark.parametrize(
    "line",
    [
        "(Credit: Lena Ask / Harbour Photo Agency)",
        "Photo: Lena Ask",
        "Image copyright Harbour Photo Agency",
        "Media caption The crane's last lift",
        "The quay at dusk. Getty Images",
        "Watch: the final lift in ninety seconds",
        "Play video",
        "3 of 12",
        "- 24 July 2015",
        "- From the section US & Canada",
        "- 941 comments",
        "July 24, 2015",
        "Aktualisiert am 10.01.2020",
        "Read more: How the port grew",
        "Lesen Sie auch: Der Hafen wächst",
        "Sign up for our morning newsletter",
        "Letters to the editor: your memories of the quay",
        "Advertisement",
    ],
)
def test_furniture_is_known_by_its_whole_shape(line: str) -> None:
    assert is_furniture(line)


@pytest.mark.parametrize(
    "line",
    [
        "The photo agency said its archive of the port held forty thousand negatives.",
        "Watch the tide tables before you sail.",
        "The newsletter's editor, who signed up in 1990, still writes every issue by hand.",
        "In 2015 the port handled more containers than ever.",
        "More than forty people came.",
    ],
)
def test_sentences_of_the_story_stay(line: str) -> None:
    assert not is_furniture(line)


def test_a_byline_line_is_taken_only_as_a_whole() -> None:
    assert byline_of("By Maren Holt") == "Maren Holt"
    assert byline_of("Von Gregor von Alm") == "Gregor von Alm"
    assert byline_of("By Tuesday the crane was gone.") is None
    assert byline_of("Von Montag bis Freitag") is None


def test_the_headline_again_goes_but_never_the_whole_text() -> None:
    story = ["First line of the story.", "Crane Lifts Last Load", "More of the story."]
    assert clear_furniture(story, ["Crane Lifts Last Load"]).paragraphs == [story[0], story[2]]
    assert clear_furniture(["3 of 12"], []).paragraphs == ["3 of 12"]


@pytest.mark.parametrize(
    ("name", "section"),
    [("U.S.", True), ("World", True), ("Politik", True), ("Harbour Gazette", False)],
)
def test_a_section_is_no_site(name: str, section: bool) -> None:
    assert is_section(name) is section


def test_the_box_about_the_author_at_the_end_goes() -> None:
    story = ["The crane is gone.", "Its cab goes to the museum.", "Author", "Maren Holt writes."]
    assert drop_author_box(story, None) == story[:2]
    bio = ["The crane is gone.", "Maren Holt is the port reporter of the Gazette."]
    assert drop_author_box(bio, "Maren Holt") == bio[:1]
    assert drop_author_box(bio, "Ivo Brandt") == bio
    assert drop_author_box(["Maren Holt is here."], "Maren Holt") == ["Maren Holt is here."]


@pytest.mark.parametrize(
    "line",
    [
        "Den Beef Maker bei Amazon ansehen",
        "Buy it on Amazon",
        "Deine Jobbörse in der Digital-Welt",
    ],
)
def test_shop_links_and_job_boxes_end_no_story(line: str) -> None:
    story = ["The crane is gone, and the quay is quiet.", line]
    assert trim_tail(story) == story[:1]


@pytest.mark.parametrize(
    "line", ["- Newsletter abonnieren", "Hier geht\u2019s zur Facebook Veranstaltung"]
)
def test_calls_to_follow_a_link_are_furniture(line: str) -> None:
    assert is_furniture(line)


def test_a_sentence_about_a_picture_agency_stays() -> None:
    assert not is_furniture("Getty Images sued the start-up in London on Monday.")
    assert is_furniture("Cranes at dusk. Getty Images")
    assert is_furniture("The old quay. Photo: AFP / Lena Ask")
