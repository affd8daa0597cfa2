"""What ``list`` and ``search`` return: one light row per article, read from the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from newscli.errors import CorruptArticle
from newscli.model.article import Article, Rating, summary

Progress = Callable[[int, int], None]
"""Told how far a long read has got: ``progress(done, total)``."""

# Around each match in a search snippet; removed from every output but the table's highlight.
MARK_START, MARK_END = "\ue000", "\ue001"

# The columns ``--fields`` may name, in the order of the full CSV row.
FIELDS = (
    "id",
    "title",
    "dateline",
    "published",
    "added",
    "updated",
    "url",
    "source",
    "author",
    "image",
    "tags",
    "rating",
    "votes",
    "comments",
)
SEARCH_FIELDS = (*FIELDS, "snippet")


@dataclass(slots=True)  # not frozen: that makes building 100k rows slower by half
class Row:
    """An article as ``list`` shows it; dates are ISO-8601 UTC text ending in ``Z``.

    ``snippet`` is set on search hits: the matching passage, each match between
    ``MARK_START`` and ``MARK_END``. ``read`` and ``new_comments`` are set for a person
    (``api.with_read_status``): whether they opened the article, and how many of its
    comments are new to them. ``removed`` is set on the trash's rows: when the article
    was removed.
    """

    id: str
    title: str
    dateline: str | None
    published: str | None
    added: str
    updated: str
    url: str | None
    source: str | None
    author: str | None
    image: str | None
    tags: tuple[str, ...]
    rating: Rating
    comments: int
    snippet: str | None = None
    read: bool | None = None
    new_comments: int | None = None
    removed: str | None = None

    @classmethod
    def of(cls, article: Article) -> Row:
        """The row of a loaded article."""
        from newscli.model.threads import shown_comments  # not at every start-up

        data = summary(article)
        rating = article.rating
        return cls(
            **{k: data[k] for k in FIELDS[:10]},
            tags=tuple(article.tags),
            rating=rating,
            comments=len(shown_comments(article.comments)),
        )

    @property
    def date(self) -> str:
        """The date the row is sorted by: published, else added."""
        return self.published or self.added

    @property
    def plain_snippet(self) -> str | None:
        """The snippet without its match markers."""
        if self.snippet is None:
            return None
        return self.snippet.replace(MARK_START, "").replace(MARK_END, "")

    def value(self, field: str) -> Any:
        """One field as it appears in a JSON row (``votes`` is the vote count)."""
        if field == "tags":
            return list(self.tags)
        if field == "rating":
            return {"average": self.rating.average, "votes": self.rating.votes}
        if field == "votes":
            return self.rating.votes
        if field == "snippet":
            return self.plain_snippet
        return getattr(self, field)

    def as_json(self) -> dict[str, Any]:
        """The stable JSON row (as ``models.summary``), plus ``snippet`` on a search hit,
        ``new_comments`` and ``read`` when they are known, ``removed`` in the trash."""
        names = [f for f in FIELDS if f != "votes"]
        if self.snippet is not None:
            names.append("snippet")
        if self.read is not None:
            names += ["new_comments", "read"]
        if self.removed is not None:
            names.append("removed")
        return {name: self.value(name) for name in names}


@dataclass(frozen=True)
class Listing:
    """The rows that matched, and the article files that could not be read."""

    rows: list[Row]
    problems: list[CorruptArticle]
