"""When each field of an article was last changed (``Article.changed``), noted by every
write that changes one: a merge keeps the later of two changes of a field, whatever else
either copy changed since."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from newscli.model.article import FIELDS, Article, canon


def field_values(article: Article) -> dict[str, Any]:
    """The article's fields and ``extra.KEY`` values, as ``stamp_changes`` compares them."""
    values: dict[str, Any] = {name: getattr(article, name) for name in FIELDS}
    values.update({f"extra.{key}": canon(value) for key, value in article.extra.items()})
    return values


def stamp_changes(article: Article, before: dict[str, Any], at: datetime) -> None:
    """Date ``at`` every field of ``article`` whose value is not the one in ``before``
    (``field_values`` of it before the change): a key of ``extra`` taken away too."""
    after = field_values(article)
    for key in before.keys() | after.keys():
        if before.get(key) != after.get(key):
            article.changed[key] = at
