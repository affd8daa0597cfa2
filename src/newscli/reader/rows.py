"""The list view's rows: paged in from the index as the reader scrolls, and their cells."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
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

    def next_page(self, count: int = PAGE) -> list[Row]:
        """The next ``count`` rows (fewer at the end, then none)."""
        if self.done:
            return []
        page = list(islice(self._rows, count))
        self.done = len(page) < count
        return page


def new_comments(row: Row) -> int:
    """The comments the reader has not seen (0 when the row carries no read marks)."""
    return row.new_comments or 0


def seen(row: Row, read_now: set[str]) -> bool:
    """Whether the reader opened the article (here, or as the index records it)."""
    return row.id in read_now or bool(row.read)


@dataclass(frozen=True)
class ListColumn:
    """A column of the list: its key, header and width (0: the title, which takes the rest)."""

    key: str
    header: str
    width: int


DOT, DATE, DATELINE = (
    ListColumn("dot", "", 1),
    ListColumn("date", "date", 10),
    ListColumn("dateline", "dateline", 9),
)
TITLE, RATING, COMMENTS = (
    ListColumn("title", "title", 0),
    ListColumn("rating", "rating", 7),
    ListColumn("comments", "comments", 10),
)
COMPACT_RATING, COMPACT_COMMENTS = (
    ListColumn("rating", "rating", 6),
    ListColumn("comments", "comments", 8),
)
# The list's columns from the widest terminal to the narrowest: the title keeps the slack,
# and the others give way first (the dateline goes, then the counts are written short,
# then the rating goes: the article shows each of them).
LAYOUTS = (
    (DOT, DATE, DATELINE, TITLE, RATING, COMMENTS),
    (DOT, DATE, TITLE, RATING, COMMENTS),
    (DOT, DATE, TITLE, COMPACT_RATING, COMPACT_COMMENTS),
    (DOT, DATE, TITLE, COMPACT_COMMENTS),
)
TITLE_ROOM = (36, 30, 30)  # the title's width below which the next layout is taken
PADDING, SCROLLBAR = 2, 2  # a column's cell padding (both sides); the scrollbar's width


@dataclass(frozen=True)
class Layout:
    """The columns of the list at one terminal width, and the title's width."""

    columns: tuple[ListColumn, ...]
    title_width: int

    @property
    def compact(self) -> bool:
        return COMPACT_COMMENTS in self.columns


def layout(width: int) -> Layout:
    """The columns of the list on a terminal ``width`` columns wide."""
    for columns, room in zip(LAYOUTS, (*TITLE_ROOM, 0), strict=True):
        fixed = sum(c.width + PADDING for c in columns) + SCROLLBAR
        title = width - fixed
        if title >= room:
            break
    return Layout(columns, max(1, title))


def comments_cell(row: Row, fresh: int, compact: bool) -> str:
    """``12 (3 new)``, or ``12+3`` in a narrow list; ``12`` with nothing new."""
    if not fresh:
        return str(row.comments)
    return f"{row.comments}+{fresh}" if compact else f"{row.comments} ({fresh} new)"


def rating_cell(row: Row, compact: bool) -> str:
    """``4.5 (2)``, or ``4.5`` in a narrow list; ``-`` when nobody has voted."""
    average = row.rating.average
    return f"{average:.1f}" if compact and average is not None else rating_short(row.rating)


def cells(row: Row, read: bool, shape: Layout) -> tuple[str | Text, ...]:
    """The cells of one row in ``shape``'s columns: the unread dot (which also marks an
    article read before with comments new since, counted in the comments cell), date,
    dateline, title, rating and comments."""
    fresh = new_comments(row) if read else 0  # never opened: the dot says it all
    unread = not read or fresh > 0
    values: dict[str, str | Text] = {
        "dot": Text(UNREAD_DOT if unread else READ_DOT, style="bold cyan"),
        "date": row.date[:10],
        "dateline": Text(
            one_line(row.dateline or ""), style="bold", no_wrap=True, overflow="ellipsis"
        ),
        "title": Text(one_line(row.title), no_wrap=True, overflow="ellipsis"),
        "rating": Text(rating_cell(row, shape.compact), no_wrap=True, overflow="ellipsis"),
        "comments": Text(
            comments_cell(row, fresh, shape.compact), no_wrap=True, overflow="ellipsis"
        ),
    }
    return tuple(values[column.key] for column in shape.columns)
