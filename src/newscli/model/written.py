"""An article as the mapping its TOML file holds (no None values): what newscli writes.
``model.record`` reads such a mapping back, checking every key."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newscli.dates import to_utc
from newscli.model.article import (
    DELETED,
    OPTIONAL_TEXT,
    QUOTE_KEYS,
    SCHEMA,
    UNREADABLE,
    Article,
    Comment,
    CommentVote,
    Conflict,
    Retraction,
    Vote,
)


def to_record(article: Article) -> dict[str, Any]:
    """The article as the mapping written to its TOML file (no None values)."""
    record: dict[str, Any] = {"schema": SCHEMA, "id": article.id, "title": article.title}
    if article.dateline:
        record["dateline"] = article.dateline
    if article.published:
        record["published"] = to_utc(article.published)
    record["added"] = to_utc(article.added)
    record["updated"] = to_utc(article.updated)
    for key in OPTIONAL_TEXT:
        value = getattr(article, key)
        if value and key != "dateline":
            record[key] = value
    if article.format != "text":
        record["format"] = article.format
    record["tags"] = list(article.tags)
    record["body"] = article.body
    if article.extra:
        record["extra"] = dict(article.extra)
    if article.changed:
        record["changed"] = dict(sorted(article.changed.items()))
    if article.changed_by:
        record["changed_by"] = dict(sorted(article.changed_by.items()))
    if article.votes:
        record["votes"] = [_vote_record(v, "stars", v.stars) for v in article.votes]
    if article.retracted:
        record["retracted"] = [_retraction_record(r) for r in article.retracted]
    if article.imported_rating:
        record["imported_rating"] = article.imported_rating.record()
    if article.comments:
        record["comments"] = [_comment_record(c) for c in article.comments]
    if article.conflicts:
        record["conflicts"] = [_conflict_record(c, article) for c in article.conflicts]
    return record


def _vote_record(vote: Vote | CommentVote, key: str, value: int) -> dict[str, Any]:
    """A vote (``key``: ``stars`` on the article, ``value`` on a comment) as its table."""
    return {"voter": vote.voter, key: value, "at": vote.at, **_signed(vote.signature), **vote.extra}


def _retraction_record(retraction: Retraction) -> dict[str, Any]:
    signed = _signed(retraction.signature)
    return {"voter": retraction.voter, "at": retraction.at, **signed, **retraction.extra}


def _conflict_record(conflict: Conflict, article: Article) -> dict[str, Any]:
    """A conflict note; its ``kept_by`` and ``kept_at`` only where they are not what the
    article's ``changed_by`` and ``changed`` say of the field (``kept_side``)."""
    record: dict[str, Any] = {"field": conflict.field}
    if conflict.value is not None:
        record["value"] = conflict.value
    for key in ("at", "by"):
        if getattr(conflict, key) is not None:
            record[key] = getattr(conflict, key)
    derived = kept_side(article, Conflict(conflict.field))
    if conflict.kept_by is not None and conflict.kept_by != derived.kept_by:
        record["kept_by"] = conflict.kept_by
    if conflict.kept_at is not None and conflict.kept_at != derived.kept_at:
        record["kept_at"] = conflict.kept_at
    return record


def kept_side(article: Article, conflict: Conflict) -> Conflict:
    """``conflict`` with who wrote the value the file holds, and when, where the note does
    not say: the field's writer and stamp in ``changed_by`` and ``changed``."""
    if conflict.field in (DELETED, UNREADABLE):
        return conflict
    return replace(
        conflict,
        kept_by=conflict.kept_by or article.changed_by.get(conflict.field),
        kept_at=conflict.kept_at or article.changed.get(conflict.field),
    )


def _signed(signature: str | None) -> dict[str, str]:
    return {"signature": signature} if signature else {}


def _comment_record(comment: Comment) -> dict[str, Any]:
    record: dict[str, Any] = {"id": comment.id}
    if comment.author:
        record["author"] = comment.author
    if comment.email:
        record["email"] = comment.email
    record["at"] = comment.at
    for key in ("edited", "deleted", "deleted_by", "parent", *QUOTE_KEYS):
        value = getattr(comment, key)
        if value:
            record[key] = value
    if comment.text or not comment.deleted:
        record["text"] = comment.text
    record |= _signed(comment.signature)
    if comment.votes:
        record["votes"] = [_vote_record(v, "value", v.value) for v in comment.votes]
    if comment.retracted:
        record["retracted"] = [_retraction_record(r) for r in comment.retracted]
    if comment.history:
        record["history"] = [{"text": h.text, "at": h.at} for h in comment.history]
    if comment.imported_votes:
        record |= comment.imported_votes.record()
    return record | comment.extra
