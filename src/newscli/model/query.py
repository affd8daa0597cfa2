"""What ``list`` and ``search`` select and in what order (the index carries it out)."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from newscli.choices import Sort


class ListQuery(NamedTuple):
    """Which articles to list and in what order (a NamedTuple: importing dataclasses would
    cost every command start-up a hundredth of a second).

    ``tags``: every one must be on the article (case-insensitive).
    ``search``: a full-text query (words, "phrases", AND/OR/NOT, prefix*).
    ``since``/``until``: bounds (inclusive) on the article's date: published, else added.
    ``min_rating``: the least average rating; articles nobody rated are left out.
    """

    tags: tuple[str, ...] = ()
    search: str | None = None
    sort: Sort = Sort.NEWEST
    limit: int | None = None
    since: datetime | None = None
    until: datetime | None = None
    min_rating: float | None = None
