"""What start-up puts off until the first rows are drawn, and what it must not break."""

from __future__ import annotations

import gc

import pytest

from newscli.reader.app import ReaderApp
from reader.conftest import FakeActions

pytestmark = pytest.mark.asyncio


class Elsewhere(ReaderApp):
    """A reader defined outside the package (as the benchmarks' is)."""


async def test_a_subclass_elsewhere_finds_the_stylesheet(actions: FakeActions) -> None:
    app = Elsewhere(actions)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#status").styles.padding.left == 1  # from reader.tcss


async def test_the_collector_runs_again_once_the_rows_are_drawn(actions: FakeActions) -> None:
    gc.disable()  # as reader.run does
    try:
        app = ReaderApp(actions)
        async with app.run_test(size=(100, 40)) as pilot:
            await pilot.pause()
            assert gc.isenabled()
            assert app._article_screen is not None  # composed after the first frame
            await pilot.press("enter")
            assert app.screen is app.article_screen
    finally:
        gc.enable()
