"""``show --plain``: plain text in the web page's shape, which ``add`` reads back."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newscli.ingest.parse.page_text import dateline_of, parse_page_text
from newscli.model.article import Comment
from newscli.text.plain import plain_page
from test_page_layout import sample


def test_plain_page_has_the_web_page_shape() -> None:
    lines = plain_page(sample()).splitlines()
    assert lines[:6] == [
        "feature image: https://img.example.test/cable-car.jpg",
        "",
        "Cable Car to the Pass Runs Again After a Winter of Repairs",
        "",
        "ALPINE VALLEY — Thursday, September 18, 2025",
        "",
    ]
    rating = lines.index("4.5 2 votes")
    assert lines[rating : rating + 6] == [
        "4.5 2 votes",
        "Article Rating",
        "Subscribe",
        "Notify of",
        "4 Comments",
        "1 Inline Feedback",
    ]
    # one paragraph a line, a blank line between
    body = lines[6 : rating - 1]
    assert body[1::2] == ["", ""]
    assert len(body) == 5
    assert body[0].startswith("The valley")


def test_plain_comments_are_indented_and_quote_their_passage() -> None:
    text = plain_page(sample())
    assert (
        "Mira  2025-09-18 07:31  c00001\nFinally. The bus took an hour.\n\n"
        "    Tomas  2025-09-18 07:32  c00002\n    It still does, on Sundays.\n\n"
        "        guest  2025-09-18 07:33  c00003\n        Only in winter, I think.\n\n"
        "Ines  2025-09-18 07:34  c00004\n[1] “both drive wheels”\n"
        "Were the cables not replaced as well?\n"
    ) in text
    assert text.endswith("as well?\n")


def test_plain_has_no_styles_or_box_drawing() -> None:
    text = plain_page(sample())
    assert "\x1b" not in text
    assert not set("╭╮╰╯│─★☆½") & set(text)


def test_plain_without_votes_reads_like_the_page() -> None:
    lines = plain_page(sample(votes=[], comments=[], image=None)).splitlines()
    assert lines[0] == "Cable Car to the Pass Runs Again After a Winter of Repairs"
    assert lines[-6:] == [
        "0 0 votes",
        "Article Rating",
        "Subscribe",
        "Notify of",
        "0 Comments",
        "0 Inline Feedbacks",
    ]


def test_plain_view_all_line_and_all_comments() -> None:
    at = datetime(2025, 1, 1, tzinfo=UTC)
    comments = [Comment(id=f"c{i:05d}", text=f"Note {i}.", at=at) for i in range(12)]
    article = sample(comments=comments)
    short = plain_page(article)
    assert "Note 9." in short
    assert "Note 10." not in short
    assert short.endswith("View all comments (2 more): newscli show gk7m2p4q --all-comments\n")
    full = plain_page(article, all_comments=True)
    assert "Note 11." in full
    assert "View all comments" not in full


def test_plain_page_parses_back_to_the_same_article() -> None:
    article = sample()
    draft = parse_page_text(plain_page(article))
    assert draft.title == article.title
    assert draft.dateline == article.dateline
    assert draft.body == article.body
    assert draft.published == article.published
    assert draft.image == article.image


def test_a_published_time_survives_the_round_trip() -> None:
    when = datetime(2025, 9, 18, 21, 40, tzinfo=UTC)
    assert parse_page_text(plain_page(sample(published=when))).published == when


def test_without_a_dateline_the_date_is_left_out() -> None:
    text = plain_page(sample(dateline=None))
    assert "September 18" not in text
    draft = parse_page_text(text)
    assert draft.dateline is None
    assert draft.body == sample().body


@pytest.mark.parametrize(
    ("line", "place", "published"),
    [
        ("KEELUNG — Thursday, June 6, 2024", "KEELUNG", datetime(2024, 6, 6, tzinfo=UTC)),
        (
            "KEELUNG — Thursday, June 6, 2024, 09:05 UTC",
            "KEELUNG",
            datetime(2024, 6, 6, 9, 5, tzinfo=UTC),
        ),
        ("NEW YORK - June 6, 2024", "NEW YORK", datetime(2024, 6, 6, tzinfo=UTC)),
    ],
)
def test_a_dateline_line_may_carry_the_date(line: str, place: str, published: datetime) -> None:
    draft = parse_page_text(f"Headline\n\n{line}\n\nThe first paragraph (May 1, 2020).\n")
    assert draft.dateline == place
    assert draft.published == published
    assert draft.body == "The first paragraph (May 1, 2020)."


@pytest.mark.parametrize(
    "line",
    ["LONDON — the mayor said so", "LONDON — June 31, 2024", "LONDON — 12:00 UTC"],
)
def test_text_after_a_dash_that_is_not_a_date_is_no_dateline(line: str) -> None:
    assert dateline_of(line) is None
    draft = parse_page_text(f"Headline\n\n{line}\n\nMore.\n")
    assert draft.dateline is None
    assert draft.body == f"{line}\n\nMore."
