"""Atom feeds (RFC 4287) of comments: a person's inbox, and each article's discussion on the
exported site, so that any feed reader can follow a discussion.

A comment has the same entry id wherever it appears (``comment_urn``: a name-based UUID of
its article and comment ids), so a reader that follows both feeds sees one entry. Every
text is escaped, and made inert (``neutralise``) so that no character XML forbids, nor
an escape sequence, reaches the feed. Nothing here imports Rich.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from xml.sax.saxutils import escape, quoteattr

from newscli.dates import iso
from newscli.model.article import ANONYMOUS, Article
from newscli.text.safe import neutralise, one_line

EMPTY_FEED_TIME = datetime(2000, 1, 1, tzinfo=UTC)
"""A feed with no entry says it was last updated then: any fixed time will do."""
_NAMESPACE = uuid.UUID("8f7f4a52-3b0c-5e7a-9d61-2c1a9e3b6f10")


def comment_urn(article_id: str, comment_id: str) -> str:
    """A comment's entry id, the same in every feed and on every machine."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'comment/{article_id}/{comment_id}')}"


def feed_urn(kind: str, key: str) -> str:
    """A feed's id: ``kind`` (``inbox``, ``article``) and what it is of."""
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, f'{kind}/{key}')}"


@dataclass(frozen=True)
class FeedEntry:
    """One comment as a feed entry: its id, title, author (None: anonymous), when it was
    written and when it last changed (for an inbox: when it arrived), and its text."""

    id: str
    title: str
    author: str | None
    published: datetime
    updated: datetime
    text: str


def _text(value: str) -> str:
    return escape(neutralise(value))


def _line(value: str) -> str:
    return escape(one_line(value))


def _entry(entry: FeedEntry) -> str:
    return (
        "<entry>\n"
        f"<id>{entry.id}</id>\n"
        f"<title>{_line(entry.title)}</title>\n"
        f"<author><name>{_line(entry.author or ANONYMOUS)}</name></author>\n"
        f"<published>{iso(entry.published)}</published>\n"
        f"<updated>{iso(entry.updated)}</updated>\n"
        f'<content type="text">{_text(entry.text)}</content>\n'
        "</entry>\n"
    )


def feed(feed_id: str, title: str, entries: Sequence[FeedEntry], link: str | None = None) -> str:
    """An Atom document of ``entries`` (in the order given); ``link``: the page it is the
    feed of, relative or absolute."""
    updated = max((e.updated for e in entries), default=EMPTY_FEED_TIME)
    alternate = f'<link rel="alternate" href={quoteattr(link)}/>\n' if link else ""
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<id>{feed_id}</id>\n"
        f"<title>{_line(title)}</title>\n"
        f"<updated>{iso(updated)}</updated>\n"
        f"{alternate}"
        "<generator>newscli</generator>\n" + "".join(_entry(e) for e in entries) + "</feed>\n"
    )


def article_feed(article: Article, link: str | None = None) -> str:
    """The comments of an article as a feed, oldest first (deleted ones left out)."""
    entries = [
        FeedEntry(
            id=comment_urn(article.id, c.id),
            title=f"{c.display_author} on “{article.title}”",
            author=c.author,
            published=c.at,
            updated=c.edited or c.at,
            text=c.text,
        )
        for c in article.comments
        if not c.deleted
    ]
    return feed(feed_urn("article", article.id), f"Comments on “{article.title}”", entries, link)
