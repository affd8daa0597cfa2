"""What reaches a person: their inbox, and which comments are new to them.

The inbox holds, newest first, every comment by someone else that
- replies to one of the person's comments (``reply``), on any article;
- mentions ``@name`` (``mention``), on any article;
- is new on an article they follow for all new comments (``follow-up``).
A comment is listed once, for the first of these reasons that applies.

How it stays cheap on a large store, without parsing every article file:
- only files changed since the inbox was last read can hold anything new: a comment is
  written into its file at or after its ``at`` time, so a file whose mtime is older
  cannot hold one (a file copied in gets a new mtime and is looked at: never missed);
- of those, only the subscribed articles and the files whose bytes contain the
  person's name are parsed: a reply to the person sits in a file that holds their
  comment, so their name as ``author``, and a mention holds ``@name``. The bytes are
  searched for a part of the name that TOML never escapes.
So an inbox read often lists the directory, stats each file and opens a few; ``all``
(or a first read) reads every file's bytes but still parses only the few that matter.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newscli.dates import now
from newscli.discussion.state import PersonState, load_state, mark_inbox_read
from newscli.disk.datadir import ARTICLE_FILE_RE
from newscli.disk.reading import parse, read_bytes
from newscli.errors import CorruptArticle, NotFound
from newscli.model.article import Article, Comment
from newscli.model.listing import Row
from newscli.model.notices import Inbox, InboxItem
from newscli.model.threads import is_new
from newscli.store.store import Store

WHY_REPLY, WHY_MENTION, WHY_FOLLOW_UP = "reply", "mention", "follow-up"
_NEVER_ESCAPED = re.compile(r"[^\x00-\x1f\x7f\"\\]+")  # TOML writes these as they are


def mentions(text: str, name: str) -> bool:
    """Whether ``text`` mentions ``@name`` (exactly as the name is spelt, as a whole word)."""
    return re.search(rf"(?<![\w@])@{re.escape(name)}(?!\w)", text) is not None


def items_for(
    article: Article, name: str, subscription: str | None, since: datetime | None
) -> list[InboxItem]:
    """The inbox items one article holds for ``name`` (``subscription``: their mode, if any)."""
    authors = {c.id: c.author for c in article.comments}
    items = []
    for comment in article.comments:
        if not is_new(comment, name, since):
            continue
        if comment.parent is not None and authors.get(comment.parent) == name:
            why = WHY_REPLY
        elif mentions(comment.text, name):
            why = WHY_MENTION
        elif subscription == "all":
            why = WHY_FOLLOW_UP
        else:
            continue
        line = next((s.strip() for s in comment.text.splitlines() if s.strip()), "")
        items.append(
            InboxItem(article.id, article.title, comment.id, comment.author, comment.at, why, line)
        )
    return items


def _needle(name: str) -> bytes:
    """The longest part of the name that any TOML string holding it shows as it is."""
    return max(_NEVER_ESCAPED.findall(name), key=len, default="").encode("utf-8")


def inbox(
    store: Store, state_dir: Path, name: str, *, everything: bool = False, mark_read: bool = False
) -> Inbox:
    """``name``'s inbox: what arrived since they last read it (``everything``: all of it).

    With ``mark_read``, it is marked read as of the moment the search began, so nothing
    arriving meanwhile is missed. Raises BrokenState when their state file is broken.
    """
    began = now()
    state = load_state(state_dir, name)
    since = None if everything else state.inbox_read
    items, problems = [], []
    for article_id, data in _candidates(store, state, since):
        try:
            article = parse(f"articles/{article_id}.toml", data)
        except CorruptArticle as exc:
            problems.append(exc)
            continue
        items += items_for(article, name, state.subscriptions.get(article_id), since)
    if mark_read:
        mark_inbox_read(state_dir, name, began)
    items.sort(key=lambda i: (i.at, i.article_id, i.comment_id), reverse=True)
    return Inbox(items, since, problems)


def _candidates(
    store: Store, state: PersonState, since: datetime | None
) -> list[tuple[str, bytes]]:
    """The ids and bytes of the files that may hold an item (see the module's docstring)."""
    needle = _needle(state.name)
    floor_ns = None if since is None else int(since.timestamp()) * 1_000_000_000
    found = []
    try:
        entries = list(os.scandir(store.data.folder(store.data.articles)))
    except FileNotFoundError:
        return []
    for entry in entries:
        match = ARTICLE_FILE_RE.fullmatch(entry.name)
        if match is None:
            continue
        try:
            if floor_ns is not None and entry.stat().st_mtime_ns < floor_ns:
                continue
            data = read_bytes(Path(entry.path), f"articles/{entry.name}")
        except (OSError, CorruptArticle):
            continue  # gone meanwhile, or a directory: not an article file to read
        if match[1] in state.subscriptions or needle in data:  # an empty needle is in all
            found.append((match[1], data))
    return found


@dataclass(frozen=True)
class ReadStatus:
    """Whether a person ever opened an article, and how many of its comments are new to them."""

    read: bool
    new_comments: int


def new_comments(article: Article, name: str, opened: datetime | None) -> list[Comment]:
    """The comments of ``article`` that are new to ``name``, who opened it at ``opened``."""
    return [c for c in article.comments if is_new(c, name, opened)]


def read_statuses(
    store: Store, state: PersonState, counts: dict[str, int]
) -> dict[str, ReadStatus]:
    """The read status of each article in ``counts`` (article id to its number of comments,
    as list rows have it), for ``list --unread`` and its JSON rows.

    Cheap for many rows: an article never opened has all its comments new (no file is
    read); one opened since its file last changed has none; only the rest are parsed.
    """
    result = {}
    for article_id, count in counts.items():
        opened = state.opened.get(article_id)
        if opened is None or count == 0:
            result[article_id] = ReadStatus(opened is not None, count)
            continue
        path = store.path_for(article_id)
        try:
            if path.stat().st_mtime_ns < int(opened.timestamp()) * 1_000_000_000:
                result[article_id] = ReadStatus(True, 0)
                continue
            article = store.load(article_id)
        except (OSError, CorruptArticle, NotFound):
            result[article_id] = ReadStatus(True, 0)  # gone or broken: listing says so elsewhere
            continue
        result[article_id] = ReadStatus(True, len(new_comments(article, state.name, opened)))
    return result


def marked_rows(
    store: Store,
    state_dir: Path,
    name: str,
    rows: Iterable[Row],
    unread_only: bool = False,
    limit: int | None = None,
) -> Iterator[Row]:
    """The rows with ``read`` and ``new_comments`` set for ``name`` (see ``read_statuses``);
    ``unread_only``: only articles they never opened or with comments new to them, at most
    ``limit``. A broken state file raises here, at once."""
    state = load_state(state_dir, name)

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
