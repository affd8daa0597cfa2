"""The list view: one row an article, newest first, paged in from the index as you scroll."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from contextlib import suppress
from functools import partial
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
from newscli.reader.footer import KeysFooter
from newscli.reader.host import Host
from newscli.reader.keys import bindings, relabel
from newscli.reader.rows import PAGE, Layout, RowPager, cells, layout, new_comments, seen
from newscli.text.safe import one_line
from newscli.text.wording import plural

NEAR_END = 50  # rows left below the cursor when the next page is read
SORTS = list(Sort)


def _same(one: str, other: str) -> bool:
    """Whether two tags are one (compared as the store compares them)."""
    return " ".join(one.split()).casefold() == " ".join(other.split()).casefold()


class ListScreen(Screen[None]):
    """The articles the query selects; Enter opens one."""

    KEYS_OF = "list"
    BINDINGS: ClassVar[list[BindingType]] = bindings(KEYS_OF)

    def __init__(self, host: Host, query: ListQuery, unread_only: bool = False) -> None:
        super().__init__()
        self.host = host
        self.query_spec = query
        self.unread_only = unread_only
        self.pager = RowPager(iter(()))
        self.rows: dict[str, Row] = {}
        self.shape: Layout = layout(0)
        self.total: int | None = None  # how many rows the list has in all, once counted
        self._listing = 0  # which reload the rows (and a count under way) belong to
        self._drawn = 0  # the last reload whose first screenful was drawn
        self._announced = False  # whether the app heard that the first rows are drawn
        self._waiting: tuple[int, bool] | None = None  # a reload listed before shown
        self._going_to_end = 0  # the reload whose rows End is reading to the last

    def compose(self) -> ComposeResult:
        yield Label(id="status")
        yield DataTable(cursor_type="row", zebra_stripes=False)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.lay_out()

    def on_screen_resume(self) -> None:
        self.lay_out()  # the terminal may have changed size while another screen was up
        if self._waiting is not None:  # rows listed before this screen was shown
            self.call_after_refresh(self._after_drawn, *self._waiting)
            self._waiting = None

    def lay_out(self) -> None:
        """Fit the columns to the terminal's width, if it changed, keeping the rows and
        the cursor."""
        shape = layout(self.app.size.width)
        if shape == self.shape:
            return
        table = self.query_one(DataTable)
        current = self.current_id()
        self._set_columns(shape)
        for row in self.rows.values():
            table.add_row(*cells(row, seen(row, self.host.read_now), shape), key=row.id)
        if current is not None:
            table.move_cursor(row=table.get_row_index(current), animate=False)

    def _set_columns(self, shape: Layout) -> None:
        table = self.query_one(DataTable)
        table.clear(columns=True)
        self.shape = shape
        for column in shape.columns:
            table.add_column(column.header, width=column.width or shape.title_width, key=column.key)

    def reload(self, keep_cursor: bool = False) -> None:
        """Read the rows again from the first page, e.g. after the query changed (with
        ``keep_cursor``, the cursor goes back to its article if it is among them)."""
        current = self.current_id() if keep_cursor else None
        self._set_columns(layout(self.app.size.width))
        self.rows = {}
        first = self._listing == 0
        try:
            # The first screen trusts the index for edits made in place (one stat a file,
            # a third of a second at 100,000): the check follows in a worker thread.
            rows = self.host.actions.rows(self.query_spec, quick=first)
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            rows = iter(())
        keep = self._unread if self.unread_only else None
        self.pager = RowPager(rows, keep)
        self._listing += 1
        self.total = None
        # A screenful now, the rest of the page once it is drawn.
        self.load_more(self.app.size.height)
        if current is not None and current in self.rows:
            self.query_one(DataTable).move_cursor(row=list(self.rows).index(current))
        self._show_status()
        # After the screen is drawn: a screen not shown yet would run it at once.
        if self.is_current:
            self.call_after_refresh(self._after_drawn, self._listing, first)
        else:
            self._waiting = (self._listing, first)

    def _unread(self, row: Row) -> bool:
        return not seen(row, self.host.read_now) or bool(new_comments(row))

    def _after_drawn(self, listing: int, first: bool) -> None:
        """Once the rows are on the screen: the rest of the page, and the count (in a
        worker thread when the index allows, after the freshness check the first screen
        passed over)."""
        if not self._announced:  # whichever listing is drawn first
            self._announced = True
            self.host.first_drawn()
        if listing != self._listing:
            return
        self._drawn = listing
        self.load_more()
        self._show_status()
        keep = self._unread if self.unread_only else None
        if self.host.actions.threaded:
            self.run_worker(
                partial(self._count, listing, self.query_spec, keep, first),
                thread=True,
                exclusive=True,
                group="count",
            )
        elif not self.pager.done:
            self._counted(listing, 0, self.host.actions.count(self.query_spec, keep))

    def _count(
        self, listing: int, spec: ListQuery, keep: Callable[[Row], bool] | None, check: bool
    ) -> None:
        """(In a worker thread.) Bring the index up to date if ``check``, then count; the
        thread yields the processor to the screen's (niced, where the system allows)."""
        if hasattr(os, "setpriority"):
            with suppress(OSError):
                os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
        try:
            changed = self.host.actions.catch_up() if check else 0
            total = self.host.actions.count(spec, keep)
        except NewsError:
            return
        self.app.call_from_thread(self._counted, listing, changed, total)

    def _counted(self, listing: int, changed: int, total: int) -> None:
        if listing != self._listing:
            return
        if changed:  # files changed since the index last saw them: list again
            self.reload(keep_cursor=True)
            return
        self.total = total
        self._show_status()

    def load_more(self, count: int = PAGE) -> None:
        """Add the next ``count`` rows to the table."""
        table = self.query_one(DataTable)
        for row in self.pager.next_page(count):
            if row.id not in self.rows:
                self.rows[row.id] = row
                table.add_row(*cells(row, seen(row, self.host.read_now), self.shape), key=row.id)

    def _show_status(self) -> None:
        spec = self.query_spec
        parts = [f"sort: {spec.sort}"]
        if spec.search:
            parts.append(f"search: {spec.search}")
        if spec.tags:
            parts.append("tag: " + ", ".join(spec.tags))
        if self.unread_only:
            parts.append("unread only")
        if self.pager.done:
            self.total = len(self.rows)
        count = (
            f"{len(self.rows)}+ articles" if self.total is None else plural(self.total, "article")
        )
        status = " · ".join([count, *parts])
        self.query_one("#status", Label).update(Text(status))
        relabel(self, "back", "Back" if spec.search or spec.tags else "Quit")

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key.value is not None:
            self.host.prefetch(event.row_key.value)
        near_end = event.cursor_row >= len(self.rows) - 1 - NEAR_END
        if near_end and self._drawn == self._listing and not self.pager.done:
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
        values = cells(row, seen(row, self.host.read_now), self.shape)
        for column, value in zip(self.shape.columns, values, strict=True):
            table.update_cell(row.id, column.key, value)

    def action_down(self) -> None:
        self.step(1)

    def action_up(self) -> None:
        self.step(-1)

    def action_first(self) -> None:
        self._going_to_end = 0
        self.query_one(DataTable).move_cursor(row=0)

    def action_last(self) -> None:
        """Go to the last row, reading the pages up to it a page a frame (the screen
        stays live on a long list; Home stops it)."""
        self._going_to_end = self._listing
        self._to_end(self._listing)

    def _to_end(self, listing: int) -> None:
        if listing != self._going_to_end or listing != self._listing:
            return
        self.load_more()
        table = self.query_one(DataTable)
        table.move_cursor(row=table.row_count - 1, animate=False)
        self._show_status()
        if not self.pager.done:  # the next page once this one is drawn and keys are read
            self.set_timer(0.01, partial(self._to_end, listing))

    def action_back(self) -> None:
        """Back from a search or a tag to every article; from there, quit."""
        if self.query_spec.search or self.query_spec.tags:
            self.query_spec = self.query_spec._replace(search=None, tags=())
            self.reload()
        else:
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

        now = self.query_spec.search
        hint = f"search, now {now!r} (empty: everything)" if now else 'search: words, "a phrase"'
        self.app.push_screen(PromptScreen(one_line(hint)), searched)

    def action_tag(self) -> None:
        try:
            known = self.host.actions.tags()
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return

        def tagged(text: str | None) -> None:
            if text is None:
                return
            wanted = " ".join(text.split())
            if wanted and not any(_same(wanted, tag) for tag in known):
                self.notify(f"No article has the tag {wanted!r}.", severity="warning", markup=False)
                return
            self.query_spec = self.query_spec._replace(tags=(wanted,) if wanted else ())
            self.reload()

        now = ", ".join(self.query_spec.tags)
        hint = f"tag, now {now!r} (empty: every tag)" if now else "tag (Tab completes)"
        self.app.push_screen(PromptScreen(one_line(hint), known, "tag"), tagged)

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
