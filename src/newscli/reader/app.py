"""The reader application: a list of articles, an article, and the inbox."""

from __future__ import annotations

import gc
from collections.abc import Mapping
from typing import ClassVar

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.worker import Worker

from newscli.api import Article, ListQuery, Row, edit_text
from newscli.errors import NewsError
from newscli.reader.actions import Actions
from newscli.reader.article_screen import ArticleScreen, picture_room
from newscli.reader.dialogs import MIN_HEIGHT, MIN_WIDTH, HelpScreen, TextScreen, TooSmallScreen
from newscli.reader.host import TextThen
from newscli.reader.inbox_screen import InboxScreen
from newscli.reader.keys import BINDINGS
from newscli.reader.list_screen import ListScreen
from newscli.text.links import browsable


class ReaderApp(App[None]):
    """``newscli read``: every store call goes through ``actions``."""

    TITLE = "newscli read"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+c", "quit", "Quit", show=False, priority=True)
    ]
    ENABLE_COMMAND_PALETTE = False

    def __init__(
        self,
        actions: Actions,
        query: ListQuery | None = None,
        *,
        unread_only: bool = False,
        keymap: Mapping[str, str] | None = None,
        editor: str | None = None,
    ) -> None:
        super().__init__()
        self.actions = actions
        self.editor = editor
        self.read_now: set[str] = set()
        self.list_screen = ListScreen(self, query or ListQuery(), unread_only)
        self.article_screen = ArticleScreen(self)
        self._wanted: str | None = None
        self._prefetching: Worker[None] | None = None
        self.set_keymap(dict(keymap or {}))

    def on_mount(self) -> None:
        # The article screen is composed now, under the list, and kept (installed) when
        # it is left: opening an article then only draws its page.
        self.install_screen(self.article_screen, "article")
        self.push_screen(self.article_screen)
        self.pop_screen()
        self.push_screen(self.list_screen)
        self._check_size(self.size)
        # What start-up made (Textual, Rich, the screens, the first rows) is left out of
        # the collector's full passes, which would walk it all: one was seen pausing an
        # open for 0.2 s in a long session.
        self.call_after_refresh(gc.freeze)

    def on_resize(self, event: events.Resize) -> None:
        self._check_size(event.size)  # called before App's handler takes the new size

    def _check_size(self, size: Size) -> None:
        """Cover the reader while the terminal is smaller than it needs, uncover it after."""
        width, height = size
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and not isinstance(self.screen, TooSmallScreen):
            self.push_screen(TooSmallScreen())
        elif not small and isinstance(self.screen, TooSmallScreen):
            self.pop_screen()

    def _opened(self, article_id: str) -> Article | None:
        """The article, marked read for the reader; None (and a message) if it cannot be."""
        try:
            article = self.actions.article(article_id)
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return None
        try:
            self.actions.mark_read(article.id)
        except NewsError as exc:
            self.notify(str(exc), severity="warning", markup=False)
        else:
            self.read_now.add(article.id)
        self.article_changed(article)
        return article

    def open_article(self, article_id: str) -> None:
        article = self._opened(article_id)
        if article is not None:
            self.article_screen.open(article)
            if self.article_screen not in self.screen_stack:
                self.push_screen(self.article_screen)

    def prefetch(self, article_id: str) -> None:
        """Get the article under the cursor ready to open, in a thread: one at a time, the
        latest asked for last (holding a key down asks for many)."""
        self._wanted = article_id
        if self._prefetching is None or self._prefetching.is_finished:
            self._prefetching = self.run_worker(self._prefetch, thread=True, group="prefetch")

    def _prefetch(self) -> None:
        done = None
        while (wanted := self._wanted) != done and wanted is not None:
            self.actions.prefetch(wanted, picture_room(self.size.height))
            done = wanted

    def step_article(self, delta: int) -> Article | None:
        """The next (``delta`` 1) or previous (-1) article of the list, opened; None at an end."""
        article_id = self.list_screen.step(delta)
        if article_id is None:
            self.notify("No more articles this way.", markup=False)
            return None
        return self._opened(article_id)

    def article_changed(self, article: Article) -> None:
        """Show an article's new state in the list."""
        self.list_screen.update_row(Row.of(article))

    async def write_text(self, title: str, initial: str, then: TextThen) -> None:
        """Let the reader write a text in their editor (the app suspended), else in a text
        area; ``then`` gets it, or None when cancelled."""
        if self.editor is None:
            self.push_screen(TextScreen(title, initial), then)
            return
        try:
            with self.suspend():
                text = edit_text(self.editor, initial)
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        await then(text)

    def open_link(self, url: str | None) -> None:
        """Open an article's URL in the browser (Textual uses ``webbrowser``): only an
        http(s) address, which can never be read as one of the browser's options."""
        address = browsable(url)
        if address:
            self.open_url(address)
        elif url:
            message = "This article's address is not an http or https URL: not opened."
            self.notify(message, severity="warning", markup=False)
        else:
            self.notify("This article has no URL.", severity="warning", markup=False)

    def copy_id(self, article_id: str) -> None:
        self.copy_to_clipboard(article_id)
        self.notify(f"Copied {article_id}.", markup=False)

    def action_inbox(self) -> None:
        try:
            items = self.actions.inbox()
        except NewsError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.push_screen(InboxScreen(self, items))

    def action_help(self) -> None:
        keys: dict[str, list[str]] = {}
        described: dict[str, str] = {}
        for key, active in self.active_bindings.items():
            binding = active.binding
            name = binding.id or binding.action
            keys.setdefault(name, []).append(self.get_key_display(binding) or key)
            described[name] = BINDINGS[name][1] if name in BINDINGS else binding.description
        self.push_screen(HelpScreen((", ".join(keys[n]), described[n]) for n in keys))
