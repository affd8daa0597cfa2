"""The reader follows the terminal's size: at 60x20, 100x40 and 140x45, and resized."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from textual.widgets import DataTable, Label

from newscli import api
from newscli.api import InboxItem
from newscli.reader.app import ReaderApp
from newscli.reader.dialogs import TooSmallScreen
from newscli.reader.list_screen import ListScreen
from reader.conftest import FIXED, FakeActions, Item

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]
TITLE = "Tramway extension 3 opens across the river delta"


def _lines(app: ReaderApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [table.render_line(y).text for y in range(table.size.height)]


def _check_list(app: ReaderApp, width: int) -> None:
    header, first = _lines(app)[:2]
    assert header.rstrip().endswith("comments")  # the last column is on screen
    assert first.rstrip().endswith("3")  # and the newest's 3 comments in it
    assert len(first.rstrip()) <= width
    title = next(
        c for c in app.screen.query_one(DataTable).columns.values() if str(c.label) == "title"
    )
    # The title takes the slack: at 60 columns it keeps more than half the width.
    assert title.width >= min(len(TITLE), width // 2)
    if width >= 100:
        assert TITLE in first and "dateline" in header and "rating" in header


@pytest.mark.parametrize("size", SIZES)
async def test_the_list_fits_each_size(app: ReaderApp, size: tuple[int, int]) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        _check_list(app, size[0])


async def test_the_list_follows_a_resize_both_ways(app: ReaderApp) -> None:
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("j")
        for width, height in [(60, 20), (100, 40), (140, 45), (80, 24)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            _check_list(app, width)
            assert app.screen.query_one(DataTable).cursor_row == 1  # the cursor stays


async def test_from_too_small_to_large_the_columns_widen(app: ReaderApp) -> None:
    async with app.run_test(size=(50, 15)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TooSmallScreen)
        message = app.screen.query_one(Label)
        assert message.size.height > 1  # wrapped, not cut
        assert message.size.width <= 50
        await pilot.resize_terminal(100, 40)
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        _check_list(app, 100)


class LongNames(FakeActions):
    def inbox(self) -> Sequence[InboxItem]:
        return [Item("art00001", "cmt009", "Rosa Ambühl-Fernández de la Vega", FIXED, "mention")]


async def test_the_inbox_fits_each_size_and_a_resize(store: api.Store) -> None:
    app = ReaderApp(LongNames(store))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("i")
        for width, height in [(60, 20), (100, 40), (140, 45), (60, 20)]:
            await pilot.resize_terminal(width, height)
            await pilot.pause()
            table = app.screen.query_one(DataTable)
            row = table.render_line(1).text.rstrip()
            assert row.endswith("art00001  cmt009") and len(row) <= width
