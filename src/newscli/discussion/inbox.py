"""What reaches a person: their inbox, and which comments are new to them.

The inbox holds every comment by someone else that
- replies to one of the person's comments (``reply``), on any article;
- mentions ``@name`` (``mention``), on any article;
- arrived on an article they follow for all new comments, after they subscribed
  (``follow-up``).
A comment is listed once, for the first of these reasons that applies, newest arrival
first. What is new goes by arrival in this copy of the store (``discussion.arrivals``),
never by the clock of the machine a comment was written on.

How it stays cheap on a large store: the arrival log says which comments arrived since
the person last read their inbox; only the files holding those are read, and of them
only the subscribed articles and those whose text holds the person's name are parsed (a
reply to them sits in a file holding their comment; a mention holds ``@name``).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newscli.discussion import arrivals
from newscli.discussion.arrivals import INBOX, OPENED, SUBSCRIBED, Arrival
from newscli.discussion.state import load_state
from newscli.disk.reading import parse, read_bytes
from newscli.errors import CorruptArticle
from newscli.model.article import Article
from newscli.model.listing import Row
from newscli.model.notices import Inbox, InboxItem
from newscli.model.people import normal_name, same_person
from newscli.store.store import Store

WHY_REPLY, WHY_MENTION, WHY_FOLLOW_UP = "reply", "mention", "follow-up"
_NEVER_ESCAPED = re.compile(r"[^\x00-\x1f\x7f\"\\]+")  # TOML writes these as they are


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` mentions ``@name`` (the name in its one spelling, whatever the
    Unicode form the text was typed in, as a whole word)."""
    text = unicodedata.normalize("NFC", text)
    return re.search(rf"(?<![\w@])@{re.escape(name)}(?!\w)", text) is not None


def items_for(
    article: Article,
    name: str,
    arrived: dict[str, Arrival],
    subscription: str | None,
    subscribed: int | None,
) -> list[InboxItem]:
    """The inbox items one article holds for ``name`` among the comments that ``arrived``
    (by id); ``subscription``: their mode, if any, counting from arrival ``subscribed``."""
    authors = {c.id: c.author for c in article.comments}
    items = []
    for comment in article.comments:
        arrival = arrived.get(comment.id)
        if arrival is None or comment.deleted or same_person(comment.author, name):
            continue
        if comment.parent is not None and same_person(authors.get(comment.parent), name):
            why = WHY_REPLY
        elif mentions(comment.text, name):
            why = WHY_MENTION
        elif subscription == "all" and subscribed is not None and arrival.seq > subscribed:
            why = WHY_FOLLOW_UP
        else:
            continue
        items.append(
            InboxItem(
                article_id=article.id,
                title=article.title,
                comment_id=comment.id,
                author=comment.author,
                at=comment.at,
                why=why,
                text=comment.text,
                arrived=arrival.arrived,
                seq=arrival.seq,
            )
        )
    return items


def _needle(name: str) -> bytes:
    """The longest part of the name that any TOML string holding it shows as it is."""
    return max(_NEVER_ESCAPED.findall(name), key=len, default="").encode("utf-8")


def _holds(data: bytes, needle: bytes) -> bool:
    """Whether a file's bytes hold the needle, in whatever Unicode form they spell it."""
    if needle in data:  # an empty needle is in all
        return True
    if data.isascii():
        return False
    text = unicodedata.normalize("NFC", data.decode("utf-8", "replace"))
    return needle in text.encode("utf-8")


def inbox(
    store: Store, state_dir: Path, name: str, *, everything: bool = False, mark_read: bool = False
) -> Inbox:
    """``name``'s inbox: what arrived since they last read it (``everything``: all of it).

    With ``mark_read``, it is marked read up to the last arrival this read saw, so nothing
    arriving meanwhile is missed. Raises BrokenState when their state file is broken.
    """
    name = normal_name(name)
    state = load_state(state_dir, name)
    with arrivals.opened(store.data) as log:
        log.catch_up()
        latest = log.latest()
        since = None if everything else log.mark(name, INBOX)
        subscribed = log.marks(name, SUBSCRIBED)
        for article_id in state.subscriptions.keys() - subscribed.keys():
            # Made on another copy, seen here first: it counts from now on, here.
            log.set_mark(name, SUBSCRIBED, latest, article_id)
            subscribed[article_id] = latest
        found = log.arrived_after(since, name)
        if mark_read:
            log.set_mark(name, INBOX, latest)
    by_article: dict[str, dict[str, Arrival]] = defaultdict(dict)
    for arrival in found:
        if arrival.seq <= latest:
            by_article[arrival.article_id][arrival.comment_id] = arrival
    needle = _needle(name)
    items, problems = [], []
    for article_id, arrived in by_article.items():
        where = f"articles/{article_id}.toml"
        try:
            data = read_bytes(store.path_for(article_id), where)
            if article_id not in state.subscriptions and not _holds(data, needle):
                continue
            article = parse(where, data)
        except FileNotFoundError:
            continue  # removed since it was read
        except CorruptArticle as exc:
            problems.append(exc)
            continue
        mode, start = state.subscriptions.get(article_id), subscribed.get(article_id)
        items += items_for(article, name, arrived, mode, start)
    items.sort(key=lambda item: item.seq, reverse=True)
    return Inbox(items, since, problems)


