"""The list view's rows: paged in from the index as the reader scrolls, and their cells."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from itertools import islice

from rich.text import Text

from newscli.api import Row
from newscli.text.safe import one_line
from newscli.text.wording import rating_short

PAGE = 200  # rows read from the index at a time: one screen is at most a few dozen
UNREAD_DOT, READ_DOT = "●", " "


class RowPager:
    """Rows from an iterator, ``PAGE`` at a time, optionally only the unread ones."""

    def __init__(self, rows: Iterator[Row], keep: Callable[[Row], bool] | None = None) -> None:
        self._rows = rows if keep is None else filter(keep, rows)
        self.done = False

    def next_page(self) -> list[Row]:
        """The next ``PAGE`` rows (fewer at the end, then none)."""
        if self.done:
            return []
        page = list(islice(self._rows, PAGE))
        self.done = len(page) < PAGE
        return page


def new_comments(row: Row) -> int:
    """The comments the reader has not seen (0 when the row carries no read marks)."""
    return row.new_comments or 0


def seen(row: Row, read_now: set[str]) -> bool:
    """Whether the reader opened the article (here, or as the index records it)."""
    return row.id in read_now or bool(row.read)


def cells(row: Row, read: bool, title_width: int) -> tuple[str | Text, ...]:
    """Unread dot, date, dateline, title, rating and comments of one row; the dot also
    marks an article read before with comments new since (counted in the last cell)."""
    fresh = new_comments(row) if read else 0  # never opened: the dot says it all
    unread = not read or fresh > 0
    talk = f"{row.comments} ({fresh} new)" if fresh else str(row.comments)
    title = Text(one_line(row.title), no_wrap=True, overflow="ellipsis")
    title.truncate(title_width, overflow="ellipsis")
    return (
        Text(UNREAD_DOT if unread else READ_DOT, style="bold cyan"),
        row.date[:10],
        Text(one_line(row.dateline or ""), style="bold", no_wrap=True, overflow="ellipsis"),
        title,
        rating_short(row.rating),
        talk,
    )
