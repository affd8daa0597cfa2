"""Keys a new user can find: ``?`` lists the screen's own keys in groups, then Textual's;
the footer names rating and voting and fits the narrowest terminal; the page names keys."""

from __future__ import annotations

import pytest

from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen
from newscli.reader.dialogs import HelpScreen
from reader.conftest import FakeActions, footer

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


def _sections(app: ReaderApp) -> dict[str, dict[str, str]]:
    assert isinstance(app.screen, HelpScreen)
    return {group: {what: keys for keys, what in rows} for group, rows in app.screen.sections}


async def test_help_on_the_list_groups_its_own_keys_first(app: ReaderApp) -> None:
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        sections = _sections(app)
        assert list(sections)[:3] == ["move", "read", "store"]
        assert list(sections)[-1] == "other keys"  # Textual's own come last
        assert sections["read"]["only the articles with a tag"] == "t"
        assert "quit; from a search or a tag, back to every article" in sections["move"]
        assert not any("rate" in what for rows in sections.values() for what in rows)
        assert any(keys == "pgdn" for keys in sections["other keys"].values())


async def test_help_on_an_article_shows_its_keys(app: ReaderApp) -> None:
    async with app.run_test(size=(60, 20)) as pilot:
        await pilot.press("enter", "question_mark")
        sections = _sections(app)
        assert list(sections)[:4] == ["move", "read", "discuss", "store"]
        assert sections["discuss"]["vote the focused comment up"] == "+"
        assert sections["store"]["rate 4 stars"] == "4"
        assert sections["move"]["next thread (top-level comment)"] == "N"
        assert "first row" not in sections["move"]  # the list's words, not the article's
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_footer_names_rate_and_vote_and_fits(
    app: ReaderApp, size: tuple[int, int]
) -> None:
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        line = footer(app)
        for entry in ("q Back", "? Keys", "n/p Comments", "1-5 Rate", "+/- Vote", "c Comment"):
            assert entry in line  # whole: nothing cut at the screen's edge
        await pilot.press("q")
        await pilot.pause()
        assert "q Quit" in footer(app)


async def test_keys_rebound_in_the_config_are_the_ones_the_footer_names(
    actions: FakeActions,
) -> None:
    app = ReaderApp(actions, keymap={"rate_1": "f1", "vote_up": "u"})
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        line = footer(app)
        assert "f1/2/3/4/5 Rate" in line
        assert "u/- Vote" in line


async def test_the_page_names_the_keys_as_bound(actions: FakeActions) -> None:
    app = ReaderApp(actions, keymap={"subscribe": "x", "comment": "w"})
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        assert isinstance(app.screen, ArticleScreen)
        page = app.screen.page
        lines = [page.render_line(y).text for y in range(page.size.height)]
        assert any("mei: not subscribed · x subscribe" in line for line in lines)
        assert any("mei  Join the discussion: w comment" in line for line in lines)
