"""The inbox opens an article at the comment that arrived, focused and on the screen."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from newscli import api
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen
from newscli.reader.inbox_screen import InboxScreen

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


@pytest.mark.parametrize("size", SIZES)
async def test_enter_on_an_inbox_row_opens_the_article_at_that_comment(
    store: api.Store, size: tuple[int, int]
) -> None:
    for n in range(8):  # a long discussion, so that the reply is far down the page
        api.comment_on(store, "art00003", f"Filler {n}.\n\nMore words.", author="ana")
    reply = api.comment_on(store, "art00003", "Late answer.", author="kai", reply_to="cmt001")
    app = ReaderApp(Actions(store, "mei", "mei"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("i")
        assert isinstance(app.screen, InboxScreen)
        table = app.screen.query_one(DataTable)
        row = next(i for i, item in enumerate(app.screen.items) if item.comment_id == reply.id)
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ArticleScreen)
        assert screen.current_comment is not None
        assert screen.current_comment.comment.id == reply.id
        top = screen.page.top_of(screen.blocks.index(screen.current_comment) + 1)
        assert top is not None
        assert (
            screen.scroller.scroll_y <= top < screen.scroller.scroll_y + screen.scroller.size.height
        )
        assert screen.page.render_line(top).text.startswith("▌ ")
