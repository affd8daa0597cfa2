"""The inbox as a list: what reached the reader, newest first; Enter opens its article."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label

from newscli.api import ANONYMOUS, InboxItem
from newscli.reader.footer import KeysFooter
from newscli.reader.host import Host
from newscli.reader.keys import bindings
from newscli.text.safe import one_line
from newscli.text.wording import timestamp

COLUMNS = (("why", 9), ("time", 16), ("article", 8), ("comment", 7))  # header widths at least
AUTHOR_MOST = 24
FIXED = sum(width for _, width in COLUMNS) + 2 * (len(COLUMNS) + 1) + 2  # padding, scrollbar


class InboxScreen(Screen[None]):
    """Replies, mentions and follow-ups for the reader (``api.inbox``)."""

    KEYS_OF = "inbox"
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS_OF)

    def __init__(self, host: Host, items: Sequence[InboxItem]) -> None:
        super().__init__()
        self.host = host
        self.items = list(items)
        self._author_width = 0

    def compose(self) -> ComposeResult:
        yield Label(Text(f"Inbox: {len(self.items)} new"), id="status")
        yield DataTable(cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.lay_out()

    def on_resize(self) -> None:
        self.lay_out()

    def on_screen_resume(self) -> None:
        self.lay_out()

    def lay_out(self) -> None:
        """Fit the columns to the terminal's width, the author's taking what is left."""
        author = min(AUTHOR_MOST, max(4, self.app.size.width - FIXED))
        if author == self._author_width:
            return
        self._author_width = author
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear(columns=True)
        for name, width in (*COLUMNS[:2], ("author", author), *COLUMNS[2:]):
            table.add_column(name, width=width, key=name)
        for index, item in enumerate(self.items):
            table.add_row(
                item.why,
                timestamp(item.at),
                Text(one_line(item.author or ANONYMOUS), no_wrap=True, overflow="ellipsis"),
                item.article_id,
                item.comment_id,
                key=str(index),
            )
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1), animate=False)

    def on_data_table_row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            item = self.items[table.cursor_row]
            self.host.open_article(item.article_id, item.comment_id)

    def action_down(self) -> None:
        self.query_one(DataTable).action_cursor_down()

    def action_up(self) -> None:
        self.query_one(DataTable).action_cursor_up()

    def action_back(self) -> None:
        self.dismiss(None)
