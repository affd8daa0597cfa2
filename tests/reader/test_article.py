"""The article view: moving between comments and articles, and every action."""

from __future__ import annotations

import io
import shlex
import sys
from contextlib import nullcontext
from pathlib import Path

import pytest
from rich.console import Console
from textual.widgets import Static

from newscli import api
from newscli.reader.app import ReaderApp
from newscli.reader.article_screen import ArticleScreen
from newscli.reader.dialogs import ConfirmScreen, TextScreen
from newscli.reader.list_screen import ListScreen
from reader.conftest import FakeActions

pytestmark = pytest.mark.asyncio
SIZE = (100, 40)


def _screen(app: ReaderApp) -> ArticleScreen:
    assert isinstance(app.screen, ArticleScreen)
    return app.screen


def _focused(app: ReaderApp) -> str | None:
    block = _screen(app).current_comment
    return block.comment.id if block else None


async def test_comments_next_previous_parent_and_fold(app: ReaderApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        assert _focused(app) == "cmt001"
        await pilot.press("n")
        assert _focused(app) == "cmt002"
        await pilot.press("u")
        assert _focused(app) == "cmt001"
        await pilot.press("space")
        assert [b.display for b in _screen(app).blocks] == [True, False, True]
        await pilot.press("n")
        assert _focused(app) == "cmt003"  # the folded reply is skipped
        await pilot.press("p", "space")
        assert all(b.display for b in _screen(app).blocks)


async def test_next_and_previous_article(app: ReaderApp, actions: FakeActions) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "J")
        assert _screen(app).article.id == "art00002"
        await pilot.press("J", "K")
        assert _screen(app).article.id == "art00002"
        assert [c for c in actions.calls if c[0] == "mark_read"] == [
            ("mark_read", r) for r in ("art00003", "art00002", "art00001", "art00002")
        ]


async def test_rate_shows_on_the_page_and_in_the_list(app: ReaderApp, store: api.Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "4")
        article = api.get_article(store, "art00003")
        assert {(v.voter, v.stars) for v in article.votes} == {("kai", 5), ("mei", 4)}
        head = _screen(app).query_one("#page").children[0]
        assert isinstance(head, Static)
        console = Console(width=88, file=io.StringIO(), record=True)
        console.print(head.content)
        assert "4.5  2 votes" in console.export_text()
        await pilot.press("q")
        assert isinstance(app.screen, ListScreen)
        assert app.screen.rows["art00003"].rating.votes == 2


@pytest.mark.parametrize(
    ("keys", "call"),
    [
        (("0",), ("clear_rating", "art00003")),
        (("n", "plus"), ("vote", "art00003", "cmt001", "up")),
        (("n", "n", "minus"), ("vote", "art00003", "cmt002", "down")),
        (("S",), ("subscribe", "art00003")),
        (("n", "d", "y"), ("delete", "art00003", "cmt001")),
    ],
)
async def test_discussion_actions_call_the_adapter(
    app: ReaderApp, actions: FakeActions, keys: tuple[str, ...], call: tuple[str, ...]
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *keys)
        assert actions.calls[-1] == call


async def test_delete_asks_first(app: ReaderApp, actions: FakeActions) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert not [c for c in actions.calls if c[0] == "delete"]


async def test_vote_without_a_focused_comment_says_how(
    app: ReaderApp, actions: FakeActions
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "plus")
        assert not [c for c in actions.calls if c[0] == "vote"]
        assert any("n and p move" in n.message for n in app._notifications)


async def test_comment_and_reply_in_the_text_area(app: ReaderApp, store: api.Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c")
        assert isinstance(app.screen, TextScreen)
        await pilot.press(*"Good news", "ctrl+s")
        await pilot.press("n", "r", *"Agreed", "ctrl+s")
        comments = api.get_article(store, "art00003").comments
        assert [(c.author, c.text, c.parent) for c in comments[3:]] == [
            ("mei", "Good news", None),
            ("mei", "Agreed", "cmt001"),
        ]
        assert len(_screen(app).blocks) == 5
        assert _focused(app) == "cmt001"  # the focus stays on the comment replied to


async def test_cancelled_comment_stores_nothing(app: ReaderApp, store: api.Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", *"draft", "escape")
        assert len(api.get_article(store, "art00003").comments) == 3


async def test_edit_through_the_editor(
    actions: FakeActions, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen = tmp_path / "seen.txt"
    # An editor that keeps what it was given and changes the text above the template.
    script = (
        "import pathlib, sys\n"
        "draft = pathlib.Path(sys.argv[1])\n"
        f"pathlib.Path({str(seen)!r}).write_text(draft.read_text())\n"
        "draft.write_text(draft.read_text().replace('Finally.', 'Finally!'))\n"
    )
    editor = f"{shlex.quote(sys.executable)} -c {shlex.quote(script)}"
    monkeypatch.setattr(ReaderApp, "suspend", lambda self: nullcontext())  # headless
    app = ReaderApp(actions, editor=editor)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n", "e")
        opened = seen.read_text()
        assert opened.startswith("Finally.\n")
        assert "# Edit your comment above it, on “Tramway extension 3" in opened
        assert actions.calls[-1] == ("edit", "art00003", "cmt001", "Finally!")


async def test_open_url_and_copy_id(app: ReaderApp, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    copied: list[str] = []
    monkeypatch.setattr(ReaderApp, "open_url", lambda self, url, **kw: opened.append(url))
    monkeypatch.setattr(ReaderApp, "copy_to_clipboard", lambda self, text: copied.append(text))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "o", "y")
    assert opened == ["https://example.org/news/3"]
    assert copied == ["art00003"]


async def test_errors_are_one_notification(app: ReaderApp, store: api.Store) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "c", "ctrl+s")  # empty comment
        assert any("the comment is empty" in n.message for n in app._notifications)
        assert len(api.get_article(store, "art00003").comments) == 3


async def test_the_page_marks_the_focused_comment_and_leaves_out_folded_replies(
    app: ReaderApp,
) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "n")
        page = _screen(app).page
        focused, head = page.top_of(1), page.top_of(0)
        assert page.focused == 1 and focused is not None and head is not None
        assert page.render_line(focused).text.startswith("▌ mei")  # a bar beside it
        # Past the gutter, the focused comment stands on a background of its own.
        marked = {s.style.bgcolor for s in list(page.render_line(focused))[1:] if s.style}
        plain = {s.style.bgcolor for s in list(page.render_line(head))[1:] if s.style}
        assert marked.isdisjoint(plain)
        height = page.size.height
        await pilot.press("space")
        await pilot.pause()
        assert page.hidden == {2} and page.top_of(2) is None
        assert page.size.height < height


async def test_an_article_opened_again_starts_unfolded_at_its_top(app: ReaderApp) -> None:
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("enter", "n", "n", "n", "space", "q", "j", "enter")
        screen = _screen(app)
        assert screen.article.id == "art00002"
        assert screen.current_comment is None and not screen.folded
        assert screen.scroller.scroll_y == 0
        await pilot.press("q", "k", "enter")
        assert _screen(app) is screen and screen.article.id == "art00003"
        assert all(block.display for block in screen.blocks)
