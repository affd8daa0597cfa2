"""The ``list``, ``search`` and ``trash`` tables for people."""

from __future__ import annotations

from collections.abc import Sequence

from rich import box
from rich.console import Console, ConsoleOptions, RenderResult
from rich.table import Table
from rich.text import Text

from newscli.model.listing import Row
from newscli.render.hits import snippet_text
from newscli.text.safe import one_line
from newscli.text.wording import hashtag, rating_short

_RIGHT = ("rating", "votes", "comments")
_DATES = ("published", "added", "updated")
NARROW = 70  # below this many columns, the date and dateline go into the title's cell


def _tags(row: Row) -> str:
    return " ".join(hashtag(tag) for tag in row.tags)


def _title_cell(row: Row, facts: Sequence[str] = ()) -> Text:
    """The title in bold, then a dim line of ``facts`` (date, dateline) and tags."""
    cell = Text()
    cell.append(one_line(row.title), style="bold")
    below = " ".join(part for part in (*facts, _tags(row)) if part)
    if below:
        cell.append("\n" + below, style="dim")
    return cell


def _cell(row: Row, field: str) -> Text | str:
    if field == "rating":
        return rating_short(row.rating)
    if field == "tags":
        return Text(_tags(row))
    if field == "snippet":
        return snippet_text(row.snippet or "")
    value = row.value(field)
    if value is None:
        return ""
    if field in _DATES:
        return str(value)[:10]
    if field == "removed":  # to the minute, in UTC: the same day may see several
        return str(value)[:16].replace("T", " ")
    return Text(one_line(str(value)))


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, show_edge=False)


def _fields_table(rows: Sequence[Row], fields: Sequence[str]) -> Table:
    table = _table()
    for field in fields:
        table.add_column(
            field,
            style="cyan" if field == "id" else None,
            justify="right" if field in _RIGHT else "left",
            no_wrap=field in ("id", "removed", *_RIGHT, *_DATES),
            min_width=len(field),  # a header is never cut short
        )
    for row in rows:
        table.add_row(*(_cell(row, f) for f in fields))
    return table


def _wide_table(rows: Sequence[Row]) -> Table:
    table = _table()
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


def _narrow_table(rows: Sequence[Row]) -> Table:
    """Four columns whose headers and numbers fit in 40 columns: the date and dateline
    move under the title, with the tags."""
    table = _table()
    table.add_column("id", style="cyan", no_wrap=True, min_width=len(rows[0].id) if rows else 2)
    table.add_column("title", min_width=8)  # its date, dateline and tags below it
    table.add_column("rating", justify="right", no_wrap=True, min_width=6)
    table.add_column("comments", justify="right", no_wrap=True, min_width=8)
    for row in rows:
        facts = (row.date[:10], one_line(row.dateline or ""))
        table.add_row(row.id, _title_cell(row, facts), rating_short(row.rating), str(row.comments))
    return table


class ArticleTable:
    """A table of rows laid out for the width it is drawn in: by default id, date,
    dateline, title with tags, rating and comments (below ``NARROW`` columns, the date
    and dateline share the title's cell); with ``fields``, one column for each field."""

    def __init__(self, rows: Sequence[Row], fields: Sequence[str] | None = None) -> None:
        self.rows = rows
        self.fields = fields

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if self.fields:
            yield _fields_table(self.rows, self.fields)
        elif options.max_width < NARROW:
            yield _narrow_table(self.rows)
        else:
            yield _wide_table(self.rows)


def article_table(rows: Sequence[Row], fields: Sequence[str] | None = None) -> ArticleTable:
    """The table of ``rows`` (see ``ArticleTable``)."""
    return ArticleTable(rows, fields)
