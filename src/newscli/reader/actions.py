"""Everything the reader does to the store, one method an action, all through ``newscli.api``."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING

from newscli import api
from newscli.api import Article, Comment, InboxItem, ListQuery, PageState, Row, Store
from newscli.choices import VoteValue
from newscli.errors import NewsError
from newscli.render.image import image_rows
from newscli.text.layout import MEASURE

if TYPE_CHECKING:
    from newscli.api import Picture, Signer

__all__ = ["Actions", "picture_room"]


def picture_room(height: int) -> tuple[int, int]:
    """The pixels the feature image is decoded to fill on a terminal ``height`` rows high."""
    return (MEASURE, 2 * image_rows(height))


class Actions:
    """The reader's store calls for one person: ``voter`` rates and votes (and owns the
    read marks, subscriptions and inbox); ``author`` writes comments (None: anonymous);
    ``signer`` signs them all (None: unsigned)."""

    def __init__(
        self, store: Store, voter: str, author: str | None, signer: Signer | None = None
    ) -> None:
        self.store = store
        self.voter = voter
        self.author = author
        self.signer = signer
        self._visits: dict[str, PageState] = {}
        self._ahead: tuple[str, tuple[int, int], Picture | None] | None = None
        self._tags: list[str] | None = None

    def rows(self, spec: ListQuery, quick: bool = False) -> Iterator[Row]:
        """The rows ``spec`` selects, read from the index as they are iterated, with the
        reader's own read marks (``read``, ``new_comments``) from earlier sessions.
        ``quick``: the index is first brought up to date only with the files that came
        or went, when ``catch_up`` can read the edits from a worker thread."""
        edits = not (quick and self.threaded)
        rows, _problems = api.iter_articles(self.store, spec, edits=edits)
        return api.with_read_status(self.store, self.voter, rows, quick=not edits)

    @property
    def threaded(self) -> bool:
        """Whether worker threads can read the index: it is a file, which each opens for
        itself (an index in memory is this connection's alone)."""
        return self.store.index_path is not None

    @contextmanager
    def _own_store(self) -> Iterator[Store]:
        """The store again, with a connection of its own to the index (for a thread)."""
        if not self.threaded:
            yield self.store
            return
        store = api.open_store(self.store.root, self.store.index_path)
        try:
            yield store
        finally:
            store.close()

    def catch_up(self) -> int:
        """(From a worker thread.) Bring the index and the read marks up to date with the
        edits a quick ``rows`` passed over; returns how many files had changed."""
        with self._own_store() as store:
            return api.catch_up(store)

    def count(self, spec: ListQuery, keep: Callable[[Row], bool] | None = None) -> int:
        """How many rows ``spec`` selects (of them, those ``keep`` keeps), from a worker
        thread when ``threaded``."""
        with self._own_store() as store:
            if keep is None:
                return api.count_articles(store, spec)
            rows, _problems = api.iter_articles(store, spec, edits=False)
            return sum(1 for row in api.with_read_status(store, self.voter, rows) if keep(row))

    def tags(self) -> list[str]:
        """Every tag in the store, the most used first (read once: the reader tags nothing)."""
        if self._tags is None:
            rows, _problems = api.iter_articles(self.store)
            counted = Counter(tag for row in rows for tag in row.tags)
            self._tags = [tag for tag, _ in counted.most_common()]
        return self._tags

    def article(self, ref: str) -> Article:
        return api.get_article(self.store, ref)

    def picture(self, article_id: str, room: tuple[int, int]) -> Picture | None:
        """The article's stored image, decoded at least ``room`` pixels large; None
        without one, without Pillow, or when the file is no longer an image. The one
        ``prefetch`` decoded is used once, then the file is read again."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead[:2] == (article_id, room):
            return ahead[2]
        try:
            return api.picture(self.store, article_id, room)
        except NewsError:
            return None

    def prefetch(self, article_id: str, room: tuple[int, int]) -> None:
        """Decode the image of the article likely opened next (from a worker thread), and
        load the modules its opening needs the first time: the image decoder and the lock
        of the reader's state, which ``mark_read`` takes."""
        import filelock  # noqa: F401  (newscli.discussion.state imports it when it first locks)

        self._ahead = None
        picture = self.picture(article_id, room)
        self._ahead = (article_id, room, picture)

    def rate(self, ref: str, stars: int) -> None:
        api.rate_article(self.store, ref, self.voter, stars, self.signer)

    def clear_rating(self, ref: str) -> None:
        api.clear_rating(self.store, ref, self.voter)

    def vote(self, ref: str, comment_id: str, value: VoteValue) -> None:
        api.vote_comment(self.store, ref, comment_id, self.voter, value, self.signer)

    def comment(self, ref: str, text: str) -> Comment:
        return api.comment_on(self.store, ref, text, author=self.author, signer=self.signer)

    def reply(self, ref: str, comment_id: str, text: str) -> Comment:
        return api.comment_on(
            self.store, ref, text, author=self.author, reply_to=comment_id, signer=self.signer
        )

    def edit(self, ref: str, comment_id: str, text: str) -> None:
        api.edit_comment(self.store, ref, comment_id, text, self.author, signer=self.signer)

    def delete(self, ref: str, comment_id: str) -> None:
        api.delete_comment(self.store, ref, comment_id, self.author, signer=self.signer)

    def subscribe(self, ref: str) -> None:
        article_id = api.subscribe(self.store, ref, self.voter)
        self._visits[article_id] = replace(self.page_state(article_id), subscription="all")

    def unsubscribe(self, ref: str) -> None:
        article_id = api.unsubscribe(self.store, ref, self.voter)
        self._visits[article_id] = replace(self.page_state(article_id), subscription=None)

    def mark_read(self, article_id: str) -> None:
        seen = api.mark_read(self.store, article_id, self.voter)
        self._visits[article_id] = replace(seen, commenter=self.author)

    def page_state(self, article_id: str) -> PageState:
        """What an article's page says to the reader: their previous visit (its comments
        since then are new), their subscription and the name they comment as."""
        return self._visits.get(article_id, PageState(self.voter, self.author))

    def inbox(self) -> Sequence[InboxItem]:
        return api.inbox(self.store, self.voter).items
