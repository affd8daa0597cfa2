"""Each person's own state, seen from the store: where it is kept, subscriptions, visits,
the inbox and which articles are read (the work is in ``people`` and ``inbox``)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from newscli.discussion import PageState
from newscli.listing import Row
from newscli.store import Store

if TYPE_CHECKING:
    from newscli.inbox import Inbox


def state_dir(store: Store) -> Path:
    """Where each person's own state is kept: ``<data>/state/``."""
    return store.data.state


def subscribe(store: Store, ref: str, person: str, replies_only: bool = False) -> str:
    """Have ``person`` notified of an article's new comments (``replies_only``: of replies to
    their comments only); returns its id. Subscribing again changes the kind."""
    from newscli import people

    mode = "replies" if replies_only else "all"
    return people.subscribe(store, state_dir(store), person, ref, mode)


def unsubscribe(store: Store, ref: str, person: str) -> str:
    """End ``person``'s subscription to an article (which may be gone); returns its id."""
    from newscli import people

    return people.unsubscribe(state_dir(store), person, ref)


def mark_read(store: Store, ref: str, person: str) -> PageState:
    """Note that ``person`` opens an article now; returns what its page says to them:
    their previous visit (comments since are new) and their subscription."""
    from newscli import people

    opened, subscription = people.visit(state_dir(store), person, store.resolve(ref))
    return PageState(person, person, opened, subscription)


def inbox(store: Store, person: str, all: bool = False, mark_read: bool = False) -> Inbox:
    """What reached ``person`` since they last read their inbox (``all``: everything),
    newest first; ``mark_read`` marks it read. See ``newscli.inbox``."""
    from newscli.inbox import inbox as read_inbox

    return read_inbox(store, state_dir(store), person, everything=all, mark_read=mark_read)


def with_read_status(
    store: Store,
    person: str,
    rows: Iterable[Row],
    unread_only: bool = False,
    limit: int | None = None,
) -> Iterator[Row]:
    """The rows with ``read`` and ``new_comments`` set for ``person`` (see
    ``inbox.read_statuses``); ``unread_only``: only articles they never opened or with
    comments new to them, at most ``limit``. A broken state file raises here, at once."""
    from newscli.inbox import read_statuses
    from newscli.people import load_state

    state = load_state(state_dir(store), person)

    def marked() -> Iterator[Row]:
        count = 0
        for row in rows:
            status = read_statuses(store, state, {row.id: row.comments})[row.id]
            if unread_only and status.read and not status.new_comments:
                continue
            row.read, row.new_comments = status.read, status.new_comments
            yield row
            count += 1
            if count == limit:
                return

    return marked()
