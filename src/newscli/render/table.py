"""The ``list`` and ``search`` tables for people."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from rich import box
from rich.table import Table
from rich.text import Text

from newscli.listing import Row
from newscli.render.hits import snippet_text
from newscli.render.safe import one_line
from newscli.render.wording import rating_short

_RIGHT = ("rating", "votes", "comments")
_DATES = ("published", "added", "updated")


def _title_cell(row: Row) -> Text:
    cell = Text()
    cell.append(one_line(row.title), style="bold")
    if row.tags:
        cell.append("\n" + " ".join(f"#{one_line(tag)}" for tag in row.tags), style="dim")
    return cell


def _cell(row: Row, field: str) -> Text | str:
    if field == "rating":
        return rating_short(row.rating)
    if field == "tags":
        return Text(" ".join(f"#{one_line(tag)}" for tag in row.tags))
    if field == "snippet":
        return snippet_text(row.snippet or "")
    value = row.value(field)
    if value is None:
        return ""
    if field in _DATES:
        return str(value)[:10]
    return Text(one_line(str(value)))


def article_table(rows: Iterable[Row], fields: Sequence[str] | None = None) -> Table:
    """A table of rows: by default id, date, dateline, title with tags, rating and
    comments; with ``fields``, one column for each field named."""
    table = Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)
    if fields:
        for field in fields:
            table.add_column(
                field,
                style="cyan" if field == "id" else None,
                justify="right" if field in _RIGHT else "left",
                no_wrap=field in ("id", *_RIGHT, *_DATES),
            )
        for row in rows:
            table.add_row(*(_cell(row, f) for f in fields))
        return table
    table.add_column("id", style="cyan", no_wrap=True)
    table.add_column("date", no_wrap=True)
    table.add_column("dateline", no_wrap=True, overflow="ellipsis", max_width=10)
    table.add_column("title / tags", min_width=16)
    table.add_column("rating", justify="right", no_wrap=True)
    table.add_column("comments", justify="right", no_wrap=True)
    for row in rows:
        table.add_row(
            row.id,
            row.date[:10],
            Text(one_line(row.dateline or "")),
            _title_cell(row),
            rating_short(row.rating),
            str(row.comments),
        )
    return table
