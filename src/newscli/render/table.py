"""The ``list`` table for people."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text

from newscli.models import Article
from newscli.render.safe import one_line
from newscli.render.wording import rating_short, short_date


def _title_cell(article: Article) -> Text:
    cell = Text(one_line(article.title), style="bold")
    if article.tags:
        cell.append("\n" + " ".join(f"#{one_line(tag)}" for tag in article.tags), style="dim")
    return cell


def article_table(articles: Iterable[Article]) -> Table:
    """A table of articles: id, date, dateline, title with its tags, rating, comments."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("dateline", no_wrap=True, overflow="ellipsis", max_width=10)
    table.add_column("title / tags", min_width=16)
    table.add_column("rating", justify="right", no_wrap=True)
    table.add_column("comments", justify="right", no_wrap=True)
    for article in articles:
        table.add_row(
            article.id,
            short_date(article.date),
            Text(one_line(article.dateline or "")),
            _title_cell(article),
            rating_short(article.rating),
            str(len(article.comments)),
        )
    return table
