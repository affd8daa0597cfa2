"""Words written in the reader's text box are not thrown away by one Escape."""

from __future__ import annotations

import pytest
from textual.widgets import TextArea

from newscli import api
from newscli.reader.app import ReaderApp
from newscli.reader.dialogs import ConfirmScreen, TextScreen

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


@pytest.mark.parametrize("size", SIZES)
async def test_escape_asks_before_throwing_words_away(
    app: ReaderApp, store: api.Store, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "c", *"Half a thought", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # no: back to the words
        assert isinstance(app.screen, TextScreen)
        assert app.screen.query_one(TextArea).text == "Half a thought"
        await pilot.resize_terminal(*SIZES[(SIZES.index(size) + 1) % len(SIZES)])
        await pilot.press(*" finished", "ctrl+s")
        assert api.get_article(store, "art00003").comments[-1].text == "Half a thought finished"


async def test_escape_then_yes_throws_them_away(app: ReaderApp, store: api.Store) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "n", "r", *"Never mind", "escape", "y")
        assert not isinstance(app.screen, (TextScreen, ConfirmScreen))
        assert len(api.get_article(store, "art00003").comments) == 3


async def test_an_empty_box_closes_at_once(app: ReaderApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "c", "escape")
        assert not isinstance(app.screen, (TextScreen, ConfirmScreen))
