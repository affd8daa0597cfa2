"""What the reader's screens ask of the application that shows them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from newscli.api import Article
from newscli.reader.actions import Actions

TextThen = Callable[[str | None], Awaitable[None]]


class Host(Protocol):
    """The reader application, as its screens see it (``ReaderApp``)."""

    actions: Actions
    read_now: set[str]
    """Articles opened in this session, whatever the store's read marks say."""

    def first_drawn(self) -> None:
        """The list's first rows are on the screen: what start-up put off may follow."""

    def open_article(self, article_id: str, comment_id: str | None = None) -> None: ...
    def prefetch(self, article_id: str) -> None: ...
    def step_article(self, delta: int) -> Article | None: ...
    def article_changed(self, article: Article) -> None: ...
    async def write_text(
        self, title: str, initial: str, then: TextThen, template: str = ""
    ) -> None: ...
    def open_link(self, url: str | None) -> None: ...
    def copy_id(self, article_id: str) -> None: ...
