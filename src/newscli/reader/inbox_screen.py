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
from newscli.reader.footer import SteadyFooter
from newscli.reader.host import Host
from newscli.reader.keys import bindings
from newscli.text.safe import one_line
from newscli.text.wording import timestamp


class InboxScreen(Screen[None]):
    """Replies, mentions and follow-ups for the reader (``api.inbox``)."""

    KEYS_OF = "inbox"
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS_OF)

    def __init__(self, host: Host, items: Sequence[InboxItem]) -> None:
        super().__init__()
        self.host = host
        self.items = list(items)

    def compose(self) -> ComposeResult:
        yield Label(Text(f"Inbox: {len(self.items)} new"), id="status")
        yield DataTable(cursor_type="row")
        yield SteadyFooter()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("why", "time", "author", "article", "comment")
        for index, item in enumerate(self.items):
            table.add_row(
                item.why,
                timestamp(item.at),
                Text(one_line(item.author or ANONYMOUS)),
                item.article_id,
                item.comment_id,
                key=str(index),
            )

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
