"""The page against the source page: the bar under the header, wrapping between phrases,
quotes within quotes, tags with spaces, deleted comments not counted, keys in the reader."""

# ruff: noqa: RUF001 (typographic quotes are part of what is tested)
from __future__ import annotations

from datetime import timedelta

import pytest

from newscli.model.threads import PageState
from newscli.render.page import article_page
from newscli.text.plain import plain_page
from newscli.text.wording import hashtag
from test_page_layout import T0, _comment, _feedback, render, render_terminal, sample

BODY = "Washington said Beijing was providing “diplomatic cover” for Russia, and more."
PHRASES = (
    "new follow-up comments",
    "new replies to my comments",
    "newscli subscribe gk7m2p4q [--replies-only]",
    "newscli comment gk7m2p4q [TEXT]",
    "newscli show gk7m2p4q --feedback-only)",
    "Inline Feedbacks / View all comments",
)
MEI = PageState("mei", "mei")


def test_view_all_comments_stands_under_the_header_without_comments() -> None:
    page = render(article_page(sample(comments=[])), 80).splitlines()
    header = next(i for i, line in enumerate(page) if line.startswith("0 Comments"))
    assert page[header + 1] == "View all comments"
    plain = plain_page(sample(comments=[])).splitlines()
    assert plain[plain.index("0 Inline Feedbacks") + 1] == "View all comments"


@pytest.mark.parametrize("width", range(44, 121, 4))
def test_bars_wrap_between_phrases_never_inside_one(width: int) -> None:
    text = render(article_page(sample(), state=MEI), width)
    lines = text.splitlines()
    for phrase in PHRASES:
        assert any(phrase in line for line in lines), (width, phrase)
    assert all(len(line) <= width for line in lines)


def test_quotes_inside_a_quoted_passage_are_single() -> None:
    comment = _feedback(5, "providing “diplomatic cover” for Russia", "Is it?", BODY)
    article = sample(body=BODY, comments=[comment])
    for text in (render(article_page(article), 100), plain_page(article)):
        assert "[1] “providing ‘diplomatic cover’ for Russia”" in text
        assert "““" not in text and "””" not in text


def test_a_tag_with_a_space_reads_as_one_tag() -> None:
    assert hashtag("long read") == '#"long read"'
    assert hashtag("#politics") == "#politics"
    text = render(article_page(sample(tags=["politics", "long read"])), 80)
    assert '#politics · #"long read"' in text


def test_a_deleted_comments_placeholder_is_not_counted() -> None:
    comments = [
        _comment(1, "", deleted=T0 + timedelta(hours=1)),
        _comment(2, "Still here.", author="Mira", parent="c00001"),
        _comment(3, "Me too.", author="Tomas"),
    ]
    article = sample(comments=comments)
    assert "2 Comments" in render(article_page(article), 80)
    assert "2 Comments" in plain_page(article)


def test_the_reader_names_keys_where_the_page_names_commands() -> None:
    keys = {"subscribe": "S", "comment": "c"}
    text = render(article_page(sample(), state=MEI, keys=keys), 80)
    assert "mei: not subscribed · S subscribe" in text
    assert "mei  Join the discussion: c comment" in text
    assert "newscli" not in text  # no command the reader has no key for
    subscribed = PageState("mei", "mei", subscription="all")
    text = render(article_page(sample(), state=subscribed, keys=keys), 80)
    assert "mei: subscribed to new follow-up comments · S unsubscribe" in text


def test_a_markdown_link_keeps_its_address_when_piped() -> None:
    article = sample(body="See [the port](https://example.org/port) now.", format="markdown")
    assert "See the port (https://example.org/port) now." in render(article_page(article), 80)
    on_terminal = render_terminal(article_page(article), 80)
    assert "\x1b]8;" in on_terminal  # a hyperlink there
    assert "(https://example.org/port)" not in on_terminal
