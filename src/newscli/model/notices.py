"""What reaches a person: the items of their inbox."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscli.errors import CorruptArticle


@dataclass(frozen=True)
class InboxItem:
    """One comment that reached a person, and why (``reply``, ``mention``, ``follow-up``)."""

    article_id: str
    title: str
    comment_id: str
    author: str | None
    at: datetime
    why: str
    line: str
    """The first line of the comment's text."""


@dataclass(frozen=True)
class Inbox:
    """A person's inbox: the items, newest first; since when (None: everything); the
    article files that could not be read."""

    items: list[InboxItem]
    since: datetime | None
    problems: list[CorruptArticle]
