"""The list view: rows, lazy pages, search, tag, unread, sort, inbox, help."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from newscli import api
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen
from newscli.reader.dialogs import HelpScreen
from newscli.reader.inbox_screen import InboxScreen
from newscli.reader.keys import KEYS
from newscli.reader.list_screen import NEAR_END, ListScreen
from newscli.reader.rows import PAGE
from reader.conftest import FakeActions

pytestmark = pytest.mark.asyncio
SIZE = (100, 40)


def _ids(app: ReaderApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(key.value) for key in table.rows]


async def test_rows_newest_first_with_dot_date_dateline_title_rating_comments(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert _ids(app) == ["art00003", "art00002", "art00001"]
        row = app.screen.query_one(DataTable).get_row("art00003")
        assert [str(cell) for cell in row][:3] == ["●", "2025-03-03", "HSINCHU"]
        assert str(row[3]).startswith("Tramway extension 3")
        assert [str(cell) for cell in row[4:]] == ["5.0 (1)", "3"]


async def test_open_marks_read_and_back_removes_the_dot(
    app: ReaderApp, actions: FakeActions
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("j", "enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "art00002"
        assert ("mark_read", "art00002") in actions.calls
        await pilot.press("q")
        assert isinstance(app.screen, ListScreen)
        assert str(app.screen.query_one(DataTable).get_row("art00002")[0]) == " "
        await pilot.press("u")
        assert _ids(app) == ["art00003", "art00001"]
        await pilot.press("escape")
        assert app.return_code == 0


async def test_search_uses_the_query_language(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("slash", *"keelung", "enter")
        assert _ids(app) == ["art00002"]
        await pilot.press("slash", *'"no such words', "enter")
        assert _ids(app) == []  # the error was shown, nothing listed
        assert any("cannot read the search" in n.message for n in app._notifications)


async def test_markup_in_a_search_is_shown_as_typed(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        # A status line or notice taking this as markup would fail, or turn it bold.
        await pilot.press("slash", *"[bold]x[/", "enter")
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert "search: [bold]x[/" in str(status.render())
        assert all(n.markup is False for n in app._notifications)


async def test_tag_filter_and_sort(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("t", *"transport", "enter")
        assert _ids(app) == ["art00003", "art00001"]
        await pilot.press("s")  # newest -> oldest
        assert _ids(app) == ["art00001", "art00003"]


async def test_rows_load_a_screenful_then_a_page_at_a_time(many: api.Store) -> None:
    app = ReaderApp(FakeActions(many))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == SIZE[1] + PAGE  # a screenful first, a page once drawn
        table.move_cursor(row=SIZE[1] + PAGE - NEAR_END - 1)
        await pilot.pause()
        assert table.row_count == 250


async def test_inbox_lists_items_and_opens_their_article(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, InboxScreen)
        await pilot.press("enter")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "art00001"


async def test_help_shows_every_binding_with_its_keys(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        shown = {what: keys for _, rows in app.screen.sections for keys, what in rows}
        assert shown[KEYS["sort"].help] == "s"
        assert shown[KEYS["tag"].help] == "t"


async def test_keys_from_the_config(actions: FakeActions) -> None:
    app = ReaderApp(actions, keymap={"down": "x", "open": "o"})
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x", "o")
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.article.id == "art00002"


async def test_small_terminal_says_so(app: ReaderApp) -> None:
    async with app.run_test(size=(59, 24)) as pilot:
        await pilot.pause()
        assert "needs at least 60x20" in str(app.screen.query_one("#size").render())
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)


async def test_what_was_read_in_an_earlier_session_has_no_dot(
    store: api.Store, actions: FakeActions
) -> None:
    api.mark_read(store, "art00002", actions.voter)
    api.mark_read(store, "art00003", actions.voter)
    api.comment_on(store, "art00003", "A new one since.", author="ana")
    app = ReaderApp(actions)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert str(table.get_row("art00002")[0]) == " "
        assert str(table.get_row("art00001")[0]) == "●"
        newest = table.get_row("art00003")  # read, but with a comment new since
        assert str(newest[0]) == "●"
        assert str(newest[5]) == "4 (1 new)"
        await pilot.press("u")  # unread: never opened, or with comments new to the reader
        assert _ids(app) == ["art00003", "art00001"]
