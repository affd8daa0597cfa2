"""The list view: one row an article, newest first, paged in from the index as you scroll."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Label

from newscli.api import ListQuery, Row
from newscli.choices import Sort
from newscli.errors import NewsError
from newscli.reader.dialogs import PromptScreen
from newscli.reader.footer import SteadyFooter
from newscli.reader.host import Host
from newscli.reader.keys import bindings
from newscli.reader.rows import RowPager, cells, new_comments, seen
from newscli.text.wording import plural

COLUMNS = (("", 1), ("date", 10), ("dateline", 9), ("title", 0), ("rating", 7), ("comments", 10))
FIXED = sum(width for _, width in COLUMNS) + 2 * len(COLUMNS) + 2  # cell padding, scrollbar
NEAR_END = 50  # rows left below the cursor when the next page is read
SORTS = list(Sort)


class ListScreen(Screen[None]):
    """The articles the query selects; Enter opens one."""

    BINDINGS: ClassVar[list[BindingType]] = bindings("list")

    def __init__(self, host: Host, query: ListQuery, unread_only: bool = False) -> None:
        super().__init__()
        self.host = host
        self.query_spec = query
        self.unread_only = unread_only
        self.pager = RowPager(iter(()))
        self.rows: dict[str, Row] = {}

    def compose(self) -> ComposeResult:
        yield Label(id="status")
        yield DataTable(cursor_type="row", zebra_stripes=False)
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.reload()

    def _title_width(self) -> int:
        return max(8, self.app.size.width - FIXED)

    def reload(self) -> None:
        """Read the rows again from the first page, e.g. after the query changed."""
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for name, width in COLUMNS:
            table.add_column(name, width=width or self._title_width(), key=name or "dot")
        self.rows = {}
        try:
            rows = self.host.actions.rows(self.query_spec)
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            rows = iter(())

        def unread(row: Row) -> bool:
            return not seen(row, self.host.read_now) or bool(new_comments(row))

        keep = unread if self.unread_only else None
        self.pager = RowPager(rows, keep)
        self.load_more()
        self._show_status()

    def load_more(self) -> None:
        """Add the next page of rows to the table."""
        table = self.query_one(DataTable)
        width = self._title_width()
        for row in self.pager.next_page():
            if row.id not in self.rows:
                self.rows[row.id] = row
                table.add_row(*cells(row, seen(row, self.host.read_now), width), key=row.id)

    def _show_status(self) -> None:
        spec = self.query_spec
        parts = [f"sort: {spec.sort}"]
        if spec.search:
            parts.append(f"search: {spec.search}")
        if spec.tags:
            parts.append("tag: " + ", ".join(spec.tags))
        if self.unread_only:
            parts.append("unread only")
        count = (
            f"{len(self.rows)}+ articles"
            if not self.pager.done
            else plural(len(self.rows), "article")
        )
        status = " · ".join([count, *parts])
        self.query_one("#status", Label).update(Text(status))

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.host.prefetch(event.row_key.value)
        if event.cursor_row >= len(self.rows) - 1 - NEAR_END and not self.pager.done:
            self.load_more()
            self._show_status()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open()

    def current_id(self) -> str | None:
        """The id of the row under the cursor, if any."""
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key
        return key.value

    def step(self, delta: int) -> str | None:
        """Move the cursor ``delta`` rows and return the id there (None past either end)."""
        table = self.query_one(DataTable)
        target = table.cursor_row + delta
        if target >= table.row_count - 1 - NEAR_END and not self.pager.done:
            self.load_more()
        if not 0 <= target < table.row_count:
            return None
        table.move_cursor(row=target)
        return self.current_id()

    def update_row(self, row: Row) -> None:
        """Show a changed article's row (rating, comments, read dot) where it stands."""
        if row.id not in self.rows:
            return
        self.rows[row.id] = row
        table = self.query_one(DataTable)
        values = cells(row, seen(row, self.host.read_now), self._title_width())
        for (name, _), value in zip(COLUMNS, values, strict=True):
            table.update_cell(row.id, name or "dot", value)

    def action_down(self) -> None:
        self.step(1)

    def action_up(self) -> None:
        self.step(-1)

    def action_back(self) -> None:
        self.app.exit()

    def action_open(self) -> None:
        article_id = self.current_id()
        if article_id is not None:
            self.host.open_article(article_id)

    def action_search(self) -> None:
        def searched(text: str | None) -> None:
            if text is not None:
                self.query_spec = self.query_spec._replace(search=text.strip() or None)
                self.reload()

        prompt = PromptScreen("search (empty: everything)", self.query_spec.search or "")
        self.app.push_screen(prompt, searched)

    def action_tag(self) -> None:
        def tagged(text: str | None) -> None:
            if text is not None:
                tags = (text.strip(),) if text.strip() else ()
                self.query_spec = self.query_spec._replace(tags=tags)
                self.reload()

        prompt = PromptScreen("tag (empty: every tag)", ", ".join(self.query_spec.tags))
        self.app.push_screen(prompt, tagged)

    def action_toggle_unread(self) -> None:
        self.unread_only = not self.unread_only
        self.reload()

    def action_sort(self) -> None:
        following = SORTS[(SORTS.index(self.query_spec.sort) + 1) % len(SORTS)]
        self.query_spec = self.query_spec._replace(sort=following)
        self.reload()

    def action_open_url(self) -> None:
        article_id = self.current_id()
        if article_id is not None:
            self.host.open_link(self.rows[article_id].url)

    def action_copy_id(self) -> None:
        article_id = self.current_id()
        if article_id is not None:
            self.host.copy_id(article_id)
