"""What changed between two versions of an article, in the words of a commit message:
``rate 3x9k, comment k3x9/4m1x, add 2 articles``."""

from __future__ import annotations

from collections.abc import Iterable

from newscli.model.article import Article, Comment

SHORT = 4  # characters of an id in a message
MAX_ITEMS = 8


def _short(article_id: str, comment_id: str | None = None) -> str:
    return article_id[:SHORT] + (f"/{comment_id[:SHORT]}" if comment_id else "")


def describe(before: Article | None, after: Article | None) -> list[str]:
    """The changes from ``before`` to ``after`` (None: no such article), one phrase each."""
    if before is None or after is None:
        return []  # additions and removals are counted by ``message``
    aid = after.id
    items = []
    if _fields(before) != _fields(after):
        items.append(f"edit {_short(aid)}")
    if [t.casefold() for t in before.tags] != [t.casefold() for t in after.tags]:
        items.append(f"tag {_short(aid)}")
    if before.votes != after.votes:
        items.append(f"rate {_short(aid)}")
    old = {c.id: c for c in before.comments}
    for comment in after.comments:
        items += _comment_changes(aid, old.pop(comment.id, None), comment)
    items += [f"delete comment {_short(aid, cid)}" for cid in old]
    if len(after.conflicts) < len(before.conflicts):
        items.append(f"resolve {_short(aid)}")
    return items


def _fields(article: Article) -> tuple[object, ...]:
    return (
        article.title,
        article.body,
        article.dateline,
        article.published,
        article.url,
        article.source,
        article.author,
        article.image,
        article.image_caption,
        article.format,
        article.extra,
    )


def _comment_changes(aid: str, before: Comment | None, after: Comment) -> list[str]:
    where = _short(aid, after.id)
    if before is None:
        return [f"comment {where}"]
    if after.deleted and not before.deleted:
        return [f"delete comment {where}"]
    items = []
    if before.text != after.text:
        items.append(f"edit comment {where}")
    if before.votes != after.votes:
        items.append(f"vote {where}")
    return items


def message(changed: Iterable[str], added: int, removed: Iterable[str], state: int) -> str | None:
    """A one-line commit message: the changes, then how many articles came and went
    (None when no article or state file changed)."""
    items = list(dict.fromkeys(changed))
    items += [f"remove {_short(aid)}" for aid in removed]
    if added:
        items.append(f"add {added} article" + ("s" if added != 1 else ""))
    if state:
        items.append("update subscriptions or keys")
    if len(items) > MAX_ITEMS:
        items = [*items[:MAX_ITEMS], f"and {len(items) - MAX_ITEMS} more"]
    return ", ".join(items) or None
