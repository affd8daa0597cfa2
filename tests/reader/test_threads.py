"""Moving through a discussion as the best comment readers do: threads, parent, the next
new comment, folds that say what they hide, the article's author marked, the focus seen."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newscli import api
from newscli.reader.actions import Actions
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen

pytestmark = pytest.mark.asyncio
SIZES = [(60, 20), (100, 40), (140, 45)]


def _comment(cid: str, author: str, minute: int, parent: str | None = None) -> dict[str, str]:
    comment = {"id": cid, "author": author, "at": f"2025-03-03T10:{minute:02d}:00Z"}
    comment["text"] = f"Words of {author} number {minute}."
    return comment | ({"parent": parent} if parent else {})


@pytest.fixture
def talk(data_dir: Path) -> api.Store:
    """One article by Rosa: three threads, the first two replies deep."""
    store = api.open_store(data_dir)
    record = {
        "id": "takk0001",
        "title": "The ferry timetable changes in spring",
        "author": "Rosa",
        "published": "2025-03-03T00:00:00Z",
        "body": "The first boat leaves earlier.",
        "comments": [
            _comment("thr001", "ana", 1),
            _comment("rep001", "Rosa", 2, "thr001"),
            _comment("rep002", "kai", 3, "rep001"),
            _comment("thr002", "mei", 4),
            _comment("thr003", "ROSA", 5),
        ],
    }
    data = json.dumps(record).encode()
    assert [o.kind for o in api.import_entries(store, api.read_input(data, "x", "jsonl"))] == [
        "created"
    ]
    return store


def _screen(app: ReaderApp) -> ArticleScreen:
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


def _focused(app: ReaderApp) -> str | None:
    block = _screen(app).current_comment
    return block.comment.id if block else None


def _page_text(app: ReaderApp) -> list[str]:
    page = _screen(app).page
    return [page.render_line(y).text for y in range(page.size.height)]


@pytest.mark.parametrize("size", SIZES)
async def test_threads_parent_and_folds(talk: api.Store, size: tuple[int, int]) -> None:
    app = ReaderApp(Actions(talk, "mei", "mei"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter", "N")
        assert _focused(app) == "thr001"
        await pilot.press("N")
        assert _focused(app) == "thr002"
        await pilot.press("P", "P")
        assert _focused(app) == "thr001"
        await pilot.press("n", "n", "u")
        assert _focused(app) == "rep001"
        await pilot.press("u", "space")
        lines = _page_text(app)
        assert any(line.rstrip().endswith("▌ +2 replies") for line in lines)
        assert not any("Words of kai" in line for line in lines)
        await pilot.press("n")
        assert _focused(app) == "thr002"  # the folded replies are passed over


async def test_the_focused_comment_has_a_bar_after_a_resize(talk: api.Store) -> None:
    app = ReaderApp(Actions(talk, "mei", "mei"))
    async with app.run_test(size=(140, 45)) as pilot:
        await pilot.press("enter", "N", "N")
        for size in [(60, 20), (100, 40), (140, 45)]:
            await pilot.resize_terminal(*size)
            await pilot.pause()
            page = _screen(app).page
            top = page.top_of(4)  # part 0 is the head; thr002 is the fourth comment
            assert top is not None
            assert page.render_line(top).text.startswith("▌ mei")
            assert page.render_line(top + 1).text.startswith("▌ Words of mei")
            scroller = _screen(app).scroller
            assert scroller.scroll_y <= top < scroller.scroll_y + scroller.size.height


async def test_the_articles_author_is_marked_op(talk: api.Store) -> None:
    app = ReaderApp(Actions(talk, "mei", "mei"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        heads = [line.strip() for line in _page_text(app) if "2025-03-03 " in line]
        assert [h.split("  ")[:2] for h in heads if "Rosa" in h or "ROSA" in h] == [
            ["↳ Rosa", "OP"],
            ["ROSA", "OP"],
        ]
        assert not any("OP" in h for h in heads if "ana" in h or "kai" in h)


async def test_next_new_comment_unfolds_its_thread(talk: api.Store) -> None:
    api.mark_read(talk, "takk0001", "mei")
    api.comment_on(talk, "takk0001", "Late news.", author="kai", reply_to="rep002")
    app = ReaderApp(Actions(talk, "mei", "mei"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "n", "space")  # thr001 folded, the new reply inside
        assert [b.display for b in _screen(app).blocks][:4] == [True, False, False, False]
        await pilot.press("U")
        block = _screen(app).current_comment
        assert block is not None and block.comment.text == "Late news." and block.display
        await pilot.press("U")
        assert any("No new comments below" in n.message for n in app._notifications)


async def test_s_toggles_the_subscription(talk: api.Store) -> None:
    app = ReaderApp(Actions(talk, "mei", "mei"))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter", "S")
        assert api.inbox(talk, "mei")  # reachable: subscribed
        assert any("Subscribed" in n.message for n in app._notifications)
        assert any("S unsubscribe" in line for line in _page_text(app))
        await pilot.press("S")
        assert any("Unsubscribed" in n.message for n in app._notifications)
        assert any("S subscribe" in line for line in _page_text(app))
