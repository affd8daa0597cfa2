"""Render tests of the article page on a fixed-width recording Console."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from rich.console import Console

from newscli.model.article import Article, Comment, Vote
from newscli.model.threads import MAX_DEPTH
from newscli.render.comments import INDENT
from newscli.render.page import article_page

T0 = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)


def _render(article: Article, width: int) -> str:
    console = Console(width=width, record=True, file=io.StringIO(), force_terminal=False)
    console.print(article_page(article))
    return console.export_text()


def _article(**fields: object) -> Article:
    base: dict[str, object] = {
        "id": "abcd2345",
        "title": "Tram Line Reaches the Harbour",
        "body": "The tram now runs to the harbour gate.\n\nTrips take nine minutes.",
        "added": T0,
        "updated": T0,
    }
    return Article(**(base | fields))  # type: ignore[arg-type]


def test_page_parts_come_in_page_order() -> None:
    article = _article(
        image="https://img.example.test/tram.jpg",
        dateline="HSINCHU",
        published=T0,
        votes=[Vote("ann", 4, T0), Vote("bo", 5, T0)],
        comments=[Comment(id="c0mm3n", text="About time.", at=T0, author="ann")],
    )
    out = _render(article, 80)
    order = [
        "feature image",
        "Tram Line Reaches the Harbour",
        "HSINCHU — Monday, March 3, 2025, 09:00 UTC",
        "The tram now runs",
        "Trips take nine minutes.",
        "★★★★½  4.5  2 votes",
        "Article Rating",
        "Subscribe",
        "1 Comment",
        "About time.",
    ]
    positions = [out.index(part) for part in order]
    assert positions == sorted(positions)


def test_no_line_is_wider_than_the_console() -> None:
    article = _article(body="word " * 400, title="A very long headline " * 6)
    for width in (40, 60):
        assert max(len(line) for line in _render(article, width).splitlines()) <= width


def test_a_long_reply_chain_stops_indenting_at_depth_five() -> None:
    chain = [
        Comment(id=f"{i:06d}", text=f"reply {i}", at=T0, parent=f"{i - 1:06d}" if i else None)
        for i in range(2000)  # deeper than Python's recursion limit
    ]
    out = _render(_article(comments=chain), 120)
    last = next(line for line in out.splitlines() if line.strip() == "reply 1999")
    assert len(last) - len(last.lstrip()) == MAX_DEPTH * INDENT
    assert "2000 Comments" in out


def test_markup_in_untrusted_text_stays_literal() -> None:
    article = _article(
        title="[bold red]Loud[/]",
        body="Click [link=http://x]here[/link].",
        comments=[Comment(id="c0mm3n", text="[i]quiet[/i]", at=T0, author="[u]me[/u]")],
    )
    out = _render(article, 80)
    for literal in ("[bold red]Loud[/]", "[link=http://x]here[/link]", "[i]quiet[/i]", "[u]me[/u]"):
        assert literal in out
