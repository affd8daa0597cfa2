"""What one person follows and has seen, as the door (``api``) offers it: subscribing,
opening an article, reading the inbox and the read marks of a listing, each a call over
the store that checks the person's name first (``model.people.person_name``).

The work is done by ``state`` (subscriptions, shared), ``inbox`` and ``arrivals`` (what
arrived in this copy, and where each person last looked) and ``signing`` (what the page
marks unverified).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.discussion import state
from newscli.discussion.inbox import follow, marked_rows, unfollow, visit
from newscli.discussion.inbox import inbox as read_inbox
from newscli.errors import NewsError
from newscli.model.article import Article
from newscli.model.listing import Row
from newscli.model.notices import Inbox
from newscli.model.people import person_name
from newscli.model.threads import PageState
from newscli.store.store import Store

if TYPE_CHECKING:
    from newscli.model.picture import Picture


def state_dir(store: Store) -> Path:
    """Where each person's own state is kept: ``<data>/state/``."""
    return store.data.state


def subscribe(store: Store, ref: str, person: str, replies_only: bool = False) -> str:
    """Have ``person`` notified of an article's new comments (``replies_only``: of replies to
    their comments only) from now on; returns its id. Subscribing again changes the kind."""
    name = person_name(person)
    mode = "replies" if replies_only else "all"
    article_id = state.subscribe(store, state_dir(store), name, ref, mode)
    follow(store, name, article_id)
    return article_id


def unsubscribe(store: Store, ref: str, person: str) -> str:
    """End ``person``'s subscription to an article (which may be gone); returns its id."""
    name = person_name(person)
    article_id = state.unsubscribe(state_dir(store), name, ref)
    unfollow(store, name, article_id)
    return article_id


def mark_read(store: Store, ref: str, person: str) -> PageState:
    """Note that ``person`` opens an article now; returns what its page says to them:
    the comments that arrived since their last visit, their subscription, and the entries
    that signatures should vouch for and do not."""
    from newscli.discussion.signing import check_article, trusted_keys

    name = person_name(person)
    article_id = store.resolve(ref)
    subscription = state.load_state(state_dir(store), name).subscriptions.get(article_id)
    new = visit(store, name, article_id)
    unverified: frozenset[str] = frozenset()
    trust = trusted_keys(store.data)
    if trust.keys:
        found = check_article(store.data, store.load(article_id), trust)
        unverified = frozenset(u.key for u in found)
    return PageState(name, name, subscription, new, unverified)


def inbox(store: Store, person: str, all: bool = False, mark_read: bool = False) -> Inbox:
    """What reached ``person`` since they last read their inbox (``all``: everything),
    newest arrival first; ``mark_read`` marks it read. See ``discussion.inbox``."""
    name = person_name(person)
    return read_inbox(store, state_dir(store), name, everything=all, mark_read=mark_read)


def with_read_status(
    store: Store,
    person: str,
    rows: Iterable[Row],
    unread_only: bool = False,
    limit: int | None = None,
    quick: bool = False,
) -> Iterator[Row]:
    """The rows with ``read`` and ``new_comments`` set for ``person``; ``unread_only``: only
    articles they never opened or with comments new to them, at most ``limit``. What is
    new goes by arrival in this copy (``discussion.arrivals``). ``quick``: by what this
    copy's arrival log knows already, for a first screen, to be followed by ``catch_up``."""
    return marked_rows(store, person_name(person), rows, unread_only, limit, quick)


@dataclass(frozen=True)
class Viewed:
    """An article to show, what its page says to the reader, its decoded feature image
    (if asked for and stored), and why an image could not be drawn."""

    article: Article
    state: PageState
    picture: Picture | None = None
    problems: tuple[str, ...] = ()


def view(
    store: Store, article: Article, person: str | None, image_room: tuple[int, int] | None
) -> Viewed:
    """``article`` opened by ``person`` (noted with ``mark_read``; None: nobody's state is
    read or written); with ``image_room`` (pixels), its stored image decoded at least that
    large."""
    state = mark_read(store, article.id, person) if person is not None else PageState()
    if image_room is None:
        return Viewed(article, state)
    from newscli.store.images import picture as decoded

    try:
        return Viewed(article, state, decoded(store, article.id, image_room))
    except NewsError as exc:  # the stored file is no longer an image: the placeholder
        return Viewed(article, state, problems=(f"image not drawn: {exc}",))
