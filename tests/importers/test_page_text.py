"""parse_page_text: page-shaped dumps and plain text into article drafts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from conftest import SAMPLE_PAGE
from newscli.ingest.parse.page_text import dateline_of, parse_page_text
from newscli.model.article import Draft

NBSP = "\u00a0"

WIDGETS = [
    "0 0 votes",
    "Article Rating",
    "Subscribe",
    "Notify of",
    "guest",
    "0 Comments",
    "Inline Feedbacks",
    "View all comments",
]

PAGE = (
    "feature image\n"
    "\n"
    "Harbour Bridge Reopens After Repairs\n"
    "\n"
    f"TAIPEI-{NBSP}\n"
    "\n"
    "The bridge reopened on Thursday (June 6, 2024) after a year of work.\n"
    "\n"
    "Traffic was light in the first hour.\n"
    "\n" + "\n".join(WIDGETS)
)


def test_sample_page_constant() -> None:
    draft = parse_page_text(SAMPLE_PAGE)
    assert draft.title == "Tramway Extension Opens Across the River Delta"
    assert draft.dateline == "HSINCHU"
    assert draft.image is None
    assert draft.published == datetime(2025, 3, 3, tzinfo=UTC)
    paragraphs = draft.body.split("\n\n") if draft.body else []
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The new tramway extension across the river delta opened")
    assert paragraphs[0].endswith("to eighteen minutes.")
    assert (
        paragraphs[1]
        == "Riders queued from before dawn. “I have waited nine years for this,” said one commuter."
    )
    assert paragraphs[2] == "Officials expect 40,000 trips a day by the end of the year."


def test_sample_page_widgets_are_dropped() -> None:
    body = parse_page_text(SAMPLE_PAGE).body
    assert body is not None
    assert body.endswith("by the end of the year.")
    for word in ("votes", "Article Rating", "Subscribe", "Notify of", "guest", "Comments"):
        assert word not in body


def test_full_page_shape() -> None:
    draft = parse_page_text(PAGE)
    assert draft == Draft(
        title="Harbour Bridge Reopens After Repairs",
        body=(
            "The bridge reopened on Thursday (June 6, 2024) after a year of work.\n\n"
            "Traffic was light in the first hour."
        ),
        dateline="TAIPEI",
        published=datetime(2024, 6, 6, tzinfo=UTC),
        image=None,
    )


@pytest.mark.parametrize("ending", ["", "\n", "\n\n"])
def test_page_with_or_without_final_newline(ending: str) -> None:
    assert parse_page_text(PAGE + ending) == parse_page_text(PAGE)


def test_crlf_line_endings_give_the_same_draft() -> None:
    assert parse_page_text(PAGE.replace("\n", "\r\n")) == parse_page_text(PAGE)
    assert parse_page_text(PAGE.replace("\n", "\r\n") + "\r\n") == parse_page_text(PAGE)


def test_lone_cr_line_endings_give_the_same_draft() -> None:
    assert parse_page_text(PAGE.replace("\n", "\r")) == parse_page_text(PAGE)


def test_feature_image_line_with_a_value_sets_image() -> None:
    draft = parse_page_text("Feature image: harbour.jpg\nHeadline here\n\nSome body text.")
    assert draft.image == "harbour.jpg"
    assert draft.title == "Headline here"
    assert draft.body == "Some body text."


def test_without_feature_image_line_the_first_line_is_the_title() -> None:
    draft = parse_page_text("Headline here\n\nLONDON —\n\nSome body text.\n")
    assert draft.image is None
    assert draft.title == "Headline here"
    assert draft.dateline == "LONDON"
    assert draft.body == "Some body text."


@pytest.mark.parametrize(
    ("line", "place"),
    [
        (f"TAIPEI-{NBSP}", "TAIPEI"),
        ("TAIPEI- ", "TAIPEI"),
        ("TAIPEI-", "TAIPEI"),
        ("LONDON —", "LONDON"),
        (f"LONDON —{NBSP}", "LONDON"),
        ("WASHINGTON, D.C. \u2013", "WASHINGTON, D.C."),  # en dash
        ("NEW YORK —", "NEW YORK"),
        ("SÃO PAULO -", "SÃO PAULO"),
    ],
)
def test_dateline_lines(line: str, place: str) -> None:
    assert dateline_of(line) == place
    draft = parse_page_text(f"A headline\n{line}\nFirst paragraph.\n")
    assert draft.dateline == place
    assert draft.body == "First paragraph."


@pytest.mark.parametrize(
    "line",
    [
        "The mayor said the works - all of them - were finished on time.",
        "2024 -",
        "Just a normal sentence.",
        "",
    ],
)
def test_not_datelines(line: str) -> None:
    assert dateline_of(line) is None


def test_dateline_only_taken_from_first_body_line() -> None:
    draft = parse_page_text("Headline\n\nFirst paragraph.\n\nLONDON —\n\nLast paragraph.")
    assert draft.dateline is None
    assert draft.body == "First paragraph.\n\nLONDON —\n\nLast paragraph."


@pytest.mark.parametrize(
    ("rating", "comments"),
    [
        ("0 0 votes", "0 Comments"),
        ("4.5 2 votes", "3 Comments"),
        ("5 1 vote", "1 Comment"),
        ("3.8 1234 votes", "250 Comments"),
    ],
)
def test_widget_lines_dropped_whatever_the_numbers(rating: str, comments: str) -> None:
    widgets = [
        rating,
        "Article Rating",
        "Subscribe",
        "Notify of",
        "guest",
        comments,
        "Inline Feedbacks",
        "View all comments",
    ]
    text = "Headline\n\nOnly paragraph.\n\n" + "\n".join(widgets)
    draft = parse_page_text(text)
    assert draft.title == "Headline"
    assert draft.body == "Only paragraph."


def test_text_after_the_widgets_is_dropped() -> None:
    text = (
        "Headline\n\nOnly paragraph.\n\n"
        + "\n".join(WIDGETS)
        + "\n\nSomeone wrote a comment here.\n\nAnother reply."
    )
    assert parse_page_text(text).body == "Only paragraph."


def test_widgets_separated_by_blank_lines_are_dropped() -> None:
    text = "Headline\n\nOnly paragraph.\n\n" + "\n\n".join(WIDGETS) + "\n"
    assert parse_page_text(text).body == "Only paragraph."


def test_a_single_widget_like_word_in_the_body_is_kept() -> None:
    text = "Headline\n\nSubscribe\n\nThe newsletter is free.\n\nguest\n\nEnd."
    assert parse_page_text(text).body == "Subscribe\n\nThe newsletter is free.\n\nguest\n\nEnd."


def test_plain_text_first_line_title_rest_body() -> None:
    draft = parse_page_text("Plain headline\n\nFirst paragraph.\n\nSecond paragraph.\n")
    assert draft == Draft(title="Plain headline", body="First paragraph.\n\nSecond paragraph.")


def test_title_spaces_are_collapsed() -> None:
    draft = parse_page_text("  Spaced   out\theadline  \n\nBody.")
    assert draft.title == "Spaced out headline"


def test_title_only() -> None:
    assert parse_page_text("Only a headline") == Draft(title="Only a headline")
    assert parse_page_text("Only a headline\n") == Draft(title="Only a headline")
    assert parse_page_text("\n\nOnly a headline\n\n\n") == Draft(title="Only a headline")


def test_title_only_after_feature_image() -> None:
    assert parse_page_text("feature image\n\nOnly a headline\n") == Draft(title="Only a headline")


@pytest.mark.parametrize("text", ["", "\n", "\n\n  \n", "\r\n\r\n", " \t "])
def test_empty_input(text: str) -> None:
    assert parse_page_text(text) == Draft()


def test_feature_image_line_alone() -> None:
    assert parse_page_text("feature image\n") == Draft()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("It opened on Thursday (June 6, 2024) at noon.", datetime(2024, 6, 6, tzinfo=UTC)),
        ("It opened on 6 June 2024 at noon.", datetime(2024, 6, 6, tzinfo=UTC)),
        ("It opened on Jan. 2, 2023.", datetime(2023, 1, 2, tzinfo=UTC)),
        ("It opened on 21st September 2023.", datetime(2023, 9, 21, tzinfo=UTC)),
    ],
)
def test_date_in_first_paragraph_is_published(sentence: str, expected: datetime) -> None:
    draft = parse_page_text(f"Headline\n\n{sentence}\n\nMore text.")
    assert draft.published == expected
    assert draft.published is not None
    assert draft.published.tzinfo == UTC
    assert (draft.published.hour, draft.published.minute, draft.published.second) == (0, 0, 0)


def test_no_date_gives_none() -> None:
    assert parse_page_text("Headline\n\nIt opened on Thursday.\n").published is None


def test_date_only_in_a_later_paragraph_is_not_used() -> None:
    draft = parse_page_text("Headline\n\nIt opened on Thursday.\n\nPlans date from June 6, 2024.")
    assert draft.published is None


def test_invalid_date_is_ignored() -> None:
    draft = parse_page_text("Headline\n\nIt opened on February 30, 2024, they said.\n")
    assert draft.published is None
    assert draft.body == "It opened on February 30, 2024, they said."


def test_paragraphs_without_blank_lines_are_one_per_line() -> None:
    draft = parse_page_text("Headline\nFirst paragraph.\nSecond paragraph.\nThird paragraph.")
    assert draft.body == "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


@pytest.mark.parametrize(
    "ending",
    [
        "\n",  # a final newline
        "\n\n",
        "\n\n0 0 votes\nArticle Rating\nSubscribe\n",  # a blank line before the widgets
    ],
    ids=["final-newline", "two-final-newlines", "blank-line-before-widgets"],
)
def test_paragraphs_without_blank_lines_with_trailing_newline(ending: str) -> None:
    # Only trailing blank lines, none between paragraphs: still one paragraph per line.
    draft = parse_page_text(
        "Headline\nFirst paragraph.\nSecond paragraph.\nThird paragraph." + ending
    )
    assert draft.body == "First paragraph.\n\nSecond paragraph.\n\nThird paragraph."


def test_paragraphs_without_blank_lines_after_a_dateline_and_widgets() -> None:
    text = "Headline\nLONDON —\nFirst paragraph.\nSecond paragraph.\n" + "\n".join(WIDGETS)
    draft = parse_page_text(text)
    assert draft.dateline == "LONDON"
    assert draft.body == "First paragraph.\n\nSecond paragraph."


def test_paragraphs_without_blank_lines_page_with_final_newline() -> None:
    # A page whose body has no blank lines, saved with a final newline after the widgets.
    text = "Headline\nLONDON —\nFirst paragraph.\nSecond paragraph.\n" + "\n".join(WIDGETS) + "\n"
    assert parse_page_text(text).body == "First paragraph.\n\nSecond paragraph."


def test_hard_wrapped_paragraphs_are_joined_with_spaces() -> None:
    text = (
        "Headline\n\n"
        "The first paragraph was\n"
        "wrapped at a short width\n"
        "  by the tool.\n"
        "\n"
        "The second one\n"
        "too.\n"
    )
    draft = parse_page_text(text)
    assert draft.body == (
        "The first paragraph was wrapped at a short width by the tool.\n\nThe second one too."
    )


def test_hard_wrapped_first_paragraph_date_spans_the_wrap() -> None:
    draft = parse_page_text("Headline\n\nIt opened on June\n6, 2024 at noon.\n\nMore.")
    assert draft.body == "It opened on June 6, 2024 at noon.\n\nMore."
    assert draft.published == datetime(2024, 6, 6, tzinfo=UTC)


def test_several_blank_lines_between_paragraphs() -> None:
    draft = parse_page_text("Headline\n\n\n\nOne.\n \n\t\n\nTwo.")
    assert draft.body == "One.\n\nTwo."


def test_widget_counts_with_thousands_separators_are_dropped() -> None:
    draft = parse_page_text(
        "Headline\n\nThe only paragraph.\n\n4.2 1,234 votes\nArticle Rating\n1,234 Comments\n"
    )
    assert draft.body == "The only paragraph."
