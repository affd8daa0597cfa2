"""Filtering and ordering articles for ``list``."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from newscli.models import Article, tag_key


class Sort(StrEnum):
    """The orders ``list`` offers."""

    NEWEST = "newest"
    OLDEST = "oldest"
    RATING = "rating"
    COMMENTS = "comments"
    TITLE = "title"


@dataclass(frozen=True)
class ListQuery:
    """Which articles to list and in what order.

    ``tags``: every one must be on the article (case-insensitive).
    ``search``: case-insensitive text that must occur in the title or body.
    """

    tags: tuple[str, ...] = ()
    search: str | None = None
    sort: Sort = Sort.NEWEST
    limit: int | None = None


def _matches(article: Article, tags: list[str], needle: str | None) -> bool:
    have = {tag_key(t) for t in article.tags}
    if any(t not in have for t in tags):
        return False
    return needle is None or needle in article.title.casefold() or needle in article.body.casefold()


def _rating_key(article: Article) -> tuple[float, int]:
    rating = article.rating
    return (rating.average or 0.0, rating.votes)


# Each order, with the id as a final tie-breaker so output is stable.
_ORDERS: dict[Sort, tuple[Callable[[Article], Any], bool]] = {
    Sort.NEWEST: (lambda a: (a.date, a.added, a.id), True),
    Sort.OLDEST: (lambda a: (a.date, a.added, a.id), False),
    Sort.RATING: (lambda a: (*_rating_key(a), a.date, a.id), True),
    Sort.COMMENTS: (lambda a: (len(a.comments), a.date, a.id), True),
    Sort.TITLE: (lambda a: (a.title.casefold(), a.id), False),
}


def select(articles: Iterable[Article], spec: ListQuery) -> list[Article]:
    """The articles matching ``spec``, ordered and limited as it says."""
    tags = [tag_key(t) for t in spec.tags]
    needle = spec.search.casefold() if spec.search else None
    chosen = [a for a in articles if _matches(a, tags, needle)]
    key, reverse = _ORDERS[spec.sort]
    chosen.sort(key=key, reverse=reverse)
    return chosen if spec.limit is None else chosen[: spec.limit]
