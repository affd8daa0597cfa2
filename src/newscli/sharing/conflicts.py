"""The conflicts a merge noted in an article, in words, and settling them (``newscli resolve``).

A conflict is a field two people changed differently: the file holds the later change
("ours", as the article stands) and the conflict the other side's value ("theirs").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newscli.errors import InvalidInput
from newscli.model.article import (
    DELETED,
    FIELDS,
    UNREADABLE,
    Article,
    Conflict,
    from_record,
    to_record,
)
from newscli.store.store import Store

KEEP = ("ours", "theirs")


@dataclass(frozen=True)
class Resolved:
    """What ``resolve`` did: how many conflicts it settled, and whether the article went
    to the trash (the other side had deleted it, and ``theirs`` was kept)."""

    article_id: str
    settled: int
    removed: bool


def resolve(store: Store, ref: str, keep: str = "ours") -> Resolved:
    """Settle every conflict of the article ``ref`` names: ``ours`` keeps it as it stands,
    ``theirs`` puts the other side's values in (and moves the article to the trash if they
    deleted it)."""
    if keep not in KEEP:
        raise InvalidInput(f"--keep is ours or theirs, not {keep!r}")
    article_id = store.resolve(ref)
    deleted = False

    def settle(article: Article) -> int:
        nonlocal deleted
        if not article.conflicts:
            raise InvalidInput(f"article {article.id} has no conflicts to resolve")
        settled = len(article.conflicts)
        if keep == "theirs":
            for conflict in article.conflicts:
                deleted = deleted or conflict.field == DELETED
                _apply(article, conflict)
        article.conflicts = []
        from_record(to_record(article))  # the values put in must make a valid article
        return settled

    settled = store.update(article_id, settle)
    if deleted:
        from newscli.store import trash

        trash.remove(store, [article_id])
    return Resolved(article_id, settled, deleted)


def _apply(article: Article, conflict: Conflict) -> None:
    if conflict.field == UNREADABLE:
        raise InvalidInput("the other side's copy could not be read: keep ours")
    if conflict.field in FIELDS:
        if conflict.value is None and conflict.field in ("title", "body", "format"):
            raise InvalidInput(f"the other side's {conflict.field} is missing: keep ours")
        kind = datetime if conflict.field == "published" else str
        if conflict.value is not None and not isinstance(conflict.value, kind):
            raise InvalidInput(f"the other side's {conflict.field} is not a {kind.__name__}")
        setattr(article, conflict.field, conflict.value)
    elif conflict.field.startswith("extra."):
        key = conflict.field.removeprefix("extra.")
        if conflict.value is None:
            article.extra.pop(key, None)
        else:
            article.extra[key] = conflict.value
