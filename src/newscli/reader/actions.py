"""Everything the reader does to the store, one method an action, all through ``newscli.api``.

The discussion calls (comment votes, edits, deletions, clearing a rating, subscriptions,
read marks and the inbox) are the api of issue 13; until it is merged, they raise a
NewsError saying that this newscli does not have them yet.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime
from typing import Literal, Protocol, cast

from newscli import api
from newscli.errors import NewsError
from newscli.listing import Row
from newscli.models import Article, Comment
from newscli.query import ListQuery
from newscli.store import Store

VoteValue = Literal["up", "down", "clear"]


class InboxItem(Protocol):
    """One thing in a person's inbox: a comment on an article, and why it arrived."""

    article_id: str
    comment_id: str
    author: str
    at: datetime
    why: str


class _Discussions(Protocol):
    """The part of ``newscli.api`` that issue 13 adds."""

    def vote_comment(
        self, store: Store, ref: str, comment_id: str, voter: str, value: str
    ) -> object: ...
    def edit_comment(
        self, store: Store, ref: str, comment_id: str, text: str, actor: str | None, force: bool
    ) -> object: ...
    def delete_comment(
        self, store: Store, ref: str, comment_id: str, actor: str | None, force: bool
    ) -> object: ...
    def clear_rating(self, store: Store, ref: str, voter: str) -> object: ...
    def subscribe(self, store: Store, ref: str, person: str, replies_only: bool) -> object: ...
    def mark_read(self, store: Store, ref: str, person: str) -> object: ...
    def inbox(self, store: Store, person: str, all: bool) -> Sequence[InboxItem]: ...


def _discussions(name: str) -> _Discussions:
    """``newscli.api`` seen with the discussion calls, once it has ``name``."""
    if not hasattr(api, name):
        raise NewsError(f"this newscli cannot {name.replace('_', ' ')} yet")
    return cast(_Discussions, api)


class Actions:
    """The reader's store calls for one person: ``voter`` rates and votes (and owns the
    read marks, subscriptions and inbox); ``author`` signs comments (None: anonymous)."""

    def __init__(self, store: Store, voter: str, author: str | None) -> None:
        self.store = store
        self.voter = voter
        self.author = author

    def rows(self, spec: ListQuery) -> Iterator[Row]:
        """The rows ``spec`` selects, read from the index as they are iterated."""
        rows, _problems = api.iter_articles(self.store, spec)
        return rows

    def article(self, ref: str) -> Article:
        return api.get_article(self.store, ref)

    def rate(self, ref: str, stars: int) -> None:
        api.rate_article(self.store, ref, self.voter, stars)

    def clear_rating(self, ref: str) -> None:
        _discussions("clear_rating").clear_rating(self.store, ref, self.voter)

    def vote(self, ref: str, comment_id: str, value: VoteValue) -> None:
        _discussions("vote_comment").vote_comment(self.store, ref, comment_id, self.voter, value)

    def comment(self, ref: str, text: str) -> Comment:
        return api.comment_on(self.store, ref, text, author=self.author)

    def reply(self, ref: str, comment_id: str, text: str) -> Comment:
        return api.comment_on(self.store, ref, text, author=self.author, reply_to=comment_id)

    def edit(self, ref: str, comment_id: str, text: str) -> None:
        pending = _discussions("edit_comment")
        pending.edit_comment(self.store, ref, comment_id, text, self.author, False)

    def delete(self, ref: str, comment_id: str) -> None:
        pending = _discussions("delete_comment")
        pending.delete_comment(self.store, ref, comment_id, self.author, False)

    def subscribe(self, ref: str) -> None:
        _discussions("subscribe").subscribe(self.store, ref, self.voter, False)

    def mark_read(self, ref: str) -> None:
        _discussions("mark_read").mark_read(self.store, ref, self.voter)

    def inbox(self) -> Sequence[InboxItem]:
        return _discussions("inbox").inbox(self.store, self.voter, False)
