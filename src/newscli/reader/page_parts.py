"""The page ``show`` prints, cut where the comments start so each comment can be marked.

``article_page`` returns a Group whose last part is the discussion (``discussion_view``),
whose ``Padding`` parts are the comments in the order of ``discussion(...).shown``. Printed
one after the other at the same width, the parts make exactly the page ``show`` prints
(tests/reader/test_page_parts.py checks that), so the reader keeps no layout of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding

from newscli.api import Article, Comment, PageState, discussion
from newscli.render.page import article_page

if TYPE_CHECKING:
    from newscli.api import Picture


@dataclass(frozen=True)
class CommentPart:
    """One comment as the page renders it, with its place in the thread."""

    comment: Comment
    depth: int
    thread: int
    view: RenderableType


@dataclass(frozen=True)
class PageParts:
    """The page before the comments, the comments, and what follows them."""

    head: list[RenderableType]
    comments: list[CommentPart]
    tail: list[RenderableType]


def page_parts(
    article: Article,
    all_comments: bool = False,
    state: PageState | None = None,
    picture: Picture | None = None,
    keys: Mapping[str, str] | None = None,
) -> PageParts:
    """``article_page`` cut into its parts (``state``: what the page says to the reader;
    ``picture``: the feature image drawn; ``keys``: the keys it names instead of commands);
    raises ValueError if its shape has changed."""
    page = article_page(article, all_comments, state=state, picture=picture, keys=keys)
    *head, talk = page.renderables
    if not isinstance(talk, Group):
        raise ValueError("the page no longer ends with its discussion")
    placed = [
        (number, depth, comment)
        for number, thread in enumerate(discussion(article.comments, all_comments).shown)
        for depth, comment in thread
    ]
    views = [part for part in talk.renderables if isinstance(part, Padding)]
    if len(views) != len(placed):
        raise ValueError("the discussion's parts no longer match its comments")
    first = talk.renderables.index(views[0]) if views else len(talk.renderables)
    last = talk.renderables.index(views[-1]) + 1 if views else len(talk.renderables)
    return PageParts(
        head=[*head, *talk.renderables[:first]],
        comments=[
            CommentPart(comment, depth, number, view)
            for (number, depth, comment), view in zip(placed, views, strict=True)
        ],
        tail=list(talk.renderables[last:]),
    )
