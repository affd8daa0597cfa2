"""Search and tags: back to every article rather than out of the reader; tags completed
from the store's own; prompts that start empty."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Input, Label

from newscli.reader.app import ReaderApp
from newscli.reader.dialogs import PromptScreen
from newscli.reader.list_screen import ListScreen
from reader.conftest import footer

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


def _ids(app: ReaderApp) -> list[str]:
    return [str(key.value) for key in app.screen.query_one(DataTable).rows]


def _texts(app: ReaderApp) -> str:
    return footer(app)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("back", ["escape", "q"])
async def test_back_from_a_search_to_every_article(
    app: ReaderApp, size: tuple[int, int], back: str
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("slash", *"keelung", "enter")
        await pilot.pause()
        assert _ids(app) == ["art00002"]
        assert "q Back" in _texts(app)
        await pilot.press(back)
        await pilot.pause()
        assert isinstance(app.screen, ListScreen)
        assert _ids(app) == ["art00003", "art00002", "art00001"]
        assert "q Quit" in _texts(app)
        await pilot.press("t", *"harbour", "enter", back)
        assert _ids(app) == ["art00003", "art00002", "art00001"]
        await pilot.press(back)
        assert app.return_code == 0


async def test_prompts_start_empty(app: ReaderApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("slash", *"keelung", "enter", "slash")
        assert isinstance(app.screen, PromptScreen)
        assert app.screen.query_one(Input).value == ""
        assert "keelung" in app.screen.query_one(Input).placeholder
        await pilot.press("escape", "t", *"harbour", "enter", "t")
        assert app.screen.query_one(Input).value == ""


async def test_tag_completes_from_the_stores_tags(app: ReaderApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("t")
        matches = app.screen.query_one("#matches", Label)
        assert str(matches.render()) == "tags: transport, harbour"  # the most used first
        await pilot.press("h")
        assert str(matches.render()) == "tags: harbour"
        await pilot.press("tab")
        assert app.screen.query_one(Input).value == "harbour"
        await pilot.press("enter")
        assert _ids(app) == ["art00002"]


async def test_a_tag_nobody_has_is_said_and_changes_nothing(app: ReaderApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("t", *"zz")
        assert str(app.screen.query_one("#matches", Label).render()) == "No tag starts with 'zz'."
        await pilot.press("enter")
        assert isinstance(app.screen, ListScreen)
        assert _ids(app) == ["art00003", "art00002", "art00001"]
        assert any("No article has the tag 'zz'" in n.message for n in app._notifications)
