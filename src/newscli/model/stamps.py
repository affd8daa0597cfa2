"""Stamps in an article: when (and by whom) each field was last changed (``Article.changed``,
``changed_by``), and the newest stamp an article holds.

Every dated record newscli writes (a vote, a retraction, a comment, an edit, a deletion,
a field's change) carries a stamp of the writing copy's hybrid logical clock
(``store.clock``): a UTC date-time whose seconds are the wall time and whose microseconds
count what was stamped within it. A new stamp is always past the newest one in the
article it goes into, so that whatever was written after reading an article sorts after
everything it read there, whatever the writer's clock says.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from newscli.model.article import FIELDS, Article, canon


def field_values(article: Article) -> dict[str, Any]:
    """The article's fields and ``extra.KEY`` values, as ``changed_fields`` compares them."""
    values: dict[str, Any] = {name: getattr(article, name) for name in FIELDS}
    values.update({f"extra.{key}": canon(value) for key, value in article.extra.items()})
    return values


def changed_fields(article: Article, before: dict[str, Any]) -> list[str]:
    """The fields of ``article`` (and ``extra.KEY``s, one taken away too) whose value is not
    the one in ``before`` (``field_values`` of it before the change), in order."""
    after = field_values(article)
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))


def mark_changed(article: Article, keys: list[str], at: datetime, by: str | None) -> None:
    """Note that ``by`` (None: someone not known) changed ``keys`` at the stamp ``at``."""
    for key in keys:
        article.changed[key] = at
        if by:
            article.changed_by[key] = by
        else:
            article.changed_by.pop(key, None)


def _stamps(article: Article) -> Iterator[datetime]:
    yield from article.changed.values()
    yield from (vote.at for vote in article.votes)
    yield from (taken.at for taken in article.retracted)
    for comment in article.comments:
        yield comment.at
        if comment.edited is not None:
            yield comment.edited
        if comment.deleted is not None:
            yield comment.deleted
        yield from (vote.at for vote in comment.votes)
        yield from (taken.at for taken in comment.retracted)
    for conflict in article.conflicts:
        yield from (t for t in (conflict.at, conflict.kept_at) if t is not None)


def newest_stamp(article: Article) -> datetime | None:
    """The newest date of a record in ``article`` (None: it has none)."""
    return max(_stamps(article), default=None)
