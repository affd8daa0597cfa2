"""What reaches a person: the items of their inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscli.errors import CorruptArticle


@dataclass(frozen=True)
class InboxItem:
    """One comment that reached a person, and why (``reply``, ``mention``, ``follow-up``):
    the article's id and title, the comment's id, author (None: anonymous), time and
    text, and when it arrived in this copy of the store (``seq``: in what order)."""

    article_id: str
    title: str
    comment_id: str
    author: str | None
    at: datetime
    why: str
    text: str
    arrived: datetime
    seq: int

    @property
    def line(self) -> str:
        """The first line of the comment's text that is not blank."""
        return next((s.strip() for s in self.text.splitlines() if s.strip()), "")


@dataclass(frozen=True)
class Inbox:
    """A person's inbox: the items, newest arrival first; the arrival it lists from
    (None: everything, on a first read or with ``--all``); the article files that could
    not be read."""

    items: list[InboxItem]
    since: int | None
    problems: list[CorruptArticle]