def follow(store: Store, name: str, article_id: str) -> None:
    """Note that ``name`` follows an article from now on: what arrives later is new."""
    with arrivals.opened(store.data) as log:
        log.catch_up_one(article_id)
        log.set_mark(normal_name(name), SUBSCRIBED, log.latest(), article_id)


def unfollow(store: Store, name: str, article_id: str) -> None:
    """Forget where ``name`` started following an article."""
    with arrivals.opened(store.data) as log:
        log.drop_mark(normal_name(name), SUBSCRIBED, article_id)


def visit(store: Store, name: str, article_id: str) -> frozenset[str]:
    """Note that ``name`` opens an article now; returns the ids of its comments that are
    new to them: by someone else, arrived since their last visit (none on a first one)."""
    name = normal_name(name)
    with arrivals.opened(store.data) as log:
        log.catch_up_one(article_id)
        new = log.new_in(name, article_id)
        log.set_mark(name, OPENED, log.latest(), article_id)
    return new


@dataclass(frozen=True)
class ReadStatus:
    """Whether a person ever opened an article, and how many of its comments are new to them."""

    read: bool
    new_comments: int


def read_statuses(
    store: Store, name: str, article_ids: Sequence[str] | None = None, catch_up: bool = True
) -> dict[str, ReadStatus]:
    """The read status of every article (of ``article_ids``, if given) with comments or a
    visit, for ``name``: never opened, all comments by others are new; opened, those that
    arrived since. ``catch_up``: the arrival log is first brought up to date."""
    name = normal_name(name)
    with arrivals.opened(store.data) as log:
        if catch_up:
            log.catch_up()
        counts = log.unread_counts(name, article_ids)
        visited = log.marks(name, OPENED, article_ids)
    statuses = {article_id: ReadStatus(True, 0) for article_id in visited}
    for article_id, count in counts.items():
        statuses[article_id] = ReadStatus(article_id in visited, count)
    return statuses


def catch_up_arrivals(store: Store) -> int:
    """Record the comments of the article files that changed since the arrival log last
    read them; returns how many files that was."""
    with arrivals.opened(store.data) as log:
        return log.catch_up()


QUICK_BATCH = 200
"""Rows whose statuses a quick listing looks up at once (a screen or two of the reader)."""


def marked_rows(
    store: Store,
    name: str,
    rows: Iterable[Row],
    unread_only: bool = False,
    limit: int | None = None,
    quick: bool = False,
) -> Iterator[Row]:
    """The rows with ``read`` and ``new_comments`` set for ``name`` (see ``read_statuses``);
    ``unread_only``: only articles they never opened or with comments new to them, at most
    ``limit``. The arrival log is brought up to date here, at once; or, when ``quick``, not
    at all (``catch_up_arrivals``, later), and the statuses are looked up as the
    rows are read, a batch at a time: a first screen costs what its rows cost."""
    unopened = ReadStatus(False, 0)
    statuses: dict[str, ReadStatus] = {} if quick else read_statuses(store, name)

    def looked_up() -> Iterator[Row]:
        """The rows, each batch's statuses looked up first when ``quick``."""
        if not quick:
            yield from rows
            return
        it = iter(rows)
        while batch := list(itertools.islice(it, QUICK_BATCH)):
            statuses.update(read_statuses(store, name, [r.id for r in batch], catch_up=False))
            yield from batch

    def marked() -> Iterator[Row]:
        count = 0
        for row in looked_up():
            status = statuses.get(row.id, unopened)
            if unread_only and status.read and not status.new_comments:
                continue
            row.read, row.new_comments = status.read, status.new_comments
            yield row
            count += 1
            if count == limit:
                return

    return marked()
